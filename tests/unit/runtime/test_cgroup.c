/* test_cgroup.c - cgroup v1/v2 and /proc parsers, one sample from the recorded
 * fixture trees in tests/data/runtime, and docker stats' arithmetic. */
#include "harness.h"
#include "runtime/runtime.h"
#include "util/file.h"

#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static char *fixture(const char *rel)
{
    return ward_xasprintf("%s/tests/data/runtime/%s", harness_srcdir(), rel);
}

/* Load mountinfo from the fixture and point the mounts into the fixture tree. */
static int load_mounts(struct ward_cg_mounts *m, const char *tree, struct ward_error **err)
{
    ward_autofree char *mi = ward_xasprintf("%s/proc/self/mountinfo", tree);
    struct ward_buf b = WARD_BUF_INIT(0);
    int rc = ward_file_read(&b, AT_FDCWD, mi, 0, err);
    if (rc == 0)
        rc = ward_mountinfo_cgroups(m, b.ptr, b.len, err);
    ward_buf_dispose(&b);
    if (rc < 0)
        return rc;
    for (int c = 0; c < WARD_CG_NCTL; c++) {
        if (!m->v1[c])
            continue;
        char *p = ward_xasprintf("%s%s", tree, m->v1[c]);
        free(m->v1[c]);
        m->v1[c] = p;
    }
    if (m->unified) {
        char *p = ward_xasprintf("%s%s", tree, m->unified);
        free(m->unified);
        m->unified = p;
    }
    return 0;
}

static int resolve(struct ward_cg_dirs *d, const struct ward_cg_mounts *m, const char *tree,
                   struct ward_error **err)
{
    ward_autofree char *p = ward_xasprintf("%s/proc/4242/cgroup", tree);
    struct ward_buf b = WARD_BUF_INIT(0);
    int rc = ward_file_read(&b, AT_FDCWD, p, 0, err);
    if (rc == 0)
        rc = ward_cg_resolve(d, m, b.ptr, b.len, err);
    ward_buf_dispose(&b);
    return rc;
}

TEST(runtime_cgroup, v1_recorded_container)
{
    ward_autofree char *tree = fixture("cgroup1");
    struct ward_cg_mounts m;
    struct ward_cg_dirs d;
    struct ward_cg_sample s;
    struct ward_error *err = NULL;
    CHECK_OK(load_mounts(&m, tree, &err), err);
    CHECK_EQ_INT(m.version, 1);
    CHECK(m.unified != NULL); /* hybrid: cgroup2 at /sys/fs/cgroup/unified, unused */
    CHECK_OK(resolve(&d, &m, tree, &err), err);
    CHECK(d.path != NULL);
    CHECK_STR(d.path, "/docker/ac08280ecccdcd72a6a573a30739914a8964b87b716bc3c4f31f4e423dd09080");
    CHECK_OK(ward_cg_sample_read(&s, &d, &err), err);
    CHECK_EQ_INT(s.cpu_ns, 182893561);
    CHECK_EQ_INT(s.mem_usage, 22196224);
    CHECK_EQ_INT(s.mem_inactive_file, 20971520);
    CHECK_EQ_INT(s.mem_limit, 67108864);
    CHECK_EQ_INT(s.cpu_quota_us, -1);
    CHECK_EQ_INT(s.pids, 1);
    CHECK_EQ_INT(s.pids_limit, 20);
    CHECK_EQ_INT(s.blk_read, 0);

    struct ward_host_sample h;
    ward_autofree char *proc = ward_xasprintf("%s/proc", tree);
    CHECK_OK(ward_host_sample_read(&h, proc, &err), err);
    CHECK_EQ_INT(h.ncpu, 2);
    CHECK_EQ_INT(h.mem_total, 24683620ull * 1024);

    /* what docker stats printed for this container at recording time */
    struct ward_ctr_stat c = {0};
    c.cur = s;
    c.host_cur = h;
    c.have_cur = true;
    ward_stats_derive(&c, 100);
    CHECK_EQ_INT(c.mem_used, 1224704);
    char a[32], b[32], pct[16];
    ward_fmt_bytes_binary(a, sizeof(a), (double)c.mem_used);
    ward_fmt_bytes_binary(b, sizeof(b), (double)c.mem_limit);
    snprintf(pct, sizeof(pct), "%.2f%%", c.mem_percent);
    CHECK_STR(a, "1.168MiB");
    CHECK_STR(b, "64MiB");
    CHECK_STR(pct, "1.82%");
    CHECK_EQ_INT(c.flags, WARD_STAT_NO_CPU_LIMIT);
    ward_cg_dirs_dispose(&d);
    ward_cg_mounts_dispose(&m);
}

