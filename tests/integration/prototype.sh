#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Issue 19: a node of ours on a "profile prototype" device (MN: bob,
# ffff:0:0:b, locator 0:0:0:b) against a node of the 2021 prototype
# (tests/lib/protopeer.py in netns PP: alice, ffff:0:0:a, locator
# 0:0:0:b), which speaks the prototype's wire as
# ../shared/reference/prototype-protocol.md describes it, written from
# that alone, not from net/ilnp/.  Both in group 7, port 10000.
#  (a) the device says its profile, port and group;
#  (b) discovery both ways: alice's solicitation answered by bob's
#      advertisement (bob, ffff:0:0:b, 0:0:0:b), bob resolves alice; his
#      own solicitation answered, alice learnt again by name;
#  (c) STP both ways at the seed's rate (100/s, 1396-byte payloads, bob
#      sending by name): every datagram once, in order, with the right
#      ports, I-LVs, size and locator;
#  (d) soft handoff with both flows on: alice moves b -> c (bob on b and
#      c); her update (0x01 + c) through b is acked, to (c, alice), the
#      first time; his datagrams follow her to c; nothing lost or twice;
#  (e) malformed prototype packets (a header of 30 bytes, STP shorter
#      than its ports, discovery shorter than its fixed part) and an STP
#      datagram with hop limit 0 (the prototype delivered it) dropped and
#      counted, none delivered; two valid ones in the batch delivered;
#  (f) soft handoff of bob (ilnp-ip locator move b c, handoff 1 s) with
#      both flows on, alice on b and c: bob's updates reach her through
#      b, the last naming c alone; each acked at the first try; her
#      flow follows him to c; nothing lost or twice;
#  (g) a translator (TR: a prototype device on b, a native one on d)
#      between alice and a native node on d: discovery through it both
#      ways, STP both ways at RATE, exactly.
. tests/lib/common.sh
. tests/lib/topo.sh
. tests/lib/flow.sh

T=tests/sockets
[ -x $T/stp_tool ] || fail "$T/stp_tool not built (make -C $T)"
PEER="python3 $PWD/tests/lib/protopeer.py"
G=7
ALICE=0:0:0:b:ffff:0:0:a
BOB=0:0:0:b:ffff:0:0:b
# The seed's 100 a second; the debug kernel (KASAN, lockdep) under TCG,
# a Python peer in it, checks the same paths at 25.
RATE=${RATE:-$([ "${ILNP_KERNEL:-}" = debug ] && echo 25 || echo 100)}
FLOW_NODES="mn"

# peer NAME ARGS...: alice started in PP, her log /tmp/pp-NAME.log; once
# she is up (bound, joined, her first messages sent) $peer is her pid.
peer() {
	local name=$1
	shift
	rm -f "/tmp/pp-$name.log" "/tmp/pp-$name.ready"
	# Not through n: $! must be the peer itself, for the kill.
	ip netns exec pp $PEER run --dev eth0 --group $G --nid ffff:0:0:a \
		--hostname alice --log "/tmp/pp-$name.log" \
		--ready "/tmp/pp-$name.ready" "$@" &
	peer=$!
	wait_file "/tmp/pp-$name.ready"
}

peer_stop() {
	kill -TERM "$peer"
	wait "$peer"
}

# resolved NAME [NS]: NS's (MN's) I-LV for NAME, empty if it has none.
resolved() {
	n "${2:-mn}" ilnp-ip resolve "$1" 2>/dev/null || true
}

# heard LOG WHAT HOST: the distinct "nid loc src on" of HOST's discovery
# messages of kind WHAT (solicit, advert) in alice's log.
heard() {
	awk -v w="$2" -v h="host=$3" '$2 == "disc" && $3 == w && $4 == h {
		print $5, $6, $7, $8 }' "$1" | sort -u
}

