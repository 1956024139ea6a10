#!/bin/bash
# secrets_bench.sh - what secret scanning adds to a plain scan of the real
# Debian 12 image (one gzip layer, OCI layout): plain `ward sbom` (inventory,
# no cache) against the extra time of opening the same image with the secret
# scanner's keep hook and scanning what it kept. Prints the ratio, the scanner's
# throughput (MB/s of file bytes it scanned) and its findings on the image.
# usage: bench/secrets_bench.sh [BUILD_DIR]   (a release build is fairest)
set -eu
SRC=$(cd "$(dirname "$0")/.." && pwd)
B=${1:-$SRC/build-secrets-rel}
[ -d "$B" ] || meson setup "$B" --buildtype=release >/dev/null
ninja -C "$B" ward tests/unit/secrets/secrets-tool >/dev/null
TOOL=$B/tests/unit/secrets/secrets-tool
. "$SRC/tests/lib/debian-image.sh"
ROOTFS=$(ward_debian_rootfs)
T=$(mktemp -d /tmp/ward-secrets-bench.XXXXXX)
trap 'rm -rf "$T"' EXIT
read -r LAYER LSIZE TSIZE < <(python3 "$SRC/bench/make_oci.py" "$ROOTFS" "$T/oci")
echo "image: Debian 12 minbase, one layer: $((LSIZE / 1000000)) MB gzip, $((TSIZE / 1000000)) MB tar"
cat "$LAYER" >/dev/null # page cache warm for everyone

best() { # best of 5 wall-clock seconds of a shell command
    local b=999 t
    for _ in 1 2 3 4 5; do
        /usr/bin/time -f %e -o "$T/time" sh -c "$1" >/dev/null 2>&1
        t=$(tail -1 "$T/time")
        b=$(python3 -c "print(min($b, $t))")
    done
    echo "$b"
}
PLAIN=$(best "'$B/ward' sbom -q --no-cache -f json '$T/oci'")
BASE=$(best "'$TOOL' --no-keep '$T/oci'")
WITH=$(best "'$TOOL' '$T/oci'")
"$TOOL" "$T/oci" >"$T/findings.json" 2>"$T/stats"
echo "plain scan (ward sbom --no-cache):            ${PLAIN}s"
echo "image open, no keep hook (secrets-tool):      ${BASE}s"
echo "image open + secret keep hook + secret scan:  ${WITH}s"
python3 - "$PLAIN" "$BASE" "$WITH" <<'PY'
import sys
plain, base, withs = map(float, sys.argv[1:])
added = max(withs - base, 0.0)
print(f"secret scanning adds {added:.3f}s = {100 * added / plain:.1f}% of the plain scan "
      f"(target: under 30%)")
PY
sed 's/^secrets-tool: /scanner: /' "$T/stats"
python3 - "$T/findings.json" <<'PY'
import json, sys
f = json.load(open(sys.argv[1]))["findings"]
print(f"findings on the Debian image: {len(f)}")
for x in f:
    print(f"  {x['severity']:8} {x['rule_id']:24} {x['path']}:{x['line']}  {x['match']}")
PY
