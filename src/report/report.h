/* report.h - writers that turn an inventory into an SBOM (ward JSON, CycloneDX 1.5,
 * SPDX 2.3, a human table) and the reader that turns a CycloneDX or SPDX JSON file
 * back into an inventory (SBOM files as scan targets). Writers only read the
 * inventory; output is byte-stable for the same input (sorted, fixed key order). */
#ifndef WARD_REPORT_REPORT_H
#define WARD_REPORT_REPORT_H

#include "inventory/inventory.h"
#include "util/buf.h"
#include "util/error.h"

enum ward_sbom_format {
    WARD_SBOM_JSON,      /* ward's own inventory JSON ("json") */
    WARD_SBOM_CYCLONEDX, /* CycloneDX 1.5 JSON ("cyclonedx", "cdx") */
    WARD_SBOM_SPDX,      /* SPDX 2.3 JSON ("spdx", "spdx-json") */
    WARD_SBOM_TABLE,     /* aligned text table ("table") */
};

#define WARD_SBOM_SCHEMA_VERSION 1 /* "schema_version" of ward's own JSON */

struct ward_report_opts {
    bool pretty;              /* indent JSON (2 spaces) */
    bool deterministic;       /* pin timestamps to 1970-01-01T00:00:00Z (also WARD_DETERMINISTIC=1) */
    const char *created;      /* RFC 3339 creation time to use; NULL = now (or pinned) */
    const char *tool_version; /* "0.1.0"; NULL = WARD_REPORT_TOOL_VERSION */
    unsigned table_width;     /* table: max line width; 0 = 120 */
};

#ifndef WARD_REPORT_TOOL_VERSION
#define WARD_REPORT_TOOL_VERSION "0.1.0"
#endif

/* "json" | "cyclonedx" | "cdx" | "spdx" | "spdx-json" | "table" -> *out.
 * @return 0, or WARD_EUNSUPPORTED naming the accepted formats. */
int ward_sbom_format_parse(enum ward_sbom_format *out, const char *name, struct ward_error **err);

/* Append the SBOM of inv in format fmt to out (opts may be NULL).
 * @return 0, or WARD_ELIMIT when out's cap was reached. */
int ward_report_sbom(struct ward_buf *out, const struct ward_inventory *inv,
                     enum ward_sbom_format fmt, const struct ward_report_opts *opts,
                     struct ward_error **err);
int ward_report_sbom_json(struct ward_buf *out, const struct ward_inventory *inv,
                          const struct ward_report_opts *opts, struct ward_error **err);
int ward_report_cyclonedx(struct ward_buf *out, const struct ward_inventory *inv,
                          const struct ward_report_opts *opts, struct ward_error **err);
int ward_report_spdx(struct ward_buf *out, const struct ward_inventory *inv,
                     const struct ward_report_opts *opts, struct ward_error **err);
int ward_report_table(struct ward_buf *out, const struct ward_inventory *inv,
                      const struct ward_report_opts *opts, struct ward_error **err);

/* Read a CycloneDX (1.2-1.6) or SPDX (2.2/2.3) JSON document into a new
 * inventory (kind "cyclonedx" / "spdx", target = path or the document's name).
 * Packages come from purls; the distro from the operating-system component /
 * package (Trivy and Syft conventions understood) or the purls' distro= qualifier.
 * @return 0; WARD_EFORMAT for malformed JSON or a bad purl; WARD_EUNSUPPORTED
 * for JSON that is neither format; WARD_ELIMIT past the JSON limits. */
int ward_sbom_read(struct ward_inventory **out, const char *data, size_t len, const char *path,
                   struct ward_error **err);

/* A parsed package URL (purl spec): all components percent-decoded, type and
 * qualifier keys lower-cased, qualifiers sorted by key; NULL = absent. */
struct ward_purl_qualifier {
    char *key, *value;
};
struct ward_purl {
    char *type, *namespace, *name, *version, *subpath;
    struct ward_purl_qualifier *quals;
    size_t n_quals;
};
/* Parse s[0..n). @return 0 or WARD_EFORMAT / WARD_ELIMIT; *out is zeroed on error. */
int ward_purl_parse(struct ward_purl *out, const char *s, size_t n, struct ward_error **err);
void ward_purl_dispose(struct ward_purl *p);
/* Value of qualifier key (borrowed), NULL when absent. */
const char *ward_purl_qual(const struct ward_purl *p, const char *key);

/* SPDX licence helpers (exposed for tests). Canonical id for a known SPDX
 * licence identifier (case-insensitive), NULL when unknown. */
const char *ward_spdx_license_id(const char *s, size_t n);
/* Convert a declared licence string ("; "-joined parts) into a valid SPDX
 * expression into out; parts that are not valid expressions become
 * "LicenseRef-<sanitised>". Returns false (out untouched) when lic is empty. */
bool ward_spdx_expression(struct ward_buf *out, const char *lic);

#endif
