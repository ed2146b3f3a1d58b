// SPDX-License-Identifier: GPL-2.0
/*
 * Generic netlink, the learnt tables: the forwarding table
 * (ILNP_A_ROUTE), the neighbours of discovery (ILNP_A_NEIGH, with
 * resolve and solicit) and the correspondent cache (ILNP_A_CACHE).  All
 * three are aging tables (table.h) that softirq readers walk under RCU;
 * the dumps do the same and resume from the table's cursor.
 */
#include <linux/etherdevice.h>
#include <linux/rtnetlink.h>

#include "netlink.h"

/* One entry of the route dump: a route, or a host (nexthop.c). */
struct route_msg {
	u64 loc, nid, via;
	int ifindex;
	unsigned long age;		/* jiffies */
	u32 flags;
	const u8 *lladdr;		/* NULL: none known */
};

static int route_put(struct sk_buff *skb, const struct route_msg *m)
{
	struct nlattr *nest = nla_nest_start(skb, ILNP_A_ROUTE);

	if (!nest ||
	    nla_put_u64_64bit(skb, ILNP_A_ROUTE_LOC, m->loc,
			      ILNP_A_ROUTE_PAD) ||
	    ((m->flags & ILNP_ROUTE_F_HOST) &&
	     nla_put_u64_64bit(skb, ILNP_A_ROUTE_NID, m->nid,
			       ILNP_A_ROUTE_PAD)) ||
	    nla_put_u64_64bit(skb, ILNP_A_ROUTE_VIA, m->via,
			      ILNP_A_ROUTE_PAD) ||
	    nla_put_u32(skb, ILNP_A_ROUTE_IFINDEX, m->ifindex) ||
	    nla_put_u32(skb, ILNP_A_ROUTE_AGE_MS, jiffies_to_msecs(m->age)) ||
	    nla_put_u32(skb, ILNP_A_ROUTE_FLAGS, m->flags) ||
	    (m->lladdr &&
	     nla_put(skb, ILNP_A_ROUTE_LLADDR, ETH_ALEN, m->lladdr)))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

static int route_msg_fill(struct sk_buff *skb, struct netlink_callback *cb,
			  const struct route_msg *m)
{
	void *hdr = ilnp_nl_dump_start(skb, cb, ILNP_CMD_ROUTE_GET);

	if (!hdr)
		return -EMSGSIZE;
	genl_dump_check_consistent(cb, hdr);
	if (route_put(skb, m)) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return 0;
}

/* Expired entries the collector has not reached yet are not shown. */
static int route_fill(struct sk_buff *skb, struct netlink_callback *cb,
		      struct ilnp_table_node *node, unsigned long now)
{
	const struct ilnp_route *rt = container_of(node, struct ilnp_route,
						   node);
	struct ilnp_fib *fib = &ilnp_pernet(sock_net(skb->sk))->fib;
	struct route_msg m = {
		.loc = node->key,
		.via = rt->via,
		.ifindex = rt->idev->dev->ifindex,
		.age = now - READ_ONCE(node->updated),
		.flags = rt->flags,
	};

	if (ilnp_route_expired(fib, rt, now))
		return 0;
	if (rt->flags & ILNP_ROUTE_F_OWN)
		m.age = 0;
	if (!is_zero_ether_addr(rt->lladdr))
		m.lladdr = rt->lladdr;
	return route_msg_fill(skb, cb, &m);
}

static int host_fill(struct sk_buff *skb, struct netlink_callback *cb,
		     struct ilnp_table_node *node, unsigned long now)
{
	const struct ilnp_nexthop *nh = container_of(node, struct ilnp_nexthop,
						     node);
	struct ilnp_fib *fib = &ilnp_pernet(sock_net(skb->sk))->fib;
	const struct route_msg m = {
		.loc = nh->loc,
		.nid = node->key,
		.via = nh->loc,
		.ifindex = nh->idev->dev->ifindex,
		.age = now - READ_ONCE(node->updated),
		.flags = ILNP_ROUTE_F_HOST,
		.lladdr = nh->lladdr,
	};

	if (ilnp_table_expired(&fib->hosts, node, now))
		return 0;
	return route_msg_fill(skb, cb, &m);
}

/* The routes, then the hosts heard directly (nexthop.c). */
int ilnp_nl_route_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct ilnp_fib *fib = &ilnp_pernet(sock_net(skb->sk))->fib;
	struct ilnp_table *const tables[] = { &fib->table, &fib->hosts };
	static const ilnp_nl_fill_t fills[] = { route_fill, host_fill };

	return ilnp_nl_dump_tables(skb, cb, tables, fills, ARRAY_SIZE(fills));
}

