// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite ilnp_ra: locator advertisements and solicitations byte by
 * byte (Documentation/protocol.rst), every rejection, and the rule that
 * keeps one advertisement from cutting a learnt locator's life short.
 */
#include <kunit/test.h>
#include <linux/jiffies.h>

#include "../../net/ilnp/ilnp.h"

static void la_example(struct ilnp_la_msg *m)
{
	memset(m, 0, sizeof(*m));
	m->nloc = 2;
	m->flags = ILNP_RA_F_SOLICITED;
	m->interval = 10;
	m->solicit_id = 0x0102030405060708ULL;
	m->locs[0] = (struct ilnp_disc_loc){ 0xaULL, 1, 30 };
	m->locs[1] = (struct ilnp_disc_loc){ 0xbULL, 0x0203, 0 };
}

static const u8 la_bytes[] = {
	203, 0, 0, 0,			/* type, code, checksum (0 here) */
	2, 1,				/* locators, flags (S) */
	0, 10,				/* interval */
	1, 2, 3, 4, 5, 6, 7, 8,		/* solicitation id */
	0, 0, 0, 0, 0, 0, 0, 0x0a, 0, 1, 0, 0, 0, 0, 0, 30,
	0, 0, 0, 0, 0, 0, 0, 0x0b, 2, 3, 0, 0, 0, 0, 0, 0,
};

static void ilnp_la_layout(struct kunit *test)
{
	struct ilnp_la_msg m;
	u8 buf[96];
	int i;

	la_example(&m);
	memset(buf, 0xaa, sizeof(buf));
	KUNIT_ASSERT_EQ(test, ilnp_la_encode(&m, buf, sizeof(buf)),
			(int)sizeof(la_bytes));
	for (i = 0; i < sizeof(la_bytes); i++)
		KUNIT_EXPECT_EQ_MSG(test, buf[i], la_bytes[i], "byte %d", i);
	KUNIT_EXPECT_EQ(test, ilnp_la_len(&m), sizeof(la_bytes));
}

static void ilnp_la_round_trip(struct kunit *test)
{
	struct ilnp_la_msg m, got;

	la_example(&m);
	KUNIT_ASSERT_EQ(test, ilnp_la_decode(la_bytes, sizeof(la_bytes), &got),
			0);
	KUNIT_EXPECT_EQ(test, memcmp(&m, &got, sizeof(m)), 0);
}

/* Each fault alone, on the example's bytes: refused. */
static void ilnp_la_rejects(struct kunit *test)
{
	static const struct { int off; u8 val; const char *what; } faults[] = {
		{ 0, 202, "type" },
		{ 1, 1, "code" },
		{ 4, 0, "no locator" },
		{ 4, 5, "five locators" },
		{ 4, 3, "nloc beyond the bytes" },
		{ 23, 0, "locator 0" },
	};
	struct ilnp_la_msg got;
	u8 buf[sizeof(la_bytes)];
	int i;

	for (i = 0; i < ARRAY_SIZE(faults); i++) {
		memcpy(buf, la_bytes, sizeof(buf));
		buf[faults[i].off] = faults[i].val;
		KUNIT_EXPECT_EQ_MSG(test, ilnp_la_decode(buf, sizeof(buf), &got),
				    -EINVAL, "%s", faults[i].what);
	}
	/* The all-nodes locator is no node's. */
	memcpy(buf, la_bytes, sizeof(buf));
	buf[16] = 0xff;
	buf[17] = 0x02;
	buf[23] = 0x01;
	KUNIT_EXPECT_EQ(test, ilnp_la_decode(buf, sizeof(buf), &got), -EINVAL);
	/* Cut short, or a byte too many. */
	KUNIT_EXPECT_EQ(test, ilnp_la_decode(la_bytes, sizeof(la_bytes) - 1,
					     &got), -EINVAL);
	KUNIT_EXPECT_EQ(test, ilnp_la_decode(la_bytes, 15, &got), -EINVAL);
	/* Nothing to encode, or no room. */
	la_example(&got);
	got.nloc = 0;
	KUNIT_EXPECT_EQ(test, ilnp_la_encode(&got, buf, sizeof(buf)), -EINVAL);
	la_example(&got);
	KUNIT_EXPECT_EQ(test, ilnp_la_encode(&got, buf, sizeof(buf) - 1),
			-EINVAL);
}

