#!/bin/bash
# sbom_lang2.sh - Go, Rust and Java packages through `ward sbom --format json`:
# trivy's repo fixtures as project dirs (against trivy's goldens and Python's
# tomllib), syft's image-pkg-coverage rootfs (against syft's integration-test
# expectations), and a two-layer docker-archive holding real Go and
# cargo-auditable binaries and jars (against what the files themselves carry,
# read with strings, objcopy + zlib and Python's zipfile): purl, path, layer.
set -u
. "$WARD_SRCDIR/tests/lib/tap.sh"
WARD=${WARD_BIN:?}
TD=${WARD_TESTDATA:?}
for t in jq python3 objcopy strings tar sha256sum; do
    command -v $t >/dev/null || skip_all "$t missing"
done
python3 -c 'import tomllib' 2>/dev/null || skip_all "python3 without tomllib"
REPO=$TD/trivy/integration/testdata/fixtures/repo
GOLD=$TD/trivy/integration/testdata
[ -d "$REPO/pom" ] || skip_all "trivy fixtures missing"
T=$(mktemp -d /tmp/ward-e2e-lang2.XXXXXX)
trap 'rm -rf "$T"' EXIT
export XDG_CACHE_HOME=$T/cache

sbom() { # out-name target [options] -> $T/out-name.json; ok/not ok on the exit status
    if "$WARD" sbom --format json "${@:3}" "$2" >"$T/$1.json" 2>"$T/$1.err"; then
        ok 0 "$1: ward sbom succeeded"
    else
        ok 1 "$1: ward sbom succeeded"
        sed 's/^/# /' "$T/$1.err" | head -5
        echo '{"packages":[]}' >"$T/$1.json"
    fi
}
same() { # name want-file got-file: sets equal (sorted unique lines)
    sort -u "$2" >"$2.s"
    sort -u "$3" >"$3.s"
    if [ -s "$2.s" ] && cmp -s "$2.s" "$3.s"; then
        ok 0 "$1 ($(wc -l <"$2.s") entries)"
    else
        ok 1 "$1"
        diff "$2.s" "$3.s" | head -10 | sed 's/^/# /'
    fi
}
# non-dev purls of one cataloger in a ward sbom document
purls() { jq -r --arg c "$2" '.packages[] | select(.cataloger == $c and (.dev | not)) | .purl' "$T/$1.json"; }

# ---- 1. project directories: trivy's repository fixtures and goldens ----
sbom pom "$REPO/pom"
jq -r '.components[].purl | select(. != null)' "$GOLD/pom-cyclonedx.json.golden" >"$T/pom.want"
purls pom java-pom >"$T/pom.got"
same "pom.xml: non-dev purls equal trivy pom-cyclonedx golden" "$T/pom.want" "$T/pom.got"
sbom pom-dev "$REPO/pom" --include-dev-deps # dev dependencies are left out by default
is "$(jq -r '[.packages[] | select(.dev)] | map(.name) | sort | join(" ")' "$T/pom-dev.json")" \
    "javax.servlet-api junit-jupiter-api junit-jupiter-engine" "pom.xml: test/provided scopes flagged dev"

sbom gradle "$REPO/gradle"
jq -r '.Results[].Vulnerabilities[].PkgIdentifier.PURL' "$GOLD/gradle.json.golden" >"$T/gradle.want"
purls gradle gradle-lockfile >"$T/gradle.got"
same "gradle.lockfile: purls equal trivy gradle golden" "$T/gradle.want" "$T/gradle.got"
is "$(jq '.packages | length' "$T/gradle.json")" \
    "$(grep -cE '^[^#=:]+:[^#=:]+:[^#=:]+=' "$REPO/gradle/gradle.lockfile")" \
    "gradle.lockfile: one package per coordinate line"
