#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Topologies for bench/discovery-scaling.sh, and the number of discovery
messages one solicitation round costs on them, counted on the graph (no
kernel): under our rule and under the 2021 prototype's.

  discovery-model.py nodes TOPO N
      one line per node: "NAME NID LOC..." (what the guest script builds)
  discovery-model.py count TOPO N [--hlim H]
      "links ATTACHMENTS ours OURS prototype PROTO": messages sent plus
      flooded on in one round started by node n0's solicitation

TOPO: chain (network i shared by nodes i and i + 1: the ends are hosts),
ring (the chain closed: network N - 1 shared by the last node and n0),
mesh (a network of its own for every pair of nodes: N - 1 locators each).

Both rules: a message goes out with hop limit H on every locator of its
origin; every node on a network hears every copy sent on it.  A round is
the solicitation and one advertisement from every node that heard it.

Ours: a node handles the first copy of each flood (origin, sequence) and,
if its hop limit is above 1, sends it on over each of its other locators
with the hop limit one less; later copies are dropped (duplicate cache).
Counted for the ideal arrival order (first copy = most hops left), the
order in which a node at distance d < H forwards, so a flood costs the
origin's locators plus, for every other node within H - 1 hops, its
locators but one: with everything in reach, L - (N - 1) for L attachments.

Prototype: no duplicate cache.  Every copy a node hears with hop limit
above 1 is sent on over every other locator with the hop limit one less;
only the hop limit stops it (the origin ignores its own).  Each node
answers the solicitation once (a lower bound: without a cache the
prototype answered every copy it heard).
"""
import argparse
import collections
import itertools
import sys


def topology(kind, n):
    """Node i's networks (numbered from 1) as a list of lists."""
    nets = [[] for _ in range(n)]
    if kind in ("chain", "ring"):
        links = n - 1 if kind == "chain" else n
        for k in range(links):
            nets[k].append(k + 1)
            nets[(k + 1) % n].append(k + 1)
    elif kind == "mesh":
        for k, (i, j) in enumerate(itertools.combinations(range(n), 2)):
            nets[i].append(k + 1)
            nets[j].append(k + 1)
    else:
        raise SystemExit(f"unknown topology {kind}")
    return nets


def members(nets):
    m = collections.defaultdict(list)
    for v, ls in enumerate(nets):
        for k in ls:
            m[k].append(v)
    return m


def distances(nets, mem, src):
    d = {src: 0}
    todo = collections.deque([src])
    while todo:
        v = todo.popleft()
        for k in nets[v]:
            for w in mem[k]:
                if w not in d:
                    d[w] = d[v] + 1
                    todo.append(w)
    return d


def ours_flood(nets, mem, origin, hlim):
    d = distances(nets, mem, origin)
    return len(nets[origin]) + sum(len(nets[v]) - 1 for v, dv in d.items()
                                   if 1 <= dv <= hlim - 1)


def proto_flood(nets, mem, origin, hlim):
    """Copies sent, counted by multiplicity: (node, net it came in on,
    hop limit) -> how many copies."""
    sent = 0
    wave = collections.Counter()
    for k in nets[origin]:
        sent += 1
        for w in mem[k]:
            if w != origin:
                wave[(w, k, hlim)] += 1
    while wave:
        nxt = collections.Counter()
        for (v, came, h), c in wave.items():
            if h <= 1:
                continue
            for k in nets[v]:
                if k == came:
                    continue
                sent += c
                for w in mem[k]:
                    if w != v and w != origin:
                        nxt[(w, k, h - 1)] += c
        wave = nxt
    return sent


def count(kind, n, hlim):
    nets = topology(kind, n)
    mem = members(nets)
    heard = [v for v, dv in distances(nets, mem, 0).items()
             if 1 <= dv <= hlim]
    floods = [0] + heard
    ours = sum(ours_flood(nets, mem, o, hlim) for o in floods)
    proto = sum(proto_flood(nets, mem, o, hlim) for o in floods)
    return sum(map(len, nets)), ours, proto


def main():
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("nodes")
    p.add_argument("topo")
    p.add_argument("n", type=int)
    c = sub.add_parser("count")
    c.add_argument("topo")
    c.add_argument("n", type=int)
    c.add_argument("--hlim", type=int, default=3)
    a = ap.parse_args()
    if a.cmd == "nodes":
        for i, ls in enumerate(topology(a.topo, a.n)):
            print(f"n{i} ffff:0:0:{i + 1:x}",
                  " ".join(f"0:0:0:{k:x}" for k in ls))
    else:
        links, ours, proto = count(a.topo, a.n, a.hlim)
        print(f"links {links} ours {ours} prototype {proto}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