/* Unknown flags are ignored, lifetimes capped at 9000 s. */
static void ilnp_la_lenient(struct kunit *test)
{
	struct ilnp_la_msg got;
	u8 buf[sizeof(la_bytes)];

	memcpy(buf, la_bytes, sizeof(buf));
	buf[5] = 0xff;
	buf[28] = 0xff;		/* the first lifetime: 0xff00001e s */
	KUNIT_ASSERT_EQ(test, ilnp_la_decode(buf, sizeof(buf), &got), 0);
	KUNIT_EXPECT_EQ(test, got.flags, ILNP_RA_F_SOLICITED);
	KUNIT_EXPECT_EQ(test, got.locs[0].lifetime, 9000U);
}

static void ilnp_ls_layout(struct kunit *test)
{
	static const u8 want[] = {
		202, 0, 0, 0, 0, 0, 0, 0,
		0xde, 0xad, 0xbe, 0xef, 0, 0, 0, 0x2a,
	};
	u8 buf[16], bad[16];
	u64 id = 0;

	KUNIT_ASSERT_EQ(test, ilnp_ls_encode(0xdeadbeef0000002aULL, buf,
					     sizeof(buf)), 16);
	KUNIT_EXPECT_EQ(test, memcmp(buf, want, sizeof(want)), 0);
	KUNIT_ASSERT_EQ(test, ilnp_ls_decode(want, sizeof(want), &id), 0);
	KUNIT_EXPECT_EQ(test, id, 0xdeadbeef0000002aULL);
	KUNIT_EXPECT_EQ(test, ilnp_ls_decode(want, 15, &id), -EINVAL);
	KUNIT_EXPECT_EQ(test, ilnp_ls_encode(1, buf, 15), -EINVAL);
	memcpy(bad, want, sizeof(bad));
	bad[1] = 1;
	KUNIT_EXPECT_EQ(test, ilnp_ls_decode(bad, sizeof(bad), &id), -EINVAL);
	bad[1] = 0;
	bad[0] = 203;
	KUNIT_EXPECT_EQ(test, ilnp_ls_decode(bad, sizeof(bad), &id), -EINVAL);
}

/* A learnt locator heard at t0 with 30 s (interval 10) ends at t0 + 30.
 * Its router's next word, at t1 = t0 + 5: longer is taken, shorter not
 * below t1 + 2 intervals, unless that is beyond the present end.
 */
static void ilnp_ra_cut(struct kunit *test)
{
	unsigned long t0 = jiffies, t1 = t0 + 5 * HZ, end = t0 + 30 * HZ;

	KUNIT_EXPECT_EQ(test, ilnp_ra_lifetime_cut(end, t1, 60, 10),
			t1 + 60 * HZ);
	KUNIT_EXPECT_EQ(test, ilnp_ra_lifetime_cut(end, t1, 25, 10),
			t1 + 25 * HZ);
	/* A withdrawal (0) or 1 s: two intervals, 20 s. */
	KUNIT_EXPECT_EQ(test, ilnp_ra_lifetime_cut(end, t1, 0, 10),
			t1 + 20 * HZ);
	KUNIT_EXPECT_EQ(test, ilnp_ra_lifetime_cut(end, t1, 1, 10),
			t1 + 20 * HZ);
	/* 15 s from t1: between the floor and the end. */
	KUNIT_EXPECT_EQ(test, ilnp_ra_lifetime_cut(end, t1, 22, 10),
			t1 + 22 * HZ);
	/* Interval 30: the floor (t1 + 60) is past the end: kept. */
	KUNIT_EXPECT_EQ(test, ilnp_ra_lifetime_cut(end, t1, 0, 30), end);
	/* Interval 0 counts as 1 s. */
	KUNIT_EXPECT_EQ(test, ilnp_ra_lifetime_cut(end, t1, 0, 0),
			t1 + 2 * HZ);
}

static struct kunit_case ilnp_ra_cases[] = {
	KUNIT_CASE(ilnp_la_layout),
	KUNIT_CASE(ilnp_la_round_trip),
	KUNIT_CASE(ilnp_la_rejects),
	KUNIT_CASE(ilnp_la_lenient),
	KUNIT_CASE(ilnp_ls_layout),
	KUNIT_CASE(ilnp_ra_cut),
	{ }
};

static struct kunit_suite ilnp_ra_suite = {
	.name = "ilnp_ra",
	.test_cases = ilnp_ra_cases,
};

kunit_test_suites(&ilnp_ra_suite);
