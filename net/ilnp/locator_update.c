// SPDX-License-Identifier: GPL-2.0
/*
 * Locator updates (RFC 6743) and the soft handoff.
 *
 * When the node's locator set changes, every correspondent active within
 * the session lifetime gets an update (operation 1) with the whole new
 * set, through a way that still reaches it, carrying our nonce (RFC 6744)
 * for it.  It is sent again every second until acked, up to the retry
 * count.  The correspondent applies an update only if it carries the
 * nonce it learnt from our first datagrams, and acks it (operation 2)
 * toward the new preferred locator, which proves the new path.
 *
 * RFC 6743 leaves the 16 bits after the operation reserved.  We carry a
 * per-correspondent update sequence number there (serial arithmetic):
 * a retransmission repeats it and is acked again; an older one, e.g. a
 * captured update replayed later, is refused (counted lu_stale).  A peer
 * that sends 0 there, as the RFC's own implementations do, still works
 * for its first update.
 *
 * The soft handoff that makes our locator set change is in locator.c.
 */
#include <linux/rtnetlink.h>
#include <linux/skbuff.h>
#include <linux/slab.h>

#include "ilnp.h"

#define LU_HDR_LEN	sizeof(struct ilnp_lu_hdr)
#define LU_LOC_LEN	sizeof(struct ilnp_lu_wire_loc)
#define LU_RETRY_GAP_JIFFIES	HZ
/* A claimed locator is probed at most this often per correspondent. */
#define LU_PROBE_GAP_JIFFIES	(HZ / 10)
/* A claimed locator's probe unanswered this long: the next is tried. */
#define LU_PROBE_TIMEOUT_JIFFIES	(HZ * 3 / 10)
/* News of a peer re-arms our update to it at most this often. */
#define LU_REARM_GAP_JIFFIES	(HZ / 10)

bool ilnp_lu_seq_newer(u16 seq, u16 than)
{
	return (s16)(seq - than) > 0;
}
EXPORT_SYMBOL_FOR_ILNP_KUNIT(ilnp_lu_seq_newer);

int ilnp_lu_encode(const struct ilnp_lu_msg *m, void *buf, size_t size)
{
	struct ilnp_lu_hdr *h = buf;
	struct ilnp_lu_wire_loc *w = (struct ilnp_lu_wire_loc *)(h + 1);
	size_t len = LU_HDR_LEN + m->nloc * LU_LOC_LEN;
	int i;

	if (!m->nloc || m->nloc > ILNP_DISC_LOC_MAX || len > size ||
	    (m->op != ILNP_LU_OP_ADVERT && m->op != ILNP_LU_OP_ACK))
		return -EINVAL;
	h->type = ILNP_ICMP_LOCATOR_UPDATE;
	h->code = 0;
	h->checksum = 0;
	h->nloc = m->nloc;
	h->op = m->op;
	h->seq = htons(m->seq);
	for (i = 0; i < m->nloc; i++, w++) {
		w->loc = cpu_to_be64(m->locs[i].loc);
		w->pref = htons(m->locs[i].pref);
		w->lifetime = htons(min_t(u32, m->locs[i].lifetime, U16_MAX));
	}
	return len;
}
EXPORT_SYMBOL_FOR_ILNP_KUNIT(ilnp_lu_encode);

int ilnp_lu_decode(const void *buf, size_t len, struct ilnp_lu_msg *m)
{
	const struct ilnp_lu_hdr *h = buf;
	const struct ilnp_lu_wire_loc *w = (const struct ilnp_lu_wire_loc *)(h + 1);
	int i;

	if (len < LU_HDR_LEN || h->type != ILNP_ICMP_LOCATOR_UPDATE ||
	    h->code || (h->op != ILNP_LU_OP_ADVERT && h->op != ILNP_LU_OP_ACK) ||
	    !h->nloc || h->nloc > ILNP_DISC_LOC_MAX ||
	    len != LU_HDR_LEN + h->nloc * LU_LOC_LEN)
		return -EINVAL;
	m->op = h->op;
	m->nloc = h->nloc;
	m->seq = ntohs(h->seq);
	for (i = 0; i < h->nloc; i++, w++) {
		m->locs[i].loc = be64_to_cpu(w->loc);
		m->locs[i].pref = ntohs(w->pref);
		m->locs[i].lifetime = ntohs(w->lifetime);
		if (!m->locs[i].loc || m->locs[i].loc == ILNP_ALL_NODES_LOC)
			return -EINVAL;
	}
	return 0;
}
EXPORT_SYMBOL_FOR_ILNP_KUNIT(ilnp_lu_decode);

