/* match.c - the matcher: one indexed DB lookup per package, range evaluation
 * with the ecosystem's comparator, then advisories that share an id or alias
 * merged into one finding per (package, vulnerability), with severity taken
 * from the vendor first and CVSS second. */
#define WARD_LOG_MODULE "match"
#include "match/match.h"
#include "util/log.h"
#include "vulndb/enrich.h"
#include "version/version.h"

#include <string.h>

#define RANGE_SEP  '\x1e'
#define EVENT_SEP  '\x1f'
#define MAX_EVENTS 256

const char *ward_finding_status_name(enum ward_finding_status s)
{
    switch (s) {
    case WARD_FINDING_FIXED:
        return "fixed";
    case WARD_FINDING_AFFECTED:
        return "affected";
    case WARD_FINDING_WILL_NOT_FIX:
        return "will_not_fix";
    case WARD_FINDING_NOT_AFFECTED:
        return "not_affected";
    }
    return "unknown";
}

void ward_findings_free(struct ward_findings *f)
{
    if (!f)
        return;
    free(f->items);
    ward_arena_dispose(&f->arena);
    free(f);
}

static bool is_os_type(const char *t)
{
    return t && (!strcmp(t, "deb") || !strcmp(t, "apk") || !strcmp(t, "rpm"));
}

char *ward_match_distro_ecosystem(const struct ward_pkg *p, const struct ward_distro *d)
{
    if (!p->ecosystem || !is_os_type(p->type))
        return NULL;
    const char *eco = p->ecosystem, *v = d ? d->version_id : NULL;
    if (!strcmp(eco, "RPM") && d && d->id) {
        /* rpm packages read from an SBOM name only their format: the distro
         * decides, as the image cataloger does (os-release IDs) */
        static const char *const rpm_distros[][2] = {
            {"rhel", "Red Hat"},           {"centos", "CentOS"},
            {"rocky", "Rocky Linux"},      {"almalinux", "AlmaLinux"},
            {"ol", "Oracle Linux"},        {"fedora", "Fedora"},
            {"amzn", "Amazon Linux"},      {"sles", "SUSE"},
            {"opensuse-leap", "openSUSE"}, {"opensuse-tumbleweed", "openSUSE"},
            {"photon", "Photon OS"},       {"mariner", "CBL-Mariner"},
            {"azurelinux", "Azure Linux"}, {"mageia", "Mageia"},
        };
        for (size_t i = 0; i < WARD_ARRAY_LEN(rpm_distros); i++)
            if (!strcmp(d->id, rpm_distros[i][0]))
                eco = rpm_distros[i][1];
    }
    if (!strcmp(eco, "Wolfi") || !strcmp(eco, "Chainguard"))
        return ward_xstrdup(eco); /* rolling distributions */
    if (d && d->id && !strcmp(d->id, "opensuse-tumbleweed"))
        return ward_xstrdup("openSUSE:Tumbleweed"); /* rolling: OSV's spelling */
    if (!v || !*v)
        return NULL;
    if (d && d->id && !strcmp(d->id, "opensuse-leap"))
        return ward_xasprintf("openSUSE:Leap %s", v); /* "15.1" -> "openSUSE:Leap 15.1" */
    /* CentOS (and CentOS Stream) rebuild RHEL: Red Hat's advisories apply
     * (what trivy and grype match it against) */
    if (!strcmp(eco, "CentOS"))
        eco = "Red Hat";
    if (!strcmp(eco, "Alpine")) {
        /* "3.10.2" -> "Alpine:v3.10" (edge has no number) */
        size_t dot = strcspn(v, ".");
        size_t n = v[dot] ? dot + 1 + strcspn(v + dot + 1, ".") : dot;
        return ward_xasprintf("Alpine:v%.*s", (int)n, v);
    }
    if (!strcmp(eco, "Ubuntu"))
        return ward_xasprintf("Ubuntu:%s", v); /* "22.04": ":LTS" is folded by the key */
    /* Debian and the RPM distributions key advisories by major release
     * ("2 (Karoo)" of Amazon Linux 2 as some SBOMs write it: "2"). */
    return ward_xasprintf("%s:%.*s", eco, (int)strcspn(v, ". "), v);
}

