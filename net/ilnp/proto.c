// SPDX-License-Identifier: GPL-2.0
/*
 * The prototype profile: a device created with IFLA_ILNP_PROFILE 1
 * speaks the 2021 Python prototype's wire.  What arrives on it is
 * rewritten into the equivalent native packet before ilnp_input() sees
 * it, and what leaves by it is rewritten back just before the underlay
 * (underlay.c), so forwarding, discovery and sockets work unchanged.
 *
 * Both headers are 40 bytes with the I-LVs at the same offsets; the
 * prototype's version field is 0 (ignored on receive, as it does), its
 * payload length is never checked (recomputed here) and its next
 * headers are 42 (STP), 43 (discovery) and 44 (locator update).  What
 * the prototype has no form for is not sent (proto_untranslatable);
 * the nonce option is taken off, the prototype has none.
 * Documentation/protocol.rst, "The prototype profile", has the bytes
 * and every choice.
 */
#include <linux/jhash.h>
#include <linux/skbuff.h>
#include <net/ip6_checksum.h>

#include "ilnp.h"

/* Native discovery with the one locator a prototype message carries. */
#define NATIVE_DISC_ONE_LEN	(sizeof(struct ilnp_disc_hdr) + \
				 sizeof(struct ilnp_disc_wire_loc))

/* Read the @len bytes of a prototype discovery message: 0, or -EINVAL.
 * Lenient as the prototype: any non-zero flag is a solicitation.  The
 * hostname must be one we could send (ilnp_hostname_valid()).
 */
int ilnp_proto_disc_decode(const void *buf, size_t len,
			   struct ilnp_proto_disc *d)
{
	const u8 *p = buf;
	size_t hlen;

	if (len < ILNP_PROTO_DISC_LEN)
		return -EINVAL;
	hlen = len - ILNP_PROTO_DISC_LEN;
	if (!ilnp_hostname_valid((const char *)p + ILNP_PROTO_DISC_LEN, hlen))
		return -EINVAL;
	d->nid = get_unaligned_be64(p);
	d->loc = get_unaligned_be64(p + 8);
	d->solicit = p[16] != 0;
	d->hostname_len = hlen;
	memcpy(d->hostname, p + ILNP_PROTO_DISC_LEN, hlen);
	d->hostname[hlen] = '\0';
	return 0;
}
EXPORT_SYMBOL_FOR_ILNP_KUNIT(ilnp_proto_disc_decode);

/* Write @d into @buf: its length, or -EINVAL.  The flag is 1 or 0. */
int ilnp_proto_disc_encode(const struct ilnp_proto_disc *d, void *buf,
			   size_t size)
{
	size_t len = ILNP_PROTO_DISC_LEN + d->hostname_len;
	u8 *p = buf;

	if (len > size || !ilnp_hostname_valid(d->hostname, d->hostname_len))
		return -EINVAL;
	put_unaligned_be64(d->nid, p);
	put_unaligned_be64(d->loc, p + 8);
	p[16] = d->solicit ? 1 : 0;
	memcpy(p + ILNP_PROTO_DISC_LEN, d->hostname, d->hostname_len);
	return len;
}
EXPORT_SYMBOL_FOR_ILNP_KUNIT(ilnp_proto_disc_encode);

/* The first @old_len bytes of @skb (linear) give way to the @new_len
 * bytes at @buf.  0, or -ENOMEM.
 */
static int replace_head(struct sk_buff *skb, unsigned int old_len,
			const void *buf, unsigned int new_len)
{
	__skb_pull(skb, old_len);
	/* A clone's header is shared: made private, with the room. */
	if (skb_cow_head(skb, new_len))
		return -ENOMEM;
	memcpy(__skb_push(skb, new_len), buf, new_len);
	skb_reset_network_header(skb);
	return 0;
}

/* @to is @from (a header of the other wire) as @nexthdr of @payload_len
 * bytes, version @version.
 */
static void hdr_copy(struct ilnp_hdr *to, const struct ilnp_hdr *from,
		     u32 version, u8 nexthdr, unsigned int payload_len)
{
	*to = *from;
	to->vtc_flow = htonl(version << 28);
	to->payload_len = htons(payload_len);
	to->nexthdr = nexthdr;
}

