/* node.c - Node.js catalogers: installed package.json manifests, and the
 * lockfiles package-lock.json (v1 dependency tree, v2/v3 "packages" map with
 * links and workspaces), yarn.lock (classic v1 and berry), pnpm-lock.yaml
 * (v5, v6 and v9 key formats). */
#include "inventory/inventory.h"
#include "inventory/lang.h"
#include "inventory/yamldoc.h"
#include "util/json_in.h"
#include "util/limits.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct ward_pkg *add(struct ward_pkglist *out, const char *path, const char *cataloger,
                            struct ward_span name, struct ward_span version)
{
    return ward_pkglist_add_found(out, "npm", "npm", cataloger, path, name, version);
}

/* ---------------------------------------------------------------- package.json */

static void lic_add(struct ward_buf *b, const char *s)
{
    if (!s || !*s)
        return;
    if (b->len)
        ward_buf_adds(b, "; ");
    ward_buf_adds(b, s);
}

static void license_of(struct ward_buf *b, json_t *v)
{
    if (json_is_string(v)) {
        lic_add(b, json_string_value(v));
    } else if (json_is_object(v)) {
        lic_add(b, ward_jstr(v, "type"));
    } else if (json_is_array(v)) {
        size_t i;
        json_t *e;
        json_array_foreach(v, i, e)
        {
            if (json_is_string(e))
                lic_add(b, json_string_value(e));
            else
                lic_add(b, ward_jstr(e, "type"));
        }
    }
}

/* npm's rules for a package name: optional "@scope/", then one path segment. */
static bool npm_name_ok(const char *n)
{
    size_t len = strlen(n);
    if (!len || len > 214)
        return false;
    const char *slash = strchr(n, '/');
    if (n[0] == '@') {
        if (!slash || slash == n + 1 || !slash[1] || strchr(slash + 1, '/'))
            return false;
    } else if (slash) {
        return false;
    }
    return n[0] != '.' && n[0] != '_';
}

int ward_npm_package_json_parse(struct ward_pkglist *out, const char *path, const char *data,
                                size_t len, struct ward_error **err)
{
    ward_autojson doc = NULL;
    int jrc = ward_json_parse_object(&doc, path, data, len, err);
    if (jrc < 0)
        return jrc;
    const char *name = ward_jstr(doc, "name"), *version = ward_jstr(doc, "version");
    /* manifests without name and version (apps, test fixtures) are not packages */
    if (!name || !version || !*version || !npm_name_ok(name))
        return 0;
    struct ward_pkg *p =
        add(out, path, "npm-package-json", ward_span_cstr(name), ward_span_cstr(version));
    struct ward_buf lic = WARD_BUF_INIT(WARD_LIMIT_LINE);
    license_of(&lic, json_object_get(doc, "license"));
    if (!lic.len)
        license_of(&lic, json_object_get(doc, "licenses")); /* legacy form */
    if (lic.len && !lic.err)
        p->licenses = ward_pkglist_str(out, lic.ptr);
    ward_buf_dispose(&lic);
    return 0;
}

/* ---------------------------------------------------------- package-lock.json */

static void lock_v1(struct ward_pkglist *out, const char *path, json_t *deps)
{
    const char *name;
    json_t *d;
    json_object_foreach(deps, name, d)
    {
        const char *ver = ward_jstr(d, "version");
        if (ver && *ver && *name) {
            struct ward_pkg *p =
                add(out, path, "npm-package-lock", ward_span_cstr(name), ward_span_cstr(ver));
            p->dev = ward_jbool(d, "dev", false);
        }
        json_t *sub = ward_jobj(d, "dependencies");
        if (sub) /* depth is bounded by the JSON reader's nesting limit */
            lock_v1(out, path, sub);
    }
}

static const char *last_node_modules(const char *key)
{
    const char *best = NULL;
    for (const char *s = key; (s = strstr(s, "node_modules/")) != NULL; s += 13)
        if (s == key || s[-1] == '/')
            best = s + 13;
    return best;
}

static bool root_dep(json_t *root, const char *name)
{
    static const char *const kinds[] = {"dependencies", "devDependencies", "optionalDependencies",
                                        "peerDependencies"};
    for (size_t i = 0; i < WARD_ARRAY_LEN(kinds); i++)
        if (json_object_get(ward_jobj(root, kinds[i]), name))
            return true;
    return false;
}

