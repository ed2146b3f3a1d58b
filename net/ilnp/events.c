// SPDX-License-Identifier: GPL-2.0
/*
 * Events: what changes in the node (our locators and moves, locator
 * updates, neighbours, learnt routes), one ILNP_CMD_EVENT message each,
 * multicast to the group of its kind for "ilnp-ip monitor".
 *
 * Any context (softirq, a table's lock held): built with GFP_ATOMIC,
 * and only when someone listens in the netns, so a node nobody watches
 * pays a bit test per event.  A listener too slow to read loses events
 * (netlink_broadcast() drops and the reader gets ENOBUFS); the sender
 * never waits.  Nothing secret goes out: what an event says, the gets
 * and dumps show to every user too, and never a nonce.
 */
#include <linux/etherdevice.h>

#include "netlink.h"
#include "events.h"

/* The largest event: every attribute, a full hostname. */
#define EVENT_SIZE	(nla_total_size(0) + 7 * nla_total_size_64bit(8) + \
			 10 * nla_total_size(4) +			   \
			 nla_total_size(ILNP_HOSTNAME_MAX + 1) +	   \
			 nla_total_size(ETH_ALEN))

/* While the family is registered: its group ids are ours only then.
 * Read under rcu_read_lock() with the send it allows, so that
 * ilnp_events_stop() waits for every send in flight.
 */
static bool events_on;

void ilnp_events_start(void)
{
	WRITE_ONCE(events_on, true);
}

void ilnp_events_stop(void)
{
	WRITE_ONCE(events_on, false);
	synchronize_rcu();
}

static int put_u64(struct sk_buff *skb, int type, u64 v)
{
	return v ? nla_put_u64_64bit(skb, type, v, ILNP_A_EVENT_PAD) : 0;
}

static int put_u32(struct sk_buff *skb, int type, u32 v, bool has)
{
	return has ? nla_put_u32(skb, type, v) : 0;
}

static int event_fill(struct sk_buff *skb, const struct ilnp_event *ev)
{
	struct nlattr *nest = nla_nest_start(skb, ILNP_A_EVENT);

	if (!nest ||
	    nla_put_u32(skb, ILNP_A_EVENT_TYPE, ev->type) ||
	    put_u32(skb, ILNP_A_EVENT_IFINDEX, ev->ifindex, ev->ifindex) ||
	    put_u32(skb, ILNP_A_EVENT_NEW_IFINDEX, ev->new_ifindex,
		    ev->new_ifindex) ||
	    put_u64(skb, ILNP_A_EVENT_LOC, ev->loc) ||
	    put_u64(skb, ILNP_A_EVENT_NEW_LOC, ev->new_loc) ||
	    put_u64(skb, ILNP_A_EVENT_NID, ev->nid) ||
	    put_u64(skb, ILNP_A_EVENT_PEER_LOC, ev->peer_loc) ||
	    put_u64(skb, ILNP_A_EVENT_VIA, ev->via) ||
	    put_u64(skb, ILNP_A_EVENT_ROUTER, ev->router) ||
	    put_u32(skb, ILNP_A_EVENT_SEQ, ev->seq, ev->has & ILNP_EVF_SEQ) ||
	    put_u32(skb, ILNP_A_EVENT_RETRIES, ev->retries,
		    ev->has & ILNP_EVF_RETRIES) ||
	    put_u32(skb, ILNP_A_EVENT_RTT_US, ev->rtt_us,
		    ev->has & ILNP_EVF_RTT) ||
	    put_u32(skb, ILNP_A_EVENT_HANDOFF_MS, ev->handoff_ms,
		    ev->has & ILNP_EVF_HANDOFF) ||
	    put_u32(skb, ILNP_A_EVENT_REASON, ev->reason, ev->reason) ||
	    ((ev->has & ILNP_EVF_PREF) &&
	     nla_put_u16(skb, ILNP_A_EVENT_PREFERENCE, ev->pref)) ||
	    (ev->lu_op && nla_put_u8(skb, ILNP_A_EVENT_LU_OP, ev->lu_op)) ||
	    (ev->hostname && ev->hostname[0] &&
	     nla_put_string(skb, ILNP_A_EVENT_HOSTNAME, ev->hostname)) ||
	    (ev->lladdr && !is_zero_ether_addr(ev->lladdr) &&
	     nla_put(skb, ILNP_A_EVENT_LLADDR, ETH_ALEN, ev->lladdr)))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

void ilnp_event_send(struct net *net, enum ilnp_nlgrp grp,
		     const struct ilnp_event *ev)
{
	struct sk_buff *skb;
	void *hdr;

	rcu_read_lock();
	if (!net || !READ_ONCE(events_on) ||
	    !genl_has_listeners(&ilnp_genl_family, net, grp))
		goto out;
	skb = genlmsg_new(EVENT_SIZE, GFP_ATOMIC);
	if (!skb)
		goto out;
	hdr = genlmsg_put(skb, 0, 0, &ilnp_genl_family, 0, ILNP_CMD_EVENT);
	if (!hdr || event_fill(skb, ev)) {
		/* EVENT_SIZE holds every attribute: a bug if reached. */
		WARN_ON_ONCE(1);
		nlmsg_free(skb);
		goto out;
	}
	genlmsg_end(skb, hdr);
	genlmsg_multicast_netns(&ilnp_genl_family, net, skb, 0, grp,
				GFP_ATOMIC);
out:
	rcu_read_unlock();
}

/* Where flows to peer @nid go changed from @old (0: nowhere) to @new. */
void ilnp_event_peer_loc(struct net *net, u64 nid, u64 old, u64 new)
{
	struct ilnp_event ev = {
		.type = ILNP_EV_PEER_LOC,
		.nid = nid,
		.peer_loc = old,
		.new_loc = new,
	};

	if (new && new != old)
		ilnp_event_send(net, ILNP_NLGRP_UPDATE, &ev);
}

/* An update or ack from peer @nid, heard on @idev, not taken: @why. */
void ilnp_event_lu_refused(struct ilnp_dev *idev, u64 nid, u8 op, u16 seq,
			   u32 why)
{
	struct ilnp_event ev = {
		.type = ILNP_EV_LU_REFUSED,
		.has = ILNP_EVF_SEQ,
		.ifindex = idev->dev->ifindex,
		.nid = nid,
		.lu_op = op,
		.seq = seq,
		.reason = why,
	};

	ilnp_event_send(dev_net(idev->dev), ILNP_NLGRP_UPDATE, &ev);
}
