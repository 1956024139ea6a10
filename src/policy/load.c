/* load.c - read a policy bundle (YAML, or JSON as YAML's flow subset) into the
 * compiled form of policy_int.h. A small libyaml event reader builds a jansson
 * tree and remembers each node's line/column, so every error names the place:
 * "bundle.yaml:12:9: policies[0].rules[1].action: must be STOP, WARN or GO". */
#include "match/filter.h"
#include "policy/policy_int.h"
#include "util/file.h"

#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <math.h>
#include <stdarg.h>
#include <string.h>
#include <strings.h>
#include <yaml.h>

/* ---- YAML -> jansson with node locations ---- */

struct loc {
    const json_t *node;
    unsigned line, col;
};

struct ctx {
    yaml_parser_t parser;
    const char *name;
    struct loc *locs;
    size_t n_locs, cap_locs;
    size_t nodes;
    struct ward_error **err;
};

static void loc_add(struct ctx *c, const json_t *node, const yaml_mark_t *m)
{
    WARD_GROW(c->locs, c->n_locs, c->cap_locs);
    c->locs[c->n_locs++] = (struct loc){node, (unsigned)m->line + 1, (unsigned)m->column + 1};
}

static const struct loc *loc_of(const struct ctx *c, const json_t *node)
{
    for (size_t i = 0; node && i < c->n_locs; i++)
        if (c->locs[i].node == node)
            return &c->locs[i];
    return NULL;
}

static int yerr(struct ctx *c, const yaml_mark_t *m, enum ward_code code, const char *fmt, ...)
    WARD_PRINTF(4, 5);
static int yerr(struct ctx *c, const yaml_mark_t *m, enum ward_code code, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    return ward_error_set(c->err, code, 0, "%s:%zu:%zu: %s", c->name, m->line + 1, m->column + 1,
                          msg);
}

static int next_event(struct ctx *c, yaml_event_t *ev)
{
    if (!yaml_parser_parse(&c->parser, ev)) {
        const char *prob = c->parser.problem ? c->parser.problem : "syntax error";
        return yerr(c, &c->parser.problem_mark, WARD_EFORMAT, "%s", prob);
    }
    return 0;
}

static json_t *plain_scalar(const char *s, size_t n)
{
    if (!n || (n == 1 && s[0] == '~') || !strcmp(s, "null") || !strcmp(s, "Null") ||
        !strcmp(s, "NULL"))
        return json_null();
    if (!strcmp(s, "true") || !strcmp(s, "True") || !strcmp(s, "TRUE"))
        return json_true();
    if (!strcmp(s, "false") || !strcmp(s, "False") || !strcmp(s, "FALSE"))
        return json_false();
    char *end;
    if ((s[0] >= '0' && s[0] <= '9') || s[0] == '-' || s[0] == '+' || s[0] == '.') {
        errno = 0;
        long long v = strtoll(s, &end, 10);
        if (!*end && !errno)
            return json_integer(v);
        double d = strtod(s, &end);
        if (!*end && isfinite(d) && memchr(s, '.', n))
            return json_real(d);
    }
    return json_stringn(s, n);
}

static int parse_node(struct ctx *c, yaml_event_t *ev, unsigned depth, json_t **out);

static int parse_children(struct ctx *c, json_t *coll, bool mapping, unsigned depth)
{
    for (;;) {
        yaml_event_t ev;
        if (next_event(c, &ev) < 0)
            return WARD_EFORMAT;
        if (ev.type == (mapping ? YAML_MAPPING_END_EVENT : YAML_SEQUENCE_END_EVENT)) {
            yaml_event_delete(&ev);
            return 0;
        }
        if (!mapping) {
            json_t *v = NULL;
            int rc = parse_node(c, &ev, depth + 1, &v);
            yaml_event_delete(&ev);
            if (rc < 0)
                return rc;
            json_array_append_new(coll, v);
            continue;
        }
        if (ev.type != YAML_SCALAR_EVENT) {
            int rc = yerr(c, &ev.start_mark, WARD_EFORMAT, "mapping keys must be plain strings");
            yaml_event_delete(&ev);
            return rc;
        }
        ward_autofree char *key =
            ward_xstrndup((const char *)ev.data.scalar.value, ev.data.scalar.length);
        bool nul = strlen(key) != ev.data.scalar.length;
        yaml_mark_t kmark = ev.start_mark;
        yaml_event_delete(&ev);
        if (nul)
            return yerr(c, &kmark, WARD_EFORMAT, "NUL byte in a key");
        if (json_object_get(coll, key))
            return yerr(c, &kmark, WARD_EFORMAT, "duplicate key '%s'", key);
        if (next_event(c, &ev) < 0)
            return WARD_EFORMAT;
        json_t *v = NULL;
        int rc = parse_node(c, &ev, depth + 1, &v);
        yaml_event_delete(&ev);
        if (rc < 0)
            return rc;
        if (json_object_set_new(coll, key, v) < 0)
            return yerr(c, &kmark, WARD_EFORMAT, "key is not valid UTF-8");
    }
}

