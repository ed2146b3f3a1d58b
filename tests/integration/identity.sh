#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Unmodified programs over the overlay (issue 14): every node has an
# identity address (prefix | NID) on its overlay device, with the
# prefix's route; ordinary IPv6 sockets reach other nodes by it, and
# their flows follow the node when it moves.
#  (a) the address, its route and `ilnp-ip node show`; a new prefix
#      replaces it; a prefix that is a locator is refused;
#  (b) ping -6 and a UDP socket reach CN through the router; an AF_ILNP
#      socket and a UDP socket on one port number each get their own;
#  (c) a TCP stream MN -> CN of a known pattern while MN moves a -> b ->
#      c -> a with soft handoffs: every byte arrives (SHA-256), the
#      connection never resets, and never stalls for more than a second;
#      then a hard move: the connection survives, its stall is reported;
#  (d) bad input: an identity packet for all nodes, an IPv6 packet of the
#      stack's for an address outside the prefix: counted, refused.
#
#   R  ffff:0:0:1 on a, b, c (router)
#   CN ffff:0:0:c on b
#   MN ffff:0:0:d on a, moving
. tests/lib/common.sh
. tests/lib/topo.sh

PREFIX=fd69:6c6e:7000
# The identity addresses, as inet_ntop writes them (ilnp-ip node show).
MN_ID=$PREFIX:0:ffff::d CN_ID=$PREFIX:0:ffff::c
# Discovery answers solicitations (each node's own round an hour away):
# unmodified programs find their peers' locators there.
ILNP_DISCOVERY=3600
FLOW="python3 $PWD/tests/lib/tcpflow.py"
ilnp_load
trap 'for ns in $(ip netns list | cut -d" " -f1); do
	ip netns pids "$ns" | xargs -r kill 2>/dev/null; done' EXIT
bridge_up
ilnp_node R ffff:0:0:1 0:0:0:a 0:0:0:b 0:0:0:c
ilnp_node CN ffff:0:0:c 0:0:0:b
ilnp_node MN ffff:0:0:d 0:0:0:a
for x in R CN MN; do wait_ll "$x"; done

# wait_identity NODE ADDR: until ilnp0 carries ADDR (a work item adds it).
wait_identity() {
	local i
	for i in $(seq 50); do
		[ -n "$(n "$1" ip -6 -o addr show dev ilnp0 to "$2/128")" ] &&
			return 0
		sleep 0.1
	done
	n "$1" ip -6 addr show dev ilnp0
	fail "$1: no identity address $2"
}

# --- (a) the address ------------------------------------------------------
wait_identity MN $MN_ID
wait_identity CN $CN_ID
expect_eq "node show" "$(n MN ilnp-ip node show | sed -n 2p)" \
	"ipv6 $MN_ID prefix $PREFIX::/64"
expect_eq "the prefix's route" \
	"$(n MN ip -6 route show $PREFIX::/64 | awk '{ print $1, $2, $3 }')" \
	"$PREFIX::/64 dev ilnp0"
n MN ip -6 addr show dev ilnp0
expect_eq "no link-local address" \
	"$(n MN ip -6 addr show dev ilnp0 scope link | grep -c inet6)" 0
# A new NID or prefix: the old address goes, the new one comes.
n R ilnp-ip node set prefix fd00:1:2:3::/64
wait_identity R fd00:1:2:3:ffff::1
expect_eq "R's old address gone" \
	"$(n R ip -6 addr show dev ilnp0 | grep -c "$PREFIX")" 0
n R ilnp-ip node set prefix $PREFIX::
wait_identity R $PREFIX:0:ffff::1
rc=0
n R ilnp-ip node set prefix 0:0:0:a:: 2>/tmp/err || rc=$?
expect_eq "a locator as prefix: exit" "$rc" 2
grep -q "one of the node's locators" /tmp/err || fail "$(cat /tmp/err)"
rc=0
n R ilnp-ip node set prefix fe80:: 2>/tmp/err || rc=$?
expect_eq "a link-local prefix: exit" "$rc" 2
rc=0
n R ilnp-ip locator add $PREFIX:0 dev ilnp0 2>/tmp/err || rc=$?
expect_eq "the prefix as a locator: exit" "$rc" 2
grep -q "the node's identity prefix" /tmp/err || fail "$(cat /tmp/err)"

# --- (b) ping, UDP ---------------------------------------------------------
n MN ilnp-ip neigh solicit
n CN ilnp-ip neigh solicit
for i in $(seq 50); do
	n MN ilnp-ip resolve CN >/dev/null 2>&1 &&
		n CN ilnp-ip resolve MN >/dev/null 2>&1 && break
	sleep 0.1
done
n MN ping -6 -c 3 -i 0.2 -W 2 $CN_ID >/tmp/ping ||
	{ cat /tmp/ping; fail "ping -6 MN -> CN"; }
