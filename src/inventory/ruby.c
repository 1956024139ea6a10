/* ruby.c - Ruby catalogers: Gemfile.lock (the "specs:" lists of the GEM, GIT
 * and PATH sections) and installed gem specifications
 * (specifications/<name>-<version>.gemspec, the Ruby form RubyGems writes). */
#include "inventory/inventory.h"
#include "inventory/lang.h"
#include "util/limits.h"

#include <ctype.h>
#include <string.h>

static struct ward_pkg *add(struct ward_pkglist *out, const char *path, const char *cataloger,
                            struct ward_span name, struct ward_span version)
{
    return ward_pkglist_add_found(out, "gem", "RubyGems", cataloger, path, name, version);
}

/* ---------------------------------------------------------------- Gemfile.lock */

int ward_gemfile_lock_parse(struct ward_pkglist *out, const char *path, const char *data,
                            size_t len, struct ward_error **err)
{
    struct ward_span in = {data, len}, line;
    bool in_source = false, in_specs = false;
    size_t lineno = 0;
    while (ward_span_line(&in, &line)) {
        lineno++;
        if (line.len > WARD_LIMIT_LINE)
            return ward_error_set(err, WARD_ELIMIT, 0, "%s: line %zu: too long", path, lineno);
        if (!line.len)
            continue;
        if (line.ptr[0] != ' ') { /* a section header */
            in_source = ward_span_eq(line, "GEM") || ward_span_eq(line, "GIT") ||
                        ward_span_eq(line, "PATH") || ward_span_eq(line, "PLUGIN SOURCE");
            in_specs = false;
            continue;
        }
        if (!in_source)
            continue;
        if (ward_span_eq(line, "  specs:")) {
            in_specs = true;
            continue;
        }
        /* "    name (version[-platform])"; deeper lines are its requirements */
        if (!in_specs || line.len < 5 || memcmp(line.ptr, "    ", 4) != 0 || line.ptr[4] == ' ')
            continue;
        struct ward_span s = {line.ptr + 4, line.len - 4}, name, ver;
        if (!ward_span_cut(s, ' ', &name, &ver) || ver.len < 3 || ver.ptr[0] != '(' ||
            ver.ptr[ver.len - 1] != ')')
            continue;
        ver = ward_span_of(ver.ptr + 1, ver.len - 2);
        struct ward_span plat = {0};
        const char *dash = memchr(ver.ptr, '-', ver.len);
        if (dash) { /* RubyGems versions have no '-': the rest is the platform */
            plat = ward_span_of(dash + 1, ver.len - (size_t)(dash - ver.ptr) - 1);
            ver.len = (size_t)(dash - ver.ptr);
        }
        if (!name.len || !ver.len)
            continue;
        struct ward_pkg *p = add(out, path, "ruby-gemfile-lock", name, ver);
        if (plat.len)
            p->arch = ward_pkglist_span(out, plat);
    }
    return 0;
}

/* ----------------------------------------------------------------- gemspec */

/* A Ruby string literal at s ("..." or '...'), optionally followed by .freeze. */
static bool ruby_str(struct ward_span *s, struct ward_span *val)
{
    *s = ward_span_trim(*s);
    if (s->len < 2 || (s->ptr[0] != '"' && s->ptr[0] != '\''))
        return false;
    const char *q = memchr(s->ptr + 1, s->ptr[0], s->len - 1);
    if (!q)
        return false;
    *val = ward_span_of(s->ptr + 1, (size_t)(q - s->ptr - 1));
    size_t adv = (size_t)(q - s->ptr) + 1;
    s->ptr += adv;
    s->len -= adv;
    if (ward_span_starts(*s, ".freeze")) {
        s->ptr += 7;
        s->len -= 7;
    }
    return true;
}

/* Value after "VAR.field =": a string, Gem::Version.new("x"), or an array of strings. */
static bool assigned(struct ward_span line, struct ward_span var, const char *field,
                     struct ward_span *rhs)
{
    line = ward_span_trim(line);
    size_t fl = strlen(field);
    if (line.len < var.len + 1 + fl || memcmp(line.ptr, var.ptr, var.len) != 0 ||
        line.ptr[var.len] != '.' || memcmp(line.ptr + var.len + 1, field, fl) != 0)
        return false;
    struct ward_span r = ward_span_of(line.ptr + var.len + 1 + fl, line.len - var.len - 1 - fl);
    r = ward_span_trim(r);
    if (!r.len || r.ptr[0] != '=' || (r.len > 1 && r.ptr[1] == '='))
        return false;
    *rhs = ward_span_trim(ward_span_of(r.ptr + 1, r.len - 1));
    return true;
}

