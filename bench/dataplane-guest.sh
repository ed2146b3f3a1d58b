#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Runs inside a test VM (bench/dataplane.sh boots it): the overlay's data
# plane next to plain IPv6 on the same path, every figure from this one
# run (Documentation/performance.rst):
#
#   br0 --+-----------+-----------+-----------+
#         A           B           R           C
#   ilnp: ffff:0:0:a  ffff:0:0:b  ffff:0:0:1  ffff:0:0:c
#         on a        on a        on a and c  on c
#   IPv6: fd00:a::a   fd00:a::b   fd00:a::1   fd00:c::c
#                                 fd00:c::1   (routed through R)
#
#   direct   A -> B: AF_ILNP (group of a) vs UDP to a multicast group
#            on the same bridge, the same bytes on the wire (1440 and
#            112: payload 1336/8 for AF_ILNP, 1392/64 for UDP)
#   forward  A -> R -> C: AF_ILNP forwarded by R vs UDP routed by R
#   by8      direct 1440 again with eight idle nodes on network a: what
#            a LAN's bystanders cost a flow (UDP to a group: the bridge
#            floods them every datagram, they drop what is not theirs;
#            AF_ILNP: unicast to the known next hop, they see nothing)
#   rtt      A <-> B request/response, 64 bytes: AF_ILNP vs UDP (unicast:
#            what two hosts on a LAN would use)
#   vxlan    direct, over a VXLAN device between A and B on the same
#            bridge (1440 on the wire: payload 1322; the smallest, 126:
#            payload 8)
#   tcp      iperf3 A -> B: to B's identity address over the overlay, to
#            fd00:a::b, over VXLAN, and over the overlay with A's TSO off
#   tcp-forward  iperf3 A -> C through R: over the overlay, routed IPv6
#   handoff  AF_ILNP A -> B at each of BENCH_HANDOFF_RATES a second while
#            A moves a -> c with a soft handoff: lost, dup, reordered;
#            then at 1000/s with a busy loop beside (handoff-hog)
#
# For each: packets/s received, Mbit/s of payload, the guest's CPU time
# per packet (all CPUs' busy time over the run from /proc/stat, over the
# packets received).  Sender and receiver share the guest's CPU(s), as
# they did in the prototype's measurements.  BENCH_SECONDS (5) per run,
# BENCH_PINGS (2000) round trips.  Writes OUT (default $ILNP_JOB or
# /tmp/bench)/bench.json and the table (also printed).  BENCH_PROFILE=1
# then profiles the forwarder case, AF_ILNP and UDP, with perf (cpu-clock,
# every CPU) into OUT/profile-ilnp.txt and profile-udp.txt.
. tests/lib/common.sh
. tests/lib/topo.sh

# Discovery answers solicitations only (its own rounds an hour apart).
export ILNP_DISCOVERY=3600
SECS=${BENCH_SECONDS:-5}
PINGS=${BENCH_PINGS:-2000}
HANDOFF_RATES=${BENCH_HANDOFF_RATES:-1000 2000 3000 4000 6000}
# BENCH_CASES: the runs to do, "case:kind" glob patterns (all by
# default); make check's short version takes one of each shape.
CASES=${BENCH_CASES:-*:*}
OUT=${OUT:-${ILNP_JOB:-/tmp/bench}}
BLAST=$PWD/bench/blast
GROUP=ff12::b:e
mkdir -p "$OUT"
[ -x "$BLAST" ] || fail "no $BLAST: make -C bench"

ilnp_load
bridge_up
ilnp_node A ffff:0:0:a 0:0:0:a
ilnp_node B ffff:0:0:b 0:0:0:a
ilnp_node R ffff:0:0:1 0:0:0:a 0:0:0:c
ilnp_node C ffff:0:0:c 0:0:0:c
n A ip -6 addr add fd00:a::a/64 dev eth0 nodad
n B ip -6 addr add fd00:a::b/64 dev eth0 nodad
n R ip -6 addr add fd00:a::1/64 dev eth0 nodad
n R ip -6 addr add fd00:c::1/64 dev eth0 nodad
n C ip -6 addr add fd00:c::c/64 dev eth0 nodad
n R sysctl -qw net.ipv6.conf.all.forwarding=1
n A ip -6 route add fd00:c::/64 via fd00:a::1
n C ip -6 route add fd00:a::/64 via fd00:c::1
# R sends what it routes back out of eth0: no redirects, or A and C
# would learn to skip it (they share the bridge).
n R sysctl -qw net.ipv6.conf.all.accept_redirects=0 \
	net.ipv6.conf.eth0.accept_redirects=0
