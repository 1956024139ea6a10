/* test_policy.c - policy bundles: parsing and error locations, every gate's
 * trigger on a constructed scan result (one input that fires it, one that
 * does not), allowlist expiry, mappings, verdicts and the risk score. */
#include "harness.h"
#include "policy/policy.h"
#include "util/json_out.h"

#include <math.h>
#include <string.h>
#include <time.h>

/* ---- a constructed scan result ---- */

struct fx {
    struct ward_inventory *inv;
    struct ward_findings *fs;
    struct ward_secret_findings sf;
    struct ward_check_findings ck;
    int64_t now;
};

static void fx_dispose(struct fx *f)
{
    ward_inventory_free(f->inv);
    ward_findings_free(f->fs);
    ward_secret_findings_dispose(&f->sf);
    ward_checks_dispose(&f->ck);
}
#define FX __attribute__((cleanup(fx_dispose))) struct fx

static void add_pkg(struct fx *f, const char *name, const char *version, const char *type,
                    const char *eco, const char *lic)
{
    struct ward_pkglist *l = f->inv->pkgs;
    struct ward_pkg *p = ward_pkglist_add(l);
    p->name = ward_pkglist_str(l, name);
    p->version = ward_pkglist_str(l, version);
    p->type = ward_pkglist_str(l, type);
    p->ecosystem = ward_pkglist_str(l, eco);
    p->licenses = lic ? ward_pkglist_str(l, lic) : NULL;
}

/* Target "registry.example.com/app:1.0" (a registry image), Debian 12, three packages. */
static void fx_init(struct fx *f, const char *target)
{
    memset(f, 0, sizeof(*f));
    f->inv = ward_inventory_new(target ? target : "registry.example.com/app:1.0", "registry");
    f->inv->distro.id = ward_xstrdup("debian");
    f->inv->distro.version_id = ward_xstrdup("12");
    add_pkg(f, "openssl", "3.0.11-1~deb12u1", "deb", "Debian", "OpenSSL");
    add_pkg(f, "bash", "5.2.15-2+b2", "deb", "Debian", "GPL-3.0-or-later");
    add_pkg(f, "left-pad", "1.3.0", "npm", "npm", "(MIT OR GPL-2.0-only)");
    f->fs = ward_xcalloc(1, sizeof(*f->fs));
    ward_arena_init(&f->fs->arena);
    ward_checks_init(&f->ck);
    f->now = 1767225600; /* 2026-01-01T00:00:00Z */
}

static struct ward_finding *add_vuln(struct fx *f, const char *id, enum ward_severity sev,
                                     size_t pkg, const char *fixed)
{
    struct ward_findings *fs = f->fs;
    WARD_GROW(fs->items, fs->n, fs->cap);
    struct ward_finding *x = &fs->items[fs->n++];
    memset(x, 0, sizeof(*x));
    x->id = ward_arena_strdup(&fs->arena, id);
    x->pkg = &f->inv->pkgs->items[pkg];
    x->pkg_index = pkg;
    x->installed = x->pkg->version;
    x->severity = sev;
    x->fixed_version = fixed ? ward_arena_strdup(&fs->arena, fixed) : NULL;
    x->status = fixed ? WARD_FINDING_FIXED : WARD_FINDING_AFFECTED;
    return x;
}

static void add_secret(struct fx *f, const char *rule, enum ward_secret_severity sev, bool deleted)
{
    struct ward_secret_findings *s = &f->sf;
    WARD_GROW(s->items, s->n, s->cap);
    struct ward_secret_finding *x = &s->items[s->n++];
    memset(x, 0, sizeof(*x));
    x->rule_id = ward_xstrdup(rule);
    x->category = ward_xstrdup("test");
    x->title = ward_xstrdup(rule);
    x->severity = sev;
    x->path = ward_xstrdup("/app/.env");
    x->line = 3;
    x->match = ward_xstrdup("KEY=****");
    x->layer_index = -1;
    x->deleted = deleted;
}

static void add_check(struct fx *f, const char *scanner, const char *id, enum ward_severity sev)
{
    struct ward_check_finding c = {
        .scanner = scanner, .id = id, .title = id, .severity = sev, .layer_index = -1};
    ward_checks_add(&f->ck, &c);
}

