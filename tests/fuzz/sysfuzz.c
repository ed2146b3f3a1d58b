// SPDX-License-Identifier: GPL-2.0
/*
 * sysfuzz: random AF_ILNP socket calls from several threads at once.
 *
 *   sysfuzz SEED CALLS THREADS ID...
 *
 * Each thread makes CALLS / THREADS calls on a table of sockets that
 * all threads share (so one closes what another is sending on): socket
 * (odd types and protocols too), bind, connect (and AF_UNSPEC
 * disconnect), sendmsg with odd control messages, flags, lengths and
 * address lengths, recvmsg with MSG_PEEK | MSG_TRUNC and small or no
 * buffers, setsockopt and getsockopt with bad lengths, ioctl, poll,
 * shutdown, getsockname/getpeername, close.  Addresses are built from
 * the IDs given (locators and NIDs, "0:0:0:a" forms: the node's own, a
 * peer's) and from boundary and random values.  Nothing blocks: every
 * socket gets a 5 ms receive/send timeout and calls pass MSG_DONTWAIT.
 *
 * Thread T of seed S draws from its own generator (S, T): with one
 * thread a run is replayable; with several the interleaving is not.
 * SYSFUZZ_SECONDS in the environment stops it after that long.
 * Prints "sysfuzz: seed S: N calls in T s" and the count of each
 * errno seen; exits 0 unless the program itself fails.  The kernel is
 * judged by its log, and by what the test script checks after.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <endian.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>
#include <linux/ilnp.h>
#include <linux/sockios.h>

#define NSOCK		24
#define MAX_IDS		16
#define BUF_SIZE	(72 * 1024)
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

static atomic_int socks[NSOCK];
static __u64 ids[MAX_IDS];
static int nids;
static atomic_ulong errs[200];
static atomic_ulong calls;
static double deadline;		/* SYSFUZZ_SECONDS: stop then, if set */

struct rng {
	__u64 s;
};

static __u64 next(struct rng *r)
{
	/* splitmix64: small, good enough, the same everywhere. */
	__u64 z = (r->s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static unsigned int below(struct rng *r, unsigned int n)
{
	return n ? next(r) % n : 0;
}

static int chance(struct rng *r, unsigned int percent)
{
	return below(r, 100) < percent;
}

static const __u64 odd64[] = { 0, 1, 0xff02000000000001ULL,
	0x8000000000000000ULL, ~0ULL };
static const unsigned int odd_len[] = { 0, 1, 7, 8, 9, 1024, 1392, 1400,
	1500, 9000, 65507, 65527, 65528, 65535, 65536, 70000 };

static __u64 pick_id(struct rng *r)
{
	if (nids && chance(r, 75))
		return ids[below(r, nids)];
	if (chance(r, 50))
		return odd64[below(r, ARRAY_SIZE(odd64))];
	return next(r);
}

static unsigned short pick_port(struct rng *r)
{
	switch (below(r, 5)) {
	case 0:
		return 0;
	case 1:
		return 7000 + below(r, 4);
	case 2:
		return ILNP_PORT_EPHEMERAL_MIN + below(r, 8);
	case 3:
		return 0xffff;
	default:
		return next(r);
	}
}

/* An address for bind, connect or sendto; *len its (odd) length. */
static void pick_addr(struct rng *r, struct sockaddr_storage *ss,
		      socklen_t *len)
{
	struct sockaddr_ilnp *sa = (struct sockaddr_ilnp *)ss;

	memset(ss, 0, sizeof(*ss));
	sa->silnp_family = chance(r, 90) ? AF_ILNP :
			   (chance(r, 50) ? AF_UNSPEC : below(r, 64));
	sa->silnp_port = htons(pick_port(r));
	sa->silnp_flags = chance(r, 90) ? 0 : next(r);
	sa->silnp_addr.loc = chance(r, 30) ? 0 : htobe64(pick_id(r));
	sa->silnp_addr.nid = htobe64(pick_id(r));
	*len = sizeof(*sa);
	if (chance(r, 10)) {
		static const socklen_t lens[] = { 0, 1, 2, 4, 8, 23, 25,
						  sizeof(*ss) };
		*len = lens[below(r, ARRAY_SIZE(lens))];
	}
}

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec + t.tv_nsec / 1e9;
}

static void count(int ret)
{
	int e = ret < 0 ? errno : 0;

	atomic_fetch_add(&errs[e < 200 ? e : 199], 1);
	atomic_fetch_add(&calls, 1);
}

/*
 * CALL(name, expr): run and count a call.  One that takes over a second
 * although nothing here should block is printed: a wait in the kernel
 * (a timeout ignored, a lock held long) is a finding too.
 */
#define CALL(name, expr) do {						\
	double t_ = now();						\
	int r_ = (expr);						\
	double d_ = now() - t_;						\
									\
	count(r_);							\
	if (d_ > 1)							\
		printf("sysfuzz: slow %s: %.0f ms (%d, %s)\n", name,	\
		       d_ * 1000, r_, r_ < 0 ? strerror(errno) : "ok");	\
} while (0)

