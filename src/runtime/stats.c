/* stats.c - ward stats: find running containers from their cgroup directories
 * and the Engine API's list (inspect only for unusual cgroup layouts), read
 * their counters from cgroup files and /proc, derive docker stats' figures,
 * render JSON or a table. */
#include "engine/engine.h"
#include "runtime/runtime.h"
#include "util/file.h"
#include "util/json_out.h"

#include <dirent.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define SMALL_FILE (1u << 20)

int ward_stats_new(struct ward_stats **out, const char *proc_root, struct ward_error **err)
{
    struct ward_stats *s = ward_xcalloc(1, sizeof(*s));
    s->proc_root = ward_xstrdup(proc_root ? proc_root : "/proc");
    s->pids_alert = 100;
    struct ward_buf b = WARD_BUF_INIT(SMALL_FILE);
    ward_autofree char *mi = ward_xasprintf("%s/self/mountinfo", s->proc_root);
    int rc = ward_file_read(&b, AT_FDCWD, mi, SMALL_FILE, err);
    if (rc == 0)
        rc = ward_mountinfo_cgroups(&s->mounts, b.ptr, b.len, err);
    ward_buf_dispose(&b);
    if (rc < 0) {
        ward_stats_free(s);
        return rc;
    }
    *out = s;
    return 0;
}

static void item_dispose(struct ward_ctr_stat *c)
{
    free(c->id);
    free(c->name);
    free(c->image);
    ward_cg_dirs_dispose(&c->dirs);
}

void ward_stats_free(struct ward_stats *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->n; i++)
        item_dispose(&s->items[i]);
    free(s->items);
    ward_cg_mounts_dispose(&s->mounts);
    free(s->proc_root);
    free(s);
}

/* Inspect one container and add or refresh its entry. */
static int track(struct ward_stats *s, struct ward_engine *e, const char *ref, bool must_run,
                 struct ward_error **err)
{
    ward_autofree char *esc = ward_engine_escape(ref);
    ward_autofree char *path = ward_xasprintf("/containers/%s/json", esc);
    ward_autojson j = NULL;
    int rc = ward_engine_get_json(e, path, &j, err);
    if (rc < 0)
        return ward_error_wrap(err, "container %s", ref);
    const char *id = ward_jstr(j, "Id");
    json_t *state = ward_jobj(j, "State");
    int pid = (int)ward_jint(state, "Pid", 0);
    if (!id || strlen(id) > 128)
        return ward_error_set(err, WARD_EFORMAT, 0, "container %s: inspect has no Id", ref);
    if (!ward_jbool(state, "Running", false) || pid <= 0) {
        if (must_run)
            return ward_error_set(err, WARD_ENOTFOUND, 0, "container %s is not running", ref);
        return 0;
    }
    struct ward_ctr_stat *c = NULL;
    for (size_t i = 0; i < s->n; i++)
        if (strcmp(s->items[i].id, id) == 0)
            c = &s->items[i];
    if (c && c->pid != pid) { /* restarted: new cgroup, counters start over */
        ward_cg_dirs_dispose(&c->dirs);
        c->have_prev = c->have_cur = false;
        c->pid = 0;
    }
    if (!c) {
        WARD_GROW(s->items, s->n, s->cap);
        c = &s->items[s->n++];
        memset(c, 0, sizeof(*c));
        c->id = ward_xstrdup(id);
        const char *name = ward_jstr(j, "Name");
        c->name = ward_xstrdup(name ? (name[0] == '/' ? name + 1 : name) : "");
        const char *img = ward_jstr(ward_jobj(j, "Config"), "Image");
        c->image = ward_xstrdup(img ? img : "");
    }
    c->seen = true;
    if (c->pid == pid)
        return 0;
    c->pid = pid;
    /* The cgroup is the one the init process lives in, as the kernel says. */
    struct ward_buf b = WARD_BUF_INIT(SMALL_FILE);
    ward_autofree char *cg = ward_xasprintf("%s/%d/cgroup", s->proc_root, pid);
    rc = ward_file_read(&b, AT_FDCWD, cg, SMALL_FILE, err);
    if (rc == 0)
        rc = ward_cg_resolve(&c->dirs, &s->mounts, b.ptr, b.len, err);
    ward_buf_dispose(&b);
    if (rc < 0) {
        c->seen = false;
        return ward_error_wrap(err, "container %.12s", id);
    }
    return 0;
}

