#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Sum up and plot a TCP run of demo/experiment.sh (SCENARIO=tcp).

  demo/analyse_tcp.py [--no-plots] DIR

DIR holds iperf3.json (the MN's download from the CN: iperf3 -R -J,
intervals of INTERVAL s), moves.log and params.json.  Writes
DIR/summary.json, DIR/summary.txt (also printed) and, with gnuplot,
DIR/plots/goodput.png and .svg: the download's goodput in 1 s buckets
against time, the moves and soft handoffs marked.

The download "never broke" when iperf3 ended without an error after the
whole DURATION.  A stall is the longest run of intervals with no byte
received (a multiple of the interval, iperf3's resolution).
Standard library and gnuplot only.
"""
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from analyse import (COLOURS, gp_moves, gp_plot, plot_dirs,  # noqa: E402
                     read_moves, run_dir, write_summary)


def read_iperf(path):
    """(start epoch s, [(t_start, t_end, bytes)], end, error) of an
    iperf3 -J report, times relative to iperf3's start."""
    with open(path) as f:
        rep = json.load(f)
    start = rep.get("start", {}).get("timestamp", {}).get("timesecs", 0)
    ivals = [(i["sum"]["start"], i["sum"]["end"], i["sum"]["bytes"])
             for i in rep.get("intervals", [])]
    return start, ivals, rep.get("end", {}), rep.get("error")


def longest_stall(ivals):
    """Longest run of intervals with no byte, in seconds, and its start."""
    best, run_start, best_at = 0.0, None, None
    for a, b, n in ivals:
        if n == 0:
            run_start = a if run_start is None else run_start
            if b - run_start > best:
                best, best_at = b - run_start, run_start
        else:
            run_start = None
    return best, best_at


def per_second(ivals, t_off, nb):
    """Bytes in 1 s buckets of experiment time (interval start + t_off)."""
    buckets = [0] * nb
    for a, _, n in ivals:
        k = int(a + t_off)
        if 0 <= k < nb:
            buckets[k] += n
    return buckets


def summarise(out):
    params = {}
    pj = os.path.join(out, "params.json")
    if os.path.exists(pj):
        with open(pj) as f:
            params = json.load(f)
    start, ivals, end, error = read_iperf(os.path.join(out, "iperf3.json"))
    t0 = params.get("start_at") or start
    t_off = start - t0
    moves = read_moves(os.path.join(out, "moves.log"))
    for m in moves:
        m["t_s"] = round(m["time"] - t0, 3)
    received = end.get("sum_received", {})
    sent = end.get("sum_sent", {})
    secs = received.get("seconds") or (ivals[-1][1] if ivals else 0)
    stall, stall_at = longest_stall(ivals)
    duration = params.get("duration") or 0
    nb = int(max(duration, secs + t_off)) + 1
    buckets = per_second(ivals, t_off, nb)
    in_handoff = [b for k, b in enumerate(buckets)
                  if any(m["t_s"] <= k < m["t_s"] + m["handoff_s"]
                         for m in moves)]
    rtts = [m["lu_rtt_us"] for m in moves if m["lu_rtt_us"] is not None]
    return {
        "params": params, "t0": t0, "iperf3_start": start,
        "error": error,
        "completed": error is None and secs >= duration - 1,
        "received_bytes": received.get("bytes", 0),
        "seconds": round(secs, 3),
        "goodput_mbps": round(received.get("bits_per_second", 0) / 1e6, 3),
        "retransmits": sent.get("retransmits"),
        "interval_s": round(ivals[0][1] - ivals[0][0], 3) if ivals else None,
        "longest_stall_s": round(stall, 3),
        "longest_stall_at_s": (round(stall_at + t_off, 3)
                               if stall_at is not None else None),
        "min_second_mbps": round(min(buckets[:int(secs)] or [0]) * 8 / 1e6,
                                 3),
        "handoff_mean_mbps": (round(sum(in_handoff) / len(in_handoff)
                                    * 8 / 1e6, 3) if in_handoff else None),
        "per_second_bytes": buckets,
        "moves": moves,
        "lu_rtt_us": {"min": min(rtts) if rtts else None,
                      "max": max(rtts) if rtts else None},
    }


def human(s):
    p = s["params"]
    rate = p.get("tcp_rate_mbps") or 0
    lines = [
        f"ILNP mobility demo, TCP: the MN downloads from the CN with "
        f"iperf3 -R ({f'{rate} Mbit/s cap' if rate else 'no cap'}) for "
        f"{p.get('duration')} s, a move every {p.get('period')} s with a "
        f"{p.get('handoff')} s soft handoff",
        "",
        f"download: {'completed, never broke' if s['completed'] else 'BROKE'}"
        + (f" ({s['error']})" if s["error"] else ""),
        f"  {s['received_bytes']} bytes in {s['seconds']} s: "
        f"{s['goodput_mbps']} Mbit/s on average; during handoffs "
        f"{s['handoff_mean_mbps']} Mbit/s; slowest second "
        f"{s['min_second_mbps']} Mbit/s",
        f"  longest stall {s['longest_stall_s']} s"
        + (f" at t={s['longest_stall_at_s']} s"
           if s["longest_stall_at_s"] is not None else "")
        + f" (iperf3 intervals of {s['interval_s']} s); "
        f"TCP retransmissions {s['retransmits']}",
        "",
        f"Moves ({len(s['moves'])}), with the round trip of the MN's "
        "locator update to the CN:",
    ]
    for m in s["moves"]:
        rtt = ("no RTT" if m["lu_rtt_us"] is None
               else f"RTT {m['lu_rtt_us'] / 1e3:.3f} ms")
        lines.append(f"  t={m['t_s']:7.2f} s  {m['from']} -> {m['to']}  "
                     f"update {m['lu_state']}, {rtt}")
    if s.get("plots"):
        lines += ["", "Plots: " + " ".join(s["plots"])]
    return "\n".join(lines) + "\n"


def plot(out, s):
    pdir, ddir = plot_dirs(out)
    data = os.path.join(ddir, "goodput.dat")
    with open(data, "w") as f:
        f.write("# second goodput_mbps\n")
        for k, n in enumerate(s["per_second_bytes"]):
            f.write(f"{k} {n * 8 / 1e6:.3f}\n")
    nets = s["params"].get("nets", "").split()
    return gp_plot(pdir, ddir, "goodput", [
        *gp_moves(s["moves"], nets),
        "set grid lc rgb '#dddddd'", "set key outside right top",
        "set xlabel 'time (s)'", "set ylabel 'goodput (Mbit/s)'",
        f"set xrange [0:{len(s['per_second_bytes'])}]",
        "set yrange [0:*]", "set tmargin 4",
        "set title 'TCP download CN -> MN (iperf3), 1 s buckets' "
        "offset 0,1",
        f"plot '{data}' using ($1+0.5):2 with histeps lw 2 "
        f"lc rgb '{COLOURS[0]}' title 'goodput', "
        "NaN with lines dt 2 lc rgb '#555555' title 'move', "
        "NaN with boxes fs solid lc rgb '#ececec' title 'handoff'",
    ])


def main():
    out, plots = run_dir(__doc__, "analyse_tcp")
    s = summarise(out)
    s["plots"] = plot(out, s) if plots else []
    write_summary(out, s, human(s))
    return 0 if s["completed"] else 1


if __name__ == "__main__":
    sys.exit(main())
