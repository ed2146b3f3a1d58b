#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# A pings B through the router R (A on locator a, R on a and b, B on b):
# every reply arrives, B sees the hop limit one less than A sent but
# never above R's own (a sender's 255 goes no further than R's packets),
# a hop limit of 1 dies at R and is counted there, so is a packet above
# R's egress MTU, routes are learnt backwards and age out.  The underlay
# route each locator caches follows a change of A's underlay address.
. tests/lib/common.sh
. tests/lib/topo.sh

ilnp_load
bridge_up
ilnp_node a ffff:0:0:a 0:0:0:a
ilnp_node r ffff:0:0:1 0:0:0:a 0:0:0:b
ilnp_node b ffff:0:0:b 0:0:0:b
for x in a r b; do wait_ll "$x"; done
# R's own hop limit: what it forwards never carries more.
n r ilnp-ip node set hoplimit 10

# capture_at_b ARGS: B's underlay, which hears both networks (group a
# from A, group b from R), captures what crosses it toward B into
# /tmp/seen-at-b (ilnppkt.py capture ARGS), in the background, ready
# when this returns; capture_end waits for it and shows it.
capture_at_b() {
	rm -f /tmp/cap-ready
	n b $PKT capture eth0 --timeout 30 --dst 0:0:0:b:ffff:0:0:b \
		--ready /tmp/cap-ready "$@" >/tmp/seen-at-b &
	cap=$!
	wait_file /tmp/cap-ready
}
capture_end() {
	wait $cap
	cat /tmp/seen-at-b
}

# The request as it crossed the segment.
capture_at_b --count 2
out=$(n a ilnp-ping -c 3 -i 0.2 -t 5 0:0:0:b:ffff:0:0:b)
echo "$out"
echo "$out" | grep -q '^3 packets transmitted, 3 received, 0% packet loss' ||
	fail "not every reply arrived"
# B answers with its default hop limit 3; R takes one off on the way back.
expect_eq "reply hop limits" "$(echo "$out" | grep -c 'icmp_seq=[0-9]* hlim=2 ')" 3
capture_end
hlim() { sed -n "s/^src=0:0:0:a:ffff:0:0:a .* hlim=\([0-9]*\) .* group=$1\$/\1/p" /tmp/seen-at-b; }
expect_eq "hop limit A sent (on a)" "$(hlim 0:0:0:a)" 5
expect_eq "hop limit B saw (on b)" "$(hlim 0:0:0:b)" 4
expect_eq "R forwarded" "$(stat r ilnp0 forwarded)" 6

# A sends with hop limit 255: R sends it on with its own, 10, not 254.
capture_at_b --count 2
n a ilnp-ping -c 1 -t 255 0:0:0:b:ffff:0:0:b | grep -q ', 1 received' ||
	fail "ping with hop limit 255 got no reply"
capture_end
expect_eq "hop limit A sent (on a)" "$(hlim 0:0:0:a)" 255
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
capture_at_b --count 1 --on 0:0:0:a --outer
n a ilnp-ping -c 1 -W 5 0:0:0:b:ffff:0:0:b | grep -q ', 1 received' ||
	fail "no reply after A's underlay address changed"
capture_end
expect_eq "A's underlay source" \
	"$(sed -n 's/.* outer-src=\([^ ]*\).*/\1/p' /tmp/seen-at-b)" fe80::a:1

# Backwards learning: A reaches b via a; B reaches a via b.
n a ilnp-ip route show
n a ilnp-ip route show | grep -q '^0:0:0:b via 0:0:0:a dev ilnp0 age' ||
	fail "A has no route to b"
n b ilnp-ip route show | grep -q '^0:0:0:a via 0:0:0:b dev ilnp0 age' ||
	fail "B has no route to a"
n r ilnp-ip route show | grep -q '^0:0:0:a dev ilnp0 own' ||
	fail "R does not show its own locator"

# Learnt routes age out; own ones never do.
n a ilnp-ip route set lifetime 1
sleep 2.5
n a ilnp-ip route show
! n a ilnp-ip route show | grep -q '^0:0:0:b ' || fail "route did not age out"
n a ilnp-ip route show | grep -q '^0:0:0:a dev ilnp0 own' ||
	fail "own locator expired"
expect_eq "A route count" "$(n a ilnp-ip node show | awk '$1 == "routes" { print $2 }')" 0

topo_cleanup
ilnp_unload
