/* sensor_bpf.c - loader of ward watch's eBPF sensor (bpf/sensor.bpf.c, built
 * into a libbpf skeleton): open/load/attach, ring-buffer draining into
 * snapshots, kernel-side loss counters and the per-cgroup syscall bitmaps.
 * Only built with WARD_HAVE_EBPF (sensor_nobpf.c stands in otherwise). */
#define WARD_LOG_MODULE "watch"
#include "watch/sensor.h"

#include "util/log.h"

#include <linux/types.h>

#include "watch/bpf/event.h"
#include "watch/sensor.skel.h"

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/timerfd.h>
#include <unistd.h>

#define EXE_CACHE 4096u /* pid -> exe path of the last exec, open addressing */
/* The kernel side holds back reader wakeups for up to this long (WAKE_NS in
 * bpf/sensor.bpf.c); a timer in the ring buffer's epoll set drains what was
 * held back once a burst stops. */
#define WARD_SENSOR_WAKE_MS 10

struct exe_slot {
    int pid;
    char exe[WARD_BPF_PATH_LEN];
};

struct ward_sensor {
    struct ward_sensor_bpf *skel;
    struct ring_buffer *rb;
    /* drain state: the snapshot array being filled by the ring callback */
    struct proc_snap *snaps;
    size_t max, *n;
    bool full;
    /* the one record consumed after snaps filled up, replayed next time */
    struct ward_bpf_event carry;
    bool have_carry;
    struct exe_slot *exes;
    int timer_fd;    /* one-shot drain timer, in the ring buffer's epoll set */
    size_t consumed; /* records handed to put() since the last drain call */
    int idle_timers; /* timer drains in a row that found nothing */
};

static char load_log[512]; /* last libbpf warning: says why a load failed */

static int libbpf_log(enum libbpf_print_level lvl, const char *fmt, va_list ap)
{
    if (lvl == LIBBPF_WARN)
        vsnprintf(load_log, sizeof(load_log), fmt, ap);
    return 0;
}

static struct exe_slot *exe_slot(struct ward_sensor *s, int pid)
{
    return &s->exes[(unsigned)pid % EXE_CACHE];
}

static void put(struct ward_sensor *s, const void *rec, size_t len)
{
    struct proc_snap *snap = &s->snaps[*s->n];
    int exit_pid = 0;
    int r = ward_bpf_event_parse(rec, len, snap, &exit_pid);
    if (r == 0) {
        struct exe_slot *e = exe_slot(s, exit_pid);
        if (e->pid == exit_pid)
            e->pid = 0;
        return;
    }
    if (r < 0)
        return;
    struct exe_slot *e = exe_slot(s, snap->pid);
    if (snap->kind == RAW_EXEC) {
        e->pid = snap->pid;
        snprintf(e->exe, sizeof(e->exe), "%.*s", (int)sizeof(e->exe) - 1, snap->exe);
    } else if (e->pid == snap->pid) {
        snprintf(snap->exe, sizeof(snap->exe), "%s", e->exe);
    } else {
        /* started before the sensor: ask /proc while it lives */
        char p[48];
        snprintf(p, sizeof(p), "/proc/%d/exe", snap->pid);
        ssize_t l = readlink(p, snap->exe, sizeof(snap->exe) - 1);
        snap->exe[l > 0 ? l : 0] = '\0';
    }
    (*s->n)++;
}

static int on_record(void *ctx, void *data, size_t len)
{
    struct ward_sensor *s = ctx;
    if (*s->n >= s->max) {
        /* libbpf has consumed this record already: keep it, stop here */
        memcpy(&s->carry, data, WARD_MIN(len, sizeof(s->carry)));
        s->have_carry = len >= sizeof(s->carry);
        s->full = true;
        return -EAGAIN;
    }
    s->consumed++;
    put(s, data, len);
    return 0;
}

