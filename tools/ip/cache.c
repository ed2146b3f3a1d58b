// SPDX-License-Identifier: GPL-2.0
/*
 * ilnp-ip cache: the ILNP correspondent cache (ILCC), one entry per peer
 * the node talks to: the locator it sends to now, the peer's locator
 * set, the nonces of the session and the state of our last locator
 * update toward it.
 *
 * As in neigh.c the dump is read in full first, then sorted by NID and
 * printed, so the text columns line up.
 */
#include <stdlib.h>
#include <string.h>

#include <ilnp/ilv.h>

#include "ilnp-ip.h"

/* Room for "LOC pref 65535 lifetime 4294967295s". */
#define CACHE_LOC_STRLEN	(ILNP_ID_STRLEN + 36)
/* Room for "xxxxxxxx/xxxxxxxx". */
#define CACHE_NONCE_STRLEN	18
/* Room for "4294967.295ms" and "4294967295". */
#define CACHE_NUM_STRLEN	16

struct cache_loc {
	__u64 loc;
	__u32 lifetime;
	__u16 preference;
};

struct cache_entry {
	__u64 nid, loc;
	__u32 nonce_local, nonce_peer;
	__u32 age_ms, lu_seq, lu_retries, lu_rtt_us;
	__u8 lu_state;
	int has_nonce_peer, has_rtt;
	struct cache_loc *locs;
	size_t nlocs, cap;
};

struct cache_list {
	struct cache_entry *v;
	size_t n, cap;
};

static const char * const lu_state_names[] = {
	[ILNP_LU_IDLE]		= "idle",
	[ILNP_LU_PENDING]	= "pending",
	[ILNP_LU_ACKED]		= "acked",
	[ILNP_LU_FAILED]	= "failed",
};

static void cache_usage(FILE *f)
{
	fprintf(f, "Usage: ilnp-ip cache [show]\n");
}

/* The name of @state into @buf, "stateN" for one newer than us. */
static const char *cache_state_name(__u8 state, char *buf)
{
	if (state < ARRAY_SIZE(lu_state_names) && lu_state_names[state])
		return lu_state_names[state];
	snprintf(buf, CACHE_NUM_STRLEN, "state%u", state);
	return buf;
}

static void cache_add_loc(struct cache_entry *e, const struct nlattr *entry)
{
	const struct nlattr *tb[ILNP_A_MAX + 1];
	struct cache_loc *l;

	nl_parse_nested(entry, tb);
	if (!tb[ILNP_A_LOCATOR])
		return;
	e->locs = ip_grow(e->locs, &e->cap, e->nlocs, sizeof(*e->locs));
	l = &e->locs[e->nlocs++];
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

static int cache_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[ILNP_A_MAX + 1];
	struct cache_list *list = data;
	const struct nlattr *entry;
	struct cache_entry *e;

	nl_parse(nlh, tb);
	if (!tb[ILNP_A_NID])
		return MNL_CB_OK;
	list->v = ip_grow(list->v, &list->cap, list->n, sizeof(*list->v));
	e = &list->v[list->n++];
	memset(e, 0, sizeof(*e));
	e->nid = mnl_attr_get_u64(tb[ILNP_A_NID]);
	if (tb[ILNP_A_DST_LOC])
		e->loc = mnl_attr_get_u64(tb[ILNP_A_DST_LOC]);
	e->nonce_local = attr_u32(tb[ILNP_A_NONCE_LOCAL]);
	if (tb[ILNP_A_NONCE_PEER]) {
		e->nonce_peer = mnl_attr_get_u32(tb[ILNP_A_NONCE_PEER]);
		e->has_nonce_peer = 1;
	}
	e->age_ms = attr_u32(tb[ILNP_A_AGE_MS]);
	if (tb[ILNP_A_LU_STATE])
		e->lu_state = mnl_attr_get_u8(tb[ILNP_A_LU_STATE]);
	e->lu_seq = attr_u32(tb[ILNP_A_LU_SEQ]);
	e->lu_retries = attr_u32(tb[ILNP_A_LU_RETRIES]);
	if (tb[ILNP_A_LU_RTT_US]) {
		e->lu_rtt_us = mnl_attr_get_u32(tb[ILNP_A_LU_RTT_US]);
		e->has_rtt = 1;
	}
	if (tb[ILNP_A_LOCATORS])
		mnl_attr_for_each_nested(entry, tb[ILNP_A_LOCATORS])
			if (mnl_attr_get_type(entry) == ILNP_A_LOCATOR_ENTRY &&
			    !mnl_attr_validate(entry, MNL_TYPE_NESTED))
				cache_add_loc(e, entry);
	return MNL_CB_OK;
}

