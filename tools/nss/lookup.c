// SPDX-License-Identifier: GPL-2.0
/*
 * The NSS module's netlink side (lookup.h): per question one socket, the
 * family found in the controller's dump, ILNP_CMD_NODE_GET for our own
 * identity and prefix, and an ILNP_CMD_NEIGH_GET dump when the node
 * itself is not the answer.
 *
 * Quiet like tools/lib/resolve.c, with its genl_quiet.c, for the same
 * reasons: a module loaded into any program must print nothing, keep
 * nothing between calls and leave no socket behind.  The socket is close-on-exec (another
 * thread may fork and exec meanwhile) and has a receive timeout, so that
 * a lookup cannot hang the program that asked.
 */
#include <endian.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>

#include "genl_quiet.h"
#include "lookup.h"

#define RX_SIZE		32768	/* the largest skb a netlink dump builds */
#define SUFFIX		".ilnp"

/* One question and what the kernel said so far. */
struct query {
	const char *name;	/* by name: as asked, without a final dot */
	const char *bare;	/* ... without SUFFIX too, or NULL */
	uint64_t nid;		/* by address: the NID asked for, else 0 */
	uint64_t hi;		/* ... and the prefix */
	uint16_t family;	/* generic netlink id of "ilnp" */
	uint32_t version;	/* its CTRL_ATTR_VERSION */
	uint64_t prefix;	/* our identity prefix */
	uint64_t self_nid;
	char self_name[ILNP_HOSTNAME_MAX + 1];
	struct ilnp_nss_answer *ans;
	uint64_t nids[ILNP_NSS_ADDRS_MAX];	/* of ans->addr[] */
};

static void identity_addr(struct in6_addr *a, uint64_t prefix, uint64_t nid)
{
	uint64_t hi = htobe64(prefix), lo = htobe64(nid);

	memcpy(&a->s6_addr[0], &hi, sizeof(hi));
	memcpy(&a->s6_addr[8], &lo, sizeof(lo));
}

static int query_matches(const struct query *q, uint64_t nid,
			 const char *host)
{
	if (q->nid)
		return nid == q->nid;
	return !strcasecmp(host, q->name) ||
	       (q->bare && !strcasecmp(host, q->bare));
}

/* A node (ourselves or a neighbour) the answer may include. */
static void query_add(struct query *q, uint64_t nid, const char *host)
{
	struct ilnp_nss_answer *ans = q->ans;
	size_t len = strlen(host);
	unsigned int i;

	if (!nid || !len || len > ILNP_HOSTNAME_MAX ||
	    !query_matches(q, nid, host))
		return;
	for (i = 0; i < ans->count; i++)
		if (q->nids[i] == nid)
			return;
	if (ans->count == ILNP_NSS_ADDRS_MAX)
		return;
	if (!ans->count)
		memcpy(ans->name, host, len + 1);
	q->nids[ans->count] = nid;
	identity_addr(&ans->addr[ans->count++], q->prefix, nid);
}

/* One family of the controller's dump: ours is the one named "ilnp". */
static int family_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *attr, *id = NULL, *version = NULL;
	struct query *q = data;
	int ours = 0;

	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(struct genlmsghdr))
		return MNL_CB_OK;
	mnl_attr_for_each(attr, nlh, sizeof(struct genlmsghdr)) {
		switch (mnl_attr_get_type(attr)) {
		case CTRL_ATTR_FAMILY_NAME:
			ours = !mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) &&
			       !strcmp(mnl_attr_get_str(attr), ILNP_GENL_NAME);
			break;
		case CTRL_ATTR_FAMILY_ID:
			if (!mnl_attr_validate(attr, MNL_TYPE_U16))
				id = attr;
			break;
		case CTRL_ATTR_VERSION:
			if (!mnl_attr_validate(attr, MNL_TYPE_U32))
				version = attr;
			break;
		}
	}
	if (ours && id) {
		q->family = mnl_attr_get_u16(id);
		q->version = version ? mnl_attr_get_u32(version) : 0;
	}
	return MNL_CB_OK;
}

/* The attributes inside the top-level nest @type of a reply to @cmd into
 * @tb (@max + 1 entries); 0, or -1 when the message is not such a reply.
 */
static int parse_nest(const struct nlmsghdr *nlh, const struct query *q,
		      uint8_t cmd, uint16_t type, const struct nlattr **tb,
		      unsigned int max)
{
	const struct genlmsghdr *genl = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *attr, *nest = NULL;

	memset(tb, 0, (max + 1) * sizeof(*tb));
	if (nlh->nlmsg_type != q->family ||
	    mnl_nlmsg_get_payload_len(nlh) < sizeof(*genl) || genl->cmd != cmd)
		return -1;
	mnl_attr_for_each(attr, nlh, sizeof(*genl))
		if (mnl_attr_get_type(attr) == type &&
		    !mnl_attr_validate(attr, MNL_TYPE_NESTED))
			nest = attr;
	if (!nest)
		return -1;
	/* Replies may grow attributes: those past @max are skipped. */
	mnl_attr_for_each_nested(attr, nest)
		if (mnl_attr_get_type(attr) <= max)
			tb[mnl_attr_get_type(attr)] = attr;
	return 0;
}

static uint64_t attr_u64(const struct nlattr *attr, uint64_t absent)
{
	if (!attr || mnl_attr_validate(attr, MNL_TYPE_U64))
		return absent;
	return mnl_attr_get_u64(attr);
}

static const char *attr_str(const struct nlattr *attr)
{
	if (!attr || mnl_attr_validate(attr, MNL_TYPE_NUL_STRING))
		return "";
	return mnl_attr_get_str(attr);
}