/* A peer's locator set: one nest of type @type (ILNP_A_NEIGH_PEER_LOC
 * or ILNP_A_CACHE_PEER_LOC) per locator.
 */
static int peer_locs_put(struct sk_buff *skb, int type,
			 const struct ilnp_neigh *n)
{
	struct nlattr *entry;
	int i;

	for (i = 0; i < n->nloc; i++) {
		entry = nla_nest_start(skb, type);
		if (!entry ||
		    nla_put_u64_64bit(skb, ILNP_A_PEER_LOC_LOC, n->locs[i].loc,
				      ILNP_A_PEER_LOC_PAD) ||
		    nla_put_u16(skb, ILNP_A_PEER_LOC_PREFERENCE,
				n->locs[i].pref) ||
		    nla_put_u32(skb, ILNP_A_PEER_LOC_LIFETIME,
				n->locs[i].lifetime))
			return -EMSGSIZE;
		nla_nest_end(skb, entry);
	}
	return 0;
}

static int neigh_put(struct sk_buff *skb, const struct ilnp_neigh *n,
		     unsigned long now)
{
	struct nlattr *nest = nla_nest_start(skb, ILNP_A_NEIGH);

	if (!nest ||
	    nla_put_u64_64bit(skb, ILNP_A_NEIGH_NID, n->node.key,
			      ILNP_A_NEIGH_PAD) ||
	    nla_put_string(skb, ILNP_A_NEIGH_HOSTNAME, n->hostname) ||
	    peer_locs_put(skb, ILNP_A_NEIGH_PEER_LOC, n) ||
	    nla_put_u32(skb, ILNP_A_NEIGH_IFINDEX, n->idev->dev->ifindex) ||
	    nla_put_u64_64bit(skb, ILNP_A_NEIGH_VIA, n->via,
			      ILNP_A_NEIGH_PAD) ||
	    nla_put_u32(skb, ILNP_A_NEIGH_AGE_MS,
			jiffies_to_msecs(now - READ_ONCE(n->node.updated))) ||
	    nla_put_u32(skb, ILNP_A_NEIGH_SEQ, n->seq))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

static int neigh_fill(struct sk_buff *skb, struct netlink_callback *cb,
		      struct ilnp_table_node *node, unsigned long now)
{
	const struct ilnp_neigh *n = container_of(node, struct ilnp_neigh, node);
	struct ilnp_neigh_table *t = &ilnp_pernet(sock_net(skb->sk))->neighs;
	void *hdr;

	if (ilnp_neigh_expired(t, n, now))
		return 0;
	hdr = ilnp_nl_dump_start(skb, cb, ILNP_CMD_NEIGH_GET);
	if (!hdr)
		return -EMSGSIZE;
	genl_dump_check_consistent(cb, hdr);
	if (neigh_put(skb, n, now)) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return 0;
}

int ilnp_nl_neigh_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct ilnp_neigh_table *t = &ilnp_pernet(sock_net(skb->sk))->neighs;

	return ilnp_nl_dump_table(skb, cb, &t->table, neigh_fill);
}

