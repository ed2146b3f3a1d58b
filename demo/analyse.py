#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Sum up and plot a run of demo/experiment.sh.

  demo/analyse.py [--no-plots] DIR

DIR holds the logs of one run: mn-send.log, mn-recv.log, cn-send.log,
cn-recv.log (formats in ilnp-send(1)), moves.log and, optionally,
params.json.  Writes DIR/summary.json, DIR/summary.txt (also printed) and,
with gnuplot, the figures of the 2021 prototype's experiment 3 as PNG and
SVG in DIR/plots/:

  seq-cn, seq-mn                received sequence numbers vs time, on the
                                CN and on the MN, moves marked
  throughput-cn, throughput-mn  throughput in 1 s buckets per MN locator
                                and in all, on the CN and on the MN

The locator of a datagram is the MN's: on the MN the locator it arrived
on, on the CN the locator of the source I-LV.  In SCENARIO=two-mobile
(params.json) the CN is a second mobile node, MN2, and a datagram's
locator is the receiver's, the one it arrived on, at both ends.  moves.log
may say which node moved (an 8th column, mn or mn2); each node's moves
are marked in its own colour.  Throughput counts bytes on the wire:
payload plus OVERHEAD.
Standard library and gnuplot only.
"""
import json
import os
import shutil
import subprocess
import sys

# Outer IPv6 40 + UDP 8 + ILNPv6 40 + nonce option 8 + STP 8.
OVERHEAD = 104
DIRECTIONS = (("mn_to_cn", "MN -> CN", "mn-send.log", "cn-recv.log", "cn"),
              ("cn_to_mn", "CN -> MN", "cn-send.log", "mn-recv.log", "mn"))


def read_send(path):
    """[(time, seq, size, ok)] from an ilnp-send log."""
    out = []
    with open(path) as f:
        for line in f:
            w = line.split()
            if len(w) < 5 or not w[1].isdigit():
                continue
            out.append((float(w[0]), int(w[1]), int(w[3]), w[4] == "0"))
    return out


def loc_of_ilv(ilv):
    return ":".join(ilv.split(":")[:4])


def read_recv(path, mn_side):
    """[(time, seq, size, mn_locator)] from an ilnp-recv log; datagrams
    without a number are skipped (ilnp-recv counts them as short)."""
    out = []
    with open(path) as f:
        for line in f:
            w = line.split()
            if len(w) < 7 or not w[1].isdigit():
                continue
            loc = w[4] if mn_side else loc_of_ilv(w[2])
            size = int(w[5]) if w[5].isdigit() else 0
            out.append((float(w[0]), int(w[1]), size, loc))
    return out


def read_moves(path):
    out = []
    if not os.path.exists(path):
        return out
    with open(path) as f:
        for line in f:
            w = line.split()
            if not w or w[0].startswith("#"):
                continue
            w += ["-"] * (7 - len(w)) + ["mn"] * (8 - max(7, len(w)))
            m = {"time": float(w[0]), "from": w[1], "to": w[2],
                 "handoff_s": float(w[3]), "lu_state": w[4],
                 "lu_seq": int(w[5]) if w[5].isdigit() else None,
                 "lu_rtt_us": int(w[6]) if w[6].isdigit() else None,
                 "node": w[7]}
            out.append(m)
    return sorted(out, key=lambda m: m["time"])


def percentile(sorted_vals, p):
    if not sorted_vals:
        return None
    i = min(len(sorted_vals) - 1, int(round(p / 100 * (len(sorted_vals) - 1))))
    return sorted_vals[i]


def direction(sent, recv, t0):
    """Counts as ilnp-recv(1) defines them, with the sender's count for
    what was lost at the end."""
    nsent = len(sent)
    errors = sum(1 for s in sent if not s[3])
    seen = {}
    highest = -1
    reordered = 0
    for _, seq, _, _ in recv:
        if seq in seen:
            seen[seq] += 1
            continue
        seen[seq] = 1
        if seq < highest:
            reordered += 1
        highest = max(highest, seq)
    unique = len(seen)
    received = len(recv)
    lost = sum(1 for s in sent if s[1] not in seen)
    send_time = {s[1]: s[0] for s in sent}
    lat = sorted((r[0] - send_time[r[1]]) * 1e3 for r in recv
                 if r[1] in send_time)
    times = sorted(r[0] for r in recv)
    gaps = [b - a for a, b in zip(times, times[1:])]
    if len(sent) > 1:
        interval = (sent[-1][0] - sent[0][0]) / (len(sent) - 1)
        window = sent[-1][0] - sent[0][0] + interval
    else:
        window = 0
    wire = sum(r[2] + OVERHEAD for r in recv)
    by_loc = {}
    for r in recv:
        by_loc[r[3]] = by_loc.get(r[3], 0) + 1
    return {
        "sent": nsent,
        "send_errors": errors,
        "received": received,
        "unique": unique,
        "lost": lost,
        "duplicated": received - unique,
        "reordered": reordered,
        "first_rx_s": round(times[0] - t0, 3) if times else None,
        "last_rx_s": round(times[-1] - t0, 3) if times else None,
        "max_gap_ms": round(max(gaps) * 1e3, 3) if gaps else None,
        "latency_ms": {
            "median": round(percentile(lat, 50), 3) if lat else None,
            "p99": round(percentile(lat, 99), 3) if lat else None,
            "max": round(lat[-1], 3) if lat else None,
        },
        "wire_bytes": wire,
        "throughput_kBps": round(wire / window / 1e3, 3) if window else None,
        "by_mn_locator": dict(sorted(by_loc.items())),
    }


def recv_summary_line(path):
    try:
        with open(path) as f:
            lines = [l.strip() for l in f if l.startswith("ilnp-")]
        return lines[-1] if lines else None
    except OSError:
        return None


def short(loc):
    """0:0:0:a -> a, for labels."""
    return loc.split(":")[-1] if loc.startswith("0:0:0:") else loc


def fmt_ms(v):
    return "-" if v is None else f"{v:.1f}"


def two_mobile(params):
    return params.get("scenario") == "two-mobile"


def node_label(params, node):
    """The label of NODE (mn, cn: its log files; mn2: in the schedule)."""
    if node == "mn":
        return "MN"
    return params.get("peer_label") or ("MN2" if node == "mn2" else "CN")


def dir_label(params, label):
    """'MN -> CN' as this run's nodes are called."""
    return label.replace("CN", node_label(params, "cn"))


