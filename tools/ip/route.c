// SPDX-License-Identifier: GPL-2.0
/*
 * ilnp-ip route: the forwarding table, locator -> overlay device, learnt
 * backwards from the traffic that passes, plus the node's own locators.
 */
#include <ilnp/ilv.h>

#include "ilnp-ip.h"

static void route_usage(FILE *f)
{
	fprintf(f,
		"Usage: ilnp-ip route show\n"
		"       ilnp-ip route set [lifetime SECONDS] [max N]\n");
}

static void route_print_json(const char *loc, const char *via,
			     const char *dev, __u32 age_ms, int own)
{
	json_open_object(&ip_jw);
	json_kv_string(&ip_jw, "locator", loc);
	json_key(&ip_jw, "via");
	if (via)
		json_string(&ip_jw, via);
	else
		json_null(&ip_jw);
	json_kv_string(&ip_jw, "dev", dev);
	json_kv_uint(&ip_jw, "age_ms", age_ms);
	json_kv_bool(&ip_jw, "own", own);
	json_close_object(&ip_jw);
}

static int route_cb(const struct nlmsghdr *nlh, void *data)
{
	char loc[ILNP_ID_STRLEN], via[ILNP_ID_STRLEN], dev[IF_NAMESIZE];
	const struct nlattr *tb[ILNP_A_ROUTE_MAX + 1];
	__u32 age_ms = 0, flags = 0;
	int own;

	(void)data;
	nl_parse(nlh, ILNP_A_ROUTE, tb);
	if (!tb[ILNP_A_ROUTE_LOC])
		return MNL_CB_OK;
	ilnp_id_format(loc, sizeof(loc),
		       mnl_attr_get_u64(tb[ILNP_A_ROUTE_LOC]));
	if (tb[ILNP_A_ROUTE_VIA])
		ilnp_id_format(via, sizeof(via),
			       mnl_attr_get_u64(tb[ILNP_A_ROUTE_VIA]));
	ip_ifname(tb[ILNP_A_ROUTE_IFINDEX] ?
		  mnl_attr_get_u32(tb[ILNP_A_ROUTE_IFINDEX]) : 0, dev);
	if (tb[ILNP_A_ROUTE_AGE_MS])
		age_ms = mnl_attr_get_u32(tb[ILNP_A_ROUTE_AGE_MS]);
	if (tb[ILNP_A_ROUTE_FLAGS])
		flags = mnl_attr_get_u32(tb[ILNP_A_ROUTE_FLAGS]);
	own = !!(flags & ILNP_ROUTE_F_OWN);

	if (ip_json) {
		route_print_json(loc, tb[ILNP_A_ROUTE_VIA] ? via : NULL, dev,
				 age_ms, own);
	} else if (own) {
		printf("%s dev %s own\n", loc, dev);
	} else {
		printf("%s", loc);
		if (tb[ILNP_A_ROUTE_VIA])
			printf(" via %s", via);
		printf(" dev %s age %u.%us\n", dev, age_ms / 1000,
		       age_ms % 1000 / 100);
	}
	return MNL_CB_OK;
}

static int route_show(int argc, char **argv)
{
	struct ip_kw kw[] = { { } };
	struct nl *nl;
	int err;

	ip_parse_kw(argc, argv, kw, route_usage);
	nl = ip_open();
	nl_genl_req(nl, ILNP_CMD_ROUTE_GET, NLM_F_REQUEST | NLM_F_DUMP);
	if (ip_json)
		json_open_array(&ip_jw);
	err = nl_talk(nl, route_cb, NULL);
	if (ip_json)
		json_close_array(&ip_jw);
	if (err)
		return ip_kernel_error(nl, err);
	nl_close(nl);
	return 0;
}

static int route_set(int argc, char **argv)
{
	struct ip_kw kw[] = {
		{ .name = "lifetime" }, { .name = "max" }, { }
	};
	unsigned long lifetime = 0, max = 0;
	struct nlmsghdr *nlh;
	struct nlattr *nest;
	struct nl *nl;

	ip_parse_kw(argc, argv, kw, route_usage);
	if (!kw[0].val && !kw[1].val)
		ip_cmdline_error(route_usage, "route set needs lifetime or max");
	if (kw[0].val)
		lifetime = ip_get_uint("lifetime", kw[0].val, 0xffffffffUL);
	if (kw[1].val)
		max = ip_get_uint("max", kw[1].val, 0xffffffffUL);

	/* The table's settings belong to the node: ILNP_CMD_NODE_SET. */
	nl = ip_open();
	nlh = nl_genl_req(nl, ILNP_CMD_NODE_SET, NLM_F_REQUEST | NLM_F_ACK);
	nest = mnl_attr_nest_start(nlh, ILNP_A_NODE);
	if (kw[0].val)
		mnl_attr_put_u32(nlh, ILNP_A_NODE_ROUTE_LIFETIME, lifetime);
	if (kw[1].val)
		mnl_attr_put_u32(nlh, ILNP_A_NODE_ROUTE_CAP, max);
	mnl_attr_nest_end(nlh, nest);
	return ip_talk(nl, NULL, NULL);
}

static const struct ip_cmd route_cmds[] = {
	{ "show", route_show },
	{ "list", route_show },
	{ "set", route_set },
	{ }
};

const struct ip_object route_object = {
	.name = "route",
	.cmds = route_cmds,
	.usage = route_usage,
};