/* Without an inspect per container: the cgroup the cgroupfs driver
 * ("/docker/<id>") or the systemd driver ("system.slice/docker-<id>.scope")
 * gives a container, when its CPU accounting file is there. Fills d and
 * *pid, or returns WARD_ENOTFOUND (custom --cgroup-parent: ask the Engine). */
static int guess_cgroup(const struct ward_stats *s, const char *id, struct ward_cg_dirs *d,
                        int *pid)
{
    static const char *const layouts[] = {"/docker/%s", "/system.slice/docker-%s.scope"};
    for (size_t i = 0; i < WARD_ARRAY_LEN(layouts); i++) {
        ward_autofree char *rel = ward_xasprintf(layouts[i], id);
        struct ward_buf fake = WARD_BUF_INIT(SMALL_FILE);
        /* the /proc/<pid>/cgroup text the container's processes would show */
        if (s->mounts.version == 2) {
            ward_buf_addf(&fake, "0::%s\n", rel);
        } else {
            for (int c = 0; c < WARD_CG_NCTL; c++)
                ward_buf_addf(&fake, "%d:%s:%s\n", c + 1, ward_cg_ctl_name(c), rel);
        }
        struct ward_error *e = NULL;
        int rc = ward_cg_resolve(d, &s->mounts, fake.ptr, fake.len, &e);
        ward_buf_dispose(&fake);
        ward_error_free(e);
        if (rc < 0)
            continue;
        const char *dir = d->version == 2 ? d->unified : d->dir[WARD_CG_CPUACCT];
        const char *acct = d->version == 2 ? "cpu.stat" : "cpuacct.usage";
        ward_autofree char *probe = dir ? ward_xasprintf("%s/%s", dir, acct) : NULL;
        if (probe && access(probe, R_OK) == 0) {
            const char *pd = d->version == 2 ? d->unified
                                             : (d->dir[WARD_CG_MEMORY] ? d->dir[WARD_CG_MEMORY]
                                                                       : d->dir[WARD_CG_CPUACCT]);
            *pid = ward_cg_first_pid(pd);
            if (*pid > 0)
                return 0;
        }
        ward_cg_dirs_dispose(d);
    }
    return WARD_ENOTFOUND;
}

static int cmp_id(const void *a, const void *b)
{
    return strcmp(((const struct ward_ctr_stat *)a)->id, ((const struct ward_ctr_stat *)b)->id);
}

