// SPDX-License-Identifier: GPL-2.0
/*
 * ilnp-ip stats: per device counters.  The kernel sends each counter as
 * a u64 attribute of type ILNP_STAT_*; names come from the table below,
 * and a counter newer than this tool shows up as "stat<N>".
 */
#include <stdlib.h>
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
	[ILNP_STAT_RA_SENT]		= "ra_sent",
	[ILNP_STAT_RS_SENT]		= "rs_sent",
	[ILNP_STAT_RA_RECEIVED]		= "ra_received",
	[ILNP_STAT_RS_RECEIVED]		= "rs_received",
	[ILNP_STAT_RA_IGNORED]		= "ra_ignored",
	[ILNP_STAT_RA_EXPIRED]		= "ra_expired",
	[ILNP_STAT_RA_CHECKS]		= "ra_checks",
	[ILNP_STAT_RA_UNHEARD]		= "ra_unheard",
	[ILNP_STAT_PROTO_UNTRANSLATABLE] = "proto_untranslatable",
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

/* For link -s: every device's counters the tool knows. */
static int stats_list_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[ILNP_A_STATS_MAX + 1];
	struct ip_stats_list *l = data;
	struct ip_stats *st;
	unsigned int type;

	nl_parse(nlh, ILNP_A_STATS, tb);
	if (!tb[ILNP_A_STATS_IFINDEX])
		return MNL_CB_OK;
	l->v = ip_grow(l->v, &l->cap, l->n, sizeof(*l->v));
	st = &l->v[l->n++];
	memset(st, 0, sizeof(*st));
	st->ifindex = mnl_attr_get_u32(tb[ILNP_A_STATS_IFINDEX]);
	for (type = ILNP_STAT_UNSPEC + 1; type <= ILNP_STAT_MAX; type++)
		if (tb[ILNP_A_STATS_COUNTERS])
			st->c[type] = stats_get(tb[ILNP_A_STATS_COUNTERS], type);
	return MNL_CB_OK;
}

int ip_stats_dump(struct nl *nl, struct ip_stats_list *l)
{
	nl_genl_req(nl, ILNP_CMD_STATS_GET, NLM_F_REQUEST | NLM_F_DUMP);
	return nl_talk(nl, stats_list_cb, l);
}

#define STATS_MAX_COLS	8

struct stats_col {
	const char *name;
	unsigned long long v;
};

/* "    RX:  bytes packets ..." over the values, right-aligned as ip -s
 * does; as an object @key with -j.
 */
static void stats_cols(const char *key, const struct stats_col *cols,
		       size_t n)
{
	char val[STATS_MAX_COLS][24];
	int w[STATS_MAX_COLS];
	size_t i;

	if (ip_json) {
		json_key(&ip_jw, key);
		json_open_object(&ip_jw);
		for (i = 0; i < n; i++)
			json_kv_uint(&ip_jw, cols[i].name, cols[i].v);
		json_close_object(&ip_jw);
		return;
	}
	for (i = 0; i < n; i++) {
		snprintf(val[i], sizeof(val[i]), "%llu", cols[i].v);
		w[i] = ip_width(ip_width(6, cols[i].name), val[i]);
	}
	printf("    %s:", key[0] == 'r' ? "RX" : "TX");
	for (i = 0; i < n; i++)
		printf(" %*s", w[i], cols[i].name);
	printf("\n       ");
	for (i = 0; i < n; i++)
		printf(" %*s", w[i], val[i]);
	printf("\n");
}

/*
 * Under a device of ilnp-ip -s link: what ip -s link shows (dropped is
 * every drop_* counter); with -s -s, every counter as stats shows it.
 */
/* Every drop_* counter: ip -s link's "dropped". */
static unsigned long long stats_dropped(const struct ip_stats *st)
{
	unsigned long long dropped = 0;
	unsigned int type;

	for (type = ILNP_STAT_UNSPEC + 1; type <= ILNP_STAT_MAX; type++)
		if (stat_names[type] && !strncmp(stat_names[type], "drop_", 5))
			dropped += st->c[type];
	return dropped;
}

/*
 * Under a device of ilnp-ip -s link: what ip -s link shows; with -s -s,
 * every counter as stats shows it.
 */
void ip_stats_print_link(const struct ip_stats *st)
{
	const struct stats_col rx[] = {
		{ "bytes", st->c[ILNP_STAT_RX_BYTES] },
		{ "packets", st->c[ILNP_STAT_RX_PACKETS] },
		{ "delivered", st->c[ILNP_STAT_DELIVERED] },
		{ "forwarded", st->c[ILNP_STAT_FORWARDED] },
		{ "dropped", stats_dropped(st) },
	};
	const struct stats_col tx[] = {
		{ "bytes", st->c[ILNP_STAT_TX_BYTES] },
		{ "packets", st->c[ILNP_STAT_TX_PACKETS] },
		{ "errors", st->c[ILNP_STAT_TX_ERRORS] },
		{ "unicast", st->c[ILNP_STAT_TX_UNICAST] },
	};
	unsigned int type;

	if (ip_json) {
		json_key(&ip_jw, "stats64");
		json_open_object(&ip_jw);
	}
	stats_cols("rx", rx, ARRAY_SIZE(rx));
	stats_cols("tx", tx, ARRAY_SIZE(tx));
	if (ip_json)
		json_close_object(&ip_jw);
	if (ip_stats < 2)
		return;
	if (ip_json) {
		json_key(&ip_jw, "counters");
		json_open_object(&ip_jw);
	}
	for (type = ILNP_STAT_UNSPEC + 1; type <= ILNP_STAT_MAX; type++)
		stats_print_one(type, st->c[type]);
	if (ip_json)
		json_close_object(&ip_jw);
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
