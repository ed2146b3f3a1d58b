// SPDX-License-Identifier: GPL-2.0
/*
 * ilnp-ip neigh: the neighbour table, the hosts learnt by discovery
 * (hostname, NID, advertised locators), and a solicitation on demand.
 * Sorted by hostname (dump.c reads and prints the dump).
 */
#include <string.h>

#include <ilnp/ilv.h>

#include "ilnp-ip.h"

/* Room for "DEV LOC". */
#define NEIGH_ON_STRLEN		(IF_NAMESIZE + ILNP_ID_STRLEN + 1)
/* Room for "4294967.9s". */
#define NEIGH_NUM_STRLEN	16

struct neigh {
	char hostname[ILNP_HOSTNAME_MAX + 1];
	__u64 nid, via;
	__u32 ifindex, age_ms, seq;
	int has_via;
	struct ip_peer_locs locs;
};

static void neigh_usage(FILE *f)
{
	fprintf(f,
		"Usage: ilnp-ip neigh [show]\n"
		"       ilnp-ip neigh solicit\n"
		"       ilnp-ip neigh flush { all | dev NAME }\n");
}

static void neigh_parse(void *entry, const struct nlattr **tb)
{
	struct neigh *n = entry;

	n->nid = mnl_attr_get_u64(tb[ILNP_A_NEIGH_NID]);
	if (tb[ILNP_A_NEIGH_HOSTNAME])
		snprintf(n->hostname, sizeof(n->hostname), "%s",
			 mnl_attr_get_str(tb[ILNP_A_NEIGH_HOSTNAME]));
	if (tb[ILNP_A_NEIGH_VIA]) {
		n->via = mnl_attr_get_u64(tb[ILNP_A_NEIGH_VIA]);
		n->has_via = 1;
	}
	n->ifindex = ip_attr_u32(tb[ILNP_A_NEIGH_IFINDEX]);
	n->age_ms = ip_attr_u32(tb[ILNP_A_NEIGH_AGE_MS]);
	n->seq = ip_attr_u32(tb[ILNP_A_NEIGH_SEQ]);
}

/* By hostname, the nameless last; then by NID. */
static int neigh_cmp(const void *a, const void *b)
{
	const struct neigh *x = a, *y = b;
	int c;

	if (!*x->hostname != !*y->hostname)
		return *x->hostname ? -1 : 1;
	c = strcmp(x->hostname, y->hostname);
	if (c)
		return c;
	return x->nid < y->nid ? -1 : x->nid > y->nid;
}

static void neigh_print_json(const void *entry)
{
	const struct neigh *n = entry;
	char id[ILNP_ID_STRLEN], dev[IF_NAMESIZE];

	json_open_object(&ip_jw);
	json_kv_string(&ip_jw, "hostname", n->hostname);
	ilnp_id_format(id, sizeof(id), n->nid);
	json_kv_string(&ip_jw, "nid", id);
	ip_peer_locs_json(&n->locs);
	json_kv_string(&ip_jw, "dev", ip_ifname(n->ifindex, dev));
	json_key(&ip_jw, "via");
	if (n->has_via) {
		ilnp_id_format(id, sizeof(id), n->via);
		json_string(&ip_jw, id);
	} else {
		json_null(&ip_jw);
	}
	json_kv_uint(&ip_jw, "age_ms", n->age_ms);
	json_kv_uint(&ip_jw, "seq", n->seq);
	json_close_object(&ip_jw);
}

/* The LEARNT ON cell: overlay device and our locator. */
static void neigh_on_text(const struct neigh *n, char *buf)
{
	char dev[IF_NAMESIZE], loc[ILNP_ID_STRLEN] = "-";

	if (n->has_via)
		ilnp_id_format(loc, sizeof(loc), n->via);
	snprintf(buf, NEIGH_ON_STRLEN, "%s %s", ip_ifname(n->ifindex, dev),
		 loc);
}

/* The AGE cell into @buf (NEIGH_NUM_STRLEN bytes). */
static void neigh_age_text(const struct neigh *n, char *buf)
{
	snprintf(buf, NEIGH_NUM_STRLEN, "%u.%us", n->age_ms / 1000,
		 n->age_ms % 1000 / 100);
}

