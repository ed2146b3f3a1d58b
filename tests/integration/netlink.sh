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

# The rtnl link kind: plain ip -d link shows it (no iproute2 plugin).
n a ip -d link show ilnp0 | grep -q '^    ilnp ' ||
	fail "ip -d link: no kind ilnp in: $(n a ip -d link show ilnp0)"

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

# Raw requests, family version 2 (numbers from uapi/linux/ilnp.h):
# commands NODE_GET 1, NODE_SET 2, LOCATOR_ADD 4, ECHO_REPLY 10; top
# level nests NODE 1, LOCATOR 3, ROUTE 4; inside NODE: NID 2, HOP_LIMIT 4,
# ROUTE_COUNT 7; inside LOCATOR: IFINDEX 2, LOC 3, NEW_LOC 5.
# raw_fail ERRNO MESSAGE ARGS...: refused with exactly this errno and
# extack message ("*": any message, the genl core's own errors).
raw() { n a python3 tests/lib/genl_raw.py "$@"; }
raw_fail() {
	local want="errno $1: $2" got
	shift 2
	got=$(raw "$@")
	echo "raw $*: $got"
	[ "${want%: \*}" = "$want" ] || got="${got%%:*}: *"
	expect_eq "answer to raw $*" "$got" "$want"
}
le32() { printf '%02x%02x%02x%02x' $(($1 & 255)) $(($1 >> 8 & 255)) \
	$(($1 >> 16 & 255)) $(($1 >> 24)); }
ifx=$(le32 "$(ip netns exec a cat /sys/class/net/ilnp0/ifindex)")
HOP9=4:09			# NODE { HOP_LIMIT 9 }: valid on its own
LOC_C=3:0c00000000000000	# LOCATOR { LOC 0:0:0:c }
raw 2 "1{$HOP9}" >/dev/null	# the control: accepted as is...
expect_eq "hoplimit set by raw request" \
	"$(n a ilnp-ip -j node show | python3 -c 'import json,sys; print(json.load(sys.stdin)["hoplimit"])')" 9
n a ilnp-ip node set hoplimit 3	# ...and back
before=$(state)

# Sizes: a u64 of 4 bytes; a nest without a valid attribute inside.
raw_fail 22 "invalid attribute length" 2 "1{2:01000000}"
# A nest without NLA_F_NESTED.
raw_fail 22 "NLA_F_NESTED is missing" 2 "1!{$HOP9}"
# Unknown attributes: at the top level, inside a nest (with a valid one).
raw_fail 22 "Unknown attribute type" 2 200:00
raw_fail 22 "Unknown attribute type" 2 "1{$HOP9,200:00}"
# Attributes at the wrong level: a node attribute at the top level (as
# family version 1 sent it), a node nest inside the node nest, another
# object's nest, a reply-only attribute, an attribute of another command.
raw_fail 22 "Unsupported attribute" 2 4:09
raw_fail 22 "Unsupported attribute" 2 "1{$HOP9,1{$HOP9}}"
raw_fail 22 "Unsupported attribute" 2 "3{2:$ifx,$LOC_C}"
raw_fail 22 "Unsupported attribute" 2 "1{$HOP9,7:05000000}"
raw_fail 22 "Unsupported attribute" 4 "3{2:$ifx,$LOC_C,5:0d00000000000000}"
raw_fail 22 "Unsupported attribute" 1 "1{}"
# Dumps take no attributes (NEIGH_GET 11 with a neighbour nest 5), and
# the control: the same dump without is accepted.
raw_fail 22 "Unsupported attribute" --dump 11 "5{}"
expect_eq "plain neighbour dump" "$(raw --dump 11)" "errno 0: "
# Values: hop limit 0 (ERANGE), and nothing to set.
raw_fail 34 "integer out of range" 2 "1{4:00}"
raw_fail 22 "Nothing to set" 2 "1{}"
# Unknown command, an event sent as a request.
raw_fail 95 "*" 42
raw_fail 95 "*" 10
# Missing nest, missing attribute in it.
raw_fail 22 "Missing node attributes (ILNP_A_NODE)" 2
raw_fail 22 "Missing locator attributes (ILNP_A_LOCATOR)" 4
raw_fail 22 "Missing device" 4 "3{$LOC_C}"
raw_fail 22 "Missing locator" 4 "3{2:$ifx}"

