/* maven.c - Maven version ordering (ComparableVersion): the lower-cased
 * version is cut at '.', '-' and digit/letter changes into numbers,
 * qualifiers and nested lists (a '-' or a change opens a sub-list), trailing
 * "null" items are dropped, and the trees are compared item by item. */
#include "version/version_int.h"

#include <stdlib.h>

enum { MVN_INT, MVN_STR, MVN_LIST };

struct mitem {
    int kind;
    bool removed;
    const char *p; /* INT: digits without leading zeros; STR: qualifier */
    size_t n;
    size_t first, count; /* LIST: children are pool[first .. first+count) */
};

/* Versions up to MVN_SMALL bytes are parsed without touching the heap. */
#define MVN_SMALL 48

struct mtree {
    struct mitem *it; /* at most 2n + 2 items: root, and per byte an item and a sub-list */
    size_t n;
    char *low;
    size_t *stack; /* open lists, at most n + 1 */
    struct mitem small_it[2 * MVN_SMALL + 4];
    char small_low[MVN_SMALL];
    size_t small_stack[MVN_SMALL + 2];
};

static void tree_init(struct mtree *t, size_t n)
{
    if (n <= MVN_SMALL) {
        t->it = t->small_it;
        t->low = t->small_low;
        t->stack = t->small_stack;
    } else {
        t->it = ward_xmalloc((2 * n + 4) * sizeof(*t->it));
        t->low = ward_xmalloc(n);
        t->stack = ward_xmalloc((n + 2) * sizeof(*t->stack));
    }
}

static void tree_dispose(struct mtree *t)
{
    if (t->it != t->small_it) {
        free(t->it);
        free(t->low);
        free(t->stack);
    }
}

static const char *const known[] = {"alpha", "beta", "milestone", "rc", "snapshot", "", "sp"};
#define MVN_RELEASE 5

static size_t add(struct mtree *t, size_t list, struct mitem x)
{
    size_t i = t->n++;
    t->it[i] = x;
    if (!t->it[list].count)
        t->it[list].first = i;
    t->it[list].count = i - t->it[list].first + 1;
    return i;
}

static struct mitem mk_item(const char *p, size_t n, bool digit, bool followed_by_digit)
{
    struct mitem x = {0};
    if (digit) {
        while (n && *p == '0')
            p++, n--;
        x.kind = MVN_INT;
    } else {
        x.kind = MVN_STR;
        if (followed_by_digit && n == 1) {
            if (*p == 'a')
                p = "alpha", n = 5;
            else if (*p == 'b')
                p = "beta", n = 4;
            else if (*p == 'm')
                p = "milestone", n = 9;
        }
        if ((n == 2 && !memcmp(p, "ga", 2)) || (n == 5 && !memcmp(p, "final", 5)) ||
            (n == 7 && !memcmp(p, "release", 7)))
            p = "", n = 0;
        else if (n == 2 && !memcmp(p, "cr", 2))
            p = "rc";
    }
    x.p = p;
    x.n = n;
    return x;
}

static bool is_null(const struct mtree *t, const struct mitem *x)
{
    if (x->kind == MVN_INT)
        return x->n == 0;
    if (x->kind == MVN_STR)
        return x->n == 0;
    for (size_t i = 0; i < x->count; i++)
        if (!t->it[x->first + i].removed)
            return false;
    return true;
}

static void normalize(struct mtree *t, size_t list)
{
    struct mitem *l = &t->it[list];
    for (size_t i = l->count; i-- > 0;) {
        struct mitem *x = &t->it[l->first + i];
        if (x->removed)
            continue;
        if (is_null(t, x))
            x->removed = true;
        else if (x->kind != MVN_LIST)
            break;
    }
}

