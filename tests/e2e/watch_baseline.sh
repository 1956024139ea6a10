#!/bin/bash
# watch_baseline.sh - `ward watch --learn` then `--enforce-baseline` against a
# private dockerd: an Alpine container runs a fixed loop (sleep, sh -c,
# timeout); learning records it; under enforcement the same loop raises no
# alert and one new binary run (twice) raises exactly one "baseline: new
# process" alert carrying the container's id, name, image and the process.
# With the eBPF backend the learned syscalls become a seccomp profile that
# dockerd accepts: the workload runs under it, mkdir fails with EPERM.
set -u
. "$WARD_SRCDIR/tests/lib/tap.sh"
. "$WARD_SRCDIR/tests/lib/dockerd.sh"
WARD=${WARD_BIN:?}
ALPINE=${WARD_TESTDATA:?}/trivy/pkg/fanal/test/testdata/alpine-310.tar.gz

[ "$(id -u)" = 0 ] || skip_all "needs root"
[ -f "$ALPINE" ] || skip_all "alpine-310.tar.gz missing"
command -v jq >/dev/null || skip_all "jq missing"
T=$(mktemp -d /tmp/ward-e2e-baseline.XXXXXX)
BL=$T/baselines
WPID=
cleanup() {
    [ -n "$WPID" ] && kill "$WPID" 2>/dev/null && wait "$WPID" 2>/dev/null
    ward_dockerd_stop
    rm -rf "$T"
}
trap cleanup EXIT
ward_dockerd_start || skip_all "cannot start a private dockerd"
docker load -i "$ALPINE" >/dev/null || skip_all "docker load failed"

LOOP='while :; do sleep 0.2; sh -c "sleep 0.1"; timeout 5 sleep 0.1; done'
docker run -d --network none --name app alpine:3.10 sh -c "$LOOP" >/dev/null
# the "new binary" exists before learning; only running it is new
docker exec app cp /bin/busybox /tmp/newbin
AID=$(docker inspect -f '{{.Id}}' app)

watch_start() { # ready-file, args...
    local ready=$1
    shift
    "$WARD" watch --containers-only --ready-file "$ready" "$@" &
    WPID=$!
    for _ in $(seq 1 150); do [ -s "$ready" ] && break; sleep 0.1; done
}

# ---- learn -----------------------------------------------------------------
watch_start "$T/ready1" --learn 6s --baseline-dir "$BL" -o "file:$T/learn-alerts.json" \
    2>"$T/learn.err"
wait "$WPID"
ok $? "--learn 6s: exited 0 by itself"
WPID=
BACKEND=$(cat "$T/ready1")
diag "backend: $BACKEND"
sed 's/^/# /' "$T/learn.err"
"$WARD" watch baseline list --baseline-dir "$BL" >"$T/list"
is "$(awk 'NR > 1 {print $1}' "$T/list")" "alpine:3.10" "baseline list: the learned image"
"$WARD" watch baseline show --baseline-dir "$BL" alpine:3.10 >"$T/show.json"
ok $? "baseline show"
jq -c '.processes[]' "$T/show.json" | sed 's/^/# /'
for n in sleep sh timeout; do
    # exe: /bin/busybox as /proc/PID/exe resolves it (proc connector), or the
    # path execve was given, /usr/bin/timeout, /bin/sleep ... (eBPF)
    is "$(jq --arg n "$n" '[.processes[] | select(.name == $n and (.exe == "/bin/busybox" or .exe == "/bin/" + $n or .exe == "/usr/bin/" + $n))] | length' "$T/show.json")" \
        1 "learned $n"
done
is "$(jq '[.processes[] | select(.name == "newbin")] | length' "$T/show.json")" 0 \
    "newbin not in the baseline"
is "$(jq -r .image_id "$T/show.json")" "$(docker inspect -f '{{.Image}}' app)" \
    "image id recorded as the Engine reports it"
