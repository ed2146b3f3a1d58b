#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""The floods of tests/integration/flood.sh: each fills one table of a
node, from the wire (as a stranger on the segment, a plain UDP socket)
or with its own sockets, and says how long the batch took ("in S s"):
the tables evict only entries idle a second or more, so the test knows
whether a batch was quick enough for its entries to count as fresh.

  floodpkt.py routes DEV LOC DST_ILV N FIRST [--keep LOC]
      N packets to DST_ILV (group of LOC) from source locators
      f1:0:0:X for X = FIRST..FIRST+N-1, next header 99 (learnt, then
      dropped as drop_next_header); --keep LOC: one from LOC first and
      every 25 (a route in use during the flood)
  floodpkt.py adverts DEV LOC N FIRST
      N discovery advertisements from NIDs feed:0:0:X (X = FIRST...),
      sequence 1, hop limit 1 (not flooded on)
  floodpkt.py sendto LOC PORT N FIRST [--peer ILV PORT]
      from one AF_ILNP socket, a datagram to each of N NIDs fade:0:0:X
      at locator LOC (each a new ILCC entry); --peer: an echo from the
      peer (tests/sockets/responder) before and after ("peer echo ok"),
      and a datagram to it every 25 (a flow in use during the flood)
  floodpkt.py bind FIRST N
      N AF_ILNP sockets bound to ports FIRST..FIRST+N-1, then one more
      to an ephemeral port ("ephemeral: OK" or the errno name); the
      Slab of /proc/meminfo before and with them, in kB
  floodpkt.py stp DEV LOC DST_ILV PORT N SIZE
      N STP datagrams of SIZE bytes to port PORT of DST_ILV, from
      ATTACKER_NID
  floodpkt.py hold PORT / drain PORT (in a server only)
      bind PORT and read nothing; later read what was queued, without
      waiting: "queued Q"
  floodpkt.py serve
      a server: one command a line on stdin, its output then a line "."
      on stdout (Python starts slowly in a test VM: once per role)
