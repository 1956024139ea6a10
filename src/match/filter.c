/* filter.c - severity / unfixed / package-class filters, ignore files (text
 * and YAML, with expiry) and OpenVEX statements applied to match findings. */
#include "match/filter.h"
#include "util/file.h"
#include "util/json_in.h"
#include "util/limits.h"

#include <ctype.h>
#include <fcntl.h>
#include <string.h>
#include <strings.h>

#define FILTER_MAX_FILE  (16u << 20) /* an ignore or VEX file */
#define FILTER_MAX_RULES 100000u

/* ---- small helpers ---- */

static bool word_eq(const char *a, size_t n, const char *lit)
{
    return strlen(lit) == n && strncasecmp(a, lit, n) == 0;
}

int ward_severities_parse(unsigned *out, const char *list, struct ward_error **err)
{
    unsigned bits = 0;
    const char *p = list;
    while (*p) {
        const char *e = strchr(p, ',');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        bool found = false;
        for (int s = WARD_SEV_UNKNOWN; s <= WARD_SEV_CRITICAL; s++) {
            if (word_eq(p, n, ward_severity_name((enum ward_severity)s))) {
                bits |= 1u << s;
                found = true;
            }
        }
        if (!found && n > 0)
            return ward_error_set(err, WARD_EFORMAT, 0,
                                  "unknown severity '%.*s' (UNKNOWN, NEGLIGIBLE, LOW, MEDIUM, "
                                  "HIGH, CRITICAL)",
                                  (int)(n > 64 ? 64 : n), p);
        p += n;
        if (*p == ',')
            p++;
    }
    *out = bits;
    return 0;
}

int ward_pkg_classes_parse(unsigned *out, const char *list, struct ward_error **err)
{
    unsigned bits = 0;
    const char *p = list;
    while (*p) {
        const char *e = strchr(p, ',');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        if (word_eq(p, n, "os"))
            bits |= WARD_PKG_CLASS_OS;
        else if (word_eq(p, n, "library") || word_eq(p, n, "lang"))
            bits |= WARD_PKG_CLASS_LIBRARY;
        else if (n > 0)
            return ward_error_set(err, WARD_EFORMAT, 0, "unknown package type '%.*s' (os, library)",
                                  (int)(n > 64 ? 64 : n), p);
        p += n;
        if (*p == ',')
            p++;
    }
    *out = bits;
    return 0;
}

unsigned ward_pkg_class(const struct ward_pkg *p)
{
    const char *t = p->type ? p->type : "";
    if (!strcmp(t, "deb") || !strcmp(t, "apk") || !strcmp(t, "rpm"))
        return WARD_PKG_CLASS_OS;
    return WARD_PKG_CLASS_LIBRARY;
}

/* "YYYY-MM-DD" (optionally followed by a time we ignore) -> 00:00 UTC. */
static int parse_date(const char *s, size_t n, time_t *out)
{
    if (n < 10 || !isdigit((unsigned char)s[0]) || s[4] != '-' || s[7] != '-')
        return -1;
    for (size_t i = 0; i < 10; i++)
        if (i != 4 && i != 7 && !isdigit((unsigned char)s[i]))
            return -1;
    struct tm tm = {0};
    tm.tm_year = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0') - 1900;
    tm.tm_mon = (s[5] - '0') * 10 + (s[6] - '0') - 1;
    tm.tm_mday = (s[8] - '0') * 10 + (s[9] - '0');
    if (tm.tm_mon < 0 || tm.tm_mon > 11 || tm.tm_mday < 1 || tm.tm_mday > 31)
        return -1;
    *out = timegm(&tm);
    return 0;
}

/* ---- ignore files ---- */

void ward_ignore_free(struct ward_ignore *ig)
{
    if (!ig)
        return;
    for (size_t i = 0; i < ig->n; i++) {
        struct ward_ignore_rule *r = &ig->rules[i];
        free(r->id);
        for (size_t k = 0; k < r->n_packages; k++)
            free(r->packages[k]);
        free(r->packages);
        free(r->reason);
    }
    free(ig->rules);
    free(ig);
}

static struct ward_ignore_rule *add_rule(struct ward_ignore *ig, size_t *cap)
{
    WARD_GROW(ig->rules, ig->n, *cap);
    struct ward_ignore_rule *r = &ig->rules[ig->n++];
    memset(r, 0, sizeof(*r));
    return r;
}

