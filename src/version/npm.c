/* npm.c - node-semver range matching (satisfies): "||" alternatives of
 * comparator sets; hyphen ranges, X-ranges, tilde and caret desugar to
 * primitive comparators; a prerelease version only matches a set that names
 * a prerelease of the same major.minor.patch (unless INCLUDE_PRERELEASE). */
#include "version/version_int.h"

#include <stdint.h>

#define NPM_MAX_SAFE 9007199254740991ull /* Number.MAX_SAFE_INTEGER */
#define NPM_MAX_CMPS 256                 /* primitive comparators in one set */

struct nver {
    uint64_t n[3];
    const char *pre; /* NULL: none */
    size_t pren;
};

/* A partial version as a range writes it: missing, x, X and star parts are wildcards. */
struct partial {
    uint64_t n[3];
    bool x[3];
    const char *pre;
    size_t pren;
};

enum nop { OP_ANY, OP_NONE, OP_LT, OP_LE, OP_GT, OP_GE, OP_EQ };

struct ncmp {
    enum nop op;
    struct nver v;
};

struct nset {
    struct ncmp c[NPM_MAX_CMPS];
    size_t n;
    bool bad;
    /* "> 1.2" glued to ">1.2": comparators point into this, so it lives as
     * long as the set; the glued tokens together are shorter than the range */
    char glue[WARD_VERSION_MAX_LEN + 1];
    size_t glue_n;
};

static bool id_char(char c)
{
    return valnum(c) || c == '-';
}

static bool parse_num(const char **p, const char *e, bool loose, uint64_t *out)
{
    const char *q = *p;
    uint64_t v = 0;
    if (q >= e || !vdigit(*q))
        return false;
    if (!loose && *q == '0' && q + 1 < e && vdigit(q[1]))
        return false;
    for (; q < e && vdigit(*q); q++) {
        v = v * 10 + (uint64_t)(*q - '0');
        if (v > NPM_MAX_SAFE)
            return false;
    }
    *p = q;
    *out = v;
    return true;
}

/* Dot-separated identifiers; strict numeric ones have no leading zero. */
static bool parse_ids(const char **p, const char *e, bool loose, bool allow_leading_zero)
{
    const char *q = *p;
    for (;;) {
        const char *s = q;
        while (q < e && id_char(*q))
            q++;
        if (q == s)
            return false;
        if (!loose && !allow_leading_zero && ward_version__all_digits(s, (size_t)(q - s)) &&
            q - s > 1 && *s == '0')
            return false;
        if (q < e && *q == '.') {
            q++;
            continue;
        }
        break;
    }
    *p = q;
    return true;
}

/* Optional prerelease ("-a.1", or "a.1" when loose) and "+build". */
static bool parse_tail(const char **p, const char *e, bool loose, const char **pre, size_t *pren)
{
    const char *q = *p;
    *pre = NULL;
    *pren = 0;
    if (q < e && (*q == '-' || (loose && id_char(*q)))) {
        if (*q == '-')
            q++;
        const char *s = q;
        if (!parse_ids(&q, e, loose, false))
            return false;
        *pre = s;
        *pren = (size_t)(q - s);
    }
    if (q < e && *q == '+') {
        q++;
        if (!parse_ids(&q, e, loose, true))
            return false;
    }
    *p = q;
    return true;
}

static bool parse_partial(const char *s, size_t n, bool loose, struct partial *o)
{
    const char *p = s, *e = s + n;
    memset(o, 0, sizeof(*o));
    o->x[0] = o->x[1] = o->x[2] = true;
    while (p < e && (*p == 'v' || *p == '=' || *p == ' ' || *p == '\t'))
        p++;
    if (p == e)
        return true; /* "" is "*" */
    for (int i = 0; i < 3; i++) {
        if (i > 0) {
            if (p >= e || *p != '.')
                break;
            p++;
        }
        if (p < e && (*p == 'x' || *p == 'X' || *p == '*')) {
            p++;
            continue;
        }
        if (!parse_num(&p, e, loose, &o->n[i]))
            return false;
        o->x[i] = false;
    }
    if (!o->x[0] && !o->x[1] && !o->x[2]) {
        if (!parse_tail(&p, e, loose, &o->pre, &o->pren))
            return false;
    } else if (p < e && *p == '+') {
        const char *dummy;
        size_t dn;
        if (!parse_tail(&p, e, loose, &dummy, &dn))
            return false;
    }
    return p == e;
}