static void lock_v2(struct ward_pkglist *out, const char *path, json_t *pkgs)
{
    json_t *root = ward_jobj(pkgs, "");
    const char *key;
    json_t *e;
    json_object_foreach(pkgs, key, e)
    {
        if (!json_is_object(e))
            continue;
        const char *tail = last_node_modules(key);
        if (!tail || !*tail)
            continue; /* the root, or a workspace's own folder (reached through its link) */
        const char *name = ward_jstr(e, "name");
        if (!name || !*name)
            name = tail;
        const char *ver = ward_jstr(e, "version");
        bool dev = ward_jbool(e, "dev", false);
        bool is_link = ward_jbool(e, "link", false);
        if (is_link) {
            /* node_modules/x -> a folder in the tree (workspace): the target holds the version */
            const char *target = ward_jstr(e, "resolved");
            json_t *t = target && *target ? ward_jobj(pkgs, target) : NULL;
            if (!t)
                continue; /* broken link */
            ver = ward_jstr(t, "version");
            if (ward_jstr(t, "name"))
                name = ward_jstr(t, "name");
            dev = ward_jbool(t, "dev", dev);
        }
        if (!ver || !*ver)
            continue;
        struct ward_pkg *p =
            add(out, path, "npm-package-lock", ward_span_cstr(name), ward_span_cstr(ver));
        p->dev = dev;
        /* v2/v3 entries copy the package's "license" (string, object or legacy array) */
        struct ward_buf lic = WARD_BUF_INIT(WARD_LIMIT_LINE);
        license_of(&lic, json_object_get(e, "license"));
        if (!lic.len)
            license_of(&lic, json_object_get(e, "licenses"));
        if (lic.len && !lic.err)
            p->licenses = ward_pkglist_str(out, lic.ptr);
        ward_buf_dispose(&lic);
        /* direct: node_modules/<name> at the top, named by the root manifest
         * (workspace links count as direct, as npm lists them in the root) */
        bool top = strncmp(key, "node_modules/", 13) == 0 && tail == key + 13;
        p->indirect = !(top && (is_link || root_dep(root, tail)));
    }
}

int ward_npm_lock_parse(struct ward_pkglist *out, const char *path, const char *data, size_t len,
                        struct ward_error **err)
{
    ward_autojson doc = NULL;
    int jrc = ward_json_parse_object(&doc, path, data, len, err);
    if (jrc < 0)
        return jrc;
    size_t start = out->n;
    json_t *pkgs = ward_jobj(doc, "packages");
    if (ward_jint(doc, "lockfileVersion", 1) >= 2 && pkgs)
        lock_v2(out, path, pkgs);
    else
        lock_v1(out, path, ward_jobj(doc, "dependencies"));
    ward_pkglist_merge_dups(out, start);
    return 0;
}

/* ------------------------------------------------------------------- yarn.lock */

/* One lockfile entry: the patterns of its header ("a@^1", berry "a@npm:^1"),
 * what they resolved to, and the patterns it depends on. */
struct yarn_entry {
    struct ward_span name, version, resolution;
    size_t pat0, npat; /* lock->pat[pat0 .. pat0 + npat) */
    size_t dep0, ndep; /* lock->dep[dep0 .. dep0 + ndep) */
    bool registry;     /* an npm registry package (only these are listed) */
};

struct yarn_dep {
    struct ward_span name, range;
};

struct yarn_lock {
    struct yarn_entry *e;
    size_t n, cap;
    struct ward_span *pat;
    size_t npat, cappat;
    struct yarn_dep *dep;
    size_t ndep, capdep;
};

static void yarn_lock_dispose(struct yarn_lock *lk)
{
    free(lk->e);
    free(lk->pat);
    free(lk->dep);
}

static struct ward_span unquote(struct ward_span s)
{
    s = ward_span_trim(s);
    if (s.len >= 2 && s.ptr[0] == '"' && s.ptr[s.len - 1] == '"') {
        s.ptr++;
        s.len -= 2;
    }
    return s;
}

/* "name@range" / "@scope/name@npm:range" -> name and the part after '@'. */
static bool split_at_version(struct ward_span pat, struct ward_span *name, struct ward_span *rest)
{
    const char *at = pat.len > 1 ? memchr(pat.ptr + 1, '@', pat.len - 1) : NULL;
    if (!at)
        return false;
    *name = ward_span_of(pat.ptr, (size_t)(at - pat.ptr));
    *rest = ward_span_of(at + 1, pat.len - (size_t)(at - pat.ptr) - 1);
    return name->len > 0;
}

static void yarn_add_dep(struct yarn_lock *lk, struct ward_span name, struct ward_span range)
{
    WARD_GROW(lk->dep, lk->ndep, lk->capdep);
    lk->dep[lk->ndep++] = (struct yarn_dep){name, range};
    lk->e[lk->n - 1].ndep++;
}

