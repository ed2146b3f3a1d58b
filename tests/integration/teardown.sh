#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Teardown under load: TEARDOWN_ROUNDS rounds (4 here, 2 on the debug
# kernel; `make fuzz` runs 50), each with traffic and moves running:
#
#   br0 ---+-------------------+
#          |                   |
#          A                   B
#   ffff:0:0:a on a, b:   ffff:0:0:b on a:
#   STP responder 7000,   ilnp-send 100/s to A:7000,
#   moves b -> c -> b     ilnp-ping -i 0.05 A
#   all the time
#
# then one way of tearing down, in turn:
#   netns  - A's netns deleted, its processes killed at once
#   dev    - A's overlay device deleted
#   under  - A's underlay (eth0) deleted: the overlay goes with it
#   rmmod  - rmmod while A's sockets are open: refused ("in use"), the
#            sockets and their netns unchanged; then rmmod with the
#            devices up and B's ping still running: it goes.
# Every round ends with everything gone and rmmod succeeding (nothing
# holds the module: no socket, no device leaked), and the module
# loaded again.  The runner fails the test on any kernel report
# (refcount, "unregister_netdevice: waiting", KASAN, lockdep); on the
# debug kernel kmemleak finds nothing from ilnp.
. tests/lib/common.sh
. tests/lib/topo.sh
. tests/fuzz/fuzzlib.sh

ROUNDS=${TEARDOWN_ROUNDS:-$([ "$FUZZ_DEBUG" = 1 ] && echo 2 || echo 4)}
KINDS=(netns dev under rmmod)
A=0:0:0:a:ffff:0:0:a
SOCK=tests/sockets

kmemleak_begin
ilnp_load

# A round's load: A answers STP and keeps moving, B sends and pings.
load() {
	node a ffff:0:0:a 0:0:0:a 0:0:0:b
	node b ffff:0:0:b 0:0:0:a
	n a $SOCK/responder 7000 >/dev/null 2>&1 &
	wait_port a 7000
	n b ilnp-send -r 100 -d 600 -s 200 $A 7000 >/dev/null &
	n b ilnp-ping -i 0.05 -W 1 $A >/dev/null &
	(
		while :; do
			ilnp-ip -n a locator move 0:0:0:b 0:0:0:c dev ilnp0 \
				handoff 0 || true
			ilnp-ip -n a locator move 0:0:0:c 0:0:0:b dev ilnp0 \
				handoff 0 || true
			sleep 0.2
		done
	) >/dev/null 2>&1 &
	mover=$!
	sleep 0.5
}

# sockets NODE: AF_ILNP sockets open in NODE.
sockets() {
	n "$1" awk 'FNR > 1' /proc/net/ilnp/sockets | wc -l
}

bridge_up
for round in $(seq "$ROUNDS"); do
	kind=${KINDS[(round - 1) % 4]}
	echo "=== round $round: $kind"
	load
	rx=$(stat b ilnp0 rx_packets)
	[ "$rx" -gt 0 ] || fail "round $round: no traffic"
	case $kind in
	netns)
		pids=$(ip netns pids a)
		ip netns del a
		kill -9 $pids $mover || true
		;;
	dev)
		ip -n a link del ilnp0
		! ip -n a link show ilnp0 2>/dev/null || fail "ilnp0 still there"
		kill -9 $mover || true
		;;
	under)
		ip -n a link del eth0
		! ip -n a link show ilnp0 2>/dev/null || fail "overlay outlived its underlay"
		kill -9 $mover || true
		;;
	rmmod)
		kill -9 $mover || true
		! rmmod ilnp 2>/tmp/rmmod.err || fail "rmmod with sockets open"
		cat /tmp/rmmod.err
		grep -q 'in use' /tmp/rmmod.err || fail "rmmod: not 'in use'"
		n a ilnp-ip link show | grep -q '^ilnp0:' || fail "A's device gone"
		[ "$(sockets a)" -gt 0 ] || fail "A's sockets gone"
		kill_all a b
		n b ilnp-ping -i 0.05 -W 1 $A >/dev/null 2>&1 &
		sleep 0.2
		ilnp_unload
		kill_all b
		;;
	esac
	wait $mover 2>/dev/null || true
	kill_all a b
	for ns in $(ip netns list | awk '{print $1}'); do
		ip netns del "$ns"
	done
	# Nothing left that holds the module: it unloads, then comes back.
	[ ! -d /sys/module/ilnp ] || unload_clean
	ilnp_load
done

ip link del br0
kmemleak_check
unload_clean
