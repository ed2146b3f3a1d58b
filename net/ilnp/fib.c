// SPDX-License-Identifier: GPL-2.0
/*
 * The forwarding table, learnt backwards as in the prototype: a packet
 * from locator L that arrived on our locator V of device D teaches
 * "L via V on D".  Learnt entries age out and the table is capped; our
 * own locators are entries too (ILNP_ROUTE_F_OWN) that never expire, so
 * one lookup answers "attached or next hop".
 *
 * Readers (softirq) walk the buckets under RCU.  A changed path replaces
 * its entry rather than editing it, so a reader never sees a device from
 * one path with the locator of another.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/hash.h>
#include <linux/jiffies.h>
#include <linux/rculist.h>
#include <linux/slab.h>

#include "ilnp.h"

static struct hlist_head *fib_bucket(struct ilnp_fib *fib, u64 loc)
{
	return &fib->buckets[hash_64(loc, ILNP_FIB_BITS)];
}

bool ilnp_route_expired(const struct ilnp_fib *fib,
			const struct ilnp_route *rt, unsigned long now)
{
	if (rt->flags & ILNP_ROUTE_F_OWN)
		return false;
	return time_after(now, READ_ONCE(rt->updated) + READ_ONCE(fib->lifetime));
}
EXPORT_SYMBOL_FOR_ILNP_KUNIT(ilnp_route_expired);

/* Any entry for @loc, expired or not.  RCU or fib->lock. */
static struct ilnp_route *fib_find(struct ilnp_fib *fib, u64 loc)
{
	struct ilnp_route *rt;

	hlist_for_each_entry_rcu(rt, fib_bucket(fib, loc), hnode,
				 lockdep_is_held(&fib->lock))
		if (rt->loc == loc)
			return rt;
	return NULL;
}

/* The live entry for @loc; caller holds rcu_read_lock(). */
struct ilnp_route *ilnp_fib_lookup(struct ilnp_fib *fib, u64 loc)
{
	struct ilnp_route *rt = fib_find(fib, loc);

	if (rt && ilnp_route_expired(fib, rt, jiffies))
		return NULL;
	return rt;
}
EXPORT_SYMBOL_FOR_ILNP_KUNIT(ilnp_fib_lookup);

static unsigned long fib_gc_interval(const struct ilnp_fib *fib)
{
	return clamp(READ_ONCE(fib->lifetime) / 2, HZ / 10, 5UL * HZ);
}

static void fib_unlink(struct ilnp_fib *fib, struct ilnp_route *rt)
{
	lockdep_assert_held(&fib->lock);
	hlist_del_rcu(&rt->hnode);
	fib->gen++;
	if (!(rt->flags & ILNP_ROUTE_F_OWN))
		fib->learnt--;
	kfree_rcu(rt, rcu);
}

static struct ilnp_route *fib_new(u64 loc, struct ilnp_dev *idev, u64 via,
				  u32 flags, gfp_t gfp)
{
	struct ilnp_route *rt = kmalloc(sizeof(*rt), gfp);

	if (!rt)
		return NULL;
	rt->loc = loc;
	rt->via = via;
	rt->idev = idev;
	rt->flags = flags;
	rt->updated = jiffies;
	return rt;
}

/* Learn from a packet that arrived (softirq or process context). */
void ilnp_fib_learn(struct ilnp_fib *fib, u64 loc, struct ilnp_dev *idev,
		    u64 via)
{
	struct ilnp_route *rt, *new;

	rcu_read_lock();
	rt = fib_find(fib, loc);
	if (rt && ((rt->flags & ILNP_ROUTE_F_OWN) ||
		   (rt->idev == idev && rt->via == via))) {
		if (!(rt->flags & ILNP_ROUTE_F_OWN))
			WRITE_ONCE(rt->updated, jiffies);
		rcu_read_unlock();
		return;
	}
	rcu_read_unlock();

	spin_lock_bh(&fib->lock);
	rt = fib_find(fib, loc);
	if (rt && (rt->flags & ILNP_ROUTE_F_OWN))
		goto out_unlock;
	if (!rt && fib->learnt >= fib->max) {
		ilnp_stat_inc(idev, ILNP_STAT_ROUTE_OVERFLOW);
		goto out_unlock;
	}
	new = fib_new(loc, idev, via, 0, GFP_ATOMIC);
	if (!new)
		goto out_unlock;
	if (rt) {
		hlist_replace_rcu(&rt->hnode, &new->hnode);
		kfree_rcu(rt, rcu);
		fib->gen++;
	} else {
		hlist_add_head_rcu(&new->hnode, fib_bucket(fib, loc));
		fib->learnt++;
		fib->gen++;
		schedule_delayed_work(&fib->gc, fib_gc_interval(fib));
	}
out_unlock:
	spin_unlock_bh(&fib->lock);
}
EXPORT_SYMBOL_FOR_ILNP_KUNIT(ilnp_fib_learn);

