/* purl_parse.c - package URL parser (purl spec: scheme:type/namespace/name@version
 * ?qualifiers#subpath). Input comes from untrusted SBOM files: bounded, every
 * component percent-decoded, NUL bytes and malformed escapes rejected. */
#include "report/report.h"
#include "util/limits.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

void ward_purl_dispose(struct ward_purl *p)
{
    if (!p)
        return;
    free(p->type);
    free(p->namespace);
    free(p->name);
    free(p->version);
    free(p->subpath);
    for (size_t i = 0; i < p->n_quals; i++) {
        free(p->quals[i].key);
        free(p->quals[i].value);
    }
    free(p->quals);
    memset(p, 0, sizeof(*p));
}

const char *ward_purl_qual(const struct ward_purl *p, const char *key)
{
    for (size_t i = 0; i < p->n_quals; i++)
        if (strcmp(p->quals[i].key, key) == 0)
            return p->quals[i].value;
    return NULL;
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

/* Percent-decode s[0..n) into a new string; NULL on a bad escape or a NUL byte. */
static char *pct_decode(const char *s, size_t n)
{
    char *o = ward_xmalloc(n + 1), *w = o;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == '%') {
            int hi, lo;
            if (i + 2 >= n || (hi = hexval(s[i + 1])) < 0 || (lo = hexval(s[i + 2])) < 0) {
                free(o);
                return NULL;
            }
            c = (char)(hi * 16 + lo);
            i += 2;
        }
        if (c == '\0') {
            free(o);
            return NULL;
        }
        *w++ = c;
    }
    *w = '\0';
    return o;
}

static int qual_cmp(const void *a, const void *b)
{
    return strcmp(((const struct ward_purl_qualifier *)a)->key,
                  ((const struct ward_purl_qualifier *)b)->key);
}

static int bad(struct ward_purl *out, struct ward_error **err, const char *what)
{
    ward_purl_dispose(out);
    return ward_error_set(err, WARD_EFORMAT, 0, "purl: %s", what);
}

/* Decode one '/'-separated path; empty segments are dropped (spec: "//" collapses). */
static char *decode_path(const char *s, size_t n, bool *ok)
{
    struct ward_buf b = WARD_BUF_INIT(WARD_LIMIT_LINE);
    size_t i = 0;
    *ok = true;
    while (i < n) {
        size_t j = i;
        while (j < n && s[j] != '/')
            j++;
        if (j > i) {
            char *seg = pct_decode(s + i, j - i);
            if (!seg) {
                *ok = false;
                break;
            }
            if (b.len)
                ward_buf_addc(&b, '/');
            ward_buf_adds(&b, seg);
            free(seg);
        }
        i = j + 1;
    }
    if (!*ok || ward_buf_check(&b) < 0 || b.len == 0) {
        ward_buf_dispose(&b);
        return NULL;
    }
    return ward_buf_steal(&b);
}

int ward_purl_parse(struct ward_purl *out, const char *s, size_t n, struct ward_error **err)
{
    memset(out, 0, sizeof(*out));
    if (n > WARD_LIMIT_PATH_LEN * 4)
        return ward_error_set(err, WARD_ELIMIT, 0, "purl: longer than %u bytes",
                              WARD_LIMIT_PATH_LEN * 4);
    if (n < 4 || strncasecmp(s, "pkg:", 4) != 0)
        return bad(out, err, "does not start with 'pkg:'");
    const char *p = s + 4, *end = s + n;
    while (p < end && *p == '/') /* "pkg://type/..." is tolerated by the spec */
        p++;

    /* #subpath */
    const char *hash = memchr(p, '#', (size_t)(end - p));
    if (hash) {
        const char *sp = hash + 1;
        size_t sn = (size_t)(end - sp);
        while (sn && *sp == '/')
            sp++, sn--;
        while (sn && sp[sn - 1] == '/')
            sn--;
        if (sn) {
            bool ok;
            out->subpath = decode_path(sp, sn, &ok);
            if (!ok)
                return bad(out, err, "bad escape in subpath");
        }
        end = hash;
    }
    /* ?qualifiers */
    const char *q = memchr(p, '?', (size_t)(end - p));
    if (q) {
        const char *a = q + 1;
        while (a < end) {
            const char *amp = memchr(a, '&', (size_t)(end - a));
            const char *e = amp ? amp : end;
            const char *eq = memchr(a, '=', (size_t)(e - a));
            if (e > a) {
                if (!eq || eq == a)
                    return bad(out, err, "qualifier without key=value");
                if (out->n_quals >= 64)
                    return bad(out, err, "more than 64 qualifiers");
                char *k = ward_xstrndup(a, (size_t)(eq - a));
                for (char *c = k; *c; c++) {
                    *c = (char)tolower((unsigned char)*c);
                    if (!isalnum((unsigned char)*c) && *c != '.' && *c != '-' && *c != '_') {
                        free(k);
                        return bad(out, err, "bad qualifier key");
                    }
                }
                char *v = pct_decode(eq + 1, (size_t)(e - eq - 1));
                if (!v) {
                    free(k);
                    return bad(out, err, "bad escape in qualifier value");
                }
                if (!*v || ward_purl_qual(out, k)) { /* empty values are dropped; keys unique */
                    bool dup = *v != '\0';
                    free(k);
                    free(v);
                    if (dup)
                        return bad(out, err, "duplicate qualifier");
                } else {
                    out->quals = ward_xreallocarray(out->quals, out->n_quals + 1,
                                                    sizeof(*out->quals));
                    out->quals[out->n_quals++] = (struct ward_purl_qualifier){k, v};
                }
            }
            a = e + 1;
        }
        if (out->n_quals > 1)
            qsort(out->quals, out->n_quals, sizeof(*out->quals), qual_cmp);
        end = q;
    }
    /* trailing slashes, then type/ */
    while (end > p && end[-1] == '/')
        end--;
    const char *slash = memchr(p, '/', (size_t)(end - p));
    if (!slash || slash == p)
        return bad(out, err, "missing type or name");
    out->type = ward_xstrndup(p, (size_t)(slash - p));
    for (char *c = out->type; *c; c++) {
        *c = (char)tolower((unsigned char)*c);
        if (!isalnum((unsigned char)*c) && *c != '.' && *c != '+' && *c != '-')
            return bad(out, err, "bad character in type");
    }
    if (isdigit((unsigned char)out->type[0]))
        return bad(out, err, "type starts with a digit");
    p = slash + 1;
    /* @version: the last '@' after the last '/' (npm scopes are "%40" encoded,
       but tolerate a raw "@scope/" namespace) */
    const char *lastslash = NULL;
    for (const char *c = p; c < end; c++)
        if (*c == '/')
            lastslash = c;
    const char *name_start = lastslash ? lastslash + 1 : p;
    const char *at = NULL;
    for (const char *c = name_start; c < end; c++)
        if (*c == '@')
            at = c;
    if (at == name_start)
        return bad(out, err, "empty name");
    if (at) {
        if (at + 1 < end) {
            out->version = pct_decode(at + 1, (size_t)(end - at - 1));
            if (!out->version)
                return bad(out, err, "bad escape in version");
        }
        end = at;
    }
    if (name_start >= end)
        return bad(out, err, "empty name");
    out->name = pct_decode(name_start, (size_t)(end - name_start));
    if (!out->name || !*out->name)
        return bad(out, err, "bad name");
    if (lastslash && lastslash > p) {
        bool ok;
        out->namespace = decode_path(p, (size_t)(lastslash - p), &ok);
        if (!ok)
            return bad(out, err, "bad escape in namespace");
    }
    return 0;
}
