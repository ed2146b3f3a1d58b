// SPDX-License-Identifier: GPL-2.0
/* KUnit suite ilnp_fib: the backwards-learning forwarding table. */
#include <kunit/test.h>
#include <linux/percpu.h>

#include "../../net/ilnp/ilnp.h"

struct fib_ctx {
	struct ilnp_fib fib;
	struct ilnp_dev a, b;
};

static int ilnp_fib_test_init(struct kunit *test)
{
	struct fib_ctx *ctx = kunit_kzalloc(test, sizeof(*ctx), GFP_KERNEL);

	if (!ctx)
		return -ENOMEM;
	ctx->a.stats = alloc_percpu(struct ilnp_stats);
	ctx->b.stats = alloc_percpu(struct ilnp_stats);
	if (!ctx->a.stats || !ctx->b.stats) {
		free_percpu(ctx->a.stats);
		free_percpu(ctx->b.stats);
		return -ENOMEM;
	}
	ilnp_fib_init(&ctx->fib);
	test->priv = ctx;
	return 0;
}

static void ilnp_fib_test_exit(struct kunit *test)
{
	struct fib_ctx *ctx = test->priv;

	ilnp_fib_exit(&ctx->fib);
	rcu_barrier();	/* entries are freed after a grace period */
	free_percpu(ctx->a.stats);
	free_percpu(ctx->b.stats);
}

static u64 stat(struct ilnp_dev *idev, enum ilnp_stat s)
{
	u64 c[__ILNP_STAT_MAX];

	ilnp_dev_stats_read(idev, c);
	return c[s];
}

/* Learning runs in softirq in real life; keep BHs off like it. */
static void learn(struct fib_ctx *ctx, u64 loc, struct ilnp_dev *idev,
		  u64 via)
{
	local_bh_disable();
	ilnp_fib_learn(&ctx->fib, loc, idev, via);
	local_bh_enable();
}

static struct ilnp_route *lookup(struct fib_ctx *ctx, u64 loc)
{
	struct ilnp_route *rt;

	rcu_read_lock();
	rt = ilnp_fib_lookup(&ctx->fib, loc);
	rcu_read_unlock();
	return rt;	/* only compared or read while the test owns the table */
}

static void ilnp_fib_insert(struct kunit *test)
{
	struct fib_ctx *ctx = test->priv;
	struct ilnp_route *rt;

	KUNIT_EXPECT_NULL(test, lookup(ctx, 0xc));
	learn(ctx, 0xc, &ctx->a, 0xa);
	rt = lookup(ctx, 0xc);
	KUNIT_ASSERT_NOT_NULL(test, rt);
	KUNIT_EXPECT_EQ(test, rt->node.key, 0xcULL);
	KUNIT_EXPECT_EQ(test, rt->via, 0xaULL);
	KUNIT_EXPECT_PTR_EQ(test, rt->idev, &ctx->a);
	KUNIT_EXPECT_EQ(test, rt->flags, 0U);
	KUNIT_EXPECT_EQ(test, ctx->fib.table.count, 1U);
	KUNIT_EXPECT_NULL(test, lookup(ctx, 0xd));
}

static void ilnp_fib_refresh(struct kunit *test)
{
	struct fib_ctx *ctx = test->priv;
	struct ilnp_route *rt, *again;

	learn(ctx, 0xc, &ctx->a, 0xa);
	rt = lookup(ctx, 0xc);
	KUNIT_ASSERT_NOT_NULL(test, rt);
	rt->node.updated = jiffies - 10 * HZ;

	/* Same path: the entry stays, its age resets. */
	learn(ctx, 0xc, &ctx->a, 0xa);
	again = lookup(ctx, 0xc);
	KUNIT_EXPECT_PTR_EQ(test, again, rt);
	KUNIT_EXPECT_LE(test, jiffies - again->node.updated, (unsigned long)HZ);

	/* A new path replaces the entry as a whole. */
	learn(ctx, 0xc, &ctx->b, 0xb);
	again = lookup(ctx, 0xc);
	KUNIT_ASSERT_NOT_NULL(test, again);
	KUNIT_EXPECT_EQ(test, again->via, 0xbULL);
	KUNIT_EXPECT_PTR_EQ(test, again->idev, &ctx->b);
	KUNIT_EXPECT_EQ(test, ctx->fib.table.count, 1U);
}

