// SPDX-License-Identifier: GPL-2.0
/*
 * socket_api LOCAL_ILV PEER_ILV PEER_PORT [LOCAL_LOC2 [PEER2_ILV]]
 *
 * Checks the AF_ILNP socket API against Documentation/sockets.rst, call
 * by call: every errno the document names and the semantics of each
 * call.  Runs inside a test VM in the node LOCAL_ILV (our locator and
 * NID); a responder (tests/sockets/responder PEER_PORT) runs on the peer
 * PEER_ILV, reachable without a router.  LOCAL_LOC2, a second locator of
 * ours, adds the cases that need two locators (port sharing across
 * them, no default way out); PEER2_ILV, a second responder on the same
 * port that nothing else talks to, the case of a first send to a bad
 * locator.
 *
 * One line per case: "ok NAME" or "FAIL NAME: got X want Y".  Every case
 * opens its own sockets.  Exit status: the number of failures.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <net/if.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/select.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "common.h"

#define WAIT_MS		5000	/* for an echo, under TCG with KASAN */
#define QUIET_MS	500	/* "nothing more arrives" */
#define FOREIGN_LOC	0x77ULL
#define UNKNOWN_NID	0xffff000000000099ULL
#define FRESH_NID	0xffff000000000098ULL	/* only for sendto_no_route */

static __u64 my_loc, my_nid, loc2, peer_loc, peer_nid, peer2_loc,
		peer2_nid;
static unsigned int peer_port, mtu;
static int failures;

static int case_failed;	/* the running case has failed already */

/* "ok NAME", unless the case has already reported a failure. */
static void pass(const char *name)
{
	if (case_failed)
		return;
	printf("ok %s\n", name);
	fflush(stdout);
}

static void fail_start(const char *name)
{
	printf("FAIL %s: ", name);
}

static void fail_end(void)
{
	printf("\n");
	fflush(stdout);
	failures++;
	case_failed = 1;
}

/* "FAIL NAME: " and the message (printf() checks its format). */
#define fail(name, ...) \
	do { fail_start(name); printf(__VA_ARGS__); fail_end(); } while (0)

#define RUN(fn)	do { case_failed = 0; fn(); } while (0)

static const char *en(int e)
{
	const char *s = e ? strerrorname_np(e) : "success";

	return s ? s : "?";
}

/* @ret of a call that must fail with @want; 0 when it did. */
static int err_is(const char *name, const char *what, long ret, int want)
{
	int e = errno;

	if (ret == -1 && e == want)
		return 0;
	if (ret == -1)
		fail(name, "%s: got %s want %s", what, en(e), en(want));
	else
		fail(name, "%s: got success (%ld) want %s", what, ret,
		     en(want));
	return -1;
}

/* @ret of a call that must succeed; 0 when it did. */
static int ok_is(const char *name, const char *what, long ret)
{
	if (ret >= 0)
		return 0;
	fail(name, "%s: got %s want success", what, en(errno));
	return -1;
}

#define CHECK_ERR(name, what, call, want) \
	({ errno = 0; err_is(name, what, (long)(call), want); })
#define CHECK_OK(name, what, call) \
	({ errno = 0; ok_is(name, what, (long)(call)); })

static struct sockaddr_ilnp peer_sa(void)
{
	return sa_make(peer_loc, peer_nid, peer_port);
}

static int bind_to(int fd, __u64 loc, __u64 nid, unsigned int port)
{
	struct sockaddr_ilnp sa = sa_make(loc, nid, port);

	return bind(fd, (struct sockaddr *)&sa, sizeof(sa));
}

static int sendto_sa(int fd, const void *buf, size_t len, int flags,
		     const struct sockaddr_ilnp *sa)
{
	return sendto(fd, buf, len, flags, (const struct sockaddr *)sa,
		      sizeof(*sa));
}

static int send_peer(int fd, const void *buf, size_t len)
{
	struct sockaddr_ilnp sa = peer_sa();

	return sendto_sa(fd, buf, len, 0, &sa);
}

static int send_peer_str(int fd, const char *s)
{
	return send_peer(fd, s, strlen(s));
}

static int wait_in(int fd, int ms)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	int n = poll(&p, 1, ms);

	if (n == 0)
		errno = ETIMEDOUT;
	return n > 0 ? 0 : -1;
}

/* recvfrom() once a datagram is there, @ms at most. */
static ssize_t recv_wait(int fd, void *buf, size_t len, int flags,
			 struct sockaddr_ilnp *from, int ms)
{
	socklen_t alen = sizeof(*from);

	if (wait_in(fd, ms))
		return -1;
	return recvfrom(fd, buf, len, flags | MSG_DONTWAIT,
			(struct sockaddr *)from, from ? &alen : NULL);
}

static int port_ephemeral(unsigned int port)
{
	return port >= ILNP_PORT_EPHEMERAL_MIN &&
	       port <= ILNP_PORT_EPHEMERAL_MAX;
}

static int local_name(int fd, struct sockaddr_ilnp *sa)
{
	socklen_t len = sizeof(*sa);

	memset(sa, 0xa5, sizeof(*sa));
	if (getsockname(fd, (struct sockaddr *)sa, &len))
		return -1;
	return len == sizeof(*sa) ? 0 : -2;
}

static unsigned int local_port(int fd)
{
	struct sockaddr_ilnp sa;

	return local_name(fd, &sa) ? 0 : ntohs(sa.silnp_port);
}

static int sa_equal(const struct sockaddr_ilnp *a,
		    const struct sockaddr_ilnp *b)
{
	return a->silnp_family == b->silnp_family &&
	       a->silnp_port == b->silnp_port &&
	       a->silnp_flags == b->silnp_flags &&
	       a->silnp_addr.loc == b->silnp_addr.loc &&
	       a->silnp_addr.nid == b->silnp_addr.nid;
}

static void expect_sa(const char *name, const char *what,
		      const struct sockaddr_ilnp *got,
		      const struct sockaddr_ilnp *want, int *bad)
{
	char g[80], w[80];

	if (sa_equal(got, want))
		return;
	fail(name, "%s: got family %u %s flags %u want family %u %s", what,
	     got->silnp_family, sa_str(got, g, sizeof(g)), got->silnp_flags,
	     want->silnp_family, sa_str(want, w, sizeof(w)));
	(*bad)++;
}

static double now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

/* An echo of @len bytes comes back to @fd: 0, or fails @name. */
static int echo_roundtrip(const char *name, int fd, size_t len)
{
	static char out[MAX_DATAGRAM], in[MAX_DATAGRAM + 1];
	struct sockaddr_ilnp from;
	size_t i;
	ssize_t n;

	for (i = 0; i < len; i++)
		out[i] = 'a' + i % 26;
	if (CHECK_OK(name, "send to the responder", send_peer(fd, out, len)))
		return -1;
	n = recv_wait(fd, in, sizeof(in), 0, &from, WAIT_MS);
	if (n < 0) {
		fail(name, "echo: got %s want %zu bytes", en(errno), len);
		return -1;
	}
	if ((size_t)n != len || memcmp(in, out, len)) {
		fail(name, "echo: got %zd bytes want %zu, same data", n, len);
		return -1;
	}
	return 0;
}

/* --- socket ------------------------------------------------------------ */

static void t_socket_type(void)
{
	const char *name = "socket_type";
	int bad = 0, fd;

	bad |= CHECK_ERR(name, "SOCK_STREAM", socket(AF_ILNP, SOCK_STREAM, 0),
			 ESOCKTNOSUPPORT);
	bad |= CHECK_ERR(name, "SOCK_SEQPACKET",
			 socket(AF_ILNP, SOCK_SEQPACKET, 0), ESOCKTNOSUPPORT);
	bad |= CHECK_ERR(name, "SOCK_RAW", socket(AF_ILNP, SOCK_RAW, 0),
			 ESOCKTNOSUPPORT);
	fd = socket(AF_ILNP, SOCK_DGRAM, 0);
	bad |= CHECK_OK(name, "SOCK_DGRAM", fd);
	if (fd >= 0)
		close(fd);
	if (!bad)
		pass(name);
}

static void t_socket_protocol(void)
{
	const char *name = "socket_protocol";
	int bad = 0, fd;

	bad |= CHECK_ERR(name, "IPPROTO_TCP",
			 socket(AF_ILNP, SOCK_DGRAM, IPPROTO_TCP),
			 EPROTONOSUPPORT);
	bad |= CHECK_ERR(name, "protocol 99", socket(AF_ILNP, SOCK_DGRAM, 99),
			 EPROTONOSUPPORT);
	fd = socket(AF_ILNP, SOCK_DGRAM, IPPROTO_UDP);
	bad |= CHECK_OK(name, "IPPROTO_UDP", fd);
	if (fd >= 0)
		close(fd);
	if (!bad)
		pass(name);
}

