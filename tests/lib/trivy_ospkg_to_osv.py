#!/usr/bin/env python3
# trivy_ospkg_to_osv.py - trivy's per-distro detector fixtures
# (pkg/detector/ospkg/<distro>/testdata/fixtures) as one OSV JSON array, for
# the rpm module-stream tests. trivy keys a modular package's advisories by
# "<module>:<stream>::<name>"; OSV feeds name the package and carry the stream
# apart: Red Hat's own OSV in the purl's rpmmod= qualifier, vunnel/grype's
# AlmaLinux records in ecosystem_specific.rpm_modularity. Both forms are written.
# usage: trivy_ospkg_to_osv.py OUT.json REDHAT_FIXTURE_DIR [RPM_BUCKET_YAML...]
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import trivy_db_to_osv as trivy  # noqa: E402


def split_modules(recs, purl_form):
    for rec in recs:
        for aff in rec["affected"]:
            pkg = aff["package"]
            if "::" not in pkg["name"]:
                continue
            module, name = pkg["name"].split("::", 1)
            pkg["name"] = name
            if purl_form:
                pkg["purl"] = "pkg:rpm/redhat/%s?arch=src&rpmmod=%s" % (name, module)
            else:
                aff.setdefault("ecosystem_specific", {})["rpm_modularity"] = module
    return recs


def main():
    out, rh = Path(sys.argv[1]), Path(sys.argv[2])
    recs = split_modules(trivy.redhat_records(rh), True)
    for f in sys.argv[3:]:
        recs += split_modules(trivy.rpm_records(Path(f), {}), False)
    out.write_text(json.dumps(recs, indent=1, sort_keys=True))


if __name__ == "__main__":
    main()
