// SPDX-License-Identifier: GPL-2.0
/*
 * ilnp-ip monitor: the node's events as they happen (our locators and
 * moves, locator updates and correspondents, neighbours, learnt
 * routes), one line each with a timestamp, or a JSON object per line
 * with -j.  The kernel multicasts them on the family's groups (one per
 * kind, ILNP_MCGRP_*); this joins those asked for and prints until
 * killed.
 */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>

#include <ilnp/ilv.h>

#include "ilnp-ip.h"

static const char *const groups[] = {
	ILNP_MCGRP_LOCATOR, ILNP_MCGRP_UPDATE, ILNP_MCGRP_NEIGH,
	ILNP_MCGRP_ROUTE,
};

/* Each event's group (as "ilnp-ip monitor" names it) and name. */
static const struct {
	const char *object;
	const char *name;
} event_names[ILNP_EV_MAX + 1] = {
	[ILNP_EV_LOCATOR_ADD]		= { "locator", "add" },
	[ILNP_EV_LOCATOR_DEL]		= { "locator", "del" },
	[ILNP_EV_LOCATOR_DEPRECATED]	= { "locator", "deprecated" },
	[ILNP_EV_MOVE_START]		= { "move", "start" },
	[ILNP_EV_MOVE_DONE]		= { "move", "done" },
	[ILNP_EV_LU_SENT]		= { "update", "sent" },
	[ILNP_EV_LU_RETRANSMIT]		= { "update", "retransmit" },
	[ILNP_EV_LU_ACKED]		= { "update", "acked" },
	[ILNP_EV_LU_FAILED]		= { "update", "failed" },
	[ILNP_EV_LU_REFUSED]		= { "update", "refused" },
	[ILNP_EV_PEER_LOC]		= { "peer", "locator" },
	[ILNP_EV_NEIGH_NEW]		= { "neigh", "new" },
	[ILNP_EV_NEIGH_GONE]		= { "neigh", "gone" },
	[ILNP_EV_ROUTE_NEW]		= { "route", "new" },
	[ILNP_EV_ROUTE_GONE]		= { "route", "gone" },
};

static const char *const reasons[] = {
	[ILNP_EV_REASON_NONE]		= "none",
	[ILNP_EV_REASON_NO_SESSION]	= "no-session",
	[ILNP_EV_REASON_BAD_NONCE]	= "bad-nonce",
	[ILNP_EV_REASON_STALE]		= "stale",
	[ILNP_EV_REASON_EXPIRED]	= "expired",
	[ILNP_EV_REASON_FLUSHED]	= "flushed",
	[ILNP_EV_REASON_EVICTED]	= "evicted",
};

static void monitor_usage(FILE *f)
{
	fprintf(f,
		"Usage: ilnp-ip [-j] monitor [ all | OBJECT ]...\n"
		"OBJECT := { locator | update | neigh | route }\n"
		"  locator: our locators and moves; update: locator updates and\n"
		"  where flows to each correspondent go; neigh: neighbours learnt\n"
		"  by discovery; route: learnt routes and next hops.\n");
}

/* What one event line is made of: "KEY VALUE" pairs, in order. */
struct ev_line {
	char text[512];
	size_t len;
};

static void line_add(struct ev_line *l, const char *key, const char *val)
{
	int n;

	if (ip_json) {
		json_kv_string(&ip_jw, key, val);
		return;
	}
	n = snprintf(l->text + l->len, sizeof(l->text) - l->len, " %s %s",
		     key, val);
	if (n > 0 && (size_t)n < sizeof(l->text) - l->len)
		l->len += n;
}

static void line_id(struct ev_line *l, const char *key,
		    const struct nlattr *attr)
{
	char id[ILNP_ID_STRLEN];

	if (!attr)
		return;
	ilnp_id_format(id, sizeof(id), mnl_attr_get_u64(attr));
	line_add(l, key, id);
}

static void line_uint(struct ev_line *l, const char *key,
		      const struct nlattr *attr, unsigned long long v)
{
	char buf[24];

	if (!attr)
		return;
	if (ip_json) {
		json_kv_uint(&ip_jw, key, v);
		return;
	}
	snprintf(buf, sizeof(buf), "%llu", v);
	line_add(l, key, buf);
}

