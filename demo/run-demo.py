#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""make demo: the mobility experiment (experiment 3 of the 2021
prototype) in a VM on Debian's stock 6.1 kernel, with progress while it
runs, results in results/<timestamp>/ and a summary at the end.

  demo/run-demo.py            (after make, tests/vm/build-module.sh stock61)

Settings from the environment (an empty value means the default):
  DURATION=120  seconds of traffic (500 is the prototype's run)
  RATE=100      datagrams per second each way
  PERIOD=20     seconds between moves      HANDOFF=10  soft handoff, s
  KERNEL=stock61                           DEMO_VERBOSE=1  stream the console
  SCENARIO=udp  udp: the datagrams both ways; tcp: the MN downloads from
                the CN over TCP (iperf3) while it moves (RATE unused);
                cable: a bridge per network, the router advertises its
                locators, the MN learns them and moves by its cable
                re-plugged; two-mobile: the CN is a second mobile node
                (MN2) that moves too; wifi: the MN is a WiFi station
                (mac80211_hwsim) roaming between two access points
                (hostapd) every PERIOD s, its locators learnt
  SCHEDULE=     a move schedule file instead of a move every PERIOD s
                (demo/schedule.py: "TIME_S NODE ACTION [ARGS]" lines),
                checked here before the VM boots
  TCP_RATE=20   tcp: the download's cap in Mbit/s, 0 for none (a TCG
                guest's one CPU saturates near 100 Mbit/s)
See Documentation/demo.rst.
"""
import os
import shlex
import shutil
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(TOP, "tests", "vm"))
import vm  # noqa: E402
import schedule  # noqa: E402  (demo/schedule.py)


def setting(name, default):
    v = os.environ.get(name, "").strip()
    if not v:
        return default
    try:
        n = int(v)
    except ValueError:
        n = -1
    if n <= 0:
        raise SystemExit(f"demo: {name}={v!r}: want a positive integer")
    return n


def say(msg):
    print(f"demo: {msg}", flush=True)


class Tail(threading.Thread):
    """Print the guest's progress lines (the job's progress file, on the
    9p share) as they come."""

    def __init__(self, path):
        super().__init__(daemon=True)
        self.path = path
        self.stop = threading.Event()
        self.pos = 0
        self.last = time.monotonic()

    def poll(self):
        try:
            with open(self.path, errors="replace") as f:
                f.seek(self.pos)
                data = f.read()
        except OSError:
            return
        # Only whole lines: the guest may be in the middle of one.
        cut = data.rfind("\n") + 1
        for line in data[:cut].splitlines():
            say(line)
            self.last = time.monotonic()
        self.pos += len(data[:cut].encode())

    def run(self):
        while not self.stop.wait(1.0):
            self.poll()
        self.poll()


def check_wifi(kernel):
    """SCENARIO=wifi: the guest runs the host's hostapd, wpa_supplicant,
    wpa_cli and iw (it sees the host's root) and loads mac80211_hwsim:
    all there, or a clear error before the boot."""
    missing = [t for t in ("hostapd", "wpa_supplicant", "wpa_cli", "iw")
               if not shutil.which(t, path=os.environ.get("PATH", "")
                                   + ":/usr/sbin:/sbin")]
    if missing:
        raise SystemExit("demo: SCENARIO=wifi needs " + ", ".join(missing)
                         + " (make deps installs them)")
    kdir = vm.kernel_dir(kernel)
    kver, moddir = vm.module_dir(kdir)
    try:
        with open(os.path.join(moddir, kver, "modules.dep")) as f:
            has = any(l.split(":", 1)[0].rsplit("/", 1)[-1].startswith(
                "mac80211_hwsim.ko") for l in f)
    except OSError:
        has = False
    if not has:
        raise SystemExit(f"demo: SCENARIO=wifi needs mac80211_hwsim, which "
                         f"kernel {kernel} ({kver}) does not have (the "
                         "debug kernel has no CONFIG_WIRELESS): use "
                         "KERNEL=stock61, which make deps installs")


def main():
    scenario = os.environ.get("SCENARIO", "").strip() or "udp"
    if scenario not in ("udp", "tcp") + schedule.SCENARIOS:
        raise SystemExit(f"demo: SCENARIO={scenario!r}: udp, tcp, cable, "
                         "two-mobile or wifi")
    tcp_rate = os.environ.get("TCP_RATE", "").strip() or "20"
    if not tcp_rate.isdigit():
        raise SystemExit(f"demo: TCP_RATE={tcp_rate!r}: Mbit/s, 0 for none")
    duration = setting("DURATION", 120)
    rate = setting("RATE", 100)
    period = setting("PERIOD", 20)
    handoff = setting("HANDOFF", 10)
    kernel = os.environ.get("KERNEL", "").strip() or "stock61"
    # The schedule, checked here: a bad line stops us before the boot.
    # The guest sees the host's root at the same path: made absolute.
    sched = os.environ.get("SCHEDULE", "").strip()
    setup = schedule.Setup(scenario, duration=duration, period=period,
                           handoff=handoff)
    if sched:
        sched = os.path.abspath(sched)
        try:
            with open(sched) as f:
                text = f.read()
        except OSError as e:
            raise SystemExit(f"demo: SCHEDULE={sched}: {e.strerror}")
        acts, errors = schedule.parse(text, sched, setup)
        if errors:
            for e in errors:
                print(f"demo: schedule: {e}", file=sys.stderr)
            raise SystemExit(f"demo: SCHEDULE={sched}: {len(errors)} bad "
                             "line(s), nothing run")
    else:
        acts, _ = schedule.parse(schedule.default(setup), "default", setup)
    verbose = os.environ.get("DEMO_VERBOSE", "") not in ("", "0")
    if not os.path.exists(os.path.join(TOP, "build", "vm", kernel,
                                       "ilnp.ko")):
        raise SystemExit(f"demo: no module for {kernel}: run "
                         f"tests/vm/build-module.sh {kernel} first")
    if scenario == "wifi":
        check_wifi(kernel)
    if not shutil.which("gnuplot"):
        raise SystemExit("demo: gnuplot not found (apt-get install "
                         "gnuplot-nox, or make deps)")
    stamp = time.strftime("%Y%m%d-%H%M%S")
    results = os.path.join(TOP, "results", stamp)
    job = os.path.join("/var/tmp", f"ilnp-demo-{stamp}")
    os.makedirs(job, exist_ok=True)
    moves = schedule.moves_in(acts)
    what = ("the MN downloads from the CN over TCP (iperf3 -R"
            + (f", {tcp_rate} Mbit/s cap)" if tcp_rate != "0" else ")")
            if scenario == "tcp" else
            f"{rate} datagrams/s each way of 1440 bytes on the wire")
    if sched:
        how = (f"moves from the schedule {sched} ({len(acts)} actions, "
               f"{moves} moves)")
    elif scenario == "cable":
        how = (f"the MN's cable into the next network's bridge every "
               f"{period} s ({moves} moves)")
    elif scenario == "wifi":
        how = (f"the MN roams to the other access point every {period} s "
               f"({moves} roams)")
    elif scenario == "two-mobile":
        how = (f"MN moves a -> b -> c... every {period} s, MN2 c -> a -> "
               f"b... every {period * 1.5:g} s ({moves} moves), {handoff} "
               "s soft handoff")
    else:
        how = (f"MN moves a -> b -> c -> a... every {period} s ({moves} "
               f"moves), {handoff} s soft handoff")
    where = {"cable": "CN on b, router advertising a, b, c on a bridge "
                      "each, MN learning its locators",
             "two-mobile": "MN2 (the CN, moving) from c, MN from a, "
                           "router on a, b, c",
             "wifi": "CN on c, router advertising a, b, c on a bridge "
                     "each, access points a (channel 1) on a and b "
                     "(channel 6) on b, MN a station on a, learning its "
                     "locators"}
    say(f"experiment 3: {duration} s, {what}; {how}; "
        + where.get(scenario, "CN on b, router on a, b, c"))
    say(f"stage: booting {kernel} under QEMU (job directory {job})")
    tail = Tail(os.path.join(job, "progress"))
    tail.start()
    start = time.monotonic()

    def tick(elapsed):
        # vm.run calls this every 15 s: say we are alive when the guest
        # is quiet (booting, or a slow stage).
        if time.monotonic() - tail.last >= 15:
            say(f"... VM running for {elapsed:.0f} s")

    cmd = (f"DURATION={duration} RATE={rate} PERIOD={period} "
           f"HANDOFF={handoff} SCENARIO={scenario} TCP_RATE={tcp_rate} "
           + (f"SCHEDULE={shlex.quote(sched)} " if sched else "")
           + "demo/experiment.sh vm")
    # Boot, setup and analysis take a few minutes under TCG.
    status, job, problems = vm.run(kernel, cmd, timeout=duration + 900,
                                   verbose=verbose, job=job, progress=tick)
    tail.stop.set()
    tail.join()
    say(f"VM done after {time.monotonic() - start:.0f} s")

    out = os.path.join(job, "demo")
    os.makedirs(os.path.dirname(results), exist_ok=True)
    if os.path.isdir(out):
        shutil.copytree(out, results)
    else:
        os.makedirs(results)
    for name in ("console.log", "output", "dmesg", "progress"):
        src = os.path.join(job, name)
        if os.path.exists(src):
            shutil.copy(src, os.path.join(results, f"vm-{name}"
                                          if name != "progress"
                                          else "progress.log"))
    rel = os.path.relpath(results, os.getcwd())
    for p in problems:
        say(f"problem: {p}")
    if status != 0 or problems:
        if status is None:
            sys.stderr.write(vm.console_tail(job))
        say(f"FAILED (status {status}); logs in {rel}/")
        return 1
    print()
    with open(os.path.join(results, "summary.txt")) as f:
        sys.stdout.write(f.read())
    print()
    say(f"results in {rel}/: summary.json, summary.txt, the logs, "
        "plots/*.png and *.svg")
    shutil.rmtree(job, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
