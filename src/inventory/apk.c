/* apk.c - Alpine's /lib/apk/db/installed: "K:value" lines, one blank line
 * between packages (apk-tools' database format). */
#include "inventory/inventory.h"
#include "util/limits.h"

#include <string.h>

struct rec {
    struct ward_span name, version, arch, origin, license;
    bool any;
};

static void emit(struct ward_pkglist *out, const char *path, const struct rec *r)
{
    if (!r->any || !r->name.len || !r->version.len)
        return;
    struct ward_pkg *p = ward_pkglist_add(out);
    p->name = ward_pkglist_span(out, r->name);
    p->version = ward_pkglist_span(out, r->version);
    p->type = "apk";
    p->ecosystem = "Alpine";
    p->cataloger = "apk";
    p->path = ward_pkglist_str(out, path);
    if (r->arch.len)
        p->arch = ward_pkglist_span(out, r->arch);
    p->source_name = ward_pkglist_span(out, r->origin.len ? r->origin : r->name);
    p->source_version = p->version;
    if (r->license.len)
        p->licenses = ward_pkglist_span(out, r->license);
}

int ward_apk_parse(struct ward_pkglist *out, const char *path, const char *data, size_t len,
                   struct ward_error **err)
{
    struct ward_span in = {data, len}, line;
    struct rec r;
    size_t lineno = 0, start_n = out->n;
    memset(&r, 0, sizeof(r));
    while (ward_span_line(&in, &line)) {
        lineno++;
        if (line.len == 0) {
            emit(out, path, &r);
            memset(&r, 0, sizeof(r));
            continue;
        }
        if (line.len < 2 || line.ptr[1] != ':' || line.len > WARD_LIMIT_LINE) {
            out->n = start_n;
            return ward_error_set(err, WARD_EFORMAT, 0, "%s: line %zu: not a \"K:value\" line",
                                  path, lineno);
        }
        struct ward_span v = {line.ptr + 2, line.len - 2};
        r.any = true;
        switch (line.ptr[0]) {
        case 'P':
            if (r.name.len) { /* a new package without the blank separator */
                emit(out, path, &r);
                memset(&r, 0, sizeof(r));
                r.any = true;
            }
            r.name = v;
            break;
        case 'V':
            r.version = v;
            break;
        case 'A':
            r.arch = v;
            break;
        case 'o':
            r.origin = v;
            break;
        case 'L':
            r.license = v;
            break;
        default:
            break;
        }
    }
    emit(out, path, &r);
    return 0;
}
