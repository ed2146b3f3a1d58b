#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""A node of the 2021 Python prototype, scripted: the peer of a
"profile prototype" device in tests/integration/prototype.sh.

Written from ../shared/reference/prototype-protocol.md alone, never from
net/ilnp/: it is what checks the module's prototype profile.  Python 3
standard library only; one process, one thread (a select loop).

  protopeer.py run --dev DEV --nid NID --loc L[,L...] --hostname H
        [--group G] [--port P] [--hlim N] [--log FILE] [--ready FILE]
        [--duration S] [--solicit] [--solicit-every S]
        [--send-to DEST --dport P [--sport P] [--rate R] [--count N]
         [--size B] [--send-at S]]
        [--move-to L[,L...] --at S [--handoff S]]
      a prototype node on DEV: one UDP/IPv6 socket bound to port P
      (10000), multicast loopback on, hop limit 1, joined to
      ff12:0:G:0:<L> for each locator L (G: --group, default the
      prototype's uid mod 65536).  It answers solicitations with an
      advertisement on every joined locator (and floods the
      solicitation on its other locators, as the prototype does), keeps
      every discovery message's hostname -> (locator, NID), acks locator
      updates, and logs every packet it takes (below).  It runs until
      SIGTERM/SIGINT or --duration, then logs the summary line.
        --solicit            a solicitation on every locator at start
        --solicit-every S    one every S/2 to S seconds, unless another
                             node's was heard in the last S (prototype:
                             S = 30)
        --send-to DEST       STP datagrams to DEST, an I-LV
                             (0:0:0:b:ffff:0:0:b) or a hostname learnt by
                             discovery (waited for, 10 s at most): COUNT
                             (default 500) at RATE a second (100), from
                             --send-at seconds after start (0); each
                             SIZE (1396) bytes of payload: the 8-byte
                             big-endian sequence number (from 0), then
                             random fill (the seed's experiment)
        --move-to L,... --at S   a soft handoff at S seconds: join the
                             new locators, advertise on each, send the
                             update (0x01 + new locators) through the old
                             locator to each correspondent active in the
                             last 30 s, resend it 3 times 1 s apart until
                             acked, stay on both for --handoff seconds
                             (10), then leave the old locators
  protopeer.py inject --dev DEV --loc L KIND [--group G] [--port P]
        [--nid NID] [--dst ILV] [--sport P] [--dport P]
      crafted prototype packets to L's group (multicast loopback off),
      from (L, NID) to ILV, one per comma-separated KIND: short (a
      30-byte header), stp-short (STP of 2 bytes), disc-short (discovery
      of 10 bytes), update-empty (next header 44, no payload), stp=TEXT
      (a valid STP datagram, TEXT its data, ports --sport and --dport),
      stp0=TEXT (the same with hop limit 0, which the prototype delivered)
  protopeer.py selftest [--bytes-only]
      the encoders against byte strings written out from the reference;
      then (root) two peers in two network namespaces on a bridge:
      discovery both ways, STP both ways at 100/s with exact counts, a
      soft handoff with traffic, malformed packets dropped and counted.

Log lines (one per event, "TIME EVENT key=value ..."; TIME in seconds
since the epoch; ILVs are LOC:NID, eight groups):
  T disc solicit|advert host=H nid=N loc=L src=ILV on=L hlim=N
  T stp src=ILV dst=ILV sport=P dport=P len=N seq=S on=L hlim=N
  T update src=ILV locs=L,L on=L      T ack src=ILV dst=ILV on=L
  T sent stp seq=S dst=ILV on=L       T sent ack dst=ILV on=L
  T sent solicit|advert on=L          T sent update dst=ILV on=L try=K
  T move from=L,.. to=L,..            T left L       T acked nid=N
  T unacked nid=N                     T drop REASON len=N on=L
  T unsent stp seq=S dst=ILV  (no way to its locator: not sent)
  T summary sent=N unsent=N stp=N unique=N dup=N disc=N updates=N acks=N
            drops=N
REASON: short (under 40 bytes), not-for-us, stp-short, disc-short,
update-empty, next-header.  Our own packets, looped back (from an
address of DEV's, not to our NID), are ignored silently, as the
prototype does.

Wire (reference): 40-byte header: 4 bytes 0 (version 0), payload
length, next header, hop limit (3), source locator, source NID,
destination locator, destination NID, all big-endian.  STP (42): source
port, destination port, data.  Discovery (43): NID, locator, flag (1
solicitation, 0 advertisement), hostname; to all-nodes (locator
ff02:0:0:1, NID 0).  Locator update (44): 0x01 + locators; ack 0x00,
sent to (first new locator, mover's NID) on the locator it came on.

Liberties: where the prototype has no way to a correspondent's locator
(learnt only from discovery, --send-to and updates), and fails the send,
this one sends to the locator the correspondent last sent from, if it
can reach that (a correspondent with locators on two of our networks,
after we left one).  An advertisement names the locator it is sent on
(the description leaves it open).  A hostname keeps the last locator and
NID heard, not a list.  STP datagrams are logged whatever their port
(the prototype drops those to ports no one bound).  Not modelled:
forwarding between locators (a prototype node with two or more forwards;
this one is a host), the 90 s and 30 s lifetimes of the discovery and
learning tables (nothing here runs that long).
"""
import argparse
import heapq
import os
import random
import select
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import time

PORT = 10000
HDR = "!IHBBQQQQ"
HDR_LEN = 40
NH_STP, NH_DISC, NH_LU = 42, 43, 44
ALL_NODES_LOC = 0xFF02000000000001
DEF_HLIM = 3
ACTIVE_SECS = 30
LU_RETRIES = 3
IPV6_RECVPKTINFO = getattr(socket, "IPV6_RECVPKTINFO", 49)
IPV6_PKTINFO = getattr(socket, "IPV6_PKTINFO", 50)
SO_RCVBUFFORCE = getattr(socket, "SO_RCVBUFFORCE", 33)


def parse_id(text):
    """A locator or NID: four hex groups, '::' allowed."""
    if "::" in text:
        head, tail = text.split("::", 1)
        h = head.split(":") if head else []
        t = tail.split(":") if tail else []
        groups = h + ["0"] * (4 - len(h) - len(t)) + t
    else:
        groups = text.split(":")
    if len(groups) != 4:
        raise ValueError(f"bad locator or NID '{text}'")
    v = 0
    for g in groups:
        v = v << 16 | int(g, 16)
    return v


def fmt_id(v):
    return ":".join(f"{(v >> s) & 0xffff:x}" for s in (48, 32, 16, 0))


def fmt_ilv(loc, nid):
    return f"{fmt_id(loc)}:{fmt_id(nid)}"


def parse_ilv(text):
    g = text.split(":")
    if len(g) != 8:
        raise ValueError(f"bad I-LV '{text}'")
    return parse_id(":".join(g[:4])), parse_id(":".join(g[4:]))


def group_addr(loc, group):
    """Locator L is the group ff12:0:G:0:<L>."""
    return socket.inet_ntop(socket.AF_INET6, struct.pack(
        "!HHHHQ", 0xFF12, 0, group, 0, loc))


# --- encoders: each is one layout of the reference ---

def header(nh, hlim, src, dst, plen):
    """The 40-byte header; src, dst: (locator, NID)."""
    return struct.pack(HDR, 0, plen, nh, hlim, src[0], src[1], dst[0],
                       dst[1])


def packet(nh, src, dst, payload, hlim=DEF_HLIM):
    return header(nh, hlim, src, dst, len(payload)) + payload


def stp(sport, dport, data):
    return struct.pack("!HH", sport, dport) + data


def disc(nid, loc, solicit, hostname):
    return struct.pack("!QQB", nid, loc, 1 if solicit else 0) + \
        hostname.encode("utf-8")


def update(locs):
    return b"\x01" + b"".join(struct.pack("!Q", x) for x in locs)


ACK = b"\x00"


def decode(data):
    """(nh, hlim, src, dst, payload) of a packet, None if shorter than the
    header.  Version and payload length are not checked (reference)."""
    if len(data) < HDR_LEN:
        return None
    _, _, nh, hlim, sl, sn, dl, dn = struct.unpack(HDR, data[:HDR_LEN])
    return nh, hlim, (sl, sn), (dl, dn), data[HDR_LEN:]


class Peer:
    def __init__(self, a):
        self.a = a
        self.nid = parse_id(a.nid)
        self.group = a.group
        self.port = a.port
        self.host = a.hostname
        self.joined = [parse_id(x) for x in a.loc.split(",")]
        self.ifindex = socket.if_nametoindex(a.dev)
        self.log_f = open(a.log, "a", buffering=1) if a.log else sys.stdout
        self.names = {}         # hostname -> (loc, nid, time)
        self.corr = {}          # nid -> [loc, last active, heard from]
        self.learnt = {}        # locator -> arrival locator
        self.pending = {}       # nid -> tries of an unacked update
        self.timers = []
        self.tseq = 0
        self.stopping = False
        self.heard_solicit = 0
        self.n = dict(sent=0, unsent=0, stp=0, dup=0, disc=0, updates=0,
                      acks=0, drops=0)
        self.seen = set()
        self.fill = os.urandom(max(a.size - 8, 0)) if a.send_to else b""
        self.dest = None
        self.next_seq = 0
        self.own_addrs = self.addresses()
        self.s = self.open_socket()
        for loc in self.joined:
            self.membership(loc, socket.IPV6_JOIN_GROUP)

    # --- plumbing ---
    def log(self, text):
        self.log_f.write(f"{time.time():.6f} {text}\n")

    def addresses(self):
        """DEV's IPv6 addresses: what our own looped-back packets come
        from."""
        own = set()
        with open("/proc/net/if_inet6") as f:
            for line in f:
                x = line.split()
                if int(x[1], 16) == self.ifindex:
                    own.add(socket.inet_ntop(socket.AF_INET6,
                                             bytes.fromhex(x[0])))
        return own

    def open_socket(self):
        s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_MULTICAST_IF,
                     self.ifindex)
        s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_MULTICAST_LOOP, 1)
        s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_MULTICAST_HOPS, 1)
        s.setsockopt(socket.IPPROTO_IPV6, IPV6_RECVPKTINFO, 1)
        try:    # past rmem_max: a slow guest may stall for a while
            s.setsockopt(socket.SOL_SOCKET, SO_RCVBUFFORCE, 8 << 20)
        except OSError:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 8 << 20)
        s.bind(("::", self.port))
        return s

    def membership(self, loc, op):
        mreq = socket.inet_pton(socket.AF_INET6, group_addr(loc, self.group))
        self.s.setsockopt(socket.IPPROTO_IPV6, op,
                          mreq + struct.pack("@I", self.ifindex))

    def at(self, when, fn, *args):
        self.tseq += 1
        heapq.heappush(self.timers, (when, self.tseq, fn, args))

    def send_on(self, loc, data):
        """Out of the interface of our locator loc: to its group."""
        self.s.sendto(data, (group_addr(loc, self.group), self.port, 0,
                             self.ifindex))

    def iface_for(self, dloc):
        """The locator (interface) a packet to dloc leaves by: dloc itself
        if joined, else where dloc was last heard from; None: no way
        (the prototype drops it and tells the sender)."""
        if dloc in self.joined:
            return dloc
        via = self.learnt.get(dloc)
        return via if via in self.joined else None

    # --- sending ---
    def advertise(self, loc, solicit=False):
        msg = disc(self.nid, loc, solicit, self.host)
        self.send_on(loc, packet(NH_DISC, (loc, self.nid),
                                 (ALL_NODES_LOC, 0), msg))
        self.log(f"sent {'solicit' if solicit else 'advert'} on={fmt_id(loc)}")

    def solicit(self, every=0, always=True):
        """every S: again after S/2 to S seconds, skipped if another
        node's solicitation was heard in the last S (the prototype)."""
        if always or time.time() - self.heard_solicit > every:
            for loc in list(self.joined):
                self.advertise(loc, solicit=True)
        if every:
            self.at(time.time() + every / 2 + random.random() * every / 2,
                    self.solicit, every, False)

    def send_stp(self, dst, seq):
        c = self.corr.setdefault(dst[1], [dst[0], 0, None])
        dloc = c[0]
        # No way to its locator (we left the network we reached it by):
        # where it last sent from, if we can reach that.
        if self.iface_for(dloc) is None and c[2] is not None and \
                self.iface_for(c[2]) is not None:
            dloc = c[2]
        on = self.iface_for(dloc)
        if on is None:
            self.n["unsent"] += 1
            self.log(f"unsent stp seq={seq} dst={fmt_ilv(dloc, dst[1])}")
            return
        data = stp(self.a.sport, self.a.dport,
                   struct.pack("!Q", seq) + self.fill)
        self.send_on(on, packet(NH_STP, (on, self.nid), (dloc, dst[1]),
                                data, self.a.hlim))
        c[1] = time.time()
        self.n["sent"] += 1
        self.log(f"sent stp seq={seq} dst={fmt_ilv(dloc, dst[1])} "
                 f"on={fmt_id(on)}")

    def sender(self, t0):
        if self.dest is None:
            self.dest = self.resolve(self.a.send_to)
            if self.dest is None:
                if time.time() - t0 > 10:
                    self.log(f"error: {self.a.send_to} not learnt")
                    self.stopping = True
                    return
                self.at(time.time() + 0.1, self.sender, t0)
                return
            self.t_send = time.time()
        now = time.time()
        while self.next_seq < self.a.count and \
                self.t_send + self.next_seq / self.a.rate <= now:
            self.send_stp(self.dest, self.next_seq)
            self.next_seq += 1
        if self.next_seq < self.a.count:
            self.at(self.t_send + self.next_seq / self.a.rate, self.sender,
                    t0)

    def resolve(self, text):
        if text.count(":") == 7:
            return parse_ilv(text)
        e = self.names.get(text)
        return (e[0], e[1]) if e else None

    def move(self, new):
        old = list(self.joined)
        self.log(f"move from={','.join(map(fmt_id, old))} "
                 f"to={','.join(map(fmt_id, new))}")
        for loc in new:
            if loc not in old:
                self.membership(loc, socket.IPV6_JOIN_GROUP)
        # New first: what is sent from now on leaves by a new locator.
        self.joined = new + [x for x in old if x not in new]
        for loc in new:
            if loc not in old:
                self.advertise(loc)
        now = time.time()
        for nid, (loc, last, _) in self.corr.items():
            if now - last <= ACTIVE_SECS:
                self.pending[nid] = 0
                self.send_update(nid, loc, new, old[0])
        self.at(now + self.a.handoff, self.leave, [x for x in old
                                                   if x not in new])

    def send_update(self, nid, loc, new, via):
        if nid not in self.pending:
            return
        tries = self.pending[nid]
        if tries > LU_RETRIES:
            del self.pending[nid]
            self.log(f"unacked nid={fmt_id(nid)}")
            return
        self.pending[nid] = tries + 1
        if via not in self.joined:
            via = self.joined[0]
        self.send_on(via, packet(NH_LU, (via, self.nid), (loc, nid),
                                 update(new)))
        self.log(f"sent update dst={fmt_ilv(loc, nid)} on={fmt_id(via)} "
                 f"try={tries + 1}")
        self.at(time.time() + 1, self.send_update, nid, loc, new, via)

    def leave(self, locs):
        for loc in locs:
            if loc in self.joined:
                self.membership(loc, socket.IPV6_LEAVE_GROUP)
                self.joined.remove(loc)
                self.log(f"left {fmt_id(loc)}")
        self.learnt = {k: v for k, v in self.learnt.items()
                       if v in self.joined}

    # --- receiving ---
    def drop(self, why, data, on):
        self.n["drops"] += 1
        self.log(f"drop {why} len={len(data)} on={fmt_id(on)}")

    def receive(self):
        data, anc, _, frm = self.s.recvmsg(65536, socket.CMSG_SPACE(20))
        on = None
        for level, kind, val in anc:
            if level == socket.IPPROTO_IPV6 and kind == IPV6_PKTINFO:
                pre, on = struct.unpack("!QQ", val[:16])
                if pre != (0xFF12 << 48 | self.group << 16):
                    on = None
        if on is None or on not in self.joined:
            return      # not one of our locators' groups
        p = decode(data)
        if p is None:
            self.drop("short", data, on)
            return
        nh, hlim, src, dst, pl = p
        if frm[0].split("%")[0] in self.own_addrs and dst[1] != self.nid:
            return      # our own, looped back (the prototype's rule)
        self.learnt[src[0]] = on
        if dst[1] != self.nid and dst[0] != ALL_NODES_LOC:
            self.drop("not-for-us", data, on)
            return
        where = f"src={fmt_ilv(*src)}"
        if nh == NH_STP:
            self.rx_stp(src, dst, hlim, pl, on, data)
        elif nh == NH_DISC:
            self.rx_disc(src, hlim, pl, on, data)
        elif nh == NH_LU:
            self.rx_lu(src, dst, pl, on, data, where)
        else:
            self.drop("next-header", data, on)

    def rx_stp(self, src, dst, hlim, pl, on, data):
        if len(pl) < 4:
            self.drop("stp-short", data, on)
            return
        sport, dport = struct.unpack("!HH", pl[:4])
        seq = "-"
        if len(pl) >= 12:
            seq = struct.unpack("!Q", pl[4:12])[0]
            key = (src[1], sport, dport, seq)
            if key in self.seen:
                self.n["dup"] += 1
            self.seen.add(key)
        self.n["stp"] += 1
        c = self.corr.setdefault(src[1], [src[0], 0, None])
        c[1], c[2] = time.time(), src[0]
        self.log(f"stp src={fmt_ilv(*src)} dst={fmt_ilv(*dst)} "
                 f"sport={sport} dport={dport} len={len(pl) - 4} seq={seq} "
                 f"on={fmt_id(on)} hlim={hlim}")

    def rx_disc(self, src, hlim, pl, on, data):
        if len(pl) < 17:
            self.drop("disc-short", data, on)
            return
        nid, loc, flag = struct.unpack("!QQB", pl[:17])
        host = pl[17:].decode("utf-8", "replace")
        self.names[host] = (loc, nid, time.time())
        self.n["disc"] += 1
        self.log(f"disc {'solicit' if flag else 'advert'} host={host} "
                 f"nid={fmt_id(nid)} loc={fmt_id(loc)} src={fmt_ilv(*src)} "
                 f"on={fmt_id(on)} hlim={hlim}")
        if not flag:
            return
        self.heard_solicit = time.time()
        for loc2 in list(self.joined):
            self.advertise(loc2)
        # Flooded on, as the prototype: hop limit down by one.
        if hlim > 0:
            fwd = bytearray(data)
            fwd[7] = hlim - 1
            for loc2 in self.joined:
                if loc2 != on:
                    self.send_on(loc2, bytes(fwd))

    def rx_lu(self, src, dst, pl, on, data, where):
        if not pl:
            self.drop("update-empty", data, on)
            return
        if pl[0] == 0:
            self.n["acks"] += 1
            self.log(f"ack {where} dst={fmt_ilv(*dst)} on={fmt_id(on)}")
            if self.pending.pop(src[1], None) is not None:
                self.log(f"acked nid={fmt_id(src[1])}")
            return
        locs = [struct.unpack("!Q", pl[i:i + 8])[0]
                for i in range(1, len(pl) - 7, 8)]
        if not locs:
            self.drop("update-empty", data, on)
            return
        self.n["updates"] += 1
        self.log(f"update {where} locs={','.join(map(fmt_id, locs))} "
                 f"on={fmt_id(on)}")
        if src[1] in self.corr:
            self.corr[src[1]][0] = locs[0]
        for h, (loc, nid, t) in self.names.items():
            if nid == src[1]:
                self.names[h] = (locs[0], nid, t)
        self.send_on(on, packet(NH_LU, (on, self.nid), (locs[0], src[1]),
                                ACK))
        self.log(f"sent ack dst={fmt_ilv(locs[0], src[1])} on={fmt_id(on)}")

    # --- the loop ---
    def run(self):
        a = self.a
        start = time.time()
        if a.solicit or a.solicit_every:
            self.solicit(a.solicit_every, a.solicit)
        if a.send_to:
            self.at(start + a.send_at, self.sender, start + a.send_at)
        if a.move_to:
            self.at(start + a.at, self.move,
                    [parse_id(x) for x in a.move_to.split(",")])
        if a.duration:
            self.at(start + a.duration, self.stop)
        if a.ready:
            open(a.ready, "w").close()
        while not self.stopping:
            now = time.time()
            while self.timers and self.timers[0][0] <= now:
                _, _, fn, args = heapq.heappop(self.timers)
                fn(*args)
            wait = self.timers[0][0] - time.time() if self.timers else 1
            try:
                r, _, _ = select.select([self.s], [], [], max(wait, 0))
            except InterruptedError:
                continue
            # What is queued, up to 64 (then the timers again: a steady
            # stream must not hold up our own sending).
            self.s.setblocking(False)
            for _ in range(64 if r else 0):
                try:
                    self.receive()
                except BlockingIOError:
                    break
            self.s.setblocking(True)
        self.log("summary " + " ".join(
            f"{k}={v}" for k, v in [("sent", self.n["sent"]),
                                    ("unsent", self.n["unsent"]),
                                    ("stp", self.n["stp"]),
                                    ("unique", len(self.seen)),
                                    ("dup", self.n["dup"]),
                                    ("disc", self.n["disc"]),
                                    ("updates", self.n["updates"]),
                                    ("acks", self.n["acks"]),
                                    ("drops", self.n["drops"])]))
        return 0

    def stop(self, *_):
        self.stopping = True


def cmd_run(a):
    peer = Peer(a)
    signal.signal(signal.SIGTERM, peer.stop)
    signal.signal(signal.SIGINT, peer.stop)
    return peer.run()


def cmd_inject(a):
    loc = parse_id(a.loc)
    src = (loc, parse_id(a.nid))
    dst = parse_ilv(a.dst)
    kinds = {
        "stp": None,
        "stp0": None,
        "short": packet(NH_STP, src, dst, b"")[:30],
        "stp-short": packet(NH_STP, src, dst, b"\x00\x07"),
        "disc-short": packet(NH_DISC, src, (ALL_NODES_LOC, 0), b"x" * 10),
        "update-empty": packet(NH_LU, src, dst, b""),
    }
    s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
    s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_MULTICAST_LOOP, 0)
    s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_MULTICAST_HOPS, 1)
    ifindex = socket.if_nametoindex(a.dev)
    for item in a.kind.split(","):
        kind, _, text = item.partition("=")
        if kind not in kinds:
            raise SystemExit(f"unknown kind {kind}")
        pkt = kinds[kind] or packet(NH_STP, src, dst,
                                    stp(a.sport, a.dport, text.encode()),
                                    0 if kind == "stp0" else DEF_HLIM)
        s.sendto(pkt, (group_addr(loc, a.group), a.port, 0, ifindex))
        print(f"sent {item} ({len(pkt)} bytes)")
        time.sleep(0.01)
    return 0


# --- self-test ---

# Written out by hand from the reference's tables, not produced by the
# encoders above: what they are checked against.
BYTES = [
    ("solicitation: alice ffff:0:0:a on 0:0:0:a, hop limit 3",
     lambda: packet(NH_DISC, (0xA, 0xFFFF00000000000A), (ALL_NODES_LOC, 0),
                    disc(0xFFFF00000000000A, 0xA, True, "alice")),
     "00000000" "0016" "2b" "03"
     "000000000000000a" "ffff00000000000a"
     "ff02000000000001" "0000000000000000"
     "ffff00000000000a" "000000000000000a" "01" "616c696365"),
    ("advertisement: bob ffff:0:0:b on 0:0:0:b",
     lambda: packet(NH_DISC, (0xB, 0xFFFF00000000000B), (ALL_NODES_LOC, 0),
                    disc(0xFFFF00000000000B, 0xB, False, "bob")),
     "00000000" "0014" "2b" "03"
     "000000000000000b" "ffff00000000000b"
     "ff02000000000001" "0000000000000000"
     "ffff00000000000b" "000000000000000b" "00" "626f62"),
    ("STP 5001 -> 9000, seq 7 and 4 bytes of fill",
     lambda: packet(NH_STP, (0xA, 0xFFFF00000000000A),
                    (0xB, 0xFFFF00000000000B),
                    stp(5001, 9000, struct.pack("!Q", 7) + b"abcd")),
     "00000000" "0010" "2a" "03"
     "000000000000000a" "ffff00000000000a"
     "000000000000000b" "ffff00000000000b"
     "1389" "2328" "0000000000000007" "61626364"),
    ("locator update to b, new set c, d, via a",
     lambda: packet(NH_LU, (0xA, 0xFFFF00000000000A),
                    (0xB, 0xFFFF00000000000B), update([0xC, 0xD])),
     "00000000" "0011" "2c" "03"
     "000000000000000a" "ffff00000000000a"
     "000000000000000b" "ffff00000000000b"
     "01" "000000000000000c" "000000000000000d"),
    ("ack to (c, alice) on b",
     lambda: packet(NH_LU, (0xB, 0xFFFF00000000000B),
                    (0xC, 0xFFFF00000000000A), ACK),
     "00000000" "0001" "2c" "03"
     "000000000000000b" "ffff00000000000b"
     "000000000000000c" "ffff00000000000a" "00"),
]


def selftest_bytes():
    bad = 0
    for what, make, want in BYTES:
        got = make().hex()
        ok = got == want
        bad += not ok
        print(f"{'ok' if ok else 'FAIL'}: bytes of {what}"
              + ("" if ok else f"\n  got  {got}\n  want {want}"))
    ok = group_addr(0xA, 0x3E8) == "ff12:0:3e8::a"
    bad += not ok
    print(f"{'ok' if ok else 'FAIL'}: uid 1000, locator 0:0:0:a -> "
          f"{group_addr(0xA, 0x3E8)}")
    p = decode(bytes.fromhex(BYTES[2][2]))
    ok = p == (NH_STP, 3, (0xA, 0xFFFF00000000000A),
               (0xB, 0xFFFF00000000000B), bytes.fromhex(BYTES[2][2])[40:])
    bad += not ok
    print(f"{'ok' if ok else 'FAIL'}: decode of the STP packet")
    return bad


def sh(*cmd, check=True):
    return subprocess.run(cmd, check=check, capture_output=True, text=True)


def read_log(path):
    with open(path) as f:
        return [line.split() for line in f]


def selftest_netns():
    """Two peers on a bridge: bob stays on b and c, alice starts on b,
    moves to c after 3 s (handoff 2 s), 600 datagrams each way at 100/s."""
    tag = f"pp{os.getpid()}"
    na, nb, br = f"{tag}a", f"{tag}b", f"{tag}br"
    tmp = tempfile.mkdtemp(prefix="protopeer-")
    me = os.path.abspath(__file__)
    bad = 0
    procs = []

    def check(what, ok, detail=""):
        nonlocal bad
        bad += not ok
        print(f"{'ok' if ok else 'FAIL'}: {what}"
              + (f" ({detail})" if detail else ""))

    try:
        sh("ip", "link", "add", br, "type", "bridge", "mcast_snooping", "0")
        sh("ip", "link", "set", br, "up")
        for ns in (na, nb):
            sh("ip", "netns", "add", ns)
            sh("ip", "link", "add", f"v{ns}", "type", "veth", "peer", "name",
               "eth0", "netns", ns)
            sh("ip", "link", "set", f"v{ns}", "master", br, "up")
            sh("ip", "-n", ns, "link", "set", "lo", "up")
            sh("ip", "-n", ns, "addr", "add",
               f"fe80::{'a' if ns == na else 'b'}/64", "dev", "eth0",
               "nodad")
            sh("ip", "-n", ns, "link", "set", "eth0", "up")
        common = ["--dev", "eth0", "--group", "7", "--duration", "12"]
        logb, loga = f"{tmp}/bob.log", f"{tmp}/alice.log"
        procs.append(subprocess.Popen(
            ["ip", "netns", "exec", nb, sys.executable, me, "run",
             "--nid", "ffff:0:0:b", "--loc", "0:0:0:b,0:0:0:c",
             "--hostname", "bob", "--log", logb, "--ready", f"{tmp}/rb",
             "--send-to", "alice", "--send-at", "1", "--sport", "9000",
             "--dport", "9001", "--count", "600"] + common))
        for _ in range(50):
            if os.path.exists(f"{tmp}/rb"):
                break
            time.sleep(0.1)
        procs.append(subprocess.Popen(
            ["ip", "netns", "exec", na, sys.executable, me, "run",
             "--nid", "ffff:0:0:a", "--loc", "0:0:0:b", "--hostname",
             "alice", "--log", loga, "--solicit", "--send-to", "bob",
             "--send-at", "0.5", "--sport", "9001", "--dport", "9000",
             "--count", "600", "--move-to", "0:0:0:c", "--at", "3",
             "--handoff", "2"] + common))
        time.sleep(9)
        sh("ip", "netns", "exec", na, sys.executable, me, "inject",
           "--dev", "eth0", "--loc", "0:0:0:c", "--group", "7",
           "--nid", "ffff:0:0:99", "--dst", "0:0:0:c:ffff:0:0:b",
           "--dport", "9000", "short,stp-short,disc-short,update-empty,"
           "stp=control")
        for p in procs:
            p.wait(timeout=30)
        la, lb = read_log(loga), read_log(logb)

        def lines(log, ev, *kv):
            return [x for x in log if x[1] == ev and
                    all(k in x for k in kv)]

        check("alice learnt bob",
              bool(lines(la, "disc", "advert", "host=bob", "nid=ffff:0:0:b",
                         "loc=0:0:0:b")))
        check("bob learnt alice (her solicitation)",
              bool(lines(lb, "disc", "solicit", "host=alice",
                         "nid=ffff:0:0:a", "loc=0:0:0:b")))
        check("bob answered on both his locators",
              len(lines(lb, "sent", "advert")) == 2)
        check("alice advertised on c when she moved",
              bool(lines(la, "sent", "advert", "on=0:0:0:c")))
        check("bob took alice's update via b",
              bool(lines(lb, "update", "src=0:0:0:b:ffff:0:0:a",
                         "locs=0:0:0:c", "on=0:0:0:b")))
        check("bob acked to (c, alice) on b",
              bool(lines(lb, "sent", "ack", "dst=0:0:0:c:ffff:0:0:a",
                         "on=0:0:0:b")))
        check("alice got the ack, first try",
              bool(lines(la, "acked", "nid=ffff:0:0:b")) and
              len(lines(la, "sent", "update")) == 1)
        check("alice left b", bool(lines(la, "left", "0:0:0:b")))
        ctl = lines(lb, "stp", "src=0:0:0:c:ffff:0:0:99")
        check("bob took the injected valid datagram", len(ctl) == 1 and
              "len=7" in ctl[0] and "seq=-" in ctl[0])
        for name, log in (("alice", la), ("bob", lb)):
            seqs = [int(x[7][4:]) for x in lines(log, "stp")
                    if "src=0:0:0:c:ffff:0:0:99" not in x]
            check(f"{name} got 600 datagrams once each, in order",
                  seqs == list(range(600)), f"{len(seqs)} received, "
                  f"{len(set(seqs))} distinct")
            sent = lines(log, "sent", "stp")
            check(f"{name} sent 600", len(sent) == 600)
        locs = {x[-2] for x in lines(lb, "stp")}
        check("alice's datagrams came on b, then on c",
              locs == {"on=0:0:0:b", "on=0:0:0:c"}, ",".join(sorted(locs)))
        got_c = lines(la, "stp", "src=0:0:0:c:ffff:0:0:b")
        check("bob's datagrams followed alice to c", bool(got_c))
        drops = sorted(x[2] for x in lines(lb, "drop"))
        check("bob dropped the four malformed packets",
              drops == ["disc-short", "short", "stp-short", "update-empty"],
              ",".join(drops))
        summ = lines(lb, "summary")
        check("bob's summary", bool(summ) and "stp=601" in summ[0] and
              "dup=0" in summ[0] and "drops=4" in summ[0],
              " ".join(summ[0][2:]) if summ else "none")
    finally:
        for p in procs:
            if p.poll() is None:
                p.kill()
        for ns in (na, nb):
            sh("ip", "netns", "del", ns, check=False)
        sh("ip", "link", "del", br, check=False)
        if bad:
            print(f"logs kept in {tmp}")
        else:
            shutil.rmtree(tmp)
    return bad


def cmd_selftest(a):
    bad = selftest_bytes()
    if not a.bytes_only:
        bad += selftest_netns()
    print("selftest:", "FAIL" if bad else "ok")
    return 1 if bad else 0


def main():
    ap = argparse.ArgumentParser(
        description="a scripted node of the 2021 ILNP prototype")
    sub = ap.add_subparsers(dest="cmd", required=True)
    r = sub.add_parser("run")
    r.add_argument("--dev", required=True)
    r.add_argument("--nid", required=True)
    r.add_argument("--loc", required=True)
    r.add_argument("--hostname", required=True)
    r.add_argument("--group", type=int, default=os.getuid() % 65536)
    r.add_argument("--port", type=int, default=PORT)
    r.add_argument("--hlim", type=int, default=DEF_HLIM)
    r.add_argument("--log")
    r.add_argument("--ready")
    r.add_argument("--duration", type=float, default=0)
    r.add_argument("--solicit", action="store_true")
    r.add_argument("--solicit-every", type=float, default=0)
    r.add_argument("--send-to")
    r.add_argument("--sport", type=int, default=PORT)
    r.add_argument("--dport", type=int, default=PORT)
    r.add_argument("--rate", type=float, default=100)
    r.add_argument("--count", type=int, default=500)
    r.add_argument("--size", type=int, default=1396)
    r.add_argument("--send-at", type=float, default=0)
    r.add_argument("--move-to")
    r.add_argument("--at", type=float, default=0)
    r.add_argument("--handoff", type=float, default=10)
    i = sub.add_parser("inject")
    i.add_argument("kind")
    i.add_argument("--dev", required=True)
    i.add_argument("--loc", required=True)
    i.add_argument("--group", type=int, default=os.getuid() % 65536)
    i.add_argument("--port", type=int, default=PORT)
    i.add_argument("--nid", default="ffff:0:0:99")
    i.add_argument("--dst", default="0:0:0:b:ffff:0:0:b")
    i.add_argument("--sport", type=int, default=4242)
    i.add_argument("--dport", type=int, default=7200)
    t = sub.add_parser("selftest")
    t.add_argument("--bytes-only", action="store_true")
    a = ap.parse_args()
    if a.cmd == "run" and a.size < 8:
        ap.error("--size must hold the 8-byte sequence number")
    return {"run": cmd_run, "inject": cmd_inject,
            "selftest": cmd_selftest}[a.cmd](a)


if __name__ == "__main__":
    sys.exit(main())
