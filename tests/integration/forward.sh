#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# A pings B through the router R (A on locator a, R on a and b, B on b):
# every reply arrives, B sees the hop limit one less than A sent but
# never above R's own (a sender's 255 goes no further than R's packets),
# a hop limit of 1 dies at R and is counted there, so is a packet above
# R's egress MTU, routes are learnt backwards and age out.  The underlay
# route each locator caches follows a change of A's underlay address.
# Once next hops are known (learnt from what they sent), packets go to
# them alone by link-layer unicast: Y, a bystander on a, hears none of
# A's and R's traffic; the first packet after the routes aged is
# multicast again.
. tests/lib/common.sh
. tests/lib/topo.sh

ilnp_load
bridge_up
ilnp_node a ffff:0:0:a 0:0:0:a
ilnp_node r ffff:0:0:1 0:0:0:a 0:0:0:b
ilnp_node b ffff:0:0:b 0:0:0:b
ilnp_node y ffff:0:0:c 0:0:0:a
for x in a r b y; do wait_ll "$x"; done
# R's own hop limit: what it forwards never carries more.
n r ilnp-ip node set hoplimit 10

# capture_at NODE ARGS: NODE's underlay captures what arrives across it
# for B into /tmp/seen-NODE (ilnppkt.py capture ARGS), in the
# background, ready when this returns; capture_end waits for every
# capture and shows them in /tmp/seen.  Until A knows R's link-layer
# address, B's underlay hears A's multicast on a too; after, only R's.
caps=
capture_at() {
	local node=$1
	shift
	rm -f /tmp/cap-ready-$node /tmp/seen-$node
	n "$node" $PKT capture eth0 --timeout 30 --dst 0:0:0:b:ffff:0:0:b \
		--ready /tmp/cap-ready-$node --l2 "$@" >/tmp/seen-$node &
	caps="$caps $!"
	wait_file /tmp/cap-ready-$node
}
capture_end() {
	wait $caps
	caps=
	cat /tmp/seen-* >/tmp/seen
	rm -f /tmp/seen-*
	cat /tmp/seen
}
mac() { n "$1" ip -br link show eth0 | awk '{ print $3 }'; }

# The request as it crossed the segment: A knows no next hop yet.
capture_at b --count 2
out=$(n a ilnp-ping -c 3 -i 0.2 -t 5 0:0:0:b:ffff:0:0:b)
echo "$out"
echo "$out" | grep -q '^3 packets transmitted, 3 received, 0% packet loss' ||
	fail "not every reply arrived"
# B answers with its default hop limit 3; R takes one off on the way back.
expect_eq "reply hop limits" "$(echo "$out" | grep -c 'icmp_seq=[0-9]* hlim=2 ')" 3
capture_end
hlim() { sed -n "s/^src=0:0:0:a:ffff:0:0:a .* hlim=\([0-9]*\) .* group=$1 .*/\1/p" /tmp/seen; }
l2() { sed -n "s/^src=0:0:0:a:ffff:0:0:a .* group=$1 .*l2=\([a-z]*\).*/\1/p" /tmp/seen; }
expect_eq "hop limit A sent (on a)" "$(hlim 0:0:0:a)" 5
expect_eq "hop limit B saw (on b)" "$(hlim 0:0:0:b)" 4
expect_eq "A's first request" "$(l2 0:0:0:a)" multicast
expect_eq "R forwarded" "$(stat r ilnp0 forwarded)" 6

# The next hops, learnt from what they sent: A's route to b names R's
# link-layer address; R knows A and B, heard directly.
n a ilnp-ip route show
n r ilnp-ip route show
n a ilnp-ip route show | grep -qx "0:0:0:b via 0:0:0:a dev ilnp0 lladdr $(mac r) age .*" ||
	fail "A's route to b does not name R's link-layer address"
n r ilnp-ip route show | grep -qx "0:0:0:a nid ffff:0:0:a dev ilnp0 lladdr $(mac a) age .*" ||
	fail "R does not know A's link-layer address"
n r ilnp-ip route show | grep -qx "0:0:0:b nid ffff:0:0:b dev ilnp0 lladdr $(mac b) age .*" ||
	fail "R does not know B's link-layer address"
expect_eq "A's next hop to b (JSON)" \
	"$(n a ilnp-ip -j route show | python3 -c 'import json, sys; print(*[r["lladdr"] for r in json.load(sys.stdin) if r["locator"] == "0:0:0:b"])')" "$(mac r)"

# Unicast from now on: Y, on a with A and R, hears none of it (each
# request and reply would cost it one drop_not_for_us if multicast).
ybefore=$(stat y ilnp0 drop_not_for_us)
abefore=$(stat a ilnp0 tx_unicast)
n a ilnp-ping -c 10 -i 0.1 0:0:0:b:ffff:0:0:b | grep -q ', 10 received' ||
	fail "unicast pings lost"