/* --- bind ---------------------------------------------------------------- */

static void t_bind_short_addrlen(void)
{
	struct sockaddr_ilnp sa = sa_make(0, 0, 20001);
	int fd = ilnp_socket();

	if (!CHECK_ERR("bind_short_addrlen", "addrlen - 1",
		       bind(fd, (struct sockaddr *)&sa, sizeof(sa) - 1),
		       EINVAL) &&
	    !CHECK_ERR("bind_short_addrlen", "addrlen 2",
		       bind(fd, (struct sockaddr *)&sa, 2), EINVAL))
		pass("bind_short_addrlen");
	close(fd);
}

static void t_bind_family(void)
{
	struct sockaddr_ilnp sa = sa_make(0, 0, 20002);
	int fd = ilnp_socket();

	sa.silnp_family = AF_INET6;
	if (!CHECK_ERR("bind_family", "AF_INET6",
		       bind(fd, (struct sockaddr *)&sa, sizeof(sa)),
		       EAFNOSUPPORT))
		pass("bind_family");
	close(fd);
}

static void t_bind_flags(void)
{
	struct sockaddr_ilnp sa = sa_make(0, 0, 20003);
	int fd = ilnp_socket();

	sa.silnp_flags = 1;
	if (!CHECK_ERR("bind_flags", "flags 1",
		       bind(fd, (struct sockaddr *)&sa, sizeof(sa)), EINVAL))
		pass("bind_flags");
	close(fd);
}

static void t_bind_foreign_nid(void)
{
	int fd = ilnp_socket();

	if (!CHECK_ERR("bind_foreign_nid", "NID not ours",
		       bind_to(fd, 0, my_nid ^ 0x1234, 20004), EADDRNOTAVAIL) &&
	    !CHECK_ERR("bind_foreign_nid", "NID not ours, our locator",
		       bind_to(fd, my_loc, my_nid ^ 0x1234, 20004),
		       EADDRNOTAVAIL))
		pass("bind_foreign_nid");
	close(fd);
}

static void t_bind_foreign_locator(void)
{
	int fd = ilnp_socket();

	if (!CHECK_ERR("bind_foreign_locator", "locator not ours",
		       bind_to(fd, FOREIGN_LOC, 0, 20005), EADDRNOTAVAIL) &&
	    !CHECK_ERR("bind_foreign_locator", "locator not ours, our NID",
		       bind_to(fd, FOREIGN_LOC, my_nid, 20005), EADDRNOTAVAIL))
		pass("bind_foreign_locator");
	close(fd);
}

/* Our own NID and locator, explicitly: getsockname reports them. */
static void t_bind_own_address(void)
{
	const char *name = "bind_own_address";
	struct sockaddr_ilnp got, want = sa_make(my_loc, my_nid, 20006);
	int fd = ilnp_socket(), bad = 0;

	if (CHECK_OK(name, "bind our locator and NID",
		     bind_to(fd, my_loc, my_nid, 20006)))
		goto out;
	if (local_name(fd, &got)) {
		fail(name, "getsockname failed or wrong length");
		goto out;
	}
	expect_sa(name, "getsockname", &got, &want, &bad);
	if (!bad)
		pass(name);
out:
	close(fd);
}

static void t_bind_ephemeral(void)
{
	const char *name = "bind_ephemeral";
	struct sockaddr_ilnp got, want;
	int fd = ilnp_socket(), bad = 0;

	if (CHECK_OK(name, "bind port 0", bind_to(fd, 0, 0, 0)))
		goto out;
	if (local_name(fd, &got)) {
		fail(name, "getsockname failed or wrong length");
		goto out;
	}
	if (!port_ephemeral(ntohs(got.silnp_port))) {
		fail(name, "port: got %u want %u..%u", ntohs(got.silnp_port),
		     ILNP_PORT_EPHEMERAL_MIN, ILNP_PORT_EPHEMERAL_MAX);
		goto out;
	}
	want = sa_make(0, my_nid, ntohs(got.silnp_port));
	expect_sa(name, "getsockname", &got, &want, &bad);
	if (!bad)
		pass(name);
out:
	close(fd);
}

/* Port sharing: EADDRINUSE when either is on any locator or both on the
 * same one; two different locators of ours share a port.
 */
static void t_bind_in_use(void)
{
	const char *name = "bind_in_use";
	static const struct { int loc1, loc2; const char *what; } c[] = {
		{ 0, 0, "any, then any" },
		{ 0, 1, "any, then our locator" },
		{ 1, 0, "our locator, then any" },
		{ 1, 1, "our locator twice" },
	};
	unsigned int i, port = 20010;
	int a, b, bad = 0;

	for (i = 0; i < ARRAY_SIZE(c); i++, port++) {
		a = ilnp_socket();
		b = ilnp_socket();
		if (!CHECK_OK(name, c[i].what,
			      bind_to(a, c[i].loc1 ? my_loc : 0, 0, port)))
			bad |= CHECK_ERR(name, c[i].what,
					 bind_to(b, c[i].loc2 ? my_loc : 0, 0,
						 port), EADDRINUSE);
		else
			bad = 1;
		close(a);
		close(b);
	}
	if (loc2) {
		a = ilnp_socket();
		b = ilnp_socket();
		bad |= CHECK_OK(name, "first locator", bind_to(a, my_loc, 0,
							       port));
		bad |= CHECK_OK(name, "second locator, same port",
				bind_to(b, loc2, 0, port));
		close(a);
		close(b);
	}
	if (!bad)
		pass(name);
}

static void t_bind_twice(void)
{
	int fd = ilnp_socket();

	if (!CHECK_OK("bind_twice", "first bind", bind_to(fd, 0, 0, 20020)) &&
	    !CHECK_ERR("bind_twice", "second bind, another port",
		       bind_to(fd, 0, 0, 20021), EINVAL) &&
	    !CHECK_ERR("bind_twice", "second bind, port 0",
		       bind_to(fd, 0, 0, 0), EINVAL))
		pass("bind_twice");
	close(fd);
}

static void t_close_frees_port(void)
{
	int a = ilnp_socket(), b;

	if (CHECK_OK("close_frees_port", "bind", bind_to(a, 0, 0, 20022))) {
		close(a);
		return;
	}
	close(a);
	b = ilnp_socket();
	if (!CHECK_OK("close_frees_port", "bind again after close",
		      bind_to(b, 0, 0, 20022)))
		pass("close_frees_port");
	close(b);
}

static void t_bind_privileged_root(void)
{
	int fd = ilnp_socket();

	if (!CHECK_OK("bind_privileged_root", "port 100 as root",
		      bind_to(fd, 0, 0, 100)))
		pass("bind_privileged_root");
	close(fd);
}

/* Without CAP_NET_BIND_SERVICE (dropped in a child): EACCES below 1024. */
struct cap_header { __u32 version; int pid; };
struct cap_data { __u32 effective, permitted, inheritable; };
#define CAP_VERSION_3		0x20080522
#define CAP_NET_BIND_SERVICE_BIT	10

static void t_bind_privileged_nocap(void)
{
	const char *name = "bind_privileged_nocap";
	int status, e;
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		struct cap_header h = { CAP_VERSION_3, 0 };
		struct cap_data d[2];
		int fd, r1, r2;

		if (syscall(SYS_capget, &h, d))
			_exit(200);
		d[0].effective &= ~(1u << CAP_NET_BIND_SERVICE_BIT);
		if (syscall(SYS_capset, &h, d))
			_exit(201);
		fd = ilnp_socket();
		r1 = bind_to(fd, 0, 0, 101) ? errno : 0;
		close(fd);
		fd = ilnp_socket();
		r2 = bind_to(fd, 0, 0, 1024) ? errno : 300;
		close(fd);
		/* 1024 needs no capability */
		_exit(r2 != 300 ? 202 : r1 ? r1 : 203);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status)) {
		fail(name, "child failed");
		return;
	}
	e = WEXITSTATUS(status);
	if (e == EACCES)
		pass(name);
	else if (e == 200 || e == 201)
		fail(name, "could not drop CAP_NET_BIND_SERVICE (%d)", e);
	else if (e == 202)
		fail(name, "port 1024 without the capability: got an error want success");
	else
		fail(name, "port 101 without CAP_NET_BIND_SERVICE: got %s want EACCES",
		     e == 203 ? "success" : en(e));
}

