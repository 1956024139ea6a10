/* scan.c - the secret matcher: compiles the rules once, filters paths, runs a
 * two-byte-bucketed keyword prefilter over each buffer, then only the triggered
 * rules' PCRE2 (JIT) regexes, entropy and validators; redacts every match. */
#define WARD_LOG_MODULE "secrets"
#include "secrets/secrets_int.h"
#include "util/file.h"
#include "util/hash.h"
#include "util/json_out.h"
#include "util/limits.h"
#include "util/log.h"

#include <fcntl.h>
#include <strings.h>

#include <math.h>
#include <string.h>
#include <sys/stat.h>

#define BINARY_PROBE  8192u
#define DEFAULT_MAX   (10ull << 20)
#define MATCH_LIMIT   5000000u
#define PREFIX_KEEP   60u
#define SUFFIX_KEEP   40u
#define MAX_FINDINGS  10000u /* per buffer */
#define EXEC_KEEP_MAX (16u << 10)

static unsigned char lc[256];

__attribute__((constructor)) static void init_lc(void)
{
    for (int i = 0; i < 256; i++)
        lc[i] = (unsigned char)((i >= 'A' && i <= 'Z') ? i + 32 : i);
}

const char *ward_secret_severity_name(enum ward_secret_severity s)
{
    switch (s) {
    case WARD_SECRET_LOW:
        return "LOW";
    case WARD_SECRET_MEDIUM:
        return "MEDIUM";
    case WARD_SECRET_HIGH:
        return "HIGH";
    case WARD_SECRET_CRITICAL:
        return "CRITICAL";
    }
    return "UNKNOWN";
}

int ward_secrets__severity(const char *name, enum ward_secret_severity *out)
{
    for (int v = WARD_SECRET_LOW; v <= WARD_SECRET_CRITICAL; v++)
        if (strcasecmp(name, ward_secret_severity_name((enum ward_secret_severity)v)) == 0) {
            *out = (enum ward_secret_severity)v;
            return 0;
        }
    return -1;
}

/* --- findings --- */

void ward_secret_findings_dispose(struct ward_secret_findings *f)
{
    for (size_t i = 0; i < f->n; i++) {
        struct ward_secret_finding *x = &f->items[i];
        free(x->rule_id);
        free(x->category);
        free(x->title);
        free(x->path);
        free(x->layer);
        free(x->match);
    }
    free(f->items);
    *f = (struct ward_secret_findings){0};
}

static int cmp_finding(const void *a, const void *b)
{
    const struct ward_secret_finding *x = a, *y = b;
    int c = strcmp(x->path, y->path);
    if (c)
        return c;
    if (x->layer_index != y->layer_index)
        return x->layer_index < y->layer_index ? -1 : 1;
    if (x->line != y->line)
        return x->line < y->line ? -1 : 1;
    c = strcmp(x->rule_id, y->rule_id);
    return c ? c : strcmp(x->match, y->match);
}

void ward_secret_findings_sort(struct ward_secret_findings *f)
{
    if (f->n > 1)
        qsort(f->items, f->n, sizeof(f->items[0]), cmp_finding);
}

void ward_secret_findings_json(const struct ward_secret_findings *f, struct ward_json *j)
{
    ward_json_arr_begin(j);
    for (size_t i = 0; i < f->n; i++) {
        const struct ward_secret_finding *x = &f->items[i];
        ward_json_obj_begin(j);
        ward_json_kv_str(j, "rule_id", x->rule_id);
        ward_json_kv_str(j, "category", x->category);
        ward_json_kv_str(j, "severity", ward_secret_severity_name(x->severity));
        ward_json_kv_str(j, "title", x->title);
        ward_json_kv_str(j, "path", x->path);
        ward_json_kv_str_opt(j, "layer", x->layer);
        if (x->layer_index >= 0)
            ward_json_kv_int(j, "layer_index", x->layer_index);
        ward_json_kv_uint(j, "line", x->line);
        ward_json_kv_str(j, "match", x->match);
        if (x->deleted)
            ward_json_kv_bool(j, "deleted", true);
        ward_json_obj_end(j);
    }
    ward_json_arr_end(j);
}

/* --- helpers --- */

