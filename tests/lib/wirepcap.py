#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""A pcap file of overlay packets, for tests/static/wireshark.sh: one
valid packet of every message type the module sends, then malformed ones,
each in an Ethernet/IPv6/UDP frame as on the underlay.

  wirepcap.py FILE     write the capture; print one line per frame,
                       "N NAME", so a failure names the packet
  wirepcap.py --cuts FILE
                       each valid packet cut short at every length (each
                       malformed), then with each byte set to 0x00 and
                       to 0xff in turn: for a dissector that must never
                       fail, whatever arrives

Built with ilnppkt.py, discpkt.py and stppkt.py (independent of the C
code and of the dissector: what checks them), plus what those lack: a
locator update or a locator advertisement with several entries, the
nonce option around any message.  Nodes: A = 0:0:0:a:ffff:0:0:1,
B = 0:0:0:b:ffff:0:0:2: NIDs and locators whose sums differ, so that a
checksum over the wrong ones cannot pass (ffff:0:0:a at 0:0:0:a could:
ffff adds as 0).
"""
import os
import struct
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from discpkt import ADVERT, SOLICIT, disc_msg  # noqa: E402
from ilnppkt import (ALL_NODES, PORT, checksum, header,  # noqa: E402
                     icmp_echo, loc_advert, loc_solicit, stp)
import stppkt  # noqa: E402

A = (0xA, 0xFFFF000000000001)
B = (0xB, 0xFFFF000000000002)
A2 = (0xC, A[1])                # A after its move to c


def icmp_sum(src, dst, body):
    """@body with its ICMPv6-format checksum over the two I-LVs."""
    pseudo = struct.pack("!QQQQIxxxB", src[0], src[1], dst[0], dst[1],
                         len(body), 58)
    c = checksum(pseudo + body[:2] + b"\0\0" + body[4:])
    return body[:2] + struct.pack("!H", c) + body[4:]


def lu_msg(src, dst, op, seq, locs, nloc=None):
    """A locator update (RFC 6743, protocol.rst): locs = [(loc, pref,
    lifetime)]; nloc overrides the count in the header."""
    n = len(locs) if nloc is None else nloc
    body = struct.pack("!BBHBBH", 156, 0, 0, n, op, seq)
    for loc, pref, life in locs:
        body += struct.pack("!QHH", loc, pref, life)
    return icmp_sum(src, dst, body)


def la_msg(src, locs, interval, solicit_id=0, flags=None, nloc=None,
           dst=ALL_NODES):
    """A locator advertisement (type 203, protocol.rst): locs = [(loc,
    pref, lifetime)]; flags 1 (solicited) when there is an id; nloc
    overrides the count in the header."""
    n = len(locs) if nloc is None else nloc
    if flags is None:
        flags = 1 if solicit_id else 0
    body = struct.pack("!BBHBBHQ", 203, 0, 0, n, flags, interval,
                       solicit_id)
    for loc, pref, life in locs:
        body += struct.pack("!QHHI", loc, pref, 0, life)
    return icmp_sum(src, dst, body)


def nonce_opt(nh, nonce, raw=None):
    """The 8-byte destination options header with the 32-bit nonce."""
    return raw or struct.pack("!BBBBI", nh, 0, 0x8B, 4, nonce)


def inner(src, dst, body, nh, nonce=None, hlim=3, opt=None):
    if nonce is not None or opt is not None:
        body = nonce_opt(nh, nonce, opt) + body
        nh = 60
    return header(src, dst, len(body), nh=nh, hlim=hlim) + body


def frame(pkt, loc, sender=0xA, port=PORT, gid=0):
    """Ethernet, IPv6 (fe80::SENDER to the group of LOC, group id GID),
    UDP, @pkt."""
    group = struct.pack("!HHHHQ", 0xFF12, 0, gid, 0, loc)
    src = struct.pack("!QQ", 0xFE80 << 48, sender)
    udp_len = 8 + len(pkt)
    pseudo = src + group + struct.pack("!IxxxB", udp_len, 17)
    udp = struct.pack("!HHHH", port, port, udp_len, 0) + pkt
    c = checksum(pseudo + udp) or 0xFFFF
    udp = udp[:6] + struct.pack("!H", c) + udp[8:]
    ip6 = struct.pack("!IHBB", 6 << 28, udp_len, 17, 1) + src + group
    eth = b"\x33\x33" + group[12:] + bytes([2, 0, 0, 0, 0, sender & 0xFF])
    return eth + b"\x86\xdd" + ip6 + udp


def packets():
    """(name, frame) for each packet, in file order: the valid ones,
    one to another port, the malformed ones."""
    return valid() + [other_port()] + malformed()


def other_port():
    echo_q = icmp_echo(A, B, 128, 0x4242, 1, b"x" * 8)
    return ("other-port", frame(inner(A, B, echo_q, 58), 0xB, port=10001))


# Locator advertisements: R (a router on b) answers S (locator 0 until
# it learns one), on the link-wide group ff12:0:0:0:ff02:0:0:1.
R = (0xB, 0xFFFF000000000003)
S = (0, 0xFFFF000000000004)
RA_ID = 0x0123456789ABCDEF
RA_GROUP = ALL_NODES[0]


def ra_frame(src, msg, hlim=255, dst=ALL_NODES):
    """@msg from @src to all nodes (or @dst) on the link-wide group."""
    return frame(inner(src, dst, msg, 58, hlim=hlim), RA_GROUP,
                 src[1] & 0xFF)


def valid():
    """(name, frame): one valid packet of every kind."""
    cookie = bytes(range(1, 9))
    echo_q = icmp_echo(A, B, 128, 0x4242, 1, b"x" * 8)
    echo_r = icmp_echo(B, A, 129, 0x4242, 1, b"x" * 8)
    probe = icmp_echo(B, A2, 128, 0x1234, 77, cookie)
    sol = disc_msg(A, 0x10, [(0xA, 0, 90)], b"alice", SOLICIT)
    adv = disc_msg(B, 0x20, [(0xB, 5, 90), (0xD, 10, 30)], b"bob", ADVERT)
    lu_locs = [(0xC, 0, 90), (0xA, 100, 1)]
    lu = lu_msg(A2, B, 1, 3, lu_locs)
    ack = lu_msg(B, A2, 2, 3, lu_locs)
    d_stp = stp(A, B, sport=40000, dport=9000, data=b"hello ilnp")
    d_stp2 = stp(B, A, sport=9000, dport=40000, data=b"")
    # An IPv6 socket's UDP datagram: checksum over the NIDs, as STP's.
    ident = struct.pack("!BBHI", 17, 0, 0, 0) + stp(A, B, 5353, 7,
                                                       b"ping6\n")
    good = [
        ("echo-request", frame(inner(A, B, echo_q, 58), 0xB)),
        ("echo-reply", frame(inner(B, A, echo_r, 58), 0xA, 0xB)),
        ("probe", frame(inner(B, A2, probe, 58, nonce=0xB0B0B0B0), 0xC,
                        0xB)),
        ("solicitation", frame(inner(A, ALL_NODES, sol, 58, hlim=3),
                               0xA)),
        ("advertisement", frame(inner(B, ALL_NODES, adv, 58, hlim=2),
                                0xB, 0xB, gid=1000)),
        ("lu", frame(inner(A2, B, lu, 58, nonce=0xA0A0A0A0), 0xB)),
        ("lu-ack", frame(inner(B, A2, ack, 58, nonce=0xB0B0B0B0), 0xC,
                         0xB)),
        ("stp", frame(inner(A, B, d_stp, 17, nonce=0x12345678), 0xB)),
        ("stp-empty", frame(inner(B, A, d_stp2, 17), 0xA, 0xB)),
        ("identity-udp", frame(inner(A, B, ident, 253, nonce=0x12345678),
                               0xB)),
        ("loc-solicitation", ra_frame(S, loc_solicit(S, ALL_NODES, RA_ID))),
        ("loc-advert", ra_frame(R, la_msg(R, [(0xB, 5, 30), (0xD, 0, 0)],
                                          10))),
        ("loc-advert-solicited", ra_frame(R, loc_advert(
            R, ALL_NODES, 0xB, 30, pref=5, interval=10, solicit=RA_ID))),
    ]
    # Our builder and ilnppkt.py's agree on what both can build.
    assert la_msg(R, [(0xB, 5, 30)], 10, RA_ID) == loc_advert(
        R, ALL_NODES, 0xB, 30, pref=5, interval=10, solicit=RA_ID)
    return good


def malformed():
    """(name, frame): malformed packets, one expert entry each."""
    echo_q = icmp_echo(A, B, 128, 0x4242, 1, b"x" * 8)
    lu_locs = [(0xC, 0, 90), (0xA, 100, 1)]
    d_stp = stp(A, B, sport=40000, dport=9000, data=b"hello ilnp")
    ident = struct.pack("!BBHI", 17, 0, 0, 0) + stp(A, B, 5353, 7,
                                                       b"ping6\n")
    bad_stp = stppkt.stp(A, B, 40000, 9000, b"hello ilnp", "checksum")
    zero_stp = stppkt.stp(A, B, 40000, 9000, b"hello ilnp", "zero")
    long_stp = stppkt.stp(A, B, 40000, 9000, b"hello ilnp", "long")
    bad_echo = echo_q[:2] + bytes([echo_q[2] ^ 0xFF]) + echo_q[3:]
    odd = icmp_echo(A, B, 250)
    code1 = icmp_sum(A, B, bytes([128, 1]) + echo_q[2:])
    short_lu = lu_msg(A2, B, 1, 4, lu_locs, nloc=3)
    op3 = lu_msg(A2, B, 3, 4, lu_locs)
    lu0 = lu_msg(A2, B, 1, 4, [(0, 0, 90)])
    disc_n = disc_msg(A, 0x11, [(0xA, 0, 90)], b"alice", SOLICIT, nloc=2)
    disc_o = disc_msg(A, 0x12, [(0xA, 0, 90)], b"alice", SOLICIT)
    disc_h = disc_msg(A, 0x13, [(0xA, 0, 90)], b"-x", SOLICIT)
    # The origin field (bytes 8..15) names B while A sends it.
    disc_o = icmp_sum(A, ALL_NODES, disc_o[:8] + struct.pack("!Q", B[1]) +
                      disc_o[16:])
    full = inner(A, B, echo_q, 58)
    bad = [
        ("truncated-header", frame(full[:20], 0xB)),
        ("version-4", frame(b"\x40" + full[1:], 0xB)),
        ("payload-length", frame(full[:4] + struct.pack(
            "!H", len(full) - 30) + full[6:], 0xB)),
        ("stp-checksum", frame(inner(A, B, bad_stp, 17), 0xB)),
        ("stp-checksum-zero", frame(inner(A, B, zero_stp, 17), 0xB)),
        ("stp-length", frame(inner(A, B, long_stp, 17), 0xB)),
        ("stp-truncated", frame(inner(A, B, d_stp[:5], 17), 0xB)),
        ("nonce-tlv", frame(inner(A, B, d_stp, 17, opt=struct.pack(
            "!BBBBI", 17, 0, 0x8B, 9, 1)), 0xB)),
        ("nonce-length", frame(inner(A, B, d_stp, 17, opt=struct.pack(
            "!BBBBHBB", 17, 0, 0x8B, 2, 0x1111, 1, 0)), 0xB)),
        ("dstopt-truncated", frame(inner(A, B, b"", 17, opt=b"\x11\x00"),
                                   0xB)),
        ("icmp-checksum", frame(inner(A, B, bad_echo, 58), 0xB)),
        ("icmp-type", frame(inner(A, B, odd, 58), 0xB)),
        ("icmp-code", frame(inner(A, B, code1, 58), 0xB)),
        ("icmp-short", frame(inner(A, B, icmp_sum(A, B, echo_q[:4]), 58),
                             0xB)),
        ("lu-length", frame(inner(A2, B, short_lu, 58, nonce=1), 0xB)),
        ("lu-op", frame(inner(A2, B, op3, 58, nonce=1), 0xB)),
        ("lu-locator-0", frame(inner(A2, B, lu0, 58, nonce=1), 0xB)),
        ("disc-nloc", frame(inner(A, ALL_NODES, disc_n, 58), 0xA)),
        ("disc-origin", frame(inner(A, ALL_NODES, disc_o, 58), 0xA)),
        ("disc-hostname", frame(inner(A, ALL_NODES, disc_h, 58), 0xA)),
        ("identity-short", frame(inner(A, B, ident[:4], 253), 0xB)),
    ]
    la1 = [(0xB, 5, 30)]
    sol = loc_solicit(S, ALL_NODES, RA_ID)
    code1 = icmp_sum(S, ALL_NODES, sol[:1] + b"\1" + sol[2:])
    bad += [
        ("la-length", ra_frame(R, la_msg(R, la1, 10, nloc=2))),
        ("la-nloc-0", ra_frame(R, la_msg(R, [], 10))),
        ("la-nloc-5", ra_frame(R, la_msg(R, [(0xB + i, 5, 30)
                                             for i in range(5)], 10))),
        ("la-locator-0", ra_frame(R, la_msg(R, [(0xB, 5, 30), (0, 5, 30)],
                                            10))),
        ("la-locator-all", ra_frame(R, la_msg(R, [(RA_GROUP, 5, 30)], 10))),
        ("la-hoplimit", ra_frame(R, la_msg(R, la1, 10), hlim=254)),
        ("la-destination", ra_frame(R, la_msg(R, la1, 10, dst=B), dst=B)),
        ("ls-length", ra_frame(S, icmp_sum(S, ALL_NODES, sol + bytes(8)))),
        ("ls-short", ra_frame(S, icmp_sum(S, ALL_NODES, sol[:12]))),
        ("ls-code", ra_frame(S, code1)),
        ("ls-hoplimit", ra_frame(S, sol, hlim=1)),
    ]
    return bad


def reframe(f, inner):
    """Frame @f (of frame()) around another inner packet."""
    loc = struct.unpack("!Q", f[46:54])[0]
    gid = struct.unpack("!H", f[42:44])[0]
    port = struct.unpack("!H", f[56:58])[0]
    return frame(inner, loc, f[37], port, gid)


def cuts():
    """(name, frame): the valid packets cut and spoilt (--cuts)."""
    out = []
    for name, f in valid():
        inner = f[62:]
        # (An empty datagram reaches no dissector: from 1 byte.)
        for n in range(1, len(inner)):
            out.append((f"{name}-cut{n}", reframe(f, inner[:n])))
        for i in range(len(inner)):
            for v in (0, 0xFF):
                out.append((f"{name}-byte{i}={v}",
                            reframe(f, inner[:i] + bytes([v]) +
                                    inner[i + 1:])))
    return out


def write(path, frames):
    with open(path, "wb") as f:
        # pcap, microseconds, version 2.4, snaplen 65535, Ethernet
        f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1))
        for i, (_, data) in enumerate(frames):
            f.write(struct.pack("<IIII", 1700000000 + i, 0, len(data),
                                len(data)))
            f.write(data)


def main():
    if sys.argv[1] == "--cuts":
        frames = cuts()
        write(sys.argv[2], frames)
    else:
        frames = packets()
        write(sys.argv[1], frames)
    for i, (name, _) in enumerate(frames, 1):
        print(i, name)
    return 0


if __name__ == "__main__":
    sys.exit(main())
