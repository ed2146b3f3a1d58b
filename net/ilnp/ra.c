// SPDX-License-Identifier: GPL-2.0
/*
 * Locator advertisements, as IPv6's router advertisements in small.
 *
 * A router (a node with locators marked "advertise") sends, on each
 * such device, the locators it serves there: three at first, a second
 * apart, then one every interval (0.75 to 1 times it), and an answer to
 * a solicitation (after 0 to 20 ms, at most one per 250 ms).  A locator
 * it stops serving goes out once more with lifetime 0.
 *
 * A device in automatic mode solicits when it comes up, when it is put
 * in that mode and when its underlay's link comes back, and takes the
 * advertised locators as its own ("learnt"), with the router's
 * preference, until their lifetime runs out.  A new locator heard while
 * the device holds a stale one (heard before its link went down) is a
 * change of attachment: a move, reported by the usual locator updates.
 * A change with no link event (a cable moved between two switches, an
 * access point re-plugged) shows as an advertisement that leaves out
 * what its router served here, a router not heard before, or one
 * silent past its interval: the device checks the link (solicits), and
 * learnt locators no router lists again within RA_CHECK_WAIT go stale,
 * as on a link loss.  Manual locators always win over learnt ones.
 *
 * Both go to the link-wide all-nodes group ff12:0:G:0:ff02:0:0:1, which
 * every overlay device joins (underlay.c); inner hop limit 255, which a
 * forwarded copy no longer has.  The softirq only records what it heard
 * (@idev->ra.heard); one work per node applies it, sends and expires,
 * under RTNL.  Documentation/mobility.rst; the formats are in
 * Documentation/protocol.rst.
 */
#include <linux/random.h>
#include <linux/rtnetlink.h>
#include <linux/skbuff.h>

#include "ilnp.h"

#define LS_LEN			sizeof(struct ilnp_ls_hdr)
#define LA_HDR_LEN		sizeof(struct ilnp_la_hdr)
#define LA_LOC_LEN		sizeof(struct ilnp_disc_wire_loc)
#define RA_LIFETIME_MAX_S	9000	/* RFC 4861's cap */
#define RA_BURST		3	/* first advertisements ... */
#define RA_BURST_GAP		HZ	/* ... this far apart */
#define RA_ANSWER_GAP		(HZ / 4) /* between two answers */
#define RA_ANSWER_DELAY_MS	20	/* an answer waits 0 to this */
#define RS_BURST		3	/* solicitations ... */
#define RS_GAP			(HZ / 2) /* ... this far apart */
#define RA_GRACE		(3 * HZ) /* stale learnt locators are kept */
#define RA_KICK_GAP		(HZ / 10) /* new content: applied this often */
#define RA_CHECK_WAIT		(3 * HZ / 2) /* a check's answers: by then */
#define RA_LATE			(HZ / 2) /* past its interval: overdue */

size_t ilnp_la_len(const struct ilnp_la_msg *m)
{
	return LA_HDR_LEN + m->nloc * LA_LOC_LEN;
}
EXPORT_SYMBOL_FOR_ILNP_KUNIT(ilnp_la_len);

/* Neither 0 nor all-nodes: a locator a node may hold. */
static bool ra_loc_ok(u64 loc)
{
	return loc && loc != ILNP_ALL_NODES_LOC;
}

/* Write @m into @buf, checksum 0: its length, or -EINVAL. */
int ilnp_la_encode(const struct ilnp_la_msg *m, void *buf, size_t size)
{
	struct ilnp_la_hdr *h = buf;
	struct ilnp_disc_wire_loc *w = (struct ilnp_disc_wire_loc *)(h + 1);
	size_t len = ilnp_la_len(m);
	int i;

	if (!m->nloc || m->nloc > ILNP_RA_LOC_MAX || len > size)
		return -EINVAL;
	memset(h, 0, len);
	h->type = ILNP_ICMP_LOC_ADVERT;
	h->nloc = m->nloc;
	h->flags = m->flags;
	h->interval = htons(m->interval);
	h->solicit_id = cpu_to_be64(m->solicit_id);
	for (i = 0; i < m->nloc; i++, w++) {
		if (!ra_loc_ok(m->locs[i].loc))
			return -EINVAL;
		w->loc = cpu_to_be64(m->locs[i].loc);
		w->pref = htons(m->locs[i].pref);
		w->lifetime = htonl(m->locs[i].lifetime);
	}
	return len;
}
EXPORT_SYMBOL_FOR_ILNP_KUNIT(ilnp_la_encode);

