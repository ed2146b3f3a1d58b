#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make bench: the overlay's data plane against plain IPv6 on the same path
# (Documentation/performance.rst).  Boots a test VM (KERNEL, default
# stock61) as tests/run does, runs bench/dataplane-guest.sh in it, and
# leaves in results/bench-<timestamp>/: table (also printed), bench.json
# and plots/bench.png and .svg (packets/s per case, AF_ILNP beside UDP).
# BENCH_SECONDS (5) a run, BENCH_PINGS (2000) round trips, BENCH_PROFILE=1
# perf profiles of the forwarder case; about two minutes under TCG.
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")/.."
kernel=${KERNEL:-stock61}
make -s W=1 >/dev/null		# the tools the guest runs
make -s -C bench >/dev/null
tests/vm/build-module.sh "$kernel" W=1 >/dev/null
results=results/bench-$(date +%Y%m%d-%H%M%S)
mkdir -p "$results"
bench/run-in-vm.py "$kernel" bench/dataplane-guest.sh \
	--env BENCH_SECONDS BENCH_PINGS BENCH_PROFILE \
	--copy table bench.json profile-ilnp.txt profile-udp.txt --to "$results"
cat "$results/table"
python3 bench/dataplane-report.py "$results"
echo "results in $results/"
