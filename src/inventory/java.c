/* java.c - Java catalogers: archives (jar/war/ear/... with nested archives,
 * pom.properties, MANIFEST.MF, file name), Maven pom.xml in projects and
 * gradle.lockfile, build.sbt.lock. Archive logic follows syft's java cataloger (see
 * java_archive() for where it differs). */
#include "inventory/inventory.h"
#include "inventory/lang.h"
#include "inventory/zip.h"
#include "util/json_in.h"
#include "util/limits.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#define SMALL_MAX      (1u << 20)      /* a manifest or pom.properties */
#define NESTED_MAX     (64u << 20)     /* one nested archive held in memory */
#define INFLATE_BUDGET (1024ull << 20) /* bytes inflated per top-level archive */

/* ------------------------------------------------------ key/value files */

struct kv {
    char *k, *v;
    int section;
};

struct kvlist {
    struct kv *items;
    size_t n, cap;
};

static void kv_dispose(struct kvlist *l)
{
    for (size_t i = 0; i < l->n; i++) {
        free(l->items[i].k);
        free(l->items[i].v);
    }
    free(l->items);
    memset(l, 0, sizeof(*l));
}

static void kv_add(struct kvlist *l, struct ward_span k, struct ward_span v, int section)
{
    WARD_GROW(l->items, l->n, l->cap);
    l->items[l->n++] = (struct kv){ward_span_dup(k), ward_span_dup(v), section};
}

/* First value of key in section (or any section when section < 0). */
static const char *kv_get(const struct kvlist *l, const char *k, int section)
{
    for (size_t i = 0; i < l->n; i++)
        if ((section < 0 || l->items[i].section == section) && !strcmp(l->items[i].k, k) &&
            l->items[i].v[0])
            return l->items[i].v;
    return NULL;
}

/* JAR manifest: "Key: value", continuation lines start with one space,
 * blank lines separate sections (section 0 is the main section). */
static void parse_manifest(struct kvlist *out, const char *p, size_t n)
{
    struct ward_span in = {p, n}, line;
    int section = 0;
    bool last = false, any = false;
    while (ward_span_line(&in, &line)) {
        if (line.len == 0) {
            if (any)
                section++;
            any = false;
            last = false;
            continue;
        }
        if (line.ptr[0] == ' ') {
            if (!last)
                continue;
            struct kv *kv = &out->items[out->n - 1];
            struct ward_span add = ward_span_trim(line);
            size_t ol = strlen(kv->v);
            if (ol + add.len > SMALL_MAX)
                continue;
            kv->v = ward_xrealloc(kv->v, ol + add.len + 1);
            memcpy(kv->v + ol, add.ptr, add.len);
            kv->v[ol + add.len] = '\0';
            continue;
        }
        struct ward_span k, v;
        if (!ward_span_cut(line, ':', &k, &v))
            continue;
        k = ward_span_trim(k);
        if (!k.len)
            continue;
        kv_add(out, k, ward_span_trim(v), section);
        any = last = true;
    }
}

/* Java .properties, the subset pom.properties uses: "k=v", "k:v" or "k v";
 * '#' and '!' comments. */
static void parse_properties(struct kvlist *out, const char *p, size_t n)
{
    struct ward_span in = {p, n}, line;
    while (ward_span_line(&in, &line)) {
        line = ward_span_trim(line);
        if (!line.len || line.ptr[0] == '#' || line.ptr[0] == '!')
            continue;
        size_t i = 0;
        while (i < line.len && line.ptr[i] != '=' && line.ptr[i] != ':' && line.ptr[i] != ' ' &&
               line.ptr[i] != '\t')
            i++;
        struct ward_span k = {line.ptr, i}, v = {line.ptr + i, line.len - i};
        v = ward_span_trim(v);
        if (v.len && (v.ptr[0] == '=' || v.ptr[0] == ':')) {
            v.ptr++;
            v.len--;
        }
        kv_add(out, k, ward_span_trim(v), 0);
    }
}

/* ------------------------------------------------------- file names */

struct fname {
    char *name, *version; /* never NULL */
    char *ext;
};

static void fname_dispose(struct fname *f)
{
    free(f->name);
    free(f->version);
    free(f->ext);
}

/* Does s (length n) start a version group: \d.* | build\d.* | rc?\d+$ ? */
static bool version_group(const char *s, size_t n)
{
    if (n && isdigit((unsigned char)s[0]))
        return true;
    if (n > 5 && !strncasecmp(s, "build", 5) && isdigit((unsigned char)s[5]))
        return true;
    size_t i = 0;
    if (n && (s[0] == 'r' || s[0] == 'R')) {
        i = 1;
        if (i < n && (s[i] == 'c' || s[i] == 'C'))
            i++;
        size_t d = i;
        while (i < n && isdigit((unsigned char)s[i]))
            i++;
        return i > d && i == n;
    }
    return false;
}

