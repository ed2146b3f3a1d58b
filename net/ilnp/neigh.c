// SPDX-License-Identifier: GPL-2.0
/*
 * The neighbour table: every node heard by discovery, by NID, with its
 * hostname, advertised locators and where we heard it.  Entries are
 * refreshed by each new flood from their node and expire when it falls
 * silent for the table's lifetime.  Bounded: at the cap a neighbour
 * unheard for a second makes room (table.c), else the new one is not
 * learnt; both are counted.
 *
 * Readers (sockets choosing a locator, netlink dumps) walk the buckets
 * under RCU; an update replaces the whole entry so a reader never sees
 * half of one.  Writers take the table's spinlock.
 */
#include <linux/jiffies.h>
#include <linux/slab.h>

#include "ilnp.h"

bool ilnp_neigh_expired(const struct ilnp_neigh_table *t,
			const struct ilnp_neigh *n, unsigned long now)
{
	return ilnp_table_expired(&t->table, &n->node, now);
}

static void neigh_free(struct ilnp_table_node *node)
{
	kfree_rcu(container_of(node, struct ilnp_neigh, node), node.rcu);
}

/* Does @locs (@nloc of them) name a locator @n does not, or the other
 * way round?  Preferences and lifetimes aside: only where the node is.
 */
static bool neigh_set_differs(const struct ilnp_neigh *n,
			      const struct ilnp_disc_loc *locs, u8 nloc)
{
	int i, j;

	for (i = 0; i < nloc; i++) {
		for (j = 0; j < n->nloc; j++)
			if (n->locs[j].loc == locs[i].loc)
				break;
		if (j == n->nloc)
			return true;
	}
	for (j = 0; j < n->nloc; j++) {
		for (i = 0; i < nloc; i++)
			if (n->locs[j].loc == locs[i].loc)
				break;
		if (i == nloc)
			return true;
	}
	return false;
}

/* What a discovery message @m, heard on our locator @via of @idev, says
 * about its origin.  True if it is news of where the origin is: a node
 * not known (or no longer) or a changed locator set, which locator
 * updates pending to it follow (locator_update.c).  Softirq, RCU.
 */
bool ilnp_neigh_update(struct ilnp_neigh_table *t,
		       const struct ilnp_disc_msg *m, struct ilnp_dev *idev,
		       u64 via)
{
	struct ilnp_table_node *node;
	struct ilnp_neigh *n;
	bool evicted, news;

	node = ilnp_table_lookup(&t->table, m->nid, jiffies);
	news = !node || neigh_set_differs(container_of(node, struct ilnp_neigh,
						       node),
					  m->locs, m->nloc);
	n = kzalloc(sizeof(*n), GFP_ATOMIC);
	if (!n)
		return false;
	ilnp_table_node_init(&n->node, m->nid, false);
	n->seq = m->seq;
	n->idev = idev;
	n->via = via;
	n->nloc = m->nloc;
	memcpy(n->locs, m->locs, sizeof(n->locs[0]) * m->nloc);
	strscpy(n->hostname, m->hostname, sizeof(n->hostname));

	node = ilnp_table_insert_evict(&t->table, &n->node, true, &evicted);
	if (evicted)
		ilnp_stat_inc(idev, ILNP_STAT_NEIGH_EVICTED);
	if (!IS_ERR(node))
		return news;
	ilnp_stat_inc(idev, ILNP_STAT_NEIGH_OVERFLOW);
	kfree(n);
	return false;
}
EXPORT_SYMBOL_FOR_ILNP_KUNIT(ilnp_neigh_update);

/* The most preferred locator of @n still within its advertised lifetime
 * (lower preference value wins, then the first listed), or 0.
 */
static u64 neigh_best_locator(const struct ilnp_neigh *n, unsigned long now)
{
	unsigned long updated = READ_ONCE(n->node.updated);
	const struct ilnp_disc_loc *best = NULL, *l;
	int i;

	for (i = 0; i < n->nloc; i++) {
		l = &n->locs[i];
		if (time_after(now, updated + (unsigned long)l->lifetime * HZ))
			continue;
		if (!best || l->pref < best->pref)
			best = l;
	}
	return best ? best->loc : 0;
}

/* Where to send to @nid, from discovery: a locator, or 0.  RCU. */
u64 ilnp_neigh_locator(struct ilnp_neigh_table *t, u64 nid)
{
	unsigned long now = jiffies;
	struct ilnp_table_node *node = ilnp_table_lookup(&t->table, nid, now);

	if (!node)
		return 0;
	return neigh_best_locator(container_of(node, struct ilnp_neigh, node),
				  now);
}
EXPORT_SYMBOL_FOR_ILNP_KUNIT(ilnp_neigh_locator);

