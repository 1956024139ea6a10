/* test_baseline.c - ward watch baselines: sorted sets, write-path
 * generalisation, stable JSON round trip, merge, diff, storage in a
 * directory, and the Docker seccomp profile export. */
#include "harness.h"
#include "util/json_in.h"
#include "watch/baseline.h"

#include <stdio.h>
#include <sys/syscall.h>

static char *json_of(const struct ward_baseline *bl)
{
    struct ward_buf b = WARD_BUF_INIT(1u << 20);
    ward_baseline_json(&b, bl);
    return ward_buf_steal(&b);
}

TEST(watch_baseline, sets_sorted_unique)
{
    ward_autoptr(ward_baseline) bl = NULL;
    ward_baseline_new(&bl, "alpine:3.10", "sha256:abc");
    CHECK_EQ_INT(ward_baseline_add(bl, WARD_BL_OUTBOUND, "tcp/443"), 1);
    CHECK_EQ_INT(ward_baseline_add(bl, WARD_BL_OUTBOUND, "tcp/80"), 1);
    CHECK_EQ_INT(ward_baseline_add(bl, WARD_BL_OUTBOUND, "tcp/443"), 0);
    CHECK_EQ_INT(ward_baseline_add(bl, WARD_BL_OUTBOUND, "udp/53"), 1);
    CHECK_EQ_SIZE(bl->sets[WARD_BL_OUTBOUND].n, 3);
    CHECK_STR(bl->sets[WARD_BL_OUTBOUND].v[0], "tcp/443");
    CHECK_STR(bl->sets[WARD_BL_OUTBOUND].v[1], "tcp/80");
    CHECK_STR(bl->sets[WARD_BL_OUTBOUND].v[2], "udp/53");
    CHECK_EQ_INT(ward_baseline_add_proc(bl, "/bin/busybox", "sleep"), 1);
    CHECK_EQ_INT(ward_baseline_add_proc(bl, "/bin/busybox", "sleep"), 0);
    CHECK(ward_baseline_has_proc(bl, "/bin/busybox", "sleep"));
    CHECK(!ward_baseline_has_proc(bl, "/bin/busybox", "wget"));
    CHECK(!ward_baseline_has_proc(bl, "/tmp/busybox", "sleep"));
    /* a name holding the separator cannot forge another exe/name pair */
    char forged[] = "x\x1fy";
    CHECK_EQ_INT(ward_baseline_add_proc(bl, forged, "z"), 1);
    CHECK(!ward_baseline_has_proc(bl, "x", "y\x1fz"));
}

TEST(watch_baseline, set_cap_is_reported)
{
    ward_autoptr(ward_baseline) bl = NULL;
    ward_baseline_new(&bl, "img", NULL);
    char item[32];
    for (unsigned i = 0; i < WARD_BL_NET_MAX; i++) {
        snprintf(item, sizeof(item), "tcp/%u", i);
        CHECK_EQ_INT(ward_baseline_add(bl, WARD_BL_OUTBOUND, item), 1);
    }
    CHECK(!bl->truncated);
    CHECK_EQ_INT(ward_baseline_add(bl, WARD_BL_OUTBOUND, "tcp/99999"), WARD_ELIMIT);
    CHECK(bl->truncated);
    CHECK_EQ_SIZE(bl->sets[WARD_BL_OUTBOUND].n, WARD_BL_NET_MAX);
}

