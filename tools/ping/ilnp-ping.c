// SPDX-License-Identifier: GPL-2.0
/*
 * ilnp-ping: ICMP echo over the ilnp overlay, in the words of iputils
 * ping.
 *
 * The kernel sends each request (ILNP_CMD_ECHO_SEND) and reports every
 * reply with our echo id as an ILNP_CMD_ECHO_REPLY message to the socket
 * that sent it (by unicast: no other user hears it); replies are timed
 * here, from the send time of their sequence number.  They may arrive
 * while a request waits for its ack, so both loops hand them on.
 */
#include <endian.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdnoreturn.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/signalfd.h>
#include <linux/genetlink.h>

#include <ilnp/ilv.h>

#include "nl.h"
#include "resolve.h"

#define DEFAULT_SIZE	56
#define MAX_SIZE	1400
#define MIN_INTERVAL	0.01	/* seconds */
#define ICMP_HDR_LEN	8
#define SEQ_SPACE	65536

struct ping {
	struct nl *nl;		/* requests, their acks, the replies */
	int sigfd;
	unsigned long long loc, nid;
	const char *dest_arg;	/* as given: an I-LV or a hostname */
	const char *name;	/* the hostname, NULL for an I-LV */
	char dest[ILNP_ILV_STRLEN];
	__u16 id;
	long count;		/* 0: until SIGINT */
	double interval;	/* ms */
	double timeout;		/* ms */
	unsigned int hoplimit;	/* 0: the node's default */
	unsigned long long src_loc;	/* -I: our locator; 0: the route's */
	unsigned int size;
	double deadline;	/* ms, -w; 0: none */
	int quiet;		/* -q: the summary only */
	int timestamps;		/* -D */
	int outstanding;	/* -O */
	long transmitted, received, repeats, errors;
	double tmin, tmax, tsum, tsum2;
	double start, last_send;
	double sent_at[SEQ_SPACE];	/* ms, 0 when not outstanding */
	unsigned char seen[SEQ_SPACE];
};

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: ilnp-ping [-DOqV] [-c count] [-i interval] [-s size]\n"
		"                 [-W timeout] [-w deadline] [-t hoplimit]\n"
		"                 [-I locator] [-n NETNS] DEST\n"
		"DEST is an I-LV, e.g. 0:0:0:b:ffff:0:0:b, or a hostname\n");
}

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

static noreturn void bad_arg(const char *what, const char *arg)
{
	fprintf(stderr, "ilnp-ping: invalid %s \"%s\"\n", what, arg);
	exit(2);
}

static long get_long(const char *what, const char *s, long min, long max)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < min || v > max)
		bad_arg(what, s);
	return v;
}

/* Seconds as a decimal fraction ("0.2"), returned in ms. */
static double get_seconds(const char *what, const char *s)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (errno || end == s || *end || !isfinite(v) || v < 0 ||
	    v > 86400 * 365)
		bad_arg(what, s);
	return v * 1000;
}

static void parse_args(struct ping *p, int argc, char **argv,
		       const char **netns)
{
	int c;

	opterr = 0;
	while ((c = getopt(argc, argv, ":c:i:s:W:w:t:I:n:qDOVh")) != -1) {
		switch (c) {
		case 'q':
			p->quiet = 1;
			break;
		case 'D':
			p->timestamps = 1;
			break;
		case 'O':
			p->outstanding = 1;
			break;
		case 'V':
			printf("ilnp-ping, ilnp %s\n", ILNP_VERSION);
			exit(0);
		case 'w':
			p->deadline = get_seconds("deadline", optarg);
			if (!p->deadline)
				bad_arg("deadline", optarg);
			break;
		case 'c':
			p->count = get_long("count", optarg, 1, LONG_MAX);
			break;
		case 'i':
			p->interval = get_seconds("interval", optarg);
			if (p->interval < MIN_INTERVAL * 1000) {
				fprintf(stderr,
					"ilnp-ping: interval %s is below the minimum of %g s\n",
					optarg, MIN_INTERVAL);
				exit(2);
			}
			break;
		case 's':
			p->size = get_long("size", optarg, 0, MAX_SIZE);
			break;
		case 'W':
			p->timeout = get_seconds("timeout", optarg);
			if (!p->timeout)
				bad_arg("timeout", optarg);
			break;
		case 't':
			p->hoplimit = get_long("hop limit", optarg, 1, 255);
			break;
		case 'I':
			if (ilnp_id_parse(optarg, &p->src_loc) || !p->src_loc)
				bad_arg("locator", optarg);
			break;
		case 'n':
			*netns = optarg;
			break;
		case 'h':
			usage(stdout);
			exit(0);
		case ':':
			fprintf(stderr, "ilnp-ping: option -%c needs a value\n",
				optopt);
			usage(stderr);
			exit(2);
		default:
			fprintf(stderr, "ilnp-ping: invalid option -%c\n",
				optopt);
			usage(stderr);
			exit(2);
		}
	}
}

