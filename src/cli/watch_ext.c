/* watch_ext.c - `ward watch` baselines (--learn, --enforce-baseline), the
 * webhook sink options, the metrics file, and the `ward watch baseline`
 * subcommands (list, show, diff, export-seccomp). */
#include "cli/cli.h"
#include "cli/watch_ext.h"
#include "util/file.h"
#include "util/json_out.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>

static bool parse_secs(const char *s, double *out)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (errno || end == s || v <= 0)
        return false;
    if (*end == 's' && !end[1])
        ;
    else if (*end == 'm' && !end[1])
        v *= 60;
    else if (*end == 'h' && !end[1])
        v *= 3600;
    else if (*end)
        return false;
    if (v > 1e7)
        return false;
    *out = v;
    return true;
}

static bool parse_count(const char *s, unsigned long long max, unsigned long long *out)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || end == s || *end || v == 0 || v > max || s[0] == '-')
        return false;
    *out = v;
    return true;
}

bool ward_cli_watch_ext_option(int c, const char *arg, struct ward_cli_watch_ext *x, int *rc)
{
    unsigned long long n = 0;
    double d = 0;
    *rc = 0;
    switch (c) {
    case WARD_WX_LEARN:
        if (!parse_secs(arg, &x->learn_s))
            *rc = ward_cli_usage_error("watch", "bad --learn '%s' (90, 60s, 5m, 1h)", arg);
        return true;
    case WARD_WX_ENFORCE:
        x->enforce = true;
        return true;
    case WARD_WX_BLDIR:
        x->dir = arg;
        return true;
    case WARD_WX_WEBHOOK:
        if (x->nurls >= WARD_ARRAY_LEN(x->urls))
            *rc = ward_cli_usage_error("watch", "too many --webhook");
        else
            x->urls[x->nurls++] = arg;
        return true;
    case WARD_WX_WH_ATTEMPTS:
        if (!parse_count(arg, WARD_WEBHOOK_ATTEMPTS, &n)) {
            *rc = ward_cli_usage_error("watch", "bad --webhook-attempts '%s' (1..%u)", arg,
                                       WARD_WEBHOOK_ATTEMPTS);
            return true;
        }
        x->wh.max_attempts = (unsigned)n;
        return true;
    case WARD_WX_WH_QUEUE:
        if (!parse_count(arg, WARD_WEBHOOK_QUEUE_MAX, &n)) {
            *rc = ward_cli_usage_error("watch", "bad --webhook-queue '%s' (1..%u)", arg,
                                       WARD_WEBHOOK_QUEUE_MAX);
            return true;
        }
        x->wh.queue_max = (size_t)n;
        return true;
    case WARD_WX_WH_BATCH:
        if (!parse_count(arg, WARD_WEBHOOK_BATCH_MAX, &n)) {
            *rc = ward_cli_usage_error("watch", "bad --webhook-batch '%s' (1..%u)", arg,
                                       WARD_WEBHOOK_BATCH_MAX);
            return true;
        }
        x->wh.batch_max = (size_t)n;
        return true;
    case WARD_WX_WH_TIMEOUT:
    case WARD_WX_WH_FLUSH:
    case WARD_WX_WH_BACKOFF:
        if (!parse_secs(arg, &d) || d > 3600) {
            *rc = ward_cli_usage_error("watch", "bad duration '%s'", arg);
            return true;
        }
        if (c == WARD_WX_WH_TIMEOUT)
            x->wh.timeout_s = d;
        else if (c == WARD_WX_WH_FLUSH)
            x->wh.flush_s = d;
        else
            x->wh.backoff_base_s = d;
        return true;
    case WARD_WX_WH_HEADER:
        if (x->wh.nheaders >= WARD_WEBHOOK_HEADERS_MAX)
            *rc = ward_cli_usage_error("watch", "too many --webhook-header");
        else
            x->wh.headers[x->wh.nheaders++] = arg;
        return true;
    case WARD_WX_METRICS:
        x->metrics_file = arg;
        return true;
    default:
        return false;
    }
}