static int parse_text(struct ward_ignore *ig, const char *data, size_t n, const char *path,
                      struct ward_error **err)
{
    struct ward_span in = ward_span_of(data, n), line;
    size_t lineno = 0, cap = 0;
    while (ward_span_line(&in, &line)) {
        lineno++;
        struct ward_span hash_l, hash_r;
        if (ward_span_cut(line, '#', &hash_l, &hash_r))
            line = hash_l;
        line = ward_span_trim(line);
        if (!line.len)
            continue;
        if (ig->n >= FILTER_MAX_RULES)
            return ward_error_set(err, WARD_ELIMIT, 0, "%s: more than %u rules", path,
                                  FILTER_MAX_RULES);
        /* "ID [exp:YYYY-MM-DD]" */
        size_t i = 0;
        while (i < line.len && !isspace((unsigned char)line.ptr[i]))
            i++;
        struct ward_ignore_rule *r = add_rule(ig, &cap);
        r->id = ward_xstrndup(line.ptr, i);
        r->line = lineno;
        struct ward_span rest = ward_span_trim(ward_span_of(line.ptr + i, line.len - i));
        if (rest.len) {
            if (!ward_span_starts(rest, "exp:") ||
                parse_date(rest.ptr + 4, rest.len - 4, &r->expires) < 0)
                return ward_error_set(err, WARD_EFORMAT, 0,
                                      "%s:%zu: expected 'ID' or 'ID exp:YYYY-MM-DD'", path, lineno);
        }
    }
    return 0;
}

static char *jdup(const json_t *v)
{
    return json_is_string(v) ? ward_xstrdup(json_string_value(v)) : NULL;
}

static int parse_yaml(struct ward_ignore *ig, const json_t *doc, const char *path,
                      struct ward_error **err)
{
    const json_t *list = json_is_array(doc) ? doc : ward_jarr(doc, "vulnerabilities");
    if (!list)
        return ward_error_set(err, WARD_EFORMAT, 0,
                              "%s: expected a 'vulnerabilities:' list of {id, packages, "
                              "expires, reason}",
                              path);
    size_t i, cap = 0;
    json_t *e;
    json_array_foreach(list, i, e)
    {
        if (ig->n >= FILTER_MAX_RULES)
            return ward_error_set(err, WARD_ELIMIT, 0, "%s: more than %u rules", path,
                                  FILTER_MAX_RULES);
        const char *id = json_is_string(e) ? json_string_value(e) : ward_jstr(e, "id");
        if (!id || !*id)
            return ward_error_set(err, WARD_EFORMAT, 0, "%s: entry %zu has no 'id'", path, i + 1);
        struct ward_ignore_rule *r = add_rule(ig, &cap);
        r->id = ward_xstrdup(id);
        r->line = i + 1;
        if (!json_is_object(e))
            continue;
        r->reason = jdup(json_object_get(e, "reason"));
        const json_t *exp = json_object_get(e, "expires");
        if (!exp)
            exp = json_object_get(e, "expired_at");
        if (exp) {
            const char *s = json_string_value(exp);
            if (!s || parse_date(s, strlen(s), &r->expires) < 0)
                return ward_error_set(err, WARD_EFORMAT, 0,
                                      "%s: entry %zu (%s): 'expires' is not a YYYY-MM-DD date",
                                      path, i + 1, id);
        }
        const json_t *pk = json_object_get(e, "packages");
        if (json_is_string(pk)) {
            r->packages = ward_xcalloc(1, sizeof(char *));
            r->packages[r->n_packages++] = ward_xstrdup(json_string_value(pk));
        } else if (json_is_array(pk)) {
            r->packages = ward_xcalloc(json_array_size(pk) + 1, sizeof(char *));
            size_t k;
            json_t *v;
            json_array_foreach(pk, k, v)
            {
                const char *s = json_is_string(v) ? json_string_value(v) : ward_jstr(v, "name");
                if (!s)
                    s = ward_jstr(v, "purl");
                if (s)
                    r->packages[r->n_packages++] = ward_xstrdup(s);
            }
        }
    }
    return 0;
}

int ward_ignore_parse(struct ward_ignore **out, const char *data, size_t n, const char *path,
                      struct ward_error **err)
{
    *out = NULL;
    if (n > FILTER_MAX_FILE)
        return ward_error_set(err, WARD_ELIMIT, 0, "%s: larger than %u bytes", path,
                              FILTER_MAX_FILE);
    struct ward_ignore *ig = ward_xcalloc(1, sizeof(*ig));
    int r;
    /* YAML when it looks like YAML: a "vulnerabilities:" key or a "- " list. */
    bool yaml = false;
    struct ward_span in = ward_span_of(data, n), line;
    while (ward_span_line(&in, &line)) {
        line = ward_span_trim(line);
        if (!line.len || line.ptr[0] == '#')
            continue;
        yaml = ward_span_starts(line, "vulnerabilities:") || ward_span_starts(line, "- ") ||
               ward_span_starts(line, "---") || line.ptr[0] == '{' || line.ptr[0] == '[';
        break;
    }
    if (yaml) {
        json_t *doc = NULL;
        r = ward_vulndb_yaml_to_json(&doc, data, n, err);
        if (r == 0)
            r = doc ? parse_yaml(ig, doc, path, err)
                    : ward_error_set(err, WARD_EFORMAT, 0, "%s: empty YAML", path);
        else
            ward_error_wrap(err, "%s", path);
        json_decref(doc);
    } else {
        r = parse_text(ig, data, n, path, err);
    }
    if (r < 0) {
        ward_ignore_free(ig);
        return r;
    }
    *out = ig;
    return 0;
}

