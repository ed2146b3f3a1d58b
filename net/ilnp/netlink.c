// SPDX-License-Identifier: GPL-2.0
/*
 * Generic netlink family "ilnp": node settings, locators, and a dump of
 * every table; echo requests for ilnp-ping and their replies as events.
 * Writes need CAP_NET_ADMIN in the netns and run under RTNL.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/ctype.h>
#include <linux/rtnetlink.h>
#include <net/genetlink.h>

#include "ilnp.h"

enum { ILNP_MCGRP_ECHO };

static struct genl_family ilnp_genl_family;

static struct netlink_range_validation route_lifetime_range = {
	.min = 1,
	.max = 86400,
};

static struct netlink_range_validation route_max_range = {
	.min = 1,
	.max = ILNP_ROUTE_MAX_LIMIT,
};

static struct netlink_range_validation disc_period_range = {
	.min = 0,
	.max = 3600,
};

static struct netlink_range_validation handoff_range = {
	.min = 0,
	.max = 3600 * 1000,
};

static struct netlink_range_validation session_range = {
	.min = 1,
	.max = 3600,
};

static struct netlink_range_validation neigh_max_range = {
	.min = 1,
	.max = ILNP_NEIGH_MAX_LIMIT,
};

static const struct nla_policy ilnp_nl_policy[ILNP_A_MAX + 1] = {
	[ILNP_A_IFINDEX] = { .type = NLA_U32 },
	[ILNP_A_NID] = { .type = NLA_U64 },
	[ILNP_A_HOSTNAME] = { .type = NLA_STRING, .len = ILNP_HOSTNAME_MAX },
	[ILNP_A_HOP_LIMIT] = NLA_POLICY_MIN(NLA_U8, 1),
	[ILNP_A_ROUTE_LIFETIME] = NLA_POLICY_FULL_RANGE(NLA_U32,
						      &route_lifetime_range),
	[ILNP_A_ROUTE_MAX] = NLA_POLICY_FULL_RANGE(NLA_U32, &route_max_range),
	[ILNP_A_LOCATOR] = { .type = NLA_U64 },
	[ILNP_A_PREFERENCE] = { .type = NLA_U16 },
	[ILNP_A_DST_LOC] = { .type = NLA_U64 },
	[ILNP_A_DST_NID] = { .type = NLA_U64 },
	[ILNP_A_ECHO_ID] = { .type = NLA_U16 },
	[ILNP_A_ECHO_SEQ] = { .type = NLA_U16 },
	[ILNP_A_PAYLOAD_LEN] = NLA_POLICY_MAX(NLA_U16, ILNP_ECHO_PAYLOAD_MAX),
	[ILNP_A_DISC_PERIOD] = NLA_POLICY_FULL_RANGE(NLA_U32,
						     &disc_period_range),
	[ILNP_A_NEIGH_LIFETIME] = NLA_POLICY_FULL_RANGE(NLA_U32,
							&route_lifetime_range),
	[ILNP_A_NEIGH_MAX] = NLA_POLICY_FULL_RANGE(NLA_U32, &neigh_max_range),
	[ILNP_A_NEW_LOCATOR] = { .type = NLA_U64 },
	[ILNP_A_NEW_IFINDEX] = { .type = NLA_U32 },
	[ILNP_A_HANDOFF_MS] = NLA_POLICY_FULL_RANGE(NLA_U32, &handoff_range),
	[ILNP_A_SESSION_LIFETIME] = NLA_POLICY_FULL_RANGE(NLA_U32,
							  &session_range),
	[ILNP_A_LU_RETRIES] = NLA_POLICY_MAX(NLA_U32, 20),
	[ILNP_A_PATH_HOLD_MS] = NLA_POLICY_MAX(NLA_U32, 1000),
};

static void *msg_start(struct sk_buff *skb, struct genl_info *info, u8 cmd)
{
	return genlmsg_put(skb, info->snd_portid, info->snd_seq,
			   &ilnp_genl_family, 0, cmd);
}

static void *dump_start(struct sk_buff *skb, struct netlink_callback *cb,
			u8 cmd)
{
	return genlmsg_put(skb, NETLINK_CB(cb->skb).portid, cb->nlh->nlmsg_seq,
			   &ilnp_genl_family, NLM_F_MULTI, cmd);
}

/* Node */