/* Read the @len bytes of an advertisement: 0, or -EINVAL.  Lifetimes
 * above RA_LIFETIME_MAX_S are taken as it; unknown flags are ignored.
 */
int ilnp_la_decode(const void *buf, size_t len, struct ilnp_la_msg *m)
{
	const struct ilnp_la_hdr *h = buf;
	const struct ilnp_disc_wire_loc *w;
	int i;

	if (len < LA_HDR_LEN || h->type != ILNP_ICMP_LOC_ADVERT || h->code ||
	    !h->nloc || h->nloc > ILNP_RA_LOC_MAX ||
	    len != LA_HDR_LEN + h->nloc * LA_LOC_LEN)
		return -EINVAL;
	memset(m, 0, sizeof(*m));
	m->nloc = h->nloc;
	m->flags = h->flags & ILNP_RA_F_SOLICITED;
	m->interval = ntohs(h->interval);
	m->solicit_id = be64_to_cpu(h->solicit_id);
	w = (const struct ilnp_disc_wire_loc *)(h + 1);
	for (i = 0; i < h->nloc; i++, w++) {
		m->locs[i].loc = be64_to_cpu(w->loc);
		if (!ra_loc_ok(m->locs[i].loc))
			return -EINVAL;
		m->locs[i].pref = ntohs(w->pref);
		m->locs[i].lifetime = min_t(u32, ntohl(w->lifetime),
					    RA_LIFETIME_MAX_S);
	}
	return 0;
}
EXPORT_SYMBOL_FOR_ILNP_KUNIT(ilnp_la_decode);

int ilnp_ls_encode(u64 solicit_id, void *buf, size_t size)
{
	struct ilnp_ls_hdr *h = buf;

	if (size < LS_LEN)
		return -EINVAL;
	memset(h, 0, LS_LEN);
	h->type = ILNP_ICMP_LOC_SOLICIT;
	h->solicit_id = cpu_to_be64(solicit_id);
	return LS_LEN;
}
EXPORT_SYMBOL_FOR_ILNP_KUNIT(ilnp_ls_encode);

int ilnp_ls_decode(const void *buf, size_t len, u64 *solicit_id)
{
	const struct ilnp_ls_hdr *h = buf;

	if (len != LS_LEN || h->type != ILNP_ICMP_LOC_SOLICIT || h->code)
		return -EINVAL;
	*solicit_id = be64_to_cpu(h->solicit_id);
	return 0;
}
EXPORT_SYMBOL_FOR_ILNP_KUNIT(ilnp_ls_decode);

/* The new end of a learnt locator's life, now at @expires, that its own
 * router advertised at @when with @lifetime_s (interval @interval_s).
 * Longer is taken; shorter (a withdrawal is 0) never below two
 * intervals from @when: as RFC 4862's two-hour rule, in small, one
 * forged advertisement cannot take a live locator away at once, and a
 * true withdrawal still takes effect within two intervals.
 */
unsigned long ilnp_ra_lifetime_cut(unsigned long expires, unsigned long when,
				   u32 lifetime_s, u32 interval_s)
{
	unsigned long want = when + (unsigned long)lifetime_s * HZ;
	unsigned long floor = when + 2UL * max_t(u32, interval_s, 1) * HZ;

	if (!time_before(want, expires))
		return want;
	if (!time_before(floor, expires))
		return expires;
	return time_after(want, floor) ? want : floor;
}
EXPORT_SYMBOL_FOR_ILNP_KUNIT(ilnp_ra_lifetime_cut);

/* The node's work runs within @delay: sooner if it is due sooner, never
 * later (a stream of kicks cannot put it off).
 */
static void ra_kick(struct ilnp_dev *idev, unsigned long delay)
{
	struct ilnp_ra *r = &idev->in->ra;

	if (READ_ONCE(r->stopping))
		return;
	if (!delayed_work_pending(&r->work) ||
	    time_after(READ_ONCE(r->work.timer.expires), jiffies + delay))
		mod_delayed_work(system_wq, &r->work, delay);
}

/* Send an ICMPv6-format message of @len bytes from @build to the
 * link's all-nodes group on @idev.  RTNL.
 */