static void parse(struct mtree *t, const char *s, size_t n)
{
    size_t *stack = t->stack, sp = 0;
    for (size_t i = 0; i < n; i++)
        t->low[i] = (char)vtolower((unsigned char)s[i]);
    const char *v = t->low;
    t->n = 1;
    t->it[0] = (struct mitem){.kind = MVN_LIST};
    size_t list = 0, start = 0;
    stack[sp++] = 0;
    bool digit = false;
    for (size_t i = 0; i < n; i++) {
        char c = v[i];
        if (c == '.' || c == '-') {
            if (i == start)
                add(t, list, (struct mitem){.kind = MVN_INT, .p = "", .n = 0});
            else
                add(t, list, mk_item(v + start, i - start, digit, false));
            start = i + 1;
            if (c == '-') {
                list = add(t, list, (struct mitem){.kind = MVN_LIST});
                stack[sp++] = list;
            }
        } else if (vdigit(c)) {
            if (!digit && i > start) {
                add(t, list, mk_item(v + start, i - start, false, true));
                start = i;
                list = add(t, list, (struct mitem){.kind = MVN_LIST});
                stack[sp++] = list;
            }
            digit = true;
        } else {
            if (digit && i > start) {
                add(t, list, mk_item(v + start, i - start, true, false));
                start = i;
                list = add(t, list, (struct mitem){.kind = MVN_LIST});
                stack[sp++] = list;
            }
            digit = false;
        }
    }
    if (n > start)
        add(t, list, mk_item(v + start, n - start, digit, false));
    while (sp)
        normalize(t, stack[--sp]);
}

static int qual_rank(const struct mitem *x)
{
    for (size_t i = 0; i < WARD_ARRAY_LEN(known); i++)
        if (strlen(known[i]) == x->n && memcmp(known[i], x->p, x->n) == 0)
            return (int)i;
    return (int)WARD_ARRAY_LEN(known);
}

static int str_cmp(const struct mitem *a, const struct mitem *b)
{
    int ra = qual_rank(a), rb = qual_rank(b);
    if (ra != rb)
        return ra < rb ? -1 : 1;
    return ward_version__str_cmp(a->p, a->n, b->p, b->n);
}

static const struct mitem *next_child(const struct mtree *t, const struct mitem *l, size_t *i);

/* A sub-list whose only live item is another sub-list stands for that one
 * ("1-ga-1" loses its "ga" and equals "1-1"). */
static const struct mitem *lift(const struct mtree *t, const struct mitem *x)
{
    while (x->kind == MVN_LIST) {
        size_t i = 0;
        const struct mitem *f = next_child(t, x, &i), *g = f ? next_child(t, x, &i) : NULL;
        if (!f || g || f->kind != MVN_LIST)
            break;
        x = f;
    }
    return x;
}

/* Next child of a list at or after *i that is not removed, or NULL. */
static const struct mitem *next_child(const struct mtree *t, const struct mitem *l, size_t *i)
{
    while (*i < l->count) {
        const struct mitem *x = &t->it[l->first + (*i)++];
        if (!x->removed)
            return x;
    }
    return NULL;
}

static int item_cmp(const struct mtree *ta, const struct mitem *a, const struct mtree *tb,
                    const struct mitem *b);

/* a compared with nothing (a missing item on the other side). */
static int null_cmp(const struct mtree *t, const struct mitem *a)
{
    if (a->kind == MVN_INT)
        return a->n ? 1 : 0;
    if (a->kind == MVN_STR) {
        int r = qual_rank(a);
        return r == MVN_RELEASE ? 0 : (r < MVN_RELEASE ? -1 : 1);
    }
    size_t i = 0;
    const struct mitem *f = next_child(t, a, &i);
    return f ? null_cmp(t, f) : 0;
}

static int item_cmp(const struct mtree *ta, const struct mitem *a, const struct mtree *tb,
                    const struct mitem *b)
{
    if (a->kind == MVN_INT) {
        if (b->kind == MVN_INT)
            return ward_version__num_cmp(a->p, a->n, b->p, b->n);
        return 1; /* a number is newer than a qualifier or a sub-list */
    }
    if (a->kind == MVN_STR) {
        if (b->kind == MVN_INT || b->kind == MVN_LIST)
            return -1;
        return str_cmp(a, b);
    }
    if (b->kind == MVN_INT)
        return -1;
    if (b->kind == MVN_STR)
        return 1;
    size_t i = 0, j = 0;
    for (;;) {
        const struct mitem *x = next_child(ta, a, &i), *y = next_child(tb, b, &j);
        x = x ? lift(ta, x) : NULL;
        y = y ? lift(tb, y) : NULL;
        if (!x && !y)
            return 0;
        int r = !x ? -null_cmp(tb, y) : !y ? null_cmp(ta, x) : item_cmp(ta, x, tb, y);
        if (r)
            return r;
    }
}

int ward_version__maven(const char *a, size_t an, const char *b, size_t bn)
{
    struct mtree x, y;
    tree_init(&x, an);
    tree_init(&y, bn);
    parse(&x, a, an);
    parse(&y, b, bn);
    int r = item_cmp(&x, &x.it[0], &y, &y.it[0]);
    tree_dispose(&x);
    tree_dispose(&y);
    return r;
}
