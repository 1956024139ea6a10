/* stats.c - `ward stats [CONTAINER...]`: CPU %, memory, network and block I/O
 * and PIDs of running containers, read from cgroup files and /proc; a live
 * table, one table, JSON, or a Prometheus /metrics endpoint. */
#include "cli/cli.h"
#include "engine/engine.h"
#include "runtime/runtime.h"

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
    if (ward_engine_open(&e, host, &err) < 0 || ward_stats_new(&s, NULL, &err) < 0)
        return ward_cli_fail("stats", err);
    s->pids_alert = pids_alert;

    if (listen) {
        fprintf(stderr, "ward: stats: serving http://%s/metrics\n", listen);
        if (ward_stats_serve(s, e, names, nnames, listen, &err) < 0)
            return ward_cli_fail("stats", err);
        return 0;
    }
    if (ward_stats_discover(s, e, names, nnames, &err) < 0 || ward_stats_sample(s, &err) < 0)
        return ward_cli_fail("stats", err);
    sleep_ms(interval);
    if (ward_stats_sample(s, &err) < 0)
        return ward_cli_fail("stats", err);
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
