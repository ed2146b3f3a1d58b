// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the path hold (net/ilnp/path_hold.c).  A flow whose path changes
 * while it is active waits, in order; an idle one, an unchanged one, one
 * whose application alternates locators and a node with the hold off do
 * not; a hold is not prolonged; the queue is bounded.
 */
#include <kunit/test.h>
#include <linux/rtnetlink.h>
#include <linux/skbuff.h>

#include "../../net/ilnp/ilnp.h"

#define HOLD	(10 * HZ)	/* never ends during a test: exit drops all */

struct hold_ctx {
	struct ilnp_net *in;
	struct ilnp_ilcc_entry *e;
};

static int hold_init(struct kunit *test)
{
	struct hold_ctx *ctx = kunit_kzalloc(test, sizeof(*ctx), GFP_KERNEL);

	if (!ctx)
		return -ENOMEM;
	ctx->in = kunit_kzalloc(test, sizeof(*ctx->in), GFP_KERNEL);
	if (!ctx->in)
		return -ENOMEM;
	INIT_LIST_HEAD(&ctx->in->devs);
	ilnp_ilcc_init(&ctx->in->ilcc);
	ctx->in->ilcc.path_hold = HOLD;
	rcu_read_lock();
	ctx->e = ilnp_ilcc_get(&ctx->in->ilcc, 0x10, 0xa, NULL);
	rcu_read_unlock();
	if (!ctx->e)
		return -ENOMEM;
	test->priv = ctx;
	return 0;
}

static void hold_exit(struct kunit *test)
{
	struct hold_ctx *ctx = test->priv;

	ilnp_ilcc_exit(&ctx->in->ilcc);
}

/* One datagram toward @loc: what ilnp_path_hold() says.  A datagram it
 * lets go is freed here, as if sent.
 */
static int hold_send(struct kunit *test, u64 loc)
{
	struct hold_ctx *ctx = test->priv;
	struct sk_buff *skb = alloc_skb(64, GFP_KERNEL);
	int ret;

	KUNIT_ASSERT_NOT_NULL(test, skb);
	spin_lock_bh(&ctx->e->lock);
	ret = ilnp_path_hold(ctx->in, ctx->e, loc, skb, IPPROTO_UDP, 64);
	spin_unlock_bh(&ctx->e->lock);
	if (ret > 0)
		kfree_skb(skb);
	return ret;
}

static unsigned int held(struct kunit *test)
{
	struct hold_ctx *ctx = test->priv;

	return skb_queue_len(&ctx->e->hold.queue);
}

static void ilnp_path_hold_on_change(struct kunit *test)
{
	struct hold_ctx *ctx = test->priv;

	KUNIT_EXPECT_EQ(test, hold_send(test, 0xa), 1);
	KUNIT_EXPECT_EQ(test, hold_send(test, 0xa), 1);
	/* The peer moved: this one and all after it wait, in order. */
	ctx->e->peer_gen++;
	KUNIT_EXPECT_EQ(test, hold_send(test, 0xb), 0);
	KUNIT_EXPECT_EQ(test, hold_send(test, 0xb), 0);
	KUNIT_EXPECT_EQ(test, held(test), 2U);
	KUNIT_EXPECT_TRUE(test, delayed_work_pending(&ctx->e->hold.work));
}

static void ilnp_path_hold_our_move(struct kunit *test)
{
	struct hold_ctx *ctx = test->priv;

	KUNIT_EXPECT_EQ(test, hold_send(test, 0xa), 1);
	/* What a locator's addition or removal calls first. */
	rtnl_lock();
	ilnp_lu_paths_changing(ctx->in);
	rtnl_unlock();
	KUNIT_EXPECT_EQ(test, hold_send(test, 0xa), 0);
	KUNIT_EXPECT_EQ(test, held(test), 1U);
}

/* An application naming the peer's locators in turn is no path change:
 * it holds nobody's flows to that peer.
 */
static void ilnp_path_hold_app_alternates(struct kunit *test)
{
	int i;

	for (i = 0; i < 8; i++)
		KUNIT_EXPECT_EQ(test, hold_send(test, i & 1 ? 0xb : 0xa), 1);
	KUNIT_EXPECT_EQ(test, held(test), 0U);
}

/* Path changes during a hold do not prolong it. */
static void ilnp_path_hold_capped(struct kunit *test)
{
	struct hold_ctx *ctx = test->priv;
	unsigned long expires;
	int i;

	KUNIT_EXPECT_EQ(test, hold_send(test, 0xa), 1);
	ctx->e->peer_gen++;
	KUNIT_EXPECT_EQ(test, hold_send(test, 0xb), 0);
	expires = ctx->e->hold.work.timer.expires;
	for (i = 0; i < 4; i++) {
		schedule_timeout_uninterruptible(2);
		ctx->in->lu.path_gen++;
		ctx->e->peer_gen++;
		KUNIT_EXPECT_EQ(test, hold_send(test, 0xa), 0);
	}
	KUNIT_EXPECT_EQ(test, ctx->e->hold.work.timer.expires, expires);
	KUNIT_EXPECT_EQ(test, held(test), 5U);
}

static void ilnp_path_hold_idle_or_off(struct kunit *test)
{
	struct hold_ctx *ctx = test->priv;

	KUNIT_EXPECT_EQ(test, hold_send(test, 0xa), 1);
	/* Nothing sent within the hold time: nothing to overtake. */
	ctx->e->hold.last = jiffies - HOLD - 1;
	ctx->e->peer_gen++;
	KUNIT_EXPECT_EQ(test, hold_send(test, 0xb), 1);
	/* Off. */
	ctx->in->ilcc.path_hold = 0;
	ctx->e->peer_gen++;
	KUNIT_EXPECT_EQ(test, hold_send(test, 0xa), 1);
	KUNIT_EXPECT_EQ(test, held(test), 0U);
}

static void ilnp_path_hold_bounded(struct kunit *test)
{
	struct hold_ctx *ctx = test->priv;
	int i;

	KUNIT_EXPECT_EQ(test, hold_send(test, 0xa), 1);
	ctx->e->peer_gen++;
	for (i = 0; i < ILNP_PATH_HOLD_MAX; i++)
		KUNIT_ASSERT_EQ(test, hold_send(test, 0xb), 0);
	KUNIT_EXPECT_EQ(test, hold_send(test, 0xb), -ENOBUFS);
	KUNIT_EXPECT_EQ(test, held(test), (unsigned int)ILNP_PATH_HOLD_MAX);
}

static struct kunit_case ilnp_path_hold_cases[] = {
	KUNIT_CASE(ilnp_path_hold_on_change),
	KUNIT_CASE(ilnp_path_hold_our_move),
	KUNIT_CASE(ilnp_path_hold_app_alternates),
	KUNIT_CASE(ilnp_path_hold_capped),
	KUNIT_CASE(ilnp_path_hold_idle_or_off),
	KUNIT_CASE(ilnp_path_hold_bounded),
	{}
};

static struct kunit_suite ilnp_path_hold_suite = {
	.name = "ilnp_path_hold",
	.init = hold_init,
	.exit = hold_exit,
	.test_cases = ilnp_path_hold_cases,
};

kunit_test_suites(&ilnp_path_hold_suite);
