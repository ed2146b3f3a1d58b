// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite ilnp_proto: the prototype profile's translation
 * (net/ilnp/proto.c), both ways, against byte strings written from the
 * prototype's format (Documentation/protocol.rst, "The prototype
 * profile"), not made by the encoder under test; and what is refused.
 */
#include <kunit/test.h>
#include <linux/skbuff.h>

#include "../../net/ilnp/ilnp.h"

#define NOW		100000UL	/* jiffies, any */

/* A prototype packet from B (a, ffff:0:0:b) to A (a, ffff:0:0:a):
 * STP from port 5000 to 7, "hello".  Its first four bytes are not 0
 * and its payload length is wrong: the prototype ignores both.
 */
static const u8 proto_stp[] = {
	0x12, 0x34, 0x56, 0x78,	/* version/class/flow: ignored */
	0xff, 0xff,		/* payload length: never checked */
	42, 3,			/* next header STP, hop limit */
	0, 0, 0, 0, 0, 0, 0, 0x0a,		/* locator a */
	0xff, 0xff, 0, 0, 0, 0, 0, 0x0b,	/* ffff:0:0:b */
	0, 0, 0, 0, 0, 0, 0, 0x0a,		/* locator a */
	0xff, 0xff, 0, 0, 0, 0, 0, 0x0a,	/* ffff:0:0:a */
	0x13, 0x88, 0x00, 0x07,	/* ports 5000 -> 7 */
	'h', 'e', 'l', 'l', 'o',
};

/* The same datagram as the module sends it: nonce option, then STP
 * with length and checksum (the checksum's value is not checked here).
 */
static const u8 native_stp[] = {
	0x60, 0, 0, 0, 0, 21, 60, 3,
	0, 0, 0, 0, 0, 0, 0, 0x0a,		/* locator a */
	0xff, 0xff, 0, 0, 0, 0, 0, 0x0a,	/* ffff:0:0:a */
	0, 0, 0, 0, 0, 0, 0, 0x0a,		/* locator a */
	0xff, 0xff, 0, 0, 0, 0, 0, 0x0b,	/* ffff:0:0:b */
	17, 0, 0x8b, 4, 0xde, 0xad, 0xbe, 0xef,	/* nonce option */
	0x13, 0x88, 0x00, 0x07, 0, 13, 0x55, 0xaa,
	'h', 'e', 'l', 'l', 'o',
};

/* The prototype's solicitation from B, "bob", to all nodes. */
static const u8 proto_solicit[] = {
	0, 0, 0, 0, 0, 20, 43, 3,
	0, 0, 0, 0, 0, 0, 0, 0x0a,		/* locator a */
	0xff, 0xff, 0, 0, 0, 0, 0, 0x0b,	/* ffff:0:0:b */
	0xff, 0x02, 0, 0, 0, 0, 0, 0x01,	/* all nodes */
	0, 0, 0, 0, 0, 0, 0, 0,			/* NID 0 */
	0xff, 0xff, 0, 0, 0, 0, 0, 0x0b,	/* ffff:0:0:b */
	0, 0, 0, 0, 0, 0, 0, 0x0a,		/* locator a */
	1, 'b', 'o', 'b',
};

/* The offset of the first byte where @got and @want differ, or -1. */
static int first_diff(const void *got, const void *want, size_t n)
{
	const u8 *g = got, *w = want;
	size_t i;

	for (i = 0; i < n; i++)
		if (g[i] != w[i])
			return i;
	return -1;
}

/* KUNIT_EXPECT_MEMEQ is newer than some of our kernels. */
#define EXPECT_BYTES(test, got, want, n)				\
	KUNIT_EXPECT_EQ_MSG(test, first_diff(got, want, n), -1,		\
			    "first byte that differs")

static struct sk_buff *skb_of(struct kunit *test, const u8 *b,
			      unsigned int len)
{
	struct sk_buff *skb = alloc_skb(128 + len, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, skb);
	skb_reserve(skb, 128);
	skb_put_data(skb, b, len);
	return skb;
}