n A sysctl -qw net.ipv6.conf.all.accept_redirects=0 \
	net.ipv6.conf.eth0.accept_redirects=0
r_mac=$(ip netns exec R cat /sys/class/net/eth0/address)
n C ip -6 neigh replace fd00:c::1 lladdr "$r_mac" dev eth0
n A ip -6 neigh replace fd00:a::1 lladdr "$r_mac" dev eth0
# VXLAN between A and B over the same bridge (VNI 42, its flood group
# ff12::42), the in-kernel overlay a user would pick instead.
for x in A B; do
	n $x ip link add vx0 type vxlan id 42 group ff12::42 dev eth0 \
		dstport 4789
	n $x ip link set vx0 up
done
n A ip -6 addr add fd00:42::a/64 dev vx0 nodad
n B ip -6 addr add fd00:42::b/64 dev vx0 nodad
n A ping -6 -c 1 -W 2 fd00:42::b >/dev/null
# discover: A, B and C learn each other by discovery, for their identity
# addresses (TCP over the overlay): each end answers by the locator
# discovery gave it.  Again before the TCP runs: with discovery's own
# rounds an hour apart, what was learnt at the start has expired by then.
discover() {
	local x i
	for x in A B C; do
		n $x ilnp-ip neigh solicit
	done
	for i in $(seq 50); do
		n A ilnp-ip resolve B >/dev/null 2>&1 &&
			n A ilnp-ip resolve C >/dev/null 2>&1 &&
			n B ilnp-ip resolve A >/dev/null 2>&1 &&
			n C ilnp-ip resolve A >/dev/null 2>&1 && return 0
		sleep 0.1
	done
	fail "discovery: A, B and C did not learn each other"
}
discover
# The overlay's routes and ILCC warm: one packet each way first.
n A ilnp-ping -c 1 -W 2 0:0:0:a:ffff:0:0:b >/dev/null
n A ilnp-ping -c 1 -W 2 0:0:0:c:ffff:0:0:c >/dev/null
n A ping -6 -c 1 -W 2 fd00:c::c >/dev/null

# busy_jiffies: the guest's busy time so far, all CPUs (USER_HZ ticks,
# HZ a second).
HZ=$(getconf CLK_TCK)
busy_jiffies() {
	awk '$1 == "cpu" { print $2 + $3 + $4 + $7 + $8 }' /proc/stat
}

# run NAME PATH RECEIVER RECV_ARGS SENDER SEND_ARGS: one blast over PATH
# (ilnp: AF_ILNP; udp: plain UDP; vxlan: UDP over the VXLAN device);
# sets PPS, MBPS, CPU_US (per packet received) and prints the line.
# An AF_ILNP blast starts with a few datagrams to its destination,
# echoed: the answers (with the receiver's nonce) teach the sender, and R
# on the way, the next hops' link-layer addresses, as any flow's return
# traffic does, so the blast goes by unicast (a one-way flow to a node
# that never sent would stay multicast).
warm() {
	local rx=$1 tx=$2 dst=$3
	n "$rx" ilnp-recv -e -p 9999 -c 4 -d 3 -o /dev/null &
	sleep 0.3
	n "$tx" ilnp-send -c 4 -i 0.1 -p 9998 -o /dev/null "$dst" 9999
	wait $!
}
# wanted CASE KIND: whether BENCH_CASES asks for it.
wanted() {
	local p
	for p in $CASES; do
		# shellcheck disable=SC2053 # a glob on purpose
		[[ "$1:$2" == $p ]] && return 0
	done
	return 1
}
run() {
	local name=$1 path=$2 rx=$3 rxargs=$4 tx=$5 txargs=$6 b0 b1
	wanted "$name" "$path" || return 0
	local kind=$path
	[ "$path" != vxlan ] || kind=udp
	[ "$path" != ilnp ] || warm "$rx" "$tx" "${txargs%% *}"
	n "$rx" "$BLAST" recv "$kind" $rxargs >/tmp/bench.rx &
	local rpid=$!
	sleep 0.5
	b0=$(busy_jiffies)
	n "$tx" "$BLAST" send "$kind" $txargs >/tmp/bench.tx
	wait $rpid
	b1=$(busy_jiffies)
	read -r _ N _ BYTES _ S _ PPS </tmp/bench.rx
	read -r _ SENT _ ERR _ _ </tmp/bench.tx
	MBPS=$(awk -v b="$BYTES" -v s="$S" 'BEGIN { printf "%.1f", (s > 0 ? b * 8 / s / 1e6 : 0) }')
	CPU_US=$(awk -v d=$((b1 - b0)) -v hz="$HZ" -v n="$N" \
		'BEGIN { printf "%.1f", (n > 0 ? d / hz * 1e6 / n : 0) }')
	printf '%-16s %-5s sent %8s (%s errors) received %8s: %7s pps %7s Mbit/s %6s us/pkt\n' \
		"$name" "$path" "$SENT" "$ERR" "$N" "$PPS" "$MBPS" "$CPU_US"
	echo "{\"case\": \"$name\", \"kind\": \"$path\", \"sent\": $SENT, \"send_errors\": $ERR, \"received\": $N, \"seconds\": $S, \"pps\": $PPS, \"mbps\": $MBPS, \"cpu_us_per_pkt\": $CPU_US}," >>"$OUT/rows"
}

