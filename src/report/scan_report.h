/* scan_report.h - writers for `ward scan` results: the findings of one target
 * (after filters) as a table, ward JSON, SARIF 2.1.0, CycloneDX 1.5 with
 * vulnerabilities, JUnit XML or a standalone HTML page. Writers only read. */
#ifndef WARD_REPORT_SCAN_REPORT_H
#define WARD_REPORT_SCAN_REPORT_H

#include "match/filter.h"
#include "match/match.h"
#include "misconf/checks.h"
#include "report/report.h"
#include "secrets/secrets.h"

#include <stdint.h>

enum ward_scan_format {
    WARD_SCAN_TABLE,
    WARD_SCAN_JSON,
    WARD_SCAN_SARIF,
    WARD_SCAN_CYCLONEDX,
    WARD_SCAN_JUNIT,
    WARD_SCAN_HTML,
};

#define WARD_SCAN_SCHEMA_VERSION 1 /* "schema_version" of ward's scan JSON */

/* "table" | "json" | "sarif" | "cyclonedx" | "cdx" | "junit" | "html".
 * @return 0 or WARD_EUNSUPPORTED naming the accepted formats. */
int ward_scan_format_parse(enum ward_scan_format *out, const char *name, struct ward_error **err);

struct ward_policy_result;
struct ward_scan_result {
    const struct ward_inventory *inv;
    const struct ward_findings *findings;  /* already filtered */
    const struct ward_filter_stats *hidden; /* what the filters dropped, may be NULL */
    const char *db_path;                    /* advisory DB used */
    int64_t db_built_at;                    /* unix seconds, 0 unknown */
    size_t db_advisories;
    const struct ward_secret_findings *secrets; /* NULL when the secret scanner was off */
    bool vuln_scanned;                          /* false: --scanners without vuln */
    const struct ward_check_findings *checks;   /* malware + config findings; NULL when
                                                   neither scanner ran */
    const struct ward_policy_result *policy;    /* policy verdict + risk score; NULL when
                                                   no --policy (policy/policy.h) */
};

/* Findings per severity: counts[enum ward_severity]. */
void ward_scan_counts(const struct ward_findings *f, size_t counts[WARD_SEV_CRITICAL + 1]);

/* What was scanned, as the scan JSON spells it: "target", "kind", "image"
 * ({id, manifest_digest, repo_tags} or null) and "os" ({id, version_id} or
 * null) keys of the enclosing object. Shared by `ward policy eval`. */
struct ward_json;
void ward_scan_json_subject(struct ward_json *j, const struct ward_inventory *inv);

int ward_report_scan(struct ward_buf *out, const struct ward_scan_result *r,
                     enum ward_scan_format fmt, const struct ward_report_opts *opts,
                     struct ward_error **err);

#endif