double ward_secrets_entropy(const char *p, size_t n)
{
    if (n == 0)
        return 0;
    size_t cnt[256] = {0};
    for (size_t i = 0; i < n; i++)
        cnt[(unsigned char)p[i]]++;
    double h = 0;
    for (int i = 0; i < 256; i++)
        if (cnt[i]) {
            double q = (double)cnt[i] / (double)n;
            h -= q * log2(q);
        }
    return h;
}

static void add_clean(struct ward_buf *out, const char *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)p[i];
        if (c < 0x20 || c == 0x7f) {
            if (out->len && out->ptr[out->len - 1] != ' ')
                ward_buf_addc(out, ' ');
            continue;
        }
        ward_buf_addc(out, (char)c);
    }
}

void ward_secrets_redact(struct ward_buf *out, const char *p, size_t n)
{
    size_t k = n >= 16 ? 4 : n >= 8 ? 2 : 0;
    add_clean(out, p, k);
    ward_buf_adds(out, "****");
}

static pcre2_code *compile(const char *re, const char *what, const char *id,
                           struct ward_error **err)
{
    int ec;
    PCRE2_SIZE eo;
    pcre2_code *c =
        pcre2_compile((PCRE2_SPTR)re, PCRE2_ZERO_TERMINATED, PCRE2_NEVER_UTF, &ec, &eo, NULL);
    if (!c) {
        PCRE2_UCHAR msg[256];
        pcre2_get_error_message(ec, msg, sizeof(msg));
        ward_error_set(err, WARD_EFORMAT, 0, "secret rule %s: %s regex at offset %zu: %s", id, what,
                       (size_t)eo, (const char *)msg);
        return NULL;
    }
    (void)pcre2_jit_compile(c, PCRE2_JIT_COMPLETE); /* interpreter when JIT is unavailable */
    return c;
}

int ward_secrets__add_rule(struct ward_secrets *s, const char *id, const char *category,
                           const char *title, enum ward_secret_severity sev, const char *keywords,
                           const char *regex, double min_entropy, const char *path,
                           ward_secret_validate_fn validate, struct ward_error **err)
{
    if (s->n_rules >= WARD_SECRETS_MAX_RULES)
        return ward_error_set(err, WARD_ELIMIT, 0, "more than %u secret rules",
                              WARD_SECRETS_MAX_RULES);
    if (!regex || !*regex)
        return ward_error_set(err, WARD_EFORMAT, 0, "secret rule %s: no regex", id);
    struct ward_secret_rule r = {0};
    r.re = compile(regex, "", id, err);
    if (!r.re)
        return WARD_EFORMAT;
    if (path && *path && !(r.path_re = compile(path, "path", id, err))) {
        pcre2_code_free(r.re);
        return WARD_EFORMAT;
    }
    int g = pcre2_substring_number_from_name(r.re, (PCRE2_SPTR) "secret");
    r.secret_group = g > 0 ? (uint32_t)g : 0;
    if (r.secret_group >= 32) {
        pcre2_code_free(r.re);
        pcre2_code_free(r.path_re);
        return ward_error_set(err, WARD_ELIMIT, 0, "secret rule %s: too many groups", id);
    }
    r.id = ward_xstrdup(id);
    r.category = ward_xstrdup(category && *category ? category : "Custom");
    r.title = ward_xstrdup(title && *title ? title : id);
    r.severity = sev;
    r.min_entropy = min_entropy;
    r.validate = validate;
    if (keywords) {
        const char *p = keywords;
        while (*p) {
            size_t n = strcspn(p, "|,");
            struct ward_span kw = ward_span_trim(ward_span_of(p, n));
            if (kw.len >= 2 && r.n_keywords < WARD_SECRETS_MAX_KEYWORDS) {
                r.keywords = ward_xreallocarray(r.keywords, r.n_keywords + 1, sizeof(char *));
                char *k = ward_span_dup(kw);
                for (char *q = k; *q; q++)
                    *q = (char)lc[(unsigned char)*q];
                r.keywords[r.n_keywords++] = k;
            }
            p += n;
            if (*p)
                p++;
        }
    }
    WARD_GROW(s->rules, s->n_rules, s->cap_rules);
    s->rules[s->n_rules++] = r;
    return 0;
}