static int node_fill(struct sk_buff *skb, struct ilnp_net *in)
{
	ASSERT_RTNL();
	if (nla_put_u64_64bit(skb, ILNP_A_NID, in->nid, ILNP_A_PAD) ||
	    nla_put_string(skb, ILNP_A_HOSTNAME, in->hostname) ||
	    nla_put_u8(skb, ILNP_A_HOP_LIMIT, in->hop_limit) ||
	    nla_put_u32(skb, ILNP_A_ROUTE_LIFETIME,
			READ_ONCE(in->fib.lifetime) / HZ) ||
	    nla_put_u32(skb, ILNP_A_ROUTE_MAX, READ_ONCE(in->fib.max)) ||
	    nla_put_u32(skb, ILNP_A_ROUTE_COUNT, READ_ONCE(in->fib.learnt)) ||
	    nla_put_u32(skb, ILNP_A_DISC_PERIOD,
			READ_ONCE(in->disc.period) / HZ) ||
	    nla_put_u32(skb, ILNP_A_NEIGH_LIFETIME,
			READ_ONCE(in->neighs.lifetime) / HZ) ||
	    nla_put_u32(skb, ILNP_A_NEIGH_MAX, READ_ONCE(in->neighs.max)) ||
	    nla_put_u32(skb, ILNP_A_NEIGH_COUNT, READ_ONCE(in->neighs.count)) ||
	    nla_put_u32(skb, ILNP_A_SESSION_LIFETIME,
			READ_ONCE(in->ilcc.session) / HZ) ||
	    nla_put_u32(skb, ILNP_A_LU_RETRIES, READ_ONCE(in->ilcc.lu_retries)) ||
	    nla_put_u32(skb, ILNP_A_PATH_HOLD_MS,
			jiffies_to_msecs(READ_ONCE(in->ilcc.path_hold))) ||
	    nla_put_u32(skb, ILNP_A_CACHE_COUNT, READ_ONCE(in->ilcc.count)))
		return -EMSGSIZE;
	return 0;
}

static int ilnp_nl_node_get(struct sk_buff *skb, struct genl_info *info)
{
	struct ilnp_net *in = ilnp_pernet(genl_info_net(info));
	struct sk_buff *msg;
	void *hdr;
	int err;

	msg = genlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = msg_start(msg, info, ILNP_CMD_NODE_GET);
	if (!hdr)
		goto err_size;
	rtnl_lock();
	err = node_fill(msg, in);
	rtnl_unlock();
	if (err)
		goto err_size;
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);

err_size:
	nlmsg_free(msg);
	return -EMSGSIZE;
}

static int ilnp_nl_node_set(struct sk_buff *skb, struct genl_info *info)
{
	struct ilnp_net *in = ilnp_pernet(genl_info_net(info));
	struct nlattr **a = info->attrs;
	char name[ILNP_HOSTNAME_MAX + 1];

	if (a[ILNP_A_NID] && !nla_get_u64(a[ILNP_A_NID])) {
		NL_SET_ERR_MSG_ATTR(info->extack, a[ILNP_A_NID],
				    "NID 0 is reserved for all nodes");
		return -EINVAL;
	}
	if (a[ILNP_A_HOSTNAME]) {
		nla_strscpy(name, a[ILNP_A_HOSTNAME], sizeof(name));
		if (!ilnp_hostname_valid(name, strlen(name))) {
			NL_SET_ERR_MSG_ATTR(info->extack, a[ILNP_A_HOSTNAME],
					    "Hostname: letters, digits, '-' and '.' only, not first");
			return -EINVAL;
		}
	}

	/* Everything checked: apply it all. */
	rtnl_lock();
	if (a[ILNP_A_NID])
		WRITE_ONCE(in->nid, nla_get_u64(a[ILNP_A_NID]));
	if (a[ILNP_A_HOSTNAME])
		strscpy(in->hostname, name, sizeof(in->hostname));
	if (a[ILNP_A_HOP_LIMIT])
		WRITE_ONCE(in->hop_limit, nla_get_u8(a[ILNP_A_HOP_LIMIT]));
	if (a[ILNP_A_ROUTE_LIFETIME] || a[ILNP_A_ROUTE_MAX])
		ilnp_fib_set_limits(&in->fib,
				    a[ILNP_A_ROUTE_LIFETIME] ?
				    nla_get_u32(a[ILNP_A_ROUTE_LIFETIME]) : 0,
				    a[ILNP_A_ROUTE_MAX] ?
				    nla_get_u32(a[ILNP_A_ROUTE_MAX]) : 0);
	if (a[ILNP_A_NEIGH_LIFETIME] || a[ILNP_A_NEIGH_MAX])
		ilnp_neigh_set_limits(&in->neighs,
				      a[ILNP_A_NEIGH_LIFETIME] ?
				      nla_get_u32(a[ILNP_A_NEIGH_LIFETIME]) : 0,
				      a[ILNP_A_NEIGH_MAX] ?
				      nla_get_u32(a[ILNP_A_NEIGH_MAX]) : 0);
	if (a[ILNP_A_DISC_PERIOD])
		ilnp_disc_set_period(in, nla_get_u32(a[ILNP_A_DISC_PERIOD]));
	if (a[ILNP_A_SESSION_LIFETIME])
		ilnp_ilcc_set_limits(&in->ilcc,
				     nla_get_u32(a[ILNP_A_SESSION_LIFETIME]), 0);
	if (a[ILNP_A_LU_RETRIES])
		WRITE_ONCE(in->ilcc.lu_retries,
			   nla_get_u32(a[ILNP_A_LU_RETRIES]));
	if (a[ILNP_A_PATH_HOLD_MS])
		WRITE_ONCE(in->ilcc.path_hold,
			   msecs_to_jiffies(nla_get_u32(a[ILNP_A_PATH_HOLD_MS])));
	in->gen++;
	rtnl_unlock();
	return 0;
}

