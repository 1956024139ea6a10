/* k8s.c - Kubernetes manifest checks for `ward lint`. libyaml's event parser
 * builds a small node tree (aliases share nodes, never copied: no billion
 * laughs); each pod spec found in a workload is checked against the K8S-0xx
 * rules. Findings honour `ward.dev/ignore` annotations and `# ward:ignore`. */
#include "misconf/k8s.h"

#include "util/buf.h"
#include "util/common.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <yaml.h>

/* ---- rules ---- */

static const struct ward_lint_rule rules[] = {
    {"K8S-001", WARD_LINT_ERROR, "Container runs privileged"},
    {"K8S-002", WARD_LINT_WARNING, "allowPrivilegeEscalation is not false"},
    {"K8S-003", WARD_LINT_WARNING, "hostPath volume"},
    {"K8S-004", WARD_LINT_ERROR, "hostPath volume of a sensitive host path"},
    {"K8S-005", WARD_LINT_ERROR, "Pod shares the host network (hostNetwork)"},
    {"K8S-006", WARD_LINT_ERROR, "Pod shares the host PID namespace (hostPID)"},
    {"K8S-007", WARD_LINT_ERROR, "Pod shares the host IPC namespace (hostIPC)"},
    {"K8S-008", WARD_LINT_ERROR, "Dangerous capability added"},
    {"K8S-009", WARD_LINT_WARNING, "Capabilities not dropped (drop: [ALL])"},
    {"K8S-010", WARD_LINT_WARNING, "Container may run as root (runAsNonRoot not true)"},
    {"K8S-011", WARD_LINT_ERROR, "Container runs as uid 0 (runAsUser: 0)"},
    {"K8S-012", WARD_LINT_WARNING, "Root filesystem is writable (readOnlyRootFilesystem)"},
    {"K8S-013", WARD_LINT_WARNING, "CPU or memory limit missing"},
    {"K8S-014", WARD_LINT_INFO, "CPU or memory request missing"},
    {"K8S-015", WARD_LINT_WARNING, "Image uses the latest tag or no tag"},
    {"K8S-016", WARD_LINT_INFO, "Image not pinned by digest"},
    {"K8S-017", WARD_LINT_INFO, "Service account token mounted automatically"},
    {"K8S-018", WARD_LINT_WARNING, "hostPort used"},
    {"K8S-019", WARD_LINT_WARNING, "seccomp profile not RuntimeDefault or Localhost"},
    {"K8S-020", WARD_LINT_INFO, "Object placed in the default namespace"},
    {"K8S-021", WARD_LINT_ERROR, "SELinux or AppArmor confinement disabled"},
};

const struct ward_lint_rule *ward_k8s_rules(size_t *n)
{
    *n = WARD_ARRAY_LEN(rules);
    return rules;
}

const struct ward_lint_rule *ward_k8s_rule_find(const char *id)
{
    for (size_t i = 0; i < WARD_ARRAY_LEN(rules); i++)
        if (!strcasecmp(rules[i].id, id))
            return &rules[i];
    return NULL;
}

/* ---- YAML tree ---- */

enum ytype { Y_SCALAR, Y_MAP, Y_SEQ };

struct ynode {
    enum ytype type;
    uint32_t line;    /* 1-based */
    bool plain;       /* unquoted scalar */
    bool done;        /* closed: only closed nodes may be aliased (no cycles) */
    char *s;          /* scalar text */
    struct ynode **v; /* map: key, value, key, value...; seq: items */
    size_t n, cap;
};

struct anchor {
    char *name;
    struct ynode *node;
};

struct doc {
    struct ynode *root;
    uint32_t line;      /* first content line */
    const char *source; /* Helm "# Source:" (points into the input copy) */
    size_t source_len;
};

struct ignore_comment {
    uint32_t line; /* the line it applies to */
    char *ids;     /* comma/space separated */
};

struct ytree {
    struct ynode **all;
    size_t n_all, cap_all;
    struct anchor *anchors;
    size_t n_anchors, cap_anchors;
    struct doc *docs;
    size_t n_docs, cap_docs;
    struct ignore_comment *ign;
    size_t n_ign, cap_ign;
};

static void ytree_dispose(struct ytree *t)
{
    for (size_t i = 0; i < t->n_all; i++) {
        free(t->all[i]->s);
        free(t->all[i]->v);
        free(t->all[i]);
    }
    free(t->all);
    for (size_t i = 0; i < t->n_anchors; i++)
        free(t->anchors[i].name);
    free(t->anchors);
    free(t->docs);
    for (size_t i = 0; i < t->n_ign; i++)
        free(t->ign[i].ids);
    free(t->ign);
}