int ward_secrets__add_allow(struct ward_secrets *s, const char *id, const char *rule,
                            const char *path, const char *value, struct ward_error **err)
{
    if (s->n_allows >= WARD_SECRETS_MAX_RULES)
        return ward_error_set(err, WARD_ELIMIT, 0, "more than %u allow rules",
                              WARD_SECRETS_MAX_RULES);
    struct ward_secret_allow a = {0};
    if (path && *path && !(a.path_re = compile(path, "allow path", id, err)))
        return WARD_EFORMAT;
    if (value && *value && !(a.value_re = compile(value, "allow", id, err))) {
        pcre2_code_free(a.path_re);
        return WARD_EFORMAT;
    }
    if (!a.path_re && !a.value_re)
        return ward_error_set(err, WARD_EFORMAT, 0, "allow rule %s: needs a path or a regex", id);
    a.id = ward_xstrdup(id);
    a.path_src = a.path_re ? ward_xstrdup(path) : NULL;
    a.rule = rule && *rule ? ward_xstrdup(rule) : NULL;
    WARD_GROW(s->allows, s->n_allows, s->cap_allows);
    s->allows[s->n_allows++] = a;
    return 0;
}

static void build_prefilter(struct ward_secrets *s)
{
    for (size_t i = 0; i < 65536; i++)
        s->bucket[i] = -1;
    for (size_t r = 0; r < s->n_rules; r++) {
        struct ward_secret_rule *ru = &s->rules[r];
        if (ru->disabled)
            continue;
        if (ru->n_keywords == 0) {
            s->always = ward_xreallocarray(s->always, s->n_always + 1, sizeof(uint32_t));
            s->always[s->n_always++] = (uint32_t)r;
            continue;
        }
        s->n_kw_rules++;
        for (size_t k = 0; k < ru->n_keywords; k++) {
            const char *kw = ru->keywords[k];
            unsigned key = (unsigned)(unsigned char)kw[0] << 8 | (unsigned char)kw[1];
            WARD_GROW(s->kws, s->n_kws, s->cap_kws);
            s->kws[s->n_kws] = (struct ward_secret_kw){kw, strlen(kw), (uint32_t)r, s->bucket[key]};
            s->bucket[key] = (int32_t)s->n_kws++;
            s->bmap[key / 64] |= 1ull << (key % 64);
        }
    }
}

void ward_secrets_free(struct ward_secrets *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->n_rules; i++) {
        struct ward_secret_rule *r = &s->rules[i];
        free(r->id);
        free(r->category);
        free(r->title);
        for (size_t k = 0; k < r->n_keywords; k++)
            free(r->keywords[k]);
        free(r->keywords);
        pcre2_code_free(r->re);
        pcre2_code_free(r->path_re);
    }
    free(s->rules);
    for (size_t i = 0; i < s->n_allows; i++) {
        free(s->allows[i].id);
        free(s->allows[i].rule);
        free(s->allows[i].path_src);
        pcre2_code_free(s->allows[i].path_re);
        pcre2_code_free(s->allows[i].value_re);
    }
    free(s->allows);
    for (size_t i = 0; i < s->n_disable; i++)
        free(s->disable[i]);
    free(s->disable);
    free(s->kws);
    free(s->always);
    pcre2_match_context_free(s->mctx_proto);
    free(s);
}

size_t ward_secrets_rule_count(const struct ward_secrets *s)
{
    size_t n = 0;
    for (size_t i = 0; i < s->n_rules; i++)
        n += !s->rules[i].disabled;
    return n;
}

/* Bump when the path filter's code changes. */
#define FILTER_VERSION "secrets1"

static void make_fingerprint(struct ward_secrets *s)
{
    struct ward_buf b = WARD_BUF_INIT(0);
    ward_buf_addf(&b, "%s|%llu|%u|", FILTER_VERSION, (unsigned long long)s->max_file,
                  EXEC_KEEP_MAX);
    for (const char *const *e = ward_secret_skip_ext; *e; e++)
        ward_buf_addf(&b, "%s,", *e);
    for (size_t i = 0; i < s->n_allows; i++) {
        const struct ward_secret_allow *a = &s->allows[i];
        if (a->disabled || !a->path_re || a->value_re || a->rule)
            continue;
        ward_buf_addf(&b, "|%s:%s", a->id, a->path_src);
    }
    char hex[72];
    ward_sha256_hex(b.ptr, b.len, hex);
    ward_buf_dispose(&b);
    memcpy(s->fingerprint, hex + 7, 16);
    s->fingerprint[16] = '\0';
}

