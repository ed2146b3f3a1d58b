#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Spoofing the correspondent, scripted (issue 13).  X, a stranger on the
# LAN, claims to be MN (NID ffff:0:0:d) to CN:
#  1. a datagram with its own nonce to CN's unconnected server socket,
#     then a locator update with that nonce: CN makes no state for it
#     and refuses the update (no session), where it used to pin X's
#     nonce and follow the update;
#  2. once CN and MN talk, datagrams from another locator without MN's
#     nonce or with a wrong one: CN's flows to MN stay where they were,
#     and X does not become CN's next hop for MN (unicast, nexthop.c);
#  3. a locator update carrying MN's true nonce (what an on-path
#     attacker could have read) naming a locator where MN is not: CN
#     takes the set but probes the claim (return routability), gets no
#     answer and keeps sending where MN is, while MN's own move is
#     probed, answered and followed;
#  4. MN restarts (its netns made again, same NID, new nonce): CN learns
#     the new nonce once the old one has been silent for the session
#     lifetime, and follows MN's next move;
#  5. sends with nowhere to go (no locator known) make no cache entry.
. tests/lib/common.sh
. tests/lib/topo.sh

STPPKT="python3 $PWD/tests/lib/stppkt.py"
ilnp_load
mobility_nodes
node_add X
for x in R CN MN X; do wait_ll "$x"; done

# cache_loc NODE NID: the locator NODE sends to for NID ("" if no entry).
cache_loc() {
	n "$1" ilnp-ip cache show | awk -v nid="$2" '$1 == nid { print $2 }'
}
# stats NODE COUNTER...: the counters of NODE's ilnp0, on one line.
stats() {
	local node=$1 c out=
	shift
	for c in "$@"; do out="$out${out:+ }$(stat "$node" ilnp0 "$c")"; done
	echo "$out"
}

# CN's server does not answer: an answer is a flow CN takes part in.
n CN ilnp-recv -p 9000 -o /tmp/cn.log &
n MN ilnp-recv -p 9000 -e -o /tmp/mn.log &
wait_port CN 9000
wait_port MN 9000
# senders SECONDS MN_LOC: MN and CN send each other 50 datagrams a second.
# Not through n: $! must be the tool's pid, to kill it.
senders() {
	ip netns exec MN tools/ilnp-send -r 50 -d "$1" -o /dev/null \
		0:0:0:b:ffff:0:0:c 9000 &
	SENDERS=$!
	ip netns exec CN tools/ilnp-send -r 50 -d "$1" -o /dev/null \
		"$2:ffff:0:0:d" 9000 &
	SENDERS="$SENDERS $!"
}

# 1. Unsolicited: delivered to the server socket, but no state.
delivered=$(stat CN ilnp0 delivered)
n X $STPPKT inject eth0 0:0:0:b valid@9000 --src 0:0:0:b:ffff:0:0:d \
	--dst 0:0:0:b:ffff:0:0:c --nonce 0x1234 --sport 9000
sleep 0.3
[ "$(stat CN ilnp0 delivered)" -gt "$delivered" ] ||
	fail "the forged datagram did not reach CN's socket"
expect_eq "CN's cache entry for MN after a stranger's datagram" \
	"$(cache_loc CN ffff:0:0:d)" ""
rejected=$(stat CN ilnp0 lu_rejected)
n X $PKT inject eth0 0:0:0:b lu --src 0:0:0:b:ffff:0:0:d \
	--dst 0:0:0:b:ffff:0:0:c --newloc 0:0:0:b --seq 7 --nonce 0x1234
expect_eq "update with the stranger's nonce refused" \
	"$(stat CN ilnp0 lu_rejected)" $((rejected + 1))
expect_eq "CN's cache entry for MN after the update" \
	"$(cache_loc CN ffff:0:0:d)" ""

# 2. CN and MN talk (CN first, so that CN's entry exists and MN's echo
# is the answer that gives CN MN's nonce).
n CN ilnp-send -c 3 -i 0.05 -o /dev/null 0:0:0:a:ffff:0:0:d 9000
sleep 0.5
expect_eq "CN sends to MN at" "$(cache_loc CN ffff:0:0:d)" 0:0:0:a
n X $STPPKT inject eth0 0:0:0:b valid@9000 --src 0:0:0:b:ffff:0:0:d \
	--dst 0:0:0:b:ffff:0:0:c --nonce 0x1234 --sport 9000
