/* python.c - Python catalogers: installed distributions (dist-info METADATA,
 * egg-info PKG-INFO or a bare .egg-info file, RFC 822-style headers) and the
 * project lockfiles: requirements*.txt (pinned "==" only), poetry.lock,
 * Pipfile.lock, uv.lock, pdm.lock and pylock.toml (PEP 751). */
#include "inventory/inventory.h"
#include "inventory/lang.h"
#include "inventory/toml.h"
#include "util/json_in.h"
#include "util/limits.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

static struct ward_pkg *add(struct ward_pkglist *out, const char *path, const char *cataloger,
                            struct ward_span name, struct ward_span version)
{
    return ward_pkglist_add_found(out, "python", "PyPI", cataloger, path, name, version);
}

/* --------------------------------------------------------- METADATA / PKG-INFO */

/* Append one licence to a "; "-joined list, skipping duplicates. */
static void lic_add(struct ward_buf *b, struct ward_span s)
{
    s = ward_span_trim(s);
    if (!s.len || ward_span_eq(s, "UNKNOWN"))
        return;
    struct ward_span rest = {b->ptr, b->len}, part;
    while (rest.len) {
        if (!ward_span_cut(rest, ';', &part, &rest)) {
            part = rest;
            rest.len = 0;
        }
        part = ward_span_trim(part);
        if (part.len == s.len && memcmp(part.ptr, s.ptr, s.len) == 0)
            return;
    }
    if (b->len)
        ward_buf_adds(b, "; ");
    ward_buf_add(b, s.ptr, s.len);
}

static bool key_is(struct ward_span k, const char *lit)
{
    size_t n = strlen(lit);
    return k.len == n && strncasecmp(k.ptr, lit, n) == 0;
}

/* "Field-Name: value" */
static bool header_like(struct ward_span l)
{
    size_t i = 0;
    while (i < l.len && (isalnum((unsigned char)l.ptr[i]) || l.ptr[i] == '-'))
        i++;
    return i > 0 && i + 1 < l.len && l.ptr[i] == ':' && l.ptr[i + 1] == ' ';
}

int ward_python_metadata_parse(struct ward_pkglist *out, const char *path, const char *data,
                               size_t len, struct ward_error **err)
{
    struct ward_span in = {data, len}, line, name = {0}, version = {0}, license = {0}, expr = {0};
    struct ward_buf classifiers = WARD_BUF_INIT(WARD_LIMIT_LINE);
    bool any_header = false, license_multiline = false, in_license = false, in_description = false;
    while (ward_span_line(&in, &line)) {
        if (line.len == 0) {
            /* end of the header block (the description follows), except inside
             * a folded "Description:" header: old PKG-INFO files keep blank
             * lines there, then go on with more headers (Classifier ...) */
            struct ward_span peek = in, before = in, next = {0};
            while (before = peek, ward_span_line(&peek, &next) && !next.len)
                ;
            if (in_description && next.len &&
                (next.ptr[0] == ' ' || next.ptr[0] == '\t' || header_like(next))) {
                in = before; /* skip the run of blank lines once (linear) */
                continue;
            }
            break;
        }
        if (line.ptr[0] == ' ' || line.ptr[0] == '\t') {
            /* continuation of a multi-line field: a License holding the whole text */
            if (in_license && ward_span_trim(line).len)
                license_multiline = true;
            continue;
        }
        in_license = in_description = false;
        struct ward_span k, v;
        if (!ward_span_cut(line, ':', &k, &v))
            continue;
        in_description = key_is(k, "Description");
        any_header = true;
        v = ward_span_trim(v);
        if (key_is(k, "Name") && !name.len)
            name = v;
        else if (key_is(k, "Version") && !version.len)
            version = v;
        else if (key_is(k, "License") && !license.len) {
            license = v;
            in_license = true;
        } else if (key_is(k, "License-Expression") && !expr.len)
            expr = v;
        else if (key_is(k, "Classifier") && ward_span_starts(v, "License :: ")) {
            /* "License :: OSI Approved :: MIT License" -> the last segment,
             * unless it is only the "OSI Approved" category */
            struct ward_span last = v;
            for (size_t i = 0; i + 4 <= v.len; i++)
                if (memcmp(v.ptr + i, " :: ", 4) == 0)
                    last = ward_span_of(v.ptr + i + 4, v.len - i - 4);
            if (!ward_span_eq(last, "OSI Approved"))
                lic_add(&classifiers, last);
        }
    }
    if (!any_header || !name.len || !version.len) {
        ward_buf_dispose(&classifiers);
        return ward_error_set(err, WARD_EFORMAT, 0, "%s: no Name and Version headers", path);
    }
    struct ward_pkg *p =
        add(out, path, strstr(path, ".dist-info/") ? "python-dist-info" : "python-egg-info", name,
            version);
    /* License-Expression (PEP 639) first, then the License field when it is a
     * short name (not "UNKNOWN", not the licence's full text), then the
     * "License ::" classifiers - the order trivy and syft use */
    struct ward_buf lic = WARD_BUF_INIT(WARD_LIMIT_LINE);
    bool short_license = license.len && license.len <= 128 && !license_multiline &&
                         !ward_span_eq(license, "UNKNOWN");
    if (expr.len)
        lic_add(&lic, expr);
    else if (short_license)
        lic_add(&lic, license);
    else if (classifiers.len)
        ward_buf_add(&lic, classifiers.ptr, classifiers.len);
    if (lic.len && !lic.err)
        p->licenses = ward_pkglist_str(out, lic.ptr);
    ward_buf_dispose(&lic);
    ward_buf_dispose(&classifiers);
    return 0;
}

