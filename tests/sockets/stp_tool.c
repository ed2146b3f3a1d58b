// SPDX-License-Identifier: GPL-2.0
/*
 * stp_tool: the AF_ILNP helpers of tests/integration/stp.sh, one
 * subcommand each.  The peer runs tests/sockets/responder PORT.
 *
 *   many PEER_ILV PORT N
 *	N sockets (ephemeral ports, all different) send at once, then
 *	wait together: each must get exactly its own echo, nothing else.
 *   rcvbuf PEER_ILV PORT N SIZE
 *	a socket with the smallest SO_RCVBUF, not read, asks the peer for
 *	a burst of N datagrams; once the peer says it is done, prints
 *	"queued Q drops D recv_q R rcvbuf B" (drops and recv_q from
 *	/proc/net/ilnp/sockets) and checks the queued ones are the first Q.
 *   hold PORT READY [PEER_ILV PEER_PORT COUNT]
 *	binds PORT, optionally gets COUNT datagrams queued on it from the
 *	peer, writes its pid to READY and sleeps until killed.
 *   bind PORT
 *	binds PORT and exits: "bound PORT", or the errno and exit 1.
 *   recv PORT SECONDS READY [PEER_ILV PEER_PORT]
 *	binds PORT (and connects to the peer, if given), creates READY,
 *	prints each datagram that arrives ("from I-LV port P len N: TEXT")
 *	until one says "end" (not printed) or SECONDS pass without one,
 *	then "received K".
 *   send PORT DPORT TEXT ILV...
 *	from a socket bound to PORT, sends TEXT to port DPORT of each ILV
 *	in turn.
 */
#define _GNU_SOURCE
#include <poll.h>
#include <time.h>
#include <unistd.h>

#include "common.h"

static void die(const char *what)
{
	fprintf(stderr, "stp_tool: %s: %s\n", what, strerror(errno));
	exit(1);
}

static int bound_socket(unsigned int port)
{
	struct sockaddr_ilnp sa = sa_make(0, 0, port);
	int fd = ilnp_socket();

	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)))
		die("bind");
	return fd;
}

static unsigned int local_port(int fd)
{
	struct sockaddr_ilnp sa;
	socklen_t len = sizeof(sa);

	if (getsockname(fd, (struct sockaddr *)&sa, &len))
		die("getsockname");
	return ntohs(sa.silnp_port);
}

static struct sockaddr_ilnp peer_arg(const char *ilv, const char *port)
{
	__u64 loc, nid;
	unsigned int p;

	if (parse_ilv(ilv, &loc, &nid) || parse_uint(port, &p)) {
		fprintf(stderr, "stp_tool: bad peer %s port %s\n", ilv, port);
		exit(2);
	}
	return sa_make(loc, nid, p);
}

static void send_str(int fd, const struct sockaddr_ilnp *to, const char *s)
{
	if (sendto(fd, s, strlen(s), 0, (const struct sockaddr *)to,
		   sizeof(*to)) < 0)
		die("sendto");
}

/* Wait for the responder's "done N" on @note. */
static void wait_done(int note, unsigned int n)
{
	struct pollfd p = { .fd = note, .events = POLLIN };
	char buf[64], want[32];
	ssize_t r;

	if (poll(&p, 1, 30000) != 1) {
		fprintf(stderr, "stp_tool: no 'done' from the responder\n");
		exit(1);
	}
	r = recv(note, buf, sizeof(buf) - 1, 0);
	if (r < 0)
		die("recv done");
	buf[r] = 0;
	snprintf(want, sizeof(want), "done %u", n);
	if (strcmp(buf, want)) {
		fprintf(stderr, "stp_tool: got '%s' want '%s'\n", buf, want);
		exit(1);
	}
}

