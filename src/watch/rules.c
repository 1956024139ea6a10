/* rules.c - load ward watch rule files (YAML via libyaml: a sequence of
 * "- list:", "- macro:" and "- rule:" maps) into a ruleset, and compile each
 * rule's condition, exceptions and output. Rule files are hostile input
 * (fuzzed): sizes and counts are capped, every error names file:line. */
#include "watch/watch.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <yaml.h>

#define MAX_STRINGS 1000000u /* scalars taken from the files of one ruleset */

int ward_wruleset_new(struct ward_wruleset **out)
{
    struct ward_wruleset *rs = ward_xcalloc(1, sizeof(*rs));
    ward_arena_init(&rs->arena);
    *out = rs;
    return 0;
}

void ward_wruleset_free(struct ward_wruleset *rs)
{
    if (!rs)
        return;
    ward_arena_dispose(&rs->arena);
    free(rs->lists);
    free(rs->macros);
    free(rs->rules);
    free(rs);
}

struct loader {
    struct ward_wruleset *rs;
    yaml_document_t *doc;
    const char *file;
    struct ward_error **err;
};

static int lerr(struct loader *l, const yaml_node_t *n, const char *what, const char *detail)
{
    return ward_error_set(l->err, WARD_EFORMAT, 0, "%s:%lu: %s%s%.100s", l->file,
                          n ? (unsigned long)n->start_mark.line + 1 : 0ul, what, detail ? ": " : "",
                          detail ? detail : "");
}

static yaml_node_t *node(struct loader *l, int id)
{
    return yaml_document_get_node(l->doc, id);
}

/* A scalar as an arena string; NULL (with the error set) when n is not a
 * scalar or holds a NUL byte. */
static char *scalar(struct loader *l, yaml_node_t *n, const char *key)
{
    if (!n || n->type != YAML_SCALAR_NODE) {
        lerr(l, n, "expected a string for", key);
        return NULL;
    }
    if (++l->rs->nstrings > MAX_STRINGS) {
        ward_error_set(l->err, WARD_ELIMIT, 0, "%s: more than %u strings", l->file, MAX_STRINGS);
        return NULL;
    }
    const char *v = (const char *)n->data.scalar.value;
    size_t len = n->data.scalar.length;
    if (memchr(v, '\0', len)) {
        lerr(l, n, "NUL byte in", key);
        return NULL;
    }
    return ward_arena_strndup(&l->rs->arena, v, len);
}

static int boolean(struct loader *l, yaml_node_t *n, const char *key, bool *out)
{
    char *s = scalar(l, n, key);
    if (!s)
        return WARD_EFORMAT;
    if (!strcasecmp(s, "true") || !strcasecmp(s, "yes") || !strcmp(s, "1"))
        *out = true;
    else if (!strcasecmp(s, "false") || !strcasecmp(s, "no") || !strcmp(s, "0"))
        *out = false;
    else
        return lerr(l, n, "expected true or false for", key);
    return 0;
}

/* A sequence of scalars (a lone scalar counts as a one-item sequence). */
static int strings(struct loader *l, yaml_node_t *n, const char *key, char ***out, size_t *nout)
{
    if (n && n->type == YAML_SCALAR_NODE) {
        char *s = scalar(l, n, key);
        if (!s)
            return WARD_EFORMAT;
        *out = ward_arena_alloc(&l->rs->arena, sizeof(char *));
        (*out)[0] = s;
        *nout = 1;
        return 0;
    }
    if (!n || n->type != YAML_SEQUENCE_NODE)
        return lerr(l, n, "expected a list for", key);
    size_t cnt = (size_t)(n->data.sequence.items.top - n->data.sequence.items.start);
    if (cnt > WARD_WATCH_ITEMS_MAX)
        return lerr(l, n, "too many items in", key);
    char **v = ward_arena_alloc(&l->rs->arena, (cnt + 1) * sizeof(char *));
    for (size_t i = 0; i < cnt; i++) {
        v[i] = scalar(l, node(l, n->data.sequence.items.start[i]), key);
        if (!v[i])
            return WARD_EFORMAT;
    }
    *out = v;
    *nout = cnt;
    return 0;
}

