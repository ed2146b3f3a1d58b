#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Craft, inject and capture ILNPv6 overlay datagrams, for the tests.

  ilnppkt.py inject DEV LOC KIND [--count N] [--src ILV] [--dst ILV]
                     [--payload BYTES]
      send N datagrams of KIND to the group of locator LOC out of DEV
      with a plain UDP socket (no ilnp device needed on the sender)
  ilnppkt.py capture DEV [--count N] [--timeout S] [--ready F] [--dst ILV]
                      [--port P] [--on LOC] [--verify] [--l2]
      print the inner header of each overlay datagram seen on DEV (to
      ILV), one line each: "src=ILV dst=ILV nh=N hlim=N len=N group=LOC";
      F is created once the capture runs (Python starts slowly in a VM);
      --on: only datagrams sent on locator LOC's group.
      --l2: each line ends in "l2=TYPE", how the frame was addressed as
      DEV saw it: host (unicast to DEV), multicast, otherhost, outgoing
      --verify: only datagrams that arrived on DEV, each line ending in
      "csum=ok" or "csum=bad-outer"/"csum=bad-inner": the UDP checksum
      of the datagram and the transport checksum (TCP, UDP) of an
      identity packet inside, over the identifiers only (RFC 6740)

KIND: valid-echo, short, version, length, hoplimit0, nexthdr, checksum,
icmp-short, icmp-type; la (a locator advertisement of --newloc with
--lifetime, inner hop limit --hlim) and ls (a solicitation), both to all
nodes: inject them on LOC ff02:0:0:1, the link-wide group.  The text forms are those of DESIGN.md.
This is deliberately independent of the C code: it is what checks it.
"""
import argparse
import select
import socket
import struct
import sys
import time

PORT = 10000
ETH_P_IPV6 = 0x86DD


def parse_id(text):
    """A locator or NID: four hex groups (no '::' here, tests spell
    them out)."""
    groups = text.split(":")
    if len(groups) != 4:
        raise ValueError(f"bad id {text}")
    v = 0
    for g in groups:
        v = v << 16 | int(g, 16)
    return v


def fmt_id(v):
    return ":".join(f"{(v >> s) & 0xffff:x}" for s in (48, 32, 16, 0))


def parse_ilv(text):
    g = text.split(":")
    if len(g) != 8:
        raise ValueError(f"bad I-LV {text}")
    return parse_id(":".join(g[:4])), parse_id(":".join(g[4:]))


def group_addr(loc, group_id=0):
    return socket.inet_ntop(socket.AF_INET6, struct.pack(
        "!HHHHQ", 0xFF12, 0, group_id, 0, loc))


def checksum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack(f"!{len(data) // 2}H", data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


def icmp_echo(src, dst, type_=128, ident=0x4242, seq=1, payload=b"x" * 8):
    """An ICMPv6-format echo with the ICMPv6 pseudo-header checksum over
    the two I-LVs."""
    body = struct.pack("!BBHHH", type_, 0, 0, ident, seq) + payload
    pseudo = struct.pack("!QQQQIxxxB", src[0], src[1], dst[0], dst[1],
                         len(body), 58)
    c = checksum(pseudo + body)
    return body[:2] + struct.pack("!H", c) + body[4:]


def stp(src, dst, sport=40000, dport=9, data=b"stp!"):
    """An STP datagram: UDP's layout, checksum over a pseudo-header with
    the locators zeroed."""
    length = 8 + len(data)
    pseudo = struct.pack("!QQQQIxxxB", 0, src[1], 0, dst[1], length, 17)
    body = struct.pack("!HHHH", sport, dport, length, 0) + data
    c = checksum(pseudo + body) or 0xFFFF
    return body[:6] + struct.pack("!H", c) + body[8:]


ALL_NODES = (0xFF02000000000001, 0)


def identity(kind, src, dst, opts):
    """An IPv6 socket's UDP datagram as an identity packet
    (Documentation/applications.rst): identity header (next header 253)
    naming UDP, then UDP with its checksum over the identifiers only,
    which is STP's; behind a nonce option if --nonce.  identity-badsum
    spoils the checksum, identity-short cuts the identity header,
    identity-long has UDP claim 1000 bytes more than it carries."""
    d = stp(src, dst, sport=40001, dport=opts.dport, data=b"forged\n")
    if kind == "identity-badsum":
        d = d[:6] + bytes([d[6] ^ 0xFF]) + d[7:]
    elif kind == "identity-long":
        d = d[:4] + struct.pack("!H", len(d) + 1000) + d[6:]
    elif kind not in ("identity-udp", "identity-short"):
        raise SystemExit(f"unknown kind {kind}")
    body = struct.pack("!BBHI", 17, 0, 0, 0) + d
    if kind == "identity-short":
        body = body[:4]
    nh = 253
    if opts.nonce is not None:
        body = struct.pack("!BBBBI", nh, 0, 0x8B, 4, int(opts.nonce, 0)) + body
        nh = 60
    return header(src, dst, len(body), nh=nh) + body


def locator_update(src, dst, seq, loc, nonce=None, op=1):
    """An RFC 6743 locator update naming @loc, behind a nonce option
    (RFC 6744) unless @nonce is None: the bytes after the inner header,
    and the inner next header."""
    lu = struct.pack("!BBHBBH", 156, 0, 0, 1, op, seq & 0xFFFF)
    lu += struct.pack("!QHH", loc, 0, 90)
    pseudo = struct.pack("!QQQQIxxxB", src[0], src[1], dst[0], dst[1],
                         len(lu), 58)
    c = checksum(pseudo + lu)
    lu = lu[:2] + struct.pack("!H", c) + lu[4:]
    if nonce is None:
        return lu, 58
    return struct.pack("!BBBBI", 58, 0, 0x8B, 4, nonce) + lu, 60


def icmp_sum(src, dst, body):
    """@body with its ICMPv6-format checksum over the two I-LVs."""
    pseudo = struct.pack("!QQQQIxxxB", src[0], src[1], dst[0], dst[1],
                         len(body), 58)
    return body[:2] + struct.pack("!H", checksum(pseudo + body)) + body[4:]


def loc_advert(src, dst, loc, lifetime, pref=0, interval=1, solicit=0):
    """A locator advertisement (type 203) of one locator: type, code,
    checksum, nloc, flags, interval; solicitation id; the locator
    entry (loc, preference, reserved, lifetime), as discovery's."""
    body = struct.pack("!BBHBBHQ", 203, 0, 0, 1, 1 if solicit else 0,
                       interval, solicit)
    body += struct.pack("!QHHI", loc, pref, 0, lifetime)
    return icmp_sum(src, dst, body)


