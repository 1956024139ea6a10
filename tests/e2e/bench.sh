#!/bin/bash
# bench.sh - `ward bench` against a private dockerd with deliberately bad containers (root
# user, no limits, host /etc mounted read-write, host namespaces, extra capabilities, a device,
# seccomp off, the daemon socket mounted, an "sshd" process) and a good one; every container
# check's verdict and the containers it names are asserted against `docker inspect`.
set -u
. "$WARD_SRCDIR/tests/lib/tap.sh"
. "$WARD_SRCDIR/tests/lib/dockerd.sh"
WARD=${WARD_BIN:?}
ALPINE=${WARD_TESTDATA:-$WARD_SRCDIR/../shared/testdata}/trivy/pkg/fanal/test/testdata/alpine-310.tar.gz

command -v jq >/dev/null || skip_all "jq missing"
[ -f "$ALPINE" ] || skip_all "alpine image tarball missing"
T=$(mktemp -d /tmp/ward-e2e-bench.XXXXXX)
cleanup() { ward_dockerd_stop; rm -rf "$T"; }
trap cleanup EXIT
ward_dockerd_start || skip_all "no dockerd"
diag "dockerd up after ${SECONDS}s"

docker load -i "$ALPINE" >/dev/null || skip_all "docker load failed"
# an image whose main process is called sshd (a shell script: its comm is the script's name)
mkdir -p "$T/sshd"
printf '#!/bin/sh\nwhile true; do sleep 1000; done\n' >"$T/sshd/sshd"
chmod +x "$T/sshd/sshd"
printf 'FROM alpine:3.10\nCOPY sshd /usr/sbin/sshd\nCMD ["/usr/sbin/sshd"]\n' >"$T/sshd/Dockerfile"
docker build -q -t ward-test/sshd:1 "$T/sshd" >/dev/null 2>"$T/build.err" || skip_all "docker build failed"

run() { docker run -d --network none "$@" >/dev/null || echo "# docker run $* failed"; }
run --name bad -v /etc:/hostetc alpine:3.10 sleep 3600
run --name sshd ward-test/sshd:1
run --name hostns --pid host --ipc host --uts host --cap-add SYS_ADMIN --cap-add NET_ADMIN \
    --device /dev/null:/dev/xnull --security-opt seccomp=unconfined --cgroup-parent /ward-test \
    -v "$WARD_DOCKERD_DIR/sock:/var/run/docker.sock" alpine:3.10 sleep 3600
run --name good --user 1000:1000 --memory 64m --cpu-shares 512 --pids-limit 50 --read-only \
    --security-opt no-new-privileges --restart on-failure:5 --health-cmd true --cap-drop ALL \
    -v "$T/sshd:/data:ro" alpine:3.10 sleep 3600
is "$(docker ps -q | wc -l)" 4 "four containers running"
diag "containers up after ${SECONDS}s"

"$WARD" bench -f json -o "$T/r.json" 2>"$T/err"
is "$?" 0 "ward bench exits 0 without --exit-code"
diag "$(cat "$T/err") after ${SECONDS}s"
jq -e . "$T/r.json" >/dev/null
ok $? "own JSON parses"

verdict() { jq -r --arg id "$1" '.checks[] | select(.id == $id) | .result' "$T/r.json"; }
named() { jq -r --arg id "$1" '[.checks[] | select(.id == $id) | .items[]?.name] | sort | join(",")' "$T/r.json"; }
# containers for which a jq predicate over `docker inspect` holds: the ground truth
docker ps -q | xargs docker inspect >"$T/inspect.json"
truth() {
    jq -r "[.[] | select($1) | .Name | ltrimstr(\"/\")] | sort | join(\",\")" "$T/inspect.json"
}
expect() { # id predicate
    local want
    want=$(truth "$2")
    if [ -n "$want" ]; then is "$(verdict "$1")" WARN "$1 warns"; else is "$(verdict "$1")" PASS "$1 passes"; fi
    is "$(named "$1")" "$want" "$1 names exactly the offending containers ($want)"
}