mkdir -p "$T/bs" && cp "$REPO/gradle/gradle.lockfile" "$T/bs/buildscript-gradle.lockfile"
sbom buildscript "$T/bs"
purls buildscript gradle-lockfile >"$T/bs.got"
same "buildscript-gradle.lockfile (*gradle.lockfile) is read too" "$T/gradle.want" "$T/bs.got"

sbom cargo "$REPO/cargo"
python3 - "$REPO/cargo/Cargo.lock" >"$T/cargo.want" <<'EOF'
import sys, tomllib, urllib.parse
for p in tomllib.load(open(sys.argv[1], "rb")).get("package", []):
    print("pkg:cargo/%s@%s" % (p["name"], urllib.parse.quote(p["version"], safe="")))
EOF
purls cargo cargo-lock >"$T/cargo.got"
same "Cargo.lock: purls equal Python tomllib's [[package]] list" "$T/cargo.want" "$T/cargo.got"

sbom gomod "$REPO/gomod"
# require lines of each go.mod (the fixtures have no replace/exclude directives)
for f in go.mod submod/go.mod submod2/go.mod; do
    awk -v f="/$f" '/^require \(/ {b = 1; next} b && /^\)/ {b = 0; next}
        b && NF >= 2 {print f, $1, $2} /^require [^(]/ {print f, $2, $3}' "$REPO/gomod/$f"
done | jq -Rr 'split(" ") | "\(.[0]) pkg:golang/\(.[1])@\(.[2] | @uri)"' >"$T/gomod.want"
jq -r '.packages[] | select(.cataloger == "go-mod") | "\(.path) \(.purl)"' "$T/gomod.json" >"$T/gomod.got"
same "go.mod: path + purl per require line of the three go.mod files" "$T/gomod.want" "$T/gomod.got"
is "$(jq '[.packages[] | select(.cataloger == "go-mod" and .indirect)] | length' "$T/gomod.json")" \
    "$(grep -c '// indirect' "$REPO/gomod/go.mod")" "go.mod: '// indirect' requires flagged indirect"

# ---- 2. syft's image-pkg-coverage tree as a rootfs: syft's expectations ----
# (syft cmd/syft/internal/test/integration/catalog_packages_cases_test.go: "find golang
# modules", "find rust crates", "find java packages including pom.xml" with 2 duplicates,
# "find jenkins plugins" with 1 duplicate)
COV=$TD/syft/cmd/syft/internal/test/integration/testdata/image-pkg-coverage
if [ -d "$COV" ]; then
    sbom syft-cov "$COV" --include-dev-deps # syft lists test-scoped (dev) packages too
    sel() { jq -r --arg re "$1" '.packages[] | select(.cataloger | test($re)) | "\(.name)@\(.version)"' \
        "$T/syft-cov.json"; }
    printf '%s\n' github.com/bmatcuk/doublestar@v1.3.1 >"$T/cov-go.want"
    sel '^go-mod$' >"$T/cov-go.got"
    same "syft coverage: golang modules" "$T/cov-go.want" "$T/cov-go.got"
    printf '%s\n' memchr@2.3.3 nom@4.2.3 version_check@0.1.5 >"$T/cov-rust.want"
    sel '^cargo-lock$' >"$T/cov-rust.got"
    same "syft coverage: rust crates" "$T/cov-rust.want" "$T/cov-rust.got"
    printf '%s\n' example-java-app-maven@0.1.0 joda-time@2.9.2 junit@4.12 \
        example-jenkins-plugin@1.0-SNAPSHOT >"$T/cov-java.want"
    sel '^java-' >"$T/cov-java.got"
    same "syft coverage: java packages incl. pom.xml and the jenkins plugin" "$T/cov-java.want" \
        "$T/cov-java.got"
    is "$(wc -l <"$T/cov-java.got")" 7 "syft coverage: java count = 4 + syft's 3 duplicates"
else
    ok 0 "# SKIP syft image-pkg-coverage missing"
fi

# ---- 3. a two-layer docker-archive: jars below, Go and Rust binaries above ----
GOB=$TD/trivy/pkg/dependency/parser/golang/binary/testdata/test.elf
GOR=$TD/osv-scalibr/extractor/filesystem/language/golang/gobinary/testdata/binary_with_module_replacement-linux-amd64
RSB=$TD/osv-scalibr/extractor/filesystem/language/rust/cargoauditable/testdata/uses_serde_json/uses_serde_json
JARS=$TD/trivy/pkg/dependency/parser/java/jar/testdata
mkdir -p "$T/l1/etc" "$T/l1/opt/app" "$T/l2/usr/local/bin" "$T/img"
printf 'ID=debian\nVERSION_ID="12"\n' >"$T/l1/etc/os-release"
cp "$JARS/maven.war" "$JARS/nested.jar" "$T/l1/opt/app/"
# an EAR holding the WAR (ear > war > jar), built by the JDK's jar tool when present
mkdir -p "$T/ear/META-INF/maven/com.example/app-ear"
cp "$JARS/maven.war" "$T/ear/"
printf 'groupId=com.example\nartifactId=app-ear\nversion=2.0\n' \
    >"$T/ear/META-INF/maven/com.example/app-ear/pom.properties"
if command -v jar >/dev/null; then
    jar --create --file "$T/l1/opt/app/app.ear" -C "$T/ear" .
else
    (cd "$T/ear" && python3 -m zipfile -c "$T/l1/opt/app/app.ear" META-INF maven.war)
fi
install -m 755 "$GOB" "$T/l2/usr/local/bin/gobin"
install -m 755 "$GOR" "$T/l2/usr/local/bin/gorepl"
install -m 755 "$RSB" "$T/l2/usr/local/bin/rustbin"
tar -C "$T/l1" --sort=name -cf "$T/img/l1.tar" .
tar -C "$T/l2" --sort=name -cf "$T/img/l2.tar" .
D1=sha256:$(sha256sum <"$T/img/l1.tar" | cut -d' ' -f1)
D2=sha256:$(sha256sum <"$T/img/l2.tar" | cut -d' ' -f1)
printf '{"architecture":"amd64","os":"linux","config":{},"rootfs":{"type":"layers","diff_ids":["%s","%s"]}}' \
    "$D1" "$D2" >"$T/img/config.json"
C=$(sha256sum <"$T/img/config.json" | cut -d' ' -f1)
mv "$T/img/config.json" "$T/img/$C.json"
printf '[{"Config":"%s.json","RepoTags":["ward-e2e/lang2:1"],"Layers":["l1.tar","l2.tar"]}]' "$C" \
    >"$T/img/manifest.json"
tar -C "$T/img" -cf "$T/image.tar" manifest.json "$C.json" l1.tar l2.tar
sbom image "$T/image.tar"

gobin_truth() { # binary path-in-image: mod/dep lines (=> applied) + the toolchain
    strings -n 3 "$1" | awk -F'\t' -v p="$2" '
        $1 == "mod" && !m {print p, $2 "@" $3; m = 1}
        $1 == "dep" {if (n) print p, n; n = $2 "@" $3}
        $1 == "=>" && n {n = $2 "@" $3}
        END {if (n) print p, n}' | sort -u
    echo "$2 stdlib@$(grep -aoE 'go1\.[0-9]+(\.[0-9]+)?' "$1" | sort | uniq -c | sort -rn |
        awk 'NR == 1 {print $2}')"
}
{ gobin_truth "$GOB" /usr/local/bin/gobin; gobin_truth "$GOR" /usr/local/bin/gorepl; } >"$T/go.want"
jq -r '.packages[] | select(.cataloger == "go-binary") | "\(.path) \(.name)@\(.version)"' \
    "$T/image.json" >"$T/go.got"
