/* fuzz_watch_rules.c - ward watch rule files: YAML load, compile of every
 * condition/exception/output, and one evaluation and alert rendering per rule. */
#include "watch/watch.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void sink(const struct ward_wrule *r, const struct ward_wevent *ev, void *ud)
{
    struct ward_buf *b = ud;
    ward_walert_json(b, r, ev);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct ward_wruleset *rs = NULL;
    struct ward_error *err = NULL;
    ward_wruleset_new(&rs);
    if (ward_wrules_load(rs, (const char *)data, size, "fuzz", &err) == 0 &&
        ward_wrules_compile(rs, &err) == 0) {
        struct ward_wevent ev = {0};
        ev.f[WF_EVT_TYPE] = "execve";
        ev.f[WF_PROC_NAME] = "sh";
        ev.f[WF_PROC_CMDLINE] = "sh -c cat /etc/shadow";
        ev.f[WF_PROC_PID] = "42";
        ev.f[WF_CONTAINER_ID] = "0123456789ab";
        struct ward_buf b = WARD_BUF_INIT(1u << 24);
        ward_wrules_eval(rs, &ev, WARD_PRIO_DEBUG, sink, &b);
        ward_buf_dispose(&b);
    }
    ward_error_free(err);
    ward_wruleset_free(rs);
    return 0;
}
