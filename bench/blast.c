// SPDX-License-Identifier: GPL-2.0
/*
 * blast: the data-plane benchmark's traffic (bench/dataplane.sh), the
 * same program for AF_ILNP and for the plain UDP/IPv6 it is compared
 * with, so that the figures differ by the path and nothing else.
 *
 *   blast send ilnp|udp DEST PORT SIZE SECONDS [IFACE]
 *	send SIZE-byte datagrams as fast as send() returns, for SECONDS;
 *	ENOBUFS/EAGAIN are counted and the send retried.  DEST: an I-LV
 *	for ilnp; an IPv6 address for udp (a multicast group goes out on
 *	IFACE).  Prints "sent N errors E seconds S".
 *   blast recv ilnp|udp PORT SECONDS [GROUP IFACE]
 *	count datagrams from the first one for SECONDS (then 1 s more for
 *	stragglers, not counted in the rate); udp joins GROUP on IFACE.
 *	Prints "received N bytes B seconds S pps P".
 *   blast ping ilnp|udp DEST PORT COUNT [IFACE]
 *	COUNT request/response round trips of 64 bytes, one at a time.
 *	Prints "rtt_us p50 P50 p99 P99 lost L".
 *   blast pong ilnp|udp PORT SECONDS [GROUP IFACE]
 *	answer each datagram to its sender, for SECONDS.
 *
 * libc and <linux/ilnp.h> only; every warning is an error.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <net/if.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <sys/socket.h>
#include <linux/ilnp.h>

#define MAX_DATAGRAM	65507
#define PING_SIZE	64

union addr {
	struct sockaddr sa;
	struct sockaddr_in6 in6;
	struct sockaddr_ilnp ilnp;
};

static void bad_usage(void)
{
	fprintf(stderr,
		"usage: blast send ilnp|udp DEST PORT SIZE SECONDS [IFACE]\n"
		"       blast recv ilnp|udp PORT SECONDS [GROUP IFACE]\n"
		"       blast ping ilnp|udp DEST PORT COUNT [IFACE]\n"
		"       blast pong ilnp|udp PORT SECONDS [GROUP IFACE]\n");
	exit(2);
}

static void die(const char *what)
{
	perror(what);
	exit(1);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static long number(const char *s, long min, long max)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < min || v > max)
		bad_usage();
	return v;
}

static int is_ilnp(const char *kind)
{
	if (!strcmp(kind, "ilnp"))
		return 1;
	if (!strcmp(kind, "udp"))
		return 0;
	bad_usage();
	return 0;
}

/* DEST and PORT into @a, the socket's length returned. */
static socklen_t parse_dest(int ilnp, const char *dest, long port,
			    const char *iface, union addr *a)
{
	unsigned char bytes[16];

	memset(a, 0, sizeof(*a));
	if (inet_pton(AF_INET6, dest, bytes) != 1)
		bad_usage();
	if (ilnp) {
		a->ilnp.silnp_family = AF_ILNP;
		a->ilnp.silnp_port = htons(port);
		memcpy(&a->ilnp.silnp_addr.loc, bytes, 8);
		memcpy(&a->ilnp.silnp_addr.nid, bytes + 8, 8);
		return sizeof(a->ilnp);
	}
	a->in6.sin6_family = AF_INET6;
	a->in6.sin6_port = htons(port);
	memcpy(&a->in6.sin6_addr, bytes, 16);
	if (iface)
		a->in6.sin6_scope_id = if_nametoindex(iface);
	return sizeof(a->in6);
}

