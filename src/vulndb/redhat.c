/* redhat.c - Red Hat's own advisory data: CSAF advisories (RHSA documents),
 * CSAF VEX per-CVE files, and the Security Data API CVE JSON ("hydra").
 * Products map to RHEL releases by CPE or product name: "Red Hat:8",
 * "Red Hat:8.6+eus", "Red Hat:6+els"; modular streams are kept apart as
 * "Red Hat:8/module:ruby:2.5". One advisory per CVE, aliased to its RHSA. */
#define WARD_LOG_MODULE "vulndb"
#include "util/json_in.h"
#include "version/version.h"
#include "vulndb/vulndb_int.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

/* ---- release keys shared with the ecosystem key (severity.c) ---- */

static bool all_digits_dots(const char *s, size_t n, bool dots)
{
    if (!n || !isdigit((unsigned char)s[0]))
        return false;
    for (size_t i = 0; i < n; i++)
        if (!isdigit((unsigned char)s[i]) && !(dots && s[i] == '.'))
            return false;
    return true;
}

bool vulndb__redhat_release(struct ward_buf *out, const char *product, size_t pn,
                            const char *version, size_t vn)
{
    static const struct {
        const char *product, *suffix;
        bool minor; /* the stream is per minor release */
    } streams[] = {
        {"enterprise_linux", "", false}, {"rhel_els", "+els", false}, {"rhel_eus", "+eus", true},
        {"rhel_aus", "+aus", true},      {"rhel_tus", "+tus", true},  {"rhel_e4s", "+e4s", true},
    };
    if (!all_digits_dots(version, vn, true))
        return false;
    for (size_t i = 0; i < WARD_ARRAY_LEN(streams); i++) {
        if (strlen(streams[i].product) != pn || memcmp(streams[i].product, product, pn) != 0)
            continue;
        size_t keep = streams[i].minor ? vn : strcspn(version, ".");
        if (keep > vn)
            keep = vn;
        if (streams[i].minor && !memchr(version, '.', vn))
            return false;
        ward_buf_reset(out);
        ward_buf_addf(out, "Red Hat:%.*s%s", (int)keep, version, streams[i].suffix);
        return ward_buf_check(out) == 0;
    }
    return false;
}

/* "cpe:/o:redhat:enterprise_linux:8::baseos" -> "Red Hat:8". */
static bool cpe_release(struct ward_buf *out, const char *cpe)
{
    if (!cpe || strncmp(cpe, "cpe:/", 5) != 0)
        return false;
    const char *p = cpe + 5;
    p += strcspn(p, ":"); /* part */
    if (strncmp(p, ":redhat:", 8) != 0)
        return false;
    p += 8;
    size_t pn = strcspn(p, ":");
    if (p[pn] != ':')
        return false;
    const char *v = p + pn + 1;
    return vulndb__redhat_release(out, p, pn, v, strcspn(v, ":"));
}

/* "Red Hat Enterprise Linux 8", "... 8.6 Extended Update Support",
 * "... 6 Extended Lifecycle Support" (the Security Data API's names). */
static bool product_release(struct ward_buf *out, const char *name)
{
    static const char base[] = "Red Hat Enterprise Linux";
    if (!name || strncmp(name, base, sizeof(base) - 1) != 0)
        return false;
    const char *v = name + sizeof(base) - 1;
    v += strspn(v, " ");
    size_t vn = strspn(v, "0123456789.");
    const char *rest = v + vn;
    if (!vn)
        return false;
    if (!*rest && all_digits_dots(v, vn, false))
        return vulndb__redhat_release(out, "enterprise_linux", 16, v, vn);
    if (!strncmp(rest, " Extended Update Support", 24))
        return vulndb__redhat_release(out, "rhel_eus", 8, v, vn);
    if (!strncmp(rest, " Extended Lifecycle Support", 27) && all_digits_dots(v, vn, false))
        return vulndb__redhat_release(out, "rhel_els", 8, v, vn);
    return false;
}

/* ---- rows of one CVE, reduced before they are stored ---- */

struct rh_row {
    char *eco, *name, *fixed; /* fixed: NULL unless kind is a fix */
    int kind;                 /* enum below */
};

enum { ROW_FIXED = 0, ROW_AFFECTED, ROW_WONTFIX, ROW_NOT_AFFECTED };

struct rh_rows {
    struct rh_row *v;
    size_t n, cap;
};