/* Send @m to (@dst_loc, @e's NID) with our nonce for @e; *@via (if
 * given) is the device it left by.  Any context.
 */
static int lu_send(struct ilnp_net *in, struct ilnp_ilcc_entry *e,
		   const struct ilnp_lu_msg *m, u64 dst_loc,
		   struct ilnp_dev **via)
{
	unsigned int len = LU_HDR_LEN + m->nloc * LU_LOC_LEN;
	struct sk_buff *skb;
	u32 nonce = e->our_nonce;

	skb = alloc_skb(ILNP_TX_HEADROOM + len, GFP_ATOMIC);
	if (!skb)
		return -ENOMEM;
	skb_reserve(skb, ILNP_TX_HEADROOM);
	ilnp_lu_encode(m, skb_put(skb, len), len);
	return ilnp_output_via(in, skb, IPPROTO_ICMPV6, dst_loc, e->node.key,
			       READ_ONCE(in->hop_limit), &nonce, via, NULL);
}

/* Ask the peer of @e, at the locator its update claims, to prove it is
 * there: an echo request whose id, sequence and payload it must return.
 * Without the nonce (the peer's kernel answers echoes as any other),
 * the cookie does it: only who receives at @loc learns it.  Under
 * e->lock; *@p receives what to send once it is dropped.
 */
static bool lu_probe_prepare(struct ilnp_ilcc_entry *e, u64 loc,
			     struct ilnp_rr_probe *p, unsigned long now)
{
	struct ilnp_rr_probe *probe = &e->probe;

	lockdep_assert_held(&e->lock);
	if (probe->loc == loc &&
	    time_before(now, probe->sent + LU_PROBE_GAP_JIFFIES))
		return false;
	if (probe->loc != loc) {
		probe->loc = loc;
		probe->cookie = get_random_u64();
		probe->id = get_random_u16();
		probe->seq = get_random_u16();
		probe->since = now;
	}
	probe->sent = now;
	*p = *probe;
	return true;
}

static int lu_probe_send(struct ilnp_net *in, struct ilnp_ilcc_entry *e,
			 const struct ilnp_rr_probe *p)
{
	struct sk_buff *skb;
	u32 nonce = e->our_nonce;

	skb = ilnp_echo_alloc(ILNP_ICMP_ECHO_REQUEST, p->id, p->seq,
			      sizeof(p->cookie), GFP_ATOMIC);
	if (!skb)
		return -ENOMEM;
	memcpy(skb->data + sizeof(struct ilnp_echo), &p->cookie,
	       sizeof(p->cookie));
	return ilnp_output(in, skb, IPPROTO_ICMPV6, p->loc, e->node.key,
			   READ_ONCE(in->hop_limit), &nonce);
}

static bool lu_candidate_add(u64 *out, int *n, int max, u64 loc)
{
	int i;

	if (*n >= max || !loc || loc == ILNP_ALL_NODES_LOC)
		return false;
	for (i = 0; i < *n; i++)
		if (out[i] == loc)
			return false;
	out[(*n)++] = loc;
	return true;
}

/* Where a retransmission of our update goes: @first (where flows to the
 * peer go), then the locators its last update claimed (@claimed, their
 * lifetimes counted from @claimed_at) still within their lifetime, then
 * those discovery heard it advertise (@heard, already filtered by
 * lifetime); each once, at most @max into @out.  Where two updates
 * cross, each sent to a locator the other just left, the first is dead
 * and discovery knows the way.  How many.
 */
