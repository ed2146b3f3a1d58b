/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ilnp-ip: what the object files (link.c, node.c, ...) share with the
 * dispatcher in ilnp-ip.c.
 */
#ifndef _ILNP_IP_H
#define _ILNP_IP_H

#include <stddef.h>
#include <stdio.h>
#include <stdnoreturn.h>
#include <net/if.h>
#include <linux/types.h>

#include <ilnp/ilv.h>

#include "nl.h"
#include "json.h"

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

/* Exit statuses: command line errors, then kernel and netlink errors. */
#define EXIT_CMDLINE	1
#define EXIT_KERNEL	2

struct ip_cmd {
	const char *name;
	int (*fn)(int argc, char **argv);
};

struct ip_object {
	const char *name;
	/* Ends with { NULL }; the first is run when no command is given,
	 * and an ambiguous prefix picks the earliest.
	 */
	const struct ip_cmd *cmds;
	void (*usage)(FILE *f);
	int bare_args;	/* "OBJECT ARGS" without a command runs cmds[0] */
	/* Instead of cmds: takes every argument after the object's name,
	 * "help" included.
	 */
	int (*run)(int argc, char **argv);
};

/* A keyword argument ("dev NAME"); val stays NULL when absent. */
struct ip_kw {
	const char *name;
	const char *val;
	int flag;		/* a word alone: val is the word itself */
};

/* -j, -p, -s (a count: -s -s for more), -d, -br */
extern int ip_json, ip_pretty, ip_stats, ip_details, ip_brief;
extern struct json ip_jw;

extern const struct ip_object cache_object;
extern const struct ip_object link_object;
extern const struct ip_object locator_object;
extern const struct ip_object monitor_object;
extern const struct ip_object neigh_object;
extern const struct ip_object node_object;
extern const struct ip_object resolve_object;
extern const struct ip_object route_object;
extern const struct ip_object socket_object;
extern const struct ip_object stats_object;

int ip_matches(const char *arg, const char *name);
noreturn void ip_cmdline_error(void (*usage)(FILE *f), const char *fmt, ...);
void ip_parse_kw(int argc, char **argv, struct ip_kw *kw,
		 void (*usage)(FILE *f));
int ip_parse_uint(const char *s, unsigned long max, unsigned long *v);
unsigned long ip_get_uint(const char *what, const char *s,
			  unsigned long max);
__u64 ip_get_id(const char *what, const char *s);
__u32 ip_get_ifindex(const char *name);
const char *ip_ifname(__u32 ifindex, char *buf);
void *ip_grow(void *v, size_t *cap, size_t n, size_t size);
struct nl *ip_open(void);
int ip_kernel_error(struct nl *nl, int err);
int ip_talk(struct nl *nl, mnl_cb_t cb, void *data);
int ip_flush(__u8 cmd, __u16 set, __u16 ifindex_attr, int argc,
	     char **argv, void (*usage)(FILE *f));

/* Shared between link.c and locator.c: the own locators of all devices. */
struct loc_info {
	__u32 ifindex;
	__u16 preference;
	__u64 loc;
	/* Learnt from @router's advertisements, @lifetime s left. */
	int learnt, stale, advertise;
	__u64 router;
	__u32 lifetime;
};

struct loc_list {
	struct loc_info *v;
	size_t n, cap;
};

int locator_dump(struct nl *nl, struct loc_list *l);
int ip_link_list(const char *name, __u32 ifindex);

/* stats.c, for link -s: a device's counters, those this tool knows. */
struct ip_stats {
	__u32 ifindex;
	unsigned long long c[ILNP_STAT_MAX + 1];
};

struct ip_stats_list {
	struct ip_stats *v;
	size_t n, cap;
};

int ip_stats_dump(struct nl *nl, struct ip_stats_list *l);
void ip_stats_print_link(const struct ip_stats *st);

/* dump.c: a u32 attribute or 0 when absent; a column's width for @s. */
__u32 ip_attr_u32(const struct nlattr *attr);
int ip_width(int width, const char *s);

/* dump.c: a peer's locator set, as the cache and neigh dumps carry it. */
struct ip_peer_loc {
	__u64 loc;
	__u32 lifetime;
	__u16 preference;
};

struct ip_peer_locs {
	struct ip_peer_loc *v;
	size_t n, cap;
};

/* Room for "LOC pref 65535 lifetime 4294967295s". */
#define IP_PEER_LOC_STRLEN	(ILNP_ID_STRLEN + 36)

void ip_peer_locs_json(const struct ip_peer_locs *locs);
void ip_peer_loc_text(const struct ip_peer_locs *locs, size_t i, char *buf);

/*
 * dump.c: "OBJECT show" of a table the kernel dumps, one entry per
 * message, its nest @set with a NID and a peer locator set: read in
 * full, sorted by @cmp, printed as JSON (-j) or, when there are entries,
 * as a text table.
 */
#define IP_DUMP_MAXATTR	(ILNP_A_NEIGH_MAX + ILNP_A_CACHE_MAX) /* either fits */

struct ip_dump {
	__u8 cmd;			/* ILNP_CMD_*_GET */
	__u16 set;			/* ILNP_A_NEIGH or ILNP_A_CACHE */
	__u16 nid_attr;			/* ILNP_A_*_NID */
	__u16 peer_loc_attr;		/* ILNP_A_*_PEER_LOC */
	size_t size;			/* of an entry */
	size_t locs_offset;		/* of its struct ip_peer_locs */
	void (*usage)(FILE *f);
	/* Fill the zeroed @entry from the message's attributes. */
	void (*parse)(void *entry, const struct nlattr **tb);
	int (*cmp)(const void *a, const void *b);
	void (*print_json)(const void *entry);
	void (*print_table)(const void *v, size_t n);
};

int ip_dump_show(const struct ip_dump *d, int argc, char **argv);

#endif /* _ILNP_IP_H */