static int open_socket(int ilnp, long port, const char *group,
		       const char *iface)
{
	int fd = socket(ilnp ? AF_ILNP : AF_INET6, SOCK_DGRAM, 0);
	int big = 4 << 20;
	union addr a;

	if (fd < 0)
		die("socket");
	setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &big, sizeof(big));
	setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &big, sizeof(big));
	if (port < 0)
		return fd;
	memset(&a, 0, sizeof(a));
	if (ilnp) {
		a.ilnp.silnp_family = AF_ILNP;
		a.ilnp.silnp_port = htons(port);
		if (bind(fd, &a.sa, sizeof(a.ilnp)))
			die("bind");
		return fd;
	}
	a.in6.sin6_family = AF_INET6;
	a.in6.sin6_port = htons(port);
	if (bind(fd, &a.sa, sizeof(a.in6)))
		die("bind");
	if (group) {
		struct ipv6_mreq mr;

		if (!iface || inet_pton(AF_INET6, group,
					&mr.ipv6mr_multiaddr) != 1)
			bad_usage();
		mr.ipv6mr_interface = if_nametoindex(iface);
		if (!mr.ipv6mr_interface)
			die(iface);
		if (setsockopt(fd, IPPROTO_IPV6, IPV6_ADD_MEMBERSHIP, &mr,
			       sizeof(mr)))
			die("IPV6_ADD_MEMBERSHIP");
	}
	return fd;
}

/* Multicast out of IFACE, looped back to nobody on this host. */
static void multicast_out(int fd, const char *iface)
{
	unsigned int idx;
	int off = 0;

	if (!iface)
		return;
	idx = if_nametoindex(iface);
	if (!idx)
		die(iface);
	if (setsockopt(fd, IPPROTO_IPV6, IPV6_MULTICAST_IF, &idx, sizeof(idx)))
		die("IPV6_MULTICAST_IF");
	setsockopt(fd, IPPROTO_IPV6, IPV6_MULTICAST_LOOP, &off, sizeof(off));
}

static int cmd_send(int ilnp, char **argv, int argc)
{
	static char buf[MAX_DATAGRAM];
	const char *iface = argc > 5 ? argv[5] : NULL;
	long size = number(argv[3], 1, MAX_DATAGRAM);
	long secs = number(argv[4], 1, 3600);
	unsigned long sent = 0, errors = 0;
	double start, end, t;
	socklen_t len;
	union addr a;
	int fd;

	len = parse_dest(ilnp, argv[1], number(argv[2], 1, 65535), iface, &a);
	fd = open_socket(ilnp, -1, NULL, NULL);
	if (!ilnp)
		multicast_out(fd, iface);
	memset(buf, 0xa5, sizeof(buf));
	start = now();
	end = start + secs;
	do {
		/* The clock every 64 sends: it costs as much as a send. */
		for (int i = 0; i < 64; i++) {
			if (sendto(fd, buf, size, 0, &a.sa, len) == size) {
				sent++;
				continue;
			}
			if (errno != ENOBUFS && errno != EAGAIN)
				die("sendto");
			errors++;
		}
		t = now();
	} while (t < end);
	printf("sent %lu errors %lu seconds %.3f\n", sent, errors, t - start);
	return 0;
}