int ward_ignore_load(struct ward_ignore **out, const char *path, struct ward_error **err)
{
    struct ward_buf b = WARD_BUF_INIT(0);
    int r = ward_file_read(&b, AT_FDCWD, path, FILTER_MAX_FILE, err);
    if (r == 0)
        r = ward_ignore_parse(out, b.ptr ? b.ptr : "", b.len, path, err);
    ward_buf_dispose(&b);
    return r;
}

/* ---- OpenVEX ---- */

void ward_vex_free(struct ward_vex *v)
{
    if (!v)
        return;
    for (size_t i = 0; i < v->n; i++) {
        struct ward_vex_statement *s = &v->st[i];
        free(s->vuln);
        for (size_t k = 0; k < s->n_aliases; k++)
            free(s->aliases[k]);
        free(s->aliases);
        for (size_t k = 0; k < s->n_products; k++)
            free(s->products[k]);
        free(s->products);
        free(s->status);
        free(s->justification);
    }
    free(v->st);
    free(v);
}

static void add_product(struct ward_vex_statement *s, size_t *cap, const json_t *p)
{
    const char *id = json_is_string(p) ? json_string_value(p) : ward_jstr(p, "@id");
    if (id && *id && s->n_products < FILTER_MAX_RULES) {
        WARD_GROW(s->products, s->n_products, *cap);
        s->products[s->n_products++] = ward_xstrdup(id);
    }
    const json_t *ids = json_is_object(p) ? ward_jobj(p, "identifiers") : NULL;
    const char *purl = ids ? ward_jstr(ids, "purl") : NULL;
    if (purl && *purl && s->n_products < FILTER_MAX_RULES) {
        WARD_GROW(s->products, s->n_products, *cap);
        s->products[s->n_products++] = ward_xstrdup(purl);
    }
    const json_t *subs = json_is_object(p) ? ward_jarr(p, "subcomponents") : NULL;
    size_t i;
    json_t *c;
    if (subs)
        json_array_foreach(subs, i, c) add_product(s, cap, c);
}

int ward_vex_parse(struct ward_vex **out, const char *data, size_t n, const char *path,
                   struct ward_error **err)
{
    *out = NULL;
    json_t *doc = NULL;
    int r = ward_json_parse(&doc, data, n, FILTER_MAX_FILE, err);
    if (r < 0)
        return ward_error_wrap(err, "%s", path);
    const json_t *sts = ward_jarr(doc, "statements");
    if (!sts || !ward_jstr(doc, "@context")) {
        json_decref(doc);
        return ward_error_set(err, WARD_EFORMAT, 0,
                              "%s: not an OpenVEX document (no @context / statements)", path);
    }
    struct ward_vex *v = ward_xcalloc(1, sizeof(*v));
    size_t cap = 0, i;
    json_t *e;
    json_array_foreach(sts, i, e)
    {
        if (v->n >= FILTER_MAX_RULES)
            break;
        const json_t *vu = json_object_get(e, "vulnerability");
        const char *name = json_is_string(vu) ? json_string_value(vu) : ward_jstr(vu, "name");
        if (!name)
            name = ward_jstr(vu, "@id");
        const char *status = ward_jstr(e, "status");
        if (!name || !status)
            continue; /* incomplete statement: never suppresses anything */
        WARD_GROW(v->st, v->n, cap);
        struct ward_vex_statement *s = &v->st[v->n++];
        memset(s, 0, sizeof(*s));
        s->vuln = ward_xstrdup(name);
        s->status = ward_xstrdup(status);
        s->justification = jdup(json_object_get(e, "justification"));
        const json_t *al = json_is_object(vu) ? ward_jarr(vu, "aliases") : NULL;
        if (al) {
            s->aliases = ward_xcalloc(json_array_size(al) + 1, sizeof(char *));
            size_t k;
            json_t *a;
            json_array_foreach(al, k, a) if (json_is_string(a)) s->aliases[s->n_aliases++] =
                ward_xstrdup(json_string_value(a));
        }
        size_t pcap = 0, k;
        json_t *p;
        const json_t *prods = ward_jarr(e, "products");
        if (prods)
            json_array_foreach(prods, k, p) add_product(s, &pcap, p);
    }
    json_decref(doc);
    *out = v;
    return 0;
}

