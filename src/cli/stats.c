/* stats.c - `ward stats [CONTAINER...]`: CPU %, memory, network and block I/O
 * and PIDs of running containers, read from cgroup files and /proc; a live
 * table, one table, JSON, or a Prometheus /metrics endpoint. */
#include "cli/cli.h"
#include "engine/engine.h"
#include "runtime/runtime.h"
#include "util/log.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static void usage(FILE *f)
{
    fputs("usage: ward stats [OPTIONS] [CONTAINER...]\n"
          "\n"
          "Resource use of running containers (all of them when none is named), read\n"
          "from cgroup v1/v2 files and /proc. On a terminal the table refreshes every\n"
          "second like docker stats; otherwise one table is printed.\n"
          "\n"
          "options:\n"
          "      --no-stream        print one table (or JSON document) and exit\n"
          "  -f, --format FMT       table (default) or json\n"
          "      --interval MS      CPU % window of --no-stream and JSON (default 100)\n"
          "      --pids-alert N     flag containers with more than N processes (default 100)\n"
          "      --listen ADDR:PORT serve Prometheus /metrics (cAdvisor names) until killed\n"
          "      --host H           Docker Engine to use (default $DOCKER_HOST)\n"
          "  -h, --help             this help\n",
          f);
}

static void sleep_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
        ;
}

static uint64_t now_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (uint64_t)t.tv_sec * 1000000000ull + (uint64_t)t.tv_nsec;
}

static double ms_since(uint64_t t0)
{
    return (double)(now_ns() - t0) / 1e6;
}

/* The Engine's list, fetched inside the CPU % window. */
struct lister {
    const char *host;
    struct ward_engine *e;
    json_t *list;
    struct ward_error *err;
    int rc;
    double ms;
};

static void lister_main(struct lister *l)
{
    uint64_t t = now_ns();
    l->rc = ward_engine_open(&l->e, l->host, &l->err);
    if (l->rc == 0 && ward_engine_get_json(l->e, "/containers/json", &l->list, &l->err) < 0)
        l->rc = ward_error_wrap(&l->err, "list containers");
    l->ms = ms_since(t);
}

static int render(struct ward_stats *s, bool json, bool clear)
{
    struct ward_buf b = WARD_BUF_INIT(64u << 20);
    if (clear)
        ward_buf_adds(&b, "\033[2J\033[H");
    int rc = json ? ward_stats_json(s, &b, false) : ward_stats_table(s, &b);
    if (rc == 0)
        rc = ward_cli_write_stdout(&b);
    else
        rc = WARD_EXIT_ERROR;
    ward_buf_dispose(&b);
    return rc;
}

