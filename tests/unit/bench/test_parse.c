/* test_parse.c - the parsers behind `ward bench`: the dockerd command line (/proc/PID/cmdline),
 * audit rule files and daemon.json, including the malformed inputs a hostile host may hold,
 * and the --check/--section/--exclude ID matching. */
#include "bench/bench.h"
#include "harness.h"
#include "util/limits.h"

#include <stdlib.h>

TEST(bench_parse, cmdline_long_short_bool_and_equals)
{
    /* as /proc/PID/cmdline holds it: NUL-separated, final NUL */
    static const char in[] =
        "/usr/sbin/dockerd\0-H\0fd://\0--containerd=/run/containerd/"
        "containerd.sock\0--icc=false\0--live-restore\0-D\0--log-level\0warn\0"
        "-Hunix:///tmp/d.sock\0--graph\0/srv/docker\0-x\0--userland-proxy=false";
    struct ward_bench_args a;
    struct ward_error *err = NULL;
    CHECK_OK(ward_bench_parse_cmdline(&a, in, sizeof(in) - 1, &err), err);
    CHECK_STR(a.argv0, "/usr/sbin/dockerd");
    CHECK_STR(ward_bench_args_get(&a, "containerd"), "/run/containerd/containerd.sock");
    CHECK_STR(ward_bench_args_get(&a, "icc"), "false");
    CHECK_STR(ward_bench_args_get(&a, "live-restore"), "true");
    CHECK_STR(ward_bench_args_get(&a, "debug"), "true");
    CHECK_STR(ward_bench_args_get(&a, "log-level"), "warn");
    /* repeated -H: the last wins for _get, both are kept */
    CHECK_STR(ward_bench_args_get(&a, "host"), "unix:///tmp/d.sock");
    size_t nhost = 0;
    for (size_t i = 0; i < a.n; i++)
        nhost += strcmp(a.key[i], "host") == 0;
    CHECK_EQ_SIZE(nhost, 2);
    /* the old name of data-root is normalised */
    CHECK_STR(ward_bench_args_get(&a, "data-root"), "/srv/docker");
    CHECK_STR(ward_bench_args_get(&a, "userland-proxy"), "false");
    CHECK(ward_bench_args_get(&a, "graph") == NULL);
    CHECK(ward_bench_args_get(&a, "tlsverify") == NULL);
    ward_bench_args_dispose(&a);
}

TEST(bench_parse, cmdline_trailing_flag_and_empty)
{
    struct ward_bench_args a;
    struct ward_error *err = NULL;
    static const char in[] = "dockerd\0--data-root";
    CHECK_OK(ward_bench_parse_cmdline(&a, in, sizeof(in) - 1, &err), err);
    CHECK_STR(ward_bench_args_get(&a, "data-root"), "");
    ward_bench_args_dispose(&a);
    CHECK(ward_bench_parse_cmdline(&a, "", 0, &err) < 0);
    CHECK(err != NULL);
    ward_error_free(err);
}

TEST(bench_parse, cmdline_limit)
{
    /* more arguments than the parser keeps: an error, not a silent cut */
    size_t n = 10000;
    char *p = malloc(n * 3);
    CHECK(p);
    for (size_t i = 0; i < n; i++) {
        p[3 * i] = '-';
        p[3 * i + 1] = 'D';
        p[3 * i + 2] = '\0';
    }
    struct ward_bench_args a;
    struct ward_error *err = NULL;
    int rc = ward_bench_parse_cmdline(&a, p, n * 3, &err);
    free(p);
    CHECK(rc < 0);
    ward_error_free(err);
}

