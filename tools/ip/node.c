// SPDX-License-Identifier: GPL-2.0
/*
 * ilnp-ip node: the node's identity (NID, hostname) and settings.
 */

#include <arpa/inet.h>
#include <string.h>

#include <ilnp/ilv.h>

#include "ilnp-ip.h"

/* "P::/64" of an identity prefix; "ADDR" of the identity address (the
 * prefix and @nid), as inet_ntop writes them.
 */
static void node_identity_format(__u64 prefix, __u64 nid, char *pfx,
				 char *addr)
{
	struct in6_addr a = { };
	int i;

	for (i = 0; i < 8; i++) {
		a.s6_addr[i] = prefix >> (56 - 8 * i);
		a.s6_addr[8 + i] = nid >> (56 - 8 * i);
	}
	inet_ntop(AF_INET6, &a, addr, INET6_ADDRSTRLEN);
	memset(&a.s6_addr[8], 0, 8);
	inet_ntop(AF_INET6, &a, pfx, INET6_ADDRSTRLEN);
	strcat(pfx, "/64");
}

/* "P::" or "P::/64": the upper 64 bits, or exit. */
static __u64 node_get_prefix(const char *s)
{
	char buf[INET6_ADDRSTRLEN + 4];
	struct in6_addr a;
	__u64 prefix = 0;
	char *slash;
	int i;

	snprintf(buf, sizeof(buf), "%s", s);
	slash = strchr(buf, '/');
	if (slash) {
		if (strcmp(slash, "/64"))
			ip_cmdline_error(NULL, "prefix must be a /64: %s", s);
		*slash = 0;
	}
	if (inet_pton(AF_INET6, buf, &a) != 1)
		ip_cmdline_error(NULL, "prefix is not an IPv6 prefix: %s", s);
	for (i = 8; i < 16; i++)
		if (a.s6_addr[i])
			ip_cmdline_error(NULL,
					 "prefix has bits past the /64: %s", s);
	for (i = 0; i < 8; i++)
		prefix = prefix << 8 | a.s6_addr[i];
	return prefix;
}

static void node_usage(FILE *f)
{
	fprintf(f,
		"Usage: ilnp-ip node set [nid NID] [hostname NAME] [hoplimit N]\n"
		"                        [discovery SECONDS] [neigh-lifetime SECONDS]\n"
		"                        [neigh-max N] [session-lifetime SECONDS]\n"
		"                        [lu-retries N] [path-hold MS]\n"
		"                        [prefix IPV6-PREFIX/64] [ra-interval SECONDS]\n"
		"       ilnp-ip node show\n");
}