const char *ward_secrets_fingerprint(const struct ward_secrets *s)
{
    return s->fingerprint;
}

int ward_secrets_new(struct ward_secrets **out, const struct ward_secrets_opts *opts,
                     struct ward_error **err)
{
    static const struct ward_secrets_opts dflt = {0};
    if (!opts)
        opts = &dflt;
    ward_autoptr(ward_secrets) s = ward_xcalloc(1, sizeof(*s));
    s->max_file = opts->max_file ? opts->max_file : DEFAULT_MAX;
    s->mctx_proto = pcre2_match_context_create(NULL);
    if (!s->mctx_proto)
        ward_oom();
    pcre2_set_match_limit(s->mctx_proto, MATCH_LIMIT);
    pcre2_set_depth_limit(s->mctx_proto, 10000);
    if (!opts->no_builtin)
        for (const struct ward_secret_rule_def *d = ward_secret_builtin_rules; d->id; d++)
            if (ward_secrets__add_rule(s, d->id, d->category, d->title, d->severity, d->keywords,
                                       d->regex, d->min_entropy, d->path, d->validate, err) < 0)
                return ward_error_wrap(err, "built-in secret rules");
    for (const struct ward_secret_allow_def *a = ward_secret_builtin_allows; a->id; a++)
        if (ward_secrets__add_allow(s, a->id, NULL, a->path, a->value, err) < 0)
            return ward_error_wrap(err, "built-in allow rules");
    if (opts->rule_file) {
        struct ward_buf b = WARD_BUF_INIT(WARD_SECRETS_MAX_RULEFILE);
        int rc = ward_file_read(&b, AT_FDCWD, opts->rule_file, WARD_SECRETS_MAX_RULEFILE, err);
        if (rc == 0)
            rc = ward_secrets__parse_rules(s, b.ptr ? b.ptr : "", b.len, opts->rule_file, err);
        ward_buf_dispose(&b);
        if (rc < 0)
            return rc;
    }
    if (opts->rule_text &&
        ward_secrets__parse_rules(s, opts->rule_text, opts->rule_text_len, "rules", err) < 0)
        return WARD_EFORMAT;
    for (size_t d = 0; d < s->n_disable; d++) {
        bool hit = false;
        for (size_t i = 0; i < s->n_rules; i++)
            if (strcmp(s->rules[i].id, s->disable[d]) == 0)
                hit = s->rules[i].disabled = true;
        for (size_t i = 0; i < s->n_allows; i++)
            if (strcmp(s->allows[i].id, s->disable[d]) == 0)
                hit = s->allows[i].disabled = true;
        if (!hit)
            return ward_error_set(err, WARD_EFORMAT, 0, "disable: no rule or allow rule \"%s\"",
                                  s->disable[d]);
    }
    build_prefilter(s);
    make_fingerprint(s);
    *out = WARD_STEAL(&s);
    return 0;
}

/* --- path filter --- */

static bool re_hit(const pcre2_code *re, const char *p, size_t n, pcre2_match_context *mctx)
{
    pcre2_match_data *md = pcre2_match_data_create(1, NULL);
    if (!md)
        ward_oom();
    int rc = pcre2_match(re, (PCRE2_SPTR)p, n, 0, 0, md, mctx);
    pcre2_match_data_free(md);
    return rc >= 0;
}

bool ward_secrets_wants(const struct ward_secrets *s, const char *path, uint64_t size)
{
    if (size > s->max_file)
        return false;
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    const char *dot = strrchr(base, '.');
    if (dot && dot != base && dot[1]) {
        char ext[16];
        size_t n = strlen(dot + 1);
        if (n < sizeof(ext)) {
            for (size_t i = 0; i <= n; i++)
                ext[i] = (char)lc[(unsigned char)dot[1 + i]];
            for (const char *const *e = ward_secret_skip_ext; *e; e++)
                if (strcmp(ext, *e) == 0)
                    return false;
        }
    }
    if (strstr(base, ".so."))
        return false; /* versioned shared objects */
    for (size_t i = 0; i < s->n_allows; i++) {
        const struct ward_secret_allow *a = &s->allows[i];
        if (!a->disabled && a->path_re && !a->value_re && !a->rule &&
            re_hit(a->path_re, path, strlen(path), s->mctx_proto))
            return false;
    }
    return true;
}