static int parse_node(struct ctx *c, yaml_event_t *ev, unsigned depth, json_t **out)
{
    if (depth > WARD_POLICY_MAX_DEPTH)
        return yerr(c, &ev->start_mark, WARD_ELIMIT, "nested deeper than %u levels",
                    WARD_POLICY_MAX_DEPTH);
    if (++c->nodes > 16 * WARD_POLICY_MAX_LIST)
        return yerr(c, &ev->start_mark, WARD_ELIMIT, "more than %u nodes",
                    16 * WARD_POLICY_MAX_LIST);
    json_t *v = NULL;
    int rc = 0;
    switch (ev->type) {
    case YAML_SCALAR_EVENT: {
        const char *s = (const char *)ev->data.scalar.value;
        size_t n = ev->data.scalar.length;
        if (memchr(s, 0, n))
            return yerr(c, &ev->start_mark, WARD_EFORMAT, "NUL byte in a string");
        if (ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE)
            v = plain_scalar(s, n);
        else
            v = json_stringn(s, n);
        if (!v) /* invalid UTF-8 */
            return yerr(c, &ev->start_mark, WARD_EFORMAT, "string is not valid UTF-8");
        break;
    }
    case YAML_SEQUENCE_START_EVENT:
        v = json_array();
        rc = parse_children(c, v, false, depth);
        break;
    case YAML_MAPPING_START_EVENT:
        v = json_object();
        rc = parse_children(c, v, true, depth);
        break;
    case YAML_ALIAS_EVENT:
        return yerr(c, &ev->start_mark, WARD_EFORMAT, "YAML aliases are not supported");
    case YAML_NO_EVENT:
    case YAML_STREAM_START_EVENT:
    case YAML_STREAM_END_EVENT:
    case YAML_DOCUMENT_START_EVENT:
    case YAML_DOCUMENT_END_EVENT:
    case YAML_SEQUENCE_END_EVENT:
    case YAML_MAPPING_END_EVENT:
    default:
        return yerr(c, &ev->start_mark, WARD_EFORMAT, "unexpected YAML event");
    }
    if (rc < 0) {
        json_decref(v);
        return rc;
    }
    loc_add(c, v, &ev->start_mark);
    *out = v;
    return 0;
}

static int read_doc(struct ctx *c, const char *p, size_t n, json_t **out)
{
    yaml_event_t ev;
    json_t *root = NULL;
    int rc = 0;
    yaml_parser_set_input_string(&c->parser, (const unsigned char *)p, n);
    for (;;) {
        if (next_event(c, &ev) < 0) {
            rc = WARD_EFORMAT;
            break;
        }
        yaml_event_type_t t = ev.type;
        if (t == YAML_STREAM_END_EVENT) {
            yaml_event_delete(&ev);
            break;
        }
        if (t == YAML_SEQUENCE_START_EVENT || t == YAML_MAPPING_START_EVENT ||
            t == YAML_SCALAR_EVENT || t == YAML_ALIAS_EVENT) {
            if (root) {
                rc = yerr(c, &ev.start_mark, WARD_EFORMAT, "only one YAML document is allowed");
                yaml_event_delete(&ev);
                break;
            }
            rc = parse_node(c, &ev, 0, &root);
        }
        yaml_event_delete(&ev);
        if (rc < 0)
            break;
    }
    if (rc < 0) {
        json_decref(root);
        return rc;
    }
    if (!root) {
        yaml_mark_t m = {0, 0, 0};
        return yerr(c, &m, WARD_EFORMAT, "empty bundle");
    }
    *out = root;
    return 0;
}

/* ---- validation and compilation ---- */

static int bad(struct ctx *c, const json_t *node, const char *path, const char *fmt, ...)
    WARD_PRINTF(4, 5);
static int bad(struct ctx *c, const json_t *node, const char *path, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    const struct loc *l = loc_of(c, node);
    if (l)
        return ward_error_set(c->err, WARD_EFORMAT, 0, "%s:%u:%u: %s: %s", c->name, l->line, l->col,
                              path, msg);
    return ward_error_set(c->err, WARD_EFORMAT, 0, "%s: %s: %s", c->name, path, msg);
}

static const char *type_word(const json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_OBJECT:
        return "a mapping";
    case JSON_ARRAY:
        return "a list";
    case JSON_STRING:
        return "a string";
    case JSON_INTEGER:
    case JSON_REAL:
        return "a number";
    case JSON_TRUE:
    case JSON_FALSE:
        return "a boolean";
    case JSON_NULL:
    default:
        return "null";
    }
}

