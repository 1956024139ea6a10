#!/usr/bin/python3
"""ground_truth.py - check `ward version` against the real implementations
on this machine: dpkg --compare-versions, librpm's vercmp (rpm --eval lua),
python3-packaging's Version, and node-semver when $WARD_NODE_SEMVER points at
it. Each tool's own answer for the pairs of the shared vector files becomes a
line "A OP B"; `ward version check` must print none of them. Prints TAP."""
import concurrent.futures
import os
import shutil
import subprocess
import sys
import tempfile

TD = os.environ.get("WARD_TESTDATA", os.path.join(os.path.dirname(__file__), "../../../../shared/testdata"))
WARD = os.environ.get("WARD_BIN", "ward")
S = "osv-scalibr/semantic/testdata/"
results = []


def tap(ok, name, note=""):
    results.append(ok)
    print(("ok" if ok else "not ok") + " %d - %s%s" % (len(results), name, " # " + note if note else ""))
    sys.stdout.flush()


def skip(name, why):
    results.append(True)
    print("ok %d - %s # SKIP %s" % (len(results), name, why))


def pairs(rel, fmt="op", every=1):
    """(a, b) of every vector line; every=N keeps one line in N."""
    out = []
    with open(os.path.join(TD, rel), encoding="utf-8") as f:
        for i, line in enumerate(f):
            line = line.rstrip("\n")
            if fmt == "tsv":
                if line.startswith("#") or line.count("\t") < 2:
                    continue
                a, _, b = line.split("\t")[:3]
            else:
                s = line.strip()
                if not s or s.startswith("#") or s.startswith("//"):
                    continue
                t = s.split()
                if len(t) < 3:
                    continue
                a, b = (t[0], t[1]) if fmt == "dpkg" else (t[0], t[2])
            if i % every == 0:
                out.append((a, b))
    return out


def ward_check(scheme, lines):
    """Lines `ward version check` reports as not holding, and its status."""
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as f:
        f.write("".join("%s %s %s\n" % x for x in lines))
        path = f.name
    try:
        p = subprocess.run([WARD, "version", "check", scheme, path], capture_output=True, text=True)
    finally:
        os.unlink(path)
    return p.stdout.splitlines(), p.returncode, p.stderr


def sym(r):
    return "<" if r < 0 else (">" if r > 0 else "=")


def report(name, scheme, lines, skipped):
    bad, rc, err = ward_check(scheme, lines)
    print("# %s: %d pairs, ward agrees on %d, disagrees on %d, %d skipped"
          % (name, len(lines), len(lines) - len(bad), len(bad), skipped))
    for b in bad[:10]:
        print("#   tool says: %s" % b)
    if rc not in (0, 1):
        print("#   ward: " + err.strip().replace("\n", "\n#   "))
    tap(len(lines) > 0 and not bad and rc == 0, name)


# dpkg: one process per question, so a deterministic sample of the large table.
def dpkg_op(ab):
    a, b = ab
    lt = subprocess.run(["dpkg", "--compare-versions", a, "lt", b], capture_output=True)
    if lt.returncode == 2:
        return None
    if lt.returncode == 0:
        return (a, "<", b)
    eq = subprocess.run(["dpkg", "--compare-versions", a, "eq", b], capture_output=True)
    return (a, "=" if eq.returncode == 0 else ">", b)


if shutil.which("dpkg"):
    todo = (pairs(S + "debian-versions.txt") + pairs("version-vectors/dpkg/Dpkg_Version.t.DATA.txt", "dpkg")
            + pairs(S + "debian-versions-generated.txt", every=40))
    with concurrent.futures.ThreadPoolExecutor(4) as ex:
        got = list(ex.map(dpkg_op, todo))
    lines = [g for g in got if g]
    report("dpkg --compare-versions", "Debian", lines, len(got) - len(lines))
else:
    skip("dpkg --compare-versions", "dpkg not installed")


# rpm: librpm's rpm.vercmp (full [epoch:]version[-release] parsing) in one run.
def lua_str(s):
    return "[==[" + s + "]==]"


