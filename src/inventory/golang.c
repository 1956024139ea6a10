/* golang.c - Go catalogers: go.mod (require blocks, "// indirect", replace
 * directives) and Go binaries (the linker's buildinfo blob: Go >= 1.18 inline
 * strings or the older pointer format resolved through ELF load segments). */
#include "inventory/elfread.h"
#include "inventory/inventory.h"
#include "inventory/lang.h"
#include "util/limits.h"

#include <ctype.h>
#include <string.h>
#include <time.h>

/* ---------------------------------------------------------------- go.mod */

#define GOMOD_MAX_TOKENS 16

struct gotok {
    struct ward_span t[GOMOD_MAX_TOKENS];
    size_t n;
    struct ward_span comment; /* text after "//", trimmed */
    bool has_comment;
};

/* Split one go.mod line into tokens: bare words, "interpreted" and `raw`
 * strings; "//" starts a comment. Returns false on an unterminated string or
 * too many tokens. Quotes are stripped; escapes are kept (module paths and
 * versions never contain them in practice). */
static bool gomod_tokens(struct ward_span line, struct gotok *out)
{
    size_t i = 0;
    memset(out, 0, sizeof(*out));
    while (i < line.len) {
        char c = line.ptr[i];
        if (c == ' ' || c == '\t' || c == '\r') {
            i++;
            continue;
        }
        if (c == '/' && i + 1 < line.len && line.ptr[i + 1] == '/') {
            out->has_comment = true;
            out->comment = ward_span_trim(ward_span_of(line.ptr + i + 2, line.len - i - 2));
            return true;
        }
        if (out->n == GOMOD_MAX_TOKENS)
            return false;
        size_t start = i;
        if (c == '"' || c == '`') {
            i++;
            while (i < line.len && line.ptr[i] != c) {
                if (c == '"' && line.ptr[i] == '\\')
                    i++;
                i++;
            }
            if (i >= line.len)
                return false;
            out->t[out->n++] = ward_span_of(line.ptr + start + 1, i - start - 1);
            i++;
            continue;
        }
        if (c == '(' || c == ')') {
            out->t[out->n++] = ward_span_of(line.ptr + i, 1);
            i++;
            continue;
        }
        while (i < line.len && line.ptr[i] != ' ' && line.ptr[i] != '\t' && line.ptr[i] != '\r' &&
               line.ptr[i] != '(' && line.ptr[i] != ')' &&
               !(line.ptr[i] == '/' && i + 1 < line.len && line.ptr[i + 1] == '/'))
            i++;
        out->t[out->n++] = ward_span_of(line.ptr + start, i - start);
    }
    return true;
}

struct gomod_req {
    struct ward_span name, version;
    bool indirect, dropped;
    struct ward_span new_name, new_version; /* set when replaced */
    bool replaced;
};

struct gomod_rep {
    struct ward_span old, old_version, new_name, new_version;
};

static bool is_local_path(struct ward_span s)
{
    /* modfile: a replacement without a version is a filesystem path. */
    return ward_span_starts(s, "./") || ward_span_starts(s, "../") || ward_span_starts(s, "/") ||
           ward_span_eq(s, ".") || ward_span_eq(s, "..");
}

static bool indirect_comment(const struct gotok *t)
{
    if (!t->has_comment)
        return false;
    /* "// indirect" or "// indirect; other comment" */
    return ward_span_eq(t->comment, "indirect") || ward_span_starts(t->comment, "indirect;");
}

static int gomod_error(struct ward_error **err, const char *path, size_t lineno, const char *what)
{
    return ward_error_set(err, WARD_EFORMAT, 0, "%s: line %zu: %s", path, lineno, what);
}

int ward_gomod_parse(struct ward_pkglist *out, const char *path, const char *data, size_t len,
                     struct ward_error **err)
{
    struct ward_span in = {data, len}, line;
    ward_autofree struct gomod_req *reqs = NULL;
    ward_autofree struct gomod_rep *reps = NULL;
    size_t nreq = 0, capreq = 0, nrep = 0, caprep = 0, lineno = 0;
    struct ward_span block = {NULL, 0}; /* verb of the open "( ... )" block */
    bool in_block = false;

