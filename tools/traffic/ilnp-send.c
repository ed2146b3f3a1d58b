// SPDX-License-Identifier: GPL-2.0
/*
 * ilnp-send: send numbered, timestamped datagrams at a steady rate over
 * AF_ILNP and log each one, for the mobility experiment (ilnp-recv is the
 * other end).
 *
 * Datagram k is due at start + k * interval on CLOCK_MONOTONIC and the
 * sender sleeps to that absolute time, so the rate never drifts; one
 * that is late goes out at once.  A full send buffer (EAGAIN) delays a
 * datagram by at most a second, waiting for room: a busy machine sends
 * late, not less.  Past that, or for a peer that cannot be reached
 * (EHOSTUNREACH), the failure is logged and counted and the next
 * datagram keeps its schedule.  A failed datagram still uses up its
 * sequence number, so the receiver sees it as lost.
 */
#include <errno.h>
#include <stdbool.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <sys/socket.h>

#include <ilnp/ilv.h>

#include "resolve.h"
#include "traffic.h"

/* 100 datagrams a second, as in the 2021 experiment; at most one a day. */
#define DEFAULT_INTERVAL_NS	(NSEC_PER_SEC / 100)
#define MAX_INTERVAL_NS		(86400 * NSEC_PER_SEC)

const char *traffic_prog = "ilnp-send";

struct sender {
	struct sockaddr_ilnp dest;
	char dest_text[ILNP_ILV_STRLEN];
	unsigned short src_port;	/* 0: ephemeral */
	unsigned int size;
	int hoplimit;			/* 0: the node's default */
	long long interval_ns;		/* 0: as fast as possible */
	int burst;			/* -B: late ones without a pause */
	struct traffic_opts opts;	/* -c, -d, -o */
	FILE *log;
	int fd;
	sigset_t unblocked;
	unsigned char *buf;
	uint64_t sent, errors;
};

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: ilnp-send [-p SRCPORT] [-s SIZE] [-i INTERVAL | -r RATE] [-B]\n"
		"                 [-c COUNT] [-d DURATION] [-t HOPLIMIT] [-o LOGFILE]\n"
		"                 DEST PORT\n"
		"DEST is an I-LV, e.g. 0:0:0:b:ffff:0:0:b (locator 0: the kernel picks),\n"
		"or a hostname learnt by discovery\n");
}

/* -r RATE: datagrams per second, into an interval. */
static long long rate_to_interval(const char *s)
{
	char *end;
	double rate;

	errno = 0;
	rate = strtod(s, &end);
	if (errno || end == s || *end || !(rate > 0 && rate <= 1e9))
		traffic_usage_error(usage, "invalid rate \"%s\"", s);
	return (long long)(NSEC_PER_SEC / rate + 0.5);
}

static void parse_options(struct sender *s, int argc, char **argv)
{
	int have_interval = 0, c;

	while ((c = traffic_getopt(argc, argv, "p:s:i:r:t:B", usage,
				   &s->opts)) != -1) {
		switch (c) {
		case 'p':
			s->src_port = traffic_get_number(usage, "port", optarg,
							 0, 65535);
			break;
		case 's':
			s->size = traffic_get_number(usage, "size", optarg,
						     TRAFFIC_HDR_SIZE,
						     TRAFFIC_MAX_SIZE);
			break;
		case 'i':
		case 'r':
			if (have_interval++)
				traffic_usage_error(usage, "only one -i or -r");
			s->interval_ns = c == 'i' ?
				traffic_get_ns(usage, "interval", optarg) :
				rate_to_interval(optarg);
			if (s->interval_ns > MAX_INTERVAL_NS)
				traffic_usage_error(usage,
						    "interval over a day");
			break;
		case 't':
			s->hoplimit = traffic_get_number(usage, "hop limit",
							 optarg, 1, 255);
			break;
		case 'B':
			s->burst = 1;
			break;
		}
	}
}

/*
 * DEST is an I-LV or a hostname.  A hostname names an identifier: it is
 * resolved once here for its NID, and the locator is left 0 so that the
 * kernel follows the node wherever it moves.  An unknown or malformed
 * DEST is a bad command line (2); a kernel that cannot answer, a
 * failure (1).
 */
static bool dest_is_ilv(const char *text)
{
	unsigned long long loc, nid;

	return !ilnp_ilv_parse(text, &loc, &nid);
}

static void parse_dest(struct sender *s, int argc, char **argv)
{
	unsigned short port;
	int err;

	if (argc - optind != 2)
		traffic_usage_error(usage, "need DEST and PORT");
	port = traffic_get_number(usage, "port", argv[optind + 1], 1, 65535);
	err = ilnp_addr_parse(argv[optind], &s->dest);
	if (err == -EINVAL)
		traffic_usage_error(usage,
				    "DEST \"%s\" is neither an I-LV nor a hostname",
				    argv[optind]);
	if (err == -EAFNOSUPPORT) {
		fprintf(stderr, "%s: %s\n", traffic_prog,
			ilnp_addr_strerror(err));
		exit(1);
	}
	if (err) {
		fprintf(stderr, "%s: %s: %s\n", traffic_prog, argv[optind],
			ilnp_addr_strerror(err));
		exit(err == -ENOENT ? 2 : 1);
	}
	if (!dest_is_ilv(argv[optind]))
		s->dest.silnp_addr.loc = 0;
	s->dest.silnp_port = htons(port);
	traffic_ilv_text(&s->dest.silnp_addr, s->dest_text);
}

