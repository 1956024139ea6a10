/* cond.c - the condition language of ward watch rules: a recursive-descent
 * parser of `field op value`, and/or/not, parentheses, value lists, named
 * lists and macros, compiled into a tree that lives in the ruleset's arena.
 * Conditions come from rule files (fuzzed): every size, depth and cost is capped. */
#include "watch/watch.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

static const char *const field_names[WF_COUNT] = {
    [WF_EVT_TYPE] = "evt.type",
    [WF_EVT_SOURCE] = "evt.source",
    [WF_PROC_NAME] = "proc.name",
    [WF_PROC_EXE] = "proc.exe",
    [WF_PROC_EXEPATH] = "proc.exepath",
    [WF_PROC_CMDLINE] = "proc.cmdline",
    [WF_PROC_ARGS] = "proc.args",
    [WF_PROC_PID] = "proc.pid",
    [WF_PROC_VPID] = "proc.vpid",
    [WF_PROC_CWD] = "proc.cwd",
    [WF_PROC_TTY] = "proc.tty",
    [WF_PROC_PPID] = "proc.ppid",
    [WF_PROC_PNAME] = "proc.pname",
    [WF_PROC_PCMDLINE] = "proc.pcmdline",
    [WF_PROC_PEXEPATH] = "proc.pexepath",
    [WF_USER_UID] = "user.uid",
    [WF_USER_EUID] = "user.euid",
    [WF_USER_GID] = "user.gid",
    [WF_USER_EGID] = "user.egid",
    [WF_PROC_SETUID] = "proc.setuid",
    [WF_PROC_PUID] = "proc.puid",
    [WF_FD_NAME] = "fd.name",
    [WF_CONTAINER_ID] = "container.id",
    [WF_CONTAINER_FULLID] = "container.full_id",
    [WF_CONTAINER_NAME] = "container.name",
    [WF_CONTAINER_IMAGE] = "container.image",
    [WF_CONTAINER_IMAGE_ID] = "container.image.id",
    [WF_EVT_RES] = "evt.res",
    [WF_EVT_ARGS] = "evt.args",
    [WF_FD_SIP] = "fd.sip",
    [WF_FD_SPORT] = "fd.sport",
    [WF_FD_RIP] = "fd.rip",
    [WF_FD_RPORT] = "fd.rport",
    [WF_FD_L4PROTO] = "fd.l4proto",
    [WF_FD_NUM] = "fd.num",
    [WF_PROC_STDIO_SOCK] = "proc.stdio_socket",
    [WF_CGROUP_ID] = "cgroup.id",
};

int ward_wfield_lookup(const char *name, size_t len)
{
    for (int i = 0; i < WF_COUNT; i++)
        if (strlen(field_names[i]) == len && memcmp(field_names[i], name, len) == 0)
            return i;
    return -1;
}

const char *ward_wfield_name(enum ward_wfield f)
{
    return (unsigned)f < WF_COUNT ? field_names[f] : "?";
}

enum nkind { N_AND, N_OR, N_NOT, N_CMP, N_EXISTS, N_REF };
enum nop {
    OP_EQ,
    OP_NE,
    OP_LT,
    OP_LE,
    OP_GT,
    OP_GE,
    OP_IN,
    OP_STARTSWITH,
    OP_ENDSWITH,
    OP_CONTAINS,
    OP_ICONTAINS,
    OP_GLOB,
    OP_PMATCH,
};

static const struct {
    const char *name;
    enum nop op;
} word_ops[] = {
    {"in", OP_IN},
    {"startswith", OP_STARTSWITH},
    {"endswith", OP_ENDSWITH},
    {"contains", OP_CONTAINS},
    {"icontains", OP_ICONTAINS},
    {"glob", OP_GLOB},
    {"pmatch", OP_PMATCH},
};

struct ward_wnode {
    enum nkind kind;
    enum nop op;
    int field;
    struct ward_wnode **kids; /* AND/OR: nkids; NOT/REF: kids[0] */
    size_t nkids;
    const char **vals;
    size_t *lens;
    long long *nums; /* numeric ops */
    size_t nvals;
    unsigned depth, cost;
};

struct parser {
    struct ward_wruleset *rs;
    const char *s;
    size_t n, i;
    unsigned nest;
    struct ward_error **err;
};

