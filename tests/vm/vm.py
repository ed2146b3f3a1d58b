#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Boot a kernel under QEMU with the host root mounted read-only over
virtio-9p, run one command inside, return its exit status and output.

A guest kernel WARN, BUG, Oops, KASAN, lockdep or kmemleak report, a panic,
or a hang past the timeout fails the run, with the relevant log lines.

  tests/vm/vm.py [-k stock61|deb612|debug] [-t SECONDS] [-v] -- COMMAND...

The command runs with the checkout as working directory and sees:
  ILNP_KERNEL   the kernel id      ILNP_MODDIR  where ilnp.ko for it was built
  ILNP_JOB      a writable directory shared with the host (results, logs)
See Documentation/testing.rst.
"""
import argparse
import gzip
import hashlib
import os
import re
import select
import shutil
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(os.path.dirname(HERE))
CACHE = os.environ.get("ILNP_CACHE", os.path.expanduser("~/.cache/ilnp"))
KERNELS = ("stock61", "deb612", "debug")

# Kernel log lines that fail a run.  Kept in one place: the guest-side
# runner checks the same patterns per test (tests/vm/bad-dmesg.txt).
BAD_PATTERNS_FILE = os.path.join(HERE, "bad-dmesg.txt")


def bad_patterns():
    with open(BAD_PATTERNS_FILE) as f:
        return [re.compile(l.rstrip("\n")) for l in f
                if l.strip() and not l.startswith("#")]


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def kernel_dir(kid):
    """Prepare a kernel (fetch or build on first use) and return its
    directory: vmlinuz, kdir, kver, modules/lib/modules/<kver>."""
    out = subprocess.run([os.path.join(HERE, "kernels.sh"), kid],
                         stdout=subprocess.PIPE, text=True)
    if out.returncode:
        raise SystemExit(f"vm: cannot prepare kernel {kid}")
    return out.stdout.strip().splitlines()[-1]


def module_dir(kdir):
    with open(os.path.join(kdir, "kver")) as f:
        kver = f.read().strip()
    return kver, os.path.join(kdir, "modules", "lib", "modules")


def boot_modules(kdir):
    """The virtio/9p modules the guest needs to mount the host root, in
    load order; empty when they are built in."""
    kver, moddir = module_dir(kdir)
    root = os.path.dirname(os.path.dirname(moddir))
    out = subprocess.run(
        ["modprobe", "-d", root, "-S", kver, "--show-depends",
         "-a", "virtio_pci", "9pnet_virtio", "9p"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    mods = []
    for line in out.stdout.splitlines():
        words = line.split()
        if words and words[0] == "insmod" and words[1] not in mods:
            mods.append(words[1])
    if out.returncode and not mods:
        # Everything built in (the debug kernel): modprobe has no tree.
        return []
    return mods


def initramfs(kdir):
    """A busybox initramfs that loads the 9p modules and switches to the
    host root.  Cached next to the kernel, keyed by its inputs."""
    mods = boot_modules(kdir)
    init = os.path.join(HERE, "initramfs-init")
    h = hashlib.sha256(PROBE)
    for p in [init, "/bin/busybox"] + mods:
        h.update(p.encode())
        h.update(str(os.stat(p).st_mtime_ns).encode())
    path = os.path.join(kdir, f"initramfs-{h.hexdigest()[:12]}.cpio.gz")
    if os.path.exists(path):
        return path
    with tempfile.TemporaryDirectory() as tmp:
        for d in ("bin", "dev", "proc", "sys", "newroot", "modules"):
            os.mkdir(os.path.join(tmp, d))
        shutil.copy("/bin/busybox", os.path.join(tmp, "bin", "busybox"))
        os.symlink("busybox", os.path.join(tmp, "bin", "sh"))
        shutil.copy(init, os.path.join(tmp, "init"))
        with open(os.path.join(tmp, "probe"), "wb") as f:
            f.write(PROBE)
        os.chmod(os.path.join(tmp, "probe"), 0o755)
        for i, m in enumerate(mods):
            name = os.path.basename(m).split(".ko")[0]
            dst = os.path.join(tmp, "modules", f"{i:02d}-{name}.ko")
            if m.endswith(".xz"):
                data = subprocess.run(["xz", "-dc", m], check=True,
                                      stdout=subprocess.PIPE).stdout
            elif m.endswith(".zst"):
                data = subprocess.run(["zstd", "-dc", m], check=True,
                                      stdout=subprocess.PIPE).stdout
            else:
                with open(m, "rb") as f:
                    data = f.read()
            with open(dst, "wb") as f:
                f.write(data)
        files = subprocess.run("find . | sort", shell=True, cwd=tmp,
                               check=True, stdout=subprocess.PIPE).stdout
        cpio = subprocess.run(["cpio", "-o", "-H", "newc", "--quiet"],
                              cwd=tmp, input=files, check=True,
                              stdout=subprocess.PIPE).stdout
    # Two VMs of one kernel may build it at once: each its own temporary.
    tmp_path = f"{path}.{os.getpid()}.{threading.get_ident()}.tmp"
    with open(tmp_path, "wb") as f:
        f.write(gzip.compress(cpio, compresslevel=1))
    os.replace(tmp_path, path)
    return path


PROBE = b"#!/bin/sh\necho ILNP-KVM-PROBE-OK\n/bin/busybox reboot -f\n"


def kvm_works(kdir):
    """KVM is present on these machines but may hang or crash: trust it
    only after a probe boot of this kernel printed its marker in time.
    The verdict is cached per host boot."""
    mode = os.environ.get("ILNP_VM_ACCEL", "auto")
    if mode in ("tcg", "kvm"):
        return mode == "kvm"
    if not os.access("/dev/kvm", os.R_OK | os.W_OK):
        return False
    with open("/proc/sys/kernel/random/boot_id") as f:
        stamp = os.path.join(CACHE, f"kvm-probe2-{f.read().strip()}")
    if os.path.exists(stamp):
        with open(stamp) as f:
            return f.read().strip() == "kvm"
    verdict = "tcg"
    try:
        out = subprocess.run(
            ["qemu-system-x86_64", "-accel", "kvm", "-cpu", "host",
             "-nodefaults", "-display", "none", "-no-reboot",
             "-serial", "stdio", "-m", "256",
             "-kernel", os.path.join(kdir, "vmlinuz"),
             "-initrd", initramfs(kdir),
             "-append", "console=ttyS0 panic=-1 rdinit=/probe"],
            timeout=30, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT)
        if b"ILNP-KVM-PROBE-OK" in out.stdout:
            verdict = "kvm"
    except subprocess.TimeoutExpired:
        pass
    os.makedirs(CACHE, exist_ok=True)
    with open(stamp, "w") as f:
        f.write(verdict + "\n")
    return verdict == "kvm"


def run(kid, command, timeout=600, verbose=False, job=None, progress=None):
    """Boot kernel @kid, run @command (a shell string) in the guest.
    Returns (status, job_dir, problems): status is the command's exit
    status, or None when the guest died or hung; problems lists the bad
    kernel log lines found."""
    kdir = kernel_dir(kid)
    kver, moddir = module_dir(kdir)
    job = job or tempfile.mkdtemp(prefix=f"ilnp-vm-{kid}-", dir="/var/tmp")
    with open(os.path.join(job, "cmd"), "w") as f:
        f.write(command + "\n")
    for stale in ("rc", "dmesg"):
        if os.path.exists(os.path.join(job, stale)):
            os.unlink(os.path.join(job, stale))
    mod_build = os.path.join(TOP, "build", "vm", kid)
    # no_timer_check: a guest starved of host CPU (TCG on a loaded
    # machine) can fail the IO-APIC timer check and panic at boot.
    append = ["console=ttyS0", "loglevel=5", "panic=-1", "oops=panic",
              "no_timer_check",
              f"ilnp_init={HERE}/guest-init", f"ilnp_cwd={TOP}",
              f"ilnp_moddir={os.path.realpath(moddir)}",
              f"ilnp_kernel={kid}", f"ilnp_modbuild={mod_build}"]
    if kid == "debug":
        append += ["panic_on_warn=1", "kmemleak=on"]
    # The tests' long versions (tests/integration/wifi.sh): a parameter
    # the kernel does not know reaches init's environment.
    if os.environ.get("ILNP_FULL") == "1":
        append.append("ILNP_FULL=1")
    # Extra kernel parameters, for experiments (Documentation/testing.rst).
    append += os.environ.get("ILNP_VM_APPEND", "").split()
    accel = "kvm" if kvm_works(kdir) else "tcg"
    # q35: on "pc" an ACPI method of the debug kernel times out (30 s).
    # virtio-rng: the guest's RNG is ready at boot, not after a minute.
    qemu = ["qemu-system-x86_64", "-accel", accel, "-machine", "q35",
            "-device", "virtio-rng-pci", "-nodefaults",
            "-display", "none", "-no-reboot", "-serial", "stdio",
            "-smp", os.environ.get("ILNP_VM_SMP", "1"), "-m", "2048",
            "-kernel", os.path.join(kdir, "vmlinuz"),
            "-initrd", initramfs(kdir),
            "-append", " ".join(append),
            "-virtfs", "local,path=/,mount_tag=hostroot,security_model=none,"
                       "readonly=on,multidevs=remap",
            "-virtfs", f"local,path={job},mount_tag=job,security_model=none"]
    if accel == "kvm":
        qemu += ["-cpu", "host"]
    start = time.monotonic()
    console = open(os.path.join(job, "console.log"), "wb")
    proc = subprocess.Popen(qemu, stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    hung = False
    last_tick = start
    buf = b""
    while True:
        now = time.monotonic()
        if now - start > timeout:
            hung = True
            proc.kill()
            break
        if progress and now - last_tick >= 15:
            progress(now - start)
            last_tick = now
        r, _, _ = select.select([proc.stdout], [], [], 1.0)
        if not r:
            continue
        data = os.read(proc.stdout.fileno(), 65536)
        if not data:
            break
        console.write(data)
        if verbose:
            sys.stdout.buffer.write(data)
            sys.stdout.flush()
    proc.wait()
    console.close()

    problems = scan_logs(job)
    status = None
    rc_path = os.path.join(job, "rc")
    if os.path.exists(rc_path):
        with open(rc_path) as f:
            status = int(f.read().strip() or 255)
    if hung:
        problems.insert(0, f"guest hung: no exit within {timeout} s")
    elif status is None:
        problems.insert(0, "guest died before the command finished")
    return status, job, problems


def scan_logs(job):
    pats = bad_patterns()
    problems = []
    for name in ("console.log", "dmesg", "kmemleak"):
        path = os.path.join(job, name)
        if not os.path.exists(path):
            continue
        with open(path, errors="replace") as f:
            for line in f:
                if any(p.search(line) for p in pats):
                    problems.append(f"{name}: {line.rstrip()}")
    return list(dict.fromkeys(problems))


def console_tail(job, n=40):
    with open(os.path.join(job, "console.log"), errors="replace") as f:
        return "".join(f.readlines()[-n:])


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("-k", "--kernel", default="stock61", choices=KERNELS)
    ap.add_argument("-t", "--timeout", type=int, default=600)
    ap.add_argument("-v", "--verbose", action="store_true",
                    help="stream the guest console")
    ap.add_argument("command", nargs="+")
    a = ap.parse_args()
    status, job, problems = run(a.kernel, " ".join(a.command), a.timeout,
                                a.verbose)
    if not a.verbose:
        out = os.path.join(job, "output")
        if os.path.exists(out):
            with open(out, errors="replace") as f:
                sys.stdout.write(f.read())
    for p in problems:
        log(f"vm: {p}")
    if status is None:
        log(console_tail(job))
    log(f"vm: job directory {job}")
    if problems or status is None:
        return 1 if not status else status
    return status


if __name__ == "__main__":
    sys.exit(main())