/* Devices and locators */

static int link_fill(struct sk_buff *skb, struct netlink_callback *cb,
		     struct ilnp_dev *idev)
{
	void *hdr = dump_start(skb, cb, ILNP_CMD_LINK_GET);

	if (!hdr)
		return -EMSGSIZE;
	genl_dump_check_consistent(cb, hdr);
	if (nla_put_u32(skb, ILNP_A_IFINDEX, idev->dev->ifindex) ||
	    nla_put_string(skb, ILNP_A_IFNAME, idev->dev->name) ||
	    nla_put_u32(skb, ILNP_A_UNDERLAY, idev->underlay) ||
	    nla_put_u16(skb, ILNP_A_PORT, idev->port) ||
	    nla_put_u16(skb, ILNP_A_GROUP, idev->group) ||
	    nla_put_u32(skb, ILNP_A_MTU, idev->dev->mtu)) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return 0;
}

static int locator_fill(struct sk_buff *skb, struct netlink_callback *cb,
			struct ilnp_dev *idev, struct ilnp_locator *l)
{
	void *hdr = dump_start(skb, cb, ILNP_CMD_LOCATOR_GET);

	if (!hdr)
		return -EMSGSIZE;
	genl_dump_check_consistent(cb, hdr);
	if (nla_put_u32(skb, ILNP_A_IFINDEX, idev->dev->ifindex) ||
	    nla_put_u64_64bit(skb, ILNP_A_LOCATOR, l->loc, ILNP_A_PAD) ||
	    nla_put_u16(skb, ILNP_A_PREFERENCE, l->pref)) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return 0;
}

static int stats_fill(struct sk_buff *skb, struct netlink_callback *cb,
		      struct ilnp_dev *idev)
{
	void *hdr = dump_start(skb, cb, ILNP_CMD_STATS_GET);
	u64 c[__ILNP_STAT_MAX];
	struct nlattr *nest;
	int i;

	if (!hdr)
		return -EMSGSIZE;
	ilnp_dev_stats_read(idev, c);
	if (nla_put_u32(skb, ILNP_A_IFINDEX, idev->dev->ifindex) ||
	    nla_put_string(skb, ILNP_A_IFNAME, idev->dev->name))
		goto err_cancel;
	nest = nla_nest_start(skb, ILNP_A_STATS);
	if (!nest)
		goto err_cancel;
	for (i = ILNP_STAT_UNSPEC + 1; i < __ILNP_STAT_MAX; i++)
		if (nla_put_u64_64bit(skb, i, c[i], ILNP_STAT_UNSPEC))
			goto err_cancel;
	nla_nest_end(skb, nest);
	genlmsg_end(skb, hdr);
	return 0;

err_cancel:
	genlmsg_cancel(skb, hdr);
	return -EMSGSIZE;
}

