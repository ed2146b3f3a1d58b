// SPDX-License-Identifier: GPL-2.0
/*
 * ilnp-ip locator: the node's own locators, each on an overlay device.
 */
#include <stdlib.h>
#include <string.h>

#include <ilnp/ilv.h>

#include "ilnp-ip.h"

static void locator_usage(FILE *f)
{
	fprintf(f,
		"Usage: ilnp-ip locator add LOC dev NAME [preference P] [advertise]\n"
		"       ilnp-ip locator del LOC dev NAME\n"
		"       ilnp-ip locator move OLD NEW dev NAME [to NAME2]\n"
		"                            [handoff SECONDS] [preference P]\n"
		"       ilnp-ip locator show [dev NAME]\n"
		"       ilnp-ip locator flush dev NAME\n");
}

/* As ip -6 addr's "valid_lft": a learnt locator's router and what is
 * left of its lifetime.
 */
static void locator_print(const struct loc_info *li)
{
	char loc[ILNP_ID_STRLEN], dev[IF_NAMESIZE], router[ILNP_ID_STRLEN];

	ilnp_id_format(loc, sizeof(loc), li->loc);
	ilnp_id_format(router, sizeof(router), li->router);
	ip_ifname(li->ifindex, dev);
	if (ip_json) {
		json_open_object(&ip_jw);
		json_kv_string(&ip_jw, "locator", loc);
		json_kv_string(&ip_jw, "dev", dev);
		json_kv_uint(&ip_jw, "preference", li->preference);
		json_kv_bool(&ip_jw, "advertise", li->advertise);
		json_kv_bool(&ip_jw, "learnt", li->learnt);
		if (li->learnt) {
			json_kv_string(&ip_jw, "router", router);
			json_kv_uint(&ip_jw, "lifetime", li->lifetime);
			json_kv_bool(&ip_jw, "stale", li->stale);
		}
		json_close_object(&ip_jw);
		return;
	}
	printf("%s dev %s preference %u", loc, dev, li->preference);
	if (li->advertise)
		printf(" advertise");
	if (li->learnt)
		printf(" learnt router %s valid %us%s", router, li->lifetime,
		       li->stale ? " stale" : "");
	printf("\n");
}

static int locator_show(int argc, char **argv)
{
	struct ip_kw kw[] = { { .name = "dev" }, { } };
	struct loc_list locs = { };
	__u32 ifindex = 0;
	struct nl *nl;
	size_t i;
	int err;

	ip_parse_kw(argc, argv, kw, locator_usage);
	if (kw[0].val)
		ifindex = ip_get_ifindex(kw[0].val);
	/* As ip -br addr: a line a device. */
	if (ip_brief)
		return ip_link_list(kw[0].val, ifindex);

	nl = ip_open();
	err = locator_dump(nl, &locs);
	if (err) {
		free(locs.v);
		return ip_kernel_error(nl, err);
	}
	nl_close(nl);

	if (ip_json)
		json_open_array(&ip_jw);
	for (i = 0; i < locs.n; i++)
		if (!ifindex || locs.v[i].ifindex == ifindex)
			locator_print(&locs.v[i]);
	if (ip_json)
		json_close_array(&ip_jw);
	free(locs.v);
	return 0;
}

/* "LOC dev NAME [preference P] [advertise]" for add (@cmd
 * ILNP_CMD_LOCATOR_ADD) and, with neither, for del.
 */
