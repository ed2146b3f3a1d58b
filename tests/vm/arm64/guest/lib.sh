# SPDX-License-Identifier: GPL-2.0
# Helpers for the arm64 lane's guest tests (busybox sh; sourced): the
# subset of tests/lib/common.sh and topo.sh they use, without bash or
# python.  Every node is a netns with one veth (eth0) on the bridge br0
# of the root netns; overlay networks are multicast groups on that one
# segment.

set -eu

# iproute2's ip, not busybox's applet (Debian's busybox-static shell runs
# its own applets before anything on PATH; a function comes first).
ip() { /sbin/ip "$@"; }

# fail MESSAGE: stop the test with a message.
fail() {
	echo "FAIL: $*" >&2
	exit 1
}

# expect_eq WHAT GOT WANT
expect_eq() {
	[ "$2" = "$3" ] || fail "$1: got '$2', want '$3'"
	echo "ok: $1 = '$3'"
}

# expect_soon WHAT WANT CMD...: CMD's output becomes WANT within 20 s.
expect_soon() {
	local what=$1 want=$2 got i
	shift 2
	for i in $(seq 100); do
		got=$("$@")
		[ "$got" = "$want" ] && break
		sleep 0.2
	done
	expect_eq "$what" "$got" "$want"
}

ilnp_load() {
	insmod /lib/modules/ilnp.ko
	[ -d /sys/module/ilnp ] || fail "ilnp not loaded"
}

ilnp_unload() {
	rmmod ilnp
	[ ! -d /sys/module/ilnp ] || fail "ilnp still loaded after rmmod"
}

# n NETNS CMD...: ip and ilnp-ip enter it themselves (-n), anything else
# enters the network namespace only (busybox nsenter).
n() {
	local ns=$1 cmd=$2
	case $cmd in
	ip | ilnp-ip)
		shift 2
		"$cmd" -n "$ns" "$@" ;;
	*)
		shift
		nsenter --net="/run/netns/$ns" -- "$@" ;;
	esac
}

bridge_up() {
	ip link add br0 type bridge mcast_snooping 0
	ip link set br0 up
}

# ilnp_node NAME NID LOC...: a node with an ILNP overlay on eth0, a
# link-local address without DAD (fe80::<NID's last group>; no other:
# addrgenmode none), discovery
# off unless ILNP_DISCOVERY=SECONDS (tests/lib/topo.sh's ilnp_node, in
# fewer process starts).
ilnp_node() {
	local name=$1 nid=$2 loc
	shift 2
	ip netns add "$name"
	ip -b - <<-EOF2
		link add v-$name type veth peer name eth0 netns $name
		link set v-$name master br0 up
	EOF2
	ip -n "$name" -b - <<-EOF2
		link set lo up
		link set eth0 addrgenmode none
		address add fe80::${nid##*:}/64 dev eth0 nodad
		link set eth0 up
	EOF2
	n "$name" ilnp-ip link add ilnp0 dev eth0
	n "$name" ilnp-ip node set nid "$nid" hostname "$name" \
		discovery "${ILNP_DISCOVERY:-0}"
	for loc in "$@"; do
		n "$name" ilnp-ip locator add "$loc" dev ilnp0
	done
	n "$name" ip link set ilnp0 up
}

# stat NODE DEV COUNTER: one counter, from ilnp-ip stats.
stat() {
	n "$1" ilnp-ip stats dev "$2" | awk -v c="$3" '$1 == c { print $2 }'
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

# kill_netns_procs: the processes left in every netns, killed.
kill_netns_procs() {
	local ns
	for ns in $(ip netns list | cut -d" " -f1); do
		ip netns pids "$ns" | xargs -r kill 2>/dev/null
	done
}

topo_cleanup() {
	local ns
	for ns in $(ip netns list | awk '{print $1}'); do
		ip netns del "$ns"
	done
	ip link del br0 2>/dev/null || true
}

# check_log NAME LOG SENT: ilnp-recv's raw log ("<time> <seq> <peer>
# <port> <loc> <size> <hl>") against the sender's count: nothing lost,
# duplicated or reordered (tests/integration/handoff.sh's check).
check_log() {
	local verdict
	verdict=$(awk -v name="$1" -v sent="$3" '
		{ n++; if ($2 in seen) dup++; seen[$2] = 1
		  if (n > 1 && $2 < last && reord++ < 5)
			print "  overtaken: " $0 "  after: " prev
		  last = $2; prev = $0 }
		END { uniq = 0; for (s in seen) uniq++
		      printf "%s: sent %d received %d lost %d dup %d reordered %d\n",
			     name, sent, n, sent - uniq, dup + 0, reord + 0
		      if (uniq < sent) for (s = 0; s < sent && shown < 5; s++)
			      if (!(s in seen)) {
				      print "  lost: " s; shown++ }
		      exit !(n == sent && uniq == sent && !dup && !reord) }' "$2") ||
		{ echo "$verdict"; fail "$1: datagrams lost, duplicated or reordered"; }
	echo "$verdict"
}

# send_ok LOG: every datagram handed to the kernel without an error
# (ilnp-send's log, fifth column); prints the count.
send_ok() {
	awk '$5 != "0" { bad++ } END { exit bad > 0 }' "$1" ||
		fail "$1: a send failed: $(awk '$5 != "0"' "$1" | head -3)"
	wc -l <"$1"
}

# summary_ok NAME STDERR SENT: ilnp-recv's own summary line says SENT
# received, nothing lost, duplicated or reordered.
summary_ok() {
	expect_eq "$1: ilnp-recv's summary" \
		"$(grep '^ilnp-recv: received' "$2")" \
		"ilnp-recv: received $3, lost 0, duplicated 0, reordered 0, short 0"
}

set -x
