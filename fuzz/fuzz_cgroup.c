/* fuzz_cgroup.c - every cgroup v1/v2 and /proc text parser of ward stats, and
 * the Engine's container-changes reply of ward diff, on the same arbitrary
 * bytes (all of them read files a container can influence). */
#include "runtime/runtime.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *p = (const char *)data;
    struct ward_error *err = NULL;
    uint64_t a, b;
    int64_t q;
    unsigned n;
    bool unl;
    char *path = NULL;

    (void)ward_cg_kv(p, size, "total_inactive_file", &a);
    (void)ward_cg_limit(p, size, &a, &unl);
    (void)ward_cg_blkio_v1(p, size, &a, &b);
    (void)ward_cg_iostat_v2(p, size, &a, &b);
    (void)ward_cg_cpumax_v2(p, size, &q, &a);
    (void)ward_proc_meminfo_total(p, size, &a);
    (void)ward_proc_netdev(p, size, &a, &b, &err);
    ward_error_free(err);
    err = NULL;
    (void)ward_proc_stat_cpu(p, size, &a, &n, &err);
    ward_error_free(err);
    err = NULL;
    if (ward_proc_cgroup_path(p, size, "memory", &path, &err) == 0)
        free(path);
    ward_error_free(err);
    err = NULL;

    struct ward_cg_mounts m;
    if (ward_mountinfo_cgroups(&m, p, size, &err) == 0) {
        struct ward_cg_dirs d;
        struct ward_error *e2 = NULL;
        /* the same bytes as /proc/<pid>/cgroup against the mounts they made */
        if (ward_cg_resolve(&d, &m, p, size, &e2) == 0)
            ward_cg_dirs_dispose(&d);
        ward_error_free(e2);
    }
    ward_cg_mounts_dispose(&m);
    ward_error_free(err);
    err = NULL;

    json_t *j = NULL;
    if (ward_json_parse(&j, p, size, 1u << 20, &err) == 0) {
        struct ward_changes ch;
        struct ward_buf out = WARD_BUF_INIT(1u << 24);
        struct ward_error *e2 = NULL;
        if (ward_diff_engine_json(&ch, j, &e2) == 0) {
            (void)ward_diff_text(&ch, &out);
            ward_buf_reset(&out);
            (void)ward_diff_json(&ch, "id", "name", &out, false);
            ward_changes_dispose(&ch);
        }
        ward_error_free(e2);
        ward_buf_dispose(&out);
        json_decref(j);
    }
    ward_error_free(err);
    return 0;
}