static void ra_xmit(struct ilnp_dev *idev, u64 src_loc, const void *msg,
		    unsigned int len, enum ilnp_stat stat)
{
	struct ilnp_net *in = idev->in;
	struct ilnp_hdr *hdr;
	struct sk_buff *skb;
	void *body;

	skb = alloc_skb(ILNP_TX_HEADROOM + ILNP_HDR_LEN + len, GFP_KERNEL);
	if (!skb)
		return;
	skb_reserve(skb, ILNP_TX_HEADROOM);
	skb_reset_network_header(skb);
	hdr = skb_put(skb, ILNP_HDR_LEN);
	body = skb_put_data(skb, msg, len);
	ilnp_hdr_build(hdr, IPPROTO_ICMPV6, ILNP_RA_HOP_LIMIT, len, src_loc,
		       in->nid, ILNP_ALL_NODES_LOC, 0);
	((struct ilnp_ls_hdr *)body)->checksum =
		ilnp_icmp_checksum(hdr, len, csum_partial(body, len, 0));
	local_bh_disable();
	rcu_read_lock();
	if (ilnp_dev_usable(idev)) {
		ilnp_stat_inc(idev, stat);
		ilnp_dev_xmit(idev, ILNP_ALL_NODES_LOC, skb);
	} else {
		kfree_skb(skb);
	}
	rcu_read_unlock();
	local_bh_enable();
}

static u32 ra_interval_s(struct ilnp_net *in)
{
	return READ_ONCE(in->ra.interval) / HZ;
}

/* Does @idev serve any locator on its link?  RTNL. */
static bool ra_serves(struct ilnp_dev *idev)
{
	struct ilnp_locator *l;

	list_for_each_entry(l, &idev->locators, list)
		if (l->advertise && !l->deprecated)
			return true;
	return idev->ra.withdrawn[0];
}

/* Our advertisement on @idev: the locators it serves, then those it
 * stopped serving (once, lifetime 0).  RTNL.
 */
static void ra_send_advert(struct ilnp_dev *idev, u64 solicit_id)
{
	struct ilnp_ra_dev *ra = &idev->ra;
	u8 buf[LA_HDR_LEN + ILNP_RA_LOC_MAX * LA_LOC_LEN];
	u32 interval = ra_interval_s(idev->in);
	struct ilnp_la_msg m = {};
	struct ilnp_locator *l;
	int i, len;

	list_for_each_entry(l, &idev->locators, list) {
		if (!l->advertise || l->deprecated ||
		    m.nloc == ILNP_RA_LOC_MAX)
			continue;
		m.locs[m.nloc].loc = l->loc;
		m.locs[m.nloc].pref = l->pref;
		m.locs[m.nloc++].lifetime = 3 * interval;
	}
	for (i = 0; i < ILNP_RA_LOC_MAX; i++) {
		if (ra->withdrawn[i] && m.nloc < ILNP_RA_LOC_MAX)
			m.locs[m.nloc++].loc = ra->withdrawn[i];
		ra->withdrawn[i] = 0;
	}
	m.interval = interval;
	m.solicit_id = solicit_id;
	m.flags = solicit_id ? ILNP_RA_F_SOLICITED : 0;
	len = ilnp_la_encode(&m, buf, sizeof(buf));
	if (len > 0 && idev->in->nid)
		ra_xmit(idev, m.locs[0].loc, buf, len, ILNP_STAT_RA_SENT);
	WRITE_ONCE(ra->last_ra, jiffies);
}

/* The earliest of the deadlines seen: when the work runs next. */
struct ra_next {
	unsigned long at;
	bool armed;
};

static void ra_due(struct ra_next *nx, unsigned long at)
{
	if (!nx->armed || time_before(at, nx->at))
		nx->at = at;
	nx->armed = true;
}

/* 0.75 to 1 times the interval. */
static unsigned long ra_jitter(unsigned long interval)
{
	return interval * 3 / 4 + get_random_u32_below(interval / 4 + 1);
}

/* A router's duties on @idev: the answer due, the next unsolicited
 * advertisement.  RTNL.
 */
static void ra_router_tick(struct ilnp_dev *idev, unsigned long now,
			   struct ra_next *nx)
{
	unsigned long interval = READ_ONCE(idev->in->ra.interval);
	struct ilnp_ra_dev *ra = &idev->ra;
	bool answer = false;
	u64 solicit_id = 0;

	spin_lock_bh(&ra->lock);
	if (ra->answer && !time_before(now, ra->answer_at)) {
		answer = true;
		solicit_id = ra->solicit_id;
		ra->answer = false;
	} else if (ra->answer) {
		ra_due(nx, ra->answer_at);
	}
	spin_unlock_bh(&ra->lock);
	if (!ra_serves(idev) || !ilnp_dev_usable(idev))
		return;
	if (answer || !time_before(now, ra->next_ra)) {
		ra_send_advert(idev, solicit_id);
		if (ra->burst) {
			ra->burst--;
			ra->next_ra = now + min_t(unsigned long, RA_BURST_GAP,
						  interval);
		} else {
			ra->next_ra = now + ra_jitter(interval);
		}
	}
	if (ra_serves(idev))
		ra_due(nx, ra->next_ra);
}

