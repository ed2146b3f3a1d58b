#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Structure-aware packet fuzzer for the ilnp overlay: a stranger on the
underlay sends mutated overlay datagrams to a node's UDP port, on the
multicast groups of its locators (and a few it has not joined).

  pktfuzz.py DEV --locs L1,L2 --nid NID [--peer ILV] [--ports P,P]
             [--seed S] [--start I] [--count N] [--rate R] [--dump]
             [--group G] [--port P] [--seconds S] [--progress K]
             [--profile native|prototype]

Packet I of seed S is a pure function of (S, I): each has its own
random generator, so a failing run is replayed exactly with the same
--seed, and narrowed down with --start/--count (the node's state, built
by the packets before, may matter: replay from 0 first).  --dump prints
each packet in hex instead of sending it.

Every packet starts from a valid one of a kind the node understands:
echo request and reply, STP datagram, discovery solicitation and
advertisement, locator update and ack, each with or without the RFC
6744 nonce option.  Then fields are set to boundary or random values
(addresses among the node's own, the peer's, all-nodes, zero and random;
hop limit; counts, lengths, types, codes, sequence numbers, ports,
hostnames; option lengths and types), and most of the time the inner
payload length and the checksum are fixed up afterwards so that the
packet gets past the cheap checks into the parsers.  Last, a few get
raw byte damage: bit flips, bytes set, cut short, grown, spliced.
A packet may be sent more than once in a row (repeats).

With --profile prototype the packets are those of the 2021 prototype's
wire instead (a device made with "profile prototype"): a 40-byte header
with random first bytes, a payload length right or wrong, next header
42 (STP: ports only, shorter than them too), 43 (discovery: NID,
locator, flag, hostname; hostnames empty, too long, not UTF-8, with
NULs; NID 0; flags other than 0 and 1; the fixed part cut), 44 (updates
of 0 to 20 locators and lengths not 1 + 8n, acks with bytes after them,
other first bytes) or sometimes any other, hop limits 0 to 255; the
same raw damage.  Native packets are unchanged by the option: packet I
of seed S is the same as before.