/* Discovery's current locators for @nid, those still within their
 * advertised lifetime, as advertised: up to @max of them into @out.
 * How many.  RCU.
 */
int ilnp_neigh_locators(struct ilnp_neigh_table *t, u64 nid,
			struct ilnp_disc_loc *out, int max)
{
	unsigned long now = jiffies, updated;
	struct ilnp_table_node *node;
	const struct ilnp_neigh *n;
	int i, count = 0;

	node = ilnp_table_lookup(&t->table, nid, now);
	if (!node)
		return 0;
	n = container_of(node, struct ilnp_neigh, node);
	updated = READ_ONCE(node->updated);
	for (i = 0; i < n->nloc && count < max; i++) {
		if (time_after(now, updated +
			       (unsigned long)n->locs[i].lifetime * HZ))
			continue;
		out[count++] = n->locs[i];
	}
	return count;
}
EXPORT_SYMBOL_FOR_ILNP_KUNIT(ilnp_neigh_locators);

/* @hostname's NID and preferred locator.  Two NIDs may claim a name:
 * the one heard most recently wins (a node that was renamed or replaced
 * stops being heard first).
 */
int ilnp_neigh_resolve(struct ilnp_neigh_table *t, const char *hostname,
		       u64 *nid, u64 *loc)
{
	struct ilnp_neigh *n, *best = NULL;
	struct ilnp_table_iter it = { };
	struct ilnp_table_node *node;
	unsigned long now = jiffies;
	int err = -ENOENT;

	if (!*hostname)
		return -EINVAL;
	rcu_read_lock();
	while ((node = ilnp_table_next(&t->table, &it))) {
		n = container_of(node, struct ilnp_neigh, node);
		if (!strcmp(n->hostname, hostname) &&
		    !ilnp_neigh_expired(t, n, now) &&
		    (!best || time_after(READ_ONCE(node->updated),
					 READ_ONCE(best->node.updated))))
			best = n;
	}
	if (best) {
		*nid = best->node.key;
		*loc = neigh_best_locator(best, now);
		err = 0;
	}
	rcu_read_unlock();
	return err;
}
EXPORT_SYMBOL_FOR_ILNP_KUNIT(ilnp_neigh_resolve);

static bool neigh_on_dev(const struct ilnp_table_node *node, const void *idev)
{
	return !idev || container_of(node, struct ilnp_neigh, node)->idev == idev;
}

/* Forget everything learnt on @idev (all if NULL): it is going away. */
void ilnp_neigh_flush(struct ilnp_neigh_table *t, struct ilnp_dev *idev)
{
	ilnp_table_flush(&t->table, neigh_on_dev, idev);
}
EXPORT_SYMBOL_FOR_ILNP_KUNIT(ilnp_neigh_flush);

void ilnp_neigh_set_limits(struct ilnp_neigh_table *t,
			   unsigned int lifetime_s, unsigned int max)
{
	ilnp_table_set_limits(&t->table, (unsigned long)lifetime_s * HZ, max);
}
EXPORT_SYMBOL_FOR_ILNP_KUNIT(ilnp_neigh_set_limits);

/* A neighbour appeared or went.  Every flood refreshes one by
 * replacing its entry: only one not known before is news.
 */
static void neigh_changed(struct ilnp_table *t,
			  const struct ilnp_table_node *node,
			  const struct ilnp_table_node *old, u32 why)
{
	const struct ilnp_neigh *n = container_of(node, struct ilnp_neigh,
						  node);
	struct ilnp_event ev = {
		.type = why ? ILNP_EV_NEIGH_GONE : ILNP_EV_NEIGH_NEW,
		.ifindex = n->idev->dev->ifindex,
		.nid = node->key,
		.via = n->via,
		.hostname = n->hostname,
		.reason = why,
	};

	if (why || !old)
		ilnp_event_send(t->net, ILNP_NLGRP_NEIGH, &ev);
}

static const struct ilnp_table_ops neigh_ops = {
	.release = neigh_free,
	.changed = neigh_changed,
	.gc_min = HZ / 10,
	.gc_max = 10 * HZ,
};

void ilnp_neigh_init(struct ilnp_neigh_table *t)
{
	ilnp_table_init(&t->table, &neigh_ops, ILNP_NEIGH_MAX,
			ILNP_NEIGH_LIFETIME_S * HZ);
}
EXPORT_SYMBOL_FOR_ILNP_KUNIT(ilnp_neigh_init);

void ilnp_neigh_exit(struct ilnp_neigh_table *t)
{
	ilnp_table_exit(&t->table);
}
EXPORT_SYMBOL_FOR_ILNP_KUNIT(ilnp_neigh_exit);
