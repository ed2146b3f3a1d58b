#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The Wireshark dissector on the module's own traffic: R on a, b and c,
# CN on b, MN on a (mobility_nodes).  Captured with dumpcap on the three
# nodes' bridge ports: MN's solicitation and the advertisements that
# answer it, MN pinging CN by name (ilnp-ping) and by identity address
# (ping -6: identity packets, ICMPv6 inside), STP datagrams MN -> CN (ilnp-send,
# ilnp-recv) while MN moves a -> c with a soft handoff: its locator
# updates, CN's return routability probe of c and its acks.  Decoded by
# tshark with tools/wireshark/ilnp.lua: each message type is there with
# the right locators and NIDs, the datagrams switch from a to c, and no
# packet carries expert info (malformed, bad checksum) or a Lua error.
. tests/lib/common.sh
. tests/lib/topo.sh

LUA=$PWD/tools/wireshark/ilnp.lua
CAP=/tmp/ilnp.pcapng
# tshark's own configuration, not the (read-only) host's.
export HOME=/tmp/wshome
mkdir -p "$HOME"

# As handoff.sh: the debug kernel's starved guest may deliver the old
# path's datagrams long after the new path's (a flow holds up to 1 s on
# a path change there), and more slowly: a longer overlap and flow.
if [ "${ILNP_KERNEL:-}" = debug ]; then
	HOLD=1000 OVERLAP=3 COUNT=100
else
	HOLD=50 OVERLAP=1 COUNT=40
fi
ilnp_load
mobility_nodes
# dumpcap takes seconds to start in a TCG guest: meanwhile the rest.
# (The filter before the interfaces: it applies to each.)
dumpcap -q -f "udp port 10000" -i v-R -i v-CN -i v-MN -w "$CAP" \
	2>/tmp/dumpcap.err &
DUMPCAP=$!
for x in R CN MN; do wait_ll "$x"; done
# Discovery was off while the nodes came up (no start-up messages): on
# now, with a period of an hour, so that only MN's solicitation below
# makes any.
for x in R CN MN; do n "$x" ilnp-ip node set discovery 3600; done
n MN ilnp-ip node set path-hold "$HOLD"
n CN ilnp-ip node set path-hold "$HOLD"
for i in $(seq 150); do
	grep -q "^Capturing on" /tmp/dumpcap.err 2>/dev/null && break
	sleep 0.1
done
cat /tmp/dumpcap.err
grep -q "^Capturing on" /tmp/dumpcap.err || fail "dumpcap did not start"

# Discovery by name, then a ping by name.
n MN ilnp-ip neigh solicit
for i in $(seq 50); do
	n MN ilnp-ip resolve CN >/dev/null 2>&1 && break
	sleep 0.1
done
expect_eq "MN resolves CN" "$(n MN ilnp-ip resolve CN)" 0:0:0:b:ffff:0:0:c
out=$(n MN ilnp-ping -c 2 -i 0.2 -W 3 CN)
echo "$out"
[[ $out == *"2 packets transmitted, 2 received"* ]] || fail "MN cannot ping CN"

# An unmodified program: ping -6 between identity addresses, which the
# overlay carries as identity packets (a work item puts them on ilnp0).
MN_ID=fd69:6c6e:7000:0:ffff::d CN_ID=fd69:6c6e:7000:0:ffff::c
for i in $(seq 50); do
	[ -n "$(n MN ip -6 -o addr show dev ilnp0 to "$MN_ID/128")" ] &&
		[ -n "$(n CN ip -6 -o addr show dev ilnp0 to "$CN_ID/128")" ] &&
		break
	sleep 0.1
done
n MN ping -6 -c 1 -W 3 "$CN_ID" || fail "ping -6 MN -> CN's identity address"

# STP both ways across a soft handoff a -> c (OVERLAP s on both):
# CN knows MN as a correspondent (an ILCC entry, MN's nonce) only once
# it has sent to it, and takes MN's updates only then.
ip netns exec CN tools/ilnp-recv -p 9000 -c "$COUNT" -d 60 -o /tmp/cn.log &
RECV="$!"
ip netns exec MN tools/ilnp-recv -p 9000 -c "$COUNT" -d 60 -o /tmp/mn.log &
RECV="$RECV $!"
wait_port CN 9000
wait_port MN 9000
n MN tools/ilnp-send -r 20 -c "$COUNT" -s 100 CN 9000 >/dev/null &
SEND="$!"
n CN tools/ilnp-send -r 20 -c "$COUNT" -s 100 MN 9000 >/dev/null &
SEND="$SEND $!"
sleep 0.5
n MN ilnp-ip locator move 0:0:0:a 0:0:0:c dev ilnp0 handoff "$OVERLAP"
for p in $SEND $RECV; do wait "$p"; done
expect_eq "datagrams at CN" "$(wc -l </tmp/cn.log)" "$COUNT"
expect_eq "datagrams at MN" "$(wc -l </tmp/mn.log)" "$COUNT"
expect_soon "MN's updates acked" 2 stat MN ilnp0 lu_acked
sleep 0.3
kill -INT $DUMPCAP
wait $DUMPCAP || true