static void gemspec_licenses(struct ward_pkglist *out, struct ward_pkg *p, struct ward_span rhs)
{
    struct ward_buf b = WARD_BUF_INIT(WARD_LIMIT_LINE);
    struct ward_span v;
    if (rhs.len && rhs.ptr[0] == '[') {
        rhs.ptr++;
        rhs.len--;
        for (;;) {
            while (rhs.len && (rhs.ptr[0] == ',' || rhs.ptr[0] == ' '))
                rhs.ptr++, rhs.len--;
            if (!ruby_str(&rhs, &v))
                break;
            if (!v.len)
                continue;
            if (b.len)
                ward_buf_adds(&b, "; ");
            ward_buf_add(&b, v.ptr, v.len);
        }
    } else if (ruby_str(&rhs, &v) && v.len) {
        ward_buf_add(&b, v.ptr, v.len);
    }
    if (b.len && !b.err)
        p->licenses = ward_pkglist_str(out, b.ptr);
    ward_buf_dispose(&b);
}

/* A Ruby constant name: an upper-case letter, then letters, digits, '_'. */
static bool ruby_const(struct ward_span s)
{
    if (!s.len || s.ptr[0] < 'A' || s.ptr[0] > 'Z')
        return false;
    for (size_t i = 1; i < s.len; i++)
        if (!isalnum((unsigned char)s.ptr[i]) && s.ptr[i] != '_')
            return false;
    return true;
}

int ward_gemspec_parse(struct ward_pkglist *out, const char *path, const char *data, size_t len,
                       struct ward_error **err)
{
    struct ward_span in = {data, len}, line, var = {0}, name = {0}, ver = {0}, lic = {0};
    struct ward_span consts[16][2]; /* VERSION = '1.0' assignments seen so far */
    size_t nconst = 0, lineno = 0;
    while (ward_span_line(&in, &line)) {
        lineno++;
        if (line.len > WARD_LIMIT_LINE)
            return ward_error_set(err, WARD_ELIMIT, 0, "%s: line %zu: too long", path, lineno);
        /* drop a trailing comment (no '#' inside the strings we read) */
        struct ward_span t = ward_span_trim(line), rhs, v;
        if (t.len && t.ptr[0] == '#')
            continue;
        struct ward_span cn, cv;
        if (nconst < WARD_ARRAY_LEN(consts) && ward_span_cut(t, '=', &cn, &cv) &&
            ruby_const(ward_span_trim(cn)) && ruby_str(&cv, &v)) {
            consts[nconst][0] = ward_span_trim(cn);
            consts[nconst++][1] = v;
            continue;
        }
        if (!var.len) {
            /* Gem::Specification.new do |s| */
            if (!ward_span_starts(t, "Gem::Specification.new"))
                continue;
            const char *bar = memchr(t.ptr, '|', t.len);
            if (!bar)
                continue;
            struct ward_span r = ward_span_of(bar + 1, t.len - (size_t)(bar - t.ptr) - 1), l;
            if (ward_span_cut(r, '|', &l, NULL))
                var = ward_span_trim(l);
            continue;
        }
        if (!name.len && assigned(t, var, "name", &rhs) && ruby_str(&rhs, &v))
            name = v;
        else if (!ver.len && assigned(t, var, "version", &rhs)) {
            if (ward_span_starts(rhs, "Gem::Version.new(")) {
                rhs.ptr += 17;
                rhs.len -= 17;
            }
            if (ruby_str(&rhs, &v)) {
                ver = v;
            } else { /* spec.version = VERSION, a constant of this file */
                struct ward_span id = ward_span_trim(rhs);
                if (id.len && id.ptr[id.len - 1] == ')')
                    id.len--;
                for (size_t i = 0; i < nconst; i++)
                    if (consts[i][0].len == id.len && memcmp(consts[i][0].ptr, id.ptr, id.len) == 0)
                        ver = consts[i][1];
            }
        } else if (!lic.len &&
                   (assigned(t, var, "licenses", &rhs) || assigned(t, var, "license", &rhs)))
            lic = rhs;
    }
    if (!name.len || !ver.len)
        return ward_error_set(err, WARD_EFORMAT, 0, "%s: no %s.name and %s.version assignments",
                              path, var.len ? "spec" : "Gem::Specification", "spec");
    struct ward_pkg *p = add(out, path, "ruby-gemspec", name, ver);
    if (lic.len)
        gemspec_licenses(out, p, lic);
    return 0;
}