#define FOREACH_PAIR(l, map, k, v)                                                                 \
    for (yaml_node_pair_t *pr_ = (map)->data.mapping.pairs.start;                                  \
         pr_ < (map)->data.mapping.pairs.top &&                                                    \
         ((k) = node((l), pr_->key), (v) = node((l), pr_->value), 1);                              \
         pr_++)

static const char *key_of(yaml_node_t *k)
{
    if (!k || k->type != YAML_SCALAR_NODE)
        return "";
    return (const char *)k->data.scalar.value;
}

static int object_budget(struct loader *l, yaml_node_t *n)
{
    if (l->rs->nlists + l->rs->nmacros + l->rs->nrules >= WARD_WATCH_OBJECTS_MAX)
        return lerr(l, n, "too many lists, macros and rules", NULL);
    return 0;
}

static int load_list(struct loader *l, yaml_node_t *map)
{
    yaml_node_t *k, *v;
    char *name = NULL, **items = NULL;
    size_t n = 0;
    bool append = false, have_items = false;
    FOREACH_PAIR(l, map, k, v)
    {
        const char *key = key_of(k);
        if (!strcmp(key, "list")) {
            if (!(name = scalar(l, v, "list")))
                return WARD_EFORMAT;
        } else if (!strcmp(key, "items")) {
            if (strings(l, v, "items", &items, &n) < 0)
                return WARD_EFORMAT;
            have_items = true;
        } else if (!strcmp(key, "append")) {
            if (boolean(l, v, "append", &append) < 0)
                return WARD_EFORMAT;
        } else {
            return lerr(l, k, "unknown key in list", key);
        }
    }
    if (!have_items)
        return lerr(l, map, "list without items", name);
    struct ward_wruleset *rs = l->rs;
    for (size_t i = 0; i < rs->nlists; i++) {
        if (strcmp(rs->lists[i].name, name) != 0)
            continue;
        if (append) {
            if (rs->lists[i].n + n > WARD_WATCH_ITEMS_MAX)
                return lerr(l, map, "too many items in", name);
            char **m = ward_arena_alloc(&rs->arena, (rs->lists[i].n + n + 1) * sizeof(char *));
            memcpy(m, rs->lists[i].items, rs->lists[i].n * sizeof(char *));
            memcpy(m + rs->lists[i].n, items, n * sizeof(char *));
            rs->lists[i].items = m;
            rs->lists[i].n += n;
        } else {
            rs->lists[i].items = items;
            rs->lists[i].n = n;
        }
        return 0;
    }
    if (append)
        return lerr(l, map, "append to an undefined list", name);
    if (object_budget(l, map) < 0)
        return WARD_ELIMIT;
    WARD_GROW(rs->lists, rs->nlists, rs->caplists);
    rs->lists[rs->nlists++] = (struct ward_wlist){name, items, n};
    return 0;
}

static int load_macro(struct loader *l, yaml_node_t *map)
{
    yaml_node_t *k, *v;
    char *name = NULL, *cond = NULL;
    FOREACH_PAIR(l, map, k, v)
    {
        const char *key = key_of(k);
        if (!strcmp(key, "macro")) {
            if (!(name = scalar(l, v, "macro")))
                return WARD_EFORMAT;
        } else if (!strcmp(key, "condition")) {
            if (!(cond = scalar(l, v, "condition")))
                return WARD_EFORMAT;
        } else {
            return lerr(l, k, "unknown key in macro", key);
        }
    }
    if (!cond)
        return lerr(l, map, "macro without condition", name);
    if (ward_wfield_lookup(name, strlen(name)) >= 0 || !strcmp(name, "not") ||
        !strcmp(name, "and") || !strcmp(name, "or"))
        return lerr(l, map, "macro name is reserved", name);
    struct ward_wruleset *rs = l->rs;
    struct ward_wmacro m = {
        .name = name, .cond = cond, .file = l->file, .line = (int)map->start_mark.line + 1};
    for (size_t i = 0; i < rs->nmacros; i++) {
        if (strcmp(rs->macros[i].name, name) == 0) {
            rs->macros[i] = m;
            return 0;
        }
    }
    if (object_budget(l, map) < 0)
        return WARD_ELIMIT;
    WARD_GROW(rs->macros, rs->nmacros, rs->capmacros);
    rs->macros[rs->nmacros++] = m;
    return 0;
}