enum ward_keep ward_secrets_keep(const struct ward_secrets *s, const char *path, uint32_t mode,
                                 uint64_t size)
{
    if (!S_ISREG(mode) || size == 0)
        return WARD_KEEP_NO;
    /* Executables of the distro's own directories are nearly all ELF: keeping
     * them only to find a NUL byte costs more than the whole scan. Small ones
     * (scripts) are still read; /usr/local, /opt, /app, homes... always are. */
    if ((mode & 0111) && size > EXEC_KEEP_MAX &&
        (strncmp(path, "/usr/", 5) == 0
             ? strncmp(path, "/usr/local/", 11) != 0
             : strncmp(path, "/bin/", 5) == 0 || strncmp(path, "/sbin/", 6) == 0 ||
                   strncmp(path, "/lib", 4) == 0))
        return WARD_KEEP_NO;
    return ward_secrets_wants(s, path, size) ? WARD_KEEP_RAW : WARD_KEEP_NO;
}

/* --- buffer scan --- */

struct span {
    size_t a, b;
};

struct bufscan {
    const struct ward_secrets *s;
    const char *path;
    size_t path_len;
    const char *layer;
    int layer_index;
    const char *data;
    size_t len;
    struct ward_secret_findings *out;
    size_t first; /* first finding of this buffer in out */
    struct span *spans;
    size_t n_spans, cap_spans;
    pcre2_match_context *mctx;
    pcre2_jit_stack *jit;
    pcre2_match_data *md;
};

static bool allowed(const struct bufscan *b, const struct ward_secret_rule *r, const char *v,
                    size_t n)
{
    const struct ward_secrets *s = b->s;
    for (size_t i = 0; i < s->n_allows; i++) {
        const struct ward_secret_allow *a = &s->allows[i];
        if (a->disabled || (a->rule && strcmp(a->rule, r->id) != 0))
            continue;
        if (a->path_re && !re_hit(a->path_re, b->path, b->path_len, b->mctx))
            continue;
        if (a->value_re && !re_hit(a->value_re, v, n, b->mctx))
            continue;
        return true;
    }
    return false;
}

static bool overlaps(const struct bufscan *b, size_t x, size_t y)
{
    for (size_t i = 0; i < b->n_spans; i++)
        if (x < b->spans[i].b && b->spans[i].a < y)
            return true;
    return false;
}

static uint32_t count_lines(const char *p, size_t from, size_t to, uint32_t line)
{
    const char *q = p + from, *end = p + to;
    while (q < end && (q = memchr(q, '\n', (size_t)(end - q))) != NULL) {
        line++;
        q++;
    }
    return line;
}

static void add_finding(struct bufscan *b, const struct ward_secret_rule *r, size_t ms, size_t me,
                        size_t ss, size_t se, uint32_t line)
{
    struct ward_buf m = WARD_BUF_INIT(0);
    /* context before the secret: the tail of the match, on the secret's line or above */
    size_t pre = ss - ms > PREFIX_KEEP ? ss - PREFIX_KEEP : ms;
    add_clean(&m, b->data + pre, ss - pre);
    ward_secrets_redact(&m, b->data + ss, se - ss);
    const char *nl = memchr(b->data + se, '\n', me - se);
    size_t post = nl ? (size_t)(nl - (b->data + se)) : me - se;
    add_clean(&m, b->data + se, WARD_MIN(post, SUFFIX_KEEP));
    struct ward_secret_findings *o = b->out;
    WARD_GROW(o->items, o->n, o->cap);
    o->items[o->n++] = (struct ward_secret_finding){
        .rule_id = ward_xstrdup(r->id),
        .category = ward_xstrdup(r->category),
        .title = ward_xstrdup(r->title),
        .severity = r->severity,
        .path = ward_xstrndup(b->path, b->path_len),
        .layer = b->layer ? ward_xstrdup(b->layer) : NULL,
        .layer_index = b->layer_index,
        .line = line,
        .match = ward_buf_steal(&m),
    };
    WARD_GROW(b->spans, b->n_spans, b->cap_spans);
    b->spans[b->n_spans++] = (struct span){ss, se};
}

