// SPDX-License-Identifier: GPL-2.0
/*
 * Generic netlink, the node: its identity (NID, hostname) and the
 * settings of its tables, read with ILNP_CMD_NODE_GET and changed, all
 * or nothing, with ILNP_CMD_NODE_SET.  Both in the nest ILNP_A_NODE.
 */
#include <linux/rtnetlink.h>

#include "netlink.h"

static int node_fill_settings(struct sk_buff *skb, struct ilnp_net *in)
{
	if (nla_put_u32(skb, ILNP_A_NODE_ROUTE_LIFETIME,
			READ_ONCE(in->fib.table.lifetime) / HZ) ||
	    nla_put_u32(skb, ILNP_A_NODE_ROUTE_CAP, READ_ONCE(in->fib.table.max)) ||
	    nla_put_u32(skb, ILNP_A_NODE_ROUTE_COUNT,
			READ_ONCE(in->fib.table.count)) ||
	    nla_put_u32(skb, ILNP_A_NODE_DISC_PERIOD,
			READ_ONCE(in->disc.period) / HZ) ||
	    nla_put_u32(skb, ILNP_A_NODE_NEIGH_LIFETIME,
			ilnp_neigh_lifetime_s(&in->neighs)) ||
	    nla_put_u32(skb, ILNP_A_NODE_NEIGH_CAP,
			READ_ONCE(in->neighs.table.max)) ||
	    nla_put_u32(skb, ILNP_A_NODE_NEIGH_COUNT,
			READ_ONCE(in->neighs.table.count)) ||
	    nla_put_u32(skb, ILNP_A_NODE_SESSION_LIFETIME,
			READ_ONCE(in->ilcc.session) / HZ) ||
	    nla_put_u32(skb, ILNP_A_NODE_LU_RETRIES,
			READ_ONCE(in->ilcc.lu_retries)) ||
	    nla_put_u32(skb, ILNP_A_NODE_PATH_HOLD_MS,
			jiffies_to_msecs(READ_ONCE(in->ilcc.path_hold))) ||
	    nla_put_u32(skb, ILNP_A_NODE_CACHE_COUNT,
			READ_ONCE(in->ilcc.table.count)) ||
	    nla_put_u32(skb, ILNP_A_NODE_RA_INTERVAL,
			READ_ONCE(in->ra.interval) / HZ))
		return -EMSGSIZE;
	return 0;
}