# the file is stable: learning the same file back gives identical bytes
cp "$T/show.json" "$T/copy.json"
"$WARD" watch baseline diff --baseline-dir "$BL" alpine:3.10 "$T/copy.json" >"$T/diff0"
is "$?:$(wc -l <"$T/diff0")" "0:0" "baseline diff of a copy: no difference, exit 0"
jq '.processes += [{"exe": "/usr/bin/extra", "name": "extra"}]' "$T/show.json" >"$T/more.json"
"$WARD" watch baseline diff --baseline-dir "$BL" alpine:3.10 "$T/more.json" >"$T/diff1"
is "$?:$(cat "$T/diff1")" "1:+ process /usr/bin/extra (extra)" "baseline diff: one added process, exit 1"

# ---- enforce -----------------------------------------------------------------
watch_start "$T/ready2" --enforce-baseline --baseline-dir "$BL" --no-default-rules \
    -o "file:$T/alerts.json" 2>"$T/enforce.err"
sleep 3 # the learned loop keeps running: nothing to report
docker exec app /tmp/newbin sleep 0.5 2>/dev/null
docker exec app /tmp/newbin sleep 0.5 2>/dev/null # the same new process again: no second alert
sleep 2
kill "$WPID"
wait "$WPID"
ok $? "enforcing watch exited 0 on SIGTERM"
WPID=
sed 's/^/# /' "$T/enforce.err"
A=$T/alerts.json
touch "$A"
jq -r '"# \(.rule): \(.output)"' "$A"
is "$(jq -s '[.[] | select(.rule | startswith("baseline:"))] | length' "$A")" 1 \
    "exactly one baseline alert"
is "$(jq -s -c --arg id "$AID" '[.[] | select(.rule == "baseline: new process") |
        [.fields["container.full_id"] == $id, .container.name, .container.image,
         .fields["proc.exepath"], .fields["proc.name"]]]' "$A")" \
    '[[true,"app","alpine:3.10","/tmp/newbin","newbin"]]' \
    "the alert names the container, image and new process"
is "$(grep -o 'baseline_alerts=[0-9]*' "$T/enforce.err")" "baseline_alerts=1" "summary counts it once"

# ---- seccomp export ------------------------------------------------------------
"$WARD" watch baseline export-seccomp --baseline-dir "$BL" alpine:3.10 -o "$T/seccomp.json" \
    2>"$T/seccomp.err"
rc=$?
if [ "$(jq .syscalls_recorded "$T/show.json")" != true ]; then
    is "$rc" 3 "export-seccomp without recorded syscalls fails"
    ok "$(grep -q eBPF "$T/seccomp.err"; echo $?)" "... and says it needs the eBPF backend"
    diag "backend $BACKEND records no syscalls: profile not run"
else
    is "$rc" 0 "export-seccomp"
    is "$(jq -r '[.defaultAction, .archMap[0].architecture, .syscalls[0].action] | join(" ")' "$T/seccomp.json")" \
        "SCMP_ACT_ERRNO SCMP_ARCH_X86_64 SCMP_ACT_ALLOW" "profile structure"
    is "$(jq '[.syscalls[0].names[] | select(. == "mkdir" or . == "mkdirat")] | length' "$T/seccomp.json")" 0 \
        "mkdir not learned"
    out=$(docker run --rm --network none --security-opt "seccomp=$T/seccomp.json" alpine:3.10 \
        sh -c 'sleep 0.1; sh -c "sleep 0.1"; timeout 5 sleep 0.1; echo fine' 2>&1)
    is "$out" "fine" "the learned workload runs under the profile"
    out=$(docker run --rm --network none --security-opt "seccomp=$T/seccomp.json" alpine:3.10 \
        mkdir /tmp/x 2>&1)
    ok "$(echo "$out" | grep -q 'Operation not permitted'; echo $?)" \
        "mkdir outside the profile fails with EPERM ($out)"
fi
done_testing
