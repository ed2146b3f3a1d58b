// SPDX-License-Identifier: GPL-2.0
/*
 * The node's own locators: each a joined multicast group on one overlay
 * device.  Added, deleted and moved (soft handoff) here, under RTNL; read
 * by packet paths under RCU.  ilnp_node_locators() is the one walk that
 * says which of them the node gives out (discovery, locator updates).
 *
 * A soft handoff (ilnp_locator_move) joins the new locator, deprecates
 * the old one (still joined and received on, no longer advertised or
 * sent out), has the updates sent, and leaves the old locator when the
 * handoff time is over.
 */
#include <linux/rtnetlink.h>
#include <linux/slab.h>

#include "ilnp.h"

/* RCU or RTNL. */
struct ilnp_locator *ilnp_dev_locator(const struct ilnp_dev *idev, u64 loc)
{
	struct ilnp_locator *l;

	list_for_each_entry_rcu(l, &idev->locators, list, lockdep_rtnl_is_held())
		if (l->loc == loc)
			return l;
	return NULL;
}

bool ilnp_dev_has_locator(const struct ilnp_dev *idev, u64 loc)
{
	return ilnp_dev_locator(idev, loc);
}

/* After the readers: the module's exit waits for these (rcu_barrier). */
static void locator_free_rcu(struct rcu_head *head)
{
	struct ilnp_locator *l = container_of(head, struct ilnp_locator, rcu);

	dst_cache_destroy(&l->dst_cache);
	kfree(l);
}

static void locator_free(struct ilnp_locator *l)
{
	call_rcu(&l->rcu, locator_free_rcu);
}

/* @loc was one of @idev's locators until a moment ago: a packet given it
 * by the route just before it went (the end of a soft handoff) may still
 * be on its way to the device's transmit, and leaves on its group, which
 * the peers there still hear.  Lockless: a torn read only refuses.
 */
bool ilnp_dev_had_locator(const struct ilnp_dev *idev, u64 loc)
{
	unsigned long now = jiffies;
	int i;

	for (i = 0; i < ILNP_LOCATORS_GONE; i++)
		if (READ_ONCE(idev->gone[i].loc) == loc &&
		    time_before(now, READ_ONCE(idev->gone[i].when) + HZ))
			return true;
	return false;
}

/* @loc is being added to @idev: ilnp_locator_add() puts its own route in
 * first, so a packet routed by it (the start of a soft handoff) may come
 * to the device's transmit before the locator is on the device's list.
 * RCU.
 */
bool ilnp_dev_adding_locator(struct ilnp_dev *idev, u64 loc)
{
	struct ilnp_route *rt = ilnp_fib_lookup(&idev->in->fib, loc);

	return rt && (rt->flags & ILNP_ROUTE_F_OWN) && rt->idev == idev;
}

/* Remember @loc as just removed from @idev.  RTNL. */
static void locator_gone(struct ilnp_dev *idev, u64 loc)
{
	unsigned int i = idev->gone_next++ % ILNP_LOCATORS_GONE;

	ASSERT_RTNL();
	WRITE_ONCE(idev->gone[i].loc, loc);
	WRITE_ONCE(idev->gone[i].when, jiffies);
}

/* RTNL. */
static struct ilnp_locator *locator_find(struct ilnp_dev *idev, u64 loc)
{
	struct ilnp_locator *l;

	list_for_each_entry(l, &idev->locators, list)
		if (l->loc == loc)
			return l;
	return NULL;
}

static bool node_has_locator(struct ilnp_net *in, u64 loc)
{
	struct ilnp_dev *idev;

	list_for_each_entry(idev, &in->devs, node)
		if (locator_find(idev, loc))
			return true;
	return false;
}

/* @prefix may become the identity prefix: no locator of ours is it.
 * 0 or -EEXIST.  RTNL.
 */
int ilnp_identity_prefix_free(struct ilnp_net *in, u64 prefix)
{
	ASSERT_RTNL();
	return node_has_locator(in, prefix) ? -EEXIST : 0;
}

/* The locators the node gives out, in device then insertion order, at
 * most @max: not deprecated (leaving in a soft handoff), on a device that
 * is up and whose underlay link is (correspondents move to the others:
 * a soft vertical handoff).  Each gets @lifetime_s.  Returns how many.
 * RTNL.
 */