Prints the seed first and, at the end, a line "sent N packets (KIND
counts) in T s".  Built on tests/lib (ilnppkt, discpkt, stppkt): the
same independent encoders the other tests use.
"""
import argparse
import os
import random
import socket
import struct
import sys
import time

LIB = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib")
sys.path.insert(0, LIB)
import discpkt  # noqa: E402
import ilnppkt  # noqa: E402
import stppkt  # noqa: E402

ALL_NODES = ilnppkt.ALL_NODES
NH_ICMP, NH_STP, NH_DSTOPTS = 58, 17, 60
KINDS = ("echo-req", "echo-rep", "stp", "disc-sol", "disc-adv", "lu-adv",
         "lu-ack")
U8 = (0, 1, 2, 0x7f, 0x80, 0xfe, 0xff)
U16 = (0, 1, 2, 7, 8, 0x7fff, 0x8000, 0xfffe, 0xffff)
U32 = (0, 1, 0x7fffffff, 0x80000000, 0xffffffff)
U64 = (0, 1, 0xff02000000000001, 0x8000000000000000, 0xffffffffffffffff)


class Ctx:
    """What the fuzzer knows of its target, to aim at the paths that
    matter: the node's locators and NID, a peer it talks to, the ports
    it has bound."""

    def __init__(self, a):
        self.locs = [ilnppkt.parse_id(x) for x in a.locs.split(",")]
        self.nid = ilnppkt.parse_id(a.nid)
        self.peer = ilnppkt.parse_ilv(a.peer) if a.peer else None
        self.ports = [int(p) for p in a.ports.split(",")] if a.ports else []


def pick_int(r, bits, table):
    x = r.random()
    if x < 0.5:
        return r.choice(table) & ((1 << bits) - 1)
    return r.getrandbits(bits)


def pick_nid(r, c, own_ok=True):
    x = r.random()
    if c.peer and x < 0.35:
        return c.peer[1]
    if x < 0.45 and own_ok:
        return c.nid
    if x < 0.55:
        return 0
    if x < 0.7:
        return 0xffff000000000000 | r.randrange(16)
    return r.getrandbits(64)


def pick_loc(r, c):
    x = r.random()
    if x < 0.5:
        return r.choice(c.locs)
    if c.peer and x < 0.6:
        return c.peer[0]
    if x < 0.65:
        return ALL_NODES[0]
    if x < 0.75:
        return r.choice(U64)
    if x < 0.85:
        return r.randrange(1, 32)
    return r.getrandbits(64)


def addresses(r, c, kind):
    """(src, dst) I-LVs: mostly aimed at the node, sometimes not."""
    src = (pick_loc(r, c), pick_nid(r, c))
    if kind.startswith("disc") and r.random() < 0.85:
        dst = ALL_NODES
    elif r.random() < 0.8:
        dst = (r.choice(c.locs), c.nid)
    else:
        dst = (pick_loc(r, c), pick_nid(r, c))
    return src, dst


def hostname(r):
    x = r.random()
    if x < 0.4:
        return f"h{r.randrange(100)}".encode()
    if x < 0.5:
        return b""
    if x < 0.6:
        return b"x" * r.choice((62, 63, 64, 255))
    if x < 0.7:
        return b"-bad-" if r.random() < 0.5 else b"a..b"
    return r.randbytes(r.randrange(0, 80))


def loc_entries(r, c, n):
    return [(pick_loc(r, c), pick_int(r, 16, U16), pick_int(r, 32, U32))
            for _ in range(n)]


def body_echo(r, c, src, dst, type_):
    size = r.choice((0, 1, 8, 56, r.randrange(0, 1500)))
    payload = r.randbytes(min(size, 64))
    payload = (payload * (size // max(1, len(payload)) + 1))[:size]
    return ilnppkt.icmp_echo(src, dst, type_=type_,
                             ident=pick_int(r, 16, U16),
                             seq=pick_int(r, 16, U16), payload=payload), \
        NH_ICMP


def body_stp(r, c, src, dst):
    dport = r.choice(c.ports) if c.ports and r.random() < 0.7 \
        else pick_int(r, 16, U16)
    sport = pick_int(r, 16, U16)
    size = r.choice((0, 1, 5, r.randrange(0, 1400)))
    data = r.randbytes(min(size, 32))
    data = (data * (size // max(1, len(data)) + 1))[:size]
    kind = r.choice(("valid", "valid", "valid", "checksum", "zero", "long",
                     "short"))
    return stppkt.stp(src, dst, sport, dport, data, kind), NH_STP


def body_disc(r, c, src, type_):
    n = r.choice((0, 1, 1, 2, 16, 17, r.randrange(0, 256)))
    present = n if r.random() < 0.7 else r.randrange(0, 20)
    nloc = n if r.random() < 0.8 else pick_int(r, 8, U8)
    name = hostname(r)
    seq = pick_int(r, 32, U32)
    # The origin must be the inner source's NID, or it is malformed.
    origin = src[1] if r.random() < 0.9 else pick_nid(r, c)
    m = discpkt.disc_msg((src[0], origin), seq,
                         loc_entries(r, c, min(present, 40)), name[:255],
                         type_, nloc=nloc & 0xff)
    if r.random() < 0.2:         # hostname_len disagrees with the bytes
        m = m[:7] + bytes([pick_int(r, 8, U8)]) + m[8:]
    return m, NH_ICMP


def body_lu(r, c, src, dst, op):
    n = r.choice((0, 1, 1, 2, 16, 17, r.randrange(0, 40)))
    nloc = n if r.random() < 0.8 else pick_int(r, 8, U8)
    seq = pick_int(r, 16, U16)
    if r.random() < 0.2:
        op = pick_int(r, 8, U8)
    lu = struct.pack("!BBHBBH", 156, 0 if r.random() < 0.9 else
                     pick_int(r, 8, U8), 0, nloc & 0xff, op, seq)
    for loc, pref, life in loc_entries(r, c, n):
        lu += struct.pack("!QHH", loc, pref, life & 0xffff)
    return lu, NH_ICMP


def nonce_opt(r, next_hdr):
    """A Destination Options header: usually the 8-byte nonce option,
    else the 12-byte form, padding, unknown options, bad lengths."""
    nonce = pick_int(r, 32, U32)
    x = r.random()
    if x < 0.5:
        return struct.pack("!BBBBI", next_hdr, 0, 0x8B, 4, nonce)
    if x < 0.6:      # 96-bit nonce, padded to 16 bytes
        return struct.pack("!BBBBIII", next_hdr, 1, 0x8B, 12, nonce, 0, 0)
    if x < 0.7:      # Pad1s and PadN around the nonce
        return struct.pack("!BBBBBB", next_hdr, 1, 0, 1, 2, 0) + b"\0\0" + \
            struct.pack("!BBI", 0x8B, 4, nonce) + b"\0\0"
    if x < 0.8:      # an unknown option: skip (00) or discard (01-11)
        t = r.choice((0x1e, 0x5e, 0x9e, 0xde, 0x8b))
        return struct.pack("!BBBBI", next_hdr, 0, t, pick_int(r, 8, U8),
                           nonce)
    if x < 0.85:     # nested destination options
        return struct.pack("!BBBBI", NH_DSTOPTS, 0, 0x8B, 4, nonce)
    n = r.randrange(0, 4)
    opt = bytes([next_hdr, pick_int(r, 8, U8)]) + \
        r.randbytes(6 + 8 * n)
    return opt


def icmp_fix(src, dst, msg):
    """Set the ICMPv6-format checksum of @msg (I-LV pseudo-header)."""
    if len(msg) < 4:
        return msg
    msg = msg[:2] + b"\0\0" + msg[4:]
    pseudo = struct.pack("!QQQQIxxxB", src[0], src[1], dst[0], dst[1],
                         len(msg), NH_ICMP)
    return msg[:2] + struct.pack("!H", ilnppkt.checksum(pseudo + msg)) + \
        msg[4:]


def stp_fix(src, dst, seg):
    if len(seg) < 8:
        return seg
    seg = seg[:6] + b"\0\0" + seg[8:]
    return seg[:6] + struct.pack("!H", stppkt.stp_checksum(src, dst, seg)) \
        + seg[8:]


def damage(r, msg):
    """Structure-blind damage to an upper-layer message."""
    msg = bytearray(msg)
    for _ in range(r.choice((1, 1, 2, 4))):
        x = r.random()
        if x < 0.35 and msg:
            i = r.randrange(len(msg))
            msg[i] ^= 1 << r.randrange(8)
        elif x < 0.6 and msg:
            msg[r.randrange(len(msg))] = r.choice(U8)
        elif x < 0.75 and msg:
            del msg[r.randrange(len(msg)):]
        elif x < 0.9:
            i = r.randrange(len(msg) + 1)
            msg[i:i] = r.randbytes(r.choice((1, 2, 4, 12)))
        elif msg:
            i = r.randrange(len(msg))
            j = r.randrange(i, len(msg) + 1)
            msg += msg[i:j]
    return bytes(msg)


def make(seed, i, c):
    """Packet @i of @seed: (kind, bytes, repeats)."""
    r = random.Random(f"{seed}:{i}")
    kind = r.choice(KINDS)
    src, dst = addresses(r, c, kind)
    if kind == "echo-req":
        msg, nh = body_echo(r, c, src, dst, 128)
    elif kind == "echo-rep":
        msg, nh = body_echo(r, c, src, dst, 129)
    elif kind == "stp":
        msg, nh = body_stp(r, c, src, dst)
    elif kind == "disc-sol":
        msg, nh = body_disc(r, c, src, 200)
    elif kind == "disc-adv":
        msg, nh = body_disc(r, c, src, 201)
    else:
        msg, nh = body_lu(r, c, src, dst, 1 if kind == "lu-adv" else 2)
    fix = r.random() < 0.85
    if r.random() < 0.15:
        msg = damage(r, msg)
    if fix:     # past the checksum, into the parsers
        msg = icmp_fix(src, dst, msg) if nh == NH_ICMP else \
            stp_fix(src, dst, msg)
    if r.random() < (0.6 if kind.startswith("lu") else 0.2):
        msg = nonce_opt(r, nh) + msg
        nh = NH_DSTOPTS
    if r.random() < 0.05:
        nh = pick_int(r, 8, (0, 6, 17, 43, 44, 58, 59, 60, 255))
    hlim = r.choice((1, 2, 3, 3, 3, 64, 255)) if r.random() < 0.9 else 0
    plen = len(msg) if r.random() < 0.9 else pick_int(r, 16, U16)
    version = 6 if r.random() < 0.97 else r.randrange(16)
    pkt = ilnppkt.header(src, dst, plen & 0xffff, nh=nh, hlim=hlim,
                         version=version) + msg
    if r.random() < 0.03:        # cut into the inner header
        pkt = pkt[:r.randrange(0, 41)]
    if r.random() < 0.02 and pkt:    # traffic class and flow label
        pkt = bytes([pkt[0] | r.randrange(16)]) + \
            r.randbytes(3) + pkt[4:]
    if len(pkt) > 1452:          # fits one underlay frame, no fragments
        pkt = pkt[:1452]
    repeats = 1 if r.random() < 0.97 else r.choice((2, 3, 10))
    return kind, pkt, repeats


# The prototype profile (Documentation/protocol.rst): 40-byte header,
# version ignored, next header 42 STP (ports only), 43 discovery
# (NID | locator | flag | hostname), 44 locator update (0x01 + locators)
# or ack (0x00).  Written here from that table, not from net/ilnp/proto.c.
P_NH_STP, P_NH_DISC, P_NH_LU = 42, 43, 44
P_KINDS = ("p-stp", "p-disc-sol", "p-disc-adv", "p-update", "p-ack",
           "p-lu-other")


def p_hostname(r):
    """Valid names, and every way of not being one the node may send."""
    x = r.random()
    if x < 0.35:
        return f"h{r.randrange(100)}".encode()
    if x < 0.45:
        return b""
    if x < 0.55:
        return b"x" * r.choice((63, 64, 255, 1300))
    if x < 0.62:                         # not UTF-8
        return b"h" + bytes([r.choice((0x80, 0xc3, 0xfe, 0xff))]) + b"x"
    if x < 0.7:                          # NUL inside, or at the end
        return r.choice((b"ab\0cd", b"ab\0", b"\0"))
    if x < 0.8:
        return r.choice((b"-bad-", b"a..b", b"a b", b"h\xc3\xa9",
                         b"UPPER", b"."))
    return r.randbytes(r.randrange(0, 80))


def p_sized(r, size):
    data = r.randbytes(min(size, 32))
    return (data * (size // max(1, len(data)) + 1))[:size]


def p_body_stp(r, c):
    dport = r.choice(c.ports) if c.ports and r.random() < 0.7 \
        else pick_int(r, 16, U16)
    data = struct.pack("!HH", pick_int(r, 16, U16), dport) + \
        p_sized(r, r.choice((0, 1, 4, 64, r.randrange(0, 1401))))
    if r.random() < 0.1:                 # shorter than its ports
        data = data[:r.randrange(0, 4)]
    return data


def p_body_disc(r, c, src, flag):
    # The origin must be the source's NID; sometimes 0 or another.
    x = r.random()
    nid = src[1] if x < 0.8 else 0 if x < 0.9 else pick_nid(r, c)
    loc = src[0] if r.random() < 0.8 else pick_loc(r, c)
    if r.random() < 0.15:
        flag = r.choice((2, 0x7f, 0x80, 0xff, r.randrange(256)))
    m = struct.pack("!QQB", nid, loc, flag) + p_hostname(r)
    if r.random() < 0.08:                # the fixed part cut short
        m = m[:r.randrange(0, 17)]
    return m


def p_body_lu(r, c, kind):
    if kind == "p-update":
        n = r.choice((0, 1, 1, 2, 16, 17, r.randrange(0, 21)))
        m = b"\x01" + b"".join(struct.pack("!Q", pick_loc(r, c))
                               for _ in range(n))
        if r.random() < 0.15:            # not 1 + 8n
            m = m[:-r.randrange(1, 8)] if n and r.random() < 0.5 else \
                m + r.randbytes(r.randrange(1, 8))
        return m
    if kind == "p-ack":
        return b"\x00" + (r.randbytes(r.choice((1, 7, 8, 100)))
                          if r.random() < 0.3 else b"")
    if r.random() < 0.2:
        return b""
    first = r.choice((2, 0x7f, 0x80, 0xff, r.randrange(2, 256)))
    return bytes([first]) + r.randbytes(r.choice((0, 8, 16)))


def p_header(r, src, dst, plen, nh, hlim):
    x = r.random()
    first = b"\0\0\0\0" if x < 0.5 else struct.pack("!I", 6 << 28) \
        if x < 0.6 else r.randbytes(4)
    return first + struct.pack("!HBBQQQQ", plen, nh, hlim, src[0], src[1],
                               dst[0], dst[1])


def make_proto(seed, i, c):
    """Packet @i of @seed on the prototype's wire: (kind, bytes, repeats)."""
    r = random.Random(f"{seed}:{i}:prototype")
    kind = r.choice(P_KINDS)
    src, dst = addresses(r, c, "disc" if kind.startswith("p-disc") else
                         kind)
    if kind == "p-stp":
        msg, nh = p_body_stp(r, c), P_NH_STP
    elif kind.startswith("p-disc"):
        msg, nh = p_body_disc(r, c, src, int(kind == "p-disc-sol")), \
            P_NH_DISC
    else:
        msg, nh = p_body_lu(r, c, kind), P_NH_LU
    if r.random() < 0.15:
        msg = damage(r, msg)
    if r.random() < 0.08:                # any next header: native, 0...
        nh = pick_int(r, 8, (0, 17, 41, 42, 43, 44, 45, 58, 60, 255))
    hlim = r.choice((0, 1, 2, 3, 3, 3, 64, 255))
    plen = len(msg) if r.random() < 0.7 else pick_int(r, 16, U16)
    pkt = p_header(r, src, dst, plen & 0xffff, nh, hlim) + msg
    if r.random() < 0.03:                # cut into the header
        pkt = pkt[:r.randrange(0, 41)]
    if len(pkt) > 1452:
        pkt = pkt[:1452]
    repeats = 1 if r.random() < 0.97 else r.choice((2, 3, 10))
    return kind, pkt, repeats


