// SPDX-License-Identifier: GPL-2.0
/*
 * The aging table (table.h has the model): buckets, the cap, expiry,
 * the collector, flushes and resumable walks, written once for every
 * table of the module.  What an entry is and when it changes stays with
 * its user.
 */
#include <linux/jiffies.h>
#include <linux/random.h>
#include <linux/ilnp.h>
#include <linux/rculist.h>

#include "compat.h"
#include "table.h"

unsigned int ilnp_table_bucket(const struct ilnp_table *t, u64 key)
{
	return siphash_1u64(key, &t->key) & (ILNP_TABLE_SIZE - 1);
}
EXPORT_SYMBOL_FOR_ILNP_KUNIT(ilnp_table_bucket);

/* Tests only, on an empty table: a known key gives known collisions. */
void ilnp_table_set_hash_key(struct ilnp_table *t, const siphash_key_t *key)
{
	t->key = *key;
}
EXPORT_SYMBOL_FOR_ILNP_KUNIT(ilnp_table_set_hash_key);

bool ilnp_table_expired(const struct ilnp_table *t,
			const struct ilnp_table_node *node, unsigned long now)
{
	if (node->pinned)
		return false;
	return time_after(now, READ_ONCE(node->updated) +
			  READ_ONCE(t->lifetime));
}
EXPORT_SYMBOL_FOR_ILNP_KUNIT(ilnp_table_expired);

/* The entry for @key, expired or not.  RCU or t->lock. */
struct ilnp_table_node *ilnp_table_find(struct ilnp_table *t, u64 key)
{
	struct ilnp_table_node *node;

	hlist_for_each_entry_rcu(node, &t->buckets[ilnp_table_bucket(t, key)],
				 hnode, lockdep_is_held(&t->lock))
		if (node->key == key)
			return node;
	return NULL;
}
EXPORT_SYMBOL_FOR_ILNP_KUNIT(ilnp_table_find);

/* The live entry for @key.  RCU or t->lock. */
struct ilnp_table_node *ilnp_table_lookup(struct ilnp_table *t, u64 key,
					  unsigned long now)
{
	struct ilnp_table_node *node = ilnp_table_find(t, key);

	if (node && ilnp_table_expired(t, node, now))
		return NULL;
	return node;
}
EXPORT_SYMBOL_FOR_ILNP_KUNIT(ilnp_table_lookup);

static unsigned long table_gc_interval(const struct ilnp_table *t)
{
	return clamp(READ_ONCE(t->lifetime) / 2, t->ops->gc_min,
		     t->ops->gc_max);
}

/* Unlink @node onto the batch @gone, released once the lock is dropped;
 * @why (ILNP_EV_REASON_*) for its event.
 */
static void table_unlink(struct ilnp_table *t, struct ilnp_table_node *node,
			 struct ilnp_table_node **gone, u32 why)
{
	lockdep_assert_held(&t->lock);
	if (t->net && t->ops->changed)
		t->ops->changed(t, node, NULL, why);
	hlist_del_rcu(&node->hnode);
	if (!node->pinned)
		t->count--;
	t->gen++;
	node->gone = *gone;
	*gone = node;
}

static void table_release(struct ilnp_table *t, struct ilnp_table_node *gone)
{
	struct ilnp_table_node *next;

	for (; gone; gone = next) {
		next = gone->gone;
		t->ops->release(gone);
	}
}

static void table_link(struct ilnp_table *t, struct ilnp_table_node *new,
		       struct ilnp_table_node *old)
{
	lockdep_assert_held(&t->lock);
	if (old) {
		hlist_replace_rcu(&old->hnode, &new->hnode);
		if (!old->pinned)
			t->count--;
	} else {
		hlist_add_head_rcu(&new->hnode,
				   &t->buckets[ilnp_table_bucket(t, new->key)]);
	}
	if (!new->pinned) {
		t->count++;
		schedule_delayed_work(&t->gc, table_gc_interval(t));
	}
	t->gen++;
	if (t->net && t->ops->changed)
		t->ops->changed(t, new, old, ILNP_EV_REASON_NONE);
}

