/* bench.c - `ward bench`: audit the Docker host, daemon and running containers against the
 * CIS Docker Benchmark; render text, JSON, docker-bench JSON, JUnit, SARIF or HTML. */
#include "bench/bench.h"
#include "cli/cli.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static void bench_usage(FILE *f)
{
    fprintf(f, "usage: ward bench [OPTIONS]\n\n"
               "Audit a Docker host, its daemon and running containers against the CIS Docker\n"
               "Benchmark (check IDs as docker-bench-security numbers them).\n\n"
               "  -H, --host HOST         daemon to audit (default $DOCKER_HOST, else\n"
               "                          unix:///var/run/docker.sock)\n"
               "  -f, --format FMT        text (default), json, docker-bench, junit, sarif, html\n"
               "  -o, --output FILE       write the report to FILE instead of stdout\n"
               "  -c, --check LIST        only these checks: IDs or prefixes (5.4,5.10 or 2)\n"
               "  -s, --section LIST      only these sections (1..7, 8, C)\n"
               "  -e, --exclude LIST      leave these checks out\n"
               "      --exit-code N       exit with N when a scored check warns (default 0)\n"
               "      --trusted-users L   users allowed in group docker (1.1.2)\n"
               "      --host-root DIR     read host files under DIR (host mounted elsewhere)\n"
               "      --color WHEN        auto (default), always, never\n"
               "  -h, --help              this help\n");
}

int ward_cmd_bench(int argc, char **argv)
{
    static const struct option lopts[] = {
        {"host", required_argument, NULL, 'H'},
        {"format", required_argument, NULL, 'f'},
        {"output", required_argument, NULL, 'o'},
        {"check", required_argument, NULL, 'c'},
        {"section", required_argument, NULL, 's'},
        {"exclude", required_argument, NULL, 'e'},
        {"exit-code", required_argument, NULL, 'x'},
        {"trusted-users", required_argument, NULL, 't'},
        {"host-root", required_argument, NULL, 'r'},
        {"color", required_argument, NULL, 'C'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    struct ward_bench_opts o = {0};
    enum ward_bench_format fmt = WARD_BENCH_FMT_TEXT;
    const char *output = NULL, *color = "auto";
    int exit_code = 0;
    int ch;
    optind = 1;
    while ((ch = getopt_long(argc, argv, "H:f:o:c:s:e:h", lopts, NULL)) != -1) {
        switch (ch) {
        case 'H':
            o.host = optarg;
            break;
        case 'f':
            if (ward_bench_format_parse(optarg, &fmt) < 0)
                return ward_cli_usage_error("bench", "unknown format '%s'", optarg);
            break;
        case 'o':
            output = optarg;
            break;
        case 'c':
            o.checks = optarg;
            break;
        case 's':
            o.sections = optarg;
            break;
        case 'e':
            o.exclude = optarg;
            break;
        case 'x': {
            char *end;
            long v = strtol(optarg, &end, 10);
            if (*end || v < 0 || v > 255)
                return ward_cli_usage_error("bench", "--exit-code wants 0..255, got '%s'", optarg);
            exit_code = (int)v;
            break;
        }
        case 't':
            o.trusted_users = optarg;
            break;
        case 'r':
            o.host_root = optarg;
            break;
        case 'C':
            if (strcmp(optarg, "auto") && strcmp(optarg, "always") && strcmp(optarg, "never"))
                return ward_cli_usage_error("bench", "--color wants auto, always or never");
            color = optarg;
            break;
        case 'h':
            bench_usage(stdout);
            return WARD_EXIT_OK;
        default:
            return ward_cli_usage_error("bench", "bad option");
        }
    }
    if (optind < argc)
        return ward_cli_usage_error("bench", "unexpected argument '%s'", argv[optind]);
    o.content_trust = getenv("DOCKER_CONTENT_TRUST");

    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    struct ward_error *err = NULL;
    ward_autoptr(ward_bench_facts) facts = NULL;
    if (ward_bench_facts_gather(&facts, &o, &err) < 0)
        return ward_cli_fail("bench", err);
    ward_autoptr(ward_bench_report) rep = NULL;
    if (ward_bench_evaluate(&rep, facts, &o, &err) < 0)
        return ward_cli_fail("bench", err);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    rep->duration_ms =
        (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
    if (rep->checks == 0)
        return ward_cli_usage_error("bench", "no check matches the selection");

    bool use_color = strcmp(color, "always") == 0 ||
                     (strcmp(color, "auto") == 0 && !output && isatty(1) && !getenv("NO_COLOR"));
    struct ward_buf out = WARD_BUF_INIT(256u << 20);
    if (ward_bench_write(&out, rep, fmt, use_color, &err) < 0) {
        ward_buf_dispose(&out);
        return ward_cli_fail("bench", err);
    }
    int rc = ward_cli_write_output(output, &out);
    ward_buf_dispose(&out);
    if (rc)
        return rc;
    if (fmt != WARD_BENCH_FMT_TEXT || output)
        fprintf(stderr, "ward: bench: %zu checks, %zu warn, score %d (%.0f ms)\n", rep->checks,
                rep->warn, rep->score, rep->duration_ms);
    if (exit_code && rep->scored_warn)
        return exit_code;
    return WARD_EXIT_OK;
}