static struct ynode *ynew(struct ytree *t, enum ytype type, const yaml_mark_t *m)
{
    struct ynode *n = ward_xcalloc(1, sizeof(*n));
    n->type = type;
    n->line = (uint32_t)WARD_MIN(m->line + 1, (size_t)UINT32_MAX);
    WARD_GROW(t->all, t->n_all, t->cap_all);
    t->all[t->n_all++] = n;
    return n;
}

static void ychild(struct ynode *parent, struct ynode *c)
{
    WARD_GROW(parent->v, parent->n, parent->cap);
    parent->v[parent->n++] = c;
}

static int yerr(struct ward_error **err, yaml_parser_t *p)
{
    return ward_error_set(err, WARD_EFORMAT, 0, "line %zu column %zu: %s%s%s",
                          (size_t)p->problem_mark.line + 1, (size_t)p->problem_mark.column + 1,
                          p->problem ? p->problem : "malformed YAML", p->context ? " " : "",
                          p->context ? p->context : "");
}

static int add_anchor(struct ytree *t, const yaml_char_t *name, struct ynode *n,
                      struct ward_error **err)
{
    if (!name)
        return 0;
    if (t->n_anchors >= WARD_K8S_MAX_ALIASES)
        return ward_error_set(err, WARD_ELIMIT, 0, "line %u: more than %u anchors", n->line,
                              WARD_K8S_MAX_ALIASES);
    WARD_GROW(t->anchors, t->n_anchors, t->cap_anchors);
    t->anchors[t->n_anchors].name = ward_xstrdup((const char *)name);
    t->anchors[t->n_anchors].node = n;
    t->n_anchors++;
    return 0;
}

static int yparse(struct ytree *t, const char *p, size_t len, struct ward_error **err)
{
    yaml_parser_t ps;
    yaml_event_t ev;
    struct ynode *stack[WARD_K8S_MAX_DEPTH];
    size_t depth = 0, aliases = 0;
    struct ynode *root = NULL;
    int rc = 0;
    bool in_doc = false;

    if (!yaml_parser_initialize(&ps))
        return ward_error_set(err, WARD_ERR, 0, "libyaml: cannot initialise the parser");
    yaml_parser_set_input_string(&ps, (const unsigned char *)p, len);
    for (;;) {
        if (!yaml_parser_parse(&ps, &ev)) {
            rc = yerr(err, &ps);
            break;
        }
        struct ynode *n = NULL;
        const yaml_char_t *anchor = NULL;
        bool done = false;
        switch (ev.type) {
        case YAML_STREAM_END_EVENT:
            done = true;
            break;
        case YAML_DOCUMENT_START_EVENT:
            root = NULL;
            depth = 0;
            in_doc = true;
            /* anchors are per document */
            for (size_t i = 0; i < t->n_anchors; i++)
                free(t->anchors[i].name);
            t->n_anchors = 0;
            break;
        case YAML_DOCUMENT_END_EVENT:
            if (t->n_docs >= WARD_K8S_MAX_DOCS) {
                rc = ward_error_set(err, WARD_ELIMIT, 0, "more than %u documents",
                                    WARD_K8S_MAX_DOCS);
                break;
            }
            WARD_GROW(t->docs, t->n_docs, t->cap_docs);
            t->docs[t->n_docs++] = (struct doc){.root = root, .line = root ? root->line : 0};
            in_doc = false;
            break;
        case YAML_MAPPING_START_EVENT:
        case YAML_SEQUENCE_START_EVENT:
        case YAML_SCALAR_EVENT:
            if (t->n_all >= WARD_K8S_MAX_NODES) {
                rc = ward_error_set(err, WARD_ELIMIT, 0, "line %zu: more than %u YAML nodes",
                                    (size_t)ev.start_mark.line + 1, WARD_K8S_MAX_NODES);
                break;
            }
            if (ev.type == YAML_SCALAR_EVENT) {
                n = ynew(t, Y_SCALAR, &ev.start_mark);
                n->s = ward_xstrndup((const char *)ev.data.scalar.value, ev.data.scalar.length);
                n->plain = ev.data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
                n->done = true;
                anchor = ev.data.scalar.anchor;
            } else {
                n = ynew(t, ev.type == YAML_MAPPING_START_EVENT ? Y_MAP : Y_SEQ, &ev.start_mark);
                anchor = ev.type == YAML_MAPPING_START_EVENT ? ev.data.mapping_start.anchor
                                                             : ev.data.sequence_start.anchor;
            }
            break;
        case YAML_ALIAS_EVENT: {
            if (++aliases > WARD_K8S_MAX_ALIASES) {
                rc = ward_error_set(err, WARD_ELIMIT, 0, "line %zu: more than %u aliases",
                                    (size_t)ev.start_mark.line + 1, WARD_K8S_MAX_ALIASES);
                break;
            }
            const char *name = (const char *)ev.data.alias.anchor;
            for (size_t i = t->n_anchors; i-- > 0;)
                if (!strcmp(t->anchors[i].name, name)) {
                    n = t->anchors[i].node;
                    break;
                }
            if (!n || !n->done) {
                rc =
                    ward_error_set(err, WARD_EFORMAT, 0, "line %zu column %zu: %s alias *%s",
                                   (size_t)ev.start_mark.line + 1, (size_t)ev.start_mark.column + 1,
                                   n ? "recursive" : "undefined", name);
                n = NULL;
            }
            break;
        }
        case YAML_MAPPING_END_EVENT:
        case YAML_SEQUENCE_END_EVENT:
            if (depth) {
                stack[depth - 1]->done = true;
                depth--;
            }
            break;
        case YAML_NO_EVENT:
        case YAML_STREAM_START_EVENT:
            break;
        }
        if (rc == 0 && n) {
            if (depth)
                ychild(stack[depth - 1], n);
            else if (in_doc && !root)
                root = n;
            if (anchor)
                rc = add_anchor(t, anchor, n, err);
            if (rc == 0 && !n->done && ev.type != YAML_ALIAS_EVENT) {
                if (depth >= WARD_K8S_MAX_DEPTH)
                    rc = ward_error_set(err, WARD_ELIMIT, 0,
                                        "line %u: nesting deeper than %u levels", n->line,
                                        WARD_K8S_MAX_DEPTH);
                else
                    stack[depth++] = n;
            }
        }
        yaml_event_delete(&ev);
        if (rc < 0 || done)
            break;
    }
    yaml_parser_delete(&ps);
    return rc;
}

