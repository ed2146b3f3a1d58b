# SPDX-License-Identifier: GPL-2.0
# Topology helpers for the integration tests (sourced after common.sh).
# Every node is a network namespace with one veth (eth0) on the bridge
# br0 of the guest's root netns; overlay networks are multicast groups on
# that one segment, so which node hears what is decided by locators only.

export PATH="$PWD/tools:$PATH"
PKT="python3 $PWD/tests/lib/ilnppkt.py"

bridge_up() {
	ip link add br0 type bridge mcast_snooping 0
	ip link set br0 up
}

# node_add NAME: a netns with eth0 on br0, IPv6 ready at once (no DAD).
node_add() {
	local name=$1
	ip netns add "$name"
	n "$name" sysctl -qw net.ipv6.conf.default.accept_dad=0 \
		net.ipv6.conf.all.accept_dad=0
	ip -b - <<-EOF
		link add v-$name type veth peer name eth0 netns $name
		link set v-$name master br0 up
	EOF
	ip -n "$name" -b - <<-EOF
		link set lo up
		link set eth0 up
	EOF
}

# ilnp_dev_fast NAME NID: in netns NAME, whose eth0 is on br0: lo and
# eth0 up, link-local fe80::<NID's last group>/64 without DAD (usable at
# once: no sysctl, no polling) and ilnp0 on eth0, still down; one
# process start, for tests that make many nodes or run on a slow guest.
ilnp_dev_fast() {
	ip -n "$1" -b - <<-EOF
		link set lo up
		address add fe80::${2##*:}/64 dev eth0 nodad
		link set eth0 up
		link add ilnp0 link eth0 type ilnp
	EOF
}

# kill_netns_procs: the processes left in every netns (senders and
# receivers in the background), killed.
# Untraced: make check shows a failed test's last lines, which should
# be what the test printed, not this.
kill_netns_procs() {
	local ns
	{ set +x; } 2>/dev/null
	for ns in $(ip netns list | cut -d" " -f1); do
		ip netns pids "$ns" | xargs -r kill 2>/dev/null
	done
}

# ilnp_node NAME NID LOC...: a node with an ILNP overlay on eth0.
# Discovery stays off (period 0) so that data-plane tests count only
# their own packets; ILNP_DISCOVERY=SECONDS turns it on.
ilnp_node() {
	local name=$1 nid=$2 loc
	shift 2
	node_add "$name"
	n "$name" ilnp-ip link add ilnp0 dev eth0
	n "$name" ilnp-ip node set nid "$nid" hostname "$name" \
		discovery "${ILNP_DISCOVERY:-0}"
	for loc in "$@"; do
		n "$name" ilnp-ip locator add "$loc" dev ilnp0
	done
	n "$name" ip link set ilnp0 up
}

# mobility_nodes: the mobility tests' bridge and three nodes: R
# (ffff:0:0:1) on networks a, b and c, forwarding between them; CN
# (ffff:0:0:c) on b; MN (ffff:0:0:d) on a.  Processes the test leaves in
# their netns are killed when it ends, however it ends.
mobility_nodes() {
	trap kill_netns_procs EXIT
	bridge_up
	ilnp_node R ffff:0:0:1 0:0:0:a 0:0:0:b 0:0:0:c
	ilnp_node CN ffff:0:0:c 0:0:0:b
	ilnp_node MN ffff:0:0:d 0:0:0:a
}

# stat NODE DEV COUNTER: one counter, from ilnp-ip stats.  (awk, not
# python: Python starts slowly under TCG with KASAN.)
stat() {
	n "$1" ilnp-ip stats dev "$2" | awk -v c="$3" '$1 == c { print $2 }'
}

# wait_ll NODE: until eth0 has a usable link-local address.
wait_ll() {
	local i
	for i in $(seq 50); do
		n "$1" ip -6 addr show dev eth0 scope link | grep -q 'inet6' &&
			! n "$1" ip -6 addr show dev eth0 | grep -q tentative &&
			return 0
		sleep 0.1
	done
	fail "$1: no link-local address on eth0"
}

# wait_port NODE PORT: until a socket of NODE is bound to PORT.
wait_port() {
	local i
	for i in $(seq 100); do
		n "$1" awk -v p="$2" 'NR > 1 && $2 == p { f = 1 } END { exit !f }' \
			/proc/net/ilnp/sockets && return 0
		sleep 0.1
	done
	fail "$1: nothing bound to port $2"
}

# wait_udp_port NODE PORT: until an IPv6 UDP socket of NODE's is bound
# to PORT (an unmodified receiver: socat), 10 s at most.
wait_udp_port() {
	local i
	for i in $(seq 100); do
		n "$1" awk -v p="$(printf %04X "$2")" 'NR > 1 {
			split($2, a, ":"); if (a[2] == p) f = 1 }
			END { exit !f }' /proc/net/udp6 && return 0
		sleep 0.1
	done
	fail "$1: no UDP socket on port $2"
}

# wait_file FILE: until FILE exists (10 s at most).
wait_file() {
	local i
	for i in $(seq 100); do
		[ -e "$1" ] && return 0
		sleep 0.1
	done
	fail "$1 never appeared"
}

topo_cleanup() {
	local ns
	for ns in $(ip netns list | awk '{print $1}'); do
		ip netns del "$ns"
	done
	ip link del br0 2>/dev/null || true
}