/* Header "a@^1, a@~1.2:" (berry: one quoted list) -> a new entry with its
 * patterns. The package is the first pattern's; workspace, patch, file, link,
 * git and URL sources are not registry packages. A patch ("a@patch:a@^1#...")
 * depends on the pattern it patches. */
static void yarn_header(struct yarn_lock *lk, struct ward_span line)
{
    if (line.len && line.ptr[line.len - 1] == ':')
        line.len--;
    WARD_GROW(lk->e, lk->n, lk->cap);
    struct yarn_entry *e = &lk->e[lk->n++];
    *e = (struct yarn_entry){.pat0 = lk->npat, .dep0 = lk->ndep};
    struct ward_span rest = line, piece;
    bool more = true;
    while (more) {
        more = ward_span_cut(rest, ',', &piece, &rest);
        if (!more)
            piece = rest;
        piece = ward_span_trim(piece); /* v1 quotes each pattern, berry the whole list */
        if (piece.len && piece.ptr[0] == '"') {
            piece.ptr++;
            piece.len--;
        }
        if (piece.len && piece.ptr[piece.len - 1] == '"')
            piece.len--;
        if (!piece.len)
            continue;
        WARD_GROW(lk->pat, lk->npat, lk->cappat);
        lk->pat[lk->npat++] = piece;
        e->npat++;
        struct ward_span pn, pr, in, ir;
        if (split_at_version(piece, &pn, &pr) && ward_span_starts(pr, "patch:")) {
            struct ward_span inner = ward_span_of(pr.ptr + 6, pr.len - 6);
            const char *hash = memchr(inner.ptr, '#', inner.len);
            if (hash)
                inner.len = (size_t)(hash - inner.ptr);
            if (split_at_version(inner, &in, &ir))
                yarn_add_dep(lk, in, ir);
        }
    }
    struct ward_span name, ver;
    if (!e->npat || !split_at_version(lk->pat[e->pat0], &name, &ver))
        return;
    const char *colon = memchr(ver.ptr, ':', ver.len);
    if (colon) {
        struct ward_span proto = {ver.ptr, (size_t)(colon - ver.ptr)};
        if (!ward_span_eq(proto, "npm"))
            return;
        /* alias "x@npm:real@^1": the installed package is "real" */
        struct ward_span spec = {colon + 1, ver.len - proto.len - 1}, an, ar;
        if (split_at_version(spec, &an, &ar))
            name = an;
    }
    e->name = name;
    e->registry = true;
}

/* `key value`, `"key" "value"` or `key: value` -> unquoted key and value. */
static bool yarn_kv(struct ward_span f, struct ward_span *key, struct ward_span *val)
{
    size_t i = 0;
    if (!f.len)
        return false;
    if (f.ptr[0] == '"') {
        const char *q = f.len > 1 ? memchr(f.ptr + 1, '"', f.len - 1) : NULL;
        if (!q)
            return false;
        i = (size_t)(q - f.ptr) + 1;
    } else {
        while (i < f.len && f.ptr[i] != ' ' && f.ptr[i] != ':')
            i++;
    }
    *key = unquote(ward_span_of(f.ptr, i));
    struct ward_span v = ward_span_of(f.ptr + i, f.len - i);
    if (v.len && v.ptr[0] == ':') {
        v.ptr++;
        v.len--;
    }
    *val = unquote(v);
    return true;
}

static int yarn_read(struct yarn_lock *lk, const char *path, const char *data, size_t len,
                     struct ward_error **err)
{
    struct ward_span in = {data, len}, line;
    size_t lineno = 0;
    bool cur = false, in_deps = false; /* inside an entry; inside its dependency list */
    while (ward_span_line(&in, &line)) {
        lineno++;
        if (line.len > WARD_LIMIT_LINE)
            return ward_error_set(err, WARD_ELIMIT, 0, "%s: line %zu: too long", path, lineno);
        if (!line.len || line.ptr[0] == '#')
            continue;
        if (line.ptr[0] != ' ') {
            if (line.ptr[line.len - 1] != ':')
                return ward_error_set(err, WARD_EFORMAT, 0,
                                      "%s: line %zu: expected a \"pattern:\" entry header", path,
                                      lineno);
            cur = !ward_span_starts(line, "__metadata");
            in_deps = false;
            if (cur)
                yarn_header(lk, line);
            continue;
        }
        if (!cur || line.len < 3 || line.ptr[1] != ' ')
            continue;
        struct ward_span key, val;
        if (line.ptr[2] != ' ') { /* a field of the entry, at two spaces */
            if (!yarn_kv(ward_span_of(line.ptr + 2, line.len - 2), &key, &val))
                continue;
            struct yarn_entry *e = &lk->e[lk->n - 1];
            in_deps = !val.len && (ward_span_eq(key, "dependencies") ||
                                   ward_span_eq(key, "optionalDependencies"));
            if (ward_span_eq(key, "version"))
                e->version = val;
            else if (ward_span_eq(key, "resolution"))
                e->resolution = val;
        } else if (in_deps && line.len > 4 && line.ptr[3] == ' ' && line.ptr[4] != ' ') {
            /* a dependency, at four spaces: `name "range"` (v1), `name: range` (berry) */
            if (yarn_kv(ward_span_of(line.ptr + 4, line.len - 4), &key, &val) && key.len && val.len)
                yarn_add_dep(lk, key, val);
        }
    }
    return 0;
}