    while (ward_span_line(&in, &line)) {
        struct gotok t;
        lineno++;
        if (line.len > WARD_LIMIT_LINE)
            return gomod_error(err, path, lineno, "line too long");
        if (!gomod_tokens(line, &t))
            return gomod_error(err, path, lineno, "unterminated string or too many fields");
        if (t.n == 0)
            continue;
        struct ward_span verb;
        struct ward_span *args;
        size_t nargs;
        if (in_block) {
            if (ward_span_eq(t.t[0], ")")) {
                in_block = false;
                continue;
            }
            verb = block;
            args = t.t;
            nargs = t.n;
        } else {
            verb = t.t[0];
            args = t.t + 1;
            nargs = t.n - 1;
            if (nargs == 1 && ward_span_eq(args[0], "(")) {
                in_block = true;
                block = verb;
            }
        }
        if (ward_span_eq(verb, "module") || ward_span_eq(verb, "go") ||
            ward_span_eq(verb, "toolchain") || ward_span_eq(verb, "godebug") ||
            ward_span_eq(verb, "exclude") || ward_span_eq(verb, "retract") ||
            ward_span_eq(verb, "tool") || ward_span_eq(verb, "ignore"))
            continue;
        if (in_block && args == t.t + 1)
            continue; /* the "verb (" line itself */
        if (ward_span_eq(verb, "require")) {
            if (nargs != 2)
                return gomod_error(err, path, lineno, "require needs a module path and version");
            if (nreq >= WARD_LIMIT_FILES_PER_LAYER)
                return ward_error_set(err, WARD_ELIMIT, 0, "%s: too many requirements", path);
            WARD_GROW(reqs, nreq, capreq);
            reqs[nreq++] = (struct gomod_req){
                .name = args[0], .version = args[1], .indirect = indirect_comment(&t)};
        } else if (ward_span_eq(verb, "replace")) {
            /* old [v] => new [v] */
            struct gomod_rep r;
            memset(&r, 0, sizeof(r));
            size_t arrow = 0;
            for (size_t i = 0; i < nargs; i++)
                if (ward_span_eq(args[i], "=>"))
                    arrow = i;
            if (arrow < 1 || arrow > 2 || nargs - arrow - 1 < 1 || nargs - arrow - 1 > 2)
                return gomod_error(err, path, lineno,
                                   "replace needs \"old [version] => new [version]\"");
            r.old = args[0];
            if (arrow == 2)
                r.old_version = args[1];
            r.new_name = args[arrow + 1];
            if (nargs - arrow - 1 == 2)
                r.new_version = args[arrow + 2];
            if (nrep >= WARD_LIMIT_FILES_PER_LAYER)
                return ward_error_set(err, WARD_ELIMIT, 0, "%s: too many replacements", path);
            WARD_GROW(reps, nrep, caprep);
            reps[nrep++] = r;
        } else {
            return gomod_error(err, path, lineno, "unknown directive");
        }
    }
    if (in_block)
        return gomod_error(err, path, lineno, "unterminated block");

    /* Go semantics: a replacement applies to a required module when its old
     * version is absent or equal; a later directive for the same module wins.
     * Replacements by a local directory are dropped (the code comes from the
     * source tree, not a module proxy), as Trivy does. */
    for (size_t i = 0; i < nreq; i++) {
        for (size_t j = 0; j < nrep; j++) {
            if (reps[j].old.len == reqs[i].name.len &&
                memcmp(reps[j].old.ptr, reqs[i].name.ptr, reqs[i].name.len) == 0 &&
                (reps[j].old_version.len == 0 ||
                 (reps[j].old_version.len == reqs[i].version.len &&
                  memcmp(reps[j].old_version.ptr, reqs[i].version.ptr, reqs[i].version.len) ==
                      0))) {
                reqs[i].replaced = true;
                reqs[i].dropped = reps[j].new_version.len == 0 || is_local_path(reps[j].new_name);
                reqs[i].new_name = reps[j].new_name;
                reqs[i].new_version = reps[j].new_version;
            }
        }
    }
    for (size_t i = 0; i < nreq; i++) {
        if (reqs[i].dropped)
            continue;
        struct ward_span name = reqs[i].replaced ? reqs[i].new_name : reqs[i].name;
        struct ward_span ver = reqs[i].replaced ? reqs[i].new_version : reqs[i].version;
        bool dup = false;
        for (size_t k = 0; k < i && !dup; k++) {
            if (reqs[k].dropped)
                continue;
            struct ward_span n2 = reqs[k].replaced ? reqs[k].new_name : reqs[k].name;
            struct ward_span v2 = reqs[k].replaced ? reqs[k].new_version : reqs[k].version;
            dup = n2.len == name.len && v2.len == ver.len && !memcmp(n2.ptr, name.ptr, name.len) &&
                  !memcmp(v2.ptr, ver.ptr, ver.len);
        }
        if (dup)
            continue;
        struct ward_pkg *p = ward_pkglist_add(out);
        p->name = ward_pkglist_span(out, name);
        p->version = ward_pkglist_span(out, ver);
        p->type = "gomod";
        p->ecosystem = "Go";
        p->cataloger = "go-mod";
        p->path = ward_pkglist_str(out, path);
        p->indirect = reqs[i].indirect;
    }
    return 0;
}