/* Reject keys not in the space-separated list `allowed` (typos must not pass silently). */
static int only_keys(struct ctx *c, const json_t *obj, const char *path, const char *allowed)
{
    const char *k;
    json_t *v;
    json_object_foreach((json_t *)obj, k, v)
    {
        size_t kl = strlen(k);
        bool ok = false;
        for (const char *a = allowed; *a && !ok;) {
            const char *e = strchr(a, ' ');
            size_t al = e ? (size_t)(e - a) : strlen(a);
            ok = al == kl && !memcmp(a, k, kl);
            a += al + (e ? 1 : 0);
        }
        if (!ok)
            return bad(c, v, path, "unknown key '%s' (expected one of: %s)", k, allowed);
    }
    return 0;
}

static int get_str(struct ctx *c, const json_t *obj, const char *key, const char *path,
                   bool required, char **out)
{
    json_t *v = json_object_get(obj, key);
    *out = NULL;
    if (!v || json_is_null(v)) {
        if (required)
            return bad(c, obj, path, "'%s' is required", key);
        return 0;
    }
    if (json_is_integer(v)) { /* `id: 2024` or `expires: 20250101` typed plain */
        *out = ward_xasprintf("%lld", (long long)json_integer_value(v));
        return 0;
    }
    if (!json_is_string(v))
        return bad(c, v, path, "'%s' must be a string, not %s", key, type_word(v));
    if (required && !json_string_length(v))
        return bad(c, v, path, "'%s' must not be empty", key);
    *out = ward_xstrdup(json_string_value(v));
    return 0;
}

/* A string, or a list of strings: into a NULL-free array. */
static int get_str_list(struct ctx *c, const json_t *obj, const char *key, const char *path,
                        char ***out, size_t *n)
{
    json_t *v = json_object_get(obj, key);
    *out = NULL;
    *n = 0;
    if (!v || json_is_null(v))
        return 0;
    if (json_is_string(v)) {
        *out = ward_xcalloc(1, sizeof(char *));
        (*out)[0] = ward_xstrdup(json_string_value(v));
        *n = 1;
        return 0;
    }
    if (!json_is_array(v))
        return bad(c, v, path, "'%s' must be a list of strings, not %s", key, type_word(v));
    size_t len = json_array_size(v);
    if (len > WARD_POLICY_MAX_LIST)
        return ward_error_set(c->err, WARD_ELIMIT, 0, "%s: %s.%s: more than %u items", c->name,
                              path, key, WARD_POLICY_MAX_LIST);
    *out = ward_xcalloc(len + 1, sizeof(char *));
    for (size_t i = 0; i < len; i++) {
        json_t *e = json_array_get(v, i);
        if (json_is_integer(e))
            (*out)[i] = ward_xasprintf("%lld", (long long)json_integer_value(e));
        else if (json_is_string(e) && json_string_length(e))
            (*out)[i] = ward_xstrdup(json_string_value(e));
        else
            return bad(c, e, path, "'%s'[%zu] must be a non-empty string, not %s", key, i,
                       type_word(e));
        (*n)++;
    }
    return 0;
}

static int get_bool(struct ctx *c, const json_t *obj, const char *key, const char *path, int *out)
{
    json_t *v = json_object_get(obj, key);
    *out = -1;
    if (!v || json_is_null(v))
        return 0;
    if (!json_is_boolean(v))
        return bad(c, v, path, "'%s' must be true or false, not %s", key, type_word(v));
    *out = json_is_true(v);
    return 0;
}

static int get_num(struct ctx *c, const json_t *obj, const char *key, const char *path, double lo,
                   double hi, double *out)
{
    json_t *v = json_object_get(obj, key);
    *out = -1;
    if (!v || json_is_null(v))
        return 0;
    if (!json_is_number(v))
        return bad(c, v, path, "'%s' must be a number, not %s", key, type_word(v));
    double d = json_number_value(v);
    if (!(d >= lo && d <= hi))
        return bad(c, v, path, "'%s' must be between %g and %g", key, lo, hi);
    *out = d;
    return 0;
}

