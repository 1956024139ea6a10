#!/bin/bash
# tests/e2e/registry.sh - the registry client against Debian's docker-registry on 127.0.0.1:
# the real Alpine 3.10 image pushed with skopeo, a hand-built multi-arch list and OCI index,
# blob streaming with digest checks, corruption detection, token auth (tests/lib/token_server.py)
# and htpasswd Basic auth; then `ward sbom <registry ref>` against the same image as a
# docker-archive (the real Alpine tarball and a debootstrapped Debian 12 rootfs).
# Usage: registry.sh [path/to/registry_probe]   (ground truth: skopeo inspect, sha256sum,
# dpkg-query, the apk database; WARD_BIN names the ward binary)
set -u
SRC=${WARD_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
. "$SRC/tests/lib/tap.sh"
. "$SRC/tests/lib/debian-image.sh"
WARD=${WARD_BIN:-}
PROBE=${1:-${WARD_REGISTRY_PROBE:-}}
TESTDATA=${WARD_TESTDATA:-$SRC/../shared/testdata}
ALPINE=$TESTDATA/trivy/pkg/fanal/test/testdata/alpine-310.tar.gz

for t in docker-registry skopeo openssl python3 jq curl sha256sum; do
    command -v "$t" >/dev/null || skip_all "$t not installed"
done
[ -x "$PROBE" ] || skip_all "registry_probe not built (pass its path)"
[ -f "$ALPINE" ] || skip_all "$ALPINE missing"

T=$(mktemp -d /tmp/ward-registry-e2e.XXXXXX)
# no stray credentials from ~/.docker, and no Docker Engine: a bare reference goes to the registry
mkdir -p "$T/cfg-none" && echo '{}' >"$T/cfg-none/config.json"
export DOCKER_CONFIG=$T/cfg-none DOCKER_HOST=unix://$T/no-docker.sock XDG_CACHE_HOME=$T/cache
PIDS=()
cleanup() {
    for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done
    for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null; done
    rm -rf "$T"
}
trap cleanup EXIT

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# start_registry NAME PORT [extra yaml]: filesystem storage shared under $T/storage
start_registry() {
    local name=$1 port=$2 extra=${3:-}
    cat >"$T/$name.yml" <<EOF
version: 0.1
log:
  level: warn
storage:
  filesystem:
    rootdirectory: $T/storage
  delete:
    enabled: true
http:
  addr: 127.0.0.1:$port
  secret: ward-e2e-$name
$extra
EOF
    docker-registry serve "$T/$name.yml" >"$T/$name.log" 2>&1 &
    PIDS+=($!)
    for _ in $(seq 100); do
        curl -s -o /dev/null "http://127.0.0.1:$port/v2/" && return 0
        sleep 0.1
    done
    echo "# registry $name did not start:"; sed 's/^/#   /' "$T/$name.log"
    return 1
}

sha() { sha256sum | cut -d' ' -f1 | sed 's/^/sha256:/'; }
field() { awk -v k="$1" '$1 == k { print $2; exit }' "$2"; }
# ward sbom NAME ARGS...: JSON to $T/NAME.json, stderr to $T/NAME.err, ward's exit status
sbom() { local n=$1; shift; "$WARD" sbom --format json --no-cache "$@" >"$T/$n.json" 2>"$T/$n.err"; }
# "type name version" of every package in $T/NAME.json, sorted
pkgs() { jq -r '.packages[] | "\(.type) \(.name) \(.version)"' "$T/$1.json" 2>/dev/null | sort; }
jf() { jq -r "$2" "$T/$1.json" 2>/dev/null; }
# fails NAME CODE PATTERN: ward exited with CODE, printed nothing on stdout, stderr matches PATTERN
fails() { [ "$2" = 3 ] && [ ! -s "$T/$1.json" ] && grep -q -- "$3" "$T/$1.err"; echo $?; }

# upload_blob REPO FILE -> prints digest (monolithic upload, Registry v2 API)
upload_blob() {
    local repo=$1 file=$2 d loc
    d=$(sha <"$file")
    loc=$(curl -s -D - -o /dev/null -X POST "$REG/v2/$repo/blobs/uploads/" |
          awk 'tolower($1) == "location:" { print $2 }' | tr -d '\r')
    case $loc in http*) ;; *) loc=$REG$loc ;; esac
    case $loc in *\?*) loc="$loc&digest=$d" ;; *) loc="$loc?digest=$d" ;; esac
    curl -sf -X PUT -H 'Content-Type: application/octet-stream' --data-binary "@$file" "$loc" \
        -o /dev/null || return 1
    echo "$d"
}

