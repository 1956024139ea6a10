/* cli.h - shared pieces of the ward command line: the command table entry
 * type, exit codes (one place), and error printing. */
#ifndef WARD_CLI_CLI_H
#define WARD_CLI_CLI_H

#include "inventory/scan.h"
#include "util/buf.h"
#include "util/error.h"

/* Exit codes, mapped in one place (STYLE.md §3). */
enum {
    WARD_EXIT_OK = 0,
    WARD_EXIT_FINDINGS = 1, /* findings at or above --fail-on / --exit-code */
    WARD_EXIT_USAGE = 2,
    WARD_EXIT_ERROR = 3,
};

struct ward_cli_command {
    const char *name;
    const char *summary;
    int (*run)(int argc, char **argv); /* argv[0] is the command name */
};

/* Print "ward: <cmd>: <msg>" to stderr, free err, return WARD_EXIT_ERROR. */
int ward_cli_fail(const char *cmd, struct ward_error *err);
/* Print a usage error and return WARD_EXIT_USAGE. */
int ward_cli_usage_error(const char *cmd, const char *fmt, ...) WARD_PRINTF(2, 3);
/* Write the whole buffer to stdout; returns WARD_EXIT_ERROR on failure. */
int ward_cli_write_stdout(const struct ward_buf *b);
/* Write buffer to path ("-" or NULL = stdout). */
int ward_cli_write_output(const char *path, const struct ward_buf *b);
/* True when stderr is a terminal (progress allowed). */
bool ward_cli_stderr_tty(void);

/* getopt_long values of the options every TARGET-taking command shares, and
 * the entries to put in its option table. */
enum {
    WARD_CLI_OPT_TYPE = 0x100,
    WARD_CLI_OPT_PLATFORM,
    WARD_CLI_OPT_HOST,
    WARD_CLI_OPT_INSECURE,
    WARD_CLI_OPT_CACHE_DIR,
    WARD_CLI_OPT_NO_CACHE,
    WARD_CLI_OPT_INCLUDE_DEV, /* --include-dev-deps (scan, sbom) */
};
#define WARD_CLI_TARGET_LONGOPTS                                                                   \
    {"type", required_argument, NULL, WARD_CLI_OPT_TYPE},                                          \
        {"platform", required_argument, NULL, WARD_CLI_OPT_PLATFORM},                              \
        {"host", required_argument, NULL, WARD_CLI_OPT_HOST},                                      \
        {"insecure", no_argument, NULL, WARD_CLI_OPT_INSECURE},                                    \
        {"cache-dir", required_argument, NULL, WARD_CLI_OPT_CACHE_DIR},                            \
        {"no-cache", no_argument, NULL, WARD_CLI_OPT_NO_CACHE}
/* Apply one of those options to o; false when c is not one of them. */
bool ward_cli_target_option(int c, const char *arg, struct ward_inventory_opts *o);

/* Read TARGET (image, rootfs, project dir, or CycloneDX/SPDX file) into an
 * inventory; progress on stderr when it is a terminal. (target.c) */
int ward_cli_load_target(struct ward_inventory **out, const char *target,
                         const struct ward_inventory_opts *o, struct ward_image **img_out,
                         struct ward_error **err);
/* Leave out the packages a lockfile marks as dev/test-only dependencies, as
 * trivy does unless --include-dev-deps; returns how many. (scan.c) */
size_t ward_cli_drop_dev(struct ward_inventory *inv);

/* Subcommands: one file each in src/cli/. Add a line to the table in main.c. */
int ward_cmd_sbom(int argc, char **argv);
int ward_cmd_version(int argc, char **argv);
int ward_cmd_bench(int argc, char **argv);
int ward_cmd_stats(int argc, char **argv);
int ward_cmd_diff(int argc, char **argv);
int ward_cmd_db(int argc, char **argv);
int ward_cmd_scan(int argc, char **argv);
int ward_cmd_lint(int argc, char **argv);
int ward_cmd_watch(int argc, char **argv);
int ward_cmd_policy(int argc, char **argv);

/* `ward scan`'s core (scan.c), also run by `ward policy eval` (policy.c).
 * mode NULL: plain `ward scan`. */
struct ward_cli_scan_mode {
    const char *default_policy; /* bundle used when --policy is not given */
    bool policy_only;           /* table/json: print the policy result alone */
};
int ward_cli_scan_run(int argc, char **argv, const struct ward_cli_scan_mode *mode);
/* Render `ward policy eval` output (policy.c); fmt is an enum ward_scan_format. */
struct ward_scan_result;
struct ward_report_opts;
int ward_cli_policy_report(struct ward_buf *out, const struct ward_scan_result *res, int fmt,
                           const struct ward_report_opts *ro, struct ward_error **err);

#endif
