/* report.c - writers for a bench report: docker-bench-style text, ward's own JSON
 * (schema_version 1), docker-bench-security's JSON log schema, JUnit XML and SARIF 2.1.0.
 * Writers only read the report; nothing is computed here. */
#include "bench/bench.h"
#include "bench/report_int.h"
#include "report/sarif.h"
#include "util/json_out.h"

#include <stdio.h>
#include <string.h>

#ifndef WARD_VERSION
#define WARD_VERSION "0.1.0"
#endif

int ward_bench_format_parse(const char *s, enum ward_bench_format *out)
{
    static const struct {
        const char *name;
        enum ward_bench_format f;
    } t[] = {{"text", WARD_BENCH_FMT_TEXT},   {"table", WARD_BENCH_FMT_TEXT},
             {"json", WARD_BENCH_FMT_JSON},   {"docker-bench", WARD_BENCH_FMT_DOCKER_BENCH},
             {"junit", WARD_BENCH_FMT_JUNIT}, {"sarif", WARD_BENCH_FMT_SARIF},
             {"html", WARD_BENCH_FMT_HTML}};
    for (size_t i = 0; i < WARD_ARRAY_LEN(t); i++)
        if (strcmp(s, t[i].name) == 0) {
            *out = t[i].f;
            return 0;
        }
    return -1;
}

const char *bench_section_of(const char *id, char *buf, size_t n)
{
    if (id[0] == 'C' && (id[1] == '.' || id[1] == '\0'))
        id = "99"; /* community checks C.* belong to section 99 */
    size_t l = strcspn(id, ".");
    if (l >= n)
        l = n - 1;
    memcpy(buf, id, l);
    buf[l] = '\0';
    return buf;
}

const char *bench_section_title(const char *sec)
{
    for (size_t i = 0; i < ward_bench_nchecks; i++)
        if (ward_bench_checks[i].is_section && strcmp(ward_bench_checks[i].id, sec) == 0)
            return ward_bench_checks[i].title;
    return sec;
}

/* ---- text ---- */

static const char *color_of(enum ward_bench_verdict v)
{
    switch (v) {
    case WARD_BENCH_PASS:
        return "\033[1;32m";
    case WARD_BENCH_WARN:
        return "\033[1;31m";
    case WARD_BENCH_INFO:
        return "\033[1;34m";
    case WARD_BENCH_NOTE:
        return "\033[1;33m";
    }
    return "";
}

static void tag(struct ward_buf *b, enum ward_bench_verdict v, bool color)
{
    if (color)
        ward_buf_addf(b, "%s[%s]\033[0m ", color_of(v), ward_bench_verdict_name(v));
    else
        ward_buf_addf(b, "[%s] ", ward_bench_verdict_name(v));
}

/* strip control characters from hostile strings (container names) on a terminal */
static void text_safe(struct ward_buf *b, const char *s)
{
    for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++)
        ward_buf_addc(b, *p < 0x20 || *p == 0x7f ? '?' : (char)*p);
}