# put_manifest REPO REF MEDIATYPE FILE
put_manifest() {
    curl -sf -X PUT -H "Content-Type: $3" --data-binary "@$4" "$REG/v2/$1/manifests/$2" -o /dev/null
}

PORT=$(free_port)
REG=http://127.0.0.1:$PORT
START=$(date +%s)
start_registry open "$PORT" || skip_all "docker-registry did not start"

# ---- push the real Alpine image (skopeo does not read gzipped docker-archives) ----
gunzip -c "$ALPINE" >"$T/alpine.tar"
skopeo copy -q --dest-tls-verify=false "docker-archive:$T/alpine.tar" \
    "docker://127.0.0.1:$PORT/alpine:3.10" 2>"$T/skopeo.err"
ok $? "skopeo pushed alpine-310 to the local registry"
skopeo inspect --raw --tls-verify=false "docker://127.0.0.1:$PORT/alpine:3.10" >"$T/raw.json"
skopeo inspect --config --raw --tls-verify=false "docker://127.0.0.1:$PORT/alpine:3.10" >"$T/config.json"
M_DIGEST=$(sha <"$T/raw.json")
C_DIGEST=$(jq -r .config.digest "$T/raw.json")
diag "alpine manifest $M_DIGEST config $C_DIGEST"

# ---- resolve by tag: digests and every layer's bytes against skopeo ----
"$PROBE" "127.0.0.1:$PORT/alpine:3.10" >"$T/tag.out" 2>"$T/tag.err"
ok $? "resolve 127.0.0.1:$PORT/alpine:3.10 and stream its layers"
is "$(field manifest "$T/tag.out")" "$M_DIGEST" "manifest digest = sha256 of skopeo inspect --raw"
is "$(field media_type "$T/tag.out")" "$(jq -r .mediaType "$T/raw.json")" "manifest media type"
is "$(field config "$T/tag.out")" "$C_DIGEST" "config digest = the manifest's config descriptor"
is "$(awk '$1=="config"{print $4}' "$T/tag.out")" "$(sha <"$T/config.json")" \
    "config bytes hash to the skopeo inspect --config --raw digest"
is "$(awk '$1=="config"{print $3}' "$T/tag.out")" "$(stat -c %s "$T/config.json")" "config size"
is "$(awk '$1=="layer"{print $2, $3}' "$T/tag.out")" \
    "$(jq -r '.layers[] | "\(.digest) \(.size)"' "$T/raw.json")" "layer digests and sizes as skopeo"
is "$(awk '$1=="layer" && $3==$4 && $2==$5 {n++} END{print n+0}' "$T/tag.out")" \
    "$(jq '.layers | length' "$T/raw.json")" "every layer streamed in full and its bytes hash to its digest"

# ---- resolve by digest ----
"$PROBE" --no-layers "127.0.0.1:$PORT/alpine@$M_DIGEST" >"$T/dig.out" 2>"$T/dig.err"
ok $? "resolve alpine@$M_DIGEST"
is "$(field manifest "$T/dig.out")" "$M_DIGEST" "by-digest resolve gives the same manifest"
is "$(field config "$T/dig.out")" "$C_DIGEST" "by-digest resolve gives the same config"

# ---- a multi-arch list and an OCI index: amd64 = alpine, arm64 = a small hand-made image ----
mkdir -p "$T/arm/root/etc" && echo "ward arm64 test image" >"$T/arm/root/etc/motd"
tar -C "$T/arm/root" --owner=0 --group=0 --mtime=@0 -cf "$T/arm/layer.tar" etc
gzip -n -c "$T/arm/layer.tar" >"$T/arm/layer.tar.gz"
DIFF_ID=$(sha <"$T/arm/layer.tar")
printf '{"architecture":"arm64","variant":"v8","os":"linux","config":{},"rootfs":{"type":"layers","diff_ids":["%s"]}}' \
    "$DIFF_ID" >"$T/arm/config.json"
