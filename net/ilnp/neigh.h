/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The neighbour table: nodes heard by discovery, by NID (neigh.c).
 */
#ifndef _ILNP_NEIGH_H
#define _ILNP_NEIGH_H

#include "table.h"
#include "wire.h"

struct ilnp_dev;

#define ILNP_NEIGH_MAX_LIMIT	65536

/* A node heard by discovery, keyed by its NID. */
struct ilnp_neigh {
	struct ilnp_table_node node;
	u32 seq;
	struct ilnp_dev *idev;		/* learnt on */
	u64 via;			/* our locator it was heard on */
	u8 nloc;
	struct ilnp_disc_loc locs[ILNP_DISC_LOC_MAX];
	char hostname[ILNP_HOSTNAME_MAX + 1];
};

struct ilnp_neigh_table {
	struct ilnp_table table;
};

/* What the node tells others its advertised locators live: as long as
 * it keeps neighbours it no longer hears, seconds.
 */
static inline u32 ilnp_neigh_lifetime_s(const struct ilnp_neigh_table *t)
{
	return READ_ONCE(t->table.lifetime) / HZ;
}

/* neigh.c */
void ilnp_neigh_init(struct ilnp_neigh_table *t);
void ilnp_neigh_exit(struct ilnp_neigh_table *t);
bool ilnp_neigh_update(struct ilnp_neigh_table *t,
		       const struct ilnp_disc_msg *m, struct ilnp_dev *idev,
		       u64 via);
void ilnp_neigh_flush(struct ilnp_neigh_table *t, struct ilnp_dev *idev);
bool ilnp_neigh_expired(const struct ilnp_neigh_table *t,
			const struct ilnp_neigh *n, unsigned long now);
u64 ilnp_neigh_locator(struct ilnp_neigh_table *t, u64 nid);
int ilnp_neigh_locators(struct ilnp_neigh_table *t, u64 nid,
			struct ilnp_disc_loc *out, int max);
int ilnp_neigh_resolve(struct ilnp_neigh_table *t, const char *hostname,
		       u64 *nid, u64 *loc);
void ilnp_neigh_set_limits(struct ilnp_neigh_table *t,
			   unsigned int lifetime_s, unsigned int max);

#endif /* _ILNP_NEIGH_H */
