/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Overlay devices (device.c), their underlay sockets (underlay.c), the
 * node's own locators on them (locator.c) and their counters.
 */
#ifndef _ILNP_DEVICE_H
#define _ILNP_DEVICE_H

#include <linux/list.h>
#include <linux/netdevice.h>
#include <linux/u64_stats_sync.h>
#include <net/dst_cache.h>
#include <net/pkt_sched.h>

#include "trace.h"
#include "wire.h"

struct ilnp_net;
struct netlink_ext_ack;

#define ILNP_RA_ROUTERS		4	/* routers heard per device */

/* The last advertisement heard from one router (ra.c). */
struct ilnp_ra_heard {
	u64 router;			/* NID, 0: a free slot */
	unsigned long when;		/* jiffies */
	bool fresh;			/* new content, not applied yet */
	bool news;			/* a router not heard before */
	struct ilnp_la_msg msg;
};

/* A device's advertisement state: as a router (its locators marked
 * advertise) and as a host in automatic mode.  @lock guards @heard
 * (written in softirq) and the answer fields; the rest is RTNL's.
 */
struct ilnp_ra_dev {
	bool auto_on;
	u8 burst;			/* initial advertisements still due */
	u8 rs_left;			/* solicitations still due */
	unsigned long next_ra;		/* next unsolicited one */
	unsigned long next_rs;
	unsigned long lost_at;		/* the underlay went down */
	spinlock_t lock;
	bool answer;			/* a solicitation to answer */
	unsigned long answer_at;
	unsigned long last_ra;
	unsigned long last_kick;
	u64 solicit_id;			/* the last one heard */
	/* A check of the link (ra.c, RTNL): solicitations sent at
	 * @check_at; learnt locators not heard again by its end are gone.
	 */
	bool checking;
	unsigned long check_at;
	u64 withdrawn[ILNP_RA_LOC_MAX];	/* sent once more, lifetime 0 */
	struct ilnp_ra_heard heard[ILNP_RA_ROUTERS];
};

#define ILNP_LOCATORS_MAX	16	/* own locators per device */
#define ILNP_LOCATORS_GONE	4	/* removed ones still sent on, a second */

struct ilnp_stats {
	u64_stats_t c[__ILNP_STAT_MAX];
	struct u64_stats_sync syncp;
};

/* One of our locators: a joined multicast group on an overlay device. */
struct ilnp_locator {
	struct list_head list;		/* ilnp_dev.locators, RCU */
	u64 loc;
	u16 pref;
	/* Leaving (soft handoff): still joined and received on, no longer
	 * advertised or given to correspondents.
	 */
	bool deprecated;
	bool advertise;			/* on its link, as a router */
	/* Learnt from @router's advertisements (ra.c): gone at @expires;
	 * stale once its link went down, until heard again.
	 */
	bool learnt;
	bool stale;
	u16 router_pref;		/* as advertised; @pref may be more */
	u64 router;
	unsigned long expires;
	unsigned long learnt_at;
	unsigned long heard_at;		/* last listed by a live advert */
	/* The underlay's route and source address to the locator's group,
	 * per CPU: one lookup per packet was most of the transmit's cost.
	 */
	struct dst_cache dst_cache;
	struct rcu_head rcu;
};

/* An overlay device, on one underlay. */
struct ilnp_dev {
	struct net_device *dev;
	struct ilnp_net *in;
	struct list_head node;		/* ilnp_net.devs, RTNL */
	int underlay;			/* ifindex */
	u16 port;
	u16 group;
	u8 profile;			/* ILNP_PROFILE_*, fixed at creation */
	struct socket __rcu *sock;	/* while up */
	bool xmit_ready;		/* see ilnp_dev_usable() */
	/* The underlay carries packets (up, carrier, not dormant): a
	 * device whose link died keeps its locators but is no way out,
	 * and they are not given out (device.c, RTNL writers).
	 */
	bool lower_up;
	struct list_head locators;	/* RCU readers, RTNL writers */
	unsigned int nlocators;
	struct {
		u64 loc;
		unsigned long when;	/* jiffies it was removed */
	} gone[ILNP_LOCATORS_GONE];	/* ilnp_dev_had_locator() */
	unsigned int gone_next;
	struct ilnp_stats __percpu *stats;
	/* The identity address given to the device last (identity.c's
	 * work writes both, under RTNL).
	 */
	struct in6_addr identity;
	bool identity_set;
	struct ilnp_ra_dev ra;
};

/* Packets can leave by @idev: from NETDEV_UP, when its qdisc is in
 * place, until NETDEV_GOING_DOWN, before it goes (device.c); its
 * underlay socket is open all that time.  Outside it dev_queue_xmit()
 * would refuse them, or drop them unsaid.  Callers hold rcu_read_lock()
 * from this test until the packet is handed to the device.
 */
static inline bool ilnp_dev_usable(const struct ilnp_dev *idev)
{
	return READ_ONCE(idev->xmit_ready);
}

/* @idev is a way out worth choosing: usable, and its underlay link
 * alive.  A packet that still takes it while the link goes is lost on
 * the underlay, no worse: only ilnp_dev_usable() is the qdisc's
 * invariant.  RCU.
 */
static inline bool ilnp_dev_path_ok(const struct ilnp_dev *idev)
{
	return ilnp_dev_usable(idev) && READ_ONCE(idev->lower_up);
}

/* What the overlay device's transmit needs of a packet handed to it by
 * ilnp_dev_xmit(): our locator, whose group it leaves on.  It follows
 * the part of skb->cb that qdiscs and tc actions write on the way.
 */