static int node_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[ILNP_A_NODE_MAX + 1];
	char pfx[INET6_ADDRSTRLEN + 4] = "-", addr[INET6_ADDRSTRLEN] = "-";
	const char *hostname = "";
	char nid[ILNP_ID_STRLEN] = "-";
	unsigned int hoplimit = 0;

	(void)data;
	nl_parse(nlh, ILNP_A_NODE, tb);
	if (tb[ILNP_A_NODE_NID])
		ilnp_id_format(nid, sizeof(nid),
			       mnl_attr_get_u64(tb[ILNP_A_NODE_NID]));
	if (tb[ILNP_A_NODE_HOSTNAME])
		hostname = mnl_attr_get_str(tb[ILNP_A_NODE_HOSTNAME]);
	if (tb[ILNP_A_NODE_HOP_LIMIT])
		hoplimit = mnl_attr_get_u8(tb[ILNP_A_NODE_HOP_LIMIT]);
	if (tb[ILNP_A_NODE_IDENTITY_PREFIX] && tb[ILNP_A_NODE_NID])
		node_identity_format(mnl_attr_get_u64(tb[ILNP_A_NODE_IDENTITY_PREFIX]),
				     mnl_attr_get_u64(tb[ILNP_A_NODE_NID]), pfx, addr);

	if (ip_json) {
		json_open_object(&ip_jw);
		json_kv_string(&ip_jw, "nid", nid);
		json_kv_string(&ip_jw, "hostname", hostname);
		json_kv_uint(&ip_jw, "hoplimit", hoplimit);
		json_kv_string(&ip_jw, "ipv6", addr);
		json_kv_string(&ip_jw, "identity_prefix", pfx);
		json_kv_uint(&ip_jw, "route_lifetime",
			     ip_attr_u32(tb[ILNP_A_NODE_ROUTE_LIFETIME]));
		json_kv_uint(&ip_jw, "route_max",
			     ip_attr_u32(tb[ILNP_A_NODE_ROUTE_CAP]));
		json_kv_uint(&ip_jw, "routes",
			     ip_attr_u32(tb[ILNP_A_NODE_ROUTE_COUNT]));
		json_kv_uint(&ip_jw, "discovery_period",
			     ip_attr_u32(tb[ILNP_A_NODE_DISC_PERIOD]));
		json_kv_uint(&ip_jw, "neigh_lifetime",
			     ip_attr_u32(tb[ILNP_A_NODE_NEIGH_LIFETIME]));
		json_kv_uint(&ip_jw, "neigh_max",
			     ip_attr_u32(tb[ILNP_A_NODE_NEIGH_CAP]));
		json_kv_uint(&ip_jw, "neigh_count",
			     ip_attr_u32(tb[ILNP_A_NODE_NEIGH_COUNT]));
		json_kv_uint(&ip_jw, "session_lifetime",
			     ip_attr_u32(tb[ILNP_A_NODE_SESSION_LIFETIME]));
		json_kv_uint(&ip_jw, "lu_retries",
			     ip_attr_u32(tb[ILNP_A_NODE_LU_RETRIES]));
		json_kv_uint(&ip_jw, "path_hold_ms",
			     ip_attr_u32(tb[ILNP_A_NODE_PATH_HOLD_MS]));
		json_kv_uint(&ip_jw, "cache_count",
			     ip_attr_u32(tb[ILNP_A_NODE_CACHE_COUNT]));
		json_kv_uint(&ip_jw, "ra_interval",
			     ip_attr_u32(tb[ILNP_A_NODE_RA_INTERVAL]));
		json_close_object(&ip_jw);
		return MNL_CB_OK;
	}
	printf("nid %s hostname %s hoplimit %u\n", nid,
	       *hostname ? hostname : "-", hoplimit);
	printf("ipv6 %s prefix %s\n", addr, pfx);
	printf("routes %u max %u lifetime %us\n",
	       ip_attr_u32(tb[ILNP_A_NODE_ROUTE_COUNT]),
	       ip_attr_u32(tb[ILNP_A_NODE_ROUTE_CAP]),
	       ip_attr_u32(tb[ILNP_A_NODE_ROUTE_LIFETIME]));
	printf("neighbours %u max %u lifetime %us discovery ",
	       ip_attr_u32(tb[ILNP_A_NODE_NEIGH_COUNT]),
	       ip_attr_u32(tb[ILNP_A_NODE_NEIGH_CAP]),
	       ip_attr_u32(tb[ILNP_A_NODE_NEIGH_LIFETIME]));
	if (ip_attr_u32(tb[ILNP_A_NODE_DISC_PERIOD]))
		printf("%us\n", ip_attr_u32(tb[ILNP_A_NODE_DISC_PERIOD]));
	else
		printf("off\n");
	printf("cache %u session-lifetime %us lu-retries %u path-hold %ums\n",
	       ip_attr_u32(tb[ILNP_A_NODE_CACHE_COUNT]),
	       ip_attr_u32(tb[ILNP_A_NODE_SESSION_LIFETIME]),
	       ip_attr_u32(tb[ILNP_A_NODE_LU_RETRIES]),
	       ip_attr_u32(tb[ILNP_A_NODE_PATH_HOLD_MS]));
	printf("ra-interval %us\n", ip_attr_u32(tb[ILNP_A_NODE_RA_INTERVAL]));
	return MNL_CB_OK;
}

static int node_show(int argc, char **argv)
{
	struct ip_kw kw[] = { { } };
	struct nl *nl;

	ip_parse_kw(argc, argv, kw, node_usage);
	nl = ip_open();
	nl_genl_req(nl, ILNP_CMD_NODE_GET, NLM_F_REQUEST | NLM_F_ACK);
	return ip_talk(nl, node_cb, NULL);
}

/* A "KEYWORD N" value, @min..@max, or exit naming the range. */
static unsigned long node_get_uint(const char *name, const char *s,
				   unsigned long min, unsigned long max)
{
	unsigned long v;

	if (ip_parse_uint(s, max, &v) || v < min)
		ip_cmdline_error(NULL, "%s must be %lu..%lu", name, min, max);
	return v;
}

enum {
	KW_NID, KW_HOSTNAME, KW_HOPLIMIT, KW_DISC, KW_NLIFE, KW_NMAX,
	KW_SLIFE, KW_LURETRY, KW_HOLD, KW_PREFIX, KW_RA,
};