int ward_cmd_stats(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"no-stream", no_argument, NULL, 'n'},      {"format", required_argument, NULL, 'f'},
        {"interval", required_argument, NULL, 'i'}, {"pids-alert", required_argument, NULL, 'p'},
        {"listen", required_argument, NULL, 'l'},   {"host", required_argument, NULL, 'H'},
        {"help", no_argument, NULL, 'h'},           {NULL, 0, NULL, 0},
    };
    bool no_stream = false, json = false;
    long interval = 100;
    unsigned long long pids_alert = 100;
    const char *listen = NULL, *host = NULL;
    char *end;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "f:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'n':
            no_stream = true;
            break;
        case 'f':
            if (strcmp(optarg, "json") == 0)
                json = true;
            else if (strcmp(optarg, "table") != 0)
                return ward_cli_usage_error("stats", "unknown format '%s'", optarg);
            break;
        case 'i':
            errno = 0;
            interval = strtol(optarg, &end, 10);
            if (errno || *end || interval < 1 || interval > 600000)
                return ward_cli_usage_error("stats", "bad --interval '%s'", optarg);
            break;
        case 'p':
            errno = 0;
            pids_alert = strtoull(optarg, &end, 10);
            if (errno || *end)
                return ward_cli_usage_error("stats", "bad --pids-alert '%s'", optarg);
            break;
        case 'l':
            listen = optarg;
            break;
        case 'H':
            host = optarg;
            break;
        case 'h':
            usage(stdout);
            return 0;
        default:
            usage(stderr);
            return WARD_EXIT_USAGE;
        }
    }
    char *const *names = argv + optind;
    size_t nnames = (size_t)(argc - optind);
    struct ward_error *err = NULL;
    ward_autoptr(ward_engine) e = NULL;
    ward_autoptr(ward_stats) s = NULL;
    uint64_t t0 = now_ns();
    if (ward_stats_new(&s, NULL, &err) < 0)
        return ward_cli_fail("stats", err);
    s->pids_alert = pids_alert;

    if (listen) {
        if (ward_engine_open(&e, host, &err) < 0)
            return ward_cli_fail("stats", err);
        fprintf(stderr, "ward: stats: serving http://%s/metrics\n", listen);
        if (ward_stats_serve(s, e, names, nnames, listen, &err) < 0)
            return ward_cli_fail("stats", err);
        return 0;
    }
    /* The CPU % window starts before the Engine is asked anything: the
     * containers' cgroups are found on disk and their CPU time read at once;
     * the list call (names, which of them are running) runs inside the
     * window. What the list does not name is dropped; what it names but the
     * scan missed (a custom --cgroup-parent) is inspected and its CPU time
     * read then (its window is shorter, and measured). At the window's end
     * the CPU counters are read again, then the gauges (memory, I/O, PIDs,
     * limits, network): every figure shown is as of the end of the window,
     * as docker stats' are as of its last sample. */
    double mounts = ms_since(t0);
    size_t nscan = ward_stats_scan(s);
    double scanned = ms_since(t0);
    if (ward_stats_sample_cpu(s, false, &err) < 0)
        return ward_cli_fail("stats", err);
    uint64_t t_win = now_ns();
    ward_debug("stats: cgroup mounts %.1f ms, %zu cgroups found on disk %.1f ms, sampled %.1f ms "
               "since start",
               mounts, nscan, scanned, ms_since(t0));
    struct lister l = {.host = host};
    lister_main(&l);
    e = l.e;
    ward_autojson list = l.list;
    if (l.rc < 0)
        return ward_cli_fail("stats", l.err);
    if (ward_stats_discover_list(s, e, list, names, nnames, &err) < 0)
        return ward_cli_fail("stats", err);
    size_t late = 0; /* listed, but their cgroup was not among those found on disk */
    for (size_t i = 0; i < s->n; i++)
        late += !s->items[i].have_cur; /* no CPU reading taken at the window's start */
    if (ward_stats_sample_cpu(s, true, &err) < 0)
        return ward_cli_fail("stats", err);
    double busy = ms_since(t_win);
    ward_debug("stats: the Engine listed in %.1f ms; %zu containers kept (%zu found on disk, %zu "
               "through the Engine) %.1f ms into the window",
               l.ms, s->n, s->n - late, late, busy);
    if (busy < (double)interval)
        sleep_ms((long)((double)interval - busy + 0.5));
    uint64_t t_end = now_ns();
    /* the full sample: CPU counters again (the window closes), then the gauges */
    if (ward_stats_sample_gauges(s, &err) < 0)
        return ward_cli_fail("stats", err);
    ward_debug("stats: window %.1f ms, CPU counters and gauges read in %.1f ms, %.1f ms since "
               "start",
               (double)(t_end - t_win) / 1e6, ms_since(t_end), ms_since(t0));
    bool live = !no_stream && !json && isatty(1) == 1;
    int rc = render(s, json, live);
    /* live: one frame a second, CPU % over the second since the last frame
     * (a container that just appeared shows 0% once, as in docker stats) */
    while (live && rc == 0) {
        sleep_ms(1000);
        if (ward_stats_discover(s, e, names, nnames, &err) < 0 || ward_stats_sample(s, &err) < 0)
            return ward_cli_fail("stats", err);
        rc = render(s, false, true);
    }
    return rc;
}