/* items[0..nsorted) by binary search, then the few added since linearly. */
static struct ward_ctr_stat *find_item(struct ward_stats *s, const char *id)
{
    size_t lo = 0, hi = WARD_MIN(s->nsorted, s->n);
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int r = strcmp(s->items[mid].id, id);
        if (r == 0)
            return &s->items[mid];
        if (r < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (size_t i = WARD_MIN(s->nsorted, s->n); i < s->n; i++)
        if (strcmp(s->items[i].id, id) == 0)
            return &s->items[i];
    return NULL;
}

static void set_names(struct ward_ctr_stat *c, const json_t *it)
{
    free(c->name);
    free(c->image);
    json_t *names = ward_jarr(it, "Names");
    const char *name = json_string_value(json_array_get(names, 0));
    c->name = ward_xstrdup(name ? (name[0] == '/' ? name + 1 : name) : "");
    const char *img = ward_jstr(it, "Image");
    c->image = ward_xstrdup(img ? img : "");
}

/* One entry of GET /containers/json: keep it, from the guessed cgroup when
 * possible, else through an inspect. */
static int track_listed(struct ward_stats *s, struct ward_engine *e, const json_t *it,
                        struct ward_error **err)
{
    const char *id = ward_jstr(it, "Id");
    if (!id || strlen(id) > 128)
        return 0;
    struct ward_ctr_stat *c = find_item(s, id);
    if (c && c->scanned) { /* cgroup found on disk before the list call */
        set_names(c, it);
        c->scanned = false;
        c->seen = true;
        return 0;
    }
    if (c && c->pid > 0) {
        ward_autofree char *proc = ward_xasprintf("%s/%d", s->proc_root, c->pid);
        if (access(proc, F_OK) == 0) { /* same init process: same cgroup */
            c->seen = true;
            return 0;
        }
    }
    struct ward_cg_dirs d;
    int pid = 0;
    if (guess_cgroup(s, id, &d, &pid) < 0) {
        struct ward_error *e2 = NULL;
        /* a container may stop between list and inspect: skip it */
        if (track(s, e, id, false, &e2) < 0) {
            if (e2 && e2->code != WARD_ENOTFOUND) {
                *err = e2;
                return e2->code;
            }
            ward_error_free(e2);
        }
        return 0;
    }
    if (!c) {
        WARD_GROW(s->items, s->n, s->cap);
        c = &s->items[s->n++];
        memset(c, 0, sizeof(*c));
        c->id = ward_xstrdup(id);
        set_names(c, it);
    } else {
        ward_cg_dirs_dispose(&c->dirs);
        c->have_prev = c->have_cur = false; /* restarted: counters start over */
    }
    c->dirs = d;
    c->pid = pid;
    c->seen = true;
    return 0;
}

/* Does list entry it answer to ref (full id, id prefix or name)? */
static bool listed_as(const json_t *it, const char *ref)
{
    const char *id = ward_jstr(it, "Id");
    size_t n = strlen(ref);
    if (id && n > 0 && strncmp(id, ref, n) == 0)
        return true;
    size_t i;
    json_t *nm;
    json_array_foreach(ward_jarr(it, "Names"), i, nm)
    {
        const char *v = json_string_value(nm);
        if (v && (strcmp(v, ref) == 0 || (v[0] == '/' && strcmp(v + 1, ref) == 0)))
            return true;
    }
    return false;
}

int ward_stats_discover(struct ward_stats *s, struct ward_engine *e, char *const *names,
                        size_t nnames, struct ward_error **err)
{
    ward_autojson list = NULL;
    if (ward_engine_get_json(e, "/containers/json", &list, err) < 0)
        return ward_error_wrap(err, "list containers");
    return ward_stats_discover_list(s, e, list, names, nnames, err);
}

int ward_stats_discover_list(struct ward_stats *s, struct ward_engine *e, const json_t *list,
                             char *const *names, size_t nnames, struct ward_error **err)
{
    if (!json_is_array(list))
        return ward_error_set(err, WARD_EFORMAT, 0, "list containers: not an array");
    for (size_t i = 0; i < s->n; i++)
        s->items[i].seen = false;
    if (s->n > 1)
        qsort(s->items, s->n, sizeof(*s->items), cmp_id);
    s->nsorted = s->n;
    /* one list call names every running container; cgroups are found on
     * disk, so the Engine is asked once, not once per container. Cgroups
     * the list does not name (stopped since, another daemon's) are dropped. */
    size_t i;
    json_t *it;
    if (nnames) {
        for (size_t k = 0; k < nnames; k++) {
            const json_t *hit = NULL;
            json_array_foreach(list, i, it)
            {
                if (listed_as(it, names[k])) {
                    hit = it;
                    break;
                }
            }
            /* not listed: inspect says whether it exists and why it is not running */
            int rc = hit ? track_listed(s, e, hit, err) : track(s, e, names[k], true, err);
            if (rc < 0)
                return rc;
        }
    } else {
        json_array_foreach(list, i, it)
        {
            if (track_listed(s, e, it, err) < 0)
                return (*err)->code;
        }
    }
    size_t k = 0;
    for (size_t j = 0; j < s->n; j++) {
        if (s->items[j].seen && !s->items[j].scanned)
            s->items[k++] = s->items[j];
        else
            item_dispose(&s->items[j]);
    }
    s->n = k;
    s->nsorted = 0;
    return 0;
}

static bool is_hex64(const char *p)
{
    for (int i = 0; i < 64; i++)
        if (!((p[i] >= '0' && p[i] <= '9') || (p[i] >= 'a' && p[i] <= 'f')))
            return false;
    return true;
}

/* Entries of mnt/sub named prefix<64 hex>suffix become scanned items. */
static size_t scan_dir(struct ward_stats *s, const char *mnt, const char *root, const char *sub,
                       const char *prefix, const char *suffix)
{
    ward_autofree char *parent = ward_xasprintf("%s/%s", mnt, sub);
    DIR *d = opendir(parent);
    if (!d)
        return 0;
    size_t pl = strlen(prefix), sl = strlen(suffix), added = 0;
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        const char *nm = de->d_name;
        if (strlen(nm) != pl + 64 + sl || strncmp(nm, prefix, pl) != 0 || !is_hex64(nm + pl) ||
            strcmp(nm + pl + 64, suffix) != 0)
            continue;
        if (de->d_type != DT_DIR && de->d_type != DT_UNKNOWN)
            continue;
        char id[65];
        memcpy(id, nm + pl, 64);
        id[64] = '\0';
        if (find_item(s, id))
            continue;
        WARD_GROW(s->items, s->n, s->cap);
        struct ward_ctr_stat *c = &s->items[s->n++];
        memset(c, 0, sizeof(*c));
        c->id = ward_xstrdup(id);
        c->name = ward_xstrdup("");
        c->image = ward_xstrdup("");
        c->scanned = true;
        c->dirs.version = s->mounts.version;
        /* the path processes inside see in /proc/<pid>/cgroup */
        c->dirs.path = ward_xasprintf("%s/%s/%s", strcmp(root, "/") == 0 ? "" : root, sub, nm);
        if (s->mounts.version == 2) {
            c->dirs.unified = ward_xasprintf("%s/%s", parent, nm);
        } else {
            for (int k = 0; k < WARD_CG_NCTL; k++)
                if (s->mounts.v1[k])
                    c->dirs.dir[k] = ward_xasprintf("%s/%s/%s", s->mounts.v1[k], sub, nm);
        }
        added++;
    }
    closedir(d);
    return added;
}

