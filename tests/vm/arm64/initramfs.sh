#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# initramfs.sh: the arm64 lane's whole user space, one gzip'd cpio,
# build/cross-vm/arm64/initramfs.cpio.gz (its path the last line of
# stdout):
#   /init, /tests/*.sh     tests/vm/arm64/guest/ (busybox sh only)
#   /bin/busybox           busybox-static (applets linked at boot)
#   /sbin/ip               iproute2's, with every library it needs (the
#                          ELF NEEDED entries, followed) and the loader
#   /usr/bin/ilnp-*        the tools (build-tools.sh), echo-server/-client
#   /lib/modules/ilnp.ko   the module for the image's kernel: the cross
#                          build of tests/static/cross-build.sh
#                          (build/cross/arm64) when it is there, for this
#                          kernel and newer than every source file, else
#                          built here into build/cross-vm/arm64/module
#   /modules/NN-name.ko    veth, bridge and what they need, in load
#                          order (modprobe --show-depends on the image's
#                          depmod'ed tree)
# ILNP_ARM64_OWN_MODULE=1: always the module built here;
# ILNP_ARM64_KO=FILE: that module instead (another tree's build).
set -euo pipefail
top=$(dirname "$(dirname "$(dirname "$(dirname "$(readlink -f "$0")")")")")
here=$top/tests/vm/arm64
out=$top/build/cross-vm/arm64
PATH=$PATH:/usr/sbin:/sbin
log() { echo "initramfs: $*" >&2; }
die() { echo "initramfs: ERROR: $*" >&2; exit 1; }

arm=$("$here/fetch-arm64.sh" | tail -n 1)
kver=$(cat "$arm/kver")
abi=$(cat "$arm/abi")
tools=$("$here/build-tools.sh" | tail -n 1)
mkdir -p "$out"

# ------------------------------------------------------------------ ilnp.ko
vermagic() { modinfo -F vermagic "$1" 2>/dev/null | cut -d' ' -f1; }
# fresh KO: KO is for $kver and newer than every file the module is
# built from.
fresh() {
	[ -s "$1" ] && [ "$(vermagic "$1")" = "$kver" ] &&
		[ -z "$(find "$top/Kbuild" "$top/net/ilnp" "$top/include" "$top/uapi" \
			-type f -newer "$1" -print -quit)" ]
}
ko=$top/build/cross/arm64/ilnp.ko
if [ -n "${ILNP_ARM64_KO:-}" ]; then
	cp "$ILNP_ARM64_KO" "$out/ilnp.ko"
	log "ilnp.ko: $ILNP_ARM64_KO"
elif [ "${ILNP_ARM64_OWN_MODULE:-0}" != 1 ] && fresh "$ko"; then
	cp "$ko" "$out/ilnp-tmp.ko"
	# It may have been rebuilt under us: check the copy.
	[ "$(vermagic "$out/ilnp-tmp.ko")" = "$kver" ] || die "$ko changed while copied"
	mv "$out/ilnp-tmp.ko" "$out/ilnp.ko"
	log "ilnp.ko: tests/static/cross-build.sh's (build/cross/arm64)"
else
	hdr=$(ILNP_CROSS_ABI=$abi "$top/tests/vm/fetch-headers-cross.sh" arm64 | tail -n 1)
	[ "$(cat "$hdr/kver")" = "$kver" ] || die "headers $hdr are not for $kver"
	mod=$out/module
	if [ "$(cat "$mod/.kdir" 2>/dev/null)" != "$hdr" ]; then
		rm -rf "$mod"
		mkdir -p "$mod"
		echo "$hdr" >"$mod/.kdir"
	fi
	rsync -a --delete --exclude=.kdir --include='*/' --include='*.c' --include='*.h' \
		--include=Kbuild --include=Makefile --include=Kconfig --exclude='*' \
		--prune-empty-dirs \
		"$top/Kbuild" "$top/net" "$top/include" "$top/uapi" "$mod/"
	log "ilnp.ko: building for $kver in ${mod#"$top"/}"
	make -s -C "$hdr/kdir" ARCH="$(cat "$hdr/arch")" CROSS_COMPILE="$(cat "$hdr/cross")" \
		M="$mod" modules >&2
	cp "$mod/ilnp.ko" "$out/ilnp.ko"