int ward_sensor_open(struct ward_sensor **out, int self_pid, bool record_syscalls,
                     struct ward_error **err)
{
    libbpf_set_print(libbpf_log);
    load_log[0] = '\0';
    struct ward_sensor_bpf *skel = ward_sensor_bpf__open();
    if (!skel)
        return ward_error_set(err, WARD_EUNSUPPORTED, errno, "eBPF: cannot open the program: %s",
                              load_log[0] ? load_log : strerror(errno));
    skel->rodata->self_tgid = (__u32)self_pid;
    skel->rodata->record_syscalls = record_syscalls;
    /* the sys_enter hook runs on every syscall of the host: learning only */
    bpf_program__set_autoload(skel->progs.on_sys_enter, record_syscalls);
    int rc = ward_sensor_bpf__load(skel);
    if (rc == 0)
        rc = ward_sensor_bpf__attach(skel);
    if (rc != 0) {
        int e = rc < 0 ? -rc : errno;
        ward_sensor_bpf__destroy(skel);
        char *nl = strchr(load_log, '\n');
        if (nl)
            *nl = '\0';
        return ward_error_set(err, WARD_EUNSUPPORTED, e, "eBPF: kernel refused the program: %s%s%s",
                              strerror(e), load_log[0] ? ": " : "", load_log);
    }
    struct ward_sensor *s = ward_xcalloc(1, sizeof(*s));
    s->skel = skel;
    s->exes = ward_xcalloc(EXE_CACHE, sizeof(*s->exes));
    s->timer_fd = -1;
    s->rb = ring_buffer__new(bpf_map__fd(skel->maps.events), on_record, s, NULL);
    if (!s->rb) {
        int e = errno;
        ward_sensor_close(s);
        return ward_error_set(err, WARD_EUNSUPPORTED, e, "eBPF: ring buffer: %s", strerror(e));
    }
    s->timer_fd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
    struct epoll_event ev = {.events = EPOLLIN, .data.fd = s->timer_fd};
    if (s->timer_fd < 0 ||
        epoll_ctl(ring_buffer__epoll_fd(s->rb), EPOLL_CTL_ADD, s->timer_fd, &ev) < 0) {
        int e = errno;
        ward_sensor_close(s);
        return ward_error_set(err, WARD_EUNSUPPORTED, e, "eBPF: drain timer: %s", strerror(e));
    }
    *out = s;
    return 0;
}

void ward_sensor_close(struct ward_sensor *s)
{
    if (!s)
        return;
    ring_buffer__free(s->rb);
    if (s->timer_fd >= 0)
        close(s->timer_fd);
    ward_sensor_bpf__destroy(s->skel);
    free(s->exes);
    free(s);
}

int ward_sensor_fd(const struct ward_sensor *s)
{
    return ring_buffer__epoll_fd(s->rb);
}

bool ward_sensor_drain(struct ward_sensor *s, struct proc_snap *snaps, size_t max, size_t *n)
{
    uint64_t ticks;
    bool timer = read(s->timer_fd, &ticks, sizeof(ticks)) == (ssize_t)sizeof(ticks);
    s->snaps = snaps;
    s->max = max;
    s->n = n;
    s->full = false;
    s->consumed = 0;
    if (s->have_carry && *n < max) {
        s->have_carry = false;
        put(s, &s->carry, sizeof(s->carry));
        s->consumed++;
    }
    if (*n < max)
        ring_buffer__consume(s->rb);
    /* records may be waiting without a wakeup: look again in a while, until
     * two timer rounds in a row found nothing */
    if (s->consumed > 0)
        s->idle_timers = 0;
    else if (timer)
        s->idle_timers++;
    if (s->consumed > 0 || (timer && s->idle_timers < 2)) {
        struct itimerspec its = {.it_value = {0, WARD_SENSOR_WAKE_MS * 1000000L}};
        timerfd_settime(s->timer_fd, 0, &its, NULL);
    }
    return s->full || s->have_carry;
}

