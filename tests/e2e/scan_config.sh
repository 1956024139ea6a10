#!/bin/bash
# scan_config.sh - `ward scan --scanners config` on real images: the Debian 12
# minbase rootfs imported into a private dockerd with --change variants (USER,
# EXPOSE, ENV, VOLUME, tags), and docker-archive tarballs built here on top of
# the same rootfs with extra layers (setuid file, world-writable dir, whiteouts,
# account files, credential files) and hand-written configs/histories. Each
# check: one image that fires it and one that does not. Ground truth for the
# setuid and world-writable lists comes from find(1) over the same rootfs.
set -u
. "$WARD_SRCDIR/tests/lib/tap.sh"
. "$WARD_SRCDIR/tests/lib/dockerd.sh"
. "$WARD_SRCDIR/tests/lib/debian-image.sh"
WARD=${WARD_BIN:?}
TD=${WARD_TESTDATA:-$WARD_SRCDIR/../shared/testdata}/trivy/pkg/fanal/test/testdata

command -v jq >/dev/null || skip_all "jq missing"
ROOTFS=$(ward_debian_rootfs) && [ -n "$ROOTFS" ] || skip_all "no Debian rootfs (debootstrap)"
T=$(mktemp -d /tmp/ward-e2e-config.XXXXXX)
cleanup() { ward_dockerd_stop; rm -rf "$T"; }
trap cleanup EXIT
export DOCKER_CONTENT_TRUST=  # CIS-DI-0005 is asserted explicitly below

tar -C "$ROOTFS" --numeric-owner -cf "$T/base.tar" . || skip_all "cannot tar the rootfs"

