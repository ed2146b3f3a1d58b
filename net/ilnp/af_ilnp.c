// SPDX-License-Identifier: GPL-2.0
/*
 * The AF_ILNP socket family: SOCK_DGRAM sockets speaking STP, addressed
 * by (NID, port), a UDP socket for applications whose peers move.
 * Documentation/sockets.rst is the contract.
 *
 * The core does the hard parts, as in af_qrtr: sock_queue_rcv_skb()
 * charges SO_RCVBUF, skb_recv_datagram() queues and waits,
 * datagram_poll() answers poll, sock_alloc_send_skb() charges SO_SNDBUF.
 * Here: addresses, the per-node port table and the options.
 */
#include <linux/hash.h>
#include <linux/module.h>
#include <linux/net.h>
#include <linux/random.h>
#include <linux/rculist.h>
#include <linux/sockios.h>
#include <linux/termios.h>
#include <net/sock.h>

#include "ilnp.h"

static int af = AF_ILNP;
module_param(af, int, 0444);
MODULE_PARM_DESC(af, "socket address family number (default 18, AF_ILNP)");

/* The family number in use (for the KUnit suite's kernel sockets). */
int ilnp_af_family(void)
{
	return af;
}
EXPORT_SYMBOL_FOR_ILNP_KUNIT(ilnp_af_family);

struct ilnp_sock {
	struct sock sk;			/* first: sk_alloc() */
	struct hlist_node bind_node;	/* ilnp_ports, RCU */
	/* Written under the socket lock, read by softirq lookups. */
	u16 port;			/* host order; 0 while unbound */
	u64 bound_loc;			/* 0: any of ours */
	bool connected;
	u16 peer_port;
	u64 peer_loc;			/* 0: the kernel picks */
	u64 peer_nid;
	bool pktinfo;
	int hop_limit;			/* -1: the node's */
};

static inline struct ilnp_sock *ilnp_sk(const struct sock *sk)
{
	return container_of(sk, struct ilnp_sock, sk);
}

/* Is @sk connected to a peer (whose datagrams it then takes alone)? */
bool ilnp_sock_connected(const struct sock *sk)
{
	return READ_ONCE(ilnp_sk(sk)->connected);
}

static struct proto ilnp_proto = {
	.name = "ILNP",
	.owner = THIS_MODULE,
	.obj_size = sizeof(struct ilnp_sock),
};

/* --- The port table ---------------------------------------------------- */

void ilnp_ports_init(struct ilnp_ports *ports)
{
	int i;

	spin_lock_init(&ports->lock);
	for (i = 0; i < ARRAY_SIZE(ports->buckets); i++)
		INIT_HLIST_HEAD(&ports->buckets[i]);
}

static struct hlist_head *port_bucket(struct ilnp_ports *ports, u16 port)
{
	return &ports->buckets[hash_32(port, ILNP_PORT_BITS)];
}

/* Would (@port, @loc) clash with a bound socket?  Under ports->lock. */
static bool port_in_use(struct ilnp_ports *ports, u16 port, u64 loc)
{
	struct ilnp_sock *isk;

	lockdep_assert_held(&ports->lock);
	hlist_for_each_entry(isk, port_bucket(ports, port), bind_node)
		if (isk->port == port &&
		    (!loc || !isk->bound_loc || isk->bound_loc == loc))
			return true;
	return false;
}

/* Ports checked per hold of ports->lock in an ephemeral search: the
 * lock keeps BH off, and a full range is 28232 ports.
 */
#define ILNP_PORT_SCAN_RUN	64

/* A free ephemeral port for @loc, from a random start, or 0.  Called and
 * returns with ports->lock held, the port still free; drops it between
 * runs of ILNP_PORT_SCAN_RUN ports (a port passed over may be freed
 * meanwhile: missed, as inet misses it).
 */
static u16 port_ephemeral(struct ilnp_ports *ports, u64 loc)
{
	const u32 range = ILNP_PORT_EPHEMERAL_MAX - ILNP_PORT_EPHEMERAL_MIN + 1;
	u32 start = get_random_u32_below(range), i;
	u16 port;

	lockdep_assert_held(&ports->lock);
	for (i = 0; i < range; i++) {
		if (i && !(i % ILNP_PORT_SCAN_RUN)) {
			spin_unlock_bh(&ports->lock);
			cond_resched();
			spin_lock_bh(&ports->lock);
		}
		port = ILNP_PORT_EPHEMERAL_MIN + (start + i) % range;
		if (!port_in_use(ports, port, loc))
			return port;
	}
	return 0;
}

