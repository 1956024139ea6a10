#!/bin/bash
# policy.sh - `ward policy` and `ward scan --policy` on real scans: the Alpine
# 3.10 image tarball against a DB of the real Alpine secdb plus a small OSV
# feed, a CISA KEV catalog and an EPSS file written here (the secdb alone has
# no open advisory for that image), and a rootfs with a planted secret. Each
# gate's trigger fires on one input and not on another; exit codes follow the
# verdict; allowlist entries with a past date expire, future ones apply.
set -u
. "$WARD_SRCDIR/tests/lib/tap.sh"
WARD=${WARD_BIN:?}
IMG=${WARD_TESTDATA:?}/trivy/pkg/fanal/test/testdata/alpine-310.tar.gz
command -v jq >/dev/null || skip_all "jq missing"
[ -f "$IMG" ] || skip_all "alpine-310.tar.gz missing"
T=$(mktemp -d /tmp/ward-e2e-policy.XXXXXX)
trap 'rm -rf "$T"' EXIT
export XDG_CACHE_HOME=$T/cache WARD_DB=$T/db.sqlite

cat >"$T/osv.json" <<'X'
[{"id":"CVE-2099-0001","modified":"2025-01-01T00:00:00Z","published":"2020-01-01T00:00:00Z",
  "summary":"test critical in openssl","database_specific":{"severity":"CRITICAL"},
  "affected":[{"package":{"ecosystem":"Alpine:v3.10","name":"openssl"},
   "ranges":[{"type":"ECOSYSTEM","events":[{"introduced":"0"},{"fixed":"1.1.1z-r0"}]}]}]},
 {"id":"CVE-2099-0002","modified":"2025-01-01T00:00:00Z","published":"2025-06-01T00:00:00Z",
  "summary":"test high in musl, no fix","database_specific":{"severity":"HIGH"},
  "affected":[{"package":{"ecosystem":"Alpine:v3.10","name":"musl"},
   "ranges":[{"type":"ECOSYSTEM","events":[{"introduced":"0"}]}]}]}]
X
cat >"$T/kev.json" <<'X'
{"title":"CISA Catalog of Known Exploited Vulnerabilities","catalogVersion":"2025.01.01",
 "dateReleased":"2025-01-01T00:00:00.000Z","count":1,
 "vulnerabilities":[{"cveID":"CVE-2099-0002","vendorProject":"musl","product":"musl",
  "vulnerabilityName":"test","dateAdded":"2025-07-01","shortDescription":"test",
  "requiredAction":"update","dueDate":"2025-07-22","knownRansomwareCampaignUse":"Unknown",
  "notes":""}]}
X
printf '#model_version:v2025.03.14,score_date:2025-07-01T00:00:00+0000\ncve,epss,percentile\nCVE-2099-0001,0.91000,0.99000\n' >"$T/epss.csv"
"$WARD" db import "$WARD_TESTDATA/alpine-secdb" "$T/osv.json" "$T/kev.json" "$T/epss.csv" \
    >/dev/null 2>"$T/import.log"
is "$?" 0 "DB import (secdb + OSV + KEV + EPSS)"
S="--db-max-age 0 -q"

# ---- the embedded default bundle ----
"$WARD" policy show-default | cmp -s - "$WARD_SRCDIR/docs/policy-default.yaml"
ok $? "show-default prints docs/policy-default.yaml"
"$WARD" policy check "$WARD_SRCDIR/docs/policy-default.yaml" >/dev/null
is "$?" 0 "policy check accepts the default bundle"

# vulnerability and secret findings only, so the score below is the formula's;
# the default scanner set (config included) is checked right after
"$WARD" scan $S --scanners vuln,secret --policy @default -f json "$IMG" >"$T/def.json"
is "$?" 1 "scan --policy @default: STOP -> exit 1"
is "$(jq -r .policy.verdict "$T/def.json")" STOP "JSON carries the verdict"
is "$(jq -c '[.policy.triggered[].rule] | sort' "$T/def.json")" \
   '["critical-fixable","distro-eol","high-fixable","kev","likely-exploited"]' \
   "the default rules that fire on alpine:3.10 (KEV, critical fixable, EPSS, EOL)"
is "$(jq -c '[.policy.triggered[] | select(.rule=="kev") | .matches[] | [.id,.package]]' "$T/def.json")" \
   '[["CVE-2099-0002","musl"],["CVE-2099-0002","musl-utils"]]' "KEV rule lists the matched findings"
# score = round(100 * (1 - exp(-R/40))) with R from the findings: 2 x 10*2.82 + 2 x 5*3*0.8
is "$(jq -r '.policy.risk | [.score, .points] | @tsv' "$T/def.json")" "$(printf '87\t80.4')" \
   "risk score and points follow the documented formula"
