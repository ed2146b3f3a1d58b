// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suites ilnp_lu (RFC 6743 locator update messages, byte by byte,
 * and every rejection; sequence arithmetic), ilnp_nonce (the RFC 6744
 * destination option, pushed and stripped) and ilnp_ilcc (entries, the
 * preferred locator, the cap).
 */
#include <kunit/test.h>
#include <linux/skbuff.h>

#include "../../net/ilnp/ilnp.h"

static void lu_example(struct ilnp_lu_msg *m)
{
	memset(m, 0, sizeof(*m));
	m->op = ILNP_LU_OP_ADVERT;
	m->seq = 0x0102;
	m->nloc = 2;
	m->locs[0] = (struct ilnp_disc_loc){ 0xbULL, 0, 90 };
	m->locs[1] = (struct ilnp_disc_loc){ 0xcULL, 7, 70000 };
}

static void ilnp_lu_layout(struct kunit *test)
{
	static const u8 want[] = {
		156, 0, 0, 0,		/* type, code, checksum (0 here) */
		2, 1, 0x01, 0x02,	/* locators, operation, sequence */
		0, 0, 0, 0, 0, 0, 0, 0x0b, 0, 0, 0, 90,
		/* a lifetime past 16 bits is sent as 65535 */
		0, 0, 0, 0, 0, 0, 0, 0x0c, 0, 7, 0xff, 0xff,
	};
	struct ilnp_lu_msg m;
	u8 buf[64];
	int i;

	lu_example(&m);
	memset(buf, 0xaa, sizeof(buf));
	KUNIT_ASSERT_EQ(test, ilnp_lu_encode(&m, buf, sizeof(buf)),
			(int)sizeof(want));
	for (i = 0; i < sizeof(want); i++)
		KUNIT_EXPECT_EQ_MSG(test, buf[i], want[i], "byte %d", i);
}

static void ilnp_lu_round_trip(struct kunit *test)
{
	struct ilnp_lu_msg m, got;
	u8 buf[256];
	int len;

	lu_example(&m);
	m.op = ILNP_LU_OP_ACK;
	len = ilnp_lu_encode(&m, buf, sizeof(buf));
	KUNIT_ASSERT_EQ(test, len, 8 + 2 * 12);
	KUNIT_ASSERT_EQ(test, ilnp_lu_decode(buf, len, &got), 0);
	KUNIT_EXPECT_EQ(test, got.op, ILNP_LU_OP_ACK);
	KUNIT_EXPECT_EQ(test, got.seq, 0x0102);
	KUNIT_EXPECT_EQ(test, got.nloc, 2);
	KUNIT_EXPECT_EQ(test, got.locs[1].loc, 0xcULL);
	KUNIT_EXPECT_EQ(test, got.locs[1].pref, 7);
	KUNIT_EXPECT_EQ(test, got.locs[1].lifetime, 65535U);
}

static const struct {
	const char *what;
	int off;		/* byte set to @val, or -1 */
	u8 val;
	int dlen;
} lu_breakage[] = {
	{ "truncated header", -1, 0, -25 },
	{ "truncated entry", -1, 0, -1 },
	{ "trailing byte", -1, 0, 1 },
	{ "no locators", 4, 0, 0 },
	{ "17 locators", 4, 17, 0 },
	{ "count beyond the data", 4, 3, 0 },
	{ "operation 0", 5, 0, 0 },
	{ "operation 3", 5, 3, 0 },
	{ "code 1", 1, 1, 0 },
	{ "echo type", 0, 128, 0 },
	{ "locator 0", 15, 0, 0 },
};

