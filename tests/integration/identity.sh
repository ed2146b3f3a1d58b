#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# ilnp-timeout: 600
# Unmodified programs over the overlay (issue 14): every node has an
# identity address (prefix | NID) on its overlay device, with the
# prefix's route; ordinary IPv6 sockets reach other nodes by it, and
# their flows follow the node when it moves.
#  (a) the address, its route and `ilnp-ip node show`; a new prefix
#      replaces it; a prefix that is a locator is refused;
#  (b) ping -6 and a UDP socket reach CN through the router; an AF_ILNP
#      socket and a UDP socket on one port number each get their own;
#  (c) a TCP stream MN -> CN of a known pattern while MN moves a -> b ->
#      c -> a with soft handoffs: every byte arrives (SHA-256), the
#      connection never resets, and never stalls for more than a second;
#      ping -6 and socat's UDP datagrams across the same moves: none lost,
#      none out of order;
#      then a hard move: the connection survives, its stall is reported;
#  (d) from a raw socket on network b (tests/lib/ilnppkt.py, written from
#      the wire description, not from the module): an identity UDP
#      datagram reaches a UDP socket of CN's; with a spoilt checksum the
#      stack drops it (Udp6InCsumErrors); a cut identity header is
#      drop_malformed, one whose UDP claims more than it carries
#      Udp6InErrors, one for another NID on CN's network drop_not_for_us,
#      one for all nodes drop_not_identity; one claiming
#      MN's NID from another locator with a wrong nonce is delivered but
#      moves nothing in CN's ILCC.  The stack's packet for an address
#      outside the prefix routed to the device: refused, counted;
#  (e) segmentation offload: the overlay devices offer TSO; 4 MiB by
#      TCP (socat) MN -> CN (through R) reach CN as a few large packets, the
#      segments never split on the way (veths take them whole); then
#      with MN's underlay offering no offload, split in software before
#      it: every piece arrives, each checksum (UDP, and TCP's over the
#      identifiers) right as captured on the bridge by ilnppkt.py;
#  (f) multihoming: MN on d too, on a second device; its first device
#      goes down during a TCP stream, comes back: the stream carries on;
#  (g) iperf3 (TCP, IPERF_SECONDS, 16 by default) while MN moves c -> a
#      -> b -> c with soft handoffs: it completes, its throughput each
#      second is reported.
#
#   R  ffff:0:0:1 on a, b, c (router)
#   CN ffff:0:0:c on b
#   MN ffff:0:0:d on a, moving
#   X  raw sockets only, on the bridge
. tests/lib/common.sh
. tests/lib/topo.sh

PREFIX=fd69:6c6e:7000
# The identity addresses, as inet_ntop writes them (ilnp-ip node show).
MN_ID=$PREFIX:0:ffff::d CN_ID=$PREFIX:0:ffff::c
# Discovery answers solicitations (each node's own round an hour away):
# unmodified programs find their peers' locators there.
ILNP_DISCOVERY=3600
FLOW="python3 $PWD/tests/lib/tcpflow.py"
ilnp_load
trap kill_netns_procs EXIT
bridge_up
ilnp_node R ffff:0:0:1 0:0:0:a 0:0:0:b 0:0:0:c
ilnp_node CN ffff:0:0:c 0:0:0:b
ilnp_node MN ffff:0:0:d 0:0:0:a
# Network d: R's second overlay, on UDP port 10001, for multihoming.
n R ilnp-ip link add ilnp1 dev eth0 port 10001
n R ilnp-ip locator add 0:0:0:d dev ilnp1
n R ip link set ilnp1 up
node_add X
for x in R CN MN X; do wait_ll "$x"; done

# wait_identity NODE ADDR: until ilnp0 carries ADDR (a work item adds it).
wait_identity() {
	local i
	for i in $(seq 50); do
		[ -n "$(n "$1" ip -6 -o addr show dev ilnp0 to "$2/128")" ] &&
			return 0
		sleep 0.1
	done
	n "$1" ip -6 addr show dev ilnp0
	fail "$1: no identity address $2"
}

