/* runtime.h - running containers seen from the host: resource counters read
 * straight from cgroup v1/v2 files and /proc (ward stats), and filesystem
 * drift computed from the overlay2 upper/lower dirs (ward diff). */
#ifndef WARD_RUNTIME_RUNTIME_H
#define WARD_RUNTIME_RUNTIME_H

#include "util/buf.h"
#include "util/json_in.h"

struct ward_engine;

/* ---- Parsers of kernel text files (hostile-ish input: fuzzed) ----------- */

/* Flat keyed file ("key value\n", memory.stat, cpu.stat): *out = value of key.
 * Returns 0, or WARD_ENOTFOUND when the key is absent. */
int ward_cg_kv(const char *data, size_t len, const char *key, uint64_t *out);
/* A limit file: a number, or "max" (v2) -> *unlimited = true. A v1 value at
 * or above the kernel's "no limit" page counter also counts as unlimited.
 * Returns 0 or WARD_EFORMAT. */
int ward_cg_limit(const char *data, size_t len, uint64_t *out, bool *unlimited);
/* v1 blkio.*io_service_bytes_recursive ("MAJ:MIN Read N" lines, "Total N"
 * ignored): sums of Read and Write. Returns 0 or WARD_EFORMAT. */
int ward_cg_blkio_v1(const char *data, size_t len, uint64_t *rd, uint64_t *wr);
/* v2 io.stat ("MAJ:MIN rbytes=N wbytes=N ..."): sums of rbytes and wbytes. */
int ward_cg_iostat_v2(const char *data, size_t len, uint64_t *rd, uint64_t *wr);
/* v2 cpu.max ("max 100000" or "50000 100000"): quota < 0 means no limit. */
int ward_cg_cpumax_v2(const char *data, size_t len, int64_t *quota, uint64_t *period);

/* /proc/<pid>/cgroup: the path of controller ctl ("memory", "cpuacct", ...),
 * or of the unified hierarchy ("0::/path") when ctl is NULL. Caller frees
 * *out. Returns 0 or WARD_ENOTFOUND / WARD_EFORMAT. */
int ward_proc_cgroup_path(const char *data, size_t len, const char *ctl, char **out,
                          struct ward_error **err);
/* /proc/<pid>/net/dev: received/transmitted bytes summed over every
 * interface but "lo" (docker stats counts the container's endpoints only). */
int ward_proc_netdev(const char *data, size_t len, uint64_t *rx, uint64_t *tx,
                     struct ward_error **err);
/* /proc/stat: the "cpu" line's user..softirq ticks summed (as dockerd does)
 * and the number of "cpuN" lines (online CPUs). */
int ward_proc_stat_cpu(const char *data, size_t len, uint64_t *ticks, unsigned *ncpu,
                       struct ward_error **err);
/* /proc/meminfo MemTotal in bytes. */
int ward_proc_meminfo_total(const char *data, size_t len, uint64_t *bytes);

/* Controllers ward reads (v1 hierarchy names). */
enum ward_cg_ctl {
    WARD_CG_CPU,
    WARD_CG_CPUACCT,
    WARD_CG_MEMORY,
    WARD_CG_BLKIO,
    WARD_CG_PIDS,
    WARD_CG_NCTL,
};
const char *ward_cg_ctl_name(enum ward_cg_ctl c);

/* Where the cgroup filesystems are mounted (from /proc/self/mountinfo). */
struct ward_cg_mounts {
    int version;                 /* 1 when v1 memory is mounted, 2 when only cgroup2 */
    char *v1[WARD_CG_NCTL];      /* v1 mount point per controller, NULL if absent */
    char *v1_root[WARD_CG_NCTL]; /* mountinfo "root" of that mount */
    char *unified, *unified_root;
};
int ward_mountinfo_cgroups(struct ward_cg_mounts *out, const char *data, size_t len,
                           struct ward_error **err);
void ward_cg_mounts_dispose(struct ward_cg_mounts *m);

/* One container's cgroup directories (absolute). */
struct ward_cg_dirs {
    int version;
    char *path;              /* the cgroup path itself ("/docker/<id>") */
    char *dir[WARD_CG_NCTL]; /* v1 */
    char *unified;           /* v2 */
};
/* Resolve from the container's /proc/<pid>/cgroup contents. */
int ward_cg_resolve(struct ward_cg_dirs *out, const struct ward_cg_mounts *m,
                    const char *proc_cgroup, size_t len, struct ward_error **err);
void ward_cg_dirs_dispose(struct ward_cg_dirs *d);