/* ------------------------------------------------------------ requirements.txt */

static bool pep508_name(struct ward_span s)
{
    if (!s.len || !isalnum((unsigned char)s.ptr[0]) || !isalnum((unsigned char)s.ptr[s.len - 1]))
        return false;
    for (size_t i = 0; i < s.len; i++) {
        char c = s.ptr[i];
        if (!isalnum((unsigned char)c) && c != '.' && c != '-' && c != '_')
            return false;
    }
    return true;
}

static bool pep440_version(struct ward_span s)
{
    if (!s.len || !isalnum((unsigned char)s.ptr[0]))
        return false;
    for (size_t i = 0; i < s.len; i++) {
        char c = s.ptr[i];
        if (!isalnum((unsigned char)c) && c != '.' && c != '-' && c != '_' && c != '+' && c != '!')
            return false;
    }
    return true;
}

/* UTF-16LE (BOM FF FE) to UTF-8 for the BMP; pip accepts such files. */
static char *utf16le_to_utf8(const char *d, size_t n, size_t *out_len)
{
    struct ward_buf b = WARD_BUF_INIT(WARD_LIMIT_KEEP_SMALL);
    for (size_t i = 2; i + 1 < n; i += 2) {
        unsigned cp = (unsigned char)d[i] | ((unsigned)(unsigned char)d[i + 1] << 8);
        if (cp < 0x80) {
            ward_buf_addc(&b, (char)cp);
        } else if (cp < 0x800) {
            ward_buf_addc(&b, (char)(0xC0 | (cp >> 6)));
            ward_buf_addc(&b, (char)(0x80 | (cp & 0x3F)));
        } else {
            ward_buf_addc(&b, (char)(0xE0 | (cp >> 12)));
            ward_buf_addc(&b, (char)(0x80 | ((cp >> 6) & 0x3F)));
            ward_buf_addc(&b, (char)(0x80 | (cp & 0x3F)));
        }
    }
    *out_len = b.len;
    return ward_buf_steal(&b);
}

