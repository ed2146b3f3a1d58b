// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suites ilnp_stp (the STP checksum) and ilnp_port (port
 * allocation, through kernel AF_ILNP sockets in init_net).
 */
#include <kunit/test.h>
#include <linux/net.h>
#include <net/sock.h>

#include "../../net/ilnp/ilnp.h"

#define STP_DATA_LEN	11	/* odd: the checksum pads the last byte */

struct stp_packet {
	struct ilnp_hdr hdr;
	struct ilnp_stphdr stp;
	u8 data[STP_DATA_LEN];
} __packed;

static void stp_build(struct stp_packet *p)
{
	unsigned int len = sizeof(p->stp) + sizeof(p->data);
	int i;

	ilnp_hdr_build(&p->hdr, IPPROTO_UDP, 3, len, 0xaULL,
		       0xffff00000000000aULL, 0xbULL, 0xffff00000000000bULL);
	p->stp.source = htons(40000);
	p->stp.dest = htons(7);
	p->stp.len = htons(len);
	p->stp.check = 0;
	for (i = 0; i < sizeof(p->data); i++)
		p->data[i] = 0x30 + i;
	p->stp.check = ilnp_stp_checksum(&p->hdr, len,
					 csum_partial(&p->stp, len, 0));
}

/* 0 when @p checks out, as the receiver computes it. */
static __sum16 stp_verify(const struct stp_packet *p)
{
	unsigned int len = sizeof(p->stp) + sizeof(p->data);

	return ilnp_stp_checksum(&p->hdr, len, csum_partial(&p->stp, len, 0));
}

/* RFC 1071 one's complement sum, written out independently of the
 * kernel's csum helpers: pseudo-header (zero locators, both NIDs,
 * length, next header 17), then header and data.
 */
static u16 stp_reference(const struct stp_packet *p)
{
	unsigned int len = sizeof(p->stp) + sizeof(p->data), i;
	const u8 *b = (const u8 *)&p->stp;
	const u8 *sn = (const u8 *)&p->hdr.src.nid;
	const u8 *dn = (const u8 *)&p->hdr.dst.nid;
	u32 sum = 0;

	for (i = 0; i < 8; i += 2)
		sum += (sn[i] << 8 | sn[i + 1]) + (dn[i] << 8 | dn[i + 1]);
	sum += len + IPPROTO_UDP;
	for (i = 0; i + 1 < len; i += 2)
		if (i != offsetof(struct ilnp_stphdr, check))
			sum += b[i] << 8 | b[i + 1];
	if (len & 1)
		sum += b[len - 1] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return ~sum & 0xffff;
}

static void ilnp_stp_checksum_reference(struct kunit *test)
{
	struct stp_packet p;

	stp_build(&p);
	KUNIT_EXPECT_EQ(test, ntohs((__force __be16)p.stp.check),
			stp_reference(&p));
	KUNIT_EXPECT_EQ(test, (__force u16)stp_verify(&p), 0);
}

/* RFC 6741: the transport binds to identifiers; a move keeps it valid. */
static void ilnp_stp_checksum_ignores_locators(struct kunit *test)
{
	struct stp_packet p;

	stp_build(&p);
	p.hdr.src.loc = cpu_to_be64(0x1234567890abcdefULL);
	p.hdr.dst.loc = cpu_to_be64(0xff02000000000001ULL);
	KUNIT_EXPECT_EQ(test, (__force u16)stp_verify(&p), 0);
}

static void ilnp_stp_checksum_covers_nids(struct kunit *test)
{
	struct stp_packet p;

	stp_build(&p);
	p.hdr.src.nid = cpu_to_be64(0xffff00000000000cULL);
	KUNIT_EXPECT_NE(test, (__force u16)stp_verify(&p), 0);
	stp_build(&p);
	p.hdr.dst.nid = cpu_to_be64(0xffff00000000000cULL);
	KUNIT_EXPECT_NE(test, (__force u16)stp_verify(&p), 0);
}

static void ilnp_stp_checksum_covers_data(struct kunit *test)
{
	struct stp_packet p;

	stp_build(&p);
	p.data[STP_DATA_LEN - 1] ^= 0x01;
	KUNIT_EXPECT_NE(test, (__force u16)stp_verify(&p), 0);
	stp_build(&p);
	p.stp.dest = htons(8);
	KUNIT_EXPECT_NE(test, (__force u16)stp_verify(&p), 0);
}

static struct kunit_case ilnp_stp_cases[] = {
	KUNIT_CASE(ilnp_stp_checksum_reference),
	KUNIT_CASE(ilnp_stp_checksum_ignores_locators),
	KUNIT_CASE(ilnp_stp_checksum_covers_nids),
	KUNIT_CASE(ilnp_stp_checksum_covers_data),
	{}
};

static struct kunit_suite ilnp_stp_suite = {
	.name = "ilnp_stp",
	.test_cases = ilnp_stp_cases,
};