def destination(r, c, a, ifindex):
    """Mostly a joined group; sometimes one not joined or another G."""
    x = r.random()
    if x < 0.9:
        loc, group = r.choice(c.locs), a.group
    elif x < 0.95:
        loc, group = r.getrandbits(64), a.group
    else:
        loc, group = r.choice(c.locs), r.getrandbits(16)
    return (ilnppkt.group_addr(loc, group), a.port, 0, ifindex)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dev")
    ap.add_argument("--locs", required=True, help="the node's locators")
    ap.add_argument("--nid", required=True, help="the node's NID")
    ap.add_argument("--peer", help="I-LV of a node it talks to")
    ap.add_argument("--ports", help="STP ports bound on the node")
    ap.add_argument("--seed", type=int)
    ap.add_argument("--start", type=int, default=0)
    ap.add_argument("--count", type=int, default=1000)
    ap.add_argument("--rate", type=float, default=0,
                    help="packets a second at most (0: no limit)")
    ap.add_argument("--group", type=int, default=0)
    ap.add_argument("--port", type=int, default=ilnppkt.PORT)
    ap.add_argument("--seconds", type=float, default=0,
                    help="stop after this long (0: when COUNT are sent)")
    ap.add_argument("--profile", choices=("native", "prototype"),
                    default="native", help="the wire the node speaks")
    ap.add_argument("--dump", action="store_true")
    ap.add_argument("--progress", type=int, default=0,
                    help="print a line every N packets")
    a = ap.parse_args()
    if a.seed is None:
        a.seed = int.from_bytes(os.urandom(4), "big")
    print(f"pktfuzz: seed {a.seed} start {a.start} count {a.count}",
          flush=True)
    c = Ctx(a)
    s, ifindex = ilnppkt.underlay_sender(a.dev, loop=False)
    s.setblocking(False)
    proto = a.profile == "prototype"
    counts = {k: 0 for k in (P_KINDS if proto else KINDS)}
    t0 = time.monotonic()
    sent = errors = 0
    for i in range(a.start, a.start + a.count):
        kind, pkt, repeats = (make_proto if proto else make)(a.seed, i, c)
        counts[kind] += 1
        if a.dump:
            print(f"{i} {kind} x{repeats} {pkt.hex()}")
            continue
        to = destination(random.Random(f"{a.seed}:{i}:to"), c, a, ifindex)
        for _ in range(repeats):
            try:
                s.sendto(pkt, to)
                sent += 1
            except (BlockingIOError, OSError):
                errors += 1
                time.sleep(0.001)
        if a.rate:
            ahead = (i - a.start + 1) / a.rate - (time.monotonic() - t0)
            if ahead > 0:
                time.sleep(ahead)
        elif i % 32 == 31:       # let the receiver's softirq keep up
            time.sleep(0.0005)
        if a.seconds and time.monotonic() - t0 > a.seconds:
            print(f"pktfuzz: time is up after packet {i}", flush=True)
            break
        if a.progress and (i - a.start + 1) % a.progress == 0:
            print(f"pktfuzz: {i - a.start + 1} packets, "
                  f"{time.monotonic() - t0:.0f} s", flush=True)
    kinds = " ".join(f"{k} {v}" for k, v in counts.items())
    print(f"pktfuzz: sent {sent} packets ({kinds}; {errors} send errors) "
          f"in {time.monotonic() - t0:.1f} s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