n X $STPPKT inject eth0 0:0:0:b valid@9000 --src 0:0:0:b:ffff:0:0:d \
	--dst 0:0:0:b:ffff:0:0:c --sport 9000
sleep 0.3
expect_eq "CN sends to MN at, after datagrams claiming MN on b" \
	"$(cache_loc CN ffff:0:0:d)" 0:0:0:a
# Nor do they make X's link-layer address the next hop for MN on b
# (CN would then send MN's traffic there to X alone).
n CN ilnp-ip route show
expect_eq "CN's host entries for MN, after datagrams claiming MN on b" \
	"$(n CN ilnp-ip route show | grep -c ' nid ffff:0:0:d ')" 0

# 3. MN moves a -> c with traffic: its update is probed, answered, and
# only then followed and acked.
before=$(stats CN lu_received lu_probed lu_verified)
senders 3 0:0:0:a
sleep 1
n MN ilnp-ip locator move 0:0:0:a 0:0:0:c dev ilnp0 handoff 1
wait $SENDERS
set -- $before
expect_soon "updates received, probed, proven at CN (MN's move)" \
	"$(($1 + 2)) $(($2 + 1)) $(($3 + 1))" \
	stats CN lu_received lu_probed lu_verified
expect_soon "MN's updates acked" 2 stat MN ilnp0 lu_acked
expect_eq "CN sends to MN at, after MN's move" \
	"$(cache_loc CN ffff:0:0:d)" 0:0:0:c
# Now X with MN's nonce and next sequence (read as root on MN), naming
# network a, where MN no longer is: taken, probed, not followed.
line=$(n MN ilnp-ip cache show | awk '$1 == "ffff:0:0:c"')
nonce=0x$(echo "$line" | awk '{ split($3, n, "/"); print n[1] }')
seq=$(echo "$line" | awk '{ print $5 }')
before=$(stats CN lu_received lu_probed lu_verified)
n X $PKT inject eth0 0:0:0:b lu --src 0:0:0:a:ffff:0:0:d \
	--dst 0:0:0:b:ffff:0:0:c --newloc 0:0:0:a --seq $((seq + 1)) \
	--nonce "$nonce"
set -- $before
expect_soon "forged update with MN's nonce: received, probed" \
	"$(($1 + 1)) $(($2 + 1))" stats CN lu_received lu_probed
# The probe's answer would have come by now: it never does.
sleep 1
expect_eq "forged update with MN's nonce: proven" "$(stat CN ilnp0 lu_verified)" "$3"
expect_eq "CN sends to MN at, after the forged update" \
	"$(cache_loc CN ffff:0:0:d)" 0:0:0:c

# 4. MN restarts: a new netns, the same NID, a new nonce for CN.  CN's
# sessions last 1 s: after MN's old nonce has been silent that long,
# MN's datagrams teach CN the new one, and MN's next move is followed.
ip netns pids MN | xargs -r kill
ip netns del MN
ilnp_node MN ffff:0:0:d 0:0:0:c
wait_ll MN
n MN ilnp-recv -p 9000 -e -o /tmp/mn.log &
wait_port MN 9000
n CN ilnp-ip node set session-lifetime 1
senders 60 0:0:0:c
sleep 2.5
received=$(stat CN ilnp0 lu_received)
n MN ilnp-ip locator move 0:0:0:c 0:0:0:a dev ilnp0
# While the flows last: CN's entries now expire 2 s after they end.
expect_soon "restarted MN's update applied at CN" $((received + 1)) \
	stat CN ilnp0 lu_received
expect_soon "CN sends to restarted MN at" 0:0:0:a cache_loc CN ffff:0:0:d
kill $SENDERS
wait $SENDERS || true

# 5. Sends to peers nobody knows a locator of fail, and leave nothing.
for i in 1 2 3 4 5 6 7 8; do
	out=$(n CN ilnp-send -c 1 -o /dev/null 0:0:0:0:ffff:0:1:$i 9000 2>&1)
	case $out in
	*"errors 1"*) ;;
	*) fail "a send to an unknown locator: $out" ;;
	esac
done
expect_eq "CN's cache entries for the 8 NIDs sent to" \
	"$(n CN ilnp-ip cache show | awk '$1 ~ /^ffff:0:1:/' | wc -l)" 0
