// SPDX-License-Identifier: GPL-2.0
/*
 * ilnp-ip link: overlay devices.  They are made and removed through
 * rtnetlink like any link ("ip link add ... type ilnp" works too); the
 * listing comes from the ilnp family, which knows port, group and
 * locators.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>

#include <ilnp/ilv.h>

#include "ilnp-ip.h"

struct link_info {
	__u32 ifindex;
	__u32 underlay;
	__u32 mtu;
	__u16 port;
	__u16 group;
	__u8 auto_on;
	__u8 profile;
	char ifname[IF_NAMESIZE];
};

struct link_list {
	struct link_info *v;
	size_t n, cap;
};

static void link_usage(FILE *f)
{
	fprintf(f,
		"Usage: ilnp-ip link add NAME dev UNDERLAY [port P] [group G] [auto]\n"
		"                        [profile { native | prototype }]\n"
		"       ilnp-ip link set NAME auto { on | off }\n"
		"       ilnp-ip link del NAME\n"
		"       ilnp-ip link show [NAME]\n"
		"       ilnp-ip [-s[ -s]] [-d] [-br] link show [NAME]\n");
}

static __u16 attr_u16(const struct nlattr *attr)
{
	return attr ? mnl_attr_get_u16(attr) : 0;
}

static int link_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[ILNP_A_LINK_MAX + 1];
	struct link_list *l = data;
	struct link_info *li;

	nl_parse(nlh, ILNP_A_LINK, tb);
	if (!tb[ILNP_A_LINK_IFINDEX])
		return MNL_CB_OK;
	l->v = ip_grow(l->v, &l->cap, l->n, sizeof(*l->v));
	li = &l->v[l->n++];
	memset(li, 0, sizeof(*li));
	li->ifindex = mnl_attr_get_u32(tb[ILNP_A_LINK_IFINDEX]);
	li->underlay = ip_attr_u32(tb[ILNP_A_LINK_UNDERLAY]);
	li->mtu = ip_attr_u32(tb[ILNP_A_LINK_MTU]);
	li->port = attr_u16(tb[ILNP_A_LINK_PORT]);
	li->group = attr_u16(tb[ILNP_A_LINK_GROUP]);
	li->auto_on = tb[ILNP_A_LINK_AUTO] ?
		      mnl_attr_get_u8(tb[ILNP_A_LINK_AUTO]) : 0;
	li->profile = tb[ILNP_A_LINK_PROFILE] ?
		      mnl_attr_get_u8(tb[ILNP_A_LINK_PROFILE]) : 0;
	if (tb[ILNP_A_LINK_IFNAME])
		snprintf(li->ifname, sizeof(li->ifname), "%s",
			 mnl_attr_get_str(tb[ILNP_A_LINK_IFNAME]));
	else
		ip_ifname(li->ifindex, li->ifname);
	return MNL_CB_OK;
}

/* The profile's name, as link add takes it; NULL for an unknown one. */
static const char *const profile_names[] = {
	[ILNP_PROFILE_NATIVE] = "native",
	[ILNP_PROFILE_PROTOTYPE] = "prototype",
};

static const char *profile_name(unsigned int profile)
{
	return profile <= ILNP_PROFILE_MAX ? profile_names[profile] : NULL;
}

/* A profile's number, from its name; exits on an unknown one. */
static long profile_parse(const char *name)
{
	long p;

	for (p = 0; p <= ILNP_PROFILE_MAX; p++)
		if (!strcmp(name, profile_name(p)))
			return p;
	ip_cmdline_error(NULL, "invalid profile \"%s\" (native or prototype)",
			 name);
	return -1;
}

static int link_dump(struct nl *nl, struct link_list *l)
{
	nl_genl_req(nl, ILNP_CMD_LINK_GET, NLM_F_REQUEST | NLM_F_DUMP);
	return nl_talk(nl, link_cb, l);
}

/* "UP", "DOWN" or, up without carrier, "LOWERLAYERDOWN", from the
 * device's flags (-br and -d).
 */