static void rows_add(struct rh_rows *r, const char *eco, const char *module, const char *name,
                     int kind, const char *fixed)
{
    if (!name || !*name || !vulndb__clean(name) || strlen(name) > 256 ||
        (fixed && (!vulndb__clean(fixed) || strlen(fixed) > 256)) ||
        (module && (!vulndb__clean(module) || strlen(module) > 256)) || r->n >= 1000000)
        return;
    WARD_GROW(r->v, r->n, r->cap);
    struct rh_row *w = &r->v[r->n++];
    w->eco = module && *module ? ward_xasprintf("%s/module:%s", eco, module) : ward_xstrdup(eco);
    w->name = ward_xstrdup(name);
    /* an explicit zero epoch says nothing: rpm compares it as absent */
    if (fixed && !strncmp(fixed, "0:", 2))
        fixed += 2;
    w->fixed = fixed ? ward_xstrdup(fixed) : NULL;
    w->kind = kind;
}

static void rows_reset(struct rh_rows *r)
{
    for (size_t i = 0; i < r->n; i++) {
        free(r->v[i].eco);
        free(r->v[i].name);
        free(r->v[i].fixed);
    }
    r->n = 0;
}

static void rows_dispose(struct rh_rows *r)
{
    rows_reset(r);
    free(r->v);
    memset(r, 0, sizeof(*r));
}

static int cmp_row(const void *a, const void *b)
{
    const struct rh_row *x = a, *y = b;
    int c = strcmp(x->eco, y->eco);
    if (!c)
        c = strcmp(x->name, y->name);
    if (!c)
        c = x->kind - y->kind;
    return c;
}

static int rpm_cmp(const char *a, const char *b)
{
    int c = 0;
    if (ward_version_cmp(WARD_VERSION_RPM, a, strlen(a), b, strlen(b), &c, NULL) < 0)
        return strcmp(a, b);
    return c;
}

/* Extended streams ("8.6+eus", "6+els") with data while their base release
 * has none for this CVE: the base release gets no fix (as vunnel infers). */
static void infer_base(struct rh_rows *r)
{
    size_t n0 = r->n;
    for (size_t i = 0; i < n0; i++) {
        const char *e = r->v[i].eco;
        if (strncmp(e, "Red Hat:", 8) || !strchr(e, '+') || strchr(e, '/'))
            continue;
        char *base = ward_xstrndup(e, strcspn(e + 8, ".+") + 8);
        bool skip = false;
        for (size_t k = 0; k < r->n && !skip; k++)
            skip = k < n0 ? !strcmp(r->v[k].eco, base)
                          : !strcmp(r->v[k].eco, base) && !strcmp(r->v[k].name, r->v[i].name);
        if (!skip)
            rows_add(r, base, NULL, r->v[i].name, ROW_WONTFIX, NULL);
        free(base);
    }
}

/* Store one CVE: per (release, package) unfixed states win over fixes (a
 * partial fix leaves the package vulnerable), of several fixes the highest. */
static int rows_store(struct ward_vulndb_sink *s, const struct adv_in *in, const char *rhsa,
                      struct rh_rows *r, bool base_inference, struct ward_error **err)
{
    if (base_inference)
        infer_base(r);
    if (!r->n)
        return 0;
    qsort(r->v, r->n, sizeof(*r->v), cmp_row);
    int64_t adv = vulndb__advisory(s, in, err);
    if (adv < 0)
        return -1;
    if (rhsa && strcmp(rhsa, in->id) && vulndb__alias(s, adv, rhsa, err) < 0)
        return -1;
    char *url = ward_xasprintf("https://access.redhat.com/security/cve/%s", in->id);
    int rc = vulndb__ref(s, adv, url, err);
    free(url);
    if (rc == 0 && rhsa) {
        url = ward_xasprintf("https://access.redhat.com/errata/%s", rhsa);
        rc = vulndb__ref(s, adv, url, err);
        free(url);
    }
    struct ward_buf range = WARD_BUF_INIT(4096);
    for (size_t i = 0; rc == 0 && i < r->n;) {
        size_t j = i;
        while (j < r->n && !strcmp(r->v[j].eco, r->v[i].eco) && !strcmp(r->v[j].name, r->v[i].name))
            j++;
        /* sorted by kind: fixes first; an unfixed state wins, and of those
         * will-not-fix (a remediation refining "known affected") */
        const struct rh_row *pick = &r->v[i];
        for (size_t k = i; k < j; k++)
            if (r->v[k].kind == ROW_AFFECTED || r->v[k].kind == ROW_WONTFIX)
                pick = &r->v[k];
        if (pick->kind == ROW_FIXED)
            for (size_t k = i; k < j; k++)
                if (r->v[k].kind == ROW_FIXED && rpm_cmp(r->v[k].fixed, pick->fixed) > 0)
                    pick = &r->v[k];
        int status = WARD_VULNDB_RANGES;
        ward_buf_reset(&range);
        if (pick->kind == ROW_FIXED)
            ward_buf_addf(&range, "ECOSYSTEM%ci:0%cf:%s", EVENT_SEP, EVENT_SEP, pick->fixed);
        else if (pick->kind == ROW_AFFECTED)
            ward_buf_addf(&range, "ECOSYSTEM%ci:0", EVENT_SEP);
        else
            status =
                pick->kind == ROW_WONTFIX ? WARD_VULNDB_WILL_NOT_FIX : WARD_VULNDB_NOT_AFFECTED;
        rc = vulndb__affected(s, adv, pick->eco, pick->name, status, range.len ? range.ptr : NULL,
                              NULL, NULL, err);
        i = j;
    }
    ward_buf_dispose(&range);
    return rc;
}

