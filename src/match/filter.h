/* filter.h - what the user chose not to see: severity and fix filters,
 * package-type filters, ignore files (ids with reasons and expiry dates) and
 * OpenVEX statements. Filters drop findings from a ward_findings in place and
 * count what each one dropped, so reports can say what was hidden and why. */
#ifndef WARD_MATCH_FILTER_H
#define WARD_MATCH_FILTER_H

#include "match/match.h"

#include <time.h>

/* An ignore file: .wardignore / .trivyignore text (one id per line, "#"
 * comments, optional "exp:YYYY-MM-DD"), or YAML:
 *   vulnerabilities:
 *     - id: CVE-2019-1549
 *       packages: [openssl, "pkg:apk/alpine/libssl1.1"]   # optional
 *       expires: 2027-01-31                              # optional
 *       reason: not reachable from the service            # optional
 */
struct ward_ignore_rule {
    char *id;
    char **packages; /* names or purls (prefix match, qualifiers ignored); NULL = any */
    size_t n_packages;
    time_t expires; /* 0 = never; the rule stops applying at 00:00 UTC of that day */
    char *reason;
    size_t line; /* where it was written, for messages */
};
struct ward_ignore {
    struct ward_ignore_rule *rules;
    size_t n;
};
/* @return 0; WARD_EIO (unreadable), WARD_EFORMAT naming the line, WARD_ELIMIT. */
int ward_ignore_load(struct ward_ignore **out, const char *path, struct ward_error **err);
int ward_ignore_parse(struct ward_ignore **out, const char *data, size_t n, const char *path,
                      struct ward_error **err);
void ward_ignore_free(struct ward_ignore *ig);
WARD_DEFINE_AUTOPTR(ward_ignore, ward_ignore_free)

/* OpenVEX (v0.2.0 and the older 0.0.x "vulnerability": "ID" form). Only
 * not_affected and fixed statements suppress findings; affected and
 * under_investigation are kept (and counted). */
struct ward_vex_statement {
    char *vuln;     /* vulnerability name (CVE-..., GHSA-...) */
    char **aliases; /* vulnerability.aliases */
    size_t n_aliases;
    char **products; /* product and subcomponent purls / ids */
    size_t n_products;
    char *status; /* not_affected | affected | fixed | under_investigation */
    char *justification;
};
struct ward_vex {
    struct ward_vex_statement *st;
    size_t n;
};
int ward_vex_load(struct ward_vex **out, const char *path, struct ward_error **err);
int ward_vex_parse(struct ward_vex **out, const char *data, size_t n, const char *path,
                   struct ward_error **err);
void ward_vex_free(struct ward_vex *v);
WARD_DEFINE_AUTOPTR(ward_vex, ward_vex_free)

#define WARD_PKG_CLASS_OS      1u /* deb, apk, rpm */
#define WARD_PKG_CLASS_LIBRARY 2u /* everything else */

struct ward_filter_opts {
    unsigned severities;  /* bit (1 << enum ward_severity) per severity kept; 0 = all */
    bool ignore_unfixed;  /* drop findings without a fixed version */
    unsigned pkg_classes; /* WARD_PKG_CLASS_* kept; 0 = all */
    const struct ward_ignore *ignore;
    const struct ward_vex *vex;
    time_t now; /* for expiry; 0 = time(NULL) */
};

struct ward_filter_stats {
    size_t by_severity, unfixed, by_pkg_class, by_ignore, by_vex, expired_rules;
};

/* "os,library" -> WARD_PKG_CLASS_* bits. @return 0 or WARD_EFORMAT naming the bad word. */
int ward_pkg_classes_parse(unsigned *out, const char *list, struct ward_error **err);
/* "CRITICAL,HIGH" (any case) -> severity bits. @return 0 or WARD_EFORMAT naming the bad word. */
int ward_severities_parse(unsigned *out, const char *list, struct ward_error **err);
unsigned ward_pkg_class(const struct ward_pkg *p);

/* Drop findings per opts (in place, order kept); stats may be NULL. */
void ward_findings_filter(struct ward_findings *f, const struct ward_filter_opts *opts,
                          struct ward_filter_stats *stats);

#endif
