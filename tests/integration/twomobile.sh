#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Two mobile nodes (issue 18): MN1 (on a) and MN2 (on c) send each
# other datagrams through R, which serves a, b, c and d; discovery on.
# 1. Both move softly at the same instant (a -> b, c -> d, 1 s of
#    overlap): nothing lost.
# 2. Both move hard at the same instant (b -> a, d -> c): each update
#    goes to a locator the other just left, and is lost.  Discovery
#    tells each where the other went, and the update follows
#    (retransmitted there, locator_update.c): each side hears the other
#    from its new locator within RECOVER_MAX, and both updates end
#    acked, through a retransmission to the peer's new locator.
#    "The same instant" is made exact: R forwards no update until both
#    moves are done (two ilnp-ip processes under TCG start up to a few
#    hundred ms apart, and the first update would otherwise arrive
#    before the second move: no crossing).
. tests/lib/common.sh
. tests/lib/topo.sh

# The debug kernel (KASAN, lockdep) under TCG: fewer datagrams, more
# time (its guest, starved beside another VM, runs works late).
if [ "${ILNP_KERNEL:-}" = debug ]; then
	RATE=25 RECOVER_MAX=8
else
	RATE=200 RECOVER_MAX=3
fi
EV=/tmp/ev
mkdir -p $EV
ilnp_load
trap kill_netns_procs EXIT
bridge_up
# Discovery's period: it adverts a changed locator set within 1.1 s
# whatever the period; this only keeps the solicitations few.
export ILNP_DISCOVERY=5
ilnp_node R ffff:0:0:1 0:0:0:a 0:0:0:b 0:0:0:c 0:0:0:d
ilnp_node MN1 ffff:0:0:11 0:0:0:a
ilnp_node MN2 ffff:0:0:22 0:0:0:c
for x in R MN1 MN2; do wait_ll "$x"; done
# The hook for the filter that holds back updates, added now: adding a
# qdisc stops the device for a moment, which traffic would see as loss.
n R tc qdisc add dev eth0 clsact
# lu_hold on|off: R drops the updates it receives (the inner next header
# 58 at byte 88 of the outer IPv6 packet, after the nonce option, and
# ICMP type 156 at byte 96), or no longer.
lu_hold() {
	if [ "$1" = on ]; then
		n R tc filter add dev eth0 ingress protocol ipv6 u32 \
			match u8 0x3a 0xff at 88 match u8 0x9c 0xff at 96 \
			action drop
	else
		n R tc filter del dev eth0 ingress
	fi
}
# The filter's hold (the moves, up to 2.5 s on a loaded host) must not
# use up the updates' retries: the test is about where they go.
for x in MN1 MN2; do n $x ilnp-ip node set lu-retries 10; done
# Once now: the classifier's and action's first use (modules loaded, on
# the debug kernel 18 s) is not timed.
lu_hold on
lu_hold off

# monitor NODE: its update events, JSON lines, to $EV/NODE.
monitor() {
	ip netns exec "$1" tools/ilnp-ip -j monitor update >$EV/$1 \
		2>$EV/$1.err &
	for i in $(seq 100); do
		grep -q '^Monitoring:' $EV/$1.err && return 0
		sleep 0.1
	done
	fail "$1: the monitor did not start: $(cat $EV/$1.err)"
}
monitor MN1
monitor MN2