unsigned int ilnp_node_locators(struct ilnp_net *in, struct ilnp_disc_loc *locs,
				unsigned int max, u32 lifetime_s)
{
	struct ilnp_locator *l;
	struct ilnp_dev *idev;
	unsigned int n = 0;

	ASSERT_RTNL();
	list_for_each_entry(idev, &in->devs, node) {
		if (!netif_running(idev->dev) || !idev->lower_up)
			continue;
		list_for_each_entry(l, &idev->locators, list) {
			/* Its link went down: not ours until heard again. */
			if (l->deprecated || l->stale)
				continue;
			if (n == max)
				return n;
			locs[n].loc = l->loc;
			locs[n].pref = l->pref;
			locs[n].lifetime = lifetime_s;
			n++;
		}
	}
	return n;
}

/* Tell whoever depends on the node's locator set that it changed. */
/* One of our locators appeared, went or was deprecated. */
static void locator_event(struct ilnp_dev *idev, u32 type, u64 loc,
			  const struct ilnp_locator *l)
{
	struct ilnp_event ev = {
		.type = type,
		.ifindex = idev->dev->ifindex,
		.loc = loc,
	};

	if (l) {
		ev.has = ILNP_EVF_PREF;
		ev.pref = l->pref;
		if (l->learnt)
			ev.router = l->router;
	}
	ilnp_event_send(idev->in->net, ILNP_NLGRP_LOCATOR, &ev);
}

/* A move from @old on @from to @new (on @to, NULL: not said). */
static void move_event(struct ilnp_dev *from, u32 type, u64 old,
		       struct ilnp_dev *to, u64 new, unsigned int handoff_ms)
{
	struct ilnp_event ev = {
		.type = type,
		.ifindex = from->dev->ifindex,
		.new_ifindex = to ? to->dev->ifindex : 0,
		.loc = old,
		.new_loc = new,
	};

	if (type == ILNP_EV_MOVE_START) {
		ev.has = ILNP_EVF_HANDOFF;
		ev.handoff_ms = handoff_ms;
	}
	ilnp_event_send(from->in->net, ILNP_NLGRP_LOCATOR, &ev);
}

static void locators_changed(struct ilnp_net *in)
{
	in->gen++;
	ilnp_disc_locators_changed(in);
	ilnp_lu_locators_changed(in);
}

/* A new preference for @l (the same locator, new flows' choice). */
void ilnp_locator_set_pref(struct ilnp_dev *idev, struct ilnp_locator *l,
			   u16 pref)
{
	ASSERT_RTNL();
	if (l->pref == pref)
		return;
	WRITE_ONCE(l->pref, pref);
	locators_changed(idev->in);
	locator_event(idev, ILNP_EV_LOCATOR_ADD, l->loc, l);
}

/* A learnt locator's link went down (@stale), or it was heard again:
 * out of, or back in, the set the node gives out.
 */
void ilnp_locator_set_stale(struct ilnp_dev *idev, struct ilnp_locator *l,
			    bool stale)
{
	ASSERT_RTNL();
	if (l->stale == stale)
		return;
	ilnp_lu_paths_changing(idev->in);
	WRITE_ONCE(l->stale, stale);
	locators_changed(idev->in);
}

static void locator_set_origin(struct ilnp_locator *l,
			       const struct ilnp_loc_origin *origin)
{
	l->learnt = origin && origin->router;
	WRITE_ONCE(l->advertise,
		   origin && !origin->router && origin->advertise);
	l->stale = false;
	if (l->learnt) {
		l->router = origin->router;
		l->router_pref = origin->router_pref;
		l->expires = origin->expires;
		l->learnt_at = jiffies;
		l->heard_at = l->learnt_at;
	}
}

/* The administrator adds @loc, learnt on @idev or another device: it
 * becomes theirs (manual wins), if it is on @idev.
 */
static int locator_take_over(struct ilnp_dev *idev, u64 loc, u16 pref,
			     const struct ilnp_loc_origin *origin,
			     struct netlink_ext_ack *extack)
{
	struct ilnp_locator *l = locator_find(idev, loc), *o;
	struct ilnp_dev *other;