ARM_LAYER=$(upload_blob alpine "$T/arm/layer.tar.gz")
ARM_CONFIG=$(upload_blob alpine "$T/arm/config.json")
cat >"$T/arm/manifest.json" <<EOF
{"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.v2+json","config":{"mediaType":"application/vnd.docker.container.image.v1+json","size":$(stat -c %s "$T/arm/config.json"),"digest":"$ARM_CONFIG"},"layers":[{"mediaType":"application/vnd.docker.image.rootfs.diff.tar.gzip","size":$(stat -c %s "$T/arm/layer.tar.gz"),"digest":"$ARM_LAYER"}]}
EOF
ARM_M=$(sha <"$T/arm/manifest.json")
put_manifest alpine "$ARM_M" application/vnd.docker.distribution.manifest.v2+json "$T/arm/manifest.json"
ok $? "pushed the arm64 manifest $ARM_M"
entry() { # mediatype digest size arch [variant]
    printf '{"mediaType":"%s","digest":"%s","size":%s,"platform":{"os":"linux","architecture":"%s"%s}}' \
        "$1" "$2" "$3" "$4" "${5:+,\"variant\":\"$5\"}"
}
V2=application/vnd.docker.distribution.manifest.v2+json
printf '{"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.list.v2+json","manifests":[%s,%s]}' \
    "$(entry $V2 "$M_DIGEST" "$(stat -c %s "$T/raw.json")" amd64)" \
    "$(entry $V2 "$ARM_M" "$(stat -c %s "$T/arm/manifest.json")" arm64 v8)" >"$T/list.json"
put_manifest alpine multi application/vnd.docker.distribution.manifest.list.v2+json "$T/list.json"
ok $? "pushed a Docker manifest list as alpine:multi"
printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[%s,%s]}' \
    "$(entry $V2 "$ARM_M" "$(stat -c %s "$T/arm/manifest.json")" arm64)" \
    "$(entry $V2 "$M_DIGEST" "$(stat -c %s "$T/raw.json")" amd64)" >"$T/index.json"
put_manifest alpine multi-oci application/vnd.oci.image.index.v1+json "$T/index.json"
ok $? "pushed an OCI index as alpine:multi-oci"

"$PROBE" --platform linux/arm64 "127.0.0.1:$PORT/alpine:multi" >"$T/arm.out" 2>"$T/arm.err"
ok $? "resolve alpine:multi --platform linux/arm64"
is "$(field index "$T/arm.out")" "$(sha <"$T/list.json")" "the list's digest is reported"
is "$(field manifest "$T/arm.out")" "$ARM_M" "linux/arm64 picks the arm64 manifest"
is "$(field config "$T/arm.out")" "$ARM_CONFIG" "arm64 config"
is "$(awk '$1=="layer"{print $2, $4, $5}' "$T/arm.out")" \
    "$ARM_LAYER $(stat -c %s "$T/arm/layer.tar.gz") $ARM_LAYER" "arm64 layer streamed and verified"
"$PROBE" --no-layers --platform linux/arm64/v8 "127.0.0.1:$PORT/alpine:multi-oci" >"$T/arm2.out" 2>&1
is "$(field manifest "$T/arm2.out")" "$ARM_M" "OCI index: linux/arm64/v8 matches an entry without variant"
"$PROBE" --no-layers --platform linux/amd64 "127.0.0.1:$PORT/alpine:multi-oci" >"$T/amd.out" 2>&1
is "$(field manifest "$T/amd.out")" "$M_DIGEST" "OCI index: linux/amd64 picks alpine"
if [ "$(uname -m)" = x86_64 ]; then
    "$PROBE" --no-layers "127.0.0.1:$PORT/alpine:multi" >"$T/host.out" 2>&1
    is "$(field manifest "$T/host.out")" "$M_DIGEST" "default platform (host amd64) picks alpine"
fi
"$PROBE" --no-layers --platform linux/s390x "127.0.0.1:$PORT/alpine:multi" >/dev/null 2>"$T/s390.err"
ok $([ $? -ne 0 ] && grep -q "ENOTFOUND.*no manifest for platform linux/s390x.*linux/amd64 linux/arm64" "$T/s390.err"; echo $?) \
    "an absent platform fails and names the platforms offered"
grep -q "registry 127.0.0.1:$PORT, repository alpine, reference multi" "$T/s390.err"
ok $? "the error names registry, repository and reference"

"$PROBE" --no-layers "127.0.0.1:$PORT/alpine:nope" >/dev/null 2>"$T/nope.err"
ok $([ $? -ne 0 ] && grep -q "ENOTFOUND.*manifest nope not found.*MANIFEST_UNKNOWN" "$T/nope.err"; echo $?) \
    "an unknown tag is ENOTFOUND with the registry's error code"

