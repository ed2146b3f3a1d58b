// SPDX-License-Identifier: GPL-2.0
/*
 * Generic netlink family "ilnp", version 2: the family, what every
 * command accepts and the command table.  The handlers are per object:
 * nl_node.c (the node), nl_device.c (links, locators, counters),
 * nl_table.c (routes, neighbours, the ILCC), nl_socket.c (AF_ILNP
 * sockets) and nl_echo.c (echo for ilnp-ping).
 *
 * Each command has its own policy: at the top level only its object's
 * nest, inside it only what the command reads.  Validation is strict
 * (the family sets no GENL_DONT_VALIDATE_* flag), so anything else (an
 * attribute at the wrong level, a reply-only or unknown one, a wrong
 * length) is refused with an extack message before a handler runs.
 */
#include <linux/rtnetlink.h>

#include "events.h"
#include "netlink.h"

static struct netlink_range_validation lifetime_range = {
	.min = 1,
	.max = 86400,
};

static struct netlink_range_validation route_cap_range = {
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

static struct netlink_range_validation neigh_cap_range = {
	.min = 1,
	.max = ILNP_NEIGH_MAX_LIMIT,
};

/* Attributes left out of a policy are NLA_UNSPEC: strict validation
 * refuses them ("Unsupported attribute").  Every nest is strict from its
 * first attribute (.strict_start_type), whatever flags a command has.
 */
const struct nla_policy ilnp_nl_node_set_policy[ILNP_A_NODE_MAX + 1] = {
	[ILNP_A_NODE_UNSPEC] = { .strict_start_type = 1 },
	[ILNP_A_NODE_NID] = { .type = NLA_U64 },
	[ILNP_A_NODE_HOSTNAME] = { .type = NLA_NUL_STRING,
				   .len = ILNP_HOSTNAME_MAX },
	[ILNP_A_NODE_HOP_LIMIT] = NLA_POLICY_MIN(NLA_U8, 1),
	[ILNP_A_NODE_ROUTE_LIFETIME] = NLA_POLICY_FULL_RANGE(NLA_U32,
							     &lifetime_range),
	[ILNP_A_NODE_ROUTE_CAP] = NLA_POLICY_FULL_RANGE(NLA_U32,
							&route_cap_range),
	[ILNP_A_NODE_DISC_PERIOD] = NLA_POLICY_FULL_RANGE(NLA_U32,
							  &disc_period_range),
	[ILNP_A_NODE_NEIGH_LIFETIME] = NLA_POLICY_FULL_RANGE(NLA_U32,
							     &lifetime_range),
	[ILNP_A_NODE_NEIGH_CAP] = NLA_POLICY_FULL_RANGE(NLA_U32,
							&neigh_cap_range),
	[ILNP_A_NODE_SESSION_LIFETIME] = NLA_POLICY_FULL_RANGE(NLA_U32,
							       &session_range),
	[ILNP_A_NODE_LU_RETRIES] = NLA_POLICY_MAX(NLA_U32, 20),
	[ILNP_A_NODE_PATH_HOLD_MS] = NLA_POLICY_MAX(NLA_U32, 1000),
	[ILNP_A_NODE_IDENTITY_PREFIX] = { .type = NLA_U64 },
	[ILNP_A_NODE_RA_INTERVAL] = NLA_POLICY_RANGE(NLA_U32, 1, 3600),
};

const struct nla_policy ilnp_nl_locator_add_policy[ILNP_A_LOCATOR_MAX + 1] = {
	[ILNP_A_LOCATOR_UNSPEC] = { .strict_start_type = 1 },
	[ILNP_A_LOCATOR_IFINDEX] = { .type = NLA_U32 },
	[ILNP_A_LOCATOR_LOC] = { .type = NLA_U64 },
	[ILNP_A_LOCATOR_PREFERENCE] = { .type = NLA_U16 },
	[ILNP_A_LOCATOR_ADVERTISE] = NLA_POLICY_MAX(NLA_U8, 1),
};

const struct nla_policy ilnp_nl_locator_del_policy[ILNP_A_LOCATOR_MAX + 1] = {
	[ILNP_A_LOCATOR_UNSPEC] = { .strict_start_type = 1 },
	[ILNP_A_LOCATOR_IFINDEX] = { .type = NLA_U32 },
	[ILNP_A_LOCATOR_LOC] = { .type = NLA_U64 },
};

const struct nla_policy ilnp_nl_locator_move_policy[ILNP_A_LOCATOR_MAX + 1] = {
	[ILNP_A_LOCATOR_UNSPEC] = { .strict_start_type = 1 },
	[ILNP_A_LOCATOR_IFINDEX] = { .type = NLA_U32 },
	[ILNP_A_LOCATOR_LOC] = { .type = NLA_U64 },
	[ILNP_A_LOCATOR_PREFERENCE] = { .type = NLA_U16 },
	[ILNP_A_LOCATOR_NEW_LOC] = { .type = NLA_U64 },
	[ILNP_A_LOCATOR_NEW_IFINDEX] = { .type = NLA_U32 },
	[ILNP_A_LOCATOR_HANDOFF_MS] = NLA_POLICY_FULL_RANGE(NLA_U32,
							    &handoff_range),
};

const struct nla_policy ilnp_nl_resolve_policy[ILNP_A_NEIGH_MAX + 1] = {
	[ILNP_A_NEIGH_UNSPEC] = { .strict_start_type = 1 },
	[ILNP_A_NEIGH_HOSTNAME] = { .type = NLA_NUL_STRING,
				    .len = ILNP_HOSTNAME_MAX },
};

const struct nla_policy ilnp_nl_echo_send_policy[ILNP_A_ECHO_MAX + 1] = {
	[ILNP_A_ECHO_UNSPEC] = { .strict_start_type = 1 },
	[ILNP_A_ECHO_DST_LOC] = { .type = NLA_U64 },
	[ILNP_A_ECHO_DST_NID] = { .type = NLA_U64 },
	[ILNP_A_ECHO_ID] = { .type = NLA_U16 },
	[ILNP_A_ECHO_SEQ] = { .type = NLA_U16 },
	[ILNP_A_ECHO_HOP_LIMIT] = NLA_POLICY_MIN(NLA_U8, 1),
	[ILNP_A_ECHO_PAYLOAD_LEN] = NLA_POLICY_MAX(NLA_U16,
						   ILNP_ECHO_PAYLOAD_MAX),
	[ILNP_A_ECHO_OUT_LOC] = { .type = NLA_U64 },
};

const struct nla_policy ilnp_nl_route_flush_policy[ILNP_A_ROUTE_MAX + 1] = {
	[ILNP_A_ROUTE_UNSPEC] = { .strict_start_type = 1 },
	[ILNP_A_ROUTE_IFINDEX] = { .type = NLA_U32 },
};

const struct nla_policy ilnp_nl_neigh_flush_policy[ILNP_A_NEIGH_MAX + 1] = {
	[ILNP_A_NEIGH_UNSPEC] = { .strict_start_type = 1 },
	[ILNP_A_NEIGH_IFINDEX] = { .type = NLA_U32 },
};

/* Top level, per command: the one nest it takes. */
static const struct nla_policy node_set_policy[ILNP_A_MAX + 1] = {
	[ILNP_A_NODE] = NLA_POLICY_NESTED(ilnp_nl_node_set_policy),
};

static const struct nla_policy locator_add_policy[ILNP_A_MAX + 1] = {
	[ILNP_A_LOCATOR] = NLA_POLICY_NESTED(ilnp_nl_locator_add_policy),
};

static const struct nla_policy locator_del_policy[ILNP_A_MAX + 1] = {
	[ILNP_A_LOCATOR] = NLA_POLICY_NESTED(ilnp_nl_locator_del_policy),
};

static const struct nla_policy locator_move_policy[ILNP_A_MAX + 1] = {
	[ILNP_A_LOCATOR] = NLA_POLICY_NESTED(ilnp_nl_locator_move_policy),
};

static const struct nla_policy resolve_policy[ILNP_A_MAX + 1] = {
	[ILNP_A_NEIGH] = NLA_POLICY_NESTED(ilnp_nl_resolve_policy),
};

static const struct nla_policy echo_send_policy[ILNP_A_MAX + 1] = {
	[ILNP_A_ECHO] = NLA_POLICY_NESTED(ilnp_nl_echo_send_policy),
};

static const struct nla_policy route_flush_policy[ILNP_A_MAX + 1] = {
	[ILNP_A_ROUTE] = NLA_POLICY_NESTED(ilnp_nl_route_flush_policy),
};

static const struct nla_policy neigh_flush_policy[ILNP_A_MAX + 1] = {
	[ILNP_A_NEIGH] = NLA_POLICY_NESTED(ilnp_nl_neigh_flush_policy),
};

/* Gets and dumps: no attribute at all.  A policy of its own rather than
 * none, which would let the genl core skip the check.
 */
static const struct nla_policy no_attrs_policy[ILNP_A_MAX + 1] = { };

void *ilnp_nl_msg_start(struct sk_buff *skb, struct genl_info *info, u8 cmd)
{
	return genlmsg_put(skb, info->snd_portid, info->snd_seq,
			   &ilnp_genl_family, 0, cmd);
}

void *ilnp_nl_dump_start(struct sk_buff *skb, struct netlink_callback *cb,
			 u8 cmd)
{
	return genlmsg_put(skb, NETLINK_CB(cb->skb).portid, cb->nlh->nlmsg_seq,
			   &ilnp_genl_family, NLM_F_MULTI, cmd);
}

/* For people: which nest a request lacks (programs have its type in
 * NLMSGERR_ATTR_MISS_TYPE).
 */
static void missing_nest(struct netlink_ext_ack *extack, int type)
{
	switch (type) {
	case ILNP_A_NODE:
		NL_SET_ERR_MSG(extack, "Missing node attributes (ILNP_A_NODE)");
		break;
	case ILNP_A_LOCATOR:
		NL_SET_ERR_MSG(extack,
			       "Missing locator attributes (ILNP_A_LOCATOR)");
		break;
	case ILNP_A_NEIGH:
		NL_SET_ERR_MSG(extack, "Missing hostname (ILNP_A_NEIGH)");
		break;
	case ILNP_A_ECHO:
		NL_SET_ERR_MSG(extack,
			       "Needs destination locator and NID, echo id and sequence");
		break;
	default:
		NL_SET_ERR_MSG(extack, "Missing the object's attributes");
	}
}

/* The request's nest @type, which the command needs, parsed into @tb
 * with the nest's @policy (the command's policy has validated it
 * already).
 */
int ilnp_nl_parse(struct genl_info *info, int type, struct nlattr **tb,
		  int maxtype, const struct nla_policy *policy)
{
	if (GENL_REQ_ATTR_CHECK(info, type)) {
		missing_nest(info->extack, type);
		return -EINVAL;
	}
	return nla_parse_nested(tb, maxtype, info->attrs[type], policy,
				info->extack);
}

/* Dump an aging table: @fill is called for each entry (0 also when it
 * skips an expired one).  Cursor: the table iterator's bucket and
 * position in cb->args[0] and [1], moved on past each entry filled.
 */
/* Dump @n tables one after the other; cb->args[2] is the one we are on,
 * cb->args[0] and [1] the position in it.
 */
int ilnp_nl_dump_tables(struct sk_buff *skb, struct netlink_callback *cb,
			struct ilnp_table *const *t, const ilnp_nl_fill_t *fill,
			unsigned int n)
{
	struct ilnp_table_iter it;
	unsigned long now = jiffies;
	struct ilnp_table_node *node;
	unsigned int i;
	int err = 0;

	rcu_read_lock();
	cb->seq = 0;
	for (i = 0; i < n; i++)
		cb->seq += ilnp_table_gen(t[i]);
	for (i = cb->args[2]; i < n && !err; i++) {
		it.bucket = cb->args[0];
		it.pos = cb->args[1];
		while ((node = ilnp_table_next(t[i], &it))) {
			err = fill[i](skb, cb, node, now);
			if (err)
				break;
			cb->args[0] = it.bucket;
			cb->args[1] = it.pos;
		}
		if (!err) {
			cb->args[0] = 0;
			cb->args[1] = 0;
			cb->args[2] = i + 1;
		}
	}
	rcu_read_unlock();
	return err && !skb->len ? err : skb->len;
}

int ilnp_nl_dump_table(struct sk_buff *skb, struct netlink_callback *cb,
		       struct ilnp_table *t, ilnp_nl_fill_t fill)
{
	return ilnp_nl_dump_tables(skb, cb, &t, &fill, 1);
}

#define ILNP_OP(_cmd, _policy, _flags, _doit, _dumpit)	{	\
	.cmd = (_cmd),						\
	.policy = (_policy),					\
	.maxattr = ILNP_A_MAX,					\
	.flags = (_flags),					\
	.doit = (_doit),					\
	.dumpit = (_dumpit),					\
}

