#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The fuzzers, short (Documentation/fuzzing.rst; `make fuzz` runs them
# long on the debug kernel):
#
#   br0 ---+---------------+---------------+---------------+
#          |               |               |               |
#          X               T               Q               P
#   stranger, plain  ffff:0:0:b on   ffff:0:0:e on   ffff:0:0:1c on c
#   UDP: pktfuzz.py  c, a, b; STP    a: STP traffic  (never fuzzed):
#   to groups a, b   responder on    to T all along  checks T after
#                    7000 and 7001   (real ILCC)
#
# The fuzzer forges NIDs ffff:0:0:0 to ffff:0:0:f among others (Q's,
# T's); P's is outside them: a forged datagram claiming a NID may
# redirect T's traffic for it (issue 13's first defects), and P is
# there to judge T alone.
#
#  (1) packets: X sends FUZZ_PACKETS mutated overlay datagrams of every
#      kind (tests/fuzz/pktfuzz.py, seeded) to T's groups a and b while Q
#      talks to T.  Then T's tables are within their caps, P resolves T
#      by name (discovery) and pings it, T pings P, and T moves locator b
#      to d: P gets exactly one locator update;
#      The same part, a third of the packets and of the time: X sends
#      mutated packets of the 2021 prototype's wire (pktfuzz.py --profile
#      prototype) to W (ffff:0:0:d, a prototype-profile device in group
#      7 on a and b, a responder on 7000), so that its translation
#      (net/ilnp/proto.c) parses them.  Then W's tables are within their
#      caps, it counted malformed packets (the fuzz reached the
#      parsers), it resolves a prototype peer PP (tests/lib/protopeer.py,
#      ffff:0:0:2c on a) by discovery and echoes PP's datagrams;
#  (2) netlink: FUZZ_NL_CALLS random ilnp-family requests from 4 worker
#      processes at a time, as root, root without CAP_NET_ADMIN and
#      nobody, in a netns of their own, while devices come and go and the
#      netns is deleted under them (tests/fuzz/nlfuzz.py);
#  (3) syscalls: FUZZ_SYSCALLS random AF_ILNP calls, half as root and
#      half as nobody, 4 threads each, while the device goes down and up
#      and a locator moves, then the netns deleted under a third run
#      (tests/fuzz/sysfuzz.c);
#  (4) trinity, restricted to AF_ILNP sockets: the long run only
#      (FUZZ_TRINITY calls).
# No kernel report at all (the runner checks dmesg), on the debug kernel
# no leak from ilnp (kmemleak), and the module unloads.
# FUZZ_ONLY=packet,netlink,syscall,trinity picks parts; FUZZ_SEED replays.
. tests/lib/common.sh
. tests/lib/topo.sh
. tests/fuzz/fuzzlib.sh

FUZZ_PACKETS=${FUZZ_PACKETS:-$(scaled 3000)}
FUZZ_NL_CALLS=${FUZZ_NL_CALLS:-$(scaled 400)}
FUZZ_SYSCALLS=${FUZZ_SYSCALLS:-$(scaled 40000)}
# Time caps of the short run (0: none), whatever the machine's load.
FUZZ_PACKET_SECONDS=${FUZZ_PACKET_SECONDS:-6}
export SYSFUZZ_SECONDS=${SYSFUZZ_SECONDS:-4}
FUZZ_ONLY=${FUZZ_ONLY:-packet netlink syscall}
SEED=$(fuzz_seed)
echo "fuzz: seed $SEED (FUZZ_SEED=$SEED replays)"
SOCK=tests/sockets
T=0:0:0:c:ffff:0:0:b
P=0:0:0:c:ffff:0:0:1c

kmemleak_begin
ilnp_load

