/* report_html.c - a self-contained HTML report a person reads: target and score summary,
 * one table per section with verdict, details, the offending objects and the remediation.
 * Every string from the host or the daemon is escaped. */
#include "bench/report_int.h"

#include <string.h>

#ifndef WARD_VERSION
#define WARD_VERSION "0.1.0"
#endif

static const char css[] =
    "body{font-family:system-ui,sans-serif;margin:2em;color:#222;max-width:80em}"
    "h1{font-size:1.5em}h2{font-size:1.2em;margin-top:2em;border-bottom:1px solid #ccc}"
    "table{border-collapse:collapse;width:100%}td,th{border:1px solid #ddd;padding:.35em .5em;"
    "vertical-align:top;text-align:left}th{background:#f4f4f4}"
    ".v{font-weight:bold;font-family:monospace;white-space:nowrap}"
    ".PASS{color:#17702a}.WARN{color:#b00020}.INFO{color:#1f4e9c}.NOTE{color:#8a6100}"
    ".sum td{border:none;padding:.2em 1em .2em 0}ul{margin:.3em 0;padding-left:1.2em}"
    ".fix{color:#555;font-size:.92em}.id{white-space:nowrap;font-family:monospace}";

static void esc(struct ward_buf *b, const char *s)
{
    ward_buf_add_xml_text(b, s);
}

void bench_write_html(struct ward_buf *b, const struct ward_bench_report *r)
{
    const struct ward_bench_facts *f = r->facts;
    ward_buf_adds(b, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                     "<title>ward bench: CIS Docker Benchmark</title><style>");
    ward_buf_adds(b, css);
    ward_buf_adds(b, "</style></head><body>\n<h1>CIS Docker Benchmark: ");
    esc(b, f->host);
    ward_buf_adds(b, "</h1>\n<table class=\"sum\">");
    ward_buf_adds(b, "<tr><td>Engine</td><td>");
    esc(b, f->version && ward_jstr(f->version, "Version") ? ward_jstr(f->version, "Version")
                                                          : "unknown");
    if (f->rootless)
        ward_buf_adds(b, " (rootless)");
    ward_buf_adds(b, "</td></tr><tr><td>Daemon process</td><td>");
    if (f->pid) {
        ward_buf_addf(b, "pid %d (", (int)f->pid);
        esc(b, f->pid_how);
        ward_buf_adds(b, ")");
    } else {
        esc(b, f->local ? f->pid_why : f->remote_why);
    }
    ward_buf_adds(b, "</td></tr><tr><td>daemon.json</td><td>");
    esc(b, f->config_path ? f->config_path : "not reachable");
    if (f->config_missing)
        ward_buf_adds(b, " (absent)");
    ward_buf_addf(b, "</td></tr><tr><td>Running containers</td><td>%zu</td></tr>", f->ncontainers);
    ward_buf_addf(b,
                  "<tr><td>Checks</td><td>%zu: <span class=\"PASS\">%zu pass</span>, "
                  "<span class=\"WARN\">%zu warn</span>, <span class=\"INFO\">%zu info</span>, "
                  "<span class=\"NOTE\">%zu note</span></td></tr>",
                  r->checks, r->pass, r->warn, r->info, r->note);
    ward_buf_addf(b,
                  "<tr><td>Score</td><td>%d (scored checks passed: %zu of %zu)</td></tr>"
                  "</table>\n",
                  r->score, r->scored_pass, r->scored_pass + r->scored_warn);
    bool open = false;
    for (size_t i = 0; i < r->n; i++) {
        const struct ward_bench_result *res = &r->results[i];
        const struct ward_bench_check *k = res->check;
        if (k->is_section) {
            if (!strchr(k->id, '.')) {
                if (open)
                    ward_buf_adds(b, "</table>\n");
                ward_buf_addf(b, "<h2 id=\"s%s\">%s. ", k->id, k->id);
                esc(b, k->title);
                ward_buf_adds(b, "</h2>\n<table><tr><th>ID</th><th>Result</th><th>Check</th>"
                                 "<th>Scored</th></tr>\n");
                open = true;
            } else {
                ward_buf_addf(b, "<tr><th colspan=\"4\">%s ", k->id);
                esc(b, k->title);
                ward_buf_adds(b, "</th></tr>\n");
            }
            continue;
        }
        const char *v = ward_bench_verdict_name(res->verdict);
        ward_buf_addf(b, "<tr id=\"c%s\"><td class=\"id\">%s</td><td class=\"v %s\">%s</td><td>",
                      k->id, k->id, v, v);
        esc(b, k->title);
        if (res->details) {
            ward_buf_adds(b, "<br>");
            esc(b, res->details);
        }
        if (res->nitems) {
            ward_buf_adds(b, "<ul>");
            for (size_t m = 0; m < res->nitems; m++) {
                ward_buf_adds(b, "<li><b>");
                esc(b, res->items[m].name);
                ward_buf_adds(b, "</b>");
                if (res->items[m].detail) {
                    ward_buf_adds(b, ": ");
                    esc(b, res->items[m].detail);
                }
                ward_buf_adds(b, "</li>");
            }
            ward_buf_adds(b, "</ul>");
        }
        if (res->verdict != WARD_BENCH_PASS && k->remediation) {
            ward_buf_adds(b, "<div class=\"fix\"><b>Why:</b> ");
            esc(b, k->rationale);
            ward_buf_adds(b, "<br><b>Fix:</b> ");
            esc(b, k->remediation);
            ward_buf_adds(b, "</div>");
        }
        ward_buf_addf(b, "</td><td>%s</td></tr>\n", k->scored ? "yes" : "no");
    }
    if (open)
        ward_buf_adds(b, "</table>\n");
    /* what to do, in one list: every scored or automated check that warned */
    bool any = false;
    for (size_t i = 0; i < r->n; i++) {
        const struct ward_bench_result *res = &r->results[i];
        const struct ward_bench_check *k = res->check;
        if (k->is_section || res->verdict != WARD_BENCH_WARN || !k->remediation)
            continue;
        if (!any)
            ward_buf_adds(b, "<h2 id=\"remediation\">Remediation of warnings</h2>\n<table>"
                             "<tr><th>ID</th><th>Fix</th></tr>\n");
        any = true;
        ward_buf_addf(b, "<tr><td class=\"id\"><a href=\"#c%s\">%s</a></td><td>", k->id, k->id);
        esc(b, k->remediation);
        if (res->nitems)
            ward_buf_addf(b, " <i>(%zu affected)</i>", res->nitems);
        ward_buf_adds(b, "</td></tr>\n");
    }
    if (any)
        ward_buf_adds(b, "</table>\n");
    ward_buf_addf(b,
                  "<p class=\"fix\">ward %s &middot; check IDs and titles as "
                  "docker-bench-security 1.6.0 numbers them</p>\n</body></html>\n",
                  WARD_VERSION);
}
