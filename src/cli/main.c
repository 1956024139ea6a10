/* main.c - the ward command: dispatch table of subcommands (crun style).
 * Subcommands parse their options, call libward and render; no logic here. */
#include "cli/cli.h"
#include "util/file.h"
#include "util/log.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#ifndef WARD_VERSION
#define WARD_VERSION "0.1.0"
#endif

static const struct ward_cli_command commands[] = {
    /* keep sorted by name; one line per subcommand */
    {"sbom", "list the packages in an image, rootfs or project (SBOM)", ward_cmd_sbom},
    {"scan", "find known vulnerabilities in an image, rootfs, project or SBOM", ward_cmd_scan},
    {"diff", "show files a running container added, changed or deleted", ward_cmd_diff},
    {"stats", "live CPU, memory, network, block I/O and PIDs of containers", ward_cmd_stats},
    {"bench", "audit a Docker host against the CIS Docker Benchmark", ward_cmd_bench},
    {"db", "build and inspect the advisory database", ward_cmd_db},
    {"version", "compare versions as each ecosystem orders them", ward_cmd_version},
    {"lint", "check Dockerfiles for mistakes (Hadolint DL rules, CIS 4.x)", ward_cmd_lint},
    {"watch", "runtime event sensor: alert on container behaviour from YAML rules",
     ward_cmd_watch},
    {"policy", "evaluate a policy bundle over a scan: STOP/WARN/GO verdict, risk score",
     ward_cmd_policy},
    /* WARD-CLI-TABLE-END (helpers: add entries above this line) */
    {NULL, NULL, NULL},
};

static void usage(FILE *f)
{
    fprintf(f, "usage: ward [--debug] COMMAND [OPTIONS] [ARGS]\n\ncommands:\n");
    for (const struct ward_cli_command *c = commands; c->name; c++)
        fprintf(f, "  %-10s %s\n", c->name, c->summary);
    fprintf(f, "\nward COMMAND --help shows a command's options; docs/ has a page per command.\n");
}

int ward_cli_fail(const char *cmd, struct ward_error *err)
{
    fprintf(stderr, "ward: %s: %s\n", cmd, err && err->msg ? err->msg : "error");
    ward_error_free(err);
    return WARD_EXIT_ERROR;
}

int ward_cli_usage_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "ward: %s: ", cmd);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, " (see ward %s --help)\n", cmd);
    return WARD_EXIT_USAGE;
}

int ward_cli_write_output(const char *path, const struct ward_buf *b)
{
    int fd = 1;
    if (path && strcmp(path, "-") != 0) {
        fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
        if (fd < 0) {
            fprintf(stderr, "ward: cannot write %s: %s\n", path, strerror(errno));
            return WARD_EXIT_ERROR;
        }
    }
    int rc = ward_write_all(fd, b->ptr ? b->ptr : "", b->len);
    if (fd != 1)
        rc |= close(fd);
    if (rc) {
        fprintf(stderr, "ward: write failed: %s\n", strerror(errno));
        return WARD_EXIT_ERROR;
    }
    return 0;
}

int ward_cli_write_stdout(const struct ward_buf *b)
{
    return ward_cli_write_output(NULL, b);
}

bool ward_cli_stderr_tty(void)
{
    return isatty(2) == 1;
}

int main(int argc, char **argv)
{
    int i = 1;
    for (; i < argc && argv[i][0] == '-'; i++) {
        if (strcmp(argv[i], "--debug") == 0)
            ward_log_set_level(WARD_LOG_DEBUG);
        else if (strcmp(argv[i], "--verbose") == 0 || strcmp(argv[i], "-v") == 0)
            ward_log_set_level(WARD_LOG_INFO);
        else if (strcmp(argv[i], "--version") == 0) {
            printf("ward %s\n", WARD_VERSION);
            return 0;
        } else if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            usage(stdout);
            return 0;
        } else {
            fprintf(stderr, "ward: unknown option %s\n", argv[i]);
            usage(stderr);
            return WARD_EXIT_USAGE;
        }
    }
    if (i >= argc) {
        usage(stderr);
        return WARD_EXIT_USAGE;
    }
    for (const struct ward_cli_command *c = commands; c->name; c++)
        if (strcmp(c->name, argv[i]) == 0)
            return c->run(argc - i, argv + i);
    fprintf(stderr, "ward: unknown command '%s'\n", argv[i]);
    usage(stderr);
    return WARD_EXIT_USAGE;
}
