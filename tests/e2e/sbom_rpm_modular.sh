#!/bin/bash
# sbom_rpm_modular.sh - rpm module streams end to end: Debian's rpmbuild makes
# one package with a ModularityLabel and one without, rpm installs both into a
# private sqlite rpmdb of a RHEL 8 root filesystem; `ward sbom` must report the
# label `rpm -q --qf '%{MODULARITYLABEL}'` reads (json field, CycloneDX
# property), and `ward scan` (of the rootfs and of its CycloneDX SBOM) must
# match the modular package only against its stream's advisory and the plain
# one only against plain advisories.
set -u
. "$WARD_SRCDIR/tests/lib/tap.sh"
WARD=${WARD_BIN:?}
for t in jq rpm rpmbuild sqlite3; do
    command -v $t >/dev/null || skip_all "$t missing (scripts/deps.sh)"
done
T=$(mktemp -d /tmp/ward-e2e-rpmmod.XXXXXX)
trap 'rm -rf "$T"' EXIT
export XDG_CACHE_HOME=$T/cache WARD_DB=$T/db.sqlite HOME=$T/home
mkdir -p "$HOME" "$T/top" "$T/tmp" "$T/rpmdb"

spec() { # name version release [label]
    {
        printf 'Name: %s\nVersion: %s\nRelease: %s\nSummary: ward test\nLicense: MIT\n' "$1" "$2" "$3"
        printf 'BuildArch: noarch\n'
        [ -n "${4:-}" ] && printf 'ModularityLabel: %s\n' "$4"
        printf '%%description\nward test\n%%files\n'
    } >"$T/$1.spec"
    rpmbuild -bb --quiet --define "_topdir $T/top" --define "_tmppath $T/tmp" \
        --define '_build_id_links none' "$T/$1.spec" >>"$T/build.log" 2>&1
}
spec wardmod-nodejs 18.18.2 2.module+el8.9.0+20413+e8302d18 nodejs:18:8090020231019152822:a75119d5
spec wardplain-tool 1.0 1.el8
rpm --initdb --dbpath "$T/rpmdb" &&
    rpm -i --nodeps --justdb --dbpath "$T/rpmdb" "$T"/top/RPMS/noarch/*.rpm >>"$T/build.log" 2>&1
ok $? "rpmbuild + rpm -i built a private rpmdb with two packages"
# fold rpm's write-ahead log into the database file a scanner reads
sqlite3 "$T/rpmdb/rpmdb.sqlite" 'PRAGMA wal_checkpoint(TRUNCATE);' >/dev/null
R=$T/root
mkdir -p "$R/etc" "$R/var/lib/rpm"
cp "$T/rpmdb/rpmdb.sqlite" "$R/var/lib/rpm/"
printf 'NAME="Red Hat Enterprise Linux"\nID="rhel"\nVERSION_ID="8.9"\n' >"$R/etc/os-release"

# what rpm itself reads: "name<TAB>label", "(none)" when absent -> ""
rpm -qa --dbpath "$T/rpmdb" --qf '%{NAME}\t%{MODULARITYLABEL}\n' |
    sed 's/\t(none)$/\t/' | sort >"$T/want.tsv"
is "$(grep -c . "$T/want.tsv")" 2 "rpm lists the two packages"
grep -q $'^wardmod-nodejs\tnodejs:18:' "$T/want.tsv"
ok $? "rpm reads the modular package's label"

"$WARD" sbom --format json "$R" >"$T/sbom.json" 2>"$T/sbom.err"
ok $? "ward sbom (json) of the rootfs"
jq -r '.packages[] | select(.type == "rpm") | "\(.name)\t\(.modularitylabel // "")"' \
    "$T/sbom.json" | sort >"$T/got.tsv"
if cmp -s "$T/want.tsv" "$T/got.tsv"; then ok 0 "json: modularitylabel equals rpm's"; else
    ok 1 "json: modularitylabel equals rpm's"
    diff "$T/want.tsv" "$T/got.tsv" | sed 's/^/# /'
fi
"$WARD" sbom --format cyclonedx "$R" >"$T/sbom.cdx.json" 2>"$T/cdx.err"
ok $? "ward sbom (cyclonedx) of the rootfs"
jq -r '.components[] | select(.purl // "" | startswith("pkg:rpm/")) |
    "\(.name)\t\([.properties[]? | select(.name == "ward:rpm:modularitylabel") | .value] | join(","))"' \
    "$T/sbom.cdx.json" | sort >"$T/got-cdx.tsv"
if cmp -s "$T/want.tsv" "$T/got-cdx.tsv"; then
    ok 0 "cyclonedx: ward:rpm:modularitylabel property equals rpm's"
else
    ok 1 "cyclonedx: ward:rpm:modularitylabel property equals rpm's"
    diff "$T/want.tsv" "$T/got-cdx.tsv" | sed 's/^/# /'
fi

# Advisories in Red Hat's OSV shape: for each package one modular (purl
# rpmmod=) and one plain record, every fix above what is installed.
rec() { # id name fixed [rpmmod]
    local purl=""
    [ -n "${4:-}" ] && purl=", \"purl\": \"pkg:rpm/redhat/$2?arch=src&rpmmod=$4\""
    printf '{"id": "%s", "modified": "2024-01-01T00:00:00Z", "affected": [{"package":
      {"ecosystem": "Red Hat:enterprise_linux:8::appstream", "name": "%s"%s}, "ranges":
      [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "%s"}]}]}]}' \
        "$1" "$2" "$purl" "$3"
}
{
    echo '['
    rec TEST-MOD-18 wardmod-nodejs 0:18.19.0-1.module+el8.9.0+21000+aaaaaaaa \
        nodejs:18:8090020240101000000:a75119d5
    echo ','
    rec TEST-MOD-20 wardmod-nodejs 0:20.11.0-1.module+el8.9.0+21001+bbbbbbbb \
        nodejs:20:8090020240101000000:a75119d5
    echo ','
    rec TEST-PLAIN-NODE wardmod-nodejs 0:18.20.0-1.el8
    echo ','
    rec TEST-PLAIN-TOOL wardplain-tool 0:1.1-1.el8
    echo ','
    rec TEST-MOD-TOOL wardplain-tool 0:1.2-1.module+el8.9.0+1+cccccccc tool:1:1:1
    echo ']'
} >"$T/adv.json"
"$WARD" db import "$T/adv.json" >"$T/import.log" 2>&1
ok $? "ward db import of the advisories"

findings() { jq -r '.findings[] | "\(.package.name) \(.id) \(.fixed_version // "-")"' "$1" | sort; }
want_findings='wardmod-nodejs TEST-MOD-18 18.19.0-1.module+el8.9.0+21000+aaaaaaaa
wardplain-tool TEST-PLAIN-TOOL 1.1-1.el8'
"$WARD" scan -f json "$R" >"$T/scan.json" 2>"$T/scan.err"
is "$(findings "$T/scan.json")" "$want_findings" \
    "scan rootfs: modular package only its stream's advisory, plain package only the plain one"
"$WARD" scan -f json "$T/sbom.cdx.json" >"$T/scan-cdx.json" 2>"$T/scan-cdx.err"
is "$(findings "$T/scan-cdx.json")" "$want_findings" \
    "scan of the CycloneDX SBOM: the label read back, the same findings"
done_testing
