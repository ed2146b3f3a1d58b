// SPDX-License-Identifier: GPL-2.0
/*
 * Holding a flow back when its path changes.  When the correspondent's
 * locator changes (its locator update, proven) or ours do (a move, a
 * device down or up), the next datagram to it may take a shorter path
 * than the last ones, and overtake them.  So the first datagram on the
 * new path, and every one after it, waits in the correspondent's ILCC
 * entry for the node's path hold time (ilnp-ip node set path-hold MS),
 * then they all leave in order.  Only when the old path was used within
 * that time: an idle flow has nothing in flight to overtake.
 *
 * A path is what the node and the peer decide (our locator set's
 * generation, the ILCC's), not the locator an application names: one
 * alternating between two of the peer's locators holds nobody's flows.
 * A hold lasts the path hold time from its start at most: more changes
 * meanwhile do not prolong it.
 *
 * The queue is bounded by the senders' SO_SNDBUF (held datagrams stay
 * charged to their socket) and by ILNP_PATH_HOLD_MAX.  Its state is under
 * the entry's lock.  The release is a work item, in process context, and
 * paced: a burst of ILNP_PATH_HOLD_BURST datagrams, or a quarter of the
 * queue if more, a jiffy, so that the softirqs carrying them on (the
 * bridge, the router) drain the backlog in between.  All at once, a
 * starved guest dropped tens of them (netdev_max_backlog).  Datagrams
 * sent meanwhile join the queue, behind the held ones: a flow that sends
 * faster than the paced release (a TCP download) would keep the queue
 * from ever emptying and stay held, a queue's delay added to every
 * packet, for good.  So the pacing lasts the path hold time too: then
 * what is queued goes at once, with softirqs off (else the ACKs each
 * segment brings back queue more behind it), and the hold ends.  A
 * datagram that fails to leave reports the error to its socket, as a
 * send would have.
 */
#include <linux/jiffies.h>
#include <linux/skbuff.h>
#include <linux/workqueue.h>
#include <net/sock.h>

#include "ilnp.h"

/* Send a held message; an AF_ILNP socket hears of a failure (sk_err),
 * the held skb keeping the socket's memory until it is freed.  An IPv6
 * socket's packet fails as a lost one: TCP retransmits, and an error
 * on it would end its connection.
 */
static void path_hold_send(struct ilnp_ilcc_entry *e, struct sk_buff *skb,
			   u64 dst_loc, u32 nonce)
{
	struct sock *sk = skb->sk;
	int err;

	if (sk && sk->sk_family != ilnp_af_family())
		sk = NULL;
	/* A closed socket's memory outlives its references until its last
	 * skb is freed, by the send below: only a live one is told.
	 */
	if (sk && !refcount_inc_not_zero(&sk->sk_refcnt))
		sk = NULL;
	err = ilnp_output(e->hold.in, skb, ILNP_SKB_CB(skb)->proto, dst_loc,
			  e->node.key, ILNP_SKB_CB(skb)->hop_limit, &nonce);
	if (sk) {
		if (err < 0) {
			WRITE_ONCE(sk->sk_err, -err);
			sk_error_report(sk);
		}
		sock_put(sk);
	}
}

/* Send what is held, in order, on the path chosen last: a burst now,
 * the rest a jiffy later; from drain_at on, everything queued, with
 * this CPU's softirqs held off: a TCP flow's ACKs, arriving in softirq
 * as each segment leaves, would queue more behind and keep the queue
 * from ever emptying (and the flow held, at the release's pace, for
 * good: seen, 22 s).  What other CPUs add meanwhile goes a jiffy later.
 */
static void path_hold_release(struct work_struct *work)
{
	struct ilnp_ilcc_entry *e = container_of(to_delayed_work(work),
						 struct ilnp_ilcc_entry,
						 hold.work);
	unsigned int budget, len;
	struct sk_buff *skb;
	bool drain;
	u64 dst_loc;
	u32 nonce;

	spin_lock_bh(&e->lock);
	len = skb_queue_len(&e->hold.queue);
	drain = time_after_eq(jiffies, e->hold.drain_at);
	budget = drain ? len : max_t(unsigned int, ILNP_PATH_HOLD_BURST,
				     len / 4);
	spin_unlock_bh(&e->lock);
	if (drain)
		local_bh_disable();
	for (;;) {
		spin_lock_bh(&e->lock);
		skb = budget ? __skb_dequeue(&e->hold.queue) : NULL;
		if (!skb && skb_queue_empty(&e->hold.queue))
			e->hold.holding = false;
		if (!skb) {
			if (e->hold.holding)
				queue_delayed_work(system_wq, &e->hold.work, 1);
			spin_unlock_bh(&e->lock);
			break;
		}
		budget--;
		dst_loc = e->hold.dst_loc;
		nonce = e->our_nonce;
		spin_unlock_bh(&e->lock);
		path_hold_send(e, skb, dst_loc, nonce);
	}
	if (drain)
		local_bh_enable();
}

void ilnp_path_hold_init(struct ilnp_path_hold *h)
{
	skb_queue_head_init(&h->queue);
	INIT_DELAYED_WORK(&h->work, path_hold_release);
}

/* The entry has left the cache: nothing more is held, what was is
 * dropped.  Process context, no lock held.
 */
void ilnp_path_hold_stop(struct ilnp_ilcc_entry *e)
{
	struct sk_buff_head dropped;

	__skb_queue_head_init(&dropped);
	spin_lock_bh(&e->lock);
	e->hold.stopped = true;
	e->hold.holding = false;
	skb_queue_splice_init(&e->hold.queue, &dropped);
	spin_unlock_bh(&e->lock);
	cancel_delayed_work_sync(&e->hold.work);
	__skb_queue_purge(&dropped);
}

/* @skb (an upper-layer message of protocol @proto, @hop_limit: an STP
 * datagram or an identity packet) is about to leave for @dst_loc:
 * returns 1 to send it now, 0 when it is held (and owned here), or
 * -ENOBUFS when the hold is full (and it is freed).  Under e->lock.
 */
int ilnp_path_hold(struct ilnp_net *in, struct ilnp_ilcc_entry *e,
		   u64 dst_loc, struct sk_buff *skb, u8 proto, u8 hop_limit)
{
	unsigned long hold = READ_ONCE(in->ilcc.path_hold), now = jiffies;
	struct ilnp_path_hold *h = &e->hold;
	u32 gen;

	lockdep_assert_held(&e->lock);
	/* After the locators and routes this datagram's path came from:
	 * pairs with ilnp_lu_paths_changing() before their publication.
	 */
	smp_rmb();
	gen = READ_ONCE(in->lu.path_gen);
	if (hold && !h->stopped && !h->holding && h->sent &&
	    (h->gen != gen || h->peer_gen != e->peer_gen) &&
	    time_before(now, h->last + hold)) {
		h->in = in;
		h->holding = true;
		h->drain_at = now + 2 * hold;
		queue_delayed_work(system_wq, &h->work, hold);
	}
	h->dst_loc = dst_loc;
	h->gen = gen;
	h->peer_gen = e->peer_gen;
	h->last = now;
	h->sent = true;
	if (!h->holding)
		return 1;
	if (skb_queue_len(&h->queue) >= ILNP_PATH_HOLD_MAX) {
		kfree_skb(skb);
		return -ENOBUFS;
	}
	ILNP_SKB_CB(skb)->hop_limit = hop_limit;
	ILNP_SKB_CB(skb)->proto = proto;
	__skb_queue_tail(&h->queue, skb);
	return 0;
}
EXPORT_SYMBOL_FOR_ILNP_KUNIT(ilnp_path_hold);
