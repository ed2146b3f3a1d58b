#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Load the module, give three network namespaces their own ILNP node,
# delete them, unload.  Each netns must get its own random non-zero NID
# and the default hop limit; nothing may outlive its netns or the module.
. tests/lib/common.sh

ilnp_load
grep -q '^nid ' /proc/net/ilnp/node || fail "no node in the initial netns"

nids=
for ns in n1 n2 n3; do
	ip netns add "$ns"
	node=$(n "$ns" cat /proc/net/ilnp/node)
	echo "$node"
	nid=$(echo "$node" | sed -n 's/^nid //p')
	echo "$nid" | grep -Eq '^[0-9a-f]{1,4}(:[0-9a-f]{1,4}){3}$' ||
		fail "$ns: malformed NID '$nid'"
	[ "$nid" != 0:0:0:0 ] || fail "$ns: NID is zero"
	expect_eq "$ns hop limit" "$(echo "$node" | sed -n 's/^hoplimit //p')" 3
	nids="$nids $nid"
done
expect_eq "distinct NIDs" "$(echo $nids | tr ' ' '\n' | sort -u | wc -l)" 3

for ns in n1 n2 n3; do
	ip netns del "$ns"
done
ilnp_unload
[ ! -e /proc/net/ilnp ] || fail "/proc/net/ilnp outlived the module"