/* Our own locator @loc on @idev: replaces whatever was learnt for it. */
int ilnp_fib_add_own(struct ilnp_fib *fib, u64 loc, struct ilnp_dev *idev)
{
	struct ilnp_route *rt, *new;

	new = fib_new(loc, idev, loc, ILNP_ROUTE_F_OWN, GFP_KERNEL);
	if (!new)
		return -ENOMEM;
	spin_lock_bh(&fib->lock);
	rt = fib_find(fib, loc);
	if (rt)
		fib_unlink(fib, rt);
	hlist_add_head_rcu(&new->hnode, fib_bucket(fib, loc));
	fib->gen++;
	spin_unlock_bh(&fib->lock);
	return 0;
}
EXPORT_SYMBOL_FOR_ILNP_KUNIT(ilnp_fib_add_own);

void ilnp_fib_del_own(struct ilnp_fib *fib, u64 loc)
{
	struct ilnp_route *rt;

	spin_lock_bh(&fib->lock);
	rt = fib_find(fib, loc);
	if (rt && (rt->flags & ILNP_ROUTE_F_OWN))
		fib_unlink(fib, rt);
	spin_unlock_bh(&fib->lock);
}
EXPORT_SYMBOL_FOR_ILNP_KUNIT(ilnp_fib_del_own);

/* Drop every entry through @idev (all if NULL) leaving by @via (any if 0),
 * our own locators' entries only if @own: the device is going away, or
 * down, or the locator is.
 */
void ilnp_fib_flush(struct ilnp_fib *fib, struct ilnp_dev *idev, u64 via,
		    bool own)
{
	struct ilnp_route *rt;
	struct hlist_node *tmp;
	int i;

	spin_lock_bh(&fib->lock);
	for (i = 0; i < ARRAY_SIZE(fib->buckets); i++)
		hlist_for_each_entry_safe(rt, tmp, &fib->buckets[i], hnode)
			if ((!idev || rt->idev == idev) &&
			    (!via || rt->via == via) &&
			    (own || !(rt->flags & ILNP_ROUTE_F_OWN)))
				fib_unlink(fib, rt);
	spin_unlock_bh(&fib->lock);
}
EXPORT_SYMBOL_FOR_ILNP_KUNIT(ilnp_fib_flush);

static void ilnp_fib_gc(struct work_struct *work)
{
	struct ilnp_fib *fib = container_of(to_delayed_work(work),
					    struct ilnp_fib, gc);
	unsigned long now = jiffies;
	struct ilnp_route *rt;
	struct hlist_node *tmp;
	int i;

	spin_lock_bh(&fib->lock);
	for (i = 0; i < ARRAY_SIZE(fib->buckets); i++)
		hlist_for_each_entry_safe(rt, tmp, &fib->buckets[i], hnode)
			if (ilnp_route_expired(fib, rt, now))
				fib_unlink(fib, rt);
	if (fib->learnt)
		schedule_delayed_work(&fib->gc, fib_gc_interval(fib));
	spin_unlock_bh(&fib->lock);
}

void ilnp_fib_set_limits(struct ilnp_fib *fib, unsigned int lifetime_s,
			 unsigned int max)
{
	spin_lock_bh(&fib->lock);
	if (lifetime_s)
		WRITE_ONCE(fib->lifetime, lifetime_s * HZ);
	if (max)
		fib->max = max;
	spin_unlock_bh(&fib->lock);
	/* A shorter lifetime takes effect for lookups at once; let the
	 * collector catch up with it too.
	 */
	mod_delayed_work(system_wq, &fib->gc, 0);
}
EXPORT_SYMBOL_FOR_ILNP_KUNIT(ilnp_fib_set_limits);

void ilnp_fib_init(struct ilnp_fib *fib)
{
	int i;

	spin_lock_init(&fib->lock);
	for (i = 0; i < ARRAY_SIZE(fib->buckets); i++)
		INIT_HLIST_HEAD(&fib->buckets[i]);
	fib->learnt = 0;
	fib->max = ILNP_ROUTE_MAX;
	fib->lifetime = ILNP_ROUTE_LIFETIME * HZ;
	INIT_DELAYED_WORK(&fib->gc, ilnp_fib_gc);
}
EXPORT_SYMBOL_FOR_ILNP_KUNIT(ilnp_fib_init);

void ilnp_fib_exit(struct ilnp_fib *fib)
{
	/* Flush first: the collector reschedules itself while entries
	 * remain, so cancel it only once it has nothing left to do.
	 */
	ilnp_fib_flush(fib, NULL, 0, true);
	cancel_delayed_work_sync(&fib->gc);
}
EXPORT_SYMBOL_FOR_ILNP_KUNIT(ilnp_fib_exit);
