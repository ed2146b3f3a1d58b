#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# ilnp-timeout: 600
# Carrier tracking (issue 18): a multihomed node whose link dies makes a
# soft vertical handoff by itself.  MN has two underlays, eth0 (overlay
# ilnp0, locator a, preferred) and eth1 (ilnp1, locator b); CN is on c,
# R routes between a, b and c.  While CN and MN send each other datagrams,
# the carrier of MN's eth0 goes off (its veth peer on the bridge down):
# MN's update carries b alone, CN's flow moves to b and goes on, its
# loss is reported and bounded; the carrier comes back: a is given out
# again and CN's flow goes back to it.  Last, a single-device node's
# carrier flap (CN's) sends no update at all.
. tests/lib/common.sh
. tests/lib/topo.sh
. tests/lib/flow.sh

# A modest rate, as the test is about the move, not the rate; the
# debug kernel (KASAN, lockdep) under TCG at less.  The flow toward the
# dead link may lose STOP_MAX ms of datagrams: the update goes at once
# (one round trip on the segment, and one more for CN's check of b),
# the datagrams then on their way to a are lost.
if [ "${ILNP_KERNEL:-}" = debug ]; then
	RATE=25 STOP_MAX=2000
else
	RATE=100 STOP_MAX=500
fi
EV=/tmp/ev-carrier
mkdir -p $EV

ilnp_load
trap kill_netns_procs EXIT
bridge_up
ilnp_node R ffff:0:0:1 0:0:0:a 0:0:0:b 0:0:0:c
ilnp_node CN ffff:0:0:c 0:0:0:c
# MN's second underlay: eth1, a second veth on the bridge.  Networks
# are told apart by their locators' groups, so one bridge serves both.
# Carrier loss removes an underlay's addresses unless keep_addr_on_down
# (addrconf_ifdown): MN keeps them; CN, below, copes with its
# link-local address coming back (generated, no DAD: node_add).
node_add MN
ip link add v-MN1 type veth peer name eth1 netns MN
ip link set v-MN1 master br0 up
ip -n MN link set eth1 up
n MN sysctl -qw net.ipv6.conf.eth0.keep_addr_on_down=1 \
	net.ipv6.conf.eth1.keep_addr_on_down=1
n MN ilnp-ip link add ilnp0 dev eth0
n MN ilnp-ip link add ilnp1 dev eth1
n MN ilnp-ip node set nid ffff:0:0:d hostname MN discovery 0
n MN ilnp-ip locator add 0:0:0:a dev ilnp0
n MN ilnp-ip locator add 0:0:0:b dev ilnp1 preference 10
n MN ip link set ilnp0 up
n MN ip link set ilnp1 up
for x in R CN MN; do wait_ll "$x"; done
for i in $(seq 50); do
	n MN ip -6 addr show dev eth1 scope link | grep -q inet6 && break
	sleep 0.1
done

# monitor NODE NAME: "ilnp-ip -j monitor update" in NODE, in the
# background, to $EV/NAME, until it has joined its group.
monitor() {
	ip netns exec "$1" tools/ilnp-ip -j monitor update >$EV/$2 \
		2>$EV/$2.err &
	for i in $(seq 100); do
		grep -q '^Monitoring:' $EV/$2.err && return 0
		sleep 0.1
	done
	fail "$2: the monitor did not start: $(cat $EV/$2.err)"
}
# events FILE: the JSON lines as "object event key=value...", without
# the time (sed and awk: Python takes seconds to start under TCG).
events() {
	sed -E 's/^\{//; s/\}$//; s/"([a-z_]+)":/\1=/g; s/"//g; s/,/ /g' "$1" |
		awk '{ r = ""
		       for (i = 1; i <= NF; i++) {
			       k = substr($i, 1, index($i, "=") - 1)
			       v = substr($i, index($i, "=") + 1)
			       if (k == "object") o = v
			       else if (k == "event") e = v
			       else if (k != "time" && k != "time_us")
				       r = r " " $i }
		       print o " " e r }'
}
count_ev() {
	events "$1" | grep -c -- "$2" || true
}
# peer NODE: where NODE sends to its one correspondent, and the
# locators that one gave it (JSON, its only "locator" keys).
peer() {
	n "$1" ilnp-ip -j cache show | grep -o '"locator": *"[^"]*"' |
		cut -d'"' -f4 | paste -sd' '
}
# lu_sum NODE COUNTER: COUNTER summed over NODE's devices.
lu_sum() {
	n "$1" ilnp-ip stats | awk -v c="$2" '$1 == c { s += $2 }
		END { print s + 0 }'
}

monitor CN cn
monitor MN mn

