/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Events for "ilnp-ip monitor": what changed in the node, multicast to
 * the generic netlink family's groups (events.c).
 */
#ifndef _ILNP_EVENTS_H
#define _ILNP_EVENTS_H

#include <linux/types.h>
#include <linux/ilnp.h>

struct ilnp_dev;
struct net;

/* The family's multicast groups, in the order netlink.c lists them. */
enum ilnp_nlgrp {
	ILNP_NLGRP_LOCATOR,
	ILNP_NLGRP_UPDATE,
	ILNP_NLGRP_NEIGH,
	ILNP_NLGRP_ROUTE,
	ILNP_NLGRP_COUNT
};

/* Which of the u32 fields below an event carries. */
#define ILNP_EVF_SEQ		BIT(0)
#define ILNP_EVF_RETRIES	BIT(1)
#define ILNP_EVF_RTT		BIT(2)
#define ILNP_EVF_PREF		BIT(3)
#define ILNP_EVF_HANDOFF	BIT(4)

/* One event; a field left 0 (a NULL pointer) is not sent, except those
 * @has names.
 */
struct ilnp_event {
	u32 type;			/* ILNP_EV_* */
	u32 has;			/* ILNP_EVF_* */
	int ifindex;
	int new_ifindex;
	u64 loc;
	u64 new_loc;
	u64 nid;
	u64 peer_loc;
	u64 via;
	u64 router;			/* a learnt locator's advertiser */
	u32 seq;
	u32 retries;
	u32 rtt_us;
	u32 handoff_ms;
	u32 reason;			/* ILNP_EV_REASON_* */
	u16 pref;
	u8 lu_op;
	const char *hostname;
	const u8 *lladdr;
};

void ilnp_events_start(void);
void ilnp_events_stop(void);
void ilnp_event_send(struct net *net, enum ilnp_nlgrp grp,
		     const struct ilnp_event *ev);

void ilnp_event_peer_loc(struct net *net, u64 nid, u64 old, u64 new);
void ilnp_event_lu_refused(struct ilnp_dev *idev, u64 nid, u8 op, u16 seq,
			   u32 why);

#endif /* _ILNP_EVENTS_H */
