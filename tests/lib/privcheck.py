#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Helpers of tests/integration/privilege.sh: what a user may do with the
"ilnp" generic netlink family and AF_ILNP sockets.

  privcheck.py cmds NUM...
      each command number without attributes, as a do request and as a
      dump request: one line "NUM do ERRNO dump ERRNO" each
  privcheck.py listen READY STOP
      join every multicast group the family has, create READY, count the
      family's messages heard until STOP exists (at most 600 s):
      "groups N echo M events T..." (echo replies heard, then the type
      of each event heard)
  privcheck.py orphan PEER_NETNS DEV PEER_ILV OWN_ILV
      echo replies go only to the socket that asked, and not to a later
      socket given its portid: socket S asks PEER_ILV (echo id 0x5150)
      and closes, T binds S's portid, C asks (echo id 0x5151); then, from
      PEER_NETNS out of DEV, a forged reply for each id comes from
      PEER_ILV to OWN_ILV.
      "control N stray M": N replies to C (want 1), M to T (want 0)
  privcheck.py ports READY STOP RUN COUNT
      bind AF_ILNP sockets to the first RUN ephemeral ports, then COUNT to
      port 0: "ephemeral COUNT distinct D outside the range or in the run
      N" (want D = COUNT, N = 0); create READY and keep the sockets open
      until STOP exists
  privcheck.py ports READY STOP full
      the same, port 0 until the ephemeral range is full, then one port
      freed and port 0 again: "bound N distinct D first F last L errno
      E", "rebound P freed Q" (want P = Q)
