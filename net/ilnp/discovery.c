// SPDX-License-Identifier: GPL-2.0
/*
 * Discovery, as in the prototype but linear: solicitations (ICMPv6-format
 * type 200) and advertisements (201) carry the origin's NID, a flood
 * sequence number, its locator set and its hostname to the all-nodes
 * locator on each of its locators.  Every node learns from every message
 * it hears (neigh.c; backwards learning in input.c fills the forwarding
 * table on the way) and floods it on over its other locators once: the
 * duplicate cache (dupcache.c) drops any later copy of the same flood.
 *
 * A node solicits every period (with jitter), unless it heard another
 * node's solicitation recently: the answers to that one taught it too.
 * It advertises when solicited (at most once a second, and once per
 * five seconds for each origin) and when its locator set changes.
 * Period 0 turns origination off; the node still learns from and floods
 * others' messages.
 */
#include <linux/random.h>
#include <linux/rtnetlink.h>
#include <linux/skbuff.h>

#include "ilnp.h"

#define DISC_HDR_LEN	sizeof(struct ilnp_disc_hdr)
#define DISC_LOC_LEN	sizeof(struct ilnp_disc_wire_loc)
#define DISC_MAX_LEN	(DISC_HDR_LEN + ILNP_DISC_LOC_MAX * DISC_LOC_LEN + \
			 ILNP_HOSTNAME_MAX)
#define ADVERT_MIN_GAP_JIFFIES	HZ	/* between two advertisements */
#define CHANGE_DELAY_JIFFIES	(HZ / 10) /* lets a burst of changes settle */
#define ANSWER_GAP_JIFFIES	(5 * HZ) /* between two answers to one origin */

size_t ilnp_disc_len(const struct ilnp_disc_msg *m)
{
	return DISC_HDR_LEN + m->nloc * DISC_LOC_LEN + m->hostname_len;
}
EXPORT_SYMBOL_FOR_ILNP_KUNIT(ilnp_disc_len);

/* Write @m into @buf, checksum 0: its length, or -EINVAL. */
int ilnp_disc_encode(const struct ilnp_disc_msg *m, void *buf, size_t size)
{
	struct ilnp_disc_hdr *h = buf;
	struct ilnp_disc_wire_loc *w = (struct ilnp_disc_wire_loc *)(h + 1);
	size_t len = ilnp_disc_len(m);
	int i;

	if ((m->type != ILNP_ICMP_DISC_SOLICIT &&
	     m->type != ILNP_ICMP_DISC_ADVERT) ||
	    !m->nloc || m->nloc > ILNP_DISC_LOC_MAX || !m->nid ||
	    !ilnp_hostname_valid(m->hostname, m->hostname_len) || len > size)
		return -EINVAL;
	memset(h, 0, DISC_HDR_LEN);
	h->type = m->type;
	h->nloc = m->nloc;
	h->hostname_len = m->hostname_len;
	h->nid = cpu_to_be64(m->nid);
	h->seq = htonl(m->seq);
	for (i = 0; i < m->nloc; i++, w++) {
		w->loc = cpu_to_be64(m->locs[i].loc);
		w->pref = htons(m->locs[i].pref);
		w->reserved = 0;
		w->lifetime = htonl(m->locs[i].lifetime);
	}
	memcpy(w, m->hostname, m->hostname_len);
	return len;
}
EXPORT_SYMBOL_FOR_ILNP_KUNIT(ilnp_disc_encode);

/* Read the @len bytes of a message at @buf: 0, or -EINVAL when anything
 * in it is wrong.
 */
