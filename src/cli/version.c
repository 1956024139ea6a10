/* version.c - `ward version`: ward's own version, and version arithmetic for
 * scripts and triage: compare two versions of an OSV ecosystem, check a file
 * of "A OP B" lines, test an npm range. */
#include "cli/cli.h"
#include "version/version.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef WARD_VERSION
#define WARD_VERSION "0.1.0" /* same fallback as main.c */
#endif

/* Longest line `check` reads: two versions, an operator and blanks. */
#define CHECK_MAX_LINE (2 * WARD_VERSION_MAX_LEN + 64)

static void usage(FILE *f)
{
    fputs("usage: ward version [--version]\n"
          "       ward version compare ECOSYSTEM A B\n"
          "       ward version check ECOSYSTEM FILE\n"
          "       ward version satisfies [--loose] [--include-prerelease] VERSION RANGE\n"
          "       ward version satisfies [--loose] [--include-prerelease] --file FILE\n"
          "\n"
          "Without arguments, print ward's own version.\n"
          "compare    print '<', '=' or '>' for A against B\n"
          "check      read lines 'A OP B' (OP one of < <= = >= >; FILE '-' is stdin), print\n"
          "           every line that does not hold; exit 1 if any\n"
          "satisfies  does an npm VERSION satisfy a node-semver RANGE? prints yes or no,\n"
          "           exit 0 or 1; --file reads lines 'VERSION<TAB>RANGE' and prints yes or\n"
          "           no for each (exit 1 if any no)\n"
          "\n"
          "ECOSYSTEM is an OSV ecosystem name (Debian, Ubuntu, Alpine, Wolfi, Red Hat,\n"
          "Rocky Linux, AlmaLinux, SUSE, PyPI, npm, Go, crates.io, Maven, RubyGems, NuGet,\n"
          "Packagist, Pub, CRAN, Hackage, Hex, ...; a release after ':' is ignored) or a\n"
          "scheme name (dpkg, rpm, apk, pep440, semver, go, maven, rubygems, nuget,\n"
          "packagist, pub, cran, hackage).\n",
          f);
}

static int cmd_compare(int argc, char **argv)
{
    if (argc != 4)
        return ward_cli_usage_error("version compare", "expected ECOSYSTEM A B");
    struct ward_error *err = NULL;
    int r;
    if (ward_version_compare(argv[1], argv[2], argv[3], &r, &err) < 0)
        return ward_cli_fail("version compare", err);
    printf("%s\n", r < 0 ? "<" : r > 0 ? ">" : "=");
    return WARD_EXIT_OK;
}

static bool op_holds(const char *op, int r)
{
    if (strcmp(op, "<") == 0)
        return r < 0;
    if (strcmp(op, "<=") == 0)
        return r <= 0;
    if (strcmp(op, "=") == 0 || strcmp(op, "==") == 0)
        return r == 0;
    if (strcmp(op, ">=") == 0)
        return r >= 0;
    return r > 0; /* ">" */
}

static bool op_valid(const char *op)
{
    static const char *const ops[] = {"<", "<=", "=", "==", ">=", ">"};
    for (size_t i = 0; i < WARD_ARRAY_LEN(ops); i++)
        if (strcmp(op, ops[i]) == 0)
            return true;
    return false;
}

/* One line: 0 holds or blank/comment, 1 does not hold, -1 cannot be read. */
static int check_line(enum ward_version_scheme s, const char *file, size_t lineno, char *line)
{
    char *f[4];
    size_t nf = 0;
    char *p = line;
    while (*p == ' ' || *p == '\t')
        p++;
    if (!*p || *p == '#' || (p[0] == '/' && p[1] == '/'))
        return 0;
    while (*p && nf < 4) {
        f[nf++] = p;
        while (*p && *p != ' ' && *p != '\t')
            p++;
        if (*p)
            *p++ = '\0';
        while (*p == ' ' || *p == '\t')
            p++;
    }
    if (nf != 3 || *p) {
        fprintf(stderr, "ward: version check: %s:%zu: expected 'A OP B'\n", file, lineno);
        return -1;
    }
    if (!op_valid(f[1])) {
        fprintf(stderr, "ward: version check: %s:%zu: unknown operator '%s'\n", file, lineno, f[1]);
        return -1;
    }
    struct ward_error *err = NULL;
    int r;
    if (ward_version_cmp(s, f[0], strlen(f[0]), f[2], strlen(f[2]), &r, &err) < 0) {
        fprintf(stderr, "ward: version check: %s:%zu: %s\n", file, lineno, err->msg);
        ward_error_free(err);
        return -1;
    }
    if (op_holds(f[1], r))
        return 0;
    printf("%s %s %s\n", f[0], f[1], f[2]);
    return 1;
}