def loc_solicit(src, dst, ident=0x1234):
    """A locator solicitation (type 202): type, code, checksum, 4
    reserved bytes, a solicitation id."""
    return icmp_sum(src, dst, struct.pack("!BBHIQ", 202, 0, 0, 0, ident))


def header(src, dst, payload_len, nh=58, hlim=3, version=6):
    return struct.pack("!IHBBQQQQ", version << 28, payload_len, nh, hlim,
                       src[0], src[1], dst[0], dst[1])


def craft(kind, src, dst, opts=None):
    if kind in ("la", "ls"):
        body = (loc_advert(src, ALL_NODES, parse_id(opts.newloc),
                           opts.lifetime)
                if kind == "la" else loc_solicit(src, ALL_NODES))
        return header(src, ALL_NODES, len(body), hlim=opts.hlim) + body
    if kind == "lu":
        body, nh = locator_update(src, dst, opts.seq, parse_id(opts.newloc),
                                  None if opts.nonce is None
                                  else int(opts.nonce, 0))
        return header(src, dst, len(body), nh=nh) + body
    echo = icmp_echo(src, dst, payload=b"x" * opts.payload)
    if kind == "valid-echo":
        return header(src, dst, len(echo)) + echo
    if kind == "short":
        return header(src, dst, len(echo))[:20]
    if kind == "version":
        return header(src, dst, len(echo), version=4) + echo
    if kind == "length":
        return header(src, dst, len(echo) + 10) + echo
    if kind == "hoplimit0":
        return header(src, dst, len(echo), hlim=0) + echo
    if kind == "nexthdr":
        return header(src, dst, len(echo), nh=99) + echo
    if kind == "checksum":
        bad = echo[:2] + bytes([echo[2] ^ 0xFF]) + echo[3:]
        return header(src, dst, len(bad)) + bad
    if kind == "icmp-short":
        return header(src, dst, 4) + echo[:4]
    if kind.startswith("stp-"):
        d = stp(src, dst)
        if kind == "stp-checksum":
            d = d[:6] + bytes([d[6] ^ 0xFF]) + d[7:]
        elif kind == "stp-length":
            d = d[:4] + struct.pack("!H", len(d) + 2) + d[6:]
        elif kind != "stp-noport":
            raise SystemExit(f"unknown kind {kind}")
        return header(src, dst, len(d), nh=17) + d
    if kind == "icmp-type":
        odd = icmp_echo(src, dst, type_=250)
        return header(src, dst, len(odd)) + odd
    if kind.startswith("identity-"):
        return identity(kind, src, dst, opts)
    raise SystemExit(f"unknown kind {kind}")