TEST(watch_baseline, write_paths_generalised)
{
    ward_autoptr(ward_baseline) bl = NULL;
    ward_baseline_new(&bl, "img", NULL);
    char *k = ward_baseline_write_key("/tmp/xyz/abc");
    CHECK_STR(k, "/tmp/*");
    free(k);
    k = ward_baseline_write_key("/etc/app/session-20240101123456.lock");
    CHECK_STR(k, "/etc/app/*");
    free(k);
    k = ward_baseline_write_key("/etc/passwd");
    CHECK_STR(k, "/etc/passwd");
    free(k);
    k = ward_baseline_write_key("/tmpfoo/x"); /* not below /tmp */
    CHECK_STR(k, "/tmpfoo/x");
    free(k);

    CHECK_EQ_INT(ward_baseline_add_write(bl, "/tmp/a1"), 1);
    CHECK_EQ_INT(ward_baseline_add_write(bl, "/tmp/b2"), 0); /* covered by /tmp/ + * */
    CHECK(ward_baseline_has_write(bl, "/tmp/deep/er/file"));
    CHECK(!ward_baseline_has_write(bl, "/tmpx"));
    /* more than WARD_BL_DIR_FILES files in one dir collapse into the dir */
    char p[64];
    for (unsigned i = 0; i < WARD_BL_DIR_FILES; i++) {
        snprintf(p, sizeof(p), "/srv/data/f%c", 'a' + i);
        CHECK_EQ_INT(ward_baseline_add_write(bl, p), 1);
    }
    CHECK_EQ_SIZE(bl->sets[WARD_BL_WRITES].n, 1 + WARD_BL_DIR_FILES);
    CHECK_EQ_INT(ward_baseline_add_write(bl, "/srv/data/another"), 1);
    CHECK_EQ_SIZE(bl->sets[WARD_BL_WRITES].n, 2);
    CHECK_STR(bl->sets[WARD_BL_WRITES].v[0], "/srv/data/*");
    CHECK(ward_baseline_has_write(bl, "/srv/data/new-one"));
    CHECK(!ward_baseline_has_write(bl, "/srv/other"));
}

TEST(watch_baseline, json_round_trip_is_stable)
{
    ward_autoptr(ward_baseline) a = NULL;
    ward_autoptr(ward_baseline) b = NULL;
    ward_baseline_new(&a, "alpine:3.10", "sha256:0123");
    ward_baseline_new(&b, "alpine:3.10", "sha256:0123");
    /* the same items in another order give the same bytes */
    const char *procs[][2] = {{"/bin/busybox", "sleep"}, {"/bin/busybox", "cat"}, {"/usr/bin/x", "x"}};
    for (size_t i = 0; i < 3; i++) {
        ward_baseline_add_proc(a, procs[i][0], procs[i][1]);
        ward_baseline_add_proc(b, procs[2 - i][0], procs[2 - i][1]);
    }
    ward_baseline_add(a, WARD_BL_SYSCALLS, "read");
    ward_baseline_add(a, WARD_BL_SYSCALLS, "execve");
    ward_baseline_add(b, WARD_BL_SYSCALLS, "execve");
    ward_baseline_add(b, WARD_BL_SYSCALLS, "read");
    a->syscalls_recorded = b->syscalls_recorded = true;
    ward_autofree char *ja = json_of(a);
    ward_autofree char *jb = json_of(b);
    CHECK_STR(ja, jb);
    CHECK(strstr(ja, "\"exe\": \"/bin/busybox\""));
    ward_autoptr(ward_baseline) c = NULL;
    struct ward_error *err = NULL;
    CHECK_OK(ward_baseline_parse(&c, ja, strlen(ja), &err), err);
    ward_autofree char *jc = json_of(c);
    CHECK_STR(jc, ja);
    CHECK(ward_baseline_has_proc(c, "/bin/busybox", "cat"));
    CHECK(c->syscalls_recorded);
}

TEST(watch_baseline, parse_rejects_bad_shapes)
{
    static const char *const bad[] = {
        "[]",
        "{\"image\": 5}",
        "{\"schema_version\": 2, \"image\": \"a\"}",
        "{\"image\": \"a\", \"processes\": {}}",
        "{\"image\": \"a\", \"processes\": [\"x\"]}",
        "{\"image\": \"a\", \"file_writes\": [1]}",
        "{\"image\": \"a\", \"network\": []}",
        "{\"image\": \"a\", \"syscalls_recorded\": \"yes\"}",
    };
    for (size_t i = 0; i < WARD_ARRAY_LEN(bad); i++) {
        struct ward_baseline *bl = NULL;
        struct ward_error *err = NULL;
        int rc = ward_baseline_parse(&bl, bad[i], strlen(bad[i]), &err);
        CHECK_MSG(rc == WARD_EFORMAT, "case %zu: rc %d", i, rc);
        ward_error_free(err);
    }
    /* an unknown syscall name (another arch) is skipped, not an error */
    const char ok[] = "{\"image\": \"a\", \"syscalls\": [\"read\", \"no_such_call\"]}";
    ward_autoptr(ward_baseline) bl = NULL;
    struct ward_error *err = NULL;
    CHECK_OK(ward_baseline_parse(&bl, ok, sizeof(ok) - 1, &err), err);
    CHECK_EQ_SIZE(bl->sets[WARD_BL_SYSCALLS].n, 1);
}