/* Walk the devices (and, for locators, their locators) from the cursor
 * in cb->args[0] (device) and cb->args[1] (locator).
 */
static int dump_devices(struct sk_buff *skb, struct netlink_callback *cb,
			u8 cmd)
{
	struct ilnp_net *in = ilnp_pernet(sock_net(skb->sk));
	long dev_idx = 0, loc_idx;
	struct ilnp_locator *l;
	struct ilnp_dev *idev;
	int err = 0;

	rtnl_lock();
	cb->seq = in->gen;
	list_for_each_entry(idev, &in->devs, node) {
		if (dev_idx++ < cb->args[0])
			continue;
		if (cmd == ILNP_CMD_LINK_GET)
			err = link_fill(skb, cb, idev);
		else if (cmd == ILNP_CMD_STATS_GET)
			err = stats_fill(skb, cb, idev);
		loc_idx = 0;
		if (cmd == ILNP_CMD_LOCATOR_GET) {
			list_for_each_entry(l, &idev->locators, list) {
				if (loc_idx++ < cb->args[1])
					continue;
				err = locator_fill(skb, cb, idev, l);
				if (err)
					break;
				cb->args[1] = loc_idx;
			}
		}
		if (err)
			break;
		cb->args[0] = dev_idx;
		cb->args[1] = 0;
	}
	rtnl_unlock();
	return err && !skb->len ? err : skb->len;
}

static int ilnp_nl_link_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	return dump_devices(skb, cb, ILNP_CMD_LINK_GET);
}

static int ilnp_nl_locator_dump(struct sk_buff *skb,
				struct netlink_callback *cb)
{
	return dump_devices(skb, cb, ILNP_CMD_LOCATOR_GET);
}

static int ilnp_nl_stats_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	return dump_devices(skb, cb, ILNP_CMD_STATS_GET);
}

static struct ilnp_dev *locator_dev(struct genl_info *info)
{
	struct ilnp_dev *idev;

	/* Missing attributes: a message for people, the type for programs. */
	if (GENL_REQ_ATTR_CHECK(info, ILNP_A_IFINDEX)) {
		NL_SET_ERR_MSG(info->extack, "Missing device");
		return ERR_PTR(-EINVAL);
	}
	if (GENL_REQ_ATTR_CHECK(info, ILNP_A_LOCATOR)) {
		NL_SET_ERR_MSG(info->extack, "Missing locator");
		return ERR_PTR(-EINVAL);
	}
	idev = ilnp_dev_get(genl_info_net(info),
			    nla_get_u32(info->attrs[ILNP_A_IFINDEX]));
	if (!idev) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[ILNP_A_IFINDEX],
				    "Not an ilnp device");
		return ERR_PTR(-ENODEV);
	}
	return idev;
}

static int ilnp_nl_locator_add(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr **a = info->attrs;
	struct ilnp_dev *idev;
	int err;

	rtnl_lock();
	idev = locator_dev(info);
	if (IS_ERR(idev)) {
		err = PTR_ERR(idev);
		goto out;
	}
	err = ilnp_locator_add(idev, nla_get_u64(a[ILNP_A_LOCATOR]),
			       a[ILNP_A_PREFERENCE] ?
			       nla_get_u16(a[ILNP_A_PREFERENCE]) : 0,
			       info->extack);
out:
	rtnl_unlock();
	return err;
}

static int ilnp_nl_locator_move(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr **a = info->attrs;
	struct ilnp_dev *from, *to;
	struct ilnp_locator *l;
	u16 pref = 0;
	int err;

	if (GENL_REQ_ATTR_CHECK(info, ILNP_A_NEW_LOCATOR)) {
		NL_SET_ERR_MSG(info->extack, "Missing new locator");
		return -EINVAL;
	}
	rtnl_lock();
	from = locator_dev(info);
	if (IS_ERR(from)) {
		err = PTR_ERR(from);
		goto out;
	}
	to = from;
	if (a[ILNP_A_NEW_IFINDEX]) {
		to = ilnp_dev_get(genl_info_net(info),
				  nla_get_u32(a[ILNP_A_NEW_IFINDEX]));
		if (!to) {
			NL_SET_ERR_MSG_ATTR(info->extack, a[ILNP_A_NEW_IFINDEX],
					    "Not an ilnp device");
			err = -ENODEV;
			goto out;
		}
	}
	list_for_each_entry(l, &from->locators, list)
		if (l->loc == nla_get_u64(a[ILNP_A_LOCATOR]))
			pref = l->pref;
	if (a[ILNP_A_PREFERENCE])
		pref = nla_get_u16(a[ILNP_A_PREFERENCE]);
	err = ilnp_locator_move(from, nla_get_u64(a[ILNP_A_LOCATOR]), to,
				nla_get_u64(a[ILNP_A_NEW_LOCATOR]), pref,
				a[ILNP_A_HANDOFF_MS] ?
				nla_get_u32(a[ILNP_A_HANDOFF_MS]) : 0,
				info->extack);
out:
	rtnl_unlock();
	return err;
}

