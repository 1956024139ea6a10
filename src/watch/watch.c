/* watch.c - the ward watch event loop: poll the proc connector and fanotify,
 * snapshot /proc for each raw event, attribute it to its container, evaluate
 * the rules and send alerts to the sinks; counts what was lost and says so. */
#define WARD_LOG_MODULE "watch"
#include "watch/sensor.h"

#include "util/log.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define SNAPS_MAX 256u  /* raw events drained before they are evaluated */
#define SEEN_MAX  4096u /* container ids whose roots were marked */

static volatile sig_atomic_t stop_flag;

static void on_signal(int sig)
{
    (void)sig;
    stop_flag = 1;
}

struct watcher {
    const struct ward_watch_opts *o;
    struct ward_watch_stats *st;
    struct ward_attrib *attrib;
    int fan_fd;
    char **fan_files;
    size_t nfan_files;
    char (*seen)[65];
    size_t nseen;
    struct ward_sensor *bpf; /* eBPF backend (sensor_bpf.c), else NULL */
};

static uint64_t realtime_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static uint64_t mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000ull + (uint64_t)ts.tv_nsec / 1000000ull;
}

static const char *num(struct ward_arena *a, long long v)
{
    return v < 0 ? NULL : ward_arena_printf(a, "%lld", v);
}

static const char *nonempty(struct ward_arena *a, const char *s)
{
    return s && s[0] ? ward_arena_strdup(a, s) : NULL;
}

/* First time a container is seen: mark its sensitive files and system dirs. */
static void mark_container(struct watcher *w, const struct ward_wctr *c, int pid)
{
    const char *id = c->id;
    if (w->fan_fd < 0)
        return;
    for (size_t i = 0; i < w->nseen; i++)
        if (strcmp(w->seen[i], id) == 0)
            return;
    if (w->nseen >= SEEN_MAX)
        w->nseen = 0; /* forget; re-marking is harmless */
    snprintf(w->seen[w->nseen++], 65, "%s", id);
    /* the event's process may be gone already: the container's init stays */
    int pids[2] = {pid, c->pid};
    for (size_t i = 0; i < 2; i++) {
        char root[48];
        if (pids[i] <= 0)
            continue;
        snprintf(root, sizeof(root), "/proc/%d/root", pids[i]);
        size_t m = ward_fan_mark_root(w->fan_fd, root, w->fan_files, w->nfan_files);
        w->st->file_marks += m;
        if (m > 0)
            break;
    }
}

static void emit_alert(const struct ward_wrule *r, const struct ward_wevent *ev, void *ud)
{
    struct watcher *w = ud;
    struct ward_buf b = WARD_BUF_INIT(1u << 20);
    ward_walert_json(&b, r, ev);
    if (ward_buf_check(&b) == 0)
        ward_wsinks_emit(w->o->sinks, r->prio, b.ptr, b.len);
    w->st->alerts++;
    ward_buf_dispose(&b);
}

