#!/bin/bash
# vulndb_bench.sh - advisory DB figures: import of all shared advisory data
# (Alpine secdb, Debian DSA/DLA/DTSA lists + tracker JSON, Go and PyPI OSV),
# then matching 1,000 packages (real Debian 12 dpkg status + Go modules).
# usage: bench/vulndb_bench.sh [BUILD_DIR]   (a release build is fairest)
set -eu
SRC=$(cd "$(dirname "$0")/.." && pwd)
B=${1:-$SRC/build-vulndb-release}
TD=${WARD_TESTDATA:-$SRC/../shared/testdata}
# -Dwerror=false: -O3 finds warnings in modules still being written elsewhere.
[ -d "$B" ] || meson setup "$B" --buildtype=release -Dwerror=false >/dev/null
ninja -C "$B" >/dev/null
T=$(mktemp -d /tmp/ward-vulndb-bench.XXXXXX)
trap 'rm -rf "$T"' EXIT
DEBJSON=$TD/vunnel/tests/unit/providers/debian/test-fixtures/input/debian.json
start=$(date +%s.%N)
"$B/ward" db -q --db "$T/db.sqlite" import "$TD/alpine-secdb" "$TD/debian-security-tracker" \
    "$DEBJSON" "$TD/golang-vulndb" "$TD/pypa-advisory-database" >/dev/null
end=$(date +%s.%N)
echo "import: $(python3 -c "print(f'{$end - $start:.2f}')") s, $(du -k "$T/db.sqlite" | cut -f1) KiB"
"$B/ward" db --db "$T/db.sqlite" status | sed -n 's/^\(advisories\|packages\|aliases\):/  &/p'
cc -O2 -std=gnu11 -D_GNU_SOURCE -I"$SRC/src" "$SRC/bench/vulndb_bench.c" -o "$T/bench" \
    "$B/libward.a" $(pkg-config --libs libcurl jansson libcrypto libisal libzstd sqlite3 \
    yaml-0.1 zlib) $(pkg-config --libs libmicrohttpd 2>/dev/null || true) -lm -lpthread
for GOV in v1000.0.0 v0.0.1; do # typical (few findings), then worst case (~3,000 findings)
    "$T/bench" "$T/db.sqlite" "$TD/local-debian12/var/lib/dpkg/status" "$TD/golang-vulndb/data/osv" \
        50 "$GOV"
done

# Enrichment feeds (NVD API 2.0, CISA KEV, EPSS): the vunnel samples as they
# are, then at real-feed scale built from them (EPSS: ~300,000 rows like the
# daily CSV; NVD: the 38-record page repeated to 20,000 CVEs with new ids).
VP=$TD/vunnel/tests/unit/providers
t0=$(date +%s.%N)
"$B/ward" db -q --db "$T/enrich.sqlite" import --replace "$VP/nvd/test-fixtures/full-page.json" \
    "$VP/kev/test-fixtures/valid-catalog-1.json" "$VP/epss/test-fixtures/example-1.csv" >/dev/null
t1=$(date +%s.%N)
echo "enrichment samples (38 NVD + 3 KEV + 5 EPSS): $(python3 -c "print(f'{$t1 - $t0:.3f}')") s"
python3 - "$VP" "$T" <<'PY'
import json, sys, gzip
vp, t = sys.argv[1], sys.argv[2]
page = json.load(open(f"{vp}/nvd/test-fixtures/full-page.json"))
recs = page["vulnerabilities"]
out = []
for i in range(20000):
    r = json.loads(json.dumps(recs[i % len(recs)]))
    r["cve"]["id"] = f"CVE-2099-{100000 + i}"
    out.append(r)
page["vulnerabilities"] = out
page["resultsPerPage"] = page["totalResults"] = len(out)
json.dump(page, open(f"{t}/nvd-20k.json", "w"))
with gzip.open(f"{t}/epss-300k.csv.gz", "wt") as f:
    f.write("#model_version:v2023.03.01,score_date:2025-02-20T00:00:00+0000\ncve,epss,percentile\n")
    for i in range(300000):
        f.write(f"CVE-{1999 + i // 20000}-{i % 20000:05d},{(i % 997) / 1000:.5f},{(i % 991) / 1000:.5f}\n")
PY
for feed in nvd-20k.json epss-300k.csv.gz; do
    t0=$(date +%s.%N)
    "$B/ward" db -q --db "$T/enrich.sqlite" import "$T/$feed" >/dev/null
    t1=$(date +%s.%N)
    echo "import $feed: $(python3 -c "print(f'{$t1 - $t0:.2f}')") s"
done
echo "enrichment DB: $(du -k "$T/enrich.sqlite" | cut -f1) KiB"