/* syft's archive file name rule: the name is the dash-separated words that
 * start with a letter; the first "-" group that starts like a version begins
 * the version. Failing that, a trailing "[._-]<digit>..." is the version. */
static void parse_fname(struct fname *f, const char *path)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    const char *colon = strrchr(base, ':'); /* nested "outer.war:WEB-INF/lib/x.jar" */
    if (colon)
        base = colon + 1;
    const char *dot = strrchr(base, '.');
    size_t n = dot && dot != base ? (size_t)(dot - base) : strlen(base);
    f->ext = ward_xstrdup(dot && dot != base ? dot + 1 : "");
    f->name = NULL;
    f->version = NULL;
    bool name_ok = n && isalpha((unsigned char)base[0]);
    for (size_t i = 0; name_ok && i < n; i++) {
        if (base[i] != '-')
            continue;
        if (version_group(base + i + 1, n - i - 1)) {
            f->name = ward_xstrndup(base, i);
            f->version = ward_xstrndup(base + i + 1, n - i - 1);
            break;
        }
        if (i + 1 < n && !isalpha((unsigned char)base[i + 1]) && base[i + 1] != '-')
            name_ok = false;
    }
    if (!f->name) {
        f->name = ward_xstrndup(base, n);
        f->version = ward_xstrdup("");
        for (size_t i = 0; i < n; i++) {
            if ((base[i] == '.' || base[i] == '_' || base[i] == '-') &&
                version_group(base + i + 1, n - i - 1)) {
                free(f->version);
                f->version = ward_xstrndup(base + i + 1, n - i - 1);
                f->name[i] = '\0';
                break;
            }
        }
    }
}

static bool java_ident_start(unsigned char c)
{
    return isalpha(c) || c == '_' || c == '$' || c >= 0x80;
}

/* syft: "com.example.thing" may be group + artifact; keep the last field. */
static char *name_from_fname(const struct fname *f)
{
    if (!strchr(f->name, '.') || !strncmp(f->name, "org.eclipse.", 12))
        return ward_xstrdup(f->name);
    const char *s = f->name;
    for (const char *p = s;; p++) {
        if (!java_ident_start((unsigned char)*p))
            return ward_xstrdup(f->name);
        const char *d = strchr(p, '.');
        if (!d)
            return ward_xstrdup(p);
        p = d;
    }
}

/* --------------------------------------------------- archive catalog */

struct jctx {
    struct ward_pkglist *out;
    uint64_t budget; /* inflate budget left */
};

struct pomprops {
    char *dir; /* entry directory, for ordering and pairing with pom.xml */
    char *group, *artifact, *version;
    bool has_pom_xml;
};

static int pomprops_cmp(const void *a, const void *b)
{
    return strcmp(((const struct pomprops *)a)->dir, ((const struct pomprops *)b)->dir);
}

static bool has_ext(const char *name, const char *const *exts)
{
    const char *dot = strrchr(name, '.');
    if (!dot || strchr(dot, '/'))
        return false;
    for (size_t i = 0; exts[i]; i++)
        if (!strcasecmp(dot + 1, exts[i]))
            return true;
    return false;
}

static const char *const archive_exts[] = {"jar", "war", "ear", "par",  "sar", "nar",
                                           "jpi", "hpi", "kar", "lpkg", NULL};

static bool is_pom_properties(const char *name)
{
    size_t n = strlen(name);
    return n >= 14 && !strcmp(name + n - 14, "pom.properties") && (n == 14 || name[n - 15] == '/');
}

/* syft groupIDFromJavaManifest, simplified: the first of these fields whose
 * value looks like a reverse domain name. */
static char *group_from_manifest(const struct kvlist *mf)
{
    static const char *const fields[] = {"Extension-Name",        "Specification-Vendor",
                                         "Implementation-Vendor", "Implementation-Vendor-Id",
                                         "Implementation-Title",  "Bundle-SymbolicName",
                                         "Automatic-Module-Name", NULL};
    static const char *const tlds[] = {"com.", "org.", "net.", "io.",  "be.", "nl.", "ch.",
                                       "de.",  "dev.", "edu.", "gov.", "jp.", "uk.", NULL};
    for (size_t i = 0; fields[i]; i++) {
        const char *v = kv_get(mf, fields[i], 0);
        if (!v)
            continue;
        for (size_t t = 0; tlds[t]; t++) {
            if (strncmp(v, tlds[t], strlen(tlds[t])) != 0)
                continue;
            size_t n = strcspn(v, " ;,");
            return ward_xstrndup(v, n);
        }
    }
    return NULL;
}

static void add_java(struct jctx *c, const char *path, const char *group, const char *name,
                     const char *version, const char *licenses)
{
    struct ward_pkg *p = ward_pkglist_add(c->out);
    p->name = ward_pkglist_str(c->out, name);
    p->version = version && *version ? ward_pkglist_str(c->out, version) : NULL;
    p->group = group && *group ? ward_pkglist_str(c->out, group) : NULL;
    p->licenses = licenses && *licenses ? ward_pkglist_str(c->out, licenses) : NULL;
    p->type = "jar";
    p->ecosystem = "Maven";
    p->cataloger = "java-archive";
    p->path = ward_pkglist_str(c->out, path);
}