# ---- ward sbom on registry references (the CLI end to end) ----
if [ -x "$WARD" ]; then
    # ground truth for Alpine: the apk database inside the tarball's only layer
    LAYER=$(tar -xOf "$T/alpine.tar" manifest.json | jq -r '.[0].Layers[0]')
    tar -xOf "$T/alpine.tar" "$LAYER" | tar -xOf - lib/apk/db/installed |
        awk '/^P:/ { n = substr($0, 3) } /^V:/ { print "apk", n, substr($0, 3) }' | sort >"$T/apk.truth"
    NAPK=$(wc -l <"$T/apk.truth")
    sbom alp-archive "docker-archive:$T/alpine.tar"
    is "$(pkgs alp-archive | grep '^apk ')" "$(cat "$T/apk.truth")" \
        "docker-archive: ward's $NAPK apk packages equal lib/apk/db/installed"

    sbom alp-reg "127.0.0.1:$PORT/alpine:3.10"
    ok $? "ward sbom 127.0.0.1:$PORT/alpine:3.10 (bare reference, no Docker Engine) succeeds"
    is "$(pkgs alp-reg)" "$(pkgs alp-archive)" "registry: packages equal the docker-archive's"
    is "$(jf alp-reg '.kind + " " + .image.manifest_digest + " " + .image.id')" \
        "registry $M_DIGEST $C_DIGEST" "registry: kind, manifest digest and image id (config digest)"
    is "$(jf alp-reg '.image.layers | join(" ")')" "$(jf alp-archive '.image.layers | join(" ")')" \
        "registry: the layers' diff_ids equal the docker-archive's"

    sbom alp-pin "127.0.0.1:$PORT/alpine@$M_DIGEST"
    is "$(pkgs alp-pin)" "$(pkgs alp-archive)" "pinned by digest (repo@sha256): same packages"
    is "$(jf alp-pin .image.manifest_digest)" "$M_DIGEST" "pinned by digest: manifest digest reported"
    sbom alp-pin2 "registry:127.0.0.1:$PORT/alpine:3.10@$M_DIGEST"
    is "$(pkgs alp-pin2)" "$(pkgs alp-archive)" "registry: prefix with tag@digest: same packages"

    WRONG=sha256:$(printf 'not the alpine manifest' | sha256sum | cut -c1-64)
    sbom alp-wrong "127.0.0.1:$PORT/alpine@$WRONG"
    ok $(fails alp-wrong $? "manifest $WRONG not found (HTTP 404) (MANIFEST_UNKNOWN") \
        "a digest the registry lacks is refused: exit 3, names the digest and MANIFEST_UNKNOWN"
    diag "$(cat "$T/alp-wrong.err")"
    sbom alp-short "registry:127.0.0.1:$PORT/alpine@sha256:abcd"
    ok $(fails alp-short $? "a sha256 digest has 64 lower-case hexadecimal digits") \
        "a malformed digest is refused before any request"
    sbom alp-md5 "registry:127.0.0.1:$PORT/alpine@md5:d41d8cd98f00b204e9800998ecf8427e"
    ok $(fails alp-md5 $? "only sha256 digests are supported") \
        "a non-sha256 digest is refused as unsupported"

    # --platform on the multi-arch list and the OCI index
    sbom alp-arm --platform linux/arm64 "127.0.0.1:$PORT/alpine:multi"
    is "$(jf alp-arm '.image.manifest_digest + " " + .image.architecture + " " + (.packages | length | tostring)')" \
        "$ARM_M arm64 0" "--platform linux/arm64 on the list: the arm64 image (no packages)"
    sbom alp-amd --platform linux/amd64 "127.0.0.1:$PORT/alpine:multi-oci"
    is "$(jf alp-amd .image.manifest_digest) $(pkgs alp-amd | md5sum)" \
        "$M_DIGEST $(pkgs alp-archive | md5sum)" "--platform linux/amd64 on the OCI index: alpine's packages"
    sbom alp-s390 --platform linux/s390x "127.0.0.1:$PORT/alpine:multi"
    ok $(fails alp-s390 $? "no manifest for platform linux/s390x in the index (it has: linux/amd64 linux/arm64") \
        "--platform absent from the index: exit 3 naming the platforms offered"
    sbom alp-mismatch --platform linux/arm64 "127.0.0.1:$PORT/alpine:3.10"
    ok $(fails alp-mismatch $? "has no image for linux/arm64 (manifest $M_DIGEST is for linux/amd64)") \
        "--platform that a single-platform image does not match: exit 3"
    sbom alp-badplat --platform linux "127.0.0.1:$PORT/alpine:3.10"
    ok $(fails alp-badplat $? "invalid platform") "a malformed --platform is refused"

    # the real Debian 12 rootfs as a hand-built docker-archive, pushed with skopeo
    T0=$(date +%s)
    ROOTFS=$(ward_debian_rootfs)
    if [ -n "$ROOTFS" ] && command -v dpkg-query >/dev/null; then
        mkdir -p "$T/deb"
        tar -C "$ROOTFS" --numeric-owner -cf "$T/deb/layer.tar" .
        printf '{"architecture":"%s","os":"linux","config":{},"rootfs":{"type":"layers","diff_ids":["%s"]}}' \
            "$(dpkg --print-architecture)" "$(sha <"$T/deb/layer.tar")" >"$T/deb/config.json"
        DCFG=$(sha <"$T/deb/config.json" | cut -c8-)
        mv "$T/deb/config.json" "$T/deb/$DCFG.json"
        printf '[{"Config":"%s.json","RepoTags":["ward-e2e/debian:12"],"Layers":["layer.tar"]}]' "$DCFG" \
            >"$T/deb/manifest.json"
        tar -C "$T/deb" -cf "$T/debian.tar" manifest.json "$DCFG.json" layer.tar
        rm -f "$T/deb/layer.tar"
        skopeo copy -q --dest-tls-verify=false "docker-archive:$T/debian.tar" \
            "docker://127.0.0.1:$PORT/debian:12" 2>"$T/skopeo-deb.err"
        ok $? "skopeo pushed the Debian 12 rootfs image to the local registry"
        dpkg-query --admindir="$ROOTFS/var/lib/dpkg" -W -f '${db:Status-Abbrev} ${Package} ${Version}\n' |
            awk '$1 ~ /^.[iUFWt]/ { print "deb", $2, $3 }' | sort >"$T/deb.truth"
        NDEB=$(wc -l <"$T/deb.truth")
        sbom deb-archive "$T/debian.tar"
        is "$(pkgs deb-archive | grep '^deb ')" "$(cat "$T/deb.truth")" \
            "docker-archive: ward's $NDEB deb packages equal dpkg-query"
        sbom deb-reg "127.0.0.1:$PORT/debian:12"
        ok $? "ward sbom 127.0.0.1:$PORT/debian:12 succeeds"
        is "$(pkgs deb-reg)" "$(pkgs deb-archive)" "Debian from the registry: packages equal the docker-archive's"
        is "$(jf deb-reg .image.id)" "sha256:$DCFG" "Debian from the registry: image id = the config's digest"
        diag "Debian part took $(($(date +%s) - T0)) s"
    else
        ok 0 "# SKIP no Debian rootfs (debootstrap) or dpkg-query"
    fi
