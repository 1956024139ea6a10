/* scan_cdx.c - `ward scan --format cyclonedx`: the CycloneDX 1.5 SBOM of the
 * target with a "vulnerabilities" array (ratings, fix recommendation, the
 * affected component by bom-ref), one entry per vulnerability id. */
#include "report/report_int.h"
#include "report/scan_report_int.h"

#include <stdlib.h>
#include <string.h>

struct cdx_ctx {
    const struct ward_scan_result *r;
};

static const char *ref_of(const struct ward_pkg *p, const struct ward_pkg *const *pkgs,
                          const char *const *refs, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (pkgs[i] == p)
            return refs[i];
    return NULL;
}

static const char *method_of(const char *vector)
{
    if (!vector)
        return "other";
    if (!strncmp(vector, "CVSS:3.1/", 9))
        return "CVSSv31";
    if (!strncmp(vector, "CVSS:3.0/", 9))
        return "CVSSv3";
    if (!strncmp(vector, "CVSS:4.0/", 9))
        return "CVSSv4";
    return "CVSSv2";
}

static void vulns(struct ward_json *j, const struct ward_pkg *const *pkgs,
                  const char *const *refs, size_t n, void *ud)
{
    const struct cdx_ctx *c = ud;
    const struct ward_findings *f = c->r->findings;
    ward_json_key(j, "vulnerabilities");
    ward_json_arr_begin(j);
    for (size_t i = 0; i < f->n; i++) {
        const struct ward_finding *x = &f->items[i];
        const char *ref = x->pkg ? ref_of(x->pkg, pkgs, refs, n) : NULL;
        ward_json_obj_begin(j);
        char bref[600];
        snprintf(bref, sizeof(bref), "%s@%s", x->id, ref ? ref : "");
        ward_json_kv_str(j, "bom-ref", bref);
        ward_json_kv_str(j, "id", x->id);
        ward_json_key(j, "source");
        ward_json_obj_begin(j);
        ward_json_kv_str(j, "name", x->data_source ? x->data_source : "ward");
        ward_json_obj_end(j);
        if (x->n_aliases) {
            ward_json_key(j, "references");
            ward_json_arr_begin(j);
            for (size_t k = 0; k < x->n_aliases; k++) {
                ward_json_obj_begin(j);
                ward_json_kv_str(j, "id", x->aliases[k]);
                ward_json_key(j, "source");
                ward_json_obj_begin(j);
                ward_json_kv_str(j, "name", x->data_source ? x->data_source : "ward");
                ward_json_obj_end(j);
                ward_json_obj_end(j);
            }
            ward_json_arr_end(j);
        }
        ward_json_key(j, "ratings");
        ward_json_arr_begin(j);
        ward_json_obj_begin(j);
        ward_json_key(j, "source");
        ward_json_obj_begin(j);
        ward_json_kv_str(j, "name", x->severity_source ? x->severity_source : "ward");
        ward_json_obj_end(j);
        if (x->cvss_score > 0)
            ward_json_kv_double(j, "score", x->cvss_score);
        ward_json_kv_str(j, "severity", ward_scan__cdx_severity(x->severity));
        if (x->cvss_vector) {
            ward_json_kv_str(j, "method", method_of(x->cvss_vector));
            ward_json_kv_str(j, "vector", x->cvss_vector);
        }
        ward_json_obj_end(j);
        ward_json_arr_end(j);
        if (x->description || x->title)
            ward_json_kv_str(j, "description", x->description ? x->description : x->title);
        if (x->fixed_version) {
            char rec[600];
            snprintf(rec, sizeof(rec), "Upgrade %s to %s or later.",
                     x->pkg && x->pkg->name ? x->pkg->name : "the package", x->fixed_version);
            ward_json_kv_str(j, "recommendation", rec);
        }
        if (x->n_references) {
            ward_json_key(j, "advisories");
            ward_json_arr_begin(j);
            for (size_t k = 0; k < x->n_references; k++) {
                ward_json_obj_begin(j);
                ward_json_kv_str(j, "url", x->references[k]);
                ward_json_obj_end(j);
            }
            ward_json_arr_end(j);
        }
        if (ref) {
            ward_json_key(j, "affects");
            ward_json_arr_begin(j);
            ward_json_obj_begin(j);
            ward_json_kv_str(j, "ref", ref);
            ward_json_key(j, "versions");
            ward_json_arr_begin(j);
            ward_json_obj_begin(j);
            ward_json_kv_str(j, "version", x->installed ? x->installed : "");
            ward_json_kv_str(j, "status", "affected");
            ward_json_obj_end(j);
            ward_json_arr_end(j);
            ward_json_obj_end(j);
            ward_json_arr_end(j);
        }
        ward_json_key(j, "properties");
        ward_json_arr_begin(j);
        ward_json_obj_begin(j);
        ward_json_kv_str(j, "name", "ward:status");
        ward_json_kv_str(j, "value", ward_finding_status_name(x->status));
        ward_json_obj_end(j);
        if (x->fixed_version) {
            ward_json_obj_begin(j);
            ward_json_kv_str(j, "name", "ward:fixed_version");
            ward_json_kv_str(j, "value", x->fixed_version);
            ward_json_obj_end(j);
        }
        ward_json_arr_end(j);
        ward_json_obj_end(j);
    }
    ward_json_arr_end(j);
}

int ward_scan__cyclonedx(struct ward_buf *out, const struct ward_scan_result *r,
                         const struct ward_report_opts *opts, struct ward_error **err)
{
    struct cdx_ctx c = {r};
    return ward_report__cyclonedx(out, r->inv, opts, vulns, &c, err);
}
