/* scan_sarif.c - `ward scan --format sarif`: SARIF 2.1.0, one rule per
 * vulnerability id (with GitHub's security-severity property), one result per
 * (vulnerability, package) located at the file the package was found in. */
#include "report/report_int.h"
#include "report/sarif.h"
#include "report/scan_report_int.h"
#include "policy/policy.h"

#include <stdlib.h>
#include <string.h>

const char *ward_scan__cdx_severity(enum ward_severity s)
{
    switch (s) {
    case WARD_SEV_CRITICAL:
        return "critical";
    case WARD_SEV_HIGH:
        return "high";
    case WARD_SEV_MEDIUM:
        return "medium";
    case WARD_SEV_LOW:
        return "low";
    case WARD_SEV_NEGLIGIBLE:
        return "info";
    default:
        return "unknown";
    }
}

static const char *sarif_level(enum ward_severity s)
{
    switch (s) {
    case WARD_SEV_CRITICAL:
    case WARD_SEV_HIGH:
        return "error";
    case WARD_SEV_MEDIUM:
        return "warning";
    default:
        return "note";
    }
}

/* security-severity GitHub reads: the CVSS score, else a band's midpoint. */
static double security_severity(const struct ward_finding *x)
{
    if (x->cvss_score > 0)
        return x->cvss_score;
    switch (x->severity) {
    case WARD_SEV_CRITICAL:
        return 9.5;
    case WARD_SEV_HIGH:
        return 8.0;
    case WARD_SEV_MEDIUM:
        return 5.5;
    case WARD_SEV_LOW:
        return 2.0;
    default:
        return 0.0;
    }
}

static const struct ward_finding *g_items; /* qsort context (single-threaded writer) */

static int idx_cmp(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    int c = strcmp(g_items[x].id ? g_items[x].id : "", g_items[y].id ? g_items[y].id : "");
    return c ? c : (x < y ? -1 : x > y);
}