# ping_run NAME KIND SERVER SERVER_ARGS CLIENT CLIENT_ARGS
ping_run() {
	local name=$1 kind=$2
	wanted "$name" "$kind" || return 0
	# Not on the table's pipe: it would hold the table open until
	# its time is up.
	n "$3" "$BLAST" pong "$kind" $4 >/dev/null &
	local spid=$!
	sleep 0.5
	n "$5" "$BLAST" ping "$kind" $6 >/tmp/bench.ping
	ip netns pids "$3" | xargs -r kill
	wait $spid 2>/dev/null || true
	read -r _ _ P50 _ P99 _ LOST </tmp/bench.ping
	printf '%-16s %-5s rtt p50 %6s us p99 %6s us, lost %s\n' \
		"$name" "$kind" "$P50" "$P99" "$LOST"
	echo "{\"case\": \"$name\", \"kind\": \"$kind\", \"rtt_p50_us\": $P50, \"rtt_p99_us\": $P99, \"lost\": $LOST}," >>"$OUT/rows"
}

# tcp_run CASE PATH NODE ADDR: iperf3 A -> NODE (ADDR) for SECS seconds.
tcp_run() {
	local mbps
	wanted "$1" "$2" || return 0
	n "$3" iperf3 -s -1 -p 5201 >/dev/null 2>&1 &
	local spid=$!
	sleep 1
	n A iperf3 -c "$4" -p 5201 -t "$SECS" -f m >/tmp/bench.tcp 2>&1 || {
		cat /tmp/bench.tcp
		for x in A "$3" R; do
			echo "== $x"
			n $x ilnp-ip cache show
			n $x ilnp-ip neigh show
			n $x ilnp-ip stats | awk '$2 != 0'
		done
		fail "iperf3 over $2"
	}
	wait $spid 2>/dev/null || true
	mbps=$(awk '/receiver/ { print $7 }' /tmp/bench.tcp)
	printf '%-16s %-11s %s Mbit/s\n' "$1" "$2" "$mbps"
	echo "{\"case\": \"$1\", \"kind\": \"$2\", \"tcp_mbps\": $mbps}," >>"$OUT/rows"
}

# drop_counts: every node's drop and error counters ("node:counter n"),
# but for drop_not_for_us (R hears network a's traffic: a bystander).
drop_counts() {
	local x
	{
	for x in A B R; do
		n $x ilnp-ip stats | awk -v x=$x '/^[a-z]/ && NF == 1 { next }
			$1 ~ /drop|err|overflow/ && $1 != "drop_not_for_us" {
				c[x ":" $1] += $2 }
			END { for (k in c) print k, c[k] }'
		n $x nstat -az Udp6RcvbufErrors Udp6InErrors |
			awk -v x=$x '/^Udp6/ { print x ":" $1, $2 }'
		ip netns exec $x sh -c 'cd /sys/class/net/eth0/statistics &&
			echo "$1:eth0_rx_dropped $(cat rx_dropped)" &&
			echo "$1:eth0_tx_dropped $(cat tx_dropped)"' sh $x
	done
	# The backlog's drops (netdev_max_backlog), every CPU.
	local d=0 col
	while read -r _ col _; do
		d=$((d + 0x$col))
	done </proc/net/softnet_stat
	echo "softnet_dropped $d"
	} | sort
}