int ilnp_lu_candidates(u64 first, const struct ilnp_disc_loc *claimed,
		       int nclaimed, unsigned long claimed_at,
		       const struct ilnp_disc_loc *heard, int nheard,
		       unsigned long now, u64 *out, int max)
{
	int i, n = 0;

	lu_candidate_add(out, &n, max, first);
	for (i = 0; i < nclaimed; i++)
		if (!time_after(now, claimed_at +
				(unsigned long)claimed[i].lifetime * HZ))
			lu_candidate_add(out, &n, max, claimed[i].loc);
	for (i = 0; i < nheard; i++)
		lu_candidate_add(out, &n, max, heard[i].loc);
	return n;
}
EXPORT_SYMBOL_FOR_ILNP_KUNIT(ilnp_lu_candidates);

/* News of where @e's peer is (discovery heard it somewhere new, or its
 * own update came) while our update to it is pending or was given up:
 * the update goes again at once, to where the news says too, with its
 * retries afresh.  Not more often than LU_REARM_GAP_JIFFIES, whoever
 * brings the news, and only to a peer still in session with us.
 * Softirq or process context.
 */
void ilnp_lu_rearm(struct ilnp_net *in, struct ilnp_ilcc_entry *e)
{
	unsigned long now = jiffies, due;
	bool kick = false;

	spin_lock_bh(&e->lock);
	if ((e->lu_state == ILNP_LU_PENDING ||
	     e->lu_state == ILNP_LU_FAILED) &&
	    ilnp_ilcc_active(&in->ilcc, e, now)) {
		e->lu_state = ILNP_LU_PENDING;
		e->lu_retries = 0;
		due = e->lu_last_sent + LU_REARM_GAP_JIFFIES;
		if (time_before(due, now))
			due = now;
		e->lu_last_sent = due - LU_RETRY_GAP_JIFFIES;
		kick = true;
	}
	spin_unlock_bh(&e->lock);
	/* The work runs at once and comes back when the entry is due. */
	if (kick)
		mod_delayed_work(system_wq, &in->lu.work, 0);
}

/* Discovery heard @m's origin, at a changed set of locators if @news.
 * Our update to it, pending or given up, follows when the set changed,
 * or when it does not name where flows to the peer go: an update that
 * failed while the news was lost on the way (or failed before it came)
 * is not given up for good.  Softirq, RCU.
 */
void ilnp_lu_neigh_heard(struct ilnp_net *in, const struct ilnp_disc_msg *m,
			 bool news)
{
	struct ilnp_table_node *node;
	struct ilnp_ilcc_entry *e;
	bool stale = true;
	int i;

	/* Not ilnp_ilcc_find(): news alone starts no session afresh. */
	node = ilnp_table_lookup(&in->ilcc.table, m->nid, jiffies);
	if (!node)
		return;
	e = container_of(node, struct ilnp_ilcc_entry, node);
	if (!news) {
		spin_lock_bh(&e->lock);
		for (i = 0; i < m->nloc; i++)
			if (m->locs[i].loc == e->cur_loc)
				stale = false;
		spin_unlock_bh(&e->lock);
	}
	if (news || stale)
		ilnp_lu_rearm(in, e);
}

/* The claimed locator to prove: the most preferred, unless its probe has
 * gone unanswered for LU_PROBE_TIMEOUT_JIFFIES; then the next by
 * preference, and so on (a set may lead with a locator that does not
 * reach the peer: one it is leaving, or a forger's); once every one was
 * tried, the most preferred again.  Each update's copy moves the walk
 * on.  Under e->lock.
 */
