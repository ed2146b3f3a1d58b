// SPDX-License-Identifier: GPL-2.0
/*
 * socket_api: the AF_ILNP socket API as Documentation/sockets.rst states
 * it, call by call, with the exact errno of every error case.  Runs in a
 * node (netns) whose peer runs tools/examples/echo-server on ports 7 and
 * 8.  Prints "ok NAME" or "FAIL NAME: ..." per check; exits 1 on any
 * failure.
 *
 *   socket_api PEER_ILV OWN_LOCATOR_ILV_FORM
 *   e.g. socket_api 0:0:0:a:ffff:0:0:b 0:0:0:a:ffff:0:0:a
 */
#define _GNU_SOURCE

#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <poll.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <linux/ilnp.h>

static int failures;
static struct sockaddr_ilnp peer;	/* port 7 */
static struct sockaddr_ilnp self;	/* our I-LV, port 0 */

#define CHECK(name, cond, ...) do {					\
	const char *name_ = (name);					\
	if (cond) {							\
		printf("ok %s\n", name_);				\
	} else {							\
		printf("FAIL %s: ", name_);				\
		printf(__VA_ARGS__);					\
		printf("\n");						\
		failures++;						\
	}								\
} while (0)

/* @ret must be -1 with errno @want. */
#define CHECK_ERRNO(name, ret, want) do {				\
	long r_ = (ret);						\
	int e_ = errno, w_ = (want);					\
	CHECK(name, r_ == -1 && e_ == w_, "got %ld errno %s, want %s",	\
	      r_, r_ == -1 ? strerrorname_np(e_) : "-",			\
	      strerrorname_np(w_));					\
} while (0)

static void parse_ilv(const char *text, struct sockaddr_ilnp *sa)
{
	unsigned char b[16];

	if (inet_pton(AF_INET6, text, b) != 1) {
		fprintf(stderr, "socket_api: bad I-LV %s\n", text);
		exit(2);
	}
	memset(sa, 0, sizeof(*sa));
	sa->silnp_family = AF_ILNP;
	memcpy(&sa->silnp_addr.loc, b, 8);
	memcpy(&sa->silnp_addr.nid, b + 8, 8);
}

static int sock(void)
{
	int fd = socket(AF_ILNP, SOCK_DGRAM, 0);

	if (fd < 0) {
		perror("socket_api: socket");
		exit(2);
	}
	return fd;
}

static struct sockaddr_ilnp to_port(const struct sockaddr_ilnp *a, int port)
{
	struct sockaddr_ilnp sa = *a;

	sa.silnp_port = htons(port);
	return sa;
}

static int bind_port(int fd, int port)
{
	struct sockaddr_ilnp sa = { .silnp_family = AF_ILNP };

	sa.silnp_port = htons(port);
	return bind(fd, (struct sockaddr *)&sa, sizeof(sa));
}

static int local_port(int fd)
{
	struct sockaddr_ilnp sa;
	socklen_t len = sizeof(sa);

	if (getsockname(fd, (struct sockaddr *)&sa, &len))
		return -1;
	return ntohs(sa.silnp_port);
}

static ssize_t send_to(int fd, const struct sockaddr_ilnp *sa, size_t len)
{
	static char buf[65536];

	memset(buf, 'x', len < sizeof(buf) ? len : sizeof(buf));
	return sendto(fd, buf, len, 0, (const struct sockaddr *)sa,
		      sizeof(*sa));
}

static bool readable(int fd, int ms)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };

	return poll(&p, 1, ms) == 1 && (p.revents & POLLIN);
}

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static void test_socket(void)
{
	CHECK_ERRNO("socket SOCK_STREAM", socket(AF_ILNP, SOCK_STREAM, 0),
		    ESOCKTNOSUPPORT);
	CHECK_ERRNO("socket protocol 6", socket(AF_ILNP, SOCK_DGRAM, 6),
		    EPROTONOSUPPORT);
}

