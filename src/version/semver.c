/* semver.c - the SemVer family: SemVer 2 as npm/crates.io use it (lenient:
 * optional 'v', missing minor/patch are 0), Go modules, NuGet (four numeric
 * parts, case-insensitive prerelease), Pub (build metadata breaks ties), and
 * the plain numeric-list orderings of CRAN and Hackage. */
#include "version/version_int.h"

#define SV_MAX_NUMS 16

struct sv {
    struct {
        const char *p;
        size_t n;
    } num[SV_MAX_NUMS];
    size_t nnum;
    const char *pre, *build;
    size_t pren, buildn;
};

/* numbers ('.' separated), then optional "-prerelease", then "+build".
 * CRAN also separates numbers with '-'. max_nums bounds how many numeric
 * parts count; further ".N" parts become part of the build (ignored). */
static void sv_parse(enum ward_version_scheme s, const char *v, size_t n, struct sv *o)
{
    const char *p = v, *e = v + n;
    memset(o, 0, sizeof(*o));
    if (p < e && (*p == 'v' || *p == 'V'))
        p++;
    size_t max_nums = s == WARD_VERSION_NUGET ? 4 : 3;
    if (s == WARD_VERSION_CRAN || s == WARD_VERSION_HACKAGE)
        max_nums = SV_MAX_NUMS;
    while (p < e && vdigit(*p) && o->nnum < max_nums) {
        const char *d = p;
        while (p < e && vdigit(*p))
            p++;
        o->num[o->nnum].p = d;
        o->num[o->nnum++].n = (size_t)(p - d);
        if (p + 1 < e && (*p == '.' || (s == WARD_VERSION_CRAN && *p == '-')) && vdigit(p[1]))
            p++;
        else
            break;
    }
    if (p < e && *p == '-' && s != WARD_VERSION_CRAN && s != WARD_VERSION_HACKAGE) {
        const char *q = ++p;
        while (q < e && *q != '+')
            q++;
        o->pre = p;
        o->pren = (size_t)(q - p);
        p = q;
    } else if (p < e && *p != '+' && s != WARD_VERSION_CRAN && s != WARD_VERSION_HACKAGE &&
               !(*p == '.' && p + 1 < e && vdigit(p[1]))) {
        /* lenient: "1.2.3beta" has prerelease "beta" */
        const char *q = p;
        while (q < e && *q != '+')
            q++;
        o->pre = p;
        o->pren = (size_t)(q - p);
        p = q;
    }
    if (p < e && *p == '+') {
        o->build = p + 1;
        o->buildn = (size_t)(e - p - 1);
    }
}

bool ward_version__semver_valid(enum ward_version_scheme s, const char *v, size_t n)
{
    if (n && (v[0] == 'v' || v[0] == 'V') && s != WARD_VERSION_CRAN && s != WARD_VERSION_HACKAGE)
        v++, n--;
    return n > 0 && vdigit(v[0]);
}

/* SemVer precedence of dot-separated identifiers: numeric ones by value and
 * below alphanumeric ones, which compare in ASCII order (folded for NuGet);
 * a shorter list that is a prefix sorts first. */
static int ids_cmp(const char *a, size_t an, const char *b, size_t bn, bool fold)
{
    size_t i = 0, j = 0; /* start of the next identifier; > length when done */
    for (;;) {
        bool ad = i > an, bd = j > bn;
        if (ad || bd)
            return (!ad) - (!bd);
        const char *x = memchr(a + i, '.', an - i), *y = memchr(b + j, '.', bn - j);
        size_t xn = x ? (size_t)(x - (a + i)) : an - i;
        size_t yn = y ? (size_t)(y - (b + j)) : bn - j;
        bool xd = ward_version__all_digits(a + i, xn), yd = ward_version__all_digits(b + j, yn);
        int r;
        if (xd && yd)
            r = ward_version__num_cmp(a + i, xn, b + j, yn);
        else if (xd || yd)
            r = xd ? -1 : 1;
        else if (fold)
            r = ward_version__str_casecmp(a + i, xn, b + j, yn);
        else
            r = ward_version__str_cmp(a + i, xn, b + j, yn);
        if (r)
            return r;
        i += xn + 1;
        j += yn + 1;
    }
}

int ward_version__semver(enum ward_version_scheme s, const char *a, size_t an, const char *b,
                         size_t bn)
{
    struct sv x, y;
    sv_parse(s, a, an, &x);
    sv_parse(s, b, bn, &y);
    bool pad = s != WARD_VERSION_CRAN && s != WARD_VERSION_HACKAGE;
    size_t nn = WARD_MAX(x.nnum, y.nnum);
    for (size_t i = 0; i < nn; i++) {
        if (!pad && (i >= x.nnum || i >= y.nnum))
            return i >= x.nnum ? -1 : 1;
        int r = ward_version__num_cmp(i < x.nnum ? x.num[i].p : "", i < x.nnum ? x.num[i].n : 0,
                                      i < y.nnum ? y.num[i].p : "", i < y.nnum ? y.num[i].n : 0);
        if (r)
            return r;
    }
    if (!pad)
        return 0;
    if (!!x.pre != !!y.pre)
        return x.pre ? -1 : 1;
    if (x.pre) {
        int r = ids_cmp(x.pre, x.pren, y.pre, y.pren, s == WARD_VERSION_NUGET);
        if (r)
            return r;
    }
    if (s == WARD_VERSION_PUB) {
        if (!!x.build != !!y.build)
            return x.build ? 1 : -1;
        if (x.build)
            return ids_cmp(x.build, x.buildn, y.build, y.buildn, false);
    }
    return 0;
}
