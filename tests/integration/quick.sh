#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Persistent configuration (ilnp-quick, what the systemd unit ilnp@NAME
# runs): A comes up from its file (device, node, locators with their
# preferences) and reaches B; "up" again, a bad file, a kernel refusal
# on the way up: an error, and nothing left made; "down" deletes the
# device, cleanly.
. tests/lib/common.sh
. tests/lib/topo.sh

QUICK=$PWD/tools/ilnp-quick
ilnp_load
bridge_up
node_add A
ilnp_node B ffff:0:0:b 0:0:0:a
mkdir -p /tmp/qa
cat >/tmp/qa/ilnp0.conf <<'EOF_CONF'
# A: on networks a and b
[Link]
Underlay = eth0
Port = 10000
[Node]
NID = ffff:0:0:a
Hostname = alice
HopLimit = 9
[Locators]
Locator = 0:0:0:a 20
Locator = 0:0:0:b     ; default preference
EOF_CONF

n A "$QUICK" print /tmp/qa/ilnp0.conf
n A "$QUICK" up /tmp/qa/ilnp0.conf || fail "ilnp-quick up failed"
n A ilnp-ip link show
n A ilnp-ip link show | grep -q '^ilnp0: underlay eth0 port 10000 ' ||
	fail "ilnp0 not made on eth0, port 10000"
n A ilnp-ip node show
expect_eq "A's NID, hostname, hop limit" \
	"$(n A ilnp-ip -j node show | python3 -c 'import json, sys; n = json.load(sys.stdin); print(n["nid"], n["hostname"], n["hoplimit"])')" \
	"ffff:0:0:a alice 9"
n A ilnp-ip locator show
expect_eq "A's locators and preferences" \
	"$(n A ilnp-ip -j locator show | python3 -c 'import json, sys; print(*sorted("%s/%s" % (l["locator"], l["preference"]) for l in json.load(sys.stdin)))')" \
	"0:0:0:a/20 0:0:0:b/0"
n A ip link show ilnp0 | grep -q "[<,]UP[,>]" || fail "ilnp0 is not up"
wait_ll A
n B ilnp-ping -c 2 -i 0.2 -W 3 0:0:0:a:ffff:0:0:a | grep -q ', 2 received' ||
	fail "B does not reach A"

# Up again: refused, A unchanged.
n A "$QUICK" up /tmp/qa/ilnp0.conf && fail "up twice succeeded"
expect_eq "A's locators after a second up" "$(n A ilnp-ip locator show | wc -l)" 2

# A bad file: the line named, nothing made.
mkdir -p /tmp/qb
printf '[Link]\nUnderlay = eth0\n[Node]\nNID = ffff:0:0:e\nColour = red\n' \
	>/tmp/qb/ilnp1.conf
out=$(n A "$QUICK" up /tmp/qb/ilnp1.conf 2>&1) && fail "a bad file was taken"
echo "$out"
echo "$out" | grep -q 'ilnp1.conf:5: unknown key "colour" in \[Node\]' ||
	fail "the bad line is not named"
n A ip link show ilnp1 2>/dev/null && fail "ilnp1 made from a bad file"
expect_eq "A's NID after a bad file" \
	"$(n A ilnp-ip -j node show | python3 -c 'import json, sys; print(json.load(sys.stdin)["nid"])')" \
	ffff:0:0:a

# The kernel refuses a locator (A's a, already on ilnp0) on the way up:
# the device made for it is taken down again.
printf '[Link]\nUnderlay = eth0\nPort = 10001\n[Locators]\nLocator = 0:0:0:a\n' \
	>/tmp/qb/ilnp2.conf
n A "$QUICK" up /tmp/qb/ilnp2.conf && fail "a refused locator was taken"
n A ip link show ilnp2 2>/dev/null && fail "ilnp2 left after a failed up"

# Down: the device goes; down again is an error.
n A "$QUICK" down /tmp/qa/ilnp0.conf || fail "ilnp-quick down failed"
n A ip link show ilnp0 2>/dev/null && fail "ilnp0 still there after down"
n A "$QUICK" down /tmp/qa/ilnp0.conf && fail "down of a missing device succeeded"

topo_cleanup
ilnp_unload