int ward_vex_load(struct ward_vex **out, const char *path, struct ward_error **err)
{
    struct ward_buf b = WARD_BUF_INIT(0);
    int r = ward_file_read(&b, AT_FDCWD, path, FILTER_MAX_FILE, err);
    if (r == 0)
        r = ward_vex_parse(out, b.ptr ? b.ptr : "", b.len, path, err);
    ward_buf_dispose(&b);
    return r;
}

/* ---- applying ---- */

static bool finding_has_id(const struct ward_finding *f, const char *id)
{
    if (f->id && strcasecmp(f->id, id) == 0)
        return true;
    for (size_t i = 0; i < f->n_aliases; i++)
        if (strcasecmp(f->aliases[i], id) == 0)
            return true;
    return false;
}

/* purl a names the same package as purl b when they agree up to b's end or
 * up to the start of b's qualifiers ('?') / subpath ('#'), i.e. a product
 * "pkg:apk/alpine/openssl" matches every version and qualifier. */
static bool purl_covers(const char *product, const char *purl)
{
    size_t n = strcspn(product, "?#");
    if (strncmp(product, purl, n) != 0)
        return false;
    char c = purl[n];
    if (c == '\0' || c == '?' || c == '#')
        return true;
    /* product without version covers every version */
    return c == '@' && memchr(product, '@', n) == NULL;
}

static bool pkg_named(const struct ward_pkg *p, const char *want)
{
    if (!strncmp(want, "pkg:", 4))
        return p->purl && purl_covers(want, p->purl);
    return (p->name && !strcmp(want, p->name)) || (p->source_name && !strcmp(want, p->source_name));
}

static bool ignored(const struct ward_finding *f, const struct ward_ignore *ig, time_t now,
                    size_t *expired)
{
    for (size_t i = 0; i < ig->n; i++) {
        const struct ward_ignore_rule *r = &ig->rules[i];
        if (!finding_has_id(f, r->id))
            continue;
        if (r->n_packages) {
            bool any = false;
            for (size_t k = 0; k < r->n_packages && !any; k++)
                any = f->pkg && pkg_named(f->pkg, r->packages[k]);
            if (!any)
                continue;
        }
        if (r->expires && now >= r->expires) {
            (*expired)++;
            continue;
        }
        return true;
    }
    return false;
}

static bool vex_suppressed(const struct ward_finding *f, const struct ward_vex *v)
{
    for (size_t i = 0; i < v->n; i++) {
        const struct ward_vex_statement *s = &v->st[i];
        if (strcmp(s->status, "not_affected") != 0 && strcmp(s->status, "fixed") != 0)
            continue;
        bool id = finding_has_id(f, s->vuln);
        for (size_t k = 0; k < s->n_aliases && !id; k++)
            id = finding_has_id(f, s->aliases[k]);
        if (!id)
            continue;
        if (!s->n_products)
            return true; /* a statement about the whole document's subject */
        for (size_t k = 0; k < s->n_products; k++)
            if (f->pkg && f->pkg->purl && purl_covers(s->products[k], f->pkg->purl))
                return true;
    }
    return false;
}

void ward_findings_filter(struct ward_findings *f, const struct ward_filter_opts *o,
                          struct ward_filter_stats *stats)
{
    struct ward_filter_stats st = {0};
    time_t now = o->now ? o->now : time(NULL);
    size_t w = 0;
    for (size_t i = 0; i < f->n; i++) {
        const struct ward_finding *x = &f->items[i];
        bool drop = false;
        if (o->severities && !(o->severities & (1u << x->severity))) {
            st.by_severity++;
            drop = true;
        } else if (o->ignore_unfixed && !x->fixed_version) {
            st.unfixed++;
            drop = true;
        } else if (o->pkg_classes && x->pkg && !(o->pkg_classes & ward_pkg_class(x->pkg))) {
            st.by_pkg_class++;
            drop = true;
        } else if (o->ignore && ignored(x, o->ignore, now, &st.expired_rules)) {
            st.by_ignore++;
            drop = true;
        } else if (o->vex && vex_suppressed(x, o->vex)) {
            st.by_vex++;
            drop = true;
        }
        if (!drop) {
            if (w != i)
                f->items[w] = f->items[i];
            w++;
        }
    }
    f->n = w;
    if (stats)
        *stats = st;
}