fi
[ "$(vermagic "$out/ilnp.ko")" = "$kver" ] || die "ilnp.ko is for '$(vermagic "$out/ilnp.ko")', not $kver"
readelf -h "$out/ilnp.ko" | grep -q 'Machine: *AArch64' || die "ilnp.ko is not for AArch64"
deps=$(modinfo -F depends "$out/ilnp.ko")

# ---------------------------------------------------------------- the tree
tmp=$(mktemp -d "$out/.initramfs.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
R=$arm/root
mkdir -p "$tmp"/{bin,sbin,usr/bin,lib/aarch64-linux-gnu,lib/modules,modules,tests,proc,sys,dev,run,tmp,etc,root}
cp -L "$R/bin/busybox" "$tmp/bin/busybox"
ln -s busybox "$tmp/bin/sh"
cp -L "$R/sbin/ip" "$tmp/sbin/ip"
# Without debug information: a smaller initramfs boots sooner under TCG
# (build/cross-vm/arm64/ilnp.ko and tools/bin keep theirs).
for t in "$tools"/*; do aarch64-linux-gnu-strip -o "$tmp/usr/bin/${t##*/}" "$t"; done
aarch64-linux-gnu-strip --strip-debug -o "$tmp/lib/modules/ilnp.ko" "$out/ilnp.ko"
cp "$here/guest/init" "$tmp/init"
cp "$here"/guest/*.sh "$tmp/tests/"
chmod 755 "$tmp/init"
echo "root:x:0:0:root:/root:/bin/sh" >"$tmp/etc/passwd"
echo "root:x:0:" >"$tmp/etc/group"

# Libraries: the NEEDED entries of every program, and of theirs.
findlib() {
	local d
	for d in lib/aarch64-linux-gnu usr/lib/aarch64-linux-gnu lib usr/lib; do
		[ -e "$R/$d/$1" ] && { echo "$R/$d/$1"; return 0; }
	done
	return 1
}
needed() { readelf -d "$1" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'; }
queue="$tmp/sbin/ip $(ls "$tmp"/usr/bin/*)"
seen=" "
while [ -n "$queue" ]; do
	set -- $queue
	f=$1
	shift
	queue="$*"
	for so in $(needed "$f"); do
		case $seen in *" $so "*) continue ;; esac
		seen="$seen$so "
		p=$(findlib "$so") || die "$so (needed by ${f##*/}) is in no fetched package"
		cp -L "$p" "$tmp/lib/aarch64-linux-gnu/$so"
		queue="$queue $tmp/lib/aarch64-linux-gnu/$so"
	done
done
interp=$(readelf -l "$tmp/sbin/ip" | sed -n 's/.*interpreter: \(.*\)\]/\1/p')
[ "$interp" = /lib/ld-linux-aarch64.so.1 ] || die "unexpected interpreter $interp"
[ -e "$tmp/lib/aarch64-linux-gnu/ld-linux-aarch64.so.1" ] ||
	cp -L "$(findlib ld-linux-aarch64.so.1)" "$tmp/lib/aarch64-linux-gnu/"
ln -s aarch64-linux-gnu/ld-linux-aarch64.so.1 "$tmp/lib/ld-linux-aarch64.so.1"

# Kernel modules, in load order.
i=0
for m in $(modprobe -d "$arm/modules" -S "$kver" --show-depends \
		-a veth bridge ${deps//,/ } |
		awk '$1 == "insmod" { print $2 }' | awk '!seen[$0]++'); do
	name=$(basename "$m")
	name=${name%%.ko*}
	dst=$tmp/modules/$(printf %02d $i)-$name.ko
	case $m in
	*.xz) xz -dc "$m" >"$dst" ;;
	*.zst) zstd -qdc "$m" >"$dst" ;;
	*) cp "$m" "$dst" ;;
	esac
	i=$((i + 1))
done
log "modules: $(cd "$tmp/modules" && echo *)"
log "libraries: $(cd "$tmp/lib/aarch64-linux-gnu" && echo *)"

(cd "$tmp" && find . | sort | cpio -o -H newc --quiet) | gzip -1 >"$out/initramfs.cpio.gz.tmp"
mv "$out/initramfs.cpio.gz.tmp" "$out/initramfs.cpio.gz"
log "$(du -h "$out/initramfs.cpio.gz" | cut -f1) ${out#"$top"/}/initramfs.cpio.gz (kernel $kver)"
echo "$out/initramfs.cpio.gz"
