// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite ilnp_table: the aging table under the forwarding table,
 * the neighbour table and the ILCC (insert, lookup, cap, eviction at the
 * cap, expiry and collector, flush, resumable walks) and its keyed hash:
 * keys chosen to collide, or to collide under the old unkeyed hash_64(),
 * spread.
 */
#include <kunit/test.h>
#include <linux/hash.h>
#include <linux/slab.h>

#include "../../net/ilnp/ilnp.h"

/* A flood of 1024 keys in 256 buckets is 4 a bucket on average; more
 * than 20 in one would mean the keys chose their bucket.
 */
#define FLOOD		1024U
#define DEPTH_MAX	20U

struct tent {
	struct ilnp_table_node node;
};

static atomic_t released;
/* Where the last release ran: with BHs off or in softirq (as an insert
 * may be), and in which work item.
 */
static bool released_atomic;
static struct work_struct *released_by;

static void tent_free(struct ilnp_table_node *node)
{
	atomic_inc(&released);
	released_atomic = !in_task() || in_softirq();
	released_by = current_work();
	kfree_rcu(container_of(node, struct tent, node), node.rcu);
}

static const struct ilnp_table_ops tent_ops = {
	.release = tent_free,
	.gc_min = HZ / 10,
	.gc_max = HZ,
};

/* A table that must not evict, and one that evicts only after 10 s. */
static const struct ilnp_table_ops tent_no_evict_ops = {
	.release = tent_free,
	.gc_min = HZ / 10,
	.gc_max = HZ,
	.no_evict = true,
};

static const struct ilnp_table_ops tent_slow_evict_ops = {
	.release = tent_free,
	.gc_min = HZ / 10,
	.gc_max = HZ,
	.evict_idle = 10 * HZ,
};

/* The events hook: what it was told, "+KEY" linked (with "^OLD" when
 * it replaced one), "-KEY:WHY" unlinked, in order.
 */
static char changes[128];

static void tent_changed(struct ilnp_table *t,
			 const struct ilnp_table_node *node,
			 const struct ilnp_table_node *old, u32 why)
{
	size_t n = strlen(changes);

	if (why)
		snprintf(changes + n, sizeof(changes) - n, "-%llx:%u ",
			 node->key, why);
	else if (old)
		snprintf(changes + n, sizeof(changes) - n, "+%llx^%llx ",
			 node->key, old->key);
	else
		snprintf(changes + n, sizeof(changes) - n, "+%llx ",
			 node->key);
}

static const struct ilnp_table_ops tent_changed_ops = {
	.release = tent_free,
	.changed = tent_changed,
	.gc_min = HZ / 10,
	.gc_max = HZ,
};

static const siphash_key_t fixed_key = { { 0x0706050403020100ULL,
					   0x0f0e0d0c0b0a0908ULL } };

static int ilnp_table_test_init(struct kunit *test)
{
	struct ilnp_table *t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);

	if (!t)
		return -ENOMEM;
	ilnp_table_init(t, &tent_ops, 8, 10 * HZ);
	atomic_set(&released, 0);
	released_atomic = true;
	released_by = NULL;
	test->priv = t;
	return 0;
}

static void ilnp_table_test_exit(struct kunit *test)
{
	ilnp_table_exit(test->priv);
	rcu_barrier();	/* entries are freed after a grace period */
}

/* Insert a new entry for @key into @t, BHs off as in softirq: what
 * ilnp_table_insert_evict() returned; whether it evicted in *@evicted.
 */
static struct ilnp_table_node *add_to(struct kunit *test,
				      struct ilnp_table *t, u64 key,
				      bool pinned, bool replace,
				      bool *evicted)
{
	struct tent *e = kzalloc(sizeof(*e), GFP_KERNEL);
	struct ilnp_table_node *node;

	KUNIT_ASSERT_NOT_NULL(test, e);
	ilnp_table_node_init(&e->node, key, pinned);
	local_bh_disable();
	node = ilnp_table_insert_evict(t, &e->node, replace, evicted);
	local_bh_enable();
	if (node != &e->node)
		kfree(e);
	return node;
}

