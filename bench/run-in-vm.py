#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Run a benchmark's guest script in a test VM, as tests/run boots it.

  bench/run-in-vm.py KERNEL CMD [--env VAR ...] [--copy FILE ... --to DIR]

Passes the named environment variables (those set) to CMD in the guest,
copies the named files of the job directory (what CMD wrote to
$ILNP_JOB) to DIR, and exits 1 with the job directory kept when the VM
or the command failed; the job directory goes otherwise.
ILNP_VM_TIMEOUT (900) bounds the VM, VERBOSE=1 streams its console.
"""
import argparse
import os
import shutil
import sys

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(TOP, "tests", "vm"))
import vm  # noqa: E402


def main():
    ap = argparse.ArgumentParser(usage=__doc__.strip())
    ap.add_argument("kernel")
    ap.add_argument("cmd")
    ap.add_argument("--env", nargs="*", default=[])
    ap.add_argument("--copy", nargs="*", default=[])
    ap.add_argument("--to")
    a = ap.parse_args()
    env = " ".join(f"{k}='{os.environ[k]}'" for k in a.env
                   if k in os.environ)
    status, job, problems = vm.run(
        a.kernel, f"{env} {a.cmd}",
        timeout=int(os.environ.get("ILNP_VM_TIMEOUT", "900")),
        verbose=os.environ.get("VERBOSE") == "1")
    for name in a.copy:
        src = os.path.join(job, name)
        if os.path.exists(src) and a.to:
            shutil.copy(src, a.to)
    for p in problems:
        print(f"vm: {p}", file=sys.stderr)
    if status != 0 or problems:
        print(f"vm: failed (status {status}); job directory {job}",
              file=sys.stderr)
        return 1
    shutil.rmtree(job, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
