// SPDX-License-Identifier: GPL-2.0
/*
 * Generic netlink, echo for ilnp-ping: ILNP_CMD_ECHO_SEND sends an echo
 * request; every echo reply that arrives goes as an ILNP_CMD_ECHO_REPLY
 * message, by unicast, to each netlink socket of the reply's netns that
 * has sent a request with the reply's echo id and is still open.  Both
 * carry the nest ILNP_A_ECHO.
 *
 * Not a multicast group: any local user may join a group (the
 * GENL_MCAST_CAP_* flags that restrict one appear in 6.7, we support
 * 6.1), and replies tell who answers whom, and when.  Only a sender of
 * requests, which needs CAP_NET_ADMIN, hears them.
 */
#include <linux/hash.h>
#include <linux/notifier.h>
#include <net/netns/hash.h>

#include "netlink.h"

/* Who asked: one entry per (netns, netlink socket, echo id), made by the
 * socket's first request with that id and dropped when the socket
 * closes (NETLINK_URELEASE), so that a later socket given the same
 * portid hears nothing meant for the old one.  A netns with
 * ECHO_PENDING_MAX entries has those idle for ECHO_PENDING_IDLE
 * reclaimed, else a new one is refused.
 *
 * One table for the module, not per netns: its entries live no longer
 * than their sockets, which hold their netns, and softirq readers may
 * run until the devices are gone, after ilnp_netlink_exit(); entries are
 * freed after a grace period, the table never.
 */
#define ECHO_PENDING_BITS	6
#define ECHO_PENDING_MAX	64
#define ECHO_PENDING_IDLE	(60 * HZ)

struct echo_pending {
	struct hlist_node node;		/* echo_buckets, RCU */
	struct rcu_head rcu;
	const struct net *net;		/* held by the socket */
	unsigned long used;		/* jiffies of its last request */
	u32 portid;
	u16 id;
};

static DEFINE_SPINLOCK(echo_lock);	/* writers */
static struct hlist_head echo_buckets[1 << ECHO_PENDING_BITS];
static unsigned int echo_count;		/* entries, READ_ONCE in softirq */

static struct hlist_head *echo_bucket(const struct net *net, u16 id)
{
	return &echo_buckets[hash_32(net_hash_mix(net) ^ id,
				     ECHO_PENDING_BITS)];
}

static void echo_pending_del(struct echo_pending *e)
{
	lockdep_assert_held(&echo_lock);
	hlist_del_rcu(&e->node);
	WRITE_ONCE(echo_count, echo_count - 1);
	kfree_rcu(e, rcu);
}

/* Reclaim what @net has idle.  Returns whether @net has room now. */
static bool echo_pending_room(const struct net *net)
{
	unsigned long now = jiffies;
	struct echo_pending *e;
	struct hlist_node *tmp;
	unsigned int n = 0;
	int i;

	lockdep_assert_held(&echo_lock);
	for (i = 0; i < ARRAY_SIZE(echo_buckets); i++)
		hlist_for_each_entry_safe(e, tmp, &echo_buckets[i], node) {
			if (e->net != net)
				continue;
			if (time_after(now, e->used + ECHO_PENDING_IDLE))
				echo_pending_del(e);
			else
				n++;
		}
	return n < ECHO_PENDING_MAX;
}

static struct echo_pending *echo_pending_find(const struct net *net,
					      u32 portid, u16 id)
{
	struct echo_pending *e;

	lockdep_assert_held(&echo_lock);
	hlist_for_each_entry(e, echo_bucket(net, id), node)
		if (e->net == net && e->portid == portid && e->id == id)
			return e;
	return NULL;
}

/* Note that @portid of @net sends requests with echo @id.  Before the
 * request goes out: its reply can come back before the request's ack.
 */
static int echo_pending_add(const struct net *net, u32 portid, u16 id)
{
	struct echo_pending *e, *new;
	int err = 0;

	if (!portid)
		return 0;	/* a kernel socket: nobody to tell */
	new = kmalloc(sizeof(*new), GFP_KERNEL_ACCOUNT);
	if (!new)
		return -ENOMEM;
	spin_lock_bh(&echo_lock);
	e = echo_pending_find(net, portid, id);
	if (e) {
		e->used = jiffies;
		goto out_unlock;
	}
	if (!echo_pending_room(net)) {
		err = -ENOSPC;
		goto out_unlock;
	}
	*new = (struct echo_pending) {
		.net = net,
		.used = jiffies,
		.portid = portid,
		.id = id,
	};
	hlist_add_head_rcu(&new->node, echo_bucket(net, id));
	WRITE_ONCE(echo_count, echo_count + 1);
	new = NULL;
out_unlock:
	spin_unlock_bh(&echo_lock);
	kfree(new);
	return err;
}

