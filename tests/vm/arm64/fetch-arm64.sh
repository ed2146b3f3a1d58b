#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# fetch-arm64.sh: fetch what the arm64 lane (tests/vm/arm64/) boots and
# builds against, from Debian 12's arm64 archive, into a private cache,
# without touching the system's apt configuration, apt state or installed
# packages (a private sources.list with arch=arm64, apt-get download,
# dpkg-deb -x; as tests/vm/fetch-kernel-6.12.sh does):
#
#   linux-image-<abi>-arm64-unsigned (or -arm64): the kernel and its modules,
#     <abi> the installed amd64 headers' (/usr/src/linux-headers-6.1.*-amd64)
#     and the same package version, so that a module built against the
#     arm64 headers of that version (tests/vm/fetch-headers-cross.sh) loads
#   busybox-static, iproute2 and every library package it needs (Depends
#     and Pre-Depends named lib* or zlib*, followed recursively;
#     initramfs.sh checks the ELF NEEDED entries against what is unpacked)
#   libmnl0, libc6 (the tools), libc6-dev, libmnl-dev, linux-libc-dev (to
#     cross-build the tools against: build-tools.sh)
#
# Output directory: $ILNP_CACHE/arm64-<abi>/  (abi e.g. 6.1.0-57)
#   vmlinuz   -> root/boot/vmlinuz-<kver>
#   kver      the kernel release (e.g. 6.1.0-57-arm64)
#   abi       <abi>;  version  the kernel package's version (e.g. 6.1.192-3)
#   recipe    what was asked for (a cache made from another is fetched anew)
#   modules/lib/modules/<kver>/  the kernel's modules, depmod'ed
#   root/     everything unpacked (the user space and the sysroot)
#   packages  the exact .deb packages (name version sha256 size)
#   .done     completion stamp (written last, before the atomic rename)
#
# The LAST line on stdout is the output directory; progress goes to stderr.
# A complete output directory for the wanted ABI is reused without the
# network.
#
# Environment:
#   ILNP_CACHE          cache root (default: $HOME/.cache/ilnp)
#   ILNP_ARM64_ABI      pin the ABI: "6.1.0-57" or "57" (default: the
#                       installed amd64 headers', else the newest cached,
#                       else the archive's newest 6.1)
#   ILNP_DEBIAN_MIRROR  Debian archive base URL (default: the system's
#                       "bookworm" source, else http://deb.debian.org/debian)
#   ILNP_SECURITY_MIRROR  its security archive
#   ILNP_KEEP_DEBS=1    keep the .debs in $ILNP_CACHE/apt-arm64/debs
set -euo pipefail

# shellcheck source=tests/vm/private-apt.sh
. "$(dirname "$(readlink -f -- "${BASH_SOURCE[0]}")")/../private-apt.sh"
pa_init fetch-arm64
pa_cache
APTDIR=$CACHE/apt-arm64
PREFIX=arm64-
CACHED_GLOB='6.1.*'

# What the lane needs besides the kernel; their lib* dependencies follow.
PKGS=(busybox-static iproute2 libmnl0 libc6 libc6-dev libmnl-dev linux-libc-dev)
# What a cached directory was made from: another recipe fetches again.
RECIPE="3 ${PKGS[*]}"

