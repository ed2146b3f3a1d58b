// SPDX-License-Identifier: GPL-2.0
/*
 * echo-server: the smallest useful AF_ILNP application.  It binds a port
 * on every locator of the node and sends each datagram back to where it
 * came from.  Plain C99 and POSIX with <linux/ilnp.h>: an AF_ILNP
 * application needs nothing else.  Usage is in tools/examples/README.
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <sys/socket.h>
#include <linux/ilnp.h>

/* The largest STP payload: 65535 minus the 8-byte STP header. */
#define MAX_DATAGRAM	65527

/*
 * inet_ntop() writes the 16 bytes of an I-LV as it would an IPv6
 * address, so zero groups come out compressed ("::a:ffff:0:0:a").  The
 * ilnp tools print the canonical form with all eight groups
 * ("0:0:0:a:ffff:0:0:a"); both parse the same way.
 */
static const char *ilv_text(const struct ilnp_ilv *ilv, char *buf,
			    socklen_t size)
{
	unsigned char bytes[16];

	memcpy(bytes, &ilv->loc, 8);	/* both halves: network order */
	memcpy(bytes + 8, &ilv->nid, 8);
	return inet_ntop(AF_INET6, bytes, buf, size);
}

static int parse_port(const char *s, unsigned short *port)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < 1 || v > 65535)
		return -1;
	*port = v;
	return 0;
}

static int open_bound_socket(unsigned short port)
{
	struct sockaddr_ilnp addr;
	int fd;

	fd = socket(AF_ILNP, SOCK_DGRAM, 0);
	if (fd < 0) {
		perror("echo-server: socket(AF_ILNP)");
		return -1;
	}
	/* NID 0 and locator 0: the node's NID, any of its locators. */
	memset(&addr, 0, sizeof(addr));
	addr.silnp_family = AF_ILNP;
	addr.silnp_port = htons(port);
	if (bind(fd, (struct sockaddr *)&addr, sizeof(addr)) < 0) {
		perror("echo-server: bind");
		close(fd);
		return -1;
	}
	return fd;
}

/* Receive one datagram and send it back; -1 only on a local failure. */
static int echo_one(int fd, char *buf)
{
	char text[INET6_ADDRSTRLEN];
	struct sockaddr_ilnp peer;
	socklen_t len = sizeof(peer);
	ssize_t n;

	n = recvfrom(fd, buf, MAX_DATAGRAM, 0, (struct sockaddr *)&peer,
		     &len);
	if (n < 0) {
		if (errno == EINTR)
			return 0;
		perror("echo-server: recvfrom");
		return -1;
	}
	ilv_text(&peer.silnp_addr, text, sizeof(text));
	/* A peer that cannot be reached is its problem, not ours. */
	if (sendto(fd, buf, n, 0, (struct sockaddr *)&peer, len) < 0)
		fprintf(stderr, "echo-server: sendto %s port %u: %s\n", text,
			ntohs(peer.silnp_port), strerror(errno));
	else
		printf("echoed %zd bytes to %s port %u\n", n, text,
		       ntohs(peer.silnp_port));
	fflush(stdout);
	return 0;
}

int main(int argc, char **argv)
{
	static char buf[MAX_DATAGRAM];
	unsigned short port;
	int fd;

	if (argc != 2 || parse_port(argv[1], &port)) {
		fprintf(stderr, "Usage: echo-server PORT\n");
		return 2;
	}
	fd = open_bound_socket(port);
	if (fd < 0)
		return 1;
	while (echo_one(fd, buf) == 0)
		;
	close(fd);
	return 1;
}