else
    ok 0 "# SKIP WARD_BIN not set: ward sbom checks skipped"
fi

# ---- blob streaming and corruption ----
head -c 300000 /dev/urandom >"$T/blob.bin"
BLOB=$(upload_blob alpine "$T/blob.bin")
"$PROBE" --blob "$BLOB" "127.0.0.1:$PORT/alpine:3.10" >"$T/blob.out" 2>&1
is "$(awk '$1=="layer"{print $4, $5}' "$T/blob.out")" "300000 $BLOB" "a 300 kB blob streams in full with its digest"
DATA=$T/storage/docker/registry/v2/blobs/sha256/${BLOB:7:2}/${BLOB:7}/data
cmp -s "$DATA" "$T/blob.bin"
ok $? "found the blob in the registry's storage"
printf 'X' | dd of="$DATA" bs=1 seek=150000 conv=notrunc status=none
"$PROBE" --blob "$BLOB" "127.0.0.1:$PORT/alpine:3.10" >/dev/null 2>"$T/corrupt.err"
ok $([ $? -ne 0 ] && grep -q "EFORMAT.*blob $BLOB: content has digest" "$T/corrupt.err"; echo $?) \
    "a corrupted blob is detected (EFORMAT, digest mismatch)"
diag "$(cat "$T/corrupt.err")"
"$PROBE" --blob "sha256:0000000000000000000000000000000000000000000000000000000000000000" \
    "127.0.0.1:$PORT/alpine:3.10" >/dev/null 2>"$T/noblob.err"
