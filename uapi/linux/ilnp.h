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
#define ILNP_ECHO_PAYLOAD_MAX	9000	/* ILNP_A_ECHO_PAYLOAD_LEN bound */

/* Discovery defaults (settable with ILNP_CMD_NODE_SET). */
#define ILNP_DISC_PERIOD_S	20	/* s; each wait is 0.75 to 1.5 times it */
#define ILNP_NEIGH_LIFETIME_S	90	/* s, as the prototype */
#define ILNP_NEIGH_MAX		1024
/* The identity prefix a node starts with: fd69:6c6e:7000::/64, a ULA
 * ("iln" "p" in its global id), the same on every node so that addresses
 * passed inside a protocol mean the same everywhere.
 */
#define ILNP_IDENTITY_PREFIX_DEFAULT	0xfd696c6e70000000ULL

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
	/* u8, 0 or 1: learn locators from the routers' advertisements
	 * on the underlay link (Documentation/mobility.rst).  The one
	 * setting a change of the link may alter.
	 */
	IFLA_ILNP_AUTO,
	/* u8, ILNP_PROFILE_*: the wire the device speaks.  Set at
	 * creation only (Documentation/protocol.rst, "The prototype
	 * profile").
	 */
	IFLA_ILNP_PROFILE,
	__IFLA_ILNP_MAX
};

#define IFLA_ILNP_MAX		(__IFLA_ILNP_MAX - 1)

/* IFLA_ILNP_PROFILE, ILNP_A_LINK_PROFILE. */
enum ilnp_profile {
	ILNP_PROFILE_NATIVE,		/* this module's wire (default) */
	ILNP_PROFILE_PROTOTYPE,		/* the 2021 Python prototype's */
	__ILNP_PROFILE_MAX
};

#define ILNP_PROFILE_MAX	(__ILNP_PROFILE_MAX - 1)

/*
 * Generic netlink family "ilnp", version 2: the "Netlink API v1" of issue
 * 12.  Family version 1 had one flat space of attributes, some of them
 * with several meanings; version 2 gives every object its own attribute
 * set, and a message carries at its top level only the nest of the object
 * it is about (ILNP_A_NODE, ILNP_A_LINK, ...).  A version 1 request with
 * attributes is refused (they are not nests), and version 1 readers
 * would not understand the replies: check the family's version
 * (CTRL_ATTR_VERSION) first, as ilnp-ip does.  Documentation/netlink/
 * ilnp.yaml says the same in the kernel's YAML spec format.
 *
 * Every command that changes state or sends a packet needs CAP_NET_ADMIN
 * in the user namespace that owns the netns (EPERM without it); reads
 * need none, and the ILCC dump leaves its secrets out for them.  Every
 * table has a dump.  Integers are in host byte order, netlink's
 * custom; ports too (unlike vxlan's IFLA_VXLAN_PORT).
 *
 * Requests are validated strictly, per command: an attribute the command
 * does not take (at the top level or inside the nest, a reply-only one
 * included), a wrong length, a nest without NLA_F_NESTED or trailing
 * bytes are refused with EINVAL, a value out of range with ERANGE, each
 * with an extended ack message naming the attribute; nothing changes.
 * Dump requests take no attributes.  Replies may grow attributes: skip
 * unknown ones.
 *
 * Sockets: ILNP_CMD_SOCKET_GET dumps what /proc/net/ilnp/sockets lists
 * (Documentation/sockets.rst), for ilnp-ip socket show.
 */
#define ILNP_GENL_NAME		"ilnp"
#define ILNP_GENL_VERSION	2

/*
 * Commands, with their request and reply.  "{ A, B [, C] }" is the nest's
 * attributes, [optional].
 */
