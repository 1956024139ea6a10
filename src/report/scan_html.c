/* scan_html.c - `ward scan --format html`: one self-contained page (no
 * scripts, no external assets) with the target, a per-severity summary and
 * the findings table; every value from the image or the DB is escaped. */
#include "report/report_int.h"
#include "report/scan_report_int.h"

#include <string.h>

static const char *const css =
    "body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#222}"
    "h1{font-size:1.4em}table{border-collapse:collapse;width:100%}"
    "th,td{border:1px solid #ccc;padding:4px 6px;text-align:left;vertical-align:top}"
    "th{background:#f3f3f3}.CRITICAL{background:#7a0b0b;color:#fff}.HIGH{background:#d9534f;"
    "color:#fff}.MEDIUM{background:#f0ad4e}.LOW{background:#5bc0de}.UNKNOWN,.NEGLIGIBLE{"
    "background:#ddd}.sum td{text-align:center;font-weight:bold}small{color:#666}";

static void esc(struct ward_buf *b, const char *s)
{
    ward_buf_add_xml_text(b, s);
}

static void findings_html(struct ward_buf *out, const struct ward_findings *f)
{
    ward_buf_adds(out, "<h2>Findings</h2>\n<table><tr><th>Package</th><th>Vulnerability</th>"
                       "<th>Severity</th><th>Status</th><th>Installed</th><th>Fixed</th>"
                       "<th>Title</th></tr>\n");
    for (size_t i = 0; i < f->n; i++) {
        const struct ward_finding *x = &f->items[i];
        const char *sev = ward_severity_name(x->severity);
        ward_buf_adds(out, "<tr><td>");
        esc(out, x->pkg ? x->pkg->name : "");
        if (x->pkg && x->pkg->path) {
            ward_buf_adds(out, "<br><small>");
            esc(out, x->pkg->path);
            ward_buf_adds(out, "</small>");
        }
        ward_buf_adds(out, "</td><td>");
        bool link = x->n_references && (!strncmp(x->references[0], "https://", 8) ||
                                        !strncmp(x->references[0], "http://", 7));
        if (link) {
            ward_buf_adds(out, "<a href=\"");
            esc(out, x->references[0]);
            ward_buf_adds(out, "\" rel=\"noreferrer\">");
        }
        esc(out, x->id);
        if (link)
            ward_buf_adds(out, "</a>");
        for (size_t k = 0; k < x->n_aliases; k++) {
            ward_buf_adds(out, k ? ", " : "<br><small>");
            esc(out, x->aliases[k]);
        }
        if (x->n_aliases)
            ward_buf_adds(out, "</small>");
        ward_buf_addf(out, "</td><td class=\"%s\">%s</td><td>%s</td><td>", sev, sev,
                      ward_finding_status_name(x->status));
        esc(out, x->installed);
        ward_buf_adds(out, "</td><td>");
        esc(out, x->fixed_version ? x->fixed_version : "");
        ward_buf_adds(out, "</td><td>");
        esc(out, x->title ? x->title : "");
        ward_buf_adds(out, "</td></tr>\n");
    }
    ward_buf_adds(out, "</table>\n");
}

static void secrets_html(struct ward_buf *out, const struct ward_secret_findings *s)
{
    if (!s)
        return;
    ward_buf_addf(out, "<h2>Secrets: %zu</h2>\n", s->n);
    if (!s->n)
        return;
    ward_buf_adds(out, "<table><tr><th>Severity</th><th>Rule</th><th>Path</th><th>Match "
                       "(redacted)</th></tr>\n");
    for (size_t i = 0; i < s->n; i++) {
        const struct ward_secret_finding *x = &s->items[i];
        const char *sev = ward_secret_severity_name(x->severity);
        ward_buf_addf(out, "<tr><td class=\"%s\">%s</td><td>", sev, sev);
        esc(out, x->rule_id);
        ward_buf_adds(out, "</td><td>");
        esc(out, x->path);
        if (x->line)
            ward_buf_addf(out, ":%u", x->line);
        if (x->deleted)
            ward_buf_adds(out, " <small>(deleted in a later layer)</small>");
        ward_buf_adds(out, "</td><td><code>");
        esc(out, x->match);
        ward_buf_adds(out, "</code></td></tr>\n");
    }
    ward_buf_adds(out, "</table>\n");
}