static void ilnp_lu_rejects(struct kunit *test)
{
	struct ilnp_lu_msg m;
	u8 buf[64];
	int i, len;

	for (i = 0; i < ARRAY_SIZE(lu_breakage); i++) {
		lu_example(&m);
		memset(buf, 0, sizeof(buf));
		len = ilnp_lu_encode(&m, buf, sizeof(buf));
		KUNIT_ASSERT_EQ(test, len, 32);
		if (lu_breakage[i].off >= 0)
			buf[lu_breakage[i].off] = lu_breakage[i].val;
		len += lu_breakage[i].dlen;
		KUNIT_EXPECT_EQ_MSG(test, ilnp_lu_decode(buf, len, &m), -EINVAL,
				    "%s", lu_breakage[i].what);
	}
}

/* A replayed update is older: serial arithmetic over 16 bits. */
static void ilnp_lu_sequence(struct kunit *test)
{
	KUNIT_EXPECT_TRUE(test, ilnp_lu_seq_newer(2, 1));
	KUNIT_EXPECT_FALSE(test, ilnp_lu_seq_newer(1, 1));
	KUNIT_EXPECT_FALSE(test, ilnp_lu_seq_newer(1, 2));
	KUNIT_EXPECT_TRUE(test, ilnp_lu_seq_newer(0, 0xffff));
	KUNIT_EXPECT_FALSE(test, ilnp_lu_seq_newer(0xffff, 0));
	KUNIT_EXPECT_TRUE(test, ilnp_lu_seq_newer(0x7fff, 0));
}

/* Where a retransmission goes: where flows go first, then the claimed
 * locators within their lifetime, then discovery's; each once.
 */
static void ilnp_lu_candidates_order(struct kunit *test)
{
	const struct ilnp_disc_loc claimed[] = {
		{ 0xcULL, 0, 60 }, { 0xdULL, 1, 60 }, { 0, 2, 60 },
	};
	const struct ilnp_disc_loc heard[] = {
		{ 0xdULL, 0, 30 }, { ILNP_ALL_NODES_LOC, 0, 30 },
		{ 0xeULL, 0, 30 }, { 0xeULL, 5, 30 },
	};
	unsigned long now = jiffies;
	u64 out[ILNP_LU_FANOUT];

	KUNIT_ASSERT_EQ(test, ilnp_lu_candidates(0xcULL, claimed, 3, now,
						 heard, 4, now, out, 4), 3);
	KUNIT_EXPECT_EQ(test, out[0], 0xcULL);
	KUNIT_EXPECT_EQ(test, out[1], 0xdULL);
	KUNIT_EXPECT_EQ(test, out[2], 0xeULL);
	/* Nowhere for flows yet: the rest still. */
	KUNIT_ASSERT_EQ(test, ilnp_lu_candidates(0, claimed, 3, now,
						 heard, 4, now, out, 4), 3);
	KUNIT_EXPECT_EQ(test, out[0], 0xcULL);
	/* The first send: where flows go, alone. */
	KUNIT_ASSERT_EQ(test, ilnp_lu_candidates(0xbULL, claimed, 0, now,
						 heard, 0, now, out, 1), 1);
	KUNIT_EXPECT_EQ(test, out[0], 0xbULL);
	KUNIT_EXPECT_EQ(test, ilnp_lu_candidates(0, NULL, 0, now, NULL, 0,
						 now, out, 4), 0);
}

