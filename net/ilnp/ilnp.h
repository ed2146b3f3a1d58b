/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Internal interfaces of the ilnp module.
 *
 * Locking: configuration (devices, locators, node settings) changes under
 * RTNL, which the multicast joins need anyway.  The forwarding table has
 * its own spinlock, taken inside RTNL when at all (lock order: RTNL, then
 * ilnp_fib.lock).  Packet paths run in softirq and take no lock but the
 * table's for learning: they read devices, locators and routes under RCU.
 *
 * Sockets: bind and release take the socket lock, then the port table's
 * spinlock (lock order: lock_sock, then ilnp_ports.lock; never RTNL).
 * Softirq finds sockets under RCU; they are freed after a grace period
 * (SOCK_RCU_FREE).
 */
#ifndef _ILNP_ILNP_H
#define _ILNP_ILNP_H

#include <linux/ipv6.h>
#include <linux/list.h>
#include <linux/netdevice.h>
#include <linux/seq_file.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/u64_stats_sync.h>
#include <linux/udp.h>
#include <linux/workqueue.h>
#include <net/ipv6.h>
#include <net/net_namespace.h>
#include <net/pkt_sched.h>
#include <net/netns/generic.h>

#include <ilnp/ilv.h>
#include <linux/ilnp.h>

#include "compat.h"

#define ILNP_LOCATORS_MAX	16	/* own locators per device */
#define ILNP_ROUTE_LIFETIME	30	/* seconds, as the prototype */
#define ILNP_ROUTE_MAX		1024
#define ILNP_ROUTE_MAX_LIMIT	65536
#define ILNP_FIB_BITS		8
#define ILNP_PORT_BITS		8
#define ILNP_NEIGH_BITS		8
#define ILNP_NEIGH_MAX_LIMIT	65536
#define ILNP_DUP_BITS		8
#define ILNP_DUP_MAX		1024	/* floods remembered */
#define ILNP_DUP_LIFETIME	(60 * HZ)
#define ILNP_ILCC_BITS		8
#define ILNP_ILCC_MAX		1024
#define ILNP_SESSION_LIFETIME	30	/* s: who gets locator updates */
#define ILNP_LU_RETRIES		3	/* as the prototype */
#define ILNP_PATH_HOLD		50	/* ms a flow waits on a path change */
#define ILNP_PATH_HOLD_MAX	1024	/* datagrams held per correspondent */
#define ILNP_PATH_HOLD_BURST	16	/* released at a time, at least */

/* The inner header: IPv6 format, I-LVs in place of the addresses. */
struct ilnp_hdr {
	__be32 vtc_flow;	/* version 6, traffic class, flow label */
	__be16 payload_len;
	u8 nexthdr;
	u8 hop_limit;
	struct ilnp_ilv src;
	struct ilnp_ilv dst;
};

#define ILNP_HDR_LEN		sizeof(struct ilnp_hdr)
#define ILNP_OVERHEAD		(sizeof(struct ipv6hdr) + sizeof(struct udphdr))
/* Destination options header carrying the RFC 6744 nonce, 32-bit form. */
#define ILNP_NONCE_OPT_LEN	8
#define ILNP_NONCE_OPT_TYPE	0x8b
#define ILNP_TX_HEADROOM	(LL_MAX_HEADER + ILNP_OVERHEAD + ILNP_HDR_LEN + \
				 ILNP_NONCE_OPT_LEN)
#define ILNP_STP_HDR_LEN	sizeof(struct ilnp_stphdr)

/* ICMPv6-format message types carried inside the overlay. */
#define ILNP_ICMP_ECHO_REQUEST	128
#define ILNP_ICMP_ECHO_REPLY	129

/* Discovery (Documentation/protocol.rst has the byte tables). */
#define ILNP_ICMP_DISC_SOLICIT	200
#define ILNP_ICMP_DISC_ADVERT	201
#define ILNP_DISC_LOC_MAX	16	/* locators in one message */

struct ilnp_disc_hdr {
	u8 type;
	u8 code;
	__sum16 checksum;
	__be16 reserved;
	u8 nloc;
	u8 hostname_len;
	__be64 nid;		/* origin */
	__be32 seq;		/* origin's flood sequence number */
	__be32 reserved2;
	/* nloc x struct ilnp_disc_wire_loc, then hostname_len bytes */
};

struct ilnp_disc_wire_loc {
	__be64 loc;
	__be16 pref;
	__be16 reserved;
	__be32 lifetime;	/* seconds */
};

struct ilnp_disc_loc {
	u64 loc;
	u16 pref;
	u32 lifetime;
};