static void write_text(struct ward_buf *b, const struct ward_bench_report *r, bool color)
{
    const struct ward_bench_facts *f = r->facts;
    ward_buf_addf(b,
                  "# ward bench %s: CIS Docker Benchmark (check IDs as docker-bench-security "
                  "1.6.0 numbers them)\n",
                  WARD_VERSION);
    ward_buf_adds(b, "# daemon: ");
    text_safe(b, f->host);
    if (f->pid)
        ward_buf_addf(b, " (dockerd pid %d: %s)", (int)f->pid, f->pid_how);
    else if (!f->local)
        ward_buf_adds(b, " (remote)");
    if (f->version && ward_jstr(f->version, "Version")) {
        ward_buf_adds(b, ", Engine ");
        text_safe(b, ward_jstr(f->version, "Version"));
    }
    if (f->rootless)
        ward_buf_adds(b, ", rootless");
    ward_buf_addc(b, '\n');
    if (f->local) {
        ward_buf_adds(b, "# daemon.json: ");
        text_safe(b, f->config_path);
        ward_buf_adds(b, f->config_missing ? " (absent)\n"
                         : f->config_why   ? " (unreadable)\n"
                                           : "\n");
    }
    for (size_t i = 0; i < r->n; i++) {
        const struct ward_bench_result *res = &r->results[i];
        const struct ward_bench_check *k = res->check;
        if (k->is_section) {
            if (!strchr(k->id, '.'))
                ward_buf_addc(b, '\n');
            tag(b, WARD_BENCH_INFO, color);
            ward_buf_addf(b, "%s - %s\n", k->id, k->title);
            continue;
        }
        tag(b, res->verdict, color);
        ward_buf_addf(b, "%s - %s\n", k->id, k->title);
        if (res->details) {
            tag(b, res->verdict, color);
            ward_buf_adds(b, "     * ");
            text_safe(b, res->details);
            ward_buf_addc(b, '\n');
        }
        for (size_t j = 0; j < res->nitems; j++) {
            tag(b, res->verdict, color);
            ward_buf_adds(b, "     * ");
            text_safe(b, res->items[j].name);
            if (res->items[j].detail) {
                ward_buf_adds(b, ": ");
                text_safe(b, res->items[j].detail);
            }
            ward_buf_addc(b, '\n');
        }
    }
    bool any = false;
    for (size_t i = 0; i < r->n; i++) {
        const struct ward_bench_result *res = &r->results[i];
        if (res->check->is_section || res->verdict != WARD_BENCH_WARN || !res->check->remediation)
            continue;
        if (!any)
            ward_buf_adds(b, "\nSection A - Remediation of warnings\n");
        any = true;
        tag(b, WARD_BENCH_INFO, color);
        ward_buf_addf(b, "%s - %s\n", res->check->id, res->check->remediation);
    }
    ward_buf_adds(b, "\nSection C - Score\n\n");
    tag(b, WARD_BENCH_INFO, color);
    ward_buf_addf(b, "Checks: %zu (pass %zu, warn %zu, info %zu, note %zu)\n", r->checks, r->pass,
                  r->warn, r->info, r->note);
    tag(b, WARD_BENCH_INFO, color);
    ward_buf_addf(b, "Score: %d\n", r->score);
    tag(b, WARD_BENCH_INFO, color);
    ward_buf_addf(b, "Scored checks passed: %zu of %zu\n", r->scored_pass,
                  r->scored_pass + r->scored_warn);
}

/* ---- ward JSON ---- */

static void json_items(struct ward_json *j, const struct ward_bench_result *res)
{
    ward_json_key(j, "items");
    ward_json_arr_begin(j);
    for (size_t k = 0; k < res->nitems; k++) {
        ward_json_obj_begin(j);
        ward_json_kv_str(j, "name", res->items[k].name);
        ward_json_kv_str_opt(j, "detail", res->items[k].detail);
        ward_json_obj_end(j);
    }
    ward_json_arr_end(j);
}