static unsigned int ra_learnt_count(struct ilnp_dev *idev)
{
	struct ilnp_locator *l;
	unsigned int n = 0;

	list_for_each_entry(l, &idev->locators, list)
		n += l->learnt;
	return n;
}

static struct ilnp_locator *ra_stale_one(struct ilnp_dev *idev)
{
	struct ilnp_locator *l;

	list_for_each_entry(l, &idev->locators, list)
		if (l->learnt && l->stale && !l->deprecated)
			return l;
	return NULL;
}

/* Any device's locator @loc, @idev's excepted.  RTNL. */
static bool ra_held_elsewhere(struct ilnp_dev *idev, u64 loc)
{
	struct ilnp_dev *other;

	list_for_each_entry(other, &idev->in->devs, node)
		if (other != idev && ilnp_dev_locator(other, loc))
			return true;
	return false;
}

/* An existing learnt locator @l heard in @h's advertisement (@e). */
static void ra_refresh(struct ilnp_dev *idev, struct ilnp_locator *l,
		       const struct ilnp_ra_heard *h,
		       const struct ilnp_disc_loc *e)
{
	unsigned long exp = h->when + (unsigned long)e->lifetime * HZ;

	if (e->lifetime && time_after(h->when, l->heard_at))
		l->heard_at = h->when;
	if (h->router == l->router) {
		exp = ilnp_ra_lifetime_cut(l->expires, h->when, e->lifetime,
					   h->msg.interval);
		/* Kept longer than it says: a cut refused. */
		if (h->fresh && time_after(exp, h->when +
					   (unsigned long)e->lifetime * HZ))
			ilnp_stat_inc_bh(idev, ILNP_STAT_RA_IGNORED);
		l->router_pref = e->pref;
	} else if (time_before(exp, l->expires)) {
		/* Another router's never shortens it. */
		return;
	}
	l->expires = exp;
	/* Heard since the link came back: the same network, no move. */
	if (l->stale && e->lifetime &&
	    time_after(h->when, idev->ra.lost_at))
		ilnp_locator_set_stale(idev, l, false);
}

/* Take what one advertised entry @e of @h says.  RTNL. */
static void ra_apply_one(struct ilnp_dev *idev, const struct ilnp_ra_heard *h,
			 const struct ilnp_disc_loc *e)
{
	struct ilnp_locator *l = ilnp_dev_locator(idev, e->loc);
	struct ilnp_loc_origin origin = {
		.router = h->router,
		.router_pref = e->pref,
		.expires = h->when + (unsigned long)e->lifetime * HZ,
	};
	struct ilnp_locator *stale;

	if (l && l->learnt) {
		ra_refresh(idev, l, h, e);
		return;
	}
	/* Manual wins; a locator is on one device only. */
	if (l || ra_held_elsewhere(idev, e->loc)) {
		if (h->fresh)
			ilnp_stat_inc_bh(idev, ILNP_STAT_RA_IGNORED);
		return;
	}
	if (!e->lifetime || !time_before(jiffies, origin.expires))
		return;
	stale = ra_stale_one(idev);
	if (stale) {
		ilnp_locator_move(idev, stale->loc, idev, e->loc, e->pref, 0,
				  &origin, NULL);
		return;
	}
	if (ra_learnt_count(idev) >= ILNP_RA_LEARNT_MAX) {
		if (h->fresh)
			ilnp_stat_inc_bh(idev, ILNP_STAT_RA_IGNORED);
		return;
	}
	if (ilnp_locator_add(idev, e->loc, e->pref, &origin, NULL))
		return;
	l = ilnp_dev_locator(idev, e->loc);
	if (l)
		l->heard_at = h->when;
}

/* Learnt locators whose lifetime ran out, or whose link stayed down
 * past the grace, go.  RTNL.
 */
static void ra_expire(struct ilnp_dev *idev, unsigned long now,
		      struct ra_next *nx)
{
	unsigned long grace_end = idev->ra.lost_at + RA_GRACE;
	struct ilnp_locator *l, *tmp;

	list_for_each_entry_safe(l, tmp, &idev->locators, list) {
		if (!l->learnt || l->deprecated)
			continue;
		if (!time_before(now, l->expires) ||
		    (l->stale && !time_before(now, grace_end))) {
			ilnp_stat_inc_bh(idev, ILNP_STAT_RA_EXPIRED);
			ilnp_locator_del(idev, l->loc, NULL);
			continue;
		}
		ra_due(nx, l->expires);
		if (l->stale)
			ra_due(nx, grace_end);
	}
}