static struct ilnp_table_node *add(struct kunit *test, u64 key, bool pinned,
				   bool replace)
{
	return add_to(test, test->priv, key, pinned, replace, NULL);
}

static struct ilnp_table_node *lookup(struct ilnp_table *t, u64 key)
{
	struct ilnp_table_node *node;

	rcu_read_lock();
	node = ilnp_table_lookup(t, key, jiffies);
	rcu_read_unlock();
	return node;	/* only compared or read while the test owns t */
}

static struct ilnp_table_node *find(struct ilnp_table *t, u64 key)
{
	struct ilnp_table_node *node;

	rcu_read_lock();
	node = ilnp_table_find(t, key);
	rcu_read_unlock();
	return node;	/* as lookup() */
}

static unsigned int depth(struct ilnp_table *t, unsigned int bucket)
{
	struct ilnp_table_node *node;
	unsigned int n = 0;

	hlist_for_each_entry(node, &t->buckets[bucket], hnode)
		n++;
	return n;
}

static unsigned int max_depth(struct ilnp_table *t)
{
	unsigned int i, d = 0;

	for (i = 0; i < ILNP_TABLE_SIZE; i++)
		d = max(d, depth(t, i));
	return d;
}

static void run_gc(struct ilnp_table *t)
{
	mod_delayed_work(system_wq, &t->gc, 0);
	flush_delayed_work(&t->gc);
}

static void ilnp_table_insert_lookup(struct kunit *test)
{
	struct ilnp_table *t = test->priv;
	struct ilnp_table_node *node;
	u32 gen = t->gen;

	KUNIT_EXPECT_NULL(test, lookup(t, 0xc));
	node = add(test, 0xc, false, true);
	KUNIT_ASSERT_FALSE(test, IS_ERR(node));
	KUNIT_EXPECT_PTR_EQ(test, lookup(t, 0xc), node);
	KUNIT_EXPECT_EQ(test, node->key, 0xcULL);
	KUNIT_EXPECT_NULL(test, lookup(t, 0xd));
	KUNIT_EXPECT_EQ(test, t->count, 1U);
	KUNIT_EXPECT_EQ(test, t->gen, gen + 1);
	KUNIT_EXPECT_EQ(test, depth(t, ilnp_table_bucket(t, 0xc)), 1U);
}

static void ilnp_table_replace(struct kunit *test)
{
	struct ilnp_table *t = test->priv;
	struct ilnp_table_node *first, *second;

	first = add(test, 0xc, false, true);
	/* Without @replace the entry there is kept and returned. */
	KUNIT_EXPECT_PTR_EQ(test, add(test, 0xc, false, false), first);
	KUNIT_EXPECT_EQ(test, atomic_read(&released), 0);
	/* With it, the new one takes its place, the old is released. */
	second = add(test, 0xc, false, true);
	KUNIT_EXPECT_PTR_NE(test, second, first);
	KUNIT_EXPECT_PTR_EQ(test, lookup(t, 0xc), second);
	KUNIT_EXPECT_EQ(test, atomic_read(&released), 1);
	KUNIT_EXPECT_EQ(test, t->count, 1U);
	KUNIT_EXPECT_EQ(test, depth(t, ilnp_table_bucket(t, 0xc)), 1U);
}

static void ilnp_table_cap_overflow(struct kunit *test)
{
	struct ilnp_table *t = test->priv;
	u64 key;

	ilnp_table_set_limits(t, 0, 3);
	for (key = 1; key <= 3; key++)
		KUNIT_EXPECT_FALSE(test, IS_ERR(add(test, key, false, true)));
	KUNIT_EXPECT_PTR_EQ(test, add(test, 4, false, true),
			    ERR_PTR(-ENOSPC));
	KUNIT_EXPECT_PTR_EQ(test, add(test, 5, false, false),
			    ERR_PTR(-ENOSPC));
	KUNIT_EXPECT_EQ(test, t->overflow, 2UL);
	KUNIT_EXPECT_EQ(test, t->count, 3U);
	KUNIT_EXPECT_NULL(test, lookup(t, 4));
	/* A full table still replaces what it has... */
	KUNIT_EXPECT_FALSE(test, IS_ERR(add(test, 2, false, true)));
	/* ...and takes pinned entries, which do not count. */
	KUNIT_EXPECT_FALSE(test, IS_ERR(add(test, 6, true, true)));
	KUNIT_EXPECT_EQ(test, t->count, 3U);
	KUNIT_EXPECT_EQ(test, t->overflow, 2UL);
}

