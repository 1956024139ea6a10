#!/bin/bash
# scan_trivy.sh - `ward scan` against trivy's own test inputs and goldens:
# trivy's integration DB fixtures are converted to OSV (tests/lib/trivy_db_to_osv.py)
# and imported with `ward db import`; the packages trivy found in each image
# (its package goldens) are handed to `ward scan` as a trivy-style CycloneDX
# SBOM; the (vulnerability, package, installed, fixed, severity) set must equal
# trivy's vulnerability golden for that case, with the same flags. Then the
# scan CLI's filters, exit codes, ignore file, VEX and output formats.
set -u
. "$WARD_SRCDIR/tests/lib/tap.sh"
WARD=${WARD_BIN:?}
TD=${WARD_TESTDATA:?}/trivy
SCHEMAS=$WARD_SRCDIR/tests/data/schemas
PY=/usr/bin/python3

command -v jq >/dev/null || skip_all "jq missing"
$PY -c 'import yaml, jsonschema' 2>/dev/null || skip_all "python3-yaml / python3-jsonschema missing"
T=$(mktemp -d /tmp/ward-e2e-scan.XXXXXX)
trap 'rm -rf "$T"' EXIT
export XDG_CACHE_HOME=$T/cache
export WARD_DB=$T/db.sqlite

# A scan without a DB says what to do, exit status 3.
"$WARD" scan -f json "$TD/pkg/fanal/test/testdata/alpine-310.tar.gz" >"$T/nodb.out" 2>"$T/nodb.err"
is "$?" 3 "no DB: exit status 3"
grep -q "ward db import" "$T/nodb.err"
ok $? "no DB: the message says how to create one"

$PY "$WARD_SRCDIR/tests/lib/trivy_db_to_osv.py" "$TD/integration/testdata/fixtures/db" \
    "$T/trivy-osv.json" >"$T/conv.log" 2>&1
ok $? "trivy DB fixtures converted to OSV"
"$WARD" db import "$T/trivy-osv.json" >"$T/import.log" 2>&1
ok $? "ward db import of the converted fixtures"

GOLD_PKGS=$TD/pkg/fanal/test/integration/testdata/goldens/packages
mine() { jq -r '.findings[] | "\(.id) \(.package.name) \(.installed) \(.fixed_version // "-") \(.severity)"' | sort; }
theirs() { jq -r '.Results[]? | select(.Class == "os-pkgs") | .Vulnerabilities[]? |
    "\(.VulnerabilityID) \(.PkgName) \(.InstalledVersion) \(.FixedVersion // "-") \(.Severity)"' | sort; }

# golden inventory_golden os inventory_pkgs expected_os_vulns check
while IFS=$'\t' read -r golden inv os npk nvul _; do
    [ "$golden" = golden ] && continue
    family=${os%% *}
    version=${os#* }
    case "$family" in
    alpine | debian | ubuntu | amazon | centos | redhat | opensuse-tumbleweed | opensuse-leap | \
        alma | rocky | oracle | photon | cbl-mariner) ;;
    *)
        WARD_TAP_N=$((WARD_TAP_N + 1))
        echo "ok $WARD_TAP_N - $golden # SKIP no fixture-DB conversion for OS family '$family'"
        continue
        ;;
    esac
    flags=()
    case "$golden" in *ignore-unfixed*) flags+=(--ignore-unfixed) ;; esac
    $PY "$WARD_SRCDIR/tests/lib/trivy_golden_to_cdx.py" "$GOLD_PKGS/$inv.json.golden" \
        "$family" "$version" "$T/$golden.cdx.json"
    "$WARD" scan -f json "${flags[@]}" "$T/$golden.cdx.json" >"$T/$golden.json" 2>"$T/$golden.err"
    mine <"$T/$golden.json" >"$T/$golden.mine"
    theirs <"$TD/integration/testdata/$golden.json.golden" >"$T/$golden.theirs"
    is "$(jq '.summary.packages' "$T/$golden.json")" "$npk" "$golden: $npk packages read"
    if cmp -s "$T/$golden.mine" "$T/$golden.theirs"; then
        ok 0 "$golden: $nvul findings equal trivy's golden (id, package, installed, fixed, severity)"
    else
        ok 1 "$golden: findings equal trivy's golden"
        diff "$T/$golden.theirs" "$T/$golden.mine" | sed 's/^/# /' | head -10
    fi
