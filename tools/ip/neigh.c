// SPDX-License-Identifier: GPL-2.0
/*
 * ilnp-ip neigh: the neighbour table, the hosts learnt by discovery
 * (hostname, NID, advertised locators), and a solicitation on demand.
 *
 * The dump is read in full first, then sorted by hostname and printed,
 * so the text columns line up.
 */
#include <stdlib.h>
#include <string.h>

#include <ilnp/ilv.h>

#include "ilnp-ip.h"

/* Room for "LOC pref 65535 lifetime 4294967295s". */
#define NEIGH_LOC_STRLEN	(ILNP_ID_STRLEN + 36)
/* Room for "DEV LOC". */
#define NEIGH_ON_STRLEN		(IF_NAMESIZE + ILNP_ID_STRLEN + 1)

struct neigh_loc {
	__u64 loc;
	__u32 lifetime;
	__u16 preference;
};

struct neigh {
	char hostname[ILNP_HOSTNAME_MAX + 1];
	__u64 nid, via;
	__u32 ifindex, age_ms, seq;
	int has_via;
	struct neigh_loc *locs;
	size_t nlocs, cap;
};

struct neigh_list {
	struct neigh *v;
	size_t n, cap;
};

static void neigh_usage(FILE *f)
{
	fprintf(f,
		"Usage: ilnp-ip neigh [show]\n"
		"       ilnp-ip neigh solicit\n");
}

static void neigh_add_loc(struct neigh *n, const struct nlattr *entry)
{
	const struct nlattr *tb[ILNP_A_MAX + 1];
	struct neigh_loc *l;

	nl_parse_nested(entry, tb);
	if (!tb[ILNP_A_LOCATOR])
		return;
	n->locs = ip_grow(n->locs, &n->cap, n->nlocs, sizeof(*n->locs));
	l = &n->locs[n->nlocs++];
	l->loc = mnl_attr_get_u64(tb[ILNP_A_LOCATOR]);
	l->preference = tb[ILNP_A_PREFERENCE] ?
		mnl_attr_get_u16(tb[ILNP_A_PREFERENCE]) : 0;
	l->lifetime = tb[ILNP_A_LIFETIME] ?
		mnl_attr_get_u32(tb[ILNP_A_LIFETIME]) : 0;
}

static __u32 attr_u32(const struct nlattr *attr)
{
	return attr ? mnl_attr_get_u32(attr) : 0;
}

static int neigh_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[ILNP_A_MAX + 1];
	struct neigh_list *list = data;
	const struct nlattr *entry;
	struct neigh *n;

	nl_parse(nlh, tb);
	if (!tb[ILNP_A_NID])
		return MNL_CB_OK;
	list->v = ip_grow(list->v, &list->cap, list->n, sizeof(*list->v));
	n = &list->v[list->n++];
	memset(n, 0, sizeof(*n));
	n->nid = mnl_attr_get_u64(tb[ILNP_A_NID]);
	if (tb[ILNP_A_HOSTNAME])
		snprintf(n->hostname, sizeof(n->hostname), "%s",
			 mnl_attr_get_str(tb[ILNP_A_HOSTNAME]));
	if (tb[ILNP_A_LOCATOR]) {
		n->via = mnl_attr_get_u64(tb[ILNP_A_LOCATOR]);
		n->has_via = 1;
	}
	n->ifindex = attr_u32(tb[ILNP_A_IFINDEX]);
	n->age_ms = attr_u32(tb[ILNP_A_AGE_MS]);
	n->seq = attr_u32(tb[ILNP_A_SEQ]);
	if (tb[ILNP_A_LOCATORS])
		mnl_attr_for_each_nested(entry, tb[ILNP_A_LOCATORS])
			if (mnl_attr_get_type(entry) == ILNP_A_LOCATOR_ENTRY &&
			    !mnl_attr_validate(entry, MNL_TYPE_NESTED))
				neigh_add_loc(n, entry);
	return MNL_CB_OK;
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

