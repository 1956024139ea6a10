/* buf.c - growable capped buffers and span helpers. */
#include "util/buf.h"

#include <stdio.h>
#include <string.h>

void ward_buf_init(struct ward_buf *b, size_t max)
{
    b->ptr = NULL;
    b->len = b->cap = 0;
    b->max = max;
    b->err = 0;
}

void ward_buf_dispose(struct ward_buf *b)
{
    free(b->ptr);
    b->ptr = NULL;
    b->len = b->cap = 0;
    b->err = 0;
}

void ward_buf_reset(struct ward_buf *b)
{
    b->len = 0;
    b->err = 0;
    if (b->ptr)
        b->ptr[0] = '\0';
}

char *ward_buf_reserve(struct ward_buf *b, size_t n)
{
    size_t need;
    if (b->err)
        return NULL;
    if (__builtin_add_overflow(b->len, n, &need) || __builtin_add_overflow(need, 1, &need) ||
        (b->max && need - 1 > b->max)) {
        b->err = WARD_ELIMIT;
        return NULL;
    }
    if (need > b->cap) {
        size_t nc = b->cap ? b->cap : 64;
        while (nc < need) {
            if (__builtin_mul_overflow(nc, 2, &nc)) {
                nc = need;
                break;
            }
        }
        b->ptr = ward_xrealloc(b->ptr, nc);
        b->cap = nc;
    }
    return b->ptr + b->len;
}

void ward_buf_add(struct ward_buf *b, const void *p, size_t n)
{
    char *w = ward_buf_reserve(b, n);
    if (!w)
        return;
    if (n)
        memcpy(w, p, n);
    b->len += n;
    b->ptr[b->len] = '\0';
}

void ward_buf_addc(struct ward_buf *b, char c)
{
    ward_buf_add(b, &c, 1);
}

void ward_buf_adds(struct ward_buf *b, const char *s)
{
    ward_buf_add(b, s, strlen(s));
}

void ward_buf_vaddf(struct ward_buf *b, const char *fmt, va_list ap)
{
    va_list ap2;
    char tmp[256];
    va_copy(ap2, ap);
    int n = vsnprintf(tmp, sizeof(tmp), fmt, ap2);
    va_end(ap2);
    if (n < 0) {
        b->err = WARD_ERR;
        return;
    }
    if ((size_t)n < sizeof(tmp)) {
        ward_buf_add(b, tmp, (size_t)n);
        return;
    }
    char *w = ward_buf_reserve(b, (size_t)n);
    if (!w)
        return;
    vsnprintf(w, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
}

void ward_buf_addf(struct ward_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    ward_buf_vaddf(b, fmt, ap);
    va_end(ap);
}

int ward_buf_check(const struct ward_buf *b)
{
    return b->err ? b->err : 0;
}

char *ward_buf_steal(struct ward_buf *b)
{
    if (b->err) {
        ward_buf_dispose(b);
        return NULL;
    }
    char *p = b->ptr ? b->ptr : ward_xstrdup("");
    b->ptr = NULL;
    b->len = b->cap = 0;
    return p;
}

struct ward_span ward_span_cstr(const char *s)
{
    return (struct ward_span){s, s ? strlen(s) : 0};
}

bool ward_span_line(struct ward_span *in, struct ward_span *line)
{
    if (in->len == 0)
        return false;
    const char *nl = memchr(in->ptr, '\n', in->len);
    size_t n = nl ? (size_t)(nl - in->ptr) : in->len;
    line->ptr = in->ptr;
    line->len = n;
    if (n > 0 && line->ptr[n - 1] == '\r')
        line->len--;
    size_t adv = nl ? n + 1 : n;
    in->ptr += adv;
    in->len -= adv;
    return true;
}

bool ward_span_cut(struct ward_span s, char sep, struct ward_span *l, struct ward_span *r)
{
    const char *p = s.len ? memchr(s.ptr, sep, s.len) : NULL;
    if (!p)
        return false;
    if (l)
        *l = (struct ward_span){s.ptr, (size_t)(p - s.ptr)};
    if (r)
        *r = (struct ward_span){p + 1, s.len - (size_t)(p - s.ptr) - 1};
    return true;
}

struct ward_span ward_span_trim(struct ward_span s)
{
    while (s.len && (s.ptr[0] == ' ' || s.ptr[0] == '\t' || s.ptr[0] == '\r' || s.ptr[0] == '\n')) {
        s.ptr++;
        s.len--;
    }
    while (s.len && (s.ptr[s.len - 1] == ' ' || s.ptr[s.len - 1] == '\t' ||
                     s.ptr[s.len - 1] == '\r' || s.ptr[s.len - 1] == '\n'))
        s.len--;
    return s;
}

bool ward_span_eq(struct ward_span s, const char *lit)
{
    size_t n = strlen(lit);
    return s.len == n && (n == 0 || memcmp(s.ptr, lit, n) == 0);
}

bool ward_span_starts(struct ward_span s, const char *lit)
{
    size_t n = strlen(lit);
    return s.len >= n && memcmp(s.ptr, lit, n) == 0;
}

bool ward_span_ends(struct ward_span s, const char *lit)
{
    size_t n = strlen(lit);
    return s.len >= n && memcmp(s.ptr + s.len - n, lit, n) == 0;
}

int ward_span_u64(struct ward_span s, uint64_t *out)
{
    uint64_t v = 0;
    if (s.len == 0)
        return WARD_EFORMAT;
    for (size_t i = 0; i < s.len; i++) {
        if (s.ptr[i] < '0' || s.ptr[i] > '9')
            return WARD_EFORMAT;
        if (__builtin_mul_overflow(v, 10, &v) ||
            __builtin_add_overflow(v, (uint64_t)(s.ptr[i] - '0'), &v))
            return WARD_ELIMIT;
    }
    *out = v;
    return 0;
}

char *ward_span_dup(struct ward_span s)
{
    return ward_xstrndup(s.ptr ? s.ptr : "", s.len);
}

static void add_xml(struct ward_buf *b, const char *s, bool attr)
{
    for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
        switch (*p) {
        case '&':
            ward_buf_adds(b, "&amp;");
            break;
        case '<':
            ward_buf_adds(b, "&lt;");
            break;
        case '>':
            ward_buf_adds(b, "&gt;");
            break;
        case '"':
            ward_buf_adds(b, "&quot;");
            break;
        case '\'':
            ward_buf_adds(b, "&#39;");
            break;
        case '\n':
            ward_buf_adds(b, attr ? "&#10;" : "\n");
            break;
        case '\t':
            ward_buf_adds(b, attr ? "&#9;" : "\t");
            break;
        default:
            if (*p < 0x20 || *p == 0x7f) /* not allowed in XML 1.0 */
                ward_buf_adds(b, "\xef\xbf\xbd");
            else
                ward_buf_addc(b, (char)*p);
        }
    }
}

void ward_buf_add_xml_text(struct ward_buf *b, const char *s)
{
    add_xml(b, s, false);
}

void ward_buf_add_xml_attr(struct ward_buf *b, const char *s)
{
    add_xml(b, s, true);
}