done <"$TD/CASES-image.tsv"

# The real alpine 3.10 tarball (3.10.4, newer than the 3.10.2 of trivy's golden):
# its openssl 1.1.1d-r2 and musl 1.1.22-r3 are at or past every fixed version
# the fixture DB lists for them, so nothing may be reported.
A=$TD/pkg/fanal/test/testdata/alpine-310.tar.gz
"$WARD" scan -f json "$A" >"$T/real.json" 2>"$T/real.err"
ok $? "real alpine-310 tarball scanned"
is "$(jq -r '.packages // empty | length' "$T/real.json")$(jq '.summary.packages' "$T/real.json")" \
    "14" "real alpine-310: 14 packages"
is "$(jq '.summary.findings' "$T/real.json")" 0 "real alpine-310: no finding (all fixed in 3.10.4)"

# ---- filters and exit codes on debian-buster (one LOW/HIGH unfixed, one CRITICAL fixed) ----
DB=$T/debian-buster.cdx.json
if [ -f "$DB" ]; then
    "$WARD" scan -f json --severity CRITICAL "$DB" >"$T/sev.json"
    is "$(jq -r '[.findings[].severity] | unique | join(",")' "$T/sev.json")" CRITICAL \
        "--severity CRITICAL keeps only CRITICAL"
    is "$(jq '.summary.hidden.severity' "$T/sev.json")" \
        "$(($(wc -l <"$T/debian-buster.mine") - $(jq '.summary.findings' "$T/sev.json")))" \
        "--severity: hidden count reported"
    "$WARD" scan -f json --exit-code 5 "$DB" >/dev/null
    is "$?" 5 "--exit-code 5 with findings exits 5"
    "$WARD" scan -f json --fail-on CRITICAL "$DB" >/dev/null
    is "$?" 1 "--fail-on CRITICAL with a CRITICAL finding exits 1"
    "$WARD" scan -f json --fail-on CRITICAL --ignore-unfixed --severity LOW "$DB" >/dev/null
    is "$?" 0 "--fail-on CRITICAL with only lower findings left exits 0"
    "$WARD" scan -f json "$DB" >/dev/null
    is "$?" 0 "findings without --exit-code/--fail-on exit 0"
    "$WARD" scan -f json --pkg-types library "$DB" >"$T/lib.json"
    is "$(jq '.summary.findings' "$T/lib.json")" 0 "--pkg-types library hides OS package findings"
    "$WARD" scan -f json --severity bogus "$DB" >/dev/null 2>&1
    is "$?" 2 "unknown severity is a usage error"

    # ignore file: a live rule hides, an expired one does not (and is reported)
    printf 'vulnerabilities:\n  - id: CVE-2019-18224\n    packages: [libidn2-0]\n    expires: 2999-01-01\n    reason: test\n  - id: CVE-2019-18276\n    expires: 2000-01-01\n    reason: expired\n' >"$T/ignore.yaml"
    "$WARD" scan -f json --ignorefile "$T/ignore.yaml" "$DB" >"$T/ign.json" 2>"$T/ign.err"
    is "$(jq -r '[.findings[].id] | join(",")' "$T/ign.json")" CVE-2019-18276 \
        "ignore file: live rule hides, expired rule does not"
    grep -q expired "$T/ign.err"
    ok $? "ignore file: expired rule reported on stderr"
    printf 'CVE-2019-18276\n# comment\nCVE-2019-18224 exp:2999-12-31\n' >"$T/trivyignore"
    "$WARD" scan -f json --ignorefile "$T/trivyignore" "$DB" >"$T/ign2.json"
    is "$(jq '.summary.findings' "$T/ign2.json")" 0 ".trivyignore syntax accepted"

    # OpenVEX: not_affected for libidn2-0 hides exactly that finding
    purl=$(jq -r '.findings[] | select(.package.name == "libidn2-0") | .package.purl' "$T/debian-buster.json")
    cat >"$T/vex.json" <<EOF
{"@context": "https://openvex.dev/ns/v0.2.0", "@id": "https://example.invalid/vex/1",
 "author": "test", "timestamp": "2026-01-01T00:00:00Z", "version": 1,
 "statements": [{"vulnerability": {"name": "CVE-2019-18224"},
                 "products": [{"@id": "${purl%%\?*}"}],
                 "status": "not_affected", "justification": "vulnerable_code_not_in_execute_path"},
                {"vulnerability": {"name": "CVE-2019-18276"}, "products": [{"@id": "pkg:deb/debian/other"}],
                 "status": "not_affected"}]}