enum ilnp_cmd {
	ILNP_CMD_UNSPEC,
	/* do: no attributes.  Reply: ILNP_A_NODE { every ILNP_A_NODE_* } */
	ILNP_CMD_NODE_GET,
	/* do: ILNP_A_NODE { [NID, HOSTNAME, HOP_LIMIT, ROUTE_LIFETIME,
	 * ROUTE_CAP, DISC_PERIOD, NEIGH_LIFETIME, NEIGH_CAP,
	 * SESSION_LIFETIME, LU_RETRIES, PATH_HOLD_MS, IDENTITY_PREFIX,
	 * RA_INTERVAL] }, at least one.
	 */
	ILNP_CMD_NODE_SET,
	/* dump: ILNP_A_LINK { IFINDEX, IFNAME, UNDERLAY, PORT, GROUP, MTU,
	 * AUTO, PROFILE }
	 */
	ILNP_CMD_LINK_GET,
	/* do: ILNP_A_LOCATOR { IFINDEX, LOC [, PREFERENCE, ADVERTISE] } */
	ILNP_CMD_LOCATOR_ADD,
	/* do: ILNP_A_LOCATOR { IFINDEX, LOC } */
	ILNP_CMD_LOCATOR_DEL,
	/* dump: ILNP_A_LOCATOR { IFINDEX, LOC, PREFERENCE [, ADVERTISE]
	 * [, LEARNT, ROUTER, LIFETIME [, STALE]] } per locator
	 */
	ILNP_CMD_LOCATOR_GET,
	/* dump: ILNP_A_ROUTE { LOC, VIA, IFINDEX, AGE_MS, FLAGS [, LLADDR] },
	 * then the hosts: the same with NID and flag HOST.
	 */
	ILNP_CMD_ROUTE_GET,
	/* dump: ILNP_A_STATS { IFINDEX, IFNAME, COUNTERS } per device */
	ILNP_CMD_STATS_GET,
	/* do: ILNP_A_ECHO { DST_LOC, DST_NID, ID, SEQ [, HOP_LIMIT,
	 * PAYLOAD_LEN, OUT_LOC] }: send an echo request (ilnp-ping).
	 */
	ILNP_CMD_ECHO_SEND,
	/* Never a request: sent (portid and sequence 0) to each netlink
	 * socket that sent an ILNP_CMD_ECHO_SEND with the reply's ID and is
	 * still open, for every echo reply that arrives: ILNP_A_ECHO {
	 * SRC_LOC, SRC_NID, ID, SEQ, HOP_LIMIT, PAYLOAD_LEN, IFINDEX, LOC }.
	 * There is no multicast group: other users do not hear replies.
	 */
	ILNP_CMD_ECHO_REPLY,
	/* dump: ILNP_A_NEIGH { NID, HOSTNAME, PEER_LOC..., IFINDEX, VIA,
	 * AGE_MS, SEQ }: neighbours learnt by discovery.
	 */
	ILNP_CMD_NEIGH_GET,
	/* do: ILNP_A_NEIGH { HOSTNAME }.  Reply: ILNP_A_NEIGH { NID, LOC,
	 * HOSTNAME }, LOC the neighbour's preferred locator.
	 */
	ILNP_CMD_RESOLVE,
	/* do: no attributes: send a discovery solicitation now. */
	ILNP_CMD_SOLICIT,
	/* dump: ILNP_A_CACHE { NID, LOC, PEER_LOC... [, NONCE_LOCAL]
	 * [, NONCE_PEER], AGE_MS, LU_STATE [, LU_SEQ], LU_RETRIES
	 * [, LU_RTT_US] } per peer in the ILCC.  The nonces and LU_SEQ,
	 * what a forged update needs, go to CAP_NET_ADMIN only.
	 */
	ILNP_CMD_CACHE_GET,
	/* do: ILNP_A_LOCATOR { IFINDEX, LOC (old), NEW_LOC [, NEW_IFINDEX,
	 * HANDOFF_MS, PREFERENCE] }
	 */
	ILNP_CMD_LOCATOR_MOVE,
	/* dump: ILNP_A_SOCKET { LOC, NID, PORT [, PEER_LOC, PEER_NID,
	 * PEER_PORT], RECV_Q, SEND_Q, DROPS, UID, INODE } per bound socket
	 */
	ILNP_CMD_SOCKET_GET,
	/* Never a request: one per event, multicast to the group of its
	 * kind (ILNP_MCGRP_*): ILNP_A_EVENT { TYPE [, any ILNP_A_EVENT_*
	 * the type carries] }.  Documentation/netlink/ilnp.yaml lists them.
	 */
	ILNP_CMD_EVENT,
	/* do: [ILNP_A_ROUTE { IFINDEX }]: forget the learnt routes and the
	 * hosts' next hops (those through that device, if given); our own
	 * locators' routes stay.
	 */
	ILNP_CMD_ROUTE_FLUSH,
	/* do: [ILNP_A_NEIGH { IFINDEX }]: forget the neighbours discovery
	 * learnt (on that device, if given).
	 */
	ILNP_CMD_NEIGH_FLUSH,
	__ILNP_CMD_MAX
};

