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
#   CN_LOC=0:0:0:b                  the CN's network
#   MN_NAME=mn CN_NAME=cn R_NAME=router      hostnames (discovery)
#   MN_NID=ffff:0:0:d CN_NID=ffff:0:0:c R_NID=ffff:0:0:1
#   DEV=eth0       the underlay device       DISCOVERY=20 s between solicitations
#   PATH_HOLD=50   ms a flow waits when its path changes (ilnp-ip(8) path-hold)
#   SCENARIO=udp   udp: the datagrams above; tcp: the MN's TCP download
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
CN_LOC=${CN_LOC:-0:0:0:b}
MN_NAME=${MN_NAME:-mn}
CN_NAME=${CN_NAME:-cn}
R_NAME=${R_NAME:-router}
MN_NID=${MN_NID:-ffff:0:0:d}
CN_NID=${CN_NID:-ffff:0:0:c}
R_NID=${R_NID:-ffff:0:0:1}
DEV=${DEV:-eth0}
DISCOVERY=${DISCOVERY:-20}
PATH_HOLD=${PATH_HOLD:-50}
SCENARIO=${SCENARIO:-udp}
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
	PROGRESS WHERE SCENARIO TCP_RATE TCP_PORT
case $SCENARIO in
udp) ;;
tcp) command -v iperf3 >/dev/null || { echo "experiment: no iperf3" >&2; exit 1; } ;;
*) echo "experiment: SCENARIO=$SCENARIO: udp or tcp" >&2; exit 2 ;;
esac

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

# node_up NAME NID LOC...: the overlay on $DEV, discovery on.
node_up() {
	local name=$1 nid=$2 loc
	shift 2
	load_module
	ilnp-ip link add ilnp0 dev "$DEV"
	ilnp-ip node set nid "$nid" hostname "$name" discovery "$DISCOVERY" \
		path-hold "$PATH_HOLD"
	for loc in "$@"; do
		ilnp-ip locator add "$loc" dev ilnp0
	done
	ip link set ilnp0 up
	progress "$name: up, NID $nid on $*"
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

# start_monitor: the locator update events of this node, as JSON
# lines, into OUT/mn-events.jsonl ("ilnp-ip monitor"): what the moves
# wait on, kept with the results.
start_monitor() {
	local i
	EVENTS=$OUT/mn-events.jsonl
	ilnp-ip -j monitor update >"$EVENTS" 2>"$OUT/mn-monitor.err" &
	for i in $(seq 100); do
		grep -q '^Monitoring:' "$OUT/mn-monitor.err" && return 0
		sleep 0.1
	done
	die "ilnp-ip monitor did not start: $(cat "$OUT/mn-monitor.err")"
}

# lu_event_after LINE NID: "STATE SEQ RTT_US" of the first update to NID
# acked or failed in the events after line LINE; nothing if none yet.
lu_event_after() {
	tail -n +$(($1 + 1)) "$EVENTS" | awk -v nid="\"nid\":\"$2\"" '
		/"object":"update"/ && /"event":"(acked|failed)"/ &&
		index($0, nid) {
			state = $0; sub(/.*"event":"/, "", state)
			sub(/".*/, "", state)
			seq = $0; sub(/.*"seq":/, "", seq); sub(/[,}].*/, "", seq)
			rtt = "-"
			if ($0 ~ /"rtt_us":/) {
				rtt = $0; sub(/.*"rtt_us":/, "", rtt)
				sub(/[,}].*/, "", rtt)
			}
			print state, seq, rtt; exit
		}'
}

role_router() {
	node_up "$R_NAME" "$R_NID" "${nets[@]}"
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

role_cn() {
	case ${1:-all} in
	up|all) node_up "$CN_NAME" "$CN_NID" "$CN_LOC" ;;
	esac
	case ${1:-all} in
	run|all)
		run_traffic cn "$MN_NAME"
		end_traffic cn
		;;
	esac
}

# next_net LOC: the network after LOC in $NETS, cyclically.
next_net() {
	local i
	for i in "${!nets[@]}"; do
		if [ "${nets[$i]}" = "$1" ]; then
			echo "${nets[$(((i + 1) % ${#nets[@]}))]}"
			return
		fi
	done
	echo "${nets[0]}"
}

role_mn() {
	case ${1:-all} in
	up|all) node_up "$MN_NAME" "$MN_NID" "$MN_START" ;;
	esac
	case ${1:-all} in
	run|all) ;;
	*) return 0 ;;
	esac
	run_traffic mn "$CN_NAME"
	mn_moves
	end_traffic mn
	write_params
}