static void ilnp_proto_stp_to_native(struct kunit *test)
{
	static const u8 want[] = {
		0x60, 0, 0, 0, 0, 13, 17, 3,	/* version 6, length, STP */
		0, 0, 0, 0, 0, 0, 0, 0x0a,		/* locator a */
		0xff, 0xff, 0, 0, 0, 0, 0, 0x0b,		/* ffff:0:0:b */
		0, 0, 0, 0, 0, 0, 0, 0x0a,		/* locator a */
		0xff, 0xff, 0, 0, 0, 0, 0, 0x0a,		/* ffff:0:0:a */
		0x13, 0x88, 0x00, 0x07, 0, 13,	/* ports, STP length */
	};
	struct sk_buff *skb = skb_of(test, proto_stp, sizeof(proto_stp));
	const struct ilnp_hdr *hdr;
	__sum16 sum;

	KUNIT_ASSERT_EQ(test, ilnp_proto_to_native(skb, NOW), 0);
	KUNIT_ASSERT_EQ(test, skb->len, sizeof(want) + 2 + 5);
	EXPECT_BYTES(test, skb->data, want, sizeof(want));
	EXPECT_BYTES(test, skb->data + sizeof(want) + 2, "hello", 5);
	hdr = (const struct ilnp_hdr *)skb->data;
	/* As the native receive checks it: header, then STP checksum. */
	KUNIT_EXPECT_EQ(test, ilnp_hdr_check(hdr, skb->len), 0);
	KUNIT_EXPECT_NE(test, get_unaligned_be16(skb->data + 46), 0);
	sum = ilnp_stp_checksum(hdr, 13,
				csum_partial(skb->data + ILNP_HDR_LEN, 13, 0));
	KUNIT_EXPECT_EQ(test, (__force u16)sum, 0);
	kfree_skb(skb);
}

static void ilnp_proto_stp_from_native(struct kunit *test)
{
	static const u8 want[] = {
		0, 0, 0, 0, 0, 9, 42, 3,	/* version 0, length 4 + 5 */
		0, 0, 0, 0, 0, 0, 0, 0x0a,		/* locator a */
		0xff, 0xff, 0, 0, 0, 0, 0, 0x0a,		/* ffff:0:0:a */
		0, 0, 0, 0, 0, 0, 0, 0x0a,		/* locator a */
		0xff, 0xff, 0, 0, 0, 0, 0, 0x0b,		/* ffff:0:0:b */
		0x13, 0x88, 0x00, 0x07,
		'h', 'e', 'l', 'l', 'o',
	};
	struct sk_buff *skb = skb_of(test, native_stp, sizeof(native_stp));

	KUNIT_ASSERT_EQ(test, ilnp_proto_from_native(skb), 0);
	KUNIT_ASSERT_EQ(test, skb->len, sizeof(want));
	EXPECT_BYTES(test, skb->data, want, sizeof(want));
	kfree_skb(skb);
}

/* A clone shares its data: the translation must not write into it. */
static void ilnp_proto_clone_untouched(struct kunit *test)
{
	struct sk_buff *skb = skb_of(test, native_stp, sizeof(native_stp));
	struct sk_buff *clone = skb_clone(skb, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, clone);
	KUNIT_ASSERT_EQ(test, ilnp_proto_from_native(clone), 0);
	KUNIT_EXPECT_EQ(test, clone->data[6], 42);
	EXPECT_BYTES(test, skb->data, native_stp, sizeof(native_stp));
	kfree_skb(clone);
	kfree_skb(skb);
}

