// SPDX-License-Identifier: GPL-2.0
/*
 * Generic netlink, the overlay devices: their dump (ILNP_A_LINK), their
 * counters (ILNP_A_STATS) and the node's own locators on them
 * (ILNP_A_LOCATOR): dump, add, delete and move.  Devices and locators
 * change under RTNL, which every handler here holds.
 */
#include <linux/rtnetlink.h>

#include "netlink.h"

static int link_fill(struct sk_buff *skb, struct netlink_callback *cb,
		     struct ilnp_dev *idev)
{
	void *hdr = ilnp_nl_dump_start(skb, cb, ILNP_CMD_LINK_GET);
	struct nlattr *nest;

	if (!hdr)
		return -EMSGSIZE;
	genl_dump_check_consistent(cb, hdr);
	nest = nla_nest_start(skb, ILNP_A_LINK);
	if (!nest ||
	    nla_put_u32(skb, ILNP_A_LINK_IFINDEX, idev->dev->ifindex) ||
	    nla_put_string(skb, ILNP_A_LINK_IFNAME, idev->dev->name) ||
	    nla_put_u32(skb, ILNP_A_LINK_UNDERLAY, idev->underlay) ||
	    nla_put_u16(skb, ILNP_A_LINK_PORT, idev->port) ||
	    nla_put_u16(skb, ILNP_A_LINK_GROUP, idev->group) ||
	    nla_put_u32(skb, ILNP_A_LINK_MTU, idev->dev->mtu) ||
	    nla_put_u8(skb, ILNP_A_LINK_AUTO, idev->ra.auto_on) ||
	    nla_put_u8(skb, ILNP_A_LINK_PROFILE, idev->profile)) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	genlmsg_end(skb, hdr);
	return 0;
}

static int locator_fill_learnt(struct sk_buff *skb,
			       const struct ilnp_locator *l)
{
	long left = (long)(l->expires - jiffies);

	return nla_put_u8(skb, ILNP_A_LOCATOR_LEARNT, 1) ||
	       nla_put_u64_64bit(skb, ILNP_A_LOCATOR_ROUTER, l->router,
				 ILNP_A_LOCATOR_PAD) ||
	       nla_put_u32(skb, ILNP_A_LOCATOR_LIFETIME,
			   left > 0 ? DIV_ROUND_UP(left, HZ) : 0) ||
	       (l->stale && nla_put_u8(skb, ILNP_A_LOCATOR_STALE, 1));
}

static int locator_fill(struct sk_buff *skb, struct netlink_callback *cb,
			struct ilnp_dev *idev, struct ilnp_locator *l)
{
	void *hdr = ilnp_nl_dump_start(skb, cb, ILNP_CMD_LOCATOR_GET);
	struct nlattr *nest;

	if (!hdr)
		return -EMSGSIZE;
	genl_dump_check_consistent(cb, hdr);
	nest = nla_nest_start(skb, ILNP_A_LOCATOR);
	if (!nest ||
	    nla_put_u32(skb, ILNP_A_LOCATOR_IFINDEX, idev->dev->ifindex) ||
	    nla_put_u64_64bit(skb, ILNP_A_LOCATOR_LOC, l->loc,
			      ILNP_A_LOCATOR_PAD) ||
	    nla_put_u16(skb, ILNP_A_LOCATOR_PREFERENCE, l->pref) ||
	    (l->advertise && nla_put_u8(skb, ILNP_A_LOCATOR_ADVERTISE, 1)) ||
	    (l->learnt && locator_fill_learnt(skb, l))) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	genlmsg_end(skb, hdr);
	return 0;
}

static int stats_put_counters(struct sk_buff *skb, struct ilnp_dev *idev)
{
	u64 c[__ILNP_STAT_MAX];
	struct nlattr *nest;
	int i;

	ilnp_dev_stats_read(idev, c);
	nest = nla_nest_start(skb, ILNP_A_STATS_COUNTERS);
	if (!nest)
		return -EMSGSIZE;
	for (i = ILNP_STAT_UNSPEC + 1; i < __ILNP_STAT_MAX; i++)
		if (nla_put_u64_64bit(skb, i, c[i], ILNP_STAT_UNSPEC))
			return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

static int stats_fill(struct sk_buff *skb, struct netlink_callback *cb,
		      struct ilnp_dev *idev)
{
	void *hdr = ilnp_nl_dump_start(skb, cb, ILNP_CMD_STATS_GET);
	struct nlattr *nest;

	if (!hdr)
		return -EMSGSIZE;
	nest = nla_nest_start(skb, ILNP_A_STATS);
	if (!nest ||
	    nla_put_u32(skb, ILNP_A_STATS_IFINDEX, idev->dev->ifindex) ||
	    nla_put_string(skb, ILNP_A_STATS_IFNAME, idev->dev->name) ||
	    stats_put_counters(skb, idev)) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	genlmsg_end(skb, hdr);
	return 0;
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

int ilnp_nl_link_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	return dump_devices(skb, cb, ILNP_CMD_LINK_GET);
}

int ilnp_nl_locator_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	return dump_devices(skb, cb, ILNP_CMD_LOCATOR_GET);
}

int ilnp_nl_stats_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	return dump_devices(skb, cb, ILNP_CMD_STATS_GET);
}

/* The device of ILNP_A_LOCATOR { IFINDEX, LOC }, both required; @nest
 * is the request's ILNP_A_LOCATOR, for the missing-attribute report.
 */
