// SPDX-License-Identifier: GPL-2.0
/*
 * The forwarding table, learnt backwards as in the prototype: a packet
 * from locator L that arrived on our locator V of device D teaches
 * "L via V on D".  Learnt entries age out and the table is capped (at
 * the cap a route idle for a second makes room, table.c); our
 * own locators are entries too (ILNP_ROUTE_F_OWN) that never expire, so
 * one lookup answers "attached or next hop".
 *
 * A packet from one of our own locators that arrived on another one
 * (forwarded to us from a network we are leaving) teaches nothing while
 * the locator is ours, but is remembered: when the locator goes, at the
 * end of a soft handoff, its correspondents there are reached the way
 * they were last heard from.  A multihomed node has no default route
 * (output.c): without this, a correspondent that only answers (a TCP
 * receiver) would never be heard from again, nor reached.
 *
 * Readers (softirq) walk the buckets under RCU.  A changed path replaces
 * its entry rather than editing it, so a reader never sees a device from
 * one path with the locator of another.
 */
#include <linux/etherdevice.h>
#include <linux/jiffies.h>
#include <linux/slab.h>

#include "ilnp.h"

bool ilnp_route_expired(const struct ilnp_fib *fib,
			const struct ilnp_route *rt, unsigned long now)
{
	return ilnp_table_expired(&fib->table, &rt->node, now);
}
EXPORT_SYMBOL_FOR_ILNP_KUNIT(ilnp_route_expired);

/* The live entry for @loc; caller holds rcu_read_lock(). */
struct ilnp_route *ilnp_fib_lookup(struct ilnp_fib *fib, u64 loc)
{
	struct ilnp_table_node *node;

	node = ilnp_table_lookup(&fib->table, loc, jiffies);
	return node ? container_of(node, struct ilnp_route, node) : NULL;
}
EXPORT_SYMBOL_FOR_ILNP_KUNIT(ilnp_fib_lookup);

static struct ilnp_route *fib_new(u64 loc, struct ilnp_dev *idev, u64 via,
				  const u8 *lladdr, u32 flags, gfp_t gfp)
{
	struct ilnp_route *rt = kmalloc(sizeof(*rt), gfp);

	if (!rt)
		return NULL;
	ilnp_table_node_init(&rt->node, loc, flags & ILNP_ROUTE_F_OWN);
	rt->via = via;
	rt->idev = idev;
	rt->flags = flags;
	rt->heard_via = 0;
	if (lladdr)
		ether_addr_copy(rt->lladdr, lladdr);
	else
		eth_zero_addr(rt->lladdr);
	return rt;
}

static void fib_free(struct ilnp_table_node *node)
{
	kfree_rcu(container_of(node, struct ilnp_route, node), node.rcu);
}

static bool same_lladdr(const u8 *have, const u8 *lladdr)
{
	return lladdr ? ether_addr_equal(have, lladdr) : is_zero_ether_addr(have);
}

/* Learn from a packet that arrived (softirq or process context) from the
 * node at link-layer address @lladdr (NULL: none known).  A changed path
 * or next hop replaces the entry; our own locators' are pinned and stay.
 */
void ilnp_fib_learn(struct ilnp_fib *fib, u64 loc, struct ilnp_dev *idev,
		    u64 via, const u8 *lladdr)
{
	struct ilnp_table_node *node;
	struct ilnp_route *rt;
	bool evicted;

	rcu_read_lock();
	node = ilnp_table_find(&fib->table, loc);
	rt = node ? container_of(node, struct ilnp_route, node) : NULL;
	if (rt && (node->pinned || (rt->idev == idev && rt->via == via &&
				    same_lladdr(rt->lladdr, lladdr)))) {
		if (!node->pinned)
			ilnp_table_touch(node);
		else if (via != loc && READ_ONCE(rt->heard_via) != via)
			WRITE_ONCE(rt->heard_via, via);
		rcu_read_unlock();
		return;
	}
	rcu_read_unlock();

	rt = fib_new(loc, idev, via, lladdr, 0, GFP_ATOMIC);
	if (!rt)
		return;
	node = ilnp_table_insert_evict(&fib->table, &rt->node, true, &evicted);
	if (evicted)
		ilnp_stat_inc(idev, ILNP_STAT_ROUTE_EVICTED);
	if (node == &rt->node)
		return;
	kfree(rt);
	if (node == ERR_PTR(-ENOSPC))
		ilnp_stat_inc(idev, ILNP_STAT_ROUTE_OVERFLOW);
}
EXPORT_SYMBOL_FOR_ILNP_KUNIT(ilnp_fib_learn);