# got LOG: what alice took of bob's flow (port 9002 to 9001), as
# flow_check counts it.
got() {
	awk '$2 == "stp" && $5 == "sport=9002" && $6 == "dport=9001" {
		n++; s = substr($8, 5) + 0; if (s in seen) d++; seen[s] = 1
		if (n > 1 && s < last) r++; last = s; if (s > max) max = s }
		END { u = 0; for (k in seen) u++
		      printf "received %d unique %d dup %d reordered %d max %d\n",
			     n, u, d, r, max }' "$1"
}

# sent LOG: how many datagrams alice sent, and how many she could not.
sent() {
	awk '$2 == "sent" && $3 == "stp" { s++ } $2 == "unsent" { u++ }
		END { printf "sent %d unsent %d\n", s, u }' "$1"
}

# lu: MN's lu_sent, lu_acked and lu_retransmitted.
lu() {
	n mn ilnp-ip stats dev ilnp0 | awk '$1 == "lu_sent" { s = $2 }
		$1 == "lu_acked" { a = $2 } $1 == "lu_retransmitted" { r = $2 }
		END { print s + 0, a + 0, r + 0 }'
}

# drops: the sum of MN's drop_* counters, then drop_short and delivered.
drops() {
	n mn ilnp-ip stats dev ilnp0 | awk '$1 ~ /^drop_/ { s += $2 }
		$1 == "drop_short" { sh = $2 } $1 == "delivered" { d = $2 }
		END { print s + 0, sh + 0, d + 0 }'
}

# flows SECS [ALICE-ARGS...]: bob and alice send each other SECS * RATE
# datagrams of 1396 bytes (the seed's): bob with ilnp-send, by name, from
# port 9002 to alice's 9001; alice to bob's 9000, at the I-LV she learnt
# in (b) (a new peer process knows no names, and bob need not answer
# her solicitation again so soon: disc_suppressed), where ilnp-recv logs
# them (/tmp/mn-recv.log; bob's own sends in /tmp/mn-send.log).  Her
# solicitation as she starts keeps her in bob's neighbours.  MN_MOVE, if
# set, is a command for MN run 2 s after bob starts sending.
# Alice's log is /tmp/pp-flow.log; she stops after SECS + 8 s.  What
# she did besides STP is printed; flows_check checks the flows.
flows() {
	local secs=$1 count=$(($1 * RATE)) rcv snd
	shift
	ip netns exec mn tools/ilnp-recv -p 9000 -b 8388608 -c "$count" \
		-d $((secs + 30)) -o /tmp/mn-recv.log &
	rcv=$!
	wait_port mn 9000
	peer flow --solicit --send-to $BOB --send-at 0.5 --sport 9001 \
		--dport 9000 --rate "$RATE" --count "$count" \
		--duration $((secs + 8)) "$@"
	ip netns exec mn tools/ilnp-send -p 9002 -r "$RATE" -c "$count" \
		-s 1396 -o /tmp/mn-send.log alice 9001 &
	snd=$!
	if [ -n "${MN_MOVE:-}" ]; then
		sleep 2
		n mn $MN_MOVE
	fi
	wait "$snd"
	wait "$rcv"
	wait "$peer"
	awk '$2 != "stp" && $3 != "stp"' /tmp/pp-flow.log
}

# flows_check SECS: both flows of flows SECS, exactly.
flows_check() {
	local count=$(($1 * RATE))

	expect_eq "bob's sends" "$(flow_send_ok /tmp/mn-send.log)" "$count"
	flow_check "alice -> bob" /tmp/mn-recv.log "$count"
	expect_eq "alice's sends" "$(sent /tmp/pp-flow.log)" \
		"sent $count unsent 0"
	expect_eq "bob -> alice" "$(got /tmp/pp-flow.log)" \
		"received $count unique $count dup 0 reordered 0 max $((count - 1))"
	# The hop limit bob sends with, for the record (the prototype's is 3).
	awk '$2 == "stp" { print "bob sent with", $10; exit }' /tmp/pp-flow.log
}