static void neigh_print_json(const struct neigh *n)
{
	char id[ILNP_ID_STRLEN], dev[IF_NAMESIZE];
	size_t i;

	json_open_object(&ip_jw);
	json_kv_string(&ip_jw, "hostname", n->hostname);
	ilnp_id_format(id, sizeof(id), n->nid);
	json_kv_string(&ip_jw, "nid", id);
	json_key(&ip_jw, "locators");
	json_open_array(&ip_jw);
	for (i = 0; i < n->nlocs; i++) {
		json_open_object(&ip_jw);
		ilnp_id_format(id, sizeof(id), n->locs[i].loc);
		json_kv_string(&ip_jw, "locator", id);
		json_kv_uint(&ip_jw, "preference", n->locs[i].preference);
		json_kv_uint(&ip_jw, "lifetime", n->locs[i].lifetime);
		json_close_object(&ip_jw);
	}
	json_close_array(&ip_jw);
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

/* The LOCATORS cell of locator @i, or "-" for a host without any. */
static void neigh_loc_text(const struct neigh *n, size_t i, char *buf)
{
	char loc[ILNP_ID_STRLEN];

	if (!n->nlocs) {
		snprintf(buf, NEIGH_LOC_STRLEN, "-");
		return;
	}
	ilnp_id_format(loc, sizeof(loc), n->locs[i].loc);
	snprintf(buf, NEIGH_LOC_STRLEN, "%s pref %u lifetime %us", loc,
		 n->locs[i].preference, n->locs[i].lifetime);
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

static int max_int(int a, size_t b)
{
	return (size_t)a > b ? a : (int)b;
}

/*
 * HOSTNAME  NID         LOCATORS                        LEARNT ON      AGE
 * bob       ffff:0:0:b  0:0:0:b pref 0 lifetime 90s     ilnp0 0:0:0:a  3.2s
 *                       0:0:0:c pref 10 lifetime 90s
 */
static void neigh_print_table(const struct neigh_list *list)
{
	int w_host = 8, w_nid = 3, w_loc = 8, w_on = 9;
	char cell[NEIGH_LOC_STRLEN], on[NEIGH_ON_STRLEN];
	char nid[ILNP_ID_STRLEN];
	const struct neigh *n;
	size_t i, j;

	if (!list->n)
		return;
	for (i = 0; i < list->n; i++) {
		n = &list->v[i];
		w_host = max_int(w_host, strlen(n->hostname));
		ilnp_id_format(nid, sizeof(nid), n->nid);
		w_nid = max_int(w_nid, strlen(nid));
		for (j = 0; j < n->nlocs || !j; j++) {
			neigh_loc_text(n, j, cell);
			w_loc = max_int(w_loc, strlen(cell));
		}
		neigh_on_text(n, on);
		w_on = max_int(w_on, strlen(on));
	}

	printf("%-*s  %-*s  %-*s  %-*s  %s\n", w_host, "HOSTNAME", w_nid,
	       "NID", w_loc, "LOCATORS", w_on, "LEARNT ON", "AGE");
	for (i = 0; i < list->n; i++) {
		n = &list->v[i];
		ilnp_id_format(nid, sizeof(nid), n->nid);
		neigh_loc_text(n, 0, cell);
		neigh_on_text(n, on);
		printf("%-*s  %-*s  %-*s  %-*s  %u.%us\n", w_host,
		       *n->hostname ? n->hostname : "-", w_nid, nid, w_loc,
		       cell, w_on, on, n->age_ms / 1000,
		       n->age_ms % 1000 / 100);
		for (j = 1; j < n->nlocs; j++) {
			neigh_loc_text(n, j, cell);
			printf("%-*s  %-*s  %s\n", w_host, "", w_nid, "", cell);
		}
	}
}

static void neigh_free(struct neigh_list *list)
{
	size_t i;

	for (i = 0; i < list->n; i++)
		free(list->v[i].locs);
	free(list->v);
}

static int neigh_show(int argc, char **argv)
{
	struct neigh_list list = { 0 };
	struct ip_kw kw[] = { { } };
	struct nl *nl;
	size_t i;
	int err;

	ip_parse_kw(argc, argv, kw, neigh_usage);
	nl = ip_open();
	nl_genl_req(nl, ILNP_CMD_NEIGH_GET, NLM_F_REQUEST | NLM_F_DUMP);
	err = nl_talk(nl, neigh_cb, &list);
	if (err) {
		neigh_free(&list);
		return ip_kernel_error(nl, err);
	}
	nl_close(nl);

	if (list.n)
		qsort(list.v, list.n, sizeof(*list.v), neigh_cmp);
	if (ip_json) {
		json_open_array(&ip_jw);
		for (i = 0; i < list.n; i++)
			neigh_print_json(&list.v[i]);
		json_close_array(&ip_jw);
	} else {
		neigh_print_table(&list);
	}
	neigh_free(&list);
	return 0;
}

static int neigh_solicit(int argc, char **argv)
{
	struct ip_kw kw[] = { { } };
	struct nl *nl;
	int err;

	ip_parse_kw(argc, argv, kw, neigh_usage);
	nl = ip_open();
	nl_genl_req(nl, ILNP_CMD_SOLICIT, NLM_F_REQUEST | NLM_F_ACK);
	err = nl_talk(nl, NULL, NULL);
	if (err)
		return ip_kernel_error(nl, err);
	nl_close(nl);
	return 0;
}

static const struct ip_cmd neigh_cmds[] = {
	{ "show", neigh_show },
	{ "list", neigh_show },
	{ "solicit", neigh_solicit },
	{ }
};

const struct ip_object neigh_object = {
	.name = "neigh",
	.cmds = neigh_cmds,
	.usage = neigh_usage,
};