static void test_bind(void)
{
	int a = sock(), b = sock(), c = sock();
	struct sockaddr_ilnp sa = { .silnp_family = AF_ILNP };
	int port;

	CHECK_ERRNO("bind short address",
		    bind(a, (struct sockaddr *)&sa, sizeof(sa) - 1), EINVAL);
	sa.silnp_family = AF_INET6;
	CHECK_ERRNO("bind AF_INET6",
		    bind(a, (struct sockaddr *)&sa, sizeof(sa)), EAFNOSUPPORT);
	sa.silnp_family = AF_ILNP;
	sa.silnp_flags = 1;
	CHECK_ERRNO("bind flags",
		    bind(a, (struct sockaddr *)&sa, sizeof(sa)), EINVAL);
	sa.silnp_flags = 0;
	sa.silnp_addr.nid = peer.silnp_addr.nid;
	CHECK_ERRNO("bind foreign NID",
		    bind(a, (struct sockaddr *)&sa, sizeof(sa)), EADDRNOTAVAIL);
	sa.silnp_addr.nid = 0;
	sa.silnp_addr.loc = htobe64(0x77);
	CHECK_ERRNO("bind foreign locator",
		    bind(a, (struct sockaddr *)&sa, sizeof(sa)), EADDRNOTAVAIL);
	CHECK("getsockname before bind", local_port(a) == 0, "port %d",
	      local_port(a));
	CHECK("bind port 0", bind_port(a, 0) == 0, "%m");
	port = local_port(a);
	CHECK("ephemeral range", port >= ILNP_PORT_EPHEMERAL_MIN &&
	      port <= ILNP_PORT_EPHEMERAL_MAX, "port %d", port);
	CHECK_ERRNO("bind twice", bind_port(a, 4000), EINVAL);
	CHECK_ERRNO("bind port in use", bind_port(b, port), EADDRINUSE);
	/* Our own locator, then the same port on any: they clash. */
	sa = self;
	sa.silnp_port = htons(4001);
	CHECK("bind own I-LV", !bind(b, (struct sockaddr *)&sa, sizeof(sa)),
	      "%m");
	CHECK_ERRNO("bind any over a bound locator", bind_port(c, 4001),
		    EADDRINUSE);
	CHECK("bind below 1024 as root", !bind_port(c, 1000), "%m");
	close(a);
	close(b);
	close(c);
}

static void test_addresses(void)
{
	int fd = sock();
	struct sockaddr_ilnp sa;
	socklen_t len = sizeof(sa);

	CHECK_ERRNO("getpeername unconnected",
		    getpeername(fd, (struct sockaddr *)&sa, &len), ENOTCONN);
	CHECK_ERRNO("send unconnected", send(fd, "x", 1, 0), EDESTADDRREQ);
	sa = to_port(&peer, 7);
	sa.silnp_addr.nid = 0;
	CHECK_ERRNO("sendto NID 0", send_to(fd, &sa, 1), EINVAL);
	sa = to_port(&peer, 0);
	CHECK_ERRNO("sendto port 0", send_to(fd, &sa, 1), EINVAL);
	sa = to_port(&peer, 7);
	sa.silnp_addr.loc = 0;
	sa.silnp_addr.nid = htobe64(0x5555);
	CHECK_ERRNO("sendto unknown NID", send_to(fd, &sa, 1), EHOSTUNREACH);
	sa.silnp_family = AF_INET6;
	CHECK_ERRNO("sendto AF_INET6", send_to(fd, &sa, 1), EAFNOSUPPORT);
	close(fd);
}

static int overlay_mtu(void)
{
	FILE *f = fopen("/sys/class/net/ilnp0/mtu", "r");
	int mtu = 0;

	if (!f || fscanf(f, "%d", &mtu) != 1)
		mtu = 0;
	if (f)
		fclose(f);
	return mtu;
}

