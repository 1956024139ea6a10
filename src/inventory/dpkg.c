/* dpkg.c - dpkg status databases: /var/lib/dpkg/status (stanzas separated by
 * blank lines, RFC822-like fields with continuation lines) and distroless
 * status.d/<name> files (one stanza, usually without Status). */
#include "inventory/inventory.h"
#include "util/limits.h"

#include <string.h>

struct stanza {
    struct ward_span package, version, arch, source, status, license;
    bool any;
};

/* dpkg's "installed enough that files are on disk" states (dpkg-query(1)). */
static bool status_present(struct ward_span st)
{
    /* "want flag status": take the last word */
    size_t i = st.len;
    while (i > 0 && st.ptr[i - 1] != ' ')
        i--;
    struct ward_span last = {st.ptr + i, st.len - i};
    return ward_span_eq(last, "installed") || ward_span_eq(last, "half-configured") ||
           ward_span_eq(last, "unpacked") || ward_span_eq(last, "triggers-awaited") ||
           ward_span_eq(last, "triggers-pending") || ward_span_eq(last, "half-installed");
}

static int emit(struct ward_pkglist *out, const char *path, struct stanza *s, bool need_status,
                struct ward_error **err, size_t lineno)
{
    if (!s->any)
        return 0;
    if (s->package.len == 0)
        return ward_error_set(err, WARD_EFORMAT, 0, "%s: stanza ending at line %zu has no Package",
                              path, lineno);
    if (s->status.len) {
        if (!status_present(s->status))
            return 0;
    } else if (need_status) {
        return 0;
    }
    if (s->version.len == 0)
        return 0; /* a package that was never unpacked has no version */
    struct ward_pkg *p = ward_pkglist_add(out);
    p->name = ward_pkglist_span(out, s->package);
    p->version = ward_pkglist_span(out, s->version);
    p->type = "deb";
    p->ecosystem = "Debian";
    p->cataloger = "dpkg";
    p->path = ward_pkglist_str(out, path);
    if (s->arch.len)
        p->arch = ward_pkglist_span(out, s->arch);
    /* Source: "name" or "name (version)"; defaults to the binary package */
    struct ward_span src = s->source.len ? s->source : s->package;
    struct ward_span sname = src, sver = {NULL, 0};
    const char *paren = memchr(src.ptr, '(', src.len);
    if (paren) {
        sname = ward_span_trim((struct ward_span){src.ptr, (size_t)(paren - src.ptr)});
        const char *close = memchr(paren, ')', src.len - (size_t)(paren - src.ptr));
        if (close)
            sver = ward_span_trim((struct ward_span){paren + 1, (size_t)(close - paren - 1)});
    }
    p->source_name = ward_pkglist_span(out, sname);
    p->source_version = ward_pkglist_span(out, sver.len ? sver : s->version);
    if (s->license.len)
        p->licenses = ward_pkglist_span(out, s->license);
    return 0;
}

int ward_dpkg_parse(struct ward_pkglist *out, const char *path, const char *data, size_t len,
                    struct ward_error **err)
{
    struct ward_span in = {data, len}, line;
    struct stanza s;
    struct ward_span *last = NULL;
    size_t lineno = 0, start_n = out->n;
    /* status.d files describe one installed package each and carry no Status. */
    bool need_status = strstr(path, "/status.d/") == NULL;
    memset(&s, 0, sizeof(s));
    while (ward_span_line(&in, &line)) {
        lineno++;
        if (line.len > WARD_LIMIT_LINE)
            goto bad_line;
        if (ward_span_trim(line).len == 0) {
            if (emit(out, path, &s, need_status, err, lineno) < 0)
                goto fail;
            memset(&s, 0, sizeof(s));
            last = NULL;
            continue;
        }
        if (line.ptr[0] == ' ' || line.ptr[0] == '\t') {
            if (!s.any)
                goto bad_line;
            continue; /* continuation of a multi-line field we don't keep */
        }
        struct ward_span k, v;
        if (!ward_span_cut(line, ':', &k, &v))
            goto bad_line;
        v = ward_span_trim(v);
        s.any = true;
        last = NULL;
        if (ward_span_eq(k, "Package"))
            last = &s.package;
        else if (ward_span_eq(k, "Version"))
            last = &s.version;
        else if (ward_span_eq(k, "Architecture"))
            last = &s.arch;
        else if (ward_span_eq(k, "Source"))
            last = &s.source;
        else if (ward_span_eq(k, "Status"))
            last = &s.status;
        else if (ward_span_eq(k, "License"))
            last = &s.license;
        if (last)
            *last = v; /* unknown fields are ignored */
    }
    if (emit(out, path, &s, need_status, err, lineno) < 0)
        goto fail;
    return 0;
bad_line:
    ward_error_set(err, WARD_EFORMAT, 0, "%s: line %zu: not a \"Field: value\" line", path,
                   lineno);
fail:
    out->n = start_n;
    return WARD_EFORMAT;
}
