#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Experiment 3 of the 2021 prototype: a mobile node (MN) cycles through
# networks a -> b -> c -> a ... moving every PERIOD seconds with a soft
# handoff of HANDOFF seconds; its correspondent (CN) stays on b; a router
# joins a, b and c.  Both ends send a numbered 1440-byte datagram every
# 1/RATE s to the other, addressed by hostname, and log what arrives.
# SCENARIO=tcp: instead, the MN downloads from the CN over TCP for
# DURATION s with an unmodified program (iperf3 -R, to the CN's identity
# address), and the download's goodput is logged every second.
# SCENARIO=cable (vm role): one bridge per network, the router advertises
# its locators, the MN learns them (automatic mode) and moves by its
# cable being plugged into another bridge.  SCENARIO=two-mobile: the CN
# is a second mobile node (MN2, on c) that moves too.  SCENARIO=wifi (vm
# role): as cable, but the CN on c and the MN a WiFi station
# (mac80211_hwsim, wpa_supplicant; tests/lib/wifi.sh) roaming between
# access point a (hostapd, on br-a, channel 1) and b (br-b, channel 6).  The moves follow
# a schedule (SCHEDULE, demo/schedule.py), by default one every PERIOD s.
#
#   demo/experiment.sh vm              the whole experiment on this machine,
#                                      one network namespace per node (what
#                                      "make demo" runs inside its VM)
#   demo/experiment.sh router          configure this host as the router
#   demo/experiment.sh cn [up|run]     ... as the CN: configure (up), then
#   demo/experiment.sh mn [up|run]     send, receive and (MN) move (run);
#                                      both by default
#   demo/experiment.sh down            remove the overlay device
#
# The router, CN and MN roles are what runs on three real hosts
# (Documentation/demo.rst); "vm" runs them in namespaces.  Settings come
# from the environment; the defaults are the experiment's:
#
#   DURATION=120   seconds of traffic        RATE=100   datagrams/s each way
#   PERIOD=20      seconds between moves     HANDOFF=10 seconds on two networks
#                  (DURATION and PERIOD in whole seconds)
#   SIZE=1336      payload bytes: 1440 on the wire with the 104 bytes of
#                  IPv6 40, UDP 8, ILNPv6 40, nonce option 8, STP 8
#   NETS="0:0:0:a 0:0:0:b 0:0:0:c"  the networks; the MN starts on the first
#   CN_LOC=0:0:0:b                  the CN's network (two-mobile, wifi: c)
#   MN_NAME=mn CN_NAME=cn R_NAME=router      hostnames (discovery; two-mobile:
#                                            CN_NAME=mn2)
#   MN_NID=ffff:0:0:d CN_NID=ffff:0:0:c R_NID=ffff:0:0:1
#   DEV=eth0       the underlay device       DISCOVERY=20 s between solicitations
#   PATH_HOLD=50   ms a flow waits when its path changes (ilnp-ip(8) path-hold)
#   SCENARIO=udp   udp: the datagrams above; tcp: the MN's TCP download;
#                  cable: moves by cable, locators learnt; two-mobile: the
#                  CN moves too (as mn2, from c); wifi: moves by WiFi
#                  roams between two access points, locators learnt
#   SCHEDULE=      a move schedule file (demo/schedule.py has the format);
#                  default: the MN to the next network every PERIOD s
#   RA_INTERVAL=1  cable, wifi: seconds between the router's advertisements (a
#                  locator not heard for 3 of them goes)
#   ADVERTISE=     router: 1 to advertise its locators (cable does, per bridge)
#   TCP_RATE=20    tcp: the download's cap in Mbit/s (0: as fast as it goes)
#   TCP_PORT=5201  tcp: the CN's iperf3 server port
#   PORT=9000      STP port of ilnp-recv
#   RCVBUF=4194304 its receive buffer, bytes (a busy host must not overflow it)
#   OUT=./demo-out where the logs go ($ILNP_JOB/demo in a test VM)
#   PROGRESS=      a file for progress lines (default: standard error)
#   START_AT=      epoch second (whole) at which both ends start sending (same on
#                  both hosts, clocks in sync); default: START_DELAY s after
#                  the peer is found by discovery
#   START_DELAY=5  DRAIN=3 seconds to wait for stragglers before stopping
#   ANALYSE=1      vm: run demo/analyse.py on the logs at the end
#   WHERE=         a note for params.json (default: the hostname)
set -euo pipefail

