/* pep440.c - PyPI version ordering (PEP 440: epoch, release, pre, post, dev,
 * local). Strings that are not PEP 440 get the ordering of packaging's old
 * LegacyVersion and always sort below every PEP 440 version. */
#include "version/version_int.h"

#include <stdlib.h>


struct span {
    const char *p;
    size_t n;
};

struct pep {
    struct span epoch;
    struct span rel; /* "N(.N)*", walked by rel_cmp */
    int pre_l; /* 0 none, 1 a, 2 b, 3 rc */
    struct span pre_n;
    bool post, dev;
    struct span post_n, dev_n;
    const char *local;
    size_t localn;
};

static bool match_word(const char **p, const char *e, const char *w)
{
    size_t l = strlen(w);
    if ((size_t)(e - *p) < l)
        return false;
    for (size_t i = 0; i < l; i++)
        if (vtolower((unsigned char)(*p)[i]) != w[i])
            return false;
    *p += l;
    return true;
}

static bool is_sep(char c)
{
    return c == '-' || c == '_' || c == '.';
}

static struct span digits(const char **p, const char *e)
{
    const char *d = *p;
    while (*p < e && vdigit(**p))
        (*p)++;
    return (struct span){d, (size_t)(*p - d)};
}

/* Optional separator, then the first of words that matches; returns its
 * index or -1 (and leaves *p alone). */
static int sep_word(const char **p, const char *e, const char *const *words, size_t nw)
{
    const char *q = *p;
    if (q < e && is_sep(*q))
        q++;
    for (size_t i = 0; i < nw; i++) {
        const char *r = q;
        if (match_word(&r, e, words[i])) {
            *p = r;
            return (int)i;
        }
    }
    return -1;
}

/* Optional separator and number after a pre/post/dev word. */
static struct span opt_num(const char **p, const char *e)
{
    const char *q = *p;
    if (q < e && is_sep(*q))
        q++;
    if (q < e && vdigit(*q)) {
        *p = q;
        return digits(p, e);
    }
    return (struct span){"0", 1};
}

static bool pep_parse(const char *s, size_t n, struct pep *v)
{
    const char *p = s, *e = s + n;
    memset(v, 0, sizeof(*v));
    v->epoch = (struct span){"0", 1};
    if (p < e && (*p == 'v' || *p == 'V'))
        p++;
    if (p >= e || !vdigit(*p))
        return false;
    struct span first = digits(&p, e);
    if (p < e && *p == '!') {
        v->epoch = first;
        p++;
        if (p >= e || !vdigit(*p))
            return false;
        first = digits(&p, e);
    }
    while (p + 1 < e && *p == '.' && vdigit(p[1])) {
        p++;
        (void)digits(&p, e);
    }
    v->rel = (struct span){first.p, (size_t)(p - first.p)};
    /* longest spellings first, so "alpha" is not read as "a" + "lpha" */
    static const char *const pre_w[] = {"preview", "alpha", "beta", "pre", "rc", "a", "b", "c"};
    static const int pre_v[] = {3, 1, 2, 3, 3, 1, 2, 3};
    int w = sep_word(&p, e, pre_w, WARD_ARRAY_LEN(pre_w));
    if (w >= 0) {
        v->pre_l = pre_v[w];
        v->pre_n = opt_num(&p, e);
    }
    static const char *const post_w[] = {"post", "rev", "r"};
    if (p + 1 < e && *p == '-' && vdigit(p[1])) {
        p++;
        v->post = true;
        v->post_n = digits(&p, e);
    } else if (sep_word(&p, e, post_w, WARD_ARRAY_LEN(post_w)) >= 0) {
        v->post = true;
        v->post_n = opt_num(&p, e);
    }
    static const char *const dev_w[] = {"dev"};
    if (sep_word(&p, e, dev_w, 1) >= 0) {
        v->dev = true;
        v->dev_n = opt_num(&p, e);
    }
    if (p < e && *p == '+') {
        p++;
        v->local = p;
        v->localn = (size_t)(e - p);
        if (!v->localn)
            return false;
        for (const char *q = p; q < e; q++) {
            if (valnum(*q))
                continue;
            if (!is_sep(*q) || q == p || q + 1 == e || is_sep(q[1]))
                return false;
        }
        p = e;
    }
    return p == e;
}