static int locator_change(int argc, char **argv, __u8 cmd)
{
	struct ip_kw kw[] = {
		{ .name = "dev" }, { .name = "preference" },
		{ .name = "advertise", .flag = 1 }, { }
	};
	const char *what = cmd == ILNP_CMD_LOCATOR_ADD ? "add" : "del";
	long preference = -1;
	struct nlmsghdr *nlh;
	struct nlattr *nest;
	__u32 ifindex;
	struct nl *nl;
	__u64 loc;

	if (!argc)
		ip_cmdline_error(locator_usage, "locator %s needs a LOC", what);
	if (!strcmp(argv[0], "help")) {
		locator_usage(stdout);
		return 0;
	}
	if (cmd != ILNP_CMD_LOCATOR_ADD)
		kw[1].name = NULL;	/* the end of the list, for del */
	loc = ip_get_id("locator", argv[0]);
	ip_parse_kw(argc - 1, argv + 1, kw, locator_usage);
	if (!kw[0].val)
		ip_cmdline_error(locator_usage, "locator %s needs \"dev NAME\"",
				 what);
	ifindex = ip_get_ifindex(kw[0].val);
	if (kw[1].val)
		preference = ip_get_uint("preference", kw[1].val, 0xffff);

	nl = ip_open();
	nlh = nl_genl_req(nl, cmd, NLM_F_REQUEST | NLM_F_ACK);
	nest = mnl_attr_nest_start(nlh, ILNP_A_LOCATOR);
	mnl_attr_put_u32(nlh, ILNP_A_LOCATOR_IFINDEX, ifindex);
	mnl_attr_put_u64(nlh, ILNP_A_LOCATOR_LOC, loc);
	if (preference >= 0)
		mnl_attr_put_u16(nlh, ILNP_A_LOCATOR_PREFERENCE, preference);
	if (kw[2].val)
		mnl_attr_put_u8(nlh, ILNP_A_LOCATOR_ADVERTISE, 1);
	mnl_attr_nest_end(nlh, nest);
	return ip_talk(nl, NULL, NULL);
}

static int locator_add(int argc, char **argv)
{
	return locator_change(argc, argv, ILNP_CMD_LOCATOR_ADD);
}

static int locator_del(int argc, char **argv)
{
	return locator_change(argc, argv, ILNP_CMD_LOCATOR_DEL);
}

/* Seconds with up to three decimals ("0.5", "2", "1.25") into ms, at
 * most what a u32 holds; -1 if @s is not one.
 */
static int locator_parse_ms(const char *s, __u32 *ms)
{
	unsigned long long v = 0;
	int frac = -1;

	if (!*s || *s == '.')
		return -1;
	for (; *s; s++) {
		if (*s == '.' && frac < 0) {
			frac = 0;
			if (!s[1])
				return -1;
			continue;
		}
		if (*s < '0' || *s > '9' || frac == 3)
			return -1;
		v = v * 10 + (*s - '0');
		if (frac >= 0)
			frac++;
		if (v > 0xffffffffULL)
			return -1;
	}
	for (frac = frac < 0 ? 0 : frac; frac < 3; frac++)
		v *= 10;
	if (v > 0xffffffffULL)
		return -1;
	*ms = v;
	return 0;
}

enum { MV_DEV, MV_TO, MV_HANDOFF, MV_PREF };

/* "OLD NEW dev NAME [to NAME2] [handoff SECONDS] [preference P]": the
 * kernel joins NEW, sends locator updates and leaves OLD after the
 * handoff time (at once without one).
 */