/* Was @l's attachment made before another device's live one?  Then the
 * newest is preferred: correspondents move to it while the old link
 * still works (a soft handoff between two radios).  RTNL.
 */
static bool ra_superseded(struct ilnp_net *in, struct ilnp_dev *idev,
			  const struct ilnp_locator *l)
{
	struct ilnp_locator *o;
	struct ilnp_dev *other;

	list_for_each_entry(other, &in->devs, node) {
		if (other == idev)
			continue;
		list_for_each_entry(o, &other->locators, list)
			if (o->learnt && !o->stale && !o->deprecated &&
			    time_after(o->learnt_at, l->learnt_at))
				return true;
	}
	return false;
}

static void ra_set_prefs(struct ilnp_dev *idev)
{
	struct ilnp_locator *l;
	u16 pref;

	list_for_each_entry(l, &idev->locators, list) {
		if (!l->learnt || l->deprecated)
			continue;
		pref = l->router_pref;
		if (pref < U16_MAX && ra_superseded(idev->in, idev, l))
			pref++;
		ilnp_locator_set_pref(idev, l, pref);
	}
}

/* A live learnt locator of @h's router that its advertisement leaves
 * out?  Routers list all they serve on the link: the link changed (or
 * the advertisement is forged; the check tells).  RTNL.
 */
static bool ra_leaves_out(struct ilnp_dev *idev, const struct ilnp_ra_heard *h)
{
	struct ilnp_locator *l;
	int j;

	list_for_each_entry(l, &idev->locators, list) {
		if (!l->learnt || l->stale || l->deprecated ||
		    l->router != h->router)
			continue;
		for (j = 0; j < h->msg.nloc; j++)
			if (h->msg.locs[j].loc == l->loc)
				break;
		if (j == h->msg.nloc)
			return true;
	}
	return false;
}

/* A live learnt locator of a router other than @router?  RTNL. */
static bool ra_learnt_from_other(struct ilnp_dev *idev, u64 router)
{
	struct ilnp_locator *l;

	list_for_each_entry(l, &idev->locators, list)
		if (l->learnt && !l->stale && !l->deprecated &&
		    l->router != router)
			return true;
	return false;
}

/* The check is over: routers not heard since it began are forgotten,
 * and learnt locators none listed since go stale (out of what the node
 * gives out at once, deleted after the grace unless heard again).
 * RTNL.
 */
static void ra_check_end(struct ilnp_dev *idev, unsigned long now)
{
	struct ilnp_ra_dev *ra = &idev->ra;
	struct ilnp_locator *l;
	bool lost = false;
	int i;

	ra->checking = false;
	spin_lock_bh(&ra->lock);
	for (i = 0; i < ILNP_RA_ROUTERS; i++)
		if (ra->heard[i].router &&
		    time_before(ra->heard[i].when, ra->check_at))
			memset(&ra->heard[i], 0, sizeof(ra->heard[i]));
	spin_unlock_bh(&ra->lock);
	list_for_each_entry(l, &idev->locators, list) {
		if (!l->learnt || l->stale || l->deprecated ||
		    !time_before(l->heard_at, ra->check_at))
			continue;
		/* The paths learnt through the old link, as on its loss. */
		if (!lost)
			ilnp_fib_flush(&idev->in->fib, idev, 0, false);
		lost = true;
		ra->lost_at = now;
		ilnp_stat_inc_bh(idev, ILNP_STAT_RA_UNHEARD);
		ilnp_locator_set_stale(idev, l, true);
	}
}

/* Did the link change with no link event?  Signs (@heard, copied from
 * the slots): an advertisement that leaves out a locator its router
 * gave us, a new router while we hold another's locators, a router
 * overdue.  Then solicit: every router on the link answers, and what
 * none lists by RA_CHECK_WAIT is gone.  A check at a time: forged
 * signs cost a few solicitations a second, and a forged advertisement
 * cannot take a locator its true router still lists.  RTNL.
 */
