#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# fetch-headers-cross.sh ARCH: fetch Debian 12's 6.1 kernel headers for
# another architecture (ARCH: arm64, or armhf for the armmp flavour) into a
# private cache, to cross-build external modules against, without touching
# the system's apt configuration, apt state or installed packages.
#
# Output directory: $ILNP_CACHE/headers-<ARCH>-<abi>/  (abi e.g. 6.1.0-57)
#   kdir      -> root/usr/src/linux-headers-<kver> (relative symlink), usable
#                as: make -C <out>/kdir ARCH=$(cat <out>/arch) \
#                      CROSS_COMPILE=$(cat <out>/cross) M=/path/to/module modules
#   kver      the kernel release (e.g. 6.1.0-57-arm64)
#   arch      the kernel's ARCH (arm64, arm)
#   cross     the CROSS_COMPILE prefix of Debian's cross compiler
#             (aarch64-linux-gnu-, arm-linux-gnueabihf-)
#   packages  the exact .deb packages (name version sha256 size) used, and
#             the linux-kbuild-6.1 (amd64) the host tools come from
#   root/     the headers unpacked with dpkg-deb -x (usr/src/...) and
#             usr/lib/linux-kbuild-6.1: the amd64 host tools (fixdep,
#             modpost, genksyms...) the headers' scripts/ and tools/
#             symlinks lead to; a symlink to the host's /usr/lib/linux-kbuild-6.1
#             when its version is the headers' (the arm64/armhf linux-kbuild
#             package holds binaries this host cannot run), else amd64's
#             linux-kbuild-6.1 of that version, unpacked here
#   .done     completion stamp (written last, before the atomic rename)
#
# The LAST line on stdout is the output directory; all progress goes to stderr.
# If a complete output directory already exists, the network is never touched.
#
# ABI: the installed amd64 headers' (newest /usr/src/linux-headers-6.1.*-amd64)
# when the archive still has it for ARCH, else the newest 6.1 in bookworm,
# bookworm-updates or bookworm-security.
#
# Environment:
#   ILNP_CACHE           cache root (default: $HOME/.cache/ilnp)
#   ILNP_CROSS_ABI       pin the ABI: "6.1.0-57" or "57"
#   ILNP_REFRESH=1       ask the archive even if a complete directory is cached
#                        (without the installed amd64 headers' ABI to go by)
#   ILNP_DEBIAN_MIRROR   Debian archive base URL (default: the URI of the
#                        system's "bookworm" source, else http://deb.debian.org/debian)
#   ILNP_SECURITY_MIRROR its security archive (default: the system's
#                        "bookworm-security" source, else http://deb.debian.org/debian-security)
#   ILNP_CROSS_OWN_KBUILD=1  unpack amd64's linux-kbuild-6.1 into the cache
#                        even if the host's is the right version (a cache
#                        that needs no installed package but make and gcc)
#   ILNP_KEEP_DEBS=1     keep the downloaded .debs in $ILNP_CACHE/apt-cross-<ARCH>/debs
set -euo pipefail

# shellcheck source=tests/vm/private-apt.sh
. "$(dirname "$(readlink -f -- "${BASH_SOURCE[0]}")")/private-apt.sh"
pa_init fetch-headers-cross

DEBARCH=${1:-}
case $DEBARCH in
arm64) FLAVOUR=arm64 KARCH=arm64 CROSS=aarch64-linux-gnu- ;;
armhf) FLAVOUR=armmp KARCH=arm   CROSS=arm-linux-gnueabihf- ;;
*) die "usage: fetch-headers-cross.sh arm64|armhf" ;;
esac

pa_cache
APTDIR=$CACHE/apt-cross-$DEBARCH
PREFIX=headers-$DEBARCH-
KBUILD=linux-kbuild-6.1

