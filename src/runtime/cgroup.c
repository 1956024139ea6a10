/* cgroup.c - read a container's resource counters straight from the cgroup
 * v1 and v2 files and /proc: parsers of each kernel text format, the cgroup
 * mount table, and one sample of one cgroup. */
#include "runtime/runtime.h"
#include "util/file.h"
#include "util/limits.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define SMALL_FILE (1u << 20) /* every cgroup/proc file we read is far smaller */

/* Next whitespace-separated field of *s. */
static bool next_field(struct ward_span *s, struct ward_span *f)
{
    while (s->len && (s->ptr[0] == ' ' || s->ptr[0] == '\t')) {
        s->ptr++;
        s->len--;
    }
    if (!s->len)
        return false;
    size_t i = 0;
    while (i < s->len && s->ptr[i] != ' ' && s->ptr[i] != '\t')
        i++;
    *f = (struct ward_span){s->ptr, i};
    s->ptr += i;
    s->len -= i;
    return true;
}

static bool span_ieq(struct ward_span s, const char *lit)
{
    size_t n = strlen(lit);
    return s.len == n && strncasecmp(s.ptr, lit, n) == 0;
}

static void add_sat(uint64_t *acc, uint64_t v)
{
    if (__builtin_add_overflow(*acc, v, acc))
        *acc = UINT64_MAX;
}

int ward_cg_kv(const char *data, size_t len, const char *key, uint64_t *out)
{
    struct ward_span in = {data, len}, line, k, v;
    while (ward_span_line(&in, &line)) {
        if (!next_field(&line, &k) || !ward_span_eq(k, key))
            continue;
        if (next_field(&line, &v) && ward_span_u64(v, out) == 0)
            return 0;
    }
    return WARD_ENOTFOUND;
}

/* The kernel's "no limit" for v1 is PAGE_COUNTER_MAX pages (~2^63); anything
 * above an exbibyte is no limit in practice. */
#define V1_UNLIMITED (1ull << 60)

int ward_cg_limit(const char *data, size_t len, uint64_t *out, bool *unlimited)
{
    struct ward_span s = ward_span_trim((struct ward_span){data, len});
    *out = 0;
    *unlimited = false;
    if (ward_span_eq(s, "max")) {
        *unlimited = true;
        return 0;
    }
    if (ward_span_eq(s, "-1")) { /* v1 cpu.cfs_quota_us / memsw style "no limit" */
        *unlimited = true;
        return 0;
    }
    if (ward_span_u64(s, out) != 0)
        return WARD_EFORMAT;
    if (*out >= V1_UNLIMITED) {
        *out = 0;
        *unlimited = true;
    }
    return 0;
}

int ward_cg_blkio_v1(const char *data, size_t len, uint64_t *rd, uint64_t *wr)
{
    struct ward_span in = {data, len}, line, dev, op, val;
    uint64_t v;
    *rd = *wr = 0;
    while (ward_span_line(&in, &line)) {
        if (!next_field(&line, &dev))
            continue;
        if (ward_span_eq(dev, "Total"))
            continue;
        if (!next_field(&line, &op) || !next_field(&line, &val))
            return WARD_EFORMAT;
        if (ward_span_u64(val, &v) != 0)
            return WARD_EFORMAT;
        /* dockerd hands the entries over and the CLI matches the op
         * case-insensitively */
        if (span_ieq(op, "read"))
            add_sat(rd, v);
        else if (span_ieq(op, "write"))
            add_sat(wr, v);
    }
    return 0;
}

int ward_cg_iostat_v2(const char *data, size_t len, uint64_t *rd, uint64_t *wr)
{
    struct ward_span in = {data, len}, line, f, k, v;
    uint64_t n;
    *rd = *wr = 0;
    while (ward_span_line(&in, &line)) {
        if (!next_field(&line, &f)) /* MAJ:MIN */
            continue;
        while (next_field(&line, &f)) {
            if (!ward_span_cut(f, '=', &k, &v) || ward_span_u64(v, &n) != 0)
                return WARD_EFORMAT;
            if (ward_span_eq(k, "rbytes"))
                add_sat(rd, n);
            else if (ward_span_eq(k, "wbytes"))
                add_sat(wr, n);
        }
    }
    return 0;
}