static bool parse_version(const char *s, size_t n, bool loose, struct nver *v)
{
    struct partial pt;
    while (n && (*s == ' ' || *s == '\t'))
        s++, n--;
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    if (!loose && n && *s == '=')
        return false;
    if (!parse_partial(s, n, loose, &pt) || pt.x[0] || pt.x[1] || pt.x[2])
        return false;
    *v = (struct nver){{pt.n[0], pt.n[1], pt.n[2]}, pt.pre, pt.pren};
    return true;
}

static int ids_cmp(const char *a, size_t an, const char *b, size_t bn)
{
    size_t i = 0, j = 0;
    for (;;) {
        bool ad = i > an, bd = j > bn;
        if (ad || bd)
            return (!ad) - (!bd);
        const char *x = memchr(a + i, '.', an - i), *y = memchr(b + j, '.', bn - j);
        size_t xn = x ? (size_t)(x - (a + i)) : an - i;
        size_t yn = y ? (size_t)(y - (b + j)) : bn - j;
        bool xd = ward_version__all_digits(a + i, xn), yd = ward_version__all_digits(b + j, yn);
        int r = xd && yd   ? ward_version__num_cmp(a + i, xn, b + j, yn)
                : xd || yd ? (xd ? -1 : 1)
                           : ward_version__str_cmp(a + i, xn, b + j, yn);
        if (r)
            return r;
        i += xn + 1;
        j += yn + 1;
    }
}

static int nver_cmp(const struct nver *a, const struct nver *b)
{
    for (int i = 0; i < 3; i++)
        if (a->n[i] != b->n[i])
            return a->n[i] < b->n[i] ? -1 : 1;
    if (!a->pre || !b->pre)
        return (b->pre != NULL) - (a->pre != NULL);
    return ids_cmp(a->pre, a->pren, b->pre, b->pren);
}

static void add(struct nset *set, enum nop op, uint64_t M, uint64_t m, uint64_t p, const char *pre,
                size_t pren)
{
    if (set->n >= NPM_MAX_CMPS) {
        set->bad = true;
        return;
    }
    set->c[set->n++] = (struct ncmp){op, {{M, m, p}, pre, pren}};
}

#define ZERO "0", 1