static struct ilnp_dev *locator_dev(struct genl_info *info,
				    struct nlattr **a)
{
	const struct nlattr *nest = info->attrs[ILNP_A_LOCATOR];
	struct ilnp_dev *idev;

	/* Missing attributes: a message for people, the type for programs. */
	if (NL_REQ_ATTR_CHECK(info->extack, nest, a, ILNP_A_LOCATOR_IFINDEX)) {
		NL_SET_ERR_MSG(info->extack, "Missing device");
		return ERR_PTR(-EINVAL);
	}
	if (NL_REQ_ATTR_CHECK(info->extack, nest, a, ILNP_A_LOCATOR_LOC)) {
		NL_SET_ERR_MSG(info->extack, "Missing locator");
		return ERR_PTR(-EINVAL);
	}
	idev = ilnp_dev_get(genl_info_net(info),
			    nla_get_u32(a[ILNP_A_LOCATOR_IFINDEX]));
	if (!idev) {
		NL_SET_ERR_MSG_ATTR(info->extack, a[ILNP_A_LOCATOR_IFINDEX],
				    "Not an ilnp device");
		return ERR_PTR(-ENODEV);
	}
	return idev;
}

int ilnp_nl_locator_add(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *a[ILNP_A_LOCATOR_MAX + 1];
	struct ilnp_loc_origin origin = {};
	struct ilnp_dev *idev;
	int err;

	err = ilnp_nl_parse(info, ILNP_A_LOCATOR, a, ILNP_A_LOCATOR_MAX,
			    ilnp_nl_locator_add_policy);
	if (err)
		return err;
	if (a[ILNP_A_LOCATOR_ADVERTISE])
		origin.advertise = nla_get_u8(a[ILNP_A_LOCATOR_ADVERTISE]);
	rtnl_lock();
	idev = locator_dev(info, a);
	if (IS_ERR(idev)) {
		err = PTR_ERR(idev);
		goto out;
	}
	err = ilnp_locator_add(idev, nla_get_u64(a[ILNP_A_LOCATOR_LOC]),
			       a[ILNP_A_LOCATOR_PREFERENCE] ?
			       nla_get_u16(a[ILNP_A_LOCATOR_PREFERENCE]) : 0,
			       &origin, info->extack);
out:
	rtnl_unlock();
	return err;
}

/* The device a move goes to: NEW_IFINDEX, else the one it comes from. */
static struct ilnp_dev *locator_move_to(struct genl_info *info,
					struct nlattr **a,
					struct ilnp_dev *from)
{
	struct ilnp_dev *to;

	if (!a[ILNP_A_LOCATOR_NEW_IFINDEX])
		return from;
	to = ilnp_dev_get(genl_info_net(info),
			  nla_get_u32(a[ILNP_A_LOCATOR_NEW_IFINDEX]));
	if (!to) {
		NL_SET_ERR_MSG_ATTR(info->extack, a[ILNP_A_LOCATOR_NEW_IFINDEX],
				    "Not an ilnp device");
		return ERR_PTR(-ENODEV);
	}
	return to;
}

int ilnp_nl_locator_move(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *a[ILNP_A_LOCATOR_MAX + 1];
	struct ilnp_loc_origin origin = {};
	struct ilnp_dev *from, *to;
	struct ilnp_locator *l;
	u16 pref = 0;
	u64 old;
	int err;

	err = ilnp_nl_parse(info, ILNP_A_LOCATOR, a, ILNP_A_LOCATOR_MAX,
			    ilnp_nl_locator_move_policy);
	if (err)
		return err;
	if (NL_REQ_ATTR_CHECK(info->extack, info->attrs[ILNP_A_LOCATOR], a,
			      ILNP_A_LOCATOR_NEW_LOC)) {
		NL_SET_ERR_MSG(info->extack, "Missing new locator");
		return -EINVAL;
	}
	rtnl_lock();
	from = locator_dev(info, a);
	to = IS_ERR(from) ? from : locator_move_to(info, a, from);
	if (IS_ERR(to)) {
		err = PTR_ERR(to);
		goto out;
	}
	old = nla_get_u64(a[ILNP_A_LOCATOR_LOC]);
	list_for_each_entry(l, &from->locators, list)
		if (l->loc == old) {
			pref = l->pref;
			/* A router that moves a locator it serves, advertises the new. */
			origin.advertise = l->advertise;
		}
	if (a[ILNP_A_LOCATOR_PREFERENCE])
		pref = nla_get_u16(a[ILNP_A_LOCATOR_PREFERENCE]);
	err = ilnp_locator_move(from, old, to,
				nla_get_u64(a[ILNP_A_LOCATOR_NEW_LOC]), pref,
				a[ILNP_A_LOCATOR_HANDOFF_MS] ?
				nla_get_u32(a[ILNP_A_LOCATOR_HANDOFF_MS]) : 0,
				&origin, info->extack);
out:
	rtnl_unlock();
	return err;
}

int ilnp_nl_locator_del(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *a[ILNP_A_LOCATOR_MAX + 1];
	struct ilnp_dev *idev;
	int err;

	err = ilnp_nl_parse(info, ILNP_A_LOCATOR, a, ILNP_A_LOCATOR_MAX,
			    ilnp_nl_locator_del_policy);
	if (err)
		return err;
	rtnl_lock();
	idev = locator_dev(info, a);
	if (IS_ERR(idev))
		err = PTR_ERR(idev);
	else
		err = ilnp_locator_del(idev,
				       nla_get_u64(a[ILNP_A_LOCATOR_LOC]),
				       info->extack);
	rtnl_unlock();
	return err;
}
