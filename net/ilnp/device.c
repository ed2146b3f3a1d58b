// SPDX-License-Identifier: GPL-2.0
/*
 * The overlay device (rtnl link kind "ilnp") and its locators.
 *
 * A device rides on one underlay device; while up it owns a UDP socket
 * there (underlay.c).  Its locators are the overlay networks it is
 * attached to.  The stack cannot route IP through it: ILNPv6 packets
 * arrive through the socket; every packet the node sends is handed to
 * the device (ilnp_dev_xmit()), whose transmit, after any qdisc, sends
 * it on the socket.  The device carries their counters and MTU.
 */
#include <linux/etherdevice.h>
#include <linux/if_arp.h>
#include <linux/rculist.h>
#include <linux/slab.h>
#include <net/addrconf.h>
#include <net/rtnetlink.h>

#include "ilnp.h"

static struct rtnl_link_ops ilnp_link_ops;

/* Room left for an upper-layer message on an underlay of MTU @mtu, after
 * the ILNPv6 header and a nonce option.
 */
static unsigned int ilnp_mtu(unsigned int underlay_mtu)
{
	return underlay_mtu - ILNP_OVERHEAD - ILNP_HDR_LEN - ILNP_NONCE_OPT_LEN;
}

void ilnp_dev_stats_read(struct ilnp_dev *idev, u64 *out)
{
	unsigned int start;
	int cpu, i;

	memset(out, 0, sizeof(u64) * __ILNP_STAT_MAX);
	for_each_possible_cpu(cpu) {
		const struct ilnp_stats *st = per_cpu_ptr(idev->stats, cpu);
		u64 c[__ILNP_STAT_MAX];

		do {
			start = u64_stats_fetch_begin(&st->syncp);
			for (i = 0; i < __ILNP_STAT_MAX; i++)
				c[i] = u64_stats_read(&st->c[i]);
		} while (u64_stats_fetch_retry(&st->syncp, start));
		for (i = 0; i < __ILNP_STAT_MAX; i++)
			out[i] += c[i];
	}
}
EXPORT_SYMBOL_FOR_ILNP_KUNIT(ilnp_dev_stats_read);

/* Every reason a received packet is dropped: their sum is rx_dropped. */
static const enum ilnp_stat ilnp_rx_drop_stats[] = {
	ILNP_STAT_DROP_SHORT, ILNP_STAT_DROP_VERSION, ILNP_STAT_DROP_LENGTH,
	ILNP_STAT_DROP_HOP_LIMIT, ILNP_STAT_DROP_NO_ROUTE,
	ILNP_STAT_DROP_NOT_FOR_US, ILNP_STAT_DROP_NEXT_HEADER,
	ILNP_STAT_DROP_CHECKSUM, ILNP_STAT_DROP_MALFORMED,
	ILNP_STAT_DROP_GROUP, ILNP_STAT_DROP_NO_PORT, ILNP_STAT_DROP_RCVBUF,
	ILNP_STAT_DROP_OTHER_NETWORK, ILNP_STAT_DROP_BAD_SOURCE,
	ILNP_STAT_DROP_TOO_BIG,
};

static void ilnp_get_stats64(struct net_device *dev,
			     struct rtnl_link_stats64 *s)
{
	u64 c[__ILNP_STAT_MAX];
	int i;

	ilnp_dev_stats_read(netdev_priv(dev), c);
	s->rx_packets = c[ILNP_STAT_RX_PACKETS];
	s->rx_bytes = c[ILNP_STAT_RX_BYTES];
	s->tx_packets = c[ILNP_STAT_TX_PACKETS];
	s->tx_bytes = c[ILNP_STAT_TX_BYTES];
	s->tx_errors = c[ILNP_STAT_TX_ERRORS];
	for (i = 0; i < ARRAY_SIZE(ilnp_rx_drop_stats); i++)
		s->rx_dropped += c[ilnp_rx_drop_stats[i]];
}

/* Make @skb, an ILNPv6 packet (@skb->data at its header), a new packet
 * of @idev's, to leave on the group of our locator @loc.
 */
static void ilnp_dev_xmit_prepare(struct ilnp_dev *idev, u64 loc,
				  struct sk_buff *skb)
{
	struct ilnp_tx_cb *cb = ILNP_TX_CB(skb);

