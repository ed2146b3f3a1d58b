// SPDX-License-Identifier: GPL-2.0
/*
 * ilnp: Identifier-Locator Network Protocol (ILNPv6) as an overlay on
 * UDP/IPv6 multicast.  Module entry and exit.
 */
#include <linux/module.h>

#include "ilnp.h"

#define ILNP_VERSION "0.1"

static int __init ilnp_init(void)
{
	int ret;

	ilnp_offload_init();
	ret = ilnp_node_init();
	if (ret < 0)
		goto err_offload;
	ret = ilnp_device_init();
	if (ret < 0)
		goto err_node;
	ret = ilnp_netlink_init();
	if (ret < 0)
		goto err_device;
	ret = ilnp_af_init();
	if (ret < 0)
		goto err_netlink;

	pr_info("ILNPv6 overlay " ILNP_VERSION " loaded\n");
	return 0;

err_netlink:
	ilnp_netlink_exit();
err_device:
	ilnp_device_exit();
err_node:
	ilnp_node_exit();
err_offload:
	ilnp_offload_exit();
	return ret;
}

static void __exit ilnp_exit(void)
{
	ilnp_af_exit();
	ilnp_netlink_exit();
	ilnp_device_exit();
	ilnp_node_exit();
	ilnp_offload_exit();
	/* Locators freed after a grace period (locator.c). */
	rcu_barrier();
}

module_init(ilnp_init);
module_exit(ilnp_exit);
MODULE_LICENSE("GPL");
MODULE_AUTHOR("The ilnp developers");
MODULE_DESCRIPTION("Identifier-Locator Network Protocol (ILNPv6) overlay");
MODULE_VERSION(ILNP_VERSION);