trap kill_netns_procs EXIT
ilnp_load
bridge_up
# mn_setup: netns MN, bob on a prototype-profile ilnp0 on locator b;
# discovery quiet until he is up, then only the rounds asked for.
mn_setup() {
	node_add mn
	n mn ilnp-ip link add ilnp0 dev eth0 profile prototype group $G
	n mn ilnp-ip node set nid ffff:0:0:b hostname bob discovery 0
	n mn ilnp-ip locator add 0:0:0:b dev ilnp0
	n mn ip link set ilnp0 up
	n mn ilnp-ip node set discovery 3600
	wait_ll mn
}

node_add pp
mn_setup
wait_ll pp

### (a) The device's profile, port and group.
out=$(n mn ilnp-ip link show dev ilnp0)
echo "$out"
[[ $out == *"port 10000 group $G "* ]] || fail "ilnp0: not port 10000 group $G"
[[ $out == *" profile prototype"* ]] || fail "ilnp0: no 'profile prototype'"

### (b) Discovery both ways.
# Alice solicits as she starts: bob answers, and learns her from it.
peer disc --loc 0:0:0:b --solicit
expect_soon "bob resolves alice" "$ALICE" resolved alice
expect_soon "alice heard bob's advertisement" \
	"nid=ffff:0:0:b loc=0:0:0:b src=$BOB on=0:0:0:b" \
	heard /tmp/pp-disc.log advert bob
expect_eq "alice in bob's neighbours (NID, locator)" \
	"$(n mn ilnp-ip neigh show | awk '$1 == "alice" { print $2, $3 }')" \
	"ffff:0:0:a 0:0:0:b"
# Bob forgets her, solicits: she answers with her advertisement.
n mn ilnp-ip neigh flush all
expect_eq "bob, alice flushed" "$(resolved alice)" ""
n mn ilnp-ip neigh solicit
expect_soon "alice heard bob's solicitation" \
	"nid=ffff:0:0:b loc=0:0:0:b src=$BOB on=0:0:0:b" \
	heard /tmp/pp-disc.log solicit bob
expect_soon "bob resolves alice again" "$ALICE" resolved alice
expect_eq "alice answered bob" \
	"$(awk '$2 == "sent" && $3 == "advert"' /tmp/pp-disc.log | wc -l)" 1
peer_stop

### (c) STP both ways, 3 s at RATE.
flows 3 --loc 0:0:0:b
flows_check 3
expect_eq "alice's datagrams as bob saw them (I-LV, port, locator, size)" \
	"$(awk '{ print $3, $4, $5, $6 }' /tmp/mn-recv.log | sort -u)" \
	"$ALICE 9001 0:0:0:b 1396"
expect_eq "bob's datagrams as alice saw them" \
	"$(awk '$2 == "stp" && $5 == "sport=9002" { print $3, $4, $7, $9 }' \
		/tmp/pp-flow.log | sort -u)" \
	"src=$BOB dst=$ALICE len=1396 on=0:0:0:b"

### (d) Soft handoff: bob on b and c, alice moves b -> c 2 s into 5 s of
# flows, on both for 2 s.
n mn ilnp-ip locator add 0:0:0:c dev ilnp0
flows 5 --loc 0:0:0:b --move-to 0:0:0:c --at 2 --handoff 2
expect_eq "alice's update, sent once through b" \
	"$(awk '$2 == "sent" && $3 == "update" { print $4, $5, $6 }' \
		/tmp/pp-flow.log)" "dst=$BOB on=0:0:0:b try=1"
# The ack goes to (first new locator, mover's NID).  The reference
# sends it out of the interface the update came in on (b); bob, on c
# himself, sends it on c, from c: not checked, the prototype takes either.
expect_eq "bob's ack" \
	"$(awk '$2 == "ack" { sub(/src=[^:]*:[^:]*:[^:]*:[^:]*:/, "", $3)
		print $3, $4 }' /tmp/pp-flow.log)" \
	"ffff:0:0:b dst=0:0:0:c:ffff:0:0:a"
