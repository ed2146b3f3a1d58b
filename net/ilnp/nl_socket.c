// SPDX-License-Identifier: GPL-2.0
/*
 * Generic netlink, the AF_ILNP sockets: ILNP_CMD_SOCKET_GET dumps every
 * bound socket (ILNP_A_SOCKET), what /proc/net/ilnp/sockets shows as
 * text.  af_ilnp.c walks its port table; this file only writes.
 */
#include "netlink.h"

struct socket_dump {
	struct sk_buff *skb;
	struct netlink_callback *cb;
	struct user_namespace *user_ns;	/* the requester's, for UID */
	u64 nid;
};

static int socket_put(struct sk_buff *skb, const struct socket_dump *d,
		      const struct ilnp_sock_info *si)
{
	struct nlattr *nest = nla_nest_start(skb, ILNP_A_SOCKET);

	if (!nest ||
	    nla_put_u64_64bit(skb, ILNP_A_SOCKET_LOC, si->loc,
			      ILNP_A_SOCKET_PAD) ||
	    nla_put_u64_64bit(skb, ILNP_A_SOCKET_NID, d->nid,
			      ILNP_A_SOCKET_PAD) ||
	    nla_put_u16(skb, ILNP_A_SOCKET_PORT, si->port) ||
	    (si->connected &&
	     (nla_put_u64_64bit(skb, ILNP_A_SOCKET_PEER_LOC, si->peer_loc,
				ILNP_A_SOCKET_PAD) ||
	      nla_put_u64_64bit(skb, ILNP_A_SOCKET_PEER_NID, si->peer_nid,
				ILNP_A_SOCKET_PAD) ||
	      nla_put_u16(skb, ILNP_A_SOCKET_PEER_PORT, si->peer_port))) ||
	    nla_put_u32(skb, ILNP_A_SOCKET_RECV_Q, si->recv_q) ||
	    nla_put_u32(skb, ILNP_A_SOCKET_SEND_Q, si->send_q) ||
	    nla_put_u32(skb, ILNP_A_SOCKET_DROPS, si->drops) ||
	    nla_put_u32(skb, ILNP_A_SOCKET_UID,
			from_kuid_munged(d->user_ns, si->uid)) ||
	    nla_put_u64_64bit(skb, ILNP_A_SOCKET_INODE, si->inode,
			      ILNP_A_SOCKET_PAD))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

/* Under RCU (ilnp_sockets_walk): no sleeping; the skb has its room. */
static int socket_fill(void *arg, const struct ilnp_sock_info *si)
{
	const struct socket_dump *d = arg;
	void *hdr = ilnp_nl_dump_start(d->skb, d->cb, ILNP_CMD_SOCKET_GET);

	if (!hdr)
		return -EMSGSIZE;
	if (socket_put(d->skb, d, si)) {
		genlmsg_cancel(d->skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(d->skb, hdr);
	return 0;
}

/* Cursor: cb->args[0], the index of the next socket. */
int ilnp_nl_socket_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct ilnp_net *in = ilnp_pernet(sock_net(skb->sk));
	struct socket_dump d = {
		.skb = skb,
		.cb = cb,
		.user_ns = sk_user_ns(NETLINK_CB(cb->skb).sk),
		.nid = READ_ONCE(in->nid),
	};
	int err;

	err = ilnp_sockets_walk(in, &cb->args[0], socket_fill, &d);
	return err && !skb->len ? err : skb->len;
}
