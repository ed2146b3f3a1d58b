#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make demo, short: 30 s of the mobility experiment (demo/experiment.sh
# vm), two moves with a 3 s soft handoff.  Nothing lost, duplicated or
# reordered either way; the summary's counts agree with the raw logs,
# recounted here with awk, not with demo/analyse.py; every plot is a
# PNG or SVG of a plausible size.
. tests/lib/common.sh

out=/tmp/demo-test
rm -rf "$out"
DURATION=30 RATE=100 PERIOD=10 HANDOFF=3 OUT=$out PROGRESS=$out/progress \
	demo/experiment.sh vm
cat "$out/summary.txt"
grep -q 'stage: done' "$out/progress" || fail "no 'stage: done' in progress"

# json KEY...: one value from summary.json (reading it is all python does).
json() {
	python3 -c 'import json, sys
v = json.load(open(sys.argv[1]))
for k in sys.argv[2:]:
    v = v[int(k)] if isinstance(v, list) else v[k]
print(v)' "$out/summary.json" "$@"
}

# recount SENDLOG RECVLOG: "sent received lost duplicated reordered" as
# ilnp-recv(1) defines them, lost counted against the sender's log.
recount() {
	awk 'BEGIN { max = -1 }
	FNR == NR { if ($2 ~ /^[0-9]+$/) { sent++; s[$2] = 1 }; next }
	$2 ~ /^[0-9]+$/ {
		rec++
		if ($2 in seen) { dup++; next }
		seen[$2] = 1
		if ($2 + 0 < max) reord++
		if ($2 + 0 > max) max = $2 + 0
	}
	END {
		for (k in s) if (!(k in seen)) lost++
		print sent + 0, rec + 0, lost + 0, dup + 0, reord + 0
	}' "$1" "$2"
}

for d in mn_to_cn cn_to_mn; do
	from=${d%%_to_*}
	to=${d##*_to_}
	read -r sent rec lost dup reord <<<"$(recount "$out/$from-send.log" "$out/$to-recv.log")"
	expect_eq "$d sent (log)" "$sent" 3000
	expect_eq "$d received (log)" "$rec" 3000
	expect_eq "$d lost (log)" "$lost" 0
	expect_eq "$d duplicated (log)" "$dup" 0
	expect_eq "$d reordered (log)" "$reord" 0
	expect_eq "$d sent (summary)" "$(json directions $d sent)" "$sent"
	expect_eq "$d received (summary)" "$(json directions $d received)" "$rec"
	expect_eq "$d lost (summary)" "$(json directions $d lost)" "$lost"
	expect_eq "$d duplicated (summary)" "$(json directions $d duplicated)" "$dup"
	expect_eq "$d reordered (summary)" "$(json directions $d reordered)" "$reord"
	expect_eq "$d ilnp-recv says" "$(cat "$out/$to-recv.sum")" \
		"ilnp-recv: received 3000, lost 0, duplicated 0, reordered 0, short 0"
	# Throughput: bytes on the wire (payload + 104) over the send window.
	tput=$(awk 'FNR == NR { if ($2 ~ /^[0-9]+$/) { n++; if (n == 1) a = $1; b = $1 }; next }
		$2 ~ /^[0-9]+$/ { w += $6 + 104 }
		END { printf "%.1f", w / ((b - a) * n / (n - 1)) / 1000 }' \
		"$out/$from-send.log" "$out/$to-recv.log")
	expect_eq "$d throughput kB/s" \
		"$(printf '%.1f' "$(json directions $d throughput_kBps)")" "$tput"
	expect_eq "$d datagram size on the wire" \
		"$(awk '$2 ~ /^[0-9]+$/ { print $6 + 104; exit }' "$out/$to-recv.log")" 1440
done

# Arrivals by the MN's locator: on the MN the locator it arrived on
# (field 5), on the CN the locator of the source I-LV (field 3).
for loc in 0:0:0:a 0:0:0:b 0:0:0:c; do
	n=$(awk -v l="$loc" '$2 ~ /^[0-9]+$/ && $5 == l { c++ } END { print c + 0 }' "$out/mn-recv.log")
	expect_eq "cn_to_mn arrivals on $loc" \
		"$(json directions cn_to_mn by_mn_locator "$loc")" "$n"
	[ "$n" -gt 300 ] || fail "MN got only $n datagrams on $loc"
	n=$(awk -v l="$loc:" '$2 ~ /^[0-9]+$/ && index($3, l) == 1 { c++ } END { print c + 0 }' "$out/cn-recv.log")
	[ "$n" -eq 0 ] ||
		expect_eq "mn_to_cn arrivals from $loc" \
			"$(json directions mn_to_cn by_mn_locator "$loc")" "$n"
done

# Two moves, a -> b -> c, each update acked.
expect_eq "moves logged" "$(grep -vc '^#' "$out/moves.log")" 2
expect_eq "moves in the summary" "$(json moves 1 to)" 0:0:0:c
expect_eq "moves" "$(awk '!/^#/ { printf "%s>%s %s,", $2, $3, $5 }' "$out/moves.log")" \
	"0:0:0:a>0:0:0:b acked,0:0:0:b>0:0:0:c acked,"
expect_eq "first move's RTT (summary)" "$(json moves 0 lu_rtt_us)" \
	"$(awk '!/^#/ { print $7; exit }' "$out/moves.log")"

# The plots: PNG signature and size from the IHDR chunk, SVG as XML.
for p in seq-cn seq-mn throughput-cn throughput-mn; do
	f=$out/plots/$p.png
	expect_eq "$p.png signature" "$(head -c 8 "$f" | od -An -tx1 | tr -d ' ')" \
		89504e470d0a1a0a
	expect_eq "$p.png size" "$(od -An -j16 -N8 -tu1 "$f" |
		awk '{ print $1 * 16777216 + $2 * 65536 + $3 * 256 + $4 "x" \
			$5 * 16777216 + $6 * 65536 + $7 * 256 + $8 }')" 1000x560
	bytes=$(stat -c %s "$f")
	[ "$bytes" -gt 10000 ] && [ "$bytes" -lt 5000000 ] ||
		fail "$p.png: $bytes bytes"
	f=$out/plots/$p.svg
	head -c 100 "$f" | grep -q '^<?xml' || fail "$p.svg: not XML"
	grep -q '<svg' "$f" || fail "$p.svg: no <svg"
	tail -c 100 "$f" | grep -q '</svg>' || fail "$p.svg: not closed"
	bytes=$(stat -c %s "$f")
	[ "$bytes" -gt 5000 ] && [ "$bytes" -lt 20000000 ] ||
		fail "$p.svg: $bytes bytes"
	expect_eq "$p in the summary" \
		"$(json plots | grep -c "plots/$p.png")" 1
done
echo "demo: ok"
