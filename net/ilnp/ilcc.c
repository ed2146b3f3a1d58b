// SPDX-License-Identifier: GPL-2.0
/*
 * The Identifier-Locator Communication Cache (RFC 6741): one entry per
 * correspondent NID, made by the first datagram either way.  It holds
 * the correspondent's locators (a guess from what the application,
 * discovery or its packets said until it sends a locator update with its
 * nonce, its word after), both nonces, when it was last active, and the
 * state of our locator update to it.
 *
 * Entries are found under RCU and removed after they have been idle for
 * twice the session lifetime; their mutable fields change under the
 * entry's lock.  The table is capped; overflow is counted.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/hash.h>
#include <linux/jiffies.h>
#include <linux/random.h>
#include <linux/rculist.h>
#include <linux/slab.h>

#include "ilnp.h"

static struct hlist_head *ilcc_bucket(struct ilnp_ilcc *c, u64 nid)
{
	return &c->buckets[hash_64(nid, ILNP_ILCC_BITS)];
}

/* Talked to within the session lifetime: gets our locator updates. */
bool ilnp_ilcc_active(const struct ilnp_ilcc *c,
		      const struct ilnp_ilcc_entry *e, unsigned long now)
{
	return !time_after(now, READ_ONCE(e->last_active) +
			   READ_ONCE(c->session));
}
EXPORT_SYMBOL_FOR_ILNP_KUNIT(ilnp_ilcc_active);

bool ilnp_ilcc_expired(const struct ilnp_ilcc *c,
		       const struct ilnp_ilcc_entry *e, unsigned long now)
{
	return time_after(now, READ_ONCE(e->last_active) +
			  2 * READ_ONCE(c->session));
}
EXPORT_SYMBOL_FOR_ILNP_KUNIT(ilnp_ilcc_expired);

/* RCU or c->lock. */
struct ilnp_ilcc_entry *ilnp_ilcc_find(struct ilnp_ilcc *c, u64 nid)
{
	struct ilnp_ilcc_entry *e;

	hlist_for_each_entry_rcu(e, ilcc_bucket(c, nid), hnode,
				 lockdep_is_held(&c->lock))
		if (e->nid == nid)
			return e;
	return NULL;
}

static unsigned long ilcc_gc_interval(const struct ilnp_ilcc *c)
{
	return clamp(READ_ONCE(c->session), HZ, 30UL * HZ);
}

static struct ilnp_ilcc_entry *ilcc_new(u64 nid, u64 seed_loc)
{
	struct ilnp_ilcc_entry *e = kzalloc(sizeof(*e), GFP_ATOMIC);

	if (!e)
		return NULL;
	e->nid = nid;
	spin_lock_init(&e->lock);
	if (seed_loc) {
		e->nloc = 1;
		e->locs[0].loc = seed_loc;
		e->locs[0].lifetime = U16_MAX;
	}
	e->locs_updated = jiffies;
	e->our_nonce = get_random_u32();
	/* A random start: a peer that still remembers our last entry's
	 * sequence must not take the first update of this one as old.
	 */
	e->lu_seq = get_random_u16();
	e->lu_state = ILNP_LU_IDLE;
	e->last_active = jiffies;
	ilnp_path_hold_init(&e->hold);
	return e;
}

/* The entry for @nid, made if need be (seeded with @seed_loc, if not 0).
 * NULL when the cache is full (counted on @idev, if given) or out of
 * memory.  Caller holds rcu_read_lock().
 */
struct ilnp_ilcc_entry *ilnp_ilcc_get(struct ilnp_ilcc *c, u64 nid,
				      u64 seed_loc, struct ilnp_dev *idev)
{
	struct ilnp_ilcc_entry *e = ilnp_ilcc_find(c, nid), *new;

	if (e)
		return e;
	new = ilcc_new(nid, seed_loc);
	if (!new)
		return NULL;
	spin_lock_bh(&c->lock);
	e = ilnp_ilcc_find(c, nid);
	if (e)
		goto out_free;
	if (c->count >= c->max) {
		if (idev)
			ilnp_stat_inc(idev, ILNP_STAT_ILCC_OVERFLOW);
		goto out_free;
	}
	hlist_add_head_rcu(&new->hnode, ilcc_bucket(c, nid));
	c->count++;
	c->gen++;
	schedule_delayed_work(&c->gc, ilcc_gc_interval(c));
	spin_unlock_bh(&c->lock);
	return new;

out_free:
	spin_unlock_bh(&c->lock);
	kfree(new);
	return e;
}
EXPORT_SYMBOL_FOR_ILNP_KUNIT(ilnp_ilcc_get);

/* The correspondent's most preferred locator still within its lifetime,
 * or 0.  Under e->lock.
 */