/* ---- range evaluation ---- */

struct eval {
    bool affected;
    const char *fixed; /* arena copy of the smallest fixed event above the version */
};

static int cmp_ver(enum ward_version_scheme s, const char *a, const char *b, int *r)
{
    return ward_version_cmp(s, a, strlen(a), b, strlen(b), r, NULL);
}

/* One encoded range "TYPE\x1fi:0\x1ff:1.2": affected? and its fix. */
static int eval_range(const char *r, size_t n, enum ward_version_scheme eco_scheme, bool go,
                      const char *version, struct ward_arena *a, struct eval *out)
{
    struct ward_version_event ev[MAX_EVENTS];
    char *copy = ward_xstrndup(r, n);
    char *save = NULL, *tok = strtok_r(copy, "\x1f", &save);
    enum ward_version_scheme s = eco_scheme;
    size_t ne = 0;
    if (tok && !strcmp(tok, "SEMVER"))
        s = WARD_VERSION_SEMVER;
    const char *ver = version;
    /* Go module versions carry a "v" the SEMVER ranges of OSV omit. */
    if (s == WARD_VERSION_SEMVER && go && ver[0] == 'v')
        ver++;
    while ((tok = strtok_r(NULL, "\x1f", &save)) && ne < MAX_EVENTS) {
        if (strlen(tok) < 3 || tok[1] != ':')
            continue;
        enum ward_version_event_kind k = tok[0] == 'i'   ? WARD_VERSION_INTRODUCED
                                         : tok[0] == 'f' ? WARD_VERSION_FIXED
                                         : tok[0] == 'l' ? WARD_VERSION_LAST_AFFECTED
                                                         : WARD_VERSION_LIMIT;
        ev[ne++] = (struct ward_version_event){k, tok + 2};
    }
    bool aff = false;
    int rc = ward_version_events_affected(s, ver, ev, ne, &aff, NULL);
    if (rc == 0 && aff) {
        out->affected = true;
        for (size_t i = 0; i < ne; i++) {
            int c1, c2;
            if (ev[i].kind != WARD_VERSION_FIXED || cmp_ver(s, ver, ev[i].version, &c1) < 0 ||
                c1 >= 0)
                continue;
            if (!out->fixed || (cmp_ver(s, ev[i].version, out->fixed, &c2) == 0 && c2 < 0))
                /* rpm: "0:1.2-3" is "1.2-3", as the installed version is shown */
                out->fixed = ward_arena_strdup(
                    a, s == WARD_VERSION_RPM && !strncmp(ev[i].version, "0:", 2) ? ev[i].version + 2
                                                                                 : ev[i].version);
        }
    }
    free(copy);
    return rc;
}

static bool in_versions(const char *list, const char *version)
{
    size_t vn = strlen(version);
    for (const char *p = list; p && *p;) {
        size_t n = strcspn(p, "\x1f");
        if (n == vn && memcmp(p, version, n) == 0)
            return true;
        p += n;
        if (*p)
            p++;
    }
    return false;
}

/* ---- per-package matching ---- */

struct hit {
    const struct ward_vulndb_row *row;
    struct ward_vulndb_advisory adv;
    enum ward_finding_status status;
    const char *fixed;
    size_t group;
};

static size_t find_root(size_t *parent, size_t i)
{
    while (parent[i] != i)
        i = parent[i] = parent[parent[i]];
    return i;
}

static bool share_id(const struct hit *x, const struct hit *y)
{
    const char *xs[2] = {x->adv.id, NULL}, *ys[2] = {y->adv.id, NULL};
    for (int a = 0; a < 2; a++) {
        const char *const *xl = a ? x->adv.aliases : xs;
        for (size_t i = 0; xl && xl[i]; i++)
            for (int b = 0; b < 2; b++) {
                const char *const *yl = b ? y->adv.aliases : ys;
                for (size_t j = 0; yl && yl[j]; j++)
                    if (!strcmp(xl[i], yl[j]))
                        return true;
            }
    }
    return false;
}

static int cmp_cstr(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void add_unique(const char ***v, size_t *n, size_t *cap, const char *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < *n; i++)
        if (!strcmp((*v)[i], s))
            return;
    WARD_GROW(*v, *n, *cap);
    (*v)[(*n)++] = s;
}

