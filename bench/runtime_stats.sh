#!/bin/bash
# runtime_stats.sh - `ward stats --no-stream` against `docker stats --no-stream`
# for N idle containers (default 50) on a private dockerd, both measured in
# this run: best and median wall-clock of R runs each (default 11), the ratio,
# the floors (process start, the Engine's list call) and ward's own phases.
# usage: bench/runtime_stats.sh [BUILD_DIR] [N] [R]   (a release build is
# fairest: an ASan build spends ~0.4 s starting up). The machine's load is
# printed before and after: figures taken above a load of ~2 on this 2-core
# host mostly measure the other jobs. WARD_BASE=<build dir> also times that
# build's ward (e.g. one of the previous commit) in the same run.
set -eu
SRC=$(cd "$(dirname "$0")/.." && pwd)
B=${1:-$SRC/build-release}
N=${2:-50}
R=${3:-11}
[ -x "$B/ward" ] || { meson setup "$B" --buildtype=release >/dev/null && ninja -C "$B" ward >/dev/null; }
ALPINE=$SRC/../shared/testdata/trivy/pkg/fanal/test/testdata/alpine-310.tar.gz
. "$SRC/tests/lib/dockerd.sh"
ward_dockerd_start
trap ward_dockerd_stop EXIT
docker load -i "$ALPINE" >/dev/null
for i in $(seq "$N"); do
    docker run -d --network none --name "idle$i" alpine:3.10 sleep 3600 >/dev/null
done
sleep 2
load() { cut -d' ' -f1-3 /proc/loadavg; }
echo "containers: $(docker ps -q | wc -l) running; load average $(load)"

# Every command is run R times, round-robin (the machine's load drifts; a
# block of runs per command would compare different loads): wall-clock
# microseconds per run, then "best median" in seconds per command.
CMDS=("docker stats --no-stream"
    "'$B/ward' stats --no-stream"
    "'$B/ward' stats --no-stream --format json"
    "'$B/ward' stats --no-stream --interval 1"
    "'$B/ward' --version"
    "curl -s --unix-socket '${DOCKER_HOST#unix://}' http://d/containers/json")
# WARD_BASE=<another build dir>: its ward timed the same way (before/after)
[ -n "${WARD_BASE:-}" ] && CMDS+=("'$WARD_BASE/ward' stats --no-stream")
RUNS=$(mktemp)
for _ in $(seq "$R"); do
    for i in "${!CMDS[@]}"; do
        a=$(date +%s%N)
        sh -c "${CMDS[$i]}" >/dev/null 2>&1
        b=$(date +%s%N)
        echo "$i $(((b - a) / 1000))"
    done
done >"$RUNS"
summary() { # best median (s) of command $1
    awk -v i="$1" '$1 == i { print $2 }' "$RUNS" | sort -n |
        awk '{ v[NR] = $1 } END { printf "%.3f %.3f", v[1] / 1e6, v[int((NR + 1) / 2)] / 1e6 }'
}
DS=$(summary 0)
WS=$(summary 1)
WJ=$(summary 2)
W1=$(summary 3)
WV=$(summary 4)
WL=$(summary 5)
WB=
[ -n "${WARD_BASE:-}" ] && WB=$(summary 6)
rm -f "$RUNS"
rows=$("$B/ward" stats --no-stream | tail -n +2 | wc -l)
# ward's own phases, median of R runs (--debug logs them to stderr): every
# "<number> ms" of the three debug lines, in order
for _ in $(seq "$R"); do "$B/ward" --debug stats --no-stream 2>&1 >/dev/null; done |
    awk 'function ms(   n, i, f) { n = 0; for (i = 1; i < NF; i++) if ($(i + 1) ~ /^ms/) v[++n] = $i; return n }
         function med(a, n,   i, j, x) { for (i = 2; i <= n; i++) { x = a[i]; for (j = i - 1; j > 0 && a[j] > x; j--) a[j + 1] = a[j]; a[j + 1] = x } return a[int((n + 1) / 2)] }
         /cgroups found on disk/ { ms(); d[++nd] = v[3] }
         /the Engine listed/ { ms(); l[++nl] = v[1]; k[nl] = v[2] }
         /CPU counters and gauges read/ { ms(); w[++nw] = v[1]; e[nw] = v[2]; t[nw] = v[3] }
         END { printf "phases (median ms): start..first CPU read done %.1f | in the window: Engine list %.1f, done at %.1f | window %.1f | CPU + gauges read %.1f | start..end %.1f\n",
               med(d, nd), med(l, nl), med(k, nl), med(w, nw), med(e, nw), med(t, nw) }' \
        >"/tmp/ward-bench-phases.$$" || true
echo "(start = ward_stats_new, after the process has loaded: compare ward --version)" >>"/tmp/ward-bench-phases.$$"

ratio() { python3 -c "print(f'{$1/max($2,0.001):.1f}x')"; }
echo "ward stats rows: $rows"
printf '%-46s %s\n' "" "best    median (s)"
printf '%-46s %s\n' "docker stats --no-stream" "$DS"
printf '%-46s %s  ratio (median) %s\n' "ward stats --no-stream (100 ms CPU window)" "$WS" \
    "$(ratio "${DS#* }" "${WS#* }")"
[ -n "$WB" ] && printf '%-46s %s  ratio (median) %s\n' "WARD_BASE ward stats --no-stream" "$WB" \
    "$(ratio "${DS#* }" "${WB#* }")"
printf '%-46s %s\n' "ward stats --no-stream --format json" "$WJ"
printf '%-46s %s\n' "ward stats --no-stream --interval 1" "$W1"
printf '%-46s %s\n' "ward --version (process start floor)" "$WV"
printf '%-46s %s\n' "curl GET /containers/json (incl. curl's start)" "$WL"
cat "/tmp/ward-bench-phases.$$"
rm -f "/tmp/ward-bench-phases.$$"
echo "load average after: $(load)"