	BUILD_BUG_ON(sizeof(*cb) > sizeof_field(struct sk_buff, cb));
	/* A forwarded packet enters as new: no route, conntrack or receive
	 * time (fq would take that for a departure time) of its way in,
	 * and no checksum left to offload but its own: a veth may deliver
	 * it with the outer UDP checksum still CHECKSUM_PARTIAL, which the
	 * core would try to finish at an offset before the data.
	 */
	skb_scrub_packet(skb, false);
	skb_clear_tstamp(skb);
	ilnp_offload_inner_csum(skb);
	memset(&cb->tc, 0, sizeof(cb->tc));
	cb->loc = loc;
	skb->dev = idev->dev;
	/* An ILNPv6 packet is an IPv6 packet to tc and to the flow
	 * dissector (fq's flows): the I-LVs stand where the addresses do.
	 */
	skb->protocol = htons(ETH_P_IPV6);
	skb_reset_network_header(skb);
}

/* Hand an ILNPv6 packet (@skb->data at its header) to @idev, to leave on
 * the group of our locator @loc: every packet the node sends or forwards
 * goes this way, through the device's qdisc, so that tc, qdiscs, packet
 * taps and the device's counters see them all, as on a vxlan or geneve
 * device.  Consumes @skb.  0, or what a sender should hear: -ENETDOWN
 * (the device went down), -ENOBUFS (the qdisc dropped it).  RCU.
 */
int ilnp_dev_xmit(struct ilnp_dev *idev, u64 loc, struct sk_buff *skb)
{
	int err;

	ilnp_dev_xmit_prepare(idev, loc, skb);
	err = dev_queue_xmit(skb);
	return err > 0 ? net_xmit_errno(err) : err;
}

/* The same from @idev's own transmit (an IPv6 packet of the stack's,
 * now ILNPv6): past the qdisc already, it goes to the underlay.
 */
int ilnp_dev_xmit_now(struct ilnp_dev *idev, u64 loc, struct sk_buff *skb)
{
	ilnp_dev_xmit_prepare(idev, loc, skb);
	ilnp_underlay_xmit(idev, loc, skb);
	return 0;
}

/* What leaves by the device: ILNPv6 packets ilnp_dev_xmit() gave one of
 * its locators (or one removed a moment ago, or being added, see
 * ilnp_dev_had_locator() and ilnp_dev_adding_locator()), and the IP
 * stack's packets from our identity address (identity.c).  Anything
 * else, from the stack (MLD reports), a packet socket or a tc redirect,
 * is dropped.  Softirq or BHs off, RCU.
 */
static netdev_tx_t ilnp_start_xmit(struct sk_buff *skb, struct net_device *dev)
{
	struct ilnp_dev *idev = netdev_priv(dev);
	u64 loc;

	if (ilnp_identity_from_stack(idev->in, skb)) {
		ilnp_identity_xmit(idev, skb);
		return NETDEV_TX_OK;
	}
	loc = ILNP_TX_CB(skb)->loc;
	if (skb->protocol != htons(ETH_P_IPV6) ||
	    (loc != ILNP_ALL_NODES_LOC && !ilnp_dev_has_locator(idev, loc) &&
	     !ilnp_dev_had_locator(idev, loc) &&
	     !ilnp_dev_adding_locator(idev, loc))) {
		dev_core_stats_tx_dropped_inc(dev);
		kfree_skb(skb);
		return NETDEV_TX_OK;
	}
	ilnp_underlay_xmit(idev, loc, skb);
	return NETDEV_TX_OK;
}

static int ilnp_open(struct net_device *dev)
{
	struct ilnp_dev *idev = netdev_priv(dev);
	int err = ilnp_underlay_open(idev);

	if (!err) {
		ilnp_disc_locators_changed(idev->in);
		ilnp_lu_locators_changed(idev->in);
		ilnp_ra_dev_up(idev);
	}
	return err;
}

static int ilnp_stop(struct net_device *dev)
{
	struct ilnp_dev *idev = netdev_priv(dev);

	ilnp_underlay_close(idev);
	/* Flows fail over to our other locators, if any: forget the paths
	 * through this device (the device's locators stay ours, for when
	 * it comes up again) and tell the correspondents where we are now.
	 */
	ilnp_fib_flush(&idev->in->fib, idev, 0, false);
	ilnp_lu_locators_changed(idev->in);
	return 0;
}

