// SPDX-License-Identifier: GPL-2.0
/*
 * ilnp-recv: receive ilnp-send's datagrams on an AF_ILNP port, log each
 * with the locator it arrived on and its hop limit (ILNP_PKTINFO), and
 * sum up loss, duplication and reordering at the end.  With -e it also
 * echoes every datagram to its sender.
 *
 * The statistics assume one sender: run one ilnp-recv per stream.
 */
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <sys/socket.h>

#include "traffic.h"

const char *traffic_prog = "ilnp-recv";

struct receiver {
	unsigned short port;
	struct traffic_opts opts;	/* -c, -d, -o */
	int echo;
	int rcvbuf;			/* 0: the system's default */
	FILE *log;
	int fd;
	sigset_t unblocked;
	struct seqstat stat;
	uint64_t datagrams;		/* all, short ones included */
	uint64_t short_ones;		/* under TRAFFIC_HDR_SIZE: no seq */
	uint64_t echo_errors;
};

/* What one received datagram says about itself. */
struct arrival {
	struct timespec when;		/* CLOCK_REALTIME */
	struct sockaddr_ilnp peer;
	ssize_t size;
	int have_pktinfo;
	struct ilnp_pktinfo pktinfo;
};

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: ilnp-recv [-p PORT] [-c COUNT] [-d DURATION] [-b BYTES] [-e]\n"
		"                 [-o LOGFILE]\n"
		"PORT defaults to %d\n", TRAFFIC_DEFAULT_PORT);
}

static void parse_options(struct receiver *r, int argc, char **argv)
{
	int c;

	while ((c = traffic_getopt(argc, argv, "p:b:e", usage, &r->opts)) != -1) {
		switch (c) {
		case 'b':
			r->rcvbuf = traffic_get_number(usage, "receive buffer",
						       optarg, 1, 1 << 30);
			break;
		case 'p':
			r->port = traffic_get_number(usage, "port", optarg, 1,
						     65535);
			break;
		case 'e':
			r->echo = 1;
			break;
		}
	}
	if (optind != argc)
		traffic_usage_error(usage, "extra argument \"%s\"",
				    argv[optind]);
}

static int receiver_open(struct receiver *r)
{
	int one = 1;

	if (seqstat_init(&r->stat)) {
		fprintf(stderr, "%s: out of memory\n", traffic_prog);
		return -1;
	}
	r->fd = traffic_socket(r->port);
	if (r->fd < 0)
		return -1;
	/* A bigger queue rides out a busy machine (SO_RCVBUFFORCE as root). */
	if (r->rcvbuf &&
	    setsockopt(r->fd, SOL_SOCKET, SO_RCVBUFFORCE, &r->rcvbuf,
		       sizeof(r->rcvbuf)) &&
	    setsockopt(r->fd, SOL_SOCKET, SO_RCVBUF, &r->rcvbuf,
		       sizeof(r->rcvbuf))) {
		fprintf(stderr, "%s: SO_RCVBUF: %s\n", traffic_prog,
			strerror(errno));
		return -1;
	}
	if (setsockopt(r->fd, SOL_ILNP, ILNP_PKTINFO, &one, sizeof(one))) {
		fprintf(stderr, "%s: ILNP_PKTINFO: %s\n", traffic_prog,
			strerror(errno));
		return -1;
	}
	r->log = traffic_log_open(r->opts.log_path);
	return r->log ? 0 : -1;
}

static void find_pktinfo(struct msghdr *msg, struct arrival *a)
{
	struct cmsghdr *cm;

	for (cm = CMSG_FIRSTHDR(msg); cm; cm = CMSG_NXTHDR(msg, cm)) {
		if (cm->cmsg_level != SOL_ILNP ||
		    cm->cmsg_type != ILNP_PKTINFO ||
		    cm->cmsg_len < CMSG_LEN(sizeof(a->pktinfo)))
			continue;
		memcpy(&a->pktinfo, CMSG_DATA(cm), sizeof(a->pktinfo));
		a->have_pktinfo = 1;
	}
}

/* One datagram into @buf; 1 if there was one, 0 if not, -1 on error. */
static int receive(struct receiver *r, unsigned char *buf, struct arrival *a)
{
	union {
		struct cmsghdr align;
		char buf[256];
	} control;
	struct iovec iov = { .iov_base = buf, .iov_len = TRAFFIC_MAX_SIZE };
	struct msghdr msg = {
		.msg_name = &a->peer,
		.msg_namelen = sizeof(a->peer),
		.msg_iov = &iov,
		.msg_iovlen = 1,
		.msg_control = &control,
		.msg_controllen = sizeof(control),
	};

	memset(a, 0, sizeof(*a));
	a->size = recvmsg(r->fd, &msg, MSG_DONTWAIT);
	if (a->size < 0) {
		if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)
			return 0;
		fprintf(stderr, "%s: recvmsg: %s\n", traffic_prog,
			strerror(errno));
		return -1;
	}
	traffic_ns(CLOCK_REALTIME, &a->when);
	find_pktinfo(&msg, a);
	return 1;
}

