/* scan_report.c - `ward scan` output: format names, severity counts, ward's
 * scan JSON, the human table and JUnit XML; SARIF, CycloneDX-with-
 * vulnerabilities and HTML live in scan_sarif.c / scan_cdx.c / scan_html.c. */
#include "report/report_int.h"
#include "report/scan_report.h"
#include "report/scan_report_int.h"
#include "policy/policy.h"
#include "vulndb/enrich.h"

#include <string.h>
#include <time.h>

int ward_scan_format_parse(enum ward_scan_format *out, const char *name, struct ward_error **err)
{
    static const struct {
        const char *name;
        enum ward_scan_format f;
    } names[] = {
        {"table", WARD_SCAN_TABLE},         {"json", WARD_SCAN_JSON},
        {"sarif", WARD_SCAN_SARIF},         {"cyclonedx", WARD_SCAN_CYCLONEDX},
        {"cdx", WARD_SCAN_CYCLONEDX},       {"junit", WARD_SCAN_JUNIT},
        {"html", WARD_SCAN_HTML},
    };
    for (size_t i = 0; i < WARD_ARRAY_LEN(names); i++)
        if (!strcmp(name, names[i].name)) {
            *out = names[i].f;
            return 0;
        }
    return ward_error_set(err, WARD_EUNSUPPORTED, 0,
                          "unknown format '%s' (table, json, sarif, cyclonedx, junit, html)",
                          name);
}

void ward_scan_counts(const struct ward_findings *f, size_t counts[WARD_SEV_CRITICAL + 1])
{
    for (int s = 0; s <= WARD_SEV_CRITICAL; s++)
        counts[s] = 0;
    for (size_t i = 0; i < f->n; i++)
        counts[f->items[i].severity]++;
}

const char *ward_scan__target_name(const struct ward_inventory *inv)
{
    if (inv->n_repo_tags && inv->repo_tags[0])
        return inv->repo_tags[0];
    return inv->target ? inv->target : "";
}

void ward_scan__iso_time(int64_t t, char *buf, size_t n)
{
    time_t tt = (time_t)t;
    struct tm tm;
    if (!t || !gmtime_r(&tt, &tm) || !strftime(buf, n, "%Y-%m-%dT%H:%M:%SZ", &tm))
        snprintf(buf, n, "%s", "");
}

/* ---- JSON ---- */

static void str_list(struct ward_json *j, const char *key, const char *const *v, size_t n)
{
    ward_json_key(j, key);
    ward_json_arr_begin(j);
    for (size_t i = 0; i < n; i++)
        ward_json_str(j, v[i]);
    ward_json_arr_end(j);
}

void ward_scan_json_subject(struct ward_json *j, const struct ward_inventory *inv)
{
    ward_json_kv_str(j, "target", inv->target);
    ward_json_kv_str(j, "kind", inv->kind);
    ward_json_key(j, "image");
    if (inv->image_id || inv->manifest_digest || inv->n_repo_tags) {
        ward_json_obj_begin(j);
        ward_json_kv_str(j, "id", inv->image_id);
        ward_json_kv_str(j, "manifest_digest", inv->manifest_digest);
        str_list(j, "repo_tags", (const char *const *)inv->repo_tags, inv->n_repo_tags);
        ward_json_obj_end(j);
    } else {
        ward_json_null(j);
    }
    ward_json_key(j, "os");
    if (inv->distro.id) {
        ward_json_obj_begin(j);
        ward_json_kv_str(j, "id", inv->distro.id);
        ward_json_kv_str(j, "version_id", inv->distro.version_id);
        ward_json_obj_end(j);
    } else {
        ward_json_null(j);
    }
}

