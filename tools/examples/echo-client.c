// SPDX-License-Identifier: GPL-2.0
/*
 * echo-client: send a few datagrams to an echo-server over AF_ILNP and
 * wait for each to come back.  Plain C99 and POSIX with <linux/ilnp.h>,
 * the model for an application; usage is in tools/examples/README.
 *
 * The peer is an I-LV, locator then NID, written like an IPv6 address:
 * inet_pton() turns it into the 16 bytes of struct ilnp_ilv, already in
 * network order.  A locator of 0 ("::ffff:0:0:b") lets the kernel use
 * the locator it last saw the NID at.
 *
 * Exit status: 0 when every echo came back, 1 otherwise, 2 for a bad
 * command line.
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <linux/ilnp.h>

#define MAX_DATAGRAM	65527
#define MSG_SIZE	64

struct options {
	struct sockaddr_ilnp peer;
	long count;		/* messages to send */
	double timeout;		/* seconds to wait for each echo */
};

static void usage(void)
{
	fprintf(stderr,
		"Usage: echo-client [-c COUNT] [-W SECONDS] PEER PORT\n"
		"PEER is an I-LV such as 0:0:0:b:ffff:0:0:b\n");
	exit(2);
}

/*
 * inet_ntop() compresses zero groups ("::b:ffff:0:0:b"); the ilnp tools
 * print all eight ("0:0:0:b:ffff:0:0:b").  Both parse the same way.
 */
static const char *ilv_text(const struct ilnp_ilv *ilv, char *buf,
			    socklen_t size)
{
	unsigned char bytes[16];

	memcpy(bytes, &ilv->loc, 8);
	memcpy(bytes + 8, &ilv->nid, 8);
	return inet_ntop(AF_INET6, bytes, buf, size);
}

static int parse_ilv(const char *s, struct ilnp_ilv *ilv)
{
	unsigned char bytes[16];

	if (inet_pton(AF_INET6, s, bytes) != 1)
		return -1;
	memcpy(&ilv->loc, bytes, 8);	/* first 8 bytes: locator */
	memcpy(&ilv->nid, bytes + 8, 8);	/* last 8 bytes: NID */
	return 0;
}

static long parse_long(const char *s, long min, long max)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < min || v > max)
		usage();
	return v;
}

static double parse_seconds(const char *s)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (errno || end == s || *end || !(v > 0 && v <= 3600))
		usage();
	return v;
}

static void parse_args(int argc, char **argv, struct options *o)
{
	int c;

	o->count = 3;
	o->timeout = 2;
	while ((c = getopt(argc, argv, "c:W:")) != -1) {
		if (c == 'c')
			o->count = parse_long(optarg, 1, 1000000);
		else if (c == 'W')
			o->timeout = parse_seconds(optarg);
		else
			usage();
	}
	if (argc - optind != 2)
		usage();
	memset(&o->peer, 0, sizeof(o->peer));
	o->peer.silnp_family = AF_ILNP;
	if (parse_ilv(argv[optind], &o->peer.silnp_addr))
		usage();
	o->peer.silnp_port = htons(parse_long(argv[optind + 1], 1, 65535));
}

/*
 * connect() picks an ephemeral port for us and makes the socket accept
 * datagrams from the peer's (NID, port) only, whatever locator they
 * arrive from.  SO_RCVTIMEO bounds each wait for an echo.
 */
static int open_socket(const struct options *o)
{
	struct timeval tv;
	int fd;

	fd = socket(AF_ILNP, SOCK_DGRAM, 0);
	if (fd < 0) {
		perror("echo-client: socket(AF_ILNP)");
		return -1;
	}
	tv.tv_sec = (time_t)o->timeout;
	tv.tv_usec = (suseconds_t)((o->timeout - tv.tv_sec) * 1e6);
	if (setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)) < 0) {
		perror("echo-client: SO_RCVTIMEO");
		goto err;
	}
	if (connect(fd, (const struct sockaddr *)&o->peer,
		    sizeof(o->peer)) < 0) {
		perror("echo-client: connect");
		goto err;
	}
	return fd;
err:
	close(fd);
	return -1;
}

/* Wait for the echo of @msg; an older, late echo is skipped.  1 if it
 * came back, 0 if not.
 */
static int wait_echo(int fd, const char *msg, size_t len)
{
	static char buf[MAX_DATAGRAM];
	char text[INET6_ADDRSTRLEN];
	struct sockaddr_ilnp from;
	socklen_t fromlen;
	ssize_t n;

	for (;;) {
		fromlen = sizeof(from);
		n = recvfrom(fd, buf, sizeof(buf), 0,
			     (struct sockaddr *)&from, &fromlen);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			fprintf(stderr, "echo-client: no echo of \"%s\": %s\n",
				msg, errno == EAGAIN || errno == EWOULDBLOCK ?
				"timed out" : strerror(errno));
			return 0;
		}
		if ((size_t)n == len && !memcmp(buf, msg, len))
			break;
	}
	printf("reply %zd bytes from %s port %u\n", n,
	       ilv_text(&from.silnp_addr, text, sizeof(text)),
	       ntohs(from.silnp_port));
	fflush(stdout);
	return 1;
}

int main(int argc, char **argv)
{
	char msg[MSG_SIZE];
	struct options o;
	long i, echoed = 0;
	int fd, len;

	parse_args(argc, argv, &o);
	fd = open_socket(&o);
	if (fd < 0)
		return 1;
	for (i = 1; i <= o.count; i++) {
		len = snprintf(msg, sizeof(msg), "ilnp echo %ld", i);
		if (send(fd, msg, len, 0) < 0) {
			perror("echo-client: send");
			continue;
		}
		echoed += wait_echo(fd, msg, len);
	}
	close(fd);
	fprintf(stderr, "echo-client: %ld messages, %ld echoed\n", o.count,
		echoed);
	return echoed == o.count ? 0 : 1;
}