/* Forget the entries of @portid in @net, or all of them if !@net. */
static void echo_pending_flush(const struct net *net, u32 portid)
{
	struct echo_pending *e;
	struct hlist_node *tmp;
	int i;

	spin_lock_bh(&echo_lock);
	for (i = 0; i < ARRAY_SIZE(echo_buckets); i++)
		hlist_for_each_entry_safe(e, tmp, &echo_buckets[i], node)
			if (!net || (e->net == net && e->portid == portid))
				echo_pending_del(e);
	spin_unlock_bh(&echo_lock);
}

/* A netlink socket closed: its portid may go to another socket next. */
static int echo_urelease(struct notifier_block *nb, unsigned long state,
			 void *ptr)
{
	const struct netlink_notify *n = ptr;

	if (state == NETLINK_URELEASE && n->protocol == NETLINK_GENERIC &&
	    READ_ONCE(echo_count))
		echo_pending_flush(n->net, n->portid);
	return NOTIFY_DONE;
}

static struct notifier_block echo_notifier = {
	.notifier_call = echo_urelease,
};

/* Before the family: no request can come before the notifier is on. */
int __init ilnp_nl_echo_init(void)
{
	return netlink_register_notifier(&echo_notifier);
}

/* After the family: no request comes any more.  Sockets still open
 * may have entries: freed here, after readers are done with them.
 */
void ilnp_nl_echo_exit(void)
{
	netlink_unregister_notifier(&echo_notifier);
	echo_pending_flush(NULL, 0);
}

/* ID, SEQ and the destination are required; the policy checked the rest. */
static int echo_send_check(struct genl_info *info, struct nlattr **a)
{
	const struct nlattr *nest = info->attrs[ILNP_A_ECHO];

	if (NL_REQ_ATTR_CHECK(info->extack, nest, a, ILNP_A_ECHO_DST_LOC) ||
	    NL_REQ_ATTR_CHECK(info->extack, nest, a, ILNP_A_ECHO_DST_NID) ||
	    NL_REQ_ATTR_CHECK(info->extack, nest, a, ILNP_A_ECHO_ID) ||
	    NL_REQ_ATTR_CHECK(info->extack, nest, a, ILNP_A_ECHO_SEQ)) {
		NL_SET_ERR_MSG(info->extack,
			       "Needs destination locator and NID, echo id and sequence");
		return -EINVAL;
	}
	return 0;
}

static void echo_send_error(struct genl_info *info, int err)
{
	if (err == -EHOSTUNREACH)
		NL_SET_ERR_MSG(info->extack,
			       "No route to the destination locator");
	else if (err == -EMSGSIZE)
		NL_SET_ERR_MSG(info->extack, "Larger than the device MTU");
	else if (err == -EADDRNOTAVAIL)
		NL_SET_ERR_MSG(info->extack, "Not one of our locators");
	else if (err == -ENETDOWN)
		NL_SET_ERR_MSG(info->extack, "The locator's device is down");
	else if (err == -ENOSPC)
		NL_SET_ERR_MSG(info->extack,
			       "Too many sockets and echo ids waiting for replies");
	else if (err)
		NL_SET_ERR_MSG(info->extack, "Echo request not sent");
}

