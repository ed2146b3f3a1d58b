// SPDX-License-Identifier: GPL-2.0
/* KUnit suite ilnp_ilv: text forms and multicast group derivation. */
#include <kunit/test.h>
#include <linux/errno.h>

#include <ilnp/ilv.h>
#include <linux/ilnp.h>

struct id_case {
	const char *text;
	unsigned long long id;
	const char *canonical;
};

static const struct id_case id_cases[] = {
	{ "0:0:0:a", 0xaULL, "0:0:0:a" },
	{ "ffff:0:0:b", 0xffff00000000000bULL, "ffff:0:0:b" },
	{ "FFFF:0:0:B", 0xffff00000000000bULL, "ffff:0:0:b" },
	{ "0001:0203:0405:0607", 0x0001020304050607ULL, "1:203:405:607" },
	{ "ffff:ffff:ffff:ffff", ~0ULL, "ffff:ffff:ffff:ffff" },
	{ "0:0:0:0", 0, "0:0:0:0" },
	{ "::", 0, "0:0:0:0" },
	{ "::a", 0xaULL, "0:0:0:a" },
	{ "ffff::a", 0xffff00000000000aULL, "ffff:0:0:a" },
	{ "1:2::", 0x0001000200000000ULL, "1:2:0:0" },
	{ "1::2:3", 0x0001000000020003ULL, "1:0:2:3" },
};

static void ilnp_ilv_id_round_trip(struct kunit *test)
{
	char buf[ILNP_ID_STRLEN];
	unsigned long long id;
	int i;

	for (i = 0; i < ARRAY_SIZE(id_cases); i++) {
		const struct id_case *c = &id_cases[i];

		KUNIT_EXPECT_EQ_MSG(test, ilnp_id_parse(c->text, &id), 0,
				    "%s", c->text);
		KUNIT_EXPECT_EQ_MSG(test, id, c->id, "%s", c->text);
		KUNIT_EXPECT_EQ(test, ilnp_id_format(buf, sizeof(buf), id),
				(int)strlen(c->canonical));
		KUNIT_EXPECT_STREQ(test, buf, c->canonical);
		/* The canonical form parses back to the same value. */
		KUNIT_EXPECT_EQ(test, ilnp_id_parse(buf, &id), 0);
		KUNIT_EXPECT_EQ(test, id, c->id);
	}
}

struct reject_case {
	const char *text;
	int err;
};

static const struct reject_case id_rejects[] = {
	{ "", -EINVAL },			/* empty */
	{ "0:0:0:0:0", -EINVAL },		/* too many groups */
	{ "1:2:3:4:5:6:7:8", -EINVAL },		/* an I-LV is not an id */
	{ "0:0:0", -EINVAL },			/* too few groups */
	{ "a", -EINVAL },
	{ "0:0:0:g", -EINVAL },			/* non-hex */
	{ "0:0:x:0", -EINVAL },
	{ "0x1:0:0:0", -EINVAL },
	{ "0:0:0:a ", -EINVAL },		/* trailing junk */
	{ " 0:0:0:a", -EINVAL },
	{ "-1:0:0:0", -EINVAL },
	{ "0:0:0:10000", -ERANGE },		/* group overflow */
	{ "00000:0:0:0", -ERANGE },
	{ ":", -EINVAL },
	{ ":0:0:0:a", -EINVAL },
	{ "0:0:0:", -EINVAL },			/* empty group */
	{ "0::0::1", -EINVAL },			/* two "::" */
	{ ":::", -EINVAL },
	{ "0:0::0:0", -EINVAL },		/* "::" standing for nothing */
	{ "1:2:3:4::", -EINVAL },
};

static void ilnp_ilv_id_rejects(struct kunit *test)
{
	unsigned long long id = 0x1234;
	int i;

	for (i = 0; i < ARRAY_SIZE(id_rejects); i++) {
		const struct reject_case *c = &id_rejects[i];

		KUNIT_EXPECT_EQ_MSG(test, ilnp_id_parse(c->text, &id), c->err,
				    "\"%s\"", c->text);
		/* A rejected parse leaves the output untouched. */
		KUNIT_EXPECT_EQ(test, id, 0x1234ULL);
	}
	KUNIT_EXPECT_EQ(test, ilnp_id_parse(NULL, &id), -EINVAL);
}

static void ilnp_ilv_ilv_round_trip(struct kunit *test)
{
	unsigned long long loc, nid;
	char buf[ILNP_ILV_STRLEN];

	KUNIT_ASSERT_EQ(test, ilnp_ilv_parse("0:0:0:a:ffff:0:0:a", &loc, &nid),
			0);
	KUNIT_EXPECT_EQ(test, loc, 0xaULL);
	KUNIT_EXPECT_EQ(test, nid, 0xffff00000000000aULL);
	KUNIT_EXPECT_EQ(test, ilnp_ilv_format(buf, sizeof(buf), loc, nid), 18);
	KUNIT_EXPECT_STREQ(test, buf, "0:0:0:a:ffff:0:0:a");

	KUNIT_ASSERT_EQ(test, ilnp_ilv_parse("ff02::1:0:0:0:0", &loc, &nid), 0);
	KUNIT_EXPECT_EQ(test, loc, (unsigned long long)ILNP_ALL_NODES_LOC);
	KUNIT_EXPECT_EQ(test, nid, 0ULL);

	KUNIT_ASSERT_EQ(test, ilnp_ilv_parse("::b", &loc, &nid), 0);
	KUNIT_EXPECT_EQ(test, loc, 0ULL);
	KUNIT_EXPECT_EQ(test, nid, 0xbULL);

	/* The longest form fills the buffer exactly. */
	KUNIT_EXPECT_EQ(test, ilnp_ilv_format(buf, sizeof(buf), ~0ULL, ~0ULL),
			ILNP_ILV_STRLEN - 1);
	KUNIT_EXPECT_STREQ(test, buf, "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff");
	KUNIT_ASSERT_EQ(test, ilnp_ilv_parse(buf, &loc, &nid), 0);
	KUNIT_EXPECT_EQ(test, loc, ~0ULL);
	KUNIT_EXPECT_EQ(test, nid, ~0ULL);
}