def moves_text(p):
    """How the nodes moved, for the summary's first line."""
    sched = p.get("schedule") or "default"
    if sched != "default":
        return f"moves from the schedule {os.path.basename(sched)}"
    if p.get("scenario") == "cable":
        return (f"the MN's cable into the next network every "
                f"{p.get('period')} s (its locators learnt)")
    if p.get("scenario") == "wifi":
        return (f"the MN roaming to the other WiFi access point every "
                f"{p.get('period')} s (its locators learnt)")
    if two_mobile(p):
        return (f"the MN moving every {p.get('period')} s and MN2 every "
                f"{float(p.get('period') or 0) * 1.5:g} s, with a "
                f"{p.get('handoff')} s soft handoff")
    return (f"a move every {p.get('period')} s with a {p.get('handoff')} s "
            "soft handoff")


def human(summary):
    params = summary["params"]
    p = {k: (f"{v:g}" if isinstance(v, float) else v)
         for k, v in params.items()}
    lines = []
    lines.append(
        f"ILNP mobility demo: {p.get('duration')} s, {p.get('rate')} "
        f"datagrams/s each way of {p.get('size', 0) + OVERHEAD} bytes on the "
        f"wire, {moves_text(p)}")
    lines.append("")
    lines.append(f"{'':10}{'sent':>8}{'received':>10}{'lost':>6}"
                 f"{'dup':>5}{'reord':>7}{'max gap':>10}"
                 f"{'latency med/max':>17}{'throughput':>14}")
    for key, label, *_ in DIRECTIONS:
        d = summary["directions"][key]
        lat = d["latency_ms"]
        tput = d["throughput_kBps"]
        label = dir_label(params, label)
        lines.append(
            f"{label:10}{d['sent']:>8}{d['received']:>10}{d['lost']:>6}"
            f"{d['duplicated']:>5}{d['reordered']:>7}"
            f"{fmt_ms(d['max_gap_ms']) + ' ms':>10}"
            f"{fmt_ms(lat['median']) + '/' + fmt_ms(lat['max']) + ' ms':>17}"
            f"{(f'{tput:.1f}' if tput else '-') + ' kB/s':>14}")
    lines.append("")
    several = any(m.get("node", "mn") != "mn" for m in summary["moves"])
    if two_mobile(params) or several:
        lines.append(f"Moves ({len(summary['moves'])}), with the round trip "
                     "of the mover's locator update to the other:")
    else:
        lines.append(f"Moves ({len(summary['moves'])}), with the round trip "
                     "of the MN's locator update to the CN:")
    for m in summary["moves"]:
        rtt = ("no RTT" if m["lu_rtt_us"] is None
               else f"RTT {m['lu_rtt_us'] / 1e3:.3f} ms")
        who = (f"{node_label(params, m.get('node', 'mn')):4}"
               if two_mobile(params) or several else "")
        how = "" if m["handoff_s"] else " (hard)"
        lines.append(f"  t={m['t_s']:7.2f} s  {who}{m['from']} -> "
                     f"{m['to']}{how}  update {m['lu_state']}, {rtt}")
    lines.append("")
    for key, label, _, _, rnode in DIRECTIONS:
        d = summary["directions"][key]
        per = ", ".join(f"{short(l)} {n}" for l, n in
                        d["by_locator"].items())
        whose = node_label(params, rnode) if two_mobile(params) else "MN"
        lines.append(f"{dir_label(params, label)} datagrams by {whose} "
                     f"locator: {per}")
    if summary.get("plots"):
        lines.append("")
        lines.append("Plots: " + " ".join(summary["plots"]))
    return "\n".join(lines) + "\n"