struct ilnp_tx_cb {
	struct tc_skb_cb tc;
	u64 loc;
};

#define ILNP_TX_CB(skb)		((struct ilnp_tx_cb *)(skb)->cb)

/* Counters of packets dropped or refused: the ilnp_drop tracepoint's
 * reasons.
 */
static inline bool ilnp_stat_is_drop(enum ilnp_stat s)
{
	switch (s) {
	case ILNP_STAT_DROP_SHORT ... ILNP_STAT_DROP_GROUP:
	case ILNP_STAT_TX_ERRORS ... ILNP_STAT_DROP_RCVBUF:
	case ILNP_STAT_DISC_DUPLICATE:
	case ILNP_STAT_LU_REJECTED ... ILNP_STAT_LU_STALE:
	case ILNP_STAT_DROP_OTHER_NETWORK:
	case ILNP_STAT_DROP_BAD_SOURCE ... ILNP_STAT_DROP_TOO_BIG:
	case ILNP_STAT_DROP_NOT_IDENTITY:
	case ILNP_STAT_PROTO_UNTRANSLATABLE:
		return true;
	default:
		return false;
	}
}

static inline void ilnp_stat_add(struct ilnp_dev *idev, enum ilnp_stat s,
				 u64 n)
{
	struct ilnp_stats *st = this_cpu_ptr(idev->stats);

	u64_stats_update_begin(&st->syncp);
	u64_stats_add(&st->c[s], n);
	u64_stats_update_end(&st->syncp);
	if (trace_ilnp_drop_enabled() && ilnp_stat_is_drop(s))
		trace_ilnp_drop(idev->dev, s);
}

static inline void ilnp_stat_inc(struct ilnp_dev *idev, enum ilnp_stat s)
{
	ilnp_stat_add(idev, s, 1);
}

/* From process context: a softirq on this CPU counts on the same
 * per-CPU counters, and preemption would move us off it.
 */
static inline void ilnp_stat_inc_bh(struct ilnp_dev *idev, enum ilnp_stat s)
{
	local_bh_disable();
	ilnp_stat_inc(idev, s);
	local_bh_enable();
}

/* device.c */
int ilnp_device_init(void);
void ilnp_device_exit(void);
struct ilnp_dev *ilnp_dev_get(struct net *net, int ifindex);
int ilnp_dev_xmit(struct ilnp_dev *idev, u64 loc, struct sk_buff *skb);
int ilnp_dev_xmit_now(struct ilnp_dev *idev, u64 loc, struct sk_buff *skb);
void ilnp_dev_stats_read(struct ilnp_dev *idev, u64 *out);

/* locator.c */
struct ilnp_locator *ilnp_dev_locator(const struct ilnp_dev *idev, u64 loc);
bool ilnp_dev_has_locator(const struct ilnp_dev *idev, u64 loc);
bool ilnp_dev_had_locator(const struct ilnp_dev *idev, u64 loc);
bool ilnp_dev_adding_locator(struct ilnp_dev *idev, u64 loc);
int ilnp_identity_prefix_free(struct ilnp_net *in, u64 prefix);
unsigned int ilnp_node_locators(struct ilnp_net *in, struct ilnp_disc_loc *locs,
				unsigned int max, u32 lifetime_s);
/* Where a locator comes from: the administrator (router 0: NULL, or to
 * advertise it), or a router's advertisement (ra.c).
 */
struct ilnp_loc_origin {
	u64 router;
	u16 router_pref;
	unsigned long expires;
	bool advertise;			/* the administrator's, to advertise */
};

int ilnp_locator_add(struct ilnp_dev *idev, u64 loc, u16 pref,
		     const struct ilnp_loc_origin *origin,
		     struct netlink_ext_ack *extack);
void ilnp_locator_set_pref(struct ilnp_dev *idev, struct ilnp_locator *l,
			   u16 pref);
void ilnp_locator_set_stale(struct ilnp_dev *idev, struct ilnp_locator *l,
			    bool stale);
int ilnp_locator_del(struct ilnp_dev *idev, u64 loc,
		     struct netlink_ext_ack *extack);
int ilnp_locator_move(struct ilnp_dev *from, u64 old, struct ilnp_dev *to,
		      u64 new, u16 pref, unsigned int handoff_ms,
		      const struct ilnp_loc_origin *origin,
		      struct netlink_ext_ack *extack);
void ilnp_locators_free(struct ilnp_dev *idev);
void ilnp_locator_moves_init(struct ilnp_net *in);
void ilnp_locator_moves_exit(struct ilnp_net *in);

/* underlay.c */
int ilnp_underlay_open(struct ilnp_dev *idev);
void ilnp_underlay_close(struct ilnp_dev *idev);
int ilnp_underlay_join(struct ilnp_dev *idev, u64 loc);
void ilnp_underlay_leave(struct ilnp_dev *idev, u64 loc);
void ilnp_underlay_xmit(struct ilnp_dev *idev, u64 loc, struct sk_buff *skb);

/* offload.c */
void ilnp_offload_init(void);
void ilnp_offload_exit(void);
void ilnp_offload_features(struct net_device *dev);
unsigned int ilnp_seglen(const struct sk_buff *skb);
void ilnp_offload_inner_csum(struct sk_buff *skb);
int ilnp_offload_tx(struct sk_buff *skb);
int ilnp_offload_rx(struct sk_buff *skb);

#endif /* _ILNP_DEVICE_H */
