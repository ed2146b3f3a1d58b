// SPDX-License-Identifier: GPL-2.0
/*
 * responder PORT: the peer of the AF_ILNP socket tests.  Binds PORT and
 * PORT + 1 on every locator of the node and echoes every datagram back
 * to where it came from, except the requests described in common.h
 * ("burst", "both", "hlim").  Prints one line per datagram to stderr.
 * Runs until killed.
 */
#define _GNU_SOURCE
#include <poll.h>
#include <time.h>
#include <unistd.h>

#include "common.h"

static int open_port(unsigned int port)
{
	struct sockaddr_ilnp sa = sa_make(0, 0, port);
	int fd = ilnp_socket(), one = 1, big = 4 << 20;

	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		fprintf(stderr, "responder: bind %u: %s\n", port,
			strerror(errno));
		exit(1);
	}
	/* Room for a burst of requests from 100 sockets at once. */
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &big, sizeof(big)) < 0)
		perror("responder: SO_RCVBUFFORCE");
	if (setsockopt(fd, SOL_ILNP, ILNP_PKTINFO, &one, sizeof(one)) < 0) {
		perror("responder: ILNP_PKTINFO");
		exit(1);
	}
	return fd;
}

static void send_to(int fd, const void *buf, size_t len,
		    const struct sockaddr_ilnp *to)
{
	char text[64];

	if (sendto(fd, buf, len, 0, (const struct sockaddr *)to,
		   sizeof(*to)) < 0)
		fprintf(stderr, "responder: sendto %s: %s\n",
			sa_str(to, text, sizeof(text)), strerror(errno));
}

static void send_burst(int fd, const struct sockaddr_ilnp *to, const char *req)
{
	static char buf[MAX_DATAGRAM];
	const struct timespec ms = { 0, 1000000 };
	unsigned int n, size, notify, i;
	struct sockaddr_ilnp done;
	char msg[32];

	if (sscanf(req, "burst %u %u %u", &n, &size, &notify) != 3 ||
	    size > sizeof(buf) || size < 20) {
		fprintf(stderr, "responder: bad request '%s'\n", req);
		return;
	}
	for (i = 0; i < n; i++) {
		memset(buf, 'b', size);
		snprintf(buf, 20, "burst %u", i);
		send_to(fd, buf, size, to);
		nanosleep(&ms, NULL);
	}
	if (notify) {
		done = *to;
		done.silnp_port = htons(notify);
		snprintf(msg, sizeof(msg), "done %u", n);
		send_to(fd, msg, strlen(msg), &done);
	}
}

static void serve(int fd, int other)
{
	static char buf[MAX_DATAGRAM + 1];
	char cbuf[CMSG_SPACE(sizeof(struct ilnp_pktinfo))], text[64];
	struct sockaddr_ilnp from;
	struct iovec iov = { buf, MAX_DATAGRAM };
	struct msghdr msg = {
		.msg_name = &from, .msg_namelen = sizeof(from),
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = cbuf, .msg_controllen = sizeof(cbuf),
	};
	struct ilnp_pktinfo info = { 0 };
	struct cmsghdr *c;
	ssize_t n;

	n = recvmsg(fd, &msg, MSG_DONTWAIT);
	if (n < 0) {
		if (errno != EAGAIN)
			perror("responder: recvmsg");
		return;
	}
	buf[n] = 0;
	for (c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c))
		if (c->cmsg_level == SOL_ILNP && c->cmsg_type == ILNP_PKTINFO)
			memcpy(&info, CMSG_DATA(c), sizeof(info));
	fprintf(stderr, "responder: %zd bytes from %s hlim %u\n", n,
		sa_str(&from, text, sizeof(text)), info.ipi_hop_limit);

	if (!strncmp(buf, "burst ", 6)) {
		send_burst(fd, &from, buf);
	} else if (!strcmp(buf, "both")) {
		send_to(other, "other", 5, &from);
		send_to(fd, "main", 4, &from);
	} else if (!strcmp(buf, "hlim")) {
		n = snprintf(text, sizeof(text), "hlim %u",
			     info.ipi_hop_limit);
		send_to(fd, text, n, &from);
	} else {
		send_to(fd, buf, n, &from);
	}
}

int main(int argc, char **argv)
{
	struct pollfd p[2];
	unsigned int port;
	int i;

	if (argc != 2 || parse_uint(argv[1], &port) || !port ||
	    port + RESP_OTHER_PORT_OFFSET > 65535) {
		fprintf(stderr, "usage: responder PORT\n");
		return 2;
	}
	p[0].fd = open_port(port);
	p[1].fd = open_port(port + RESP_OTHER_PORT_OFFSET);
	p[0].events = POLLIN;
	p[1].events = POLLIN;
	fprintf(stderr, "responder: ports %u and %u\n", port,
		port + RESP_OTHER_PORT_OFFSET);
	for (;;) {
		if (poll(p, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			perror("responder: poll");
			return 1;
		}
		for (i = 0; i < 2; i++)
			if (p[i].revents & POLLIN)
				serve(p[i].fd, p[1].fd);
	}
}
