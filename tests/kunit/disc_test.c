// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suites ilnp_disc (discovery messages, byte by byte, and every
 * rejection), ilnp_dup (the flood duplicate cache, its keyed hash) and
 * ilnp_neigh (the neighbour table: resolution, preferred locator, cap).
 */
#include <kunit/test.h>
#include <linux/delay.h>
#include <linux/jiffies.h>

#include "../../net/ilnp/ilnp.h"

static void msg_example(struct ilnp_disc_msg *m)
{
	memset(m, 0, sizeof(*m));
	m->type = ILNP_ICMP_DISC_ADVERT;
	m->nid = 0xffff00000000000aULL;
	m->seq = 0x01020304;
	m->nloc = 2;
	m->locs[0] = (struct ilnp_disc_loc){ 0xaULL, 10, 90 };
	m->locs[1] = (struct ilnp_disc_loc){ 0xbULL, 5, 30 };
	m->hostname_len = 3;
	memcpy(m->hostname, "mn1", 4);
}

static void ilnp_disc_layout(struct kunit *test)
{
	static const u8 want[] = {
		201, 0, 0, 0,		/* type, code, checksum (0 here) */
		0, 0,			/* reserved */
		2, 3,			/* locators, hostname length */
		0xff, 0xff, 0, 0, 0, 0, 0, 0x0a,	/* NID */
		1, 2, 3, 4,		/* sequence */
		0, 0, 0, 0,		/* reserved */
		0, 0, 0, 0, 0, 0, 0, 0x0a, 0, 10, 0, 0, 0, 0, 0, 90,
		0, 0, 0, 0, 0, 0, 0, 0x0b, 0, 5, 0, 0, 0, 0, 0, 30,
		'm', 'n', '1',
	};
	struct ilnp_disc_msg m;
	u8 buf[128];
	int i;

	msg_example(&m);
	memset(buf, 0xaa, sizeof(buf));
	KUNIT_ASSERT_EQ(test, ilnp_disc_encode(&m, buf, sizeof(buf)),
			(int)sizeof(want));
	for (i = 0; i < sizeof(want); i++)
		KUNIT_EXPECT_EQ_MSG(test, buf[i], want[i], "byte %d", i);
}

static void ilnp_disc_round_trip(struct kunit *test)
{
	struct ilnp_disc_msg m, got;
	u8 buf[512];
	int len;

	msg_example(&m);
	len = ilnp_disc_encode(&m, buf, sizeof(buf));
	KUNIT_ASSERT_GT(test, len, 0);
	KUNIT_ASSERT_EQ(test, ilnp_disc_decode(buf, len, &got), 0);
	KUNIT_EXPECT_EQ(test, got.type, m.type);
	KUNIT_EXPECT_EQ(test, got.nid, m.nid);
	KUNIT_EXPECT_EQ(test, got.seq, m.seq);
	KUNIT_EXPECT_EQ(test, got.nloc, 2);
	KUNIT_EXPECT_EQ(test, got.locs[1].loc, 0xbULL);
	KUNIT_EXPECT_EQ(test, got.locs[1].pref, 5);
	KUNIT_EXPECT_EQ(test, got.locs[1].lifetime, 30U);
	KUNIT_EXPECT_STREQ(test, got.hostname, "mn1");

	/* The largest message: 16 locators, a 63-byte hostname. */
	m.nloc = ILNP_DISC_LOC_MAX;
	m.hostname_len = ILNP_HOSTNAME_MAX;
	memset(m.hostname, 'h', ILNP_HOSTNAME_MAX);
	len = ilnp_disc_encode(&m, buf, sizeof(buf));
	KUNIT_ASSERT_EQ(test, len, 24 + 16 * 16 + 63);
	KUNIT_EXPECT_EQ(test, ilnp_disc_decode(buf, len, &got), 0);
	KUNIT_EXPECT_EQ(test, strlen(got.hostname), (size_t)ILNP_HOSTNAME_MAX);
}

/* The example, encoded (24 + 2 x 16 + 3 = 59 bytes), broken in one way
 * each.
 */
static const struct {
	const char *what;
	int off;		/* byte to set to @val, or -1 */
	u8 val;
	int dlen;		/* change to the length */
} disc_breakage[] = {
	{ "truncated header", -1, 0, -36 },
	{ "truncated hostname", -1, 0, -1 },
	{ "trailing byte", -1, 0, 1 },
	{ "no locators", 6, 0, 0 },
	{ "17 locators", 6, 17, 0 },
	{ "count beyond the data", 6, 3, 0 },
	{ "64-byte hostname", 7, 64, 61 },
	{ "'/' in hostname", 58, '/', 0 },
	{ "leading '-' in hostname", 56, '-', 0 },
	{ "NID 0", 8, 0, 0 },	/* with the next 7 bytes, below */
	{ "echo type", 0, 128, 0 },
	{ "code 1", 1, 1, 0 },
};