# Plots -----------------------------------------------------------------

COLOURS = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
           "#8c564b"]


def gp_terminals():
    """(extension, gnuplot terminal) of the PNG and SVG plots, 1000x560;
    pngcairo where this gnuplot has it."""
    png = "pngcairo"
    if subprocess.run(["gnuplot", "-e", "set terminal pngcairo"],
                      stdout=subprocess.DEVNULL,
                      stderr=subprocess.DEVNULL).returncode:
        png = "png"
    return (("png", f"{png} size 1000,560 font 'sans,10'"),
            ("svg", "svg size 1000,560 dynamic font 'sans,10' "
                    "background rgb 'white'"))


def gp_run(ddir, name, scripts, files):
    """Write @scripts to DDIR/NAME, run gnuplot on it; the plots' paths
    relative to the run's directory."""
    gp = os.path.join(ddir, name)
    with open(gp, "w") as f:
        f.write("\n".join(scripts) + "\n")
    subprocess.run(["gnuplot", gp], check=True)
    return [os.path.join("plots", n) for n in files]


def plot_dirs(out):
    """DIR/plots and DIR/plots/data (the plots' data and scripts), made."""
    pdir = os.path.join(out, "plots")
    ddir = os.path.join(pdir, "data")
    os.makedirs(ddir, exist_ok=True)
    return pdir, ddir


def gp_plot(pdir, ddir, stem, body):
    """One plot, @body its gnuplot commands after the terminal's, as
    PDIR/STEM.png and .svg; their paths relative to the run's directory."""
    files, scripts = [], []
    for ext, term in gp_terminals():
        name = f"{stem}.{ext}"
        scripts.append("\n".join(["reset", f"set terminal {term}",
                                  f"set output '{os.path.join(pdir, name)}'",
                                  *body]))
        files.append(name)
    return gp_run(ddir, f"{stem}.gp", scripts, files)


def write_summary(out, summary, text, json_name="summary.json",
                  text_name="summary.txt"):
    """DIR/JSON_NAME and DIR/TEXT_NAME; the text printed too."""
    with open(os.path.join(out, json_name), "w") as f:
        json.dump(summary, f, indent=1)
        f.write("\n")
    with open(os.path.join(out, text_name), "w") as f:
        f.write(text)
    sys.stdout.write(text)


def run_dir(doc, prog):
    """The run's directory from the command line; with plots, gnuplot
    must be there."""
    args = [a for a in sys.argv[1:] if a != "--no-plots"]
    if len(args) != 1:
        raise SystemExit(doc.strip())
    plots = "--no-plots" not in sys.argv
    if plots and not shutil.which("gnuplot"):
        raise SystemExit(f"{prog}: gnuplot not found: apt-get install "
                         "gnuplot-nox, or --no-plots")
    return args[0], plots


# The colour of each node's moves, and how high its labels go.
MOVE_STYLE = {"mn": ("#555555", 1.02), "mn2": ("#d62728", 1.07)}