def underlay_sender(dev, loop=True):
    """A UDP socket that sends overlay datagrams out of DEV, hop limit 1,
    heard by the own namespace too if LOOP; and DEV's ifindex."""
    s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
    ifindex = socket.if_nametoindex(dev)
    s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_MULTICAST_IF, ifindex)
    s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_MULTICAST_HOPS, 1)
    s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_MULTICAST_LOOP, int(loop))
    return s, ifindex


PACKET_OUTGOING = 4
L2_TYPES = {0: "host", 1: "broadcast", 2: "multicast", 3: "otherhost",
            PACKET_OUTGOING: "outgoing"}


def sniff(dev, count, timeout, ready, handle, incoming=False):
    """Hand each IPv6 packet seen on DEV (only those that arrived, if
    INCOMING) to HANDLE until it has counted COUNT of them (it returns
    whether a packet counts) or TIMEOUT seconds have passed; READY, a
    file, is created once listening.  Returns the count.  HANDLE's
    attribute pkttype, if it has one, is set to each packet's
    PACKET_* type before it is called."""
    s = socket.socket(socket.AF_PACKET, socket.SOCK_DGRAM,
                      socket.htons(ETH_P_IPV6))
    s.bind((dev, ETH_P_IPV6))
    if ready:
        open(ready, "w").close()
    seen = 0
    end = time.monotonic() + timeout
    while seen < count and time.monotonic() < end:
        r, _, _ = select.select([s], [], [], max(0, end - time.monotonic()))
        if not r:
            break
        pkt, addr = s.recvfrom(65535)
        if incoming and addr[2] == PACKET_OUTGOING:
            continue
        if hasattr(handle, "pkttype"):
            handle.pkttype = addr[2]
        if handle(pkt):
            seen += 1
    return seen


def inject(a):
    """KIND may be a comma-separated list, each optionally KIND@DST-ILV:
    one Python start for a whole batch (it is slow in a debug VM)."""
    s, ifindex = underlay_sender(a.dev)
    src = parse_ilv(a.src)
    for item in a.kind.split(","):
        kind, _, dst = item.partition("@")
        for _ in range(a.count):
            data = craft(kind, src, parse_ilv(dst or a.dst), a)
            s.sendto(data, (group_addr(parse_id(a.loc), a.group), PORT, 0,
                            ifindex))
            time.sleep(0.01)
        print(f"sent {a.count} {kind} ({len(data)} bytes)")


