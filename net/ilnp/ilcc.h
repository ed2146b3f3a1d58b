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
	u64 dst_loc;			/* the last datagram's locator, */
	u32 gen;			/* its path: our locator set, */
	u32 peer_gen;			/* where the peer is, */
	unsigned long last;		/* and when, jiffies */
	unsigned long drain_at;		/* from then on, release all at once */
	bool sent;			/* gen, peer_gen and last are set */
	bool holding;
	bool stopped;			/* the entry is going */
};

/* Return routability (RFC 6743 leaves it to the implementation; we do as
 * Mobile IPv6): before flows follow a locator a peer's update claims, an
 * echo request with an unguessable cookie goes there, and only the
 * answer from the peer's NID switches them.
 */
struct ilnp_rr_probe {
	u64 loc;			/* probed; 0: none outstanding */
	u64 cookie;			/* the request's payload */
	u16 id, seq;			/* the request's id and sequence */
	unsigned long sent;		/* jiffies */
	unsigned long since;		/* jiffies: loc probed from then on */
	u16 tried;			/* locs[i] probed, unanswered: bit i */
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
	u16 verified;			/* locs[i] proven: bit i */
	u64 cur_loc;			/* where flows went last */
	u64 app_loc;			/* the application's last guess */
	u32 peer_gen;			/* bumped when cur_loc changes */
	unsigned long locs_updated;	/* jiffies: lifetimes count from it */
	u32 our_nonce;
	u32 peer_nonce;
	unsigned long peer_heard;	/* jiffies: last with peer_nonce */
	bool peer_nonce_known;
	bool peer_lu_seen;
	u16 peer_lu_seq;		/* last update applied */
	u16 lu_seq;			/* our last update */
	u8 lu_state;			/* enum ilnp_lu_state */
	u8 lu_retries;			/* retransmissions of lu_seq */
	u64 lu_first_ns;		/* ktime: the round trip's start */
	unsigned long lu_last_sent;
	u32 lu_rtt_us;
	struct ilnp_rr_probe probe;
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
u64 ilnp_ilcc_claimed(const struct ilnp_ilcc_entry *e, unsigned long now);
u64 ilnp_ilcc_claimed_skip(const struct ilnp_ilcc_entry *e,
			   unsigned long now, u16 skip);
void ilnp_ilcc_set_locator(struct ilnp_ilcc_entry *e, u64 loc);
void ilnp_ilcc_app_locator(struct ilnp_ilcc_entry *e, u64 loc);
void ilnp_ilcc_set_locators(struct ilnp_ilcc_entry *e,
			    const struct ilnp_disc_loc *locs, u8 nloc);
bool ilnp_ilcc_verify(struct ilnp_ilcc_entry *e, u64 loc);
void ilnp_path_hold_init(struct ilnp_path_hold *h);
void ilnp_path_hold_stop(struct ilnp_ilcc_entry *e);
int ilnp_path_hold(struct ilnp_net *in, struct ilnp_ilcc_entry *e,
		   u64 dst_loc, struct sk_buff *skb, u8 proto, u8 hop_limit);
bool ilnp_ilcc_rx(struct ilnp_net *in, struct ilnp_dev *idev,
		  const struct ilnp_skb_cb *cb, bool connected);
bool ilnp_ilcc_peer_nonce_ok(struct ilnp_ilcc *c, struct ilnp_ilcc_entry *e,
			     const struct ilnp_skb_cb *cb, unsigned long now);
bool ilnp_ilcc_active(const struct ilnp_ilcc *c,
		      const struct ilnp_ilcc_entry *e, unsigned long now);
bool ilnp_ilcc_expired(const struct ilnp_ilcc *c,
		       const struct ilnp_ilcc_entry *e, unsigned long now);
void ilnp_ilcc_set_limits(struct ilnp_ilcc *c, unsigned int session_s,
			  unsigned int max);

#endif /* _ILNP_ILCC_H */
