#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# run.sh [TEST...]: the arm64 lane.  Boots Debian 12's arm64 kernel (the
# 6.1 ABI of the installed amd64 headers) in qemu-system-aarch64 -M virt
# -cpu cortex-a72 (the Raspberry Pi 4's core; TCG) with the initramfs of
# initramfs.sh as its whole root: busybox, iproute2, the cross-built
# tools, ilnp.ko loaded with insmod, and the guest tests of
# tests/vm/arm64/guest/ (forward sockets discovery handoff by default).
# The console goes to build/cross-vm/arm64/console.log; the result lines
# and timings to stdout; the last line is "arm64: N passed, N failed".
# Exit status 0 only if every test passed, the guest finished in time,
# and its kernel log has no line of tests/vm/bad-dmesg.txt.
#
# Environment: ILNP_ARM64_TIMEOUT (s, whole run; default 900),
# ILNP_ARM64_TEST_LIMIT (s per test; 300), ILNP_ARM64_SMP (vCPUs; 1),
# ILNP_ARM64_ENV ("RATE=200 GAP=4": variables for the guest tests),
# ILNP_ARM64_VERBOSE=1 (stream the console).
# Needs qemu-system-aarch64 (Debian: qemu-system-arm; installed with
# apt-get if missing).
set -euo pipefail
top=$(dirname "$(dirname "$(dirname "$(dirname "$(readlink -f "$0")")")")")
here=$top/tests/vm/arm64
out=$top/build/cross-vm/arm64

if ! command -v qemu-system-aarch64 >/dev/null; then
	echo "arm64: installing qemu-system-arm (apt-get)" >&2
	apt-get install -y --no-install-recommends qemu-system-arm >&2
fi

t0=$(date +%s.%N)
elapsed() { awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }'; }
arm=$("$here/fetch-arm64.sh" | tail -n 1)
initrd=$("$here/initramfs.sh" | tail -n 1)
prep=$(elapsed)
echo "arm64: prepared in ${prep}s: kernel $(cat "$arm/kver") ($(cat "$arm/version")), ${initrd#"$top"/}"

tests=${*:-forward sockets discovery handoff}
append="console=ttyAMA0 loglevel=5 panic=-1 oops=panic"
append="$append ilnp_tests=${tests// /,} ilnp_limit=${ILNP_ARM64_TEST_LIMIT:-300}"
for v in ${ILNP_ARM64_ENV:-}; do append="$append ilnp_env=$v"; done
log=$out/console.log
timeout=${ILNP_ARM64_TIMEOUT:-900}
tb=$(date +%s.%N)
# -nographic: the PL011 UART (ttyAMA0) on stdio.  No virtio-rng: the
# RNG is ready at boot from the seed QEMU puts in the device tree.
set +e
timeout --kill-after=10 "$timeout" qemu-system-aarch64 -M virt -cpu cortex-a72 \
	-smp "${ILNP_ARM64_SMP:-1}" -m 1024 -nographic -no-reboot \
	-kernel "$arm/vmlinuz" -initrd "$initrd" -append "$append" \
	</dev/null 2>&1 | sed -u 's/\r$//' | tee "$log" |
	if [ "${ILNP_ARM64_VERBOSE:-0}" = 1 ]; then cat; else
		grep --line-buffered -E '^ARM64-|^\[[a-z]+\] (FAIL|ok:)|Kernel panic' |
		grep --line-buffered -v '^ARM64-DMESG'; fi
rc=${PIPESTATUS[0]}
set -e
boot_total=$(awk -v a="$tb" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')

# The verdict, from the console.
pass=$(grep -c '^ARM64-TEST .* PASS' "$log" || true)
fail=$(grep -c '^ARM64-TEST .* FAIL' "$log" || true)
problems=0
if [ "$rc" = 124 ] || [ "$rc" = 137 ]; then
	echo "arm64: the guest did not finish within ${timeout}s"
	problems=1
elif ! grep -q '^ARM64-DONE' "$log"; then
	echo "arm64: the guest stopped before its tests finished (qemu exit $rc)"
	tail -n 30 "$log"
	problems=1
fi
if grep -q '^ARM64-MODULE-FAILED' "$log"; then
	grep '^ARM64-MODULE-FAILED' "$log"
	problems=1
fi
# Tests asked for and never reported: failed.
for t in $tests; do
	grep -q "^ARM64-TEST $t " "$log" || { echo "arm64: $t: no result"; fail=$((fail + 1)); }
done
# The kernel's log (the guest's dmesg, and the console for a crash).
bad=$(grep -v '^#' "$top/tests/vm/bad-dmesg.txt" | grep -v '^$' | sed 's/\\d/[0-9]/g')
if hits=$(grep -E -f <(echo "$bad") "$log"); then
	echo "arm64: kernel log problems:"
	echo "$hits" | head -n 20
	problems=1
fi
# A failed test: its last lines.
for t in $(sed -n 's/^ARM64-TEST \([a-z]*\) FAIL.*/\1/p' "$log"); do
	echo "arm64: $t failed; its last lines:"
	grep "^\[$t\] " "$log" | tail -n 25
done
booted=$(sed -n 's/^ARM64-BOOTED \([0-9.]*\) .*/\1/p' "$log")
echo "arm64: times: prepare ${prep}s, guest boot ${booted:-?}s (kernel uptime at init)," \
	"qemu in all ${boot_total}s, total $(elapsed)s; per test:" \
	"$(sed -n 's/^ARM64-TEST \([a-z]*\) [A-Z]* \([0-9.]*s\).*/\1 \2/p' "$log" | paste -sd' ')"
echo "arm64: console in ${log#"$top"/}"
[ "$problems" = 0 ] || fail=$((fail + 1))
echo "arm64: $pass passed, $fail failed"
[ "$fail" = 0 ]