static const struct reject_case ilv_rejects[] = {
	{ "", -EINVAL },
	{ "0:0:0:a", -EINVAL },			/* an id is not an I-LV */
	{ "0:0:0:a:ffff:0:0:a:1", -EINVAL },	/* too many groups */
	{ "0:0:0:a:ffff:0:0:z", -EINVAL },	/* non-hex */
	{ "0:0:0:a:ffff:0:0:12345", -ERANGE },	/* overflow */
	{ "1:2:3:4:5:6:7:8::", -EINVAL },
	{ "0:0:0:a:ffff:0:0:a/64", -EINVAL },
};

static void ilnp_ilv_ilv_rejects(struct kunit *test)
{
	unsigned long long loc = 1, nid = 2;
	int i;

	for (i = 0; i < ARRAY_SIZE(ilv_rejects); i++) {
		const struct reject_case *c = &ilv_rejects[i];

		KUNIT_EXPECT_EQ_MSG(test, ilnp_ilv_parse(c->text, &loc, &nid),
				    c->err, "\"%s\"", c->text);
		KUNIT_EXPECT_EQ(test, loc, 1ULL);
		KUNIT_EXPECT_EQ(test, nid, 2ULL);
	}
}

static void ilnp_ilv_format_too_small(struct kunit *test)
{
	char buf[ILNP_ILV_STRLEN];

	KUNIT_EXPECT_EQ(test, ilnp_id_format(buf, 7, 0xa), -ENOSPC);
	KUNIT_EXPECT_EQ(test, ilnp_id_format(buf, 8, 0xa), 7);
	KUNIT_EXPECT_EQ(test, ilnp_id_format(buf, ILNP_ID_STRLEN - 1, ~0ULL),
			-ENOSPC);
	KUNIT_EXPECT_EQ(test, ilnp_ilv_format(buf, ILNP_ILV_STRLEN - 1,
					      ~0ULL, ~0ULL), -ENOSPC);
}

/* Byte by byte, so a failure names the byte. (No KUNIT_EXPECT_MEMEQ in 6.1.) */
static void expect_group(struct kunit *test, const unsigned char *got,
			 const unsigned char *want)
{
	int i;

	for (i = 0; i < 16; i++)
		KUNIT_EXPECT_EQ_MSG(test, got[i], want[i], "byte %d", i);
}

/* The prototype's example: uid 1000, locator 0:0:0:a -> ff12:0:3e8:0:0:0:0:a */
static void ilnp_ilv_group_prototype_example(struct kunit *test)
{
	static const unsigned char want[16] = {
		0xff, 0x12, 0x00, 0x00, 0x03, 0xe8, 0x00, 0x00,
		0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x0a,
	};
	unsigned char grp[16];

	memset(grp, 0xaa, sizeof(grp));
	ilnp_locator_group(grp, 1000, 0xa);
	expect_group(test, grp, want);
}

static void ilnp_ilv_group_byte_order(struct kunit *test)
{
	static const unsigned char want[16] = {
		0xff, 0x12, 0x00, 0x00, 0xbe, 0xef, 0x00, 0x00,
		0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08,
	};
	unsigned char grp[16];

	memset(grp, 0xaa, sizeof(grp));
	ilnp_locator_group(grp, 0xbeef, 0x0102030405060708ULL);
	expect_group(test, grp, want);

	/* Default group id 0, highest locator. */
	ilnp_locator_group(grp, 0, ~0ULL);
	KUNIT_EXPECT_EQ(test, grp[0], 0xff);
	KUNIT_EXPECT_EQ(test, grp[1], 0x12);
	KUNIT_EXPECT_EQ(test, grp[4], 0);
	KUNIT_EXPECT_EQ(test, grp[5], 0);
	KUNIT_EXPECT_EQ(test, grp[8], 0xff);
	KUNIT_EXPECT_EQ(test, grp[15], 0xff);
}

static struct kunit_case ilnp_ilv_cases[] = {
	KUNIT_CASE(ilnp_ilv_id_round_trip),
	KUNIT_CASE(ilnp_ilv_id_rejects),
	KUNIT_CASE(ilnp_ilv_ilv_round_trip),
	KUNIT_CASE(ilnp_ilv_ilv_rejects),
	KUNIT_CASE(ilnp_ilv_format_too_small),
	KUNIT_CASE(ilnp_ilv_group_prototype_example),
	KUNIT_CASE(ilnp_ilv_group_byte_order),
	{}
};

static struct kunit_suite ilnp_ilv_suite = {
	.name = "ilnp_ilv",
	.test_cases = ilnp_ilv_cases,
};

kunit_test_suite(ilnp_ilv_suite);