static void free_strv(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

/* "<1.2", ">=1.0,<2.0", "= 3" -> constraints. */
static int parse_cons(const char *s, struct policy_vcons **out, size_t *n, const char **why)
{
    *out = NULL;
    *n = 0;
    const char *p = s;
    while (*p) {
        while (*p == ' ' || *p == ',')
            p++;
        if (!*p)
            break;
        struct policy_vcons vc = {{0}, NULL};
        static const char *const ops[] = {"<=", ">=", "!=", "==", "<", ">", "="};
        size_t ol = 0;
        for (size_t i = 0; i < WARD_ARRAY_LEN(ops); i++)
            if (!strncmp(p, ops[i], strlen(ops[i]))) {
                ol = strlen(ops[i]);
                memcpy(vc.op, ops[i], ol);
                if (!strcmp(vc.op, "=="))
                    vc.op[1] = 0;
                break;
            }
        if (!ol) {
            *why = "a version constraint starts with <, <=, >, >=, = or !=";
            return WARD_EFORMAT;
        }
        p += ol;
        while (*p == ' ')
            p++;
        const char *e = p;
        while (*e && *e != ',' && *e != ' ')
            e++;
        if (e == p) {
            *why = "a version constraint needs a version";
            return WARD_EFORMAT;
        }
        vc.version = ward_xstrndup(p, (size_t)(e - p));
        *out = ward_xreallocarray(*out, *n + 1, sizeof(**out));
        (*out)[(*n)++] = vc;
        p = e;
    }
    return 0;
}

static void free_cons(struct policy_vcons *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i].version);
    free(v);
}

/* "name", "name<1.2", "name >=1,<2" */
static int parse_pkg_entry(struct ctx *c, const json_t *node, const char *path, const char *s,
                           struct policy_pkg *out)
{
    size_t nl = strcspn(s, " <>=!");
    if (!nl)
        return bad(c, node, path, "'%s': a package entry starts with a name", s);
    out->name = ward_xstrndup(s, nl);
    const char *why = NULL;
    if (parse_cons(s + nl, &out->cons, &out->n_cons, &why) < 0)
        return bad(c, node, path, "'%s': %s", s, why);
    return 0;
}

/* "debian", "debian>=11", "alpine >= 3.18" (allowlist) or "debian 10", "alpine:3.10" (eol). */
static int parse_distro_entry(struct ctx *c, const json_t *node, const char *path, const char *s,
                              bool eol, struct policy_distro *out)
{
    size_t nl = strcspn(s, eol ? " :" : " <>=!");
    if (!nl)
        return bad(c, node, path, "'%s': an entry starts with a distro id (os-release ID)", s);
    out->id = ward_xstrndup(s, nl);
    const char *rest = s + nl;
    while (*rest == ' ' || (eol && *rest == ':'))
        rest++;
    if (eol) {
        if (!*rest)
            return bad(c, node, path, "'%s': an end-of-life entry is 'ID VERSION' (debian 10)", s);
        memcpy(out->cons.op, "=", 2);
        out->cons.version = ward_xstrdup(rest);
        return 0;
    }
    if (!*rest)
        return 0;
    struct policy_vcons *v = NULL;
    size_t n = 0;
    const char *why = NULL;
    if (parse_cons(rest, &v, &n, &why) < 0 || n != 1) {
        free_cons(v, n);
        return bad(c, node, path, "'%s': %s", s,
                   why ? why : "one version constraint per entry (debian>=11)");
    }
    out->cons = v[0];
    free(v);
    return 0;
}

struct trig_def {
    const char *gate, *trigger;
    enum policy_trigger t;
    const char *params;   /* allowed parameter names */
    const char *required; /* one required parameter, or NULL */
};

static const struct trig_def trig_defs[] = {
    {"vulnerabilities", "package", T_VULN_PACKAGE,
     "severity fix_available kev kev_ransomware epss epss_percentile cvss older_than_days "
     "package_type ids",
     NULL},
    {"secrets", "found", T_SECRET_FOUND, "severity rules include_deleted", NULL},
    {"malware", "found", T_MALWARE_FOUND, "signatures", NULL},
    {"config", "check", T_CONFIG_CHECK, "ids severity", NULL},
    {"licenses", "denylist", T_LICENSE_DENY, "licenses package_type", "licenses"},
    {"packages", "denylist", T_PACKAGE_DENY, "packages", "packages"},
    {"distro", "allowlist", T_DISTRO_ALLOW, "distros allow_unknown", "distros"},
    {"distro", "eol", T_DISTRO_EOL, "releases", "releases"},
    {"distro", "unknown", T_DISTRO_UNKNOWN, "", NULL},
    {"registries", "allowlist", T_REGISTRY_ALLOW, "registries", "registries"},
    {"image", "latest_tag", T_IMAGE_LATEST, "", NULL},
    {"image", "no_digest", T_IMAGE_NO_DIGEST, "", NULL},
    {"risk", "score", T_RISK_SCORE, "min", "min"},
};