/* Copy a NULL-terminated list of borrowed strings into the arena. */
static const char **arena_list(struct ward_arena *a, const char *const *v, size_t n)
{
    const char **out = ward_arena_alloc(a, (n + 1) * sizeof(*out));
    for (size_t i = 0; i < n; i++)
        out[i] = ward_arena_strdup(a, v[i]);
    out[n] = NULL;
    return out;
}

static void set_severity(struct ward_finding *f, struct ward_arena *a,
                         const struct ward_vulndb_advisory *adv, bool allow_word)
{
    if (f->severity != WARD_SEV_UNKNOWN)
        return;
    enum ward_severity w = allow_word ? ward_severity_parse(adv->severity) : WARD_SEV_UNKNOWN;
    if (w != WARD_SEV_UNKNOWN) {
        f->severity = w;
        f->severity_source = ward_arena_strdup(a, adv->source ? adv->source : "vendor");
    } else if (adv->cvss_score > 0) {
        f->severity = ward_severity_from_score(adv->cvss_score);
        f->severity_source = "cvss";
    }
    if (!f->cvss_vector && adv->cvss_vector) {
        f->cvss_vector = ward_arena_strdup(a, adv->cvss_vector);
        f->cvss_score = adv->cvss_score;
    }
}

static int emit_group(struct ward_findings *out, struct ward_vulndb *db, const struct ward_pkg *p,
                      size_t pkg_index, const char *installed, enum ward_version_scheme scheme,
                      struct hit *hits, size_t nh, size_t group, struct ward_error **err)
{
    struct ward_arena *a = &out->arena;
    const char **ids = NULL, **refs = NULL;
    size_t nids = 0, capids = 0, nrefs = 0, caprefs = 0;
    struct ward_finding f = {0};
    struct hit *best = NULL;
    int r = 0;
    for (size_t i = 0; i < nh; i++) {
        struct hit *h = &hits[i];
        if (h->group != group)
            continue;
        add_unique(&ids, &nids, &capids, h->adv.id);
        for (size_t k = 0; k < h->adv.n_aliases; k++)
            add_unique(&ids, &nids, &capids, h->adv.aliases[k]);
        for (size_t k = 0; k < h->adv.n_references; k++)
            add_unique(&refs, &nrefs, &caprefs, h->adv.references[k]);
        /* Status order: a known fix beats "affected" beats "will not fix". */
        if (!best || h->status < best->status)
            best = h;
        if (h->status == WARD_FINDING_FIXED && h->fixed) {
            int c;
            if (!f.fixed_version || (cmp_ver(scheme, h->fixed, f.fixed_version, &c) == 0 && c > 0))
                f.fixed_version = h->fixed;
        }
        if (!f.title && h->adv.summary)
            f.title = h->adv.summary;
        if (!f.description && h->adv.details)
            f.description = h->adv.details;
    }
    /* Vendor severity for this package (Debian urgency, Ubuntu priority),
     * then the advisory's own word, then CVSS. */
    for (size_t i = 0; i < nh && f.severity == WARD_SEV_UNKNOWN; i++) {
        if (hits[i].group != group)
            continue;
        enum ward_severity w = ward_severity_parse(hits[i].row->severity);
        if (w != WARD_SEV_UNKNOWN) {
            f.severity = w;
            f.severity_source = hits[i].adv.source;
        }
    }
    for (size_t i = 0; i < nh; i++)
        if (hits[i].group == group)
            set_severity(&f, a, &hits[i].adv, true);
    qsort(ids, nids, sizeof(*ids), cmp_cstr);
    const char *primary = NULL;
    for (size_t i = 0; i < nids && !primary; i++)
        if (!strncmp(ids[i], "CVE-", 4))
            primary = ids[i];
    if (!primary)
        primary = best->adv.id;
    /* Enrichment by id: CVSS, severity, title from other advisories (NVD-like feeds). */
    if (f.severity == WARD_SEV_UNKNOWN || !f.title) {
        struct ward_vulndb_advisory e;
        if ((r = ward_vulndb_enrich(db, primary, a, &e, err)) < 0)
            goto out;
        set_severity(&f, a, &e, true);
        if (!f.title && e.summary)
            f.title = e.summary;
        if (!f.description && e.details)
            f.description = e.details;
    }
    {   /* NVD CVSS (when no vendor gave one), CISA KEV, EPSS, publication date
         * (each advisory carries the earliest date its ids and aliases have) */
        const char *pub = NULL;
        for (size_t i = 0; i < nh; i++)
            if (hits[i].group == group && hits[i].adv.published &&
                (!pub || strcmp(hits[i].adv.published, pub) < 0))
                pub = hits[i].adv.published;
        struct ward_vulndb_extra x;
        if ((r = ward_vulndb_enrich_finding(db, ids, nids, pub, a, &x, err)) < 0)
            goto out;
        if (!f.cvss_vector && x.cvss_vector) {
            f.cvss_vector = x.cvss_vector;
            f.cvss_score = x.cvss_score;
        }
        if (f.severity == WARD_SEV_UNKNOWN && x.cvss_vector) {
            f.severity = ward_severity_parse(x.cvss_severity);
            if (f.severity == WARD_SEV_UNKNOWN)
                f.severity = ward_cvss_severity(x.cvss_version, x.cvss_score);
            f.severity_source = f.severity != WARD_SEV_UNKNOWN ? x.cvss_feed : NULL;
        }
        f.kev = x.kev;
        f.kev_date_added = x.kev_date_added;
        f.kev_due_date = x.kev_due_date;
        f.kev_ransomware = x.kev_ransomware;
        f.epss_score = x.epss_score;
        f.epss_percentile = x.epss_percentile;
        f.epss_date = x.epss_date;
        f.published = x.published;
    }
    f.id = ward_arena_strdup(a, primary);
    const char **al = ward_arena_alloc(a, (nids + 1) * sizeof(*al));
    for (size_t i = 0; i < nids; i++)
        if (strcmp(ids[i], primary))
            al[f.n_aliases++] = ward_arena_strdup(a, ids[i]);
    f.aliases = al;
    f.references = arena_list(a, refs, nrefs);
    f.n_references = nrefs;
    f.pkg = p;
    f.pkg_index = pkg_index;
    f.installed = ward_arena_strdup(a, installed);
    f.status = best->status;
    if (f.status != WARD_FINDING_FIXED)
        f.fixed_version = NULL;
    f.data_source = best->adv.source;
    f.ecosystem = ward_arena_strdup(a, best->row->ecosystem);
    WARD_GROW(out->items, out->n, out->cap);
    out->items[out->n++] = f;
out:
    free(ids);
    free(refs);
    return r;
}