void ward_sensor_counters(const struct ward_sensor *s, uint64_t *lost, uint64_t *throttled)
{
    *lost = __atomic_load_n(&s->skel->bss->lost_events, __ATOMIC_RELAXED);
    *throttled = __atomic_load_n(&s->skel->bss->open_throttled, __ATOMIC_RELAXED);
}

int ward_sensor_syscalls_seen(struct ward_sensor *s, uint64_t cgroup_id,
                              uint8_t bitmap[WARD_SYSCALL_BITMAP_BYTES], struct ward_error **err)
{
    struct ward_bpf_sysmap v;
    __u64 key = cgroup_id;
    if (bpf_map_lookup_elem(bpf_map__fd(s->skel->maps.sysmap), &key, &v) != 0)
        return ward_error_set(err, WARD_ENOTFOUND, errno, "no syscalls recorded for cgroup %llu",
                              (unsigned long long)cgroup_id);
    _Static_assert(sizeof(v.bits) == WARD_SYSCALL_BITMAP_BYTES, "bitmap size");
    for (size_t i = 0; i < WARD_SYSCALL_BITMAP_BYTES; i++)
        bitmap[i] = (uint8_t)(v.bits[i / 8] >> (8 * (i % 8)));
    return 0;
}

/* Visit the map's cgroups that belong to container_id; fn returns true to stop. */
static int each_container_cgroup(struct ward_sensor *s, const char *container_id,
                                 bool (*fn)(__u64 key, const struct ward_bpf_sysmap *v, void *ud),
                                 void *ud)
{
    int fd = bpf_map__fd(s->skel->maps.sysmap);
    __u64 key, next;
    __u64 *prev = NULL;
    struct ward_bpf_sysmap v;
    int found = 0;
    /* bounded: the map holds at most max_entries keys */
    for (unsigned i = 0; i < 65536 && bpf_map_get_next_key(fd, prev, &next) == 0; i++) {
        key = next;
        prev = &key;
        if (bpf_map_lookup_elem(fd, &key, &v) != 0)
            continue;
        char text[2 * WARD_BPF_CGNAME + 16], id[65];
        int n = snprintf(text, sizeof(text), "0::/%.*s/%.*s\n", WARD_BPF_CGNAME, v.cg_parent,
                         WARD_BPF_CGNAME, v.cg_leaf);
        if (n > 0 && ward_watch_cgroup_container(text, WARD_MIN((size_t)n, sizeof(text) - 1), id) &&
            strcmp(id, container_id) == 0) {
            found++;
            if (fn(key, &v, ud))
                break;
        }
    }
    return found;
}

static bool first_key(__u64 key, const struct ward_bpf_sysmap *v, void *ud)
{
    (void)v;
    *(uint64_t *)ud = key;
    return true;
}

int ward_sensor_container_cgroup(struct ward_sensor *s, const char *container_id,
                                 uint64_t *cgroup_id, struct ward_error **err)
{
    if (each_container_cgroup(s, container_id, first_key, cgroup_id) > 0)
        return 0;
    return ward_error_set(err, WARD_ENOTFOUND, 0, "no cgroup recorded for container %.12s",
                          container_id);
}

static bool or_bits(__u64 key, const struct ward_bpf_sysmap *v, void *ud)
{
    (void)key;
    uint8_t *bitmap = ud;
    for (size_t i = 0; i < WARD_SYSCALL_BITMAP_BYTES; i++)
        bitmap[i] |= (uint8_t)(v->bits[i / 8] >> (8 * (i % 8)));
    return false;
}

int ward_sensor_container_syscalls(struct ward_sensor *s, const char *container_id,
                                   uint8_t bitmap[WARD_SYSCALL_BITMAP_BYTES],
                                   struct ward_error **err)
{
    memset(bitmap, 0, WARD_SYSCALL_BITMAP_BYTES);
    if (each_container_cgroup(s, container_id, or_bits, bitmap) > 0)
        return 0;
    return ward_error_set(err, WARD_ENOTFOUND, 0, "no syscalls recorded for container %.12s",
                          container_id);
}
