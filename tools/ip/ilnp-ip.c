// SPDX-License-Identifier: GPL-2.0
/*
 * ilnp-ip: configure the ilnp overlay, in the manner of ip(8).
 *
 * This file holds the global options, the table of objects and the
 * helpers every object shares; each object lives in a file of its own.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <ilnp/ilv.h>

#include "ilnp-ip.h"

int ip_json, ip_pretty, ip_stats, ip_details, ip_brief;
struct json ip_jw;

/* In this order a one-letter prefix of several is resolved: "l" is
 * link, "n" node, "r" route, "s" stats.  "c" is cache.
 */
static const struct ip_object *const objects[] = {
	&link_object,
	&locator_object,
	&node_object,
	&neigh_object,
	&route_object,
	&resolve_object,
	&cache_object,
	&stats_object,
	&socket_object,
	&monitor_object,
};

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: ilnp-ip [OPTIONS] OBJECT { COMMAND | help }\n"
		"       ilnp-ip [OPTIONS] -b[atch] FILE\n"
		"       ilnp-ip -h\n"
		"OBJECT := { link | locator | node | neigh | route | resolve | cache |\n"
		"            stats | socket | monitor }\n"
		"OPTIONS := { -V[ersion] | -s[tatistics] | -d[etails] | -br[ief] |\n"
		"             -j[son] | -p[retty] | -n[etns] NETNS | -force |\n"
		"             -h[elp] }\n");
}

/* @arg is a non-empty prefix of @name: "l" and "link" match "link". */
int ip_matches(const char *arg, const char *name)
{
	size_t len = strlen(arg);

	return len && !strncmp(arg, name, len);
}

/*
 * The entry of @names (@n of them) that @arg names, -1 if none: its full
 * name, or a prefix of it.  Entries with the same @keys are one (the
 * aliases "show" and "list").  A prefix of several is the first of them
 * when it is one letter, as ip(8) has it ("l" link, "s" show); a longer
 * one is an error naming them.
 */
static int ip_lookup(const char *arg, const char *const *names,
		     const int *keys, int n)
{
	int i, first = -1;

	for (i = 0; i < n; i++)
		if (!strcmp(arg, names[i]))
			return i;
	for (i = 0; i < n; i++) {
		if (!ip_matches(arg, names[i]))
			continue;
		if (first < 0)
			first = i;
		else if (keys[i] != keys[first] && arg[1])
			break;
	}
	if (i == n)
		return first;
	fprintf(stderr, "Error: \"%s\" is ambiguous:", arg);
	for (i = 0; i < n; i++)
		if (ip_matches(arg, names[i]))
			fprintf(stderr, " %s", names[i]);
	fputc('\n', stderr);
	exit(EXIT_CMDLINE);
}

