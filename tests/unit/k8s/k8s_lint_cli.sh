#!/bin/bash
# k8s_lint_cli.sh - `ward lint` on Kubernetes manifests end to end: detection
# by name and by content (stdin), directory walks that mix Dockerfiles and
# manifests and skip non-Kubernetes YAML, exit codes, the four output formats.
set -u
. "$WARD_SRCDIR/tests/lib/tap.sh"
W="$WARD_BIN"
D="$WARD_SRCDIR/tests/data/k8s"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
command -v jq >/dev/null || skip_all "jq not installed"

"$W" lint -f json "$D/K8S-001/bad.yaml" >"$T/o.json"; rc=$?
is "$rc" 1 "an error-level finding exits 1"
is "$(jq -r '.files[0].findings[] | select(.rule=="K8S-001") | .line' "$T/o.json")" \
   "$(grep -n '# <- K8S-001' "$D/K8S-001/bad.yaml" | cut -d: -f1)" "K8S-001 on the marked line"
"$W" lint "$D/K8S-001/good.yaml" >"$T/good.txt"; is "$?" 0 "a clean manifest exits 0"
is "$(cat "$T/good.txt")" "no findings" "and prints no findings"

# detection by content: a manifest without a .yaml name, and on stdin
cp "$D/K8S-005/bad.yaml" "$T/manifest"
"$W" lint -f json -t none "$T/manifest" >"$T/m.json"
is "$(jq '[.files[0].findings[] | select(.rule=="K8S-005")] | length' "$T/m.json")" 1 "sniffed by content"
"$W" lint -f json -t none - <"$D/K8S-006/bad.yaml" >"$T/s.json"
is "$(jq '[.files[0].findings[] | select(.rule=="K8S-006")] | length' "$T/s.json")" 1 "stdin manifest"

# a directory: a Dockerfile, two manifests, a CI YAML (skipped), a hidden dir (skipped)
mkdir -p "$T/repo/deploy" "$T/repo/.git" "$T/repo/.github"
printf 'FROM debian:12\nRUN sudo true\n' >"$T/repo/Dockerfile"
cp "$D/K8S-001/bad.yaml" "$T/repo/deploy/web.yaml"
cp "$D/misc/helm-rendered.yaml" "$T/repo/deploy/rendered.yml"
cp "$D/misc/not-k8s.yaml" "$T/repo/deploy/ci.yaml"
cp "$D/K8S-005/bad.yaml" "$T/repo/.git/hidden.yaml"
"$W" lint -f json -t none "$T/repo" >"$T/d.json"; is "$?" 0 "directory walk"
is "$(jq -r '[.files[].path | sub(".*/repo/"; "")] | join(",")' "$T/d.json")" \
   "Dockerfile,deploy/rendered.yml,deploy/web.yaml" "files found in order, CI YAML and .git skipped"
is "$(jq '[.files[] | select(.path|endswith("Dockerfile")) | .findings[] | select(.rule=="DL3004")] | length' "$T/d.json")" \
   1 "the Dockerfile is linted as a Dockerfile"
is "$(jq '[.files[] | .findings[] | select(.rule=="K8S-001")] | length' "$T/d.json")" 2 \
   "both manifests are linted as Kubernetes"

# malformed YAML: named explicitly -> exit 3 with the line; in a directory -> skipped
"$W" lint "$D/misc/malformed.yaml" >/dev/null 2>"$T/err"; is "$?" 3 "malformed manifest exits 3"
grep -q 'malformed.yaml: line 9 column' "$T/err"; is "$?" 0 "the error names the line"
cp "$D/misc/malformed.yaml" "$T/repo/deploy/broken.yaml"
"$W" lint -t none "$T/repo" >/dev/null 2>"$T/err2"; is "$?" 0 "a broken YAML in a directory is skipped"
grep -q 'broken.yaml: skipped' "$T/err2"; is "$?" 0 "with a warning"

# formats
"$W" lint -f sarif -t none "$D/K8S-008/bad.yaml" >"$T/o.sarif"
if /usr/bin/python3 -c 'import jsonschema' 2>/dev/null; then  # full OASIS SARIF 2.1.0 schema
    /usr/bin/python3 "$WARD_SRCDIR/tests/lib/validate_schema.py" \
        "$WARD_SRCDIR/tests/data/schemas/sarif-2.1.0.schema.json" "$T/o.sarif" 2>&1 | head -5 | sed 's/^/# /'
    ok "${PIPESTATUS[0]}" "SARIF with K8S results validates against the OASIS SARIF 2.1.0 schema"
fi
is "$(jq -r '.runs[0].results[] | select(.ruleId=="K8S-008") | .ruleId as $r | .ruleIndex' "$T/o.sarif" |
      xargs -I{} jq -r '.runs[0].tool.driver.rules[{}].id' "$T/o.sarif")" "K8S-008" "SARIF ruleIndex points at the K8S rule"
"$W" lint -f checkstyle -t none "$D/K8S-008/bad.yaml" >"$T/o.xml"
python3 -c 'import sys,xml.dom.minidom as m; d=m.parse(sys.argv[1]); print(sum(1 for e in d.getElementsByTagName("error") if e.getAttribute("source")=="K8S-008"))' "$T/o.xml" >"$T/n"
is "$(cat "$T/n")" 1 "Checkstyle lists K8S-008"
"$W" lint --list-rules | grep -q '^K8S-021'; is "$?" 0 "--list-rules includes the K8S rules"
"$W" lint --ignore K8S-001 -t error "$D/K8S-001/bad.yaml" >/dev/null 2>"$T/e3"; is "$?" 0 "--ignore K8S-001"
is "$(wc -c <"$T/e3")" 0 "--ignore K8S-001 is a known rule"
done_testing