static void parse_dest(struct ping *p, int argc, char **argv)
{
	if (argc == optind) {
		fprintf(stderr, "ilnp-ping: DEST is missing\n");
		usage(stderr);
		exit(2);
	}
	if (argc - optind > 1) {
		fprintf(stderr, "ilnp-ping: extra argument \"%s\"\n",
			argv[optind + 1]);
		usage(stderr);
		exit(2);
	}
	p->dest_arg = argv[optind];
}

/* DEST into an I-LV; a hostname asks the node's neighbour table, so
 * this runs in the network namespace of -n.
 */
static int resolve_dest(struct ping *p)
{
	struct sockaddr_ilnp sa;
	int err;

	if (!ilnp_ilv_parse(p->dest_arg, &p->loc, &p->nid)) {
		ilnp_ilv_format(p->dest, sizeof(p->dest), p->loc, p->nid);
		return 0;
	}
	err = ilnp_addr_parse(p->dest_arg, &sa);
	if (err == -EAFNOSUPPORT) {
		fprintf(stderr, "ilnp-ping: %s\n", ilnp_addr_strerror(err));
		return -1;
	}
	if (err) {
		fprintf(stderr, "ilnp-ping: %s: %s\n", p->dest_arg,
			ilnp_addr_strerror(err));
		return -1;
	}
	p->name = p->dest_arg;
	p->loc = be64toh(sa.silnp_addr.loc);
	p->nid = be64toh(sa.silnp_addr.nid);
	ilnp_ilv_format(p->dest, sizeof(p->dest), p->loc, p->nid);
	return 0;
}

/* One socket on the "ilnp" family: the kernel answers the one that asks. */
static int ping_open(struct ping *p)
{
	p->nl = nl_open_ilnp();
	return p->nl ? 0 : -1;
}

/* SIGINT ends the run with the summary; a signalfd in the poll() set
 * sees it, so nothing is done in signal context.
 */
static int ping_signals(struct ping *p)
{
	sigset_t mask;

	sigemptyset(&mask);
	sigaddset(&mask, SIGINT);
	if (sigprocmask(SIG_BLOCK, &mask, NULL) < 0)
		return -1;
	p->sigfd = signalfd(-1, &mask, SFD_CLOEXEC);
	if (p->sigfd < 0) {
		fprintf(stderr, "ilnp-ping: signalfd: %s\n", strerror(errno));
		return -1;
	}
	return 0;
}

/* Errors that every later request would meet as well. */
static int send_error_fatal(int err)
{
	switch (-err) {
	case EPERM:
	case EACCES:
	case EINVAL:
	case EOPNOTSUPP:
	case EMSGSIZE:
	case ERANGE:
		return 1;
	}
	return 0;
}

static void print_ms(double ms)
{
	if (ms >= 100)
		printf("%.0f", ms);
	else if (ms >= 10)
		printf("%.1f", ms);
	else if (ms >= 1)
		printf("%.2f", ms);
	else
		printf("%.3f", ms);
}

static void ping_account(struct ping *p, double rtt, int dup)
{
	if (dup)
		p->repeats++;
	else
		p->received++;
	if (p->received + p->repeats == 1 || rtt < p->tmin)
		p->tmin = rtt;
	if (rtt > p->tmax)
		p->tmax = rtt;
	p->tsum += rtt;
	p->tsum2 += rtt * rtt;
}

/* -D: "[seconds.microseconds] " of the wall clock, as ping -D. */
static void print_timestamp(const struct ping *p)
{
	struct timespec ts;

	if (!p->timestamps)
		return;
	clock_gettime(CLOCK_REALTIME, &ts);
	printf("[%lld.%06ld] ", (long long)ts.tv_sec, ts.tv_nsec / 1000);
}

