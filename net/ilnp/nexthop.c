// SPDX-License-Identifier: GPL-2.0
/*
 * Unicast to a known next hop, at the link layer.  Every overlay packet
 * is addressed to the group of the locator it leaves on, and its
 * receiver reads which of its locators it arrived for from that group.
 * Sent as a multicast frame, it reaches every node on the LAN, involved
 * or not.  Once the node the packet is for on that link is known, the
 * next hop, the frame goes to that node's link-layer address instead:
 * the IPv6 packet is the same (the group stays its destination, so the
 * receiver is unchanged), the switch or bridge delivers it to one port,
 * as the Linux bridge's multicast-to-unicast does.  Bystanders never see
 * it.
 *
 * The next hop is learnt backwards, from the Ethernet source of what
 * arrives, like the routes themselves (fib.c): a packet from locator L
 * that arrived on our locator V came from the router to L, whose address
 * the route keeps; a packet straight from its source (its source locator
 * is the network it arrived on) names that node, kept here in @hosts,
 * keyed by NID: at a router, any packet it forwards; at the destination,
 * a correspondent's datagram that carries its nonce.  Entries age like
 * routes, are refreshed by traffic, flushed with the device, and a new
 * address or path replaces them.
 * Where nothing is known (a node that never sent, a non-Ethernet
 * underlay, all-nodes traffic), the frame is multicast as before.
 *
 * Link-layer addresses never cross a router: only a node on the link can
 * teach one, as only a node on the link can already join our groups.
 */
#include <linux/etherdevice.h>
#include <linux/if_arp.h>
#include <linux/slab.h>

#include "ilnp.h"

/* The Ethernet source of @skb as it arrived on the underlay, copied to
 * @buf (the head may move later): @buf, or NULL if there is none.
 */
const u8 *ilnp_underlay_lladdr(const struct sk_buff *skb, u8 *buf)
{
	const struct ethhdr *eth;

	if (!skb->dev || skb->dev->type != ARPHRD_ETHER ||
	    !skb_mac_header_was_set(skb) ||
	    skb_network_header(skb) - skb_mac_header(skb) < ETH_HLEN)
		return NULL;
	eth = eth_hdr(skb);
	if (!is_valid_ether_addr(eth->h_source))
		return NULL;
	ether_addr_copy(buf, eth->h_source);
	return buf;
}

static void nexthop_free(struct ilnp_table_node *node)
{
	kfree_rcu(container_of(node, struct ilnp_nexthop, node), node.rcu);
}

/* Node @nid was heard directly on our locator @loc of @idev, from
 * @lladdr.  Softirq.
 */
void ilnp_nexthop_learn(struct ilnp_fib *fib, u64 nid, struct ilnp_dev *idev,
			u64 loc, const u8 *lladdr)
{
	struct ilnp_table_node *node;
	struct ilnp_nexthop *nh;
	bool evicted;

	if (!lladdr || !nid)
		return;
	rcu_read_lock();
	node = ilnp_table_find(&fib->hosts, nid);
	nh = node ? container_of(node, struct ilnp_nexthop, node) : NULL;
	if (nh && nh->idev == idev && nh->loc == loc &&
	    ether_addr_equal(nh->lladdr, lladdr)) {
		/* Once a jiffy at most: a flow's every packet would
		 * otherwise write the shared entry.
		 */
		if (time_after(jiffies, READ_ONCE(node->updated)))
			ilnp_table_touch(node);
		rcu_read_unlock();
		return;
	}
	rcu_read_unlock();

	nh = kmalloc(sizeof(*nh), GFP_ATOMIC);
	if (!nh)
		return;
	ilnp_table_node_init(&nh->node, nid, false);
	nh->idev = idev;
	nh->loc = loc;
	ether_addr_copy(nh->lladdr, lladdr);
	node = ilnp_table_insert_evict(&fib->hosts, &nh->node, true, &evicted);
	if (evicted)
		ilnp_stat_inc(idev, ILNP_STAT_ROUTE_EVICTED);
	if (node == &nh->node)
		return;
	kfree(nh);
	if (node == ERR_PTR(-ENOSPC))
		ilnp_stat_inc(idev, ILNP_STAT_ROUTE_OVERFLOW);
}
EXPORT_SYMBOL_FOR_ILNP_KUNIT(ilnp_nexthop_learn);

/* A packet of node @src_nid from its locator @src_loc arrived on our
 * locator @arrival of @idev from @lladdr (NULL: none known): if it came
 * straight from its source (its source locator is that network), that
 * node is the next hop for it there.  A router calls this for what it
 * forwards (input.c), a destination through ilnp_nexthop_heard().
 * Softirq.
 */
