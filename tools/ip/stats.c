// SPDX-License-Identifier: GPL-2.0
/*
 * ilnp-ip stats: per device counters.  The kernel sends each counter as
 * a u64 attribute of type ILNP_STAT_*; names come from the table below,
 * and a counter newer than this tool shows up as "stat<N>".
 */
#include <string.h>

#include "ilnp-ip.h"

static const char * const stat_names[ILNP_STAT_MAX + 1] = {
	[ILNP_STAT_RX_PACKETS]		= "rx_packets",
	[ILNP_STAT_RX_BYTES]		= "rx_bytes",
	[ILNP_STAT_TX_PACKETS]		= "tx_packets",
	[ILNP_STAT_TX_BYTES]		= "tx_bytes",
	[ILNP_STAT_FORWARDED]		= "forwarded",
	[ILNP_STAT_DELIVERED]		= "delivered",
	[ILNP_STAT_ECHO_REPLIED]	= "echo_replied",
	[ILNP_STAT_DROP_SHORT]		= "drop_short",
	[ILNP_STAT_DROP_VERSION]	= "drop_version",
	[ILNP_STAT_DROP_LENGTH]		= "drop_length",
	[ILNP_STAT_DROP_HOP_LIMIT]	= "drop_hop_limit",
	[ILNP_STAT_DROP_NO_ROUTE]	= "drop_no_route",
	[ILNP_STAT_DROP_NOT_FOR_US]	= "drop_not_for_us",
	[ILNP_STAT_DROP_NEXT_HEADER]	= "drop_next_header",
	[ILNP_STAT_DROP_CHECKSUM]	= "drop_checksum",
	[ILNP_STAT_DROP_MALFORMED]	= "drop_malformed",
	[ILNP_STAT_DROP_GROUP]		= "drop_group",
	[ILNP_STAT_ROUTE_OVERFLOW]	= "route_overflow",
	[ILNP_STAT_TX_ERRORS]		= "tx_errors",
	[ILNP_STAT_DROP_NO_PORT]	= "drop_no_port",
	[ILNP_STAT_DROP_RCVBUF]		= "drop_rcvbuf",
	[ILNP_STAT_DISC_SENT]		= "disc_sent",
	[ILNP_STAT_DISC_RECEIVED]	= "disc_received",
	[ILNP_STAT_DISC_FORWARDED]	= "disc_forwarded",
	[ILNP_STAT_DISC_DUPLICATE]	= "disc_duplicate",
	[ILNP_STAT_NEIGH_OVERFLOW]	= "neigh_overflow",
	[ILNP_STAT_LU_SENT]		= "lu_sent",
	[ILNP_STAT_LU_RETRANSMITTED]	= "lu_retransmitted",
	[ILNP_STAT_LU_RECEIVED]		= "lu_received",
	[ILNP_STAT_LU_ACKED]		= "lu_acked",
	[ILNP_STAT_LU_REJECTED]		= "lu_rejected",
	[ILNP_STAT_LU_STALE]		= "lu_stale",
	[ILNP_STAT_ILCC_OVERFLOW]	= "ilcc_overflow",
	[ILNP_STAT_DROP_OTHER_NETWORK]	= "drop_other_network",
	[ILNP_STAT_LU_PROBED]		= "lu_probed",
	[ILNP_STAT_LU_VERIFIED]		= "lu_verified",
	[ILNP_STAT_DROP_BAD_SOURCE]	= "drop_bad_source",
	[ILNP_STAT_DROP_TOO_BIG]	= "drop_too_big",
	[ILNP_STAT_DISC_SUPPRESSED]	= "disc_suppressed",
	[ILNP_STAT_ROUTE_EVICTED]	= "route_evicted",
	[ILNP_STAT_NEIGH_EVICTED]	= "neigh_evicted",
	[ILNP_STAT_ILCC_EVICTED]	= "ilcc_evicted",
	[ILNP_STAT_IDENTITY_TX]		= "identity_tx",
	[ILNP_STAT_IDENTITY_RX]		= "identity_rx",
	[ILNP_STAT_DROP_NOT_IDENTITY]	= "drop_not_identity",
	[ILNP_STAT_TX_UNICAST]		= "tx_unicast",
};