static void ilnp_disc_rejects(struct kunit *test)
{
	struct ilnp_disc_msg m;
	u8 buf[128];
	int i, len;

	for (i = 0; i < ARRAY_SIZE(disc_breakage); i++) {
		msg_example(&m);
		memset(buf, 'x', sizeof(buf));
		len = ilnp_disc_encode(&m, buf, sizeof(buf));
		KUNIT_ASSERT_EQ(test, len, 59);
		if (disc_breakage[i].off >= 0)
			buf[disc_breakage[i].off] = disc_breakage[i].val;
		if (disc_breakage[i].off == 8)
			memset(buf + 8, 0, 8);
		len += disc_breakage[i].dlen;
		KUNIT_EXPECT_EQ_MSG(test, ilnp_disc_decode(buf, len, &m), -EINVAL,
				    "%s", disc_breakage[i].what);
	}
}

static void ilnp_disc_encode_rejects(struct kunit *test)
{
	struct ilnp_disc_msg m;
	u8 buf[64];

	msg_example(&m);
	KUNIT_EXPECT_EQ(test, ilnp_disc_encode(&m, buf, 50), -EINVAL);
	m.nloc = 0;
	KUNIT_EXPECT_EQ(test, ilnp_disc_encode(&m, buf, sizeof(buf)), -EINVAL);
	msg_example(&m);
	m.hostname[0] = '.';
	KUNIT_EXPECT_EQ(test, ilnp_disc_encode(&m, buf, sizeof(buf)), -EINVAL);
}

static struct kunit_case ilnp_disc_cases[] = {
	KUNIT_CASE(ilnp_disc_layout),
	KUNIT_CASE(ilnp_disc_round_trip),
	KUNIT_CASE(ilnp_disc_rejects),
	KUNIT_CASE(ilnp_disc_encode_rejects),
	{}
};

static struct kunit_suite ilnp_disc_suite = {
	.name = "ilnp_disc",
	.test_cases = ilnp_disc_cases,
};

/* ilnp_dup */

/* Each case gets a cache with room for 4 floods, living 10 s. */
static int dup_init(struct kunit *test)
{
	struct ilnp_dup_cache *c = kunit_kzalloc(test, sizeof(*c), GFP_KERNEL);

	if (!c)
		return -ENOMEM;
	ilnp_dup_init(c, 4, 10 * HZ);
	test->priv = c;
	return 0;
}

static void dup_exit(struct kunit *test)
{
	ilnp_dup_exit(test->priv);
}

static void ilnp_dup_once(struct kunit *test)
{
	struct ilnp_dup_cache *c = test->priv;
	unsigned long now = jiffies;

	KUNIT_EXPECT_FALSE(test, ilnp_dup_check(c, 1, 100, now));
	KUNIT_EXPECT_TRUE(test, ilnp_dup_check(c, 1, 100, now));
	KUNIT_EXPECT_FALSE(test, ilnp_dup_check(c, 1, 101, now));
	KUNIT_EXPECT_FALSE(test, ilnp_dup_check(c, 2, 100, now));
	KUNIT_EXPECT_EQ(test, c->count, 3U);
}

static void ilnp_dup_cap(struct kunit *test)
{
	struct ilnp_dup_cache *c = test->priv;
	unsigned long now = jiffies;
	u32 seq;

	for (seq = 0; seq < 100; seq++)
		KUNIT_EXPECT_FALSE(test, ilnp_dup_check(c, 7, seq, now));
	KUNIT_EXPECT_EQ(test, c->count, 4U);
	/* The newest are remembered, the oldest were evicted. */
	KUNIT_EXPECT_TRUE(test, ilnp_dup_check(c, 7, 99, now));
	KUNIT_EXPECT_TRUE(test, ilnp_dup_check(c, 7, 96, now));
	KUNIT_EXPECT_FALSE(test, ilnp_dup_check(c, 7, 0, now));
	KUNIT_EXPECT_EQ(test, c->count, 4U);
}

static void ilnp_dup_expiry(struct kunit *test)
{
	struct ilnp_dup_cache *c = test->priv;
	unsigned long now = jiffies;

	KUNIT_EXPECT_FALSE(test, ilnp_dup_check(c, 1, 1, now));
	KUNIT_EXPECT_TRUE(test, ilnp_dup_check(c, 1, 1, now + 10 * HZ));
	/* Past its lifetime it no longer counts, and is reclaimed. */
	KUNIT_EXPECT_FALSE(test, ilnp_dup_check(c, 1, 1, now + 10 * HZ + 1));
	KUNIT_EXPECT_EQ(test, c->count, 1U);
}

