/* test_checks.c - check verdicts from Engine API replies recorded from a real dockerd 20.10
 * (tests/data/bench/engine, see its README): bad and good containers, published ports and a
 * privileged container derived from them; daemon options from a command line and daemon.json;
 * a daemon that is down or remote must leave the affected checks INFO with the reason. */
#include "bench/bench.h"
#include "harness.h"
#include "util/json_in.h"

#include <stdlib.h>

static json_t *load(const char *name)
{
    char path[1024];
    snprintf(path, sizeof(path), "%s/tests/data/bench/engine/%s", harness_srcdir(), name);
    size_t len;
    char *data = harness_slurp(path, &len);
    if (!data)
        return NULL;
    json_t *j = NULL;
    struct ward_error *err = NULL;
    if (ward_json_parse(&j, data, len, 1u << 24, &err) < 0) {
        ward_error_free(err);
        j = NULL;
    }
    free(data);
    return j;
}

static const char *const all_ctrs[] = {"bad1", "good1", "ports1", "priv1", "sshd1"};

/* Facts as the gatherer would leave them for a daemon whose files are not reachable. */
static struct ward_bench_facts *recorded(bool with_containers)
{
    struct ward_bench_facts *f = ward_xcalloc(1, sizeof(*f));
    ward_arena_init(&f->arena);
    f->host = ward_arena_strdup(&f->arena, "unix:///recorded.sock");
    f->host_root = ward_arena_strdup(&f->arena, "/nonexistent-ward-host");
    f->proc_root = ward_arena_strdup(&f->arena, "/proc");
    f->local = false;
    f->remote_why = "recorded replies: the daemon's host files are not reachable";
    f->version = load("version.json");
    f->info = load("info.json");
    size_t n = with_containers ? WARD_ARRAY_LEN(all_ctrs) : 0;
    f->containers = ward_xcalloc(n + 1, sizeof(*f->containers));
    f->sshd_in = ward_arena_alloc(&f->arena, 2 * sizeof(char *));
    f->sshd_in[0] = f->sshd_in[1] = NULL;
    for (size_t i = 0; i < n; i++) {
        char name[64];
        snprintf(name, sizeof(name), "container_%s.json", all_ctrs[i]);
        json_t *c = load(name);
        if (!c)
            continue;
        f->containers[f->ncontainers++] = c;
        /* the /proc scan found the fake sshd (a script named sshd) in this one */
        if (strcmp(all_ctrs[i], "sshd1") == 0)
            f->sshd_in[0] = ward_arena_strdup(&f->arena, ward_jstr(c, "Id"));
    }
    return f;
}

static const struct ward_bench_result *find(const struct ward_bench_report *r, const char *id)
{
    for (size_t i = 0; i < r->n; i++)
        if (strcmp(r->results[i].check->id, id) == 0)
            return &r->results[i];
    return NULL;
}

/* "bad1,sshd1": the items a check named, sorted as the facts are (by name) */
static char *items(const struct ward_bench_result *res)
{
    struct ward_buf b = WARD_BUF_INIT(1u << 16);
    for (size_t i = 0; i < res->nitems; i++)
        ward_buf_addf(&b, "%s%s", i ? "," : "", res->items[i].name);
    char *s = ward_xstrdup(b.ptr ? b.ptr : "");
    ward_buf_dispose(&b);
    return s;
}

#define EXPECT(rep, id, want_, names)                                                              \
    do {                                                                                           \
        const struct ward_bench_result *r_ = find(rep, id);                                        \
        CHECK_MSG(r_, "check %s not in the report", id);                                           \
        CHECK_MSG(r_->verdict == (want_), "%s: verdict %s, want %s (%s)", id,                      \
                  ward_bench_verdict_name(r_->verdict), ward_bench_verdict_name(want_),            \
                  r_->details ? r_->details : "");                                                 \
        ward_autofree char *got_ = items(r_);                                                      \
        CHECK_MSG(strcmp(got_, names) == 0, "%s: named \"%s\", want \"%s\"", id, got_, names);     \
    } while (0)

/* One check's expected verdict and the items it names ("" for none). */
struct expect_row {
    const char *id;
    enum ward_bench_verdict want;
    const char *names;
};

#define EXPECT_ROWS(rep, rows)                                                                     \
    for (size_t i_ = 0; i_ < WARD_ARRAY_LEN(rows); i_++)                                           \
    EXPECT(rep, (rows)[i_].id, (rows)[i_].want, (rows)[i_].names)