static double num_or_str(const json_t *v)
{
    if (json_is_number(v))
        return json_number_value(v);
    const char *s = json_is_string(v) ? json_string_value(v) : NULL;
    if (!s)
        return 0;
    char *end = NULL;
    double d = strtod(s, &end);
    return end && end != s && d > 0 && d <= 10 ? d : 0;
}

static const char *field(const char *s)
{
    return s && vulndb__clean(s) ? s : NULL;
}

static bool cve_like(const char *id)
{
    return id && *id && strlen(id) <= 256 && vulndb__clean(id);
}

/* ---- Security Data API CVE JSON ---- */

bool vulndb__is_redhat_cve(const json_t *doc)
{
    return json_is_object(doc) &&
           (ward_jarr(doc, "affected_release") || ward_jarr(doc, "package_state")) &&
           (ward_jstr(doc, "threat_severity") || ward_jobj(doc, "bugzilla") ||
            ward_jstr(doc, "public_date"));
}

/* "firefox-0:102.15.1-1.el8_8", "1:foo-2.3-4.el6", "foo-2.3-4.el6" -> name, version;
 * module builds ("nodejs:18-8090...") have no version here. */
static bool split_nevr(const char *pkg, char **name, char **version)
{
    *name = *version = NULL;
    const char *colon = strchr(pkg, ':');
    if (colon) {
        size_t ln = (size_t)(colon - pkg);
        if (all_digits_dots(pkg, ln, false)) {
            const char *rest = colon + 1, *r2 = strrchr(rest, '-');
            const char *r1 = NULL;
            for (const char *q = rest; r2 && q < r2; q++)
                if (*q == '-')
                    r1 = q;
            if (!r1)
                return false;
            *name = ward_xstrndup(rest, (size_t)(r1 - rest));
            *version = ward_xasprintf("%.*s:%s", (int)ln, pkg, r1 + 1);
            return true;
        }
        const char *dash = NULL;
        for (const char *q = pkg; q < colon; q++)
            if (*q == '-')
                dash = q;
        if (dash && all_digits_dots(dash + 1, (size_t)(colon - dash - 1), false)) {
            *name = ward_xstrndup(pkg, (size_t)(dash - pkg));
            *version = ward_xstrdup(dash + 1);
            return true;
        }
        return false;
    }
    const char *r2 = strrchr(pkg, '-'), *r1 = NULL;
    for (const char *q = pkg; r2 && q < r2; q++)
        if (*q == '-')
            r1 = q;
    if (!r1)
        return false;
    *name = ward_xstrndup(pkg, (size_t)(r1 - pkg));
    *version = ward_xstrdup(r1 + 1);
    return true;
}