/* --- getsockname, getpeername -------------------------------------------- */

static void t_getsockname_unbound(void)
{
	const char *name = "getsockname_unbound";
	struct sockaddr_ilnp got, want = sa_make(0, my_nid, 0);
	int fd = ilnp_socket(), bad = 0;

	if (local_name(fd, &got)) {
		fail(name, "getsockname failed or wrong length");
	} else {
		expect_sa(name, "before bind", &got, &want, &bad);
		if (!bad)
			pass(name);
	}
	close(fd);
}

static void t_getpeername_unconnected(void)
{
	struct sockaddr_ilnp sa;
	socklen_t len = sizeof(sa);
	int fd = ilnp_socket();

	if (!CHECK_ERR("getpeername_unconnected", "unbound",
		       getpeername(fd, (struct sockaddr *)&sa, &len),
		       ENOTCONN) &&
	    !CHECK_OK("getpeername_unconnected", "bind",
		      bind_to(fd, 0, 0, 0)) &&
	    !CHECK_ERR("getpeername_unconnected", "bound",
		       getpeername(fd, (struct sockaddr *)&sa, &len),
		       ENOTCONN))
		pass("getpeername_unconnected");
	close(fd);
}

/* --- send ---------------------------------------------------------------- */

static void t_send_no_destination(void)
{
	int fd = ilnp_socket();

	if (!CHECK_ERR("send_no_destination", "send, unbound",
		       send(fd, "x", 1, 0), EDESTADDRREQ) &&
	    !CHECK_ERR("send_no_destination", "sendto NULL",
		       sendto(fd, "x", 1, 0, NULL, 0), EDESTADDRREQ) &&
	    !CHECK_OK("send_no_destination", "bind", bind_to(fd, 0, 0, 0)) &&
	    !CHECK_ERR("send_no_destination", "send, bound",
		       send(fd, "x", 1, 0), EDESTADDRREQ))
		pass("send_no_destination");
	close(fd);
}

static void t_sendto_nid0(void)
{
	struct sockaddr_ilnp sa = sa_make(peer_loc, 0, peer_port);
	int fd = ilnp_socket();

	if (!CHECK_ERR("sendto_nid0", "NID 0", sendto_sa(fd, "x", 1, 0, &sa),
		       EINVAL))
		pass("sendto_nid0");
	close(fd);
}

static void t_sendto_bad_address(void)
{
	const char *name = "sendto_bad_address";
	struct sockaddr_ilnp sa = peer_sa();
	int fd = ilnp_socket(), bad = 0;

	bad |= CHECK_ERR(name, "short addrlen",
			 sendto(fd, "x", 1, 0, (struct sockaddr *)&sa,
				sizeof(sa) - 1), EINVAL);
	sa.silnp_family = AF_INET6;
	bad |= CHECK_ERR(name, "AF_INET6", sendto_sa(fd, "x", 1, 0, &sa),
			 EAFNOSUPPORT);
	sa = peer_sa();
	sa.silnp_flags = 1;
	bad |= CHECK_ERR(name, "flags 1", sendto_sa(fd, "x", 1, 0, &sa),
			 EINVAL);
	if (!bad)
		pass(name);
	close(fd);
}

static void t_sendto_unknown_nid(void)
{
	struct sockaddr_ilnp sa = sa_make(0, UNKNOWN_NID, peer_port);
	int fd = ilnp_socket();

	if (!CHECK_ERR("sendto_unknown_nid", "locator 0, NID never heard",
		       sendto_sa(fd, "x", 1, 0, &sa), EHOSTUNREACH))
		pass("sendto_unknown_nid");
	close(fd);
}

/* A node on two networks has no default way out: a locator nobody
 * routes is unreachable (only with LOCAL_LOC2).
 */
static void t_sendto_no_route(void)
{
	struct sockaddr_ilnp sa = sa_make(FOREIGN_LOC, FRESH_NID, peer_port);
	int fd;

	if (!loc2)
		return;
	fd = ilnp_socket();
	if (!CHECK_ERR("sendto_no_route", "locator with no route",
		       sendto_sa(fd, "x", 1, 0, &sa), EHOSTUNREACH))
		pass("sendto_no_route");
	close(fd);
}

/* A send that fails for want of a way to the locator it named must not
 * change where the NID is thought to be: the same NID at its right
 * locator answers right after (only with PEER2_ILV, a second responder
 * we have not talked to before).
 */
static void t_sendto_bad_locator_first(void)
{
	const char *name = "sendto_bad_locator_first";
	struct sockaddr_ilnp bad = sa_make(FOREIGN_LOC, peer2_nid, peer_port),
			     good = sa_make(peer2_loc, peer2_nid, peer_port),
			     from;
	char buf[16];
	int fd;
	ssize_t n;

	if (!peer2_nid)
		return;
	fd = ilnp_socket();
	if (CHECK_ERR(name, "locator with no route",
		      sendto_sa(fd, "x", 1, 0, &bad), EHOSTUNREACH) ||
	    CHECK_OK(name, "then the right locator",
		     sendto_sa(fd, "good", 4, 0, &good)))
		goto out;
	n = recv_wait(fd, buf, sizeof(buf), 0, &from, WAIT_MS);
	if (n != 4)
		fail(name, "echo from the right locator: got %zd (%s) want 4 bytes",
		     n, n < 0 ? en(errno) : "");
	else
		pass(name);
out:
	close(fd);
}

/* An unbound socket that sends gets an ephemeral port, and the echo. */
static void t_sendto_autobind(void)
{
	const char *name = "sendto_autobind";
	int fd = ilnp_socket();
	unsigned int port;

	if (echo_roundtrip(name, fd, 32))
		goto out;
	port = local_port(fd);
	if (!port_ephemeral(port))
		fail(name, "port after sendto: got %u want %u..%u", port,
		     ILNP_PORT_EPHEMERAL_MIN, ILNP_PORT_EPHEMERAL_MAX);
	else
		pass(name);
out:
	close(fd);
}

static void t_sendto_mtu(void)
{
	const char *name = "sendto_mtu";
	static char buf[MAX_DATAGRAM + 1];
	int fd = ilnp_socket();

	if (CHECK_ERR(name, "mtu - 7 bytes", send_peer(fd, buf, mtu - 7),
		      EMSGSIZE) ||
	    CHECK_ERR(name, "1400 bytes past the MTU",
		      send_peer(fd, buf, mtu + 1400), EMSGSIZE))
		goto out;
	if (!echo_roundtrip(name, fd, mtu - 8))
		pass(name);
out:
	close(fd);
}

static void t_sendto_max(void)
{
	const char *name = "sendto_max";
	static char buf[70000];
	struct sockaddr_ilnp sa = sa_make(0, UNKNOWN_NID, peer_port);
	int fd = ilnp_socket(), bad = 0;

	bad |= CHECK_ERR(name, "65527 bytes (past the MTU)",
			 send_peer(fd, buf, 65527), EMSGSIZE);
	bad |= CHECK_ERR(name, "65528 bytes", send_peer(fd, buf, 65528),
			 EMSGSIZE);
	bad |= CHECK_ERR(name, "70000 bytes", send_peer(fd, buf, 70000),
			 EMSGSIZE);
	/* Too long whatever the way: before any route is looked for. */
	bad |= CHECK_ERR(name, "65528 bytes to an unknown NID",
			 sendto_sa(fd, buf, 65528, 0, &sa), EMSGSIZE);
	if (!bad)
		pass(name);
	close(fd);
}

static void t_oob(void)
{
	const char *name = "msg_oob";
	struct sockaddr_ilnp sa = peer_sa();
	char buf[16];
	int fd = ilnp_socket(), bad = 0;

	bad |= CHECK_OK(name, "bind", bind_to(fd, 0, 0, 0));
	bad |= CHECK_ERR(name, "sendto MSG_OOB",
			 sendto_sa(fd, "x", 1, MSG_OOB, &sa), EOPNOTSUPP);
	bad |= CHECK_ERR(name, "sendto MSG_MORE",
			 sendto_sa(fd, "x", 1, MSG_MORE, &sa), EOPNOTSUPP);
	bad |= CHECK_ERR(name, "recv MSG_OOB",
			 recv(fd, buf, sizeof(buf), MSG_OOB | MSG_DONTWAIT),
			 EOPNOTSUPP);
	bad |= CHECK_ERR(name, "recv MSG_ERRQUEUE",
			 recv(fd, buf, sizeof(buf),
			      MSG_ERRQUEUE | MSG_DONTWAIT), EOPNOTSUPP);
	if (!bad)
		pass(name);
	close(fd);
}