static void ping_print_reply(struct ping *p, const struct nlattr **tb,
			     __u16 seq, double rtt, int dup)
{
	unsigned long long loc = p->loc, nid = p->nid;
	unsigned int len = p->size;
	char src[ILNP_ILV_STRLEN];

	if (tb[ILNP_A_ECHO_SRC_LOC])
		loc = mnl_attr_get_u64(tb[ILNP_A_ECHO_SRC_LOC]);
	if (tb[ILNP_A_ECHO_SRC_NID])
		nid = mnl_attr_get_u64(tb[ILNP_A_ECHO_SRC_NID]);
	if (tb[ILNP_A_ECHO_PAYLOAD_LEN])
		len = mnl_attr_get_u16(tb[ILNP_A_ECHO_PAYLOAD_LEN]);
	if (p->quiet)
		return;
	ilnp_ilv_format(src, sizeof(src), loc, nid);
	print_timestamp(p);
	printf("%u bytes from %s: icmp_seq=%u", ICMP_HDR_LEN + len, src, seq);
	if (tb[ILNP_A_ECHO_HOP_LIMIT])
		printf(" hlim=%u", mnl_attr_get_u8(tb[ILNP_A_ECHO_HOP_LIMIT]));
	printf(" time=");
	print_ms(rtt);
	printf(" ms%s\n", dup ? " (DUP!)" : "");
}

static int reply_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct genlmsghdr *genl = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *tb[ILNP_A_ECHO_MAX + 1];
	struct ping *p = data;
	double rtt;
	__u16 seq;
	int dup;

	if (nlh->nlmsg_type != p->nl->family ||
	    mnl_nlmsg_get_payload_len(nlh) < sizeof(*genl) ||
	    genl->cmd != ILNP_CMD_ECHO_REPLY)
		return MNL_CB_OK;
	nl_parse(nlh, ILNP_A_ECHO, tb);
	if (!tb[ILNP_A_ECHO_ID] || !tb[ILNP_A_ECHO_SEQ] ||
	    mnl_attr_get_u16(tb[ILNP_A_ECHO_ID]) != p->id)
		return MNL_CB_OK;
	seq = mnl_attr_get_u16(tb[ILNP_A_ECHO_SEQ]);
	if (!p->sent_at[seq])
		return MNL_CB_OK;	/* never sent, or its send failed */
	rtt = now_ms() - p->sent_at[seq];
	if (rtt > p->timeout)
		return MNL_CB_OK;	/* too late: counted as lost */
	dup = p->seen[seq];
	p->seen[seq] = 1;
	ping_account(p, rtt, dup);
	ping_print_reply(p, tb, seq, rtt, dup);
	return MNL_CB_OK;
}

static void ping_send_msg(struct ping *p, __u16 seq)
{
	struct nlmsghdr *nlh;
	struct nlattr *nest;

	nlh = nl_genl_req(p->nl, ILNP_CMD_ECHO_SEND,
			  NLM_F_REQUEST | NLM_F_ACK);
	nest = mnl_attr_nest_start(nlh, ILNP_A_ECHO);
	mnl_attr_put_u64(nlh, ILNP_A_ECHO_DST_LOC, p->loc);
	mnl_attr_put_u64(nlh, ILNP_A_ECHO_DST_NID, p->nid);
	mnl_attr_put_u16(nlh, ILNP_A_ECHO_ID, p->id);
	mnl_attr_put_u16(nlh, ILNP_A_ECHO_SEQ, seq);
	if (p->hoplimit)
		mnl_attr_put_u8(nlh, ILNP_A_ECHO_HOP_LIMIT, p->hoplimit);
	if (p->src_loc)
		mnl_attr_put_u64(nlh, ILNP_A_ECHO_OUT_LOC, p->src_loc);
	mnl_attr_put_u16(nlh, ILNP_A_ECHO_PAYLOAD_LEN, p->size);
	mnl_attr_nest_end(nlh, nest);
}

/* One request.  Returns -1 on an error no later request would escape. */
static int ping_send(struct ping *p)
{
	__u16 seq = p->transmitted + 1, prev = p->transmitted;
	int err;

	/* -O: the previous request is still unanswered (as ping -O). */
	if (p->outstanding && p->transmitted && p->sent_at[prev] &&
	    !p->seen[prev]) {
		print_timestamp(p);
		printf("no answer yet for icmp_seq=%u\n", prev);
	}

	ping_send_msg(p, seq);
	p->last_send = now_ms();
	p->sent_at[seq] = p->last_send;
	p->seen[seq] = 0;
	p->transmitted++;
	err = nl_talk(p->nl, reply_cb, p);
	if (!err)
		return 0;
	p->sent_at[seq] = 0;
	p->errors++;
	if (p->nl->errmsg[0])
		fprintf(stderr, "ilnp-ping: sendmsg: %s (%s)\n",
			strerror(-err), p->nl->errmsg);
	else
		fprintf(stderr, "ilnp-ping: sendmsg: %s\n", strerror(-err));
	return send_error_fatal(err) ? -1 : 0;
}