EOF
    "$WARD" scan -f json --vex "$T/vex.json" "$DB" >"$T/vex.out.json"
    is "$(jq -r '[.findings[].id] | join(",")' "$T/vex.out.json")" CVE-2019-18276 \
        "VEX: not_affected hides the named product only"
    is "$(jq '.summary.hidden.vex' "$T/vex.out.json")" 1 "VEX: hidden count reported"

    # ---- formats ----
    "$WARD" scan -f cyclonedx -o "$T/vuln.cdx.json" "$DB"
    $PY "$WARD_SRCDIR/tests/lib/validate_schema.py" "$SCHEMAS/bom-1.5.schema.json" "$T/vuln.cdx.json" 2>&1 |
        head -5 | sed 's/^/# /'
    ok "${PIPESTATUS[0]}" "cyclonedx with vulnerabilities validates against bom-1.5"
    is "$(jq -r '[.vulnerabilities[].id] | sort | join(",")' "$T/vuln.cdx.json")" \
        "$(jq -r '[.findings[].id] | sort | join(",")' "$T/debian-buster.json")" \
        "cyclonedx: one vulnerability per finding"
    is "$(jq -r '[.vulnerabilities[].affects[0].ref as $r | .components[] | select(.["bom-ref"] == $r)] | length' \
        "$T/vuln.cdx.json" 2>/dev/null || jq '[. as $d | $d.vulnerabilities[] | .affects[0].ref as $r |
        $d.components[] | select(.["bom-ref"] == $r)] | length' "$T/vuln.cdx.json")" \
        "$(jq '.vulnerabilities | length' "$T/vuln.cdx.json")" "cyclonedx: every affects ref names a component"
    "$WARD" scan -f sarif -o "$T/out.sarif" "$DB"
    $PY "$WARD_SRCDIR/tests/lib/validate_schema.py" "$SCHEMAS/sarif-2.1.0.schema.json" "$T/out.sarif" 2>&1 |
        head -5 | sed 's/^/# /'
    ok "${PIPESTATUS[0]}" "sarif validates against the OASIS SARIF 2.1.0 schema"
    is "$(jq '.runs[0].results | length' "$T/out.sarif")" "$(jq '.findings | length' "$T/debian-buster.json")" \
        "sarif: one result per finding"
    is "$(jq '[.runs[0].results[] | .ruleIndex as $i | select(.ruleId == $i)] | length' "$T/out.sarif" 2>/dev/null)" "0" \
        "sarif: ruleIndex is a number, not an id"
    "$WARD" scan -f junit -o "$T/out.xml" "$DB"
    $PY -c 'import sys, xml.etree.ElementTree as E; r = E.parse(sys.argv[1]).getroot();
n = len(r.findall(".//failure")); sys.exit(0 if n == int(sys.argv[2]) else 1)' "$T/out.xml" \
        "$(jq '.findings | length' "$T/debian-buster.json")"
    ok $? "junit: well-formed XML, one failure per finding"
    "$WARD" scan -f html -o "$T/out.html" "$DB"
    $PY - "$T/out.html" <<'EOF'
import sys
from html.parser import HTMLParser
class P(HTMLParser):
    def __init__(self):
        super().__init__(); self.stack = []; self.bad = 0; self.text = []
    def handle_starttag(self, t, a):
        if t not in ("meta", "br"): self.stack.append(t)
    def handle_endtag(self, t):
        if not self.stack or self.stack.pop() != t: self.bad += 1
    def handle_data(self, d): self.text.append(d)
p = P(); p.feed(open(sys.argv[1]).read())
t = "".join(p.text)
sys.exit(0 if p.bad == 0 and not p.stack and "CVE-2019-18224" in t and "<script" not in t else 1)
EOF
    ok $? "html: balanced tags, findings present"
    "$WARD" scan -f table "$DB" >"$T/out.txt"
    grep -q "Total: 2 " "$T/out.txt"
    ok $? "table: summary line"
fi

done_testing