static void ilnp_lu_candidates_cap(struct kunit *test)
{
	const struct ilnp_disc_loc claimed[] = {
		{ 0x1ULL, 0, 60 }, { 0x2ULL, 0, 60 }, { 0x3ULL, 0, 60 },
		{ 0x4ULL, 0, 60 },
	};
	const struct ilnp_disc_loc heard[] = {
		{ 0x5ULL, 0, 30 }, { 0x6ULL, 0, 30 },
	};
	unsigned long now = jiffies;
	u64 out[ILNP_LU_FANOUT + 1] = { };

	/* 1 + 4 + 2 distinct, ILNP_LU_FANOUT kept, in order; nothing past. */
	KUNIT_ASSERT_EQ(test, ilnp_lu_candidates(0x9ULL, claimed, 4, now,
						 heard, 2, now, out,
						 ILNP_LU_FANOUT),
			ILNP_LU_FANOUT);
	KUNIT_EXPECT_EQ(test, out[0], 0x9ULL);
	KUNIT_EXPECT_EQ(test, out[1], 0x1ULL);
	KUNIT_EXPECT_EQ(test, out[3], 0x3ULL);
	KUNIT_EXPECT_EQ(test, out[ILNP_LU_FANOUT], 0ULL);
	/* Claimed first: discovery's (unproven) cannot crowd them out. */
	KUNIT_ASSERT_EQ(test, ilnp_lu_candidates(0x1ULL, claimed, 2, now,
						 heard, 2, now, out, 3), 3);
	KUNIT_EXPECT_EQ(test, out[1], 0x2ULL);
	KUNIT_EXPECT_EQ(test, out[2], 0x5ULL);
}

static void ilnp_lu_candidates_lifetime(struct kunit *test)
{
	const struct ilnp_disc_loc claimed[] = {
		{ 0xcULL, 0, 2 }, { 0xdULL, 1, 3 }, { 0xeULL, 1, 0 },
	};
	unsigned long at = jiffies, now = at + 3 * HZ;
	u64 out[ILNP_LU_FANOUT];

	/* 3 s after the update: c's 2 s are over, d's 3 s just not. */
	KUNIT_ASSERT_EQ(test, ilnp_lu_candidates(0xaULL, claimed, 3, at,
						 NULL, 0, now, out, 4), 2);
	KUNIT_EXPECT_EQ(test, out[0], 0xaULL);
	KUNIT_EXPECT_EQ(test, out[1], 0xdULL);
	/* At once all three (e's lifetime 0 too); a jiffy later, not e. */
	KUNIT_EXPECT_EQ(test, ilnp_lu_candidates(0, claimed, 3, at, NULL, 0,
						 at, out, 4), 3);
	KUNIT_EXPECT_EQ(test, ilnp_lu_candidates(0, claimed, 3, at, NULL, 0,
						 at + 1, out, 4), 2);
}

static struct kunit_case ilnp_lu_cases[] = {
	KUNIT_CASE(ilnp_lu_candidates_order),
	KUNIT_CASE(ilnp_lu_candidates_cap),
	KUNIT_CASE(ilnp_lu_candidates_lifetime),
	KUNIT_CASE(ilnp_lu_layout),
	KUNIT_CASE(ilnp_lu_round_trip),
	KUNIT_CASE(ilnp_lu_rejects),
	KUNIT_CASE(ilnp_lu_sequence),
	{}
};

static struct kunit_suite ilnp_lu_suite = {
	.name = "ilnp_lu",
	.test_cases = ilnp_lu_cases,
};

/* ilnp_nonce: an ILNPv6 packet with 4 bytes of upper layer, 0x11223344
 * as the nonce, built the way ilnp_output() builds it.
 */
static struct sk_buff *nonce_packet(struct kunit *test, u8 *opt_out)
{
	struct sk_buff *skb = alloc_skb(ILNP_TX_HEADROOM + 4, GFP_KERNEL);
	struct ilnp_hdr *hdr;

	KUNIT_ASSERT_NOT_NULL(test, skb);
	skb_reserve(skb, ILNP_TX_HEADROOM);
	memcpy(skb_put(skb, 4), "abcd", 4);
	ilnp_nonce_push(skb, IPPROTO_UDP, 0x11223344);
	if (opt_out)
		memcpy(opt_out, skb->data, ILNP_NONCE_OPT_LEN);
	hdr = skb_push(skb, ILNP_HDR_LEN);
	ilnp_hdr_build(hdr, IPPROTO_DSTOPTS, 3, 12, 0xa, 0x1, 0xb, 0x2);
	return skb;
}

