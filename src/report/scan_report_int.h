/* scan_report_int.h - pieces shared by the scan report writers (private). */
#ifndef WARD_REPORT_SCAN_REPORT_INT_H
#define WARD_REPORT_SCAN_REPORT_INT_H

#include "report/scan_report.h"
#include "util/json_out.h"

/* First repo tag, else the target as typed. */
const char *ward_scan__target_name(const struct ward_inventory *inv);
/* RFC 3339 UTC of unix seconds t into buf ("" when t is 0). */
void ward_scan__iso_time(int64_t t, char *buf, size_t n);
/* "Total: N (UNKNOWN: a, LOW: b, ...)\n" */
void ward_scan__summary_line(struct ward_buf *out, const struct ward_findings *f);
/* CycloneDX / SARIF severity words. */
const char *ward_scan__cdx_severity(enum ward_severity s);

int ward_scan__sarif(struct ward_buf *out, const struct ward_scan_result *r,
                     const struct ward_report_opts *opts);
int ward_scan__cyclonedx(struct ward_buf *out, const struct ward_scan_result *r,
                         const struct ward_report_opts *opts, struct ward_error **err);
int ward_scan__html(struct ward_buf *out, const struct ward_scan_result *r,
                    const struct ward_report_opts *opts);

#endif