# scan IMAGE OUT: config findings as JSON lines "id<TAB>path<TAB>message"
scan() {
    "$WARD" scan -q --scanners config --format json --cache-dir "$T/cache" "$1" >"$T/$2.json" ||
        { echo "# ward scan $1 failed" >&2; return 1; }
    jq -r '.checks[]? | select(.scanner=="config") | [.id, (.path // ""), .message] | @tsv' \
        "$T/$2.json" >"$T/$2.tsv"
}
# fires OUT ID [PATH]: how many findings of ID (at PATH)
fires() {
    [ -f "$T/$1.tsv" ] || { echo "no-scan"; return; }
    if [ $# -ge 3 ]; then awk -F'\t' -v i="$2" -v p="$3" '$1==i && $2==p' "$T/$1.tsv" | wc -l
    else awk -F'\t' -v i="$2" '$1==i' "$T/$1.tsv" | wc -l; fi
}

# ---- docker-archive tarballs built here --------------------------------------------
python3 - "$T" "$ROOTFS" <<'PY' || skip_all "cannot build test archives"
import hashlib, io, json, os, sys, tarfile
T, ROOTFS = sys.argv[1], sys.argv[2]
base = os.path.join(T, "base.tar")

def sha(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for b in iter(lambda: f.read(1 << 20), b""):
            h.update(b)
    return h.hexdigest()

def layer(name, entries):
    """entries: (path, kind, mode, data) kind: f file, d dir"""
    p = os.path.join(T, "layer-" + name + ".tar")
    with tarfile.open(p, "w", format=tarfile.USTAR_FORMAT) as t:
        for path, kind, mode, data in entries:
            ti = tarfile.TarInfo(path)
            ti.mode, ti.uid, ti.gid, ti.mtime = mode, 0, 0, 1700000000
            if kind == "d":
                ti.type = tarfile.DIRTYPE
                t.addfile(ti)
            else:
                ti.size = len(data)
                t.addfile(ti, io.BytesIO(data))
    return p

def archive(out, tag, layers, cfg, history):
    diff_ids = ["sha256:" + sha(l) for l in layers]
    config = {"architecture": "amd64", "os": "linux", "config": cfg,
              "rootfs": {"type": "layers", "diff_ids": diff_ids}, "history": history}
    cj = json.dumps(config).encode()
    cname = hashlib.sha256(cj).hexdigest() + ".json"
    names = ["%d/layer.tar" % i for i in range(len(layers))]
    manifest = [{"Config": cname, "RepoTags": [tag], "Layers": names}]
    with tarfile.open(os.path.join(T, out), "w", format=tarfile.USTAR_FORMAT) as t:
        for n, l in zip(names, layers):
            ti = t.gettarinfo(l, arcname=n)
            ti.mtime = 1700000000
            with open(l, "rb") as f:
                t.addfile(ti, f)
        for n, data in ((cname, cj), ("manifest.json", json.dumps(manifest).encode())):
            ti = tarfile.TarInfo(n)
            ti.size, ti.mtime = len(data), 1700000000
            t.addfile(ti, io.BytesIO(data))

passwd = open(os.path.join(ROOTFS, "etc/passwd"), "rb").read()
shadow = open(os.path.join(ROOTFS, "etc/shadow"), "rb").read()
lists = sorted(f for f in os.listdir(os.path.join(ROOTFS, "var/lib/apt/lists")) if f not in ("partial", "lock", "auxfiles"))

bad = layer("bad", [
    ("usr/local/bin/suidtool", "f", 0o4755, b"#!/bin/sh\n"),
    ("usr/local/bin/sgidtool", "f", 0o2755, b"#!/bin/sh\n"),
    ("usr/bin/.wh.su", "f", 0o644, b""),              # su deleted: not reported
    ("srv/shared", "d", 0o777, None),                  # world-writable, no sticky bit
    ("srv/scratch", "d", 0o1777, None),                # sticky: fine
    ("app", "d", 0o755, None),
    ("app/.git", "d", 0o755, None),
    ("app/.git/HEAD", "f", 0o644, b"ref: refs/heads/main\n"),
    ("app/.DS_Store", "f", 0o644, b"\0\0\0\1Bud1"),
    ("root/.ssh", "d", 0o700, None),
    ("root/.ssh/id_rsa", "f", 0o600, b"not a real key\n"),
    ("etc/passwd", "f", 0o644, passwd + b"toor:x:0:0:root alias:/root:/bin/sh\n"),
    ("etc/shadow", "f", 0o640, shadow + b"toor::19000:0:99999:7:::\n"),
])
good = layer("good", [("var/lib/apt/lists/.wh." + f, "f", 0o644, b"") for f in lists] +
             [("srv", "d", 0o755, None), ("srv/scratch", "d", 0o1777, None),
              ("app", "d", 0o755, None), ("app/server.py", "f", 0o644, b"print('hi')\n")])
nop = lambda s: {"created_by": "/bin/sh -c #(nop) " + s, "empty_layer": True}
run = lambda s: {"created_by": "/bin/sh -c " + s}
archive("bad.tar", "ward/cfg:bad", [base, bad],
        {"User": "toor", "Env": ["PATH=/usr/bin:/bin", "API_TOKEN=s3cr3t-value",
                                 "UPLOAD=AKIAIOSFODNN7EXAMPLE"],
         "ExposedPorts": {"22/tcp": {}}, "Volumes": {"/var/run/docker.sock": {}}},
        [{"created_by": "/bin/sh -c #(nop) ADD file:4b03b5f551e3fbdf47ec609712007327828f7530cc3455c43bbcdcaf449a75a9 in / "},
         nop("MAINTAINER Jane <jane@example.org>"),
         run("apt-get update"),
         run("apt-get dist-upgrade -y"),
         run("curl -fsSL https://get.example.org/install.sh | sh -s -- --yes"),
         run("sudo make install"),
         run("apk add curl"),
         nop("ADD https://example.org/tool.tgz /opt/ "),
         {"created_by": "COPY . /app # buildkit"}])
archive("good.tar", "ward/cfg:1.0", [base, good],
        {"User": "1000:1000", "Env": ["PATH=/usr/bin:/bin", "LANG=C.UTF-8", "GPG_KEY=0123ABCD"],
         "ExposedPorts": {"8080/tcp": {}}, "Volumes": {"/data": {}},
         "Healthcheck": {"Test": ["CMD-SHELL", "test -e /app/server.py"], "Interval": 30000000000}},
        [{"created_by": "/bin/sh -c #(nop) ADD file:4b03b5f551e3fbdf47ec609712007327828f7530cc3455c43bbcdcaf449a75a9 in / "},
         nop("LABEL org.opencontainers.image.authors=jane@example.org"),
         run("apt-get update && apt-get install -y --no-install-recommends ca-certificates && rm -rf /var/lib/apt/lists/*"),
         run("apk add --no-cache curl"),
         run("curl -fsSLo /tmp/x.sh https://get.example.org/install.sh && sha256sum -c x.sum && sh /tmp/x.sh"),
         {"created_by": "COPY . /app # buildkit"}])
PY

scan "$T/bad.tar" bad || { ok 1 "scan bad.tar"; done_testing; exit 1; }
scan "$T/good.tar" good || { ok 1 "scan good.tar"; done_testing; exit 1; }

# one check, one firing image, one quiet image
both() { # ID WANT_BAD PATH_OR_EMPTY name
    local id=$1 want=$2 path=${3:-}
    if [ -n "$path" ]; then
        is "$(fires bad "$id" "$path")" "$want" "$id fires on bad.tar at $path"
        is "$(fires good "$id" "$path")" 0 "$id quiet on good.tar at $path"
    else
        is "$(fires bad "$id")" "$want" "$id fires on bad.tar"
        is "$(fires good "$id")" 0 "$id quiet on good.tar"
    fi
}
both CIS-DI-0001 1 /etc/passwd            # USER toor resolves to uid 0
both CIS-DI-0006 1                         # no HEALTHCHECK vs a HEALTHCHECK
both CIS-DI-0007 1                         # apt-get update alone vs combined
both CIS-DI-0009 1                         # remote ADD (the base rootfs ADD is not counted)
both DKL-DI-0003 1                         # dist-upgrade
both DKL-DI-0004 1                         # apk add without --no-cache
both WARD-DI-0001 1                        # curl | sh vs download, verify, run
both WARD-DI-0002 1                        # EXPOSE 22/tcp vs 8080
both DKL-DI-0002 1                         # VOLUME /var/run/docker.sock vs /data
both WARD-DI-0004 1                        # MAINTAINER vs LABEL
both DKL-LI-0001 1 /etc/shadow             # toor has an empty password
both DKL-LI-0002 1 /etc/passwd             # toor reuses uid 0
both DKL-LI-0003 1 /app/.git
both DKL-LI-0003 1 /app/.DS_Store
both CIS-DI-0010 1 /root/.ssh/id_rsa
both WARD-DI-0003 1 /srv/shared
both DKL-DI-0005 1 /var/lib/apt/lists      # apt lists removed by whiteouts in good.tar
is "$(fires bad DKL-DI-0001)" 1 "DKL-DI-0001: sudo in history"
is "$(fires good DKL-DI-0001)" 0 "DKL-DI-0001 quiet without sudo (and sudo is not installed)"
is "$(fires bad CIS-DI-0010)" 3 "CIS-DI-0010: API_TOKEN, an AWS key id in UPLOAD, id_rsa"
grep -q 'AKIAIOSFODNN7EXAMPLE\|s3cr3t' "$T/bad.json"; is "$?" 1 "credential values are never printed"
is "$(fires bad WARD-DI-0003 /srv/scratch)" 0 "sticky world-writable dir is fine"

# setuid/setgid ground truth: find over the same rootfs (minus the whited-out su) + the new files
find "$ROOTFS" -xdev -type f -perm /6000 -printf '/%P\n' | sort >"$T/suid.base"
awk -F'\t' '$1=="CIS-DI-0008" {print $2}' "$T/good.tsv" | sort >"$T/suid.good"
awk -F'\t' '$1=="CIS-DI-0008" {print $2}' "$T/bad.tsv" | sort >"$T/suid.bad"
ok "$([ -s "$T/suid.base" ] && echo 0 || echo 1)" "find lists setuid files in the Debian rootfs ($(wc -l <"$T/suid.base"))"
diff "$T/suid.base" "$T/suid.good" >&2; is "$?" 0 "CIS-DI-0008 lists exactly find's setuid/setgid files"
{ grep -vx /usr/bin/su "$T/suid.base"; echo /usr/local/bin/sgidtool; echo /usr/local/bin/suidtool; } |
    sort >"$T/suid.want"
diff "$T/suid.want" "$T/suid.bad" >&2; is "$?" 0 "bad.tar: su removed by a whiteout, two new files listed"
find "$ROOTFS" -xdev -type d -perm -0002 ! -perm -1000 -printf '/%P\n' | sort >"$T/ww.base"
awk -F'\t' '$1=="WARD-DI-0003" {print $2}' "$T/good.tsv" | sort >"$T/ww.good"
diff "$T/ww.base" "$T/ww.good" >&2; is "$?" 0 "WARD-DI-0003 matches find's world-writable dirs"

# ---- docker import --change variants on a private dockerd -----------------------------
if ward_dockerd_start; then
    imp() { # imp [--change X]... REF
        local ref=${!#}
        docker import "${@:1:$#-1}" "$T/base.tar" "$ref" >/dev/null
    }
    imp ward/deb:plain
    imp --change 'USER nobody' --change 'EXPOSE 8080' --change 'ENV LANG=C.UTF-8' ward/deb:user
    imp --change 'USER 0' --change 'EXPOSE 22' --change 'ENV DB_PASSWORD=hunter2' \
        --change 'VOLUME /proc' ward/deb:root0
    docker tag ward/deb:plain ward/deb:latest
    scan docker:ward/deb:plain plain && scan docker:ward/deb:user user &&
        scan docker:ward/deb:root0 root0 && scan docker:ward/deb nolatest
    is "$(fires plain CIS-DI-0001)" 1 "import without USER runs as root"
    is "$(fires root0 CIS-DI-0001)" 1 "USER 0 is root"
    is "$(fires user CIS-DI-0001)" 0 "USER nobody is not root"
    is "$(fires root0 WARD-DI-0002)" 1 "EXPOSE 22 fires"
    is "$(fires user WARD-DI-0002)" 0 "EXPOSE 8080 does not"
    is "$(fires root0 CIS-DI-0010)" 1 "ENV DB_PASSWORD fires"
    is "$(fires user CIS-DI-0010)" 0 "ENV LANG does not"
    is "$(fires root0 DKL-DI-0002)" 1 "VOLUME /proc fires"
    is "$(fires user DKL-DI-0002)" 0 "no sensitive volume"
    is "$(fires nolatest DKL-DI-0006)" 1 "untagged reference means latest"
    is "$(fires plain DKL-DI-0006)" 0 "a version tag does not"
    is "$(fires plain DKL-DI-0005)" 1 "debootstrap leaves apt lists behind"
    is "$(fires plain CIS-DI-0005)" 1 "content trust off in this environment"
    DOCKER_CONTENT_TRUST=1 scan docker:ward/deb:plain trust
    is "$(fires trust CIS-DI-0005)" 0 "DOCKER_CONTENT_TRUST=1 silences CIS-DI-0005"
    # sudo installed: ward reads it from the dpkg database, dpkg-query agrees
    is "$(fires plain DKL-DI-0001)" \
       "$(dpkg-query --admindir="$ROOTFS/var/lib/dpkg" -W -f '${Package}\n' sudo 2>/dev/null | grep -c .)" \
       "DKL-DI-0001 (sudo installed) agrees with dpkg-query"
    ward_dockerd_stop
else
    echo "# no private dockerd: import variants skipped"
fi

# ---- the real Alpine images ----------------------------------------------------------
for a in alpine-310 alpine-311; do
    [ -f "$TD/$a.tar.gz" ] || continue
    scan "$TD/$a.tar.gz" "$a" || { ok 1 "scan $a"; continue; }
    is "$(fires "$a" CIS-DI-0001)" 1 "$a: runs as root"
    # setuid ground truth: the layer tar itself, read by tar(1)
    mkdir -p "$T/$a" && tar -C "$T/$a" -xzf "$TD/$a.tar.gz"
    want=$(for l in $(jq -r '.[0].Layers[]' "$T/$a/manifest.json"); do
        tar -tvf "$T/$a/$l" | awk '$1 ~ /^-..[sS]|^-.....[sS]/ {print "/" $NF}'; done | sort -u | tr '\n' ' ')
    got=$(awk -F'\t' '$1=="CIS-DI-0008" {print $2}' "$T/$a.tsv" | sort -u | tr '\n' ' ')
    is "$got" "$want" "$a: setuid/setgid files match tar -tv ($(echo $want | wc -w) files)"
done
done_testing