static int resolve_reply(struct genl_info *info, const char *name, u64 nid,
			 u64 loc)
{
	struct nlattr *nest;
	struct sk_buff *msg;
	void *hdr;

	msg = genlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = ilnp_nl_msg_start(msg, info, ILNP_CMD_RESOLVE);
	nest = hdr ? nla_nest_start(msg, ILNP_A_NEIGH) : NULL;
	if (!nest ||
	    nla_put_u64_64bit(msg, ILNP_A_NEIGH_NID, nid, ILNP_A_NEIGH_PAD) ||
	    nla_put_u64_64bit(msg, ILNP_A_NEIGH_LOC, loc, ILNP_A_NEIGH_PAD) ||
	    nla_put_string(msg, ILNP_A_NEIGH_HOSTNAME, name)) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	nla_nest_end(msg, nest);
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
}

int ilnp_nl_resolve(struct sk_buff *skb, struct genl_info *info)
{
	struct ilnp_net *in = ilnp_pernet(genl_info_net(info));
	struct nlattr *a[ILNP_A_NEIGH_MAX + 1];
	char name[ILNP_HOSTNAME_MAX + 1];
	u64 nid, loc;
	int err;

	err = ilnp_nl_parse(info, ILNP_A_NEIGH, a, ILNP_A_NEIGH_MAX,
			    ilnp_nl_resolve_policy);
	if (err)
		return err;
	if (NL_REQ_ATTR_CHECK(info->extack, info->attrs[ILNP_A_NEIGH], a,
			      ILNP_A_NEIGH_HOSTNAME)) {
		NL_SET_ERR_MSG(info->extack, "Missing hostname");
		return -EINVAL;
	}
	nla_strscpy(name, a[ILNP_A_NEIGH_HOSTNAME], sizeof(name));
	err = ilnp_neigh_resolve(&in->neighs, name, &nid, &loc);
	if (err) {
		NL_SET_ERR_MSG_ATTR(info->extack, a[ILNP_A_NEIGH_HOSTNAME],
				    "No neighbour has this hostname");
		return err;
	}
	return resolve_reply(info, name, nid, loc);
}

int ilnp_nl_solicit(struct sk_buff *skb, struct genl_info *info)
{
	ilnp_disc_solicit_now(ilnp_pernet(genl_info_net(info)));
	return 0;
}

/* The ILCC: an entry's fields change under its lock; the caller holds
 * it.  The nonces and our update sequence are what a forged update
 * needs: only @secrets (CAP_NET_ADMIN) shows them.
 */
