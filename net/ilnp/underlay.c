// SPDX-License-Identifier: GPL-2.0
/*
 * The underlay: one kernel UDP/IPv6 socket per overlay device, bound to
 * its port on its underlay device, joined to the multicast group of each
 * of the device's locators.  Receive is the socket's encap_rcv hook, in
 * softirq; transmit goes to the group of the locator we send on.
 *
 * The socket is set up and packets are encapsulated here rather than by
 * the kernel's udp_tunnel helpers: those live in modules of their own
 * (udp_tunnel, ip6_udp_tunnel) that a plain insmod of ilnp.ko would not
 * load, and all we need of them is a few lines on top of the core.
 */
#include <linux/if_arp.h>
#include <linux/in6.h>
#include <linux/udp.h>
#include <net/addrconf.h>
#include <net/ip6_checksum.h>
#include <net/ipv6.h>
#include <net/udp.h>

#include "ilnp.h"

/* Any non-zero value: encap_rcv is only called for encapsulation sockets. */
#define ILNP_UDP_ENCAP_TYPE	1

static void locator_group(const struct ilnp_dev *idev, u64 loc,
			  struct in6_addr *grp)
{
	ilnp_locator_group(grp->s6_addr, idev->group, loc);
}

/* The locator an outer destination stands for, if it is one of our groups. */
static bool group_locator(const struct ilnp_dev *idev,
			  const struct in6_addr *daddr, u64 *loc)
{
	struct in6_addr prefix;

	ilnp_locator_group(prefix.s6_addr, idev->group, 0);
	if (memcmp(daddr->s6_addr, prefix.s6_addr, 8))
		return false;
	*loc = (u64)ntohl(daddr->s6_addr32[2]) << 32 | ntohl(daddr->s6_addr32[3]);
	return true;
}

/* A prototype device's packet: made the native one it means, or
 * counted.  0, or not to go further.
 */
static int proto_rcv(struct ilnp_dev *idev, struct sk_buff *skb)
{
	int err = ilnp_proto_to_native(skb, jiffies);

	if (err > 0)
		ilnp_stat_inc(idev, err);
	return err;
}

static int ilnp_udp_encap_rcv(struct sock *sk, struct sk_buff *skb)
{
	struct ilnp_dev *idev = rcu_dereference_sk_user_data(sk);
	u64 arrival;

	if (!idev)
		goto drop;
	if (!group_locator(idev, &ipv6_hdr(skb)->daddr, &arrival) ||
	    (arrival != ILNP_ALL_NODES_LOC &&
	     !ilnp_dev_has_locator(idev, arrival))) {
		ilnp_stat_inc(idev, ILNP_STAT_DROP_GROUP);
		goto drop;
	}
	if (!pskb_may_pull(skb, sizeof(struct udphdr))) {
		ilnp_stat_inc(idev, ILNP_STAT_DROP_SHORT);
		goto drop;
	}
	__skb_pull(skb, sizeof(struct udphdr));
	if (ilnp_offload_rx(skb))
		goto drop;
	if (idev->profile == ILNP_PROFILE_PROTOTYPE &&
	    proto_rcv(idev, skb))
		goto drop;
	ilnp_input(idev, arrival, skb);
	return 0;

drop:
	kfree_skb(skb);
	return 0;
}

static int set_sockopt_int(struct socket *sock, int level, int name, int val)
{
	return sock->ops->setsockopt(sock, level, name,
				     KERNEL_SOCKPTR(&val), sizeof(val));
}

int ilnp_underlay_join(struct ilnp_dev *idev, u64 loc)
{
	struct socket *sock = rtnl_dereference(idev->sock);
	struct in6_addr grp;
	int err;

	ASSERT_RTNL();
	if (!sock)
		return 0;	/* joined when the device comes up */
	locator_group(idev, loc, &grp);
	lock_sock(sock->sk);
	err = ipv6_sock_mc_join(sock->sk, idev->underlay, &grp);
	release_sock(sock->sk);
	return err;
}

void ilnp_underlay_leave(struct ilnp_dev *idev, u64 loc)
{
	struct socket *sock = rtnl_dereference(idev->sock);
	struct in6_addr grp;

	ASSERT_RTNL();
	if (!sock)
		return;
	locator_group(idev, loc, &grp);
	lock_sock(sock->sk);
	ipv6_sock_mc_drop(sock->sk, idev->underlay, &grp);
	release_sock(sock->sk);
}

static void leave_all(struct ilnp_dev *idev)
{
	struct ilnp_locator *l;

	list_for_each_entry(l, &idev->locators, list)
		ilnp_underlay_leave(idev, l->loc);
	ilnp_underlay_leave(idev, ILNP_ALL_NODES_LOC);
}

static void sock_close(struct socket *sock)
{
	kernel_sock_shutdown(sock, SHUT_RDWR);
	sock_release(sock);
}

