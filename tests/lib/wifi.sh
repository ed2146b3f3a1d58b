# SPDX-License-Identifier: GPL-2.0
# WiFi for the integration tests (sourced after common.sh): radios of
# mac80211_hwsim, access points (hostapd) bridged onto the bridge of a
# network in the root netns, stations (wpa_supplicant) in a node's
# netns, roams driven by wpa_cli.  Every radio made by one modprobe
# shares one medium, even after its phy moved to another netns (the
# hwsim netgroup is fixed when a radio is made); frames reach only the
# radios on the same channel.  So each AP has a channel of its own, and
# a station hears the AP it is associated with, not the other.
#
# State: pid files, configurations and control sockets under
# $WIFI_RUN; wifi_cleanup undoes all of it (a trap: the test runner
# kills only what runs in a netns, and hostapd runs in the root one).

WIFI_RUN=/run/wifi

# wifi_skip_unless_ready: skip the test (skip, common.sh) when the
# kernel has no mac80211_hwsim or a tool is missing (scripts/deps.sh installs them on the host).
wifi_skip_unless_ready() {
	local t
	modprobe -n mac80211_hwsim 2>/dev/null ||
		skip "no mac80211_hwsim for kernel $(uname -r)"
	for t in hostapd wpa_supplicant wpa_cli iw; do
		command -v "$t" >/dev/null || skip "$t not installed (make deps)"
	done
}

# wifi_load N: N radios, wlan0 .. wlanN-1 (the guest has no other
# wlan), each with its own phy.  Cleanup from now on.
wifi_load() {
	trap wifi_cleanup EXIT
	mkdir -p "$WIFI_RUN"
	modprobe mac80211_hwsim radios="$1"
	[ -e "/sys/class/net/wlan$(($1 - 1))/phy80211" ] ||
		fail "mac80211_hwsim made no wlan$(($1 - 1))"
}

# wifi_freq CHANNEL: its centre frequency in MHz (2.4 GHz band).
wifi_freq() {
	echo $((2407 + 5 * $1))
}

# wifi_to_netns WLAN NS: WLAN's phy (every interface of it) into NS.
# Before WLAN was ever up: it is the phy that moves, not the netdev.
wifi_to_netns() {
	iw phy "$(basename "$(readlink "/sys/class/net/$1/phy80211")")" \
		set netns name "$2"
}

# wifi_ap NAME WLAN BRIDGE CHANNEL: an open access point, SSID "ilnp",
# on WLAN (root netns) bridged onto BRIDGE, on CHANNEL (802.11g).
# Returns once it beacons; its BSSID is WLAN's address.
# hostapd and wpa_supplicant run SCHED_FIFO: mac80211 gives each
# authentication and association try 100 ms, three tries, and the
# answers come from these processes.  Under TCG beside other VMs, at
# normal priority behind the flows' processes and the test's, an AP
# answered too late: "association ... timed out", and the station went
# back to its old AP.
wifi_ap() {
	local name=$1 conf=$WIFI_RUN/hostapd-$1.conf
	cat >"$conf" <<-EOF
		interface=$2
		bridge=$3
		driver=nl80211
		ssid=ilnp
		hw_mode=g
		channel=$4
		ctrl_interface=$WIFI_RUN/hostapd-$name
	EOF
	chrt -f 10 hostapd -B -t -f "$WIFI_RUN/hostapd-$name.log" \
		-P "$WIFI_RUN/hostapd-$name.pid" "$conf"
	wifi_until 20 wifi_ap_enabled "$name" "$2" >/dev/null ||
		fail "AP $name never enabled"
}

wifi_ap_enabled() {	# NAME WLAN: "yes" once the AP beacons
	hostapd_cli -p "$WIFI_RUN/hostapd-$1" -i "$2" status |
		grep -q '^state=ENABLED$' && echo yes
}