static int fail(struct parser *p, enum ward_code code, const char *what)
{
    return ward_error_set(p->err, code, 0, "condition: %s at offset %zu", what, p->i);
}

static void skip_ws(struct parser *p)
{
    while (p->i < p->n && isspace((unsigned char)p->s[p->i]))
        p->i++;
}

static bool is_word_char(char c)
{
    return isalnum((unsigned char)c) || c == '_' || c == '.' || c == '-';
}

/* An identifier-like word (field, macro, keyword): [A-Za-z0-9_.-]+ */
static struct ward_span peek_word(struct parser *p)
{
    size_t j = p->i;
    while (j < p->n && is_word_char(p->s[j]))
        j++;
    return (struct ward_span){p->s + p->i, j - p->i};
}

static struct ward_wnode *node_new(struct parser *p, enum nkind k)
{
    struct ward_wnode *nd = ward_arena_alloc(&p->rs->arena, sizeof(*nd));
    nd->kind = k;
    nd->field = -1;
    return nd;
}

static unsigned sat_add(unsigned a, unsigned b)
{
    unsigned r;
    return __builtin_add_overflow(a, b, &r) ? UINT32_MAX : r;
}

static int check_limits(struct parser *p, const struct ward_wnode *nd)
{
    if (nd->depth > WARD_WATCH_DEPTH_MAX)
        return fail(p, WARD_ELIMIT, "nested too deeply");
    if (nd->cost > WARD_WATCH_COST_MAX)
        return fail(p, WARD_ELIMIT, "too costly (macros expand to too many comparisons)");
    return 0;
}

static const struct ward_wlist *find_list(const struct ward_wruleset *rs, struct ward_span name)
{
    for (size_t i = rs->nlists; i-- > 0;)
        if (strlen(rs->lists[i].name) == name.len &&
            memcmp(rs->lists[i].name, name.ptr, name.len) == 0)
            return &rs->lists[i];
    return NULL;
}

static struct ward_wmacro *find_macro(struct ward_wruleset *rs, struct ward_span name)
{
    for (size_t i = rs->nmacros; i-- > 0;)
        if (strlen(rs->macros[i].name) == name.len &&
            memcmp(rs->macros[i].name, name.ptr, name.len) == 0)
            return &rs->macros[i];
    return NULL;
}

/* Growing value array in malloc'd memory, copied into the arena when done. */
struct vals {
    struct ward_span *v;
    size_t n, cap;
};

static int vals_add(struct parser *p, struct vals *vs, struct ward_span s)
{
    if (vs->n >= WARD_WATCH_ITEMS_MAX)
        return fail(p, WARD_ELIMIT, "too many values in a list");
    WARD_GROW(vs->v, vs->n, vs->cap);
    vs->v[vs->n++] = s;
    return 0;
}

/* Add a value, expanding it when it names a list (lists may name lists). */
static int vals_add_expand(struct parser *p, struct vals *vs, struct ward_span s, unsigned depth)
{
    const struct ward_wlist *l = find_list(p->rs, s);
    if (!l)
        return vals_add(p, vs, s);
    if (depth > 16)
        return fail(p, WARD_ELIMIT, "lists nested too deeply");
    for (size_t i = 0; i < l->n; i++)
        if (vals_add_expand(p, vs, ward_span_cstr(l->items[i]), depth + 1) < 0)
            return -1;
    return 0;
}

/* One value: 'quoted', "quoted" (\" and \\ escapes) or a bare run up to
 * whitespace, '(' ')' or ','. Quoted values are never list names. */
static int lex_value(struct parser *p, struct ward_span *out, bool *quoted)
{
    skip_ws(p);
    if (p->i >= p->n)
        return fail(p, WARD_EFORMAT, "value expected");
    char q = p->s[p->i];
    *quoted = false;
    if (q == '\'' || q == '"') {
        size_t j = p->i + 1;
        bool esc = false;
        while (j < p->n && p->s[j] != q) {
            if (p->s[j] == '\\' && q == '"' && j + 1 < p->n) {
                esc = true;
                j++;
            }
            j++;
        }
        if (j >= p->n)
            return fail(p, WARD_EFORMAT, "unterminated string");
        const char *start = p->s + p->i + 1;
        size_t len = j - p->i - 1;
        p->i = j + 1;
        *quoted = true;
        if (!esc) {
            *out = (struct ward_span){start, len};
            return 0;
        }
        char *d = ward_arena_alloc(&p->rs->arena, len + 1);
        size_t k = 0;
        for (size_t m = 0; m < len; m++) {
            if (start[m] == '\\' && m + 1 < len)
                m++;
            d[k++] = start[m];
        }
        *out = (struct ward_span){d, k};
        return 0;
    }
    size_t j = p->i;
    while (j < p->n && !isspace((unsigned char)p->s[j]) && p->s[j] != '(' && p->s[j] != ')' &&
           p->s[j] != ',')
        j++;
    if (j == p->i)
        return fail(p, WARD_EFORMAT, "value expected");
    *out = (struct ward_span){p->s + p->i, j - p->i};
    p->i = j;
    return 0;
}

