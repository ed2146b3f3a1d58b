/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ILNPv6 on the wire: the inner header, the nonce option and the
 * ICMPv6-format control messages, and their decoded forms.  The byte
 * tables are in Documentation/protocol.rst; the prototype's formats,
 * spoken by a device of the prototype profile, are in proto.h.
 */
#ifndef _ILNP_WIRE_H
#define _ILNP_WIRE_H

#include <linux/ipv6.h>
#include <linux/netdevice.h>
#include <linux/types.h>
#include <linux/udp.h>

#include <ilnp/ilv.h>
#include <linux/ilnp.h>

/* The inner header: IPv6 format, I-LVs in place of the addresses. */
struct ilnp_hdr {
	__be32 vtc_flow;	/* version 6, traffic class, flow label */
	__be16 payload_len;
	u8 nexthdr;
	u8 hop_limit;
	struct ilnp_ilv src;
	struct ilnp_ilv dst;
};

#define ILNP_HDR_LEN		sizeof(struct ilnp_hdr)
#define ILNP_OVERHEAD		(sizeof(struct ipv6hdr) + sizeof(struct udphdr))
/* Destination options header carrying the RFC 6744 nonce, 32-bit form. */
#define ILNP_NONCE_OPT_LEN	8
#define ILNP_NONCE_OPT_TYPE	0x8b
#define ILNP_TX_HEADROOM	(LL_MAX_HEADER + ILNP_OVERHEAD + ILNP_HDR_LEN + \
				 ILNP_NONCE_OPT_LEN)
#define ILNP_STP_HDR_LEN	sizeof(struct ilnp_stphdr)

/* An IPv6 socket's packet (identity.c): this next header, then the
 * identity header, then the packet's own upper layer.  253 is RFC 3692's
 * value for experiments.
 */
#define ILNP_NEXTHDR_IDENTITY	253

struct ilnp_identity_hdr {
	u8 nexthdr;		/* the IPv6 packet's own */
	u8 hdrlen;		/* 0: 8 bytes, as an extension header's */
	__be16 reserved;	/* 0 sent, ignored */
	__be32 reserved2;	/* 0 sent, ignored */
};

/* What an IPv6 packet grows by in front as an identity packet: its IPv6
 * header gives way to the ILNPv6 header, the nonce option and the
 * identity header.
 */
#define ILNP_IDENTITY_GROWTH	(ILNP_HDR_LEN + ILNP_NONCE_OPT_LEN + \
				 sizeof(struct ilnp_identity_hdr) - \
				 sizeof(struct ipv6hdr))

/* ICMPv6-format message types carried inside the overlay. */
#define ILNP_ICMP_ECHO_REQUEST	128
#define ILNP_ICMP_ECHO_REPLY	129

/* Discovery (Documentation/protocol.rst has the byte tables). */
#define ILNP_ICMP_DISC_SOLICIT	200
#define ILNP_ICMP_DISC_ADVERT	201
#define ILNP_DISC_LOC_MAX	16	/* locators in one message */

struct ilnp_disc_hdr {
	u8 type;
	u8 code;
	__sum16 checksum;
	__be16 reserved;
	u8 nloc;
	u8 hostname_len;
	__be64 nid;		/* origin */
	__be32 seq;		/* origin's flood sequence number */
	__be32 reserved2;
	/* nloc x struct ilnp_disc_wire_loc, then hostname_len bytes */
};

struct ilnp_disc_wire_loc {
	__be64 loc;
	__be16 pref;
	__be16 reserved;
	__be32 lifetime;	/* seconds */
};

struct ilnp_disc_loc {
	u64 loc;
	u16 pref;
	u32 lifetime;
};

/* A discovery message, decoded. */
struct ilnp_disc_msg {
	u8 type;
	u8 nloc;
	u8 hostname_len;
	u64 nid;
	u32 seq;
	struct ilnp_disc_loc locs[ILNP_DISC_LOC_MAX];
	char hostname[ILNP_HOSTNAME_MAX + 1];	/* NUL-terminated */
};

/* Locator update (RFC 6743), ICMPv6-format type 156. */
#define ILNP_ICMP_LOCATOR_UPDATE 156
#define ILNP_LU_OP_ADVERT	1
#define ILNP_LU_OP_ACK		2

struct ilnp_lu_hdr {
	u8 type;
	u8 code;
	__sum16 checksum;
	u8 nloc;
	u8 op;
	__be16 seq;		/* RFC 6743 "reserved": see locator_update.c */
};

struct ilnp_lu_wire_loc {
	__be64 loc;
	__be16 pref;
	__be16 lifetime;	/* seconds */
} __packed;

struct ilnp_lu_msg {
	u8 op;
	u8 nloc;
	u16 seq;
	struct ilnp_disc_loc locs[ILNP_DISC_LOC_MAX];
};

/* Locator solicitation and advertisement (ra.c): a router's locators
 * for the link, to the link-wide all-nodes group, hop limit 255.
 */
#define ILNP_ICMP_LOC_SOLICIT	202
#define ILNP_ICMP_LOC_ADVERT	203
#define ILNP_RA_LOC_MAX		4	/* locators in one advertisement */
#define ILNP_RA_HOP_LIMIT	255	/* sent with, and only taken with */
#define ILNP_RA_F_SOLICITED	0x01

struct ilnp_ls_hdr {
	u8 type;
	u8 code;
	__sum16 checksum;
	__be32 reserved;
	__be64 solicit_id;	/* random; echoed by the answers */
};

struct ilnp_la_hdr {
	u8 type;
	u8 code;
	__sum16 checksum;
	u8 nloc;
	u8 flags;		/* ILNP_RA_F_* */
	__be16 interval;	/* s between unsolicited ones, 0 none */
	__be64 solicit_id;	/* the solicitation answered, or 0 */
	/* nloc x struct ilnp_disc_wire_loc */
};

/* An advertisement, decoded. */
struct ilnp_la_msg {
	u8 nloc;
	u8 flags;
	u16 interval;
	u64 solicit_id;
	struct ilnp_disc_loc locs[ILNP_RA_LOC_MAX];
};

struct ilnp_echo {
	u8 type;
	u8 code;
	__sum16 checksum;
	__be16 id;
	__be16 seq;
};

#endif /* _ILNP_WIRE_H */
