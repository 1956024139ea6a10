#!/bin/sh
# mkdbs.sh OUT - build real rpm databases with Debian's rpm, rpmbuild and
# db5.3_load inside OUT (a fresh temp dir) and record what rpm itself reads
# from each as TSV (name, epochnum, version-release, arch, sourcerpm, license).
# Exit 77 when a tool is missing. Writes nothing outside OUT.
set -eu
OUT=$1
for t in rpm rpmbuild db5.3_load sqlite3; do
    command -v "$t" >/dev/null 2>&1 || { echo "mkdbs: $t missing" >&2; exit 77; }
done
TD=${WARD_TESTDATA:-}
QF='%{NAME}\t%{EPOCHNUM}\t%{VERSION}-%{RELEASE}\t%{ARCH}\t%{SOURCERPM}\t%{LICENSE}\n'
export HOME="$OUT/home" GNUPGHOME="$OUT/gnupg"
mkdir -p "$HOME" "$OUT/top" "$OUT/tmp" "$OUT/sqlite"
mkdir -m 700 "$GNUPGHOME"
cd "$OUT"

# Three tiny noarch packages: an epoch, an SPDX expression, a '~' version, a
# subpackage whose source rpm has another name, a package without epoch.
cat > alpha.spec <<'SPEC'
Name: wardtest-alpha
Version: 1.2~rc1
Release: 3.el9
Epoch: 2
Summary: ward test alpha
License: MIT AND (GPL-2.0-or-later OR BSD-3-Clause)
Vendor: Ward Test
BuildArch: noarch
%description
alpha
%package -n wardtest-beta-libs
Summary: ward test beta
License: BSD-3-Clause
%description -n wardtest-beta-libs
beta
%files
%files -n wardtest-beta-libs
SPEC
cat > gamma.spec <<'SPEC'
Name: wardtest-gamma
Version: 0.9
Release: 1
Summary: ward test gamma
License: Apache-2.0
BuildArch: noarch
%description
gamma
%files
SPEC
cat > zero.spec <<'SPEC'
Name: wardtest-zero-epoch
Version: 4.0.0^20240101git1
Release: 0.1.fc40
Epoch: 0
Summary: ward test explicit zero epoch
License: GPL-2.0-only WITH Linux-syscall-note
BuildArch: noarch
%description
zero
%files
SPEC
for s in alpha gamma zero; do
    rpmbuild -bb --quiet --define "_topdir $OUT/top" --define "_tmppath $OUT/tmp" \
        --define '_build_id_links none' "$s.spec" >/dev/null 2>&1
done
rpm --initdb --dbpath "$OUT/sqlite"
rpm -i --nodeps --justdb --dbpath "$OUT/sqlite" "$OUT"/top/RPMS/noarch/*.rpm 2>/dev/null
# a real gpg-pubkey pseudo package, when gpg is here
if command -v gpg >/dev/null 2>&1 &&
    gpg --batch --pinentry-mode loopback --passphrase '' \
        --quick-gen-key 'Ward Test <ward@test.invalid>' ed25519 sign never >/dev/null 2>&1; then
    gpg --armor --export > key.asc 2>/dev/null
    rpm --import key.asc --dbpath "$OUT/sqlite"
    gpgconf --kill all >/dev/null 2>&1 || true
fi
rpm -qa --dbpath "$OUT/sqlite" --qf "$QF" > sqlite.tsv

# Berkeley DB hash Packages from the same header blobs: key = header number
# (in the database's byte order), value = blob; plus rpm's key-0 record.
# $1 = le|be, $2 = copies of each header (more keys -> bucket splits).
bdb_dump() {
    printf 'VERSION=3\nformat=bytevalue\ntype=hash\nHEADER=END\n'
    if [ "$1" = le ]; then printf ' 00000000\n 00100000\n'; else printf ' 00000000\n 00001000\n'; fi
    sqlite3 sqlite/rpmdb.sqlite "
        WITH RECURSIVE c(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM c WHERE i + 1 < $2),
        r AS (SELECT hnum + 100 * i AS k, blob FROM Packages, c)
        SELECT CASE '$1' WHEN 'le' THEN
                 printf(' %02x%02x%02x%02x', k & 255, (k >> 8) & 255, (k >> 16) & 255, k >> 24)
               ELSE
                 printf(' %02x%02x%02x%02x', k >> 24, (k >> 16) & 255, (k >> 8) & 255, k & 255)
               END || char(10) || ' ' || lower(hex(blob)) FROM r ORDER BY k"
    printf 'DATA=END\n'
}
mkdir -p bdb bdbbe
bdb_dump le 1 > bdb.dump
db5.3_load -f bdb.dump bdb/Packages
bdb_dump be 40 > bdbbe.dump
db5.3_load -c db_pagesize=512 -c db_lorder=4321 -f bdbbe.dump bdbbe/Packages
rpm -qa --dbpath "$OUT/bdb" --define '_db_backend bdb_ro' --qf "$QF" > bdb.tsv 2>/dev/null
rpm -qa --dbpath "$OUT/bdbbe" --define '_db_backend bdb_ro' --qf "$QF" > bdbbe.tsv 2>/dev/null

# The peers' fixtures as rpm itself reads them.
if [ -n "$TD" ]; then
    for f in syft:syft/syft/pkg/cataloger/redhat/testdata/Packages \
        scalibr:osv-scalibr/extractor/filesystem/os/rpm/testdata/Packages_epoch; do
        n=${f%%:*}
        mkdir -p "$n"
        cp "$TD/${f#*:}" "$n/Packages"
        rpm -qa --dbpath "$OUT/$n" --define '_db_backend bdb_ro' --qf "$QF" > "$n.tsv" 2>/dev/null
    done
    # claircore's lone header blob, put into an rpm-made sqlite db for rpm to read
    mkdir -p cc
    rpm --initdb --dbpath "$OUT/cc"
    cp "$TD/claircore/internal/rpm/rpmdb/testdata/package.header" cc.header
    sqlite3 cc/rpmdb.sqlite "INSERT INTO Packages (blob) VALUES (readfile('$OUT/cc.header'))"
    rpm -qa --dbpath "$OUT/cc" --qf "$QF" > cc.tsv 2>/dev/null
fi