static void ra_check(struct ilnp_dev *idev, const struct ilnp_ra_heard *heard,
		     unsigned long now, struct ra_next *nx)
{
	struct ilnp_ra_dev *ra = &idev->ra;
	unsigned long late;
	bool sign = false;
	int i;

	if (ra->checking) {
		if (time_before(now, ra->check_at + RA_CHECK_WAIT))
			ra_due(nx, ra->check_at + RA_CHECK_WAIT);
		else
			ra_check_end(idev, now);
		return;
	}
	/* A link down says it all (ilnp_ra_lower_changed()). */
	if (!idev->lower_up || !ilnp_dev_usable(idev))
		return;
	for (i = 0; i < ILNP_RA_ROUTERS; i++) {
		const struct ilnp_ra_heard *h = &heard[i];

		if (!h->router)
			continue;
		late = h->when + max_t(u32, h->msg.interval, 1) * HZ + RA_LATE;
		if (!time_before(now, late))
			sign = true;
		else
			ra_due(nx, late);
		if (h->fresh && ra_leaves_out(idev, h))
			sign = true;
		if (h->news && ra_learnt_from_other(idev, h->router))
			sign = true;
	}
	if (!sign)
		return;
	ilnp_stat_inc_bh(idev, ILNP_STAT_RA_CHECKS);
	ra->checking = true;
	ra->check_at = now;
	ra->rs_left = RS_BURST;
	ra->next_rs = now;
	ra_due(nx, now + RA_CHECK_WAIT);
}

/* A host's duties on @idev: take what was heard, expire, solicit.
 * RTNL.
 */
static void ra_host_tick(struct ilnp_dev *idev, unsigned long now,
			 struct ra_next *nx)
{
	struct ilnp_ra_heard heard[ILNP_RA_ROUTERS];
	struct ilnp_ra_dev *ra = &idev->ra;
	u8 buf[LS_LEN];
	int i, j;

	if (!ra->auto_on)
		return;
	spin_lock_bh(&ra->lock);
	memcpy(heard, ra->heard, sizeof(heard));
	for (i = 0; i < ILNP_RA_ROUTERS; i++) {
		ra->heard[i].fresh = false;
		ra->heard[i].news = false;
	}
	spin_unlock_bh(&ra->lock);
	for (i = 0; i < ILNP_RA_ROUTERS; i++)
		for (j = 0; heard[i].router && j < heard[i].msg.nloc; j++)
			ra_apply_one(idev, &heard[i], &heard[i].msg.locs[j]);
	ra_check(idev, heard, now, nx);
	ra_expire(idev, now, nx);
	ra_set_prefs(idev);
	if (ra->rs_left && ilnp_dev_usable(idev)) {
		if (!time_before(now, ra->next_rs)) {
			ilnp_ls_encode(get_random_u64(), buf, sizeof(buf));
			if (idev->in->nid)
				ra_xmit(idev, 0, buf, LS_LEN,
					ILNP_STAT_RS_SENT);
			ra->rs_left--;
			ra->next_rs = now + RS_GAP;
		}
		if (ra->rs_left)
			ra_due(nx, ra->next_rs);
	}
}

static void ra_work(struct work_struct *work)
{
	struct ilnp_ra *r = container_of(to_delayed_work(work),
					 struct ilnp_ra, work);
	struct ilnp_net *in = container_of(r, struct ilnp_net, ra);
	struct ra_next nx = {};
	struct ilnp_dev *idev;
	unsigned long now;

	rtnl_lock();
	now = jiffies;
	list_for_each_entry(idev, &in->devs, node) {
		if (idev->dev->reg_state != NETREG_REGISTERED)
			continue;
		ra_router_tick(idev, now, &nx);
		ra_host_tick(idev, now, &nx);
	}
	rtnl_unlock();
	if (nx.armed && !READ_ONCE(r->stopping))
		queue_delayed_work(system_wq, &r->work,
				   time_after(nx.at, now) ? nx.at - now : 0);
}

void ilnp_ra_init(struct ilnp_net *in)
{
	in->ra.interval = ILNP_RA_INTERVAL_S * HZ;
	INIT_DELAYED_WORK(&in->ra.work, ra_work);
}

/* The netns's devices are gone: nothing kicks the work any more. */
void ilnp_ra_exit(struct ilnp_net *in)
{
	WRITE_ONCE(in->ra.stopping, true);
	cancel_delayed_work_sync(&in->ra.work);
}

/* The routers' next unsolicited advertisements follow the new interval
 * at once.  RTNL.
 */
void ilnp_ra_set_interval(struct ilnp_net *in, u32 seconds)
{
	struct ilnp_dev *idev;

	ASSERT_RTNL();
	WRITE_ONCE(in->ra.interval, (unsigned long)seconds * HZ);
	list_for_each_entry(idev, &in->devs, node)
		idev->ra.next_ra = jiffies;
	if (!READ_ONCE(in->ra.stopping))
		mod_delayed_work(system_wq, &in->ra.work, 0);
}

