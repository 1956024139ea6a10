/* apk.c - Alpine (apk-tools) version ordering:
 * number{.number}...{letter}{_suffix{number}}...{~hash}{-r#}. Strings that do
 * not fit keep a place: the parsed prefix decides first, leftovers sort below a
 * clean version, and two unparsable versions compare as plain strings. */
#include "version/version_int.h"

#define APK_MAX_PARTS 128

struct span {
    const char *p;
    size_t n;
};

struct apkv {
    const char *orig;
    size_t orig_n;
    bool invalid;
    size_t ncomp, nsuf;
    struct span comp[APK_MAX_PARTS];
    char letter;
    int suf_weight[APK_MAX_PARTS];
    struct span suf_num[APK_MAX_PARTS];
    struct span rev;
    size_t rest_n;
};

/* Suffix words in sort order; the slot of "no suffix" sits between rc and cvs. */
static const char *const suffixes[] = {"alpha", "beta", "pre", "rc", NULL,
                                       "cvs",   "svn",  "git", "hg", "p"};
#define APK_NO_SUFFIX 4

/* Match "_word[digits]" at p; returns its length or 0. */
static size_t match_suffix(const char *p, const char *e, int *weight, struct span *num)
{
    if (p >= e || *p != '_')
        return 0;
    for (size_t i = 0; i < WARD_ARRAY_LEN(suffixes); i++) {
        if (!suffixes[i])
            continue;
        size_t l = strlen(suffixes[i]);
        if ((size_t)(e - p - 1) >= l && memcmp(p + 1, suffixes[i], l) == 0) {
            const char *d = p + 1 + l, *q = d;
            while (q < e && vdigit(*q))
                q++;
            *weight = (int)i;
            *num = (struct span){d, (size_t)(q - d)};
            return (size_t)(q - p);
        }
    }
    return 0;
}

static void parse(const char *s, size_t n, struct apkv *v)
{
    const char *p = s, *e = s + n;
    memset(v, 0, offsetof(struct apkv, comp));
    v->orig = s;
    v->orig_n = n;
    v->letter = 0;
    v->rev = (struct span){"0", 1};
    /* numbers: (digits '.'?)* */
    while (p < e && vdigit(*p) && v->ncomp < APK_MAX_PARTS) {
        const char *d = p;
        while (p < e && vdigit(*p))
            p++;
        v->comp[v->ncomp++] = (struct span){d, (size_t)(p - d)};
        if (p < e && *p == '.') {
            p++;
            if (p >= e || !vdigit(*p)) {
                /* a trailing '.' leaves an empty component */
                if (v->ncomp < APK_MAX_PARTS)
                    v->comp[v->ncomp++] = (struct span){p, 0};
                break;
            }
        }
    }
    if (p < e && vlower(*p))
        v->letter = *p++;
    /* Suffixes: every "_word[n]" is recorded, but only a leading run is
     * consumed; anything else is left over and makes the version invalid. */
    for (const char *q = p; q < e && v->nsuf < APK_MAX_PARTS; q++) {
        int w;
        struct span num;
        size_t l = match_suffix(q, e, &w, &num);
        if (!l)
            continue;
        v->suf_weight[v->nsuf] = w;
        v->suf_num[v->nsuf++] = num;
        if (q == p)
            p += l;
        q += l - 1;
    }
    if (p < e && *p == '~') {
        const char *q = p + 1;
        while (q < e && (vdigit(*q) || (*q >= 'a' && *q <= 'f')))
            q++;
        if (q > p + 1)
            p = q;
    }
    if (p < e) {
        if (e - p >= 2 && p[0] == '-' && p[1] == 'r') {
            const char *d = p + 2, *q = d;
            while (q < e && vdigit(*q))
                q++;
            v->rev = (struct span){d, (size_t)(q - d)};
            p = q;
        } else {
            v->invalid = true;
        }
    }
    v->rest_n = (size_t)(e - p);
}

static int comp_cmp(const struct apkv *x, const struct apkv *y, size_t i)
{
    bool xi = i < x->ncomp, yi = i < y->ncomp;
    struct span a = xi ? x->comp[i] : (struct span){"0", 1};
    struct span b = yi ? y->comp[i] : (struct span){"0", 1};
    /* After the first component, a leading zero means a fraction-like
     * component that compares as a string ("1.01" < "1.1"). */
    if (i > 0 && xi && yi && ((a.n && a.p[0] == '0') || (b.n && b.p[0] == '0')))
        return ward_version__str_cmp(a.p, a.n, b.p, b.n);
    return ward_version__num_cmp(a.p, a.n, b.p, b.n);
}

int ward_version__apk(const char *a, size_t an, const char *b, size_t bn)
{
    struct apkv x, y;
    parse(a, an, &x);
    parse(b, bn, &y);
    if (x.invalid && y.invalid)
        return ward_version__str_cmp(a, an, b, bn);
    size_t nc = WARD_MAX(x.ncomp, y.ncomp);
    for (size_t i = 0; i < nc; i++) {
        int r = comp_cmp(&x, &y, i);
        if (r)
            return r;
    }
    if (x.letter != y.letter)
        return x.letter < y.letter ? -1 : 1;
    size_t ns = WARD_MAX(x.nsuf, y.nsuf);
    for (size_t i = 0; i < ns; i++) {
        int wa = i < x.nsuf ? x.suf_weight[i] : APK_NO_SUFFIX;
        int wb = i < y.nsuf ? y.suf_weight[i] : APK_NO_SUFFIX;
        if (wa != wb)
            return wa < wb ? -1 : 1;
        struct span na = i < x.nsuf ? x.suf_num[i] : (struct span){"", 0};
        struct span nb = i < y.nsuf ? y.suf_num[i] : (struct span){"", 0};
        int r = ward_version__num_cmp(na.p, na.n, nb.p, nb.n);
        if (r)
            return r;
    }
    int r = ward_version__num_cmp(x.rev.p, x.rev.n, y.rev.p, y.rev.n);
    if (r)
        return r;
    /* Leftovers after the revision: the clean version is the greater. */
    if (!x.rest_n != !y.rest_n)
        return x.rest_n ? -1 : 1;
    return 0;
}