/* A UDP/IPv6 socket on @idev's port, bound to its underlay device. */
static int sock_open(struct ilnp_dev *idev, struct socket **sockp)
{
	struct sockaddr_in6 addr = {
		.sin6_family = AF_INET6,
		.sin6_port = htons(idev->port),
	};
	struct socket *sock;
	int err;

	err = sock_create_kern(dev_net(idev->dev), AF_INET6, SOCK_DGRAM,
			       IPPROTO_UDP, &sock);
	if (err)
		return err;
	err = ip6_sock_set_v6only(sock->sk);
	if (err)
		goto err_close;
	err = sock_bindtoindex(sock->sk, idev->underlay, true);
	if (err)
		goto err_close;
	err = kernel_bind(sock, (struct ilnp_compat_sockaddr *)&addr,
			  sizeof(addr));
	if (err)
		goto err_close;
	/* Nodes on one machine are separate netns: our own multicast
	 * must not come back to us.
	 */
	err = set_sockopt_int(sock, SOL_IPV6, IPV6_MULTICAST_LOOP, 0);
	if (err)
		goto err_close;
	*sockp = sock;
	return 0;

err_close:
	sock_close(sock);
	return err;
}

/* Make @sock hand what arrives to ilnp_udp_encap_rcv(), as
 * setup_udp_tunnel_sock() does: user data before the hook that reads it.
 */
static void sock_set_encap(struct socket *sock, struct ilnp_dev *idev)
{
	struct sock *sk = sock->sk;

	/* GRO'd CHECKSUM_UNNECESSARY packets get a CHECKSUM_COMPLETE. */
	inet_inc_convert_csum(sk);
	rcu_assign_sk_user_data(sk, idev);
	udp_sk(sk)->encap_type = ILNP_UDP_ENCAP_TYPE;
	WRITE_ONCE(udp_sk(sk)->encap_rcv, ilnp_udp_encap_rcv);
	ilnp_compat_udp_encap_enable(sock);
}

/* ndo_open: create the socket and join every locator's group. */
int ilnp_underlay_open(struct ilnp_dev *idev)
{
	struct ilnp_locator *l;
	struct socket *sock;
	int err;

	ASSERT_RTNL();
	err = sock_open(idev, &sock);
	if (err)
		return err;
	sock_set_encap(sock, idev);
	rcu_assign_pointer(idev->sock, sock);

	/* The link's advertisements (ra.c), whatever our locators. */
	err = ilnp_underlay_join(idev, ILNP_ALL_NODES_LOC);
	if (err)
		goto err_leave;
	list_for_each_entry(l, &idev->locators, list) {
		err = ilnp_underlay_join(idev, l->loc);
		if (err)
			goto err_leave;
	}
	return 0;

err_leave:
	leave_all(idev);
	RCU_INIT_POINTER(idev->sock, NULL);
	rcu_assign_sk_user_data(sock->sk, NULL);
	synchronize_net();
	sock_close(sock);
	return err;
}

/* ndo_stop: leave the groups, then retire the socket once no reader can
 * hold it (neither a sender through idev->sock nor encap_rcv through
 * sk_user_data).  Leaving first matters: closing a socket that still has
 * memberships would take RTNL, which we hold.
 */
void ilnp_underlay_close(struct ilnp_dev *idev)
{
	struct socket *sock = rtnl_dereference(idev->sock);

	if (!sock)
		return;
	leave_all(idev);
	RCU_INIT_POINTER(idev->sock, NULL);
	rcu_assign_sk_user_data(sock->sk, NULL);
	synchronize_net();
	sock_close(sock);
}

/* The IPv6 packet @skb to the group goes to the next hop's link-layer
 * address @lladdr alone (nexthop.c).  Past the IPv6 output path, whose
 * neighbour layer would map the group to its multicast address: as a
 * tunnel's own transmit, nothing of that path applies to a packet for a
 * link-local group that was routed already (no fragments, no loopback).
 */
static int unicast_output(struct sk_buff *skb, struct net_device *dev,
			  const u8 *lladdr)
{
	skb->dev = dev;
	skb->protocol = htons(ETH_P_IPV6);
	if (dev_hard_header(skb, dev, ETH_P_IPV6, lladdr, NULL,
			    skb->len) < 0) {
		kfree_skb(skb);
		return -EINVAL;
	}
	return dev_queue_xmit(skb);
}

/* Put the UDP and IPv6 headers for @fl6 in front of @skb->data and send
 * it from @sk's port, to the next hop @lladdr if known, else to all on
 * the link.  The route is @dst, which the skb takes over.
 */
static int udp6_encap_output(struct sock *sk, struct sk_buff *skb,
			     struct dst_entry *dst, const struct flowi6 *fl6,
			     const u8 *lladdr)
{
	struct ipv6hdr *ip6h;
	struct udphdr *uh;

	uh = skb_push(skb, sizeof(*uh));
	skb_reset_transport_header(skb);
	uh->source = fl6->fl6_sport;
	uh->dest = fl6->fl6_dport;
	uh->len = htons(skb->len);
	skb_dst_set(skb, dst);
	/* Filled in by the underlay device, or by software before it. */
	udp6_set_csum(false, skb, &fl6->saddr, &fl6->daddr, skb->len);

	ip6h = skb_push(skb, sizeof(*ip6h));
	skb_reset_network_header(skb);
	ip6_flow_hdr(ip6h, 0, 0);
	ip6h->payload_len = htons(skb->len - sizeof(*ip6h));
	ip6h->nexthdr = IPPROTO_UDP;
	ip6h->hop_limit = 1;		/* the group is on this link */
	ip6h->saddr = fl6->saddr;
	ip6h->daddr = fl6->daddr;

	memset(IP6CB(skb), 0, sizeof(*IP6CB(skb)));
	if (lladdr)
		return unicast_output(skb, dst->dev, lladdr);
	return ip6_local_out(dev_net(dst->dev), sk, skb);
}

