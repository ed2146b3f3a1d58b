// SPDX-License-Identifier: GPL-2.0
/*
 * What ilnp-send and ilnp-recv share: payload header, command line
 * numbers, signals, clocks, text forms, the log file and the socket.
 */
#include <assert.h>
#include <endian.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <sys/socket.h>

#include <ilnp/ilv.h>

#include "traffic.h"

/* Big enough that a busy log reaches the disk in large writes. */
#define LOG_BUFFER_SIZE	(256 * 1024)
/* Any more and nanoseconds would not fit an int64. */
#define MAX_SECONDS	1000000000.0

atomic_int traffic_stop;
static_assert(ATOMIC_INT_LOCK_FREE == 2, "a signal handler needs it");

void traffic_put_header(unsigned char *buf, uint64_t seq, uint64_t ns)
{
	uint64_t be_seq = htobe64(seq), be_ns = htobe64(ns);

	memcpy(buf, &be_seq, 8);
	memcpy(buf + 8, &be_ns, 8);
}

void traffic_get_header(const unsigned char *buf, uint64_t *seq,
			uint64_t *ns)
{
	uint64_t be_seq, be_ns;

	memcpy(&be_seq, buf, 8);
	memcpy(&be_ns, buf + 8, 8);
	*seq = be64toh(be_seq);
	*ns = be64toh(be_ns);
}

noreturn void traffic_usage_error(void (*usage)(FILE *f), const char *fmt,
				  ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", traffic_prog);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	usage(stderr);
	exit(2);
}

/* A decimal integer in @min..@max, or exit with "invalid WHAT". */
long long traffic_get_number(void (*usage)(FILE *f), const char *what,
			     const char *s, long long min, long long max)
{
	char *end;
	long long v;

	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno || end == s || *end || v < min || v > max)
		traffic_usage_error(usage, "invalid %s \"%s\"", what, s);
	return v;
}

/* Seconds as a decimal fraction ("0.01"), returned in nanoseconds. */
long long traffic_get_ns(void (*usage)(FILE *f), const char *what,
			 const char *s)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (errno || end == s || *end || !isfinite(v) || v < 0 ||
	    v > MAX_SECONDS)
		traffic_usage_error(usage, "invalid %s \"%s\"", what, s);
	return llround(v * NSEC_PER_SEC);
}

/*
 * getopt() over the tool's own option letters @own (getopt syntax) and
 * the common ones, which it handles into @o: -h prints @usage and exits
 * 0; an unknown option or one without its value is a usage error.
 * Returns each of the tool's own options for it to handle, -1 at the
 * end.
 */
int traffic_getopt(int argc, char **argv, const char *own,
		   void (*usage)(FILE *f), struct traffic_opts *o)
{
	char optstring[64];
	int c;

	snprintf(optstring, sizeof(optstring), ":%sc:d:o:h", own);
	opterr = 0;
	while ((c = getopt(argc, argv, optstring)) != -1) {
		switch (c) {
		case 'c':
			o->count = traffic_get_number(usage, "count", optarg,
						      1, LLONG_MAX);
			break;
		case 'd':
			o->duration_ns = traffic_get_ns(usage, "duration",
							optarg);
			if (!o->duration_ns)
				traffic_usage_error(usage,
						    "invalid duration \"%s\"",
						    optarg);
			break;
		case 'o':
			o->log_path = optarg;
			break;
		case 'h':
			usage(stdout);
			exit(0);
		case ':':
			traffic_usage_error(usage, "option -%c needs a value",
					    optopt);
		case '?':
			traffic_usage_error(usage, "invalid option -%c",
					    optopt);
		default:
			return c;
		}
	}
	return -1;
}

static void on_stop_signal(int sig)
{
	(void)sig;
	atomic_store(&traffic_stop, 1);
}

/*
 * SIGINT and SIGTERM set traffic_stop.  No SA_RESTART: a blocked call
 * returns EINTR and the loop sees the flag.  Both signals are blocked
 * from here on; @unblocked is the mask to wait with (ppoll), so a signal
 * can arrive only while waiting and is never missed.
 */
int traffic_catch_signals(sigset_t *unblocked)
{
	struct sigaction sa;
	sigset_t stop;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_stop_signal;
	sigemptyset(&sa.sa_mask);
	sigemptyset(&stop);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGTERM);
	if (sigaction(SIGINT, &sa, NULL) || sigaction(SIGTERM, &sa, NULL) ||
	    sigprocmask(SIG_BLOCK, &stop, unblocked)) {
		fprintf(stderr, "%s: cannot catch signals: %s\n", traffic_prog,
			strerror(errno));
		return -1;
	}
	sigdelset(unblocked, SIGINT);
	sigdelset(unblocked, SIGTERM);
	return 0;
}

