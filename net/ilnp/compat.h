/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Differences between the kernels we support (6.1 to 6.12) live here and
 * nowhere else; this is the only file that may test LINUX_VERSION_CODE
 * (tests/static/checkpatch.sh enforces it).
 */
#ifndef _ILNP_COMPAT_H
#define _ILNP_COMPAT_H

#include <linux/export.h>
#include <linux/netdevice.h>
#include <linux/version.h>
#include <net/udp_tunnel.h>

/* Internal symbols the KUnit module tests are exported only in KUnit
 * builds (make ILNP_KUNIT=1), into a namespace of their own: in-tree
 * EXPORT_SYMBOL_IF_KUNIT only arrived in 6.2.
 */
#ifdef ILNP_KUNIT
#define EXPORT_SYMBOL_FOR_ILNP_KUNIT(sym)	EXPORT_SYMBOL_NS_GPL(sym, ILNP_KUNIT)
#else
#define EXPORT_SYMBOL_FOR_ILNP_KUNIT(sym)
#endif

/* 6.12 turned the NETNS_LOCAL and LLTX feature bits into device flags. */
static inline void ilnp_compat_dev_setup(struct net_device *dev)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 12, 0)
	dev->netns_local = true;
	dev->lltx = true;
#else
	dev->features |= NETIF_F_NETNS_LOCAL | NETIF_F_LLTX;
#endif
}

/* Turn on the UDP encapsulation receive path (a static key the socket
 * drops again when it closes).  Inline: no udp_tunnel module.  6.7 made
 * the helper take the sock, with its "done" mark in udp_flags, and 6.1
 * stable took that over late (6.1.192 has it): test the feature, not
 * the version.
 */
static inline void ilnp_compat_udp_encap_enable(struct socket *sock)
{
#ifdef udp_test_and_set_bit
	udp_tunnel_encap_enable(sock->sk);
#else
	udp_tunnel_encap_enable(sock);
#endif
}

#endif /* _ILNP_COMPAT_H */
