// SPDX-License-Identifier: GPL-2.0
/*
 * Receive: validate the inner header exactly, learn the way back to the
 * source, then deliver locally or forward.  Softirq, RCU held by the
 * UDP receive path.
 */
#include <linux/skbuff.h>

#include "ilnp.h"

/* Validate a received header against the @len bytes that arrived: 0, or
 * the drop counter that applies.  Exported for the KUnit suite.
 */
int ilnp_hdr_check(const struct ilnp_hdr *hdr, unsigned int len)
{
	if (len < ILNP_HDR_LEN)
		return ILNP_STAT_DROP_SHORT;
	if ((ntohl(hdr->vtc_flow) >> 28) != 6)
		return ILNP_STAT_DROP_VERSION;
	if (ntohs(hdr->payload_len) != len - ILNP_HDR_LEN)
		return ILNP_STAT_DROP_LENGTH;
	if (!hdr->hop_limit)
		return ILNP_STAT_DROP_HOP_LIMIT;
	return 0;
}
EXPORT_SYMBOL_FOR_ILNP_KUNIT(ilnp_hdr_check);

/* NID 0 is no node's (it addresses all nodes), and @own_nid is ours:
 * a packet from either is forged or looped back (a node never hears its
 * own multicast), and answering it would address all nodes or
 * ourselves.  Exported for the KUnit suite.
 */
bool ilnp_src_nid_bad(const struct ilnp_hdr *hdr, u64 own_nid)
{
	u64 src_nid = be64_to_cpu(hdr->src.nid);

	return !src_nid || src_nid == own_nid;
}
EXPORT_SYMBOL_FOR_ILNP_KUNIT(ilnp_src_nid_bad);

static bool for_us(const struct ilnp_net *in, const struct ilnp_hdr *hdr)
{
	u64 dst_nid = be64_to_cpu(hdr->dst.nid);

	if (dst_nid == READ_ONCE(in->nid))
		return true;
	/* All-nodes: local flood scope, never forwarded. */
	return !dst_nid && be64_to_cpu(hdr->dst.loc) == ILNP_ALL_NODES_LOC;
}

/* A packet for our locator L heard on another of our networks: while a
 * node hands off it is on both, and the copy for L also reaches L's
 * network through a router.  Only L's copy is taken, so nothing arrives
 * twice (the prototype delivered both).
 */
static bool other_network(struct ilnp_dev *idev, const struct sk_buff *skb,
			  u64 arrival)
{
	const struct ilnp_hdr *hdr = (const struct ilnp_hdr *)skb->data;
	u64 dst_loc = be64_to_cpu(hdr->dst.loc);
	struct ilnp_net *in = idev->in;
	struct ilnp_route *rt;
	u8 type_buf, *type;

	if (dst_loc == arrival || !hdr->dst.nid)
		return false;
	/* The prototype acks a move out of the network the update came
	 * in on, to the mover's new locator (protocol.rst): taken.  An
	 * ack heard twice is harmless; data is not, and stays refused.
	 */
	if (idev->profile == ILNP_PROFILE_PROTOTYPE &&
	    hdr->nexthdr == IPPROTO_ICMPV6) {
		type = skb_header_pointer(skb, ILNP_HDR_LEN, 1, &type_buf);
		if (type && *type == ILNP_ICMP_LOCATOR_UPDATE)
			return false;
	}
	rt = ilnp_fib_lookup(&in->fib, dst_loc);
	return rt && (rt->flags & ILNP_ROUTE_F_OWN);
}

static void deliver(struct ilnp_dev *idev, u64 arrival, struct sk_buff *skb)
{
	const struct ilnp_hdr *hdr = (const struct ilnp_hdr *)skb->data;

	switch (hdr->nexthdr) {
	case IPPROTO_ICMPV6:
		ilnp_icmp_rcv(idev, arrival, skb);
		return;
	case IPPROTO_UDP:
		ilnp_stp_rcv(idev, arrival, skb);
		return;
	case ILNP_NEXTHDR_IDENTITY:
		ilnp_identity_rcv(idev, arrival, skb);
		return;
	default:
		ilnp_stat_inc(idev, ILNP_STAT_DROP_NEXT_HEADER);
		kfree_skb(skb);
	}
}

/* The largest packet, ILNPv6 header on, that @idev sends: its MTU is
 * what an upper-layer message may take, after the header and a nonce
 * option (device.c).
 */
static unsigned int ilnp_fwd_mtu(const struct ilnp_dev *idev)
{
	return READ_ONCE(idev->dev->mtu) + ILNP_HDR_LEN + ILNP_NONCE_OPT_LEN;
}

