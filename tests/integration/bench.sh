#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make bench, short (bench/dataplane-guest.sh, 1 s a run, 200 round
# trips), so that it never rots: every case measured for AF_ILNP, plain
# UDP and (direct) UDP over VXLAN, each with traffic received, iperf3 over
# the three (and over the overlay with TSO off, and through a
# forwarder), bench.json well formed, and the ratios reported (not
# asserted: Documentation/performance.rst).
. tests/lib/common.sh

out=/tmp/bench-test
rm -rf "$out"
mkdir -p "$out"
OUT=$out BENCH_SECONDS=1 BENCH_PINGS=200 BENCH_HANDOFF_RATES=1000 \
	bench/dataplane-guest.sh
# "case kind received" for the blasts, "case kind lost" for the pings,
# "tcp kind mbps" for iperf3.
got=$(python3 -c 'import json, sys
for r in json.load(open(sys.argv[1]))["rows"]:
    print(r["case"], r["kind"],
          r.get("received", r.get("lost", r.get("tcp_mbps"))))' \
	"$out/bench.json")
echo "$got"
for c in direct-1440 direct-112 forward-1440 direct-1440-by8; do
	for k in ilnp udp; do
		n=$(awk -v c=$c -v k=$k '$1 == c && $2 == k { print $3 }' <<<"$got")
		[ "${n:-0}" -gt 0 ] || fail "$c $k: nothing received"
	done
done
for c in direct-1440 direct-112; do
	n=$(awk -v c=$c '$1 == c && $2 == "vxlan" { print $3 }' <<<"$got")
	[ "${n:-0}" -gt 0 ] || fail "$c vxlan: nothing received"
done
for ck in tcp:ilnp tcp:udp tcp:vxlan tcp:ilnp-notso tcp-forward:ilnp \
	tcp-forward:udp; do
	mbps=$(awk -v c=${ck%:*} -v k=${ck#*:} '$1 == c && $2 == k { print $3 }' \
		<<<"$got")
	awk -v m="${mbps:-0}" 'BEGIN { exit !(m > 0) }' ||
		fail "${ck%:*} over ${ck#*:}: no throughput"
done
for c in handoff handoff-hog; do
	n=$(awk -v c=$c '$1 == c && $2 == "ilnp" { print $3 }' <<<"$got")
	[ "${n:-0}" -gt 0 ] || fail "$c at 1000/s: nothing received"
done
for k in ilnp udp; do
	expect_eq "rtt $k: round trips lost" \
		"$(awk -v k=$k '$1 == "rtt" && $2 == k { print $3 }' <<<"$got")" 0
done
python3 bench/dataplane-report.py --no-plots "$out"
echo "bench: ok"