int ward_cli_watch_ext_setup(struct ward_cli_watch_ext *x, struct ward_watch_opts *o,
                             struct ward_wsinks *sinks)
{
    struct ward_error *err = NULL;
    for (size_t i = 0; i < x->nurls; i++) {
        struct ward_webhook_opts wo = x->wh;
        wo.url = x->urls[i];
        if (ward_wsinks_add_webhook(sinks, &wo, &err) < 0)
            return ward_cli_fail("watch", err);
    }
    if (x->learn_s > 0 && x->enforce)
        return ward_cli_usage_error("watch", "--learn and --enforce-baseline exclude each other");
    if (x->learn_s > 0 && o->duration_s > 0)
        return ward_cli_usage_error("watch", "--learn DURATION sets the duration; drop --duration");
    if (x->learn_s <= 0 && !x->enforce)
        return 0;
    if (!x->dir)
        x->dir = x->dir_owned = ward_baseline_default_dir();
    if (!o->engine)
        return ward_cli_usage_error("watch", "baselines are per image: they need the Engine "
                                             "(drop --no-engine)");
    enum ward_bl_mode mode = x->enforce ? WARD_BL_ENFORCE : WARD_BL_LEARN;
    if (ward_bltrack_new(&x->track, mode, x->dir, sinks, &err) < 0)
        return ward_cli_fail("watch", err);
    if (x->learn_s > 0) {
        o->duration_s = x->learn_s;
        o->record_syscalls = true; /* the seccomp export needs them */
        fprintf(stderr, "ward: watch: learning baselines for %.0f s into %s\n", x->learn_s,
                x->dir);
    } else {
        fprintf(stderr, "ward: watch: enforcing %zu baseline(s) from %s\n",
                ward_bltrack_count(x->track), x->dir);
    }
    o->on_event = ward_bltrack_event;
    o->on_stop = ward_bltrack_stop;
    o->hook_ud = x->track;
    return 0;
}

static void metric(struct ward_buf *b, const char *name, const char *help, const char *labels,
                   uint64_t v)
{
    ward_buf_addf(b, "# HELP %s %s\n# TYPE %s counter\n%s%s %llu\n", name, help, name, name,
                  labels ? labels : "", (unsigned long long)v);
}

static void label_value(struct ward_buf *b, const char *s)
{
    for (; *s; s++) {
        if (*s == '\\' || *s == '"')
            ward_buf_addc(b, '\\');
        if (*s == '\n')
            ward_buf_adds(b, "\\n");
        else
            ward_buf_addc(b, *s);
    }
}

static int write_metrics(const char *path, struct ward_wsinks *sinks,
                         const struct ward_watch_stats *st, struct ward_bltrack *t)
{
    struct ward_buf b = WARD_BUF_INIT(1u << 20);
    metric(&b, "ward_watch_events_total", "Events read from the sensors.", NULL, st->events);
    metric(&b, "ward_watch_alerts_total", "Alerts raised (rules and baselines).", NULL,
           st->alerts);
    metric(&b, "ward_watch_lost_events_total", "Kernel events lost before ward read them.", NULL,
           st->lost);
    metric(&b, "ward_watch_sent_total", "Alert lines handed to the sinks.", NULL,
           ward_wsinks_sent(sinks));
    metric(&b, "ward_watch_dropped_total", "Alert lines a sink failed to deliver, any reason.",
           NULL, ward_wsinks_dropped(sinks));
    struct ward_webhook *wh[8];
    size_t n = ward_wsinks_webhooks(sinks, wh, WARD_ARRAY_LEN(wh));
    for (size_t i = 0; i < n; i++) {
        struct ward_webhook_stats ws;
        ward_webhook_get_stats(wh[i], &ws);
        struct ward_buf l = WARD_BUF_INIT(8192);
        ward_buf_adds(&l, "{url=\"");
        label_value(&l, ward_webhook_url(wh[i]));
        ward_buf_adds(&l, "\"");
        const struct {
            const char *reason;
            uint64_t v;
        } r[] = {{"queue_full", ws.dropped_queue_full},
                 {"retries_exhausted", ws.dropped_retries},
                 {"rejected", ws.dropped_rejected},
                 {"shutdown", ws.dropped_shutdown}};
        ward_buf_addf(&b, "ward_watch_webhook_delivered_total%s} %llu\n", l.ptr,
                      (unsigned long long)ws.delivered);
        ward_buf_addf(&b, "ward_watch_webhook_requests_total%s} %llu\n", l.ptr,
                      (unsigned long long)ws.requests);
        ward_buf_addf(&b, "ward_watch_webhook_retries_total%s} %llu\n", l.ptr,
                      (unsigned long long)ws.retries);
        for (size_t k = 0; k < WARD_ARRAY_LEN(r); k++)
            ward_buf_addf(&b, "ward_watch_webhook_dropped_total%s,reason=\"%s\"} %llu\n", l.ptr,
                          r[k].reason, (unsigned long long)r[k].v);
        ward_buf_dispose(&l);
    }
    if (t)
        metric(&b, "ward_watch_baseline_alerts_total", "Alerts for items outside a baseline.",
               NULL, ward_bltrack_stats(t)->alerts);
    int rc = ward_cli_write_output(path, &b);
    ward_buf_dispose(&b);
    return rc;
}

