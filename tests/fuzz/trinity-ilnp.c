// SPDX-License-Identifier: GPL-2.0
/*
 * LD_PRELOAD shim that points trinity at AF_ILNP.
 *
 * Debian's trinity knows family 18 only by its old name (ASH) and has no
 * socket generator for it: "-P ASH" gives "Can't do protocol ASH" and no
 * socket at all.  Run it with a family it can generate (-P PACKET) under
 * this shim instead:
 *  - socket(), which trinity calls to fill its pool of file descriptors,
 *    makes an AF_ILNP datagram socket (keeping SOCK_NONBLOCK/SOCK_CLOEXEC),
 *    so every fd-taking socket call it fuzzes lands on AF_ILNP;
 *  - syscall(__NR_socket, ...), the fuzzed socket() call itself, keeps its
 *    random type and protocol but gets family AF_ILNP.
 * TRINITY_ILNP_COUNT=FILE makes the shim append a line per AF_ILNP socket
 * created, so a test can prove the family was exercised.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/ilnp.h>

static void count_socket(int fd)
{
	const char *path = getenv("TRINITY_ILNP_COUNT");
	int out;

	if (fd < 0 || !path)
		return;
	/* One line per socket: trinity's children append to one file. */
	out = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
	if (out < 0)
		return;
	if (write(out, "s\n", 2) != 2)
		fprintf(stderr, "trinity-ilnp: short write to %s\n", path);
	close(out);
}

int socket(int domain, int type, int protocol)
{
	int flags = type & (SOCK_NONBLOCK | SOCK_CLOEXEC);
	(void)domain;
	(void)protocol;
	return (int)syscall(SYS_socket, AF_ILNP, SOCK_DGRAM | flags, 0);
}

long syscall(long nr, ...)
{
	static long (*real_syscall)(long, ...);
	long a[6];
	va_list ap;
	long ret;
	int i;

	if (!real_syscall)
		real_syscall = (long (*)(long, ...))dlsym(RTLD_NEXT, "syscall");
	va_start(ap, nr);
	for (i = 0; i < 6; i++)
		a[i] = va_arg(ap, long);
	va_end(ap);
	if (nr == SYS_socket || nr == SYS_socketpair)
		a[0] = AF_ILNP;
	ret = real_syscall(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
	if (nr == SYS_socket)
		count_socket((int)ret);
	return ret;
}
