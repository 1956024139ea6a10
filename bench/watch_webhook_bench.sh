#!/bin/bash
# watch_webhook_bench.sh - webhook sink throughput: N host execs of a marker
# (a copy of /bin/true) each raise one alert; a python3 http.server receiver
# on 127.0.0.1 accepts them. Reports alerts/s delivered, measured from the
# first to the last request the receiver saw, for batch 1 and batch 50.
# usage: bench/watch_webhook_bench.sh [WARD] [N]   (root)
set -u
WARD=${1:-build/ward}
N=${2:-2000}
SRC=$(cd "$(dirname "$0")/.." && pwd)
T=$(mktemp -d /tmp/ward-whbench.XXXXXX)
trap 'kill $RP 2>/dev/null; rm -rf "$T"' EXIT
cp /bin/true "$T/wardmark"
printf -- '- rule: bench marker\n  desc: m\n  condition: evt.type = execve and proc.name = wardmark\n  output: marker %%proc.pid\n  priority: warning\n' >"$T/rules.yaml"
for batch in 1 50; do
    rm -f "$T"/r.* "$T/ready"
    python3 "$SRC/tests/e2e/webhook_receiver.py" "$T/r.port" "$T/r.got" "" &
    RP=$!
    for _ in $(seq 1 50); do [ -s "$T/r.port" ] && break; sleep 0.1; done
    "$WARD" watch --no-default-rules -r "$T/rules.yaml" --no-engine --ready-file "$T/ready" \
        -o "file:$T/alerts.$batch" --webhook "http://127.0.0.1:$(cat "$T/r.port")/" \
        --webhook-batch "$batch" --webhook-queue 100000 --webhook-flush 60 2>"$T/err" &
    WP=$!
    for _ in $(seq 1 150); do [ -s "$T/ready" ] && break; sleep 0.1; done
    for _ in $(seq 1 "$N"); do "$T/wardmark"; done
    sleep 1
    kill "$WP"; wait "$WP"
    kill "$RP"; wait "$RP" 2>/dev/null
    got=$(wc -l <"$T/r.got")
    awk -v n="$got" -v b="$batch" 'NR == 1 {t0 = $1} {t1 = $1; r++}
        END {printf "batch %d: %d alerts in %d requests over %.2f s: %.0f alerts/s delivered\n",
             b, n, r, t1 - t0, (t1 > t0) ? n / (t1 - t0) : 0}' "$T/r.got.log"
    grep 'webhook ' "$T/err" | sed 's/^/  /'
done