int ward_cg_cpumax_v2(const char *data, size_t len, int64_t *quota, uint64_t *period)
{
    struct ward_span s = ward_span_trim((struct ward_span){data, len}), q, p;
    uint64_t v;
    if (!next_field(&s, &q))
        return WARD_EFORMAT;
    *period = 100000;
    if (next_field(&s, &p) && ward_span_u64(p, period) != 0)
        return WARD_EFORMAT;
    if (ward_span_eq(q, "max")) {
        *quota = -1;
        return 0;
    }
    if (ward_span_u64(q, &v) != 0 || v > INT64_MAX)
        return WARD_EFORMAT;
    *quota = (int64_t)v;
    return 0;
}

/* Does a comma-separated controller list contain ctl? */
static bool list_has(struct ward_span list, const char *ctl)
{
    struct ward_span item, rest;
    while (list.len) {
        if (!ward_span_cut(list, ',', &item, &rest)) {
            item = list;
            rest = (struct ward_span){list.ptr + list.len, 0};
        }
        if (ward_span_eq(item, ctl))
            return true;
        list = rest;
    }
    return false;
}

int ward_proc_cgroup_path(const char *data, size_t len, const char *ctl, char **out,
                          struct ward_error **err)
{
    struct ward_span in = {data, len}, line, id, rest, ctls, path;
    while (ward_span_line(&in, &line)) {
        if (!ward_span_cut(line, ':', &id, &rest) || !ward_span_cut(rest, ':', &ctls, &path))
            continue;
        if (path.len == 0 || path.ptr[0] != '/' || path.len > WARD_LIMIT_PATH_LEN)
            continue;
        bool match = ctl ? list_has(ctls, ctl) : (ward_span_eq(id, "0") && ctls.len == 0);
        if (match) {
            *out = ward_span_dup(path);
            return 0;
        }
    }
    return ward_error_set(err, WARD_ENOTFOUND, 0, "no %s cgroup in /proc/<pid>/cgroup",
                          ctl ? ctl : "unified");
}

int ward_proc_netdev(const char *data, size_t len, uint64_t *rx, uint64_t *tx,
                     struct ward_error **err)
{
    struct ward_span in = {data, len}, line, name, stats, f;
    *rx = *tx = 0;
    while (ward_span_line(&in, &line)) {
        if (!ward_span_cut(line, ':', &name, &stats))
            continue; /* the two header lines have no ':' */
        name = ward_span_trim(name);
        if (ward_span_eq(name, "lo"))
            continue;
        uint64_t v[9];
        size_t nf = 0;
        while (nf < WARD_ARRAY_LEN(v) && next_field(&stats, &f)) {
            if (ward_span_u64(f, &v[nf]) != 0)
                return ward_error_set(err, WARD_EFORMAT, 0, "net/dev: bad counter");
            nf++;
        }
        if (nf < 9)
            return ward_error_set(err, WARD_EFORMAT, 0, "net/dev: short line");
        add_sat(rx, v[0]); /* receive bytes */
        add_sat(tx, v[8]); /* transmit bytes */
    }
    return 0;
}

int ward_proc_stat_cpu(const char *data, size_t len, uint64_t *ticks, unsigned *ncpu,
                       struct ward_error **err)
{
    struct ward_span in = {data, len}, line, f;
    bool found = false;
    *ticks = 0;
    *ncpu = 0;
    while (ward_span_line(&in, &line)) {
        if (!next_field(&line, &f))
            continue;
        if (ward_span_eq(f, "cpu")) {
            /* dockerd sums user nice system idle iowait irq softirq */
            for (int i = 0; i < 7; i++) {
                uint64_t v;
                if (!next_field(&line, &f) || ward_span_u64(f, &v) != 0)
                    return ward_error_set(err, WARD_EFORMAT, 0, "/proc/stat: bad cpu line");
                add_sat(ticks, v);
            }
            found = true;
        } else if (f.len > 3 && ward_span_starts(f, "cpu") && f.ptr[3] >= '0' && f.ptr[3] <= '9') {
            (*ncpu)++;
        }
    }
    if (!found)
        return ward_error_set(err, WARD_EFORMAT, 0, "/proc/stat: no cpu line");
    return 0;
}