/* "(a, b, c)" or a single value / list name. */
static int lex_values(struct parser *p, struct vals *vs, bool allow_list)
{
    struct ward_span v;
    bool quoted;
    skip_ws(p);
    if (allow_list && p->i < p->n && p->s[p->i] == '(') {
        p->i++;
        skip_ws(p);
        if (p->i < p->n && p->s[p->i] == ')') {
            p->i++;
            return 0; /* empty list: matches nothing */
        }
        for (;;) {
            if (lex_value(p, &v, &quoted) < 0)
                return -1;
            if ((quoted ? vals_add(p, vs, v) : vals_add_expand(p, vs, v, 0)) < 0)
                return -1;
            skip_ws(p);
            if (p->i < p->n && p->s[p->i] == ',') {
                p->i++;
                continue;
            }
            if (p->i < p->n && p->s[p->i] == ')') {
                p->i++;
                return 0;
            }
            return fail(p, WARD_EFORMAT, "',' or ')' expected in value list");
        }
    }
    if (lex_value(p, &v, &quoted) < 0)
        return -1;
    if (allow_list && !quoted)
        return vals_add_expand(p, vs, v, 0);
    return vals_add(p, vs, v);
}

static int parse_int(struct ward_span s, long long *out)
{
    size_t i = 0;
    bool neg = false;
    if (s.len && (s.ptr[0] == '-' || s.ptr[0] == '+')) {
        neg = s.ptr[0] == '-';
        i = 1;
    }
    if (i >= s.len || s.len - i > 18)
        return -1;
    long long v = 0;
    for (; i < s.len; i++) {
        if (s.ptr[i] < '0' || s.ptr[i] > '9')
            return -1;
        v = v * 10 + (s.ptr[i] - '0');
    }
    *out = neg ? -v : v;
    return 0;
}

static struct ward_wnode *parse_or(struct parser *p);

static struct ward_wnode *parse_cmp(struct parser *p, int field)
{
    skip_ws(p);
    struct ward_wnode *nd = node_new(p, N_CMP);
    nd->field = field;
    nd->depth = 1;
    struct ward_span w = peek_word(p);
    if (ward_span_eq(w, "exists")) {
        p->i += w.len;
        nd->kind = N_EXISTS;
        nd->cost = 1;
        return nd;
    }
    bool found = false, list_ok = false;
    for (size_t k = 0; k < WARD_ARRAY_LEN(word_ops); k++) {
        if (ward_span_eq(w, word_ops[k].name)) {
            nd->op = word_ops[k].op;
            p->i += w.len;
            found = true;
            list_ok = true;
        }
    }
    if (!found) {
        const char *s = p->s + p->i;
        size_t left = p->n - p->i;
        static const struct {
            const char *t;
            enum nop op;
        } sym[] = {{"==", OP_EQ}, {"!=", OP_NE}, {"<=", OP_LE}, {">=", OP_GE},
                   {"=", OP_EQ},  {"<", OP_LT},  {">", OP_GT}};
        for (size_t k = 0; k < WARD_ARRAY_LEN(sym) && !found; k++) {
            size_t tl = strlen(sym[k].t);
            if (left >= tl && memcmp(s, sym[k].t, tl) == 0) {
                nd->op = sym[k].op;
                p->i += tl;
                found = true;
            }
        }
    }
    if (!found) {
        fail(p, WARD_EFORMAT, "operator expected after field");
        return NULL;
    }
    struct vals vs = {0};
    if (lex_values(p, &vs, list_ok) < 0) {
        free(vs.v);
        return NULL;
    }
    nd->nvals = vs.n;
    nd->vals = ward_arena_alloc(&p->rs->arena, (vs.n + 1) * sizeof(char *));
    nd->lens = ward_arena_alloc(&p->rs->arena, (vs.n + 1) * sizeof(size_t));
    for (size_t k = 0; k < vs.n; k++) {
        nd->vals[k] = ward_arena_span(&p->rs->arena, vs.v[k]);
        nd->lens[k] = vs.v[k].len;
    }
    free(vs.v);
    if (nd->op == OP_LT || nd->op == OP_LE || nd->op == OP_GT || nd->op == OP_GE) {
        nd->nums = ward_arena_alloc(&p->rs->arena, sizeof(long long));
        if (parse_int(ward_span_of(nd->vals[0], nd->lens[0]), &nd->nums[0]) < 0) {
            fail(p, WARD_EFORMAT, "number expected after <, <=, > or >=");
            return NULL;
        }
    }
    nd->cost = nd->nvals > 1 ? (unsigned)nd->nvals : 1;
    return nd;
}

