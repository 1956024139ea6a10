#!/usr/bin/env python3
# trivy_db_to_osv.py - convert trivy's integration DB fixtures (a YAML dump of
# its bolt buckets: "<distro> <release>" -> package -> CVE -> FixedVersion, and
# vulnerability.yaml with CVSS/titles) into one OSV JSON array, so ward's
# importer and matcher can be compared with trivy's golden results.
# usage: trivy_db_to_osv.py FIXTURE_DB_DIR OUT.json
import json
import re
import sys
from pathlib import Path

import yaml

# trivy bucket prefix -> (OSV ecosystem base, release formatter)
DISTROS = {
    "alpine": ("Alpine", lambda r: r if r == "edge" else "v" + r),
    "debian": ("Debian", lambda r: r),
    "ubuntu": ("Ubuntu", lambda r: r),
}


SEVERITY_WORDS = {1: "LOW", 2: "MEDIUM", 3: "HIGH", 4: "CRITICAL"}

# RPM-distro buckets: regex on the bucket name -> (OSV ecosystem, trivy's
# vendor-severity source id in vulnerability.yaml).
RPM_BUCKETS = [
    (r"amazon linux (\d+)$", lambda m: "Amazon Linux:" + m[1], "amazon"),
    (r"alma (\d+)$", lambda m: "AlmaLinux:" + m[1], "alma"),
    (r"rocky (\d+)$", lambda m: "Rocky Linux:" + m[1], "rocky"),
    (r"Oracle Linux (\d+)$", lambda m: "Oracle Linux:" + m[1], "oracle-oval"),
    (r"Photon OS (\d+)(\.\d+)?$", lambda m: "Photon OS:" + m[1], "photon"),
    (r"CBL-Mariner (\d+)(\.\d+)?$", lambda m: "CBL-Mariner:" + m[1], "cbl-mariner"),
    (r"openSUSE Leap (\S+)$", lambda m: "openSUSE:Leap " + m[1], "suse-cvrf"),
    (r"openSUSE Tumbleweed$", lambda m: "openSUSE:Tumbleweed", "suse-cvrf"),
]


def vendor_severities(src):
    """CVE -> {source: severity number} from vulnerability.yaml."""
    out = {}
    for bucket in yaml.safe_load((src / "vulnerability.yaml").read_text()) or []:
        for adv in bucket.get("pairs") or []:
            out[adv["key"]] = (adv.get("value") or {}).get("VendorSeverity") or {}
    return out


def osv_record(vid, eco, name, fixed, sev_word):
    events = [{"introduced": "0"}]
    if fixed:
        events.append({"fixed": str(fixed)})
    aff = {"package": {"ecosystem": eco, "name": name},
           "ranges": [{"type": "ECOSYSTEM", "events": events}]}
    if sev_word:
        aff["ecosystem_specific"] = {"severity": sev_word}
    return {"schema_version": "1.6.0", "id": vid, "modified": "2020-01-01T00:00:00Z",
            "affected": [aff]}


def rpm_records(path, vendor_sev):
    out = []
    for bucket in yaml.safe_load(path.read_text()) or []:
        name = bucket.get("bucket", "")
        for rx, eco_of, source in RPM_BUCKETS:
            m = re.match(rx, name)
            if m:
                break
        else:
            continue
        eco = eco_of(m)
        for pkg in bucket.get("pairs") or []:
            for adv in pkg.get("pairs") or []:
                val = adv.get("value") or {}
                sev = (vendor_sev.get(adv["key"]) or {}).get(source)
                word = SEVERITY_WORDS.get(int(float(sev))) if sev is not None else None
                out.append(osv_record(adv["key"], eco, pkg["bucket"], val.get("FixedVersion"),
                                      word))
    return out


