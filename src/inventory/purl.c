/* purl.c - package URLs per the purl spec: pkg:type/namespace/name@version?qualifiers,
 * qualifiers sorted by key, components percent-encoded (':' kept, as Syft writes it). */
#include "inventory/inventory.h"

#include <ctype.h>
#include <string.h>

void ward_purl_escape(struct ward_buf *b, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    for (const unsigned char *p = (const unsigned char *)s; p && *p; p++) {
        if (isalnum(*p) || *p == '.' || *p == '-' || *p == '_' || *p == '~' || *p == ':')
            ward_buf_addc(b, (char)*p);
        else {
            char t[3] = {'%', hex[*p >> 4], hex[*p & 15]};
            ward_buf_add(b, t, 3);
        }
    }
}

struct qual {
    const char *k, *v;
};

static int qual_cmp(const void *a, const void *b)
{
    return strcmp(((const struct qual *)a)->k, ((const struct qual *)b)->k);
}

static const char *purl_type(const char *t)
{
    static const char *map[][2] = {
        {"deb", "deb"},         {"apk", "apk"},       {"rpm", "rpm"},         {"python", "pypi"},
        {"npm", "npm"},         {"gomod", "golang"},  {"gobinary", "golang"}, {"jar", "maven"},
        {"pom", "maven"},       {"gradle", "maven"},  {"gem", "gem"},         {"cargo", "cargo"},
        {"composer", "composer"}, {"nuget", "nuget"}, {"hex", "hex"},         {"pub", "pub"},
        {"conan", "conan"},     {"cocoapods", "cocoapods"}, {"swift", "swift"},
        {"sbt", "maven"},
    };
    for (size_t i = 0; i < WARD_ARRAY_LEN(map); i++)
        if (strcmp(map[i][0], t) == 0)
            return map[i][1];
    return NULL;
}

/* Escape a path-like name whose '/' separate namespace segments. */
static void escape_path(struct ward_buf *b, const char *s)
{
    const char *p = s;
    while (*p) {
        const char *slash = strchr(p, '/');
        size_t n = slash ? (size_t)(slash - p) : strlen(p);
        char *seg = ward_xstrndup(p, n);
        ward_purl_escape(b, seg);
        free(seg);
        if (!slash)
            break;
        ward_buf_addc(b, '/');
        p = slash + 1;
    }
}

static char *pypi_norm(const char *n)
{
    /* PEP 503: lowercase, runs of -_. become - */
    struct ward_buf b = WARD_BUF_INIT(0);
    bool sep = false;
    for (const char *p = n; *p; p++) {
        if (*p == '-' || *p == '_' || *p == '.') {
            sep = true;
            continue;
        }
        if (sep && b.len)
            ward_buf_addc(&b, '-');
        sep = false;
        ward_buf_addc(&b, (char)tolower((unsigned char)*p));
    }
    return ward_buf_steal(&b);
}

static const char *make_purl(struct ward_pkglist *l, const struct ward_pkg *p,
                             const struct ward_distro *d)
{
    const char *pt = p->type ? purl_type(p->type) : NULL;
    if (!pt || !p->name || !*p->name)
        return NULL;
    struct ward_buf b = WARD_BUF_INIT(0);
    struct qual q[8];
    size_t nq = 0;
    char *distro = NULL, *upstream = NULL, *epoch = NULL;
    ward_buf_addf(&b, "pkg:%s/", pt);
    if (!strcmp(pt, "deb") || !strcmp(pt, "apk") || !strcmp(pt, "rpm")) {
        const char *ns = d && d->id && *d->id ? d->id : NULL;
        if (!ns)
            ns = !strcmp(pt, "apk") ? "alpine" : !strcmp(pt, "deb") ? "debian" : NULL;
        if (ns) {
            ward_purl_escape(&b, ns);
            ward_buf_addc(&b, '/');
        }
        ward_purl_escape(&b, p->name);
        if (p->arch && *p->arch)
            q[nq++] = (struct qual){"arch", p->arch};
        if (d && d->id && d->version_id) {
            distro = ward_xasprintf("%s-%s", d->id, d->version_id);
            q[nq++] = (struct qual){"distro", distro};
        }
        if (p->epoch > 0) {
            epoch = ward_xasprintf("%d", p->epoch);
            q[nq++] = (struct qual){"epoch", epoch};
        }
        if (!strcmp(pt, "rpm") && p->source_name && *p->source_name && p->source_version &&
            *p->source_version) {
            /* rpm: the source rpm's file name, as Syft writes it */
            upstream = ward_xasprintf("%s-%s.src.rpm", p->source_name, p->source_version);
            q[nq++] = (struct qual){"upstream", upstream};
        } else if (p->source_name && *p->source_name && strcmp(p->source_name, p->name) != 0) {
            if (p->source_version && *p->source_version &&
                (!p->version || strcmp(p->source_version, p->version) != 0))
                upstream = ward_xasprintf("%s@%s", p->source_name, p->source_version);
            else
                upstream = ward_xstrdup(p->source_name);
            q[nq++] = (struct qual){"upstream", upstream};
        }
    } else if (!strcmp(pt, "pypi")) {
        char *n = pypi_norm(p->name);
        ward_purl_escape(&b, n);
        free(n);
    } else if (!strcmp(pt, "maven")) {
        if (p->group && *p->group) {
            ward_purl_escape(&b, p->group);
            ward_buf_addc(&b, '/');
        }
        ward_purl_escape(&b, p->name);
    } else if (!strcmp(pt, "npm") || !strcmp(pt, "golang") || !strcmp(pt, "composer") ||
               !strcmp(pt, "swift")) {
        escape_path(&b, p->name);
    } else {
        ward_purl_escape(&b, p->name);
    }
    if (p->version && *p->version) {
        ward_buf_addc(&b, '@');
        ward_purl_escape(&b, p->version);
    }
    qsort(q, nq, sizeof(q[0]), qual_cmp);
    for (size_t i = 0; i < nq; i++) {
        ward_buf_addc(&b, i ? '&' : '?');
        ward_buf_adds(&b, q[i].k);
        ward_buf_addc(&b, '=');
        ward_purl_escape(&b, q[i].v);
    }
    free(distro);
    free(upstream);
    free(epoch);
    const char *r = ward_pkglist_str(l, b.ptr);
    ward_buf_dispose(&b);
    return r;
}

void ward_purl_fill(struct ward_pkglist *l, const struct ward_distro *d)
{
    for (size_t i = 0; i < l->n; i++)
        if (!l->items[i].purl)
            l->items[i].purl = make_purl(l, &l->items[i], d);
}