/* Floods an attacker would choose: NID ^ sequence the same for all, one
 * bucket of the old unkeyed hash_64(nid ^ seq).  1024 in 256 buckets is
 * 4 a bucket on average; more than 20 would mean they chose it.
 */
static void ilnp_dup_spread(struct kunit *test)
{
	struct ilnp_dup_cache *c = kunit_kzalloc(test, sizeof(*c), GFP_KERNEL);
	unsigned int i, n, deepest = 0;
	unsigned long now = jiffies;
	struct hlist_node *pos;
	u32 k;

	KUNIT_ASSERT_NOT_NULL(test, c);
	ilnp_dup_init(c, 1024, 10 * HZ);
	for (k = 0; k < 1024; k++)
		KUNIT_EXPECT_FALSE(test, ilnp_dup_check(c, k, k, now));
	KUNIT_EXPECT_EQ(test, c->count, 1024U);
	for (i = 0; i < ARRAY_SIZE(c->buckets); i++) {
		n = 0;
		hlist_for_each(pos, &c->buckets[i])
			n++;
		deepest = max(deepest, n);
	}
	KUNIT_EXPECT_LE(test, deepest, 20U);
	ilnp_dup_exit(c);
}

static struct kunit_case ilnp_dup_cases[] = {
	KUNIT_CASE(ilnp_dup_once),
	KUNIT_CASE(ilnp_dup_cap),
	KUNIT_CASE(ilnp_dup_expiry),
	KUNIT_CASE(ilnp_dup_spread),
	{}
};

static struct kunit_suite ilnp_dup_suite = {
	.name = "ilnp_dup",
	.init = dup_init,
	.exit = dup_exit,
	.test_cases = ilnp_dup_cases,
};

/* ilnp_neigh: a table and a device with counters, no netns needed. */

struct neigh_fixture {
	struct ilnp_neigh_table t;
	struct ilnp_dev idev;
};

static int neigh_init(struct kunit *test)
{
	struct neigh_fixture *f = kunit_kzalloc(test, sizeof(*f), GFP_KERNEL);

	if (!f)
		return -ENOMEM;
	f->idev.stats = alloc_percpu(struct ilnp_stats);
	if (!f->idev.stats)
		return -ENOMEM;
	ilnp_neigh_init(&f->t);
	test->priv = f;
	return 0;
}

static void neigh_exit(struct kunit *test)
{
	struct neigh_fixture *f = test->priv;

	ilnp_neigh_exit(&f->t);
	free_percpu(f->idev.stats);
}

static void neigh_hear(struct neigh_fixture *f, u64 nid, const char *name)
{
	struct ilnp_disc_msg m;

	msg_example(&m);
	m.nid = nid;
	m.hostname_len = strlen(name);
	strscpy(m.hostname, name, sizeof(m.hostname));
	/* As discovery's receive does it: in softirq, where the per-CPU
	 * counters it bumps may be used.
	 */
	local_bh_disable();
	ilnp_neigh_update(&f->t, &m, &f->idev, 0xaULL);
	local_bh_enable();
}

static void ilnp_neigh_resolve_and_prefer(struct kunit *test)
{
	struct neigh_fixture *f = test->priv;
	u64 nid = 0, loc = 0;

	neigh_hear(f, 0x10, "cn");
	KUNIT_EXPECT_EQ(test, ilnp_neigh_resolve(&f->t, "cn", &nid, &loc), 0);
	KUNIT_EXPECT_EQ(test, nid, 0x10ULL);
	/* Preference 5 (locator b) beats 10 (locator a). */
	KUNIT_EXPECT_EQ(test, loc, 0xbULL);
	rcu_read_lock();
	KUNIT_EXPECT_EQ(test, ilnp_neigh_locator(&f->t, 0x10), 0xbULL);
	KUNIT_EXPECT_EQ(test, ilnp_neigh_locator(&f->t, 0x11), 0ULL);
	rcu_read_unlock();
	KUNIT_EXPECT_EQ(test, ilnp_neigh_resolve(&f->t, "mn", &nid, &loc),
			-ENOENT);
}

static void ilnp_neigh_same_hostname(struct kunit *test)
{
	struct neigh_fixture *f = test->priv;
	u64 nid = 0, loc;

	neigh_hear(f, 0x20, "twin");
	msleep(20);
	neigh_hear(f, 0x21, "twin");
	KUNIT_EXPECT_EQ(test, f->t.table.count, 2U);
	KUNIT_EXPECT_EQ(test, ilnp_neigh_resolve(&f->t, "twin", &nid, &loc), 0);
	KUNIT_EXPECT_EQ(test, nid, 0x21ULL);
	msleep(20);
	neigh_hear(f, 0x20, "twin");
	KUNIT_EXPECT_EQ(test, ilnp_neigh_resolve(&f->t, "twin", &nid, &loc), 0);
	KUNIT_EXPECT_EQ(test, nid, 0x20ULL);
}