def rpm_ops(prs):
    script = "local t = {" + ",".join("{%s,%s}" % (lua_str(a), lua_str(b)) for a, b in prs) + "}\n"
    script += "for _, p in ipairs(t) do print(rpm.vercmp(p[1], p[2]) .. '\\n') end\n"
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
        f.write(script)
        path = f.name
    try:
        out = subprocess.run(["rpm", "--eval", "%%{lua: dofile(%s)}" % lua_str(path)],
                             capture_output=True, text=True, check=True).stdout.split()
    finally:
        os.unlink(path)
    return [(a, sym(int(r)), b) for (a, b), r in zip(prs, out)]


if shutil.which("rpm"):
    # Whole-string rpmvercmp tables: pairs without '-' or ':' read the same as EVRs.
    simple = [p for p in pairs("claircore/internal/rpmver/testdata/rpmvercmp")
              + pairs("version-vectors/rpm/go-rpm-version-cases.tsv", "tsv")
              if all(x and "-" not in x and ":" not in x for x in p)]
    evr = pairs(S + "redhat-versions.txt")
    report("librpm vercmp (rpmvercmp tables)", "rpm", rpm_ops(simple), 0)
    report("librpm vercmp (osv-scalibr redhat EVRs)", "rpm", rpm_ops(evr), 0)
else:
    skip("librpm vercmp", "rpm not installed")

try:
    from packaging.version import InvalidVersion, Version
except ImportError:
    Version = None
if Version:
    lines, skipped = [], 0
    for a, b in pairs(S + "pypi-versions.txt") + pairs(S + "pypi-versions-generated.txt"):
        try:
            va, vb = Version(a), Version(b)
        except InvalidVersion:
            skipped += 1  # legacy strings: packaging >= 22 no longer orders them
            continue
        lines.append((a, "<" if va < vb else (">" if va > vb else "="), b))
    report("python3-packaging Version", "PyPI", lines, skipped)
else:
    skip("python3-packaging Version", "python3-packaging not installed")

# node-semver: every range of the fixture against every version in it.
semver = os.environ.get("WARD_NODE_SEMVER")
if semver and shutil.which("node") and os.path.isdir(semver):
    rows = []
    with open(os.path.join(TD, "version-vectors/semver/node-semver-range-include.tsv")) as f:
        for line in f:
            if line.startswith("#") or "\t" not in line:
                continue
            r, v = line.rstrip("\n").split("\t")[:2]
            rows.append((r.replace("\\t", "\t"), v))
    ranges = sorted({r for r, _ in rows})
    versions = sorted({v for _, v in rows})
    js = ("const s=require(%r);const rs=%s,vs=%s;const o=[];for(const r of rs)for(const v of vs)"
          "for(const f of [0,1,2])o.push(s.satisfies(v,r,{loose:!!(f&1),includePrerelease:!!(f&2)})?1:0);"
          "console.log(o.join(''))" % (semver, repr(ranges).replace("'", '"'), repr(versions).replace("'", '"')))
    want = subprocess.run(["node", "-e", js], capture_output=True, text=True, check=True).stdout.strip()
    cases = [(r, v, fl) for r in ranges for v in versions for fl in (0, 1, 2)]
    got = {}
    for fl in (0, 1, 2):
        opts = (["--loose"] if fl & 1 else []) + (["--include-prerelease"] if fl & 2 else [])
        mine = [(r, v) for r, v, f in cases if f == fl]
        with tempfile.NamedTemporaryFile("w", suffix=".tsv", delete=False) as f:
            f.write("".join("%s\t%s\n" % (v, r) for r, v in mine))
            path = f.name
        try:
            out = subprocess.run([WARD, "version", "satisfies"] + opts + ["--file", path],
                                 capture_output=True, text=True).stdout.split()
        finally:
            os.unlink(path)
        got.update({(r, v, fl): ans == "yes" for (r, v), ans in zip(mine, out)})
    bad = [c + (want[i],) for i, c in enumerate(cases) if got.get(c) != (want[i] == "1")]
    i, agree = len(cases), len(cases) - len(bad)
    print("# node-semver satisfies: %d cases, ward agrees on %d" % (i, agree))
    for b in bad[:10]:
        print("#   %r" % (b,))
    tap(i > 0 and not bad, "node-semver satisfies (range x version x options)")
else:
    skip("node-semver satisfies", "set WARD_NODE_SEMVER to a node_modules/semver directory")

print("1..%d" % len(results))
sys.exit(0 if all(results) else 1)
