// SPDX-License-Identifier: GPL-2.0
/*
 * Netlink plumbing shared by ilnp-ip and ilnp-ping.
 *
 * Every request goes out with NETLINK_EXT_ACK set, so a kernel error comes
 * back with the extack message the module wrote for people; that message
 * is what we print, and strerror() only when there is none.
 */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>

#include "nl.h"

#define NL_REQ_SIZE	8192
#define NL_RX_SIZE	32768	/* the largest skb a netlink dump builds */
#define NETNS_RUN_DIR	"/run/netns"

const char *nl_errpfx = "Error: ";

/* Attribute types of family "ilnp", per attribute set; UNSPEC ones are
 * not checked.
 */
static const enum mnl_attr_data_type node_types[ILNP_A_NODE_MAX + 1] = {
	[ILNP_A_NODE_NID]		= MNL_TYPE_U64,
	[ILNP_A_NODE_HOSTNAME]		= MNL_TYPE_NUL_STRING,
	[ILNP_A_NODE_HOP_LIMIT]		= MNL_TYPE_U8,
	[ILNP_A_NODE_ROUTE_LIFETIME]	= MNL_TYPE_U32,
	[ILNP_A_NODE_ROUTE_CAP]		= MNL_TYPE_U32,
	[ILNP_A_NODE_ROUTE_COUNT]	= MNL_TYPE_U32,
	[ILNP_A_NODE_DISC_PERIOD]	= MNL_TYPE_U32,
	[ILNP_A_NODE_NEIGH_LIFETIME]	= MNL_TYPE_U32,
	[ILNP_A_NODE_NEIGH_CAP]		= MNL_TYPE_U32,
	[ILNP_A_NODE_NEIGH_COUNT]	= MNL_TYPE_U32,
	[ILNP_A_NODE_SESSION_LIFETIME]	= MNL_TYPE_U32,
	[ILNP_A_NODE_LU_RETRIES]	= MNL_TYPE_U32,
	[ILNP_A_NODE_PATH_HOLD_MS]	= MNL_TYPE_U32,
	[ILNP_A_NODE_CACHE_COUNT]	= MNL_TYPE_U32,
};

static const enum mnl_attr_data_type link_types[ILNP_A_LINK_MAX + 1] = {
	[ILNP_A_LINK_IFINDEX]		= MNL_TYPE_U32,
	[ILNP_A_LINK_IFNAME]		= MNL_TYPE_NUL_STRING,
	[ILNP_A_LINK_UNDERLAY]		= MNL_TYPE_U32,
	[ILNP_A_LINK_PORT]		= MNL_TYPE_U16,
	[ILNP_A_LINK_GROUP]		= MNL_TYPE_U16,
	[ILNP_A_LINK_MTU]		= MNL_TYPE_U32,
};

static const enum mnl_attr_data_type locator_types[ILNP_A_LOCATOR_MAX + 1] = {
	[ILNP_A_LOCATOR_IFINDEX]	= MNL_TYPE_U32,
	[ILNP_A_LOCATOR_LOC]		= MNL_TYPE_U64,
	[ILNP_A_LOCATOR_PREFERENCE]	= MNL_TYPE_U16,
	[ILNP_A_LOCATOR_NEW_LOC]	= MNL_TYPE_U64,
	[ILNP_A_LOCATOR_NEW_IFINDEX]	= MNL_TYPE_U32,
	[ILNP_A_LOCATOR_HANDOFF_MS]	= MNL_TYPE_U32,
};

static const enum mnl_attr_data_type route_types[ILNP_A_ROUTE_MAX + 1] = {
	[ILNP_A_ROUTE_LOC]		= MNL_TYPE_U64,
	[ILNP_A_ROUTE_VIA]		= MNL_TYPE_U64,
	[ILNP_A_ROUTE_IFINDEX]		= MNL_TYPE_U32,
	[ILNP_A_ROUTE_AGE_MS]		= MNL_TYPE_U32,
	[ILNP_A_ROUTE_FLAGS]		= MNL_TYPE_U32,
	[ILNP_A_ROUTE_LLADDR]		= MNL_TYPE_BINARY,
	[ILNP_A_ROUTE_NID]		= MNL_TYPE_U64,
};