/* @clock now, into @ts and returned in nanoseconds. */
int64_t traffic_ns(clockid_t clock, struct timespec *ts)
{
	clock_gettime(clock, ts);
	return (int64_t)ts->tv_sec * NSEC_PER_SEC + ts->tv_nsec;
}

/* The symbolic name of the errors a send can meet, for the log. */
const char *traffic_errno_name(int err)
{
	static const struct {
		int err;
		const char *name;
	} names[] = {
		{ EAGAIN, "EAGAIN" },
		{ EHOSTUNREACH, "EHOSTUNREACH" },
		{ ENETUNREACH, "ENETUNREACH" },
		{ ENETDOWN, "ENETDOWN" },
		{ EMSGSIZE, "EMSGSIZE" },
		{ ENOBUFS, "ENOBUFS" },
		{ ENOMEM, "ENOMEM" },
		{ EINVAL, "EINVAL" },
		{ EPIPE, "EPIPE" },
		{ EPERM, "EPERM" },
		{ EACCES, "EACCES" },
		{ EADDRNOTAVAIL, "EADDRNOTAVAIL" },
		{ EAFNOSUPPORT, "EAFNOSUPPORT" },
		{ ECONNREFUSED, "ECONNREFUSED" },
		{ EDESTADDRREQ, "EDESTADDRREQ" },
		{ EOPNOTSUPP, "EOPNOTSUPP" },
		{ EINTR, "EINTR" },
		{ EIO, "EIO" },
	};
	static char unknown[sizeof("errno-2147483648")];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(names); i++)
		if (names[i].err == err)
			return names[i].name;
	snprintf(unknown, sizeof(unknown), "errno%d", err);
	return unknown;
}

/* The canonical text form, all eight groups; @buf has ILNP_ILV_STRLEN. */
const char *traffic_ilv_text(const struct ilnp_ilv *ilv, char *buf)
{
	ilnp_ilv_format(buf, ILNP_ILV_STRLEN, be64toh(ilv->loc),
			be64toh(ilv->nid));
	return buf;
}

/* A locator, four groups; @buf has ILNP_ID_STRLEN bytes. */
const char *traffic_loc_text(__be64 loc, char *buf)
{
	ilnp_id_format(buf, ILNP_ID_STRLEN, be64toh(loc));
	return buf;
}

/*
 * The log: @path, or standard output for NULL or "-".  Fully buffered,
 * even on a pipe, so that logging costs few writes (the 2021 prototype
 * stalled on its log); a terminal stays line buffered for people.
 */
FILE *traffic_log_open(const char *path)
{
	FILE *log = stdout;

	if (path && strcmp(path, "-")) {
		log = fopen(path, "w");
		if (!log) {
			fprintf(stderr, "%s: cannot open %s: %s\n",
				traffic_prog, path, strerror(errno));
			return NULL;
		}
	}
	if (!isatty(fileno(log)))
		setvbuf(log, NULL, _IOFBF, LOG_BUFFER_SIZE);
	return log;
}

/* Flush and close the log; -1 if any of it could not be written. */
int traffic_log_close(FILE *log)
{
	int err = ferror(log);

	if (fclose(log) || err) {
		fprintf(stderr, "%s: writing the log failed\n", traffic_prog);
		return -1;
	}
	return 0;
}

/* An AF_ILNP datagram socket bound to @port (0: ephemeral) on every
 * locator of the node.
 */
int traffic_socket(unsigned short port)
{
	struct sockaddr_ilnp addr;
	int fd;

	fd = socket(AF_ILNP, SOCK_DGRAM, 0);
	if (fd < 0) {
		fprintf(stderr, "%s: socket(AF_ILNP): %s%s\n", traffic_prog,
			strerror(errno), errno == EAFNOSUPPORT ?
			" (is the ilnp module loaded?)" : "");
		return -1;
	}
	memset(&addr, 0, sizeof(addr));
	addr.silnp_family = AF_ILNP;
	addr.silnp_port = htons(port);
	if (bind(fd, (struct sockaddr *)&addr, sizeof(addr)) < 0) {
		fprintf(stderr, "%s: bind to port %u: %s\n", traffic_prog,
			port, strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}
