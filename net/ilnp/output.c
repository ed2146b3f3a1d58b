// SPDX-License-Identifier: GPL-2.0
/*
 * Transmit: choose the network a packet leaves on and build the inner
 * header.  A packet goes out on the group of the destination locator when
 * we are attached to it, else on the locator the forwarding table maps it
 * to; a node on a single network sends everything there.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/skbuff.h>

#include "ilnp.h"

/* The only locator of a node attached to one network.  RCU. */
static int default_route(struct ilnp_net *in, struct ilnp_out *out)
{
	struct ilnp_locator *l;
	struct ilnp_dev *idev;

	if (READ_ONCE(in->nlocators) != 1)
		return -EHOSTUNREACH;
	list_for_each_entry_rcu(idev, &in->devs, node) {
		l = list_first_or_null_rcu(&idev->locators,
					   struct ilnp_locator, list);
		if (l) {
			out->idev = idev;
			out->loc = l->loc;
			return 0;
		}
	}
	return -EHOSTUNREACH;
}

/* Where a packet for @dst_loc leaves.  Caller holds rcu_read_lock(). */
int ilnp_route_output(struct ilnp_net *in, u64 dst_loc, struct ilnp_out *out)
{
	struct ilnp_route *rt = ilnp_fib_lookup(&in->fib, dst_loc);

	if (rt) {
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
