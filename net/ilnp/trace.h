/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Tracepoints, one per layer as the prototype logged them: a packet
 * received (valid, before it is delivered or forwarded), transmitted
 * (as it leaves on the underlay), forwarded, and dropped, with the
 * counter that says why.  perf trace -e 'ilnp:*', bpftrace and
 * /sys/kernel/tracing/events/ilnp/ see them; off, each costs a static
 * branch.
 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM ilnp

#if !defined(_ILNP_TRACE_H) || defined(TRACE_HEADER_MULTI_READ)
#define _ILNP_TRACE_H

#include <linux/netdevice.h>
#include <linux/tracepoint.h>

#include "wire.h"

/* Drop counters, as ilnp-ip stats names them. */
#define ilnp_drop_names					\
	{ ILNP_STAT_DROP_SHORT, "short" },		\
	{ ILNP_STAT_DROP_VERSION, "version" },		\
	{ ILNP_STAT_DROP_LENGTH, "length" },		\
	{ ILNP_STAT_DROP_HOP_LIMIT, "hop_limit" },	\
	{ ILNP_STAT_DROP_NO_ROUTE, "no_route" },	\
	{ ILNP_STAT_DROP_NOT_FOR_US, "not_for_us" },	\
	{ ILNP_STAT_DROP_NEXT_HEADER, "next_header" },	\
	{ ILNP_STAT_DROP_CHECKSUM, "checksum" },	\
	{ ILNP_STAT_DROP_MALFORMED, "malformed" },	\
	{ ILNP_STAT_DROP_GROUP, "group" },		\
	{ ILNP_STAT_TX_ERRORS, "tx_error" },		\
	{ ILNP_STAT_DROP_NO_PORT, "no_port" },		\
	{ ILNP_STAT_DROP_RCVBUF, "rcvbuf" },		\
	{ ILNP_STAT_DISC_DUPLICATE, "disc_duplicate" },	\
	{ ILNP_STAT_LU_REJECTED, "lu_rejected" },	\
	{ ILNP_STAT_LU_STALE, "lu_stale" },		\
	{ ILNP_STAT_DROP_OTHER_NETWORK, "other_network" }, \
	{ ILNP_STAT_DROP_BAD_SOURCE, "bad_source" },	\
	{ ILNP_STAT_DROP_TOO_BIG, "too_big" },		\
	{ ILNP_STAT_DROP_NOT_IDENTITY, "not_identity" }, \
	{ ILNP_STAT_PROTO_UNTRANSLATABLE, "proto_untranslatable" }

/* A 64-bit locator or NID as ilnp-ip writes it: four hex groups. */
#define ILNP_TP_ID	"%x:%x:%x:%x"
#define ILNP_TP_ID_ARGS(v)						\
	(unsigned int)((v) >> 48), (unsigned int)((v) >> 32) & 0xffff,	\
	(unsigned int)((v) >> 16) & 0xffff, (unsigned int)(v) & 0xffff

/* A packet's ILNPv6 header and where it is. */
DECLARE_EVENT_CLASS(ilnp_packet,
	TP_PROTO(const struct net_device *dev, const struct ilnp_hdr *hdr,
		 u64 loc, unsigned int len),
	TP_ARGS(dev, hdr, loc, len),
	TP_STRUCT__entry(
		__field(int, ifindex)
		__field(u64, loc)
		__field(u64, src_loc)
		__field(u64, src_nid)
		__field(u64, dst_loc)
		__field(u64, dst_nid)
		__field(unsigned int, len)
		__field(u8, nexthdr)
		__field(u8, hop_limit)
	),
	TP_fast_assign(
		__entry->ifindex = dev->ifindex;
		__entry->loc = loc;
		__entry->src_loc = be64_to_cpu(hdr->src.loc);
		__entry->src_nid = be64_to_cpu(hdr->src.nid);
		__entry->dst_loc = be64_to_cpu(hdr->dst.loc);
		__entry->dst_nid = be64_to_cpu(hdr->dst.nid);
		__entry->len = len;
		__entry->nexthdr = hdr->nexthdr;
		__entry->hop_limit = hdr->hop_limit;
	),
	TP_printk("ifindex=%d loc=" ILNP_TP_ID " src=" ILNP_TP_ID ":" ILNP_TP_ID
		  " dst=" ILNP_TP_ID ":" ILNP_TP_ID " nexthdr=%u hlim=%u len=%u",
		  __entry->ifindex, ILNP_TP_ID_ARGS(__entry->loc),
		  ILNP_TP_ID_ARGS(__entry->src_loc),
		  ILNP_TP_ID_ARGS(__entry->src_nid),
		  ILNP_TP_ID_ARGS(__entry->dst_loc),
		  ILNP_TP_ID_ARGS(__entry->dst_nid),
		  __entry->nexthdr, __entry->hop_limit, __entry->len)
);

/* Valid, on our locator @loc; before delivery or forwarding. */
DEFINE_EVENT(ilnp_packet, ilnp_rx,
	TP_PROTO(const struct net_device *dev, const struct ilnp_hdr *hdr,
		 u64 loc, unsigned int len),
	TP_ARGS(dev, hdr, loc, len)
);

/* Leaving on the underlay from our locator @loc. */
DEFINE_EVENT(ilnp_packet, ilnp_tx,
	TP_PROTO(const struct net_device *dev, const struct ilnp_hdr *hdr,
		 u64 loc, unsigned int len),
	TP_ARGS(dev, hdr, loc, len)
);

/* Forwarded toward its destination, out of our locator @loc. */
DEFINE_EVENT(ilnp_packet, ilnp_forward,
	TP_PROTO(const struct net_device *dev, const struct ilnp_hdr *hdr,
		 u64 loc, unsigned int len),
	TP_ARGS(dev, hdr, loc, len)
);

/* Dropped (or refused), @reason the counter it was counted in. */
TRACE_EVENT(ilnp_drop,
	TP_PROTO(const struct net_device *dev, unsigned int reason),
	TP_ARGS(dev, reason),
	TP_STRUCT__entry(
		__field(int, ifindex)
		__field(unsigned int, reason)
	),
	TP_fast_assign(
		__entry->ifindex = dev->ifindex;
		__entry->reason = reason;
	),
	TP_printk("ifindex=%d reason=%s", __entry->ifindex,
		  __print_symbolic(__entry->reason, ilnp_drop_names))
);

#endif /* _ILNP_TRACE_H */

/* Out of tree: the header is found beside this file. */
#undef TRACE_INCLUDE_PATH
#define TRACE_INCLUDE_PATH .
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_FILE trace
#include <trace/define_trace.h>
