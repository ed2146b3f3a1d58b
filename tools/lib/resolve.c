// SPDX-License-Identifier: GPL-2.0
/*
 * Hostname resolution for ilnp applications (resolve.h): one
 * ILNP_CMD_RESOLVE request on a netlink socket of its own.
 *
 * Not the tools' nl.c, which prints its errors and keeps state for a
 * whole run: a library call must stay quiet, leave no socket behind and
 * return an errno (genl_quiet.c).
 */
#include <endian.h>
#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <time.h>
#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>

#include <ilnp/ilv.h>

#include "genl_quiet.h"
#include "resolve.h"

struct resolve_ctx {
	__u16 family;		/* generic netlink id of "ilnp" */
	int have_nid, have_loc;
	__u64 nid, loc;
};

static int family_attr_cb(const struct nlattr *attr, void *data)
{
	struct resolve_ctx *ctx = data;

	if (mnl_attr_get_type(attr) == CTRL_ATTR_FAMILY_ID &&
	    !mnl_attr_validate(attr, MNL_TYPE_U16))
		ctx->family = mnl_attr_get_u16(attr);
	return MNL_CB_OK;
}

static int family_cb(const struct nlmsghdr *nlh, void *data)
{
	mnl_attr_parse(nlh, sizeof(struct genlmsghdr), family_attr_cb, data);
	return MNL_CB_OK;
}

static int resolve_attr_cb(const struct nlattr *attr, void *data)
{
	struct resolve_ctx *ctx = data;

	switch (mnl_attr_get_type(attr)) {
	case ILNP_A_NEIGH_NID:
		if (!mnl_attr_validate(attr, MNL_TYPE_U64)) {
			ctx->nid = mnl_attr_get_u64(attr);
			ctx->have_nid = 1;
		}
		break;
	case ILNP_A_NEIGH_LOC:
		if (!mnl_attr_validate(attr, MNL_TYPE_U64)) {
			ctx->loc = mnl_attr_get_u64(attr);
			ctx->have_loc = 1;
		}
		break;
	}
	return MNL_CB_OK;
}

/* The reply's ILNP_A_NEIGH nest holds the answer. */
static int resolve_top_cb(const struct nlattr *attr, void *data)
{
	if (mnl_attr_get_type(attr) == ILNP_A_NEIGH &&
	    !mnl_attr_validate(attr, MNL_TYPE_NESTED))
		mnl_attr_parse_nested(attr, resolve_attr_cb, data);
	return MNL_CB_OK;
}

static int resolve_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct genlmsghdr *genl = mnl_nlmsg_get_payload(nlh);
	struct resolve_ctx *ctx = data;

	if (nlh->nlmsg_type != ctx->family ||
	    mnl_nlmsg_get_payload_len(nlh) < sizeof(*genl) ||
	    genl->cmd != ILNP_CMD_RESOLVE)
		return MNL_CB_OK;
	mnl_attr_parse(nlh, sizeof(*genl), resolve_top_cb, ctx);
	return MNL_CB_OK;
}

static int resolve_talk(struct mnl_socket *sock, const char *hostname,
			struct resolve_ctx *ctx)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	unsigned int seq = time(NULL);
	struct nlmsghdr *nlh;
	struct nlattr *nest;
	int one = 1, err;

	if (mnl_socket_bind(sock, 0, MNL_SOCKET_AUTOPID) < 0)
		return -errno;
	/* Errors come back without our request in them. */
	mnl_socket_setsockopt(sock, NETLINK_CAP_ACK, &one, sizeof(one));

	nlh = genl_quiet_put(buf, GENL_ID_CTRL, CTRL_CMD_GETFAMILY, 1, NLM_F_ACK,
			     ++seq);
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, ILNP_GENL_NAME);
	err = genl_quiet_talk(sock, buf, sizeof(buf), family_cb, ctx);
	if (err == -ENOENT || (!err && !ctx->family))
		return -EAFNOSUPPORT;
	if (err)
		return err;

	nlh = genl_quiet_put(buf, ctx->family, ILNP_CMD_RESOLVE,
			     ILNP_GENL_VERSION, NLM_F_ACK, ++seq);
	nest = mnl_attr_nest_start(nlh, ILNP_A_NEIGH);
	mnl_attr_put_strz(nlh, ILNP_A_NEIGH_HOSTNAME, hostname);
	mnl_attr_nest_end(nlh, nest);
	err = genl_quiet_talk(sock, buf, sizeof(buf), resolve_cb, ctx);
	if (err)
		return err;
	if (!ctx->have_nid || !ctx->have_loc)
		return -EPROTO;
	return 0;
}

int ilnp_resolve(const char *hostname, struct sockaddr_ilnp *sa)
{
	struct resolve_ctx ctx = { 0 };
	struct mnl_socket *sock;
	int err;

	if (!hostname || !*hostname || !ilnp_hostname_valid(hostname, strlen(hostname)))
		return -EINVAL;
	sock = mnl_socket_open(NETLINK_GENERIC);
	if (!sock)
		return -errno;
	err = resolve_talk(sock, hostname, &ctx);
	mnl_socket_close(sock);
	if (err)
		return err;
	memset(sa, 0, sizeof(*sa));
	sa->silnp_family = AF_ILNP;
	sa->silnp_addr.loc = htobe64(ctx.loc);
	sa->silnp_addr.nid = htobe64(ctx.nid);
	return 0;
}

int ilnp_addr_parse(const char *text, struct sockaddr_ilnp *sa)
{
	unsigned long long loc, nid;

	if (!text)
		return -EINVAL;
	if (!ilnp_ilv_parse(text, &loc, &nid)) {
		memset(sa, 0, sizeof(*sa));
		sa->silnp_family = AF_ILNP;
		sa->silnp_addr.loc = htobe64(loc);
		sa->silnp_addr.nid = htobe64(nid);
		return 0;
	}
	return ilnp_resolve(text, sa);
}

const char *ilnp_addr_strerror(int err)
{
	switch (-err) {
	case 0:
		return "success";
	case ENOENT:
		return "unknown host";
	case EINVAL:
		return "neither an I-LV nor a hostname";
	case EAFNOSUPPORT:
		return "the ilnp module is not loaded";
	case EOPNOTSUPP:
		return "the ilnp module cannot resolve hostnames";
	case EPROTO:
		return "no answer from the ilnp module";
	}
	return strerror(-err);
}