static int scan_json(struct ward_buf *out, const struct ward_scan_result *r,
                     const struct ward_report_opts *opts)
{
    const struct ward_inventory *inv = r->inv;
    const struct ward_findings *f = r->findings;
    struct ward_json j;
    char ts[40], built[40];
    size_t counts[WARD_SEV_CRITICAL + 1];
    ward_scan_counts(f, counts);
    ward_report__timestamp(opts, ts, sizeof(ts));
    ward_scan__iso_time(r->db_built_at, built, sizeof(built));

    ward_json_init(&j, out, opts ? opts->pretty : false);
    ward_json_obj_begin(&j);
    ward_json_kv_int(&j, "schema_version", WARD_SCAN_SCHEMA_VERSION);
    ward_json_kv_str(&j, "created", ts);
    ward_scan_json_subject(&j, inv);
    ward_json_key(&j, "db");
    ward_json_obj_begin(&j);
    ward_json_kv_str(&j, "path", r->db_path);
    ward_json_kv_str(&j, "built_at", *built ? built : NULL);
    ward_json_kv_uint(&j, "advisories", r->db_advisories);
    ward_json_obj_end(&j);

    ward_json_key(&j, "summary");
    ward_json_obj_begin(&j);
    ward_json_kv_uint(&j, "packages", inv->pkgs ? inv->pkgs->n : 0);
    ward_json_kv_uint(&j, "packages_checked", f->packages_checked);
    ward_json_kv_uint(&j, "packages_skipped", f->packages_skipped);
    ward_json_kv_uint(&j, "findings", f->n);
    ward_json_kv_uint(&j, "secrets", r->secrets ? r->secrets->n : 0);
    ward_json_kv_uint(&j, "malware", ward_checks_count(r->checks, "malware"));
    ward_json_kv_uint(&j, "config", ward_checks_count(r->checks, "config"));
    ward_json_key(&j, "by_severity");
    ward_json_obj_begin(&j);
    for (int s = WARD_SEV_CRITICAL; s >= WARD_SEV_UNKNOWN; s--)
        ward_json_kv_uint(&j, ward_severity_name((enum ward_severity)s), counts[s]);
    ward_json_obj_end(&j);
    ward_json_key(&j, "hidden");
    ward_json_obj_begin(&j);
    const struct ward_filter_stats z = {0}, *h = r->hidden ? r->hidden : &z;
    ward_json_kv_uint(&j, "severity", h->by_severity);
    ward_json_kv_uint(&j, "unfixed", h->unfixed);
    ward_json_kv_uint(&j, "pkg_type", h->by_pkg_class);
    ward_json_kv_uint(&j, "ignore_file", h->by_ignore);
    ward_json_kv_uint(&j, "vex", h->by_vex);
    ward_json_kv_uint(&j, "expired_ignore_rules", h->expired_rules);
    ward_json_obj_end(&j);
    ward_json_obj_end(&j);

    ward_json_key(&j, "findings");
    ward_json_arr_begin(&j);
    for (size_t i = 0; i < f->n; i++) {
        const struct ward_finding *x = &f->items[i];
        const struct ward_pkg *p = x->pkg;
        ward_json_obj_begin(&j);
        ward_json_kv_str(&j, "id", x->id);
        str_list(&j, "aliases", x->aliases, x->n_aliases);
        ward_json_key(&j, "package");
        ward_json_obj_begin(&j);
        ward_json_kv_str(&j, "name", p ? p->name : NULL);
        ward_json_kv_str(&j, "version", p ? p->version : NULL);
        ward_json_kv_str(&j, "type", p ? p->type : NULL);
        ward_json_kv_str(&j, "purl", p ? p->purl : NULL);
        ward_json_kv_str(&j, "source_name", p ? p->source_name : NULL);
        ward_json_kv_str(&j, "source_version", p ? p->source_version : NULL);
        ward_json_kv_str(&j, "path", p ? p->path : NULL);
        ward_json_kv_str(&j, "layer", p ? p->layer : NULL);
        ward_json_obj_end(&j);
        ward_json_kv_str(&j, "installed", x->installed);
        ward_json_kv_str(&j, "fixed_version", x->fixed_version);
        ward_json_kv_str(&j, "status", ward_finding_status_name(x->status));
        ward_json_kv_str(&j, "severity", ward_severity_name(x->severity));
        ward_json_kv_str(&j, "severity_source", x->severity_source);
        ward_json_key(&j, "cvss");
        if (x->cvss_score > 0 || x->cvss_vector) {
            ward_json_obj_begin(&j);
            ward_json_kv_double(&j, "score", x->cvss_score);
            ward_json_kv_str(&j, "vector", x->cvss_vector);
            ward_json_obj_end(&j);
        } else {
            ward_json_null(&j);
        }
        /* enrichment: CVSS version, CISA KEV, EPSS, publication date */
        ward_json_kv_str(&j, "cvss_version", ward_cvss_version(x->cvss_vector));
        ward_json_key(&j, "kev");
        if (x->kev) {
            ward_json_obj_begin(&j);
            ward_json_kv_str(&j, "date_added", x->kev_date_added);
            ward_json_kv_str(&j, "due_date", x->kev_due_date);
            ward_json_kv_bool(&j, "known_ransomware", x->kev_ransomware);
            ward_json_obj_end(&j);
        } else {
            ward_json_null(&j);
        }
        ward_json_key(&j, "epss");
        if (x->epss_date) {
            char num[32];
            ward_json_obj_begin(&j);
            snprintf(num, sizeof(num), "%.6g", x->epss_score); /* as the feed gives it */
            ward_json_key(&j, "score");
            ward_json_raw(&j, num);
            snprintf(num, sizeof(num), "%.6g", x->epss_percentile);
            ward_json_key(&j, "percentile");
            ward_json_raw(&j, num);
            ward_json_kv_str(&j, "date", x->epss_date);
            ward_json_obj_end(&j);
        } else {
            ward_json_null(&j);
        }
        ward_json_kv_str(&j, "published", x->published);
        ward_json_kv_str(&j, "title", x->title);
        ward_json_kv_str(&j, "description", x->description);
        str_list(&j, "references", x->references, x->n_references);
        ward_json_kv_str(&j, "data_source", x->data_source);
        ward_json_kv_str(&j, "ecosystem", x->ecosystem);
        ward_json_obj_end(&j);
    }
    ward_json_arr_end(&j);
    ward_json_key(&j, "secrets");
    if (r->secrets)
        ward_secret_findings_json(r->secrets, &j);
    else
        ward_json_null(&j);
    ward_json_key(&j, "checks");
    if (r->checks)
        ward_checks_json(r->checks, &j);
    else
        ward_json_null(&j);
    if (r->policy) { /* only with --policy: documents without one stay byte-identical */
        ward_json_key(&j, "policy");
        ward_policy_result_json(r->policy, &j);
    }
    ward_json_obj_end(&j);
    ward_buf_addc(out, '\n');
    return 0;
}