# trivy's Red Hat statuses without a fix: 2 affected, 4 under investigation,
# 5 will not fix, 6 fix deferred, 7 end of life; 1 is not affected.
def redhat_records(src):
    cpes = {}
    for bucket in yaml.safe_load((src / "cpe.yaml").read_text()) or []:
        for sub in bucket.get("pairs") or []:
            if sub.get("bucket") == "cpe":
                for kv in sub.get("pairs") or []:
                    cpes[int(kv["key"])] = kv["value"]
    out = []
    for bucket in yaml.safe_load((src / "redhat.yaml").read_text()) or []:
        if bucket.get("bucket") != "Red Hat":
            continue
        for pkg in bucket.get("pairs") or []:
            for adv in pkg.get("pairs") or []:
                for ent in (adv.get("value") or {}).get("Entries") or []:
                    if ent.get("Status") == 1:
                        continue
                    # the CPE model: "cpe:/o:redhat:enterprise_linux:7::server" is written
                    # as Red Hat's OSV spells products ("Red Hat:enterprise_linux:7::server")
                    ecos = sorted({"Red Hat:" + cpes[i].split(":", 3)[3]
                                   for i in ent.get("Affected") or [] if i in cpes})
                    for cve in ent.get("Cves") or []:
                        vid = cve.get("ID") or adv["key"]
                        sev = cve.get("Severity")
                        word = SEVERITY_WORDS.get(int(float(sev))) if sev is not None else None
                        for eco in ecos:
                            out.append(osv_record(vid, eco, pkg["bucket"],
                                                  ent.get("FixedVersion"), word))
    return out


def distro_records(path):
    out = []
    for bucket in yaml.safe_load(path.read_text()) or []:
        name = bucket.get("bucket", "")
        parts = name.split(" ", 1)
        if len(parts) != 2 or parts[0] not in DISTROS:
            continue
        base, fmt = DISTROS[parts[0]]
        eco = "%s:%s" % (base, fmt(parts[1]))
        for pkg in bucket.get("pairs") or []:
            for adv in pkg.get("pairs") or []:
                val = adv.get("value") or {}
                events = [{"introduced": "0"}]
                if val.get("FixedVersion"):
                    events.append({"fixed": str(val["FixedVersion"])})
                aff = {
                    "package": {"ecosystem": eco, "name": pkg["bucket"]},
                    "ranges": [{"type": "ECOSYSTEM", "events": events}],
                }
                # trivy's per-package vendor severity (0 unknown .. 4 critical)
                sev = val.get("Severity")
                if sev is not None and int(float(sev)) in SEVERITY_WORDS:
                    aff["ecosystem_specific"] = {"severity": SEVERITY_WORDS[int(float(sev))]}
                out.append({
                    "schema_version": "1.6.0",
                    "id": adv["key"],
                    "modified": "2020-01-01T00:00:00Z",
                    "affected": [aff],
                })
    return out


# ---- language ecosystems ----
# trivy bucket prefix ("npm::GitHub Security Advisory Npm") -> OSV ecosystem.
LANG_ECOSYSTEMS = {
    "npm": "npm", "pip": "PyPI", "maven": "Maven", "composer": "Packagist",
    "conan": "ConanCenter", "cocoapods": "CocoaPods", "swift": "SwiftURL", "pub": "Pub",
    "nuget": "NuGet", "rubygems": "RubyGems", "go": "Go", "cargo": "crates.io",
    "erlang": "Hex", "k8s": "Kubernetes",
}


def data_sources(src):
    """bucket name -> trivy data-source id ("ghsa", "glad", ...)."""
    out = {}
    f = src / "data-source.yaml"
    for bucket in (yaml.safe_load(f.read_text()) if f.exists() else None) or []:
        for kv in bucket.get("pairs") or []:
            out[kv["key"]] = ((kv.get("value") or {}).get("ID")) or None
    return out


def trivy_severity(vuln, source):
    """trivy's choice: the data source's vendor severity, then NVD's, then the
    advisory's own word (pkg/vulnerability getVendorSeverity)."""
    vs = vuln.get("VendorSeverity") or {}
    for key in (source, "nvd"):
        if key and vs.get(key) is not None and int(float(vs[key])) in SEVERITY_WORDS:
            return SEVERITY_WORDS[int(float(vs[key]))]
    return vuln.get("Severity")


def _vkey(v):
    return [int(x) for x in re.findall(r"\d+", v)]


def constraint_events(text, patched):
    """One trivy constraint string (">= 1.0, < 1.2", "<8.44", "[2.9.0,2.9.10.7)")
    -> OSV events, or None if not understood. "<= X" becomes a fix at the
    nearest patched version >= X when there is one (as GitHub's own OSV export
    writes first_patched_version), else last_affected X."""
    text = text.strip()
    m = re.fullmatch(r"([\[(])\s*([^,]*?)\s*,\s*([^\])]*?)\s*([\])])", text)
    if m:  # Maven interval notation
        lo, hi = m[2], m[3]
        if lo and m[1] == "(":
            return None
        ev = [{"introduced": lo or "0"}]
        if hi:
            ev.append({"fixed": hi} if m[4] == ")" else {"last_affected": hi})
        return ev
    intro, upper = "0", None
    for part in [p for p in re.split(r"\s*,\s*|\s+(?=[<>=])", text) if p]:
        m = re.fullmatch(r"(>=|<=|<|>|=|==)?\s*(\S+)", part)
        if not m:
            return None
        op, ver = m[1] or "=", m[2]
        if op == ">=":
            intro = ver
        elif op == "<":
            upper = {"fixed": ver}
        elif op == "<=":
            later = [p for p in patched if _vkey(p) >= _vkey(ver)]
            upper = ({"fixed": min(later, key=_vkey)} if later else {"last_affected": ver})
        else:
            return None  # ">" and exact pins: no fixture uses them
    return [{"introduced": intro}] + ([upper] if upper else [])


