/* rust.c - Rust catalogers: Cargo.lock (formats v1-v4, read with a small
 * TOML-subset reader of our own) and cargo-auditable binaries (the ".dep-v0"
 * ELF section: zlib-compressed JSON listing every crate built in). */
#include "inventory/elfread.h"
#include "inventory/inventory.h"
#include "inventory/lang.h"
#include "util/json_in.h"
#include "util/limits.h"

#include <string.h>
#include <zlib.h>

/* ------------------------------------------------------------ Cargo.lock */

struct tcur {
    const char *p, *end, *start;
    const char *path;
};

static size_t cur_line(const struct tcur *c)
{
    size_t n = 1;
    for (const char *q = c->start; q < c->p && q < c->end; q++)
        n += *q == '\n';
    return n;
}

static int terr(struct tcur *c, struct ward_error **err, const char *what)
{
    return ward_error_set(err, WARD_EFORMAT, 0, "%s: line %zu: %s", c->path, cur_line(c), what);
}

static void skip_ws(struct tcur *c)
{
    while (c->p < c->end && (*c->p == ' ' || *c->p == '\t'))
        c->p++;
}

/* After a statement: only a comment may follow on the line. */
static bool end_of_line(struct tcur *c)
{
    skip_ws(c);
    if (c->p < c->end && *c->p == '#')
        while (c->p < c->end && *c->p != '\n')
            c->p++;
    if (c->p < c->end && *c->p == '\r')
        c->p++;
    if (c->p >= c->end)
        return true;
    if (*c->p != '\n')
        return false;
    c->p++;
    return true;
}

/* Parse a TOML string at c->p (basic, literal, or their multi-line forms).
 * Decoded text goes to out when non-NULL. */
static bool toml_string(struct tcur *c, struct ward_buf *out)
{
    char q = *c->p;
    bool multi = c->end - c->p >= 3 && c->p[1] == q && c->p[2] == q;
    c->p += multi ? 3 : 1;
    if (multi && c->p < c->end && *c->p == '\n')
        c->p++; /* a newline right after the opening delimiter is trimmed */
    else if (multi && c->end - c->p >= 2 && c->p[0] == '\r' && c->p[1] == '\n')
        c->p += 2;
    while (c->p < c->end) {
        char ch = *c->p;
        if (ch == q) {
            if (!multi) {
                c->p++;
                return true;
            }
            if (c->end - c->p >= 3 && c->p[1] == q && c->p[2] == q) {
                c->p += 3;
                /* up to two more quotes belong to the content */
                while (c->p < c->end && *c->p == q && out) {
                    ward_buf_addc(out, q);
                    c->p++;
                }
                return true;
            }
        }
        if (!multi && ch == '\n')
            return false;
        if (q == '"' && ch == '\\') {
            if (c->end - c->p < 2)
                return false;
            char e = c->p[1];
            c->p += 2;
            if (!out)
                continue;
            switch (e) {
            case 'n':
                ward_buf_addc(out, '\n');
                break;
            case 't':
                ward_buf_addc(out, '\t');
                break;
            case 'r':
                ward_buf_addc(out, '\r');
                break;
            case '"':
            case '\\':
                ward_buf_addc(out, e);
                break;
            default:
                ward_buf_addc(out, '\\');
                ward_buf_addc(out, e);
            }
            continue;
        }
        if (out)
            ward_buf_addc(out, ch);
        c->p++;
    }
    return false;
}

/* Skip any TOML value (string, array, inline table, scalar); bounded nesting. */
static bool toml_skip_value(struct tcur *c, unsigned depth)
{
    if (depth > 64 || c->p >= c->end)
        return false;
    char ch = *c->p;
    if (ch == '"' || ch == '\'')
        return toml_string(c, NULL);
    if (ch == '[' || ch == '{') {
        char close = ch == '[' ? ']' : '}';
        c->p++;
        for (;;) {
            /* whitespace, newlines (arrays only) and comments */
            while (c->p < c->end && (*c->p == ' ' || *c->p == '\t' || *c->p == '\r' ||
                                     *c->p == '\n' || *c->p == ',' || *c->p == '#')) {
                if (*c->p == '#')
                    while (c->p < c->end && *c->p != '\n')
                        c->p++;
                else
                    c->p++;
            }
            if (c->p >= c->end)
                return false;
            if (*c->p == close) {
                c->p++;
                return true;
            }
            if (close == '}') {
                /* key = value */
                while (c->p < c->end && *c->p != '=' && *c->p != '\n' && *c->p != '}')
                    c->p++;
                if (c->p >= c->end || *c->p != '=')
                    return false;
                c->p++;
                skip_ws(c);
            }
            if (!toml_skip_value(c, depth + 1))
                return false;
        }
    }
    /* scalar: number, bool, date */
    const char *s = c->p;
    while (c->p < c->end && *c->p != '\n' && *c->p != ',' && *c->p != ']' && *c->p != '}' &&
           *c->p != '#' && *c->p != ' ' && *c->p != '\t' && *c->p != '\r')
        c->p++;
    return c->p > s;
}

