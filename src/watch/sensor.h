/* sensor.h - internal interface between ward watch's sensors (proc connector,
 * fanotify) and its event loop (watch.c): raw kernel events and the /proc
 * snapshot taken the moment an event is read, before the process can exit. */
#ifndef WARD_WATCH_SENSOR_H
#define WARD_WATCH_SENSOR_H

#include "watch/watch.h"

#include <limits.h>

enum raw_kind { RAW_EXEC, RAW_UID, RAW_OPEN, RAW_WRITE, RAW_EBPF /* evt_type says */ };

struct proc_snap {
    enum raw_kind kind;
    int pid;
    bool gone;                  /* the process exited before /proc could be read */
    long long ev_ruid, ev_euid; /* RAW_UID: the new ids from the kernel */
    char path[PATH_MAX];        /* RAW_OPEN/RAW_WRITE: file path */
    char comm[32];
    char cmdline[4096];
    size_t cmdline_len;
    char status[4096];
    size_t status_len;
    char stat[1024];
    size_t stat_len;
    char cgroup[4096];
    size_t cgroup_len;
    char exe[PATH_MAX];
    char cwd[PATH_MAX];
    /* eBPF backend only (sensor_bpf.c): the fields above were filled from the
     * kernel's event (status and cgroup text synthesised), /proc not needed */
    struct ward_bpf_snap {
        bool on;
        const char *evt_type; /* static string: connect, listen, dup, setgid, ... */
        uint64_t cgroup_id;
        long long res;
        int family, sport, rport; /* ports are 0 when unknown */
        const char *l4proto;      /* "tcp", "udp" or NULL */
        char sip[48], rip[48];
        char args[160];           /* evt.args: "newfd=0", "fstype=tmpfs flags=0", ... */
        bool stdio_socket;
    } bpf;
};

/* Read what is needed of /proc/PID now (comm, cmdline, status, stat, cgroup,
 * exe, cwd). Sets gone when the process no longer exists. */
void ward_proc_snapshot(struct proc_snap *s, int pid);

/* Proc connector (NETLINK_CONNECTOR, CN_IDX_PROC). */
int ward_procconn_open(int *fd, struct ward_error **err);
void ward_procconn_close(int fd);
/* Read the datagrams waiting on fd (non-blocking) and snapshot each exec and
 * uid event into snaps[*n...max). Kernel-side overruns (ENOBUFS) add to *lost. */
void ward_procconn_drain(int fd, struct proc_snap *snaps, size_t max, size_t *n, uint64_t *lost,
                         int self_pid);

/* fanotify: file opens of sensitive files and writes below system dirs. */
int ward_fan_open(int *fd, struct ward_error **err);
/* Mark the files (FAN_OPEN) and directories (FAN_CLOSE_WRITE of their
 * children) as seen from root ("/proc/PID/root" for a container). Returns
 * the number of marks placed. */
size_t ward_fan_mark_root(int fd, const char *root, char *const *files, size_t nfiles);
void ward_fan_drain(int fd, struct proc_snap *snaps, size_t max, size_t *n, uint64_t *lost,
                    int self_pid);

/* ---- eBPF sensor (sensor_bpf.c; without WARD_HAVE_EBPF every call fails
 * with WARD_EUNSUPPORTED) ---------------------------------------------------- */

struct ward_sensor;

/* Bytes of a syscall bitmap: x86-64 syscall numbers 0..511; syscall n is
 * bit (n % 8) of byte n / 8. */
#define WARD_SYSCALL_BITMAP_BYTES 64

/* Load and attach the CO-RE program (needs root, BTF, libbpf). self_pid's
 * own events are never reported. WARD_EUNSUPPORTED when built without eBPF
 * or the kernel refuses the program (the message says why). */
/* record_syscalls: keep the per-cgroup syscall bitmaps (ward_sensor_syscalls_seen);
 * off, the per-syscall hook only dispatches the events it reports. */
int ward_sensor_open(struct ward_sensor **out, int self_pid, bool record_syscalls,
                     struct ward_error **err);
void ward_sensor_close(struct ward_sensor *s);
/* A descriptor that polls readable when events wait. */
int ward_sensor_fd(const struct ward_sensor *s);
/* Turn waiting ring-buffer records into snaps[*n...max) (exit records only
 * update the sensor's caches). Returns true when records are left for the
 * next call (snaps was full). */
bool ward_sensor_drain(struct ward_sensor *s, struct proc_snap *snaps, size_t max, size_t *n);
/* Kernel-side losses so far: ring buffer full (lost) and open events over the
 * per-CPU rate limit (throttled). */
void ward_sensor_counters(const struct ward_sensor *s, uint64_t *lost, uint64_t *throttled);

/* The syscalls the tasks of one cgroup have entered since the sensor was
 * loaded, as a bitmap (see WARD_SYSCALL_BITMAP_BYTES). cgroup_id is the id an
 * event carries (struct ward_wevent.cgroup_id, or ward_sensor_container_cgroup):
 * the kernfs id (inode number) of the task's cgroup v2 directory, or on hybrid
 * cgroup v1 hosts (where containers sit in the v2 root) of its memory-
 * controller directory, e.g. /sys/fs/cgroup/memory/docker/<id>. Only non-root
 * cgroups are recorded; at most 4096 cgroups are kept (least recently used
 * dropped). Bits are only ever set: a syscall is never "unseen" later.
 * Errors: WARD_ENOTFOUND when no task of that cgroup has made a syscall (or
 * it was dropped), WARD_EUNSUPPORTED without eBPF. */
int ward_sensor_syscalls_seen(struct ward_sensor *s, uint64_t cgroup_id,
                              uint8_t bitmap[WARD_SYSCALL_BITMAP_BYTES], struct ward_error **err);
/* The cgroup id of a container (64-hex id) among the cgroups the bitmap map
 * holds. WARD_ENOTFOUND when none of its tasks made a syscall yet. */
int ward_sensor_container_cgroup(struct ward_sensor *s, const char *container_id,
                                 uint64_t *cgroup_id, struct ward_error **err);
/* The syscalls of every cgroup the map holds for a container, OR-ed: a
 * container's tasks can sit in more than one recorded cgroup (on hybrid hosts
 * `docker exec` children may land in a systemd scope of the v2 tree while the
 * init task is only in the v1 memory cgroup). WARD_ENOTFOUND when none. */
int ward_sensor_container_syscalls(struct ward_sensor *s, const char *container_id,
                                   uint8_t bitmap[WARD_SYSCALL_BITMAP_BYTES],
                                   struct ward_error **err);

/* Convert one ring-buffer record (struct ward_bpf_event, bpf/event.h) into a
 * snapshot. Returns 1 when s holds an event to evaluate, 0 for records that
 * only update state (exit: *exit_pid set), -1 for a malformed record. The
 * record's argv and paths come from processes: bounded, never trusted. */
int ward_bpf_event_parse(const void *rec, size_t len, struct proc_snap *s, int *exit_pid);
/* Set the eBPF-only fields of ev (evt.source, evt.res, evt.args, fd.sip ...,
 * proc.stdio_socket, cgroup.id) from s (s->bpf.on); strings go to a. */
void ward_bpf_event_fields(struct ward_arena *a, const struct proc_snap *s, struct ward_wevent *ev);

#endif