int vulndb__redhat_cve(struct ward_vulndb_sink *s, const char *origin, const json_t *doc,
                       struct ward_error **err)
{
    const char *id = ward_jstr(doc, "name");
    if (!id) { /* files are named after their CVE */
        const char *b = strrchr(origin, '/');
        b = b ? b + 1 : origin;
        id = !strncmp(b, "CVE-", 4) ? b : NULL;
    }
    if (!cve_like(id)) {
        ward_warn("%s: Red Hat CVE record without a usable name; skipped", origin);
        s->skipped++;
        return 0;
    }
    struct rh_rows rows = {0};
    struct ward_buf eco = WARD_BUF_INIT(256);
    size_t i;
    json_t *it;
    json_array_foreach(ward_jarr(doc, "package_state"), i, it)
    {
        const char *pn = ward_jstr(it, "package_name"), *st = ward_jstr(it, "fix_state");
        if (!pn || !st || !product_release(&eco, ward_jstr(it, "product_name")))
            continue;
        const char *slash = strchr(pn, '/');
        char *module = slash ? ward_xstrndup(pn, (size_t)(slash - pn)) : NULL;
        const char *name = slash ? slash + 1 : pn;
        size_t ml = module ? strlen(module) : 0;
        int kind = -1;
        if (!strcmp(st, "Affected") || !strcmp(st, "Fix deferred"))
            kind = ROW_AFFECTED;
        else if (!strcmp(st, "Will not fix") || !strcmp(st, "Out of support scope"))
            kind = ROW_WONTFIX;
        else if (!strcmp(st, "Not affected"))
            kind = ROW_NOT_AFFECTED;
        if (kind >= 0 && !(ml > 8 && !strcmp(module + ml - 8, ":flatpak")))
            rows_add(&rows, eco.ptr, module, name, kind, NULL);
        free(module);
    }
    json_array_foreach(ward_jarr(doc, "affected_release"), i, it)
    {
        const char *pkg = ward_jstr(it, "package");
        char *name = NULL, *ver = NULL;
        if (pkg && product_release(&eco, ward_jstr(it, "product_name")) &&
            split_nevr(pkg, &name, &ver))
            rows_add(&rows, eco.ptr, NULL, name, ROW_FIXED, ver);
        free(name);
        free(ver);
    }
    json_t *details = ward_jarr(doc, "details");
    const char *desc =
        json_array_size(details)
            ? json_string_value(json_array_get(details, json_array_size(details) - 1))
            : NULL;
    json_t *cvss = ward_jobj(doc, "cvss3");
    struct adv_in in = {
        .id = id,
        .feed = "redhat-cve",
        .summary = field(ward_jstr(ward_jobj(doc, "bugzilla"), "description")),
        .details = field(desc),
        .severity = field(ward_jstr(doc, "threat_severity")),
        .cvss_vector = field(ward_jstr(cvss, "cvss3_scoring_vector")),
        .cvss_score = num_or_str(json_object_get(cvss, "cvss3_base_score")),
        .published = field(ward_jstr(doc, "public_date")),
    };
    int r = rows_store(s, &in, NULL, &rows, true, err);
    rows_dispose(&rows);
    ward_buf_dispose(&eco);
    return r;
}

/* ---- CSAF (advisories and VEX) ---- */

bool vulndb__is_csaf(const json_t *doc)
{
    const char *cat = ward_jstr(ward_jobj(doc, "document"), "category");
    return cat && !strncmp(cat, "csaf_", 5) && json_is_object(ward_jobj(doc, "product_tree"));
}

struct csaf {
    json_t *cpe;  /* product id -> release ("Red Hat:8") */
    json_t *purl; /* product id -> purl */
    json_t *rel;  /* full product id -> [component id, platform id] */
};

static void walk_branches(struct csaf *c, const json_t *branches, unsigned depth,
                          struct ward_buf *tmp)
{
    size_t i;
    json_t *b;
    if (depth > 32)
        return;
    json_array_foreach(branches, i, b)
    {
        json_t *prod = ward_jobj(b, "product");
        const char *pid = ward_jstr(prod, "product_id");
        json_t *helper = ward_jobj(prod, "product_identification_helper");
        if (pid) {
            const char *cpe = ward_jstr(helper, "cpe"), *purl = ward_jstr(helper, "purl");
            if (cpe && cpe_release(tmp, cpe))
                json_object_set_new(c->cpe, pid, json_string(tmp->ptr));
            if (purl)
                json_object_set_new(c->purl, pid, json_string(purl));
        }
        walk_branches(c, ward_jarr(b, "branches"), depth + 1, tmp);
    }
}

static int hexval(char c)
{
    return c >= '0' && c <= '9'   ? c - '0'
           : c >= 'a' && c <= 'f' ? c - 'a' + 10
           : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                  : -1;
}