void ilnp_nexthop_direct(struct ilnp_dev *idev, u64 arrival, u64 src_loc,
			 u64 src_nid, const u8 *lladdr)
{
	if (lladdr && src_loc == arrival)
		ilnp_nexthop_learn(&idev->in->fib, src_nid, idev, arrival,
				   lladdr);
}

/* A datagram for us from correspondent @cb->src_nid, with its nonce.
 * Only the nonce's owner teaches its next hop: a neighbour forging its
 * NID must not draw its flows to itself alone.  Softirq.
 */
void ilnp_nexthop_heard(struct ilnp_dev *idev, const struct ilnp_skb_cb *cb,
			const struct sk_buff *skb)
{
	u8 buf[ETH_ALEN] __aligned(2);

	ilnp_nexthop_direct(idev, cb->arrival, cb->src_loc, cb->src_nid,
			    ilnp_underlay_lladdr(skb, buf));
}

/* The link-layer address of the next hop of a packet for (@dst_loc,
 * @dst_nid) leaving on our locator @loc of @idev, into @lladdr: the
 * destination itself if it is on that network, else the router the
 * route to @dst_loc was learnt from.  False: multicast it.  RCU.
 */
bool ilnp_nexthop_lladdr(struct ilnp_fib *fib, const struct ilnp_dev *idev,
			 u64 loc, u64 dst_loc, u64 dst_nid, u8 *lladdr)
{
	struct ilnp_table_node *node;
	const struct ilnp_nexthop *nh;
	const struct ilnp_route *rt;

	if (!dst_nid)
		return false;	/* all nodes */
	if (dst_loc == loc) {
		node = ilnp_table_lookup(&fib->hosts, dst_nid, jiffies);
		if (!node)
			return false;
		nh = container_of(node, struct ilnp_nexthop, node);
		if (nh->idev != idev || nh->loc != loc)
			return false;
		ether_addr_copy(lladdr, nh->lladdr);
		return true;
	}
	rt = ilnp_fib_lookup(fib, dst_loc);
	if (!rt || rt->node.pinned || rt->idev != idev || rt->via != loc ||
	    is_zero_ether_addr(rt->lladdr))
		return false;
	ether_addr_copy(lladdr, rt->lladdr);
	return true;
}
EXPORT_SYMBOL_FOR_ILNP_KUNIT(ilnp_nexthop_lladdr);

static bool nexthop_flush_match(const struct ilnp_table_node *node,
				const void *arg)
{
	return !arg ||
	       container_of(node, struct ilnp_nexthop, node)->idev == arg;
}

/* Forget the hosts heard through @idev (all if NULL). */
void ilnp_nexthop_flush(struct ilnp_fib *fib, const struct ilnp_dev *idev)
{
	ilnp_table_flush(&fib->hosts, nexthop_flush_match, idev);
}

/* Node @nid moved (its locator update): where it was heard directly
 * may not reach it any more, and a return routability probe sent
 * there by unicast would be lost (a new locator on the same network,
 * through another interface).  Its next datagram teaches it again.
 * Softirq or BHs off.
 */
void ilnp_nexthop_forget(struct ilnp_fib *fib, u64 nid)
{
	ilnp_table_remove(&fib->hosts, nid, NULL, NULL);
}

/* A host's next hop appeared, changed or went. */
static void nexthop_changed(struct ilnp_table *t,
			    const struct ilnp_table_node *node,
			    const struct ilnp_table_node *old, u32 why)
{
	const struct ilnp_nexthop *nh = container_of(node, struct ilnp_nexthop,
						     node);
	struct ilnp_event ev = {
		.type = why ? ILNP_EV_ROUTE_GONE : ILNP_EV_ROUTE_NEW,
		.ifindex = nh->idev->dev->ifindex,
		.peer_loc = nh->loc,
		.via = nh->loc,
		.nid = node->key,
		.lladdr = nh->lladdr,
		.reason = why,
	};

	ilnp_event_send(t->net, ILNP_NLGRP_ROUTE, &ev);
}

static const struct ilnp_table_ops nexthop_ops = {
	.release = nexthop_free,
	.changed = nexthop_changed,
	.gc_min = HZ / 10,
	.gc_max = 5 * HZ,
};

void ilnp_nexthop_init(struct ilnp_fib *fib)
{
	ilnp_table_init(&fib->hosts, &nexthop_ops, ILNP_ROUTE_MAX,
			ILNP_ROUTE_LIFETIME_S * HZ);
}