static void ilnp_proto_disc_to_native(struct kunit *test)
{
	static const u8 want_hdr[] = {
		0x60, 0, 0, 0, 0, 43, 58, 3,	/* 24 + 16 + 3, ICMPv6 */
		0, 0, 0, 0, 0, 0, 0, 0x0a,		/* locator a */
		0xff, 0xff, 0, 0, 0, 0, 0, 0x0b,		/* ffff:0:0:b */
		0xff, 0x02, 0, 0, 0, 0, 0, 0x01,		/* all nodes */
		0, 0, 0, 0, 0, 0, 0, 0,			/* NID 0 */
		200, 0,				/* solicitation, code */
	};
	static const u8 want_body[] = {
		0, 0, 1, 3,			/* reserved, 1 locator, "bob" */
		0xff, 0xff, 0, 0, 0, 0, 0, 0x0b,		/* ffff:0:0:b */
	};
	static const u8 want_tail[] = {
		0, 0, 0, 0,			/* reserved */
		0, 0, 0, 0, 0, 0, 0, 0x0a,		/* locator a */
		0, 0, 0, 0, 0, 0, 0, 90, /* pref 0, 90 s */
		'b', 'o', 'b',
	};
	struct sk_buff *skb = skb_of(test, proto_solicit,
				     sizeof(proto_solicit));
	const struct ilnp_hdr *hdr;
	struct ilnp_disc_msg m;
	__sum16 sum;

	KUNIT_ASSERT_EQ(test, ilnp_proto_to_native(skb, NOW), 0);
	KUNIT_ASSERT_EQ(test, skb->len, ILNP_HDR_LEN + 43);
	EXPECT_BYTES(test, skb->data, want_hdr, sizeof(want_hdr));
	EXPECT_BYTES(test, skb->data + 44, want_body, sizeof(want_body));
	EXPECT_BYTES(test, skb->data + 60, want_tail, sizeof(want_tail));
	hdr = (const struct ilnp_hdr *)skb->data;
	KUNIT_EXPECT_EQ(test, ilnp_hdr_check(hdr, skb->len), 0);
	sum = ilnp_icmp_checksum(hdr, 43,
				 csum_partial(skb->data + ILNP_HDR_LEN, 43, 0));
	KUNIT_EXPECT_EQ(test, (__force u16)sum, 0);
	KUNIT_EXPECT_EQ(test, ilnp_disc_decode(skb->data + ILNP_HDR_LEN, 43,
					       &m), 0);
	KUNIT_EXPECT_STREQ(test, m.hostname, "bob");
	kfree_skb(skb);
}

/* The flag: 0 an advertisement, anything else a solicitation (the
 * prototype reads it as a Python bool).
 */
static void ilnp_proto_disc_flag(struct kunit *test)
{
	static const u8 flags[] = { 0, 1, 2, 0xff };
	static const u8 types[] = { 201, 200, 200, 200 };
	u8 b[sizeof(proto_solicit)];
	struct sk_buff *skb;
	int i;

	for (i = 0; i < ARRAY_SIZE(flags); i++) {
		memcpy(b, proto_solicit, sizeof(b));
		b[40 + 16] = flags[i];
		skb = skb_of(test, b, sizeof(b));
		KUNIT_ASSERT_EQ(test, ilnp_proto_to_native(skb, NOW), 0);
		KUNIT_EXPECT_EQ(test, skb->data[ILNP_HDR_LEN], types[i]);
		kfree_skb(skb);
	}
}

/* The flood sequence number of a prototype message, at offset 16 of
 * the native one: the same for a copy heard in the same window (hop
 * limit spent differently), different for a later message.
 */
static u32 disc_seq_of(struct kunit *test, u8 hop_limit, unsigned long now)
{
	u8 b[sizeof(proto_solicit)];
	struct sk_buff *skb;
	u32 seq;

	memcpy(b, proto_solicit, sizeof(b));
	b[7] = hop_limit;
	skb = skb_of(test, b, sizeof(b));
	KUNIT_EXPECT_EQ(test, ilnp_proto_to_native(skb, now), 0);
	seq = get_unaligned_be32(skb->data + ILNP_HDR_LEN + 16);
	kfree_skb(skb);
	return seq;
}

static void ilnp_proto_disc_seq(struct kunit *test)
{
	u32 first = disc_seq_of(test, 3, NOW);

	KUNIT_EXPECT_EQ(test, disc_seq_of(test, 2, NOW), first);
	KUNIT_EXPECT_NE(test, disc_seq_of(test, 3,
					  NOW + 10 * ILNP_PROTO_DUP_WINDOW_S * HZ),
			first);
}