static char *pct_decode(const char *p, size_t n)
{
    char *o = ward_xmalloc(n + 1);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (p[i] == '%' && i + 2 < n && hexval(p[i + 1]) >= 0 && hexval(p[i + 2]) >= 0) {
            o[k++] = (char)(hexval(p[i + 1]) * 16 + hexval(p[i + 2]));
            i += 2;
        } else {
            o[k++] = p[i];
        }
    }
    o[k] = 0;
    return o;
}

/* Qualifier value of a purl (decoded, caller frees) or NULL. */
static char *purl_qual(const char *purl, const char *key)
{
    const char *q = strchr(purl, '?');
    size_t kl = strlen(key);
    while (q && *q) {
        q++;
        size_t n = strcspn(q, "&#");
        if (n > kl && !strncmp(q, key, kl) && q[kl] == '=')
            return pct_decode(q + kl + 1, n - kl - 1);
        q += n;
        if (*q != '&')
            break;
    }
    return NULL;
}

/* pkg:rpm/redhat/NAME[@VERSION][?epoch=E&arch=A&rpmmod=M:S:...] */
static bool purl_rpm(const char *purl, char **name, char **version, char **module)
{
    *name = *version = *module = NULL;
    if (strncmp(purl, "pkg:rpm/", 8) != 0)
        return false;
    size_t end = strcspn(purl, "?#");
    const char *at = memchr(purl, '@', end);
    size_t nend = at ? (size_t)(at - purl) : end;
    const char *slash = NULL;
    for (const char *q = purl; q < purl + nend; q++)
        if (*q == '/')
            slash = q;
    if (!slash || slash + 1 >= purl + nend)
        return false;
    *name = pct_decode(slash + 1, (size_t)(purl + nend - slash - 1));
    if (at) {
        char *vr = pct_decode(at + 1, end - nend - 1);
        char *ep = purl_qual(purl, "epoch");
        if (ep && *ep && strcmp(ep, "0") && all_digits_dots(ep, strlen(ep), false)) {
            *version = ward_xasprintf("%s:%s", ep, vr);
            free(vr);
        } else {
            *version = vr;
        }
        free(ep);
    }
    char *mod = purl_qual(purl, "rpmmod");
    if (mod) { /* "ruby:2.5:8090020230627084142:b46abd14" -> "ruby:2.5" */
        char *c1 = strchr(mod, ':');
        char *c2 = c1 ? strchr(c1 + 1, ':') : NULL;
        if (c2)
            *c2 = 0;
        *module = mod;
    }
    return true;
}

/* One product of a status list -> a row. */
static void csaf_product(struct csaf *c, struct rh_rows *rows, const char *pid, int kind)
{
    json_t *rel = json_object_get(c->rel, pid);
    const char *comp = json_string_value(json_array_get(rel, 0));
    const char *plat = json_string_value(json_array_get(rel, 1));
    const char *eco = plat ? json_string_value(json_object_get(c->cpe, plat)) : NULL;
    if (!comp || !eco)
        return; /* not a RHEL product */
    const char *purl = json_string_value(json_object_get(c->purl, comp));
    char *name = NULL, *ver = NULL, *mod = NULL;
    if (!purl || !purl_rpm(purl, &name, &ver, &mod)) {
        if (purl) /* containers, other package types */
            return;
        size_t n = strlen(comp);
        name = ward_xstrndup(comp, n > 4 && !strcmp(comp + n - 4, ".src") ? n - 4 : n);
    }
    if (kind == ROW_FIXED && !ver)
        kind = -1; /* a fix without a version says nothing usable */
    if (kind >= 0)
        rows_add(rows, eco, mod, name, kind, kind == ROW_FIXED ? ver : NULL);
    free(name);
    free(ver);
    free(mod);
}

static const char *csaf_note(const json_t *v, const char *category)
{
    size_t i;
    json_t *n;
    json_array_foreach(ward_jarr(v, "notes"), i, n)
    {
        const char *cat = ward_jstr(n, "category");
        if (cat && !strcmp(cat, category))
            return ward_jstr(n, "text");
    }
    return NULL;
}