static void ilnp_fib_expiry(struct kunit *test)
{
	struct fib_ctx *ctx = test->priv;
	struct ilnp_route *rt;

	ilnp_fib_set_limits(&ctx->fib, 30, 0);
	learn(ctx, 0xc, &ctx->a, 0xa);
	learn(ctx, 0xd, &ctx->a, 0xa);
	rt = lookup(ctx, 0xc);
	KUNIT_ASSERT_NOT_NULL(test, rt);

	/* Just within its lifetime: still there. */
	rt->node.updated = jiffies - 29 * HZ;
	KUNIT_EXPECT_NOT_NULL(test, lookup(ctx, 0xc));
	/* Past it: gone for lookups at once... */
	rt->node.updated = jiffies - 31 * HZ;
	KUNIT_EXPECT_NULL(test, lookup(ctx, 0xc));
	KUNIT_EXPECT_NOT_NULL(test, lookup(ctx, 0xd));
	/* ...and freed by the collector. */
	mod_delayed_work(system_wq, &ctx->fib.table.gc, 0);
	flush_delayed_work(&ctx->fib.table.gc);
	KUNIT_EXPECT_EQ(test, ctx->fib.table.count, 1U);

	/* Learning it again brings it back. */
	learn(ctx, 0xc, &ctx->b, 0xb);
	KUNIT_EXPECT_NOT_NULL(test, lookup(ctx, 0xc));
}

static void ilnp_fib_cap(struct kunit *test)
{
	struct fib_ctx *ctx = test->priv;

	ilnp_fib_set_limits(&ctx->fib, 0, 2);
	learn(ctx, 0x1, &ctx->a, 0xa);
	learn(ctx, 0x2, &ctx->a, 0xa);
	learn(ctx, 0x3, &ctx->a, 0xa);
	learn(ctx, 0x4, &ctx->b, 0xb);
	KUNIT_EXPECT_EQ(test, ctx->fib.table.count, 2U);
	KUNIT_EXPECT_NOT_NULL(test, lookup(ctx, 0x1));
	KUNIT_EXPECT_NOT_NULL(test, lookup(ctx, 0x2));
	KUNIT_EXPECT_NULL(test, lookup(ctx, 0x3));
	KUNIT_EXPECT_NULL(test, lookup(ctx, 0x4));
	KUNIT_EXPECT_EQ(test, stat(&ctx->a, ILNP_STAT_ROUTE_OVERFLOW), 1ULL);
	KUNIT_EXPECT_EQ(test, stat(&ctx->b, ILNP_STAT_ROUTE_OVERFLOW), 1ULL);

	/* A full table still refreshes and re-routes what it has. */
	learn(ctx, 0x1, &ctx->b, 0xb);
	KUNIT_EXPECT_EQ(test, lookup(ctx, 0x1)->via, 0xbULL);
	KUNIT_EXPECT_EQ(test, stat(&ctx->b, ILNP_STAT_ROUTE_OVERFLOW), 1ULL);
}

/* At the cap a route idle a second or more makes room for a new one,
 * counted on the device the new one was learnt on; fresh ones do not.
 */
static void ilnp_fib_evict(struct kunit *test)
{
	struct fib_ctx *ctx = test->priv;

	ilnp_fib_set_limits(&ctx->fib, 0, 2);
	learn(ctx, 0x1, &ctx->a, 0xa);
	learn(ctx, 0x2, &ctx->a, 0xa);
	KUNIT_ASSERT_NOT_NULL(test, lookup(ctx, 0x1));
	lookup(ctx, 0x1)->node.updated = jiffies - 5 * HZ;
	learn(ctx, 0x3, &ctx->b, 0xb);
	KUNIT_EXPECT_NULL(test, lookup(ctx, 0x1));
	KUNIT_EXPECT_NOT_NULL(test, lookup(ctx, 0x2));
	KUNIT_EXPECT_NOT_NULL(test, lookup(ctx, 0x3));
	KUNIT_EXPECT_EQ(test, stat(&ctx->b, ILNP_STAT_ROUTE_EVICTED), 1ULL);
	KUNIT_EXPECT_EQ(test, stat(&ctx->a, ILNP_STAT_ROUTE_EVICTED), 0ULL);
	KUNIT_EXPECT_EQ(test, stat(&ctx->b, ILNP_STAT_ROUTE_OVERFLOW), 0ULL);
	/* Both left were learnt just now: the next is refused. */
	learn(ctx, 0x4, &ctx->b, 0xb);
	KUNIT_EXPECT_NULL(test, lookup(ctx, 0x4));
	KUNIT_EXPECT_EQ(test, stat(&ctx->b, ILNP_STAT_ROUTE_EVICTED), 1ULL);
	KUNIT_EXPECT_EQ(test, stat(&ctx->b, ILNP_STAT_ROUTE_OVERFLOW), 1ULL);
	KUNIT_EXPECT_EQ(test, ctx->fib.table.count, 2U);
}

static void ilnp_fib_own_never_expires(struct kunit *test)
{
	struct fib_ctx *ctx = test->priv;
	struct ilnp_route *rt;

	ilnp_fib_set_limits(&ctx->fib, 1, 1);
	learn(ctx, 0xa, &ctx->b, 0xb);
	KUNIT_ASSERT_EQ(test, ilnp_fib_add_own(&ctx->fib, 0xa, &ctx->a), 0);
	rt = lookup(ctx, 0xa);
	KUNIT_ASSERT_NOT_NULL(test, rt);
	KUNIT_EXPECT_EQ(test, rt->flags, (u32)ILNP_ROUTE_F_OWN);
	KUNIT_EXPECT_PTR_EQ(test, rt->idev, &ctx->a);
	KUNIT_EXPECT_EQ(test, ctx->fib.table.count, 0U);	/* own ones do not count */

	/* Packets from our own locator teach nothing. */
	learn(ctx, 0xa, &ctx->b, 0xb);
	KUNIT_EXPECT_PTR_EQ(test, lookup(ctx, 0xa), rt);

	rt->node.updated = jiffies - 100 * HZ;
	mod_delayed_work(system_wq, &ctx->fib.table.gc, 0);
	flush_delayed_work(&ctx->fib.table.gc);
	KUNIT_EXPECT_PTR_EQ(test, lookup(ctx, 0xa), rt);

	ilnp_fib_del_own(&ctx->fib, 0xa);
	KUNIT_EXPECT_NULL(test, lookup(ctx, 0xa));
}