static int eval_text(struct fx *f, const char *text, struct ward_policy_result **out)
{
    struct ward_error *err = NULL;
    ward_autoptr(ward_policy_bundle) b = NULL;
    if (ward_policy_bundle_parse(&b, text, strlen(text), "t.yaml", &err) < 0) {
        fprintf(stderr, "# parse: %s\n", err->msg);
        ward_error_free(err);
        return -1;
    }
    struct ward_policy_input in = {f->inv, f->fs, &f->sf, &f->ck, f->now};
    if (ward_policy_eval(out, b, &in, &err) < 0) {
        ward_error_free(err);
        return -1;
    }
    return 0;
}

/* Matches of one rule (STOP) given as a YAML flow mapping; -1 when the bundle is refused. */
static long matches(struct fx *f, const char *rule)
{
    char text[4096];
    snprintf(text, sizeof(text), "policies:\n  - id: p\n    rules:\n      - %s\n", rule);
    struct ward_policy_result *r = NULL;
    if (eval_text(f, text, &r) < 0)
        return -1;
    long n = r->n_hits ? (long)r->hits[0].total_matches : 0;
    if ((n > 0) != (r->verdict == WARD_ACTION_STOP))
        n = -2; /* the verdict must follow the hit */
    ward_policy_result_free(r);
    return n;
}

/* ---- parsing ---- */

TEST(policy_parse, default_bundle_is_valid)
{
    size_t len;
    const char *t = ward_policy_default_text(&len);
    struct ward_error *err = NULL;
    ward_autoptr(ward_policy_bundle) b = NULL;
    CHECK_OK(ward_policy_bundle_parse(&b, t, len, "default", &err), err);
    size_t np, nr, na, nm;
    ward_policy_bundle_counts(b, &np, &nr, &na, &nm);
    CHECK_EQ_INT(np, 1);
    CHECK(nr >= 10);
    /* the embedded text is the documented file, byte for byte */
    char path[4096];
    snprintf(path, sizeof(path), "%s/docs/policy-default.yaml", harness_srcdir());
    size_t dl;
    char *doc = harness_slurp(path, &dl);
    CHECK_MSG(doc && dl == len && !memcmp(doc, t, len), "docs/policy-default.yaml differs");
    free(doc);
}

static char *parse_error(const char *text)
{
    struct ward_error *err = NULL;
    struct ward_policy_bundle *b = NULL;
    if (ward_policy_bundle_parse(&b, text, strlen(text), "b.yaml", &err) == 0) {
        ward_policy_bundle_free(b);
        return NULL;
    }
    char *m = ward_xstrdup(err->msg);
    ward_error_free(err);
    return m;
}

TEST(policy_parse, errors_name_the_location)
{
    static const struct {
        const char *text, *want;
    } cases[] = {
        {"policies:\n  - id: a\n    rules:\n      - gate: vulnerabilities\n        trigger: "
         "package\n        action: HALT\n",
         "b.yaml:6:17: policies[0].rules[0]: 'action' must be STOP, WARN or GO"},
        {"policies:\n  - id: a\n    rules:\n      - {gate: nope, trigger: x, action: GO}\n",
         "b.yaml:4:16: policies[0].rules[0]: unknown gate 'nope'"},
        {"policies:\n  - id: a\n    rules:\n      - {gate: image, trigger: x, action: GO}\n",
         "b.yaml:4:32: policies[0].rules[0]: unknown trigger 'x' for gate image"},
        {"policies:\n  - id: a\n    rules:\n      - {gate: vulnerabilities, trigger: package,"
         " action: GO, params: {severty: high}}\n",
         "policies[0].rules[0].params: unknown key 'severty'"},
        {"policies:\n  - id: a\n    rules:\n      - {gate: risk, trigger: score, action: GO, "
         "params: {min: 101}}\n",
         "'min' must be between 0 and 100"},
        {"policies:\n  - id: a\n    rules: []\nallowlists:\n  - {id: CVE-1, expires: soon}\n",
         "b.yaml:5:26: allowlists[0]: 'expires' must be a date YYYY-MM-DD"},
        {"policies:\n  - id: a\n    rules: []\nmappings:\n  - {image: '*', policies: [b]}\n",
         "mappings[0]: no policy with id 'b'"},
        {"policies: [\n", "b.yaml:"},
        {"a: &x 1\nb: *x\n", "YAML aliases are not supported"},
        {"policies: []\npolicies: []\n", "b.yaml:2:1: duplicate key 'policies'"},
        {"policies:\n  - id: a\n    rules:\n      - {gate: packages, trigger: denylist, "
         "action: STOP, params: {packages: ['x ~ 1']}}\n",
         "a version constraint starts with"},
        {"", "empty bundle"},
        {"version: 2\npolicies: []\n", "only version 1 is known"},
    };
    for (size_t i = 0; i < WARD_ARRAY_LEN(cases); i++) {
        char *m = parse_error(cases[i].text);
        bool ok = m && strstr(m, cases[i].want);
        if (!ok)
            harness_fail(__FILE__, __LINE__, "case %zu: got '%s', want '%s'", i,
                         m ? m : "(accepted)", cases[i].want);
        free(m);
        if (!ok)
            return;
    }
}