static struct ward_wnode *macro_node(struct parser *p, struct ward_wmacro *m);

static struct ward_wnode *parse_unary(struct parser *p)
{
    skip_ws(p);
    if (p->i >= p->n) {
        fail(p, WARD_EFORMAT, "unexpected end of condition");
        return NULL;
    }
    if (++p->nest > WARD_WATCH_DEPTH_MAX) {
        fail(p, WARD_ELIMIT, "nested too deeply");
        return NULL;
    }
    struct ward_wnode *r = NULL;
    if (p->s[p->i] == '(') {
        p->i++;
        r = parse_or(p);
        if (r) {
            skip_ws(p);
            if (p->i >= p->n || p->s[p->i] != ')') {
                fail(p, WARD_EFORMAT, "')' expected");
                r = NULL;
            } else {
                p->i++;
            }
        }
        p->nest--;
        return r;
    }
    struct ward_span w = peek_word(p);
    if (w.len == 0) {
        fail(p, WARD_EFORMAT, "field, macro, 'not' or '(' expected");
        return NULL;
    }
    if (ward_span_eq(w, "not")) {
        p->i += w.len;
        struct ward_wnode *k = parse_unary(p);
        if (k) {
            r = node_new(p, N_NOT);
            r->kids = ward_arena_alloc(&p->rs->arena, sizeof(*r->kids));
            r->kids[0] = k;
            r->nkids = 1;
            r->depth = k->depth + 1;
            r->cost = k->cost;
        }
        p->nest--;
        return r && check_limits(p, r) == 0 ? r : NULL;
    }
    if (ward_span_eq(w, "and") || ward_span_eq(w, "or")) {
        fail(p, WARD_EFORMAT, "operand expected before 'and'/'or'");
        return NULL;
    }
    int f = ward_wfield_lookup(w.ptr, w.len);
    if (f >= 0) {
        p->i += w.len;
        r = parse_cmp(p, f);
    } else {
        struct ward_wmacro *m = find_macro(p->rs, w);
        if (!m) {
            char what[160];
            snprintf(what, sizeof(what), "unknown field or macro '%.*s'", (int)WARD_MIN(w.len, 100),
                     w.ptr);
            fail(p, WARD_EFORMAT, what);
            return NULL;
        }
        p->i += w.len;
        r = macro_node(p, m);
    }
    p->nest--;
    return r && check_limits(p, r) == 0 ? r : NULL;
}

static struct ward_wnode *parse_chain(struct parser *p, enum nkind kind, const char *kw)
{
    struct ward_wnode *first = kind == N_OR ? parse_chain(p, N_AND, "and") : parse_unary(p);
    if (!first)
        return NULL;
    struct ward_wnode **kids = NULL;
    size_t n = 0, cap = 0;
    for (;;) {
        skip_ws(p);
        struct ward_span w = peek_word(p);
        if (!ward_span_eq(w, kw))
            break;
        p->i += w.len;
        struct ward_wnode *k = kind == N_OR ? parse_chain(p, N_AND, "and") : parse_unary(p);
        if (!k) {
            free(kids);
            return NULL;
        }
        if (n == 0) {
            WARD_GROW(kids, n, cap);
            kids[n++] = first;
        }
        if (n >= WARD_WATCH_ITEMS_MAX) {
            free(kids);
            fail(p, WARD_ELIMIT, "too many terms");
            return NULL;
        }
        WARD_GROW(kids, n, cap);
        kids[n++] = k;
    }
    if (n == 0)
        return first;
    struct ward_wnode *nd = node_new(p, kind);
    nd->kids = ward_arena_alloc(&p->rs->arena, n * sizeof(*kids));
    memcpy(nd->kids, kids, n * sizeof(*kids));
    nd->nkids = n;
    free(kids);
    for (size_t k = 0; k < n; k++) {
        nd->depth = WARD_MAX(nd->depth, nd->kids[k]->depth + 1);
        nd->cost = sat_add(nd->cost, nd->kids[k]->cost);
    }
    return check_limits(p, nd) == 0 ? nd : NULL;
}

