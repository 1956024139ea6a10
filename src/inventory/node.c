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

struct yarn_entry {
    struct ward_span name, version, resolution;
    bool active;
};

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

/* Header "a@^1, a@~1.2:" -> the entry's package, or false to skip the entry
 * (workspace, patch, file, link, git and URL sources are not registry packages). */
static bool yarn_header(struct ward_span line, struct yarn_entry *e)
{
    if (line.len && line.ptr[line.len - 1] == ':')
        line.len--;
    struct ward_span first = line;
    for (size_t i = 0; i + 1 < line.len; i++)
        if (line.ptr[i] == ',' && line.ptr[i + 1] == ' ') {
            first.len = i;
            break;
        }
    first = unquote(first);
    struct ward_span name, rest;
    if (!split_at_version(first, &name, &rest))
        return false;
    const char *colon = memchr(rest.ptr, ':', rest.len);
    if (colon) {
        struct ward_span proto = {rest.ptr, (size_t)(colon - rest.ptr)};
        if (!ward_span_eq(proto, "npm"))
            return false;
        /* alias "x@npm:real@^1": the installed package is "real" */
        struct ward_span spec = {colon + 1, rest.len - proto.len - 1}, an, ar;
        if (split_at_version(spec, &an, &ar))
            name = an;
    }
    e->name = name;
    e->active = true;
    return true;
}

static void yarn_emit(struct ward_pkglist *out, const char *path, struct yarn_entry *e)
{
    if (e->active && e->name.len && e->version.len) {
        struct ward_span name = e->name, rn, rr;
        /* berry: resolution "real@npm:1.2.3" names the installed package */
        if (e->resolution.len && split_at_version(e->resolution, &rn, &rr) &&
            ward_span_starts(rr, "npm:"))
            name = rn;
        add(out, path, "yarn-lock", name, e->version);
    }
    memset(e, 0, sizeof(*e));
}

int ward_yarn_lock_parse(struct ward_pkglist *out, const char *path, const char *data, size_t len,
                         struct ward_error **err)
{
    struct ward_span in = {data, len}, line;
    struct yarn_entry e = {0};
    size_t lineno = 0, start = out->n;
    while (ward_span_line(&in, &line)) {
        lineno++;
        if (line.len > WARD_LIMIT_LINE) {
            out->n = start;
            return ward_error_set(err, WARD_ELIMIT, 0, "%s: line %zu: too long", path, lineno);
        }
        if (!line.len || line.ptr[0] == '#')
            continue;
        if (line.ptr[0] != ' ') {
            yarn_emit(out, path, &e);
            if (line.ptr[line.len - 1] != ':') {
                out->n = start;
                return ward_error_set(err, WARD_EFORMAT, 0,
                                      "%s: line %zu: expected a \"pattern:\" entry header", path,
                                      lineno);
            }
            if (!ward_span_starts(line, "__metadata"))
                yarn_header(line, &e);
            continue;
        }
        /* fields of the entry sit at two spaces; deeper lines are dependency lists */
        if (!e.active || line.len < 3 || line.ptr[1] != ' ' || line.ptr[2] == ' ')
            continue;
        struct ward_span f = ward_span_of(line.ptr + 2, line.len - 2), key, val;
        size_t i = 0;
        if (f.ptr[0] == '"') { /* "version" "1.0.0" */
            const char *q = memchr(f.ptr + 1, '"', f.len - 1);
            if (!q)
                continue;
            i = (size_t)(q - f.ptr) + 1;
        } else {
            while (i < f.len && f.ptr[i] != ' ' && f.ptr[i] != ':')
                i++;
        }
        key = unquote(ward_span_of(f.ptr, i));
        val = ward_span_of(f.ptr + i, f.len - i);
        if (val.len && val.ptr[0] == ':') {
            val.ptr++;
            val.len--;
        }
        val = unquote(val);
        if (ward_span_eq(key, "version"))
            e.version = val;
        else if (ward_span_eq(key, "resolution"))
            e.resolution = val;
    }
    yarn_emit(out, path, &e);
    ward_pkglist_merge_dups(out, start);
    return 0;
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
