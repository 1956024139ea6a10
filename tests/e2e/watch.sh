#!/bin/bash
# watch.sh - `ward watch` against a private dockerd: for each default rule
# tested here a container triggers it (docker exec of a shell, apk at run
# time, a binary named like a miner run from /tmp, cat /etc/shadow, a setuid
# copy of busybox) and a benign container (sleep only) raises nothing. Each
# alert must carry the container's id (checked against docker inspect), name,
# image and process. Needs root (proc connector, fanotify).
set -u
. "$WARD_SRCDIR/tests/lib/tap.sh"
. "$WARD_SRCDIR/tests/lib/dockerd.sh"
. "$WARD_SRCDIR/tests/lib/debian-image.sh"
WARD=${WARD_BIN:?}
ALPINE=${WARD_TESTDATA:?}/trivy/pkg/fanal/test/testdata/alpine-310.tar.gz

[ "$(id -u)" = 0 ] || skip_all "needs root"
[ -f "$ALPINE" ] || skip_all "alpine-310.tar.gz missing"
command -v jq >/dev/null || skip_all "jq missing"
T=$(mktemp -d /tmp/ward-e2e-watch.XXXXXX)
WPID=
cleanup() {
    [ -n "$WPID" ] && kill "$WPID" 2>/dev/null && wait "$WPID" 2>/dev/null
    ward_dockerd_stop
    rm -rf "$T"
}
trap cleanup EXIT
ward_dockerd_start || skip_all "cannot start a private dockerd"
docker load -i "$ALPINE" >/dev/null || skip_all "docker load failed"

# the benign container starts before the watcher and keeps running throughout
docker run -d --network none --name benign alpine:3.10 sleep 3600 >/dev/null
docker run -d --network none --name victim alpine:3.10 sleep 3600 >/dev/null
# a Debian container for apt/dpkg/bash (the cached debootstrap rootfs)
HAVE_DEBIAN=0
if ROOTFS=$(ward_debian_rootfs) && [ -n "$ROOTFS" ]; then
    tar -C "$ROOTFS" -c . | docker import - ward-debian:test >/dev/null &&
        docker run -d --network none --name deb ward-debian:test sleep 3600 >/dev/null &&
        HAVE_DEBIAN=1
fi

# this test covers the proc-connector backend; watch_ebpf.sh the eBPF one
"$WARD" watch --backend proc --containers-only --ready-file "$T/ready" -o "file:$T/alerts.json" \
    >"$T/stdout" 2>"$T/stderr" &
WPID=$!
for _ in $(seq 1 100); do [ -s "$T/ready" ] && break; sleep 0.1; done
ok "$([ -s "$T/ready" ]; echo $?)" "ward watch is listening"
diag "backend: $(cat "$T/ready" 2>/dev/null)"
is "$(cat "$T/ready" 2>/dev/null)" "proc-connector+fanotify" "backend reported"

# benign activity first: a new benign container whose entrypoint is a plain
# program, and the long-running one doing nothing new
docker run --rm --network none --name benign2 alpine:3.10 sleep 1
# triggers (each a separate, real exec in the victim container)
# processes that live a moment, so their /proc entry is still there when the
# proc-connector event is handled (short-lived ones race; see docs/watch.md)
docker exec victim sh -c 'sleep 0.5; true'                    # shell in container
docker exec victim apk info >/dev/null                        # package manager
docker exec victim cp /bin/busybox /tmp/xmrig
docker exec victim /tmp/xmrig sleep 1 2>/dev/null              # miner name + run from /tmp (busybox: "applet not found" once it runs)
docker exec victim sh -c 'sleep 0.5 | cat /etc/shadow - >/dev/null' # sensitive file
docker exec victim chmod 4755 /tmp/xmrig
docker exec -u 1000 victim /tmp/xmrig sleep 0.5 2>/dev/null   # setuid binary run
docker exec victim sh -c 'echo x >/etc/ward-e2e-planted; sleep 0.5' # write below /etc (the writer lives on)
# reverse shell shape; like a real one it lives a while (nothing listens; --network none)
docker exec victim sh -c 'sleep 1; echo x >/dev/tcp/127.0.0.1/9' 2>/dev/null
docker exec victim mount -t tmpfs none /mnt 2>/dev/null       # escape tool (fails: no CAP_SYS_ADMIN)
if [ "$HAVE_DEBIAN" = 1 ]; then
    docker exec deb apt-get --version >/dev/null
    docker exec deb dpkg-query -W -f '${Package}\n' bash >/dev/null
    docker exec deb dpkg -l bash >/dev/null
    docker exec deb bash -c 'true'
fi
sleep 2
kill "$WPID"
wait "$WPID"
ok $? "ward watch exited 0 on SIGTERM"
WPID=
sed 's/^/# /' "$T/stderr"