static int ilnp_nl_locator_del(struct sk_buff *skb, struct genl_info *info)
{
	struct ilnp_dev *idev;
	int err;

	rtnl_lock();
	idev = locator_dev(info);
	if (IS_ERR(idev))
		err = PTR_ERR(idev);
	else
		err = ilnp_locator_del(idev,
				       nla_get_u64(info->attrs[ILNP_A_LOCATOR]),
				       info->extack);
	rtnl_unlock();
	return err;
}

/* Routes */

/* Dump a hashed table that RCU readers walk: @fill is called for each
 * entry (0 also when it skips an expired one).  Cursor: cb->args[0]
 * bucket, cb->args[1] entry within it.
 */
typedef int (*table_fill_t)(struct sk_buff *skb, struct netlink_callback *cb,
			    struct hlist_node *node, unsigned long now);

static int dump_table(struct sk_buff *skb, struct netlink_callback *cb,
		      struct hlist_head *buckets, unsigned int nbuckets,
		      u32 gen, table_fill_t fill)
{
	unsigned long now = jiffies;
	struct hlist_node *node;
	long b, idx;
	int err = 0;

	rcu_read_lock();
	cb->seq = gen;
	for (b = cb->args[0]; b < nbuckets; b++) {
		idx = 0;
		for (node = rcu_dereference(hlist_first_rcu(&buckets[b])); node;
		     node = rcu_dereference(hlist_next_rcu(node))) {
			if (idx++ < cb->args[1])
				continue;
			err = fill(skb, cb, node, now);
			if (err)
				goto out;
			cb->args[1] = idx;
		}
		cb->args[0] = b + 1;
		cb->args[1] = 0;
	}
out:
	rcu_read_unlock();
	return err && !skb->len ? err : skb->len;
}

static int route_fill(struct sk_buff *skb, struct netlink_callback *cb,
		      struct hlist_node *node, unsigned long now)
{
	const struct ilnp_route *rt = hlist_entry(node, struct ilnp_route,
						  hnode);
	struct ilnp_fib *fib = &ilnp_pernet(sock_net(skb->sk))->fib;
	unsigned long age = now - READ_ONCE(rt->updated);
	void *hdr;

	/* Expired, the collector has not reached it yet: not shown. */
	if (ilnp_route_expired(fib, rt, now))
		return 0;
	hdr = dump_start(skb, cb, ILNP_CMD_ROUTE_GET);
	if (!hdr)
		return -EMSGSIZE;
	genl_dump_check_consistent(cb, hdr);
	if (rt->flags & ILNP_ROUTE_F_OWN)
		age = 0;
	if (nla_put_u64_64bit(skb, ILNP_A_LOCATOR, rt->loc, ILNP_A_PAD) ||
	    nla_put_u64_64bit(skb, ILNP_A_VIA, rt->via, ILNP_A_PAD) ||
	    nla_put_u32(skb, ILNP_A_IFINDEX, rt->idev->dev->ifindex) ||
	    nla_put_u32(skb, ILNP_A_AGE_MS, jiffies_to_msecs(age)) ||
	    nla_put_u32(skb, ILNP_A_FLAGS, rt->flags)) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return 0;
}

static int ilnp_nl_route_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct ilnp_fib *fib = &ilnp_pernet(sock_net(skb->sk))->fib;

	return dump_table(skb, cb, fib->buckets, ARRAY_SIZE(fib->buckets),
			  READ_ONCE(fib->gen), route_fill);
}

/* Neighbours */