/* Raw counters of one cgroup at one instant. */
struct ward_cg_sample {
    uint64_t cpu_ns;            /* cumulative CPU time */
    uint64_t mem_usage;         /* memory.usage_in_bytes / memory.current */
    uint64_t mem_inactive_file; /* total_inactive_file (v1) / inactive_file (v2) */
    uint64_t mem_rss, mem_cache;
    uint64_t mem_limit;   /* 0 when unlimited */
    int64_t cpu_quota_us; /* < 0: no CPU limit */
    uint64_t cpu_period_us;
    uint64_t blk_read, blk_write;
    uint64_t pids, pids_limit; /* pids_limit 0: no limit */
};
/* Read every counter from d. Missing optional files leave fields at 0; a
 * missing CPU accounting file (container gone) is WARD_ENOTFOUND. */
int ward_cg_sample_read(struct ward_cg_sample *out, const struct ward_cg_dirs *d,
                        struct ward_error **err);

/* Only the cumulative CPU time of d: the first sample of a CPU % window. One
 * file read (cpuacct.usage / cpu.stat); WARD_ENOTFOUND when it is gone. */
int ward_cg_cpu_read(uint64_t *cpu_ns, const struct ward_cg_dirs *d, struct ward_error **err);
/* The first pid of dir/cgroup.procs: 0 when the cgroup is empty or gone. */
int ward_cg_first_pid(const char *dir);
/* proc_root/<pid>/net/dev read with one read() and summed (ward_proc_netdev). */
int ward_proc_netdev_read(const char *proc_root, int pid, uint64_t *rx, uint64_t *tx);

/* Host-wide counters dockerd uses as the CPU% denominator. */
struct ward_host_sample {
    uint64_t cpu_ns;  /* /proc/stat cpu line (user..softirq) in ns */
    uint64_t mono_ns; /* CLOCK_MONOTONIC when read */
    unsigned ncpu;
    uint64_t mem_total;
};
/* proc_root: "/proc" normally (tests pass a fixture dir). */
int ward_host_sample_read(struct ward_host_sample *out, const char *proc_root,
                          struct ward_error **err);

/* ---- ward stats ---------------------------------------------------------- */

enum {
    WARD_STAT_NO_MEM_LIMIT = 1 << 0,
    WARD_STAT_NO_CPU_LIMIT = 1 << 1,
    WARD_STAT_NO_PIDS_LIMIT = 1 << 2,
    WARD_STAT_NEAR_LIMIT = 1 << 3,     /* memory or pids above 90% of the limit */
    WARD_STAT_TOO_MANY_PROCS = 1 << 4, /* pids above the --pids-alert threshold */
};

struct ward_ctr_stat {
    char *id, *name, *image;
    int pid;
    struct ward_cg_dirs dirs;
    struct ward_cg_sample prev, cur;
    struct ward_host_sample host_prev, host_cur; /* mono_ns: when this cgroup was read */
    bool have_prev, have_cur, seen;
    bool scanned; /* cgroup found on disk, not yet confirmed by the Engine's list */
    bool gauged;  /* a full sample (not only the CPU counter) was taken */
    uint64_t net_rx, net_tx;
    /* derived by ward_stats_derive */
    double cpu_percent, mem_percent, cpus_limit;
    uint64_t mem_used, mem_limit;
    unsigned flags;
};

/* Pure arithmetic (unit tested): docker's formulas. CPU% = container CPU delta
 * / host CPU delta * online CPUs * 100, the host delta from /proc/stat as
 * dockerd takes it; over windows shorter than one CPU-second of /proc/stat
 * (its 10 ms ticks would skew the ratio) the monotonic clock times online
 * CPUs stands in for it. Memory = usage - inactive_file; limit capped at host
 * memory. */
void ward_stats_derive(struct ward_ctr_stat *c, uint64_t pids_alert);

struct ward_stats {
    struct ward_ctr_stat *items;
    size_t n, cap;
    struct ward_cg_mounts mounts;
    char *proc_root;     /* "/proc" */
    uint64_t pids_alert; /* default 100 */
    size_t nsorted;      /* items[0..nsorted) are sorted by id (lookups in discover) */
};
/* Reads the cgroup mounts of this host. proc_root NULL = "/proc". */
int ward_stats_new(struct ward_stats **out, const char *proc_root, struct ward_error **err);
void ward_stats_free(struct ward_stats *s);
WARD_DEFINE_AUTOPTR(ward_stats, ward_stats_free)

