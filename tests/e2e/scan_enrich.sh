#!/bin/bash
# scan_enrich.sh - a DB holding an OSV advisory (GO-2022-0969), its NVD record
# (CVE-2022-27664, vunnel's envelope), a KEV catalog and an EPSS CSV naming the
# same CVE: `ward scan --format json|table|sarif|cyclonedx` of a go.mod shows
# NVD's CVSS, the KEV and EPSS data and the publication date on the finding.
set -u
. "$WARD_SRCDIR/tests/lib/tap.sh"
WARD=${WARD_BIN:?}
TD=${WARD_TESTDATA:?}
command -v jq >/dev/null || skip_all "jq missing"
T=$(mktemp -d /tmp/ward-e2e-enrich.XXXXXX)
trap 'rm -rf "$T"' EXIT
export XDG_CACHE_HOME=$T/cache XDG_CONFIG_HOME=$T/config
unset WARD_DB WARD_DB_FEEDS
mkdir -p "$T/feeds" "$T/proj"
cp "$TD/golang-vulndb/data/osv/GO-2022-0969.json" "$T/feeds/"
cp "$TD/grype/grype/matcher/golang/testdata/istio-and-stdlib/nvd/results/2022/cve-2022-27664.json" \
    "$T/feeds/nvd-cve-2022-27664.json"
# The real KEV fixture with one more entry for this CVE (test values).
jq '.vulnerabilities += [.vulnerabilities[0] + {cveID: "CVE-2022-27664", vendorProject: "Go",
    product: "net/http", dateAdded: "2024-01-02", dueDate: "2024-01-23",
    knownRansomwareCampaignUse: "Known"}]' \
    "$TD/vunnel/tests/unit/providers/kev/test-fixtures/valid-catalog-1.json" >"$T/feeds/kev.json"
{
    head -2 "$TD/vunnel/tests/unit/providers/epss/test-fixtures/example-1.csv"
    echo "CVE-2022-27664,0.00523,0.77131"
} | gzip -c >"$T/feeds/epss.csv.gz"
printf 'module example.com/x\n\ngo 1.18\n\nrequire golang.org/x/net v0.0.0-20220722155237-a158d28d115b\n' \
    >"$T/proj/go.mod"

"$WARD" db --db "$T/db.sqlite" import "$T/feeds" >/dev/null 2>"$T/imp.err"
ok $? "import OSV + NVD + KEV + EPSS (.csv.gz)"
is "$("$WARD" db --db "$T/db.sqlite" status --json | jq -r '[.sources[].feeds] | sort | join(" ")')" \
    "cisa-kev,epss,nvd,osv" "db status names the four feeds of the directory"

"$WARD" scan --db "$T/db.sqlite" --format json "$T/proj" >"$T/scan.json" 2>"$T/scan.err"
ok $? "ward scan --format json"
F='.findings[] | select(.id == "CVE-2022-27664")'
NVD='.item.cve.metrics.cvssMetricV31[0].cvssData'
NVDF="$T/feeds/nvd-cve-2022-27664.json"
is "$(jq -r "$F | .aliases | join(\",\")" "$T/scan.json")" "GHSA-69cg-p879-7622,GO-2022-0969" \
    "one finding merges the OSV advisory under its CVE"
is "$(jq -r "$F | .cvss.vector" "$T/scan.json")" "$(jq -r "$NVD.vectorString" "$NVDF")" \
    "CVSS vector from NVD (the OSV advisory has none)"
is "$(jq -r "$F | .cvss.score" "$T/scan.json")" "$(jq -r "$NVD.baseScore" "$NVDF")" "CVSS score from NVD"
is "$(jq -r "$F | [.cvss_version, .severity, .severity_source] | join(\" \")" "$T/scan.json")" \
    "3.1 $(jq -r "$NVD.baseSeverity" "$NVDF") nvd" "version, severity and its source"
is "$(jq -c "$F | .kev" "$T/scan.json")" \
    '{"date_added":"2024-01-02","due_date":"2024-01-23","known_ransomware":true}' "KEV entry"
is "$(jq -c "$F | .epss" "$T/scan.json")" '{"score":0.00523,"percentile":0.77131,"date":"2025-02-20"}' \
    "EPSS score, percentile and date"
is "$(jq -r "$F | .published" "$T/scan.json")" "$(jq -r '.item.cve.published' "$NVDF")" \
    "published = earliest date (NVD's, before the Go advisory's)"

"$WARD" scan --db "$T/db.sqlite" --format table "$T/proj" >"$T/scan.txt" 2>/dev/null
grep -q 'CVE-2022-27664 \[KEV\]' "$T/scan.txt"
ok $? "table marks the KEV finding"
"$WARD" scan --db "$T/db.sqlite" --format sarif "$T/proj" >"$T/scan.sarif" 2>/dev/null
is "$(jq -r '.runs[0].tool.driver.rules[] | select(.id == "CVE-2022-27664") | .properties |
    [.kev, .["epss-score"]] | join(" ")' "$T/scan.sarif")" "true 0.00523" "SARIF rule properties carry KEV and EPSS"
"$WARD" scan --db "$T/db.sqlite" --format cyclonedx "$T/proj" >"$T/scan.cdx" 2>/dev/null
is "$(jq -r '.vulnerabilities[] | select(.id == "CVE-2022-27664") | .ratings[0].method' "$T/scan.cdx")" \
    "CVSSv31" "CycloneDX rating method"
if [ -f "$WARD_SRCDIR/tests/lib/validate_schema.py" ]; then
    /usr/bin/python3 "$WARD_SRCDIR/tests/lib/validate_schema.py" \
        "$WARD_SRCDIR/tests/data/schemas/bom-1.5.schema.json" "$T/scan.cdx" >"$T/val.out" 2>&1
    ok $? "CycloneDX output validates against the 1.5 schema"
fi
done_testing
