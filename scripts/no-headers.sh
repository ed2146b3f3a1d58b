#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# What to install when the running kernel's headers are missing (make
# module without KDIR), for the platform this runs on.
kver=$(uname -r)
echo "ilnp: no kernel headers for $kver (/lib/modules/$kver/build); set KDIR, or install them:"
model=$( (tr -d "\\0" </proc/device-tree/model) 2>/dev/null)
case "$model" in
*"Raspberry Pi 5"*)
	echo "  Raspberry Pi OS: sudo apt install linux-headers-rpi-2712" ;;
*"Raspberry Pi"*)
	case "$kver" in
	*v8*|*-rpi-v8*|*arm64*)
		echo "  Raspberry Pi OS 64-bit: sudo apt install linux-headers-rpi-v8" ;;
	*)
		echo "  Raspberry Pi OS 32-bit: sudo apt install linux-headers-rpi-v7 (or -rpi-v7l, -rpi-v6)" ;;
	esac ;;
*)
	if [ -r /etc/os-release ] && grep -qi '^ID=ubuntu' /etc/os-release; then
		echo "  Ubuntu: sudo apt install linux-headers-$kver"
	else
		echo "  Debian: sudo apt install linux-headers-$kver (or linux-headers-$(dpkg --print-architecture 2>/dev/null || echo amd64) for the default kernel)"
	fi ;;
esac
echo "  a test VM's kernel instead: make deps (Debian amd64), then make check"
exit 1
