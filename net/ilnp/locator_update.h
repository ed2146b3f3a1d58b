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
struct sk_buff;

#define ILNP_LU_RETRIES		3	/* as the prototype */

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
void ilnp_lu_rcv(struct ilnp_dev *idev, struct sk_buff *skb);
bool ilnp_lu_probe_reply(struct ilnp_dev *idev, struct sk_buff *skb);
void ilnp_lu_init(struct ilnp_net *in);
void ilnp_lu_exit(struct ilnp_net *in);
void ilnp_lu_locators_changed(struct ilnp_net *in);

#endif /* _ILNP_LOCATOR_UPDATE_H */