/* One comparator token (operator glued to its version) into primitives. */
static bool desugar(struct nset *set, const char *t, size_t n, unsigned flags)
{
    bool loose = flags & WARD_VERSION_NPM_LOOSE,
         incpr = flags & WARD_VERSION_NPM_INCLUDE_PRERELEASE;
    enum { K_PLAIN, K_TILDE, K_CARET, K_LT, K_LE, K_GT, K_GE } k = K_PLAIN;
    if (n >= 2 && t[0] == '~' && t[1] == '>')
        k = K_TILDE, t += 2, n -= 2;
    else if (n && t[0] == '~')
        k = K_TILDE, t++, n--;
    else if (n && t[0] == '^')
        k = K_CARET, t++, n--;
    else if (n >= 2 && t[0] == '<' && t[1] == '=')
        k = K_LE, t += 2, n -= 2;
    else if (n >= 2 && t[0] == '>' && t[1] == '=')
        k = K_GE, t += 2, n -= 2;
    else if (n && t[0] == '<')
        k = K_LT, t++, n--;
    else if (n && t[0] == '>')
        k = K_GT, t++, n--;
    struct partial v;
    if (!parse_partial(t, n, loose, &v))
        return false;
    uint64_t M = v.n[0], m = v.n[1], p = v.n[2];
    bool xM = v.x[0], xm = v.x[1], xp = v.x[2], anyx = xM || xm || xp;
    const char *z = incpr ? "0" : NULL;
    size_t zn = incpr ? 1 : 0;
    switch (k) {
    case K_TILDE:
        if (xM)
            add(set, OP_ANY, 0, 0, 0, NULL, 0);
        else if (xm)
            add(set, OP_GE, M, 0, 0, z, zn), add(set, OP_LT, M + 1, 0, 0, ZERO);
        else if (xp)
            add(set, OP_GE, M, m, 0, z, zn), add(set, OP_LT, M, m + 1, 0, ZERO);
        else
            add(set, OP_GE, M, m, p, v.pre, v.pren), add(set, OP_LT, M, m + 1, 0, ZERO);
        return true;
    case K_CARET:
        if (xM) {
            add(set, OP_ANY, 0, 0, 0, NULL, 0);
        } else if (xm) {
            add(set, OP_GE, M, 0, 0, z, zn), add(set, OP_LT, M + 1, 0, 0, ZERO);
        } else if (xp) {
            add(set, OP_GE, M, m, 0, z, zn);
            if (M == 0)
                add(set, OP_LT, M, m + 1, 0, ZERO);
            else
                add(set, OP_LT, M + 1, 0, 0, ZERO);
        } else {
            add(set, OP_GE, M, m, p, v.pre, v.pren);
            if (M == 0 && m == 0)
                add(set, OP_LT, M, m, p + 1, ZERO);
            else if (M == 0)
                add(set, OP_LT, M, m + 1, 0, ZERO);
            else
                add(set, OP_LT, M + 1, 0, 0, ZERO);
        }
        return true;
    case K_PLAIN:
        if (xM)
            add(set, OP_ANY, 0, 0, 0, NULL, 0);
        else if (xm)
            add(set, OP_GE, M, 0, 0, z, zn), add(set, OP_LT, M + 1, 0, 0, ZERO);
        else if (xp)
            add(set, OP_GE, M, m, 0, z, zn), add(set, OP_LT, M, m + 1, 0, ZERO);
        else
            add(set, OP_EQ, M, m, p, v.pre, v.pren);
        return true;
    default:
        break;
    }
    enum nop op = k == K_LT ? OP_LT : k == K_LE ? OP_LE : k == K_GT ? OP_GT : OP_GE;
    if (!anyx) {
        add(set, op, M, m, p, v.pre, v.pren);
        return true;
    }
    if (xM) {
        add(set, (op == OP_LT || op == OP_GT) ? OP_NONE : OP_ANY, 0, 0, 0, NULL, 0);
        return true;
    }
    if (xm)
        m = 0;
    p = 0;
    if (op == OP_GT) {
        op = OP_GE;
        if (xm)
            M++, m = 0;
        else
            m++;
    } else if (op == OP_LE) {
        op = OP_LT;
        if (xm)
            M++;
        else
            m++;
    }
    if (op == OP_LT)
        add(set, op, M, m, p, ZERO);
    else
        add(set, op, M, m, p, z, zn);
    return true;
}

static bool is_op_only(const char *t, size_t n)
{
    static const char *const ops[] = {"<", "<=", ">", ">=", "=", "~", "~>", "^"};
    for (size_t i = 0; i < WARD_ARRAY_LEN(ops); i++)
        if (strlen(ops[i]) == n && memcmp(ops[i], t, n) == 0)
            return true;
    return false;
}

