// SPDX-License-Identifier: GPL-2.0
/*
 * One generic netlink request and its answer, quietly (genl_quiet.h).
 * Built twice: into lib/libilnp.a, and position-independent into the
 * NSS module.
 */
#include <errno.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>

#include "genl_quiet.h"

struct nlmsghdr *genl_quiet_put(char *buf, uint16_t type, uint8_t cmd,
				uint8_t version, uint16_t flags,
				unsigned int seq)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct genlmsghdr *genl;

	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | flags;
	nlh->nlmsg_seq = seq;
	genl = mnl_nlmsg_put_extra_header(nlh, sizeof(*genl));
	genl->cmd = cmd;
	genl->version = version;
	return nlh;
}

int genl_quiet_talk(struct mnl_socket *sock, char *buf, size_t size,
		    mnl_cb_t cb, void *data)
{
	const struct nlmsghdr *nlh = (const struct nlmsghdr *)buf;
	unsigned int portid = mnl_socket_get_portid(sock);
	unsigned int seq = nlh->nlmsg_seq;
	ssize_t len;
	int ret;

	if (mnl_socket_sendto(sock, nlh, nlh->nlmsg_len) < 0)
		return -errno;
	do {
		len = mnl_socket_recvfrom(sock, buf, size);
		if (len < 0)
			return errno == EAGAIN ? -ETIMEDOUT : -errno;
		errno = 0;
		ret = mnl_cb_run(buf, len, seq, portid, cb, data);
	} while (ret > MNL_CB_STOP);
	if (ret < 0)
		return errno ? -errno : -EPROTO;
	return 0;
}