TEST(runtime_cgroup, v2_fixture_container)
{
    ward_autofree char *tree = fixture("cgroup2");
    struct ward_cg_mounts m;
    struct ward_cg_dirs d;
    struct ward_cg_sample s;
    struct ward_error *err = NULL;
    CHECK_OK(load_mounts(&m, tree, &err), err);
    CHECK_EQ_INT(m.version, 2);
    CHECK_OK(resolve(&d, &m, tree, &err), err);
    CHECK_EQ_INT(d.version, 2);
    CHECK(d.unified && strstr(d.unified, "/system.slice/docker-6f1c2a9e") != NULL);
    CHECK_OK(ward_cg_sample_read(&s, &d, &err), err);
    CHECK_EQ_INT(s.cpu_ns, 8123456000ull);
    CHECK_EQ_INT(s.mem_usage, 52248576);
    CHECK_EQ_INT(s.mem_inactive_file, 26214400);
    CHECK_EQ_INT(s.mem_rss, 14680064);
    CHECK_EQ_INT(s.mem_cache, 35651584);
    CHECK_EQ_INT(s.mem_limit, 268435456);
    CHECK_EQ_INT(s.cpu_quota_us, 150000);
    CHECK_EQ_INT(s.cpu_period_us, 100000);
    CHECK_EQ_INT(s.blk_read, 22372352 + 4096);
    CHECK_EQ_INT(s.blk_write, 1245184 + 65536);
    CHECK_EQ_INT(s.pids, 7);
    CHECK_EQ_INT(s.pids_limit, 200);

    struct ward_host_sample h;
    ward_autofree char *proc = ward_xasprintf("%s/proc", tree);
    CHECK_OK(ward_host_sample_read(&h, proc, &err), err);
    CHECK_EQ_INT(h.ncpu, 2);
    CHECK_EQ_INT(h.mem_total, 8152804ull * 1024);
    long hz = sysconf(_SC_CLK_TCK);
    CHECK_EQ_INT(h.cpu_ns, (2255ull + 34 + 2290 + 22625563 + 6290 + 127 + 456) *
                               (1000000000ull / (uint64_t)hz));

    struct ward_ctr_stat c = {0};
    c.cur = s;
    c.host_cur = h;
    c.have_cur = true;
    ward_stats_derive(&c, 100);
    CHECK_EQ_INT(c.mem_used, 52248576 - 26214400);
    CHECK_EQ_INT(c.mem_limit, 268435456);
    CHECK(c.mem_percent > 9.698 && c.mem_percent < 9.699);
    CHECK(c.cpus_limit > 1.499 && c.cpus_limit < 1.501);
    CHECK_EQ_INT(c.flags, 0);
    ward_cg_dirs_dispose(&d);
    ward_cg_mounts_dispose(&m);
}

TEST(runtime_cgroup, netdev_skips_loopback)
{
    ward_autofree char *p = fixture("cgroup2/proc/4242/net/dev");
    size_t n;
    ward_autofree char *data = harness_slurp(p, &n);
    uint64_t rx, tx;
    struct ward_error *err = NULL;
    CHECK_OK(ward_proc_netdev(data, n, &rx, &tx, &err), err);
    CHECK_EQ_INT(rx, 1534082);
    CHECK_EQ_INT(tx, 98231);
    static const char bad[] = "  eth0: 12 x\n";
    CHECK(ward_proc_netdev(bad, sizeof(bad) - 1, &rx, &tx, &err) == WARD_EFORMAT);
    ward_error_free(err);
}

TEST(runtime_cgroup, blkio_v1_kernel_format)
{
    /* blkio.throttle.io_service_bytes_recursive as the kernel prints it */
    static const char in[] = "8:0 Read 4096000\n8:0 Write 12288\n8:0 Sync 8192\n"
                             "8:0 Async 4108096\n8:0 Discard 0\n8:0 Total 4108288\n"
                             "8:16 Read 4096\n8:16 Write 0\n8:16 Total 4096\nTotal 4112384\n";
    uint64_t r, w;
    CHECK_EQ_INT(ward_cg_blkio_v1(in, sizeof(in) - 1, &r, &w), 0);
    CHECK_EQ_INT(r, 4100096);
    CHECK_EQ_INT(w, 12288);
    static const char bad[] = "8:0 Read many\n";
    CHECK_EQ_INT(ward_cg_blkio_v1(bad, sizeof(bad) - 1, &r, &w), WARD_EFORMAT);
    static const char bad2[] = "8:0 rbytes=1 wbytes\n";
    CHECK_EQ_INT(ward_cg_iostat_v2(bad2, sizeof(bad2) - 1, &r, &w), WARD_EFORMAT);
}