awk '$2 == "ack"' /tmp/pp-flow.log
expect_eq "alice acked" "$(awk '$2 == "acked" { print $3 }' \
	/tmp/pp-flow.log)" "nid=ffff:0:0:b"
expect_eq "alice left b" "$(awk '$2 == "left" { print $3 }' \
	/tmp/pp-flow.log)" 0:0:0:b
flows_check 5
# Bob's flow went to b, then (after the update) to c, never back.
expect_eq "bob's flow: the locators alice heard it on, in turn" \
	"$(awk '$2 == "stp" && $5 == "sport=9002" { print $4, $9 }' \
		/tmp/pp-flow.log | uniq)" \
	"dst=$ALICE on=0:0:0:b
dst=0:0:0:c:ffff:0:0:a on=0:0:0:c"
# Alice's reached bob on b while she had b, then on c.
expect_eq "alice's flow: the locators bob took it on, in turn" \
	"$(awk '{ print $3, $5 }' /tmp/mn-recv.log | uniq)" \
	"$ALICE 0:0:0:b
0:0:0:c:ffff:0:0:a 0:0:0:c"

### (e) Malformed prototype packets from a stranger (ffff:0:0:99), and
# one with hop limit 0, injected from PP (multicast loopback off: no
# peer runs there now), then two valid datagrams to port 7200, the last
# "end".
read -r d0 s0 v0 <<<"$(drops)"
ip netns exec mn $T/stp_tool recv 7200 30 /tmp/recv-ready >/tmp/recv.out &
rcv=$!
wait_file /tmp/recv-ready
n pp $PEER inject --dev eth0 --loc 0:0:0:b --group $G --nid ffff:0:0:99 \
	--dst $BOB --sport 4242 --dport 7200 \
	short,stp-short,disc-short,stp0=hop0,stp=good,stp=end
wait $rcv
expect_eq "delivered to port 7200" "$(cat /tmp/recv.out)" \
	"from 0:0:0:b:ffff:0:0:99 port 4242 len 4: good
received 1"
read -r d1 s1 v1 <<<"$(drops)"
expect_eq "MN's drops (every drop_ counter)" $((d1 - d0)) 4
expect_eq "MN's drop_short (the 30-byte header)" $((s1 - s0)) 1
expect_eq "MN's delivered" $((v1 - v0)) 2
expect_eq "the stranger not learnt" \
	"$(n mn ilnp-ip neigh show | awk '$2 == "ffff:0:0:99"')" ""

### (f) Bob moves b -> c (soft, 1 s on both) 2 s into 5 s of flows;
# alice on b and c.  A new bob (on b alone): the old one would still be
# telling alice's last process of a locator taken away.
ip link del v-mn
ip netns del mn
mn_setup
read -r ls0 la0 lr0 <<<"$(lu)"
MN_MOVE="ilnp-ip locator move 0:0:0:b 0:0:0:c dev ilnp0 handoff 1" \
	flows 5 --loc 0:0:0:b,0:0:0:c
# The reference: the update (0x01 + the new set) goes through the old
# locator; the last one names c alone.
ups=$(awk '$2 == "update"' /tmp/pp-flow.log | wc -l)
[ "$ups" -ge 1 ] || fail "alice got no locator update from bob"
expect_eq "bob's first update came through b" \
	"$(awk '$2 == "update" { print $3, $5; exit }' /tmp/pp-flow.log)" \
	"src=$BOB on=0:0:0:b"
expect_eq "bob's last update names" \
	"$(awk '$2 == "update" { l = $4 } END { print l }' /tmp/pp-flow.log)" \
	"locs=0:0:0:c"
expect_eq "alice's acks" \
	"$(awk '$2 == "sent" && $3 == "ack"' /tmp/pp-flow.log | wc -l)" "$ups"
n mn ilnp-ip stats dev ilnp0 | awk '$1 ~ /^(lu_|drop_)/ && $2 != 0'
# Bob took her first ack of each: none of his updates sent again.
read -r ls1 _ <<<"$(lu)"
[ "$ls1" -gt "$ls0" ] || fail "bob counted no update sent"
expect_soon "bob's updates: sent, acked, retransmitted" \
	"$ls1 $((la0 + ls1 - ls0)) $lr0" lu