/* At the cap, which entry makes room for a new one, if any.  Under
 * t->lock, in any context, so the work is bounded: whole buckets are
 * looked at from the hand on until ILNP_TABLE_EVICT_SAMPLE learnt
 * entries have been seen or every bucket has (the hand then moves past
 * them, so successive evictions sweep the table), and the least
 * recently updated of those seen is chosen, unless pinned (never) or
 * updated within the table's evict_idle (a second by default).  An
 * expired entry not yet collected is the oldest there is, so it goes
 * first.  With no entry idle that long in the sample, the insert is
 * refused, as before eviction: a flood of new keys then costs the
 * table only entries nobody used in the last second, never the flows
 * active now (each use touches its entry).  An entry a flood evicts is
 * learnt again from its next packet; the flood's own entries, once a
 * second old, are what it evicts next.  The sample is an approximation
 * of LRU (exact when the table holds fewer than the sample), as in
 * Redis: cheap, and what a table of this size needs.
 */
static struct ilnp_table_node *table_victim(struct ilnp_table *t,
					    unsigned long now)
{
	unsigned long idle = t->ops->evict_idle ?: ILNP_TABLE_EVICT_IDLE;
	struct ilnp_table_node *node, *victim = NULL;
	unsigned int i, seen = 0;

	lockdep_assert_held(&t->lock);
	for (i = 0; i < ILNP_TABLE_SIZE && seen < ILNP_TABLE_EVICT_SAMPLE;
	     i++) {
		hlist_for_each_entry(node, &t->buckets[(t->hand + i) %
						       ILNP_TABLE_SIZE],
				     hnode) {
			if (node->pinned)
				continue;
			seen++;
			if (!victim || time_before(READ_ONCE(node->updated),
						   READ_ONCE(victim->updated)))
				victim = node;
		}
	}
	t->hand = (t->hand + i) % ILNP_TABLE_SIZE;
	if (!victim || time_before(now, READ_ONCE(victim->updated) + idle))
		return NULL;
	return victim;
}

/* Make room for one more entry: unlink a victim onto t->reap, to be
 * released by t->reap_work.  Not here: the caller may be in softirq and
 * a release may sleep (the ILCC's waits for its entry's work).  RCU
 * readers still on the victim are safe, as with any unlink: the release
 * frees it after a grace period.  Bounded too: with ILNP_TABLE_REAP_MAX
 * entries still waiting (the work starved by a flood), refuse.
 */
static bool table_evict(struct ilnp_table *t)
{
	struct ilnp_table_node *victim;

	lockdep_assert_held(&t->lock);
	if (t->ops->no_evict || t->reaping >= ILNP_TABLE_REAP_MAX)
		return false;
	victim = table_victim(t, jiffies);
	if (!victim)
		return false;
	table_unlink(t, victim, &t->reap, ILNP_EV_REASON_EVICTED);
	t->reaping++;
	t->evicted++;
	return true;
}

static void table_reap(struct work_struct *work)
{
	struct ilnp_table *t = container_of(work, struct ilnp_table,
					    reap_work);
	struct ilnp_table_node *gone;

	spin_lock_bh(&t->lock);
	gone = t->reap;
	t->reap = NULL;
	t->reaping = 0;
	spin_unlock_bh(&t->lock);
	table_release(t, gone);
}

/* Link @new (ilnp_table_node_init() first).  The entry already there for
 * its key, if any, is replaced if @replace, unless it is pinned and @new
 * not: what was configured is not overridden by what was learnt.  At the
 * cap, an entry is evicted to make room (table_victim() says which;
 * counted in t->evicted, and *@evicted set if @evicted) or, if none may
 * be, the insert is refused.  A cap lowered below the count is reached
 * as entries expire.  Returns @new if linked, else the entry kept (@new
 * is the caller's to free), or ERR_PTR(-ENOSPC) when refused (counted in
 * t->overflow).  Any context; a caller that keeps the entry returned
 * holds rcu_read_lock().
 */