packet_fuzz() {
	bridge_up
	# T's first locator, c, is the one it advertises first: P's way in.
	node t ffff:0:0:b 0:0:0:c 0:0:0:a 0:0:0:b
	node q ffff:0:0:e 0:0:0:a
	node p ffff:0:0:1c 0:0:0:c
	node x 99
	proto_node w ffff:0:0:d 7 0:0:0:a 0:0:0:b
	node pp 2c
	n t $SOCK/responder 7000 >/dev/null 2>&1 &
	n w $SOCK/responder 7000 >/dev/null 2>&1 &
	wait_port t 7000
	wait_port w 7000
	# Q's flow: a real ILCC entry with real nonces on both sides, that
	# the fuzzer's updates and datagrams claiming Q's NID aim at.
	n q ilnp-send -r 50 -d 600 -s 64 0:0:0:a:ffff:0:0:b 7000 >/dev/null &
	n x python3 tests/fuzz/pktfuzz.py eth0 --locs 0:0:0:a,0:0:0:b \
		--nid ffff:0:0:b --peer 0:0:0:a:ffff:0:0:e --ports 7000,7001 \
		--seed "$SEED" --count "$((FUZZ_PACKETS - FUZZ_PACKETS / 3))" \
		--seconds "$((FUZZ_PACKET_SECONDS - FUZZ_PACKET_SECONDS / 3))" \
		--progress "${FUZZ_PROGRESS:-0}" | tee /tmp/pktfuzz.out
	[ "${PIPESTATUS[0]}" = 0 ] || fail "pktfuzz.py failed"
	# The prototype's wire to W, on its group 7.  Its peer, NID 7, is
	# no one: the fuzzer's STP to W's responder makes it a session.
	n x python3 tests/fuzz/pktfuzz.py eth0 --profile prototype --group 7 \
		--locs 0:0:0:a,0:0:0:b --nid ffff:0:0:d \
		--peer 0:0:0:a:ffff:0:0:7 --ports 7000,7001 \
		--seed "$SEED" --count "$((FUZZ_PACKETS / 3))" \
		--seconds "$((FUZZ_PACKET_SECONDS / 3))" \
		--progress "${FUZZ_PROGRESS:-0}" | tee /tmp/pktfuzz-proto.out
	[ "${PIPESTATUS[0]}" = 0 ] || fail "pktfuzz.py --profile prototype failed"
	kill_all q
	grep -q "^pktfuzz: sent [1-9]" /tmp/pktfuzz.out || fail "nothing sent"
	grep -q "^pktfuzz: sent [1-9]" /tmp/pktfuzz-proto.out ||
		fail "nothing sent to W"
	[ "$(stat t ilnp0 rx_packets)" -gt 0 ] || fail "T heard nothing"
	tables_within_caps t
	proto_check

	# T still works: P resolves it by name (discovery) and pings it...
	n p ilnp-ip neigh solicit
	n p ilnp-ping -c 2 -i 0.2 -W 2 t | tee /tmp/ping.out
	grep -q ', 2 received' /tmp/ping.out || fail "T does not answer by name"
	# ...T pings P...
	n t ilnp-ping -c 2 -i 0.2 -W 2 $P | grep -q ', 2 received' ||
		fail "T cannot ping P"
	# ...and a move of T's reaches P (a session of P's with T first).
	n p $SOCK/stp_tool send 7100 7000 hello $T
	before=$(stat p ilnp0 lu_received)
	n t ilnp-ip locator move 0:0:0:b 0:0:0:d dev ilnp0
	for _ in $(seq 50); do
		[ "$(stat p ilnp0 lu_received)" -gt "$before" ] && break
		sleep 0.1
	done
	expect_eq "updates P took from T's move" \
		"$(stat p ilnp0 lu_received)" $((before + 1))
	n t ilnp-ip locator show | grep -q '0:0:0:d' || fail "move not done"
	kill_all t p
	topo_cleanup
}

# w_resolves NAME: W's I-LV for NAME, empty if it has none.
w_resolves() {
	n w ilnp-ip resolve "$1" 2>/dev/null || true
}

# proto_check: after the fuzz, W within its caps, its drops counted by
# kind (the translation's parsers were reached: drop_malformed at
# least), then it still works with a prototype peer PP (ffff:0:0:2c,
# hostname pp, on a): W resolves PP by a solicitation PP answers, and
# echoes PP's 3 datagrams to port 7000.
proto_check() {
	local ready=/tmp/pp-fuzz.ready log=/tmp/pp-fuzz.log pid
	tables_within_caps w
	n w ilnp-ip stats dev ilnp0 | awk '$1 ~ /^(rx_packets|drop_)/ && $2 != 0'
	[ "$(stat w ilnp0 drop_malformed)" -gt 0 ] ||
		fail "W counted no malformed prototype packet"
	rm -f $ready $log
	# Not through n: $! must be the peer itself, for the wait.
	ip netns exec pp python3 tests/lib/protopeer.py run --dev eth0 \
		--group 7 --nid ffff:0:0:2c --hostname pp --loc 0:0:0:a \
		--log $log --ready $ready --send-to 0:0:0:a:ffff:0:0:d \
		--send-at 1 --sport 9001 --dport 7000 --rate 10 --count 3 \
		--size 64 --duration 4 &
	pid=$!
	wait_file $ready
	n w ilnp-ip neigh solicit
	expect_soon "W resolves PP" 0:0:0:a:ffff:0:0:2c w_resolves pp
	wait $pid
	awk '$2 == "stp" || $2 == "sent" || $2 == "error:"' $log
	expect_eq "PP's datagrams W echoed" "$(awk '$2 == "stp" &&
		$3 == "src=0:0:0:a:ffff:0:0:d" && $5 == "sport=7000" &&
		$6 == "dport=9001"' $log | wc -l)" 3
	kill_all w
}