noreturn void ip_cmdline_error(void (*usage)(FILE *f), const char *fmt, ...)
{
	va_list ap;

	fputs("Error: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	if (usage)
		usage(stderr);
	exit(EXIT_CMDLINE);
}

/* Fill @kw (ending with { }) from "KEYWORD VALUE" pairs; "help"
 * prints the usage and exits, anything else unknown is an error.
 */
void ip_parse_kw(int argc, char **argv, struct ip_kw *kw,
		 void (*usage)(FILE *f))
{
	struct ip_kw *k;
	int i;

	for (i = 0; i < argc; i += 2) {
		if (!strcmp(argv[i], "help")) {
			usage(stdout);
			exit(0);
		}
		for (k = kw; k->name; k++)
			if (!strcmp(argv[i], k->name))
				break;
		if (!k->name)
			ip_cmdline_error(usage, "unknown argument \"%s\"",
					 argv[i]);
		if (k->flag) {
			if (k->val)
				ip_cmdline_error(usage, "\"%s\" given twice",
						 argv[i]);
			k->val = argv[i--];
			continue;
		}
		if (i + 1 == argc)
			ip_cmdline_error(usage, "\"%s\" needs a value",
					 argv[i]);
		if (k->val)
			ip_cmdline_error(usage, "\"%s\" given twice", argv[i]);
		k->val = argv[i + 1];
	}
}

/* A decimal number 0..@max into @v; -1 if @s is not one. */
int ip_parse_uint(const char *s, unsigned long max, unsigned long *v)
{
	char *end;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	*v = strtoul(s, &end, 10);
	if (errno || *end || *v > max)
		return -1;
	return 0;
}

/* A decimal number 0..@max, or exit with "invalid WHAT". */
unsigned long ip_get_uint(const char *what, const char *s,
			  unsigned long max)
{
	unsigned long v;

	if (ip_parse_uint(s, max, &v))
		ip_cmdline_error(NULL, "invalid %s \"%s\"", what, s);
	return v;
}

/* A locator or NID in its text form (net/ilnp/ilv.c parses it). */
__u64 ip_get_id(const char *what, const char *s)
{
	unsigned long long id;

	if (ilnp_id_parse(s, &id))
		ip_cmdline_error(NULL, "invalid %s \"%s\"", what, s);
	return id;
}

/* The ifindex of a device in our netns, or exit with "unknown device". */
__u32 ip_get_ifindex(const char *name)
{
	unsigned int ifindex = 0;

	if (strlen(name) < IF_NAMESIZE)
		ifindex = if_nametoindex(name);
	if (!ifindex)
		ip_cmdline_error(NULL, "unknown device \"%s\"", name);
	return ifindex;
}

/* The name of @ifindex into @buf (IF_NAMESIZE bytes): "-" for none,
 * "ifN" for a device that has gone away meanwhile.
 */
const char *ip_ifname(__u32 ifindex, char *buf)
{
	if (!ifindex)
		snprintf(buf, IF_NAMESIZE, "-");
	else if (!if_indextoname(ifindex, buf))
		snprintf(buf, IF_NAMESIZE, "if%u", ifindex);
	return buf;
}

/* Make room for element @n of an array of @size-byte elements. */
void *ip_grow(void *v, size_t *cap, size_t n, size_t size)
{
	size_t want = *cap ? *cap * 2 : 16;

	if (n < *cap)
		return v;
	v = realloc(v, want * size);
	if (!v) {
		fputs("Error: out of memory\n", stderr);
		exit(EXIT_KERNEL);
	}
	*cap = want;
	return v;
}

/* The "ilnp" family, or exit: nothing works without the module. */
struct nl *ip_open(void)
{
	struct nl *nl = nl_open_ilnp();

	if (!nl)
		exit(EXIT_KERNEL);
	return nl;
}

/* Send the request built on @nl, hand each answer to @cb (if any), close
 * @nl: the command's exit status, the kernel's error printed if it said
 * one.
 */
int ip_talk(struct nl *nl, mnl_cb_t cb, void *data)
{
	int err = nl_talk(nl, cb, data);

	if (err)
		return ip_kernel_error(nl, err);
	nl_close(nl);
	return 0;
}

/* "OBJECT flush { all | dev NAME }", as ip's flushes want an argument:
 * request @cmd with, for a device, the nest @set holding @ifindex_attr.
 */
int ip_flush(__u8 cmd, __u16 set, __u16 ifindex_attr, int argc,
	     char **argv, void (*usage)(FILE *f))
{
	struct ip_kw kw[] = { { .name = "dev" }, { } };
	struct nlmsghdr *nlh;
	struct nlattr *nest;
	__u32 ifindex = 0;
	struct nl *nl;

	if (argc == 1 && !strcmp(argv[0], "all")) {
		argc = 0;
	} else {
		ip_parse_kw(argc, argv, kw, usage);
		if (!kw[0].val)
			ip_cmdline_error(usage, "Flush requires arguments.");
		ifindex = ip_get_ifindex(kw[0].val);
	}
	nl = ip_open();
	nlh = nl_genl_req(nl, cmd, NLM_F_REQUEST | NLM_F_ACK);
	if (ifindex) {
		nest = mnl_attr_nest_start(nlh, set);
		mnl_attr_put_u32(nlh, ifindex_attr, ifindex);
		mnl_attr_nest_end(nlh, nest);
	}
	return ip_talk(nl, NULL, NULL);
}

/* Print the kernel's error and close @nl: the command is over. */
int ip_kernel_error(struct nl *nl, int err)
{
	nl_perror(nl, err);
	nl_close(nl);
	return EXIT_KERNEL;
}

#define IP_MAX_CMDS	16

/* The command @arg of @obj, NULL if none; "ls" and "lst" are "show",
 * as in ip(8), wherever there is a "show".
 */
static const struct ip_cmd *find_cmd(const struct ip_object *obj,
				     const char *arg)
{
	const char *names[IP_MAX_CMDS + 2];
	int keys[IP_MAX_CMDS + 2], n, i, show = -1;

	for (n = 0; obj->cmds[n].name && n < IP_MAX_CMDS; n++) {
		names[n] = obj->cmds[n].name;
		for (keys[n] = 0; keys[n] < n; keys[n]++)
			if (obj->cmds[keys[n]].fn == obj->cmds[n].fn)
				break;
		if (!strcmp(names[n], "show"))
			show = keys[n];
	}
	if (show >= 0 && (!strcmp(arg, "ls") || !strcmp(arg, "lst")))
		return &obj->cmds[show];
	i = ip_lookup(arg, names, keys, n);
	return i < 0 ? NULL : &obj->cmds[i];
}

static int run_object(const struct ip_object *obj, int argc, char **argv)
{
	const struct ip_cmd *cmd;

	if (obj->run)
		return obj->run(argc, argv);
	if (!argc)
		return obj->cmds[0].fn(0, argv);
	if (ip_matches(argv[0], "help")) {
		obj->usage(stdout);
		return 0;
	}
	cmd = find_cmd(obj, argv[0]);
	if (cmd)
		return cmd->fn(argc - 1, argv + 1);
	if (obj->bare_args)
		return obj->cmds[0].fn(argc, argv);
	ip_cmdline_error(obj->usage, "unknown argument \"%s\"", argv[0]);
}

static int run(int argc, char **argv)
{
	const char *names[ARRAY_SIZE(objects)];
	int keys[ARRAY_SIZE(objects)], i;

	if (ip_matches(argv[0], "help")) {
		usage(stdout);
		return 0;
	}
	for (i = 0; i < (int)ARRAY_SIZE(objects); i++) {
		names[i] = objects[i]->name;
		keys[i] = i;
	}
	i = ip_lookup(argv[0], names, keys, ARRAY_SIZE(objects));
	if (i >= 0)
		return run_object(objects[i], argc - 1, argv + 1);
	ip_cmdline_error(usage, "unknown argument \"%s\"", argv[0]);
}

static void ip_json_init(void)
{
	json_init(&ip_jw, stdout);
	ip_jw.pretty = ip_pretty;
}

/* Split @line into words (blanks between them; "#" starts a comment)
 * into @argv (room for @max): their count.
 */
static int split_line(char *line, char **argv, int max)
{
	int argc = 0;
	char *p;

	p = strchr(line, '#');
	if (p)
		*p = 0;
	for (p = strtok(line, " \t\r\n"); p && argc < max;
	     p = strtok(NULL, " \t\r\n"))
		argv[argc++] = p;
	return p ? -1 : argc;
}

/* One command of a batch, in a child: every command exits on an error,
 * as it does from the command line, and a batch goes on (or stops) by
 * its status.
 */
static int run_child(int argc, char **argv)
{
	int status;
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid < 0) {
		perror("ilnp-ip: fork");
		return EXIT_KERNEL;
	}
	if (!pid) {
		ip_json_init();
		status = run(argc, argv);
		fflush(stdout);
		_exit(status);
	}
	if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status))
		return EXIT_KERNEL;
	return WEXITSTATUS(status);
}