int ilnp_disc_decode(const void *buf, size_t len, struct ilnp_disc_msg *m)
{
	const struct ilnp_disc_hdr *h = buf;
	const struct ilnp_disc_wire_loc *w;
	const char *name;
	int i;

	if (len < DISC_HDR_LEN)
		return -EINVAL;
	if ((h->type != ILNP_ICMP_DISC_SOLICIT &&
	     h->type != ILNP_ICMP_DISC_ADVERT) || h->code)
		return -EINVAL;
	if (!h->nloc || h->nloc > ILNP_DISC_LOC_MAX ||
	    h->hostname_len > ILNP_HOSTNAME_MAX ||
	    len != DISC_HDR_LEN + h->nloc * DISC_LOC_LEN + h->hostname_len)
		return -EINVAL;
	w = (const struct ilnp_disc_wire_loc *)(h + 1);
	name = (const char *)(w + h->nloc);
	if (!h->nid || !ilnp_hostname_valid(name, h->hostname_len))
		return -EINVAL;

	m->type = h->type;
	m->nloc = h->nloc;
	m->hostname_len = h->hostname_len;
	m->nid = be64_to_cpu(h->nid);
	m->seq = ntohl(h->seq);
	for (i = 0; i < h->nloc; i++, w++) {
		m->locs[i].loc = be64_to_cpu(w->loc);
		m->locs[i].pref = ntohs(w->pref);
		m->locs[i].lifetime = ntohl(w->lifetime);
	}
	memcpy(m->hostname, name, h->hostname_len);
	m->hostname[h->hostname_len] = '\0';
	return 0;
}
EXPORT_SYMBOL_FOR_ILNP_KUNIT(ilnp_disc_decode);

/* Send a flood on over every locator but the one it came in on, hop
 * limit one less and at most ours (ilnp_fwd_hop_limit()).  Softirq, RCU.
 */
static void disc_flood(struct ilnp_dev *from, u64 arrival, struct sk_buff *skb)
{
	struct ilnp_net *in = from->in;
	struct ilnp_locator *l;
	struct ilnp_dev *idev;
	struct ilnp_hdr *hdr;
	struct sk_buff *copy;

	if (READ_ONCE(in->nlocators) < 2)
		return;
	if (((struct ilnp_hdr *)skb->data)->hop_limit <= 1 ||
	    skb_ensure_writable(skb, ILNP_HDR_LEN))
		return;
	hdr = (struct ilnp_hdr *)skb->data;
	hdr->hop_limit = ilnp_fwd_hop_limit(in, hdr->hop_limit);
	list_for_each_entry_rcu(idev, &in->devs, node) {
		if (!ilnp_dev_path_ok(idev))
			continue;
		list_for_each_entry_rcu(l, &idev->locators, list) {
			if (idev == from && l->loc == arrival)
				continue;
			copy = skb_clone(skb, GFP_ATOMIC);
			if (!copy)
				return;
			ilnp_stat_inc(idev, ILNP_STAT_DISC_FORWARDED);
			ilnp_dev_xmit(idev, l->loc, copy);
		}
	}
}

/* May a solicitation from @nid be answered now?  Each origin at most
 * once per ANSWER_GAP_JIFFIES: otherwise one node soliciting again and
 * again (or a forger in its name) makes every node flood an
 * advertisement each time.  The last ILNP_DISC_ORIGINS origins
 * answered are remembered, the oldest forgotten first; a forger naming
 * ever new origins still meets the one-advertisement-a-second limit of
 * disc_advert_soon().  Softirq.
 */
static bool disc_answer_allowed(struct ilnp_disc *d, u64 nid,
				unsigned long now)
{
	struct ilnp_disc_origin *o, *slot = &d->origins[0];
	bool allowed = true;

	spin_lock_bh(&d->origins_lock);
	for (o = d->origins; o < d->origins + ILNP_DISC_ORIGINS; o++) {
		if (o->nid == nid) {
			slot = o;
			allowed = !time_before(now, o->answered +
						    ANSWER_GAP_JIFFIES);
			break;
		}
		/* Empty slots (NID 0) first, then the oldest answer. */
		if (slot->nid && (!o->nid ||
				  time_before(o->answered, slot->answered)))
			slot = o;
	}
	if (allowed) {
		slot->nid = nid;
		slot->answered = now;
	}
	spin_unlock_bh(&d->origins_lock);
	return allowed;
}

static void disc_advert_soon(struct ilnp_net *in, unsigned long delay)
{
	unsigned long next = READ_ONCE(in->disc.last_advert) + ADVERT_MIN_GAP_JIFFIES;

	if (!READ_ONCE(in->disc.period))
		return;
	if (time_before(jiffies + delay, next))
		delay = next - jiffies;
	queue_delayed_work(system_wq, &in->disc.advert_work, delay);
}

/* A solicitation from @origin arrived on @idev: advertise, unless
 * origination is off or @origin was answered just now.
 */
static void disc_answer(struct ilnp_dev *idev, u64 origin)
{
	struct ilnp_net *in = idev->in;

	if (!READ_ONCE(in->disc.period))
		return;
	if (!disc_answer_allowed(&in->disc, origin, jiffies)) {
		ilnp_stat_inc(idev, ILNP_STAT_DISC_SUPPRESSED);
		return;
	}
	disc_advert_soon(in, 0);
}