TEST(bench_parse, audit_rules_watch_forms)
{
    static const char in[] = "# ward test rules\n"
                             "-D\n"
                             "-b 8192\n"
                             "-w /usr/bin/dockerd -k docker\n"
                             "-w /var/lib/docker/ -p wa -k docker\n"
                             "-a always,exit -F path=/etc/docker/daemon.json -F perm=wa -k docker\n"
                             "-a exit,always -F dir=/etc/containerd -k ctd\n"
                             "  -w   \"/run/containerd\"   -k docker  \r\n"
                             "-W /etc/default/docker -k docker\n"
                             "-w relative/path -k x\n";
    struct ward_bench_audit a = {0};
    struct ward_error *err = NULL;
    CHECK_OK(ward_bench_parse_audit_rules(&a, in, sizeof(in) - 1, &err), err);
    CHECK_EQ_SIZE(a.n, 5);
    CHECK(ward_bench_audit_watches(&a, "/usr/bin/dockerd"));
    CHECK(ward_bench_audit_watches(&a, "/var/lib/docker"));
    CHECK(ward_bench_audit_watches(&a, "/var/lib/docker/volumes/x"));
    CHECK(!ward_bench_audit_watches(&a, "/var/lib/dockerfoo"));
    CHECK(ward_bench_audit_watches(&a, "/etc/docker/daemon.json"));
    /* path= watches that file only */
    CHECK(!ward_bench_audit_watches(&a, "/etc/docker"));
    CHECK(ward_bench_audit_watches(&a, "/etc/containerd/config.toml"));
    CHECK(ward_bench_audit_watches(&a, "/run/containerd"));
    /* -W removes a watch: it watches nothing */
    CHECK(!ward_bench_audit_watches(&a, "/etc/default/docker"));
    CHECK(!ward_bench_audit_watches(&a, "/usr/bin/containerd"));
    ward_bench_audit_dispose(&a);
}

TEST(bench_parse, audit_rules_long_line_rejected)
{
    size_t n = WARD_LIMIT_LINE + 16;
    char *p = malloc(n);
    CHECK(p);
    memset(p, 'a', n);
    struct ward_bench_audit a = {0};
    struct ward_error *err = NULL;
    int rc = ward_bench_parse_audit_rules(&a, p, n, &err);
    free(p);
    ward_bench_audit_dispose(&a);
    CHECK(rc < 0);
    ward_error_free(err);
}

TEST(bench_parse, daemon_json_good_and_bad)
{
    static const char good[] = "{\"icc\": false, \"log-level\": \"info\", "
                               "\"insecure-registries\": [\"10.0.0.5:5000\"]}";
    json_t *j = NULL;
    struct ward_error *err = NULL;
    CHECK_OK(ward_bench_parse_daemon_json(&j, good, sizeof(good) - 1, &err), err);
    CHECK(json_is_false(json_object_get(j, "icc")));
    CHECK_EQ_SIZE(json_array_size(json_object_get(j, "insecure-registries")), 1);
    json_decref(j);
    const char *bad[] = {"[1,2]", "{\"icc\": ", "", "\"x\"", "{} trailing"};
    for (size_t i = 0; i < WARD_ARRAY_LEN(bad); i++) {
        j = NULL;
        int rc = ward_bench_parse_daemon_json(&j, bad[i], strlen(bad[i]), &err);
        CHECK_MSG(rc < 0, "accepted %s", bad[i]);
        CHECK(j == NULL);
        CHECK(err && err->msg[0]);
        ward_error_free(err);
        err = NULL;
    }
}

TEST(bench_parse, id_matching)
{
    CHECK(ward_bench_id_matches("5.4,5.10", "5.4"));
    CHECK(ward_bench_id_matches("5.4,5.10", "5.10"));
    CHECK(!ward_bench_id_matches("5.4,5.10", "5.1"));
    CHECK(!ward_bench_id_matches("5.1", "5.10"));
    CHECK(ward_bench_id_matches("5", "5.10"));
    CHECK(ward_bench_id_matches("1.1", "1.1.18"));
    CHECK(!ward_bench_id_matches("1.1", "1.2.1"));
    CHECK(ward_bench_id_matches("c", "C.5.3.1"));
    CHECK(!ward_bench_id_matches("", "5.4"));
    CHECK(!ward_bench_id_matches(NULL, "5.4"));
}