/* ---- tree access ---- */

static const struct ynode *map_get_k(const struct ynode *m, const char *key,
                                     const struct ynode **keynode, int hops)
{
    if (!m || m->type != Y_MAP || hops > 8)
        return NULL;
    for (size_t i = 0; i + 1 < m->n; i += 2)
        if (m->v[i]->type == Y_SCALAR && !strcmp(m->v[i]->s, key)) {
            if (keynode)
                *keynode = m->v[i];
            return m->v[i + 1];
        }
    /* merge keys: "<<: *base" or "<<: [*a, *b]" */
    for (size_t i = 0; i + 1 < m->n; i += 2) {
        if (m->v[i]->type != Y_SCALAR || strcmp(m->v[i]->s, "<<") != 0)
            continue;
        const struct ynode *v = m->v[i + 1];
        if (v->type == Y_MAP)
            return map_get_k(v, key, keynode, hops + 1);
        for (size_t k = 0; v->type == Y_SEQ && k < v->n; k++) {
            const struct ynode *r = map_get_k(v->v[k], key, keynode, hops + 1);
            if (r)
                return r;
        }
    }
    return NULL;
}

static const struct ynode *get(const struct ynode *m, const char *key)
{
    return map_get_k(m, key, NULL, 0);
}

/* Line of key in m (the key itself), or fallback when absent. */
static uint32_t key_line(const struct ynode *m, const char *key, uint32_t fallback)
{
    const struct ynode *k = NULL;
    return map_get_k(m, key, &k, 0) && k ? k->line : fallback;
}

static const char *str(const struct ynode *n)
{
    return n && n->type == Y_SCALAR ? n->s : NULL;
}

/* 1 true, 0 false, -1 absent or not a boolean (YAML 1.1 words, as Kubernetes reads them). */
static int ybool(const struct ynode *n)
{
    const char *s = str(n);
    if (!s)
        return -1;
    static const char *const t[] = {"true", "True", "TRUE", "yes", "Yes", "YES",
                                    "on",   "On",   "ON",   "y",   "Y"};
    static const char *const f[] = {"false", "False", "FALSE", "no", "No", "NO",
                                    "off",   "Off",   "OFF",   "n",  "N"};
    for (size_t i = 0; i < WARD_ARRAY_LEN(t); i++) {
        if (!strcmp(s, t[i]))
            return n->plain ? 1 : -1;
        if (!strcmp(s, f[i]))
            return n->plain ? 0 : -1;
    }
    return -1;
}