int ward_cli_watch_ext_finish(struct ward_cli_watch_ext *x, struct ward_wsinks *sinks,
                              const struct ward_watch_stats *st)
{
    int rc = 0;
    ward_wsinks_close(sinks);
    struct ward_webhook *wh[8];
    size_t n = ward_wsinks_webhooks(sinks, wh, WARD_ARRAY_LEN(wh));
    for (size_t i = 0; i < n; i++) {
        struct ward_webhook_stats ws;
        ward_webhook_get_stats(wh[i], &ws);
        uint64_t dropped = ws.dropped_queue_full + ws.dropped_retries + ws.dropped_rejected +
                           ws.dropped_shutdown;
        fprintf(stderr,
                "ward: watch: webhook %s delivered=%llu requests=%llu retries=%llu "
                "webhook_dropped=%llu (queue_full=%llu retries_exhausted=%llu rejected=%llu "
                "shutdown=%llu)\n",
                ward_webhook_url(wh[i]), (unsigned long long)ws.delivered,
                (unsigned long long)ws.requests, (unsigned long long)ws.retries,
                (unsigned long long)dropped, (unsigned long long)ws.dropped_queue_full,
                (unsigned long long)ws.dropped_retries, (unsigned long long)ws.dropped_rejected,
                (unsigned long long)ws.dropped_shutdown);
    }
    if (x->track) {
        const struct ward_bltrack_stats *bs = ward_bltrack_stats(x->track);
        if (x->learn_s > 0) {
            struct ward_error *err = NULL;
            size_t nimg = 0;
            if (ward_bltrack_save(x->track, &nimg, &err) < 0)
                rc = ward_cli_fail("watch", err);
            else
                fprintf(stderr,
                        "ward: watch: baseline learned: images=%zu observed=%llu new_items=%llu "
                        "dir=%s\n",
                        nimg, (unsigned long long)bs->observed,
                        (unsigned long long)bs->new_items, x->dir);
            for (size_t i = 0; i < ward_bltrack_count(x->track); i++) {
                const struct ward_baseline *bl = ward_bltrack_get(x->track, i);
                fprintf(stderr,
                        "ward: watch: baseline %s: processes=%zu writes=%zu outbound=%zu "
                        "listen=%zu syscalls=%zu%s\n",
                        bl->image, bl->sets[WARD_BL_PROCS].n, bl->sets[WARD_BL_WRITES].n,
                        bl->sets[WARD_BL_OUTBOUND].n, bl->sets[WARD_BL_LISTEN].n,
                        bl->sets[WARD_BL_SYSCALLS].n,
                        bl->syscalls_recorded ? "" : " (syscalls need the eBPF backend)");
            }
        } else {
            fprintf(stderr,
                    "ward: watch: baseline enforced: observed=%llu baseline_alerts=%llu "
                    "repeats=%llu unknown_images=%llu\n",
                    (unsigned long long)bs->observed, (unsigned long long)bs->alerts,
                    (unsigned long long)bs->suppressed, (unsigned long long)bs->unknown_images);
        }
    }
    if (x->metrics_file && write_metrics(x->metrics_file, sinks, st, x->track) != 0)
        rc = WARD_EXIT_ERROR;
    return rc;
}

void ward_cli_watch_ext_dispose(struct ward_cli_watch_ext *x)
{
    ward_bltrack_free(x->track);
    x->track = NULL;
    free(x->dir_owned);
    x->dir_owned = NULL;
}

/* ---- ward watch baseline ... ------------------------------------------------------ */