# wifi_sta NS WLAN [CHANNEL...]: a station (wpa_supplicant) on WLAN in
# NS, for SSID "ilnp" on the CHANNELs only (all when none given: a scan
# of every channel is slow under TCG): scan_freq, where it scans, and
# freq_list, where it may associate (a first scan may cover them all).  It associates with
# whichever AP it finds first: start an AP only once the station is on
# the one it should be on.  Without bgscan it roams only when told.
wifi_sta() {
	local ns=$1 wlan=$2 conf=$WIFI_RUN/wpa-$1-$2.conf freqs= c
	shift 2
	for c in "$@"; do
		freqs="$freqs $(wifi_freq "$c")"
	done
	cat >"$conf" <<-EOF
		ctrl_interface=$WIFI_RUN/wpa-$ns-$wlan
		p2p_disabled=1
		network={
			ssid="ilnp"
			key_mgmt=NONE
			${freqs:+scan_freq=${freqs# }}
			${freqs:+freq_list=${freqs# }}
		}
	EOF
	n "$ns" chrt -f 10 wpa_supplicant -B -t -i "$wlan" -D nl80211 -c "$conf" \
		-f "$WIFI_RUN/wpa-$ns-$wlan.log" -P "$WIFI_RUN/wpa-$ns-$wlan.pid"
}

# wifi_cli NS WLAN ARGS...: wpa_cli for the station on WLAN in NS.
wifi_cli() {
	local ns=$1 wlan=$2
	shift 2
	n "$ns" wpa_cli -p "$WIFI_RUN/wpa-$ns-$wlan" -i "$wlan" "$@"
}

# wifi_until SECONDS CMD...: CMD's output, once it is not empty (CMD
# prints only when what it checks holds), tried every 50 ms for SECONDS
# at most; nothing and a failure after that.  Untraced: each poll would
# fill the log.
wifi_until() {
	local end out
	{ set +x; } 2>/dev/null
	end=$((${EPOCHREALTIME/./} + $1 * 1000000))
	shift
	while :; do
		out=$("$@" 2>/dev/null) || out=
		if [ -n "$out" ]; then
			set -x
			echo "$out"
			return 0
		fi
		[ "${EPOCHREALTIME/./}" -lt "$end" ] || break
		sleep 0.05
	done
	set -x
	return 1
}

# wifi_state NS WLAN: "BSSID WPA_STATE" of the station.
wifi_state() {
	wifi_cli "$1" "$2" status |
		awk -F= '$1 == "bssid" { b = $2 } $1 == "wpa_state" { s = $2 }
			END { print b, s }'
}

# wifi_associated NS WLAN BSSID: BSSID when the station is associated
# with it (and its link is up to wpa_supplicant), nothing otherwise.
wifi_associated() {
	[ "$(wifi_state "$1" "$2")" = "$3 COMPLETED" ] && echo "$3"
}

# wifi_wait_assoc NS WLAN BSSID [SECONDS]: until the station is
# associated with BSSID (20 s at most, or SECONDS: under TCG beside
# other VMs, each poll may take a second).
wifi_wait_assoc() {
	wifi_until "${4:-20}" wifi_associated "$1" "$2" "$3" >/dev/null ||
		fail "$1 $2: not associated with $3 (now: $(wifi_state "$1" "$2"))"
}

# wifi_scan NS WLAN BSSID CHANNEL: until a scan of CHANNEL alone has
# found BSSID.  The BSS table is flushed first (but for the AP in use),
# so an entry from an older scan cannot stand for this one.  Passive:
# it listens 111 ms (mac80211), longer than a beacon interval (100 TU);
# an active scan waits 30 ms for a probe response, which hostapd, a
# process, may not send in time on a busy guest.  Asked again if not.
# While the radio listens on the other channel, its own frames wait,
# and queues with CoDel (fq_codel, mac80211's) drop some: a roam's scan
# costs the station's uplink a few datagrams.  WIFI_SCAN_AT: when the
# scan began (EPOCHREALTIME).
wifi_scan() {
	local freq try
	WIFI_SCAN_AT=$EPOCHREALTIME
	freq=$(wifi_freq "$4")
	wifi_cli "$1" "$2" bss_flush 0 >/dev/null
	for try in 1 2 3 4 5; do
		# FAIL-BUSY while another scan runs: asked again.
		wifi_until 10 wifi_answer OK "$1" "$2" scan "freq=$freq" \
			passive=1 >/dev/null ||
			fail "$1 $2: scan of $freq MHz refused"
		wifi_until 3 wifi_answer "bssid=$3" "$1" "$2" bss "$3" \
			>/dev/null && return 0
	done
	fail "$1 $2: $3 not found on $freq MHz"
}

# wifi_answer LINE NS WLAN ARGS...: LINE if wpa_cli ARGS answers it.
wifi_answer() {
	local want=$1
	shift
	wifi_cli "$@" | grep -qx "$want" && echo "$want"
}

# wifi_roam NS WLAN BSSID CHANNEL: the station leaves its AP for BSSID
# on CHANNEL (scanned first) and is associated with it when this
# returns.  What the station's link sees: carrier off (mac80211
# disassociates), then on (associated), then operstate UP
# (wpa_supplicant, once connected).
wifi_roam() {
	wifi_scan "$1" "$2" "$3" "$4"
	wifi_roam_ask "$1" "$2" "$3"
	wifi_wait_assoc "$1" "$2" "$3"
}

# wifi_roam_ask NS WLAN BSSID: the roam to BSSID asked, which an earlier
# wifi_scan found; returns at once.  The caller waits (wifi_wait_assoc,
# or, cheaper during the roam, wifi_on_reconnect_wait: each poll of
# wpa_cli starts processes, which the roam's daemons then wait behind).
# WIFI_ROAM_AT: when it was asked (EPOCHREALTIME).
wifi_roam_ask() {
	WIFI_ROAM_AT=$EPOCHREALTIME
	wifi_answer OK "$1" "$2" roam "$3" >/dev/null ||
		fail "$1 $2: roam to $3 refused"
}

# wifi_on_reconnect NS WLAN ARGS...: "ilnp-ip ARGS" run in NS as soon
# as WLAN's link has gone down and come up again: its carrier off and
# on (carrier_changes up by 2) and its operstate "up" (which
# wpa_supplicant sets once connected: the event an overlay device of
# WLAN sees as NETDEV_CHANGE).  In the background: wait for
# wifi_on_reconnect_ready before the roam.  What a process costs under TCG beside other VMs (0.1 to 2 s
# to start) is paid before the roam: the watcher polls sysfs every
# 10 ms with bash builtins only, and ilnp-ip is already running, in
# batch mode, waiting for the line (it forks; it does not exec).
# wifi_on_reconnect_wait waits for it and shows when each step was seen.
wifi_on_reconnect() {
	local ns=$1 wlan=$2
	shift 2
	rm -f "$WIFI_RUN/reconnect.ready" "$WIFI_RUN/reconnect.times"
	# shellcheck disable=SC2016
	ip netns exec "$ns" bash -c '
		d=/sys/class/net/$1; ready=$2; times=$3
		shift 3
		exec 9<> <(:)	# read -t on it: a sleep with no process
		exec 8> >(exec ilnp-ip -batch -)
		batch=$!
		read -r base <"$d/carrier_changes"
		: >"$ready"
		off= on=
		while :; do
			read -r c <"$d/carrier_changes"
			[ -z "$off" ] && [ "$c" -gt "$base" ] && off=$EPOCHREALTIME
			if [ "$c" -ge $((base + 2)) ]; then
				read -r s <"$d/operstate"
				[ -z "$on" ] && on=$EPOCHREALTIME
				[ "$s" = up ] && break
			fi
			read -r -t 0.01 -u 9 || true
		done
		up=$EPOCHREALTIME
		echo "$*" >&8
		exec 8>&-
		wait $batch
		rc=$?
		echo "$off $on $up $EPOCHREALTIME $((c - base))" >"$times"
		exit $rc
	' wifi_on_reconnect "$wlan" "$WIFI_RUN/reconnect.ready" \
		"$WIFI_RUN/reconnect.times" "$@" &
	WIFI_RECONNECT=$!
}

wifi_on_reconnect_ready() {	# until the watcher watches
	wifi_until 30 ls "$WIFI_RUN/reconnect.ready" >/dev/null ||
		fail "the watcher of the link never started"
}

# wifi_on_reconnect_wait [SINCE]: until the ilnp-ip of wifi_on_reconnect
# has run; then the times of the carrier's loss, its return, the
# operstate up and the command's end are shown, in seconds after SINCE
# (EPOCHREALTIME) if given.  WIFI_CARRIER_CHANGES: how many times the
# carrier changed from the start of the watch to the link up (2: off,
# then on).
wifi_on_reconnect_wait() {
	local t
	wait "$WIFI_RECONNECT" || fail "ilnp-ip on reconnect failed"
	read -r -a t <"$WIFI_RUN/reconnect.times"
	WIFI_CARRIER_CHANGES=${t[4]}
	awk -v s="${1:-0}" -v off="${t[0]}" -v on="${t[1]}" -v up="${t[2]}" \
		-v done="${t[3]}" 'BEGIN {
		printf "carrier off %.3f, on %.3f, operstate up %.3f, command done %.3f\n",
			off - s, on - s, up - s, done - s }'
}

# wifi_disconnect NS WLAN: the station leaves its AP and stays away
# (carrier off) until wifi_reconnect.
wifi_disconnect() {
	wifi_answer OK "$1" "$2" disconnect >/dev/null ||
		fail "$1 $2: disconnect refused"
	wifi_until 20 wifi_disconnected "$1" "$2" >/dev/null ||
		fail "$1 $2: still connected ($(wifi_state "$1" "$2"))"
}

wifi_disconnected() {	# NS WLAN: "yes" once the station is not connected
	[ "$(wifi_state "$1" "$2")" = " DISCONNECTED" ] && echo yes
}

# wifi_reconnect NS WLAN BSSID: the station associates again, with
# BSSID: pinned for the time of the association, so that it does not
# take the other AP, which has the same SSID.
wifi_reconnect() {
	wifi_answer OK "$1" "$2" bssid 0 "$3" >/dev/null ||
		fail "$1 $2: cannot pin $3"
	wifi_answer OK "$1" "$2" reconnect >/dev/null ||
		fail "$1 $2: reconnect refused"
	wifi_wait_assoc "$1" "$2" "$3"
	wifi_answer OK "$1" "$2" bssid 0 00:00:00:00:00:00 >/dev/null ||
		fail "$1 $2: cannot unpin $3"
}

# wifi_no_carrier NS WLAN: "yes" while WLAN has no carrier.
wifi_no_carrier() {
	ip -n "$1" link show dev "$2" | grep -q NO-CARRIER && echo yes
}

# wifi_cleanup: stations and APs stopped (by their pid files), every
# netns deleted (their phys go back to the root netns), the bridges
# deleted, mac80211_hwsim unloaded.  Untraced, quiet: it runs however
# the test ended, and the test's last lines should be its own.
wifi_cleanup() {
	local rc=$? pids p ns f
	{ set +x; } 2>/dev/null
	# A failed test: what the daemons said last.
	if [ "$rc" != 0 ]; then
		for f in "$WIFI_RUN"/*.log; do
			[ -e "$f" ] && tail -n 15 "$f" | sed "s|^|${f##*/}: |"
		done
	fi
	# Read at once: a daemon removes its pid file as it exits.
	pids=$(cat "$WIFI_RUN"/*.pid 2>/dev/null)
	for p in $pids; do
		kill "$p" 2>/dev/null
	done
	for p in $pids; do
		timeout 5 tail --pid="$p" -f /dev/null 2>/dev/null
	done
	kill_netns_procs 2>/dev/null
	for ns in $(ip netns list | awk '{ print $1 }'); do
		ip netns del "$ns"
	done
	for f in /sys/class/net/br-*; do
		[ -e "$f" ] && ip link del "${f##*/}"
	done
	# The phys come back from the deleted netns asynchronously
	# (cleanup_net): rmmod may find them busy for a moment.
	for f in $(seq 10); do
		[ -d /sys/module/mac80211_hwsim ] || break
		rmmod mac80211_hwsim 2>/dev/null || sleep 0.5
	done
	return 0
}