static int parse_severity(struct ctx *c, const json_t *params, const char *path, int *out)
{
    *out = -1;
    json_t *v = json_object_get(params, "severity");
    if (!v || json_is_null(v))
        return 0;
    const char *s = json_string_value(v);
    static const char *const names[] = {"unknown", "negligible", "low",
                                        "medium",  "high",       "critical"};
    for (int i = 0; s && i < (int)WARD_ARRAY_LEN(names); i++)
        if (!strcasecmp(s, names[i])) {
            *out = i;
            return 0;
        }
    return bad(c, v, path,
               "'severity' must be one of unknown, negligible, low, medium, high, critical");
}

static int compile_params(struct ctx *c, struct policy_rule *r, const struct trig_def *td,
                          const json_t *params, const char *path)
{
    char pp[300];
    snprintf(pp, sizeof(pp), "%s.params", path);
    if (params && !json_is_object(params))
        return bad(c, params, pp, "must be a mapping, not %s", type_word(params));
    json_t *empty = json_object();
    if (!params)
        params = empty;
    int rc = only_keys(c, params, pp, td->params);
    if (!rc && td->required && !json_object_get(params, td->required))
        rc = bad(c, params, pp, "'%s' is required for %s/%s", td->required, td->gate, td->trigger);
    double d;
    if (!rc)
        rc = parse_severity(c, params, pp, &r->min_sev);
    if (!rc)
        rc = get_bool(c, params, "fix_available", pp, &r->fix_available);
    if (!rc)
        rc = get_bool(c, params, "kev", pp, &r->kev);
    if (!rc)
        rc = get_bool(c, params, "kev_ransomware", pp, &r->kev_ransomware);
    if (!rc)
        rc = get_bool(c, params, "include_deleted", pp, &r->include_deleted);
    if (!rc)
        rc = get_bool(c, params, "allow_unknown", pp, &r->allow_unknown);
    if (!rc)
        rc = get_num(c, params, "epss", pp, 0, 1, &r->epss);
    if (!rc)
        rc = get_num(c, params, "epss_percentile", pp, 0, 1, &r->epss_pct);
    if (!rc)
        rc = get_num(c, params, "cvss", pp, 0, 10, &r->cvss);
    if (!rc && !(rc = get_num(c, params, "older_than_days", pp, 0, 100000, &d)))
        r->older_than_days = d < 0 ? -1 : (int64_t)d;
    if (!rc && !(rc = get_num(c, params, "min", pp, 0, 100, &d)))
        r->min_score = d < 0 ? -1 : (int)d;
    if (!rc) {
        ward_autofree char *pt = NULL;
        rc = get_str(c, params, "package_type", pp, false, &pt);
        if (!rc && pt) {
            if (!strcmp(pt, "os"))
                r->pkg_class = WARD_PKG_CLASS_OS;
            else if (!strcmp(pt, "library"))
                r->pkg_class = WARD_PKG_CLASS_LIBRARY;
            else
                rc = bad(c, json_object_get(params, "package_type"), pp,
                         "'package_type' must be os or library");
        }
    }
    static const char *const glob_keys[] = {"ids", "rules", "signatures", "licenses", "registries"};
    for (size_t i = 0; !rc && i < WARD_ARRAY_LEN(glob_keys); i++)
        if (json_object_get(params, glob_keys[i]))
            rc = get_str_list(c, params, glob_keys[i], pp, &r->globs, &r->n_globs);
    if (!rc && (td->t == T_PACKAGE_DENY || td->t == T_DISTRO_ALLOW || td->t == T_DISTRO_EOL)) {
        const char *key = td->t == T_PACKAGE_DENY ? "packages"
                          : td->t == T_DISTRO_EOL ? "releases"
                                                  : "distros";
        char **v = NULL;
        size_t n = 0;
        rc = get_str_list(c, params, key, pp, &v, &n);
        json_t *node = json_object_get(params, key);
        if (!rc && td->t == T_PACKAGE_DENY) {
            r->pkgs = ward_xcalloc(n + 1, sizeof(*r->pkgs));
            for (size_t i = 0; !rc && i < n; i++, r->n_pkgs++)
                rc = parse_pkg_entry(c, json_is_array(node) ? json_array_get(node, i) : node, pp,
                                     v[i], &r->pkgs[i]);
        } else if (!rc) {
            r->distros = ward_xcalloc(n + 1, sizeof(*r->distros));
            for (size_t i = 0; !rc && i < n; i++, r->n_distros++)
                rc = parse_distro_entry(c, json_is_array(node) ? json_array_get(node, i) : node, pp,
                                        v[i], td->t == T_DISTRO_EOL, &r->distros[i]);
        }
        free_strv(v, n);
    }
    json_decref(empty);
    return rc;
}