/* Bind @isk to @port (0: ephemeral) and @loc.  Under the socket lock,
 * which keeps a concurrent bind of @isk out while ports->lock is dropped.
 */
static int port_bind(struct ilnp_sock *isk, u16 port, u64 loc)
{
	struct ilnp_ports *ports = &ilnp_pernet(sock_net(&isk->sk))->ports;
	int err = 0;

	spin_lock_bh(&ports->lock);
	if (!port)
		port = port_ephemeral(ports, loc);
	if (!port || port_in_use(ports, port, loc)) {
		err = -EADDRINUSE;
		goto out_unlock;
	}
	WRITE_ONCE(isk->bound_loc, loc);
	WRITE_ONCE(isk->port, port);
	hlist_add_head_rcu(&isk->bind_node, port_bucket(ports, port));
	sock_prot_inuse_add(sock_net(&isk->sk), &ilnp_proto, 1);
out_unlock:
	spin_unlock_bh(&ports->lock);
	return err;
}

static void port_unbind(struct ilnp_sock *isk)
{
	struct ilnp_ports *ports = &ilnp_pernet(sock_net(&isk->sk))->ports;

	if (!isk->port)
		return;
	spin_lock_bh(&ports->lock);
	hlist_del_rcu(&isk->bind_node);
	sock_prot_inuse_add(sock_net(&isk->sk), &ilnp_proto, -1);
	spin_unlock_bh(&ports->lock);
}

/* The socket a datagram to @port, arriving on our locator @dst_loc from
 * (@src_nid, @src_port), belongs to: one bound to that locator before
 * one bound to any.  A connected socket takes only its peer's datagrams,
 * whatever locator they come from.  Caller holds rcu_read_lock().
 */
struct sock *ilnp_sock_lookup(struct ilnp_net *in, u16 port, u64 dst_loc,
			      u64 src_nid, u16 src_port)
{
	struct ilnp_sock *isk, *any = NULL;
	u64 bound;

	hlist_for_each_entry_rcu(isk, port_bucket(&in->ports, port), bind_node) {
		if (READ_ONCE(isk->port) != port)
			continue;
		if (READ_ONCE(isk->connected) &&
		    (READ_ONCE(isk->peer_nid) != src_nid ||
		     READ_ONCE(isk->peer_port) != src_port))
			continue;
		bound = READ_ONCE(isk->bound_loc);
		if (bound == dst_loc)
			return &isk->sk;
		if (!bound)
			any = isk;
	}
	return any ? &any->sk : NULL;
}

/* Under RCU: the fields change under the socket lock meanwhile. */
static void sock_info(struct ilnp_sock *isk, struct ilnp_sock_info *si)
{
	struct sock *sk = &isk->sk;

	*si = (struct ilnp_sock_info) {
		.loc = READ_ONCE(isk->bound_loc),
		.port = READ_ONCE(isk->port),
		.connected = READ_ONCE(isk->connected),
		.recv_q = sk_rmem_alloc_get(sk),
		.send_q = sk_wmem_alloc_get(sk),
		.drops = atomic_read(&sk->sk_drops),
		.uid = ilnp_compat_sock_uid(sk),
		.inode = sock_i_ino(sk),
	};
	if (si->connected) {
		si->peer_loc = READ_ONCE(isk->peer_loc);
		si->peer_nid = READ_ONCE(isk->peer_nid);
		si->peer_port = READ_ONCE(isk->peer_port);
	}
}

/* One bucket of the walk, under RCU; *@idx counts the sockets seen. */
static int sockets_walk_bucket(struct hlist_head *bucket, long *idx,
			       long *cursor, ilnp_sock_info_fn fn, void *arg)
{
	struct ilnp_sock_info si;
	struct ilnp_sock *isk;
	int err = 0;

	rcu_read_lock();
	hlist_for_each_entry_rcu(isk, bucket, bind_node) {
		if ((*idx)++ < *cursor)
			continue;
		sock_info(isk, &si);
		err = fn(arg, &si);
		if (err)
			break;
		*cursor = *idx;
	}
	rcu_read_unlock();
	return err;
}

/* Call @fn for each bound socket from *@cursor on (an index over all
 * of them), a bucket at a time under RCU (sockets are SOCK_RCU_FREE),
 * rescheduling between buckets: no lock that keeps BH off, however many
 * sockets.  @fn must not sleep.  Stops where @fn fails, *@cursor then at
 * that socket, to resume there.  Sockets bound or closed meanwhile may
 * be missed or shown twice, as in any dump.
 */