/* -b FILE ("-": standard input): one command a line, as after
 * "ilnp-ip"; blank lines and "#" comments skipped.  The first command
 * that fails stops the batch ("Command failed FILE:LINE"), unless
 * -force: then the status is the last failure's.
 */
static int batch(const char *file, int force)
{
	FILE *f = strcmp(file, "-") ? fopen(file, "r") : stdin;
	char *line = NULL, *argv[64];
	unsigned int lineno = 0;
	size_t cap = 0;
	int argc, ret = 0, err;

	if (!f) {
		fprintf(stderr, "Error: cannot open \"%s\": %s\n", file,
			strerror(errno));
		return EXIT_CMDLINE;
	}
	while (getline(&line, &cap, f) >= 0) {
		lineno++;
		argc = split_line(line, argv, ARRAY_SIZE(argv));
		if (!argc)
			continue;
		err = argc < 0 ? EXIT_CMDLINE : run_child(argc, argv);
		if (argc < 0)
			fputs("Error: too many arguments\n", stderr);
		if (!err)
			continue;
		fprintf(stderr, "Command failed %s:%u\n", file, lineno);
		ret = err;
		if (!force)
			break;
	}
	free(line);
	if (f != stdin)
		fclose(f);
	return ret;
}

enum {
	OPT_HELP, OPT_VERSION, OPT_STATS, OPT_DETAILS, OPT_BATCH, OPT_BRIEF,
	OPT_JSON, OPT_PRETTY, OPT_NETNS, OPT_FORCE,
};

