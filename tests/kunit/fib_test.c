// SPDX-License-Identifier: GPL-2.0
/* KUnit suite ilnp_fib: the backwards-learning forwarding table. */
#include <kunit/test.h>
#include <linux/etherdevice.h>
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
	ilnp_fib_learn(&ctx->fib, loc, idev, via, NULL);
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

static bool next_hop(struct fib_ctx *ctx, struct ilnp_dev *idev, u64 loc,
		     u64 dst_loc, u64 dst_nid, u8 *lladdr)
{
	bool known;

	rcu_read_lock();
	known = ilnp_nexthop_lladdr(&ctx->fib, idev, loc, dst_loc, dst_nid,
				    lladdr);
	rcu_read_unlock();
	return known;
}

static const u8 mac_r[ETH_ALEN] __aligned(2) = { 0x02, 0, 0, 0, 0, 0x01 };
static const u8 mac_b[ETH_ALEN] __aligned(2) = { 0x02, 0, 0, 0, 0, 0x0b };
static const u8 mac_x[ETH_ALEN] __aligned(2) = { 0x02, 0, 0, 0, 0, 0x99 };

/* A route learnt from a router's frame names the router: packets for
 * its locator leaving on the way it was learnt go there; a frame from
 * another router replaces the entry; a route learnt without an address
 * (not Ethernet) gives none.
 */
static void ilnp_fib_next_hop_route(struct kunit *test)
{
	struct fib_ctx *ctx = test->priv;
	u8 mac[ETH_ALEN] __aligned(2);

	local_bh_disable();
	ilnp_fib_learn(&ctx->fib, 0xc, &ctx->a, 0xa, mac_r);
	local_bh_enable();
	KUNIT_ASSERT_TRUE(test, next_hop(ctx, &ctx->a, 0xa, 0xc, 0x5, mac));
	KUNIT_EXPECT_TRUE(test, ether_addr_equal(mac, mac_r));
	/* Not the way it was learnt, or to all nodes: multicast. */
	KUNIT_EXPECT_FALSE(test, next_hop(ctx, &ctx->b, 0xa, 0xc, 0x5, mac));
	KUNIT_EXPECT_FALSE(test, next_hop(ctx, &ctx->a, 0xb, 0xc, 0x5, mac));
	KUNIT_EXPECT_FALSE(test, next_hop(ctx, &ctx->a, 0xa, 0xc, 0, mac));
	KUNIT_EXPECT_FALSE(test, next_hop(ctx, &ctx->a, 0xa, 0xd, 0x5, mac));

	local_bh_disable();
	ilnp_fib_learn(&ctx->fib, 0xc, &ctx->a, 0xa, mac_x);
	local_bh_enable();
	KUNIT_ASSERT_TRUE(test, next_hop(ctx, &ctx->a, 0xa, 0xc, 0x5, mac));
	KUNIT_EXPECT_TRUE(test, ether_addr_equal(mac, mac_x));
	KUNIT_EXPECT_EQ(test, ctx->fib.table.count, 1U);

	learn(ctx, 0xc, &ctx->a, 0xa);
	KUNIT_EXPECT_FALSE(test, next_hop(ctx, &ctx->a, 0xa, 0xc, 0x5, mac));
}

/* A host heard directly on a network is the next hop of packets for it
 * there, not on another network or device; hosts age with the routes and
 * go with their device.
 */
static void ilnp_fib_next_hop_host(struct kunit *test)
{
	struct fib_ctx *ctx = test->priv;
	struct ilnp_nexthop *nh;
	u8 mac[ETH_ALEN] __aligned(2);

	ilnp_fib_add_own(&ctx->fib, 0xa, &ctx->a);
	KUNIT_EXPECT_FALSE(test, next_hop(ctx, &ctx->a, 0xa, 0xa, 0xb0b, mac));
	local_bh_disable();
	ilnp_nexthop_learn(&ctx->fib, 0xb0b, &ctx->a, 0xa, mac_b);
	local_bh_enable();
	KUNIT_ASSERT_TRUE(test, next_hop(ctx, &ctx->a, 0xa, 0xa, 0xb0b, mac));
	KUNIT_EXPECT_TRUE(test, ether_addr_equal(mac, mac_b));
	/* Another node on the network, the host on another network or
	 * device: unknown.  The own route itself names no next hop.
	 */
	KUNIT_EXPECT_FALSE(test, next_hop(ctx, &ctx->a, 0xa, 0xa, 0xc0c, mac));
	KUNIT_EXPECT_FALSE(test, next_hop(ctx, &ctx->a, 0xb, 0xb, 0xb0b, mac));
	KUNIT_EXPECT_FALSE(test, next_hop(ctx, &ctx->b, 0xa, 0xa, 0xb0b, mac));

	/* Aged: unknown again. */
	rcu_read_lock();
	nh = container_of(ilnp_table_find(&ctx->fib.hosts, 0xb0b),
			  struct ilnp_nexthop, node);
	rcu_read_unlock();
	nh->node.updated = jiffies - (ILNP_ROUTE_LIFETIME_S + 1) * HZ;
	KUNIT_EXPECT_FALSE(test, next_hop(ctx, &ctx->a, 0xa, 0xa, 0xb0b, mac));

	/* Heard again, then its device goes down: flushed. */
	local_bh_disable();
	ilnp_nexthop_learn(&ctx->fib, 0xb0b, &ctx->a, 0xa, mac_b);
	local_bh_enable();
	KUNIT_EXPECT_TRUE(test, next_hop(ctx, &ctx->a, 0xa, 0xa, 0xb0b, mac));
	ilnp_fib_flush(&ctx->fib, &ctx->a, 0, false);
	KUNIT_EXPECT_FALSE(test, next_hop(ctx, &ctx->a, 0xa, 0xa, 0xb0b, mac));
	KUNIT_EXPECT_EQ(test, ctx->fib.hosts.count, 0U);
}

static struct kunit_case ilnp_fib_cases[] = {
	KUNIT_CASE(ilnp_fib_next_hop_route),
	KUNIT_CASE(ilnp_fib_next_hop_host),
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