static const char *link_state(const char *ifname)
{
	struct ifreq ifr = { };
	int fd, err;

	fd = socket(AF_INET6, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return "UNKNOWN";
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", ifname);
	err = ioctl(fd, SIOCGIFFLAGS, &ifr);
	close(fd);
	if (err < 0)
		return "UNKNOWN";
	if (!(ifr.ifr_flags & IFF_UP))
		return "DOWN";
	return ifr.ifr_flags & IFF_RUNNING ? "UP" : "LOWERLAYERDOWN";
}

static void link_print_locators(const struct link_info *li,
				const struct loc_list *locs)
{
	char buf[ILNP_ID_STRLEN];
	int any = 0;
	size_t i;

	if (ip_json) {
		json_key(&ip_jw, "locators");
		json_open_array(&ip_jw);
	} else if (!ip_brief) {
		printf(" locators");
	}
	for (i = 0; i < locs->n; i++) {
		if (locs->v[i].ifindex != li->ifindex)
			continue;
		ilnp_id_format(buf, sizeof(buf), locs->v[i].loc);
		if (ip_json)
			json_string(&ip_jw, buf);
		else
			printf(" %s", buf);
		any = 1;
	}
	if (ip_json)
		json_close_array(&ip_jw);
	else
		printf("%s\n", any || ip_brief ? "" : " -");
}

/*
 * -d: what the table does not show: the kind, the ifindexes, the state
 * and, for each locator, its preference and the underlay multicast group
 * its packets go to (Documentation/protocol.rst).
 */
static void link_print_details(const struct link_info *li,
			       const struct loc_list *locs)
{
	char buf[ILNP_ID_STRLEN], grp[INET6_ADDRSTRLEN];
	unsigned char addr[16];
	size_t i;

	if (ip_json) {
		json_kv_string(&ip_jw, "kind", ILNP_LINK_KIND);
		json_kv_uint(&ip_jw, "underlay_ifindex", li->underlay);
		json_kv_string(&ip_jw, "state", link_state(li->ifname));
		json_key(&ip_jw, "locator_details");
		json_open_array(&ip_jw);
	} else {
		printf("    %s ifindex %u underlay_ifindex %u state %s\n",
		       ILNP_LINK_KIND, li->ifindex, li->underlay,
		       link_state(li->ifname));
	}
	for (i = 0; i < locs->n; i++) {
		if (locs->v[i].ifindex != li->ifindex)
			continue;
		ilnp_id_format(buf, sizeof(buf), locs->v[i].loc);
		ilnp_locator_group(addr, li->group, locs->v[i].loc);
		inet_ntop(AF_INET6, addr, grp, sizeof(grp));
		if (!ip_json) {
			printf("    locator %s preference %u group_address %s\n",
			       buf, locs->v[i].preference, grp);
			continue;
		}
		json_open_object(&ip_jw);
		json_kv_string(&ip_jw, "locator", buf);
		json_kv_uint(&ip_jw, "preference", locs->v[i].preference);
		json_kv_string(&ip_jw, "group_address", grp);
		json_close_object(&ip_jw);
	}
	if (ip_json)
		json_close_array(&ip_jw);
}

/* -br: "NAME STATE LOCATOR...", as ip -br addr. */
static void link_print_brief(const struct link_info *li,
			     const struct loc_list *locs)
{
	if (ip_json) {
		json_open_object(&ip_jw);
		json_kv_string(&ip_jw, "ifname", li->ifname);
		json_kv_string(&ip_jw, "operstate", link_state(li->ifname));
	} else {
		printf("%-16s %-14s", li->ifname, link_state(li->ifname));
	}
	link_print_locators(li, locs);
	if (ip_json)
		json_close_object(&ip_jw);
}

static void link_print(const struct link_info *li,
		       const struct loc_list *locs,
		       const struct ip_stats_list *stats)
{
	char under[IF_NAMESIZE];
	size_t i;

	if (ip_brief) {
		link_print_brief(li, locs);
		return;
	}
	ip_ifname(li->underlay, under);
	if (ip_json) {
		json_open_object(&ip_jw);
		json_kv_string(&ip_jw, "ifname", li->ifname);
		json_kv_uint(&ip_jw, "ifindex", li->ifindex);
		json_kv_string(&ip_jw, "underlay", under);
		json_kv_uint(&ip_jw, "port", li->port);
		json_kv_uint(&ip_jw, "group", li->group);
		json_kv_uint(&ip_jw, "mtu", li->mtu);
		json_kv_bool(&ip_jw, "auto", li->auto_on);
		if (profile_name(li->profile))
			json_kv_string(&ip_jw, "profile",
				       profile_name(li->profile));
		else
			json_kv_uint(&ip_jw, "profile", li->profile);
	} else {
		printf("%s: underlay %s port %u group %u mtu %u%s", li->ifname,
		       under, li->port, li->group, li->mtu,
		       li->auto_on ? " auto" : "");
		/* Native, the default, says nothing. */
		if (li->profile && profile_name(li->profile))
			printf(" profile %s", profile_name(li->profile));
		else if (li->profile)
			printf(" profile %u", li->profile);
	}
	link_print_locators(li, locs);
	if (ip_details)
		link_print_details(li, locs);
	for (i = 0; ip_stats && i < stats->n; i++)
		if (stats->v[i].ifindex == li->ifindex)
			ip_stats_print_link(&stats->v[i]);
	if (ip_json)
		json_close_object(&ip_jw);
}

/* The ilnp devices (@ifindex, or all for 0), as link show prints them;
 * locator -br too.
 */
int ip_link_list(const char *name, __u32 ifindex)
{
	struct ip_stats_list stats = { };
	struct link_list links = { };
	struct loc_list locs = { };
	struct nl *nl;
	size_t i;
	int err;

	nl = ip_open();
	err = link_dump(nl, &links);
	if (!err)
		err = locator_dump(nl, &locs);
	if (!err && ip_stats && !ip_brief)
		err = ip_stats_dump(nl, &stats);
	if (err) {
		free(links.v);
		free(locs.v);
		free(stats.v);
		return ip_kernel_error(nl, err);
	}
	nl_close(nl);

	for (i = 0; ifindex && i < links.n; i++)
		if (links.v[i].ifindex == ifindex)
			break;
	if (ifindex && i == links.n)
		ip_cmdline_error(NULL, "\"%s\" is not an ilnp device", name);

	if (ip_json)
		json_open_array(&ip_jw);
	for (i = 0; i < links.n; i++)
		if (!ifindex || links.v[i].ifindex == ifindex)
			link_print(&links.v[i], &locs, &stats);
	if (ip_json)
		json_close_array(&ip_jw);
	free(links.v);
	free(locs.v);
	free(stats.v);
	return 0;
}

static int link_show(int argc, char **argv)
{
	const char *name = NULL;
	__u32 ifindex = 0;

	if (argc && !strcmp(argv[0], "help")) {
		link_usage(stdout);
		return 0;
	}
	if (argc && !strcmp(argv[0], "dev")) {
		if (argc == 1)
			ip_cmdline_error(link_usage, "\"dev\" needs a value");
		argc--;
		argv++;
	}
	if (argc > 1)
		ip_cmdline_error(link_usage, "unknown argument \"%s\"",
				 argv[1]);
	if (argc) {
		name = argv[0];
		ifindex = ip_get_ifindex(name);
	}
	return ip_link_list(name, ifindex);
}

/* RTM_NEWLINK for @name: made on @underlay (0: changed).  @port,
 * @group, @auto_on and @profile are -1 when not given: the kernel's
 * defaults, or unchanged.
 */
static void link_newlink_msg(struct nl *nl, const char *name, __u32 underlay,
			     long port, long group, long auto_on,
			     long profile)
{
	struct nlattr *linkinfo, *info_data;
	struct nlmsghdr *nlh;
	struct ifinfomsg *ifm;

	nlh = nl_req(nl, RTM_NEWLINK, NLM_F_REQUEST | NLM_F_ACK |
		     (underlay ? NLM_F_CREATE | NLM_F_EXCL : 0));
	ifm = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifm));
	ifm->ifi_family = AF_UNSPEC;
	mnl_attr_put_strz(nlh, IFLA_IFNAME, name);
	if (underlay)
		mnl_attr_put_u32(nlh, IFLA_LINK, underlay);
	linkinfo = mnl_attr_nest_start(nlh, IFLA_LINKINFO);
	mnl_attr_put_strz(nlh, IFLA_INFO_KIND, ILNP_LINK_KIND);
	if (port >= 0 || group >= 0 || auto_on >= 0 || profile >= 0) {
		info_data = mnl_attr_nest_start(nlh, IFLA_INFO_DATA);
		if (port >= 0)
			mnl_attr_put_u16(nlh, IFLA_ILNP_PORT, port);
		if (group >= 0)
			mnl_attr_put_u16(nlh, IFLA_ILNP_GROUP, group);
		if (auto_on >= 0)
			mnl_attr_put_u8(nlh, IFLA_ILNP_AUTO, auto_on);
		if (profile >= 0)
			mnl_attr_put_u8(nlh, IFLA_ILNP_PROFILE, profile);
		mnl_attr_nest_end(nlh, info_data);
	}
	mnl_attr_nest_end(nlh, linkinfo);
}