struct ilnp_table_node *ilnp_table_insert_evict(struct ilnp_table *t,
						struct ilnp_table_node *new,
						bool replace, bool *evicted)
{
	struct ilnp_table_node *old, *gone = NULL;
	bool evict = false;

	spin_lock_bh(&t->lock);
	old = ilnp_table_find(t, new->key);
	if (old && (!replace || (old->pinned && !new->pinned)))
		goto out_unlock;
	if (!old && !new->pinned && t->count >= t->max) {
		evict = table_evict(t);
		if (!evict) {
			t->overflow++;
			old = ERR_PTR(-ENOSPC);
			goto out_unlock;
		}
	}
	table_link(t, new, old);
	if (old) {
		old->gone = NULL;
		gone = old;
	}
	old = new;
out_unlock:
	spin_unlock_bh(&t->lock);
	if (evict)
		queue_work(system_wq, &t->reap_work);
	if (evicted)
		*evicted = evict;
	table_release(t, gone);
	return old;
}
EXPORT_SYMBOL_FOR_ILNP_KUNIT(ilnp_table_insert_evict);

/* The same, for a caller that does not count evictions itself. */
struct ilnp_table_node *ilnp_table_insert(struct ilnp_table *t,
					  struct ilnp_table_node *new,
					  bool replace)
{
	return ilnp_table_insert_evict(t, new, replace, NULL);
}
EXPORT_SYMBOL_FOR_ILNP_KUNIT(ilnp_table_insert);

/* Remove the entry for @key if @match (NULL: any) says so. */
bool ilnp_table_remove(struct ilnp_table *t, u64 key,
		       ilnp_table_match_t match, const void *arg)
{
	struct ilnp_table_node *node, *gone = NULL;
	bool removed = false;

	spin_lock_bh(&t->lock);
	node = ilnp_table_find(t, key);
	if (node && (!match || match(node, arg))) {
		table_unlink(t, node, &gone, ILNP_EV_REASON_FLUSHED);
		removed = true;
	}
	spin_unlock_bh(&t->lock);
	table_release(t, gone);
	return removed;
}
EXPORT_SYMBOL_FOR_ILNP_KUNIT(ilnp_table_remove);

/* Remove every entry @match (NULL: any) says so of; how many. */
unsigned int ilnp_table_flush(struct ilnp_table *t, ilnp_table_match_t match,
			      const void *arg)
{
	struct ilnp_table_node *node, *gone = NULL;
	struct hlist_node *tmp;
	unsigned int i, n = 0;

	spin_lock_bh(&t->lock);
	for (i = 0; i < ILNP_TABLE_SIZE; i++)
		hlist_for_each_entry_safe(node, tmp, &t->buckets[i], hnode)
			if (!match || match(node, arg)) {
				table_unlink(t, node, &gone,
					     ILNP_EV_REASON_FLUSHED);
				n++;
			}
	spin_unlock_bh(&t->lock);
	table_release(t, gone);
	return n;
}
EXPORT_SYMBOL_FOR_ILNP_KUNIT(ilnp_table_flush);

static void table_gc(struct work_struct *work)
{
	struct ilnp_table *t = container_of(to_delayed_work(work),
					    struct ilnp_table, gc);
	struct ilnp_table_node *node, *gone = NULL;
	unsigned long now = jiffies;
	struct hlist_node *tmp;
	unsigned int i;

	spin_lock_bh(&t->lock);
	for (i = 0; i < ILNP_TABLE_SIZE; i++)
		hlist_for_each_entry_safe(node, tmp, &t->buckets[i], hnode)
			if (ilnp_table_expired(t, node, now))
				table_unlink(t, node, &gone,
					     ILNP_EV_REASON_EXPIRED);
	/* Pinned entries never expire: nothing to come back for. */
	if (t->count)
		schedule_delayed_work(&t->gc, table_gc_interval(t));
	spin_unlock_bh(&t->lock);
	table_release(t, gone);
}