Several in one run (a Python start is slow in a VM): SUB ARGS + SUB ARGS.
Numbers are those of uapi/linux/ilnp.h (tests/static/genl-spec.py keeps
the header and the spec in step).
"""
import ctypes
import errno
import os
import resource
import select
import socket
import struct
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import genl_raw  # noqa: E402
import ilnppkt  # noqa: E402

CTRL_ATTR_MCAST_GROUPS = 7
CTRL_ATTR_MCAST_GRP_ID = 2
SOL_NETLINK = 270
NETLINK_ADD_MEMBERSHIP = 1
ILNP_CMD_ECHO_SEND, ILNP_CMD_ECHO_REPLY = 9, 10
ILNP_CMD_EVENT, ILNP_A_EVENT, ILNP_A_EVENT_TYPE = 17, 10, 2
ILNP_A_ECHO = 8
ILNP_A_ECHO_DST_LOC, ILNP_A_ECHO_DST_NID = 2, 3
ILNP_A_ECHO_ID, ILNP_A_ECHO_SEQ = 4, 5
AF_ILNP = 18
PORT_MIN, PORT_MAX = 32768, 60999  # ILNP_PORT_EPHEMERAL_*
CLONE_NEWNET = 0x40000000

libc = ctypes.CDLL(None, use_errno=True)


def genl_socket():
    s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW,
                      genl_raw.NETLINK_GENERIC)
    s.setsockopt(SOL_NETLINK, genl_raw.NETLINK_EXT_ACK, 1)
    s.bind((0, 0))
    return s


def family(s):
    """The family id and its multicast group ids."""
    err, msg, reply = genl_raw.request(
        s, genl_raw.GENL_ID_CTRL, genl_raw.CTRL_CMD_GETFAMILY,
        genl_raw.attr(genl_raw.CTRL_ATTR_FAMILY_NAME, b"ilnp\0"), 1)
    if err:
        sys.exit(f"ilnp family: {os.strerror(err)}")
    a = genl_raw.attrs(reply)
    fam = struct.unpack("H", a[genl_raw.CTRL_ATTR_FAMILY_ID][:2])[0]
    groups = []
    for g in genl_raw.attrs(a.get(CTRL_ATTR_MCAST_GROUPS, b"")).values():
        gid = genl_raw.attrs(g).get(CTRL_ATTR_MCAST_GRP_ID)
        if gid:
            groups.append(struct.unpack("I", gid[:4])[0])
    return fam, groups


def cmds(nums):
    s = genl_socket()
    fam, _ = family(s)
    seq = 10
    for num in nums:
        out = []
        for flags in (0, genl_raw.NLM_F_DUMP):
            seq += 1
            err, _, _ = genl_raw.request(
                s, fam, int(num), b"", seq,
                genl_raw.NLM_F_REQUEST | genl_raw.NLM_F_ACK | flags)
            out.append(str(err))
        print(f"{num} do {out[0]} dump {out[1]}")


def messages(s, fam, timeout, most=1 << 30):
    """The family's messages (cmd, attrs) read from @s within @timeout,
    up to about @most of them."""
    got = []
    end = time.monotonic() + timeout
    while time.monotonic() < end and len(got) < most:
        r, _, _ = select.select([s], [], [], max(0, end - time.monotonic()))
        if not r:
            break
        data = s.recv(65536)
        while len(data) >= 16:
            ln, typ = struct.unpack("IH", data[:6])
            if typ == fam:
                got.append((data[16], genl_raw.attrs(data[20:ln])))
            data = data[(ln + 3) & ~3:]
    return got


def listen(ready, stop):
    s = genl_socket()
    fam, groups = family(s)
    for g in groups:
        s.setsockopt(SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, g)
    open(ready, "w").close()
    echo, events, end = 0, [], time.monotonic() + 600
    while not os.path.exists(stop) and time.monotonic() < end:
        for cmd, a in messages(s, fam, 0.1):
            if cmd == ILNP_CMD_EVENT:
                ev = genl_raw.attrs(a.get(ILNP_A_EVENT, b""))
                events.append(struct.unpack(
                    "I", ev.get(ILNP_A_EVENT_TYPE, b"\0\0\0\0"))[0])
            else:
                echo += cmd == ILNP_CMD_ECHO_REPLY
    print(f"groups {len(groups)} echo {echo} events",
          *events, flush=True)


def echo_send(s, fam, dst, ident, seq):
    nest = b"".join([
        genl_raw.attr(ILNP_A_ECHO_DST_LOC, struct.pack("Q", dst[0])),
        genl_raw.attr(ILNP_A_ECHO_DST_NID, struct.pack("Q", dst[1])),
        genl_raw.attr(ILNP_A_ECHO_ID, struct.pack("H", ident)),
        genl_raw.attr(ILNP_A_ECHO_SEQ, struct.pack("H", 1))])
    err, msg, _ = genl_raw.request(
        s, fam, ILNP_CMD_ECHO_SEND,
        genl_raw.attr(ILNP_A_ECHO | genl_raw.NLA_F_NESTED, nest), seq)
    if err:
        sys.exit(f"echo send: {os.strerror(err)} {msg}")


def forge_replies(netns, dev, src, dst, idents):
    """Echo replies from @src to @dst, sent from @netns (a plain UDP
    socket on the underlay, as ilnppkt.py inject does)."""
    home = os.open("/proc/self/ns/net", os.O_RDONLY)
    fd = os.open(f"/run/netns/{netns}", os.O_RDONLY)
    if libc.setns(fd, CLONE_NEWNET):
        sys.exit(f"setns {netns}: {os.strerror(ctypes.get_errno())}")
    os.close(fd)
    u, ifindex = ilnppkt.underlay_sender(dev, loop=False)
    if libc.setns(home, CLONE_NEWNET):
        sys.exit(f"setns back: {os.strerror(ctypes.get_errno())}")
    os.close(home)
    for ident in idents:
        echo = ilnppkt.icmp_echo(src, dst, type_=129, ident=ident)
        u.sendto(ilnppkt.header(src, dst, len(echo)) + echo,
                 (ilnppkt.group_addr(dst[0]), ilnppkt.PORT, 0, ifindex))


def orphan(netns, dev, peer, own):
    peer, own = ilnppkt.parse_ilv(peer), ilnppkt.parse_ilv(own)
    s = genl_socket()
    fam, _ = family(s)
    echo_send(s, fam, peer, 0x5150, 20)
    portid = s.getsockname()[0]
    s.close()
    t = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW,
                      genl_raw.NETLINK_GENERIC)
    t.bind((portid, 0))
    c = genl_socket()
    echo_send(c, fam, peer, 0x5151, 21)
    forge_replies(netns, dev, peer, own, (0x5150, 0x5151))
    control = messages(c, fam, 5, 1)
    stray = messages(t, fam, 0.3)
    ok = [m for m in control if m[0] == ILNP_CMD_ECHO_REPLY]
    print(f"control {len(ok)} stray {len(stray)}")


def ilnp_bind(fd, port=0):
    """bind(@fd, @port, any locator, our NID): 0 or an errno."""
    sa = struct.pack("=H", AF_ILNP) + struct.pack("!H", port) + bytes(20)
    if libc.bind(fd, ctypes.c_char_p(sa), len(sa)):
        return ctypes.get_errno()
    return 0


def ilnp_port(fd):
    sa = ctypes.create_string_buffer(24)
    ln = ctypes.c_uint(24)
    if libc.getsockname(fd, sa, ctypes.byref(ln)):
        sys.exit(f"getsockname: {os.strerror(ctypes.get_errno())}")
    return struct.unpack("!H", sa.raw[2:4])[0]


def bound(port=0):
    """A new AF_ILNP socket bound to @port: (fd, port) or (-errno, 0)."""
    fd = libc.socket(AF_ILNP, socket.SOCK_DGRAM, 0)
    if fd < 0:
        sys.exit(f"socket: {os.strerror(ctypes.get_errno())}")
    err = ilnp_bind(fd, port)
    if err:
        os.close(fd)
        return -err, 0
    return fd, ilnp_port(fd)


def ports_run(run, count, socks):
    """Ports PORT_MIN.. taken, @run of them; then @count ephemeral binds,
    a tenth starting their search in the run."""
    for port in range(PORT_MIN, PORT_MIN + run):
        fd, _ = bound(port)
        if fd < 0:
            sys.exit(f"bind {port}: {os.strerror(-fd)}")
        socks[port] = fd
    eph = []
    for _ in range(count):
        fd, port = bound()
        if fd < 0:
            sys.exit(f"bind 0: {os.strerror(-fd)}")
        socks[port] = fd
        eph.append(port)
    inside = [p for p in eph if not PORT_MIN + run <= p <= PORT_MAX]
    print(f"ephemeral {len(eph)} distinct {len(set(eph))} "
          f"outside the range or in the run {len(inside)}")


def ports_full(socks):
    """Every ephemeral port taken by bind(0), one freed and found again."""
    err = 0
    while err >= 0:
        err, port = bound()
        if err >= 0:
            socks[port] = err
    print(f"bound {len(socks)} distinct {len(set(socks))} first "
          f"{min(socks)} last {max(socks)} errno {errno.errorcode[-err]}")
    freed = sorted(socks)[len(socks) // 2]
    os.close(socks.pop(freed))
    fd, port = bound()
    if fd >= 0:
        socks[port] = fd
    print(f"rebound {port} freed {freed}")


def ports(ready, stop, run, count=0):
    need = PORT_MAX - PORT_MIN + 100
    resource.setrlimit(resource.RLIMIT_NOFILE, (need, need))
    socks = {}
    if run == "full":
        ports_full(socks)
    else:
        ports_run(int(run), int(count), socks)
    sys.stdout.flush()
    open(ready, "w").close()
    end = time.monotonic() + 120
    while not os.path.exists(stop) and time.monotonic() < end:
        time.sleep(0.1)


def main():
    """Subcommands in turn, separated by "+": one Python start."""
    run = {"cmds": lambda *a: cmds(a), "listen": listen, "orphan": orphan,
           "ports": ports}
    args = sys.argv[1:]
    while args:
        end = args.index("+") if "+" in args else len(args)
        what, rest, args = args[0], args[1:end], args[end + 1:]
        if what not in run:
            sys.exit(f"unknown {what}")
        run[what](*rest)
        sys.stdout.flush()


if __name__ == "__main__":
    main()