static bool artifact_matches_fname(const char *aid, const char *fname, const struct pomprops *pp,
                                   size_t npp)
{
    if (!*aid || !*fname)
        return false;
    for (size_t i = 0; i < npp; i++)
        if (!strcmp(pp[i].artifact, fname))
            return !strcmp(aid, fname);
    size_t al = strlen(aid), fl = strlen(fname);
    return !strncmp(aid, fname, fl) || (fl >= al && !strcmp(fname + fl - al, aid));
}

static int java_archive(struct jctx *c, const char *vpath, const char *data, size_t len,
                        unsigned depth, struct ward_error **err);

/* Catalog one archive. Differences from syft, on purpose:
 *  - pom.properties packages are listed even when the archive has no
 *    MANIFEST.MF (syft drops them; Trivy keeps them);
 *  - an archive with neither manifest nor pom.properties still yields a
 *    package from its file name when that name carries a version;
 *  - licences come from the manifest only (no network, no pom.xml lookups). */
static int java_archive(struct jctx *c, const char *vpath, const char *data, size_t len,
                        unsigned depth, struct ward_error **err)
{
    ward_autoptr(ward_zip) z = NULL;
    int rc = ward_zip_open(&z, data, len, err);
    if (rc < 0)
        return rc;
    struct ward_buf b = WARD_BUF_INIT(0);
    struct kvlist mf = {0};
    bool has_mf = false;
    struct pomprops *pp = NULL;
    size_t npp = 0, cpp = 0;
    struct fname fn;
    parse_fname(&fn, vpath);

    for (size_t i = 0; i < z->count; i++) {
        const char *name = z->e[i].name;
        bool want_mf = !strcasecmp(name, "META-INF/MANIFEST.MF");
        bool want_pp = is_pom_properties(name);
        if (!want_mf && !want_pp)
            continue;
        if (z->e[i].size > c->budget)
            continue;
        struct ward_error *e2 = NULL;
        if (ward_zip_read(z, i, &b, SMALL_MAX, &e2) < 0) {
            ward_error_free(e2); /* one bad member does not hide the rest */
            continue;
        }
        c->budget -= b.len;
        if (want_mf && !has_mf) {
            parse_manifest(&mf, b.ptr ? b.ptr : "", b.len);
            has_mf = true;
        } else if (want_pp) {
            struct kvlist props = {0};
            parse_properties(&props, b.ptr ? b.ptr : "", b.len);
            const char *g = kv_get(&props, "groupId", 0), *a = kv_get(&props, "artifactId", 0),
                       *v = kv_get(&props, "version", 0);
            if (a && v) {
                WARD_GROW(pp, npp, cpp);
                const char *slash = strrchr(name, '/');
                pp[npp++] = (struct pomprops){
                    ward_xstrndup(name, slash ? (size_t)(slash - name) : 0),
                    ward_xstrdup(g ? g : ""), ward_xstrdup(a), ward_xstrdup(v), false};
            }
            kv_dispose(&props);
        }
    }
    for (size_t i = 0; i < npp; i++) {
        ward_autofree char *x = ward_xasprintf("%s/pom.xml", pp[i].dir);
        for (size_t k = 0; k < z->count && !pp[i].has_pom_xml; k++)
            pp[i].has_pom_xml = !strcmp(z->e[k].name, x);
    }
    if (npp)
        qsort(pp, npp, sizeof(*pp), pomprops_cmp);

    /* the archive's own package (syft: only when it has a manifest) */
    char *mname = NULL, *mversion = NULL, *mgroup = NULL;
    bool main_pkg = has_mf && !kv_get(&mf, "Weave-Classes", 0);
    if (main_pkg) {
        struct pomprops *chosen = NULL;
        for (size_t i = 0; i < npp; i++) {
            if (artifact_matches_fname(pp[i].artifact, fn.name, pp, npp)) {
                chosen = &pp[i];
                if (pp[i].has_pom_xml)
                    break;
            }
        }
        if (chosen) {
            mgroup = ward_xstrdup(chosen->group);
            mname = ward_xstrdup(chosen->artifact);
            mversion = ward_xstrdup(chosen->version);
        } else {
            /* selectName: maven-bundle-plugin symbolic name, file name, manifest fields */
            const char *cb = kv_get(&mf, "Created-By", 0),
                       *bsn = kv_get(&mf, "Bundle-SymbolicName", 0);
            const char *vid = kv_get(&mf, "Implementation-Vendor-Id", 0);
            if (cb && strstr(cb, "Apache Maven Bundle Plugin") && bsn &&
                !(vid && !strcmp(vid, bsn))) {
                const char *d = strrchr(bsn, '.');
                mname = ward_xstrdup(d ? d + 1 : bsn);
            }
            if (!mname && *fn.name)
                mname = name_from_fname(&fn);
            static const char *const nf[] = {"Name",           "Bundle-Name",          "Short-Name",
                                             "Extension-Name", "Implementation-Title", NULL};
            for (size_t i = 0; !mname && nf[i]; i++)
                if (kv_get(&mf, nf[i], 0))
                    mname = ward_xstrdup(kv_get(&mf, nf[i], 0));
            if (*fn.version)
                mversion = ward_xstrdup(fn.version);
            static const char *const vf[] = {"Implementation-Version", "Specification-Version",
                                             "Plugin-Version", "Bundle-Version", NULL};
            for (size_t i = 0; !mversion && vf[i]; i++)
                if (kv_get(&mf, vf[i], -1))
                    mversion = ward_xstrdup(kv_get(&mf, vf[i], -1));
            mgroup = group_from_manifest(&mf);
        }
        /* a versionless main package is the application itself (often a
         * war named after the project): nothing to match, so not listed */
        if (!mname || !*mname || !mversion || !*mversion)
            main_pkg = false;
    }
    if (main_pkg) {
        /* a pom.properties naming the same artifact describes this archive */
        for (size_t i = 0; i < npp; i++) {
            if (strcmp(pp[i].artifact, mname) != 0)
                continue;
            free(mversion);
            mversion = ward_xstrdup(pp[i].version);
            if (*pp[i].group) {
                free(mgroup);
                mgroup = ward_xstrdup(pp[i].group);
            }
            pp[i].artifact[0] = '\0'; /* consumed */
        }
        struct ward_buf lic = WARD_BUF_INIT(SMALL_MAX);
        static const char *const lf[] = {"Bundle-License", "Plugin-License-Name", NULL};
        for (size_t i = 0; lf[i]; i++) {
            const char *v = kv_get(&mf, lf[i], -1);
            if (v) {
                if (lic.len)
                    ward_buf_adds(&lic, "; ");
                ward_buf_adds(&lic, v);
            }
        }
        /* Jenkins plugins number further licences: Plugin-License-Name-2, -3 ... */
        for (unsigned k = 2; k < 10; k++) {
            char key[32];
            snprintf(key, sizeof(key), "Plugin-License-Name-%u", k);
            const char *v = kv_get(&mf, key, -1);
            if (!v)
                break;
            if (lic.len)
                ward_buf_adds(&lic, "; ");
            ward_buf_adds(&lic, v);
        }
        add_java(c, vpath, mgroup, mname, mversion, lic.ptr);
        ward_buf_dispose(&lic);
    }
    for (size_t i = 0; i < npp; i++)
        if (pp[i].artifact[0])
            add_java(c, vpath, pp[i].group, pp[i].artifact, pp[i].version, NULL);
    if (!has_mf && !npp && *fn.version && *fn.name) {
        char *nm = name_from_fname(&fn);
        add_java(c, vpath, NULL, nm, fn.version, NULL);
        free(nm);
    }
    free(mname);
    free(mversion);
    free(mgroup);
    for (size_t i = 0; i < npp; i++) {
        free(pp[i].dir);
        free(pp[i].group);
        free(pp[i].artifact);
        free(pp[i].version);
    }
    free(pp);
    kv_dispose(&mf);
    fname_dispose(&fn);

    /* nested archives: jar in war in ear ..., depth-limited, budgeted */
    for (size_t i = 0; i < z->count && depth + 1 < WARD_LIMIT_NESTED_ARCHIVE; i++) {
        if (!has_ext(z->e[i].name, archive_exts) || z->e[i].size > c->budget)
            continue;
        struct ward_error *e2 = NULL;
        if (ward_zip_read(z, i, &b, NESTED_MAX, &e2) < 0) {
            ward_error_free(e2);
            continue;
        }
        c->budget -= b.len;
        char *np = ward_xasprintf("%s:%s", vpath, z->e[i].name);
        /* a nested member that is not a zip is skipped, not fatal */
        if (java_archive(c, np, b.ptr ? b.ptr : "", b.len, depth + 1, &e2) < 0)
            ward_error_free(e2);
        free(np);
    }
    ward_buf_dispose(&b);
    return 0;
}

