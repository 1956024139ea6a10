/* lint_output.c - renders `ward lint` findings as a table, JSON, SARIF 2.1.0
 * or Checkstyle XML. Output is byte-stable: findings arrive sorted and
 * nothing time-dependent is written. */
#include "misconf/dockerfile.h"
#include "misconf/k8s.h"
#include "report/sarif.h"
#include "util/json_out.h"

#include <string.h>

#ifndef WARD_VERSION
#define WARD_VERSION "0.1.0"
#endif

static void render_table(struct ward_buf *o, const struct ward_lint_file *f, size_t n)
{
    size_t total = 0;
    for (size_t k = 0; k < n; k++) {
        const struct ward_lint_result *r = f[k].result;
        for (size_t i = 0; i < r->n; i++) {
            const struct ward_lint_finding *x = &r->items[i];
            ward_buf_addf(o, "%s:%zu %-8s %-7s %s\n", f[k].path, x->line, x->rule,
                          ward_lint_sev_name(x->sev), x->msg);
        }
        total += r->n;
    }
    if (total == 0)
        ward_buf_adds(o, "no findings\n");
}

static void render_json(struct ward_buf *o, const struct ward_lint_file *f, size_t n)
{
    struct ward_json j;
    ward_json_init(&j, o, true);
    ward_json_obj_begin(&j);
    ward_json_kv_int(&j, "schema_version", 1);
    ward_json_key(&j, "files");
    ward_json_arr_begin(&j);
    for (size_t k = 0; k < n; k++) {
        const struct ward_lint_result *r = f[k].result;
        size_t counts[5] = {0};
        ward_json_obj_begin(&j);
        ward_json_kv_str(&j, "path", f[k].path);
        ward_json_key(&j, "findings");
        ward_json_arr_begin(&j);
        for (size_t i = 0; i < r->n; i++) {
            const struct ward_lint_finding *x = &r->items[i];
            counts[x->sev]++;
            ward_json_obj_begin(&j);
            ward_json_kv_str(&j, "rule", x->rule);
            ward_json_kv_str(&j, "severity", ward_lint_sev_name(x->sev));
            ward_json_kv_uint(&j, "line", x->line);
            ward_json_kv_str(&j, "message", x->msg);
            ward_json_obj_end(&j);
        }
        ward_json_arr_end(&j);
        ward_json_key(&j, "counts");
        ward_json_obj_begin(&j);
        for (int s = WARD_LINT_ERROR; s >= WARD_LINT_STYLE; s--)
            ward_json_kv_uint(&j, ward_lint_sev_name((enum ward_lint_sev)s), counts[s]);
        ward_json_obj_end(&j);
        ward_json_obj_end(&j);
    }
    ward_json_arr_end(&j);
    ward_json_obj_end(&j);
    ward_buf_addc(o, '\n');
}

static const char *sarif_level(enum ward_lint_sev s)
{
    switch (s) {
    case WARD_LINT_ERROR:
        return "error";
    case WARD_LINT_WARNING:
        return "warning";
    case WARD_LINT_INFO:
    case WARD_LINT_STYLE:
    case WARD_LINT_OFF:
        break;
    }
    return "note";
}

static void render_sarif(struct ward_buf *o, const struct ward_lint_file *f, size_t n)
{
    /* one rule table: the Dockerfile rules, then the Kubernetes ones */
    size_t ndf, nk8s;
    const struct ward_lint_rule *dfr = ward_lint_rules(&ndf), *k8r = ward_k8s_rules(&nk8s);
    size_t nrules = ndf + nk8s;
    struct ward_lint_rule *rules = ward_xcalloc(nrules, sizeof(*rules));
    memcpy(rules, dfr, ndf * sizeof(*rules));
    memcpy(rules + ndf, k8r, nk8s * sizeof(*rules));
    struct ward_json j;
    ward_json_init(&j, o, true);
    ward_sarif_begin(&j, "ward lint", WARD_VERSION, NULL);
    for (size_t i = 0; i < nrules; i++) {
        ward_json_obj_begin(&j);
        ward_json_kv_str(&j, "id", rules[i].id);
        ward_sarif_text(&j, "shortDescription", rules[i].title);
        ward_json_key(&j, "defaultConfiguration");
        ward_json_obj_begin(&j);
        ward_json_kv_bool(&j, "enabled", rules[i].sev != WARD_LINT_OFF);
        ward_json_kv_str(&j, "level", sarif_level(rules[i].sev));
        ward_json_obj_end(&j);
        ward_json_obj_end(&j);
    }
    ward_sarif_begin_results(&j);
    for (size_t k = 0; k < n; k++) {
        for (size_t i = 0; i < f[k].result->n; i++) {
            const struct ward_lint_finding *x = &f[k].result->items[i];
            size_t idx = 0;
            while (idx < nrules && strcmp(rules[idx].id, x->rule) != 0)
                idx++;
            ward_json_obj_begin(&j);
            ward_json_kv_str(&j, "ruleId", x->rule);
            ward_json_kv_uint(&j, "ruleIndex", idx);
            ward_json_kv_str(&j, "level", sarif_level(x->sev));
            ward_sarif_text(&j, "message", x->msg);
            ward_sarif_locations(&j, f[k].path, NULL, x->line); /* percent-encodes */
            ward_json_obj_end(&j);
        }
    }
    free(rules);
    ward_sarif_end(&j, NULL);
    ward_buf_addc(o, '\n');
}


static void render_checkstyle(struct ward_buf *o, const struct ward_lint_file *f, size_t n)
{
    ward_buf_adds(o, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<checkstyle version=\"4.3\">\n");
    for (size_t k = 0; k < n; k++) {
        ward_buf_adds(o, "  <file name=\"");
        ward_buf_add_xml_attr(o, f[k].path);
        ward_buf_adds(o, "\">\n");
        for (size_t i = 0; i < f[k].result->n; i++) {
            const struct ward_lint_finding *x = &f[k].result->items[i];
            const char *sev = x->sev == WARD_LINT_ERROR     ? "error"
                              : x->sev == WARD_LINT_WARNING ? "warning"
                                                            : "info";
            ward_buf_addf(o, "    <error line=\"%zu\" column=\"1\" severity=\"%s\" message=\"",
                          x->line, sev);
            ward_buf_add_xml_attr(o, x->msg);
            ward_buf_addf(o, "\" source=\"%s\"/>\n", x->rule);
        }
        ward_buf_adds(o, "  </file>\n");
    }
    ward_buf_adds(o, "</checkstyle>\n");
}

int ward_lint_render(struct ward_buf *out, const char *format, const struct ward_lint_file *files,
                     size_t n, struct ward_error **err)
{
    if (strcmp(format, "table") == 0 || strcmp(format, "tty") == 0)
        render_table(out, files, n);
    else if (strcmp(format, "json") == 0)
        render_json(out, files, n);
    else if (strcmp(format, "sarif") == 0)
        render_sarif(out, files, n);
    else if (strcmp(format, "checkstyle") == 0)
        render_checkstyle(out, files, n);
    else
        return ward_error_set(err, WARD_EUNSUPPORTED, 0,
                              "unknown format %s (table, json, sarif, checkstyle)", format);
    if (ward_buf_check(out) < 0)
        return ward_error_set(err, WARD_ELIMIT, 0, "lint report too large");
    return 0;
}