#define ILNP_CMD_MAX		(__ILNP_CMD_MAX - 1)

/* Top level: one nest per object. */
enum ilnp_attr {
	ILNP_A_UNSPEC,
	ILNP_A_NODE,		/* nested: ILNP_A_NODE_* */
	ILNP_A_LINK,		/* nested: ILNP_A_LINK_* */
	ILNP_A_LOCATOR,		/* nested: ILNP_A_LOCATOR_* */
	ILNP_A_ROUTE,		/* nested: ILNP_A_ROUTE_* */
	ILNP_A_NEIGH,		/* nested: ILNP_A_NEIGH_* */
	ILNP_A_CACHE,		/* nested: ILNP_A_CACHE_* */
	ILNP_A_STATS,		/* nested: ILNP_A_STATS_* */
	ILNP_A_ECHO,		/* nested: ILNP_A_ECHO_* */
	ILNP_A_SOCKET,		/* nested: ILNP_A_SOCKET_* */
	ILNP_A_EVENT,		/* nested: ILNP_A_EVENT_* */
	__ILNP_A_MAX
};

#define ILNP_A_MAX		(__ILNP_A_MAX - 1)

/* The node (per netns): identity and the settings of its tables. */
enum ilnp_node_attr {
	ILNP_A_NODE_UNSPEC,
	ILNP_A_NODE_PAD,
	ILNP_A_NODE_NID,		/* u64, not 0 */
	ILNP_A_NODE_HOSTNAME,		/* string, at most 63 bytes */
	ILNP_A_NODE_HOP_LIMIT,		/* u8, 1..255 */
	ILNP_A_NODE_ROUTE_LIFETIME,	/* u32: s a learnt route lives */
	ILNP_A_NODE_ROUTE_CAP,		/* u32: forwarding table cap */
	ILNP_A_NODE_ROUTE_COUNT,	/* u32, reply only: routes */
	ILNP_A_NODE_DISC_PERIOD,	/* u32: s between solicitations, 0 off */
	ILNP_A_NODE_NEIGH_LIFETIME,	/* u32: s a neighbour lives unheard */
	ILNP_A_NODE_NEIGH_CAP,		/* u32: neighbour table cap */
	ILNP_A_NODE_NEIGH_COUNT,	/* u32, reply only: neighbours */
	ILNP_A_NODE_SESSION_LIFETIME,	/* u32: s a quiet peer gets updates */
	ILNP_A_NODE_LU_RETRIES,		/* u32: locator update retransmissions */
	ILNP_A_NODE_PATH_HOLD_MS,	/* u32: a flow waits this on a path change */
	ILNP_A_NODE_CACHE_COUNT,	/* u32, reply only: peers in the ILCC */
	/* u64: the upper half of the node's identity address, the IPv6
	 * address unmodified programs know it by (the lower half is the
	 * NID); a unicast prefix (not ::, multicast, link-local, loopback).
	 * Documentation/applications.rst.
	 */
	ILNP_A_NODE_IDENTITY_PREFIX,
	/* u32, 1..3600: s between a router's locator advertisements
	 * (each wait 0.75 to 1 times it); they live three times it.
	 */
	ILNP_A_NODE_RA_INTERVAL,
	__ILNP_A_NODE_MAX
};

#define ILNP_A_NODE_MAX		(__ILNP_A_NODE_MAX - 1)

/* An overlay device. */
enum ilnp_link_attr {
	ILNP_A_LINK_UNSPEC,
	ILNP_A_LINK_IFINDEX,		/* u32 */
	ILNP_A_LINK_IFNAME,		/* string */
	ILNP_A_LINK_UNDERLAY,		/* u32: underlay ifindex */
	ILNP_A_LINK_PORT,		/* u16: UDP port */
	ILNP_A_LINK_GROUP,		/* u16: multicast group G */
	ILNP_A_LINK_MTU,		/* u32 */
	ILNP_A_LINK_AUTO,		/* u8: learns locators (IFLA_ILNP_AUTO) */
	ILNP_A_LINK_PROFILE,		/* u8: ILNP_PROFILE_* */
	__ILNP_A_LINK_MAX
};

