/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Internal interfaces of the ilnp module.
 *
 * Lock order (outermost first): RTNL, ilnp_net.lock.  Packet paths run in
 * softirq and take neither: they read under RCU.
 */
#ifndef _ILNP_ILNP_H
#define _ILNP_ILNP_H

#include <linux/mutex.h>
#include <linux/types.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>

#include <ilnp/ilv.h>
#include <linux/ilnp.h>

#include "compat.h"

#define ILNP_HOSTNAME_MAX	63

/* Per network namespace state: one netns is one ILNP node. */
struct ilnp_net {
	struct net *net;
	/* Serialises configuration changes; readers use READ_ONCE. */
	struct mutex lock;
	u64 nid;
	u8 hop_limit;
	char hostname[ILNP_HOSTNAME_MAX + 1];
	struct proc_dir_entry *proc_dir;
};

extern unsigned int ilnp_net_id;

static inline struct ilnp_net *ilnp_pernet(const struct net *net)
{
	return net_generic(net, ilnp_net_id);
}

int ilnp_node_init(void);
void ilnp_node_exit(void);

#endif /* _ILNP_ILNP_H */