def gp_moves(moves, nets, labels=None):
    """gnuplot commands: the handoff windows shaded, the moves dashed and
    labelled, each node's (LABELS: node -> its name, shown when given)
    in its colour."""
    cmds = []
    for i, m in enumerate(moves, 1):
        t, h = m["t_s"], m["handoff_s"]
        colour, y = MOVE_STYLE.get(m.get("node", "mn"), MOVE_STYLE["mn"])
        who = f"{labels[m.get('node', 'mn')]} " if labels else ""
        if h:
            cmds.append(f"set object {i} rect from {t}, graph 0 to "
                        f"{t + h}, graph 1 fc rgb '#ececec' fs solid "
                        "noborder behind")
        cmds.append(f"set arrow {i} from {t}, graph 0 to {t}, graph 1 "
                    f"nohead dt 2 lc rgb '{colour}'")
        cmds.append(f"set label {i} '{who}{short(m['from'])}→"
                    f"{short(m['to'])}' at {t}, graph {y} center "
                    f"font ',9' tc rgb '{colour}'")
    return cmds


def gp_move_keys(labels):
    """The legend's entries for the moves: one per node when LABELS."""
    if not labels:
        return ["NaN with lines dt 2 lc rgb '#555555' title 'move'"]
    return [f"NaN with lines dt 2 lc rgb '{MOVE_STYLE[n][0]}' "
            f"title '{lab} moves'" for n, lab in labels.items()]


def plot(out, summary, recvs, t0):
    pdir, ddir = plot_dirs(out)
    moves = summary["moves"]
    params = summary["params"]
    nets = params.get("nets", "").split()
    duration = params.get("duration") or 0
    labels = ({"mn": "MN", "mn2": node_label(params, "mn2")}
              if two_mobile(params) else None)
    files = []
    last = max([r[0] - t0 for rs in recvs.values() for r in rs] + [1])
    xmax = int(max(duration, last)) + 1
    terms = gp_terminals()
    scripts = []
    for node in ("cn", "mn"):
        label = node_label(params, node)
        # Whose locators the colours are.
        whose = label if two_mobile(params) else "MN"
        recv = recvs[node]
        seqf = os.path.join(ddir, f"seq-{node}.dat")
        with open(seqf, "w") as f:
            f.write("# time_s seq\n")
            for r in recv:
                f.write(f"{r[0] - t0:.6f} {r[1]}\n")
        # Throughput buckets per MN locator, in kB/s on the wire.
        locs = [l for l in nets if any(r[3] == l for r in recv)]
        locs += sorted({r[3] for r in recv} - set(locs))
        nb = int(max([duration] + [r[0] - t0 for r in recv] + [0])) + 2
        buckets = [[0] * len(locs) for _ in range(nb)]
        for r in recv:
            b = int(r[0] - t0)
            if 0 <= b < nb:
                buckets[b][locs.index(r[3])] += r[2] + OVERHEAD
        tf = os.path.join(ddir, f"throughput-{node}.dat")
        with open(tf, "w") as f:
            f.write("# bucket_start_s " + " ".join(locs) + " all (kB/s)\n")
            for b, row in enumerate(buckets):
                f.write(f"{b} " + " ".join(f"{v / 1e3:.3f}" for v in row)
                        + f" {sum(row) / 1e3:.3f}\n")
        common = gp_moves(moves, nets, labels) + [
            "set grid lc rgb '#dddddd'",
            "set key outside right top",
            "set xlabel 'time (s)'",
            f"set xrange [0:{xmax}]",
            f"set tmargin {6 if labels else 4}",
        ]
        for ext, term in terms:
            name = f"seq-{node}.{ext}"
            scripts.append("\n".join([
                "reset", f"set terminal {term}",
                f"set output '{os.path.join(pdir, name)}'",
                *common,
                f"set title 'Received sequence numbers vs time on {label}' "
                f"offset 0,{2 if labels else 1}",
                "set ylabel 'sequence number'",
                "set yrange [0:*]",
                f"plot '{seqf}' using 1:2 with points pt 7 ps 0.15 "
                f"lc rgb '{COLOURS[0]}' notitle, "
                f"NaN with points pt 7 ps 1 lc rgb '{COLOURS[0]}' "
                "title 'received', "
                + ", ".join(gp_move_keys(labels)) + ", "
                "NaN with boxes fs solid lc rgb '#ececec' title 'handoff'",
            ]))
            files.append(name)
            name = f"throughput-{node}.{ext}"
            series = [f"'{tf}' using ($1+0.5):{i + 2} with boxes "
                      f"fs transparent solid 0.45 noborder "
                      f"lc rgb '{COLOURS[i % len(COLOURS)]}' "
                      f"title '{whose} on {l}'" for i, l in enumerate(locs)]
            series.append(f"'{tf}' using ($1+0.5):{len(locs) + 2} "
                          "with histeps lw 2 lc rgb 'black' "
                          "title 'aggregate'")
            series += gp_move_keys(labels)
            series.append("NaN with boxes fs solid lc rgb '#ececec' "
                          "title 'handoff'")
            scripts.append("\n".join([
                "reset", f"set terminal {term}",
                f"set output '{os.path.join(pdir, name)}'",
                *common,
                f"set title 'Throughput in 1 s buckets vs time on {label}' "
                f"offset 0,{2 if labels else 1}",
                "set ylabel 'kB/s on the wire'",
                "set yrange [0:*]",
                "set boxwidth 1 absolute",
                "plot " + ", ".join(series),
            ]))
            files.append(name)
    return gp_run(ddir, "plots.gp", scripts, files)