static int node_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[ILNP_A_NODE_MAX + 1];
	struct query *q = data;
	const char *host;

	if (parse_nest(nlh, q, ILNP_CMD_NODE_GET, ILNP_A_NODE, tb,
		       ILNP_A_NODE_MAX))
		return MNL_CB_OK;
	/* A module older than the identity prefix: its default. */
	q->prefix = attr_u64(tb[ILNP_A_NODE_IDENTITY_PREFIX],
			     ILNP_IDENTITY_PREFIX_DEFAULT);
	q->self_nid = attr_u64(tb[ILNP_A_NODE_NID], 0);
	host = attr_str(tb[ILNP_A_NODE_HOSTNAME]);
	if (strlen(host) <= ILNP_HOSTNAME_MAX)
		strcpy(q->self_name, host);
	return MNL_CB_OK;
}

static int neigh_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[ILNP_A_NEIGH_MAX + 1];
	struct query *q = data;

	if (!parse_nest(nlh, q, ILNP_CMD_NEIGH_GET, ILNP_A_NEIGH, tb,
			ILNP_A_NEIGH_MAX))
		query_add(q, attr_u64(tb[ILNP_A_NEIGH_NID], 0),
			  attr_str(tb[ILNP_A_NEIGH_HOSTNAME]));
	return MNL_CB_OK;
}

/* The whole conversation on an open socket; 0 or -errno. */
static int query_run(struct mnl_socket *sock, char *buf, struct query *q)
{
	unsigned int seq = 0;
	int err;

	/* A dump, not a request by name: that would load the module (its
	 * family alias) on every lookup while no overlay, hence no name,
	 * exists.
	 */
	genl_quiet_put(buf, GENL_ID_CTRL, CTRL_CMD_GETFAMILY, 1, NLM_F_DUMP,
		       ++seq);
	err = genl_quiet_talk(sock, buf, RX_SIZE, family_cb, q);
	if (err)
		return err;
	if (!q->family)
		return -EAFNOSUPPORT;
	/* Another version's attributes would not mean what we think. */
	if (q->version != ILNP_GENL_VERSION)
		return -EAFNOSUPPORT;

	genl_quiet_put(buf, q->family, ILNP_CMD_NODE_GET, ILNP_GENL_VERSION,
		       NLM_F_ACK, ++seq);
	err = genl_quiet_talk(sock, buf, RX_SIZE, node_cb, q);
	if (err)
		return err;
	/* An address under another prefix is no identity of ours to name. */
	if (q->nid && q->hi != q->prefix)
		return -ENOENT;
	query_add(q, q->self_nid, q->self_name);
	if (q->ans->count)
		return 0;

	genl_quiet_put(buf, q->family, ILNP_CMD_NEIGH_GET, ILNP_GENL_VERSION,
		       NLM_F_DUMP, ++seq);
	err = genl_quiet_talk(sock, buf, RX_SIZE, neigh_cb, q);
	if (err)
		return err;
	return q->ans->count ? 0 : -ENOENT;
}

static int query_sock(struct query *q, char *buf)
{
	struct timeval tv = { .tv_sec = 1 };
	struct mnl_socket *sock;
	int err;

	sock = mnl_socket_open2(NETLINK_GENERIC, SOCK_CLOEXEC);
	if (!sock)
		return errno == EPROTONOSUPPORT ? -EAFNOSUPPORT : -errno;
	if (mnl_socket_bind(sock, 0, MNL_SOCKET_AUTOPID) < 0 ||
	    setsockopt(mnl_socket_get_fd(sock), SOL_SOCKET, SO_RCVTIMEO,
		       &tv, sizeof(tv)) < 0)
		err = -errno;
	else
		err = query_run(sock, buf, q);
	mnl_socket_close(sock);
	return err;
}

/* The answer is returned, errno left as the caller had it. */
static int query(struct query *q)
{
	int saved = errno, err = -ENOMEM;
	char *buf;

	memset(q->ans, 0, sizeof(*q->ans));
	buf = malloc(RX_SIZE);
	if (buf)
		err = query_sock(q, buf);
	free(buf);
	errno = saved;
	return err;
}

int ilnp_nss_by_name(const char *name, struct ilnp_nss_answer *ans)
{
	char full[ILNP_HOSTNAME_MAX + sizeof(SUFFIX) + 1];
	char bare[ILNP_HOSTNAME_MAX + 1];
	struct query q = { .name = full, .ans = ans };
	size_t len = strlen(name), slen = strlen(SUFFIX);

	/* "bob." is "bob"; what is longer than any hostname is no one's. */
	if (len && name[len - 1] == '.')
		len--;
	if (!len || len >= sizeof(full))
		return -ENOENT;
	memcpy(full, name, len);
	full[len] = '\0';
	if (len > slen && len - slen < sizeof(bare) &&
	    !strcasecmp(full + len - slen, SUFFIX)) {
		memcpy(bare, full, len - slen);
		bare[len - slen] = '\0';
		q.bare = bare;
	}
	return query(&q);
}

int ilnp_nss_by_addr(const struct in6_addr *addr, struct ilnp_nss_answer *ans)
{
	struct query q = { .ans = ans };
	uint64_t hi, lo;

	memcpy(&hi, &addr->s6_addr[0], sizeof(hi));
	memcpy(&lo, &addr->s6_addr[8], sizeof(lo));
	q.hi = be64toh(hi);
	q.nid = be64toh(lo);
	if (!q.nid)
		return -ENOENT;
	return query(&q);
}