TEST(policy_parse, json_bundle_and_limits)
{
    const char *j = "{\"policies\": [{\"id\": \"a\", \"rules\": [{\"gate\": \"malware\", "
                    "\"trigger\": \"found\", \"action\": \"STOP\"}]}]}";
    struct ward_error *err = NULL;
    ward_autoptr(ward_policy_bundle) b = NULL;
    CHECK_OK(ward_policy_bundle_parse(&b, j, strlen(j), "b.json", &err), err);
    /* too many rules */
    struct ward_buf t = WARD_BUF_INIT(0);
    ward_buf_adds(&t, "policies:\n  - id: a\n    rules:\n");
    for (unsigned i = 0; i <= WARD_POLICY_MAX_RULES; i++)
        ward_buf_adds(&t, "      - {gate: malware, trigger: found, action: GO}\n");
    char *m = parse_error(t.ptr);
    ward_buf_dispose(&t);
    CHECK_MSG(m && strstr(m, "more than 1000 rules"), "got %s", m ? m : "(accepted)");
    free(m);
    /* too deep */
    struct ward_buf d = WARD_BUF_INIT(0);
    for (int i = 0; i < 40; i++)
        ward_buf_adds(&d, "[");
    m = parse_error(d.ptr);
    ward_buf_dispose(&d);
    CHECK_MSG(m && strstr(m, "nested deeper"), "got %s", m ? m : "(accepted)");
    free(m);
}

/* ---- each trigger: fires on one input, not on another ---- */

/* One rule on the fixture as it stands: gate, trigger, its params as a YAML flow
 * mapping (NULL: none) and the matches it must give. */
struct rule_row {
    const char *gate, *trigger, *params;
    long want;
};

static const char *rule_text(char *buf, size_t cap, const struct rule_row *r)
{
    snprintf(buf, cap, "{gate: %s, trigger: %s, action: STOP%s%s}", r->gate, r->trigger,
             r->params ? ", params: " : "", r->params ? r->params : "");
    return buf;
}

/* Every row of a table, in order; a failure names the table, the row and the rule. */
#define CHECK_RULES(fx, rows)                                                                      \
    for (size_t i_ = 0; i_ < WARD_ARRAY_LEN(rows); i_++) {                                         \
        char rule_[512];                                                                           \
        long got_ = matches(fx, rule_text(rule_, sizeof(rule_), &(rows)[i_]));                     \
        CHECK_MSG(got_ == (rows)[i_].want, "%s[%zu] %s: %ld matches, want %ld", #rows, i_, rule_,  \
                  got_, (rows)[i_].want);                                                          \
    }

TEST(policy_vuln, severity_and_fix)
{
    FX f;
    fx_init(&f, NULL);
    add_vuln(&f, "CVE-2024-0001", WARD_SEV_HIGH, 0, "3.0.13-1");
    add_vuln(&f, "CVE-2024-0002", WARD_SEV_MEDIUM, 1, NULL);
    static const struct rule_row rows[] = {
        {"vulnerabilities", "package", "{severity: high}", 1},
        {"vulnerabilities", "package", "{severity: critical}", 0},
        {"vulnerabilities", "package", "{fix_available: true}", 1},
        {"vulnerabilities", "package", "{fix_available: false, severity: high}", 0},
        {"vulnerabilities", "package", NULL, 2},
        {"vulnerabilities", "package", "{ids: ['CVE-2024-000[2]']}", 1},
        {"vulnerabilities", "package", "{package_type: library}", 0},
    };
    CHECK_RULES(&f, rows);
}