ok $([ $? -ne 0 ] && grep -q "ENOTFOUND" "$T/noblob.err"; echo $?) "an absent blob is ENOTFOUND"

# ---- token auth: a second registry on the same storage behind tests/lib/token_server.py ----
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$T/token.key" -out "$T/token.crt" \
    -subj /CN=ward-e2e-token -days 1 2>/dev/null
python3 "$SRC/tests/lib/token_server.py" --key "$T/token.key" --cert "$T/token.crt" \
    --user alice --password 's3cret:pw' --issuer ward-e2e-issuer --service ward-e2e-registry \
    --port-file "$T/token.port" --log "$T/token.log" &
PIDS+=($!)
for _ in $(seq 50); do [ -s "$T/token.port" ] && break; sleep 0.1; done
TPORT=$(cat "$T/token.port")
APORT=$(free_port)
start_registry auth "$APORT" "auth:
  token:
    realm: http://127.0.0.1:$TPORT/token
    service: ward-e2e-registry
    issuer: ward-e2e-issuer
    rootcertbundle: $T/token.crt"
ok $? "token-auth registry started on 127.0.0.1:$APORT (token server :$TPORT)"
AREF=127.0.0.1:$APORT/alpine:3.10

mkdir -p "$T/cfg-good" "$T/cfg-bad"
printf '{"auths":{"http://127.0.0.1:%s":{"auth":"%s"}}}' "$APORT" \
    "$(printf 'alice:s3cret:pw' | base64 -w0)" >"$T/cfg-good/config.json"
printf '{"auths":{"127.0.0.1:%s":{"username":"alice","password":"wrong"}}}' "$APORT" \
    >"$T/cfg-bad/config.json"

DOCKER_CONFIG=$T/cfg-good "$PROBE" "$AREF" >"$T/auth.out" 2>"$T/auth.err"
ok $? "credentials from DOCKER_CONFIG/config.json get a token and pull"
diag "$(head -3 "$T/auth.err")"
is "$(grep -v '^index' "$T/auth.out")" "$(cat "$T/tag.out")" "same manifest, config and layers through token auth"
grep -q "scope=\['repository:alpine:pull'\].*auth=basic" "$T/token.log"
ok $? "the token request asked for repository:alpine:pull with Basic credentials"

DOCKER_CONFIG=$T/cfg-bad "$PROBE" --no-layers "$AREF" >/dev/null 2>"$T/bad.err"
ok $([ $? -ne 0 ] && grep -q "authentication failed: token server http://127.0.0.1:$TPORT/token refused the credentials for $T/cfg-bad/config.json (HTTP 401)" "$T/bad.err"; echo $?) \
    "wrong credentials fail with a clear message"
diag "$(cat "$T/bad.err")"
DOCKER_CONFIG=$T/cfg-none "$PROBE" --no-layers "$AREF" >/dev/null 2>"$T/anon.err"
ok $([ $? -ne 0 ] && grep -q "refused anonymous access" "$T/anon.err"; echo $?) \
    "no credentials: the refusal says access was anonymous"
DOCKER_CONFIG=$T/cfg-none "$PROBE" --no-layers --username alice --password 's3cret:pw' "$AREF" \
    >"$T/over.out" 2>&1
is "$(field manifest "$T/over.out")" "$M_DIGEST" "username/password options override config.json"
if [ -x "$WARD" ]; then
    DOCKER_CONFIG=$T/cfg-good sbom tok-good "$AREF"
    ok $? "ward sbom through token auth (credentials from DOCKER_CONFIG) succeeds"
    is "$(pkgs tok-good)" "$(pkgs alp-archive)" "token auth: packages equal the docker-archive's"
    DOCKER_CONFIG=$T/cfg-bad sbom tok-bad "$AREF"
    ok $(fails tok-bad $? "authentication failed: token server http://127.0.0.1:$TPORT/token refused the credentials for $T/cfg-bad/config.json (HTTP 401)") \
        "ward sbom with wrong credentials: exit 3, names the token server and config.json"
    diag "$(cat "$T/tok-bad.err")"
fi

# ---- htpasswd (Basic) auth: a third registry on the same storage ----
# bcrypt entry (cost 4): Python's crypt module (gone in 3.13: then Debian's /usr/bin/python3)
for py in python3 /usr/bin/python3; do
    "$py" -W ignore -c 'import crypt, sys