static void req_line(struct ward_pkglist *out, const char *path, struct ward_span l)
{
    /* comments: '#' at the start or after whitespace (also glued: "x==1#c") */
    const char *hash = memchr(l.ptr, '#', l.len);
    if (hash)
        l.len = (size_t)(hash - l.ptr);
    /* environment markers and per-requirement options */
    const char *semi = memchr(l.ptr, ';', l.len);
    if (semi)
        l.len = (size_t)(semi - l.ptr);
    for (size_t i = 0; i + 2 < l.len; i++)
        if ((l.ptr[i] == ' ' || l.ptr[i] == '\t') && l.ptr[i + 1] == '-' && l.ptr[i + 2] == '-') {
            l.len = i;
            break;
        }
    l = ward_span_trim(l);
    if (!l.len || l.ptr[0] == '-')
        return; /* -r other.txt, -e ., --index-url ... */
    const char *eq = NULL;
    for (size_t i = 0; i + 1 < l.len; i++)
        if (l.ptr[i] == '=' && l.ptr[i + 1] == '=') {
            eq = l.ptr + i;
            break;
        }
    if (!eq)
        return; /* not pinned */
    struct ward_span name = ward_span_trim(ward_span_of(l.ptr, (size_t)(eq - l.ptr)));
    struct ward_span ver = ward_span_of(eq + 2, l.len - (size_t)(eq - l.ptr) - 2);
    if (ver.len && ver.ptr[0] == '=') { /* "===" arbitrary equality */
        ver.ptr++;
        ver.len--;
    }
    ver = ward_span_trim(ver);
    /* extras: name[a, b] */
    const char *br = memchr(name.ptr, '[', name.len);
    if (br) {
        if (name.ptr[name.len - 1] != ']')
            return;
        name.len = (size_t)(br - name.ptr);
        name = ward_span_trim(name);
    }
    /* "==1.0,<2" or "==2.0.*" are ranges, not pins */
    if (!pep508_name(name) || !pep440_version(ver))
        return;
    add(out, path, "python-requirements", name, ver);
}

int ward_python_requirements_parse(struct ward_pkglist *out, const char *path, const char *data,
                                   size_t len, struct ward_error **err)
{
    ward_autofree char *conv = NULL;
    if (len >= 2 && (unsigned char)data[0] == 0xFF && (unsigned char)data[1] == 0xFE) {
        conv = utf16le_to_utf8(data, len, &len);
        if (!conv)
            return ward_error_set(err, WARD_ELIMIT, 0, "%s: file too large", path);
        data = conv;
    } else if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
        data += 3;
        len -= 3;
    }
    struct ward_span in = {data, len}, line;
    struct ward_buf joined = WARD_BUF_INIT(WARD_LIMIT_LINE);
    while (ward_span_line(&in, &line)) {
        /* a trailing backslash continues the requirement on the next line */
        bool cont = line.len && line.ptr[line.len - 1] == '\\';
        ward_buf_add(&joined, line.ptr, cont ? line.len - 1 : line.len);
        if (joined.err) {
            ward_buf_dispose(&joined);
            return ward_error_set(err, WARD_ELIMIT, 0, "%s: line too long", path);
        }
        if (cont && in.len) {
            ward_buf_addc(&joined, ' ');
            continue;
        }
        if (joined.len)
            req_line(out, path, ward_span_of(joined.ptr, joined.len));
        ward_buf_reset(&joined);
    }
    ward_buf_dispose(&joined);
    return 0;
}

/* ----------------------------------------------------------------- TOML locks */

static bool str_in_array(const struct ward_toml *a, const char *s)
{
    for (size_t i = 0; i < ward_toml_len(a); i++) {
        const char *t = ward_toml_text(ward_toml_at(a, i));
        if (t && strcmp(t, s) == 0)
            return true;
    }
    return false;
}

/* poetry.lock, uv.lock and pdm.lock all list [[package]] tables with name and
 * version; they differ in how dev-only packages and the project itself show. */
enum toml_lock { LOCK_POETRY, LOCK_UV, LOCK_PDM };

