#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""A long-lived TCP stream of a known byte pattern, as an unmodified
program would send it over IPv6 (tests/integration/identity.sh).

  tcpflow.py serve PORT OUT
      accept one connection on [::]:PORT, read to the end, then write OUT:
      "received BYTES sha256 HEX stall_ms MAX peer ADDR stall_at_ms T
      at M" (when the longest stall began: T ms after the first byte, M
      in CLOCK_MONOTONIC ms, to set beside other events) and a line
      "second S BYTES" for each second of the transfer; an error (a
      reset) is written as "error TEXT" and exits 1.
  tcpflow.py send ADDR PORT SECONDS KBPS
      connect, send the pattern at KBPS kilobytes a second for SECONDS,
      close: "sent BYTES sha256 HEX" on stdout; an error exits 1.

The pattern is SHA-256 of a block counter, so both ends compute the same
hash without sharing a file.  The stall is the longest time between two
reads that returned data: a connection that stopped for a move shows it.
"""
import hashlib
import os
import socket
import sys
import time

CHUNK = 1024


def pattern_block(i):
    """1 KiB: 32 SHA-256 digests of (i, j)."""
    return b"".join(hashlib.sha256(f"{i}.{j}".encode()).digest()
                    for j in range(CHUNK // 32))


def serve(port, out):
    ls = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
    ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    ls.bind(("::", port))
    ls.listen(1)
    conn, peer = ls.accept()
    h = hashlib.sha256()
    total, stall, last, start, stall_at = 0, 0.0, None, None, 0.0
    per_second = {}
    try:
        while True:
            data = conn.recv(65536)
            if not data:
                break
            now = time.monotonic()
            if last is not None:
                if now - last > stall:
                    stall, stall_at = now - last, last
            else:
                start = now
            last = now
            total += len(data)
            h.update(data)
            sec = int(now - start)
            per_second[sec] = per_second.get(sec, 0) + len(data)
    except OSError as e:
        with open(out, "w") as f:
            f.write(f"error {e}\n")
        sys.exit(1)
    with open(out + ".tmp", "w") as f:
        f.write(f"received {total} sha256 {h.hexdigest()} "
                f"stall_ms {int(stall * 1000)} peer {peer[0]} "
                f"stall_at_ms {int((stall_at - start) * 1000) if start else 0} "
                f"at {int(stall_at * 1000)}\n")
        for s in sorted(per_second):
            f.write(f"second {s} {per_second[s]}\n")
    os.rename(out + ".tmp", out)


def send(addr, port, seconds, kbps):
    s = socket.create_connection((addr, port), timeout=30)
    s.settimeout(None)
    h = hashlib.sha256()
    total = 0
    blocks = seconds * kbps
    start = time.monotonic()
    try:
        for i in range(blocks):
            # Paced: block i leaves at i / kbps seconds.
            delay = start + i / kbps - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            b = pattern_block(i)
            s.sendall(b)
            h.update(b)
            total += len(b)
        s.shutdown(socket.SHUT_WR)
        s.recv(1)  # the server's close: everything was read
    except OSError as e:
        sys.exit(f"send: {e} after {total} bytes")
    print(f"sent {total} sha256 {h.hexdigest()}")


def main():
    if len(sys.argv) == 4 and sys.argv[1] == "serve":
        serve(int(sys.argv[2]), sys.argv[3])
    elif len(sys.argv) == 6 and sys.argv[1] == "send":
        send(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]),
             int(sys.argv[5]))
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