static void run_rule(struct bufscan *b, const struct ward_secret_rule *r)
{
    if (r->path_re && !re_hit(r->path_re, b->path, b->path_len, b->mctx))
        return;
    size_t off = 0, line_pos = 0;
    uint32_t line = 1;
    while (off <= b->len && b->out->n - b->first < MAX_FINDINGS) {
        int rc = pcre2_match(r->re, (PCRE2_SPTR)b->data, b->len, off, 0, b->md, b->mctx);
        if (rc == PCRE2_ERROR_JIT_STACKLIMIT && !b->jit) {
            b->jit = pcre2_jit_stack_create(32 << 10, 1 << 20, NULL);
            if (!b->jit)
                ward_oom();
            pcre2_jit_stack_assign(b->mctx, NULL, b->jit);
            continue;
        }
        if (rc < 0) {
            if (rc != PCRE2_ERROR_NOMATCH)
                ward_debug("%s: rule %s stopped (pcre2 error %d)", b->path, r->id, rc);
            return;
        }
        PCRE2_SIZE *ov = pcre2_get_ovector_pointer(b->md);
        size_t ms = ov[0], me = ov[1];
        size_t ss = ms, se = me;
        if (r->secret_group && (uint32_t)rc > r->secret_group &&
            ov[2 * r->secret_group] != PCRE2_UNSET) {
            ss = ov[2 * r->secret_group];
            se = ov[2 * r->secret_group + 1];
        }
        off = me > ms ? me : me + 1;
        if (ms > me || ss >= se || se > b->len || ss < ms || se > me)
            continue; /* \K games or an empty secret */
        const char *v = b->data + ss;
        size_t n = se - ss;
        if (r->min_entropy > 0 && ward_secrets_entropy(v, n) < r->min_entropy)
            continue;
        if (r->validate && !r->validate(v, n))
            continue;
        if (overlaps(b, ss, se) || allowed(b, r, v, n))
            continue;
        line = count_lines(b->data, line_pos, ss, line);
        line_pos = ss;
        add_finding(b, r, ms, me, ss, se, line);
    }
}

int ward_secrets_scan_buf(const struct ward_secrets *s, const char *path, const char *layer,
                          int layer_index, const char *data, size_t len,
                          struct ward_secret_findings *out, struct ward_error **err)
{
    (void)err;
    if (!data || len == 0 || memchr(data, '\0', WARD_MIN(len, BINARY_PROBE)))
        return 0;
    /* prefilter: which rules have a keyword in the buffer */
    uint64_t hit[WARD_SECRETS_MAX_RULES / 64] = {0};
    size_t want = s->n_kw_rules, got = 0;
    const unsigned char *d = (const unsigned char *)data;
    for (size_t i = 0; i + 1 < len && got < want; i++) {
        unsigned key = (unsigned)lc[d[i]] << 8 | lc[d[i + 1]];
        if (!(s->bmap[key / 64] & (1ull << (key % 64))))
            continue;
        for (int32_t k = s->bucket[key]; k >= 0; k = s->kws[k].next) {
            const struct ward_secret_kw *kw = &s->kws[k];
            if (hit[kw->rule / 64] & (1ull << (kw->rule % 64)) || kw->len > len - i)
                continue;
            size_t j = 2;
            while (j < kw->len && lc[d[i + j]] == (unsigned char)kw->s[j])
                j++;
            if (j == kw->len) {
                hit[kw->rule / 64] |= 1ull << (kw->rule % 64);
                got++;
            }
        }
    }
    if (got == 0 && s->n_always == 0)
        return 0;
    for (size_t i = 0; i < s->n_always; i++)
        hit[s->always[i] / 64] |= 1ull << (s->always[i] % 64);
    struct bufscan b = {
        .s = s,
        .path = path,
        .path_len = strlen(path),
        .layer = layer,
        .layer_index = layer_index,
        .data = data,
        .len = len,
        .out = out,
        .first = out->n,
    };
    b.mctx = pcre2_match_context_copy(s->mctx_proto);
    b.md = pcre2_match_data_create(32, NULL);
    if (!b.mctx || !b.md)
        ward_oom();
    for (size_t r = 0; r < s->n_rules; r++)
        if (hit[r / 64] & (1ull << (r % 64)))
            run_rule(&b, &s->rules[r]);
    pcre2_match_data_free(b.md);
    pcre2_match_context_free(b.mctx);
    pcre2_jit_stack_free(b.jit);
    free(b.spans);
    return 0;
}