/* Receive: prototype STP (ports, data) -> native STP (ports, length,
 * checksum, data).  The checksum is ours to make: the prototype has
 * none, and the native receive checks one.
 */
static int stp_to_native(struct sk_buff *skb)
{
	struct {
		struct ilnp_hdr hdr;
		struct ilnp_stphdr stp;
	} __packed n;
	struct ilnp_stphdr *stp;
	unsigned int len;
	__sum16 check;

	if (!pskb_may_pull(skb, ILNP_HDR_LEN + ILNP_PROTO_STP_HDR_LEN))
		return ILNP_STAT_DROP_MALFORMED;
	len = skb->len - ILNP_HDR_LEN - ILNP_PROTO_STP_HDR_LEN +
	      ILNP_STP_HDR_LEN;
	if (len > U16_MAX)
		return ILNP_STAT_DROP_LENGTH;
	hdr_copy(&n.hdr, (const struct ilnp_hdr *)skb->data, 6, IPPROTO_UDP,
		 len);
	memcpy(&n.stp, skb->data + ILNP_HDR_LEN, ILNP_PROTO_STP_HDR_LEN);
	n.stp.len = htons(len);
	n.stp.check = 0;
	if (replace_head(skb, ILNP_HDR_LEN + ILNP_PROTO_STP_HDR_LEN, &n,
			 sizeof(n)))
		return -ENOMEM;
	stp = (struct ilnp_stphdr *)(skb->data + ILNP_HDR_LEN);
	check = ilnp_stp_checksum((const struct ilnp_hdr *)skb->data, len,
				  skb_checksum(skb, ILNP_HDR_LEN, len, 0));
	stp->check = check ?: CSUM_MANGLED_0;
	return 0;
}

/* The sequence number a prototype discovery message stands for: the
 * same for every copy of it heard within one window, so that the
 * duplicate cache drops the prototype's re-floods (which it did not).
 */
static u32 disc_seq(const struct ilnp_proto_disc *d, unsigned long now)
{
	u32 h = jhash(d->hostname, d->hostname_len,
		      now / (ILNP_PROTO_DUP_WINDOW_S * HZ));

	return jhash_3words((u32)(d->loc >> 32) ^ (u32)d->loc, d->solicit,
			    (u32)(d->nid >> 32) ^ (u32)d->nid, h);
}

/* Receive: prototype discovery -> native solicitation or advertisement
 * of one locator, with the prototype's lifetime.
 */
static int disc_to_native(struct sk_buff *skb, unsigned long now)
{
	u8 buf[ILNP_HDR_LEN + NATIVE_DISC_ONE_LEN + ILNP_HOSTNAME_MAX];
	struct ilnp_disc_hdr *dh = (struct ilnp_disc_hdr *)(buf + ILNP_HDR_LEN);
	struct ilnp_hdr *hdr = (struct ilnp_hdr *)buf;
	struct ilnp_proto_disc d;
	struct ilnp_disc_msg *m;
	int len;

	if (skb_linearize(skb))
		return -ENOMEM;
	if (ilnp_proto_disc_decode(skb->data + ILNP_HDR_LEN,
				   skb->len - ILNP_HDR_LEN, &d))
		return ILNP_STAT_DROP_MALFORMED;
	m = kzalloc(sizeof(*m), GFP_ATOMIC);
	if (!m)
		return -ENOMEM;
	m->type = d.solicit ? ILNP_ICMP_DISC_SOLICIT : ILNP_ICMP_DISC_ADVERT;
	m->nid = d.nid;
	m->seq = disc_seq(&d, now);
	m->nloc = 1;
	m->locs[0].loc = d.loc;
	m->locs[0].lifetime = ILNP_PROTO_DISC_LIFETIME_S;
	m->hostname_len = d.hostname_len;
	memcpy(m->hostname, d.hostname, d.hostname_len + 1);
	len = ilnp_disc_encode(m, dh, sizeof(buf) - ILNP_HDR_LEN);
	kfree(m);
	if (len < 0)		/* NID 0 */
		return ILNP_STAT_DROP_MALFORMED;
	hdr_copy(hdr, (const struct ilnp_hdr *)skb->data, 6, IPPROTO_ICMPV6,
		 len);
	dh->checksum = ilnp_icmp_checksum(hdr, len, csum_partial(dh, len, 0));
	return replace_head(skb, skb->len, buf, ILNP_HDR_LEN + len);
}

