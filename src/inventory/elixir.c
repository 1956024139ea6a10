/* elixir.c - Elixir's mix.lock: an Elixir map literal, one dependency per
 * line: "name": {:hex, :name, "version", "hash", [:mix], [deps], "hexpm", "hash"}.
 * Only :hex entries are packages; :git and :path sources carry no version. */
#include "inventory/inventory.h"
#include "inventory/lang.h"
#include "util/limits.h"

#include <string.h>

/* Next token of a term list: a "string" or a bare :atom / word. */
static bool next_tok(struct ward_span *s, struct ward_span *tok)
{
    *s = ward_span_trim(*s);
    while (s->len && (s->ptr[0] == ',' || s->ptr[0] == ' ')) {
        s->ptr++;
        s->len--;
    }
    if (!s->len)
        return false;
    if (s->ptr[0] == '"') {
        const char *q = memchr(s->ptr + 1, '"', s->len - 1);
        if (!q)
            return false;
        *tok = ward_span_of(s->ptr + 1, (size_t)(q - s->ptr - 1));
        size_t adv = (size_t)(q - s->ptr) + 1;
        s->ptr += adv;
        s->len -= adv;
        return true;
    }
    size_t i = 0;
    while (i < s->len && s->ptr[i] != ',' && s->ptr[i] != ' ' && s->ptr[i] != '}')
        i++;
    *tok = ward_span_of(s->ptr, i);
    s->ptr += i;
    s->len -= i;
    return i > 0;
}

int ward_mix_lock_parse(struct ward_pkglist *out, const char *path, const char *data, size_t len,
                        struct ward_error **err)
{
    struct ward_span in = {data, len}, line;
    size_t lineno = 0;
    while (ward_span_line(&in, &line)) {
        lineno++;
        if (line.len > WARD_LIMIT_LINE)
            return ward_error_set(err, WARD_ELIMIT, 0, "%s: line %zu: too long", path, lineno);
        line = ward_span_trim(line);
        if (!line.len || ward_span_eq(line, "%{") || ward_span_eq(line, "}") || line.ptr[0] == '#')
            continue;
        struct ward_span key, val, tok, name, ver;
        if (line.ptr[0] != '"' || !ward_span_cut(line, ':', &key, &val))
            continue;
        val = ward_span_trim(val);
        if (!val.len || val.ptr[0] != '{')
            continue;
        val.ptr++;
        val.len--;
        if (!next_tok(&val, &tok) || !ward_span_eq(tok, ":hex"))
            continue;
        if (!next_tok(&val, &name) || !next_tok(&val, &ver) || name.len < 2 || !ver.len)
            continue;
        name.ptr++; /* ":name" atom -> name */
        name.len--;
        struct ward_pkg *p = ward_pkglist_add(out);
        p->name = ward_pkglist_span(out, name);
        p->version = ward_pkglist_span(out, ver);
        p->type = "hex";
        p->ecosystem = "Hex";
        p->cataloger = "elixir-mix-lock";
        p->path = ward_pkglist_str(out, path);
    }
    return 0;
}