/* Either may be 0: unchanged.  @lifetime in jiffies. */
void ilnp_table_set_limits(struct ilnp_table *t, unsigned long lifetime,
			   unsigned int max)
{
	spin_lock_bh(&t->lock);
	if (lifetime)
		WRITE_ONCE(t->lifetime, lifetime);
	if (max)
		WRITE_ONCE(t->max, max);
	spin_unlock_bh(&t->lock);
	/* A shorter lifetime takes effect for lookups at once; let the
	 * collector catch up with it too.
	 */
	mod_delayed_work(system_wq, &t->gc, 0);
}
EXPORT_SYMBOL_FOR_ILNP_KUNIT(ilnp_table_set_limits);

static struct hlist_node *table_first(struct ilnp_table *t,
				      unsigned long bucket)
{
	return rcu_dereference(hlist_first_rcu(&t->buckets[bucket]));
}

/* The entry after @it's position, or NULL at the end.  RCU.  Entries
 * added or removed between two read-side sections may be missed or seen
 * twice: dumps check t->gen for that.
 */
struct ilnp_table_node *ilnp_table_next(struct ilnp_table *t,
					struct ilnp_table_iter *it)
{
	struct hlist_node *pos = NULL;
	unsigned long i;

	if (it->node) {
		pos = rcu_dereference(hlist_next_rcu(&it->node->hnode));
	} else if (it->bucket < ILNP_TABLE_SIZE) {
		/* Resuming: step over what was returned before. */
		pos = table_first(t, it->bucket);
		for (i = 0; pos && i < it->pos; i++)
			pos = rcu_dereference(hlist_next_rcu(pos));
	}
	while (!pos && it->bucket + 1 < ILNP_TABLE_SIZE) {
		it->bucket++;
		it->pos = 0;
		pos = table_first(t, it->bucket);
	}
	if (!pos) {
		it->bucket = ILNP_TABLE_SIZE;
		it->pos = 0;
		it->node = NULL;
		return NULL;
	}
	it->pos++;
	it->node = hlist_entry(pos, struct ilnp_table_node, hnode);
	return it->node;
}
EXPORT_SYMBOL_FOR_ILNP_KUNIT(ilnp_table_next);

void ilnp_table_init(struct ilnp_table *t, const struct ilnp_table_ops *ops,
		     unsigned int max, unsigned long lifetime)
{
	unsigned int i;

	spin_lock_init(&t->lock);
	get_random_bytes(&t->key, sizeof(t->key));
	for (i = 0; i < ILNP_TABLE_SIZE; i++)
		INIT_HLIST_HEAD(&t->buckets[i]);
	t->count = 0;
	t->max = max;
	t->lifetime = lifetime;
	t->overflow = 0;
	t->evicted = 0;
	t->gen = 0;
	t->hand = 0;
	t->reaping = 0;
	t->reap = NULL;
	t->ops = ops;
	t->net = NULL;
	INIT_DELAYED_WORK(&t->gc, table_gc);
	INIT_WORK(&t->reap_work, table_reap);
}
EXPORT_SYMBOL_FOR_ILNP_KUNIT(ilnp_table_init);

void ilnp_table_exit(struct ilnp_table *t)
{
	/* Flush first: the collector reschedules itself while entries
	 * remain, so cancel it only once it has nothing left to do.
	 */
	ilnp_table_flush(t, NULL, NULL);
	cancel_delayed_work_sync(&t->gc);
	/* Nothing inserts any more: what was evicted is released now. */
	cancel_work_sync(&t->reap_work);
	table_reap(&t->reap_work);
}
EXPORT_SYMBOL_FOR_ILNP_KUNIT(ilnp_table_exit);
