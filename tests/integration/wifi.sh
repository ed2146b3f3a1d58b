#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# WiFi roaming (issue 18): mac80211_hwsim radios, two access points
# (hostapd) bridged onto networks a and b, the mobile node MN a station
# (wpa_supplicant) whose radio is its overlay's underlay.  CN is on a
# third network, c, and the router R serves a, b and c, so MN <-> CN
# always crosses R.  While MN and CN send each other RATE datagrams a
# second:
# 1. One radio: MN roams to AP b, and its locator follows by itself (a
#    hard move a -> b, learnt from R's advertisement on b), then back
#    to AP a (b -> a).  The flows continue
#    after each roam; each roam's loss, outage and arrival gap are
#    reported, the outage below STOP_MAX.  Each roam turns MN's carrier
#    off, then on, and sends one locator update, acked.
# 2. Two radios, make before break: MN's second radio is associated
#    with AP b (a second overlay device, learning b) before the first
#    leaves AP a: the newest attachment preferred, CN moves to b, and
#    the first radio's disconnect loses nothing, duplicates or
#    reorders nothing.
# ILNP_FULL=1: more roams, and the make-before-break back to a.
#
# No command moves MN: its overlays are in automatic mode (ilnp-ip link
# add ... auto) and R advertises its locators (Documentation/mobility.rst).
# Where the kernel has no mac80211_hwsim, the test skips.
# Its own timeout: ILNP_FULL=1's six roams and two make-before-breaks
# took 300 s with four VMs on two cores (the short version: 190 s).
# ilnp-timeout: 600
. tests/lib/common.sh
. tests/lib/topo.sh
. tests/lib/flow.sh
. tests/lib/wifi.sh

wifi_skip_unless_ready

# hwsim sends multicast at the basic rate, and under TCG every frame
# costs the one vCPU: 100 a second each way, the 2021 experiment's rate;
# the debug kernel (KASAN, lockdep), five times slower, at 25 (at 100 a
# roam's outage measured 0.8 and 3.0 s there, the guest starved).
RATE=${RATE:-$([ "${ILNP_KERNEL:-}" = debug ] && echo 25 || echo 100)}
FULL=${ILNP_FULL:-0}
# A flow's outage at a roam (how long its sender sends into the break)
# must stay below STOP_MAX ms: see its parts at check_roams.
STOP_MAX=${STOP_MAX:-$([ "${ILNP_KERNEL:-}" = debug ] && echo 8000 || echo 3000)}
# The make-before-break's soft handoff: the old locator kept OVERLAP s.
OVERLAP=1

ilnp_load
wifi_load 4	# wlan0: AP a, wlan1: AP b, wlan2 and wlan3: MN's radios

# wired_node NAME: a netns whose addresses are usable at once (no DAD),
# also on devices moved in later (the radios: the default applies).
wired_node() {
	ip netns add "$1"
	n "$1" sysctl -qw net.ipv6.conf.default.accept_dad=0 \
		net.ipv6.conf.all.accept_dad=0
	ip -n "$1" link set lo up
}

# wire NAME IF BRIDGE: a veth IF in NAME, its peer v-NAME-IF on BRIDGE.
wire() {
	ip link add "v-$1-$2" type veth peer name "$2" netns "$1"
	ip link set "v-$1-$2" master "$3" up
	ip -n "$1" link set "$2" up
}

# ll_ready NODE DEV: DEV has its link-local address (or nothing).
ll_ready() {
	ip -n "$1" -6 addr show dev "$2" scope link -tentative |
		grep -q inet6 && echo yes
}

for net in a b c; do
	ip link add "br-$net" type bridge mcast_snooping 0
	ip link set "br-$net" up
done
# R: one overlay device on each network, forwarding between them.
wired_node R
for net in a b c; do
	wire R "eth-$net" "br-$net"