"$WARD" scan $S --policy @default -f json "$IMG" >"$T/all.json"
is "$?" 1 "default scanners: still STOP"
n_cfg=$(jq '[.checks[] | select(.scanner == "config")] | length' "$T/all.json")
ok "$([ "$n_cfg" -gt 0 ]; echo $?)" "default scanners include the config checks ($n_cfg findings)"
ok "$(jq -e '.policy.risk.points > 80.4' "$T/all.json" >/dev/null; echo $?)" \
   "config findings add risk points on top of the vulnerabilities' 80.4"
is "$(jq -r '.policy.risk.top[0] | [.id, .points] | @tsv' "$T/def.json")" \
   "$(printf 'CVE-2099-0001\t28.2')" "top contributor: the critical fixable with EPSS 0.91"
"$WARD" scan $S --policy @default --exit-code 7 -f json "$IMG" >/dev/null
is "$?" 7 "STOP with --exit-code 7 -> exit 7"
"$WARD" scan $S -f json "$IMG" | jq -e 'has("policy") | not' >/dev/null
ok $? "without --policy the JSON has no policy object"

"$WARD" policy eval $S -f table "$IMG" >"$T/eval.txt"
is "$?" 1 "policy eval (default bundle): exit 1"
grep -q '^Policy: STOP' "$T/eval.txt" && grep -q '^Top risk contributors:' "$T/eval.txt"
ok $? "table shows the verdict line and the top contributors"
"$WARD" scan $S --policy @default -f table "$IMG" | grep -q '^Risk score: 87/100'
ok $? "scan table output has the policy section"
"$WARD" scan $S --policy @default -f sarif "$IMG" >"$T/s.sarif"
is "$(jq -r '.runs[0].results[] | select(.ruleId=="policy/verdict") | .level' "$T/s.sarif")" error \
   "SARIF: policy/verdict result at level error"
if /usr/bin/python3 -c 'import jsonschema' 2>/dev/null; then  # full OASIS SARIF 2.1.0 schema
    /usr/bin/python3 "$WARD_SRCDIR/tests/lib/validate_schema.py" \
        "$WARD_SRCDIR/tests/data/schemas/sarif-2.1.0.schema.json" "$T/s.sarif" 2>&1 | head -5 | sed 's/^/# /'
    ok "${PIPESTATUS[0]}" "SARIF with the policy verdict validates against the OASIS SARIF 2.1.0 schema"
fi
"$WARD" scan $S --policy @default -f junit "$IMG" >"$T/j.xml"
grep -q 'classname="policy" name="verdict STOP (risk 87/100)"' "$T/j.xml"
ok $? "JUnit: a policy test case with the verdict"

# ---- one rule per bundle: fires / does not fire on the real scan ----
rule() { # gate trigger params -> exit status of policy eval with that single STOP rule
    printf 'policies:\n  - id: t\n    rules:\n      - {gate: %s, trigger: %s, action: STOP, params: %s}\n' \
        "$1" "$2" "$3" >"$T/r.yaml"
    "$WARD" policy eval $S --policy "$T/r.yaml" -f json "$IMG" >"$T/r.json" 2>"$T/r.err"
}
check() { # desc want gate trigger params
    rule "$3" "$4" "$5"
    is "$?" "$2" "$1"
}
check "vulnerabilities severity critical fires" 1 vulnerabilities package '{severity: critical}'
check "vulnerabilities fix_available+high on unfixed-only musl: no" 0 vulnerabilities package \
      '{fix_available: false, severity: critical}'
check "vulnerabilities kev fires" 1 vulnerabilities package '{kev: true}'
check "vulnerabilities kev_ransomware: none" 0 vulnerabilities package '{kev_ransomware: true}'
check "vulnerabilities epss >= 0.9 fires" 1 vulnerabilities package '{epss: 0.9}'
check "vulnerabilities epss >= 0.95: none" 0 vulnerabilities package '{epss: 0.95}'
check "vulnerabilities published older than 1000 days fires (2020)" 1 vulnerabilities package \
      '{older_than_days: 1000}'
check "vulnerabilities older than 100000 days: none" 0 vulnerabilities package \
      '{older_than_days: 100000}'
check "vulnerabilities package_type library: none" 0 vulnerabilities package '{package_type: library}'
check "licenses deny GPL-2.0-only fires" 1 licenses denylist '{licenses: [GPL-2.0-only]}'
is "$(jq -r '.policy.triggered[0].matches[0].package' "$T/r.json")" alpine-baselayout \
   "licence match names the package"
check "licenses deny AGPL-3.0-only: none" 0 licenses denylist '{licenses: [AGPL-3.0-only]}'
check "licence id inside 'MPL-2.0 GPL-2.0-or-later' fires" 1 licenses denylist '{licenses: [MPL-2.0]}'
check "packages deny musl<1.1.23 fires" 1 packages denylist '{packages: ["musl<1.1.23"]}'
check "packages deny musl<1.1.22: none" 0 packages denylist '{packages: ["musl<1.1.22"]}'
check "distro allowlist alpine>=3.18 fires" 1 distro allowlist '{distros: ["alpine>=3.18"]}'
check "distro allowlist alpine>=3.9: none" 0 distro allowlist '{distros: ["alpine>=3.9"]}'
check "distro eol alpine 3.10 fires" 1 distro eol '{releases: [alpine 3.10]}'
check "distro eol alpine 3.1: none" 0 distro eol '{releases: [alpine 3.1]}'
check "registries allowlist quay.io fires (alpine:3.10 is docker.io)" 1 registries allowlist \
      '{registries: [quay.io]}'