static void ilnp_neigh_cap(struct kunit *test)
{
	struct neigh_fixture *f = test->priv;
	u64 c[__ILNP_STAT_MAX];
	u64 nid;

	ilnp_neigh_set_limits(&f->t, 0, 3);
	for (nid = 1; nid <= 5; nid++)
		neigh_hear(f, nid, "n");
	/* A known NID still refreshes at the cap. */
	neigh_hear(f, 2, "renamed");
	KUNIT_EXPECT_EQ(test, f->t.table.count, 3U);
	ilnp_dev_stats_read(&f->idev, c);
	KUNIT_EXPECT_EQ(test, c[ILNP_STAT_NEIGH_OVERFLOW], 2ULL);
}

/* ilnp_neigh_update() tells news (a node not known, or a changed
 * locator set) from a refresh; ilnp_neigh_locators() gives the set.
 */
static void ilnp_neigh_news_and_locators(struct kunit *test)
{
	struct neigh_fixture *f = test->priv;
	struct ilnp_disc_loc out[ILNP_DISC_LOC_MAX];
	struct ilnp_table_node *node;
	struct ilnp_disc_msg m;
	bool news;
	int n;

	msg_example(&m);
	local_bh_disable();
	news = ilnp_neigh_update(&f->t, &m, &f->idev, 0xaULL);
	KUNIT_EXPECT_TRUE(test, news);
	/* The same set, another order, other preferences: no news. */
	swap(m.locs[0], m.locs[1]);
	m.locs[0].pref = 1;
	news = ilnp_neigh_update(&f->t, &m, &f->idev, 0xaULL);
	KUNIT_EXPECT_FALSE(test, news);
	/* One locator gone: news. */
	m.nloc = 1;
	news = ilnp_neigh_update(&f->t, &m, &f->idev, 0xaULL);
	KUNIT_EXPECT_TRUE(test, news);
	/* Another in its place: news. */
	m.locs[0].loc = 0xcULL;
	news = ilnp_neigh_update(&f->t, &m, &f->idev, 0xaULL);
	KUNIT_EXPECT_TRUE(test, news);
	m.nloc = 2;
	m.locs[1] = (struct ilnp_disc_loc){ 0xdULL, 3, 1 };
	news = ilnp_neigh_update(&f->t, &m, &f->idev, 0xaULL);
	KUNIT_EXPECT_TRUE(test, news);
	local_bh_enable();

	rcu_read_lock();
	n = ilnp_neigh_locators(&f->t, m.nid, out, ARRAY_SIZE(out));
	KUNIT_EXPECT_EQ(test, n, 2);
	KUNIT_EXPECT_EQ(test, out[0].loc, 0xcULL);
	KUNIT_EXPECT_EQ(test, out[1].loc, 0xdULL);
	KUNIT_EXPECT_EQ(test, ilnp_neigh_locators(&f->t, m.nid, out, 1), 1);
	KUNIT_EXPECT_EQ(test, ilnp_neigh_locators(&f->t, 0x11, out, 4), 0);
	/* Heard 2 s ago: d's 1 s lifetime is over, c's 30 s are not. */
	node = ilnp_table_find(&f->t.table, m.nid);
	KUNIT_ASSERT_NOT_NULL(test, node);
	WRITE_ONCE(node->updated, jiffies - 2 * HZ);
	n = ilnp_neigh_locators(&f->t, m.nid, out, ARRAY_SIZE(out));
	rcu_read_unlock();
	KUNIT_EXPECT_EQ(test, n, 1);
	KUNIT_EXPECT_EQ(test, out[0].loc, 0xcULL);
}

static struct kunit_case ilnp_neigh_cases[] = {
	KUNIT_CASE(ilnp_neigh_news_and_locators),
	KUNIT_CASE(ilnp_neigh_resolve_and_prefer),
	KUNIT_CASE(ilnp_neigh_same_hostname),
	KUNIT_CASE(ilnp_neigh_cap),
	{}
};

static struct kunit_suite ilnp_neigh_suite = {
	.name = "ilnp_neigh",
	.init = neigh_init,
	.exit = neigh_exit,
	.test_cases = ilnp_neigh_cases,
};

kunit_test_suites(&ilnp_disc_suite, &ilnp_dup_suite, &ilnp_neigh_suite);