u64 ilnp_lu_probe_target(struct ilnp_ilcc_entry *e, unsigned long now)
{
	struct ilnp_rr_probe *p = &e->probe;
	u64 loc;
	int i;

	lockdep_assert_held(&e->lock);
	if (p->loc && !time_before(now, p->since + LU_PROBE_TIMEOUT_JIFFIES))
		for (i = 0; i < e->nloc; i++)
			if (e->locs[i].loc == p->loc)
				p->tried |= BIT(i);
	loc = ilnp_ilcc_claimed_skip(e, now, p->tried);
	if (!loc && p->tried) {
		p->tried = 0;
		loc = ilnp_ilcc_claimed(e, now);
	}
	return loc;
}
EXPORT_SYMBOL_FOR_ILNP_KUNIT(ilnp_lu_probe_target);

/* Our ack to the peer's last update, which repeats its locator set. */
static void lu_ack_fill(const struct ilnp_ilcc_entry *e, struct ilnp_lu_msg *m)
{
	lockdep_assert_held(&e->lock);
	m->op = ILNP_LU_OP_ACK;
	m->seq = e->peer_lu_seq;
	m->nloc = e->nloc;
	memcpy(m->locs, e->locs, sizeof(m->locs[0]) * e->nloc);
}

/* A prototype device's peers have no nonces, sequence numbers or echo
 * (proto.c): their updates and acks are taken on their word, as the
 * prototype took them (Documentation/protocol.rst, "The prototype
 * profile", says what is lost).
 */
static bool lu_trusted(const struct ilnp_dev *idev)
{
	return idev->profile == ILNP_PROFILE_PROTOTYPE;
}

/* ... and the locators claimed count as proven: no probe (an echo)
 * could be answered.  Under e->lock.
 */
static void lu_trust_claims(const struct ilnp_dev *idev,
			    struct ilnp_ilcc_entry *e,
			    const struct ilnp_lu_msg *m)
{
	int i;

	if (!lu_trusted(idev))
		return;
	for (i = 0; i < m->nloc; i++)
		ilnp_ilcc_verify(e, m->locs[i].loc);
}

/* An update from the peer, with its nonce: its locator set is taken,
 * and acked through the locator it prefers once that is proven.  Until
 * then flows stay where they were, and the ack waits for the probe's
 * answer (the peer sends its update again meanwhile, and each copy asks
 * again).
 */
static void lu_rcv_advert(struct ilnp_dev *idev, struct ilnp_ilcc_entry *e,
			  const struct ilnp_skb_cb *cb, struct ilnp_lu_msg *m)
{
	struct ilnp_net *in = idev->in;
	unsigned long now = jiffies;
	struct ilnp_rr_probe probe;
	bool fresh, ask = false;
	u64 claimed, to, was;

	spin_lock_bh(&e->lock);
	if (!lu_trusted(idev) && (!cb->has_nonce || !e->peer_nonce_known ||
				  cb->nonce != e->peer_nonce)) {
		spin_unlock_bh(&e->lock);
		ilnp_stat_inc(idev, ILNP_STAT_LU_REJECTED);
		ilnp_event_lu_refused(idev, e->node.key, m->op, m->seq,
				      ILNP_EV_REASON_BAD_NONCE);
		return;
	}
	fresh = lu_trusted(idev) || !e->peer_lu_seen ||
		ilnp_lu_seq_newer(m->seq, e->peer_lu_seq);
	if (!fresh && m->seq != e->peer_lu_seq) {
		spin_unlock_bh(&e->lock);
		ilnp_stat_inc(idev, ILNP_STAT_LU_STALE);
		ilnp_event_lu_refused(idev, e->node.key, m->op, m->seq,
				      ILNP_EV_REASON_STALE);
		return;
	}
	was = e->cur_loc;
	if (fresh) {
		ilnp_ilcc_set_locators(e, m->locs, m->nloc);
		e->peer_lu_seq = m->seq;
		e->peer_lu_seen = true;
		ilnp_stat_inc(idev, ILNP_STAT_LU_RECEIVED);
	}
	e->peer_heard = now;
	ilnp_table_touch(&e->node);
	lu_trust_claims(idev, e, m);
	to = ilnp_ilcc_locator(e, now);
	claimed = ilnp_lu_probe_target(e, now);
	if (claimed && claimed != to)
		ask = lu_probe_prepare(e, claimed, &probe, now);
	else
		lu_ack_fill(e, m);
	spin_unlock_bh(&e->lock);
	/* It tells us where it is: an update of ours it missed follows,
	 * and its link-layer next hop is learnt again.
	 */
	if (fresh) {
		ilnp_nexthop_forget(&in->fib, e->node.key);
		ilnp_lu_rearm(in, e);
	}
	ilnp_event_peer_loc(in->net, e->node.key, was, to);
	if (claimed && claimed != to) {
		if (ask && !lu_probe_send(in, e, &probe))
			ilnp_stat_inc(idev, ILNP_STAT_LU_PROBED);
		return;
	}
	/* Acked (again, for a retransmission) through the new locator. */
	if (to)
		lu_send(in, e, m, to, NULL);
}

