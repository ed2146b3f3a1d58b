// SPDX-License-Identifier: GPL-2.0
/*
 * Generic netlink, echo for ilnp-ping: ILNP_CMD_ECHO_SEND sends an echo
 * request; every echo reply that arrives goes as an ILNP_CMD_ECHO_REPLY
 * event to the "echo" multicast group of the reply's netns.  Both carry
 * the nest ILNP_A_ECHO.
 */
#include "netlink.h"

/* ID, SEQ and the destination are required; the policy checked the rest. */
static int echo_send_check(struct genl_info *info, struct nlattr **a)
{
	const struct nlattr *nest = info->attrs[ILNP_A_ECHO];

	if (NL_REQ_ATTR_CHECK(info->extack, nest, a, ILNP_A_ECHO_DST_LOC) ||
	    NL_REQ_ATTR_CHECK(info->extack, nest, a, ILNP_A_ECHO_DST_NID) ||
	    NL_REQ_ATTR_CHECK(info->extack, nest, a, ILNP_A_ECHO_ID) ||
	    NL_REQ_ATTR_CHECK(info->extack, nest, a, ILNP_A_ECHO_SEQ)) {
		NL_SET_ERR_MSG(info->extack,
			       "Needs destination locator and NID, echo id and sequence");
		return -EINVAL;
	}
	return 0;
}

int ilnp_nl_echo_send(struct sk_buff *skb, struct genl_info *info)
{
	struct ilnp_net *in = ilnp_pernet(genl_info_net(info));
	struct nlattr *a[ILNP_A_ECHO_MAX + 1];
	u8 hop_limit;
	int err;

	err = ilnp_nl_parse(info, ILNP_A_ECHO, a, ILNP_A_ECHO_MAX,
			    ilnp_nl_echo_send_policy);
	if (!err)
		err = echo_send_check(info, a);
	if (err)
		return err;
	hop_limit = a[ILNP_A_ECHO_HOP_LIMIT] ?
		    nla_get_u8(a[ILNP_A_ECHO_HOP_LIMIT]) :
		    READ_ONCE(in->hop_limit);
	err = ilnp_echo_send(in, nla_get_u64(a[ILNP_A_ECHO_DST_LOC]),
			     nla_get_u64(a[ILNP_A_ECHO_DST_NID]),
			     nla_get_u16(a[ILNP_A_ECHO_ID]),
			     nla_get_u16(a[ILNP_A_ECHO_SEQ]), hop_limit,
			     a[ILNP_A_ECHO_PAYLOAD_LEN] ?
			     nla_get_u16(a[ILNP_A_ECHO_PAYLOAD_LEN]) : 56);
	if (err == -EHOSTUNREACH)
		NL_SET_ERR_MSG(info->extack,
			       "No route to the destination locator");
	else if (err == -EMSGSIZE)
		NL_SET_ERR_MSG(info->extack, "Larger than the device MTU");
	else if (err)
		NL_SET_ERR_MSG(info->extack, "Echo request not sent");
	return err;
}

static int echo_reply_put(struct sk_buff *msg, const struct ilnp_hdr *hdr,
			  const struct ilnp_echo *echo, u16 payload_len,
			  struct ilnp_dev *idev, u64 arrival)
{
	struct nlattr *nest = nla_nest_start(msg, ILNP_A_ECHO);

	if (!nest ||
	    nla_put_u64_64bit(msg, ILNP_A_ECHO_SRC_LOC,
			      be64_to_cpu(hdr->src.loc), ILNP_A_ECHO_PAD) ||
	    nla_put_u64_64bit(msg, ILNP_A_ECHO_SRC_NID,
			      be64_to_cpu(hdr->src.nid), ILNP_A_ECHO_PAD) ||
	    nla_put_u16(msg, ILNP_A_ECHO_ID, ntohs(echo->id)) ||
	    nla_put_u16(msg, ILNP_A_ECHO_SEQ, ntohs(echo->seq)) ||
	    nla_put_u8(msg, ILNP_A_ECHO_HOP_LIMIT, hdr->hop_limit) ||
	    nla_put_u16(msg, ILNP_A_ECHO_PAYLOAD_LEN, payload_len) ||
	    nla_put_u32(msg, ILNP_A_ECHO_IFINDEX, idev->dev->ifindex) ||
	    nla_put_u64_64bit(msg, ILNP_A_ECHO_LOC, arrival, ILNP_A_ECHO_PAD))
		return -EMSGSIZE;
	nla_nest_end(msg, nest);
	return 0;
}

/* An echo reply arrived (softirq): tell whoever listens. */
void ilnp_netlink_echo_reply(struct ilnp_net *in, const struct ilnp_hdr *hdr,
			     const struct ilnp_echo *echo, u16 payload_len,
			     struct ilnp_dev *idev, u64 arrival)
{
	struct sk_buff *msg;
	void *h;

	if (!genl_has_listeners(&ilnp_genl_family, in->net, ILNP_MCGRP_ECHO))
		return;
	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_ATOMIC);
	if (!msg)
		return;
	h = genlmsg_put(msg, 0, 0, &ilnp_genl_family, 0, ILNP_CMD_ECHO_REPLY);
	if (!h || echo_reply_put(msg, hdr, echo, payload_len, idev, arrival)) {
		nlmsg_free(msg);
		return;
	}
	genlmsg_end(msg, h);
	genlmsg_multicast_netns(&ilnp_genl_family, in->net, msg, 0,
				ILNP_MCGRP_ECHO, GFP_ATOMIC);
}
