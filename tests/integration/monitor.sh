#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Events (issue 17): "ilnp-ip monitor" on MN (everything, JSON lines),
# CN (updates) and R (neighbours and routes, text) while MN adds and
# deletes a locator, talks to CN, makes a soft move a -> c, and a
# stranger's forged update reaches CN; each event the kernel should
# send is checked with its fields, in order where the order is the
# protocol's, and nothing is reported that did not happen.
. tests/lib/common.sh
. tests/lib/topo.sh

PKT="python3 $PWD/tests/lib/ilnppkt.py"
EV=/tmp/ev
ilnp_load
mobility_nodes
node_add X
for x in R CN MN X; do wait_ll "$x"; done
mkdir -p $EV

# monitor NODE NAME ARGS...: ilnp-ip ARGS in NODE, in the background,
# events to $EV/NAME, until it has joined its groups.
monitor() {
	local node=$1 name=$2
	shift 2
	ip netns exec "$node" tools/ilnp-ip "$@" >$EV/$name 2>$EV/$name.err &
	for i in $(seq 100); do
		grep -q '^Monitoring:' $EV/$name.err && return 0
		sleep 0.1
	done
	fail "$name: the monitor did not start: $(cat $EV/$name.err)"
}
# events FILE: the JSON lines as "object event key=value...", one per
# line, without the time (jq is not needed: python3).
events() {
	python3 -c '
import json, sys
for line in open(sys.argv[1]):
    e = json.loads(line)
    assert e["time"].endswith("Z") and e["time_us"] > 0, e
    keys = [k for k in e if k not in ("time", "time_us", "object", "event")]
    print(e["object"], e["event"], *("%s=%s" % (k, e[k]) for k in keys))
' "$1"
}

# count_cache: CN's cache entries for MN.
count_cache() {
	ip netns exec CN tools/ilnp-ip cache show | grep -c '^ffff:0:0:d ' || true
}
# count FILE REGEX: lines of FILE matching; count_ev: of its events.
count() {
	grep -c -- "$2" "$1" || true
}
count_ev() {
	events "$1" | grep -c -- "$2" || true
}

monitor MN mn -j monitor
monitor CN cn -j monitor update
monitor R r monitor neigh route

# Bad objects: an error naming them, nothing joined.
out=$(n MN ilnp-ip monitor colour 2>&1) && fail "monitor colour succeeded"
echo "$out" | grep -q 'unknown event object "colour"' ||
	fail "a bad object is not named: $out"

# 1. A locator added and deleted: two events, exactly.
n MN ilnp-ip locator add 0:0:0:e dev ilnp0 preference 7
n MN ilnp-ip locator del 0:0:0:e dev ilnp0
expect_soon "MN's locator events" \
	"locator add locator=0:0:0:e dev=ilnp0 pref=7
locator del locator=0:0:0:e dev=ilnp0" events $EV/mn

# 2. Discovery on R and MN: R reports MN as a neighbour, by name.
n R ilnp-ip node set discovery 30
n MN ilnp-ip node set discovery 30
n MN ilnp-ip neigh solicit
expect_soon "R's neighbour event for MN" 1 \
	count $EV/r '\] neigh new nid ffff:0:0:d dev ilnp0 via 0:0:0:a hostname MN$'

# 3. MN and CN talk: sessions, and R learns MN as the next hop toward
# it, MN a route to CN's network.
n CN ilnp-recv -p 9000 -e -o /dev/null &
wait_port CN 9000
n MN ilnp-send -c 3 -i 0.05 -o /dev/null 0:0:0:b:ffff:0:0:c 9000
expect_soon "CN's session with MN" 1 \
	count_cache
grep -q '\] route new nid ffff:0:0:d locator 0:0:0:a dev ilnp0 via 0:0:0:a lladdr ' $EV/r ||
	fail "R reported no next hop for MN"
expect_soon "MN's route to b" 1 \
	count_ev $EV/mn '^route new locator=0:0:0:b dev=ilnp0 via=0:0:0:a lladdr='

# 4. A soft move a -> c, 1 s of overlap, with traffic: MN reports the
# move, its locators, its update to CN and CN's ack, and after the
# overlap the old locator gone, the move done and the set (now c
# alone) updated again; CN reports where it sends to MN now.
ip netns exec MN tools/ilnp-send -r 20 -d 30 -o /dev/null \
	0:0:0:b:ffff:0:0:c 9000 &
SENDER=$!
sleep 0.5
n MN ilnp-ip locator move 0:0:0:a 0:0:0:c dev ilnp0 handoff 1
expect_soon "CN follows MN to c" 1 \
	count_ev $EV/cn '^peer locator nid=ffff:0:0:d from=0:0:0:a to=0:0:0:c$'
