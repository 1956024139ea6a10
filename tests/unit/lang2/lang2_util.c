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

static int cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

char *lang2_diff(const struct ward_pkglist *l, const char *const *want, size_t n)
{
    char **got = ward_xcalloc(l->n + 1, sizeof(char *));
    size_t ng = 0;
    for (size_t i = 0; i < l->n; i++)
        got[ng++] = lang2_key(&l->items[i]);
    qsort(got, ng, sizeof(char *), cmp);
    size_t u = 0; /* distinct */
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
