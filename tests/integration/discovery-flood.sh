#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Discovery: a chain of four networks (a - R1 - R2 - c, hosts A and B at
# the ends) resolves every hostname within one round and pings by name
# through two forwarders; a ring floods each message once per attachment
# (no storm); neighbours expire; a flood of forged advertisements leaves
# the table at its cap; a malformed one changes nothing.
. tests/lib/common.sh
. tests/lib/topo.sh

ilnp_load
bridge_up
# A long period: only the start-up round and the rounds we ask for.
export ILNP_DISCOVERY=3600
ilnp_node A ffff:0:0:a 0:0:0:a
ilnp_node R1 ffff:0:0:1 0:0:0:a 0:0:0:b
ilnp_node R2 ffff:0:0:2 0:0:0:b 0:0:0:c
ilnp_node B ffff:0:0:b 0:0:0:c
for x in A R1 R2 B; do wait_ll "$x"; done
# One round: A's solicitation teaches everyone A, the answers the rest.
# (Start-up messages may have gone out before an underlay had an
# address: that is what the periodic round is for.)
sleep 1.1
n A ilnp-ip neigh solicit
sleep 1.5

# Every node resolves every other: the I-LV of its only locator (R1 and
# R2 have two with equal preference: the first advertised).
declare -A ilv=([A]=0:0:0:a:ffff:0:0:a [B]=0:0:0:c:ffff:0:0:b
		[R1]=0:0:0:a:ffff:0:0:1 [R2]=0:0:0:b:ffff:0:0:2)
for x in A R1 R2 B; do
	for y in A R1 R2 B; do
		[ "$x" = "$y" ] && continue
		expect_eq "$x resolves $y" "$(n "$x" ilnp-ip resolve "$y")" \
			"${ilv[$y]}"
	done
done
out=$(n A ilnp-ping -c 2 -i 0.2 B)
echo "$out"
echo "$out" | grep -q '2 packets transmitted, 2 received' ||
	fail "A cannot ping B by name"
echo "$out" | grep -q "^PING B (0:0:0:c:ffff:0:0:b)" || fail "ping header"
if n A ilnp-ip resolve nosuch; then fail "resolved an unknown name"; fi

# Expiry: A forgets nodes that fall silent.
for x in R1 R2 B; do n "$x" ilnp-ip node set discovery 0; done
n A ilnp-ip node set neigh-lifetime 1
sleep 2
expect_eq "A's neighbours after the lifetime" "$(n A ilnp-ip neigh show)" ""
if n A ilnp-ip resolve B; then fail "B resolved after expiry"; fi
for ns in A R1 R2 B; do ip netns del "$ns"; done
ip link del br0

# A ring of four networks 1-2-3-4-1, a router on each pair.  One flood
# is sent at most once per attachment but one: the origin on both its
# networks, every other router at most once on its other network.  A
# solicitation round is four floods (the solicitation, three
# advertisements): at most 4 x 5 messages, and every router handles each
# flood exactly once (the prototype's rule re-floods every copy until the
# hop limit runs out: Documentation/performance.rst).
bridge_up
ilnp_node R12 ffff:0:0:12 0:0:0:1 0:0:0:2
ilnp_node R23 ffff:0:0:23 0:0:0:2 0:0:0:3
ilnp_node R34 ffff:0:0:34 0:0:0:3 0:0:0:4
ilnp_node R41 ffff:0:0:41 0:0:0:4 0:0:0:1
for x in R12 R23 R34 R41; do wait_ll "$x"; done
sleep 2.5
counts() {
	local x
	for x in R12 R23 R34 R41; do
		n "$x" ilnp-ip stats dev ilnp0 |
			awk -v x="$x" '$1 ~ /^disc_(sent|forwarded|received)$/ {
				c[$1] = $2 }
				END { print x, c["disc_sent"] + c["disc_forwarded"],
				      c["disc_received"] }'
	done
}
before=$(counts)
n R12 ilnp-ip neigh solicit
sleep 2.5
after=$(counts)
echo "$before"; echo "$after"
sent=$(join <(echo "$before") <(echo "$after") |
	awk '{ s += $4 - $2 } END { print s }')
echo "messages in the round: $sent (bound 20)"
[ "$sent" -ge 8 ] && [ "$sent" -le 20 ] ||
	fail "ring round: $sent messages, bound 20"
for x in R12 R23 R34 R41; do
	expect_eq "$x handled each flood once" \
		"$(join <(echo "$before") <(echo "$after") |
		   awk -v x="$x" '$1 == x { print $5 - $3 }')" 3
done

# The table's cap: 200 forged advertisements, random NIDs, 50 kept.
n R12 ilnp-ip node set neigh-max 50
over=$(stat R12 ilnp0 neigh_overflow)
malformed=$(stat R12 ilnp0 drop_malformed)
n R23 $PKT inject eth0 0:0:0:2 random-advert --count 200 --src 0:0:0:2:0:0:0:99
n R23 $PKT inject eth0 0:0:0:2 advert-bad-count --src 0:0:0:2:0:0:0:99
sleep 0.5
expect_eq "neighbours at the cap" \
	"$(n R12 ilnp-ip node show | sed -n 's/^neighbours \([0-9]*\) .*/\1/p')" 50
expect_eq "overflow counted" "$(stat R12 ilnp0 neigh_overflow)" \
	$((over + 3 + 200 - 50))
expect_eq "malformed advertisement counted" \
	"$(stat R12 ilnp0 drop_malformed)" $((malformed + 1))