/* A discovery message, decoded. */
struct ilnp_disc_msg {
	u8 type;
	u8 nloc;
	u8 hostname_len;
	u64 nid;
	u32 seq;
	struct ilnp_disc_loc locs[ILNP_DISC_LOC_MAX];
	char hostname[ILNP_HOSTNAME_MAX + 1];	/* NUL-terminated */
};

/* Locator update (RFC 6743), ICMPv6-format type 156. */
#define ILNP_ICMP_LOCATOR_UPDATE 156
#define ILNP_LU_OP_ADVERT	1
#define ILNP_LU_OP_ACK		2

struct ilnp_lu_hdr {
	u8 type;
	u8 code;
	__sum16 checksum;
	u8 nloc;
	u8 op;
	__be16 seq;		/* RFC 6743 "reserved": see locator_update.c */
};

struct ilnp_lu_wire_loc {
	__be64 loc;
	__be16 pref;
	__be16 lifetime;	/* seconds */
} __packed;

struct ilnp_lu_msg {
	u8 op;
	u8 nloc;
	u16 seq;
	struct ilnp_disc_loc locs[ILNP_DISC_LOC_MAX];
};

struct ilnp_echo {
	u8 type;
	u8 code;
	__sum16 checksum;
	__be16 id;
	__be16 seq;
};

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
	struct socket __rcu *sock;	/* while up */
	bool xmit_ready;		/* see ilnp_dev_usable() */
	struct list_head locators;	/* RCU readers, RTNL writers */
	unsigned int nlocators;
	struct ilnp_stats __percpu *stats;
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

/* What the overlay device's transmit needs of a packet handed to it by
 * ilnp_dev_xmit(): our locator, whose group it leaves on.  It follows
 * the part of skb->cb that qdiscs and tc actions write on the way.
 */
struct ilnp_tx_cb {
	struct tc_skb_cb tc;
	u64 loc;
};

#define ILNP_TX_CB(skb)		((struct ilnp_tx_cb *)(skb)->cb)

/* A forwarding table entry: packets for @loc go out on @via of @idev. */
struct ilnp_route {
	struct hlist_node hnode;
	u64 loc;
	u64 via;
	struct ilnp_dev *idev;
	unsigned long updated;		/* jiffies */
	u32 flags;			/* ILNP_ROUTE_F_* */
	struct rcu_head rcu;
};

struct ilnp_fib {
	spinlock_t lock;		/* writers */
	struct hlist_head buckets[1 << ILNP_FIB_BITS];
	unsigned int learnt;		/* entries without ILNP_ROUTE_F_OWN */
	u32 gen;			/* bumped by every insert or removal */
	unsigned int max;
	unsigned long lifetime;		/* jiffies */
	struct delayed_work gc;
};

/* (origin NID, flood sequence) pairs already seen: each flood is handled
 * and sent on once.  Bounded (oldest evicted) and aging.
 */
struct ilnp_dup_cache {
	spinlock_t lock;		/* everything below */
	struct hlist_head buckets[1 << ILNP_DUP_BITS];
	struct list_head fifo;		/* oldest first */
	unsigned int count;
	unsigned int max;
	unsigned long lifetime;		/* jiffies */
};

/* A node heard by discovery. */
struct ilnp_neigh {
	struct hlist_node hnode;	/* RCU */
	u64 nid;
	u32 seq;
	unsigned long updated;		/* jiffies */
	struct ilnp_dev *idev;		/* learnt on */
	u64 via;			/* our locator it was heard on */
	u8 nloc;
	struct ilnp_disc_loc locs[ILNP_DISC_LOC_MAX];
	char hostname[ILNP_HOSTNAME_MAX + 1];
	struct rcu_head rcu;
};

struct ilnp_neigh_table {
	spinlock_t lock;		/* writers */
	struct hlist_head buckets[1 << ILNP_NEIGH_BITS];
	unsigned int count;
	unsigned int max;
	unsigned long lifetime;		/* jiffies */
	u32 gen;
	struct delayed_work gc;
};

/* A flow held back after its path changed (path_hold.c); under the
 * ILCC entry's lock.
 */
struct ilnp_path_hold {
	struct sk_buff_head queue;	/* held datagrams, in order */
	struct delayed_work work;	/* lets them go */
	struct ilnp_net *in;
	u64 dst_loc;			/* the path of the last datagram: */
	u32 gen;			/* its locator, our locator set */
	unsigned long last;		/* and when, jiffies */
	bool holding;
	bool stopped;			/* the entry is going */
};

/* An ILCC entry: what we know of one correspondent.  Found under RCU;
 * the fields after @lock change under it.
 */
