#!/bin/bash
# stats.sh - `ward stats --no-stream --format json` against `docker stats
# --no-stream` on a private dockerd (cgroup v1 here; v2 is covered by the
# recorded files of the unit tests): memory within 1%, PIDs equal, CPU of a
# busy loop within a tolerance, the limit flags, and the Prometheus endpoint
# checked by promtool when the prometheus package is installed.
set -u
. "$WARD_SRCDIR/tests/lib/tap.sh"
. "$WARD_SRCDIR/tests/lib/dockerd.sh"
WARD=${WARD_BIN:?}
ALPINE=${WARD_TESTDATA:?}/trivy/pkg/fanal/test/testdata/alpine-310.tar.gz

[ -f "$ALPINE" ] || skip_all "alpine-310.tar.gz missing"
command -v jq >/dev/null || skip_all "jq missing"
T=$(mktemp -d /tmp/ward-e2e-stats.XXXXXX)
LPID=
cleanup() { [ -n "$LPID" ] && kill "$LPID" 2>/dev/null; ward_dockerd_stop; rm -rf "$T"; }
trap cleanup EXIT
ward_dockerd_start || skip_all "cannot start a private dockerd"
docker load -i "$ALPINE" >/dev/null || skip_all "docker load failed"

run() { docker run -d --network none "$@" >/dev/null; }
# page cache charged to the container: docker stats leaves it out
run --name cache --memory 64m --pids-limit 20 alpine:3.10 \
    sh -c 'dd if=/dev/zero of=/tmp/f bs=1M count=20 2>/dev/null; sleep 3600'
run --name busy alpine:3.10 sh -c 'while :; do :; done'
run --name many --pids-limit 32 --cpus 1.5 --memory 32m alpine:3.10 \
    sh -c 'for i in $(seq 29); do sleep 3600 & done; wait'
run --name idle alpine:3.10 sleep 3600
# a cgroup ward cannot guess from the id: found through inspect + /proc/<pid>/cgroup
run --name custom --cgroup-parent /ward-e2e-parent alpine:3.10 sleep 3600
sleep 3 # let dd finish and the sleeps start

# docker stats' human sizes -> bytes
bytes() {
    awk -v s="$1" 'BEGIN { n = s + 0; u = s; sub(/^[0-9.]+/, "", u)
        m["B"] = 1; m["KiB"] = 1024; m["MiB"] = 1048576; m["GiB"] = 1073741824
        m["kB"] = 1e3; m["MB"] = 1e6; m["GB"] = 1e9; printf "%.0f", n * m[u] }'
}
# both tools sample once over about a second, at the same time
docker stats --no-stream --format '{{.Name}} {{.CPUPerc}} {{.MemUsage}} {{.PIDs}}' >"$T/docker" &
DPID=$!
"$WARD" stats --no-stream --format json --interval 1000 --pids-alert 25 >"$T/ward.json"
ok $? "ward stats --no-stream --format json ran"
wait $DPID
diag "docker: $(tr '\n' ';' <"$T/docker")"
diag "ward: $(jq -c '[.[] | [.name, .cpu_percent, .mem_usage_bytes, .pids]]' "$T/ward.json")"

is "$(jq -r '[.[].name] | sort | join(" ")' "$T/ward.json")" "busy cache custom idle many" \
    "the five running containers"
while read -r name cpu used _slash _limit pids; do
    w() { jq -r --arg n "$name" ".[] | select(.name == \$n) | .$1" "$T/ward.json"; }
    dmem=$(bytes "$used")
    wmem=$(w mem_usage_bytes)
    # docker prints 4 significant digits: compare within 1% of the larger
    awk -v a="$dmem" -v b="$wmem" 'BEGIN { d = a - b; if (d < 0) d = -d; m = a > b ? a : b;
        exit !(d <= 0.01 * m + 4096) }'
    ok $? "$name: memory $wmem bytes within 1% of docker's $used"
    is "$(w pids)" "$pids" "$name: PIDs equal docker's"
    if [ "$name" = busy ]; then
        awk -v a="${cpu%\%}" -v b="$(w cpu_percent)" 'BEGIN { d = a - b; if (d < 0) d = -d;
            exit !(d <= 15 && b >= 5) }'
        ok $? "busy loop: CPU $(w cpu_percent)% within 15 points of docker's $cpu"
    fi
done <"$T/docker"

f() { jq -r --arg n "$1" ".[] | select(.name == \$n) | .flags.$2" "$T/ward.json"; }
is "$(f idle no_memory_limit) $(f idle no_cpu_limit) $(f idle no_pids_limit)" "true true true" \
    "idle: no memory, CPU or pids limit flagged"
is "$(f cache no_memory_limit) $(f cache no_pids_limit) $(f cache near_limit)" "false false false" \
    "cache: limits set, not near them (page cache excluded)"
is "$(f many near_limit) $(f many too_many_processes) $(f many no_cpu_limit)" "true true false" \
    "many: 30 of 32 pids is near the limit, above --pids-alert 25"