/* An unconnected socket takes the locator the kernel learnt for a NID
 * it has heard from, and reports it exactly.
 */
static void t_sendto_locator0(void)
{
	const char *name = "sendto_locator0";
	struct sockaddr_ilnp sa = sa_make(0, peer_nid, peer_port), from,
			     want = peer_sa();
	char buf[64];
	int fd = ilnp_socket(), bad = 0;
	ssize_t n;

	if (echo_roundtrip(name, fd, 8))
		goto out;
	if (CHECK_OK(name, "sendto locator 0",
		     sendto_sa(fd, "loc0", 4, 0, &sa)))
		goto out;
	n = recv_wait(fd, buf, sizeof(buf), 0, &from, WAIT_MS);
	if (n != 4) {
		fail(name, "echo: got %zd (%s) want 4 bytes", n, en(errno));
		goto out;
	}
	expect_sa(name, "echo from", &from, &want, &bad);
	if (!bad)
		pass(name);
out:
	close(fd);
}

/* --- recv ---------------------------------------------------------------- */

static void t_recv_dontwait(void)
{
	char buf[16];
	int fd = ilnp_socket();

	if (!CHECK_OK("recv_dontwait_empty", "bind", bind_to(fd, 0, 0, 0)) &&
	    !CHECK_ERR("recv_dontwait_empty", "recv MSG_DONTWAIT",
		       recv(fd, buf, sizeof(buf), MSG_DONTWAIT), EAGAIN))
		pass("recv_dontwait_empty");
	close(fd);
}

static void t_recv_rcvtimeo(void)
{
	const char *name = "recv_rcvtimeo";
	struct timeval tv = { 0, 200000 };
	char buf[16];
	int fd = ilnp_socket();
	double t, ms;

	if (CHECK_OK(name, "bind", bind_to(fd, 0, 0, 0)) ||
	    CHECK_OK(name, "SO_RCVTIMEO",
		     setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv))))
		goto out;
	t = now_ms();
	if (CHECK_ERR(name, "blocking recv", recv(fd, buf, sizeof(buf), 0),
		      EAGAIN))
		goto out;
	ms = now_ms() - t;
	if (ms < 195 || ms > 3000)
		fail(name, "waited: got %.0f ms want 200", ms);
	else
		pass(name);
out:
	close(fd);
}

static void t_recv_nonblock(void)
{
	char buf[16];
	int fd = ilnp_socket();

	if (!CHECK_OK("recv_nonblock", "bind", bind_to(fd, 0, 0, 0)) &&
	    !CHECK_OK("recv_nonblock", "O_NONBLOCK",
		      fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)) &&
	    !CHECK_ERR("recv_nonblock", "recv", recv(fd, buf, sizeof(buf), 0),
		       EAGAIN))
		pass("recv_nonblock");
	close(fd);
}

static void t_recv_peek(void)
{
	const char *name = "recv_peek";
	struct sockaddr_ilnp from;
	char buf[64];
	int fd = ilnp_socket();
	ssize_t n;

	if (CHECK_OK(name, "send", send_peer_str(fd, "peek-me")))
		goto out;
	n = recv_wait(fd, buf, sizeof(buf), MSG_PEEK, &from, WAIT_MS);
	if (n != 7 || memcmp(buf, "peek-me", 7)) {
		fail(name, "MSG_PEEK: got %zd (%s) want 7 bytes 'peek-me'", n,
		     n < 0 ? en(errno) : "");
		goto out;
	}
	memset(buf, 0, sizeof(buf));
	n = recv(fd, buf, sizeof(buf), MSG_DONTWAIT);
	if (n != 7 || memcmp(buf, "peek-me", 7)) {
		fail(name, "recv after MSG_PEEK: got %zd (%s) want the same 7 bytes",
		     n, n < 0 ? en(errno) : "");
		goto out;
	}
	if (!CHECK_ERR(name, "third recv",
		       recv(fd, buf, sizeof(buf), MSG_DONTWAIT), EAGAIN))
		pass(name);
out:
	close(fd);
}

static void t_recv_truncate(void)
{
	const char *name = "recv_truncate";
	char out[100], buf[100];
	struct iovec iov = { buf, 10 };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1 };
	int fd = ilnp_socket();
	ssize_t n;

	memset(out, 'T', sizeof(out));
	memcpy(out, "0123456789", 10);
	if (CHECK_OK(name, "send", send_peer(fd, out, sizeof(out))) ||
	    wait_in(fd, WAIT_MS)) {
		fail(name, "no echo");
		goto out;
	}
	n = recvmsg(fd, &msg, MSG_DONTWAIT);
	if (n != 10 || memcmp(buf, out, 10)) {
		fail(name, "10-byte buffer: got %zd want 10 bytes", n);
		goto out;
	}
	if (!(msg.msg_flags & MSG_TRUNC)) {
		fail(name, "msg_flags: got %#x want MSG_TRUNC", msg.msg_flags);
		goto out;
	}
	if (!CHECK_ERR(name, "the rest is gone",
		       recv(fd, buf, sizeof(buf), MSG_DONTWAIT), EAGAIN))
		pass(name);
out:
	close(fd);
}

static void t_recv_trunc_flag(void)
{
	const char *name = "recv_trunc_flag";
	char out[100], buf[100];
	int fd = ilnp_socket();
	ssize_t n;

	memset(out, 'F', sizeof(out));
	if (CHECK_OK(name, "send", send_peer(fd, out, sizeof(out))))
		goto out;
	n = recv_wait(fd, buf, 10, MSG_TRUNC, NULL, WAIT_MS);
	if (n != 100) {
		fail(name, "recv(10 bytes, MSG_TRUNC): got %zd (%s) want 100",
		     n, n < 0 ? en(errno) : "");
		goto out;
	}
	if (!CHECK_ERR(name, "datagram consumed",
		       recv(fd, buf, sizeof(buf), MSG_DONTWAIT), EAGAIN))
		pass(name);
out:
	close(fd);
}

static void t_recvfrom_address(void)
{
	const char *name = "recvfrom_address";
	struct sockaddr_ilnp from, want = peer_sa();
	socklen_t alen = sizeof(from);
	char buf[64];
	int fd = ilnp_socket(), bad = 0;
	ssize_t n;

	if (CHECK_OK(name, "send", send_peer_str(fd, "who")) ||
	    wait_in(fd, WAIT_MS)) {
		fail(name, "no echo");
		goto out;
	}
	memset(&from, 0xa5, sizeof(from));
	n = recvfrom(fd, buf, sizeof(buf), MSG_DONTWAIT,
		     (struct sockaddr *)&from, &alen);
	if (n != 3) {
		fail(name, "recvfrom: got %zd want 3", n);
		goto out;
	}
	if (alen != sizeof(from))
		fail(name, "addrlen: got %u want %zu", alen, sizeof(from));
	else
		expect_sa(name, "source", &from, &want, &bad);
	if (alen == sizeof(from) && !bad)
		pass(name);
out:
	close(fd);
}

static void t_timestamp(void)
{
	const char *name = "so_timestamp";
	char buf[64], cbuf[CMSG_SPACE(sizeof(struct timeval))];
	struct iovec iov = { buf, sizeof(buf) };
	struct msghdr msg = {
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = cbuf, .msg_controllen = sizeof(cbuf),
	};
	struct timeval tv, now;
	struct cmsghdr *c;
	int fd = ilnp_socket(), one = 1, found = 0;

	if (CHECK_OK(name, "SO_TIMESTAMP",
		     setsockopt(fd, SOL_SOCKET, SO_TIMESTAMP, &one,
				sizeof(one))) ||
	    CHECK_OK(name, "send", send_peer_str(fd, "time")) ||
	    wait_in(fd, WAIT_MS) ||
	    CHECK_OK(name, "recvmsg", recvmsg(fd, &msg, MSG_DONTWAIT)))
		goto out;
	gettimeofday(&now, NULL);
	for (c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c))
		if (c->cmsg_level == SOL_SOCKET &&
		    c->cmsg_type == SCM_TIMESTAMP) {
			memcpy(&tv, CMSG_DATA(c), sizeof(tv));
			found = 1;
		}
	if (!found)
		fail(name, "cmsg: got none want SCM_TIMESTAMP");
	else if (tv.tv_sec > now.tv_sec || tv.tv_sec + 30 < now.tv_sec)
		fail(name, "timestamp: got %ld want about %ld",
		     (long)tv.tv_sec, (long)now.tv_sec);
	else
		pass(name);
