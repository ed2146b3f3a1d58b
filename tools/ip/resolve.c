// SPDX-License-Identifier: GPL-2.0
/*
 * ilnp-ip resolve: a hostname learnt by discovery into its I-LV, the
 * neighbour's preferred locator and its NID.  Only the I-LV goes to
 * standard output, so scripts can take it as it is.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <linux/genetlink.h>

#include <ilnp/ilv.h>

#include "ilnp-ip.h"

struct resolve_reply {
	char hostname[ILNP_HOSTNAME_MAX + 1];
	__u64 nid, loc;
	int have_nid, have_loc;
};

static void resolve_usage(FILE *f)
{
	fprintf(f, "Usage: ilnp-ip resolve HOSTNAME\n");
}

static int resolve_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct genlmsghdr *genl = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *tb[ILNP_A_NEIGH_MAX + 1];
	struct resolve_reply *r = data;

	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(*genl) ||
	    genl->cmd != ILNP_CMD_RESOLVE)
		return MNL_CB_OK;
	nl_parse(nlh, ILNP_A_NEIGH, tb);
	if (tb[ILNP_A_NEIGH_NID]) {
		r->nid = mnl_attr_get_u64(tb[ILNP_A_NEIGH_NID]);
		r->have_nid = 1;
	}
	if (tb[ILNP_A_NEIGH_LOC]) {
		r->loc = mnl_attr_get_u64(tb[ILNP_A_NEIGH_LOC]);
		r->have_loc = 1;
	}
	if (tb[ILNP_A_NEIGH_HOSTNAME] &&
	    *mnl_attr_get_str(tb[ILNP_A_NEIGH_HOSTNAME]))
		snprintf(r->hostname, sizeof(r->hostname), "%s",
			 mnl_attr_get_str(tb[ILNP_A_NEIGH_HOSTNAME]));
	return MNL_CB_OK;
}

static int resolve_run(int argc, char **argv)
{
	struct resolve_reply r = { 0 };
	char ilv[ILNP_ILV_STRLEN], id[ILNP_ID_STRLEN];
	struct nlmsghdr *nlh;
	struct nlattr *nest;
	const char *name;
	struct nl *nl;
	int err;

	if (!argc)
		ip_cmdline_error(resolve_usage, "resolve needs a HOSTNAME");
	if (!strcmp(argv[0], "help")) {
		resolve_usage(stdout);
		return 0;
	}
	if (argc > 1)
		ip_cmdline_error(resolve_usage, "unknown argument \"%s\"",
				 argv[1]);
	name = argv[0];
	if (!*name || strlen(name) > ILNP_HOSTNAME_MAX)
		ip_cmdline_error(NULL, "invalid hostname \"%s\"", name);

	/* What a valid hostname is, the kernel says. */
	nl = ip_open();
	nlh = nl_genl_req(nl, ILNP_CMD_RESOLVE, NLM_F_REQUEST | NLM_F_ACK);
	nest = mnl_attr_nest_start(nlh, ILNP_A_NEIGH);
	mnl_attr_put_strz(nlh, ILNP_A_NEIGH_HOSTNAME, name);
	mnl_attr_nest_end(nlh, nest);
	err = nl_talk(nl, resolve_cb, &r);
	if (err == -ENOENT) {
		fprintf(stderr, "ilnp-ip: %s: unknown host", name);
		if (nl->errmsg[0])
			fprintf(stderr, " (%s)", nl->errmsg);
		fputc('\n', stderr);
		nl_close(nl);
		return EXIT_KERNEL;
	}
	if (err)
		return ip_kernel_error(nl, err);
	nl_close(nl);
	if (!r.have_nid || !r.have_loc) {
		fprintf(stderr, "Error: the kernel's answer has no %s\n",
			r.have_nid ? "locator" : "NID");
		return EXIT_KERNEL;
	}

	ilnp_ilv_format(ilv, sizeof(ilv), r.loc, r.nid);
	if (!ip_json) {
		printf("%s\n", ilv);
		return 0;
	}
	json_open_object(&ip_jw);
	json_kv_string(&ip_jw, "hostname", *r.hostname ? r.hostname : name);
	ilnp_id_format(id, sizeof(id), r.nid);
	json_kv_string(&ip_jw, "nid", id);
	ilnp_id_format(id, sizeof(id), r.loc);
	json_kv_string(&ip_jw, "locator", id);
	json_kv_string(&ip_jw, "ilv", ilv);
	json_close_object(&ip_jw);
	return 0;
}

/* No commands: every word after "resolve" is a hostname. */
const struct ip_object resolve_object = {
	.name = "resolve",
	.usage = resolve_usage,
	.run = resolve_run,
};
