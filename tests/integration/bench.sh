#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make bench, short (bench/dataplane-guest.sh, 1 s a run, 200 round
# trips), so that it never rots: every case measured for AF_ILNP and for
# plain UDP, each with traffic received, bench.json well formed, and the
# ratios reported (not asserted: Documentation/performance.rst).
. tests/lib/common.sh

out=/tmp/bench-test
rm -rf "$out"
mkdir -p "$out"
OUT=$out BENCH_SECONDS=1 BENCH_PINGS=200 bench/dataplane-guest.sh
# "case kind received" for the blasts, "case kind lost" for the pings.
got=$(python3 -c 'import json, sys
for r in json.load(open(sys.argv[1]))["rows"]:
    print(r["case"], r["kind"], r.get("received", r.get("lost")))' \
	"$out/bench.json")
echo "$got"
for c in direct-1440 direct-112 forward-1440; do
	for k in ilnp udp; do
		n=$(awk -v c=$c -v k=$k '$1 == c && $2 == k { print $3 }' <<<"$got")
		[ "${n:-0}" -gt 0 ] || fail "$c $k: nothing received"
	done
done
for k in ilnp udp; do
	expect_eq "rtt $k: round trips lost" \
		"$(awk -v k=$k '$1 == "rtt" && $2 == k { print $3 }' <<<"$got")" 0
done
python3 bench/dataplane-report.py --no-plots "$out"
echo "bench: ok"
