#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Send hand-made generic netlink requests to the "ilnp" family, to test
what the tool never sends: wrong attribute sizes, unknown commands,
attributes at the wrong level.

  genl_raw.py [--dump] CMD [ATTR ...]
  ATTR is TYPE:HEXBYTES, or TYPE{ATTR,ATTR,...} for a nest (with
  NLA_F_NESTED set, as family version 2 requires; TYPE!{...} without).
  --dump asks for a dump (NLM_F_DUMP) and reports only the first answer.
prints "errno N: extack message" for the kernel's answer and exits 0.
"""
import os
import socket
import struct
import sys

NETLINK_GENERIC = 16
GENL_ID_CTRL = 0x10
CTRL_CMD_GETFAMILY = 3
CTRL_ATTR_FAMILY_ID = 1
CTRL_ATTR_FAMILY_NAME = 2
NLM_F_REQUEST, NLM_F_ACK, NLM_F_DUMP = 1, 4, 0x300
NLMSG_ERROR, NLMSG_DONE = 2, 3
NETLINK_EXT_ACK = 11
NLMSGERR_ATTR_MSG = 1
NLA_F_NESTED = 0x8000
GENL_VERSION = 2  # ILNP_GENL_VERSION


def attr(t, data):
    a = struct.pack("HH", 4 + len(data), t) + data
    return a + b"\0" * (-len(a) % 4)


def parse_attr(text, i=0):
    """One ATTR of the command line from text[i:]: (bytes, next index)."""
    j = i
    while j < len(text) and text[j].isdigit():
        j += 1
    t = int(text[i:j])
    if text[j] == ":":
        k = j + 1
        while k < len(text) and text[k] not in ",}":
            k += 1
        return attr(t, bytes.fromhex(text[j + 1:k])), k
    flag = NLA_F_NESTED
    if text[j] == "!":
        flag, j = 0, j + 1
    if text[j] != "{":
        sys.exit(f"bad attribute at '{text[i:]}'")
    body, k = b"", j + 1
    while text[k] != "}":
        a, k = parse_attr(text, k)
        body += a
        if text[k] == ",":
            k += 1
    return attr(t | flag, body), k + 1


def attrs(buf):
    out = {}
    while len(buf) >= 4:
        ln, t = struct.unpack("HH", buf[:4])
        if ln < 4:
            break
        out[t & 0x3FFF] = buf[4:ln]
        buf = buf[(ln + 3) & ~3:]
    return out


def request(s, family, cmd, payload, seq, flags=NLM_F_REQUEST | NLM_F_ACK):
    version = 1 if family == GENL_ID_CTRL else GENL_VERSION
    body = struct.pack("BBH", cmd, version, 0) + payload
    msg = struct.pack("IHHII", 16 + len(body), family,
                      flags, seq, 0) + body
    s.send(msg)
    while True:
        data = s.recv(65536)
        while data:
            ln, typ, flags, rseq, _ = struct.unpack("IHHII", data[:16])
            if rseq != seq:  # e.g. the ack of an earlier request
                data = data[(ln + 3) & ~3:]
                continue
            if typ == NLMSG_ERROR:
                err = struct.unpack("i", data[16:20])[0]
                # Acks with TLVs carry the request header only (capped).
                tlv = attrs(data[16 + 4 + 16:ln])
                text = tlv.get(NLMSGERR_ATTR_MSG, b"").rstrip(b"\0")
                return -err, text.decode(), b""
            if typ == family:
                return 0, "", data[20:ln]
            if typ == NLMSG_DONE:  # an empty dump
                return 0, "", b""
            data = data[(ln + 3) & ~3:]


def main():
    s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_GENERIC)
    s.setsockopt(270, NETLINK_EXT_ACK, 1)
    s.setsockopt(270, 10, 1)  # NETLINK_CAP_ACK
    s.bind((0, 0))
    err, msg, reply = request(s, GENL_ID_CTRL, CTRL_CMD_GETFAMILY,
                              attr(CTRL_ATTR_FAMILY_NAME, b"ilnp\0"), 1)
    if err:
        sys.exit(f"ilnp family: {os.strerror(err)}")
    family = struct.unpack("H", attrs(reply)[CTRL_ATTR_FAMILY_ID][:2])[0]
    args = sys.argv[1:]
    flags = NLM_F_REQUEST | NLM_F_ACK
    if args[0] == "--dump":
        flags |= NLM_F_DUMP
        args = args[1:]
    payload = b""
    for a in args[1:]:
        data, end = parse_attr(a)
        if end != len(a):
            sys.exit(f"trailing text in '{a}'")
        payload += data
    err, msg, _ = request(s, family, int(args[0]), payload, 2, flags)
    print(f"errno {err}: {msg}")


if __name__ == "__main__":
    main()
