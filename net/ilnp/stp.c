// SPDX-License-Identifier: GPL-2.0
/*
 * STP, the datagram transport of AF_ILNP sockets (inner next header 17).
 * Its header is UDP's; its checksum is UDP-over-IPv6's with the locators
 * of the pseudo-header zeroed: the transport binds to identifiers only
 * (RFC 6741), so a peer that changes locator keeps valid checksums.
 */
#include <linux/skbuff.h>
#include <net/ip6_checksum.h>
#include <net/netfilter/nf_conntrack.h>
#include <net/sock.h>

#include "ilnp.h"

__sum16 ilnp_stp_checksum_nids(u64 src_nid, u64 dst_nid, unsigned int len,
			       __wsum csum)
{
	struct in6_addr src = { }, dst = { };

	src.s6_addr32[2] = cpu_to_be32(src_nid >> 32);
	src.s6_addr32[3] = cpu_to_be32((u32)src_nid);
	dst.s6_addr32[2] = cpu_to_be32(dst_nid >> 32);
	dst.s6_addr32[3] = cpu_to_be32((u32)dst_nid);
	return csum_ipv6_magic(&src, &dst, len, IPPROTO_UDP, csum);
}

__sum16 ilnp_stp_checksum(const struct ilnp_hdr *hdr, unsigned int len,
			  __wsum csum)
{
	return ilnp_stp_checksum_nids(be64_to_cpu(hdr->src.nid),
				      be64_to_cpu(hdr->dst.nid), len, csum);
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
	if (ilnp_ilcc_rx(idev->in, idev, cb, ilnp_sock_connected(sk)))
		ilnp_nexthop_heard(idev, cb, skb);
	/* Charges SO_RCVBUF; past it, counts sk_drops and fails. */
	if (sock_queue_rcv_skb(sk, skb) < 0) {
		ilnp_stat_inc(idev, ILNP_STAT_DROP_RCVBUF);
		goto drop;
	}
	return;

drop:
	kfree_skb(skb);
}

/* Send the upper-layer message of protocol @proto at @skb->data (the
 * skb has headroom for everything below) to @dst_nid, on a flow of this
 * node's: an STP datagram, or an IPv6 socket's packet (identity.c).  The
 * locator: the ILCC's once @dst_nid has sent us a locator update, else
 * @dst_loc as the application gave it, else where @dst_nid last spoke
 * from (the ILCC's guess), else discovery's.  The flow waits on a path
 * change (path_hold.c).  @from: see ilnp_output_via().  Consumes @skb.
 * Process context, or BHs off.
 */
int ilnp_flow_output(struct ilnp_net *in, struct sk_buff *skb, u8 proto,
		     u64 dst_loc, u64 dst_nid, u8 hop_limit,
		     struct ilnp_dev *from)
{
	struct ilnp_ilcc_entry *e;
	int now = 1;
	u32 nonce = 0;
	u64 seed;

	rcu_read_lock();
	seed = dst_loc ? dst_loc : ilnp_neigh_locator(&in->neighs, dst_nid);
	/* With nowhere to send, no entry is made: failed sends must not
	 * fill the cache.
	 */
	e = seed ? ilnp_ilcc_get(&in->ilcc, dst_nid, seed, NULL) :
		   ilnp_ilcc_find(&in->ilcc, dst_nid);
	if (e) {
		spin_lock_bh(&e->lock);
		/* Until the peer itself says where it is (a locator update),
		 * what the application says is the best guess, and is where
		 * our own updates go; each new one, not each datagram
		 * (ilnp_ilcc_app_locator()).  Discovery's only starts the
		 * entry: after that, where the peer's own datagrams (with
		 * its nonce) come from is fresher than its last
		 * advertisement, and following both would flip the path,
		 * and hold the flow, at every packet.
		 */
		ilnp_ilcc_app_locator(e, dst_loc);
		dst_loc = ilnp_ilcc_locator(e, jiffies) ?: seed;
		ilnp_table_touch(&e->node);
		nonce = e->our_nonce;
		if (dst_loc)
			now = ilnp_path_hold(in, e, dst_loc, skb, proto,
					     hop_limit);
		spin_unlock_bh(&e->lock);
	} else {
		dst_loc = seed;
	}
	rcu_read_unlock();
	if (now <= 0)
		return now;	/* held, to leave in order, or no room */
	if (!dst_loc) {
		kfree_skb(skb);
		return -EHOSTUNREACH;
	}
	/* Every packet carries our nonce: the peer learns it from the
	 * first that arrives, and can tell our locator updates from
	 * forgeries ever after.
	 */
	return ilnp_output_via(in, skb, proto, dst_loc, dst_nid, hop_limit,
			       e ? &nonce : NULL, NULL, from);
}

/* Send the STP datagram at @skb->data (header room, then data; the
 * skb has headroom for everything below) from @sport to (@dst_nid,
 * @dport), by ilnp_flow_output().  Consumes @skb.  Process context.
 */
int ilnp_stp_xmit(struct ilnp_net *in, struct sk_buff *skb, u16 sport,
		  u64 dst_loc, u64 dst_nid, u16 dport, u8 hop_limit)
{
	struct ilnp_stphdr *stp = (struct ilnp_stphdr *)skb->data;
	unsigned int len = skb->len;

	/* The checksum covers the NIDs, not the locators: done first. */
	stp->source = htons(sport);
	stp->dest = htons(dport);
	stp->len = htons(len);
	stp->check = 0;
	stp->check = ilnp_stp_checksum_nids(READ_ONCE(in->nid), dst_nid, len,
					    csum_partial(stp, len, 0));
	if (!stp->check)
		stp->check = CSUM_MANGLED_0;
	return ilnp_flow_output(in, skb, IPPROTO_UDP, dst_loc, dst_nid,
				hop_limit, NULL);
}
