// SPDX-License-Identifier: GPL-2.0
/*
 * ilnp-ip node: the node's identity (NID, hostname) and settings.
 */

#include <ilnp/ilv.h>

#include "ilnp-ip.h"

static void node_usage(FILE *f)
{
	fprintf(f,
		"Usage: ilnp-ip node set [nid NID] [hostname NAME] [hoplimit N]\n"
		"       ilnp-ip node show\n");
}

static __u32 attr_u32(const struct nlattr *attr)
{
	return attr ? mnl_attr_get_u32(attr) : 0;
}

static int node_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[ILNP_A_MAX + 1];
	const char *hostname = "";
	char nid[ILNP_ID_STRLEN] = "-";
	unsigned int hoplimit = 0;

	(void)data;
	nl_parse(nlh, tb);
	if (tb[ILNP_A_NID])
		ilnp_id_format(nid, sizeof(nid),
			       mnl_attr_get_u64(tb[ILNP_A_NID]));
	if (tb[ILNP_A_HOSTNAME])
		hostname = mnl_attr_get_str(tb[ILNP_A_HOSTNAME]);
	if (tb[ILNP_A_HOP_LIMIT])
		hoplimit = mnl_attr_get_u8(tb[ILNP_A_HOP_LIMIT]);

	if (ip_json) {
		json_open_object(&ip_jw);
		json_kv_string(&ip_jw, "nid", nid);
		json_kv_string(&ip_jw, "hostname", hostname);
		json_kv_uint(&ip_jw, "hoplimit", hoplimit);
		json_kv_uint(&ip_jw, "route_lifetime",
			     attr_u32(tb[ILNP_A_ROUTE_LIFETIME]));
		json_kv_uint(&ip_jw, "route_max",
			     attr_u32(tb[ILNP_A_ROUTE_MAX]));
		json_kv_uint(&ip_jw, "routes",
			     attr_u32(tb[ILNP_A_ROUTE_COUNT]));
		json_close_object(&ip_jw);
		return MNL_CB_OK;
	}
	printf("nid %s hostname %s hoplimit %u\n", nid,
	       *hostname ? hostname : "-", hoplimit);
	printf("routes %u max %u lifetime %us\n",
	       attr_u32(tb[ILNP_A_ROUTE_COUNT]),
	       attr_u32(tb[ILNP_A_ROUTE_MAX]),
	       attr_u32(tb[ILNP_A_ROUTE_LIFETIME]));
	return MNL_CB_OK;
}

static int node_show(int argc, char **argv)
{
	struct ip_kw kw[] = { { } };
	struct nl *nl;
	int err;

	ip_parse_kw(argc, argv, kw, node_usage);
	nl = ip_open();
	nl_genl_req(nl, ILNP_CMD_NODE_GET, NLM_F_REQUEST | NLM_F_ACK);
	err = nl_talk(nl, node_cb, NULL);
	if (err)
		return ip_kernel_error(nl, err);
	nl_close(nl);
	return 0;
}

static int node_set(int argc, char **argv)
{
	struct ip_kw kw[] = {
		{ .name = "nid" }, { .name = "hostname" },
		{ .name = "hoplimit" }, { }
	};
	unsigned long hoplimit = 0;
	struct nlmsghdr *nlh;
	struct nl *nl;
	__u64 nid = 0;
	int err;

	ip_parse_kw(argc, argv, kw, node_usage);
	if (!kw[0].val && !kw[1].val && !kw[2].val)
		ip_cmdline_error(node_usage,
				 "node set needs nid, hostname or hoplimit");
	if (kw[0].val)
		nid = ip_get_id("NID", kw[0].val);
	if (kw[2].val &&
	    (ip_parse_uint(kw[2].val, 255, &hoplimit) || !hoplimit))
		ip_cmdline_error(NULL, "hoplimit must be 1..255");

	/* The hostname's rules are the kernel's: it says what is wrong. */
	nl = ip_open();
	nlh = nl_genl_req(nl, ILNP_CMD_NODE_SET, NLM_F_REQUEST | NLM_F_ACK);
	if (kw[0].val)
		mnl_attr_put_u64(nlh, ILNP_A_NID, nid);
	if (kw[1].val)
		mnl_attr_put_strz(nlh, ILNP_A_HOSTNAME, kw[1].val);
	if (kw[2].val)
		mnl_attr_put_u8(nlh, ILNP_A_HOP_LIMIT, hoplimit);
	err = nl_talk(nl, NULL, NULL);
	if (err)
		return ip_kernel_error(nl, err);
	nl_close(nl);
	return 0;
}

static const struct ip_cmd node_cmds[] = {
	{ "show", node_show },
	{ "list", node_show },
	{ "set", node_set },
	{ }
};

const struct ip_object node_object = {
	.name = "node",
	.cmds = node_cmds,
	.usage = node_usage,
};
