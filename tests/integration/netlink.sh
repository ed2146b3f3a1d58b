#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Bad configuration requests get an errno and a message, and change
# nothing: through ilnp-ip (exit 1 for command-line errors, 2 for errors
# from the kernel, as ip does) and as raw netlink the tool never sends.
. tests/lib/common.sh
. tests/lib/topo.sh

ilnp_load
bridge_up
ilnp_node a ffff:0:0:a 0:0:0:a

# expect_fail STATUS PATTERN CMD...: CMD exits STATUS, stderr has PATTERN.
expect_fail() {
	local want=$1 pattern=$2 rc=0
	shift 2
	"$@" 2>/tmp/err || rc=$?
	cat /tmp/err
	expect_eq "exit status of '$*'" "$rc" "$want"
	grep -q -- "$pattern" /tmp/err || fail "'$*': no '$pattern' in: $(cat /tmp/err)"
}

state() {
	n a ilnp-ip node show
	n a ilnp-ip locator show
	n a ilnp-ip link show
}
before=$(state)

A="n a ilnp-ip"
expect_fail 2 "Locator already present" $A locator add 0:0:0:a dev ilnp0
expect_fail 2 "reserved" $A locator add 0:0:0:0 dev ilnp0
expect_fail 2 "reserved" $A locator add ff02:0:0:1 dev ilnp0
expect_fail 2 "Not an ilnp device" $A locator add 0:0:0:b dev eth0
expect_fail 2 "No such locator" $A locator del 0:0:0:b dev ilnp0
expect_fail 1 "unknown device" $A locator add 0:0:0:b dev nosuch0
expect_fail 1 "invalid locator" $A locator add 0:0:0:0:1 dev ilnp0
expect_fail 2 "NID 0 is reserved" $A node set nid 0:0:0:0
expect_fail 2 "Hostname" $A node set hostname 'bad_name!'
expect_fail 2 "" $A node set hostname "$(printf 'x%.0s' $(seq 64))"
expect_fail 1 "hoplimit" $A node set hoplimit 0
expect_fail 2 "" $A route set lifetime 0
expect_fail 1 "unknown device" $A link add ilnp9 dev nosuch0
expect_fail 2 "cannot be an underlay" $A link add ilnp9 dev ilnp0
expect_fail 2 "File exists" $A link add ilnp0 dev eth0

# Without CAP_NET_ADMIN: refused, even for root.
expect_fail 2 "not permitted" n a setpriv --bounding-set=-net_admin \
	ilnp-ip node set hoplimit 9
expect_fail 2 "not permitted" n a setpriv --bounding-set=-net_admin \
	ilnp-ip locator add 0:0:0:c dev ilnp0
# Reading needs no privilege.
n a setpriv --bounding-set=-net_admin ilnp-ip node show

# Raw requests: a u64 attribute of 4 bytes, an unknown attribute, an
# unknown command, an event sent as a request, a missing attribute.
raw() { n a python3 tests/lib/genl_raw.py "$@"; }
raw 2 4:01000000 | tee /tmp/raw
grep -q '^errno 22: .' /tmp/raw || fail "short NID accepted"
raw 2 200:00 | tee /tmp/raw
grep -q '^errno 22: .' /tmp/raw || fail "unknown attribute accepted"
raw 42 | tee /tmp/raw
grep -q '^errno 95' /tmp/raw || fail "unknown command accepted"
raw 10 | tee /tmp/raw
grep -q '^errno 95' /tmp/raw || fail "event accepted as a request"
raw 4 9:0b00000000000000 | tee /tmp/raw
grep -q '^errno 22: Missing device' /tmp/raw || fail "missing device accepted"

after=$(state)
[ "$before" = "$after" ] || fail "state changed: '$before' -> '$after'"
echo "state unchanged"

topo_cleanup
ilnp_unload
