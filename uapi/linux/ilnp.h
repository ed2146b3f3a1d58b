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

#define ILNP_HOSTNAME_MAX	63	/* bytes, without the NUL */
#define ILNP_ECHO_PAYLOAD_MAX	9000	/* ILNP_A_PAYLOAD_LEN bound */

/* Discovery defaults (settable with ILNP_CMD_NODE_SET). */
#define ILNP_DISC_PERIOD	20	/* s; each wait is 0.75 to 1.5 times it */
#define ILNP_NEIGH_LIFETIME	90	/* s, as the prototype */
#define ILNP_NEIGH_MAX		1024

/* Identifier-Locator Vector: upper 64 bits locator, lower 64 bits NID. */
struct ilnp_ilv {
	__be64 loc;
	__be64 nid;
};

/*
 * The socket family.  18 is AF_ASH's slot: reserved in <linux/socket.h>
 * since 2.2 and never implemented, so no in-tree family registers it on
 * any kernel this module supports (6.1 to 6.12).  The module parameter
 * "af" moves it; then use that number instead of AF_ILNP.
 */
#ifndef AF_ILNP
#define AF_ILNP			18
#endif
#define PF_ILNP			AF_ILNP

/*
 * An AF_ILNP SOCK_DGRAM socket speaks STP: a UDP-like transport whose
 * endpoints are (NID, port); the locator only says where the NID is now.
 */
struct sockaddr_ilnp {
	__kernel_sa_family_t silnp_family;	/* AF_ILNP */
	__be16 silnp_port;			/* STP port */
	__u32 silnp_flags;			/* must be 0 */
	struct ilnp_ilv silnp_addr;		/* loc 0: the kernel picks */
};

/* STP header: laid out like UDP's. */
struct ilnp_stphdr {
	__be16 source;
	__be16 dest;
	__be16 len;		/* header and data */
	__sum16 check;		/* pseudo-header with the locators zeroed */
};

/* Ephemeral ports: what bind() to port 0 and an unbound send pick. */
#define ILNP_PORT_EPHEMERAL_MIN	32768
#define ILNP_PORT_EPHEMERAL_MAX	60999

/* setsockopt()/getsockopt() level for the options below. */
#define SOL_ILNP		300

/* int: non-zero turns on the ILNP_PKTINFO control message on receive. */
#define ILNP_PKTINFO		1
/* int: hop limit of sent datagrams, 1..255; -1 the node's default. */
#define ILNP_HOPLIMIT		2

/* Control message (SOL_ILNP, ILNP_PKTINFO) on every received datagram. */
struct ilnp_pktinfo {
	__be64 ipi_loc;		/* our locator the datagram arrived on */
	__u32 ipi_ifindex;	/* overlay device it arrived on */
	__u8 ipi_hop_limit;	/* hop limit as it arrived */
	__u8 ipi_pad[3];
};

/*
 * rtnl link kind "ilnp": the overlay device.  The underlay is IFLA_LINK
 * ("ip link add ilnp0 link eth0 type ilnp"); without it the first up,
 * multicast-capable, non-loopback device of the netns is used.
 */
#define ILNP_LINK_KIND		"ilnp"

enum {
	IFLA_ILNP_UNSPEC,
	IFLA_ILNP_PORT,			/* u16, host order: UDP port, 10000 */
	IFLA_ILNP_GROUP,		/* u16: G in ff12:0:G:0:<locator> */
	__IFLA_ILNP_MAX
};

#define IFLA_ILNP_MAX		(__IFLA_ILNP_MAX - 1)

/*
 * Generic netlink family "ilnp", version 1.  Every command that changes
 * state needs CAP_NET_ADMIN in the netns; every table has a dump.
 * Integers are in host byte order, netlink's custom; ports too (unlike
 * vxlan's IFLA_VXLAN_PORT).
 */
#define ILNP_GENL_NAME		"ilnp"
#define ILNP_GENL_VERSION	1
#define ILNP_GENL_MCGRP_ECHO	"echo"	/* ILNP_CMD_ECHO_REPLY events */

