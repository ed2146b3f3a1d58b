#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Forge ILNPv6 locator updates (RFC 6743, ICMPv6-format type 156), for
the mobility tests: what an attacker on the segment could send.

  lupkt.py inject DEV LOC KIND[,KIND...] --src ILV --dst ILV --locs L[,L]
               [--nonce N] [--seq S] [--cache FILE --peer NID]
      send one update per KIND to the group of locator LOC out of DEV
      with a plain UDP socket (no ilnp device on the sender), from I-LV
      --src to I-LV --dst, advertising the locators --locs

KIND:
  no-nonce     an advertisement without the nonce option
  bad-nonce    with a nonce, one bit off the session's (--nonce, or
               nonce_local of --peer in --cache)
  stale        with the session's nonce and a sequence one older than
               --seq (or lu_seq of --peer in --cache): a replay

--cache is the JSON of "ilnp-ip -j cache show" on the node whose
session is forged (its nonce_local and lu_seq for --peer): one Python
start reads it and sends everything (Python starts slowly in a debug VM).

Layout (Documentation/protocol.rst, Documentation/mobility.rst):
ILNPv6 header, next header 60; Destination Options header (next header
58, length 0, option 0x8b, option length 4, 32-bit nonce); then the
update: type 156, code 0, checksum, number of locators, operation (1
advertisement, 2 ack), 16-bit sequence, then per locator 8 bytes locator,
2 preference, 2 lifetime (seconds).  The checksum is ICMPv6's over the
pseudo-header of both full I-LVs, the update's length and 58; the
options header is not covered.  Independent of the C code on purpose.
"""
import argparse
import json
import socket
import struct
import sys

sys.path.insert(0, __file__.rsplit("/", 1)[0])
import ilnppkt  # noqa: E402  (same directory)

ICMP_LU = 156
OP_ADVERT = 1
NONCE_OPT = 0x8B


def lu_body(src, dst, locs, seq, op=OP_ADVERT, lifetime=90):
    body = struct.pack("!BBHBBH", ICMP_LU, 0, 0, len(locs), op,
                       seq & 0xFFFF)
    for pref, loc in enumerate(locs):
        body += struct.pack("!QHH", loc, pref, lifetime)
    pseudo = struct.pack("!QQQQIxxxB", src[0], src[1], dst[0], dst[1],
                         len(body), 58)
    c = ilnppkt.checksum(pseudo + body)
    return body[:2] + struct.pack("!H", c) + body[4:]


def lu_packet(src, dst, locs, seq, nonce=None, hlim=3):
    body = lu_body(src, dst, locs, seq)
    if nonce is None:
        return ilnppkt.header(src, dst, len(body), nh=58, hlim=hlim) + body
    opt = struct.pack("!BBBBI", 58, 0, NONCE_OPT, 4, nonce & 0xFFFFFFFF)
    return (ilnppkt.header(src, dst, len(opt) + len(body), nh=60,
                           hlim=hlim) + opt + body)


def session(a):
    """(nonce, seq) of the forged session, from the options or --cache."""
    nonce, seq = a.nonce, a.seq
    if a.cache:
        with open(a.cache) as f:
            for e in json.load(f):
                if e["nid"] == a.peer:
                    nonce = e["nonce_local"] if nonce is None else nonce
                    seq = e["lu_seq"] if seq is None else seq
                    break
            else:
                raise SystemExit(f"{a.peer} not in {a.cache}")
    return nonce, seq


def inject(a):
    s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
    ifindex = socket.if_nametoindex(a.dev)
    s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_MULTICAST_IF, ifindex)
    s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_MULTICAST_HOPS, 1)
    src, dst = ilnppkt.parse_ilv(a.src), ilnppkt.parse_ilv(a.dst)
    locs = [ilnppkt.parse_id(x) for x in a.locs.split(",")]
    nonce, seq = session(a)
    group = (ilnppkt.group_addr(ilnppkt.parse_id(a.loc)), ilnppkt.PORT, 0,
             ifindex)
    for kind in a.kind.split(","):
        if kind == "no-nonce":
            data = lu_packet(src, dst, locs, (seq or 0) + 1)
        elif kind == "bad-nonce":
            data = lu_packet(src, dst, locs, seq + 1, nonce ^ 1)
        elif kind == "stale":
            data = lu_packet(src, dst, locs, seq - 1, nonce)
        else:
            raise SystemExit(f"unknown kind {kind}")
        s.sendto(data, group)
        print(f"sent {kind} ({len(data)} bytes) nonce={nonce} seq={seq}",
              flush=True)
    return 0


def main():
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd", required=True)
    i = sub.add_parser("inject")
    i.add_argument("dev")
    i.add_argument("loc")
    i.add_argument("kind")
    i.add_argument("--src", required=True)
    i.add_argument("--dst", required=True)
    i.add_argument("--locs", required=True)
    i.add_argument("--nonce", type=lambda x: int(x, 0))
    i.add_argument("--seq", type=lambda x: int(x, 0))
    i.add_argument("--cache", help="ilnp-ip -j cache show output")
    i.add_argument("--peer", help="NID of the entry to read in --cache")
    return inject(ap.parse_args())


if __name__ == "__main__":
    sys.exit(main())