int ward_java_archive_parse(struct ward_pkglist *out, const char *path, const char *data,
                            size_t len, struct ward_error **err)
{
    struct jctx c = {out, INFLATE_BUDGET};
    size_t start = out->n;
    int rc = java_archive(&c, path, data, len, 0, err);
    if (rc < 0) {
        out->n = start;
        return ward_error_wrap(err, "%s", path);
    }
    return 0;
}

/* ------------------------------------------------------- gradle.lockfile */

int ward_gradle_lockfile_parse(struct ward_pkglist *out, const char *path, const char *data,
                               size_t len, struct ward_error **err)
{
    struct ward_span in = {data, len}, line;
    size_t lineno = 0;
    while (ward_span_line(&in, &line)) {
        lineno++;
        line = ward_span_trim(line);
        if (!line.len || line.ptr[0] == '#')
            continue;
        if (line.len > WARD_LIMIT_LINE)
            return ward_error_set(err, WARD_EFORMAT, 0, "%s: line %zu too long", path, lineno);
        struct ward_span coord, confs = {NULL, 0};
        if (!ward_span_cut(line, '=', &coord, &confs))
            coord = line;
        if (ward_span_eq(coord, "empty"))
            continue;
        struct ward_span g, rest, a, v;
        if (!ward_span_cut(coord, ':', &g, &rest) || !ward_span_cut(rest, ':', &a, &v) || !g.len ||
            !a.len || !v.len || memchr(v.ptr, ':', v.len))
            continue; /* not group:artifact:version (syft skips these too) */
        struct ward_pkg *p = ward_pkglist_add(out);
        p->group = ward_pkglist_span(out, g);
        p->name = ward_pkglist_span(out, a);
        p->version = ward_pkglist_span(out, v);
        p->type = "gradle";
        p->ecosystem = "Maven";
        p->cataloger = "gradle-lockfile";
        p->path = ward_pkglist_str(out, path);
        /* dev: every configuration that pulls it in is a test one */
        bool test = confs.len > 0;
        struct ward_span cs = confs, one;
        while (test && cs.len) {
            if (!ward_span_cut(cs, ',', &one, &cs)) {
                one = cs;
                cs.len = 0;
            }
            one = ward_span_trim(one);
            if (!ward_span_starts(one, "test"))
                test = false;
        }
        p->dev = test;
    }
    return 0;
}