/* A native advertisement of two locators, b preferred (5 < 10). */
static const u8 native_advert[] = {
	0x60, 0, 0, 0, 0, 59, 58, 3,
	0, 0, 0, 0, 0, 0, 0, 0x0a,		/* locator a */
	0xff, 0xff, 0, 0, 0, 0, 0, 0x0a,	/* ffff:0:0:a */
	0xff, 0x02, 0, 0, 0, 0, 0, 0x01,	/* all nodes */
	0, 0, 0, 0, 0, 0, 0, 0,			/* NID 0 */
	201, 0, 0x12, 0x34, 0, 0, 2, 3,
	0xff, 0xff, 0, 0, 0, 0, 0, 0x0a,	/* ffff:0:0:a */
	0, 0, 0, 7, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0x0a,		/* locator a */
	0, 10, 0, 0, 0, 0, 0, 90,
	0, 0, 0, 0, 0, 0, 0, 0x0b,		/* locator b */
	0, 5, 0, 0, 0, 0, 0, 90,
	'm', 'n', '1',
};

static void ilnp_proto_disc_from_native(struct kunit *test)
{
	static const u8 want[] = {
		0, 0, 0, 0, 0, 20, 43, 3,
		0, 0, 0, 0, 0, 0, 0, 0x0a,		/* locator a */
		0xff, 0xff, 0, 0, 0, 0, 0, 0x0a,		/* ffff:0:0:a */
		0xff, 0x02, 0, 0, 0, 0, 0, 0x01,		/* all nodes */
		0, 0, 0, 0, 0, 0, 0, 0,			/* NID 0 */
		0xff, 0xff, 0, 0, 0, 0, 0, 0x0a,		/* ffff:0:0:a */
		0, 0, 0, 0, 0, 0, 0, 0x0a,		/* locator a */
		0, 'm', 'n', '1', /* the locator sent from */
	};
	static const u8 loc_b_flag0[] = { 0, 0, 0, 0, 0, 0, 0, 0x0b, 0 };
	u8 b[sizeof(native_advert)];
	struct sk_buff *skb;

	skb = skb_of(test, native_advert, sizeof(native_advert));
	KUNIT_ASSERT_EQ(test, ilnp_proto_from_native(skb), 0);
	KUNIT_ASSERT_EQ(test, skb->len, sizeof(want));
	EXPECT_BYTES(test, skb->data, want, sizeof(want));
	kfree_skb(skb);

	/* Sent from a locator it does not list (flooded on by a router
	 * is not that, but a soft handoff's old one is): the preferred.
	 */
	memcpy(b, native_advert, sizeof(b));
	b[15] = 0x0c;
	skb = skb_of(test, b, sizeof(b));
	KUNIT_ASSERT_EQ(test, ilnp_proto_from_native(skb), 0);
	EXPECT_BYTES(test, skb->data + ILNP_HDR_LEN + 8,
		     loc_b_flag0, sizeof(loc_b_flag0));
	kfree_skb(skb);
}

static void ilnp_proto_disc_codec(struct kunit *test)
{
	static const u8 msg[] = {
		0xff, 0xff, 0, 0, 0, 0, 0, 0x0b,	/* NID */
		0, 0, 0, 0, 0, 0, 0, 0x0a,		/* locator a */
		1, 'b', 'o', 'b',			/* solicitation */
	};
	struct ilnp_proto_disc d;
	u8 buf[64];

	KUNIT_ASSERT_EQ(test, ilnp_proto_disc_decode(msg, sizeof(msg), &d), 0);
	KUNIT_EXPECT_EQ(test, d.nid, 0xffff00000000000bULL);
	KUNIT_EXPECT_EQ(test, d.loc, 0xaULL);
	KUNIT_EXPECT_TRUE(test, d.solicit);
	KUNIT_EXPECT_STREQ(test, d.hostname, "bob");
	KUNIT_EXPECT_EQ(test, ilnp_proto_disc_encode(&d, buf, sizeof(buf)),
			(int)sizeof(msg));
	EXPECT_BYTES(test, buf, msg, sizeof(msg));
	KUNIT_EXPECT_EQ(test, ilnp_proto_disc_encode(&d, buf, 19), -EINVAL);
	/* No hostname is a hostname (the prototype's default is none). */
	KUNIT_EXPECT_EQ(test, ilnp_proto_disc_decode(msg, 17, &d), 0);
	KUNIT_EXPECT_EQ(test, d.hostname_len, 0);
	KUNIT_EXPECT_EQ(test, ilnp_proto_disc_decode(msg, 16, &d), -EINVAL);
}

