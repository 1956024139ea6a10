/* eval.c - what ward watch does with a matched rule: priorities, rule output
 * rendering ("%proc.name ran %proc.cmdline"), and the JSON line of an alert
 * or of a raw event (fixed key order, everything escaped by the writer). */
#include "watch/watch.h"

#include "util/json_out.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>
#include <time.h>

static const char *const prio_names[] = {"emergency", "alert",  "critical",      "error",
                                         "warning",   "notice", "informational", "debug"};

int ward_wprio_parse(const char *s)
{
    for (size_t i = 0; i < WARD_ARRAY_LEN(prio_names); i++)
        if (strcasecmp(s, prio_names[i]) == 0)
            return (int)i;
    if (strcasecmp(s, "info") == 0)
        return WARD_PRIO_INFO;
    if (strcasecmp(s, "crit") == 0)
        return WARD_PRIO_CRITICAL;
    if (strcasecmp(s, "warn") == 0)
        return WARD_PRIO_WARNING;
    return -1;
}

const char *ward_wprio_name(enum ward_wprio p)
{
    return (unsigned)p < WARD_ARRAY_LEN(prio_names) ? prio_names[p] : "unknown";
}

/* Length of the field name after a '%' at s (dots at the end belong to the
 * sentence, not the field). */
static size_t field_ref_len(const char *s)
{
    size_t n = 0;
    while (isalnum((unsigned char)s[n]) || s[n] == '_' || s[n] == '.')
        n++;
    while (n > 0 && s[n - 1] == '.')
        n--;
    return n;
}

int ward_woutput_check(const char *fmt, struct ward_error **err)
{
    for (const char *p = fmt; *p; p++) {
        if (*p != '%')
            continue;
        if (p[1] == '%') {
            p++;
            continue;
        }
        size_t n = field_ref_len(p + 1);
        if (n == 0)
            return ward_error_set(err, WARD_EFORMAT, 0, "output: '%%' without a field name");
        if (ward_wfield_lookup(p + 1, n) < 0)
            return ward_error_set(err, WARD_EFORMAT, 0, "output: unknown field '%.*s'",
                                  (int)WARD_MIN(n, 100), p + 1);
        p += n;
    }
    return 0;
}

void ward_woutput_render(struct ward_buf *b, const char *fmt, const struct ward_wevent *ev)
{
    const char *run = fmt;
    for (const char *p = fmt; *p; p++) {
        if (*p != '%')
            continue;
        ward_buf_add(b, run, (size_t)(p - run));
        if (p[1] == '%') {
            ward_buf_addc(b, '%');
            run = p + 2;
            p++;
            continue;
        }
        size_t n = field_ref_len(p + 1);
        int f = ward_wfield_lookup(p + 1, n);
        if (f >= 0)
            ward_buf_adds(b, ev->f[f] ? ev->f[f] : "<NA>");
        else
            ward_buf_add(b, p, n + 1);
        p += n;
        run = p + 1;
    }
    ward_buf_adds(b, run);
}

static void time_iso(char out[40], uint64_t ns)
{
    time_t t = (time_t)(ns / 1000000000u);
    struct tm tm;
    gmtime_r(&t, &tm);
    char d[32];
    strftime(d, sizeof(d), "%Y-%m-%dT%H:%M:%S", &tm);
    snprintf(out, 40, "%s.%06uZ", d, (unsigned)(ns % 1000000000u / 1000u));
}

static void fields_json(struct ward_json *j, const struct ward_wevent *ev)
{
    ward_json_key(j, "fields");
    ward_json_obj_begin(j);
    for (int i = 0; i < WF_COUNT; i++)
        if (ev->f[i])
            ward_json_kv_str(j, ward_wfield_name((enum ward_wfield)i), ev->f[i]);
    ward_json_obj_end(j);
    ward_json_key(j, "container");
    ward_json_obj_begin(j);
    ward_json_kv_str(j, "id", ev->f[WF_CONTAINER_ID]);
    ward_json_kv_str(j, "name", ev->f[WF_CONTAINER_NAME]);
    ward_json_kv_str(j, "image", ev->f[WF_CONTAINER_IMAGE]);
    ward_json_key(j, "labels");
    ward_json_obj_begin(j);
    for (size_t i = 0; i + 1 < ev->nlabels * 2; i += 2)
        ward_json_kv_str(j, ev->labels[i], ev->labels[i + 1]);
    ward_json_obj_end(j);
    ward_json_obj_end(j);
}

void ward_walert_json(struct ward_buf *b, const struct ward_wrule *r, const struct ward_wevent *ev)
{
    struct ward_json j;
    char ts[40];
    struct ward_buf out = WARD_BUF_INIT(64u << 10);
    ward_woutput_render(&out, r->output, ev);
    time_iso(ts, ev->ts_ns);
    ward_json_init(&j, b, false);
    ward_json_obj_begin(&j);
    ward_json_kv_str(&j, "time", ts);
    ward_json_kv_str(&j, "kind", "alert");
    ward_json_kv_str(&j, "rule", r->name);
    ward_json_kv_str(&j, "priority", ward_wprio_name(r->prio));
    ward_json_kv_str(&j, "output", out.ptr ? out.ptr : "");
    ward_json_key(&j, "tags");
    ward_json_arr_begin(&j);
    for (size_t i = 0; i < r->ntags; i++)
        ward_json_str(&j, r->tags[i]);
    ward_json_arr_end(&j);
    ward_json_kv_str(&j, "source", ev->f[WF_EVT_SOURCE]);
    fields_json(&j, ev);
    ward_json_obj_end(&j);
    ward_buf_addc(b, '\n');
    ward_buf_dispose(&out);
}

void ward_wevent_json(struct ward_buf *b, const struct ward_wevent *ev)
{
    struct ward_json j;
    char ts[40];
    time_iso(ts, ev->ts_ns);
    ward_json_init(&j, b, false);
    ward_json_obj_begin(&j);
    ward_json_kv_str(&j, "time", ts);
    ward_json_kv_str(&j, "kind", "event");
    ward_json_kv_str(&j, "source", ev->f[WF_EVT_SOURCE]);
    fields_json(&j, ev);
    ward_json_obj_end(&j);
    ward_buf_addc(b, '\n');
}