static void write_json(struct ward_buf *b, const struct ward_bench_report *r)
{
    const struct ward_bench_facts *f = r->facts;
    struct ward_json j;
    ward_json_init(&j, b, true);
    ward_json_obj_begin(&j);
    ward_json_kv_int(&j, "schema_version", 1);
    ward_json_kv_str(&j, "tool", "ward");
    ward_json_kv_str(&j, "tool_version", WARD_VERSION);
    ward_json_kv_str(&j, "benchmark", "CIS Docker Benchmark");
    ward_json_kv_str(&j, "check_ids", "docker-bench-security 1.6.0");
    ward_json_kv_int(&j, "started", (int64_t)r->started);
    ward_json_kv_double(&j, "duration_ms", r->duration_ms);
    ward_json_key(&j, "target");
    ward_json_obj_begin(&j);
    ward_json_kv_str(&j, "host", f->host);
    ward_json_kv_bool(&j, "reachable", f->engine_err == NULL);
    ward_json_kv_str_opt(&j, "engine_error", f->engine_err);
    ward_json_kv_str_opt(&j, "engine_version",
                         f->version ? ward_jstr(f->version, "Version") : NULL);
    ward_json_kv_str_opt(&j, "api_version",
                         f->version ? ward_jstr(f->version, "ApiVersion") : NULL);
    ward_json_kv_bool(&j, "local", f->local);
    ward_json_kv_str_opt(&j, "remote_reason", f->remote_why);
    if (f->pid) {
        ward_json_kv_int(&j, "daemon_pid", f->pid);
        ward_json_kv_str(&j, "daemon_pid_found_by", f->pid_how);
        ward_json_kv_str_opt(&j, "daemon_exe", f->daemon_exe);
        ward_json_kv_str_opt(&j, "daemon_unit", f->daemon_unit);
    } else {
        ward_json_kv_str_opt(&j, "daemon_pid_reason", f->pid_why);
    }
    ward_json_kv_bool(&j, "rootless", f->rootless);
    ward_json_kv_str_opt(&j, "config_file", f->config_path);
    if (f->local)
        ward_json_kv_str(&j, "config_file_state",
                         f->config_missing ? "absent"
                         : f->config_why   ? "unreadable"
                                           : "read");
    ward_json_kv_str_opt(&j, "config_file_error", f->config_why);
    ward_json_kv_uint(&j, "running_containers", f->ncontainers);
    ward_json_kv_uint(&j, "images", f->nimages);
    ward_json_obj_end(&j);
    ward_json_key(&j, "summary");
    ward_json_obj_begin(&j);
    ward_json_kv_uint(&j, "checks", r->checks);
    ward_json_kv_uint(&j, "pass", r->pass);
    ward_json_kv_uint(&j, "warn", r->warn);
    ward_json_kv_uint(&j, "info", r->info);
    ward_json_kv_uint(&j, "note", r->note);
    ward_json_kv_uint(&j, "scored_pass", r->scored_pass);
    ward_json_kv_uint(&j, "scored_warn", r->scored_warn);
    ward_json_kv_int(&j, "score", r->score);
    ward_json_obj_end(&j);
    ward_json_key(&j, "sections");
    ward_json_arr_begin(&j);
    for (size_t i = 0; i < r->n; i++) {
        if (!r->results[i].check->is_section)
            continue;
        ward_json_obj_begin(&j);
        ward_json_kv_str(&j, "id", r->results[i].check->id);
        ward_json_kv_str(&j, "title", r->results[i].check->title);
        ward_json_obj_end(&j);
    }
    ward_json_arr_end(&j);
    ward_json_key(&j, "checks");
    ward_json_arr_begin(&j);
    for (size_t i = 0; i < r->n; i++) {
        const struct ward_bench_result *res = &r->results[i];
        const struct ward_bench_check *k = res->check;
        if (k->is_section)
            continue;
        char sec[16];
        ward_json_obj_begin(&j);
        ward_json_kv_str(&j, "id", k->id);
        ward_json_kv_str(&j, "section", bench_section_of(k->id, sec, sizeof(sec)));
        ward_json_kv_str(&j, "title", k->title);
        ward_json_kv_bool(&j, "scored", k->scored);
        ward_json_kv_bool(&j, "automated", k->automated);
        ward_json_kv_str(&j, "result", ward_bench_verdict_name(res->verdict));
        ward_json_kv_str_opt(&j, "details", res->details);
        json_items(&j, res);
        ward_json_kv_str_opt(&j, "rationale", k->rationale);
        ward_json_kv_str_opt(&j, "remediation", k->remediation);
        ward_json_obj_end(&j);
    }
    ward_json_arr_end(&j);
    ward_json_obj_end(&j);
    ward_buf_addc(b, '\n');
}

/* ---- docker-bench-security's JSON log ---- */

static void write_docker_bench(struct ward_buf *b, const struct ward_bench_report *r)
{
    struct ward_json j;
    ward_json_init(&j, b, true);
    ward_json_obj_begin(&j);
    ward_json_kv_str(&j, "dockerbenchsecurity", "1.6.0");
    ward_json_kv_str(&j, "generator", "ward " WARD_VERSION);
    ward_json_kv_int(&j, "start", (int64_t)r->started);
    ward_json_key(&j, "tests");
    ward_json_arr_begin(&j);
    char cur[16] = "";
    bool open = false;
    for (size_t i = 0; i < r->n; i++) {
        const struct ward_bench_result *res = &r->results[i];
        const struct ward_bench_check *k = res->check;
        char sec[16];
        bench_section_of(k->id, sec, sizeof(sec));
        if (strcmp(sec, cur) != 0) {
            if (open) {
                ward_json_arr_end(&j);
                ward_json_obj_end(&j);
            }
            memcpy(cur, sec, sizeof(cur));
            ward_json_obj_begin(&j);
            /* docker-bench-security numbers the community section 99 */
            ward_json_kv_str(&j, "id", strcmp(sec, "C") == 0 ? "99" : sec);
            ward_json_kv_str(&j, "desc", bench_section_title(sec));
            ward_json_key(&j, "results");
            ward_json_arr_begin(&j);
            open = true;
        }
        if (k->is_section)
            continue;
        ward_json_obj_begin(&j);
        ward_json_kv_str(&j, "id", k->id);
        ward_json_kv_str(&j, "desc", k->title);
        ward_json_kv_str(&j, "result", ward_bench_verdict_name(res->verdict));
        if (res->nitems) {
            struct ward_buf d = WARD_BUF_INIT(1u << 20);
            ward_buf_addf(&d, "%s:", res->details ? res->details : "");
            for (size_t k2 = 0; k2 < res->nitems; k2++)
                ward_buf_addf(&d, " %s", res->items[k2].name);
            ward_json_kv_str(&j, "details", d.ptr);
            ward_buf_dispose(&d);
            ward_json_key(&j, "items");
            ward_json_arr_begin(&j);
            for (size_t k2 = 0; k2 < res->nitems; k2++)
                ward_json_str(&j, res->items[k2].name);
            ward_json_arr_end(&j);
        } else if (res->details) {
            ward_json_kv_str(&j, "details", res->details);
        }
        if (res->verdict != WARD_BENCH_PASS && k->remediation)
            ward_json_kv_str(&j, "remediation", k->remediation);
        ward_json_obj_end(&j);
    }
    if (open) {
        ward_json_arr_end(&j);
        ward_json_obj_end(&j);
    }
    ward_json_arr_end(&j);
    ward_json_kv_uint(&j, "checks", r->checks);
    ward_json_kv_int(&j, "score", r->score);
    ward_json_kv_int(&j, "end", (int64_t)r->ended);
    ward_json_obj_end(&j);
    ward_buf_addc(b, '\n');
}

