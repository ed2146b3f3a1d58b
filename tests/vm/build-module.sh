#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# build-module.sh KERNEL [make args]: build ilnp.ko (and, for the debug
# kernel, ilnp_kunit.ko) for a test kernel, out of the source tree, in
# build/vm/KERNEL/.  Kbuild builds external modules in their source
# directory, so each kernel gets its own copy of the module sources.
set -euo pipefail
top=$(dirname "$(dirname "$(dirname "$(readlink -f "$0")")")")
kid=${1:?usage: build-module.sh stock61|deb612|debug [make args]}
shift
kdir=$("$top/tests/vm/kernels.sh" "$kid" | tail -n 1)
out=$top/build/vm/$kid
mkdir -p "$out"
# Built against another kernel before (the debug kernel's config, and so
# its cache directory, changed): start afresh, or Kbuild may keep
# modules of the old one ("Invalid module format").
if [ "$(cat "$out/.kdir" 2>/dev/null)" != "$kdir" ]; then
	rm -rf "$out"
	mkdir -p "$out"
	echo "$kdir" >"$out/.kdir"
fi
rsync -a --delete --include='*/' --include='*.c' --include='*.h' \
	--include=Kbuild --include=Makefile --include=Kconfig --exclude='*' --prune-empty-dirs \
	"$top/Kbuild" "$top/net" "$top/include" "$top/uapi" "$top/tests" "$out/"
extra=()
[ "$kid" = debug ] && extra+=(ILNP_KUNIT=1)
make -C "$kdir/kdir" M="$out" "${extra[@]}" "$@" modules
