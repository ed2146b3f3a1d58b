/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The prototype profile (proto.c): a device that speaks the 2021 Python
 * prototype's wire.  Its packets are translated to and from the native
 * ones at the device, so that nothing above it knows.  The byte tables
 * are in Documentation/protocol.rst, "The prototype profile".
 */
#ifndef _ILNP_PROTO_H
#define _ILNP_PROTO_H

#include <linux/types.h>

#include "wire.h"

struct sk_buff;

/* The prototype's next headers (after its 40-byte header). */
#define ILNP_PROTO_NEXTHDR_STP	42	/* STP: ports, then data */
#define ILNP_PROTO_NEXTHDR_DISC	43	/* discovery */
#define ILNP_PROTO_NEXTHDR_LU	44	/* locator update and its ack */

#define ILNP_PROTO_STP_HDR_LEN	4	/* source port, destination port */
#define ILNP_PROTO_DISC_LEN	17	/* NID, locator, flag; then hostname */
/* How long the prototype keeps what a discovery message says, and so
 * the lifetime its one locator gets in the native message.
 */
#define ILNP_PROTO_DISC_LIFETIME_S	90
/* A prototype discovery message has no sequence number: copies of one
 * flood are told apart from a later message by their arrival within
 * this window (the prototype re-sends every 15 s or more).
 */
#define ILNP_PROTO_DUP_WINDOW_S	2

/* A prototype discovery message, decoded. */
struct ilnp_proto_disc {
	u64 nid;
	u64 loc;
	bool solicit;
	u8 hostname_len;
	char hostname[ILNP_HOSTNAME_MAX + 1];	/* NUL-terminated */
};

int ilnp_proto_disc_decode(const void *buf, size_t len,
			   struct ilnp_proto_disc *d);
int ilnp_proto_disc_encode(const struct ilnp_proto_disc *d, void *buf,
			   size_t size);
int ilnp_proto_to_native(struct sk_buff *skb, unsigned long now);
int ilnp_proto_from_native(struct sk_buff *skb);

#endif /* _ILNP_PROTO_H */