static int link_add(int argc, char **argv)
{
	struct ip_kw kw[] = {
		{ .name = "dev" }, { .name = "port" }, { .name = "group" },
		{ .name = "auto", .flag = 1 }, { .name = "profile" }, { }
	};
	long port = -1, group = -1, profile = -1;
	const char *name;
	struct nl *nl;
	__u32 underlay;

	if (!argc)
		ip_cmdline_error(link_usage, "link add needs a NAME");
	if (!strcmp(argv[0], "help")) {
		link_usage(stdout);
		return 0;
	}
	name = argv[0];
	if (!*name || strlen(name) >= IF_NAMESIZE)
		ip_cmdline_error(NULL, "invalid device name \"%s\"", name);
	ip_parse_kw(argc - 1, argv + 1, kw, link_usage);
	if (!kw[0].val)
		ip_cmdline_error(link_usage, "link add needs \"dev UNDERLAY\"");
	underlay = ip_get_ifindex(kw[0].val);
	if (kw[1].val)
		port = ip_get_uint("port", kw[1].val, 0xffff);
	if (kw[2].val)
		group = ip_get_uint("group", kw[2].val, 0xffff);
	if (kw[4].val)
		profile = profile_parse(kw[4].val);

	/* rtnetlink would only say "Unknown device type": ask first. */
	nl_close(ip_open());
	nl = nl_open(NETLINK_ROUTE);
	if (!nl)
		return EXIT_KERNEL;
	link_newlink_msg(nl, name, underlay, port, group, kw[3].val ? 1 : -1,
			 profile);
	return ip_talk(nl, NULL, NULL);
}