/* "<time> <seq> <peer I-LV> <peer port> <locator> <size> <hop limit>";
 * "-" for what the datagram did not carry.
 */
static void log_arrival(struct receiver *r, const struct arrival *a,
			const uint64_t *seq)
{
	char peer[ILNP_ILV_STRLEN], loc[ILNP_ID_STRLEN];
	char seq_text[24] = "-", hop[4] = "-";

	if (seq)
		snprintf(seq_text, sizeof(seq_text), "%llu",
			 (unsigned long long)*seq);
	if (a->have_pktinfo) {
		traffic_loc_text(a->pktinfo.ipi_loc, loc);
		snprintf(hop, sizeof(hop), "%u", a->pktinfo.ipi_hop_limit);
	} else {
		strcpy(loc, "-");
	}
	fprintf(r->log, "%lld.%09ld %s %s %u %s %zd %s\n",
		(long long)a->when.tv_sec, a->when.tv_nsec, seq_text,
		traffic_ilv_text(&a->peer.silnp_addr, peer),
		ntohs(a->peer.silnp_port), loc, a->size, hop);
}

static void account(struct receiver *r, const unsigned char *buf,
		    const struct arrival *a)
{
	uint64_t seq, sent_ns;

	r->datagrams++;
	if (a->size < TRAFFIC_HDR_SIZE) {
		r->short_ones++;
		log_arrival(r, a, NULL);
		return;
	}
	traffic_get_header(buf, &seq, &sent_ns);
	seqstat_add(&r->stat, seq);
	log_arrival(r, a, &seq);
}

/* Back to where it came from, locator included; never blocks. */
static void echo_back(struct receiver *r, const unsigned char *buf,
		      const struct arrival *a)
{
	if (sendto(r->fd, buf, a->size, MSG_DONTWAIT,
		   (const struct sockaddr *)&a->peer, sizeof(a->peer)) < 0)
		r->echo_errors++;
}

/* Time left of -d, for ppoll; NULL when there is no limit. */
static struct timespec *time_left(const struct receiver *r, int64_t start,
				  struct timespec *left)
{
	struct timespec now;
	int64_t ns;

	if (!r->opts.duration_ns)
		return NULL;
	ns = start + r->opts.duration_ns - traffic_ns(CLOCK_MONOTONIC, &now);
	if (ns < 0)
		ns = 0;
	left->tv_sec = ns / NSEC_PER_SEC;
	left->tv_nsec = ns % NSEC_PER_SEC;
	return left;
}

static int done(const struct receiver *r, const struct timespec *left)
{
	if (atomic_load(&traffic_stop))
		return 1;
	if (r->opts.count && r->datagrams >= (uint64_t)r->opts.count)
		return 1;
	return left && !left->tv_sec && !left->tv_nsec;
}

/*
 * The stop signals stay blocked except inside ppoll(), which lets them
 * in atomically: one arriving at any moment ends the wait.
 */
static int receive_loop(struct receiver *r)
{
	static unsigned char buf[TRAFFIC_MAX_SIZE];
	struct pollfd pfd = { .fd = r->fd, .events = POLLIN };
	struct timespec ts, *left;
	int64_t start = traffic_ns(CLOCK_MONOTONIC, &ts);
	struct arrival a;
	int ret;

	for (;;) {
		left = time_left(r, start, &ts);
		if (done(r, left))
			return 0;
		ret = ppoll(&pfd, 1, left, &r->unblocked);
		if (ret < 0 && errno != EINTR) {
			fprintf(stderr, "%s: poll: %s\n", traffic_prog,
				strerror(errno));
			return -1;
		}
		if (ret <= 0)
			continue;
		ret = receive(r, buf, &a);
		if (ret < 0)
			return -1;
		if (!ret)
			continue;
		account(r, buf, &a);
		if (r->echo)
			echo_back(r, buf, &a);
	}
}

static void print_summary(const struct receiver *r)
{
	const struct seqstat *s = &r->stat;

	fprintf(stderr,
		"%s: received %llu, lost %llu, duplicated %llu, reordered %llu, short %llu",
		traffic_prog, (unsigned long long)s->received,
		(unsigned long long)seqstat_lost(s),
		(unsigned long long)s->duplicated,
		(unsigned long long)s->reordered,
		(unsigned long long)r->short_ones);
	if (r->echo)
		fprintf(stderr, ", echo errors %llu",
			(unsigned long long)r->echo_errors);
	fputc('\n', stderr);
}

int main(int argc, char **argv)
{
	struct receiver r = { .port = TRAFFIC_DEFAULT_PORT, .fd = -1 };
	int ret = 0;

	parse_options(&r, argc, argv);
	if (traffic_catch_signals(&r.unblocked) || receiver_open(&r))
		return 1;
	if (receive_loop(&r))
		ret = 1;
	if (traffic_log_close(r.log))
		ret = 1;
	print_summary(&r);
	close(r.fd);
	seqstat_free(&r.stat);
	return ret;
}