/* ilnp_port: sockets in init_net (the loaded module's node). */

static struct socket *port_sock(struct kunit *test)
{
	struct socket *sock;

	KUNIT_ASSERT_EQ(test, sock_create_kern(&init_net, ilnp_af_family(),
					       SOCK_DGRAM, 0, &sock), 0);
	return sock;
}

static int port_bind(struct socket *sock, u16 port)
{
	struct sockaddr_ilnp sa = {
		.silnp_family = ilnp_af_family(),
		.silnp_port = htons(port),
	};

	return kernel_bind(sock, (struct sockaddr *)&sa, sizeof(sa));
}

static u16 port_of(struct kunit *test, struct socket *sock)
{
	struct sockaddr_ilnp sa;

	KUNIT_ASSERT_EQ(test, kernel_getsockname(sock, (struct sockaddr *)&sa),
			(int)sizeof(sa));
	return ntohs(sa.silnp_port);
}

static void ilnp_port_ephemeral_in_range(struct kunit *test)
{
	struct socket *a = port_sock(test), *b = port_sock(test);
	u16 pa, pb;

	KUNIT_EXPECT_EQ(test, port_bind(a, 0), 0);
	KUNIT_EXPECT_EQ(test, port_bind(b, 0), 0);
	pa = port_of(test, a);
	pb = port_of(test, b);
	KUNIT_EXPECT_GE(test, pa, ILNP_PORT_EPHEMERAL_MIN);
	KUNIT_EXPECT_LE(test, pa, ILNP_PORT_EPHEMERAL_MAX);
	KUNIT_EXPECT_GE(test, pb, ILNP_PORT_EPHEMERAL_MIN);
	KUNIT_EXPECT_LE(test, pb, ILNP_PORT_EPHEMERAL_MAX);
	KUNIT_EXPECT_NE(test, pa, pb);
	sock_release(a);
	sock_release(b);
}

static void ilnp_port_conflict(struct kunit *test)
{
	struct socket *a = port_sock(test), *b = port_sock(test);

	KUNIT_EXPECT_EQ(test, port_bind(a, 5000), 0);
	KUNIT_EXPECT_EQ(test, port_of(test, a), 5000);
	KUNIT_EXPECT_EQ(test, port_bind(b, 5000), -EADDRINUSE);
	KUNIT_EXPECT_EQ(test, port_of(test, b), 0);
	KUNIT_EXPECT_EQ(test, port_bind(b, 5001), 0);
	/* Bound once is bound for good. */
	KUNIT_EXPECT_EQ(test, port_bind(a, 5002), -EINVAL);
	KUNIT_EXPECT_EQ(test, port_of(test, a), 5000);
	sock_release(a);
	sock_release(b);
}

static void ilnp_port_freed_on_close(struct kunit *test)
{
	struct socket *a = port_sock(test), *b = port_sock(test);

	KUNIT_EXPECT_EQ(test, port_bind(a, 5003), 0);
	sock_release(a);
	KUNIT_EXPECT_EQ(test, port_bind(b, 5003), 0);
	sock_release(b);
}

static void ilnp_port_rejects_bad_address(struct kunit *test)
{
	struct socket *a = port_sock(test);
	struct sockaddr_ilnp sa = { .silnp_family = ilnp_af_family() };

	KUNIT_EXPECT_EQ(test, kernel_bind(a, (struct sockaddr *)&sa,
					  sizeof(sa) - 1), -EINVAL);
	sa.silnp_family = AF_INET6;
	KUNIT_EXPECT_EQ(test, kernel_bind(a, (struct sockaddr *)&sa,
					  sizeof(sa)), -EAFNOSUPPORT);
	sa.silnp_family = ilnp_af_family();
	sa.silnp_flags = 1;
	KUNIT_EXPECT_EQ(test, kernel_bind(a, (struct sockaddr *)&sa,
					  sizeof(sa)), -EINVAL);
	sa.silnp_flags = 0;
	/* A locator this node does not have. */
	sa.silnp_addr.loc = cpu_to_be64(0x77);
	KUNIT_EXPECT_EQ(test, kernel_bind(a, (struct sockaddr *)&sa,
					  sizeof(sa)), -EADDRNOTAVAIL);
	KUNIT_EXPECT_EQ(test, port_of(test, a), 0);
	sock_release(a);
}

static struct kunit_case ilnp_port_cases[] = {
	KUNIT_CASE(ilnp_port_ephemeral_in_range),
	KUNIT_CASE(ilnp_port_conflict),
	KUNIT_CASE(ilnp_port_freed_on_close),
	KUNIT_CASE(ilnp_port_rejects_bad_address),
	{}
};

static struct kunit_suite ilnp_port_suite = {
	.name = "ilnp_port",
	.test_cases = ilnp_port_cases,
};

kunit_test_suites(&ilnp_stp_suite, &ilnp_port_suite);