/* PEER_LOC repeats: nl_parse() keeps the last, nl_peer_locs() all. */
static const enum mnl_attr_data_type neigh_types[ILNP_A_NEIGH_MAX + 1] = {
	[ILNP_A_NEIGH_NID]		= MNL_TYPE_U64,
	[ILNP_A_NEIGH_HOSTNAME]		= MNL_TYPE_NUL_STRING,
	[ILNP_A_NEIGH_LOC]		= MNL_TYPE_U64,
	[ILNP_A_NEIGH_PEER_LOC]		= MNL_TYPE_NESTED,
	[ILNP_A_NEIGH_IFINDEX]		= MNL_TYPE_U32,
	[ILNP_A_NEIGH_VIA]		= MNL_TYPE_U64,
	[ILNP_A_NEIGH_AGE_MS]		= MNL_TYPE_U32,
	[ILNP_A_NEIGH_SEQ]		= MNL_TYPE_U32,
};

static const enum mnl_attr_data_type cache_types[ILNP_A_CACHE_MAX + 1] = {
	[ILNP_A_CACHE_NID]		= MNL_TYPE_U64,
	[ILNP_A_CACHE_LOC]		= MNL_TYPE_U64,
	[ILNP_A_CACHE_PEER_LOC]		= MNL_TYPE_NESTED,
	[ILNP_A_CACHE_NONCE_LOCAL]	= MNL_TYPE_U32,
	[ILNP_A_CACHE_NONCE_PEER]	= MNL_TYPE_U32,
	[ILNP_A_CACHE_AGE_MS]		= MNL_TYPE_U32,
	[ILNP_A_CACHE_LU_STATE]		= MNL_TYPE_U8,
	[ILNP_A_CACHE_LU_SEQ]		= MNL_TYPE_U32,
	[ILNP_A_CACHE_LU_RETRIES]	= MNL_TYPE_U32,
	[ILNP_A_CACHE_LU_RTT_US]	= MNL_TYPE_U32,
};

static const enum mnl_attr_data_type stats_types[ILNP_A_STATS_MAX + 1] = {
	[ILNP_A_STATS_IFINDEX]		= MNL_TYPE_U32,
	[ILNP_A_STATS_IFNAME]		= MNL_TYPE_NUL_STRING,
	[ILNP_A_STATS_COUNTERS]		= MNL_TYPE_NESTED,
};

static const enum mnl_attr_data_type echo_types[ILNP_A_ECHO_MAX + 1] = {
	[ILNP_A_ECHO_DST_LOC]		= MNL_TYPE_U64,
	[ILNP_A_ECHO_DST_NID]		= MNL_TYPE_U64,
	[ILNP_A_ECHO_ID]		= MNL_TYPE_U16,
	[ILNP_A_ECHO_SEQ]		= MNL_TYPE_U16,
	[ILNP_A_ECHO_HOP_LIMIT]		= MNL_TYPE_U8,
	[ILNP_A_ECHO_PAYLOAD_LEN]	= MNL_TYPE_U16,
	[ILNP_A_ECHO_SRC_LOC]		= MNL_TYPE_U64,
	[ILNP_A_ECHO_SRC_NID]		= MNL_TYPE_U64,
	[ILNP_A_ECHO_IFINDEX]		= MNL_TYPE_U32,
	[ILNP_A_ECHO_LOC]		= MNL_TYPE_U64,
};