static void ilnp_table_pinned(struct kunit *test)
{
	struct ilnp_table *t = test->priv;
	struct ilnp_table_node *own, *learnt;

	learnt = add(test, 0xa, false, true);
	own = add(test, 0xa, true, true);
	KUNIT_EXPECT_PTR_NE(test, own, learnt);
	KUNIT_EXPECT_EQ(test, t->count, 0U);
	/* Learning does not override what was configured. */
	KUNIT_EXPECT_PTR_EQ(test, add(test, 0xa, false, true), own);
	own->updated = jiffies - 100 * HZ;
	KUNIT_EXPECT_PTR_EQ(test, lookup(t, 0xa), own);
	run_gc(t);
	KUNIT_EXPECT_PTR_EQ(test, lookup(t, 0xa), own);
	KUNIT_EXPECT_EQ(test, atomic_read(&released), 1);
}

static void ilnp_table_expiry_gc(struct kunit *test)
{
	struct ilnp_table *t = test->priv;
	struct ilnp_table_node *c, *d;

	c = add(test, 0xc, false, true);
	d = add(test, 0xd, false, true);
	c->updated = jiffies - 9 * HZ;
	KUNIT_EXPECT_PTR_EQ(test, lookup(t, 0xc), c);
	/* Past its lifetime: gone for lookups at once... */
	c->updated = jiffies - 11 * HZ;
	KUNIT_EXPECT_NULL(test, lookup(t, 0xc));
	rcu_read_lock();
	KUNIT_EXPECT_PTR_EQ(test, ilnp_table_find(t, 0xc), c);
	rcu_read_unlock();
	/* ...and released by the collector. */
	run_gc(t);
	KUNIT_EXPECT_EQ(test, t->count, 1U);
	KUNIT_EXPECT_EQ(test, atomic_read(&released), 1);
	KUNIT_EXPECT_PTR_EQ(test, lookup(t, 0xd), d);
	/* Touched, an entry starts its lifetime again. */
	d->updated = jiffies - 11 * HZ;
	ilnp_table_touch(d);
	run_gc(t);
	KUNIT_EXPECT_PTR_EQ(test, lookup(t, 0xd), d);
	/* A shorter lifetime applies to what is there. */
	d->updated = jiffies - 2 * HZ;
	ilnp_table_set_limits(t, HZ, 0);
	flush_delayed_work(&t->gc);
	KUNIT_EXPECT_EQ(test, t->count, 0U);
	KUNIT_EXPECT_EQ(test, atomic_read(&released), 2);
}

static bool even(const struct ilnp_table_node *node, const void *arg)
{
	return !(node->key & 1);
}

static void ilnp_table_flush_remove(struct kunit *test)
{
	struct ilnp_table *t = test->priv;
	u64 key;

	for (key = 1; key <= 6; key++)
		add(test, key, key == 6, true);
	KUNIT_EXPECT_EQ(test, ilnp_table_flush(t, even, NULL), 3U);
	KUNIT_EXPECT_EQ(test, t->count, 3U);
	KUNIT_EXPECT_NOT_NULL(test, lookup(t, 1));
	KUNIT_EXPECT_NULL(test, lookup(t, 2));
	KUNIT_EXPECT_NULL(test, lookup(t, 6));
	/* One key, if it matches. */
	KUNIT_EXPECT_FALSE(test, ilnp_table_remove(t, 3, even, NULL));
	KUNIT_EXPECT_FALSE(test, ilnp_table_remove(t, 4, NULL, NULL));
	KUNIT_EXPECT_TRUE(test, ilnp_table_remove(t, 3, NULL, NULL));
	KUNIT_EXPECT_NULL(test, lookup(t, 3));
	KUNIT_EXPECT_EQ(test, ilnp_table_flush(t, NULL, NULL), 2U);
	KUNIT_EXPECT_EQ(test, t->count, 0U);
	KUNIT_EXPECT_EQ(test, max_depth(t), 0U);
	KUNIT_EXPECT_EQ(test, atomic_read(&released), 6);
}