static void test_sizes(void)
{
	int fd = sock(), mtu = overlay_mtu();
	struct sockaddr_ilnp sa = to_port(&peer, 7);
	char buf[65536];
	ssize_t n;

	CHECK("overlay MTU", mtu > 0, "cannot read it");
	CHECK_ERRNO("sendto above the MTU", send_to(fd, &sa, mtu - 8 + 1),
		    EMSGSIZE);
	CHECK_ERRNO("sendto 65528 bytes", send_to(fd, &sa, 65528), EMSGSIZE);
	CHECK("sendto the MTU", send_to(fd, &sa, mtu - 8) == mtu - 8, "%m");
	n = readable(fd, 3000) ? recv(fd, buf, sizeof(buf), 0) : -1;
	CHECK("echo of the MTU", n == mtu - 8, "got %zd", n);
	close(fd);
}

static void test_flags(void)
{
	int fd = sock();
	struct sockaddr_ilnp sa = to_port(&peer, 7);
	char buf[8];

	CHECK_ERRNO("send MSG_OOB",
		    sendto(fd, "x", 1, MSG_OOB, (struct sockaddr *)&sa,
			   sizeof(sa)), EOPNOTSUPP);
	CHECK_ERRNO("recv MSG_OOB", recv(fd, buf, sizeof(buf), MSG_OOB),
		    EOPNOTSUPP);
	CHECK_ERRNO("recv MSG_ERRQUEUE",
		    recv(fd, buf, sizeof(buf), MSG_ERRQUEUE), EOPNOTSUPP);
	close(fd);
}

static void test_blocking(void)
{
	struct timeval tv = { .tv_usec = 200000 };
	int fd = sock();
	char buf[8];
	double t;

	CHECK_ERRNO("recv MSG_DONTWAIT empty",
		    recv(fd, buf, sizeof(buf), MSG_DONTWAIT), EAGAIN);
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	t = now_ms();
	CHECK_ERRNO("recv SO_RCVTIMEO", recv(fd, buf, sizeof(buf), 0), EAGAIN);
	t = now_ms() - t;
	CHECK("SO_RCVTIMEO waited", t >= 190 && t < 2000, "%.0f ms", t);
	fcntl(fd, F_SETFL, O_NONBLOCK);
	CHECK_ERRNO("recv O_NONBLOCK empty", recv(fd, buf, sizeof(buf), 0),
		    EAGAIN);
	close(fd);
}

static void test_poll_peek_trunc(void)
{
	struct sockaddr_ilnp sa = to_port(&peer, 7), from;
	struct pollfd p;
	struct epoll_event ev = { .events = EPOLLIN }, got;
	char buf[200], small[10];
	struct iovec iov = { .iov_base = small, .iov_len = sizeof(small) };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1 };
	socklen_t len = sizeof(from);
	int fd = sock(), ep = epoll_create1(0);
	ssize_t n;

	p.fd = fd;
	p.events = POLLIN | POLLOUT;
	CHECK("poll fresh socket", poll(&p, 1, 0) == 1 &&
	      p.revents == POLLOUT, "revents %#x", p.revents);
	epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
	CHECK("epoll empty", epoll_wait(ep, &got, 1, 0) == 0, "ready");
	send_to(fd, &sa, 100);
	CHECK("poll POLLIN after the echo", readable(fd, 3000), "not readable");
	CHECK("epoll POLLIN", epoll_wait(ep, &got, 1, 0) == 1, "not ready");
	n = recv(fd, buf, sizeof(buf), MSG_PEEK);
	CHECK("MSG_PEEK", n == 100, "got %zd", n);
	n = recvfrom(fd, buf, sizeof(buf), 0, (struct sockaddr *)&from, &len);
	CHECK("read after peek", n == 100, "got %zd", n);
	CHECK("recvfrom address", len == sizeof(from) &&
	      from.silnp_family == AF_ILNP && ntohs(from.silnp_port) == 7 &&
	      from.silnp_addr.loc == peer.silnp_addr.loc &&
	      from.silnp_addr.nid == peer.silnp_addr.nid,
	      "port %d", ntohs(from.silnp_port));

	send_to(fd, &sa, 100);
	readable(fd, 3000);
	n = recvmsg(fd, &msg, 0);
	CHECK("truncated", n == 10 && (msg.msg_flags & MSG_TRUNC),
	      "got %zd flags %#x", n, msg.msg_flags);
	CHECK_ERRNO("rest of a truncated datagram gone",
		    recv(fd, buf, sizeof(buf), MSG_DONTWAIT), EAGAIN);
	send_to(fd, &sa, 100);
	readable(fd, 3000);
	n = recv(fd, small, sizeof(small), MSG_TRUNC);
	CHECK("MSG_TRUNC returns the full length", n == 100, "got %zd", n);
	close(ep);
	close(fd);
}