static const enum mnl_attr_data_type socket_types[ILNP_A_SOCKET_MAX + 1] = {
	[ILNP_A_SOCKET_LOC]		= MNL_TYPE_U64,
	[ILNP_A_SOCKET_NID]		= MNL_TYPE_U64,
	[ILNP_A_SOCKET_PORT]		= MNL_TYPE_U16,
	[ILNP_A_SOCKET_PEER_LOC]	= MNL_TYPE_U64,
	[ILNP_A_SOCKET_PEER_NID]	= MNL_TYPE_U64,
	[ILNP_A_SOCKET_PEER_PORT]	= MNL_TYPE_U16,
	[ILNP_A_SOCKET_RECV_Q]		= MNL_TYPE_U32,
	[ILNP_A_SOCKET_SEND_Q]		= MNL_TYPE_U32,
	[ILNP_A_SOCKET_DROPS]		= MNL_TYPE_U32,
	[ILNP_A_SOCKET_UID]		= MNL_TYPE_U32,
	[ILNP_A_SOCKET_INODE]		= MNL_TYPE_U64,
};

static const enum mnl_attr_data_type event_types[ILNP_A_EVENT_MAX + 1] = {
	[ILNP_A_EVENT_TYPE]		= MNL_TYPE_U32,
	[ILNP_A_EVENT_IFINDEX]		= MNL_TYPE_U32,
	[ILNP_A_EVENT_LOC]		= MNL_TYPE_U64,
	[ILNP_A_EVENT_NEW_IFINDEX]	= MNL_TYPE_U32,
	[ILNP_A_EVENT_NEW_LOC]		= MNL_TYPE_U64,
	[ILNP_A_EVENT_PREFERENCE]	= MNL_TYPE_U16,
	[ILNP_A_EVENT_HANDOFF_MS]	= MNL_TYPE_U32,
	[ILNP_A_EVENT_NID]		= MNL_TYPE_U64,
	[ILNP_A_EVENT_PEER_LOC]		= MNL_TYPE_U64,
	[ILNP_A_EVENT_VIA]		= MNL_TYPE_U64,
	[ILNP_A_EVENT_SEQ]		= MNL_TYPE_U32,
	[ILNP_A_EVENT_RETRIES]		= MNL_TYPE_U32,
	[ILNP_A_EVENT_RTT_US]		= MNL_TYPE_U32,
	[ILNP_A_EVENT_LU_OP]		= MNL_TYPE_U8,
	[ILNP_A_EVENT_REASON]		= MNL_TYPE_U32,
	[ILNP_A_EVENT_HOSTNAME]		= MNL_TYPE_NUL_STRING,
	[ILNP_A_EVENT_LLADDR]		= MNL_TYPE_BINARY,
};

static const enum mnl_attr_data_type peer_loc_types[ILNP_A_PEER_LOC_MAX + 1] = {
	[ILNP_A_PEER_LOC_LOC]		= MNL_TYPE_U64,
	[ILNP_A_PEER_LOC_PREFERENCE]	= MNL_TYPE_U16,
	[ILNP_A_PEER_LOC_LIFETIME]	= MNL_TYPE_U32,
};

struct attr_set {
	unsigned int max;
	const enum mnl_attr_data_type *types;
};

/* Indexed by the top-level nest's type, and NL_SET_PEER_LOC. */
static const struct attr_set attr_sets[] = {
	[ILNP_A_NODE]		= { ILNP_A_NODE_MAX, node_types },
	[ILNP_A_LINK]		= { ILNP_A_LINK_MAX, link_types },
	[ILNP_A_LOCATOR]	= { ILNP_A_LOCATOR_MAX, locator_types },
	[ILNP_A_ROUTE]		= { ILNP_A_ROUTE_MAX, route_types },
	[ILNP_A_NEIGH]		= { ILNP_A_NEIGH_MAX, neigh_types },
	[ILNP_A_CACHE]		= { ILNP_A_CACHE_MAX, cache_types },
	[ILNP_A_STATS]		= { ILNP_A_STATS_MAX, stats_types },
	[ILNP_A_ECHO]		= { ILNP_A_ECHO_MAX, echo_types },
	[ILNP_A_SOCKET]		= { ILNP_A_SOCKET_MAX, socket_types },
	[ILNP_A_EVENT]		= { ILNP_A_EVENT_MAX, event_types },
	[NL_SET_PEER_LOC]	= { ILNP_A_PEER_LOC_MAX, peer_loc_types },
};