static void ilnp_nonce_layout(struct kunit *test)
{
	static const u8 want[] = { 17, 0, 0x8b, 4, 0x11, 0x22, 0x33, 0x44 };
	u8 opt[ILNP_NONCE_OPT_LEN];
	int i;

	kfree_skb(nonce_packet(test, opt));
	for (i = 0; i < sizeof(want); i++)
		KUNIT_EXPECT_EQ_MSG(test, opt[i], want[i], "byte %d", i);
}

static void ilnp_nonce_strip_round_trip(struct kunit *test)
{
	struct sk_buff *skb = nonce_packet(test, NULL);
	struct ilnp_skb_cb cb = { };
	const struct ilnp_hdr *hdr;

	KUNIT_ASSERT_EQ(test, ilnp_nonce_strip(skb, &cb), 0);
	KUNIT_EXPECT_TRUE(test, cb.has_nonce);
	KUNIT_EXPECT_EQ(test, cb.nonce, 0x11223344U);
	hdr = (const struct ilnp_hdr *)skb->data;
	KUNIT_EXPECT_EQ(test, hdr->nexthdr, IPPROTO_UDP);
	KUNIT_EXPECT_EQ(test, ntohs(hdr->payload_len), 4);
	KUNIT_EXPECT_EQ(test, skb->len, ILNP_HDR_LEN + 4);
	KUNIT_EXPECT_EQ(test, be64_to_cpu(hdr->dst.nid), 0x2ULL);
	KUNIT_EXPECT_EQ(test, memcmp(hdr + 1, "abcd", 4), 0);
	kfree_skb(skb);
}

static void ilnp_nonce_rejects(struct kunit *test)
{
	static const struct {
		const char *what;
		int off;
		u8 val;
	} bad[] = {
		{ "option length 5", ILNP_HDR_LEN + 3, 5 },
		{ "unknown option, discard bits", ILNP_HDR_LEN + 2, 0xc2 },
		{ "a second options header", ILNP_HDR_LEN, IPPROTO_DSTOPTS },
		{ "header longer than the packet", ILNP_HDR_LEN + 1, 1 },
	};
	struct ilnp_skb_cb cb;
	struct sk_buff *skb;
	int i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		skb = nonce_packet(test, NULL);
		skb->data[bad[i].off] = bad[i].val;
		KUNIT_EXPECT_EQ_MSG(test, ilnp_nonce_strip(skb, &cb), -EINVAL,
				    "%s", bad[i].what);
		kfree_skb(skb);
	}
}

static struct kunit_case ilnp_nonce_cases[] = {
	KUNIT_CASE(ilnp_nonce_layout),
	KUNIT_CASE(ilnp_nonce_strip_round_trip),
	KUNIT_CASE(ilnp_nonce_rejects),
	{}
};

static struct kunit_suite ilnp_nonce_suite = {
	.name = "ilnp_nonce",
	.test_cases = ilnp_nonce_cases,
};

/* ilnp_ilcc */

/* A whole node's state, for ilnp_ilcc_rx(); the cache is its ILCC. */
static int ilcc_init(struct kunit *test)
{
	struct ilnp_net *in = kunit_kzalloc(test, sizeof(*in), GFP_KERNEL);

	if (!in)
		return -ENOMEM;
	ilnp_ilcc_init(&in->ilcc);
	test->priv = &in->ilcc;
	return 0;
}

static void ilcc_exit(struct kunit *test)
{
	ilnp_ilcc_exit(test->priv);
}