/* ---- JUnit ---- */

static void write_junit(struct ward_buf *b, const struct ward_bench_report *r)
{
    ward_buf_adds(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    ward_buf_addf(b,
                  "<testsuites name=\"ward bench\" tests=\"%zu\" failures=\"%zu\" "
                  "skipped=\"%zu\" time=\"%.3f\">\n",
                  r->checks, r->warn, r->note, r->duration_ms / 1000.0);
    char cur[16] = "";
    bool open = false;
    for (size_t i = 0; i < r->n; i++) {
        const struct ward_bench_result *res = &r->results[i];
        const struct ward_bench_check *k = res->check;
        char sec[16];
        bench_section_of(k->id, sec, sizeof(sec));
        if (strcmp(sec, cur) != 0) {
            if (open)
                ward_buf_adds(b, "  </testsuite>\n");
            memcpy(cur, sec, sizeof(cur));
            size_t n = 0, fail = 0, skip = 0;
            for (size_t m = i; m < r->n; m++) {
                char s2[16];
                if (strcmp(bench_section_of(r->results[m].check->id, s2, sizeof(s2)), sec) != 0)
                    break;
                if (r->results[m].check->is_section)
                    continue;
                n++;
                fail += r->results[m].verdict == WARD_BENCH_WARN;
                skip += r->results[m].verdict == WARD_BENCH_NOTE;
            }
            ward_buf_addf(b, "  <testsuite name=\"%s ", sec);
            ward_buf_add_xml_text(b, bench_section_title(sec));
            ward_buf_addf(b, "\" tests=\"%zu\" failures=\"%zu\" skipped=\"%zu\">\n", n, fail, skip);
            open = true;
        }
        if (k->is_section)
            continue;
        ward_buf_addf(b, "    <testcase classname=\"cis.docker.%s\" name=\"%s ", sec, k->id);
        ward_buf_add_xml_text(b, k->title);
        ward_buf_adds(b, "\">");
        struct ward_buf msg = WARD_BUF_INIT(1u << 20);
        ward_buf_adds(&msg, res->details ? res->details : "");
        for (size_t m = 0; m < res->nitems; m++)
            ward_buf_addf(&msg, "\n%s%s%s", res->items[m].name, res->items[m].detail ? ": " : "",
                          res->items[m].detail ? res->items[m].detail : "");
        if (res->verdict == WARD_BENCH_WARN) {
            ward_buf_adds(b, "\n      <failure type=\"WARN\" message=\"");
            ward_buf_add_xml_text(b, res->details);
            ward_buf_adds(b, "\">");
            ward_buf_add_xml_text(b, msg.ptr);
            if (k->remediation) {
                ward_buf_adds(b, "\nRemediation: ");
                ward_buf_add_xml_text(b, k->remediation);
            }
            ward_buf_adds(b, "</failure>\n    ");
        } else if (res->verdict == WARD_BENCH_NOTE) {
            ward_buf_adds(b, "\n      <skipped message=\"");
            ward_buf_add_xml_text(b, res->details);
            ward_buf_adds(b, "\"/>\n    ");
        } else if (msg.len) {
            ward_buf_addf(b, "\n      <system-out>[%s] ", ward_bench_verdict_name(res->verdict));
            ward_buf_add_xml_text(b, msg.ptr);
            ward_buf_adds(b, "</system-out>\n    ");
        }
        ward_buf_dispose(&msg);
        ward_buf_adds(b, "</testcase>\n");
    }
    if (open)
        ward_buf_adds(b, "  </testsuite>\n");
    ward_buf_adds(b, "</testsuites>\n");
}

/* ---- SARIF 2.1.0 ---- */

static const char *rule_id(char *buf, size_t n, const char *id)
{
    snprintf(buf, n, "CIS-DOCKER-%s", id);
    return buf;
}

static void write_sarif(struct ward_buf *b, const struct ward_bench_report *r)
{
    char rid[64];
    struct ward_json j;
    ward_json_init(&j, b, true);
    ward_sarif_begin(&j, "ward bench", WARD_VERSION, "https://www.cisecurity.org/benchmark/docker");
    for (size_t i = 0; i < r->n; i++) {
        const struct ward_bench_check *k = r->results[i].check;
        if (k->is_section)
            continue;
        ward_json_obj_begin(&j);
        ward_json_kv_str(&j, "id", rule_id(rid, sizeof(rid), k->id));
        ward_sarif_text(&j, "shortDescription", k->title);
        if (k->rationale)
            ward_sarif_text(&j, "fullDescription", k->rationale);
        if (k->remediation)
            ward_sarif_text(&j, "help", k->remediation);
        ward_json_key(&j, "properties");
        ward_json_obj_begin(&j);
        ward_json_kv_bool(&j, "scored", k->scored);
        ward_json_kv_bool(&j, "automated", k->automated);
        ward_json_obj_end(&j);
        ward_json_obj_end(&j);
    }
    ward_sarif_begin_results(&j);
    size_t ri = 0;
    for (size_t i = 0; i < r->n; i++) {
        const struct ward_bench_result *res = &r->results[i];
        const struct ward_bench_check *k = res->check;
        if (k->is_section)
            continue;
        size_t idx = ri++;
        if (res->verdict != WARD_BENCH_WARN)
            continue;
        size_t n = res->nitems ? res->nitems : 1;
        for (size_t m = 0; m < n; m++) {
            ward_json_obj_begin(&j);
            ward_json_kv_str(&j, "ruleId", rule_id(rid, sizeof(rid), k->id));
            ward_json_kv_uint(&j, "ruleIndex", idx);
            ward_json_kv_str(&j, "level", k->scored ? "error" : "warning");
            ward_json_key(&j, "message");
            ward_json_obj_begin(&j);
            struct ward_buf msg = WARD_BUF_INIT(1u << 20);
            if (res->nitems)
                ward_buf_addf(&msg, "%s: %s", res->items[m].name,
                              res->items[m].detail ? res->items[m].detail : k->title);
            else
                ward_buf_adds(&msg, res->details ? res->details : k->title);
            ward_json_kv_str(&j, "text", msg.ptr);
            ward_buf_dispose(&msg);
            ward_json_obj_end(&j);
            if (res->nitems) {
                ward_json_key(&j, "locations");
                ward_json_arr_begin(&j);
                ward_json_obj_begin(&j);
                ward_json_key(&j, "logicalLocations");
                ward_json_arr_begin(&j);
                ward_json_obj_begin(&j);
                ward_json_kv_str(&j, "name", res->items[m].name);
                ward_json_obj_end(&j);
                ward_json_arr_end(&j);
                ward_json_obj_end(&j);
                ward_json_arr_end(&j);
            }
            ward_json_obj_end(&j);
        }
    }
    ward_sarif_end(&j, NULL);
    ward_buf_addc(b, '\n');
}

int ward_bench_write(struct ward_buf *out, const struct ward_bench_report *r,
                     enum ward_bench_format fmt, bool color, struct ward_error **err)
{
    switch (fmt) {
    case WARD_BENCH_FMT_TEXT:
        write_text(out, r, color);
        break;
    case WARD_BENCH_FMT_JSON:
        write_json(out, r);
        break;
    case WARD_BENCH_FMT_DOCKER_BENCH:
        write_docker_bench(out, r);
        break;
    case WARD_BENCH_FMT_JUNIT:
        write_junit(out, r);
        break;
    case WARD_BENCH_FMT_SARIF:
        write_sarif(out, r);
        break;
    case WARD_BENCH_FMT_HTML:
        bench_write_html(out, r);
        break;
    }
    if (ward_buf_check(out) < 0)
        return ward_error_set(err, WARD_ELIMIT, 0, "bench report larger than %zu bytes", out->max);
    return 0;
}
