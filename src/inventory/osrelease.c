/* osrelease.c - os-release(5): KEY=value lines with shell-style quoting. */
#include "inventory/inventory.h"

#include <string.h>

static char *unquote(struct ward_span v)
{
    struct ward_buf b = WARD_BUF_INIT(4096);
    char q = 0;
    for (size_t i = 0; i < v.len; i++) {
        char c = v.ptr[i];
        if (q) {
            if (c == q) {
                q = 0;
                continue;
            }
            if (c == '\\' && q == '"' && i + 1 < v.len) {
                ward_buf_addc(&b, v.ptr[++i]);
                continue;
            }
            ward_buf_addc(&b, c);
        } else if (c == '"' || c == '\'') {
            q = c;
        } else if (c == '\\' && i + 1 < v.len) {
            ward_buf_addc(&b, v.ptr[++i]);
        } else if (c == '#' && (i == 0 || v.ptr[i - 1] == ' ')) {
            break;
        } else {
            ward_buf_addc(&b, c);
        }
    }
    char *s = ward_buf_steal(&b);
    return s ? s : ward_xstrdup("");
}

int ward_osrelease_parse(struct ward_distro *d, const char *data, size_t len,
                         struct ward_error **err)
{
    struct ward_span in = {data, len}, line;
    bool any = false;
    while (ward_span_line(&in, &line)) {
        line = ward_span_trim(line);
        if (!line.len || line.ptr[0] == '#')
            continue;
        struct ward_span k, v;
        if (!ward_span_cut(line, '=', &k, &v))
            continue; /* os-release(5): invalid lines are ignored */
        char **slot = NULL;
        if (ward_span_eq(k, "ID"))
            slot = &d->id;
        else if (ward_span_eq(k, "VERSION_ID"))
            slot = &d->version_id;
        else if (ward_span_eq(k, "VERSION_CODENAME"))
            slot = &d->version_codename;
        else if (ward_span_eq(k, "PRETTY_NAME"))
            slot = &d->pretty_name;
        else if (ward_span_eq(k, "NAME"))
            slot = &d->name;
        else if (ward_span_eq(k, "ID_LIKE"))
            slot = &d->id_like;
        if (!slot)
            continue;
        free(*slot);
        *slot = unquote(ward_span_trim(v));
        any = true;
    }
    if (!any)
        return ward_error_set(err, WARD_EFORMAT, 0, "os-release: no known keys");
    return 0;
}
