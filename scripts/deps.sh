#!/bin/sh
# scripts/deps.sh - install what ward needs to build and test on Debian 12.
# Idempotent; run as root (or with sudo). Package lists are the source of truth
# for CI and the README.
set -eu
BUILD="meson ninja-build pkg-config gcc clang libclang-rt-14-dev llvm
  libcurl4-openssl-dev libjansson-dev libssl-dev libisal-dev libzstd-dev libsqlite3-dev
  libyaml-dev zlib1g-dev libpcre2-dev libmicrohttpd-dev libclamav-dev libbpf-dev bpftool"
TEST="isal zstd sqlite3 jq docker.io containerd runc debootstrap skopeo umoci docker-registry
  rpm db5.3-util gpg gpg-agent dpkg-dev python3 python3-jsonschema ca-certificates prometheus curl python3-packaging
  python3-yaml clamav-testfiles clamav bpftool python3-rfc3987"
SUDO=""
[ "$(id -u)" = 0 ] || SUDO=sudo
missing=""
for p in $BUILD ${WARD_DEPS_TEST:-$TEST}; do
    dpkg-query -W -f '${db:Status-Abbrev}' "$p" 2>/dev/null | grep -q '^ii' || missing="$missing $p"
done
if [ -n "$missing" ]; then
    echo "deps: installing:$missing" >&2
    $SUDO apt-get update -qq
    # No service a package ships may start while installing: clamav-freshclam's
    # daemon would fetch signatures from the internet (tests use loopback only).
    guard=""
    if [ ! -e /usr/sbin/policy-rc.d ]; then
        printf '#!/bin/sh\nexit 101\n' | $SUDO tee /usr/sbin/policy-rc.d >/dev/null &&
            $SUDO chmod 755 /usr/sbin/policy-rc.d && guard=1
    fi
    rc=0
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing >&2 ||
        rc=$?
    [ -z "$guard" ] || $SUDO rm -f /usr/sbin/policy-rc.d
    [ "$rc" = 0 ] || exit "$rc"
    # and none may start later (systemd hosts): the tests never need it
    if command -v systemctl >/dev/null && [ -d /run/systemd/system ]; then
        $SUDO systemctl disable --now clamav-freshclam >/dev/null 2>&1 || true
    fi
fi
