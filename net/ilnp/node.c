// SPDX-License-Identifier: GPL-2.0
/*
 * The node: per network namespace identity (NID, hostname, hop limit) and
 * its /proc/net/ilnp directory.
 */
#include <linux/proc_fs.h>
#include <linux/random.h>
#include <linux/rtnetlink.h>
#include <linux/seq_file.h>

#include "ilnp.h"

unsigned int ilnp_net_id __read_mostly;

/* A random, non-zero NID: zero is the all-nodes identifier. */
static u64 ilnp_nid_random(void)
{
	u64 nid;

	do {
		get_random_bytes(&nid, sizeof(nid));
	} while (!nid);
	return nid;
}

static int ilnp_node_show(struct seq_file *seq, void *v)
{
	struct ilnp_net *in = ilnp_pernet(seq_file_single_net(seq));
	char nid[ILNP_ID_STRLEN];

	rtnl_lock();
	ilnp_id_format(nid, sizeof(nid), in->nid);
	seq_printf(seq, "nid %s\nhostname %s\nhoplimit %u\n", nid,
		   in->hostname, in->hop_limit);
	rtnl_unlock();
	return 0;
}

static int __net_init ilnp_net_init(struct net *net)
{
	struct ilnp_net *in = ilnp_pernet(net);

	in->net = net;
	in->nid = ilnp_nid_random();
	in->hop_limit = ILNP_DEFAULT_HOP_LIMIT;
	INIT_LIST_HEAD(&in->devs);
	ilnp_fib_init(&in->fib);
	ilnp_ports_init(&in->ports);
	ilnp_disc_init(in);
	ilnp_lu_init(in);
	ilnp_ra_init(in);
	/* Their events go to this netns (KUnit's tables have none). */
	in->fib.table.net = net;
	in->fib.hosts.net = net;
	in->neighs.table.net = net;
	ilnp_locator_moves_init(in);
	ilnp_identity_init(in);

	in->proc_dir = proc_net_mkdir(net, "ilnp", net->proc_net);
	if (!in->proc_dir)
		return -ENOMEM;
	if (!proc_create_net_single("node", 0444, in->proc_dir,
				    ilnp_node_show, NULL) ||
	    !proc_create_net_single("sockets", 0444, in->proc_dir,
				    ilnp_sockets_show, NULL))
		goto err_remove_dir;
	return 0;

err_remove_dir:
	remove_proc_subtree("ilnp", net->proc_net);
	return -ENOMEM;
}

/* The netns's devices are gone by now: pernet device exits run first. */
static void __net_exit ilnp_net_exit(struct net *net)
{
	struct ilnp_net *in = ilnp_pernet(net);

	remove_proc_subtree("ilnp", net->proc_net);
	ilnp_identity_exit(in);
	ilnp_locator_moves_exit(in);
	ilnp_ra_exit(in);
	ilnp_lu_exit(in);
	ilnp_disc_exit(in);
	ilnp_fib_exit(&in->fib);
}

static struct pernet_operations ilnp_net_ops = {
	.init = ilnp_net_init,
	.exit = ilnp_net_exit,
	.id = &ilnp_net_id,
	.size = sizeof(struct ilnp_net),
};

int ilnp_node_init(void)
{
	return register_pernet_subsys(&ilnp_net_ops);
}

void ilnp_node_exit(void)
{
	unregister_pernet_subsys(&ilnp_net_ops);
}