/* ------------------------------------------------------------ buildinfo */

static const char go_magic[] = "\xff Go buildinf:";
#define GO_MAGIC_LEN 14
#define GO_HDR_LEN   32

static bool uvarint(const unsigned char **p, const unsigned char *end, uint64_t *v)
{
    uint64_t x = 0;
    for (unsigned shift = 0; shift < 64 && *p < end; shift += 7) {
        unsigned char b = *(*p)++;
        x |= (uint64_t)(b & 0x7f) << shift;
        if (!(b & 0x80)) {
            *v = x;
            return true;
        }
    }
    return false;
}

/* Locate the 32-byte header: the .go.buildinfo section when present, else a
 * 16-byte aligned scan of the whole file (how debug/buildinfo searches the
 * data segment). */
static const unsigned char *find_header(const struct ward_elf *e, bool is_elf, const char *data,
                                        size_t len)
{
    struct ward_span sec;
    if (is_elf && ward_elf_section(e, ".go.buildinfo", &sec) && sec.len >= GO_HDR_LEN &&
        memcmp(sec.ptr, go_magic, GO_MAGIC_LEN) == 0)
        return (const unsigned char *)sec.ptr;
    size_t off = 0;
    while (off + GO_HDR_LEN <= len) {
        const char *m = memmem(data + off, len - off, go_magic, GO_MAGIC_LEN);
        if (!m)
            return NULL;
        size_t at = (size_t)(m - data);
        if (at % 16 == 0 && at + GO_HDR_LEN <= len)
            return (const unsigned char *)m;
        off = at + 1;
    }
    return NULL;
}

/* Pointer format: ptr -> Go string header {data, len} -> bytes. */
static bool read_go_string(const struct ward_elf *e, bool be, unsigned psz, uint64_t addr,
                           struct ward_span *out)
{
    struct ward_span hdr;
    struct ward_elf order = *e;
    order.be = be;
    if (!ward_elf_vaddr(e, addr, 2ull * psz, &hdr))
        return false;
    uint64_t dp = ward_elf_uint(&order, (const unsigned char *)hdr.ptr, psz);
    uint64_t dl = ward_elf_uint(&order, (const unsigned char *)hdr.ptr + psz, psz);
    if (dl > WARD_LIMIT_KEEP_SMALL)
        return false;
    if (dl == 0) {
        *out = (struct ward_span){"", 0};
        return true;
    }
    return ward_elf_vaddr(e, dp, dl, out);
}

struct gomod_line {
    struct ward_span path, version;
};

struct gobin {
    struct ward_span goversion; /* "go1.22.1" (experiments cut off) */
    struct ward_span modpath;   /* "path" line */
    struct gomod_line main;
    bool has_main;
    struct gomod_line *deps;
    size_t ndeps, capdeps;
    struct ward_span ldflags, vcs_rev, vcs_time, goarch;
    char *ldflags_buf; /* unquoted -ldflags */
};

static void gobin_dispose(struct gobin *g)
{
    free(g->deps);
    free(g->ldflags_buf);
}