/* Integer value; false when absent or not an integer. */
static bool yint(const struct ynode *n, long long *out)
{
    const char *s = str(n);
    if (!s || !*s)
        return false;
    char *end;
    long long v = strtoll(s, &end, 10);
    if (*end)
        return false;
    *out = v;
    return true;
}

/* ---- checks ---- */

struct kctx {
    const struct ward_lint_opts *opts;
    struct ward_lint_result *res;
    const struct ytree *t;
    const struct doc *doc;
    char what[256];                  /* "Deployment/web" */
    const struct ynode *ign[2];      /* ward.dev/ignore annotation values (object, template) */
    const struct ynode *annotations; /* pod annotations (template's, or the Pod's) */
};

static bool id_in_list(const char *list, const char *id)
{
    size_t n = strlen(id);
    for (const char *p = list; *p;) {
        p += strspn(p, ", \t");
        size_t k = strcspn(p, ", \t");
        if (k == n && !strncasecmp(p, id, n))
            return true;
        p += k;
    }
    return false;
}

static bool ignored(const struct kctx *k, const char *id, uint32_t line)
{
    for (size_t i = 0; i < k->opts->n_ignore; i++)
        if (!strcasecmp(k->opts->ignore[i], id))
            return true;
    if (k->opts->no_inline_ignores)
        return false;
    for (size_t i = 0; i < 2; i++)
        if (str(k->ign[i]) && id_in_list(str(k->ign[i]), id))
            return true;
    for (size_t i = 0; i < k->t->n_ign; i++) {
        const struct ignore_comment *c = &k->t->ign[i];
        if ((c->line == line || (k->doc->line && c->line == k->doc->line)) &&
            id_in_list(c->ids, id))
            return true;
    }
    return false;
}

WARD_PRINTF(4, 5)
static void report(struct kctx *k, const char *id, uint32_t line, const char *fmt, ...)
{
    const struct ward_lint_rule *r = ward_k8s_rule_find(id);
    if (!r || ignored(k, id, line))
        return;
    struct ward_buf b = WARD_BUF_INIT(4096);
    ward_buf_addf(&b, "%s: ", k->what);
    va_list ap;
    va_start(ap, fmt);
    ward_buf_vaddf(&b, fmt, ap);
    va_end(ap);
    if (k->doc->source)
        ward_buf_addf(&b, " (Source: %.*s)", (int)WARD_MIN(k->doc->source_len, 512),
                      k->doc->source);
    if (ward_buf_check(&b) < 0 || !b.ptr) {
        ward_buf_dispose(&b);
        b = (struct ward_buf)WARD_BUF_INIT(0);
        ward_buf_adds(&b, r->title);
    }
    WARD_GROW(k->res->items, k->res->n, k->res->cap);
    k->res->items[k->res->n++] = (struct ward_lint_finding){
        .rule = r->id, .sev = r->sev, .line = line, .msg = ward_buf_steal(&b)};
}

static bool pinned_by_digest(const char *img)
{
    return strchr(img, '@') != NULL;
}

static void check_image(struct kctx *k, const struct ynode *c, const char *cname, uint32_t cline)
{
    const struct ynode *kn = NULL;
    const char *img = str(map_get_k(c, "image", &kn, 0));
    if (!img)
        return;
    uint32_t line = kn ? kn->line : cline;
    if (pinned_by_digest(img))
        return;
    const char *slash = strrchr(img, '/');
    const char *colon = strchr(slash ? slash : img, ':');
    if (!colon)
        report(k, "K8S-015", line, "container %s: image %s has no tag (pulls :latest)", cname, img);
    else if (!strcmp(colon + 1, "latest"))
        report(k, "K8S-015", line, "container %s: image %s uses the latest tag", cname, img);
    report(k, "K8S-016", line, "container %s: image %s is not pinned by digest (@sha256:...)",
           cname, img);
}

static const char *strip_cap(const char *s)
{
    return !strncasecmp(s, "CAP_", 4) ? s + 4 : s;
}

/* A security-context field: the container's value wins over the pod's.
 * Returns the value node; *line gets the key's line. */
static const struct ynode *effective(const struct ynode *csc, const struct ynode *psc,
                                     const char *key, uint32_t *line)
{
    const struct ynode *kn = NULL, *v = map_get_k(csc, key, &kn, 0);
    if (!v)
        v = map_get_k(psc, key, &kn, 0);
    if (v && kn)
        *line = kn->line;
    return v;
}