print("bob:" + crypt.crypt(sys.argv[1], crypt.mksalt(crypt.METHOD_BLOWFISH, rounds=16)))' \
        'pa:ss w0rd' >"$T/htpasswd" 2>/dev/null && grep -q '^bob:\$2' "$T/htpasswd" && break
done
grep -q '^bob:\$2' "$T/htpasswd" || { echo "# no bcrypt hasher: htpasswd checks will fail"; }
HPORT=$(free_port)
start_registry basic "$HPORT" "auth:
  htpasswd:
    realm: ward-e2e-basic
    path: $T/htpasswd"
ok $? "htpasswd registry started on 127.0.0.1:$HPORT"
is "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$HPORT/v2/alpine/manifests/3.10")" 401 \
    "the htpasswd registry refuses anonymous requests (curl)"
HREF=127.0.0.1:$HPORT/alpine:3.10
mkdir -p "$T/cfg-basic" "$T/cfg-basic-bad"
printf '{"auths":{"https://127.0.0.1:%s/v2/":{"auth":"%s"}}}' "$HPORT" \
    "$(printf 'bob:pa:ss w0rd' | base64 -w0)" >"$T/cfg-basic/config.json"
printf '{"auths":{"127.0.0.1:%s":{"auth":"%s"}}}' "$HPORT" \
    "$(printf 'bob:nope' | base64 -w0)" >"$T/cfg-basic-bad/config.json"
DOCKER_CONFIG=$T/cfg-basic "$PROBE" "$HREF" >"$T/basic.out" 2>"$T/basic.err"
ok $? "Basic credentials from config.json pull through htpasswd auth"
is "$(cat "$T/basic.out")" "$(cat "$T/tag.out")" "same manifest, config and layers through Basic auth"
if [ -x "$WARD" ]; then
    DOCKER_CONFIG=$T/cfg-basic sbom basic-good "$HREF"
    ok $? "ward sbom through htpasswd Basic auth succeeds"
    is "$(pkgs basic-good)" "$(pkgs alp-archive)" "Basic auth: packages equal the docker-archive's"
    DOCKER_CONFIG=$T/cfg-basic-bad sbom basic-bad "$HREF"
    ok $(fails basic-bad $? "access denied (HTTP 401) with $T/cfg-basic-bad/config.json") \
        "ward sbom with a wrong password: exit 3, names config.json"
    diag "$(cat "$T/basic-bad.err")"
    sbom basic-none "$HREF"
    ok $(fails basic-none $? "authentication required (Basic) and no credentials were found") \
        "ward sbom without credentials: exit 3, says none were found"
fi

# ---- a corrupted config is caught at resolve time ----
CDATA=$T/storage/docker/registry/v2/blobs/sha256/${ARM_CONFIG:7:2}/${ARM_CONFIG:7}/data
sed -i 's/arm64/arm65/' "$CDATA"
"$PROBE" --no-layers --platform linux/arm64 "127.0.0.1:$PORT/alpine:multi" >/dev/null 2>"$T/cfg.err"
ok $([ $? -ne 0 ] && grep -q "EFORMAT.*config.*blob $ARM_CONFIG: content has digest" "$T/cfg.err"; echo $?) \
    "a corrupted config blob fails resolve (EFORMAT)"

# ---- a manifest altered in storage (one byte appended: still valid JSON) ----
if [ -x "$WARD" ]; then
    MDATA=$T/storage/docker/registry/v2/blobs/sha256/${M_DIGEST:7:2}/${M_DIGEST:7}/data
    printf ' ' >>"$MDATA"
    sbom man-pin "127.0.0.1:$PORT/alpine@$M_DIGEST"
    ok $(fails man-pin $? "manifest $M_DIGEST: content has digest sha256:$(sha256sum <"$MDATA" | cut -c1-64) (corrupt or substituted)") \
        "a pinned manifest whose bytes do not hash to the digest is refused"
    sbom man-tag "127.0.0.1:$PORT/alpine:3.10"
    ok $(fails man-tag $? "Docker-Content-Digest $M_DIGEST but content has digest") \
        "by tag: content that disagrees with Docker-Content-Digest is refused"
    diag "$(cat "$T/man-tag.err")"
fi

diag "took $(($(date +%s) - START)) s"
done_testing