done
n R ilnp-ip node set nid ffff:0:0:1 hostname R discovery 0 ra-interval 1
# R serves its locators to the hosts of each network.
i=0
for net in a b c; do
	n R ilnp-ip link add "ilnp$i" dev "eth-$net"
	n R ilnp-ip locator add "0:0:0:$net" dev "ilnp$i" advertise
	n R ip link set "ilnp$i" up
	i=$((i + 1))
done
wired_node CN
wire CN eth0 br-c
n CN ilnp-ip link add ilnp0 dev eth0
n CN ilnp-ip node set nid ffff:0:0:c hostname CN discovery 0
n CN ilnp-ip locator add 0:0:0:c dev ilnp0
n CN ip link set ilnp0 up

# MN: both radios moved in before either is up.
wired_node MN
wifi_to_netns wlan2 MN
wifi_to_netns wlan3 MN
ip -n MN link set wlan2 up
BSS_A=$(cat /sys/class/net/wlan0/address)
BSS_B=$(cat /sys/class/net/wlan1/address)
wifi_ap a wlan0 br-a 1
# AP b starts once MN is on a: MN joins the first AP it finds.
wifi_sta MN wlan2 1 6
wifi_wait_assoc MN wlan2 "$BSS_A" 20
wifi_ap b wlan1 br-b 6
for x in "R eth-a" "R eth-b" "R eth-c" "CN eth0" "MN wlan2"; do
	wifi_until 20 ll_ready $x >/dev/null || fail "$x: no link-local address"
done
n MN ilnp-ip link add ilnp0 dev wlan2 auto
n MN ilnp-ip node set nid ffff:0:0:d hostname MN discovery 0
n MN ip link set ilnp0 up
# learnt DEV: the locators MN learnt on DEV.
learnt() {
	n MN ilnp-ip locator show dev "$1" |
		awk '$6 == "learnt" && !/stale/ { print $1 }' | sort | xargs
}
expect_soon "MN learns a through AP a" 0:0:0:a learnt ilnp0
# What the old path still carries must not be overtaken by the new
# one's (the make-before-break), as in handoff.sh.
n MN ilnp-ip node set path-hold 50
n CN ilnp-ip node set path-hold 50
n MN ip -ts monitor link >/tmp/mn-link.log &
MONITOR=$!

# Traffic both ways (tests/lib/flow.sh): ilnp-recv logs each arrival
# "<time> <seq> <peer> <port> <loc> <size> <hl>", ilnp-send each send
# "<time> <seq> <dest> <port> <error>".  The flows run until told to
# stop (flow_close SECONDS): under TCG, beside other VMs, a roam takes 1
# to 5 s.
traffic() {
	flow_open MN 0:0:0:c:ffff:0:0:c CN 0:0:0:a:ffff:0:0:d
}