static int cmd_many(int argc, char **argv)
{
	struct sockaddr_ilnp peer, from;
	static struct pollfd p[1024];
	static unsigned int port[1024];
	static int got[1024];
	unsigned int n, i, j, replies = 0, bad = 0;
	char buf[64], msg[32];
	socklen_t alen;
	time_t deadline;
	ssize_t r;

	if (argc != 5 || parse_uint(argv[4], &n) || !n || n > 1024)
		return 2;
	peer = peer_arg(argv[2], argv[3]);
	for (i = 0; i < n; i++) {
		p[i].fd = ilnp_socket();
		p[i].events = POLLIN;
	}
	/* All send first (each gets its ephemeral port), then all wait. */
	for (i = 0; i < n; i++) {
		snprintf(msg, sizeof(msg), "many %u", i);
		send_str(p[i].fd, &peer, msg);
		port[i] = local_port(p[i].fd);
		for (j = 0; j < i; j++)
			if (port[j] == port[i]) {
				printf("sockets %u and %u share port %u\n", j,
				       i, port[i]);
				bad++;
			}
	}
	deadline = time(NULL) + 30;
	while (replies < n && time(NULL) < deadline) {
		int k = poll(p, n, 500);

		if (k < 0)
			die("poll");
		for (i = 0; i < n; i++) {
			if (!(p[i].revents & POLLIN))
				continue;
			alen = sizeof(from);
			r = recvfrom(p[i].fd, buf, sizeof(buf) - 1,
				     MSG_DONTWAIT, (struct sockaddr *)&from,
				     &alen);
			if (r < 0)
				die("recvfrom");
			buf[r] = 0;
			snprintf(msg, sizeof(msg), "many %u", i);
			if (strcmp(buf, msg) || from.silnp_port !=
			    peer.silnp_port || from.silnp_addr.nid !=
			    peer.silnp_addr.nid) {
				printf("socket %u: got '%s' want '%s'\n", i,
				       buf, msg);
				bad++;
			}
			if (got[i]++)
				bad++;
			replies++;
		}
	}
	/* Nothing more arrives. */
	if (poll(p, n, 500) != 0) {
		printf("extra datagrams after the echoes\n");
		bad++;
	}
	for (i = 0; i < n; i++)
		if (got[i] != 1) {
			printf("socket %u (port %u): %d replies\n", i, port[i],
			       got[i]);
			bad++;
		}
	printf("many: %u sockets, %u replies, %u problems\n", n, replies, bad);
	return bad ? 1 : 0;
}

static int cmd_rcvbuf(int argc, char **argv)
{
	struct sockaddr_ilnp peer;
	unsigned int n, size, queued = 0, seq;
	int fd, note, one = 1, rcvbuf = 0, bad = 0;
	socklen_t len = sizeof(rcvbuf);
	char req[64], buf[MAX_DATAGRAM];
	struct proc_sock ps;
	ssize_t r;

	if (argc != 6 || parse_uint(argv[4], &n) ||
	    parse_uint(argv[5], &size))
		return 2;
	peer = peer_arg(argv[2], argv[3]);
	fd = ilnp_socket();
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &one, sizeof(one)) ||
	    getsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, &len))
		die("SO_RCVBUF");
	note = bound_socket(0);
	snprintf(req, sizeof(req), "burst %u %u %u", n, size,
		 local_port(note));
	send_str(fd, &peer, req);
	wait_done(note, n);
	if (proc_sock_find(local_port(fd), &ps)) {
		fprintf(stderr, "stp_tool: port %u not in /proc/net/ilnp/sockets\n",
			local_port(fd));
		return 1;
	}
	while ((r = recv(fd, buf, sizeof(buf), MSG_DONTWAIT)) >= 0) {
		if ((unsigned int)r != size ||
		    parse_burst_seq(buf, &seq) || seq != queued) {
			printf("queued datagram %u: %zd bytes '%.12s'\n",
			       queued, r, buf);
			bad++;
		}
		queued++;
	}
	if (errno != EAGAIN)
		die("recv");
	printf("queued %u drops %ld recv_q %ld rcvbuf %d\n", queued, ps.drops,
	       ps.recv_q, rcvbuf);
	return bad ? 1 : 0;
}