/* ------------------------------------------------------- build.sbt.lock */

/* sbt-dependency-lock's JSON: {"lockVersion": 1, "dependencies": [{"org",
 * "name", "version", "configurations": [...]}, ...]}. */
int ward_sbt_lock_parse(struct ward_pkglist *out, const char *path, const char *data, size_t len,
                        struct ward_error **err)
{
    ward_autojson doc = NULL;
    int jrc = ward_json_parse_object(&doc, path, data, len, err);
    if (jrc < 0)
        return jrc;
    size_t i, j;
    json_t *d, *c;
    json_array_foreach(ward_jarr(doc, "dependencies"), i, d)
    {
        const char *g = ward_jstr(d, "org"), *a = ward_jstr(d, "name");
        const char *v = ward_jstr(d, "version");
        if (!g || !*g || !a || !*a || !v || !*v)
            continue;
        /* dev: listed only for configurations that do not ship (test, provided, ...) */
        bool shipped = false;
        json_array_foreach(ward_jarr(d, "configurations"), j, c)
        {
            const char *s = json_string_value(c);
            if (s && (strcmp(s, "compile") == 0 || strcmp(s, "runtime") == 0))
                shipped = true;
        }
        struct ward_pkg *p = ward_pkglist_add(out);
        p->group = ward_pkglist_str(out, g);
        p->name = ward_pkglist_str(out, a);
        p->version = ward_pkglist_str(out, v);
        p->type = "sbt";
        p->ecosystem = "Maven";
        p->cataloger = "sbt-lock";
        p->path = ward_pkglist_str(out, path);
        p->dev = !shipped;
    }
    return 0;
}

/* ------------------------------------------------------------- pom.xml */

#define XML_MAX_DEPTH 256u
#define POM_MAX_ITEMS 100000u

struct pomdep {
    char *g, *a, *v, *scope;
};

struct pom {
    char *g, *a, *v, *pg, *pv;
    struct kvlist props;
    struct pomdep *deps, *dm, cur;
    size_t ndeps, cdeps, ndm, cdm;
    char *license;
};

static void pomdep_dispose(struct pomdep *d)
{
    free(d->g);
    free(d->a);
    free(d->v);
    free(d->scope);
    memset(d, 0, sizeof(*d));
}

static void pom_dispose(struct pom *p)
{
    free(p->g);
    free(p->a);
    free(p->v);
    free(p->pg);
    free(p->pv);
    free(p->license);
    kv_dispose(&p->props);
    for (size_t i = 0; i < p->ndeps; i++)
        pomdep_dispose(&p->deps[i]);
    for (size_t i = 0; i < p->ndm; i++)
        pomdep_dispose(&p->dm[i]);
    free(p->deps);
    free(p->dm);
    pomdep_dispose(&p->cur);
}

static void set_str(char **slot, const char *v)
{
    free(*slot);
    *slot = ward_xstrdup(v);
}