static int node_set(int argc, char **argv)
{
	struct ip_kw kw[] = {
		[KW_NID] = { .name = "nid" },
		[KW_HOSTNAME] = { .name = "hostname" },
		[KW_HOPLIMIT] = { .name = "hoplimit" },
		[KW_DISC] = { .name = "discovery" },
		[KW_NLIFE] = { .name = "neigh-lifetime" },
		[KW_NMAX] = { .name = "neigh-max" },
		[KW_SLIFE] = { .name = "session-lifetime" },
		[KW_LURETRY] = { .name = "lu-retries" },
		[KW_HOLD] = { .name = "path-hold" },
		[KW_PREFIX] = { .name = "prefix" },
		[KW_RA] = { .name = "ra-interval" },
		{ }
	};
	unsigned long hoplimit = 0, disc = 0, nlife = 0, nmax = 0;
	unsigned long slife = 0, luretry = 0, hold = 0, ra = 0;
	struct nlmsghdr *nlh;
	struct nlattr *nest;
	struct nl *nl;
	__u64 nid = 0, prefix = 0;
	size_t i;

	ip_parse_kw(argc, argv, kw, node_usage);
	for (i = 0; kw[i].name && !kw[i].val; i++)
		;
	if (!kw[i].name)
		ip_cmdline_error(node_usage,
				 "node set needs nid, hostname, hoplimit, discovery, neigh-lifetime, neigh-max, session-lifetime, lu-retries, path-hold, prefix or ra-interval");
	if (kw[KW_NID].val)
		nid = ip_get_id("NID", kw[KW_NID].val);
	if (kw[KW_HOPLIMIT].val)
		hoplimit = node_get_uint("hoplimit", kw[KW_HOPLIMIT].val, 1,
					 255);
	if (kw[KW_DISC].val)
		disc = node_get_uint("discovery", kw[KW_DISC].val, 0, 3600);
	if (kw[KW_NLIFE].val)
		nlife = node_get_uint("neigh-lifetime", kw[KW_NLIFE].val, 1,
				      86400);
	if (kw[KW_NMAX].val)
		nmax = node_get_uint("neigh-max", kw[KW_NMAX].val, 1, 65536);
	if (kw[KW_SLIFE].val)
		slife = node_get_uint("session-lifetime", kw[KW_SLIFE].val, 1,
				      3600);
	if (kw[KW_LURETRY].val)
		luretry = node_get_uint("lu-retries", kw[KW_LURETRY].val, 0,
					20);
	if (kw[KW_HOLD].val)
		hold = node_get_uint("path-hold", kw[KW_HOLD].val, 0, 1000);
	if (kw[KW_PREFIX].val)
		prefix = node_get_prefix(kw[KW_PREFIX].val);
	if (kw[KW_RA].val)
		ra = node_get_uint("ra-interval", kw[KW_RA].val, 1, 3600);

	/* The hostname's rules are the kernel's: it says what is wrong. */
	nl = ip_open();
	nlh = nl_genl_req(nl, ILNP_CMD_NODE_SET, NLM_F_REQUEST | NLM_F_ACK);
	nest = mnl_attr_nest_start(nlh, ILNP_A_NODE);
	if (kw[KW_NID].val)
		mnl_attr_put_u64(nlh, ILNP_A_NODE_NID, nid);
	if (kw[KW_HOSTNAME].val)
		mnl_attr_put_strz(nlh, ILNP_A_NODE_HOSTNAME,
				  kw[KW_HOSTNAME].val);
	if (kw[KW_HOPLIMIT].val)
		mnl_attr_put_u8(nlh, ILNP_A_NODE_HOP_LIMIT, hoplimit);
	if (kw[KW_DISC].val)
		mnl_attr_put_u32(nlh, ILNP_A_NODE_DISC_PERIOD, disc);
	if (kw[KW_NLIFE].val)
		mnl_attr_put_u32(nlh, ILNP_A_NODE_NEIGH_LIFETIME, nlife);
	if (kw[KW_NMAX].val)
		mnl_attr_put_u32(nlh, ILNP_A_NODE_NEIGH_CAP, nmax);
	if (kw[KW_SLIFE].val)
		mnl_attr_put_u32(nlh, ILNP_A_NODE_SESSION_LIFETIME, slife);
	if (kw[KW_LURETRY].val)
		mnl_attr_put_u32(nlh, ILNP_A_NODE_LU_RETRIES, luretry);
	if (kw[KW_HOLD].val)
		mnl_attr_put_u32(nlh, ILNP_A_NODE_PATH_HOLD_MS, hold);
	if (kw[KW_PREFIX].val)
		mnl_attr_put_u64(nlh, ILNP_A_NODE_IDENTITY_PREFIX, prefix);
	if (kw[KW_RA].val)
		mnl_attr_put_u32(nlh, ILNP_A_NODE_RA_INTERVAL, ra);
	mnl_attr_nest_end(nlh, nest);
	return ip_talk(nl, NULL, NULL);
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
