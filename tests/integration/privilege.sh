#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Who may do what (issue 13), with a user that has no capability (nobody,
# uid 65534) and root of a user namespace of its own:
#  (a) every command of the "ilnp" generic netlink family, enumerated
#      from uapi/linux/ilnp.h (a command this test does not classify
#      fails it): those that change state or send a packet refused with
#      EPERM, as raw requests and through ilnp-ip / ilnp-ping, link add
#      and del (rtnetlink) too, and nothing changed; the reads answer
#      nobody as they answer root;
#  (b) root of a new user namespace configures the netns it owns, and
#      not the initial one;
#  (c) echo replies reach only the socket that asked: nobody, listening
#      in every multicast group of the family, hears none of root's
#      (but does hear the node's events, open as its dumps are), and a
#      socket given the portid of a closed requester gets no reply
#      meant for it;
#  (d) ephemeral ports with the first 2000 taken: 200 binds to port 0,
#      a tenth of them searching through the taken run (the search drops
#      its lock every 64 ports), each get a distinct free port; /proc and
#      ilnp-ip socket show list all 2200 sockets.  ILNP_PORTS_FULL=1
#      fills the whole range instead (28232 sockets, 4 min on stock61):
#      then EADDRINUSE, and the one port freed is found again:
#        tests/vm/vm.py -k stock61 -t 900 -- \
#          env ILNP_PORTS_FULL=1 bash tests/integration/privilege.sh
# Lean: a process start costs 0.2 s or more in a busy guest.
#
#   br0 ── A  ffff:0:0:a on 0:0:0:a
#      └── B  ffff:0:0:b on 0:0:0:a
. tests/lib/common.sh

. tests/lib/topo.sh
NOBODY="setpriv --reuid=65534 --regid=65534 --clear-groups"
PRIV="python3 $PWD/tests/lib/privcheck.py"

# node NAME NID DISCOVERY: netns NAME on br0 (link-local address fixed,
# no DAD), ilnp0 on locator 0:0:0:a.
node() {
	ip -b - <<-EOF
		netns add $1
		link add v-$1 type veth peer name eth0 netns $1
		link set v-$1 master br0 up
	EOF
	ilnp_dev_fast "$1" "$2"
	ilnp-ip -n "$1" node set nid "$2" hostname "$1" discovery "$3"
	ilnp-ip -n "$1" locator add 0:0:0:a dev ilnp0
	ip -n "$1" link set ilnp0 up
}

ilnp_load
ip -b - <<-EOF
	link add br0 type bridge mcast_snooping 0
	link set br0 up
EOF
node a ffff:0:0:a 0
node b ffff:0:0:b 3600	# answers solicitations; its own round in an hour
ilnp-ip -n a neigh solicit
for i in $(seq 50); do
	ilnp-ip -n a resolve b >/dev/null 2>&1 && break
	sleep 0.1
done
expect_eq "A resolves b" "$(ilnp-ip -n a resolve b)" "0:0:0:a:ffff:0:0:b"

# wait_for FILE SECONDS
wait_for() {
	local i
	for i in $(seq $(($2 * 10))); do
		[ -e "$1" ] && return 0
		sleep 0.1
	done
	fail "$1 never appeared"
}

