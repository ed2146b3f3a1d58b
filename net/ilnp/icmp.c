// SPDX-License-Identifier: GPL-2.0
/*
 * ICMPv6-format control messages inside the overlay.  For now: echo
 * request and reply (types 128/129), answered in the kernel; replies to
 * our own requests go to user space as netlink events (ilnp-ping).
 * The checksum is ICMPv6's: a pseudo-header with the two I-LVs.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/skbuff.h>
#include <net/ip6_checksum.h>

#include "ilnp.h"

#define ILNP_ECHO_LEN		sizeof(struct ilnp_echo)

__sum16 ilnp_icmp_checksum(const struct ilnp_hdr *hdr, unsigned int len,
			   __wsum csum)
{
	return csum_ipv6_magic((const struct in6_addr *)&hdr->src,
			       (const struct in6_addr *)&hdr->dst, len,
			       IPPROTO_ICMPV6, csum);
}

/* A new packet with room for the underlay headers: inner header, echo
 * header and @payload_len bytes, all zero.
 */
static struct sk_buff *echo_alloc(unsigned int payload_len, gfp_t gfp)
{
	unsigned int len = ILNP_HDR_LEN + ILNP_ECHO_LEN + payload_len;
	struct sk_buff *skb = alloc_skb(ILNP_TX_HEADROOM + len, gfp);

	if (!skb)
		return NULL;
	skb_reserve(skb, ILNP_TX_HEADROOM);
	skb_reset_network_header(skb);
	memset(skb_put(skb, len), 0, len);
	return skb;
}

/* Fill in header and checksum, then send on @out.  Consumes @skb. */
static int echo_xmit(struct ilnp_net *in, struct sk_buff *skb,
		     const struct ilnp_out *out, u8 type, u16 id, u16 seq,
		     u8 hop_limit, u64 dst_loc, u64 dst_nid)
{
	struct ilnp_hdr *hdr = (struct ilnp_hdr *)skb->data;
	struct ilnp_echo *echo = (struct ilnp_echo *)(hdr + 1);
	unsigned int len = skb->len - ILNP_HDR_LEN;

	ilnp_hdr_build(hdr, IPPROTO_ICMPV6, hop_limit, len, out->loc,
		       READ_ONCE(in->nid), dst_loc, dst_nid);
	echo->type = type;
	echo->code = 0;
	echo->checksum = 0;
	echo->id = htons(id);
	echo->seq = htons(seq);
	echo->checksum = ilnp_icmp_checksum(hdr, len, csum_partial(echo, len, 0));
	return ilnp_underlay_xmit(out->idev, out->loc, skb);
}

static void echo_reply(struct ilnp_dev *idev, struct sk_buff *req)
{
	const struct ilnp_hdr *hdr = (const struct ilnp_hdr *)req->data;
	const struct ilnp_echo *echo = (const struct ilnp_echo *)(hdr + 1);
	unsigned int payload_len = req->len - ILNP_HDR_LEN - ILNP_ECHO_LEN;
	u64 dst_loc = be64_to_cpu(hdr->src.loc);
	struct ilnp_net *in = idev->in;
	struct ilnp_out out;
	struct sk_buff *skb;

	if (ilnp_route_output(in, dst_loc, &out)) {
		ilnp_stat_inc(idev, ILNP_STAT_DROP_NO_ROUTE);
		return;
	}
	skb = echo_alloc(payload_len, GFP_ATOMIC);
	if (!skb)
		return;
	if (skb_copy_bits(req, ILNP_HDR_LEN + ILNP_ECHO_LEN,
			  skb->data + ILNP_HDR_LEN + ILNP_ECHO_LEN,
			  payload_len)) {
		kfree_skb(skb);
		return;
	}
	ilnp_stat_inc(idev, ILNP_STAT_ECHO_REPLIED);
	echo_xmit(in, skb, &out, ILNP_ICMP_ECHO_REPLY, ntohs(echo->id),
		  ntohs(echo->seq), READ_ONCE(in->hop_limit), dst_loc,
		  be64_to_cpu(hdr->src.nid));
}

void ilnp_icmp_rcv(struct ilnp_dev *idev, u64 arrival, struct sk_buff *skb)
{
	unsigned int len = skb->len - ILNP_HDR_LEN;
	const struct ilnp_echo *echo;
	const struct ilnp_hdr *hdr;

	if (len < ILNP_ECHO_LEN ||
	    !pskb_may_pull(skb, ILNP_HDR_LEN + ILNP_ECHO_LEN)) {
		ilnp_stat_inc(idev, ILNP_STAT_DROP_MALFORMED);
		goto drop;
	}
	hdr = (const struct ilnp_hdr *)skb->data;
	echo = (const struct ilnp_echo *)(hdr + 1);
	if (ilnp_icmp_checksum(hdr, len, skb_checksum(skb, ILNP_HDR_LEN, len, 0))) {
		ilnp_stat_inc(idev, ILNP_STAT_DROP_CHECKSUM);
		goto drop;
	}
	if (echo->code)
		goto malformed;

	switch (echo->type) {
	case ILNP_ICMP_ECHO_REQUEST:
		/* Like Linux's icmp_echo_ignore_broadcasts: answer only
		 * requests addressed to us, not to all nodes.
		 */
		if (hdr->dst.nid)
			echo_reply(idev, skb);
		break;
	case ILNP_ICMP_ECHO_REPLY:
		ilnp_netlink_echo_reply(idev->in, hdr, echo,
					len - ILNP_ECHO_LEN, idev, arrival);
		break;
	case ILNP_ICMP_LOCATOR_UPDATE:
		ilnp_lu_rcv(idev, skb);
		break;
	case ILNP_ICMP_DISC_SOLICIT:
	case ILNP_ICMP_DISC_ADVERT:
		ilnp_disc_rcv(idev, arrival, skb);
		break;
	default:
		goto malformed;
	}
	consume_skb(skb);
	return;

malformed:
	ilnp_stat_inc(idev, ILNP_STAT_DROP_MALFORMED);
drop:
	kfree_skb(skb);
}

/* An echo request from user space (ilnp-ping, through netlink). */
int ilnp_echo_send(struct ilnp_net *in, u64 dst_loc, u64 dst_nid, u16 id,
		   u16 seq, u8 hop_limit, u16 payload_len)
{
	struct ilnp_out out;
	struct sk_buff *skb;
	unsigned int i;
	u8 *payload;
	int err;

	skb = echo_alloc(payload_len, GFP_KERNEL);
	if (!skb)
		return -ENOMEM;
	payload = skb->data + ILNP_HDR_LEN + ILNP_ECHO_LEN;
	for (i = 0; i < payload_len; i++)
		payload[i] = i;

	rcu_read_lock();
	err = ilnp_route_output(in, dst_loc, &out);
	if (err)
		goto err_free;
	if (ILNP_ECHO_LEN + payload_len > READ_ONCE(out.idev->dev->mtu)) {
		err = -EMSGSIZE;
		goto err_free;
	}
	local_bh_disable();
	err = echo_xmit(in, skb, &out, ILNP_ICMP_ECHO_REQUEST, id, seq,
			hop_limit, dst_loc, dst_nid);
	local_bh_enable();
	rcu_read_unlock();
	return err;

err_free:
	rcu_read_unlock();
	kfree_skb(skb);
	return err;
}
