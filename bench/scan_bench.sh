#!/bin/bash
# scan_bench.sh - inventory of the real Debian 12 image (one gzip layer, as a
# registry serves it), cold and warm, against plain decompression + tar listing
# of the same layer, all measured in this run. Prints ratios and peak RSS.
# usage: bench/scan_bench.sh [BUILD_DIR]   (a release build is fairest)
set -eu
SRC=$(cd "$(dirname "$0")/.." && pwd)
B=${1:-$SRC/build-release}
[ -x "$B/ward" ] || { meson setup "$B" --buildtype=release >/dev/null && ninja -C "$B" >/dev/null; }
. "$SRC/tests/lib/debian-image.sh"
ROOTFS=$(ward_debian_rootfs)
T=$(mktemp -d /tmp/ward-bench.XXXXXX)
trap 'rm -rf "$T"' EXIT
read -r LAYER LSIZE TSIZE < <(python3 "$SRC/bench/make_oci.py" "$ROOTFS" "$T/oci")
echo "layer: $((LSIZE / 1000000)) MB gzip, $((TSIZE / 1000000)) MB tar"
cat "$LAYER" >/dev/null # page cache warm for everyone

best() { # best of 3 wall-clock seconds of a shell command
    local b=999 t
    for _ in 1 2 3; do
        /usr/bin/time -f %e -o "$T/time" sh -c "$1" >/dev/null 2>&1
        t=$(tail -1 "$T/time")
        b=$(python3 -c "print(min($b, $t))")
    done
    echo "$b"
}
ZT=$(best "zcat '$LAYER' | tar -t")
IG=$(command -v igzip >/dev/null && best "igzip -dc '$LAYER' >/dev/null" || echo nan)
COLD=$(best "rm -rf '$T/c'; XDG_CACHE_HOME='$T/c' '$B/ward' sbom -q -f json '$T/oci'")
XDG_CACHE_HOME=$T/w "$B/ward" sbom -q -f json "$T/oci" >/dev/null
WARM=$(best "XDG_CACHE_HOME='$T/w' '$B/ward' sbom -q -f json '$T/oci'")
RSS_COLD=$( { rm -rf "$T/c"; XDG_CACHE_HOME=$T/c /usr/bin/time -v "$B/ward" sbom -q -f json "$T/oci" >/dev/null; } 2>&1 |
    awk '/Maximum resident/ {print $6}')
RSS_WARM=$( { XDG_CACHE_HOME=$T/w /usr/bin/time -v "$B/ward" sbom -q -f json "$T/oci" >/dev/null; } 2>&1 |
    awk '/Maximum resident/ {print $6}')
N=$(XDG_CACHE_HOME=$T/w "$B/ward" sbom -q -f json "$T/oci" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["packages"]))')
python3 - "$ZT" "$IG" "$COLD" "$WARM" "$RSS_COLD" "$RSS_WARM" "$N" <<'PY'
import sys
zt, ig, cold, warm, rc, rw, n = sys.argv[1:]
zt, cold, warm = float(zt), float(cold), float(warm)
print(f"zcat | tar -t           {zt:7.3f} s   (baseline)")
print(f"igzip -dc               {ig:>7} s")
print(f"ward sbom, cold cache   {cold:7.3f} s   ratio {cold / zt:.2f} x baseline  peak RSS {int(rc) // 1024} MiB")
print(f"ward sbom, warm cache   {warm * 1000:7.1f} ms  ratio {warm / zt:.3f} x baseline  peak RSS {int(rw) // 1024} MiB")
print(f"packages: {n}")
PY