/* Receive: prototype update (0x01, locators) or ack (0x00) -> our
 * locator update, operation 1 or 2.  The update's locators keep their
 * order as preferences (the prototype acks through the first) and live
 * as long as ours do; the ack names the locator it came from, as ours
 * need one.  Sequence number 0: the receive takes a prototype device's
 * updates and acks without one, nor nonces (locator_update.c).
 */
static int lu_to_native(struct sk_buff *skb)
{
	u8 buf[ILNP_HDR_LEN + sizeof(struct ilnp_lu_hdr) +
	       ILNP_DISC_LOC_MAX * sizeof(struct ilnp_lu_wire_loc)];
	struct ilnp_lu_hdr *lh = (struct ilnp_lu_hdr *)(buf + ILNP_HDR_LEN);
	struct ilnp_lu_msg m = { .op = ILNP_LU_OP_ACK, .nloc = 1 };
	const struct ilnp_hdr *hdr;
	unsigned int len, i;
	const u8 *p;
	int mlen;

	if (skb->len < ILNP_HDR_LEN + 1)
		return ILNP_STAT_DROP_MALFORMED;
	if (skb_linearize(skb))
		return -ENOMEM;
	hdr = (struct ilnp_hdr *)skb->data;
	p = skb->data + ILNP_HDR_LEN;
	len = skb->len - ILNP_HDR_LEN - 1;
	if (p[0] > 1)
		return ILNP_STAT_DROP_MALFORMED;
	if (p[0] == 1) {
		if (!len || len % sizeof(u64) ||
		    len / sizeof(u64) > ILNP_DISC_LOC_MAX)
			return ILNP_STAT_DROP_MALFORMED;
		m.op = ILNP_LU_OP_ADVERT;
		m.nloc = len / sizeof(u64);
		for (i = 0; i < m.nloc; i++) {
			m.locs[i].loc = get_unaligned_be64(p + 1 + i * 8);
			m.locs[i].pref = i;
			m.locs[i].lifetime = U16_MAX;
		}
	} else {
		/* Lenient: anything after the ack's byte is ignored. */
		m.locs[0].loc = be64_to_cpu(hdr->src.loc);
		m.locs[0].lifetime = U16_MAX;
	}
	mlen = ilnp_lu_encode(&m, lh, sizeof(buf) - ILNP_HDR_LEN);
	if (mlen < 0)
		return ILNP_STAT_DROP_MALFORMED;
	hdr_copy((struct ilnp_hdr *)buf, hdr, 6, IPPROTO_ICMPV6, mlen);
	lh->checksum = ilnp_icmp_checksum((struct ilnp_hdr *)buf, mlen,
					  csum_partial(lh, mlen, 0));
	return replace_head(skb, skb->len, buf, ILNP_HDR_LEN + mlen);
}

/* Receive: the prototype packet at @skb->data (its UDP payload) becomes
 * the native one with the same meaning.  0, a drop counter (ILNP_STAT_*)
 * or -ENOMEM.  @now: jiffies.  Softirq.
 */
int ilnp_proto_to_native(struct sk_buff *skb, unsigned long now)
{
	if (!pskb_may_pull(skb, ILNP_HDR_LEN))
		return ILNP_STAT_DROP_SHORT;
	switch (((struct ilnp_hdr *)skb->data)->nexthdr) {
	case ILNP_PROTO_NEXTHDR_STP:
		return stp_to_native(skb);
	case ILNP_PROTO_NEXTHDR_DISC:
		return disc_to_native(skb, now);
	case ILNP_PROTO_NEXTHDR_LU:
		return lu_to_native(skb);
	default:
		return ILNP_STAT_DROP_NEXT_HEADER;
	}
}
EXPORT_SYMBOL_FOR_ILNP_KUNIT(ilnp_proto_to_native);