def lang_records(path, vulns, sources):
    out = []
    for bucket in yaml.safe_load(path.read_text()) or []:
        name = bucket.get("bucket", "")
        prefix = name.split("::", 1)[0]
        if "::" not in name or prefix not in LANG_ECOSYSTEMS:
            continue
        eco = LANG_ECOSYSTEMS[prefix]
        for pkg in bucket.get("pairs") or []:
            for adv in pkg.get("pairs") or []:
                val = adv.get("value") or {}
                patched = [str(p) for p in val.get("PatchedVersions") or []]
                ranges = []
                for c in val.get("VulnerableVersions") or []:
                    ev = constraint_events(str(c), patched)
                    if ev is None:
                        print("skipped %s %s: constraint %r" % (adv["key"], pkg["bucket"], c),
                              file=sys.stderr)
                        ranges = []
                        break
                    ranges.append({"type": "ECOSYSTEM", "events": ev})
                if not ranges:
                    # only PatchedVersions (trivy's cargo OSV buckets): not converted
                    print("skipped %s %s: no vulnerable ranges" % (adv["key"], pkg["bucket"]),
                          file=sys.stderr)
                    continue
                aff = {"package": {"ecosystem": eco, "name": pkg["bucket"]}, "ranges": ranges}
                sev = trivy_severity(vulns.get(adv["key"]) or {}, sources.get(name))
                if sev:
                    aff["ecosystem_specific"] = {"severity": sev}
                out.append({"schema_version": "1.6.0", "id": adv["key"],
                            "modified": "2020-01-01T00:00:00Z", "affected": [aff]})
    return out


def vulnerability_records(path):
    out = []
    for bucket in yaml.safe_load(path.read_text()) or []:
        if bucket.get("bucket") != "vulnerability":
            continue
        for adv in bucket.get("pairs") or []:
            val = adv.get("value") or {}
            rec = {"schema_version": "1.6.0", "id": adv["key"],
                   "modified": str(val.get("LastModifiedDate", "2020-01-01T00:00:00Z"))}
            if val.get("Title"):
                rec["summary"] = val["Title"]
            if val.get("Description"):
                rec["details"] = val["Description"]
            nvd = (val.get("CVSS") or {}).get("nvd") or {}
            if nvd.get("V3Vector"):
                rec["severity"] = [{"type": "CVSS_V3", "score": nvd["V3Vector"]}]
            refs = val.get("References") or []
            if refs:
                rec["references"] = [{"type": "WEB", "url": u} for u in refs]
            if not nvd.get("V3Vector") and val.get("Severity"):
                # vendor advisories without CVSS (SUSE-SU, openSUSE-SU): trivy's own word
                rec["database_specific"] = {"severity": val["Severity"]}
            out.append(rec)
    return out


def main():
    src, dst = Path(sys.argv[1]), Path(sys.argv[2])
    recs = []
    vsev = vendor_severities(src)
    vulns = {adv["key"]: adv.get("value") or {}
             for b in yaml.safe_load((src / "vulnerability.yaml").read_text()) or []
             for adv in b.get("pairs") or []}
    sources = data_sources(src)
    for f in sorted(src.glob("*.yaml")):
        if f.name == "vulnerability.yaml":
            recs += vulnerability_records(f)
        elif f.stem in DISTROS:
            recs += distro_records(f)
        elif f.stem not in ("redhat", "cpe", "data-source"):
            recs += rpm_records(f, vsev)
            recs += lang_records(f, vulns, sources)
    if (src / "redhat.yaml").exists() and (src / "cpe.yaml").exists():
        recs += redhat_records(src)
    dst.write_text(json.dumps(recs, indent=1, sort_keys=True))


if __name__ == "__main__":
    main()
