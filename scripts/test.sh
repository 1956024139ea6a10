#!/bin/sh
# scripts/test.sh - set up and run the whole test suite (unit, fuzz corpus
# replay, end-to-end against a private dockerd) under ASan+UBSan, then print
# the closing "N passed, N failed" line. This is what CI runs.
set -u
cd "$(dirname "$0")/.."
sh scripts/deps.sh || exit 1
BUILD=${WARD_BUILD_DIR:-build-test}
if [ ! -d "$BUILD" ]; then
    meson setup "$BUILD" -Db_sanitize=address,undefined -Db_lundef=false >/dev/null || exit 1
fi
ninja -C "$BUILD" || exit 1
meson test -C "$BUILD" --print-errorlogs --num-processes "${WARD_TEST_JOBS:-2}" "$@"
rc=$?
python3 - "$BUILD/meson-logs/testlog.json" <<'PY'
import json, sys
p = f = s = 0
for line in open(sys.argv[1]):
    r = json.loads(line).get("result")
    if r in ("OK", "EXPECTEDFAIL"): p += 1
    elif r == "SKIP": s += 1
    else: f += 1
print(f"{p} passed, {f} failed, {s} skipped")
PY
exit $rc
