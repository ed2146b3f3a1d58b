# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
# private-apt.sh - sourced (not run) by the scripts that fetch Debian packages
# into a private cache with a private apt state, without touching the
# system's apt configuration, apt state or installed packages:
# tests/vm/fetch-kernel-6.12.sh, tests/vm/fetch-headers-cross.sh and
# tests/vm/arm64/fetch-arm64.sh.  It defines functions only (and the
# variables pa_init sets); the caller keeps its own package selection and
# fix-ups.
#
# The caller must (in this order):
#   * run with "set -euo pipefail", call pa_init NAME first, then pa_cache;
#   * set APTDIR (the private apt state, e.g. $CACHE/apt-612) and PREFIX
#     (the output directories' name prefix in $CACHE, e.g. kernel-deb612-);
#   * define is_done DIR (true if DIR is a complete output directory);
#     pa_newest_cached looks at "$CACHE/$PREFIX"$CACHED_GLOB (default *).
#
# Functions (all progress goes to stderr):
#   pa_init NAME          fd 3 = the real stdout, stdout -> stderr; defines
#                         log, warn, die (prefixed "NAME: ") and finish DIR
#                         (DIR as the last stdout line, exit 0)
#   pa_cache              CACHE = $ILNP_CACHE (default $HOME/.cache/ilnp),
#                         created, as a physical path
#   pa_newest_cached      the newest complete (is_done) cached dir, or nothing
#   pa_check_host TOOL... die unless the host is amd64 and has every TOOL
#   pa_lock WHO [ABI]     create APTDIR's directories and take APTDIR/lock
#                         (fd 9) for the rest of the run, saying we wait
#                         for "another WHO" if it is held; then, with ABI,
#                         finish if "$CACHE/$PREFIX$ABI" is now complete
#                         (another instance made it while we waited)
#   pa_detect_mirror SUITE DEFAULT
#                         URI of the system's first enabled "deb" source
#                         for SUITE (deb822 *.sources, then one-line *.list),
#                         without a trailing /, else DEFAULT
#   pa_mirrors            set MIRROR ($ILNP_DEBIAN_MIRROR, else the system's
#                         "bookworm" source, else deb.debian.org/debian) and
#                         SECMIRROR ($ILNP_SECURITY_MIRROR, else the system's
#                         "bookworm-security", else deb.debian.org/debian-security)
#   pa_sources DIR ARCH "URI SUITE COMPONENTS"...
#                         write DIR/sources.list: one "deb [arch=ARCH
#                         signed-by=<Debian archive keyring, if readable>]"
#                         line per argument
#   pa_apt_options DIR [ARCH]
#                         set the array APT: apt-get/apt-cache options for
#                         the private state in DIR (sources.list, lists,
#                         cache; no dpkg status, no translations, no
#                         Contents); with ARCH, APT::Architecture(s)=ARCH
#   pa_update             apt-get update with APT (any error is a failure)
#   pa_cached_or_die      (after a failed apt-get update) finish with the
#                         newest cached directory, if any, else die
#   pa_update_or_cached   pa_update, or if it fails pa_cached_or_die
#   pa_pkg_version PKG    candidate version of PKG (with APT), or nothing
#   pa_newest_abi NAMEPREFIX SEDSCRIPT
#                         ABI = the newest (sort -V) of the ABIs that
#                         "sed -nE SEDSCRIPT" makes of the archive's package
#                         names starting with NAMEPREFIX for which the
#                         caller's select_abi ABI succeeds; false if none
#   pa_out_dir ABI MSG    out = "$CACHE/$PREFIX$ABI"; if it is complete
#                         (is_done), log MSG and finish with it
#   pa_download PKG=VER...  apt-get download into APTDIR/debs
#   pa_deb_of PKG VER     path of the downloaded .deb of PKG VER, or die
#   pa_new_tree NAME      tmp = a new directory $CACHE/.NAME.tmp.XXXXXX
#                         (removed on exit until pa_publish), R = $tmp/root,
#                         an empty $tmp/packages
#   pa_unpack PKG VER     dpkg-deb -x its downloaded .deb into R, and add
#                         "PKG VER sha256 size" to $tmp/packages
#   pa_kernel_image IMG FLAVOUR
#                         KVER = the release of the one boot/vmlinuz-* in R
#                         (unpacked from package IMG; a warning unless it is
#                         $ABI-FLAVOUR); writes $tmp/kver, the symlink
#                         $tmp/vmlinuz and moves R/lib/modules/KVER to
#                         $tmp/modules/lib/modules/KVER
#   pa_depmod [DEPMOD]    depmod (default: depmod on PATH) $tmp/modules for
#                         KVER, and check it made modules.dep
#   pa_relink [-f] REGEX DIR...
#                         make every absolute symlink under the DIRs whose
#                         target matches the extended REGEX relative, to
#                         $R/<target>; a target missing in R is left with a
#                         warning, or, with -f, linked all the same
#   pa_fix_kdir_makefile KDIR
#                         rewrite Debian's "include /usr/src/<common>/Makefile"
#                         in KDIR/Makefile relative to the Makefile's real
#                         location (the cache stays relocatable)
#   pa_publish OUT        stamp $tmp/.done, replace OUT by $tmp atomically,
#                         drop the .debs unless ILNP_KEEP_DEBS=1