void ilnp_ra_dev_init(struct ilnp_dev *idev)
{
	spin_lock_init(&idev->ra.lock);
	/* jiffies starts near its wrap: no time before it may be 0. */
	idev->ra.last_ra = jiffies - RA_ANSWER_GAP;
	idev->ra.last_kick = jiffies - RA_KICK_GAP - 1;
	idev->ra.next_ra = jiffies;
	idev->ra.lost_at = jiffies;
}

static void ra_solicit(struct ilnp_dev *idev)
{
	idev->ra.rs_left = RS_BURST;
	idev->ra.next_rs = jiffies;
	ra_kick(idev, 0);
}

/* The advertised set of @idev changed: a new burst.  RTNL. */
void ilnp_ra_changed(struct ilnp_dev *idev)
{
	ASSERT_RTNL();
	idev->ra.burst = RA_BURST - 1;
	idev->ra.next_ra = jiffies;
	ra_kick(idev, 0);
}

/* @loc is no longer served on @idev: say so once.  RTNL. */
void ilnp_ra_withdraw(struct ilnp_dev *idev, u64 loc)
{
	struct ilnp_ra_dev *ra = &idev->ra;
	int i;

	ASSERT_RTNL();
	for (i = 0; i < ILNP_RA_LOC_MAX && ra->withdrawn[i]; i++)
		;
	if (i == ILNP_RA_LOC_MAX)
		return;		/* its lifetime runs out instead */
	ra->withdrawn[i] = loc;
	ra->next_ra = jiffies;
	ra_kick(idev, 0);
}

/* ndo_open: a router starts over, a host asks.  RTNL. */
void ilnp_ra_dev_up(struct ilnp_dev *idev)
{
	ASSERT_RTNL();
	if (ra_serves(idev))
		ilnp_ra_changed(idev);
	if (idev->ra.auto_on)
		ra_solicit(idev);
}

/* Automatic mode on (solicit) or off (the learnt locators go).  RTNL. */
int ilnp_ra_set_auto(struct ilnp_dev *idev, bool on)
{
	struct ilnp_locator *l, *tmp;

	ASSERT_RTNL();
	if (idev->ra.auto_on == on)
		return 0;
	WRITE_ONCE(idev->ra.auto_on, on);
	if (on) {
		if (netif_running(idev->dev))
			ra_solicit(idev);
		return 0;
	}
	idev->ra.checking = false;
	spin_lock_bh(&idev->ra.lock);
	memset(idev->ra.heard, 0, sizeof(idev->ra.heard));
	spin_unlock_bh(&idev->ra.lock);
	list_for_each_entry_safe(l, tmp, &idev->locators, list)
		if (l->learnt)
			ilnp_locator_del(idev, l->loc, NULL);
	return 0;
}

/* The underlay's link went down (its learnt locators are stale: kept
 * RA_GRACE for the same network to come back) or up (solicit).  RTNL.
 */
void ilnp_ra_lower_changed(struct ilnp_dev *idev, bool up)
{
	struct ilnp_locator *l;

	ASSERT_RTNL();
	if (!idev->ra.auto_on)
		return;
	if (up) {
		if (netif_running(idev->dev))
			ra_solicit(idev);
		return;
	}
	idev->ra.lost_at = jiffies;
	idev->ra.checking = false;
	/* What was heard is the old link's: the new one must speak. */
	spin_lock_bh(&idev->ra.lock);
	memset(idev->ra.heard, 0, sizeof(idev->ra.heard));
	spin_unlock_bh(&idev->ra.lock);
	list_for_each_entry(l, &idev->locators, list)
		if (l->learnt && !l->stale)
			ilnp_locator_set_stale(idev, l, true);
	ra_kick(idev, 0);
}

/* Keep @m from @router in its slot: the router's own, a free one, or
 * the one heard from longest ago; the work applies it.  Softirq.
 */
static void ra_store(struct ilnp_ra_dev *ra, u64 router,
		     const struct ilnp_la_msg *m, unsigned long now)
{
	struct ilnp_ra_heard *h, *slot = &ra->heard[0];
	bool known = false;

	for (h = ra->heard; h < ra->heard + ILNP_RA_ROUTERS; h++) {
		if (h->router == router) {
			slot = h;
			known = true;
			break;
		}
		if (slot->router && (!h->router ||
				     time_before(h->when, slot->when)))
			slot = h;
	}
	if (!known)
		slot->news = true;
	slot->router = router;
	slot->msg = *m;
	slot->when = now;
	slot->fresh = true;
}

