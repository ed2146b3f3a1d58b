#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Build and inject ILNP discovery messages (solicitation 200,
advertisement 201), for the tests.

  discpkt.py inject DEV LOC [--random N] [--bad-nloc K ...] [--hostname H]
                    [--src-loc L] [--hlim N] [--type T] [--loop]
                    [--nid NID [--gap S]]
      to the multicast group of locator LOC out of DEV, with a plain UDP
      socket (no ilnp device needed on the sender): first one malformed
      message per --bad-nloc (a locator count K that disagrees with the
      message: 0, more than 16, or more than the entries present; the
      checksum is right, so only the discovery check can refuse it), then
      N well-formed messages, each from a new random NID (a node the
      receiver has never heard); with --nid, all N from that one NID,
      sequence numbers 1 to N, S seconds apart.  Multicast loopback is off
      unless --loop:
      an ilnp node in the sender's own namespace does not hear them.
  discpkt.py dump DEV [--count N] [--timeout S] [--ready F]
      print each discovery message seen on DEV, decoded, one line each:
      "type=T nid=NID seq=N hlim=N src=ILV group=LOC locs=L/P/T,...
      host=NAME"

Message layout: Documentation/protocol.rst (24-byte header, 16 bytes per
locator entry, then the hostname; ICMPv6 checksum over the inner I-LVs).
Independent of the C code on purpose: it is what checks it.  One Python
start sends a whole batch (Python starts slowly in a debug VM).
"""
import argparse
import os
import struct
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ilnppkt import (ALL_NODES, PORT, checksum, fmt_id,  # noqa: E402
                     group_addr, header, parse_id, sniff, underlay_sender)

SOLICIT, ADVERT = 200, 201
HDR = "!BBHHBBQII"          # type code csum reserved nloc hlen nid seq rsvd
LOC = "!QHHI"               # locator preference reserved lifetime


def disc_msg(src, seq, locs, hostname=b"", type_=ADVERT, nloc=None):
    """The discovery message (no inner header) from src = (locator, NID):
    locs is a list of (locator, preference, lifetime); nloc overrides the
    count written in the header (to forge a malformed one)."""
    n = len(locs) if nloc is None else nloc
    body = struct.pack(HDR, type_, 0, 0, 0, n, len(hostname), src[1], seq,
                       0)
    for loc, pref, life in locs:
        body += struct.pack(LOC, loc, pref, 0, life)
    body += hostname
    pseudo = struct.pack("!QQQQIxxxB", src[0], src[1], ALL_NODES[0],
                         ALL_NODES[1], len(body), 58)
    c = checksum(pseudo + body)
    return body[:2] + struct.pack("!H", c) + body[4:]


def packet(src, seq, locs, hostname=b"", type_=ADVERT, nloc=None, hlim=3):
    """Inner header and message, ready for the underlay."""
    m = disc_msg(src, seq, locs, hostname, type_, nloc)
    return header(src, ALL_NODES, len(m), hlim=hlim) + m


def random_nid():
    return int.from_bytes(os.urandom(8), "big") | 1


def inject(a):
    s, ifindex = underlay_sender(a.dev, a.loop)
    dst = (group_addr(parse_id(a.loc)), PORT, 0, ifindex)
    srcloc = parse_id(a.src_loc or a.loc)
    host = a.hostname.encode()
    sent = 0
    for k in a.bad_nloc:
        src = (srcloc, random_nid())
        s.sendto(packet(src, 1, [(srcloc, 0, 90)], b"bad", a.type, nloc=k,
                        hlim=a.hlim), dst)
        sent += 1
    for i in range(a.random):
        if a.nid:
            src, seq = (srcloc, parse_id(a.nid)), i + 1
            if i:
                time.sleep(a.gap)
        else:
            src, seq = (srcloc, random_nid()), 1
        s.sendto(packet(src, seq, [(srcloc, 0, 90)], host, a.type,
                        hlim=a.hlim), dst)
        sent += 1
        if i % 25 == 24:        # let the receivers' backlog drain
            time.sleep(0.005)
    print(f"sent {len(a.bad_nloc)} malformed, {a.random} random "
          f"{'advertisements' if a.type == ADVERT else 'solicitations'}")
    return 0 if sent else 1


def decode(pkt):
    """One line for an underlay frame (IPv6 header on), or None."""
    if len(pkt) < 48 + 40 + 24 or pkt[6] != 17:
        return None
    if struct.unpack("!H", pkt[42:44])[0] != PORT:
        return None
    group = struct.unpack("!Q", pkt[32:40])[0]
    inner = pkt[48:]
    _, _, nh, hlim, sl, sn, _, _ = struct.unpack("!IHBBQQQQ", inner[:40])
    m = inner[40:]
    if nh != 58 or m[0] not in (SOLICIT, ADVERT):
        return None
    type_, _, _, _, nloc, hlen, nid, seq, _ = struct.unpack(HDR, m[:24])
    locs = []
    for i in range(min(nloc, (len(m) - 24) // 16)):
        loc, pref, _, life = struct.unpack(LOC, m[24 + 16 * i:40 + 16 * i])
        locs.append(f"{fmt_id(loc)}/{pref}/{life}")
    host = m[24 + 16 * nloc:24 + 16 * nloc + hlen].decode(errors="replace")
    return (f"type={type_} nid={fmt_id(nid)} seq={seq} hlim={hlim} "
            f"src={fmt_id(sl)}:{fmt_id(sn)} group={fmt_id(group)} "
            f"locs={','.join(locs)} host={host or '-'}")


def dump(a):
    def show(pkt):
        line = decode(pkt)
        if line:
            print(line, flush=True)
        return bool(line)

    sniff(a.dev, a.count, a.timeout, a.ready, show)
    return 0


def main():
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd", required=True)
    i = sub.add_parser("inject")
    i.add_argument("dev")
    i.add_argument("loc", help="the group (locator) to send to")
    i.add_argument("--random", type=int, default=0,
                   help="well-formed messages from random NIDs")
    i.add_argument("--bad-nloc", type=int, action="append", default=[],
                   help="one malformed message with this locator count")
    i.add_argument("--hostname", default="rnd")
    i.add_argument("--src-loc", help="inner source locator (default LOC)")
    i.add_argument("--hlim", type=int, default=1,
                   help="inner hop limit (default 1: not flooded on)")
    i.add_argument("--type", type=int, default=ADVERT)
    i.add_argument("--nid", help="one origin NID for all (seq 1..N)")
    i.add_argument("--gap", type=float, default=0,
                   help="with --nid: seconds between two messages")
    i.add_argument("--loop", action="store_true",
                   help="multicast loopback: own namespace hears them too")
    d = sub.add_parser("dump")
    d.add_argument("dev")
    d.add_argument("--count", type=int, default=1000000)
    d.add_argument("--timeout", type=float, default=5)
    d.add_argument("--ready", help="create this file once capturing")
    a = ap.parse_args()
    return inject(a) if a.cmd == "inject" else dump(a)


if __name__ == "__main__":
    sys.exit(main())