/* An echo reply: the answer to one of our return routability probes?
 * Then the locator probed is proven, flows follow it, and the update
 * that claimed it is acked.  False if it is not ours (it is then
 * ilnp-ping's).  Softirq, RCU.
 */
bool ilnp_lu_probe_reply(struct ilnp_dev *idev, struct sk_buff *skb)
{
	const struct ilnp_hdr *hdr = (const struct ilnp_hdr *)skb->data;
	const struct ilnp_echo *echo = (const struct ilnp_echo *)(hdr + 1);
	struct ilnp_net *in = idev->in;
	struct ilnp_ilcc_entry *e;
	struct ilnp_lu_msg m;
	u64 cookie, to = 0, was;
	bool proven;

	if (skb->len != ILNP_HDR_LEN + sizeof(*echo) + sizeof(cookie) ||
	    skb_copy_bits(skb, ILNP_HDR_LEN + sizeof(*echo), &cookie,
			  sizeof(cookie)))
		return false;
	e = ilnp_ilcc_find(&in->ilcc, be64_to_cpu(hdr->src.nid));
	if (!e)
		return false;
	spin_lock_bh(&e->lock);
	if (!e->probe.loc || ntohs(echo->id) != e->probe.id ||
	    ntohs(echo->seq) != e->probe.seq || cookie != e->probe.cookie) {
		spin_unlock_bh(&e->lock);
		return false;
	}
	was = e->cur_loc;
	proven = ilnp_ilcc_verify(e, e->probe.loc);
	e->probe.loc = 0;
	/* An answer, even late: the walk starts again from the top. */
	e->probe.tried = 0;
	if (proven) {
		to = ilnp_ilcc_locator(e, jiffies);
		lu_ack_fill(e, &m);
	}
	spin_unlock_bh(&e->lock);
	if (proven) {
		ilnp_stat_inc(idev, ILNP_STAT_LU_VERIFIED);
		ilnp_event_peer_loc(in->net, e->node.key, was, to);
		if (to)
			lu_send(in, e, &m, to, NULL);
	}
	return true;
}

/* An ack of our update.  It must carry the peer's nonce; one we do not
 * know yet is learnt from an ack of the update we are waiting on (its
 * sequence, random, answers ours), as from any first answer.
 */