TEST(runtime_cgroup, limits_and_paths)
{
    uint64_t v;
    bool unl;
    CHECK_EQ_INT(ward_cg_limit("max\n", 4, &v, &unl), 0);
    CHECK(unl);
    CHECK_EQ_INT(ward_cg_limit("9223372036854771712\n", 20, &v, &unl), 0);
    CHECK(unl); /* v1 "no limit" */
    CHECK_EQ_INT(ward_cg_limit("67108864\n", 9, &v, &unl), 0);
    CHECK(!unl);
    CHECK_EQ_INT(v, 67108864);
    CHECK_EQ_INT(ward_cg_limit("12k\n", 4, &v, &unl), WARD_EFORMAT);
    int64_t q;
    uint64_t per;
    CHECK_EQ_INT(ward_cg_cpumax_v2("max 100000\n", 11, &q, &per), 0);
    CHECK(q < 0);

    /* a hybrid host: v1 controllers, some co-mounted, plus the unified line */
    static const char cg[] = "12:cpu,cpuacct:/docker/abc\n4:memory:/docker/abc\n"
                             "1:name=systemd:/docker/abc\n0::/docker/abc\n";
    struct ward_error *err = NULL;
    ward_autofree char *p1 = NULL;
    ward_autofree char *p2 = NULL;
    ward_autofree char *p3 = NULL;
    CHECK_OK(ward_proc_cgroup_path(cg, sizeof(cg) - 1, "cpuacct", &p1, &err), err);
    CHECK_STR(p1, "/docker/abc");
    CHECK_OK(ward_proc_cgroup_path(cg, sizeof(cg) - 1, NULL, &p2, &err), err);
    CHECK_STR(p2, "/docker/abc");
    CHECK(ward_proc_cgroup_path(cg, sizeof(cg) - 1, "pids", &p3, &err) == WARD_ENOTFOUND);
    ward_error_free(err);

    static const char mi[] =
        "31 30 0:28 / /sys/fs/cgroup/cpu,cpuacct rw - cgroup cgroup rw,cpu,cpuacct\n"
        "34 30 0:31 / /sys/fs/cgroup/mem\\040ory rw shared:5 - cgroup cgroup rw,memory\n";
    struct ward_cg_mounts m;
    err = NULL;
    CHECK_OK(ward_mountinfo_cgroups(&m, mi, sizeof(mi) - 1, &err), err);
    CHECK_STR(m.v1[WARD_CG_CPU], "/sys/fs/cgroup/cpu,cpuacct");
    CHECK_STR(m.v1[WARD_CG_CPUACCT], "/sys/fs/cgroup/cpu,cpuacct");
    CHECK_STR(m.v1[WARD_CG_MEMORY], "/sys/fs/cgroup/mem ory");
    CHECK(m.v1[WARD_CG_PIDS] == NULL);
    ward_cg_mounts_dispose(&m);
}

TEST(runtime_stats, cpu_percent_and_flags)
{
    struct ward_ctr_stat c = {0};
    c.have_prev = c.have_cur = true;
    c.prev.cpu_ns = 1000000000ull;
    c.cur.cpu_ns = 1500000000ull; /* 0.5 s of CPU ... */
    c.host_prev.cpu_ns = 100000000000ull;
    c.host_cur.cpu_ns = 102000000000ull; /* ... in 1 s on 2 CPUs */
    c.host_cur.ncpu = 2;
    c.host_cur.mem_total = 1000;
    c.cur.mem_usage = 950;
    c.cur.mem_limit = 0; /* unlimited -> host memory */
    c.cur.cpu_quota_us = -1;
    c.cur.pids = 150;
    ward_stats_derive(&c, 100);
    CHECK(c.cpu_percent > 49.999 && c.cpu_percent < 50.001);
    CHECK_EQ_INT(c.mem_limit, 1000);
    CHECK_EQ_INT(c.flags, WARD_STAT_NO_MEM_LIMIT | WARD_STAT_NO_CPU_LIMIT |
                              WARD_STAT_NO_PIDS_LIMIT | WARD_STAT_TOO_MANY_PROCS);
    c.cur.mem_limit = 1000;
    c.cur.pids_limit = 1000;
    c.cur.cpu_quota_us = 50000;
    c.cur.cpu_period_us = 100000;
    ward_stats_derive(&c, 0);
    CHECK_EQ_INT(c.flags, WARD_STAT_NEAR_LIMIT); /* 95% of memory */
    CHECK(c.cpus_limit > 0.49 && c.cpus_limit < 0.51);
    /* a counter that went backwards (restart) gives 0, not garbage */
    c.cur.cpu_ns = 1;
    ward_stats_derive(&c, 0);
    CHECK(c.cpu_percent == 0.0);
}