static void handle(struct watcher *w, struct proc_snap *s)
{
    struct ward_arena a;
    struct ward_wevent ev;
    memset(&ev, 0, sizeof(ev));
    ward_arena_init(&a);
    ev.ts_ns = realtime_ns();
    w->st->events++;
    if (s->kind == RAW_OPEN || s->kind == RAW_WRITE)
        w->st->file_events++;
    if (s->gone)
        w->st->proc_gone++;

    switch (s->kind) {
    case RAW_EXEC:
        ev.f[WF_EVT_TYPE] = "execve";
        ev.f[WF_EVT_SOURCE] = "proc-connector";
        break;
    case RAW_UID:
        ev.f[WF_EVT_TYPE] = "setuid";
        ev.f[WF_EVT_SOURCE] = "proc-connector";
        break;
    case RAW_OPEN:
        ev.f[WF_EVT_TYPE] = "open";
        ev.f[WF_EVT_SOURCE] = "fanotify";
        break;
    case RAW_WRITE:
        ev.f[WF_EVT_TYPE] = "open_write";
        ev.f[WF_EVT_SOURCE] = "fanotify";
        break;
    case RAW_EBPF:
        break;
    }
    ward_bpf_event_fields(&a, s, &ev); /* eBPF: source, type, addresses, ... */
    ev.f[WF_FD_NAME] = nonempty(&a, s->path);
    ev.f[WF_PROC_PID] = num(&a, s->pid);
    if (!s->gone) {
        char *exe, *args, *cmd;
        ev.f[WF_PROC_NAME] = nonempty(&a, s->comm);
        ward_watch_parse_cmdline(&a, s->cmdline, s->cmdline_len, 4096, &exe, &args, &cmd);
        ev.f[WF_PROC_EXE] = exe;
        ev.f[WF_PROC_ARGS] = args;
        ev.f[WF_PROC_CMDLINE] = cmd;
        ev.f[WF_PROC_EXEPATH] = nonempty(&a, s->exe);
        ev.f[WF_PROC_CWD] = nonempty(&a, s->cwd);
        ev.f[WF_PROC_TTY] = num(&a, ward_watch_parse_stat_tty(s->stat, s->stat_len));
        struct ward_proc_status ps;
        ward_watch_parse_status(s->status, s->status_len, &ps);
        if (s->kind == RAW_UID) {
            ps.uid = s->ev_ruid;
            ps.euid = s->ev_euid;
        }
        ev.f[WF_PROC_PPID] = num(&a, ps.ppid);
        ev.f[WF_PROC_VPID] = num(&a, ps.vpid);
        ev.f[WF_USER_UID] = num(&a, ps.uid);
        ev.f[WF_USER_EUID] = num(&a, ps.euid);
        ev.f[WF_USER_GID] = num(&a, ps.gid);
        ev.f[WF_USER_EGID] = num(&a, ps.egid);
        ev.f[WF_PROC_SETUID] = (ps.uid != ps.euid || ps.gid != ps.egid) ? "true" : "false";
        if (ps.ppid > 0) {
            struct proc_snap *p = ward_xmalloc(sizeof(*p));
            ward_proc_snapshot(p, (int)ps.ppid);
            if (!p->gone) {
                struct ward_proc_status pps;
                ward_watch_parse_status(p->status, p->status_len, &pps);
                ev.f[WF_PROC_PNAME] = nonempty(&a, p->comm);
                ward_watch_parse_cmdline(&a, p->cmdline, p->cmdline_len, 4096, &exe, &args, &cmd);
                ev.f[WF_PROC_PCMDLINE] = cmd;
                ev.f[WF_PROC_PEXEPATH] = nonempty(&a, p->exe);
                ev.f[WF_PROC_PUID] = num(&a, pps.euid);
            }
            free(p);
        }
    }
    char id[65];
    const struct ward_wctr *c = NULL;
    if (!s->gone && ward_watch_cgroup_container(s->cgroup, s->cgroup_len, id)) {
        c = ward_attrib_container(w->attrib, id);
        ev.f[WF_CONTAINER_FULLID] = c->id;
        ev.f[WF_CONTAINER_ID] = ward_arena_strndup(&a, c->id, 12);
        ev.f[WF_CONTAINER_NAME] = c->name;
        ev.f[WF_CONTAINER_IMAGE] = c->image;
        ev.f[WF_CONTAINER_IMAGE_ID] = c->image_id;
        ev.labels = (const char *const *)c->labels;
        ev.nlabels = c->nlabels;
        mark_container(w, c, s->pid);
    } else if (!s->gone) {
        ev.f[WF_CONTAINER_ID] = "host";
        ev.f[WF_CONTAINER_NAME] = "host";
    }
    if (w->o->containers_only && !c) {
        ward_arena_dispose(&a);
        return;
    }
    if (w->o->events) {
        struct ward_buf b = WARD_BUF_INIT(1u << 20);
        ward_wevent_json(&b, &ev);
        if (ward_buf_check(&b) == 0)
            ward_wsinks_emit(w->o->sinks, WARD_PRIO_DEBUG, b.ptr, b.len);
        ward_buf_dispose(&b);
    }
    ward_wrules_eval(w->o->rules, &ev, w->o->min_prio, emit_alert, w);
    if (w->o->on_event)
        w->st->alerts += w->o->on_event(&ev, w->o->hook_ud);
    ward_arena_dispose(&a);
}

/* The files the rules care about: every item of the list "sensitive_files". */
static void fan_files_from_rules(struct watcher *w)
{
    const struct ward_wruleset *rs = w->o->rules;
    for (size_t i = 0; i < rs->nlists; i++) {
        if (strcmp(rs->lists[i].name, "sensitive_files") == 0) {
            w->fan_files = rs->lists[i].items;
            w->nfan_files = rs->lists[i].n;
        }
    }
}