static void lu_rcv_ack(struct ilnp_dev *idev, struct ilnp_ilcc_entry *e,
		       const struct ilnp_skb_cb *cb, const struct ilnp_lu_msg *m)
{
	struct ilnp_event ev = {
		.type = ILNP_EV_LU_ACKED,
		.has = ILNP_EVF_SEQ | ILNP_EVF_RTT,
		.ifindex = idev->dev->ifindex,
		.nid = e->node.key,
		.seq = m->seq,
	};

	spin_lock_bh(&e->lock);
	if ((!lu_trusted(idev) && m->seq != e->lu_seq) ||
	    e->lu_state != ILNP_LU_PENDING) {
		spin_unlock_bh(&e->lock);
		ilnp_stat_inc(idev, ILNP_STAT_LU_STALE);
		ilnp_event_lu_refused(idev, e->node.key, m->op, m->seq,
				      ILNP_EV_REASON_STALE);
		return;
	}
	if (!lu_trusted(idev) &&
	    !ilnp_ilcc_peer_nonce_ok(&idev->in->ilcc, e, cb, jiffies)) {
		spin_unlock_bh(&e->lock);
		ilnp_stat_inc(idev, ILNP_STAT_LU_REJECTED);
		ilnp_event_lu_refused(idev, e->node.key, m->op, m->seq,
				      ILNP_EV_REASON_BAD_NONCE);
		return;
	}
	e->lu_state = ILNP_LU_ACKED;
	e->lu_rtt_us = div_u64(ktime_get_ns() - e->lu_first_ns, NSEC_PER_USEC);
	ev.rtt_us = e->lu_rtt_us;
	ilnp_table_touch(&e->node);
	spin_unlock_bh(&e->lock);
	ilnp_stat_inc(idev, ILNP_STAT_LU_ACKED);
	ilnp_event_send(dev_net(idev->dev), ILNP_NLGRP_UPDATE, &ev);
}

/* A locator update or ack for us (checksum verified; nonce, if any, in
 * the control block).  The caller keeps @skb.  Softirq, RCU.
 */
void ilnp_lu_rcv(struct ilnp_dev *idev, struct sk_buff *skb)
{
	const struct ilnp_skb_cb *cb = ILNP_SKB_CB(skb);
	const struct ilnp_hdr *hdr;
	struct ilnp_ilcc_entry *e;
	struct ilnp_lu_msg m;

	if (skb_linearize(skb))
		return;
	hdr = (const struct ilnp_hdr *)skb->data;
	if (!hdr->dst.nid ||
	    ilnp_lu_decode(hdr + 1, skb->len - ILNP_HDR_LEN, &m)) {
		ilnp_stat_inc(idev, ILNP_STAT_DROP_MALFORMED);
		return;
	}
	/* No session with the sender: nothing it could update. */
	e = ilnp_ilcc_find(&idev->in->ilcc, be64_to_cpu(hdr->src.nid));
	if (!e) {
		ilnp_stat_inc(idev, ILNP_STAT_LU_REJECTED);
		ilnp_event_lu_refused(idev, be64_to_cpu(hdr->src.nid), m.op,
				      m.seq, ILNP_EV_REASON_NO_SESSION);
		return;
	}
	if (m.op == ILNP_LU_OP_ADVERT)
		lu_rcv_advert(idev, e, cb, &m);
	else
		lu_rcv_ack(idev, e, cb, &m);
}

/* Our locator set as correspondents should see it.  RTNL. */
static void lu_set_fill(struct ilnp_net *in, struct ilnp_lu_msg *m)
{
	m->op = ILNP_LU_OP_ADVERT;
	m->nloc = ilnp_node_locators(in, m->locs, ILNP_DISC_LOC_MAX,
				     ilnp_neigh_lifetime_s(&in->neighs));
}

/* (Re)send our update to @e if due.  Returns whether one is pending,
 * and then lowers *@next to when it is due next.
 */
