#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""The two ilnp generic netlink requests the demo needs, for an ilnp-ip
that does not have them yet (experiment.sh prefers ilnp-ip when it has).

  ilnp_nl.py move DEV OLD NEW HANDOFF_MS   ILNP_CMD_LOCATOR_MOVE
  ilnp_nl.py cache                         the ILCC as JSON, one object
                                           per correspondent
  ilnp_nl.py peer NID [-]                  "STATE SEQ RTT_US" of our last
                                           locator update to NID ("-" when
                                           unknown); with "-", from the
                                           JSON of "ilnp-ip -j cache show"
                                           on standard input
  ilnp_nl.py schedule                      the MN's moves (experiment.sh:
                                           settings from the environment)
  ilnp_nl.py wait NID PREV SECONDS [tool]  poll (every 20 ms) until the
                                           update to NID with a sequence
                                           other than PREV is acked or has
                                           failed, then print as "peer";
                                           with "tool", the ILCC comes from
                                           "ilnp-ip -j cache show"

Locators and NIDs are written as the tools write them ("0:0:0:a").
Exits 1 with the kernel's message when a request fails.  Standard
library only: it runs on a bare Raspberry Pi OS too.
"""
import json
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
SOL_NETLINK, NETLINK_EXT_ACK, NETLINK_CAP_ACK = 270, 11, 10
NLMSGERR_ATTR_MSG = 1

# uapi/linux/ilnp.h (enum ilnp_cmd, enum ilnp_attr)
CMD_CACHE_GET, CMD_LOCATOR_MOVE = 14, 15
A_IFINDEX, A_NID, A_LOCATOR, A_PREFERENCE = 2, 4, 9, 10
A_AGE_MS, A_DST_LOC = 16, 19
A_LOCATORS, A_LOCATOR_ENTRY, A_LIFETIME = 31, 32, 33
A_NEW_LOCATOR, A_HANDOFF_MS = 35, 37
A_LU_RETRIES, A_LU_STATE, A_LU_SEQ, A_LU_RTT_US = 39, 42, 43, 44
LU_STATES = ("idle", "pending", "acked", "failed")


def attr(t, data):
    a = struct.pack("HH", 4 + len(data), t) + data
    return a + b"\0" * (-len(a) % 4)


def attrs(buf):
    out = {}
    while len(buf) >= 4:
        ln, t = struct.unpack("HH", buf[:4])
        if ln < 4:
            break
        out[t & 0x3FFF] = buf[4:ln]
        buf = buf[(ln + 3) & ~3:]
    return out


def nested_list(buf):
    out = []
    while len(buf) >= 4:
        ln, t = struct.unpack("HH", buf[:4])
        if ln < 4:
            break
        out.append((t & 0x3FFF, buf[4:ln]))
        buf = buf[(ln + 3) & ~3:]
    return out


def u(buf):
    return int.from_bytes(buf, sys.byteorder)


def id_text(v):
    return ":".join("%x" % ((v >> s) & 0xFFFF) for s in (48, 32, 16, 0))


def id_parse(s):
    groups = s.split(":")
    if len(groups) != 4:
        raise SystemExit(f"ilnp_nl: bad locator {s!r}")
    v = 0
    for g in groups:
        v = (v << 16) | int(g or "0", 16)
    return v


class Genl:
    def __init__(self):
        self.s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW,
                               NETLINK_GENERIC)
        self.s.setsockopt(SOL_NETLINK, NETLINK_EXT_ACK, 1)
        self.s.setsockopt(SOL_NETLINK, NETLINK_CAP_ACK, 1)
        self.s.bind((0, 0))
        self.seq = 0
        msgs = self.request(GENL_ID_CTRL, CTRL_CMD_GETFAMILY,
                            attr(CTRL_ATTR_FAMILY_NAME, b"ilnp\0"))
        self.family = u(attrs(msgs[0])[CTRL_ATTR_FAMILY_ID][:2])

    def request(self, family, cmd, payload, dump=False):
        """Send one request; return the payloads (attributes) of the
        answers.  An error answer exits with its message."""
        self.seq += 1
        flags = NLM_F_REQUEST | (NLM_F_DUMP if dump else NLM_F_ACK)
        body = struct.pack("BBH", cmd, 1, 0) + payload
        self.s.send(struct.pack("IHHII", 16 + len(body), family, flags,
                                self.seq, 0) + body)
        out = []
        while True:
            data = self.s.recv(1 << 20)
            while len(data) >= 16:
                ln, typ, _, seq, _ = struct.unpack("IHHII", data[:16])
                msg, data = data[:ln], data[(ln + 3) & ~3:]
                if seq != self.seq:
                    continue
                if typ == NLMSG_DONE:
                    return out
                if typ == NLMSG_ERROR:
                    err = -struct.unpack("i", msg[16:20])[0]
                    if err == 0:
                        return out
                    text = attrs(msg[36:]).get(NLMSGERR_ATTR_MSG, b"")
                    text = text.rstrip(b"\0").decode(errors="replace")
                    raise SystemExit(f"ilnp_nl: {os.strerror(err)}"
                                     + (f": {text}" if text else ""))
                out.append(msg[20:])


def ifindex(dev):
    with open(f"/sys/class/net/{dev}/ifindex") as f:
        return int(f.read())


def move(g, dev, old, new, handoff_ms):
    g.request(g.family, CMD_LOCATOR_MOVE,
              attr(A_IFINDEX, struct.pack("I", ifindex(dev)))
              + attr(A_LOCATOR, struct.pack("Q", id_parse(old)))
              + attr(A_NEW_LOCATOR, struct.pack("Q", id_parse(new)))
              + attr(A_HANDOFF_MS, struct.pack("I", int(handoff_ms))))


def cache(g):
    out = []
    for payload in g.request(g.family, CMD_CACHE_GET, b"", dump=True):
        a = attrs(payload)
        if A_NID not in a:
            continue
        e = {"nid": id_text(u(a[A_NID]))}
        if A_DST_LOC in a:
            e["locator"] = id_text(u(a[A_DST_LOC]))
        locs = []
        for t, ent in nested_list(a.get(A_LOCATORS, b"")):
            if t != A_LOCATOR_ENTRY:
                continue
            ea = attrs(ent)
            if A_LOCATOR in ea:
                locs.append({"locator": id_text(u(ea[A_LOCATOR])),
                             "preference": u(ea.get(A_PREFERENCE, b"\0\0")),
                             "lifetime": u(ea.get(A_LIFETIME, b"\0" * 4))})
        e["locators"] = locs
        if A_AGE_MS in a:
            e["age_ms"] = u(a[A_AGE_MS])
        if A_LU_STATE in a:
            st = u(a[A_LU_STATE])
            e["lu_state"] = LU_STATES[st] if st < len(LU_STATES) else st
        for key, t in (("lu_seq", A_LU_SEQ), ("lu_retries", A_LU_RETRIES),
                       ("lu_rtt_us", A_LU_RTT_US)):
            if t in a:
                e[key] = u(a[t])
        out.append(e)
    return out


def find(obj, want):
    """The ILCC entry for NID @want in whatever JSON shape @obj has: a
    list of entries, or an object holding one."""
    if isinstance(obj, dict):
        nid = obj.get("nid")
        if isinstance(nid, str) and nid.count(":") == 3:
            try:
                if id_parse(nid) == want:
                    return obj
            except ValueError:
                pass
        obj = list(obj.values())
    if isinstance(obj, list):
        for o in obj:
            e = find(o, want)
            if e is not None:
                return e
    return None


def lu(entries, nid):
    e = find(entries, id_parse(nid)) or {}
    state = e.get("lu_state", e.get("state", "-"))
    seq = e.get("lu_seq", e.get("seq", "-"))
    rtt = next((v for k, v in e.items() if "rtt" in k), "-")
    return str(state), str(seq), str(rtt)


def peer(entries, nid):
    print(*lu(entries, nid))


def wait(nid, prev, seconds, tool):
    import subprocess
    import time
    g = None if tool else Genl()
    end = time.monotonic() + float(seconds)
    while True:
        if tool:
            out = subprocess.run(["ilnp-ip", "-j", "cache", "show"],
                                 stdout=subprocess.PIPE, check=True).stdout
            entries = json.loads(out)
        else:
            entries = cache(g)
        state, seq, rtt = lu(entries, nid)
        if (seq != prev and state in ("acked", "failed")) or \
                time.monotonic() > end:
            print(state, seq, rtt)
            return
        time.sleep(0.02)


def schedule():
    """The MN's moves, in one process (no interpreter start per move):
    from START_AT every PERIOD s until DURATION, move to the next of
    NETS with HANDOFF, then wait for the CN's ack and log the move and
    the update's round trip to OUT/moves.log."""
    import subprocess
    import time
    env = os.environ
    start, period = float(env["START_AT"]), float(env["PERIOD"])
    duration, handoff = float(env["DURATION"]), float(env["HANDOFF"])
    nets, cur = env["NETS"].split(), env["MN_START"]
    nid, out = env["CN_NID"], env["OUT"]
    tool_move = env.get("TOOL_MOVE") == "yes"
    tool_cache = env.get("TOOL_CACHE") == "yes"
    g = Genl()

    def progress(msg):
        e = time.time() - start
        with open(env["PROGRESS"], "a") as f:
            f.write(f"[t+{e:.1f}s/{duration:g}s] mn: {msg}\n")

    def entries():
        if tool_cache:
            return json.loads(subprocess.run(
                ["ilnp-ip", "-j", "cache", "show"], check=True,
                stdout=subprocess.PIPE).stdout)
        return cache(g)

    log = open(os.path.join(out, "moves.log"), "w", buffering=1)
    log.write("# time from to handoff_s lu_state lu_seq lu_rtt_us\n")
    k = 1
    while start + k * period < start + duration - 0.5:
        at = start + k * period
        nxt = nets[(nets.index(cur) + 1) % len(nets)] \
            if cur in nets else nets[0]
        time.sleep(max(0, at - 0.3 - time.time()))
        _, before, _ = lu(entries(), nid)
        time.sleep(max(0, at - time.time()))
        if tool_move:
            subprocess.run(["ilnp-ip", "locator", "move", cur, nxt, "dev",
                            "ilnp0", "handoff", "%g" % handoff], check=True)
        else:
            move(g, "ilnp0", cur, nxt, int(handoff * 1000))
        t = time.time()
        progress(f"move {k}: {cur} -> {nxt} (handoff {handoff:g} s)")
        end = t + min(5, period - 0.5)
        while True:
            state, seq, rtt = lu(entries(), nid)
            if (seq != before and state in ("acked", "failed")) or \
                    time.time() > end:
                break
            time.sleep(0.02)
        log.write(f"{t:.6f} {cur} {nxt} {handoff:g} {state} {seq} {rtt}\n")
        if state == "acked":
            progress(f"move {k}: update acked by the CN "
                     + ("within a jiffy" if rtt == "0" else f"RTT {rtt} us"))
        else:
            progress(f"move {k}: update {state} (seq {seq})")
        cur = nxt
        k += 1


def main():
    if len(sys.argv) < 2 or \
            sys.argv[1] not in ("move", "cache", "peer", "wait", "schedule"):
        raise SystemExit(__doc__.strip())
    if sys.argv[1] == "schedule":
        schedule()
        return
    if sys.argv[1] == "wait":
        wait(sys.argv[2], sys.argv[3], sys.argv[4],
             len(sys.argv) > 5 and sys.argv[5] == "tool")
        return
    if sys.argv[1] == "peer":
        if len(sys.argv) > 3 and sys.argv[3] == "-":
            peer(json.load(sys.stdin), sys.argv[2])
        else:
            peer(cache(Genl()), sys.argv[2])
        return
    g = Genl()
    if sys.argv[1] == "move":
        if len(sys.argv) != 6:
            raise SystemExit("usage: ilnp_nl.py move DEV OLD NEW HANDOFF_MS")
        move(g, *sys.argv[2:])
    else:
        json.dump(cache(g), sys.stdout)
        print()


if __name__ == "__main__":
    main()