/* Received: what the prototype would not have sent, each counted. */
static void ilnp_proto_rx_rejects(struct kunit *test)
{
	static const u8 bad_name[] = {
		0, 0, 0, 0, 0, 20, 43, 3,
		0, 0, 0, 0, 0, 0, 0, 0x0a,		/* locator a */
		0xff, 0xff, 0, 0, 0, 0, 0, 0x0b,		/* ffff:0:0:b */
		0xff, 0x02, 0, 0, 0, 0, 0, 0x01,		/* all nodes */
		0, 0, 0, 0, 0, 0, 0, 0,			/* NID 0 */
		0xff, 0xff, 0, 0, 0, 0, 0, 0x0b,		/* ffff:0:0:b */
		0, 0, 0, 0, 0, 0, 0, 0x0a,		/* locator a */
		1, 'b', '_', 'b',
	};
	static const u8 nid0[] = {
		0, 0, 0, 0, 0, 20, 43, 3,
		0, 0, 0, 0, 0, 0, 0, 0x0a,		/* locator a */
		0xff, 0xff, 0, 0, 0, 0, 0, 0x0b,		/* ffff:0:0:b */
		0xff, 0x02, 0, 0, 0, 0, 0, 0x01,		/* all nodes */
		0, 0, 0, 0, 0, 0, 0, 0,			/* NID 0 */
		0, 0, 0, 0, 0, 0, 0, 0,			/* NID 0 */
		0, 0, 0, 0, 0, 0, 0, 0x0a,		/* locator a */
		1, 'b', 'o', 'b',
	};
	u8 b[sizeof(proto_stp)];
	struct sk_buff *skb;

	/* Shorter than the header. */
	skb = skb_of(test, proto_stp, ILNP_HDR_LEN - 1);
	KUNIT_EXPECT_EQ(test, ilnp_proto_to_native(skb, NOW),
			ILNP_STAT_DROP_SHORT);
	kfree_skb(skb);
	/* STP without its ports. */
	skb = skb_of(test, proto_stp, ILNP_HDR_LEN + 3);
	KUNIT_EXPECT_EQ(test, ilnp_proto_to_native(skb, NOW),
			ILNP_STAT_DROP_MALFORMED);
	kfree_skb(skb);
	/* Discovery without its flag. */
	skb = skb_of(test, proto_solicit, ILNP_HDR_LEN + 16);
	KUNIT_EXPECT_EQ(test, ilnp_proto_to_native(skb, NOW),
			ILNP_STAT_DROP_MALFORMED);
	kfree_skb(skb);
	skb = skb_of(test, bad_name, sizeof(bad_name));
	KUNIT_EXPECT_EQ(test, ilnp_proto_to_native(skb, NOW),
			ILNP_STAT_DROP_MALFORMED);
	kfree_skb(skb);
	skb = skb_of(test, nid0, sizeof(nid0));
	KUNIT_EXPECT_EQ(test, ilnp_proto_to_native(skb, NOW),
			ILNP_STAT_DROP_MALFORMED);
	kfree_skb(skb);
	/* Next headers the prototype has not: 45, and a native one. */
	memcpy(b, proto_stp, sizeof(b));
	b[6] = 45;
	skb = skb_of(test, b, sizeof(b));
	KUNIT_EXPECT_EQ(test, ilnp_proto_to_native(skb, NOW),
			ILNP_STAT_DROP_NEXT_HEADER);
	kfree_skb(skb);
	b[6] = 17;
	skb = skb_of(test, b, sizeof(b));
	KUNIT_EXPECT_EQ(test, ilnp_proto_to_native(skb, NOW),
			ILNP_STAT_DROP_NEXT_HEADER);
	kfree_skb(skb);
}

