/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The forwarding table: where packets for a locator leave, learnt
 * backwards from what arrives, and our own locators (fib.c).
 */
#ifndef _ILNP_FIB_H
#define _ILNP_FIB_H

#include "table.h"

struct ilnp_dev;

#define ILNP_ROUTE_LIFETIME_S	30	/* seconds, as the prototype */
#define ILNP_ROUTE_MAX		1024
#define ILNP_ROUTE_MAX_LIMIT	65536

/* A forwarding table entry: packets for node.key (a locator) go out on
 * @via of @idev.  Our own locators' entries are pinned.
 */
struct ilnp_route {
	struct ilnp_table_node node;
	u64 via;
	struct ilnp_dev *idev;
	u32 flags;			/* ILNP_ROUTE_F_* */
	/* Own entries: our other locator a packet from this one last
	 * arrived on (0: none), the way to it once it is no longer ours.
	 */
	u64 heard_via;
};

/* The table's count is of learnt entries: own ones are pinned. */
struct ilnp_fib {
	struct ilnp_table table;
};

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

#endif /* _ILNP_FIB_H */
