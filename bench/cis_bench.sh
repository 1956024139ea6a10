#!/bin/bash
# cis_bench.sh - `ward bench` (full CIS Docker Benchmark audit, all default checks) against a
# private dockerd running N containers (default 50), best and median of 5 runs, next to the
# cost of the Engine's own /info and the docker CLI inspecting the same containers.
# usage: bench/cis_bench.sh [BUILD_DIR] [N]   (a release build is fairest)
set -eu
SRC=$(cd "$(dirname "$0")/.." && pwd)
B=${1:-$SRC/build-cisbench-rel}
N=${2:-50}
[ -x "$B/ward" ] || { meson setup "$B" --buildtype=release >/dev/null && ninja -C "$B" ward >/dev/null; }
WARD_SRCDIR=$SRC
. "$SRC/tests/lib/dockerd.sh"
ALPINE=${WARD_TESTDATA:-$SRC/../shared/testdata}/trivy/pkg/fanal/test/testdata/alpine-310.tar.gz
T=$(mktemp -d /tmp/ward-cisbench.XXXXXX)
trap 'ward_dockerd_stop; rm -rf "$T"' EXIT
ward_dockerd_start
docker load -i "$ALPINE" >/dev/null
echo "starting $N containers (--network none; half without limits, half with)..."
for i in $(seq 1 "$N"); do
    if [ $((i % 2)) = 0 ]; then
        docker run -d --network none --name "c$i" --memory 32m --pids-limit 20 --read-only \
            --user 1000 --health-cmd true alpine:3.10 sleep 3600 >/dev/null
    else
        docker run -d --network none --name "c$i" -v /etc:/hostetc alpine:3.10 sleep 3600 >/dev/null
    fi
done
[ "$(docker ps -q | wc -l)" = "$N" ] || { echo "not all containers run" >&2; exit 1; }

runs() { # 5 wall-clock timings (s) of a command, one per line
    for _ in 1 2 3 4 5; do
        /usr/bin/time -f %e -o "$T/time" sh -c "$1" >/dev/null 2>&1
        tail -1 "$T/time"
    done
}
sh -c "'$B/ward' bench -f json -o /dev/null" 2>/dev/null # warm-up
WARD_T=$(runs "'$B/ward' bench -f json -o $T/r.json")
TEXT_T=$(runs "'$B/ward' bench --color never")
SOCK=${DOCKER_HOST#unix://}
INFO_T=$(runs "curl -s --unix-socket $SOCK http://d/info; curl -s --unix-socket $SOCK http://d/version")
CLI_T=$(runs "docker ps -q | xargs docker inspect")
"$B/ward" bench -f json -o "$T/r.json" 2>/dev/null
python3 - "$N" "$T/r.json" "$WARD_T" "$TEXT_T" "$INFO_T" "$CLI_T" <<'PY'
import json, statistics, sys
n, path = sys.argv[1], sys.argv[2]
t = [[float(x) for x in a.split()] for a in sys.argv[3:]]
r = json.load(open(path))
s = r["summary"]
names = ["ward bench -f json (full audit)", "ward bench (text)", "Engine /info + /version alone",
         "docker inspect of all (CLI)"]
print(f"{n} running containers, {s['checks']} checks: {s['pass']} pass, {s['warn']} warn, "
      f"{s['info']} info, {s['note']} note; score {s['score']}")
for name, v in zip(names, t):
    print(f"{name:34s} best {min(v):6.3f} s   median {statistics.median(v):6.3f} s")
med = statistics.median(t[0])
print(f"target: full audit with {n} containers under 1 s: {'met' if med < 1.0 else 'NOT met'} "
      f"(median {med:.2f} s)")
print(f"ward's own timing of the last run (gather + evaluate): {r['duration_ms']:.0f} ms")
print("load average during the run:", open("/proc/loadavg").read().split()[0])
print("docker-bench-security: not installed here (no Debian package, no network); "
      "its measured time on these machines is 141 s with 50 containers (TESTING.md)")
PY