/* A discovery message for all nodes arrived (checksum verified).  The
 * caller keeps @skb.  Softirq, RCU.
 */
void ilnp_disc_rcv(struct ilnp_dev *idev, u64 arrival, struct sk_buff *skb)
{
	struct ilnp_net *in = idev->in;
	const struct ilnp_hdr *hdr;
	struct ilnp_disc_msg m;

	if (skb_linearize(skb))
		return;
	hdr = (const struct ilnp_hdr *)skb->data;
	if (ilnp_disc_decode(hdr + 1, skb->len - ILNP_HDR_LEN, &m) ||
	    m.nid != be64_to_cpu(hdr->src.nid) || hdr->dst.nid) {
		ilnp_stat_inc(idev, ILNP_STAT_DROP_MALFORMED);
		return;
	}
	/* Our own flood, back by another path, or another's seen before. */
	if (m.nid == READ_ONCE(in->nid) ||
	    ilnp_dup_check(&in->dups, m.nid, m.seq, jiffies)) {
		ilnp_stat_inc(idev, ILNP_STAT_DISC_DUPLICATE);
		return;
	}
	ilnp_stat_inc(idev, ILNP_STAT_DISC_RECEIVED);
	ilnp_neigh_update(&in->neighs, &m, idev, arrival);
	if (m.type == ILNP_ICMP_DISC_SOLICIT) {
		WRITE_ONCE(in->disc.last_solicit_heard, jiffies);
		WRITE_ONCE(in->disc.solicit_heard, true);
		disc_answer(idev, m.nid);
	}
	disc_flood(idev, arrival, skb);
}

/* Our message of @type as it goes out: NID, next sequence number, the
 * locators the node gives out (ilnp_node_locators(), up to
 * ILNP_DISC_LOC_MAX), hostname.  RTNL.
 */
static bool disc_msg_fill(struct ilnp_net *in, u8 type,
			  struct ilnp_disc_msg *m)
{
	ASSERT_RTNL();
	memset(m, 0, sizeof(*m));
	m->type = type;
	m->nid = in->nid;
	m->nloc = ilnp_node_locators(in, m->locs, ILNP_DISC_LOC_MAX,
				     ilnp_neigh_lifetime_s(&in->neighs));
	m->hostname_len = strscpy(m->hostname, in->hostname,
				  sizeof(m->hostname));
	m->seq = atomic_inc_return(&in->disc.seq);
	return m->nloc;
}

/* One copy of @m on our locator @loc of @idev.  BHs off. */
static void disc_send_one(struct ilnp_net *in, const struct ilnp_disc_msg *m,
			  struct ilnp_dev *idev, u64 loc)
{
	unsigned int len = ilnp_disc_len(m);
	struct ilnp_disc_hdr *dh;
	struct ilnp_hdr *hdr;
	struct sk_buff *skb;

	skb = alloc_skb(ILNP_TX_HEADROOM + ILNP_HDR_LEN + len, GFP_ATOMIC);
	if (!skb)
		return;
	skb_reserve(skb, ILNP_TX_HEADROOM);
	skb_reset_network_header(skb);
	hdr = skb_put(skb, ILNP_HDR_LEN);
	dh = skb_put(skb, len);
	ilnp_disc_encode(m, dh, len);
	ilnp_hdr_build(hdr, IPPROTO_ICMPV6, READ_ONCE(in->hop_limit), len, loc,
		       m->nid, ILNP_ALL_NODES_LOC, 0);
	dh->checksum = ilnp_icmp_checksum(hdr, len, csum_partial(dh, len, 0));
	ilnp_stat_inc(idev, ILNP_STAT_DISC_SENT);
	ilnp_dev_xmit(idev, loc, skb);
}

/* Originate a message of @type on every locator of every up device. */
static void disc_send(struct ilnp_net *in, u8 type)
{
	struct ilnp_disc_msg *m;
	struct ilnp_locator *l;
	struct ilnp_dev *idev;

	m = kmalloc(sizeof(*m), GFP_KERNEL);
	if (!m)
		return;
	rtnl_lock();
	/* All copies leave before any is received: with BHs on between
	 * two, nodes on the same machine could handle the flood around a
	 * loop, hop limit spent, before its direct copy on our next
	 * locator, and drop that one as a duplicate.
	 */
	local_bh_disable();
	if (disc_msg_fill(in, type, m))
		list_for_each_entry(idev, &in->devs, node) {
			if (!netif_running(idev->dev) || !idev->lower_up)
				continue;
			list_for_each_entry(l, &idev->locators, list)
				disc_send_one(in, m, idev, l->loc);
		}
	local_bh_enable();
	rtnl_unlock();
	kfree(m);
}