/* Entry holding the pattern name@range, SIZE_MAX if none. Berry writes
 * registry ranges in dependency lists without the "npm:" its headers carry,
 * and a patch's inner pattern with ':' escaped ("e@npm%3A^5"). */
static size_t yarn_find(json_t *by_pat, struct ward_buf *k, struct ward_span name,
                        struct ward_span range)
{
    bool escaped = memchr(range.ptr, '%', range.len) != NULL;
    for (int pass = 0; pass < (escaped ? 4 : 2); pass++) {
        bool npm = pass & 1, decode = pass >= 2;
        if (npm && ward_span_starts(range, "npm:"))
            continue;
        ward_buf_reset(k);
        ward_buf_add(k, name.ptr, name.len);
        ward_buf_adds(k, npm ? "@npm:" : "@");
        for (size_t i = 0; i < range.len; i++) {
            if (decode && range.len - i >= 3 && range.ptr[i] == '%' && range.ptr[i + 1] == '3' &&
                (range.ptr[i + 2] == 'A' || range.ptr[i + 2] == 'a')) {
                ward_buf_addc(k, ':');
                i += 2;
            } else {
                ward_buf_addc(k, range.ptr[i]);
            }
        }
        json_t *v = k->err ? NULL : json_object_getn(by_pat, k->ptr, k->len);
        if (v)
            return (size_t)json_integer_value(v);
    }
    return SIZE_MAX;
}

static const char *const yarn_prod_kinds[] = {"dependencies", "optionalDependencies",
                                              "peerDependencies"};

/* dev and direct from the package.json beside the lockfile: direct = named by
 * it; production = reachable from its dependencies, optionalDependencies or
 * peerDependencies through the entries' dependency lists; the rest (reached
 * from devDependencies only, or from nothing) is dev. False when the manifest
 * cannot say: a workspace root (its members' manifests are not read). */
static bool yarn_mark(const struct yarn_lock *lk, json_t *manifest, bool *prod, bool *direct)
{
    if (json_object_get(manifest, "workspaces"))
        return false;
    ward_autojson by_pat = json_object();
    for (size_t i = 0; i < lk->n; i++)
        for (size_t j = 0; j < lk->e[i].npat; j++) {
            struct ward_span p = lk->pat[lk->e[i].pat0 + j];
            if (!json_object_getn(by_pat, p.ptr, p.len))
                json_object_setn_new_nocheck(by_pat, p.ptr, p.len, json_integer((json_int_t)i));
        }
    struct ward_buf k = WARD_BUF_INIT(WARD_LIMIT_LINE + 16);
    size_t *queue = ward_xcalloc(lk->n ? lk->n : 1, sizeof(*queue)), nq = 0;
    ward_autojson by_name = json_object(); /* roots no pattern matched: 1 dev, 2 prod */
    for (size_t kind = 0; kind < 4; kind++) {
        bool is_prod = kind < 3;
        const char *dep;
        json_t *v;
        json_object_foreach(
            ward_jobj(manifest, is_prod ? yarn_prod_kinds[kind] : "devDependencies"), dep, v)
        {
            if (!json_is_string(v))
                continue;
            size_t i =
                yarn_find(by_pat, &k, ward_span_cstr(dep), ward_span_cstr(json_string_value(v)));
            if (i == SIZE_MAX) {
                json_t *o = json_object_get(by_name, dep);
                if (!o || is_prod)
                    json_object_set_new(by_name, dep, json_integer(is_prod ? 2 : 1));
                continue;
            }
            direct[i] = true;
            if (is_prod && !prod[i]) {
                prod[i] = true;
                queue[nq++] = i;
            }
        }
    }
    /* a range the lockfile does not hold (package.json edited since): every
     * entry of that name */
    for (size_t i = 0; i < lk->n && json_object_size(by_name); i++) {
        struct ward_span name, rest;
        if (!lk->e[i].npat || !split_at_version(lk->pat[lk->e[i].pat0], &name, &rest))
            continue;
        json_t *o = json_object_getn(by_name, name.ptr, name.len);
        if (!o)
            continue;
        direct[i] = true;
        if (json_integer_value(o) == 2 && !prod[i]) {
            prod[i] = true;
            queue[nq++] = i;
        }
    }
    for (size_t qi = 0; qi < nq; qi++) {
        const struct yarn_entry *e = &lk->e[queue[qi]];
        for (size_t j = 0; j < e->ndep; j++) {
            const struct yarn_dep *d = &lk->dep[e->dep0 + j];
            size_t i = yarn_find(by_pat, &k, d->name, d->range);
            if (i != SIZE_MAX && !prod[i]) {
                prod[i] = true;
                queue[nq++] = i;
            }
        }
    }
    free(queue);
    ward_buf_dispose(&k);
    return true;
}

