#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The bash completions (tools/completion/): each file, sourced into a
# plain bash, registers its function, and completing a few command lines
# (COMP_WORDS, COMP_CWORD, then the function) gives exactly the words
# expected.  ilnp-ip is a stub here: no module on the host.
set -euo pipefail
top=$(dirname "$(dirname "$(dirname "$(readlink -f "$0")")")")
dir=$top/tools/completion
fail() { echo "FAIL: $*"; exit 1; }

# Neighbour table and links of a stub ilnp-ip, as the real one prints.
stub=$(mktemp -d)
trap 'rm -rf "$stub"' EXIT
cat >"$stub/ilnp-ip" <<'EOF_STUB'
#!/bin/sh
case "$*" in
"neigh show")
	echo "HOSTNAME  NID         LOCATORS                     LEARNT ON      AGE"
	echo "alice     ffff:0:0:a  0:0:0:a pref 0 lifetime 90s  ilnp0 0:0:0:a  1.0s"
	echo "bob       ffff:0:0:b  0:0:0:a pref 0 lifetime 90s  ilnp0 0:0:0:a  1.0s"
	echo "-         ffff:0:0:c  0:0:0:a pref 0 lifetime 90s  ilnp0 0:0:0:a  1.0s" ;;
"link show")
	echo "ilnp0: underlay eth0 port 10000 group 0 mtu 1400 locators 0:0:0:a"
	echo "ilnp1: underlay eth1 port 10000 group 0 mtu 1400 locators -" ;;
esac
EOF_STUB
chmod +x "$stub/ilnp-ip"
export PATH="$stub:$PATH"

# expect FILE WANT WORD...: completing the last WORD (the command line
# WORD... as typed) with FILE's function gives WANT.
expect() {
	local file=$1 want=$2 got
	shift 2
	got=$(bash --norc --noprofile -c '
		. "$1"; shift
		COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
		f=$(complete -p "$1" | sed "s/.*-F \([^ ]*\) .*/\1/")
		"$f" "$1" "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
		printf "%s\n" "${COMPREPLY[*]}"' _ "$dir/$file" "$@")
	[ "$got" = "$want" ] || fail "$file: '$*': got '$got', want '$want'"
	echo "ok: $file '$*' -> '$want'"
}

for f in ilnp-ip ilnp-ping ilnp-send ilnp-recv; do
	[ -f "$dir/$f" ] || fail "no tools/completion/$f"
	bash --norc --noprofile -c ". '$dir/$f' && complete -p $f" >/dev/null ||
		fail "$f: no completion registered"
done

expect ilnp-ip "link locator" ilnp-ip l
expect ilnp-ip "node neigh" ilnp-ip n
expect ilnp-ip "-statistics" ilnp-ip -st
expect ilnp-ip "-brief -batch" ilnp-ip -b
expect ilnp-ip "show set help" ilnp-ip -s -j node ""
expect ilnp-ip "on off" ilnp-ip link set ilnp0 auto ""
expect ilnp-ip "profile" ilnp-ip link add ilnp2 dev eth0 pr
expect ilnp-ip "native prototype" ilnp-ip link add ilnp2 dev eth0 profile ""
expect ilnp-ip "advertise" ilnp-ip locator add 0:0:0:a a
expect ilnp-ip "move" ilnp-ip locator m
expect ilnp-ip "flush" ilnp-ip -n a locator f
expect ilnp-ip "ilnp0 ilnp1" ilnp-ip link show ""
expect ilnp-ip "dev" ilnp-ip locator flush ""
expect ilnp-ip "show set flush help" ilnp-ip route ""
expect ilnp-ip "all dev" ilnp-ip neigh flush ""
expect ilnp-ip "all locator update neigh route help" ilnp-ip monitor ""
expect ilnp-ip "ilnp1" ilnp-ip locator add 0:0:0:b dev ilnp1
expect ilnp-ip "lifetime" ilnp-ip route set l
expect ilnp-ip "alice" ilnp-ip resolve a
expect ilnp-ping "-D" ilnp-ping -D
expect ilnp-ping "-w" ilnp-ping -c 3 -w
expect ilnp-ping "" ilnp-ping -w ""
expect ilnp-ping "alice bob" ilnp-ping -q ""
expect ilnp-send "bob" ilnp-send -s 100 b
expect ilnp-send "-B" ilnp-send -B
expect ilnp-recv "-e" ilnp-recv -e
expect ilnp-recv "" ilnp-recv -p 7 ""