/* The route to our locator @loc's group and the source address, from
 * the locator's cache (@l, if @loc is still ours), else looked up.  A
 * route the underlay changed (an address, a link down) fails the
 * cache's check and is looked up again.
 */
static struct dst_entry *underlay_route(struct ilnp_dev *idev,
					struct ilnp_locator *l,
					struct sock *sk, struct flowi6 *fl6)
{
	struct dst_entry *dst;

	if (l) {
		dst = dst_cache_get_ip6(&l->dst_cache, &fl6->saddr);
		if (dst)
			return dst;
	}
	dst = ilnp_compat_dst_lookup_flow(dev_net(idev->dev), sk, fl6);
	if (l && !IS_ERR(dst))
		dst_cache_set_ip6(&l->dst_cache, dst, &fl6->saddr);
	return dst;
}

/* The link-layer address of @skb's next hop on @loc, into @lladdr, if
 * the underlay is Ethernet and the next hop is known.
 */
static bool next_hop(struct ilnp_dev *idev, u64 loc, struct dst_entry *dst,
		     const struct sk_buff *skb, u8 *lladdr)
{
	const struct ilnp_hdr *hdr = (const struct ilnp_hdr *)skb->data;

	return dst->dev->type == ARPHRD_ETHER &&
	       skb_headlen(skb) >= ILNP_HDR_LEN &&
	       ilnp_nexthop_lladdr(&idev->in->fib, idev, loc,
				   be64_to_cpu(hdr->dst.loc),
				   be64_to_cpu(hdr->dst.nid), lladdr);
}

/* The overlay device's transmit: send one ILNPv6 packet (@skb->data at
 * the inner header) on the group of our locator @loc, to the next hop
 * alone when it is known.  Consumes @skb.  BHs off, RCU.
 */
void ilnp_underlay_xmit(struct ilnp_dev *idev, u64 loc, struct sk_buff *skb)
{
	struct flowi6 fl6 = {
		.flowi6_oif = idev->underlay,
		.flowi6_proto = IPPROTO_UDP,
		.fl6_sport = htons(idev->port),
		.fl6_dport = htons(idev->port),
	};
	u8 lladdr[ETH_ALEN] __aligned(2);
	struct dst_entry *dst;
	unsigned int len;
	struct socket *sock;
	bool unicast;
	int err;

	/* SO_SNDBUF charged the sending AF_ILNP socket up to here, through
	 * the qdisc.  IPv6 output would take an skb->sk for one of its own
	 * (inet6_sk(), from softirq or a re-injection as well): the packet
	 * leaves owned by no socket, sent on the underlay socket's behalf.
	 */
	skb_orphan(skb);
	skb_scrub_packet(skb, false);
	if (idev->profile == ILNP_PROFILE_PROTOTYPE) {
		err = ilnp_proto_from_native(skb);
		if (err) {
			ilnp_stat_inc(idev, err > 0 ? err : ILNP_STAT_TX_ERRORS);
			kfree_skb(skb);
			return;
		}
	}
	len = skb->len;
	sock = rcu_dereference_bh(idev->sock);
	if (!sock)
		goto drop;
	locator_group(idev, loc, &fl6.daddr);
	dst = underlay_route(idev, ilnp_dev_locator(idev, loc), sock->sk,
			     &fl6);
	if (IS_ERR(dst))
		goto drop;
	unicast = next_hop(idev, loc, dst, skb, lladdr);
	if (skb_cow_head(skb, LL_RESERVED_SPACE(dst->dev) + ILNP_OVERHEAD) ||
	    ilnp_offload_tx(skb)) {
		dst_release(dst);
		goto drop;
	}
	if (trace_ilnp_tx_enabled() && skb_headlen(skb) >= ILNP_HDR_LEN)
		trace_ilnp_tx(idev->dev, (const struct ilnp_hdr *)skb->data,
			      loc, len);
	err = udp6_encap_output(sock->sk, skb, dst, &fl6,
				unicast ? lladdr : NULL);
	if (net_xmit_eval(err)) {
		ilnp_stat_inc(idev, ILNP_STAT_TX_ERRORS);
		return;
	}
	ilnp_stat_inc(idev, ILNP_STAT_TX_PACKETS);
	ilnp_stat_add(idev, ILNP_STAT_TX_BYTES, len);
	if (unicast)
		ilnp_stat_inc(idev, ILNP_STAT_TX_UNICAST);
	return;

drop:
	ilnp_stat_inc(idev, ILNP_STAT_TX_ERRORS);
	kfree_skb(skb);
}
