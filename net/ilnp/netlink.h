/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the files of the generic netlink family share: netlink.c has the
 * family, its policies and its command table; nl_node.c, nl_device.c,
 * nl_table.c and nl_echo.c the handlers of their objects.
 */
#ifndef _ILNP_NETLINK_H
#define _ILNP_NETLINK_H

#include <net/genetlink.h>

#include "ilnp.h"

enum { ILNP_MCGRP_ECHO };

extern struct genl_family ilnp_genl_family;

void *ilnp_nl_msg_start(struct sk_buff *skb, struct genl_info *info, u8 cmd);
void *ilnp_nl_dump_start(struct sk_buff *skb, struct netlink_callback *cb,
			 u8 cmd);

/* The request's nest @type, which the command needs, parsed into @tb
 * with the nest's @policy (the command's policy has validated it
 * already); @msg for people if it is missing.  Not "__info": that is
 * GENL_REQ_ATTR_CHECK()'s own.
 */
#define ilnp_nl_parse(info, type, tb, policy, msg) ({			\
	struct genl_info *_nl_info = (info);				\
	int _nl_err = -EINVAL;						\
									\
	if (GENL_REQ_ATTR_CHECK(_nl_info, (type)))			\
		NL_SET_ERR_MSG(_nl_info->extack, msg);			\
	else								\
		_nl_err = nla_parse_nested(tb, ARRAY_SIZE(policy) - 1,	\
					   _nl_info->attrs[(type)],	\
					   policy, _nl_info->extack);	\
	_nl_err;							\
})

/* Dump a hashed table that RCU readers walk: @fill is called for each
 * entry (and returns 0 also when it skips an expired one).
 */
typedef int (*ilnp_nl_fill_t)(struct sk_buff *skb, struct netlink_callback *cb,
			      struct hlist_node *node, unsigned long now);
int ilnp_nl_dump_table(struct sk_buff *skb, struct netlink_callback *cb,
		       struct hlist_head *buckets, unsigned int nbuckets,
		       u32 gen, ilnp_nl_fill_t fill);

/* The nested policies the handlers parse with (netlink.c). */
extern const struct nla_policy ilnp_nl_node_set_policy[ILNP_A_NODE_MAX + 1];
extern const struct nla_policy ilnp_nl_locator_add_policy[ILNP_A_LOCATOR_MAX + 1];
extern const struct nla_policy ilnp_nl_locator_del_policy[ILNP_A_LOCATOR_MAX + 1];
extern const struct nla_policy ilnp_nl_locator_move_policy[ILNP_A_LOCATOR_MAX + 1];
extern const struct nla_policy ilnp_nl_resolve_policy[ILNP_A_NEIGH_MAX + 1];
extern const struct nla_policy ilnp_nl_echo_send_policy[ILNP_A_ECHO_MAX + 1];

/* nl_node.c */
int ilnp_nl_node_get(struct sk_buff *skb, struct genl_info *info);
int ilnp_nl_node_set(struct sk_buff *skb, struct genl_info *info);

/* nl_device.c */
int ilnp_nl_link_dump(struct sk_buff *skb, struct netlink_callback *cb);
int ilnp_nl_locator_dump(struct sk_buff *skb, struct netlink_callback *cb);
int ilnp_nl_stats_dump(struct sk_buff *skb, struct netlink_callback *cb);
int ilnp_nl_locator_add(struct sk_buff *skb, struct genl_info *info);
int ilnp_nl_locator_del(struct sk_buff *skb, struct genl_info *info);
int ilnp_nl_locator_move(struct sk_buff *skb, struct genl_info *info);

/* nl_table.c */
int ilnp_nl_route_dump(struct sk_buff *skb, struct netlink_callback *cb);
int ilnp_nl_neigh_dump(struct sk_buff *skb, struct netlink_callback *cb);
int ilnp_nl_cache_dump(struct sk_buff *skb, struct netlink_callback *cb);
int ilnp_nl_resolve(struct sk_buff *skb, struct genl_info *info);
int ilnp_nl_solicit(struct sk_buff *skb, struct genl_info *info);

/* nl_echo.c */
int ilnp_nl_echo_send(struct sk_buff *skb, struct genl_info *info);

#endif /* _ILNP_NETLINK_H */