cat /tmp/ping
grep -q "3 packets transmitted, 3 received" /tmp/ping || fail "ping lost"
expect_eq "CN identity_rx after ping" "$(stat CN ilnp0 identity_rx)" 3
expect_eq "CN identity_tx after ping" "$(stat CN ilnp0 identity_tx)" 3

# The same port number, 9000, for an AF_ILNP socket and a UDP one.
ip netns exec CN tools/ilnp-recv -p 9000 -c 5 -d 20 -o /tmp/stp.log &
stp_recv=$!
wait_port CN 9000
n CN timeout 20 socat -u UDP6-RECVFROM:9000 OPEN:/tmp/udp.out,creat,trunc &
udp_recv=$!
sleep 0.5
n MN tools/ilnp-send -r 50 -c 5 -s 100 -o /tmp/stp-send.log \
	0:0:0:b:ffff:0:0:c 9000
echo "hello over the overlay" |
	n MN socat -u - UDP6-SENDTO:[$CN_ID]:9000
wait $stp_recv
wait $udp_recv || fail "socat: no datagram"
expect_eq "AF_ILNP socket: datagrams" "$(wc -l </tmp/stp.log)" 5
expect_eq "UDP socket: its datagram" "$(cat /tmp/udp.out)" \
	"hello over the overlay"

# --- (c) TCP across moves --------------------------------------------------
# tcp_flow SECONDS KBPS: start the stream; tcp_flow_end checks it.
tcp_flow() {
	rm -f /tmp/flow.out
	n CN $FLOW serve 5001 /tmp/flow.out &
	FLOW_SERVER=$!
	sleep 1
	n MN $FLOW send $CN_ID 5001 "$1" "$2" >/tmp/flow.sent &
	FLOW_CLIENT=$!
}

# Where losses went: every drop and error counter not 0, TCP's
# retransmissions and ICMPv6 errors.
drops_show() {
	local x
	for x in R CN MN; do
		n $x ilnp-ip stats | awk -v x=$x '/^[a-z]/ && NF == 1 { dev = $1 }
			$1 ~ /drop|err|overflow/ && $2 != 0 { print x, dev, $1, $2 }'
		n $x nstat -az TcpRetransSegs TcpExtTCPLostRetransmit \
			TcpExtTCPTimeouts Icmp6OutDestUnreachs Icmp6OutPktTooBigs |
			awk -v x=$x 'NR > 1 && $2 != 0 { print x, $1, $2 }'
	done
}

tcp_flow_end() {	# NAME MAX_STALL_MS (empty: report only)
	wait $FLOW_CLIENT || fail "$1: the sender failed: $(cat /tmp/flow.sent)"
	wait $FLOW_SERVER || fail "$1: the receiver failed: $(cat /tmp/flow.out)"
	cat /tmp/flow.sent
	head -1 /tmp/flow.out
	awk '$1 == "second" { printf "%s:%s ", $2, $3 } END { print "" }' \
		/tmp/flow.out
	expect_eq "$1: bytes and hash" \
		"$(awk 'NR == 1 { print $2, $4 }' /tmp/flow.out)" \
		"$(awk '{ print $2, $4 }' /tmp/flow.sent)"
	STALL=$(awk 'NR == 1 { print $6 }' /tmp/flow.out)
	drops_show
	[ -z "${2:-}" ] || [ "$STALL" -le "$2" ] ||
		fail "$1: stalled ${STALL} ms (at most $2)"
}

n MN ilnp-ip node set path-hold 50
n CN ilnp-ip node set path-hold 50
tcp_flow 9 100
for move in "a b" "b c" "c a"; do
	set -- $move
	sleep 2
	n MN ilnp-ip locator move 0:0:0:$1 0:0:0:$2 dev ilnp0 handoff 1
done
tcp_flow_end "soft handoffs" 1000
expect_eq "moves acked" "$(stat MN ilnp0 lu_acked)" 6
n CN ilnp-ip cache show

# A hard move: no overlap; TCP retransmits across the gap.
tcp_flow 6 100
sleep 2
n MN ilnp-ip locator move 0:0:0:a 0:0:0:c dev ilnp0
tcp_flow_end "hard move"
echo "hard move: stall $STALL ms"

# --- (d) bad input -----------------------------------------------------------
# The stack's packet for an address outside the prefix, through the
# device: refused, counted, the sender told.
n MN ip -6 route add fd00:99::/64 dev ilnp0
before=$(stat MN ilnp0 drop_not_identity)
n MN ping -6 -c 1 -W 1 fd00:99::1 >/tmp/ping 2>&1 && fail "ping outside"
cat /tmp/ping
expect_eq "drop_not_identity" "$(stat MN ilnp0 drop_not_identity)" \
	$((before + 1))

ilnp_unload
