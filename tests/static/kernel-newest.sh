#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# ilnp.ko builds, W=1 and without a warning, against the newest kernel
# headers Debian offers (trixie-backports, in a private trixie root:
# tests/vm/fetch-trixie-root.sh), past the 6.1 to 6.12 that the VMs
# boot: what changed since is in net/ilnp/compat.h.  Built, not booted
# (ILNP_FORCE=1 passes Kbuild's gate of the kernels known to work).
set -euo pipefail
top=$(dirname "$(dirname "$(dirname "$(readlink -f "$0")")")")
fail() { echo "FAIL: $*"; exit 1; }

root=$("$top/tests/vm/fetch-trixie-root.sh" | tail -1)
kver=$(cat "$root/kver")
src=$root/src/ilnp
mkdir -p "$src"
rsync -a --delete --exclude '*.o' --exclude '*.ko' --exclude '.*.cmd' \
	"$top/Kbuild" "$top/net" "$top/include" "$top/uapi" "$src/"
start=$(date +%s)
# objtool reads /proc: a private mount namespace gives the root one.
if ! unshare --mount --fork sh -c "mount -t proc proc '$root/proc' &&
	chroot '$root' make -C /usr/src/linux-headers-$kver M=/src/ilnp \
		ILNP_FORCE=1 W=1 -j${ILNP_JOBS:-2} modules" >"$root/build.log" 2>&1; then
	tail -30 "$root/build.log"
	fail "ilnp.ko does not build for $kver"
fi
if grep -E 'warning:|error:' "$root/build.log" | grep -v 'pahole version differs'; then
	fail "warnings building for $kver"
fi
magic=$(modinfo -F vermagic "$src/ilnp.ko")
[ "${magic%% *}" = "$kver" ] || fail "vermagic '$magic', want $kver"
echo "kernel-newest: ilnp.ko built for $kver in $(($(date +%s) - start)) s"
