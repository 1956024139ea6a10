/* secrets_int.h - private to src/secrets/: rule definitions (built-in table and
 * user rule file), the compiled scanner, and the helpers its files share. */
#ifndef WARD_SECRETS_SECRETS_INT_H
#define WARD_SECRETS_SECRETS_INT_H

#define PCRE2_CODE_UNIT_WIDTH 8
#include "secrets/secrets.h"

#include <pcre2.h>

#define WARD_SECRETS_MAX_RULES    1024u
#define WARD_SECRETS_MAX_KEYWORDS 16u        /* per rule */
#define WARD_SECRETS_MAX_RULEFILE (1u << 20) /* bytes of a user rule file */
#define WARD_SECRETS_MAX_FIELD    4096u      /* one value in a rule file */

/* Extra check on a candidate secret (after regex and entropy). */
typedef bool (*ward_secret_validate_fn)(const char *p, size_t n);

/* A built-in rule. The secret is the named group "secret", else the whole match. */
struct ward_secret_rule_def {
    const char *id, *category, *title;
    enum ward_secret_severity severity;
    const char *keywords; /* "|"-separated, matched caselessly; NULL = always run */
    const char *regex;
    double min_entropy; /* bits/byte of the secret; 0 = no check */
    const char *path;   /* regex on the path the rule is restricted to; NULL = any */
    ward_secret_validate_fn validate;
};
extern const struct ward_secret_rule_def ward_secret_builtin_rules[];

/* A built-in allow rule: paths not worth reading (by prefix or regex). */
struct ward_secret_allow_def {
    const char *id;
    const char *path;  /* regex on the absolute path */
    const char *value; /* regex on the secret */
};
extern const struct ward_secret_allow_def ward_secret_builtin_allows[];
/* File extensions never read (lowercase, without the dot), NULL-terminated. */
extern const char *const ward_secret_skip_ext[];

struct ward_secret_rule {
    char *id, *category, *title;
    enum ward_secret_severity severity;
    char **keywords; /* lowercased */
    size_t n_keywords;
    pcre2_code *re;
    uint32_t secret_group; /* 0 = whole match */
    double min_entropy;
    pcre2_code *path_re;
    ward_secret_validate_fn validate;
    bool disabled;
};

struct ward_secret_allow {
    char *id;
    char *rule;           /* only for this rule id; NULL = every rule */
    pcre2_code *path_re;  /* NULL = any path */
    char *path_src;       /* its source text (fingerprint) */
    pcre2_code *value_re; /* NULL = any value */
    bool disabled;
};

/* Keyword prefilter: keywords bucketed by their first two (lowercased) bytes. */
struct ward_secret_kw {
    const char *s; /* lowercased, owned by the rule */
    size_t len;
    uint32_t rule;
    int32_t next; /* next keyword in the same bucket, -1 = end */
};

struct ward_secrets {
    struct ward_secret_rule *rules;
    size_t n_rules, cap_rules;
    struct ward_secret_allow *allows;
    size_t n_allows, cap_allows;
    char **disable; /* ids disabled by the rule file (applied after loading) */
    size_t n_disable, cap_disable;
    struct ward_secret_kw *kws;
    size_t n_kws, cap_kws;
    size_t n_kw_rules;   /* rules with keywords */
    uint64_t bmap[1024]; /* bit set when bucket[] is not empty (fits in L1) */
    int32_t bucket[65536];
    uint32_t *always; /* rules without keywords */
    size_t n_always;
    uint64_t max_file;
    pcre2_match_context *mctx_proto; /* match limits; copied per scan */
    char fingerprint[24];
};

/* Compile and append a rule (id etc. are copied). */
int ward_secrets__add_rule(struct ward_secrets *s, const char *id, const char *category,
                           const char *title, enum ward_secret_severity sev, const char *keywords,
                           const char *regex, double min_entropy, const char *path,
                           ward_secret_validate_fn validate, struct ward_error **err);
int ward_secrets__add_allow(struct ward_secrets *s, const char *id, const char *rule,
                            const char *path, const char *value, struct ward_error **err);
/* Parse a user rule file's text (docs/secrets.md) into s. */
int ward_secrets__parse_rules(struct ward_secrets *s, const char *text, size_t len,
                              const char *name, struct ward_error **err);
int ward_secrets__severity(const char *name, enum ward_secret_severity *out);

#endif