/* Unquote a Go strconv.Quote'd string (as BuildInfo.String writes quoted
 * build settings). Unknown escapes are kept verbatim. */
static char *go_unquote(struct ward_span s)
{
    struct ward_buf b = WARD_BUF_INIT(0);
    if (s.len < 2 || s.ptr[0] != '"' || s.ptr[s.len - 1] != '"')
        return ward_span_dup(s);
    for (size_t i = 1; i + 1 < s.len; i++) {
        char c = s.ptr[i];
        if (c != '\\' || i + 2 >= s.len) {
            ward_buf_addc(&b, c);
            continue;
        }
        char n = s.ptr[++i];
        switch (n) {
        case 'n':
            ward_buf_addc(&b, '\n');
            break;
        case 't':
            ward_buf_addc(&b, '\t');
            break;
        case '"':
        case '\\':
        case '\'':
            ward_buf_addc(&b, n);
            break;
        default:
            ward_buf_addc(&b, '\\');
            ward_buf_addc(&b, n);
        }
    }
    char *r = ward_buf_steal(&b);
    return r ? r : ward_xstrdup("");
}

static void split_tabs(struct ward_span s, struct ward_span *f, size_t max, size_t *n)
{
    *n = 0;
    while (*n < max) {
        struct ward_span l, r;
        if (!ward_span_cut(s, '\t', &l, &r)) {
            f[(*n)++] = s;
            return;
        }
        f[(*n)++] = l;
        s = r;
    }
}

/* Parse runtime/debug.BuildInfo's text form ("path", "mod", "dep", "=>", "build"). */
static int parse_modinfo(struct gobin *g, struct ward_span mod, const char *path,
                         struct ward_error **err)
{
    struct ward_span line;
    struct gomod_line *last = NULL;
    while (ward_span_line(&mod, &line)) {
        struct ward_span f[4];
        size_t n;
        split_tabs(line, f, 4, &n);
        if (ward_span_eq(f[0], "path") && n >= 2) {
            g->modpath = f[1];
        } else if (ward_span_eq(f[0], "mod") && n >= 3) {
            g->main = (struct gomod_line){f[1], f[2]};
            g->has_main = true;
            last = &g->main;
        } else if (ward_span_eq(f[0], "dep") && n >= 3) {
            if (g->ndeps >= 1000000)
                return ward_error_set(err, WARD_ELIMIT, 0, "%s: too many Go module deps", path);
            WARD_GROW(g->deps, g->ndeps, g->capdeps);
            g->deps[g->ndeps] = (struct gomod_line){f[1], f[2]};
            last = &g->deps[g->ndeps++];
        } else if (ward_span_eq(f[0], "=>") && n >= 2) {
            if (!last)
                return ward_error_set(err, WARD_EFORMAT, 0,
                                      "%s: Go buildinfo: replacement without a module", path);
            /* a local-directory replacement has no version */
            last->path = f[1];
            last->version = n >= 3 ? f[2] : ward_span_of("", 0);
            last = NULL;
        } else if (ward_span_eq(f[0], "build") && n >= 2) {
            struct ward_span kv = line;
            kv.ptr += 6;
            kv.len -= 6;
            struct ward_span k, v;
            if (kv.len && kv.ptr[0] == '"') {
                /* quoted key: find the closing quote, then '=' */
                size_t i = 1;
                while (i < kv.len && kv.ptr[i] != '"')
                    i += kv.ptr[i] == '\\' ? 2 : 1;
                if (i + 1 >= kv.len || kv.ptr[i + 1] != '=')
                    continue;
                k = ward_span_of(kv.ptr, i + 1);
                v = ward_span_of(kv.ptr + i + 2, kv.len - i - 2);
            } else if (!ward_span_cut(kv, '=', &k, &v)) {
                continue;
            }
            if (ward_span_eq(k, "-ldflags")) {
                free(g->ldflags_buf);
                g->ldflags_buf = go_unquote(v);
                g->ldflags = ward_span_cstr(g->ldflags_buf);
            } else if (ward_span_eq(k, "vcs.revision")) {
                g->vcs_rev = v;
            } else if (ward_span_eq(k, "vcs.time")) {
                g->vcs_time = v;
            } else if (ward_span_eq(k, "GOARCH")) {
                g->goarch = v;
            }
        }
    }
    return 0;
}