def main():
    out, plots = run_dir(__doc__, "analyse")
    params = {}
    pj = os.path.join(out, "params.json")
    if os.path.exists(pj):
        with open(pj) as f:
            params = json.load(f)
    sends = {n: read_send(os.path.join(out, f"{n}-send.log"))
             for n in ("mn", "cn")}
    # In two-mobile both ends move: each datagram's locator is the one
    # it arrived on (the receiver's).
    recvs = {"mn": read_recv(os.path.join(out, "mn-recv.log"), True),
             "cn": read_recv(os.path.join(out, "cn-recv.log"),
                             two_mobile(params))}
    # Time 0: when both ends were to start sending (the moves are timed
    # from it), else the first send.
    firsts = [s[0][0] for s in sends.values() if s]
    t0 = params.get("start_at") or (min(firsts) if firsts else 0)
    if not params.get("size"):
        sizes = [s[0][2] for s in sends.values() if s]
        params["size"] = sizes[0] if sizes else 0
    moves = read_moves(os.path.join(out, "moves.log"))
    # Without params.json (logs gathered by hand): what the logs say.
    longest = max(sends.values(), key=len)
    if len(longest) > 1 and not params.get("rate"):
        span = longest[-1][0] - longest[0][0]
        params["rate"] = round((len(longest) - 1) / span) if span else None
        params.setdefault("duration", round(span * len(longest)
                                            / (len(longest) - 1)))
    if moves:
        params.setdefault("handoff", moves[0]["handoff_s"])
        if len(moves) > 1:
            params.setdefault("period", round(moves[1]["time"]
                                              - moves[0]["time"]))
        params.setdefault("nets", " ".join(dict.fromkeys(
            [moves[0]["from"]] + [m["to"] for m in moves])))
    for m in moves:
        m["t_s"] = round(m["time"] - t0, 3)
    summary = {"params": params, "t0": t0, "overhead_bytes": OVERHEAD,
               "directions": {}, "moves": moves}
    for key, label, sendlog, recvlog, node in DIRECTIONS:
        d = direction(sends[sendlog[:2]], recvs[node], t0)
        # by_mn_locator: what the text of older runs called it.
        d["by_locator"] = d["by_mn_locator"]
        if two_mobile(params):
            del d["by_mn_locator"]
        d["ilnp_recv"] = recv_summary_line(
            os.path.join(out, recvlog.replace(".log", ".sum")))
        d["ilnp_send"] = recv_summary_line(
            os.path.join(out, sendlog.replace(".log", ".sum")))
        summary["directions"][key] = d
    rtts = [m["lu_rtt_us"] for m in moves if m["lu_rtt_us"] is not None]
    summary["lu_rtt_us"] = {"min": min(rtts) if rtts else None,
                            "max": max(rtts) if rtts else None,
                            "mean": round(sum(rtts) / len(rtts), 1)
                            if rtts else None}
    summary["plots"] = plot(out, summary, recvs, t0) if plots else []
    write_summary(out, summary, human(summary))


if __name__ == "__main__":
    main()
