// SPDX-License-Identifier: GPL-2.0
/*
 * The neighbour table: every node heard by discovery, by NID, with its
 * hostname, advertised locators and where we heard it.  Entries are
 * refreshed by each new flood from their node and expire when it falls
 * silent for the table's lifetime.  Bounded; overflow is counted.
 *
 * Readers (sockets choosing a locator, netlink dumps) walk the buckets
 * under RCU; an update replaces the whole entry so a reader never sees
 * half of one.  Writers take the table's spinlock.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/hash.h>
#include <linux/jiffies.h>
#include <linux/rculist.h>
#include <linux/slab.h>

#include "ilnp.h"

static struct hlist_head *neigh_bucket(struct ilnp_neigh_table *t, u64 nid)
{
	return &t->buckets[hash_64(nid, ILNP_NEIGH_BITS)];
}

bool ilnp_neigh_expired(const struct ilnp_neigh_table *t,
			const struct ilnp_neigh *n, unsigned long now)
{
	return time_after(now, READ_ONCE(n->updated) + READ_ONCE(t->lifetime));
}

static struct ilnp_neigh *neigh_find(struct ilnp_neigh_table *t, u64 nid)
{
	struct ilnp_neigh *n;

	hlist_for_each_entry_rcu(n, neigh_bucket(t, nid), hnode,
				 lockdep_is_held(&t->lock))
		if (n->nid == nid)
			return n;
	return NULL;
}

static unsigned long neigh_gc_interval(const struct ilnp_neigh_table *t)
{
	return clamp(READ_ONCE(t->lifetime) / 2, HZ / 10, 10UL * HZ);
}

static void neigh_unlink(struct ilnp_neigh_table *t, struct ilnp_neigh *n)
{
	lockdep_assert_held(&t->lock);
	hlist_del_rcu(&n->hnode);
	t->count--;
	t->gen++;
	kfree_rcu(n, rcu);
}

/* What a discovery message @m, heard on our locator @via of @idev, says
 * about its origin.  Softirq.
 */
void ilnp_neigh_update(struct ilnp_neigh_table *t,
		       const struct ilnp_disc_msg *m, struct ilnp_dev *idev,
		       u64 via)
{
	struct ilnp_neigh *n, *old;

	n = kzalloc(sizeof(*n), GFP_ATOMIC);
	if (!n)
		return;
	n->nid = m->nid;
	n->seq = m->seq;
	n->updated = jiffies;
	n->idev = idev;
	n->via = via;
	n->nloc = m->nloc;
	memcpy(n->locs, m->locs, sizeof(n->locs[0]) * m->nloc);
	strscpy(n->hostname, m->hostname, sizeof(n->hostname));

	spin_lock_bh(&t->lock);
	old = neigh_find(t, m->nid);
	if (!old && t->count >= t->max)
		goto overflow;
	if (old) {
		hlist_replace_rcu(&old->hnode, &n->hnode);
		kfree_rcu(old, rcu);
	} else {
		hlist_add_head_rcu(&n->hnode, neigh_bucket(t, m->nid));
		t->count++;
		schedule_delayed_work(&t->gc, neigh_gc_interval(t));
	}
	t->gen++;
	spin_unlock_bh(&t->lock);
	return;

overflow:
	spin_unlock_bh(&t->lock);
	ilnp_stat_inc(idev, ILNP_STAT_NEIGH_OVERFLOW);
	kfree(n);
}
EXPORT_SYMBOL_FOR_ILNP_KUNIT(ilnp_neigh_update);

/* The most preferred locator of @n still within its advertised lifetime
 * (lower preference value wins, then the first listed), or 0.
 */