# One tshark run (each takes seconds here): every packet's fields, one
# line each; the capture filter let only the overlay's port in.
tshark -X "lua_script:$LUA" -r "$CAP" -T fields -E separator='|' \
	-E occurrence=a -e frame.interface_name -e ilnp.src -e ilnp.dst \
	-e ilnp.icmp.type -e ilnp.lu.op -e ilnp.lu.seq -e ilnp.lu.loc \
	-e ilnp.disc.origin -e ilnp.disc.hostname -e ilnp.disc.loc \
	-e ilnp.stp.dport -e ilnp.stp.checksum.status \
	-e ilnp.icmp.checksum.status -e ilnp.nonce -e ilnp.echo.probe \
	-e ilnp.ident.nxt -e _ws.expert.message -e ilnp.net -e _ws.col.Info >/tmp/ilnp.txt 2>/tmp/tshark.err
grep -v '^Running as user "root"' /tmp/tshark.err && fail "tshark: the above"
# What CN's port saw (Documentation/capture.rst shows it): each STP
# flow's first datagram from or to a locator only, with the count.
echo "$(wc -l </tmp/ilnp.txt) ILNP packets captured; CN's port:"
awk -F'|' '$1 != "v-CN" { next }
	$11 == 9000 { k = $2 " > " $3; if (k in seen) { seen[k]++; next }
		      seen[k] = 1 }
	{ printf "%-7s %-19s > %-19s %s\n", $18, $2, $3, $NF }
	END { for (k in seen) printf "STP %s: %d datagrams\n", k, seen[k] }' \
	/tmp/ilnp.txt

# has WHAT AWK-CONDITION: some packet matches ($2 src, $3 dst, ...).
has() {
	awk -F'|' "$2 { f = 1 } END { exit !f }" /tmp/ilnp.txt ||
		fail "no $1 in the capture"
	echo "ok: $1"
}
MN_A=0:0:0:a:ffff:0:0:d MN_C=0:0:0:c:ffff:0:0:d CN=0:0:0:b:ffff:0:0:c
ALL=ff02:0:0:1:0:0:0:0
has "solicitation from MN" \
	"\$4 == 200 && \$2 == \"$MN_A\" && \$3 == \"$ALL\" && \$8 == \"ffff:0:0:d\" && \$9 == \"MN\" && \$10 == \"0:0:0:a\""
has "advertisement from CN" \
	"\$4 == 201 && \$2 == \"$CN\" && \$8 == \"ffff:0:0:c\" && \$9 == \"CN\" && \$10 == \"0:0:0:b\""
has "advertisement from R" \
	"\$4 == 201 && \$8 == \"ffff:0:0:1\" && \$9 == \"R\" && \$10 == \"0:0:0:a,0:0:0:b,0:0:0:c\""
has "echo request MN -> CN" "\$4 == 128 && \$2 == \"$MN_A\" && \$3 == \"$CN\""
has "echo reply CN -> MN" "\$4 == 129 && \$2 == \"$CN\" && \$3 == \"$MN_A\""
has "STP MN -> CN from a" "\$11 == 9000 && \$2 == \"$MN_A\" && \$3 == \"$CN\""
has "STP MN -> CN from c" "\$11 == 9000 && \$2 == \"$MN_C\" && \$3 == \"$CN\""
has "STP CN -> MN at a" "\$11 == 9000 && \$2 == \"$CN\" && \$3 == \"$MN_A\""
has "STP CN -> MN at c" "\$11 == 9000 && \$2 == \"$CN\" && \$3 == \"$MN_C\""
has "locator update MN -> CN naming c" \
	"\$5 == 1 && \$2 ~ /:ffff:0:0:d\$/ && \$3 == \"$CN\" && \$7 ~ /0:0:0:c/ && \$14 != \"\""
has "CN's probe of c" \
	"\$4 == 128 && \$2 == \"$CN\" && \$3 == \"$MN_C\" && \$15 == 1"
has "identity packet MN -> CN (ICMPv6)" \
	"\$16 == 58 && \$2 == \"$MN_A\" && \$3 == \"$CN\" && \$14 != \"\""
has "identity packet CN -> MN (ICMPv6)" \
	"\$16 == 58 && \$2 == \"$CN\" && \$3 == \"$MN_A\""
has "ack CN -> MN at c" "\$5 == 2 && \$2 == \"$CN\" && \$3 == \"$MN_C\""
# Each ack repeats an update's sequence.
awk -F'|' '$5 == 1 { u[$6] = 1 } $5 == 2 { a[$6] = 1 }
	END { for (s in a) if (!(s in u)) exit 1; exit !length(a) }' \
	/tmp/ilnp.txt || fail "an ack's sequence is no update's"
# At CN's port: after MN's first datagram from c, none from a; after
# CN's first to c, none to a.  (Across ports the capture's order is not
# the wire's: R's and CN's ports each timestamp their copy.)
awk -F'|' -v a="$MN_A" -v c="$MN_C" '$1 != "v-CN" || $11 != 9000 { next }
	$2 == c { from = 1 } $2 == a && from { print; bad = 1 }
	$3 == c { to = 1 } $3 == a && to { print; bad = 1 }
	END { exit bad }' /tmp/ilnp.txt ||
	fail "STP from or to a after it went to c"
# Every packet decoded as ILNPv6, every checksum good, no expert info
# from any layer (malformed, bad checksum, ICMPv6's inside).
awk -F'|' '$2 == "" || ($12 != "" && $12 != 1) || ($13 != "" && $13 != 1) ||
	$17 != "" { print; bad = 1 } END { exit bad }' /tmp/ilnp.txt ||
	fail "undecoded, expert info or a bad checksum: the lines above"
echo "ok: every packet ILNPv6, no expert info, every checksum good"

topo_cleanup
ilnp_unload