static const char *annotation(const struct kctx *k, const char *prefix, const char *cname)
{
    char key[512];
    struct ward_buf b = WARD_BUF_INIT(sizeof(key));
    ward_buf_adds(&b, prefix);
    ward_buf_adds(&b, cname);
    const char *v = ward_buf_check(&b) == 0 && b.ptr ? str(get(k->annotations, b.ptr)) : NULL;
    ward_buf_dispose(&b);
    return v;
}

static void check_container(struct kctx *k, const struct ynode *c, const struct ynode *psc)
{
    if (!c || c->type != Y_MAP)
        return;
    const char *cname = str(get(c, "name"));
    if (!cname)
        cname = "(unnamed)";
    uint32_t cl = key_line(c, "name", c->line);
    const struct ynode *csc = get(c, "securityContext");
    uint32_t cscl = key_line(c, "securityContext", cl);

    /* K8S-001 */
    if (ybool(get(csc, "privileged")) == 1)
        report(k, "K8S-001", key_line(csc, "privileged", cscl),
               "container %s: privileged: true gives it every capability and all host devices",
               cname);
    /* K8S-002 */
    int ape = ybool(get(csc, "allowPrivilegeEscalation"));
    if (ape == 1)
        report(k, "K8S-002", key_line(csc, "allowPrivilegeEscalation", cscl),
               "container %s: allowPrivilegeEscalation is true", cname);
    else if (ape != 0)
        report(k, "K8S-002", csc ? cscl : cl,
               "container %s: allowPrivilegeEscalation is not set to false", cname);
    /* K8S-008 / K8S-009 */
    const struct ynode *caps = get(csc, "capabilities");
    uint32_t capl = key_line(csc, "capabilities", csc ? cscl : cl);
    const struct ynode *add = get(caps, "add");
    static const char *const bad[] = {"ALL",          "SYS_ADMIN",  "NET_ADMIN", "NET_RAW",
                                      "SYS_PTRACE",   "SYS_MODULE", "SYS_RAWIO", "DAC_READ_SEARCH",
                                      "BPF",          "SYS_BOOT",   "SYS_TIME",  "MAC_ADMIN",
                                      "MAC_OVERRIDE", "PERFMON",    "SETFCAP"};
    for (size_t i = 0; add && add->type == Y_SEQ && i < add->n; i++) {
        const char *cap = str(add->v[i]);
        if (!cap)
            continue;
        for (size_t b = 0; b < WARD_ARRAY_LEN(bad); b++)
            if (!strcasecmp(strip_cap(cap), bad[b])) {
                report(k, "K8S-008", add->v[i]->line, "container %s: capability %s is added", cname,
                       cap);
                break;
            }
    }
    const struct ynode *drop = get(caps, "drop");
    bool drop_all = false;
    for (size_t i = 0; drop && drop->type == Y_SEQ && i < drop->n; i++)
        if (str(drop->v[i]) && !strcasecmp(strip_cap(str(drop->v[i])), "ALL"))
            drop_all = true;
    if (!drop_all)
        report(k, "K8S-009", drop ? key_line(caps, "drop", capl) : capl,
               "container %s: capabilities are not dropped with drop: [ALL]", cname);
    /* K8S-010 / K8S-011 */
    uint32_t nrl = csc ? cscl : cl, rul = nrl;
    const struct ynode *nonroot = effective(csc, psc, "runAsNonRoot", &nrl);
    const struct ynode *runas = effective(csc, psc, "runAsUser", &rul);
    long long uid = -1;
    bool has_uid = yint(runas, &uid);
    if (has_uid && uid == 0)
        report(k, "K8S-011", rul, "container %s: runAsUser is 0 (root)", cname);
    else if (ybool(nonroot) != 1 && !(has_uid && uid > 0))
        report(k, "K8S-010", nrl,
               "container %s: runAsNonRoot is %s and no non-zero runAsUser is set", cname,
               ybool(nonroot) == 0 ? "false" : "not set");
    /* K8S-012 */
    int ro = ybool(get(csc, "readOnlyRootFilesystem"));
    if (ro != 1)
        report(k, "K8S-012", ro == 0 ? key_line(csc, "readOnlyRootFilesystem", cscl) : nrl,
               "container %s: readOnlyRootFilesystem is %s", cname, ro == 0 ? "false" : "not set");
    /* K8S-013 / K8S-014 */
    const struct ynode *res = get(c, "resources");
    uint32_t resl = key_line(c, "resources", cl);
    static const char *const kinds[] = {"limits", "requests"};
    static const char *const ids[] = {"K8S-013", "K8S-014"};
    for (size_t i = 0; i < 2; i++) {
        const struct ynode *m = get(res, kinds[i]);
        bool cpu = get(m, "cpu") != NULL, mem = get(m, "memory") != NULL;
        if (!cpu || !mem)
            report(k, ids[i], m ? key_line(res, kinds[i], resl) : resl,
                   "container %s: no %s%s%s %s", cname, cpu ? "" : "cpu",
                   !cpu && !mem ? " or " : "", mem ? "" : "memory", i ? "request" : "limit");
    }
    /* K8S-015 / K8S-016 */
    check_image(k, c, cname, cl);
    /* K8S-018 */
    const struct ynode *ports = get(c, "ports");
    for (size_t i = 0; ports && ports->type == Y_SEQ && i < ports->n; i++) {
        long long hp;
        if (yint(get(ports->v[i], "hostPort"), &hp) && hp > 0)
            report(k, "K8S-018", key_line(ports->v[i], "hostPort", ports->v[i]->line),
                   "container %s: hostPort %lld binds a port on the node", cname, hp);
    }
    /* K8S-019 */
    uint32_t scl = nrl;
    const struct ynode *sp = effective(csc, psc, "seccompProfile", &scl);
    const char *stype = str(get(sp, "type"));
    if (stype) {
        if (strcmp(stype, "RuntimeDefault") != 0 && strcmp(stype, "Localhost") != 0)
            report(k, "K8S-019", key_line(sp, "type", scl), "container %s: seccompProfile is %s",
                   cname, stype);
    } else {
        const char *ann = annotation(k, "container.seccomp.security.alpha.kubernetes.io/", cname);
        if (!ann)
            ann = str(get(k->annotations, "seccomp.security.alpha.kubernetes.io/pod"));
        if (!ann)
            report(k, "K8S-019", scl, "container %s: no seccompProfile (runs Unconfined)", cname);
        else if (strcmp(ann, "runtime/default") != 0 && strcmp(ann, "docker/default") != 0 &&
                 strncmp(ann, "localhost/", 10) != 0)
            report(k, "K8S-019", scl, "container %s: seccomp annotation is %s", cname, ann);
    }
    /* K8S-021 */
    uint32_t sel = nrl;
    const struct ynode *se = effective(csc, psc, "seLinuxOptions", &sel);
    const char *setype = str(get(se, "type"));
    if (setype && (!strcmp(setype, "spc_t") || !strcmp(setype, "unconfined_t")))
        report(k, "K8S-021", key_line(se, "type", sel),
               "container %s: SELinux type %s is unconfined", cname, setype);
    uint32_t aal = nrl;
    const struct ynode *aa = effective(csc, psc, "appArmorProfile", &aal);
    const char *aatype = str(get(aa, "type"));
    if (aatype && !strcmp(aatype, "Unconfined"))
        report(k, "K8S-021", key_line(aa, "type", aal),
               "container %s: appArmorProfile is Unconfined", cname);
    const char *aann = annotation(k, "container.apparmor.security.beta.kubernetes.io/", cname);
    if (aann && !strcmp(aann, "unconfined"))
        report(k, "K8S-021", cl, "container %s: AppArmor annotation is unconfined", cname);
}