static int cmd_hold(int argc, char **argv)
{
	unsigned int port, count;
	struct sockaddr_ilnp peer;
	char req[64], tmp[4096];
	FILE *f;
	int fd, note;

	if ((argc != 4 && argc != 7) || parse_uint(argv[2], &port))
		return 2;
	fd = bound_socket(port);
	if (argc == 7) {
		peer = peer_arg(argv[4], argv[5]);
		if (parse_uint(argv[6], &count))
			return 2;
		note = bound_socket(0);
		snprintf(req, sizeof(req), "burst %u 100 %u", count,
			 local_port(note));
		send_str(fd, &peer, req);
		wait_done(note, count);
		close(note);
	}
	/* Written aside, then renamed: READY never exists empty. */
	snprintf(tmp, sizeof(tmp), "%s.tmp", argv[3]);
	f = fopen(tmp, "w");
	if (!f || fprintf(f, "%d\n", getpid()) < 0 || fclose(f) ||
	    rename(tmp, argv[3]))
		die(argv[3]);
	for (;;)
		pause();
}

static int cmd_bind(int argc, char **argv)
{
	struct sockaddr_ilnp sa;
	unsigned int port;
	int fd;

	if (argc != 3 || parse_uint(argv[2], &port))
		return 2;
	sa = sa_make(0, 0, port);
	fd = ilnp_socket();
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa))) {
		printf("bind %u: %s\n", port, strerrorname_np(errno));
		return 1;
	}
	printf("bound %u\n", port);
	close(fd);
	return 0;
}

static int cmd_recv(int argc, char **argv)
{
	char buf[MAX_DATAGRAM + 1], ilv[ILNP_ILV_STRLEN];
	struct sockaddr_ilnp from;
	unsigned int port, secs, k = 0;
	struct pollfd p;
	socklen_t alen;
	ssize_t r;
	FILE *f;

	if ((argc != 5 && argc != 7) || parse_uint(argv[2], &port) ||
	    parse_uint(argv[3], &secs))
		return 2;
	p.fd = bound_socket(port);
	p.events = POLLIN;
	if (argc == 7) {
		from = peer_arg(argv[5], argv[6]);
		if (connect(p.fd, (struct sockaddr *)&from, sizeof(from)))
			die("connect");
	}
	f = fopen(argv[4], "w");
	if (!f || fclose(f))
		die(argv[4]);
	while (poll(&p, 1, secs * 1000) == 1) {
		alen = sizeof(from);
		r = recvfrom(p.fd, buf, sizeof(buf) - 1, 0,
			     (struct sockaddr *)&from, &alen);
		if (r < 0)
			die("recvfrom");
		buf[r] = 0;
		if (!strcmp(buf, "end"))
			break;
		printf("from %s port %u len %zd: %s\n",
		       ilv_str(be64_get(from.silnp_addr.loc),
			       be64_get(from.silnp_addr.nid), ilv,
			       sizeof(ilv)),
		       ntohs(from.silnp_port), r, buf);
		k++;
	}
	printf("received %u\n", k);
	return 0;
}

static int cmd_send(int argc, char **argv)
{
	struct sockaddr_ilnp to;
	unsigned int port;
	int fd, i;

	if (argc < 6 || parse_uint(argv[2], &port))
		return 2;
	fd = bound_socket(port);
	for (i = 5; i < argc; i++) {
		to = peer_arg(argv[i], argv[3]);
		send_str(fd, &to, argv[4]);
		printf("sent '%s' to %s port %s\n", argv[4], argv[i], argv[3]);
	}
	close(fd);
	return 0;
}

int main(int argc, char **argv)
{
	int rc = 2;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc >= 2 && !strcmp(argv[1], "many"))
		rc = cmd_many(argc, argv);
	else if (argc >= 2 && !strcmp(argv[1], "rcvbuf"))
		rc = cmd_rcvbuf(argc, argv);
	else if (argc >= 2 && !strcmp(argv[1], "hold"))
		rc = cmd_hold(argc, argv);
	else if (argc >= 2 && !strcmp(argv[1], "bind"))
		rc = cmd_bind(argc, argv);
	else if (argc >= 2 && !strcmp(argv[1], "recv"))
		rc = cmd_recv(argc, argv);
	else if (argc >= 2 && !strcmp(argv[1], "send"))
		rc = cmd_send(argc, argv);
	if (rc == 2)
		fprintf(stderr, "usage: see the comment at the top of stp_tool.c\n");
	return rc;
}