/* 0.75 to 1.5 times the period, as the prototype's 15 to 30 s. */
static unsigned long disc_jitter(unsigned long period)
{
	return period * 3 / 4 + get_random_u32_below(period * 3 / 4 + 1);
}

static void disc_solicit_work(struct work_struct *work)
{
	struct ilnp_disc *d = container_of(to_delayed_work(work),
					   struct ilnp_disc, solicit_work);
	struct ilnp_net *in = container_of(d, struct ilnp_net, disc);
	unsigned long period = READ_ONCE(d->period);

	if (!period)
		return;
	/* Someone else's solicitation just taught us everything ours would. */
	if (READ_ONCE(d->solicit_heard) &&
	    time_before(jiffies, READ_ONCE(d->last_solicit_heard) +
				 period * 3 / 4))
		goto again;
	disc_send(in, ILNP_ICMP_DISC_SOLICIT);
again:
	queue_delayed_work(system_wq, &d->solicit_work, disc_jitter(period));
}

static void disc_advert_work(struct work_struct *work)
{
	struct ilnp_disc *d = container_of(to_delayed_work(work),
					   struct ilnp_disc, advert_work);
	struct ilnp_net *in = container_of(d, struct ilnp_net, disc);

	if (!READ_ONCE(d->period))
		return;
	WRITE_ONCE(d->last_advert, jiffies);
	disc_send(in, ILNP_ICMP_DISC_ADVERT);
}

/* A solicitation now (ilnp-ip neigh solicit), whatever the period. */
void ilnp_disc_solicit_now(struct ilnp_net *in)
{
	disc_send(in, ILNP_ICMP_DISC_SOLICIT);
}

/* Our locator set changed, or a device came up: tell everyone. */
void ilnp_disc_locators_changed(struct ilnp_net *in)
{
	unsigned long period = READ_ONCE(in->disc.period);

	if (!period)
		return;
	disc_advert_soon(in, CHANGE_DELAY_JIFFIES);
	/* And learn who is there, soon rather than a period from now (a
	 * second: an underlay that just came up may have no address yet).
	 */
	mod_delayed_work(system_wq, &in->disc.solicit_work,
			 HZ + get_random_u32_below(HZ / 2));
}

void ilnp_disc_set_period(struct ilnp_net *in, unsigned int seconds)
{
	WRITE_ONCE(in->disc.period, (unsigned long)seconds * HZ);
	if (!seconds) {
		cancel_delayed_work(&in->disc.solicit_work);
		cancel_delayed_work(&in->disc.advert_work);
		return;
	}
	mod_delayed_work(system_wq, &in->disc.solicit_work,
			 disc_jitter(seconds * HZ));
}

void ilnp_disc_init(struct ilnp_net *in)
{
	struct ilnp_disc *d = &in->disc;

	atomic_set(&d->seq, get_random_u32());
	d->period = ILNP_DISC_PERIOD_S * HZ;
	d->solicit_heard = false;	/* none yet: nothing suppresses ours */
	d->last_advert = jiffies - ADVERT_MIN_GAP_JIFFIES;
	spin_lock_init(&d->origins_lock);
	memset(d->origins, 0, sizeof(d->origins));
	INIT_DELAYED_WORK(&d->solicit_work, disc_solicit_work);
	INIT_DELAYED_WORK(&d->advert_work, disc_advert_work);
	ilnp_neigh_init(&in->neighs);
	ilnp_dup_init(&in->dups, ILNP_DUP_MAX, ILNP_DUP_LIFETIME_S * HZ);
}

/* The netns's devices are gone: nothing re-arms the works now. */
void ilnp_disc_exit(struct ilnp_net *in)
{
	WRITE_ONCE(in->disc.period, 0);
	cancel_delayed_work_sync(&in->disc.solicit_work);
	cancel_delayed_work_sync(&in->disc.advert_work);
	ilnp_neigh_exit(&in->neighs);
	ilnp_dup_exit(&in->dups);
}