static bool is_ws(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* Parse one comparator set (no "||") into primitives. */
static bool parse_set(const char *s, size_t n, unsigned flags, struct nset *set)
{
    struct {
        const char *p;
        size_t n;
    } tok[NPM_MAX_CMPS];
    size_t nt = 0;
    set->n = 0;
    set->bad = false;
    set->glue_n = 0;
    for (size_t i = 0; i < n;) {
        while (i < n && is_ws(s[i]))
            i++;
        if (i >= n)
            break;
        size_t st = i;
        while (i < n && !is_ws(s[i]))
            i++;
        if (nt >= NPM_MAX_CMPS)
            return false;
        tok[nt].p = s + st;
        tok[nt++].n = i - st;
    }
    bool loose = flags & WARD_VERSION_NPM_LOOSE,
         incpr = flags & WARD_VERSION_NPM_INCLUDE_PRERELEASE;
    if (nt == 3 && tok[1].n == 1 && tok[1].p[0] == '-') {
        struct partial f, t;
        if (!parse_partial(tok[0].p, tok[0].n, loose, &f) ||
            !parse_partial(tok[2].p, tok[2].n, loose, &t))
            return false;
        const char *z = incpr ? "0" : NULL;
        size_t zn = incpr ? 1 : 0;
        if (!f.x[0])
            add(set, OP_GE, f.n[0], f.x[1] ? 0 : f.n[1], f.x[1] || f.x[2] ? 0 : f.n[2],
                f.pre ? f.pre : z, f.pre ? f.pren : zn);
        if (t.x[0])
            ;
        else if (t.x[1])
            add(set, OP_LT, t.n[0] + 1, 0, 0, ZERO);
        else if (t.x[2])
            add(set, OP_LT, t.n[0], t.n[1] + 1, 0, ZERO);
        else if (t.pre)
            add(set, OP_LE, t.n[0], t.n[1], t.n[2], t.pre, t.pren);
        else if (incpr)
            add(set, OP_LT, t.n[0], t.n[1], t.n[2] + 1, ZERO);
        else
            add(set, OP_LE, t.n[0], t.n[1], t.n[2], NULL, 0);
        if (!set->n)
            add(set, OP_ANY, 0, 0, 0, NULL, 0);
        return !set->bad;
    }
    for (size_t i = 0; i < nt; i++) {
        const char *p = tok[i].p;
        size_t l = tok[i].n;
        if (is_op_only(p, l) && i + 1 < nt) {
            /* "> 1.2", "~ 1.0": the operator stands apart from its version */
            size_t gl = l + tok[i + 1].n;
            if (set->glue_n + gl > sizeof(set->glue))
                return false;
            char *g = set->glue + set->glue_n;
            memcpy(g, p, l);
            memcpy(g + l, tok[i + 1].p, tok[i + 1].n);
            set->glue_n += gl;
            p = g;
            l = gl;
            i++;
        }
        if (!desugar(set, p, l, flags))
            return false;
    }
    if (!set->n)
        add(set, OP_ANY, 0, 0, 0, NULL, 0);
    return !set->bad;
}

static bool test_cmp(const struct ncmp *c, const struct nver *v)
{
    if (c->op == OP_ANY)
        return true;
    if (c->op == OP_NONE)
        return false;
    int r = nver_cmp(v, &c->v);
    switch (c->op) {
    case OP_LT:
        return r < 0;
    case OP_LE:
        return r <= 0;
    case OP_GT:
        return r > 0;
    case OP_GE:
        return r >= 0;
    default:
        return r == 0;
    }
}

static bool test_set(const struct nset *set, const struct nver *v, unsigned flags)
{
    for (size_t i = 0; i < set->n; i++)
        if (!test_cmp(&set->c[i], v))
            return false;
    if (v->pre && !(flags & WARD_VERSION_NPM_INCLUDE_PRERELEASE)) {
        for (size_t i = 0; i < set->n; i++) {
            const struct ncmp *c = &set->c[i];
            if (c->op == OP_ANY || c->op == OP_NONE || !c->v.pre)
                continue;
            if (c->v.n[0] == v->n[0] && c->v.n[1] == v->n[1] && c->v.n[2] == v->n[2])
                return true;
        }
        return false;
    }
    return true;
}

int ward_version_npm_satisfies(const char *version, const char *range, unsigned flags, bool *out,
                               struct ward_error **err)
{
    size_t vn = strlen(version), rn = strlen(range);
    *out = false;
    if (vn > WARD_VERSION_MAX_LEN || rn > WARD_VERSION_MAX_LEN)
        return ward_error_set(err, WARD_EFORMAT, 0, "npm version or range longer than %u bytes",
                              WARD_VERSION_MAX_LEN);
    struct nver v;
    if (!parse_version(version, vn, flags & WARD_VERSION_NPM_LOOSE, &v))
        return 0;
    struct nset *set = ward_xmalloc(sizeof(*set));
    bool any = false, valid = true;
    for (size_t i = 0; i <= rn && valid;) {
        /* the next "||" ends this alternative */
        size_t j = i;
        while (j < rn && !(range[j] == '|' && j + 1 < rn && range[j + 1] == '|'))
            j++;
        valid = parse_set(range + i, j - i, flags, set);
        if (valid && !any)
            any = test_set(set, &v, flags);
        i = j + 2;
    }
    free(set);
    /* node-semver throws on an invalid range: satisfies() is then false */
    *out = valid && any;
    return 0;
}
