#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Inject STP datagrams (AF_ILNP's transport, inner next header 17) as a
stranger on the segment, for tests/integration/stp.sh.  Built on
ilnppkt.py (header, groups, the Internet checksum); kept apart so the
two grow independently.

  stppkt.py inject DEV LOC KIND[@PORT][=TEXT],... [--src ILV] [--dst ILV]
            [--sport P] [--dport P] [--data TEXT] [--nonce N]

sends one datagram of each KIND to the group of locator LOC out of DEV:
  valid      correct length and checksum
  checksum   checksum off by one bit
  zero       checksum 0 (invalid on receipt, as for UDP over IPv6)
  long       STP length says 4 bytes more than arrived
  short      STP length says 2 bytes fewer than arrived
A KIND may be followed by @PORT (to PORT instead of --dport) and then by
=TEXT (TEXT as its data instead of --data).  --nonce puts a nonce
option (RFC 6744) with value N in front, as the module's own do.

The checksum is UDP's over IPv6 with the pseudo-header's locators zeroed
(Documentation/sockets.rst): source NID, destination NID, length, 17.
"""
import argparse
import os
import struct
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ilnppkt  # noqa: E402

NH_STP = 17


def stp_checksum(src, dst, seg):
    pseudo = struct.pack("!QQQQIxxxB", 0, src[1], 0, dst[1], len(seg),
                         NH_STP)
    c = ilnppkt.checksum(pseudo + seg)
    return c or 0xFFFF


def stp(src, dst, sport, dport, data, kind):
    length = 8 + len(data)
    if kind == "long":
        length += 4
    elif kind == "short":
        length -= 2
    seg = struct.pack("!HHHH", sport, dport, length, 0) + data
    c = stp_checksum(src, dst, seg)
    if kind == "checksum":
        c ^= 0x0001
        if c == 0:
            c = 0x0002
    elif kind == "zero":
        c = 0
    return seg[:6] + struct.pack("!H", c) + seg[8:]


def main():
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd", required=True)
    i = sub.add_parser("inject")
    i.add_argument("dev")
    i.add_argument("loc")
    i.add_argument("kind")
    i.add_argument("--src", default="0:0:0:99:0:0:0:99")
    i.add_argument("--dst", default="0:0:0:b:0:0:0:b")
    i.add_argument("--sport", type=int, default=4242)
    i.add_argument("--dport", type=int, default=7000)
    i.add_argument("--data", default="hello")
    i.add_argument("--nonce", help="nonce option value (default: none)")
    a = ap.parse_args()

    s, ifindex = ilnppkt.underlay_sender(a.dev, loop=False)
    src = ilnppkt.parse_ilv(a.src)
    dst = ilnppkt.parse_ilv(a.dst)
    group = ilnppkt.group_addr(ilnppkt.parse_id(a.loc))
    for item in a.kind.split(","):
        spec, _, data = item.partition("=")
        kind, _, port = spec.partition("@")
        if kind not in ("valid", "checksum", "zero", "long", "short"):
            raise SystemExit(f"unknown kind {kind}")
        seg = stp(src, dst, a.sport, int(port) if port else a.dport,
                  (data or a.data).encode(), kind)
        nh = NH_STP
        if a.nonce is not None:
            seg = struct.pack("!BBBBI", NH_STP, 0, 0x8B, 4,
                              int(a.nonce, 0)) + seg
            nh = 60
        pkt = ilnppkt.header(src, dst, len(seg), nh=nh) + seg
        s.sendto(pkt, (group, ilnppkt.PORT, 0, ifindex))
        print(f"sent {item} ({len(pkt)} bytes)")
        time.sleep(0.01)
    return 0


if __name__ == "__main__":
    sys.exit(main())
