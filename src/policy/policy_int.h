/* policy_int.h - the compiled bundle shared by the policy module's files
 * (load.c builds it, eval.c reads it). Private to src/policy/. */
#ifndef WARD_POLICY_POLICY_INT_H
#define WARD_POLICY_POLICY_INT_H

#include "policy/policy.h"

enum policy_trigger {
    T_VULN_PACKAGE,
    T_SECRET_FOUND,
    T_MALWARE_FOUND,
    T_CONFIG_CHECK,
    T_LICENSE_DENY,
    T_PACKAGE_DENY,
    T_DISTRO_ALLOW,
    T_DISTRO_EOL,
    T_DISTRO_UNKNOWN,
    T_REGISTRY_ALLOW,
    T_IMAGE_LATEST,
    T_IMAGE_NO_DIGEST,
    T_RISK_SCORE,
};

/* A version constraint: op is one of "<", "<=", ">", ">=", "=", "!=". */
struct policy_vcons {
    char op[3];
    char *version;
};

/* packages denylist entry: name glob, optional type, optional constraints (all must hold). */
struct policy_pkg {
    char *name, *type;
    struct policy_vcons *cons;
    size_t n_cons;
};

/* distro allow / eol entry: id plus a version constraint or prefix. */
struct policy_distro {
    char *id;
    struct policy_vcons cons; /* op "" = any version; eol uses "=" as a release prefix */
};

struct policy_rule {
    char *id, *policy_id, *gate, *trigger, *message;
    enum policy_trigger t;
    enum ward_policy_action action;
    /* parameters; "unset" values are -1 */
    int min_sev;       /* enum ward_severity */
    int fix_available; /* bool */
    int kev, kev_ransomware, include_deleted, allow_unknown;
    double epss, epss_pct, cvss;
    int64_t older_than_days;
    unsigned pkg_class; /* WARD_PKG_CLASS_*, 0 = any */
    int min_score;
    char **globs; /* ids / rules / licences / registries / signatures */
    size_t n_globs;
    struct policy_pkg *pkgs;
    size_t n_pkgs;
    struct policy_distro *distros;
    size_t n_distros;
};

struct policy_def {
    char *id, *name;
    size_t first_rule, n_rules; /* range in bundle->rules */
};

struct policy_allow {
    char *id, *package, *expires, *reason;
    int64_t expires_day; /* days since the epoch, -1 none */
};

struct policy_mapping {
    char *image; /* glob */
    char **policies;
    size_t n_policies;
};

struct ward_policy_bundle {
    char *name;
    struct policy_def *policies;
    size_t n_policies;
    struct policy_rule *rules;
    size_t n_rules;
    struct policy_allow *allow;
    size_t n_allow;
    struct policy_mapping *mappings;
    size_t n_mappings;
};

/* "YYYY-MM-DD..." -> days since 1970-01-01; -1 when it does not parse. */
int64_t ward_policy__days(const char *s);
/* Compare dotted numeric versions ("3.10.2" vs "3.18"); non-digits compare as text. */
int ward_policy__vercmp(const char *a, const char *b);
/* Does constraint c hold for version v of a package type (ecosystem comparator
 * when known, else ward_policy__vercmp)? */
bool ward_policy__cons_ok(const struct policy_vcons *c, const char *v, const char *ecosystem);

#endif