static int parse_action(struct ctx *c, const json_t *rule, const char *path,
                        enum ward_policy_action *out)
{
    json_t *v = json_object_get(rule, "action");
    const char *s = json_string_value(v);
    if (!v)
        return bad(c, rule, path, "'action' is required (STOP, WARN or GO)");
    if (s && !strcasecmp(s, "stop"))
        *out = WARD_ACTION_STOP;
    else if (s && !strcasecmp(s, "warn"))
        *out = WARD_ACTION_WARN;
    else if (s && !strcasecmp(s, "go"))
        *out = WARD_ACTION_GO;
    else
        return bad(c, v, path, "'action' must be STOP, WARN or GO");
    return 0;
}

static int compile_rule(struct ctx *c, struct ward_policy_bundle *b, const char *policy_id,
                        const json_t *rj, const char *path, size_t index)
{
    if (!json_is_object(rj))
        return bad(c, rj, path, "a rule must be a mapping, not %s", type_word(rj));
    int rc = only_keys(c, rj, path, "id gate trigger params action message");
    if (rc)
        return rc;
    struct policy_rule *r = &b->rules[b->n_rules];
    memset(r, 0, sizeof(*r));
    r->min_sev = r->fix_available = r->kev = r->kev_ransomware = -1;
    r->include_deleted = r->allow_unknown = r->min_score = -1;
    r->epss = r->epss_pct = r->cvss = -1;
    r->older_than_days = -1;
    b->n_rules++; /* counted now so a failure frees what was set */
    r->policy_id = ward_xstrdup(policy_id);
    if ((rc = get_str(c, rj, "id", path, false, &r->id)) ||
        (rc = get_str(c, rj, "gate", path, true, &r->gate)) ||
        (rc = get_str(c, rj, "trigger", path, true, &r->trigger)) ||
        (rc = get_str(c, rj, "message", path, false, &r->message)) ||
        (rc = parse_action(c, rj, path, &r->action)))
        return rc;
    if (!r->id)
        r->id = ward_xasprintf("%s/%zu", policy_id, index);
    if (!strcmp(r->gate, "base_image")) { /* alias */
        free(r->gate);
        r->gate = ward_xstrdup("distro");
    }
    const struct trig_def *td = NULL;
    bool gate_known = false;
    for (size_t i = 0; i < WARD_ARRAY_LEN(trig_defs); i++) {
        if (strcmp(trig_defs[i].gate, r->gate) != 0)
            continue;
        gate_known = true;
        if (!strcmp(trig_defs[i].trigger, r->trigger))
            td = &trig_defs[i];
    }
    if (!gate_known)
        return bad(c, json_object_get(rj, "gate"), path,
                   "unknown gate '%s' (vulnerabilities, secrets, malware, config, licenses, "
                   "packages, distro, base_image, registries, image, risk)",
                   r->gate);
    if (!td) {
        char list[256] = "";
        size_t used = 0;
        for (size_t i = 0; i < WARD_ARRAY_LEN(trig_defs); i++)
            if (!strcmp(trig_defs[i].gate, r->gate) && used < sizeof(list))
                used += (size_t)snprintf(list + used, sizeof(list) - used, "%s%s", used ? ", " : "",
                                         trig_defs[i].trigger);
        return bad(c, json_object_get(rj, "trigger"), path, "unknown trigger '%s' for gate %s (%s)",
                   r->trigger, r->gate, list);
    }
    r->t = td->t;
    return compile_params(c, r, td, json_object_get(rj, "params"), path);
}

static int compile_policies(struct ctx *c, struct ward_policy_bundle *b, const json_t *pol)
{
    if (!json_is_array(pol))
        return bad(c, pol, "policies", "must be a list, not %s", type_word(pol));
    size_t np = json_array_size(pol), total = 0;
    if (np > WARD_POLICY_MAX_POLICIES)
        return ward_error_set(c->err, WARD_ELIMIT, 0, "%s: policies: more than %u policies",
                              c->name, WARD_POLICY_MAX_POLICIES);
    for (size_t i = 0; i < np; i++) {
        json_t *rules = json_object_get(json_array_get(pol, i), "rules");
        total += json_is_array(rules) ? json_array_size(rules) : 0;
    }
    if (total > WARD_POLICY_MAX_RULES)
        return ward_error_set(c->err, WARD_ELIMIT, 0, "%s: policies: more than %u rules", c->name,
                              WARD_POLICY_MAX_RULES);
    b->policies = ward_xcalloc(np + 1, sizeof(*b->policies));
    b->rules = ward_xcalloc(total + 1, sizeof(*b->rules));
    for (size_t i = 0; i < np; i++) {
        json_t *pj = json_array_get(pol, i);
        char path[64];
        snprintf(path, sizeof(path), "policies[%zu]", i);
        if (!json_is_object(pj))
            return bad(c, pj, path, "a policy must be a mapping, not %s", type_word(pj));
        int rc = only_keys(c, pj, path, "id name description rules");
        if (rc)
            return rc;
        struct policy_def *d = &b->policies[b->n_policies++];
        if ((rc = get_str(c, pj, "id", path, true, &d->id)) ||
            (rc = get_str(c, pj, "name", path, false, &d->name)))
            return rc;
        for (size_t k = 0; k + 1 < b->n_policies; k++)
            if (!strcmp(b->policies[k].id, d->id))
                return bad(c, json_object_get(pj, "id"), path, "duplicate policy id '%s'", d->id);
        json_t *rules = json_object_get(pj, "rules");
        if (!json_is_array(rules))
            return bad(c, rules ? rules : pj, path, "'rules' must be a list");
        d->first_rule = b->n_rules;
        for (size_t k = 0; k < json_array_size(rules); k++) {
            char rp[96];
            snprintf(rp, sizeof(rp), "%s.rules[%zu]", path, k);
            if ((rc = compile_rule(c, b, d->id, json_array_get(rules, k), rp, k)))
                return rc;
        }
        d->n_rules = b->n_rules - d->first_rule;
    }
    return 0;
}

