/* fuzz_watch_cond.c - one ward watch condition (parser, list and macro
 * expansion, limits, evaluation) and the /proc parsers of the exec sensor,
 * on the same arbitrary bytes. */
#include "watch/watch.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char lib[] = "- list: shells\n  items: [sh, bash]\n"
                          "- list: nested\n  items: [shells, zsh]\n"
                          "- macro: spawned\n  condition: evt.type = execve\n"
                          "- macro: ctr\n  condition: container.id != host\n"
                          "- macro: both\n  condition: spawned and ctr\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *p = (const char *)data;
    struct ward_wruleset *rs = NULL;
    struct ward_error *err = NULL;
    ward_wruleset_new(&rs);
    if (ward_wrules_load(rs, lib, sizeof(lib) - 1, "lib", &err) != 0)
        __builtin_trap();
    struct ward_wnode *n = NULL;
    if (ward_wcond_compile(rs, p, size, &n, &err) == 0) {
        struct ward_wevent ev = {0};
        ev.f[WF_EVT_TYPE] = "execve";
        ev.f[WF_PROC_NAME] = "sh";
        ev.f[WF_PROC_CMDLINE] = "sh -c cat /etc/shadow";
        ev.f[WF_PROC_PID] = "42";
        ev.f[WF_FD_NAME] = "/etc/shadow";
        ev.f[WF_CONTAINER_ID] = "0123456789ab";
        (void)ward_wcond_eval(n, &ev);
    }
    ward_error_free(err);
    ward_wruleset_free(rs);

    char id[65];
    (void)ward_watch_cgroup_container(p, size, id);
    struct ward_proc_status st;
    ward_watch_parse_status(p, size, &st);
    (void)ward_watch_parse_stat_tty(p, size);
    struct ward_arena a;
    ward_arena_init(&a);
    char *exe, *args, *cmd;
    ward_watch_parse_cmdline(&a, p, size, 4096, &exe, &args, &cmd);
    ward_arena_dispose(&a);
    (void)ward_wglob(p, size / 2, p + size / 2, size - size / 2);
    return 0;
}