same "Go binaries: modules equal the binaries' own buildinfo (strings)" "$T/go.want" "$T/go.got"
# purl check with the version percent-decoded ("(devel)" may be written either way)
badpurls() { # cataloger purl-type
    python3 - "$T/image.json" "$1" "$2" <<'EOF'
import json, sys, urllib.parse
bad = 0
for p in json.load(open(sys.argv[1]))["packages"]:
    if p["cataloger"] != sys.argv[2]:
        continue
    want_v = p["version"][2:] if sys.argv[3] == "golang" and p["name"] == "stdlib" else p["version"]
    head, _, v = p["purl"].partition("@")
    if head != "pkg:%s/%s" % (sys.argv[3], p["name"]) or urllib.parse.unquote(v) != want_v:
        print("# bad purl", p["purl"], file=sys.stderr)
        bad += 1
print(bad)
EOF
}
is "$(badpurls go-binary golang)" 0 \
    "Go binaries: purl = pkg:golang/<module>@<version> (stdlib without the go prefix)"

objcopy --dump-section .dep-v0="$T/dep-v0.bin" "$RSB" "$T/rsb.tmp"
python3 - "$T/dep-v0.bin" >"$T/rust.want" <<'EOF'
import json, sys, zlib
for p in json.loads(zlib.decompress(open(sys.argv[1], "rb").read()))["packages"]:
    print("/usr/local/bin/rustbin %s@%s" % (p["name"], p["version"]))