TEST(policy_vuln, kev_epss_cvss_age)
{
    FX f;
    fx_init(&f, NULL);
    struct ward_finding *a = add_vuln(&f, "CVE-2023-1111", WARD_SEV_MEDIUM, 0, "3.0.13-1");
    a->kev = true;
    a->kev_ransomware = true;
    a->epss_score = 0.2;
    a->epss_percentile = 0.95;
    a->cvss_score = 6.5;
    a->published = "2023-03-01T00:00:00Z";
    struct ward_finding *b = add_vuln(&f, "CVE-2025-2222", WARD_SEV_HIGH, 2, NULL);
    b->epss_score = 0.7;
    b->epss_percentile = 0.99;
    b->cvss_score = 8.1;
    b->published = "2025-12-20";
    b->pkg = &f.inv->pkgs->items[2];
    static const struct rule_row kev[] = {
        {"vulnerabilities", "package", "{kev: true}", 1},
        {"vulnerabilities", "package", "{kev_ransomware: true}", 1},
    };
    CHECK_RULES(&f, kev);
    a->kev = false;
    a->kev_ransomware = false;
    static const struct rule_row no_kev[] = {
        {"vulnerabilities", "package", "{kev: true}", 0},
        {"vulnerabilities", "package", "{epss: 0.5}", 1},
        {"vulnerabilities", "package", "{epss: 0.8}", 0},
        {"vulnerabilities", "package", "{epss_percentile: 0.96}", 1},
        {"vulnerabilities", "package", "{cvss: 7.0}", 1},
        {"vulnerabilities", "package", "{cvss: 9}", 0},
        /* now = 2026-01-01: CVE-2023-1111 is ~1037 days old, CVE-2025-2222 12 days */
        {"vulnerabilities", "package", "{older_than_days: 30}", 1},
        {"vulnerabilities", "package", "{older_than_days: 2000}", 0},
        {"vulnerabilities", "package", "{package_type: library}", 1},
        {"vulnerabilities", "package", "{package_type: os}", 1},
    };
    CHECK_RULES(&f, no_kev);
}

TEST(policy_gates, secrets)
{
    FX f;
    fx_init(&f, NULL);
    add_secret(&f, "aws-access-key-id", WARD_SECRET_CRITICAL, true);
    add_secret(&f, "generic-password", WARD_SECRET_MEDIUM, false);
    static const struct rule_row rows[] = {
        {"secrets", "found", NULL, 2},
        {"secrets", "found", "{severity: high}", 1},
        {"secrets", "found", "{severity: high, include_deleted: false}", 0},
        {"secrets", "found", "{rules: [generic-*]}", 1},
        {"secrets", "found", "{rules: [github-pat]}", 0},
    };
    CHECK_RULES(&f, rows);
}

TEST(policy_gates, malware_and_config)
{
    FX f;
    fx_init(&f, NULL);
    static const struct rule_row clean[] = {
        {"malware", "found", NULL, 0},
        {"config", "check", NULL, 0},
    };
    CHECK_RULES(&f, clean);
    add_check(&f, "malware", "Eicar-Test-Signature", WARD_SEV_CRITICAL);
    add_check(&f, "config", "CIS-DI-0001", WARD_SEV_HIGH);
    add_check(&f, "config", "DKL-DI-0006", WARD_SEV_LOW);
    static const struct rule_row hits[] = {
        {"malware", "found", NULL, 1},
        {"malware", "found", "{signatures: [Win.*]}", 0},
        {"config", "check", NULL, 2},
        {"config", "check", "{severity: medium}", 1},
        {"config", "check", "{ids: [CIS-DI-0005]}", 0},
    };
    CHECK_RULES(&f, hits);
}

TEST(policy_gates, licenses)
{
    FX f;
    fx_init(&f, NULL);
    static const struct rule_row rows[] = {
        /* GPL-2.0-only appears inside the expression "(MIT OR GPL-2.0-only)" */
        {"licenses", "denylist", "{licenses: [GPL-2.0-only]}", 1},
        {"licenses", "denylist", "{licenses: ['GPL-*']}", 2},
        {"licenses", "denylist", "{licenses: ['GPL-*'], package_type: os}", 1},
        {"licenses", "denylist", "{licenses: [AGPL-3.0-only]}", 0},
        /* operators are not licences */
        {"licenses", "denylist", "{licenses: [OR]}", 0},
    };
    CHECK_RULES(&f, rows);
}