static int rel_cmp(const struct pep *x, const struct pep *y)
{
    /* missing parts are 0 */
    const char *a = x->rel.p, *ae = a + x->rel.n, *b = y->rel.p, *be = b + y->rel.n;
    while (a < ae || b < be) {
        const char *s1 = a, *s2 = b;
        while (s1 < ae && vdigit(*s1))
            s1++;
        while (s2 < be && vdigit(*s2))
            s2++;
        int r = ward_version__num_cmp(a, (size_t)(s1 - a), b, (size_t)(s2 - b));
        if (r)
            return r;
        a = s1 < ae ? s1 + 1 : s1;
        b = s2 < be ? s2 + 1 : s2;
    }
    return 0;
}

/* Rank of the pre-release slot: dev-only releases first, then a/b/rc,
 * then the final release. */
static int pre_rank(const struct pep *v)
{
    if (!v->pre_l)
        return (!v->post && v->dev) ? -1 : 4;
    return v->pre_l;
}

static int local_cmp(const struct pep *x, const struct pep *y)
{
    if (!x->local || !y->local)
        return (x->local != NULL) - (y->local != NULL);
    const char *a = x->local, *ae = a + x->localn, *b = y->local, *be = b + y->localn;
    for (;;) {
        if (a >= ae || b >= be)
            return (a < ae) - (b < be);
        const char *s1 = a, *s2 = b;
        while (s1 < ae && valnum(*s1))
            s1++;
        while (s2 < be && valnum(*s2))
            s2++;
        size_t an = (size_t)(s1 - a), bn = (size_t)(s2 - b);
        bool ad = ward_version__all_digits(a, an), bd = ward_version__all_digits(b, bn);
        int r;
        if (ad && bd)
            r = ward_version__num_cmp(a, an, b, bn);
        else if (ad || bd)
            r = ad ? 1 : -1; /* numbers sort above words */
        else
            r = ward_version__str_casecmp(a, an, b, bn);
        if (r)
            return r;
        a = s1 < ae ? s1 + 1 : s1;
        b = s2 < be ? s2 + 1 : s2;
    }
}

static int pep_cmp(const struct pep *x, const struct pep *y)
{
    int r = ward_version__num_cmp(x->epoch.p, x->epoch.n, y->epoch.p, y->epoch.n);
    if (r || (r = rel_cmp(x, y)))
        return r;
    int xr = pre_rank(x), yr = pre_rank(y);
    if (xr != yr)
        return xr < yr ? -1 : 1;
    if (x->pre_l && (r = ward_version__num_cmp(x->pre_n.p, x->pre_n.n, y->pre_n.p, y->pre_n.n)))
        return r;
    if (x->post != y->post)
        return x->post ? 1 : -1;
    if (x->post && (r = ward_version__num_cmp(x->post_n.p, x->post_n.n, y->post_n.p, y->post_n.n)))
        return r;
    if (x->dev != y->dev)
        return x->dev ? -1 : 1;
    if (x->dev && (r = ward_version__num_cmp(x->dev_n.p, x->dev_n.n, y->dev_n.p, y->dev_n.n)))
        return r;
    return local_cmp(x, y);
}

/* LegacyVersion: the lower-cased string cut into runs of digits, runs of
 * letters, '.', '-' and runs of anything else; digit runs are zero-padded
 * to 8, words prefixed with '*', a few words renamed, "*final" appended,
 * and padding zeros / "*final-" markers dropped before words. */
struct leg_part {
    char kind; /* 'd' digits, 'w' word */
    const char *p;
    size_t n;
};

/* Compare two parts as packaging compares their strings. */
static int leg_part_cmp(const struct leg_part *a, const struct leg_part *b)
{
    if (a->kind != b->kind)
        return a->kind == 'd' ? 1 : -1; /* '*' sorts before digits */
    if (a->kind == 'd') {
        /* zfill(8): shorter than 8 is padded; longer stays as is, so
         * compare padded strings bytewise */
        size_t al = WARD_MAX(a->n, 8u), bl = WARD_MAX(b->n, 8u), l = WARD_MAX(al, bl);
        for (size_t i = 0; i < l; i++) {
            int ca = i < al ? (i < al - a->n ? '0' : a->p[i - (al - a->n)]) : -1;
            int cb = i < bl ? (i < bl - b->n ? '0' : b->p[i - (bl - b->n)]) : -1;
            if (ca != cb)
                return ca < cb ? -1 : 1;
        }
        return 0;
    }
    return ward_version__str_cmp(a->p, a->n, b->p, b->n);
}