static int load_exception(struct loader *l, yaml_node_t *map, struct ward_wexception *e)
{
    yaml_node_t *k, *v;
    if (!map || map->type != YAML_MAPPING_NODE)
        return lerr(l, map, "an exception must be a map", NULL);
    yaml_node_t *values = NULL;
    size_t ncomps = 0;
    FOREACH_PAIR(l, map, k, v)
    {
        const char *key = key_of(k);
        if (!strcmp(key, "name")) {
            if (!(e->name = scalar(l, v, "name")))
                return WARD_EFORMAT;
        } else if (!strcmp(key, "condition")) {
            if (!(e->cond = scalar(l, v, "condition")))
                return WARD_EFORMAT;
        } else if (!strcmp(key, "fields")) {
            if (strings(l, v, "fields", &e->fields, &e->nfields) < 0)
                return WARD_EFORMAT;
        } else if (!strcmp(key, "comps")) {
            if (strings(l, v, "comps", &e->comps, &ncomps) < 0)
                return WARD_EFORMAT;
        } else if (!strcmp(key, "values")) {
            values = v;
        } else {
            return lerr(l, k, "unknown key in exception", key);
        }
    }
    if (!e->name)
        return lerr(l, map, "exception without name", NULL);
    if (!e->cond == !e->fields)
        return lerr(l, map, "an exception needs either condition or fields", e->name);
    if (e->cond) {
        if (values || e->comps)
            return lerr(l, map, "values/comps need fields", e->name);
        return 0;
    }
    if (e->nfields == 0 || e->nfields > 16)
        return lerr(l, map, "an exception needs 1 to 16 fields", e->name);
    if (e->comps && ncomps != e->nfields)
        return lerr(l, map, "comps must have one entry per field", e->name);
    if (!values)
        return lerr(l, map, "exception without values", e->name);
    if (values->type != YAML_SEQUENCE_NODE)
        return lerr(l, values, "values must be a list", e->name);
    size_t cnt = (size_t)(values->data.sequence.items.top - values->data.sequence.items.start);
    if (cnt > WARD_WATCH_ITEMS_MAX)
        return lerr(l, values, "too many values", e->name);
    e->values = ward_arena_alloc(&l->rs->arena, (cnt + 1) * sizeof(char **));
    for (size_t i = 0; i < cnt; i++) {
        yaml_node_t *t = node(l, values->data.sequence.items.start[i]);
        size_t nt = 0;
        /* one field: a plain value is allowed; several: a tuple */
        if (strings(l, t, "values", &e->values[i], &nt) < 0)
            return WARD_EFORMAT;
        if (nt != e->nfields)
            return lerr(l, t, "each value tuple needs one entry per field", e->name);
    }
    e->nvalues = cnt;
    return 0;
}

