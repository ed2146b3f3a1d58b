#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Discovery messages per solicitation round on chain, ring and full-mesh
# topologies of 4, 8 and 16 nodes, ours (measured in the kernel) next to
# the 2021 prototype's flooding rule (counted on the same graph):
# Documentation/performance.rst.  Boots a test VM (KERNEL, default
# stock61) like tests/run does and runs bench/discovery-scaling-guest.sh
# in it; prints the table.  About 2 minutes under TCG.
#   bench/discovery-scaling.sh            # build ilnp.ko for the kernel, run
#   SIZES="4 8" TOPOS=mesh bench/discovery-scaling.sh
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")/.."
kernel=${KERNEL:-stock61}
make -s W=1 >/dev/null		# the tools the guest runs
tests/vm/build-module.sh "$kernel" W=1 >/dev/null
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
bench/run-in-vm.py "$kernel" bench/discovery-scaling-guest.sh \
	--env SIZES TOPOS BACKLOG --copy table --to "$out"
cat "$out/table"
