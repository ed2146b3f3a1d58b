// SPDX-License-Identifier: GPL-2.0
/*
 * Segmentation and checksum offload for identity packets.
 *
 * TCP over an identity address hands the overlay device segments of up
 * to 64 KiB (TSO6) with their checksum left to finish
 * (CHECKSUM_PARTIAL).  Such a segment becomes one ILNPv6 packet in one
 * UDP datagram marked SKB_GSO_UDP_TUNNEL_CSUM, and is split where a
 * VXLAN one would be: by the underlay's hardware, by software just
 * before its driver, or nowhere on a veth, whose peer takes it whole.
 * The split (skb_udp_tunnel_segment()) runs IPv6's segmentation over
 * the inner packet: the ILNPv6 header is an IPv6 header to it, the
 * nonce option a destination options header, and the identity header,
 * shaped as an extension header on purpose (wire.h), is declared one
 * here (INET6_PROTO_GSO_EXTHDR), so that TCP's segmentation finds the
 * TCP header behind it.  The checksum's seed is over identifiers only
 * already (identity.c): each segment's checksum is finished from it,
 * by whoever finishes it, the ILNP way.
 *
 * A packet that arrives whole is a TCP segment of the same kind (from a
 * veth's peer, in this host); anything else a local user may dress as
 * one (a packet socket's virtio header) is refused where its size or
 * checksum would be trusted: ilnp_seglen() and identity.c.
 */
#include <linux/tcp.h>
#include <net/ip_tunnels.h>
#include <net/protocol.h>
#include <net/udp_tunnel.h>

#include "ilnp.h"

static const struct net_offload identity_offload = {
	.flags = INET6_PROTO_GSO_EXTHDR,
};

static bool offload_registered;

/* The only GSO kinds an identity packet may be, on the way out or in. */
#define ILNP_GSO_TYPES	(SKB_GSO_TCPV6 | SKB_GSO_TCP_ECN | SKB_GSO_DODGY | \
			 SKB_GSO_UDP_TUNNEL | SKB_GSO_UDP_TUNNEL_CSUM)

/* Another module may own protocol 253's offload (it is for experiments,
 * RFC 3692): then the devices offer no TSO, and TCP segments before
 * them, as it did before this file.
 */
void ilnp_offload_init(void)
{
	offload_registered = !inet6_add_offload(&identity_offload,
						ILNP_NEXTHDR_IDENTITY);
	if (!offload_registered)
		pr_info("protocol %u's offload is taken: no TSO on overlays\n",
			ILNP_NEXTHDR_IDENTITY);
}

void ilnp_offload_exit(void)
{
	if (offload_registered)
		inet6_del_offload(&identity_offload, ILNP_NEXTHDR_IDENTITY);
}

/* The overlay device's offloads, for ilnp_setup(): checksums always,
 * TCP segmentation when IPv6's GSO can walk our headers.  The largest
 * segment leaves room for the overlay's headers in the outer packet's
 * 16-bit lengths.
 */
void ilnp_offload_features(struct net_device *dev)
{
	netdev_features_t f = NETIF_F_SG | NETIF_F_HW_CSUM | NETIF_F_HIGHDMA;

	if (offload_registered)
		f |= NETIF_F_TSO6 | NETIF_F_TSO_ECN;
	dev->features |= f;
	dev->hw_features |= f;
	netif_set_tso_max_size(dev, GSO_LEGACY_MAX_SIZE - ILNP_OVERHEAD -
			       ILNP_HDR_LEN - ILNP_NONCE_OPT_LEN -
			       sizeof(struct ilnp_identity_hdr));
}

/* The bytes from @skb->data to the end of the largest packet @skb will
 * be on the wire: itself, or for a TCP segment to split, one piece.
 * UINT_MAX, too big for any MTU, for one not made as ours are: its TCP
 * header, where its checksum starts, in the linear part after
 * @skb->data.
 */
unsigned int ilnp_seglen(const struct sk_buff *skb)
{
	const struct skb_shared_info *shinfo = skb_shinfo(skb);
	int start = skb_checksum_start_offset(skb);
	const struct tcphdr *th;

	if (!skb_is_gso(skb))
		return skb->len;
	if (skb->ip_summed != CHECKSUM_PARTIAL ||
	    !(shinfo->gso_type & SKB_GSO_TCPV6) ||
	    (shinfo->gso_type & ~ILNP_GSO_TYPES) || start < 0 ||
	    start + sizeof(*th) > skb_headlen(skb))
		return UINT_MAX;
	th = (const struct tcphdr *)(skb->data + start);
	return start + th->doff * 4 + shinfo->gso_size;
}

/* Before the UDP header goes on: @skb->data is at the ILNPv6 header,
 * which becomes the inner one, where the underlay's segmentation and
 * checksum offload start.  0, or -ENOMEM.  BHs off.
 */
int ilnp_offload_tx(struct sk_buff *skb)
{
	/* ilnp_dev_xmit_prepare() kept only the inner checksum state. */
	skb->encapsulation = 0;
	skb_reset_mac_header(skb);
	skb_reset_network_header(skb);
	if (skb->ip_summed == CHECKSUM_PARTIAL)
		skb_set_transport_header(skb, skb_checksum_start_offset(skb));
	else
		skb_reset_transport_header(skb);
	skb_set_inner_protocol(skb, htons(ETH_P_IPV6));
	return udp_tunnel_handle_offloads(skb, true);
}

/* Of the checksum state @skb arrived with, keep only a checksum still
 * to finish in what @skb->data starts: not a veth's outer UDP one left
 * partial (before the data: what follows it is complete), nor a
 * receive's CHECKSUM_COMPLETE over headers now gone.
 */
void ilnp_offload_inner_csum(struct sk_buff *skb)
{
	if (skb->ip_summed != CHECKSUM_PARTIAL ||
	    skb_checksum_start_offset(skb) < 0)
		skb->ip_summed = CHECKSUM_NONE;
}

/* After the UDP header came off: the inner packet is no longer a
 * tunnel's.  0, or -ENOMEM.  Softirq.
 */
int ilnp_offload_rx(struct sk_buff *skb)
{
	ilnp_offload_inner_csum(skb);
	return iptunnel_pull_offloads(skb);
}