pa_init() {
	PA_NAME=$1
	exec 3>&1 1>&2      # everything goes to stderr; fd 3 = real stdout
}

pa_cache() {
	CACHE=${ILNP_CACHE:-${HOME:?HOME is not set and ILNP_CACHE is empty}/.cache/ilnp}
	mkdir -p "$CACHE"
	CACHE=$(cd "$CACHE" && pwd -P)
}

log()  { printf '%s: %s\n' "$PA_NAME" "$*" >&2; }
warn() { printf '%s: WARNING: %s\n' "$PA_NAME" "$*" >&2; }
die()  { printf '%s: ERROR: %s\n' "$PA_NAME" "$*" >&2; exit 1; }

finish() {              # print the output dir as the last stdout line
	printf '%s\n' "$1" >&3
	exit 0
}

pa_newest_cached() {    # newest complete cached dir, or nothing
	local d best=
	# shellcheck disable=SC2086 # CACHED_GLOB is a pattern
	while IFS= read -r d; do
		is_done "$d" && best=$d
	done < <(printf '%s\n' "$CACHE/$PREFIX"${CACHED_GLOB:-*} | sort -V)
	printf '%s' "$best"
}

pa_check_host() {
	local t
	[[ $(dpkg --print-architecture) == amd64 ]] || die "only amd64 hosts are supported"
	for t in "$@"; do
		command -v "$t" >/dev/null || die "missing tool: $t"
	done
}

pa_lock() {
	mkdir -p "$APTDIR"/lists/partial "$APTDIR"/cache/archives/partial "$APTDIR"/debs
	exec 9>"$APTDIR/lock"
	if ! flock -n 9; then
		log "waiting for another $1 (lock $APTDIR/lock)"
		flock 9
	fi
	# another instance may have finished the job while we waited
	if [[ -n ${2:-} ]] && is_done "$CACHE/$PREFIX$2"; then
		finish "$CACHE/$PREFIX$2"
	fi
}