static int cache_put(struct sk_buff *skb, struct ilnp_ilcc_entry *e,
		     unsigned long now, bool secrets)
{
	struct nlattr *nest = nla_nest_start(skb, ILNP_A_CACHE);
	struct ilnp_neigh n = { };

	n.nloc = e->nloc;
	memcpy(n.locs, e->locs, sizeof(n.locs));
	if (!nest ||
	    nla_put_u64_64bit(skb, ILNP_A_CACHE_NID, e->node.key,
			      ILNP_A_CACHE_PAD) ||
	    nla_put_u64_64bit(skb, ILNP_A_CACHE_LOC, ilnp_ilcc_locator(e, now),
			      ILNP_A_CACHE_PAD) ||
	    peer_locs_put(skb, ILNP_A_CACHE_PEER_LOC, &n) ||
	    (secrets &&
	     nla_put_u32(skb, ILNP_A_CACHE_NONCE_LOCAL, e->our_nonce)) ||
	    (secrets && e->peer_nonce_known &&
	     nla_put_u32(skb, ILNP_A_CACHE_NONCE_PEER, e->peer_nonce)) ||
	    nla_put_u32(skb, ILNP_A_CACHE_AGE_MS,
			jiffies_to_msecs(now - READ_ONCE(e->node.updated))) ||
	    nla_put_u8(skb, ILNP_A_CACHE_LU_STATE, e->lu_state) ||
	    (secrets && nla_put_u32(skb, ILNP_A_CACHE_LU_SEQ, e->lu_seq)) ||
	    nla_put_u32(skb, ILNP_A_CACHE_LU_RETRIES, e->lu_retries) ||
	    (e->lu_state == ILNP_LU_ACKED &&
	     nla_put_u32(skb, ILNP_A_CACHE_LU_RTT_US, e->lu_rtt_us)))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

static int cache_fill(struct sk_buff *skb, struct netlink_callback *cb,
		      struct ilnp_table_node *node, unsigned long now)
{
	struct ilnp_ilcc_entry *e = container_of(node, struct ilnp_ilcc_entry,
						 node);
	struct ilnp_ilcc *c = &ilnp_pernet(sock_net(skb->sk))->ilcc;
	void *hdr;
	int err;

	if (ilnp_ilcc_expired(c, e, now))
		return 0;
	hdr = ilnp_nl_dump_start(skb, cb, ILNP_CMD_CACHE_GET);
	if (!hdr)
		return -EMSGSIZE;
	genl_dump_check_consistent(cb, hdr);
	spin_lock_bh(&e->lock);
	err = cache_put(skb, e, now,
			netlink_net_capable(cb->skb, CAP_NET_ADMIN));
	spin_unlock_bh(&e->lock);
	if (err)
		genlmsg_cancel(skb, hdr);
	else
		genlmsg_end(skb, hdr);
	return err;
}

int ilnp_nl_cache_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct ilnp_ilcc *c = &ilnp_pernet(sock_net(skb->sk))->ilcc;

	return ilnp_nl_dump_table(skb, cb, &c->table, cache_fill);
}

/* The device a flush is limited to, from the optional nest @type
 * (*@idev NULL: every device), parsed into @a.  RTNL, which keeps it.
 */
static int flush_dev(struct genl_info *info, int type, struct nlattr **a,
		     int maxtype, const struct nla_policy *policy,
		     int ifindex_type, struct ilnp_dev **idev)
{
	int err;

	ASSERT_RTNL();
	*idev = NULL;
	if (!info->attrs[type])
		return 0;
	err = nla_parse_nested(a, maxtype, info->attrs[type], policy,
			       info->extack);
	if (err || !a[ifindex_type])
		return err;
	*idev = ilnp_dev_get(genl_info_net(info),
			     nla_get_u32(a[ifindex_type]));
	if (!*idev) {
		NL_SET_ERR_MSG_ATTR(info->extack, a[ifindex_type],
				    "Not an ilnp device");
		return -ENODEV;
	}
	return 0;
}

int ilnp_nl_route_flush(struct sk_buff *skb, struct genl_info *info)
{
	struct ilnp_net *in = ilnp_pernet(genl_info_net(info));
	struct nlattr *a[ILNP_A_ROUTE_MAX + 1];
	struct ilnp_dev *idev;
	int err;

	rtnl_lock();
	err = flush_dev(info, ILNP_A_ROUTE, a, ILNP_A_ROUTE_MAX,
			ilnp_nl_route_flush_policy, ILNP_A_ROUTE_IFINDEX, &idev);
	if (!err)
		ilnp_fib_flush(&in->fib, idev, 0, false);
	rtnl_unlock();
	return err;
}

int ilnp_nl_neigh_flush(struct sk_buff *skb, struct genl_info *info)
{
	struct ilnp_net *in = ilnp_pernet(genl_info_net(info));
	struct nlattr *a[ILNP_A_NEIGH_MAX + 1];
	struct ilnp_dev *idev;
	int err;

	rtnl_lock();
	err = flush_dev(info, ILNP_A_NEIGH, a, ILNP_A_NEIGH_MAX,
			ilnp_nl_neigh_flush_policy, ILNP_A_NEIGH_IFINDEX, &idev);
	if (!err)
		ilnp_neigh_flush(&in->neighs, idev);
	rtnl_unlock();
	return err;
}
