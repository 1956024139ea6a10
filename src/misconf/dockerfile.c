/* dockerfile.c - Dockerfile parser: parser directives (# syntax=, # escape=),
 * line continuations (with comments and blank lines inside), heredocs (<<EOF,
 * <<-EOF, several per line), instruction flags, exec (JSON) vs shell form,
 * stages, ignore pragmas; plus ARG/ENV expansion. Never reads past n. */
#include "misconf/dockerfile.h"

#include <ctype.h>
#include <string.h>

struct line {
    const char *p;
    size_t len;
};

struct parser {
    struct ward_dockerfile *df;
    struct line *lines;
    size_t n_lines, cap_lines;
    char **pending;
    size_t n_pending, cap_pending;
    size_t cap_instrs, cap_stages, cap_global;
};

static bool is_ws(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

static struct line ltrim(struct line l)
{
    while (l.len && is_ws(*l.p)) {
        l.p++;
        l.len--;
    }
    return l;
}

static struct line rtrim(struct line l)
{
    while (l.len && is_ws(l.p[l.len - 1]))
        l.len--;
    return l;
}

static void free_strv(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

static void instr_dispose(struct ward_df_instr *in)
{
    free(in->keyword);
    free(in->args);
    for (size_t i = 0; i < in->n_flags; i++) {
        free(in->flags[i].name);
        free(in->flags[i].value);
    }
    free(in->flags);
    free_strv(in->argv, in->argc);
    for (size_t i = 0; i < in->n_heredocs; i++) {
        free(in->heredocs[i].word);
        free(in->heredocs[i].body);
    }
    free(in->heredocs);
    free_strv(in->ignores, in->n_ignores);
    if (in->onbuild) {
        instr_dispose(in->onbuild);
        free(in->onbuild);
    }
}

static void expand_cache_free(void *p);

void ward_dockerfile_free(struct ward_dockerfile *df)
{
    if (!df)
        return;
    for (size_t i = 0; i < df->n; i++)
        instr_dispose(&df->instrs[i]);
    free(df->instrs);
    for (size_t i = 0; i < df->n_stages; i++) {
        free(df->stages[i].image);
        free(df->stages[i].name);
        free(df->stages[i].platform);
    }
    free(df->stages);
    free_strv(df->global_ignores, df->n_global_ignores);
    expand_cache_free(df->expand_cache);
    free(df->syntax);
    free(df);
}

const char *ward_df_flag(const struct ward_df_instr *in, const char *name)
{
    for (size_t i = 0; i < in->n_flags; i++)
        if (strcmp(in->flags[i].name, name) == 0)
            return in->flags[i].value;
    return NULL;
}

bool ward_df_has_flag(const struct ward_df_instr *in, const char *name)
{
    for (size_t i = 0; i < in->n_flags; i++)
        if (strcmp(in->flags[i].name, name) == 0)
            return true;
    return false;
}

/* Split s into words: blanks separate, quotes are removed, the escape char
 * makes the next char literal (inside double quotes only before '"' or itself). */
static int split_words(char ***out, size_t *n_out, const char *s, size_t n, char esc,
                       struct ward_error **err)
{
    char **v = NULL;
    size_t nv = 0, cap = 0;
    struct ward_buf w = WARD_BUF_INIT(WARD_DF_MAX_BYTES);
    size_t i = 0;
    while (i < n) {
        while (i < n && (is_ws(s[i]) || s[i] == '\n'))
            i++;
        if (i >= n)
            break;
        ward_buf_reset(&w);
        ward_buf_add(&w, "", 0);
        while (i < n && !is_ws(s[i]) && s[i] != '\n') {
            char c = s[i];
            if (c == '\'' || c == '"') {
                i++;
                while (i < n && s[i] != c) {
                    if (c == '"' && s[i] == esc && i + 1 < n &&
                        (s[i + 1] == '"' || s[i + 1] == esc))
                        i++;
                    ward_buf_addc(&w, s[i]);
                    i++;
                }
                if (i < n)
                    i++;
            } else if (c == esc && i + 1 < n) {
                ward_buf_addc(&w, s[i + 1]);
                i += 2;
            } else {
                ward_buf_addc(&w, c);
                i++;
            }
        }
        if (nv >= WARD_DF_MAX_WORDS) {
            free_strv(v, nv);
            ward_buf_dispose(&w);
            return ward_error_set(err, WARD_ELIMIT, 0, "more than %u words on one instruction",
                                  WARD_DF_MAX_WORDS);
        }
        WARD_GROW(v, nv, cap);
        v[nv++] = ward_xstrdup(w.ptr ? w.ptr : "");
    }
    ward_buf_dispose(&w);
    *out = v;
    *n_out = nv;
    return 0;
}

/* Parse a JSON array of strings; false when s is not exactly that. */
static bool parse_json_strings(const char *s, size_t n, char ***out, size_t *n_out)
{
    size_t i = 0;
    char **v = NULL;
    size_t nv = 0, cap = 0;
    struct ward_buf w = WARD_BUF_INIT(WARD_DF_MAX_BYTES);
#define SKIPWS()                                                                                   \
    while (i < n && (is_ws(s[i]) || s[i] == '\n'))                                                 \
    i++
    SKIPWS();
    if (i >= n || s[i] != '[')
        goto fail;
    i++;
    SKIPWS();
    if (i < n && s[i] == ']') {
        i++;
        goto done;
    }
    for (;;) {
        SKIPWS();
        if (i >= n || s[i] != '"')
            goto fail;
        i++;
        ward_buf_reset(&w);
        ward_buf_add(&w, "", 0);
        for (;;) {
            if (i >= n)
                goto fail;
            unsigned char c = (unsigned char)s[i++];
            if (c == '"')
                break;
            if (c < 0x20)
                goto fail;
            if (c != '\\') {
                ward_buf_addc(&w, (char)c);
                continue;
            }
            if (i >= n)
                goto fail;
            c = (unsigned char)s[i++];
            switch (c) {
            case '"':
            case '\\':
            case '/':
                ward_buf_addc(&w, (char)c);
                break;
            case 'b':
                ward_buf_addc(&w, '\b');
                break;
            case 'f':
                ward_buf_addc(&w, '\f');
                break;
            case 'n':
                ward_buf_addc(&w, '\n');
                break;
            case 'r':
                ward_buf_addc(&w, '\r');
                break;
            case 't':
                ward_buf_addc(&w, '\t');
                break;
            case 'u': {
                if (n - i < 4)
                    goto fail;
                unsigned cp = 0;
                for (int k = 0; k < 4; k++) {
                    char h = s[i++];
                    cp <<= 4;
                    if (h >= '0' && h <= '9')
                        cp |= (unsigned)(h - '0');
                    else if (h >= 'a' && h <= 'f')
                        cp |= (unsigned)(h - 'a' + 10);
                    else if (h >= 'A' && h <= 'F')
                        cp |= (unsigned)(h - 'A' + 10);
                    else
                        goto fail;
                }
                /* Surrogates are kept as U+FFFD: no rule looks at them. */
                if (cp >= 0xd800 && cp <= 0xdfff)
                    cp = 0xfffd;
                if (cp == 0)
                    cp = 0xfffd;
                if (cp < 0x80) {
                    ward_buf_addc(&w, (char)cp);
                } else if (cp < 0x800) {
                    ward_buf_addc(&w, (char)(0xc0 | (cp >> 6)));
                    ward_buf_addc(&w, (char)(0x80 | (cp & 0x3f)));
                } else {
                    ward_buf_addc(&w, (char)(0xe0 | (cp >> 12)));
                    ward_buf_addc(&w, (char)(0x80 | ((cp >> 6) & 0x3f)));
                    ward_buf_addc(&w, (char)(0x80 | (cp & 0x3f)));
                }
                break;
            }
            default:
                goto fail;
            }
        }
        if (nv >= WARD_DF_MAX_WORDS)
            goto fail;
        WARD_GROW(v, nv, cap);
        v[nv++] = ward_xstrdup(w.ptr ? w.ptr : "");
        SKIPWS();
        if (i < n && s[i] == ',') {
            i++;
            continue;
        }
        if (i < n && s[i] == ']') {
            i++;
            break;
        }
        goto fail;
    }
done:
    SKIPWS();
#undef SKIPWS
    if (i != n)
        goto fail;
    ward_buf_dispose(&w);
    *out = v;
    *n_out = nv;
    return true;
fail:
    ward_buf_dispose(&w);
    free_strv(v, nv);
    return false;
}

static bool kw_in(const char *kw, const char *const *list)
{
    for (; *list; list++)
        if (strcmp(kw, *list) == 0)
            return true;
    return false;
}

/* Find heredoc markers (<<WORD, <<-WORD, <<"WORD", <<'WORD') outside quotes. */
static int find_heredocs(struct ward_df_instr *in, const char *s, size_t n, struct ward_error **err)
{
    char q = 0;
    size_t cap = 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (q) {
            if (c == q)
                q = 0;
            else if (q == '"' && c == '\\')
                i++;
            continue;
        }
        if (c == '\'' || c == '"') {
            q = c;
            continue;
        }
        if (c != '<' || i + 1 >= n || s[i + 1] != '<' || (i > 0 && s[i - 1] == '<'))
            continue;
        size_t j = i + 2;
        bool strip = false, quoted = false;
        if (j < n && s[j] == '<')
            continue; /* <<< here-string */
        if (j < n && s[j] == '-') {
            strip = true;
            j++;
        }
        char wq = 0;
        if (j < n && (s[j] == '"' || s[j] == '\'')) {
            wq = s[j++];
            quoted = true;
        }
        if (j >= n || !(isalpha((unsigned char)s[j]) || s[j] == '_'))
            continue;
        size_t ws = j;
        while (j < n && (isalnum((unsigned char)s[j]) || s[j] == '_' || s[j] == '-' || s[j] == '.'))
            j++;
        size_t we = j;
        if (wq) {
            if (j >= n || s[j] != wq)
                continue;
            j++;
        }
        if (in->n_heredocs >= WARD_DF_MAX_HEREDOCS)
            return ward_error_set(err, WARD_ELIMIT, 0, "line %zu: more than %u heredocs", in->line,
                                  WARD_DF_MAX_HEREDOCS);
        WARD_GROW(in->heredocs, in->n_heredocs, cap);
        struct ward_df_heredoc *h = &in->heredocs[in->n_heredocs++];
        h->word = ward_xstrndup(s + ws, we - ws);
        h->body = NULL;
        h->strip_tabs = strip;
        h->quoted = quoted;
        i = j - 1;
    }
    return 0;
}

static const char *const flag_keywords[] = {"FROM", "RUN", "COPY", "ADD", "HEALTHCHECK", NULL};
static const char *const json_keywords[] = {"RUN",  "CMD", "ENTRYPOINT", "SHELL",
                                            "COPY", "ADD", "VOLUME",     NULL};
static const char *const heredoc_keywords[] = {"RUN", "COPY", "ADD", NULL};

/* Parse one logical instruction line (continuations already joined). */
static int parse_instr(struct ward_df_instr *in, const char *s, size_t n, char esc, int depth,
                       struct ward_error **err)
{
    struct line l = rtrim(ltrim((struct line){s, n}));
    size_t k = 0;
    while (k < l.len && !is_ws(l.p[k]))
        k++;
    in->keyword = ward_xstrndup(l.p, k);
    for (char *c = in->keyword; *c; c++)
        *c = (char)toupper((unsigned char)*c);
    struct line rest = ltrim((struct line){l.p + k, l.len - k});

    if (kw_in(in->keyword, flag_keywords)) {
        size_t cap = 0;
        while (rest.len > 2 && rest.p[0] == '-' && rest.p[1] == '-') {
            size_t e = 0;
            char q = 0;
            while (e < rest.len && (q || !is_ws(rest.p[e]))) {
                if (q && rest.p[e] == q)
                    q = 0;
                else if (!q && (rest.p[e] == '"' || rest.p[e] == '\''))
                    q = rest.p[e];
                e++;
            }
            if (in->n_flags >= WARD_DF_MAX_WORDS)
                return ward_error_set(err, WARD_ELIMIT, 0, "line %zu: too many flags", in->line);
            WARD_GROW(in->flags, in->n_flags, cap);
            struct ward_df_flag *f = &in->flags[in->n_flags++];
            const char *eq = memchr(rest.p, '=', e);
            if (eq) {
                f->name = ward_xstrndup(rest.p + 2, (size_t)(eq - rest.p) - 2);
                /* strip one pair of surrounding quotes from the value */
                const char *v = eq + 1;
                size_t vl = e - (size_t)(eq + 1 - rest.p);
                if (vl >= 2 && (v[0] == '"' || v[0] == '\'') && v[vl - 1] == v[0]) {
                    v++;
                    vl -= 2;
                }
                f->value = ward_xstrndup(v, vl);
            } else {
                f->name = ward_xstrndup(rest.p + 2, e - 2);
                f->value = NULL;
            }
            for (char *c = f->name; *c; c++)
                *c = (char)tolower((unsigned char)*c);
            rest = ltrim((struct line){rest.p + e, rest.len - e});
        }
    }
    in->args = ward_xstrndup(rest.p, rest.len);

    if (depth == 0 && kw_in(in->keyword, heredoc_keywords) &&
        find_heredocs(in, rest.p, rest.len, err) < 0)
        return -1;

    if (kw_in(in->keyword, json_keywords) && rest.len && rest.p[0] == '[' &&
        parse_json_strings(rest.p, rest.len, &in->argv, &in->argc)) {
        in->json = true;
    } else if (split_words(&in->argv, &in->argc, rest.p, rest.len, esc, err) < 0) {
        return -1;
    }

    if (strcmp(in->keyword, "ONBUILD") == 0 && depth == 0 && rest.len) {
        in->onbuild = ward_xcalloc(1, sizeof(*in->onbuild));
        in->onbuild->line = in->line;
        in->onbuild->end_line = in->end_line;
        in->onbuild->stage = -1;
        if (parse_instr(in->onbuild, rest.p, rest.len, esc, depth + 1, err) < 0)
            return -1;
    }
    return 0;
}

/* "# hadolint ignore=DL3008,DL3009" / "# ward ignore=..." / "... global ignore=...".
 * Returns 1 for a line pragma, 2 for a global one, 0 otherwise; ids go to *ids. */
static int parse_pragma(struct line c, char ***ids, size_t *n_ids)
{
    c = ltrim(c);
    if (!c.len || c.p[0] != '#')
        return 0;
    c = ltrim((struct line){c.p + 1, c.len - 1});
    size_t k;
    if (c.len >= 8 && strncasecmp(c.p, "hadolint", 8) == 0)
        k = 8;
    else if (c.len >= 4 && strncasecmp(c.p, "ward", 4) == 0)
        k = 4;
    else
        return 0;
    c = ltrim((struct line){c.p + k, c.len - k});
    int kind = 1;
    if (c.len >= 6 && strncmp(c.p, "global", 6) == 0) {
        kind = 2;
        c = ltrim((struct line){c.p + 6, c.len - 6});
    }
    if (c.len < 7 || strncmp(c.p, "ignore=", 7) != 0)
        return 0;
    c = rtrim((struct line){c.p + 7, c.len - 7});
    size_t cap = *n_ids;
    size_t i = 0;
    while (i < c.len) {
        size_t s = i;
        while (i < c.len && c.p[i] != ',' && !is_ws(c.p[i]))
            i++;
        if (i > s && *n_ids < WARD_DF_MAX_WORDS) {
            if (*n_ids >= cap) {
                cap = cap ? cap * 2 : 4;
                *ids = ward_xreallocarray(*ids, cap, sizeof(**ids));
            }
            (*ids)[(*n_ids)++] = ward_xstrndup(c.p + s, i - s);
        }
        if (i < c.len && (c.p[i] == ',' || is_ws(c.p[i])))
            i++;
        if (i < c.len && is_ws(c.p[i]))
            break; /* text after the list is a comment */
    }
    return kind;
}

static bool is_comment(struct line l)
{
    l = ltrim(l);
    return l.len && l.p[0] == '#';
}

static bool is_blank(struct line l)
{
    return ltrim(l).len == 0;
}

/* Parser directives must come first; the first other line ends them. */
static size_t parse_directives(struct ward_dockerfile *df, const struct line *lines, size_t n)
{
    size_t i = 0;
    bool seen_escape = false, seen_syntax = false;
    for (; i < n; i++) {
        struct line l = rtrim(ltrim(lines[i]));
        if (!l.len || l.p[0] != '#')
            break;
        struct line c = ltrim((struct line){l.p + 1, l.len - 1});
        size_t k = 0;
        while (k < c.len && (isalnum((unsigned char)c.p[k]) || c.p[k] == '_'))
            k++;
        struct line rest = ltrim((struct line){c.p + k, c.len - k});
        if (k == 0 || !rest.len || rest.p[0] != '=')
            break;
        struct line val = ltrim((struct line){rest.p + 1, rest.len - 1});
        if (k == 6 && strncasecmp(c.p, "escape", 6) == 0 && !seen_escape) {
            seen_escape = true;
            if (val.len == 1 && (val.p[0] == '`' || val.p[0] == '\\'))
                df->escape = val.p[0];
        } else if (k == 6 && strncasecmp(c.p, "syntax", 6) == 0 && !seen_syntax) {
            seen_syntax = true;
            df->syntax = ward_xstrndup(val.p, val.len);
        } else if (!(k == 5 && strncasecmp(c.p, "check", 5) == 0)) {
            break; /* an ordinary comment */
        }
    }
    return i;
}

/* Does the physical line end with the escape char (a continuation)? */
static bool continues(struct line l, char esc)
{
    l = rtrim(l);
    return l.len && l.p[l.len - 1] == esc;
}

int ward_dockerfile_parse(struct ward_dockerfile **out, const char *p, size_t n,
                          struct ward_error **err)
{
    if (n > WARD_DF_MAX_BYTES)
        return ward_error_set(err, WARD_ELIMIT, 0, "Dockerfile larger than %u bytes",
                              WARD_DF_MAX_BYTES);
    struct parser ps = {0};
    ps.df = ward_xcalloc(1, sizeof(*ps.df));
    struct ward_dockerfile *df = ps.df;
    df->escape = '\\';
    int rc = 0;

    /* skip a UTF-8 byte order mark */
    if (n >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0) {
        p += 3;
        n -= 3;
    }
    struct ward_span in = ward_span_of(p, n), ln;
    while (ward_span_line(&in, &ln)) {
        WARD_GROW(ps.lines, ps.n_lines, ps.cap_lines);
        ps.lines[ps.n_lines++] = (struct line){ln.ptr, ln.len};
    }

    size_t i = parse_directives(df, ps.lines, ps.n_lines);
    struct ward_buf logical = WARD_BUF_INIT(WARD_DF_MAX_BYTES);
    while (i < ps.n_lines) {
        struct line l = ps.lines[i];
        if (is_blank(l)) {
            free_strv(ps.pending, ps.n_pending);
            ps.pending = NULL;
            ps.n_pending = 0;
            i++;
            continue;
        }
        if (is_comment(l)) {
            char **ids = NULL;
            size_t nids = 0;
            int kind = parse_pragma(l, &ids, &nids);
            for (size_t k = 0; k < nids; k++) {
                if (kind == 2) {
                    WARD_GROW(df->global_ignores, df->n_global_ignores, ps.cap_global);
                    df->global_ignores[df->n_global_ignores++] = ids[k];
                } else {
                    WARD_GROW(ps.pending, ps.n_pending, ps.cap_pending);
                    ps.pending[ps.n_pending++] = ids[k];
                }
            }
            free(ids);
            i++;
            continue;
        }
        if (df->n >= WARD_DF_MAX_INSTRS) {
            rc = ward_error_set(err, WARD_ELIMIT, 0, "more than %u instructions",
                                WARD_DF_MAX_INSTRS);
            break;
        }
        size_t first = i;
        ward_buf_reset(&logical);
        ward_buf_add(&logical, "", 0);
        for (;;) {
            struct line cur = ps.lines[i];
            bool more = continues(cur, df->escape);
            if (more) {
                cur = rtrim(cur);
                cur.len--; /* drop the escape char; lines join without a separator */
            }
            ward_buf_add(&logical, cur.p, cur.len);
            i++;
            if (!more)
                break;
            /* comment and blank lines inside a continuation are dropped */
            while (i < ps.n_lines && (is_comment(ps.lines[i]) || is_blank(ps.lines[i])))
                i++;
            if (i >= ps.n_lines)
                break;
        }
        if (ward_buf_check(&logical) < 0) {
            rc = ward_error_set(err, WARD_ELIMIT, 0, "line %zu: instruction too long", first + 1);
            break;
        }
        WARD_GROW(df->instrs, df->n, ps.cap_instrs);
        struct ward_df_instr *ins = &df->instrs[df->n++];
        memset(ins, 0, sizeof(*ins));
        ins->line = first + 1;
        ins->end_line = i;
        ins->stage = df->n_stages ? (int)df->n_stages - 1 : -1;
        ins->ignores = ps.pending;
        ins->n_ignores = ps.n_pending;
        ps.pending = NULL;
        ps.n_pending = ps.cap_pending = 0;
        if (parse_instr(ins, logical.ptr, logical.len, df->escape, 0, err) < 0) {
            rc = -1;
            break;
        }
        /* heredoc bodies follow the instruction line, in marker order */
        for (size_t h = 0; h < ins->n_heredocs; h++) {
            struct ward_df_heredoc *hd = &ins->heredocs[h];
            struct ward_buf body = WARD_BUF_INIT(WARD_DF_MAX_BYTES);
            ward_buf_add(&body, "", 0);
            while (i < ps.n_lines) {
                struct line b = ps.lines[i++];
                if (hd->strip_tabs)
                    while (b.len && b.p[0] == '\t') {
                        b.p++;
                        b.len--;
                    }
                if (b.len == strlen(hd->word) && memcmp(b.p, hd->word, b.len) == 0)
                    break;
                ward_buf_add(&body, b.p, b.len);
                ward_buf_addc(&body, '\n');
            }
            if (ward_buf_check(&body) < 0) {
                ward_buf_dispose(&body);
                rc = ward_error_set(err, WARD_ELIMIT, 0, "line %zu: heredoc too long", ins->line);
                break;
            }
            hd->body = ward_buf_steal(&body);
            ins->end_line = i;
        }
        if (rc < 0)
            break;
        if (strcmp(ins->keyword, "FROM") == 0) {
            if (df->n_stages >= WARD_DF_MAX_STAGES) {
                rc = ward_error_set(err, WARD_ELIMIT, 0, "line %zu: more than %u stages", ins->line,
                                    WARD_DF_MAX_STAGES);
                break;
            }
            WARD_GROW(df->stages, df->n_stages, ps.cap_stages);
            struct ward_df_stage *st = &df->stages[df->n_stages++];
            memset(st, 0, sizeof(*st));
            st->image = ward_xstrdup(ins->argc ? ins->argv[0] : "");
            if (ins->argc >= 3 && strcasecmp(ins->argv[1], "AS") == 0) {
                st->name = ward_xstrdup(ins->argv[2]);
                for (char *c = st->name; *c; c++)
                    *c = (char)tolower((unsigned char)*c);
            }
            const char *pf = ward_df_flag(ins, "platform");
            st->platform = pf ? ward_xstrdup(pf) : NULL;
            st->first = df->n - 1;
            ins->stage = (int)df->n_stages - 1;
        }
        if (ins->stage >= 0)
            df->stages[ins->stage].last = df->n - 1;
    }
    ward_buf_dispose(&logical);
    free_strv(ps.pending, ps.n_pending);
    free(ps.lines);
    if (rc < 0) {
        ward_dockerfile_free(df);
        return rc;
    }
    *out = df;
    return 0;
}

/* --- ARG / ENV expansion --- */

struct var {
    const char *name;
    size_t name_len;
    const char *value; /* NULL: declared without a value */
    char *owned;
};

struct scope {
    struct var *v;
    size_t n, cap;
};

static void scope_set(struct scope *sc, const char *name, size_t nl, const char *value, char *owned)
{
    for (size_t i = 0; i < sc->n; i++)
        if (sc->v[i].name_len == nl && memcmp(sc->v[i].name, name, nl) == 0) {
            free(sc->v[i].owned);
            sc->v[i].value = value;
            sc->v[i].owned = owned;
            return;
        }
    WARD_GROW(sc->v, sc->n, sc->cap);
    sc->v[sc->n++] = (struct var){name, nl, value, owned};
}

static const struct var *scope_get(const struct scope *sc, const char *name, size_t nl)
{
    for (size_t i = sc->n; i-- > 0;)
        if (sc->v[i].name_len == nl && memcmp(sc->v[i].name, name, nl) == 0)
            return &sc->v[i];
    return NULL;
}

static void scope_dispose(struct scope *sc)
{
    for (size_t i = 0; i < sc->n; i++)
        free(sc->v[i].owned);
    free(sc->v);
}

static bool expand_into(struct ward_buf *o, const struct scope *sc, const char *s, size_t n,
                        char esc, int depth, bool *unresolved);

/* Apply ARG/ENV instruction `in` to the scope (values expanded in the scope so far). */
static void scope_apply(struct scope *sc, const struct scope *globals,
                        const struct ward_df_instr *in, char esc, bool env_only)
{
    bool is_env = strcmp(in->keyword, "ENV") == 0;
    bool is_arg = strcmp(in->keyword, "ARG") == 0;
    if (!is_env && !(is_arg && !env_only))
        return;
    if (is_env && in->argc >= 1 && !strchr(in->argv[0], '=')) {
        /* legacy form: ENV NAME value with spaces */
        const char *a = in->args;
        size_t k = 0;
        while (a[k] && !is_ws(a[k]))
            k++;
        const char *v = a + k;
        while (*v && is_ws(*v))
            v++;
        struct ward_buf o = WARD_BUF_INIT(WARD_DF_MAX_EXPAND);
        bool u = false;
        expand_into(&o, sc, v, strlen(v), esc, 0, &u);
        char *val = ward_buf_steal(&o);
        scope_set(sc, in->argv[0], strlen(in->argv[0]), val ? val : "", val);
        ward_buf_dispose(&o);
        return;
    }
    for (size_t i = 0; i < in->argc; i++) {
        const char *w = in->argv[i];
        const char *eq = strchr(w, '=');
        size_t nl = eq ? (size_t)(eq - w) : strlen(w);
        if (!eq) {
            if (is_arg) {
                const struct var *g = globals ? scope_get(globals, w, nl) : NULL;
                if (!scope_get(sc, w, nl))
                    scope_set(sc, w, nl, g ? g->value : NULL, NULL);
            }
            continue;
        }
        struct ward_buf o = WARD_BUF_INIT(WARD_DF_MAX_EXPAND);
        bool u = false;
        expand_into(&o, sc, eq + 1, strlen(eq + 1), esc, 0, &u);
        char *val = ward_buf_steal(&o);
        scope_set(sc, w, nl, val ? val : "", val);
        ward_buf_dispose(&o);
    }
}

static bool expand_into(struct ward_buf *o, const struct scope *sc, const char *s, size_t n,
                        char esc, int depth, bool *unresolved)
{
    if (depth > 8) {
        *unresolved = true;
        return false;
    }
    ward_buf_add(o, "", 0);
    size_t i = 0;
    while (i < n) {
        char c = s[i];
        if (c == esc && i + 1 < n && s[i + 1] == '$') {
            ward_buf_addc(o, '$');
            i += 2;
            continue;
        }
        if (c != '$' || i + 1 >= n) {
            ward_buf_addc(o, c);
            i++;
            continue;
        }
        if (s[i + 1] == '{') {
            size_t j = i + 2, ns = j;
            while (j < n && (isalnum((unsigned char)s[j]) || s[j] == '_'))
                j++;
            size_t ne = j;
            /* find the matching close brace */
            int lvl = 1;
            size_t k = j;
            while (k < n && lvl) {
                if (s[k] == '{')
                    lvl++;
                else if (s[k] == '}')
                    lvl--;
                if (lvl)
                    k++;
            }
            if (k >= n || ne == ns) {
                ward_buf_addc(o, c);
                i++;
                continue;
            }
            const struct var *v = scope_get(sc, s + ns, ne - ns);
            const char *val = v ? v->value : NULL;
            const char *op = s + ne;
            size_t oplen = 0;
            if (ne < k && s[ne] == ':' && ne + 1 < k)
                oplen = 2;
            else if (ne < k && (s[ne] == '-' || s[ne] == '+' || s[ne] == '?'))
                oplen = 1;
            const char *word = s + ne + oplen;
            size_t wlen = k - (ne + oplen);
            if (oplen == 0) {
                if (val)
                    ward_buf_adds(o, val);
                else
                    *unresolved = true;
            } else {
                char m = op[oplen - 1];
                bool colon = oplen == 2;
                bool set = val && (!colon || *val);
                if (m == '-') {
                    if (set)
                        ward_buf_adds(o, val);
                    else
                        expand_into(o, sc, word, wlen, esc, depth + 1, unresolved);
                } else if (m == '+') {
                    if (set)
                        expand_into(o, sc, word, wlen, esc, depth + 1, unresolved);
                    else if (!v)
                        *unresolved = true;
                } else {
                    if (set)
                        ward_buf_adds(o, val);
                    else
                        *unresolved = true;
                }
            }
            i = k + 1;
            continue;
        }
        size_t j = i + 1;
        while (j < n && (isalnum((unsigned char)s[j]) || s[j] == '_'))
            j++;
        if (j == i + 1) {
            ward_buf_addc(o, c);
            i++;
            continue;
        }
        const struct var *v = scope_get(sc, s + i + 1, j - i - 1);
        if (v && v->value)
            ward_buf_adds(o, v->value);
        else
            *unresolved = true;
        i = j;
    }
    return ward_buf_check(o) == 0;
}

static void stage_env(struct scope *sc, const struct scope *globals,
                      const struct ward_dockerfile *df, size_t stage, size_t upto, int depth,
                      bool env_only)
{
    const struct ward_df_stage *st = &df->stages[stage];
    /* ENV is inherited from a parent stage named in FROM */
    if (depth < 8)
        for (size_t s = 0; s < stage; s++)
            if (df->stages[s].name && strcasecmp(df->stages[s].name, st->image) == 0) {
                stage_env(sc, globals, df, s, df->stages[s].last + 1, depth + 1, true);
                break;
            }
    for (size_t i = st->first + 1; i < upto && i < df->n; i++)
        scope_apply(sc, globals, &df->instrs[i], df->escape, env_only);
}

/* Scopes kept between ward_df_expand calls: the global ARGs (complete), and one
 * stage's scope built up to instruction `upto`. */
struct expand_cache {
    struct scope globals;
    bool have_globals;
    size_t stage, upto;
    struct scope sc;
    bool have_stage;
};

static void expand_cache_free(void *p)
{
    struct expand_cache *c = p;
    if (!c)
        return;
    scope_dispose(&c->globals);
    scope_dispose(&c->sc);
    free(c);
}

char *ward_df_expand(const struct ward_dockerfile *df, size_t idx, const char *s, bool *unresolved)
{
    struct scope partial = {0};
    bool u = false;
    size_t first_from = df->n_stages ? df->stages[0].first : df->n;
    /* the cache is an implementation detail, not part of the parsed value */
    struct ward_dockerfile *mdf = (struct ward_dockerfile *)df;
    struct expand_cache *c = mdf->expand_cache;
    if (!c)
        c = mdf->expand_cache = ward_xcalloc(1, sizeof(*c));
    if (!c->have_globals) {
        for (size_t i = 0; i < first_from; i++)
            scope_apply(&c->globals, NULL, &df->instrs[i], df->escape, false);
        c->have_globals = true;
    }
    const struct scope *use = &c->globals;
    if (idx < first_from) {
        for (size_t i = 0; i < idx; i++)
            scope_apply(&partial, NULL, &df->instrs[i], df->escape, false);
        use = &partial;
    } else if (idx > first_from && df->n_stages) {
        size_t stage = df->n_stages - 1;
        if (idx < df->n && df->instrs[idx].stage >= 0)
            stage = (size_t)df->instrs[idx].stage;
        if (idx < df->n && strcmp(df->instrs[idx].keyword, "FROM") == 0) {
            use = &c->globals; /* FROM sees only the global ARGs */
        } else {
            if (c->have_stage && c->stage == stage && c->upto <= idx) {
                for (size_t i = c->upto; i < idx && i < df->n; i++)
                    scope_apply(&c->sc, &c->globals, &df->instrs[i], df->escape, false);
            } else {
                scope_dispose(&c->sc);
                memset(&c->sc, 0, sizeof(c->sc));
                stage_env(&c->sc, &c->globals, df, stage, idx, 0, false);
                c->stage = stage;
                c->have_stage = true;
            }
            c->upto = idx;
            use = &c->sc;
        }
    }
    struct ward_buf o = WARD_BUF_INIT(WARD_DF_MAX_EXPAND);
    bool ok = expand_into(&o, use, s, strlen(s), df->escape, 0, &u);
    char *r = ok ? ward_buf_steal(&o) : NULL;
    ward_buf_dispose(&o);
    scope_dispose(&partial);
    if (unresolved)
        *unresolved = u;
    return r;
}

/* --- shell splitter --- */

static void cmd_end(struct ward_sh_script *sc, struct ward_sh_cmd *cur, size_t *cap, bool piped)
{
    if (cur->n) {
        cur->piped = piped;
        WARD_GROW(sc->cmds, sc->n, *cap);
        sc->cmds[sc->n++] = *cur;
    } else {
        free(cur->words);
        if (piped && sc->n) /* "( a; b ) | c": the group's last command feeds the pipe */
            sc->cmds[sc->n - 1].piped = true;
    }
    memset(cur, 0, sizeof(*cur));
}

static bool is_assignment(const char *w)
{
    if (!(isalpha((unsigned char)*w) || *w == '_'))
        return false;
    while (isalnum((unsigned char)*w) || *w == '_')
        w++;
    return *w == '=';
}

static bool is_reserved(const char *w)
{
    static const char *const r[] = {"if",    "then",  "else", "elif", "fi",   "do", "done",
                                    "while", "until", "!",    "time", "exec", "{",  "}",
                                    "(",     ")",     "case", "esac", "for",  NULL};
    return kw_in(w, r);
}

void ward_sh_split(struct ward_sh_script *out, const char *s, size_t n)
{
    memset(out, 0, sizeof(*out));
    struct ward_sh_cmd cur = {0};
    size_t ccap = 0, wcap = 0, total = 0;
    struct ward_buf w = WARD_BUF_INIT(WARD_DF_MAX_EXPAND);
    bool have_word = false, skip_next = false;
    size_t i = 0;

#define END_WORD()                                                                                 \
    do {                                                                                           \
        if (have_word) {                                                                           \
            const char *wp_ = w.ptr ? w.ptr : "";                                                  \
            if (skip_next) {                                                                       \
                skip_next = false;                                                                 \
            } else if (cur.n == 0 && (is_assignment(wp_) || is_reserved(wp_))) {                   \
            } else if (total < WARD_DF_MAX_WORDS * 4) {                                            \
                if (cur.n >= wcap) {                                                               \
                    wcap = wcap ? wcap * 2 : 8;                                                    \
                    cur.words = ward_xreallocarray(cur.words, wcap, sizeof(char *));               \
                }                                                                                  \
                cur.words[cur.n++] = ward_xstrdup(wp_);                                            \
                total++;                                                                           \
            }                                                                                      \
            ward_buf_reset(&w);                                                                    \
            have_word = false;                                                                     \
        }                                                                                          \
    } while (0)
#define END_CMD(piped)                                                                             \
    do {                                                                                           \
        END_WORD();                                                                                \
        cmd_end(out, &cur, &ccap, (piped));                                                        \
        wcap = 0;                                                                                  \
    } while (0)

    while (i < n) {
        char c = s[i];
        if (c == ' ' || c == '\t' || c == '\r') {
            END_WORD();
            i++;
        } else if (c == '\n') {
            END_CMD(false);
            i++;
        } else if (c == '#' && !have_word) {
            while (i < n && s[i] != '\n')
                i++;
        } else if (c == '\\') {
            if (i + 1 < n && s[i + 1] != '\n') {
                ward_buf_addc(&w, s[i + 1]);
                have_word = true;
            }
            i += 2;
        } else if (c == '\'') {
            have_word = true;
            ward_buf_add(&w, "", 0);
            i++;
            while (i < n && s[i] != '\'')
                ward_buf_addc(&w, s[i++]);
            i++;
        } else if (c == '"') {
            have_word = true;
            ward_buf_add(&w, "", 0);
            i++;
            while (i < n && s[i] != '"') {
                if (s[i] == '\\' && i + 1 < n &&
                    (s[i + 1] == '"' || s[i + 1] == '\\' || s[i + 1] == '$' || s[i + 1] == '`'))
                    i++;
                ward_buf_addc(&w, s[i++]);
            }
            i++;
        } else if (c == '$' && i + 1 < n && (s[i + 1] == '(' || s[i + 1] == '{')) {
            /* command substitution / parameter expansion stays inside the word */
            char open = s[i + 1], close = open == '(' ? ')' : '}';
            int lvl = 0;
            have_word = true;
            ward_buf_addc(&w, s[i++]);
            do {
                if (s[i] == open)
                    lvl++;
                else if (s[i] == close)
                    lvl--;
                ward_buf_addc(&w, s[i++]);
            } while (i < n && lvl > 0);
        } else if (c == '`') {
            have_word = true;
            ward_buf_addc(&w, s[i++]);
            while (i < n && s[i] != '`')
                ward_buf_addc(&w, s[i++]);
            if (i < n)
                ward_buf_addc(&w, s[i++]);
        } else if (c == '&' || c == '|' || c == ';') {
            bool dbl = i + 1 < n && s[i + 1] == c;
            if (c == '&' && i + 1 < n && s[i + 1] == '>') {
                /* &> file */
                END_WORD();
                i += 2;
                skip_next = true;
                continue;
            }
            bool pipe = c == '|' && !dbl;
            if (pipe)
                out->has_pipe = true;
            END_CMD(pipe);
            i += dbl ? 2 : 1;
            if (pipe && i < n && s[i] == '&')
                i++;
        } else if (c == '(' || c == ')') {
            END_CMD(false);
            i++;
        } else if (c == '>' || c == '<') {
            /* redirection: drop an fd number before it and the target after it */
            if (have_word && w.ptr) {
                bool digits = true;
                for (const char *d = w.ptr; *d; d++)
                    digits &= isdigit((unsigned char)*d) != 0;
                if (digits) {
                    ward_buf_reset(&w);
                    have_word = false;
                }
            }
            END_WORD();
            i++;
            while (i < n &&
                   (s[i] == '>' || s[i] == '<' || s[i] == '&' || s[i] == '-' || s[i] == '|'))
                i++;
            if (i < n && isdigit((unsigned char)s[i]) && s[i - 1] == '&') {
                while (i < n && isdigit((unsigned char)s[i]))
                    i++;
            } else {
                skip_next = true;
            }
        } else {
            ward_buf_addc(&w, c);
            have_word = true;
            i++;
        }
    }
    END_CMD(false);
#undef END_WORD
#undef END_CMD
    ward_buf_dispose(&w);
}

void ward_sh_dispose(struct ward_sh_script *s)
{
    for (size_t i = 0; i < s->n; i++)
        free_strv(s->cmds[i].words, s->cmds[i].n);
    free(s->cmds);
    memset(s, 0, sizeof(*s));
}
