#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make bench, short (bench/dataplane-guest.sh, 1 s a run, 200 round
# trips, one run of each shape: BENCH_CASES), so that it never rots:
# AF_ILNP, plain UDP and (direct) UDP over VXLAN, each with traffic
# received, direct and through a forwarder,
# iperf3 over the overlay (TSO on and off) and UDP and through a
# forwarder, a handoff at the seed's rate under a CPU hog, bench.json
# well formed, and the ratios reported (not asserted:
# Documentation/performance.rst).  The full set is `make bench`.
. tests/lib/common.sh

out=/tmp/bench-test
rm -rf "$out"
mkdir -p "$out"
cases="direct-1440:* direct-112:ilnp forward-1440:*
	rtt:* tcp:ilnp tcp:udp tcp:ilnp-notso tcp-forward:ilnp handoff-hog:ilnp"
OUT=$out BENCH_SECONDS=1 BENCH_PINGS=200 BENCH_HANDOFF_RATES=1000 \
	BENCH_CASES="$cases" bench/dataplane-guest.sh
# "case kind received" for the blasts, "case kind lost" for the pings,
# "tcp kind mbps" for iperf3.
got=$(python3 -c 'import json, sys
for r in json.load(open(sys.argv[1]))["rows"]:
    print(r["case"], r["kind"],
          r.get("received", r.get("lost", r.get("tcp_mbps"))))' \
	"$out/bench.json")
echo "$got"
for ck in direct-1440:ilnp direct-1440:udp direct-1440:vxlan \
	direct-112:ilnp forward-1440:ilnp forward-1440:udp; do
	n=$(awk -v c=${ck%:*} -v k=${ck#*:} '$1 == c && $2 == k { print $3 }' \
		<<<"$got")
	[ "${n:-0}" -gt 0 ] || fail "${ck%:*} ${ck#*:}: nothing received"
done
# BENCH_CASES kept the others out.
expect_eq "rows" "$(wc -l <<<"$got")" 13
for ck in tcp:ilnp tcp:udp tcp:ilnp-notso tcp-forward:ilnp; do
	mbps=$(awk -v c=${ck%:*} -v k=${ck#*:} '$1 == c && $2 == k { print $3 }' \
		<<<"$got")
	awk -v m="${mbps:-0}" 'BEGIN { exit !(m > 0) }' ||
		fail "${ck%:*} over ${ck#*:}: no throughput"
done
n=$(awk '$1 == "handoff-hog" && $2 == "ilnp" { print $3 }' <<<"$got")
[ "${n:-0}" -gt 0 ] || fail "handoff-hog at 1000/s: nothing received"
for k in ilnp udp; do
	expect_eq "rtt $k: round trips lost" \
		"$(awk -v k=$k '$1 == "rtt" && $2 == k { print $3 }' <<<"$got")" 0
done
python3 bench/dataplane-report.py --no-plots "$out"
echo "bench: ok"