static int load_rule(struct loader *l, yaml_node_t *map)
{
    yaml_node_t *k, *v;
    struct ward_wrule r = {.prio = WARD_PRIO_WARNING,
                           .enabled = true,
                           .file = l->file,
                           .line = (int)map->start_mark.line + 1};
    bool have_enabled = false, have_prio = false;
    FOREACH_PAIR(l, map, k, v)
    {
        const char *key = key_of(k);
        if (!strcmp(key, "rule")) {
            if (!(r.name = scalar(l, v, "rule")))
                return WARD_EFORMAT;
        } else if (!strcmp(key, "desc")) {
            if (!(r.desc = scalar(l, v, "desc")))
                return WARD_EFORMAT;
        } else if (!strcmp(key, "condition")) {
            if (!(r.cond = scalar(l, v, "condition")))
                return WARD_EFORMAT;
        } else if (!strcmp(key, "output")) {
            if (!(r.output = scalar(l, v, "output")))
                return WARD_EFORMAT;
        } else if (!strcmp(key, "priority")) {
            char *p = scalar(l, v, "priority");
            if (!p)
                return WARD_EFORMAT;
            int pr = ward_wprio_parse(p);
            if (pr < 0)
                return lerr(l, v, "unknown priority", p);
            r.prio = (enum ward_wprio)pr;
            have_prio = true;
        } else if (!strcmp(key, "tags")) {
            if (strings(l, v, "tags", &r.tags, &r.ntags) < 0)
                return WARD_EFORMAT;
        } else if (!strcmp(key, "enabled")) {
            if (boolean(l, v, "enabled", &r.enabled) < 0)
                return WARD_EFORMAT;
            have_enabled = true;
        } else if (!strcmp(key, "exceptions")) {
            if (!v || v->type != YAML_SEQUENCE_NODE)
                return lerr(l, v, "exceptions must be a list", NULL);
            size_t cnt = (size_t)(v->data.sequence.items.top - v->data.sequence.items.start);
            if (cnt > 1000)
                return lerr(l, v, "too many exceptions", NULL);
            r.exc = ward_arena_alloc(&l->rs->arena, (cnt + 1) * sizeof(*r.exc));
            for (size_t i = 0; i < cnt; i++)
                if (load_exception(l, node(l, v->data.sequence.items.start[i]), &r.exc[i]) < 0)
                    return WARD_EFORMAT;
            r.nexc = cnt;
        } else {
            return lerr(l, k, "unknown key in rule", key);
        }
    }
    /* folded YAML (">") leaves a trailing newline: alerts are one line */
    char *trims[] = {r.output, r.desc, r.cond};
    for (size_t i = 0; i < WARD_ARRAY_LEN(trims); i++) {
        size_t n = trims[i] ? strlen(trims[i]) : 0;
        while (n > 0 && (trims[i][n - 1] == '\n' || trims[i][n - 1] == ' '))
            trims[i][--n] = '\0';
    }
    if (!r.name)
        return lerr(l, map, "rule without a name", NULL);
    struct ward_wruleset *rs = l->rs;
    long idx = ward_wrules_find(rs, r.name);
    if (!r.cond && !r.output && !r.desc && !r.exc && !have_prio && have_enabled) {
        /* "- rule: X / enabled: false" switches an existing rule */
        if (idx < 0)
            return lerr(l, map, "enabled: for an undefined rule", r.name);
        rs->rules[idx].enabled = r.enabled;
        return 0;
    }
    if (!r.cond)
        return lerr(l, map, "rule without condition", r.name);
    if (!r.output)
        return lerr(l, map, "rule without output", r.name);
    if (idx >= 0) {
        rs->rules[idx] = r;
        return 0;
    }
    if (object_budget(l, map) < 0)
        return WARD_ELIMIT;
    WARD_GROW(rs->rules, rs->nrules, rs->caprules);
    rs->rules[rs->nrules++] = r;
    return 0;
}

long ward_wrules_find(const struct ward_wruleset *rs, const char *name)
{
    for (size_t i = 0; i < rs->nrules; i++)
        if (strcmp(rs->rules[i].name, name) == 0)
            return (long)i;
    return -1;
}

