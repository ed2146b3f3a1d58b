#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Device life cycle: plain "ip link add type ilnp" with defaults, MTU from
# the underlay (an MTU above it refused), an underlay named from another
# netns refused, the overlay going down and up, the underlay deleted
# under traffic, netns deletion with devices up, and rmmod after all of
# it.
. tests/lib/common.sh
. tests/lib/topo.sh

bridge_up
# Autoload: "ip link add ... type ilnp" asks modprobe for rtnl-link-ilnp.
# The module tree is read-only here, so give modprobe the module's own
# aliases (what depmod would derive from them) in a modprobe.d of tmpfs.
mount -t tmpfs tmpfs /etc/modprobe.d
modinfo -F alias "$ILNP_MODDIR/ilnp.ko" | grep -x 'rtnl-link-ilnp' ||
	fail "no rtnl-link-ilnp alias"
modinfo -F alias "$ILNP_MODDIR/ilnp.ko" | sed 's/.*/alias & ilnp/' \
	>/etc/modprobe.d/ilnp.conf
echo "install ilnp insmod $ILNP_MODDIR/ilnp.ko" >>/etc/modprobe.d/ilnp.conf
[ ! -d /sys/module/ilnp ] || fail "ilnp loaded too early"
ip link add ilnp7 type ilnp || fail "ip link add did not load ilnp"
[ -d /sys/module/ilnp ] || fail "ilnp not autoloaded"
ip link del ilnp7
umount /etc/modprobe.d

ilnp_node a ffff:0:0:a 0:0:0:a
ilnp_node b ffff:0:0:b 0:0:0:a
wait_ll a
wait_ll b
B=0:0:0:a:ffff:0:0:b

# Plain iproute2, defaults: underlay = first up device, port 10000.
node_add c
n c ip link add ilnp1 type ilnp
n c ip -d link show ilnp1
n c ilnp-ip link show | grep -q '^ilnp1: underlay eth0 port 10000 group 0 mtu 1404 locators -$' ||
	fail "defaults not applied"
n c ip link del ilnp1
n c ip link set eth0 mtu 1400
n c ilnp-ip link add ilnp2 dev eth0 port 10001 group 7
n c ilnp-ip link show ilnp2 | grep -q 'port 10001 group 7 mtu 1304' ||
	fail "MTU not derived from the underlay"

# An MTU the underlay cannot carry (1400 - 96 = 1304 at most): refused
# with a reason, no device made; 1304 itself is taken.
err=$(n c ip link add ilnp3 link eth0 mtu 1305 type ilnp 2>&1) &&
	fail "MTU 1305 above an underlay of 1400 accepted"
echo "$err"
[[ $err == *"MTU above the underlay's"* ]] || fail "no reason given: $err"
! n c ip link show ilnp3 2>/dev/null || fail "refused device exists"
n c ip link add ilnp3 link eth0 mtu 1304 type ilnp
n c ilnp-ip link show ilnp3 | grep -q 'mtu 1304' || fail "MTU 1304 not set"
n c ip link del ilnp3

# The underlay is named in the caller's netns, which must be the
# device's: from the root netns, "link br0" into c is refused with a
# reason (br0 is not c's), nothing made in c.
err=$(ip link add ilnp4 netns c link br0 type ilnp 2>&1) &&
	fail "an underlay from another netns accepted"
echo "$err"
[[ $err == *"underlay must be in the device's network namespace"* ]] ||
	fail "no reason given: $err"
! n c ip link show ilnp4 2>/dev/null || fail "refused device exists in c"

# Down: traffic stops cleanly.  Up: it resumes.
n a ilnp-ping -c 2 -i 0.2 $B | grep -q ', 2 received' || fail "no traffic"
n b ip link set ilnp0 down
! n a ilnp-ping -c 2 -i 0.2 -W 1 $B || fail "reply from a down device"
n b ip link set ilnp0 up
n a ilnp-ping -c 2 -i 0.2 $B | grep -q ', 2 received' ||
	fail "traffic did not resume after up"

# The underlay goes away under traffic: so does the overlay, cleanly.
n a ilnp-ping -c 50 -i 0.02 -W 1 $B >/tmp/ping-during-delete &
ping=$!
sleep 0.3
n b ip link del eth0
wait $ping || true
cat /tmp/ping-during-delete
! n b ip link show ilnp0 2>/dev/null || fail "overlay outlived its underlay"
expect_eq "B devices" "$(n b ilnp-ip link show | wc -l)" 0

# Netns deletion with devices up and locators joined, then rmmod.
ip netns del a
ip netns del b
ip netns del c
ip link del br0
ilnp_unload