static bool sensitive_host_path(const char *p)
{
    static const char *const exact[] = {"/",
                                        "/etc",
                                        "/proc",
                                        "/sys",
                                        "/dev",
                                        "/boot",
                                        "/root",
                                        "/var/run",
                                        "/run",
                                        "/var/lib/kubelet",
                                        "/var/lib/docker",
                                        "/var/lib/containerd",
                                        "/var/run/docker.sock",
                                        "/run/docker.sock",
                                        "/var/run/containerd/containerd.sock",
                                        "/run/containerd/containerd.sock",
                                        "/var/run/crio/crio.sock",
                                        "/etc/kubernetes"};
    char buf[1024];
    size_t n = strlen(p);
    if (n >= sizeof(buf))
        return false;
    memcpy(buf, p, n + 1);
    while (n > 1 && buf[n - 1] == '/')
        buf[--n] = 0;
    for (size_t i = 0; i < WARD_ARRAY_LEN(exact); i++)
        if (!strcmp(buf, exact[i]))
            return true;
    /* anything under /proc, /sys, /etc/kubernetes, or a runtime socket */
    return !strncmp(buf, "/proc/", 6) || !strncmp(buf, "/sys/", 5) ||
           !strncmp(buf, "/etc/kubernetes/", 16) || (n > 5 && !strcmp(buf + n - 5, ".sock"));
}

