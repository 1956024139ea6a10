#!/usr/bin/python3
# validate_schema.py - validate a JSON document against one of the schemas in
# tests/data/schemas, offline: every "$ref" to another schema resolves to the
# local copy by its "$id". Exit 0 when valid, 1 with the errors otherwise.
# Usage: validate_schema.py SCHEMA.json DOCUMENT.json
import json
import os
import sys
import warnings

import jsonschema

warnings.simplefilter("ignore", DeprecationWarning)


def main():
    if len(sys.argv) != 3:
        sys.stderr.write("usage: validate_schema.py SCHEMA DOCUMENT\n")
        return 2
    schema_path, doc_path = sys.argv[1], sys.argv[2]
    sdir = os.path.dirname(os.path.abspath(schema_path))
    store = {}
    for name in os.listdir(sdir):
        if name.endswith(".json"):
            with open(os.path.join(sdir, name)) as f:
                s = json.load(f)
            sid = s.get("$id") or s.get("id")
            if sid:
                store[sid] = s
                store[sid.rstrip("#")] = s
            store[name] = s
    with open(schema_path) as f:
        schema = json.load(f)
    with open(doc_path) as f:
        doc = json.load(f)
    cls = jsonschema.validators.validator_for(schema)
    resolver = jsonschema.RefResolver.from_schema(schema, store=store)
    v = cls(schema, resolver=resolver, format_checker=jsonschema.FormatChecker())
    errors = sorted(v.iter_errors(doc), key=lambda e: list(e.absolute_path))
    for e in errors[:20]:
        path = "/".join(str(p) for p in e.absolute_path)
        sys.stderr.write("%s: /%s: %s\n" % (doc_path, path, e.message[:300]))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