u64 ilnp_ilcc_locator(struct ilnp_ilcc_entry *e, unsigned long now)
{
	const struct ilnp_disc_loc *best = NULL, *l;
	int i;

	lockdep_assert_held(&e->lock);
	for (i = 0; i < e->nloc; i++) {
		l = &e->locs[i];
		if (time_after(now, e->locs_updated +
			       (unsigned long)l->lifetime * HZ))
			continue;
		if (!best || l->pref < best->pref)
			best = l;
	}
	return best ? best->loc : 0;
}
EXPORT_SYMBOL_FOR_ILNP_KUNIT(ilnp_ilcc_locator);

/* A single locator for @e, a guess until the peer sends an update.
 * Under e->lock.
 */
void ilnp_ilcc_set_locator(struct ilnp_ilcc_entry *e, u64 loc)
{
	lockdep_assert_held(&e->lock);
	if (e->nloc == 1 && e->locs[0].loc == loc)
		return;
	e->nloc = 1;
	e->locs[0].loc = loc;
	e->locs[0].pref = 0;
	e->locs[0].lifetime = U16_MAX;
	e->locs_updated = jiffies;
}

/* A datagram from a correspondent was delivered (@cb describes it):
 * note the activity, learn its nonce and, until it sends a locator
 * update, where it spoke from: where sockets send when the application
 * leaves the locator to the kernel.  Softirq.
 */
void ilnp_ilcc_rx(struct ilnp_net *in, struct ilnp_dev *idev,
		  const struct ilnp_skb_cb *cb)
{
	struct ilnp_ilcc_entry *e;

	e = ilnp_ilcc_get(&in->ilcc, cb->src_nid, cb->src_loc, idev);
	if (!e)
		return;
	spin_lock_bh(&e->lock);
	e->last_active = jiffies;
	if (cb->has_nonce && !e->peer_nonce_known) {
		e->peer_nonce = cb->nonce;
		e->peer_nonce_known = true;
	}
	if (!e->peer_lu_seen && cb->src_loc)
		ilnp_ilcc_set_locator(e, cb->src_loc);
	spin_unlock_bh(&e->lock);
}

/* Remove the expired entries, or all.  Process context: an entry's held
 * datagrams and their release are stopped once it is out of the table
 * and the table's lock is dropped.
 */
static void ilcc_flush(struct ilnp_ilcc *c, bool all)
{
	struct ilnp_ilcc_entry *e, *next;
	unsigned long now = jiffies;
	struct hlist_node *tmp;
	LIST_HEAD(gone);
	int i;

	spin_lock_bh(&c->lock);
	for (i = 0; i < ARRAY_SIZE(c->buckets); i++)
		hlist_for_each_entry_safe(e, tmp, &c->buckets[i], hnode)
			if (all || ilnp_ilcc_expired(c, e, now)) {
				hlist_del_rcu(&e->hnode);
				list_add(&e->gone, &gone);
				c->count--;
				c->gen++;
			}
	if (!all && c->count)
		schedule_delayed_work(&c->gc, ilcc_gc_interval(c));
	spin_unlock_bh(&c->lock);
	list_for_each_entry_safe(e, next, &gone, gone) {
		ilnp_path_hold_stop(e);
		kfree_rcu(e, rcu);
	}
}

static void ilnp_ilcc_gc(struct work_struct *work)
{
	ilcc_flush(container_of(to_delayed_work(work), struct ilnp_ilcc, gc),
		   false);
}

void ilnp_ilcc_set_limits(struct ilnp_ilcc *c, unsigned int session_s,
			  unsigned int max)
{
	spin_lock_bh(&c->lock);
	if (session_s)
		WRITE_ONCE(c->session, session_s * HZ);
	if (max)
		c->max = max;
	spin_unlock_bh(&c->lock);
}
EXPORT_SYMBOL_FOR_ILNP_KUNIT(ilnp_ilcc_set_limits);

void ilnp_ilcc_init(struct ilnp_ilcc *c)
{
	int i;

	spin_lock_init(&c->lock);
	for (i = 0; i < ARRAY_SIZE(c->buckets); i++)
		INIT_HLIST_HEAD(&c->buckets[i]);
	c->count = 0;
	c->max = ILNP_ILCC_MAX;
	c->session = ILNP_SESSION_LIFETIME * HZ;
	c->lu_retries = ILNP_LU_RETRIES;
	c->path_hold = msecs_to_jiffies(ILNP_PATH_HOLD);
	INIT_DELAYED_WORK(&c->gc, ilnp_ilcc_gc);
}
EXPORT_SYMBOL_FOR_ILNP_KUNIT(ilnp_ilcc_init);

void ilnp_ilcc_exit(struct ilnp_ilcc *c)
{
	ilcc_flush(c, true);
	cancel_delayed_work_sync(&c->gc);
}
EXPORT_SYMBOL_FOR_ILNP_KUNIT(ilnp_ilcc_exit);
