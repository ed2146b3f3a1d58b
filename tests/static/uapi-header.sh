#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The uapi header compiles alone in strict user-space C, in C99 and C11,
# and its structures have the sizes the wire and the ABI promise.
set -euo pipefail
top=$(dirname "$(dirname "$(dirname "$(readlink -f "$0")")")")
for std in c99 c11; do
	gcc -std=$std -Wall -Wextra -pedantic -Werror -fsyntax-only \
		-I "$top/uapi" -x c - <<'EOF_C'
#include <linux/ilnp.h>

/* C99 has no _Static_assert: a negative array size fails the build. */
typedef char ilv_is_128_bits[sizeof(struct ilnp_ilv) == 16 ? 1 : -1];
typedef char sockaddr_is_24_bytes[sizeof(struct sockaddr_ilnp) == 24 ? 1 : -1];
typedef char stphdr_is_8_bytes[sizeof(struct ilnp_stphdr) == 8 ? 1 : -1];
typedef char pktinfo_is_16_bytes[sizeof(struct ilnp_pktinfo) == 16 ? 1 : -1];
typedef char family_fits[AF_ILNP == PF_ILNP && AF_ILNP < 46 ? 1 : -1];
typedef char options_defined[SOL_ILNP && ILNP_PKTINFO && ILNP_HOPLIMIT ? 1 : -1];

int main(void)
{
	struct sockaddr_ilnp sa = { 0 };

	return sa.silnp_flags;
}
EOF_C
done
echo "uapi/linux/ilnp.h: ok (c99, c11)"
