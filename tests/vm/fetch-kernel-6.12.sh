#!/usr/bin/env bash
# fetch-kernel-6.12.sh - fetch Debian's 6.12 kernel (bookworm-backports) into
# a private cache, without touching the system's apt configuration, apt state
# or installed packages.
#
# Output directory: $ILNP_CACHE/kernel-deb612-<abi>/  (abi e.g. 6.12.95+deb12)
#   vmlinuz      -> root/boot/vmlinuz-<kver>          (relative symlink)
#   config       -> root/boot/config-<kver>
#   System.map   -> root/boot/System.map-<kver>
#   kdir         -> root/usr/src/linux-headers-<kver> (relative symlink)
#                   usable as: make -C <out>/kdir M=/path/to/module modules
#   kver         file containing the kernel release (e.g. 6.12.95+deb12-amd64)
#   modules/lib/modules/<kver>/   unpacked modules (.ko.xz), depmod'ed, so
#                   "modprobe -d <out>/modules -S <kver> ..." works
#   packages     the exact .deb packages (name version sha256 size) used
#   root/        everything unpacked with dpkg -x (boot, usr/src, usr/lib/
#                linux-kbuild-*, private pahole)
#   .done        completion stamp (written last, before the atomic rename)
#
# The LAST line on stdout is the output directory; all progress goes to stderr.
# If a complete output directory already exists, the network is never touched.
#
# Environment:
#   ILNP_CACHE          cache root (default: $HOME/.cache/ilnp)
#   ILNP_KVER612        pin the version: "6.12.95+deb12", "95+deb12", "95" or
#                       "6.12.95+deb12-amd64" (default: newest 6.12.*+deb12 in
#                       bookworm-backports that has headers+kbuild+image)
#   ILNP_REFRESH=1      without ILNP_KVER612: ask the archive for a newer
#                       version even if a complete one is already cached
#   ILNP_DEBIAN_MIRROR  Debian archive base URL (default: the URI of the
#                       system's "bookworm" source, else http://deb.debian.org/debian)
#   ILNP_KEEP_DEBS=1    keep the downloaded .debs in $ILNP_CACHE/apt-612/debs
#
# Fixups applied to the unpacked tree:
#   * kdir/Makefile "include /usr/src/linux-headers-<abi>-common/Makefile" is
#     rewritten to a path relative to the Makefile's own (real) location;
#   * absolute symlinks (lib/modules/<kver>/{build,source}, ...) pointing to
#     /usr/src/... or /usr/lib/... are made relative inside the cache;
#   * the headers ship vmlinux and CONFIG_DEBUG_INFO_BTF_MODULES=y, so
#     "make modules" runs pahole, which is usually not installed: a matching
#     pahole (CONFIG_PAHOLE_VERSION) is fetched privately and wired in via
#     kdir/.kernelvariables (PAHOLE=...; "make PAHOLE=..." still overrides).
set -euo pipefail

# shellcheck source=tests/vm/private-apt.sh
. "$(dirname "$(readlink -f -- "${BASH_SOURCE[0]}")")/private-apt.sh"
pa_init fetch-kernel-6.12
pa_cache
APTDIR=$CACHE/apt-612
PREFIX=kernel-deb612-

