#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# cross-tools.sh [ARCH...] (default arm64; armhf too): the user-space tools
# (tools/Makefile's all: ilnp-ip, ilnp-ping, ilnp-send, ilnp-recv, the
# examples, libilnp.a, the NSS module) cross-built out of the source tree
# in build/cross-tools/ARCH/, against Debian 12's libmnl-dev and libmnl0
# for ARCH unpacked with dpkg-deb -x into the cache (private apt state, as
# tests/vm/fetch-headers-cross.sh; no network once cached).  Warnings fail
# (the tools build with -Wall -Wextra -Werror).  Each program must be an
# ELF executable (the NSS module a shared object) for that machine.
# Needs gcc-aarch64-linux-gnu and libc6-dev-arm64-cross (armhf:
# gcc-arm-linux-gnueabihf, libc6-dev-armhf-cross).  Optional: not (yet)
# part of make check.
set -euo pipefail
top=$(dirname "$(dirname "$(dirname "$(readlink -f "$0")")")")
cache=${ILNP_CACHE:-$HOME/.cache/ilnp}
mkdir -p "$cache"
cache=$(cd "$cache" && pwd -P)
[ $# -gt 0 ] || set -- arm64

# libmnl ARCH: unpack libmnl-dev and libmnl0 for ARCH once; prints the root
libmnl() {
	local a=$1 apt=$cache/apt-cross-$1 dir v opts tmp m
	dir=$(printf '%s\n' "$cache/libmnl-$a-"* | sort -V | tail -n 1)
	if [ -e "$dir/.done" ]; then
		echo "$dir"
		return
	fi
	mkdir -p "$apt/lists/partial" "$apt/cache/archives/partial" "$apt/debs"
	exec 9>"$apt/lock"
	flock 9
	m=${ILNP_DEBIAN_MIRROR:-http://deb.debian.org/debian}
	opts="arch=$a"
	[ -r /usr/share/keyrings/debian-archive-keyring.gpg ] &&
		opts="$opts signed-by=/usr/share/keyrings/debian-archive-keyring.gpg"
	# libmnl is updated by point releases only: bookworm main is enough
	echo "deb [$opts] $m bookworm main" >"$apt/sources-libmnl.list"
	local APT=(
		-o Dir::Etc::SourceList="$apt/sources-libmnl.list"
		-o Dir::Etc::SourceParts=/dev/null
		-o Dir::State::Lists="$apt/lists-libmnl"
		-o Dir::State::status=/dev/null
		-o Dir::Cache="$apt/cache-libmnl"
		-o APT::Architecture="$a" -o APT::Architectures="$a"
		-o Acquire::Languages=none
		-o Acquire::GzipIndexes=true
		-o Acquire::IndexTargets::deb::Contents-deb::DefaultEnabled=false
		-q
	)
	[ "$EUID" -eq 0 ] && APT+=(-o APT::Sandbox::User=root)
	mkdir -p "$apt/lists-libmnl/partial" "$apt/cache-libmnl/archives/partial"
	apt-get "${APT[@]}" --error-on=any update >&2
	v=$(apt-cache "${APT[@]}" show --no-all-versions libmnl-dev | sed -n 's/^Version: //p')
	[ -n "$v" ] || { echo "cross-tools: no libmnl-dev for $a" >&2; exit 1; }
	(cd "$apt/debs" && apt-get "${APT[@]}" download "libmnl-dev=$v" "libmnl0=$v" >&2)
	tmp=$(mktemp -d "$cache/.libmnl-$a.XXXXXX")
	dpkg-deb -x "$apt/debs/libmnl-dev_${v/*:/}_$a.deb" "$tmp/root"
	dpkg-deb -x "$apt/debs/libmnl0_${v/*:/}_$a.deb" "$tmp/root"
	rm -f "$apt"/debs/libmnl*.deb
	touch "$tmp/.done"
	dir=$cache/libmnl-$a-$v
	rm -rf "$dir"
	mv -T "$tmp" "$dir"
	echo "$dir"
}

fail=0
for a in "$@"; do
	case $a in
	arm64) cc=aarch64-linux-gnu mach=AArch64 libc=libc6-dev-arm64-cross ;;
	armhf) cc=arm-linux-gnueabihf mach=ARM libc=libc6-dev-armhf-cross ;;
	*) echo "usage: cross-tools.sh [arm64|armhf]..." >&2; exit 2 ;;
	esac
	if ! command -v "$cc-gcc" >/dev/null || [ ! -e "/usr/$cc/lib/crt1.o" ]; then
		echo "cross-tools: $a needs the Debian packages gcc-$cc and $libc" >&2
		fail=1
		continue
	fi
	t=$SECONDS
	mnl=$(libmnl "$a" | tail -n 1)
	out=$top/build/cross-tools/$a
	rm -rf "$out"	# a few seconds: always from scratch
	mkdir -p "$out/net/ilnp"
	# the sources only (the checkout may hold a native build); the
	# Makefile reaches ../include, ../uapi, ../net/ilnp/{ilv,main}.c
	rsync -a --include='*/' --include='*.[ch]' \
		--include=Makefile --include='*.map' --include='*.in' --exclude='*' \
		"$top/tools" "$top/include" "$top/uapi" "$out/"
	cp "$top/net/ilnp/ilv.c" "$top/net/ilnp/main.c" "$out/net/ilnp/"
	log=$out/build.log
	rc=0
	make -C "$out/tools" CC="$cc-gcc" AR="$cc-ar" \
		MNL_CFLAGS="-I$mnl/root/usr/include" \
		MNL_LIBS="-L$mnl/root/usr/lib/$cc -Wl,-rpath-link,$mnl/root/usr/lib/$cc -lmnl" \
		all >"$log" 2>&1 || rc=$?
	if [ $rc -ne 0 ] || grep -qiE '(warning|error):' "$log"; then
		grep -iE -A3 '(warning|error):' "$log" >&2 || tail -n 30 "$log" >&2
		echo "cross-tools: $a FAILED (make exit $rc)"
		fail=1
		continue
	fi
	bad=
	n=0
	for f in ilnp-ip ilnp-ping ilnp-send ilnp-recv examples/echo-server \
		 examples/echo-client nss/libnss_ilnp.so.2; do
		h=$(readelf -h "$out/tools/$f" 2>/dev/null || true)
		want=EXEC
		[ "${f##*.so}" != "$f" ] && want=DYN
		if [ "$(sed -n 's/^ *Machine: *//p' <<<"$h")" != "$mach" ] ||
		   ! grep -qE "^ *Type: *($want|DYN) " <<<"$h"; then
			bad="$bad $f"
		fi
		n=$((n + 1))
	done
	if [ -n "$bad" ]; then
		echo "cross-tools: $a FAILED: not $mach programs:$bad"
		fail=1
		continue
	fi
	echo "cross-tools: $a ok: $n programs and libraries, $mach, libmnl ${mnl##*/libmnl-"$a"-} ($((SECONDS - t)) s, ${out#"$top"/})"
done
exit $fail
