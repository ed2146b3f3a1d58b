#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# kernels.sh KERNEL: prepare a test kernel on first use and print its
# directory (last line of stdout), which holds:
#   vmlinuz   the image            kver     the kernel release
#   kdir      the tree to build external modules against
#   modules/  modules/lib/modules/<kver>, its module tree
# KERNEL: stock61 (Debian 12's linux-image-amd64), deb612 (Debian 6.12 from
# bookworm-backports), debug (built from linux-source-6.1 with KUnit, KASAN,
# lockdep, kmemleak).  Cached under ${ILNP_CACHE:-~/.cache/ilnp}.
set -euo pipefail
here=$(dirname "$(readlink -f "$0")")
cache=${ILNP_CACHE:-$HOME/.cache/ilnp}

stock61() {
	local img kver dir
	# The newest installed Debian 6.1 image that has its headers.
	for img in $(ls /boot/vmlinuz-6.1.* 2>/dev/null | sort -V -r); do
		kver=${img#/boot/vmlinuz-}
		[ -e "/usr/src/linux-headers-$kver/Makefile" ] && break
		kver=
	done
	if [ -z "${kver:-}" ]; then
		echo "kernels.sh: no Debian 6.1 image with headers; run make deps" >&2
		exit 1
	fi
	dir=$cache/kernel-stock61-$kver
	if [ ! -e "$dir/.done" ]; then
		mkdir -p "$dir"
		ln -sfn "/boot/vmlinuz-$kver" "$dir/vmlinuz"
		ln -sfn "/usr/src/linux-headers-$kver" "$dir/kdir"
		ln -sfn / "$dir/modules"
		echo "$kver" >"$dir/kver"
		touch "$dir/.done"
	fi
	echo "$dir"
}

case "${1:-}" in
stock61) stock61 ;;
deb612) exec "$here/fetch-kernel-6.12.sh" ;;
debug) exec "$here/build-debug-kernel.sh" ;;
*)
	echo "usage: kernels.sh stock61|deb612|debug" >&2
	exit 2
	;;
esac