static void check_podspec(struct kctx *k, const struct ynode *ps, uint32_t spec_line)
{
    if (!ps || ps->type != Y_MAP)
        return;
    static const char *const ns[][2] = {
        {"hostNetwork", "K8S-005"}, {"hostPID", "K8S-006"}, {"hostIPC", "K8S-007"}};
    for (size_t i = 0; i < WARD_ARRAY_LEN(ns); i++)
        if (ybool(get(ps, ns[i][0])) == 1)
            report(k, ns[i][1], key_line(ps, ns[i][0], spec_line), "%s: true", ns[i][0]);
    const struct ynode *vols = get(ps, "volumes");
    for (size_t i = 0; vols && vols->type == Y_SEQ && i < vols->n; i++) {
        const struct ynode *v = vols->v[i], *hp = get(v, "hostPath");
        if (!hp)
            continue;
        const char *path = str(get(hp, "path"));
        const char *vname = str(get(v, "name"));
        uint32_t l = key_line(hp, "path", key_line(v, "hostPath", v->line));
        if (path && sensitive_host_path(path))
            report(k, "K8S-004", l, "volume %s mounts the host's %s", vname ? vname : "?", path);
        else
            report(k, "K8S-003", l, "volume %s mounts host path %s", vname ? vname : "?",
                   path ? path : "(none)");
    }
    int am = ybool(get(ps, "automountServiceAccountToken"));
    if (am != 0)
        report(k, "K8S-017", key_line(ps, "automountServiceAccountToken", spec_line),
               "automountServiceAccountToken is %s", am == 1 ? "true" : "not set to false");
    const struct ynode *psc = get(ps, "securityContext");
    static const char *const lists[] = {"initContainers", "containers", "ephemeralContainers"};
    for (size_t li = 0; li < WARD_ARRAY_LEN(lists); li++) {
        const struct ynode *cs = get(ps, lists[li]);
        for (size_t i = 0; cs && cs->type == Y_SEQ && i < cs->n; i++)
            check_container(k, cs->v[i], psc);
    }
}

/* Where a kind keeps its pod template. */
static const struct ynode *pod_template(const struct ynode *obj, const char *kind)
{
    static const char *const tmpl[] = {"Deployment", "StatefulSet", "DaemonSet",
                                       "ReplicaSet", "Job",         "ReplicationController"};
    const struct ynode *spec = get(obj, "spec");
    for (size_t i = 0; i < WARD_ARRAY_LEN(tmpl); i++)
        if (!strcmp(kind, tmpl[i]))
            return get(spec, "template");
    if (!strcmp(kind, "CronJob"))
        return get(get(get(spec, "jobTemplate"), "spec"), "template");
    if (!strcmp(kind, "PodTemplate"))
        return get(obj, "template");
    return NULL;
}

static void check_object(struct kctx *k, const struct ynode *obj, size_t *n_objects, int level)
{
    const char *kind = str(get(obj, "kind"));
    if (!kind || !str(get(obj, "apiVersion")))
        return;
    (*n_objects)++;
    if (level < 4 &&
        (!strcmp(kind, "List") || (strlen(kind) > 4 && !strcmp(kind + strlen(kind) - 4, "List")))) {
        const struct ynode *items = get(obj, "items");
        for (size_t i = 0; items && items->type == Y_SEQ && i < items->n; i++)
            check_object(k, items->v[i], n_objects, level + 1);
        return;
    }
    const struct ynode *meta = get(obj, "metadata");
    const char *name = str(get(meta, "name"));
    struct ward_buf w = WARD_BUF_INIT(sizeof(k->what) - 1);
    ward_buf_addf(&w, "%s/%s", kind, name ? name : "(unnamed)");
    size_t wl = WARD_MIN(w.len, sizeof(k->what) - 1);
    if (w.ptr)
        memcpy(k->what, w.ptr, wl);
    k->what[wl] = 0;
    ward_buf_dispose(&w);
    k->ign[0] = get(get(meta, "annotations"), "ward.dev/ignore");
    k->ign[1] = NULL;
    k->annotations = get(meta, "annotations");

    const char *ns = str(get(meta, "namespace"));
    if (ns && !strcmp(ns, "default"))
        report(k, "K8S-020", key_line(meta, "namespace", obj->line), "namespace: default");

    if (!strcmp(kind, "Pod")) {
        check_podspec(k, get(obj, "spec"), key_line(obj, "spec", obj->line));
        return;
    }
    const struct ynode *tpl = pod_template(obj, kind);
    if (!tpl)
        return;
    const struct ynode *tmeta = get(tpl, "metadata");
    k->ign[1] = get(get(tmeta, "annotations"), "ward.dev/ignore");
    k->annotations = get(tmeta, "annotations");
    check_podspec(k, get(tpl, "spec"), key_line(tpl, "spec", tpl->line));
}