out:
	close(fd);
}

/* --- poll, select, epoll -------------------------------------------------- */

static void t_poll(void)
{
	const char *name = "poll";
	struct pollfd p;
	int fd = ilnp_socket(), n;

	p.fd = fd;
	p.events = POLLIN | POLLOUT;
	n = poll(&p, 1, 0);
	if (n != 1 || p.revents != (POLLOUT)) {
		fail(name, "fresh socket: got %d revents %#x want POLLOUT only",
		     n, p.revents);
		goto out;
	}
	if (CHECK_OK(name, "bind", bind_to(fd, 0, 0, 0)))
		goto out;
	p.events = POLLIN;
	n = poll(&p, 1, 100);
	if (n != 0) {
		fail(name, "empty: got %d revents %#x want timeout", n,
		     p.revents);
		goto out;
	}
	if (CHECK_OK(name, "send", send_peer_str(fd, "poll")))
		goto out;
	p.events = POLLIN;
	n = poll(&p, 1, WAIT_MS);
	if (n != 1 || p.revents != POLLIN)
		fail(name, "after the echo: got %d revents %#x want POLLIN", n,
		     p.revents);
	else
		pass(name);
out:
	close(fd);
}

static void t_select(void)
{
	const char *name = "select";
	struct timeval tv = { 0, 0 };
	fd_set r, w;
	int fd = ilnp_socket(), n;

	FD_ZERO(&r);
	FD_ZERO(&w);
	FD_SET(fd, &r);
	FD_SET(fd, &w);
	n = select(fd + 1, &r, &w, NULL, &tv);
	if (n != 1 || FD_ISSET(fd, &r) || !FD_ISSET(fd, &w)) {
		fail(name, "fresh socket: got %d want writable only", n);
		goto out;
	}
	if (CHECK_OK(name, "send", send_peer_str(fd, "select")))
		goto out;
	FD_ZERO(&r);
	FD_SET(fd, &r);
	tv.tv_sec = WAIT_MS / 1000;
	n = select(fd + 1, &r, NULL, NULL, &tv);
	if (n != 1 || !FD_ISSET(fd, &r))
		fail(name, "after the echo: got %d want readable", n);
	else
		pass(name);
out:
	close(fd);
}

static void t_epoll(void)
{
	const char *name = "epoll";
	struct epoll_event ev = { .events = EPOLLIN | EPOLLOUT }, got;
	int fd = ilnp_socket(), ep = epoll_create1(0), n;

	ev.data.fd = fd;
	if (CHECK_OK(name, "epoll_ctl", epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev)))
		goto out;
	n = epoll_wait(ep, &got, 1, 0);
	if (n != 1 || got.events != EPOLLOUT) {
		fail(name, "fresh socket: got %d events %#x want EPOLLOUT only",
		     n, n > 0 ? got.events : 0);
		goto out;
	}
	ev.events = EPOLLIN;
	if (CHECK_OK(name, "epoll_ctl mod",
		     epoll_ctl(ep, EPOLL_CTL_MOD, fd, &ev)) ||
	    CHECK_OK(name, "bind", bind_to(fd, 0, 0, 0)))
		goto out;
	n = epoll_wait(ep, &got, 1, 100);
	if (n != 0) {
		fail(name, "empty: got %d events %#x want none", n,
		     got.events);
		goto out;
	}
	if (CHECK_OK(name, "send", send_peer_str(fd, "epoll")))
		goto out;
	n = epoll_wait(ep, &got, 1, WAIT_MS);
	if (n != 1 || got.events != EPOLLIN || got.data.fd != fd)
		fail(name, "after the echo: got %d events %#x want EPOLLIN", n,
		     n > 0 ? got.events : 0);
	else
		pass(name);
out:
	close(ep);
	close(fd);
}

/* --- connect ------------------------------------------------------------- */

static void t_connect_send(void)
{
	const char *name = "connect_send";
	struct sockaddr_ilnp sa = peer_sa(), got;
	socklen_t len = sizeof(got);
	unsigned int port;
	char buf[64];
	int fd = ilnp_socket(), bad = 0;
	ssize_t n;

	if (CHECK_OK(name, "connect",
		     connect(fd, (struct sockaddr *)&sa, sizeof(sa))))
		goto out;
	port = local_port(fd);
	if (!port_ephemeral(port)) {
		fail(name, "port after connect: got %u want %u..%u", port,
		     ILNP_PORT_EPHEMERAL_MIN, ILNP_PORT_EPHEMERAL_MAX);
		goto out;
	}
	memset(&got, 0xa5, sizeof(got));
	if (CHECK_OK(name, "getpeername",
		     getpeername(fd, (struct sockaddr *)&got, &len)))
		goto out;
	if (len != sizeof(got)) {
		fail(name, "getpeername length: got %u want %zu", len,
		     sizeof(got));
		goto out;
	}
	expect_sa(name, "getpeername", &got, &sa, &bad);
	if (bad || CHECK_OK(name, "send", send(fd, "conn", 4, 0)))
		goto out;
	if (wait_in(fd, WAIT_MS)) {
		fail(name, "no echo");
		goto out;
	}
	n = recv(fd, buf, sizeof(buf), MSG_DONTWAIT);
	if (n != 4 || memcmp(buf, "conn", 4))
		fail(name, "echo: got %zd want 4 bytes 'conn'", n);
	else
		pass(name);
out:
	close(fd);
}

static void t_connect_bad_address(void)
{
	const char *name = "connect_bad_address";
	struct sockaddr_ilnp sa = sa_make(peer_loc, 0, peer_port);
	int fd = ilnp_socket(), bad = 0;

	bad |= CHECK_ERR(name, "NID 0",
			 connect(fd, (struct sockaddr *)&sa, sizeof(sa)),
			 EINVAL);
	sa = peer_sa();
	bad |= CHECK_ERR(name, "short addrlen",
			 connect(fd, (struct sockaddr *)&sa, sizeof(sa) - 1),
			 EINVAL);
	sa.silnp_flags = 1;
	bad |= CHECK_ERR(name, "flags 1",
			 connect(fd, (struct sockaddr *)&sa, sizeof(sa)),
			 EINVAL);
	sa = peer_sa();
	sa.silnp_family = AF_INET6;
	bad |= CHECK_ERR(name, "AF_INET6",
			 connect(fd, (struct sockaddr *)&sa, sizeof(sa)),
			 EAFNOSUPPORT);
	if (!bad)
		pass(name);
	close(fd);
}

static void t_connect_unspec(void)
{
	const char *name = "connect_unspec";
	struct sockaddr_ilnp sa = peer_sa(), got;
	struct sockaddr un = { .sa_family = AF_UNSPEC };
	socklen_t len = sizeof(got);
	int fd = ilnp_socket();

	if (!CHECK_OK(name, "connect",
		      connect(fd, (struct sockaddr *)&sa, sizeof(sa))) &&
	    !CHECK_OK(name, "connect AF_UNSPEC",
		      connect(fd, &un, sizeof(un))) &&
	    !CHECK_ERR(name, "getpeername after AF_UNSPEC",
		       getpeername(fd, (struct sockaddr *)&got, &len),
		       ENOTCONN) &&
	    !CHECK_ERR(name, "send after AF_UNSPEC", send(fd, "x", 1, 0),
		       EDESTADDRREQ) &&
	    !echo_roundtrip(name, fd, 5))
		pass(name);
	close(fd);
}

/* The responder answers "both" from its second port, then its first:
 * an unconnected socket gets both, a connected one only the second.
 */
static void t_connect_filters(void)
{
	const char *name = "connect_filters";
	struct sockaddr_ilnp sa = peer_sa(), from;
	char buf[64];
	int fd = ilnp_socket();
	ssize_t n;

	if (CHECK_OK(name, "send 'both' unconnected", send_peer_str(fd, "both")))
		goto out;
	n = recv_wait(fd, buf, sizeof(buf), 0, &from, WAIT_MS);
	if (n != 5 || memcmp(buf, "other", 5) ||
	    ntohs(from.silnp_port) != peer_port + RESP_OTHER_PORT_OFFSET) {
		fail(name, "unconnected, first: got %zd bytes from port %u want 'other' from %u",
		     n, ntohs(from.silnp_port),
		     peer_port + RESP_OTHER_PORT_OFFSET);
		goto out;
	}
	n = recv_wait(fd, buf, sizeof(buf), 0, &from, WAIT_MS);
	if (n != 4 || memcmp(buf, "main", 4) ||
	    ntohs(from.silnp_port) != peer_port) {
		fail(name, "unconnected, second: got %zd bytes want 'main'", n);
		goto out;
	}
	if (CHECK_OK(name, "connect",
		     connect(fd, (struct sockaddr *)&sa, sizeof(sa))) ||
	    CHECK_OK(name, "send 'both' connected", send(fd, "both", 4, 0)))
		goto out;
	n = recv_wait(fd, buf, sizeof(buf), 0, &from, WAIT_MS);
	if (n != 4 || memcmp(buf, "main", 4) ||
	    ntohs(from.silnp_port) != peer_port) {
		fail(name, "connected: got %zd bytes from port %u want 'main' from %u only",
		     n, ntohs(from.silnp_port), peer_port);
		goto out;
	}
	if (!wait_in(fd, QUIET_MS))
		fail(name, "connected: got a second datagram want none");
	else
		pass(name);
out:
	close(fd);
}

