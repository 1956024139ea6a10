/* checks.h - the finding model shared by the scanners that are not about
 * package vulnerabilities: malware signatures and image-configuration checks
 * (and later any rule-based scanner). Producers append with ward_checks_add();
 * the scan report writers and the policy engine read the list. */
#ifndef WARD_MISCONF_CHECKS_H
#define WARD_MISCONF_CHECKS_H

#include "util/arena.h"
#include "vulndb/vulndb.h" /* enum ward_severity */

#include <stdint.h>

struct ward_json;

/* One finding of one check. Every string is owned by the list's arena. */
struct ward_check_finding {
    const char *scanner;  /* "malware", "config" */
    const char *id;       /* rule/check id: "CIS-DI-0001", "WARD-IMG-007", a signature name */
    const char *title;    /* one line: what the rule is about */
    const char *message;  /* what was found here, in words (may repeat the title) */
    enum ward_severity severity;
    const char *path;     /* file in the image ("/usr/bin/x"), or NULL for image-wide checks */
    const char *layer;    /* diff_id of the layer holding the file, or NULL */
    int layer_index;      /* -1 when unknown */
    uint32_t line;        /* 1-based line in path, 0 when not applicable */
    const char *remediation; /* how to fix it, may be NULL */
};

struct ward_check_findings {
    struct ward_arena arena;
    struct ward_check_finding *items;
    size_t n, cap;
};

void ward_checks_init(struct ward_check_findings *c);
void ward_checks_dispose(struct ward_check_findings *c);
/* Append a finding; every string is copied into the list's arena (NULLs stay
 * NULL). Returns the stored finding. */
struct ward_check_finding *ward_checks_add(struct ward_check_findings *c,
                                           const struct ward_check_finding *f);
/* Sort by scanner, severity (worst first), id, path, line: stable output. */
void ward_checks_sort(struct ward_check_findings *c);
/* How many findings of one scanner (NULL: all). */
size_t ward_checks_count(const struct ward_check_findings *c, const char *scanner);
/* The JSON array of the findings (the array only), for the scan report. */
void ward_checks_json(const struct ward_check_findings *c, struct ward_json *j);

#endif
