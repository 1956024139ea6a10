/* rulefile.c - user secret rules: an INI-like file of [rule ID] and [allow ID]
 * sections plus a top-level "disable = id, id" (format in docs/secrets.md).
 * Hostile input: bounded sizes, every error names the line. */
#include "secrets/secrets_int.h"

#include <errno.h>
#include <string.h>

struct section {
    bool open, is_rule;
    unsigned line;
    char *id;
    char *category, *title, *severity, *keywords, *regex, *path, *entropy, *rule;
};

static void section_reset(struct section *x)
{
    free(x->id);
    free(x->category);
    free(x->title);
    free(x->severity);
    free(x->keywords);
    free(x->regex);
    free(x->path);
    free(x->entropy);
    free(x->rule);
    *x = (struct section){0};
}

static bool id_ok(struct ward_span id)
{
    if (id.len == 0 || id.len > 64)
        return false;
    for (size_t i = 0; i < id.len; i++) {
        char c = id.ptr[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_' || c == '.'))
            return false;
    }
    return true;
}

static bool id_taken(const struct ward_secrets *s, const char *id)
{
    for (size_t i = 0; i < s->n_rules; i++)
        if (strcmp(s->rules[i].id, id) == 0)
            return true;
    for (size_t i = 0; i < s->n_allows; i++)
        if (strcmp(s->allows[i].id, id) == 0)
            return true;
    return false;
}

static int flush(struct ward_secrets *s, struct section *x, const char *name,
                 struct ward_error **err)
{
    if (!x->open)
        return 0;
    int rc = 0;
    if (id_taken(s, x->id)) {
        rc = ward_error_set(err, WARD_EFORMAT, 0, "%s:%u: \"%s\" is already defined", name, x->line,
                            x->id);
    } else if (x->is_rule) {
        enum ward_secret_severity sev = WARD_SECRET_HIGH;
        double ent = 0;
        if (x->severity && ward_secrets__severity(x->severity, &sev) < 0) {
            rc = ward_error_set(err, WARD_EFORMAT, 0, "%s:%u: bad severity \"%s\"", name, x->line,
                                x->severity);
        } else if (x->entropy) {
            char *end;
            errno = 0;
            ent = strtod(x->entropy, &end);
            if (errno || *end || end == x->entropy || !(ent >= 0 && ent <= 8))
                rc = ward_error_set(err, WARD_EFORMAT, 0, "%s:%u: bad entropy \"%s\" (0..8)", name,
                                    x->line, x->entropy);
        }
        if (rc == 0 && x->rule)
            rc = ward_error_set(err, WARD_EFORMAT, 0, "%s:%u: \"rule\" is for allow sections", name,
                                x->line);
        if (rc == 0 && ward_secrets__add_rule(s, x->id, x->category, x->title, sev, x->keywords,
                                              x->regex, ent, x->path, NULL, err) < 0)
            rc = ward_error_wrap(err, "%s:%u", name, x->line);
    } else {
        if (x->category || x->title || x->severity || x->keywords || x->entropy)
            rc = ward_error_set(err, WARD_EFORMAT, 0,
                                "%s:%u: allow sections take only path, regex and rule", name,
                                x->line);
        else if (ward_secrets__add_allow(s, x->id, x->rule, x->path, x->regex, err) < 0)
            rc = ward_error_wrap(err, "%s:%u", name, x->line);
    }
    section_reset(x);
    return rc;
}

static int set_field(struct section *x, struct ward_span key, struct ward_span val,
                     const char *name, unsigned ln, struct ward_error **err)
{
    static const struct {
        const char *key;
        size_t off;
    } fields[] = {
        {"category", offsetof(struct section, category)},
        {"title", offsetof(struct section, title)},
        {"severity", offsetof(struct section, severity)},
        {"keywords", offsetof(struct section, keywords)},
        {"regex", offsetof(struct section, regex)},
        {"path", offsetof(struct section, path)},
        {"entropy", offsetof(struct section, entropy)},
        {"rule", offsetof(struct section, rule)},
    };
    for (size_t i = 0; i < WARD_ARRAY_LEN(fields); i++) {
        if (!ward_span_eq(key, fields[i].key))
            continue;
        char **slot = (char **)((char *)x + fields[i].off);
        if (*slot)
            return ward_error_set(err, WARD_EFORMAT, 0, "%s:%u: \"%s\" given twice", name, ln,
                                  fields[i].key);
        *slot = ward_span_dup(val);
        return 0;
    }
    ward_autofree char *k = ward_span_dup(key);
    return ward_error_set(err, WARD_EFORMAT, 0, "%s:%u: unknown key \"%s\"", name, ln, k);
}

static int add_disables(struct ward_secrets *s, struct ward_span val, const char *name, unsigned ln,
                        struct ward_error **err)
{
    struct ward_span rest = val, one;
    while (rest.len) {
        if (!ward_span_cut(rest, ',', &one, &rest)) {
            one = rest;
            rest.len = 0;
        }
        one = ward_span_trim(one);
        if (!one.len)
            continue;
        if (!id_ok(one))
            return ward_error_set(err, WARD_EFORMAT, 0, "%s:%u: bad id in disable", name, ln);
        if (s->n_disable >= WARD_SECRETS_MAX_RULES)
            return ward_error_set(err, WARD_ELIMIT, 0, "%s:%u: too many disabled ids", name, ln);
        WARD_GROW(s->disable, s->n_disable, s->cap_disable);
        s->disable[s->n_disable++] = ward_span_dup(one);
    }
    return 0;
}

int ward_secrets__parse_rules(struct ward_secrets *s, const char *text, size_t len,
                              const char *name, struct ward_error **err)
{
    if (len > WARD_SECRETS_MAX_RULEFILE)
        return ward_error_set(err, WARD_ELIMIT, 0, "%s: rule file larger than %u bytes", name,
                              WARD_SECRETS_MAX_RULEFILE);
    if (memchr(text, '\0', len))
        return ward_error_set(err, WARD_EFORMAT, 0, "%s: NUL byte in rule file", name);
    struct section x = {0};
    struct ward_span in = {text, len}, line;
    unsigned ln = 0;
    int rc = 0;
    while (rc == 0 && ward_span_line(&in, &line)) {
        ln++;
        line = ward_span_trim(line);
        if (line.len == 0 || line.ptr[0] == '#' || line.ptr[0] == ';')
            continue;
        if (line.len > WARD_SECRETS_MAX_FIELD) {
            rc = ward_error_set(err, WARD_ELIMIT, 0, "%s:%u: line too long", name, ln);
            break;
        }
        if (line.ptr[0] == '[') {
            rc = flush(s, &x, name, err);
            if (rc < 0)
                break;
            struct ward_span inner = {line.ptr + 1, line.len - 1}, kind, id;
            if (!ward_span_ends(line, "]") ||
                !ward_span_cut(ward_span_of(inner.ptr, inner.len - 1), ' ', &kind, &id) ||
                !id_ok(id = ward_span_trim(id)) ||
                !(ward_span_eq(kind, "rule") || ward_span_eq(kind, "allow"))) {
                rc = ward_error_set(err, WARD_EFORMAT, 0,
                                    "%s:%u: expected \"[rule ID]\" or \"[allow ID]\"", name, ln);
                break;
            }
            x.open = true;
            x.is_rule = ward_span_eq(kind, "rule");
            x.line = ln;
            x.id = ward_span_dup(id);
            continue;
        }
        struct ward_span key, val;
        if (!ward_span_cut(line, '=', &key, &val)) {
            rc = ward_error_set(err, WARD_EFORMAT, 0, "%s:%u: expected \"key = value\"", name, ln);
            break;
        }
        key = ward_span_trim(key);
        val = ward_span_trim(val);
        if (!x.open) {
            if (!ward_span_eq(key, "disable")) {
                rc = ward_error_set(err, WARD_EFORMAT, 0,
                                    "%s:%u: only \"disable\" may come before a section", name, ln);
                break;
            }
            rc = add_disables(s, val, name, ln, err);
            continue;
        }
        rc = set_field(&x, key, val, name, ln, err);
    }
    if (rc == 0)
        rc = flush(s, &x, name, err);
    section_reset(&x);
    return rc;
}