static int cmd_recv(int ilnp, char **argv, int argc)
{
	static char buf[MAX_DATAGRAM];
	const char *group = argc > 3 ? argv[3] : NULL;
	const char *iface = argc > 4 ? argv[4] : NULL;
	long secs = number(argv[2], 1, 3600);
	unsigned long n = 0, bytes = 0;
	double first = 0, last = 0, t;
	struct pollfd p;
	ssize_t r;

	p.fd = open_socket(ilnp, number(argv[1], 1, 65535), group, iface);
	p.events = POLLIN;
	for (;;) {
		/* Before the first datagram, wait as long as it takes. */
		if (poll(&p, 1, n ? 1000 : -1) <= 0)
			break;
		r = recv(p.fd, buf, sizeof(buf), 0);
		if (r < 0)
			die("recv");
		t = now();
		if (!n)
			first = t;
		if (t - first > secs + 1)
			break;
		if (t - first > secs)
			continue;	/* stragglers: drained, not counted */
		n++;
		bytes += r;
		last = t;
	}
	printf("received %lu bytes %lu seconds %.3f pps %.0f\n", n, bytes,
	       last - first, last > first ? (n - 1) / (last - first) : 0.0);
	return 0;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static int cmd_ping(int ilnp, char **argv, int argc)
{
	const char *iface = argc > 4 ? argv[4] : NULL;
	long count = number(argv[3], 1, 1000000);
	char buf[PING_SIZE] = { 0 };
	unsigned long lost = 0;
	double *rtt, t0;
	struct pollfd p;
	socklen_t len;
	union addr a;
	long i, got = 0;

	len = parse_dest(ilnp, argv[1], number(argv[2], 1, 65535), iface, &a);
	rtt = calloc(count, sizeof(*rtt));
	if (!rtt)
		die("calloc");
	p.fd = open_socket(ilnp, -1, NULL, NULL);
	p.events = POLLIN;
	if (!ilnp)
		multicast_out(p.fd, iface);
	for (i = 0; i < count; i++) {
		memcpy(buf, &i, sizeof(i));
		t0 = now();
		if (sendto(p.fd, buf, sizeof(buf), 0, &a.sa, len) < 0)
			die("sendto");
		/* Our own answer, not a late one to an earlier request. */
		for (;;) {
			long seq;

			if (poll(&p, 1, 1000) <= 0) {
				lost++;
				break;
			}
			if (recv(p.fd, buf, sizeof(buf), 0) < (ssize_t)sizeof(seq))
				continue;
			memcpy(&seq, buf, sizeof(seq));
			if (seq == i) {
				rtt[got++] = (now() - t0) * 1e6;
				break;
			}
		}
	}
	qsort(rtt, got, sizeof(*rtt), cmp_double);
	printf("rtt_us p50 %.0f p99 %.0f lost %lu\n",
	       got ? rtt[got / 2] : 0.0, got ? rtt[(got * 99) / 100] : 0.0,
	       lost);
	free(rtt);
	return 0;
}

static int cmd_pong(int ilnp, char **argv, int argc)
{
	const char *group = argc > 3 ? argv[3] : NULL;
	const char *iface = argc > 4 ? argv[4] : NULL;
	double end = now() + number(argv[2], 1, 3600);
	char buf[PING_SIZE];
	struct pollfd p;
	union addr from;
	socklen_t len;
	ssize_t r;

	p.fd = open_socket(ilnp, number(argv[1], 1, 65535), group, iface);
	p.events = POLLIN;
	if (!ilnp)
		multicast_out(p.fd, iface);
	while (now() < end) {
		if (poll(&p, 1, 200) <= 0)
			continue;
		len = sizeof(from);
		r = recvfrom(p.fd, buf, sizeof(buf), 0, &from.sa, &len);
		if (r <= 0)
			continue;
		/* A multicast request: the answer goes to the group too. */
		if (!ilnp && group)
			inet_pton(AF_INET6, group, &from.in6.sin6_addr);
		sendto(p.fd, buf, r, 0, &from.sa, len);
	}
	return 0;
}

int main(int argc, char **argv)
{
	const char *cmd;
	int ilnp;

	if (argc < 4)
		bad_usage();
	cmd = argv[1];
	ilnp = is_ilnp(argv[2]);
	/* From here argv[0] is the kind, then the command's arguments. */
	argv += 2;
	argc -= 2;
	if (!strcmp(cmd, "send") && argc >= 5)
		return cmd_send(ilnp, argv, argc);
	if (!strcmp(cmd, "recv") && argc >= 3)
		return cmd_recv(ilnp, argv, argc);
	if (!strcmp(cmd, "ping") && argc >= 4)
		return cmd_ping(ilnp, argv, argc);
	if (!strcmp(cmd, "pong") && argc >= 3)
		return cmd_pong(ilnp, argv, argc);
	bad_usage();
	return 2;
}
