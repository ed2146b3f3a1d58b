// SPDX-License-Identifier: GPL-2.0
/*
 * What the table dumps of ilnp-ip (cache.c, neigh.c) share: the dump is
 * read in full first, then sorted and printed, so the text columns line
 * up; every entry carries a peer's locator set (one ILNP_A_PEER_LOC_* nest
 * per locator), shown
 * the same way in both.  And the node's own locators, which link show
 * (link.c) and locator show (locator.c) both list.
 */
#include <stdlib.h>
#include <string.h>

#include "ilnp-ip.h"

struct dump_list {
	const struct ip_dump *d;
	char *v;
	size_t n, cap;
};

__u32 ip_attr_u32(const struct nlattr *attr)
{
	return attr ? mnl_attr_get_u32(attr) : 0;
}

/* The wider of @width and the text @s. */
int ip_width(int width, const char *s)
{
	size_t len = strlen(s);

	return (size_t)width > len ? width : (int)len;
}

static void peer_locs_add(struct ip_peer_locs *locs,
			  const struct nlattr *entry)
{
	const struct nlattr *tb[ILNP_A_PEER_LOC_MAX + 1];
	struct ip_peer_loc *l;

	nl_parse_nested(entry, NL_SET_PEER_LOC, tb);
	if (!tb[ILNP_A_PEER_LOC_LOC])
		return;
	locs->v = ip_grow(locs->v, &locs->cap, locs->n, sizeof(*locs->v));
	l = &locs->v[locs->n++];
	l->loc = mnl_attr_get_u64(tb[ILNP_A_PEER_LOC_LOC]);
	l->preference = tb[ILNP_A_PEER_LOC_PREFERENCE] ?
		mnl_attr_get_u16(tb[ILNP_A_PEER_LOC_PREFERENCE]) : 0;
	l->lifetime = tb[ILNP_A_PEER_LOC_LIFETIME] ?
		mnl_attr_get_u32(tb[ILNP_A_PEER_LOC_LIFETIME]) : 0;
}

/* Every nest of type @type in the object's @nest: one per locator. */
static void peer_locs_parse(struct ip_peer_locs *locs,
			    const struct nlattr *nest, __u16 type)
{
	const struct nlattr *entry;

	if (!nest || mnl_attr_validate(nest, MNL_TYPE_NESTED))
		return;
	mnl_attr_for_each_nested(entry, nest)
		if (mnl_attr_get_type(entry) == type &&
		    !mnl_attr_validate(entry, MNL_TYPE_NESTED))
			peer_locs_add(locs, entry);
}

/* "locators": [ { "locator", "preference", "lifetime" }, ... ] */
void ip_peer_locs_json(const struct ip_peer_locs *locs)
{
	char id[ILNP_ID_STRLEN];
	size_t i;

	json_key(&ip_jw, "locators");
	json_open_array(&ip_jw);
	for (i = 0; i < locs->n; i++) {
		json_open_object(&ip_jw);
		ilnp_id_format(id, sizeof(id), locs->v[i].loc);
		json_kv_string(&ip_jw, "locator", id);
		json_kv_uint(&ip_jw, "preference", locs->v[i].preference);
		json_kv_uint(&ip_jw, "lifetime", locs->v[i].lifetime);
		json_close_object(&ip_jw);
	}
	json_close_array(&ip_jw);
}

/* The LOCATORS cell of locator @i into @buf (IP_PEER_LOC_STRLEN bytes),
 * or "-" for a peer without any.
 */
void ip_peer_loc_text(const struct ip_peer_locs *locs, size_t i, char *buf)
{
	char loc[ILNP_ID_STRLEN];

	if (!locs->n) {
		snprintf(buf, IP_PEER_LOC_STRLEN, "-");
		return;
	}
	ilnp_id_format(loc, sizeof(loc), locs->v[i].loc);
	snprintf(buf, IP_PEER_LOC_STRLEN, "%s pref %u lifetime %us", loc,
		 locs->v[i].preference, locs->v[i].lifetime);
}