size_t ward_stats_scan(struct ward_stats *s)
{
    const struct ward_cg_mounts *m = &s->mounts;
    const char *mnt, *root;
    if (m->version == 2) {
        mnt = m->unified;
        root = m->unified_root;
    } else {
        int k = m->v1[WARD_CG_CPUACCT] ? WARD_CG_CPUACCT : WARD_CG_MEMORY;
        mnt = m->v1[k];
        root = m->v1_root[k];
    }
    if (!mnt)
        return 0;
    if (!root)
        root = "/";
    s->nsorted = 0;
    size_t n = scan_dir(s, mnt, root, "docker", "", "");
    n += scan_dir(s, mnt, root, "system.slice", "docker-", ".scope");
    return n;
}

static uint64_t mono_ns(void)
{
    struct timespec t;
    if (clock_gettime(CLOCK_MONOTONIC, &t) != 0)
        return 0;
    return (uint64_t)t.tv_sec * 1000000000ull + (uint64_t)t.tv_nsec;
}

void ward_stats_derive(struct ward_ctr_stat *c, uint64_t pids_alert)
{
    const struct ward_cg_sample *p = &c->prev, *q = &c->cur;
    c->cpu_percent = 0;
    if (c->have_prev && c->have_cur && q->cpu_ns > p->cpu_ns) {
        double cd = (double)(q->cpu_ns - p->cpu_ns);
        double sd = 0;
        if (c->host_cur.cpu_ns >= c->host_prev.cpu_ns + 1000000000ull)
            sd = (double)(c->host_cur.cpu_ns - c->host_prev.cpu_ns);
        else if (c->host_cur.mono_ns > c->host_prev.mono_ns)
            sd = (double)(c->host_cur.mono_ns - c->host_prev.mono_ns) * (double)c->host_cur.ncpu;
        if (sd > 0)
            c->cpu_percent = cd / sd * (double)c->host_cur.ncpu * 100.0;
    }
    /* docker stats excludes the page cache that can be reclaimed first */
    c->mem_used =
        q->mem_inactive_file < q->mem_usage ? q->mem_usage - q->mem_inactive_file : q->mem_usage;
    c->mem_limit = q->mem_limit ? q->mem_limit : c->host_cur.mem_total;
    if (c->host_cur.mem_total && c->mem_limit > c->host_cur.mem_total)
        c->mem_limit = c->host_cur.mem_total;
    c->mem_percent = c->mem_limit ? (double)c->mem_used / (double)c->mem_limit * 100.0 : 0;
    c->cpus_limit = q->cpu_quota_us > 0 && q->cpu_period_us
                        ? (double)q->cpu_quota_us / (double)q->cpu_period_us
                        : 0;
    unsigned f = 0;
    if (!q->mem_limit)
        f |= WARD_STAT_NO_MEM_LIMIT;
    if (q->cpu_quota_us <= 0)
        f |= WARD_STAT_NO_CPU_LIMIT;
    if (!q->pids_limit)
        f |= WARD_STAT_NO_PIDS_LIMIT;
    if ((q->mem_limit && c->mem_percent > 90.0) ||
        (q->pids_limit && (double)q->pids > 0.9 * (double)q->pids_limit))
        f |= WARD_STAT_NEAR_LIMIT;
    if (pids_alert && q->pids > pids_alert)
        f |= WARD_STAT_TOO_MANY_PROCS;
    c->flags = f;
}