A=$T/alerts.json
VID=$(docker inspect -f '{{.Id}}' victim)
n() { jq -s --arg r "$1" "[.[] | select(.rule == \$r) $2] | length" "$A"; }
alert_is() { # rule, jq filter of the process, description
    local cnt
    cnt=$(n "$1" "| select(.fields[\"container.full_id\"] == \"$VID\" and .container.name == \"victim\" and .container.image == \"alpine:3.10\") $2")
    ok "$([ "$cnt" -ge 1 ]; echo $?)" "$1: raised for victim ($3)"
}
# Triggers whose process exits (or drops privileges) within a millisecond race
# the proc-connector backend's /proc read; they are reported, not fatal, here.
# The eBPF backend takes argv and creds in the kernel: watch_ebpf.sh checks the
# same triggers strictly.
RACE="short-lived process: /proc may be gone before the proc-connector event is handled"
alert_racy() {
    local cnt
    cnt=$(n "$1" "| select(.fields[\"container.full_id\"] == \"$VID\" and .container.name == \"victim\" and .container.image == \"alpine:3.10\") $2")
    todo "$([ "$cnt" -ge 1 ]; echo $?)" "$1: raised for victim ($3)" "$RACE"
}
alert_is "Shell started in a container" '| select(.fields["proc.name"] == "sh" and .fields["proc.cmdline"] == "sh -c sleep 0.5; true")' "sh -c 'sleep 0.5; true'"
alert_racy "Package manager run in a container" '| select(.fields["proc.name"] == "apk" and .fields["proc.args"] == "info")' "apk info"
alert_is "Crypto miner started" '| select(.fields["proc.name"] == "xmrig")' "/tmp/xmrig"
alert_is "Program run from a scratch directory" '| select(.fields["proc.exepath"] == "/tmp/xmrig")' "exe /tmp/xmrig"
alert_is "Sensitive file named on a command line" '| select(.fields["proc.cmdline"] == "cat /etc/shadow -")' "cat /etc/shadow -"
alert_racy "Sensitive file opened" '| select(.fields["fd.name"] == "/etc/shadow" and .fields["proc.name"] == "cat")' "fanotify open of /etc/shadow"
alert_racy "Setuid or setgid program run" '| select(.fields["user.uid"] == "1000" and .fields["user.euid"] == "0")' "uid 1000 euid 0"
alert_racy "Write below a system directory" '| select(.fields["fd.name"] == "/etc/ward-e2e-planted" and .fields["proc.name"] == "sh")' "sh writes /etc/ward-e2e-planted"
alert_is "Reverse shell command line" '| select(.fields["proc.name"] == "sh" and (.fields["proc.cmdline"] | contains("/dev/tcp/127.0.0.1/9")))' "sh -c ... >/dev/tcp/..."
alert_racy "Container escape tool run" '| select(.fields["proc.name"] == "mount")' "mount -t tmpfs"
if [ "$HAVE_DEBIAN" = 1 ]; then
    DID=$(docker inspect -f '{{.Id}}' deb)
    deb() { jq -s --arg r "$1" --arg id "$DID" "[.[] | select(.rule == \$r and .fields[\"container.full_id\"] == \$id and .container.name == \"deb\" and .container.image == \"ward-debian:test\") $2] | length" "$A"; }
    todo "$([ "$(deb "Package manager run in a container" '| .fields["proc.name"]')" = 2 ]; echo $?)" \
        "Debian: apt-get and dpkg alerted" "$RACE"
    is "$(deb "Package manager run in a container" '| select(.fields["proc.name"] == "dpkg-query")')" 0 \
        "Debian: dpkg-query not alerted (excepted by the rule)"
    todo "$([ "$(deb "Package manager run in a container" '| select(.fields["proc.cmdline"] == "dpkg -l bash")')" = 1 ]; echo $?)" \
        "Debian: dpkg -l bash" "$RACE"
    todo "$([ "$(deb "Shell started in a container" '| select(.fields["proc.name"] == "bash")')" = 1 ]; echo $?)" \
        "Debian: bash -c true" "$RACE"
else
    diag "no Debian rootfs: apt/dpkg cases not run"
fi
is "$(jq -s '[.[] | select(.container.name == "benign" or .container.name == "benign2")] | length' "$A")" 0 \
    "no alert for the benign containers"
is "$(jq -s '[.[] | select(.container.id == "host")] | length' "$A")" 0 \
    "--containers-only: no host alerts"
is "$(jq -s --arg id "${VID:0:12}" '[.[] | select(.container.id != $id and .container.name != "deb")] | length' "$A")" 0 \
    "every alert is the victim's (or the Debian container's)"
is "$(grep -o 'lost=[0-9]*' "$T/stderr")" "lost=0" "no kernel event lost"
is "$(grep -o 'sink_drops=[0-9]*' "$T/stderr")" "sink_drops=0" "no alert dropped"
is "$(wc -c <"$T/stdout")" 0 "nothing on stdout with -o file:"
jq -s -r '.[] | "# \(.rule): \(.output)"' "$A" | head -30

# stdout JSON lines, --duration, the exec-only backend, --min-priority
"$WARD" watch --backend proc --containers-only --no-fanotify --duration 4 --min-priority error \
    --ready-file "$T/ready2" >"$T/out2" 2>"$T/err2" &
WPID=$!
for _ in $(seq 1 100); do [ -s "$T/ready2" ] && break; sleep 0.1; done
is "$(cat "$T/ready2" 2>/dev/null)" "proc-connector" "--no-fanotify: exec-only backend reported"
docker exec victim sh -c 'sleep 1; echo x >/dev/tcp/127.0.0.1/9' 2>/dev/null # critical: reported
docker exec victim sh -c 'sleep 0.5; true'     # warning: below --min-priority
wait "$WPID"
ok $? "--duration 4: exited 0 by itself"
WPID=
is "$(jq -s -c '[.[] | [.rule, .fields["proc.name"], .container.name]]' "$T/out2")" \
    '[["Reverse shell command line","sh","victim"]]' "stdout JSON lines, filtered by priority"
done_testing
