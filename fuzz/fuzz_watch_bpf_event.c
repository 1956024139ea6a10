/* fuzz_watch_bpf_event.c - one eBPF sensor ring-buffer record (its argv,
 * paths and cgroup names come from processes) through the parser and the
 * field builder the watch loop uses. */
#include "watch/sensor.h"

#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct proc_snap *s = calloc(1, sizeof(*s));
    if (!s)
        return 0;
    int exit_pid = 0;
    if (ward_bpf_event_parse(data, size, s, &exit_pid) == 1) {
        struct ward_arena a;
        struct ward_wevent ev = {0};
        char id[65];
        ward_arena_init(&a);
        ward_bpf_event_fields(&a, s, &ev);
        ward_watch_cgroup_container(s->cgroup, s->cgroup_len, id);
        struct ward_proc_status ps;
        ward_watch_parse_status(s->status, s->status_len, &ps);
        char *exe, *args, *cmd;
        ward_watch_parse_cmdline(&a, s->cmdline, s->cmdline_len, 4096, &exe, &args, &cmd);
        ward_arena_dispose(&a);
    }
    free(s);
    return 0;
}