struct crate {
    char *name, *version, *source;
};

static void crate_dispose(struct crate *k)
{
    free(k->name);
    free(k->version);
    free(k->source);
    memset(k, 0, sizeof(*k));
}

static bool emitted(const struct ward_pkglist *out, size_t from, const char *name, const char *ver)
{
    for (size_t i = from; i < out->n; i++)
        if (!strcmp(out->items[i].name, name) && !strcmp(out->items[i].version, ver))
            return true;
    return false;
}

static int crate_emit(struct ward_pkglist *out, size_t from, const char *path, struct crate *k,
                      struct tcur *c, struct ward_error **err)
{
    if (!k->name || !k->version) {
        int rc = terr(c, err, "[[package]] without name or version");
        crate_dispose(k);
        return rc;
    }
    if (!emitted(out, from, k->name, k->version)) {
        struct ward_pkg *p = ward_pkglist_add(out);
        p->name = ward_pkglist_str(out, k->name);
        p->version = ward_pkglist_str(out, k->version);
        p->type = "cargo";
        p->ecosystem = "crates.io";
        p->cataloger = "cargo-lock";
        p->path = ward_pkglist_str(out, path);
    }
    crate_dispose(k);
    return 0;
}

int ward_cargolock_parse(struct ward_pkglist *out, const char *path, const char *data, size_t len,
                         struct ward_error **err)
{
    struct tcur c = {data, data + len, data, path};
    struct crate k = {0};
    bool in_pkg = false;
    size_t start_n = out->n;
    int rc = 0;

    while (c.p < c.end) {
        /* blank lines and comments */
        skip_ws(&c);
        if (c.p >= c.end)
            break;
        if (*c.p == '#' || *c.p == '\n' || *c.p == '\r') {
            if (!end_of_line(&c)) {
                rc = terr(&c, err, "stray carriage return");
                break;
            }
            continue;
        }
        if (*c.p == '[') {
            bool arr = c.end - c.p >= 2 && c.p[1] == '[';
            const char *h = c.p + (arr ? 2 : 1);
            const char *close = memchr(h, ']', (size_t)(c.end - h));
            if (!close || (arr && (close + 1 >= c.end || close[1] != ']'))) {
                rc = terr(&c, err, "unterminated table header");
                break;
            }
            struct ward_span name = ward_span_trim(ward_span_of(h, (size_t)(close - h)));
            c.p = close + (arr ? 2 : 1);
            if (!end_of_line(&c)) {
                rc = terr(&c, err, "text after table header");
                break;
            }
            if (in_pkg && (rc = crate_emit(out, start_n, path, &k, &c, err)) < 0)
                break;
            in_pkg = arr && ward_span_eq(name, "package");
            continue;
        }
        /* key (bare, quoted or dotted) */
        struct ward_span key = {c.p, 0};
        bool simple = true;
        while (c.p < c.end && *c.p != '=' && *c.p != '\n') {
            if (*c.p == '"' || *c.p == '\'') {
                simple = false;
                if (!toml_string(&c, NULL)) {
                    rc = terr(&c, err, "bad quoted key");
                    goto done;
                }
                continue;
            }
            c.p++;
        }
        if (c.p >= c.end || *c.p != '=') {
            rc = terr(&c, err, "expected \"key = value\"");
            break;
        }
        key.len = (size_t)(c.p - key.ptr);
        key = ward_span_trim(key);
        c.p++;
        skip_ws(&c);
        if (c.p >= c.end || *c.p == '\n' || *c.p == '\r' || *c.p == '#') {
            rc = terr(&c, err, "missing value");
            break;
        }
        char **slot = NULL;
        if (in_pkg && simple) {
            if (ward_span_eq(key, "name"))
                slot = &k.name;
            else if (ward_span_eq(key, "version"))
                slot = &k.version;
            else if (ward_span_eq(key, "source"))
                slot = &k.source;
        }
        if (slot && (*c.p == '"' || *c.p == '\'')) {
            struct ward_buf b = WARD_BUF_INIT(WARD_LIMIT_LINE);
            if (!toml_string(&c, &b) || ward_buf_check(&b)) {
                ward_buf_dispose(&b);
                rc = terr(&c, err, "bad string value");
                break;
            }
            free(*slot);
            *slot = ward_buf_steal(&b);
            if (!*slot)
                *slot = ward_xstrdup("");
        } else if (!toml_skip_value(&c, 0)) {
            rc = terr(&c, err, "bad value");
            break;
        }
        if (!end_of_line(&c)) {
            rc = terr(&c, err, "text after value");
            break;
        }
    }
    if (rc == 0 && in_pkg)
        rc = crate_emit(out, start_n, path, &k, &c, err);
done:
    crate_dispose(&k);
    if (rc < 0)
        out->n = start_n;
    return rc;
}