/* Like "ip -n NAME": a name under /run/netns, or a path such as
 * /proc/PID/ns/net.  Returns 0, 1 when the namespace cannot be opened
 * (a bad name) or 2 when entering it fails.
 */
int nl_netns_enter(const char *name)
{
	char path[4096];
	int fd;

	if (!*name) {
		fprintf(stderr, "%snetwork namespace name is empty\n",
			nl_errpfx);
		return 1;
	}
	if (strchr(name, '/'))
		snprintf(path, sizeof(path), "%s", name);
	else
		snprintf(path, sizeof(path), "%s/%s", NETNS_RUN_DIR, name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		fprintf(stderr, "%scannot open network namespace \"%s\": %s\n",
			nl_errpfx, name, strerror(errno));
		return 1;
	}
	if (setns(fd, CLONE_NEWNET) < 0) {
		fprintf(stderr, "%scannot enter network namespace \"%s\": %s\n",
			nl_errpfx, name, strerror(errno));
		close(fd);
		return 2;
	}
	close(fd);
	return 0;
}

struct nl *nl_open(int bus)
{
	struct nl *nl;
	int one = 1;

	nl = calloc(1, sizeof(*nl));
	if (!nl)
		goto err;
	nl->req = malloc(NL_REQ_SIZE);
	nl->rx = malloc(NL_RX_SIZE);
	if (!nl->req || !nl->rx)
		goto err;
	nl->sock = mnl_socket_open(bus);
	if (!nl->sock)
		goto err;
	if (mnl_socket_bind(nl->sock, 0, MNL_SOCKET_AUTOPID) < 0)
		goto err;
	nl->portid = mnl_socket_get_portid(nl->sock);
	nl->seq = time(NULL);
	/* Both are best effort: kernels without them still work. */
	mnl_socket_setsockopt(nl->sock, NETLINK_EXT_ACK, &one, sizeof(one));
	mnl_socket_setsockopt(nl->sock, NETLINK_CAP_ACK, &one, sizeof(one));
	return nl;
err:
	fprintf(stderr, "%scannot open netlink socket: %s\n", nl_errpfx,
		strerror(errno));
	nl_close(nl);
	return NULL;
}

void nl_close(struct nl *nl)
{
	if (!nl)
		return;
	if (nl->sock)
		mnl_socket_close(nl->sock);
	free(nl->req);
	free(nl->rx);
	free(nl);
}

int nl_fd(const struct nl *nl)
{
	return mnl_socket_get_fd(nl->sock);
}

struct nlmsghdr *nl_req(struct nl *nl, __u16 type, __u16 flags)
{
	struct nlmsghdr *nlh;

	memset(nl->req, 0, NL_REQ_SIZE);
	nlh = mnl_nlmsg_put_header(nl->req);
	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = flags;
	nlh->nlmsg_seq = ++nl->seq;
	return nlh;
}

static struct nlmsghdr *genl_req(struct nl *nl, __u16 family, __u8 cmd,
				 __u8 version, __u16 flags)
{
	struct nlmsghdr *nlh = nl_req(nl, family, flags);
	struct genlmsghdr *genl;

	genl = mnl_nlmsg_put_extra_header(nlh, sizeof(*genl));
	genl->cmd = cmd;
	genl->version = version;
	return nlh;
}

struct nlmsghdr *nl_genl_req(struct nl *nl, __u8 cmd, __u16 flags)
{
	return genl_req(nl, nl->family, cmd, ILNP_GENL_VERSION, flags);
}

/* One nl_talk() in progress: the caller's callback and data. */
struct talk {
	struct nl *nl;
	mnl_cb_t cb;
	void *data;
};

static int talk_data_cb(const struct nlmsghdr *nlh, void *data)
{
	struct talk *t = data;

	return t->cb ? t->cb(nlh, t->data) : MNL_CB_OK;
}

