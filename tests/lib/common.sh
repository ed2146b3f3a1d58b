# SPDX-License-Identifier: GPL-2.0
# Helpers for tests that run inside a test VM (sourced, not executed).
# Style of tools/testing/selftests/wireguard/netns.sh: set -e, commands
# echoed, exact checks that say what they expected.

set -eu

ILNP_MODDIR=${ILNP_MODDIR:?run inside a test VM (tests/vm/vm.py)}

# fail MESSAGE: stop the test with a message.
fail() {
	echo "FAIL: $*" >&2
	exit 1
}

# skip REASON: the test cannot run on this kernel or host (a driver it
# needs not built, a tool not installed): nothing checked, said so.
# tests/vm/guest-run-tests reports it with the result ("skipped: ...").
skip() {
	echo "SKIP: $*"
	exit 0
}

# expect_eq WHAT GOT WANT
expect_eq() {
	[ "$2" = "$3" ] || fail "$1: got '$2', want '$3'"
	echo "ok: $1 = '$3'"
}

# expect_soon WHAT WANT CMD...: CMD's output becomes WANT within 10 s
# (60 on the debug kernel, whose starved guest retransmits late): what
# the kernel finishes in its own time (an ack after a retransmission).
expect_soon() {
	local what=$1 want=$2 got i
	shift 2
	for i in $(seq $([ "${ILNP_KERNEL:-}" = debug ] && echo 300 || echo 50)); do
		got=$("$@")
		[ "$got" = "$want" ] && break
		sleep 0.2
	done
	expect_eq "$what" "$got" "$want"
}

# Load ilnp.ko as built for the running kernel (it needs no other
# module: tests/integration/insmod.sh).
ilnp_load() {
	insmod "$ILNP_MODDIR/ilnp.ko"
	[ -d /sys/module/ilnp ] || fail "ilnp not loaded"
}

ilnp_unload() {
	rmmod ilnp
	[ ! -d /sys/module/ilnp ] || fail "ilnp still loaded after rmmod"
}

# n NETNS CMD...: run a command in a network namespace.
# ip, tc and ilnp-ip enter it themselves (-n); anything else enters only
# the network namespace (nsenter).  ip netns exec also makes a mount
# namespace and remounts /sys there: on the debug kernel under TCG a
# command took 1.1 s that way, 0.45 s with -n.  What reads a
# namespace's /sys/class/net needs that remount: ip netns exec.
n() {
	local ns=$1 cmd=$2
	case $cmd in
	ip | tc | ilnp-ip)
		shift 2
		"$cmd" -n "$ns" "$@" ;;
	*)
		shift
		nsenter --net="/run/netns/$ns" -- "$@" ;;
	esac
}

# Timestamps on the trace: where a slow guest spends its time.
PS4='+ ${EPOCHREALTIME:-} '
set -x