static bool lu_entry_tick(struct ilnp_net *in, struct ilnp_ilcc_entry *e,
			  bool new_set, unsigned long now, unsigned long *next)
{
	struct ilnp_disc_loc heard[ILNP_DISC_LOC_MAX];
	struct ilnp_lu_msg *m = &in->lu.set;
	struct ilnp_event ev = {
		.type = ILNP_EV_LU_SENT,
		.has = ILNP_EVF_SEQ,
		.nid = e->node.key,
	};
	u64 to[ILNP_LU_FANOUT], first;
	bool retransmit = false;
	struct ilnp_dev *via;
	int i, nto, nheard;

	ASSERT_RTNL();
	spin_lock_bh(&e->lock);
	if (new_set && ilnp_ilcc_active(&in->ilcc, e, now)) {
		e->lu_seq++;
		e->lu_state = ILNP_LU_PENDING;
		e->lu_retries = 0;
		e->lu_first_ns = ktime_get_ns();
	} else if (new_set && e->lu_state == ILNP_LU_PENDING) {
		/* Gone quiet while an update to it was pending: the new set
		 * must not go out under the old set's sequence, and a quiet
		 * peer gets none.
		 */
		e->lu_state = ILNP_LU_IDLE;
		spin_unlock_bh(&e->lock);
		return false;
	} else if (e->lu_state == ILNP_LU_PENDING &&
		   !time_before(now, e->lu_last_sent + LU_RETRY_GAP_JIFFIES)) {
		if (e->lu_retries >= READ_ONCE(in->ilcc.lu_retries)) {
			e->lu_state = ILNP_LU_FAILED;
			ev.type = ILNP_EV_LU_FAILED;
			ev.has |= ILNP_EVF_RETRIES;
			ev.seq = e->lu_seq;
			ev.retries = e->lu_retries;
			spin_unlock_bh(&e->lock);
			ilnp_event_send(in->net, ILNP_NLGRP_UPDATE, &ev);
			return false;
		}
		e->lu_retries++;
		retransmit = true;
	} else {
		if (e->lu_state == ILNP_LU_PENDING &&
		    time_before(e->lu_last_sent + LU_RETRY_GAP_JIFFIES, *next))
			*next = e->lu_last_sent + LU_RETRY_GAP_JIFFIES;
		spin_unlock_bh(&e->lock);
		return e->lu_state == ILNP_LU_PENDING;
	}
	e->lu_last_sent = now;
	m->seq = e->lu_seq;
	first = ilnp_ilcc_locator(e, now);
	/* The first goes where flows go; the peer may have left it, so
	 * retransmissions go also where it claimed or was heard to be.
	 */
	nheard = retransmit ? ilnp_neigh_locators(&in->neighs, e->node.key,
						  heard, ARRAY_SIZE(heard)) : 0;
	nto = ilnp_lu_candidates(first, e->locs, retransmit ? e->nloc : 0,
				 e->locs_updated, heard, nheard, now, to,
				 retransmit ? ILNP_LU_FANOUT : 1);
	ev.retries = e->lu_retries;
	spin_unlock_bh(&e->lock);
	if (time_before(now + LU_RETRY_GAP_JIFFIES, *next))
		*next = now + LU_RETRY_GAP_JIFFIES;
	if (retransmit) {
		ev.type = ILNP_EV_LU_RETRANSMIT;
		ev.has |= ILNP_EVF_RETRIES;
	}
	ev.seq = m->seq;
	/* Each copy, the same sequence: whichever arrives is acked. */
	for (i = 0; i < nto; i++) {
		/* Said before it goes: its ack can come back (softirq, on
		 * this CPU) before lu_send() returns.  One that fails to go
		 * is sent again, and said again, a second later.
		 */
		ev.peer_loc = to[i];
		ilnp_event_send(in->net, ILNP_NLGRP_UPDATE, &ev);
		/* Counted on the device it left by, which RTNL keeps. */
		if (!lu_send(in, e, m, to[i], &via))
			ilnp_stat_inc_bh(via, retransmit ?
					 ILNP_STAT_LU_RETRANSMITTED :
					 ILNP_STAT_LU_SENT);
	}
	return true;
}