static int toml_lock_parse(struct ward_pkglist *out, const char *path, const char *data, size_t len,
                           enum toml_lock kind, struct ward_error **err)
{
    static const char *const names[] = {"python-poetry-lock", "python-uv-lock", "python-pdm-lock"};
    ward_autoptr(ward_toml) doc = NULL;
    if (ward_toml_parse(&doc, data, len, err) < 0)
        return ward_error_wrap(err, "%s", path);
    const struct ward_toml *pkgs = ward_toml_get_array(doc, "package");
    for (size_t i = 0; i < ward_toml_len(pkgs); i++) {
        const struct ward_toml *t = ward_toml_at(pkgs, i);
        const char *name = ward_toml_get_str(t, "name");
        const char *version = ward_toml_get_str(t, "version");
        if (!name || !*name || !version || !*version)
            continue;
        bool dev = false;
        if (kind == LOCK_POETRY) {
            const char *cat = ward_toml_get_str(t, "category");
            const struct ward_toml *groups = ward_toml_get_array(t, "groups");
            dev = (cat && strcmp(cat, "dev") == 0) ||
                  (groups && ward_toml_len(groups) && !str_in_array(groups, "main"));
        } else if (kind == LOCK_UV) {
            /* the project itself and workspace members are sources, not dependencies */
            const struct ward_toml *src = ward_toml_get_table(t, "source");
            if (ward_toml_get(src, "virtual") || ward_toml_get(src, "editable"))
                continue;
        } else {
            const struct ward_toml *groups = ward_toml_get_array(t, "groups");
            dev = groups && ward_toml_len(groups) && !str_in_array(groups, "default");
        }
        struct ward_pkg *p =
            add(out, path, names[kind], ward_span_cstr(name), ward_span_cstr(version));
        p->dev = dev;
    }
    return 0;
}

int ward_poetry_lock_parse(struct ward_pkglist *out, const char *path, const char *data, size_t len,
                           struct ward_error **err)
{
    return toml_lock_parse(out, path, data, len, LOCK_POETRY, err);
}

int ward_uv_lock_parse(struct ward_pkglist *out, const char *path, const char *data, size_t len,
                       struct ward_error **err)
{
    return toml_lock_parse(out, path, data, len, LOCK_UV, err);
}

int ward_pdm_lock_parse(struct ward_pkglist *out, const char *path, const char *data, size_t len,
                        struct ward_error **err)
{
    return toml_lock_parse(out, path, data, len, LOCK_PDM, err);
}

/* PEP 751 pylock.toml / pylock.<name>.toml: [[packages]] with name and
 * version; entries without a version (VCS, directory or archive sources) carry
 * nothing a vulnerability database could match and are skipped. */
int ward_pylock_toml_parse(struct ward_pkglist *out, const char *path, const char *data,
                           size_t len, struct ward_error **err)
{
    ward_autoptr(ward_toml) doc = NULL;
    if (ward_toml_parse(&doc, data, len, err) < 0)
        return ward_error_wrap(err, "%s", path);
    size_t start = out->n;
    const struct ward_toml *pkgs = ward_toml_get_array(doc, "packages");
    for (size_t i = 0; i < ward_toml_len(pkgs); i++) {
        const struct ward_toml *t = ward_toml_at(pkgs, i);
        const char *name = ward_toml_get_str(t, "name");
        const char *version = ward_toml_get_str(t, "version");
        if (!name || !*name || !version || !*version)
            continue;
        add(out, path, "python-pylock", ward_span_cstr(name), ward_span_cstr(version));
    }
    ward_pkglist_merge_dups(out, start);
    return 0;
}

/* ---------------------------------------------------------------- Pipfile.lock */

int ward_pipfile_lock_parse(struct ward_pkglist *out, const char *path, const char *data,
                            size_t len, struct ward_error **err)
{
    ward_autojson doc = NULL;
    int jrc = ward_json_parse_object(&doc, path, data, len, err);
    if (jrc < 0)
        return jrc;
    json_t *def = ward_jobj(doc, "default");
    static const char *const sections[] = {"default", "develop"};
    for (size_t s = 0; s < WARD_ARRAY_LEN(sections); s++) {
        json_t *sec = ward_jobj(doc, sections[s]);
        const char *name;
        json_t *v;
        json_object_foreach(sec, name, v)
        {
            const char *ver = ward_jstr(v, "version");
            if (!ver || !*name)
                continue; /* git / path / editable entries carry no version */
            if (strncmp(ver, "==", 2) == 0)
                ver += 2;
            if (ver[0] == '=')
                ver++;
            if (!*ver)
                continue;
            if (s == 1 && json_object_get(def, name))
                continue; /* listed in both: it is a runtime dependency */
            struct ward_pkg *p =
                add(out, path, "python-pipfile-lock", ward_span_cstr(name), ward_span_cstr(ver));
            p->dev = s == 1;
        }
    }
    return 0;
}
