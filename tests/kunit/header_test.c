// SPDX-License-Identifier: GPL-2.0
/* KUnit suite ilnp_header: the inner ILNPv6 header, built and checked. */
#include <kunit/test.h>

#include "../../net/ilnp/ilnp.h"

#define SRC_LOC	0x000000000000000aULL
#define SRC_NID	0xffff00000000000aULL
#define DST_LOC	0x0102030405060708ULL
#define DST_NID	0x1112131415161718ULL

static void build(struct ilnp_hdr *hdr, unsigned int payload_len)
{
	ilnp_hdr_build(hdr, IPPROTO_ICMPV6, 3, payload_len, SRC_LOC, SRC_NID,
		       DST_LOC, DST_NID);
}

/* The layout on the wire, byte by byte. */
static void ilnp_header_build_layout(struct kunit *test)
{
	static const u8 want[ILNP_HDR_LEN] = {
		0x60, 0x00, 0x00, 0x00,	/* version 6, class 0, flow 0 */
		0x01, 0x02,		/* payload length 258 */
		58,			/* next header: ICMPv6 format */
		3,			/* hop limit */
		0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x0a,
		0xff, 0xff, 0x00, 0x00, 0x00, 0x00, 0x00, 0x0a,
		0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08,
		0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18,
	};
	struct ilnp_hdr hdr;
	const u8 *got = (const u8 *)&hdr;
	int i;

	KUNIT_ASSERT_EQ(test, sizeof(hdr), (size_t)40);
	memset(&hdr, 0xaa, sizeof(hdr));
	build(&hdr, 258);
	for (i = 0; i < ILNP_HDR_LEN; i++)
		KUNIT_EXPECT_EQ_MSG(test, got[i], want[i], "byte %d", i);
}

static void ilnp_header_round_trip(struct kunit *test)
{
	struct ilnp_hdr hdr;

	build(&hdr, 100);
	KUNIT_EXPECT_EQ(test, ilnp_hdr_check(&hdr, ILNP_HDR_LEN + 100), 0);
	KUNIT_EXPECT_EQ(test, be64_to_cpu(hdr.src.loc), SRC_LOC);
	KUNIT_EXPECT_EQ(test, be64_to_cpu(hdr.src.nid), SRC_NID);
	KUNIT_EXPECT_EQ(test, be64_to_cpu(hdr.dst.loc), DST_LOC);
	KUNIT_EXPECT_EQ(test, be64_to_cpu(hdr.dst.nid), DST_NID);
	KUNIT_EXPECT_EQ(test, hdr.nexthdr, IPPROTO_ICMPV6);
	KUNIT_EXPECT_EQ(test, hdr.hop_limit, 3);

	build(&hdr, 0);
	KUNIT_EXPECT_EQ(test, ilnp_hdr_check(&hdr, ILNP_HDR_LEN), 0);
}

static void ilnp_header_rejects_short(struct kunit *test)
{
	struct ilnp_hdr hdr;

	build(&hdr, 0);
	KUNIT_EXPECT_EQ(test, ilnp_hdr_check(&hdr, 0), ILNP_STAT_DROP_SHORT);
	KUNIT_EXPECT_EQ(test, ilnp_hdr_check(&hdr, ILNP_HDR_LEN - 1),
			ILNP_STAT_DROP_SHORT);
}

static void ilnp_header_rejects_version(struct kunit *test)
{
	static const u8 bad[] = { 0x00, 0x40, 0x70, 0xf0 };
	struct ilnp_hdr hdr;
	int i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		build(&hdr, 8);
		((u8 *)&hdr)[0] = bad[i];
		KUNIT_EXPECT_EQ_MSG(test, ilnp_hdr_check(&hdr, ILNP_HDR_LEN + 8),
				    ILNP_STAT_DROP_VERSION, "first byte %#x",
				    bad[i]);
	}
	/* Traffic class and flow label are not checked. */
	build(&hdr, 8);
	hdr.vtc_flow = htonl(0x6fffffff);
	KUNIT_EXPECT_EQ(test, ilnp_hdr_check(&hdr, ILNP_HDR_LEN + 8), 0);
}