pa_detect_mirror() {
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

pa_mirrors() {
	MIRROR=${ILNP_DEBIAN_MIRROR:-$(pa_detect_mirror bookworm http://deb.debian.org/debian)}
	MIRROR=${MIRROR%/}
	SECMIRROR=${ILNP_SECURITY_MIRROR:-$(pa_detect_mirror bookworm-security http://deb.debian.org/debian-security)}
	SECMIRROR=${SECMIRROR%/}
}

PA_KEYRING=/usr/share/keyrings/debian-archive-keyring.gpg

pa_sources() {
	local dir=$1 opts="arch=$2" l
	shift 2
	[[ -r $PA_KEYRING ]] && opts="$opts signed-by=$PA_KEYRING"
	for l in "$@"; do
		printf 'deb [%s] %s\n' "$opts" "$l"
	done >"$dir/sources.list"
}

pa_apt_options() {
	local dir=$1 arch=${2:-}
	APT=(
		-o Dir::Etc::SourceList="$dir/sources.list"
		-o Dir::Etc::SourceParts=/dev/null
		-o Dir::State::Lists="$dir/lists"
		-o Dir::State::status=/dev/null
		-o Dir::Cache="$dir/cache"
		-o Acquire::Languages=none
		-o Acquire::IndexTargets::deb::Contents-deb::DefaultEnabled=false
		-o APT::Get::List-Cleanup=true
		-q
	)
	[[ -z $arch ]] || APT+=(-o APT::Architecture="$arch" -o APT::Architectures="$arch")
	# root: the _apt sandbox user cannot enter $HOME (0700); avoid the noisy fallback
	[[ $EUID -ne 0 ]] || APT+=(-o APT::Sandbox::User=root)
}

pa_update() {
	apt-get "${APT[@]}" --error-on=any update >&2
}

pa_update_or_cached() {
	pa_update || pa_cached_or_die
}

pa_cached_or_die() {
	local cached
	cached=$(pa_newest_cached)
	if [[ -n $cached ]]; then
		warn "apt-get update failed; using cached $cached"
		finish "$cached"
	fi
	die "apt-get update failed"
}

pa_pkg_version() {
	apt-cache "${APT[@]}" show --no-all-versions "$1" 2>/dev/null |
		sed -n 's/^Version: //p' | sed -n 1p
}

pa_newest_abi() {
	local a
	ABI=
	for a in $(apt-cache "${APT[@]}" pkgnames "$1" | sed -nE "$2" | sort -Vr); do
		if select_abi "$a"; then ABI=$a; return 0; fi
		log "skipping $a (incomplete package set in the archive)"
	done
	return 1
}

pa_out_dir() {
	out=$CACHE/$PREFIX$1
	if is_done "$out"; then
		log "$2"
		finish "$out"
	fi
}

pa_download() {
	(cd "$APTDIR/debs" && apt-get "${APT[@]}" download "$@" >&2)
}

pa_deb_of() {
	local x
	for x in "$APTDIR/debs/$1"_*.deb; do
		[[ -f $x && $(dpkg-deb -f "$x" Package) == "$1" &&
			$(dpkg-deb -f "$x" Version) == "$2" ]] && { printf '%s\n' "$x"; return 0; }
	done
	die "downloaded .deb for $1 $2 not found"
}

pa_new_tree() {
	tmp=$(mktemp -d "$CACHE/.$1.tmp.XXXXXX")
	trap 'rm -rf "$tmp"' EXIT
	chmod 755 "$tmp"
	R=$tmp/root
	mkdir -p "$R"
	: >"$tmp/packages"
}

pa_unpack() {
	local d
	d=$(pa_deb_of "$1" "$2")
	log "unpacking $(basename "$d")"
	dpkg-deb -x "$d" "$R"
	printf '%s %s %s %s\n' "$1" "$2" "$(sha256sum <"$d" | cut -d' ' -f1)" "$(stat -c %s "$d")" >>"$tmp/packages"
}

pa_kernel_image() {
	local vmlinuz
	shopt -s nullglob
	vmlinuz=("$R"/boot/vmlinuz-*)
	shopt -u nullglob
	[[ ${#vmlinuz[@]} -eq 1 ]] || die "expected exactly one boot/vmlinuz-* in $1"
	KVER=${vmlinuz[0]##*/vmlinuz-}
	[[ $KVER == "$ABI-$2" ]] || warn "kernel release $KVER does not look like $ABI-$2"
	[[ -d $R/lib/modules/$KVER ]] || die "$1 has no lib/modules/$KVER"
	printf '%s\n' "$KVER" >"$tmp/kver"
	ln -s "root/boot/vmlinuz-$KVER" "$tmp/vmlinuz"
	mkdir -p "$tmp/modules/lib/modules"
	mv "$R/lib/modules/$KVER" "$tmp/modules/lib/modules/$KVER"
}

pa_depmod() {
	log "depmod -b modules $KVER"
	"${1:-depmod}" -b "$tmp/modules" "$KVER"
	[[ -s $tmp/modules/lib/modules/$KVER/modules.dep ]] || die "depmod produced no modules.dep"
}

pa_relink() {
	local force=0 re l t
	[[ $1 == -f ]] && { force=1; shift; }
	re=$1
	shift
	while IFS= read -r -d '' l; do
		t=$(readlink "$l")
		[[ $t =~ $re ]] || continue
		if [[ $force == 1 || -e $R$t ]]; then
			ln -sfn "$(realpath -m --relative-to="$(dirname "$l")" "$R$t")" "$l"
		else
			warn "dangling absolute symlink ${l#"$tmp"/} -> $t"
		fi
	done < <(find "$@" -type l -lname '/*' -print0)
}

pa_fix_kdir_makefile() {
	# shellcheck disable=SC2016 # $(...) are make functions
	sed -i -E 's@^include /usr/src/(linux-headers-[^/ ]+)/Makefile$@include $(dir $(realpath $(lastword $(MAKEFILE_LIST))))../\1/Makefile@' \
		"$1/Makefile"
	if grep -q '/usr/src/' "$1/Makefile"; then
		die "could not rewrite $1/Makefile: $(cat "$1/Makefile")"
	fi
}

pa_publish() {
	local out=$1
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
}
