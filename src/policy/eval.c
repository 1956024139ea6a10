/* eval.c - evaluate a compiled bundle over one scan's results: choose the
 * policies (mappings), apply the allowlist (expired entries stop applying and
 * are reported), run every rule's trigger, take the worst action as the
 * verdict, and compute the 0-100 risk score with its top contributors. */
#include "match/filter.h"
#include "image/registry.h"
#include "policy/policy_int.h"
#include "version/version.h"

#include <ctype.h>
#include <fnmatch.h>
#include <math.h>
#include <stdarg.h>
#include <string.h>
#include <strings.h>
#include <time.h>

const char *ward_policy_action_name(enum ward_policy_action a)
{
    switch (a) {
    case WARD_ACTION_STOP:
        return "STOP";
    case WARD_ACTION_WARN:
        return "WARN";
    case WARD_ACTION_GO:
    default:
        return "GO";
    }
}

/* ---- small helpers ---- */

int64_t ward_policy__days(const char *s)
{
    if (!s)
        return -1;
    int v[3] = {0, 0, 0};
    const int len[3] = {4, 2, 2};
    const char *p = s;
    for (int k = 0; k < 3; k++) {
        for (int i = 0; i < len[k]; i++, p++) {
            if (*p < '0' || *p > '9')
                return -1;
            v[k] = v[k] * 10 + (*p - '0');
        }
        if (k < 2 && *p++ != '-')
            return -1;
    }
    if (v[0] < 1970 || v[1] < 1 || v[1] > 12 || v[2] < 1 || v[2] > 31)
        return -1;
    /* days from civil (proleptic Gregorian), Howard Hinnant's algorithm */
    int y = v[0] - (v[1] <= 2);
    int era = y / 400;
    int yoe = y - era * 400;
    int mp = (v[1] + 9) % 12;
    int doy = (153 * mp + 2) / 5 + v[2] - 1;
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return (int64_t)era * 146097 + doe - 719468;
}

int ward_policy__vercmp(const char *a, const char *b)
{
    while (*a || *b) {
        if (isdigit((unsigned char)*a) && isdigit((unsigned char)*b)) {
            while (*a == '0')
                a++;
            while (*b == '0')
                b++;
            size_t la = strspn(a, "0123456789"), lb = strspn(b, "0123456789");
            if (la != lb)
                return la < lb ? -1 : 1;
            int c = strncmp(a, b, la);
            if (c)
                return c < 0 ? -1 : 1;
            a += la;
            b += lb;
            continue;
        }
        if (!*a)
            return -1;
        if (!*b)
            return 1;
        if (*a != *b)
            return (unsigned char)*a < (unsigned char)*b ? -1 : 1;
        a++;
        b++;
    }
    return 0;
}

bool ward_policy__cons_ok(const struct policy_vcons *c, const char *v, const char *ecosystem)
{
    if (!c->op[0])
        return true;
    if (!v)
        return false;
    int r = 0;
    struct ward_error *e = NULL;
    if (!ecosystem || ward_version_compare(ecosystem, v, c->version, &r, &e) < 0) {
        ward_error_free(e);
        r = ward_policy__vercmp(v, c->version);
    }
    if (!strcmp(c->op, "<"))
        return r < 0;
    if (!strcmp(c->op, "<="))
        return r <= 0;
    if (!strcmp(c->op, ">"))
        return r > 0;
    if (!strcmp(c->op, ">="))
        return r >= 0;
    if (!strcmp(c->op, "!="))
        return r != 0;
    return r == 0;
}

static bool glob_any(char *const *globs, size_t n, const char *s)
{
    for (size_t i = 0; s && i < n; i++)
        if (fnmatch(globs[i], s, FNM_CASEFOLD) == 0)
            return true;
    return false;
}

/* ---- evaluation context ---- */

struct ev {
    const struct ward_policy_bundle *b;
    const struct ward_policy_input *in;
    struct ward_policy_result *r;
    int64_t today;    /* days since the epoch */
    bool *allow_live; /* per allowlist entry: applies (not expired) */
    bool *vuln_allowed, *secret_allowed, *check_allowed;
    struct ward_policy_hit *cur;
};