/* ---- table ---- */

static size_t width(const char *s)
{
    size_t w = 0;
    for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++)
        if ((*p & 0xC0) != 0x80)
            w++;
    return w;
}

static void cell(struct ward_buf *b, const char *s, size_t max, size_t pad)
{
    size_t w = width(s), used = 0;
    bool cut = w > max;
    size_t keep = cut ? (max > 3 ? max - 3 : 0) : w;
    for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
        if ((*p & 0xC0) != 0x80) {
            if (used == keep)
                break;
            used++;
        }
        ward_buf_addc(b, *p < 0x20 || *p == 0x7f ? '?' : (char)*p);
    }
    if (cut) {
        ward_buf_adds(b, "...");
        used += 3;
    }
    for (; used < pad; used++)
        ward_buf_addc(b, ' ');
}

void ward_scan__summary_line(struct ward_buf *out, const struct ward_findings *f)
{
    size_t c[WARD_SEV_CRITICAL + 1];
    ward_scan_counts(f, c);
    ward_buf_addf(out, "Total: %zu (", f->n);
    for (int s = WARD_SEV_UNKNOWN; s <= WARD_SEV_CRITICAL; s++) {
        if (s == WARD_SEV_NEGLIGIBLE && !c[s])
            continue;
        ward_buf_addf(out, "%s%s: %zu", s ? ", " : "", ward_severity_name((enum ward_severity)s),
                      c[s]);
    }
    ward_buf_adds(out, ")\n");
}

