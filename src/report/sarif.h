/* sarif.h - the SARIF 2.1.0 frame every ward SARIF writer shares (scan, lint,
 * bench): document, run, tool driver, rules, results, plus the small
 * message and location objects. Callers write the rules and results. */
#ifndef WARD_REPORT_SARIF_H
#define WARD_REPORT_SARIF_H

#include "util/json_out.h"

#include <stdbool.h>

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
/* "key": PATH as a relative URI reference (the "uri-reference" format): every
 * byte but unreserved, sub-delims, '@' and '/' percent-encoded (so ':' too,
 * which would otherwise read as a scheme). */
void ward_sarif_kv_uri(struct ward_json *j, const char *key, const char *path);
/* True when S is an absolute URI (the schema's "uri" format: scheme ":" and only
 * URI characters, '%' followed by two hex digits), e.g. fit for helpUri. */
bool ward_sarif_is_abs_uri(const char *s);
/* "locations": [{"physicalLocation": {"artifactLocation": {uri[, uriBaseId]},
 * "region": {"startLine": line}}}]; PATH is encoded as by ward_sarif_kv_uri. */
void ward_sarif_locations(struct ward_json *j, const char *path, const char *uri_base,
                          unsigned line);

#endif