static int locator_move(int argc, char **argv)
{
	struct ip_kw kw[] = {
		[MV_DEV] = { .name = "dev" },
		[MV_TO] = { .name = "to" },
		[MV_HANDOFF] = { .name = "handoff" },
		[MV_PREF] = { .name = "preference" },
		{ }
	};
	__u32 ifindex, new_ifindex = 0, handoff_ms = 0;
	long preference = -1;
	struct nlmsghdr *nlh;
	struct nlattr *nest;
	__u64 old, new;
	struct nl *nl;

	if (argc && !strcmp(argv[0], "help")) {
		locator_usage(stdout);
		return 0;
	}
	if (argc < 2)
		ip_cmdline_error(locator_usage,
				 "locator move needs OLD and NEW locators");
	old = ip_get_id("locator", argv[0]);
	new = ip_get_id("locator", argv[1]);
	ip_parse_kw(argc - 2, argv + 2, kw, locator_usage);
	if (!kw[MV_DEV].val)
		ip_cmdline_error(locator_usage,
				 "locator move needs \"dev NAME\"");
	ifindex = ip_get_ifindex(kw[MV_DEV].val);
	if (kw[MV_TO].val)
		new_ifindex = ip_get_ifindex(kw[MV_TO].val);
	if (kw[MV_HANDOFF].val &&
	    locator_parse_ms(kw[MV_HANDOFF].val, &handoff_ms))
		ip_cmdline_error(NULL,
				 "invalid handoff \"%s\" (seconds, at most 3 decimals)",
				 kw[MV_HANDOFF].val);
	if (kw[MV_PREF].val)
		preference = ip_get_uint("preference", kw[MV_PREF].val,
					 0xffff);

	nl = ip_open();
	nlh = nl_genl_req(nl, ILNP_CMD_LOCATOR_MOVE,
			  NLM_F_REQUEST | NLM_F_ACK);
	nest = mnl_attr_nest_start(nlh, ILNP_A_LOCATOR);
	mnl_attr_put_u32(nlh, ILNP_A_LOCATOR_IFINDEX, ifindex);
	mnl_attr_put_u64(nlh, ILNP_A_LOCATOR_LOC, old);
	mnl_attr_put_u64(nlh, ILNP_A_LOCATOR_NEW_LOC, new);
	if (new_ifindex)
		mnl_attr_put_u32(nlh, ILNP_A_LOCATOR_NEW_IFINDEX, new_ifindex);
	if (kw[MV_HANDOFF].val)
		mnl_attr_put_u32(nlh, ILNP_A_LOCATOR_HANDOFF_MS, handoff_ms);
	if (preference >= 0)
		mnl_attr_put_u16(nlh, ILNP_A_LOCATOR_PREFERENCE, preference);
	mnl_attr_nest_end(nlh, nest);
	return ip_talk(nl, NULL, NULL);
}

/* ILNP_CMD_LOCATOR_DEL of @loc on @ifindex, on @nl: 0 or the error. */
static int locator_del_one(struct nl *nl, __u32 ifindex, __u64 loc)
{
	struct nlmsghdr *nlh;
	struct nlattr *nest;

	nlh = nl_genl_req(nl, ILNP_CMD_LOCATOR_DEL, NLM_F_REQUEST | NLM_F_ACK);
	nest = mnl_attr_nest_start(nlh, ILNP_A_LOCATOR);
	mnl_attr_put_u32(nlh, ILNP_A_LOCATOR_IFINDEX, ifindex);
	mnl_attr_put_u64(nlh, ILNP_A_LOCATOR_LOC, loc);
	mnl_attr_nest_end(nlh, nest);
	return nl_talk(nl, NULL, NULL);
}

/*
 * As ip addr flush: every locator of a device, deleted one by one (the
 * kernel has no flush of its own); -s tells what it did, "Nothing to
 * flush." included.  A device without locators is no error.
 */
static int locator_flush(int argc, char **argv)
{
	struct ip_kw kw[] = { { .name = "dev" }, { } };
	struct loc_list locs = { };
	unsigned int n = 0;
	__u32 ifindex;
	struct nl *nl;
	size_t i;
	int err;

	ip_parse_kw(argc, argv, kw, locator_usage);
	if (!kw[0].val)
		ip_cmdline_error(locator_usage, "Flush requires arguments.");
	ifindex = ip_get_ifindex(kw[0].val);

	nl = ip_open();
	err = locator_dump(nl, &locs);
	for (i = 0; !err && i < locs.n; i++) {
		if (locs.v[i].ifindex != ifindex)
			continue;
		err = locator_del_one(nl, ifindex, locs.v[i].loc);
		n += !err;
	}
	free(locs.v);
	if (err)
		return ip_kernel_error(nl, err);
	nl_close(nl);
	if (ip_stats && !n)
		printf("Nothing to flush.\n");
	else if (ip_stats)
		printf("*** Round 1, deleting %u locators ***\n"
		       "*** Flush is complete after 1 round ***\n", n);
	return 0;
}

static const struct ip_cmd locator_cmds[] = {
	{ "show", locator_show },
	{ "list", locator_show },
	{ "add", locator_add },
	{ "delete", locator_del },
	{ "move", locator_move },
	{ "flush", locator_flush },
	{ }
};

const struct ip_object locator_object = {
	.name = "locator",
	.cmds = locator_cmds,
	.usage = locator_usage,
};