int ward_yarn_lock_parse_manifest(struct ward_pkglist *out, const char *path, const char *data,
                                  size_t len, const char *manifest, size_t manifest_len,
                                  struct ward_error **err)
{
    struct yarn_lock lk = {0};
    int rc = yarn_read(&lk, path, data, len, err);
    if (rc < 0) {
        yarn_lock_dispose(&lk);
        return rc;
    }
    bool *prod = ward_xcalloc(lk.n + 1, sizeof(bool));
    bool *direct = ward_xcalloc(lk.n + 1, sizeof(bool));
    bool marked = false;
    if (manifest) {
        /* a manifest that is not JSON says nothing: no dev marking, as without one */
        ward_autojson doc = NULL;
        struct ward_error *jerr = NULL;
        if (ward_json_parse_object(&doc, path, manifest, manifest_len, &jerr) == 0)
            marked = yarn_mark(&lk, doc, prod, direct);
        ward_error_free(jerr);
    }
    size_t start = out->n;
    for (size_t i = 0; i < lk.n; i++) {
        const struct yarn_entry *e = &lk.e[i];
        if (!e->registry || !e->name.len || !e->version.len)
            continue;
        struct ward_span name = e->name, rn, rr;
        /* berry: resolution "real@npm:1.2.3" names the installed package */
        if (e->resolution.len && split_at_version(e->resolution, &rn, &rr) &&
            ward_span_starts(rr, "npm:"))
            name = rn;
        struct ward_pkg *p = add(out, path, "yarn-lock", name, e->version);
        p->dev = marked && !prod[i];
        p->indirect = marked && !direct[i];
    }
    free(prod);
    free(direct);
    yarn_lock_dispose(&lk);
    ward_pkglist_merge_dups(out, start);
    return 0;
}

int ward_yarn_lock_parse(struct ward_pkglist *out, const char *path, const char *data, size_t len,
                         struct ward_error **err)
{
    return ward_yarn_lock_parse_manifest(out, path, data, len, NULL, 0, err);
}

/* -------------------------------------------------------------- pnpm-lock.yaml */

/* Package key -> name and version, per lockfile generation:
 * v5 "/name/1.0.0_peer@2", v6 "/name@1.0.0(peer@2)", v9 "name@1.0.0(peer@2)". */
static bool pnpm_key(const char *key, bool v5, struct ward_span *name, struct ward_span *ver)
{
    struct ward_span k = ward_span_cstr(key);
    if (k.len && k.ptr[0] == '/') {
        k.ptr++;
        k.len--;
    }
    const char *paren = memchr(k.ptr, '(', k.len);
    if (paren)
        k.len = (size_t)(paren - k.ptr);
    if (v5) {
        const char *slash = NULL;
        for (size_t i = k.len; i-- > 0;)
            if (k.ptr[i] == '/') {
                slash = k.ptr + i;
                break;
            }
        if (!slash || slash == k.ptr)
            return false;
        *name = ward_span_of(k.ptr, (size_t)(slash - k.ptr));
        *ver = ward_span_of(slash + 1, k.len - (size_t)(slash - k.ptr) - 1);
        const char *us = memchr(ver->ptr, '_', ver->len);
        if (us)
            ver->len = (size_t)(us - ver->ptr);
        return name->len && ver->len;
    }
    return split_at_version(k, name, ver) && ver->len;
}