TEST(policy_gates, packages)
{
    FX f;
    fx_init(&f, NULL);
    static const struct rule_row rows[] = {
        {"packages", "denylist", "{packages: [left-pad]}", 1},
        /* dpkg ordering: 3.0.11-1~deb12u1 < 3.0.13 */
        {"packages", "denylist", "{packages: ['openssl < 3.0.13']}", 1},
        {"packages", "denylist", "{packages: ['openssl<3.0.11']}", 0},
        {"packages", "denylist", "{packages: ['openssl>=3.0,<3.1']}", 1},
        {"packages", "denylist", "{packages: [curl]}", 0},
    };
    CHECK_RULES(&f, rows);
}

TEST(policy_gates, distro)
{
    FX f;
    fx_init(&f, NULL);
    static const struct rule_row debian12[] = {
        {"distro", "allowlist", "{distros: ['debian>=12', alpine]}", 0},
        {"base_image", "allowlist", "{distros: ['debian>=13']}", 1},
        {"distro", "eol", "{releases: [debian 10, debian 11]}", 0},
        {"distro", "eol", "{releases: [debian 12]}", 1},
        {"distro", "unknown", NULL, 0},
    };
    CHECK_RULES(&f, debian12);
    free(f.inv->distro.id);
    f.inv->distro.id = ward_xstrdup("alpine");
    free(f.inv->distro.version_id);
    f.inv->distro.version_id = ward_xstrdup("3.10.4");
    static const struct rule_row alpine3104[] = {
        /* release 3.10 matches 3.10.4 but 3.1 does not */
        {"distro", "eol", "{releases: [alpine 3.1]}", 0},
        {"distro", "eol", "{releases: ['alpine:3.10']}", 1},
        {"distro", "allowlist", "{distros: ['alpine>=3.9']}", 0},
        {"distro", "allowlist", "{distros: ['alpine>=3.18']}", 1},
    };
    CHECK_RULES(&f, alpine3104);
    free(f.inv->distro.id);
    f.inv->distro.id = NULL;
    static const struct rule_row unknown[] = {
        {"distro", "unknown", NULL, 1},
        {"distro", "allowlist", "{distros: [debian], allow_unknown: true}", 0},
    };
    CHECK_RULES(&f, unknown);
}