static int neigh_locators_put(struct sk_buff *skb, const struct ilnp_neigh *n)
{
	struct nlattr *list, *entry;
	int i;

	list = nla_nest_start(skb, ILNP_A_LOCATORS);
	if (!list)
		return -EMSGSIZE;
	for (i = 0; i < n->nloc; i++) {
		entry = nla_nest_start(skb, ILNP_A_LOCATOR_ENTRY);
		if (!entry ||
		    nla_put_u64_64bit(skb, ILNP_A_LOCATOR, n->locs[i].loc,
				      ILNP_A_PAD) ||
		    nla_put_u16(skb, ILNP_A_PREFERENCE, n->locs[i].pref) ||
		    nla_put_u32(skb, ILNP_A_LIFETIME, n->locs[i].lifetime))
			return -EMSGSIZE;
		nla_nest_end(skb, entry);
	}
	nla_nest_end(skb, list);
	return 0;
}

static int neigh_fill(struct sk_buff *skb, struct netlink_callback *cb,
		      struct hlist_node *node, unsigned long now)
{
	const struct ilnp_neigh *n = hlist_entry(node, struct ilnp_neigh, hnode);
	struct ilnp_neigh_table *t = &ilnp_pernet(sock_net(skb->sk))->neighs;
	void *hdr;

	if (ilnp_neigh_expired(t, n, now))
		return 0;
	hdr = dump_start(skb, cb, ILNP_CMD_NEIGH_GET);
	if (!hdr)
		return -EMSGSIZE;
	genl_dump_check_consistent(cb, hdr);
	if (nla_put_u64_64bit(skb, ILNP_A_NID, n->nid, ILNP_A_PAD) ||
	    nla_put_string(skb, ILNP_A_HOSTNAME, n->hostname) ||
	    nla_put_u32(skb, ILNP_A_AGE_MS,
			jiffies_to_msecs(now - READ_ONCE(n->updated))) ||
	    nla_put_u32(skb, ILNP_A_IFINDEX, n->idev->dev->ifindex) ||
	    nla_put_u64_64bit(skb, ILNP_A_LOCATOR, n->via, ILNP_A_PAD) ||
	    nla_put_u32(skb, ILNP_A_SEQ, n->seq) ||
	    neigh_locators_put(skb, n)) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return 0;
}

static int ilnp_nl_neigh_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct ilnp_neigh_table *t = &ilnp_pernet(sock_net(skb->sk))->neighs;

	return dump_table(skb, cb, t->buckets, ARRAY_SIZE(t->buckets),
			  READ_ONCE(t->gen), neigh_fill);
}

static int ilnp_nl_resolve(struct sk_buff *skb, struct genl_info *info)
{
	struct ilnp_net *in = ilnp_pernet(genl_info_net(info));
	char name[ILNP_HOSTNAME_MAX + 1];
	struct sk_buff *msg;
	u64 nid, loc;
	void *hdr;
	int err;

	if (GENL_REQ_ATTR_CHECK(info, ILNP_A_HOSTNAME)) {
		NL_SET_ERR_MSG(info->extack, "Missing hostname");
		return -EINVAL;
	}
	nla_strscpy(name, info->attrs[ILNP_A_HOSTNAME], sizeof(name));
	err = ilnp_neigh_resolve(&in->neighs, name, &nid, &loc);
	if (err) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[ILNP_A_HOSTNAME],
				    "No neighbour has this hostname");
		return err;
	}
	msg = genlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = msg_start(msg, info, ILNP_CMD_RESOLVE);
	if (!hdr ||
	    nla_put_u64_64bit(msg, ILNP_A_NID, nid, ILNP_A_PAD) ||
	    nla_put_u64_64bit(msg, ILNP_A_DST_LOC, loc, ILNP_A_PAD) ||
	    nla_put_string(msg, ILNP_A_HOSTNAME, name)) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
}

static int ilnp_nl_solicit(struct sk_buff *skb, struct genl_info *info)
{
	ilnp_disc_solicit_now(ilnp_pernet(genl_info_net(info)));
	return 0;
}

/* The ILCC */

static int cache_fill(struct sk_buff *skb, struct netlink_callback *cb,
		      struct hlist_node *node, unsigned long now)
{
	struct ilnp_ilcc_entry *e = hlist_entry(node, struct ilnp_ilcc_entry,
						hnode);
	struct ilnp_ilcc *c = &ilnp_pernet(sock_net(skb->sk))->ilcc;
	struct ilnp_neigh n = { };
	int err = -EMSGSIZE;
	void *hdr;