# --- (a) every command ---------------------------------------------------
# How each command must answer nobody: admin (EPERM), read
# (answers; dumps with no error), event (never a request: EOPNOTSUPP).
declare -A class=(
	[NODE_GET]=read-do [NODE_SET]=admin [LINK_GET]=read-dump
	[LOCATOR_ADD]=admin [LOCATOR_DEL]=admin [LOCATOR_GET]=read-dump
	[ROUTE_GET]=read-dump [STATS_GET]=read-dump [ECHO_SEND]=admin
	[ECHO_REPLY]=event [NEIGH_GET]=read-dump [RESOLVE]=read-do
	[SOLICIT]=admin [CACHE_GET]=read-dump [LOCATOR_MOVE]=admin
	[SOCKET_GET]=read-dump [EVENT]=event [ROUTE_FLUSH]=admin
	[NEIGH_FLUSH]=admin
)
# "NUMBER NAME" of each enum ilnp_cmd member, numbered as C numbers them
# (the header gives no explicit values: genl-spec.py checks that).
mapfile -t cmds < <(awk '
	/^enum ilnp_cmd \{/ { on = 1; i = 0; next }
	on && /^\}/ { on = 0 }
	on && /^\tILNP_CMD_[A-Z_]+,/ {
		name = $1; sub(/,$/, "", name); sub(/^ILNP_CMD_/, "", name)
		print i++, name
	}' uapi/linux/ilnp.h)
expect_eq "first command" "${cmds[0]}" "0 UNSPEC"
nums=
for c in "${cmds[@]:1}"; do
	[ -n "${class[${c#* }]:-}" ] || fail "command ${c#* } not classified here"
	nums="$nums ${c% *}"
done
echo "${#cmds[@]} commands in the header"

# Everything nobody might change, in one process tree; the neighbours'
# age left out, and what A receives: B's own discovery (its solicitation
# 1 to 1.5 s after its link came up, an advertisement) may arrive on
# either side of the first snapshot.  Whatever nobody made A send shows
# in its transmit counters.
state() {
	n a sh -c 'for x in node link locator route neigh; do
			ilnp-ip $x show
		done
		ilnp-ip stats dev ilnp0
		ip -d link show ilnp0' |
		awk '$1 == "HOSTNAME" || $2 == "ffff:0:0:b" { $NF = "" }
		     $1 ~ /^(rx_packets|rx_bytes|delivered|disc_received)$/ {
			next
		     }
		     { print }'
}
before=$(state)

# Nobody's Python: the raw requests, then listening in every multicast
# group of the family until (c) is over.
rm -f /tmp/ready /tmp/stop
n a $NOBODY $PRIV cmds $nums + listen /tmp/ready /tmp/stop >/tmp/raw &
listener=$!
wait_for /tmp/ready 60
cat /tmp/raw
declare -A raw	# "NUM do ERRNO dump ERRNO" lines, read without a process
while read -r num do_ e1 dump_ e2; do
	raw[$num]="$e1 $e2"
done </tmp/raw
for c in "${cmds[@]:1}"; do
	num=${c% *} name=${c#* }
	got=${raw[$num]:-missing}
	case ${class[$name]} in
	# A dump of a do-only command: EPERM on 6.1, EOPNOTSUPP on 6.12
	# (its genl core looks for the handler first); nothing runs.
	admin)	want="1 1"; [ "${got#* }" != 95 ] || want="1 95" ;;
	event)	want="95 95" ;;
	read-dump) want="${got% *} 0" ;;
	read-do) want=$got; [ "${got% *}" != 1 ] || fail "$name: EPERM" ;;
	esac
	expect_eq "raw $name ($num, ${class[$name]}) errno do/dump" "$got" "$want"
done
expect_eq "NODE_GET answers nobody" "${raw[1]% *}" 0

# The same through the tools, each attempt "eperm CMD" when refused with
# "not permitted".
attempts=(
	"ilnp-ip node set hostname evil"
	"ilnp-ip node set nid ffff:0:0:e"
	"ilnp-ip node set hoplimit 9 discovery 5"
	"ilnp-ip route set lifetime 5"
	"ilnp-ip locator add 0:0:0:e dev ilnp0"
	"ilnp-ip locator del 0:0:0:a dev ilnp0"
	"ilnp-ip locator move 0:0:0:a 0:0:0:e dev ilnp0"
	"ilnp-ip neigh solicit"
	"ilnp-ip neigh flush all"
	"ilnp-ip route flush all"
	"ilnp-ping -c 1 -I 0:0:0:a 0:0:0:a:ffff:0:0:b"
	"ilnp-ping -c 1 0:0:0:a:ffff:0:0:b"
	"ilnp-ip link add ilnp1 dev eth0"
	"ilnp-ip link del ilnp0"
	"ip link set ilnp0 down"
)
got=$(n a $NOBODY sh -c 'for c; do
		if out=$($c 2>&1); then
			echo "succeeded $c"
		else
			case $out in
			*"not permitted"*) echo "eperm $c" ;;
			*) echo "other $c: $out" ;;
			esac
		fi
	done' - "${attempts[@]}")
expect_eq "nobody's attempts" "$got" "$(printf 'eperm %s\n' "${attempts[@]}")"
expect_eq "state after nobody's attempts" "$(state)" "$before"

