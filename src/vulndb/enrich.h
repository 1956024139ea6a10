/* enrich.h - enrichment data kept next to the advisories: CVSS metrics per CVE
 * (NVD CVE API 2.0 / 1.1 feeds), the CISA Known Exploited Vulnerabilities
 * catalog, FIRST EPSS scores; CVSS v2 scoring and v4 vector validation; and
 * the one call the matcher makes to gather all of it for a finding. */
#ifndef WARD_VULNDB_ENRICH_H
#define WARD_VULNDB_ENRICH_H

#include "vulndb/vulndb.h"

/* ---- CVSS (cvss.c) ---- */

/* Version of a vector: "4.0" / "3.1" / "3.0" for "CVSS:x.y/..." prefixes,
 * "2.0" for a bare v2 vector ("AV:N/AC:L/Au:N/...", optionally in
 * parentheses or with a "CVSS:2.0/" prefix); NULL when unrecognised. */
const char *ward_cvss_version(const char *vector);
/* CVSS v2 base score (NVD's equations, rounded to one decimal).
 * @return 0, WARD_EFORMAT (missing / unknown base metric). */
int ward_cvss2_score(const char *vector, double *score, struct ward_error **err);
/* Validate a CVSS v4.0 vector: the eleven base metrics present once with
 * legal values, optional threat/environmental/supplemental metrics legal,
 * nothing unknown. Scores for v4 are taken from the feed (computing them
 * needs FIRST's MacroVector lookup table, which ward does not carry).
 * @return 0, WARD_EFORMAT. */
int ward_cvss4_check(const char *vector, struct ward_error **err);
/* Validate any vector and give its version and, for v2/v3, its computed
 * base score (v4: *score untouched). @return 0, WARD_EFORMAT. */
int ward_cvss_check(const char *vector, const char **version, double *score,
                    struct ward_error **err);
/* Preference among metrics of one CVE, lower is better: v3.x primary,
 * v3.x secondary, v4 primary, v4 secondary, v2 primary, v2 secondary. */
int ward_cvss_rank(const char *version, const char *type);
/* Severity band of a score under that CVSS version (v2 has no CRITICAL). */
enum ward_severity ward_cvss_severity(const char *version, double score);

/* ---- stored enrichment (enrich.c) ---- */

struct ward_cvss_metric {
    const char *feed;     /* "nvd" */
    const char *source;   /* who scored it: "nvd@nist.gov", a CNA's address, ... */
    const char *type;     /* "Primary" / "Secondary", or NULL */
    const char *version;  /* "2.0", "3.0", "3.1", "4.0" */
    const char *vector;   /* as the feed spells it */
    double score;         /* base score */
    const char *severity; /* feed's word ("HIGH"), or NULL */
};
/* Every CVSS metric stored for cve, best first (ward_cvss_rank, then source
 * order). Strings in arena a. @return count >= 0 in *out, or <0 with err. */
int ward_vulndb_cvss(struct ward_vulndb *db, const char *cve, struct ward_arena *a,
                     struct ward_cvss_metric **out, struct ward_error **err);

struct ward_kev {
    const char *cve, *date_added, *due_date;
    bool ransomware; /* knownRansomwareCampaignUse == "Known" */
    const char *vendor, *product, *name, *description, *required_action;
};
/* @return 1 when cve is in the catalog (*out filled), 0 when not, <0 on error. */
int ward_vulndb_kev(struct ward_vulndb *db, const char *cve, struct ward_arena *a,
                    struct ward_kev *out, struct ward_error **err);

struct ward_epss {
    double score, percentile;
    const char *date; /* "YYYY-MM-DD" of the score */
};
/* @return 1 when a score is stored (*out filled), 0 when not, <0 on error. */
int ward_vulndb_epss(struct ward_vulndb *db, const char *cve, struct ward_arena *a,
                     struct ward_epss *out, struct ward_error **err);

/* Everything enrichment knows about a finding named by several ids. */
struct ward_vulndb_extra {
    bool kev;
    const char *kev_date_added, *kev_due_date;
    bool kev_ransomware;
    bool epss;
    double epss_score, epss_percentile; /* highest score among the ids */
    const char *epss_date;
    const char *published; /* earliest publication date any advisory of the ids gives */
    /* Best CVSS metric of the ids (ward_cvss_rank), NULL/0 when none. */
    const char *cvss_vector, *cvss_version, *cvss_severity, *cvss_feed;
    double cvss_score;
};
/* Look every id (CVE ids for CVSS/KEV/EPSS, any id for the publication date)
 * up. DBs built before these tables existed simply give nothing.
 * @return 0 or <0 with err (WARD_EIO). */
int ward_vulndb_enrich_extra(struct ward_vulndb *db, const char *const *ids, size_t n,
                             struct ward_arena *a, struct ward_vulndb_extra *out,
                             struct ward_error **err);
/* The same for a finding whose advisories the caller fetched with
 * ward_vulndb_advisory, ids being their ids and aliases: published is the
 * earliest of their `published` dates (NULL if none), which already covers
 * every advisory named by ids, so no publication query per id is made -
 * unless the DB predates those dates, in which case it is asked as above. */
int ward_vulndb_enrich_finding(struct ward_vulndb *db, const char *const *ids, size_t n,
                               const char *published, struct ward_arena *a,
                               struct ward_vulndb_extra *out, struct ward_error **err);

#endif
