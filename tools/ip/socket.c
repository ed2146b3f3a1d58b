// SPDX-License-Identifier: GPL-2.0
/*
 * ilnp-ip socket: the node's AF_ILNP sockets, from the ilnp family's
 * socket dump (ILNP_CMD_SOCKET_GET), what /proc/net/ilnp/sockets lists
 * (Documentation/sockets.rst), shown like ss -u.
 */
#include <stdlib.h>
#include <string.h>

#include <ilnp/ilv.h>

#include "ilnp-ip.h"

#define PORT_STRLEN	sizeof("65535")
/* "[" I-LV "]:" port, as ss writes an IPv6 address and port. */
#define ENDPOINT_STRLEN	(ILNP_ILV_STRLEN + 3 + PORT_STRLEN)

/* One socket; peer is "*" when it is not connected. */
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

static __u64 attr_u64(const struct nlattr *attr)
{
	return attr ? mnl_attr_get_u64(attr) : 0;
}

static int socket_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[ILNP_A_SOCKET_MAX + 1];
	struct sock_list *l = data;
	struct sock_info *si;

	nl_parse(nlh, ILNP_A_SOCKET, tb);
	if (!tb[ILNP_A_SOCKET_PORT])
		return MNL_CB_OK;
	l->v = ip_grow(l->v, &l->cap, l->n, sizeof(*l->v));
	si = &l->v[l->n++];
	memset(si, 0, sizeof(*si));
	ilnp_ilv_format(si->local, sizeof(si->local),
			attr_u64(tb[ILNP_A_SOCKET_LOC]),
			attr_u64(tb[ILNP_A_SOCKET_NID]));
	si->port = mnl_attr_get_u16(tb[ILNP_A_SOCKET_PORT]);
	if (tb[ILNP_A_SOCKET_PEER_PORT]) {
		ilnp_ilv_format(si->peer, sizeof(si->peer),
				attr_u64(tb[ILNP_A_SOCKET_PEER_LOC]),
				attr_u64(tb[ILNP_A_SOCKET_PEER_NID]));
		si->peer_port = mnl_attr_get_u16(tb[ILNP_A_SOCKET_PEER_PORT]);
	} else {
		snprintf(si->peer, sizeof(si->peer), "*");
	}
	si->recv_q = ip_attr_u32(tb[ILNP_A_SOCKET_RECV_Q]);
	si->send_q = ip_attr_u32(tb[ILNP_A_SOCKET_SEND_Q]);
	si->drops = ip_attr_u32(tb[ILNP_A_SOCKET_DROPS]);
	si->uid = ip_attr_u32(tb[ILNP_A_SOCKET_UID]);
	si->inode = attr_u64(tb[ILNP_A_SOCKET_INODE]);
	return MNL_CB_OK;
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
	struct nl *nl;
	size_t i;
	int err;

	ip_parse_kw(argc, argv, kw, socket_usage);
	nl = ip_open();
	nl_genl_req(nl, ILNP_CMD_SOCKET_GET, NLM_F_REQUEST | NLM_F_DUMP);
	err = nl_talk(nl, socket_cb, &l);
	if (err) {
		free(l.v);
		return ip_kernel_error(nl, err);
	}
	nl_close(nl);
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