int ward_proc_meminfo_total(const char *data, size_t len, uint64_t *bytes)
{
    struct ward_span in = {data, len}, line, f;
    while (ward_span_line(&in, &line)) {
        if (!next_field(&line, &f) || !ward_span_eq(f, "MemTotal:"))
            continue;
        uint64_t kb;
        if (!next_field(&line, &f) || ward_span_u64(f, &kb) != 0 || kb > UINT64_MAX / 1024)
            return WARD_EFORMAT;
        *bytes = kb * 1024;
        return 0;
    }
    return WARD_ENOTFOUND;
}

static const char *const ctl_names[WARD_CG_NCTL] = {"cpu", "cpuacct", "memory", "blkio", "pids"};

const char *ward_cg_ctl_name(enum ward_cg_ctl c)
{
    return (unsigned)c < WARD_CG_NCTL ? ctl_names[c] : "?";
}

static bool is_oct(char c)
{
    return c >= '0' && c <= '7';
}

/* mountinfo escapes spaces and friends as \ooo octal. */
static char *unescape_dup(struct ward_span s)
{
    char *o = ward_xmalloc(s.len + 1);
    size_t j = 0;
    for (size_t i = 0; i < s.len; i++) {
        if (s.ptr[i] == '\\' && i + 3 < s.len && is_oct(s.ptr[i + 1]) && is_oct(s.ptr[i + 2]) &&
            is_oct(s.ptr[i + 3]) && s.ptr[i + 1] <= '3') {
            o[j++] =
                (char)((s.ptr[i + 1] - '0') * 64 + (s.ptr[i + 2] - '0') * 8 + (s.ptr[i + 3] - '0'));
            i += 3;
        } else {
            o[j++] = s.ptr[i];
        }
    }
    o[j] = '\0';
    return o;
}

int ward_mountinfo_cgroups(struct ward_cg_mounts *out, const char *data, size_t len,
                           struct ward_error **err)
{
    struct ward_span in = {data, len}, line, f;
    memset(out, 0, sizeof(*out));
    while (ward_span_line(&in, &line)) {
        struct ward_span fields[6];
        size_t nf = 0;
        while (nf < 6 && next_field(&line, &fields[nf]))
            nf++;
        if (nf < 6)
            continue;
        /* optional fields, then "-" */
        bool dash = false;
        while (next_field(&line, &f))
            if (ward_span_eq(f, "-")) {
                dash = true;
                break;
            }
        struct ward_span fstype, source, super;
        if (!dash || !next_field(&line, &fstype) || !next_field(&line, &source) ||
            !next_field(&line, &super))
            continue;
        struct ward_span root = fields[3], mnt = fields[4];
        if (root.len > WARD_LIMIT_PATH_LEN || mnt.len > WARD_LIMIT_PATH_LEN)
            continue;
        if (ward_span_eq(fstype, "cgroup2")) {
            if (!out->unified) {
                out->unified = unescape_dup(mnt);
                out->unified_root = unescape_dup(root);
            }
        } else if (ward_span_eq(fstype, "cgroup")) {
            for (int c = 0; c < WARD_CG_NCTL; c++) {
                if (out->v1[c] || !list_has(super, ctl_names[c]))
                    continue;
                out->v1[c] = unescape_dup(mnt);
                out->v1_root[c] = unescape_dup(root);
            }
        }
    }
    if (out->v1[WARD_CG_MEMORY] || out->v1[WARD_CG_CPUACCT])
        out->version = 1;
    else if (out->unified)
        out->version = 2;
    else
        return ward_error_set(err, WARD_ENOTFOUND, 0, "no cgroup filesystem is mounted");
    return 0;
}

void ward_cg_mounts_dispose(struct ward_cg_mounts *m)
{
    for (int c = 0; c < WARD_CG_NCTL; c++) {
        free(m->v1[c]);
        free(m->v1_root[c]);
    }
    free(m->unified);
    free(m->unified_root);
    memset(m, 0, sizeof(*m));
}

/* mount point + (path relative to the mount's root). */
static char *join_cg(const char *mnt, const char *root, const char *path)
{
    size_t rl = strlen(root);
    if (rl > 1 && strncmp(path, root, rl) == 0 && (path[rl] == '/' || path[rl] == '\0'))
        path += rl;
    if (strcmp(path, "/") == 0)
        path = "";
    return ward_xasprintf("%s%s", mnt, path);
}

