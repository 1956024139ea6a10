/* lang2_util.c - see lang2_util.h. */
#include "lang2_util.h"
#include "util/buf.h"

#include <stdlib.h>
#include <string.h>

char *lang2_key(const struct ward_pkg *p)
{
    return ward_xasprintf("%s%s%s@%s", p->group ? p->group : "", p->group ? ":" : "", p->name,
                          p->version ? p->version : "");
}

int lang2_parse_file(ward_cataloger_fn fn, struct ward_pkglist *l, const char *rel,
                     struct ward_error **err)
{
    char path[2048];
    size_t len;
    snprintf(path, sizeof(path), "%s/%s", harness_testdata(), rel);
    char *data = harness_slurp(path, &len);
    if (!data)
        return -100;
    int rc = fn(l, rel, data, len, err);
    free(data);
    return rc;
}

char *lang2_diff(const struct ward_pkglist *l, const char *const *want, size_t n)
{
    char **got = ward_xcalloc(l->n + 1, sizeof(char *));
    for (size_t i = 0; i < l->n; i++)
        got[i] = lang2_key(&l->items[i]);
    return harness_set_diff(got, l->n, want, n);
}
