/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ilnp-send and ilnp-recv: the experiment's traffic over AF_ILNP.  What
 * both share: the payload layout, command line helpers, the log file,
 * signals, and the receiver's sequence statistics (seqstat.c).
 *
 * Payload, every datagram (Documentation/man/ilnp-send.1):
 *
 *	0       8       16            SIZE
 *	+-------+-------+--- ... ---+
 *	|  seq  |  ns   |  zeros    |   both big-endian u64
 *	+-------+-------+--- ... ---+
 *
 * seq counts from 0; ns is the send time, CLOCK_REALTIME in nanoseconds.
 */
#ifndef _ILNP_TRAFFIC_H
#define _ILNP_TRAFFIC_H

#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdnoreturn.h>
#include <time.h>
#include <linux/ilnp.h>

#define TRAFFIC_HDR_SIZE	16
#define TRAFFIC_DEFAULT_SIZE	1392
#define TRAFFIC_MAX_SIZE	65527	/* 65535 minus the STP header */
#define TRAFFIC_DEFAULT_PORT	5001	/* ilnp-recv without -p */

#define NSEC_PER_SEC		1000000000LL

#define ARRAY_SIZE(a)		(sizeof(a) / sizeof((a)[0]))

/* "ilnp-send" or "ilnp-recv": the prefix of every message. */
extern const char *traffic_prog;

/*
 * Set by SIGINT and SIGTERM: finish, flush the log, print the summary.
 * A lock-free atomic, which C11 lets a signal handler write.
 */
extern atomic_int traffic_stop;

void traffic_put_header(unsigned char *buf, uint64_t seq, uint64_t ns);
void traffic_get_header(const unsigned char *buf, uint64_t *seq,
			uint64_t *ns);

noreturn void traffic_usage_error(void (*usage)(FILE *f), const char *fmt,
				  ...);

/* The options both take: -c COUNT, -d DURATION, -o LOGFILE and -h. */
struct traffic_opts {
	long long count;		/* 0: no limit */
	long long duration_ns;		/* 0: no limit */
	const char *log_path;
};

int traffic_getopt(int argc, char **argv, const char *own,
		   void (*usage)(FILE *f), struct traffic_opts *o);
long long traffic_get_number(void (*usage)(FILE *f), const char *what,
			     const char *s, long long min, long long max);
long long traffic_get_ns(void (*usage)(FILE *f), const char *what,
			 const char *s);

int traffic_catch_signals(sigset_t *unblocked);
int64_t traffic_ns(clockid_t clock, struct timespec *ts);
const char *traffic_errno_name(int err);
const char *traffic_ilv_text(const struct ilnp_ilv *ilv, char *buf);
const char *traffic_loc_text(__be64 loc, char *buf);

FILE *traffic_log_open(const char *path);
int traffic_log_close(FILE *log);

int traffic_socket(unsigned short port);

/*
 * Receive statistics of one stream of sequence numbers.  Duplicates are
 * told apart from late datagrams within a window of SEQSTAT_WINDOW
 * numbers below the highest seen; a datagram older than that is counted
 * as reordered, not duplicated.
 */
#define SEQSTAT_WINDOW	1048576u	/* 2^20 */

struct seqstat {
	uint64_t max;		/* highest seq seen, valid once received */
	uint64_t received;	/* datagrams, duplicates included */
	uint64_t unique;	/* distinct seqs */
	uint64_t duplicated;
	uint64_t reordered;	/* below max, not a duplicate */
	unsigned char *seen;	/* bit (seq % SEQSTAT_WINDOW) */
};

int seqstat_init(struct seqstat *s);
void seqstat_free(struct seqstat *s);
void seqstat_add(struct seqstat *s, uint64_t seq);
uint64_t seqstat_lost(const struct seqstat *s);

#endif /* _ILNP_TRAFFIC_H */
