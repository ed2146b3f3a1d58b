#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# A stranger on the segment injects each kind of malformed overlay
# datagram at B: each is dropped and the matching counter rises by
# exactly the number sent; nothing else changes and B keeps working.
# Echo requests from a forged source NID (0, or B's own) are dropped
# before anything is learnt or answered; one whose reply would exceed
# B's MTU is not answered, and not counted as answered.
. tests/lib/common.sh
. tests/lib/topo.sh

ilnp_load
bridge_up
ilnp_node b ffff:0:0:b 0:0:0:b
node_add x
wait_ll b
wait_ll x

B=0:0:0:b:ffff:0:0:b
counters="rx_packets drop_short drop_version drop_length drop_hop_limit
	drop_next_header drop_checksum drop_malformed drop_not_for_us
	drop_bad_source drop_too_big"
declare -A before
for c in $counters; do before[$c]=$(stat b ilnp0 "$c"); done

# Five of each kind, in one batch; each kind has its own counter but the
# two bad ICMP messages, which share drop_malformed.
n x $PKT inject eth0 0:0:0:b --count 5 --dst $B \
	short,version,length,hoplimit0,nexthdr,checksum,icmp-short,icmp-type,valid-echo@0:0:0:b:ffff:0:0:77
sleep 0.5
check() {	# check COUNTER INCREASE
	expect_eq "$1" "$(stat b ilnp0 "$1")" $((before[$1] + $2))
}
check drop_short 5
check drop_version 5
check drop_length 5
check drop_hop_limit 5
check drop_next_header 5
check drop_checksum 5
check drop_malformed 10
# For another node: B has one locator and forwards nothing.
check drop_not_for_us 5
# Valid headers count as received before the upper layer drops them.
check rx_packets 25

# None of them got an answer; a valid one does.
expect_eq "echo replies so far" "$(stat b ilnp0 echo_replied)" 0
n x $PKT inject eth0 0:0:0:b --count 3 --dst $B valid-echo
sleep 0.5
expect_eq "valid echoes answered" "$(stat b ilnp0 echo_replied)" 3

# Source NID 0 (all nodes) or B's own: dropped (drop_bad_source),
# no route learnt to their locator 98, no answer.
n x $PKT inject eth0 0:0:0:b --count 3 --dst $B --src 0:0:0:98:0:0:0:0 \
	valid-echo
n x $PKT inject eth0 0:0:0:b --count 3 --dst $B --src 0:0:0:98:ffff:0:0:b \
	valid-echo
sleep 0.5
check drop_bad_source 6
expect_eq "echo replies after forged sources" "$(stat b ilnp0 echo_replied)" 3
n b ilnp-ip route show
! n b ilnp-ip route show | grep -q '^0:0:0:98 ' ||
	fail "a route was learnt from a forged source"

# A 2000-byte request (the underlay fragments and reassembles it): its
# reply would not fit B's MTU of 1404, so none is made (drop_too_big).
n x $PKT inject eth0 0:0:0:b --count 2 --dst $B --payload 2000 valid-echo
sleep 0.5
check drop_too_big 2
expect_eq "echo replies after too-big requests" \
	"$(stat b ilnp0 echo_replied)" 3

# Datagrams for a group B has not joined never reach it.
before=$(stat b ilnp0 rx_packets)
n x $PKT inject eth0 0:0:0:c --count 3 --dst $B valid-echo
sleep 0.5
expect_eq "other group" "$(stat b ilnp0 rx_packets)" "$before"

# The standard counters agree (what ip -s link shows).
expect_eq "rx_dropped" "$(ip netns exec b cat /sys/class/net/ilnp0/statistics/rx_dropped)" 53

topo_cleanup
ilnp_unload