static int node_fill(struct sk_buff *skb, struct ilnp_net *in)
{
	struct nlattr *nest;

	ASSERT_RTNL();
	nest = nla_nest_start(skb, ILNP_A_NODE);
	if (!nest ||
	    nla_put_u64_64bit(skb, ILNP_A_NODE_NID, in->nid,
			      ILNP_A_NODE_PAD) ||
	    nla_put_string(skb, ILNP_A_NODE_HOSTNAME, in->hostname) ||
	    nla_put_u8(skb, ILNP_A_NODE_HOP_LIMIT, in->hop_limit) ||
	    nla_put_u64_64bit(skb, ILNP_A_NODE_IDENTITY_PREFIX,
			      in->identity_prefix, ILNP_A_NODE_PAD) ||
	    node_fill_settings(skb, in))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

int ilnp_nl_node_get(struct sk_buff *skb, struct genl_info *info)
{
	struct ilnp_net *in = ilnp_pernet(genl_info_net(info));
	struct sk_buff *msg;
	void *hdr;
	int err;

	msg = genlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = ilnp_nl_msg_start(msg, info, ILNP_CMD_NODE_GET);
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

/* What needs more than the policy: a NID other than 0, a hostname of
 * the allowed characters (copied to @name), at least one setting.
 */
static int node_set_check(struct nlattr **a, char *name,
			  struct netlink_ext_ack *extack)
{
	int i;

	for (i = 1; i <= ILNP_A_NODE_MAX && !a[i]; i++)
		;
	if (i > ILNP_A_NODE_MAX) {
		NL_SET_ERR_MSG(extack, "Nothing to set");
		return -EINVAL;
	}
	if (a[ILNP_A_NODE_NID] && !nla_get_u64(a[ILNP_A_NODE_NID])) {
		NL_SET_ERR_MSG_ATTR(extack, a[ILNP_A_NODE_NID],
				    "NID 0 is reserved for all nodes");
		return -EINVAL;
	}
	if (a[ILNP_A_NODE_IDENTITY_PREFIX] &&
	    !ilnp_identity_prefix_valid(nla_get_u64(a[ILNP_A_NODE_IDENTITY_PREFIX]))) {
		NL_SET_ERR_MSG_ATTR(extack, a[ILNP_A_NODE_IDENTITY_PREFIX],
				    "Identity prefix: a unicast /64, not ::, multicast, link-local or site-local");
		return -EINVAL;
	}
	if (a[ILNP_A_NODE_HOSTNAME]) {
		nla_strscpy(name, a[ILNP_A_NODE_HOSTNAME],
			    ILNP_HOSTNAME_MAX + 1);
		if (!ilnp_hostname_valid(name, strlen(name))) {
			NL_SET_ERR_MSG_ATTR(extack, a[ILNP_A_NODE_HOSTNAME],
					    "Hostname: letters, digits, '-' and '.' only, not first");
			return -EINVAL;
		}
	}
	return 0;
}

/* The u32 setting @type of the request, 0 when absent. */
static u32 node_u32(struct nlattr **a, int type)
{
	return a[type] ? nla_get_u32(a[type]) : 0;
}

/* The settings of the tables (0: leave as it is, for the limits). */
static void node_set_tables(struct ilnp_net *in, struct nlattr **a)
{
	u32 hold_ms;

	if (a[ILNP_A_NODE_ROUTE_LIFETIME] || a[ILNP_A_NODE_ROUTE_CAP])
		ilnp_fib_set_limits(&in->fib,
				    node_u32(a, ILNP_A_NODE_ROUTE_LIFETIME),
				    node_u32(a, ILNP_A_NODE_ROUTE_CAP));
	if (a[ILNP_A_NODE_NEIGH_LIFETIME] || a[ILNP_A_NODE_NEIGH_CAP])
		ilnp_neigh_set_limits(&in->neighs,
				      node_u32(a, ILNP_A_NODE_NEIGH_LIFETIME),
				      node_u32(a, ILNP_A_NODE_NEIGH_CAP));
	if (a[ILNP_A_NODE_DISC_PERIOD])
		ilnp_disc_set_period(in, node_u32(a, ILNP_A_NODE_DISC_PERIOD));
	if (a[ILNP_A_NODE_SESSION_LIFETIME])
		ilnp_ilcc_set_limits(&in->ilcc,
				     node_u32(a, ILNP_A_NODE_SESSION_LIFETIME),
				     0);
	if (a[ILNP_A_NODE_LU_RETRIES])
		WRITE_ONCE(in->ilcc.lu_retries,
			   node_u32(a, ILNP_A_NODE_LU_RETRIES));
	if (a[ILNP_A_NODE_PATH_HOLD_MS]) {
		hold_ms = node_u32(a, ILNP_A_NODE_PATH_HOLD_MS);
		WRITE_ONCE(in->ilcc.path_hold, msecs_to_jiffies(hold_ms));
	}
	if (a[ILNP_A_NODE_RA_INTERVAL])
		ilnp_ra_set_interval(in, node_u32(a, ILNP_A_NODE_RA_INTERVAL));
}

/* A new identity prefix @attr, if any, is none of our locators.  RTNL:
 * locators come and go under it.
 */
static int node_prefix_free(struct ilnp_net *in, const struct nlattr *attr,
			    struct netlink_ext_ack *extack)
{
	if (attr && ilnp_identity_prefix_free(in, nla_get_u64(attr))) {
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "Identity prefix: one of the node's locators");
		return -EEXIST;
	}
	return 0;
}

int ilnp_nl_node_set(struct sk_buff *skb, struct genl_info *info)
{
	struct ilnp_net *in = ilnp_pernet(genl_info_net(info));
	struct nlattr *a[ILNP_A_NODE_MAX + 1];
	char name[ILNP_HOSTNAME_MAX + 1];
	int err;

	err = ilnp_nl_parse(info, ILNP_A_NODE, a, ILNP_A_NODE_MAX,
			    ilnp_nl_node_set_policy);
	if (!err)
		err = node_set_check(a, name, info->extack);
	if (err)
		return err;

	rtnl_lock();
	err = node_prefix_free(in, a[ILNP_A_NODE_IDENTITY_PREFIX],
			       info->extack);
	if (err) {
		rtnl_unlock();
		return err;
	}
	/* Everything checked: apply it all. */
	if (a[ILNP_A_NODE_NID])
		WRITE_ONCE(in->nid, nla_get_u64(a[ILNP_A_NODE_NID]));
	if (a[ILNP_A_NODE_IDENTITY_PREFIX])
		WRITE_ONCE(in->identity_prefix,
			   nla_get_u64(a[ILNP_A_NODE_IDENTITY_PREFIX]));
	if (a[ILNP_A_NODE_NID] || a[ILNP_A_NODE_IDENTITY_PREFIX])
		ilnp_identity_changed(in);
	if (a[ILNP_A_NODE_HOSTNAME])
		strscpy(in->hostname, name, sizeof(in->hostname));
	if (a[ILNP_A_NODE_HOP_LIMIT])
		WRITE_ONCE(in->hop_limit,
			   nla_get_u8(a[ILNP_A_NODE_HOP_LIMIT]));
	node_set_tables(in, a);
	in->gen++;
	rtnl_unlock();
	return 0;
}
