#!/usr/bin/env python3
# embed_rules.py - turn rules/default.yaml (and any further rules/*.yaml given,
# appended in order as one YAML sequence) into a C array at build time so the
# ward binary carries its default rules (meson custom_target).
# usage: embed_rules.py IN.yaml [IN2.yaml ...] OUT.c
import sys

srcs, dst = sys.argv[1:-1], sys.argv[-1]
src = srcs[0]
data = b''.join(open(p, 'rb').read().rstrip(b'\n') + b'\n\n' for p in srcs)
with open(dst, 'w') as f:
    f.write('/* generated from %s by embed_rules.py; do not edit */\n' % src.split('/')[-1])
    f.write('#include <stddef.h>\n')
    f.write('extern const char ward_watch_default_rules[];\n')
    f.write('extern const size_t ward_watch_default_rules_len;\n')
    f.write('const char ward_watch_default_rules[] = {\n')
    for i in range(0, len(data), 16):
        f.write('    ' + ', '.join('%d' % b for b in data[i:i + 16]) + ',\n')
    f.write('    0};\n')
    f.write('const size_t ward_watch_default_rules_len = %d;\n' % len(data))