TEST(watch_baseline, merge_and_diff)
{
    ward_autoptr(ward_baseline) a = NULL;
    ward_autoptr(ward_baseline) b = NULL;
    ward_baseline_new(&a, "app:1", NULL);
    ward_baseline_new(&b, "app:2", "sha256:ff");
    ward_baseline_add_proc(a, "/bin/sh", "sh");
    ward_baseline_add_proc(a, "/usr/bin/curl", "curl");
    ward_baseline_add_proc(b, "/bin/sh", "sh");
    ward_baseline_add_proc(b, "/usr/bin/wget", "wget");
    ward_baseline_add(b, WARD_BL_OUTBOUND, "tcp/443");
    ward_baseline_add_write(a, "/etc/app.conf");
    struct ward_buf d = WARD_BUF_INIT(1u << 16);
    CHECK_EQ_SIZE(ward_baseline_diff(&d, a, b), 4);
    CHECK_STR(d.ptr, "- process /usr/bin/curl (curl)\n"
                     "+ process /usr/bin/wget (wget)\n"
                     "- write /etc/app.conf\n"
                     "+ outbound tcp/443\n");
    ward_buf_reset(&d);
    CHECK_EQ_SIZE(ward_baseline_diff(&d, a, a), 0);
    ward_baseline_merge(a, b);
    CHECK_STR(a->image_id, "sha256:ff");
    CHECK_EQ_SIZE(a->sets[WARD_BL_PROCS].n, 3);
    ward_buf_reset(&d);
    /* after the merge, b has nothing a lacks */
    ward_baseline_diff(&d, a, b);
    CHECK(d.ptr == NULL || !strchr(d.ptr, '+'));
    ward_buf_dispose(&d);
}