/* Who may: every command that changes state or sends a packet is
 * GENL_UNS_ADMIN_PERM (CAP_NET_ADMIN in the user namespace owning the
 * netns, so root of a container runs its own node only); the gets and
 * dumps are open to all, the ILCC dump without its secrets.
 * tests/static/genl-spec.py holds this table to the YAML spec's flags,
 * tests/integration/privilege.sh tries every command as nobody.
 */
static const struct genl_ops ilnp_nl_ops[] = {
	ILNP_OP(ILNP_CMD_NODE_GET, no_attrs_policy, 0,
		ilnp_nl_node_get, NULL),
	ILNP_OP(ILNP_CMD_NODE_SET, node_set_policy, GENL_UNS_ADMIN_PERM,
		ilnp_nl_node_set, NULL),
	ILNP_OP(ILNP_CMD_LINK_GET, no_attrs_policy, 0,
		NULL, ilnp_nl_link_dump),
	ILNP_OP(ILNP_CMD_LOCATOR_ADD, locator_add_policy, GENL_UNS_ADMIN_PERM,
		ilnp_nl_locator_add, NULL),
	ILNP_OP(ILNP_CMD_LOCATOR_DEL, locator_del_policy, GENL_UNS_ADMIN_PERM,
		ilnp_nl_locator_del, NULL),
	ILNP_OP(ILNP_CMD_LOCATOR_GET, no_attrs_policy, 0,
		NULL, ilnp_nl_locator_dump),
	ILNP_OP(ILNP_CMD_ROUTE_GET, no_attrs_policy, 0,
		NULL, ilnp_nl_route_dump),
	ILNP_OP(ILNP_CMD_STATS_GET, no_attrs_policy, 0,
		NULL, ilnp_nl_stats_dump),
	ILNP_OP(ILNP_CMD_ECHO_SEND, echo_send_policy, GENL_UNS_ADMIN_PERM,
		ilnp_nl_echo_send, NULL),
	ILNP_OP(ILNP_CMD_NEIGH_GET, no_attrs_policy, 0,
		NULL, ilnp_nl_neigh_dump),
	ILNP_OP(ILNP_CMD_RESOLVE, resolve_policy, 0,
		ilnp_nl_resolve, NULL),
	ILNP_OP(ILNP_CMD_SOLICIT, no_attrs_policy, GENL_UNS_ADMIN_PERM,
		ilnp_nl_solicit, NULL),
	ILNP_OP(ILNP_CMD_CACHE_GET, no_attrs_policy, 0,
		NULL, ilnp_nl_cache_dump),
	ILNP_OP(ILNP_CMD_LOCATOR_MOVE, locator_move_policy,
		GENL_UNS_ADMIN_PERM, ilnp_nl_locator_move, NULL),
	ILNP_OP(ILNP_CMD_SOCKET_GET, no_attrs_policy, 0,
		NULL, ilnp_nl_socket_dump),
	ILNP_OP(ILNP_CMD_ROUTE_FLUSH, route_flush_policy, GENL_UNS_ADMIN_PERM,
		ilnp_nl_route_flush, NULL),
	ILNP_OP(ILNP_CMD_NEIGH_FLUSH, neigh_flush_policy, GENL_UNS_ADMIN_PERM,
		ilnp_nl_neigh_flush, NULL),
};