/* The events hook (events.c's source): told of each link, with what
 * it replaced, and of each unlink with its reason (flushed, expired,
 * evicted); never for a table without a netns (KUnit's others, and
 * what an insert refuses).
 */
static void ilnp_table_changed_hook(struct kunit *test)
{
	struct ilnp_table *t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);
	struct ilnp_table_node *node;
	bool evicted;

	KUNIT_ASSERT_NOT_NULL(test, t);
	ilnp_table_init(t, &tent_changed_ops, 2, 10 * HZ);
	changes[0] = 0;
	add_to(test, t, 1, false, true, NULL);
	KUNIT_EXPECT_STREQ(test, changes, "");	/* no netns: silent */
	t->net = &init_net;
	add_to(test, t, 2, false, true, NULL);
	add_to(test, t, 2, false, true, NULL);	/* replaces */
	add_to(test, t, 2, false, false, NULL);	/* kept: nothing */
	ilnp_table_remove(t, 2, NULL, NULL);
	add_to(test, t, 3, false, true, NULL);
	node = find(t, 3);
	node->updated = jiffies - 11 * HZ;
	run_gc(t);
	/* At the cap (2: keys 1 and 4), key 5 evicts the idler, 1. */
	add_to(test, t, 4, false, true, NULL);
	find(t, 1)->updated = jiffies - 5 * HZ;
	add_to(test, t, 5, false, true, &evicted);
	KUNIT_EXPECT_TRUE(test, evicted);
	KUNIT_EXPECT_STREQ(test, changes,
			   "+2 +2^2 -2:5 +3 -3:4 +4 -1:6 +5 ");
	ilnp_table_exit(t);
	rcu_barrier();
}

/* Fill @t (its cap 3) with learnt keys 1, 2 and 3, last updated 5, 3
 * and 4 s ago: key 1 is the least recently updated.
 */
static void fill_aged(struct kunit *test, struct ilnp_table *t)
{
	static const unsigned int age[] = { 5, 3, 4 };
	struct ilnp_table_node *node;
	unsigned long now = jiffies;
	u64 key;

	ilnp_table_set_limits(t, 0, 3);
	for (key = 1; key <= 3; key++) {
		node = add_to(test, t, key, false, true, NULL);
		KUNIT_ASSERT_FALSE(test, IS_ERR(node));
		node->updated = now - age[key - 1] * HZ;
	}
}

static void ilnp_table_evict_lru(struct kunit *test)
{
	struct ilnp_table *t = test->priv;
	struct ilnp_table_node *node;
	bool evicted = false;

	fill_aged(test, t);
	node = add_to(test, t, 4, false, true, &evicted);
	KUNIT_EXPECT_FALSE(test, IS_ERR(node));
	KUNIT_EXPECT_TRUE(test, evicted);
	KUNIT_EXPECT_PTR_EQ(test, lookup(t, 4), node);
	KUNIT_EXPECT_NULL(test, lookup(t, 1));
	KUNIT_EXPECT_NOT_NULL(test, lookup(t, 2));
	KUNIT_EXPECT_NOT_NULL(test, lookup(t, 3));
	KUNIT_EXPECT_EQ(test, t->count, 3U);
	KUNIT_EXPECT_EQ(test, t->evicted, 1UL);
	KUNIT_EXPECT_EQ(test, t->overflow, 0UL);
	/* Next, the least recently updated of the rest: 3 (4 s). */
	add_to(test, t, 5, false, true, &evicted);
	KUNIT_EXPECT_TRUE(test, evicted);
	KUNIT_EXPECT_NULL(test, lookup(t, 3));
	KUNIT_EXPECT_NOT_NULL(test, lookup(t, 2));
	KUNIT_EXPECT_EQ(test, t->evicted, 2UL);
	/* Replacing a key there evicts nothing. */
	add_to(test, t, 2, false, true, &evicted);
	KUNIT_EXPECT_FALSE(test, evicted);
	KUNIT_EXPECT_EQ(test, t->evicted, 2UL);
	KUNIT_EXPECT_EQ(test, t->count, 3U);
}

