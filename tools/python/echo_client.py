#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""echo_client.py [-c COUNT] [-W SECONDS] PEER PORT:
tools/examples/echo-client.c in Python.

Connects to PEER (an I-LV such as 0:0:0:b:ffff:0:0:b, ::ffff:0:0:b for
the locator the kernel last saw the NID at, or a hostname learnt by
discovery), sends COUNT messages "ilnp echo I" and waits up to SECONDS
for each echo, printing "reply N bytes from I-LV port P".  Exit status 0
when every echo came back, 1 otherwise, 2 for a bad command line.
"""
import argparse
import socket
import sys

import ilnp


def in_range(lo, hi, kind=int):
    """An argparse type: @kind in lo..hi, as the C client's checks."""
    def convert(text):
        v = kind(text)
        if not lo <= v <= hi or (kind is float and v == 0):
            raise ValueError(text)
        return v
    convert.__name__ = kind.__name__
    return convert


def main():
    ap = argparse.ArgumentParser(prog="echo_client.py")
    ap.add_argument("-c", type=in_range(1, 1000000), default=3,
                    dest="count", metavar="COUNT")
    ap.add_argument("-W", type=in_range(0, 3600, float), default=2.0,
                    dest="timeout", metavar="SECONDS")
    ap.add_argument("peer", metavar="PEER")
    ap.add_argument("port", type=in_range(1, 65535), metavar="PORT")
    o = ap.parse_args()
    try:
        ilnp.parse_addr(o.peer)
    except OSError as e:
        print(f"echo_client: {o.peer}: {e.strerror}", file=sys.stderr)
        return 2

    echoed = 0
    with ilnp.Socket() as s:
        s.settimeout(o.timeout)
        try:
            # An ephemeral port; only the peer's (NID, port) is heard.
            s.connect((o.peer, o.port))
        except OSError as e:
            print(f"echo_client: connect: {e.strerror}", file=sys.stderr)
            return 1
        for i in range(1, o.count + 1):
            msg = f"ilnp echo {i}".encode()
            try:
                s.send(msg)
            except OSError as e:
                print(f"echo_client: send: {e.strerror}", file=sys.stderr)
                continue
            # A late echo of an earlier message is skipped.
            while True:
                try:
                    data, (ilv, port) = s.recvfrom(ilnp.MAX_DATAGRAM)
                except socket.timeout:
                    print(f'echo_client: no echo of "{msg.decode()}": '
                          "timed out", file=sys.stderr)
                    break
                if data == msg:
                    print(f"reply {len(data)} bytes from {ilv} port {port}",
                          flush=True)
                    echoed += 1
                    break
    print(f"echo_client: {o.count} messages, {echoed} echoed",
          file=sys.stderr)
    return 0 if echoed == o.count else 1


if __name__ == "__main__":
    sys.exit(main())