# traffic SECONDS: both ways at RATE, each to where the other starts.
# Receivers stop a second after the senders (stop_traffic).
traffic() {
	ip netns exec MN1 tools/ilnp-recv -p 9000 -d $(($1 * 10 + 60)) \
		-o /tmp/mn1.log &
	RECEIVERS=$!
	ip netns exec MN2 tools/ilnp-recv -p 9000 -d $(($1 * 10 + 60)) \
		-o /tmp/mn2.log &
	RECEIVERS="$RECEIVERS $!"
	wait_port MN1 9000
	wait_port MN2 9000
	# Not through n: $! must be the tool's pid, for stop_traffic's kill.
	ip netns exec MN1 tools/ilnp-send -r "$RATE" -d "$1" -s 200 \
		-o /tmp/mn1-send.log "$2:ffff:0:0:22" 9000 &
	SENDERS=$!
	ip netns exec MN2 tools/ilnp-send -r "$RATE" -d "$1" -s 200 \
		-o /tmp/mn2-send.log "$3:ffff:0:0:11" 9000 &
	SENDERS="$SENDERS $!"
}
stop_traffic() {
	local p
	# Stopped early (the hard case), a sender says so and exits 0.
	[ $# -eq 0 ] || kill -TERM $SENDERS
	for p in $SENDERS; do wait "$p"; done
	sleep 1
	kill -TERM $RECEIVERS
	for p in $RECEIVERS; do wait "$p" || true; done
}
# sent LOG: datagrams handed to the kernel, none refused.
sent() {
	awk '$5 != "0" { bad++ } END { exit bad > 0 }' "$1" ||
		fail "$1: a send failed: $(awk '$5 != "0"' "$1" | head -3)"
	wc -l <"$1"
}
# lost NAME LOG SENT: "received lost dup reordered", printed.
lost() {
	awk -v name="$1" -v sent="$3" '
		{ n++; if ($2 in seen) dup++; seen[$2] = 1
		  if (n > 1 && $2 < last) reord++; last = $2 }
		END { u = 0; for (s in seen) u++
		      printf "%s: sent %d received %d lost %d dup %d reordered %d\n",
			     name, sent, n, sent - u, dup + 0, reord + 0 >"/dev/stderr"
		      print n + 0, sent - u, dup + 0, reord + 0 }' "$2"
}
# moves HANDOFF FROM1 TO1 FROM2 TO2: both at once; when, in T0.
moves() {
	local p1 p2
	T0=$(date +%s.%N)
	n MN1 ilnp-ip locator move "0:0:0:$2" "0:0:0:$3" dev ilnp0 \
		handoff "$1" &
	p1=$!
	n MN2 ilnp-ip locator move "0:0:0:$4" "0:0:0:$5" dev ilnp0 \
		handoff "$1" &
	p2=$!
	wait $p1 $p2
}

# events NODE FROM: its update events after line FROM, one a line,
# "event nid=... to=... seq=..." (awk: python starts slowly under TCG).
events() {
	tail -n +$(($2 + 1)) $EV/$1 | awk '{
		out = ""
		split("event nid to seq", keys)
		for (i = 1; i <= 4; i++) {
			if (!match($0, "\"" keys[i] "\": *\"?[^\",}]*"))
				continue
			v = substr($0, RSTART, RLENGTH)
			sub(/^"[a-z]*": *"?/, "", v)
			out = out (i > 1 ? " " keys[i] "=" : "") v
		}
		print out }'
}
# 1. Soft moves at the same instant: nothing lost, nothing twice.
traffic 3 0:0:0:c 0:0:0:a
sleep 1
moves 1 a b c d
stop_traffic
set -- $(lost "MN1 -> MN2" /tmp/mn2.log "$(sent /tmp/mn1-send.log)")
expect_eq "soft crossing, MN1 -> MN2: lost, twice" "$2 $3" "0 0"
set -- $(lost "MN2 -> MN1" /tmp/mn1.log "$(sent /tmp/mn2-send.log)")
expect_eq "soft crossing, MN2 -> MN1: lost, twice" "$2 $3" "0 0"

# 2. Hard moves at the same instant.  Each side's recovery: from the
# moves being done to its first datagram from the peer's new locator.
# R drops the updates that arrive while the moves are under way: the
# first copies, which went to the locators the peers were leaving.
from1=$(wc -l <$EV/MN1)
from2=$(wc -l <$EV/MN2)
lu_hold on
traffic 60 0:0:0:d 0:0:0:b
sleep 1
moves 0 b a d c
T0=$(date +%s.%N)
lu_hold off
# The flows go on until half a second past the bound (however long the
# moves and the filter took on a slow guest), then stop.
sleep "$(awk -v t0="$T0" -v max="$RECOVER_MAX" 'BEGIN {
	"date +%s.%N" | getline now; d = t0 + max + 0.5 - now
	print (d > 0 ? d : 0) }')"
stop_traffic now
events MN1 "$from1"
events MN2 "$from2"
# recovery LOG PEERLOC: seconds, or "never".
recovery() {
	awk -v t0="$T0" -v loc="$2" '
		$1 > t0 && index($3, loc ":") == 1 {
			printf "%.3f", $1 - t0; f = 1; exit }
		END { if (!f) print "never" }' "$1"
}
r2=$(recovery /tmp/mn2.log 0:0:0:a)
r1=$(recovery /tmp/mn1.log 0:0:0:c)
lost "MN1 -> MN2 (hard)" /tmp/mn2.log "$(sent /tmp/mn1-send.log)" >/dev/null
lost "MN2 -> MN1 (hard)" /tmp/mn1.log "$(sent /tmp/mn2-send.log)" >/dev/null
echo "hard crossing at $RATE/s: MN2 hears MN1 at a after $r2 s," \
	"MN1 hears MN2 at c after $r1 s (at most $RECOVER_MAX s)"
for r in "$r1" "$r2"; do
	[ "$r" != never ] || fail "the hard crossing never recovered"
	awk -v r="$r" -v max="$RECOVER_MAX" 'BEGIN { exit !(r < max) }' ||
		fail "the hard crossing took $r s to recover"
done

# acked NODE FROM PEER NEWLOC: the move's update (the last one sent to
# PEER) was retransmitted to NEWLOC and acked.
acked() {
	local seq
	events "$1" "$2" >$EV/$1.hard
	seq=$(awk -v p="nid=$3" '$1 == "sent" && $2 == p { s = $NF }
		END { sub("seq=", "", s); print s }' $EV/$1.hard)
	[ -n "$seq" ] || fail "$1 sent no update to $3"
	expect_soon "$1's update $seq acked" 1 count_acked "$@" "$seq"
	cat $EV/$1.hard
	grep -qx "retransmit nid=$3 to=$4 seq=$seq" $EV/$1.hard ||
		fail "$1 never sent its update $seq to $4"
}
count_acked() {	# NODE FROM PEER NEWLOC SEQ
	events "$1" "$2" >$EV/$1.hard
	grep -cx "acked nid=$3 seq=$5" $EV/$1.hard || true
}
acked MN1 "$from1" ffff:0:0:22 0:0:0:c
acked MN2 "$from2" ffff:0:0:11 0:0:0:a