after=$(state)
[ "$before" = "$after" ] || fail "state changed: '$before' -> '$after'"
echo "state unchanged"

# The prototype profile (Documentation/protocol.rst): chosen at
# creation, shown, never changed; an unknown one refused by the tool
# and, sent raw (rtnetlink, as ip could), by the kernel.
expect_fail 1 "invalid profile" $A link add ilnp8 dev eth0 profile bogus
$A link add ilnp8 dev eth0 profile prototype group 1000
$A link add ilnp7 dev eth0 profile native
expect_eq "link show: prototype" \
	"$($A link show ilnp8 | grep -o ' group [0-9]*\| profile [a-z]*' |
		tr -d '\n')" " group 1000 profile prototype"
expect_eq "link show: native says nothing" \
	"$($A link show ilnp7 | grep -c profile)" 0
expect_eq "link show -j: profiles" "$($A -j link show | python3 -c '
import json, sys
print(" ".join(sorted(l["ifname"] + "=" + l["profile"]
			   for l in json.load(sys.stdin))))
')" "ilnp0=native ilnp7=native ilnp8=prototype"
# rtnl IFLA_ILNP_PROFILE (4) = VAL for NAME: "errno E: message".
rtnl_profile() {
	n a python3 - "$@" <<-'EOF_PY'
	import socket, struct, sys
	name, val, create = sys.argv[1], int(sys.argv[2]), sys.argv[3] == "1"
	def attr(t, d):
	    return struct.pack("=HH", 4 + len(d), t) + d + b"\0" * (-len(d) % 4)
	data = attr(4, struct.pack("B", val))
	info = attr(1, b"ilnp\0") + attr(2 | 0x8000, data)
	body = struct.pack("=BxHiII", 0, 0, 0, 0, 0) + attr(3, name.encode() + b"\0")
	if create:
	    body += attr(5, struct.pack("=I", socket.if_nametoindex("eth0")))
	body += attr(18 | 0x8000, info)
	flags = 1 | 4 | (0x400 | 0x200 if create else 0)
	s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 0)
	s.setsockopt(270, 11, 1)	# NETLINK_EXT_ACK
	s.send(struct.pack("=IHHII", 16 + len(body), 16, flags, 1, 0) + body)
	r = s.recv(65536)
	err = -struct.unpack_from("=i", r, 16)[0]
	capped = struct.unpack_from("=H", r, 6)[0] & 0x100
	msg, off = "", 16 + 4 + 16 + (len(body) if err and not capped else 0)
	while off + 4 <= len(r):
	    l, t = struct.unpack_from("=HH", r, off)
	    if l < 4:
	        break
	    if t == 1:
	        msg = r[off + 4:off + l].rstrip(b"\0").decode()
	    off += (l + 3) & ~3
	print("errno %d: %s" % (err, msg))
	EOF_PY
}
expect_eq "raw: unknown profile" "$(rtnl_profile ilnp6 2 1)" \
	"errno 22: Unknown profile: 0 native, 1 prototype"
n a ip link show ilnp6 2>/dev/null && fail "ilnp6 made with profile 2"
expect_eq "raw: profile changed" "$(rtnl_profile ilnp8 0 0)" \
	"errno 95: The profile is fixed: delete and re-add the device"
expect_eq "raw: the same profile again" "$(rtnl_profile ilnp8 1 0)" \
	"errno 0: "
expect_eq "still prototype" \
	"$($A link show ilnp8 | grep -o ' profile [a-z]*')" " profile prototype"

topo_cleanup
ilnp_unload