# handoff_run RATE [hog]: AF_ILNP A -> B at RATE a second, 1336-byte payloads,
# for 3 s; at 1 s, A moves from a to c (B then through R) with a soft
# handoff of 1 s.  What B got: lost, duplicated, reordered; and the rate
# A kept (a starved guest sends late: a rate it could not keep is not
# one the handoff passed).  B stops 2 s after A's last datagram, not at
# a fixed time: late is not lost (a fixed deadline counted datagrams a
# slow sender sent late as lost).
# With "hog", a busy loop beside, for the CPU a loaded Raspberry Pi does
# not have; what the handoff holds then is reported, with the counters
# that account for what was lost.
handoff_run() {
	local sent kept hog= drops
	wanted "handoff${2:+-$2}" ilnp || return 0
	drop_counts >/tmp/ho-drops0
	if [ "${2:-}" = hog ]; then
		sh -c 'while :; do :; done' &
		hog=$!
	fi
	# Not through n: $! must be the receiver's pid, for the kill.
	ip netns exec B "$PWD/tools/ilnp-recv" -p 9010 -b 8388608 -d 60 \
		-o /tmp/ho.log >/dev/null &
	local rpid=$!
	wait_port B 9010
	n A "$PWD/tools/ilnp-send" -B -r "$1" -d 3 -s 1336 -o /tmp/ho-send.log \
		0:0:0:a:ffff:0:0:b 9010 >/dev/null &
	local spid=$!
	sleep 1
	n A ilnp-ip locator move 0:0:0:a 0:0:0:c dev ilnp0 handoff 1
	wait $spid
	sent=$(awk '$5 == "0"' /tmp/ho-send.log | wc -l)
	# A's kept rate: datagrams over the time from the first to the last.
	kept=$(awk 'NR == 1 { t0 = $1 } { t = $1 }
		END { printf "%d", (t > t0 ? (NR - 1) / (t - t0) : 0) }' \
		/tmp/ho-send.log)
	sleep 2
	kill -TERM $rpid
	wait $rpid
	if [ -n "$hog" ]; then
		kill $hog
		wait $hog 2>/dev/null || true
	fi
	drop_counts >/tmp/ho-drops1
	drops=$(join /tmp/ho-drops0 /tmp/ho-drops1 |
		awk '$3 != $2 { printf "%s%s %d", sep, $1, $3 - $2; sep = ", " }')
	read -r GOT LOST DUP REORD < <(awk -v sent="$sent" '
		{ n++; if ($2 in seen) dup++; seen[$2] = 1
		  if (n > 1 && $2 < last) reord++; last = $2 }
		END { u = 0; for (s in seen) u++
		      print n + 0, sent - u, dup + 0, reord + 0 }' /tmp/ho.log)
	printf '%-16s %-5s %5s/s kept %5s/s sent %6s received %6s lost %s dup %s reordered %s%s\n' \
		"handoff${hog:+-hog}" ilnp "$1" "$kept" "$sent" "$GOT" "$LOST" \
		"$DUP" "$REORD" "${drops:+ (counted: $drops)}"
	echo "{\"case\": \"handoff${hog:+-hog}\", \"kind\": \"ilnp\", \"rate\": $1, \"kept\": $kept, \"sent\": $sent, \"received\": $GOT, \"lost\": $LOST, \"dup\": $DUP, \"reordered\": $REORD, \"drops\": \"$drops\"}," >>"$OUT/rows"
	n A ilnp-ip locator move 0:0:0:c 0:0:0:a dev ilnp0
	sleep 1
}

: >"$OUT/rows"
{
echo "dataplane: $(uname -r), $(nproc) CPU(s), $SECS s a run"
run direct-1440 ilnp B "9000 $SECS" A "0:0:0:a:ffff:0:0:b 9000 1336 $SECS"
run direct-1440 udp B "9001 $SECS $GROUP eth0" A "$GROUP 9001 1392 $SECS eth0"
run direct-112 ilnp B "9000 $SECS" A "0:0:0:a:ffff:0:0:b 9000 8 $SECS"
run direct-112 udp B "9001 $SECS $GROUP eth0" A "$GROUP 9001 64 $SECS eth0"
run direct-1440 vxlan B "9004 $SECS" A "fd00:42::b 9004 1322 $SECS"
run direct-112 vxlan B "9004 $SECS" A "fd00:42::b 9004 8 $SECS"
run forward-1440 ilnp C "9000 $SECS" A "0:0:0:c:ffff:0:0:c 9000 1336 $SECS"
run forward-1440 udp C "9001 $SECS" A "fd00:c::c 9001 1392 $SECS"
if wanted direct-1440-by8 ilnp || wanted direct-1440-by8 udp; then
	for i in 1 2 3 4 5 6 7 8; do
		ilnp_node Y$i ffff:0:0:10$i 0:0:0:a >&2
	done
	run direct-1440-by8 ilnp B "9000 $SECS" A "0:0:0:a:ffff:0:0:b 9000 1336 $SECS"
	run direct-1440-by8 udp B "9001 $SECS $GROUP eth0" A "$GROUP 9001 1392 $SECS eth0"
	for i in 1 2 3 4 5 6 7 8; do
		ip netns del Y$i
	done
fi
ping_run rtt ilnp B "9002 60" A "0:0:0:a:ffff:0:0:b 9002 $PINGS"
ping_run rtt udp B "9003 60" A "fd00:a::b 9003 $PINGS"
discover >&2
tcp_run tcp ilnp B fd69:6c6e:7000:0:ffff::b
tcp_run tcp udp B fd00:a::b
tcp_run tcp vxlan B fd00:42::b
# The overlay with TCP segmenting before it, as before its TSO.
if wanted tcp ilnp-notso; then
	n A ethtool -K ilnp0 tso off >/dev/null
	tcp_run tcp ilnp-notso B fd69:6c6e:7000:0:ffff::b
	n A ethtool -K ilnp0 tso on >/dev/null
fi
tcp_run tcp-forward ilnp C fd69:6c6e:7000:0:ffff::c
tcp_run tcp-forward udp C fd00:c::c
for rate in $HANDOFF_RATES; do
	handoff_run "$rate"
done
# The seed's rate under a CPU hog.
handoff_run 1000 hog
} | tee "$OUT/table"
# A run that failed ended the block: say so, not a table without it.
[ "${PIPESTATUS[0]}" = 0 ] || fail "a run failed: the table stops there"
{
	echo "{\"kernel\": \"$(uname -r)\", \"cpus\": $(nproc), \"seconds\": $SECS, \"rows\": ["
	sed '$ s/,$//' "$OUT/rows"
	echo "]}"
} >"$OUT/bench.json"
rm -f "$OUT/rows"
python3 -m json.tool "$OUT/bench.json" >/dev/null || fail "bench.json is not JSON"

# profile KIND RECEIVER RECV_ARGS SENDER SEND_ARGS: a blast under perf.
profile() {
	local kind=$1
	n "$2" "$BLAST" recv "$kind" $3 >/dev/null &
	local rpid=$!
	sleep 0.5
	perf record -q -e cpu-clock -a -g -o /tmp/perf.data -- \
		ip netns exec "$4" "$BLAST" send "$kind" $5 >/dev/null
	wait $rpid
	perf report -i /tmp/perf.data --no-children --sort sym --stdio \
		--percent-limit 1 -g none 2>/dev/null |
		grep -v '^$' >"$OUT/profile-$kind.txt"
	echo "profile $kind: $OUT/profile-$kind.txt"
	head -25 "$OUT/profile-$kind.txt"
}
if [ "${BENCH_PROFILE:-0}" = 1 ]; then
	command -v perf >/dev/null || fail "no perf: apt-get install linux-perf"
	profile ilnp C "9000 $SECS" A "0:0:0:c:ffff:0:0:c 9000 1336 $SECS"
	profile udp C "9001 $SECS" A "fd00:c::c 9001 1392 $SECS"
fi
kill_netns_procs
topo_cleanup
ilnp_unload
