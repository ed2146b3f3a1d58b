#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The systemd unit ilnp@.service, run by systemd: node A's systemd (PID 1
# of a PID and mount namespace in A's network namespace, as a container
# manager would start it) enables and starts ilnp@ilnp0 as README says,
# and A comes up from /etc/ilnp/ilnp0.conf and is reached; stop takes
# the device away; a bad file fails the unit with its line in the
# journal and makes nothing; shutting systemd down stops a started
# unit, and its device goes.
. tests/lib/common.sh
. tests/lib/topo.sh

SD=/tmp/sd
ilnp_load
bridge_up
node_add A
ilnp_node B ffff:0:0:b 0:0:0:a

# The unit as make install writes it, with the checkout's tools.
mkdir -p $SD/units $SD/etc-upper/ilnp $SD/etc-work
sed "s|@SBINDIR@|$PWD/tools|g" tools/systemd/ilnp@.service.in \
	>$SD/units/ilnp@.service
# Boot into a target of nothing: only what the tests start runs.
printf '[Unit]\nDescription=ilnp test\n' >$SD/units/ilnp-test.target
cat >$SD/etc-upper/ilnp/ilnp0.conf <<'EOF_CONF'
[Link]
Underlay = eth0
[Node]
NID = ffff:0:0:a
Hostname = alice
[Locators]
Locator = 0:0:0:a 10
EOF_CONF
printf '[Link]\nUnderlay = eth0\nPort = 10001\n[Node]\nColour = red\n' \
	>$SD/etc-upper/ilnp/ilnp1.conf

# The root is read-only: /etc is an overlay with /etc/ilnp on top, /run
# a fresh tmpfs holding the units (a runtime unit directory), /tmp one
# of its own (systemd-tmpfiles empties /tmp at boot).
cat >$SD/pid1.sh <<EOF_PID1
mount -t overlay overlay -o lowerdir=/etc,upperdir=$SD/etc-upper,workdir=$SD/etc-work /etc
mount -t tmpfs -o mode=0755 tmpfs /run
mkdir -p /run/systemd/system
cp $SD/units/* /run/systemd/system/
mount -t tmpfs -o mode=1777 tmpfs /tmp
exec env container=ilnp-test /lib/systemd/systemd --system \
	--unit=ilnp-test.target --show-status=no
EOF_PID1
ip netns exec A unshare --pid --mount --fork sh $SD/pid1.sh \
	>$SD/console 2>&1 &
sd_pid=
for i in $(seq 100); do
	sd_pid=$(pgrep -f -- '--unit=ilnp-test.target' | head -1)
	[ -n "$sd_pid" ] && break
	sleep 0.1
done
[ -n "$sd_pid" ] || fail "systemd did not start"
sd() {
	nsenter -t "$sd_pid" -m -p "$@"
}
state=
for i in $(seq 300); do
	state=$(sd systemctl is-system-running 2>/dev/null) || true
	case $state in running | degraded) break ;; esac
	sleep 0.2
done
echo "systemd: $state"
case $state in running | degraded) ;; *) fail "systemd not up: '$state'" ;; esac

# README's command.
out=$(sd systemctl enable --now ilnp@ilnp0 2>&1) || {
	sd systemctl status --no-pager -l ilnp@ilnp0 || true
	cat $SD/console
	fail "enable --now: $out"
}
echo "$out"
echo "$out" | grep -q 'multi-user.target.wants/ilnp@ilnp0.service' ||
	fail "enable made no multi-user.target link"
expect_eq "ilnp@ilnp0 enabled" "$(sd systemctl is-enabled ilnp@ilnp0)" enabled
expect_eq "ilnp@ilnp0 active" "$(sd systemctl is-active ilnp@ilnp0)" active
n A ilnp-ip link show | grep -q '^ilnp0: underlay eth0 port 10000 ' ||
	fail "ilnp0 not made on eth0"
expect_eq "A's NID and hostname" \
	"$(n A ilnp-ip -j node show | python3 -c 'import json, sys; n = json.load(sys.stdin); print(n["nid"], n["hostname"])')" \
	"ffff:0:0:a alice"
expect_eq "A's locator" "$(n A ilnp-ip locator show | awk '{ print $1, $NF }')" \
	"0:0:0:a 10"
wait_ll A
n B ilnp-ping -c 2 -i 0.2 -W 3 0:0:0:a:ffff:0:0:a | grep -q ', 2 received' ||
	fail "B does not reach A"

sd systemctl stop ilnp@ilnp0
expect_eq "ilnp@ilnp0 after stop" "$(sd systemctl is-active ilnp@ilnp0 || true)" inactive
n A ip link show ilnp0 2>/dev/null && fail "ilnp0 still there after stop"

# A bad file: the unit fails, the line is in its log, nothing is made.
sd systemctl start ilnp@ilnp1 && fail "ilnp@ilnp1 started from a bad file"
expect_eq "ilnp@ilnp1 failed" "$(sd systemctl is-failed ilnp@ilnp1 || true)" failed
expect_soon "the bad line in the journal" 1 \
	sh -c "nsenter -t $sd_pid -m -p journalctl -u ilnp@ilnp1 --no-pager |
		grep -c 'ilnp1.conf:5: unknown key \"colour\" in \[Node\]'"
n A ip link show ilnp1 2>/dev/null && fail "ilnp1 made from a bad file"

# Shutdown stops what runs: ilnp0 goes with systemd.
sd systemctl start ilnp@ilnp0
n A ip link show ilnp0 >/dev/null || fail "ilnp0 not made by start"
# What a container manager sends for a clean poweroff (systemd(1)).
kill -s RTMIN+4 "$sd_pid"
for i in $(seq 300); do
	kill -0 "$sd_pid" 2>/dev/null || break
	sleep 0.2
done
kill -0 "$sd_pid" 2>/dev/null && fail "systemd did not power off"
n A ip link show ilnp0 2>/dev/null && fail "ilnp0 left after shutdown"
echo "ok: ilnp0 stopped at shutdown"

topo_cleanup
ilnp_unload
