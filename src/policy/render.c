/* render.c - a policy result as the scan report shows it: the "policy" JSON
 * object, the table section (verdict line, triggered rules, top risk
 * contributors), a SARIF rule + result, and a JUnit test case. Read only. */
#include "policy/policy.h"
#include "report/sarif.h"
#include "util/json_out.h"

#include <math.h>
#include <string.h>

static const char *const kind_names[WARD_RISK_N] = {"vulnerabilities", "secrets", "malware",
                                                    "config"};

static double round2(double v)
{
    return round(v * 100.0) / 100.0;
}

static void explanation(const struct ward_policy_result *r, struct ward_buf *b)
{
    ward_buf_addf(b, "score %d = 100 x (1 - exp(-R / %.0f)), R = %.2f points from %zu item(s)",
                  r->score, WARD_RISK_SCALE, r->points, r->n_items);
    bool first = true;
    for (int k = 0; k < WARD_RISK_N; k++) {
        if (r->by_kind[k] <= 0)
            continue;
        ward_buf_addf(b, "%s%s %.2f", first ? ": " : ", ", kind_names[k], r->by_kind[k]);
        first = false;
    }
}

static void str_array(struct ward_json *j, const char *key, const char *const *v, size_t n)
{
    ward_json_key(j, key);
    ward_json_arr_begin(j);
    for (size_t i = 0; i < n; i++)
        ward_json_str(j, v[i]);
    ward_json_arr_end(j);
}

void ward_policy_result_json(const struct ward_policy_result *r, struct ward_json *j)
{
    ward_json_obj_begin(j);
    ward_json_kv_str(j, "verdict", ward_policy_action_name(r->verdict));
    ward_json_kv_str(j, "bundle", r->bundle);
    ward_json_kv_str(j, "mapping", r->mapping);
    str_array(j, "policies", r->policies, r->n_policies);
    ward_json_key(j, "risk");
    ward_json_obj_begin(j);
    ward_json_kv_int(j, "score", r->score);
    ward_json_kv_double(j, "points", round2(r->points));
    ward_json_kv_uint(j, "items", r->n_items);
    ward_json_key(j, "by_kind");
    ward_json_obj_begin(j);
    for (int k = 0; k < WARD_RISK_N; k++)
        ward_json_kv_double(j, kind_names[k], round2(r->by_kind[k]));
    ward_json_obj_end(j);
    struct ward_buf ex = WARD_BUF_INIT(0);
    explanation(r, &ex);
    ward_json_kv_str(j, "explanation", ex.ptr);
    ward_buf_dispose(&ex);
    ward_json_key(j, "top");
    ward_json_arr_begin(j);
    for (size_t i = 0; i < r->n_top; i++) {
        const struct ward_policy_contrib *c = &r->top[i];
        ward_json_obj_begin(j);
        ward_json_kv_str(j, "kind", c->kind);
        ward_json_kv_str(j, "id", c->id);
        ward_json_kv_str(j, "package", c->package);
        ward_json_kv_double(j, "points", round2(c->points));
        ward_json_kv_str(j, "reason", c->reason);
        ward_json_obj_end(j);
    }
    ward_json_arr_end(j);
    ward_json_obj_end(j);
    ward_json_key(j, "triggered");
    ward_json_arr_begin(j);
    for (size_t i = 0; i < r->n_hits; i++) {
        const struct ward_policy_hit *h = &r->hits[i];
        ward_json_obj_begin(j);
        ward_json_kv_str(j, "policy", h->policy_id);
        ward_json_kv_str(j, "rule", h->rule_id);
        ward_json_kv_str(j, "gate", h->gate);
        ward_json_kv_str(j, "trigger", h->trigger);
        ward_json_kv_str(j, "action", ward_policy_action_name(h->action));
        ward_json_kv_str(j, "message", h->message);
        ward_json_kv_uint(j, "count", h->total_matches);
        ward_json_key(j, "matches");
        ward_json_arr_begin(j);
        for (size_t k = 0; k < h->n_matches; k++) {
            const struct ward_policy_match *m = &h->matches[k];
            ward_json_obj_begin(j);
            ward_json_kv_str(j, "kind", m->kind);
            ward_json_kv_str(j, "id", m->id);
            ward_json_kv_str(j, "package", m->package);
            ward_json_kv_str(j, "version", m->version);
            ward_json_kv_str(j, "detail", m->detail);
            ward_json_obj_end(j);
        }
        ward_json_arr_end(j);
        ward_json_obj_end(j);
    }
    ward_json_arr_end(j);
    ward_json_kv_uint(j, "allowlisted", r->allowlisted);
    ward_json_key(j, "expired_allowlist");
    ward_json_arr_begin(j);
    for (size_t i = 0; i < r->n_expired; i++) {
        const struct ward_policy_expired *x = &r->expired[i];
        ward_json_obj_begin(j);
        ward_json_kv_str(j, "id", x->id);
        ward_json_kv_str(j, "package", x->package);
        ward_json_kv_str(j, "expires", x->expires);
        ward_json_kv_str(j, "reason", x->reason);
        ward_json_obj_end(j);
    }
    ward_json_arr_end(j);
    str_array(j, "notes", r->notes, r->n_notes);
    ward_json_obj_end(j);
}