is "$(jq -r '.[] | select(.name == "many") | "\(.pids_limit) \(.cpu_limit_cpus) \(.mem_limit_bytes)"' \
    "$T/ward.json")" "32 1.5 33554432" "many: limits read from the cgroup"

# Named containers and table output
"$WARD" stats --no-stream idle busy >"$T/table"
is "$(awk 'NR > 1 {print $2}' "$T/table" | sort | tr '\n' ' ')" "busy idle " "named containers only"
"$WARD" stats --no-stream no-such >/dev/null 2>&1
is $? 3 "unknown container: exit 3"

# The CPU window opens before the Engine is asked: cgroups are found on disk
# (the custom --cgroup-parent one only through the list + inspect), cgroups
# the Engine does not list (other daemons' on this host) are left out, and
# the window is measured (at least --interval long).
"$WARD" --debug stats --no-stream --interval 50 >"$T/dbg.out" 2>"$T/dbg.err"
ok $? "ward --debug stats --no-stream ran"
sed 's/^/# /' "$T/dbg.err"
n=$(sed -n 's/.* \([0-9][0-9]*\) cgroups found on disk.*/\1/p' "$T/dbg.err")
[ "${n:-0}" -ge 4 ]
ok $? "the four cgroupfs containers' cgroups found on disk before the list call (found $n)"
is "$(tail -n +2 "$T/dbg.out" | awk '{print $2}' | sort | tr '\n' ' ')" \
    "busy cache custom idle many " "only what this Engine lists, custom included"
is "$(grep -o '([0-9]* found on disk, [0-9]* through the Engine)' "$T/dbg.err")" \
    "(4 found on disk, 1 through the Engine)" "custom alone needed the Engine to find its cgroup"
w=$(sed -n 's/.* window \([0-9.]*\) ms.*/\1/p' "$T/dbg.err")
awk -v w="${w:-0}" 'BEGIN { exit !(w >= 50 && w < 5000) }'
ok $? "measured window ${w} ms >= --interval 50"

# Prometheus endpoint
PORT=$((20000 + RANDOM % 20000))
"$WARD" stats --listen "127.0.0.1:$PORT" 2>"$T/listen.err" &
LPID=$!
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$PORT/metrics" >"$T/m1" 2>/dev/null && break; sleep 0.1; done
sleep 1
curl -sf "http://127.0.0.1:$PORT/metrics" >"$T/metrics"
ok $? "GET /metrics answered"
for m in container_cpu_usage_seconds_total container_memory_working_set_bytes \
    container_memory_usage_bytes container_spec_memory_limit_bytes container_processes; do
    grep -q "^$m{id=\"/docker/[0-9a-f]*\",image=\"alpine:3.10\",name=\"many\"" "$T/metrics"
    ok $? "metric $m with cAdvisor's id/image/name labels"
done
is "$(awk '/^container_processes\{.*name="many"/ {print $2}' "$T/metrics")" 30 "container_processes{many} = 30"
if command -v promtool >/dev/null; then
    promtool check metrics <"$T/metrics" >"$T/promtool" 2>&1
    ok $? "promtool check metrics accepts the exposition"
    sed 's/^/# /' "$T/promtool" | head -5
else
    diag "promtool not installed (Debian package prometheus): exposition not linted"
fi
if command -v prometheus >/dev/null; then
    # a real Prometheus on loopback scrapes the endpoint and answers a query
    PPORT=$((PORT + 1))
    printf 'global:\n  scrape_interval: 1s\nscrape_configs:\n  - job_name: ward\n    static_configs:\n      - targets: ["127.0.0.1:%s"]\n' \
        "$PORT" >"$T/prom.yml"
    prometheus --config.file="$T/prom.yml" --storage.tsdb.path="$T/tsdb" \
        --web.listen-address="127.0.0.1:$PPORT" >"$T/prom.log" 2>&1 &
    PROM=$!
    got=
    for _ in $(seq 100); do
        got=$(curl -s "http://127.0.0.1:$PPORT/api/v1/query" \
            --data-urlencode 'query=container_processes{name="many"}' |
            jq -r '.data.result[0].value[1] // empty' 2>/dev/null)
        [ -n "$got" ] && break
        sleep 0.3
    done
    is "$got" 30 "Prometheus scraped --listen: container_processes{name=\"many\"} = 30"
    up=$(curl -s "http://127.0.0.1:$PPORT/api/v1/query" --data-urlencode 'query=up{job="ward"}' |
        jq -r '.data.result[0].value[1] // empty')
    is "$up" 1 "Prometheus target up"
    kill "$PROM"
    wait "$PROM" 2>/dev/null
else
    diag "prometheus not installed: no real scrape"
fi
curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/other" >"$T/code"
is "$(cat "$T/code")" 404 "other paths: 404"
kill "$LPID"
wait "$LPID"
is $? 0 "--listen exits 0 on SIGTERM"
LPID=
done_testing
