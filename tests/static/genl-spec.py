#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""The YAML spec of the generic netlink family (Documentation/netlink/
ilnp.yaml) and the uapi header (uapi/linux/ilnp.h) say the same: family
name and version, multicast groups, every command, every attribute of
every set and every definition, with the same numbers; and nothing of the
family in the header is missing from the spec.  The command table of
the module (net/ilnp/netlink.c) has the same commands, each with the
spec's permission: uns-admin-perm there is GENL_UNS_ADMIN_PERM here.

The C compiler evaluates each name of the spec against the header, so a
define and an enumerator count alike, and an implicit value is counted
as C counts it.  Then the check proves itself: copies with one attribute
missing, one renumbered, one command missing, are each refused.

  genl-spec.py [SPEC HEADER]   check these (default: the tree's); exit 1
                               and say why when they disagree
"""
import os
import re
import subprocess
import sys
import tempfile

import yaml

TOP = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
SPEC = os.path.join(TOP, "Documentation", "netlink", "ilnp.yaml")
HEADER = os.path.join(TOP, "uapi", "linux", "ilnp.h")
KERNEL = os.path.join(TOP, "net", "ilnp", "netlink.c")


def c_upper(name):
    return name.upper().replace("-", "_")


def expected(spec):
    """C name -> value the spec implies, and the enum names it covers.
    Values are numbered as ynl numbers them: explicit "value", else one
    more than the previous (attributes and commands from 1)."""
    want, enums = {}, set()
    fam = c_upper(spec["name"])
    want[c_upper(spec["c-family-name"])] = spec["name"]
    want[c_upper(spec["c-version-name"])] = spec.get("version", 1)
    for d in spec.get("definitions", []):
        if d["type"] == "const":
            want[f"{fam}_{c_upper(d['name'])}"] = d["value"]
            continue
        prefix = c_upper(d.get("name-prefix", f"{spec['name']}-{d['name']}-"))
        if d.get("enum-name"):
            enums.add(d["enum-name"])
        val = d.get("value-start", 0)
        for e in d["entries"]:
            e = e if isinstance(e, dict) else {"name": e}
            val = e.get("value", val)
            want[prefix + c_upper(e["name"])] = (
                1 << val if d["type"] == "flags" else val)
            val += 1
        if d.get("render-max"):
            want[prefix + "MAX"] = val - 1
            want["__" + prefix + "MAX"] = val
    for s in spec["attribute-sets"]:
        prefix = c_upper(s["name-prefix"])
        enums.add(s["enum-name"])
        val = 1
        for a in s["attributes"]:
            val = a.get("value", val)
            want[prefix + c_upper(a["name"])] = val
            val += 1
        want[c_upper(s.get("attr-max-name", prefix + "MAX"))] = val - 1
        want[c_upper(s.get("attr-cnt-name", "__" + prefix + "MAX"))] = val
    ops = spec["operations"]
    prefix = c_upper(ops["name-prefix"])
    enums.add(ops["enum-name"])
    val = 1
    for op in ops["list"]:
        val = op.get("value", val)
        want[prefix + c_upper(op["name"])] = val
        val += 1
    want[prefix + "MAX"] = val - 1
    want["__" + prefix + "MAX"] = val
    for g in spec.get("mcast-groups", {}).get("list", []):
        name = g.get("c-define-name", f"{fam}-mcgrp-{g['name']}")
        want[c_upper(name)] = g["name"]
    return want, enums


def references(spec):
    """Names the spec uses that it must also define."""
    errs = []
    sets = {s["name"]: s for s in spec["attribute-sets"]}
    defs = {d["name"] for d in spec.get("definitions", [])}
    groups = {g["name"] for g in spec.get("mcast-groups", {}).get("list", [])}
    for s in sets.values():
        for a in s["attributes"]:
            n = a.get("nested-attributes")
            if n and n not in sets:
                errs.append(f"set {s['name']}: {a['name']} nests unknown {n}")
            if a.get("enum") and a["enum"] not in defs:
                errs.append(f"set {s['name']}: {a['name']}: no enum {a['enum']}")
    for op in spec["operations"]["list"]:
        s = sets.get(op.get("attribute-set"))
        if not s:
            errs.append(f"op {op['name']}: no attribute set")
            continue
        names = {a["name"] for a in s["attributes"]}
        for kind in ("do", "dump"):
            for part in ("request", "reply"):
                for a in op.get(kind, {}).get(part, {}).get("attributes", []):
                    if a not in names:
                        errs.append(f"op {op['name']}: {kind} {part}: "
                                    f"{a} not in set {s['name']}")
        # An event without a group goes by unicast (echo-reply).
        if "mcgrp" in op and op["mcgrp"] not in groups:
            errs.append(f"op {op['name']}: unknown mcgrp {op['mcgrp']}")
    return errs


def header_names(text):
    """The header's named enums: {enum name: [enumerators]}, and the
    family's defines (ILNP_GENL_*, ILNP_ROUTE_F_*)."""
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    enums = {}
    for m in re.finditer(r"enum\s+(\w+)\s*\{(.*?)\}", text, re.S):
        enums[m.group(1)] = [re.match(r"\s*(\w+)", e).group(1)
                             for e in m.group(2).split(",") if e.strip()]
    defines = re.findall(r"#define\s+(ILNP_(?:GENL|ROUTE_F)_\w+)", text)
    return enums, defines


def evaluate(names, header):
    """Each name's value as the C compiler sees it, compiled against
    @header; (values, error text)."""
    with tempfile.TemporaryDirectory() as tmp:
        os.makedirs(os.path.join(tmp, "linux"))
        with open(header) as f, \
                open(os.path.join(tmp, "linux", "ilnp.h"), "w") as g:
            g.write(f.read())
        src = os.path.join(tmp, "v.c")
        with open(src, "w") as f:
            f.write("#include <stdio.h>\n#include <linux/ilnp.h>\n"
                    "#define S(x) _Generic((x), char *: 1, default: 0)\n"
                    "int main(void)\n{\n")
            for n in names:
                f.write(f'\tif (S({n})) printf("{n} s %s\\n", '
                        f'_Generic(({n}), char *: ({n}), default: ""));\n'
                        f'\telse printf("{n} i %lld\\n", '
                        f'_Generic(({n}), char *: 0LL, '
                        f'default: (long long)({n})));\n')
            f.write("\treturn 0;\n}\n")
        exe = os.path.join(tmp, "v")
        p = subprocess.run(["gcc", "-std=c11", "-I", tmp, "-o", exe, src],
                           capture_output=True, text=True)
        if p.returncode:
            miss = sorted(set(re.findall(r"‘(\w+)’ undeclared|'(\w+)' "
                                         r"undeclared", p.stderr)))
            miss = [a or b for a, b in miss]
            return None, ("not in the header: " + ", ".join(miss)
                          if miss else p.stderr[-2000:])
        out = subprocess.run([exe], capture_output=True, text=True).stdout
    vals = {}
    for line in out.splitlines():
        n, kind, v = (line.split(" ", 2) + [""])[:3]
        vals[n] = v if kind == "s" else int(v)
    return vals, ""


def permissions(spec, kernel_path):
    """The module's command table against the spec's requests: the same
    commands, each admin-only in both or in neither."""
    with open(kernel_path) as f:
        text = f.read()
    ops = re.findall(r"ILNP_OP\(\s*ILNP_CMD_(\w+)\s*,\s*\w+\s*,\s*"
                     r"([^,]+?)\s*,", text)
    kernel = {name: "GENL_UNS_ADMIN_PERM" in flags for name, flags in ops}
    errs = []
    if len(kernel) != len(ops):
        errs.append("netlink.c: a command twice in the table")
    for op in spec["operations"]["list"]:
        if "do" not in op and "dump" not in op:
            continue    # an event: never a request
        name = c_upper(op["name"])
        admin = "uns-admin-perm" in op.get("flags", [])
        if name not in kernel:
            errs.append(f"op {op['name']}: not in netlink.c's table")
        elif kernel.pop(name) != admin:
            where = "the spec" if admin else "netlink.c"
            errs.append(f"op {op['name']}: uns-admin-perm in {where} only")
    for name in sorted(kernel):
        errs.append(f"netlink.c: ILNP_CMD_{name} is not a request of the spec")
    return errs


def check(spec_path, header_path, kernel_path=KERNEL):
    """The list of disagreements, empty when spec, header and command
    table agree."""
    with open(spec_path) as f:
        spec = yaml.safe_load(f)
    want, spec_enums = expected(spec)
    errs = references(spec) + permissions(spec, kernel_path)
    got, err = evaluate(sorted(want), header_path)
    if err:
        return errs + [err]
    for n in sorted(want):
        if got[n] != want[n]:
            errs.append(f"{n}: header {got[n]!r}, spec {want[n]!r}")
    with open(header_path) as f:
        enums, defines = header_names(f.read())
    for e, members in sorted(enums.items()):
        if e not in spec_enums:
            errs.append(f"enum {e} of the header is not in the spec")
            continue
        for m in members:
            if m not in want and not (m.endswith("_UNSPEC") and
                                      got.get(m, 0) == 0):
                errs.append(f"{e}: {m} is not in the spec")
    for d in defines:
        if d not in want:
            errs.append(f"#define {d} is not in the spec")
    return errs


def mutated(path, old, new, count=1):
    """A copy of @path with @old replaced by @new."""
    with open(path) as f:
        text = f.read()
    if old not in text:
        sys.exit(f"self-test: '{old}' not in {path}: update the mutations")
    fd, copy = tempfile.mkstemp(suffix=os.path.splitext(path)[1])
    with os.fdopen(fd, "w") as f:
        f.write(text.replace(old, new, count))
    return copy


# (what, spec or header, text, replacement): each must be refused.
MUTATIONS = [
    ("spec: attribute missing", "spec",
     "      -\n        name: lu-rtt-us\n        type: u32\n"
     "        doc: Present once acked.\n", ""),
    ("spec: attribute renumbered", "spec",
     "        name: new-loc\n", "        name: new-loc\n        value: 9\n"),
    ("spec: command missing", "spec",
     "    -\n      name: solicit\n      doc: Send a discovery solicitation"
     " now.\n      attribute-set: ilnp\n      flags: [ uns-admin-perm ]\n"
     "      do:\n        request:\n          attributes: []\n", ""),
    ("header: attribute renumbered", "header",
     "\tILNP_A_NEIGH_PAD,\n", "\tILNP_A_NEIGH_PAD,\n\tILNP_A_NEIGH_NEW,\n"),
    ("header: attribute missing", "header",
     "\tILNP_A_CACHE_LU_RTT_US,", ""),
    ("header: command missing", "header", "\tILNP_CMD_SOLICIT,\n", ""),
    ("header: counter added", "header",
     "\t__ILNP_STAT_MAX\n", "\tILNP_STAT_NEW,\n\t__ILNP_STAT_MAX\n"),
    ("header: version", "header",
     "#define ILNP_GENL_VERSION\t2", "#define ILNP_GENL_VERSION\t1"),
    ("spec: admin flag missing", "spec",
     "preference].\n      attribute-set: ilnp\n"
     "      flags: [ uns-admin-perm ]\n",
     "preference].\n      attribute-set: ilnp\n"),
    ("kernel: admin flag missing", "kernel",
     "ILNP_OP(ILNP_CMD_SOLICIT, no_attrs_policy, GENL_UNS_ADMIN_PERM,",
     "ILNP_OP(ILNP_CMD_SOLICIT, no_attrs_policy, 0,"),
]


def self_test():
    ok = True
    for what, which, old, new in MUTATIONS:
        paths = {"spec": SPEC, "header": HEADER, "kernel": KERNEL}
        copy = mutated(paths[which], old, new)
        paths[which] = copy
        try:
            errs = check(paths["spec"], paths["header"], paths["kernel"])
        finally:
            os.unlink(copy)
        print(f"self-test: {what}: "
              f"{'refused: ' + errs[0] if errs else 'NOT REFUSED'}")
        ok = ok and bool(errs)
    return ok


def main():
    spec, header = (sys.argv[1:3] if len(sys.argv) == 3 else (SPEC, HEADER))
    errs = check(spec, header)
    for e in errs:
        print(f"genl-spec: {e}")
    if errs:
        sys.exit(1)
    print(f"genl-spec: {os.path.relpath(spec, TOP)} and "
          f"{os.path.relpath(header, TOP)} agree")
    if len(sys.argv) != 3 and not self_test():
        sys.exit("genl-spec: a mutation went through: the check is broken")


if __name__ == "__main__":
    main()