static void line_dev(struct ev_line *l, const char *key,
		     const struct nlattr *attr)
{
	char name[IF_NAMESIZE];

	if (attr)
		line_add(l, key, ip_ifname(mnl_attr_get_u32(attr), name));
}

static void timestamp(char *buf, size_t size, unsigned long long *us)
{
	struct timeval tv;
	struct tm tm;
	size_t n;

	gettimeofday(&tv, NULL);
	gmtime_r(&tv.tv_sec, &tm);
	n = strftime(buf, size, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(buf + n, size - n, ".%06ldZ", (long)tv.tv_usec);
	*us = (unsigned long long)tv.tv_sec * 1000000 + tv.tv_usec;
}

static void event_print(const struct nlattr **tb, __u32 type)
{
	const struct nlattr *a;
	struct ev_line l = { .len = 0 };
	char when[40], mac[18];
	unsigned long long us;
	__u32 reason;

	timestamp(when, sizeof(when), &us);
	if (ip_json) {
		json_open_object(&ip_jw);
		json_kv_string(&ip_jw, "time", when);
		json_kv_uint(&ip_jw, "time_us", us);
		json_kv_string(&ip_jw, "object", event_names[type].object);
		json_kv_string(&ip_jw, "event", event_names[type].name);
	}
	line_id(&l, type == ILNP_EV_PEER_LOC ? "from" : "locator",
		tb[ILNP_A_EVENT_LOC]);
	line_id(&l, "nid", tb[ILNP_A_EVENT_NID]);
	line_id(&l, type == ILNP_EV_PEER_LOC ? "from" : "to",
		type == ILNP_EV_ROUTE_NEW || type == ILNP_EV_ROUTE_GONE ?
		NULL : tb[ILNP_A_EVENT_PEER_LOC]);
	line_id(&l, "locator", type == ILNP_EV_ROUTE_NEW ||
		type == ILNP_EV_ROUTE_GONE ? tb[ILNP_A_EVENT_PEER_LOC] : NULL);
	line_dev(&l, "dev", tb[ILNP_A_EVENT_IFINDEX]);
	line_id(&l, "to", tb[ILNP_A_EVENT_NEW_LOC]);
	line_dev(&l, "newdev", tb[ILNP_A_EVENT_NEW_IFINDEX]);
	line_id(&l, "via", tb[ILNP_A_EVENT_VIA]);
	line_id(&l, "router", tb[ILNP_A_EVENT_ROUTER]);
	a = tb[ILNP_A_EVENT_HOSTNAME];
	if (a)
		line_add(&l, "hostname", mnl_attr_get_str(a));
	a = tb[ILNP_A_EVENT_LLADDR];
	if (a && mnl_attr_get_payload_len(a) == 6) {
		const unsigned char *m = mnl_attr_get_payload(a);

		snprintf(mac, sizeof(mac), "%02x:%02x:%02x:%02x:%02x:%02x",
			 m[0], m[1], m[2], m[3], m[4], m[5]);
		line_add(&l, "lladdr", mac);
	}
	a = tb[ILNP_A_EVENT_LU_OP];
	if (a)
		line_add(&l, "op", mnl_attr_get_u8(a) == 2 ? "ack" : "update");
	a = tb[ILNP_A_EVENT_PREFERENCE];
	line_uint(&l, "pref", a, a ? mnl_attr_get_u16(a) : 0);
	a = tb[ILNP_A_EVENT_SEQ];
	line_uint(&l, "seq", a, ip_attr_u32(a));
	a = tb[ILNP_A_EVENT_RETRIES];
	line_uint(&l, "retries", a, ip_attr_u32(a));
	a = tb[ILNP_A_EVENT_RTT_US];
	line_uint(&l, "rtt_us", a, ip_attr_u32(a));
	a = tb[ILNP_A_EVENT_HANDOFF_MS];
	line_uint(&l, "handoff_ms", a, ip_attr_u32(a));
	a = tb[ILNP_A_EVENT_REASON];
	if (a) {
		reason = mnl_attr_get_u32(a);
		line_add(&l, "reason", reason < ARRAY_SIZE(reasons) ?
			 reasons[reason] : "unknown");
	}
	if (ip_json) {
		json_close_object(&ip_jw);
		fflush(stdout);
		return;
	}
	printf("[%s] %s %s%s\n", when, event_names[type].object,
	       event_names[type].name, l.text);
	fflush(stdout);
}

static int event_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[ILNP_A_EVENT_MAX + 1];
	const struct genlmsghdr *genl;
	__u32 type;

	(void)data;
	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(*genl))
		return MNL_CB_OK;
	genl = mnl_nlmsg_get_payload(nlh);
	if (genl->cmd != ILNP_CMD_EVENT)
		return MNL_CB_OK;
	nl_parse(nlh, ILNP_A_EVENT, tb);
	if (!tb[ILNP_A_EVENT_TYPE])
		return MNL_CB_OK;
	type = mnl_attr_get_u32(tb[ILNP_A_EVENT_TYPE]);
	/* A newer module's events this tool does not know: skipped. */
	if (type > ILNP_EV_MAX || !event_names[type].name)
		return MNL_CB_OK;
	event_print(tb, type);
	return MNL_CB_OK;
}

