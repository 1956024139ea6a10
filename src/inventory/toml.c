/* toml.c - the bounded TOML subset reader behind toml.h: a recursive-descent
 * parser over (ptr, len) that builds a tree of malloc'd nodes. Tables keep
 * their keys in document order plus a hash index, so hostile files with huge
 * tables stay linear. */
#include "inventory/toml.h"
#include "util/buf.h"

#include <string.h>

#define TOML_MAX_BYTES (64u << 20)
#define TOML_MAX_DEPTH 64u
#define TOML_MAX_NODES (4u << 20)

struct ward_toml {
    enum ward_toml_type type;
    bool explicit_tbl; /* table opened by a [header] (or is an inline table) */
    bool frozen;       /* inline table / static array: cannot be extended */
    bool aot;          /* array created by [[header]] */
    char *str;
    int64_t i;
    bool b;
    struct ward_toml **items;
    char **keys;
    size_t n, cap;
    uint32_t *index; /* open addressing: item index + 1, 0 = empty */
    size_t index_cap;
};

struct parser {
    const char *p, *end;
    size_t line;
    size_t nodes;
    struct ward_error **err;
};

/* ------------------------------------------------------------------ nodes */

static void node_free(struct ward_toml *v)
{
    if (!v)
        return;
    for (size_t i = 0; i < v->n; i++) {
        node_free(v->items[i]);
        if (v->keys)
            free(v->keys[i]);
    }
    free(v->items);
    free(v->keys);
    free(v->index);
    free(v->str);
    free(v);
}

void ward_toml_free(struct ward_toml *root)
{
    node_free(root);
}

static struct ward_toml *node_new(struct parser *ps, enum ward_toml_type t)
{
    if (++ps->nodes > TOML_MAX_NODES)
        return NULL;
    struct ward_toml *v = ward_xcalloc(1, sizeof(*v));
    v->type = t;
    return v;
}

static uint32_t hash_key(const char *k)
{
    uint32_t h = 2166136261u; /* FNV-1a */
    for (; *k; k++)
        h = (h ^ (unsigned char)*k) * 16777619u;
    return h;
}

static void index_rebuild(struct ward_toml *t)
{
    size_t cap = t->index_cap ? t->index_cap * 2 : 64;
    while (cap < t->n * 2)
        cap *= 2;
    free(t->index);
    t->index = ward_xcalloc(cap, sizeof(*t->index));
    t->index_cap = cap;
    for (size_t i = 0; i < t->n; i++) {
        size_t h = hash_key(t->keys[i]) & (cap - 1);
        while (t->index[h])
            h = (h + 1) & (cap - 1);
        t->index[h] = (uint32_t)(i + 1);
    }
}

static struct ward_toml *table_find(const struct ward_toml *t, const char *key)
{
    if (!t || t->type != WARD_TOML_TABLE)
        return NULL;
    if (!t->index) {
        for (size_t i = 0; i < t->n; i++)
            if (strcmp(t->keys[i], key) == 0)
                return t->items[i];
        return NULL;
    }
    size_t h = hash_key(key) & (t->index_cap - 1);
    while (t->index[h]) {
        size_t i = t->index[h] - 1;
        if (strcmp(t->keys[i], key) == 0)
            return t->items[i];
        h = (h + 1) & (t->index_cap - 1);
    }
    return NULL;
}

/* Takes ownership of key and v. */
static void table_put(struct ward_toml *t, char *key, struct ward_toml *v)
{
    if (t->n >= t->cap) {
        size_t nc = t->cap ? t->cap * 2 : 8;
        t->items = ward_xreallocarray(t->items, nc, sizeof(*t->items));
        t->keys = ward_xreallocarray(t->keys, nc, sizeof(*t->keys));
        t->cap = nc;
    }
    t->keys[t->n] = key;
    t->items[t->n] = v;
    t->n++;
    if (t->n > 16 && (!t->index || t->n * 2 > t->index_cap)) {
        index_rebuild(t);
    } else if (t->index) {
        size_t h = hash_key(key) & (t->index_cap - 1);
        while (t->index[h])
            h = (h + 1) & (t->index_cap - 1);
        t->index[h] = (uint32_t)t->n;
    }
}

static void array_push(struct ward_toml *a, struct ward_toml *v)
{
    WARD_GROW(a->items, a->n, a->cap);
    a->items[a->n++] = v;
}

