// SPDX-License-Identifier: GPL-2.0
/*
 * libnss_ilnp.so.2: the glibc NSS "hosts" service "ilnp", so that every
 * program resolves the hostnames discovery learnt ("bob", "bob.ilnp") to
 * identity addresses (identity prefix | NID) and those addresses back to
 * hostnames.  "hosts: files ilnp dns" in /etc/nsswitch.conf turns it on;
 * Documentation/names.rst.
 *
 * This file is glibc's side: the entry points and the packing of answers
 * into the caller's buffer.  lookup.c asks the kernel.  Identity addresses
 * are IPv6 only: an AF_INET question is answered "not found" without
 * asking.  A buffer too small gets NSS_STATUS_TRYAGAIN with ERANGE and
 * NETDB_INTERNAL, glibc's cue to grow it and call again.
 */
#include <errno.h>
#include <stdalign.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>

#include "lookup.h"
#include "nss_ilnp.h"

/* A failure as glibc wants it told: status, errno and h_errno. */
static enum nss_status nss_fail(int err, int *errnop, int *h_errnop)
{
	*errnop = -err;
	switch (err) {
	case -ENOENT:
		*h_errnop = HOST_NOT_FOUND;
		return NSS_STATUS_NOTFOUND;
	case -ERANGE:
		*h_errnop = NETDB_INTERNAL;
		return NSS_STATUS_TRYAGAIN;
	}
	/* No module, or no answer: the next service may know. */
	*h_errnop = NO_RECOVERY;
	return NSS_STATUS_UNAVAIL;
}

/* The caller's buffer, handed out in aligned pieces. */
struct arena {
	char *p;
	size_t left;
};

static void *arena_get(struct arena *a, size_t size, size_t align)
{
	size_t pad = -(uintptr_t)a->p & (align - 1);
	void *piece;

	if (pad > a->left || size > a->left - pad)
		return NULL;
	piece = a->p + pad;
	a->p += pad + size;
	a->left -= pad + size;
	return piece;
}

static char *arena_strdup(struct arena *a, const char *s)
{
	size_t len = strlen(s) + 1;
	char *copy = arena_get(a, len, 1);

	if (copy)
		memcpy(copy, s, len);
	return copy;
}

/* @ans into a hostent of its name, no aliases and its addresses. */
static int fill_hostent(const struct ilnp_nss_answer *ans,
			struct hostent *host, char *buffer, size_t buflen)
{
	struct arena a = { buffer, buflen };
	struct in6_addr *addrs;
	char **aliases, **list;
	unsigned int i;
	char *name;

	name = arena_strdup(&a, ans->name);
	aliases = arena_get(&a, sizeof(*aliases), alignof(char *));
	list = arena_get(&a, (ans->count + 1) * sizeof(*list),
			 alignof(char *));
	addrs = arena_get(&a, ans->count * sizeof(*addrs),
			  alignof(struct in6_addr));
	if (!name || !aliases || !list || !addrs)
		return -ERANGE;
	aliases[0] = NULL;
	for (i = 0; i < ans->count; i++) {
		addrs[i] = ans->addr[i];
		list[i] = (char *)&addrs[i];
	}
	list[i] = NULL;
	host->h_name = name;
	host->h_aliases = aliases;
	host->h_addrtype = AF_INET6;
	host->h_length = sizeof(struct in6_addr);
	host->h_addr_list = list;
	return 0;
}

