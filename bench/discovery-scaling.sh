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
KERNEL=$kernel python3 - <<'EOF'
import os
import shutil
import sys
sys.path.insert(0, "tests/vm")
import vm  # noqa: E402

env = " ".join(f"{k}='{os.environ[k]}'" for k in ("SIZES", "TOPOS", "BACKLOG")
               if k in os.environ)
status, job, problems = vm.run(
    os.environ["KERNEL"], f"{env} bench/discovery-scaling-guest.sh",
    timeout=int(os.environ.get("ILNP_VM_TIMEOUT", "1200")),
    verbose=os.environ.get("VERBOSE") == "1")
out = os.path.join(job, "table")
if os.path.exists(out):
    sys.stdout.write(open(out).read())
for p in problems:
    print(f"vm: {p}", file=sys.stderr)
if status != 0 or problems:
    print(f"vm: failed (status {status}); job directory {job}",
          file=sys.stderr)
    sys.exit(1)
shutil.rmtree(job, ignore_errors=True)
EOF