/* Registry versions only: "1.2.3-beta.1+b"; not file:, link:, URLs or paths. */
static bool plain_version(struct ward_span v)
{
    if (!v.len || v.ptr[0] < '0' || v.ptr[0] > '9')
        return false;
    for (size_t i = 0; i < v.len; i++)
        if (v.ptr[i] == ':' || v.ptr[i] == '/')
            return false;
    return true;
}

/* v9 dependency reference "1.0.0(peer@2)" of name -> graph key "name@1.0.0";
 * an alias reference "real@1.0.0" is the key itself. */
static char *pnpm_ref_key(const char *name, const char *ref)
{
    size_t n = strcspn(ref, "(");
    const char *at = n > 1 ? memchr(ref + 1, '@', n - 1) : NULL;
    if (at)
        return ward_xstrndup(ref, n);
    return ward_xasprintf("%s@%.*s", name, (int)n, ref);
}

static void pnpm_edges(yaml_document_t *doc, yaml_node_t *map, json_t *list)
{
    if (!map || map->type != YAML_MAPPING_NODE)
        return;
    for (yaml_node_pair_t *pr = map->data.mapping.pairs.start; pr < map->data.mapping.pairs.top;
         pr++) {
        const char *n = ward_yaml_scalar(yaml_document_get_node(doc, pr->key));
        yaml_node_t *v = yaml_document_get_node(doc, pr->value);
        /* snapshots: "name: 1.0.0"; importers: "name: {specifier, version}" */
        const char *ref = v && v->type == YAML_MAPPING_NODE ? ward_yaml_get_str(doc, v, "version")
                                                            : ward_yaml_scalar(v);
        if (n && ref) {
            char *k = pnpm_ref_key(n, ref);
            json_array_append_new(list, json_string_nocheck(k));
            free(k);
        }
    }
}

/* pnpm-lock v9 has no dev flag: production = reachable from an importer's
 * dependencies or optionalDependencies through the snapshots' dependencies and
 * optionalDependencies; direct = named by an importer. Keys "name@version". */
static void pnpm_v9_reach(yaml_document_t *doc, yaml_node_t *root, json_t *prod, json_t *direct)
{
    ward_autojson adj = json_object();
    yaml_node_t *snaps = ward_yaml_get(doc, root, "snapshots");
    if (snaps && snaps->type == YAML_MAPPING_NODE)
        for (yaml_node_pair_t *pr = snaps->data.mapping.pairs.start;
             pr < snaps->data.mapping.pairs.top; pr++) {
            const char *key = ward_yaml_scalar(yaml_document_get_node(doc, pr->key));
            yaml_node_t *v = yaml_document_get_node(doc, pr->value);
            if (!key || !v)
                continue;
            size_t kn = strcspn(key, "(");
            json_t *list = json_object_getn(adj, key, kn);
            if (!list) {
                list = json_array();
                json_object_setn_new_nocheck(adj, key, kn, list);
            }
            pnpm_edges(doc, ward_yaml_get(doc, v, "dependencies"), list);
            pnpm_edges(doc, ward_yaml_get(doc, v, "optionalDependencies"), list);
        }
    ward_autojson queue = json_array();
    yaml_node_t *imps = ward_yaml_get(doc, root, "importers");
    if (imps && imps->type == YAML_MAPPING_NODE)
        for (yaml_node_pair_t *pr = imps->data.mapping.pairs.start;
             pr < imps->data.mapping.pairs.top; pr++) {
            yaml_node_t *imp = yaml_document_get_node(doc, pr->value);
            static const char *const kinds[] = {"dependencies", "optionalDependencies",
                                                "devDependencies"};
            for (size_t k = 0; k < WARD_ARRAY_LEN(kinds); k++) {
                ward_autojson roots = json_array();
                pnpm_edges(doc, imp ? ward_yaml_get(doc, imp, kinds[k]) : NULL, roots);
                size_t i;
                json_t *r;
                json_array_foreach(roots, i, r)
                {
                    json_object_set(direct, json_string_value(r), json_true());
                    if (k < 2)
                        json_array_append(queue, r);
                }
            }
        }
    /* each key is expanded once: the walk is linear in the lockfile's edges */
    for (size_t qi = 0; qi < json_array_size(queue); qi++) {
        const char *key = json_string_value(json_array_get(queue, qi));
        if (json_object_get(prod, key))
            continue;
        json_object_set_new(prod, key, json_true());
        size_t i;
        json_t *d;
        json_array_foreach(json_object_get(adj, key), i,
                           d) if (!json_object_get(prod, json_string_value(d)))
            json_array_append(queue, d);
    }
}