static int ilnp_dev_init(struct net_device *dev)
{
	struct ilnp_dev *idev = netdev_priv(dev);

	idev->stats = netdev_alloc_pcpu_stats(struct ilnp_stats);
	return idev->stats ? 0 : -ENOMEM;
}

/* Unregistering, RTNL held, already down: unlink from the node. */
static void ilnp_dev_uninit(struct net_device *dev)
{
	struct ilnp_dev *idev = netdev_priv(dev);

	list_del_rcu(&idev->node);
	idev->in->gen++;
	ilnp_fib_flush(&idev->in->fib, idev, 0, true);
	ilnp_neigh_flush(&idev->in->neighs, idev);
	ilnp_locators_free(idev);
}

/* After the last RCU reader: packets in flight may still count. */
static void ilnp_dev_free(struct net_device *dev)
{
	struct ilnp_dev *idev = netdev_priv(dev);

	free_percpu(idev->stats);
}

static const struct net_device_ops ilnp_netdev_ops = {
	.ndo_init = ilnp_dev_init,
	.ndo_uninit = ilnp_dev_uninit,
	.ndo_open = ilnp_open,
	.ndo_stop = ilnp_stop,
	.ndo_start_xmit = ilnp_start_xmit,
	.ndo_get_stats64 = ilnp_get_stats64,
};

static void ilnp_setup(struct net_device *dev)
{
	struct ilnp_dev *idev = netdev_priv(dev);

	/* ndo_uninit runs even when registration fails half way. */
	INIT_LIST_HEAD(&idev->node);
	INIT_LIST_HEAD(&idev->locators);
	ilnp_ra_dev_init(idev);
	dev->netdev_ops = &ilnp_netdev_ops;
	dev->needs_free_netdev = true;
	dev->priv_destructor = ilnp_dev_free;
	dev->type = ARPHRD_NONE;
	dev->flags = IFF_NOARP;
	dev->priv_flags |= IFF_NO_QUEUE;
	dev->hard_header_len = 0;
	dev->addr_len = 0;
	/* The widest underlay: newlink narrows it to the actual one's. */
	dev->min_mtu = ilnp_mtu(IPV6_MIN_MTU);
	dev->max_mtu = ilnp_mtu(ETH_MAX_MTU);
	dev->mtu = ilnp_mtu(ETH_DATA_LEN);
	ilnp_offload_features(dev);
	ilnp_compat_dev_setup(dev);
}

static const struct nla_policy ilnp_link_policy[IFLA_ILNP_MAX + 1] = {
	[IFLA_ILNP_PORT] = NLA_POLICY_MIN(NLA_U16, 1),
	[IFLA_ILNP_GROUP] = { .type = NLA_U16 },
	[IFLA_ILNP_AUTO] = NLA_POLICY_MAX(NLA_U8, 1),
	/* Range checked in newlink, for a message that says what is wrong. */
	[IFLA_ILNP_PROFILE] = { .type = NLA_U8 },
};

/* Without IFLA_LINK: the first up, multicast-capable, non-loopback
 * device of the netns that is not itself an overlay.
 */
static struct net_device *default_underlay(struct net *net)
{
	struct net_device *dev;

	for_each_netdev(net, dev)
		if ((dev->flags & (IFF_UP | IFF_MULTICAST)) ==
		    (IFF_UP | IFF_MULTICAST) && !(dev->flags & IFF_LOOPBACK) &&
		    dev->rtnl_link_ops != &ilnp_link_ops)
			return dev;
	return NULL;
}

/* IPv6 on the device is the identity address (identity.c) and its
 * prefix's route, nothing else: no link-local address (and so no router
 * solicitations), no router advertisements taken, and the address kept
 * while the device is down, as the node keeps its identity.  RTNL.
 */
static void ipv6_identity_only(struct net_device *dev)
{
	struct inet6_dev *in6 = __in6_dev_get(dev);

	if (!in6)
		return;
	WRITE_ONCE(in6->cnf.addr_gen_mode, IN6_ADDR_GEN_MODE_NONE);
	WRITE_ONCE(in6->cnf.accept_ra, 0);
	WRITE_ONCE(in6->cnf.rtr_solicits, 0);
	WRITE_ONCE(in6->cnf.keep_addr_on_down, 1);
}

/* The underlay a new device rides on: IFLA_LINK, an ifindex of the
 * caller's netns @src_net (as for vxlan and geneve), or the default of
 * the device's.  Both must be one netns: the device's UDP socket,
 * bound to the underlay, lives there.  RTNL.
 */