static const char *astr(struct ev *e, const char *s)
{
    return s ? ward_arena_strdup(&e->r->arena, s) : NULL;
}

static void note(struct ev *e, const char *fmt, ...) WARD_PRINTF(2, 3);
static void note(struct ev *e, const char *fmt, ...)
{
    va_list ap;
    struct ward_buf b = WARD_BUF_INIT(4096);
    va_start(ap, fmt);
    ward_buf_vaddf(&b, fmt, ap);
    va_end(ap);
    for (size_t i = 0; i < e->r->n_notes; i++)
        if (!strcmp(e->r->notes[i], b.ptr ? b.ptr : "")) {
            ward_buf_dispose(&b);
            return;
        }
    e->r->notes = ward_xreallocarray(e->r->notes, e->r->n_notes + 1, sizeof(char *));
    e->r->notes[e->r->n_notes++] = astr(e, b.ptr ? b.ptr : "");
    ward_buf_dispose(&b);
}

/* Is (id or one of aliases, package) allow-listed by a live entry? */
static bool allowed(struct ev *e, const char *id, const char *const *aliases, size_t n_aliases,
                    const char *package)
{
    for (size_t i = 0; i < e->b->n_allow; i++) {
        const struct policy_allow *a = &e->b->allow[i];
        if (!e->allow_live[i])
            continue;
        if (a->package && (!package || fnmatch(a->package, package, 0) != 0))
            continue;
        bool hit = id && fnmatch(a->id, id, FNM_CASEFOLD) == 0;
        for (size_t k = 0; !hit && k < n_aliases; k++)
            hit = aliases[k] && fnmatch(a->id, aliases[k], FNM_CASEFOLD) == 0;
        if (hit)
            return true;
    }
    return false;
}

static void add_match(struct ev *e, const char *kind, const char *id, const char *package,
                      const char *version, const char *fmt, ...) WARD_PRINTF(6, 7);
static void add_match(struct ev *e, const char *kind, const char *id, const char *package,
                      const char *version, const char *fmt, ...)
{
    struct ward_policy_hit *h = e->cur;
    h->total_matches++;
    if (h->n_matches >= WARD_POLICY_MAX_MATCHES)
        return;
    h->matches = ward_xreallocarray(h->matches, h->n_matches + 1, sizeof(*h->matches));
    struct ward_policy_match *m = &h->matches[h->n_matches++];
    m->kind = kind;
    m->id = astr(e, id);
    m->package = astr(e, package);
    m->version = astr(e, version);
    struct ward_buf b = WARD_BUF_INIT(4096);
    va_list ap;
    va_start(ap, fmt);
    ward_buf_vaddf(&b, fmt, ap);
    va_end(ap);
    m->detail = astr(e, b.ptr ? b.ptr : "");
    ward_buf_dispose(&b);
}

static enum ward_severity vuln_sev(const struct ward_finding *f)
{
    if (f->severity == WARD_SEV_UNKNOWN && f->cvss_score > 0)
        return ward_severity_from_score(f->cvss_score);
    return f->severity;
}

static enum ward_severity secret_sev(enum ward_secret_severity s)
{
    switch (s) {
    case WARD_SECRET_CRITICAL:
        return WARD_SEV_CRITICAL;
    case WARD_SECRET_HIGH:
        return WARD_SEV_HIGH;
    case WARD_SECRET_MEDIUM:
        return WARD_SEV_MEDIUM;
    case WARD_SECRET_LOW:
    default:
        return WARD_SEV_LOW;
    }
}

static bool fix_available(const struct ward_finding *f)
{
    return f->status == WARD_FINDING_FIXED && f->fixed_version && *f->fixed_version;
}

/* ---- triggers ---- */