int ward_cg_resolve(struct ward_cg_dirs *out, const struct ward_cg_mounts *m,
                    const char *proc_cgroup, size_t len, struct ward_error **err)
{
    memset(out, 0, sizeof(*out));
    out->version = m->version;
    if (m->version == 2) {
        ward_autofree char *p = NULL;
        if (ward_proc_cgroup_path(proc_cgroup, len, NULL, &p, err) < 0)
            return ward_error_wrap(err, "cgroup v2");
        out->unified = join_cg(m->unified, m->unified_root ? m->unified_root : "/", p);
        out->path = WARD_STEAL(&p);
        return 0;
    }
    for (int c = 0; c < WARD_CG_NCTL; c++) {
        if (!m->v1[c])
            continue;
        ward_autofree char *p = NULL;
        if (ward_proc_cgroup_path(proc_cgroup, len, ctl_names[c], &p, NULL) < 0)
            continue;
        out->dir[c] = join_cg(m->v1[c], m->v1_root[c] ? m->v1_root[c] : "/", p);
        if (!out->path || c == WARD_CG_MEMORY) {
            free(out->path);
            out->path = WARD_STEAL(&p);
        }
    }
    if (!out->dir[WARD_CG_CPUACCT] && !out->dir[WARD_CG_MEMORY])
        return ward_error_set(err, WARD_ENOTFOUND, 0, "no cpuacct or memory cgroup for process");
    return 0;
}

void ward_cg_dirs_dispose(struct ward_cg_dirs *d)
{
    for (int c = 0; c < WARD_CG_NCTL; c++)
        free(d->dir[c]);
    free(d->unified);
    free(d->path);
    memset(d, 0, sizeof(*d));
}

/* One small kernel file into a reusable buffer. Every cgroup control file
 * but cgroup.procs/tasks is a single seq_file record: one read() with room
 * to spare returns all of it, so there is no second read for EOF. */
struct rd {
    char *p;
    size_t len, cap;
    char stack[8192];
};

static void rd_init(struct rd *b)
{
    b->p = b->stack;
    b->len = 0;
    b->cap = sizeof(b->stack);
}

static void rd_dispose(struct rd *b)
{
    if (b->p != b->stack)
        free(b->p);
    rd_init(b);
}

/* Read dir/name (dir NULL: name alone) into b. Missing -> WARD_ENOTFOUND. */
static int rd_file(struct rd *b, const char *dir, const char *name)
{
    char path[WARD_LIMIT_PATH_LEN + 64];
    int n = dir ? snprintf(path, sizeof(path), "%s/%s", dir, name)
                : snprintf(path, sizeof(path), "%s", name);
    if (n < 0 || (size_t)n >= sizeof(path))
        return WARD_ELIMIT;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return errno == ENOENT ? WARD_ENOTFOUND : WARD_EIO;
    int rc = 0;
    b->len = 0;
    for (;;) {
        if (b->cap - b->len < 4096) { /* keep a page of room so a short read is EOF */
            if (b->cap >= SMALL_FILE) {
                rc = WARD_ELIMIT;
                break;
            }
            char *np = ward_xmalloc(b->cap * 2);
            memcpy(np, b->p, b->len);
            if (b->p != b->stack)
                free(b->p);
            b->p = np;
            b->cap *= 2;
        }
        size_t room = b->cap - b->len - 1;
        ssize_t r = read(fd, b->p + b->len, room);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            rc = WARD_EIO;
            break;
        }
        b->len += (size_t)r;
        /* a single-record file arrives whole; a multi-record seq_file (net/dev)
         * stops short of a page only at its end */
        if (r == 0 || (size_t)r < 2048)
            break;
    }
    close(fd);
    b->p[b->len] = '\0';
    return rc;
}

static int read_u64(const struct rd *b, uint64_t *out)
{
    return ward_span_u64(ward_span_trim(ward_span_of(b->p, b->len)), out);
}

static int read_v1_cpu(const struct ward_cg_dirs *d, struct rd *b, uint64_t *cpu_ns,
                       struct ward_error **err)
{
    const char *acct = d->dir[WARD_CG_CPUACCT];
    if (!acct || rd_file(b, acct, "cpuacct.usage") < 0 || read_u64(b, cpu_ns) != 0)
        return ward_error_set(err, WARD_ENOTFOUND, 0, "%s/cpuacct.usage: unreadable",
                              acct ? acct : "(no cpuacct cgroup)");
    return 0;
}

