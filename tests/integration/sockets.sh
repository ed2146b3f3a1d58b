#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The AF_ILNP socket API, call by call, against Documentation/sockets.rst:
# tests/sockets/socket_api runs in node A (locators a and c) against the
# responder in node B on network a (and one in C for a single case);
# every case prints "ok NAME" or "FAIL NAME: got X want Y" and the test
# fails on any FAIL.  The programs are built on the host (tests/run's
# build stage).
. tests/lib/common.sh
. tests/lib/topo.sh

T=tests/sockets
for p in socket_api responder; do
	[ -x $T/$p ] || fail "$T/$p not built (make -C $T)"
done

ilnp_load
bridge_up
ilnp_node a ffff:0:0:a 0:0:0:a 0:0:0:c
ilnp_node b ffff:0:0:b 0:0:0:a
ilnp_node c ffff:0:0:c 0:0:0:a
for x in a b c; do wait_ll "$x"; done

# Not through n(): ip netns exec execs the program, so $! is its pid.
ip netns exec b $T/responder 7000 &
resp=$!
ip netns exec c $T/responder 7000 &
resp_c=$!
wait_port b 7000
wait_port b 7001
wait_port c 7000

rc=0
n a $T/socket_api 0:0:0:a:ffff:0:0:a 0:0:0:a:ffff:0:0:b 7000 0:0:0:c \
	0:0:0:a:ffff:0:0:c \
	>/tmp/socket_api.out 2>&1 || rc=$?
cat /tmp/socket_api.out
grep '^FAIL' /tmp/socket_api.out || true
expect_eq "socket_api failures" "$rc" 0
expect_eq "socket_api cases passed" "$(grep -c '^ok ' /tmp/socket_api.out)" 53

# The node still works and nothing of A's is left bound.
expect_eq "A's sockets left" "$(n a awk 'NR > 1' /proc/net/ilnp/sockets | wc -l)" 0
kill "$resp" "$resp_c"
wait "$resp" "$resp_c" || true
expect_eq "B's sockets left" "$(n b awk 'NR > 1' /proc/net/ilnp/sockets | wc -l)" 0

topo_cleanup
ilnp_unload
