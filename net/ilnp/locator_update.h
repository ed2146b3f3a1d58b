/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Locator updates and their acks (locator_update.c).
 */
#ifndef _ILNP_LOCATOR_UPDATE_H
#define _ILNP_LOCATOR_UPDATE_H

#include <linux/workqueue.h>

#include "wire.h"

struct ilnp_net;
struct ilnp_dev;
struct ilnp_ilcc_entry;
struct sk_buff;

#define ILNP_LU_RETRIES		3	/* as the prototype */
/* Copies of one retransmission at most: where flows go, and where the
 * peer claimed or was heard to be.
 */
#define ILNP_LU_FANOUT		4

/* What the node tells correspondents in its locator updates. */
struct ilnp_lu_state_node {
	u32 gen;			/* bumped by each locator set change */
	u32 sent_gen;			/* the set last sent out */
	/* Bumped before and after each change of our paths (a locator
	 * added, removed or deprecated, a device usable or not): a flow
	 * whose datagram sees it move is held (path_hold.c).
	 */
	u32 path_gen;
	struct ilnp_lu_msg set;		/* RTNL */
	struct delayed_work work;	/* sends and retransmits */
};

/* locator_update.c */
int ilnp_lu_encode(const struct ilnp_lu_msg *m, void *buf, size_t size);
int ilnp_lu_decode(const void *buf, size_t len, struct ilnp_lu_msg *m);
bool ilnp_lu_seq_newer(u16 seq, u16 than);
void ilnp_lu_paths_changing(struct ilnp_net *in);
void ilnp_lu_locators_maybe_changed(struct ilnp_net *in);
void ilnp_lu_rcv(struct ilnp_dev *idev, struct sk_buff *skb);
bool ilnp_lu_probe_reply(struct ilnp_dev *idev, struct sk_buff *skb);
void ilnp_lu_init(struct ilnp_net *in);
void ilnp_lu_exit(struct ilnp_net *in);
void ilnp_lu_locators_changed(struct ilnp_net *in);
int ilnp_lu_candidates(u64 first, const struct ilnp_disc_loc *claimed,
		       int nclaimed, unsigned long claimed_at,
		       const struct ilnp_disc_loc *heard, int nheard,
		       unsigned long now, u64 *out, int max);
void ilnp_lu_rearm(struct ilnp_net *in, struct ilnp_ilcc_entry *e);
u64 ilnp_lu_probe_target(struct ilnp_ilcc_entry *e, unsigned long now);
void ilnp_lu_neigh_heard(struct ilnp_net *in, const struct ilnp_disc_msg *m,
			 bool news);

#endif /* _ILNP_LOCATOR_UPDATE_H */