# ---------------------------------------------------------------- version pin
normalize_abi() {       # "57" | "6.1.0-57" | "6.1.0-57-arm64" -> 6.1.0-57
	local v=$1
	v=${v#linux-headers-}
	v=${v%-"$FLAVOUR"}
	v=${v%-amd64}
	[[ $v == 6.1.0-* ]] || v=6.1.0-$v
	[[ $v =~ ^6\.1\.0-[0-9]+$ ]] ||
		die "cannot understand ILNP_CROSS_ABI='$1' (want e.g. 6.1.0-57)"
	printf '%s\n' "$v"
}

is_done() {
	[[ -f $1/.done && -f $1/kver && -e $1/kdir/Makefile && -e $1/kdir/.config &&
		-x $1/kdir/scripts/basic/fixdep && -x $1/kdir/scripts/mod/modpost ]]
}

# the ABI of the installed amd64 headers (what make check's stock kernel uses)
HOST_ABI=
hdr=$(printf '%s\n' /usr/src/linux-headers-6.1.*-amd64 | sort -V | tail -n 1)
if [[ -e $hdr/Makefile ]]; then
	HOST_ABI=${hdr#/usr/src/linux-headers-}
	HOST_ABI=${HOST_ABI%-amd64}
fi

WANT_ABI=
if [[ -n ${ILNP_CROSS_ABI:-} ]]; then
	WANT_ABI=$(normalize_abi "$ILNP_CROSS_ABI")
elif [[ -n $HOST_ABI ]]; then
	WANT_ABI=$HOST_ABI
fi
if [[ -n $WANT_ABI ]] && is_done "$CACHE/$PREFIX$WANT_ABI"; then
	log "cached: $CACHE/$PREFIX$WANT_ABI"
	finish "$CACHE/$PREFIX$WANT_ABI"
fi
if [[ -z $WANT_ABI && ${ILNP_REFRESH:-0} != 1 ]]; then
	cached=$(pa_newest_cached)
	if [[ -n $cached ]]; then
		log "cached: $cached (set ILNP_REFRESH=1 to look for a newer 6.1)"
		finish "$cached"
	fi
fi

# ----------------------------------------------------------------- prerequisites
pa_check_host apt-get apt-cache dpkg-deb dpkg-query flock sha256sum make
pa_lock "fetch-headers-cross.sh $DEBARCH" "$WANT_ABI"

# ------------------------------------------------------------- private apt setup
pa_mirrors

# apt_setup DIR ARCH: a private apt state in DIR for packages of ARCH
# (sets APT); kernel updates come through bookworm-security and point releases
apt_setup() {
	mkdir -p "$1"/lists/partial "$1"/cache/archives/partial
	pa_sources "$1" "$2" "$MIRROR bookworm main" "$MIRROR bookworm-updates main" \
		"$SECMIRROR bookworm-security main"
	pa_apt_options "$1" "$2"
	APT+=(-o Acquire::GzipIndexes=true)
	pa_update
}

log "mirrors: $MIRROR, $SECMIRROR (private apt state in $APTDIR)"
apt_setup "$APTDIR" "$DEBARCH" || pa_cached_or_die

select_abi() {          # $1 = abi; sets HDR COM VER, returns 1 if incomplete
	HDR=linux-headers-$1-$FLAVOUR
	COM=linux-headers-$1-common
	VER=$(pa_pkg_version "$HDR")
	[[ -n $VER && $(pa_pkg_version "$COM") == "$VER" ]]
}

if [[ -n $WANT_ABI ]] && select_abi "$WANT_ABI"; then
	ABI=$WANT_ABI
elif [[ -n ${ILNP_CROSS_ABI:-} ]]; then
	die "the archive has no complete $DEBARCH header set (headers, common) for $WANT_ABI"
else
	[[ -n $WANT_ABI ]] &&
		warn "the archive no longer has $DEBARCH headers for the installed amd64 ABI $WANT_ABI; taking the newest"
	pa_newest_abi linux-headers-6.1. \
		"s/^linux-headers-(6\\.1\\.0-[0-9]+)-$FLAVOUR\$/\\1/p" ||
		die "no complete linux-headers-6.1.0-*-$FLAVOUR set found in bookworm"
fi
pa_out_dir "$ABI" "$ABI already cached"
log "selected $ABI (package version $VER): $HDR $COM"

# -------------------------------------------------------------------- download
t0=$SECONDS
log "downloading header packages..."
pa_download "$HDR=$VER" "$COM=$VER"

pa_new_tree "$PREFIX$ABI"
pa_unpack "$HDR" "$VER"
pa_unpack "$COM" "$VER"

KVER=$ABI-$FLAVOUR
KDIR_REL=root/usr/src/linux-headers-$KVER
KDIR=$tmp/$KDIR_REL
[[ -f $KDIR/Makefile && -f $KDIR/.config && -f $KDIR/Module.symvers ]] ||
	die "$HDR does not contain usr/src/linux-headers-$KVER/{Makefile,.config,Module.symvers}"

# ------------------------------------------------------------ kbuild host tools
# The headers' scripts and tools are symlinks to ../../lib/linux-kbuild-6.1/:
# the amd64 one of the same version, the host's if it has it.
for l in scripts tools; do
	[[ $(readlink "$KDIR/$l") == "../../lib/$KBUILD/$l" ]] ||
		die "$KDIR_REL/$l is not a symlink to ../../lib/$KBUILD/$l: $(readlink "$KDIR/$l")"
done
hostkb=$(dpkg-query -W -f='${db:Status-Abbrev} ${Version}' "$KBUILD" 2>/dev/null || true)
if [[ $hostkb == "ii  $VER" && -x /usr/lib/$KBUILD/scripts/mod/modpost &&
	${ILNP_CROSS_OWN_KBUILD:-0} != 1 ]]; then
	log "host tools: the installed $KBUILD $VER (amd64)"
	mkdir -p "$R/usr/lib"
	ln -s "/usr/lib/$KBUILD" "$R/usr/lib/$KBUILD"
	printf '%s %s host /usr/lib/%s\n' "$KBUILD:amd64" "$VER" "$KBUILD" >>"$tmp/packages"
else
	log "host tools: the installed $KBUILD is '${hostkb:+${hostkb#ii  }}${hostkb:-not installed}' (want $VER${ILNP_CROSS_OWN_KBUILD:+, ILNP_CROSS_OWN_KBUILD=$ILNP_CROSS_OWN_KBUILD}): fetching amd64's"
	apt_setup "$APTDIR/amd64" amd64 || die "apt-get update (amd64) failed"
	[[ $(pa_pkg_version "$KBUILD") == "$VER" ]] || die "the archive has no amd64 $KBUILD $VER"
	pa_download "$KBUILD=$VER"
	pa_unpack "$KBUILD" "$VER"
fi
for l in scripts tools; do
	[[ -e $KDIR/$l/. ]] || die "$KDIR_REL/$l does not resolve"
done
for b in scripts/basic/fixdep scripts/mod/modpost scripts/genksyms/genksyms; do
	"$KDIR/$b" -h </dev/null >/dev/null 2>&1 || [[ $? -lt 126 ]] ||
		die "$KDIR_REL/$b does not run on this host"
done

# ---------------------------------------------------------------------- fixups
printf '%s\n' "$KVER" >"$tmp/kver"
printf '%s\n' "$KARCH" >"$tmp/arch"
printf '%s\n' "$CROSS" >"$tmp/cross"
ln -s "$KDIR_REL" "$tmp/kdir"

# 1. kdir/Makefile: "include /usr/src/linux-headers-<abi>-common/Makefile"
#    -> relative to the real location of kdir/Makefile (cache stays relocatable)
pa_fix_kdir_makefile "$KDIR"

# 2. absolute symlinks into /usr/src (lib/modules/<kver>/{build,source}, ...)
#    -> relative ones inside root/
pa_relink '^/usr/src/' "$R"

# 3. no remaining references to /usr/src/linux-headers-* in the headers
left=$(grep -rlI -e '/usr/src/linux-headers-' "$R/usr/src" 2>/dev/null || true)
[[ -z $left ]] || warn "files still referencing /usr/src/linux-headers-: ${left//$tmp\//}"

# 4. the kernel's ARCH, its compiler
grep -q "^override ARCH = $KARCH\$" "$KDIR/.kernelvariables" ||
	die "$KDIR_REL/.kernelvariables does not set ARCH = $KARCH"
cc_text=$(sed -n 's/^CONFIG_CC_VERSION_TEXT="\(.*\)"$/\1/p' "$KDIR/.config")
# shellcheck disable=SC2016
cc_bin=$(sed -n 's/^CC = .*\$(CROSS_COMPILE)\([^ ]*\).*/\1/p' "$KDIR/.kernelvariables")
log "kernel built with: $cc_text"
command -v "$CROSS${cc_bin:-gcc}" >/dev/null ||
	warn "compiler $CROSS${cc_bin:-gcc} not installed (Debian: gcc-${CROSS%-})"

# 5. the headers are those of $KVER (Debian's 6.1 "make kernelrelease" and
#    include/config/kernel.release give the upstream version, 6.1.N;
#    .kernelvariables overrides KERNELRELEASE, as utsrelease.h has it)
grep -qxF "override KERNELRELEASE = $KVER" "$KDIR/.kernelvariables" ||
	die "$KDIR_REL/.kernelvariables does not set KERNELRELEASE = $KVER"
grep -qxF "#define UTS_RELEASE \"$KVER\"" "$KDIR/include/generated/utsrelease.h" ||
	die "$KDIR_REL/include/generated/utsrelease.h is not for $KVER"

# 6. the -common tree is the same for every architecture: share the files
#    with another architecture's complete copy of the same package (hard links)
comline=$(grep "^$COM " "$tmp/packages")
for d in "$CACHE"/headers-*-"$ABI"; do
	if [[ $d == "$out" ]] || ! is_done "$d" || ! grep -qxF "$comline" "$d/packages"; then
		continue
	fi
	if cp -al "$d/root/usr/src/$COM" "$tmp/common.tmp" 2>/dev/null; then
		rm -rf "${R:?}/usr/src/$COM"
		mv "$tmp/common.tmp" "$R/usr/src/$COM"
		log "sharing $COM with ${d##*/}"
	else
		rm -rf "$tmp/common.tmp"
	fi
	break
done

# --------------------------------------------------------------- publish
pa_publish "$out"
log "done in $((SECONDS - t0))s: $out (kver $KVER, $(du -sh "$out" | cut -f1))"
finish "$out"