/* Send: native STP at @off -> prototype STP (its ports, then data). */
static int stp_from_native(struct sk_buff *skb, unsigned int off)
{
	struct {
		struct ilnp_hdr hdr;
		u8 ports[ILNP_PROTO_STP_HDR_LEN];
	} __packed p;

	if (!pskb_may_pull(skb, off + ILNP_STP_HDR_LEN))
		return ILNP_STAT_TX_ERRORS;
	hdr_copy(&p.hdr, (const struct ilnp_hdr *)skb->data, 0,
		 ILNP_PROTO_NEXTHDR_STP,
		 skb->len - off - ILNP_STP_HDR_LEN + ILNP_PROTO_STP_HDR_LEN);
	memcpy(p.ports, skb->data + off, ILNP_PROTO_STP_HDR_LEN);
	return replace_head(skb, off + ILNP_STP_HDR_LEN, &p, sizeof(p));
}

/* The one locator of @m a prototype node learns: the one @m was sent
 * from (@src_loc), else the most preferred.
 */
static u64 disc_one_locator(const struct ilnp_disc_msg *m, u64 src_loc)
{
	unsigned int i, best = 0;

	for (i = 0; i < m->nloc; i++) {
		if (m->locs[i].loc == src_loc)
			return src_loc;
		if (m->locs[i].pref < m->locs[best].pref)
			best = i;
	}
	return m->locs[best].loc;
}

/* Send: native discovery at @off -> the prototype's.  The sequence
 * number, the other locators, preferences and lifetimes have no place
 * there.
 */
static int disc_from_native(struct sk_buff *skb, unsigned int off)
{
	u8 buf[ILNP_HDR_LEN + ILNP_PROTO_DISC_LEN + ILNP_HOSTNAME_MAX];
	const struct ilnp_hdr *hdr;
	struct ilnp_disc_msg *m;
	struct ilnp_proto_disc d;
	int len;

	if (skb_linearize(skb))
		return -ENOMEM;
	m = kmalloc(sizeof(*m), GFP_ATOMIC);
	if (!m)
		return -ENOMEM;
	hdr = (const struct ilnp_hdr *)skb->data;
	if (ilnp_disc_decode(skb->data + off, skb->len - off, m)) {
		kfree(m);
		return ILNP_STAT_TX_ERRORS;
	}
	d.nid = m->nid;
	d.loc = disc_one_locator(m, be64_to_cpu(hdr->src.loc));
	d.solicit = m->type == ILNP_ICMP_DISC_SOLICIT;
	d.hostname_len = m->hostname_len;
	memcpy(d.hostname, m->hostname, m->hostname_len + 1);
	kfree(m);
	len = ilnp_proto_disc_encode(&d, buf + ILNP_HDR_LEN,
				     sizeof(buf) - ILNP_HDR_LEN);
	if (len < 0)
		return ILNP_STAT_TX_ERRORS;
	hdr_copy((struct ilnp_hdr *)buf, hdr, 0, ILNP_PROTO_NEXTHDR_DISC, len);
	return replace_head(skb, skb->len, buf, ILNP_HDR_LEN + len);
}

/* Into @out, the locators of update @m the prototype is told of: those
 * still valid (lifetime not 0), most preferred first, as the prototype
 * acks through the first.  Their number.
 */
static unsigned int lu_locators(const struct ilnp_lu_msg *m, u64 *out)
{
	u16 pref[ILNP_DISC_LOC_MAX];
	unsigned int i, j, n = 0;

	for (i = 0; i < m->nloc; i++) {
		if (!m->locs[i].lifetime)
			continue;
		/* Insertion, stable: equal preferences keep their order. */
		for (j = n; j > 0 && pref[j - 1] > m->locs[i].pref; j--) {
			pref[j] = pref[j - 1];
			out[j] = out[j - 1];
		}
		pref[j] = m->locs[i].pref;
		out[j] = m->locs[i].loc;
		n++;
	}
	return n;
}

