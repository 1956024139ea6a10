#!/bin/bash
# sbom_debian.sh - a real Debian 12 image (debootstrap + docker import) read
# through every image source; the dpkg package set must equal what
# dpkg-query reports for the same root filesystem: name, version,
# architecture, source package and source version, exactly.
set -u
. "$WARD_SRCDIR/tests/lib/tap.sh"
. "$WARD_SRCDIR/tests/lib/dockerd.sh"
. "$WARD_SRCDIR/tests/lib/debian-image.sh"
WARD=${WARD_BIN:?}

ROOTFS=$(ward_debian_rootfs) || skip_all "debootstrap unavailable"
[ -n "$ROOTFS" ] || skip_all "debootstrap failed"
command -v jq >/dev/null || skip_all "jq missing"
T=$(mktemp -d /tmp/ward-e2e-sbom.XXXXXX)
cleanup() { ward_dockerd_stop; rm -rf "$T"; }
trap cleanup EXIT
export XDG_CACHE_HOME=$T/cache

dpkg-query --admindir="$ROOTFS/var/lib/dpkg" -W \
    -f '${db:Status-Abbrev} ${Package} ${Version} ${Architecture} ${source:Package} ${source:Version}\n' |
    awk '$1 ~ /^.[iUFWt]/ {print $2, $3, $4, $5, $6}' | sort >"$T/truth"
N=$(wc -l <"$T/truth")
diag "dpkg-query: $N installed packages in $ROOTFS"

pkgs() { # ward sbom JSON on stdin -> the same 5 columns
    jq -r '.packages[] | select(.type == "deb") |
        "\(.name) \(.version) \(.arch) \(.source_name) \(.source_version)"' | sort
}

check() { # name, target...
    local name=$1; shift
    if "$WARD" sbom --format json "$@" >"$T/$name.json" 2>"$T/$name.err"; then
        pkgs <"$T/$name.json" >"$T/$name.got"
        if cmp -s "$T/truth" "$T/$name.got"; then
            ok 0 "$name: $N dpkg packages equal dpkg-query"
        else
            ok 1 "$name: dpkg packages equal dpkg-query"
            diff "$T/truth" "$T/$name.got" | head -10 | sed 's/^/# /'
        fi
    else
        ok 1 "$name: ward sbom succeeded"
        sed 's/^/# /' "$T/$name.err" | head -5
    fi
}

check rootfs "$ROOTFS"
is "$(jq -r '.os.id + " " + .os.version_id' "$T/rootfs.json")" "debian 12" "rootfs: distro is debian 12"
is "$(jq -r '[.packages[] | select(.name == "libc6")][0].purl' "$T/rootfs.json" | cut -d'?' -f1 | cut -d@ -f1)" \
    "pkg:deb/debian/libc6" "rootfs: purl of libc6"

if ward_dockerd_start; then
    tar -C "$ROOTFS" -c . | docker import - ward-e2e/debian:12 >/dev/null
    docker save -o "$T/debian.tar" ward-e2e/debian:12
    gzip -1 -c "$T/debian.tar" >"$T/debian.tar.gz"
    check docker-archive "$T/debian.tar"
    check docker-archive-gz "$T/debian.tar.gz"
    is "$(jq -r '.image.repo_tags[0]' "$T/docker-archive.json")" "ward-e2e/debian:12" "archive: repo tag"
    check daemon ward-e2e/debian:12
    check daemon-cached ward-e2e/debian:12
    is "$(jq -r '.image.id' "$T/daemon.json")" "$(docker inspect -f '{{.Id}}' ward-e2e/debian:12)" \
        "daemon: image id equals docker inspect"
    if command -v skopeo >/dev/null; then
        skopeo copy -q "docker-archive:$T/debian.tar" "oci:$T/oci:latest" >/dev/null 2>&1
        check oci-layout "$T/oci"
        skopeo copy -q "docker-archive:$T/debian.tar" "oci-archive:$T/oci.tar:latest" >/dev/null 2>&1
        check oci-archive "$T/oci.tar"
    else
        ok 0 "# SKIP skopeo missing"
    fi
else
    ok 0 "# SKIP dockerd unavailable"
fi
done_testing