static void secrets_table(struct ward_buf *out, const struct ward_secret_findings *s)
{
    if (!s)
        return;
    ward_buf_addf(out, "\nSecrets: %zu\n", s->n);
    for (size_t i = 0; i < s->n; i++) {
        const struct ward_secret_finding *x = &s->items[i];
        ward_buf_addf(out, "  %-8s  %s  ", ward_secret_severity_name(x->severity), x->rule_id);
        cell(out, x->path, 80, 0);
        if (x->line)
            ward_buf_addf(out, ":%u", x->line);
        if (x->deleted)
            ward_buf_adds(out, " (deleted in a later layer)");
        ward_buf_adds(out, "\n            ");
        cell(out, x->match, 100, 0);
        ward_buf_addc(out, '\n');
    }
}

static void checks_table(struct ward_buf *out, const struct ward_check_findings *c)
{
    if (!c)
        return;
    ward_buf_addf(out, "\nChecks: %zu (malware %zu, config %zu)\n", c->n,
                  ward_checks_count(c, "malware"), ward_checks_count(c, "config"));
    for (size_t i = 0; i < c->n; i++) {
        const struct ward_check_finding *x = &c->items[i];
        ward_buf_addf(out, "  %-8s  %-7s  %s  ", ward_severity_name(x->severity), x->scanner,
                      x->id);
        cell(out, x->path ? x->path : "(image)", 80, 0);
        if (x->line)
            ward_buf_addf(out, ":%u", x->line);
        ward_buf_adds(out, "\n            ");
        cell(out, x->message ? x->message : x->title, 100, 0);
        ward_buf_addc(out, '\n');
    }
}

enum { T_PKG, T_ID, T_SEV, T_STATUS, T_INST, T_FIXED, T_TITLE, T_N };

static int scan_table(struct ward_buf *out, const struct ward_scan_result *r,
                      const struct ward_report_opts *opts)
{
    static const char *const heads[T_N] = {"PACKAGE", "VULNERABILITY", "SEVERITY", "STATUS",
                                           "INSTALLED", "FIXED",         "TITLE"};
    static const size_t caps[T_N] = {32, 24, 10, 12, 28, 28, 60};
    const struct ward_findings *f = r->findings;
    const struct ward_inventory *inv = r->inv;
    size_t limit = opts && opts->table_width ? opts->table_width : 160, w[T_N];

    ward_buf_addf(out, "%s", ward_scan__target_name(inv));
    if (inv->distro.id)
        ward_buf_addf(out, " (%s %s)", inv->distro.id,
                      inv->distro.version_id ? inv->distro.version_id : "");
    ward_buf_addc(out, '\n');
    size_t tl = width(ward_scan__target_name(inv));
    for (size_t i = 0; i < tl && i < 120; i++)
        ward_buf_addc(out, '=');
    ward_buf_addc(out, '\n');
    ward_scan__summary_line(out, f);
    if (!f->n) {
        if (r->vuln_scanned)
            ward_buf_addf(out, "\nNo vulnerabilities found in %zu packages.\n",
                          inv->pkgs ? inv->pkgs->n : 0);
        secrets_table(out, r->secrets);
        checks_table(out, r->checks);
        if (r->policy)
            ward_policy_result_table(r->policy, out);
        return 0;
    }
    ward_buf_addc(out, '\n');
    for (int c = 0; c < T_N; c++)
        w[c] = strlen(heads[c]);
    for (size_t i = 0; i < f->n; i++) {
        const struct ward_finding *x = &f->items[i];
        char idk[96]; /* KEV marker */
        snprintf(idk, sizeof(idk), "%s%s", x->id, x->kev ? " [KEV]" : "");
        const char *cells[T_N] = {x->pkg ? x->pkg->name : "", idk,
                                  ward_severity_name(x->severity),
                                  ward_finding_status_name(x->status), x->installed,
                                  x->fixed_version ? x->fixed_version : "", x->title};
        for (int c = 0; c < T_N; c++)
            w[c] = WARD_MAX(w[c], WARD_MIN(width(cells[c]), caps[c]));
    }
    for (;;) { /* shrink the widest column until a line fits */
        size_t total = 0;
        int widest = 0;
        for (int c = 0; c < T_N; c++) {
            total += w[c] + (c ? 2 : 0);
            if (w[c] > w[widest])
                widest = c;
        }
        if (total <= limit || w[widest] <= 12)
            break;
        w[widest]--;
    }
    for (int c = 0; c < T_N; c++) {
        if (c)
            ward_buf_adds(out, "  ");
        cell(out, heads[c], w[c], c + 1 < T_N ? w[c] : 0);
    }
    ward_buf_addc(out, '\n');
    const struct ward_pkg *prev = NULL;
    for (size_t i = 0; i < f->n; i++) {
        const struct ward_finding *x = &f->items[i];
        /* the package name is shown once per group of rows */
        const char *pname = x->pkg && x->pkg != prev ? x->pkg->name : "";
        const char *inst = x->pkg && x->pkg != prev ? x->installed : "";
        prev = x->pkg;
        char idk[96]; /* KEV marker */
        snprintf(idk, sizeof(idk), "%s%s", x->id, x->kev ? " [KEV]" : "");
        const char *cells[T_N] = {pname,
                                  idk,
                                  ward_severity_name(x->severity),
                                  ward_finding_status_name(x->status),
                                  inst,
                                  x->fixed_version ? x->fixed_version : "",
                                  x->title ? x->title : ""};
        for (int c = 0; c < T_N; c++) {
            if (c)
                ward_buf_adds(out, "  ");
            cell(out, cells[c], w[c], c + 1 < T_N ? w[c] : 0);
        }
        ward_buf_addc(out, '\n');
    }
    secrets_table(out, r->secrets);
    checks_table(out, r->checks);
    if (r->policy)
        ward_policy_result_table(r->policy, out);
    return 0;
}

