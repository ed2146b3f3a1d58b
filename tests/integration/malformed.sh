#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# A stranger on the segment injects each kind of malformed overlay
# datagram at B: each is dropped and the matching counter rises by
# exactly the number sent; nothing else changes and B keeps working.
. tests/lib/common.sh
. tests/lib/topo.sh

ilnp_load
bridge_up
ilnp_node b ffff:0:0:b 0:0:0:b
node_add x
wait_ll b
wait_ll x

B=0:0:0:b:ffff:0:0:b
inject() {	# inject KIND COUNTER [DST]
	local before after
	before=$(stat b ilnp0 "$2")
	rx=$(stat b ilnp0 rx_packets)
	n x $PKT inject eth0 0:0:0:b "$1" --count 5 --dst "${3:-$B}"
	sleep 0.5
	after=$(stat b ilnp0 "$2")
	expect_eq "$1 -> $2" "$after" $((before + 5))
}

inject short drop_short
inject version drop_version
inject length drop_length
inject hoplimit0 drop_hop_limit
inject nexthdr drop_next_header
inject checksum drop_checksum
inject icmp-short drop_malformed
inject icmp-type drop_malformed
# For another node, and B forwards nothing with one locator.
inject valid-echo drop_not_for_us 0:0:0:b:ffff:0:0:77

# None of them got an answer; a valid one does.
expect_eq "echo replies so far" "$(stat b ilnp0 echo_replied)" 0
n x $PKT inject eth0 0:0:0:b valid-echo --count 3 --dst $B
sleep 0.5
expect_eq "valid echoes answered" "$(stat b ilnp0 echo_replied)" 3

# Datagrams for a group B has not joined never reach it.
before=$(stat b ilnp0 rx_packets)
n x $PKT inject eth0 0:0:0:c valid-echo --count 3 --dst $B
sleep 0.5
expect_eq "other group" "$(stat b ilnp0 rx_packets)" "$before"

# The standard counters agree: ip -s link shows the drops.
drops=$(n b ip -s -j link show ilnp0 |
	python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["stats64"]["rx"]["dropped"])')
expect_eq "rx dropped in ip -s link" "$drops" 45

topo_cleanup
ilnp_unload