/* One sample of every container (only_pending: of those that still lack
 * one of this kind), current becoming previous. cpu_only reads the CPU
 * counter alone (the start of a CPU % window); otherwise every counter
 * (the end of the window: CPU again, then the gauges). Containers whose
 * cgroup is gone are dropped, as docker stats does. */
static int sample_items(struct ward_stats *s, bool cpu_only, bool only_pending,
                        struct ward_error **err)
{
#define PENDING(c) (cpu_only ? !(c)->have_cur : !(c)->gauged)
    struct ward_host_sample h;
    size_t todo = 0;
    for (size_t i = 0; i < s->n; i++)
        todo += !only_pending || PENDING(&s->items[i]);
    if (!todo)
        return 0;
    if (ward_host_sample_read(&h, s->proc_root, err) < 0)
        return ward_error_wrap(err, "host counters");
    size_t k = 0;
    for (size_t i = 0; i < s->n; i++) {
        struct ward_ctr_stat *c = &s->items[i];
        if (only_pending && !PENDING(c)) {
            s->items[k++] = *c;
            continue;
        }
        struct ward_cg_sample smp = {0};
        /* stamped right before the CPU counter is read: the window each
         * container's CPU % is taken over is measured, not nominal */
        uint64_t t = mono_ns();
        if ((cpu_only ? ward_cg_cpu_read(&smp.cpu_ns, &c->dirs, NULL)
                      : ward_cg_sample_read(&smp, &c->dirs, NULL)) < 0) {
            item_dispose(c);
            continue;
        }
        c->prev = c->cur;
        c->host_prev = c->host_cur;
        c->have_prev = c->have_cur;
        c->cur = smp;
        c->host_cur = h;
        c->host_cur.mono_ns = t;
        c->have_cur = true;
        if (!cpu_only) {
            c->gauged = true;
            if (c->pid <= 0) { /* found on disk: any process of it shows its network */
                const struct ward_cg_dirs *d = &c->dirs;
                const char *pd =
                    d->dir[WARD_CG_MEMORY] ? d->dir[WARD_CG_MEMORY] : d->dir[WARD_CG_CPUACCT];
                c->pid = ward_cg_first_pid(d->version == 2 ? d->unified : pd);
            }
            c->net_rx = c->net_tx = 0;
            if (c->pid > 0)
                ward_proc_netdev_read(s->proc_root, c->pid, &c->net_rx, &c->net_tx);
            ward_stats_derive(c, s->pids_alert);
        }
        s->items[k++] = *c;
    }
#undef PENDING
    s->n = k;
    s->nsorted = 0;
    return 0;
}