# --- (a) the address ------------------------------------------------------
wait_identity MN $MN_ID
wait_identity CN $CN_ID
expect_eq "node show" "$(n MN ilnp-ip node show | sed -n 2p)" \
	"ipv6 $MN_ID prefix $PREFIX::/64"
expect_eq "the prefix's route" \
	"$(n MN ip -6 route show $PREFIX::/64 | awk '{ print $1, $2, $3 }')" \
	"$PREFIX::/64 dev ilnp0"
n MN ip -6 addr show dev ilnp0
expect_eq "no link-local address" \
	"$(n MN ip -6 addr show dev ilnp0 scope link | grep -c inet6)" 0
# A new NID or prefix: the old address goes, the new one comes.
n R ilnp-ip node set prefix fd00:1:2:3::/64
wait_identity R fd00:1:2:3:ffff::1
expect_eq "R's old address gone" \
	"$(n R ip -6 addr show dev ilnp0 | grep -c "$PREFIX")" 0
n R ilnp-ip node set prefix $PREFIX::
wait_identity R $PREFIX:0:ffff::1
rc=0
n R ilnp-ip node set prefix 0:0:0:a:: 2>/tmp/err || rc=$?
expect_eq "a locator as prefix: exit" "$rc" 2
grep -q "one of the node's locators" /tmp/err || fail "$(cat /tmp/err)"
rc=0
n R ilnp-ip node set prefix fe80:: 2>/tmp/err || rc=$?
expect_eq "a link-local prefix: exit" "$rc" 2
rc=0
n R ilnp-ip locator add $PREFIX:0 dev ilnp0 2>/tmp/err || rc=$?
expect_eq "the prefix as a locator: exit" "$rc" 2
grep -q "the node's identity prefix" /tmp/err || fail "$(cat /tmp/err)"

# --- (b) ping, UDP ---------------------------------------------------------
n MN ilnp-ip neigh solicit
n CN ilnp-ip neigh solicit
for i in $(seq 50); do
	n MN ilnp-ip resolve CN >/dev/null 2>&1 &&
		n CN ilnp-ip resolve MN >/dev/null 2>&1 && break
	sleep 0.1
done
n MN ping -6 -c 3 -i 0.2 -W 2 $CN_ID >/tmp/ping ||
	{ cat /tmp/ping; fail "ping -6 MN -> CN"; }
cat /tmp/ping
grep -q "3 packets transmitted, 3 received" /tmp/ping || fail "ping lost"
expect_eq "CN identity_rx after ping" "$(stat CN ilnp0 identity_rx)" 3
expect_eq "CN identity_tx after ping" "$(stat CN ilnp0 identity_tx)" 3

# The same port number, 9000, for an AF_ILNP socket and a UDP one.
ip netns exec CN tools/ilnp-recv -p 9000 -c 5 -d 90 -o /tmp/stp.log &
stp_recv=$!
wait_port CN 9000
n CN timeout 90 socat -u UDP6-RECVFROM:9000 OPEN:/tmp/udp.out,creat,trunc &
udp_recv=$!
wait_udp_port CN 9000
n MN tools/ilnp-send -r 50 -c 5 -s 100 -o /tmp/stp-send.log \
	0:0:0:b:ffff:0:0:c 9000
echo "hello over the overlay" |
	n MN socat -u - UDP6-SENDTO:[$CN_ID]:9000
wait $stp_recv
wait $udp_recv || fail "socat: no datagram"
expect_eq "AF_ILNP socket: datagrams" "$(wc -l </tmp/stp.log)" 5
expect_eq "UDP socket: its datagram" "$(cat /tmp/udp.out)" \
	"hello over the overlay"

# --- (c) TCP across moves --------------------------------------------------
# tcp_flow SECONDS KBPS: start the stream; tcp_flow_end checks it.
tcp_flow() {
	rm -f /tmp/flow.out
	n CN $FLOW serve 5001 /tmp/flow.out &
	FLOW_SERVER=$!
	sleep 1
	n MN $FLOW send $CN_ID 5001 "$1" "$2" >/tmp/flow.sent &
	FLOW_CLIENT=$!
}