normalize_abi() {
	local v=$1
	v=${v#linux-image-}
	v=${v%-arm64-unsigned}
	v=${v%-arm64}
	v=${v%-amd64}
	[[ $v == 6.1.0-* ]] || v=6.1.0-$v
	[[ $v =~ ^6\.1\.0-[0-9]+$ ]] || die "cannot understand ABI '$1' (want e.g. 6.1.0-57)"
	printf '%s\n' "$v"
}

is_done() {
	[[ -f $1/.done && -f $1/kver && -e $1/vmlinuz && -x $1/root/bin/busybox &&
		$(cat "$1/recipe" 2>/dev/null) == "$RECIPE" &&
		-e $1/root/usr/lib/aarch64-linux-gnu/libc.a ]]
}

WANT_ABI='' WANT_VER=''
if [[ -n ${ILNP_ARM64_ABI:-} ]]; then
	WANT_ABI=$(normalize_abi "$ILNP_ARM64_ABI")
else
	hdr=$(printf '%s\n' /usr/src/linux-headers-6.1.*-amd64 | sort -V | tail -n 1)
	if [[ -e $hdr/Makefile ]]; then
		WANT_ABI=$(normalize_abi "${hdr#/usr/src/linux-headers-}")
		WANT_VER=$(dpkg-query -W -f='${Version}' "linux-headers-$WANT_ABI-amd64" 2>/dev/null || true)
	fi
fi
if [[ -n $WANT_ABI ]] && is_done "$CACHE/$PREFIX$WANT_ABI"; then
	log "cached: $CACHE/$PREFIX$WANT_ABI"
	finish "$CACHE/$PREFIX$WANT_ABI"
fi
if [[ -z $WANT_ABI ]]; then
	cached=$(pa_newest_cached)
	[[ -n $cached ]] && { log "cached: $cached"; finish "$cached"; }
fi

command -v depmod >/dev/null || PATH=$PATH:/usr/sbin:/sbin
pa_check_host apt-get apt-cache dpkg-deb flock sha256sum depmod

pa_lock fetch-arm64.sh "$WANT_ABI"

# ------------------------------------------------------------ private apt
pa_mirrors
pa_sources "$APTDIR" arm64 "$MIRROR bookworm main" "$MIRROR bookworm-updates main" \
	"$SECMIRROR bookworm-security main"
pa_apt_options "$APTDIR" arm64

log "mirrors: $MIRROR, $SECMIRROR (private apt state in $APTDIR)"
pa_update_or_cached

# The kernel image: the ABI wanted, at the amd64 headers' version if the
# archive has it (another version of one ABI may differ in its symbols).
IMG='' VER=''
pick_image() {          # ABI -> IMG VER
	local p v
	for p in "linux-image-$1-arm64-unsigned" "linux-image-$1-arm64"; do
		if [[ -n $WANT_VER ]]; then
			v=$(apt-cache "${APT[@]}" madison "$p" 2>/dev/null |
				awk -F'|' -v w="$WANT_VER" '{ gsub(/ /, "", $2) } $2 == w { print $2; exit }')
		else
			v=$(pa_pkg_version "$p")
		fi
		[[ -n $v ]] && { IMG=$p VER=$v; return 0; }
	done
	return 1
}
ABI=
if [[ -n $WANT_ABI ]] && pick_image "$WANT_ABI"; then
	ABI=$WANT_ABI
elif [[ -n ${ILNP_ARM64_ABI:-} ]]; then
	die "the archive has no arm64 image for $WANT_ABI${WANT_VER:+ at $WANT_VER}"
else
	[[ -n $WANT_ABI ]] && warn "no arm64 image for $WANT_ABI${WANT_VER:+ $WANT_VER}; taking the newest 6.1"
	WANT_VER=
	for a in $(apt-cache "${APT[@]}" pkgnames linux-image-6.1.0- |
		sed -nE 's/^linux-image-(6\.1\.0-[0-9]+)-arm64(-unsigned)?$/\1/p' | sort -Vru); do
		pick_image "$a" && { ABI=$a; break; }
	done
	[[ -n $ABI ]] || die "no linux-image-6.1.0-*-arm64 in the archive"
fi
pa_out_dir "$ABI" "$ABI already cached"
log "kernel: $IMG $VER"

# The closure: PKGS and the kernel, and every Depends/Pre-Depends named
# lib* or zlib* of theirs (not the -bin programs), recursively; one
# apt-cache per level (each start reads the whole cache).
declare -A seen=() VERS=()
level=("$IMG" "${PKGS[@]}")
sel=()
while [[ ${#level[@]} -gt 0 ]]; do
	for p in "${level[@]}"; do seen[$p]=1; done
	while read -r p v; do
		VERS[$p]=$v
	done < <(apt-cache "${APT[@]}" show --no-all-versions "${level[@]}" 2>/dev/null |
		awk '/^Package: / { p = $2 } /^Version: / { print p, $2 }')
	for p in "${level[@]}"; do
		[[ -n ${VERS[$p]:-} ]] || die "the archive has no arm64 package $p"
		sel+=("$p")
	done
	next=() ask=()
	# The image's own Depends are boot tools (kmod, initramfs-tools).
	for p in "${level[@]}"; do [[ $p == "$IMG" ]] || ask+=("$p"); done
	[[ ${#ask[@]} -gt 0 ]] || break
	mapfile -t deps < <(apt-cache "${APT[@]}" depends --no-recommends --no-suggests \
			--no-conflicts --no-breaks --no-replaces --no-enhances "${ask[@]}" |
		sed -nE 's/^ *\|?(Pre)?Depends: ([^<> ]+)$/\2/p' | sed 's/:arm64$//' | sort -u)
	for d in "${deps[@]}"; do
		[[ ($d == lib* || $d == zlib*) && $d != *-bin && -z ${seen[$d]:-} ]] &&
			{ next+=("$d"); seen[$d]=1; }
	done
	level=("${next[@]}")
done
VERS[$IMG]=$VER
log "packages: ${sel[*]}"

t0=$SECONDS
args=()
for p in "${sel[@]}"; do args+=("$p=${VERS[$p]}"); done
pa_download "${args[@]}"

pa_new_tree "$PREFIX$ABI"
for p in "${sel[@]}"; do pa_unpack "$p" "${VERS[$p]}"; done

pa_kernel_image "$IMG" arm64
printf '%s\n' "$ABI" >"$tmp/abi"
printf '%s\n' "$VER" >"$tmp/version"
printf '%s\n' "$RECIPE" >"$tmp/recipe"
pa_depmod depmod
# Absolute symlinks (sbin/ip -> /bin/ip, the -dev packages' libm.so ->
# /lib/aarch64-linux-gnu/libm.so.6) would lead to the host's files:
# relative, inside root/.
pa_relink -f '^/' "$R"
touch "$tmp/.done"
is_done "$tmp" || die "incomplete: $(ls "$tmp" "$R")"
pa_publish "$out"
log "done in $((SECONDS - t0))s: $out (kver $KVER, $(du -sh "$out" | cut -f1))"
finish "$out"