/* Called at each element end with its path (stack[0] is the root) and text. */
static int pom_element(struct pom *p, char **st, unsigned d, const char *text)
{
    if (d < 2 || strcmp(st[0], "project") != 0)
        return 0;
    const char *l = st[d - 1];
    if (d == 2) {
        if (!strcmp(l, "groupId"))
            set_str(&p->g, text);
        else if (!strcmp(l, "artifactId"))
            set_str(&p->a, text);
        else if (!strcmp(l, "version"))
            set_str(&p->v, text);
        return 0;
    }
    if (d == 3 && !strcmp(st[1], "parent")) {
        if (!strcmp(l, "groupId"))
            set_str(&p->pg, text);
        else if (!strcmp(l, "version"))
            set_str(&p->pv, text);
        return 0;
    }
    if (d == 3 && !strcmp(st[1], "properties")) {
        if (p->props.n >= POM_MAX_ITEMS)
            return WARD_ELIMIT;
        kv_add(&p->props, ward_span_cstr(l), ward_span_cstr(text), 0);
        return 0;
    }
    bool in_deps = d >= 3 && !strcmp(st[1], "dependencies") && !strcmp(st[2], "dependency");
    bool in_dm = d >= 4 && !strcmp(st[1], "dependencyManagement") &&
                 !strcmp(st[2], "dependencies") && !strcmp(st[3], "dependency");
    unsigned base = in_deps ? 3 : 4;
    if ((in_deps || in_dm) && d == base + 1) {
        if (!strcmp(l, "groupId"))
            set_str(&p->cur.g, text);
        else if (!strcmp(l, "artifactId"))
            set_str(&p->cur.a, text);
        else if (!strcmp(l, "version"))
            set_str(&p->cur.v, text);
        else if (!strcmp(l, "scope"))
            set_str(&p->cur.scope, text);
    } else if ((in_deps || in_dm) && d == base) {
        if (p->ndeps + p->ndm >= POM_MAX_ITEMS)
            return WARD_ELIMIT;
        if (in_deps) {
            WARD_GROW(p->deps, p->ndeps, p->cdeps);
            p->deps[p->ndeps++] = p->cur;
        } else {
            WARD_GROW(p->dm, p->ndm, p->cdm);
            p->dm[p->ndm++] = p->cur;
        }
        memset(&p->cur, 0, sizeof(p->cur));
    } else if (d == 4 && !strcmp(st[1], "licenses") && !strcmp(st[2], "license") &&
               !strcmp(l, "name") && *text) {
        if (!p->license) {
            p->license = ward_xstrdup(text);
        } else if (strlen(p->license) < SMALL_MAX) {
            char *n = ward_xasprintf("%s; %s", p->license, text);
            free(p->license);
            p->license = n;
        }
    }
    return 0;
}

static void xml_text(struct ward_buf *t, const char *s, size_t n)
{
    /* decode the five predefined entities and character references; no DTD
     * entities are ever expanded (no billion laughs) */
    for (size_t i = 0; i < n; i++) {
        if (s[i] != '&') {
            ward_buf_addc(t, s[i]);
            continue;
        }
        const char *semi = memchr(s + i, ';', WARD_MIN(n - i, (size_t)12));
        if (!semi) {
            ward_buf_addc(t, '&');
            continue;
        }
        struct ward_span ent = {s + i + 1, (size_t)(semi - s - i - 1)};
        char c = 0;
        if (ward_span_eq(ent, "lt"))
            c = '<';
        else if (ward_span_eq(ent, "gt"))
            c = '>';
        else if (ward_span_eq(ent, "amp"))
            c = '&';
        else if (ward_span_eq(ent, "quot"))
            c = '"';
        else if (ward_span_eq(ent, "apos"))
            c = '\'';
        else if (ent.len > 1 && ent.ptr[0] == '#') {
            unsigned long v = 0;
            bool hex = ent.ptr[1] == 'x' || ent.ptr[1] == 'X';
            for (size_t k = hex ? 2 : 1; k < ent.len && v < 0x110000; k++)
                v = v * (hex ? 16 : 10) +
                    (unsigned long)(isdigit((unsigned char)ent.ptr[k])
                                        ? ent.ptr[k] - '0'
                                        : (tolower((unsigned char)ent.ptr[k]) - 'a' + 10) & 15);
            c = v > 0 && v < 0x80 ? (char)v : '?';
        }
        if (!c) {
            ward_buf_addc(t, '&');
            continue;
        }
        ward_buf_addc(t, c);
        i = (size_t)(semi - s);
    }
}

static int xml_err(struct ward_error **err, const char *path, const char *start, const char *at,
                   const char *what)
{
    size_t line = 1;
    for (const char *q = start; q < at; q++)
        line += *q == '\n';
    return ward_error_set(err, WARD_EFORMAT, 0, "%s: line %zu: %s", path, line, what);
}

static const char *find_str(const char *p, const char *end, const char *lit)
{
    size_t n = strlen(lit);
    const char *r = p < end ? memmem(p, (size_t)(end - p), lit, n) : NULL;
    return r;
}

/* A small non-validating XML walker: elements, attributes skipped, comments,
 * PIs, CDATA, DOCTYPE skipped. Calls pom_element at each element end. */