static u64 neigh_best_locator(const struct ilnp_neigh *n, unsigned long now)
{
	const struct ilnp_disc_loc *best = NULL, *l;
	int i;

	for (i = 0; i < n->nloc; i++) {
		l = &n->locs[i];
		if (time_after(now, n->updated + (unsigned long)l->lifetime * HZ))
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
	struct ilnp_neigh *n = neigh_find(t, nid);

	if (!n || ilnp_neigh_expired(t, n, now))
		return 0;
	return neigh_best_locator(n, now);
}
EXPORT_SYMBOL_FOR_ILNP_KUNIT(ilnp_neigh_locator);

/* @hostname's NID and preferred locator.  Two NIDs may claim a name:
 * the one heard most recently wins (a node that was renamed or replaced
 * stops being heard first).
 */
int ilnp_neigh_resolve(struct ilnp_neigh_table *t, const char *hostname,
		       u64 *nid, u64 *loc)
{
	struct ilnp_neigh *n, *best = NULL;
	unsigned long now = jiffies;
	int i, err = -ENOENT;

	if (!*hostname)
		return -EINVAL;
	rcu_read_lock();
	for (i = 0; i < ARRAY_SIZE(t->buckets); i++)
		hlist_for_each_entry_rcu(n, &t->buckets[i], hnode)
			if (!strcmp(n->hostname, hostname) &&
			    !ilnp_neigh_expired(t, n, now) &&
			    (!best || time_after(n->updated, best->updated)))
				best = n;
	if (best) {
		*nid = best->nid;
		*loc = neigh_best_locator(best, now);
		err = 0;
	}
	rcu_read_unlock();
	return err;
}
EXPORT_SYMBOL_FOR_ILNP_KUNIT(ilnp_neigh_resolve);

/* Forget everything learnt on @idev (all if NULL): it is going away. */
void ilnp_neigh_flush(struct ilnp_neigh_table *t, struct ilnp_dev *idev)
{
	struct ilnp_neigh *n;
	struct hlist_node *tmp;
	int i;

	spin_lock_bh(&t->lock);
	for (i = 0; i < ARRAY_SIZE(t->buckets); i++)
		hlist_for_each_entry_safe(n, tmp, &t->buckets[i], hnode)
			if (!idev || n->idev == idev)
				neigh_unlink(t, n);
	spin_unlock_bh(&t->lock);
}
EXPORT_SYMBOL_FOR_ILNP_KUNIT(ilnp_neigh_flush);

static void ilnp_neigh_gc(struct work_struct *work)
{
	struct ilnp_neigh_table *t = container_of(to_delayed_work(work),
						  struct ilnp_neigh_table, gc);
	unsigned long now = jiffies;
	struct ilnp_neigh *n;
	struct hlist_node *tmp;
	int i;

	spin_lock_bh(&t->lock);
	for (i = 0; i < ARRAY_SIZE(t->buckets); i++)
		hlist_for_each_entry_safe(n, tmp, &t->buckets[i], hnode)
			if (ilnp_neigh_expired(t, n, now))
				neigh_unlink(t, n);
	if (t->count)
		schedule_delayed_work(&t->gc, neigh_gc_interval(t));
	spin_unlock_bh(&t->lock);
}

void ilnp_neigh_set_limits(struct ilnp_neigh_table *t,
			   unsigned int lifetime_s, unsigned int max)
{
	spin_lock_bh(&t->lock);
	if (lifetime_s)
		WRITE_ONCE(t->lifetime, lifetime_s * HZ);
	if (max)
		t->max = max;
	spin_unlock_bh(&t->lock);
	mod_delayed_work(system_wq, &t->gc, 0);
}
EXPORT_SYMBOL_FOR_ILNP_KUNIT(ilnp_neigh_set_limits);

void ilnp_neigh_init(struct ilnp_neigh_table *t)
{
	int i;

	spin_lock_init(&t->lock);
	for (i = 0; i < ARRAY_SIZE(t->buckets); i++)
		INIT_HLIST_HEAD(&t->buckets[i]);
	t->count = 0;
	t->max = ILNP_NEIGH_MAX;
	t->lifetime = ILNP_NEIGH_LIFETIME * HZ;
	INIT_DELAYED_WORK(&t->gc, ilnp_neigh_gc);
}
EXPORT_SYMBOL_FOR_ILNP_KUNIT(ilnp_neigh_init);

void ilnp_neigh_exit(struct ilnp_neigh_table *t)
{
	/* Flush first: the collector reschedules itself while entries
	 * remain.
	 */
	ilnp_neigh_flush(t, NULL);
	cancel_delayed_work_sync(&t->gc);
}
EXPORT_SYMBOL_FOR_ILNP_KUNIT(ilnp_neigh_exit);
