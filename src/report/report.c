/* report.c - the SBOM format switch and what every writer shares: package
 * ordering, timestamps (pinned for golden tests), deterministic document ids,
 * and SPDX licence identifiers / expressions. */
#include "report/report_int.h"
#include "util/hash.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

int ward_sbom_format_parse(enum ward_sbom_format *out, const char *name, struct ward_error **err)
{
    static const struct {
        const char *name;
        enum ward_sbom_format fmt;
    } map[] = {
        {"json", WARD_SBOM_JSON},      {"cyclonedx", WARD_SBOM_CYCLONEDX},
        {"cdx", WARD_SBOM_CYCLONEDX},  {"cyclonedx-json", WARD_SBOM_CYCLONEDX},
        {"spdx", WARD_SBOM_SPDX},      {"spdx-json", WARD_SBOM_SPDX},
        {"table", WARD_SBOM_TABLE},
    };
    for (size_t i = 0; name && i < WARD_ARRAY_LEN(map); i++) {
        if (strcmp(map[i].name, name) == 0) {
            *out = map[i].fmt;
            return 0;
        }
    }
    return ward_error_set(err, WARD_EUNSUPPORTED, 0,
                          "unknown SBOM format '%s' (want json, cyclonedx, spdx or table)",
                          name ? name : "");
}

int ward_report_sbom(struct ward_buf *out, const struct ward_inventory *inv,
                     enum ward_sbom_format fmt, const struct ward_report_opts *opts,
                     struct ward_error **err)
{
    switch (fmt) {
    case WARD_SBOM_JSON:
        return ward_report_sbom_json(out, inv, opts, err);
    case WARD_SBOM_CYCLONEDX:
        return ward_report_cyclonedx(out, inv, opts, err);
    case WARD_SBOM_SPDX:
        return ward_report_spdx(out, inv, opts, err);
    case WARD_SBOM_TABLE:
        return ward_report_table(out, inv, opts, err);
    }
    return ward_error_set(err, WARD_EUNSUPPORTED, 0, "SBOM format %d", (int)fmt);
}

static int scmp(const char *a, const char *b)
{
    if (a == b)
        return 0;
    if (!a)
        return -1;
    if (!b)
        return 1;
    return strcmp(a, b);
}

static int pkgp_cmp(const void *x, const void *y)
{
    const struct ward_pkg *a = *(const struct ward_pkg *const *)x;
    const struct ward_pkg *b = *(const struct ward_pkg *const *)y;
    int c;
    if ((c = scmp(a->type, b->type)) || (c = scmp(a->name, b->name)) ||
        (c = scmp(a->version, b->version)) || (c = scmp(a->arch, b->arch)) ||
        (c = scmp(a->path, b->path)) || (c = scmp(a->layer, b->layer)) ||
        (c = scmp(a->purl, b->purl)) || (c = scmp(a->group, b->group)))
        return c;
    return 0;
}

const struct ward_pkg **ward_report__sorted(const struct ward_inventory *inv)
{
    size_t n = inv->pkgs ? inv->pkgs->n : 0;
    const struct ward_pkg **v = ward_xcalloc(n + 1, sizeof(*v));
    for (size_t i = 0; i < n; i++)
        v[i] = &inv->pkgs->items[i];
    if (n > 1)
        qsort(v, n, sizeof(*v), pkgp_cmp);
    return v;
}

