#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The habits of ip(8) and ping(8) in ilnp-ip and ilnp-ping, exact
# outputs: -V, ls/lst, prefixes, -br, -d, -s (-s -s), -j -p, locator
# flush (and no flush where the kernel has nothing to delete with);
# ilnp-ping -q, -w, -D, -O; plain ip: the kind "ilnp" under ip -d, and
# ip link add ... type ilnp without ilnp-ip.
. tests/lib/common.sh
. tests/lib/topo.sh

ilnp_load
bridge_up
ilnp_node a ffff:0:0:a 0:0:0:a
n a ilnp-ip locator add 0:0:0:b dev ilnp0 preference 5
ilnp_node b ffff:0:0:b 0:0:0:a
A="n a ilnp-ip"
ver=$(sed -n 's/^#define ILNP_VERSION "\(.*\)"/\1/p' net/ilnp/main.c)

# -V, both tools.
expect_eq "ilnp-ip -V" "$(ilnp-ip -V)" "ilnp-ip, ilnp $ver"
expect_eq "ilnp-ip -Version" "$(ilnp-ip -Version)" "ilnp-ip, ilnp $ver"
expect_eq "ilnp-ping -V" "$(ilnp-ping -V)" "ilnp-ping, ilnp $ver"

# ls, lst, list: show, for every object that shows (no traffic yet: the
# tables have no ages that move).
for obj in link locator node neigh route cache stats socket; do
	want=$($A -j $obj show)
	for cmd in ls lst list l; do
		expect_eq "$obj $cmd" "$($A -j $obj $cmd)" "$want"
	done
done
# Prefixes, as ip takes them: one letter goes to the first in the table.
expect_eq "l s" "$($A l s)" "$($A link show)"
expect_eq "lo sh" "$($A lo sh)" "$($A locator show)"
expect_eq "n" "$($A n)" "$($A node show)"
expect_eq "ne" "$($A -j ne)" "$($A -j neigh show)"
expect_eq "-j -s is -stats" "$($A -j -st link)" "$($A -json -statistics link)"
rc=0
$A bogus 2>/tmp/err || rc=$?
expect_eq "unknown object: status" "$rc" 1
grep -q 'unknown argument "bogus"' /tmp/err || fail "$(cat /tmp/err)"

# -br: NAME STATE LOCATOR..., as ip -br addr; locator -br the same.
printf -v want '%-16s %-14s %s' ilnp0 UP "0:0:0:a 0:0:0:b"
expect_eq "-br link" "$($A -br link)" "$want"
expect_eq "-br locator" "$($A -br locator show)" "$want"
expect_eq "-br -j link" "$($A -br -j link)" \
	'[{"ifname":"ilnp0","operstate":"UP","locators":["0:0:0:a","0:0:0:b"]}]'
n a ip link set ilnp0 down
printf -v want '%-16s %-14s %s' ilnp0 DOWN "0:0:0:a 0:0:0:b"
expect_eq "-br link, down" "$($A -br link)" "$want"
n a ip link set ilnp0 up

# -d: the kind, ifindexes, state, and each locator's preference and
# underlay group (ff12:0:<group>:0:<locator>).
ifx=$(ip netns exec a cat /sys/class/net/ilnp0/ifindex)
ufx=$(ip netns exec a cat /sys/class/net/eth0/ifindex)
expect_eq "-d link" "$($A -d link show ilnp0)" \
"ilnp0: underlay eth0 port 10000 group 0 mtu $($A -j link | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["mtu"])') locators 0:0:0:a 0:0:0:b
    ilnp ifindex $ifx underlay_ifindex $ufx state UP
    locator 0:0:0:a preference 0 group_address ff12::a
    locator 0:0:0:b preference 5 group_address ff12::b"
expect_eq "-d -j link: kind, group addresses" \
	"$($A -d -j link | python3 -c 'import json,sys; l = json.load(sys.stdin)[0]; print(l["kind"], l["underlay_ifindex"], *(d["group_address"] for d in l["locator_details"]))')" \
	"ilnp $ufx ff12::a ff12::b"
# A device on group 7: its groups carry it.
n a ilnp-ip link add ilnp1 dev eth0 group 7
n a ilnp-ip locator add 0:0:0:c dev ilnp1
$A -d link show ilnp1 | grep -qx '    locator 0:0:0:c preference 0 group_address ff12:0:7::c' ||
	fail "group 7: $($A -d link show ilnp1)"
n a ilnp-ip link del ilnp1

# Traffic, then -s: ip -s link's RX/TX table, from the same counters as
# stats shows (dropped: all drop_* counters); -s -s adds every counter.
wait_ll a
wait_ll b
n b ilnp-ping -c 3 -i 0.2 0:0:0:a:ffff:0:0:a | grep -q ', 3 received' ||
	fail "b does not reach a"