struct ilnp_ilcc_entry {
	struct hlist_node hnode;	/* RCU */
	struct list_head gone;		/* ilcc_flush()'s, once unlinked */
	u64 nid;
	struct rcu_head rcu;
	spinlock_t lock;		/* everything below */
	u8 nloc;
	struct ilnp_disc_loc locs[ILNP_DISC_LOC_MAX];
	unsigned long locs_updated;	/* jiffies: lifetimes count from it */
	u32 our_nonce;
	u32 peer_nonce;
	bool peer_nonce_known;
	bool peer_lu_seen;
	u16 peer_lu_seq;		/* last update applied */
	u16 lu_seq;			/* our last update */
	u8 lu_state;			/* enum ilnp_lu_state */
	u8 lu_retries;			/* retransmissions of lu_seq */
	u64 lu_first_ns;		/* ktime: the round trip's start */
	unsigned long lu_last_sent;
	u32 lu_rtt_us;
	unsigned long last_active;
	struct ilnp_path_hold hold;
};

struct ilnp_ilcc {
	spinlock_t lock;		/* writers */
	struct hlist_head buckets[1 << ILNP_ILCC_BITS];
	unsigned int count;
	unsigned int max;
	unsigned long session;		/* jiffies: session lifetime */
	unsigned int lu_retries;
	unsigned long path_hold;	/* jiffies; 0: off */
	u32 gen;
	struct delayed_work gc;
};

/* What the node tells correspondents in its locator updates. */
struct ilnp_lu_state_node {
	u32 gen;			/* bumped by each locator set change */
	u32 sent_gen;			/* the set last sent out */
	struct ilnp_lu_msg set;		/* RTNL */
	struct delayed_work work;	/* sends and retransmits */
	struct list_head moves;		/* pending handoffs, RTNL */
};

/* Discovery state of a node. */
struct ilnp_disc {
	atomic_t seq;
	unsigned long period;		/* jiffies; 0: discovery off */
	unsigned long last_solicit_heard;
	bool solicit_heard;
	unsigned long last_advert;
	struct delayed_work solicit_work;
	struct delayed_work advert_work;
};

/* Bound AF_ILNP sockets of a node, by port. */
struct ilnp_ports {
	spinlock_t lock;		/* writers */
	struct hlist_head buckets[1 << ILNP_PORT_BITS];
};

/* What an STP datagram carries to recvmsg(), in skb->cb; it must leave
 * the end of cb to struct sock_skb_cb.
 */
struct ilnp_skb_cb {
	u64 src_loc;
	u64 src_nid;
	u64 arrival;			/* our locator it came in on */
	int ifindex;
	u16 src_port;
	u8 hop_limit;
	bool has_nonce;
	u32 nonce;			/* RFC 6744, when has_nonce */
};

#define ILNP_SKB_CB(skb)	((struct ilnp_skb_cb *)(skb)->cb)

/* Per network namespace state: one netns is one ILNP node. */
struct ilnp_net {
	struct net *net;
	u64 nid;
	u8 hop_limit;
	char hostname[ILNP_HOSTNAME_MAX + 1];
	struct list_head devs;		/* RCU readers, RTNL writers */
	u32 gen;			/* bumped by config changes, RTNL */
	unsigned int nlocators;		/* over all devices; RTNL writes */
	struct ilnp_fib fib;
	struct ilnp_ports ports;
	struct ilnp_neigh_table neighs;
	struct ilnp_dup_cache dups;
	struct ilnp_disc disc;
	struct ilnp_ilcc ilcc;
	struct ilnp_lu_state_node lu;
	struct proc_dir_entry *proc_dir;
};

extern unsigned int ilnp_net_id;

static inline struct ilnp_net *ilnp_pernet(const struct net *net)
{
	return net_generic(net, ilnp_net_id);
}

static inline void ilnp_stat_add(struct ilnp_dev *idev, enum ilnp_stat s,
				 u64 n)
{
	struct ilnp_stats *st = this_cpu_ptr(idev->stats);

	u64_stats_update_begin(&st->syncp);
	u64_stats_add(&st->c[s], n);
	u64_stats_update_end(&st->syncp);
}

static inline void ilnp_stat_inc(struct ilnp_dev *idev, enum ilnp_stat s)
{
	ilnp_stat_add(idev, s, 1);
}

/* node.c */
int ilnp_node_init(void);
void ilnp_node_exit(void);

