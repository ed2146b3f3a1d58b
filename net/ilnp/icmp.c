// SPDX-License-Identifier: GPL-2.0
/*
 * ICMPv6-format control messages inside the overlay.  For now: echo
 * request and reply (types 128/129), answered in the kernel; replies to
 * our own requests go to user space as netlink events (ilnp-ping).
 * The checksum is ICMPv6's: a pseudo-header with the two I-LVs.
 */
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
EXPORT_SYMBOL_FOR_ILNP_KUNIT(ilnp_icmp_checksum);

/* An echo message (header and @payload_len zero bytes) with room in
 * front for every header below it.
 */
struct sk_buff *ilnp_echo_alloc(u8 type, u16 id, u16 seq,
				unsigned int payload_len, gfp_t gfp)
{
	unsigned int len = ILNP_ECHO_LEN + payload_len;
	struct sk_buff *skb = alloc_skb(ILNP_TX_HEADROOM + len, gfp);
	struct ilnp_echo *echo;

	if (!skb)
		return NULL;
	skb_reserve(skb, ILNP_TX_HEADROOM);
	echo = memset(skb_put(skb, len), 0, len);
	echo->type = type;
	echo->id = htons(id);
	echo->seq = htons(seq);
	return skb;
}

/* The counter for the fate of an echo reply ilnp_output() returned @err
 * for: only one that left counts as replied.
 */
static enum ilnp_stat echo_reply_stat(int err)
{
	switch (err) {
	case 0:
		return ILNP_STAT_ECHO_REPLIED;
	case -EHOSTUNREACH:
		return ILNP_STAT_DROP_NO_ROUTE;
	case -EMSGSIZE:
		return ILNP_STAT_DROP_TOO_BIG;
	default:	/* no memory, device down, qdisc full */
		return ILNP_STAT_TX_ERRORS;
	}
}

/* Would a reply of @len bytes fit the way back to @dst_loc?  Checked
 * before allocating it: a request reassembled from underlay fragments
 * may be up to 64 KiB.  -EHOSTUNREACH, -EMSGSIZE or 0.  RCU (softirq).
 */
static int echo_reply_fits(struct ilnp_net *in, u64 dst_loc,
			   unsigned int len)
{
	struct ilnp_out out;

	if (ilnp_route_output(in, dst_loc, &out))
		return -EHOSTUNREACH;
	return len > READ_ONCE(out.idev->dev->mtu) ? -EMSGSIZE : 0;
}

static void echo_reply(struct ilnp_dev *idev, struct sk_buff *req)
{
	const struct ilnp_hdr *hdr = (const struct ilnp_hdr *)req->data;
	const struct ilnp_echo *echo = (const struct ilnp_echo *)(hdr + 1);
	unsigned int payload_len = req->len - ILNP_HDR_LEN - ILNP_ECHO_LEN;
	u64 dst_loc = be64_to_cpu(hdr->src.loc);
	struct ilnp_net *in = idev->in;
	struct sk_buff *skb;
	int err;

	err = echo_reply_fits(in, dst_loc, ILNP_ECHO_LEN + payload_len);
	if (err)
		goto out;
	err = -ENOMEM;
	skb = ilnp_echo_alloc(ILNP_ICMP_ECHO_REPLY, ntohs(echo->id),
			      ntohs(echo->seq), payload_len, GFP_ATOMIC);
	if (!skb)
		goto out;
	if (skb_copy_bits(req, ILNP_HDR_LEN + ILNP_ECHO_LEN,
			  skb->data + ILNP_ECHO_LEN, payload_len)) {
		kfree_skb(skb);
		goto out;
	}
	/* ilnp_output() fills in the checksum, which covers our locator. */
	err = ilnp_output(in, skb, IPPROTO_ICMPV6, dst_loc,
			  be64_to_cpu(hdr->src.nid), READ_ONCE(in->hop_limit),
			  NULL);
out:
	ilnp_stat_inc(idev, echo_reply_stat(err));
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
		if (ilnp_lu_probe_reply(idev, skb))
			break;
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
int ilnp_echo_send(struct ilnp_net *in, u64 src_loc, u64 dst_loc, u64 dst_nid,
		   u16 id, u16 seq, u8 hop_limit, u16 payload_len)
{
	struct sk_buff *skb;
	unsigned int i;
	u8 *payload;

	skb = ilnp_echo_alloc(ILNP_ICMP_ECHO_REQUEST, id, seq, payload_len,
			      GFP_KERNEL);
	if (!skb)
		return -ENOMEM;
	payload = skb->data + ILNP_ECHO_LEN;
	for (i = 0; i < payload_len; i++)
		payload[i] = i;
	if (src_loc)
		return ilnp_output_src(in, skb, IPPROTO_ICMPV6, src_loc,
				       dst_loc, dst_nid, hop_limit);
	return ilnp_output(in, skb, IPPROTO_ICMPV6, dst_loc, dst_nid,
			   hop_limit, NULL);
}