# Where the script is, with no process started but a fork (a process
# start costs up to a second on the debug kernel under TCG).
case $0 in
*/*) here=$(cd "${0%/*}" && pwd -P) ;;
*) here=$(cd "$(dirname "$(command -v "$0")")" && pwd -P) ;;
esac
top=${here%/*}
[ -x "$top/tools/ilnp-ip" ] && export PATH="$top/tools:$PATH"

DURATION=${DURATION:-120}
RATE=${RATE:-100}
PERIOD=${PERIOD:-20}
HANDOFF=${HANDOFF:-10}
SIZE=${SIZE:-1336}
PORT=${PORT:-9000}
RCVBUF=${RCVBUF:-4194304}
NETS=${NETS:-"0:0:0:a 0:0:0:b 0:0:0:c"}
SCENARIO=${SCENARIO:-udp}
if [ "$SCENARIO" = two-mobile ] || [ "$SCENARIO" = wifi ]; then
	CN_LOC=${CN_LOC:-$(echo "$NETS" | awk '{ print $3 }')}
fi
[ "$SCENARIO" != two-mobile ] || CN_NAME=${CN_NAME:-mn2}
CN_LOC=${CN_LOC:-0:0:0:b}
MN_NAME=${MN_NAME:-mn}
CN_NAME=${CN_NAME:-cn}
PEER_LABEL=CN
[ "$SCENARIO" != two-mobile ] || PEER_LABEL=MN2
R_NAME=${R_NAME:-router}
MN_NID=${MN_NID:-ffff:0:0:d}
CN_NID=${CN_NID:-ffff:0:0:c}
R_NID=${R_NID:-ffff:0:0:1}
DEV=${DEV:-eth0}
DISCOVERY=${DISCOVERY:-20}
PATH_HOLD=${PATH_HOLD:-50}
SCHEDULE=${SCHEDULE:-}
RA_INTERVAL=${RA_INTERVAL:-1}
TCP_RATE=${TCP_RATE:-20}
TCP_PORT=${TCP_PORT:-5201}
START_AT=${START_AT:-}
START_DELAY=${START_DELAY:-5}
DRAIN=${DRAIN:-3}
ANALYSE=${ANALYSE:-1}
WHERE=${WHERE:-$HOSTNAME}
if [ -n "${ILNP_JOB:-}" ]; then
	OUT=${OUT:-$ILNP_JOB/demo}
	PROGRESS=${PROGRESS:-$ILNP_JOB/progress}
else
	OUT=${OUT:-$PWD/demo-out}
	PROGRESS=${PROGRESS:-/dev/stderr}
fi
export DURATION RATE PERIOD HANDOFF SIZE PORT RCVBUF NETS CN_LOC MN_NAME \
	CN_NAME R_NAME MN_NID CN_NID R_NID DEV DISCOVERY START_DELAY DRAIN OUT \
	PROGRESS WHERE SCENARIO TCP_RATE TCP_PORT SCHEDULE RA_INTERVAL
case $SCENARIO in
udp | cable | two-mobile) ;;
tcp) command -v iperf3 >/dev/null || { echo "experiment: no iperf3" >&2; exit 1; } ;;
wifi)
	# The radios, access points and station: tests/lib/wifi.sh, which
	# wants common.sh's n, fail and skip and topo.sh's
	# kill_netns_procs (for its cleanup).
	n() { local ns=$1; shift; ip netns exec "$ns" "$@"; }
	fail() { die "$*"; }
	skip() { die "$*"; }
	kill_netns_procs() {
		local ns
		for ns in $(ip netns list | cut -d" " -f1); do
			ip netns pids "$ns" | xargs -r kill 2>/dev/null || true
		done
	}
	# shellcheck disable=SC1091 # checked on its own
	. "$top/tests/lib/wifi.sh"
	;;
*) echo "experiment: SCENARIO=$SCENARIO: udp, tcp, cable, two-mobile or wifi" >&2; exit 2 ;;
esac

# wifi CMD...: a wifi.sh helper, run; its polls (wifi_until) turn
# tracing on as they end, for the tests' logs: off again here, and what
# it traced before that thrown away (BASH_XTRACEFD).
if [ "$SCENARIO" = wifi ]; then
	exec {xtrace_fd}>/dev/null
	BASH_XTRACEFD=$xtrace_fd
fi
wifi() {
	local rc=0
	"$@" || rc=$?
	{ set +x; } 2>/dev/null
	return $rc
}

read -r -a nets <<<"$NETS"
MN_START=${MN_START:-${nets[0]}}

# The time in microseconds.
now_us() { echo "${EPOCHREALTIME//[!0-9]/}"; }

# An EXIT trap: stop what we started, keep the exit status.
kill_jobs() {
	local st=$? j
	for j in $(jobs -p); do kill "$j" 2>/dev/null || true; done
	return $st
}

# progress MESSAGE: one line, stamped with the time into the run, or
# before it the time since the vm role began.
progress() {
	local t="" e
	if [ -z "${START_AT:-}" ] && [ -n "${T0_US:-}" ]; then
		e=$((($(now_us) - T0_US) / 100000))
		t="[+$((e / 10)).$((e % 10))s] "
	elif [ -n "${START_AT:-}" ]; then
		# tenths of a second since START_AT
		e=$(($(now_us) / 100000 - START_AT * 10))
		if [ "$e" -lt 0 ]; then
			t="[t-$(((5 - e) / 10))s] "
		else
			t="[t+$((e / 10)).$((e % 10))s/${DURATION}s] "
		fi
	fi
	echo "$t$*" >>"$PROGRESS"
}

die() {
	progress "error: $*"
	echo "experiment: $*" >&2
	exit 1
}

# sleep_until EPOCH_US: sleep until that time, in microseconds.
sleep_until() {
	local d=$(($1 - $(now_us)))
	[ "$d" -le 0 ] || sleep "$((d / 1000000)).$(printf %06d $((d % 1000000)))"
}

load_module() {
	[ -d /sys/module/ilnp ] && return 0
	if [ -n "${ILNP_MODDIR:-}" ] && [ -e "$ILNP_MODDIR/ilnp.ko" ]; then
		insmod "$ILNP_MODDIR/ilnp.ko"
	elif ! modprobe ilnp 2>/dev/null; then
		insmod "$top/ilnp.ko"
	fi
}

# node_up NAME NID LOC...: the overlay on $DEV, discovery on.  No LOC:
# the device learns its locators (automatic mode) and we wait for one.
node_up() {
	local name=$1 nid=$2 loc i
	shift 2
	load_module
	if [ $# -gt 0 ]; then
		ilnp-ip link add ilnp0 dev "$DEV"
	else
		ilnp-ip link add ilnp0 dev "$DEV" auto
	fi
	ilnp-ip node set nid "$nid" hostname "$name" discovery "$DISCOVERY" \
		path-hold "$PATH_HOLD"
	for loc in "$@"; do
		ilnp-ip locator add "$loc" dev ilnp0 ${ADVERTISE:+advertise}
	done
	ip link set ilnp0 up
	if [ $# -eq 0 ]; then
		for i in $(seq 60); do
			loc=$(learnt_locators)
			[ -n "$loc" ] && break
			sleep 0.25
		done
		[ -n "$loc" ] || die "$name: no locator learnt in 15 s"
		progress "$name: up, NID $nid on $loc (learnt)"
		return
	fi
	progress "$name: up, NID $nid on $*"
}

# learnt_locators: this node's learnt locators, on one line.
learnt_locators() {
	ilnp-ip locator show | awk '$6 == "learnt" { print $1 }' | xargs
}

# wait_peer NAME: until discovery has found NAME (60 s at most).
wait_peer() {
	local i
	for i in $(seq 240); do
		ilnp-ip resolve "$1" >/dev/null 2>&1 && return 0
		[ $((i % 8)) -eq 1 ] && ilnp-ip neigh solicit 2>/dev/null
		sleep 0.25
	done
	die "discovery never found $1"
}

# start_monitor ME: the locator and update events of this node, as
# JSON lines, into OUT/ME-events.jsonl ("ilnp-ip monitor"): where the
# moves are seen (whoever made them: a command or the network), kept
# with the results.
start_monitor() {
	local i err=$OUT/$1-monitor.err
	EVENTS=$OUT/$1-events.jsonl
	ilnp-ip -j monitor locator update >"$EVENTS" 2>"$err" &
	for i in $(seq 100); do
		grep -q '^Monitoring:' "$err" && return 0
		sleep 0.1
	done
	die "ilnp-ip monitor did not start: $(cat "$err")"
}

# jf LINE KEY DEFAULT: JV, KEY's value in the JSON line (a string or a
# number), else DEFAULT.  No subshell.
jf() {
	local re="\"$2\": *\"?([^\",}]*)"
	JV=$3
	if [[ $1 =~ $re ]]; then JV=${BASH_REMATCH[1]}; fi
}

# watch_moves NODE PEER PEER_NID LOC: follow OUT/NODE's events (NODE
# starts on LOC): each move is said and logged in OUT/moves-NODE.log
# with the first update to PEER_NID acked or failed after it (5 s at
# most); until OUT/moves-NODE.stop appears.  A move is a "move start"
# event (from, to, handoff), made by a command or by the network; or a
# locator learnt from a router (an "add" naming it) while the node is on
# another, a hard move from there: what a cable move is while the link
# events do not reach the learnt locators (ilnp_ra_lower_changed() is
# not called yet), the old locator then going when its lifetime runs
# out.  Bash only, no process per event: cheap on a slow guest.
watch_moves() {
	local node=$1 peer=$2 nid=$3 cur=$4 fd line buf="" k=0 pend="" deadline=0
	local t from to h ms how state seq rtt log=$OUT/moves-$1.log
	: >"$log"
	exec {fd}<"$EVENTS"
	while :; do
		if IFS= read -r -u "$fd" line; then
			line=$buf$line
			buf=""
			case $line in
			*'"object":'*'"move"'*'"event":'*'"start"'* | \
			*'"object":'*'"locator"'*'"event":'*'"add"'*'"router":'*)
				jf "$line" event -
				how=hard
				if [ "$JV" = start ]; then
					jf "$line" locator -
					from=$JV
					jf "$line" to -
					to=$JV
				else
					from=$cur
					jf "$line" locator -
					to=$JV
					how="hard: $to learnt"
				fi
				# Seen already (a learnt add, then the move).
				[ "$to" != "$cur" ] || continue
				cur=$to
				[ -z "$pend" ] || echo "$pend none - - $node" >>"$log"
				jf "$line" time_us "$(now_us)"
				t=$JV
				jf "$line" handoff_ms 0
				ms=$JV
				h=$((ms / 1000))
				[ $((ms % 1000)) -eq 0 ] || h=$h.$(printf %03d $((ms % 1000)))
				k=$((k + 1))
				pend="${t%??????}.${t: -6} $from $to $h"
				deadline=$(($(now_us) + 5000000))
				if [ "$ms" -gt 0 ]; then
					progress "$node: move $k: $from -> $to (handoff $h s)"
				else
					progress "$node: move $k: $from -> $to ($how)"
				fi
				;;
			*'"object":'*'"update"'*)
				jf "$line" event -
				state=$JV
				case $state in acked | failed) ;; *) continue ;; esac
				jf "$line" nid -
				if [ -z "$pend" ] || [ "$JV" != "$nid" ]; then
					continue
				fi
				jf "$line" seq -
				seq=$JV
				jf "$line" rtt_us -
				rtt=$JV
				echo "$pend $state $seq $rtt $node" >>"$log"
				pend=""
				if [ "$state" = acked ]; then
					progress "$node: move $k: update acked by $peer, RTT $rtt us"
				else
					progress "$node: move $k: update $state (seq $seq)"
				fi
				;;
			esac
			continue
		fi
		buf+=$line
		if [ -n "$pend" ] && [ "$(now_us)" -gt "$deadline" ]; then
			echo "$pend none - - $node" >>"$log"
			progress "$node: move $k: update not acked in 5 s"
			pend=""
		fi
		if [ -e "$OUT/moves-$node.stop" ]; then
			[ -z "$pend" ] || echo "$pend none - - $node" >>"$log"
			break
		fi
		sleep 0.1
	done
	exec {fd}<&-
}

# The columns of moves.log.
MOVES_HEADER="# time from to handoff_s lu_state lu_seq lu_rtt_us node"

# make_plan: OUT/schedule.txt (SCHEDULE, or the default one) and
# OUT/schedule.plan, what run_schedule runs (demo/schedule.py).
make_plan() {
	local args=(--scenario "$SCENARIO" --duration "$DURATION"
		--period "$PERIOD" --handoff "$HANDOFF" --nets "$NETS"
		--mn-start "$MN_START" --cn-loc "$CN_LOC")
	mkdir -p "$OUT"
	if [ -n "$SCHEDULE" ]; then
		cp "$SCHEDULE" "$OUT/schedule.txt" || die "no schedule $SCHEDULE"
	else
		python3 "$here/schedule.py" default "${args[@]}" >"$OUT/schedule.txt"
	fi
	# Errors name the file given.
	python3 "$here/schedule.py" plan "${args[@]}" "${SCHEDULE:-$OUT/schedule.txt}" \
		>"$OUT/schedule.plan" 2>"$OUT/schedule.err" ||
		die "bad schedule: $(cat "$OUT/schedule.err")"
	rm "$OUT/schedule.err"
}

# run_schedule PLAN [NETNS]: the plan's actions, each at its time from
# START_AT.  Without NETNS (the vm role, in the root namespace) every
# line, in its node's namespace; with it (a role on a real host) that
# node's lines, here.
run_schedule() {
	local plan=$1 only=${2:-} t ln node ns action a b c in
	while read -r t ln node ns action a b c; do
		[ -z "$only" ] || [ "$ns" = "$only" ] || continue
		in=(ip netns exec "$ns")
		[ -z "$only" ] || in=()
		sleep_until $((START_AT * 1000000 + t))
		case $action in
		move)
			# The move is said by the node's watch_moves.
			"${in[@]}" ilnp-ip locator move "$a" "$b" dev ilnp0 \
				${c:+$([ "$c" = - ] || echo handoff "$c")}
			;;
		roam)
			[ -z "$only" ] || die "schedule line $ln: a roam needs the vm role"
			roam "$node" "$a"
			;;
		cable)
			[ -z "$only" ] || die "schedule line $ln: a cable move needs the vm role"
			progress "$node: cable pulled, plugged into $a"
			ip link set "v-$ns" down &&
				ip link set "v-$ns" nomaster &&
				ip link set "v-$ns" master "$a" up
			;;
		link)
			progress "$node: link $b $a"
			"${in[@]}" ip link set "$b" "$a"
			;;
		esac || die "schedule line $ln: $node $action $a $b $c failed"
	done <"$plan"
}

# roam NODE AP: the MN's radio to access point AP (ap-a, ap-b): a
# passive scan of the AP's channel, then wpa_cli roam
# (tests/lib/wifi.sh); returns once associated (the move itself is
# said by watch_moves, from the locator the MN learns there).
roam() {
	local bss=${AP_BSS[$2]} ch=${AP_CH[$2]} t0 e
	progress "$1: roaming to $2 (channel $ch)"
	t0=$(now_us)
	wifi wifi_scan mn "$MN_WLAN" "$bss" "$ch"
	wifi wifi_roam_ask mn "$MN_WLAN" "$bss"
	# Not fatal: under TCG beside other VMs an association may take
	# long; the flows' logs show what it cost.
	if wifi wifi_until 20 wifi_associated mn "$MN_WLAN" "$bss" >/dev/null; then
		e=$((($(now_us) - t0) / 100000))
		progress "$1: associated with $2, $((e / 10)).$((e % 10)) s after the scan began"
	else
		progress "$1: not associated with $2 in 20 s (now: $(wifi wifi_state mn "$MN_WLAN"))"
	fi
}

role_router() {
	local devs i=0 dev
	if [ -z "${ROUTER_DEVS:-}" ]; then
		node_up "$R_NAME" "$R_NID" "${nets[@]}"
		return
	fi
	# One device per network (SCENARIO=cable, wifi): ilnpN on the Nth of
	# ROUTER_DEVS, serving the Nth network.
	read -r -a devs <<<"$ROUTER_DEVS"
	load_module
	for dev in "${devs[@]}"; do
		ilnp-ip link add "ilnp$i" dev "$dev"
		i=$((i + 1))
	done
	ilnp-ip node set nid "$R_NID" hostname "$R_NAME" discovery "$DISCOVERY" \
		path-hold "$PATH_HOLD" ra-interval "$RA_INTERVAL"
	for i in "${!devs[@]}"; do
		ilnp-ip locator add "${nets[$i]}" dev "ilnp$i" advertise
		ip link set "ilnp$i" up
	done
	progress "$R_NAME: up, NID $R_NID, advertising ${nets[*]} (one a device)"
}

role_down() {
	ilnp-ip link del ilnp0
}

# sync_start ME PEER: wait for PEER (discovery), then for START_AT.  In
# the vm role (SYNC set) START_AT is what the vm role writes to
# SYNC/start once both ends are ready: a slow guest may take long to
# get there.
sync_start() {
	local me=$1 peer=$2
	wait_peer "$peer"
	if [ -n "${SYNC:-}" ]; then
		: >"$SYNC/$me.ready"
		until [ -s "$SYNC/start" ]; do sleep 0.1; done
		read -r START_AT <"$SYNC/start"
	elif [ -z "$START_AT" ]; then
		START_AT=$(($(now_us) / 1000000 + START_DELAY + 1))
	fi
	progress "$me: found $peer; sending from $(printf '%(%T)T' "$START_AT")"
	sleep_until $((START_AT * 1000000))
}

# run_traffic ME PEER: receive, then send to PEER by hostname from
# START_AT for DURATION s.  Sets rpid and spid.
run_traffic() {
	local me=$1 peer=$2
	mkdir -p "$OUT"
	trap kill_jobs EXIT
	# A node that moves: its events, from before the first move.
	[ -z "${MOVER:-}" ] || start_monitor "$MOVER"
	if [ "$SCENARIO" = tcp ]; then
		run_tcp "$me" "$peer"
		return
	fi
	ilnp-recv -p "$PORT" -b "$RCVBUF" -o "$OUT/$me-recv.log" \
		2>"$OUT/$me-recv.sum" &
	rpid=$!
	sync_start "$me" "$peer"
	ilnp-send -r "$RATE" -d "$DURATION" -s "$SIZE" \
		-o "$OUT/$me-send.log" "$peer" "$PORT" 2>"$OUT/$me-send.sum" &
	spid=$!
	progress "$me: sending to $peer, $RATE/s of $SIZE bytes"
}

# identity_of NAME: NAME's identity address, the address an unmodified
# program uses: this node's identity prefix (the same on every node of
# the experiment) with the NID discovery learnt for NAME.
identity_of() {
	{ ilnp-ip -j node show; echo; ilnp-ip -j resolve "$1"; } | python3 -c '
import ipaddress, json, sys
node, peer = [json.loads(l) for l in sys.stdin if l.strip()]
prefix = ipaddress.IPv6Network(node["identity_prefix"])
nid = 0
for group in peer["nid"].split(":"):
    nid = nid << 16 | int(group, 16)
print(ipaddress.IPv6Address(int(prefix.network_address) | nid))'
}

# run_tcp ME PEER: the CN serves one iperf3 download; the MN runs it
# (iperf3 -R: the server sends) to the CN's identity address from
# START_AT for DURATION s, its report in OUT/iperf3.json.  Sets spid
# (and rpid, the same process).
run_tcp() {
	local me=$1 peer=$2 addr
	if [ "$me" = cn ]; then
		iperf3 -s -1 -p "$TCP_PORT" >"$OUT/cn-iperf3.log" 2>&1 &
		spid=$!
		rpid=$spid
		sync_start "$me" "$peer"
		progress "cn: serving the download on port $TCP_PORT"
		# A client that never comes must not keep the server.
		{ sleep $((DURATION + 30)); kill "$spid" 2>/dev/null; } &
		return
	fi
	addr=$(identity_of "$peer") || die "no identity address for $peer"
	sync_start "$me" "$peer"
	iperf3 -c "$addr" -p "$TCP_PORT" -R -t "$DURATION" -i 0.2 -J \
		-b "${TCP_RATE}M" --get-server-output >"$OUT/iperf3.json" \
		2>"$OUT/iperf3.err" &
	spid=$!
	rpid=$spid
	progress "mn: downloading from $peer ($addr) over TCP for $DURATION s"
}

end_traffic() {
	local me=$1
	if [ "$SCENARIO" = tcp ]; then
		wait "$spid" || die "$me: iperf3 failed: $(tail -c 600 \
			"$OUT/iperf3.json" "$OUT/cn-iperf3.log" 2>/dev/null)"
		# iperf3 -J exits 0 on a failed connection: its report says.
		[ "$me" = cn ] || python3 -c '
import json, sys
err = json.load(open(sys.argv[1])).get("error")
sys.exit(err and f"iperf3: {err}")' "$OUT/iperf3.json" ||
			die "mn: the download failed"
		progress "$me: the download ended cleanly"
		return
	fi
	wait "$spid" || die "$me: ilnp-send failed: $(cat "$OUT/$me-send.sum")"
	sleep "$DRAIN"
	kill -INT "$rpid"
	wait "$rpid" || die "$me: ilnp-recv failed: $(cat "$OUT/$me-recv.sum")"
	progress "$me: $(cat "$OUT/$me-send.sum")"
	progress "$me: $(cat "$OUT/$me-recv.sum")"
}

# run_mobile ME NODE PEER PEER_NID LOC: the traffic of a node that moves
# (NODE in the schedule: mn, or mn2 for the CN in two-mobile): its moves
# watched from its events, and, on a real host (no SYNC: the vm role
# runs the schedule for everyone), its schedule lines run here.
run_mobile() {
	local me=$1 node=$2 wpid
	MOVER=$node
	run_traffic "$me" "$3"
	watch_moves "$node" "$3" "$4" "$5" &
	wpid=$!
	if [ -z "${SYNC:-}" ]; then
		make_plan
		run_schedule "$OUT/schedule.plan" "$me"
	fi
	end_traffic "$me"
	: >"$OUT/moves-$node.stop"
	wait "$wpid" || die "$node: watching the moves failed"
	rm -f "$OUT/moves-$node.stop"
	[ -n "${SYNC:-}" ] || { echo "$MOVES_HEADER"; cat "$OUT/moves-$node.log"; } \
		>"$OUT/moves.log"
}

role_cn() {
	case ${1:-all} in
	up|all) node_up "$CN_NAME" "$CN_NID" "$CN_LOC" ;;
	esac
	case ${1:-all} in
	run|all) ;;
	*) return 0 ;;
	esac
	if [ "$SCENARIO" = two-mobile ]; then
		run_mobile cn mn2 "$MN_NAME" "$MN_NID" "$CN_LOC"
	else
		run_traffic cn "$MN_NAME"
		end_traffic cn
	fi
}

role_mn() {
	case ${1:-all} in
	up|all)
		if [ "$SCENARIO" = cable ] || [ "$SCENARIO" = wifi ]; then
			node_up "$MN_NAME" "$MN_NID"
		else
			node_up "$MN_NAME" "$MN_NID" "$MN_START"
		fi
		;;
	esac
	case ${1:-all} in
	run|all) ;;
	*) return 0 ;;
	esac
	run_mobile mn mn "$CN_NAME" "$CN_NID" "$MN_START"
	write_params
}

# params.json: the settings, for demo/analyse.py.
write_params() {
	cat >"$OUT/params.json" <<-EOF
	{"scenario": "$SCENARIO", "tcp_rate_mbps": $TCP_RATE,
	 "schedule": "${SCHEDULE:-default}", "peer_label": "$PEER_LABEL",
	 "duration": $DURATION, "rate": $RATE, "period": $PERIOD,
	 "handoff": $HANDOFF, "size": $SIZE, "start_at": $START_AT,
	 "nets": "$NETS", "cn_loc": "$CN_LOC", "mn_start": "$MN_START",
	 "kernel": "$(uname -r)", "where": "$WHERE"}
	EOF
}

# The whole experiment in network namespaces: r, cn, mn with eth0 on
# the bridge br0, as tests/lib/topo.sh does; SCENARIO=cable: a bridge
# per network (br-a, br-b, br-c), the router on each (eth-a, eth-b,
# eth-c), the CN on its network's, the MN on its first network's.
# ns_add NAME: the namespace.  A link-local address survives a carrier
# loss (a cable move), as on a host.
ns_add() {
	ip netns add "$1"
	ip netns exec "$1" sysctl -qw net.ipv6.conf.default.accept_dad=0 \
		net.ipv6.conf.all.accept_dad=0 \
		net.ipv6.conf.default.keep_addr_on_down=1
	ip netns exec "$1" ip link set lo up
}

# ns_cable NAME DEV BRIDGE VETH: NAME's DEV on BRIDGE, its far end VETH.
ns_cable() {
	local i
	ip link add "$4" type veth peer name "$2" netns "$1"
	ip link set "$4" master "$3" up
	ip netns exec "$1" ip link set "$2" up
	for i in $(seq 50); do
		ip netns exec "$1" ip -6 addr show dev "$2" scope link |
			grep -q inet6 && return 0
		sleep 0.1
	done
	die "$1: no link-local address on $2"
}

# bridge_add NAME
bridge_add() {
	ip link add "$1" type bridge mcast_snooping 0
	ip link set "$1" up
	BRIDGES="${BRIDGES:-} $1"
}

# The packets delivered at the MN and the CN and forwarded by the router
# so far, from the kernel's counters.
counts() {
	{
		ip netns exec mn ilnp-ip stats dev ilnp0
		echo --
		ip netns exec cn ilnp-ip stats dev ilnp0
		echo --
		ip netns exec r ilnp-ip stats
	} | awk -v peer="$PEER_LABEL" '$1 == "--" { n++ }
		n == 0 && $1 == "delivered" { m += $2 }
		n == 1 && $1 == "delivered" { c += $2 }
		n == 0 && $1 == "identity_rx" { m += $2 }
		n == 1 && $1 == "identity_rx" { c += $2 }
		n == 2 && $1 == "forwarded" { r += $2 }
		END { printf "MN %s, %s %s, router forwarded %s", m, peer, c, r }'
}

# wifi_setup: the wifi scenario's networks (tests/integration/wifi.sh's):
# the router on br-a, br-b and br-c, the CN on its network's bridge,
# access point a (wlan0) on br-a, channel 1, b (wlan1) on br-b, channel
# 6, the MN's radio (wlan2) in its netns, associated with a.  Sets
# MN_WLAN, AP_BSS and AP_CH.
wifi_setup() {
	local l i
	progress "stage: setup: router advertising ${nets[*]} on a bridge each, CN on $CN_LOC, access points a (br-a, channel 1) and b (br-b, channel 6), MN a WiFi station on a (its locators learnt)"
	for l in "${nets[@]}"; do
		bridge_add "br-${l##*:}"
		ns_cable r "eth-${l##*:}" "br-${l##*:}" "v-r-${l##*:}"
		ROUTER_DEVS="${ROUTER_DEVS:-} eth-${l##*:}"
	done
	export ROUTER_DEVS
	ns_cable cn eth0 "br-${CN_LOC##*:}" v-cn
	wifi wifi_load 3	# wlan0: AP a, wlan1: AP b, wlan2: the MN's
	# wifi_load's trap replaced ours.
	trap 'kill_jobs; vm_cleanup' EXIT
	MN_WLAN=wlan2
	declare -gA AP_BSS AP_CH
	AP_BSS[ap-a]=$(cat /sys/class/net/wlan0/address)
	AP_BSS[ap-b]=$(cat /sys/class/net/wlan1/address)
	AP_CH[ap-a]=1
	AP_CH[ap-b]=6
	wifi wifi_to_netns "$MN_WLAN" mn
	ip -n mn link set "$MN_WLAN" up
	wifi wifi_ap a wlan0 "br-${nets[0]##*:}" 1
	# AP b once the MN is on a: it joins the first AP it finds.
	wifi wifi_sta mn "$MN_WLAN" 1 6
	wifi wifi_wait_assoc mn "$MN_WLAN" "${AP_BSS[ap-a]}" 60
	wifi wifi_ap b wlan1 "br-${nets[1]##*:}" 6
	for i in $(seq 100); do
		ip -n mn -6 addr show dev "$MN_WLAN" scope link -tentative |
			grep -q inet6 && break
		sleep 0.2
	done
	progress "MN: $MN_WLAN associated with access point a (${AP_BSS[ap-a]})"
}

vm_cleanup() {
	local st=$? ns
	# wifi: the daemons stopped, hwsim unloaded (and every netns and
	# br-* bridge deleted); the daemons' last words if we failed.  In a
	# subshell without errexit: wifi_cleanup is written for the tests'
	# trap, where a failed command does not end it.
	[ "$SCENARIO" != wifi ] || ( set +e; [ "$st" = 0 ]; wifi_cleanup )
	for ns in r cn mn; do ip netns del "$ns" 2>/dev/null || true; done
	for ns in ${BRIDGES:-}; do ip link del "$ns" 2>/dev/null || true; done
	return $st
}

role_vm() {
	local pids t
	mkdir -p "$OUT"
	# Whatever happens, leave nothing running: the VM waits for it.
	trap 'kill_jobs; vm_cleanup' EXIT
	: >"$PROGRESS"
	T0_US=$(now_us)
	export T0_US
	# The schedule first: a bad one stops us before anything is set up.
	make_plan
	load_module
	for ns in r cn mn; do ns_add "$ns"; done
	if [ "$SCENARIO" = wifi ]; then
		wifi_setup
	elif [ "$SCENARIO" = cable ]; then
		progress "stage: setup: router advertising ${nets[*]} on a bridge each, CN on $CN_LOC, MN's cable in br-${MN_START##*:} (its locators learnt)"
		for l in "${nets[@]}"; do
			bridge_add "br-${l##*:}"
			ns_cable r "eth-${l##*:}" "br-${l##*:}" "v-r-${l##*:}"
			ROUTER_DEVS="${ROUTER_DEVS:-} eth-${l##*:}"
		done
		ns_cable cn eth0 "br-${CN_LOC##*:}" v-cn
		ns_cable mn eth0 "br-${MN_START##*:}" v-mn
		export ROUTER_DEVS
	else
		progress "stage: setup: router on ${nets[*]}, $PEER_LABEL on $CN_LOC, MN on $MN_START"
		bridge_add br0
		for ns in r cn mn; do ns_cable "$ns" eth0 br0 "v-$ns"; done
	fi
	ip netns exec r "$0" router
	ip netns exec cn "$0" cn up
	DEV=${MN_WLAN:-$DEV} ip netns exec mn "$0" mn up
	progress "stage: discovery: waiting for $CN_NAME and $MN_NAME to find each other"
	SYNC=$OUT/sync
	export SYNC
	rm -rf "$SYNC"
	mkdir "$SYNC"
	ip netns exec cn "$0" cn run &
	pids=$!
	ip netns exec mn "$0" mn run &
	pids="$pids $!"
	until [ -e "$SYNC/cn.ready" ] && [ -e "$SYNC/mn.ready" ]; do
		# shellcheck disable=SC2086 # two pids
		kill -0 $pids 2>/dev/null || die "a role failed"
		sleep 0.1
	done
	START_AT=$(($(now_us) / 1000000 + 3))
	echo "$START_AT" >"$SYNC/start.new"
	mv "$SYNC/start.new" "$SYNC/start"
	if [ -n "$SCHEDULE" ]; then
		progress "stage: traffic: ${DURATION} s, moves from the schedule ${SCHEDULE##*/} ($(wc -l <"$OUT/schedule.plan") actions)"
	elif [ "$SCENARIO" = cable ]; then
		progress "stage: traffic: ${DURATION} s, the MN's cable into the next network's bridge every ${PERIOD} s"
	elif [ "$SCENARIO" = wifi ]; then
		progress "stage: traffic: ${DURATION} s, the MN roams to the other access point every ${PERIOD} s"
	elif [ "$SCENARIO" = two-mobile ]; then
		progress "stage: traffic: ${DURATION} s, MN moves every ${PERIOD} s, MN2 every $((PERIOD * 3 / 2)) s, handoff ${HANDOFF} s"
	else
		progress "stage: traffic: ${DURATION} s, a move every ${PERIOD} s, handoff ${HANDOFF} s"
	fi
	run_schedule "$OUT/schedule.plan" &
	pids="$pids $!"
	# Packets so far, every 10 s; not for TCP: in a one-CPU guest the
	# half dozen processes it takes would dent the download's goodput.
	[ "$SCENARIO" = tcp ] ||
	for t in $(seq 10 10 $((DURATION - 1))); do
		sleep_until $(((START_AT + t) * 1000000))
		progress "$((DURATION - t)) s left; packets delivered so far: $(counts)"
	done
	for p in $pids; do wait "$p" || die "a role failed"; done
	rm -r "$SYNC"
	# The moves of every node, in time order.
	{
		echo "$MOVES_HEADER"
		cat "$OUT"/moves-*.log 2>/dev/null | sort -n || true
	} >"$OUT/moves.log"
	for ns in r cn mn; do
		{
			echo "== ilnp-ip stats"
			ip netns exec $ns ilnp-ip stats
			echo "== ilnp-ip locator show"
			ip netns exec $ns ilnp-ip locator show
			echo "== ilnp-ip neigh show"
			ip netns exec $ns ilnp-ip neigh show
			echo "== nstat (TCP and IPv6 counters not 0)"
			ip netns exec $ns nstat -az | awk 'NR > 1 && $2 != 0 &&
				$1 ~ /^(Tcp|Ip6|Icmp6)/ { print $1, $2 }'
		} >"$OUT/state-$ns.txt" 2>&1 || true
	done
	# Packets the guest's CPU backlog dropped (column 2, per CPU).
	cp /proc/net/softnet_stat "$OUT/softnet_stat.txt"
	vm_cleanup
	if [ "$ANALYSE" = 1 ]; then
		progress "stage: analysis and plots"
		if [ "$SCENARIO" = tcp ]; then
			python3 "$here/analyse_tcp.py" "$OUT"
		else
			python3 "$here/analyse.py" "$OUT"
		fi
	fi
	progress "stage: done"
}

role=${1:-}
shift || true
case $role in
vm) role_vm ;;
router) role_router ;;
cn) role_cn "$@" ;;
mn) role_mn "$@" ;;
down) role_down ;;
*) sed -n '3,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2; exit 2 ;;
esac