static struct net_device *newlink_underlay(struct net *src_net,
					   struct net *net, struct nlattr *tb[],
					   struct netlink_ext_ack *extack)
{
	struct net_device *lower;

	if (!net_eq(src_net, net)) {
		NL_SET_ERR_MSG(extack,
			       "The underlay must be in the device's network namespace: create the device there");
		return ERR_PTR(-EOPNOTSUPP);
	}
	if (!tb[IFLA_LINK]) {
		lower = default_underlay(net);
		if (!lower) {
			NL_SET_ERR_MSG(extack,
				       "No underlay: name one (link DEV), or bring one up");
			return ERR_PTR(-ENODEV);
		}
		return lower;
	}
	lower = __dev_get_by_index(src_net, nla_get_u32(tb[IFLA_LINK]));
	if (!lower) {
		NL_SET_ERR_MSG_ATTR(extack, tb[IFLA_LINK],
				    "Underlay device not found");
		return ERR_PTR(-ENODEV);
	}
	return lower;
}

/* Whether @lower carries packets: up, with carrier, and not held
 * dormant (wpa_supplicant, until associated) or testing.  The carrier
 * bit, not netif_oper_up() alone: the operational state follows the
 * carrier only once linkwatch has run, and an overlay made just after
 * its underlay came up would start as down.  Linkwatch's NETDEV_CHANGE
 * follows every carrier change, so the two agree in the end.
 */
static bool lower_carries(const struct net_device *lower)
{
	u8 state = READ_ONCE(lower->operstate);

	return netif_running(lower) && netif_carrier_ok(lower) &&
	       state != IF_OPER_DORMANT && state != IF_OPER_TESTING;
}

/* The MTU of a new device on @lower: as asked (the core checked it
 * against the widest underlay), if its packets fit the underlay.
 */
static int newlink_mtu(struct net_device *dev, struct net_device *lower,
		       struct nlattr *tb[], struct netlink_ext_ack *extack)
{
	dev->max_mtu = ilnp_mtu(lower->mtu);
	if (!tb[IFLA_MTU]) {
		dev->mtu = dev->max_mtu;
		return 0;
	}
	if (dev->mtu > dev->max_mtu) {
		NL_SET_ERR_MSG_ATTR(extack, tb[IFLA_MTU],
				    "MTU above the underlay's less the ILNPv6, UDP and IPv6 headers and a nonce option");
		return -EINVAL;
	}
	return 0;
}

static int newlink(struct net *src_net, struct net_device *dev,
		   struct nlattr *tb[], struct nlattr *data[],
		   struct netlink_ext_ack *extack)
{
	struct ilnp_dev *idev = netdev_priv(dev);
	struct net *net = dev_net(dev);
	struct net_device *lower;
	int err;

	lower = newlink_underlay(src_net, net, tb, extack);
	if (IS_ERR(lower))
		return PTR_ERR(lower);
	if (lower->rtnl_link_ops == &ilnp_link_ops) {
		NL_SET_ERR_MSG(extack, "An ilnp device cannot be an underlay");
		return -EINVAL;
	}
	if (!(lower->flags & IFF_MULTICAST) || lower->mtu < IPV6_MIN_MTU) {
		NL_SET_ERR_MSG(extack,
			       "Underlay needs multicast and an IPv6 MTU");
		return -EINVAL;
	}
	err = newlink_mtu(dev, lower, tb, extack);
	if (err)
		return err;
	if (data && data[IFLA_ILNP_PROFILE] &&
	    nla_get_u8(data[IFLA_ILNP_PROFILE]) > ILNP_PROFILE_MAX) {
		NL_SET_ERR_MSG_ATTR(extack, data[IFLA_ILNP_PROFILE],
				    "Unknown profile: 0 native, 1 prototype");
		return -EINVAL;
	}

	idev->dev = dev;
	idev->in = ilnp_pernet(net);
	idev->underlay = lower->ifindex;
	idev->lower_up = lower_carries(lower);
	idev->port = ILNP_DEFAULT_PORT;
	if (data && data[IFLA_ILNP_PORT])
		idev->port = nla_get_u16(data[IFLA_ILNP_PORT]);
	if (data && data[IFLA_ILNP_GROUP])
		idev->group = nla_get_u16(data[IFLA_ILNP_GROUP]);
	if (data && data[IFLA_ILNP_AUTO])
		idev->ra.auto_on = nla_get_u8(data[IFLA_ILNP_AUTO]);
	if (data && data[IFLA_ILNP_PROFILE])
		idev->profile = nla_get_u8(data[IFLA_ILNP_PROFILE]);