static int compile_allow(struct ctx *c, struct ward_policy_bundle *b, const json_t *al)
{
    if (!json_is_array(al))
        return bad(c, al, "allowlists", "must be a list, not %s", type_word(al));
    size_t n = json_array_size(al);
    if (n > WARD_POLICY_MAX_ALLOW)
        return ward_error_set(c->err, WARD_ELIMIT, 0, "%s: allowlists: more than %u entries",
                              c->name, WARD_POLICY_MAX_ALLOW);
    b->allow = ward_xcalloc(n + 1, sizeof(*b->allow));
    for (size_t i = 0; i < n; i++) {
        json_t *e = json_array_get(al, i);
        char path[64];
        snprintf(path, sizeof(path), "allowlists[%zu]", i);
        if (!json_is_object(e))
            return bad(c, e, path, "an entry must be a mapping, not %s", type_word(e));
        int rc = only_keys(c, e, path, "id package expires reason");
        if (rc)
            return rc;
        struct policy_allow *a = &b->allow[b->n_allow++];
        a->expires_day = -1;
        if ((rc = get_str(c, e, "id", path, true, &a->id)) ||
            (rc = get_str(c, e, "package", path, false, &a->package)) ||
            (rc = get_str(c, e, "expires", path, false, &a->expires)) ||
            (rc = get_str(c, e, "reason", path, false, &a->reason)))
            return rc;
        if (a->expires) {
            a->expires_day = ward_policy__days(a->expires);
            if (a->expires_day < 0 || strlen(a->expires) < 10)
                return bad(c, json_object_get(e, "expires"), path,
                           "'expires' must be a date YYYY-MM-DD, not '%s'", a->expires);
        }
    }
    return 0;
}

static int compile_mappings(struct ctx *c, struct ward_policy_bundle *b, const json_t *mp)
{
    if (!json_is_array(mp))
        return bad(c, mp, "mappings", "must be a list, not %s", type_word(mp));
    size_t n = json_array_size(mp);
    if (n > WARD_POLICY_MAX_MAPPINGS)
        return ward_error_set(c->err, WARD_ELIMIT, 0, "%s: mappings: more than %u entries", c->name,
                              WARD_POLICY_MAX_MAPPINGS);
    b->mappings = ward_xcalloc(n + 1, sizeof(*b->mappings));
    for (size_t i = 0; i < n; i++) {
        json_t *e = json_array_get(mp, i);
        char path[64];
        snprintf(path, sizeof(path), "mappings[%zu]", i);
        if (!json_is_object(e))
            return bad(c, e, path, "a mapping entry must be a mapping, not %s", type_word(e));
        int rc = only_keys(c, e, path, "image policies");
        if (rc)
            return rc;
        struct policy_mapping *m = &b->mappings[b->n_mappings++];
        if ((rc = get_str(c, e, "image", path, true, &m->image)) ||
            (rc = get_str_list(c, e, "policies", path, &m->policies, &m->n_policies)))
            return rc;
        if (!m->n_policies)
            return bad(c, e, path, "'policies' must name at least one policy id");
        for (size_t k = 0; k < m->n_policies; k++) {
            bool found = false;
            for (size_t p = 0; p < b->n_policies && !found; p++)
                found = !strcmp(b->policies[p].id, m->policies[k]);
            if (!found)
                return bad(c, json_object_get(e, "policies"), path, "no policy with id '%s'",
                           m->policies[k]);
        }
    }
    return 0;
}