	if (ilnp_ilcc_expired(c, e, now))
		return 0;
	hdr = dump_start(skb, cb, ILNP_CMD_CACHE_GET);
	if (!hdr)
		return -EMSGSIZE;
	genl_dump_check_consistent(cb, hdr);
	spin_lock_bh(&e->lock);
	n.nloc = e->nloc;
	memcpy(n.locs, e->locs, sizeof(n.locs));
	if (nla_put_u64_64bit(skb, ILNP_A_NID, e->nid, ILNP_A_PAD) ||
	    nla_put_u64_64bit(skb, ILNP_A_DST_LOC, ilnp_ilcc_locator(e, now),
			      ILNP_A_PAD) ||
	    neigh_locators_put(skb, &n) ||
	    nla_put_u32(skb, ILNP_A_NONCE_LOCAL, e->our_nonce) ||
	    (e->peer_nonce_known &&
	     nla_put_u32(skb, ILNP_A_NONCE_PEER, e->peer_nonce)) ||
	    nla_put_u32(skb, ILNP_A_AGE_MS,
			jiffies_to_msecs(now - e->last_active)) ||
	    nla_put_u8(skb, ILNP_A_LU_STATE, e->lu_state) ||
	    nla_put_u32(skb, ILNP_A_LU_SEQ, e->lu_seq) ||
	    nla_put_u32(skb, ILNP_A_LU_RETRIES, e->lu_retries) ||
	    (e->lu_state == ILNP_LU_ACKED &&
	     nla_put_u32(skb, ILNP_A_LU_RTT_US, e->lu_rtt_us)))
		goto out_unlock;
	err = 0;
out_unlock:
	spin_unlock_bh(&e->lock);
	if (err)
		genlmsg_cancel(skb, hdr);
	else
		genlmsg_end(skb, hdr);
	return err;
}

static int ilnp_nl_cache_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct ilnp_ilcc *c = &ilnp_pernet(sock_net(skb->sk))->ilcc;

	return dump_table(skb, cb, c->buckets, ARRAY_SIZE(c->buckets),
			  READ_ONCE(c->gen), cache_fill);
}

/* Echo, for ilnp-ping */

static int ilnp_nl_echo_send(struct sk_buff *skb, struct genl_info *info)
{
	struct ilnp_net *in = ilnp_pernet(genl_info_net(info));
	struct nlattr **a = info->attrs;
	u8 hop_limit;
	int err;

	if (GENL_REQ_ATTR_CHECK(info, ILNP_A_DST_LOC) ||
	    GENL_REQ_ATTR_CHECK(info, ILNP_A_DST_NID) ||
	    GENL_REQ_ATTR_CHECK(info, ILNP_A_ECHO_ID) ||
	    GENL_REQ_ATTR_CHECK(info, ILNP_A_ECHO_SEQ)) {
		NL_SET_ERR_MSG(info->extack,
			       "Needs destination locator and NID, echo id and sequence");
		return -EINVAL;
	}
	hop_limit = a[ILNP_A_HOP_LIMIT] ? nla_get_u8(a[ILNP_A_HOP_LIMIT]) :
					  READ_ONCE(in->hop_limit);
	err = ilnp_echo_send(in, nla_get_u64(a[ILNP_A_DST_LOC]),
			     nla_get_u64(a[ILNP_A_DST_NID]),
			     nla_get_u16(a[ILNP_A_ECHO_ID]),
			     nla_get_u16(a[ILNP_A_ECHO_SEQ]), hop_limit,
			     a[ILNP_A_PAYLOAD_LEN] ?
			     nla_get_u16(a[ILNP_A_PAYLOAD_LEN]) : 56);
	if (err == -EHOSTUNREACH)
		NL_SET_ERR_MSG(info->extack,
			       "No route to the destination locator");
	else if (err == -EMSGSIZE)
		NL_SET_ERR_MSG(info->extack, "Larger than the device MTU");
	return err;
}

/* An echo reply arrived (softirq): tell whoever listens. */
void ilnp_netlink_echo_reply(struct ilnp_net *in, const struct ilnp_hdr *hdr,
			     const struct ilnp_echo *echo, u16 payload_len,
			     struct ilnp_dev *idev, u64 arrival)
{
	struct sk_buff *msg;
	void *h;