/* What one package is looked up and compared as. */
struct query {
    size_t idx;
    bool ok;
    enum ward_version_scheme scheme;
    char *eco, *name, *installed;
    char *key; /* eco \x1f name \x1f installed: packages sharing it share findings */
};

static void query_dispose(struct query *q)
{
    free(q->eco);
    free(q->name);
    free(q->installed);
    free(q->key);
}

static void pkg_query(const struct ward_inventory *inv, size_t idx, struct query *q)
{
    const struct ward_pkg *p = &inv->pkgs->items[idx];
    memset(q, 0, sizeof(*q));
    q->idx = idx;
    if (!p->ecosystem || !p->name || !p->version)
        return;
    if (p->type && !strcmp(p->type, "rpm") && !strcmp(p->ecosystem, "RPM"))
        q->scheme = WARD_VERSION_RPM; /* from an SBOM: the distro names the ecosystem */
    else if (ward_version_scheme_for(p->ecosystem, &q->scheme, NULL) < 0)
        return;
    bool os = is_os_type(p->type);
    bool source = p->type && (!strcmp(p->type, "deb") || !strcmp(p->type, "apk"));
    const char *name = source && p->source_name ? p->source_name : p->name;
    q->eco = os ? ward_match_distro_ecosystem(p, &inv->distro) : ward_xstrdup(p->ecosystem);
    if (!q->eco)
        return;
    /* RHEL 8+ module streams: a package of stream "nodejs:18" (its label's
     * first two fields) is looked up under "<eco>/module:nodejs:18" only, a
     * package without a label under the plain ecosystem only */
    const char *ml = p->type && !strcmp(p->type, "rpm") ? p->modularitylabel : NULL;
    if (ml && *ml) {
        size_t c1 = strcspn(ml, ":"), n = ml[c1] ? c1 + 1 + strcspn(ml + c1 + 1, ":") : c1;
        char *e = ward_xasprintf("%s/module:%.*s", q->eco, (int)n, ml);
        free(q->eco);
        q->eco = e;
    }
    if (!strcmp(p->ecosystem, "Maven") && p->group && !strchr(name, ':'))
        q->name = ward_xasprintf("%s:%s", p->group, name);
    else
        q->name = ward_xstrdup(name);
    if (source && p->source_version)
        q->installed = ward_xstrdup(p->source_version);
    else if (p->type && !strcmp(p->type, "rpm") && p->epoch > 0 && !strchr(p->version, ':'))
        q->installed = ward_xasprintf("%d:%s", p->epoch, p->version);
    else
        q->installed = ward_xstrdup(p->version);
    q->key = ward_xasprintf("%s\x1f%s\x1f%s", q->eco, q->name, q->installed);
    q->ok = true;
}

