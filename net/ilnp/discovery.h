/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Discovery by flooding (discovery.c) and its duplicate cache
 * (dupcache.c).
 */
#ifndef _ILNP_DISCOVERY_H
#define _ILNP_DISCOVERY_H

#include <linux/atomic.h>
#include <linux/siphash.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>

#include "wire.h"

struct ilnp_net;
struct ilnp_dev;
struct sk_buff;

#define ILNP_DUP_BITS		8
#define ILNP_DUP_MAX		1024	/* floods remembered */
#define ILNP_DUP_LIFETIME_S	60	/* s */

/* (origin NID, flood sequence) pairs already seen: each flood is handled
 * and sent on once.  Bounded (oldest evicted) and aging.
 */
struct ilnp_dup_cache {
	spinlock_t lock;		/* everything below */
	siphash_key_t key;		/* the bucket hash's */
	struct hlist_head buckets[1 << ILNP_DUP_BITS];
	struct list_head fifo;		/* oldest first */
	unsigned int count;
	unsigned int max;
	unsigned long lifetime;		/* jiffies */
};

#define ILNP_DISC_ORIGINS	16	/* solicitation origins remembered */

/* When a solicitation from @nid was last answered (NID 0: free). */
struct ilnp_disc_origin {
	u64 nid;
	unsigned long answered;		/* jiffies */
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
	spinlock_t origins_lock;	/* origins */
	struct ilnp_disc_origin origins[ILNP_DISC_ORIGINS];
};

/* dupcache.c */
void ilnp_dup_init(struct ilnp_dup_cache *c, unsigned int max,
		   unsigned long lifetime);
void ilnp_dup_exit(struct ilnp_dup_cache *c);
bool ilnp_dup_check(struct ilnp_dup_cache *c, u64 nid, u32 seq,
		    unsigned long now);

/* discovery.c */
size_t ilnp_disc_len(const struct ilnp_disc_msg *m);
int ilnp_disc_encode(const struct ilnp_disc_msg *m, void *buf, size_t size);
int ilnp_disc_decode(const void *buf, size_t len, struct ilnp_disc_msg *m);
void ilnp_disc_rcv(struct ilnp_dev *idev, u64 arrival, struct sk_buff *skb);
void ilnp_disc_init(struct ilnp_net *in);
void ilnp_disc_exit(struct ilnp_net *in);
void ilnp_disc_set_period(struct ilnp_net *in, unsigned int seconds);
void ilnp_disc_locators_changed(struct ilnp_net *in);
void ilnp_disc_solicit_now(struct ilnp_net *in);

#endif /* _ILNP_DISCOVERY_H */