int ward_wrules_load(struct ward_wruleset *rs, const char *data, size_t len, const char *file,
                     struct ward_error **err)
{
    if (len > WARD_WATCH_RULES_BYTES)
        return ward_error_set(err, WARD_ELIMIT, 0, "%s: larger than %u bytes", file,
                              WARD_WATCH_RULES_BYTES);
    const char *fname = ward_arena_strdup(&rs->arena, file ? file : "rules");
    yaml_parser_t parser;
    yaml_document_t doc;
    if (!yaml_parser_initialize(&parser))
        ward_oom();
    yaml_parser_set_input_string(&parser, (const unsigned char *)data, len);
    if (!yaml_parser_load(&parser, &doc)) {
        int rc = ward_error_set(err, WARD_EFORMAT, 0, "%s:%lu: YAML: %s", fname,
                                (unsigned long)parser.problem_mark.line + 1,
                                parser.problem ? parser.problem : "parse error");
        yaml_parser_delete(&parser);
        return rc;
    }
    yaml_parser_delete(&parser);
    rs->compiled = false;
    struct loader l = {rs, &doc, fname, err};
    int rc = 0;
    yaml_node_t *root = yaml_document_get_root_node(&doc);
    if (!root) {
        yaml_document_delete(&doc);
        return 0; /* an empty file holds no rules */
    }
    if (root->type != YAML_SEQUENCE_NODE) {
        rc = lerr(&l, root, "a rules file is a list of list/macro/rule items", NULL);
        goto out;
    }
    for (yaml_node_item_t *it = root->data.sequence.items.start; it < root->data.sequence.items.top;
         it++) {
        yaml_node_t *map = node(&l, *it);
        if (!map || map->type != YAML_MAPPING_NODE) {
            rc = lerr(&l, map, "each item must be a map", NULL);
            goto out;
        }
        yaml_node_t *k, *v;
        int kind = 0;
        FOREACH_PAIR(&l, map, k, v)
        {
            (void)v;
            const char *key = key_of(k);
            if (!strcmp(key, "list"))
                kind = 1;
            else if (!strcmp(key, "macro"))
                kind = 2;
            else if (!strcmp(key, "rule"))
                kind = 3;
        }
        if (kind == 1)
            rc = load_list(&l, map);
        else if (kind == 2)
            rc = load_macro(&l, map);
        else if (kind == 3)
            rc = load_rule(&l, map);
        else
            rc = lerr(&l, map, "item is not a list, macro or rule", NULL);
        if (rc < 0)
            goto out;
    }
out:
    yaml_document_delete(&doc);
    return rc;
}

/* ---- compile --------------------------------------------------------------- */

static const char *const comp_ok[] = {"=",        "!=",        "in",   "startswith", "endswith",
                                      "contains", "icontains", "glob", "pmatch"};

static void add_quoted(struct ward_buf *b, const char *s)
{
    ward_buf_addc(b, '"');
    for (; *s; s++) {
        if (*s == '"' || *s == '\\')
            ward_buf_addc(b, '\\');
        ward_buf_addc(b, *s);
    }
    ward_buf_addc(b, '"');
}

/* The condition text of a fields/values exception: (f1 = "a" and f2 = "b") or ... */
static int exception_text(const struct ward_wexception *e, struct ward_buf *b,
                          struct ward_error **err)
{
    for (size_t f = 0; f < e->nfields; f++) {
        if (ward_wfield_lookup(e->fields[f], strlen(e->fields[f])) < 0)
            return ward_error_set(err, WARD_EFORMAT, 0, "unknown field '%.100s'", e->fields[f]);
        if (e->comps) {
            bool ok = false;
            for (size_t c = 0; c < WARD_ARRAY_LEN(comp_ok); c++)
                ok |= strcmp(e->comps[f], comp_ok[c]) == 0;
            if (!ok)
                return ward_error_set(err, WARD_EFORMAT, 0, "unknown comparison '%.40s'",
                                      e->comps[f]);
        }
    }
    if (e->nvalues == 0) {
        ward_buf_adds(b, "evt.type exists and not evt.type exists"); /* matches nothing */
        return 0;
    }
    for (size_t i = 0; i < e->nvalues; i++) {
        ward_buf_adds(b, i ? " or (" : "(");
        for (size_t f = 0; f < e->nfields; f++) {
            const char *comp = e->comps ? e->comps[f] : "=";
            ward_buf_addf(b, "%s%s %s ", f ? " and " : "", e->fields[f], comp);
            if (!strcmp(comp, "in") || !strcmp(comp, "pmatch"))
                ward_buf_adds(b, "(");
            add_quoted(b, e->values[i][f]);
            if (!strcmp(comp, "in") || !strcmp(comp, "pmatch"))
                ward_buf_adds(b, ")");
        }
        ward_buf_adds(b, ")");
    }
    return 0;
}