static bool is_word(char c)
{
    return isalnum((unsigned char)c) || c == '_';
}

/* Regexp \d+ (.) \d+ (.) \d+ [-\w]* with greedy, leftmost-first backtracking
 * ("." is any byte but newline); k groups left. Returns the end or -1. */
static long ver_groups(const char *s, size_t n, size_t p, int k)
{
    size_t d = p;
    while (d < n && isdigit((unsigned char)s[d]))
        d++;
    for (size_t e = d; e > p; e--) {
        if (k == 1) {
            size_t q = e;
            while (q < n && (is_word(s[q]) || s[q] == '-'))
                q++;
            return (long)q;
        }
        if (e < n && s[e] != '\n') {
            long r = ver_groups(s, n, e + 1, k - 1);
            if (r >= 0)
                return r;
        }
    }
    return -1;
}

/* Syft's main-module version patterns on -ldflags:
 *   \.([gG]it)?([bB]uild)?[vV]er(sion)?=(\S+/)*(v?\d+.\d+.\d+[-\w]*)
 *   \.([tT]ag)=(\S+/)*(v?\d+.\d+.\d+[-\w]*)
 * Returns the version with a "v" prefix, or NULL. */
static char *ldflags_version(struct ward_span lf)
{
    const char *s = lf.ptr;
    size_t n = WARD_MIN(lf.len, (size_t)4096); /* bounds the backtracking */
    for (int pat = 0; pat < 2; pat++) {
        for (size_t i = 0; i < n; i++) {
            if (s[i] != '.')
                continue;
            size_t j = i + 1;
            if (pat == 0) {
                if (j + 3 <= n && (s[j] == 'g' || s[j] == 'G') && !memcmp(s + j + 1, "it", 2))
                    j += 3;
                if (j + 5 <= n && (s[j] == 'b' || s[j] == 'B') && !memcmp(s + j + 1, "uild", 4))
                    j += 5;
                if (!(j + 3 <= n && (s[j] == 'v' || s[j] == 'V') && !memcmp(s + j + 1, "er", 2)))
                    continue;
                j += 3;
                if (j + 4 <= n && !memcmp(s + j, "sion", 4) && j + 4 < n && s[j + 4] == '=')
                    j += 4;
            } else {
                if (!(j + 3 <= n && (s[j] == 't' || s[j] == 'T') && !memcmp(s + j + 1, "ag", 2)))
                    continue;
                j += 3;
            }
            if (j >= n || s[j] != '=')
                continue;
            j++;
            /* (\S+/)*: candidate starts after each '/' of the word, last first */
            size_t wend = j;
            while (wend < n && !isspace((unsigned char)s[wend]))
                wend++;
            for (size_t st = wend + 1; st-- > j;) {
                if (st != j && s[st - 1] != '/')
                    continue;
                if (st != j && st - 1 == j)
                    continue; /* "\S+/" needs one byte before the slash */
                for (int takev = 1; takev >= 0; takev--) {
                    size_t p = st;
                    if (takev) {
                        if (p < n && s[p] == 'v')
                            p++;
                        else
                            continue;
                    }
                    long end = ver_groups(s, n, p, 3);
                    if (end < 0)
                        continue;
                    struct ward_span v = {s + st, (size_t)end - st};
                    if (v.ptr[0] == 'v')
                        return ward_span_dup(v);
                    return ward_xasprintf("v%.*s", (int)v.len, v.ptr);
                }
            }
        }
    }
    return NULL;
}

/* RFC 3339 -> "20060102150405" in UTC; the zero time when unparsable, as
 * Go's time.Parse failure leaves Time{} (syft relies on that). */
