# tests/lib/debian-image.sh - a real Debian 12 minbase rootfs built by
# debootstrap from the mirror apt is configured with, cached between runs.
#   . tests/lib/debian-image.sh; ward_debian_rootfs  -> echoes the rootfs dir
# The mirror is read from apt's own sources (never written into the repo).

ward_apt_mirror() {
    local m
    m=$(grep -hs '^URIs:' /etc/apt/sources.list.d/*.sources 2>/dev/null | awk '{print $2}' |
        grep -v security | head -1)
    [ -n "$m" ] || m=$(grep -hs '^deb ' /etc/apt/sources.list /etc/apt/sources.list.d/*.list \
        2>/dev/null | grep -v security | awk '{print $2}' | head -1)
    echo "$m"
}

ward_debian_rootfs() {
    local cache=${WARD_TEST_CACHE:-/var/tmp/ward-test-cache}
    local dir="$cache/debian12-minbase"
    if [ -f "$dir.complete" ]; then echo "$dir"; return 0; fi
    command -v debootstrap >/dev/null 2>&1 || return 1
    local mirror; mirror=$(ward_apt_mirror)
    [ -n "$mirror" ] || return 1
    mkdir -p "$cache"
    # lock so parallel tests build it once
    (
        flock 9
        if [ ! -f "$dir.complete" ]; then
            rm -rf "$dir" "$dir.tmp"
            debootstrap --variant=minbase bookworm "$dir.tmp" "$mirror" >"$cache/debootstrap.log" 2>&1 &&
                rm -rf "$dir.tmp/var/cache/apt/archives/"*.deb &&
                mv "$dir.tmp" "$dir" && touch "$dir.complete"
        fi
    ) 9>"$cache/.lock"
    [ -f "$dir.complete" ] && echo "$dir"
}
