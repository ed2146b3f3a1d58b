/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The aging table: a hash table of entries keyed by a u64 (a NID or a
 * locator, often straight off the wire), read under RCU, written under
 * one spinlock, bounded, its entries expiring a lifetime after their last
 * update and reclaimed by a periodic collector.  The forwarding table,
 * the neighbour table and the ILCC are each one of these plus what their
 * entries mean (fib.c, neigh.c, ilcc.c).
 *
 * Buckets are chosen by SipHash under a key drawn when the table is made,
 * so a sender choosing NIDs or locators cannot pile them into one bucket
 * (as WireGuard's peerlookup.c does).
 *
 * Entries embed a struct ilnp_table_node.  Pinned entries (what was
 * configured, not learnt) neither expire nor count against the cap: their
 * user bounds them (the forwarding table: our own locators).
 *
 * At the cap, an insert evicts the least recently updated entry of a
 * bounded sample, if it has been idle long enough; else it is refused
 * (table.c, table_victim(), has the policy and why).  Evicted entries
 * are released by a work item, in process context.
 *
 * Removal is in two phases: the node is unlinked under the table's lock,
 * RCU readers may still be on it, then the user's release function frees
 * it after a grace period (kfree_rcu).  Lock order: a table's lock is
 * innermost, and no other is taken under it (softirq takes it too, so it
 * is always taken with BHs off).
 */
#ifndef _ILNP_TABLE_H
#define _ILNP_TABLE_H

#include <linux/bits.h>
#include <linux/rculist.h>
#include <linux/siphash.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/workqueue.h>

#define ILNP_TABLE_BITS		8
#define ILNP_TABLE_SIZE		BIT(ILNP_TABLE_BITS)
/* At the cap: whole buckets are looked at, from the eviction hand on,
 * until at least this many learnt entries have been...
 */
#define ILNP_TABLE_EVICT_SAMPLE	16
/* ...and the oldest of them goes if idle this long (default), */
#define ILNP_TABLE_EVICT_IDLE	HZ
/* unless this many evicted entries still wait for their release. */
#define ILNP_TABLE_REAP_MAX	256

struct ilnp_table_node {
	struct hlist_node hnode;	/* RCU readers, the lock for writers */
	u64 key;
	unsigned long updated;		/* jiffies: READ_ONCE/WRITE_ONCE */
	bool pinned;			/* never expires, not counted */
	struct ilnp_table_node *gone;	/* removal batch, once unlinked */
	struct rcu_head rcu;
};

struct ilnp_table;

struct ilnp_table_ops {
	/* @node is unlinked: free it after a grace period.  Called without
	 * the table's lock; in process context from the collector, a flush,
	 * exit or the release of evicted entries, and in the caller's
	 * context (maybe softirq) for a node that ilnp_table_insert()
	 * replaced or ilnp_table_remove() removed.
	 */
	void (*release)(struct ilnp_table_node *node);
	unsigned long gc_min;		/* collector period bounds, jiffies */
	unsigned long gc_max;
	/* At the cap, only an entry idle this long (jiffies; 0: the default
	 * ILNP_TABLE_EVICT_IDLE) may make room; none if @no_evict.
	 */
	unsigned long evict_idle;
	bool no_evict;
	/* Optional, for events (events.c), under the table's lock in any
	 * context, and only for a table that has a netns: @node was linked
	 * in place of @old (NULL: none) when @why is ILNP_EV_REASON_NONE,
	 * else unlinked (not replaced), @why an ILNP_EV_REASON_*.
	 */
	void (*changed)(struct ilnp_table *t,
			const struct ilnp_table_node *node,
			const struct ilnp_table_node *old, u32 why);
};

struct ilnp_table {
	spinlock_t lock;		/* writers */
	siphash_key_t key;
	struct hlist_head buckets[ILNP_TABLE_SIZE];
	unsigned int count;		/* entries not pinned */
	unsigned int max;		/* cap on count */
	unsigned long lifetime;		/* jiffies */
	unsigned long overflow;		/* inserts refused at the cap */
	unsigned long evicted;		/* entries evicted at the cap */
	u32 gen;			/* bumped by every insert or removal */
	unsigned int hand;		/* next bucket eviction looks at */
	unsigned int reaping;		/* entries on @reap */
	struct ilnp_table_node *reap;	/* evicted, to release (->gone) */
	const struct ilnp_table_ops *ops;
	struct net *net;		/* events go there; NULL: none */
	struct delayed_work gc;
	struct work_struct reap_work;	/* releases @reap */
};

/* A walk that can stop and resume (netlink dumps): @bucket and @pos, the
 * entries of it already returned, survive between RCU read-side sections;
 * @node only within one.
 */
struct ilnp_table_iter {
	unsigned long bucket;
	unsigned long pos;
	struct ilnp_table_node *node;
};

/* Does an entry match (flush, remove)?  Under the table's lock. */
typedef bool (*ilnp_table_match_t)(const struct ilnp_table_node *node,
				   const void *arg);

void ilnp_table_init(struct ilnp_table *t, const struct ilnp_table_ops *ops,
		     unsigned int max, unsigned long lifetime);
void ilnp_table_exit(struct ilnp_table *t);
struct ilnp_table_node *ilnp_table_find(struct ilnp_table *t, u64 key);
struct ilnp_table_node *ilnp_table_lookup(struct ilnp_table *t, u64 key,
					  unsigned long now);
bool ilnp_table_expired(const struct ilnp_table *t,
			const struct ilnp_table_node *node, unsigned long now);
struct ilnp_table_node *ilnp_table_insert(struct ilnp_table *t,
					  struct ilnp_table_node *new,
					  bool replace);
struct ilnp_table_node *ilnp_table_insert_evict(struct ilnp_table *t,
						struct ilnp_table_node *new,
						bool replace, bool *evicted);
bool ilnp_table_remove(struct ilnp_table *t, u64 key,
		       ilnp_table_match_t match, const void *arg);
unsigned int ilnp_table_flush(struct ilnp_table *t, ilnp_table_match_t match,
			      const void *arg);
void ilnp_table_set_limits(struct ilnp_table *t, unsigned long lifetime,
			   unsigned int max);
struct ilnp_table_node *ilnp_table_next(struct ilnp_table *t,
					struct ilnp_table_iter *it);
unsigned int ilnp_table_bucket(const struct ilnp_table *t, u64 key);
void ilnp_table_set_hash_key(struct ilnp_table *t, const siphash_key_t *key);

/* A node about to be inserted: its key, updated now. */
static inline void ilnp_table_node_init(struct ilnp_table_node *node,
					u64 key, bool pinned)
{
	node->key = key;
	node->updated = jiffies;
	node->pinned = pinned;
	node->gone = NULL;
}

/* The entry was used or confirmed: its lifetime starts again. */
static inline void ilnp_table_touch(struct ilnp_table_node *node)
{
	WRITE_ONCE(node->updated, jiffies);
}

static inline u32 ilnp_table_gen(const struct ilnp_table *t)
{
	return READ_ONCE(t->gen);
}

#endif /* _ILNP_TABLE_H */
