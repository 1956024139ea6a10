#!/bin/bash
# db_update.sh - `ward db update` from feed URLs served by a local HTTP server
# on 127.0.0.1 (the shared advisory data), against `ward db import` of the
# same files; a failed fetch leaves the DB byte-identical; `ward db export`
# writes a bundle that `ward db import` installs and that scans the same.
set -u
. "$WARD_SRCDIR/tests/lib/tap.sh"
WARD=${WARD_BIN:?}
TD=${WARD_TESTDATA:?}
command -v jq >/dev/null || skip_all "jq missing"
T=$(mktemp -d /tmp/ward-e2e-dbup.XXXXXX)
SRV_PID=
cleanup() { [ -n "$SRV_PID" ] && kill "$SRV_PID" 2>/dev/null; rm -rf "$T"; }
trap cleanup EXIT
export XDG_CACHE_HOME=$T/cache XDG_CONFIG_HOME=$T/config
unset WARD_DB WARD_DB_FEEDS

# The feeds: Alpine secdb YAML, a Debian DSA list, and Go advisories as an osv.dev all.zip.
mkdir -p "$T/www"
cp "$TD/alpine-secdb/v3.10/main.yaml" "$T/www/alpine-v3.10-main.yaml"
cp "$TD/debian-security-tracker/data/DSA/list" "$T/www/DSA-list"
/usr/bin/python3 "$WARD_SRCDIR/tests/lib/make_osv_zip.py" "$TD/golang-vulndb/data/osv" 200 \
    "$T/www/all.zip" "$T/zip.h" >/dev/null 2>&1 ||
    /usr/bin/python3 - "$TD/golang-vulndb" "$T/www/all.zip" <<'EOF'
import sys, zipfile, pathlib
files = sorted(pathlib.Path(sys.argv[1]).rglob("GO-*.json"))[:200]
with zipfile.ZipFile(sys.argv[2], "w", zipfile.ZIP_DEFLATED) as z:
    for f in files: z.writestr(f.name, f.read_bytes())
EOF
ok $? "feeds prepared"

PORT=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
(cd "$T/www" && exec /usr/bin/python3 -m http.server --bind 127.0.0.1 "$PORT" >"$T/http.log" 2>&1) &
SRV_PID=$!
for _ in $(seq 50); do
    curl -fsS "http://127.0.0.1:$PORT/DSA-list" -o /dev/null 2>/dev/null && break
    sleep 0.1
done
BASE=http://127.0.0.1:$PORT
URLS="$BASE/alpine-v3.10-main.yaml $BASE/DSA-list $BASE/all.zip"

# Reference: the same files imported from disk.
"$WARD" db --db "$T/ref.sqlite" import "$T/www/alpine-v3.10-main.yaml" "$T/www/DSA-list" \
    "$T/www/all.zip" >/dev/null 2>"$T/ref.err"
ok $? "reference import from disk"
counts() { "$WARD" db --db "$1" status --json | jq -c '[.advisories, .affected, .aliases]'; }
REF=$(counts "$T/ref.sqlite")
diag "reference [advisories, affected, aliases] = $REF"

# shellcheck disable=SC2086
"$WARD" db --db "$T/db.sqlite" update $URLS >/dev/null 2>"$T/up.err"
ok $? "ward db update from 3 URLs on 127.0.0.1"
is "$(counts "$T/db.sqlite")" "$REF" "update gives the same counts as importing the files"
is "$("$WARD" db --db "$T/db.sqlite" status --json | jq -r '[.sources[].path] | sort | join(" ")')" \
    "$(echo $URLS | tr ' ' '\n' | sort | tr '\n' ' ' | sed 's/ $//')" "sources are named by their URLs"

# Feeds from the config file and from the environment.
mkdir -p "$T/config/ward"
printf '# feeds\n%s\n' $URLS >"$T/config/ward/feeds"
"$WARD" db --db "$T/db2.sqlite" update >/dev/null 2>"$T/up2.err"
ok $? "update with feeds from \$XDG_CONFIG_HOME/ward/feeds"
is "$(counts "$T/db2.sqlite")" "$REF" "config feeds give the same DB"
WARD_DB_FEEDS="$BASE/alpine-v3.10-main.yaml" "$WARD" db --db "$T/db3.sqlite" update >/dev/null 2>&1
ok $? "update with \$WARD_DB_FEEDS"

# A failing feed (404) aborts the update and leaves the DB byte-identical.
before=$(sha256sum <"$T/db.sqlite")
# shellcheck disable=SC2086
"$WARD" db --db "$T/db.sqlite" update $URLS "$BASE/missing.json" >/dev/null 2>"$T/fail.err"
is "$?" 3 "a 404 feed: exit status 3"
grep -q "404" "$T/fail.err"
ok $? "a 404 feed: the error names the HTTP status"
is "$(sha256sum <"$T/db.sqlite")" "$before" "a failed update leaves the DB byte-identical"
is "$(find "$T" -maxdepth 1 \( -name '*.update-*' -o -name '*.import-*' -o -name '*.install-*' \) | wc -l)" 0 \
    "no temp files left behind"

# Export -> bundle -> install elsewhere; the bundle also travels over HTTP.
"$WARD" db --db "$T/db.sqlite" export "$T/www/bundle.db" >/dev/null
ok $? "ward db export"
"$WARD" db --db "$T/from-bundle.sqlite" import "$T/www/bundle.db" >/dev/null 2>"$T/bundle.err"
ok $? "ward db import of a bundle"
grep -q "installed bundle" "$T/bundle.err"
ok $? "the import says on stderr what it installed"
"$WARD" db -q --db "$T/quiet.sqlite" import "$T/www/bundle.db" >"$T/quiet.out" 2>"$T/quiet.err"
ok $? "ward db -q import of a bundle"
is "$(wc -c <"$T/quiet.err")/$(cat "$T/quiet.out")" "0/$T/quiet.sqlite" \
    "with -q: nothing on stderr, the DB path on stdout"
is "$(counts "$T/from-bundle.sqlite")" "$REF" "the bundle holds the same DB"
"$WARD" db --db "$T/from-url.sqlite" update "$BASE/bundle.db" >/dev/null 2>&1
is "$(counts "$T/from-url.sqlite")" "$REF" "a bundle URL installs as the DB"
printf 'not a database' >"$T/www/bad.db"
cp "$T/from-bundle.sqlite" "$T/keep.sqlite"
head -c 4096 "$T/www/bundle.db" >"$T/trunc.db"
"$WARD" db --db "$T/keep.sqlite" import "$T/trunc.db" >/dev/null 2>"$T/trunc.err"
ok $((! $?)) "a truncated bundle is refused"
is "$(counts "$T/keep.sqlite")" "$REF" "a refused bundle leaves the DB as it was"

# The same scan on the updated DB and on the bundle.
A=$TD/trivy/pkg/fanal/test/testdata/alpine-310.tar.gz
"$WARD" scan --db "$T/db.sqlite" -f json "$A" | jq -c '[.findings[] | [.id, .package.name]]' >"$T/s1"
"$WARD" scan --db "$T/from-bundle.sqlite" -f json "$A" | jq -c '[.findings[] | [.id, .package.name]]' >"$T/s2"
cmp -s "$T/s1" "$T/s2"
ok $? "scan results equal on the updated DB and on its bundle"

done_testing