/* ------------------------------------------------------------------ lexing */

static int fail(struct parser *ps, const char *what)
{
    return ward_error_set(ps->err, WARD_EFORMAT, 0, "toml: line %zu: %s", ps->line, what);
}

static int too_big(struct parser *ps)
{
    return ward_error_set(ps->err, WARD_ELIMIT, 0, "toml: line %zu: document too large or deep",
                          ps->line);
}

static bool at_end(const struct parser *ps)
{
    return ps->p >= ps->end;
}

static void skip_ws(struct parser *ps)
{
    while (!at_end(ps) && (*ps->p == ' ' || *ps->p == '\t'))
        ps->p++;
}

static void skip_comment(struct parser *ps)
{
    if (!at_end(ps) && *ps->p == '#')
        while (!at_end(ps) && *ps->p != '\n')
            ps->p++;
}

/* Whitespace, newlines and comments (inside arrays / inline tables). */
static void skip_ws_nl(struct parser *ps)
{
    for (;;) {
        skip_ws(ps);
        skip_comment(ps);
        if (!at_end(ps) && (*ps->p == '\n' || *ps->p == '\r')) {
            if (*ps->p == '\n')
                ps->line++;
            ps->p++;
            continue;
        }
        return;
    }
}

/* After a value or header: spaces, optional comment, then newline or end. */
static int end_of_line(struct parser *ps)
{
    skip_ws(ps);
    skip_comment(ps);
    if (at_end(ps))
        return 0;
    if (*ps->p == '\r')
        ps->p++;
    if (at_end(ps) || *ps->p != '\n')
        return fail(ps, "expected end of line");
    ps->p++;
    ps->line++;
    return 0;
}

