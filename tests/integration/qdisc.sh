#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The overlay device transmits what the node sends, after its qdisc:
#
#   +- netns a ------------------+        +- netns b ------------------+
#   | ilnp0 + QDISC  locator a   |        | ilnp0          locator a   |
#   | NID ffff:0:0:a             |        | NID ffff:0:0:b             |
#   +----------- eth0 -----------+        +----------- eth0 -----------+
#                  \________________ br0 _______________/
#
# netem delay 10ms on a's ilnp0 delays every ping by at least 10 ms (50
# on the debug kernel, whose round trips alone may take 10);
# netem and fq (prio on the debug kernel) count exactly the packets a
# sends, as do the tx counters of ip -s link; a datagram flow through fq
# arrives whole and in order;
# a qdisc that drops everything makes sends fail with ENOBUFS, through a
# socket and through ilnp-ping.  Discovery is off: a sends nothing but
# what the test makes it send.
. tests/lib/common.sh
. tests/lib/topo.sh

DELAY=$([ "${ILNP_KERNEL:-}" = debug ] && echo 50 || echo 10)
# Datagrams a second through fq: the debug kernel under TCG loses them
# in its receive path past a few hundred (tests/integration/handoff.sh).
RATE=$([ "${ILNP_KERNEL:-}" = debug ] && echo 100 || echo 1000)
# fq, or prio on the debug kernel, built without fq
# (tests/vm/kernel-debug.config).
FLOWQ=$([ "${ILNP_KERNEL:-}" = debug ] && echo prio || echo fq)

ilnp_load
bridge_up
ilnp_node a ffff:0:0:a 0:0:0:a
ilnp_node b ffff:0:0:b 0:0:0:a
wait_ll a
wait_ll b
B=0:0:0:a:ffff:0:0:b

# tx: "PACKETS BYTES" of a's ilnp0, from ip -s link.
tx() {
	n a ip -s link show ilnp0 | awk '/^ *TX:/ { getline; print $2, $1 }'
}
# qdisc_sent: "PACKETS BYTES" of a's root qdisc on ilnp0.
qdisc_sent() {
	n a tc -s qdisc show dev ilnp0 root | awk '/Sent/ { print $4, $2 }'
}
# ping_min COUNT: the smallest RTT, ms; all COUNT answered.
ping_min() {
	local out
	out=$(n a ilnp-ping -c "$1" -i 0.1 $B)
	echo "$out" >&2
	echo "$out" | grep -q ", $1 received" || fail "ping: not $1 answered"
	echo "$out" | sed -n 's,^rtt min/avg/max/mdev = \([0-9.]*\)/.*,\1,p'
}
# delta BEFORE AFTER: "PACKETS BYTES" AFTER - BEFORE.
delta() {
	echo "$1 $2" | awk '{ print $3 - $1, $4 - $2 }'
}

n a tc qdisc show dev ilnp0 | grep -q '^qdisc noqueue' ||
	fail "ilnp0 does not start without a queue"
n a ip -s link show ilnp0

# netem: DELAY ms more on every round trip, counted as sent.
base=$(ping_min 10)
awk -v m="$base" -v d="$DELAY" 'BEGIN { exit !(m < d) }' ||
	fail "RTT without netem already $base ms"
n a tc qdisc add dev ilnp0 root netem delay "${DELAY}ms"
before=$(tx)
delayed=$(ping_min 20)
after=$(tx)
echo "min RTT: $base ms, with netem delay ${DELAY}ms: $delayed ms"
awk -v m="$delayed" -v d="$DELAY" 'BEGIN { exit !(m >= d) }' ||
	fail "min RTT with netem delay ${DELAY}ms: $delayed ms, want >= $DELAY"
n a tc -s qdisc show dev ilnp0
sent=$(qdisc_sent)
expect_eq "netem sent (packets bytes)" "$sent" "$(delta "$before" "$after")"
expect_eq "netem sent packets" "${sent%% *}" 20

# fq: a flow of datagrams, complete and in order, each counted.
n a tc qdisc replace dev ilnp0 root "$FLOWQ"
n b ilnp-recv -p 9000 -b 8388608 -c 300 -d 60 -o /tmp/recv.log 2>/tmp/recv.sum &
recv=$!
wait_port b 9000
before=$(tx)
n a ilnp-send -c 300 -r "$RATE" -s 200 -o /tmp/send.log $B 9000
wait $recv
after=$(tx)
tail -n 1 /tmp/recv.sum
expect_eq "ilnp-recv says" "$(tail -n 1 /tmp/recv.sum)" \
	"ilnp-recv: received 300, lost 0, duplicated 0, reordered 0, short 0"
n a tc -s qdisc show dev ilnp0
sent=$(qdisc_sent)
expect_eq "$FLOWQ sent (packets bytes)" "$sent" "$(delta "$before" "$after")"
# 200 bytes of data, 8 of STP header, 8 of nonce option, 40 of header.
expect_eq "$FLOWQ sent" "$sent" "300 $((300 * (200 + 8 + 8 + 40)))"

# A qdisc that takes nothing: the senders hear ENOBUFS.
n a tc qdisc replace dev ilnp0 root pfifo limit 0
before=$(tx)
! n a tests/sockets/stp_tool send 9001 9000 x $B 2>/tmp/send.err ||
	fail "send through a full qdisc succeeded"
tail -n 1 /tmp/send.err
expect_eq "socket send error" "$(tail -n 1 /tmp/send.err)" \
	"stp_tool: sendto: No buffer space available"
! n a ilnp-ping -c 1 -W 1 $B 2>/tmp/ping.err || fail "ping through a full qdisc"
grep -q 'sendmsg: No buffer space available' /tmp/ping.err ||
	fail "ping: $(cat /tmp/ping.err), want ENOBUFS"
n a tc -s qdisc show dev ilnp0 | grep -q 'dropped 2,' ||
	fail "pfifo did not drop the two"
expect_eq "tx counters after drops" "$(tx)" "$before"

# Back to no queue: traffic flows.
n a tc qdisc del dev ilnp0 root
n a ilnp-ping -c 2 -i 0.2 $B | grep -q ', 2 received' ||
	fail "no traffic after the qdisc went"
topo_cleanup
ilnp_unload