/* An expired entry not yet collected is the first to go. */
static void ilnp_table_evict_expired_first(struct kunit *test)
{
	struct ilnp_table *t = test->priv;

	fill_aged(test, t);
	find(t, 2)->updated = jiffies - 11 * HZ;	/* lifetime 10 s */
	KUNIT_EXPECT_FALSE(test, IS_ERR(add(test, 4, false, true)));
	KUNIT_EXPECT_NOT_NULL(test, lookup(t, 1));
	KUNIT_EXPECT_NULL(test, find(t, 2));
}

static void ilnp_table_evict_never_pinned(struct kunit *test)
{
	struct ilnp_table *t = test->priv;
	struct ilnp_table_node *own;
	bool evicted;

	fill_aged(test, t);
	/* Pinned, and older than anything: it stays. */
	own = add(test, 0xa, true, true);
	own->updated = jiffies - 100 * HZ;
	for (evicted = true; evicted; )
		add_to(test, t, 0x10 + t->evicted, false, true, &evicted);
	/* The three aged ones went; then the new ones, fresh, stayed. */
	KUNIT_EXPECT_EQ(test, t->evicted, 3UL);
	KUNIT_EXPECT_EQ(test, t->overflow, 1UL);
	KUNIT_EXPECT_PTR_EQ(test, lookup(t, 0xa), own);
	KUNIT_EXPECT_EQ(test, t->count, 3U);
}

/* Eviction happens in the inserter's context, maybe softirq; the release
 * of the evicted entry (the ILCC's sleeps) in a work item, later.
 */
static void ilnp_table_evict_release_deferred(struct kunit *test)
{
	struct ilnp_table *t = test->priv;
	bool evicted = false;

	fill_aged(test, t);
	add_to(test, t, 4, false, true, &evicted);	/* BHs off */
	KUNIT_EXPECT_TRUE(test, evicted);
	KUNIT_EXPECT_NULL(test, find(t, 1));	/* unlinked at once */
	flush_work(&t->reap_work);
	KUNIT_EXPECT_EQ(test, atomic_read(&released), 1);
	KUNIT_EXPECT_FALSE(test, released_atomic);
	KUNIT_EXPECT_PTR_EQ(test, released_by, &t->reap_work);
	KUNIT_EXPECT_EQ(test, t->reaping, 0U);
	KUNIT_EXPECT_NULL(test, t->reap);
}

/* A table torn down before its work ran still releases what it evicted. */
static void ilnp_table_evict_exit_releases(struct kunit *test)
{
	struct ilnp_table *t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);
	bool evicted = false;

	KUNIT_ASSERT_NOT_NULL(test, t);
	ilnp_table_init(t, &tent_ops, 8, 10 * HZ);
	fill_aged(test, t);
	add_to(test, t, 4, false, true, &evicted);
	KUNIT_EXPECT_TRUE(test, evicted);
	ilnp_table_exit(t);
	KUNIT_EXPECT_EQ(test, atomic_read(&released), 4);
	KUNIT_EXPECT_EQ(test, t->reaping, 0U);
}

/* The policy: at the cap, only an entry idle a second or more makes
 * room.  While every entry is fresh, a flood of new keys is refused and
 * costs none of them.
 */
