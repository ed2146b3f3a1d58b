#!/usr/bin/env bash
# Build (or reuse from the cache) the ilnp DEBUG x86_64 test kernel.
#
# Base: Debian's linux-source-6.1 + `make allnoconfig` with our Kconfig
# fragment (tests/vm/kernel-debug.config) applied via KCONFIG_ALLCONFIG, then
# `make olddefconfig`.  Every explicit value in the fragment is checked against
# the final .config; the script fails if any of them did not stick.
#
# Cache layout ($ILNP_CACHE, default ~/.cache/ilnp):
#   kernel-debug-<key>/            key = first 12 hex of sha256(fragment +
#                                  linux-source-6.1 package version + this script)
#     vmlinuz                      bzImage, for qemu -kernel
#     kver                         `make kernelrelease`
#     src/                         unpacked kernel source, built in-tree
#                                  (src/tools/testing/kunit/kunit.py parse ...)
#     kdir -> src                  for `make -C <dir>/kdir M=$PWD modules`
#     modules/lib/modules/<kver>/  INSTALL_MOD_PATH result (nearly empty)
#     kernel-debug.config          copy of the fragment that was used
#     build.log                    full output of the configure/build steps
#     .done                        stamp, present only in a complete tree
#
# The tree is assembled in a temporary directory next to the final one and
# renamed into place only once complete, so an interrupted build never looks
# finished.  All paths inside the tree are relative, so the rename is safe.
#
# Progress goes to stderr; the last line on stdout is the output directory.
#
# Environment:
#   ILNP_CACHE       cache root (default: $HOME/.cache/ilnp)
#   ILNP_KERNEL_JOBS make -j value (default: nproc)

set -euo pipefail

readonly PKG=linux-source-6.1
readonly TARBALL=/usr/src/linux-source-6.1.tar.xz
readonly PROGRESS_INTERVAL=30

script_path=$(readlink -f -- "${BASH_SOURCE[0]}")
script_dir=$(dirname -- "$script_path")
fragment="$script_dir/kernel-debug.config"
cache_root="${ILNP_CACHE:-$HOME/.cache/ilnp}"
jobs="${ILNP_KERNEL_JOBS:-$(nproc)}"

log() { printf '[build-debug-kernel] %s\n' "$*" >&2; }
die() {
	log "ERROR: $*"
	exit 1
}

fmt_secs() { printf '%dm%02ds' $(($1 / 60)) $(($1 % 60)); }

[[ -r $fragment ]] || die "fragment not found: $fragment"
[[ -r $TARBALL ]] || die "$TARBALL missing (apt-get install $PKG)"
pkg_version=$(dpkg-query -W -f='${Version}' "$PKG" 2>/dev/null) ||
	die "package $PKG is not installed"
[[ -n $pkg_version ]] || die "package $PKG has no version (not installed?)"
for tool in make gcc flex bison bc perl tar xz sha256sum flock; do
	command -v "$tool" >/dev/null || die "required tool not found: $tool"
done

key=$({
	cat -- "$fragment"
	printf '%s\n' "$pkg_version"
	cat -- "$script_path"
} | sha256sum | cut -c1-12)
out="$cache_root/kernel-debug-$key"

if [[ -f $out/.done ]]; then
	log "cached kernel found: $out"
	printf '%s\n' "$out"
	exit 0
fi

mkdir -p -- "$cache_root"

# Serialise concurrent builds of the same key; whoever comes second reuses
# the first one's result.
exec {lock_fd}>"$out.lock"
if ! flock -n "$lock_fd"; then
	log "another build of $out is running; waiting for it"
	flock "$lock_fd"
fi
if [[ -f $out/.done ]]; then
	log "cached kernel found: $out"
	printf '%s\n' "$out"
	exit 0
fi

# We hold the lock, so anything left over for this key is garbage from an
# interrupted run.
rm -rf -- "$out" "$out".tmp.*

tmp=$(mktemp -d "$out.tmp.XXXXXX")
chmod 755 -- "$tmp"
buildlog="$tmp/build.log"
job_pid=
ok=0

