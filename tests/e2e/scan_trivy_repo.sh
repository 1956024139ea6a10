#!/bin/bash
# scan_trivy_repo.sh - `ward scan` of trivy's repository/filesystem/SBOM test
# inputs (CASES-repo.tsv) against trivy's fixture DB converted to OSV: the set of
# (vulnerability, package, installed, fixed, severity) must equal the golden's,
# and where the golden lists packages, ward's package count must equal trivy's.
# Cases ward cannot read yet are TAP TODO (with the reason), absent inputs SKIP.
set -u
. "$WARD_SRCDIR/tests/lib/tap.sh"
WARD=${WARD_BIN:?}
TD=${WARD_TESTDATA:?}/trivy
PY=/usr/bin/python3

command -v jq >/dev/null || skip_all "jq missing"
$PY -c 'import yaml' 2>/dev/null || skip_all "python3-yaml missing"
T=$(mktemp -d /tmp/ward-e2e-scan-repo.XXXXXX)
trap 'rm -rf "$T"' EXIT
export XDG_CACHE_HOME=$T/cache
export WARD_DB=$T/db.sqlite

$PY "$WARD_SRCDIR/tests/lib/trivy_db_to_osv.py" "$TD/integration/testdata/fixtures/db" \
    "$T/trivy-osv.json" >"$T/conv.log" 2>&1
ok $? "trivy DB fixtures converted to OSV"
"$WARD" db import "$T/trivy-osv.json" >"$T/import.log" 2>&1
ok $? "ward db import of the converted fixtures"

# Known gaps: a failing comparison of these cases is reported as TODO with the
# reason; once ward catches up the case simply passes.
declare -A GAP=(
    [conan.json.golden]="trivy's fixture advisory for pcre is vulnerable <8.44 but patched 8.45:\
 ward reports the range's fix (8.44), trivy the PatchedVersions (8.45)"
)
# Goldens trivy's repo_test.go made with --include-dev-deps (CASES-repo.tsv has no
# flags column): ward gets the same switch. Every other case runs with ward's
# default, which leaves dev dependencies out as trivy's does.
declare -A DEVDEPS=(
    [npm-with-dev.json.golden]=1
)
# Package-count gaps (TODO with the reason).
declare -A COUNTGAP=()
# Cases that need a trivy option ward does not have: not run.
declare -A NOOPT=(
    [npm-ubuntu-severity.json.golden]="needs trivy's --vuln-severity-source (Ubuntu's severity\
 for npm); ward scan has no equivalent"
)

# Both sides as "id<TAB>package<TAB>installed<TAB>fixed<TAB>severity" lines; then
# compared. Normalisations (identity, not answers): a Maven package is named
# group:artifact (from ward's purl) as trivy names it; trivy's FixedVersion lists
# every patched version ("2.29.1, 2.39.1, 2.42.0") where ward gives the fix of
# the range the installed version is in, which must be one of them.
compare() {
    $PY - "$1" "$2" <<'EOF'
import json, sys
from urllib.parse import unquote
mine, gold = (json.load(open(p)) for p in sys.argv[1:3])
def name(pkg):
    purl = pkg.get("purl") or ""
    if purl.startswith("pkg:maven/"):
        g, _, rest = purl[len("pkg:maven/"):].partition("/")
        return unquote(g) + ":" + unquote(rest.split("@")[0])
    return pkg["name"]
m = sorted((f["id"], name(f["package"]), f["installed"], f.get("fixed_version") or "-",
            f["severity"]) for f in mine.get("findings") or [])
t = sorted((v["VulnerabilityID"], v["PkgName"], v["InstalledVersion"],
            v.get("FixedVersion") or "-", v["Severity"])
           for r in gold.get("Results") or [] for v in r.get("Vulnerabilities") or [])
left = list(t)
extra = []
for f in m:
    hit = next((x for x in left if x[:3] == f[:3] and x[4] == f[4] and
                (x[3] == f[3] or f[3] in [s.strip() for s in x[3].split(",")])), None)
    if hit:
        left.remove(hit)
    else:
        extra.append(f)
for x in left:
    print("# missing: " + " ".join(x))
for x in extra:
    print("# extra:   " + " ".join(x))
print("# ward %d, trivy %d" % (len(m), len(t)))
sys.exit(1 if left or extra else 0)
EOF
}

# golden artifact_type artifact_name input_in_staging n_vulns n_pkgs_listed result_types
while IFS=$'\t' read -r golden atype name present nvul npkgs rtypes; do
    [ "$golden" = golden ] && continue
    if [ "$present" != present ]; then
        WARD_TAP_N=$((WARD_TAP_N + 1))
        echo "ok $WARD_TAP_N - $golden # SKIP $atype input $name absent from staged testdata"
        continue
    fi
    if [ -n "${NOOPT[$golden]:-}" ]; then
        WARD_TAP_N=$((WARD_TAP_N + 1))
        echo "ok $WARD_TAP_N - $golden # SKIP ${NOOPT[$golden]}"
        continue
    fi
    out=$T/$golden.ward.json
    dev=()
    [ -n "${DEVDEPS[$golden]:-}" ] && dev=(--include-dev-deps)
    "$WARD" scan --scanners vuln "${dev[@]}" -f json "$TD/integration/$name" >"$out" \
        2>"$T/$golden.err"
    rc=$?
    compare "$out" "$TD/integration/testdata/$golden" >"$T/$golden.cmp" 2>&1
    res=$?
    [ "$rc" = 0 ] || res=1
    label="$golden ($rtypes): $nvul findings equal trivy's (id, pkg, installed, fixed, severity)"
    if [ -n "${GAP[$golden]:-}" ]; then
        todo "$res" "$label" "${GAP[$golden]}"
    else
        ok "$res" "$label"
    fi
    if [ "$res" != 0 ]; then
        sed 's/^#*/#/' "$T/$golden.cmp"
        sed 's/^/# stderr: /' "$T/$golden.err" | head -3
    fi
    # Package count, where the golden lists packages (trivy --list-all-pkgs): trivy
    # also lists the project itself (Relationship "root"), ward does not.
    if [ "$npkgs" -gt 0 ]; then
        want=$(jq '[.Results[]?.Packages // [] | .[] | select(.Relationship != "root")] | length' \
            "$TD/integration/testdata/$golden")
        got=$(jq '.summary.packages' "$out" 2>/dev/null)
        [ "$got" = "$want" ]
        res=$?
        label="$golden: $want packages as trivy lists them${dev:+ (${dev[*]})}"
        if [ -n "${COUNTGAP[$golden]:-}" ]; then
            todo "$res" "$label" "${COUNTGAP[$golden]}"
        else
            ok "$res" "$label"
        fi
        [ "$res" = 0 ] || echo "# ward: $got packages"
    fi
done <"$TD/CASES-repo.tsv"

done_testing