expect 4.1 '.Config.User == "" or .Config.User == "root" or .Config.User == "0"'
expect 5.4 '(.HostConfig.CapAdd // []) | any(test("SYS_ADMIN|NET_ADMIN"))'
expect 5.5 '.HostConfig.Privileged'
expect 5.6 '.Mounts | any(.Type == "bind" and .RW and (.Source == "/etc" or (.Source | startswith("/etc/"))))'
expect 5.10 '.HostConfig.NetworkMode == "host"'
expect 5.11 '.HostConfig.Memory == 0'
expect 5.12 '.HostConfig.CpuShares == 0 and .HostConfig.NanoCpus == 0 and .HostConfig.CpuQuota == 0'
expect 5.13 '.HostConfig.ReadonlyRootfs | not'
expect 5.16 '.HostConfig.PidMode == "host"'
expect 5.17 '.HostConfig.IpcMode == "host"'
expect 5.21 '.HostConfig.UTSMode == "host"'
expect 5.22 '(.HostConfig.SecurityOpt // []) | any(. == "seccomp=unconfined" or . == "seccomp:unconfined")'
expect 5.25 '.HostConfig.CgroupParent != ""'
expect 5.26 '(.HostConfig.SecurityOpt // []) | any(startswith("no-new-privileges")) | not'
expect 5.27 '.State.Health == null'
expect 5.29 '(.HostConfig.PidsLimit // 0) <= 0'
expect 5.32 '.Mounts | any(.Destination == "/var/run/docker.sock")'
# a manual check: devices are listed as INFO for a person to confirm
is "$(verdict 5.18)" INFO "5.18 (manual) lists host devices as INFO"
is "$(named 5.18)" "$(truth '(.HostConfig.Devices // []) | length > 0')" "5.18 names the container with a device"
# sshd: only the container whose process is sshd, not the one sharing the host's PID namespace
is "$(verdict 5.7)" WARN "5.7 warns"
is "$(named 5.7)" sshd "5.7 names only the container running sshd (not hostns with --pid host)"
# published ports cannot exist with --network none: nothing to name
is "$(verdict 5.8),$(verdict 5.14)" "PASS,PASS" "5.8 and 5.14 pass without published ports"
is "$(verdict 5.1)" PASS "5.1: swarm inactive"

# daemon facts come from the daemon the socket belongs to
is "$(jq -r .target.daemon_pid "$T/r.json")" "$(cat "$WARD_DOCKERD_DIR/dockerd.pid")" "daemon pid is the private dockerd's"
is "$(jq -r .target.daemon_pid_found_by "$T/r.json")" "peer of the socket (SO_PEERCRED)" "pid found by SO_PEERCRED"
is "$(verdict 2.4)" WARN "2.4 warns: the test daemon runs with --iptables=false"
is "$(verdict 2.16)" PASS "2.16 passes: --userland-proxy=false"
is "$(verdict 2.2)" PASS "2.2 passes: no default bridge"
is "$(jq '[.checks[] | select(.id | test("^[1-7]\\.")) ] | length' "$T/r.json")" \
    "$(awk -F'\t' '$1 ~ /^[1-7]\./ && $2 !~ /^\[SECTION\]/' "$WARD_SRCDIR/../shared/design/reference/docker_bench_checks.tsv" | wc -l)" \
    "every check of sections 1-7 of the reference list is reported"
is "$(jq '.summary.score == .summary.scored_pass - .summary.scored_warn' "$T/r.json")" true "score = scored pass - scored warn"

# selection and exit code
"$WARD" bench -c 5.4,5.10 -f json 2>/dev/null | jq -r '[.checks[].id] | join(",")' >"$T/sel"
is "$(cat "$T/sel")" "5.4,5.10" "--check 5.4,5.10 runs exactly those"
"$WARD" bench -s 5 -e 5.1,5.2 -f json 2>/dev/null | jq -r '[.checks[].id | select(. == "5.1" or . == "5.2" or . == "4.1")] | length' >"$T/sel"
is "$(cat "$T/sel")" 0 "--section 5 --exclude 5.1,5.2"
"$WARD" bench -c 5.11 --exit-code 3 >/dev/null 2>&1
is "$?" 3 "--exit-code 3 when a scored check warns"
"$WARD" bench -c 5.5 --exit-code 3 >/dev/null 2>&1
is "$?" 0 "exit 0 when no scored check warns"

