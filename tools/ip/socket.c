// SPDX-License-Identifier: GPL-2.0
/*
 * ilnp-ip socket: the node's AF_ILNP sockets, read from
 * /proc/net/ilnp/sockets (Documentation/sockets.rst), shown like ss -u.
 *
 * /proc/net is /proc/self/net, which follows the network namespace the
 * process is in when it opens the file: -n has entered it already.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ilnp-ip.h"

#define SOCKETS_FILE	"/proc/net/ilnp/sockets"
#define SOCKET_FIELDS	9
#define PORT_STRLEN	sizeof("65535")
/* "[" I-LV "]:" port, as ss writes an IPv6 address and port. */
#define ENDPOINT_STRLEN	(ILNP_ILV_STRLEN + 3 + PORT_STRLEN)

/* One line of the file; peer is "*" when the socket is not connected. */
struct sock_info {
	char local[ILNP_ILV_STRLEN];
	char peer[ILNP_ILV_STRLEN];
	unsigned long port, peer_port;
	unsigned long long recv_q, send_q, drops, uid, inode;
};

struct sock_list {
	struct sock_info *v;
	size_t n, cap;
};

static void socket_usage(FILE *f)
{
	fprintf(f, "Usage: ilnp-ip socket show\n");
}

static int parse_ull(const char *s, unsigned long long *v)
{
	char *end;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	*v = strtoull(s, &end, 10);
	return errno || *end ? -1 : 0;
}

static int copy_field(char *dst, size_t size, const char *src)
{
	if (strlen(src) >= size)
		return -1;
	strcpy(dst, src);
	return 0;
}

/*
 * "local port peer peer_port recv_q send_q drops uid inode"; fields a
 * newer module adds after these are ignored.
 */
static int parse_line(char *line, struct sock_info *si)
{
	char *f[SOCKET_FIELDS], *save = NULL;
	int i;

	for (i = 0; i < SOCKET_FIELDS; i++) {
		f[i] = strtok_r(i ? NULL : line, " \t\n", &save);
		if (!f[i])
			return -1;
	}
	if (copy_field(si->local, sizeof(si->local), f[0]) ||
	    copy_field(si->peer, sizeof(si->peer), f[2]) ||
	    ip_parse_uint(f[1], 65535, &si->port) ||
	    ip_parse_uint(f[3], 65535, &si->peer_port) ||
	    parse_ull(f[4], &si->recv_q) || parse_ull(f[5], &si->send_q) ||
	    parse_ull(f[6], &si->drops) || parse_ull(f[7], &si->uid) ||
	    parse_ull(f[8], &si->inode))
		return -1;
	return 0;
}

/* All sockets into @l; an exit status on failure. */
static int read_sockets(struct sock_list *l)
{
	char line[512];
	unsigned int lineno = 0;
	FILE *f;

	f = fopen(SOCKETS_FILE, "r");
	if (!f && errno == ENOENT) {
		fprintf(stderr,
			"Error: the ilnp module is not loaded (%s not found)\n",
			SOCKETS_FILE);
		return EXIT_KERNEL;
	}
	if (!f) {
		fprintf(stderr, "Error: cannot open %s: %s\n", SOCKETS_FILE,
			strerror(errno));
		return EXIT_KERNEL;
	}
	while (fgets(line, sizeof(line), f)) {
		if (++lineno == 1)
			continue;	/* the header */
		l->v = ip_grow(l->v, &l->cap, l->n, sizeof(*l->v));
		if (parse_line(line, &l->v[l->n])) {
			fprintf(stderr, "Error: %s line %u is malformed\n",
				SOCKETS_FILE, lineno);
			fclose(f);
			return EXIT_KERNEL;
		}
		l->n++;
	}
	fclose(f);
	return 0;
}

static int connected(const struct sock_info *si)
{
	return strcmp(si->peer, "*") != 0;
}

static void socket_print_json(const struct sock_info *si)
{
	json_open_object(&ip_jw);
	json_kv_string(&ip_jw, "local", si->local);
	json_kv_uint(&ip_jw, "port", si->port);
	json_key(&ip_jw, "peer");
	if (connected(si))
		json_string(&ip_jw, si->peer);
	else
		json_null(&ip_jw);
	json_key(&ip_jw, "peer_port");
	if (connected(si))
		json_uint(&ip_jw, si->peer_port);
	else
		json_null(&ip_jw);
	json_kv_uint(&ip_jw, "recv_q", si->recv_q);
	json_kv_uint(&ip_jw, "send_q", si->send_q);
	json_kv_uint(&ip_jw, "drops", si->drops);
	json_kv_uint(&ip_jw, "uid", si->uid);
	json_kv_uint(&ip_jw, "inode", si->inode);
	json_close_object(&ip_jw);
}

static void endpoints(const struct sock_info *si, char *local, char *peer)
{
	snprintf(local, ENDPOINT_STRLEN, "[%s]:%lu", si->local, si->port);
	if (connected(si))
		snprintf(peer, ENDPOINT_STRLEN, "[%s]:%lu", si->peer,
			 si->peer_port);
	else
		snprintf(peer, ENDPOINT_STRLEN, "*:*");
}

/* Columns as wide as their longest entry, as ss does. */
static void socket_print_table(const struct sock_list *l)
{
	char local[ENDPOINT_STRLEN], peer[ENDPOINT_STRLEN];
	int lw = sizeof("Local Address:Port") - 1;
	int pw = sizeof("Peer Address:Port") - 1;
	size_t i;

	for (i = 0; i < l->n; i++) {
		endpoints(&l->v[i], local, peer);
		if ((int)strlen(local) > lw)
			lw = strlen(local);
		if ((int)strlen(peer) > pw)
			pw = strlen(peer);
	}
	printf("%-6s %-6s %-*s %-*s %5s %5s %s\n", "Recv-Q", "Send-Q",
	       lw, "Local Address:Port", pw, "Peer Address:Port", "Drops",
	       "UID", "Inode");
	for (i = 0; i < l->n; i++) {
		const struct sock_info *si = &l->v[i];

		endpoints(si, local, peer);
		printf("%-6llu %-6llu %-*s %-*s %5llu %5llu %llu\n",
		       si->recv_q, si->send_q, lw, local, pw, peer, si->drops,
		       si->uid, si->inode);
	}
}

static int socket_show(int argc, char **argv)
{
	struct ip_kw kw[] = { { } };
	struct sock_list l = { };
	size_t i;
	int err;

	ip_parse_kw(argc, argv, kw, socket_usage);
	err = read_sockets(&l);
	if (err) {
		free(l.v);
		return err;
	}
	if (ip_json) {
		json_open_array(&ip_jw);
		for (i = 0; i < l.n; i++)
			socket_print_json(&l.v[i]);
		json_close_array(&ip_jw);
	} else {
		socket_print_table(&l);
	}
	free(l.v);
	return 0;
}

static const struct ip_cmd socket_cmds[] = {
	{ "show", socket_show },
	{ "list", socket_show },
	{ }
};

const struct ip_object socket_object = {
	.name = "socket",
	.cmds = socket_cmds,
	.usage = socket_usage,
};