#define ILNP_A_LINK_MAX		(__ILNP_A_LINK_MAX - 1)

/* One of the node's own locators, on an overlay device. */
enum ilnp_locator_attr {
	ILNP_A_LOCATOR_UNSPEC,
	ILNP_A_LOCATOR_PAD,
	ILNP_A_LOCATOR_IFINDEX,		/* u32: overlay device */
	ILNP_A_LOCATOR_LOC,		/* u64: the locator */
	ILNP_A_LOCATOR_PREFERENCE,	/* u16: lower is preferred */
	ILNP_A_LOCATOR_NEW_LOC,		/* u64: where a move goes */
	ILNP_A_LOCATOR_NEW_IFINDEX,	/* u32: device a move goes to */
	ILNP_A_LOCATOR_HANDOFF_MS,	/* u32: both kept this long, <= 1 h */
	ILNP_A_LOCATOR_ADVERTISE,	/* u8: advertised on its link (add) */
	ILNP_A_LOCATOR_LEARNT,		/* u8, reply: from an advertisement */
	ILNP_A_LOCATOR_ROUTER,		/* u64, reply: the advertiser's NID */
	ILNP_A_LOCATOR_LIFETIME,	/* u32, reply: s left, learnt only */
	ILNP_A_LOCATOR_STALE,		/* u8, reply: its link went down */
	__ILNP_A_LOCATOR_MAX
};

#define ILNP_A_LOCATOR_MAX	(__ILNP_A_LOCATOR_MAX - 1)

/* A forwarding table entry. */
enum ilnp_route_attr {
	ILNP_A_ROUTE_UNSPEC,
	ILNP_A_ROUTE_PAD,
	ILNP_A_ROUTE_LOC,		/* u64: destination locator */
	ILNP_A_ROUTE_VIA,		/* u64: our locator it leaves by */
	ILNP_A_ROUTE_IFINDEX,		/* u32: overlay device */
	ILNP_A_ROUTE_AGE_MS,		/* u32: ms since last refreshed */
	ILNP_A_ROUTE_FLAGS,		/* u32: ILNP_ROUTE_F_* */
	ILNP_A_ROUTE_LLADDR,		/* binary (6): next hop's Ethernet */
	ILNP_A_ROUTE_NID,		/* u64: the host (flag HOST) */
	__ILNP_A_ROUTE_MAX
};

#define ILNP_A_ROUTE_MAX	(__ILNP_A_ROUTE_MAX - 1)

#define ILNP_ROUTE_F_OWN	0x1	/* our own locator: never expires */
#define ILNP_ROUTE_F_HOST	0x2	/* a node NID heard directly on LOC */

/* A peer's locator, as it advertised it: inside ILNP_A_NEIGH_PEER_LOC
 * and ILNP_A_CACHE_PEER_LOC, one nest per locator.
 */
enum ilnp_peer_loc_attr {
	ILNP_A_PEER_LOC_UNSPEC,
	ILNP_A_PEER_LOC_PAD,
	ILNP_A_PEER_LOC_LOC,		/* u64 */
	ILNP_A_PEER_LOC_PREFERENCE,	/* u16: lower is preferred */
	ILNP_A_PEER_LOC_LIFETIME,	/* u32: s, as advertised */
	__ILNP_A_PEER_LOC_MAX
};

#define ILNP_A_PEER_LOC_MAX	(__ILNP_A_PEER_LOC_MAX - 1)

/* A neighbour learnt by discovery. */
enum ilnp_neigh_attr {
	ILNP_A_NEIGH_UNSPEC,
	ILNP_A_NEIGH_PAD,
	ILNP_A_NEIGH_NID,		/* u64 */
	ILNP_A_NEIGH_HOSTNAME,		/* string, at most 63 bytes */
	ILNP_A_NEIGH_LOC,		/* u64: its preferred locator (resolve) */
	ILNP_A_NEIGH_PEER_LOC,		/* nested, repeated: ILNP_A_PEER_LOC_* */
	ILNP_A_NEIGH_IFINDEX,		/* u32: device it was learnt on */
	ILNP_A_NEIGH_VIA,		/* u64: our locator it was learnt on */
	ILNP_A_NEIGH_AGE_MS,		/* u32: ms since last heard */
	ILNP_A_NEIGH_SEQ,		/* u32: its discovery sequence number */
	__ILNP_A_NEIGH_MAX
};

