/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Hostname resolution for ilnp applications: a hostname learnt by
 * discovery (see "ilnp-ip neigh") into an AF_ILNP socket address.
 *
 * The answer comes from the neighbour table of the calling thread's
 * network namespace, through the generic netlink family "ilnp"
 * (ILNP_CMD_RESOLVE); nothing else is consulted, so resolving is quick
 * and needs no privilege.  Each call opens and closes its own netlink
 * socket and prints nothing: the functions are safe to call from any
 * thread.
 *
 * Link with lib/libilnp.a and libmnl (pkg-config --libs libmnl); once
 * installed, #include <ilnp/resolve.h> and pkg-config --cflags --libs
 * ilnp give both.  An
 * application that takes a destination from its command line does
 *
 *	struct sockaddr_ilnp sa;
 *	int err;
 *
 *	err = ilnp_addr_parse(argv[1], &sa);
 *	if (err) {
 *		fprintf(stderr, "%s: %s\n", argv[1], ilnp_addr_strerror(err));
 *		exit(2);
 *	}
 *	sa.silnp_port = htons(port);
 *	sendto(fd, buf, len, 0, (struct sockaddr *)&sa, sizeof(sa));
 *
 * A resolved address carries the neighbour's preferred locator at the
 * time of the call; set silnp_addr.loc to 0 to let the kernel follow
 * the peer's locator instead.
 */
#ifndef _ILNP_TOOLS_RESOLVE_H
#define _ILNP_TOOLS_RESOLVE_H

#include <linux/ilnp.h>

/*
 * @hostname into @sa: silnp_family AF_ILNP, silnp_addr.loc (the
 * preferred locator) and silnp_addr.nid in network byte order, port and
 * flags 0.  @sa is written only on success.  Returns 0 or a negative
 * errno:
 *   -ENOENT        no neighbour of that name (unknown host)
 *   -EINVAL        not a valid hostname (empty, over ILNP_HOSTNAME_MAX
 *                  bytes, characters other than letters, digits, '-'
 *                  and '.')
 *   -EAFNOSUPPORT  the ilnp module is not loaded
 *   -EPROTO        the kernel's answer made no sense
 *   others         from the netlink socket (-ENOMEM, -EOPNOTSUPP for a
 *                  module without discovery, ...)
 */
int ilnp_resolve(const char *hostname, struct sockaddr_ilnp *sa);

/*
 * @text as an I-LV ("0:0:0:b:ffff:0:0:b", "::ffff:0:0:b") or, failing
 * that, as a hostname through ilnp_resolve().  The same results; -EINVAL
 * when @text is neither an I-LV nor a valid hostname.  An I-LV is taken
 * as it is, without asking the kernel.
 */
int ilnp_addr_parse(const char *text, struct sockaddr_ilnp *sa);

/* A short message for the errors above ("unknown host", ...). */
const char *ilnp_addr_strerror(int err);

#endif /* _ILNP_TOOLS_RESOLVE_H */
