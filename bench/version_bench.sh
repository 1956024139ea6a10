#!/bin/bash
# version_bench.sh - comparisons per second of ward's version comparators
# (in-process, release build) next to the native tools: dpkg --compare-versions
# (one process per comparison, as scripts use it), librpm's rpm.vercmp in one
# rpm process, python3-packaging's Version, and `ward version check` over a file.
# usage: bench/version_bench.sh [BUILD_DIR]   (a release build is fairest)
set -eu
SRC=$(cd "$(dirname "$0")/.." && pwd)
B=${1:-$SRC/build-version-release}
TD=${WARD_TESTDATA:-$SRC/../shared/testdata}
S=$TD/osv-scalibr/semantic/testdata
[ -d "$B" ] || meson setup "$B" --buildtype=release -Dwerror=false >/dev/null
ninja -C "$B" ward libward.a >/dev/null
T=$(mktemp -d /tmp/ward-version-bench.XXXXXX)
trap 'rm -rf "$T"' EXIT
cc -O2 -std=gnu11 -D_GNU_SOURCE -I"$SRC/src" "$SRC/bench/version_bench.c" -o "$T/bench" \
    "$B/libward.a" $(pkg-config --libs libcurl jansson libcrypto libisal libzstd sqlite3 \
    yaml-0.1 zlib) $(pkg-config --libs libmicrohttpd 2>/dev/null || true) -lm -lpthread
echo "== ward, in-process (libward)"
"$T/bench" "$TD" 1

rate() { python3 -c "import sys; n, s = int(sys.argv[1]), float(sys.argv[2]); print(f'{n / s:,.0f}/s ({s * 1e6 / n:,.1f} us each)')" "$@"; }
secs() { python3 -c "import sys; print(float(sys.argv[2]) - float(sys.argv[1]))" "$@"; }

echo "== ward version check (one process, whole file)"
for i in 1 2 3 4 5 6 7 8; do grep -v '^$' "$S/debian-versions-generated.txt"; done > "$T/deb.txt"
n=$(wc -l < "$T/deb.txt")
t0=$(date +%s.%N); "$B/ward" version check Debian "$T/deb.txt" >/dev/null; t1=$(date +%s.%N)
echo "Debian: $n lines: $(rate "$n" "$(secs "$t0" "$t1")")"

echo "== dpkg --compare-versions (one process per comparison)"
n=200
head -n $n "$S/debian-versions-generated.txt" > "$T/d200.txt"
t0=$(date +%s.%N)
while read -r a _ b; do dpkg --compare-versions "$a" lt "$b" || true; done < "$T/d200.txt"
t1=$(date +%s.%N)
echo "dpkg: $n calls: $(rate "$n" "$(secs "$t0" "$t1")")"

if command -v rpm >/dev/null; then
    echo "== librpm rpm.vercmp (lua, one rpm process)"
    python3 - "$S/redhat-versions.txt" > "$T/r.lua" <<'PY'
import sys
ps = [l.split() for l in open(sys.argv[1]) if l.strip() and not l.startswith(('#', '//'))]
ps = [(p[0], p[2]) for p in ps if len(p) >= 3]
print("local t = {" + ",".join("{[==[%s]==],[==[%s]==]}" % p for p in ps) + "}")
print("local n = 0 local c = os.clock() while os.clock() - c < 1 do for _, p in ipairs(t) do rpm.vercmp(p[1], p[2]) end n = n + #t end")
print("print(string.format('rpm.vercmp: %d calls: %.0f/s', n, n / (os.clock() - c)))")
PY
    rpm --eval "%{lua: dofile('$T/r.lua')}"
fi
if /usr/bin/python3 -c 'import packaging' 2>/dev/null; then
    echo "== python3-packaging Version (parse + compare)"
    /usr/bin/python3 - "$S/pypi-versions-generated.txt" <<'PY'
import sys, time
from packaging.version import Version, InvalidVersion
ps = []
for l in open(sys.argv[1]):
    t = l.split()
    if len(t) >= 3:
        try:
            Version(t[0]); Version(t[2]); ps.append((t[0], t[2]))
        except InvalidVersion:
            pass
n, t0 = 0, time.perf_counter()
while time.perf_counter() - t0 < 1:
    for a, b in ps:
        Version(a) < Version(b)
    n += len(ps)
dt = time.perf_counter() - t0
print(f"packaging: {n} compares: {n / dt:,.0f}/s")
PY
fi