static void vuln_detail(struct ward_buf *d, const struct ward_finding *f)
{
    ward_buf_adds(d, ward_severity_name(vuln_sev(f)));
    if (fix_available(f))
        ward_buf_addf(d, ", fixed in %s", f->fixed_version);
    else
        ward_buf_addf(d, ", %s",
                      f->status == WARD_FINDING_WILL_NOT_FIX ? "will not fix" : "no fix");
    if (f->cvss_score > 0)
        ward_buf_addf(d, ", CVSS %.1f", f->cvss_score);
    if (f->kev)
        ward_buf_adds(d, f->kev_ransomware ? ", KEV (ransomware)" : ", KEV");
    if (f->epss_score > 0)
        ward_buf_addf(d, ", EPSS %.3f", f->epss_score);
    if (f->published)
        ward_buf_addf(d, ", published %.10s", f->published);
}

static void t_vuln(struct ev *e, const struct policy_rule *r)
{
    const struct ward_findings *fs = e->in->findings;
    for (size_t i = 0; fs && i < fs->n; i++) {
        const struct ward_finding *f = &fs->items[i];
        if (e->vuln_allowed[i])
            continue;
        if (r->min_sev >= 0 && (int)vuln_sev(f) < r->min_sev)
            continue;
        if (r->fix_available >= 0 && fix_available(f) != (bool)r->fix_available)
            continue;
        if (r->kev >= 0 && f->kev != (bool)r->kev)
            continue;
        if (r->kev_ransomware >= 0 && (f->kev && f->kev_ransomware) != (bool)r->kev_ransomware)
            continue;
        if (r->epss >= 0 && !(f->epss_score >= r->epss))
            continue;
        if (r->epss_pct >= 0 && !(f->epss_percentile >= r->epss_pct))
            continue;
        if (r->cvss >= 0 && !(f->cvss_score >= r->cvss))
            continue;
        if (r->older_than_days >= 0) {
            int64_t pub = ward_policy__days(f->published);
            if (pub < 0 || e->today - pub < r->older_than_days)
                continue;
        }
        if (r->pkg_class && !(f->pkg && (ward_pkg_class(f->pkg) & r->pkg_class)))
            continue;
        if (r->n_globs) {
            bool hit = glob_any(r->globs, r->n_globs, f->id);
            for (size_t k = 0; !hit && k < f->n_aliases; k++)
                hit = glob_any(r->globs, r->n_globs, f->aliases[k]);
            if (!hit)
                continue;
        }
        struct ward_buf d = WARD_BUF_INIT(4096);
        vuln_detail(&d, f);
        add_match(e, "vulnerability", f->id, f->pkg ? f->pkg->name : NULL,
                  f->installed ? f->installed : (f->pkg ? f->pkg->version : NULL), "%s",
                  d.ptr ? d.ptr : "");
        ward_buf_dispose(&d);
    }
}

static void t_secret(struct ev *e, const struct policy_rule *r)
{
    const struct ward_secret_findings *s = e->in->secrets;
    for (size_t i = 0; s && i < s->n; i++) {
        const struct ward_secret_finding *x = &s->items[i];
        if (e->secret_allowed[i])
            continue;
        if (r->min_sev >= 0 && (int)secret_sev(x->severity) < r->min_sev)
            continue;
        if (r->include_deleted == 0 && x->deleted)
            continue;
        if (r->n_globs && !glob_any(r->globs, r->n_globs, x->rule_id))
            continue;
        add_match(e, "secret", x->rule_id, x->path, NULL, "%s %s at %s:%u%s",
                  ward_secret_severity_name(x->severity), x->title ? x->title : x->rule_id, x->path,
                  x->line, x->deleted ? " (deleted in a later layer)" : "");
    }
}

static void t_check(struct ev *e, const struct policy_rule *r, const char *scanner)
{
    const struct ward_check_findings *c = e->in->checks;
    for (size_t i = 0; c && i < c->n; i++) {
        const struct ward_check_finding *x = &c->items[i];
        if (e->check_allowed[i] || strcmp(x->scanner, scanner) != 0)
            continue;
        if (r->min_sev >= 0 && (int)x->severity < r->min_sev)
            continue;
        if (r->n_globs && !glob_any(r->globs, r->n_globs, x->id))
            continue;
        add_match(e, scanner, x->id, x->path, NULL, "%s %s", ward_severity_name(x->severity),
                  x->message ? x->message : (x->title ? x->title : x->id));
    }
}

