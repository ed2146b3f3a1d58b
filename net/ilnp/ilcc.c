// SPDX-License-Identifier: GPL-2.0
/*
 * The Identifier-Locator Communication Cache (RFC 6741): one entry per
 * correspondent NID this node takes part in a flow with.  Entries are
 * made by our own datagrams (ilnp_stp_xmit()) and by those a socket
 * connected to the peer receives, never by unsolicited ones: a forger
 * must not be able to make state, nor to pin a nonce of its choosing.
 *
 * An entry holds the correspondent's locators: a guess from what the
 * application, discovery or its packets said until it sends a locator
 * update with its nonce, its word after, each claimed locator followed
 * only once proven (return routability, locator_update.c).  It holds
 * both nonces: ours is drawn when the entry is made; the peer's is
 * learnt from the first of its datagrams that answers ours, and learnt
 * again if the peer is silent under it for a session lifetime (it
 * restarted, or forgot us).  And when it was last active, and the state
 * of our locator update to it.
 *
 * Entries are found under RCU and removed after they have been idle for
 * twice the session lifetime; one found expired before its collector
 * came is started afresh, as a new one would be.  Their mutable fields
 * change under the entry's lock.  The table is capped; overflow is
 * counted.
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

static struct ilnp_ilcc_entry *ilcc_lookup(struct ilnp_ilcc *c, u64 nid)
{
	struct ilnp_table_node *node = ilnp_table_find(&c->table, nid);

	return node ? container_of(node, struct ilnp_ilcc_entry, node) : NULL;
}

/* @loc, and only it, for @e's peer.  Under e->lock, or before @e is
 * in the table.
 */
static void ilcc_seed(struct ilnp_ilcc_entry *e, u64 loc)
{
	e->nloc = 1;
	e->locs[0].loc = loc;
	e->locs[0].pref = 0;
	e->locs[0].lifetime = U16_MAX;
	e->verified = BIT(0);
	e->cur_loc = loc;
	e->locs_updated = jiffies;
}

/* A session starts: new nonce, nothing known of the peer but @seed_loc
 * (if not 0).  A new entry, or an expired one met again.
 */
static void ilcc_session_start(struct ilnp_ilcc_entry *e, u64 seed_loc)
{
	e->nloc = 0;
	e->verified = 0;
	e->cur_loc = 0;
	e->app_loc = 0;
	if (seed_loc)
		ilcc_seed(e, seed_loc);
	e->locs_updated = jiffies;
	e->our_nonce = get_random_u32();
	e->peer_nonce_known = false;
	e->peer_lu_seen = false;
	/* A random start: a peer that still remembers our last session's
	 * sequence must not take the first update of this one as old.
	 */
	e->lu_seq = get_random_u16();
	e->lu_state = ILNP_LU_IDLE;
	e->probe.loc = 0;
	e->probe.tried = 0;
}

static struct ilnp_ilcc_entry *ilcc_new(u64 nid, u64 seed_loc)
{
	struct ilnp_ilcc_entry *e = kzalloc(sizeof(*e), GFP_ATOMIC);

	if (!e)
		return NULL;
	ilnp_table_node_init(&e->node, nid, false);
	spin_lock_init(&e->lock);
	ilcc_session_start(e, seed_loc);
	ilnp_path_hold_init(&e->hold);
	return e;
}

/* The live entry for @nid: an expired one its collector has not taken
 * yet is started afresh, as both ends would otherwise disagree on the
 * session (its nonces).  RCU.
 */
static struct ilnp_ilcc_entry *ilcc_find_live(struct ilnp_ilcc *c, u64 nid,
					      u64 seed_loc)
{
	struct ilnp_ilcc_entry *e = ilcc_lookup(c, nid);

	if (e && ilnp_ilcc_expired(c, e, jiffies)) {
		spin_lock_bh(&e->lock);
		if (ilnp_ilcc_expired(c, e, jiffies)) {
			ilcc_session_start(e, seed_loc);
			ilnp_table_touch(&e->node);
		}
		spin_unlock_bh(&e->lock);
	}
	return e;
}

/* Process context: the table removes entries only from its collector,
 * the work that releases evicted ones and at exit (ILCC entries are
 * never replaced), and an entry's held
 * datagrams and their release are stopped once it is out of the table.
 */
static void ilcc_free(struct ilnp_table_node *node)
{
	struct ilnp_ilcc_entry *e = container_of(node, struct ilnp_ilcc_entry,
						 node);

	ilnp_path_hold_stop(e);
	kfree_rcu(e, node.rcu);
}

/* The entry for @nid, if any (started afresh if it had expired).  RCU. */
struct ilnp_ilcc_entry *ilnp_ilcc_find(struct ilnp_ilcc *c, u64 nid)
{
	return ilcc_find_live(c, nid, 0);
}
EXPORT_SYMBOL_FOR_ILNP_KUNIT(ilnp_ilcc_find);