/* A socket of the table: a live one if there is (a closed slot, -1,
 * sometimes: EBADF is a path too).
 */
static int pick_fd(struct rng *r)
{
	int i, fd;

	for (i = 0; i < 4; i++) {
		fd = atomic_load(&socks[below(r, NSOCK)]);
		if (fd >= 0)
			break;
	}
	return fd;
}

static void do_socket(struct rng *r)
{
	static const int types[] = { SOCK_DGRAM, SOCK_DGRAM, SOCK_DGRAM,
		SOCK_STREAM, SOCK_RAW, SOCK_SEQPACKET, 0, 11 };
	int type = types[below(r, ARRAY_SIZE(types))];
	int proto = chance(r, 85) ? 0 : (chance(r, 50) ? 17 : (int)next(r));
	struct timeval tv = { .tv_usec = 5000 };
	int slot = below(r, NSOCK), fd, old;

	if (chance(r, 30))
		type |= SOCK_NONBLOCK;
	if (chance(r, 10))
		type |= SOCK_CLOEXEC;
	fd = socket(AF_ILNP, type, proto);
	count(fd);
	if (fd < 0)
		return;
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	old = atomic_exchange(&socks[slot], fd);
	if (old > 0)
		close(old);
}

static void do_close(struct rng *r)
{
	int old = atomic_exchange(&socks[below(r, NSOCK)], -1);

	if (old > 0)
		CALL("close", close(old));
}

/* Control messages: ours with good and bad lengths, others, garbage. */
static size_t fill_cmsgs(struct rng *r, char *buf, size_t size)
{
	size_t used = 0;
	int n = below(r, 4);

	while (n-- > 0 && used + CMSG_SPACE(16) <= size) {
		struct cmsghdr *c = (struct cmsghdr *)(buf + used);
		unsigned int dlen = chance(r, 60) ? sizeof(int) :
				    below(r, 17);

		memset(c, 0, CMSG_SPACE(16));
		c->cmsg_level = chance(r, 70) ? SOL_ILNP :
				(chance(r, 50) ? SOL_SOCKET : (int)next(r));
		c->cmsg_type = chance(r, 80) ? 1 + (int)below(r, 3) : (int)next(r);
		c->cmsg_len = CMSG_LEN(dlen);
		if (chance(r, 5))
			c->cmsg_len = below(r, 64);
		*(int *)CMSG_DATA(c) = chance(r, 50) ? (int)below(r, 300) - 2 :
				       (int)next(r);
		used += CMSG_SPACE(dlen);
	}
	if (chance(r, 5))	/* not a multiple of the alignment */
		used += below(r, 7);
	return used > size ? size : used;
}

static void do_sendmsg(struct rng *r, char *buf)
{
	struct sockaddr_storage ss;
	char cbuf[256];
	struct iovec iov[3];
	struct msghdr m = { 0 };
	socklen_t alen;
	unsigned int i, total = 0;
	int flags = MSG_DONTWAIT;

	m.msg_iovlen = chance(r, 80) ? 1 : below(r, 4);
	for (i = 0; i < m.msg_iovlen; i++) {
		iov[i].iov_base = buf;
		iov[i].iov_len = chance(r, 70) ? below(r, 1500) :
				 odd_len[below(r, ARRAY_SIZE(odd_len))];
		if (iov[i].iov_len > BUF_SIZE)
			iov[i].iov_len = BUF_SIZE;
		total += iov[i].iov_len;
	}
	m.msg_iov = iov;
	if (chance(r, 70)) {
		pick_addr(r, &ss, &alen);
		m.msg_name = &ss;
		m.msg_namelen = alen;
	}
	if (chance(r, 40)) {
		m.msg_control = cbuf;
		m.msg_controllen = fill_cmsgs(r, cbuf, sizeof(cbuf));
	}
	if (chance(r, 10))
		flags |= 1 << below(r, 20);
	if (chance(r, 2))
		m.msg_iov = (void *)8;	/* EFAULT, not a crash */
	(void)total;
	CALL("sendmsg", sendmsg(pick_fd(r), &m, flags & ~MSG_WAITALL));
}

