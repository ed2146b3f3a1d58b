#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Run the KUnit suites (debug kernel only): loading ilnp_kunit.ko runs
# them and prints KTAP to the kernel log, saved as $ILNP_JOB/kunit.ktap
# for the host to parse (tests/run, with the kernel's kunit.py).
. tests/lib/common.sh

ilnp_load
dmesg -C
insmod "$ILNP_MODDIR/ilnp_kunit.ko"
dmesg --notime >"$ILNP_JOB/kunit.ktap"
rmmod ilnp_kunit
ilnp_unload
grep -q 'KTAP version' "$ILNP_JOB/kunit.ktap" ||
	fail "no KTAP header in the kernel log"
# The host reports each case; here, a failing case fails the step too.
! grep -n 'not ok' "$ILNP_JOB/kunit.ktap"
