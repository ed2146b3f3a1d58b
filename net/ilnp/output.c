// SPDX-License-Identifier: GPL-2.0
/*
 * Transmit: choose the network a packet leaves on and build the inner
 * header.  A packet goes out on the group of the destination locator when
 * we are attached to it, else on the locator the forwarding table maps it
 * to; a node on a single network sends everything there.
 */
#include <linux/skbuff.h>

#include "ilnp.h"

/* The only usable locator of a node attached to one network: a leaving
 * locator (soft handoff) or one on a device that is down, or whose
 * underlay link is, does not count, so a multihomed node that lost all
 * its networks but one sends there.
 * RCU.
 */
static int default_route(struct ilnp_net *in, struct ilnp_out *out)
{
	struct ilnp_locator *l;
	struct ilnp_dev *idev;
	bool found = false;

	list_for_each_entry_rcu(idev, &in->devs, node) {
		if (!ilnp_dev_path_ok(idev))
			continue;
		list_for_each_entry_rcu(l, &idev->locators, list) {
			if (READ_ONCE(l->deprecated))
				continue;
			if (found)
				return -EHOSTUNREACH;
			found = true;
			out->idev = idev;
			out->loc = l->loc;
		}
	}
	return found ? 0 : -EHOSTUNREACH;
}

/* Where a packet for @dst_loc leaves.  Caller holds rcu_read_lock(). */
int ilnp_route_output(struct ilnp_net *in, u64 dst_loc, struct ilnp_out *out)
{
	struct ilnp_route *rt = ilnp_fib_lookup(&in->fib, dst_loc);

	/* Learnt routes through a device go when it or its link goes
	 * down; our own locators on it stay ours but lead nowhere until
	 * it comes back.
	 */
	if (rt && ilnp_dev_path_ok(rt->idev)) {
		out->idev = rt->idev;
		out->loc = rt->via;
		return 0;
	}
	return default_route(in, out);
}

void ilnp_hdr_build(struct ilnp_hdr *hdr, u8 nexthdr, u8 hop_limit,
		    unsigned int payload_len, u64 src_loc, u64 src_nid,
		    u64 dst_loc, u64 dst_nid)
{
	hdr->vtc_flow = htonl(6 << 28);
	hdr->payload_len = htons(payload_len);
	hdr->nexthdr = nexthdr;
	hdr->hop_limit = hop_limit;
	hdr->src.loc = cpu_to_be64(src_loc);
	hdr->src.nid = cpu_to_be64(src_nid);
	hdr->dst.loc = cpu_to_be64(dst_loc);
	hdr->dst.nid = cpu_to_be64(dst_nid);
}
EXPORT_SYMBOL_FOR_ILNP_KUNIT(ilnp_hdr_build);

/* Our own locator @loc, if usable, as the way out.  RCU. */
static int own_output(struct ilnp_net *in, u64 loc, struct ilnp_out *out)
{
	struct ilnp_route *rt = ilnp_fib_lookup(&in->fib, loc);

	if (!rt || !(rt->flags & ILNP_ROUTE_F_OWN))
		return -EADDRNOTAVAIL;
	if (!ilnp_dev_path_ok(rt->idev))
		return -ENETDOWN;
	out->idev = rt->idev;
	out->loc = loc;
	return 0;
}

/* ilnp_output_via() and ilnp_output_src(): from @src_loc, or (0) the
 * route's locator.
 */
static int output(struct ilnp_net *in, struct sk_buff *skb, u8 proto,
		  u64 src_loc, u64 dst_loc, u64 dst_nid, u8 hop_limit,
		  const u32 *nonce, struct ilnp_dev **via,
		  struct ilnp_dev *from)
{
	unsigned int len = skb->len, plen;
	struct ilnp_hdr *hdr;
	struct ilnp_out out;
	__sum16 *check;
	int err;

	rcu_read_lock();
	if (src_loc)
		err = own_output(in, src_loc, &out);
	else
		err = ilnp_route_output(in, dst_loc, &out);
	if (err)
		goto err_unlock;
	if (ilnp_seglen(skb) > READ_ONCE(out.idev->dev->mtu)) {
		err = -EMSGSIZE;
		goto err_unlock;
	}
	check = (__sum16 *)(skb->data + 2);
	plen = len;
	if (nonce) {
		ilnp_nonce_push(skb, proto, *nonce);
		plen += ILNP_NONCE_OPT_LEN;
	}
	hdr = skb_push(skb, ILNP_HDR_LEN);
	skb_reset_network_header(skb);
	ilnp_hdr_build(hdr, nonce ? IPPROTO_DSTOPTS : proto, hop_limit, plen,
		       out.loc, READ_ONCE(in->nid), dst_loc, dst_nid);
	if (proto == IPPROTO_ICMPV6) {
		*check = 0;
		*check = ilnp_icmp_checksum(hdr, len,
					    csum_partial(skb->data + skb->len -
							 len, len, 0));
	}
	if (out.idev == from)
		err = ilnp_dev_xmit_now(out.idev, out.loc, skb);
	else
		err = ilnp_dev_xmit(out.idev, out.loc, skb);
	if (!err && via)
		*via = out.idev;
	rcu_read_unlock();
	return err;

err_unlock:
	rcu_read_unlock();
	kfree_skb(skb);
	return err;
}

/* Send the upper-layer message of protocol @proto at @skb->data (with
 * the headroom for our headers) to (@dst_loc, @dst_nid): choose the way
 * out, put the nonce option (when @nonce) and the ILNPv6 header in
 * front, fill in an ICMPv6-format checksum, which covers the source
 * locator only now known.  Consumes @skb.  Process context or softirq.
 * When sent and @via is given, *@via is the device it left by, valid as
 * long as the caller keeps it (RTNL) or is in an RCU read-side section.
 * @from is the device whose transmit we are in, if any: a packet leaving
 * by it again goes straight to its underlay, past its qdisc a second
 * time.
 */
int ilnp_output_via(struct ilnp_net *in, struct sk_buff *skb, u8 proto,
		    u64 dst_loc, u64 dst_nid, u8 hop_limit, const u32 *nonce,
		    struct ilnp_dev **via, struct ilnp_dev *from)
{
	return output(in, skb, proto, 0, dst_loc, dst_nid, hop_limit, nonce,
		      via, from);
}

/* The same from our locator @src_loc, chosen by the sender (ilnp-ping
 * -I): the packet leaves on that locator's network whatever the route
 * to @dst_loc says.  -EADDRNOTAVAIL if it is not ours.
 */
int ilnp_output_src(struct ilnp_net *in, struct sk_buff *skb, u8 proto,
		    u64 src_loc, u64 dst_loc, u64 dst_nid, u8 hop_limit)
{
	return output(in, skb, proto, src_loc, dst_loc, dst_nid, hop_limit,
		      NULL, NULL, NULL);
}