int ilnp_sockets_walk(struct ilnp_net *in, long *cursor,
		      ilnp_sock_info_fn fn, void *arg)
{
	long idx = 0;
	int i, err = 0;

	might_sleep();
	for (i = 0; i < ARRAY_SIZE(in->ports.buckets) && !err; i++) {
		err = sockets_walk_bucket(&in->ports.buckets[i], &idx, cursor,
					  fn, arg);
		cond_resched();
	}
	return err;
}

/* /proc/net/ilnp/sockets: one line per bound socket, like ss -u. */
static int sock_show(void *arg, const struct ilnp_sock_info *si)
{
	struct seq_file *seq = arg;
	struct ilnp_net *in = ilnp_pernet(seq_file_single_net(seq));
	char local[ILNP_ILV_STRLEN], peer[ILNP_ILV_STRLEN];

	ilnp_ilv_format(local, sizeof(local), si->loc, READ_ONCE(in->nid));
	if (si->connected)
		ilnp_ilv_format(peer, sizeof(peer), si->peer_loc,
				si->peer_nid);
	else
		strscpy(peer, "*", sizeof(peer));
	seq_printf(seq, "%s %u %s %u %d %d %d %u %lu\n", local, si->port,
		   peer, si->peer_port, si->recv_q, si->send_q, si->drops,
		   from_kuid_munged(seq_user_ns(seq), si->uid), si->inode);
	return 0;
}

int ilnp_sockets_show(struct seq_file *seq, void *v)
{
	struct ilnp_net *in = ilnp_pernet(seq_file_single_net(seq));
	long cursor = 0;

	seq_puts(seq, "local port peer peer_port recv_q send_q drops uid inode\n");
	return ilnp_sockets_walk(in, &cursor, sock_show, seq);
}

/* --- Addresses --------------------------------------------------------- */

struct ilnp_addr {
	u64 loc;
	u64 nid;
	u16 port;
};

static int addr_get(const struct sockaddr *uaddr, int len,
		    struct ilnp_addr *a)
{
	const struct sockaddr_ilnp *sa = (const struct sockaddr_ilnp *)uaddr;

	if (len < (int)sizeof(*sa))
		return -EINVAL;
	if (sa->silnp_family != af)
		return -EAFNOSUPPORT;
	if (sa->silnp_flags)
		return -EINVAL;
	a->loc = be64_to_cpu(sa->silnp_addr.loc);
	a->nid = be64_to_cpu(sa->silnp_addr.nid);
	a->port = ntohs(sa->silnp_port);
	return 0;
}

/* A destination: a real node (NID 0 is all nodes) and a real port. */
static int addr_get_peer(const struct sockaddr *uaddr, int len,
			 struct ilnp_addr *a)
{
	int err = addr_get(uaddr, len, a);

	if (err)
		return err;
	if (!a->nid || !a->port)
		return -EINVAL;
	return 0;
}

static void addr_put(struct sockaddr_ilnp *sa, u64 loc, u64 nid, u16 port)
{
	memset(sa, 0, sizeof(*sa));
	sa->silnp_family = af;
	sa->silnp_port = htons(port);
	sa->silnp_addr.loc = cpu_to_be64(loc);
	sa->silnp_addr.nid = cpu_to_be64(nid);
}

/* Is @loc one of this node's locators?  RTNL guards the lists. */
static bool node_has_locator(struct ilnp_net *in, u64 loc)
{
	struct ilnp_dev *idev;
	bool found = false;

	rcu_read_lock();
	list_for_each_entry_rcu(idev, &in->devs, node)
		if (ilnp_dev_has_locator(idev, loc)) {
			found = true;
			break;
		}
	rcu_read_unlock();
	return found;
}

/* --- proto_ops ---------------------------------------------------------- */

static int ilnp_bind(struct socket *sock, struct ilnp_compat_sockaddr *uaddr,
		     int len)
{
	struct sock *sk = sock->sk;
	struct ilnp_sock *isk = ilnp_sk(sk);
	struct ilnp_net *in = ilnp_pernet(sock_net(sk));
	struct ilnp_addr a;
	int err;

	err = addr_get((const struct sockaddr *)uaddr, len, &a);
	if (err)
		return err;
	if (a.nid && a.nid != READ_ONCE(in->nid))
		return -EADDRNOTAVAIL;
	if (a.loc && !node_has_locator(in, a.loc))
		return -EADDRNOTAVAIL;
	if (a.port && a.port < PROT_SOCK &&
	    !ns_capable(sock_net(sk)->user_ns, CAP_NET_BIND_SERVICE))
		return -EACCES;

	lock_sock(sk);
	err = isk->port ? -EINVAL : port_bind(isk, a.port, a.loc);
	release_sock(sk);
	return err;
}

