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

exec 3>&1 1>&2          # everything goes to stderr; fd 3 = real stdout

log()  { printf 'fetch-headers-cross: %s\n' "$*" >&2; }
warn() { printf 'fetch-headers-cross: WARNING: %s\n' "$*" >&2; }
die()  { printf 'fetch-headers-cross: ERROR: %s\n' "$*" >&2; exit 1; }

finish() {              # print the output dir as the last stdout line
	printf '%s\n' "$1" >&3
	exit 0
}

DEBARCH=${1:-}
case $DEBARCH in
arm64) FLAVOUR=arm64 KARCH=arm64 CROSS=aarch64-linux-gnu- ;;
armhf) FLAVOUR=armmp KARCH=arm   CROSS=arm-linux-gnueabihf- ;;
*) die "usage: fetch-headers-cross.sh arm64|armhf" ;;
esac

CACHE=${ILNP_CACHE:-${HOME:?HOME is not set and ILNP_CACHE is empty}/.cache/ilnp}
mkdir -p "$CACHE"
CACHE=$(cd "$CACHE" && pwd -P)
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

newest_cached() {       # newest complete cached dir, or nothing
	local d best=
	while IFS= read -r d; do
		is_done "$d" && best=$d
	done < <(printf '%s\n' "$CACHE/$PREFIX"* | sort -V)
	printf '%s' "$best"
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
	cached=$(newest_cached)
	if [[ -n $cached ]]; then
		log "cached: $cached (set ILNP_REFRESH=1 to look for a newer 6.1)"
		finish "$cached"
	fi
fi

# ----------------------------------------------------------------- prerequisites
[[ $(dpkg --print-architecture) == amd64 ]] || die "only amd64 hosts are supported"
for t in apt-get apt-cache dpkg-deb dpkg-query flock sha256sum make; do
	command -v "$t" >/dev/null || die "missing tool: $t"
done

mkdir -p "$APTDIR"/lists/partial "$APTDIR"/cache/archives/partial "$APTDIR"/debs
exec 9>"$APTDIR/lock"
if ! flock -n 9; then
	log "waiting for another fetch-headers-cross.sh $DEBARCH (lock $APTDIR/lock)"
	flock 9
fi
# another instance may have finished the job while we waited
if [[ -n $WANT_ABI ]] && is_done "$CACHE/$PREFIX$WANT_ABI"; then
	finish "$CACHE/$PREFIX$WANT_ABI"
fi

# ------------------------------------------------------------- private apt setup
detect_mirror() {       # suite default: URI of the system's first source for suite
	local suite=$1 f u
	# deb822 *.sources: first enabled "deb" stanza whose Suites contain the suite
	for f in /etc/apt/sources.list.d/*.sources; do
		[[ -r $f ]] || continue
		u=$(awk -v want="$suite" '
			function flush() {
				if (!found && en && types ~ / deb( |$)/ && index(suites " ", " " want " ") && uris != "") {
					split(uris, a, " "); print a[1]; found = 1
				}
				types = ""; suites = ""; uris = ""; en = 1
			}
			BEGIN { en = 1 }
			/^[ \t]*$/ { flush(); next }
			/^[ \t]*#/ { next }
			{ k = tolower($1); $1 = "" }
			k == "types:"   { types  = $0 " " }
			k == "suites:"  { suites = $0 " " }
			k == "uris:"    { uris   = $0 }
			k == "enabled:" && tolower($2) == "no" { en = 0 }
			END { flush() }' "$f")
		[[ -n $u ]] && { printf '%s\n' "${u%/}"; return; }
	done
	# one-line format: deb [opts] URI suite comps...
	for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
		[[ -r $f ]] || continue
		u=$(sed -e 's/#.*//' -e 's/\[[^]]*\]//' "$f" |
			awk -v want="$suite" '$1 == "deb" && $3 == want { print $2; exit }')
		[[ -n $u ]] && { printf '%s\n' "${u%/}"; return; }
	done
	printf '%s\n' "$2"
}