$A stats dev ilnp0 >/tmp/stats
want=$(python3 - /tmp/stats <<'EOF_PY'
import sys
c = dict(l.split() for l in open(sys.argv[1]) if l.startswith("    "))
def table(tag, cols):
    w = [max(6, len(k), len(v)) for k, v in cols]
    print("    %s: " % tag + " ".join("%*s" % (x, k) for x, (k, _) in zip(w, cols)))
    print("        " + " ".join("%*s" % (x, v) for x, (_, v) in zip(w, cols)))
drop = sum(int(v) for k, v in c.items() if k.startswith("drop_"))
table("RX", [("bytes", c["rx_bytes"]), ("packets", c["rx_packets"]),
             ("delivered", c["delivered"]), ("forwarded", c["forwarded"]),
             ("dropped", str(drop))])
table("TX", [("bytes", c["tx_bytes"]), ("packets", c["tx_packets"]),
             ("errors", c["tx_errors"]), ("unicast", c["tx_unicast"])])
EOF_PY
)
cat /tmp/stats
[ "$(awk '$1 == "rx_packets" { print $2 }' /tmp/stats)" -ge 3 ] ||
	fail "a counted no requests"
expect_eq "-s link" "$($A -s link show ilnp0 | tail -n +2)" "$want"
expect_eq "-s -s link" "$($A -s -s link show ilnp0 | tail -n +6)" \
	"$(tail -n +2 /tmp/stats)"
expect_eq "-s -j link: stats64" \
	"$($A -s -j link | python3 -c 'import json,sys; s = json.load(sys.stdin)[0]["stats64"]; print(s["rx"]["packets"], s["tx"]["bytes"])')" \
	"$(awk '$1 == "rx_packets" { p = $2 } $1 == "tx_bytes" { b = $2 } END { print p, b }' /tmp/stats)"

# -j -p: the same JSON, as Python's indent=4 writes it; -p alone changes
# nothing.
for cmd in "-d -s link" "node" "locator" "neigh" "route" "stats dev ilnp0"; do
	# shellcheck disable=SC2086
	$A -j $cmd >/tmp/compact
	# shellcheck disable=SC2086
	expect_eq "-j -p $cmd" "$($A -j -p $cmd)" \
		"$(python3 -c 'import json,sys; print(json.dumps(json.load(open(sys.argv[1])), indent=4, ensure_ascii=False))' /tmp/compact)"
done
expect_eq "-p without -j" "$($A -p locator)" "$($A locator)"

# ilnp-ping -q: the header and the summary, nothing between.
n b ilnp-ping -q -c 2 -i 0.2 0:0:0:a:ffff:0:0:a >/tmp/ping
cat /tmp/ping
expect_eq "-q: no reply lines" "$(grep -c 'bytes from' /tmp/ping)" 0
expect_eq "-q: header, summary" "$(sed 's/, time .*//; s/ = .*//' /tmp/ping)" \
"PING 0:0:0:a:ffff:0:0:a 56 data bytes

--- 0:0:0:a:ffff:0:0:a ping statistics ---
2 packets transmitted, 2 received, 0% packet loss
rtt min/avg/max/mdev"
# -D: every reply with the wall clock first, as ping -D.
t0=$(date +%s)
n b ilnp-ping -D -c 2 -i 0.2 0:0:0:a:ffff:0:0:a >/tmp/ping
cat /tmp/ping
expect_eq "-D lines" "$(grep -cE '^\[[0-9]+\.[0-9]{6}\] 64 bytes from 0:0:0:a:ffff:0:0:a: icmp_seq=[12] hlim=[0-9]+ time=' /tmp/ping)" 2
ts=$(sed -n 's/^\[\([0-9]*\)\..*/\1/p' /tmp/ping | head -1)
(( ts >= t0 && ts <= t0 + 5 )) || fail "-D: time $ts, started $t0"
# -O: a request that gets no answer is reported before the next one.
# ffff:0:0:f is no one (a hears the requests and drops them).
rc=0
n b ilnp-ping -O -c 3 -i 0.2 -W 0.5 0:0:0:a:ffff:0:0:f >/tmp/ping || rc=$?
cat /tmp/ping
expect_eq "-O: status" "$rc" 1
expect_eq "-O lines" "$(grep '^no answer' /tmp/ping)" \
"no answer yet for icmp_seq=1
no answer yet for icmp_seq=2"
# -w: over after the deadline, whatever -c says; status 1 without all
# of count.  Five requests fit in 1 s at 0.2 s intervals.
rc=0
n b ilnp-ping -w 1 -i 0.2 0:0:0:a:ffff:0:0:f >/tmp/ping || rc=$?
cat /tmp/ping
expect_eq "-w: status" "$rc" 1
grep -q '^5 packets transmitted, 0 received, 100% packet loss, time 1[0-9][0-9][0-9]ms$' /tmp/ping ||
	fail "-w 1: $(cat /tmp/ping)"