static int cache_cmp(const void *a, const void *b)
{
	const struct cache_entry *x = a, *y = b;

	return x->nid < y->nid ? -1 : x->nid > y->nid;
}

static void cache_print_json(const struct cache_entry *e)
{
	char id[ILNP_ID_STRLEN], buf[CACHE_NUM_STRLEN];
	size_t i;

	json_open_object(&ip_jw);
	ilnp_id_format(id, sizeof(id), e->nid);
	json_kv_string(&ip_jw, "nid", id);
	json_key(&ip_jw, "locator");
	if (e->loc) {
		ilnp_id_format(id, sizeof(id), e->loc);
		json_string(&ip_jw, id);
	} else {
		json_null(&ip_jw);
	}
	json_key(&ip_jw, "locators");
	json_open_array(&ip_jw);
	for (i = 0; i < e->nlocs; i++) {
		json_open_object(&ip_jw);
		ilnp_id_format(id, sizeof(id), e->locs[i].loc);
		json_kv_string(&ip_jw, "locator", id);
		json_kv_uint(&ip_jw, "preference", e->locs[i].preference);
		json_kv_uint(&ip_jw, "lifetime", e->locs[i].lifetime);
		json_close_object(&ip_jw);
	}
	json_close_array(&ip_jw);
	json_kv_uint(&ip_jw, "nonce_local", e->nonce_local);
	json_key(&ip_jw, "nonce_peer");
	if (e->has_nonce_peer)
		json_uint(&ip_jw, e->nonce_peer);
	else
		json_null(&ip_jw);
	json_kv_string(&ip_jw, "lu_state", cache_state_name(e->lu_state, buf));
	json_kv_uint(&ip_jw, "lu_seq", e->lu_seq);
	json_kv_uint(&ip_jw, "lu_retries", e->lu_retries);
	json_key(&ip_jw, "lu_rtt_us");
	if (e->has_rtt)
		json_uint(&ip_jw, e->lu_rtt_us);
	else
		json_null(&ip_jw);
	json_kv_uint(&ip_jw, "age_ms", e->age_ms);
	json_close_object(&ip_jw);
}

/* The LOCATORS cell of locator @i, or "-" for a peer without any. */
static void cache_loc_text(const struct cache_entry *e, size_t i, char *buf)
{
	char loc[ILNP_ID_STRLEN];

	if (!e->nlocs) {
		snprintf(buf, CACHE_LOC_STRLEN, "-");
		return;
	}
	ilnp_id_format(loc, sizeof(loc), e->locs[i].loc);
	snprintf(buf, CACHE_LOC_STRLEN, "%s pref %u lifetime %us", loc,
		 e->locs[i].preference, e->locs[i].lifetime);
}

/* The NONCES cell: local/peer in hex, "-" for the peer's not learnt. */
static void cache_nonce_text(const struct cache_entry *e, char *buf)
{
	if (e->has_nonce_peer)
		snprintf(buf, CACHE_NONCE_STRLEN, "%08x/%08x", e->nonce_local,
			 e->nonce_peer);
	else
		snprintf(buf, CACHE_NONCE_STRLEN, "%08x/-", e->nonce_local);
}

/* The RTT cell: milliseconds with three decimals, "-" before an ack. */
static void cache_rtt_text(const struct cache_entry *e, char *buf)
{
	if (e->has_rtt)
		snprintf(buf, CACHE_NUM_STRLEN, "%u.%03ums",
			 e->lu_rtt_us / 1000, e->lu_rtt_us % 1000);
	else
		snprintf(buf, CACHE_NUM_STRLEN, "-");
}

static int max_int(int a, size_t b)
{
	return (size_t)a > b ? a : (int)b;
}

struct cache_widths {
	int nid, loc, nonce, state, seq, retries, rtt, age;
};

/* The text of every column but LOCATORS. */
struct cache_cells {
	char nid[ILNP_ID_STRLEN], loc[ILNP_ID_STRLEN];
	char nonce[CACHE_NONCE_STRLEN], state[CACHE_NUM_STRLEN];
	char seq[CACHE_NUM_STRLEN], retries[CACHE_NUM_STRLEN];
	char rtt[CACHE_NUM_STRLEN], age[CACHE_NUM_STRLEN];
	const char *state_name;
};