static int listen_group(struct nl *nl, const char *name)
{
	__u32 id = nl_mcgrp_id(nl, name);

	if (!id) {
		fprintf(stderr,
			"Error: the ilnp module has no event group \"%s\" (an older module?)\n",
			name);
		return -1;
	}
	if (mnl_socket_setsockopt(nl->sock, NETLINK_ADD_MEMBERSHIP, &id,
				  sizeof(id)) < 0) {
		fprintf(stderr, "Error: cannot join event group \"%s\": %s\n",
			name, strerror(errno));
		return -1;
	}
	return 0;
}

static int monitor_run(int argc, char **argv)
{
	int want[ARRAY_SIZE(groups)] = { 0 }, any = 0, i, err;
	int rcvbuf = 1 << 20;
	unsigned int g;
	struct nl *nl;

	for (i = 0; i < argc; i++) {
		int found = 0;

		if (!strcmp(argv[i], "help")) {
			monitor_usage(stdout);
			return 0;
		}
		for (g = 0; g < ARRAY_SIZE(groups); g++)
			if (!strcmp(argv[i], "all") ||
			    ip_matches(argv[i], groups[g])) {
				want[g] = 1;
				found = 1;
			}
		if (!found)
			ip_cmdline_error(monitor_usage,
					 "unknown event object \"%s\"",
					 argv[i]);
	}
	for (g = 0; g < ARRAY_SIZE(groups); g++)
		any |= want[g];
	if (!any)
		for (g = 0; g < ARRAY_SIZE(groups); g++)
			want[g] = 1;

	nl = ip_open();
	/* Bursts (a flush, a move) come faster than a terminal prints. */
	setsockopt(nl_fd(nl), SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));
	for (g = 0; g < ARRAY_SIZE(groups); g++)
		if (want[g] && listen_group(nl, groups[g])) {
			nl_close(nl);
			return EXIT_KERNEL;
		}
	/* Said once every group is joined: what follows is seen. */
	fputs("Monitoring:", stderr);
	for (g = 0; g < ARRAY_SIZE(groups); g++)
		if (want[g])
			fprintf(stderr, " %s", groups[g]);
	fputc('\n', stderr);
	for (;;) {
		err = nl_recv(nl, event_cb, NULL);
		if (err == -ENOBUFS) {
			fprintf(stderr,
				"Warning: events lost (the receive buffer overflowed)\n");
			continue;
		}
		if (err == -EINTR)
			continue;
		if (err) {
			nl_perror(nl, err);
			break;
		}
	}
	nl_close(nl);
	return EXIT_KERNEL;
}

const struct ip_object monitor_object = {
	.name = "monitor",
	.usage = monitor_usage,
	.run = monitor_run,
};
