#!/bin/bash
# diff.sh - `ward diff` against `docker diff` on a private dockerd: containers
# of the real Alpine 3.10 and Debian 12 images that add, change and delete
# files (whiteouts, opaque directories, type changes, setuid, symlinks); the
# overlay2 reading and the Engine fallback must print docker diff's set of
# lines, and the JSON drift must classify the writes.
set -u
. "$WARD_SRCDIR/tests/lib/tap.sh"
. "$WARD_SRCDIR/tests/lib/dockerd.sh"
. "$WARD_SRCDIR/tests/lib/debian-image.sh"
WARD=${WARD_BIN:?}
ALPINE=${WARD_TESTDATA:?}/trivy/pkg/fanal/test/testdata/alpine-310.tar.gz

[ -f "$ALPINE" ] || skip_all "alpine-310.tar.gz missing"
command -v jq >/dev/null || skip_all "jq missing"
T=$(mktemp -d /tmp/ward-e2e-diff.XXXXXX)
cleanup() { ward_dockerd_stop; rm -rf "$T"; }
trap cleanup EXIT
ward_dockerd_start || skip_all "cannot start a private dockerd"
docker load -i "$ALPINE" >/dev/null || skip_all "docker load failed"
HAVE_DEBIAN=0
if ROOTFS=$(ward_debian_rootfs) && [ -n "$ROOTFS" ]; then
    tar -C "$ROOTFS" -c . | docker import - ward-debian:test >/dev/null && HAVE_DEBIAN=1
fi

# name image script: start a container, make its writes with docker exec
mk() {
    docker run -d --network none --name "$1" "$2" sleep 3600 >/dev/null &&
        docker exec "$1" sh -c "$3"
}

mk a-mixed alpine:3.10 '
  echo x >> /etc/passwd; rm /etc/motd; touch /etc/shells; chmod 700 /home
  rm -rf /etc/ssl && mkdir -p /etc/ssl/certs && echo n > /etc/ssl/new && echo m > /etc/ssl/certs/mine
  rm -rf /etc/apk/keys && echo file > /etc/apk/keys
  rm /etc/issue && mkdir /etc/issue && echo in > /etc/issue/x
  mkdir -p /opt/a/b && echo hi > /opt/a/b/c && ln -s /opt/a/b/c /opt/link
  cp /bin/busybox /usr/local/bin/bb && chmod u+s /usr/local/bin/bb
  rm -rf /usr/share/apk; mkfifo /tmp/fifo; ln /etc/group /etc/group.hard
  echo "P:evil" >> /lib/apk/db/installed; rm -f /sbin/apk
  mkdir -p /root/.cache/x && rm -rf /root/.cache'
mk a-quiet alpine:3.10 'true'
mk a-stopped alpine:3.10 'rm -rf /usr/lib && echo gone > /lost'
docker stop -t 0 a-stopped >/dev/null
NAMES="a-mixed a-quiet a-stopped"
if [ $HAVE_DEBIAN = 1 ]; then
    mk d-pkg ward-debian:test '
      echo "Package: evil" >> /var/lib/dpkg/status; rm -rf /usr/share/doc /var/lib/apt/lists
      cp /bin/ls /usr/local/bin/myls; chmod 755 /usr/local/bin/myls
      echo tampered >> /usr/lib/x86_64-linux-gnu/libz.so.1 2>/dev/null || true
      chmod g+s /usr/bin/env; mkdir -p /srv/data && dd if=/dev/zero of=/srv/data/blob bs=4k count=8 2>/dev/null'
    NAMES="$NAMES d-pkg"
else
    diag "no Debian image (debootstrap unavailable): Alpine only"
fi

for n in $NAMES; do
    docker diff "$n" | sort >"$T/$n.docker"
    for src in overlay engine; do
        if "$WARD" diff --source $src "$n" >"$T/$n.$src.raw" 2>"$T/$n.$src.err"; then
            sort "$T/$n.$src.raw" >"$T/$n.$src"
            if cmp -s "$T/$n.docker" "$T/$n.$src"; then
                ok 0 "$n: ward diff --source $src equals docker diff ($(wc -l <"$T/$n.docker") lines)"
            else
                ok 1 "$n: ward diff --source $src equals docker diff"
                diff "$T/$n.docker" "$T/$n.$src" | head -20 | sed 's/^/# /'
            fi
        else
            ok 1 "$n: ward diff --source $src ran"
            sed 's/^/# /' "$T/$n.$src.err" | head -5
        fi
    done
done
is "$(wc -l <"$T/a-quiet.docker")" 0 "a-quiet: docker diff is empty too"
# the default output is docker diff's line format, sorted by path
"$WARD" diff a-mixed >"$T/default"
is "$(sort "$T/default" | cmp -s - "$T/a-mixed.docker" && echo same)" same "default source = docker diff"
is "$(LC_ALL=C sort -c -k2 "$T/default" 2>&1 && echo sorted)" sorted "default output sorted by path"

# drift classification on the mixed container
"$WARD" diff --format json a-mixed >"$T/mixed.json"
has() { jq -e --arg p "$2" ".drift.$1 | index(\$p) != null" "$T/$3.json" >/dev/null; }
has new_executables /usr/local/bin/bb mixed; ok $? "new executable /usr/local/bin/bb"
has setuid_setgid /usr/local/bin/bb mixed; ok $? "setuid file /usr/local/bin/bb"
has package_db_changes /lib/apk/db/installed mixed; ok $? "apk database change"
has system_writes /etc/passwd mixed; ok $? "write under /etc"
has system_writes /sbin/apk mixed; ok $? "deletion under /sbin"
is "$(jq -r .read_only_rootfs_recommended "$T/mixed.json")" false "writer: no read-only advice"
is "$(jq -r '.summary.added + .summary.changed + .summary.deleted' "$T/mixed.json")" \
    "$(wc -l <"$T/a-mixed.docker")" "summary counts every docker diff line"
"$WARD" diff --format json a-quiet >"$T/quiet.json"
is "$(jq -r .read_only_rootfs_recommended "$T/quiet.json")" true "no writes: --read-only recommended"
if [ $HAVE_DEBIAN = 1 ]; then
    "$WARD" diff --format json d-pkg >"$T/pkg.json"
    has package_db_changes /var/lib/dpkg/status pkg; ok $? "dpkg status change"
    has new_executables /usr/local/bin/myls pkg; ok $? "new ELF executable"
    has setuid_setgid /usr/bin/env pkg; ok $? "file made setgid"
    has changed_binaries /usr/bin/env pkg; ok $? "changed binary /usr/bin/env"
fi
"$WARD" diff no-such-container >/dev/null 2>&1
is $? 3 "unknown container: exit 3"
done_testing
