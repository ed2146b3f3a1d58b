/* SPDX-License-Identifier: GPL-2.0 */
/*
 * I-LV helpers shared by the kernel module, its KUnit tests and the
 * user-space tools: one implementation of the text forms, of the
 * locator -> multicast group mapping and of the hostname rule
 * (net/ilnp/ilv.c).
 */
#ifndef _ILNP_ILV_H
#define _ILNP_ILV_H

#ifdef __KERNEL__
#include <linux/types.h>
#else
#include <stddef.h>
#include <stdint.h>
#endif

/* All-nodes locator (local flood scope), NID 0. */
#define ILNP_ALL_NODES_LOC	0xff02000000000001ULL

/* Multicast group of a locator: ff12:0:<group id>:0:<locator>. */
#define ILNP_GROUP_PREFIX	0xff12

int ilnp_id_parse(const char *s, unsigned long long *id);
int ilnp_id_format(char *buf, size_t size, unsigned long long id);
int ilnp_ilv_parse(const char *s, unsigned long long *loc,
		   unsigned long long *nid);
int ilnp_ilv_format(char *buf, size_t size, unsigned long long loc,
		    unsigned long long nid);
void ilnp_locator_group(unsigned char grp[16], unsigned short group_id,
			unsigned long long loc);
int ilnp_hostname_valid(const char *name, size_t len);

#endif /* _ILNP_ILV_H */