int ilnp_nl_echo_send(struct sk_buff *skb, struct genl_info *info)
{
	struct ilnp_net *in = ilnp_pernet(genl_info_net(info));
	struct nlattr *a[ILNP_A_ECHO_MAX + 1];
	u8 hop_limit;
	u16 id;
	int err;

	err = ilnp_nl_parse(info, ILNP_A_ECHO, a, ILNP_A_ECHO_MAX,
			    ilnp_nl_echo_send_policy);
	if (!err)
		err = echo_send_check(info, a);
	if (err)
		return err;
	id = nla_get_u16(a[ILNP_A_ECHO_ID]);
	err = echo_pending_add(in->net, info->snd_portid, id);
	if (err)
		goto out;
	hop_limit = a[ILNP_A_ECHO_HOP_LIMIT] ?
		    nla_get_u8(a[ILNP_A_ECHO_HOP_LIMIT]) :
		    READ_ONCE(in->hop_limit);
	err = ilnp_echo_send(in, a[ILNP_A_ECHO_OUT_LOC] ?
			     nla_get_u64(a[ILNP_A_ECHO_OUT_LOC]) : 0,
			     nla_get_u64(a[ILNP_A_ECHO_DST_LOC]),
			     nla_get_u64(a[ILNP_A_ECHO_DST_NID]), id,
			     nla_get_u16(a[ILNP_A_ECHO_SEQ]), hop_limit,
			     a[ILNP_A_ECHO_PAYLOAD_LEN] ?
			     nla_get_u16(a[ILNP_A_ECHO_PAYLOAD_LEN]) : 56);
out:
	echo_send_error(info, err);
	return err;
}

static size_t echo_reply_size(void)
{
	return nla_total_size(0) +		/* ILNP_A_ECHO */
	       3 * nla_total_size_64bit(8) +	/* SRC_LOC, SRC_NID, LOC */
	       2 * nla_total_size(2) +		/* ID, SEQ */
	       nla_total_size(1) +		/* HOP_LIMIT */
	       nla_total_size(2) +		/* PAYLOAD_LEN */
	       nla_total_size(4);		/* IFINDEX */
}

static int echo_reply_put(struct sk_buff *msg, const struct ilnp_hdr *hdr,
			  const struct ilnp_echo *echo, u16 payload_len,
			  struct ilnp_dev *idev, u64 arrival)
{
	struct nlattr *nest = nla_nest_start(msg, ILNP_A_ECHO);

	if (!nest ||
	    nla_put_u64_64bit(msg, ILNP_A_ECHO_SRC_LOC,
			      be64_to_cpu(hdr->src.loc), ILNP_A_ECHO_PAD) ||
	    nla_put_u64_64bit(msg, ILNP_A_ECHO_SRC_NID,
			      be64_to_cpu(hdr->src.nid), ILNP_A_ECHO_PAD) ||
	    nla_put_u16(msg, ILNP_A_ECHO_ID, ntohs(echo->id)) ||
	    nla_put_u16(msg, ILNP_A_ECHO_SEQ, ntohs(echo->seq)) ||
	    nla_put_u8(msg, ILNP_A_ECHO_HOP_LIMIT, hdr->hop_limit) ||
	    nla_put_u16(msg, ILNP_A_ECHO_PAYLOAD_LEN, payload_len) ||
	    nla_put_u32(msg, ILNP_A_ECHO_IFINDEX, idev->dev->ifindex) ||
	    nla_put_u64_64bit(msg, ILNP_A_ECHO_LOC, arrival, ILNP_A_ECHO_PAD))
		return -EMSGSIZE;
	nla_nest_end(msg, nest);
	return 0;
}

/* An echo reply arrived (softirq): tell the sockets that asked.  Sent
 * as an event (portid and sequence 0), not as the answer to one request;
 * a socket that has closed or overrun just misses it.
 */
void ilnp_netlink_echo_reply(struct ilnp_net *in, const struct ilnp_hdr *hdr,
			     const struct ilnp_echo *echo, u16 payload_len,
			     struct ilnp_dev *idev, u64 arrival)
{
	u16 id = ntohs(echo->id);
	struct echo_pending *e;
	struct sk_buff *msg, *copy;
	void *h;

	if (!READ_ONCE(echo_count))
		return;
	msg = genlmsg_new(echo_reply_size(), GFP_ATOMIC);
	if (!msg)
		return;
	h = genlmsg_put(msg, 0, 0, &ilnp_genl_family, 0, ILNP_CMD_ECHO_REPLY);
	if (!h || echo_reply_put(msg, hdr, echo, payload_len, idev, arrival))
		goto out_free;
	genlmsg_end(msg, h);
	rcu_read_lock();
	hlist_for_each_entry_rcu(e, echo_bucket(in->net, id), node) {
		if (e->net != in->net || e->id != id)
			continue;
		copy = skb_clone(msg, GFP_ATOMIC);
		if (copy)
			genlmsg_unicast(in->net, copy, e->portid);
	}
	rcu_read_unlock();
out_free:
	nlmsg_free(msg);
}