static int pom_walk(struct pom *pom, const char *path, const char *data, size_t len,
                    struct ward_error **err)
{
    const char *p = data, *end = data + len;
    char *st[XML_MAX_DEPTH];
    struct ward_buf text[XML_MAX_DEPTH];
    unsigned d = 0;
    int rc = 0;
    bool root_seen = false;
    if (len >= 3 && !memcmp(p, "\xef\xbb\xbf", 3))
        p += 3;
    while (p < end && rc == 0) {
        if (*p != '<') {
            const char *lt = memchr(p, '<', (size_t)(end - p));
            if (!lt)
                lt = end;
            if (d)
                xml_text(&text[d - 1], p, (size_t)(lt - p));
            p = lt;
            continue;
        }
        if (end - p >= 4 && !memcmp(p, "<!--", 4)) {
            const char *q = find_str(p + 4, end, "-->");
            if (!q) {
                rc = xml_err(err, path, data, p, "unterminated comment");
                break;
            }
            p = q + 3;
        } else if (end - p >= 9 && !memcmp(p, "<![CDATA[", 9)) {
            const char *q = find_str(p + 9, end, "]]>");
            if (!q) {
                rc = xml_err(err, path, data, p, "unterminated CDATA");
                break;
            }
            if (d)
                ward_buf_add(&text[d - 1], p + 9, (size_t)(q - p - 9));
            p = q + 3;
        } else if (end - p >= 2 && p[1] == '?') {
            const char *q = find_str(p + 2, end, "?>");
            if (!q) {
                rc = xml_err(err, path, data, p, "unterminated processing instruction");
                break;
            }
            p = q + 2;
        } else if (end - p >= 2 && p[1] == '!') {
            /* DOCTYPE: skip, including an internal subset in [ ] */
            int br = 0;
            const char *q = p + 2;
            while (q < end && !(*q == '>' && br == 0)) {
                br += *q == '[';
                br -= *q == ']';
                q++;
            }
            if (q >= end) {
                rc = xml_err(err, path, data, p, "unterminated declaration");
                break;
            }
            p = q + 1;
        } else {
            bool closing = end - p >= 2 && p[1] == '/';
            const char *n = p + (closing ? 2 : 1), *q = n;
            while (q < end && !isspace((unsigned char)*q) && *q != '>' && *q != '/')
                q++;
            if (q == n || q >= end) {
                rc = xml_err(err, path, data, p, "bad tag");
                break;
            }
            const char *colon = memchr(n, ':', (size_t)(q - n));
            const char *nm = colon ? colon + 1 : n; /* drop a namespace prefix */
            size_t nl = (size_t)(q - nm);
            /* attributes: skip, honouring quotes */
            char quote = 0;
            while (q < end && (quote || *q != '>')) {
                if (quote && *q == quote)
                    quote = 0;
                else if (!quote && (*q == '"' || *q == '\''))
                    quote = *q;
                q++;
            }
            if (q >= end) {
                rc = xml_err(err, path, data, p, "unterminated tag");
                break;
            }
            bool selfclose = !closing && q[-1] == '/';
            p = q + 1;
            if (closing) {
                if (!d || strlen(st[d - 1]) != nl || memcmp(st[d - 1], nm, nl)) {
                    rc = xml_err(err, path, data, p, "mismatched end tag");
                    break;
                }
                if (ward_buf_check(&text[d - 1])) {
                    rc = ward_error_set(err, WARD_ELIMIT, 0, "%s: element text too long", path);
                    break;
                }
                struct ward_span t = ward_span_trim(ward_span_cstr(text[d - 1].ptr));
                char *tv = ward_span_dup(t);
                int r = pom_element(pom, st, d, tv);
                free(tv);
                if (r < 0) {
                    rc = ward_error_set(err, r, 0, "%s: too many elements", path);
                    break;
                }
                d--;
                free(st[d]);
                ward_buf_dispose(&text[d]);
                continue;
            }
            if (d == 0 && root_seen) {
                rc = xml_err(err, path, data, p, "more than one root element");
                break;
            }
            if (d == XML_MAX_DEPTH) {
                rc = ward_error_set(err, WARD_ELIMIT, 0, "%s: XML nested too deep", path);
                break;
            }
            root_seen = true;
            st[d] = ward_xstrndup(nm, nl);
            ward_buf_init(&text[d], SMALL_MAX);
            d++;
            if (selfclose) {
                int r = pom_element(pom, st, d, "");
                d--;
                free(st[d]);
                ward_buf_dispose(&text[d]);
                if (r < 0) {
                    rc = ward_error_set(err, r, 0, "%s: too many elements", path);
                    break;
                }
            }
        }
    }
    if (rc == 0 && d)
        rc = xml_err(err, path, data, end, "unclosed element");
    if (rc == 0 && !root_seen)
        rc = ward_error_set(err, WARD_EFORMAT, 0, "%s: no XML root element", path);
    while (d) {
        d--;
        free(st[d]);
        ward_buf_dispose(&text[d]);
    }
    return rc;
}