flows_check 5
expect_eq "alice's flow: the locators bob took it on, in turn" \
	"$(awk '{ print $5 }' /tmp/mn-recv.log | uniq)" "0:0:0:b
0:0:0:c"
expect_eq "bob's flow: his locators as alice saw them, in turn" \
	"$(awk '$2 == "stp" && $5 == "sport=9002" { print $3 }' \
		/tmp/pp-flow.log | uniq)" "src=$BOB
src=0:0:0:c:ffff:0:0:b"

### (g) A translator between a prototype network and a native one: TR
# has a prototype-profile device (port 10000, group G, locator b) and a
# native one (port 10001, locator d), both on the bridge; nina
# (ffff:0:0:e) is a native node on d.  Alice and nina find each other by
# discovery through TR (alice's solicitation goes out on d in the native
# form, nina's answer reaches alice in the prototype's), then STP both
# ways through TR at RATE for 3 s, exactly.
ip link del v-mn
ip netns del mn
node_add tr
node_add nn
wait_ll tr
wait_ll nn
n tr ilnp-ip link add ilnp0 dev eth0 profile prototype group $G
n tr ilnp-ip link add ilnp1 dev eth0 port 10001
n tr ilnp-ip node set nid ffff:0:0:1 hostname tr discovery 0
n tr ilnp-ip locator add 0:0:0:b dev ilnp0
n tr ilnp-ip locator add 0:0:0:d dev ilnp1
n tr ip link set ilnp0 up
n tr ip link set ilnp1 up
n tr ilnp-ip node set discovery 3600
n nn ilnp-ip link add ilnp0 dev eth0 port 10001
n nn ilnp-ip node set nid ffff:0:0:e hostname nina discovery 0
n nn ilnp-ip locator add 0:0:0:d dev ilnp0
n nn ip link set ilnp0 up
n nn ilnp-ip node set discovery 3600
count=$((3 * RATE))
ip netns exec nn tools/ilnp-recv -p 9000 -b 8388608 -c "$count" -d 40 \
	-o /tmp/mn-recv.log &
rcv=$!
wait_port nn 9000
peer flow --loc 0:0:0:b --solicit --send-to nina --send-at 1.5 \
	--sport 9001 --dport 9000 --rate "$RATE" --count "$count" \
	--duration 12
expect_soon "nina learnt alice through TR" "$ALICE" resolved alice nn
ip netns exec nn tools/ilnp-send -p 9002 -r "$RATE" -c "$count" \
	-s 1396 -o /tmp/mn-send.log alice 9001
wait "$rcv"
wait "$peer"
expect_eq "alice learnt nina (NID, locator)" \
	"$(awk '$2 == "disc" && $4 == "host=nina" { print $5, $6; exit }' \
		/tmp/pp-flow.log)" "nid=ffff:0:0:e loc=0:0:0:d"
flows_check 3
expect_eq "alice's datagrams as nina saw them (I-LV, port, locator)" \
	"$(awk '{ print $3, $4, $5 }' /tmp/mn-recv.log | sort -u)" \
	"$ALICE 9001 0:0:0:d"
expect_eq "nina's datagrams as alice saw them" \
	"$(awk '$2 == "stp" && $5 == "sport=9002" { print $3, $9 }' \
		/tmp/pp-flow.log | sort -u)" "src=0:0:0:d:ffff:0:0:e on=0:0:0:b"
fwd=$(n tr ilnp-ip stats | awk '$1 == "forwarded" { s += $2 } END { print s + 0 }')
[ "$fwd" -ge $((2 * count)) ] ||
	fail "TR forwarded $fwd packets, want at least $((2 * count))"
echo "ok: TR forwarded $fwd"

kill_netns_procs
trap - EXIT
topo_cleanup
ilnp_unload
