// SPDX-License-Identifier: GPL-2.0
/*
 * The RFC 6744 nonce, carried in a Destination Options header (inner next
 * header 60) between the ILNPv6 header and the upper layer.  We send the
 * 32-bit form; the whole header is then 8 bytes:
 *
 *   next header | length 0 | option 0x8b | option length 4 | nonce (4)
 *
 * On receive the header is read and removed, so that the upper layers
 * find their message right after the ILNPv6 header as always; the nonce
 * travels on in the skb's control block.
 */
#include <linux/skbuff.h>

#include "ilnp.h"

/* Walk the options of the header at @opt (@len bytes).  0, or -EINVAL. */
static int nonce_find(const u8 *opt, unsigned int len, struct ilnp_skb_cb *cb)
{
	unsigned int i = 2, olen;
	__be32 v;

	while (i < len) {
		if (opt[i] == 0) {		/* Pad1 */
			i++;
			continue;
		}
		if (i + 2 > len)
			return -EINVAL;
		olen = opt[i + 1];
		if (i + 2 + olen > len)
			return -EINVAL;
		if (opt[i] == ILNP_NONCE_OPT_TYPE) {
			/* 4 or 12 bytes; the first 32 bits name the session. */
			if (olen != 4 && olen != 12)
				return -EINVAL;
			memcpy(&v, &opt[i + 2], sizeof(v));
			cb->nonce = be32_to_cpu(v);
			cb->has_nonce = true;
		} else if (opt[i] != 1 && (opt[i] >> 6)) {
			/* Not PadN, and "discard if unknown" (RFC 8200 4.2). */
			return -EINVAL;
		}
		i += 2 + olen;
	}
	return 0;
}

/* @skb->data is at an ILNPv6 header whose next header is 60: take the
 * options out.  0, or -EINVAL for a malformed header.
 */
int ilnp_nonce_strip(struct sk_buff *skb, struct ilnp_skb_cb *cb)
{
	struct ilnp_hdr *hdr;
	unsigned int len;
	const u8 *opt;
	u8 next;

	cb->has_nonce = false;
	if (!pskb_may_pull(skb, ILNP_HDR_LEN + 8))
		return -EINVAL;
	opt = skb->data + ILNP_HDR_LEN;
	len = (opt[1] + 1) * 8;
	next = opt[0];
	if (next == IPPROTO_DSTOPTS || skb->len < ILNP_HDR_LEN + len ||
	    skb_ensure_writable(skb, ILNP_HDR_LEN + len))
		return -EINVAL;
	opt = skb->data + ILNP_HDR_LEN;
	if (nonce_find(opt, len, cb))
		return -EINVAL;
	hdr = (struct ilnp_hdr *)skb->data;
	hdr->nexthdr = next;
	hdr->payload_len = htons(ntohs(hdr->payload_len) - len);
	memmove(skb->data + len, skb->data, ILNP_HDR_LEN);
	__skb_pull(skb, len);
	skb_reset_network_header(skb);
	return 0;
}
EXPORT_SYMBOL_FOR_ILNP_KUNIT(ilnp_nonce_strip);

/* Put the option header in front of the upper-layer message at
 * @skb->data, which has the headroom.
 */
void ilnp_nonce_push(struct sk_buff *skb, u8 nexthdr, u32 nonce)
{
	u8 *opt = skb_push(skb, ILNP_NONCE_OPT_LEN);
	__be32 v = cpu_to_be32(nonce);

	opt[0] = nexthdr;
	opt[1] = 0;
	opt[2] = ILNP_NONCE_OPT_TYPE;
	opt[3] = 4;
	memcpy(&opt[4], &v, sizeof(v));
}
EXPORT_SYMBOL_FOR_ILNP_KUNIT(ilnp_nonce_push);