static void ilnp_table_evict_fresh_refused(struct kunit *test)
{
	struct ilnp_table *t = test->priv;
	struct ilnp_table_node *one, *node;
	bool evicted = true;
	u64 key;

	/* All three made just now: touched within the last second. */
	ilnp_table_set_limits(t, 0, 3);
	for (key = 1; key <= 3; key++)
		add(test, key, false, true);
	for (key = 4; key <= 8; key++)
		KUNIT_EXPECT_PTR_EQ(test, add_to(test, t, key, false, true,
						 &evicted), ERR_PTR(-ENOSPC));
	KUNIT_EXPECT_FALSE(test, evicted);
	KUNIT_EXPECT_EQ(test, t->overflow, 5UL);
	KUNIT_EXPECT_EQ(test, t->evicted, 0UL);
	KUNIT_EXPECT_EQ(test, atomic_read(&released), 0);
	/* One falls idle: it, and only it, makes room. */
	one = lookup(t, 1);
	one->updated = jiffies - 2 * HZ;
	node = add(test, 9, false, true);
	KUNIT_EXPECT_PTR_EQ(test, lookup(t, 9), node);
	KUNIT_EXPECT_NULL(test, lookup(t, 1));
	KUNIT_EXPECT_PTR_EQ(test, add(test, 10, false, true), ERR_PTR(-ENOSPC));
	KUNIT_EXPECT_EQ(test, t->evicted, 1UL);
	KUNIT_EXPECT_EQ(test, t->overflow, 6UL);
}

/* Per table, by its ops: no eviction at all, or a longer idle time. */
static void ilnp_table_evict_ops(struct kunit *test)
{
	struct ilnp_table *t = kunit_kzalloc(test, 2 * sizeof(*t), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, t);
	ilnp_table_init(&t[0], &tent_no_evict_ops, 8, 1000 * HZ);
	ilnp_table_init(&t[1], &tent_slow_evict_ops, 8, 1000 * HZ);
	fill_aged(test, &t[0]);
	fill_aged(test, &t[1]);
	/* 5 s idle at most: neither may evict. */
	KUNIT_EXPECT_PTR_EQ(test, add_to(test, &t[0], 4, false, true, NULL),
			    ERR_PTR(-ENOSPC));
	KUNIT_EXPECT_PTR_EQ(test, add_to(test, &t[1], 4, false, true, NULL),
			    ERR_PTR(-ENOSPC));
	/* 100 s idle: the one with a 10 s idle time evicts it, not the other. */
	find(&t[0], 2)->updated = jiffies - 100 * HZ;
	find(&t[1], 2)->updated = jiffies - 100 * HZ;
	KUNIT_EXPECT_PTR_EQ(test, add_to(test, &t[0], 5, false, true, NULL),
			    ERR_PTR(-ENOSPC));
	KUNIT_EXPECT_FALSE(test, IS_ERR(add_to(test, &t[1], 5, false, true,
					       NULL)));
	KUNIT_EXPECT_EQ(test, t[0].overflow, 2UL);
	KUNIT_EXPECT_EQ(test, t[0].evicted, 0UL);
	KUNIT_EXPECT_EQ(test, t[1].overflow, 1UL);
	KUNIT_EXPECT_EQ(test, t[1].evicted, 1UL);
	KUNIT_EXPECT_NULL(test, find(&t[1], 2));
	ilnp_table_exit(&t[0]);
	ilnp_table_exit(&t[1]);
}

/* A table larger than the sample: each insert looks at a bounded part of
 * it (successive ones sweep on), evicts the oldest there.  Keys 0..63
 * are all old; every new key makes room, an old one goes each time.
 */
static void ilnp_table_evict_sweeps(struct kunit *test)
{
	struct ilnp_table *t = test->priv;
	struct ilnp_table_node *node;
	unsigned int old = 0;
	u64 key;

	ilnp_table_set_hash_key(t, &fixed_key);	/* the same every run */
	ilnp_table_set_limits(t, 1000 * HZ, 64);
	for (key = 0; key < 64; key++) {
		node = add(test, key, false, true);
		KUNIT_ASSERT_FALSE(test, IS_ERR(node));
		node->updated = jiffies - (2 + key) * HZ;
	}
	for (key = 100; key < 132; key++)
		KUNIT_EXPECT_FALSE(test, IS_ERR(add(test, key, false, true)));
	for (key = 0; key < 64; key++)
		old += !!find(t, key);
	KUNIT_EXPECT_EQ(test, old, 32U);
	KUNIT_EXPECT_EQ(test, t->evicted, 32UL);
	KUNIT_EXPECT_EQ(test, t->count, 64U);
}