enum ilnp_cmd {
	ILNP_CMD_UNSPEC,
	ILNP_CMD_NODE_GET,	/* do: identity and settings */
	ILNP_CMD_NODE_SET,	/* NID, HOSTNAME, HOP_LIMIT, ROUTE_* */
	ILNP_CMD_LINK_GET,	/* dump: overlay devices */
	ILNP_CMD_LOCATOR_ADD,	/* IFINDEX, LOCATOR [, PREFERENCE] */
	ILNP_CMD_LOCATOR_DEL,	/* IFINDEX, LOCATOR */
	ILNP_CMD_LOCATOR_GET,	/* dump: own locators */
	ILNP_CMD_ROUTE_GET,	/* dump: forwarding table */
	ILNP_CMD_STATS_GET,	/* dump: per device counters */
	/* DST_LOC, DST_NID, ECHO_ID, ECHO_SEQ [, HOP_LIMIT, PAYLOAD_LEN] */
	ILNP_CMD_ECHO_SEND,
	/* Event: SRC_*, ECHO_*, HOP_LIMIT, PAYLOAD_LEN, IFINDEX, LOCATOR */
	ILNP_CMD_ECHO_REPLY,
	ILNP_CMD_NEIGH_GET,	/* dump: neighbours learnt by discovery */
	ILNP_CMD_RESOLVE,	/* do: HOSTNAME -> NID, DST_LOC */
	ILNP_CMD_SOLICIT,	/* do: send a discovery solicitation now */
	ILNP_CMD_CACHE_GET,	/* dump: the ILCC, one message per peer */
	/* IFINDEX, LOCATOR (old), NEW_LOCATOR [, NEW_IFINDEX, HANDOFF_MS] */
	ILNP_CMD_LOCATOR_MOVE,
	__ILNP_CMD_MAX
};

#define ILNP_CMD_MAX		(__ILNP_CMD_MAX - 1)

enum ilnp_attr {
	ILNP_A_UNSPEC,
	ILNP_A_PAD,
	ILNP_A_IFINDEX,		/* u32: overlay device */
	ILNP_A_IFNAME,		/* string */
	ILNP_A_NID,		/* u64 */
	ILNP_A_HOSTNAME,	/* string, at most 63 bytes */
	ILNP_A_HOP_LIMIT,	/* u8, 1..255 */
	ILNP_A_ROUTE_LIFETIME,	/* u32: seconds a learnt route lives */
	ILNP_A_ROUTE_MAX,	/* u32: forwarding table cap */
	ILNP_A_LOCATOR,		/* u64 */
	ILNP_A_PREFERENCE,	/* u16: lower is preferred */
	ILNP_A_UNDERLAY,	/* u32: underlay ifindex */
	ILNP_A_PORT,		/* u16 */
	ILNP_A_GROUP,		/* u16 */
	ILNP_A_MTU,		/* u32 */
	ILNP_A_VIA,		/* u64: locator a route leaves by */
	ILNP_A_AGE_MS,		/* u32: ms since last refreshed */
	ILNP_A_FLAGS,		/* u32: ILNP_ROUTE_F_* */
	ILNP_A_STATS,		/* nested: ILNP_STAT_* as u64 */
	ILNP_A_DST_LOC,		/* u64 */
	ILNP_A_DST_NID,		/* u64 */
	ILNP_A_SRC_LOC,		/* u64 */
	ILNP_A_SRC_NID,		/* u64 */
	ILNP_A_ECHO_ID,		/* u16 */
	ILNP_A_ECHO_SEQ,	/* u16 */
	ILNP_A_PAYLOAD_LEN,	/* u16: echo payload bytes */
	ILNP_A_ROUTE_COUNT,	/* u32: routes in the table */
	ILNP_A_DISC_PERIOD,	/* u32: seconds between solicitations, 0 off */
	ILNP_A_NEIGH_LIFETIME,	/* u32: seconds a neighbour lives unheard */
	ILNP_A_NEIGH_MAX,	/* u32: neighbour table cap */
	ILNP_A_NEIGH_COUNT,	/* u32: neighbours in the table */
	ILNP_A_LOCATORS,	/* nested: ILNP_A_LOCATOR_ENTRY... */
	ILNP_A_LOCATOR_ENTRY,	/* nested: LOCATOR, PREFERENCE, LIFETIME */
	ILNP_A_LIFETIME,	/* u32: seconds */
	ILNP_A_SEQ,		/* u32: discovery flood sequence number */
	ILNP_A_NEW_LOCATOR,	/* u64: where a move goes */
	ILNP_A_NEW_IFINDEX,	/* u32: device a move goes to (vertical) */
	ILNP_A_HANDOFF_MS,	/* u32: both locators kept this long */
	ILNP_A_SESSION_LIFETIME, /* u32: s a quiet peer still gets updates */
	ILNP_A_LU_RETRIES,	/* u32: locator update retransmissions */
	ILNP_A_NONCE_LOCAL,	/* u32: our nonce toward a peer */
	ILNP_A_NONCE_PEER,	/* u32: the peer's nonce, if learnt */
	ILNP_A_LU_STATE,	/* u8: ILNP_LU_* */
	ILNP_A_LU_SEQ,		/* u32: our last update's sequence */
	ILNP_A_LU_RTT_US,	/* u32: last update's round trip */
	ILNP_A_CACHE_COUNT,	/* u32: peers in the ILCC */
	ILNP_A_PATH_HOLD_MS,	/* u32: a flow waits this on a path change */
	__ILNP_A_MAX
};

