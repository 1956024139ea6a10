/* lang1_util.c - see lang1_util.h. */
#include "lang1_util.h"
#include "util/buf.h"

#include <stdlib.h>
#include <string.h>

int l1_parse(ward_cataloger_fn fn, struct ward_pkglist *l, const char *rel, struct ward_error **err)
{
    char path[2048], vpath[2048];
    size_t len;
    snprintf(path, sizeof(path), "%s/%s", harness_testdata(), rel);
    snprintf(vpath, sizeof(vpath), "/%s", rel);
    char *data = harness_slurp(path, &len);
    if (!data) {
        harness_fail(__FILE__, __LINE__, "missing fixture %s", path);
        return -100;
    }
    int rc = fn(l, vpath, data, len, err);
    free(data);
    return rc;
}

char *l1_diff(const struct ward_pkglist *l, const char *const *want, size_t n)
{
    char **got = ward_xcalloc(l->n + 1, sizeof(char *));
    for (size_t i = 0; i < l->n; i++)
        got[i] = ward_xasprintf("%s@%s", l->items[i].name,
                                l->items[i].version ? l->items[i].version : "");
    return harness_set_diff(got, l->n, want, n);
}

const struct ward_pkg *l1_find(const struct ward_pkglist *l, const char *name)
{
    for (size_t i = 0; i < l->n; i++)
        if (strcmp(l->items[i].name, name) == 0)
            return &l->items[i];
    return NULL;
}