static int read_v2_cpu(const char *dir, struct rd *b, uint64_t *cpu_ns, struct ward_error **err)
{
    uint64_t v;
    if (!dir || rd_file(b, dir, "cpu.stat") < 0 || ward_cg_kv(b->p, b->len, "usage_usec", &v) < 0)
        return ward_error_set(err, WARD_ENOTFOUND, 0, "%s/cpu.stat: unreadable",
                              dir ? dir : "(no cgroup)");
    *cpu_ns = v > UINT64_MAX / 1000 ? UINT64_MAX : v * 1000;
    return 0;
}

/* rd_file of an optional directory. */
static int slurp(struct rd *b, const char *dir, const char *name)
{
    return dir ? rd_file(b, dir, name) : WARD_ENOTFOUND;
}

static int read_v1(struct ward_cg_sample *o, const struct ward_cg_dirs *d, struct rd *b,
                   struct ward_error **err)
{
    bool unl;
    uint64_t v;
    if (read_v1_cpu(d, b, &o->cpu_ns, err) < 0)
        return WARD_ENOTFOUND;
    const char *mem = d->dir[WARD_CG_MEMORY];
    if (slurp(b, mem, "memory.usage_in_bytes") == 0)
        read_u64(b, &o->mem_usage);
    if (slurp(b, mem, "memory.stat") == 0) {
        if (ward_cg_kv(b->p, b->len, "total_inactive_file", &o->mem_inactive_file) < 0)
            ward_cg_kv(b->p, b->len, "inactive_file", &o->mem_inactive_file);
        if (ward_cg_kv(b->p, b->len, "total_rss", &o->mem_rss) < 0)
            ward_cg_kv(b->p, b->len, "rss", &o->mem_rss);
        if (ward_cg_kv(b->p, b->len, "total_cache", &o->mem_cache) < 0)
            ward_cg_kv(b->p, b->len, "cache", &o->mem_cache);
    }
    if (slurp(b, mem, "memory.limit_in_bytes") == 0 && ward_cg_limit(b->p, b->len, &v, &unl) == 0 &&
        !unl)
        o->mem_limit = v;
    o->cpu_quota_us = -1;
    o->cpu_period_us = 100000;
    const char *cpu = d->dir[WARD_CG_CPU];
    if (slurp(b, cpu, "cpu.cfs_quota_us") == 0 && ward_cg_limit(b->p, b->len, &v, &unl) == 0 &&
        !unl && v <= INT64_MAX)
        o->cpu_quota_us = (int64_t)v;
    if (slurp(b, cpu, "cpu.cfs_period_us") == 0)
        read_u64(b, &o->cpu_period_us);
    /* runc's order: BFQ, then CFQ, then the throttle counters */
    static const char *const blk[] = {"blkio.bfq.io_service_bytes_recursive",
                                      "blkio.io_service_bytes_recursive",
                                      "blkio.throttle.io_service_bytes_recursive"};
    for (size_t i = 0; i < WARD_ARRAY_LEN(blk); i++) {
        if (slurp(b, d->dir[WARD_CG_BLKIO], blk[i]) < 0)
            continue;
        struct ward_span t = ward_span_trim(ward_span_of(b->p, b->len));
        if (t.len == 0 || ward_span_eq(t, "Total 0"))
            continue;
        ward_cg_blkio_v1(b->p, b->len, &o->blk_read, &o->blk_write);
        break;
    }
    const char *pids = d->dir[WARD_CG_PIDS];
    if (slurp(b, pids, "pids.current") == 0)
        read_u64(b, &o->pids);
    if (slurp(b, pids, "pids.max") == 0 && ward_cg_limit(b->p, b->len, &v, &unl) == 0 && !unl)
        o->pids_limit = v;
    return 0;
}

