/* watch_ext.h - the `ward watch` options for baselines (--learn,
 * --enforce-baseline, --baseline-dir), the webhook sink (--webhook*) and the
 * metrics file, kept apart from cli/watch.c; plus `ward watch baseline ...`. */
#ifndef WARD_CLI_WATCH_EXT_H
#define WARD_CLI_WATCH_EXT_H

#include "watch/baseline.h"
#include "watch/sink_webhook.h"

#include <getopt.h>

enum {
    WARD_WX_LEARN = 0x300,
    WARD_WX_ENFORCE,
    WARD_WX_BLDIR,
    WARD_WX_WEBHOOK,
    WARD_WX_WH_ATTEMPTS,
    WARD_WX_WH_QUEUE,
    WARD_WX_WH_BATCH,
    WARD_WX_WH_TIMEOUT,
    WARD_WX_WH_FLUSH,
    WARD_WX_WH_BACKOFF,
    WARD_WX_WH_HEADER,
    WARD_WX_METRICS,
};

#define WARD_CLI_WATCH_EXT_LONGOPTS                                                                \
    {"learn", required_argument, NULL, WARD_WX_LEARN},                                             \
        {"enforce-baseline", no_argument, NULL, WARD_WX_ENFORCE},                                  \
        {"baseline-dir", required_argument, NULL, WARD_WX_BLDIR},                                  \
        {"webhook", required_argument, NULL, WARD_WX_WEBHOOK},                                     \
        {"webhook-attempts", required_argument, NULL, WARD_WX_WH_ATTEMPTS},                        \
        {"webhook-queue", required_argument, NULL, WARD_WX_WH_QUEUE},                              \
        {"webhook-batch", required_argument, NULL, WARD_WX_WH_BATCH},                              \
        {"webhook-timeout", required_argument, NULL, WARD_WX_WH_TIMEOUT},                          \
        {"webhook-flush", required_argument, NULL, WARD_WX_WH_FLUSH},                              \
        {"webhook-backoff", required_argument, NULL, WARD_WX_WH_BACKOFF},                          \
        {"webhook-header", required_argument, NULL, WARD_WX_WH_HEADER},                            \
        {"metrics-file", required_argument, NULL, WARD_WX_METRICS}

#define WARD_CLI_WATCH_EXT_USAGE                                                                   \
    "      --learn DURATION   learn per-image baselines for DURATION (90, 60s, 5m, 1h)\n"          \
    "      --enforce-baseline alert on processes, writes and ports outside the baselines\n"        \
    "      --baseline-dir DIR where baselines live (default ~/.local/share/ward/baselines)\n"      \
    "      --webhook URL      POST alerts to URL (http/https; repeatable)\n"                       \
    "      --webhook-attempts N  tries per alert before it is dropped (default 5)\n"               \
    "      --webhook-queue N  alerts waiting before new ones are dropped (default 1024)\n"         \
    "      --webhook-batch N  up to N alerts per POST as a JSON array (default 1: one object)\n"   \
    "      --webhook-timeout SEC  per request (default 5)\n"                                       \
    "      --webhook-flush SEC    at exit, keep delivering for up to SEC (default 5)\n"            \
    "      --webhook-backoff SEC  first retry delay, doubled per retry (default 0.2)\n"            \
    "      --webhook-header H     extra request header 'Name: value' (repeatable)\n"               \
    "      --metrics-file PATH    write Prometheus-format counters to PATH at exit\n"

struct ward_cli_watch_ext {
    double learn_s;
    bool enforce;
    const char *dir;
    const char *urls[4];
    size_t nurls;
    struct ward_webhook_opts wh;
    const char *metrics_file;
    struct ward_bltrack *track;
    char *dir_owned;
};

/* One of the options above: applies it and returns true (*rc = 0, or a
 * usage exit code on a bad value); false when c is not one of them. */
bool ward_cli_watch_ext_option(int c, const char *arg, struct ward_cli_watch_ext *x, int *rc);
/* After option parsing, before ward_watch_run: webhook sinks, the baseline
 * tracker and its hooks. Returns 0 or an exit code (errors printed). */
int ward_cli_watch_ext_setup(struct ward_cli_watch_ext *x, struct ward_watch_opts *o,
                             struct ward_wsinks *sinks);
/* After ward_watch_run, before the summary: flush webhooks, save learned
 * baselines, print their summary lines, write the metrics file. */
int ward_cli_watch_ext_finish(struct ward_cli_watch_ext *x, struct ward_wsinks *sinks,
                              const struct ward_watch_stats *st);
void ward_cli_watch_ext_dispose(struct ward_cli_watch_ext *x);

/* `ward watch baseline list|show|diff|export-seccomp` (argv[0] = "baseline"). */
int ward_cmd_watch_baseline(int argc, char **argv);

#endif