expect_eq "Y's packets not for it" "$(stat y ilnp0 drop_not_for_us)" "$ybefore"
expect_eq "A's packets sent by unicast" "$(stat a ilnp0 tx_unicast)" $((abefore + 10))

# A sends with hop limit 255: R sends it on with its own, 10, not 254.
# R's underlay sees A's request arrive for it alone, B's R's.
capture_at r --count 1
capture_at b --count 1
n a ilnp-ping -c 1 -t 255 0:0:0:b:ffff:0:0:b | grep -q ', 1 received' ||
	fail "ping with hop limit 255 got no reply"
capture_end
expect_eq "hop limit A sent (on a)" "$(hlim 0:0:0:a)" 255
expect_eq "A's request reached R" "$(l2 0:0:0:a)" host
expect_eq "hop limit R sent on (on b): R's own" "$(hlim 0:0:0:b)" 10

# Above R's egress MTU (1200; A's is 1404): dropped at R and counted
# there (drop_too_big), never delivered.
n r ip link set ilnp0 mtu 1200
delivered=$(stat b ilnp0 delivered)
if n a ilnp-ping -c 2 -i 0.2 -W 1 -s 1250 0:0:0:b:ffff:0:0:b; then
	fail "a packet above R's MTU crossed R"
fi
expect_eq "R too-big drops" "$(stat r ilnp0 drop_too_big)" 2
expect_eq "B deliveries" "$(stat b ilnp0 delivered)" "$delivered"
n a ilnp-ping -c 1 -s 1150 0:0:0:b:ffff:0:0:b | grep -q ', 1 received' ||
	fail "a packet within R's MTU did not cross"
n r ip link set ilnp0 mtu 1404

# Hop limit 1 would reach 0 at R: dropped there, never delivered.
before=$(stat r ilnp0 drop_hop_limit)
delivered=$(stat b ilnp0 delivered)
if n a ilnp-ping -c 2 -i 0.2 -W 1 -t 1 0:0:0:b:ffff:0:0:b; then
	fail "ping with hop limit 1 crossed a router"
fi
expect_eq "R hop-limit drops" "$(stat r ilnp0 drop_hop_limit)" $((before + 2))
expect_eq "B deliveries" "$(stat b ilnp0 delivered)" "$delivered"

# The underlay's route and source address, cached per locator
# (underlay.c), follow A's underlay: its link-local address replaced,
# its next packet leaves from the new one, and arrives.
n a ip -6 addr flush dev eth0 scope link
n a ip -6 addr add fe80::a:1/64 dev eth0 nodad
capture_at r --count 1 --on 0:0:0:a --outer
n a ilnp-ping -c 1 -W 5 0:0:0:b:ffff:0:0:b | grep -q ', 1 received' ||
	fail "no reply after A's underlay address changed"
capture_end
expect_eq "A's underlay source" \
	"$(sed -n 's/.* outer-src=\([^ ]*\).*/\1/p' /tmp/seen)" fe80::a:1

# Backwards learning: A reaches b via a; B reaches a via b.
n a ilnp-ip route show
n a ilnp-ip route show | grep -q '^0:0:0:b via 0:0:0:a dev ilnp0 ' ||
	fail "A has no route to b"
n b ilnp-ip route show | grep -q '^0:0:0:a via 0:0:0:b dev ilnp0 ' ||
	fail "B has no route to a"
n r ilnp-ip route show | grep -q '^0:0:0:a dev ilnp0 own' ||
	fail "R does not show its own locator"

# Learnt routes age out; own ones never do.
n a ilnp-ip route set lifetime 1
sleep 2.5
n a ilnp-ip route show
! n a ilnp-ip route show | grep -q '^0:0:0:b ' || fail "route did not age out"
! n a ilnp-ip route show | grep -q ' nid ' || fail "host entries did not age out"
n a ilnp-ip route show | grep -q '^0:0:0:a dev ilnp0 own' ||
	fail "own locator expired"
expect_eq "A route count" "$(n a ilnp-ip node show | awk '$1 == "routes" { print $2 }')" 0
# No next hop known: A's first request is multicast again, the next one
# (the reply taught A the way) unicast.
n a ilnp-ip route set lifetime 30
capture_at r --count 2 --on 0:0:0:a
n a ilnp-ping -c 2 -i 0.3 0:0:0:b:ffff:0:0:b | grep -q ', 2 received' ||
	fail "pings after the routes aged lost"
capture_end
expect_eq "A's requests after aging" "$(l2 0:0:0:a | tr '\n' ' ')" "multicast host "

topo_cleanup
ilnp_unload
