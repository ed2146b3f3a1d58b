/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * ilnp: Identifier-Locator Network Protocol (ILNPv6) overlay for Linux.
 *
 * The one header applications and tools include.  It compiles in user
 * space with -std=c99 -Wall -Wextra -pedantic.
 */
#ifndef _UAPI_LINUX_ILNP_H
#define _UAPI_LINUX_ILNP_H

#include <linux/types.h>
#include <linux/socket.h>

/* Overlay defaults (see Documentation/protocol.rst). */
#define ILNP_DEFAULT_PORT	10000
#define ILNP_DEFAULT_HOP_LIMIT	3

/*
 * Text forms: a locator or NID is four hex groups ("0:0:0:a"); an I-LV is
 * written like an IPv6 address, locator then NID ("0:0:0:a:ffff:0:0:a").
 * Buffer sizes below include the terminating NUL.
 */
#define ILNP_ID_STRLEN		20
#define ILNP_ILV_STRLEN		40

/* Identifier-Locator Vector: upper 64 bits locator, lower 64 bits NID. */
struct ilnp_ilv {
	__be64 loc;
	__be64 nid;
};

struct sockaddr_ilnp {
	__kernel_sa_family_t silnp_family;	/* AF_ILNP */
	__be16 silnp_port;			/* STP port */
	__u32 silnp_flags;			/* must be 0 */
	struct ilnp_ilv silnp_addr;		/* loc 0: the kernel picks */
};

/* Generic netlink family. */
#define ILNP_GENL_NAME		"ilnp"
#define ILNP_GENL_VERSION	1

#endif /* _UAPI_LINUX_ILNP_H */
