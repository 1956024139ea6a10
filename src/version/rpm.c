/* rpm.c - RPM version ordering: rpmvercmp (rpm 4.18 rules, with '~' sorting
 * before anything and '^' after the version it extends) applied to epoch,
 * version and release of [epoch:]version[-release]. */
#include "version/version_int.h"

static bool keep(char c)
{
    return valnum(c) || c == '~' || c == '^';
}

int ward_version__rpmvercmp(const char *a, size_t an, const char *b, size_t bn)
{
    const char *ae = a + an, *be = b + bn;
    if (an == bn && memcmp(a, b, an) == 0)
        return 0;
    while (a < ae || b < be) {
        while (a < ae && !keep(*a))
            a++;
        while (b < be && !keep(*b))
            b++;
        bool at = a < ae && *a == '~', bt = b < be && *b == '~';
        if (at || bt) {
            if (!at)
                return 1;
            if (!bt)
                return -1;
            a++, b++;
            continue;
        }
        bool ac = a < ae && *a == '^', bc = b < be && *b == '^';
        if (ac || bc) {
            if (a >= ae)
                return -1;
            if (b >= be)
                return 1;
            if (!ac)
                return 1;
            if (!bc)
                return -1;
            a++, b++;
            continue;
        }
        if (a >= ae || b >= be)
            break;
        const char *s1 = a, *s2 = b;
        bool num = vdigit(*a);
        if (num) {
            while (s1 < ae && vdigit(*s1))
                s1++;
            while (s2 < be && vdigit(*s2))
                s2++;
        } else {
            while (s1 < ae && valpha(*s1))
                s1++;
            while (s2 < be && valpha(*s2))
                s2++;
        }
        if (s2 == b)
            return num ? 1 : -1; /* a number is newer than letters */
        int r = num ? ward_version__num_cmp(a, (size_t)(s1 - a), b, (size_t)(s2 - b))
                    : ward_version__str_cmp(a, (size_t)(s1 - a), b, (size_t)(s2 - b));
        if (r)
            return r;
        a = s1;
        b = s2;
    }
    if (a >= ae && b >= be)
        return 0;
    return a >= ae ? -1 : 1;
}

struct evr {
    const char *e, *v, *r;
    size_t en, vn, rn;
};

static void split(const char *s, size_t n, struct evr *x)
{
    const char *colon = memchr(s, ':', n);
    x->e = "0";
    x->en = 1;
    /* Only a run of digits before the first ':' is an epoch; module streams
     * such as "1.module+el9...:1" keep their colon in the version. */
    if (colon) {
        size_t en = (size_t)(colon - s);
        bool digits = true;
        for (size_t i = 0; i < en; i++)
            digits = digits && vdigit(s[i]);
        if (digits) {
            if (en) {
                x->e = s;
                x->en = en;
            }
            n -= en + 1;
            s = colon + 1;
        }
    }
    const char *dash = memchr(s, '-', n);
    x->v = s;
    x->vn = dash ? (size_t)(dash - s) : n;
    /* The release keeps its '-', so "1-" sorts after "1". */
    x->r = dash ? dash : s + n;
    x->rn = dash ? n - x->vn : 0;
}

static int part_cmp(const char *a, size_t an, const char *b, size_t bn)
{
    if (!an || !bn)
        return (an > 0) - (bn > 0);
    return ward_version__rpmvercmp(a, an, b, bn);
}

int ward_version__rpm(const char *a, size_t an, const char *b, size_t bn)
{
    struct evr x, y;
    split(a, an, &x);
    split(b, bn, &y);
    int r = part_cmp(x.e, x.en, y.e, y.en);
    if (!r)
        r = part_cmp(x.v, x.vn, y.v, y.vn);
    if (!r)
        r = part_cmp(x.r, x.rn, y.r, y.rn);
    return r;
}