TEST(bench_checks, runtime_verdicts_per_container)
{
    ward_autoptr(ward_bench_facts) f = recorded(true);
    CHECK_EQ_SIZE(f->ncontainers, 5);
    struct ward_bench_opts o = {.sections = "4,5"};
    ward_autoptr(ward_bench_report) rep = NULL;
    struct ward_error *err = NULL;
    CHECK_OK(ward_bench_evaluate(&rep, f, &o, &err), err);
    static const char notgood[] = "bad1,ports1,priv1,sshd1"; /* all but good1 */
    static const struct expect_row rows[] = {
        /* only good1 was started with --user 1000:1000 */
        {"4.1", WARD_BENCH_WARN, notgood},
        {"5.4", WARD_BENCH_WARN, "priv1"},
        {"5.5", WARD_BENCH_WARN, "priv1"},
        {"5.6", WARD_BENCH_WARN, "bad1"}, /* -v /etc:/hostetc */
        {"5.7", WARD_BENCH_WARN, "sshd1"},
        {"5.8", WARD_BENCH_WARN, "ports1"}, /* host port 80 */
        {"5.10", WARD_BENCH_WARN, "priv1"},
        {"5.11", WARD_BENCH_WARN, notgood},
        {"5.12", WARD_BENCH_WARN, notgood},
        {"5.13", WARD_BENCH_WARN, notgood},
        /* 0.0.0.0:80 and [::]:80 are on every interface, 127.0.0.1:8443 is not */
        {"5.14", WARD_BENCH_WARN, "ports1"},
        {"5.15", WARD_BENCH_PASS, ""},
        {"5.16", WARD_BENCH_WARN, "priv1"},
        {"5.17", WARD_BENCH_WARN, "priv1"},
        {"5.20", WARD_BENCH_WARN, "priv1"},
        {"5.21", WARD_BENCH_WARN, "priv1"},
        {"5.22", WARD_BENCH_WARN, "priv1"},
        {"5.25", WARD_BENCH_WARN, "priv1"},
        {"5.26", WARD_BENCH_WARN, notgood},
        {"5.27", WARD_BENCH_WARN, notgood},
        {"5.29", WARD_BENCH_WARN, notgood},
        {"5.31", WARD_BENCH_WARN, "priv1"},
        {"5.32", WARD_BENCH_WARN, "priv1"},
        /* the recorded daemon has no swarm, AppArmor or SELinux */
        {"5.1", WARD_BENCH_PASS, ""},
        {"5.2", WARD_BENCH_INFO, ""},
        {"5.3", WARD_BENCH_INFO, ""},
        /* manual checks are NOTE */
        {"5.23", WARD_BENCH_NOTE, ""},
    };
    EXPECT_ROWS(rep, rows);
    /* the score counts only scored checks */
    CHECK_EQ_INT(rep->score, (int)rep->scored_pass - (int)rep->scored_warn);
    CHECK(rep->scored_warn >= 20);
}

TEST(bench_checks, only_good_container_passes)
{
    ward_autoptr(ward_bench_facts) f = recorded(false);
    f->containers[0] = load("container_good1.json");
    CHECK(f->containers[0]);
    f->ncontainers = 1;
    struct ward_bench_opts o = {.checks = "4.1,5.4,5.11,5.12,5.13,5.26,5.27,5.29"};
    ward_autoptr(ward_bench_report) rep = NULL;
    struct ward_error *err = NULL;
    CHECK_OK(ward_bench_evaluate(&rep, f, &o, &err), err);
    CHECK_EQ_SIZE(rep->checks, 8);
    CHECK_EQ_SIZE(rep->pass, 8);
    CHECK_EQ_INT(rep->score, 8);
}