static void baseline_usage(FILE *f)
{
    fputs("usage: ward watch baseline COMMAND [--baseline-dir DIR] ...\n"
          "\n"
          "  list                     one line per learned image\n"
          "  show IMAGE               the baseline as JSON\n"
          "  diff A B                 what B has that A lacks (+) and the reverse (-);\n"
          "                           exit 1 when they differ\n"
          "  export-seccomp IMAGE [-o FILE]\n"
          "                           a Docker seccomp profile allowing the learned syscalls\n"
          "\n"
          "IMAGE is an image name as containers use it (alpine:3.10), an image id\n"
          "(12+ hex digits) or a path to a baseline .json file.\n",
          f);
}

int ward_cmd_watch_baseline(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"baseline-dir", required_argument, NULL, 'd'},
        {"output", required_argument, NULL, 'o'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *dir = NULL, *out = NULL;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "d:o:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'd':
            dir = optarg;
            break;
        case 'o':
            out = optarg;
            break;
        case 'h':
            baseline_usage(stdout);
            return 0;
        default:
            baseline_usage(stderr);
            return WARD_EXIT_USAGE;
        }
    }
    if (optind >= argc) {
        baseline_usage(stderr);
        return WARD_EXIT_USAGE;
    }
    const char *cmd = argv[optind++];
    char **args = argv + optind;
    int nargs = argc - optind;
    ward_autofree char *owned = dir ? NULL : ward_baseline_default_dir();
    if (!dir)
        dir = owned;
    struct ward_error *err = NULL;
    struct ward_buf b = WARD_BUF_INIT(64u << 20);
    int rc = 0;

    if (strcmp(cmd, "list") == 0 && nargs == 0) {
        struct ward_baseline **v = NULL;
        size_t n = 0;
        if (ward_baseline_load_dir(dir, &v, &n, &err) < 0)
            return ward_cli_fail("watch baseline", err);
        ward_buf_addf(&b, "%-40s %-12s %6s %6s %6s %6s %8s\n", "IMAGE", "IMAGE ID", "PROCS",
                      "WRITES", "OUT", "LISTEN", "SYSCALLS");
        for (size_t i = 0; i < n; i++) {
            const char *id = v[i]->image_id ? v[i]->image_id : "-";
            if (strncmp(id, "sha256:", 7) == 0)
                id += 7;
            ward_buf_addf(&b, "%-40s %-12.12s %6zu %6zu %6zu %6zu %8zu\n", v[i]->image, id,
                          v[i]->sets[WARD_BL_PROCS].n, v[i]->sets[WARD_BL_WRITES].n,
                          v[i]->sets[WARD_BL_OUTBOUND].n, v[i]->sets[WARD_BL_LISTEN].n,
                          v[i]->sets[WARD_BL_SYSCALLS].n);
        }
        ward_baseline_list_free(v, n);
        rc = ward_cli_write_stdout(&b);
    } else if (strcmp(cmd, "show") == 0 && nargs == 1) {
        ward_autoptr(ward_baseline) bl = NULL;
        if (ward_baseline_find(&bl, dir, args[0], &err) < 0)
            return ward_cli_fail("watch baseline", err);
        ward_baseline_json(&b, bl);
        rc = ward_cli_write_stdout(&b);
    } else if (strcmp(cmd, "diff") == 0 && nargs == 2) {
        ward_autoptr(ward_baseline) a = NULL;
        ward_autoptr(ward_baseline) bb = NULL;
        if (ward_baseline_find(&a, dir, args[0], &err) < 0 ||
            ward_baseline_find(&bb, dir, args[1], &err) < 0) {
            ward_buf_dispose(&b);
            return ward_cli_fail("watch baseline", err);
        }
        size_t n = ward_baseline_diff(&b, a, bb);
        rc = ward_cli_write_stdout(&b);
        if (rc == 0 && n > 0)
            rc = WARD_EXIT_FINDINGS;
    } else if (strcmp(cmd, "export-seccomp") == 0 && nargs == 1) {
        ward_autoptr(ward_baseline) bl = NULL;
        if (ward_baseline_find(&bl, dir, args[0], &err) < 0 ||
            ward_baseline_seccomp(&b, bl, &err) < 0) {
            ward_buf_dispose(&b);
            return ward_cli_fail("watch baseline", err);
        }
        rc = ward_cli_write_output(out, &b);
    } else {
        ward_buf_dispose(&b);
        return ward_cli_usage_error("watch baseline", "unknown command or wrong arguments: %s",
                                    cmd);
    }
    ward_buf_dispose(&b);
    return rc;
}