# Where losses went: every drop and error counter not 0, TCP's
# retransmissions and ICMPv6 errors.
drops_show() {
	local x
	for x in R CN MN; do
		n $x ilnp-ip stats | awk -v x=$x '/^[a-z]/ && NF == 1 { dev = $1 }
			$1 ~ /drop|err|overflow|^lu_/ && $2 != 0 {
				print x, dev, $1, $2 }'
		n $x nstat -az TcpRetransSegs TcpExtTCPLostRetransmit \
			TcpExtTCPTimeouts TcpExtTCPLossProbes TcpInCsumErrors \
			TcpExtTCPOFOQueue Icmp6OutDestUnreachs Icmp6OutPktTooBigs \
			Ip6InDiscards Ip6InNoRoutes Ip6InAddrErrors |
			awk -v x=$x 'NR > 1 && $2 != 0 { print x, $1, $2 }'
		n $x ip -s link show dev ilnp0 | awk -v x=$x '
			/TX:/ { tx = 1 } tx && $1 ~ /^[0-9]+$/ && $4 != 0 {
				print x, "ilnp0 tx_dropped", $4; tx = 0 }'
	done
	awk '$2 != "00000000" { print "softnet drops", $2 }' \
		/proc/net/softnet_stat
}

tcp_flow_end() {	# NAME MAX_STALL_MS (empty: report only)
	wait $FLOW_CLIENT || fail "$1: the sender failed: $(cat /tmp/flow.sent)"
	wait $FLOW_SERVER || fail "$1: the receiver failed: $(cat /tmp/flow.out)"
	cat /tmp/flow.sent
	head -1 /tmp/flow.out
	awk '$1 == "second" { printf "%s:%s ", $2, $3 } END { print "" }' \
		/tmp/flow.out
	expect_eq "$1: bytes and hash" \
		"$(awk 'NR == 1 { print $2, $4 }' /tmp/flow.out)" \
		"$(awk '{ print $2, $4 }' /tmp/flow.sent)"
	STALL=$(awk 'NR == 1 { print $6 }' /tmp/flow.out)
	awk 'NR == 1 { print "longest stall: " $6 " ms from " $12 " ms (uptime)" }' \
		/tmp/flow.out
	drops_show
	[ -z "${2:-}" ] || [ "$STALL" -le "$2" ] ||
		fail "$1: stalled ${STALL} ms (at most $2)"
}

n MN ilnp-ip node set path-hold 50
n CN ilnp-ip node set path-hold 50
tcp_flow 9 100
# Beside the stream, across the same moves: ping -6, and socat sending
# the numbers 1 to 40 as UDP datagrams, 5 a second each (not on the
# debug kernel: 40 process starts there take longer than the moves).
DEBUG=$([ "${ILNP_KERNEL:-}" = debug ] && echo 1 || echo 0)
if [ $DEBUG = 0 ]; then
	n CN timeout 60 socat -u UDP6-RECV:9200 \
		OPEN:/tmp/udp-move.out,creat,trunc &
	udp_move=$!
	wait_udp_port CN 9200
	n MN ping -6 -i 0.2 -c 40 -W 5 $CN_ID >/tmp/ping-move 2>&1 &
	ping_move=$!
	for i in $(seq 40); do echo $i; sleep 0.2; done |
		n MN socat -u - UDP6-SENDTO:[$CN_ID]:9200 &
	udp_send=$!
fi
for move in "a b" "b c" "c a"; do
	set -- $move
	sleep 2
	echo "move $1 -> $2 at $(awk '{ printf "%d", $1 * 1000 }' /proc/uptime) ms"
	n MN ilnp-ip locator move 0:0:0:$1 0:0:0:$2 dev ilnp0 handoff 1
done
if [ $DEBUG = 0 ]; then
	wait $ping_move || true
	wait $udp_send || fail "socat: the UDP sender failed"
	sleep 1
	kill $udp_move 2>/dev/null || true
	wait $udp_move 2>/dev/null || true
	grep "packets transmitted" /tmp/ping-move
	expect_eq "ping -6 across the moves" \
		"$(awk '/packets transmitted/ { print $1, $4 }' /tmp/ping-move)" \
		"40 40"
	expect_eq "socat UDP across the moves: 1 to 40 in order" \
		"$(tr '\n' ' ' </tmp/udp-move.out)" "$(seq 40 | tr '\n' ' ')"