netlink_fuzz() {
	local batch=$((FUZZ_NL_CALLS / 4 > 500 ? 500 : FUZZ_NL_CALLS / 4))
	python3 tests/fuzz/nlfuzz.py --seed "$SEED" --calls "$FUZZ_NL_CALLS" \
		--threads "$((FUZZ_DEBUG ? 2 : 4))" --batch "$batch" --churn |
		tee /tmp/nlfuzz.out
	[ "${PIPESTATUS[0]}" = 0 ] || fail "nlfuzz.py failed"
	grep -q '^nlfuzz: .* calls' /tmp/nlfuzz.out || fail "netlink fuzz"
	expect_eq "namespaces left" "$(ip netns list | wc -l)" 0
}

# churn NODE: the device down and up, a locator moved there and back,
# until killed.
churn() {
	while :; do
		ip -n "$1" link set ilnp0 down || true
		ip -n "$1" link set ilnp0 up || true
		ilnp-ip -n "$1" locator move 0:0:0:b 0:0:0:c dev ilnp0 || true
		ilnp-ip -n "$1" locator move 0:0:0:c 0:0:0:b dev ilnp0 || true
		sleep 0.2
	done
}

syscall_fuzz() {
	local ids="0:0:0:a 0:0:0:b 0:0:0:c ffff:0:0:5 ffff:0:0:6" fz1 fz2 ch pids
	bridge_up
	node s ffff:0:0:5 0:0:0:a 0:0:0:b
	node r ffff:0:0:6 0:0:0:a 0:0:0:c
	n r $SOCK/responder 7000 >/dev/null 2>&1 &
	wait_port r 7000
	churn s >/dev/null 2>&1 &
	ch=$!
	# As root and as nobody at once, each with 4 threads.
	n s tests/fuzz/sysfuzz "$SEED" $((FUZZ_SYSCALLS / 2)) 4 $ids &
	fz1=$!
	n s setpriv --reuid=65534 --regid=65534 --clear-groups \
		tests/fuzz/sysfuzz $((SEED + 1)) $((FUZZ_SYSCALLS / 2)) 4 $ids
	wait $fz1
	# Last, the netns goes with the fuzzer's sockets open and its
	# device up: the fuzzer is killed once its netns name is gone.
	n s tests/fuzz/sysfuzz $((SEED + 2)) 100000000 4 $ids >/dev/null &
	fz2=$!
	sleep 1
	kill $ch || true
	wait $ch || true
	pids=$(ip netns pids s)
	ip netns del s
	kill -9 $pids || true
	wait $fz2 || true
	kill_all r
	topo_cleanup
}

# trinity (Debian's package), the socket calls only, as nobody, under the
# same churn: the long run only (FUZZ_TRINITY calls; it counts down 10 s
# to start).  trinity cannot make family 18 itself (it knows it as ASH,
# without a generator): it runs as a PACKET fuzzer under an LD_PRELOAD
# shim that makes each of its sockets AF_ILNP (tests/fuzz/trinity-ilnp.c)
# and counts them: no AF_ILNP socket, no pass.  PACKET because trinity
# 2023.01 itself segfaults building its INET, INET6 and UNIX socket pools
# (in do_setsockopt, shim or not).
trinity_fuzz() {
	local ch made count=/tmp/trinity-ilnp.count
	local shim=$PWD/tests/fuzz/trinity-ilnp.so
	[ "${FUZZ_TRINITY:-0}" -gt 0 ] || return 0
	command -v trinity || fail "no trinity: apt-get install trinity"
	[ -f "$shim" ] || fail "no tests/fuzz/trinity-ilnp.so: make -C tests/fuzz"
	bridge_up
	node s ffff:0:0:5 0:0:0:a 0:0:0:b
	node r ffff:0:0:6 0:0:0:a 0:0:0:c
	n r $SOCK/responder 7000 >/dev/null 2>&1 &
	churn s >/dev/null 2>&1 &
	ch=$!
	rm -f /tmp/trinity.socketcache
	: >$count
	chmod 666 $count
	(cd /tmp && n s env LD_PRELOAD="$shim" \
		TRINITY_ILNP_COUNT=$count \
		trinity -P PACKET -N "$FUZZ_TRINITY" -C 4 -q -l off \
		--dropprivs -s "$SEED" \
		--disable-fds=pipes,perf,epoll,eventfd,pseudo,timerfd,testfile,memfd,drm \
		-c socket -c bind -c connect -c sendto -c recvfrom -c sendmsg \
		-c recvmsg -c sendmmsg -c recvmmsg -c setsockopt -c getsockopt \
		-c shutdown -c getsockname -c getpeername -c ioctl -c poll \
		-c listen -c accept -c close) 2>&1 | tail -20
	kill $ch || true
	wait $ch || true
	made=$(wc -l <$count)
	echo "trinity: $made AF_ILNP sockets made"
	[ "$made" -gt 0 ] || fail "trinity made no AF_ILNP socket"
	kill_all s r
	topo_cleanup
}

for part in ${FUZZ_ONLY//,/ }; do
	"${part}_fuzz"
done

kmemleak_check
unload_clean