static struct ip_peer_locs *dump_locs(const struct dump_list *list,
				      void *entry)
{
	return (struct ip_peer_locs *)((char *)entry + list->d->locs_offset);
}

static int dump_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[IP_DUMP_MAXATTR + 1];
	struct dump_list *list = data;
	const struct ip_dump *d = list->d;
	size_t size = d->size;
	void *e;

	nl_parse(nlh, d->set, tb);
	if (!tb[d->nid_attr])
		return MNL_CB_OK;
	list->v = ip_grow(list->v, &list->cap, list->n, size);
	e = list->v + list->n++ * size;
	memset(e, 0, size);
	d->parse(e, tb);
	peer_locs_parse(dump_locs(list, e), nl_nest(nlh, d->set),
			d->peer_loc_attr);
	return MNL_CB_OK;
}

static void dump_free(struct dump_list *list)
{
	size_t i;

	for (i = 0; i < list->n; i++)
		free(dump_locs(list, list->v + i * list->d->size)->v);
	free(list->v);
}

int ip_dump_show(const struct ip_dump *d, int argc, char **argv)
{
	struct dump_list list = { .d = d };
	struct ip_kw kw[] = { { } };
	struct nl *nl;
	size_t i;
	int err;

	ip_parse_kw(argc, argv, kw, d->usage);
	nl = ip_open();
	nl_genl_req(nl, d->cmd, NLM_F_REQUEST | NLM_F_DUMP);
	err = nl_talk(nl, dump_cb, &list);
	if (err) {
		dump_free(&list);
		return ip_kernel_error(nl, err);
	}
	nl_close(nl);

	if (list.n)
		qsort(list.v, list.n, d->size, d->cmp);
	if (ip_json) {
		json_open_array(&ip_jw);
		for (i = 0; i < list.n; i++)
			d->print_json(list.v + i * d->size);
		json_close_array(&ip_jw);
	} else if (list.n) {
		d->print_table(list.v, list.n);
	}
	dump_free(&list);
	return 0;
}

static int locator_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[ILNP_A_LOCATOR_MAX + 1];
	struct loc_list *l = data;
	struct loc_info *li;

	nl_parse(nlh, ILNP_A_LOCATOR, tb);
	if (!tb[ILNP_A_LOCATOR_IFINDEX] || !tb[ILNP_A_LOCATOR_LOC])
		return MNL_CB_OK;
	l->v = ip_grow(l->v, &l->cap, l->n, sizeof(*l->v));
	li = &l->v[l->n++];
	li->ifindex = mnl_attr_get_u32(tb[ILNP_A_LOCATOR_IFINDEX]);
	li->loc = mnl_attr_get_u64(tb[ILNP_A_LOCATOR_LOC]);
	li->preference = tb[ILNP_A_LOCATOR_PREFERENCE] ?
			 mnl_attr_get_u16(tb[ILNP_A_LOCATOR_PREFERENCE]) : 0;
	li->advertise = !!tb[ILNP_A_LOCATOR_ADVERTISE];
	li->learnt = !!tb[ILNP_A_LOCATOR_LEARNT];
	li->stale = !!tb[ILNP_A_LOCATOR_STALE];
	li->router = tb[ILNP_A_LOCATOR_ROUTER] ?
		     mnl_attr_get_u64(tb[ILNP_A_LOCATOR_ROUTER]) : 0;
	li->lifetime = ip_attr_u32(tb[ILNP_A_LOCATOR_LIFETIME]);
	return MNL_CB_OK;
}

/* Append every own locator, of every device, to @l. */
int locator_dump(struct nl *nl, struct loc_list *l)
{
	nl_genl_req(nl, ILNP_CMD_LOCATOR_GET, NLM_F_REQUEST | NLM_F_DUMP);
	return nl_talk(nl, locator_cb, l);
}