TEST(bench_checks, selection_check_exclude_section)
{
    ward_autoptr(ward_bench_facts) f = recorded(true);
    struct ward_error *err = NULL;
    {
        struct ward_bench_opts o = {.checks = "5.4,5.10"};
        ward_autoptr(ward_bench_report) rep = NULL;
        CHECK_OK(ward_bench_evaluate(&rep, f, &o, &err), err);
        CHECK_EQ_SIZE(rep->checks, 2);
        CHECK(find(rep, "5.4") && find(rep, "5.10") && !find(rep, "5.1"));
        CHECK(find(rep, "5") && find(rep, "5")->check->is_section);
    }
    {
        struct ward_bench_opts o = {.sections = "5", .exclude = "5.1,5.2,5.3"};
        ward_autoptr(ward_bench_report) rep = NULL;
        CHECK_OK(ward_bench_evaluate(&rep, f, &o, &err), err);
        CHECK(!find(rep, "5.1") && !find(rep, "5.3") && find(rep, "5.10") && find(rep, "5.32"));
        CHECK(!find(rep, "4.1") && !find(rep, "2.1"));
        CHECK_EQ_SIZE(rep->checks, 29);
    }
    {
        /* default: sections 1-7, every ID of the reference list, nothing of 8 or C */
        struct ward_bench_opts o = {0};
        ward_autoptr(ward_bench_report) rep = NULL;
        CHECK_OK(ward_bench_evaluate(&rep, f, &o, &err), err);
        CHECK(find(rep, "1.1.1") && find(rep, "7.10") == NULL && find(rep, "7.9"));
        CHECK(!find(rep, "8.1.1") && !find(rep, "C.1"));
        CHECK_EQ_SIZE(rep->checks, rep->pass + rep->warn + rep->info + rep->note);
    }
}

TEST(bench_checks, daemon_down_means_info_with_reason)
{
    ward_autoptr(ward_bench_facts) f = recorded(false);
    json_decref(f->version);
    json_decref(f->info);
    f->version = f->info = NULL;
    f->engine_err = "Docker Engine not reachable: connection refused";
    struct ward_bench_opts o = {.sections = "2,4,5,6,7"};
    ward_autoptr(ward_bench_report) rep = NULL;
    struct ward_error *err = NULL;
    CHECK_OK(ward_bench_evaluate(&rep, f, &o, &err), err);
    const char *ids[] = {"5.4", "5.11", "5.7", "4.1", "2.6", "6.1", "7.1"};
    for (size_t i = 0; i < WARD_ARRAY_LEN(ids); i++) {
        const struct ward_bench_result *r = find(rep, ids[i]);
        CHECK_MSG(r, "%s missing", ids[i]);
        CHECK_MSG(r->verdict == WARD_BENCH_INFO, "%s is %s", ids[i],
                  ward_bench_verdict_name(r->verdict));
        CHECK_MSG(r->details && strstr(r->details, "not reachable"), "%s: %s", ids[i],
                  r->details ? r->details : "(none)");
    }
}

TEST(bench_checks, remote_daemon_file_checks_say_so)
{
    ward_autoptr(ward_bench_facts) f = recorded(true);
    struct ward_bench_opts o = {.sections = "1,3"};
    ward_autoptr(ward_bench_report) rep = NULL;
    struct ward_error *err = NULL;
    CHECK_OK(ward_bench_evaluate(&rep, f, &o, &err), err);
    const char *ids[] = {"1.1.3", "1.1.5", "3.1", "3.5", "3.15", "3.22"};
    for (size_t i = 0; i < WARD_ARRAY_LEN(ids); i++) {
        const struct ward_bench_result *r = find(rep, ids[i]);
        CHECK_MSG(r, "%s missing", ids[i]);
        CHECK_MSG(r->verdict == WARD_BENCH_INFO && r->details &&
                      strstr(r->details, "not reachable"),
                  "%s: %s %s", ids[i], ward_bench_verdict_name(r->verdict),
                  r->details ? r->details : "(none)");
    }
}

/* A local daemon whose command line and daemon.json are known. */
static struct ward_bench_facts *with_config(const char *cmdline, size_t n, const char *djson)
{
    struct ward_bench_facts *f = recorded(false);
    f->local = true;
    f->remote_why = NULL;
    struct ward_error *err = NULL;
    if (ward_bench_parse_cmdline(&f->args, cmdline, n, &err) == 0)
        f->have_args = true;
    ward_error_free(err);
    err = NULL;
    f->config_path = "/etc/docker/daemon.json";
    if (djson && ward_bench_parse_daemon_json(&f->daemon_json, djson, strlen(djson), &err) < 0) {
        f->config_why = "bad daemon.json";
        ward_error_free(err);
    }
    if (!djson)
        f->config_missing = true;
    return f;
}

