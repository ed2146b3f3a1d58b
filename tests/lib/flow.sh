# SPDX-License-Identifier: GPL-2.0
# Two-way flows for the mobility tests (sourced after topo.sh): two
# nodes send each other numbered datagrams at RATE a second with
# ilnp-send, ilnp-recv logs what arrives, and the logs are checked:
# nothing lost, duplicated or reordered (flow_check), or, across a hard
# change, what was lost reported and the longest stop bounded
# (flow_check_lossy, STOP_MAX ms).  FLOW_NODES names the nodes whose
# counters flow_drops_show prints when a check fails.

FLOW_NODES=${FLOW_NODES:-R CN MN}

# flow_drops_show: what each node dropped, for a failed check.
flow_drops_show() {
	local x
	cat /proc/net/softnet_stat
	for x in $FLOW_NODES; do
		n $x ip -s -o link show | sed "s/^/$x /"
	done
	for x in $FLOW_NODES; do
		n $x ilnp-ip stats | awk -v x=$x '/^[a-z]/ && NF == 1 { dev = $1 }
			$1 ~ /drop|err|overflow/ && $2 != 0 { print x, dev, $1, $2 }'
	done
}

# flow_check NAME LOG SENT: the receiver's raw log against the sender's
# count: every datagram once, in order.
flow_check() {
	local verdict
	verdict=$(awk -v name="$1" -v sent="$3" '
		{ n++; if ($2 in seen) dup++; seen[$2] = 1
		  if (n > 1 && $2 < last && reord++ < 5)
			print "  overtaken: " $0 "  after: " prev
		  last = $2; prev = $0
		  if ($2 > max) max = $2 }
		END { uniq = 0; for (s in seen) uniq++
		      printf "%s: sent %d received %d lost %d dup %d reordered %d\n",
			     name, sent, n, sent - uniq, dup + 0, reord + 0
		      if (uniq < sent) for (s = 0; s < sent && shown < 5; s++)
			      if (!(s in seen)) {
				      print "  lost: " s; shown++ }
		      exit !(n == sent && uniq == sent && !dup && !reord) }' "$2") ||
		{ flow_drops_show; echo "$verdict"
		  fail "$1: datagrams lost, duplicated or reordered"; }
	echo "$verdict"
}

# flow_send_ok LOG: every datagram handed to the kernel without an
# error; prints how many.  With FLOW_SEND_ERRORS_OK=1 (a node with no
# network for a moment: EHOSTUNREACH), errors are allowed, counted in
# FLOW_SEND_ERRORS, and the datagrams lost.
flow_send_ok() {
	FLOW_SEND_ERRORS=$(awk '$5 != "0" { bad++ } END { print bad + 0 }' "$1")
	[ "$FLOW_SEND_ERRORS" = 0 ] || [ "${FLOW_SEND_ERRORS_OK:-0}" = 1 ] ||
		fail "$1: a send failed: $(awk '$5 != "0"' "$1" | head -3)"
	wc -l <"$1"
}

# flow_start SECONDS A A_TO B B_TO [lossy]: A sends to the I-LV A_TO
# (B's), B to B_TO (A's), both at RATE for SECONDS, port 9000; each
# logs what it got in /tmp/flow-NODE.log, what it sent in
# /tmp/flow-NODE-send.log.  Receivers stop at the count, or long after:
# a slow guest may send late, and late is not lost.  Lossy: a second
# after the senders end (flow_end), whatever came.
flow_start() {
	local secs=$1 a=$2 a_to=$3 b=$4 b_to=$5 x
	local stop="-c $((secs * RATE)) -d $((secs + 30))"
	[ $# -eq 5 ] || stop="-d $((secs * 10 + 60))"
	FLOW_LOSSY=$(($# > 5))
	FLOW_RECEIVERS=
	for x in "$a" "$b"; do
		# Not through n: $! must be the tool's pid, for the kill.
		ip netns exec "$x" tools/ilnp-recv -p 9000 -b 8388608 $stop \
			-o "/tmp/flow-$x.log" &
		FLOW_RECEIVERS="$FLOW_RECEIVERS $!"
	done
	wait_port "$a" 9000
	wait_port "$b" 9000
	# nsenter execs the tool: $! is its pid, for flow_close's kill.
	nsenter --net="/run/netns/$a" -- tools/ilnp-send -r "$RATE" \
		-d "$secs" -s 200 -o "/tmp/flow-$a-send.log" "$a_to" 9000 &
	FLOW_SENDERS=$!
	nsenter --net="/run/netns/$b" -- tools/ilnp-send -r "$RATE" \
		-d "$secs" -s 200 -o "/tmp/flow-$b-send.log" "$b_to" 9000 &
	FLOW_SENDERS="$FLOW_SENDERS $!"
}

# flow_open A A_TO B B_TO: as flow_start, until flow_close: under TCG
# the changes in between take what a slow guest takes.
flow_open() {
	flow_start 600 "$@" lossy
}

# flow_close [SECONDS]: SECONDS more, then the senders stop, and the
# receivers a second later (what has not arrived by then is lost).
flow_close() {
	local p
	sleep "${1:-0}"
	kill -TERM $FLOW_SENDERS
	for p in $FLOW_SENDERS; do wait "$p"; done
	sleep 1
	kill -TERM $FLOW_RECEIVERS
	for p in $FLOW_RECEIVERS; do wait "$p"; done
}

flow_end() {
	local p
	for p in $FLOW_SENDERS; do wait "$p"; done
	if [ "$FLOW_LOSSY" = 1 ]; then
		sleep 1
		kill -TERM $FLOW_RECEIVERS
	fi
	for p in $FLOW_RECEIVERS; do wait "$p"; done
}

# flow_gap LOG SENDLOG: the longest time in ms between two arrivals in
# LOG, or from the last one to the end of the sending (the last line of
# SENDLOG).
flow_gap() {
	local end
	end=$(tail -n 1 "$2" | cut -d' ' -f1)
	awk -v end="$end" '{ t = $1 * 1000; if (NR > 1 && t - last > g)
			g = t - last; last = t }
		END { if (end * 1000 - last > g) g = end * 1000 - last
		      printf "%d", g }' "$1"
}

# flow_check_lossy NAME LOG SENDLOG: what a flow across a hard change
# lost is reported; nothing may arrive twice, no send may fail, the flow
# may stop for less than STOP_MAX ms, and nothing may arrive out of
# order.  Sets FLOW_LOST and FLOW_GAP.
flow_check_lossy() {
	local sent got
	flow_send_ok "$3" >/dev/null
	sent=$(wc -l <"$3")
	got=$(awk '{ n++; if ($2 in seen) dup++; seen[$2] = 1
			if (n > 1 && $2 < last) reord++; last = $2 }
		END { u = 0; for (s in seen) u++
		      print n + 0, u, dup + 0, reord + 0 }' "$2")
	set -- "$1" "$(flow_gap "$2" "$3")" "$sent" $got
	FLOW_LOST=$(($3 - $5))
	FLOW_GAP=$2
	echo "$1 at $RATE/s: sent $3 received $4 lost $FLOW_LOST" \
		"(send errors $FLOW_SEND_ERRORS) dup $6 reordered $7," \
		"longest gap $2 ms"
	[ "$6" -eq 0 ] || fail "$1: $6 datagrams arrived twice"
	[ "$7" -eq 0 ] || fail "$1: $7 datagrams reordered"
	[ "$2" -lt "$STOP_MAX" ] || fail "$1: the flow stopped for $2 ms"
}
