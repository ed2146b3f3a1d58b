/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The ILCC: what the node knows of each correspondent (ilcc.c), and
 * the hold of a flow whose path changed (path_hold.c).
 */
#ifndef _ILNP_ILCC_H
#define _ILNP_ILCC_H

#include <linux/skbuff.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>

#include "table.h"
#include "wire.h"

struct ilnp_net;
struct ilnp_dev;
struct ilnp_skb_cb;

#define ILNP_ILCC_MAX		1024
#define ILNP_SESSION_LIFETIME_S	30	/* s: who gets locator updates */
#define ILNP_PATH_HOLD_MS		50	/* ms a flow waits on a path change */
#define ILNP_PATH_HOLD_MAX	1024	/* datagrams held per correspondent */
#define ILNP_PATH_HOLD_BURST	16	/* released at a time, at least */

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

/* An ILCC entry: what we know of one correspondent, keyed by its NID;
 * node.updated is when it was last active.  Found under RCU; the fields
 * after @lock change under it.
 */
struct ilnp_ilcc_entry {
	struct ilnp_table_node node;
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
	struct ilnp_path_hold hold;
};

/* Entries live for twice the session lifetime (the table's lifetime). */
struct ilnp_ilcc {
	struct ilnp_table table;
	unsigned long session;		/* jiffies: session lifetime */
	unsigned int lu_retries;
	unsigned long path_hold;	/* jiffies; 0: off */
};

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

#endif /* _ILNP_ILCC_H */
