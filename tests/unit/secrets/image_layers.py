#!/usr/bin/env python3
# image_layers.py - the planted-secret corpus in a real docker-archive image:
# layer 0 holds tests/data/secrets/planted, layer 1 deletes two of its files
# (whiteouts), overwrites one, and adds a new secret; the config carries secrets
# in Env and history. Every planted secret must be found with the right path,
# line, rule, layer and deleted flag; no raw value may reach stdout or stderr.
# Usage: image_layers.py SECRETS_TOOL|WARD SRCDIR   (prints TAP)
import hashlib, io, json, os, secrets, string, subprocess, sys, tarfile, tempfile

tool, srcdir = sys.argv[1], sys.argv[2]
root = os.path.join(srcdir, 'tests/data/secrets/planted')
n = 0
failed = 0


def ok(cond, name, diag=None):
    global n, failed
    n += 1
    print(('ok' if cond else 'not ok') + f' {n} - {name}')
    if not cond:
        failed += 1
        if diag:
            print('# ' + str(diag).replace('\n', '\n# '))


def rnd(k):
    return ''.join(secrets.choice(string.ascii_letters + string.digits) for _ in range(k))


def add_file(tf, name, data, mode=0o644):
    ti = tarfile.TarInfo(name)
    ti.size = len(data)
    ti.mode = mode
    ti.mtime = 1700000000
    tf.addfile(ti, io.BytesIO(data))


def add_dir(tf, name):
    ti = tarfile.TarInfo(name)
    ti.type = tarfile.DIRTYPE
    ti.mode = 0o755
    ti.mtime = 1700000000
    tf.addfile(ti)


def layer(build):
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode='w', format=tarfile.PAX_FORMAT) as tf:
        build(tf)
    return buf.getvalue()


expected = []  # path, line, rule, secret, layer index, deleted
for ln in open(os.path.join(srcdir, 'tests/data/secrets/planted.tsv')):
    if ln.startswith('#') or not ln.strip():
        continue
    p, line, rule, sec = ln.rstrip('\n').split('\t')
    expected.append([p, int(line), rule, sec, 0, False])
deleted = {'/root/.git-credentials', '/app/old/server.pem', '/app/db.yaml'}
for e in expected:
    e[5] = e[0] in deleted
raw = [e[3] for e in expected]
# every line of the planted private keys' bodies is secret too
for dirpath, _, files in os.walk(root):
    for f in files:
        for l in open(os.path.join(dirpath, f), errors='replace'):
            l = l.strip()
            if len(l) >= 40 and all(c.isalnum() or c in '+/=' for c in l):
                raw.append(l)


def l0(tf):
    for dirpath, dirs, files in sorted(os.walk(root)):
        rel = os.path.relpath(dirpath, root)
        if rel != '.':
            add_dir(tf, rel)
        for f in sorted(files):
            add_file(tf, os.path.normpath(os.path.join(rel, f)),
                     open(os.path.join(dirpath, f), 'rb').read())


late_tok = 'ghp_' + rnd(36)
env_tok = 'xoxb-' + ''.join(secrets.choice(string.digits) for _ in range(12)) + '-' + \
    ''.join(secrets.choice(string.digits) for _ in range(13)) + '-' + rnd(24)
arg_tok = 'npm_' + rnd(36)
raw += [late_tok, env_tok, arg_tok]


def l1(tf):
    add_dir(tf, 'root')
    add_file(tf, 'root/.wh..git-credentials', b'')
    add_dir(tf, 'app')
    add_dir(tf, 'app/old')
    add_file(tf, 'app/old/.wh.server.pem', b'')
    add_file(tf, 'app/db.yaml', b'database:\n  url: postgres://shop@db.internal/shop\n')
    add_dir(tf, 'app/late')
    add_file(tf, 'app/late/.env', f'# added later\n\nGITHUB_TOKEN={late_tok}\n'.encode())


expected.append(['/app/late/.env', 3, 'github-pat', late_tok, 1, False])
layers = [layer(l0), layer(l1)]
diff_ids = ['sha256:' + hashlib.sha256(b).hexdigest() for b in layers]
config = {
    'architecture': 'amd64', 'os': 'linux', 'created': '2026-01-01T00:00:00Z',
    'config': {'Env': ['PATH=/usr/bin:/bin', f'SLACK_BOT_TOKEN={env_tok}'], 'Cmd': ['/bin/sh']},
    'rootfs': {'type': 'layers', 'diff_ids': diff_ids},
    'history': [{'created_by': 'COPY planted/ / # buildkit'},
                {'created_by': f'RUN |1 NPM_TOKEN={arg_tok} /bin/sh -c npm ci # buildkit'}],
}
cfg = json.dumps(config).encode()
cfg_name = hashlib.sha256(cfg).hexdigest() + '.json'

