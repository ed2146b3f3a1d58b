// SPDX-License-Identifier: GPL-2.0
/*
 * ilnp-ip cache: the ILNP correspondent cache (ILCC), one entry per peer
 * the node talks to: the locator it sends to now, the peer's locator
 * set, the nonces of the session and the state of our last locator
 * update toward it.  Sorted by NID (dump.c reads and prints the dump).
 */
#include <ilnp/ilv.h>

#include "ilnp-ip.h"

/* Room for "xxxxxxxx/xxxxxxxx". */
#define CACHE_NONCE_STRLEN	18
/* Room for "4294967.295ms" and "4294967295". */
#define CACHE_NUM_STRLEN	16

struct cache_entry {
	__u64 nid, loc;
	__u32 nonce_local, nonce_peer;
	__u32 age_ms, lu_seq, lu_retries, lu_rtt_us;
	__u8 lu_state;
	int has_nonce_local, has_nonce_peer, has_lu_seq, has_rtt;
	struct ip_peer_locs locs;
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

static void cache_parse(void *entry, const struct nlattr **tb)
{
	struct cache_entry *e = entry;

	e->nid = mnl_attr_get_u64(tb[ILNP_A_CACHE_NID]);
	if (tb[ILNP_A_CACHE_LOC])
		e->loc = mnl_attr_get_u64(tb[ILNP_A_CACHE_LOC]);
	/* The nonces and the sequence are CAP_NET_ADMIN's only. */
	if (tb[ILNP_A_CACHE_NONCE_LOCAL]) {
		e->nonce_local = mnl_attr_get_u32(tb[ILNP_A_CACHE_NONCE_LOCAL]);
		e->has_nonce_local = 1;
	}
	if (tb[ILNP_A_CACHE_NONCE_PEER]) {
		e->nonce_peer = mnl_attr_get_u32(tb[ILNP_A_CACHE_NONCE_PEER]);
		e->has_nonce_peer = 1;
	}
	e->age_ms = ip_attr_u32(tb[ILNP_A_CACHE_AGE_MS]);
	if (tb[ILNP_A_CACHE_LU_STATE])
		e->lu_state = mnl_attr_get_u8(tb[ILNP_A_CACHE_LU_STATE]);
	if (tb[ILNP_A_CACHE_LU_SEQ]) {
		e->lu_seq = mnl_attr_get_u32(tb[ILNP_A_CACHE_LU_SEQ]);
		e->has_lu_seq = 1;
	}
	e->lu_retries = ip_attr_u32(tb[ILNP_A_CACHE_LU_RETRIES]);
	if (tb[ILNP_A_CACHE_LU_RTT_US]) {
		e->lu_rtt_us = mnl_attr_get_u32(tb[ILNP_A_CACHE_LU_RTT_US]);
		e->has_rtt = 1;
	}
}

static int cache_cmp(const void *a, const void *b)
{
	const struct cache_entry *x = a, *y = b;

	return x->nid < y->nid ? -1 : x->nid > y->nid;
}

static void cache_print_json(const void *entry)
{
	const struct cache_entry *e = entry;
	char id[ILNP_ID_STRLEN], buf[CACHE_NUM_STRLEN];

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
	ip_peer_locs_json(&e->locs);
	json_key(&ip_jw, "nonce_local");
	if (e->has_nonce_local)
		json_uint(&ip_jw, e->nonce_local);
	else
		json_null(&ip_jw);
	json_key(&ip_jw, "nonce_peer");
	if (e->has_nonce_peer)
		json_uint(&ip_jw, e->nonce_peer);
	else
		json_null(&ip_jw);
	json_kv_string(&ip_jw, "lu_state", cache_state_name(e->lu_state, buf));
	json_key(&ip_jw, "lu_seq");
	if (e->has_lu_seq)
		json_uint(&ip_jw, e->lu_seq);
	else
		json_null(&ip_jw);
	json_kv_uint(&ip_jw, "lu_retries", e->lu_retries);
	json_key(&ip_jw, "lu_rtt_us");
	if (e->has_rtt)
		json_uint(&ip_jw, e->lu_rtt_us);
	else
		json_null(&ip_jw);
	json_kv_uint(&ip_jw, "age_ms", e->age_ms);
	json_close_object(&ip_jw);
}

/* The NONCES cell: local/peer in hex, "-" for the peer's not learnt;
 * "hidden" without CAP_NET_ADMIN.
 */
static void cache_nonce_text(const struct cache_entry *e, char *buf)
{
	if (!e->has_nonce_local)
		snprintf(buf, CACHE_NONCE_STRLEN, "hidden");
	else if (e->has_nonce_peer)
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
	if (e->has_lu_seq)
		snprintf(c->seq, sizeof(c->seq), "%u", e->lu_seq);
	else
		snprintf(c->seq, sizeof(c->seq), "-");
	snprintf(c->retries, sizeof(c->retries), "%u", e->lu_retries);
	cache_rtt_text(e, c->rtt);
	snprintf(c->age, sizeof(c->age), "%u.%us", e->age_ms / 1000,
		 e->age_ms % 1000 / 100);

	w->nid = ip_width(w->nid, c->nid);
	w->loc = ip_width(w->loc, c->loc);
	w->nonce = ip_width(w->nonce, c->nonce);
	w->state = ip_width(w->state, c->state_name);
	w->seq = ip_width(w->seq, c->seq);
	w->retries = ip_width(w->retries, c->retries);
	w->rtt = ip_width(w->rtt, c->rtt);
	w->age = ip_width(w->age, c->age);
}

/*
 * NID         LOCATOR  NONCES             UPDATE  SEQ  RETRIES  RTT      ...
 * ffff:0:0:b  0:0:0:c  1a2b3c4d/5e6f7081  acked   2    0        1.234ms  ...
 *
 * ... AGE   LOCATORS
 * ... 0.4s  0:0:0:c pref 0 lifetime 90s
 *           0:0:0:b pref 0 lifetime 2s
 */
static void cache_print_table(const void *v, size_t n)
{
	struct cache_widths w = {
		.nid = 3, .loc = 7, .nonce = 6, .state = 6, .seq = 3,
		.retries = 7, .rtt = 3, .age = 3,
	};
	char cell[IP_PEER_LOC_STRLEN];
	const struct cache_entry *e;
	struct cache_cells c;
	int indent;
	size_t i, j;

	for (i = 0; i < n; i++)
		cache_cells((const struct cache_entry *)v + i, &c, &w);
	indent = w.nid + w.loc + w.nonce + w.state + w.seq + w.retries +
		 w.rtt + w.age + 8 * 2;

	printf("%-*s  %-*s  %-*s  %-*s  %-*s  %-*s  %-*s  %-*s  %s\n",
	       w.nid, "NID", w.loc, "LOCATOR", w.nonce, "NONCES", w.state,
	       "UPDATE", w.seq, "SEQ", w.retries, "RETRIES", w.rtt, "RTT",
	       w.age, "AGE", "LOCATORS");
	for (i = 0; i < n; i++) {
		e = (const struct cache_entry *)v + i;
		cache_cells(e, &c, &w);
		ip_peer_loc_text(&e->locs, 0, cell);
		printf("%-*s  %-*s  %-*s  %-*s  %-*s  %-*s  %-*s  %-*s  %s\n",
		       w.nid, c.nid, w.loc, c.loc, w.nonce, c.nonce, w.state,
		       c.state_name, w.seq, c.seq, w.retries, c.retries,
		       w.rtt, c.rtt, w.age, c.age, cell);
		for (j = 1; j < e->locs.n; j++) {
			ip_peer_loc_text(&e->locs, j, cell);
			printf("%*s%s\n", indent, "", cell);
		}
	}
}

static const struct ip_dump cache_dump = {
	.cmd = ILNP_CMD_CACHE_GET,
	.set = ILNP_A_CACHE,
	.nid_attr = ILNP_A_CACHE_NID,
	.peer_loc_attr = ILNP_A_CACHE_PEER_LOC,
	.size = sizeof(struct cache_entry),
	.locs_offset = offsetof(struct cache_entry, locs),
	.usage = cache_usage,
	.parse = cache_parse,
	.cmp = cache_cmp,
	.print_json = cache_print_json,
	.print_table = cache_print_table,
};

static int cache_show(int argc, char **argv)
{
	return ip_dump_show(&cache_dump, argc, argv);
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