/* Split a licence expression into SPDX ids: operators and parentheses drop out. */
static void t_license(struct ev *e, const struct policy_rule *r)
{
    const struct ward_pkglist *l = e->in->inv ? e->in->inv->pkgs : NULL;
    for (size_t i = 0; l && i < l->n; i++) {
        const struct ward_pkg *p = &l->items[i];
        if (!p->licenses || (r->pkg_class && !(ward_pkg_class(p) & r->pkg_class)))
            continue;
        const char *s = p->licenses;
        const char *prev_hit = NULL;
        size_t prev_len = 0;
        while (*s) {
            size_t skip = strspn(s, " \t()[];,/|&");
            s += skip;
            size_t n = strcspn(s, " \t()[];,/|&");
            if (!n)
                break;
            char tok[256];
            snprintf(tok, sizeof(tok), "%.*s", (int)WARD_MIN(n, sizeof(tok) - 1), s);
            s += n;
            if (!strcasecmp(tok, "AND") || !strcasecmp(tok, "OR") || !strcasecmp(tok, "WITH"))
                continue;
            if (!glob_any(r->globs, r->n_globs, tok))
                continue;
            if (prev_hit && prev_len == n && !strncasecmp(prev_hit, s - n, n))
                continue; /* "GPL-2.0; GPL-2.0" */
            prev_hit = s - n;
            prev_len = n;
            const char *alias[] = {p->name};
            if (allowed(e, tok, alias, 0, p->name)) {
                e->r->allowlisted++;
                continue;
            }
            add_match(e, "license", tok, p->name, p->version, "licence %s of %s %s (%s)", tok,
                      p->name, p->version ? p->version : "", p->licenses);
        }
    }
}

static void t_package(struct ev *e, const struct policy_rule *r)
{
    const struct ward_pkglist *l = e->in->inv ? e->in->inv->pkgs : NULL;
    for (size_t i = 0; l && i < l->n; i++) {
        const struct ward_pkg *p = &l->items[i];
        for (size_t k = 0; k < r->n_pkgs; k++) {
            const struct policy_pkg *d = &r->pkgs[k];
            if (!p->name || fnmatch(d->name, p->name, 0) != 0)
                continue;
            bool ok = true;
            for (size_t c = 0; ok && c < d->n_cons; c++)
                ok = ward_policy__cons_ok(&d->cons[c], p->version, p->ecosystem);
            if (!ok)
                continue;
            if (allowed(e, p->name, NULL, 0, p->name)) {
                e->r->allowlisted++;
                break;
            }
            add_match(e, "package", p->name, p->name, p->version, "%s %s (%s) is denied", p->name,
                      p->version ? p->version : "", p->type ? p->type : "?");
            break;
        }
    }
}

static bool distro_version_is(const char *have, const char *release)
{
    size_t n = strlen(release);
    return have && !strncmp(have, release, n) && (have[n] == 0 || have[n] == '.');
}

