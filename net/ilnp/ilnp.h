/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The ilnp module's node: one per network namespace, and what its packet
 * paths share (input.c, output.c, nonce.c, icmp.c).  Each subsystem has
 * its own header, all included here; wire formats are in wire.h.
 *
 * Locking.  Configuration (devices, locators, node settings) changes
 * under RTNL, which the multicast joins need anyway.  Packet paths run
 * in softirq and read devices, locators, routes, neighbours, ILCC
 * entries and sockets under RCU; writers unlink, then free after a grace
 * period.  Lock order, outermost first; nothing nests otherwise:
 *
 *   lock_sock (an AF_ILNP socket)
 *     -> ilnp_ports.lock (bind, release; never RTNL under lock_sock)
 *   RTNL (netlink writes, locator update and discovery works, moves)
 *     -> ilnp_ilcc_entry.lock (locator update bookkeeping)
 *     -> ilnp_table.lock (flushes: fib, neigh, ILCC)
 *   ilnp_ilcc_entry.lock (STP send, path hold)
 *     -> the hold queue's own lock only; transmit runs after unlocking
 *   ilnp_table.lock, ilnp_dup_cache.lock: innermost, taken with BHs off
 *     (softirq learns routes, neighbours and floods)
 *
 * The identity address work (identity.c) takes RTNL alone, drops it,
 * then talks rtnetlink, which takes it again: it holds nothing else.
 */
#ifndef _ILNP_ILNP_H
#define _ILNP_ILNP_H

#include <linux/list.h>
#include <linux/types.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>

#include "compat.h"
#include "af_ilnp.h"
#include "device.h"
#include "discovery.h"
#include "events.h"
#include "fib.h"
#include "ilcc.h"
#include "locator_update.h"
#include "neigh.h"
#include "proto.h"
#include "ra.h"
#include "table.h"
#include "wire.h"

/* Per network namespace state: one netns is one ILNP node. */
struct ilnp_net {
	struct net *net;
	u64 nid;
	u8 hop_limit;
	char hostname[ILNP_HOSTNAME_MAX + 1];
	struct list_head devs;		/* RCU readers, RTNL writers */
	u32 gen;			/* bumped by config changes, RTNL */
	unsigned int nlocators;		/* over all devices; RTNL writes */
	struct ilnp_fib fib;
	struct ilnp_ports ports;
	struct ilnp_neigh_table neighs;
	struct ilnp_dup_cache dups;
	struct ilnp_disc disc;
	struct ilnp_ilcc ilcc;
	struct ilnp_lu_state_node lu;
	struct ilnp_ra ra;
	struct list_head moves;		/* soft handoffs under way, RTNL */
	u64 identity_prefix;		/* RTNL writes */
	struct work_struct identity_work;
	struct proc_dir_entry *proc_dir;
};

extern unsigned int ilnp_net_id;

static inline struct ilnp_net *ilnp_pernet(const struct net *net)
{
	return net_generic(net, ilnp_net_id);
}

/* node.c */
int ilnp_node_init(void);
void ilnp_node_exit(void);

/* input.c */
void ilnp_input(struct ilnp_dev *idev, u64 arrival, struct sk_buff *skb);
int ilnp_hdr_check(const struct ilnp_hdr *hdr, unsigned int len);
bool ilnp_src_nid_bad(const struct ilnp_hdr *hdr, u64 own_nid);

/* The hop limit a packet received with @hop_limit (> 1) is sent on
 * with, forwarded or flooded: one less, and never above our own, so
 * that a sender's 255 does not carry it further than our own packets
 * go.
 */
static inline u8 ilnp_fwd_hop_limit(struct ilnp_net *in, u8 hop_limit)
{
	return min_t(u8, hop_limit - 1, READ_ONCE(in->hop_limit));
}

/* output.c */
struct ilnp_out {
	struct ilnp_dev *idev;
	u64 loc;			/* our locator: the group to send on */
};

int ilnp_route_output(struct ilnp_net *in, u64 dst_loc, struct ilnp_out *out);
int ilnp_output_via(struct ilnp_net *in, struct sk_buff *skb, u8 proto,
		    u64 dst_loc, u64 dst_nid, u8 hop_limit, const u32 *nonce,
		    struct ilnp_dev **via, struct ilnp_dev *from);
int ilnp_output_src(struct ilnp_net *in, struct sk_buff *skb, u8 proto,
		    u64 src_loc, u64 dst_loc, u64 dst_nid, u8 hop_limit);

static inline int ilnp_output(struct ilnp_net *in, struct sk_buff *skb,
			      u8 proto, u64 dst_loc, u64 dst_nid, u8 hop_limit,
			      const u32 *nonce)
{
	return ilnp_output_via(in, skb, proto, dst_loc, dst_nid, hop_limit,
			       nonce, NULL, NULL);
}

void ilnp_hdr_build(struct ilnp_hdr *hdr, u8 nexthdr, u8 hop_limit,
		    unsigned int payload_len, u64 src_loc, u64 src_nid,
		    u64 dst_loc, u64 dst_nid);

/* identity.c */
void ilnp_identity_addr(struct in6_addr *a, u64 prefix, u64 nid);
bool ilnp_identity_prefix_valid(u64 prefix);
bool ilnp_identity_from_stack(struct ilnp_net *in, struct sk_buff *skb);
void ilnp_identity_xmit(struct ilnp_dev *idev, struct sk_buff *skb);
void ilnp_identity_rcv(struct ilnp_dev *idev, u64 arrival, struct sk_buff *skb);
void ilnp_identity_changed(struct ilnp_net *in);
void ilnp_identity_init(struct ilnp_net *in);
void ilnp_identity_exit(struct ilnp_net *in);

/* stp.c */
int ilnp_flow_output(struct ilnp_net *in, struct sk_buff *skb, u8 proto,
		     u64 dst_loc, u64 dst_nid, u8 hop_limit,
		     struct ilnp_dev *from);

/* nonce.c */
int ilnp_nonce_strip(struct sk_buff *skb, struct ilnp_skb_cb *cb);
void ilnp_nonce_push(struct sk_buff *skb, u8 nexthdr, u32 nonce);

/* icmp.c */
__sum16 ilnp_icmp_checksum(const struct ilnp_hdr *hdr, unsigned int len,
			   __wsum csum);
void ilnp_icmp_rcv(struct ilnp_dev *idev, u64 arrival, struct sk_buff *skb);
struct sk_buff *ilnp_echo_alloc(u8 type, u16 id, u16 seq,
				unsigned int payload_len, gfp_t gfp);
int ilnp_echo_send(struct ilnp_net *in, u64 src_loc, u64 dst_loc, u64 dst_nid,
		   u16 id, u16 seq, u8 hop_limit, u16 payload_len);

/* netlink.c */
int ilnp_netlink_init(void);
void ilnp_netlink_exit(void);
/* nl_echo.c */
void ilnp_netlink_echo_reply(struct ilnp_net *in, const struct ilnp_hdr *hdr,
			     const struct ilnp_echo *echo, u16 payload_len,
			     struct ilnp_dev *idev, u64 arrival);

#endif /* _ILNP_ILNP_H */