#define ILNP_A_NEIGH_MAX	(__ILNP_A_NEIGH_MAX - 1)

/* A peer in the ILNP correspondent cache (ILCC). */
enum ilnp_cache_attr {
	ILNP_A_CACHE_UNSPEC,
	ILNP_A_CACHE_PAD,
	ILNP_A_CACHE_NID,		/* u64 */
	ILNP_A_CACHE_LOC,		/* u64: the locator we send to now */
	ILNP_A_CACHE_PEER_LOC,		/* nested, repeated: ILNP_A_PEER_LOC_* */
	ILNP_A_CACHE_NONCE_LOCAL,	/* u32: our nonce toward the peer */
	ILNP_A_CACHE_NONCE_PEER,	/* u32: the peer's nonce, if learnt */
	ILNP_A_CACHE_AGE_MS,		/* u32: ms since last active */
	ILNP_A_CACHE_LU_STATE,		/* u8: ILNP_LU_* */
	ILNP_A_CACHE_LU_SEQ,		/* u32: our last update's sequence */
	ILNP_A_CACHE_LU_RETRIES,	/* u32: its retransmissions so far */
	ILNP_A_CACHE_LU_RTT_US,		/* u32: its round trip, once acked */
	__ILNP_A_CACHE_MAX
};

#define ILNP_A_CACHE_MAX	(__ILNP_A_CACHE_MAX - 1)

/* Counters of an overlay device. */
enum ilnp_stats_attr {
	ILNP_A_STATS_UNSPEC,
	ILNP_A_STATS_IFINDEX,		/* u32 */
	ILNP_A_STATS_IFNAME,		/* string */
	ILNP_A_STATS_COUNTERS,		/* nested: ILNP_STAT_* as u64 */
	__ILNP_A_STATS_MAX
};

#define ILNP_A_STATS_MAX	(__ILNP_A_STATS_MAX - 1)

/* An echo request to send, or the reply that came back. */
enum ilnp_echo_attr {
	ILNP_A_ECHO_UNSPEC,
	ILNP_A_ECHO_PAD,
	ILNP_A_ECHO_DST_LOC,		/* u64, request */
	ILNP_A_ECHO_DST_NID,		/* u64, request */
	ILNP_A_ECHO_ID,			/* u16 */
	ILNP_A_ECHO_SEQ,		/* u16 */
	ILNP_A_ECHO_HOP_LIMIT,		/* u8, 1..255: sent with / arrived with */
	ILNP_A_ECHO_PAYLOAD_LEN,	/* u16, <= ILNP_ECHO_PAYLOAD_MAX */
	ILNP_A_ECHO_SRC_LOC,		/* u64, reply: who answered */
	ILNP_A_ECHO_SRC_NID,		/* u64, reply */
	ILNP_A_ECHO_IFINDEX,		/* u32, reply: device it arrived on */
	ILNP_A_ECHO_LOC,		/* u64, reply: our locator it came to */
	/* u64, request: our locator to send from (ilnp-ping -I); the
	 * request leaves on that locator's network whatever the route.
	 */
	ILNP_A_ECHO_OUT_LOC,
	__ILNP_A_ECHO_MAX
};

#define ILNP_A_ECHO_MAX		(__ILNP_A_ECHO_MAX - 1)

/* A bound AF_ILNP socket, as a line of /proc/net/ilnp/sockets. */
enum ilnp_socket_attr {
	ILNP_A_SOCKET_UNSPEC,
	ILNP_A_SOCKET_PAD,
	ILNP_A_SOCKET_LOC,		/* u64: bound locator, 0 any of ours */
	ILNP_A_SOCKET_NID,		/* u64: our NID */
	ILNP_A_SOCKET_PORT,		/* u16 */
	ILNP_A_SOCKET_PEER_LOC,		/* u64, connected sockets only */
	ILNP_A_SOCKET_PEER_NID,		/* u64, connected sockets only */
	ILNP_A_SOCKET_PEER_PORT,	/* u16, connected sockets only */
	ILNP_A_SOCKET_RECV_Q,		/* u32: bytes in the receive queue */
	ILNP_A_SOCKET_SEND_Q,		/* u32: bytes being sent */
	ILNP_A_SOCKET_DROPS,		/* u32: datagrams dropped */
	ILNP_A_SOCKET_UID,		/* u32, in the requester's user ns */
	ILNP_A_SOCKET_INODE,		/* u64 */
	__ILNP_A_SOCKET_MAX
};