/* Printable one-line text (hostile names: control bytes become '?'). */
static void text(struct ward_buf *b, const char *s, size_t max)
{
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++, n++) {
        if (n >= max) {
            ward_buf_adds(b, "...");
            return;
        }
        ward_buf_addc(b, *p < 0x20 || *p == 0x7f ? '?' : (char)*p);
    }
}

#define TABLE_MATCHES 5 /* matches listed per rule in the table */

void ward_policy_result_table(const struct ward_policy_result *r, struct ward_buf *out)
{
    ward_buf_addf(out, "\nPolicy: %s  (bundle ", ward_policy_action_name(r->verdict));
    text(out, r->bundle, 80);
    ward_buf_addf(out, ", %zu rule(s) triggered)\n", r->n_hits);
    ward_buf_addf(out, "Risk score: %d/100\n  ", r->score);
    explanation(r, out);
    ward_buf_addc(out, '\n');
    if (r->n_top)
        ward_buf_adds(out, "Top risk contributors:\n");
    for (size_t i = 0; i < r->n_top; i++) {
        const struct ward_policy_contrib *c = &r->top[i];
        ward_buf_addf(out, "  %6.2f  %-13s  ", c->points, c->kind);
        text(out, c->id, 40);
        if (c->package) {
            ward_buf_adds(out, "  ");
            text(out, c->package, 50);
        }
        ward_buf_adds(out, "  (");
        text(out, c->reason, 120);
        ward_buf_adds(out, ")\n");
    }
    for (size_t i = 0; i < r->n_hits; i++) {
        const struct ward_policy_hit *h = &r->hits[i];
        ward_buf_addf(out, "  %-4s  ", ward_policy_action_name(h->action));
        text(out, h->policy_id, 40);
        ward_buf_addc(out, '/');
        text(out, h->rule_id, 60);
        ward_buf_adds(out, " [");
        text(out, h->gate, 20);
        ward_buf_addc(out, '/');
        text(out, h->trigger, 20);
        ward_buf_addf(out, "] %zu match(es)", h->total_matches);
        if (h->message) {
            ward_buf_adds(out, ": ");
            text(out, h->message, 120);
        }
        ward_buf_addc(out, '\n');
        for (size_t k = 0; k < h->n_matches && k < TABLE_MATCHES; k++) {
            const struct ward_policy_match *m = &h->matches[k];
            ward_buf_adds(out, "          ");
            text(out, m->id, 60);
            if (m->package && m->kind && !strcmp(m->kind, "vulnerability")) {
                ward_buf_adds(out, "  ");
                text(out, m->package, 40);
                if (m->version) {
                    ward_buf_addc(out, ' ');
                    text(out, m->version, 40);
                }
            }
            ward_buf_adds(out, "  ");
            text(out, m->detail, 120);
            ward_buf_addc(out, '\n');
        }
        if (h->total_matches > TABLE_MATCHES)
            ward_buf_addf(out, "          ... and %zu more\n", h->total_matches - TABLE_MATCHES);
    }
    if (r->allowlisted)
        ward_buf_addf(out, "Allowlisted: %zu\n", r->allowlisted);
    for (size_t i = 0; i < r->n_expired; i++) {
        const struct ward_policy_expired *x = &r->expired[i];
        ward_buf_adds(out, "Expired allowlist entry (no longer applies): ");
        text(out, x->id, 60);
        if (x->package) {
            ward_buf_adds(out, " in ");
            text(out, x->package, 60);
        }
        ward_buf_adds(out, ", expired ");
        text(out, x->expires, 20);
        if (x->reason) {
            ward_buf_adds(out, " (");
            text(out, x->reason, 100);
            ward_buf_addc(out, ')');
        }
        ward_buf_addc(out, '\n');
    }
    for (size_t i = 0; i < r->n_notes; i++) {
        ward_buf_adds(out, "Note: ");
        text(out, r->notes[i], 200);
        ward_buf_addc(out, '\n');
    }
}