/* --- shutdown ------------------------------------------------------------ */

static int connected_socket(const char *name)
{
	struct sockaddr_ilnp sa = peer_sa();
	int fd = ilnp_socket();

	if (CHECK_OK(name, "connect",
		     connect(fd, (struct sockaddr *)&sa, sizeof(sa)))) {
		close(fd);
		return -1;
	}
	return fd;
}

static void t_shutdown_wr(void)
{
	const char *name = "shutdown_wr";
	struct timespec zero = { 0, 0 };
	sigset_t pipe, old;
	int fd = connected_socket(name), sig;

	if (fd < 0)
		return;
	sigemptyset(&pipe);
	sigaddset(&pipe, SIGPIPE);
	sigprocmask(SIG_BLOCK, &pipe, &old);
	if (CHECK_OK(name, "shutdown(SHUT_WR)", shutdown(fd, SHUT_WR)) ||
	    CHECK_ERR(name, "send MSG_NOSIGNAL",
		      send(fd, "x", 1, MSG_NOSIGNAL), EPIPE))
		goto out;
	if (sigtimedwait(&pipe, NULL, &zero) == SIGPIPE) {
		fail(name, "SIGPIPE with MSG_NOSIGNAL: got one want none");
		goto out;
	}
	if (CHECK_ERR(name, "send", send(fd, "x", 1, 0), EPIPE))
		goto out;
	sig = sigtimedwait(&pipe, NULL, &zero);
	if (sig != SIGPIPE)
		fail(name, "SIGPIPE without MSG_NOSIGNAL: got none want one");
	else
		pass(name);
out:
	sigprocmask(SIG_SETMASK, &old, NULL);
	close(fd);
}

static void t_shutdown_bad_how(void)
{
	int fd = connected_socket("shutdown_bad_how");

	if (fd < 0)
		return;
	if (!CHECK_ERR("shutdown_bad_how", "how 7", shutdown(fd, 7), EINVAL) &&
	    !CHECK_ERR("shutdown_bad_how", "how 3", shutdown(fd, 3), EINVAL) &&
	    !CHECK_ERR("shutdown_bad_how", "how -1", shutdown(fd, -1), EINVAL) &&
	    !echo_roundtrip("shutdown_bad_how", fd, 4))
		pass("shutdown_bad_how");
	close(fd);
}

/* Not connected: ENOTCONN, but it applies all the same. */
static void t_shutdown_unconnected(void)
{
	struct sockaddr_ilnp sa = peer_sa();
	int fd = ilnp_socket();

	if (!CHECK_ERR("shutdown_unconnected", "shutdown(SHUT_WR)",
		       shutdown(fd, SHUT_WR), ENOTCONN) &&
	    !CHECK_ERR("shutdown_unconnected", "sendto after it",
		       sendto_sa(fd, "x", 1, MSG_NOSIGNAL, &sa), EPIPE))
		pass("shutdown_unconnected");
	close(fd);
}

struct reader {
	int fd;
	pid_t tid;	/* the reader sets it: atomic accesses */
	ssize_t ret;
	int err;
	double ms;
};

/* Thread @tid of ours is asleep (state S): 1, else 0. */
static int thread_sleeping(pid_t tid)
{
	char path[64], line[512], *p;
	FILE *f;
	int s = 0;

	snprintf(path, sizeof(path), "/proc/self/task/%d/stat", (int)tid);
	f = fopen(path, "r");
	if (!f)
		return 0;
	if (fgets(line, sizeof(line), f)) {
		p = strrchr(line, ')');
		s = p && p[1] == ' ' && p[2] == 'S';
	}
	fclose(f);
	return s;
}

static void *reader_main(void *arg)
{
	struct reader *r = arg;
	char buf[16];
	double t = now_ms();

	__atomic_store_n(&r->tid, (pid_t)syscall(SYS_gettid),
			 __ATOMIC_RELEASE);
	r->ret = recv(r->fd, buf, sizeof(buf), 0);
	r->err = errno;
	r->ms = now_ms() - t;
	return NULL;
}

static void t_shutdown_rd_wakes(void)
{
	const char *name = "shutdown_rd_wakes";
	struct timeval tv = { 5, 0 };	/* a safety net, should not expire */
	const struct timespec wait = { 0, 50000000 };
	struct reader r = { 0 };
	pthread_t th;
	pid_t tid;
	int fd = connected_socket(name), i;

	if (fd < 0)
		return;
	r.fd = fd;
	if (CHECK_OK(name, "SO_RCVTIMEO",
		     setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv))) ||
	    pthread_create(&th, NULL, reader_main, &r))
		goto out;
	/* Until the reader sleeps in recv(), 3 s at most. */
	for (i = 0; i < 60; i++) {
		tid = __atomic_load_n(&r.tid, __ATOMIC_ACQUIRE);
		if (tid && thread_sleeping(tid))
			break;
		nanosleep(&wait, NULL);
	}
	nanosleep(&wait, NULL);
	if (CHECK_OK(name, "shutdown(SHUT_RD)", shutdown(fd, SHUT_RD))) {
		pthread_join(th, NULL);
		goto out;
	}
	pthread_join(th, NULL);
	if (r.ms < 50)
		fail(name, "reader: returned after %.0f ms, before shutdown",
		     r.ms);
	else if (r.ret != 0)
		fail(name, "blocked recv: got %zd (%s) after %.0f ms want 0 at once",
		     r.ret, r.ret < 0 ? en(r.err) : "", r.ms);
	else if (r.ms > 4000)
		fail(name, "blocked recv woke after %.0f ms want at once",
		     r.ms);
	else
		pass(name);
out:
	close(fd);
}

static void t_poll_shutdown(void)
{
	const char *name = "poll_shutdown";
	struct pollfd p;
	char buf[4];
	int fd = connected_socket(name), n;

	if (fd < 0)
		return;
	p.fd = fd;
	p.events = POLLIN | POLLRDHUP;
	if (CHECK_OK(name, "shutdown(SHUT_RD)", shutdown(fd, SHUT_RD)))
		goto out;
	n = poll(&p, 1, 0);
	if (n != 1 || !(p.revents & POLLRDHUP) || (p.revents & POLLHUP)) {
		fail(name, "after SHUT_RD: got %d revents %#x want POLLRDHUP, no POLLHUP",
		     n, p.revents);
		goto out;
	}
	n = recv(fd, buf, sizeof(buf), 0);
	if (n != 0) {
		fail(name, "blocking recv after SHUT_RD, empty: got %d (%s) want 0",
		     n, n < 0 ? en(errno) : "");
		goto out;
	}
	if (CHECK_OK(name, "shutdown(SHUT_WR)", shutdown(fd, SHUT_WR)))
		goto out;
	n = poll(&p, 1, 0);
	if (n != 1 || !(p.revents & POLLHUP))
		fail(name, "after SHUT_RDWR: got %d revents %#x want POLLHUP",
		     n, p.revents);
	else
		pass(name);
out:
	close(fd);
}

/* --- options --------------------------------------------------------------- */

static int get_int(int fd, int level, int opt, int *val)
{
	socklen_t len = sizeof(*val);
	int r = getsockopt(fd, level, opt, val, &len);

	if (!r && len != sizeof(*val)) {
		errno = EMSGSIZE;
		return -1;
	}
	return r;
}

static int set_int(int fd, int level, int opt, int val)
{
	return setsockopt(fd, level, opt, &val, sizeof(val));
}

#define PKTINFO_FMT	"loc %llx ifindex %u hop limit %u"