/* In enum ilnp_nlgrp's order (events.h).  Open to every user, as the
 * dumps are (events.c says why nothing secret goes out).
 */
static const struct genl_multicast_group ilnp_nl_mcgrps[] = {
	[ILNP_NLGRP_LOCATOR] = { .name = ILNP_MCGRP_LOCATOR },
	[ILNP_NLGRP_UPDATE] = { .name = ILNP_MCGRP_UPDATE },
	[ILNP_NLGRP_NEIGH] = { .name = ILNP_MCGRP_NEIGH },
	[ILNP_NLGRP_ROUTE] = { .name = ILNP_MCGRP_ROUTE },
};

static_assert(ARRAY_SIZE(ilnp_nl_mcgrps) == ILNP_NLGRP_COUNT);

struct genl_family ilnp_genl_family __ro_after_init = {
	.name = ILNP_GENL_NAME,
	.version = ILNP_GENL_VERSION,
	.maxattr = ILNP_A_MAX,
	.netnsok = true,
	.module = THIS_MODULE,
	.ops = ilnp_nl_ops,
	.n_ops = ARRAY_SIZE(ilnp_nl_ops),
	.mcgrps = ilnp_nl_mcgrps,
	.n_mcgrps = ARRAY_SIZE(ilnp_nl_mcgrps),
	/* A command added later without a policy takes no attributes. */
	.resv_start_op = __ILNP_CMD_MAX,
	/* Echo replies go by unicast, to their sender (nl_echo.c). */
};

int __init ilnp_netlink_init(void)
{
	int err;

	err = ilnp_nl_echo_init();
	if (err)
		return err;
	err = genl_register_family(&ilnp_genl_family);
	if (err)
		goto err_echo;
	ilnp_events_start();
	return 0;

err_echo:
	ilnp_nl_echo_exit();
	return err;
}

/* Events stop first: the devices and tables torn down after this go
 * without a word, as the group ids are given back.
 */
void ilnp_netlink_exit(void)
{
	ilnp_events_stop();
	genl_unregister_family(&ilnp_genl_family);
	ilnp_nl_echo_exit();
}

MODULE_ALIAS_GENL_FAMILY(ILNP_GENL_NAME);