TEST(policy_gates, registries_and_image)
{
    FX f;
    fx_init(&f, "registry.example.com/app:1.0");
    static const struct rule_row tagged[] = {
        {"registries", "allowlist", "{registries: [registry.example.com]}", 0},
        {"registries", "allowlist", "{registries: [docker.io, '*.internal']}", 1},
        {"image", "latest_tag", NULL, 0},
        {"image", "no_digest", NULL, 1},
    };
    CHECK_RULES(&f, tagged);
    FX g;
    fx_init(&g, "alpine"); /* Docker Hub, implicit latest */
    static const struct rule_row hub[] = {
        {"registries", "allowlist", "{registries: [docker.io]}", 0},
        {"image", "latest_tag", NULL, 1},
    };
    CHECK_RULES(&g, hub);
    FX h;
    fx_init(&h, "registry.example.com/app@sha256:"
                "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
    static const struct rule_row digest[] = {{"image", "no_digest", NULL, 0}};
    CHECK_RULES(&h, digest);
}

TEST(policy_gates, risk_score)
{
    FX f;
    fx_init(&f, NULL);
    static const struct rule_row clean[] = {{"risk", "score", "{min: 1}", 0}};
    CHECK_RULES(&f, clean);
    add_check(&f, "malware", "Eicar-Test-Signature", WARD_SEV_CRITICAL);
    static const struct rule_row eicar[] = {
        /* one malware hit: 40 points -> 100 * (1 - e^-1) = 63 */
        {"risk", "score", "{min: 63}", 1},
        {"risk", "score", "{min: 64}", 0},
    };
    CHECK_RULES(&f, eicar);
}

/* ---- verdicts, allowlists, mappings, score ---- */

TEST(policy_eval, worst_action_wins)
{
    FX f;
    fx_init(&f, NULL);
    add_vuln(&f, "CVE-2024-0001", WARD_SEV_HIGH, 0, "3.0.13-1");
    static const char *fmt = "policies:\n  - id: p\n    rules:\n"
                             "      - {gate: vulnerabilities, trigger: package, action: %s}\n"
                             "      - {gate: distro, trigger: eol, action: %s, params: "
                             "{releases: [debian 12]}}\n"
                             "      - {gate: malware, trigger: found, action: STOP}\n";
    static const struct {
        const char *a, *b;
        enum ward_policy_action want;
    } cases[] = {{"GO", "GO", WARD_ACTION_GO},
                 {"WARN", "GO", WARD_ACTION_WARN},
                 {"GO", "STOP", WARD_ACTION_STOP},
                 {"STOP", "WARN", WARD_ACTION_STOP}};
    for (size_t i = 0; i < WARD_ARRAY_LEN(cases); i++) {
        char text[1024];
        snprintf(text, sizeof(text), fmt, cases[i].a, cases[i].b);
        ward_autoptr(ward_policy_result) r = NULL;
        CHECK(eval_text(&f, text, &r) == 0);
        CHECK_EQ_INT(r->verdict, cases[i].want);
        CHECK_EQ_INT(r->n_hits, 2); /* malware did not fire */
        CHECK_STR(r->hits[0].matches[0].id, "CVE-2024-0001");
        CHECK_STR(r->hits[0].matches[0].package, "openssl");
    }
}

TEST(policy_eval, allowlist_expiry)
{
    FX f;
    fx_init(&f, NULL); /* now = 2026-01-01 */
    struct ward_finding *x = add_vuln(&f, "CVE-2024-0001", WARD_SEV_CRITICAL, 0, "3.0.13-1");
    static const char *const alias[] = {"DSA-5555-1", NULL};
    x->aliases = (const char **)alias;
    x->n_aliases = 1;
    static const char *fmt = "policies:\n  - id: p\n    rules:\n"
                             "      - {gate: vulnerabilities, trigger: package, action: STOP}\n"
                             "allowlists:\n  - {id: %s, package: %s, expires: %s, reason: "
                             "accepted}\n";
    static const struct {
        const char *id, *pkg, *expires;
        enum ward_policy_action want;
        size_t expired;
    } cases[] = {
        {"CVE-2024-0001", "openssl", "2026-06-30", WARD_ACTION_GO, 0},   /* future: applies */
        {"CVE-2024-0001", "openssl", "2026-01-01", WARD_ACTION_GO, 0},   /* last day counts */
        {"CVE-2024-0001", "openssl", "2025-12-31", WARD_ACTION_STOP, 1}, /* past: expired */
        {"dsa-5555-1", "openssl", "2026-06-30", WARD_ACTION_GO, 0},      /* by alias */
        {"CVE-2024-0001", "bash", "2026-06-30", WARD_ACTION_STOP, 0},    /* other package */
    };
    for (size_t i = 0; i < WARD_ARRAY_LEN(cases); i++) {
        char text[1024];
        snprintf(text, sizeof(text), fmt, cases[i].id, cases[i].pkg, cases[i].expires);
        ward_autoptr(ward_policy_result) r = NULL;
        CHECK(eval_text(&f, text, &r) == 0);
        CHECK_MSG(r->verdict == cases[i].want, "case %zu: verdict %s", i,
                  ward_policy_action_name(r->verdict));
        CHECK_EQ_INT(r->n_expired, cases[i].expired);
        CHECK_EQ_INT(r->allowlisted, cases[i].want == WARD_ACTION_GO);
        /* an allow-listed finding adds nothing to the risk score */
        CHECK_EQ_INT(r->score == 0, cases[i].want == WARD_ACTION_GO);
        if (cases[i].expired)
            CHECK_STR(r->expired[0].expires, "2025-12-31");
    }
}

TEST(policy_eval, mappings_first_match_wins)
{
    FX f;
    fx_init(&f, "registry.example.com/team/app:1.0");
    add_check(&f, "malware", "Eicar", WARD_SEV_CRITICAL);
    static const char *fmt =
        "policies:\n"
        "  - {id: strict, rules: [{gate: malware, trigger: found, action: STOP}]}\n"
        "  - {id: lax, rules: [{gate: malware, trigger: found, action: WARN}]}\n"
        "mappings:\n%s";
    static const struct {
        const char *maps;
        enum ward_policy_action want;
        const char *policy;
    } cases[] = {
        {"  - {image: 'registry.example.com/team/*', policies: [lax]}\n"
         "  - {image: '*', policies: [strict]}\n",
         WARD_ACTION_WARN, "lax"},
        {"  - {image: 'docker.io/*', policies: [lax]}\n"
         "  - {image: '*', policies: [strict]}\n",
         WARD_ACTION_STOP, "strict"},
        {"  - {image: 'docker.io/*', policies: [lax]}\n", WARD_ACTION_GO, NULL},
    };
    for (size_t i = 0; i < WARD_ARRAY_LEN(cases); i++) {
        char text[1024];
        snprintf(text, sizeof(text), fmt, cases[i].maps);
        ward_autoptr(ward_policy_result) r = NULL;
        CHECK(eval_text(&f, text, &r) == 0);
        CHECK_MSG(r->verdict == cases[i].want, "case %zu", i);
        if (cases[i].policy) {
            CHECK_EQ_INT(r->n_policies, 1);
            CHECK_STR(r->policies[0], cases[i].policy);
        } else {
            CHECK_EQ_INT(r->n_policies, 0);
            CHECK(r->n_notes == 1 && strstr(r->notes[0], "no mapping matches"));
        }
    }
}

TEST(policy_eval, risk_score_formula)
{
    FX f;
    fx_init(&f, NULL);
    struct ward_policy_result *r = NULL;
    const char *empty = "policies: []\n";
    CHECK(eval_text(&f, empty, &r) == 0);
    CHECK_EQ_INT(r->score, 0);
    CHECK_EQ_INT(r->verdict, WARD_ACTION_GO);
    ward_policy_result_free(r);
    /* CRITICAL 10 x KEV 3 x EPSS(0.5) 2 x fix 1 = 60; HIGH 5 x no fix 0.8 = 4;
     * secret HIGH 15; config MEDIUM 1: R = 80 -> 100 * (1 - e^-2) = 86.47 -> 86 */
    struct ward_finding *a = add_vuln(&f, "CVE-A", WARD_SEV_CRITICAL, 0, "3.0.13-1");
    a->kev = true;
    a->epss_score = 0.5;
    add_vuln(&f, "CVE-B", WARD_SEV_HIGH, 1, NULL);
    add_secret(&f, "github-pat", WARD_SECRET_HIGH, false);
    add_check(&f, "config", "CIS-DI-0001", WARD_SEV_MEDIUM);
    CHECK(eval_text(&f, empty, &r) == 0);
    CHECK_MSG(fabs(r->points - 80.0) < 1e-9, "points %f", r->points);
    CHECK_EQ_INT(r->score, (int)lround(100 * (1 - exp(-80.0 / 40))));
    CHECK_EQ_INT(r->score, 86);
    CHECK_EQ_INT(r->n_items, 4);
    CHECK_EQ_INT(r->n_top, 4);
    CHECK_STR(r->top[0].id, "CVE-A");
    CHECK_STR(r->top[1].id, "github-pat");
    CHECK_STR(r->top[2].id, "CVE-B");
    CHECK_STR(r->top[3].id, "CIS-DI-0001");
    CHECK(strstr(r->top[0].reason, "KEV") != NULL);
    CHECK(fabs(r->by_kind[WARD_RISK_VULN] - 64) < 1e-9);
    /* the JSON rendering carries the verdict, score and explanation */
    struct ward_buf b = WARD_BUF_INIT(0);
    struct ward_json j;
    ward_json_init(&j, &b, false);
    ward_policy_result_json(r, &j);
    bool ok = b.ptr && strstr(b.ptr, "\"verdict\":\"GO\"") && strstr(b.ptr, "\"score\":86") &&
              strstr(b.ptr, "R = 80.00 points");
    ward_buf_dispose(&b);
    ward_policy_result_free(r);
    CHECK(ok);
    /* saturation: many criticals cap at 100 */
    for (int i = 0; i < 100; i++)
        add_vuln(&f, "CVE-X", WARD_SEV_CRITICAL, 0, "1");
    CHECK(eval_text(&f, empty, &r) == 0);
    int sc = r->score;
    size_t nt = r->n_top;
    ward_policy_result_free(r);
    CHECK_EQ_INT(sc, 100);
    CHECK_EQ_INT(nt, WARD_POLICY_TOP);
}
