/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The forwarding table: where packets for a locator leave, learnt
 * backwards from what arrives, and our own locators (fib.c).
 */
#ifndef _ILNP_FIB_H
#define _ILNP_FIB_H

#include <linux/if_ether.h>

#include "table.h"

struct ilnp_dev;
struct ilnp_skb_cb;
struct sk_buff;

#define ILNP_ROUTE_LIFETIME_S	30	/* seconds, as the prototype */
#define ILNP_ROUTE_MAX		1024
#define ILNP_ROUTE_MAX_LIMIT	65536

/* A forwarding table entry: packets for node.key (a locator) go out on
 * @via of @idev.  Our own locators' entries are pinned.
 */
struct ilnp_route {
	struct ilnp_table_node node;
	u64 via;
	struct ilnp_dev *idev;
	u32 flags;			/* ILNP_ROUTE_F_* */
	/* Own entries: our other locator a packet from this one last
	 * arrived on (0: none), the way to it once it is no longer ours.
	 */
	u64 heard_via;
	/* Learnt entries: the link-layer address of the node the packets
	 * came from, the next hop (all zero: unknown, or not Ethernet).
	 */
	u8 lladdr[ETH_ALEN];
};

/* A node on one of our networks, heard directly (nexthop.c): node.key
 * is its NID; packets for it on @loc of @idev go to @lladdr.
 */
struct ilnp_nexthop {
	struct ilnp_table_node node;
	struct ilnp_dev *idev;
	u64 loc;
	u8 lladdr[ETH_ALEN];
};

/* The table's count is of learnt entries: own ones are pinned.  @hosts
 * ages, is capped and is flushed with it.
 */
struct ilnp_fib {
	struct ilnp_table table;
	struct ilnp_table hosts;	/* struct ilnp_nexthop */
};

/* fib.c */
void ilnp_fib_init(struct ilnp_fib *fib);
void ilnp_fib_exit(struct ilnp_fib *fib);
struct ilnp_route *ilnp_fib_lookup(struct ilnp_fib *fib, u64 loc);
void ilnp_fib_learn(struct ilnp_fib *fib, u64 loc, struct ilnp_dev *idev,
		    u64 via, const u8 *lladdr);
int ilnp_fib_add_own(struct ilnp_fib *fib, u64 loc, struct ilnp_dev *idev);
void ilnp_fib_del_own(struct ilnp_fib *fib, u64 loc);
void ilnp_fib_flush(struct ilnp_fib *fib, struct ilnp_dev *idev, u64 via,
		    bool own);
void ilnp_fib_set_limits(struct ilnp_fib *fib, unsigned int lifetime_s,
			 unsigned int max);
bool ilnp_route_expired(const struct ilnp_fib *fib,
			const struct ilnp_route *rt, unsigned long now);

/* nexthop.c */
const u8 *ilnp_underlay_lladdr(const struct sk_buff *skb, u8 *buf);
void ilnp_nexthop_learn(struct ilnp_fib *fib, u64 nid, struct ilnp_dev *idev,
			u64 loc, const u8 *lladdr);
void ilnp_nexthop_direct(struct ilnp_dev *idev, u64 arrival, u64 src_loc,
			 u64 src_nid, const u8 *lladdr);
void ilnp_nexthop_heard(struct ilnp_dev *idev, const struct ilnp_skb_cb *cb,
			const struct sk_buff *skb);
bool ilnp_nexthop_lladdr(struct ilnp_fib *fib, const struct ilnp_dev *idev,
			 u64 loc, u64 dst_loc, u64 dst_nid, u8 *lladdr);
void ilnp_nexthop_init(struct ilnp_fib *fib);
void ilnp_nexthop_flush(struct ilnp_fib *fib, const struct ilnp_dev *idev);
void ilnp_nexthop_forget(struct ilnp_fib *fib, u64 nid);

#endif /* _ILNP_FIB_H */
