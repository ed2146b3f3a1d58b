/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The NSS module's questions to the kernel (lookup.c): a hostname into
 * identity addresses, an identity address into a hostname.  Answers come
 * from the "ilnp" generic netlink family of the calling thread's network
 * namespace: the node itself (ILNP_CMD_NODE_GET) and the neighbours
 * discovery learnt (ILNP_CMD_NEIGH_GET), both readable without privilege.
 * Nothing is kept between calls, so any thread may call at any time.
 */
#ifndef _ILNP_NSS_LOOKUP_H
#define _ILNP_NSS_LOOKUP_H

#include <netinet/in.h>
#include <linux/ilnp.h>

/* Two NIDs may claim one name; more than this are left out. */
#define ILNP_NSS_ADDRS_MAX	16

struct ilnp_nss_answer {
	char name[ILNP_HOSTNAME_MAX + 1];	/* as the node spells it */
	unsigned int count;			/* addresses in addr[] */
	struct in6_addr addr[ILNP_NSS_ADDRS_MAX];
};

/*
 * Both return 0 (@ans filled), -ENOENT (no such name or address),
 * -EAFNOSUPPORT (the ilnp module is not loaded, or speaks another
 * netlink version) or another negative errno from the socket.
 *
 * @name matches a hostname case-insensitively, with or without the
 * ".ilnp" suffix and a trailing dot.  @addr matches when its upper half is
 * our identity prefix and its lower half our NID or a neighbour's.
 */
int ilnp_nss_by_name(const char *name, struct ilnp_nss_answer *ans);
int ilnp_nss_by_addr(const struct in6_addr *addr, struct ilnp_nss_answer *ans);

#endif /* _ILNP_NSS_LOOKUP_H */
