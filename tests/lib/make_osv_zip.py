#!/usr/bin/env python3
# make_osv_zip.py - build an osv.dev-style all.zip (flat <id>.json members,
# deflated) from the first N records of an OSV directory, and a C header
# describing it (count, first id, its first alias) for the unit tests.
# usage: make_osv_zip.py OSV_DIR N OUT.zip OUT.h
import json
import sys
import zipfile
from pathlib import Path

src, n, out_zip, out_h = Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]
files = sorted(src.glob("*.json"))[:n]
first_id = first_alias = None
with zipfile.ZipFile(out_zip, "w", zipfile.ZIP_DEFLATED) as z:
    for f in files:
        rec = json.loads(f.read_text())
        if first_id is None and rec.get("aliases"):
            first_id, first_alias = rec["id"], rec["aliases"][0]
        z.writestr(f.name, f.read_bytes())
Path(out_h).write_text(
    '#define OSV_ZIP_COUNT %d\n#define OSV_ZIP_FIRST_ID "%s"\n#define OSV_ZIP_FIRST_ALIAS "%s"\n'
    % (len(files), first_id, first_alias))
