#!/bin/bash
# watch_bench.sh - how well `ward watch` keeps up: spawn N short processes on
# the host while the sensor runs with --events, and report how many execs it
# saw, how many were gone before /proc could be read, kernel-side losses, and
# the wall time of the spawn loop with and without the sensor. Needs root.
# usage: bench/watch_bench.sh [WARD_BIN] [N]
set -u
WARD=${1:-${WARD_BIN:-build/ward}}
N=${2:-500}
T=$(mktemp -d /tmp/ward-watch-bench.XXXXXX)
trap 'rm -rf "$T"' EXIT
spawn() { local i; for ((i = 0; i < N; i++)); do /bin/sleep 0.001; done; }
s=$(date +%s.%N); spawn; e=$(date +%s.%N)
base=$(echo "$e - $s" | bc)
"$WARD" watch --events --no-engine --no-fanotify -o "file:$T/ev" --ready-file "$T/ready" \
    2>"$T/err" &
W=$!
for _ in $(seq 1 100); do [ -s "$T/ready" ] && break; sleep 0.1; done
s=$(date +%s.%N); spawn; e=$(date +%s.%N)
with=$(echo "$e - $s" | bc)
sleep 1
kill "$W"; wait "$W"
seen=$(grep -c '"proc.cmdline":"/bin/sleep 0.001"' "$T/ev")
echo "spawned=$N seen_with_cmdline=$seen loop_s=$base loop_with_watch_s=$with"
grep -o 'events=[0-9]* .*' "$T/err"