static int cmd_check(int argc, char **argv)
{
    if (argc != 3)
        return ward_cli_usage_error("version check", "expected ECOSYSTEM FILE");
    struct ward_error *err = NULL;
    enum ward_version_scheme s;
    if (ward_version_scheme_for(argv[1], &s, &err) < 0)
        return ward_cli_fail("version check", err);
    const char *path = argv[2];
    FILE *in = strcmp(path, "-") == 0 ? stdin : fopen(path, "re");
    if (!in) {
        fprintf(stderr, "ward: version check: cannot open %s: %s\n", path, strerror(errno));
        return WARD_EXIT_ERROR;
    }
    char *line = NULL;
    size_t cap = 0, lineno = 0, failed = 0, bad = 0;
    ssize_t n;
    while ((n = getline(&line, &cap, in)) >= 0) {
        lineno++;
        if ((size_t)n > CHECK_MAX_LINE) {
            fprintf(stderr, "ward: version check: %s:%zu: line longer than %u bytes\n", path,
                    lineno, (unsigned)CHECK_MAX_LINE);
            bad++;
            continue;
        }
        while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
            line[--n] = '\0';
        int rc = check_line(s, path, lineno, line);
        if (rc > 0)
            failed++;
        else if (rc < 0)
            bad++;
    }
    bool read_error = ferror(in);
    free(line);
    if (in != stdin)
        fclose(in);
    if (read_error) {
        fprintf(stderr, "ward: version check: error reading %s\n", path);
        return WARD_EXIT_ERROR;
    }
    if (fflush(stdout) != 0)
        return WARD_EXIT_ERROR;
    if (bad)
        return WARD_EXIT_ERROR;
    return failed ? WARD_EXIT_FINDINGS : WARD_EXIT_OK;
}

/* --file: one "VERSION<TAB>RANGE" per line, one yes/no per line. */
static int satisfies_file(const char *path, unsigned flags)
{
    FILE *in = strcmp(path, "-") == 0 ? stdin : fopen(path, "re");
    if (!in) {
        fprintf(stderr, "ward: version satisfies: cannot open %s: %s\n", path, strerror(errno));
        return WARD_EXIT_ERROR;
    }
    char *line = NULL;
    size_t cap = 0, lineno = 0, no = 0, bad = 0;
    ssize_t n;
    while ((n = getline(&line, &cap, in)) >= 0) {
        lineno++;
        while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
            line[--n] = '\0';
        char *tab = strchr(line, '\t');
        struct ward_error *err = NULL;
        bool ok = false;
        if (!tab) {
            fprintf(stderr, "ward: version satisfies: %s:%zu: expected VERSION<TAB>RANGE\n", path,
                    lineno);
            bad++;
            continue;
        }
        *tab = '\0';
        if (ward_version_npm_satisfies(line, tab + 1, flags, &ok, &err) < 0) {
            fprintf(stderr, "ward: version satisfies: %s:%zu: %s\n", path, lineno, err->msg);
            ward_error_free(err);
            bad++;
            continue;
        }
        no += !ok;
        printf("%s\n", ok ? "yes" : "no");
    }
    bool read_error = ferror(in);
    free(line);
    if (in != stdin)
        fclose(in);
    if (read_error || fflush(stdout) != 0 || bad)
        return WARD_EXIT_ERROR;
    return no ? WARD_EXIT_FINDINGS : WARD_EXIT_OK;
}

static int cmd_satisfies(int argc, char **argv)
{
    static const struct option opts[] = {{"loose", no_argument, NULL, 'l'},
                                         {"include-prerelease", no_argument, NULL, 'p'},
                                         {"file", required_argument, NULL, 'f'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    unsigned flags = 0;
    const char *file = NULL;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "+f:h", opts, NULL)) != -1) {
        if (c == 'l')
            flags |= WARD_VERSION_NPM_LOOSE;
        else if (c == 'p')
            flags |= WARD_VERSION_NPM_INCLUDE_PRERELEASE;
        else if (c == 'f')
            file = optarg;
        else if (c == 'h') {
            usage(stdout);
            return WARD_EXIT_OK;
        } else
            return WARD_EXIT_USAGE;
    }
    if (file) {
        if (argc != optind)
            return ward_cli_usage_error("version satisfies", "--file takes no VERSION RANGE");
        return satisfies_file(file, flags);
    }
    if (argc - optind != 2)
        return ward_cli_usage_error("version satisfies", "expected VERSION RANGE");
    struct ward_error *err = NULL;
    bool ok;
    if (ward_version_npm_satisfies(argv[optind], argv[optind + 1], flags, &ok, &err) < 0)
        return ward_cli_fail("version satisfies", err);
    printf("%s\n", ok ? "yes" : "no");
    return ok ? WARD_EXIT_OK : WARD_EXIT_FINDINGS;
}

int ward_cmd_version(int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[1], "--version") == 0) {
        printf("ward %s\n", WARD_VERSION);
        return WARD_EXIT_OK;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        usage(stdout);
        return WARD_EXIT_OK;
    }
    if (strcmp(argv[1], "compare") == 0)
        return cmd_compare(argc - 1, argv + 1);
    if (strcmp(argv[1], "check") == 0)
        return cmd_check(argc - 1, argv + 1);
    if (strcmp(argv[1], "satisfies") == 0)
        return cmd_satisfies(argc - 1, argv + 1);
    return ward_cli_usage_error("version", "unknown subcommand '%s'", argv[1]);
}