static void test_connect(void)
{
	struct sockaddr_ilnp sa = to_port(&peer, 8), got;
	struct sockaddr unspec = { .sa_family = AF_UNSPEC };
	socklen_t len = sizeof(got);
	int fd = sock();
	char buf[64];

	CHECK("connect", !connect(fd, (struct sockaddr *)&sa, sizeof(sa)),
	      "%m");
	CHECK("getpeername", !getpeername(fd, (struct sockaddr *)&got, &len) &&
	      ntohs(got.silnp_port) == 8 &&
	      got.silnp_addr.nid == peer.silnp_addr.nid, "%m");
	CHECK("getsockname autobound", local_port(fd) > 0, "unbound");
	/* Port 7 answers too, but the socket takes only port 8's. */
	sa = to_port(&peer, 7);
	send_to(fd, &sa, 5);
	CHECK("connected: other port filtered", !readable(fd, 500),
	      "datagram from port 7 delivered");
	CHECK("send connected", send(fd, "hello", 5, 0) == 5, "%m");
	CHECK("reply on the connected socket",
	      readable(fd, 3000) && recv(fd, buf, sizeof(buf), 0) == 5,
	      "no reply");
	CHECK("disconnect", !connect(fd, &unspec, sizeof(unspec)), "%m");
	len = sizeof(got);
	CHECK_ERRNO("getpeername after disconnect",
		    getpeername(fd, (struct sockaddr *)&got, &len), ENOTCONN);
	close(fd);
}

static void *blocked_reader(void *arg)
{
	char buf[8];

	return (void *)(long)recv(*(int *)arg, buf, sizeof(buf), 0);
}

static void test_shutdown(void)
{
	struct sockaddr_ilnp sa = to_port(&peer, 7);
	int fd = sock(), un = sock();
	pthread_t t;
	void *ret;

	connect(fd, (struct sockaddr *)&sa, sizeof(sa));
	CHECK_ERRNO("shutdown how 7", shutdown(fd, 7), EINVAL);
	CHECK_ERRNO("shutdown unconnected", shutdown(un, SHUT_RD), ENOTCONN);
	pthread_create(&t, NULL, blocked_reader, &fd);
	usleep(200000);
	CHECK("shutdown SHUT_RD", !shutdown(fd, SHUT_RD), "%m");
	pthread_join(t, &ret);
	CHECK("blocked reader woken with 0", (long)ret == 0, "got %ld",
	      (long)ret);
	CHECK("shutdown SHUT_WR", !shutdown(fd, SHUT_WR), "%m");
	CHECK_ERRNO("send after SHUT_WR", send(fd, "x", 1, MSG_NOSIGNAL),
		    EPIPE);
	close(fd);
	close(un);
}

