#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# cross-build.sh [make args]: ilnp.ko cross-built for Debian 12's arm64 and
# armhf (armmp) 6.1 kernels, against their headers (fetched once into the
# cache by tests/vm/fetch-headers-cross.sh), out of the source tree in
# build/cross/ARCH/, with W=1: any compiler or modpost warning fails.
# The result must be a module for that machine (file, readelf) whose
# vermagic is the headers' release (modinfo).  One line per architecture;
# exit status non-zero if any failed.  Make arguments (e.g. -j2) pass
# through to Kbuild; ILNP_CROSS_ARCHS="arm64" builds fewer.
# Needs Debian's cross compilers: gcc-aarch64-linux-gnu, gcc-arm-linux-gnueabihf.
set -euo pipefail
top=$(dirname "$(dirname "$(dirname "$(readlink -f "$0")")")")
archs=${ILNP_CROSS_ARCHS:-arm64 armhf}

# arch -> Debian package of its cross compiler, CROSS_COMPILE, ELF machine
# (readelf -h), ELF class
cross_pkg() {
	case $1 in
	arm64) echo gcc-aarch64-linux-gnu ;;
	armhf) echo gcc-arm-linux-gnueabihf ;;
	*) echo "cross-build: unknown architecture $1" >&2; exit 2 ;;
	esac
}
elf_machine() { case $1 in arm64) echo AArch64 ;; armhf) echo ARM ;; esac; }
elf_class() { case $1 in arm64) echo ELF64 ;; armhf) echo ELF32 ;; esac; }

# Every compiler first: fail before fetching anything.
missing=()
for a in $archs; do
	p=$(cross_pkg "$a")
	command -v "${p#gcc-}-gcc" >/dev/null || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
	echo "cross-build: missing cross compiler(s); install the Debian package(s): ${missing[*]}" >&2
	exit 1
fi
PATH=$PATH:/usr/sbin:/sbin
for t in file readelf modinfo rsync make; do
	command -v "$t" >/dev/null || { echo "cross-build: missing tool: $t" >&2; exit 1; }
done

# build ARCH [make args]: prints the summary line; non-zero on failure
build() {
	local a=$1 dir kdir kver karch cross out log ko t rc=0 n hdr mach cls vermagic
	shift
	t=$SECONDS
	if ! dir=$("$top/tests/vm/fetch-headers-cross.sh" "$a" 2>"$top/build/cross/fetch-$a.log" | tail -n 1) ||
	   [ -z "$dir" ]; then
		cat "$top/build/cross/fetch-$a.log" >&2
		echo "cross-build: $a FAILED: fetching the headers"
		return 1
	fi
	kdir=$dir/kdir
	kver=$(cat "$dir/kver")
	karch=$(cat "$dir/arch")
	cross=$(cat "$dir/cross")
	out=$top/build/cross/$a
	# Built against other headers before: start afresh.
	if [ "$(cat "$out/.kdir" 2>/dev/null)" != "$dir" ]; then
		rm -rf "$out"
		mkdir -p "$out"
		echo "$dir" >"$out/.kdir"
	fi
	# Kbuild builds external modules in their source directory: a copy.
	rsync -a --delete --exclude=.kdir --exclude=build.log \
		--include='*/' --include='*.c' --include='*.h' \
		--include=Kbuild --include=Makefile --include=Kconfig --exclude='*' --prune-empty-dirs \
		"$top/Kbuild" "$top/net" "$top/include" "$top/uapi" "$out/"
	log=$out/build.log
	make -C "$kdir" ARCH="$karch" CROSS_COMPILE="$cross" M="$out" W=1 "$@" modules \
		>"$log" 2>&1 || rc=$?
	n=$(grep -ciE '(warning|error):' "$log" || true)
	if [ $rc -ne 0 ] || [ "$n" -gt 0 ]; then
		grep -iE -A3 '(warning|error):' "$log" >&2 || tail -n 30 "$log" >&2
		# nothing of a failed build is reused: the next run compiles all
		# again and so shows the same warnings
		rm -rf "$out"
		echo "cross-build: $a FAILED: make exit $rc, $n warning/error line(s)"
		return 1
	fi
	ko=$out/ilnp.ko
	hdr=$(readelf -h "$ko" 2>/dev/null || true)
	mach=$(sed -n 's/^ *Machine: *//p' <<<"$hdr")
	cls=$(sed -n 's/^ *Class: *//p' <<<"$hdr")
	vermagic=$(modinfo -F vermagic "$ko" 2>/dev/null | sed "s/ *$//" || true)
	if [ "$mach" != "$(elf_machine "$a")" ] || [ "$cls" != "$(elf_class "$a")" ] ||
	   ! grep -q 'relocatable' <<<"$(file -b "$ko")" ||
	   [ "$(sed -n 's/^ *Type: *//p' <<<"$hdr" | cut -d' ' -f1)" != REL ] ||
	   [ "${vermagic%% *}" != "$kver" ]; then
		echo "cross-build: $a FAILED: $ko is '$(file -b "$ko")', machine '$mach', class '$cls', vermagic '$vermagic' (want $(elf_machine "$a") $(elf_class "$a"), $kver)"
		return 1
	fi
	echo "cross-build: $a ok: ilnp.ko $cls $mach, vermagic $vermagic ($((SECONDS - t)) s, ${out#"$top"/})"
}

mkdir -p "$top/build/cross"
fail=0
for a in $archs; do
	build "$a" "$@" || fail=1
done
exit $fail