# check_roams NAME LOG SENDLOG T...: a flow across roams that began at
# the times T (EPOCHREALTIME; a roam begins with its scan).  For each
# roam, from it to the next (to the end of the sending after the
# last), reported: the datagrams lost (by
# their send time), the most lost in a row, the outage (the longest
# time the sender sent into a break: from the send time of the first
# datagram lost in a row to that of the next one received) and the
# longest time between two arrivals.  Nothing may be lost before the
# first roam, nothing may arrive twice or out of order; after each roam
# the flow must continue, its outage below STOP_MAX ms.  MN's sends
# fail (EHOSTUNREACH) while it has no link: lost, as the rest.
# The outage's parts: the roam (the MN's carrier off, the new
# association, carrier on: 20 to 680 ms measured), the locator's move
# (ilnp-ip, running already: 90 to 650 ms) and toward MN the update to
# CN and CN's probe of the new locator through R.  Measured: 0.12 to
# 1.35 s on stock61 and deb612, with up to four VMs on two cores.
# Neither the number lost nor the arrival gap is a bound under TCG
# beside other VMs: a starved guest's sender sends late, in a burst
# (356 datagrams lost at once, into a carrier off), and a stalled guest
# receives nothing for a while (1.9 s seen, with 0.8 s lost); shown,
# not judged.
check_roams() {
	local name=$1 log=$2 sendlog=$3 sent out
	sent=$(FLOW_SEND_ERRORS_OK=1 flow_send_ok "$sendlog")
	shift 3
	out=$(awk -v marks="$*" -v sent="$sent" -v name="$name" \
		-v rate="$RATE" -v max="$STOP_MAX" '
		function win(t, i) {
			for (i = nm; i >= 1; i--)
				if (t >= m[i])
					return i
			return 0
		}
		# A run of losses from "first" ends at "nx", received (or
		# at the end of the sending): the outage is the time the
		# sender spent sending into it.
		function run_end(nx, w, o) {
			if (!run)
				return
			w = win(st[first])
			lost[w] += run
			if (run > row[w])
				row[w] = run
			o = ((nx == "" ? end : st[nx]) - st[first]) * 1000
			if (o > outage[w])
				outage[w] = o
			run = 0
		}
		BEGIN { nm = split(marks, m, " ") }
		FNR == NR { st[$2] = $1; end = $1; next }	# the send log
		{ n++; if ($2 in seen) dup++; seen[$2] = 1
		  if (n > 1 && $2 < lastseq) reord++; lastseq = $2
		  w = win($1)
		  if (w) { cnt[w]++
			if (n > 1 && ($1 - last) * 1000 > gap[w])
				gap[w] = ($1 - last) * 1000 }
		  last = $1 }
		END { if (nm && (end - last) * 1000 > gap[nm])
			      gap[nm] = (end - last) * 1000
		      for (s = 0; s < sent; s++)
			      if (!(s in seen)) { if (!run++) first = s }
			      else run_end(s)
		      run_end("")
		      printf "%s at %d/s: sent %d received %d lost %d dup %d reordered %d\n",
			     name, rate, sent, n, sent - length(seen), dup + 0, reord + 0
		      bad = dup + reord + lost[0]
		      if (lost[0])
			      printf "  lost before the first roam: %d\n", lost[0]
		      for (i = 1; i <= nm; i++) {
			      printf "  roam %d: lost %d, %d in a row, outage %d ms; longest arrival gap %d ms, %d received after it\n",
				     i, lost[i], row[i], outage[i], gap[i], cnt[i]
			      if (!cnt[i] || outage[i] >= max) bad++ }
		      exit bad > 0 }' "$sendlog" "$log") || { echo "$out"
		fail "$name: lost before a roam, duplicated, reordered, or out $STOP_MAX ms or more at a roam"; }
	echo "$out"
}

# roam_follow WLAN BSSID CHANNEL OLD NEW: MN's radio WLAN roams to the
# AP BSSID on CHANNEL; MN's locator follows, OLD to NEW, a hard move
# (the old network is out of reach), as soon as WLAN is up again.  The
# carrier went off and on.
ROAMS=
roam_follow() {
	# No move here: MN's carrier off marks OLD stale, the link up
	# again solicits, R's advertisement of NEW on the new AP's
	# network is a change of attachment: a hard move OLD -> NEW.  The
	# watcher only times the link (its command shows the locators).
	wifi_on_reconnect MN "$1" locator show dev ilnp0
	wifi_scan MN "$1" "$2" "$3"
	wifi_on_reconnect_ready
	wifi_roam_ask MN "$1" "$2"
	# The roam's losses are counted from its scan on (wifi_scan).
	ROAMS="$ROAMS $WIFI_SCAN_AT"
	echo "roam to $2 ($4 -> $5), seconds after asked:"
	wifi_on_reconnect_wait "$WIFI_ROAM_AT"
	wifi_wait_assoc MN "$1" "$2"
	expect_eq "MN's carrier changes at the roam to $2 (off, on)" \
		"$WIFI_CARRIER_CHANGES" 2
	expect_soon "MN's locator follows to $5" "0:0:0:$5" learnt ilnp0
}

