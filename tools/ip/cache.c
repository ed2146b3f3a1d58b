// SPDX-License-Identifier: GPL-2.0
/*
 * ilnp-ip cache: the ILCC, what the node knows of each correspondent
 * (Documentation/mobility.rst): its locators, the one in use, the nonces
 * and the state of our last locator update to it.
 */
#include <ilnp/ilv.h>

#include "ilnp-ip.h"

static const char *const lu_states[] = {
	[ILNP_LU_IDLE] = "idle",
	[ILNP_LU_PENDING] = "pending",
	[ILNP_LU_ACKED] = "acked",
	[ILNP_LU_FAILED] = "failed",
};

static void cache_usage(FILE *f)
{
	fprintf(f, "Usage: ilnp-ip cache show\n");
}

static __u32 u32_or(const struct nlattr *a, __u32 dflt)
{
	return a ? mnl_attr_get_u32(a) : dflt;
}

/* The locator set: "L pref P lifetime Ts,..." or a JSON array. */
static void cache_locators(const struct nlattr *list)
{
	const struct nlattr *tb[ILNP_A_MAX + 1], *entry;
	char loc[ILNP_ID_STRLEN];
	int first = 1;

	if (ip_json) {
		json_key(&ip_jw, "locators");
		json_open_array(&ip_jw);
	}
	mnl_attr_for_each_nested(entry, list) {
		nl_parse_nested(entry, tb);
		if (!tb[ILNP_A_LOCATOR])
			continue;
		ilnp_id_format(loc, sizeof(loc),
			       mnl_attr_get_u64(tb[ILNP_A_LOCATOR]));
		if (ip_json) {
			json_open_object(&ip_jw);
			json_kv_string(&ip_jw, "locator", loc);
			json_kv_uint(&ip_jw, "preference",
				     tb[ILNP_A_PREFERENCE] ?
				     mnl_attr_get_u16(tb[ILNP_A_PREFERENCE]) : 0);
			json_kv_uint(&ip_jw, "lifetime",
				     u32_or(tb[ILNP_A_LIFETIME], 0));
			json_close_object(&ip_jw);
		} else {
			printf("%s%s pref %u", first ? "" : ",", loc,
			       tb[ILNP_A_PREFERENCE] ?
			       mnl_attr_get_u16(tb[ILNP_A_PREFERENCE]) : 0);
		}
		first = 0;
	}
	if (ip_json)
		json_close_array(&ip_jw);
}

static int cache_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[ILNP_A_MAX + 1];
	char nid[ILNP_ID_STRLEN], cur[ILNP_ID_STRLEN];
	__u8 state;

	(void)data;
	nl_parse(nlh, tb);
	if (!tb[ILNP_A_NID])
		return MNL_CB_OK;
	ilnp_id_format(nid, sizeof(nid), mnl_attr_get_u64(tb[ILNP_A_NID]));
	ilnp_id_format(cur, sizeof(cur), tb[ILNP_A_DST_LOC] ?
		       mnl_attr_get_u64(tb[ILNP_A_DST_LOC]) : 0);
	state = tb[ILNP_A_LU_STATE] ? mnl_attr_get_u8(tb[ILNP_A_LU_STATE]) : 0;
	if (state > ILNP_LU_FAILED)
		state = ILNP_LU_IDLE;

	if (ip_json) {
		json_open_object(&ip_jw);
		json_kv_string(&ip_jw, "nid", nid);
		json_kv_string(&ip_jw, "locator", cur);
		if (tb[ILNP_A_LOCATORS])
			cache_locators(tb[ILNP_A_LOCATORS]);
		json_kv_uint(&ip_jw, "nonce_local",
			     u32_or(tb[ILNP_A_NONCE_LOCAL], 0));
		json_key(&ip_jw, "nonce_peer");
		if (tb[ILNP_A_NONCE_PEER])
			json_uint(&ip_jw, mnl_attr_get_u32(tb[ILNP_A_NONCE_PEER]));
		else
			json_null(&ip_jw);
		json_kv_string(&ip_jw, "lu_state", lu_states[state]);
		json_kv_uint(&ip_jw, "lu_seq", u32_or(tb[ILNP_A_LU_SEQ], 0));
		json_kv_uint(&ip_jw, "lu_retries",
			     u32_or(tb[ILNP_A_LU_RETRIES], 0));
		json_key(&ip_jw, "lu_rtt_us");
		if (tb[ILNP_A_LU_RTT_US])
			json_uint(&ip_jw, mnl_attr_get_u32(tb[ILNP_A_LU_RTT_US]));
		else
			json_null(&ip_jw);
		json_kv_uint(&ip_jw, "age_ms", u32_or(tb[ILNP_A_AGE_MS], 0));
		json_close_object(&ip_jw);
		return MNL_CB_OK;
	}
	printf("%s via %s locators ", nid, cur);
	if (tb[ILNP_A_LOCATORS])
		cache_locators(tb[ILNP_A_LOCATORS]);
	printf(" nonce %08x", u32_or(tb[ILNP_A_NONCE_LOCAL], 0));
	if (tb[ILNP_A_NONCE_PEER])
		printf("/%08x", mnl_attr_get_u32(tb[ILNP_A_NONCE_PEER]));
	else
		printf("/-");
	printf(" update %s seq %u retries %u", lu_states[state],
	       u32_or(tb[ILNP_A_LU_SEQ], 0), u32_or(tb[ILNP_A_LU_RETRIES], 0));
	if (tb[ILNP_A_LU_RTT_US])
		printf(" rtt %.1fms",
		       mnl_attr_get_u32(tb[ILNP_A_LU_RTT_US]) / 1000.0);
	printf(" age %.1fs\n", u32_or(tb[ILNP_A_AGE_MS], 0) / 1000.0);
	return MNL_CB_OK;
}

static int cache_show(int argc, char **argv)
{
	struct ip_kw kw[] = { { } };
	struct nl *nl;
	int err;

	ip_parse_kw(argc, argv, kw, cache_usage);
	nl = ip_open();
	nl_genl_req(nl, ILNP_CMD_CACHE_GET, NLM_F_REQUEST | NLM_F_DUMP);
	if (ip_json)
		json_open_array(&ip_jw);
	err = nl_talk(nl, cache_cb, NULL);
	if (ip_json)
		json_close_array(&ip_jw);
	if (err)
		return ip_kernel_error(nl, err);
	nl_close(nl);
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
