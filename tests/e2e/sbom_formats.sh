#!/bin/bash
# sbom_formats.sh - `ward sbom` output formats on real images: CycloneDX 1.5 and
# SPDX 2.3 documents validate against the official JSON schemas (offline copies
# in tests/data/schemas), the operating-system component carries the image's
# os-release ID and VERSION_ID, and an SBOM read back as a target yields the
# same packages (name, version, purl). SBOMs written by Trivy are read too.
set -u
. "$WARD_SRCDIR/tests/lib/tap.sh"
. "$WARD_SRCDIR/tests/lib/debian-image.sh"
WARD=${WARD_BIN:?}
TD=${WARD_TESTDATA:?}
SCHEMAS=$WARD_SRCDIR/tests/data/schemas
VALIDATE="/usr/bin/python3 $WARD_SRCDIR/tests/lib/validate_schema.py"

command -v jq >/dev/null || skip_all "jq missing"
/usr/bin/python3 -c 'import jsonschema' 2>/dev/null || skip_all "python3-jsonschema missing"
T=$(mktemp -d /tmp/ward-e2e-formats.XXXXXX)
trap 'rm -rf "$T"' EXIT
export XDG_CACHE_HOME=$T/cache

# os-release of a docker-archive, read with GNU tar from the layers (truth).
osrel_of_archive() { # archive -> "ID VERSION_ID"
    local a=$1 d=$T/x.$$
    mkdir -p "$d" && tar -xzf "$a" -C "$d" 2>/dev/null || tar -xf "$a" -C "$d"
    local l out=""
    for l in $(jq -r '.[0].Layers[]' "$d/manifest.json"); do
        if tar -xf "$d/$l" -C "$d" etc/os-release usr/lib/os-release 2>/dev/null ||
            [ -e "$d/etc/os-release" ]; then :; fi
    done
    out=$( (. "$d/etc/os-release" 2>/dev/null || . "$d/usr/lib/os-release"; echo "$ID $VERSION_ID"))
    rm -rf "$d"
    echo "$out"
}

pkgset() { jq -r '.packages[] | "\(.name) \(.version) \(.purl)"' | sort; }

check_target() { # name target os-truth
    local name=$1 target=$2 truth=$3
    "$WARD" sbom -f json "$target" >"$T/$name.json" 2>"$T/$name.err"
    ok $? "$name: sbom json"
    local n; n=$(jq '.packages | length' "$T/$name.json")
    diag "$name: $n packages"

    "$WARD" sbom -f cyclonedx -o "$T/$name.cdx.json" "$target" 2>>"$T/$name.err"
    $VALIDATE "$SCHEMAS/bom-1.5.schema.json" "$T/$name.cdx.json" 2>&1 | head -5 | sed 's/^/# /'
    ok "${PIPESTATUS[0]}" "$name: CycloneDX validates against bom-1.5.schema.json"
    is "$(jq -r '.components[] | select(.type == "operating-system") | "\(.name) \(.version)"' \
        "$T/$name.cdx.json")" "$truth" "$name: CycloneDX operating-system component = os-release"
    is "$(jq '[.components[] | select(.type == "library")] | length' "$T/$name.cdx.json")" "$n" \
        "$name: CycloneDX has one library component per package"

    "$WARD" sbom -f spdx -o "$T/$name.spdx.json" "$target" 2>>"$T/$name.err"
    $VALIDATE "$SCHEMAS/spdx-schema.json" "$T/$name.spdx.json" 2>&1 | head -5 | sed 's/^/# /'
    ok "${PIPESTATUS[0]}" "$name: SPDX validates against the SPDX 2.3 schema"
    is "$(jq -r '.packages[] | select(.primaryPackagePurpose == "OPERATING_SYSTEM") |
        "\(.name) \(.versionInfo)"' "$T/$name.spdx.json")" "$truth" \
        "$name: SPDX operating-system package = os-release"
    # every SPDX package but the target and the OS is described by a purl
    is "$(jq '[.packages[] | select(.externalRefs // [] | map(.referenceType) | index("purl"))]
        | length' "$T/$name.spdx.json")" "$n" "$name: SPDX purl per package"

    pkgset <"$T/$name.json" >"$T/$name.want"
    local fmt
    for fmt in cdx spdx; do
        if "$WARD" sbom -f json "$T/$name.$fmt.json" >"$T/$name.$fmt.back" 2>"$T/$name.$fmt.err"; then
            pkgset <"$T/$name.$fmt.back" >"$T/$name.$fmt.got"
            cmp -s "$T/$name.want" "$T/$name.$fmt.got"
            ok $? "$name: $fmt read back gives the same $n packages (name, version, purl)"
            diff "$T/$name.want" "$T/$name.$fmt.got" | head -5 | sed 's/^/# /'
            is "$(jq -r '"\(.os.id) \(.os.version_id)"' "$T/$name.$fmt.back")" "$truth" \
                "$name: $fmt read back keeps the OS"
        else
            ok 1 "$name: $fmt read back: $(head -1 "$T/$name.$fmt.err")"
            ok 1 "$name: $fmt read back keeps the OS"
        fi
    done
}

for v in 310 311; do
    a=$TD/trivy/pkg/fanal/test/testdata/alpine-$v.tar.gz
    check_target "alpine-$v" "$a" "$(osrel_of_archive "$a")"
done

if ROOTFS=$(ward_debian_rootfs) && [ -n "$ROOTFS" ]; then
    check_target debian12-rootfs "$ROOTFS" "$(. "$ROOTFS/etc/os-release"; echo "$ID $VERSION_ID")"
else
    diag "debootstrap unavailable: Debian rootfs cases skipped"
fi

# A CycloneDX document written by Trivy: packages and OS as the file states them.
cdx=$TD/trivy/integration/testdata/fixtures/sbom/centos-7-cyclonedx.json
"$WARD" sbom -f json "$cdx" >"$T/trivy-cdx.json" 2>"$T/trivy-cdx.err"
ok $? "trivy CycloneDX read"
is "$(jq -r '.packages[] | "\(.name) \(.version)"' "$T/trivy-cdx.json" | sort)" \
    "$(jq -r '.components[] | select(.type == "library") | "\(.name) \(.version)"' "$cdx" | sort)" \
    "trivy CycloneDX: packages as listed in the file"
is "$(jq -r '"\(.os.id) \(.os.version_id)"' "$T/trivy-cdx.json")" \
    "$(jq -r '.components[] | select(.type == "operating-system") | "\(.name) \(.version)"' "$cdx")" \
    "trivy CycloneDX: OS from its operating-system component"
is "$(jq -r '.packages[] | select(.name == "bash") | .source_name' "$T/trivy-cdx.json")" \
    "$(jq -r '.components[] | select(.name == "bash") | .properties[] |
        select(.name == "aquasecurity:trivy:SrcName") | .value' "$cdx")" \
    "trivy CycloneDX: source package from aquasecurity:trivy:SrcName"

# Not an SBOM at all: one clear line, exit status 3 (input error), no output.
bogus=$TD/syft/syft/pkg/cataloger/sbom/testdata/glob-paths/app.spdx.json
"$WARD" sbom -f json "$bogus" >"$T/bogus.out" 2>"$T/bogus.err"
is "$?" 3 "malformed SBOM: exit status 3"
is "$(wc -l <"$T/bogus.err")" 1 "malformed SBOM: one error line"
is "$(wc -c <"$T/bogus.out")" 0 "malformed SBOM: nothing on stdout"

done_testing