static void lu_work(struct work_struct *work)
{
	struct ilnp_lu_state_node *lu = container_of(to_delayed_work(work),
						     struct ilnp_lu_state_node,
						     work);
	struct ilnp_net *in = container_of(lu, struct ilnp_net, lu);
	struct ilnp_table_iter it = { };
	struct ilnp_table_node *node;
	struct ilnp_ilcc_entry *e;
	unsigned long now = jiffies, next = now + LU_RETRY_GAP_JIFFIES;
	bool new_set, pending = false;

	rtnl_lock();
	new_set = lu->gen != lu->sent_gen;
	if (new_set) {
		lu->sent_gen = lu->gen;
		lu_set_fill(in, &lu->set);
	}
	/* Nothing to say with no locator, and no device to say it on. */
	if (lu->set.nloc && !list_empty(&in->devs)) {
		rcu_read_lock();
		while ((node = ilnp_table_next(&in->ilcc.table, &it))) {
			e = container_of(node, struct ilnp_ilcc_entry, node);
			pending |= lu_entry_tick(in, e, new_set, now, &next);
		}
		rcu_read_unlock();
	}
	rtnl_unlock();
	/* When the first pending update is due again (re-armed ones may
	 * be due before a full gap).
	 */
	if (pending)
		queue_delayed_work(system_wq, &lu->work,
				   max_t(long, (long)(next - jiffies), 1));
}

/* Our paths are about to change (RTNL).  Bumped before the change is
 * published, not only after: a datagram that takes the new path in
 * between (a locator on the list, its route in the FIB, but the change
 * not yet announced: joining its group can sleep) would go unheld and
 * overtake those on the old one (seen on the debug kernel, preempted
 * there).  The release of that publication (rcu_assign_pointer) orders
 * this store before it; ilnp_path_hold() reads it after an smp_rmb().
 */
void ilnp_lu_paths_changing(struct ilnp_net *in)
{
	ASSERT_RTNL();
	WRITE_ONCE(in->lu.path_gen, in->lu.path_gen + 1);
}
EXPORT_SYMBOL_FOR_ILNP_KUNIT(ilnp_lu_paths_changing);

/* Our locator set changed (RTNL): update every active correspondent.
 * The paths changed too, again: a hold the first bump started may be
 * over before the change was published.
 */
void ilnp_lu_locators_changed(struct ilnp_net *in)
{
	ASSERT_RTNL();
	in->lu.gen++;
	ilnp_lu_paths_changing(in);
	mod_delayed_work(system_wq, &in->lu.work, 0);
}

/* Is there news for correspondents in the locator set the node gives
 * out now?  Not when it is empty (nothing could leave: the set they hold
 * stays the one to compare with), nor when it is the set last filled
 * for them, no update pending.  RTNL.
 */
static bool lu_set_news(struct ilnp_net *in)
{
	const struct ilnp_lu_msg *sent = &in->lu.set;
	struct ilnp_disc_loc *locs;
	unsigned int i, n;
	bool news;

	locs = kmalloc_array(ILNP_DISC_LOC_MAX, sizeof(*locs), GFP_KERNEL);
	if (!locs)
		return true;
	n = ilnp_node_locators(in, locs, ILNP_DISC_LOC_MAX,
			       ilnp_neigh_lifetime_s(&in->neighs));
	news = n && (in->lu.gen != in->lu.sent_gen || n != sent->nloc);
	for (i = 0; !news && i < n; i++)
		news = locs[i].loc != sent->locs[i].loc ||
		       locs[i].pref != sent->locs[i].pref ||
		       locs[i].lifetime != sent->locs[i].lifetime;
	kfree(locs);
	return news;
}

/* The devices' links changed (RTNL): update correspondents if the set
 * given out changed for them; the paths changed either way.
 */
void ilnp_lu_locators_maybe_changed(struct ilnp_net *in)
{
	if (lu_set_news(in))
		ilnp_lu_locators_changed(in);
	else
		ilnp_lu_paths_changing(in);
}

void ilnp_lu_init(struct ilnp_net *in)
{
	INIT_DELAYED_WORK(&in->lu.work, lu_work);
	ilnp_ilcc_init(&in->ilcc);
}

/* The netns is going: its devices are gone, nothing re-arms the works. */
void ilnp_lu_exit(struct ilnp_net *in)
{
	cancel_delayed_work_sync(&in->lu.work);
	ilnp_ilcc_exit(&in->ilcc);
}