static void ilnp_ilcc_seed_and_prefer(struct kunit *test)
{
	static const struct ilnp_disc_loc set[] = {
		{ 0xb, 5, 90 }, { 0xc, 1, 90 }, { 0xd, 0, 1 },
	};
	struct ilnp_ilcc *c = test->priv;
	struct ilnp_ilcc_entry *e, *again;
	u64 claimed, before, after;

	rcu_read_lock();
	e = ilnp_ilcc_get(c, 0x10, 0xa, NULL);
	KUNIT_ASSERT_NOT_NULL(test, e);
	again = ilnp_ilcc_get(c, 0x10, 0xb, NULL);
	KUNIT_EXPECT_PTR_EQ(test, again, e);
	spin_lock_bh(&e->lock);
	/* The seed stays: a second lookup does not reseed. */
	KUNIT_EXPECT_EQ(test, ilnp_ilcc_locator(e, jiffies), 0xaULL);
	KUNIT_EXPECT_EQ(test, e->lu_state, ILNP_LU_IDLE);
	/* An update's set: lowest preference wins, expired ones do not;
	 * flows stay where they were until it is proven.
	 */
	ilnp_ilcc_set_locators(e, set, ARRAY_SIZE(set));
	e->locs_updated = jiffies - 2 * HZ;
	claimed = ilnp_ilcc_claimed(e, jiffies);
	before = ilnp_ilcc_locator(e, jiffies);
	KUNIT_EXPECT_FALSE(test, ilnp_ilcc_verify(e, 0xe));
	KUNIT_EXPECT_TRUE(test, ilnp_ilcc_verify(e, 0xc));
	after = ilnp_ilcc_locator(e, jiffies);
	spin_unlock_bh(&e->lock);
	rcu_read_unlock();
	KUNIT_EXPECT_EQ(test, claimed, 0xcULL);
	KUNIT_EXPECT_EQ(test, before, 0xaULL);
	KUNIT_EXPECT_EQ(test, after, 0xcULL);
	KUNIT_EXPECT_EQ(test, c->table.count, 1U);
}

/* A later set keeps what was proven of the one before. */
static void ilnp_ilcc_proven_kept(struct kunit *test)
{
	static const struct ilnp_disc_loc one[] = { { 0xb, 0, 90 } };
	static const struct ilnp_disc_loc two[] = {
		{ 0xc, 0, 90 }, { 0xb, 1, 90 },
	};
	struct ilnp_ilcc *c = test->priv;
	struct ilnp_ilcc_entry *e;
	u64 loc;

	rcu_read_lock();
	e = ilnp_ilcc_get(c, 0x10, 0xa, NULL);
	KUNIT_ASSERT_NOT_NULL(test, e);
	spin_lock_bh(&e->lock);
	ilnp_ilcc_set_locators(e, one, 1);
	KUNIT_EXPECT_TRUE(test, ilnp_ilcc_verify(e, 0xb));
	KUNIT_EXPECT_EQ(test, ilnp_ilcc_locator(e, jiffies), 0xbULL);
	ilnp_ilcc_set_locators(e, two, 2);
	loc = ilnp_ilcc_locator(e, jiffies);
	spin_unlock_bh(&e->lock);
	rcu_read_unlock();
	/* 0xc is preferred but unproven: flows stay on the proven 0xb. */
	KUNIT_EXPECT_EQ(test, loc, 0xbULL);
}

/* The peer's nonce: learnt once, others refused, learnt again after the
 * peer has been silent under it for the session lifetime.
 */
static void ilnp_ilcc_peer_nonce(struct kunit *test)
{
	struct ilnp_skb_cb first = { .has_nonce = true, .nonce = 7 };
	struct ilnp_skb_cb other = { .has_nonce = true, .nonce = 9 };
	struct ilnp_skb_cb none = { };
	struct ilnp_ilcc *c = test->priv;
	struct ilnp_ilcc_entry *e;
	unsigned long now = jiffies;

	ilnp_ilcc_set_limits(c, 10, 0);
	rcu_read_lock();
	e = ilnp_ilcc_get(c, 0x10, 0xa, NULL);
	KUNIT_ASSERT_NOT_NULL(test, e);
	spin_lock_bh(&e->lock);
	KUNIT_EXPECT_FALSE(test, ilnp_ilcc_peer_nonce_ok(c, e, &none, now));
	KUNIT_EXPECT_FALSE(test, e->peer_nonce_known);
	KUNIT_EXPECT_TRUE(test, ilnp_ilcc_peer_nonce_ok(c, e, &first, now));
	KUNIT_EXPECT_FALSE(test, ilnp_ilcc_peer_nonce_ok(c, e, &other,
							 now + 10 * HZ));
	KUNIT_EXPECT_TRUE(test, ilnp_ilcc_peer_nonce_ok(c, e, &first,
							now + 10 * HZ));
	e->peer_lu_seen = true;
	KUNIT_EXPECT_FALSE(test, ilnp_ilcc_peer_nonce_ok(c, e, &other,
							 now + 20 * HZ));
	KUNIT_EXPECT_TRUE(test, ilnp_ilcc_peer_nonce_ok(c, e, &other,
							now + 20 * HZ + 1));
	KUNIT_EXPECT_EQ(test, e->peer_nonce, 9U);
	KUNIT_EXPECT_FALSE(test, e->peer_lu_seen);
	spin_unlock_bh(&e->lock);
	rcu_read_unlock();
}

