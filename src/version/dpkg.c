/* dpkg.c - Debian version ordering, deb-version(7): [epoch:]upstream[-revision],
 * compared part by part with dpkg's verrevcmp (letters before non-letters,
 * '~' before everything, even the end of the string). */
#include "version/version_int.h"

struct dver {
    const char *e, *u, *r;
    size_t en, un, rn;
};

static void split(const char *s, size_t n, struct dver *v)
{
    const char *colon = memchr(s, ':', n);
    v->e = s;
    v->en = 0;
    if (colon) {
        v->en = (size_t)(colon - s);
        n -= v->en + 1;
        s = colon + 1;
    }
    /* The revision follows the last hyphen. */
    size_t dash = n;
    for (size_t i = n; i-- > 0;)
        if (s[i] == '-') {
            dash = i;
            break;
        }
    v->u = s;
    v->un = dash;
    v->r = dash < n ? s + dash + 1 : s + n;
    v->rn = dash < n ? n - dash - 1 : 0;
}

bool ward_version__dpkg_valid(const char *s, size_t n)
{
    struct dver v;
    split(s, n, &v);
    if (memchr(s, ':', n) && !ward_version__all_digits(v.e, v.en))
        return false; /* epoch must be a number */
    for (size_t i = 0; i < v.un; i++) {
        char c = v.u[i];
        if (!valnum(c) && !strchr(".+~-:", c))
            return false;
    }
    for (size_t i = 0; i < v.rn; i++) {
        char c = v.r[i];
        if (!valnum(c) && !strchr(".+~", c))
            return false;
    }
    return true;
}

/* Sort weight of one non-digit character; the end of string weighs 0. */
static int order(const char *p, const char *end)
{
    if (p >= end || vdigit(*p))
        return 0;
    if (valpha(*p))
        return (unsigned char)*p;
    if (*p == '~')
        return -1;
    return (unsigned char)*p + 256;
}

static int verrevcmp(const char *a, size_t an, const char *b, size_t bn)
{
    const char *ae = a + an, *be = b + bn;
    while (a < ae || b < be) {
        int first_diff = 0;
        while ((a < ae && !vdigit(*a)) || (b < be && !vdigit(*b))) {
            int ac = order(a, ae), bc = order(b, be);
            if (ac != bc)
                return vsign(ac - bc);
            if (a < ae)
                a++;
            if (b < be)
                b++;
        }
        while (a < ae && *a == '0')
            a++;
        while (b < be && *b == '0')
            b++;
        while (a < ae && b < be && vdigit(*a) && vdigit(*b)) {
            if (!first_diff)
                first_diff = *a - *b;
            a++;
            b++;
        }
        if (a < ae && vdigit(*a))
            return 1;
        if (b < be && vdigit(*b))
            return -1;
        if (first_diff)
            return vsign(first_diff);
    }
    return 0;
}

int ward_version__dpkg(const char *a, size_t an, const char *b, size_t bn)
{
    struct dver x, y;
    split(a, an, &x);
    split(b, bn, &y);
    int r = ward_version__num_cmp(x.e, x.en, y.e, y.en);
    if (!r)
        r = verrevcmp(x.u, x.un, y.u, y.un);
    if (!r)
        r = verrevcmp(x.r, x.rn, y.r, y.rn);
    return r;
}