/* An unbound socket that sends or connects gets an ephemeral port. */
static int autobind(struct ilnp_sock *isk)
{
	int err = 0;

	lock_sock(&isk->sk);
	if (!isk->port)
		err = port_bind(isk, 0, 0);
	release_sock(&isk->sk);
	return err;
}

static int ilnp_connect(struct socket *sock,
			struct ilnp_compat_sockaddr *uaddr, int len,
			int flags)
{
	struct sock *sk = sock->sk;
	struct ilnp_sock *isk = ilnp_sk(sk);
	struct ilnp_addr a;
	int err;

	if (len >= (int)sizeof(uaddr->sa_family) &&
	    uaddr->sa_family == AF_UNSPEC) {
		lock_sock(sk);
		WRITE_ONCE(isk->connected, false);
		release_sock(sk);
		return 0;
	}
	err = addr_get_peer((const struct sockaddr *)uaddr, len, &a);
	if (err)
		return err;
	err = autobind(isk);
	if (err)
		return err;
	lock_sock(sk);
	WRITE_ONCE(isk->peer_loc, a.loc);
	WRITE_ONCE(isk->peer_nid, a.nid);
	WRITE_ONCE(isk->peer_port, a.port);
	WRITE_ONCE(isk->connected, true);
	release_sock(sk);
	return 0;
}

static int ilnp_getname(struct socket *sock, struct sockaddr *uaddr, int peer)
{
	struct sockaddr_ilnp *sa = (struct sockaddr_ilnp *)uaddr;
	struct sock *sk = sock->sk;
	struct ilnp_sock *isk = ilnp_sk(sk);
	int err = sizeof(*sa);

	lock_sock(sk);
	if (peer && !isk->connected)
		err = -ENOTCONN;
	else if (peer)
		addr_put(sa, isk->peer_loc, isk->peer_nid, isk->peer_port);
	else
		addr_put(sa, isk->bound_loc,
			 READ_ONCE(ilnp_pernet(sock_net(sk))->nid), isk->port);
	release_sock(sk);
	return err;
}

#define ILNP_SEND_FLAGS	(MSG_DONTWAIT | MSG_NOSIGNAL | MSG_CONFIRM | \
			 MSG_CMSG_COMPAT)

static int ilnp_sendmsg(struct socket *sock, struct msghdr *msg, size_t len)
{
	struct sock *sk = sock->sk;
	struct ilnp_sock *isk = ilnp_sk(sk);
	struct ilnp_net *in = ilnp_pernet(sock_net(sk));
	struct sk_buff *skb;
	struct ilnp_addr a;
	int hop_limit, err;

	if (msg->msg_flags & ~ILNP_SEND_FLAGS)
		return -EOPNOTSUPP;
	if (sk->sk_shutdown & SEND_SHUTDOWN) {
		if (!(msg->msg_flags & MSG_NOSIGNAL))
			send_sig(SIGPIPE, current, 0);
		return -EPIPE;
	}
	if (msg->msg_name) {
		err = addr_get_peer(msg->msg_name, msg->msg_namelen, &a);
		if (err)
			return err;
	} else {
		lock_sock(sk);
		a.loc = isk->peer_loc;
		a.nid = isk->peer_nid;
		a.port = isk->peer_port;
		err = isk->connected ? 0 : -EDESTADDRREQ;
		release_sock(sk);
		if (err)
			return err;
	}
	if (len > U16_MAX - ILNP_STP_HDR_LEN)
		return -EMSGSIZE;
	err = autobind(isk);
	if (err)
		return err;

	skb = sock_alloc_send_skb(sk, ILNP_TX_HEADROOM + ILNP_STP_HDR_LEN + len,
				  msg->msg_flags & MSG_DONTWAIT, &err);
	if (!skb)
		return err;
	skb_reserve(skb, ILNP_TX_HEADROOM);
	skb_put(skb, ILNP_STP_HDR_LEN);
	err = memcpy_from_msg(skb_put(skb, len), msg, len);
	if (err) {
		kfree_skb(skb);
		return err;
	}
	hop_limit = READ_ONCE(isk->hop_limit);
	if (hop_limit < 0)
		hop_limit = READ_ONCE(in->hop_limit);
	err = ilnp_stp_xmit(in, skb, READ_ONCE(isk->port), a.loc, a.nid, a.port,
			    hop_limit);
	return err ? err : len;
}