static bool is_bare(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_';
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

static bool put_utf8(struct ward_buf *b, uint32_t cp)
{
    char t[4];
    if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return false;
    if (cp < 0x80) {
        t[0] = (char)cp;
        ward_buf_add(b, t, 1);
    } else if (cp < 0x800) {
        t[0] = (char)(0xC0 | (cp >> 6));
        t[1] = (char)(0x80 | (cp & 0x3F));
        ward_buf_add(b, t, 2);
    } else if (cp < 0x10000) {
        t[0] = (char)(0xE0 | (cp >> 12));
        t[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        t[2] = (char)(0x80 | (cp & 0x3F));
        ward_buf_add(b, t, 3);
    } else {
        t[0] = (char)(0xF0 | (cp >> 18));
        t[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        t[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
        t[3] = (char)(0x80 | (cp & 0x3F));
        ward_buf_add(b, t, 4);
    }
    return true;
}

static bool starts3(const struct parser *ps, char q)
{
    return ps->end - ps->p >= 3 && ps->p[0] == q && ps->p[1] == q && ps->p[2] == q;
}

/* One escape after a backslash in a basic string (ps->p at the char after '\'). */
static int escape(struct parser *ps, struct ward_buf *b)
{
    if (at_end(ps))
        return fail(ps, "unterminated escape");
    char c = *ps->p++;
    int digits = 0;
    switch (c) {
    case 'b':
        ward_buf_addc(b, '\b');
        return 0;
    case 't':
        ward_buf_addc(b, '\t');
        return 0;
    case 'n':
        ward_buf_addc(b, '\n');
        return 0;
    case 'f':
        ward_buf_addc(b, '\f');
        return 0;
    case 'r':
        ward_buf_addc(b, '\r');
        return 0;
    case 'e':
        ward_buf_addc(b, '\x1b');
        return 0;
    case '"':
    case '\\':
        ward_buf_addc(b, c);
        return 0;
    case 'x':
        digits = 2;
        break;
    case 'u':
        digits = 4;
        break;
    case 'U':
        digits = 8;
        break;
    default:
        return fail(ps, "bad escape in string");
    }
    uint32_t cp = 0;
    for (int i = 0; i < digits; i++) {
        int h = at_end(ps) ? -1 : hexval(*ps->p);
        if (h < 0)
            return fail(ps, "bad unicode escape");
        cp = cp * 16 + (uint32_t)h;
        ps->p++;
    }
    if (!put_utf8(b, cp))
        return fail(ps, "invalid code point in escape");
    return 0;
}

/* Any of the four string forms; *out is malloc'd. */
static int parse_string(struct parser *ps, char **out)
{
    struct ward_buf b = WARD_BUF_INIT(TOML_MAX_BYTES);
    char q = *ps->p;
    bool multi = starts3(ps, q);
    ps->p += multi ? 3 : 1;
    if (multi) { /* a newline right after the opening delimiter is trimmed */
        if (!at_end(ps) && *ps->p == '\r' && ps->end - ps->p >= 2 && ps->p[1] == '\n')
            ps->p++;
        if (!at_end(ps) && *ps->p == '\n') {
            ps->p++;
            ps->line++;
        }
    }
    for (;;) {
        if (at_end(ps)) {
            ward_buf_dispose(&b);
            return fail(ps, "unterminated string");
        }
        char c = *ps->p;
        if (multi && starts3(ps, q)) {
            ps->p += 3;
            /* up to two extra quotes belong to the content ("""a"""""") */
            for (int k = 0; k < 2 && !at_end(ps) && *ps->p == q; k++) {
                ward_buf_addc(&b, q);
                ps->p++;
            }
            break;
        }
        if (!multi && c == q) {
            ps->p++;
            break;
        }
        if (c == '\n') {
            if (!multi) {
                ward_buf_dispose(&b);
                return fail(ps, "newline in string");
            }
            ps->line++;
        }
        if (q == '"' && c == '\\') {
            ps->p++;
            if (multi) { /* line-ending backslash: drop whitespace up to the next text */
                const char *s = ps->p;
                while (s < ps->end && (*s == ' ' || *s == '\t'))
                    s++;
                if (s < ps->end && (*s == '\n' || *s == '\r')) {
                    ps->p = s;
                    while (!at_end(ps) &&
                           (*ps->p == ' ' || *ps->p == '\t' || *ps->p == '\n' || *ps->p == '\r')) {
                        if (*ps->p == '\n')
                            ps->line++;
                        ps->p++;
                    }
                    continue;
                }
            }
            int r = escape(ps, &b);
            if (r < 0) {
                ward_buf_dispose(&b);
                return r;
            }
            continue;
        }
        ward_buf_addc(&b, c);
        ps->p++;
    }
    if (ward_buf_check(&b) < 0) {
        ward_buf_dispose(&b);
        return too_big(ps);
    }
    *out = ward_buf_steal(&b);
    return 0;
}

/* One key component: bare or quoted. */
static int parse_key_part(struct parser *ps, char **out)
{
    skip_ws(ps);
    if (at_end(ps))
        return fail(ps, "expected a key");
    if (*ps->p == '"' || *ps->p == '\'') {
        if (starts3(ps, *ps->p))
            return fail(ps, "multi-line string as key");
        return parse_string(ps, out);
    }
    const char *s = ps->p;
    while (!at_end(ps) && is_bare(*ps->p))
        ps->p++;
    if (ps->p == s)
        return fail(ps, "expected a key");
    *out = ward_xstrndup(s, (size_t)(ps->p - s));
    return 0;
}

struct keypath {
    char *part[TOML_MAX_DEPTH];
    size_t n;
};

static void keypath_dispose(struct keypath *k)
{
    for (size_t i = 0; i < k->n; i++)
        free(k->part[i]);
    k->n = 0;
}

static int parse_keypath(struct parser *ps, struct keypath *k)
{
    k->n = 0;
    for (;;) {
        if (k->n == TOML_MAX_DEPTH)
            return too_big(ps);
        int r = parse_key_part(ps, &k->part[k->n]);
        if (r < 0)
            return r;
        k->n++;
        skip_ws(ps);
        if (at_end(ps) || *ps->p != '.')
            return 0;
        ps->p++;
    }
}

/* ------------------------------------------------------------------ values */

static int parse_value(struct parser *ps, struct ward_toml **out, unsigned depth);

static int parse_array(struct parser *ps, struct ward_toml **out, unsigned depth)
{
    struct ward_toml *a = node_new(ps, WARD_TOML_ARRAY);
    if (!a)
        return too_big(ps);
    a->frozen = true;
    ps->p++; /* '[' */
    for (;;) {
        skip_ws_nl(ps);
        if (at_end(ps)) {
            node_free(a);
            return fail(ps, "unterminated array");
        }
        if (*ps->p == ']') {
            ps->p++;
            break;
        }
        struct ward_toml *v = NULL;
        int r = parse_value(ps, &v, depth + 1);
        if (r < 0) {
            node_free(a);
            return r;
        }
        array_push(a, v);
        skip_ws_nl(ps);
        if (!at_end(ps) && *ps->p == ',') {
            ps->p++;
            continue;
        }
        if (!at_end(ps) && *ps->p == ']') {
            ps->p++;
            break;
        }
        node_free(a);
        return fail(ps, "expected ',' or ']' in array");
    }
    *out = a;
    return 0;
}

/* Walk/create the intermediate tables of a dotted key inside t. */
static int descend(struct parser *ps, struct ward_toml *t, const struct keypath *k, size_t upto,
                   struct ward_toml **out)
{
    for (size_t i = 0; i < upto; i++) {
        struct ward_toml *c = table_find(t, k->part[i]);
        if (!c) {
            c = node_new(ps, WARD_TOML_TABLE);
            if (!c)
                return too_big(ps);
            table_put(t, ward_xstrdup(k->part[i]), c);
        } else if (c->type != WARD_TOML_TABLE || c->frozen) {
            return fail(ps, "dotted key redefines a value");
        }
        t = c;
    }
    *out = t;
    return 0;
}

static int parse_keyval_into(struct parser *ps, struct ward_toml *t, unsigned depth)
{
    struct keypath k;
    int r = parse_keypath(ps, &k);
    if (r < 0) {
        keypath_dispose(&k);
        return r;
    }
    if (depth + k.n > TOML_MAX_DEPTH) {
        keypath_dispose(&k);
        return too_big(ps);
    }
    struct ward_toml *dst = NULL;
    r = descend(ps, t, &k, k.n - 1, &dst);
    if (r >= 0 && table_find(dst, k.part[k.n - 1]))
        r = fail(ps, "duplicate key");
    if (r >= 0) {
        skip_ws(ps);
        if (at_end(ps) || *ps->p != '=')
            r = fail(ps, "expected '=' after key");
        else
            ps->p++;
    }
    struct ward_toml *v = NULL;
    if (r >= 0)
        r = parse_value(ps, &v, depth + (unsigned)k.n);
    if (r >= 0) {
        table_put(dst, k.part[k.n - 1], v);
        k.n--;
    }
    keypath_dispose(&k);
    return r;
}

static int parse_inline_table(struct parser *ps, struct ward_toml **out, unsigned depth)
{
    struct ward_toml *t = node_new(ps, WARD_TOML_TABLE);
    if (!t)
        return too_big(ps);
    ps->p++; /* '{' */
    int r = 0;
    for (;;) {
        skip_ws_nl(ps); /* TOML 1.1 allows newlines; be lenient */
        if (at_end(ps)) {
            r = fail(ps, "unterminated inline table");
            break;
        }
        if (*ps->p == '}') {
            ps->p++;
            break;
        }
        r = parse_keyval_into(ps, t, depth);
        if (r < 0)
            break;
        skip_ws_nl(ps);
        if (!at_end(ps) && *ps->p == ',') {
            ps->p++;
            continue;
        }
        if (!at_end(ps) && *ps->p == '}') {
            ps->p++;
            break;
        }
        r = fail(ps, "expected ',' or '}' in inline table");
        break;
    }
    if (r < 0) {
        node_free(t);
        return r;
    }
    t->frozen = t->explicit_tbl = true;
    *out = t;
    return 0;
}

static bool is_tok(char c)
{
    return is_bare(c) || c == '+' || c == '.' || c == ':';
}

static int parse_scalar(struct parser *ps, struct ward_toml **out)
{
    const char *s = ps->p;
    while (!at_end(ps) && is_tok(*ps->p))
        ps->p++;
    /* "1979-05-27 07:32:00": a date, one space, then a time */
    if (ps->p - s == 10 && s[4] == '-' && ps->end - ps->p >= 3 && ps->p[0] == ' ' &&
        ps->p[1] >= '0' && ps->p[1] <= '9' && ps->p[2] >= '0' && ps->p[2] <= '9') {
        ps->p++;
        while (!at_end(ps) && is_tok(*ps->p))
            ps->p++;
    }
    size_t n = (size_t)(ps->p - s);
    if (n == 0)
        return fail(ps, "expected a value");
    struct ward_span t = {s, n};
    struct ward_toml *v = NULL;
    if (ward_span_eq(t, "true") || ward_span_eq(t, "false")) {
        if (!(v = node_new(ps, WARD_TOML_BOOL)))
            return too_big(ps);
        v->b = t.ptr[0] == 't';
    } else if (n >= 8 && ((s[4] == '-' && s[7] == '-') || (s[2] == ':' && s[5] == ':'))) {
        if (!(v = node_new(ps, WARD_TOML_DATETIME)))
            return too_big(ps);
        v->str = ward_xstrndup(s, n);
    } else {
        bool hex = n > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'o' || s[1] == 'b');
        bool is_float = !hex && (memchr(s, '.', n) || memchr(s, 'e', n) || memchr(s, 'E', n) ||
                                 memchr(s, 'n', n) /* inf, nan */);
        if (is_float) {
            if (!(v = node_new(ps, WARD_TOML_FLOAT)))
                return too_big(ps);
            v->str = ward_xstrndup(s, n);
        } else {
            size_t i = 0;
            bool neg = false;
            unsigned base = 10;
            if (s[0] == '+' || s[0] == '-') {
                neg = s[0] == '-';
                i = 1;
            }
            if (hex) {
                base = s[1] == 'x' ? 16 : s[1] == 'o' ? 8 : 2;
                i = 2;
            }
            if (i >= n)
                return fail(ps, "bad number");
            uint64_t acc = 0;
            for (; i < n; i++) {
                if (s[i] == '_')
                    continue;
                int d = hexval(s[i]);
                if (d < 0 || (unsigned)d >= base)
                    return fail(ps, "bad number");
                if (__builtin_mul_overflow(acc, base, &acc) ||
                    __builtin_add_overflow(acc, (uint64_t)d, &acc) || acc > (uint64_t)INT64_MAX)
                    return fail(ps, "integer out of range");
            }
            if (!(v = node_new(ps, WARD_TOML_INT)))
                return too_big(ps);
            v->i = neg ? -(int64_t)acc : (int64_t)acc;
        }
    }
    *out = v;
    return 0;
}

static int parse_value(struct parser *ps, struct ward_toml **out, unsigned depth)
{
    if (depth > TOML_MAX_DEPTH)
        return too_big(ps);
    skip_ws(ps);
    if (at_end(ps))
        return fail(ps, "expected a value");
    char c = *ps->p;
    if (c == '"' || c == '\'') {
        char *s = NULL;
        int r = parse_string(ps, &s);
        if (r < 0)
            return r;
        struct ward_toml *v = node_new(ps, WARD_TOML_STRING);
        if (!v) {
            free(s);
            return too_big(ps);
        }
        v->str = s;
        *out = v;
        return 0;
    }
    if (c == '[')
        return parse_array(ps, out, depth);
    if (c == '{')
        return parse_inline_table(ps, out, depth);
    return parse_scalar(ps, out);
}

/* ------------------------------------------------------------------ document */

/* [a.b.c] or [[a.b.c]]: sets *cur to the table subsequent keys go into. */
static int parse_header(struct parser *ps, struct ward_toml *root, struct ward_toml **cur)
{
    bool aot = ps->end - ps->p >= 2 && ps->p[1] == '[';
    ps->p += aot ? 2 : 1;
    struct keypath k;
    int r = parse_keypath(ps, &k);
    if (r >= 0) {
        skip_ws(ps);
        if (aot ? (ps->end - ps->p < 2 || ps->p[0] != ']' || ps->p[1] != ']')
                : (at_end(ps) || *ps->p != ']'))
            r = fail(ps, "unterminated table header");
        else
            ps->p += aot ? 2 : 1;
    }
    struct ward_toml *t = root;
    for (size_t i = 0; r >= 0 && i + 1 < k.n; i++) {
        struct ward_toml *c = table_find(t, k.part[i]);
        if (!c) {
            if (!(c = node_new(ps, WARD_TOML_TABLE))) {
                r = too_big(ps);
                break;
            }
            table_put(t, ward_xstrdup(k.part[i]), c);
        } else if (c->type == WARD_TOML_ARRAY && c->aot && c->n) {
            c = c->items[c->n - 1];
        } else if (c->type != WARD_TOML_TABLE || c->frozen) {
            r = fail(ps, "table header crosses a value");
            break;
        }
        t = c;
    }
    if (r >= 0) {
        const char *last = k.part[k.n - 1];
        struct ward_toml *c = table_find(t, last);
        struct ward_toml *nt = NULL;
        if (aot) {
            if (!c) {
                if (!(c = node_new(ps, WARD_TOML_ARRAY)))
                    r = too_big(ps);
                else {
                    c->aot = true;
                    table_put(t, ward_xstrdup(last), c);
                }
            } else if (c->type != WARD_TOML_ARRAY || !c->aot) {
                r = fail(ps, "[[array]] header names a value");
            }
            if (r >= 0) {
                if (!(nt = node_new(ps, WARD_TOML_TABLE)))
                    r = too_big(ps);
                else
                    array_push(c, nt);
            }
        } else {
            if (!c) {
                if (!(nt = node_new(ps, WARD_TOML_TABLE)))
                    r = too_big(ps);
                else
                    table_put(t, ward_xstrdup(last), nt);
            } else if (c->type != WARD_TOML_TABLE || c->frozen || c->explicit_tbl) {
                r = fail(ps, "table defined twice");
            } else {
                nt = c;
            }
        }
        if (r >= 0) {
            nt->explicit_tbl = true;
            *cur = nt;
        }
    }
    keypath_dispose(&k);
    if (r < 0)
        return r;
    return end_of_line(ps);
}

int ward_toml_parse(struct ward_toml **out, const char *p, size_t n, struct ward_error **err)
{
    struct parser ps = {p, p + n, 1, 0, err};
    if (n > TOML_MAX_BYTES)
        return too_big(&ps);
    if (n >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0) /* UTF-8 BOM */
        ps.p += 3;
    struct ward_toml *root = node_new(&ps, WARD_TOML_TABLE);
    struct ward_toml *cur = root;
    int r = 0;
    while (r >= 0) {
        skip_ws(&ps);
        if (at_end(&ps))
            break;
        char c = *ps.p;
        if (c == '#' || c == '\r' || c == '\n') {
            r = end_of_line(&ps);
        } else if (c == '[') {
            r = parse_header(&ps, root, &cur);
        } else {
            r = parse_keyval_into(&ps, cur, 1);
            if (r >= 0)
                r = end_of_line(&ps);
        }
    }
    if (r < 0) {
        node_free(root);
        return r;
    }
    *out = root;
    return 0;
}

/* ------------------------------------------------------------------ accessors */

enum ward_toml_type ward_toml_type(const struct ward_toml *v)
{
    return v ? v->type : WARD_TOML_STRING;
}

size_t ward_toml_len(const struct ward_toml *v)
{
    return v && (v->type == WARD_TOML_ARRAY || v->type == WARD_TOML_TABLE) ? v->n : 0;
}

const struct ward_toml *ward_toml_at(const struct ward_toml *v, size_t i)
{
    return i < ward_toml_len(v) ? v->items[i] : NULL;
}

const char *ward_toml_key_at(const struct ward_toml *v, size_t i)
{
    return v && v->type == WARD_TOML_TABLE && i < v->n ? v->keys[i] : NULL;
}

const struct ward_toml *ward_toml_get(const struct ward_toml *table, const char *key)
{
    return table_find(table, key);
}

const char *ward_toml_text(const struct ward_toml *v)
{
    if (!v || (v->type != WARD_TOML_STRING && v->type != WARD_TOML_FLOAT &&
               v->type != WARD_TOML_DATETIME))
        return NULL;
    return v->str;
}

int64_t ward_toml_int(const struct ward_toml *v, int64_t dflt)
{
    return v && v->type == WARD_TOML_INT ? v->i : dflt;
}

bool ward_toml_bool(const struct ward_toml *v, bool dflt)
{
    return v && v->type == WARD_TOML_BOOL ? v->b : dflt;
}

const char *ward_toml_get_str(const struct ward_toml *table, const char *key)
{
    const struct ward_toml *v = table_find(table, key);
    return v && v->type == WARD_TOML_STRING ? v->str : NULL;
}

const struct ward_toml *ward_toml_get_array(const struct ward_toml *table, const char *key)
{
    const struct ward_toml *v = table_find(table, key);
    return v && v->type == WARD_TOML_ARRAY ? v : NULL;
}

const struct ward_toml *ward_toml_get_table(const struct ward_toml *table, const char *key)
{
    const struct ward_toml *v = table_find(table, key);
    return v && v->type == WARD_TOML_TABLE ? v : NULL;
}
