/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the files of the generic netlink family share: netlink.c has the
 * family, its policies and its command table; nl_node.c, nl_device.c,
 * nl_table.c, nl_socket.c and nl_echo.c the handlers of their objects.
 */
#ifndef _ILNP_NETLINK_H
#define _ILNP_NETLINK_H

#include <net/genetlink.h>

#include "ilnp.h"

extern struct genl_family ilnp_genl_family;

void *ilnp_nl_msg_start(struct sk_buff *skb, struct genl_info *info, u8 cmd);
void *ilnp_nl_dump_start(struct sk_buff *skb, struct netlink_callback *cb,
			 u8 cmd);

int ilnp_nl_parse(struct genl_info *info, int type, struct nlattr **tb,
		  int maxtype, const struct nla_policy *policy);

/* Dump a hashed table that RCU readers walk: @fill is called for each
 * entry (and returns 0 also when it skips an expired one).
 */
typedef int (*ilnp_nl_fill_t)(struct sk_buff *skb, struct netlink_callback *cb,
			      struct ilnp_table_node *node, unsigned long now);
int ilnp_nl_dump_table(struct sk_buff *skb, struct netlink_callback *cb,
		       struct ilnp_table *t, ilnp_nl_fill_t fill);
int ilnp_nl_dump_tables(struct sk_buff *skb, struct netlink_callback *cb,
			struct ilnp_table *const *t, const ilnp_nl_fill_t *fill,
			unsigned int n);

/* The nested policies the handlers parse with (netlink.c). */
#define ILNP_NL_POLICY(name, max) \
	const struct nla_policy ilnp_nl_##name##_policy[(max) + 1]

extern ILNP_NL_POLICY(node_set, ILNP_A_NODE_MAX);
extern ILNP_NL_POLICY(locator_add, ILNP_A_LOCATOR_MAX);
extern ILNP_NL_POLICY(locator_del, ILNP_A_LOCATOR_MAX);
extern ILNP_NL_POLICY(locator_move, ILNP_A_LOCATOR_MAX);
extern ILNP_NL_POLICY(resolve, ILNP_A_NEIGH_MAX);
extern ILNP_NL_POLICY(echo_send, ILNP_A_ECHO_MAX);
extern ILNP_NL_POLICY(route_flush, ILNP_A_ROUTE_MAX);
extern ILNP_NL_POLICY(neigh_flush, ILNP_A_NEIGH_MAX);

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
int ilnp_nl_route_flush(struct sk_buff *skb, struct genl_info *info);
int ilnp_nl_neigh_flush(struct sk_buff *skb, struct genl_info *info);
int ilnp_nl_resolve(struct sk_buff *skb, struct genl_info *info);
int ilnp_nl_solicit(struct sk_buff *skb, struct genl_info *info);

/* nl_socket.c */
int ilnp_nl_socket_dump(struct sk_buff *skb, struct netlink_callback *cb);

/* nl_echo.c */
int ilnp_nl_echo_init(void);
void ilnp_nl_echo_exit(void);
int ilnp_nl_echo_send(struct sk_buff *skb, struct genl_info *info);

#endif /* _ILNP_NETLINK_H */