static int extack_attr_cb(const struct nlattr *attr, void *data)
{
	struct nl *nl = data;

	if (mnl_attr_get_type(attr) == NLMSGERR_ATTR_MSG &&
	    mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) == 0)
		snprintf(nl->errmsg, sizeof(nl->errmsg), "%s",
			 mnl_attr_get_str(attr));
	return MNL_CB_OK;
}

/* The extack attributes start @offset bytes into the payload. */
static void extack_parse(const struct nlmsghdr *nlh, size_t offset,
			 struct nl *nl)
{
	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return;
	if (offset > mnl_nlmsg_get_payload_len(nlh))
		return;
	mnl_attr_parse(nlh, offset, extack_attr_cb, nl);
}

static int talk_error_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlmsgerr *err = mnl_nlmsg_get_payload(nlh);
	struct talk *t = data;
	size_t offset = sizeof(*err);

	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(*err)) {
		errno = EBADMSG;
		return MNL_CB_ERROR;
	}
	if (!err->error)
		return MNL_CB_STOP;	/* the ack */
	/* Without NETLINK_CAP_ACK the request's payload comes back too. */
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED) &&
	    err->msg.nlmsg_len >= sizeof(struct nlmsghdr))
		offset += err->msg.nlmsg_len - sizeof(struct nlmsghdr);
	extack_parse(nlh, offset, t->nl);
	errno = err->error < 0 ? -err->error : err->error;
	return MNL_CB_ERROR;
}

/* A dump that fails part way reports the error in NLMSG_DONE. */
static int talk_done_cb(const struct nlmsghdr *nlh, void *data)
{
	struct talk *t = data;
	int err;

	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(err))
		return MNL_CB_STOP;
	memcpy(&err, mnl_nlmsg_get_payload(nlh), sizeof(err));
	if (err >= 0)
		return MNL_CB_STOP;
	extack_parse(nlh, sizeof(err), t->nl);
	errno = -err;
	return MNL_CB_ERROR;
}

/* Not const: mnl_cb_run2() takes a plain pointer. */
static mnl_cb_t talk_ctl_cb[NLMSG_DONE + 1] = {
	[NLMSG_ERROR]	= talk_error_cb,
	[NLMSG_DONE]	= talk_done_cb,
};

/* Send the request built with nl_req() or nl_genl_req() and run @cb on
 * each reply until the ack or the end of the dump.  Do requests must ask
 * for NLM_F_ACK, or this waits for an ack that never comes.  Returns 0 or
 * a negative errno; the extack message, if any, is left in nl->errmsg.
 */
int nl_talk(struct nl *nl, mnl_cb_t cb, void *data)
{
	struct nlmsghdr *nlh = nl->req;
	struct talk t = { .nl = nl, .cb = cb, .data = data };
	ssize_t len;
	int ret;

	nl->errmsg[0] = '\0';
	if (mnl_socket_sendto(nl->sock, nlh, nlh->nlmsg_len) < 0)
		return -errno;
	do {
		len = mnl_socket_recvfrom(nl->sock, nl->rx, NL_RX_SIZE);
		if (len < 0)
			return -errno;
		errno = 0;
		ret = mnl_cb_run2(nl->rx, len, nlh->nlmsg_seq, nl->portid,
				  talk_data_cb, &t, talk_ctl_cb,
				  MNL_ARRAY_SIZE(talk_ctl_cb));
	} while (ret > MNL_CB_STOP);
	if (ret < 0)
		return errno ? -errno : -EPROTO;
	return 0;
}

void nl_perror(const struct nl *nl, int err)
{
	if (nl && nl->errmsg[0])
		fprintf(stderr, "%s%s\n", nl_errpfx, nl->errmsg);
	else if (err == -EINTR)
		fprintf(stderr, "%sthe table changed during the dump, try again\n",
			nl_errpfx);
	else
		fprintf(stderr, "%s%s\n", nl_errpfx, strerror(-err));
}