/* Walk all of @t, a new read-side section and a cursor of bucket and
 * position only (as between netlink dump calls) every @step entries.
 */
static unsigned int walk(struct kunit *test, struct ilnp_table *t,
			 unsigned int step, unsigned long *seen, u64 nkeys)
{
	unsigned long bucket = 0, pos = 0;
	struct ilnp_table_node *node;
	unsigned int n = 0, i;
	bool again;

	do {
		struct ilnp_table_iter it = { .bucket = bucket, .pos = pos };

		rcu_read_lock();
		for (i = 0; i < step; i++) {
			node = ilnp_table_next(t, &it);
			if (!node)
				break;
			/* No assertion here: it would leave the RCU section. */
			KUNIT_EXPECT_LT(test, node->key, nkeys);
			again = node->key < nkeys &&
				__test_and_set_bit(node->key, seen);
			KUNIT_EXPECT_FALSE(test, again);
			n++;
			bucket = it.bucket;
			pos = it.pos;
		}
		rcu_read_unlock();
	} while (node);
	return n;
}

static void ilnp_table_walk_resumes(struct kunit *test)
{
	struct ilnp_table *t = test->priv;
	unsigned long *seen;
	unsigned int step;
	u64 key;

	ilnp_table_set_limits(t, 0, 100);
	/* A known hash key: some buckets hold several of these. */
	ilnp_table_set_hash_key(t, &fixed_key);
	for (key = 0; key < 100; key++)
		add(test, key, false, true);
	KUNIT_EXPECT_GT(test, max_depth(t), 1U);
	seen = kunit_kcalloc(test, BITS_TO_LONGS(100), sizeof(long),
			     GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, seen);
	for (step = 1; step <= 101; step += 50) {
		bitmap_zero(seen, 100);
		KUNIT_EXPECT_EQ(test, walk(test, t, step, seen, 100), 100U);
		KUNIT_EXPECT_EQ(test, bitmap_weight(seen, 100), 100U);
	}
}

static void ilnp_table_collisions(struct kunit *test)
{
	struct ilnp_table *t = test->priv;
	struct ilnp_table_node *nodes[4];
	unsigned int b;
	u64 keys[4], k;
	int n = 1;

	ilnp_table_set_hash_key(t, &fixed_key);
	keys[0] = 0;
	b = ilnp_table_bucket(t, 0);
	for (k = 1; n < ARRAY_SIZE(keys) && k < 1U << 16; k++)
		if (ilnp_table_bucket(t, k) == b)
			keys[n++] = k;
	KUNIT_ASSERT_EQ(test, n, (int)ARRAY_SIZE(keys));
	for (n = 0; n < ARRAY_SIZE(keys); n++)
		nodes[n] = add(test, keys[n], false, true);
	KUNIT_EXPECT_EQ(test, depth(t, b), 4U);
	for (n = 0; n < ARRAY_SIZE(keys); n++)
		KUNIT_EXPECT_PTR_EQ(test, lookup(t, keys[n]), nodes[n]);
	/* Out of the middle of a chain: the rest stay found. */
	KUNIT_EXPECT_TRUE(test, ilnp_table_remove(t, keys[1], NULL, NULL));
	KUNIT_EXPECT_EQ(test, depth(t, b), 3U);
	KUNIT_EXPECT_NULL(test, lookup(t, keys[1]));
	KUNIT_EXPECT_PTR_EQ(test, lookup(t, keys[0]), nodes[0]);
	KUNIT_EXPECT_PTR_EQ(test, lookup(t, keys[2]), nodes[2]);
	KUNIT_EXPECT_PTR_EQ(test, lookup(t, keys[3]), nodes[3]);
}

