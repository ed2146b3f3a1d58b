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

# expect_eq WHAT GOT WANT
expect_eq() {
	[ "$2" = "$3" ] || fail "$1: got '$2', want '$3'"
	echo "ok: $1 = '$3'"
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
n() {
	local ns=$1
	shift
	ip netns exec "$ns" "$@"
}

# Timestamps on the trace: where a slow guest spends its time.
PS4='+ ${EPOCHREALTIME:-} '
set -x