fi
# The issue's bound, a second (STALL_MAX ms).  Measured on stock 6.1
# with the path hold's release bounded: 64 to 120 ms, 342 ms with
# another VM beside it (before, up to 1.8 s on a host at load 8, whose
# starved guest's "sleep 2" took 4.3 s).  The debug kernel, many times
# slower under TCG, reports the figure only.
STALL_MAX=${STALL_MAX:-$([ "${ILNP_KERNEL:-}" = debug ] || echo 1000)}
tcp_flow_end "soft handoffs" "$STALL_MAX"
expect_soon "moves acked" 6 stat MN ilnp0 lu_acked
n CN ilnp-ip cache show

# A hard move: no overlap; TCP retransmits across the gap.  The debug
# kernel (5 to 10 times slower) moves MN without a stream: the identity
# paths under KASAN and lockdep are those the soft handoffs took.
[ $DEBUG = 1 ] || tcp_flow 6 100
sleep 2
n MN ilnp-ip locator move 0:0:0:a 0:0:0:c dev ilnp0
if [ $DEBUG = 0 ]; then
	tcp_flow_end "hard move"
	echo "hard move: stall $STALL ms"
fi

# --- (d) bad input -----------------------------------------------------------
# udp_stat NODE COUNTER: one of the IP stack's counters.
udp_stat() {
	n "$1" nstat -az "$2" | awk -v c="$2" '$1 == c { print $2 }'
}
cache_loc() {	# NODE NID: the locator NODE sends to for NID
	n "$1" ilnp-ip cache show | awk -v nid="$2" '$1 == nid { print $2 }'
}
n CN timeout 90 socat -u UDP6-RECVFROM:9100 OPEN:/tmp/udp.out,creat,trunc &
udp_recv=$!
wait_udp_port CN 9100
csum_before=$(udp_stat CN Udp6InCsumErrors)
malformed_before=$(stat CN ilnp0 drop_malformed)
n X $PKT inject eth0 0:0:0:b --dport 9100 --src 0:0:0:99:ffff:0:0:99 \
	--dst 0:0:0:b:ffff:0:0:c identity-badsum,identity-short,identity-udp
wait $udp_recv || fail "the identity datagram did not reach the socket"
expect_eq "identity datagram from the raw socket" "$(cat /tmp/udp.out)" forged
expect_eq "bad checksum: Udp6InCsumErrors" \
	"$(udp_stat CN Udp6InCsumErrors)" $((csum_before + 1))
expect_eq "cut identity header: drop_malformed" \
	"$(stat CN ilnp0 drop_malformed)" $((malformed_before + 1))
# Oversized: UDP claims 1000 bytes more than the packet carries; and
# another node's identity on CN's network.
inerr_before=$(udp_stat CN Udp6InErrors)
before=$(stat CN ilnp0 drop_not_for_us)
n X $PKT inject eth0 0:0:0:b --dport 9100 --src 0:0:0:99:ffff:0:0:99 \
	--dst 0:0:0:b:ffff:0:0:c identity-long
n X $PKT inject eth0 0:0:0:b --dport 9100 --src 0:0:0:99:ffff:0:0:99 \
	--dst 0:0:0:b:ffff:0:0:77 identity-udp
sleep 0.5
expect_eq "oversized UDP: Udp6InErrors" "$(udp_stat CN Udp6InErrors)" \
	$((inerr_before + 1))
expect_eq "another node's identity: drop_not_for_us" \
	"$(stat CN ilnp0 drop_not_for_us)" $((before + 1))
before=$(stat CN ilnp0 drop_not_identity)
n X $PKT inject eth0 0:0:0:b --src 0:0:0:99:ffff:0:0:99 \
	--dst ff02:0:0:1:0:0:0:0 identity-udp
