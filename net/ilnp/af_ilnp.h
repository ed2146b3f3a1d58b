/* SPDX-License-Identifier: GPL-2.0 */
/*
 * AF_ILNP sockets (af_ilnp.c) and their transport, STP (stp.c).
 */
#ifndef _ILNP_AF_ILNP_H
#define _ILNP_AF_ILNP_H

#include <linux/seq_file.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/uidgid.h>

#include "wire.h"

struct ilnp_net;
struct ilnp_dev;
struct sk_buff;
struct sock;

#define ILNP_PORT_BITS		8

/* Bound AF_ILNP sockets of a node, by port. */
struct ilnp_ports {
	spinlock_t lock;		/* writers */
	struct hlist_head buckets[1 << ILNP_PORT_BITS];
};

/* What an STP datagram carries to recvmsg(), in skb->cb; it must leave
 * the end of cb to struct sock_skb_cb.
 */
struct ilnp_skb_cb {
	u64 src_loc;
	u64 src_nid;
	u64 arrival;			/* our locator it came in on */
	int ifindex;
	u16 src_port;
	u8 hop_limit;
	u8 proto;			/* held on a path change (path_hold.c) */
	bool has_nonce;
	u32 nonce;			/* RFC 6744, when has_nonce */
};

#define ILNP_SKB_CB(skb)	((struct ilnp_skb_cb *)(skb)->cb)

/* af_ilnp.c */
int ilnp_af_init(void);
int ilnp_af_family(void);
void ilnp_af_exit(void);
struct sock *ilnp_sock_lookup(struct ilnp_net *in, u16 port, u64 dst_loc,
			      u64 src_nid, u16 src_port);
bool ilnp_sock_connected(const struct sock *sk);
void ilnp_ports_init(struct ilnp_ports *ports);
int ilnp_sockets_show(struct seq_file *seq, void *v);

/* What /proc/net/ilnp/sockets and the netlink dump show of a socket. */
struct ilnp_sock_info {
	u64 loc, peer_loc, peer_nid;	/* peer_*: connected only */
	u16 port, peer_port;
	bool connected;
	int recv_q, send_q, drops;
	kuid_t uid;
	unsigned long inode;
};

typedef int (*ilnp_sock_info_fn)(void *arg, const struct ilnp_sock_info *si);
int ilnp_sockets_walk(struct ilnp_net *in, long *cursor,
		      ilnp_sock_info_fn fn, void *arg);

/* stp.c */
__sum16 ilnp_stp_checksum(const struct ilnp_hdr *hdr, unsigned int len,
			  __wsum csum);
__sum16 ilnp_stp_checksum_nids(u64 src_nid, u64 dst_nid, unsigned int len,
			       __wsum csum);
void ilnp_stp_rcv(struct ilnp_dev *idev, u64 arrival, struct sk_buff *skb);
int ilnp_stp_xmit(struct ilnp_net *in, struct sk_buff *skb, u16 sport,
		  u64 dst_loc, u64 dst_nid, u16 dport, u8 hop_limit);

#endif /* _ILNP_AF_ILNP_H */