static void t_pktinfo(void)
{
	const char *name = "pktinfo";
	char buf[64], cbuf[256], got[64], want[64];
	struct iovec iov = { buf, sizeof(buf) };
	struct msghdr msg = {
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = cbuf, .msg_controllen = sizeof(cbuf),
	};
	struct ilnp_pktinfo info;
	unsigned int ifindex = if_nametoindex("ilnp0");
	struct cmsghdr *c;
	int fd = ilnp_socket(), val = -1, found = 0;

	if (CHECK_OK(name, "getsockopt, default",
		     get_int(fd, SOL_ILNP, ILNP_PKTINFO, &val)))
		goto out;
	if (val != 0) {
		fail(name, "default: got %d want 0", val);
		goto out;
	}
	if (CHECK_OK(name, "setsockopt 1",
		     set_int(fd, SOL_ILNP, ILNP_PKTINFO, 1)) ||
	    CHECK_OK(name, "getsockopt",
		     get_int(fd, SOL_ILNP, ILNP_PKTINFO, &val)))
		goto out;
	if (!val) {
		fail(name, "after setting: got 0 want non-zero");
		goto out;
	}
	if (CHECK_OK(name, "send", send_peer_str(fd, "info")) ||
	    wait_in(fd, WAIT_MS) ||
	    CHECK_OK(name, "recvmsg", recvmsg(fd, &msg, MSG_DONTWAIT)))
		goto out;
	for (c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c)) {
		if (c->cmsg_level != SOL_ILNP || c->cmsg_type != ILNP_PKTINFO)
			continue;
		found++;
		if (c->cmsg_len != CMSG_LEN(sizeof(info))) {
			fail(name, "cmsg_len: got %zu want %zu",
			     (size_t)c->cmsg_len, (size_t)CMSG_LEN(sizeof(info)));
			goto out;
		}
		memcpy(&info, CMSG_DATA(c), sizeof(info));
	}
	if (found != 1) {
		fail(name, "ILNP_PKTINFO cmsgs: got %d want 1", found);
		goto out;
	}
	if (be64_get(info.ipi_loc) != my_loc || info.ipi_ifindex != ifindex ||
	    info.ipi_hop_limit != ILNP_DEFAULT_HOP_LIMIT) {
		snprintf(got, sizeof(got), PKTINFO_FMT,
			 (unsigned long long)be64_get(info.ipi_loc),
			 info.ipi_ifindex, info.ipi_hop_limit);
		snprintf(want, sizeof(want), PKTINFO_FMT,
			 (unsigned long long)my_loc, ifindex,
			 ILNP_DEFAULT_HOP_LIMIT);
		fail(name, "got %s want %s", got, want);
		goto out;
	}
	/* Off again: no control message. */
	msg.msg_controllen = sizeof(cbuf);
	if (CHECK_OK(name, "setsockopt 0",
		     set_int(fd, SOL_ILNP, ILNP_PKTINFO, 0)) ||
	    CHECK_OK(name, "send", send_peer_str(fd, "info")) ||
	    wait_in(fd, WAIT_MS) ||
	    CHECK_OK(name, "recvmsg", recvmsg(fd, &msg, MSG_DONTWAIT)))
		goto out;
	if (msg.msg_controllen)
		fail(name, "after turning it off: got %zu bytes of cmsg want 0",
		     (size_t)msg.msg_controllen);
	else
		pass(name);
out:
	close(fd);
}

static void t_sockopt_unknown(void)
{
	const char *name = "sockopt_unknown";
	int fd = ilnp_socket(), val, bad = 0;

	bad |= CHECK_ERR(name, "setsockopt SOL_ILNP 99",
			 set_int(fd, SOL_ILNP, 99, 1), ENOPROTOOPT);
	bad |= CHECK_ERR(name, "getsockopt SOL_ILNP 99",
			 get_int(fd, SOL_ILNP, 99, &val), ENOPROTOOPT);
	bad |= CHECK_ERR(name, "setsockopt SOL_ILNP 0",
			 set_int(fd, SOL_ILNP, 0, 1), ENOPROTOOPT);
	if (!bad)
		pass(name);
	close(fd);
}

static void t_hoplimit_range(void)
{
	const char *name = "hoplimit_range";
	static const int badv[] = { 0, 256, -2, 1000 }, goodv[] = { 1, 255, 7 };
	char what[64];
	unsigned int i;
	int fd = ilnp_socket(), bad = 0, val;

	for (i = 0; i < ARRAY_SIZE(badv); i++) {
		snprintf(what, sizeof(what), "ILNP_HOPLIMIT %d", badv[i]);
		bad |= CHECK_ERR(name, what,
				 set_int(fd, SOL_ILNP, ILNP_HOPLIMIT, badv[i]),
				 EINVAL);
	}
	for (i = 0; i < ARRAY_SIZE(goodv); i++) {
		snprintf(what, sizeof(what), "ILNP_HOPLIMIT %d", goodv[i]);
		bad |= CHECK_OK(name, what,
				set_int(fd, SOL_ILNP, ILNP_HOPLIMIT, goodv[i]));
	}
	if (!CHECK_OK(name, "getsockopt",
		      get_int(fd, SOL_ILNP, ILNP_HOPLIMIT, &val)) && val != 7) {
		fail(name, "getsockopt after setting 7: got %d want 7", val);
		bad = 1;
	}
	bad |= CHECK_OK(name, "ILNP_HOPLIMIT -1",
			set_int(fd, SOL_ILNP, ILNP_HOPLIMIT, -1));
	if (!bad)
		pass(name);
	close(fd);
}

/* The hop limit the peer sees: ours, then the node's again after -1. */
static int peer_saw_hlim(const char *name, int fd, int want)
{
	char buf[32], expect[32];
	ssize_t n;

	if (CHECK_OK(name, "send 'hlim'", send_peer_str(fd, "hlim")))
		return -1;
	n = recv_wait(fd, buf, sizeof(buf) - 1, 0, NULL, WAIT_MS);
	if (n < 0) {
		fail(name, "no answer to 'hlim': %s", en(errno));
		return -1;
	}
	buf[n] = 0;
	snprintf(expect, sizeof(expect), "hlim %d", want);
	if (strcmp(buf, expect)) {
		fail(name, "peer saw: got '%s' want '%s'", buf, expect);
		return -1;
	}
	return 0;
}

static void t_hoplimit_sent(void)
{
	const char *name = "hoplimit_sent";
	int fd = ilnp_socket();

	if (!CHECK_OK(name, "ILNP_HOPLIMIT 7",
		      set_int(fd, SOL_ILNP, ILNP_HOPLIMIT, 7)) &&
	    !peer_saw_hlim(name, fd, 7) &&
	    !CHECK_OK(name, "ILNP_HOPLIMIT 1",
		      set_int(fd, SOL_ILNP, ILNP_HOPLIMIT, 1)) &&
	    !peer_saw_hlim(name, fd, 1) &&
	    !CHECK_OK(name, "ILNP_HOPLIMIT -1",
		      set_int(fd, SOL_ILNP, ILNP_HOPLIMIT, -1)) &&
	    !peer_saw_hlim(name, fd, ILNP_DEFAULT_HOP_LIMIT))
		pass(name);
	close(fd);
}

/* --- buffers, /proc -------------------------------------------------------- */

/* The peer bursts N datagrams at a socket with a small SO_RCVBUF (8192,
 * doubled by the core, room for a few) that is not read: the first ones
 * are queued, in order, the rest dropped and counted; queued + drops ==
 * N, and the queue stops as soon as it reaches SO_RCVBUF.
 */