/* Exit with an error unless @name is one of our devices. */
static void link_must_be_ours(const char *name)
{
	struct link_list links = { };
	__u32 ifindex = ip_get_ifindex(name);
	struct nl *nl;
	size_t i;
	int err;

	nl = ip_open();
	err = link_dump(nl, &links);
	if (err) {
		free(links.v);
		exit(ip_kernel_error(nl, err));
	}
	nl_close(nl);
	for (i = 0; i < links.n && links.v[i].ifindex != ifindex; i++)
		;
	free(links.v);
	if (i == links.n)
		ip_cmdline_error(NULL, "\"%s\" is not an ilnp device", name);
}

/* "NAME auto on|off": the one setting a device changes in place. */
static int link_set(int argc, char **argv)
{
	struct ip_kw kw[] = { { .name = "auto" }, { } };
	struct nl *nl;
	long auto_on;

	if (argc && !strcmp(argv[0], "help")) {
		link_usage(stdout);
		return 0;
	}
	if (argc && !strcmp(argv[0], "dev")) {
		argc--;
		argv++;
	}
	if (!argc)
		ip_cmdline_error(link_usage, "link set needs a NAME");
	ip_parse_kw(argc - 1, argv + 1, kw, link_usage);
	if (!kw[0].val)
		ip_cmdline_error(link_usage, "link set needs \"auto on|off\"");
	if (!strcmp(kw[0].val, "on"))
		auto_on = 1;
	else if (!strcmp(kw[0].val, "off"))
		auto_on = 0;
	else
		ip_cmdline_error(NULL, "invalid auto \"%s\" (on or off)",
				 kw[0].val);
	link_must_be_ours(argv[0]);
	nl = nl_open(NETLINK_ROUTE);
	if (!nl)
		return EXIT_KERNEL;
	link_newlink_msg(nl, argv[0], 0, -1, -1, auto_on, -1);
	return ip_talk(nl, NULL, NULL);
}

static int link_del(int argc, char **argv)
{
	struct nlmsghdr *nlh;
	struct ifinfomsg *ifm;
	struct nl *nl;

	if (argc && !strcmp(argv[0], "help")) {
		link_usage(stdout);
		return 0;
	}
	if (argc && !strcmp(argv[0], "dev")) {
		argc--;
		argv++;
	}
	if (!argc)
		ip_cmdline_error(link_usage, "link del needs a NAME");
	if (argc > 1)
		ip_cmdline_error(link_usage, "unknown argument \"%s\"",
				 argv[1]);
	/* Only ours: "ilnp-ip link del eth0" must not remove eth0. */
	link_must_be_ours(argv[0]);

	nl = nl_open(NETLINK_ROUTE);
	if (!nl)
		return EXIT_KERNEL;
	nlh = nl_req(nl, RTM_DELLINK, NLM_F_REQUEST | NLM_F_ACK);
	ifm = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifm));
	ifm->ifi_family = AF_UNSPEC;
	mnl_attr_put_strz(nlh, IFLA_IFNAME, argv[0]);
	return ip_talk(nl, NULL, NULL);
}

static const struct ip_cmd link_cmds[] = {
	{ "show", link_show },
	{ "list", link_show },
	{ "add", link_add },
	{ "set", link_set },
	{ "delete", link_del },
	{ }
};

const struct ip_object link_object = {
	.name = "link",
	.cmds = link_cmds,
	.usage = link_usage,
};