/* Expand ${...} from project coordinates and <properties>; NULL when a
 * reference cannot be resolved (parent POMs are not fetched). */
static char *pom_resolve(const struct pom *p, const char *s, unsigned depth)
{
    if (!s)
        return NULL;
    if (depth > 10)
        return NULL;
    struct ward_buf b = WARD_BUF_INIT(SMALL_MAX);
    while (*s) {
        const char *o = strstr(s, "${");
        if (!o) {
            ward_buf_adds(&b, s);
            break;
        }
        const char *c = strchr(o + 2, '}');
        if (!c) {
            ward_buf_adds(&b, s);
            break;
        }
        ward_buf_add(&b, s, (size_t)(o - s));
        char *key = ward_xstrndup(o + 2, (size_t)(c - o - 2));
        const char *val = NULL;
        if (!strcmp(key, "project.version") || !strcmp(key, "pom.version") ||
            !strcmp(key, "version"))
            val = p->v ? p->v : p->pv;
        else if (!strcmp(key, "project.groupId") || !strcmp(key, "pom.groupId") ||
                 !strcmp(key, "groupId"))
            val = p->g ? p->g : p->pg;
        else if (!strcmp(key, "project.artifactId") || !strcmp(key, "pom.artifactId"))
            val = p->a;
        else if (!strcmp(key, "project.parent.version") || !strcmp(key, "parent.version"))
            val = p->pv;
        else if (!strcmp(key, "project.parent.groupId") || !strcmp(key, "parent.groupId"))
            val = p->pg;
        else
            val = kv_get(&p->props, key, -1);
        free(key);
        char *r = val ? pom_resolve(p, val, depth + 1) : NULL;
        if (!r) {
            ward_buf_dispose(&b);
            return NULL;
        }
        ward_buf_adds(&b, r);
        free(r);
        s = c + 1;
    }
    return ward_buf_steal(&b);
}

int ward_pom_xml_parse(struct ward_pkglist *out, const char *path, const char *data, size_t len,
                       struct ward_error **err)
{
    struct pom pom;
    memset(&pom, 0, sizeof(pom));
    int rc = pom_walk(&pom, path, data, len, err);
    if (rc < 0) {
        pom_dispose(&pom);
        return rc;
    }
    for (size_t i = 0; i < pom.ndeps; i++) {
        struct pomdep *d = &pom.deps[i];
        ward_autofree char *g = pom_resolve(&pom, d->g, 0);
        ward_autofree char *a = pom_resolve(&pom, d->a, 0);
        ward_autofree char *v = pom_resolve(&pom, d->v, 0);
        if (!a || !*a)
            continue;
        if (!d->v && g) {
            /* version managed in this POM's <dependencyManagement> */
            for (size_t k = 0; k < pom.ndm && !v; k++) {
                ward_autofree char *mg = pom_resolve(&pom, pom.dm[k].g, 0);
                ward_autofree char *ma = pom_resolve(&pom, pom.dm[k].a, 0);
                if (mg && ma && !strcmp(mg, g) && !strcmp(ma, a))
                    v = pom_resolve(&pom, pom.dm[k].v, 0);
            }
        }
        struct ward_pkg *p = ward_pkglist_add(out);
        p->group = g && *g ? ward_pkglist_str(out, g) : NULL;
        p->name = ward_pkglist_str(out, a);
        p->version = v && *v ? ward_pkglist_str(out, v) : NULL;
        p->type = "pom";
        p->ecosystem = "Maven";
        p->cataloger = "java-pom";
        p->path = ward_pkglist_str(out, path);
        /* test, provided (the runtime supplies it) and system scopes are not
         * shipped with the artifact: flagged dev, as trivy leaves them out */
        p->dev = d->scope && (!strcmp(d->scope, "test") || !strcmp(d->scope, "provided") ||
                              !strcmp(d->scope, "system"));
    }
    /* the project itself (trivy lists it as the root package) */
    ward_autofree char *rg = pom_resolve(&pom, pom.g ? pom.g : pom.pg, 0);
    ward_autofree char *ra = pom_resolve(&pom, pom.a, 0);
    ward_autofree char *rv = pom_resolve(&pom, pom.v ? pom.v : pom.pv, 0);
    if (ra && *ra && rv && *rv) {
        struct ward_pkg *p = ward_pkglist_add(out);
        p->group = rg && *rg ? ward_pkglist_str(out, rg) : NULL;
        p->name = ward_pkglist_str(out, ra);
        p->version = ward_pkglist_str(out, rv);
        p->type = "pom";
        p->ecosystem = "Maven";
        p->cataloger = "java-pom";
        p->path = ward_pkglist_str(out, path);
        p->licenses = pom.license ? ward_pkglist_str(out, pom.license) : NULL;
    }
    pom_dispose(&pom);
    return 0;
}
