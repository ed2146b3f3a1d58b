// SPDX-License-Identifier: GPL-2.0
/*
 * Unmodified applications: ordinary IPv6 over the overlay.
 *
 * A node's identity address is its identity prefix (the upper 64 bits,
 * per netns, ULA fd69:6c6e:7000::/64 by default) and its NID.  It sits
 * on every overlay device of the node, with the prefix's route, so that
 * the IP stack sends packets for any node's identity address to an
 * overlay device.  Its transmit turns them into ILNPv6 packets: the
 * prefix gives way to the locators the ILCC picks, as for AF_ILNP
 * datagrams (stp.c), and on the receiving node the prefix comes back.
 *
 * On the wire such a packet is
 *
 *   ILNPv6 header | nonce option | identity header (8) | transport ...
 *
 * The identity header (next header ILNP_NEXTHDR_IDENTITY, 253, RFC 3692's
 * experimental value) carries the packet's real next header: it tells an
 * IPv6 socket's traffic from STP (next header 17) and our ICMPv6-format
 * control (58), so an AF_ILNP socket and a UDP socket may use one port
 * number, and ping -6 is not ilnp-ping.  Transport checksums on the wire
 * cover the identifiers only, the prefixes of the pseudo-header as zero
 * (RFC 6740 section 5.6): both ends convert, incrementally.
 *
 * The address itself is put on the devices by a work item, through the
 * netns's own rtnetlink, as "ip -6 address add ... nodad" would: the
 * IPv6 stack exports no other way to add an address with its prefix
 * route.
 */
#include <linux/icmpv6.h>
#include <linux/ipv6.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/skbuff.h>
#include <net/addrconf.h>
#include <net/checksum.h>
#include <net/ipv6.h>
#include <net/netfilter/nf_conntrack.h>
#include <net/sock.h>

#include "ilnp.h"

void ilnp_identity_addr(struct in6_addr *a, u64 prefix, u64 nid)
{
	a->s6_addr32[0] = cpu_to_be32(prefix >> 32);
	a->s6_addr32[1] = cpu_to_be32((u32)prefix);
	a->s6_addr32[2] = cpu_to_be32(nid >> 32);
	a->s6_addr32[3] = cpu_to_be32((u32)nid);
}

static u64 addr_half(const struct in6_addr *a, int half)
{
	return (u64)be32_to_cpu(a->s6_addr32[2 * half]) << 32 |
	       be32_to_cpu(a->s6_addr32[2 * half + 1]);
}

/* A prefix an identity address may have: unicast, not link-local or
 * site-local.  Not 0 either, which rules out the loopback, v4-mapped and
 * v4-compatible addresses too.
 */
bool ilnp_identity_prefix_valid(u64 prefix)
{
	struct in6_addr a;
	int type;

	if (!prefix)
		return false;
	ilnp_identity_addr(&a, prefix, 1);
	type = ipv6_addr_type(&a);
	return (type & IPV6_ADDR_UNICAST) &&
	       !(type & (IPV6_ADDR_LINKLOCAL | IPV6_ADDR_SITELOCAL));
}

/* --- checksums ----------------------------------------------------------- */

/* Where the checksum of a transport header of protocol @proto is, or 0
 * when it has none over the pseudo-header to convert.
 */
static unsigned int csum_offset(u8 proto)
{
	switch (proto) {
	case IPPROTO_TCP:
		return offsetof(struct tcphdr, check);
	case IPPROTO_UDP:
		return offsetof(struct udphdr, check);
	case IPPROTO_ICMPV6:
		return offsetof(struct icmp6hdr, icmp6_cksum);
	default:
		return 0;
	}
}

/* The IPv6 packet at @skb->data (header included) goes from identity
 * addresses with prefix @from to prefix @to in its pseudo-header: the
 * transport checksum follows, incrementally; a checksum left to finish
 * (CHECKSUM_PARTIAL, offload.c) is a seed over the pseudo-header, which
 * follows the same way, and must be the transport header's own.
 * Fragments after the first carry no transport header.  0, or
 * -ENOMEM/-EINVAL.
 */
