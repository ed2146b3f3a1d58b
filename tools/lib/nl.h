/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Netlink plumbing shared by ilnp-ip and ilnp-ping: sockets, the generic
 * netlink family lookup, request/reply loops and kernel error reporting
 * with the extended ack message.
 */
#ifndef _ILNP_TOOLS_NL_H
#define _ILNP_TOOLS_NL_H

#include <linux/types.h>
#include <libmnl/libmnl.h>
#include <linux/ilnp.h>

#define NL_ERRMSG_SIZE	256
#define NL_MCGRPS_MAX	8

struct nl {
	struct mnl_socket *sock;
	unsigned int portid;
	unsigned int seq;
	__u16 family;		/* generic netlink id of ILNP_GENL_NAME */
	__u32 version;		/* the module's family version */
	void *req;		/* the request being built */
	void *rx;		/* receive buffer */
	char errmsg[NL_ERRMSG_SIZE];	/* extack of the last error, or "" */
	struct {
		char name[16];		/* GENL_NAMSIZ */
		__u32 id;
	} mcgrps[NL_MCGRPS_MAX];	/* the family's multicast groups */
	unsigned int n_mcgrps;
};

/* Printed before every error message: "Error: " or "ilnp-ping: ". */
extern const char *nl_errpfx;

int nl_netns_enter(const char *name);

struct nl *nl_open(int bus);
struct nl *nl_open_ilnp(void);
void nl_close(struct nl *nl);

struct nlmsghdr *nl_req(struct nl *nl, __u16 type, __u16 flags);
struct nlmsghdr *nl_genl_req(struct nl *nl, __u8 cmd, __u16 flags);
int nl_talk(struct nl *nl, mnl_cb_t cb, void *data);
void nl_perror(const struct nl *nl, int err);

__u32 nl_mcgrp_id(const struct nl *nl, const char *name);
int nl_fd(const struct nl *nl);
int nl_recv(struct nl *nl, mnl_cb_t cb, void *data);

/* Attribute sets nl_parse_nested() knows: the top-level ILNP_A_* nests
 * and the one nested deeper.
 */
#define NL_SET_PEER_LOC	(ILNP_A_MAX + 1)

const struct nlattr *nl_nest(const struct nlmsghdr *nlh, unsigned int type);
void nl_parse(const struct nlmsghdr *nlh, unsigned int set,
	      const struct nlattr **tb);
void nl_parse_nested(const struct nlattr *nest, unsigned int set,
		     const struct nlattr **tb);

#endif /* _ILNP_TOOLS_NL_H */
