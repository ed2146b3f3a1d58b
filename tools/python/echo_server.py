#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""echo_server.py PORT: tools/examples/echo-server.c in Python.

Binds PORT on every locator of the node and sends each datagram back to
the I-LV and port it came from, printing "echoed N bytes to I-LV port P"
(the I-LV in the tools' canonical form, all eight groups).
"""
import sys

import ilnp


def main():
    if len(sys.argv) != 2 or not sys.argv[1].isdigit() or \
            not 1 <= int(sys.argv[1]) <= 65535:
        print("Usage: echo_server.py PORT", file=sys.stderr)
        return 2
    with ilnp.Socket() as s:
        try:
            # "": the node's NID, any of its locators.
            s.bind(("", int(sys.argv[1])))
        except OSError as e:
            print(f"echo_server: bind: {e.strerror}", file=sys.stderr)
            return 1
        while True:
            data, (ilv, port) = s.recvfrom(ilnp.MAX_DATAGRAM)
            try:
                s.sendto(data, (ilv, port))
            except OSError as e:
                # A peer that cannot be reached is its problem, not ours.
                print(f"echo_server: sendto {ilv} port {port}: "
                      f"{e.strerror}", file=sys.stderr)
                continue
            print(f"echoed {len(data)} bytes to {ilv} port {port}",
                  flush=True)


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        sys.exit(1)