#define ILNP_A_SOCKET_MAX	(__ILNP_A_SOCKET_MAX - 1)

/*
 * Events (ILNP_CMD_EVENT), in four multicast groups any user may join
 * (what they say, the gets and dumps show to all too; never a nonce):
 * "ilnp-ip monitor" prints them.
 */
#define ILNP_MCGRP_LOCATOR	"locator"	/* our locators, moves */
#define ILNP_MCGRP_UPDATE	"update"	/* locator updates, peers */
#define ILNP_MCGRP_NEIGH	"neigh"		/* neighbours */
#define ILNP_MCGRP_ROUTE	"route"		/* learnt routes, next hops */

enum ilnp_event_type {
	ILNP_EV_UNSPEC,
	ILNP_EV_LOCATOR_ADD,	/* IFINDEX, LOC, PREFERENCE [, ROUTER] */
	ILNP_EV_LOCATOR_DEL,	/* IFINDEX, LOC */
	ILNP_EV_LOCATOR_DEPRECATED, /* IFINDEX, LOC: a soft handoff's old */
	ILNP_EV_MOVE_START,	/* IFINDEX, LOC, NEW_IFINDEX, NEW_LOC,
				 * HANDOFF_MS
				 */
	ILNP_EV_MOVE_DONE,	/* IFINDEX, LOC (gone), NEW_LOC */
	ILNP_EV_LU_SENT,	/* NID, PEER_LOC (sent to), SEQ: as it goes */
	ILNP_EV_LU_RETRANSMIT,	/* NID, PEER_LOC, SEQ, RETRIES */
	ILNP_EV_LU_ACKED,	/* IFINDEX, NID, SEQ, RTT_US */
	ILNP_EV_LU_FAILED,	/* NID, SEQ, RETRIES: retries ran out */
	ILNP_EV_LU_REFUSED,	/* IFINDEX, NID, LU_OP, SEQ, REASON: an update
				 * or ack from a peer, not taken
				 */
	ILNP_EV_PEER_LOC,	/* NID, PEER_LOC (old, 0 none), NEW_LOC: where
				 * we send to the peer changed
				 */
	ILNP_EV_NEIGH_NEW,	/* IFINDEX, NID, HOSTNAME, VIA */
	ILNP_EV_NEIGH_GONE,	/* IFINDEX, NID, HOSTNAME, REASON */
	ILNP_EV_ROUTE_NEW,	/* IFINDEX, PEER_LOC, VIA [, LLADDR]; a host:
				 * with NID
				 */
	ILNP_EV_ROUTE_GONE,	/* the same, and REASON */
	__ILNP_EV_MAX
};

#define ILNP_EV_MAX		(__ILNP_EV_MAX - 1)

/* Why (ILNP_A_EVENT_REASON). */
enum ilnp_event_reason {
	ILNP_EV_REASON_NONE,
	ILNP_EV_REASON_NO_SESSION,	/* no ILCC entry for the sender */
	ILNP_EV_REASON_BAD_NONCE,	/* nonce missing or wrong */
	ILNP_EV_REASON_STALE,		/* older than the last one */
	ILNP_EV_REASON_EXPIRED,		/* its lifetime ran out */
	ILNP_EV_REASON_FLUSHED,		/* device, locator or command */
	ILNP_EV_REASON_EVICTED,		/* the table at its cap */
};