static void pseudo_time(struct ward_span t, char out[15])
{
    struct tm tm;
    memset(&tm, 0, sizeof(tm));
    int v[6] = {0};
    static const size_t pos[6] = {0, 5, 8, 11, 14, 17}, wid[6] = {4, 2, 2, 2, 2, 2};
    static const char sep[6] = {'-', '-', 'T', ':', ':', 0};
    bool ok = t.len >= 20;
    for (int i = 0; ok && i < 6; i++) {
        for (size_t k = 0; k < wid[i]; k++) {
            char c = t.ptr[pos[i] + k];
            if (!isdigit((unsigned char)c)) {
                ok = false;
                break;
            }
            v[i] = v[i] * 10 + (c - '0');
        }
        if (ok && sep[i] && t.ptr[pos[i] + wid[i]] != sep[i] &&
            !(sep[i] == 'T' && t.ptr[pos[i] + wid[i]] == 't'))
            ok = false;
    }
    long offset = 0;
    if (ok) {
        size_t z = 19;
        if (z < t.len && t.ptr[z] == '.')
            for (z++; z < t.len && isdigit((unsigned char)t.ptr[z]); z++)
                ;
        if (z < t.len && (t.ptr[z] == 'Z' || t.ptr[z] == 'z') && z + 1 == t.len) {
            offset = 0;
        } else if (z + 6 == t.len && (t.ptr[z] == '+' || t.ptr[z] == '-') &&
                   isdigit((unsigned char)t.ptr[z + 1]) && isdigit((unsigned char)t.ptr[z + 2]) &&
                   t.ptr[z + 3] == ':' && isdigit((unsigned char)t.ptr[z + 4]) &&
                   isdigit((unsigned char)t.ptr[z + 5])) {
            offset = ((t.ptr[z + 1] - '0') * 10 + (t.ptr[z + 2] - '0')) * 3600L +
                     ((t.ptr[z + 4] - '0') * 10 + (t.ptr[z + 5] - '0')) * 60L;
            if (t.ptr[z] == '-')
                offset = -offset;
        } else {
            ok = false;
        }
    }
    if (!ok) {
        memcpy(out, "00010101000000", 15);
        return;
    }
    tm.tm_year = v[0] - 1900;
    tm.tm_mon = v[1] - 1;
    tm.tm_mday = v[2];
    tm.tm_hour = v[3];
    tm.tm_min = v[4];
    tm.tm_sec = v[5];
    time_t secs = timegm(&tm) - offset;
    struct tm u;
    if (!gmtime_r(&secs, &u) || strftime(out, 15, "%Y%m%d%H%M%S", &u) != 14)
        memcpy(out, "00010101000000", 15);
}

/* syft's answer for a "(devel)" main module: a semver from -ldflags, else a
 * v0.0.0 pseudo-version from vcs.revision + vcs.time, else "(devel)". */
static char *main_version(const struct gobin *g)
{
    if (!ward_span_eq(g->main.version, "(devel)"))
        return ward_span_dup(g->main.version);
    if (g->ldflags.len) {
        char *v = ldflags_version(g->ldflags);
        if (v)
            return v;
    }
    if (g->vcs_rev.len && g->vcs_time.len) {
        char ts[15];
        pseudo_time(g->vcs_time, ts);
        return ward_xasprintf("v0.0.0-%s-%.*s", ts, (int)WARD_MIN(g->vcs_rev.len, (size_t)12),
                              g->vcs_rev.ptr);
    }
    return ward_xstrdup("(devel)");
}

static void add_gobin_pkg(struct ward_pkglist *out, const char *path, const struct gobin *g,
                          struct ward_span name, const char *version)
{
    struct ward_pkg *p = ward_pkglist_add(out);
    p->name = ward_pkglist_span(out, name);
    p->version = ward_pkglist_str(out, version);
    p->type = "gobinary";
    p->ecosystem = "Go";
    p->cataloger = "go-binary";
    p->path = ward_pkglist_str(out, path);
    if (g->goarch.len)
        p->arch = ward_pkglist_span(out, g->goarch);
}