sleep 0.5
expect_eq "for all nodes: drop_not_identity" \
	"$(stat CN ilnp0 drop_not_identity)" $((before + 1))
# MN's NID from locator 99, a wrong nonce: no redirect.  MN speaks
# first: a nonce silent for a session lifetime (30 s; this test is slow
# in a busy guest) would be learnt again (Documentation/security.rst).
# On the debug kernel more than that has passed since the hard move:
# CN has forgotten MN, and answers a stranger by discovery's locator,
# which is the old one (a) until MN is discovered again.
n CN ilnp-ip neigh solicit
for i in $(seq 50); do
	[ "$(n CN ilnp-ip resolve MN 2>/dev/null | awk '{ print $1 }')" = \
		0:0:0:c:ffff:0:0:d ] && break
	sleep 0.1
done
n MN ping -6 -c 1 -W 2 $CN_ID >/dev/null
mn_loc=$(cache_loc CN ffff:0:0:d)
expect_eq "CN sends to MN at (after the hard move)" "$mn_loc" 0:0:0:c
n X $PKT inject eth0 0:0:0:b --count 3 --src 0:0:0:99:ffff:0:0:d \
	--dst 0:0:0:b:ffff:0:0:c --nonce 0x1234 identity-udp
sleep 0.5
expect_eq "CN still sends to MN at" "$(cache_loc CN ffff:0:0:d)" "$mn_loc"

# The stack's packet for an address outside the prefix, through the
# device: refused, counted, the sender told.
n MN ip -6 route add fd00:99::/64 dev ilnp0
before=$(stat MN ilnp0 drop_not_identity)
n MN ping -6 -c 1 -W 1 fd00:99::1 >/tmp/ping 2>&1 && fail "ping outside"
cat /tmp/ping
expect_eq "drop_not_identity" "$(stat MN ilnp0 drop_not_identity)" \
	$((before + 1))

# --- (e) segmentation offload --------------------------------------------
# gso_flow NAME: 4 MiB of random bytes MN -> CN over TCP, as fast as it
# goes (socat); GSO_RX: the identity packets CN took for it.
head -c 4194304 /dev/urandom >/tmp/gso.src
gso_flow() {
	local before srv i
	before=$(stat CN ilnp0 identity_rx)
	rm -f /tmp/gso.out
	n CN timeout 120 socat -u TCP6-LISTEN:5202,reuseaddr \
		OPEN:/tmp/gso.out,creat,trunc &
	srv=$!
	for i in $(seq 100); do
		[ -n "$(n CN ss -Hltn "sport = :5202")" ] && break
		sleep 0.1
	done
	n MN timeout 120 socat -u OPEN:/tmp/gso.src TCP6:[$CN_ID]:5202 ||
		{ drops_show; fail "$1: the sender failed"; }
	wait $srv || { drops_show; fail "$1: the receiver failed"; }
	expect_eq "$1: received" "$(sha256sum </tmp/gso.out)" \
		"$(sha256sum </tmp/gso.src)"
	GSO_RX=$(($(stat CN ilnp0 identity_rx) - before))
	echo "$1: 4 MiB in $GSO_RX identity packets"
}
csum_errors() {	# NODE: TCP segments the stack refused for their checksum
	n "$1" nstat -az TcpInCsumErrors | awk '$1 == "TcpInCsumErrors" { print $2 }'
}
for x in MN R CN; do
	expect_eq "$x: TSO on ilnp0" "$(n $x ethtool -k ilnp0 |
		awk '$1 == "tcp-segmentation-offload:" { print $2 }')" on
done
csum_before=$(csum_errors CN)
# Split, 4 MiB would be 2996 packets or more (MSS <= 1400).  Whole, TCP
# sizes its segments to a millisecond of its rate, two pieces at least
# (tcp_min_tso_segs): 514 on stock 6.1, 1679 on the slow debug kernel.
gso_flow "segments whole"
[ "$GSO_RX" -lt 2400 ] || fail "segments whole: $GSO_RX packets, not fewer"
n MN ethtool -K eth0 tx off tx-udp_tnl-segmentation off \
	tx-udp_tnl-csum-segmentation off >/dev/null
