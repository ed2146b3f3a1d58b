#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make fuzz: the long campaign, in one VM (the debug kernel unless
# FUZZ_KERNEL says otherwise): tests/integration/fuzz.sh and
# teardown.sh with big counts.  Every count can be overridden:
#   FUZZ_PACKETS (1000000)  FUZZ_NL_CALLS (100000)  FUZZ_SYSCALLS (2000000)
#   TEARDOWN_ROUNDS (50)    FUZZ_TRINITY (200000: trinity's calls, 0 off)
#   FUZZ_SEED (random)      FUZZ_HOURS (12: the VM's time limit)
#   FUZZ_ONLY ("packet netlink syscall trinity")  FUZZ_TESTS ("fuzz teardown")
#   FUZZ_PACKET_SECONDS, SYSFUZZ_SECONDS (0: no time cap; a cap bounds a
#   phase's VM time when the count cannot be reached on a slow kernel)
# Progress: the job directory's logs/integration-fuzz.log (named first).
set -eu
cd "$(dirname "$0")/../.."
kernel=${FUZZ_KERNEL:-debug}
hours=${FUZZ_HOURS:-12}
secs=$((hours * 3600))
tests=
for t in ${FUZZ_TESTS:-fuzz teardown}; do
	tests="$tests tests/integration/$t.sh"
done
tests/vm/build-module.sh "$kernel" >/dev/null
# vm.py joins its arguments with spaces: quote them for the guest shell.
cmd=$(printf '%q ' env \
	FUZZ_PACKETS="${FUZZ_PACKETS:-1000000}" \
	FUZZ_NL_CALLS="${FUZZ_NL_CALLS:-100000}" \
	FUZZ_SYSCALLS="${FUZZ_SYSCALLS:-2000000}" \
	FUZZ_TRINITY="${FUZZ_TRINITY:-200000}" \
	TEARDOWN_ROUNDS="${TEARDOWN_ROUNDS:-50}" \
	FUZZ_ONLY="${FUZZ_ONLY:-packet netlink syscall trinity}" \
	FUZZ_PROGRESS=10000 \
	FUZZ_PACKET_SECONDS="${FUZZ_PACKET_SECONDS:-0}" \
	SYSFUZZ_SECONDS="${SYSFUZZ_SECONDS:-0}" \
	${FUZZ_SEED:+FUZZ_SEED=$FUZZ_SEED} \
	ILNP_TEST_TIMEOUT=$secs \
	tests/vm/guest-run-tests $tests)
tests/vm/vm.py -k "$kernel" -t $((secs + 600)) -- "$cmd" &
vm=$!
# The job directory (vm.py names it only at the end): where to watch.
sleep 5
for job in $(ls -td /var/tmp/ilnp-vm-"$kernel"-* 2>/dev/null); do
	if grep -qs "FUZZ_PACKETS=" "$job/cmd"; then
		echo "long.sh: progress in $job/logs/"
		break
	fi
done
wait $vm
