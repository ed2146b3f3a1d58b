#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make -C tools install into a DESTDIR (PREFIX=/usr): every file where
# it belongs; an application compiles against the installed files alone
# (the examples, with the uapi header; a resolver client, with the
# headers, libilnp.a and pkg-config's flags) and its text forms work;
# the Python module imports; make uninstall leaves nothing behind.
set -euo pipefail
top=$(dirname "$(dirname "$(dirname "$(readlink -f "$0")")")")
dest=$(mktemp -d)
trap 'rm -rf "$dest"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

make -s -C "$top/tools" install DESTDIR="$dest" PREFIX=/usr >/dev/null
ma=$(gcc -print-multiarch)
for f in usr/sbin/ilnp-ip usr/sbin/ilnp-ping usr/bin/ilnp-send \
	usr/bin/ilnp-recv usr/include/linux/ilnp.h usr/include/ilnp/ilv.h \
	usr/include/ilnp/resolve.h "usr/lib/$ma/libilnp.a" \
	"usr/lib/$ma/pkgconfig/ilnp.pc" "usr/lib/$ma/libnss_ilnp.so.2" \
	usr/share/man/man8/ilnp-ip.8 usr/share/man/man7/ilnp.7 \
	usr/share/man/man1/ilnp-send.1 usr/sbin/ilnp-quick \
	usr/share/man/man8/ilnp-quick.8 usr/lib/systemd/system/ilnp@.service \
	usr/lib/modules-load.d/ilnp.conf \
	usr/lib/python3/dist-packages/ilnp.py \
	usr/share/bash-completion/completions/ilnp-ip \
	usr/share/bash-completion/completions/ilnp-ping \
	usr/share/bash-completion/completions/ilnp-send \
	usr/share/bash-completion/completions/ilnp-recv \
	"usr/lib/$ma/wireshark/plugins/ilnp.lua"; do
	[ -e "$dest/$f" ] || fail "not installed: /$f"
done
# The dissector where Debian's Wireshark loads Lua plugins from.
if command -v tshark >/dev/null; then
	wsdir=$(tshark -G folders 2>/dev/null |
		awk -F'\t' '/^Global Lua Plugins:/ { print $2 }')
	[ "$wsdir" = "/usr/lib/$ma/wireshark/plugins" ] ||
		fail "Wireshark's Lua plugins are in '$wsdir', not where ilnp.lua went"
fi
grep -qx "libdir=/usr/lib/$ma" "$dest/usr/lib/$ma/pkgconfig/ilnp.pc" ||
	fail "ilnp.pc: libdir is not /usr/lib/$ma"
unit=$dest/usr/lib/systemd/system/ilnp@.service
grep -qx 'ExecStart=/usr/sbin/ilnp-quick up %i' "$unit" ||
	fail "ilnp@.service: ExecStart is not the installed ilnp-quick"
# The unit as systemd reads it (where systemd-analyze is there).
if command -v systemd-analyze >/dev/null; then
	out=$(systemd-analyze verify --man=no "$unit" 2>&1 |
		grep -v 'Failed to .* ilnp-quick\|is not executable\|No such file' || true)
	[ -z "$out" ] || fail "systemd-analyze verify ilnp@.service: $out"
fi

# The examples: <linux/ilnp.h> from the installed tree, nothing else.
for ex in echo-server echo-client; do
	gcc -std=c99 -pedantic -Wall -Wextra -Werror -I"$dest/usr/include" \
		-o "$dest/$ex" "$top/tools/examples/$ex.c" ||
		fail "$ex does not build against the installed header"
done

# A resolver client, built with pkg-config's flags for the installed
# ilnp.pc (libmnl's own .pc comes from the system).
export PKG_CONFIG_PATH="$dest/usr/lib/$ma/pkgconfig"
export PKG_CONFIG_SYSROOT_DIR="$dest"
cat >"$dest/client.c" <<'EOF_C'
#include <stdio.h>
#include <string.h>
#include <arpa/inet.h>
#include <ilnp/ilv.h>
#include <ilnp/resolve.h>

int main(void)
{
	struct sockaddr_ilnp sa;
	char text[64];
	int err = ilnp_addr_parse("0:0:0:a:ffff:0:0:b", &sa);

	if (err) {
		printf("%s\n", ilnp_addr_strerror(err));
		return 1;
	}
	ilnp_id_format(text, sizeof(text), 0xffff00000000000bULL);
	printf("%d %s\n", sa.silnp_family == AF_ILNP, text);
	return 0;
}
EOF_C
# shellcheck disable=SC2046
gcc -std=gnu11 -Wall -Wextra -Werror -o "$dest/client" "$dest/client.c" \
	$(pkg-config --cflags --libs ilnp) ||
	fail "a client does not build with pkg-config's flags for ilnp"
out=$("$dest/client")
[ "$out" = "1 ffff:0:0:b" ] || fail "client printed '$out'"
rm -f "$dest/client" "$dest/client.c" "$dest/echo-server" "$dest/echo-client"

# The Python module imports from where it was installed, and its text
# forms work; its bytecode, written there, goes with uninstall.
out=$(cd / && env -u PYTHONDONTWRITEBYTECODE PYTHONPATH="$dest/usr/lib/python3/dist-packages" python3 -c \
	'import ilnp; print(ilnp.__file__, ilnp.format_ilv(*ilnp.parse_ilv("::a:ffff:0:0:b")))')
[ "$out" = "$dest/usr/lib/python3/dist-packages/ilnp.py 0:0:0:a:ffff:0:0:b" ] ||
	fail "python3 -c 'import ilnp' printed '$out'"

make -s -C "$top/tools" uninstall DESTDIR="$dest" PREFIX=/usr >/dev/null
left=$(find "$dest" ! -type d)
[ -z "$left" ] || fail "left after uninstall: $left"
echo "install: tools, headers, libilnp and ilnp.pc in DESTDIR; examples and a client built against them; uninstall clean"