/* device.c */
int ilnp_device_init(void);
void ilnp_device_exit(void);
struct ilnp_dev *ilnp_dev_get(struct net *net, int ifindex);
int ilnp_dev_xmit(struct ilnp_dev *idev, u64 loc, struct sk_buff *skb);
void ilnp_dev_stats_read(struct ilnp_dev *idev, u64 *out);
bool ilnp_dev_has_locator(const struct ilnp_dev *idev, u64 loc);
int ilnp_locator_add(struct ilnp_dev *idev, u64 loc, u16 pref,
		     struct netlink_ext_ack *extack);
int ilnp_locator_del(struct ilnp_dev *idev, u64 loc,
		     struct netlink_ext_ack *extack);

/* underlay.c */
int ilnp_underlay_open(struct ilnp_dev *idev);
void ilnp_underlay_close(struct ilnp_dev *idev);
int ilnp_underlay_join(struct ilnp_dev *idev, u64 loc);
void ilnp_underlay_leave(struct ilnp_dev *idev, u64 loc);
void ilnp_underlay_xmit(struct ilnp_dev *idev, u64 loc, struct sk_buff *skb);

/* input.c */
void ilnp_input(struct ilnp_dev *idev, u64 arrival, struct sk_buff *skb);
int ilnp_hdr_check(const struct ilnp_hdr *hdr, unsigned int len);

/* output.c */
struct ilnp_out {
	struct ilnp_dev *idev;
	u64 loc;			/* our locator: the group to send on */
};

int ilnp_route_output(struct ilnp_net *in, u64 dst_loc, struct ilnp_out *out);
int ilnp_output(struct ilnp_net *in, struct sk_buff *skb, u8 proto,
		u64 dst_loc, u64 dst_nid, u8 hop_limit, const u32 *nonce);
void ilnp_hdr_build(struct ilnp_hdr *hdr, u8 nexthdr, u8 hop_limit,
		    unsigned int payload_len, u64 src_loc, u64 src_nid,
		    u64 dst_loc, u64 dst_nid);

/* fib.c */
void ilnp_fib_init(struct ilnp_fib *fib);
void ilnp_fib_exit(struct ilnp_fib *fib);
struct ilnp_route *ilnp_fib_lookup(struct ilnp_fib *fib, u64 loc);
void ilnp_fib_learn(struct ilnp_fib *fib, u64 loc, struct ilnp_dev *idev,
		    u64 via);
int ilnp_fib_add_own(struct ilnp_fib *fib, u64 loc, struct ilnp_dev *idev);
void ilnp_fib_del_own(struct ilnp_fib *fib, u64 loc);
void ilnp_fib_flush(struct ilnp_fib *fib, struct ilnp_dev *idev, u64 via,
		    bool own);
void ilnp_fib_set_limits(struct ilnp_fib *fib, unsigned int lifetime_s,
			 unsigned int max);
bool ilnp_route_expired(const struct ilnp_fib *fib,
			const struct ilnp_route *rt, unsigned long now);

/* af_ilnp.c */
int ilnp_af_init(void);
int ilnp_af_family(void);
void ilnp_af_exit(void);
struct sock *ilnp_sock_lookup(struct ilnp_net *in, u16 port, u64 dst_loc,
			      u64 src_nid, u16 src_port);
void ilnp_ports_init(struct ilnp_ports *ports);
int ilnp_sockets_show(struct seq_file *seq, void *v);

/* stp.c */
__sum16 ilnp_stp_checksum(const struct ilnp_hdr *hdr, unsigned int len,
			  __wsum csum);
__sum16 ilnp_stp_checksum_nids(u64 src_nid, u64 dst_nid, unsigned int len,
			       __wsum csum);
void ilnp_stp_rcv(struct ilnp_dev *idev, u64 arrival, struct sk_buff *skb);
int ilnp_stp_xmit(struct ilnp_net *in, struct sk_buff *skb, u16 sport,
		  u64 dst_loc, u64 dst_nid, u16 dport, u8 hop_limit);

/* dupcache.c */
void ilnp_dup_init(struct ilnp_dup_cache *c, unsigned int max,
		   unsigned long lifetime);
void ilnp_dup_exit(struct ilnp_dup_cache *c);
bool ilnp_dup_check(struct ilnp_dup_cache *c, u64 nid, u32 seq,
		    unsigned long now);

/* neigh.c */
void ilnp_neigh_init(struct ilnp_neigh_table *t);
void ilnp_neigh_exit(struct ilnp_neigh_table *t);
void ilnp_neigh_update(struct ilnp_neigh_table *t,
		       const struct ilnp_disc_msg *m, struct ilnp_dev *idev,
		       u64 via);
void ilnp_neigh_flush(struct ilnp_neigh_table *t, struct ilnp_dev *idev);
bool ilnp_neigh_expired(const struct ilnp_neigh_table *t,
			const struct ilnp_neigh *n, unsigned long now);