/* Received datagrams make no entry unless a connected socket took them;
 * without the peer's nonce they do not move its locator.
 */
static void ilnp_ilcc_rx_unsolicited(struct kunit *test)
{
	struct ilnp_skb_cb cb = {
		.src_nid = 0x30, .src_loc = 0xa, .has_nonce = true, .nonce = 5,
	};
	struct ilnp_ilcc *c = test->priv;
	struct ilnp_net *in = container_of(c, struct ilnp_net, ilcc);
	struct ilnp_ilcc_entry *e;
	u64 loc[3];

	rcu_read_lock();
	ilnp_ilcc_rx(in, NULL, &cb, false);
	KUNIT_EXPECT_NULL(test, ilnp_ilcc_find(c, 0x30));
	ilnp_ilcc_rx(in, NULL, &cb, true);
	e = ilnp_ilcc_find(c, 0x30);
	KUNIT_ASSERT_NOT_NULL(test, e);
	spin_lock_bh(&e->lock);
	loc[0] = ilnp_ilcc_locator(e, jiffies);
	spin_unlock_bh(&e->lock);
	cb.src_loc = 0xb;
	cb.nonce = 6;		/* a forger's */
	ilnp_ilcc_rx(in, NULL, &cb, false);
	cb.has_nonce = false;
	ilnp_ilcc_rx(in, NULL, &cb, false);
	spin_lock_bh(&e->lock);
	loc[1] = ilnp_ilcc_locator(e, jiffies);
	spin_unlock_bh(&e->lock);
	cb.has_nonce = true;
	cb.nonce = 5;		/* the peer's, from b */
	ilnp_ilcc_rx(in, NULL, &cb, false);
	spin_lock_bh(&e->lock);
	loc[2] = ilnp_ilcc_locator(e, jiffies);
	spin_unlock_bh(&e->lock);
	rcu_read_unlock();
	KUNIT_EXPECT_EQ(test, loc[0], 0xaULL);
	KUNIT_EXPECT_EQ(test, loc[1], 0xaULL);
	KUNIT_EXPECT_EQ(test, loc[2], 0xbULL);
	KUNIT_EXPECT_EQ(test, c->table.count, 1U);
}

/* The application's locator for a peer that sent no update yet is taken
 * when it changes, not at every datagram: the peer's own datagrams from
 * elsewhere (it moved; its update is on its way) are not undone by the
 * same guess repeated.
 */