The NIDs and locators are numbered, not random: a test can replay one.
"""
import argparse
import ctypes
import errno
import os
import resource
import socket
import struct
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from discpkt import packet as disc_packet  # noqa: E402
from ilnppkt import (PORT, group_addr, header, parse_id,  # noqa: E402
                     parse_ilv, underlay_sender)
from ilnppkt import stp as ilnp_stp  # noqa: E402

AF_ILNP = 18
ATTACKER_NID = 0xbad0000000000bad
libc = ctypes.CDLL(None, use_errno=True)
HELD = {}       # port: socket, between hold and drain


def numbered(prefix, x):
    """PREFIX:0:0:X for X < 2^16 (the last two groups for more)."""
    return prefix << 48 | x


def wire(a):
    s, ifindex = underlay_sender(a.dev, False)
    return s, (group_addr(parse_id(a.loc)), PORT, 0, ifindex)


def timed_batch(send, n, tick=None):
    """send(0..n-1), pausing every 25 to let the receiver's backlog
    drain; tick(), if given, there too (a flow in use meanwhile)."""
    t0 = time.monotonic()
    for i in range(n):
        send(i)
        if i % 25 == 24:
            if tick:
                tick()
            time.sleep(0.001)
    return time.monotonic() - t0


def routes(a):
    s, dst = wire(a)
    to = parse_ilv(a.dst)
    body = b"flood!!!"

    def one(loc):
        s.sendto(header((loc, ATTACKER_NID), to, len(body), nh=99) + body,
                 dst)

    keep = None
    if a.keep:
        keep = lambda: one(parse_id(a.keep))  # noqa: E731
        keep()
    took = timed_batch(lambda i: one(numbered(0xf1, a.first + i)), a.n,
                       keep)
    print(f"routes: sent {a.n} from new locators in {took:.3f} s")


def adverts(a):
    s, dst = wire(a)
    loc = parse_id(a.loc)

    def one(i):
        nid = numbered(0xfeed, a.first + i)
        s.sendto(disc_packet((loc, nid), 1, [(loc, 0, 90)], b"f", hlim=1),
                 dst)

    took = timed_batch(one, a.n)
    print(f"adverts: sent {a.n} from new NIDs in {took:.3f} s")


def stp(a):
    s, dst = wire(a)
    to = parse_ilv(a.dst)
    src = (parse_id(a.loc), ATTACKER_NID)
    d = ilnp_stp(src, to, 40000, a.port, b"s" * a.size)
    pkt = header(src, to, len(d), nh=17) + d
    took = timed_batch(lambda i: s.sendto(pkt, dst), a.n)
    print(f"stp: sent {a.n} in {took:.3f} s")


def hold(a):
    sock = socket.socket(AF_ILNP, socket.SOCK_DGRAM, 0)
    addr = sockaddr(0, 0, a.port)
    if libc.bind(sock.fileno(), addr, len(addr)) < 0:
        raise SystemExit(f"bind: {errno.errorcode[ctypes.get_errno()]}")
    HELD[a.port] = sock
    print(f"holding {a.port}")


def drain(a):
    sock = HELD.pop(a.port)
    sock.setblocking(False)
    q = 0
    try:
        while True:
            sock.recv(65536)
            q += 1
    except BlockingIOError:
        pass
    sock.close()
    print(f"queued {q}")


def sockaddr(loc, nid, port):
    return (struct.pack("=H", AF_ILNP) + struct.pack("!H", port) +
            struct.pack("=I", 0) + struct.pack("!QQ", loc, nid))


def send_to(sock, data, addr):
    if libc.sendto(sock.fileno(), data, len(data), 0, addr, len(addr)) < 0:
        e = ctypes.get_errno()
        raise OSError(e, f"sendto: {errno.errorcode.get(e, e)}")


def peer_echo(sock, peer):
    """One echo from the peer, after those still queued (counted)."""
    sock.setblocking(False)
    queued = 0
    try:
        while sock.recv(64):
            queued += 1
    except BlockingIOError:
        pass
    if queued:
        print(f"peer echoes during the flood: {queued}")
    send_to(sock, b"legit", peer)
    sock.settimeout(3)
    if sock.recv(64) != b"legit":
        raise SystemExit("peer echo: wrong data")


def sendto(a):
    sock = socket.socket(AF_ILNP, socket.SOCK_DGRAM, 0)
    loc = parse_id(a.loc)
    peer = None
    if a.peer:
        peer = sockaddr(*parse_ilv(a.peer[0]), int(a.peer[1]))
        peer_echo(sock, peer)
    took = timed_batch(lambda i: send_to(
        sock, b"x", sockaddr(loc, numbered(0xfade, a.first + i), a.port)),
        a.n, peer and (lambda: send_to(sock, b"legit", peer)))
    print(f"sendto: {a.n} NIDs in {took:.3f} s")
    if peer:
        peer_echo(sock, peer)
        print("peer echo ok")


def slab_kb():
    with open("/proc/meminfo") as f:
        for line in f:
            if line.startswith("Slab:"):
                return int(line.split()[1])
    raise SystemExit("no Slab in /proc/meminfo")


def bind(a):
    resource.setrlimit(resource.RLIMIT_NOFILE, (a.n + 64, a.n + 64))
    before = slab_kb()
    t0 = time.monotonic()
    socks = []
    for i in range(a.n):
        sock = socket.socket(AF_ILNP, socket.SOCK_DGRAM, 0)
        addr = sockaddr(0, 0, a.first + i)
        if libc.bind(sock.fileno(), addr, len(addr)) < 0:
            e = ctypes.get_errno()
            raise SystemExit(f"bind {a.first + i}: {errno.errorcode[e]}")
        socks.append(sock)
    took = time.monotonic() - t0
    with_them = slab_kb()
    sock = socket.socket(AF_ILNP, socket.SOCK_DGRAM, 0)
    addr = sockaddr(0, 0, 0)
    if libc.bind(sock.fileno(), addr, len(addr)) < 0:
        print(f"ephemeral: {errno.errorcode[ctypes.get_errno()]}")
    else:
        print("ephemeral: OK")
    sock.close()
    for sock in socks:
        sock.close()
    print(f"bound {a.n} in {took:.3f} s slab {before} -> {with_them} kB")


# Each command's positional arguments, in order; "#" marks an integer.
ARGS = {
    "routes": "dev loc dst #n #first",
    "adverts": "dev loc #n #first",
    "sendto": "loc #port #n #first",
    "bind": "#first #n",
    "stp": "dev loc dst #port #n #size",
    "hold": "#port",
    "drain": "#port",
    "serve": "",
}


def parser():
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd", required=True)
    cmds = {}
    for cmd, args in ARGS.items():
        cmds[cmd] = sub.add_parser(cmd)
        for arg in args.split():
            if arg.startswith("#"):
                cmds[cmd].add_argument(arg[1:], type=int)
            else:
                cmds[cmd].add_argument(arg)
    cmds["routes"].add_argument("--keep")
    cmds["sendto"].add_argument("--peer", nargs=2)
    return ap


CMDS = {"routes": routes, "adverts": adverts, "sendto": sendto,
        "bind": bind, "stp": stp, "hold": hold, "drain": drain}


def serve(ap):
    for line in sys.stdin:
        try:
            a = ap.parse_args(line.split())
            CMDS[a.cmd](a)
        except (OSError, SystemExit, KeyError) as e:
            print(f"error: {e!r}")
        print(".", flush=True)


def main():
    ap = parser()
    a = ap.parse_args()
    if a.cmd == "serve":
        serve(ap)
    else:
        CMDS[a.cmd](a)
    return 0


if __name__ == "__main__":
    sys.exit(main())