/* As ip(8) has them, prefixes too: "-s" is -stats, "-b" -batch, "-br"
 * -brief; -force only in full.
 */
static const char *const opt_names[] = {
	"help", "Version", "stats", "statistics", "details", "batch",
	"brief", "json", "pretty", "netns",
};

static const int opt_keys[] = {
	OPT_HELP, OPT_VERSION, OPT_STATS, OPT_STATS, OPT_DETAILS, OPT_BATCH,
	OPT_BRIEF, OPT_JSON, OPT_PRETTY, OPT_NETNS,
};

static int get_opt(const char *arg)
{
	const char *opt = arg + (arg[1] == '-' ? 2 : 1);
	int i;

	if (!strcmp(opt, "force"))
		return OPT_FORCE;
	i = ip_lookup(opt, opt_names, opt_keys, ARRAY_SIZE(opt_names));
	if (i < 0)
		ip_cmdline_error(usage, "unknown argument \"%s\"", arg);
	return opt_keys[i];
}

int main(int argc, char **argv)
{
	const char *netns = NULL, *batch_file = NULL;
	int force = 0;
	int ret, opt;

	for (argc--, argv++; argc && argv[0][0] == '-'; argc--, argv++) {
		opt = get_opt(argv[0]);
		switch (opt) {
		case OPT_HELP:
			usage(stdout);
			return 0;
		case OPT_VERSION:
			printf("ilnp-ip, ilnp %s\n", ILNP_VERSION);
			return 0;
		case OPT_STATS:
			ip_stats++;
			break;
		case OPT_DETAILS:
			ip_details++;
			break;
		case OPT_BRIEF:
			ip_brief = 1;
			break;
		case OPT_JSON:
			ip_json = 1;
			break;
		case OPT_PRETTY:
			ip_pretty = 1;
			break;
		case OPT_FORCE:
			force = 1;
			break;
		case OPT_NETNS:
		case OPT_BATCH:
			if (argc < 2)
				ip_cmdline_error(usage, "\"%s\" needs a value",
						 argv[0]);
			if (opt == OPT_NETNS)
				netns = argv[1];
			else
				batch_file = argv[1];
			argv++;
			argc--;
			break;
		}
	}
	if (batch_file && argc)
		ip_cmdline_error(usage, "-batch takes no OBJECT after it");
	if (!argc && !batch_file)
		ip_cmdline_error(usage, "no OBJECT given");
	if (netns) {
		ret = nl_netns_enter(netns);
		if (ret)
			return ret;
	}
	if (batch_file)
		return batch(batch_file, force);
	ip_json_init();
	return run(argc, argv);
}