/* Send a packet for another node on toward its destination locator. */
static void forward(struct ilnp_dev *idev, u64 arrival, struct sk_buff *skb,
		    const u8 *lladdr)
{
	struct ilnp_net *in = idev->in;
	struct ilnp_hdr *hdr = (struct ilnp_hdr *)skb->data;
	struct ilnp_out out;

	/* A node on one network is a host: it never forwards. */
	if (READ_ONCE(in->nlocators) < 2) {
		ilnp_stat_inc(idev, ILNP_STAT_DROP_NOT_FOR_US);
		goto drop;
	}
	if (ilnp_route_output(in, be64_to_cpu(hdr->dst.loc), &out)) {
		ilnp_stat_inc(idev, ILNP_STAT_DROP_NO_ROUTE);
		goto drop;
	}
	/* Everyone on the arrival network heard it already, the
	 * destination too if it is there.
	 */
	if (out.loc == arrival) {
		ilnp_stat_inc(idev, ILNP_STAT_DROP_NOT_FOR_US);
		goto drop;
	}
	/* Hop limit 1 would reach 0 here: drop, never deliver. */
	if (hdr->hop_limit <= 1) {
		ilnp_stat_inc(idev, ILNP_STAT_DROP_HOP_LIMIT);
		goto drop;
	}
	/* No ILNP message reports it to the sender (there is no packet
	 * too big): counted on the way in, as the other drops.  A TCP
	 * segment that arrived whole, to split, is as large as its pieces.
	 */
	if (ilnp_seglen(skb) > ilnp_fwd_mtu(out.idev)) {
		ilnp_stat_inc(idev, ILNP_STAT_DROP_TOO_BIG);
		goto drop;
	}
	if (skb_ensure_writable(skb, ILNP_HDR_LEN))
		goto drop;
	hdr = (struct ilnp_hdr *)skb->data;
	/* Its source's next hop, as trusted as the route learnt from it
	 * (a destination learns only from a nonce: ilnp_nexthop_heard()).
	 */
	ilnp_nexthop_direct(idev, arrival, be64_to_cpu(hdr->src.loc),
			    be64_to_cpu(hdr->src.nid), lladdr);
	hdr->hop_limit = ilnp_fwd_hop_limit(in, hdr->hop_limit);
	/* Early demux may have left the underlay socket as owner. */
	skb_orphan(skb);
	ilnp_stat_inc(idev, ILNP_STAT_FORWARDED);
	trace_ilnp_forward(out.idev->dev, hdr, out.loc, skb->len);
	ilnp_dev_xmit(out.idev, out.loc, skb);
	return;

drop:
	kfree_skb(skb);
}

/* @skb->data is at the inner header; it arrived on our locator @arrival. */
void ilnp_input(struct ilnp_dev *idev, u64 arrival, struct sk_buff *skb)
{
	u8 lladdr_buf[ETH_ALEN] __aligned(2);
	struct ilnp_net *in = idev->in;
	const u8 *lladdr;
	const struct ilnp_hdr *hdr;
	u64 src_loc;
	int drop;

	if (!pskb_may_pull(skb, min_t(unsigned int, skb->len, ILNP_HDR_LEN))) {
		ilnp_stat_inc(idev, ILNP_STAT_DROP_SHORT);
		goto drop;
	}
	hdr = (const struct ilnp_hdr *)skb->data;
	lladdr = ilnp_underlay_lladdr(skb, lladdr_buf);
	drop = ilnp_hdr_check(hdr, skb->len);
	if (!drop && ilnp_src_nid_bad(hdr, READ_ONCE(in->nid)))
		drop = ILNP_STAT_DROP_BAD_SOURCE;
	if (drop) {
		ilnp_stat_inc(idev, drop);
		goto drop;
	}
	skb_reset_network_header(skb);
	ilnp_stat_inc(idev, ILNP_STAT_RX_PACKETS);
	ilnp_stat_add(idev, ILNP_STAT_RX_BYTES, skb->len);
	trace_ilnp_rx(idev->dev, hdr, arrival, skb->len);
	/* The link-wide group: advertisements only, nothing learnt. */
	if (arrival == ILNP_ALL_NODES_LOC) {
		ilnp_ra_rcv(idev, skb);
		return;
	}

	/* Backwards learning: the source is reachable the way this came. */
	src_loc = be64_to_cpu(hdr->src.loc);
	if (src_loc && src_loc != ILNP_ALL_NODES_LOC)
		ilnp_fib_learn(&in->fib, src_loc, idev, arrival, lladdr);

	if (for_us(in, hdr)) {
		if (other_network(idev, skb, arrival)) {
			ilnp_stat_inc(idev, ILNP_STAT_DROP_OTHER_NETWORK);
			goto drop;
		}
		ILNP_SKB_CB(skb)->has_nonce = false;
		if (hdr->nexthdr == IPPROTO_DSTOPTS &&
		    ilnp_nonce_strip(skb, ILNP_SKB_CB(skb))) {
			ilnp_stat_inc(idev, ILNP_STAT_DROP_MALFORMED);
			goto drop;
		}
		ilnp_stat_inc(idev, ILNP_STAT_DELIVERED);
		deliver(idev, arrival, skb);
	} else {
		forward(idev, arrival, skb, lladdr);
	}
	return;

drop:
	kfree_skb(skb);
}