# The reads: what root sees, except the ILCC's secrets (handoff.sh).
reads() {
	n a ${1:-} sh -c 'for c in "node show" "link show" "locator show" \
			"route show" "neigh show" "resolve b" "socket show" \
			"stats" "cache show"; do
			echo "== $c"
			ilnp-ip $c || echo "exit $?"
		done' |
		awk '$1 == "HOSTNAME" || $2 == "ffff:0:0:b" { $NF = "" } { print }'
}
expect_eq "nobody's reads" "$(reads "$NOBODY")" "$(reads)"

# --- (b) root of a user namespace ----------------------------------------
init_node=$(ilnp-ip node show)
# In the initial netns: its owner is the initial user namespace.
rc=0
unshare -U -r ilnp-ip node set hostname usernsroot 2>/tmp/out || rc=$?
cat /tmp/out
expect_eq "userns root, initial netns: exit" "$rc" 2
grep -q "not permitted" /tmp/out || fail "no EPERM: $(cat /tmp/out)"
# In a netns of its own (made by nobody: no privilege at all outside).
$NOBODY unshare -U -r -n sh -c '
	set -ex
	ip link add v0 type veth peer name v1
	ilnp-ip link add ilnp0 dev v0
	ilnp-ip node set nid ffff:0:0:77 hostname inner
	ilnp-ip locator add 0:0:0:77 dev ilnp0
	ilnp-ip locator show
	ilnp-ip node show | grep -q "hostname inner"
	ilnp-ip link del ilnp0' >/tmp/out 2>&1 || { cat /tmp/out; fail "userns"; }
cat /tmp/out
grep -q "0:0:0:77" /tmp/out || fail "locator not added in the own netns"
expect_eq "initial netns node unchanged" "$(ilnp-ip node show)" "$init_node"

# --- (c) echo replies, events -------------------------------------------
# Nobody hears the node's events (as it may read its tables), never
# root's echo replies.
ilnp-ping -n a -c 3 -i 0.2 0:0:0:a:ffff:0:0:b >/tmp/ping || true
ilnp-ip -n a locator add 0:0:0:f dev ilnp0
ilnp-ip -n a locator del 0:0:0:f dev ilnp0
sleep 0.3
touch /tmp/stop
wait $listener
cat /tmp/ping
# 1 and 2: ILNP_EV_LOCATOR_ADD and _DEL.
expect_eq "nobody listening all along, root pinging and adding a locator" \
	"$(grep groups /tmp/raw)" "groups 4 echo 0 events 1 2"
grep -q "3 packets transmitted, 3 received" /tmp/ping || fail "root's ping"

# Root's Python: the forged replies, then (d)'s sockets, held open.
rm -f /tmp/ready /tmp/stop
ports="2000 200" total=2200
if [ "${ILNP_PORTS_FULL:-0}" = 1 ]; then
	ports=full total=28232
fi
n a $PRIV orphan b eth0 0:0:0:a:ffff:0:0:99 0:0:0:a:ffff:0:0:a + \
	ports /tmp/ready /tmp/stop $ports >/tmp/root &
wait_for /tmp/ready 300
cat /tmp/root
expect_eq "replies to the asking socket only" "$(head -1 /tmp/root)" \
	"control 1 stray 0"

# --- (d) ephemeral ports -------------------------------------------------
if [ $total = 28232 ]; then
	expect_eq "ephemeral binds" "$(sed -n 2p /tmp/root)" \
		"bound 28232 distinct 28232 first 32768 last 60999 errno EADDRINUSE"
	expect_eq "the one free port found" \
		"$(awk '$1 == "rebound" { print $2 }' /tmp/root)" \
		"$(awk '$1 == "rebound" { print $4 }' /tmp/root)"
else
	expect_eq "ephemeral binds" "$(sed -n 2p /tmp/root)" \
		"ephemeral 200 distinct 200 outside the range or in the run 0"
fi
expect_eq "/proc/net/ilnp/sockets ports" \
	"$(n a awk 'NR > 1 { p[$2]++ } END { print length(p) }' \
		/proc/net/ilnp/sockets)" $total
expect_eq "ilnp-ip socket show lines" \
	"$(ilnp-ip -n a socket show | awk 'NR > 1' | wc -l)" $total
touch /tmp/stop
wait
expect_eq "sockets closed" \
	"$(n a awk 'NR > 1' /proc/net/ilnp/sockets | wc -l)" 0

ip netns del a
ip netns del b
ilnp_unload
