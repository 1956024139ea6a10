#!/bin/bash
# lint_cli.sh - `ward lint` end to end: exit codes and --failure-threshold,
# --ignore, inline pragmas, the four output formats (JSON and SARIF checked with
# jq, Checkstyle parsed as XML), and BuildKit syntax that must parse cleanly.
set -u
. "$WARD_SRCDIR/tests/lib/tap.sh"
W="$WARD_BIN"
D="$WARD_SRCDIR/tests/data/dockerfiles"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

command -v jq >/dev/null || skip_all "jq not installed"

# exit codes and thresholds: DL3008/bad has warnings (DL3008) and infos
"$W" lint -f json "$D/DL3008/bad.Dockerfile" >"$T/out.json"; rc=$?
is "$rc" 1 "findings at the default threshold exit 1"
is "$(jq '[.files[0].findings[] | select(.rule=="DL3008")] | length' "$T/out.json")" 1 \
   "json lists the DL3008 finding"
is "$(jq -r '.files[0].findings[] | select(.rule=="DL3008") | .line' "$T/out.json")" 2 \
   "DL3008 is reported on the RUN line"
"$W" lint -t error "$D/DL3008/bad.Dockerfile" >/dev/null; is "$?" 0 "no error-level finding: exit 0 at -t error"
"$W" lint -t warning "$D/DL3008/bad.Dockerfile" >/dev/null; is "$?" 1 "warning finding: exit 1 at -t warning"
"$W" lint -t none "$D/DL3004/bad.Dockerfile" >/dev/null; is "$?" 0 "-t none never fails"
"$W" lint -t error "$D/DL3004/bad.Dockerfile" >/dev/null; is "$?" 1 "DL3004 is an error"
"$W" lint -t error --ignore DL3004 "$D/DL3004/bad.Dockerfile" >/dev/null; is "$?" 0 "--ignore drops it"
"$W" lint -t bogus "$D/DL3004/bad.Dockerfile" >/dev/null 2>&1; is "$?" 2 "unknown severity is a usage error"
"$W" lint -f yaml "$D/DL3004/bad.Dockerfile" >/dev/null 2>&1; is "$?" 2 "unknown format is a usage error"
"$W" lint "$T/missing" >/dev/null 2>&1; is "$?" 3 "unreadable file exits 3"
"$W" lint -t none - <"$D/DL3004/bad.Dockerfile" >"$T/stdin.txt"
is "$(grep -c DL3004 "$T/stdin.txt")" 1 "stdin input is linted"

# inline pragma, and --no-inline-ignores
printf 'FROM debian:12\n# hadolint ignore=DL3004\nRUN sudo true\n# ward ignore=DL3004\nRUN sudo false\n' >"$T/pragma"
"$W" lint -f json "$T/pragma" >"$T/p.json"
is "$(jq '[.files[0].findings[] | select(.rule=="DL3004")] | length' "$T/p.json")" 0 "pragmas silence DL3004"
"$W" lint -f json --no-inline-ignores "$T/pragma" >"$T/p2.json"
is "$(jq '[.files[0].findings[] | select(.rule=="DL3004")] | length' "$T/p2.json")" 2 "--no-inline-ignores restores both"

# SARIF 2.1.0 structure
"$W" lint -f sarif "$D/DL3008/bad.Dockerfile" "$D/DL4000/bad.Dockerfile" >"$T/out.sarif"
is "$(jq -r '.version' "$T/out.sarif")" "2.1.0" "sarif version"
is "$(jq -r '.runs | length' "$T/out.sarif")" 1 "one run"
is "$(jq -r '.runs[0].tool.driver.name' "$T/out.sarif")" "ward lint" "driver name"
is "$(jq '[.runs[0].tool.driver.rules[] | select(.id and .shortDescription.text and .defaultConfiguration.level)] | length' "$T/out.sarif")" \
   "$("$W" lint --list-rules | wc -l)" "every rule described"
is "$(jq '[.runs[0].results[] as $r | .runs[0].tool.driver.rules[$r.ruleIndex].id == $r.ruleId] | all' "$T/out.sarif")" true \
   "ruleIndex points at ruleId"
is "$(jq '.runs[0].results | length > 0 and all((.level|IN("error","warning","note")) and (.message.text|length>0) and (.locations[0].physicalLocation.region.startLine>=1))' "$T/out.sarif")" true \
   "every result has level, message and a 1-based line"