static void ilnp_ilcc_app_guess(struct kunit *test)
{
	struct ilnp_skb_cb cb = {
		.src_nid = 0x30, .src_loc = 0xb, .has_nonce = true, .nonce = 5,
	};
	struct ilnp_ilcc *c = test->priv;
	struct ilnp_net *in = container_of(c, struct ilnp_net, ilcc);
	struct ilnp_ilcc_entry *e;
	u64 loc[4];

	rcu_read_lock();
	e = ilnp_ilcc_get(c, 0x30, 0xa, NULL);
	KUNIT_ASSERT_NOT_NULL(test, e);
	spin_lock_bh(&e->lock);
	ilnp_ilcc_app_locator(e, 0xa);
	spin_unlock_bh(&e->lock);
	ilnp_ilcc_rx(in, NULL, &cb, false);
	spin_lock_bh(&e->lock);
	ilnp_ilcc_app_locator(e, 0xa);
	loc[0] = ilnp_ilcc_locator(e, jiffies);
	ilnp_ilcc_app_locator(e, 0xc);
	loc[1] = ilnp_ilcc_locator(e, jiffies);
	ilnp_ilcc_app_locator(e, 0xa);
	loc[2] = ilnp_ilcc_locator(e, jiffies);
	/* The peer's update rules from then on. */
	e->peer_lu_seen = true;
	ilnp_ilcc_app_locator(e, 0xd);
	loc[3] = ilnp_ilcc_locator(e, jiffies);
	spin_unlock_bh(&e->lock);
	rcu_read_unlock();
	KUNIT_EXPECT_EQ(test, loc[0], 0xbULL);
	KUNIT_EXPECT_EQ(test, loc[1], 0xcULL);
	KUNIT_EXPECT_EQ(test, loc[2], 0xaULL);
	KUNIT_EXPECT_EQ(test, loc[3], 0xaULL);
}

/* An entry met after it expired, before its collector came, is a new
 * session: nothing of the old peer nonce or update state.
 */
static void ilnp_ilcc_expired_restarts(struct kunit *test)
{
	struct ilnp_ilcc *c = test->priv;
	struct ilnp_ilcc_entry *e;

	ilnp_ilcc_set_limits(c, 1, 0);
	rcu_read_lock();
	e = ilnp_ilcc_get(c, 0x10, 0xa, NULL);
	KUNIT_ASSERT_NOT_NULL(test, e);
	e->peer_nonce_known = true;
	e->peer_lu_seen = true;
	e->lu_state = ILNP_LU_FAILED;
	e->node.updated = jiffies - 2 * HZ - 1;
	KUNIT_EXPECT_PTR_EQ(test, ilnp_ilcc_find(c, 0x10), e);
	rcu_read_unlock();
	KUNIT_EXPECT_FALSE(test, e->peer_nonce_known);
	KUNIT_EXPECT_FALSE(test, e->peer_lu_seen);
	KUNIT_EXPECT_EQ(test, e->lu_state, ILNP_LU_IDLE);
	KUNIT_EXPECT_FALSE(test, ilnp_ilcc_expired(c, e, jiffies));
}

static void ilnp_ilcc_cap(struct kunit *test)
{
	struct ilnp_ilcc *c = test->priv;
	u64 nid;

	ilnp_ilcc_set_limits(c, 0, 4);
	rcu_read_lock();
	for (nid = 1; nid <= 4; nid++)
		KUNIT_EXPECT_NOT_NULL(test, ilnp_ilcc_get(c, nid, 0xa, NULL));
	KUNIT_EXPECT_NULL(test, ilnp_ilcc_get(c, 5, 0xa, NULL));
	KUNIT_EXPECT_NOT_NULL(test, ilnp_ilcc_get(c, 2, 0xa, NULL));
	rcu_read_unlock();
	KUNIT_EXPECT_EQ(test, c->table.count, 4U);
}

static void ilnp_ilcc_activity(struct kunit *test)
{
	struct ilnp_ilcc *c = test->priv;
	struct ilnp_ilcc_entry *e;
	unsigned long now = jiffies;

	ilnp_ilcc_set_limits(c, 10, 0);
	rcu_read_lock();
	e = ilnp_ilcc_get(c, 0x20, 0xa, NULL);
	KUNIT_ASSERT_NOT_NULL(test, e);
	e->node.updated = now;
	KUNIT_EXPECT_TRUE(test, ilnp_ilcc_active(c, e, now + 10 * HZ));
	KUNIT_EXPECT_FALSE(test, ilnp_ilcc_active(c, e, now + 10 * HZ + 1));
	KUNIT_EXPECT_FALSE(test, ilnp_ilcc_expired(c, e, now + 20 * HZ));
	KUNIT_EXPECT_TRUE(test, ilnp_ilcc_expired(c, e, now + 20 * HZ + 1));
	rcu_read_unlock();
}

