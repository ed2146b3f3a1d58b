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
#include <net/rtnetlink.h>
#include <net/sock.h>
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

/* 6.12 turned the NETNS_LOCAL and LLTX feature bits into device flags;
 * 6.15 renamed netns_local netns_immutable.
 */
static inline void ilnp_compat_dev_setup(struct net_device *dev)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 15, 0)
	dev->netns_immutable = true;
	dev->lltx = true;
#elif LINUX_VERSION_CODE >= KERNEL_VERSION(6, 12, 0)
	dev->netns_local = true;
	dev->lltx = true;
#else
	dev->features |= NETIF_F_NETNS_LOCAL | NETIF_F_LLTX;
#endif
}

/* 6.16 replaced sock_i_uid() with sk_uid(). */
static inline kuid_t ilnp_compat_sock_uid(struct sock *sk)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 16, 0)
	return sk_uid(sk);
#else
	return sock_i_uid(sk);
#endif
}

/* 6.19 gave proto_ops' bind and connect, and kernel_bind(), a struct
 * sockaddr_unsized: ours take whichever the kernel passes.
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 19, 0)
#define ilnp_compat_sockaddr	sockaddr_unsized
#else
#define ilnp_compat_sockaddr	sockaddr
#endif

/* 6.15 packed rtnl_link_ops' newlink() arguments into struct
 * rtnl_newlink_params: @name, the op, calls @fn with them unpacked.
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 15, 0)
#define ILNP_COMPAT_NEWLINK(name, fn)					\
static int name(struct net_device *dev, struct rtnl_newlink_params *p,	\
		struct netlink_ext_ack *extack)				\
{									\
	return fn(p->src_net, dev, p->tb, p->data, extack);		\
}
#else
#define ILNP_COMPAT_NEWLINK(name, fn)					\
static int name(struct net *src_net, struct net_device *dev,		\
		struct nlattr *tb[], struct nlattr *data[],		\
		struct netlink_ext_ack *extack)				\
{									\
	return fn(src_net, dev, tb, data, extack);			\
}
#endif

/* The route to an IPv6 destination.  Through the stub where there is
 * one, so that ilnp.ko does not depend on an ipv6.ko (IPV6=m); 7.x has
 * no stubs (IPv6 is built in or absent).
 */
#if defined(__CHECKER__)
#define ILNP_COMPAT_IPV6_STUBS	1	/* sparse knows no __has_include */
#elif __has_include("net/ipv6_stubs.h")
#define ILNP_COMPAT_IPV6_STUBS	1
#endif
#ifdef ILNP_COMPAT_IPV6_STUBS
#include <net/ipv6_stubs.h>
static inline struct dst_entry *
ilnp_compat_dst_lookup_flow(struct net *net, struct sock *sk,
			    struct flowi6 *fl6)
{
	return ipv6_stub->ipv6_dst_lookup_flow(net, sk, fl6, NULL);
}
#else
#include <net/ipv6.h>
static inline struct dst_entry *
ilnp_compat_dst_lookup_flow(struct net *net, struct sock *sk,
			    struct flowi6 *fl6)
{
	return ip6_dst_lookup_flow(net, sk, fl6, NULL);
}
#endif

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