MIRROR=${ILNP_DEBIAN_MIRROR:-$(detect_mirror bookworm http://deb.debian.org/debian)}
MIRROR=${MIRROR%/}
SECMIRROR=${ILNP_SECURITY_MIRROR:-$(detect_mirror bookworm-security http://deb.debian.org/debian-security)}
SECMIRROR=${SECMIRROR%/}
KEYRING=/usr/share/keyrings/debian-archive-keyring.gpg

# apt_setup DIR ARCH: a private apt state in DIR for packages of ARCH
# (sets APT); kernel updates come through bookworm-security and point releases
apt_setup() {
	local dir=$1 opts="arch=$2"
	[[ -r $KEYRING ]] && opts="$opts signed-by=$KEYRING"
	mkdir -p "$dir"/lists/partial "$dir"/cache/archives/partial
	cat >"$dir/sources.list" <<EOF
deb [$opts] $MIRROR bookworm main
deb [$opts] $MIRROR bookworm-updates main
deb [$opts] $SECMIRROR bookworm-security main
EOF
	APT=(
		-o Dir::Etc::SourceList="$dir/sources.list"
		-o Dir::Etc::SourceParts=/dev/null
		-o Dir::State::Lists="$dir/lists"
		-o Dir::State::status=/dev/null
		-o Dir::Cache="$dir/cache"
		-o APT::Architecture="$2"
		-o APT::Architectures="$2"
		-o Acquire::Languages=none
		-o Acquire::GzipIndexes=true
		-o Acquire::IndexTargets::deb::Contents-deb::DefaultEnabled=false
		-o APT::Get::List-Cleanup=true
		-q
	)
	# root: the _apt sandbox user cannot enter $HOME (0700); avoid the noisy fallback
	[[ $EUID -eq 0 ]] && APT+=(-o APT::Sandbox::User=root)
	apt-get "${APT[@]}" --error-on=any update >&2
}

log "mirrors: $MIRROR, $SECMIRROR (private apt state in $APTDIR)"
if ! apt_setup "$APTDIR" "$DEBARCH"; then
	cached=$(newest_cached)
	if [[ -n $cached ]]; then
		warn "apt-get update failed; using cached $cached"
		finish "$cached"
	fi
	die "apt-get update failed"
fi

pkg_version() {         # candidate version of a package, or nothing
	apt-cache "${APT[@]}" show --no-all-versions "$1" 2>/dev/null |
		sed -n 's/^Version: //p' | sed -n 1p
}

select_abi() {          # $1 = abi; sets HDR COM VER, returns 1 if incomplete
	HDR=linux-headers-$1-$FLAVOUR
	COM=linux-headers-$1-common
	VER=$(pkg_version "$HDR")
	[[ -n $VER && $(pkg_version "$COM") == "$VER" ]]
}

ABI=
if [[ -n $WANT_ABI ]] && select_abi "$WANT_ABI"; then
	ABI=$WANT_ABI
elif [[ -n ${ILNP_CROSS_ABI:-} ]]; then
	die "the archive has no complete $DEBARCH header set (headers, common) for $WANT_ABI"
else
	[[ -n $WANT_ABI ]] &&
		warn "the archive no longer has $DEBARCH headers for the installed amd64 ABI $WANT_ABI; taking the newest"
	for a in $(apt-cache "${APT[@]}" pkgnames linux-headers-6.1. |
		sed -nE "s/^linux-headers-(6\\.1\\.0-[0-9]+)-$FLAVOUR\$/\\1/p" | sort -Vr); do
		if select_abi "$a"; then ABI=$a; break; fi
		log "skipping $a (incomplete package set in the archive)"
	done
	[[ -n $ABI ]] || die "no complete linux-headers-6.1.0-*-$FLAVOUR set found in bookworm"
fi
out=$CACHE/$PREFIX$ABI
if is_done "$out"; then
	log "$ABI already cached"
	finish "$out"
fi
log "selected $ABI (package version $VER): $HDR $COM"

# -------------------------------------------------------------------- download
download() {            # pkg=ver ... -> .debs in $APTDIR/debs
	(cd "$APTDIR/debs" && apt-get "${APT[@]}" download "$@" >&2)
}
deb_of() {              # pkg ver -> path of the downloaded .deb
	local x
	for x in "$APTDIR/debs/$1"_*.deb; do
		[[ -f $x && $(dpkg-deb -f "$x" Version) == "$2" ]] && { printf '%s\n' "$x"; return 0; }
	done
	die "downloaded .deb for $1 $2 not found"
}

t0=$SECONDS
log "downloading header packages..."
download "$HDR=$VER" "$COM=$VER"

tmp=$(mktemp -d "$CACHE/.$PREFIX$ABI.tmp.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
chmod 755 "$tmp"
R=$tmp/root
mkdir -p "$R"
: >"$tmp/packages"
unpack() {              # pkg ver
	local d
	d=$(deb_of "$1" "$2")
	log "unpacking $(basename "$d")"
	dpkg-deb -x "$d" "$R"
	printf '%s %s %s %s\n' "$1" "$2" "$(sha256sum <"$d" | cut -d' ' -f1)" "$(stat -c %s "$d")" >>"$tmp/packages"
}
unpack "$HDR" "$VER"
unpack "$COM" "$VER"

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
	[[ $(pkg_version "$KBUILD") == "$VER" ]] || die "the archive has no amd64 $KBUILD $VER"
	download "$KBUILD=$VER"
	unpack "$KBUILD" "$VER"
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
# shellcheck disable=SC2016 # $(...) are make functions
sed -i -E 's@^include /usr/src/(linux-headers-[^/ ]+)/Makefile$@include $(dir $(realpath $(lastword $(MAKEFILE_LIST))))../\1/Makefile@' \
	"$KDIR/Makefile"
if grep -q '/usr/src/' "$KDIR/Makefile"; then
	die "could not rewrite $KDIR/Makefile: $(cat "$KDIR/Makefile")"
fi

# 2. absolute symlinks into /usr/src (lib/modules/<kver>/{build,source}, ...)
#    -> relative ones inside root/
while IFS= read -r -d '' l; do
	t=$(readlink "$l")
	case $t in
	/usr/src/*)
		if [[ -e $R$t ]]; then
			ln -sfn "$(realpath -m --relative-to="$(dirname "$l")" "$R$t")" "$l"
		else
			warn "dangling absolute symlink ${l#"$tmp"/} -> $t"
		fi ;;
	esac
done < <(find "$R" -type l -lname '/*' -print0)

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
touch "$tmp/.done"
if [[ -e $out ]]; then
	log "removing incomplete $out"
	rm -rf "$out"
fi
mv -T "$tmp" "$out"
trap - EXIT

if [[ ${ILNP_KEEP_DEBS:-0} != 1 ]]; then
	rm -f "$APTDIR"/debs/*.deb
fi
log "done in $((SECONDS - t0))s: $out (kver $KVER, $(du -sh "$out" | cut -f1))"
finish "$out"
