/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One generic netlink request and its answer, quietly: for the library
 * code that runs inside other programs (resolve.c, the NSS module's
 * lookup.c), which must print nothing, keep no state between calls and
 * return an errno.  The tools' nl.c does the same for a whole run, with
 * messages.
 */
#ifndef ILNP_GENL_QUIET_H
#define ILNP_GENL_QUIET_H

#include <stddef.h>
#include <stdint.h>
#include <libmnl/libmnl.h>

/* A request header in @buf: generic netlink family @type, command @cmd
 * of @version, NLM_F_REQUEST with @flags (NLM_F_ACK, NLM_F_DUMP).
 */
struct nlmsghdr *genl_quiet_put(char *buf, uint16_t type, uint8_t cmd,
				uint8_t version, uint16_t flags,
				unsigned int seq);

/* Send the request in @buf (of @size bytes, reused for the answers) and
 * run @cb on the replies until the ack or the dump's end: 0 or -errno;
 * -ETIMEDOUT when the socket's receive timeout passed.
 */
int genl_quiet_talk(struct mnl_socket *sock, char *buf, size_t size,
		    mnl_cb_t cb, void *data);

#endif
