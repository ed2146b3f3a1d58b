#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Install every Debian package the build, the tests and the demo need.
# Idempotent: silent when all are present; runs apt-get update once, only
# when something must be installed.
set -euo pipefail

pkgs=(
	# build (ccache: make check's builds of unchanged files, tests/run)
	make gcc libc6-dev pkg-config libmnl-dev linux-headers-amd64 ccache
	# static checks (checkpatch and the debug kernel come from linux-source)
	sparse codespell perl python3 python3-yaml linux-source-6.1
	# debug kernel build
	bc bison flex libelf-dev libssl-dev xz-utils cpio rsync
	# VMs and the tests inside them
	qemu-system-x86 busybox-static kmod linux-image-amd64 iproute2
	# unmodified programs over the overlay (tests/integration/identity.sh)
	iputils-ping iperf3 socat
	# segmentation offload on and off (identity.sh)
	ethtool
	# fetching the 6.12 kernel from bookworm-backports
	apt dpkg ca-certificates
	# the demo's plots (make demo, tests/integration/demo.sh)
	gnuplot-nox
	# packaging: DKMS (make dkms-install, tests/static/dkms.sh)
	dkms
	# arm64 and armhf cross-builds (tests/static/cross-build.sh), the
	# arm64 lane's VM (tests/vm/arm64/run.sh)
	gcc-aarch64-linux-gnu gcc-arm-linux-gnueabihf file qemu-system-arm
	# the unit run by systemd in a namespace (tests/integration/systemd.sh)
	systemd util-linux procps
	# the newest kernel's headers in a trixie root (kernel-newest.sh)
	debootstrap
	# the Wireshark dissector decoded (tests/static/wireshark.sh,
	# tests/integration/wireshark.sh)
	tshark
	# WiFi roaming: mac80211_hwsim's access points and station, the
	# radios moved into namespaces, the regulatory database cfg80211
	# loads (tests/integration/wifi.sh)
	hostapd wpasupplicant iw wireless-regdb
)

missing=()
for p in "${pkgs[@]}"; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
		missing+=("$p")
	fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
	echo "deps: missing ${missing[*]}; run 'make deps' as root" >&2
	exit 1
fi
echo "deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -q >/dev/null
apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
