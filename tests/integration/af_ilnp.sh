#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# AF_ILNP sockets: the whole API, errno by errno (tests/progs/socket_api),
# against echo servers on a peer; then what needs several processes or
# nodes: echo through a router, 100 sockets at once, one port in two
# nodes, a killed process with data queued, rmmod refused while a socket
# is open, bad STP datagrams counted.
. tests/lib/common.sh
. tests/lib/topo.sh

ilnp_load
trap 'kill $(jobs -p) 2>/dev/null || true' EXIT
bridge_up
ilnp_node a ffff:0:0:a 0:0:0:a
ilnp_node b ffff:0:0:b 0:0:0:a
for x in a b; do wait_ll "$x"; done
n b tools/examples/echo-server 7 &
n b tools/examples/echo-server 8 &
sleep 0.3

n a tests/progs/socket_api 0:0:0:a:ffff:0:0:b 0:0:0:a:ffff:0:0:a

# Two nodes (netns) bind the same port: separate port spaces.
n a tools/ilnp-recv -p 7 -c 1 -o /dev/null &
recv_a=$!
sleep 0.3
n a cat /proc/net/ilnp/sockets | grep -q ' 7 ' || fail "a: port 7 not bound"
kill $recv_a; wait $recv_a || true

# 100 sockets of one node, each its own datagram and its own echo.
n a python3 - <<'PY'
import socket, select, struct, sys
AF_ILNP = 18
peer = bytes.fromhex("000000000000000a" "ffff00000000000b")
# Python has no sockaddr for AF_ILNP: connect through ctypes.
import ctypes, os
libc = ctypes.CDLL(None, use_errno=True)
sa = struct.pack("=HHI", AF_ILNP, socket.htons(7), 0) + peer
socks = []
for i in range(100):
    s = socket.socket(AF_ILNP, socket.SOCK_DGRAM, 0)
    if libc.connect(s.fileno(), sa, len(sa)):
        sys.exit(f"connect: {os.strerror(ctypes.get_errno())}")
    socks.append(s)
for i, s in enumerate(socks):
    s.send(b"sock%03d" % i)
got = 0
for i, s in enumerate(socks):
    r, _, _ = select.select([s], [], [], 5)
    if not r or s.recv(64) != b"sock%03d" % i:
        sys.exit(f"socket {i}: wrong or no echo")
    got += 1
print(f"100 sockets: {got} echoes, each its own")
PY

# A process killed with datagrams queued: its port is free again, its
# memory returned (kmemleak on the debug kernel checks the rest).
# Not through n(): $! must be the receiver itself, not a subshell.
ip netns exec a tools/ilnp-recv -p 9100 -c 1000 -o /dev/null &
victim=$!
sleep 0.3
n b tools/ilnp-send -c 20 -i 0 -s 500 0:0:0:a:ffff:0:0:a 9100
kill -STOP $victim
n b tools/ilnp-send -c 20 -i 0 -s 500 0:0:0:a:ffff:0:0:a 9100
sleep 0.3
q=$(n a awk '$2 == 9100 { print $5 }' /proc/net/ilnp/sockets)
[ "${q:-0}" -gt 0 ] || fail "nothing queued on the stopped receiver"
kill -KILL $victim
wait $victim || true
n a tools/ilnp-recv -p 9100 -c 1 -d 1 -o /dev/null || fail "port 9100 not free"

# rmmod while a socket is open: refused, then fine once it is closed.
if rmmod ilnp 2>/dev/null; then
	fail "rmmod succeeded with sockets open"
fi
[ -d /sys/module/ilnp ] || fail "module gone"

# Bad STP datagrams are counted, not delivered: one of each, from a
# forged peer on network a (port 9: nobody is bound there).
stats_a() { n a ilnp-ip stats dev ilnp0 | awk '{ printf "%s=%s ", $1, $2 }'; }
before=$(stats_a)
n b $PKT inject eth0 0:0:0:a stp-checksum,stp-length,stp-noport \
	--src 0:0:0:a:ffff:0:0:99 --dst 0:0:0:a:ffff:0:0:a
after=$(stats_a)
for c in drop_checksum drop_length drop_no_port; do
	b=$(echo "$before" | tr ' ' '\n' | sed -n "s/^$c=//p")
	a=$(echo "$after" | tr ' ' '\n' | sed -n "s/^$c=//p")
	expect_eq "bad STP datagrams: $c" "$a" $((b + 1))
done

# Everything closed: the module goes.
for ns in a b; do ip netns pids "$ns" | xargs -r kill -9; done
wait || true
for ns in a b; do ip netns del "$ns"; done
ilnp_unload