	/* Room for the outer headers, and for the identity packet's
	 * inner ones, so that they need no new head (identity.c).
	 */
	dev->needed_headroom = LL_RESERVED_SPACE(lower) + ILNP_OVERHEAD +
			       ILNP_IDENTITY_GROWTH;

	err = register_netdevice(dev);
	if (err)
		return err;
	ipv6_identity_only(dev);
	list_add_tail_rcu(&idev->node, &idev->in->devs);
	idev->in->gen++;
	ilnp_identity_changed(idev->in);
	return 0;
}

ILNP_COMPAT_NEWLINK(ilnp_newlink, newlink)

static int ilnp_changelink(struct net_device *dev, struct nlattr *tb[],
			   struct nlattr *data[],
			   struct netlink_ext_ack *extack)
{
	if (data && (data[IFLA_ILNP_PORT] || data[IFLA_ILNP_GROUP])) {
		NL_SET_ERR_MSG(extack,
			       "Port and group are fixed: delete and re-add the device");
		return -EOPNOTSUPP;
	}
	/* The same value is no change (ip link set ... type ilnp resends
	 * what it read).
	 */
	if (data && data[IFLA_ILNP_PROFILE] &&
	    nla_get_u8(data[IFLA_ILNP_PROFILE]) !=
	    ((struct ilnp_dev *)netdev_priv(dev))->profile) {
		NL_SET_ERR_MSG_ATTR(extack, data[IFLA_ILNP_PROFILE],
				    "The profile is fixed: delete and re-add the device");
		return -EOPNOTSUPP;
	}
	if (data && data[IFLA_ILNP_AUTO])
		return ilnp_ra_set_auto(netdev_priv(dev),
					nla_get_u8(data[IFLA_ILNP_AUTO]));
	return 0;
}

static size_t ilnp_get_size(const struct net_device *dev)
{
	return nla_total_size(sizeof(u16)) * 2 + nla_total_size(sizeof(u8)) * 2;
}

static int ilnp_fill_info(struct sk_buff *skb, const struct net_device *dev)
{
	const struct ilnp_dev *idev = netdev_priv(dev);

	if (nla_put_u16(skb, IFLA_ILNP_PORT, idev->port) ||
	    nla_put_u16(skb, IFLA_ILNP_GROUP, idev->group) ||
	    nla_put_u8(skb, IFLA_ILNP_AUTO, idev->ra.auto_on) ||
	    nla_put_u8(skb, IFLA_ILNP_PROFILE, idev->profile))
		return -EMSGSIZE;
	return 0;
}

static struct rtnl_link_ops ilnp_link_ops __read_mostly = {
	.kind = ILNP_LINK_KIND,
	.maxtype = IFLA_ILNP_MAX,
	.policy = ilnp_link_policy,
	.priv_size = sizeof(struct ilnp_dev),
	.setup = ilnp_setup,
	.newlink = ilnp_newlink,
	.changelink = ilnp_changelink,
	.get_size = ilnp_get_size,
	.fill_info = ilnp_fill_info,
};

/* The overlay device @ifindex of @net, or NULL.  RTNL. */
struct ilnp_dev *ilnp_dev_get(struct net *net, int ifindex)
{
	struct net_device *dev = __dev_get_by_index(net, ifindex);

	if (!dev || dev->rtnl_link_ops != &ilnp_link_ops)
		return NULL;
	return netdev_priv(dev);
}

/* An overlay device takes packets from NETDEV_UP, which follows the
 * attaching of its qdisc, until NETDEV_GOING_DOWN, which comes before the
 * qdisc goes.  Senders test ilnp_dev_usable() and hand the packet to the
 * device under one rcu_read_lock(): once the grace period is over, none
 * can reach a device without a qdisc, where it would be lost unsaid.
 * Flows move to or from it then: their paths change first (RTNL).
 */
