#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# STP and AF_ILNP sockets between processes and nodes (helpers in
# tests/sockets, built on the host): echo through a router; 100 sockets
# of one node at once; one port bound in two nodes; a receive-buffer
# overflow counted exactly (queued + socket drops == sent, and the
# device's drop_rcvbuf agrees); a process killed with data queued frees
# its port; bad STP datagrams from a stranger counted, never delivered;
# a connected socket follows its peer across locators; rmmod refused
# while a socket is open, fine once it is closed.
# A on locator a, R on a and b, B on b (and on a too for (h) only).
. tests/lib/common.sh
. tests/lib/topo.sh

T=tests/sockets
STPPKT="python3 $PWD/tests/lib/stppkt.py"
for p in responder stp_tool; do
	[ -x $T/$p ] || fail "$T/$p not built (make -C $T)"
done
ECHO=tools/examples
[ -x $ECHO/echo-server ] && [ -x $ECHO/echo-client ] ||
	fail "tools/examples not built"

A=0:0:0:a:ffff:0:0:a
B=0:0:0:b:ffff:0:0:b

ilnp_load
bridge_up
ilnp_node a ffff:0:0:a 0:0:0:a
ilnp_node r ffff:0:0:1 0:0:0:a 0:0:0:b
ilnp_node b ffff:0:0:b 0:0:0:b
for x in a r b; do wait_ll "$x"; done

# proc_field NODE PORT COLUMN: a column of PORT's /proc/net/ilnp/sockets
# line (5 recv_q, 7 drops).
proc_field() {
	n "$1" awk -v p="$2" -v c="$3" 'NR > 1 && $2 == p { print $c }' \
		/proc/net/ilnp/sockets
}

