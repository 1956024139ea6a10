/* json_out.c - JSON writer: comma bookkeeping, escaping, UTF-8 repair. */
#include "util/json_out.h"

#include <math.h>
#include <string.h>

void ward_json_init(struct ward_json *j, struct ward_buf *out, bool pretty)
{
    memset(j, 0, sizeof(*j));
    j->out = out;
    j->pretty = pretty;
}

static void indent(struct ward_json *j)
{
    if (!j->pretty)
        return;
    ward_buf_addc(j->out, '\n');
    for (int i = 0; i < j->depth; i++)
        ward_buf_add(j->out, "  ", 2);
}

static void pre_value(struct ward_json *j)
{
    if (j->after_key) {
        j->after_key = false;
        return;
    }
    if (j->depth > 0) {
        if (j->need_comma[j->depth])
            ward_buf_addc(j->out, ',');
        j->need_comma[j->depth] = true;
        indent(j);
    }
}

static void open(struct ward_json *j, char c)
{
    pre_value(j);
    ward_buf_addc(j->out, c);
    if (j->depth + 1 >= (int)WARD_ARRAY_LEN(j->need_comma)) {
        j->out->err = WARD_ELIMIT;
        return;
    }
    j->depth++;
    j->need_comma[j->depth] = false;
}

static void close_(struct ward_json *j, char c)
{
    bool had = j->need_comma[j->depth];
    if (j->depth > 0)
        j->depth--;
    if (had)
        indent(j);
    ward_buf_addc(j->out, c);
}

void ward_json_obj_begin(struct ward_json *j)
{
    open(j, '{');
}
void ward_json_obj_end(struct ward_json *j)
{
    close_(j, '}');
}
void ward_json_arr_begin(struct ward_json *j)
{
    open(j, '[');
}
void ward_json_arr_end(struct ward_json *j)
{
    close_(j, ']');
}

/* Length of a valid UTF-8 sequence at p (max n bytes), 0 if invalid. */
static size_t utf8_len(const unsigned char *p, size_t n)
{
    unsigned char c = p[0];
    size_t len;
    uint32_t cp;
    if (c < 0x80)
        return 1;
    if ((c & 0xE0) == 0xC0) {
        len = 2;
        cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
        len = 3;
        cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
        len = 4;
        cp = c & 0x07;
    } else
        return 0;
    if (len > n)
        return 0;
    for (size_t i = 1; i < len; i++) {
        if ((p[i] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (p[i] & 0x3F);
    }
    if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
        cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return len;
}

void ward_json_escape(struct ward_buf *b, const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0, run = 0;
    while (i < n) {
        unsigned char c = p[i];
        if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
            run++;
            i++;
            continue;
        }
        if (run)
            ward_buf_add(b, p + i - run, run);
        run = 0;
        if (c >= 0x80) {
            size_t l = utf8_len(p + i, n - i);
            if (l == 0) {
                ward_buf_add(b, "\\ufffd", 6);
                i++;
            } else {
                ward_buf_add(b, p + i, l);
                i += l;
            }
            continue;
        }
        switch (c) {
        case '"':
            ward_buf_add(b, "\\\"", 2);
            break;
        case '\\':
            ward_buf_add(b, "\\\\", 2);
            break;
        case '\n':
            ward_buf_add(b, "\\n", 2);
            break;
        case '\r':
            ward_buf_add(b, "\\r", 2);
            break;
        case '\t':
            ward_buf_add(b, "\\t", 2);
            break;
        default: {
            char u[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
            ward_buf_add(b, u, 6);
        }
        }
        i++;
    }
    if (run)
        ward_buf_add(b, p + n - run, run);
}

void ward_json_key(struct ward_json *j, const char *k)
{
    pre_value(j);
    ward_buf_addc(j->out, '"');
    ward_json_escape(j->out, k, strlen(k));
    ward_buf_add(j->out, j->pretty ? "\": " : "\":", j->pretty ? 3 : 2);
    j->after_key = true;
}

void ward_json_strn(struct ward_json *j, const char *s, size_t n)
{
    pre_value(j);
    ward_buf_addc(j->out, '"');
    ward_json_escape(j->out, s, n);
    ward_buf_addc(j->out, '"');
}

void ward_json_str(struct ward_json *j, const char *s)
{
    if (!s) {
        ward_json_null(j);
        return;
    }
    ward_json_strn(j, s, strlen(s));
}

void ward_json_int(struct ward_json *j, int64_t v)
{
    pre_value(j);
    ward_buf_addf(j->out, "%lld", (long long)v);
}

void ward_json_uint(struct ward_json *j, uint64_t v)
{
    pre_value(j);
    ward_buf_addf(j->out, "%llu", (unsigned long long)v);
}

void ward_json_double(struct ward_json *j, double v)
{
    pre_value(j);
    if (!isfinite(v))
        ward_buf_add(j->out, "null", 4);
    else
        ward_buf_addf(j->out, "%.17g", v);
}

void ward_json_bool(struct ward_json *j, bool v)
{
    pre_value(j);
    ward_buf_adds(j->out, v ? "true" : "false");
}

void ward_json_null(struct ward_json *j)
{
    pre_value(j);
    ward_buf_add(j->out, "null", 4);
}

void ward_json_raw(struct ward_json *j, const char *raw)
{
    pre_value(j);
    ward_buf_adds(j->out, raw);
}

void ward_json_kv_str(struct ward_json *j, const char *k, const char *v)
{
    ward_json_key(j, k);
    ward_json_str(j, v);
}

void ward_json_kv_str_opt(struct ward_json *j, const char *k, const char *v)
{
    if (v && *v)
        ward_json_kv_str(j, k, v);
}

void ward_json_kv_int(struct ward_json *j, const char *k, int64_t v)
{
    ward_json_key(j, k);
    ward_json_int(j, v);
}

void ward_json_kv_uint(struct ward_json *j, const char *k, uint64_t v)
{
    ward_json_key(j, k);
    ward_json_uint(j, v);
}

void ward_json_kv_bool(struct ward_json *j, const char *k, bool v)
{
    ward_json_key(j, k);
    ward_json_bool(j, v);
}

void ward_json_kv_double(struct ward_json *j, const char *k, double v)
{
    ward_json_key(j, k);
    ward_json_double(j, v);
}
