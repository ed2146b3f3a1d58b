# SPDX-License-Identifier: GPL-2.0
# Ping through a router (tests/integration/forward.sh, its checks that
# need no packet capture): A on locator a, R on a and b, B on b, Y a
# bystander on a.  Every reply arrives with the hop limit R took one off;
# R forwards each request and reply; next hops learnt backwards, so later
# pings go by link-layer unicast and Y hears none; a packet above R's
# MTU and one with hop limit 1 die at R, counted; learnt routes age out.
. /tests/lib.sh

ilnp_load
bridge_up
ilnp_node a ffff:0:0:a 0:0:0:a
ilnp_node r ffff:0:0:1 0:0:0:a 0:0:0:b
ilnp_node b ffff:0:0:b 0:0:0:b
ilnp_node y ffff:0:0:c 0:0:0:a
n r ilnp-ip node set hoplimit 10

out=$(n a ilnp-ping -c 3 -i 0.2 -t 5 0:0:0:b:ffff:0:0:b)
echo "$out"
echo "$out" | grep -q '^3 packets transmitted, 3 received, 0% packet loss' ||
	fail "not every reply arrived"
# B answers with its default hop limit 3; R takes one off on the way back.
expect_eq "reply hop limits" "$(echo "$out" | grep -c 'icmp_seq=[0-9]* hlim=2 ')" 3
expect_eq "R forwarded" "$(stat r ilnp0 forwarded)" 6

mac() { n "$1" ip -br link show eth0 | awk '{ print $3 }'; }
n a ilnp-ip route show
n r ilnp-ip route show
n a ilnp-ip route show | grep -qx "0:0:0:b via 0:0:0:a dev ilnp0 lladdr $(mac r) age .*" ||
	fail "A's route to b does not name R's link-layer address"
n r ilnp-ip route show | grep -qx "0:0:0:a nid ffff:0:0:a dev ilnp0 lladdr $(mac a) age .*" ||
	fail "R does not know A's link-layer address"
n r ilnp-ip route show | grep -qx "0:0:0:b nid ffff:0:0:b dev ilnp0 lladdr $(mac b) age .*" ||
	fail "R does not know B's link-layer address"

# Unicast from now on: Y, on a, hears none of it.
ybefore=$(stat y ilnp0 drop_not_for_us)
abefore=$(stat a ilnp0 tx_unicast)
n a ilnp-ping -c 10 -i 0.1 0:0:0:b:ffff:0:0:b | grep -q ', 10 received' ||
	fail "unicast pings lost"
expect_eq "Y's packets not for it" "$(stat y ilnp0 drop_not_for_us)" "$ybefore"
expect_eq "A's packets sent by unicast" "$(stat a ilnp0 tx_unicast)" $((abefore + 10))

# Above R's egress MTU: dropped at R (drop_too_big), never delivered.
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

# Learnt routes age out; own ones never do.
n a ilnp-ip route set lifetime 1
sleep 2.5
n a ilnp-ip route show
! n a ilnp-ip route show | grep -q '^0:0:0:b ' || fail "route did not age out"
n a ilnp-ip route show | grep -q '^0:0:0:a dev ilnp0 own' ||
	fail "own locator expired"
n a ilnp-ip route set lifetime 30
n a ilnp-ping -c 2 -i 0.3 0:0:0:b:ffff:0:0:b | grep -q ', 2 received' ||
	fail "pings after the routes aged lost"

topo_cleanup
ilnp_unload