static int convert_csum(struct sk_buff *skb, u64 from, u64 to)
{
	const struct ipv6hdr *ip6 = (const struct ipv6hdr *)skb->data;
	bool partial = skb->ip_summed == CHECKSUM_PARTIAL;
	struct in6_addr a_from, a_to;
	u8 proto = ip6->nexthdr;
	unsigned int csoff;
	__be16 frag_off;
	__sum16 *check;
	int off, i;

	off = ipv6_skip_exthdr(skb, sizeof(*ip6), &proto, &frag_off);
	if (off < 0)
		return -EINVAL;
	if (frag_off & htons(IP6_OFFSET))
		return 0;
	csoff = csum_offset(proto);
	if (!csoff)
		return 0;
	if (skb_ensure_writable(skb, off + csoff + sizeof(*check)))
		return -ENOMEM;
	ip6 = (const struct ipv6hdr *)skb->data;
	check = (__sum16 *)(skb->data + off + csoff);
	if (partial && (skb_checksum_start_offset(skb) != off ||
			skb->csum_offset != csoff))
		return -EINVAL;
	/* A UDP datagram without a checksum is not valid IPv6: the stack
	 * will drop it; leave it so.
	 */
	if (proto == IPPROTO_UDP && !partial && !*check)
		return 0;
	for (i = 0; i < 2; i++) {
		u64 nid = addr_half(i ? &ip6->daddr : &ip6->saddr, 1);

		ilnp_identity_addr(&a_from, from, nid);
		ilnp_identity_addr(&a_to, to, nid);
		inet_proto_csum_replace16(check, skb, a_from.s6_addr32,
					  a_to.s6_addr32, true);
	}
	if (proto == IPPROTO_UDP && !partial && !*check)
		*check = CSUM_MANGLED_0;
	return 0;
}

/* --- transmit ------------------------------------------------------------ */

/* @skb, handed to an overlay device, is the IP stack's, from our own
 * identity address: no locator is ever the identity prefix (locator.c,
 * nl_node.c), so no ILNPv6 packet of ours has that source.  Softirq or
 * BHs off.
 */
bool ilnp_identity_from_stack(struct ilnp_net *in, struct sk_buff *skb)
{
	const struct ipv6hdr *ip6;

	if (skb->protocol != htons(ETH_P_IPV6) ||
	    !pskb_may_pull(skb, sizeof(*ip6)))
		return false;
	ip6 = (const struct ipv6hdr *)skb->data;
	return addr_half(&ip6->saddr, 0) == READ_ONCE(in->identity_prefix) &&
	       addr_half(&ip6->saddr, 1) == READ_ONCE(in->nid);
}

/* The device an IPv6 packet for @dst_nid would leave by, as
 * ilnp_flow_output() will choose it.  RCU.
 */
static struct ilnp_dev *identity_way_out(struct ilnp_net *in, u64 dst_nid)
{
	struct ilnp_ilcc_entry *e = ilnp_ilcc_find(&in->ilcc, dst_nid);
	struct ilnp_out out;
	u64 loc = 0;

	if (e) {
		spin_lock_bh(&e->lock);
		loc = ilnp_ilcc_locator(e, jiffies);
		spin_unlock_bh(&e->lock);
	}
	if (!loc)
		loc = ilnp_neigh_locator(&in->neighs, dst_nid);
	if (!loc || ilnp_route_output(in, loc, &out))
		return NULL;
	return out.idev;
}

/* Tell the sending stack what went wrong, as a router would: ICMPv6 to
 * the packet's source, on the way in on @dev.
 */
static void identity_refuse(struct net_device *dev, struct sk_buff *skb,
			    u8 type, u8 code, u32 info)
{
	dev_core_stats_tx_dropped_inc(dev);
	icmpv6_ndo_send(skb, type, code, info);
	kfree_skb(skb);
}

/* An IPv6 packet of the stack's (ilnp_identity_from_stack()) leaves by
 * @idev: to an identity address of our prefix, to a node we know a
 * locator of, and fitting the way out; else the stack hears why.  The
 * IPv6 header gives way to the identity header; the rest is STP's way
 * (ilnp_flow_output()).  Consumes @skb.  BHs off, RCU.
 */