/* Sent: what the prototype has no form for is not sent. */
static void ilnp_proto_tx_untranslatable(struct kunit *test)
{
	static const u8 echo[] = {
		0x60, 0, 0, 0, 0, 8, 58, 3,
		0, 0, 0, 0, 0, 0, 0, 0x0a,		/* locator a */
		0xff, 0xff, 0, 0, 0, 0, 0, 0x0a,		/* ffff:0:0:a */
		0, 0, 0, 0, 0, 0, 0, 0x0a,		/* locator a */
		0xff, 0xff, 0, 0, 0, 0, 0, 0x0b,		/* ffff:0:0:b */
		128, 0, 0, 0, 0, 1, 0, 1,
	};
	static const u8 identity[] = {
		0x60, 0, 0, 0, 0, 8, 253, 3,
		0, 0, 0, 0, 0, 0, 0, 0x0a,		/* locator a */
		0xff, 0xff, 0, 0, 0, 0, 0, 0x0a,		/* ffff:0:0:a */
		0, 0, 0, 0, 0, 0, 0, 0x0a,		/* locator a */
		0xff, 0xff, 0, 0, 0, 0, 0, 0x0b,		/* ffff:0:0:b */
		6, 0, 0, 0, 0, 0, 0, 0,
	};
	/* ICMPv6-format types: echo reply, locator solicitation and
	 * advertisement.
	 */
	static const u8 types[] = { 129, 202, 203 };
	u8 b[sizeof(echo)];
	struct sk_buff *skb;
	int i;

	skb = skb_of(test, echo, sizeof(echo));
	KUNIT_EXPECT_EQ(test, ilnp_proto_from_native(skb),
			ILNP_STAT_PROTO_UNTRANSLATABLE);
	kfree_skb(skb);
	for (i = 0; i < ARRAY_SIZE(types); i++) {
		memcpy(b, echo, sizeof(b));
		b[ILNP_HDR_LEN] = types[i];
		skb = skb_of(test, b, sizeof(b));
		KUNIT_EXPECT_EQ(test, ilnp_proto_from_native(skb),
				ILNP_STAT_PROTO_UNTRANSLATABLE);
		kfree_skb(skb);
	}
	skb = skb_of(test, identity, sizeof(identity));
	KUNIT_EXPECT_EQ(test, ilnp_proto_from_native(skb),
			ILNP_STAT_PROTO_UNTRANSLATABLE);
	kfree_skb(skb);
}

/* Our locator update: b (preference 10), c (5), d (withdrawn). */
static const u8 native_lu[] = {
	0x60, 0, 0, 0, 0, 52, 60, 3,
	0, 0, 0, 0, 0, 0, 0, 0x0a,		/* old locator a */
	0xff, 0xff, 0, 0, 0, 0, 0, 0x0a,	/* ffff:0:0:a */
	0, 0, 0, 0, 0, 0, 0, 0x0b,		/* correspondent's locator */
	0xff, 0xff, 0, 0, 0, 0, 0, 0x0b,	/* ffff:0:0:b */
	58, 0, 0x8b, 4, 1, 2, 3, 4,		/* nonce option */
	156, 0, 0x12, 0x34, 3, 1, 0, 9,		/* 3 locators, update, seq 9 */
	0, 0, 0, 0, 0, 0, 0, 0x0b, 0, 10, 0, 90,
	0, 0, 0, 0, 0, 0, 0, 0x0c, 0, 5, 0, 90,
	0, 0, 0, 0, 0, 0, 0, 0x0d, 0, 1, 0, 0,
};