is "$(jq -r '[.runs[0].results[] | select(.ruleId=="DL4000")][0].locations[0].physicalLocation.artifactLocation.uri' "$T/out.sarif" | grep -c 'DL4000/bad.Dockerfile$')" 1 \
   "result names its file"
# the full OASIS SARIF 2.1.0 schema (draft-07), offline; Debian's python3 has
# python3-rfc3987 for the "uri"/"uri-reference" formats
SCHEMA="$WARD_SRCDIR/tests/data/schemas/sarif-2.1.0.schema.json"
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
VALIDATE="$WARD_SRCDIR/tests/lib/validate_schema.py"
if "$PY" -c 'import jsonschema' 2>/dev/null; then
    "$PY" "$VALIDATE" "$SCHEMA" "$T/out.sarif" 2>&1 | sed 's/^/# /'
    is "${PIPESTATUS[0]}" 0 "sarif validates against the OASIS SARIF 2.1.0 schema"
    # the check is not vacuous: a level SARIF does not know is rejected
    jq '.runs[0].results[0].level = "info"' "$T/out.sarif" >"$T/bad.sarif"
    "$PY" "$VALIDATE" "$SCHEMA" "$T/bad.sarif" 2>/dev/null
    is "$?" 1 "schema rejects an invalid result level"
    if "$PY" -c 'import rfc3987' 2>/dev/null; then
        jq '.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri = "a b"' \
            "$T/out.sarif" >"$T/bad.sarif"
        "$PY" "$VALIDATE" "$SCHEMA" "$T/bad.sarif" 2>/dev/null
        is "$?" 1 "schema format check rejects a uri with a space"
    else
        diag "python3-rfc3987 missing: uri formats not checked"
    fi
    # a path that needs percent-encoding still gives a valid uri-reference
    mkdir -p "$T/a dir[1]"
    cp "$D/DL3004/bad.Dockerfile" "$T/a dir[1]/Docker file%"
    "$W" lint -f sarif -t none "$T/a dir[1]/Docker file%" >"$T/odd.sarif"
    "$PY" "$VALIDATE" "$SCHEMA" "$T/odd.sarif" 2>&1 | sed 's/^/# /'
    is "${PIPESTATUS[0]}" 0 "sarif for an odd file name validates"
    "$W" lint -f sarif "$D/DL3004/good.Dockerfile" >"$T/empty.sarif"
    "$PY" "$VALIDATE" "$SCHEMA" "$T/empty.sarif" 2>&1 | sed 's/^/# /'
    is "${PIPESTATUS[0]}" 0 "sarif with no findings validates too"
else
    diag "python3-jsonschema missing: SARIF checked with jq only"
fi

# Checkstyle is well-formed XML with one <error> per finding
"$W" lint -f checkstyle "$D/DL3008/bad.Dockerfile" >"$T/out.xml"
"$W" lint -f json "$D/DL3008/bad.Dockerfile" >"$T/cmp.json"
n_json=$(jq '.files[0].findings | length' "$T/cmp.json")
n_xml=$(python3 -c 'import sys,xml.dom.minidom as m; print(len(m.parse(sys.argv[1]).getElementsByTagName("error")))' "$T/out.xml")
is "$n_xml" "$n_json" "checkstyle parses and has one error per finding"

# BuildKit syntax that trips other linters parses and raises nothing odd
cat >"$T/buildkit" <<'DF'
# syntax=docker/dockerfile:1.7
# check=skip=JSONArgsRecommended
ARG GO_VERSION=1.22
FROM --platform=$BUILDPLATFORM golang:${GO_VERSION}-bookworm AS build
WORKDIR /src
RUN --mount=type=cache,target=/go/pkg/mod \
    --mount=type=bind,source=go.sum,target=go.sum \
    --mount=type=secret,id=netrc,target=/root/.netrc \
    --network=default \
    go mod download
COPY --link --chmod=0644 <<EOF /etc/motd
Welcome
EOF
RUN <<EOT bash
set -euo pipefail
go build -o /out/app ./cmd/app
EOT
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build --chown=65532:65532 --link /out/app /app
USER 65532:65532
HEALTHCHECK --interval=30s --timeout=3s CMD ["/app", "health"]
ENTRYPOINT ["/app"]
DF
"$W" lint -t style -f json "$T/buildkit" >"$T/bk.json"; rc=$?
is "$rc" 0 "BuildKit Dockerfile parses and lints clean"
is "$(jq '.files[0].findings | length' "$T/bk.json")" 0 "no findings on the BuildKit file"
is "$(jq -r '.files[0].path' "$T/bk.json")" "$T/buildkit" "json names the file"

done_testing