void ilnp_identity_xmit(struct ilnp_dev *idev, struct sk_buff *skb)
{
	struct ilnp_net *in = idev->in;
	u64 prefix = READ_ONCE(in->identity_prefix);
	struct ilnp_identity_hdr *ih;
	const struct ipv6hdr *ip6;
	struct ilnp_dev *out;
	u8 nexthdr, hop_limit;
	unsigned int need;
	u64 dst_nid;

	ip6 = (const struct ipv6hdr *)skb->data;
	dst_nid = addr_half(&ip6->daddr, 1);
	if (addr_half(&ip6->daddr, 0) != prefix || !dst_nid ||
	    dst_nid == READ_ONCE(in->nid)) {
		ilnp_stat_inc(idev, ILNP_STAT_DROP_NOT_IDENTITY);
		identity_refuse(idev->dev, skb, ICMPV6_DEST_UNREACH,
				ICMPV6_NOROUTE, 0);
		return;
	}
	out = identity_way_out(in, dst_nid);
	if (!out) {
		ilnp_stat_inc(idev, ILNP_STAT_TX_ERRORS);
		identity_refuse(idev->dev, skb, ICMPV6_DEST_UNREACH,
				ICMPV6_ADDR_UNREACH, 0);
		return;
	}
	/* Our device's MTU always leaves room, another may be narrower:
	 * the IPv6 header (40) gives way to the identity header (8).  A
	 * TCP segment to split (TSO) is as large as its pieces.
	 */
	if (ilnp_seglen(skb) - sizeof(*ip6) + sizeof(*ih) >
	    READ_ONCE(out->dev->mtu)) {
		identity_refuse(idev->dev, skb, ICMPV6_PKT_TOOBIG, 0,
				max_t(u32, IPV6_MIN_MTU,
				      READ_ONCE(out->dev->mtu) +
				      sizeof(*ip6) - sizeof(*ih)));
		return;
	}
	/* Room in front for every header.  The stack leaves the device's
	 * needed_headroom, which is that; if not, skb_expand_head() keeps
	 * the sending socket's memory right, where pskb_expand_head()
	 * would grow the head behind TCP's truesize (the receiver's TCP
	 * warns when it coalesces such a segment).
	 */
	need = READ_ONCE(out->dev->needed_headroom);
	if (skb_headroom(skb) < need) {
		skb = skb_expand_head(skb, need);
		if (!skb) {
			ilnp_stat_inc(idev, ILNP_STAT_TX_ERRORS);
			dev_core_stats_tx_dropped_inc(idev->dev);
			return;
		}
	}
	if (convert_csum(skb, prefix, 0) || skb_cow_head(skb, need)) {
		ilnp_stat_inc(idev, ILNP_STAT_TX_ERRORS);
		goto drop;
	}
	ip6 = (const struct ipv6hdr *)skb->data;
	nexthdr = ip6->nexthdr;
	hop_limit = ip6->hop_limit;
	__skb_pull(skb, sizeof(*ip6) - sizeof(*ih));
	ih = (struct ilnp_identity_hdr *)skb->data;
	memset(ih, 0, sizeof(*ih));
	ih->nexthdr = nexthdr;
	ilnp_stat_inc(idev, ILNP_STAT_IDENTITY_TX);
	/* Lost, as a router's drop would be: the transport recovers. */
	if (ilnp_flow_output(in, skb, ILNP_NEXTHDR_IDENTITY, 0, dst_nid,
			     hop_limit ?: 1, idev) < 0)
		ilnp_stat_inc(idev, ILNP_STAT_TX_ERRORS);
	return;

drop:
	dev_core_stats_tx_dropped_inc(idev->dev);
	kfree_skb(skb);
}

/* --- receive ------------------------------------------------------------- */

/* An identity packet for us (@skb->data at the ILNPv6 header, the nonce
 * option gone, ILNP_SKB_CB()'s nonce filled in): back to IPv6 between
 * identity addresses, to the IP stack, as if it had arrived on @idev.
 * Softirq, RCU.
 */