static void ra_rcv_advert(struct ilnp_dev *idev, const struct ilnp_hdr *hdr,
			  unsigned int len)
{
	struct ilnp_ra_dev *ra = &idev->ra;
	unsigned long now = jiffies;
	struct ilnp_la_msg m;
	bool kick = false;

	if (ilnp_la_decode(hdr + 1, len, &m)) {
		ilnp_stat_inc(idev, ILNP_STAT_DROP_MALFORMED);
		return;
	}
	ilnp_stat_inc(idev, ILNP_STAT_RA_RECEIVED);
	if (!READ_ONCE(ra->auto_on))
		return;
	spin_lock(&ra->lock);
	ra_store(ra, be64_to_cpu(hdr->src.nid), &m, now);
	/* A flood cannot drive RTNL: the work runs for advertisements at
	 * most once per RA_KICK_GAP, and takes the last of each router's.
	 */
	if (time_after(now, ra->last_kick + RA_KICK_GAP)) {
		kick = true;
		ra->last_kick = now;
	}
	spin_unlock(&ra->lock);
	ra_kick(idev, kick ? 0 : RA_KICK_GAP);
}

static void ra_rcv_solicit(struct ilnp_dev *idev, const struct ilnp_hdr *hdr,
			   unsigned int len)
{
	struct ilnp_ra_dev *ra = &idev->ra;
	unsigned long now = jiffies, at = 0;
	struct ilnp_locator *l;
	bool serves = false;
	u64 solicit_id;

	if (ilnp_ls_decode(hdr + 1, len, &solicit_id)) {
		ilnp_stat_inc(idev, ILNP_STAT_DROP_MALFORMED);
		return;
	}
	ilnp_stat_inc(idev, ILNP_STAT_RS_RECEIVED);
	list_for_each_entry_rcu(l, &idev->locators, list)
		serves |= READ_ONCE(l->advertise) && !READ_ONCE(l->deprecated);
	if (!serves)
		return;
	spin_lock(&ra->lock);
	/* Those that come while one answer waits share it. */
	ra->solicit_id = solicit_id;
	if (!ra->answer) {
		at = now + msecs_to_jiffies(get_random_u32_below(RA_ANSWER_DELAY_MS + 1));
		if (time_before(at, READ_ONCE(ra->last_ra) + RA_ANSWER_GAP))
			at = READ_ONCE(ra->last_ra) + RA_ANSWER_GAP;
		ra->answer = true;
		ra->answer_at = at;
	}
	spin_unlock(&ra->lock);
	if (at)
		ra_kick(idev, at - now);
}

/* A packet to the link's all-nodes group (arrival ILNP_ALL_NODES_LOC):
 * only locator solicitations and advertisements are taken, never
 * learnt from nor forwarded.  Consumes @skb.  Softirq, RCU.
 */
void ilnp_ra_rcv(struct ilnp_dev *idev, struct sk_buff *skb)
{
	const struct ilnp_hdr *hdr = (const struct ilnp_hdr *)skb->data;
	unsigned int len = skb->len - ILNP_HDR_LEN;
	u8 type;

	if (hdr->nexthdr != IPPROTO_ICMPV6 ||
	    be64_to_cpu(hdr->dst.loc) != ILNP_ALL_NODES_LOC || hdr->dst.nid) {
		ilnp_stat_inc(idev, ILNP_STAT_DROP_GROUP);
		goto drop;
	}
	if (skb_linearize(skb) || len < LS_LEN)
		goto malformed;
	hdr = (const struct ilnp_hdr *)skb->data;
	if (ilnp_icmp_checksum(hdr, len, skb_checksum(skb, ILNP_HDR_LEN, len, 0))) {
		ilnp_stat_inc(idev, ILNP_STAT_DROP_CHECKSUM);
		goto drop;
	}
	/* Sent with 255: one that was forwarded comes from off the link. */
	if (hdr->hop_limit != ILNP_RA_HOP_LIMIT)
		goto malformed;
	type = *(const u8 *)(hdr + 1);
	if (type == ILNP_ICMP_LOC_ADVERT)
		ra_rcv_advert(idev, hdr, len);
	else if (type == ILNP_ICMP_LOC_SOLICIT)
		ra_rcv_solicit(idev, hdr, len);
	else
		goto malformed;
	consume_skb(skb);
	return;

malformed:
	ilnp_stat_inc(idev, ILNP_STAT_DROP_MALFORMED);
drop:
	kfree_skb(skb);
}