static void t_distro(struct ev *e, const struct policy_rule *r)
{
    const struct ward_distro *d = &e->in->inv->distro;
    const char *ver = d->version_id ? d->version_id : "";
    switch (r->t) {
    case T_DISTRO_UNKNOWN:
        if (!d->id)
            add_match(e, "distro", "unknown", NULL, NULL, "no operating system detected");
        return;
    case T_DISTRO_ALLOW:
        if (!d->id) {
            if (r->allow_unknown != 1)
                add_match(e, "distro", "unknown", NULL, NULL,
                          "no operating system detected (allow_unknown is false)");
            return;
        }
        for (size_t k = 0; k < r->n_distros; k++)
            if (!strcasecmp(r->distros[k].id, d->id) &&
                ward_policy__cons_ok(&r->distros[k].cons, ver, NULL))
                return;
        if (allowed(e, d->id, NULL, 0, NULL))
            e->r->allowlisted++;
        else
            add_match(e, "distro", d->id, NULL, ver, "%s %s is not an allowed distro/version",
                      d->id, ver);
        return;
    case T_DISTRO_EOL:
        for (size_t k = 0; d->id && k < r->n_distros; k++)
            if (!strcasecmp(r->distros[k].id, d->id) &&
                distro_version_is(ver, r->distros[k].cons.version)) {
                if (allowed(e, d->id, NULL, 0, NULL)) {
                    e->r->allowlisted++;
                    return;
                }
                add_match(e, "distro", d->id, NULL, ver, "%s %s is end-of-life (release %s)", d->id,
                          ver, r->distros[k].cons.version);
                return;
            }
        return;
    case T_VULN_PACKAGE:
    case T_SECRET_FOUND:
    case T_MALWARE_FOUND:
    case T_CONFIG_CHECK:
    case T_LICENSE_DENY:
    case T_PACKAGE_DENY:
    case T_REGISTRY_ALLOW:
    case T_IMAGE_LATEST:
    case T_IMAGE_NO_DIGEST:
    case T_RISK_SCORE:
    default:
        return;
    }
}

/* The image reference the user asked for: the target itself for registry and
 * daemon targets, else the image's first repo tag; NULL when there is none. */
static const char *image_reference(const struct ward_inventory *inv)
{
    if (inv->kind && inv->target &&
        (!strcmp(inv->kind, "registry") || !strcmp(inv->kind, "docker-daemon")))
        return inv->target;
    if (inv->n_repo_tags && inv->repo_tags[0])
        return inv->repo_tags[0];
    return NULL;
}

static void t_image(struct ev *e, const struct policy_rule *r)
{
    const char *ref = image_reference(e->in->inv);
    if (!ref) {
        note(e,
             "%s/%s: no image reference for this target (no repo tag); rule %s not "
             "evaluated",
             r->gate, r->trigger, r->id);
        return;
    }
    struct ward_image_ref ir;
    struct ward_error *err = NULL;
    if (ward_image_ref_parse(&ir, ref, &err) < 0) {
        note(e, "%s/%s: reference '%s' does not parse (%s); rule %s not evaluated", r->gate,
             r->trigger, ref, err && err->msg ? err->msg : "error", r->id);
        ward_error_free(err);
        return;
    }
    const char *host = strcmp(ir.registry, WARD_DOCKER_HUB_REGISTRY) ? ir.registry : "docker.io";
    if (r->t == T_REGISTRY_ALLOW) {
        if (!glob_any(r->globs, r->n_globs, host)) {
            if (allowed(e, host, NULL, 0, NULL))
                e->r->allowlisted++;
            else
                add_match(e, "registry", host, NULL, NULL,
                          "registry %s (of %s) is not in the allowed list", host, ref);
        }
    } else if (r->t == T_IMAGE_LATEST) {
        if (ir.tag && !strcmp(ir.tag, "latest"))
            add_match(e, "image", ref, NULL, NULL, "%s uses the 'latest' tag%s", ref,
                      strchr(ref, ':') ? "" : " (no tag given)");
    } else if (r->t == T_IMAGE_NO_DIGEST) {
        if (!ir.digest)
            add_match(e, "image", ref, NULL, NULL, "%s is not pinned by digest", ref);
    }
    ward_image_ref_dispose(&ir);
}

/* ---- risk score ---- */

static double sev_points(enum ward_severity s)
{
    switch (s) {
    case WARD_SEV_CRITICAL:
        return 10;
    case WARD_SEV_HIGH:
        return 5;
    case WARD_SEV_MEDIUM:
        return 2;
    case WARD_SEV_LOW:
        return 0.5;
    case WARD_SEV_NEGLIGIBLE:
        return 0.1;
    case WARD_SEV_UNKNOWN:
    default:
        return 1;
    }
}

