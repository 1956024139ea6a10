/* report_int.h - helpers shared by the report writers (private to src/report). */
#ifndef WARD_REPORT_REPORT_INT_H
#define WARD_REPORT_REPORT_INT_H

#include "report/report.h"
#include "util/json_out.h"

extern const char *const ward_spdx_ids[];
extern const size_t ward_spdx_ids_n;

/* Packages of inv sorted by (type, name, version, arch, path, layer); caller frees the array. */
const struct ward_pkg **ward_report__sorted(const struct ward_inventory *inv);
/* Creation timestamp per opts / WARD_DETERMINISTIC into buf (>= 32 bytes). */
void ward_report__timestamp(const struct ward_report_opts *opts, char *buf, size_t n);
const char *ward_report__tool_version(const struct ward_report_opts *opts);
/* A deterministic RFC 4122-shaped UUID (version 5 bits) from the document's
 * identity and contents: 36 chars + NUL. */
void ward_report__uuid(const struct ward_inventory *inv, const char *salt, char out[37]);
/* True for OS package types (deb, apk, rpm). */
bool ward_report__is_os_pkg(const struct ward_pkg *p);
/* Short hex id (16 chars + NUL) of a package's identity. */
void ward_report__pkg_hash(const struct ward_pkg *p, char out[17]);

/* SPDX expression from a declared licence string (see ward_spdx_expression);
 * on_ref is called for each LicenseRef- made from a part that is not valid SPDX. */
bool ward_report__spdx_expr(struct ward_buf *out, const char *lic,
                            void (*on_ref)(const char *ref, const char *orig, size_t n, void *ud),
                            void *ud);

/* CycloneDX writer with a hook called before the document's closing brace,
 * given the sorted packages and their bom-refs (scan reports add
 * "vulnerabilities" there). */
typedef void (*ward_report__cdx_hook)(struct ward_json *j, const struct ward_pkg *const *pkgs,
                                      const char *const *refs, size_t n, void *ud);
int ward_report__cyclonedx(struct ward_buf *out, const struct ward_inventory *inv,
                           const struct ward_report_opts *opts, ward_report__cdx_hook hook,
                           void *ud, struct ward_error **err);

#endif