static bool leg_is_zero(const struct leg_part *x)
{
    if (x->kind != 'd' || x->n > 8)
        return false;
    for (size_t i = 0; i < x->n; i++)
        if (x->p[i] != '0')
            return false;
    return true;
}

static bool leg_word_is(const struct leg_part *x, const char *w)
{
    return x->kind == 'w' && x->n == strlen(w) && memcmp(x->p, w, x->n) == 0;
}

static size_t leg_parse(const char *s, size_t n, char *low, struct leg_part *parts)
{
    size_t np = 0;
    for (size_t i = 0; i < n; i++)
        low[i] = (char)vtolower((unsigned char)s[i]);
    const char *p = low, *e = low + n;
    while (p <= e) {
        struct leg_part x = {'w', NULL, 0};
        if (p == e) {
            x.p = "final";
            x.n = 5;
            p++;
        } else if (vdigit(*p)) {
            const char *q = p;
            while (q < e && vdigit(*q))
                q++;
            x = (struct leg_part){'d', p, (size_t)(q - p)};
            p = q;
        } else if (vlower(*p)) {
            const char *q = p;
            while (q < e && vlower(*q))
                q++;
            x.p = p;
            x.n = (size_t)(q - p);
            p = q;
        } else if (*p == '.') {
            p++;
            continue;
        } else if (*p == '-') {
            x.p = "final-";
            x.n = 6;
            p++;
        } else {
            const char *q = p;
            while (q < e && !vdigit(*q) && !vlower(*q) && *q != '.' && *q != '-')
                q++;
            x.p = p;
            x.n = (size_t)(q - p);
            p = q;
        }
        if (x.kind == 'w') {
            if (leg_word_is(&x, "pre") || leg_word_is(&x, "preview") || leg_word_is(&x, "rc"))
                x.p = "c", x.n = 1;
            else if (leg_word_is(&x, "dev"))
                x.p = "@", x.n = 1;
            struct leg_part fin = {'w', "final", 5};
            if (leg_part_cmp(&x, &fin) < 0)
                while (np && leg_word_is(&parts[np - 1], "final-"))
                    np--;
            while (np && leg_is_zero(&parts[np - 1]))
                np--;
        }
        parts[np++] = x;
    }
    return np;
}

/* Versions up to PEP_SMALL bytes are cut up without touching the heap. */
#define PEP_SMALL 64

static int legacy_cmp(const char *a, size_t an, const char *b, size_t bn)
{
    char sla[PEP_SMALL], slb[PEP_SMALL];
    struct leg_part spa[PEP_SMALL + 2], spb[PEP_SMALL + 2];
    char *la = an <= PEP_SMALL ? sla : ward_xmalloc(an);
    char *lb = bn <= PEP_SMALL ? slb : ward_xmalloc(bn);
    struct leg_part *pa = an <= PEP_SMALL ? spa : ward_xmalloc((an + 2) * sizeof(*pa));
    struct leg_part *pb = bn <= PEP_SMALL ? spb : ward_xmalloc((bn + 2) * sizeof(*pb));
    size_t na = leg_parse(a, an, la, pa), nb = leg_parse(b, bn, lb, pb);
    int r = 0;
    for (size_t i = 0; i < na && i < nb && !r; i++)
        r = leg_part_cmp(&pa[i], &pb[i]);
    if (!r && na != nb)
        r = na < nb ? -1 : 1;
    if (la != sla)
        free(la), free(pa);
    if (lb != slb)
        free(lb), free(pb);
    return r;
}

int ward_version__pep440(const char *a, size_t an, const char *b, size_t bn)
{
    struct pep x, y;
    bool xv = pep_parse(a, an, &x), yv = pep_parse(b, bn, &y);
    if (xv && yv)
        return pep_cmp(&x, &y);
    if (xv != yv)
        return xv ? 1 : -1;
    return legacy_cmp(a, an, b, bn);
}