#define ILNP_RECV_FLAGS	(MSG_PEEK | MSG_DONTWAIT | MSG_TRUNC | MSG_WAITALL | \
			 MSG_CMSG_COMPAT | MSG_CMSG_CLOEXEC)

static void put_pktinfo(struct msghdr *msg, const struct ilnp_skb_cb *cb)
{
	struct ilnp_pktinfo info = {
		.ipi_loc = cpu_to_be64(cb->arrival),
		.ipi_ifindex = cb->ifindex,
		.ipi_hop_limit = cb->hop_limit,
	};

	put_cmsg(msg, SOL_ILNP, ILNP_PKTINFO, sizeof(info), &info);
}

static int ilnp_recvmsg(struct socket *sock, struct msghdr *msg, size_t size,
			int flags)
{
	DECLARE_SOCKADDR(struct sockaddr_ilnp *, sa, msg->msg_name);
	struct sock *sk = sock->sk;
	const struct ilnp_skb_cb *cb;
	struct sk_buff *skb;
	size_t copied;
	int err;

	if (flags & ~ILNP_RECV_FLAGS)
		return -EOPNOTSUPP;
	skb = skb_recv_datagram(sk, flags, &err);
	if (!skb)
		return err;
	copied = skb->len;
	if (copied > size) {
		copied = size;
		msg->msg_flags |= MSG_TRUNC;
	}
	err = skb_copy_datagram_msg(skb, 0, msg, copied);
	if (err)
		goto out_free;

	cb = ILNP_SKB_CB(skb);
	if (sa) {
		addr_put(sa, cb->src_loc, cb->src_nid, cb->src_port);
		msg->msg_namelen = sizeof(*sa);
	}
	sock_recv_cmsgs(msg, sk, skb);
	if (READ_ONCE(ilnp_sk(sk)->pktinfo))
		put_pktinfo(msg, cb);
	err = (flags & MSG_TRUNC) ? skb->len : copied;
out_free:
	skb_free_datagram(sk, skb);
	return err;
}

static int ilnp_shutdown(struct socket *sock, int how)
{
	struct sock *sk = sock->sk;
	int err;

	/* SHUT_RD, SHUT_WR, SHUT_RDWR (0, 1, 2) to RCV_, SEND_SHUTDOWN bits */
	how++;
	if (how <= 0 || how > SHUTDOWN_MASK)
		return -EINVAL;
	lock_sock(sk);
	err = ilnp_sk(sk)->connected ? 0 : -ENOTCONN;
	WRITE_ONCE(sk->sk_shutdown, sk->sk_shutdown | how);
	sk->sk_state_change(sk);
	release_sock(sk);
	return err;
}

static int ilnp_ioctl(struct socket *sock, unsigned int cmd, unsigned long arg)
{
	struct sock *sk = sock->sk;
	struct sk_buff *skb;
	int amount = 0;

	switch (cmd) {
	case SIOCOUTQ:
		amount = sk_wmem_alloc_get(sk);
		break;
	case SIOCINQ:
		spin_lock_bh(&sk->sk_receive_queue.lock);
		skb = skb_peek(&sk->sk_receive_queue);
		if (skb)
			amount = skb->len;
		spin_unlock_bh(&sk->sk_receive_queue.lock);
		break;
	default:
		return -ENOIOCTLCMD;
	}
	return put_user(amount, (int __user *)arg);
}

static int ilnp_setsockopt(struct socket *sock, int level, int optname,
			   sockptr_t optval, unsigned int optlen)
{
	struct ilnp_sock *isk = ilnp_sk(sock->sk);
	int val;

	if (level != SOL_ILNP)
		return -ENOPROTOOPT;
	if (optlen < sizeof(int))
		return -EINVAL;
	if (copy_from_sockptr(&val, optval, sizeof(val)))
		return -EFAULT;

	switch (optname) {
	case ILNP_PKTINFO:
		WRITE_ONCE(isk->pktinfo, !!val);
		return 0;
	case ILNP_HOPLIMIT:
		if (val != -1 && (val < 1 || val > 255))
			return -EINVAL;
		WRITE_ONCE(isk->hop_limit, val);
		return 0;
	}
	return -ENOPROTOOPT;
}