static double config_points(enum ward_severity s)
{
    switch (s) {
    case WARD_SEV_CRITICAL:
        return 4;
    case WARD_SEV_HIGH:
        return 2;
    case WARD_SEV_MEDIUM:
        return 1;
    case WARD_SEV_LOW:
        return 0.5;
    case WARD_SEV_NEGLIGIBLE:
    case WARD_SEV_UNKNOWN:
    default:
        return 0.25;
    }
}

static double secret_points(enum ward_secret_severity s)
{
    switch (s) {
    case WARD_SECRET_CRITICAL:
        return 25;
    case WARD_SECRET_HIGH:
        return 15;
    case WARD_SECRET_MEDIUM:
        return 8;
    case WARD_SECRET_LOW:
    default:
        return 3;
    }
}

struct contribs {
    struct ward_policy_contrib *v;
    size_t n, cap;
};

static void contrib(struct ev *e, struct contribs *cs, int kind, const char *kname, const char *id,
                    const char *package, double points, const char *reason)
{
    e->r->points += points;
    e->r->by_kind[kind] += points;
    e->r->n_items++;
    WARD_GROW(cs->v, cs->n, cs->cap);
    cs->v[cs->n++] = (struct ward_policy_contrib){kname, id, package, reason, points};
}

static int contrib_cmp(const void *a, const void *b)
{
    const struct ward_policy_contrib *x = a, *y = b;
    if (x->points != y->points)
        return x->points > y->points ? -1 : 1;
    int c = strcmp(x->id ? x->id : "", y->id ? y->id : "");
    if (c)
        return c;
    return strcmp(x->package ? x->package : "", y->package ? y->package : "");
}

static void risk(struct ev *e)
{
    struct contribs cs = {0};
    struct ward_arena *a = &e->r->arena;
    const struct ward_findings *fs = e->in->findings;
    for (size_t i = 0; fs && i < fs->n; i++) {
        const struct ward_finding *f = &fs->items[i];
        if (e->vuln_allowed[i])
            continue;
        enum ward_severity s = vuln_sev(f);
        double base = sev_points(s), kev = 1,
               epss = 1 + 2 * WARD_MIN(WARD_MAX(f->epss_score, 0), 1);
        double fix = f->status == WARD_FINDING_WILL_NOT_FIX ? 0.5 : fix_available(f) ? 1.0 : 0.8;
        if (f->kev)
            kev = f->kev_ransomware ? 4 : 3;
        double pts = base * kev * epss * fix;
        char *why = ward_arena_printf(
            a, "%s %.1f%s%s x EPSS(%.3f) %.2f x %s %.1f", ward_severity_name(s), base,
            f->kev ? (f->kev_ransomware ? " x KEV+ransomware " : " x KEV ") : "",
            f->kev ? (f->kev_ransomware ? "4" : "3") : "", f->epss_score, epss,
            f->status == WARD_FINDING_WILL_NOT_FIX ? "will not fix"
            : fix_available(f)                     ? "fix available"
                                                   : "no fix",
            fix);
        contrib(e, &cs, WARD_RISK_VULN, "vulnerability", f->id, f->pkg ? f->pkg->name : NULL, pts,
                why);
    }
    const struct ward_secret_findings *s = e->in->secrets;
    for (size_t i = 0; s && i < s->n; i++) {
        const struct ward_secret_finding *x = &s->items[i];
        if (e->secret_allowed[i])
            continue;
        double base = secret_points(x->severity), del = x->deleted ? 0.5 : 1;
        char *why = ward_arena_printf(a, "secret %s %.0f%s", ward_secret_severity_name(x->severity),
                                      base, x->deleted ? " x deleted later 0.5" : "");
        contrib(e, &cs, WARD_RISK_SECRET, "secret", x->rule_id, x->path, base * del, why);
    }
    const struct ward_check_findings *c = e->in->checks;
    for (size_t i = 0; c && i < c->n; i++) {
        const struct ward_check_finding *x = &c->items[i];
        if (e->check_allowed[i])
            continue;
        if (!strcmp(x->scanner, "malware"))
            contrib(e, &cs, WARD_RISK_MALWARE, "malware", x->id, x->path, 40, "malware 40");
        else
            contrib(e, &cs, WARD_RISK_CONFIG, "config", x->id, x->path, config_points(x->severity),
                    ward_arena_printf(a, "config %s %.2f", ward_severity_name(x->severity),
                                      config_points(x->severity)));
    }
    double sc = 100.0 * (1.0 - exp(-e->r->points / WARD_RISK_SCALE));
    e->r->score = (int)lround(WARD_MIN(WARD_MAX(sc, 0), 100));
    if (cs.n)
        qsort(cs.v, cs.n, sizeof(*cs.v), contrib_cmp);
    e->r->n_top = WARD_MIN(cs.n, (size_t)WARD_POLICY_TOP);
    e->r->top = ward_xcalloc(e->r->n_top + 1, sizeof(*e->r->top));
    for (size_t i = 0; i < e->r->n_top; i++) {
        e->r->top[i] = cs.v[i];
        e->r->top[i].id = astr(e, cs.v[i].id);
        e->r->top[i].package = astr(e, cs.v[i].package);
    }
    free(cs.v);
}

