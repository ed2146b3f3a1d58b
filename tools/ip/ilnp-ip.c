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

int ip_json;
struct json ip_jw;

/* In this order an ambiguous prefix is resolved: "l" is link, "n"
 * node, "r" route, "s" stats.  "c" is cache.
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
		"OPTIONS := { -j[son] | -n[etns] NETNS | -force | -h[elp] }\n");
}

/* @arg is a non-empty prefix of @name: "l" and "link" match "link". */
int ip_matches(const char *arg, const char *name)
{
	size_t len = strlen(arg);

	return len && !strncmp(arg, name, len);
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

/* Print the kernel's error and close @nl: the command is over. */
int ip_kernel_error(struct nl *nl, int err)
{
	nl_perror(nl, err);
	nl_close(nl);
	return EXIT_KERNEL;
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
	for (cmd = obj->cmds; cmd->name; cmd++)
		if (ip_matches(argv[0], cmd->name))
			return cmd->fn(argc - 1, argv + 1);
	if (obj->bare_args)
		return obj->cmds[0].fn(argc, argv);
	ip_cmdline_error(obj->usage, "unknown argument \"%s\"", argv[0]);
}

static int run(int argc, char **argv)
{
	size_t i;

	if (ip_matches(argv[0], "help")) {
		usage(stdout);
		return 0;
	}
	for (i = 0; i < ARRAY_SIZE(objects); i++)
		if (ip_matches(argv[0], objects[i]->name))
			return run_object(objects[i], argc - 1, argv + 1);
	ip_cmdline_error(usage, "unknown argument \"%s\"", argv[0]);
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
		json_init(&ip_jw, stdout);
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

int main(int argc, char **argv)
{
	const char *netns = NULL, *batch_file = NULL;
	int force = 0;
	int ret;

	for (argc--, argv++; argc && argv[0][0] == '-'; argc--, argv++) {
		const char *opt = argv[0] + (argv[0][1] == '-' ? 2 : 1);

		if (!strcmp(opt, "h") || !strcmp(opt, "help")) {
			usage(stdout);
			return 0;
		}
		if (!strcmp(opt, "j") || !strcmp(opt, "json")) {
			ip_json = 1;
		} else if (!strcmp(opt, "n") || !strcmp(opt, "netns") ||
			   !strcmp(opt, "b") || !strcmp(opt, "batch")) {
			if (argc < 2)
				ip_cmdline_error(usage, "\"%s\" needs a value",
						 argv[0]);
			if (opt[0] == 'n')
				netns = argv[1];
			else
				batch_file = argv[1];
			argv++;
			argc--;
		} else if (!strcmp(opt, "force")) {
			force = 1;
		} else {
			ip_cmdline_error(usage, "unknown argument \"%s\"",
					 argv[0]);
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
	json_init(&ip_jw, stdout);
	return run(argc, argv);
}