static void ilnp_table_key_random(struct kunit *test)
{
	struct ilnp_table *t = test->priv, *other;

	other = kunit_kzalloc(test, sizeof(*other), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, other);
	ilnp_table_init(other, &tent_ops, 8, HZ);
	KUNIT_EXPECT_FALSE(test, siphash_key_is_zero(&t->key));
	KUNIT_EXPECT_NE(test, memcmp(&t->key, &other->key, sizeof(t->key)),
			0);
	ilnp_table_exit(other);
}

/* The inverse of GOLDEN_RATIO_64 modulo 2^64 (Newton's iteration, each
 * step doubling the bits that are right): multiples of it all land in
 * bucket 0 of hash_64(), the unkeyed hash the tables used before.
 */
static u64 golden_inverse(void)
{
	u64 x = GOLDEN_RATIO_64;
	int i;

	for (i = 0; i < 6; i++)
		x *= 2 - GOLDEN_RATIO_64 * x;
	return x;
}

static void flood(struct kunit *test, u64 (*key)(u64 i))
{
	struct ilnp_table *t = test->priv;
	u64 i;

	ilnp_table_set_limits(t, 0, FLOOD);
	for (i = 0; i < FLOOD; i++)
		KUNIT_ASSERT_FALSE(test, IS_ERR(add(test, key(i), false, true)));
	KUNIT_EXPECT_EQ(test, t->count, FLOOD);
	KUNIT_EXPECT_LE(test, max_depth(t), DEPTH_MAX);
}

static u64 old_hash_collider(u64 i)
{
	return i * golden_inverse();
}

static u64 sequential_nid(u64 i)
{
	return 0xffff000000000000ULL + i;
}

static u64 sequential_locator(u64 i)
{
	return i << 48;
}

static void ilnp_table_flood_old_collisions(struct kunit *test)
{
	u64 i;

	for (i = 0; i < FLOOD; i++)
		KUNIT_ASSERT_EQ(test, hash_64(old_hash_collider(i), 8), 0U);
	flood(test, old_hash_collider);
}

static void ilnp_table_flood_sequential(struct kunit *test)
{
	struct ilnp_table *t = test->priv;

	flood(test, sequential_nid);
	ilnp_table_flush(t, NULL, NULL);
	flood(test, sequential_locator);
}

/* The same with a known key: a result that does not vary by run. */
static void ilnp_table_flood_fixed_key(struct kunit *test)
{
	ilnp_table_set_hash_key(test->priv, &fixed_key);
	flood(test, old_hash_collider);
}

static struct kunit_case ilnp_table_cases[] = {
	KUNIT_CASE(ilnp_table_insert_lookup),
	KUNIT_CASE(ilnp_table_replace),
	KUNIT_CASE(ilnp_table_cap_overflow),
	KUNIT_CASE(ilnp_table_evict_lru),
	KUNIT_CASE(ilnp_table_evict_expired_first),
	KUNIT_CASE(ilnp_table_evict_never_pinned),
	KUNIT_CASE(ilnp_table_evict_release_deferred),
	KUNIT_CASE(ilnp_table_evict_exit_releases),
	KUNIT_CASE(ilnp_table_evict_fresh_refused),
	KUNIT_CASE(ilnp_table_evict_ops),
	KUNIT_CASE(ilnp_table_evict_sweeps),
	KUNIT_CASE(ilnp_table_pinned),
	KUNIT_CASE(ilnp_table_expiry_gc),
	KUNIT_CASE(ilnp_table_flush_remove),
	KUNIT_CASE(ilnp_table_changed_hook),
	KUNIT_CASE(ilnp_table_walk_resumes),
	KUNIT_CASE(ilnp_table_collisions),
	KUNIT_CASE(ilnp_table_key_random),
	KUNIT_CASE(ilnp_table_flood_old_collisions),
	KUNIT_CASE(ilnp_table_flood_sequential),
	KUNIT_CASE(ilnp_table_flood_fixed_key),
	{}
};

static struct kunit_suite ilnp_table_suite = {
	.name = "ilnp_table",
	.init = ilnp_table_test_init,
	.exit = ilnp_table_test_exit,
	.test_cases = ilnp_table_cases,
};

kunit_test_suite(ilnp_table_suite);
