/* packagist.c - Composer/PHP version ordering (PHP's version_compare): after
 * an optional leading 'v', '-', '_' and '+' become '.' (other characters
 * stay, so "#" reads as a number, as osv-scalibr's table expects),
 * a '.' is put between digits and letters, and the parts compare as numbers
 * or as the special words dev < alpha=a < beta=b < RC=rc < number < pl=p. */
#include "version/version_int.h"

#include <stdlib.h>

struct ptok {
    const char *p;
    size_t n;
};

/* Versions up to PKG_SMALL bytes are cut up without touching the heap; the
 * canonical form is at most 2n bytes and has at most 2n + 1 parts. */
#define PKG_SMALL 48

struct pver {
    char *buf;
    struct ptok *t;
    size_t nt;
    char small_buf[2 * PKG_SMALL + 2];
    struct ptok small_t[2 * PKG_SMALL + 2];
};

static void pver_init(struct pver *o, size_t n)
{
    if (n <= PKG_SMALL) {
        o->buf = o->small_buf;
        o->t = o->small_t;
    } else {
        o->buf = ward_xmalloc(2 * n + 2);
        o->t = ward_xmalloc((2 * n + 2) * sizeof(*o->t));
    }
}

static void pver_dispose(struct pver *o)
{
    if (o->buf != o->small_buf)
        free(o->buf), free(o->t);
}

static void canonicalize(const char *v, size_t n, struct pver *o)
{
    size_t q = 0;
    if (n && (v[0] == 'v' || v[0] == 'V'))
        v++, n--;
    if (n) {
        char lp = v[0];
        o->buf[q++] = lp;
        for (size_t i = 1; i < n; i++) {
            char c = v[i], lq = o->buf[q - 1];
            bool dig_c = vdigit(c), dig_lp = vdigit(lp);
            bool ndig_c = !dig_c && c != '.', ndig_lp = !dig_lp && lp != '.';
            if (c == '-' || c == '_' || c == '+') {
                if (lq != '.')
                    o->buf[q++] = '.';
            } else if ((ndig_lp && dig_c) || (dig_lp && ndig_c)) {
                if (lq != '.')
                    o->buf[q++] = '.';
                o->buf[q++] = c;
            } else {
                o->buf[q++] = c;
            }
            lp = c;
        }
    }
    /* cut at '.' */
    o->nt = 0;
    size_t s = 0;
    for (size_t i = 0; i <= q; i++) {
        if (i == q || o->buf[i] == '.') {
            o->t[o->nt++] = (struct ptok){o->buf + s, i - s};
            s = i + 1;
        }
    }
    if (q == 0)
        o->nt = 0;
}

/* Rank of a special word, matched by prefix as PHP does; "#" is a number. */
static int special(struct ptok t)
{
    static const struct {
        const char *w;
        int rank;
    } forms[] = {{"dev", 0}, {"alpha", 1}, {"a", 1}, {"beta", 2}, {"b", 2},
                 {"RC", 3},  {"rc", 3},    {"#", 4}, {"pl", 5},   {"p", 5}};
    for (size_t i = 0; i < WARD_ARRAY_LEN(forms); i++) {
        size_t l = strlen(forms[i].w);
        if (t.n >= l && memcmp(t.p, forms[i].w, l) == 0)
            return forms[i].rank;
    }
    return -6;
}

static const struct ptok number_tok = {"#", 1};

static int tok_cmp(struct ptok a, struct ptok b)
{
    bool ad = a.n && vdigit(a.p[0]), bd = b.n && vdigit(b.p[0]);
    if (ad && bd)
        return ward_version__num_cmp(a.p, a.n, b.p, b.n);
    int ra = special(ad ? number_tok : a), rb = special(bd ? number_tok : b);
    return vsign(ra - rb);
}

/* The rest of a version (from token i) against a bare number. */
static int rest_vs_number(const struct pver *v, size_t i, int sign)
{
    struct ptok t = v->t[i];
    if (t.n && vdigit(t.p[0]))
        return sign;
    int r = tok_cmp(t, number_tok);
    if (!r && i + 1 < v->nt)
        r = (v->t[i + 1].n && vdigit(v->t[i + 1].p[0])) ? 1 : tok_cmp(v->t[i + 1], number_tok);
    return sign > 0 ? r : -r;
}

static int pver_cmp(const struct pver *x, const struct pver *y)
{
    if (!x->nt || !y->nt)
        return (x->nt > 0) - (y->nt > 0);
    size_t i = 0;
    for (; i < x->nt && i < y->nt; i++) {
        if (!x->t[i].n || !y->t[i].n)
            break;
        int r = tok_cmp(x->t[i], y->t[i]);
        if (r)
            return r;
    }
    if (i < x->nt && i >= y->nt)
        return rest_vs_number(x, i, 1);
    if (i < y->nt && i >= x->nt)
        return rest_vs_number(y, i, -1);
    return 0;
}

int ward_version__packagist(const char *a, size_t an, const char *b, size_t bn)
{
    struct pver x, y;
    pver_init(&x, an);
    pver_init(&y, bn);
    canonicalize(a, an, &x);
    canonicalize(b, bn, &y);
    int r = pver_cmp(&x, &y);
    pver_dispose(&x);
    pver_dispose(&y);
    return r;
}
