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
#include <linux/jiffies.h>
#include <linux/random.h>
#include <linux/slab.h>

#include "ilnp.h"

/* Talked to within the session lifetime: gets our locator updates. */
bool ilnp_ilcc_active(const struct ilnp_ilcc *c,
		      const struct ilnp_ilcc_entry *e, unsigned long now)
{
	return !time_after(now, READ_ONCE(e->node.updated) +
			   READ_ONCE(c->session));
}
EXPORT_SYMBOL_FOR_ILNP_KUNIT(ilnp_ilcc_active);

bool ilnp_ilcc_expired(const struct ilnp_ilcc *c,
		       const struct ilnp_ilcc_entry *e, unsigned long now)
{
	return ilnp_table_expired(&c->table, &e->node, now);
}
EXPORT_SYMBOL_FOR_ILNP_KUNIT(ilnp_ilcc_expired);

/* Any entry for @nid, idle or not.  RCU. */
struct ilnp_ilcc_entry *ilnp_ilcc_find(struct ilnp_ilcc *c, u64 nid)
{
	struct ilnp_table_node *node = ilnp_table_find(&c->table, nid);

	return node ? container_of(node, struct ilnp_ilcc_entry, node) : NULL;
}

static struct ilnp_ilcc_entry *ilcc_new(u64 nid, u64 seed_loc)
{
	struct ilnp_ilcc_entry *e = kzalloc(sizeof(*e), GFP_ATOMIC);

	if (!e)
		return NULL;
	ilnp_table_node_init(&e->node, nid, false);
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
	ilnp_path_hold_init(&e->hold);
	return e;
}

/* Process context: the table removes entries only from its collector
 * and at exit (ILCC entries are never replaced), and an entry's held
 * datagrams and their release are stopped once it is out of the table.
 */
static void ilcc_free(struct ilnp_table_node *node)
{
	struct ilnp_ilcc_entry *e = container_of(node, struct ilnp_ilcc_entry,
						 node);

	ilnp_path_hold_stop(e);
	kfree_rcu(e, node.rcu);
}

/* The entry for @nid, made if need be (seeded with @seed_loc, if not 0).
 * NULL when the cache is full (counted on @idev, if given) or out of
 * memory.  Caller holds rcu_read_lock().
 */
struct ilnp_ilcc_entry *ilnp_ilcc_get(struct ilnp_ilcc *c, u64 nid,
				      u64 seed_loc, struct ilnp_dev *idev)
{
	struct ilnp_ilcc_entry *e = ilnp_ilcc_find(c, nid), *new;
	struct ilnp_table_node *node;

	if (e)
		return e;
	new = ilcc_new(nid, seed_loc);
	if (!new)
		return NULL;
	node = ilnp_table_insert(&c->table, &new->node, false);
	if (node == &new->node)
		return new;
	kfree(new);
	if (IS_ERR(node)) {
		if (idev)
			ilnp_stat_inc(idev, ILNP_STAT_ILCC_OVERFLOW);
		return NULL;
	}
	return container_of(node, struct ilnp_ilcc_entry, node);
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
	ilnp_table_touch(&e->node);
	if (cb->has_nonce && !e->peer_nonce_known) {
		e->peer_nonce = cb->nonce;
		e->peer_nonce_known = true;
	}
	if (!e->peer_lu_seen && cb->src_loc)
		ilnp_ilcc_set_locator(e, cb->src_loc);
	spin_unlock_bh(&e->lock);
}

void ilnp_ilcc_set_limits(struct ilnp_ilcc *c, unsigned int session_s,
			  unsigned int max)
{
	unsigned long session = (unsigned long)session_s * HZ;

	if (session_s)
		WRITE_ONCE(c->session, session);
	ilnp_table_set_limits(&c->table, 2 * session, max);
}
EXPORT_SYMBOL_FOR_ILNP_KUNIT(ilnp_ilcc_set_limits);

/* The collector comes back every session lifetime (half the table's),
 * within a second and half a minute.
 */
static const struct ilnp_table_ops ilcc_ops = {
	.release = ilcc_free,
	.gc_min = HZ,
	.gc_max = 30 * HZ,
};

void ilnp_ilcc_init(struct ilnp_ilcc *c)
{
	c->session = ILNP_SESSION_LIFETIME_S * HZ;
	c->lu_retries = ILNP_LU_RETRIES;
	c->path_hold = msecs_to_jiffies(ILNP_PATH_HOLD_MS);
	ilnp_table_init(&c->table, &ilcc_ops, ILNP_ILCC_MAX, 2 * c->session);
}
EXPORT_SYMBOL_FOR_ILNP_KUNIT(ilnp_ilcc_init);

void ilnp_ilcc_exit(struct ilnp_ilcc *c)
{
	ilnp_table_exit(&c->table);
}
EXPORT_SYMBOL_FOR_ILNP_KUNIT(ilnp_ilcc_exit);