static int read_v2(struct ward_cg_sample *o, const char *dir, struct rd *b, struct ward_error **err)
{
    bool unl;
    uint64_t v;
    if (read_v2_cpu(dir, b, &o->cpu_ns, err) < 0)
        return WARD_ENOTFOUND;
    if (slurp(b, dir, "memory.current") == 0)
        read_u64(b, &o->mem_usage);
    if (slurp(b, dir, "memory.stat") == 0) {
        ward_cg_kv(b->p, b->len, "inactive_file", &o->mem_inactive_file);
        ward_cg_kv(b->p, b->len, "anon", &o->mem_rss);
        ward_cg_kv(b->p, b->len, "file", &o->mem_cache);
    }
    if (slurp(b, dir, "memory.max") == 0 && ward_cg_limit(b->p, b->len, &v, &unl) == 0 && !unl)
        o->mem_limit = v;
    o->cpu_quota_us = -1;
    o->cpu_period_us = 100000;
    if (slurp(b, dir, "cpu.max") == 0)
        ward_cg_cpumax_v2(b->p, b->len, &o->cpu_quota_us, &o->cpu_period_us);
    if (slurp(b, dir, "io.stat") == 0)
        ward_cg_iostat_v2(b->p, b->len, &o->blk_read, &o->blk_write);
    if (slurp(b, dir, "pids.current") == 0)
        read_u64(b, &o->pids);
    if (slurp(b, dir, "pids.max") == 0 && ward_cg_limit(b->p, b->len, &v, &unl) == 0 && !unl)
        o->pids_limit = v;
    return 0;
}

int ward_cg_sample_read(struct ward_cg_sample *out, const struct ward_cg_dirs *d,
                        struct ward_error **err)
{
    struct rd b;
    rd_init(&b);
    memset(out, 0, sizeof(*out));
    int rc = d->version == 2 ? read_v2(out, d->unified, &b, err) : read_v1(out, d, &b, err);
    rd_dispose(&b);
    return rc;
}

int ward_cg_cpu_read(uint64_t *cpu_ns, const struct ward_cg_dirs *d, struct ward_error **err)
{
    struct rd b;
    rd_init(&b);
    int rc = d->version == 2 ? read_v2_cpu(d->unified, &b, cpu_ns, err)
                             : read_v1_cpu(d, &b, cpu_ns, err);
    rd_dispose(&b);
    return rc;
}

int ward_cg_first_pid(const char *dir)
{
    struct rd b;
    rd_init(&b);
    uint64_t v = 0;
    if (dir && rd_file(&b, dir, "cgroup.procs") == 0) {
        struct ward_span in = ward_span_of(b.p, b.len), line;
        if (ward_span_line(&in, &line))
            ward_span_u64(ward_span_trim(line), &v);
    }
    rd_dispose(&b);
    return v > 0 && v <= INT32_MAX ? (int)v : 0;
}

int ward_proc_netdev_read(const char *proc_root, int pid, uint64_t *rx, uint64_t *tx)
{
    struct rd b;
    rd_init(&b);
    char path[WARD_LIMIT_PATH_LEN + 64];
    *rx = *tx = 0;
    int n = snprintf(path, sizeof(path), "%s/%d/net/dev", proc_root, pid);
    int rc = n > 0 && (size_t)n < sizeof(path) ? rd_file(&b, NULL, path) : WARD_ELIMIT;
    if (rc == 0)
        rc = ward_proc_netdev(b.p, b.len, rx, tx, NULL);
    rd_dispose(&b);
    return rc;
}

int ward_host_sample_read(struct ward_host_sample *out, const char *proc_root,
                          struct ward_error **err)
{
    struct rd b;
    rd_init(&b);
    int rc = slurp(&b, proc_root, "stat");
    uint64_t ticks = 0;
    memset(out, 0, sizeof(*out));
    struct timespec now;
    if (clock_gettime(CLOCK_MONOTONIC, &now) == 0)
        out->mono_ns = (uint64_t)now.tv_sec * 1000000000ull + (uint64_t)now.tv_nsec;
    if (rc < 0) {
        rd_dispose(&b);
        return ward_error_set(err, WARD_EIO, 0, "cannot read %s/stat", proc_root);
    }
    rc = ward_proc_stat_cpu(b.p, b.len, &ticks, &out->ncpu, err);
    if (rc == 0) {
        long hz = sysconf(_SC_CLK_TCK);
        if (hz <= 0)
            hz = 100;
        out->cpu_ns = ticks / (uint64_t)hz * 1000000000ull +
                      ticks % (uint64_t)hz * (1000000000ull / (uint64_t)hz);
        if (slurp(&b, proc_root, "meminfo") == 0)
            ward_proc_meminfo_total(b.p, b.len, &out->mem_total);
    }
    rd_dispose(&b);
    return rc;
}