/* @ans into a list of address tuples, one per address, for getaddrinfo. */
static int fill_tuples(const struct ilnp_nss_answer *ans,
		       struct gaih_addrtuple **pat, char *buffer,
		       size_t buflen)
{
	struct gaih_addrtuple *t, *first = NULL, **next = &first;
	struct arena a = { buffer, buflen };
	char *name = arena_strdup(&a, ans->name);
	unsigned int i;

	if (!ans->count)
		return -ENOENT;
	if (!name)
		return -ERANGE;
	for (i = 0; i < ans->count; i++) {
		t = arena_get(&a, sizeof(*t), alignof(struct gaih_addrtuple));
		if (!t)
			return -ERANGE;
		memset(t, 0, sizeof(*t));
		t->name = i ? NULL : name;
		t->family = AF_INET6;
		memcpy(t->addr, &ans->addr[i], sizeof(t->addr));
		*next = t;
		next = &t->next;
	}
	/* Older glibc hands in a tuple of its own to fill first. */
	if (*pat)
		**pat = *first;
	else
		*pat = first;
	return 0;
}

enum nss_status _nss_ilnp_gethostbyname4_r(const char *name,
					   struct gaih_addrtuple **pat,
					   char *buffer, size_t buflen,
					   int *errnop, int *h_errnop,
					   int32_t *ttlp)
{
	struct ilnp_nss_answer ans;
	int err;

	err = ilnp_nss_by_name(name, &ans);
	if (!err)
		err = fill_tuples(&ans, pat, buffer, buflen);
	if (err)
		return nss_fail(err, errnop, h_errnop);
	/* The table changes as nodes come and go: cache nothing. */
	if (ttlp)
		*ttlp = 0;
	return NSS_STATUS_SUCCESS;
}

enum nss_status _nss_ilnp_gethostbyname3_r(const char *name, int af,
					   struct hostent *host,
					   char *buffer, size_t buflen,
					   int *errnop, int *h_errnop,
					   int32_t *ttlp, char **canonp)
{
	struct ilnp_nss_answer ans;
	int err;

	err = af == AF_INET6 ? ilnp_nss_by_name(name, &ans) : -ENOENT;
	if (!err)
		err = fill_hostent(&ans, host, buffer, buflen);
	if (err)
		return nss_fail(err, errnop, h_errnop);
	if (ttlp)
		*ttlp = 0;
	if (canonp)
		*canonp = host->h_name;
	return NSS_STATUS_SUCCESS;
}

enum nss_status _nss_ilnp_gethostbyname2_r(const char *name, int af,
					   struct hostent *host,
					   char *buffer, size_t buflen,
					   int *errnop, int *h_errnop)
{
	return _nss_ilnp_gethostbyname3_r(name, af, host, buffer, buflen,
					  errnop, h_errnop, NULL, NULL);
}

/* gethostbyname() asks for IPv4 addresses, which no identity is. */
enum nss_status _nss_ilnp_gethostbyname_r(const char *name,
					  struct hostent *host,
					  char *buffer, size_t buflen,
					  int *errnop, int *h_errnop)
{
	return _nss_ilnp_gethostbyname3_r(name, AF_INET, host, buffer, buflen,
					  errnop, h_errnop, NULL, NULL);
}

enum nss_status _nss_ilnp_gethostbyaddr2_r(const void *addr, socklen_t len,
					   int af, struct hostent *host,
					   char *buffer, size_t buflen,
					   int *errnop, int *h_errnop,
					   int32_t *ttlp)
{
	struct ilnp_nss_answer ans;
	struct in6_addr a;
	int err = -ENOENT;

	if (af == AF_INET6 && len == sizeof(a)) {
		memcpy(&a, addr, sizeof(a));
		err = ilnp_nss_by_addr(&a, &ans);
	}
	if (!err)
		err = fill_hostent(&ans, host, buffer, buflen);
	if (err)
		return nss_fail(err, errnop, h_errnop);
	if (ttlp)
		*ttlp = 0;
	return NSS_STATUS_SUCCESS;
}

enum nss_status _nss_ilnp_gethostbyaddr_r(const void *addr, socklen_t len,
					  int af, struct hostent *host,
					  char *buffer, size_t buflen,
					  int *errnop, int *h_errnop)
{
	return _nss_ilnp_gethostbyaddr2_r(addr, len, af, host, buffer, buflen,
					  errnop, h_errnop, NULL);
}