/* ---- driver ---- */

static bool ref_matches(const struct ward_inventory *inv, const char *glob)
{
    if (inv->target && fnmatch(glob, inv->target, 0) == 0)
        return true;
    for (size_t i = 0; i < inv->n_repo_tags; i++)
        if (inv->repo_tags[i] && fnmatch(glob, inv->repo_tags[i], 0) == 0)
            return true;
    return false;
}

static void run_rule(struct ev *e, const struct policy_rule *r)
{
    struct ward_policy_hit h = {0};
    e->cur = &h;
    switch (r->t) {
    case T_VULN_PACKAGE:
        if (!e->in->findings)
            note(e,
                 "vulnerabilities: the vulnerability scanner did not run; rule %s not "
                 "evaluated",
                 r->id);
        t_vuln(e, r);
        break;
    case T_SECRET_FOUND:
        if (!e->in->secrets)
            note(e, "secrets: the secret scanner did not run; rule %s not evaluated", r->id);
        t_secret(e, r);
        break;
    case T_MALWARE_FOUND:
        if (!e->in->checks)
            note(e, "malware: the malware scanner did not run; rule %s not evaluated", r->id);
        t_check(e, r, "malware");
        break;
    case T_CONFIG_CHECK:
        if (!e->in->checks)
            note(e, "config: the config scanner did not run; rule %s not evaluated", r->id);
        t_check(e, r, "config");
        break;
    case T_LICENSE_DENY:
        t_license(e, r);
        break;
    case T_PACKAGE_DENY:
        t_package(e, r);
        break;
    case T_DISTRO_ALLOW:
    case T_DISTRO_EOL:
    case T_DISTRO_UNKNOWN:
        t_distro(e, r);
        break;
    case T_REGISTRY_ALLOW:
    case T_IMAGE_LATEST:
    case T_IMAGE_NO_DIGEST:
        t_image(e, r);
        break;
    case T_RISK_SCORE:
        if (e->r->score >= r->min_score)
            add_match(e, "risk", "risk-score", NULL, NULL, "risk score %d >= %d", e->r->score,
                      r->min_score);
        break;
    default:
        break;
    }
    e->cur = NULL;
    if (!h.total_matches)
        return;
    h.policy_id = astr(e, r->policy_id);
    h.rule_id = astr(e, r->id);
    h.gate = astr(e, r->gate);
    h.trigger = astr(e, r->trigger);
    h.message = astr(e, r->message);
    h.action = r->action;
    struct ward_policy_result *res = e->r;
    res->hits = ward_xreallocarray(res->hits, res->n_hits + 1, sizeof(*res->hits));
    res->hits[res->n_hits++] = h;
    if (h.action > res->verdict)
        res->verdict = h.action;
}