static void overlay_event(struct ilnp_dev *idev, unsigned long event)
{
	if (event == NETDEV_UP) {
		ilnp_lu_paths_changing(idev->in);
		WRITE_ONCE(idev->xmit_ready, true);
	} else if (event == NETDEV_GOING_DOWN) {
		ilnp_lu_paths_changing(idev->in);
		WRITE_ONCE(idev->xmit_ready, false);
		synchronize_net();
	}
}

/* @idev's underlay link died or came back (@up).  Its locators stop or
 * start being given out and its paths being chosen (ilnp_dev_path_ok()):
 * flows move to the node's other devices and back, a soft vertical
 * handoff, with no command.  Correspondents hear only of a set they do
 * not hold: a single-device node's link flapping leaves none to tell on
 * the way down, nothing new on the way back.  RTNL.
 */
static void ilnp_lower_state(struct ilnp_dev *idev, bool up)
{
	struct ilnp_net *in = idev->in;

	ASSERT_RTNL();
	if (idev->lower_up == up)
		return;
	ilnp_lu_paths_changing(in);
	WRITE_ONCE(idev->lower_up, up);
	/* Down, the device's paths went already (ilnp_stop()) and its
	 * locators are not given out.
	 */
	if (!netif_running(idev->dev))
		return;
	/* The learnt paths through the dead link, as ilnp_stop() does;
	 * our own locators on it stay ours, for when it comes back.
	 */
	if (!up)
		ilnp_fib_flush(&in->fib, idev, 0, false);
	in->gen++;
	ilnp_lu_locators_maybe_changed(in);
	ilnp_disc_locators_changed(in);
	/* Learnt locators: stale on down, a solicitation on up (ra.c). */
	ilnp_ra_lower_changed(idev, up);
}

/* The underlay is going away (deleted, or moved to another netns): so do
 * the overlays on it.  Its MTU changed: follow it.  Its link came or
 * went (administratively, its carrier, or its operational state, which
 * wpa_supplicant sets: all end in NETDEV_UP, NETDEV_DOWN or
 * NETDEV_CHANGE): the overlays' paths follow it.
 */
static int ilnp_netdev_event(struct notifier_block *nb, unsigned long event,
			     void *ptr)
{
	struct net_device *lower = netdev_notifier_info_to_dev(ptr);
	struct ilnp_net *in = ilnp_pernet(dev_net(lower));
	struct ilnp_dev *idev, *tmp;
	LIST_HEAD(kill);

	if (lower->rtnl_link_ops == &ilnp_link_ops) {
		overlay_event(netdev_priv(lower), event);
		return NOTIFY_DONE;
	}
	if (event != NETDEV_UNREGISTER && event != NETDEV_CHANGEMTU &&
	    event != NETDEV_UP && event != NETDEV_DOWN &&
	    event != NETDEV_CHANGE)
		return NOTIFY_DONE;

	list_for_each_entry_safe(idev, tmp, &in->devs, node) {
		/* Skip overlays already on their way out in this batch
		 * (netns teardown unregisters everything at once).
		 */
		if (idev->underlay != lower->ifindex ||
		    idev->dev->reg_state != NETREG_REGISTERED)
			continue;
		if (event == NETDEV_UNREGISTER) {
			unregister_netdevice_queue(idev->dev, &kill);
			continue;
		}
		if (event != NETDEV_CHANGEMTU) {
			ilnp_lower_state(idev, lower_carries(lower));
			continue;
		}
		idev->dev->max_mtu = ilnp_mtu(max_t(unsigned int, lower->mtu, IPV6_MIN_MTU));
		if (idev->dev->mtu > idev->dev->max_mtu)
			dev_set_mtu(idev->dev, idev->dev->max_mtu);
	}
	unregister_netdevice_many(&kill);
	return NOTIFY_DONE;
}

static struct notifier_block ilnp_notifier = {
	.notifier_call = ilnp_netdev_event,
};

int ilnp_device_init(void)
{
	int err;

	err = register_netdevice_notifier(&ilnp_notifier);
	if (err)
		return err;
	err = rtnl_link_register(&ilnp_link_ops);
	if (err)
		goto err_notifier;
	return 0;

err_notifier:
	unregister_netdevice_notifier(&ilnp_notifier);
	return err;
}

void ilnp_device_exit(void)
{
	rtnl_link_unregister(&ilnp_link_ops);
	unregister_netdevice_notifier(&ilnp_notifier);
}

MODULE_ALIAS_RTNL_LINK(ILNP_LINK_KIND);