cleanup() {
	local rc=$?
	if [[ -n $job_pid ]] && kill -0 "$job_pid" 2>/dev/null; then
		# The job runs in its own process group (see run_logged): stop
		# make and every compiler it started.
		kill -TERM -- "-$job_pid" 2>/dev/null || true
		wait "$job_pid" 2>/dev/null || true
	fi
	if [[ $ok != 1 ]]; then
		if [[ -f $buildlog ]]; then
			cp -f -- "$buildlog" "$out.failed.log" 2>/dev/null || true
			log "build log kept at $out.failed.log"
		fi
		local try
		for try in 1 2 3 4 5; do
			rm -rf -- "$tmp" 2>/dev/null && break
			sleep "$try"
		done
		[[ ! -e $tmp ]] || log "could not remove $tmp"
	fi
	exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Run a command with all output appended to $buildlog, printing the elapsed
# time (and the latest log line) to stderr every $PROGRESS_INTERVAL seconds.
# On failure, print the tail of the log and exit.
run_logged() {
	local what=$1
	shift
	local start now last=0 rc=0
	start=$(date +%s)
	log "$what ..."
	printf '\n===== %s: %s\n' "$what" "$*" >>"$buildlog"
	# Job control on just for this: the job gets its own process group, so
	# cleanup can signal the whole make tree at once.
	set -m
	"$@" >>"$buildlog" 2>&1 </dev/null &
	job_pid=$!
	set +m
	while kill -0 "$job_pid" 2>/dev/null; do
		sleep 1
		now=$(date +%s)
		if ((now - last >= PROGRESS_INTERVAL && now - start >= PROGRESS_INTERVAL)); then
			last=$now
			log "  $what: $(fmt_secs $((now - start))) elapsed; last: $(tail -n 1 -- "$buildlog" | cut -c1-100)"
		fi
	done
	wait "$job_pid" || rc=$?
	job_pid=
	if ((rc != 0)); then
		log "$what FAILED (exit $rc); last 60 lines of the log:"
		tail -n 60 -- "$buildlog" >&2
		exit 1
	fi
	log "$what done in $(fmt_secs $(($(date +%s) - start)))"
}

# Fail unless every explicit assignment of the fragment is in .config.
verify_config() {
	local config=$1 line sym want have bad=0
	declare -A cfg=()
	while IFS= read -r line; do
		if [[ $line =~ ^(CONFIG_[A-Za-z0-9_]+)=(.*)$ ]]; then
			cfg[${BASH_REMATCH[1]}]=${BASH_REMATCH[2]}
		fi
	done <"$config"
	while IFS= read -r line; do
		if [[ $line =~ ^(CONFIG_[A-Za-z0-9_]+)=(.*)$ ]]; then
			sym=${BASH_REMATCH[1]}
			want=${BASH_REMATCH[2]}
			have=${cfg[$sym]-"(unset)"}
			if [[ $have != "$want" ]]; then
				log "config: $sym=$want requested, but .config has $have"
				bad=1
			fi
		elif [[ $line =~ ^#\ (CONFIG_[A-Za-z0-9_]+)\ is\ not\ set$ ]]; then
			sym=${BASH_REMATCH[1]}
			have=${cfg[$sym]-n}
			if [[ $have == y || $have == m ]]; then
				log "config: $sym requested off, but .config has $have"
				bad=1
			fi
		fi
	done <"$fragment"
	((bad == 0)) || die "the fragment $fragment does not stick (see above); fix it"
	log "config verified: every value requested by the fragment is set"
}

# Keep the kernel release string free of a "+" suffix even if the cache
# lives inside a git work tree (scripts/setlocalversion).
export LOCALVERSION=
# Do not inherit a jobserver or flags from an outer make.
unset MAKEFLAGS MFLAGS MAKELEVEL KBUILD_OUTPUT
kmake=(make -C "$tmp/src" ARCH=x86_64)

t0=$(date +%s)
log "building DEBUG kernel $key ($PKG $pkg_version, -j$jobs) in $tmp"
cp -- "$fragment" "$tmp/kernel-debug.config"
: >"$buildlog"

mkdir -- "$tmp/src"
run_logged "unpack $TARBALL" tar -xJf "$TARBALL" -C "$tmp/src" --strip-components=1

run_logged "configure (allnoconfig + fragment)" \
	"${kmake[@]}" KCONFIG_ALLCONFIG="$tmp/kernel-debug.config" allnoconfig
run_logged "olddefconfig" "${kmake[@]}" olddefconfig
verify_config "$tmp/src/.config"

run_logged "build (make -j$jobs)" "${kmake[@]}" -j"$jobs" all

kver=$("${kmake[@]}" -s --no-print-directory kernelrelease)
[[ -n $kver ]] || die "empty kernelrelease"
printf '%s\n' "$kver" >"$tmp/kver"

run_logged "modules_install" "${kmake[@]}" INSTALL_MOD_PATH="$tmp/modules" modules_install
# modules_install makes absolute build/source links into the temp dir; make
# them relative so they survive the rename.
moddir="$tmp/modules/lib/modules/$kver"
[[ -d $moddir ]] || die "modules_install did not create $moddir"
ln -sfn ../../../../kdir "$moddir/build"
ln -sfn ../../../../src "$moddir/source"

cp -- "$tmp/src/arch/x86/boot/bzImage" "$tmp/vmlinuz"
ln -s src "$tmp/kdir"

for f in kdir/.config kdir/Module.symvers kdir/include/generated/autoconf.h \
	kdir/scripts/mod/modpost kdir/tools/objtool/objtool \
	src/tools/testing/kunit/kunit.py vmlinuz; do
	[[ -e $tmp/$f ]] || die "expected build output missing: $f"
done

elapsed=$(($(date +%s) - t0))
log "kernel $kver built in $(fmt_secs "$elapsed")"
printf 'kernel build of %s finished in %s\n' "$kver" "$(fmt_secs "$elapsed")" >>"$buildlog"

date -u +%Y-%m-%dT%H:%M:%SZ >"$tmp/.done"
mv -T -- "$tmp" "$out"
ok=1
rm -f -- "$out.failed.log"
log "done: $out"
printf '%s\n' "$out"
