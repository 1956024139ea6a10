# tests/lib/dockerd.sh - start and stop a private Docker Engine for one test
# run (own data root, exec root, pidfile, containerd and unix socket under a
# temp dir; no bridge, no iptables). Source it from an e2e test:
#
#   . "$WARD_SRCDIR/tests/lib/dockerd.sh"
#   ward_dockerd_start || skip_all "no dockerd"   # sets DOCKER_HOST, WARD_DOCKERD_DIR
#   trap ward_dockerd_stop EXIT
#
# Containers must use --network none (TESTING.md).

ward_dockerd_start() {
    command -v dockerd >/dev/null 2>&1 || return 1
    command -v containerd >/dev/null 2>&1 || return 1
    WARD_DOCKERD_DIR=$(mktemp -d /tmp/ward-dockerd.XXXXXX)
    local d=$WARD_DOCKERD_DIR
    mkdir -p "$d/ctd"
    containerd --root "$d/ctd/root" --state "$d/ctd/state" --address "$d/ctd/sock" \
        >"$d/containerd.log" 2>&1 &
    echo $! >"$d/containerd.pid"
    local i
    for i in $(seq 1 100); do [ -S "$d/ctd/sock" ] && break; sleep 0.1; done
    dockerd --data-root "$d/root" --exec-root "$d/exec" --pidfile "$d/dockerd.pid" \
        -H "unix://$d/sock" --containerd "$d/ctd/sock" --bridge=none --iptables=false \
        --ip6tables=false --ip-masq=false --userland-proxy=false \
        >"$d/dockerd.log" 2>&1 &
    echo $! >"$d/dockerd.ppid"
    export DOCKER_HOST="unix://$d/sock"
    for i in $(seq 1 300); do
        if [ -S "$d/sock" ] && docker version >/dev/null 2>&1; then
            return 0
        fi
        sleep 0.1
    done
    echo "# dockerd did not start; log follows" >&2
    sed 's/^/# /' "$d/dockerd.log" | tail -20 >&2
    ward_dockerd_stop
    return 1
}

ward_dockerd_stop() {
    local d=${WARD_DOCKERD_DIR:-}
    [ -n "$d" ] && [ -d "$d" ] || return 0
    if [ -S "$d/sock" ]; then
        docker ps -aq 2>/dev/null | xargs -r docker rm -f >/dev/null 2>&1 || true
    fi
    local p
    for f in dockerd.ppid containerd.pid; do
        [ -f "$d/$f" ] || continue
        p=$(cat "$d/$f")
        kill "$p" 2>/dev/null || true
        for i in $(seq 1 100); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
        kill -9 "$p" 2>/dev/null || true
    done
    # unmount anything the daemon left under its dirs before removing them
    grep -F "$d" /proc/mounts | awk '{print $2}' | sort -r | while read -r m; do
        umount -l "$m" 2>/dev/null || true
    done
    rm -rf "$d" 2>/dev/null || true
    unset WARD_DOCKERD_DIR
}