static int ilnp_getsockopt(struct socket *sock, int level, int optname,
			   char __user *optval, int __user *optlen)
{
	struct ilnp_sock *isk = ilnp_sk(sock->sk);
	int val, len;

	if (level != SOL_ILNP)
		return -ENOPROTOOPT;
	if (get_user(len, optlen))
		return -EFAULT;
	if (len < (int)sizeof(int))
		return -EINVAL;

	switch (optname) {
	case ILNP_PKTINFO:
		val = READ_ONCE(isk->pktinfo);
		break;
	case ILNP_HOPLIMIT:
		val = READ_ONCE(isk->hop_limit);
		break;
	default:
		return -ENOPROTOOPT;
	}
	len = sizeof(int);
	if (put_user(len, optlen) || copy_to_user(optval, &val, len))
		return -EFAULT;
	return 0;
}

static int ilnp_release(struct socket *sock)
{
	struct sock *sk = sock->sk;

	if (!sk)
		return 0;
	lock_sock(sk);
	port_unbind(ilnp_sk(sk));
	sock_orphan(sk);
	WRITE_ONCE(sk->sk_shutdown, SHUTDOWN_MASK);
	/* Softirq may still queue until the grace period ends; the
	 * destructor purges again after it.
	 */
	skb_queue_purge(&sk->sk_receive_queue);
	release_sock(sk);
	sock->sk = NULL;
	sock_put(sk);
	return 0;
}

/* .family is informational (the core only compares it with PF_UNIX): the
 * family that counts is the registered one, sk_family, which follows af.
 */
static const struct proto_ops ilnp_dgram_ops = {
	.family = PF_ILNP,
	.owner = THIS_MODULE,
	.release = ilnp_release,
	.bind = ilnp_bind,
	.connect = ilnp_connect,
	.socketpair = sock_no_socketpair,
	.accept = sock_no_accept,
	.getname = ilnp_getname,
	.poll = datagram_poll,
	.ioctl = ilnp_ioctl,
	.listen = sock_no_listen,
	.shutdown = ilnp_shutdown,
	.setsockopt = ilnp_setsockopt,
	.getsockopt = ilnp_getsockopt,
	.sendmsg = ilnp_sendmsg,
	.recvmsg = ilnp_recvmsg,
	.mmap = sock_no_mmap,
};

/* After the last reference and an RCU grace period (SOCK_RCU_FREE). */
static void ilnp_sock_destruct(struct sock *sk)
{
	skb_queue_purge(&sk->sk_receive_queue);
	WARN_ON_ONCE(sk_rmem_alloc_get(sk));
}

static int ilnp_create(struct net *net, struct socket *sock, int protocol,
		       int kern)
{
	struct ilnp_sock *isk;
	struct sock *sk;

	if (sock->type != SOCK_DGRAM)
		return -ESOCKTNOSUPPORT;
	if (protocol && protocol != IPPROTO_UDP)
		return -EPROTONOSUPPORT;
	sk = sk_alloc(net, af, GFP_KERNEL, &ilnp_proto, kern);
	if (!sk)
		return -ENOMEM;
	sock->ops = &ilnp_dgram_ops;
	sock_init_data(sock, sk);
	sock_set_flag(sk, SOCK_RCU_FREE);
	sk->sk_destruct = ilnp_sock_destruct;
	isk = ilnp_sk(sk);
	isk->hop_limit = -1;
	return 0;
}

static struct net_proto_family ilnp_family_ops __ro_after_init = {
	.create = ilnp_create,
	.owner = THIS_MODULE,
};

int ilnp_af_init(void)
{
	int err;

	if (af <= AF_UNSPEC || af >= AF_MAX) {
		pr_err("af=%d: not a socket family number (1..%d)\n", af,
		       AF_MAX - 1);
		return -EINVAL;
	}
	ilnp_family_ops.family = af;
	err = proto_register(&ilnp_proto, 1);
	if (err)
		return err;
	err = sock_register(&ilnp_family_ops);
	if (err) {
		if (err == -EEXIST)
			pr_err("address family %d is taken: load with af=<free number>\n",
			       af);
		goto err_proto;
	}
	return 0;

err_proto:
	proto_unregister(&ilnp_proto);
	return err;
}

void ilnp_af_exit(void)
{
	sock_unregister(af);
	proto_unregister(&ilnp_proto);
}

MODULE_ALIAS_NETPROTO(AF_ILNP);