TEST(runtime_stats, docker_size_units)
{
    char b[32];
    ward_fmt_bytes_decimal(b, sizeof(b), 0);
    CHECK_STR(b, "0B");
    ward_fmt_bytes_decimal(b, sizeof(b), 1534082);
    CHECK_STR(b, "1.53MB");
    ward_fmt_bytes_binary(b, sizeof(b), 24683620.0 * 1024);
    CHECK_STR(b, "23.54GiB"); /* docker stats' limit for this host */
    ward_fmt_bytes_binary(b, sizeof(b), 409600);
    CHECK_STR(b, "400KiB");
}

TEST(runtime_stats, short_window_uses_monotonic_clock)
{
    /* 100 ms on 2 CPUs: /proc/stat moved by 20 ticks (0.2 CPU-s, too coarse),
     * so the monotonic clock x CPUs is the denominator: 50 ms of CPU = 50% */
    struct ward_ctr_stat c = {0};
    c.have_prev = c.have_cur = true;
    c.prev.cpu_ns = 0;
    c.cur.cpu_ns = 50000000ull;
    c.host_prev.cpu_ns = 5000000000ull;
    c.host_cur.cpu_ns = 5000000000ull + 190000000ull; /* a tick short */
    c.host_prev.mono_ns = 1000000000ull;
    c.host_cur.mono_ns = 1100000000ull;
    c.host_cur.ncpu = 2;
    ward_stats_derive(&c, 0);
    CHECK(c.cpu_percent > 49.999 && c.cpu_percent < 50.001);
    /* a long window keeps docker's /proc/stat denominator exactly */
    c.host_cur.cpu_ns = 5000000000ull + 2000000000ull;
    c.host_cur.mono_ns = 2000000000ull; /* (ignored) */
    c.cur.cpu_ns = 500000000ull;
    ward_stats_derive(&c, 0);
    CHECK(c.cpu_percent > 49.999 && c.cpu_percent < 50.001);
}

static int rm_entry(const char *p, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    remove(p);
    return 0;
}

static void put(const char *dir, const char *name, const char *text)
{
    ward_autofree char *p = ward_xasprintf("%s/%s", dir, name);
    FILE *f = fopen(p, "w");
    if (f) {
        fputs(text, f);
        fclose(f);
    }
}

static void mkdirs(const char *root, const char *rel)
{
    ward_autofree char *p = ward_xasprintf("%s/%s", root, rel);
    struct ward_error *err = NULL;
    if (ward_mkdir_p(p, 0755, &err) < 0)
        ward_error_free(err);
}