/*
 * HOSTNAME  NID         LOCATORS                        LEARNT ON      AGE
 * bob       ffff:0:0:b  0:0:0:b pref 0 lifetime 90s     ilnp0 0:0:0:a  3.2s
 *                       0:0:0:c pref 10 lifetime 90s
 *
 * -d adds SEQ after AGE: the neighbour's last flood sequence number.
 */
static void neigh_print_table(const void *v, size_t count)
{
	int w_host = 8, w_nid = 3, w_loc = 8, w_on = 9, w_age = 3;
	char cell[IP_PEER_LOC_STRLEN], on[NEIGH_ON_STRLEN];
	char age[NEIGH_NUM_STRLEN];
	char nid[ILNP_ID_STRLEN];
	const struct neigh *n;
	size_t i, j;

	for (i = 0; i < count; i++) {
		n = (const struct neigh *)v + i;
		w_host = ip_width(w_host, n->hostname);
		ilnp_id_format(nid, sizeof(nid), n->nid);
		w_nid = ip_width(w_nid, nid);
		for (j = 0; j < n->locs.n || !j; j++) {
			ip_peer_loc_text(&n->locs, j, cell);
			w_loc = ip_width(w_loc, cell);
		}
		neigh_on_text(n, on);
		w_on = ip_width(w_on, on);
		neigh_age_text(n, age);
		w_age = ip_width(w_age, age);
	}

	printf("%-*s  %-*s  %-*s  %-*s  ", w_host, "HOSTNAME", w_nid,
	       "NID", w_loc, "LOCATORS", w_on, "LEARNT ON");
	if (ip_details)
		printf("%-*s  SEQ\n", w_age, "AGE");
	else
		printf("AGE\n");
	for (i = 0; i < count; i++) {
		n = (const struct neigh *)v + i;
		ilnp_id_format(nid, sizeof(nid), n->nid);
		ip_peer_loc_text(&n->locs, 0, cell);
		neigh_on_text(n, on);
		neigh_age_text(n, age);
		printf("%-*s  %-*s  %-*s  %-*s  ", w_host,
		       *n->hostname ? n->hostname : "-", w_nid, nid, w_loc,
		       cell, w_on, on);
		if (ip_details)
			printf("%-*s  %u\n", w_age, age, n->seq);
		else
			printf("%s\n", age);
		for (j = 1; j < n->locs.n; j++) {
			ip_peer_loc_text(&n->locs, j, cell);
			printf("%-*s  %-*s  %s\n", w_host, "", w_nid, "", cell);
		}
	}
}

static const struct ip_dump neigh_dump = {
	.cmd = ILNP_CMD_NEIGH_GET,
	.set = ILNP_A_NEIGH,
	.nid_attr = ILNP_A_NEIGH_NID,
	.peer_loc_attr = ILNP_A_NEIGH_PEER_LOC,
	.size = sizeof(struct neigh),
	.locs_offset = offsetof(struct neigh, locs),
	.usage = neigh_usage,
	.parse = neigh_parse,
	.cmp = neigh_cmp,
	.print_json = neigh_print_json,
	.print_table = neigh_print_table,
};

static int neigh_show(int argc, char **argv)
{
	return ip_dump_show(&neigh_dump, argc, argv);
}

static int neigh_solicit(int argc, char **argv)
{
	struct ip_kw kw[] = { { } };
	struct nl *nl;

	ip_parse_kw(argc, argv, kw, neigh_usage);
	nl = ip_open();
	nl_genl_req(nl, ILNP_CMD_SOLICIT, NLM_F_REQUEST | NLM_F_ACK);
	return ip_talk(nl, NULL, NULL);
}

static int neigh_flush(int argc, char **argv)
{
	return ip_flush(ILNP_CMD_NEIGH_FLUSH, ILNP_A_NEIGH,
			ILNP_A_NEIGH_IFINDEX, argc, argv, neigh_usage);
}

static const struct ip_cmd neigh_cmds[] = {
	{ "show", neigh_show },
	{ "list", neigh_show },
	{ "solicit", neigh_solicit },
	{ "flush", neigh_flush },
	{ }
};

const struct ip_object neigh_object = {
	.name = "neigh",
	.cmds = neigh_cmds,
	.usage = neigh_usage,
};