/* Find the containers to watch: the running ones (names == NULL), or each of
 * names (id, id prefix or name). Keeps existing entries and their samples,
 * drops containers that stopped. Uses the Engine API (list + inspect) only to
 * learn id, name, image, init pid and cgroup. */
int ward_stats_discover(struct ward_stats *s, struct ward_engine *e, char *const *names,
                        size_t nnames, struct ward_error **err);
/* The same from a GET /containers/json reply fetched by the caller (e is still
 * asked for inspects of unusual layouts and of named, unlisted containers). */
int ward_stats_discover_list(struct ward_stats *s, struct ward_engine *e, const json_t *list,
                             char *const *names, size_t nnames, struct ward_error **err);
/* Find containers without the Engine: the cgroup directories the cgroupfs
 * ("/docker/<id>") and systemd ("system.slice/docker-<id>.scope") drivers
 * create. Adds them as `scanned` entries (no name yet) so their first CPU
 * sample can be taken before the Engine answers; ward_stats_discover then
 * names the ones it lists and drops the rest. Returns how many were added. */
size_t ward_stats_scan(struct ward_stats *s);
/* Read only the CPU time of every container (only_new: of those not sampled
 * yet), current becoming previous: the start of a CPU % window. Containers
 * whose cgroup is gone are dropped. */
int ward_stats_sample_cpu(struct ward_stats *s, bool only_new, struct ward_error **err);
/* Take one full sample of every container (current becomes previous) and
 * derive. CPU % is over the measured time between the two reads of each
 * container's CPU counter. */
int ward_stats_sample(struct ward_stats *s, struct ward_error **err);
/* ward_stats_sample of the containers that had no full sample yet: after
 * ward_stats_sample_cpu, the end of a CPU % window (the CPU counter is read
 * again, then memory, I/O, PIDs, limits and network, all as of now). */
int ward_stats_sample_gauges(struct ward_stats *s, struct ward_error **err);

int ward_stats_json(const struct ward_stats *s, struct ward_buf *out, bool pretty);
int ward_stats_table(const struct ward_stats *s, struct ward_buf *out);
/* Prometheus text exposition with cAdvisor's metric names. */
int ward_stats_prometheus(const struct ward_stats *s, struct ward_buf *out);
/* Serve GET /metrics on listen ("127.0.0.1:9101") until SIGINT/SIGTERM; each
 * scrape rediscovers and samples. WARD_EUNSUPPORTED without libmicrohttpd. */
int ward_stats_serve(struct ward_stats *s, struct ward_engine *e, char *const *names, size_t nnames,
                     const char *listen, struct ward_error **err);

/* docker's size renderings: binary ("1.5MiB", memory) and decimal ("1.5MB", I/O). */
void ward_fmt_bytes_binary(char *dst, size_t n, double v);
void ward_fmt_bytes_decimal(char *dst, size_t n, double v);

/* ---- ward diff ----------------------------------------------------------- */

enum ward_change_kind { /* numbering of the Engine API's Kind */
                        WARD_CHANGE_MODIFY = 0,
                        WARD_CHANGE_ADD = 1,
                        WARD_CHANGE_DELETE = 2,
};

struct ward_change {
    char *path;
    enum ward_change_kind kind;
    bool have_stat; /* mode/size known (overlay source) */
    bool implied;   /* C only because something below it changed */
    bool had_old;   /* old_mode valid */
    bool is_elf;
    uint32_t mode, old_mode;
    uint64_t size;
};

struct ward_changes {
    struct ward_change *items;
    size_t n, cap;
    const char *source; /* "overlay2" or "engine" */
};
void ward_changes_dispose(struct ward_changes *c);

/* docker diff from an overlay2 container layer: upper is UpperDir, lowers the
 * LowerDir list (init layer first). Reproduces the daemon's comparison of the
 * merged view against its parent: added, changed (mode, owner, rdev, and for
 * non-directories size and mtime, security.capability), deleted (whiteouts,
 * entries hidden by an opaque directory); each directory holding a change is
 * itself reported changed. Sorted by path. */
int ward_diff_overlay(struct ward_changes *out, const char *upper, char *const *lowers,
                      size_t nlowers, struct ward_error **err);
/* The Engine API's GET /containers/{id}/changes reply ([{"Path","Kind"}]). */
int ward_diff_engine_json(struct ward_changes *out, const json_t *arr, struct ward_error **err);
/* "A /path\n" lines, docker diff's own output. */
int ward_diff_text(const struct ward_changes *c, struct ward_buf *out);
/* JSON with the classified drift. */
int ward_diff_json(const struct ward_changes *c, const char *id, const char *name,
                   struct ward_buf *out, bool pretty);

#endif
