#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# checkpatch.pl (from Debian's linux-source-6.1, extracted once into the
# cache) over every C file and header of ours, kernel and user space.
set -euo pipefail
top=$(dirname "$(dirname "$(dirname "$(readlink -f "$0")")")")
cache=${ILNP_CACHE:-$HOME/.cache/ilnp}
ver=$(dpkg-query -W -f='${Version}' linux-source-6.1)
dir=$cache/checkpatch-$ver
if [ ! -e "$dir/.done" ]; then
	rm -rf "$dir" && mkdir -p "$dir"
	tar -xJf /usr/src/linux-source-6.1.tar.xz -C "$dir" --strip-components=1 \
		linux-source-6.1/scripts/checkpatch.pl \
		linux-source-6.1/scripts/spelling.txt \
		linux-source-6.1/scripts/const_structs.checkpatch
	touch "$dir/.done"
fi
cd "$top"
mapfile -t files < <(git ls-files -co --exclude-standard -- '*.c' '*.h' |
	grep -v -e '\.mod\.c$' -e '^build/')
checkpatch() {
	"$dir/scripts/checkpatch.pl" --no-tree --quiet --terse --show-types \
		--strict --codespell \
		--codespellfile="$codespell" \
		--ignore=SPDX_LICENSE_TAG,FILE_PATH_CHANGES "$@"
}
# A file found clean once is not checked again while neither it nor the
# checker changed (minutes of one core beside make check's VMs): a stamp
# per file content, under a key of checkpatch, its word lists and this
# script.  ILNP_CHECKPATCH_ALL=1 checks every file.
codespell=/usr/lib/python3/dist-packages/codespell_lib/data/dictionary.txt
tool=$(cat "$dir/scripts/checkpatch.pl" "$dir/scripts/spelling.txt" \
	"$codespell" "$0" | sha256sum | cut -c1-16)
stamps=$cache/checkpatch-clean/$tool
mkdir -p "$stamps"
# unchecked FILE...: those without a stamp.
unchecked() {
	local f
	for f in "$@"; do
		if [ "${ILNP_CHECKPATCH_ALL:-0}" = 1 ] ||
		   [ ! -e "$stamps/$(sha256sum <"$f" | cut -c1-32)" ]; then
			echo "$f"
		fi
	done
}
# stamp FILE...: found clean.
stamp() {
	local f
	for f in "$@"; do
		touch "$stamps/$(sha256sum <"$f" | cut -c1-32)"
	done
}
# net/ilnp/compat.h is the one place that may test kernel versions, and
# generates the wrappers whose signatures changed (their bodies return).
compat=net/ilnp/compat.h
# net/ilnp/trace.h is written in the tracepoint macros' own layout, as
# the kernel's include/trace/events/ are, which checkpatch does not know:
# open-ended TP_*( lines, their arguments' alignment, symbol lists.
trace=net/ilnp/trace.h
others=()
for f in "${files[@]}"; do
	[ "$f" = "$compat" ] || [ "$f" = "$trace" ] || others+=("$f")
done
mapfile -t todo < <(unchecked "${others[@]}")
if [ ${#todo[@]} -gt 0 ]; then
	checkpatch -f "${todo[@]}"
	stamp "${todo[@]}"
fi
if [ -n "$(unchecked "$compat")" ]; then
	checkpatch --ignore=LINUX_VERSION_CODE,CONSTANT_COMPARISON,MACRO_WITH_FLOW_CONTROL \
		-f "$compat"
	stamp "$compat"
fi
if [ -n "$(unchecked "$trace")" ]; then
	checkpatch --ignore=COMPLEX_MACRO,MACRO_ARG_REUSE,PARENTHESIS_ALIGNMENT,OPEN_ENDED_LINE \
		-f "$trace"
	stamp "$trace"
fi
if grep -n LINUX_VERSION_CODE "${others[@]}"; then
	echo "checkpatch: version tests belong in $compat" >&2
	exit 1
fi
echo "checkpatch: ${#files[@]} files clean (${#todo[@]} checked now)"