static int match_pkg(struct ward_findings *out, struct ward_vulndb *db,
                     const struct ward_inventory *inv, const struct query *q, unsigned flags,
                     struct ward_buf *k1, struct ward_buf *k2, struct ward_arena *scratch,
                     struct ward_error **err)
{
    size_t idx = q->idx;
    const struct ward_pkg *p = &inv->pkgs->items[idx];
    enum ward_version_scheme scheme = q->scheme;
    const char *eco = q->eco, *name = q->name, *installed = q->installed;
    ward_vulndb_eco_key(k1, eco);
    ward_vulndb_name_key(k2, eco, name);
    struct ward_vulndb_row *rows = NULL;
    const char *keys[2] = {k1->ptr, NULL};
    size_t nkeys = 1;
    /* a modular package also sees modular advisories that name no stream
     * ("<eco>/module": upstream AlmaLinux / Rocky OSV) */
    const char *ms = strstr(eco, "/module:");
    struct ward_buf k3 = WARD_BUF_INIT(4096);
    if (ms) {
        char *any = ward_xstrndup(eco, (size_t)(ms - eco) + strlen("/module"));
        ward_vulndb_eco_key(&k3, any);
        free(any);
        if (k3.ptr)
            keys[nkeys++] = k3.ptr;
    }
    struct hit *hits = NULL;
    size_t nh = 0, caph = 0;
    size_t *parent = NULL;
    int n =
        k1->ptr && k2->ptr ? ward_vulndb_lookup(db, keys, nkeys, k2->ptr, scratch, &rows, err) : 0;
    ward_buf_dispose(&k3);
    int r = n < 0 ? -1 : 0;
    bool go = !strcmp(p->ecosystem, "Go");
    for (int i = 0; r == 0 && i < n; i++) {
        const struct ward_vulndb_row *row = &rows[i];
        struct hit h = {.row = row};
        if (row->status == WARD_VULNDB_WILL_NOT_FIX) {
            h.status = WARD_FINDING_WILL_NOT_FIX;
        } else if (row->status == WARD_VULNDB_NOT_AFFECTED) {
            if (!(flags & WARD_MATCH_NOT_AFFECTED))
                continue;
            h.status = WARD_FINDING_NOT_AFFECTED;
        } else {
            struct eval ev = {0};
            bool bad = false;
            for (const char *rg = row->ranges; rg && *rg;) {
                size_t len = strcspn(rg, "\x1e");
                if (eval_range(rg, len, scheme, go, installed, &out->arena, &ev) < 0)
                    bad = true;
                rg += len;
                if (*rg)
                    rg++;
            }
            if (row->versions && in_versions(row->versions, installed))
                ev.affected = true;
            if (bad && !ev.affected)
                ward_debug("%s %s: %s: version not comparable; advisory skipped", name, installed,
                           row->vuln_id);
            if (!ev.affected)
                continue;
            h.fixed = ev.fixed;
            h.status = ev.fixed ? WARD_FINDING_FIXED : WARD_FINDING_AFFECTED;
        }
        if (ward_vulndb_advisory(db, row->advisory, &out->arena, &h.adv, err) < 0) {
            r = -1;
            break;
        }
        WARD_GROW(hits, nh, caph);
        hits[nh++] = h;
    }
    if (r == 0 && nh) {
        /* Union advisories that share an id or alias: one finding each. */
        parent = ward_xreallocarray(NULL, nh, sizeof(*parent));
        for (size_t i = 0; i < nh; i++)
            parent[i] = i;
        for (size_t i = 0; i < nh; i++)
            for (size_t j = i + 1; j < nh; j++)
                if (find_root(parent, i) != find_root(parent, j) && share_id(&hits[i], &hits[j]))
                    parent[find_root(parent, j)] = find_root(parent, i);
        for (size_t i = 0; i < nh; i++)
            hits[i].group = find_root(parent, i);
        for (size_t i = 0; r == 0 && i < nh; i++)
            if (hits[i].group == i)
                r = emit_group(out, db, p, idx, installed, scheme, hits, nh, i, err);
    }
    free(parent);
    free(hits);
    return r;
}

