/* lang_util.c - see lang_util.h. */
#include "lang_util.h"
#include "util/buf.h"

#include <stdlib.h>
#include <string.h>

int lang_parse(ward_cataloger_fn fn, struct ward_pkglist *l, const char *rel, bool rooted,
               struct ward_error **err)
{
    char path[2048], vpath[2048];
    size_t len;
    snprintf(path, sizeof(path), "%s/%s", harness_testdata(), rel);
    snprintf(vpath, sizeof(vpath), "%s%s", rooted ? "/" : "", rel);
    char *data = harness_slurp(path, &len);
    if (!data) {
        harness_fail(__FILE__, __LINE__, "missing fixture %s", path);
        return -100;
    }
    int rc = fn(l, vpath, data, len, err);
    free(data);
    return rc;
}

char *lang_key(const struct ward_pkg *p)
{
    return ward_xasprintf("%s%s%s@%s", p->group ? p->group : "", p->group ? ":" : "", p->name,
                          p->version ? p->version : "");
}

char *lang_diff(const struct ward_pkglist *l, const char *const *want, size_t n)
{
    char **got = ward_xcalloc(l->n + 1, sizeof(char *));
    for (size_t i = 0; i < l->n; i++)
        got[i] = lang_key(&l->items[i]);
    return harness_set_diff(got, l->n, want, n);
}

const struct ward_pkg *lang_find(const struct ward_pkglist *l, const char *name)
{
    for (size_t i = 0; i < l->n; i++)
        if (strcmp(l->items[i].name, name) == 0)
            return &l->items[i];
    return NULL;
}