# ---------------------------------------------------------------- version pin
normalize_abi() {       # "95" | "95+deb12" | "6.12.95+deb12[-amd64]" -> 6.12.95+deb12
	local v=$1
	v=${v#linux-image-}
	v=${v%-amd64-unsigned}
	v=${v%-amd64}
	[[ $v == 6.12.* ]] || v=6.12.$v
	[[ $v == *+deb* ]] || v=$v+deb12
	[[ $v =~ ^6\.12\.[0-9]+\+deb12(\.[0-9]+)?$ ]] ||
		die "cannot understand ILNP_KVER612='$1' (want e.g. 6.12.95+deb12)"
	printf '%s\n' "$v"
}

is_done() { [[ -f $1/.done && -f $1/kver && -e $1/vmlinuz && -e $1/kdir/Makefile ]]; }

WANT_ABI=
if [[ -n ${ILNP_KVER612:-} ]]; then
	WANT_ABI=$(normalize_abi "$ILNP_KVER612")
	out=$CACHE/$PREFIX$WANT_ABI
	if is_done "$out"; then
		log "cached: $out"
		finish "$out"
	fi
elif [[ ${ILNP_REFRESH:-0} != 1 ]]; then
	cached=$(pa_newest_cached)
	if [[ -n $cached ]]; then
		log "cached: $cached (set ILNP_REFRESH=1 to look for a newer 6.12)"
		finish "$cached"
	fi
fi

# ----------------------------------------------------------------- prerequisites
pa_check_host apt-get apt-cache dpkg-deb flock sha256sum
DEPMOD=$(command -v depmod || true)
for p in /usr/sbin/depmod /sbin/depmod; do [[ -n $DEPMOD ]] || { [[ -x $p ]] && DEPMOD=$p; }; done
[[ -n $DEPMOD ]] || die "depmod (kmod) not found"

pa_lock fetch-kernel-6.12.sh "$WANT_ABI"

# ------------------------------------------------------------- private apt setup
pa_mirrors
# bookworm main is only needed for pahole (the kernel was built with bookworm's)
pa_sources "$APTDIR" amd64 "$MIRROR bookworm-backports main" "$MIRROR bookworm main"
pa_apt_options "$APTDIR"

log "mirror: $MIRROR (private apt state in $APTDIR)"
if [[ -z $WANT_ABI ]]; then
	pa_update_or_cached
else
	pa_update || die "apt-get update failed"
fi

select_abi() {          # $1 = abi; sets IMG HDR COM KB VER, returns 1 if incomplete
	local abi=$1 v
	IMG=
	for p in "linux-image-$abi-amd64-unsigned" "linux-image-$abi-amd64"; do
		[[ -n $(pa_pkg_version "$p") ]] && { IMG=$p; break; }
	done
	HDR=linux-headers-$abi-amd64
	COM=linux-headers-$abi-common
	KB=linux-kbuild-$abi
	[[ -n $IMG ]] || return 1
	VER=$(pa_pkg_version "$HDR")
	[[ -n $VER ]] || return 1
	for p in "$IMG" "$COM" "$KB"; do
		v=$(pa_pkg_version "$p")
		[[ $v == "$VER" ]] || return 1
	done
}

if [[ -n $WANT_ABI ]]; then
	select_abi "$WANT_ABI" ||
		die "bookworm-backports has no complete set (image/headers/common/kbuild) for $WANT_ABI"
	ABI=$WANT_ABI
else
	pa_newest_abi linux-headers-6.12. \
		's/^linux-headers-(6\.12\.[0-9]+\+deb12(\.[0-9]+)?)-amd64$/\1/p' ||
		die "no complete linux 6.12.*+deb12 package set found in bookworm-backports"
fi
pa_out_dir "$ABI" "newest is $ABI, already cached"
log "selected $ABI (package version $VER): $IMG $HDR $COM $KB"

# -------------------------------------------------------------------- download
t0=$SECONDS
log "downloading kernel packages..."
pa_download "$IMG=$VER" "$HDR=$VER" "$COM=$VER" "$KB=$VER"

pa_new_tree "$PREFIX$ABI"
for p in "$IMG" "$HDR" "$COM" "$KB"; do pa_unpack "$p" "$VER"; done

# --------------------------------------------------------------------- layout
pa_kernel_image "$IMG" amd64
KDIR_REL=root/usr/src/linux-headers-$KVER
KDIR=$tmp/$KDIR_REL
[[ -f $KDIR/Makefile && -f $KDIR/.config && -f $KDIR/Module.symvers ]] ||
	die "$HDR does not contain usr/src/linux-headers-$KVER/{Makefile,.config,Module.symvers}"

[[ -e $R/boot/config-$KVER ]] && ln -s "root/boot/config-$KVER" "$tmp/config"
[[ -e $R/boot/System.map-$KVER ]] && ln -s "root/boot/System.map-$KVER" "$tmp/System.map"
ln -s "$KDIR_REL" "$tmp/kdir"
rmdir "$R/lib/modules" "$R/lib" 2>/dev/null || true

# ---------------------------------------------------------------------- fixups
# 1. kdir/Makefile: "include /usr/src/linux-headers-<abi>-common/Makefile"
#    -> relative to the real location of kdir/Makefile (cache stays relocatable)
pa_fix_kdir_makefile "$KDIR"

# 2. absolute symlinks into /usr/src or /usr/lib -> relative ones inside root/
pa_relink '^/usr/(src|lib)/' "$tmp/root" "$tmp/modules"

# 3. no remaining references to /usr/src/linux-headers-* or /usr/lib/linux-kbuild-*
#    in the kbuild-relevant parts (scripts/patch-kernel is a legacy helper, ignore)
left=$(grep -rlI -e '/usr/src/linux-headers-' -e '/usr/lib/linux-kbuild-' \
	"$R/usr/src" "$R/usr/lib" 2>/dev/null | grep -v '/scripts/patch-kernel$' || true)
[[ -z $left ]] || warn "files still referencing /usr/src or /usr/lib/linux-kbuild: ${left//$tmp\//}"

# 4. compiler check
cc_text=$(sed -n 's/^CONFIG_CC_VERSION_TEXT="\(.*\)"$/\1/p' "$KDIR/.config")
# shellcheck disable=SC2016
cc_bin=$(sed -n 's/^CC = .*\$(CROSS_COMPILE)\([^ ]*\).*/\1/p' "$KDIR/.kernelvariables")
cross=$(sed -n 's/^override CROSS_COMPILE = //p' "$KDIR/.kernelvariables")
log "kernel built with: $cc_text"
if [[ -n $cc_bin ]]; then
	if command -v "$cross$cc_bin" >/dev/null; then
		host_cc="$cross$cc_bin $("$cross$cc_bin" --version | sed -n 1p | sed 's/^[^ ]* //')"
		[[ $host_cc == "$cc_text" ]] || warn "host compiler '$host_cc' differs from '$cc_text'"
	else
		warn "compiler $cross$cc_bin not installed (needed by make -C kdir; Debian: apt-get install ${cc_bin})"
	fi
fi

# 5. pahole for BTF of modules (CONFIG_DEBUG_INFO_BTF_MODULES + kdir/vmlinux)
if grep -q '^CONFIG_DEBUG_INFO_BTF_MODULES=y' "$KDIR/.config"; then
	want=$(sed -n 's/^CONFIG_PAHOLE_VERSION=//p' "$KDIR/.config")
	pv=
	# pick an archive version of "pahole" whose upstream x.yy matches CONFIG_PAHOLE_VERSION
	for v in $(apt-cache "${APT[@]}" madison pahole | awk -F'|' '{gsub(/ /,"",$2); print $2}' | sort -Vr); do
		up=${v#*:}; up=${up%%-*}; up=${up%%+*}; up=${up%%~*}
		IFS=. read -r ma mi _ <<<"$up"
		if [[ -n $want && $((10#$ma * 100 + 10#${mi:-0})) -eq $want ]]; then pv=$v; break; fi
	done
	if [[ -z $pv ]]; then
		pv=$(pa_pkg_version pahole)
		warn "no pahole matching CONFIG_PAHOLE_VERSION=$want in the archive; using $pv"
	fi
	[[ -n $pv ]] || die "pahole not available from the archive"
	bv=$(pa_pkg_version libbpf1)
	log "fetching pahole $pv (+ libbpf1 $bv) for module BTF"
	pa_download "pahole=$pv" ${bv:+"libbpf1=$bv"}
	pa_unpack pahole "$pv"
	[[ -n $bv ]] && pa_unpack libbpf1 "$bv"
	cat >"$R/usr/bin/pahole-ilnp" <<'EOF'
#!/bin/sh
# wrapper for the privately unpacked pahole (see fetch-kernel-6.12.sh)
d=$(dirname "$(readlink -f "$0")")
LD_LIBRARY_PATH="$d/../lib/x86_64-linux-gnu${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" exec "$d/pahole" "$@"
EOF
	chmod 755 "$R/usr/bin/pahole-ilnp"
	"$R/usr/bin/pahole-ilnp" --version >/dev/null 2>&1 ||
		warn "private pahole does not run on this host: $("$R/usr/bin/pahole-ilnp" --version 2>&1 | head -n1)"
	cat >>"$KDIR/.kernelvariables" <<'EOF'
# ilnp (fetch-kernel-6.12.sh): use the privately unpacked pahole for module BTF
PAHOLE = $(abs_objtree)/../../bin/pahole-ilnp
EOF
fi

# 6. host libraries needed by the kbuild tools
for b in "$R"/usr/lib/linux-kbuild-*/scripts/mod/modpost "$R"/usr/lib/linux-kbuild-*/scripts/basic/fixdep; do
	if [[ -x $b ]] && ldd "$b" 2>/dev/null | grep -q 'not found'; then
		warn "${b#"$R"} is missing libraries: $(ldd "$b" | grep 'not found' | tr -s ' \t\n' ' ')"
	fi
done

# ----------------------------------------------------------------- depmod, check
pa_depmod "$DEPMOD"

if command -v make >/dev/null; then
	kr=$(make -s -C "$tmp/kdir" kernelrelease 2>/dev/null | tail -n1 || true)
	[[ $kr == "$KVER" ]] || die "make -C kdir kernelrelease gave '$kr', expected '$KVER'"
else
	warn "make not installed; kdir not sanity-checked"
fi

# --------------------------------------------------------------- publish
pa_publish "$out"
log "done in $((SECONDS - t0))s: $out (kver $KVER, $(du -sh "$out" | cut -f1))"
finish "$out"