static int compile_rule(struct ward_wruleset *rs, struct ward_wrule *r, struct ward_error **err)
{
    struct ward_wnode *nd;
    if (ward_wcond_compile(rs, r->cond, strlen(r->cond), &nd, err) < 0)
        return WARD_EFORMAT;
    if (ward_woutput_check(r->output, err) < 0)
        return WARD_EFORMAT;
    if (r->nexc == 0) {
        r->node = nd;
        return 0;
    }
    struct ward_buf all = WARD_BUF_INIT(WARD_WATCH_COND_MAX);
    ward_buf_addf(&all, "(%s)", r->cond);
    int rc = 0;
    for (size_t i = 0; i < r->nexc && rc == 0; i++) {
        const struct ward_wexception *e = &r->exc[i];
        struct ward_buf t = WARD_BUF_INIT(WARD_WATCH_COND_MAX);
        if (e->cond)
            ward_buf_adds(&t, e->cond);
        else
            rc = exception_text(e, &t, err);
        if (rc == 0 && ward_buf_check(&t) < 0)
            rc = ward_error_set(err, WARD_ELIMIT, 0, "exception too long");
        if (rc == 0)
            rc = ward_wcond_compile(rs, t.ptr ? t.ptr : "", t.len, &nd, err);
        if (rc < 0)
            ward_error_wrap(err, "exception '%.100s'", e->name);
        else
            ward_buf_addf(&all, " and not (%s)", t.ptr ? t.ptr : "");
        ward_buf_dispose(&t);
    }
    if (rc == 0 && ward_buf_check(&all) < 0)
        rc = ward_error_set(err, WARD_ELIMIT, 0, "condition with exceptions too long");
    if (rc == 0)
        rc = ward_wcond_compile(rs, all.ptr, all.len, &r->node, err);
    ward_buf_dispose(&all);
    return rc;
}

int ward_wrules_compile(struct ward_wruleset *rs, struct ward_error **err)
{
    for (size_t i = 0; i < rs->nmacros; i++)
        rs->macros[i].state = 0; /* later files may have replaced lists/macros */
    for (size_t i = 0; i < rs->nrules; i++) {
        struct ward_wrule *r = &rs->rules[i];
        if (compile_rule(rs, r, err) < 0)
            return ward_error_wrap(err, "%s:%d: rule '%.100s'", r->file, r->line, r->name);
    }
    /* unused macros must be valid too */
    for (size_t i = 0; i < rs->nmacros; i++) {
        struct ward_wmacro *m = &rs->macros[i];
        if (m->state != 0)
            continue;
        struct ward_wnode *nd;
        if (ward_wcond_compile(rs, m->cond, strlen(m->cond), &nd, err) < 0)
            return ward_error_wrap(err, "%s:%d: macro '%.100s'", m->file, m->line, m->name);
    }
    rs->compiled = true;
    return 0;
}

size_t ward_wrules_eval(const struct ward_wruleset *rs, const struct ward_wevent *ev,
                        enum ward_wprio min, ward_wmatch_fn fn, void *ud)
{
    size_t n = 0;
    if (!rs->compiled)
        return 0;
    for (size_t i = 0; i < rs->nrules; i++) {
        const struct ward_wrule *r = &rs->rules[i];
        if (!r->enabled || r->prio > min || !r->node)
            continue;
        if (ward_wcond_eval(r->node, ev)) {
            n++;
            if (fn)
                fn(r, ev, ud);
        }
    }
    return n;
}