static void checks_html(struct ward_buf *out, const struct ward_check_findings *c)
{
    if (!c)
        return;
    ward_buf_addf(out, "<h2>Checks: %zu</h2>\n", c->n);
    if (!c->n)
        return;
    ward_buf_adds(out, "<table><tr><th>Severity</th><th>Scanner</th><th>Check</th><th>Path</th>"
                       "<th>Finding</th></tr>\n");
    for (size_t i = 0; i < c->n; i++) {
        const struct ward_check_finding *x = &c->items[i];
        const char *sev = ward_severity_name(x->severity);
        ward_buf_addf(out, "<tr><td class=\"%s\">%s</td><td>", sev, sev);
        esc(out, x->scanner);
        ward_buf_adds(out, "</td><td>");
        esc(out, x->id);
        ward_buf_adds(out, "</td><td>");
        esc(out, x->path ? x->path : "");
        if (x->line)
            ward_buf_addf(out, ":%u", x->line);
        ward_buf_adds(out, "</td><td>");
        esc(out, x->message ? x->message : x->title);
        ward_buf_adds(out, "</td></tr>\n");
    }
    ward_buf_adds(out, "</table>\n");
}

int ward_scan__html(struct ward_buf *out, const struct ward_scan_result *r,
                    const struct ward_report_opts *opts)
{
    const struct ward_findings *f = r->findings;
    const struct ward_inventory *inv = r->inv;
    size_t c[WARD_SEV_CRITICAL + 1];
    char ts[40], built[40];
    ward_scan_counts(f, c);
    ward_report__timestamp(opts, ts, sizeof(ts));
    ward_scan__iso_time(r->db_built_at, built, sizeof(built));

    ward_buf_adds(out, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                       "<title>ward scan: ");
    esc(out, ward_scan__target_name(inv));
    ward_buf_addf(out, "</title><style>%s</style></head><body>\n<h1>", css);
    esc(out, ward_scan__target_name(inv));
    ward_buf_adds(out, "</h1>\n<p>");
    if (inv->distro.id) {
        ward_buf_adds(out, "OS: ");
        esc(out, inv->distro.pretty_name ? inv->distro.pretty_name : inv->distro.id);
        ward_buf_adds(out, " &middot; ");
    }
    ward_buf_addf(out, "%zu packages, %zu checked &middot; scanned ", inv->pkgs ? inv->pkgs->n : 0,
                  f->packages_checked);
    esc(out, ts);
    if (*built) {
        ward_buf_adds(out, " &middot; advisory DB built ");
        esc(out, built);
    }
    if (inv->image_id) {
        ward_buf_adds(out, "<br><small>image ");
        esc(out, inv->image_id);
        ward_buf_adds(out, "</small>");
    }
    ward_buf_adds(out, "</p>\n<table class=\"sum\"><tr>");
    for (int s = WARD_SEV_CRITICAL; s >= WARD_SEV_UNKNOWN; s--)
        ward_buf_addf(out, "<th>%s</th>", ward_severity_name((enum ward_severity)s));
    ward_buf_adds(out, "</tr><tr>");
    for (int s = WARD_SEV_CRITICAL; s >= WARD_SEV_UNKNOWN; s--)
        ward_buf_addf(out, "<td class=\"%s\">%zu</td>", ward_severity_name((enum ward_severity)s),
                      c[s]);
    ward_buf_adds(out, "</tr></table>\n");
    if (!f->n)
        ward_buf_adds(out, "<p>No vulnerabilities found.</p>\n");
    else
        findings_html(out, f);
    secrets_html(out, r->secrets);
    checks_html(out, r->checks);
    ward_buf_adds(out, "</body></html>\n");
    return 0;
}