EOF
jq -r '.packages[] | select(.cataloger == "cargo-auditable") | "\(.path) \(.name)@\(.version)"' \
    "$T/image.json" >"$T/rust.got"
same "cargo-auditable: crates equal the .dep-v0 section (objcopy + zlib + json)" "$T/rust.want" \
    "$T/rust.got"
is "$(badpurls cargo-auditable cargo)" 0 "cargo-auditable: purl = pkg:cargo/<crate>@<version>"

python3 - "$T/l1/opt/app/maven.war" /opt/app/maven.war "$T/l1/opt/app/nested.jar" \
    /opt/app/nested.jar "$T/l1/opt/app/app.ear" /opt/app/app.ear >"$T/jar.want" <<'EOF'
import io, sys, urllib.parse, zipfile
def walk(z, where, depth):
    for n in z.namelist():
        if n.startswith("META-INF/") and n.endswith("/pom.properties"):
            kv = dict(l.split("=", 1) for l in z.read(n).decode().splitlines()
                      if "=" in l and not l.startswith("#"))
            q = lambda s: urllib.parse.quote(s.strip(), safe="")
            print("%s pkg:maven/%s/%s@%s" % (where, q(kv["groupId"]), q(kv["artifactId"]),
                                             q(kv["version"])))
        elif n.endswith((".jar", ".war", ".ear")) and depth < 8:
            walk(zipfile.ZipFile(io.BytesIO(z.read(n))), where + ":" + n, depth + 1)
a = sys.argv[1:]
for i in range(0, len(a), 2):
    walk(zipfile.ZipFile(a[i]), a[i + 1], 0)
EOF
jq -r '.packages[] | select(.cataloger == "java-archive") | "\(.path) \(.purl)"' "$T/image.json" \
    >"$T/jar.got"
same "jar/war/ear (nested 3 deep): path + purl equal every pom.properties (Python zipfile)" \
    "$T/jar.want" "$T/jar.got"

is "$(jq -r --arg d1 "$D1" --arg d2 "$D2" '[.packages[] | select(
        (.path | startswith("/opt/app/")) and .layer != $d1 or
        (.path | startswith("/usr/local/bin/")) and .layer != $d2)] | length' "$T/image.json")" 0 \
    "layers: jars attributed to layer 1, binaries to layer 2"
is "$(jq '[.packages[] | select(.cataloger | test("^(go-binary|cargo-auditable|java-archive)$"))] |
        length' "$T/image.json")" "$(cat "$T/go.want" "$T/rust.want" "$T/jar.want" | sort -u | wc -l)" \
    "image: no packages beyond the ground truth"
done_testing