enum ilnp_event_attr {
	ILNP_A_EVENT_UNSPEC,
	ILNP_A_EVENT_PAD,
	ILNP_A_EVENT_TYPE,		/* u32: ILNP_EV_* */
	ILNP_A_EVENT_IFINDEX,		/* u32: overlay device */
	ILNP_A_EVENT_LOC,		/* u64: our locator */
	ILNP_A_EVENT_NEW_IFINDEX,	/* u32: device a move goes to */
	ILNP_A_EVENT_NEW_LOC,		/* u64: a move's, or a peer's, new */
	ILNP_A_EVENT_PREFERENCE,	/* u16 */
	ILNP_A_EVENT_HANDOFF_MS,	/* u32 */
	ILNP_A_EVENT_NID,		/* u64: the peer, neighbour or host */
	ILNP_A_EVENT_PEER_LOC,		/* u64: a peer's or a route's locator */
	ILNP_A_EVENT_VIA,		/* u64: our locator it was learnt on */
	ILNP_A_EVENT_SEQ,		/* u32: locator update sequence */
	ILNP_A_EVENT_RETRIES,		/* u32 */
	ILNP_A_EVENT_RTT_US,		/* u32 */
	ILNP_A_EVENT_LU_OP,		/* u8: 1 update, 2 ack */
	ILNP_A_EVENT_REASON,		/* u32: ILNP_EV_REASON_* */
	ILNP_A_EVENT_HOSTNAME,		/* string */
	ILNP_A_EVENT_LLADDR,		/* binary (6): next hop's Ethernet */
	ILNP_A_EVENT_ROUTER,		/* u64: a learnt locator's advertiser */
	__ILNP_A_EVENT_MAX
};

#define ILNP_A_EVENT_MAX	(__ILNP_A_EVENT_MAX - 1)

/* Locator update state of an ILCC entry (ILNP_A_CACHE_LU_STATE). */
enum ilnp_lu_state {
	ILNP_LU_IDLE,		/* nothing sent since the entry appeared */
	ILNP_LU_PENDING,	/* sent, not acked yet: retransmitting */
	ILNP_LU_ACKED,		/* the last update was acked */
	ILNP_LU_FAILED,		/* retries ran out */
};

/*
 * Per device counters: inside ILNP_A_STATS_COUNTERS, one u64 attribute
 * per counter, its type the ILNP_STAT_* value.  Padding inside the nest has
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
	ILNP_STAT_LU_PROBED,	/* claimed locators probed (echo requests) */
	ILNP_STAT_LU_VERIFIED,	/* ... whose answer came: flows followed */
	ILNP_STAT_DROP_BAD_SOURCE, /* source NID 0, or our own */
	ILNP_STAT_DROP_TOO_BIG,	/* to forward or echo back: above the
				 * egress device's MTU
				 */
	ILNP_STAT_DISC_SUPPRESSED, /* solicitations not answered: their
				    * origin was answered < 5 s before
				    */
	ILNP_STAT_ROUTE_EVICTED, /* learnt route evicted for a new one */
	ILNP_STAT_NEIGH_EVICTED, /* neighbour evicted for a new one */
	ILNP_STAT_ILCC_EVICTED,	/* ILCC entry evicted for a new one */
	ILNP_STAT_IDENTITY_TX,	/* IPv6 packets of the stack's sent */
	ILNP_STAT_IDENTITY_RX,	/* ... received, handed to the stack */
	ILNP_STAT_DROP_NOT_IDENTITY, /* IPv6 packet not between identity
				      * addresses (or for all nodes)
				      */
	ILNP_STAT_TX_UNICAST,	/* of tx_packets: to the next hop alone */
	ILNP_STAT_RA_SENT,	/* locator advertisements sent */
	ILNP_STAT_RS_SENT,	/* locator solicitations sent */
	ILNP_STAT_RA_RECEIVED,	/* advertisements received, valid */
	ILNP_STAT_RS_RECEIVED,	/* solicitations received, valid */
	ILNP_STAT_RA_IGNORED,	/* advertised locators not taken: manual
				 * here, on another device, at the cap, a
				 * cut of a lifetime refused
				 */
	ILNP_STAT_RA_EXPIRED,	/* learnt locators gone: lifetime out, or
				 * their link down past the grace
				 */
	ILNP_STAT_RA_CHECKS,	/* checks of the link: solicitations sent
				 * on a sign it changed with no link event
				 */
	ILNP_STAT_RA_UNHEARD,	/* learnt locators a check did not hear
				 * again: stale, as on a link loss
				 */
	ILNP_STAT_PROTO_UNTRANSLATABLE, /* not sent: the prototype's wire
					 * has no equivalent
					 */
	__ILNP_STAT_MAX
};

#define ILNP_STAT_MAX		(__ILNP_STAT_MAX - 1)

#endif /* _UAPI_LINUX_ILNP_H */