static struct ward_wnode *parse_or(struct parser *p)
{
    return parse_chain(p, N_OR, "or");
}

static int compile_text(struct ward_wruleset *rs, const char *text, size_t len,
                        struct ward_wnode **out, struct ward_error **err)
{
    if (len > WARD_WATCH_COND_MAX)
        return ward_error_set(err, WARD_ELIMIT, 0, "condition longer than %u bytes",
                              WARD_WATCH_COND_MAX);
    struct parser p = {.rs = rs, .s = text, .n = len, .err = err};
    struct ward_wnode *nd = parse_or(&p);
    if (!nd)
        return err && *err ? (*err)->code : WARD_EFORMAT;
    skip_ws(&p);
    if (p.i < p.n)
        return fail(&p, WARD_EFORMAT, "'and', 'or' or end expected");
    *out = nd;
    return 0;
}

static struct ward_wnode *macro_node(struct parser *p, struct ward_wmacro *m)
{
    if (m->state == 1) {
        char what[160];
        snprintf(what, sizeof(what), "macro '%.100s' refers to itself", m->name);
        fail(p, WARD_EFORMAT, what);
        return NULL;
    }
    if (m->state == 3) {
        char what[160];
        snprintf(what, sizeof(what), "macro '%.100s' is invalid", m->name);
        fail(p, WARD_EFORMAT, what);
        return NULL;
    }
    if (m->state == 0) {
        if (p->rs->compile_nest >= WARD_WATCH_DEPTH_MAX) {
            fail(p, WARD_ELIMIT, "macros nested too deeply");
            return NULL;
        }
        m->state = 1;
        p->rs->compile_nest++;
        struct ward_wnode *body = NULL;
        int rc = compile_text(p->rs, m->cond, strlen(m->cond), &body, p->err);
        p->rs->compile_nest--;
        if (rc < 0) {
            m->state = 3;
            ward_error_wrap(p->err, "macro '%.100s'", m->name);
            return NULL;
        }
        m->node = body;
        m->depth = body->depth;
        m->cost = body->cost;
        m->state = 2;
    }
    struct ward_wnode *r = node_new(p, N_REF);
    r->kids = ward_arena_alloc(&p->rs->arena, sizeof(*r->kids));
    r->kids[0] = m->node;
    r->nkids = 1;
    r->depth = m->depth + 1;
    r->cost = m->cost;
    return r;
}

int ward_wcond_compile(struct ward_wruleset *rs, const char *text, size_t len,
                       struct ward_wnode **out, struct ward_error **err)
{
    return compile_text(rs, text, len, out, err);
}

/* ---- evaluation ------------------------------------------------------------ */

