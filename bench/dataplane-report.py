#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""The data-plane benchmark's ratios and plot (bench/dataplane.sh).

  bench/dataplane-report.py [--no-plots] DIR

DIR/bench.json is bench/dataplane-guest.sh's.  Prints AF_ILNP against
plain UDP per case (packets/s, CPU per packet, round trip), the ratios
issue 15 sets goals for (and against VXLAN, and TCP through iperf3), and,
with gnuplot, writes DIR/plots/bench.png and .svg: packets/s per case,
AF_ILNP, UDP and UDP over VXLAN side by side.  Ratios are
reported, not asserted: a TCG guest's figures move with the host's load,
their ratios much less.
"""
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "demo"))
from analyse import (gp_plot, plot_dirs, run_dir,  # noqa: E402
                     write_summary)

# case: (what, the goal as a fraction of UDP's packets/s, or None)
GOALS = {"direct-1440": ("direct, 1440 B on the wire", 0.9),
         "direct-112": ("direct, 112 B on the wire", 0.8),
         "forward-1440": ("through a forwarder, 1440 B", 0.9),
         "direct-1440-by8": ("direct, 8 idle bystanders", None)}


def pairs(rows, key):
    """{case: {kind: row}} for the rows that have @key."""
    out = {}
    for r in rows:
        if key in r:
            out.setdefault(r["case"], {})[r["kind"]] = r
    return out


def fmt(v, spec):
    return "-" if v is None else format(v, spec)


def ratio(a, b):
    return round(a / b, 3) if a is not None and b else None


def report(bench):
    lines = [f"kernel {bench['kernel']}, {bench['cpus']} CPU(s), "
             f"{bench['seconds']} s a run", "",
             f"{'case':30}{'ilnp pps':>9}{'udp pps':>9}{'vxlan':>8}"
             f"{'/udp':>6}{'goal':>6}{'/vxlan':>7}   us/pkt ilnp udp vxlan"]
    ratios = {}
    for case, kinds in pairs(bench["rows"], "pps").items():
        pps = {k: kinds[k]["pps"] if k in kinds else None
               for k in ("ilnp", "udp", "vxlan")}
        cpu = {k: kinds[k]["cpu_us_per_pkt"] if k in kinds else None
               for k in ("ilnp", "udp", "vxlan")}
        vs_udp = ratio(pps["ilnp"], pps["udp"])
        vs_vxlan = ratio(pps["ilnp"], pps["vxlan"])
        ratios[case] = vs_udp
        if vs_vxlan is not None:
            ratios[case + "-vs-vxlan"] = vs_vxlan
        what, goal = GOALS.get(case, (case, None))
        lines.append(f"{what:30}{fmt(pps['ilnp'], '.0f'):>9}"
                     f"{fmt(pps['udp'], '.0f'):>9}"
                     f"{fmt(pps['vxlan'], '.0f'):>8}"
                     f"{fmt(vs_udp, '.2f'):>6}{fmt(goal, ''):>6}"
                     f"{fmt(vs_vxlan, '.2f'):>7}   "
                     + " ".join(fmt(cpu[k], ".0f")
                                for k in ("ilnp", "udp", "vxlan")))
    # The issue's goal: 8 idle bystanders cost the flow less than 10 %.
    pps = pairs(bench["rows"], "pps")
    alone, by8 = pps.get("direct-1440", {}), pps.get("direct-1440-by8", {})
    if by8:
        kept = {k: ratio(by8[k]["pps"], alone[k]["pps"])
                for k in ("ilnp", "udp") if k in by8 and k in alone}
        ratios.update({"by8-" + k: v for k, v in kept.items()})
        lines.append("8 idle bystanders: the flow keeps ilnp "
                     f"{fmt(kept.get('ilnp'), '.2f')} (goal >= 0.9), udp "
                     f"{fmt(kept.get('udp'), '.2f')} of its packets/s")
    for case, kinds in pairs(bench["rows"], "rtt_p50_us").items():
        i, u = kinds.get("ilnp"), kinds.get("udp")
        if not i or not u:
            continue
        r = ratio(i["rtt_p50_us"], u["rtt_p50_us"])
        ratios[case + "-p50"] = r
        lines.append(f"round trip p50/p99 us: ilnp {i['rtt_p50_us']:.0f}/"
                     f"{i['rtt_p99_us']:.0f}, udp {u['rtt_p50_us']:.0f}/"
                     f"{u['rtt_p99_us']:.0f}: p50 ratio {fmt(r, '.2f')} "
                     "(goal <= 1.2)")
    tcps = pairs(bench["rows"], "tcp_mbps")
    tcp = {k: v["tcp_mbps"] for k, v in tcps.get("tcp", {}).items()}
    if tcp:
        ratios["tcp"] = ratio(tcp.get("ilnp"), tcp.get("udp"))
        ratios["tcp-vs-vxlan"] = ratio(tcp.get("ilnp"), tcp.get("vxlan"))
        ratios["tcp-tso"] = ratio(tcp.get("ilnp"), tcp.get("ilnp-notso"))
        lines.append("TCP (iperf3) Mbit/s: " + ", ".join(
            f"{k} {fmt(tcp.get(k), '')}"
            for k in ("ilnp", "udp", "vxlan", "ilnp-notso"))
            + f": ilnp/plain {fmt(ratios['tcp'], '.2f')}, ilnp/vxlan "
            f"{fmt(ratios['tcp-vs-vxlan'], '.2f')} (goal >= 1), TSO on/off "
            f"{fmt(ratios['tcp-tso'], '.2f')}")
    fwd = {k: v["tcp_mbps"] for k, v in tcps.get("tcp-forward", {}).items()}
    if fwd:
        ratios["tcp-forward"] = ratio(fwd.get("ilnp"), fwd.get("udp"))
        lines.append(f"TCP through a forwarder Mbit/s: ilnp "
                     f"{fmt(fwd.get('ilnp'), '')}, routed IPv6 "
                     f"{fmt(fwd.get('udp'), '')}: "
                     f"{fmt(ratios['tcp-forward'], '.2f')}")
    handoffs = sorted((r for r in bench["rows"] if r["case"] == "handoff"),
                      key=lambda r: r["rate"])
    if handoffs:
        # A rate the sender could not keep (within 5 %) counts as the
        # rate it kept.
        def kept(r):
            k = r.get("kept", r["rate"])
            return r["rate"] if k >= 0.95 * r["rate"] else k
        clean = [kept(r) for r in handoffs
                 if r["received"] and not (r["lost"] or r["dup"] or
                                           r["reordered"])]
        top = pairs(bench["rows"], "pps").get("direct-1440", {}).get("ilnp")
        best = max(clean) if clean else None
        ratios["handoff-clean-rate"] = best
        ratios["handoff-of-max"] = ratio(best, top["pps"] if top else None)
        lines.append("soft handoff at speed (1440 B): " + ", ".join(
            f"{r['rate']}/s (kept {r.get('kept', '-')}) lost {r['lost']} "
            f"dup {r['dup']} reordered {r['reordered']}" for r in handoffs))
        lines.append(f"  highest clean rate {fmt(best, '')}/s: "
                     f"{fmt(ratios['handoff-of-max'], '.2f')} of the "
                     "direct maximum")
    for r in (r for r in bench["rows"] if r["case"] == "handoff-hog"):
        ratios["handoff-hog-lost"] = r["lost"]
        ratios["handoff-hog-reordered"] = r["reordered"]
        lines.append(f"soft handoff under a CPU hog: {r['rate']}/s (kept "
                     f"{r['kept']}) lost {r['lost']} dup {r['dup']} "
                     f"reordered {r['reordered']}; counted: "
                     f"{r.get('drops') or 'nothing'}")
    return "\n".join(lines) + "\n", ratios


def plot(out, bench):
    pdir, ddir = plot_dirs(out)
    data = os.path.join(ddir, "bench.dat")
    with open(data, "w") as f:
        f.write("# case ilnp_pps udp_pps vxlan_pps (- when not measured)\n")
        for case, kinds in pairs(bench["rows"], "pps").items():
            f.write(case + "".join(
                f" {kinds[k]['pps'] if k in kinds else '-'}"
                for k in ("ilnp", "udp", "vxlan")) + "\n")
    return gp_plot(pdir, ddir, "bench", [
        "set datafile missing '-'",
        "set style data histograms", "set style histogram cluster gap 1",
        "set style fill solid 0.7 border -1", "set boxwidth 0.9",
        "set grid ytics lc rgb '#dddddd'", "set yrange [0:*]",
        "set ylabel 'packets/s received'",
        f"set title 'Data plane, {bench['kernel']}, "
        f"{bench['cpus']} CPU(s) under TCG'",
        f"plot '{data}' using 2:xtic(1) title 'AF\\_ILNP' "
        "lc rgb '#1f77b4', '' using 3 title 'plain UDP/IPv6' "
        "lc rgb '#ff7f0e', '' using 4 title 'UDP over VXLAN' "
        "lc rgb '#2ca02c'",
    ])


def main():
    out, plots = run_dir(__doc__, "dataplane-report")
    with open(os.path.join(out, "bench.json")) as f:
        bench = json.load(f)
    text, ratios = report(bench)
    bench["ratios"] = ratios
    bench["plots"] = plot(out, bench) if plots else []
    write_summary(out, bench, text, "bench.json", "report.txt")
    if bench["plots"]:
        print("plots: " + " ".join(bench["plots"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