with tempfile.TemporaryDirectory() as tmp:
    arch = os.path.join(tmp, 'planted.tar')
    with tarfile.open(arch, 'w', format=tarfile.PAX_FORMAT) as tf:
        names = []
        for i, b in enumerate(layers):
            name = f'{hashlib.sha256(b).hexdigest()}/layer.tar'
            names.append(name)
            add_file(tf, name, b)
        add_file(tf, cfg_name, cfg)
        add_file(tf, 'manifest.json', json.dumps(
            [{'Config': cfg_name, 'RepoTags': ['planted:1'], 'Layers': names}]).encode())
    # TOOL is secrets-tool, or the ward binary itself (then through `ward scan`)
    via_ward = os.path.basename(tool) == 'ward'
    cmd = ([tool, 'scan', '--scanners', 'secret', '--no-cache', '-f', 'json',
            '--type', 'docker-archive', arch] if via_ward
           else [tool, '--source', 'docker-archive', arch])
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    if via_ward:  # the same image with the config checks too, as JSON and as SARIF
        both = [tool, 'scan', '--scanners', 'secret,config', '--no-cache', '--type', 'docker-archive']
        rj = subprocess.run(both + ['-f', 'json', arch], capture_output=True, text=True, timeout=120)
        rs = subprocess.run(both + ['-f', 'sarif', '-o', os.path.join(tmp, 'out.sarif'), arch],
                            capture_output=True, text=True, timeout=120)
        sarif_text = open(os.path.join(tmp, 'out.sarif')).read() if rs.returncode == 0 else ''
        # the full OASIS SARIF 2.1.0 schema, with Debian's python3 (python3-rfc3987: uri formats)
        py = '/usr/bin/python3' if os.access('/usr/bin/python3', os.X_OK) else sys.executable
        has_js = subprocess.run([py, '-c', 'import jsonschema'], capture_output=True).returncode == 0
        rv = subprocess.run([py, os.path.join(srcdir, 'tests/lib/validate_schema.py'),
                             os.path.join(srcdir, 'tests/data/schemas/sarif-2.1.0.schema.json'),
                             os.path.join(tmp, 'out.sarif')], capture_output=True, text=True) \
            if has_js and sarif_text else None
ok(r.returncode == 0, os.path.basename(tool) + ' scans the docker-archive', r.stderr)
try:
    found = json.loads(r.stdout)['secrets' if via_ward else 'findings']
except Exception as ex:  # noqa: BLE001
    found = []
    ok(False, 'output is JSON', ex)

out = r.stdout + r.stderr
leaked = [s[:6] + '...' for s in raw if s in out]
ok(not leaked, 'no raw secret value on stdout or stderr', leaked)

cfg_expect = [('config:/config/Env/1', 'slack-token', None),
              ('config:/history/1/created_by', 'npm-token', None)]
left = list(found)
for p, line, rule, sec, li, dele in expected:
    hit = [f for f in left if f['path'] == p and f['line'] == line and f['rule_id'] == rule]
    good = len(hit) == 1 and hit[0].get('layer_index') == li and \
        hit[0].get('layer') == diff_ids[li] and hit[0].get('deleted', False) == dele and \
        '****' in hit[0]['match']
    ok(bool(hit) and good, f'{p}:{line} {rule} layer {li}' + (' (deleted later)' if dele else ''),
       hit or 'not found')
    if hit:
        left.remove(hit[0])
for p, rule, _ in cfg_expect:
    hit = [f for f in left if f['path'] == p and f['rule_id'] == rule]
    ok(len(hit) == 1, f'{p} {rule}', hit or 'not found')
    if hit:
        left.remove(hit[0])
ok(not left, 'no other findings', left)

if via_ward:
    ok(rj.returncode == 0 and rs.returncode == 0, 'ward scan --scanners secret,config: json and sarif',
       rj.stderr + rs.stderr)
    if rv is not None:
        ok(rv.returncode == 0, 'sarif validates against the OASIS SARIF 2.1.0 schema', rv.stderr)
    else:
        print('# python3-jsonschema missing: SARIF not validated')
    try:
        both_json = json.loads(rj.stdout)
        res = json.loads(sarif_text)['runs'][0]['results']
    except Exception as ex:  # noqa: BLE001
        both_json, res = {'secrets': [], 'checks': []}, []
        ok(False, 'sarif and json parse', ex)
    n_sec = len([x for x in res if x.get('ruleId', '').startswith('secret/')])
    n_chk = len([x for x in res if x.get('ruleId', '').startswith('config/')])
    ok(n_sec == len(both_json.get('secrets') or []) == len(found),
       f'sarif: one result per secret ({n_sec})', [n_sec, len(found)])
    ok(n_chk == len(both_json.get('checks') or []) and n_chk > 0,
       f'sarif: one result per config check finding ({n_chk})', [n_chk, both_json.get('checks')])
    leaked = [s[:6] + '...' for s in raw if s in sarif_text]
    ok(not leaked, 'no raw secret value in the sarif', leaked)
print(f'1..{n}')
sys.exit(1 if failed else 0)
