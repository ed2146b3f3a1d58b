#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# build-tools.sh: cross-build ilnp-ip, ilnp-ping, ilnp-send, ilnp-recv and
# the examples echo-server and echo-client for arm64, out of the source
# tree, in build/cross-vm/arm64/tools/, with aarch64-linux-gnu-gcc against
# the private arm64 sysroot of fetch-arm64.sh (libc6-dev, libmnl-dev,
# linux-libc-dev unpacked there).  Debian 12's libmnl-dev has no
# libmnl.a, so the tools link dynamically (libc.so.6, libmnl.so.0):
# initramfs.sh ships those and the loader.  Prints the directory of the
# programs as the last line of stdout.  Needs gcc-aarch64-linux-gnu
# (installed with apt-get if missing).
set -euo pipefail
top=$(dirname "$(dirname "$(dirname "$(dirname "$(readlink -f "$0")")")")")
here=$top/tests/vm/arm64

if ! command -v aarch64-linux-gnu-gcc >/dev/null; then
	echo "build-tools: installing gcc-aarch64-linux-gnu (apt-get)" >&2
	apt-get install -y --no-install-recommends gcc-aarch64-linux-gnu >&2
fi
arm=$("$here/fetch-arm64.sh" | tail -n 1)
sysroot=$arm/root
out=$top/build/cross-vm/arm64/tools
src=$out/src
mkdir -p "$src/net/ilnp"
# The tools' Makefile reaches ../include, ../uapi and ../net/ilnp/ilv.c.
rsync -a --delete --exclude='*.o' --exclude='.*.d' --exclude='*.a' \
	--exclude='*.so.*' --exclude='/ilnp-ip' --exclude='/ilnp-ping' \
	--exclude='/ilnp-send' --exclude='/ilnp-recv' \
	--exclude='/examples/echo-server' --exclude='/examples/echo-client' \
	"$top/tools/" "$src/tools/"
rsync -a --delete "$top/include/" "$src/include/"
rsync -a --delete "$top/uapi/" "$src/uapi/"
rsync -a "$top/net/ilnp/ilv.c" "$top/net/ilnp/main.c" "$src/net/ilnp/"

cc="aarch64-linux-gnu-gcc --sysroot=$sysroot"
# Kept apart from the host build's objects (rsync leaves ours in place:
# make rebuilds what changed).
make -s -C "$src/tools" CC="$cc" AR=aarch64-linux-gnu-ar \
	MNL_CFLAGS= MNL_LIBS=-lmnl CFLAGS="-O2 -g" \
	ilnp-ip ilnp-ping ilnp-send ilnp-recv examples/echo-server \
	examples/echo-client >&2
mkdir -p "$out/bin"
for t in ilnp-ip ilnp-ping ilnp-send ilnp-recv examples/echo-server examples/echo-client; do
	f=$src/tools/$t
	readelf -h "$f" | grep -q 'Machine: *AArch64' ||
		{ echo "build-tools: $f is not an AArch64 program" >&2; exit 1; }
	cp -p "$f" "$out/bin/${t#examples/}"
done
echo "build-tools: the tools and echo-server/-client for arm64 in ${out#"$top"/}/bin" >&2
echo "$out/bin"
