/* sarif.h - the SARIF 2.1.0 frame every ward SARIF writer shares (scan, lint,
 * bench): document, run, tool driver, rules, results, plus the small
 * message and location objects. Callers write the rules and results. */
#ifndef WARD_REPORT_SARIF_H
#define WARD_REPORT_SARIF_H

#include "util/json_out.h"

/* {"$schema", "version", "runs": [{"tool": {"driver": {name, version,
 * [informationUri], "rules": [  - the caller then writes its rules. */
void ward_sarif_begin(struct ward_json *j, const char *tool, const char *version,
                      const char *info_uri);
/* Close the rules and the driver, open "results": [ */
void ward_sarif_begin_results(struct ward_json *j);
/* Close the results (adding originalUriBaseIds ROOTPATH -> root_uri when
 * root_uri is not NULL), the run and the document. */
void ward_sarif_end(struct ward_json *j, const char *root_uri);
/* "key": {"text": text} (a message or a multiformatMessageString). */
void ward_sarif_text(struct ward_json *j, const char *key, const char *text);
/* "locations": [{"physicalLocation": {"artifactLocation": {uri[, uriBaseId]},
 * "region": {"startLine": line}}}] */
void ward_sarif_locations(struct ward_json *j, const char *uri, const char *uri_base,
                          unsigned line);

#endif