void ilnp_identity_rcv(struct ilnp_dev *idev, u64 arrival, struct sk_buff *skb)
{
	struct ilnp_net *in = idev->in;
	u64 prefix = READ_ONCE(in->identity_prefix);
	const unsigned int hlen = ILNP_HDR_LEN + sizeof(struct ilnp_identity_hdr);
	struct ilnp_skb_cb *cb = ILNP_SKB_CB(skb);
	const struct ilnp_identity_hdr *ih;
	const struct ilnp_hdr *hdr;
	struct ipv6hdr *ip6;
	__be32 vtc_flow;
	u8 nexthdr, hop_limit;
	u64 src_nid, dst_nid;

	if (!pskb_may_pull(skb, hlen)) {
		ilnp_stat_inc(idev, ILNP_STAT_DROP_MALFORMED);
		goto drop;
	}
	hdr = (const struct ilnp_hdr *)skb->data;
	ih = (const struct ilnp_identity_hdr *)(hdr + 1);
	src_nid = be64_to_cpu(hdr->src.nid);
	dst_nid = be64_to_cpu(hdr->dst.nid);
	/* For all nodes: no IPv6 address stands for that. */
	if (!dst_nid) {
		ilnp_stat_inc(idev, ILNP_STAT_DROP_NOT_IDENTITY);
		goto drop;
	}
	vtc_flow = hdr->vtc_flow;
	hop_limit = hdr->hop_limit;
	nexthdr = ih->nexthdr;

	cb->src_loc = be64_to_cpu(hdr->src.loc);
	cb->src_nid = src_nid;
	cb->arrival = arrival;
	cb->ifindex = idev->dev->ifindex;
	cb->src_port = 0;
	cb->hop_limit = hop_limit;
	/* No state for a stranger: the entry is made when we answer. */
	if (ilnp_ilcc_rx(in, idev, cb, false))
		ilnp_nexthop_heard(idev, cb, skb);

	if (skb_cow_head(skb, 0))
		goto drop;
	__skb_pull(skb, hlen - sizeof(*ip6));
	ip6 = (struct ipv6hdr *)skb->data;
	*(__be32 *)ip6 = vtc_flow;	/* version, traffic class, flow label */
	ip6->payload_len = htons(skb->len - sizeof(*ip6));
	ip6->nexthdr = nexthdr;
	ip6->hop_limit = hop_limit;
	ilnp_identity_addr(&ip6->saddr, prefix, src_nid);
	ilnp_identity_addr(&ip6->daddr, prefix, dst_nid);
	/* The stack checks the transport checksum over what it now
	 * reads, unless it is yet to be made (ilnp_offload_rx() kept only
	 * that): a packet of this host's, whole from a veth, whose seed
	 * convert_csum() follows.
	 */
	if (convert_csum(skb, 0, prefix)) {
		ilnp_stat_inc(idev, ILNP_STAT_DROP_MALFORMED);
		goto drop;
	}
	skb_scrub_packet(skb, false);
	skb_reset_network_header(skb);
	skb->protocol = htons(ETH_P_IPV6);
	skb->pkt_type = PACKET_HOST;
	skb->dev = idev->dev;
	ilnp_stat_inc(idev, ILNP_STAT_IDENTITY_RX);
	netif_rx(skb);
	return;

drop:
	kfree_skb(skb);
}

/* --- the address on the devices ---------------------------------------- */

/* One rtnetlink request, RTM_NEWADDR or RTM_DELADDR of @addr/64 on
 * @ifindex, through @sock; its acknowledgement's error.  Process
 * context, RTNL not held (rtnetlink takes it).
 */
static int identity_rtnl(struct socket *sock, int type, int ifindex,
			 const struct in6_addr *addr)
{
	struct {
		struct nlmsghdr nlh;
		struct ifaddrmsg ifa;
		struct nlattr local_attr;
		struct in6_addr local;
		struct nlattr flags_attr;
		u32 flags;
	} req = {
		.nlh = {
			.nlmsg_len = sizeof(req),
			.nlmsg_type = type,
			.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK |
				       (type == RTM_NEWADDR ? NLM_F_CREATE : 0),
			.nlmsg_seq = 1,
		},
		.ifa = {
			.ifa_family = AF_INET6,
			.ifa_prefixlen = 64,
			.ifa_index = ifindex,
		},
		.local_attr = {
			.nla_len = NLA_HDRLEN + sizeof(struct in6_addr),
			.nla_type = IFA_LOCAL,
		},
		.local = *addr,
		.flags_attr = { .nla_len = NLA_HDRLEN + sizeof(u32),
				.nla_type = IFA_FLAGS },
		.flags = IFA_F_NODAD | IFA_F_PERMANENT,
	};
	/* A named destination (the kernel) skips the socket-file check a
	 * kernel socket could not pass; the work's own credentials
	 * count.
	 */
	struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
	struct {
		struct nlmsghdr nlh;
		struct nlmsgerr err;
	} ack;
	struct msghdr msg = { .msg_name = &kernel,
			      .msg_namelen = sizeof(kernel) };
	struct kvec iov = { &req, sizeof(req) };
	int n;

	BUILD_BUG_ON(sizeof(req) != NLMSG_HDRLEN + sizeof(struct ifaddrmsg) +
		     NLA_HDRLEN + sizeof(struct in6_addr) + NLA_HDRLEN +
		     sizeof(u32));
	n = kernel_sendmsg(sock, &msg, &iov, 1, sizeof(req));
	if (n < 0)
		return n;
	memset(&msg, 0, sizeof(msg));
	iov.iov_base = &ack;
	iov.iov_len = sizeof(ack);
	n = kernel_recvmsg(sock, &msg, &iov, 1, sizeof(ack), MSG_DONTWAIT);
	if (n < (int)sizeof(ack) || ack.nlh.nlmsg_type != NLMSG_ERROR)
		return n < 0 ? n : -EPROTO;
	return ack.err.error;
}

