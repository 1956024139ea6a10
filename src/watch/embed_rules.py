#!/usr/bin/env python3
# embed_rules.py - turn rules/default.yaml into a C array at build time so the
# ward binary carries its default rules (meson custom_target).
import sys

src, dst = sys.argv[1], sys.argv[2]
data = open(src, 'rb').read()
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