int ward_pnpm_lock_parse(struct ward_pkglist *out, const char *path, const char *data, size_t len,
                         struct ward_error **err)
{
    yaml_document_t doc;
    if (ward_yaml_load(&doc, data, len, err) < 0)
        return ward_error_wrap(err, "%s", path);
    yaml_node_t *root = ward_yaml_root(&doc);
    if (!root) {
        yaml_document_delete(&doc);
        return 0;
    }
    if (root->type != YAML_MAPPING_NODE) {
        yaml_document_delete(&doc);
        return ward_error_set(err, WARD_EFORMAT, 0, "%s: not a YAML mapping", path);
    }
    const char *lv = ward_yaml_get_str(&doc, root, "lockfileVersion");
    bool v5 = lv && lv[0] >= '0' && lv[0] <= '5' && (lv[1] == '.' || lv[1] == '\0');
    yaml_node_t *pkgs = ward_yaml_get(&doc, root, "packages");
    size_t start = out->n;
    bool v9 = lv && strtol(lv, NULL, 10) >= 9 && ward_yaml_get(&doc, root, "importers");
    ward_autojson prod = json_object();
    ward_autojson direct = json_object();
    if (v9)
        pnpm_v9_reach(&doc, root, prod, direct);
    if (pkgs && pkgs->type == YAML_MAPPING_NODE) {
        for (yaml_node_pair_t *pr = pkgs->data.mapping.pairs.start;
             pr < pkgs->data.mapping.pairs.top; pr++) {
            const char *key = ward_yaml_scalar(yaml_document_get_node(&doc, pr->key));
            yaml_node_t *e = yaml_document_get_node(&doc, pr->value);
            if (!key)
                continue;
            struct ward_span name = {0}, ver = {0};
            bool parsed = pnpm_key(key, v5, &name, &ver);
            const char *fname = ward_yaml_get_str(&doc, e, "name");
            const char *fver = ward_yaml_get_str(&doc, e, "version");
            if (fname && *fname)
                name = ward_span_cstr(fname);
            if (fver && *fver)
                ver = ward_span_cstr(fver);
            else if (!parsed || !plain_version(ver))
                continue; /* local folder or tarball without a declared version */
            if (!name.len || !ver.len)
                continue;
            const char *dev = ward_yaml_get_str(&doc, e, "dev");
            struct ward_pkg *p = add(out, path, "pnpm-lock", name, ver);
            p->dev = dev && strcmp(dev, "true") == 0;
            if (v9) { /* keys "name@version" (a peer suffix never names another package) */
                size_t kn = strcspn(key, "(");
                p->dev = !json_object_getn(prod, key, kn);
                p->indirect = !json_object_getn(direct, key, kn);
            }
        }
    }
    yaml_document_delete(&doc);
    ward_pkglist_merge_dups(out, start);
    return 0;
}

/* -------------------------------------------------------------------- bun.lock */

/* bun.lock is JSONC: copy it without comments and trailing commas so jansson
 * reads it. Strings are copied verbatim (escapes kept). */
static int jsonc_strip(struct ward_buf *b, const char *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char c = p[i];
        if (c == '"') {
            size_t j = i + 1;
            while (j < n && p[j] != '"')
                j += p[j] == '\\' ? 2 : 1;
            if (j >= n)
                return -1;
            ward_buf_add(b, p + i, j + 1 - i);
            i = j;
        } else if (c == '/' && i + 1 < n && p[i + 1] == '/') {
            while (i < n && p[i] != '\n')
                i++;
            ward_buf_addc(b, '\n');
        } else if (c == '/' && i + 1 < n && p[i + 1] == '*') {
            size_t j = i + 2;
            while (j + 1 < n && !(p[j] == '*' && p[j + 1] == '/'))
                j++;
            if (j + 1 >= n)
                return -1;
            ward_buf_addc(b, ' ');
            i = j + 1;
        } else if (c == '}' || c == ']') {
            size_t k = b->len; /* drop a comma before the closer (only blanks between) */
            while (k > 0 && (b->ptr[k - 1] == ' ' || b->ptr[k - 1] == '\t' ||
                             b->ptr[k - 1] == '\n' || b->ptr[k - 1] == '\r'))
                k--;
            if (k > 0 && b->ptr[k - 1] == ',')
                b->ptr[k - 1] = ' ';
            ward_buf_addc(b, c);
        } else {
            ward_buf_addc(b, c);
        }
    }
    return b->err ? -1 : 0;
}

/* "name@version" (scoped names start with '@'); registry versions only: no
 * "workspace:", "file:", "link:", "github:" or URL. */