int vulndb__csaf(struct ward_vulndb_sink *s, const char *origin, const json_t *doc,
                 struct ward_error **err)
{
    struct csaf c = {json_object(), json_object(), json_object()};
    struct ward_buf tmp = WARD_BUF_INIT(256);
    json_t *tree = ward_jobj(doc, "product_tree");
    walk_branches(&c, ward_jarr(tree, "branches"), 0, &tmp);
    size_t i, k;
    json_t *it, *p;
    json_array_foreach(ward_jarr(tree, "relationships"), i, it)
    {
        const char *full = ward_jstr(ward_jobj(it, "full_product_name"), "product_id");
        const char *comp = ward_jstr(it, "product_reference");
        const char *plat = ward_jstr(it, "relates_to_product_reference");
        if (full && comp && plat)
            json_object_set_new(c.rel, full, json_pack("[ss]", comp, plat));
    }
    const char *cat = ward_jstr(ward_jobj(doc, "document"), "category");
    const char *track = ward_jstr(ward_jobj(ward_jobj(doc, "document"), "tracking"), "id");
    bool advisory = cat && strcmp(cat, "csaf_vex") != 0;
    const char *rhsa = advisory && cve_like(track) ? track : NULL;
    struct rh_rows rows = {0};
    int r = 0;
    json_array_foreach(ward_jarr(doc, "vulnerabilities"), i, it)
    {
        const char *cve = ward_jstr(it, "cve");
        if (!cve_like(cve)) {
            ward_warn("%s: CSAF vulnerability without a usable cve; skipped", origin);
            s->skipped++;
            continue;
        }
        rows_reset(&rows);
        /* unfixed states come from remediations; product_status says which
         * products each list is about */
        json_t *rem;
        json_array_foreach(ward_jarr(it, "remediations"), k, rem)
        {
            const char *rc = ward_jstr(rem, "category"), *det = ward_jstr(rem, "details");
            int kind = -1;
            if (rc && !strcmp(rc, "no_fix_planned"))
                kind = ROW_WONTFIX;
            else if (rc && !strcmp(rc, "none_available"))
                kind = det && (!strcmp(det, "Will not fix") || !strcmp(det, "Out of support scope"))
                           ? ROW_WONTFIX
                           : ROW_AFFECTED; /* "Affected", "Fix deferred" */
            size_t m;
            json_array_foreach(ward_jarr(rem, "product_ids"), m, p)
            {
                if (kind >= 0 && json_is_string(p))
                    csaf_product(&c, &rows, json_string_value(p), kind);
            }
        }
        json_t *ps = ward_jobj(it, "product_status");
        static const struct {
            const char *key;
            int kind;
        } lists[] = {{"fixed", ROW_FIXED},
                     {"known_affected", ROW_AFFECTED},
                     {"known_not_affected", ROW_NOT_AFFECTED}};
        for (size_t l = 0; l < WARD_ARRAY_LEN(lists); l++) {
            json_array_foreach(ward_jarr(ps, lists[l].key), k, p)
            {
                if (json_is_string(p))
                    csaf_product(&c, &rows, json_string_value(p), lists[l].kind);
            }
        }
        const char *sev = NULL;
        json_t *th;
        json_array_foreach(ward_jarr(it, "threats"), k, th)
        {
            const char *tc = ward_jstr(th, "category");
            if (tc && !strcmp(tc, "impact") && !sev)
                sev = field(ward_jstr(th, "details"));
        }
        if (!sev)
            sev = field(
                ward_jstr(ward_jobj(ward_jobj(doc, "document"), "aggregate_severity"), "text"));
        const char *vec = NULL;
        double score = 0;
        json_t *sc;
        json_array_foreach(ward_jarr(it, "scores"), k, sc)
        {
            json_t *v3 = ward_jobj(sc, "cvss_v3");
            if (v3 && !vec) {
                vec = field(ward_jstr(v3, "vectorString"));
                score = num_or_str(json_object_get(v3, "baseScore"));
            }
        }
        const char *details = field(csaf_note(it, "description"));
        struct adv_in in = {
            .id = cve,
            .feed = "redhat-csaf",
            .summary = field(ward_jstr(it, "title")),
            .details = details && strlen(details) <= WARD_VULNDB_MAX_FIELD ? details : NULL,
            .severity = sev,
            .cvss_vector = vec,
            .cvss_score = score,
            .published = field(ward_jstr(it, "release_date")),
        };
        if ((r = rows_store(s, &in, rhsa, &rows, !advisory, err)) < 0)
            break;
    }
    rows_dispose(&rows);
    ward_buf_dispose(&tmp);
    json_decref(c.cpe);
    json_decref(c.purl);
    json_decref(c.rel);
    return r;
}