int ward_stats_sample_cpu(struct ward_stats *s, bool only_new, struct ward_error **err)
{
    return sample_items(s, true, only_new, err);
}

int ward_stats_sample(struct ward_stats *s, struct ward_error **err)
{
    return sample_items(s, false, false, err);
}

int ward_stats_sample_gauges(struct ward_stats *s, struct ward_error **err)
{
    return sample_items(s, false, true, err);
}

static void fmt_size(char *dst, size_t n, double v, double base, const char *const *units,
                     int nunits, int prec)
{
    int i = 0;
    while (v >= base && i < nunits - 1) {
        v /= base;
        i++;
    }
    snprintf(dst, n, "%.*g%s", prec, v, units[i]);
}

void ward_fmt_bytes_binary(char *dst, size_t n, double v)
{
    static const char *const u[] = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
    fmt_size(dst, n, v, 1024.0, u, (int)WARD_ARRAY_LEN(u), 4);
}

void ward_fmt_bytes_decimal(char *dst, size_t n, double v)
{
    static const char *const u[] = {"B", "kB", "MB", "GB", "TB", "PB", "EB"};
    fmt_size(dst, n, v, 1000.0, u, (int)WARD_ARRAY_LEN(u), 3);
}

static int cmp_name(const void *a, const void *b)
{
    const struct ward_ctr_stat *x = *(const struct ward_ctr_stat *const *)a;
    const struct ward_ctr_stat *y = *(const struct ward_ctr_stat *const *)b;
    int r = strcmp(x->name, y->name);
    return r ? r : strcmp(x->id, y->id);
}

/* Items sorted by name, for stable output. Caller frees the array. */
static const struct ward_ctr_stat **sorted(const struct ward_stats *s)
{
    const struct ward_ctr_stat **v = ward_xcalloc(s->n ? s->n : 1, sizeof(*v));
    for (size_t i = 0; i < s->n; i++)
        v[i] = &s->items[i];
    qsort(v, s->n, sizeof(*v), cmp_name);
    return v;
}

static double round2(double v)
{
    return (double)(int64_t)(v * 100.0 + 0.5) / 100.0;
}

int ward_stats_json(const struct ward_stats *s, struct ward_buf *out, bool pretty)
{
    struct ward_json j;
    ward_autofree const struct ward_ctr_stat **v = sorted(s);
    ward_json_init(&j, out, pretty);
    ward_json_arr_begin(&j);
    for (size_t i = 0; i < s->n; i++) {
        const struct ward_ctr_stat *c = v[i];
        ward_json_obj_begin(&j);
        ward_json_kv_str(&j, "id", c->id);
        ward_json_kv_str(&j, "name", c->name);
        ward_json_kv_str(&j, "image", c->image);
        ward_json_kv_int(&j, "pid", c->pid);
        ward_json_kv_int(&j, "cgroup_version", c->dirs.version);
        ward_json_kv_double(&j, "cpu_percent", round2(c->cpu_percent));
        ward_json_kv_uint(&j, "cpu_usage_ns", c->cur.cpu_ns);
        if (c->cpus_limit > 0)
            ward_json_kv_double(&j, "cpu_limit_cpus", c->cpus_limit);
        else
            ward_json_kv_str(&j, "cpu_limit_cpus", NULL);
        ward_json_kv_uint(&j, "mem_usage_bytes", c->mem_used);
        ward_json_kv_uint(&j, "mem_limit_bytes", c->mem_limit);
        ward_json_kv_double(&j, "mem_percent", round2(c->mem_percent));
        ward_json_kv_uint(&j, "mem_raw_usage_bytes", c->cur.mem_usage);
        ward_json_kv_uint(&j, "mem_inactive_file_bytes", c->cur.mem_inactive_file);
        ward_json_kv_uint(&j, "net_rx_bytes", c->net_rx);
        ward_json_kv_uint(&j, "net_tx_bytes", c->net_tx);
        ward_json_kv_uint(&j, "blk_read_bytes", c->cur.blk_read);
        ward_json_kv_uint(&j, "blk_write_bytes", c->cur.blk_write);
        ward_json_kv_uint(&j, "pids", c->cur.pids);
        if (c->cur.pids_limit)
            ward_json_kv_uint(&j, "pids_limit", c->cur.pids_limit);
        else
            ward_json_kv_str(&j, "pids_limit", NULL);
        ward_json_key(&j, "flags");
        ward_json_obj_begin(&j);
        ward_json_kv_bool(&j, "no_memory_limit", c->flags & WARD_STAT_NO_MEM_LIMIT);
        ward_json_kv_bool(&j, "no_cpu_limit", c->flags & WARD_STAT_NO_CPU_LIMIT);
        ward_json_kv_bool(&j, "no_pids_limit", c->flags & WARD_STAT_NO_PIDS_LIMIT);
        ward_json_kv_bool(&j, "near_limit", c->flags & WARD_STAT_NEAR_LIMIT);
        ward_json_kv_bool(&j, "too_many_processes", c->flags & WARD_STAT_TOO_MANY_PROCS);
        ward_json_obj_end(&j);
        ward_json_obj_end(&j);
    }
    ward_json_arr_end(&j);
    ward_buf_addc(out, '\n');
    return ward_buf_check(out);
}