static bool bun_ident(const char *id, struct ward_span *name, struct ward_span *ver)
{
    const char *at = *id ? strchr(id + 1, '@') : NULL;
    if (!at || at == id || !at[1] || strpbrk(at + 1, ":/"))
        return false;
    *name = (struct ward_span){id, (size_t)(at - id)};
    *ver = ward_span_cstr(at + 1);
    return true;
}

static const char *const bun_prod_kinds[] = {"dependencies", "optionalDependencies",
                                             "peerDependencies"};

/* Mark key (a "packages" key) and what it depends on as reached from the
 * production roots; iterative, each key queued once. */
static void bun_reach(json_t *pkgs, json_t *seen, json_t *queue, const char *key)
{
    if (!json_object_get(pkgs, key) || json_object_get(seen, key))
        return;
    json_object_set_new(seen, key, json_true());
    json_array_append_new(queue, json_string(key));
}

static void bun_walk(json_t *pkgs, json_t *seen, json_t *queue)
{
    for (size_t qi = 0; qi < json_array_size(queue); qi++) {
        const char *key = json_string_value(json_array_get(queue, qi));
        json_t *info = json_array_get(json_object_get(pkgs, key), 2);
        for (size_t k = 0; k < WARD_ARRAY_LEN(bun_prod_kinds); k++) {
            const char *dep;
            json_t *v;
            json_object_foreach(ward_jobj(info, bun_prod_kinds[k]), dep, v)
            {
                /* a nested copy "parent/dep" wins over the hoisted "dep" */
                char *nested = ward_xasprintf("%s/%s", key, dep);
                if (json_object_get(pkgs, nested))
                    bun_reach(pkgs, seen, queue, nested);
                else
                    bun_reach(pkgs, seen, queue, dep);
                free(nested);
            }
        }
    }
}

int ward_bun_lock_parse(struct ward_pkglist *out, const char *path, const char *data, size_t len,
                        struct ward_error **err)
{
    if (len > WARD_LIMIT_JSON_BYTES)
        return ward_error_set(err, WARD_ELIMIT, 0, "%s: over %llu bytes", path,
                              (unsigned long long)WARD_LIMIT_JSON_BYTES);
    struct ward_buf b = WARD_BUF_INIT(WARD_LIMIT_JSON_BYTES);
    if (jsonc_strip(&b, data, len) < 0) {
        ward_buf_dispose(&b);
        return ward_error_set(err, WARD_EFORMAT, 0, "%s: unterminated string or comment", path);
    }
    ward_autojson doc = NULL;
    int rc = ward_json_parse(&doc, b.ptr ? b.ptr : "", b.len, 0, err);
    ward_buf_dispose(&b);
    if (rc < 0)
        return ward_error_wrap(err, "%s", path);
    if (!json_is_object(doc))
        return ward_error_set(err, WARD_EFORMAT, 0, "%s: not a JSON object", path);
    json_t *lv = json_object_get(doc, "lockfileVersion");
    if (lv && !json_is_integer(lv))
        return ward_error_set(err, WARD_EFORMAT, 0, "%s: lockfileVersion is not a number", path);
    json_t *pkgs = ward_jobj(doc, "packages");
    if (!pkgs)
        return 0;
    /* direct: named by a workspace; production: reached from a workspace's
     * non-dev dependencies (the rest is dev-only) */
    ward_autojson direct = json_object();
    ward_autojson seen = json_object();
    ward_autojson queue = json_array();
    const char *ws_key, *dep;
    json_t *ws, *v;
    json_object_foreach(ward_jobj(doc, "workspaces"), ws_key, ws)
    {
        json_object_foreach(ward_jobj(ws, "devDependencies"), dep, v)
            json_object_set_new(direct, dep, json_true());
        for (size_t k = 0; k < WARD_ARRAY_LEN(bun_prod_kinds); k++)
            json_object_foreach(ward_jobj(ws, bun_prod_kinds[k]), dep, v)
            {
                json_object_set_new(direct, dep, json_true());
                bun_reach(pkgs, seen, queue, dep);
            }
    }
    bun_walk(pkgs, seen, queue);

    size_t start = out->n;
    const char *key;
    json_t *e;
    json_object_foreach(pkgs, key, e)
    {
        const char *id = json_string_value(json_array_get(e, 0));
        struct ward_span name, ver;
        if (!id || !bun_ident(id, &name, &ver))
            continue;
        struct ward_pkg *p = add(out, path, "bun-lock", name, ver);
        p->dev = !json_object_get(seen, key);
        p->indirect = !(json_object_get(direct, key) && strcmp(key, p->name) == 0);
    }
    ward_pkglist_merge_dups(out, start);
    return 0;
}