static void do_recvmsg(struct rng *r, char *buf)
{
	static const int extra[] = { MSG_PEEK, MSG_TRUNC, MSG_PEEK | MSG_TRUNC,
		MSG_ERRQUEUE, MSG_OOB, MSG_CMSG_CLOEXEC, 0 };
	struct sockaddr_storage ss;
	char cbuf[128];
	struct iovec iov = { buf, 0 };
	struct msghdr m = { 0 };
	int flags = MSG_DONTWAIT | extra[below(r, ARRAY_SIZE(extra))];

	iov.iov_len = chance(r, 50) ? below(r, 16) :
		      odd_len[below(r, ARRAY_SIZE(odd_len))];
	if (iov.iov_len > BUF_SIZE)
		iov.iov_len = BUF_SIZE;
	m.msg_iov = &iov;
	m.msg_iovlen = chance(r, 90) ? 1 : 0;
	if (chance(r, 60)) {
		m.msg_name = &ss;
		m.msg_namelen = chance(r, 80) ? sizeof(ss) : below(r, 32);
	}
	if (chance(r, 50)) {
		m.msg_control = cbuf;
		m.msg_controllen = chance(r, 70) ? sizeof(cbuf) : below(r, 24);
	}
	CALL("recvmsg", recvmsg(pick_fd(r), &m, flags));
}

static void do_sockopt(struct rng *r, char *buf)
{
	int level = chance(r, 60) ? SOL_ILNP :
		    (chance(r, 60) ? SOL_SOCKET : (int)below(r, 400));
	int name = level == SOL_ILNP ? (int)below(r, 5) :
		   (int)below(r, 80);
	socklen_t len = chance(r, 60) ? sizeof(int) : below(r, 12);
	int fd = pick_fd(r);

	if (chance(r, 50)) {
		*(int *)buf = chance(r, 50) ? (int)below(r, 300) - 2 :
			      (int)next(r);
		/* Keep the receive timeout: the fuzzer must not block. */
		if (level == SOL_SOCKET &&
		    (name == SO_RCVTIMEO_OLD || name == SO_SNDTIMEO_OLD ||
		     name == SO_RCVTIMEO_NEW || name == SO_SNDTIMEO_NEW))
			return;
		CALL("setsockopt", setsockopt(fd, level, name, buf, len));
	} else {
		socklen_t *lenp = chance(r, 2) ? (void *)8 : &len;

		if (chance(r, 3))
			len = (socklen_t)-1;
		CALL("getsockopt", getsockopt(fd, level, name, buf, lenp));
	}
}

static void do_misc(struct rng *r, char *buf)
{
	static const unsigned long cmds[] = { SIOCINQ, SIOCOUTQ, FIONBIO,
		SIOCGSTAMP_OLD, SIOCGIFINDEX, SIOCGIFNAME, 0x89f0, 0 };
	struct sockaddr_storage ss;
	socklen_t len = chance(r, 80) ? sizeof(ss) : below(r, 30);
	struct pollfd p;
	unsigned long cmd;
	int fd = pick_fd(r);

	switch (below(r, 7)) {
	case 0:
		/* An int for FIONBIO, an ifreq naming "lo" for the others:
		 * a device name that does not exist makes the core ask
		 * modprobe for it (dev_load()), 0.1 s a call under TCG.
		 */
		cmd = cmds[below(r, ARRAY_SIZE(cmds))];
		memset(buf, 0, 64);
		if (cmd == FIONBIO)
			*(int *)buf = below(r, 2);
		else
			strcpy(buf, "lo");
		CALL("ioctl", ioctl(fd, cmd, buf));
		break;
	case 1:
		p.fd = fd;
		p.events = POLLIN | POLLOUT | POLLPRI | POLLERR;
		CALL("poll", poll(&p, 1, below(r, 3)));
		break;
	case 2:
		CALL("shutdown", shutdown(fd, below(r, 4)));
		break;
	case 3:
		CALL("getsockname", getsockname(fd, (struct sockaddr *)&ss, &len));
		break;
	case 4:
		CALL("getpeername", getpeername(fd, (struct sockaddr *)&ss, &len));
		break;
	case 5:
		CALL("fcntl", fcntl(fd, F_SETFL, chance(r, 50) ? O_NONBLOCK : 0));
		break;
	default:
		CALL("listen", listen(fd, 1));
		break;
	}
}