static int cmp_query(const void *a, const void *b)
{
    const struct query *x = a, *y = b;
    if (x->ok != y->ok)
        return x->ok ? -1 : 1;
    int c = x->ok ? strcmp(x->key, y->key) : 0;
    return c ? c : (x->idx > y->idx) - (x->idx < y->idx);
}

static int cmp_finding(const void *a, const void *b)
{
    const struct ward_finding *x = a, *y = b;
    int c = strcmp(x->pkg->name, y->pkg->name);
    if (!c)
        c = strcmp(x->pkg->version, y->pkg->version);
    if (!c)
        c = strcmp(x->id, y->id);
    if (!c)
        c = x->pkg_index < y->pkg_index ? -1 : x->pkg_index > y->pkg_index;
    return c;
}

int ward_match(struct ward_findings **out, struct ward_vulndb *db, const struct ward_inventory *inv,
               const struct ward_match_opts *opts, struct ward_error **err)
{
    struct ward_findings *f = ward_xcalloc(1, sizeof(*f));
    ward_arena_init(&f->arena);
    struct ward_buf k1 = WARD_BUF_INIT(4096), k2 = WARD_BUF_INIT(4096);
    unsigned flags = opts ? opts->flags : 0;
    int r = 0;
    /* Lookup rows are scratch: one arena for the whole run, freed at the end. */
    struct ward_arena scratch;
    ward_arena_init(&scratch);
    size_t np = inv->pkgs ? inv->pkgs->n : 0;
    struct query *qs = ward_xcalloc(np ? np : 1, sizeof(*qs));
    for (size_t i = 0; i < np; i++)
        pkg_query(inv, i, &qs[i]);
    /* Binary packages built from one source share (eco, source, version):
     * look that up once and copy its findings to the siblings. */
    qsort(qs, np, sizeof(*qs), cmp_query);
    const char *prev = NULL;
    size_t from = 0, to = 0;
    for (size_t i = 0; i < np && r == 0; i++) {
        if (!qs[i].ok) {
            f->packages_skipped++;
            continue;
        }
        f->packages_checked++;
        if (prev && !strcmp(prev, qs[i].key)) {
            for (size_t k = from; k < to; k++) {
                struct ward_finding c = f->items[k];
                c.pkg = &inv->pkgs->items[qs[i].idx];
                c.pkg_index = qs[i].idx;
                WARD_GROW(f->items, f->n, f->cap);
                f->items[f->n++] = c;
            }
            continue;
        }
        from = f->n;
        r = match_pkg(f, db, inv, &qs[i], flags, &k1, &k2, &scratch, err);
        to = f->n;
        prev = qs[i].key;
    }
    for (size_t i = 0; i < np; i++)
        query_dispose(&qs[i]);
    free(qs);
    ward_arena_dispose(&scratch);
    ward_buf_dispose(&k1);
    ward_buf_dispose(&k2);
    if (r < 0) {
        ward_findings_free(f);
        return ward_error_wrap(err, "match");
    }
    if (f->n)
        qsort(f->items, f->n, sizeof(*f->items), cmp_finding);
    *out = f;
    return 0;
}
