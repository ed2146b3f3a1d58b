// SPDX-License-Identifier: GPL-2.0
/*
 * The flood duplicate cache: which (origin NID, sequence) discovery
 * floods this node has handled.  A flood is handled and sent on once,
 * so it crosses each link once; the prototype, without this cache,
 * re-flooded every copy until the hop limit ran out.
 *
 * Bounded: at the cap the oldest entry goes.  Aging: entries older than
 * the lifetime no longer count and are reclaimed as new ones arrive.
 * One spinlock; softirq is the only user besides init and exit.
 *
 * Not an aging table (table.h), though it ages: its key is 96 bits (NID
 * and sequence), at the cap it evicts the oldest instead of refusing the
 * newest (a flood not remembered is only handled twice, one refused is
 * lost), entries leave in arrival order as new ones come rather than by
 * a collector, and nothing reads it outside its lock.  It hashes the
 * same way, with a random key: (NID, sequence) pairs come off the wire.
 */
#include <linux/jiffies.h>
#include <linux/random.h>
#include <linux/siphash.h>
#include <linux/slab.h>

#include "ilnp.h"

struct ilnp_dup {
	struct hlist_node hnode;
	struct list_head fifo;
	u64 nid;
	u32 seq;
	unsigned long when;
};

static struct hlist_head *dup_bucket(struct ilnp_dup_cache *c, u64 nid,
				     u32 seq)
{
	u64 h = siphash_2u64(nid, seq, &c->key);

	return &c->buckets[h & (ARRAY_SIZE(c->buckets) - 1)];
}

static void dup_free(struct ilnp_dup_cache *c, struct ilnp_dup *d)
{
	lockdep_assert_held(&c->lock);
	hlist_del(&d->hnode);
	list_del(&d->fifo);
	c->count--;
	kfree(d);
}

/* Drop entries past their lifetime (oldest first). */
static void dup_expire(struct ilnp_dup_cache *c, unsigned long now)
{
	struct ilnp_dup *d;

	while (!list_empty(&c->fifo)) {
		d = list_first_entry(&c->fifo, struct ilnp_dup, fifo);
		if (!time_after(now, d->when + c->lifetime))
			break;
		dup_free(c, d);
	}
}

/* Has the flood (@nid, @seq) been seen?  If not, remember it. */
bool ilnp_dup_check(struct ilnp_dup_cache *c, u64 nid, u32 seq,
		    unsigned long now)
{
	struct hlist_head *head = dup_bucket(c, nid, seq);
	struct ilnp_dup *d;
	bool seen = false;

	spin_lock_bh(&c->lock);
	dup_expire(c, now);
	hlist_for_each_entry(d, head, hnode)
		if (d->nid == nid && d->seq == seq) {
			seen = true;
			goto out_unlock;
		}
	/* At the cap the oldest makes room.  Not remembering a flood only
	 * risks handling it twice.
	 */
	if (c->count >= c->max)
		dup_free(c, list_first_entry(&c->fifo, struct ilnp_dup, fifo));
	d = kmalloc(sizeof(*d), GFP_ATOMIC);
	if (!d)
		goto out_unlock;
	d->nid = nid;
	d->seq = seq;
	d->when = now;
	hlist_add_head(&d->hnode, head);
	list_add_tail(&d->fifo, &c->fifo);
	c->count++;
out_unlock:
	spin_unlock_bh(&c->lock);
	return seen;
}
EXPORT_SYMBOL_FOR_ILNP_KUNIT(ilnp_dup_check);

void ilnp_dup_init(struct ilnp_dup_cache *c, unsigned int max,
		   unsigned long lifetime)
{
	int i;

	spin_lock_init(&c->lock);
	get_random_bytes(&c->key, sizeof(c->key));
	for (i = 0; i < ARRAY_SIZE(c->buckets); i++)
		INIT_HLIST_HEAD(&c->buckets[i]);
	INIT_LIST_HEAD(&c->fifo);
	c->count = 0;
	c->max = max;
	c->lifetime = lifetime;
}
EXPORT_SYMBOL_FOR_ILNP_KUNIT(ilnp_dup_init);

void ilnp_dup_exit(struct ilnp_dup_cache *c)
{
	struct ilnp_dup *d, *tmp;

	spin_lock_bh(&c->lock);
	list_for_each_entry_safe(d, tmp, &c->fifo, fifo)
		dup_free(c, d);
	spin_unlock_bh(&c->lock);
}
EXPORT_SYMBOL_FOR_ILNP_KUNIT(ilnp_dup_exit);