static void ilnp_fib_flush_by_device_and_via(struct kunit *test)
{
	struct fib_ctx *ctx = test->priv;

	learn(ctx, 0x1, &ctx->a, 0xa);
	learn(ctx, 0x2, &ctx->a, 0xe);
	learn(ctx, 0x3, &ctx->b, 0xb);
	KUNIT_ASSERT_EQ(test, ilnp_fib_add_own(&ctx->fib, 0xa, &ctx->a), 0);
	ilnp_fib_flush(&ctx->fib, &ctx->a, 0xa, false);
	KUNIT_EXPECT_NULL(test, lookup(ctx, 0x1));
	KUNIT_EXPECT_NOT_NULL(test, lookup(ctx, 0x2));
	KUNIT_EXPECT_NOT_NULL(test, lookup(ctx, 0x3));
	ilnp_fib_flush(&ctx->fib, &ctx->a, 0, false);
	KUNIT_EXPECT_NULL(test, lookup(ctx, 0x2));
	KUNIT_EXPECT_NOT_NULL(test, lookup(ctx, 0x3));
	KUNIT_EXPECT_EQ(test, ctx->fib.table.count, 1U);
	/* A device going down keeps its own locators; going away, not. */
	KUNIT_EXPECT_NOT_NULL(test, lookup(ctx, 0xa));
	ilnp_fib_flush(&ctx->fib, &ctx->a, 0, true);
	KUNIT_EXPECT_NULL(test, lookup(ctx, 0xa));
}

/* A correspondent on our locator 0xa, heard through our locator 0xc (it
 * was forwarded to us): once 0xa is no longer ours, it is reached that
 * way.  Heard through a locator that is not ours, it teaches nothing.
 */
static void ilnp_fib_own_gone_heard_via(struct kunit *test)
{
	struct fib_ctx *ctx = test->priv;
	struct ilnp_route *rt;

	KUNIT_ASSERT_EQ(test, ilnp_fib_add_own(&ctx->fib, 0xa, &ctx->a), 0);
	KUNIT_ASSERT_EQ(test, ilnp_fib_add_own(&ctx->fib, 0xc, &ctx->b), 0);
	KUNIT_ASSERT_EQ(test, ilnp_fib_add_own(&ctx->fib, 0xd, &ctx->a), 0);
	learn(ctx, 0xa, &ctx->b, 0xc);
	rt = lookup(ctx, 0xa);
	KUNIT_ASSERT_NOT_NULL(test, rt);
	KUNIT_EXPECT_EQ(test, rt->flags, (u32)ILNP_ROUTE_F_OWN);
	ilnp_fib_del_own(&ctx->fib, 0xa);
	rt = lookup(ctx, 0xa);
	KUNIT_ASSERT_NOT_NULL(test, rt);
	KUNIT_EXPECT_EQ(test, rt->flags, 0U);
	KUNIT_EXPECT_EQ(test, rt->via, 0xcULL);
	KUNIT_EXPECT_PTR_EQ(test, rt->idev, &ctx->b);
	KUNIT_EXPECT_EQ(test, ctx->fib.table.count, 1U);

	/* 0xd heard through 0xe, not ours: nothing when 0xd goes. */
	learn(ctx, 0xd, &ctx->a, 0xe);
	ilnp_fib_del_own(&ctx->fib, 0xd);
	KUNIT_EXPECT_NULL(test, lookup(ctx, 0xd));
}

static struct kunit_case ilnp_fib_cases[] = {
	KUNIT_CASE(ilnp_fib_insert),
	KUNIT_CASE(ilnp_fib_refresh),
	KUNIT_CASE(ilnp_fib_expiry),
	KUNIT_CASE(ilnp_fib_cap),
	KUNIT_CASE(ilnp_fib_evict),
	KUNIT_CASE(ilnp_fib_own_never_expires),
	KUNIT_CASE(ilnp_fib_flush_by_device_and_via),
	KUNIT_CASE(ilnp_fib_own_gone_heard_via),
	{}
};

static struct kunit_suite ilnp_fib_suite = {
	.name = "ilnp_fib",
	.init = ilnp_fib_test_init,
	.exit = ilnp_fib_test_exit,
	.test_cases = ilnp_fib_cases,
};

kunit_test_suite(ilnp_fib_suite);