# sockets_same NODE: ilnp-ip socket show, from the netlink socket dump,
# lists exactly what /proc/net/ilnp/sockets does, field for field; its
# lines (in the file's format) are left in $nl_sockets.
sockets_same() {
	nl_sockets=$(n "$1" ilnp-ip -j socket show | python3 -c '
import json, sys
for s in json.load(sys.stdin):
    print(s["local"], s["port"], s["peer"] or "*", s["peer_port"] or 0,
          s["recv_q"], s["send_q"], s["drops"], s["uid"], s["inode"])')
	echo "$nl_sockets"
	expect_eq "$1: ilnp-ip socket show vs /proc" "$nl_sockets" \
		"$(n "$1" awk 'NR > 1' /proc/net/ilnp/sockets)"
}

# Servers in B, started directly (not through n()) so that $! is the
# program itself: ip netns exec execs it.
ip netns exec b $ECHO/echo-server 7 >/tmp/echo-server.log &
echo_srv=$!
ip netns exec b $T/responder 7100 &
resp=$!
wait_port b 7
wait_port b 7100

# (a) Echo through the router: 3 messages, 3 echoes, each way through R.
fwd=$(stat r ilnp0 forwarded)
out=$(n a $ECHO/echo-client -c 3 -W 5 $B 7)
echo "$out"
expect_eq "echoes through R" "$(echo "$out" | grep -c "^reply 11 bytes from ::b:ffff:0:0:b port 7$")" 3
expect_eq "R forwarded" "$(stat r ilnp0 forwarded)" $((fwd + 6))
# Now A knows where B's NID is: locator 0 lets the kernel use it.
out=$(n a $ECHO/echo-client -c 1 -W 5 ::ffff:0:0:b 7)
echo "$out"
expect_eq "echo with locator 0" "$(echo "$out" | grep -c "^reply 11 bytes from ::b:ffff:0:0:b port 7$")" 1

# (b) 100 sockets of A at once, each gets exactly its own echo.
out=$(n a $T/stp_tool many $B 7100 100)
echo "$out"
expect_eq "100 sockets" "$out" "many: 100 sockets, 100 replies, 0 problems"

# (c) Nodes have separate port spaces: A and B both hold port 5000.
ip netns exec a $T/stp_tool hold 5000 /tmp/hold-a &
ip netns exec b $T/stp_tool hold 5000 /tmp/hold-b &
wait_file /tmp/hold-a
wait_file /tmp/hold-b
expect_eq "A bound 5000" "$(proc_field a 5000 1)" 0:0:0:0:ffff:0:0:a
expect_eq "B bound 5000" "$(proc_field b 5000 1)" 0:0:0:0:ffff:0:0:b
out=$(n a $T/stp_tool bind 5000 || true)
expect_eq "third bind in A" "$out" "bind 5000: EADDRINUSE"
kill "$(cat /tmp/hold-a)" "$(cat /tmp/hold-b)"
wait "$(cat /tmp/hold-a)" "$(cat /tmp/hold-b)" || true

# (d) Receive buffer overflow, counted exactly: B bursts 60 datagrams of
# 1000 bytes at a socket of A with the smallest SO_RCVBUF, not read.
sent=60
before=$(stat a ilnp0 drop_rcvbuf)
out=$(n a $T/stp_tool rcvbuf $B 7100 $sent 1000)
echo "$out"
read -r _ queued _ drops _ recv_q _ rcvbuf <<<"$out"
[ "$queued" -gt 0 ] && [ "$drops" -gt 0 ] ||
	fail "want some queued and some dropped: $out"
expect_eq "queued + socket drops" $((queued + drops)) $sent
expect_eq "device drop_rcvbuf" "$(stat a ilnp0 drop_rcvbuf)" $((before + drops))
# The queue stopped once it reached SO_RCVBUF, not before and not later:
# only the last datagram taken may overshoot it (sockets.rst, "Buffers").
[ "$recv_q" -ge "$rcvbuf" ] && [ $((recv_q - recv_q / queued)) -lt "$rcvbuf" ] ||
	fail "receive queue $recv_q bytes ($queued datagrams), SO_RCVBUF $rcvbuf"

# (e) A process killed with datagrams queued: its port is free at once
# and no socket is left (kmemleak on the debug kernel checks the rest).
ip netns exec a $T/stp_tool hold 6000 /tmp/hold-e $B 7100 3 &
wait_file /tmp/hold-e
victim=$(cat /tmp/hold-e)
q=$(proc_field a 6000 5)
[ "${q:-0}" -gt 0 ] || fail "nothing queued on port 6000 (recv_q '$q')"
sockets_same a
echo "$nl_sockets" | grep -q "^0:0:0:0:ffff:0:0:a 6000 \* 0 $q " ||
	fail "port 6000 with $q bytes queued not in the socket dump"
kill -KILL "$victim"
wait "$victim" || true
expect_eq "port 6000 after SIGKILL" "$(proc_field a 6000 2)" ""
# Every socket of A is gone now: none listed, none in use.
expect_eq "A's sockets" "$(n a awk 'NR > 1' /proc/net/ilnp/sockets | wc -l)" 0
expect_eq "A's ILNP sockets in use" \
	"$(n a awk '$1 == "ILNP" { print $3 }' /proc/net/protocols)" 0
expect_eq "bind 6000 again" "$(n a $T/stp_tool bind 6000)" "bound 6000"

# (g) Bad STP datagrams to B from a forged peer (sent by A's underlay
# as plain UDP, A's own overlay does not hear them): each dropped and
# counted by exactly one, none delivered; a valid one in the same batch
# is (the control).
# The receiver stops at a last valid datagram "end": all came before it.
# One ilnp-ip call per snapshot of B's counters (process starts are slow
# on the debug kernel): snap NAME fills the associative array NAME.
snap() {
	local -n arr=$1
	local k v
	while read -r k v; do
		if [ -n "$k" ]; then arr[$k]=$v; fi
	done < <(n b ilnp-ip stats dev ilnp0)
}
check() {	# check COUNTER INCREASE: between snapshots "before" and "now"
	expect_eq "$1" "${now[$1]}" $((before[$1] + $2))
}
declare -A before now
snap before
ip netns exec b $T/stp_tool recv 7200 30 /tmp/recv-ready >/tmp/recv.out &
rcv=$!
wait_file /tmp/recv-ready
n a $STPPKT inject eth0 0:0:0:b checksum,long,valid,valid@7299,valid=end \
	--dst $B --src 0:0:0:99:0:0:0:99 --sport 4242 --dport 7200 \
	--data good
wait $rcv
cat /tmp/recv.out
expect_eq "delivered" "$(cat /tmp/recv.out)" \
	"from 0:0:0:99:0:0:0:99 port 4242 len 4: good
received 1"
snap now
check drop_checksum 1
check drop_length 1
check drop_no_port 1
check drop_malformed 0
check drop_rcvbuf 0
# A checksum of 0 is invalid on receipt; a length short of what arrived
# is a lie too.
ip netns exec b $T/stp_tool recv 7200 30 /tmp/recv-ready2 >/tmp/recv.out &
rcv=$!
wait_file /tmp/recv-ready2
n a $STPPKT inject eth0 0:0:0:b zero,short,valid=end --dst $B \
	--dport 7200 --data bad
wait $rcv
expect_eq "delivered" "$(cat /tmp/recv.out)" "received 0"
snap now
check drop_checksum 2
check drop_length 2
check drop_no_port 1

# (h) A connected socket takes its peer's datagrams whatever locator
# they come from, and only its peer's (NID and port): R (on a and b) is
# connected to B's port 5100 at locator b; B, now on network a too,
# sends from b and from a, A from the same port, B from another port.
# Last, B's "end".
n b ilnp-ip locator add 0:0:0:a dev ilnp0
ip netns exec r $T/stp_tool recv 5200 30 /tmp/recv-h $B 5100 \
	>/tmp/recv-h.out &
rcv=$!
wait_file /tmp/recv-h
sockets_same r
echo "$nl_sockets" | grep -q "^0:0:0:0:ffff:0:0:1 5200 $B 5100 " ||
	fail "connected socket 5200 not in the socket dump"
n b $T/stp_tool send 5100 5200 moved 0:0:0:b:ffff:0:0:1 0:0:0:a:ffff:0:0:1
n a $T/stp_tool send 5100 5200 stranger 0:0:0:a:ffff:0:0:1
n b $T/stp_tool send 5101 5200 other-port 0:0:0:b:ffff:0:0:1
n b $T/stp_tool send 5100 5200 end 0:0:0:b:ffff:0:0:1
wait $rcv
cat /tmp/recv-h.out
expect_eq "connected socket took" "$(cat /tmp/recv-h.out)" \
	"from 0:0:0:b:ffff:0:0:b port 5100 len 5: moved
from 0:0:0:a:ffff:0:0:b port 5100 len 5: moved
received 2"

# The servers go; then only the holder below has a socket.
kill "$echo_srv" "$resp"
wait "$echo_srv" "$resp" || true

# (f) rmmod while a socket is open: refused, the module stays; once the
# socket is closed rmmod works.
ip netns exec a $T/stp_tool hold 6100 /tmp/hold-f &
wait_file /tmp/hold-f
if rmmod ilnp; then
	fail "rmmod succeeded with a socket open"
fi
[ -d /sys/module/ilnp ] || fail "module gone with a socket open"
expect_eq "socket still listed" "$(proc_field a 6100 2)" 6100
kill "$(cat /tmp/hold-f)"
wait "$(cat /tmp/hold-f)" || true
topo_cleanup
ilnp_unload
