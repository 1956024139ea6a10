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

static int cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

char *l1_diff(const struct ward_pkglist *l, const char *const *want, size_t n)
{
    char **got = ward_xcalloc(l->n + 1, sizeof(char *));
    size_t ng = 0;
    for (size_t i = 0; i < l->n; i++)
        got[ng++] = ward_xasprintf("%s@%s", l->items[i].name,
                                   l->items[i].version ? l->items[i].version : "");
    qsort(got, ng, sizeof(char *), cmp);
    size_t u = 0;
    for (size_t i = 0; i < ng; i++) {
        if (u && !strcmp(got[u - 1], got[i])) {
            free(got[i]);
            continue;
        }
        got[u++] = got[i];
    }
    const char **w = ward_xcalloc(n + 1, sizeof(char *));
    memcpy(w, want, n * sizeof(char *));
    qsort(w, n, sizeof(char *), cmp);
    struct ward_buf b = WARD_BUF_INIT(0);
    size_t i = 0, j = 0;
    while (i < u || j < n) {
        int c = i >= u ? 1 : j >= n ? -1 : strcmp(got[i], w[j]);
        if (c < 0)
            ward_buf_addf(&b, " +%s", got[i++]);
        else if (c > 0)
            ward_buf_addf(&b, " -%s", w[j++]);
        else
            i++, j++;
    }
    for (size_t k = 0; k < u; k++)
        free(got[k]);
    free(got);
    free(w);
    if (!b.len) {
        ward_buf_dispose(&b);
        return NULL;
    }
    return ward_buf_steal(&b);
}

const struct ward_pkg *l1_find(const struct ward_pkglist *l, const char *name)
{
    for (size_t i = 0; i < l->n; i++)
        if (strcmp(l->items[i].name, name) == 0)
            return &l->items[i];
    return NULL;
}
