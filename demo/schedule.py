#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""The demo's move schedule: check a schedule file, write the default
one, or turn one into the plan demo/experiment.sh runs.

  demo/schedule.py check   [OPTIONS] FILE    errors as FILE:LINE: ..., exit 1
  demo/schedule.py default [OPTIONS]         the default schedule
  demo/schedule.py plan    [OPTIONS] FILE    what experiment.sh runs

OPTIONS: --scenario udp|tcp|cable|two-mobile|wifi, --duration S, --period S,
--handoff S, --nets "L1 L2 ...", --mn-start L, --cn-loc L (the
experiment's settings: Documentation/demo.rst).

A schedule has one action a line, "#" starts a comment:

  TIME_S NODE ACTION [ARGS]
  20     mn   move 0:0:0:b handoff 10   ilnp-ip locator move (from the
                                        node's locator; no handoff: hard)
  40     mn   cable br-c                its cable into another bridge
  50     mn   link down eth0            ip link set DEV up|down in its netns
  60     mn   roam ap-b                 SCENARIO=wifi: its radio to another
                                        access point (ap-a on the first
                                        network, ap-b on the second)

TIME_S is seconds (3 decimals at most) from the start of the traffic,
before its end.  NODE is mn, and in SCENARIO=two-mobile also mn2 (the
correspondent, which moves too).  A plan line is
"TIME_US LINE NODE NETNS ACTION ARGS": move OLD NEW HANDOFF_S ("-" for
none), cable BRIDGE, link up|down DEV, roam AP.
"""
import argparse
import re
import sys

SCENARIOS = ("udp", "tcp", "cable", "two-mobile", "wifi")
LOC_RE = re.compile(r"^[0-9a-f]{1,4}(:[0-9a-f]{1,4}){3}$")
DEV_RE = re.compile(r"^[A-Za-z0-9_.-]{1,15}$")
TIME_RE = re.compile(r"^[0-9]+(\.[0-9]{1,3})?$")


def bridge_of(loc):
    """The bridge of network LOC in SCENARIO=cable: 0:0:0:a -> br-a."""
    return "br-" + loc.split(":")[-1]


class Setup:
    """Who is where at the start, as experiment.sh sets it up."""

    def __init__(self, scenario="udp", nets="0:0:0:a 0:0:0:b 0:0:0:c",
                 mn_start="", cn_loc="", duration=120, period=20,
                 handoff=10):
        if scenario not in SCENARIOS:
            raise ValueError(f"scenario {scenario!r}: one of "
                             + ", ".join(SCENARIOS))
        self.scenario = scenario
        self.nets = nets.split()
        self.duration = duration
        self.period = period
        self.handoff = handoff
        mn_start = mn_start or self.nets[0]
        if not cn_loc:
            # two-mobile and wifi: the CN on the third network (wifi:
            # MN <-> CN always crosses the router, as in
            # tests/integration/wifi.sh).
            cn_loc = self.nets[2 if scenario in ("two-mobile", "wifi") and
                              len(self.nets) > 2 else
                              min(1, len(self.nets) - 1)]
        # node -> (netns, first locator)
        self.nodes = {"mn": ("mn", mn_start)}
        if scenario == "two-mobile":
            self.nodes["mn2"] = ("cn", cn_loc)
        # Nodes that learn their locators: moved by cables or roams,
        # not commands.
        self.auto = {"mn"} if scenario in ("cable", "wifi") else set()
        if scenario == "cable":
            self.bridges = {bridge_of(l): l for l in self.nets}
        elif scenario == "wifi":
            self.bridges = {}	# the MN has a radio, no cable
        else:
            self.bridges = {"br0": None}
        # wifi: the access points, each bridged onto a network; the MN
        # starts on the first.
        self.aps = {}
        if scenario == "wifi":
            self.aps = {"ap-a": self.nets[0], "ap-b": self.nets[1]}
        self.actions = ("move", "cable", "link")
        if scenario == "wifi":
            self.actions = ("move", "link", "roam")


def fmt_time(t):
    return f"{t:g}" if t == int(t) else f"{t:.3f}".rstrip("0")


def next_net(nets, loc):
    return nets[(nets.index(loc) + 1) % len(nets)] if loc in nets \
        else nets[0]


def default(s):
    """The default schedule's text: the MN to the next network every
    PERIOD s (cable: its cable to the next network's bridge; wifi: a
    roam to the other access point, ap-b, ap-a, ap-b...); in
    two-mobile MN2 too, every 1.5 PERIOD s from PERIOD s on, so that
    every other one of its moves is at the same instant as one of the
    MN's."""
    out = [f"# the default schedule: SCENARIO={s.scenario} "
           f"DURATION={s.duration} PERIOD={s.period} HANDOFF={s.handoff}"]
    lines = []
    cur = s.nodes["mn"][1]
    k = 1
    while k * s.period < s.duration:
        cur = next_net(s.nets, cur)
        if s.scenario == "cable":
            lines.append((k * s.period, f"mn cable {bridge_of(cur)}"))
        elif s.scenario == "wifi":
            lines.append((k * s.period,
                          f"mn roam {'ap-b' if k % 2 else 'ap-a'}"))
        else:
            lines.append((k * s.period,
                          f"mn move {cur} handoff {s.handoff}"))
        k += 1
    if "mn2" in s.nodes:
        cur = s.nodes["mn2"][1]
        t = s.period
        while t < s.duration:
            cur = next_net(s.nets, cur)
            lines.append((t, f"mn2 move {cur} handoff {s.handoff}"))
            t += s.period * 1.5
    for t, what in sorted(lines, key=lambda x: x[0]):
        out.append(f"{fmt_time(t)} {what}")
    return "\n".join(out) + "\n"


def parse(text, name, s):
    """(actions, errors): actions [(time_s, line, node, action, args)]
    sorted by time (stably), errors ["NAME:LINE: message"]."""
    acts, errors = [], []

    def err(ln, msg):
        errors.append((ln, msg))

    for ln, raw in enumerate(text.splitlines(), 1):
        w = raw.split("#", 1)[0].split()
        if not w:
            continue
        if len(w) < 3:
            err(ln, f"'{raw.strip()}': want TIME_S NODE ACTION [ARGS]")
            continue
        t, node, action, args = w[0], w[1], w[2], w[3:]
        if not TIME_RE.match(t):
            err(ln, f"time '{t}': seconds from the start of the traffic "
                "(at most 3 decimals)")
            continue
        t = float(t)
        if t >= s.duration:
            err(ln, f"time {fmt_time(t)} s: after the traffic ends "
                f"(DURATION={s.duration})")
            continue
        if node not in s.nodes:
            err(ln, f"node '{node}': SCENARIO={s.scenario} has "
                + " and ".join(s.nodes))
            continue
        if action not in s.actions:
            err(ln, f"action '{action}': " + ", ".join(s.actions[:-1])
                + f" or {s.actions[-1]}"
                + ("" if action not in ("move", "cable", "link", "roam")
                   else f" in SCENARIO={s.scenario}"))
            continue
        if action == "move":
            if node in s.auto:
                how = "roam" if s.scenario == "wifi" else "cable"
                err(ln, f"{node} learns its locators in "
                    f"SCENARIO={s.scenario}: move it with '{how}'")
                continue
            if len(args) not in (1, 3) or \
                    (len(args) == 3 and args[1] != "handoff"):
                err(ln, "want 'move LOC [handoff S]'")
                continue
            if args[0] not in s.nets:
                err(ln, f"locator '{args[0]}': not one of the networks "
                    f"the router serves ({' '.join(s.nets)})")
                continue
            if len(args) == 3 and not TIME_RE.match(args[2]):
                err(ln, f"handoff '{args[2]}': seconds (at most 3 "
                    "decimals)")
                continue
        elif action == "cable":
            if len(args) != 1:
                err(ln, "want 'cable BRIDGE'")
                continue
            if args[0] not in s.bridges:
                err(ln, f"bridge '{args[0]}': SCENARIO={s.scenario} has "
                    + " ".join(s.bridges))
                continue
        elif action == "link":
            if len(args) != 2 or args[0] not in ("up", "down") or \
                    not DEV_RE.match(args[1]):
                err(ln, "want 'link up|down DEV'")
                continue
        elif action == "roam":
            if node != "mn" or len(args) != 1:
                err(ln, "want 'mn roam " + "|".join(s.aps) + "'")
                continue
            if args[0] not in s.aps:
                err(ln, f"access point '{args[0]}': SCENARIO={s.scenario} "
                    "has " + " and ".join(s.aps))
                continue
        acts.append((t, ln, node, action, args))
    acts.sort(key=lambda a: a[0])
    # Follow each node's locator: a move to where it is is an error.
    where = {n: loc for n, (_, loc) in s.nodes.items()}
    for t, ln, node, action, args in acts:
        if action == "move":
            if args[0] == where[node]:
                err(ln, f"{node} is on {args[0]} already at "
                    f"{fmt_time(t)} s")
            where[node] = args[0]
        elif action == "cable" and s.bridges[args[0]]:
            where[node] = s.bridges[args[0]]
        elif action == "roam":
            if s.aps[args[0]] == where[node]:
                err(ln, f"{node} is on {args[0]} already at "
                    f"{fmt_time(t)} s")
            where[node] = s.aps[args[0]]
    errors.sort(key=lambda e: e[0])
    return acts, [f"{name}:{ln}: {msg}" for ln, msg in errors]


def plan(acts, s):
    """The plan lines experiment.sh runs."""
    out = []
    where = {n: loc for n, (_, loc) in s.nodes.items()}
    for t, ln, node, action, args in acts:
        ns = s.nodes[node][0]
        if action == "move":
            h = args[2] if len(args) == 3 else "-"
            what = f"move {where[node]} {args[0]} {h}"
            where[node] = args[0]
        elif action == "cable":
            what = f"cable {args[0]}"
            if s.bridges[args[0]]:
                where[node] = s.bridges[args[0]]
        elif action == "roam":
            what = f"roam {args[0]}"
            where[node] = s.aps[args[0]]
        else:
            what = f"link {args[0]} {args[1]}"
        out.append(f"{round(t * 1e6)} {ln} {node} {ns} {what}")
    return "\n".join(out) + ("\n" if out else "")


def moves_in(acts):
    """How many of the actions move a node (move, cable and roam
    lines)."""
    return sum(1 for a in acts if a[3] in ("move", "cable", "roam"))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("what", choices=("check", "default", "plan"))
    ap.add_argument("file", nargs="?")
    ap.add_argument("--scenario", default="udp")
    ap.add_argument("--duration", type=int, default=120)
    ap.add_argument("--period", type=int, default=20)
    ap.add_argument("--handoff", default="10")
    ap.add_argument("--nets", default="0:0:0:a 0:0:0:b 0:0:0:c")
    ap.add_argument("--mn-start", default="")
    ap.add_argument("--cn-loc", default="")
    a = ap.parse_intermixed_args()
    try:
        s = Setup(a.scenario, a.nets, a.mn_start, a.cn_loc, a.duration,
                  a.period, a.handoff)
    except ValueError as e:
        raise SystemExit(f"schedule: {e}")
    if a.what == "default":
        sys.stdout.write(default(s))
        return 0
    if not a.file:
        raise SystemExit("schedule: which file?")
    try:
        with open(a.file) as f:
            text = f.read()
    except OSError as e:
        raise SystemExit(f"schedule: {a.file}: {e.strerror}")
    acts, errors = parse(text, a.file, s)
    for e in errors:
        print(f"schedule: {e}", file=sys.stderr)
    if errors:
        return 1
    if a.what == "plan":
        sys.stdout.write(plan(acts, s))
    else:
        print(f"schedule: {a.file}: {len(acts)} actions, "
              f"{moves_in(acts)} moves")
    return 0


if __name__ == "__main__":
    sys.exit(main())