TEST(watch_baseline, storage_save_load_find)
{
    char dir[] = "/tmp/ward-test-baseline.XXXXXX";
    CHECK(mkdtemp(dir));
    struct ward_error *err = NULL;
    ward_autoptr(ward_baseline) a = NULL;
    ward_autoptr(ward_baseline) b = NULL;
    ward_baseline_new(&a, "registry.local/team/app:1.0",
                      "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
    ward_baseline_new(&b, "alpine:latest", NULL);
    ward_baseline_add_proc(a, "/app", "app");
    CHECK_OK(ward_baseline_save(dir, a, &err), err);
    CHECK_OK(ward_baseline_save(dir, b, &err), err);
    ward_autofree char *fname = ward_baseline_file_name(a->image);
    CHECK(strncmp(fname, "registry.local_team_app_1.0-", 28) == 0);
    CHECK(!strchr(fname, '/'));
    ward_autofree char *fname2 = ward_baseline_file_name(a->image);
    CHECK_STR(fname, fname2);

    struct ward_baseline **v = NULL;
    size_t n = 0;
    CHECK_OK(ward_baseline_load_dir(dir, &v, &n, &err), err);
    CHECK_EQ_SIZE(n, 2);
    CHECK_STR(v[0]->image, "alpine:latest"); /* sorted by image */
    ward_baseline_list_free(v, n);

    const char *ways[] = {"registry.local/team/app:1.0", "0123456789ab",
                          "sha256:0123456789abcdef"};
    for (size_t i = 0; i < 3; i++) {
        ward_autoptr(ward_baseline) f = NULL;
        CHECK_OK(ward_baseline_find(&f, dir, ways[i], &err), err);
        CHECK_STR(f->image, a->image);
        CHECK(ward_baseline_has_proc(f, "/app", "app"));
    }
    ward_autoptr(ward_baseline) f = NULL;
    CHECK_OK(ward_baseline_find(&f, dir, "alpine", &err), err); /* :latest implied */
    CHECK_STR(f->image, "alpine:latest");
    struct ward_baseline *none = NULL;
    CHECK_EQ_INT(ward_baseline_find(&none, dir, "0123", &err), WARD_ENOTFOUND); /* id too short */
    ward_error_free(err);
    err = NULL;
    ward_autofree char *path = ward_xasprintf("%s/%s", dir, fname);
    ward_autoptr(ward_baseline) g = NULL;
    CHECK_OK(ward_baseline_find(&g, "/nonexistent", path, &err), err);
    CHECK_STR(g->image, a->image);
    /* a broken file is skipped, not fatal */
    ward_autofree char *junk = ward_xasprintf("%s/junk.json", dir);
    FILE *fp = fopen(junk, "w");
    CHECK(fp);
    fputs("{not json", fp);
    fclose(fp);
    CHECK_OK(ward_baseline_load_dir(dir, &v, &n, &err), err);
    CHECK_EQ_SIZE(n, 2);
    ward_baseline_list_free(v, n);
    ward_autofree char *p1 = ward_xasprintf("%s/%s", dir, fname);
    ward_autofree char *fb = ward_baseline_file_name(b->image);
    ward_autofree char *p2 = ward_xasprintf("%s/%s", dir, fb);
    unlink(p1);
    unlink(p2);
    unlink(junk);
    rmdir(dir);
}

TEST(watch_baseline, syscall_table_matches_libc)
{
    CHECK_EQ_INT(ward_syscall_number("read"), SYS_read);
    CHECK_EQ_INT(ward_syscall_number("execve"), SYS_execve);
    CHECK_EQ_INT(ward_syscall_number("mkdirat"), SYS_mkdirat);
    CHECK_STR(ward_syscall_name(SYS_mkdir), "mkdir");
    CHECK_STR(ward_syscall_name(SYS_openat), "openat");
    CHECK(ward_syscall_name(100000) == NULL);
    CHECK_EQ_INT(ward_syscall_number("no_such_call"), -1);
    for (size_t i = 0; i < ward_seccomp_runtime_len; i++)
        CHECK_MSG(ward_syscall_number(ward_seccomp_runtime[i]) >= 0, "runtime set: %s unknown",
                  ward_seccomp_runtime[i]);
}

TEST(watch_baseline, seccomp_profile_shape)
{
    ward_autoptr(ward_baseline) bl = NULL;
    ward_baseline_new(&bl, "app:1", NULL);
    struct ward_buf b = WARD_BUF_INIT(1u << 20);
    struct ward_error *err = NULL;
    CHECK_EQ_INT(ward_baseline_seccomp(&b, bl, &err), WARD_EUNSUPPORTED);
    CHECK(strstr(err->msg, "eBPF"));
    ward_error_free(err);
    err = NULL;
    ward_baseline_add(bl, WARD_BL_SYSCALLS, "mkdirat");
    ward_baseline_add(bl, WARD_BL_SYSCALLS, "read"); /* also in the runtime set */
    bl->syscalls_recorded = true;
    CHECK_OK(ward_baseline_seccomp(&b, bl, &err), err);
    ward_autojson root = NULL;
    CHECK_OK(ward_json_parse(&root, b.ptr, b.len, 0, &err), err);
    CHECK_STR(ward_jstr(root, "defaultAction"), "SCMP_ACT_ERRNO");
    CHECK_EQ_INT(ward_jint(root, "defaultErrnoRet", 0), 1);
    CHECK(!json_object_get(root, "architectures")); /* Docker refuses both with archMap */
    json_t *am = ward_jarr(root, "archMap");
    CHECK(am && json_array_size(am) == 1);
    CHECK_STR(ward_jstr(json_array_get(am, 0), "architecture"), "SCMP_ARCH_X86_64");
    json_t *sc = ward_jarr(root, "syscalls");
    CHECK(sc && json_array_size(sc) == 1);
    CHECK_STR(ward_jstr(json_array_get(sc, 0), "action"), "SCMP_ACT_ALLOW");
    json_t *names = ward_jarr(json_array_get(sc, 0), "names");
    CHECK(names);
    /* sorted, unique, every name known, learned + runtime set exactly */
    CHECK_EQ_SIZE(json_array_size(names), ward_seccomp_runtime_len + 1);
    bool have_mkdirat = false;
    for (size_t i = 0; i < json_array_size(names); i++) {
        const char *s = json_string_value(json_array_get(names, i));
        CHECK(s && ward_syscall_number(s) >= 0);
        if (i)
            CHECK_MSG(strcmp(json_string_value(json_array_get(names, i - 1)), s) < 0,
                      "not sorted at %s", s);
        have_mkdirat |= strcmp(s, "mkdirat") == 0;
        CHECK(strcmp(s, "mkdir") != 0);
    }
    CHECK(have_mkdirat);
    ward_buf_dispose(&b);
}
