#!/bin/bash
# runtime_stats.sh - `ward stats --no-stream` against `docker stats --no-stream`
# for N idle containers (default 50) on a private dockerd, both measured in
# this run (median of 5 wall-clock runs each); prints seconds and the ratio.
# usage: bench/runtime_stats.sh [BUILD_DIR] [N]   (a release build is fairest:
# an ASan build spends ~0.4 s starting up)
set -eu
SRC=$(cd "$(dirname "$0")/.." && pwd)
B=${1:-$SRC/build-release}
N=${2:-50}
[ -x "$B/ward" ] || { meson setup "$B" --buildtype=release >/dev/null && ninja -C "$B" ward >/dev/null; }
ALPINE=$SRC/../shared/testdata/trivy/pkg/fanal/test/testdata/alpine-310.tar.gz
. "$SRC/tests/lib/dockerd.sh"
ward_dockerd_start
trap ward_dockerd_stop EXIT
docker load -i "$ALPINE" >/dev/null
for i in $(seq "$N"); do
    docker run -d --network none --name "idle$i" alpine:3.10 sleep 3600 >/dev/null
done
echo "containers: $(docker ps -q | wc -l) running, load average $(cut -d' ' -f1-3 /proc/loadavg)"

median() { # median of 5 wall-clock seconds of a shell command
    local a b
    for _ in 1 2 3 4 5; do
        a=$(date +%s%N)
        sh -c "$1" >/dev/null 2>&1
        b=$(date +%s%N)
        echo "$(((b - a) / 1000000))"
    done | sort -n | sed -n 3p | awk '{printf "%.3f", $1 / 1000}'
}
DS=$(median "docker stats --no-stream")
WS=$(median "'$B/ward' stats --no-stream")
WJ=$(median "'$B/ward' stats --no-stream --format json")
W1=$(median "'$B/ward' stats --no-stream --interval 1")
WL=$(median "curl -s --unix-socket '${DOCKER_HOST#unix://}' http://d/containers/json")
rows=$("$B/ward" stats --no-stream | tail -n +2 | wc -l)
echo "ward stats rows: $rows"
echo "docker stats --no-stream:                 $DS s"
echo "ward stats --no-stream (100 ms CPU window): $WS s  ratio $(python3 -c "print(f'{$DS/$WS:.1f}x')")"
echo "ward stats --no-stream --format json:     $WJ s"
echo "ward stats --no-stream --interval 1:      $W1 s  (collection cost; ratio $(python3 -c "print(f'{$DS/max($W1,0.001):.1f}x')"))"
echo "Engine GET /containers/json alone (curl): $WL s"