# mn_moves: from START_AT every PERIOD s until DURATION, move to the
# next network with a soft handoff of HANDOFF s, wait (5 s at most) for
# the CN's ack of the locator update (its event, from ilnp-ip monitor),
# and log the move and the update's round trip to OUT/moves.log.
mn_moves() {
	local k=1 cur=$MN_START nxt at t mark state seq rtt end ev
	local wait_us=$((PERIOD > 6 ? 5000000 : (PERIOD - 1) * 1000000))
	echo "# time from to handoff_s lu_state lu_seq lu_rtt_us" >"$OUT/moves.log"
	start_monitor
	while [ $((k * PERIOD)) -lt "$DURATION" ]; do
		at=$(((START_AT + k * PERIOD) * 1000000))
		nxt=$(next_net "$cur")
		sleep_until "$at"
		# The move's update is the first acked after this line.
		mark=$(wc -l <"$EVENTS")
		ilnp-ip locator move "$cur" "$nxt" dev ilnp0 handoff "$HANDOFF"
		t=$(now_us)
		t=${t%??????}.${t: -6}
		progress "mn: move $k: $cur -> $nxt (handoff $HANDOFF s)"
		end=$(($(now_us) + wait_us))
		state=none seq=- rtt=-
		while :; do
			ev=$(lu_event_after "$mark" "$CN_NID")
			if [ -n "$ev" ]; then
				read -r state seq rtt <<<"$ev"
				break
			fi
			[ "$(now_us)" -lt "$end" ] || break
			# A file read, no netlink: cheap even on a slow guest.
			sleep 0.05
		done
		echo "$t $cur $nxt $HANDOFF $state $seq $rtt" >>"$OUT/moves.log"
		if [ "$state" = acked ]; then
			progress "mn: move $k: update acked by $CN_NAME, RTT $rtt us"
		else
			progress "mn: move $k: update $state (seq $seq)"
		fi
		cur=$nxt
		k=$((k + 1))
	done
}

# params.json: the settings, for demo/analyse.py.
write_params() {
	cat >"$OUT/params.json" <<-EOF
	{"scenario": "$SCENARIO", "tcp_rate_mbps": $TCP_RATE,
	 "duration": $DURATION, "rate": $RATE, "period": $PERIOD,
	 "handoff": $HANDOFF, "size": $SIZE, "start_at": $START_AT,
	 "nets": "$NETS", "cn_loc": "$CN_LOC", "mn_start": "$MN_START",
	 "kernel": "$(uname -r)", "where": "$WHERE"}
	EOF
}

# The whole experiment in network namespaces: r, cn, mn with eth0 on
# the bridge br0, as tests/lib/topo.sh does.
ns_add() {
	local name=$1
	ip netns add "$name"
	ip netns exec "$name" sysctl -qw net.ipv6.conf.default.accept_dad=0 \
		net.ipv6.conf.all.accept_dad=0
	ip link add "v-$name" type veth peer name eth0 netns "$name"
	ip link set "v-$name" master br0 up
	ip netns exec "$name" ip link set lo up
	ip netns exec "$name" ip link set eth0 up
	for i in $(seq 50); do
		ip netns exec "$name" ip -6 addr show dev eth0 scope link |
			grep -q inet6 && return 0
		sleep 0.1
	done
	die "$name: no link-local address"
}

# The packets delivered at the MN and the CN and forwarded by the router
# so far, from the kernel's counters.
counts() {
	{
		ip netns exec mn ilnp-ip stats dev ilnp0
		echo --
		ip netns exec cn ilnp-ip stats dev ilnp0
		echo --
		ip netns exec r ilnp-ip stats dev ilnp0
	} | awk '$1 == "--" { n++ }
		n == 0 && $1 == "delivered" { m += $2 }
		n == 1 && $1 == "delivered" { c += $2 }
		n == 0 && $1 == "identity_rx" { m += $2 }
		n == 1 && $1 == "identity_rx" { c += $2 }
		n == 2 && $1 == "forwarded" { r = $2 }
		END { printf "MN %s, CN %s, router forwarded %s", m, c, r }'
}

vm_cleanup() {
	local st=$? ns
	for ns in r cn mn; do ip netns del "$ns" 2>/dev/null || true; done
	ip link del br0 2>/dev/null || true
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
	progress "stage: setup: router on ${nets[*]}, CN on $CN_LOC, MN on $MN_START"
	load_module
	ip link add br0 type bridge mcast_snooping 0
	ip link set br0 up
	for ns in r cn mn; do ns_add "$ns"; done
	ip netns exec r "$0" router
	ip netns exec cn "$0" cn up
	ip netns exec mn "$0" mn up
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
	progress "stage: traffic: ${DURATION} s, a move every ${PERIOD} s, handoff ${HANDOFF} s"
	# Packets so far, every 10 s; not for TCP: in a one-CPU guest the
	# half dozen processes it takes would dent the download's goodput.
	[ "$SCENARIO" = tcp ] ||
	for t in $(seq 10 10 $((DURATION - 1))); do
		sleep_until $(((START_AT + t) * 1000000))
		progress "$((DURATION - t)) s left; packets delivered so far: $(counts)"
	done
	for p in $pids; do wait "$p" || die "a role failed"; done
	rm -r "$SYNC"
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