static void ilnp_proto_lu_from_native(struct kunit *test)
{
	static const u8 want[] = {
		0, 0, 0, 0, 0, 17, 44, 3,	/* 1 + 2 x 8 bytes */
		0, 0, 0, 0, 0, 0, 0, 0x0a,
		0xff, 0xff, 0, 0, 0, 0, 0, 0x0a,
		0, 0, 0, 0, 0, 0, 0, 0x0b,
		0xff, 0xff, 0, 0, 0, 0, 0, 0x0b,
		0x01,				/* update */
		0, 0, 0, 0, 0, 0, 0, 0x0c,	/* preferred first */
		0, 0, 0, 0, 0, 0, 0, 0x0b,
	};
	static const u8 want_ack[] = { 0, 0, 0, 0, 0, 1, 44, 3 };
	u8 b[sizeof(native_lu)];
	struct sk_buff *skb;

	skb = skb_of(test, native_lu, sizeof(native_lu));
	KUNIT_ASSERT_EQ(test, ilnp_proto_from_native(skb), 0);
	KUNIT_ASSERT_EQ(test, skb->len, sizeof(want));
	EXPECT_BYTES(test, skb->data, want, sizeof(want));
	kfree_skb(skb);

	/* The ack: one byte 0x00, whatever it repeats. */
	memcpy(b, native_lu, sizeof(b));
	b[ILNP_HDR_LEN + 8 + 5] = 2;
	skb = skb_of(test, b, sizeof(b));
	KUNIT_ASSERT_EQ(test, ilnp_proto_from_native(skb), 0);
	KUNIT_ASSERT_EQ(test, skb->len, ILNP_HDR_LEN + 1);
	EXPECT_BYTES(test, skb->data, want_ack, sizeof(want_ack));
	KUNIT_EXPECT_EQ(test, skb->data[ILNP_HDR_LEN], 0);
	kfree_skb(skb);

	/* Every locator withdrawn: nothing the prototype could take. */
	memcpy(b, native_lu, sizeof(b));
	b[ILNP_HDR_LEN + 16 + 11] = 0;
	b[ILNP_HDR_LEN + 16 + 12 + 11] = 0;
	skb = skb_of(test, b, sizeof(b));
	KUNIT_EXPECT_EQ(test, ilnp_proto_from_native(skb),
			ILNP_STAT_PROTO_UNTRANSLATABLE);
	kfree_skb(skb);
}

/* The prototype's update from B: its new set, e then a. */
static const u8 proto_lu[] = {
	0, 0, 0, 0, 0, 17, 44, 3,
	0, 0, 0, 0, 0, 0, 0, 0x0a,		/* old locator a */
	0xff, 0xff, 0, 0, 0, 0, 0, 0x0b,	/* ffff:0:0:b */
	0, 0, 0, 0, 0, 0, 0, 0x0a,
	0xff, 0xff, 0, 0, 0, 0, 0, 0x0a,	/* ffff:0:0:a */
	0x01,					/* update */
	0, 0, 0, 0, 0, 0, 0, 0x0e,
	0, 0, 0, 0, 0, 0, 0, 0x0a,
};

