/* rubygems.c - Gem::Version ordering: '-' reads as ".pre.", the version is
 * cut into runs of digits and runs of letters, trailing zeros are dropped
 * from the release part and from the prerelease part, and segments compare
 * numbers by value, words bytewise, any word below any number. */
#include "version/version_int.h"

#include <stdlib.h>

/* Versions up to GEM_SMALL bytes are cut up without touching the heap. */
#define GEM_SMALL 48

struct gseg {
    bool num;
    const char *p; /* numbers: without leading zeros */
    size_t n;
};

struct gver {
    struct gseg *s; /* at most n + 1 segments */
    size_t n;
    struct gseg small[GEM_SMALL + 1];
};

static bool is_zero(const struct gseg *x)
{
    return x->num && x->n == 0;
}

static void parse(const char *v, size_t len, struct gver *g)
{
    struct gseg *raw = len <= GEM_SMALL ? g->small : ward_xmalloc((len + 1) * sizeof(*raw));
    size_t nr = 0;
    const char *p = v, *e = v + len;
    while (p < e) {
        const char *q = p;
        if (vdigit(*p)) {
            while (q < e && vdigit(*q))
                q++;
            const char *d = p;
            while (d < q && *d == '0')
                d++;
            raw[nr++] = (struct gseg){true, d, (size_t)(q - d)};
        } else if (valpha(*p)) {
            while (q < e && valpha(*q))
                q++;
            raw[nr++] = (struct gseg){false, p, (size_t)(q - p)};
        } else {
            if (*p == '-')
                raw[nr++] = (struct gseg){false, "pre", 3};
            q++;
        }
        p = q;
    }
    /* canonical segments: release part and prerelease part, each without
     * trailing zeros (compacted in place: only ever moves left) */
    size_t split = 0;
    while (split < nr && raw[split].num)
        split++;
    size_t end = split;
    while (end > 0 && is_zero(&raw[end - 1]))
        end--;
    size_t pend = nr;
    while (pend > split && is_zero(&raw[pend - 1]))
        pend--;
    g->s = raw;
    g->n = end;
    for (size_t i = split; i < pend; i++)
        raw[g->n++] = raw[i];
}

int ward_version__rubygems(const char *a, size_t an, const char *b, size_t bn)
{
    struct gver x, y;
    static const struct gseg zero = {true, "", 0};
    parse(a, an, &x);
    parse(b, bn, &y);
    int res = 0;
    size_t n = WARD_MAX(x.n, y.n);
    for (size_t i = 0; i < n && !res; i++) {
        const struct gseg *l = i < x.n ? &x.s[i] : &zero, *r = i < y.n ? &y.s[i] : &zero;
        if (l->num && r->num)
            res = ward_version__num_cmp(l->p, l->n, r->p, r->n);
        else if (l->num != r->num)
            res = l->num ? 1 : -1;
        else
            res = ward_version__str_cmp(l->p, l->n, r->p, r->n);
    }
    if (x.s != x.small)
        free(x.s);
    if (y.s != y.small)
        free(y.s);
    return res;
}