/* --- image config --- */

static int scan_str(const struct ward_secrets *s, const json_t *v, const char *where,
                    const char *layer, int li, struct ward_secret_findings *out,
                    struct ward_error **err)
{
    if (!json_is_string(v))
        return 0;
    ward_autofree char *path = ward_xasprintf("config:%s", where);
    return ward_secrets_scan_buf(s, path, layer, li, json_string_value(v), json_string_length(v),
                                 out, err);
}

static int scan_strs(const struct ward_secrets *s, const json_t *arr, const char *where,
                     struct ward_secret_findings *out, struct ward_error **err)
{
    size_t i;
    json_t *v;
    json_array_foreach(arr, i, v)
    {
        ward_autofree char *w = ward_xasprintf("%s/%zu", where, i);
        if (scan_str(s, v, w, NULL, -1, out, err) < 0)
            return -1;
    }
    return 0;
}

static int scan_cfg_obj(const struct ward_secrets *s, const json_t *c, const char *name,
                        struct ward_secret_findings *out, struct ward_error **err)
{
    if (!json_is_object(c))
        return 0;
    static const char *const arrays[] = {"Env", "Cmd", "Entrypoint"};
    for (size_t a = 0; a < WARD_ARRAY_LEN(arrays); a++) {
        ward_autofree char *w = ward_xasprintf("/%s/%s", name, arrays[a]);
        if (scan_strs(s, json_object_get(c, arrays[a]), w, out, err) < 0)
            return -1;
    }
    const char *k;
    json_t *v;
    json_t *labels = json_object_get(c, "Labels");
    json_object_foreach(labels, k, v)
    {
        if (!json_is_string(v))
            continue;
        ward_autofree char *kv = ward_xasprintf("%s=%s", k, json_string_value(v));
        ward_autofree char *path = ward_xasprintf("config:/%s/Labels/%s", name, k);
        if (ward_secrets_scan_buf(s, path, NULL, -1, kv, strlen(kv), out, err) < 0)
            return -1;
    }
    return 0;
}

int ward_secrets_scan_config(const struct ward_secrets *s, const json_t *config,
                             struct ward_secret_findings *out, struct ward_error **err)
{
    if (!json_is_object(config))
        return 0;
    if (scan_cfg_obj(s, json_object_get(config, "config"), "config", out, err) < 0)
        return -1;
    if (scan_cfg_obj(s, json_object_get(config, "container_config"), "container_config", out, err) <
        0)
        return -1;
    size_t i;
    json_t *h;
    json_array_foreach(json_object_get(config, "history"), i, h)
    {
        ward_autofree char *w = ward_xasprintf("/history/%zu/created_by", i);
        if (scan_str(s, json_object_get(h, "created_by"), w, NULL, -1, out, err) < 0)
            return -1;
    }
    return 0;
}

/* --- whole image --- */

struct secrets_walk {
    const struct ward_secrets *s;
    struct ward_secret_findings *out;
    struct ward_error **err;
};

static int secrets_visit(const struct ward_raw_blob *b, void *ud)
{
    struct secrets_walk *w = ud;
    if (!ward_secrets_wants(w->s, b->path, b->blob->len))
        return 0;
    size_t first = w->out->n;
    if (ward_secrets_scan_buf(w->s, b->path, b->layer, b->layer_index, b->blob->data,
                              b->blob->len, w->out, w->err) < 0)
        return -1;
    for (size_t i = first; i < w->out->n; i++)
        w->out->items[i].deleted = !b->live;
    return 0;
}

int ward_secrets_scan_image(const struct ward_secrets *s, const struct ward_image *img,
                            struct ward_secret_findings *out, struct ward_error **err)
{
    struct secrets_walk w = {s, out, err};
    if (ward_image_each_raw_blob(img, secrets_visit, &w) < 0)
        return -1;
    return ward_secrets_scan_config(s, img->config, out, err);
}