# 1. One radio: roams a -> b -> a, each with a hard move, GAP s apart,
# and GAP s of traffic after the last.
GAP=2
ROUNDS=$([ "$FULL" = 1 ] && echo 3 || echo 1)
traffic
for r in $(seq "$ROUNDS"); do
	sleep "$GAP"
	roam_follow wlan2 "$BSS_B" 6 a b
	sleep "$GAP"
	roam_follow wlan2 "$BSS_A" 1 b a
done
flow_close "$GAP"
n MN ilnp-ip stats dev ilnp0 | awk '$2 != 0'
check_roams "CN -> MN" /tmp/flow-MN.log /tmp/flow-CN-send.log $ROAMS
check_roams "MN -> CN" /tmp/flow-CN.log /tmp/flow-MN-send.log $ROAMS
# A hard move: one update, to CN.
expect_eq "updates sent" "$(stat MN ilnp0 lu_sent)" $((2 * ROUNDS))
expect_soon "updates acked" $((2 * ROUNDS)) stat MN ilnp0 lu_acked

# 2. Two radios, make before break: wlan3 (only ever on channel 6)
# joins AP b as ilnp1's underlay while wlan2 stays on AP a.  Then the
# locator moves from a on ilnp0 to b on ilnp1, keeping a OVERLAP s,
# and only then does wlan2 leave AP a.  Nothing may be lost.
ip -n MN link set wlan3 up
wifi_sta MN wlan3 6
wifi_wait_assoc MN wlan3 "$BSS_B" 20
wifi_until 20 ll_ready MN wlan3 >/dev/null ||
	fail "MN wlan3: no link-local address"
n MN ilnp-ip link add ilnp1 dev wlan3 auto
n MN ip link set ilnp1 up
# cache_loc: where CN sends to MN now.
cache_loc() {
	n CN ilnp-ip cache show | awk '$1 == "ffff:0:0:d" { print $2 }'
}

# mbb FROM_WLAN FROM_DEV OLD TO_DEV NEW: make before break, from OLD on
# FROM_DEV (radio FROM_WLAN) to NEW on TO_DEV, whose radio is already
# associated; FROM_WLAN disconnects once OLD is gone.
mbb() {
	traffic
	sleep 2
	# NEW learnt on TO_DEV from R's advertisement on the new AP's
	# network makes OLD less preferred (the newest attachment wins),
	# CN moves its flows to NEW, and FROM_WLAN's carrier loss below
	# takes OLD out of the set: no command.
	expect_soon "MN learns $5 on $4" "0:0:0:$5" learnt "$4"
	expect_soon "CN moves to $5 before $1 leaves" "0:0:0:$5" cache_loc
	sleep 1
	wifi_disconnect MN "$1"
	expect_eq "MN's $1 after its disconnect: no carrier" \
		"$(wifi_no_carrier MN "$1")" yes
	flow_close 2
	flow_check "MN -> CN ($3 -> $5, make before break)" /tmp/flow-CN.log \
		"$(flow_send_ok /tmp/flow-MN-send.log)"
	flow_check "CN -> MN ($3 -> $5, make before break)" /tmp/flow-MN.log \
		"$(flow_send_ok /tmp/flow-CN-send.log)"
}
mbb wlan2 ilnp0 a ilnp1 b
if [ "$FULL" = 1 ]; then
	# And back: wlan2 on AP a again (a reconnect), then b -> a.
	wifi_reconnect MN wlan2 "$BSS_A"
	mbb wlan3 ilnp1 b ilnp0 a
fi
n MN ilnp-ip locator show
n MN ilnp-ip cache show
n CN ilnp-ip cache show
kill $MONITOR
wait $MONITOR || true
cat /tmp/mn-link.log
