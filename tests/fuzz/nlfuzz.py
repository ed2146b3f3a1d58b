#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Netlink fuzzer for the "ilnp" generic netlink family.

  nlfuzz.py --seed S --calls N [--threads T] [--churn] [--batch B]
      the orchestrator: T worker processes at a time, each sending B
      random requests then exiting, in a netns of its own (nlfuzz-K) with
      an ilnp device on a dummy underlay.  Workers alternate between
      root, root without CAP_NET_ADMIN (setpriv --bounding-set) and the
      user nobody.  With --churn, meanwhile, devices are added, set up
      and down and deleted, locators added, and every few batches the
      netns is deleted under the workers still in it and a new one made.
      Ends with "nlfuzz: N calls (...) in T s".
  nlfuzz.py worker SEED N
      N requests from generator SEED in the current netns; prints
      "worker SEED: N calls, errno E xK ...".

A request is a random command (the family's, unknown ones, the reply-
only event), random flags (do, dump, no ack), a random family version,
and a random tree of attributes: nests of the right object or another,
with or without NLA_F_NESTED, attributes of random type and of valid,
boundary, random, truncated (the length says more than there is) or
oversized (up to 32 KiB) length.  Replies are read and thrown away;
what is checked is the kernel (no report in dmesg) and that every
request gets its answer.  Built on tests/lib/genl_raw.py.
"""
import argparse
import os
import random
import socket
import struct
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "lib"))
import genl_raw as g  # noqa: E402

ME = os.path.abspath(__file__)
NLMSG_ERROR, NLMSG_DONE = 2, 3
CMDS = 17               # ILNP_CMD_MAX + 1 today; more are tried too
NEST_MAX = {1: 16, 2: 7, 3: 8, 4: 7, 5: 10, 6: 12, 7: 4, 8: 12, 9: 13}
INTS = (0, 1, 2, 3, 0x7f, 0xff, 0x100, 0xffff, 0x10000, 0x7fffffff,
        0xffffffff, 1 << 63, (1 << 64) - 1)


def attr(t, data):
    """g.attr, the payload cut to what a 16-bit length can say."""
    return g.attr(t & 0xffff, data[:0xffff - 4 - 3])


def value(r):
    """The bytes of one leaf attribute."""
    x = r.random()
    if x < 0.5:       # a number of the usual sizes
        size = r.choice((1, 2, 4, 8))
        v = r.choice(INTS) if r.random() < 0.6 else r.getrandbits(64)
        if r.random() < 0.2:
            v = r.randrange(1, 16)  # an ifindex or a small locator
        return (v & ((1 << (8 * size)) - 1)).to_bytes(size, "little")
    if x < 0.7:       # a string, valid or not
        s = r.choice((b"t", b"host-1", b"ilnp0", b"lo", b"x" * 63,
                      b"x" * 64, b"bad_name!", b"", b"\xff\xfe"))
        return s + (b"\0" if r.random() < 0.7 else b"")
    if x < 0.9:
        return r.randbytes(r.choice((0, 1, 3, 5, 7, 9, 16, 17, 64)))
    return r.randbytes(r.choice((255, 1024, 4096, 32000)))


def attrs(r, depth=0):
    out = b""
    for _ in range(r.choice((0, 1, 1, 2, 3, 6))):
        out += one_attr(r, depth)
    return out


def one_attr(r, depth):
    top = depth == 0
    t = r.randrange(1, 10) if top and r.random() < 0.8 else \
        r.randrange(0, 20 if r.random() < 0.9 else 0x4000)
    if (top or r.random() < 0.2) and depth < 3:
        body = attrs(r, depth + 1)
        if not top and r.random() < 0.5:   # a list entry (PEER_LOC)
            body = attrs(r, depth + 1)
        flag = g.NLA_F_NESTED if r.random() < 0.85 else 0
        a = attr(t | flag, body)
    else:
        a = attr(t, value(r))
    x = r.random()
    if x < 0.04:      # the length says more than there is
        a = struct.pack("HH", min(0xffff, len(a) + r.choice((1, 4, 100,
                                                             60000))),
                        t) + a[4:]
    elif x < 0.06:    # less than a header
        a = struct.pack("HH", r.choice((0, 1, 3)), t) + a[4:]
    elif x < 0.08:    # cut short
        a = a[:r.randrange(len(a) + 1)]
    return a


# Half the requests are well formed but for their values: the command's
# own nest, attributes of that nest with their sizes (uapi/linux/ilnp.h),
# so that they get past the policy into the handlers.
U8, U16, U32, U64, STR = 1, 2, 4, 8, 0
NODE = {2: U64, 3: STR, 4: U8, 5: U32, 6: U32, 8: U32, 9: U32, 10: U32,
        12: U32, 13: U32, 14: U32}
LOCATOR = {2: U32, 3: U64, 4: U16, 5: U64, 6: U32, 7: U32}
ECHO = {2: U64, 3: U64, 4: U16, 5: U16, 6: U8, 7: U16}
NEIGH = {3: STR}
SHAPES = {2: (1, NODE), 4: (3, LOCATOR), 5: (3, LOCATOR), 9: (8, ECHO),
          12: (5, NEIGH), 15: (3, LOCATOR)}
DUMPS = (3, 6, 7, 8, 11, 14, 16)


def shaped_value(r, size):
    if size == STR:
        return r.choice((b"t", b"p", b"host-1", b"x" * 63, b"", b"a.b",
                         b"-x")) + b"\0"
    v = r.choice((0, 1, 2, 3, 5, 10, 0xff, 0xffff, 3600, 3601, 1 << 31,
                  (1 << 64) - 1)) if r.random() < 0.7 else \
        r.randrange(1, 40)
    return (v & ((1 << (8 * size)) - 1)).to_bytes(size, "little")


def shaped(r):
    """(cmd, flags, payload) of a request the policy accepts."""
    x = r.random()
    if x < 0.3:
        return r.choice(DUMPS), g.NLM_F_DUMP | g.NLM_F_ACK, b""
    if x < 0.4:
        return r.choice((1, 13)), g.NLM_F_ACK, b""
    cmd = r.choice(list(SHAPES))
    nest, types = SHAPES[cmd]
    inner = b""
    for t in r.sample(list(types), r.randrange(1, len(types) + 1)):
        inner += attr(t, shaped_value(r, types[t]))
    return cmd, g.NLM_F_ACK, attr(nest | g.NLA_F_NESTED, inner)


def request(r, family, seq):
    if r.random() < 0.5:
        cmd, flags, payload = shaped(r)
        body = struct.pack("BBH", cmd, 2, 0) + payload
        return struct.pack("IHHII", 16 + len(body), family,
                           g.NLM_F_REQUEST | flags, seq, 0) + body, \
            g.NLM_F_REQUEST | flags
    cmd = r.randrange(CMDS) if r.random() < 0.95 else r.randrange(256)
    flags = g.NLM_F_REQUEST
    x = r.random()
    if x < 0.3:
        flags |= g.NLM_F_DUMP | g.NLM_F_ACK
    elif x < 0.9:
        flags |= g.NLM_F_ACK
    version = 2 if r.random() < 0.9 else r.randrange(256)
    body = struct.pack("BBH", cmd, version, 0) + attrs(r)[:0x40000]
    ln = 16 + len(body)
    if r.random() < 0.03:   # a bad message length: no answer comes
        ln = r.choice((16, 17, 19, ln - 1, ln + 8))
        flags &= ~g.NLM_F_ACK
    return struct.pack("IHHII", ln & 0xffffffff, family, flags, seq,
                       0) + body, flags


def answered(s, seq):
    """Read until the answer to @seq ends (error, ack or end of dump)."""
    while True:
        try:
            data = s.recv(1 << 17)
        except socket.timeout:
            return False
        while len(data) >= 16:
            ln, typ, _, rseq, _ = struct.unpack("IHHII", data[:16])
            if ln < 16:
                break
            if rseq == seq and typ in (NLMSG_ERROR, NLMSG_DONE):
                err = struct.unpack("i", data[16:20])[0] \
                    if typ == NLMSG_ERROR else 0
                return -err
            data = data[(ln + 3) & ~3:]


def family_id(s):
    err, _, reply = g.request(s, g.GENL_ID_CTRL, g.CTRL_CMD_GETFAMILY,
                              g.attr(g.CTRL_ATTR_FAMILY_NAME, b"ilnp\0"), 1)
    if err:
        raise SystemExit(f"ilnp family: {os.strerror(err)}")
    return struct.unpack("H", g.attrs(reply)[g.CTRL_ATTR_FAMILY_ID][:2])[0]


def worker(seed, n):
    r = random.Random(f"nl:{seed}")
    s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW,
                      g.NETLINK_GENERIC)
    s.setsockopt(270, g.NETLINK_EXT_ACK, 1)
    s.bind((0, 0))
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 20)
    family = family_id(s)
    errs = {}
    lost = 0
    for i in range(n):
        msg, flags = request(r, family, i + 2)
        s.settimeout(5 if flags & g.NLM_F_ACK else 0.02)
        try:
            s.send(msg)
        except OSError as e:
            errs[f"send-{e.errno}"] = errs.get(f"send-{e.errno}", 0) + 1
            continue
        err = answered(s, i + 2)
        if err is False:
            lost += flags & g.NLM_F_ACK and 1
            continue
        errs[err] = errs.get(err, 0) + 1
    hist = " ".join(f"errno {k} x{v}" for k, v in sorted(errs.items(),
                                                          key=str))
    print(f"worker {seed}: {n} calls, {lost} unanswered, {hist}",
          flush=True)
    # A request with an ack that never got one would be a bug; a busy
    # debug guest may be slow, so only report it.
    return 0


def sh(script, ns=None):
    """Run `ip -b -` lines (in @ns), ignoring failures (the churn races)."""
    subprocess.run(["ip"] + (["-n", ns] if ns else []) + ["-force", "-b", "-"],
                   input=script, text=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)


def netns_new(k):
    ns = f"nlfuzz-{k}"
    sh(f"netns add {ns}\n")
    sh("link set lo up\n"
       "link add d0 type dummy\n"
       "link set d0 multicast on up\n"
       "link add ilnp0 link d0 type ilnp\n"
       "link set ilnp0 up\n", ns)
    return ns


def churn(r, ns):
    """One random device/locator change in @ns."""
    dev = f"ilnp{r.randrange(3)}"
    x = r.random()
    if x < 0.3:
        sh(f"link add {dev} link d0 type ilnp\nlink set {dev} up\n", ns)
    elif x < 0.5:
        sh(f"link del {dev}\n", ns)
    elif x < 0.7:
        sh(f"link set {dev} {r.choice(('up', 'down'))}\n", ns)
    else:
        subprocess.run(["ilnp-ip", "-n", ns, "locator", "add",
                        f"0:0:0:{r.randrange(1, 30):x}", "dev", dev],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def orchestrate(a):
    r = random.Random(f"nlo:{a.seed}")
    t0 = time.monotonic()
    batches = max(1, a.calls // a.batch)
    users = {
        "root": [],
        "nonadmin": ["setpriv", "--bounding-set=-net_admin",
                     "--inh-caps=-net_admin"],
        "nobody": ["setpriv", "--reuid=65534", "--regid=65534",
                   "--clear-groups"],
    }
    k = 0
    ns = netns_new(k)
    running = []
    done = {"root": 0, "nonadmin": 0, "nobody": 0}
    out = []
    lock = threading.Lock()
    deleted = changes = 0
    late = [0]

    def reap(p, user, n):
        text = p.communicate()[0]
        with lock:
            out.append(text)
            if p.returncode == 0:
                done[user] += n
            elif "Cannot open network namespace" in text:
                # Its netns went before it could enter: the churn.
                late[0] += 1
            else:
                out.append(f"worker exit {p.returncode} ({user})\n")

    threads = []
    for b in range(batches):
        while len([t for t in threads if t.is_alive()]) >= a.threads:
            if a.churn:
                churn(r, ns)
                changes += 1
            time.sleep(0.05)
        user = ("root", "nonadmin", "nobody")[b % 3]
        cmd = ["ip", "netns", "exec", ns] + users[user] + \
            [sys.executable, ME, "worker", f"{a.seed}.{b}", str(a.batch)]
        p = subprocess.Popen(cmd, stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT, text=True)
        t = threading.Thread(target=reap, args=(p, user, a.batch))
        t.start()
        threads.append(t)
        running.append(p)
        # Every few batches the netns goes, workers still in it.
        if a.churn and b % (2 * a.threads) == 2 * a.threads - 1:
            sh(f"netns del {ns}\n")
            deleted += 1
            k += 1
            ns = netns_new(k)
    for t in threads:
        t.join()
    sh(f"netns del {ns}\n")
    deleted += 1
    sys.stdout.write("".join(out))
    total = sum(done.values())
    bad = [line for line in out if line.startswith("worker exit")]
    print(f"nlfuzz: seed {a.seed}: {total} calls (root {done['root']}, "
          f"without CAP_NET_ADMIN {done['nonadmin']}, nobody "
          f"{done['nobody']}) in {batches - late[0]} workers ({late[0]} "
          f"too late for their netns), {changes} device "
          f"changes, {deleted} netns deleted, in "
          f"{time.monotonic() - t0:.1f} s", flush=True)
    return 1 if bad else 0


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "worker":
        return worker(sys.argv[2], int(sys.argv[3]))
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--calls", type=int, default=1000)
    ap.add_argument("--threads", type=int, default=4)
    ap.add_argument("--batch", type=int, default=500)
    ap.add_argument("--churn", action="store_true")
    return orchestrate(ap.parse_args())


if __name__ == "__main__":
    sys.exit(main())