	if (!l) {
		list_for_each_entry(other, &idev->in->devs, node) {
			o = locator_find(other, loc);
			if (o && o->learnt) {
				NL_SET_ERR_MSG(extack, "Locator learnt on another device");
				return -EEXIST;
			}
		}
		NL_SET_ERR_MSG(extack, "Locator already present on this node");
		return -EEXIST;
	}
	if (!l->learnt || (origin && origin->router)) {
		NL_SET_ERR_MSG(extack, "Locator already present on this node");
		return -EEXIST;
	}
	locator_set_origin(l, origin);
	if (l->advertise)
		ilnp_ra_changed(idev);
	if (l->pref != pref)
		ilnp_locator_set_pref(idev, l, pref);
	else
		locators_changed(idev->in);
	return 0;
}

int ilnp_locator_add(struct ilnp_dev *idev, u64 loc, u16 pref,
		     const struct ilnp_loc_origin *origin,
		     struct netlink_ext_ack *extack)
{
	struct ilnp_net *in = idev->in;
	struct ilnp_locator *l;
	int err;

	ASSERT_RTNL();
	if (!loc || loc == ILNP_ALL_NODES_LOC) {
		NL_SET_ERR_MSG(extack, "Locator 0 and the all-nodes locator are reserved");
		return -EINVAL;
	}
	if (node_has_locator(in, loc))
		return locator_take_over(idev, loc, pref, origin, extack);
	/* The stack's packets are told from ours by that (identity.c). */
	if (loc == in->identity_prefix) {
		NL_SET_ERR_MSG(extack, "Locator is the node's identity prefix");
		return -EINVAL;
	}
	if (idev->nlocators >= ILNP_LOCATORS_MAX) {
		NL_SET_ERR_MSG(extack, "Too many locators on this device");
		return -ENOSPC;
	}
	l = kzalloc(sizeof(*l), GFP_KERNEL);
	if (!l)
		return -ENOMEM;
	err = dst_cache_init(&l->dst_cache, GFP_KERNEL);
	if (err)
		goto err_free;
	l->loc = loc;
	l->pref = pref;
	locator_set_origin(l, origin);

	ilnp_lu_paths_changing(in);
	err = ilnp_fib_add_own(&in->fib, loc, idev);
	if (err)
		goto err_destroy;
	list_add_tail_rcu(&l->list, &idev->locators);
	err = ilnp_underlay_join(idev, loc);
	if (err) {
		NL_SET_ERR_MSG(extack, "Cannot join the locator's multicast group");
		goto err_unlink;
	}
	idev->nlocators++;
	WRITE_ONCE(in->nlocators, in->nlocators + 1);
	locators_changed(in);
	locator_event(idev, ILNP_EV_LOCATOR_ADD, loc, l);
	if (l->advertise)
		ilnp_ra_changed(idev);
	return 0;

err_unlink:
	list_del_rcu(&l->list);
	ilnp_fib_del_own(&in->fib, loc);
	locator_free(l);
	return err;
err_destroy:
	dst_cache_destroy(&l->dst_cache);
err_free:
	kfree(l);
	return err;
}

int ilnp_locator_del(struct ilnp_dev *idev, u64 loc,
		     struct netlink_ext_ack *extack)
{
	struct ilnp_net *in = idev->in;
	struct ilnp_locator *l;

	ASSERT_RTNL();
	l = locator_find(idev, loc);
	if (!l) {
		NL_SET_ERR_MSG(extack, "No such locator on this device");
		return -ENOENT;
	}
	ilnp_lu_paths_changing(in);
	if (l->advertise && !l->deprecated)
		ilnp_ra_withdraw(idev, loc);
	ilnp_underlay_leave(idev, loc);
	locator_gone(idev, loc);
	list_del_rcu(&l->list);
	ilnp_fib_del_own(&in->fib, loc);
	/* Routes learnt through it lead nowhere now. */
	ilnp_fib_flush(&in->fib, idev, loc, false);
	idev->nlocators--;
	WRITE_ONCE(in->nlocators, in->nlocators - 1);
	locator_free(l);
	locators_changed(in);
	locator_event(idev, ILNP_EV_LOCATOR_DEL, loc, NULL);
	return 0;
}

