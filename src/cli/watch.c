/* watch.c - `ward watch`: host-wide runtime event sensor. Loads the default
 * and user rules, starts the proc connector (+ fanotify) sensors, attributes
 * events to containers through the Engine and prints alerts as JSON lines. */
#include "cli/cli.h"
#include "cli/watch_ext.h"
#include "engine/engine.h"
#include "util/file.h"
#include "util/json_out.h"
#include "watch/watch.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>

static void usage(FILE *f)
{
    fputs("usage: ward watch [OPTIONS]\n"
          "\n"
          "Watch every process start (and file access of sensitive files) on this host,\n"
          "attribute each event to its container and raise alerts from YAML rules.\n"
          "Needs root. Alerts are JSON lines; a summary goes to stderr at exit.\n"
          "\n"
          "options:\n"
          "  -r, --rules FILE       add a rules file (repeatable; after the defaults)\n"
          "      --no-default-rules do not load the built-in rules\n"
          "  -o, --output SPEC      stdout (default), file:PATH or syslog (repeatable)\n"
          "  -p, --min-priority P   only rules at or above P (emergency..debug)\n"
          "      --containers-only  ignore processes outside containers\n"
          "      --events           also print every event (kind \"event\")\n"
          "      --no-fanotify      exec/uid events only, no file events\n"
          "      --backend B        auto (default: eBPF when built in and loadable, else\n"
          "                         proc connector + fanotify), ebpf or proc\n"
          "      --summary-json PATH  write the end-of-run summary as JSON to PATH\n"
          "      --duration SEC     stop after SEC seconds (default: until killed)\n"
          "      --ready-file PATH  create PATH (holding the backend) once listening\n"
          "      --host H           Docker Engine for names/images (default $DOCKER_HOST)\n"
          "      --no-engine        do not ask the Engine (container ids only)\n"
          "      --list-rules       print the loaded rules and exit\n"
          "      --validate         load and compile the rules, then exit\n"
          WARD_CLI_WATCH_EXT_USAGE
          "      ward watch baseline list|show|diff|export-seccomp ...  (see --help there)\n"
          "  -h, --help             this help\n",
          f);
}

static int load_rules(struct ward_wruleset *rs, bool defaults, char **files, size_t nfiles,
                      struct ward_error **err)
{
    if (defaults && ward_wrules_load(rs, ward_watch_default_rules, ward_watch_default_rules_len,
                                     "default.yaml", err) < 0)
        return -1;
    for (size_t i = 0; i < nfiles; i++) {
        struct ward_buf b = WARD_BUF_INIT(0);
        int rc = ward_file_read(&b, AT_FDCWD, files[i], WARD_WATCH_RULES_BYTES, err);
        if (rc == 0)
            rc = ward_wrules_load(rs, b.ptr ? b.ptr : "", b.len, files[i], err);
        ward_buf_dispose(&b);
        if (rc < 0)
            return rc;
    }
    return ward_wrules_compile(rs, err);
}

/* The end-of-run counters as one JSON object (--summary-json). */
static int write_summary_json(const char *path, const struct ward_watch_stats *st,
                              const struct ward_wsinks *sinks)
{
    struct ward_buf b = WARD_BUF_INIT(1u << 16);
    struct ward_json j;
    ward_json_init(&j, &b, false);
    ward_json_obj_begin(&j);
    ward_json_kv_str(&j, "backend", st->backend);
    ward_json_kv_uint(&j, "events", st->events);
    ward_json_kv_uint(&j, "alerts", st->alerts);
    ward_json_kv_uint(&j, "file_events", st->file_events);
    ward_json_kv_uint(&j, "file_marks", st->file_marks);
    ward_json_kv_uint(&j, "lost", st->lost);
    ward_json_kv_uint(&j, "throttled", st->throttled);
    ward_json_kv_uint(&j, "proc_gone", st->proc_gone);
    ward_json_kv_uint(&j, "sent", ward_wsinks_sent(sinks));
    ward_json_kv_uint(&j, "sink_drops", ward_wsinks_dropped(sinks));
    ward_json_obj_end(&j);
    ward_buf_addf(&b, "\n");
    int rc = ward_buf_check(&b);
    int fd = rc == 0 ? open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644) : -1;
    if (fd < 0 || ward_write_all(fd, b.ptr, b.len) < 0)
        rc = -1;
    if (fd >= 0 && close(fd) < 0)
        rc = -1;
    ward_buf_dispose(&b);
    return rc;
}