int ward_scan__sarif(struct ward_buf *out, const struct ward_scan_result *r,
                     const struct ward_report_opts *opts)
{
    const struct ward_findings *f = r->findings;
    const struct ward_inventory *inv = r->inv;
    struct ward_json j;
    size_t *order = ward_xcalloc(f->n + 1, sizeof(size_t));
    size_t *rule_of = ward_xcalloc(f->n + 1, sizeof(size_t));
    for (size_t i = 0; i < f->n; i++)
        order[i] = i;
    g_items = f->items;
    if (f->n > 1)
        qsort(order, f->n, sizeof(size_t), idx_cmp);

    ward_json_init(&j, out, opts ? opts->pretty : false);
    ward_sarif_begin(&j, "ward", ward_report__tool_version(opts), NULL);
    size_t nrules = 0;
    for (size_t k = 0; k < f->n; k++) {
        const struct ward_finding *x = &f->items[order[k]];
        if (k && !strcmp(x->id, f->items[order[k - 1]].id)) {
            rule_of[order[k]] = nrules - 1;
            continue;
        }
        rule_of[order[k]] = nrules++;
        ward_json_obj_begin(&j);
        ward_json_kv_str(&j, "id", x->id);
        ward_json_kv_str(&j, "name", "OsPackageVulnerability");
        ward_sarif_text(&j, "shortDescription", x->title ? x->title : x->id);
        ward_sarif_text(&j, "fullDescription", x->description ? x->description : x->id);
        if (x->n_references && ward_sarif_is_abs_uri(x->references[0])) /* "uri" format */
            ward_json_kv_str(&j, "helpUri", x->references[0]);
        ward_json_key(&j, "defaultConfiguration");
        ward_json_obj_begin(&j);
        ward_json_kv_str(&j, "level", sarif_level(x->severity));
        ward_json_obj_end(&j);
        ward_json_key(&j, "help");
        ward_json_obj_begin(&j);
        struct ward_buf h = WARD_BUF_INIT(0);
        ward_buf_addf(&h, "Vulnerability %s\nSeverity: %s\n", x->id,
                      ward_severity_name(x->severity));
        if (x->n_references)
            ward_buf_addf(&h, "Reference: %s\n", x->references[0]);
        ward_json_kv_str(&j, "text", h.ptr);
        ward_buf_dispose(&h);
        ward_json_obj_end(&j);
        ward_json_key(&j, "properties");
        ward_json_obj_begin(&j);
        char sev[16];
        snprintf(sev, sizeof(sev), "%.1f", security_severity(x));
        ward_json_kv_str(&j, "security-severity", sev);
        if (x->kev) { /* CISA Known Exploited Vulnerabilities */
            ward_json_kv_bool(&j, "kev", true);
            ward_json_kv_str(&j, "kev-date-added", x->kev_date_added);
            ward_json_kv_str(&j, "kev-due-date", x->kev_due_date);
            ward_json_kv_bool(&j, "kev-known-ransomware", x->kev_ransomware);
        }
        if (x->epss_date) { /* FIRST EPSS */
            snprintf(sev, sizeof(sev), "%.5f", x->epss_score);
            ward_json_kv_str(&j, "epss-score", sev);
            snprintf(sev, sizeof(sev), "%.5f", x->epss_percentile);
            ward_json_kv_str(&j, "epss-percentile", sev);
            ward_json_kv_str(&j, "epss-date", x->epss_date);
        }
        ward_json_key(&j, "tags");
        ward_json_arr_begin(&j);
        ward_json_str(&j, "vulnerability");
        ward_json_str(&j, "security");
        ward_json_str(&j, ward_severity_name(x->severity));
        ward_json_arr_end(&j);
        ward_json_obj_end(&j);
        ward_json_obj_end(&j);
    }
    /* one rule per secret rule id that fired; sec_rule[i] = its index */
    const struct ward_secret_findings *sf = r->secrets;
    size_t nsec = sf ? sf->n : 0;
    size_t *sec_rule = ward_xcalloc(nsec + 1, sizeof(size_t));
    for (size_t i = 0; i < nsec; i++) {
        const struct ward_secret_finding *x = &sf->items[i];
        size_t k = 0;
        for (; k < i; k++)
            if (!strcmp(sf->items[k].rule_id, x->rule_id))
                break;
        if (k < i) {
            sec_rule[i] = sec_rule[k];
            continue;
        }
        sec_rule[i] = nrules++;
        char id[256];
        snprintf(id, sizeof(id), "secret/%s", x->rule_id);
        ward_json_obj_begin(&j);
        ward_json_kv_str(&j, "id", id);
        ward_json_kv_str(&j, "name", "Secret");
        ward_sarif_text(&j, "shortDescription", x->title);
        ward_sarif_text(&j, "fullDescription", x->title);
        ward_json_key(&j, "defaultConfiguration");
        ward_json_obj_begin(&j);
        ward_json_kv_str(&j, "level", x->severity >= WARD_SECRET_HIGH ? "error" : "warning");
        ward_json_obj_end(&j);
        ward_json_key(&j, "properties");
        ward_json_obj_begin(&j);
        ward_json_key(&j, "tags");
        ward_json_arr_begin(&j);
        ward_json_str(&j, "secret");
        ward_json_str(&j, "security");
        ward_json_str(&j, ward_secret_severity_name(x->severity));
        ward_json_arr_end(&j);
        ward_json_obj_end(&j);
        ward_json_obj_end(&j);
    }
    /* one rule per (scanner, check id) that fired; chk_rule[i] = its index */
    const struct ward_check_findings *cf = r->checks;
    size_t nchk = cf ? cf->n : 0;
    size_t *chk_rule = ward_xcalloc(nchk + 1, sizeof(size_t));
    for (size_t i = 0; i < nchk; i++) {
        const struct ward_check_finding *x = &cf->items[i];
        size_t k = 0;
        for (; k < i; k++)
            if (!strcmp(cf->items[k].scanner, x->scanner) && !strcmp(cf->items[k].id, x->id))
                break;
        if (k < i) {
            chk_rule[i] = chk_rule[k];
            continue;
        }
        chk_rule[i] = nrules++;
        char id[256];
        snprintf(id, sizeof(id), "%s/%s", x->scanner, x->id);
        ward_json_obj_begin(&j);
        ward_json_kv_str(&j, "id", id);
        ward_json_kv_str(&j, "name", !strcmp(x->scanner, "malware") ? "Malware" : "Misconfiguration");
        ward_sarif_text(&j, "shortDescription", x->title);
        ward_sarif_text(&j, "fullDescription", x->title);
        ward_json_key(&j, "defaultConfiguration");
        ward_json_obj_begin(&j);
        ward_json_kv_str(&j, "level", sarif_level(x->severity));
        ward_json_obj_end(&j);
        if (x->remediation) {
            ward_json_key(&j, "help");
            ward_json_obj_begin(&j);
            ward_json_kv_str(&j, "text", x->remediation);
            ward_json_obj_end(&j);
        }
        ward_json_key(&j, "properties");
        ward_json_obj_begin(&j);
        ward_json_key(&j, "tags");
        ward_json_arr_begin(&j);
        ward_json_str(&j, x->scanner);
        ward_json_str(&j, "security");
        ward_json_str(&j, ward_severity_name(x->severity));
        ward_json_arr_end(&j);
        ward_json_obj_end(&j);
        ward_json_obj_end(&j);
    }
    if (r->policy) /* rule "policy/verdict" (its properties carry the whole result) */
        ward_policy_sarif_rule(r->policy, &j);
    ward_sarif_begin_results(&j);
    for (size_t i = 0; i < f->n; i++) {
        const struct ward_finding *x = &f->items[i];
        const struct ward_pkg *p = x->pkg;
        ward_json_obj_begin(&j);
        ward_json_kv_str(&j, "ruleId", x->id);
        ward_json_kv_uint(&j, "ruleIndex", rule_of[i]);
        ward_json_kv_str(&j, "level", sarif_level(x->severity));
        struct ward_buf m = WARD_BUF_INIT(0);
        ward_buf_addf(&m, "Package: %s\nInstalled Version: %s\nVulnerability %s\nSeverity: %s\n"
                          "Fixed Version: %s\nStatus: %s",
                      p && p->name ? p->name : "", x->installed ? x->installed : "", x->id,
                      ward_severity_name(x->severity), x->fixed_version ? x->fixed_version : "",
                      ward_finding_status_name(x->status));
        ward_sarif_text(&j, "message", m.ptr);
        ward_buf_dispose(&m);
        ward_json_key(&j, "locations");
        ward_json_arr_begin(&j);
        ward_json_obj_begin(&j);
        ward_json_key(&j, "physicalLocation");
        ward_json_obj_begin(&j);
        ward_json_key(&j, "artifactLocation");
        ward_json_obj_begin(&j);
        const char *uri = p && p->path && *p->path ? p->path : ward_scan__target_name(inv);
        while (*uri == '/')
            uri++;
        ward_sarif_kv_uri(&j, "uri", uri); /* percent-encoded "uri-reference" */
        ward_json_kv_str(&j, "uriBaseId", "ROOTPATH");
        ward_json_obj_end(&j);
        ward_json_key(&j, "region");
        ward_json_obj_begin(&j);
        ward_json_kv_int(&j, "startLine", 1);
        ward_json_kv_int(&j, "startColumn", 1);
        ward_json_kv_int(&j, "endLine", 1);
        ward_json_kv_int(&j, "endColumn", 1);
        ward_json_obj_end(&j);
        ward_json_obj_end(&j); /* physicalLocation */
        struct ward_buf lm = WARD_BUF_INIT(0);
        ward_buf_addf(&lm, "%s: %s@%s", ward_scan__target_name(inv), p && p->name ? p->name : "",
                      x->installed ? x->installed : "");
        ward_sarif_text(&j, "message", lm.ptr);
        ward_buf_dispose(&lm);
        ward_json_obj_end(&j);
        ward_json_arr_end(&j);
        if (p && p->purl) {
            ward_json_key(&j, "partialFingerprints");
            ward_json_obj_begin(&j);
            struct ward_buf fp = WARD_BUF_INIT(0);
            ward_buf_addf(&fp, "%s|%s", x->id, p->purl);
            ward_json_kv_str(&j, "ward/v1", fp.ptr);
            ward_buf_dispose(&fp);
            ward_json_obj_end(&j);
        }
        ward_json_obj_end(&j);
    }
    for (size_t i = 0; i < nsec; i++) {
        const struct ward_secret_finding *x = &sf->items[i];
        char id[256];
        snprintf(id, sizeof(id), "secret/%s", x->rule_id);
        ward_json_obj_begin(&j);
        ward_json_kv_str(&j, "ruleId", id);
        ward_json_kv_uint(&j, "ruleIndex", sec_rule[i]);
        ward_json_kv_str(&j, "level", x->severity >= WARD_SECRET_HIGH ? "error" : "warning");
        struct ward_buf m = WARD_BUF_INIT(0);
        ward_buf_addf(&m, "%s: %s%s", x->title, x->match,
                      x->deleted ? " (in a layer, deleted later)" : "");
        ward_sarif_text(&j, "message", m.ptr);
        ward_buf_dispose(&m);
        const char *uri = x->path;
        while (*uri == '/')
            uri++;
        ward_sarif_locations(&j, uri, "ROOTPATH", x->line);
        ward_json_obj_end(&j);
    }
    free(sec_rule);
    for (size_t i = 0; i < nchk; i++) {
        const struct ward_check_finding *x = &cf->items[i];
        char id[256];
        snprintf(id, sizeof(id), "%s/%s", x->scanner, x->id);
        ward_json_obj_begin(&j);
        ward_json_kv_str(&j, "ruleId", id);
        ward_json_kv_uint(&j, "ruleIndex", chk_rule[i]);
        ward_json_kv_str(&j, "level", sarif_level(x->severity));
        ward_sarif_text(&j, "message", x->message ? x->message : x->title);
        /* image-wide checks point at the image itself */
        const char *uri = x->path ? x->path : ward_scan__target_name(inv);
        while (*uri == '/')
            uri++;
        ward_sarif_locations(&j, uri, "ROOTPATH", x->line ? x->line : 1);
        ward_json_obj_end(&j);
    }
    free(chk_rule);
    if (r->policy)
        ward_policy_sarif_result(r->policy, &j, ward_scan__target_name(inv));
    ward_sarif_end(&j, "file:///");
    ward_buf_addc(out, '\n');
    free(order);
    free(rule_of);
    return 0;
}