/* The device is being unregistered (RTNL): its locators go with it,
 * without telling anyone; the device's removal already did.
 */
void ilnp_locators_free(struct ilnp_dev *idev)
{
	struct ilnp_locator *l, *tmp;

	ASSERT_RTNL();
	list_for_each_entry_safe(l, tmp, &idev->locators, list) {
		list_del_rcu(&l->list);
		locator_event(idev, ILNP_EV_LOCATOR_DEL, l->loc, NULL);
		locator_free(l);
	}
	idev->in->nlocators -= idev->nlocators;
	idev->nlocators = 0;
}

/* A soft handoff in progress: @loc on the device @ifindex is left when
 * @work runs.
 */
struct ilnp_move {
	struct list_head list;		/* ilnp_net.moves, RTNL */
	struct delayed_work work;
	struct ilnp_net *in;
	int ifindex;
	u64 loc;
	u64 new;			/* for its event */
};

static void move_finish(struct work_struct *work)
{
	struct ilnp_move *mv = container_of(to_delayed_work(work),
					    struct ilnp_move, work);
	struct ilnp_dev *idev;

	rtnl_lock();
	idev = ilnp_dev_get(mv->in->net, mv->ifindex);
	if (idev && !ilnp_locator_del(idev, mv->loc, NULL))
		move_event(idev, ILNP_EV_MOVE_DONE, mv->loc, NULL, mv->new, 0);
	list_del(&mv->list);
	rtnl_unlock();
	kfree(mv);
}

/* Move from @old on @from to @new on @to, keeping @old for @handoff_ms
 * (0: at once).  RTNL.
 */
int ilnp_locator_move(struct ilnp_dev *from, u64 old, struct ilnp_dev *to,
		      u64 new, u16 pref, unsigned int handoff_ms,
		      const struct ilnp_loc_origin *origin,
		      struct netlink_ext_ack *extack)
{
	struct ilnp_net *in = from->in;
	struct ilnp_locator *l;
	struct ilnp_move *mv;
	int err;

	ASSERT_RTNL();
	l = locator_find(from, old);
	if (!l || l->deprecated) {
		NL_SET_ERR_MSG(extack, "No such locator on this device");
		return -ENOENT;
	}
	mv = kzalloc(sizeof(*mv), GFP_KERNEL);
	if (!mv)
		return -ENOMEM;
	err = ilnp_locator_add(to, new, pref, origin, extack);
	if (err)
		goto err_free;
	move_event(from, ILNP_EV_MOVE_START, old, to, new, handoff_ms);
	if (!handoff_ms) {
		kfree(mv);
		err = ilnp_locator_del(from, old, extack);
		if (!err)
			move_event(from, ILNP_EV_MOVE_DONE, old, NULL, new, 0);
		return err;
	}
	ilnp_lu_paths_changing(in);
	if (l->advertise)
		ilnp_ra_withdraw(from, old);
	WRITE_ONCE(l->deprecated, true);
	locators_changed(in);
	locator_event(from, ILNP_EV_LOCATOR_DEPRECATED, old, NULL);
	mv->in = in;
	mv->ifindex = from->dev->ifindex;
	mv->loc = old;
	mv->new = new;
	INIT_DELAYED_WORK(&mv->work, move_finish);
	list_add(&mv->list, &in->moves);
	queue_delayed_work(system_wq, &mv->work, msecs_to_jiffies(handoff_ms));
	return 0;

err_free:
	kfree(mv);
	return err;
}

void ilnp_locator_moves_init(struct ilnp_net *in)
{
	INIT_LIST_HEAD(&in->moves);
}

/* The netns is going: cancel the handoffs still running. */
void ilnp_locator_moves_exit(struct ilnp_net *in)
{
	struct ilnp_move *mv;

	/* A handoff's work takes RTNL: unlink under it, wait without it.
	 * A work already running frees its own move.
	 */
	for (;;) {
		rtnl_lock();
		mv = list_first_entry_or_null(&in->moves, struct ilnp_move,
					      list);
		if (mv)
			list_del_init(&mv->list);
		rtnl_unlock();
		if (!mv)
			break;
		if (cancel_delayed_work_sync(&mv->work))
			kfree(mv);
	}
}