static int compile(struct ctx *c, struct ward_policy_bundle *b, const json_t *root)
{
    if (!json_is_object(root))
        return bad(c, root, "(top)", "a bundle is a mapping, not %s", type_word(root));
    int rc = only_keys(c, root, "(top)", "version name description policies allowlists mappings");
    if (rc)
        return rc;
    json_t *ver = json_object_get(root, "version");
    if (ver && !(json_is_integer(ver) && json_integer_value(ver) == 1))
        return bad(c, ver, "version", "only version 1 is known");
    char *name = NULL;
    if ((rc = get_str(c, root, "name", "(top)", false, &name)))
        return rc;
    if (name) {
        free(b->name);
        b->name = name;
    }
    json_t *pol = json_object_get(root, "policies");
    if (!pol)
        return bad(c, root, "(top)", "'policies' is required");
    if ((rc = compile_policies(c, b, pol)))
        return rc;
    json_t *al = json_object_get(root, "allowlists");
    if (al && !json_is_null(al) && (rc = compile_allow(c, b, al)))
        return rc;
    json_t *mp = json_object_get(root, "mappings");
    if (mp && !json_is_null(mp) && (rc = compile_mappings(c, b, mp)))
        return rc;
    return 0;
}

int ward_policy_bundle_parse(struct ward_policy_bundle **out, const char *p, size_t n,
                             const char *name, struct ward_error **err)
{
    if (!name)
        name = "policy";
    if (n > WARD_POLICY_MAX_BYTES)
        return ward_error_set(err, WARD_ELIMIT, 0, "%s: bundle larger than %u bytes", name,
                              WARD_POLICY_MAX_BYTES);
    struct ctx c = {.name = name, .err = err};
    if (!yaml_parser_initialize(&c.parser))
        ward_oom();
    json_t *root = NULL;
    struct ward_policy_bundle *b = ward_xcalloc(1, sizeof(*b));
    b->name = ward_xstrdup(name);
    int rc = read_doc(&c, p, n, &root);
    if (!rc)
        rc = compile(&c, b, root);
    json_decref(root);
    yaml_parser_delete(&c.parser);
    free(c.locs);
    if (rc < 0) {
        ward_policy_bundle_free(b);
        return rc;
    }
    *out = b;
    return 0;
}

int ward_policy_bundle_load(struct ward_policy_bundle **out, const char *path,
                            struct ward_error **err)
{
    if (!strcmp(path, WARD_POLICY_BUILTIN)) {
        size_t len;
        const char *t = ward_policy_default_text(&len);
        return ward_policy_bundle_parse(out, t, len, "default", err);
    }
    struct ward_buf b = WARD_BUF_INIT(0);
    int rc = ward_file_read(&b, AT_FDCWD, path, WARD_POLICY_MAX_BYTES + 1, err);
    if (rc < 0) {
        ward_buf_dispose(&b);
        return ward_error_wrap(err, "policy bundle %s", path);
    }
    rc = ward_policy_bundle_parse(out, b.ptr ? b.ptr : "", b.len, path, err);
    ward_buf_dispose(&b);
    return rc;
}

void ward_policy_bundle_free(struct ward_policy_bundle *b)
{
    if (!b)
        return;
    for (size_t i = 0; i < b->n_policies; i++) {
        free(b->policies[i].id);
        free(b->policies[i].name);
    }
    for (size_t i = 0; i < b->n_rules; i++) {
        struct policy_rule *r = &b->rules[i];
        free(r->id);
        free(r->policy_id);
        free(r->gate);
        free(r->trigger);
        free(r->message);
        free_strv(r->globs, r->n_globs);
        for (size_t k = 0; k < r->n_pkgs; k++) {
            free(r->pkgs[k].name);
            free(r->pkgs[k].type);
            free_cons(r->pkgs[k].cons, r->pkgs[k].n_cons);
        }
        free(r->pkgs);
        for (size_t k = 0; k < r->n_distros; k++) {
            free(r->distros[k].id);
            free(r->distros[k].cons.version);
        }
        free(r->distros);
    }
    for (size_t i = 0; i < b->n_allow; i++) {
        free(b->allow[i].id);
        free(b->allow[i].package);
        free(b->allow[i].expires);
        free(b->allow[i].reason);
    }
    for (size_t i = 0; i < b->n_mappings; i++) {
        free(b->mappings[i].image);
        free_strv(b->mappings[i].policies, b->mappings[i].n_policies);
    }
    free(b->policies);
    free(b->rules);
    free(b->allow);
    free(b->mappings);
    free(b->name);
    free(b);
}

void ward_policy_bundle_counts(const struct ward_policy_bundle *b, size_t *policies, size_t *rules,
                               size_t *allow, size_t *mappings)
{
    *policies = b->n_policies;
    *rules = b->n_rules;
    *allow = b->n_allow;
    *mappings = b->n_mappings;
}

const char *ward_policy_bundle_name(const struct ward_policy_bundle *b)
{
    return b->name;
}