static void stats_usage(FILE *f)
{
	fprintf(f, "Usage: ilnp-ip stats [show] [dev NAME]\n");
}

static void stats_print_one(unsigned int type, unsigned long long v)
{
	const char *name = NULL;
	char buf[16];

	if (type <= ILNP_STAT_MAX)
		name = stat_names[type];
	if (!name) {
		snprintf(buf, sizeof(buf), "stat%u", type);
		name = buf;
	}
	if (ip_json)
		json_kv_uint(&ip_jw, name, v);
	else
		printf("    %s %llu\n", name, v);
}

/* The counter of @type in @nest, 0 if the kernel left it out. */
static unsigned long long stats_get(const struct nlattr *nest,
				    unsigned int type)
{
	const struct nlattr *attr;

	mnl_attr_for_each_nested(attr, nest)
		if (mnl_attr_get_type(attr) == type &&
		    !mnl_attr_validate(attr, MNL_TYPE_U64))
			return mnl_attr_get_u64(attr);
	return 0;
}

/* Every counter we know, in enum order and zeros included, then the
 * ones newer than us in the order they came.
 */
static void stats_print(const struct nlattr *nest)
{
	const struct nlattr *attr;
	unsigned int type;

	for (type = ILNP_STAT_UNSPEC + 1; type <= ILNP_STAT_MAX; type++)
		stats_print_one(type, nest ? stats_get(nest, type) : 0);
	if (!nest)
		return;
	mnl_attr_for_each_nested(attr, nest) {
		type = mnl_attr_get_type(attr);
		if (type > ILNP_STAT_MAX &&
		    !mnl_attr_validate(attr, MNL_TYPE_U64))
			stats_print_one(type, mnl_attr_get_u64(attr));
	}
}

static int stats_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[ILNP_A_STATS_MAX + 1];
	const __u32 *want = data;
	char ifname[IF_NAMESIZE];
	__u32 ifindex;

	nl_parse(nlh, ILNP_A_STATS, tb);
	if (!tb[ILNP_A_STATS_IFINDEX])
		return MNL_CB_OK;
	ifindex = mnl_attr_get_u32(tb[ILNP_A_STATS_IFINDEX]);
	if (*want && ifindex != *want)
		return MNL_CB_OK;
	if (tb[ILNP_A_STATS_IFNAME])
		snprintf(ifname, sizeof(ifname), "%s",
			 mnl_attr_get_str(tb[ILNP_A_STATS_IFNAME]));
	else
		ip_ifname(ifindex, ifname);

	if (ip_json) {
		json_key(&ip_jw, ifname);
		json_open_object(&ip_jw);
	} else {
		printf("%s:\n", ifname);
	}
	stats_print(tb[ILNP_A_STATS_COUNTERS]);
	if (ip_json)
		json_close_object(&ip_jw);
	return MNL_CB_OK;
}

static int stats_show(int argc, char **argv)
{
	struct ip_kw kw[] = { { .name = "dev" }, { } };
	__u32 ifindex = 0;
	struct nl *nl;
	int err;

	ip_parse_kw(argc, argv, kw, stats_usage);
	if (kw[0].val)
		ifindex = ip_get_ifindex(kw[0].val);

	nl = ip_open();
	nl_genl_req(nl, ILNP_CMD_STATS_GET, NLM_F_REQUEST | NLM_F_DUMP);
	if (ip_json)
		json_open_object(&ip_jw);
	err = nl_talk(nl, stats_cb, &ifindex);
	if (ip_json)
		json_close_object(&ip_jw);
	if (err)
		return ip_kernel_error(nl, err);
	nl_close(nl);
	return 0;
}

static const struct ip_cmd stats_cmds[] = {
	{ "show", stats_show },
	{ "list", stats_show },
	{ }
};

const struct ip_object stats_object = {
	.name = "stats",
	.cmds = stats_cmds,
	.usage = stats_usage,
	.bare_args = 1,
};