static int family_attr_cb(const struct nlattr *attr, void *data)
{
	const struct nlattr **tb = data;

	if (mnl_attr_type_valid(attr, CTRL_ATTR_MAX) > 0)
		tb[mnl_attr_get_type(attr)] = attr;
	return MNL_CB_OK;
}

static int mcgrp_attr_cb(const struct nlattr *attr, void *data)
{
	const struct nlattr **tb = data;

	if (mnl_attr_type_valid(attr, CTRL_ATTR_MCAST_GRP_MAX) > 0)
		tb[mnl_attr_get_type(attr)] = attr;
	return MNL_CB_OK;
}

/* The family's multicast groups: name and id of each. */
static void family_mcgrps(struct nl *nl, const struct nlattr *groups)
{
	const struct nlattr *grp;

	nl->n_mcgrps = 0;
	mnl_attr_for_each_nested(grp, groups) {
		const struct nlattr *tb[CTRL_ATTR_MCAST_GRP_MAX + 1] = { NULL };

		if (nl->n_mcgrps == NL_MCGRPS_MAX)
			break;
		mnl_attr_parse_nested(grp, mcgrp_attr_cb, tb);
		if (!tb[CTRL_ATTR_MCAST_GRP_NAME] || !tb[CTRL_ATTR_MCAST_GRP_ID] ||
		    mnl_attr_validate(tb[CTRL_ATTR_MCAST_GRP_NAME],
				      MNL_TYPE_NUL_STRING) < 0 ||
		    mnl_attr_validate(tb[CTRL_ATTR_MCAST_GRP_ID],
				      MNL_TYPE_U32) < 0)
			continue;
		snprintf(nl->mcgrps[nl->n_mcgrps].name,
			 sizeof(nl->mcgrps[0].name), "%s",
			 mnl_attr_get_str(tb[CTRL_ATTR_MCAST_GRP_NAME]));
		nl->mcgrps[nl->n_mcgrps].id =
			mnl_attr_get_u32(tb[CTRL_ATTR_MCAST_GRP_ID]);
		nl->n_mcgrps++;
	}
}

/* The id of the family's multicast group @name, or 0. */
__u32 nl_mcgrp_id(const struct nl *nl, const char *name)
{
	unsigned int i;

	for (i = 0; i < nl->n_mcgrps; i++)
		if (!strcmp(nl->mcgrps[i].name, name))
			return nl->mcgrps[i].id;
	return 0;
}

static int family_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[CTRL_ATTR_MAX + 1] = { NULL };
	struct nl *nl = data;

	mnl_attr_parse(nlh, sizeof(struct genlmsghdr), family_attr_cb, tb);
	if (!tb[CTRL_ATTR_FAMILY_ID] ||
	    mnl_attr_validate(tb[CTRL_ATTR_FAMILY_ID], MNL_TYPE_U16) < 0) {
		errno = EPROTO;
		return MNL_CB_ERROR;
	}
	nl->family = mnl_attr_get_u16(tb[CTRL_ATTR_FAMILY_ID]);
	if (tb[CTRL_ATTR_VERSION] &&
	    !mnl_attr_validate(tb[CTRL_ATTR_VERSION], MNL_TYPE_U32))
		nl->version = mnl_attr_get_u32(tb[CTRL_ATTR_VERSION]);
	if (tb[CTRL_ATTR_MCAST_GROUPS] &&
	    !mnl_attr_validate(tb[CTRL_ATTR_MCAST_GROUPS], MNL_TYPE_NESTED))
		family_mcgrps(nl, tb[CTRL_ATTR_MCAST_GROUPS]);
	return MNL_CB_OK;
}

/* A generic netlink socket with the "ilnp" family resolved.  Prints the
 * error and returns NULL on failure; a missing family means the module
 * is not loaded.
 */
struct nl *nl_open_ilnp(void)
{
	struct nlmsghdr *nlh;
	struct nl *nl;
	int err;