int ward_watch_run(const struct ward_watch_opts *o, struct ward_watch_stats *st,
                   struct ward_error **err)
{
    memset(st, 0, sizeof(*st));
    struct watcher w = {.o = o, .st = st, .fan_fd = -1};
    int pc_fd = -1;
    if (o->backend != WARD_WATCH_BACKEND_PROC) {
        struct ward_error *berr = NULL;
        if (ward_sensor_open(&w.bpf, getpid(), o->record_syscalls, &berr) == 0) {
            snprintf(st->backend, sizeof(st->backend), "ebpf");
        } else if (o->backend == WARD_WATCH_BACKEND_EBPF) {
            *err = berr;
            return ward_error_wrap(err, "--backend ebpf");
        } else {
            ward_info("eBPF backend unavailable, using the proc connector: %s", berr->msg);
            ward_error_free(berr);
        }
    }
    st->sensor = w.bpf;
    if (!w.bpf && ward_procconn_open(&pc_fd, err) < 0)
        return ward_error_wrap(err, "ward watch needs the kernel proc connector");
    if (!w.bpf)
        snprintf(st->backend, sizeof(st->backend), "proc-connector");
    struct ward_error *ferr = NULL;
    if (!o->no_fanotify && !w.bpf) {
        if (ward_fan_open(&w.fan_fd, &ferr) == 0) {
            snprintf(st->backend, sizeof(st->backend), "proc-connector+fanotify");
        } else {
            ward_warn("file events disabled: %s", ferr->msg);
            ward_error_free(ferr);
        }
    }
    fan_files_from_rules(&w);
    ward_attrib_new(&w.attrib, o->engine);
    w.seen = ward_xcalloc(SEEN_MAX, sizeof(*w.seen));
    struct proc_snap *snaps = ward_xcalloc(SNAPS_MAX, sizeof(*snaps));

    struct sigaction sa = {.sa_handler = on_signal};
    struct sigaction old_int, old_term;
    sigemptyset(&sa.sa_mask);
    stop_flag = 0;
    sigaction(SIGINT, &sa, &old_int);
    sigaction(SIGTERM, &sa, &old_term);

    if (o->ready_file) {
        int fd = open(o->ready_file, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
        if (fd >= 0) {
            dprintf(fd, "%s\n", st->backend);
            close(fd);
        }
    }
    if (o->on_ready)
        o->on_ready(st->backend, o->ud);
    uint64_t deadline = o->duration_s > 0 ? mono_ms() + (uint64_t)(o->duration_s * 1000) : 0;
    int self = getpid();
    bool more = false; /* eBPF records left over from the last round */
    while (!stop_flag) {
        int timeout = 1000;
        if (deadline) {
            uint64_t now = mono_ms();
            if (now >= deadline)
                break;
            timeout = (int)WARD_MIN(deadline - now, 1000u);
        }
        int bpf_fd = w.bpf ? ward_sensor_fd(w.bpf) : -1;
        struct pollfd pf[3] = {{pc_fd, POLLIN, 0}, {w.fan_fd, POLLIN, 0}, {bpf_fd, POLLIN, 0}};
        int r = poll(pf, 3, more ? 0 : timeout);
        if (r < 0 && errno != EINTR)
            break;
        if (r <= 0 && !more)
            continue;
        /* snapshot everything that is waiting first, evaluate afterwards:
         * evaluation may wait on the Engine, processes do not */
        size_t n = 0;
        if (pc_fd >= 0)
            ward_procconn_drain(pc_fd, snaps, SNAPS_MAX, &n, &st->lost, self);
        more = w.bpf && ward_sensor_drain(w.bpf, snaps, SNAPS_MAX, &n);
        if (w.fan_fd >= 0)
            ward_fan_drain(w.fan_fd, snaps, SNAPS_MAX, &n, &st->lost, self);
        for (size_t i = 0; i < n; i++)
            handle(&w, &snaps[i]);
    }
    /* the eBPF ring buffer wakes us in batches: what it holds at the stop
     * was recorded before it and is still evaluated (bounded rounds) */
    for (int round = 0; w.bpf && round < 256; round++) {
        size_t n = 0;
        bool left = ward_sensor_drain(w.bpf, snaps, SNAPS_MAX, &n);
        for (size_t i = 0; i < n; i++)
            handle(&w, &snaps[i]);
        if (!left)
            break;
    }
    sigaction(SIGINT, &old_int, NULL);
    sigaction(SIGTERM, &old_term, NULL);
    if (o->on_stop)
        o->on_stop(o->hook_ud);
    if (w.bpf) {
        uint64_t lost, throttled;
        ward_sensor_counters(w.bpf, &lost, &throttled);
        st->lost += lost;
        st->throttled += throttled;
        ward_sensor_close(w.bpf);
        st->sensor = NULL;
    }
    if (pc_fd >= 0)
        ward_procconn_close(pc_fd);
    if (w.fan_fd >= 0)
        close(w.fan_fd);
    free(snaps);
    free(w.seen);
    ward_attrib_free(w.attrib);
    return 0;
}
