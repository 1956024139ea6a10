#!/usr/bin/env python3
# trivy_db_to_osv.py - convert trivy's integration DB fixtures (a YAML dump of
# its bolt buckets: "<distro> <release>" -> package -> CVE -> FixedVersion, and
# vulnerability.yaml with CVSS/titles) into one OSV JSON array, so ward's
# importer and matcher can be compared with trivy's golden results.
# usage: trivy_db_to_osv.py FIXTURE_DB_DIR OUT.json
import json
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
            out.append(rec)
    return out


def main():
    src, dst = Path(sys.argv[1]), Path(sys.argv[2])
    recs = []
    for f in sorted(src.glob("*.yaml")):
        if f.name == "vulnerability.yaml":
            recs += vulnerability_records(f)
        elif f.stem in DISTROS:
            recs += distro_records(f)
    dst.write_text(json.dumps(recs, indent=1, sort_keys=True))


if __name__ == "__main__":
    main()