/* The entry for @nid, made if need be (seeded with @seed_loc, if not 0):
 * for a flow this node takes part in.  NULL when the cache is full
 * (counted on @idev, if given) or out of memory.  Caller holds
 * rcu_read_lock().
 */
struct ilnp_ilcc_entry *ilnp_ilcc_get(struct ilnp_ilcc *c, u64 nid,
				      u64 seed_loc, struct ilnp_dev *idev)
{
	struct ilnp_ilcc_entry *e = ilcc_find_live(c, nid, seed_loc), *new;
	struct ilnp_table_node *node;
	bool evicted = false;

	if (e)
		return e;
	new = ilcc_new(nid, seed_loc);
	if (!new)
		return NULL;
	node = ilnp_table_insert_evict(&c->table, &new->node, false, &evicted);
	if (evicted && idev)
		ilnp_stat_inc(idev, ILNP_STAT_ILCC_EVICTED);
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

/* The most preferred of the correspondent's locators still within its
 * lifetime, among the proven ones if @verified, but for those in @skip
 * (bit i: locs[i]).  Under e->lock.
 */
static const struct ilnp_disc_loc *ilcc_best(const struct ilnp_ilcc_entry *e,
					     unsigned long now, bool verified,
					     u16 skip)
{
	const struct ilnp_disc_loc *best = NULL, *l;
	int i;

	for (i = 0; i < e->nloc; i++) {
		l = &e->locs[i];
		if ((verified && !(e->verified & BIT(i))) || (skip & BIT(i)))
			continue;
		if (time_after(now, e->locs_updated +
			       (unsigned long)l->lifetime * HZ))
			continue;
		if (!best || l->pref < best->pref)
			best = l;
	}
	return best;
}

/* Where the correspondent says it is: its most preferred locator within
 * its lifetime, proven or not; 0 if none.  Under e->lock.
 */
u64 ilnp_ilcc_claimed(const struct ilnp_ilcc_entry *e, unsigned long now)
{
	return ilnp_ilcc_claimed_skip(e, now, 0);
}
EXPORT_SYMBOL_FOR_ILNP_KUNIT(ilnp_ilcc_claimed);

/* The same, but for the locators in @skip (bit i: locs[i]): those whose
 * check went unanswered.  Under e->lock.
 */
u64 ilnp_ilcc_claimed_skip(const struct ilnp_ilcc_entry *e,
			   unsigned long now, u16 skip)
{
	const struct ilnp_disc_loc *best = ilcc_best(e, now, false, skip);

	lockdep_assert_held(&e->lock);
	return best ? best->loc : 0;
}
EXPORT_SYMBOL_FOR_ILNP_KUNIT(ilnp_ilcc_claimed_skip);

/* Where flows to the correspondent go: its most preferred proven
 * locator within its lifetime; while none is (a claim being checked),
 * where they went last; 0 if nowhere.  A change of where they go is a
 * new path for the path hold.  Under e->lock.
 */
u64 ilnp_ilcc_locator(struct ilnp_ilcc_entry *e, unsigned long now)
{
	const struct ilnp_disc_loc *best = ilcc_best(e, now, true, 0);

	lockdep_assert_held(&e->lock);
	if (!best)
		return e->cur_loc;
	if (best->loc != e->cur_loc) {
		if (e->cur_loc)
			e->peer_gen++;
		e->cur_loc = best->loc;
	}
	return best->loc;
}
EXPORT_SYMBOL_FOR_ILNP_KUNIT(ilnp_ilcc_locator);

/* A single locator for @e, a guess until the peer sends an update:
 * what the application or discovery gave, or where the peer spoke from
 * (with its nonce).  It is ours to choose, so it counts as proven, and
 * an application's alternation between locators is no path change for
 * the hold.  Under e->lock.
 */
void ilnp_ilcc_set_locator(struct ilnp_ilcc_entry *e, u64 loc)
{
	lockdep_assert_held(&e->lock);
	if (e->nloc == 1 && e->locs[0].loc == loc)
		return;
	ilcc_seed(e, loc);
}

/* The application sends to @loc, the peer having sent no locator update
 * yet: its guess is taken when it is news from it, not at every
 * datagram.  Where the peer's own datagrams (with its nonce) came from
 * since (ilnp_ilcc_rx()) is fresher than the same guess repeated:
 * taking both would flip the flow between the two at every packet
 * while a moved peer's update is on its way (and report each flip).
 * Under e->lock.
 */
void ilnp_ilcc_app_locator(struct ilnp_ilcc_entry *e, u64 loc)
{
	lockdep_assert_held(&e->lock);
	if (e->peer_lu_seen || !loc || loc == e->app_loc)
		return;
	e->app_loc = loc;
	ilnp_ilcc_set_locator(e, loc);
}
EXPORT_SYMBOL_FOR_ILNP_KUNIT(ilnp_ilcc_app_locator);

/* The set a locator update from the peer claims.  What was proven
 * before stays proven, where flows go now too; the rest waits for its
 * check.  Under e->lock.
 */
void ilnp_ilcc_set_locators(struct ilnp_ilcc_entry *e,
			    const struct ilnp_disc_loc *locs, u8 nloc)
{
	u16 verified = 0;
	int i, j;

	lockdep_assert_held(&e->lock);
	for (i = 0; i < nloc; i++) {
		if (locs[i].loc == e->cur_loc)
			verified |= BIT(i);
		for (j = 0; j < e->nloc; j++)
			if ((e->verified & BIT(j)) &&
			    e->locs[j].loc == locs[i].loc)
				verified |= BIT(i);
	}
	e->nloc = nloc;
	memcpy(e->locs, locs, sizeof(e->locs[0]) * nloc);
	e->verified = verified;
	e->locs_updated = jiffies;
	/* A new set: each of its locators gets its check. */
	e->probe.tried = 0;
}
EXPORT_SYMBOL_FOR_ILNP_KUNIT(ilnp_ilcc_set_locators);

/* @loc is proven to reach the peer: flows may follow it.  False if it
 * is no longer among the locators it claims.  Under e->lock.
 */
bool ilnp_ilcc_verify(struct ilnp_ilcc_entry *e, u64 loc)
{
	int i;

	lockdep_assert_held(&e->lock);
	for (i = 0; i < e->nloc; i++)
		if (e->locs[i].loc == loc) {
			e->verified |= BIT(i);
			return true;
		}
	return false;
}
EXPORT_SYMBOL_FOR_ILNP_KUNIT(ilnp_ilcc_verify);

/* Does @cb (a datagram or update from @e's peer) carry the peer's nonce?
 * Learns it if not known yet, or if the peer has been silent under the
 * one we know for a session lifetime: it restarted or forgot us, and
 * would otherwise be refused for good.  The caller has decided that
 * @cb answers a flow we take part in.  Under e->lock.
 */
bool ilnp_ilcc_peer_nonce_ok(struct ilnp_ilcc *c, struct ilnp_ilcc_entry *e,
			     const struct ilnp_skb_cb *cb, unsigned long now)
{
	lockdep_assert_held(&e->lock);
	if (!cb->has_nonce)
		return false;
	if (e->peer_nonce_known && cb->nonce != e->peer_nonce &&
	    time_after(now, e->peer_heard + READ_ONCE(c->session))) {
		e->peer_nonce_known = false;
		/* Its sequence starts afresh with its session. */
		e->peer_lu_seen = false;
	}
	if (!e->peer_nonce_known) {
		e->peer_nonce = cb->nonce;
		e->peer_nonce_known = true;
	}
	if (cb->nonce != e->peer_nonce)
		return false;
	e->peer_heard = now;
	return true;
}
EXPORT_SYMBOL_FOR_ILNP_KUNIT(ilnp_ilcc_peer_nonce_ok);

/* A datagram from a correspondent was delivered (@cb describes it) to a
 * socket, @connected to that peer or not: note the activity and, if it
 * carries the peer's nonce and the peer has sent no locator update yet,
 * where it spoke from: where sockets send when the application leaves
 * the locator to the kernel.  State is made only for a flow we take
 * part in: a socket connected to the peer, or an entry our own
 * datagrams made.  True if it carried the peer's nonce.  Softirq.
 */
bool ilnp_ilcc_rx(struct ilnp_net *in, struct ilnp_dev *idev,
		  const struct ilnp_skb_cb *cb, bool connected)
{
	struct ilnp_ilcc *c = &in->ilcc;
	unsigned long now = jiffies;
	struct ilnp_ilcc_entry *e;
	u64 was = 0, now_loc = 0;
	bool verified;

	if (connected)
		e = ilnp_ilcc_get(c, cb->src_nid, 0, idev);
	else
		e = ilnp_ilcc_find(c, cb->src_nid);
	if (!e)
		return false;
	spin_lock_bh(&e->lock);
	ilnp_table_touch(&e->node);
	verified = ilnp_ilcc_peer_nonce_ok(c, e, cb, now);
	if (verified && !e->peer_lu_seen &&
	    cb->src_loc && cb->src_loc != e->cur_loc) {
		was = e->cur_loc;
		ilnp_ilcc_set_locator(e, cb->src_loc);
		now_loc = e->cur_loc;
		e->peer_gen++;
	}
	spin_unlock_bh(&e->lock);
	ilnp_event_peer_loc(in->net, cb->src_nid, was, now_loc);
	return verified;
}
EXPORT_SYMBOL_FOR_ILNP_KUNIT(ilnp_ilcc_rx);

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
	/* At the cap, only a session idle for the default session lifetime
	 * (no longer told of our moves) makes room: evicting a live one
	 * would lose its nonces.
	 */
	.evict_idle = ILNP_SESSION_LIFETIME_S * HZ,
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