/* Every cell of @e but LOCATORS into @c; widen @w to fit them. */
static void cache_cells(const struct cache_entry *e, struct cache_cells *c,
			struct cache_widths *w)
{
	ilnp_id_format(c->nid, sizeof(c->nid), e->nid);
	if (e->loc)
		ilnp_id_format(c->loc, sizeof(c->loc), e->loc);
	else
		snprintf(c->loc, sizeof(c->loc), "-");
	cache_nonce_text(e, c->nonce);
	c->state_name = cache_state_name(e->lu_state, c->state);
	snprintf(c->seq, sizeof(c->seq), "%u", e->lu_seq);
	snprintf(c->retries, sizeof(c->retries), "%u", e->lu_retries);
	cache_rtt_text(e, c->rtt);
	snprintf(c->age, sizeof(c->age), "%u.%us", e->age_ms / 1000,
		 e->age_ms % 1000 / 100);

	w->nid = max_int(w->nid, strlen(c->nid));
	w->loc = max_int(w->loc, strlen(c->loc));
	w->nonce = max_int(w->nonce, strlen(c->nonce));
	w->state = max_int(w->state, strlen(c->state_name));
	w->seq = max_int(w->seq, strlen(c->seq));
	w->retries = max_int(w->retries, strlen(c->retries));
	w->rtt = max_int(w->rtt, strlen(c->rtt));
	w->age = max_int(w->age, strlen(c->age));
}

/*
 * NID         LOCATOR  NONCES             UPDATE  SEQ  RETRIES  RTT      ...
 * ffff:0:0:b  0:0:0:c  1a2b3c4d/5e6f7081  acked   2    0        1.234ms  ...
 *
 * ... AGE   LOCATORS
 * ... 0.4s  0:0:0:c pref 0 lifetime 90s
 *           0:0:0:b pref 0 lifetime 2s
 */
static void cache_print_table(const struct cache_list *list)
{
	struct cache_widths w = {
		.nid = 3, .loc = 7, .nonce = 6, .state = 6, .seq = 3,
		.retries = 7, .rtt = 3, .age = 3,
	};
	char cell[CACHE_LOC_STRLEN];
	const struct cache_entry *e;
	struct cache_cells c;
	int indent;
	size_t i, j;

	if (!list->n)
		return;
	for (i = 0; i < list->n; i++)
		cache_cells(&list->v[i], &c, &w);
	indent = w.nid + w.loc + w.nonce + w.state + w.seq + w.retries +
		 w.rtt + w.age + 8 * 2;

	printf("%-*s  %-*s  %-*s  %-*s  %-*s  %-*s  %-*s  %-*s  %s\n",
	       w.nid, "NID", w.loc, "LOCATOR", w.nonce, "NONCES", w.state,
	       "UPDATE", w.seq, "SEQ", w.retries, "RETRIES", w.rtt, "RTT",
	       w.age, "AGE", "LOCATORS");
	for (i = 0; i < list->n; i++) {
		e = &list->v[i];
		cache_cells(e, &c, &w);
		cache_loc_text(e, 0, cell);
		printf("%-*s  %-*s  %-*s  %-*s  %-*s  %-*s  %-*s  %-*s  %s\n",
		       w.nid, c.nid, w.loc, c.loc, w.nonce, c.nonce, w.state,
		       c.state_name, w.seq, c.seq, w.retries, c.retries,
		       w.rtt, c.rtt, w.age, c.age, cell);
		for (j = 1; j < e->nlocs; j++) {
			cache_loc_text(e, j, cell);
			printf("%*s%s\n", indent, "", cell);
		}
	}
}

static void cache_free(struct cache_list *list)
{
	size_t i;

	for (i = 0; i < list->n; i++)
		free(list->v[i].locs);
	free(list->v);
}

static int cache_show(int argc, char **argv)
{
	struct cache_list list = { 0 };
	struct ip_kw kw[] = { { } };
	struct nl *nl;
	size_t i;
	int err;

	ip_parse_kw(argc, argv, kw, cache_usage);
	nl = ip_open();
	nl_genl_req(nl, ILNP_CMD_CACHE_GET, NLM_F_REQUEST | NLM_F_DUMP);
	err = nl_talk(nl, cache_cb, &list);
	if (err) {
		cache_free(&list);
		return ip_kernel_error(nl, err);
	}
	nl_close(nl);

	if (list.n)
		qsort(list.v, list.n, sizeof(*list.v), cache_cmp);
	if (ip_json) {
		json_open_array(&ip_jw);
		for (i = 0; i < list.n; i++)
			cache_print_json(&list.v[i]);
		json_close_array(&ip_jw);
	} else {
		cache_print_table(&list);
	}
	cache_free(&list);
	return 0;
}

static const struct ip_cmd cache_cmds[] = {
	{ "show", cache_show },
	{ "list", cache_show },
	{ }
};

const struct ip_object cache_object = {
	.name = "cache",
	.cmds = cache_cmds,
	.usage = cache_usage,
};