/* ---- JUnit ---- */

static int scan_junit(struct ward_buf *out, const struct ward_scan_result *r)
{
    const struct ward_findings *f = r->findings;
    size_t nfind = f->n + (r->secrets ? r->secrets->n : 0) + (r->checks ? r->checks->n : 0);
    /* with --policy the verdict is one more test case, a failure on STOP */
    size_t nfail = nfind + (r->policy && r->policy->verdict == WARD_ACTION_STOP);
    size_t ntests = (nfind ? nfind : 1) + (r->policy != NULL);
    const struct ward_inventory *inv = r->inv;
    size_t npk = inv->pkgs ? inv->pkgs->n : 0;
    ward_buf_adds(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    ward_buf_addf(out, "<testsuites name=\"ward\" tests=\"%zu\" failures=\"%zu\">\n",
                  ntests, nfail);
    ward_buf_adds(out, "  <testsuite name=\"");
    ward_buf_add_xml_text(out, ward_scan__target_name(inv));
    ward_buf_addf(out, "\" tests=\"%zu\" failures=\"%zu\" errors=\"0\" skipped=\"0\">\n",
                  ntests, nfail);
    ward_buf_adds(out, "    <properties>\n");
    ward_buf_adds(out, "      <property name=\"type\" value=\"");
    ward_buf_add_xml_text(out, inv->distro.id ? inv->distro.id : inv->kind);
    ward_buf_addf(out, "\"/>\n      <property name=\"packages\" value=\"%zu\"/>\n", npk);
    ward_buf_adds(out, "    </properties>\n");
    if (!nfind)
        ward_buf_adds(out, "    <testcase classname=\"vulnerabilities\" "
                           "name=\"no vulnerabilities\"/>\n");
    for (size_t i = 0; i < f->n; i++) {
        const struct ward_finding *x = &f->items[i];
        ward_buf_adds(out, "    <testcase classname=\"");
        ward_buf_add_xml_text(out, x->pkg ? x->pkg->name : "");
        ward_buf_adds(out, "-");
        ward_buf_add_xml_text(out, x->installed);
        ward_buf_adds(out, "\" name=\"[");
        ward_buf_adds(out, ward_severity_name(x->severity));
        ward_buf_adds(out, "] ");
        ward_buf_add_xml_text(out, x->id);
        ward_buf_adds(out, "\" time=\"0\">\n      <failure message=\"");
        ward_buf_add_xml_text(out, x->title ? x->title : x->id);
        ward_buf_adds(out, "\" type=\"");
        ward_buf_adds(out, ward_severity_name(x->severity));
        ward_buf_adds(out, "\">");
        ward_buf_adds(out, "Package: ");
        ward_buf_add_xml_text(out, x->pkg ? x->pkg->name : "");
        ward_buf_adds(out, "\nInstalled: ");
        ward_buf_add_xml_text(out, x->installed);
        ward_buf_adds(out, "\nFixed: ");
        ward_buf_add_xml_text(out, x->fixed_version ? x->fixed_version : "(none)");
        ward_buf_adds(out, "\nStatus: ");
        ward_buf_adds(out, ward_finding_status_name(x->status));
        if (x->description) {
            ward_buf_adds(out, "\n");
            ward_buf_add_xml_text(out, x->description);
        }
        ward_buf_adds(out, "</failure>\n    </testcase>\n");
    }
    for (size_t i = 0; r->secrets && i < r->secrets->n; i++) {
        const struct ward_secret_finding *x = &r->secrets->items[i];
        ward_buf_adds(out, "    <testcase classname=\"secrets\" name=\"[");
        ward_buf_adds(out, ward_secret_severity_name(x->severity));
        ward_buf_adds(out, "] ");
        ward_buf_add_xml_text(out, x->rule_id);
        ward_buf_adds(out, " ");
        ward_buf_add_xml_text(out, x->path);
        ward_buf_addf(out, ":%u\" time=\"0\">\n      <failure message=\"", x->line);
        ward_buf_add_xml_text(out, x->title);
        ward_buf_adds(out, "\" type=\"secret\">");
        ward_buf_add_xml_text(out, x->match);
        ward_buf_adds(out, "</failure>\n    </testcase>\n");
    }
    for (size_t i = 0; r->checks && i < r->checks->n; i++) {
        const struct ward_check_finding *x = &r->checks->items[i];
        ward_buf_adds(out, "    <testcase classname=\"");
        ward_buf_add_xml_text(out, x->scanner);
        ward_buf_adds(out, "\" name=\"[");
        ward_buf_adds(out, ward_severity_name(x->severity));
        ward_buf_adds(out, "] ");
        ward_buf_add_xml_text(out, x->id);
        if (x->path) {
            ward_buf_adds(out, " ");
            ward_buf_add_xml_text(out, x->path);
        }
        if (x->line)
            ward_buf_addf(out, ":%u", x->line);
        ward_buf_adds(out, "\" time=\"0\">\n      <failure message=\"");
        ward_buf_add_xml_text(out, x->title);
        ward_buf_adds(out, "\" type=\"");
        ward_buf_add_xml_text(out, x->scanner);
        ward_buf_adds(out, "\">");
        ward_buf_add_xml_text(out, x->message ? x->message : x->title);
        if (x->remediation) {
            ward_buf_adds(out, "\nRemediation: ");
            ward_buf_add_xml_text(out, x->remediation);
        }
        ward_buf_adds(out, "</failure>\n    </testcase>\n");
    }
    if (r->policy) /* the verdict is one more test case: a failure on STOP */
        ward_policy_junit(r->policy, out);
    ward_buf_adds(out, "  </testsuite>\n</testsuites>\n");
    return 0;
}

int ward_report_scan(struct ward_buf *out, const struct ward_scan_result *r,
                     enum ward_scan_format fmt, const struct ward_report_opts *opts,
                     struct ward_error **err)
{
    int rc;
    switch (fmt) {
    case WARD_SCAN_TABLE:
        rc = scan_table(out, r, opts);
        break;
    case WARD_SCAN_JSON:
        rc = scan_json(out, r, opts);
        break;
    case WARD_SCAN_SARIF:
        rc = ward_scan__sarif(out, r, opts);
        break;
    case WARD_SCAN_CYCLONEDX:
        rc = ward_scan__cyclonedx(out, r, opts, err);
        break;
    case WARD_SCAN_JUNIT:
        rc = scan_junit(out, r);
        break;
    case WARD_SCAN_HTML:
        rc = ward_scan__html(out, r, opts);
        break;
    default:
        return ward_error_set(err, WARD_EUNSUPPORTED, 0, "scan report: unknown format %d",
                              (int)fmt);
    }
    if (rc < 0)
        return rc;
    if (ward_buf_check(out) < 0)
        return ward_error_set(err, WARD_ELIMIT, 0, "scan report: output larger than %zu bytes",
                              out->max);
    return 0;
}