/* With -c: every request has its reply or its error. */
static int ping_done(const struct ping *p)
{
	return p->count && p->received + p->errors >= p->count;
}

/* -w: the run ends at start + deadline, whatever is still to come. */
static double ping_end(const struct ping *p)
{
	return p->deadline ? p->start + p->deadline : HUGE_VAL;
}

/* Wait for replies until @until (ms).  Returns 1 on SIGINT, 0 when the
 * time is up or every reply is in, -1 on a socket error.
 */
static int ping_wait(struct ping *p, double until)
{
	struct pollfd pfd[2] = {
		{ .fd = nl_fd(p->nl), .events = POLLIN },
		{ .fd = p->sigfd, .events = POLLIN },
	};
	double left;
	int err;

	while ((left = until - now_ms()) > 0) {
		if (poll(pfd, 2, left > INT_MAX ? INT_MAX : (int)ceil(left)) < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (pfd[1].revents)
			return 1;
		if (!pfd[0].revents)
			continue;
		err = nl_recv(p->nl, reply_cb, p);
		/* An overrun loses events, not the run: go on. */
		if (err && err != -ENOBUFS) {
			fprintf(stderr, "ilnp-ping: recvmsg: %s\n",
				strerror(-err));
			return -1;
		}
		if (ping_done(p))
			return 0;
	}
	return 0;
}

/* Returns -1 on a fatal error, else 0 (count reached, or SIGINT). */
static int ping_loop(struct ping *p)
{
	double next = now_ms();
	int ret;

	p->start = next;
	for (;;) {
		if (now_ms() >= ping_end(p))
			return 0;
		if (!p->count || p->transmitted < p->count) {
			if (ping_send(p) < 0)
				return -1;
			next += p->interval;
			if (next < now_ms())
				next = now_ms();
		}
		if (ping_done(p))
			return 0;
		/* The last wait: its timeout, or with -w the deadline. */
		if (p->count && p->transmitted >= p->count)
			next = p->deadline ? ping_end(p) :
			       p->last_send + p->timeout;
		if (next > ping_end(p))
			next = ping_end(p);
		ret = ping_wait(p, next);
		if (ret)
			return ret < 0 ? -1 : 0;
		if (p->count && p->transmitted >= p->count)
			return 0;	/* the last wait is over */
	}
}

static void ping_summary(const struct ping *p)
{
	long n = p->received + p->repeats;
	double avg, mdev;

	printf("\n--- %s ping statistics ---\n", p->name ? p->name : p->dest);
	printf("%ld packets transmitted, %ld received", p->transmitted,
	       p->received);
	if (p->repeats)
		printf(", +%ld duplicates", p->repeats);
	if (p->errors)
		printf(", +%ld errors", p->errors);
	if (p->transmitted)
		printf(", %g%% packet loss", (p->transmitted - p->received) *
		       100.0 / p->transmitted);
	printf(", time %.0fms\n", now_ms() - p->start);
	if (!n)
		return;
	avg = p->tsum / n;
	mdev = p->tsum2 / n - avg * avg;
	mdev = mdev > 0 ? sqrt(mdev) : 0;
	printf("rtt min/avg/max/mdev = %.3f/%.3f/%.3f/%.3f ms\n", p->tmin,
	       avg, p->tmax, mdev);
}

int main(int argc, char **argv)
{
	const char *netns = NULL;
	struct ping *p;
	int ret;

	nl_errpfx = "ilnp-ping: ";
	p = calloc(1, sizeof(*p));
	if (!p) {
		fputs("ilnp-ping: out of memory\n", stderr);
		return 2;
	}
	p->interval = 1000;
	p->timeout = 2000;
	p->size = DEFAULT_SIZE;
	p->id = getpid() & 0xffff;
	parse_args(p, argc, argv, &netns);
	parse_dest(p, argc, argv);
	ret = 2;
	if (netns && nl_netns_enter(netns))
		goto out;
	if (resolve_dest(p) < 0 || ping_signals(p) < 0 || ping_open(p) < 0)
		goto out;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (p->name)
		printf("PING %s (%s) %u data bytes\n", p->name, p->dest,
		       p->size);
	else
		printf("PING %s %u data bytes\n", p->dest, p->size);
	ret = ping_loop(p);
	ping_summary(p);
	if (ret < 0 || (p->transmitted && p->errors == p->transmitted))
		ret = 2;
	else if (p->deadline && p->count && p->received < p->count)
		ret = 1;	/* -w with -c: all of count, in time */
	else
		ret = p->received ? 0 : 1;
out:
	nl_close(p->nl);
	free(p);
	return ret;
}
