#!/usr/bin/env python3
# embed_default.py - turn docs/policy-default.yaml into a C string at build
# time, so `ward policy show-default` prints exactly the documented bundle.
# usage: embed_default.py IN.yaml OUT.c
import sys

src, dst = sys.argv[1], sys.argv[2]
data = open(src, 'rb').read()
with open(dst, 'w') as f:
    f.write('/* generated from %s by embed_default.py; do not edit */\n' % src.split('/')[-1])
    f.write('#include "policy/policy.h"\n\n')
    f.write('static const char text[] = {\n')
    for i in range(0, len(data), 16):
        f.write('    ' + ', '.join('%d' % b for b in data[i:i + 16]) + ',\n')
    f.write('    0};\n\n')
    f.write('const char *ward_policy_default_text(size_t *len)\n{\n')
    f.write('    if (len)\n        *len = sizeof(text) - 1;\n    return text;\n}\n')