# Captured at R, MN's next hop: R's underlay alone gets MN's frames
# (unicast to a known next hop, nexthop.c).
rm -f /tmp/cap.ready
n R $PKT capture eth0 --count 20 --timeout 120 --on 0:0:0:c \
	--dst 0:0:0:b:ffff:0:0:c --verify --ready /tmp/cap.ready >/tmp/cap.out &
cap=$!
for i in $(seq 100); do [ -e /tmp/cap.ready ] && break; sleep 0.1; done
gso_flow "split in software"
wait $cap || fail "nothing captured: $(cat /tmp/cap.out)"
n MN ethtool -K eth0 tx on tx-udp_tnl-segmentation on \
	tx-udp_tnl-csum-segmentation on >/dev/null
head -3 /tmp/cap.out
[ "$GSO_RX" -ge 2996 ] || fail "split in software: only $GSO_RX packets"
expect_eq "split in software: checksums right on the wire" \
	"$(grep -c ' csum=ok$' /tmp/cap.out)" 20
# Past the handshake, full pieces (MSS and headers: more than 1300).
[ "$(awk -F'len=' '{ split($2, l, " ") } l[1] > 1300' /tmp/cap.out |
	wc -l)" -ge 10 ] || fail "split in software: few full pieces captured"
expect_eq "CN: TcpInCsumErrors" "$(csum_errors CN)" "$csum_before"

# --- (f) multihoming -------------------------------------------------------
n MN ilnp-ip link add ilnp1 dev eth0 port 10001
n MN ilnp-ip locator add 0:0:0:d dev ilnp1 preference 10
n MN ip link set ilnp1 up
wait_identity MN $MN_ID
tcp_flow 7 100
sleep 2
n MN ip link set ilnp0 down
sleep 1.5
at_down=$(cache_loc CN ffff:0:0:d)
n MN ip link set ilnp0 up
tcp_flow_end "multihoming" "$STALL_MAX"
expect_eq "CN sent to MN at, ilnp0 down" "$at_down" 0:0:0:d
[ "$(stat MN ilnp1 identity_tx)" -gt 0 ] ||
	fail "nothing of the stream left by ilnp1"

# --- (g) iperf3 (not on the debug kernel: its throughput means nothing) ----
if [ $DEBUG = 1 ]; then
	ilnp_unload
	exit 0
fi
n CN iperf3 -s -1 >/tmp/iperf-server.log 2>&1 &
iperf_server=$!
sleep 1
n MN iperf3 -c $CN_ID -t "${IPERF_SECONDS:-16}" -i 1 -f m >/tmp/iperf.log 2>&1 &
iperf_client=$!
# Soft handoffs of 3 s: iperf3 fills the one-CPU guest's queues, and a
# locator update and its return-routability probe wait behind the data
# (round trips of 1.3 s measured, Documentation/demo.rst): with 1 s the
# old locator could go before the correspondent had proven the new one
# (one failure in a deb612 run at stop 14: issue 15's "under load").
for move in "c a" "a b" "b c"; do
	set -- $move
	sleep $((${IPERF_SECONDS:-16} / 4))
	n MN ilnp-ip locator move 0:0:0:$1 0:0:0:$2 dev ilnp0 handoff 3
done
if ! wait $iperf_client; then
	cat /tmp/iperf.log /tmp/iperf-server.log
	for x in MN CN; do
		echo "== $x"
		n $x ilnp-ip cache show
		n $x ilnp-ip locator show
	done
	drops_show
	# The reason on the last line, which make check's summary shows.
	fail "iperf3 failed: $(grep -h -i "error\|unexpected\|interrupt" \
		/tmp/iperf.log /tmp/iperf-server.log | tr '\n' ' ')"
fi
wait $iperf_server || true
cat /tmp/iperf.log
grep -q "receiver" /tmp/iperf.log || fail "iperf3: no result"
echo "iperf3 across three soft handoffs: $(awk '/receiver/ { print $7, $8 }' \
	/tmp/iperf.log)"

ilnp_unload
