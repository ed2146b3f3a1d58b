// SPDX-License-Identifier: GPL-2.0
/*
 * STP, the datagram transport of AF_ILNP sockets (inner next header 17).
 * Its header is UDP's; its checksum is UDP-over-IPv6's with the locators
 * of the pseudo-header zeroed: the transport binds to identifiers only
 * (RFC 6741), so a peer that changes locator keeps valid checksums.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/skbuff.h>
#include <net/ip6_checksum.h>
#include <net/netfilter/nf_conntrack.h>
#include <net/sock.h>

#include "ilnp.h"

__sum16 ilnp_stp_checksum(const struct ilnp_hdr *hdr, unsigned int len,
			  __wsum csum)
{
	struct in6_addr src = { }, dst = { };

	memcpy(&src.s6_addr[8], &hdr->src.nid, sizeof(hdr->src.nid));
	memcpy(&dst.s6_addr[8], &hdr->dst.nid, sizeof(hdr->dst.nid));
	return csum_ipv6_magic(&src, &dst, len, IPPROTO_UDP, csum);
}
EXPORT_SYMBOL_FOR_ILNP_KUNIT(ilnp_stp_checksum);

/* The STP header is valid for the @len bytes after the inner header: 0,
 * or the drop counter that applies.
 */
static int stp_check(struct sk_buff *skb, unsigned int len)
{
	const struct ilnp_hdr *hdr = (const struct ilnp_hdr *)skb->data;
	const struct ilnp_stphdr *stp = (const struct ilnp_stphdr *)(hdr + 1);

	if (ntohs(stp->len) != len)
		return ILNP_STAT_DROP_LENGTH;
	if (!stp->check ||
	    ilnp_stp_checksum(hdr, len, skb_checksum(skb, ILNP_HDR_LEN, len, 0)))
		return ILNP_STAT_DROP_CHECKSUM;
	return 0;
}

/* A datagram for this node: to the socket bound to its port.  Softirq,
 * RCU held.
 */
void ilnp_stp_rcv(struct ilnp_dev *idev, u64 arrival, struct sk_buff *skb)
{
	unsigned int len = skb->len - ILNP_HDR_LEN;
	const struct ilnp_stphdr *stp;
	const struct ilnp_hdr *hdr;
	struct ilnp_skb_cb *cb;
	struct sock *sk;
	int drop;

	BUILD_BUG_ON(sizeof(struct ilnp_skb_cb) >
		     sizeof_field(struct sk_buff, cb) - sizeof(struct sock_skb_cb));
	if (len < ILNP_STP_HDR_LEN ||
	    !pskb_may_pull(skb, ILNP_HDR_LEN + ILNP_STP_HDR_LEN)) {
		ilnp_stat_inc(idev, ILNP_STAT_DROP_MALFORMED);
		goto drop;
	}
	drop = stp_check(skb, len);
	if (drop) {
		ilnp_stat_inc(idev, drop);
		goto drop;
	}
	hdr = (const struct ilnp_hdr *)skb->data;
	stp = (const struct ilnp_stphdr *)(hdr + 1);
	sk = ilnp_sock_lookup(idev->in, ntohs(stp->dest),
			      be64_to_cpu(hdr->dst.loc),
			      be64_to_cpu(hdr->src.nid), ntohs(stp->source));
	if (!sk) {
		ilnp_stat_inc(idev, ILNP_STAT_DROP_NO_PORT);
		goto drop;
	}

	cb = ILNP_SKB_CB(skb);
	cb->src_loc = be64_to_cpu(hdr->src.loc);
	cb->src_nid = be64_to_cpu(hdr->src.nid);
	cb->arrival = arrival;
	cb->ifindex = idev->dev->ifindex;
	cb->src_port = ntohs(stp->source);
	cb->hop_limit = hdr->hop_limit;
	__skb_pull(skb, ILNP_HDR_LEN + ILNP_STP_HDR_LEN);
	skb_dst_drop(skb);
	nf_reset_ct(skb);
	/* Charges SO_RCVBUF; past it, counts sk_drops and fails. */
	if (sock_queue_rcv_skb(sk, skb) < 0) {
		ilnp_stat_inc(idev, ILNP_STAT_DROP_RCVBUF);
		goto drop;
	}
	return;

drop:
	kfree_skb(skb);
}

/* Send @skb, holding the STP payload after room for both headers, to
 * (@dst_nid, @dport); a @dst_loc of 0 means wherever @dst_nid was last
 * heard from.  Consumes @skb.  Process context.
 */
int ilnp_stp_xmit(struct ilnp_net *in, struct sk_buff *skb, u16 sport,
		  u64 dst_loc, u64 dst_nid, u16 dport, u8 hop_limit)
{
	struct ilnp_hdr *hdr = (struct ilnp_hdr *)skb->data;
	struct ilnp_stphdr *stp = (struct ilnp_stphdr *)(hdr + 1);
	unsigned int len = skb->len - ILNP_HDR_LEN;
	struct ilnp_route *peer;
	struct ilnp_out out;
	int err;

	rcu_read_lock();
	/* Discovery's preferred locator, else where it last spoke from. */
	if (!dst_loc)
		dst_loc = ilnp_neigh_locator(&in->neighs, dst_nid);
	if (!dst_loc) {
		peer = ilnp_fib_lookup(&in->peers, dst_nid);
		if (!peer) {
			err = -EHOSTUNREACH;
			goto err_unlock;
		}
		dst_loc = peer->via;
	}
	err = ilnp_route_output(in, dst_loc, &out);
	if (err)
		goto err_unlock;
	if (len > READ_ONCE(out.idev->dev->mtu)) {
		err = -EMSGSIZE;
		goto err_unlock;
	}
	ilnp_hdr_build(hdr, IPPROTO_UDP, hop_limit, len, out.loc,
		       READ_ONCE(in->nid), dst_loc, dst_nid);
	stp->source = htons(sport);
	stp->dest = htons(dport);
	stp->len = htons(len);
	stp->check = 0;
	stp->check = ilnp_stp_checksum(hdr, len, skb_checksum(skb, ILNP_HDR_LEN,
							      len, 0));
	if (!stp->check)
		stp->check = CSUM_MANGLED_0;
	local_bh_disable();
	err = ilnp_underlay_xmit(out.idev, out.loc, skb);
	local_bh_enable();
	rcu_read_unlock();
	return err;

err_unlock:
	rcu_read_unlock();
	kfree_skb(skb);
	return err;
}