enum { NCOL = 8, CELL = 80 }; /* a cell holds two 31-char sizes and " / " */

int ward_stats_table(const struct ward_stats *s, struct ward_buf *out)
{
    static const char *const head[NCOL] = {"CONTAINER ID",      "NAME",  "CPU %",
                                           "MEM USAGE / LIMIT", "MEM %", "NET I/O",
                                           "BLOCK I/O",         "PIDS"};
    ward_autofree const struct ward_ctr_stat **v = sorted(s);
    size_t rows = s->n + 1;
    char(*cell)[NCOL][CELL] = ward_xcalloc(rows, sizeof(*cell));
    for (int k = 0; k < NCOL; k++)
        snprintf(cell[0][k], sizeof(cell[0][k]), "%s", head[k]);
    for (size_t i = 0; i < s->n; i++) {
        const struct ward_ctr_stat *c = v[i];
        char a[32], b[32];
        char(*r)[CELL] = cell[i + 1];
        snprintf(r[0], CELL, "%.12s", c->id);
        snprintf(r[1], CELL, "%.63s", c->name);
        snprintf(r[2], CELL, "%.2f%%", c->cpu_percent);
        ward_fmt_bytes_binary(a, sizeof(a), (double)c->mem_used);
        ward_fmt_bytes_binary(b, sizeof(b), (double)c->mem_limit);
        snprintf(r[3], CELL, "%s / %s", a, b);
        snprintf(r[4], CELL, "%.2f%%", c->mem_percent);
        ward_fmt_bytes_decimal(a, sizeof(a), (double)c->net_rx);
        ward_fmt_bytes_decimal(b, sizeof(b), (double)c->net_tx);
        snprintf(r[5], CELL, "%s / %s", a, b);
        ward_fmt_bytes_decimal(a, sizeof(a), (double)c->cur.blk_read);
        ward_fmt_bytes_decimal(b, sizeof(b), (double)c->cur.blk_write);
        snprintf(r[6], CELL, "%s / %s", a, b);
        snprintf(r[7], CELL, "%" PRIu64, c->cur.pids);
    }
    size_t w[NCOL] = {0};
    for (size_t i = 0; i < rows; i++)
        for (int k = 0; k < NCOL; k++)
            w[k] = WARD_MAX(w[k], strlen(cell[i][k]));
    for (size_t i = 0; i < rows; i++) {
        for (int k = 0; k < NCOL; k++) {
            if (k == NCOL - 1)
                ward_buf_addf(out, "%s\n", cell[i][k]);
            else
                ward_buf_addf(out, "%-*s   ", (int)w[k], cell[i][k]);
        }
    }
    free(cell);
    return ward_buf_check(out);
}
