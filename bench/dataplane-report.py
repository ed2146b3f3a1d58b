#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""The data-plane benchmark's ratios and plot (bench/dataplane.sh).

  bench/dataplane-report.py [--no-plots] DIR

DIR/bench.json is bench/dataplane-guest.sh's.  Prints AF_ILNP against
plain UDP per case (packets/s, CPU per packet, round trip), the ratios
issue 15 sets goals for, and, with gnuplot, writes DIR/plots/bench.png
and .svg: packets/s per case, the two side by side.  Ratios are
reported, not asserted: a TCG guest's figures move with the host's load,
their ratios much less.
"""
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "demo"))
from analyse import gp_plot, plot_dirs, run_dir  # noqa: E402

# case: (what, the goal as a fraction of UDP's packets/s, or None)
GOALS = {"direct-1440": ("direct, 1440 B on the wire", 0.9),
         "direct-112": ("direct, 112 B on the wire", 0.8),
         "forward-1440": ("through a forwarder, 1440 B", 0.9)}


def pairs(rows, key):
    """{case: {kind: row}} for the rows that have @key."""
    out = {}
    for r in rows:
        if key in r:
            out.setdefault(r["case"], {})[r["kind"]] = r
    return out


def report(bench):
    lines = [f"kernel {bench['kernel']}, {bench['cpus']} CPU(s), "
             f"{bench['seconds']} s a run", "",
             f"{'case':30}{'ilnp pps':>10}{'udp pps':>10}{'ratio':>7}"
             f"{'goal':>6}{'ilnp us/pkt':>13}{'udp us/pkt':>12}"]
    ratios = {}
    for case, kinds in pairs(bench["rows"], "pps").items():
        i, u = kinds.get("ilnp"), kinds.get("udp")
        if not i or not u:
            continue
        ratio = i["pps"] / u["pps"] if u["pps"] else 0.0
        ratios[case] = round(ratio, 3)
        what, goal = GOALS.get(case, (case, None))
        lines.append(f"{what:30}{i['pps']:>10.0f}{u['pps']:>10.0f}"
                     f"{ratio:>7.2f}{goal if goal else '-':>6}"
                     f"{i['cpu_us_per_pkt']:>13.1f}"
                     f"{u['cpu_us_per_pkt']:>12.1f}")
    for case, kinds in pairs(bench["rows"], "rtt_p50_us").items():
        i, u = kinds.get("ilnp"), kinds.get("udp")
        if not i or not u:
            continue
        ratio = i["rtt_p50_us"] / u["rtt_p50_us"] if u["rtt_p50_us"] else 0
        ratios[case + "-p50"] = round(ratio, 3)
        lines.append(f"round trip p50/p99 us: ilnp {i['rtt_p50_us']:.0f}/"
                     f"{i['rtt_p99_us']:.0f}, udp {u['rtt_p50_us']:.0f}/"
                     f"{u['rtt_p99_us']:.0f}: p50 ratio {ratio:.2f} "
                     "(goal <= 1.2)")
    return "\n".join(lines) + "\n", ratios


def plot(out, bench):
    pdir, ddir = plot_dirs(out)
    data = os.path.join(ddir, "bench.dat")
    with open(data, "w") as f:
        f.write("# case ilnp_pps udp_pps\n")
        for case, kinds in pairs(bench["rows"], "pps").items():
            if "ilnp" in kinds and "udp" in kinds:
                f.write(f"{case} {kinds['ilnp']['pps']} "
                        f"{kinds['udp']['pps']}\n")
    return gp_plot(pdir, ddir, "bench", [
        "set style data histograms", "set style histogram cluster gap 1",
        "set style fill solid 0.7 border -1", "set boxwidth 0.9",
        "set grid ytics lc rgb '#dddddd'", "set yrange [0:*]",
        "set ylabel 'packets/s received'",
        f"set title 'Data plane, {bench['kernel']}, "
        f"{bench['cpus']} CPU(s) under TCG'",
        f"plot '{data}' using 2:xtic(1) title 'AF\\_ILNP' "
        "lc rgb '#1f77b4', '' using 3 title 'plain UDP/IPv6' "
        "lc rgb '#ff7f0e'",
    ])


def main():
    out, plots = run_dir(__doc__, "dataplane-report")
    with open(os.path.join(out, "bench.json")) as f:
        bench = json.load(f)
    text, ratios = report(bench)
    bench["ratios"] = ratios
    bench["plots"] = plot(out, bench) if plots else []
    with open(os.path.join(out, "bench.json"), "w") as f:
        json.dump(bench, f, indent=1)
        f.write("\n")
    with open(os.path.join(out, "report.txt"), "w") as f:
        f.write(text)
    sys.stdout.write(text)
    if bench["plots"]:
        print("plots: " + " ".join(bench["plots"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