/* Send: our locator update -> the prototype's (0x01, then the
 * locators); an ack -> 0x00.  No sequence number, no preference, no
 * lifetime there.
 */
static int lu_from_native(struct sk_buff *skb, unsigned int off)
{
	u8 buf[ILNP_HDR_LEN + 1 + ILNP_DISC_LOC_MAX * sizeof(u64)];
	u64 locs[ILNP_DISC_LOC_MAX];
	unsigned int i, n = 0;
	struct ilnp_lu_msg m;
	u8 *p = buf + ILNP_HDR_LEN;

	if (skb_linearize(skb))
		return -ENOMEM;
	if (ilnp_lu_decode(skb->data + off, skb->len - off, &m))
		return ILNP_STAT_TX_ERRORS;
	*p = m.op == ILNP_LU_OP_ADVERT;
	if (m.op == ILNP_LU_OP_ADVERT) {
		n = lu_locators(&m, locs);
		if (!n)		/* all withdrawn: nothing to say */
			return ILNP_STAT_PROTO_UNTRANSLATABLE;
	}
	for (i = 0; i < n; i++)
		put_unaligned_be64(locs[i], p + 1 + i * sizeof(u64));
	hdr_copy((struct ilnp_hdr *)buf, (const struct ilnp_hdr *)skb->data, 0,
		 ILNP_PROTO_NEXTHDR_LU, 1 + n * sizeof(u64));
	return replace_head(skb, skb->len, buf,
			    ILNP_HDR_LEN + 1 + n * sizeof(u64));
}

/* Send: the native ICMPv6-format message at @off, if the prototype has
 * its like.
 */
static int icmp_from_native(struct sk_buff *skb, unsigned int off)
{
	if (!pskb_may_pull(skb, off + 1))
		return ILNP_STAT_TX_ERRORS;
	switch (skb->data[off]) {
	case ILNP_ICMP_DISC_SOLICIT:
	case ILNP_ICMP_DISC_ADVERT:
		return disc_from_native(skb, off);
	case ILNP_ICMP_LOCATOR_UPDATE:
		return lu_from_native(skb, off);
	default:	/* echo, locator solicitations and advertisements */
		return ILNP_STAT_PROTO_UNTRANSLATABLE;
	}
}

/* Send: the native packet at @skb->data becomes the prototype's, its
 * nonce option left out.  0, ILNP_STAT_PROTO_UNTRANSLATABLE when the
 * prototype has no such message, ILNP_STAT_TX_ERRORS for a packet not
 * as we make them, or -ENOMEM.  BHs off.
 */
int ilnp_proto_from_native(struct sk_buff *skb)
{
	unsigned int off = ILNP_HDR_LEN;
	const u8 *opt;
	u8 next;

	/* Only identity packets (TCP of the stack's) come segmented or
	 * with a checksum to finish: the prototype has none.
	 */
	if (skb_is_gso(skb) || skb->ip_summed == CHECKSUM_PARTIAL)
		return ILNP_STAT_PROTO_UNTRANSLATABLE;
	if (!pskb_may_pull(skb, ILNP_HDR_LEN))
		return ILNP_STAT_TX_ERRORS;
	next = ((const struct ilnp_hdr *)skb->data)->nexthdr;
	if (next == IPPROTO_DSTOPTS) {
		if (!pskb_may_pull(skb, off + ILNP_NONCE_OPT_LEN))
			return ILNP_STAT_TX_ERRORS;
		opt = skb->data + off;
		next = opt[0];
		off += (opt[1] + 1) * 8;
		if (off > skb->len)
			return ILNP_STAT_TX_ERRORS;
	}
	switch (next) {
	case IPPROTO_UDP:
		return stp_from_native(skb, off);
	case IPPROTO_ICMPV6:
		return icmp_from_native(skb, off);
	default:	/* identity packets */
		return ILNP_STAT_PROTO_UNTRANSLATABLE;
	}
}
EXPORT_SYMBOL_FOR_ILNP_KUNIT(ilnp_proto_from_native);