int ward_policy_eval(struct ward_policy_result **out, const struct ward_policy_bundle *b,
                     const struct ward_policy_input *in, struct ward_error **err)
{
    if (!b || !in || !in->inv)
        return ward_error_set(err, WARD_ERR, 0, "policy: nothing to evaluate");
    struct ward_policy_result *r = ward_xcalloc(1, sizeof(*r));
    ward_arena_init(&r->arena);
    r->bundle = ward_arena_strdup(&r->arena, b->name);
    int64_t now = in->now ? in->now : (int64_t)time(NULL);
    struct ev e = {.b = b, .in = in, .r = r, .today = now / 86400};
    if (now < 0)
        e.today = (now - 86399) / 86400;

    /* allowlist: expired entries stop applying and are reported */
    e.allow_live = ward_xcalloc(b->n_allow + 1, sizeof(bool));
    for (size_t i = 0; i < b->n_allow; i++) {
        const struct policy_allow *a = &b->allow[i];
        e.allow_live[i] = a->expires_day < 0 || e.today <= a->expires_day;
        if (e.allow_live[i])
            continue;
        r->expired = ward_xreallocarray(r->expired, r->n_expired + 1, sizeof(*r->expired));
        r->expired[r->n_expired++] = (struct ward_policy_expired){
            astr(&e, a->id), astr(&e, a->package), astr(&e, a->expires), astr(&e, a->reason)};
    }
    size_t nv = in->findings ? in->findings->n : 0, ns = in->secrets ? in->secrets->n : 0,
           nc = in->checks ? in->checks->n : 0;
    e.vuln_allowed = ward_xcalloc(nv + 1, sizeof(bool));
    e.secret_allowed = ward_xcalloc(ns + 1, sizeof(bool));
    e.check_allowed = ward_xcalloc(nc + 1, sizeof(bool));
    for (size_t i = 0; i < nv; i++) {
        const struct ward_finding *f = &in->findings->items[i];
        e.vuln_allowed[i] =
            allowed(&e, f->id, f->aliases, f->n_aliases, f->pkg ? f->pkg->name : NULL);
        r->allowlisted += e.vuln_allowed[i];
    }
    for (size_t i = 0; i < ns; i++) {
        const struct ward_secret_finding *x = &in->secrets->items[i];
        e.secret_allowed[i] = allowed(&e, x->rule_id, NULL, 0, x->path);
        r->allowlisted += e.secret_allowed[i];
    }
    for (size_t i = 0; i < nc; i++) {
        const struct ward_check_finding *x = &in->checks->items[i];
        e.check_allowed[i] = allowed(&e, x->id, NULL, 0, x->path);
        r->allowlisted += e.check_allowed[i];
    }

    risk(&e);

    /* which policies: the first mapping whose image glob matches, else all */
    const struct policy_mapping *m = NULL;
    for (size_t i = 0; i < b->n_mappings && !m; i++)
        if (ref_matches(in->inv, b->mappings[i].image))
            m = &b->mappings[i];
    if (b->n_mappings && !m)
        note(&e, "no mapping matches %s: no policy applied",
             in->inv->n_repo_tags ? in->inv->repo_tags[0] : in->inv->target);
    if (m)
        r->mapping = astr(&e, m->image);
    for (size_t p = 0; p < b->n_policies; p++) {
        const struct policy_def *d = &b->policies[p];
        bool use = !b->n_mappings;
        for (size_t k = 0; m && k < m->n_policies && !use; k++)
            use = !strcmp(m->policies[k], d->id);
        if (!use)
            continue;
        r->policies = ward_xreallocarray(r->policies, r->n_policies + 1, sizeof(char *));
        r->policies[r->n_policies++] = astr(&e, d->id);
        for (size_t k = 0; k < d->n_rules; k++)
            run_rule(&e, &b->rules[d->first_rule + k]);
    }
    free(e.allow_live);
    free(e.vuln_allowed);
    free(e.secret_allowed);
    free(e.check_allowed);
    *out = r;
    return 0;
}

void ward_policy_result_free(struct ward_policy_result *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->n_hits; i++)
        free(r->hits[i].matches);
    free(r->hits);
    free(r->policies);
    free(r->expired);
    free(r->notes);
    free(r->top);
    ward_arena_dispose(&r->arena);
    free(r);
}
