# SPDX-License-Identifier: GPL-2.0
# Discovery by name: alice on a, router on a and b, bob on b, discovery
# on (a round every 2 s): every node resolves every other's hostname to
# its I-LV; alice pings bob by name through the router and sends it
# datagrams by name (ilnp-send's resolver).
. /tests/lib.sh

ilnp_load
bridge_up
ilnp_node alice ffff:0:0:a 0:0:0:a
ilnp_node router ffff:0:0:1 0:0:0:a 0:0:0:b
ilnp_node bob ffff:0:0:b 0:0:0:b
for x in alice router bob; do
	n $x ilnp-ip node set discovery 2
done

ilv() {
	case $1 in
	alice) echo 0:0:0:a:ffff:0:0:a ;;
	router) echo 0:0:0:a:ffff:0:0:1 ;;
	bob) echo 0:0:0:b:ffff:0:0:b ;;
	esac
}
resolve() { n "$1" ilnp-ip resolve "$2" 2>/dev/null || true; }
for x in alice router bob; do
	for y in alice router bob; do
		[ "$x" = "$y" ] && continue
		expect_soon "$x resolves $y" "$(ilv $y)" resolve $x $y
	done
done
n alice ilnp-ip neigh show

out=$(n alice ilnp-ping -c 3 -i 0.2 -W 2 bob)
echo "$out"
echo "$out" | grep -q '^PING bob (0:0:0:b:ffff:0:0:b)' || fail "ping did not resolve bob"
echo "$out" | grep -q '^3 packets transmitted, 3 received, 0% packet loss' ||
	fail "alice cannot ping bob by name through the router"

n bob ilnp-recv -p 9000 -c 20 -d 60 -o /tmp/bob.log 2>/tmp/bob.err &
recv=$!
wait_port bob 9000
n alice ilnp-send -r 50 -c 20 -o /tmp/alice-send.log bob 9000
wait $recv
cat /tmp/bob.err
summary_ok "alice -> bob (by name)" /tmp/bob.err 20

topo_cleanup
ilnp_unload