static void ilnp_header_rejects_length(struct kunit *test)
{
	struct ilnp_hdr hdr;

	build(&hdr, 8);
	KUNIT_EXPECT_EQ(test, ilnp_hdr_check(&hdr, ILNP_HDR_LEN + 7),
			ILNP_STAT_DROP_LENGTH);
	KUNIT_EXPECT_EQ(test, ilnp_hdr_check(&hdr, ILNP_HDR_LEN + 9),
			ILNP_STAT_DROP_LENGTH);
	KUNIT_EXPECT_EQ(test, ilnp_hdr_check(&hdr, ILNP_HDR_LEN),
			ILNP_STAT_DROP_LENGTH);
	hdr.payload_len = htons(0xffff);
	KUNIT_EXPECT_EQ(test, ilnp_hdr_check(&hdr, ILNP_HDR_LEN + 8),
			ILNP_STAT_DROP_LENGTH);
}

static void ilnp_header_rejects_hop_limit_zero(struct kunit *test)
{
	struct ilnp_hdr hdr;

	build(&hdr, 8);
	hdr.hop_limit = 0;
	KUNIT_EXPECT_EQ(test, ilnp_hdr_check(&hdr, ILNP_HDR_LEN + 8),
			ILNP_STAT_DROP_HOP_LIMIT);
	hdr.hop_limit = 1;
	KUNIT_EXPECT_EQ(test, ilnp_hdr_check(&hdr, ILNP_HDR_LEN + 8), 0);
}

/* NID 0 (all nodes) and our own are no sender's: forged or looped. */
static void ilnp_header_rejects_bad_source_nid(struct kunit *test)
{
	struct ilnp_hdr hdr;

	build(&hdr, 8);
	KUNIT_EXPECT_FALSE(test, ilnp_src_nid_bad(&hdr, DST_NID));
	KUNIT_EXPECT_TRUE(test, ilnp_src_nid_bad(&hdr, SRC_NID));
	hdr.src.nid = 0;
	KUNIT_EXPECT_TRUE(test, ilnp_src_nid_bad(&hdr, DST_NID));
}

/* What is forwarded or flooded: one less, never above our own limit. */
static void ilnp_header_fwd_hop_limit_capped(struct kunit *test)
{
	struct ilnp_net *in = kunit_kzalloc(test, sizeof(*in), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, in);
	in->hop_limit = 3;
	KUNIT_EXPECT_EQ(test, ilnp_fwd_hop_limit(in, 255), 3);
	KUNIT_EXPECT_EQ(test, ilnp_fwd_hop_limit(in, 5), 3);
	KUNIT_EXPECT_EQ(test, ilnp_fwd_hop_limit(in, 4), 3);
	KUNIT_EXPECT_EQ(test, ilnp_fwd_hop_limit(in, 3), 2);
	KUNIT_EXPECT_EQ(test, ilnp_fwd_hop_limit(in, 2), 1);
	in->hop_limit = 255;
	KUNIT_EXPECT_EQ(test, ilnp_fwd_hop_limit(in, 255), 254);
}

static struct kunit_case ilnp_header_cases[] = {
	KUNIT_CASE(ilnp_header_build_layout),
	KUNIT_CASE(ilnp_header_round_trip),
	KUNIT_CASE(ilnp_header_rejects_short),
	KUNIT_CASE(ilnp_header_rejects_version),
	KUNIT_CASE(ilnp_header_rejects_length),
	KUNIT_CASE(ilnp_header_rejects_hop_limit_zero),
	KUNIT_CASE(ilnp_header_rejects_bad_source_nid),
	KUNIT_CASE(ilnp_header_fwd_hop_limit_capped),
	{}
};

static struct kunit_suite ilnp_header_suite = {
	.name = "ilnp_header",
	.test_cases = ilnp_header_cases,
};

kunit_test_suite(ilnp_header_suite);
