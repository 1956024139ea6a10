/* match.h - packages x advisories -> findings. Distro packages (dpkg, apk)
 * match by source package and distro release, RPM distros by binary package
 * name, language packages by ecosystem + normalised name; versions compare
 * with the ecosystem's comparator (version/version.h). Advisories sharing an
 * id or alias merge into one finding per package. */
#ifndef WARD_MATCH_MATCH_H
#define WARD_MATCH_MATCH_H

#include "inventory/inventory.h"
#include "vulndb/vulndb.h"

enum ward_finding_status {
    WARD_FINDING_FIXED = 0,    /* a fixed version exists and the installed one is older */
    WARD_FINDING_AFFECTED,     /* affected, no fix published */
    WARD_FINDING_WILL_NOT_FIX, /* the vendor decided not to fix */
    WARD_FINDING_NOT_AFFECTED, /* vendor statement: not affected (only with
                                  WARD_MATCH_NOT_AFFECTED) */
};
/* "fixed", "affected", "will_not_fix", "not_affected" */
const char *ward_finding_status_name(enum ward_finding_status s);

/* One vulnerability in one package. Every string is owned by the findings'
 * arena; pkg points into the inventory given to ward_match() and is valid as
 * long as that inventory lives. */
struct ward_finding {
    const char *id;       /* primary id: a CVE when any advisory names one */
    const char **aliases; /* other ids of the merged advisories, sorted, NULL-terminated */
    size_t n_aliases;
    const struct ward_pkg *pkg; /* borrowed from the inventory */
    size_t pkg_index;           /* index in inventory->pkgs->items */
    const char *installed;      /* the version compared (source version for deb/apk) */
    const char *fixed_version;  /* NULL when no fix is known */
    enum ward_finding_status status;
    enum ward_severity severity;
    const char *severity_source; /* "debian-tracker", "alpine-secdb", "osv", "cvss", ... ; NULL
                                    when severity is UNKNOWN */
    double cvss_score;           /* 0 when unknown */
    const char *cvss_vector;     /* NULL when unknown */
    const char *title;           /* summary, may be NULL */
    const char *description;     /* details, may be NULL */
    const char **references;     /* URLs, NULL-terminated */
    size_t n_references;
    const char *data_source; /* feed that produced the match: "osv", "alpine-secdb", ... */
    const char *ecosystem;   /* advisory ecosystem that matched ("Alpine:v3.10") */
    /* Enrichment from CISA KEV, FIRST EPSS and NVD (zero / NULL when unknown). */
    bool kev;                   /* listed in the CISA Known Exploited Vulnerabilities catalog */
    const char *kev_date_added; /* "YYYY-MM-DD" */
    const char *kev_due_date;   /* "YYYY-MM-DD" */
    bool kev_ransomware;        /* knownRansomwareCampaignUse == "Known" */
    double epss_score;          /* probability of exploitation, 0..1 */
    double epss_percentile;     /* 0..1 */
    const char *epss_date;      /* score date "YYYY-MM-DD" */
    const char *published;      /* advisory publication date, ISO "YYYY-MM-DD..." or NULL */
};

struct ward_findings {
    struct ward_arena arena;
    struct ward_finding *items; /* sorted by (package name, version, id) */
    size_t n, cap;
    size_t packages_checked; /* packages with a known ecosystem */
    size_t packages_skipped; /* packages without an ecosystem or with an unsupported one */
};
void ward_findings_free(struct ward_findings *f);
WARD_DEFINE_AUTOPTR(ward_findings, ward_findings_free)

#define WARD_MATCH_NOT_AFFECTED 1u /* also report vendor "not affected" statements */

struct ward_match_opts {
    unsigned flags;
};

/* The OSV ecosystem release key of the inventory's distro for a package
 * type ("Debian:12", "Alpine:v3.10", "Ubuntu:22.04"), or NULL. Caller frees. */
char *ward_match_distro_ecosystem(const struct ward_pkg *p, const struct ward_distro *d);

/* Match every package of inv against db. opts may be NULL.
 * @return 0 with *out (caller frees), or <0: WARD_EIO on a DB error. Version
 * strings that do not parse skip that advisory for that package (logged at
 * debug level), they never fail the match. */
int ward_match(struct ward_findings **out, struct ward_vulndb *db, const struct ward_inventory *inv,
               const struct ward_match_opts *opts, struct ward_error **err);

#endif