#define ILNP_A_MAX		(__ILNP_A_MAX - 1)

#define ILNP_ROUTE_F_OWN	0x1	/* our own locator: never expires */

/* Locator update state of an ILCC entry (ILNP_A_LU_STATE). */
enum ilnp_lu_state {
	ILNP_LU_IDLE,		/* nothing sent since the entry appeared */
	ILNP_LU_PENDING,	/* sent, not acked yet: retransmitting */
	ILNP_LU_ACKED,		/* the last update was acked */
	ILNP_LU_FAILED,		/* retries ran out */
};

/*
 * Per device counters: inside ILNP_A_STATS, one u64 attribute per
 * counter, its type the ILNP_STAT_* value.  Padding inside the nest has
 * type ILNP_STAT_UNSPEC: skip it.
 */
enum ilnp_stat {
	ILNP_STAT_UNSPEC,
	ILNP_STAT_RX_PACKETS,	/* valid ILNPv6 packets received */
	ILNP_STAT_RX_BYTES,
	ILNP_STAT_TX_PACKETS,
	ILNP_STAT_TX_BYTES,
	ILNP_STAT_FORWARDED,	/* sent on toward another node */
	ILNP_STAT_DELIVERED,	/* for this node */
	ILNP_STAT_ECHO_REPLIED,	/* echo requests answered */
	ILNP_STAT_DROP_SHORT,	/* shorter than the ILNPv6 header */
	ILNP_STAT_DROP_VERSION,	/* version not 6 */
	ILNP_STAT_DROP_LENGTH,	/* payload or STP length != bytes received */
	ILNP_STAT_DROP_HOP_LIMIT, /* hop limit 0, or would reach 0 */
	ILNP_STAT_DROP_NO_ROUTE, /* no way toward the destination locator */
	ILNP_STAT_DROP_NOT_FOR_US, /* another node's, and we do not forward */
	ILNP_STAT_DROP_NEXT_HEADER, /* next header not understood */
	ILNP_STAT_DROP_CHECKSUM, /* bad ICMP or STP checksum */
	ILNP_STAT_DROP_MALFORMED, /* bad ICMP or upper-layer message */
	ILNP_STAT_DROP_GROUP,	/* arrived on a group we have not joined */
	ILNP_STAT_ROUTE_OVERFLOW, /* route not learnt: table at its cap */
	ILNP_STAT_TX_ERRORS,	/* could not be sent on the underlay */
	ILNP_STAT_DROP_NO_PORT,	/* STP datagram for a port nobody bound */
	ILNP_STAT_DROP_RCVBUF,	/* STP datagram: receive queue full */
	ILNP_STAT_DISC_SENT,	/* discovery messages we originated, per copy */
	ILNP_STAT_DISC_RECEIVED, /* discovery messages received, valid */
	ILNP_STAT_DISC_FORWARDED, /* flooded on, per copy */
	ILNP_STAT_DISC_DUPLICATE, /* (origin, sequence) seen before: dropped */
	ILNP_STAT_NEIGH_OVERFLOW, /* neighbour not learnt: table at its cap */
	ILNP_STAT_LU_SENT,	/* locator updates sent (first copies) */
	ILNP_STAT_LU_RETRANSMITTED, /* ... and again, not acked in time */
	ILNP_STAT_LU_RECEIVED,	/* valid updates from peers, applied */
	ILNP_STAT_LU_ACKED,	/* acks for our updates */
	ILNP_STAT_LU_REJECTED,	/* update or ack: nonce missing or wrong */
	ILNP_STAT_LU_STALE,	/* update or ack older than the last one */
	ILNP_STAT_ILCC_OVERFLOW, /* peer not cached: ILCC at its cap */
	ILNP_STAT_DROP_OTHER_NETWORK, /* for our locator L, heard on another
				       * network: L's copy arrives there
				       */
	__ILNP_STAT_MAX
};

#define ILNP_STAT_MAX		(__ILNP_STAT_MAX - 1)

#endif /* _UAPI_LINUX_ILNP_H */
