// SPDX-License-Identifier: GPL-2.0
/*
 * Text forms of locators, NIDs and I-LVs, the locator -> multicast
 * group mapping and the hostname rule.
 *
 * This file is plain C on purpose: the kernel module, the KUnit suite and
 * the user-space tools all compile it, so there is exactly one parser.
 */
#ifdef __KERNEL__
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/string.h>
#include "compat.h"
#else
#include <errno.h>
#include <stdio.h>
#include <string.h>
#define EXPORT_SYMBOL_FOR_ILNP_KUNIT(sym)
#endif

#include <ilnp/ilv.h>
#include <linux/ilnp.h>

#define ILNP_ID_GROUPS	4
#define ILNP_ILV_GROUPS	8

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Parse exactly @n groups of one to four hex digits separated by ':',
 * allowing one "::" to stand for one or more zero groups, as in IPv6
 * text.  -EINVAL for malformed text, -ERANGE for a group over 16 bits.
 */
static int parse_groups(const char *s, unsigned short *out, int n)
{
	unsigned short seen[ILNP_ILV_GROUPS];
	int count = 0, gap = -1, i;

	if (!s || !*s)
		return -EINVAL;
	if (s[0] == ':') {
		if (s[1] != ':')
			return -EINVAL;
		gap = 0;
		s += 2;
	}
	while (*s) {
		unsigned int v = 0;
		int digits = 0, d;

		while ((d = hex_digit(*s)) >= 0) {
			if (++digits > 4)
				return -ERANGE;
			v = (v << 4) | d;
			s++;
		}
		if (!digits || count == n)
			return -EINVAL;
		seen[count++] = v;
		if (!*s)
			break;
		if (*s++ != ':')
			return -EINVAL;
		if (*s == ':') {
			if (gap >= 0)
				return -EINVAL;
			gap = count;
			s++;
		} else if (!*s) {
			return -EINVAL;	/* trailing single ':' */
		}
	}

	if (gap < 0) {
		if (count != n)
			return -EINVAL;
		gap = count;
	} else if (count >= n) {
		return -EINVAL;	/* "::" must stand for at least one group */
	}
	for (i = 0; i < gap; i++)
		out[i] = seen[i];
	for (; i < n - (count - gap); i++)
		out[i] = 0;
	for (; i < n; i++)
		out[i] = seen[i - (n - count)];
	return 0;
}

static unsigned long long groups_to_u64(const unsigned short *g)
{
	return (unsigned long long)g[0] << 48 | (unsigned long long)g[1] << 32 |
	       (unsigned long long)g[2] << 16 | g[3];
}

/* A locator or NID: four hex groups, e.g. "0:0:0:a" or "ffff::a". */
int ilnp_id_parse(const char *s, unsigned long long *id)
{
	unsigned short g[ILNP_ID_GROUPS];
	int err;

	err = parse_groups(s, g, ILNP_ID_GROUPS);
	if (err)
		return err;
	*id = groups_to_u64(g);
	return 0;
}
EXPORT_SYMBOL_FOR_ILNP_KUNIT(ilnp_id_parse);

/* An I-LV: eight hex groups like an IPv6 address, locator first. */
int ilnp_ilv_parse(const char *s, unsigned long long *loc,
		   unsigned long long *nid)
{
	unsigned short g[ILNP_ILV_GROUPS];
	int err;

	err = parse_groups(s, g, ILNP_ILV_GROUPS);
	if (err)
		return err;
	*loc = groups_to_u64(g);
	*nid = groups_to_u64(g + ILNP_ID_GROUPS);
	return 0;
}
EXPORT_SYMBOL_FOR_ILNP_KUNIT(ilnp_ilv_parse);

/* Canonical output never compresses zero groups, matching the prototype
 * ("0:0:0:a"), so logs and tool output compare as plain strings.
 * Returns the length written, or -ENOSPC if @size is too small.
 */
static int format_ids(char *buf, size_t size, const unsigned long long *ids,
		      int n)
{
	size_t used = 0;
	int i, shift, len;

	for (i = 0; i < n; i++) {
		for (shift = 48; shift >= 0; shift -= 16) {
			len = snprintf(buf + used, size - used, "%s%llx",
				       i || shift != 48 ? ":" : "",
				       (ids[i] >> shift) & 0xffff);
			if (len < 0 || (size_t)len >= size - used)
				return -ENOSPC;
			used += len;
		}
	}
	return used;
}

int ilnp_id_format(char *buf, size_t size, unsigned long long id)
{
	return format_ids(buf, size, &id, 1);
}
EXPORT_SYMBOL_FOR_ILNP_KUNIT(ilnp_id_format);

int ilnp_ilv_format(char *buf, size_t size, unsigned long long loc,
		    unsigned long long nid)
{
	const unsigned long long ids[] = { loc, nid };

	return format_ids(buf, size, ids, 2);
}
EXPORT_SYMBOL_FOR_ILNP_KUNIT(ilnp_ilv_format);

/* ff12:0:<group id>:0:<locator>, in network byte order. */
void ilnp_locator_group(unsigned char grp[16], unsigned short group_id,
			unsigned long long loc)
{
	int i;

	memset(grp, 0, 16);
	grp[0] = ILNP_GROUP_PREFIX >> 8;
	grp[1] = ILNP_GROUP_PREFIX & 0xff;
	grp[4] = group_id >> 8;
	grp[5] = group_id & 0xff;
	for (i = 0; i < 8; i++)
		grp[8 + i] = loc >> (56 - 8 * i);
}
EXPORT_SYMBOL_FOR_ILNP_KUNIT(ilnp_locator_group);

/* A hostname is @len bytes of letters, digits, '-' and '.', as in DNS
 * names, not starting with '-' or '.'; 0 bytes is "no name".  Plain
 * ASCII tests: the kernel's and libc's isalnum() differ above 127.
 */
int ilnp_hostname_valid(const char *name, size_t len)
{
	size_t i;
	char c;

	if (len > ILNP_HOSTNAME_MAX)
		return 0;
	if (len && (name[0] == '-' || name[0] == '.'))
		return 0;
	for (i = 0; i < len; i++) {
		c = name[i];
		if (!(c >= 'a' && c <= 'z') && !(c >= 'A' && c <= 'Z') &&
		    !(c >= '0' && c <= '9') && c != '-' && c != '.')
			return 0;
	}
	return 1;
}
EXPORT_SYMBOL_FOR_ILNP_KUNIT(ilnp_hostname_valid);