static void ilnp_proto_lu_to_native(struct kunit *test)
{
	static const u8 want[] = {
		0x60, 0, 0, 0, 0, 32, 58, 3,	/* 8 + 2 x 12 bytes */
		0, 0, 0, 0, 0, 0, 0, 0x0a,
		0xff, 0xff, 0, 0, 0, 0, 0, 0x0b,
		0, 0, 0, 0, 0, 0, 0, 0x0a,
		0xff, 0xff, 0, 0, 0, 0, 0, 0x0a,
		156, 0,				/* then the checksum */
	};
	static const u8 want_locs[] = {
		2, 1, 0, 0,			/* 2 locators, update, seq 0 */
		0, 0, 0, 0, 0, 0, 0, 0x0e, 0, 0, 0xff, 0xff,
		0, 0, 0, 0, 0, 0, 0, 0x0a, 0, 1, 0xff, 0xff,
	};
	static const u8 want_ack[] = {
		1, 2, 0, 0,			/* 1 locator, ack, seq 0 */
		0, 0, 0, 0, 0, 0, 0, 0x0a, 0, 0, 0xff, 0xff,
	};
	u8 b[sizeof(proto_lu)];
	struct sk_buff *skb;
	__sum16 sum;

	skb = skb_of(test, proto_lu, sizeof(proto_lu));
	KUNIT_ASSERT_EQ(test, ilnp_proto_to_native(skb, NOW), 0);
	KUNIT_ASSERT_EQ(test, skb->len, ILNP_HDR_LEN + 32);
	EXPECT_BYTES(test, skb->data, want, sizeof(want));
	EXPECT_BYTES(test, skb->data + 44, want_locs, sizeof(want_locs));
	sum = ilnp_icmp_checksum((const struct ilnp_hdr *)skb->data, 32,
				 csum_partial(skb->data + ILNP_HDR_LEN, 32, 0));
	KUNIT_EXPECT_EQ(test, (__force u16)sum, 0);
	kfree_skb(skb);

	/* The ack, one byte 0: it names the locator it came from. */
	memcpy(b, proto_lu, sizeof(b));
	b[ILNP_HDR_LEN] = 0;
	skb = skb_of(test, b, ILNP_HDR_LEN + 1);
	KUNIT_ASSERT_EQ(test, ilnp_proto_to_native(skb, NOW), 0);
	KUNIT_ASSERT_EQ(test, skb->len, ILNP_HDR_LEN + 20);
	EXPECT_BYTES(test, skb->data + 44, want_ack, sizeof(want_ack));
	kfree_skb(skb);

	/* Refused: no byte, an unknown one, no locator, a piece of one. */
	skb = skb_of(test, proto_lu, ILNP_HDR_LEN);
	KUNIT_EXPECT_EQ(test, ilnp_proto_to_native(skb, NOW),
			ILNP_STAT_DROP_MALFORMED);
	kfree_skb(skb);
	b[ILNP_HDR_LEN] = 2;
	skb = skb_of(test, b, sizeof(b));
	KUNIT_EXPECT_EQ(test, ilnp_proto_to_native(skb, NOW),
			ILNP_STAT_DROP_MALFORMED);
	kfree_skb(skb);
	skb = skb_of(test, proto_lu, ILNP_HDR_LEN + 1);
	KUNIT_EXPECT_EQ(test, ilnp_proto_to_native(skb, NOW),
			ILNP_STAT_DROP_MALFORMED);
	kfree_skb(skb);
	skb = skb_of(test, proto_lu, sizeof(proto_lu) - 1);
	KUNIT_EXPECT_EQ(test, ilnp_proto_to_native(skb, NOW),
			ILNP_STAT_DROP_MALFORMED);
	kfree_skb(skb);
}

static struct kunit_case ilnp_proto_cases[] = {
	KUNIT_CASE(ilnp_proto_stp_to_native),
	KUNIT_CASE(ilnp_proto_stp_from_native),
	KUNIT_CASE(ilnp_proto_clone_untouched),
	KUNIT_CASE(ilnp_proto_disc_to_native),
	KUNIT_CASE(ilnp_proto_disc_flag),
	KUNIT_CASE(ilnp_proto_disc_seq),
	KUNIT_CASE(ilnp_proto_disc_from_native),
	KUNIT_CASE(ilnp_proto_disc_codec),
	KUNIT_CASE(ilnp_proto_rx_rejects),
	KUNIT_CASE(ilnp_proto_tx_untranslatable),
	KUNIT_CASE(ilnp_proto_lu_from_native),
	KUNIT_CASE(ilnp_proto_lu_to_native),
	{}
};

static struct kunit_suite ilnp_proto_suite = {
	.name = "ilnp_proto",
	.test_cases = ilnp_proto_cases,
};

kunit_test_suites(&ilnp_proto_suite);