int ward_gobinary_parse(struct ward_pkglist *out, const char *path, const char *data, size_t len,
                        struct ward_error **err)
{
    struct ward_elf e;
    bool is_elf = ward_elf_is(data, len);
    if (is_elf && ward_elf_open(&e, data, len, err) < 0)
        return ward_error_wrap(err, "%s", path);
    const unsigned char *h = find_header(&e, is_elf, data, len);
    if (!h)
        return 0; /* not a Go binary (or built without module support) */
    const unsigned char *end = (const unsigned char *)data + len;
    struct ward_span vers = {NULL, 0}, mod = {NULL, 0};
    unsigned char flags = h[15];
    if ((flags & 2) == 2) {
        /* Go >= 1.18: two uvarint-prefixed strings follow the header. */
        const unsigned char *p = h + GO_HDR_LEN;
        if (h + GO_HDR_LEN > end)
            return ward_error_set(err, WARD_EFORMAT, 0, "%s: truncated Go buildinfo", path);
        uint64_t n;
        if (!uvarint(&p, end, &n) || n > (uint64_t)(end - p))
            return ward_error_set(err, WARD_EFORMAT, 0, "%s: Go buildinfo: bad version length",
                                  path);
        vers = ward_span_of((const char *)p, (size_t)n);
        p += n;
        if (!uvarint(&p, end, &n) || n > (uint64_t)(end - p))
            return ward_error_set(err, WARD_EFORMAT, 0, "%s: Go buildinfo: bad modinfo length",
                                  path);
        mod = ward_span_of((const char *)p, (size_t)n);
    } else {
        unsigned psz = h[14];
        bool be = (flags & 1) != 0;
        if (psz != 4 && psz != 8)
            return ward_error_set(err, WARD_EFORMAT, 0, "%s: Go buildinfo: pointer size %u", path,
                                  psz);
        if (!is_elf)
            return ward_error_set(err, WARD_EUNSUPPORTED, 0,
                                  "%s: pre-1.18 Go buildinfo outside an ELF file", path);
        struct ward_elf order = e;
        order.be = be;
        uint64_t vp = ward_elf_uint(&order, h + 16, psz);
        uint64_t mp = ward_elf_uint(&order, h + 16 + psz, psz);
        if (!read_go_string(&e, be, psz, vp, &vers) || !read_go_string(&e, be, psz, mp, &mod))
            return ward_error_set(err, WARD_EFORMAT, 0,
                                  "%s: Go buildinfo pointers outside the file", path);
    }
    /* modinfo is framed by 16-byte sentinels ending/starting with '\n' */
    if (mod.len >= 33 && mod.ptr[mod.len - 17] == '\n') {
        mod.ptr += 16;
        mod.len -= 32;
    } else {
        mod.len = 0;
    }
    if (vers.len == 0)
        return 0;
    struct gobin g;
    memset(&g, 0, sizeof(g));
    struct ward_span exp;
    if (!ward_span_cut(vers, ' ', &g.goversion, &exp))
        g.goversion = vers; /* "go1.22.1 X:nocoverageredesign" */
    int rc = parse_modinfo(&g, mod, path, err);
    if (rc < 0) {
        gobin_dispose(&g);
        return rc;
    }
    /* "go build file.go" outside a module: not a real module (Trivy skips it too) */
    if (ward_span_eq(g.modpath, "command-line-arguments") && !g.has_main)
        g.modpath.len = 0;
    if (!g.has_main && g.modpath.len) {
        g.main = (struct gomod_line){g.modpath, ward_span_cstr("(devel)")};
        g.has_main = true;
    }
    for (size_t i = 0; i < g.ndeps; i++) {
        if (!g.deps[i].path.len)
            continue;
        char *v = ward_span_dup(g.deps[i].version);
        add_gobin_pkg(out, path, &g, g.deps[i].path, v);
        free(v);
    }
    if (g.has_main && g.main.path.len) {
        char *v = main_version(&g);
        add_gobin_pkg(out, path, &g, g.main.path, v);
        free(v);
    }
    /* The toolchain as a "stdlib" package (syft: version "go1.x", purl without "go"). */
    if (ward_span_starts(g.goversion, "go") && g.goversion.len > 2) {
        char *v = ward_span_dup(g.goversion);
        add_gobin_pkg(out, path, &g, ward_span_cstr("stdlib"), v);
        struct ward_pkg *p = &out->items[out->n - 1];
        struct ward_buf b = WARD_BUF_INIT(0);
        ward_buf_adds(&b, "pkg:golang/stdlib@");
        ward_purl_escape(&b, v + 2);
        p->purl = ward_pkglist_str(out, b.ptr);
        p->licenses = "BSD-3-Clause";
        ward_buf_dispose(&b);
        free(v);
    }
    gobin_dispose(&g);
    return 0;
}