TEST(runtime_stats, scan_cgroupfs_then_measured_window)
{
    /* a cgroup2 tree with a systemd-driver and a cgroupfs-driver container
     * and entries that are not containers; /proc from the v2 fixture */
    char tmpl[] = "/tmp/ward-test-stats.XXXXXX";
    char *t = mkdtemp(tmpl);
    CHECK(t != NULL);
    if (!t)
        return;
    static const char ida[] = "6f1c2a9e0d4b4c7f8a3e5d2b1c0f9e8d7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d";
    static const char idb[] = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    ward_autofree char *da = ward_xasprintf("cg/system.slice/docker-%s.scope", ida);
    ward_autofree char *db = ward_xasprintf("cg/docker/%s", idb);
    mkdirs(t, da);
    mkdirs(t, db);
    mkdirs(t, "cg/system.slice/cron.service");
    mkdirs(t, "cg/docker/0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde");
    mkdirs(t, "cg/docker/0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF");
    mkdirs(t, "proc/self");
    mkdirs(t, "proc/4242/net");
    ward_autofree char *pa = ward_xasprintf("%s/%s", t, da);
    ward_autofree char *pb = ward_xasprintf("%s/%s", t, db);
    ward_autofree char *proc = ward_xasprintf("%s/proc", t);
    put(pa, "cpu.stat", "usage_usec 1000\nuser_usec 600\n");
    put(pa, "memory.current", "52248576\n");
    put(pa, "memory.stat", "anon 14680064\nfile 35651584\ninactive_file 26214400\n");
    put(pa, "pids.current", "7\n");
    put(pa, "cgroup.procs", "4242\n4300\n");
    put(pb, "cpu.stat", "usage_usec 2000\n");
    put(proc, "self/mountinfo", "40 30 0:37 / /cg rw,relatime - cgroup2 cgroup2 rw\n");
    const char *copies[] = {"stat", "meminfo", "4242/net/dev"};
    for (size_t i = 0; i < WARD_ARRAY_LEN(copies); i++) {
        ward_autofree char *src = fixture("cgroup2/proc");
        ward_autofree char *from = ward_xasprintf("%s/%s", src, copies[i]);
        size_t n;
        ward_autofree char *data = harness_slurp(from, &n);
        put(proc, copies[i], data ? data : "");
    }

    struct ward_error *err = NULL;
    struct ward_stats *s = NULL;
    CHECK_OK(ward_stats_new(&s, proc, &err), err);
    if (!s)
        return;
    CHECK_EQ_INT(s->mounts.version, 2);
    free(s->mounts.unified);
    s->mounts.unified = ward_xasprintf("%s/cg", t);

    CHECK_EQ_INT(ward_stats_scan(s), 2);
    CHECK_EQ_INT(ward_stats_scan(s), 0); /* known ids are not added twice */
    CHECK_EQ_INT(s->n, 2);
    CHECK_OK(ward_stats_sample_cpu(s, false, &err), err);
    struct ward_ctr_stat *a = NULL, *b = NULL;
    for (size_t i = 0; i < s->n; i++) {
        CHECK(s->items[i].scanned);
        if (strcmp(s->items[i].id, ida) == 0)
            a = &s->items[i];
        else if (strcmp(s->items[i].id, idb) == 0)
            b = &s->items[i];
    }
    CHECK(a && b);
    if (!a || !b)
        return;
    ward_autofree char *pth = ward_xasprintf("/system.slice/docker-%s.scope", ida);
    CHECK_STR(a->dirs.path, pth);
    CHECK_STR(a->dirs.unified, pa);
    CHECK_EQ_INT(a->cur.cpu_ns, 1000000);
    CHECK_EQ_INT(b->cur.cpu_ns, 2000000);

    /* 50 ms more CPU, then the end of the window: CPU and gauges read once */
    put(pa, "cpu.stat", "usage_usec 51000\n");
    rmdir(pb); /* not empty: stays */
    ward_autofree char *bstat = ward_xasprintf("%s/cpu.stat", pb);
    unlink(bstat); /* b stopped during the window */
    CHECK_OK(ward_stats_sample_gauges(s, &err), err);
    CHECK_EQ_INT(s->n, 1);
    a = &s->items[0];
    CHECK_STR(a->id, ida);
    CHECK_EQ_INT(a->pid, 4242); /* first process of cgroup.procs */
    CHECK_EQ_INT(a->net_rx, 1534082);
    CHECK_EQ_INT(a->mem_used, 52248576 - 26214400);
    CHECK_EQ_INT(a->cur.pids, 7);
    CHECK_EQ_INT(a->cur.cpu_ns, 51000000);
    CHECK_EQ_INT(a->prev.cpu_ns, 1000000);
    /* CPU % over the measured window between the two reads of the counter */
    uint64_t win = a->host_cur.mono_ns - a->host_prev.mono_ns;
    CHECK(a->host_cur.mono_ns > a->host_prev.mono_ns);
    CHECK_EQ_INT(a->host_cur.ncpu, 2);
    double want = 50e6 / ((double)win * 2) * 2 * 100;
    CHECK_MSG(a->cpu_percent > want * 0.9999 && a->cpu_percent < want * 1.0001,
              "cpu %% %f, want %f over %llu ns", a->cpu_percent, want, (unsigned long long)win);
    ward_stats_free(s);
    nftw(t, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}