struct identity_change {
	int ifindex;
	struct in6_addr old, new;
	bool had_old;
};

/* What each device should carry now against what it was given last,
 * at most ILNP_IDENTITY_DEVS_MAX devices a round.  RTNL.
 */
static unsigned int identity_plan(struct ilnp_net *in,
				  struct identity_change *c, unsigned int max)
{
	struct ilnp_dev *idev;
	struct in6_addr want;
	unsigned int n = 0;

	ASSERT_RTNL();
	ilnp_identity_addr(&want, in->identity_prefix, in->nid);
	list_for_each_entry(idev, &in->devs, node) {
		if (n == max)
			break;
		if (idev->identity_set &&
		    ipv6_addr_equal(&idev->identity, &want))
			continue;
		c[n].ifindex = idev->dev->ifindex;
		c[n].had_old = idev->identity_set;
		c[n].old = idev->identity;
		c[n].new = want;
		idev->identity = want;
		idev->identity_set = true;
		n++;
	}
	return n;
}

#define ILNP_IDENTITY_DEVS_MAX	8	/* devices a round; more, more rounds */

static void identity_work(struct work_struct *work)
{
	struct ilnp_net *in = container_of(work, struct ilnp_net,
					   identity_work);
	struct identity_change c[ILNP_IDENTITY_DEVS_MAX];
	struct socket *sock;
	unsigned int i, n;
	int err;

	rtnl_lock();
	n = identity_plan(in, c, ARRAY_SIZE(c));
	rtnl_unlock();
	if (!n)
		return;
	err = sock_create_kern(in->net, AF_NETLINK, SOCK_RAW, NETLINK_ROUTE,
			       &sock);
	if (err) {
		pr_warn_ratelimited("identity address: no rtnetlink socket (%d)\n",
				    err);
		return;
	}
	for (i = 0; i < n; i++) {
		if (c[i].had_old)
			identity_rtnl(sock, RTM_DELADDR, c[i].ifindex,
				      &c[i].old);
		err = identity_rtnl(sock, RTM_NEWADDR, c[i].ifindex,
				    &c[i].new);
		/* Gone meanwhile (-ENODEV), or there already. */
		if (err && err != -ENODEV && err != -EEXIST)
			pr_warn_ratelimited("identity address %pI6c on ifindex %d: %d\n",
					    &c[i].new, c[i].ifindex, err);
	}
	sock_release(sock);
	if (n == ARRAY_SIZE(c))
		queue_work(system_wq, &in->identity_work);
}

/* The identity prefix or NID changed, or a device was made: bring the
 * devices' addresses in step, soon.  A device keeps its address while
 * down (device.c sets keep_addr_on_down).  Any context.
 */
void ilnp_identity_changed(struct ilnp_net *in)
{
	queue_work(system_wq, &in->identity_work);
}

void ilnp_identity_init(struct ilnp_net *in)
{
	in->identity_prefix = ILNP_IDENTITY_PREFIX_DEFAULT;
	INIT_WORK(&in->identity_work, identity_work);
}

/* The netns's devices are gone: nothing left to address. */
void ilnp_identity_exit(struct ilnp_net *in)
{
	cancel_work_sync(&in->identity_work);
}