/* ---- comments (libyaml drops them, so they are read from the text) ---- */

static void scan_comments(struct ytree *t, const char *p, size_t n)
{
    struct ward_span in = ward_span_of(p, n), line;
    uint32_t ln = 0;
    /* pending own-line ignore comments wait for the next content line */
    size_t pending_from = t->n_ign;
    size_t d = 0; /* next document waiting for its Source */
    while (ward_span_line(&in, &line) && ln < UINT32_MAX - 1) {
        ln++;
        struct ward_span s = ward_span_trim(line);
        while (d < t->n_docs && (!t->docs[d].line || t->docs[d].line < ln))
            d++;
        if (!s.len)
            continue;
        bool own = s.ptr[0] == '#';
        if (own && ward_span_starts(s, "# Source: ")) {
            if (d < t->n_docs) {
                t->docs[d].source = s.ptr + 10;
                t->docs[d].source_len = s.len - 10;
            }
            continue;
        }
        /* a comment: "#" at the start, or after whitespace */
        const char *hit = NULL;
        for (size_t i = 0; i + 12 <= s.len; i++)
            if (s.ptr[i] == '#' && (i == 0 || s.ptr[i - 1] == ' ' || s.ptr[i - 1] == '\t')) {
                size_t j = i + 1;
                while (j < s.len && s.ptr[j] == ' ')
                    j++;
                if (s.len - j >= 11 && !memcmp(s.ptr + j, "ward:ignore", 11)) {
                    hit = s.ptr + j + 11;
                    break;
                }
            }
        if (!own) {
            /* a content line: pending own-line comments point here */
            for (size_t i = pending_from; i < t->n_ign; i++)
                t->ign[i].line = ln;
            pending_from = t->n_ign;
        }
        if (hit) {
            WARD_GROW(t->ign, t->n_ign, t->cap_ign);
            t->ign[t->n_ign].ids = ward_xstrndup(hit, (size_t)(s.ptr + s.len - hit));
            t->ign[t->n_ign].line = own ? 0 : ln;
            t->n_ign++;
            if (!own)
                pending_from = t->n_ign;
        }
    }
}

/* ---- entry points ---- */

int ward_lint_k8s(struct ward_lint_result **out, const char *p, size_t n,
                  const struct ward_lint_opts *opts, size_t *n_objects, struct ward_error **err)
{
    static const struct ward_lint_opts none = {0};
    if (n > WARD_K8S_MAX_BYTES)
        return ward_error_set(err, WARD_ELIMIT, 0, "manifest larger than %u bytes",
                              WARD_K8S_MAX_BYTES);
    struct ytree t = {0};
    int rc = yparse(&t, p, n, err);
    if (rc < 0) {
        ytree_dispose(&t);
        return rc;
    }
    scan_comments(&t, p, n);
    struct ward_lint_result *res = ward_xcalloc(1, sizeof(*res));
    struct kctx k = {.opts = opts ? opts : &none, .res = res, .t = &t};
    size_t objs = 0;
    for (size_t i = 0; i < t.n_docs; i++) {
        k.doc = &t.docs[i];
        check_object(&k, t.docs[i].root, &objs, 0);
    }
    ytree_dispose(&t);
    /* drop exact duplicates (aliased containers report the same line twice) */
    ward_lint_result_sort(res);
    if (n_objects)
        *n_objects = objs;
    *out = res;
    return 0;
}

bool ward_k8s_sniff(const char *p, size_t n)
{
    struct ward_span in = ward_span_of(p, WARD_MIN(n, (size_t)65536)), line;
    bool api = false, kind = false, content = false;
    while (ward_span_line(&in, &line)) {
        if (ward_span_starts(line, "---") || ward_span_starts(line, "...")) {
            if (content)
                break; /* only the first document with keys counts */
            continue;
        }
        struct ward_span s = ward_span_trim(line);
        if (!s.len || s.ptr[0] == '#' || s.ptr[0] == '%')
            continue;
        content = true;
        api |= ward_span_starts(line, "apiVersion:");
        kind |= ward_span_starts(line, "kind:");
        if (api && kind)
            return true;
    }
    return false;
}