	nl = nl_open(NETLINK_GENERIC);
	if (!nl)
		return NULL;
	nlh = genl_req(nl, GENL_ID_CTRL, CTRL_CMD_GETFAMILY, 1,
		       NLM_F_REQUEST | NLM_F_ACK);
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, ILNP_GENL_NAME);
	err = nl_talk(nl, family_cb, nl);
	if (err == -ENOENT) {
		fprintf(stderr,
			"%sthe ilnp module is not loaded (generic netlink family \"%s\" not found)\n",
			nl_errpfx, ILNP_GENL_NAME);
	} else if (!err && !nl->family) {
		fprintf(stderr, "%sno id in the reply for family \"%s\"\n",
			nl_errpfx, ILNP_GENL_NAME);
		err = -EPROTO;
	} else if (err) {
		nl_perror(nl, err);
	} else if (nl->version != ILNP_GENL_VERSION) {
		/* Version 1 had other attributes: nothing would parse. */
		fprintf(stderr,
			"%sthe ilnp module speaks netlink version %u, this tool %u: use tools and module of one build\n",
			nl_errpfx, nl->version, ILNP_GENL_VERSION);
		err = -EPROTO;
	}
	if (err) {
		nl_close(nl);
		return NULL;
	}
	return nl;
}

/* Read one datagram of messages no request waits for (sequence 0: echo
 * replies) and run @cb on each.  Returns 0 or a negative errno
 * (-ENOBUFS: messages were lost because the socket overran).
 */
int nl_recv(struct nl *nl, mnl_cb_t cb, void *data)
{
	ssize_t len;

	len = mnl_socket_recvfrom(nl->sock, nl->rx, NL_RX_SIZE);
	if (len < 0)
		return -errno;
	if (mnl_cb_run(nl->rx, len, 0, 0, cb, data) < 0)
		return -errno;
	return 0;
}

/* One nl_parse(): the set's types and the table being filled. */
struct parse {
	const struct attr_set *set;
	const struct nlattr **tb;
};

static int ilnp_attr_cb(const struct nlattr *attr, void *data)
{
	const struct parse *p = data;
	int type = mnl_attr_get_type(attr);

	/* Newer kernels may send attributes we do not know: skip them. */
	if (mnl_attr_type_valid(attr, p->set->max) <= 0)
		return MNL_CB_OK;
	if (mnl_attr_validate(attr, p->set->types[type]) < 0)
		return MNL_CB_OK;
	p->tb[type] = attr;
	return MNL_CB_OK;
}

/* Fill @tb (room for the set's max + 1) with the well-formed attributes
 * inside @nest, of attribute set @set (a top-level ILNP_A_* or
 * NL_SET_PEER_LOC); malformed ones are left out, as if absent.
 */
void nl_parse_nested(const struct nlattr *nest, unsigned int set,
		     const struct nlattr **tb)
{
	struct parse p = { .set = &attr_sets[set], .tb = tb };

	memset(tb, 0, sizeof(*tb) * (p.set->max + 1));
	if (nest && !mnl_attr_validate(nest, MNL_TYPE_NESTED))
		mnl_attr_parse_nested(nest, ilnp_attr_cb, &p);
}

/* The top-level attribute @type of an "ilnp" message, or NULL. */
const struct nlattr *nl_nest(const struct nlmsghdr *nlh, unsigned int type)
{
	const struct nlattr *attr, *nest = NULL;

	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(struct genlmsghdr))
		return NULL;
	mnl_attr_for_each(attr, nlh, sizeof(struct genlmsghdr))
		if (mnl_attr_get_type(attr) == type)
			nest = attr;
	return nest;
}

/* The same for an "ilnp" message: the attributes of its top-level nest
 * @set (ILNP_A_NODE, ...), all absent when it has none.
 */
void nl_parse(const struct nlmsghdr *nlh, unsigned int set,
	      const struct nlattr **tb)
{
	nl_parse_nested(nl_nest(nlh, set), set, tb);
}