static void on_ready(const char *backend, void *ud)
{
    (void)ud;
    fprintf(stderr, "ward: watch: listening, backend %s\n", backend);
}

int ward_cmd_watch(int argc, char **argv)
{
    enum {
        O_NODEF = 256,
        O_CONT,
        O_EVENTS,
        O_NOFAN,
        O_DUR,
        O_READY,
        O_HOST,
        O_NOENG,
        O_LIST,
        O_VALID,
        O_BACKEND,
        O_SUMJSON
    };
    static const struct option longopts[] = {
        {"rules", required_argument, NULL, 'r'},
        {"no-default-rules", no_argument, NULL, O_NODEF},
        {"output", required_argument, NULL, 'o'},
        {"min-priority", required_argument, NULL, 'p'},
        {"containers-only", no_argument, NULL, O_CONT},
        {"events", no_argument, NULL, O_EVENTS},
        {"no-fanotify", no_argument, NULL, O_NOFAN},
        {"duration", required_argument, NULL, O_DUR},
        {"ready-file", required_argument, NULL, O_READY},
        {"host", required_argument, NULL, O_HOST},
        {"no-engine", no_argument, NULL, O_NOENG},
        {"list-rules", no_argument, NULL, O_LIST},
        {"validate", no_argument, NULL, O_VALID},
        {"backend", required_argument, NULL, O_BACKEND},
        {"summary-json", required_argument, NULL, O_SUMJSON},
        WARD_CLI_WATCH_EXT_LONGOPTS,
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    char *rules_files[64];
    size_t nrules_files = 0;
    const char *outputs[16];
    size_t noutputs = 0;
    struct ward_watch_opts o = {.min_prio = WARD_PRIO_DEBUG};
    bool defaults = true, list = false, validate = false, no_engine = false;
    const char *host = NULL;
    const char *summary_json = NULL;
    char *end;
    int c;
    if (argc > 1 && strcmp(argv[1], "baseline") == 0)
        return ward_cmd_watch_baseline(argc - 1, argv + 1);
    __attribute__((cleanup(ward_cli_watch_ext_dispose))) struct ward_cli_watch_ext wx = {0};
    int wxrc = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, "r:o:p:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'r':
            if (nrules_files >= WARD_ARRAY_LEN(rules_files))
                return ward_cli_usage_error("watch", "too many --rules");
            rules_files[nrules_files++] = optarg;
            break;
        case O_NODEF:
            defaults = false;
            break;
        case 'o':
            if (noutputs >= WARD_ARRAY_LEN(outputs))
                return ward_cli_usage_error("watch", "too many --output");
            outputs[noutputs++] = optarg;
            break;
        case 'p': {
            int p = ward_wprio_parse(optarg);
            if (p < 0)
                return ward_cli_usage_error("watch", "unknown priority '%s'", optarg);
            o.min_prio = (enum ward_wprio)p;
            break;
        }
        case O_CONT:
            o.containers_only = true;
            break;
        case O_EVENTS:
            o.events = true;
            break;
        case O_NOFAN:
            o.no_fanotify = true;
            break;
        case O_DUR:
            errno = 0;
            o.duration_s = strtod(optarg, &end);
            if (errno || *end || o.duration_s <= 0 || o.duration_s > 1e7)
                return ward_cli_usage_error("watch", "bad --duration '%s'", optarg);
            break;
        case O_READY:
            o.ready_file = optarg;
            break;
        case O_HOST:
            host = optarg;
            break;
        case O_NOENG:
            no_engine = true;
            break;
        case O_LIST:
            list = true;
            break;
        case O_BACKEND:
            if (strcmp(optarg, "auto") == 0)
                o.backend = WARD_WATCH_BACKEND_AUTO;
            else if (strcmp(optarg, "ebpf") == 0)
                o.backend = WARD_WATCH_BACKEND_EBPF;
            else if (strcmp(optarg, "proc") == 0)
                o.backend = WARD_WATCH_BACKEND_PROC;
            else
                return ward_cli_usage_error("watch", "unknown --backend '%s'", optarg);
            break;
        case O_SUMJSON:
            summary_json = optarg;
            break;
        case O_VALID:
            validate = true;
            break;
        case 'h':
            usage(stdout);
            return 0;
        default:
            if (ward_cli_watch_ext_option(c, optarg, &wx, &wxrc)) {
                if (wxrc)
                    return wxrc;
                break;
            }
            usage(stderr);
            return WARD_EXIT_USAGE;
        }
    }
    if (optind < argc)
        return ward_cli_usage_error("watch", "unexpected argument '%s'", argv[optind]);

    struct ward_error *err = NULL;
    ward_autoptr(ward_wruleset) rs = NULL;
    ward_wruleset_new(&rs);
    if (load_rules(rs, defaults, rules_files, nrules_files, &err) < 0)
        return ward_cli_fail("watch", err);
    if (list || validate) {
        struct ward_buf b = WARD_BUF_INIT(16u << 20);
        for (size_t i = 0; list && i < rs->nrules; i++)
            ward_buf_addf(&b, "%-13s %-8s %s\n", ward_wprio_name(rs->rules[i].prio),
                          rs->rules[i].enabled ? "enabled" : "disabled", rs->rules[i].name);
        if (validate)
            ward_buf_addf(&b, "%zu rules, %zu macros, %zu lists: ok\n", rs->nrules, rs->nmacros,
                          rs->nlists);
        int rc = ward_cli_write_stdout(&b);
        ward_buf_dispose(&b);
        return rc;
    }

    ward_autoptr(ward_wsinks) sinks = NULL;
    ward_wsinks_new(&sinks);
    if (noutputs == 0)
        outputs[noutputs++] = "stdout";
    for (size_t i = 0; i < noutputs; i++)
        if (ward_wsinks_add(sinks, outputs[i], &err) < 0)
            return ward_cli_fail("watch", err);
    ward_autoptr(ward_engine) e = NULL;
    if (!no_engine && ward_engine_open(&e, host, &err) < 0)
        return ward_cli_fail("watch", err);

    o.rules = rs;
    o.sinks = sinks;
    o.engine = e;
    o.on_ready = on_ready;
    if ((wxrc = ward_cli_watch_ext_setup(&wx, &o, sinks)) != 0)
        return wxrc;
    size_t enabled = 0;
    for (size_t i = 0; i < rs->nrules; i++)
        enabled += rs->rules[i].enabled;
    struct ward_watch_stats st;
    if (wx.track)
        ward_bltrack_set_watch_stats(wx.track, &st); /* syscall bitmaps at on_stop */
    fprintf(stderr, "ward: watch: starting (%zu rules enabled, engine %s)\n", enabled,
            e ? ward_engine_host(e) : "off");
    if (ward_watch_run(&o, &st, &err) < 0)
        return ward_cli_fail("watch", err);
    wxrc = ward_cli_watch_ext_finish(&wx, sinks, &st); /* flushes webhooks: final counts */
    fprintf(stderr,
            "ward: watch: backend=%s events=%llu alerts=%llu file_events=%llu file_marks=%llu "
            "lost=%llu proc_gone=%llu sent=%llu sink_drops=%llu\n",
            st.backend, (unsigned long long)st.events, (unsigned long long)st.alerts,
            (unsigned long long)st.file_events, (unsigned long long)st.file_marks,
            (unsigned long long)st.lost, (unsigned long long)st.proc_gone,
            (unsigned long long)ward_wsinks_sent(sinks),
            (unsigned long long)ward_wsinks_dropped(sinks));
    if (st.throttled)
        fprintf(stderr, "ward: watch: %llu open events over the eBPF rate limit not reported\n",
                (unsigned long long)st.throttled);
    if (summary_json && write_summary_json(summary_json, &st, sinks) < 0) {
        fprintf(stderr, "ward: watch: cannot write %s\n", summary_json);
        return WARD_EXIT_ERROR;
    }
    return wxrc;
}