/* Our own locator @loc on @idev: replaces whatever was learnt for it. */
int ilnp_fib_add_own(struct ilnp_fib *fib, u64 loc, struct ilnp_dev *idev)
{
	struct ilnp_route *rt;

	rt = fib_new(loc, idev, loc, NULL, ILNP_ROUTE_F_OWN, GFP_KERNEL);
	if (!rt)
		return -ENOMEM;
	/* Pinned: neither the cap nor an entry there can refuse it. */
	ilnp_table_insert(&fib->table, &rt->node, true);
	return 0;
}
EXPORT_SYMBOL_FOR_ILNP_KUNIT(ilnp_fib_add_own);

static bool fib_own(const struct ilnp_table_node *node, const void *arg)
{
	return node->pinned;
}

/* @loc is no longer ours: the way its packets last came in, if that is
 * still one of our locators, is the route to it now.  Process context.
 */
void ilnp_fib_del_own(struct ilnp_fib *fib, u64 loc)
{
	struct ilnp_table_node *node;
	struct ilnp_route *rt;
	u64 heard = 0;

	rcu_read_lock();
	node = ilnp_table_find(&fib->table, loc);
	if (node && node->pinned) {
		rt = container_of(node, struct ilnp_route, node);
		heard = READ_ONCE(rt->heard_via);
	}
	ilnp_table_remove(&fib->table, loc, fib_own, NULL);
	node = heard ? ilnp_table_find(&fib->table, heard) : NULL;
	if (node && node->pinned) {
		rt = container_of(node, struct ilnp_route, node);
		local_bh_disable();
		ilnp_fib_learn(fib, loc, rt->idev, heard, NULL);
		local_bh_enable();
	}
	rcu_read_unlock();
}
EXPORT_SYMBOL_FOR_ILNP_KUNIT(ilnp_fib_del_own);

struct fib_flush_arg {
	const struct ilnp_dev *idev;
	u64 via;
	bool own;
};

static bool fib_flush_match(const struct ilnp_table_node *node,
			    const void *arg)
{
	const struct ilnp_route *rt = container_of(node, struct ilnp_route,
						   node);
	const struct fib_flush_arg *f = arg;

	return (!f->idev || rt->idev == f->idev) &&
	       (!f->via || rt->via == f->via) &&
	       (f->own || !node->pinned);
}

/* Drop every entry through @idev (all if NULL) leaving by @via (any if 0),
 * our own locators' entries only if @own: the device is going away, or
 * down, or the locator is.  The hosts heard through @idev go with a
 * device; a locator's stay until they age: they are only used for
 * packets that leave on the locator.
 */
void ilnp_fib_flush(struct ilnp_fib *fib, struct ilnp_dev *idev, u64 via,
		    bool own)
{
	struct fib_flush_arg f = { .idev = idev, .via = via, .own = own };

	ilnp_table_flush(&fib->table, fib_flush_match, &f);
	if (!via)
		ilnp_nexthop_flush(fib, idev);
}
EXPORT_SYMBOL_FOR_ILNP_KUNIT(ilnp_fib_flush);

void ilnp_fib_set_limits(struct ilnp_fib *fib, unsigned int lifetime_s,
			 unsigned int max)
{
	ilnp_table_set_limits(&fib->table, (unsigned long)lifetime_s * HZ, max);
	ilnp_table_set_limits(&fib->hosts, (unsigned long)lifetime_s * HZ, max);
}
EXPORT_SYMBOL_FOR_ILNP_KUNIT(ilnp_fib_set_limits);

/* A learnt route appeared, changed or went (ours are locator events). */
static void fib_changed(struct ilnp_table *t,
			const struct ilnp_table_node *node,
			const struct ilnp_table_node *old, u32 why)
{
	const struct ilnp_route *rt = container_of(node, struct ilnp_route,
						   node);
	struct ilnp_event ev = {
		.type = why ? ILNP_EV_ROUTE_GONE : ILNP_EV_ROUTE_NEW,
		.ifindex = rt->idev->dev->ifindex,
		.peer_loc = node->key,
		.via = rt->via,
		.lladdr = rt->lladdr,
		.reason = why,
	};

	if (!node->pinned)
		ilnp_event_send(t->net, ILNP_NLGRP_ROUTE, &ev);
}

static const struct ilnp_table_ops fib_ops = {
	.release = fib_free,
	.changed = fib_changed,
	.gc_min = HZ / 10,
	.gc_max = 5 * HZ,
};

void ilnp_fib_init(struct ilnp_fib *fib)
{
	ilnp_table_init(&fib->table, &fib_ops, ILNP_ROUTE_MAX,
			ILNP_ROUTE_LIFETIME_S * HZ);
	ilnp_nexthop_init(fib);
}
EXPORT_SYMBOL_FOR_ILNP_KUNIT(ilnp_fib_init);

void ilnp_fib_exit(struct ilnp_fib *fib)
{
	ilnp_table_exit(&fib->hosts);
	ilnp_table_exit(&fib->table);
}
EXPORT_SYMBOL_FOR_ILNP_KUNIT(ilnp_fib_exit);