static void summary(const struct ward_policy_result *r, struct ward_buf *b)
{
    ward_buf_addf(b, "Policy verdict %s (risk score %d/100): %zu rule(s) triggered",
                  ward_policy_action_name(r->verdict), r->score, r->n_hits);
    for (size_t i = 0; i < r->n_hits && i < 10; i++)
        ward_buf_addf(b, "%s%s %s/%s (%zu)", i ? "; " : ": ",
                      ward_policy_action_name(r->hits[i].action), r->hits[i].policy_id,
                      r->hits[i].rule_id, r->hits[i].total_matches);
}

void ward_policy_sarif_rule(const struct ward_policy_result *r, struct ward_json *j)
{
    ward_json_obj_begin(j);
    ward_json_kv_str(j, "id", "policy/verdict");
    ward_json_kv_str(j, "name", "PolicyVerdict");
    ward_json_key(j, "shortDescription");
    ward_json_obj_begin(j);
    ward_json_kv_str(j, "text", "ward policy verdict (STOP, WARN or GO) and risk score");
    ward_json_obj_end(j);
    ward_json_key(j, "defaultConfiguration");
    ward_json_obj_begin(j);
    ward_json_kv_str(j, "level", "error");
    ward_json_obj_end(j);
    ward_json_key(j, "properties");
    ward_json_obj_begin(j);
    ward_json_key(j, "policy");
    ward_policy_result_json(r, j);
    ward_json_obj_end(j);
    ward_json_obj_end(j);
}

void ward_policy_sarif_result(const struct ward_policy_result *r, struct ward_json *j,
                              const char *target)
{
    struct ward_buf m = WARD_BUF_INIT(0);
    summary(r, &m);
    ward_json_obj_begin(j);
    ward_json_kv_str(j, "ruleId", "policy/verdict");
    ward_json_kv_str(j, "level",
                     r->verdict == WARD_ACTION_STOP   ? "error"
                     : r->verdict == WARD_ACTION_WARN ? "warning"
                                                      : "note");
    ward_json_key(j, "message");
    ward_json_obj_begin(j);
    ward_json_kv_str(j, "text", m.ptr);
    ward_json_obj_end(j);
    ward_json_key(j, "locations");
    ward_json_arr_begin(j);
    ward_json_obj_begin(j);
    ward_json_key(j, "physicalLocation");
    ward_json_obj_begin(j);
    ward_json_key(j, "artifactLocation");
    ward_json_obj_begin(j);
    while (target && *target == '/')
        target++;
    ward_sarif_kv_uri(j, "uri", target ? target : ""); /* percent-encoded */
    ward_json_obj_end(j);
    ward_json_obj_end(j);
    ward_json_obj_end(j);
    ward_json_arr_end(j);
    ward_json_key(j, "properties");
    ward_json_obj_begin(j);
    ward_json_kv_str(j, "verdict", ward_policy_action_name(r->verdict));
    ward_json_kv_int(j, "risk_score", r->score);
    ward_json_obj_end(j);
    ward_json_obj_end(j);
    ward_buf_dispose(&m);
}

void ward_policy_junit(const struct ward_policy_result *r, struct ward_buf *out)
{
    struct ward_buf m = WARD_BUF_INIT(0);
    summary(r, &m);
    ward_buf_addf(out,
                  "    <testcase classname=\"policy\" name=\"verdict %s (risk %d/100)\" "
                  "time=\"0\">\n",
                  ward_policy_action_name(r->verdict), r->score);
    if (r->verdict == WARD_ACTION_STOP) {
        ward_buf_adds(out, "      <failure message=\"");
        ward_buf_add_xml_text(out, m.ptr);
        ward_buf_adds(out, "\" type=\"policy\">");
        struct ward_buf t = WARD_BUF_INIT(0);
        ward_policy_result_table(r, &t);
        ward_buf_add_xml_text(out, t.ptr ? t.ptr : "");
        ward_buf_dispose(&t);
        ward_buf_adds(out, "</failure>\n");
    } else {
        ward_buf_adds(out, "      <system-out>");
        ward_buf_add_xml_text(out, m.ptr);
        ward_buf_adds(out, "</system-out>\n");
    }
    ward_buf_adds(out, "    </testcase>\n");
    ward_buf_dispose(&m);
}