TEST(bench_checks, daemon_options_from_cmdline_and_json)
{
    static const char cmd[] = "/usr/sbin/dockerd\0-H\0unix:///run/d.sock\0--icc=false\0"
                              "--live-restore\0--no-new-privileges";
    const char *dj = "{\"log-level\": \"debug\", \"insecure-registries\": [\"10.1.2.3:5000\"],"
                     "\"userns-remap\": \"default\", \"cgroup-parent\": \"/mine\"}";
    ward_autoptr(ward_bench_facts) f = with_config(cmd, sizeof(cmd) - 1, dj);
    struct ward_bench_opts o = {.checks = "2.3,2.9,2.10,2.14,2.16"};
    ward_autoptr(ward_bench_report) rep = NULL;
    struct ward_error *err = NULL;
    CHECK_OK(ward_bench_evaluate(&rep, f, &o, &err), err);
    static const struct expect_row rows[] = {
        {"2.3", WARD_BENCH_WARN, ""},
        /* the running daemon's /info wins over a daemon.json it has not (re)loaded */
        {"2.9", WARD_BENCH_WARN, ""},
        {"2.10", WARD_BENCH_WARN, ""},
        {"2.14", WARD_BENCH_PASS, ""},
        /* userland-proxy is on unless turned off */
        {"2.16", WARD_BENCH_WARN, ""},
    };
    EXPECT_ROWS(rep, rows);
    CHECK(strstr(find(rep, "2.3")->details, "debug"));
}

TEST(bench_checks, unreadable_daemon_json_is_info)
{
    static const char cmd[] = "dockerd";
    ward_autoptr(ward_bench_facts) f = with_config(cmd, sizeof(cmd) - 1, "{not json");
    struct ward_bench_opts o = {.checks = "2.9,2.14"};
    ward_autoptr(ward_bench_report) rep = NULL;
    struct ward_error *err = NULL;
    CHECK_OK(ward_bench_evaluate(&rep, f, &o, &err), err);
    const struct ward_bench_result *r = find(rep, "2.14");
    CHECK(r && r->verdict == WARD_BENCH_INFO && strstr(r->details, "bad daemon.json"));
}

TEST(bench_checks, every_reference_check_is_in_the_table)
{
    char path[1024];
    snprintf(path, sizeof(path), "%s/../shared/design/reference/docker_bench_checks.tsv",
             harness_srcdir());
    FILE *fp = fopen(path, "re");
    if (!fp)
        SKIP("reference list not available");
    char line[4096];
    size_t n = 0, missing = 0;
    while (fgets(line, sizeof(line), fp)) {
        char *tab = strchr(line, '\t');
        if (!tab || strncmp(line, "id\t", 3) == 0)
            continue;
        *tab = '\0';
        const char *title = tab + 1;
        char *t2 = strchr(title, '\t');
        if (t2)
            *t2 = '\0';
        if (strncmp(title, "[SECTION] ", 10) == 0)
            title += 10;
        bool found = false;
        for (size_t i = 0; i < ward_bench_nchecks; i++)
            if (strcmp(ward_bench_checks[i].id, line) == 0 &&
                strcmp(ward_bench_checks[i].title, title) == 0)
                found = true;
        if (!found) {
            harness_fail(__FILE__, __LINE__, "reference check %s \"%s\" not in the table", line,
                         title);
            missing++;
        }
        n++;
    }
    fclose(fp);
    CHECK(n > 100);
    CHECK_EQ_SIZE(missing, 0);
    for (size_t i = 0; i < ward_bench_nchecks; i++) {
        const struct ward_bench_check *k = &ward_bench_checks[i];
        if (k->is_section)
            continue;
        CHECK_MSG(k->rationale && *k->rationale && k->remediation && *k->remediation,
                  "%s lacks rationale or remediation", k->id);
    }
}

TEST(bench_checks, userns_from_engine_info)
{
    static const char cmd[] = "dockerd";
    ward_autoptr(ward_bench_facts) f = with_config(cmd, sizeof(cmd) - 1, NULL);
    json_array_append_new(ward_jarr(f->info, "SecurityOptions"), json_string("name=userns"));
    struct ward_bench_opts o = {.checks = "2.9"};
    ward_autoptr(ward_bench_report) rep = NULL;
    struct ward_error *err = NULL;
    CHECK_OK(ward_bench_evaluate(&rep, f, &o, &err), err);
    EXPECT(rep, "2.9", WARD_BENCH_PASS, "");
}