static int sender_open(struct sender *s)
{
	s->buf = calloc(1, s->size);
	if (!s->buf) {
		fprintf(stderr, "%s: out of memory\n", traffic_prog);
		return -1;
	}
	s->fd = traffic_socket(s->src_port);
	if (s->fd < 0)
		return -1;
	if (s->hoplimit &&
	    setsockopt(s->fd, SOL_ILNP, ILNP_HOPLIMIT, &s->hoplimit,
		       sizeof(s->hoplimit)) < 0) {
		fprintf(stderr, "%s: ILNP_HOPLIMIT %d: %s\n", traffic_prog,
			s->hoplimit, strerror(errno));
		return -1;
	}
	s->log = traffic_log_open(s->opts.log_path);
	return s->log ? 0 : -1;
}

/* Send datagram @seq now and log it: a failure is data, not an end. */
static void send_one(struct sender *s, uint64_t seq)
{
	struct timespec now;
	int64_t ns = traffic_ns(CLOCK_REALTIME, &now);
	int err = 0;

	traffic_put_header(s->buf, seq, ns);
	if (sendto(s->fd, s->buf, s->size, MSG_DONTWAIT,
		   (struct sockaddr *)&s->dest, sizeof(s->dest)) < 0)
		err = errno;
	if (err == EAGAIN) {
		struct pollfd p = { .fd = s->fd, .events = POLLOUT };

		err = 0;
		if (poll(&p, 1, 1000) != 1 ||
		    sendto(s->fd, s->buf, s->size, MSG_DONTWAIT,
			   (struct sockaddr *)&s->dest, sizeof(s->dest)) < 0)
			err = errno ? errno : EAGAIN;
	}
	if (err)
		s->errors++;
	else
		s->sent++;
	fprintf(s->log, "%lld.%09ld %llu %s %u %s\n", (long long)now.tv_sec,
		now.tv_nsec, (unsigned long long)seq, s->dest_text, s->size,
		err ? traffic_errno_name(err) : "0");
}

/*
 * Sleep until @due (CLOCK_MONOTONIC); -1 if told to stop.  The stop
 * signals are let in only here: a signal that lands between the check
 * and the sleep delays the stop by one interval at most.
 */
static int sleep_until(struct sender *s, const struct timespec *due)
{
	sigset_t blocked;
	int err;

	sigprocmask(SIG_SETMASK, &s->unblocked, &blocked);
	do {
		if (atomic_load(&traffic_stop))
			break;
		err = clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, due,
				      NULL);
	} while (err == EINTR);
	sigprocmask(SIG_SETMASK, &blocked, NULL);
	return atomic_load(&traffic_stop) ? -1 : 0;
}

static struct timespec ns_to_timespec(int64_t ns)
{
	struct timespec ts = {
		.tv_sec = ns / NSEC_PER_SEC,
		.tv_nsec = ns % NSEC_PER_SEC,
	};

	return ts;
}

/* -d: datagrams are due within the duration; unpaced, the clock says. */
static int past_duration(const struct sender *s, int64_t start,
			 int64_t due)
{
	struct timespec now;

	if (!s->opts.duration_ns)
		return 0;
	if (s->interval_ns)
		return due - start >= s->opts.duration_ns;
	return traffic_ns(CLOCK_MONOTONIC, &now) - start >= s->opts.duration_ns;
}

/* -B: behind schedule, a datagram goes without the sleep's three system
 * calls (a paced sender's cost in a TCG guest, where it shares the CPU
 * with what it measures: the rate it can keep), but one in
 * CATCH_UP_CHECK still lets the stop signals in.  Not the default: after
 * a stall the catch-up is a burst, which a starved guest's backlog
 * (netdev_max_backlog) may not hold.
 */
#define CATCH_UP_CHECK	64

static void send_loop(struct sender *s)
{
	struct timespec ts;
	int64_t start = traffic_ns(CLOCK_MONOTONIC, &ts);
	uint64_t seq;
	int64_t due;

	for (seq = 0; !s->opts.count || seq < (uint64_t)s->opts.count; seq++) {
		due = start + (int64_t)seq * s->interval_ns;
		if (past_duration(s, start, due))
			break;
		if (!s->burst || seq % CATCH_UP_CHECK == 0 ||
		    traffic_ns(CLOCK_MONOTONIC, &ts) < due) {
			ts = ns_to_timespec(due);
			if (sleep_until(s, &ts))
				break;
		}
		send_one(s, seq);
	}
}

int main(int argc, char **argv)
{
	struct sender s = {
		.size = TRAFFIC_DEFAULT_SIZE,
		.interval_ns = DEFAULT_INTERVAL_NS,
		.fd = -1,
	};
	int ret = 0;

	parse_options(&s, argc, argv);
	parse_dest(&s, argc, argv);
	if (traffic_catch_signals(&s.unblocked) || sender_open(&s))
		return 1;
	send_loop(&s);
	if (traffic_log_close(s.log))
		ret = 1;
	fprintf(stderr, "%s: sent %llu, errors %llu\n", traffic_prog,
		(unsigned long long)s.sent, (unsigned long long)s.errors);
	close(s.fd);
	free(s.buf);
	return ret;
}
