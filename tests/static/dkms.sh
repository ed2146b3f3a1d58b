#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# DKMS builds ilnp.ko for a kernel other than the one the tree was built
# for: make dkms-source into a private tree, then dkms add and build
# against Debian's 6.12 headers (the deb612 lane's cache) with DKMS's own
# trees private too (nothing of the system's DKMS state is touched).  The
# module it built is for that kernel; dkms.conf's version is the
# module's.
set -euo pipefail
top=$(dirname "$(dirname "$(dirname "$(readlink -f "$0")")")")
fail() { echo "FAIL: $*"; exit 1; }
command -v dkms >/dev/null || fail "dkms is not installed (Debian: apt-get install dkms)"

ver=$(sed -n 's/^#define ILNP_VERSION "\(.*\)"/\1/p' "$top/net/ilnp/main.c")
conf_ver=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p' "$top/dkms.conf")
[ "$ver" = "$conf_ver" ] ||
	fail "dkms.conf PACKAGE_VERSION $conf_ver, module $ver"

k612=$("$top/tests/vm/fetch-kernel-6.12.sh" 2>/dev/null | tail -1)
[ -d "$k612/kdir" ] || fail "no 6.12 headers (tests/vm/fetch-kernel-6.12.sh)"
kver=$(cat "$k612/kver")
kdir=$(readlink -f "$k612/kdir")

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
trees=(--dkmstree "$tmp/dkms" --sourcetree "$tmp/src" --installtree "$tmp/lib")
mkdir -p "$tmp/dkms" "$tmp/lib"
make -s -C "$top" dkms-source DKMS_SRC="$tmp/src/ilnp-$ver"
dkms add -m ilnp -v "$ver" "${trees[@]}" >/dev/null
start=$(date +%s)
if ! dkms build -m ilnp -v "$ver" -k "$kver" --kernelsourcedir "$kdir" \
	"${trees[@]}" >"$tmp/build.log" 2>&1; then
	cat "$tmp/build.log"
	cat "$tmp/dkms/ilnp/$ver/build/make.log" 2>/dev/null || true
	fail "dkms build for $kver"
fi
ko=$(find "$tmp/dkms/ilnp/$ver/$kver" -name 'ilnp.ko*' | head -1)
[ -n "$ko" ] || fail "dkms built no ilnp.ko for $kver"
magic=$(modinfo -F vermagic "$ko")
[ "${magic%% *}" = "$kver" ] || fail "vermagic '$magic', want $kver"
echo "dkms: ilnp $ver built for $kver in $(($(date +%s) - start)) s ($ko)"