/* ------------------------------------------------------- cargo-auditable */

#define AUDIT_MAX_JSON (8u << 20)

int ward_cargo_auditable_parse(struct ward_pkglist *out, const char *path, const char *data,
                               size_t len, struct ward_error **err)
{
    struct ward_elf e;
    struct ward_span sec;
    if (ward_elf_open(&e, data, len, err) < 0)
        return ward_error_wrap(err, "%s", path);
    if (!ward_elf_section(&e, ".dep-v0", &sec))
        return 0; /* not built with cargo-auditable */
    if (sec.len == 0 || sec.len > UINT32_MAX)
        return ward_error_set(err, WARD_EFORMAT, 0, "%s: bad .dep-v0 section size", path);

    struct ward_buf json = WARD_BUF_INIT(AUDIT_MAX_JSON);
    z_stream zs;
    memset(&zs, 0, sizeof(zs));
    if (inflateInit(&zs) != Z_OK)
        return ward_error_set(err, WARD_ERR, 0, "%s: zlib init failed", path);
    zs.next_in = (Bytef *)(uintptr_t)sec.ptr;
    zs.avail_in = (uInt)sec.len;
    int zrc = Z_OK;
    while (zrc == Z_OK) {
        char *w = ward_buf_reserve(&json, 65536);
        if (!w)
            break;
        zs.next_out = (Bytef *)w;
        zs.avail_out = 65536;
        zrc = inflate(&zs, Z_NO_FLUSH);
        json.len += 65536 - zs.avail_out;
        if (zrc == Z_OK && zs.avail_in == 0 && zs.avail_out != 0)
            zrc = Z_DATA_ERROR; /* input ended without a stream end */
        if (zrc == Z_BUF_ERROR && zs.avail_in == 0)
            zrc = Z_DATA_ERROR;
    }
    inflateEnd(&zs);
    if (ward_buf_check(&json)) {
        ward_buf_dispose(&json);
        return ward_error_set(err, WARD_ELIMIT, 0, "%s: .dep-v0 inflates past %u bytes", path,
                              AUDIT_MAX_JSON);
    }
    if (zrc != Z_STREAM_END) {
        ward_buf_dispose(&json);
        return ward_error_set(err, WARD_EFORMAT, 0, "%s: .dep-v0 is not a valid zlib stream", path);
    }
    ward_autojson root = NULL;
    int rc = ward_json_parse(&root, json.ptr ? json.ptr : "", json.len, AUDIT_MAX_JSON, err);
    ward_buf_dispose(&json);
    if (rc < 0)
        return ward_error_wrap(err, "%s: .dep-v0", path);
    json_t *pkgs = ward_jarr(root, "packages");
    if (!pkgs)
        return ward_error_set(err, WARD_EFORMAT, 0, "%s: .dep-v0 has no \"packages\" array", path);
    size_t i;
    json_t *it;
    json_array_foreach(pkgs, i, it)
    {
        const char *name = ward_jstr(it, "name"), *ver = ward_jstr(it, "version");
        if (!name || !ver || !*name)
            continue;
        const char *kind = ward_jstr(it, "kind");
        struct ward_pkg *p = ward_pkglist_add(out);
        p->name = ward_pkglist_str(out, name);
        p->version = ward_pkglist_str(out, ver);
        p->type = "cargo";
        p->ecosystem = "crates.io";
        p->cataloger = "cargo-auditable";
        p->path = ward_pkglist_str(out, path);
        /* build-time only crates (proc macros, build.rs deps) are not linked in */
        p->dev = kind && !strcmp(kind, "build");
    }
    return 0;
}