# traffic: both ways, RATE a second, until flow_close
# (tests/lib/flow.sh), however long a slow guest takes over the changes
# in between.
traffic() {
	flow_open MN 0:0:0:c:ffff:0:0:c CN 0:0:0:a:ffff:0:0:d
}
# flow NAME LOG SENDLOG: what the flow lost (LOST) and for how long
# (OUTAGE, ms: the longest run of datagrams lost, by the sender's clock,
# which a starved guest's late arrivals do not stretch), reported; every
# send without an error, nothing twice.
flow() {
	awk '$5 != "0" { bad++ } END { exit bad > 0 }' "$3" ||
		fail "$1: a send failed: $(awk '$5 != "0"' "$3" | head -3)"
	set -- "$1" $(awk -v rate="$RATE" '
		NR == FNR { if ($2 in seen) dup++; seen[$2] = 1; got++; next }
		{ sent++
		  if (!($2 in seen)) { if (!run) first = $1; run = 1; last = $1 }
		  else if (run) { o = (last - first) * 1000 + 1000 / rate
				  if (o > out) out = o; run = 0 } }
		END { if (run) { o = (last - first) * 1000 + 1000 / rate
				 if (o > out) out = o }
		      printf "%d %d %d %d", sent, got, dup + 0, out }' "$2" "$3")
	LOST=$(($2 - $3 + $4)) OUTAGE=$5
	echo "$1 at $RATE/s: sent $2 received $3 lost $LOST dup $4," \
		"outage $OUTAGE ms"
	[ "$4" -eq 0 ] || fail "$1: $4 datagrams arrived twice"
}

# 1. MN's eth0 loses its carrier, then gets it back, while both send.
# First CN reaches MN at a: MN learns its route to c, by R on a, which
# its flow to CN takes (with two locators and no route it has none).
n CN ilnp-ping -c 1 -t 5 0:0:0:a:ffff:0:0:d
traffic
sleep 1
# CN knows the locator it was given.
expect_eq "CN sends to MN at, before" "$(peer CN)" "0:0:0:a 0:0:0:a"
ip link set v-MN down
expect_soon "CN follows MN to b, given b alone" "0:0:0:b 0:0:0:b" \
	peer CN
expect_eq "MN's update went to CN at c" \
	"$(events $EV/mn | awk '$1 == "update" && $2 == "sent" { print $4 }')" \
	to=0:0:0:c
sleep 1
ip link set v-MN up
expect_soon "CN back to a, given a and b" "0:0:0:a 0:0:0:a 0:0:0:b" \
	peer CN
sleep 1
flow_close
events $EV/cn
events $EV/mn
# Each move once: CN's application names a, MN's datagrams come from b
# before its update does; the same guess at every datagram must not take
# CN back to a each time (ilnp_ilcc_app_locator(); a make check once saw
# "a -> b" four times).
expect_eq "CN's moves" \
	"$(events $EV/cn | grep '^peer locator .* from=')" \
	"peer locator nid=ffff:0:0:d from=0:0:0:a to=0:0:0:b
peer locator nid=ffff:0:0:d from=0:0:0:b to=0:0:0:a"
expect_eq "MN's updates sent, acked" \
	"$(count_ev $EV/mn '^update sent ') $(count_ev $EV/mn '^update acked ')" \
	"2 2"
# Where CN's datagrams arrived at MN, in order, each run of one locator
# once: a, b while eth0 had no carrier, a again.
expect_eq "CN -> MN arrived on" \
	"$(awk '$5 != last { printf "%s%s", sep, $5; sep = " "; last = $5 }' \
		/tmp/flow-MN.log)" "0:0:0:a 0:0:0:b 0:0:0:a"
flow "carrier loss, CN -> MN" /tmp/flow-MN.log /tmp/flow-CN-send.log
[ "$OUTAGE" -lt "$STOP_MAX" ] ||
	fail "CN -> MN lost $OUTAGE ms, want less than $STOP_MAX"
[ "$LOST" -le $((RATE * STOP_MAX / 1000)) ] ||
	fail "CN -> MN lost $LOST, want at most $((RATE * STOP_MAX / 1000))"
# MN's own flow moves to b, on the link that stayed, as its route by a
# goes with the carrier.
flow "carrier loss, MN -> CN" /tmp/flow-CN.log /tmp/flow-MN-send.log
[ "$OUTAGE" -lt "$STOP_MAX" ] ||
	fail "MN -> CN lost $OUTAGE ms, want less than $STOP_MAX"
[ "$LOST" -le $((RATE * STOP_MAX / 1000)) ] ||
	fail "MN -> CN lost $LOST, want at most $((RATE * STOP_MAX / 1000))"
expect_eq "MN -> CN came from, first" \
	"$(awk '$3 != last { printf "%s%s", sep, $3; sep = " "; last = $3 }' \
		/tmp/flow-CN.log | cut -d' ' -f1-2)" \
	"0:0:0:a:ffff:0:0:d 0:0:0:b:ffff:0:0:d"

# 2. A single-device node's carrier flaps (CN's, while its session
# with MN is active): with its only link dead it has no locator to give,
# back it has the same as before: no update either way.  Its link-local
# address went and came back; the flow goes on after.
sent=$(lu_sum CN lu_sent)
got=$(lu_sum MN lu_received)
ip link set v-CN down
sleep 1
ip link set v-CN up
wait_ll CN
sleep 1
expect_eq "updates sent by CN, received by MN, after its flap" \
	"$(($(lu_sum CN lu_sent) - sent)) $(($(lu_sum MN lu_received) - got))" \
	"0 0"
expect_eq "CN's update events" "$(count_ev $EV/cn '^update sent ')" 0
out=$(n CN ilnp-ping -c 3 -i 0.2 -t 5 0:0:0:a:ffff:0:0:d)
echo "$out"
echo "$out" | grep -q '^3 packets transmitted, 3 received' ||
	fail "CN does not reach MN after its flap"

kill_netns_procs
sleep 0.2
topo_cleanup
ilnp_unload
