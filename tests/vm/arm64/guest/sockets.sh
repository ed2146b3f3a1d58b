# SPDX-License-Identifier: GPL-2.0
# AF_ILNP sockets through a router (A on a, R on a and b, B on b): the
# example echo server and client, 3 echoes each way through R; then
# ilnp-send's datagrams A -> B counted exactly by ilnp-recv, from its
# raw log and its own summary; no socket left bound.
. /tests/lib.sh

ilnp_load
bridge_up
ilnp_node a ffff:0:0:a 0:0:0:a
ilnp_node r ffff:0:0:1 0:0:0:a 0:0:0:b
ilnp_node b ffff:0:0:b 0:0:0:b
B=0:0:0:b:ffff:0:0:b
COUNT=${COUNT:-300}

# Not through n (a function: $! would be its subshell's): busybox
# nsenter execs the program, so $! is the server's pid.
nsenter --net=/run/netns/b -- echo-server 7 >/tmp/echo-server.log &
echo_srv=$!
wait_port b 7
fwd=$(stat r ilnp0 forwarded)
out=$(n a echo-client -c 3 -W 5 $B 7)
echo "$out"
expect_eq "echoes through R" "$(echo "$out" | grep -c "^reply 11 bytes from ::b:ffff:0:0:b port 7$")" 3
expect_eq "R forwarded" "$(stat r ilnp0 forwarded)" $((fwd + 6))
kill $echo_srv
wait $echo_srv || true

n b ilnp-recv -p 9000 -c "$COUNT" -d 120 -o /tmp/b.log 2>/tmp/b.err &
recv=$!
wait_port b 9000
n a ilnp-send -r 100 -c "$COUNT" -s 200 -o /tmp/a-send.log $B 9000
wait $recv
cat /tmp/b.err
check_log "A -> B" /tmp/b.log "$(send_ok /tmp/a-send.log)"
summary_ok "A -> B" /tmp/b.err "$COUNT"
expect_eq "B's datagrams from A's locator" \
	"$(awk '$3 == "0:0:0:a:ffff:0:0:a"' /tmp/b.log | wc -l)" "$COUNT"

expect_eq "A's sockets left" "$(n a awk 'NR > 1' /proc/net/ilnp/sockets | wc -l)" 0
expect_eq "B's sockets left" "$(n b awk 'NR > 1' /proc/net/ilnp/sockets | wc -l)" 0
topo_cleanup
ilnp_unload