	if (!genl_has_listeners(&ilnp_genl_family, in->net, ILNP_MCGRP_ECHO))
		return;
	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_ATOMIC);
	if (!msg)
		return;
	h = genlmsg_put(msg, 0, 0, &ilnp_genl_family, 0, ILNP_CMD_ECHO_REPLY);
	if (!h ||
	    nla_put_u64_64bit(msg, ILNP_A_SRC_LOC, be64_to_cpu(hdr->src.loc),
			      ILNP_A_PAD) ||
	    nla_put_u64_64bit(msg, ILNP_A_SRC_NID, be64_to_cpu(hdr->src.nid),
			      ILNP_A_PAD) ||
	    nla_put_u16(msg, ILNP_A_ECHO_ID, ntohs(echo->id)) ||
	    nla_put_u16(msg, ILNP_A_ECHO_SEQ, ntohs(echo->seq)) ||
	    nla_put_u8(msg, ILNP_A_HOP_LIMIT, hdr->hop_limit) ||
	    nla_put_u16(msg, ILNP_A_PAYLOAD_LEN, payload_len) ||
	    nla_put_u32(msg, ILNP_A_IFINDEX, idev->dev->ifindex) ||
	    nla_put_u64_64bit(msg, ILNP_A_LOCATOR, arrival, ILNP_A_PAD)) {
		nlmsg_free(msg);
		return;
	}
	genlmsg_end(msg, h);
	genlmsg_multicast_netns(&ilnp_genl_family, in->net, msg, 0,
				ILNP_MCGRP_ECHO, GFP_ATOMIC);
}

static const struct genl_small_ops ilnp_nl_ops[] = {
	{
		.cmd = ILNP_CMD_NODE_GET,
		.doit = ilnp_nl_node_get,
	},
	{
		.cmd = ILNP_CMD_NODE_SET,
		.doit = ilnp_nl_node_set,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = ILNP_CMD_LINK_GET,
		.dumpit = ilnp_nl_link_dump,
	},
	{
		.cmd = ILNP_CMD_LOCATOR_ADD,
		.doit = ilnp_nl_locator_add,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = ILNP_CMD_LOCATOR_DEL,
		.doit = ilnp_nl_locator_del,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = ILNP_CMD_LOCATOR_GET,
		.dumpit = ilnp_nl_locator_dump,
	},
	{
		.cmd = ILNP_CMD_ROUTE_GET,
		.dumpit = ilnp_nl_route_dump,
	},
	{
		.cmd = ILNP_CMD_STATS_GET,
		.dumpit = ilnp_nl_stats_dump,
	},
	{
		.cmd = ILNP_CMD_ECHO_SEND,
		.doit = ilnp_nl_echo_send,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = ILNP_CMD_NEIGH_GET,
		.dumpit = ilnp_nl_neigh_dump,
	},
	{
		.cmd = ILNP_CMD_RESOLVE,
		.doit = ilnp_nl_resolve,
	},
	{
		.cmd = ILNP_CMD_SOLICIT,
		.doit = ilnp_nl_solicit,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = ILNP_CMD_CACHE_GET,
		.dumpit = ilnp_nl_cache_dump,
	},
	{
		.cmd = ILNP_CMD_LOCATOR_MOVE,
		.doit = ilnp_nl_locator_move,
		.flags = GENL_UNS_ADMIN_PERM,
	},
};

static const struct genl_multicast_group ilnp_nl_mcgrps[] = {
	[ILNP_MCGRP_ECHO] = { .name = ILNP_GENL_MCGRP_ECHO },
};

static struct genl_family ilnp_genl_family __ro_after_init = {
	.name = ILNP_GENL_NAME,
	.version = ILNP_GENL_VERSION,
	.maxattr = ILNP_A_MAX,
	.policy = ilnp_nl_policy,
	.netnsok = true,
	.module = THIS_MODULE,
	.small_ops = ilnp_nl_ops,
	.n_small_ops = ARRAY_SIZE(ilnp_nl_ops),
	.mcgrps = ilnp_nl_mcgrps,
	.n_mcgrps = ARRAY_SIZE(ilnp_nl_mcgrps),
};

int __init ilnp_netlink_init(void)
{
	return genl_register_family(&ilnp_genl_family);
}

void ilnp_netlink_exit(void)
{
	genl_unregister_family(&ilnp_genl_family);
}

MODULE_ALIAS_GENL_FAMILY(ILNP_GENL_NAME);
