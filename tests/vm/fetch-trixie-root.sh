#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# A private Debian trixie build root (debootstrap) with the newest kernel
# headers Debian offers (trixie-backports' linux-headers-amd64) and the
# toolchain they were built with: that kernel's host tools need trixie's
# glibc and its config trixie's gcc, neither of which bookworm has.
#
# Output: $ILNP_CACHE/trixie-root/ (a chroot; "kver" in it names the
# headers' release, /usr/src/linux-headers-<kver> their tree).  The last
# line on stdout is that directory.  A complete root (.done) is reused
# without the network unless ILNP_REFRESH=1, which looks for newer
# headers.  Nothing of the host's apt state is touched.
set -euo pipefail
exec 3>&1 1>&2
log() { printf 'fetch-trixie-root: %s\n' "$*"; }
die() { printf 'fetch-trixie-root: ERROR: %s\n' "$*"; exit 1; }

CACHE=${ILNP_CACHE:-$HOME/.cache/ilnp}
root=$CACHE/trixie-root
mirror=${ILNP_DEBIAN_MIRROR:-http://deb.debian.org/debian}
command -v debootstrap >/dev/null ||
	die "debootstrap is not installed (Debian: apt-get install debootstrap)"
[ "$(id -u)" -eq 0 ] || die "needs root (debootstrap, chroot)"

if [ -e "$root/.done" ] && [ "${ILNP_REFRESH:-0}" != 1 ]; then
	printf '%s\n' "$root" >&3
	exit 0
fi
exec 9>"$CACHE/.trixie-root.lock"
flock 9
if [ ! -e "$root/.bootstrapped" ]; then
	rm -rf "$root"
	log "debootstrap trixie into $root (a few minutes)"
	debootstrap --variant=minbase \
		--include=gcc,make,libc6-dev,libelf-dev,bc,kmod,dwarves,ca-certificates \
		trixie "$root" "$mirror" >"$CACHE/trixie-root.log" 2>&1 ||
		die "debootstrap failed: $CACHE/trixie-root.log"
	touch "$root/.bootstrapped"
fi
cat >"$root/etc/apt/sources.list" <<EOF_SRC
deb $mirror trixie main
deb $mirror trixie-backports main
EOF_SRC
# The newest: backports' metapackage, else trixie's own.
in_root() { chroot "$root" env DEBIAN_FRONTEND=noninteractive "$@"; }
in_root apt-get -q update >/dev/null
in_root apt-get -q install -y --no-install-recommends -t trixie-backports \
	linux-headers-amd64 >/dev/null ||
	in_root apt-get -q install -y --no-install-recommends \
		linux-headers-amd64 >/dev/null
in_root apt-get -q clean
kver=$(in_root sh -c 'ls -d /usr/src/linux-headers-*-amd64' |
	sed 's|.*/linux-headers-||' | sort -V | tail -1)
[ -n "$kver" ] || die "no linux-headers in the root"
echo "$kver" >"$root/kver"
touch "$root/.done"
log "headers $kver"
printf '%s\n' "$root" >&3