/* The probe walk: a claimed locator whose probe goes unanswered for
 * 300 ms is passed over for the next by preference; once all were, the
 * first again; an answer or a new set starts from the top.
 */
static void ilnp_lu_probe_walk(struct kunit *test)
{
	const struct ilnp_disc_loc set[] = {
		{ 0xdULL, 5, 60 }, { 0xcULL, 1, 60 }, { 0xeULL, 9, 0 },
	};
	struct ilnp_ilcc *c = test->priv;
	struct ilnp_ilcc_entry *e;
	unsigned long t = jiffies;
	u64 got[6];

	rcu_read_lock();
	e = ilnp_ilcc_get(c, 0x30, 0xa, NULL);
	KUNIT_ASSERT_NOT_NULL(test, e);
	spin_lock_bh(&e->lock);
	ilnp_ilcc_set_locators(e, set, ARRAY_SIZE(set));
	e->locs_updated = t;
	got[0] = ilnp_lu_probe_target(e, t + 1);	/* e expired */
	/* c probed since t: not yet timed out, then timed out. */
	e->probe.loc = 0xc;
	e->probe.since = t;
	got[1] = ilnp_lu_probe_target(e, t + HZ * 3 / 10 - 1);
	got[2] = ilnp_lu_probe_target(e, t + HZ * 3 / 10);
	/* d probed unanswered too: all tried, c again. */
	e->probe.loc = 0xd;
	got[3] = ilnp_lu_probe_target(e, t + HZ);
	KUNIT_EXPECT_EQ(test, e->probe.tried, 0);
	/* c tried again; a new set starts afresh. */
	e->probe.loc = 0xc;
	got[4] = ilnp_lu_probe_target(e, t + HZ);
	ilnp_ilcc_set_locators(e, set, 2);
	e->probe.loc = 0;
	got[5] = ilnp_lu_probe_target(e, jiffies);
	spin_unlock_bh(&e->lock);
	rcu_read_unlock();
	KUNIT_EXPECT_EQ(test, got[0], 0xcULL);
	KUNIT_EXPECT_EQ(test, got[1], 0xcULL);
	KUNIT_EXPECT_EQ(test, got[2], 0xdULL);
	KUNIT_EXPECT_EQ(test, got[3], 0xcULL);
	KUNIT_EXPECT_EQ(test, got[4], 0xdULL);
	KUNIT_EXPECT_EQ(test, got[5], 0xcULL);
}

static struct kunit_case ilnp_ilcc_cases[] = {
	KUNIT_CASE(ilnp_lu_probe_walk),
	KUNIT_CASE(ilnp_ilcc_seed_and_prefer),
	KUNIT_CASE(ilnp_ilcc_proven_kept),
	KUNIT_CASE(ilnp_ilcc_peer_nonce),
	KUNIT_CASE(ilnp_ilcc_rx_unsolicited),
	KUNIT_CASE(ilnp_ilcc_app_guess),
	KUNIT_CASE(ilnp_ilcc_expired_restarts),
	KUNIT_CASE(ilnp_ilcc_cap),
	KUNIT_CASE(ilnp_ilcc_activity),
	{}
};

static struct kunit_suite ilnp_ilcc_suite = {
	.name = "ilnp_ilcc",
	.init = ilcc_init,
	.exit = ilcc_exit,
	.test_cases = ilnp_ilcc_cases,
};

kunit_test_suites(&ilnp_lu_suite, &ilnp_nonce_suite, &ilnp_ilcc_suite);
