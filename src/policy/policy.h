/* policy.h - policy bundles (gates, triggers, actions STOP/WARN/GO, allowlists
 * with expiry, image mappings) evaluated over one scan's findings into a
 * verdict, plus a 0-100 risk score with its top contributors. The format is
 * documented in docs/policy.md; the embedded default is docs/policy-default.yaml. */
#ifndef WARD_POLICY_POLICY_H
#define WARD_POLICY_POLICY_H

#include "inventory/inventory.h"
#include "match/match.h"
#include "misconf/checks.h"
#include "secrets/secrets.h"
#include "util/arena.h"
#include "util/error.h"

#include <stdint.h>

/* Hostile-input bounds of a bundle. */
#define WARD_POLICY_MAX_BYTES    (1u << 20) /* bundle file */
#define WARD_POLICY_MAX_POLICIES 100u
#define WARD_POLICY_MAX_RULES    1000u  /* over all policies */
#define WARD_POLICY_MAX_ALLOW    10000u /* allowlist entries */
#define WARD_POLICY_MAX_MAPPINGS 1000u
#define WARD_POLICY_MAX_LIST     10000u /* items in one list parameter */
#define WARD_POLICY_MAX_DEPTH    32u    /* YAML/JSON nesting */
#define WARD_POLICY_MAX_MATCHES  1000u  /* matches kept per triggered rule */
#define WARD_POLICY_TOP          10u    /* risk contributors listed */

/* The name that selects the embedded default bundle instead of a file. */
#define WARD_POLICY_BUILTIN "@default"

enum ward_policy_action {
    WARD_ACTION_GO = 0,
    WARD_ACTION_WARN,
    WARD_ACTION_STOP,
};
/* "GO", "WARN", "STOP" */
const char *ward_policy_action_name(enum ward_policy_action a);

struct ward_policy_bundle;

/* Parse a bundle (YAML or JSON; JSON is YAML's subset) from memory. name is
 * used in messages ("policy.yaml"). Errors (WARD_EFORMAT, WARD_ELIMIT) name
 * the location: "name:LINE:COL: policies[0].rules[2].action: ...".
 * @return 0 with *out (caller frees), or <0. */
int ward_policy_bundle_parse(struct ward_policy_bundle **out, const char *p, size_t n,
                             const char *name, struct ward_error **err);
/* Read and parse a file; WARD_POLICY_BUILTIN gives the embedded default.
 * @return 0, WARD_EIO (unreadable), WARD_ELIMIT, WARD_EFORMAT. */
int ward_policy_bundle_load(struct ward_policy_bundle **out, const char *path,
                            struct ward_error **err);
void ward_policy_bundle_free(struct ward_policy_bundle *b);
WARD_DEFINE_AUTOPTR(ward_policy_bundle, ward_policy_bundle_free)
/* Counts, for `ward policy check`. */
void ward_policy_bundle_counts(const struct ward_policy_bundle *b, size_t *policies, size_t *rules,
                               size_t *allow, size_t *mappings);
const char *ward_policy_bundle_name(const struct ward_policy_bundle *b);

/* The embedded default bundle (YAML text, NUL-terminated). */
const char *ward_policy_default_text(size_t *len);

/* What a policy looks at: one scan's results after the scan's own filters. */
struct ward_policy_input {
    const struct ward_inventory *inv;
    const struct ward_findings *findings;       /* NULL: vulnerability scanner off */
    const struct ward_secret_findings *secrets; /* NULL: secret scanner off */
    const struct ward_check_findings *checks;   /* NULL: malware/config scanners off */
    int64_t now;                                /* unix seconds; 0 = time(NULL) */
};

/* One thing a rule matched. Strings live in the result's arena. */
struct ward_policy_match {
    const char *kind;    /* "vulnerability", "secret", "malware", "config", "license",
                            "package", "distro", "image", "registry", "risk" */
    const char *id;      /* CVE / rule id / check id / licence / package / reference */
    const char *package; /* package name, file path, or NULL */
    const char *version; /* installed version, or NULL */
    const char *detail;  /* why it matched, in words */
};

/* One triggered rule. */
struct ward_policy_hit {
    const char *policy_id, *rule_id, *gate, *trigger, *message;
    enum ward_policy_action action;
    struct ward_policy_match *matches; /* at most WARD_POLICY_MAX_MATCHES */
    size_t n_matches, total_matches;   /* total_matches counts those not kept too */
};

/* An allowlist entry past its expiry date (it no longer applies). */
struct ward_policy_expired {
    const char *id, *package, *expires, *reason;
};

/* One risk score contributor. */
struct ward_policy_contrib {
    const char *kind; /* "vulnerability", "secret", "malware", "config" */
    const char *id;
    const char *package; /* package name or path, may be NULL */
    const char *reason;  /* "HIGH 5 x KEV 3 x EPSS(0.42) 1.84 x fix available 1" */
    double points;
};

enum { WARD_RISK_VULN, WARD_RISK_SECRET, WARD_RISK_MALWARE, WARD_RISK_CONFIG, WARD_RISK_N };

struct ward_policy_result {
    struct ward_arena arena;
    enum ward_policy_action verdict; /* worst action of the hits; GO without hits */
    const char *bundle;              /* bundle name */
    const char *mapping;             /* image glob of the mapping used, NULL: none */
    const char **policies;           /* ids of the policies evaluated */
    size_t n_policies;
    struct ward_policy_hit *hits; /* in bundle order */
    size_t n_hits;
    size_t allowlisted;                  /* findings/matches an allowlist entry suppressed */
    struct ward_policy_expired *expired; /* expired allowlist entries */
    size_t n_expired;
    const char **notes; /* things the user should know ("no mapping ...") */
    size_t n_notes;
    /* risk */
    int score;                       /* 0..100 */
    double points;                   /* raw sum R */
    double by_kind[WARD_RISK_N];     /* points per kind */
    size_t n_items;                  /* items that contributed */
    struct ward_policy_contrib *top; /* the biggest, best first */
    size_t n_top;
};
void ward_policy_result_free(struct ward_policy_result *r);
WARD_DEFINE_AUTOPTR(ward_policy_result, ward_policy_result_free)

/* Evaluate b over in. @return 0 with *out (caller frees); errors only on bad input. */
int ward_policy_eval(struct ward_policy_result **out, const struct ward_policy_bundle *b,
                     const struct ward_policy_input *in, struct ward_error **err);

/* Risk score constants (docs/policy.md "Risk score"). */
#define WARD_RISK_SCALE 40.0 /* score = 100 * (1 - exp(-R / WARD_RISK_SCALE)) */

/* ---- rendering (render.c), used by the scan report writers ---- */
struct ward_json;
/* The "policy" object of the scan JSON. */
void ward_policy_result_json(const struct ward_policy_result *r, struct ward_json *j);
/* The table section: verdict line, triggered rules, top contributors. */
void ward_policy_result_table(const struct ward_policy_result *r, struct ward_buf *out);
/* SARIF: one rule object (for the rules array) and one result object. */
void ward_policy_sarif_rule(const struct ward_policy_result *r, struct ward_json *j);
void ward_policy_sarif_result(const struct ward_policy_result *r, struct ward_json *j,
                              const char *target);
/* JUnit: one <testcase> (a failure when the verdict is STOP). */
void ward_policy_junit(const struct ward_policy_result *r, struct ward_buf *out);

#endif