rc=0
n b ilnp-ping -c 3 -w 1 -i 0.1 0:0:0:a:ffff:0:0:f >/tmp/ping || rc=$?
expect_eq "-w -c, no answer: status" "$rc" 1
grep -q '^3 packets transmitted, 0 received, 100% packet loss, time 1[0-9][0-9][0-9]ms$' /tmp/ping ||
	fail "-w 1 -c 3: $(cat /tmp/ping)"
t0=$(date +%s)
n b ilnp-ping -c 2 -w 10 -i 0.2 0:0:0:a:ffff:0:0:a >/tmp/ping ||
	fail "-w -c with answers: $(cat /tmp/ping)"
[ $(($(date +%s) - t0)) -lt 5 ] || fail "-w 10 -c 2 did not end at its count"

# -d neigh: SEQ, the flood sequence number, after AGE.
n b ilnp-ip node set discovery 1
n a ilnp-ip node set discovery 1
n a ilnp-ip neigh solicit
expect_soon "a learnt b" "b" \
	sh -c "ilnp-ip -n a neigh | awk 'NR > 1 { print \$1 }'"
$A -d neigh
expect_eq "-d neigh: header ends" "$($A -d neigh | awk 'NR == 1 { print $(NF - 1), $NF }')" "AGE SEQ"
expect_eq "neigh: header ends" "$($A neigh | awk 'NR == 1 { print $NF }')" "AGE"
n b ilnp-ip node set discovery 0
n a ilnp-ip node set discovery 0
expect_eq "-d neigh: b's SEQ" "$($A -d neigh | awk 'NR == 2 { print $1, $NF }')" \
	"b $($A -j neigh | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["seq"])')"

# flush: neighbours and routes as ip's, wanting an argument; the cache
# (sessions' nonces) has none.
rc=0
$A cache flush 2>/tmp/err || rc=$?
expect_eq "cache flush: status" "$rc" 1
grep -q 'unknown argument "flush"' /tmp/err || fail "$(cat /tmp/err)"
for obj in neigh route; do
	rc=0
	$A $obj flush 2>/tmp/err || rc=$?
	expect_eq "$obj flush without an argument: status" "$rc" 1
	grep -q 'Flush requires arguments' /tmp/err || fail "$(cat /tmp/err)"
done
expect_eq "a's neighbours before the flush" "$($A neigh | awk 'NR > 1' | wc -l)" 1
rc=0
$A neigh flush dev eth0 2>/tmp/err || rc=$?
expect_eq "neigh flush dev eth0 (no ilnp device): status" "$rc" 2
grep -q 'Not an ilnp device' /tmp/err || fail "$(cat /tmp/err)"
$A neigh flush dev ilnp0
expect_eq "a's neighbours after the flush" "$($A neigh | awk 'NR > 1' | wc -l)" 0
# (monitor.sh flushes learnt routes and watches them go.)
$A route flush all
expect_eq "a's routes after a route flush: its own locators'" \
	"$($A -j route | python3 -c 'import json,sys; print(*sorted(r["locator"] + ("/own" if r["own"] else "") for r in json.load(sys.stdin)))')" \
	"$($A -j locator | python3 -c 'import json,sys; print(*sorted(l["locator"] + "/own" for l in json.load(sys.stdin)))')"
# locator flush, as ip addr flush: needs a device; -s tells what it did.
rc=0
$A locator flush 2>/tmp/err || rc=$?
expect_eq "flush without dev: status" "$rc" 1
grep -q 'Flush requires arguments' /tmp/err || fail "$(cat /tmp/err)"
expect_eq "locators still there" "$($A locator show | wc -l)" 2
expect_eq "-s locator flush" "$($A -s locator flush dev ilnp0)" \
"*** Round 1, deleting 2 locators ***
*** Flush is complete after 1 round ***"
expect_eq "no locators left" "$($A locator show dev ilnp0)" ""
expect_eq "-s flush again" "$($A -s locator flush dev ilnp0)" "Nothing to flush."
expect_eq "flush again, quiet" "$($A locator flush dev ilnp0)" ""
expect_eq "b's locators untouched" "$(n b ilnp-ip locator show)" \
	"0:0:0:a dev ilnp0 preference 0"

# Plain ip: the kind shows under -d; ip link add ... type ilnp makes a
# device with the kernel's defaults (ip has no plugin for port and group).
n a ip -d link show ilnp0 | grep -q '^    ilnp ' ||
	fail "no kind in: $(n a ip -d link show ilnp0)"
n a ip link add ilnp2 type ilnp
expect_eq "ip link add type ilnp" "$($A link show ilnp2 | cut -d' ' -f1-7)" \
	"ilnp2: underlay eth0 port 10000 group 0"
n a ip link del ilnp2
rc=0
n a ip link add ilnp2 type ilnp port 10001 2>/tmp/err || rc=$?
cat /tmp/err
[ "$rc" != 0 ] || fail "ip took port without a plugin"
! n a ip link show ilnp2 2>/dev/null || fail "ilnp2 made"

topo_cleanup
ilnp_unload