def transport_ok(inner):
    """Whether the identity packet INNER's TCP or UDP checksum is right
    over a pseudo-header of the identifiers alone (locators zeroed);
    True for any other packet."""
    nh, off = inner[6], 40
    if nh == 60:
        nh, off = inner[off], off + (inner[off + 1] + 1) * 8
    if nh != 253 or len(inner) < off + 8:
        return True
    nh, off = inner[off], off + 8
    if nh not in (6, 17):
        return True
    body = inner[off:]
    src_nid, dst_nid = struct.unpack("!Q8xQ", inner[16:40])
    pseudo = struct.pack("!QQQQIxxxB", 0, src_nid, 0, dst_nid, len(body), nh)
    return checksum(pseudo + body) == 0


def outer_ok(pkt):
    """Whether the underlay datagram's UDP checksum is right."""
    udp = pkt[40:]
    pseudo = pkt[8:40] + struct.pack("!IxxxB", len(udp), 17)
    return checksum(pseudo + udp) == 0


def capture(a):
    def show(pkt):
        if len(pkt) < 48 or pkt[6] != 17:
            return False
        if struct.unpack("!H", pkt[42:44])[0] != a.port:
            return False
        group = struct.unpack("!Q", pkt[32:40])[0]
        if a.on is not None and group != parse_id(a.on):
            return False
        inner = pkt[48:]
        if len(inner) < 40:
            print(f"short len={len(inner)}")
            return True
        vtc, plen, nh, hlim, sl, sn, dl, dn = struct.unpack(
            "!IHBBQQQQ", inner[:40])
        if a.dst and f"{fmt_id(dl)}:{fmt_id(dn)}" != a.dst:
            return False
        csum = ""
        if a.outer:
            csum = " outer-src=" + socket.inet_ntop(socket.AF_INET6,
                                                    pkt[8:24])
        if a.l2:
            csum += " l2=" + L2_TYPES.get(show.pkttype, str(show.pkttype))
        if a.verify:
            csum += (" csum=bad-outer" if not outer_ok(pkt) else
                    " csum=bad-inner" if not transport_ok(inner) else
                    " csum=ok")
        print(f"src={fmt_id(sl)}:{fmt_id(sn)} dst={fmt_id(dl)}:{fmt_id(dn)}"
              f" nh={nh} hlim={hlim} len={plen} group={fmt_id(group)}{csum}",
              flush=True)
        return True

    show.pkttype = None
    return 0 if sniff(a.dev, a.count, a.timeout, a.ready, show,
                      a.verify) else 1


def main():
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd", required=True)
    i = sub.add_parser("inject")
    i.add_argument("dev")
    i.add_argument("loc")
    i.add_argument("kind")
    i.add_argument("--count", type=int, default=1)
    i.add_argument("--group", type=int, default=0)
    i.add_argument("--src", default="0:0:0:99:0:0:0:99")
    i.add_argument("--dst", default="0:0:0:b:0:0:0:b")
    i.add_argument("--nonce", help="lu: nonce option value (none: no option)")
    i.add_argument("--seq", type=int, default=0, help="lu: sequence")
    i.add_argument("--newloc", default="0:0:0:99", help="lu: locator named")
    i.add_argument("--dport", type=int, default=9, help="identity-*: port")
    i.add_argument("--lifetime", type=int, default=3, help="la: seconds")
    i.add_argument("--hlim", type=int, default=255, help="la, ls: hop limit")
    i.add_argument("--payload", type=int, default=8,
                   help="echo payload bytes (the underlay fragments)")
    c = sub.add_parser("capture")
    c.add_argument("dev")
    c.add_argument("--count", type=int, default=1)
    c.add_argument("--timeout", type=float, default=5)
    c.add_argument("--ready", help="create this file once capturing")
    c.add_argument("--dst", help="only packets to this I-LV")
    c.add_argument("--port", type=int, default=PORT, help="underlay port")
    c.add_argument("--on", help="only datagrams on this locator's group")
    c.add_argument("--outer", action="store_true",
                   help="show the underlay source address")
    c.add_argument("--l2", action="store_true",
                   help="show how each frame was addressed (unicast or not)")
    c.add_argument("--verify", action="store_true",
                   help="check the checksums of the datagrams that arrive")
    a = ap.parse_args()
    return inject(a) if a.cmd == "inject" else capture(a)


if __name__ == "__main__":
    sys.exit(main())
