#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# ilnp.ko on a freshly booted kernel: insmod, which resolves no
# dependencies, must load it with no other module loaded first, and it
# must pull in none (it needs nothing but the built-in core: no
# udp_tunnel, no ip6_udp_tunnel).  Then autoloading by its three aliases:
# the link kind, the generic netlink family and the socket family.
# tests/vm/guest-run-tests runs this test first in its VM, before any
# other test has loaded a module.
. tests/lib/common.sh
. tests/lib/topo.sh

ko=$ILNP_MODDIR/ilnp.ko
[ -e "$ko" ] || fail "no $ko"
expect_eq "modinfo depends" "$(modinfo -F depends "$ko")" ""
expect_eq "modinfo aliases" "$(modinfo -F alias "$ko" | sort | paste -sd' ')" \
	"net-pf-16-proto-16-family-ilnp net-pf-18 rtnl-link-ilnp"

# Fresh: the boot loaded virtio and 9p at most, none of these.
for m in ilnp udp_tunnel ip6_udp_tunnel; do
	! grep -q "^$m " /proc/modules || fail "$m loaded before the test"
done
cat /proc/modules
before=$(awk '{ print $1 }' /proc/modules | sort)
insmod "$ko" || fail "insmod failed (dmesg: $(dmesg | grep -i symbol | head -1))"
after=$(awk '{ print $1 }' /proc/modules | sort)
expect_eq "modules added by insmod" \
	"$(comm -13 <(echo "$before") <(echo "$after") | paste -sd' ')" ilnp

# It works as loaded: a device comes up (its underlay socket opens) and
# a second node answers a ping across it.
bridge_up
ilnp_node a ffff:0:0:a 0:0:0:a
ilnp_node b ffff:0:0:b 0:0:0:a
wait_ll a
wait_ll b
n a ilnp-ping -c 2 -i 0.2 0:0:0:a:ffff:0:0:b | grep -q ', 2 received' ||
	fail "no ping across the overlay"
for m in udp_tunnel ip6_udp_tunnel; do
	! grep -q "^$m " /proc/modules || fail "$m loaded by using ilnp"
done
topo_cleanup
ilnp_unload
bridge_up

# Autoload: modprobe finds ilnp by each alias.  The module tree is
# read-only here, so give modprobe the module's aliases (what depmod
# would derive from them) in a modprobe.d of tmpfs.
mount -t tmpfs tmpfs /etc/modprobe.d
modinfo -F alias "$ko" | sed 's/.*/alias & ilnp/' >/etc/modprobe.d/ilnp.conf
echo "install ilnp insmod $ko" >>/etc/modprobe.d/ilnp.conf

ip link add ilnp7 type ilnp || fail "ip link add type ilnp failed"
[ -d /sys/module/ilnp ] || fail "the link kind did not load ilnp"
ip link del ilnp7
ilnp_unload

python3 tests/lib/genl_raw.py 1 || fail "no generic netlink family ilnp"
[ -d /sys/module/ilnp ] || fail "the genl family did not load ilnp"
ilnp_unload

python3 -c 'import socket; socket.socket(18, socket.SOCK_DGRAM).close()' ||
	fail "socket(AF_ILNP) failed"
[ -d /sys/module/ilnp ] || fail "the socket family did not load ilnp"
ilnp_unload
umount /etc/modprobe.d
ip link del br0