u64 ilnp_neigh_locator(struct ilnp_neigh_table *t, u64 nid);
int ilnp_neigh_resolve(struct ilnp_neigh_table *t, const char *hostname,
		       u64 *nid, u64 *loc);
void ilnp_neigh_set_limits(struct ilnp_neigh_table *t,
			   unsigned int lifetime_s, unsigned int max);

/* discovery.c */
bool ilnp_hostname_valid(const char *name, size_t len);
size_t ilnp_disc_len(const struct ilnp_disc_msg *m);
int ilnp_disc_encode(const struct ilnp_disc_msg *m, void *buf, size_t size);
int ilnp_disc_decode(const void *buf, size_t len, struct ilnp_disc_msg *m);
void ilnp_disc_rcv(struct ilnp_dev *idev, u64 arrival, struct sk_buff *skb);
void ilnp_disc_init(struct ilnp_net *in);
void ilnp_disc_exit(struct ilnp_net *in);
void ilnp_disc_set_period(struct ilnp_net *in, unsigned int seconds);
void ilnp_disc_locators_changed(struct ilnp_net *in);
void ilnp_disc_solicit_now(struct ilnp_net *in);

/* ilcc.c */
void ilnp_ilcc_init(struct ilnp_ilcc *c);
void ilnp_ilcc_exit(struct ilnp_ilcc *c);
struct ilnp_ilcc_entry *ilnp_ilcc_find(struct ilnp_ilcc *c, u64 nid);
struct ilnp_ilcc_entry *ilnp_ilcc_get(struct ilnp_ilcc *c, u64 nid,
				      u64 seed_loc, struct ilnp_dev *idev);
u64 ilnp_ilcc_locator(struct ilnp_ilcc_entry *e, unsigned long now);
void ilnp_ilcc_set_locator(struct ilnp_ilcc_entry *e, u64 loc);
void ilnp_path_hold_init(struct ilnp_path_hold *h);
void ilnp_path_hold_stop(struct ilnp_ilcc_entry *e);
int ilnp_path_hold(struct ilnp_net *in, struct ilnp_ilcc_entry *e,
		   u64 dst_loc, struct sk_buff *skb, u8 hop_limit);
void ilnp_ilcc_rx(struct ilnp_net *in, struct ilnp_dev *idev,
		  const struct ilnp_skb_cb *cb);
bool ilnp_ilcc_active(const struct ilnp_ilcc *c,
		      const struct ilnp_ilcc_entry *e, unsigned long now);
bool ilnp_ilcc_expired(const struct ilnp_ilcc *c,
		       const struct ilnp_ilcc_entry *e, unsigned long now);
void ilnp_ilcc_set_limits(struct ilnp_ilcc *c, unsigned int session_s,
			  unsigned int max);

/* locator_update.c */
int ilnp_lu_encode(const struct ilnp_lu_msg *m, void *buf, size_t size);
int ilnp_lu_decode(const void *buf, size_t len, struct ilnp_lu_msg *m);
bool ilnp_lu_seq_newer(u16 seq, u16 than);
void ilnp_lu_rcv(struct ilnp_dev *idev, struct sk_buff *skb);
void ilnp_lu_init(struct ilnp_net *in);
void ilnp_lu_exit(struct ilnp_net *in);
void ilnp_lu_locators_changed(struct ilnp_net *in);
int ilnp_locator_move(struct ilnp_dev *from, u64 old, struct ilnp_dev *to,
		      u64 new, u16 pref, unsigned int handoff_ms,
		      struct netlink_ext_ack *extack);

/* nonce.c */
int ilnp_nonce_strip(struct sk_buff *skb, struct ilnp_skb_cb *cb);
void ilnp_nonce_push(struct sk_buff *skb, u8 nexthdr, u32 nonce);

/* icmp.c */
__sum16 ilnp_icmp_checksum(const struct ilnp_hdr *hdr, unsigned int len,
			   __wsum csum);
void ilnp_icmp_rcv(struct ilnp_dev *idev, u64 arrival, struct sk_buff *skb);
int ilnp_echo_send(struct ilnp_net *in, u64 dst_loc, u64 dst_nid, u16 id,
		   u16 seq, u8 hop_limit, u16 payload_len);

/* netlink.c */
int ilnp_netlink_init(void);
void ilnp_netlink_exit(void);
void ilnp_netlink_echo_reply(struct ilnp_net *in, const struct ilnp_hdr *hdr,
			     const struct ilnp_echo *echo, u16 payload_len,
			     struct ilnp_dev *idev, u64 arrival);

#endif /* _ILNP_ILNP_H */