bool ward_wglob(const char *pat, size_t plen, const char *s, size_t slen)
{
    /* Iterative matcher with one backtrack point for the last '*': O(plen*slen). */
    size_t pi = 0, si = 0, star_p = SIZE_MAX, star_s = 0;
    while (si < slen) {
        if (pi < plen && pat[pi] == '*') {
            star_p = ++pi;
            star_s = si;
            continue;
        }
        if (pi < plen) {
            size_t adv = 1;
            bool m = false;
            if (pat[pi] == '?') {
                m = true;
            } else if (pat[pi] == '[') {
                size_t j = pi + 1;
                bool neg = j < plen && (pat[j] == '!' || pat[j] == '^');
                if (neg)
                    j++;
                bool hit = false, closed = false;
                size_t first = j;
                while (j < plen) {
                    if (pat[j] == ']' && j > first) {
                        closed = true;
                        break;
                    }
                    if (j + 2 < plen && pat[j + 1] == '-' && pat[j + 2] != ']') {
                        if ((unsigned char)s[si] >= (unsigned char)pat[j] &&
                            (unsigned char)s[si] <= (unsigned char)pat[j + 2])
                            hit = true;
                        j += 3;
                    } else {
                        if (s[si] == pat[j])
                            hit = true;
                        j++;
                    }
                }
                if (closed) {
                    m = hit != neg;
                    adv = j + 1 - pi;
                } else {
                    m = s[si] == '['; /* unclosed: a literal '[' */
                }
            } else {
                m = pat[pi] == s[si];
            }
            if (m) {
                pi += adv;
                si++;
                continue;
            }
        }
        if (star_p == SIZE_MAX)
            return false;
        pi = star_p;
        si = ++star_s;
    }
    while (pi < plen && pat[pi] == '*')
        pi++;
    return pi == plen;
}

static bool icontains(const char *h, size_t hl, const char *n, size_t nl)
{
    if (nl == 0)
        return true;
    for (size_t i = 0; i + nl <= hl; i++) {
        size_t k = 0;
        while (k < nl && tolower((unsigned char)h[i + k]) == tolower((unsigned char)n[k]))
            k++;
        if (k == nl)
            return true;
    }
    return false;
}

static bool cmp_one(enum nop op, const char *v, size_t vl, const char *x, size_t xl)
{
    switch (op) {
    case OP_EQ:
    case OP_IN:
        return vl == xl && memcmp(v, x, xl) == 0;
    case OP_NE:
        return !(vl == xl && memcmp(v, x, xl) == 0);
    case OP_STARTSWITH:
        return vl >= xl && memcmp(v, x, xl) == 0;
    case OP_ENDSWITH:
        return vl >= xl && memcmp(v + vl - xl, x, xl) == 0;
    case OP_CONTAINS:
        return xl == 0 || (vl >= xl && memmem(v, vl, x, xl) != NULL);
    case OP_ICONTAINS:
        return icontains(v, vl, x, xl);
    case OP_GLOB:
        return ward_wglob(x, xl, v, vl);
    case OP_PMATCH:
        /* v is x or below it; a trailing '/' in x is ignored */
        while (xl > 1 && x[xl - 1] == '/')
            xl--;
        if (vl < xl || memcmp(v, x, xl) != 0)
            return false;
        return vl == xl || v[xl] == '/' || (xl == 1 && x[0] == '/');
    case OP_LT:
    case OP_LE:
    case OP_GT:
    case OP_GE:
        return false;
    }
    return false;
}

static bool eval_cmp(const struct ward_wnode *n, const char *v)
{
    size_t vl = strlen(v);
    if (n->nums) {
        long long a;
        if (parse_int(ward_span_of(v, vl), &a) < 0)
            return false;
        long long b = n->nums[0];
        switch (n->op) {
        case OP_LT:
            return a < b;
        case OP_LE:
            return a <= b;
        case OP_GT:
            return a > b;
        case OP_GE:
            return a >= b;
        default:
            return false;
        }
    }
    if (n->op == OP_NE)
        return n->nvals == 1 && cmp_one(OP_NE, v, vl, n->vals[0], n->lens[0]);
    for (size_t i = 0; i < n->nvals; i++)
        if (cmp_one(n->op, v, vl, n->vals[i], n->lens[i]))
            return true;
    return false;
}

bool ward_wcond_eval(const struct ward_wnode *n, const struct ward_wevent *ev)
{
    switch (n->kind) {
    case N_AND:
        for (size_t i = 0; i < n->nkids; i++)
            if (!ward_wcond_eval(n->kids[i], ev))
                return false;
        return true;
    case N_OR:
        for (size_t i = 0; i < n->nkids; i++)
            if (ward_wcond_eval(n->kids[i], ev))
                return true;
        return false;
    case N_NOT:
        return !ward_wcond_eval(n->kids[0], ev);
    case N_REF:
        return ward_wcond_eval(n->kids[0], ev);
    case N_EXISTS:
        return ev->f[n->field] != NULL && ev->f[n->field][0] != '\0';
    case N_CMP: {
        const char *v = ev->f[n->field];
        return v && eval_cmp(n, v);
    }
    }
    return false;
}
