/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared by the AF_ILNP test programs (socket_api, responder, stp_tool):
 * I-LV text forms, sockaddr helpers, the responder's request protocol.
 * libc and <linux/ilnp.h> only.
 */
#ifndef ILNP_TESTS_SOCKETS_COMMON_H
#define ILNP_TESTS_SOCKETS_COMMON_H

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <linux/ilnp.h>
#include <linux/types.h>

/*
 * The responder's requests (tests/sockets/responder.c), one datagram
 * each, plain text; anything else is echoed back to its sender:
 *
 *   "burst N SIZE NOTIFY"  N datagrams of SIZE bytes back to the sender,
 *                          1 ms apart, then "done N" to the sender's NID
 *                          at port NOTIFY (0: no notice)
 *   "both"                 "other" from the responder's second port
 *                          (PORT + 1), then "main" from PORT
 *   "hlim"                 "hlim H": the hop limit the request arrived
 *                          with (ILNP_PKTINFO)
 */
#define RESP_OTHER_PORT_OFFSET	1
#define MAX_DATAGRAM		65527

#define ARRAY_SIZE(a)		(sizeof(a) / sizeof((a)[0]))

/*
 * An unsigned decimal at the start of @s, read as sscanf("%u") reads it
 * (leading space and sign allowed, the rest ignored): 0, or -1 when @s
 * does not start with one.
 */
static inline int parse_uint(const char *s, unsigned int *v)
{
	unsigned long n;
	char *end;

	n = strtoul(s, &end, 10);
	if (end == s)
		return -1;
	*v = (unsigned int)n;
	return 0;
}

/* The number N of a datagram of a burst ("burst N", then padding): 0, or
 * -1 when @buf is not one.
 */
static inline int parse_burst_seq(const char *buf, unsigned int *seq)
{
	if (strncmp(buf, "burst", 5))
		return -1;
	return parse_uint(buf + 5, seq);
}

static inline int parse_id(const char *s, __u64 *id)
{
	unsigned int g[4];
	char tail;
	int i;

	if (sscanf(s, "%x:%x:%x:%x%c", &g[0], &g[1], &g[2], &g[3], &tail) != 4)
		return -1;
	*id = 0;
	for (i = 0; i < 4; i++) {
		if (g[i] > 0xffff)
			return -1;
		*id = *id << 16 | g[i];
	}
	return 0;
}

/* An I-LV written like an IPv6 address: locator, then NID (host order). */
static inline int parse_ilv(const char *s, __u64 *loc, __u64 *nid)
{
	unsigned char b[16];
	int i;

	if (inet_pton(AF_INET6, s, b) != 1)
		return -1;
	*loc = *nid = 0;
	for (i = 0; i < 8; i++) {
		*loc = *loc << 8 | b[i];
		*nid = *nid << 8 | b[8 + i];
	}
	return 0;
}

static inline __u64 be64_get(__be64 v)
{
	const unsigned char *b = (const unsigned char *)&v;
	__u64 r = 0;
	int i;

	for (i = 0; i < 8; i++)
		r = r << 8 | b[i];
	return r;
}

static inline __be64 be64_put(__u64 v)
{
	__be64 r;
	unsigned char *b = (unsigned char *)&r;
	int i;

	for (i = 7; i >= 0; i--) {
		b[i] = v & 0xff;
		v >>= 8;
	}
	return r;
}

static inline struct sockaddr_ilnp sa_make(__u64 loc, __u64 nid,
					   unsigned int port)
{
	struct sockaddr_ilnp sa;

	memset(&sa, 0, sizeof(sa));
	sa.silnp_family = AF_ILNP;
	sa.silnp_port = htons(port);
	sa.silnp_addr.loc = be64_put(loc);
	sa.silnp_addr.nid = be64_put(nid);
	return sa;
}

/* "0:0:0:a:ffff:0:0:a": the canonical form, all eight groups. */
static inline const char *ilv_str(__u64 loc, __u64 nid, char *buf,
				  size_t size)
{
	snprintf(buf, size, "%x:%x:%x:%x:%x:%x:%x:%x",
		 (unsigned int)(loc >> 48) & 0xffff,
		 (unsigned int)(loc >> 32) & 0xffff,
		 (unsigned int)(loc >> 16) & 0xffff,
		 (unsigned int)loc & 0xffff,
		 (unsigned int)(nid >> 48) & 0xffff,
		 (unsigned int)(nid >> 32) & 0xffff,
		 (unsigned int)(nid >> 16) & 0xffff,
		 (unsigned int)nid & 0xffff);
	return buf;
}

static inline const char *sa_str(const struct sockaddr_ilnp *sa, char *buf,
				 size_t size)
{
	char ilv[ILNP_ILV_STRLEN];

	snprintf(buf, size, "%s port %u",
		 ilv_str(be64_get(sa->silnp_addr.loc),
			 be64_get(sa->silnp_addr.nid), ilv, sizeof(ilv)),
		 ntohs(sa->silnp_port));
	return buf;
}

static inline int ilnp_socket(void)
{
	int fd = socket(AF_ILNP, SOCK_DGRAM, 0);

	if (fd < 0) {
		perror("socket(AF_ILNP)");
		exit(99);
	}
	return fd;
}

/*
 * The /proc/net/ilnp/sockets line of the socket bound to @port ("local
 * port peer peer_port recv_q send_q drops uid inode"): 0 and its fields,
 * or -1 when no socket of this node is bound to it.
 */
struct proc_sock {
	char local[ILNP_ILV_STRLEN], peer[ILNP_ILV_STRLEN];
	unsigned int port, peer_port;
	long recv_q, send_q, drops;
	unsigned long uid, inode;
};

static inline int proc_sock_find(unsigned int port, struct proc_sock *ps)
{
	char line[256];
	FILE *f = fopen("/proc/net/ilnp/sockets", "r");
	int found = -1;

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		struct proc_sock p;

		if (sscanf(line, "%39s %u %39s %u %ld %ld %ld %lu %lu",
			   p.local, &p.port, p.peer, &p.peer_port, &p.recv_q,
			   &p.send_q, &p.drops, &p.uid, &p.inode) == 9 &&
		    p.port == port) {
			*ps = p;
			found = 0;
			break;
		}
	}
	fclose(f);
	return found;
}

#endif