check "registries allowlist docker.io: none" 0 registries allowlist '{registries: [docker.io]}'
check "image latest_tag on alpine:3.10: none" 0 image latest_tag '{}'
check "image no_digest on a tag fires" 1 image no_digest '{}'
check "risk score >= 80 fires" 1 risk score '{min: 80}'
check "risk score >= 95: none" 0 risk score '{min: 95}'
check "malware found without the scanner: none" 0 malware found '{}'

# WARN only -> exit 0
printf 'policies:\n  - id: w\n    rules:\n      - {gate: vulnerabilities, trigger: package, action: WARN}\n' >"$T/w.yaml"
"$WARD" scan $S --policy "$T/w.yaml" -f json "$IMG" >"$T/w.json"
is "$?" 0 "WARN verdict -> exit 0"
is "$(jq -r .policy.verdict "$T/w.json")" WARN "WARN verdict in JSON"

# ---- allowlist expiry: future applies, past is reported and ignored ----
allow() {
    cat >"$T/a.yaml" <<X
policies:
  - id: a
    rules:
      - {gate: vulnerabilities, trigger: package, action: STOP}
allowlists:
  - {id: CVE-2099-0001, expires: $1, reason: waiting for the vendor}
  - {id: CVE-2099-0002, package: "musl*", expires: $1, reason: not reachable}
X
    "$WARD" scan $S --policy "$T/a.yaml" -f json "$IMG" >"$T/a.json"
}
allow 2999-12-31
is "$?" 0 "allowlist with a future date: findings allowed, exit 0"
is "$(jq -r '[.policy.verdict, .policy.allowlisted, (.policy.expired_allowlist|length)] | @tsv' "$T/a.json")" \
   "$(printf 'GO\t4\t0')" "future allowlist: GO, 4 findings allowed, none expired"
allow 2001-01-01
is "$?" 1 "allowlist with a past date: no longer applies, exit 1"
is "$(jq -r '[.policy.verdict, .policy.allowlisted, (.policy.expired_allowlist|length)] | @tsv' "$T/a.json")" \
   "$(printf 'STOP\t0\t2')" "past allowlist: STOP, expired entries reported"

# ---- mappings ----
cat >"$T/m.yaml" <<'X'
policies:
  - {id: strict, rules: [{gate: vulnerabilities, trigger: package, action: STOP}]}
  - {id: lax, rules: [{gate: vulnerabilities, trigger: package, action: WARN}]}
mappings:
  - {image: "alpine:*", policies: [lax]}
  - {image: "*", policies: [strict]}
X
"$WARD" scan $S --policy "$T/m.yaml" -f json "$IMG" >"$T/m.json"
is "$?" 0 "mapping alpine:* -> lax policy (first match wins): exit 0"
is "$(jq -r '.policy.policies | join(",")' "$T/m.json")" lax "the mapped policy was used"

# ---- secrets on a rootfs with a planted key ----
mkdir -p "$T/root/app" "$T/root/etc"
printf 'ID=alpine\nVERSION_ID=3.21.0\n' >"$T/root/etc/os-release"
printf 'tool: ok\n' >"$T/root/app/config.yaml"
printf 'policies:\n  - id: s\n    rules:\n      - {gate: secrets, trigger: found, action: STOP, params: {severity: high}}\n' >"$T/s.yaml"
"$WARD" scan $S --policy "$T/s.yaml" -f json "$T/root" >/dev/null
is "$?" 0 "secrets rule on a clean rootfs: GO"
printf 'AWS_ACCESS_KEY_ID=AKIA2OGYBAH6STMMNXNN\n' >"$T/root/app/.env"
"$WARD" scan $S --no-cache --policy "$T/s.yaml" -f json "$T/root" >"$T/sec.json"
is "$?" 1 "secrets rule with a planted AWS key: STOP"
is "$(jq -r '.policy.triggered[0].matches[0].id' "$T/sec.json")" aws-access-key-id "the secret rule id is listed"

# ---- bad bundles ----
printf 'policies:\n  - id: a\n    rules:\n      - gate: vulnerabilities\n        trigger: package\n        action: HALT\n' >"$T/bad.yaml"
"$WARD" policy check "$T/bad.yaml" 2>"$T/bad.err"
is "$?" 1 "policy check on a bad bundle: exit 1"
grep -q "bad.yaml:6:17: policies\[0\].rules\[0\]: 'action' must be STOP, WARN or GO" "$T/bad.err"
ok $? "the error names file:line:column and the key path"
"$WARD" scan $S --policy "$T/bad.yaml" -f json "$IMG" >/dev/null 2>&1
is "$?" 3 "scan with a bad bundle fails before scanning (exit 3)"

done_testing