# text output: docker-bench style lines naming the containers
"$WARD" bench -c 5.11 --color never >"$T/t.txt" 2>&1
grep -q '^\[WARN\] 5.11 - Ensure that the memory usage for containers is limited' "$T/t.txt"
ok $? "text: [WARN] 5.11 line"
grep -q '^\[WARN\]      \* bad: ' "$T/t.txt"
ok $? "text: per-container detail line names bad"

# other formats
"$WARD" bench -f docker-bench -o "$T/db.json" 2>/dev/null
jq -e '.tests | length == 7 and (.[] | select(.id == "5") | .results | any(.id == "5.11" and .result == "WARN" and (.items | index("bad"))))' "$T/db.json" >/dev/null
ok $? "docker-bench JSON: sections and 5.11 WARN with items"
"$WARD" bench -f sarif -o "$T/r.sarif" 2>/dev/null
jq -e '.version == "2.1.0" and (.runs[0].results | any(.ruleId == "CIS-DOCKER-5.11"))' "$T/r.sarif" >/dev/null
ok $? "SARIF 2.1.0 with a 5.11 result"
if /usr/bin/python3 -c 'import jsonschema' 2>/dev/null; then  # full OASIS SARIF 2.1.0 schema
    /usr/bin/python3 "$WARD_SRCDIR/tests/lib/validate_schema.py" \
        "$WARD_SRCDIR/tests/data/schemas/sarif-2.1.0.schema.json" "$T/r.sarif" 2>&1 | head -5 | sed 's/^/# /'
    ok "${PIPESTATUS[0]}" "SARIF validates against the OASIS SARIF 2.1.0 schema"
fi
"$WARD" bench -f junit -o "$T/r.xml" 2>/dev/null
python3 -c 'import sys, xml.etree.ElementTree as E; r = E.parse(sys.argv[1]).getroot(); sys.exit(0 if any(t.get("name", "").startswith("5.11") and t.find("failure") is not None for t in r.iter("testcase")) else 1)' "$T/r.xml"
ok $? "JUnit XML parses and 5.11 is a failed testcase"
"$WARD" bench -f html -o "$T/r.html" 2>/dev/null
grep -q 'id="c5.11"' "$T/r.html" && grep -q 'Remediation of warnings' "$T/r.html"
ok $? "HTML report with checks and remediation"

# --host instead of DOCKER_HOST
env -u DOCKER_HOST "$WARD" bench --host "$DOCKER_HOST" -c 5.11 -f json 2>/dev/null |
    jq -r '[.checks[0].result, (.checks[0].items | map(.name) | sort | join(","))] | join(" ")' >"$T/h"
is "$(cat "$T/h")" "WARN $(truth '.HostConfig.Memory == 0')" "--host reaches the same daemon"

# unreadable daemon.json and missing files (a host tree given with --host-root): INFO + reason
mkdir -p "$T/root/etc/docker"
printf '{"icc": ' >"$T/root/etc/docker/daemon.json"
"$WARD" bench --host-root "$T/root" -c 2.3,2.14,3.1 -f json -o "$T/bad.json" 2>/dev/null
is "$?" 0 "bad daemon.json: run completes"
is "$(jq -r '[.checks[].result] | join(",")' "$T/bad.json")" "INFO,INFO,INFO" "bad daemon.json, missing unit file: INFO"
jq -e '(.checks[] | select(.id == "2.14") | .details | test("daemon.json")) and
       (.checks[] | select(.id == "3.1") | .details | test("not found"))' "$T/bad.json" >/dev/null
ok $? "the reasons name the bad daemon.json and the missing unit file"

# the daemon is not running: checks say INFO with the reason, the run completes
DOCKER_HOST=unix://$T/nothing.sock "$WARD" bench -s 5 -f json -o "$T/down.json" 2>/dev/null
is "$?" 0 "daemon down: run completes"
is "$(jq -r '.checks[] | select(.id == "5.11") | .result' "$T/down.json")" INFO "daemon down: 5.11 INFO"
jq -e '.checks[] | select(.id == "5.11") | .details | test("not reachable")' "$T/down.json" >/dev/null
ok $? "daemon down: the reason is given"

diag "done after ${SECONDS}s"
done_testing