static void t_rcvbuf_overflow(void)
{
	const char *name = "rcvbuf_overflow";
	const unsigned int n = 40, size = 1000;
	char buf[2048], cbuf[256], req[64], got[64];
	struct iovec iov = { buf, sizeof(buf) };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1 };
	unsigned int queued = 0, ovfl = 0, seq;
	struct proc_sock ps;
	struct cmsghdr *c;
	int fd = ilnp_socket(), note = ilnp_socket(), rcvbuf = 0, over = 0;
	ssize_t r;

	if (CHECK_OK(name, "SO_RCVBUF",
		     set_int(fd, SOL_SOCKET, SO_RCVBUF, 8192)) ||
	    CHECK_OK(name, "SO_RXQ_OVFL",
		     set_int(fd, SOL_SOCKET, SO_RXQ_OVFL, 1)) ||
	    CHECK_OK(name, "get SO_RCVBUF",
		     get_int(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf)) ||
	    CHECK_OK(name, "bind", bind_to(fd, 0, 0, 0)) ||
	    CHECK_OK(name, "bind notice socket", bind_to(note, 0, 0, 0)))
		goto out;
	snprintf(req, sizeof(req), "burst %u %u %u", n, size, local_port(note));
	if (CHECK_OK(name, "send the request", send_peer_str(fd, req)))
		goto out;
	r = recv_wait(note, buf, sizeof(buf) - 1, 0, NULL, 4 * WAIT_MS);
	if (r < 0) {
		fail(name, "no 'done' from the responder: %s", en(errno));
		goto out;
	}
	if (proc_sock_find(local_port(fd), &ps)) {
		fail(name, "no /proc/net/ilnp/sockets line for port %u",
		     local_port(fd));
		goto out;
	}
	printf("# %s: SO_RCVBUF %d, recv_q %ld, drops %ld\n", name, rcvbuf,
	       ps.recv_q, ps.drops);
	for (;;) {
		msg.msg_control = cbuf;
		msg.msg_controllen = sizeof(cbuf);
		r = recvmsg(fd, &msg, MSG_DONTWAIT);
		if (r < 0)
			break;
		if (r != size || parse_burst_seq(buf, &seq) ||
		    seq != queued) {
			snprintf(got, sizeof(got), "%zd bytes, '%.12s'", r,
				 buf);
			fail(name, "queued datagram %u: got %s want %u bytes 'burst %u'",
			     queued, got, size, queued);
			goto out;
		}
		for (c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c))
			if (c->cmsg_level == SOL_SOCKET &&
			    c->cmsg_type == SO_RXQ_OVFL)
				memcpy(&ovfl, CMSG_DATA(c), sizeof(ovfl));
		queued++;
	}
	if (errno != EAGAIN) {
		fail(name, "draining: got %s want EAGAIN", en(errno));
		goto out;
	}
	printf("# %s: sent %u, queued %u, drops %ld, last SO_RXQ_OVFL %u\n",
	       name, n, queued, ps.drops, ovfl);
	/* As for UDP, a datagram is refused once the queue has reached
	 * SO_RCVBUF: the last one taken may overshoot it by its own size,
	 * never more.  All are the same size: each is recv_q / queued.
	 */
	if (queued && (ps.recv_q < rcvbuf ||
		       ps.recv_q - ps.recv_q / queued >= rcvbuf)) {
		fail(name, "recv_q: got %ld (%u datagrams) want SO_RCVBUF %d reached, %s",
		     ps.recv_q, queued, rcvbuf, "and not before the last one");
		over = 1;
	}
	if (!queued || queued == n)
		fail(name, "queued: got %u want some but not all of %u",
		     queued, n);
	else if (queued + ps.drops != n)
		fail(name, "queued + drops: got %u + %ld want %u", queued,
		     ps.drops, n);
	else if (ovfl > ps.drops)
		fail(name, "SO_RXQ_OVFL: got %u want at most %ld", ovfl,
		     ps.drops);
	else if (!over)
		pass(name);
out:
	close(note);
	close(fd);
}

static void t_proc_sockets(void)
{
	const char *name = "proc_sockets";
	struct sockaddr_ilnp sa = peer_sa();
	char local[ILNP_ILV_STRLEN], peer[ILNP_ILV_STRLEN], got[256], want[128];
	struct proc_sock ps;
	struct stat st;
	int fd = ilnp_socket();

	if (!proc_sock_find(20030, &ps)) {
		fail(name, "port 20030 listed before bind");
		goto out;
	}
	if (CHECK_OK(name, "bind", bind_to(fd, 0, 0, 20030)) ||
	    fstat(fd, &st))
		goto out;
	ilv_str(0, my_nid, local, sizeof(local));
	if (proc_sock_find(20030, &ps)) {
		fail(name, "bound: no line for port 20030");
		goto out;
	}
	if (strcmp(ps.local, local) || strcmp(ps.peer, "*") || ps.peer_port ||
	    ps.recv_q || ps.drops || ps.uid != getuid() ||
	    ps.inode != st.st_ino) {
		snprintf(got, sizeof(got),
			 "%s %u %s %u %ld drops %ld uid %lu inode %lu",
			 ps.local, ps.port, ps.peer, ps.peer_port, ps.recv_q,
			 ps.drops, ps.uid, ps.inode);
		snprintf(want, sizeof(want),
			 "%s 20030 * 0 0 drops 0 uid %u inode %lu", local,
			 getuid(), (unsigned long)st.st_ino);
		fail(name, "bound: got '%s' want '%s'", got, want);
		goto out;
	}
	if (CHECK_OK(name, "connect",
		     connect(fd, (struct sockaddr *)&sa, sizeof(sa))))
		goto out;
	ilv_str(peer_loc, peer_nid, peer, sizeof(peer));
	if (proc_sock_find(20030, &ps) || strcmp(ps.peer, peer) ||
	    ps.peer_port != peer_port) {
		fail(name, "connected: got peer '%s %u' want '%s %u'", ps.peer,
		     ps.peer_port, peer, peer_port);
		goto out;
	}
	close(fd);
	fd = -1;
	if (!proc_sock_find(20030, &ps))
		fail(name, "closed: port 20030 still listed");
	else
		pass(name);
out:
	if (fd >= 0)
		close(fd);
}

/* By ioctl, not /sys: that shows the namespace /sys was mounted in. */
static unsigned int read_mtu(void)
{
	struct ifreq ifr = { .ifr_name = "ilnp0" };
	int fd = socket(AF_INET6, SOCK_DGRAM, 0);

	if (fd < 0 || ioctl(fd, SIOCGIFMTU, &ifr) < 0) {
		fprintf(stderr, "socket_api: cannot read the ilnp0 MTU: %s\n",
			strerror(errno));
		exit(99);
	}
	close(fd);
	return ifr.ifr_mtu;
}

int main(int argc, char **argv)
{
	if (argc < 4 || argc > 6 || parse_ilv(argv[1], &my_loc, &my_nid) ||
	    parse_ilv(argv[2], &peer_loc, &peer_nid) ||
	    parse_uint(argv[3], &peer_port) || !peer_port ||
	    (argc >= 5 && parse_id(argv[4], &loc2)) ||
	    (argc == 6 && parse_ilv(argv[5], &peer2_loc, &peer2_nid))) {
		fprintf(stderr,
			"usage: socket_api LOCAL_ILV PEER_ILV PEER_PORT [LOCAL_LOC2 [PEER2_ILV]]\n");
		return 99;
	}
	mtu = read_mtu();
	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("# socket_api: us %s, peer %s port %u, ilnp0 MTU %u\n",
	       argv[1], argv[2], peer_port, mtu);

	RUN(t_socket_type);
	RUN(t_socket_protocol);
	RUN(t_bind_short_addrlen);
	RUN(t_bind_family);
	RUN(t_bind_flags);
	RUN(t_bind_foreign_nid);
	RUN(t_bind_foreign_locator);
	RUN(t_bind_own_address);
	RUN(t_bind_ephemeral);
	RUN(t_bind_in_use);
	RUN(t_bind_twice);
	RUN(t_close_frees_port);
	RUN(t_bind_privileged_root);
	RUN(t_bind_privileged_nocap);
	RUN(t_getsockname_unbound);
	RUN(t_getpeername_unconnected);
	RUN(t_send_no_destination);
	RUN(t_sendto_nid0);
	RUN(t_sendto_bad_address);
	RUN(t_sendto_unknown_nid);
	RUN(t_sendto_no_route);
	RUN(t_sendto_bad_locator_first);
	RUN(t_sendto_autobind);
	RUN(t_sendto_mtu);
	RUN(t_sendto_max);
	RUN(t_oob);
	RUN(t_sendto_locator0);
	RUN(t_recv_dontwait);
	RUN(t_recv_rcvtimeo);
	RUN(t_recv_nonblock);
	RUN(t_recv_peek);
	RUN(t_recv_truncate);
	RUN(t_recv_trunc_flag);
	RUN(t_recvfrom_address);
	RUN(t_timestamp);
	RUN(t_poll);
	RUN(t_select);
	RUN(t_epoll);
	RUN(t_connect_send);
	RUN(t_connect_bad_address);
	RUN(t_connect_unspec);
	RUN(t_connect_filters);
	RUN(t_shutdown_wr);
	RUN(t_shutdown_bad_how);
	RUN(t_shutdown_unconnected);
	RUN(t_shutdown_rd_wakes);
	RUN(t_poll_shutdown);
	RUN(t_pktinfo);
	RUN(t_sockopt_unknown);
	RUN(t_hoplimit_range);
	RUN(t_hoplimit_sent);
	RUN(t_rcvbuf_overflow);
	RUN(t_proc_sockets);

	printf("# socket_api: %d failure(s)\n", failures);
	return failures > 98 ? 98 : failures;
}
