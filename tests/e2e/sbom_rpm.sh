#!/bin/bash
# sbom_rpm.sh - `ward sbom` on root filesystems and an OCI layout holding real
# rpm databases (sqlite, little- and big-endian Berkeley DB) that Debian's rpm,
# rpmbuild and db5.3_load build (tests/unit/rpm/mkdbs.sh): every package with
# the fields `rpm -qa` reports for the same database, its purl, path and layer.
set -u
. "$WARD_SRCDIR/tests/lib/tap.sh"
WARD=${WARD_BIN:?}
for t in jq umoci; do
    command -v $t >/dev/null || skip_all "$t missing"
done
T=$(mktemp -d /tmp/ward-e2e-rpm.XXXXXX)
trap 'rm -rf "$T"' EXIT
export XDG_CACHE_HOME=$T/cache

sh "$WARD_SRCDIR/tests/unit/rpm/mkdbs.sh" "$T/db" >"$T/mkdbs.log" 2>&1
rc=$?
[ $rc = 77 ] && skip_all "rpm, rpmbuild, db5.3_load or sqlite3 missing (scripts/deps.sh)"
if [ $rc != 0 ]; then
    ok 1 "mkdbs.sh built the rpm databases"
    sed 's/^/# /' "$T/mkdbs.log" | tail -5
    done_testing
    exit 1
fi

# rpm -qa TSV (name, epochnum, version-release, arch, sourcerpm, license) ->
# the columns ward must print, gpg-pubkey dropped (a signing key, not a package).
# purl: pkg:rpm/<id>/<name>@<ver>-<rel>?arch=&distro=<id>-<version_id>
#       [&epoch=N when N > 0]&upstream=<SOURCERPM as rpm prints it> (Syft's form)
want() { # tsv distro-id version-id path
    jq -R -r --arg id "$2" --arg vid "$3" --arg path "$4" '
        split("\t") | select(.[0] != "gpg-pubkey") |
        (.[4] | capture("^(?<n>.*)-(?<v>[^-]+-[^-]+)\\.(no)?src\\.rpm$")) as $s |
        ("pkg:rpm/\($id)/\(.[0] | @uri)@\(.[2] | @uri)?arch=\(.[3])&distro=\($id)-\($vid)" +
         (if .[1] != "0" then "&epoch=\(.[1])" else "" end) +
         "&upstream=\(.[4] | @uri)") as $purl |
        [.[0], .[1], .[2], .[3], $s.n, $s.v, .[5], $purl, $path] | join("\t")' "$1" | sort -u
}
got() { # ward json -> the same columns, rpm packages only
    jq -r '.packages[] | select(.type == "rpm") |
        [.name, (.epoch | tostring), .version, .arch, .source_name, .source_version, .licenses,
         .purl, .path] | join("\t")' "$1" | sort -u
}
check() { # name target tsv distro-id version-id path
    local n=$1
    if ! "$WARD" sbom --format json "$2" >"$T/$n.json" 2>"$T/$n.err"; then
        ok 1 "$n: ward sbom succeeded"
        sed 's/^/# /' "$T/$n.err" | head -5
        return
    fi
    want "$3" "$4" "$5" "$6" >"$T/$n.want"
    got "$T/$n.json" >"$T/$n.got"
    if [ -s "$T/$n.want" ] && cmp -s "$T/$n.want" "$T/$n.got"; then
        ok 0 "$n: $(wc -l <"$T/$n.want") rpm packages as rpm -qa reads them (fields, purl, path)"
    else
        ok 1 "$n: rpm packages as rpm -qa reads them"
        diff "$T/$n.want" "$T/$n.got" | head -10 | sed 's/^/# /'
    fi
    is "$(jq -r '[.packages[] | select(.name == "gpg-pubkey")] | length' "$T/$n.json")" 0 \
        "$n: no gpg-pubkey package"
}

# 1. rpm's own sqlite rpmdb, distro from os-release
R=$T/rocky
mkdir -p "$R/etc" "$R/var/lib/rpm"
cp "$T/db/sqlite/rpmdb.sqlite" "$R/var/lib/rpm/"
printf 'NAME="Rocky Linux"\nID="rocky"\nVERSION_ID="9.3"\nPRETTY_NAME="Rocky Linux 9.3 (Blue Onyx)"\n' \
    >"$R/etc/os-release"
check rootfs-sqlite "$R" "$T/db/sqlite.tsv" rocky 9.3 /var/lib/rpm/rpmdb.sqlite
is "$(jq -r '[.packages[] | select(.type == "rpm") | .ecosystem] | unique | join(",")' \
    "$T/rootfs-sqlite.json")" "Rocky Linux" "rootfs-sqlite: ecosystem from the distro"

# 2. Berkeley DB Packages (rpm read it back with bdb_ro), distro from redhat-release only
R=$T/centos
mkdir -p "$R/etc" "$R/var/lib/rpm"
cp "$T/db/bdb/Packages" "$R/var/lib/rpm/"
echo 'CentOS Linux release 7.9.2009 (Core)' >"$R/etc/redhat-release"
check rootfs-bdb "$R" "$T/db/bdb.tsv" centos 7.9.2009 /var/lib/rpm/Packages

# 3. big-endian, 512-byte-page Berkeley DB under /usr/lib/sysimage/rpm
R=$T/sysimage
mkdir -p "$R/etc" "$R/usr/lib/sysimage/rpm"
cp "$T/db/bdbbe/Packages" "$R/usr/lib/sysimage/rpm/"
printf 'ID=fedora\nVERSION_ID=40\n' >"$R/etc/os-release"
check rootfs-bdb-be "$R" "$T/db/bdbbe.tsv" fedora 40 /usr/lib/sysimage/rpm/Packages

# 4. an OCI layout (umoci): os-release in layer 1, the rpmdb in layer 2
mkdir -p "$T/l1/etc" "$T/l2/var/lib/rpm"
printf 'ID="rocky"\nVERSION_ID="9.3"\n' >"$T/l1/etc/os-release"
cp "$T/db/sqlite/rpmdb.sqlite" "$T/l2/var/lib/rpm/"
if umoci init --layout "$T/oci" && umoci new --image "$T/oci:t" &&
    umoci insert --rootless --image "$T/oci:t" "$T/l1" / &&
    umoci insert --rootless --image "$T/oci:t" "$T/l2" / >"$T/umoci.log" 2>&1; then
    check oci-layout "$T/oci" "$T/db/sqlite.tsv" rocky 9.3 /var/lib/rpm/rpmdb.sqlite
    # the config's second diff_id, read from the layout itself
    M=$(jq -r '.manifests[0].digest' "$T/oci/index.json" | cut -d: -f2)
    C=$(jq -r '.config.digest' "$T/oci/blobs/sha256/$M" | cut -d: -f2)
    L2=$(jq -r '.rootfs.diff_ids[1]' "$T/oci/blobs/sha256/$C")
    is "$(jq -r '[.packages[] | select(.type == "rpm") | .layer] | unique | join(",")' \
        "$T/oci-layout.json")" "$L2" "oci-layout: rpm packages come from layer 2 ($L2)"
else
    ok 1 "umoci built the OCI layout"
    sed 's/^/# /' "$T/umoci.log" | head -5
fi
done_testing
