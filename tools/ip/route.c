// SPDX-License-Identifier: GPL-2.0
/*
 * ilnp-ip route: the forwarding table, locator -> overlay device, learnt
 * backwards from the traffic that passes, plus the node's own locators,
 * then the hosts heard directly on our networks.  A next hop whose
 * Ethernet address is known ("lladdr") gets the route's packets by
 * unicast; the others go to the locator's group.
 */
#include <ilnp/ilv.h>

#include "ilnp-ip.h"

static void route_usage(FILE *f)
{
	fprintf(f,
		"Usage: ilnp-ip route show\n"
		"       ilnp-ip route set [lifetime SECONDS] [max N]\n"
		"       ilnp-ip route flush { all | dev NAME }\n");
}

struct route_row {
	char loc[ILNP_ID_STRLEN], via[ILNP_ID_STRLEN], dev[IF_NAMESIZE];
	char nid[ILNP_ID_STRLEN], lladdr[18];
	__u32 age_ms, flags;
	int has_via;
};

static void route_print_json(const struct route_row *r)
{
	json_open_object(&ip_jw);
	json_kv_string(&ip_jw, "locator", r->loc);
	if (r->flags & ILNP_ROUTE_F_HOST)
		json_kv_string(&ip_jw, "nid", r->nid);
	json_key(&ip_jw, "via");
	if (r->has_via)
		json_string(&ip_jw, r->via);
	else
		json_null(&ip_jw);
	json_kv_string(&ip_jw, "dev", r->dev);
	json_key(&ip_jw, "lladdr");
	if (r->lladdr[0])
		json_string(&ip_jw, r->lladdr);
	else
		json_null(&ip_jw);
	json_kv_uint(&ip_jw, "age_ms", r->age_ms);
	json_kv_bool(&ip_jw, "own", !!(r->flags & ILNP_ROUTE_F_OWN));
	json_kv_bool(&ip_jw, "host", !!(r->flags & ILNP_ROUTE_F_HOST));
	json_close_object(&ip_jw);
}

static void route_print(const struct route_row *r)
{
	if (r->flags & ILNP_ROUTE_F_OWN) {
		printf("%s dev %s own\n", r->loc, r->dev);
		return;
	}
	printf("%s", r->loc);
	if (r->flags & ILNP_ROUTE_F_HOST)
		printf(" nid %s", r->nid);
	else if (r->has_via)
		printf(" via %s", r->via);
	printf(" dev %s", r->dev);
	if (r->lladdr[0])
		printf(" lladdr %s", r->lladdr);
	printf(" age %u.%us\n", r->age_ms / 1000, r->age_ms % 1000 / 100);
}

static void lladdr_format(char *buf, size_t size, const struct nlattr *attr)
{
	const unsigned char *a = mnl_attr_get_payload(attr);

	if (mnl_attr_get_payload_len(attr) != 6) {
		buf[0] = 0;
		return;
	}
	snprintf(buf, size, "%02x:%02x:%02x:%02x:%02x:%02x",
		 a[0], a[1], a[2], a[3], a[4], a[5]);
}

static int route_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[ILNP_A_ROUTE_MAX + 1];
	struct route_row r = { };

	(void)data;
	nl_parse(nlh, ILNP_A_ROUTE, tb);
	if (!tb[ILNP_A_ROUTE_LOC])
		return MNL_CB_OK;
	ilnp_id_format(r.loc, sizeof(r.loc),
		       mnl_attr_get_u64(tb[ILNP_A_ROUTE_LOC]));
	r.has_via = !!tb[ILNP_A_ROUTE_VIA];
	if (r.has_via)
		ilnp_id_format(r.via, sizeof(r.via),
			       mnl_attr_get_u64(tb[ILNP_A_ROUTE_VIA]));
	if (tb[ILNP_A_ROUTE_NID])
		ilnp_id_format(r.nid, sizeof(r.nid),
			       mnl_attr_get_u64(tb[ILNP_A_ROUTE_NID]));
	if (tb[ILNP_A_ROUTE_LLADDR])
		lladdr_format(r.lladdr, sizeof(r.lladdr),
			      tb[ILNP_A_ROUTE_LLADDR]);
	ip_ifname(tb[ILNP_A_ROUTE_IFINDEX] ?
		  mnl_attr_get_u32(tb[ILNP_A_ROUTE_IFINDEX]) : 0, r.dev);
	if (tb[ILNP_A_ROUTE_AGE_MS])
		r.age_ms = mnl_attr_get_u32(tb[ILNP_A_ROUTE_AGE_MS]);
	if (tb[ILNP_A_ROUTE_FLAGS])
		r.flags = mnl_attr_get_u32(tb[ILNP_A_ROUTE_FLAGS]);
	if ((r.flags & ILNP_ROUTE_F_HOST) && !tb[ILNP_A_ROUTE_NID])
		return MNL_CB_OK;

	if (ip_json)
		route_print_json(&r);
	else
		route_print(&r);
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

/* The learnt routes and hosts go; our own locators' stay. */
static int route_flush(int argc, char **argv)
{
	return ip_flush(ILNP_CMD_ROUTE_FLUSH, ILNP_A_ROUTE,
			ILNP_A_ROUTE_IFINDEX, argc, argv, route_usage);
}

static const struct ip_cmd route_cmds[] = {
	{ "show", route_show },
	{ "list", route_show },
	{ "set", route_set },
	{ "flush", route_flush },
	{ }
};

const struct ip_object route_object = {
	.name = "route",
	.cmds = route_cmds,
	.usage = route_usage,
};