expect_soon "MN's updates acked" 2 \
	count_ev $EV/mn '^update acked '
kill $SENDER
# Without the first two (step 1), neighbours, routes and
# retransmissions (a lost copy is the underlay's, not the protocol's);
# round trips checked, then left out.
events $EV/mn | grep -E '^(locator|move|update) ' | tail -n +3 |
	grep -v '^update retransmit' >$EV/mn.move
cat $EV/mn.move
grep '^update acked' $EV/mn.move | grep -qv 'rtt_us=[1-9][0-9]*$' &&
	fail "an ack without its round trip"
seq=$(awk '$1 == "update" && $2 == "sent" { sub("seq=", "", $5); print $5; exit }' $EV/mn.move)
[ -n "$seq" ] || fail "MN reported no update sent"
expect_eq "MN's events of the move" \
	"$(sed 's/rtt_us=[0-9]*/rtt_us=N/' $EV/mn.move)" \
	"locator add locator=0:0:0:c dev=ilnp0 pref=0
move start locator=0:0:0:a dev=ilnp0 to=0:0:0:c newdev=ilnp0 handoff_ms=1000
locator deprecated locator=0:0:0:a dev=ilnp0
update sent nid=ffff:0:0:c to=0:0:0:b seq=$seq
update acked nid=ffff:0:0:c dev=ilnp0 seq=$seq rtt_us=N
locator del locator=0:0:0:a dev=ilnp0
move done locator=0:0:0:a dev=ilnp0 to=0:0:0:c
update sent nid=ffff:0:0:c to=0:0:0:b seq=$((seq + 1))
update acked nid=ffff:0:0:c dev=ilnp0 seq=$((seq + 1)) rtt_us=N"

# 5. A stranger's update claiming to be a node CN has no session with:
# refused, and the reason said.
n X $PKT inject eth0 0:0:0:b lu --src 0:0:0:b:ffff:0:0:e \
	--dst 0:0:0:b:ffff:0:0:c --newloc 0:0:0:b --seq 7 --nonce 0x1234
expect_soon "CN's refusal" 1 \
	count_ev $EV/cn '^update refused nid=ffff:0:0:e dev=ilnp0 op=update seq=7 reason=no-session$'

# 6. Routes age: with traffic stopped and a lifetime of 1 s, MN's
# route to b expires, and says so.
n MN ilnp-ip route set lifetime 1
expect_soon "MN's route to b expired" 1 \
	count_ev $EV/mn '^route gone locator=0:0:0:b dev=ilnp0 via=0:0:0:c .*reason=expired$'

# 7. Flushes: MN learns its route to b again (a lifetime it outlives
# now: at 1 s, a slow guest saw it expire before the flush), then
# forgets it and its neighbours on command, each said with the reason.
n MN ilnp-ip route set lifetime 300
learnt=$(count_ev $EV/mn '^route new locator=0:0:0:b dev=ilnp0 via=0:0:0:c ')
n MN ilnp-send -c 3 -i 0.05 -o /dev/null 0:0:0:b:ffff:0:0:c 9000
expect_soon "MN's route to b again" $((learnt + 1)) \
	count_ev $EV/mn '^route new locator=0:0:0:b dev=ilnp0 via=0:0:0:c '
n MN ilnp-ip route flush all
expect_soon "MN's route to b flushed" 1 \
	count_ev $EV/mn '^route gone locator=0:0:0:b dev=ilnp0 via=0:0:0:c .*reason=flushed$'
expect_eq "MN's routes after the flush" \
	"$(n MN ilnp-ip -j route | python3 -c 'import json,sys; print(*(r["locator"] for r in json.load(sys.stdin)))')" \
	"0:0:0:c"
# Discovery quiet now: a periodic solicitation of R's between the
# flush and the check would teach MN again (seen once).
n R ilnp-ip node set discovery 0
n MN ilnp-ip node set discovery 0
neighs=$(n MN ilnp-ip -j neigh | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')
[ "$neighs" -gt 0 ] || fail "MN has no neighbour to flush"
n MN ilnp-ip neigh flush dev ilnp0
expect_soon "MN's neighbours flushed" "$neighs" \
	count_ev $EV/mn '^neigh gone .*reason=flushed$'
expect_eq "MN's neighbours after the flush" "$(n MN ilnp-ip -j neigh)" "[]"

# CN's monitor asked for updates only: no route or locator event.
expect_eq "CN's events outside its group" \
	"$(events $EV/cn | grep -cv '^update \|^peer ' || true)" 0

kill_netns_procs
sleep 0.2
topo_cleanup
ilnp_unload
