/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Locator advertisements (ra.c): routers advertise the locators they
 * serve on a link; devices in automatic mode take them as their own.
 */
#ifndef _ILNP_RA_H
#define _ILNP_RA_H

#include <linux/types.h>
#include <linux/workqueue.h>

#include "wire.h"

struct ilnp_dev;
struct ilnp_net;
struct sk_buff;

#define ILNP_RA_INTERVAL_S	10	/* default, s */
#define ILNP_RA_LEARNT_MAX	4	/* learnt locators per device */

/* Per node: one work does every device's duties, under RTNL. */
struct ilnp_ra {
	struct delayed_work work;
	unsigned long interval;		/* jiffies */
	bool stopping;
};

void ilnp_ra_init(struct ilnp_net *in);
void ilnp_ra_exit(struct ilnp_net *in);
void ilnp_ra_set_interval(struct ilnp_net *in, u32 seconds);
void ilnp_ra_dev_init(struct ilnp_dev *idev);
void ilnp_ra_dev_up(struct ilnp_dev *idev);
int ilnp_ra_set_auto(struct ilnp_dev *idev, bool on);
void ilnp_ra_changed(struct ilnp_dev *idev);
void ilnp_ra_withdraw(struct ilnp_dev *idev, u64 loc);
void ilnp_ra_lower_changed(struct ilnp_dev *idev, bool up);
void ilnp_ra_rcv(struct ilnp_dev *idev, struct sk_buff *skb);

/* Pure, for the KUnit suite. */
size_t ilnp_la_len(const struct ilnp_la_msg *m);
int ilnp_la_encode(const struct ilnp_la_msg *m, void *buf, size_t size);
int ilnp_la_decode(const void *buf, size_t len, struct ilnp_la_msg *m);
int ilnp_ls_encode(u64 solicit_id, void *buf, size_t size);
int ilnp_ls_decode(const void *buf, size_t len, u64 *solicit_id);
unsigned long ilnp_ra_lifetime_cut(unsigned long expires, unsigned long when,
				   u32 lifetime_s, u32 interval_s);

#endif /* _ILNP_RA_H */