static void test_options(void)
{
	struct sockaddr_ilnp sa = to_port(&peer, 7);
	int fd = sock(), one = 1, v = 0, bad;
	socklen_t len = sizeof(v);
	char buf[64], ctl[256];
	struct iovec iov = { .iov_base = buf, .iov_len = sizeof(buf) };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1,
			      .msg_control = ctl,
			      .msg_controllen = sizeof(ctl) };
	struct ilnp_pktinfo info = { 0 };
	struct cmsghdr *c;
	bool found = false;

	CHECK("ILNP_PKTINFO on", !setsockopt(fd, SOL_ILNP, ILNP_PKTINFO, &one,
					     sizeof(one)), "%m");
	CHECK("ILNP_PKTINFO read back",
	      !getsockopt(fd, SOL_ILNP, ILNP_PKTINFO, &v, &len) && v == 1,
	      "got %d", v);
	send_to(fd, &sa, 20);
	readable(fd, 3000);
	CHECK("recvmsg with pktinfo", recvmsg(fd, &msg, 0) == 20, "%m");
	for (c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c))
		if (c->cmsg_level == SOL_ILNP && c->cmsg_type == ILNP_PKTINFO) {
			memcpy(&info, CMSG_DATA(c), sizeof(info));
			found = true;
		}
	CHECK("ILNP_PKTINFO control message", found &&
	      info.ipi_loc == self.silnp_addr.loc &&
	      info.ipi_ifindex == if_nametoindex("ilnp0") &&
	      info.ipi_hop_limit == 3,
	      "found %d loc %llx ifindex %u hop limit %u", found,
	      (unsigned long long)be64toh(info.ipi_loc), info.ipi_ifindex,
	      info.ipi_hop_limit);
	CHECK_ERRNO("unknown option",
		    setsockopt(fd, SOL_ILNP, 99, &one, sizeof(one)),
		    ENOPROTOOPT);
	bad = 0;
	CHECK_ERRNO("ILNP_HOPLIMIT 0",
		    setsockopt(fd, SOL_ILNP, ILNP_HOPLIMIT, &bad, sizeof(bad)),
		    EINVAL);
	bad = 256;
	CHECK_ERRNO("ILNP_HOPLIMIT 256",
		    setsockopt(fd, SOL_ILNP, ILNP_HOPLIMIT, &bad, sizeof(bad)),
		    EINVAL);
	v = 5;
	setsockopt(fd, SOL_ILNP, ILNP_HOPLIMIT, &v, sizeof(v));
	v = 0;
	len = sizeof(v);
	CHECK("ILNP_HOPLIMIT 5", !getsockopt(fd, SOL_ILNP, ILNP_HOPLIMIT, &v,
					     &len) && v == 5, "got %d", v);
	close(fd);
}

/* The drops column of /proc/net/ilnp/sockets for local @port. */
static long proc_drops(int port)
{
	FILE *f = fopen("/proc/net/ilnp/sockets", "r");
	char local[64], peer_s[64];
	long drops = -1, d, q1, q2;
	int p, pp;

	if (!f)
		return -1;
	fscanf(f, "%*[^\n]\n");
	while (fscanf(f, "%63s %d %63s %d %ld %ld %ld %*[^\n]\n", local, &p,
		      peer_s, &pp, &q1, &q2, &d) == 7)
		if (p == port)
			drops = d;
	fclose(f);
	return drops;
}

/* A small receive buffer, not read while 50 echoes arrive: what is not
 * queued is counted, exactly.
 */
static void test_rcvbuf(void)
{
	struct sockaddr_ilnp sa = to_port(&peer, 7);
	int fd = sock(), size = 4096, i, queued = 0;
	char buf[2048];
	long drops;

	setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof(size));
	for (i = 0; i < 50; i++)
		send_to(fd, &sa, 1000);
	usleep(1500000);
	while (recv(fd, buf, sizeof(buf), MSG_DONTWAIT) == 1000)
		queued++;
	drops = proc_drops(local_port(fd));
	CHECK("receive buffer bounded", queued > 0 && queued < 50,
	      "queued %d", queued);
	CHECK("queued + dropped = sent", queued + drops == 50,
	      "queued %d dropped %ld", queued, drops);
	close(fd);
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: socket_api PEER_ILV OWN_ILV\n");
		return 2;
	}
	parse_ilv(argv[1], &peer);
	parse_ilv(argv[2], &self);
	test_socket();
	test_bind();
	test_addresses();
	test_sizes();
	test_flags();
	test_blocking();
	test_poll_peek_trunc();
	test_connect();
	test_shutdown();
	test_options();
	test_rcvbuf();
	printf("%d failure(s)\n", failures);
	return failures ? 1 : 0;
}