void ward_report__timestamp(const struct ward_report_opts *opts, char *buf, size_t n)
{
    const char *env = getenv("WARD_DETERMINISTIC");
    if (opts && opts->created && *opts->created) {
        snprintf(buf, n, "%s", opts->created);
        return;
    }
    if ((opts && opts->deterministic) || (env && strcmp(env, "1") == 0)) {
        snprintf(buf, n, "1970-01-01T00:00:00Z");
        return;
    }
    time_t t = time(NULL);
    struct tm tm;
    if (!gmtime_r(&t, &tm) || strftime(buf, n, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
        snprintf(buf, n, "1970-01-01T00:00:00Z");
}

const char *ward_report__tool_version(const struct ward_report_opts *opts)
{
    return opts && opts->tool_version && *opts->tool_version ? opts->tool_version
                                                             : WARD_REPORT_TOOL_VERSION;
}

static void hash_str(struct ward_sha256 *h, const char *s)
{
    if (s)
        ward_sha256_update(h, s, strlen(s) + 1);
    else
        ward_sha256_update(h, "\xff", 1); /* NULL differs from "" */
}

void ward_report__pkg_hash(const struct ward_pkg *p, char out[17])
{
    struct ward_sha256 h;
    char hex[72];
    ward_sha256_init(&h);
    hash_str(&h, p->type);
    hash_str(&h, p->name);
    hash_str(&h, p->version);
    hash_str(&h, p->arch);
    hash_str(&h, p->path);
    hash_str(&h, p->layer);
    hash_str(&h, p->purl);
    hash_str(&h, p->group);
    ward_sha256_final_hex(&h, hex);
    memcpy(out, hex + 7, 16);
    out[16] = '\0';
}

void ward_report__uuid(const struct ward_inventory *inv, const char *salt, char out[37])
{
    struct ward_sha256 h;
    char hex[72];
    ward_sha256_init(&h);
    hash_str(&h, salt);
    hash_str(&h, inv->target);
    hash_str(&h, inv->kind);
    hash_str(&h, inv->image_id);
    hash_str(&h, inv->manifest_digest);
    hash_str(&h, inv->distro.id);
    hash_str(&h, inv->distro.version_id);
    /* packages in sorted order, so the id does not depend on catalogue order */
    const struct ward_pkg **v = ward_report__sorted(inv);
    for (size_t i = 0; v[i]; i++) {
        char ph[17];
        ward_report__pkg_hash(v[i], ph);
        ward_sha256_update(&h, ph, 16);
    }
    free(v);
    ward_sha256_final_hex(&h, hex);
    const char *x = hex + 7;
    char var = "89ab"[(x[16] >= 'a' ? x[16] - 'a' + 10 : x[16] - '0') & 3];
    snprintf(out, 37, "%.8s-%.4s-%c%.3s-%c%.3s-%.12s", x, x + 8, '5', x + 13, var, x + 17,
             x + 20);
}

bool ward_report__is_os_pkg(const struct ward_pkg *p)
{
    return p->type && (!strcmp(p->type, "deb") || !strcmp(p->type, "apk") ||
                       !strcmp(p->type, "rpm"));
}

/* --- SPDX licence identifiers and expressions ---------------------------- */

static int id_cmp(const void *k, const void *e)
{
    return strcasecmp((const char *)k, *(const char *const *)e);
}

const char *ward_spdx_license_id(const char *s, size_t n)
{
    char key[128];
    if (!s || n == 0 || n >= sizeof(key))
        return NULL;
    memcpy(key, s, n);
    key[n] = '\0';
    /* The table is sorted by strcmp; a case-insensitive bsearch over it could
       miss, so search exactly first and fall back to a linear scan. */
    for (size_t lo = 0, hi = ward_spdx_ids_n; lo < hi;) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(key, ward_spdx_ids[mid]);
        if (c == 0)
            return ward_spdx_ids[mid];
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    for (size_t i = 0; i < ward_spdx_ids_n; i++)
        if (id_cmp(key, &ward_spdx_ids[i]) == 0)
            return ward_spdx_ids[i];
    return NULL;
}

/* Licence exceptions allowed after WITH (the common ones of the SPDX exception list). */
static const char *exception_id(const char *s, size_t n)
{
    static const char *const ex[] = {
        "Autoconf-exception-2.0", "Autoconf-exception-3.0", "Bison-exception-2.2",
        "Classpath-exception-2.0", "Font-exception-2.0", "GCC-exception-2.0",
        "GCC-exception-3.1", "LLVM-exception", "Libtool-exception", "Linux-syscall-note",
        "LZMA-exception", "OpenSSL-exception", "Qt-LGPL-exception-1.1",
        "Universal-FOSS-exception-1.0", "WxWindows-exception-3.1", "openvpn-openssl-exception",
        "u-boot-exception-2.0", "Swift-exception",
    };
    for (size_t i = 0; i < WARD_ARRAY_LEN(ex); i++)
        if (strlen(ex[i]) == n && strncasecmp(ex[i], s, n) == 0)
            return ex[i];
    return NULL;
}

static bool idstring(const char *s, size_t n)
{
    if (n == 0)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!isalnum((unsigned char)s[i]) && s[i] != '.' && s[i] != '-')
            return false;
    return true;
}

struct lexer {
    const char *p, *end;
    struct ward_buf *out;
    int depth;
};

enum tok { T_END, T_LP, T_RP, T_AND, T_OR, T_WITH, T_WORD, T_BAD };

static enum tok next_tok(struct lexer *lx, const char **ts, size_t *tn)
{
    while (lx->p < lx->end && isspace((unsigned char)*lx->p))
        lx->p++;
    if (lx->p >= lx->end)
        return T_END;
    *ts = lx->p;
    if (*lx->p == '(' || *lx->p == ')') {
        *tn = 1;
        return *lx->p++ == '(' ? T_LP : T_RP;
    }
    while (lx->p < lx->end && !isspace((unsigned char)*lx->p) && *lx->p != '(' && *lx->p != ')')
        lx->p++;
    *tn = (size_t)(lx->p - *ts);
    if (*tn == 3 && strncasecmp(*ts, "AND", 3) == 0)
        return T_AND;
    if (*tn == 2 && strncasecmp(*ts, "OR", 2) == 0)
        return T_OR;
    if (*tn == 4 && strncasecmp(*ts, "WITH", 4) == 0)
        return T_WITH;
    return T_WORD;
}

static bool emit_license(struct lexer *lx, const char *s, size_t n)
{
    const char *id = ward_spdx_license_id(s, n);
    if (id) {
        ward_buf_adds(lx->out, id);
        return true;
    }
    if (n > 1 && s[n - 1] == '+' && (id = ward_spdx_license_id(s, n - 1)) != NULL) {
        ward_buf_adds(lx->out, id);
        ward_buf_addc(lx->out, '+');
        return true;
    }
    if (n > 11 && strncmp(s, "LicenseRef-", 11) == 0 && idstring(s + 11, n - 11)) {
        ward_buf_add(lx->out, s, n);
        return true;
    }
    return false;
}

static bool parse_expr(struct lexer *lx, enum tok *look, const char **ts, size_t *tn);

static bool parse_term(struct lexer *lx, enum tok *look, const char **ts, size_t *tn)
{
    if (*look == T_LP) {
        if (++lx->depth > 32)
            return false;
        ward_buf_addc(lx->out, '(');
        *look = next_tok(lx, ts, tn);
        if (!parse_expr(lx, look, ts, tn) || *look != T_RP)
            return false;
        ward_buf_addc(lx->out, ')');
        lx->depth--;
        *look = next_tok(lx, ts, tn);
        return true;
    }
    if (*look != T_WORD || !emit_license(lx, *ts, *tn))
        return false;
    *look = next_tok(lx, ts, tn);
    if (*look == T_WITH) {
        *look = next_tok(lx, ts, tn);
        const char *ex = *look == T_WORD ? exception_id(*ts, *tn) : NULL;
        if (!ex)
            return false;
        ward_buf_adds(lx->out, " WITH ");
        ward_buf_adds(lx->out, ex);
        *look = next_tok(lx, ts, tn);
    }
    return true;
}

static bool parse_expr(struct lexer *lx, enum tok *look, const char **ts, size_t *tn)
{
    if (!parse_term(lx, look, ts, tn))
        return false;
    while (*look == T_AND || *look == T_OR) {
        ward_buf_adds(lx->out, *look == T_AND ? " AND " : " OR ");
        *look = next_tok(lx, ts, tn);
        if (!parse_term(lx, look, ts, tn))
            return false;
    }
    return true;
}

/* Canonicalise one expression s[0..n) into out; false (out unchanged) if invalid. */
static bool canon_expr(struct ward_buf *out, const char *s, size_t n, bool *compound)
{
    struct ward_buf tmp = WARD_BUF_INIT(0);
    struct lexer lx = {s, s + n, &tmp, 0};
    const char *ts = NULL;
    size_t tn = 0;
    enum tok look = next_tok(&lx, &ts, &tn);
    bool ok = parse_expr(&lx, &look, &ts, &tn) && look == T_END && ward_buf_check(&tmp) == 0;
    if (ok) {
        *compound = strchr(tmp.ptr, ' ') != NULL;
        ward_buf_add(out, tmp.ptr, tmp.len);
    }
    ward_buf_dispose(&tmp);
    return ok;
}

bool ward_report__spdx_expr(struct ward_buf *out, const char *lic,
                            void (*on_ref)(const char *ref, const char *orig, size_t n, void *ud),
                            void *ud)
{
    if (!lic)
        return false;
    struct ward_buf parts = WARD_BUF_INIT(0); /* NUL-separated canonical parts, for dedup */
    size_t nparts = 0;
    const char *p = lic;
    while (*p) {
        const char *semi = strchr(p, ';');
        size_t n = semi ? (size_t)(semi - p) : strlen(p);
        struct ward_span sp = ward_span_trim(ward_span_of(p, n));
        p = semi ? semi + 1 : p + n;
        if (sp.len == 0)
            continue;
        struct ward_buf one = WARD_BUF_INIT(0);
        bool compound = false;
        if (canon_expr(&one, sp.ptr, sp.len, &compound)) {
            if (compound && strstr(one.ptr, " OR ")) {
                ward_buf_adds(&parts, "(");
                ward_buf_add(&parts, one.ptr, one.len);
                ward_buf_adds(&parts, ")");
            } else {
                ward_buf_add(&parts, one.ptr, one.len);
            }
        } else {
            ward_buf_adds(&one, "LicenseRef-");
            for (size_t i = 0; i < sp.len && i < 64; i++) {
                unsigned char c = (unsigned char)sp.ptr[i];
                ward_buf_addc(&one, isalnum(c) || c == '.' || c == '-' ? (char)c : '-');
            }
            if (on_ref && ward_buf_check(&one) == 0)
                on_ref(one.ptr, sp.ptr, sp.len, ud);
            ward_buf_add(&parts, one.ptr, one.len);
        }
        ward_buf_dispose(&one);
        ward_buf_addc(&parts, '\0');
        nparts++;
    }
    if (nparts == 0 || ward_buf_check(&parts) < 0) {
        ward_buf_dispose(&parts);
        return false;
    }
    /* join distinct parts with AND, in first-seen order */
    const char *seen[64];
    size_t nseen = 0;
    bool first = true;
    for (const char *q = parts.ptr; q < parts.ptr + parts.len; q += strlen(q) + 1) {
        bool dup = false;
        for (size_t i = 0; i < nseen && !dup; i++)
            dup = strcmp(seen[i], q) == 0;
        if (dup)
            continue;
        if (nseen < WARD_ARRAY_LEN(seen))
            seen[nseen++] = q;
        if (!first)
            ward_buf_adds(out, " AND ");
        first = false;
        ward_buf_adds(out, q);
    }
    ward_buf_dispose(&parts);
    return true;
}

bool ward_spdx_expression(struct ward_buf *out, const char *lic)
{
    return ward_report__spdx_expr(out, lic, NULL, NULL);
}
