#!/bin/bash
# archive_tar_formats.sh - docker-archives written by other tar writers: the
# real alpine-310 archive re-packed by GNU tar in pax format (a global pax
# header, pax path records for names over 100 bytes and for UTF-8 names) and in
# GNU format ('L' long-name entries). The packages equal those of the original
# archive, and a credential planted under a 300-byte path is reported at the
# path GNU tar itself lists for it.
set -u
. "$WARD_SRCDIR/tests/lib/tap.sh"
WARD=${WARD_BIN:?}
TD=${WARD_TESTDATA:?}
A=$TD/trivy/pkg/fanal/test/testdata/alpine-310.tar.gz

command -v jq >/dev/null || skip_all "jq missing"
[ -f "$A" ] || skip_all "alpine-310 archive missing"
T=$(mktemp -d /tmp/ward-e2e-tarfmt.XXXXXX)
trap 'rm -rf "$T"' EXIT
export XDG_CACHE_HOME=$T/cache

pkgset() { jq -r '.packages[] | "\(.name) \(.version) \(.purl)"' | sort; }

mkdir -p "$T/orig" "$T/root"
tar -xzf "$A" -C "$T/orig"
LAYER=$(jq -r '.[0].Layers[0]' "$T/orig/manifest.json")
tar -xf "$T/orig/$LAYER" -C "$T/root" --numeric-owner
# 3 x 99-byte directory names: no ustar name/prefix split can hold the path
D1=$(printf 'd%.0s' $(seq 99)) D2=$(printf 'e%.0s' $(seq 99)) D3=$(printf 'f%.0s' $(seq 99))
LONG=srv/$D1/$D2/$D3/app.env
mkdir -p "$T/root/$(dirname "$LONG")" "$T/root/srv/übersicht-ドキュメント"
printf 'AWS_ACCESS_KEY_ID=AKIA2OGYBAH6STMMNXNN\n' >"$T/root/$LONG"
printf 'AWS_ACCESS_KEY_ID=AKIA2OGYBAH6STMMNXNQ\n' >"$T/root/srv/übersicht-ドキュメント/creds.env"

# repack FORMAT OUT: the layer and the archive in FORMAT, config and manifest
# rewritten for the new layer digest (diff_ids are checked by ward)
repack() {
    local fmt=$1 out=$2 d=$T/$1 extra=()
    [ "$fmt" = pax ] && extra=(--pax-option=comment=ward-e2e)
    rm -rf "$d" && mkdir -p "$d/l"
    (cd "$T/root" && tar --format="$fmt" "${extra[@]}" --numeric-owner -cf "$d/l/layer.tar" .) || return 1
    local diff cfg
    diff=$(sha256sum "$d/l/layer.tar" | cut -d' ' -f1)
    jq -c --arg d "sha256:$diff" '.rootfs.diff_ids = [$d]' \
        "$T/orig/$(jq -r '.[0].Config' "$T/orig/manifest.json")" >"$d/config.json"
    cfg=$(sha256sum "$d/config.json" | cut -d' ' -f1)
    mv "$d/config.json" "$d/$cfg.json"
    jq -c --arg c "$cfg.json" '.[0].Config = $c | .[0].Layers = ["l/layer.tar"]' \
        "$T/orig/manifest.json" >"$d/manifest.json"
    (cd "$d" && tar --format="$fmt" "${extra[@]}" -cf "$out" manifest.json "$cfg.json" l/layer.tar)
}

"$WARD" sbom -f json "$A" | pkgset >"$T/orig.pkgs"
is "$(wc -l <"$T/orig.pkgs")" 14 "original archive: 14 packages"

for fmt in pax gnu; do
    repack "$fmt" "$T/$fmt.tar"
    ok $? "$fmt: re-packed with GNU tar"
    tar -tvf "$T/$fmt/l/layer.tar" >/dev/null
    ok $? "$fmt: GNU tar reads its own layer back"
    if [ "$fmt" = pax ]; then
        # the writer really used pax records: a global header and an 'x' entry
        od -An -c -j156 -N1 "$T/$fmt.tar" | grep -q g
        ok $? "pax: the archive starts with a global pax header"
        grep -aq "path=./$LONG" "$T/$fmt/l/layer.tar"
        ok $? "pax: the long path is in a pax path record"
    else
        grep -aq '././@LongLink' "$T/$fmt/l/layer.tar"
        ok $? "gnu: the long path is in a GNU long-name entry"
    fi
    "$WARD" sbom -f json "$T/$fmt.tar" 2>"$T/$fmt.err" | pkgset >"$T/$fmt.pkgs"
    cmp -s "$T/orig.pkgs" "$T/$fmt.pkgs"
    ok $? "$fmt: the same packages as the original archive"
    "$WARD" scan --scanners secret -f json "$T/$fmt.tar" >"$T/$fmt.scan.json" 2>>"$T/$fmt.err"
    # the paths GNU tar lists for the two planted files, made image-absolute
    want=$(tar -tf "$T/$fmt/l/layer.tar" | grep '\.env$' | sed 's|^\./|/|' | sort)
    got=$(jq -r '.secrets[].path' "$T/$fmt.scan.json" |
        sort -u)
    is "$(echo "$want" | wc -l)" 2 "$fmt: tar lists the two planted files"
    is "$got" "$want" "$fmt: both credentials reported at the paths tar lists"
done
diag "stderr: $(cat "$T/pax.err" "$T/gnu.err" | head -5)"
done_testing
