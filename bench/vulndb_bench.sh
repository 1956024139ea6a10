#!/bin/bash
# vulndb_bench.sh - advisory DB figures: import of all shared advisory data
# (Alpine secdb, Debian DSA/DLA/DTSA lists + tracker JSON, Go and PyPI OSV),
# then matching 1,000 packages (real Debian 12 dpkg status + Go modules).
# usage: bench/vulndb_bench.sh [BUILD_DIR]   (a release build is fairest)
set -eu
SRC=$(cd "$(dirname "$0")/.." && pwd)
B=${1:-$SRC/build-vulndb-release}
TD=${WARD_TESTDATA:-$SRC/../shared/testdata}
# -Dwerror=false: -O3 finds warnings in modules still being written elsewhere.
[ -d "$B" ] || meson setup "$B" --buildtype=release -Dwerror=false >/dev/null
ninja -C "$B" >/dev/null
T=$(mktemp -d /tmp/ward-vulndb-bench.XXXXXX)
trap 'rm -rf "$T"' EXIT
DEBJSON=$TD/vunnel/tests/unit/providers/debian/test-fixtures/input/debian.json
start=$(date +%s.%N)
"$B/ward" db -q --db "$T/db.sqlite" import "$TD/alpine-secdb" "$TD/debian-security-tracker" \
    "$DEBJSON" "$TD/golang-vulndb" "$TD/pypa-advisory-database" >/dev/null
end=$(date +%s.%N)
echo "import: $(python3 -c "print(f'{$end - $start:.2f}')") s, $(du -k "$T/db.sqlite" | cut -f1) KiB"
"$B/ward" db --db "$T/db.sqlite" status | sed -n 's/^\(advisories\|packages\|aliases\):/  &/p'
cc -O2 -std=gnu11 -D_GNU_SOURCE -I"$SRC/src" "$SRC/bench/vulndb_bench.c" -o "$T/bench" \
    "$B/libward.a" $(pkg-config --libs libcurl jansson libcrypto libisal libzstd sqlite3 \
    yaml-0.1 zlib) $(pkg-config --libs libmicrohttpd 2>/dev/null || true) -lm -lpthread
for GOV in v1000.0.0 v0.0.1; do # typical (few findings), then worst case (~3,000 findings)
    "$T/bench" "$T/db.sqlite" "$TD/local-debian12/var/lib/dpkg/status" "$TD/golang-vulndb/data/osv" \
        50 "$GOV"
done
