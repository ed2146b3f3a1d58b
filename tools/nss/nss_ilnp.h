/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The entry points of libnss_ilnp.so.2 that glibc looks up by name
 * (nss_ilnp.c); nss_ilnp.map exports these and nothing else.
 */
#ifndef _ILNP_NSS_ILNP_H
#define _ILNP_NSS_ILNP_H

#include <netdb.h>
#include <nss.h>
#include <stdint.h>
#include <sys/socket.h>

enum nss_status _nss_ilnp_gethostbyname4_r(const char *name,
					   struct gaih_addrtuple **pat,
					   char *buffer, size_t buflen,
					   int *errnop, int *h_errnop,
					   int32_t *ttlp);
enum nss_status _nss_ilnp_gethostbyname3_r(const char *name, int af,
					   struct hostent *host,
					   char *buffer, size_t buflen,
					   int *errnop, int *h_errnop,
					   int32_t *ttlp, char **canonp);
enum nss_status _nss_ilnp_gethostbyname2_r(const char *name, int af,
					   struct hostent *host,
					   char *buffer, size_t buflen,
					   int *errnop, int *h_errnop);
enum nss_status _nss_ilnp_gethostbyname_r(const char *name,
					  struct hostent *host,
					  char *buffer, size_t buflen,
					  int *errnop, int *h_errnop);
enum nss_status _nss_ilnp_gethostbyaddr2_r(const void *addr, socklen_t len,
					   int af, struct hostent *host,
					   char *buffer, size_t buflen,
					   int *errnop, int *h_errnop,
					   int32_t *ttlp);
enum nss_status _nss_ilnp_gethostbyaddr_r(const void *addr, socklen_t len,
					  int af, struct hostent *host,
					  char *buffer, size_t buflen,
					  int *errnop, int *h_errnop);

#endif /* _ILNP_NSS_ILNP_H */