static void do_bind_connect(struct rng *r)
{
	struct sockaddr_storage ss;
	socklen_t len;
	int fd = pick_fd(r);

	pick_addr(r, &ss, &len);
	if (chance(r, 40)) {
		CALL("bind", bind(fd, (struct sockaddr *)&ss, len));
	} else {
		if (chance(r, 10))
			((struct sockaddr *)&ss)->sa_family = AF_UNSPEC;
		CALL("connect", connect(fd, (struct sockaddr *)&ss, len));
	}
}

struct job {
	struct rng rng;
	unsigned long n;
};

static void *run(void *arg)
{
	struct job *j = arg;
	char *buf = calloc(1, BUF_SIZE);
	unsigned long i;

	if (!buf)
		return NULL;
	for (i = 0; i < j->n; i++) {
		unsigned int x = below(&j->rng, 100);

		if (deadline && !(i & 63) && now() > deadline)
			break;
		if (x < 10)
			do_socket(&j->rng);
		else if (x < 14)
			do_close(&j->rng);
		else if (x < 28)
			do_bind_connect(&j->rng);
		else if (x < 55)
			do_sendmsg(&j->rng, buf);
		else if (x < 72)
			do_recvmsg(&j->rng, buf);
		else if (x < 86)
			do_sockopt(&j->rng, buf);
		else
			do_misc(&j->rng, buf);
	}
	free(buf);
	return NULL;
}

static int parse_id(const char *s, __u64 *id)
{
	unsigned int g[4];
	char tail;
	int i;

	if (sscanf(s, "%x:%x:%x:%x%c", &g[0], &g[1], &g[2], &g[3],
		   &tail) != 4)
		return -1;
	*id = 0;
	for (i = 0; i < 4; i++)
		*id = *id << 16 | (g[i] & 0xffff);
	return 0;
}

int main(int argc, char **argv)
{
	pthread_t th[16];
	struct job jobs[16];
	struct timespec t0, t1;
	unsigned long seed, n;
	int i, threads;

	if (argc < 4) {
		fprintf(stderr, "usage: sysfuzz SEED CALLS THREADS ID...\n");
		return 2;
	}
	seed = strtoul(argv[1], NULL, 0);
	n = strtoul(argv[2], NULL, 0);
	threads = atoi(argv[3]);
	if (threads < 1 || threads > 16)
		threads = 4;
	for (i = 4; i < argc && nids < MAX_IDS; i++)
		if (!parse_id(argv[i], &ids[nids]))
			nids++;
	for (i = 0; i < NSOCK; i++)
		atomic_init(&socks[i], -1);
	/* A send after shutdown() is EPIPE, and SIGPIPE: count it. */
	signal(SIGPIPE, SIG_IGN);
	printf("sysfuzz: seed %lu, %lu calls, %d threads\n", seed, n,
	       threads);
	fflush(stdout);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (getenv("SYSFUZZ_SECONDS") && atof(getenv("SYSFUZZ_SECONDS")) > 0)
		deadline = now() + atof(getenv("SYSFUZZ_SECONDS"));
	for (i = 0; i < threads; i++) {
		jobs[i].rng.s = seed * 1000003 + i;
		jobs[i].n = n / threads;
		if (pthread_create(&th[i], NULL, run, &jobs[i]))
			return 1;
	}
	for (i = 0; i < threads; i++)
		pthread_join(th[i], NULL);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	printf("sysfuzz: seed %lu: %lu calls in %.1f s; errno:", seed,
	       atomic_load(&calls), (t1.tv_sec - t0.tv_sec) +
	       (t1.tv_nsec - t0.tv_nsec) / 1e9);
	for (i = 0; i < 200; i++)
		if (atomic_load(&errs[i]))
			printf(" %s %lu", i ? strerrorname_np(i) : "ok",
			       atomic_load(&errs[i]));
	printf("\n");
	return 0;
}
