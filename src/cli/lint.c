/* lint.c - `ward lint`: parse Dockerfiles and Kubernetes manifests (files or
 * directories, auto-detected) and report Hadolint-style (DL3xxx, DL4xxx), CIS
 * 4.x and K8S-0xx findings as table, JSON, SARIF or Checkstyle; exit 1 when a
 * finding is at or above --failure-threshold. */
#include "cli/cli.h"
#include "misconf/dockerfile.h"
#include "misconf/k8s.h"
#include "util/file.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <strings.h>
#include <sys/stat.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>

static void usage(FILE *f)
{
    fputs(
        "usage: ward lint [OPTIONS] FILE|DIR...   ('-' reads stdin)\n"
        "\n"
        "Lint Dockerfiles and Kubernetes manifests (YAML, multi-document, Helm output).\n"
        "The kind of each file is detected from its name and content; a DIR is searched\n"
        "for Dockerfile*, Containerfile, *.Dockerfile and Kubernetes *.yaml / *.yml.\n"
        "\n"
        "  -f, --format FMT             table (default), json, sarif, checkstyle\n"
        "  -o, --output FILE            write the report to FILE instead of stdout\n"
        "  -t, --failure-threshold SEV  exit 1 when a finding is at or above SEV:\n"
        "                               error, warning, info (default), style, none\n"
        "      --ignore RULE[,RULE]     never report these rules (repeatable)\n"
        "      --enable RULE[,RULE]     turn on rules that are off by default (DL1001, DL3057)\n"
        "      --allowed-registry REG   DL3026: registries FROM may use (repeatable)\n"
        "      --no-inline-ignores      disregard '# hadolint ignore=' / '# ward ignore=' and\n"
        "                               '# ward:ignore' comments, ward.dev/ignore annotations\n"
        "      --require-label KEY:FMT  DL3049-DL3058 label schema (FMT: text url rfc3339 spdx\n"
        "                               hash semver email; repeatable)\n"
        "      --strict-labels          DL3050: labels outside the schema are findings\n"
        "      --list-rules             print the rules and their default severities\n",
        f);
}

struct strv {
    char **v;
    size_t n, cap;
};

static void strv_add_list(struct strv *s, const char *arg)
{
    const char *p = arg;
    while (*p) {
        size_t n = strcspn(p, ", ");
        if (n) {
            WARD_GROW(s->v, s->n, s->cap);
            s->v[s->n++] = ward_xstrndup(p, n);
        }
        p += n;
        while (*p == ',' || *p == ' ')
            p++;
    }
}

static void strv_free(struct strv *s)
{
    for (size_t i = 0; i < s->n; i++)
        free(s->v[i]);
    free(s->v);
}

static int read_input(const char *path, char **data, size_t *len, struct ward_error **err)
{
    struct ward_buf b = WARD_BUF_INIT(WARD_DF_MAX_BYTES);
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (!f)
        return ward_error_set(err, WARD_EIO, errno, "open %s", path);
    char tmp[65536];
    size_t r;
    while ((r = fread(tmp, 1, sizeof(tmp), f)) > 0)
        ward_buf_add(&b, tmp, r);
    bool bad = ferror(f) != 0;
    if (f != stdin)
        fclose(f);
    if (bad) {
        ward_buf_dispose(&b);
        return ward_error_set(err, WARD_EIO, errno, "read %s", path);
    }
    if (ward_buf_check(&b) < 0) {
        ward_buf_dispose(&b);
        return ward_error_set(err, WARD_ELIMIT, 0, "%s: larger than %u bytes", path,
                              WARD_DF_MAX_BYTES);
    }
    *len = b.len;
    *data = ward_buf_steal(&b);
    return 0;
}

static void list_rules(void)
{
    size_t n;
    const struct ward_lint_rule *r = ward_lint_rules(&n);
    for (size_t i = 0; i < n; i++)
        printf("%-9s %-8s %s\n", r[i].id, ward_lint_sev_name(r[i].sev), r[i].title);
    r = ward_k8s_rules(&n);
    for (size_t i = 0; i < n; i++)
        printf("%-9s %-8s %s\n", r[i].id, ward_lint_sev_name(r[i].sev), r[i].title);
}

/* --- what to lint: files named on the command line, or found under a directory --- */

enum lint_kind { LINT_DOCKERFILE, LINT_K8S };

struct lint_input {
    char *path;
    bool from_dir; /* found by the directory walk: unparsable YAML is skipped, not fatal */
};

struct inputs {
    struct lint_input *v;
    size_t n, cap;
};

#define WALK_MAX_DEPTH 32
#define WALK_MAX_FILES 100000u

static bool ends_with(const char *s, const char *suf)
{
    size_t n = strlen(s), k = strlen(suf);
    return n >= k && strcasecmp(s + n - k, suf) == 0;
}

static bool yaml_name(const char *base)
{
    return ends_with(base, ".yaml") || ends_with(base, ".yml");
}

static bool dockerfile_name(const char *base)
{
    return !strcmp(base, "Dockerfile") || !strcmp(base, "Containerfile") ||
           !strncmp(base, "Dockerfile.", 11) || ends_with(base, ".Dockerfile") ||
           ends_with(base, ".dockerfile");
}

static int cmp_input(const void *a, const void *b)
{
    return strcmp(((const struct lint_input *)a)->path, ((const struct lint_input *)b)->path);
}

static void walk_dir(struct inputs *in, const char *dir, int depth)
{
    if (depth > WALK_MAX_DEPTH || in->n >= WALK_MAX_FILES)
        return;
    DIR *d = opendir(dir);
    if (!d) {
        fprintf(stderr, "ward: lint: %s: %s\n", dir, strerror(errno));
        return;
    }
    struct dirent *e;
    while ((e = readdir(d)) != NULL && in->n < WALK_MAX_FILES) {
        const char *b = e->d_name;
        if (b[0] == '.' || !strcmp(b, "node_modules") || !strcmp(b, "vendor"))
            continue; /* ".", "..", .git and other hidden trees, dependencies */
        char *p = ward_xasprintf("%s/%s", dir, b);
        struct stat st;
        if (lstat(p, &st) == 0 && S_ISDIR(st.st_mode)) {
            walk_dir(in, p, depth + 1);
        } else if (S_ISREG(st.st_mode) && (yaml_name(b) || dockerfile_name(b))) {
            WARD_GROW(in->v, in->n, in->cap);
            in->v[in->n++] = (struct lint_input){.path = p, .from_dir = true};
            p = NULL;
        }
        free(p);
    }
    closedir(d);
}

static enum lint_kind detect_kind(const char *path, const char *data, size_t len)
{
    const char *b = strrchr(path, '/');
    b = b ? b + 1 : path;
    if (yaml_name(b) || ends_with(b, ".json"))
        return LINT_K8S;
    if (dockerfile_name(b))
        return LINT_DOCKERFILE;
    return ward_k8s_sniff(data, len) ? LINT_K8S : LINT_DOCKERFILE;
}

int ward_cmd_lint(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"format", required_argument, NULL, 'f'},
        {"output", required_argument, NULL, 'o'},
        {"failure-threshold", required_argument, NULL, 't'},
        {"ignore", required_argument, NULL, 'i'},
        {"enable", required_argument, NULL, 'e'},
        {"allowed-registry", required_argument, NULL, 'r'},
        {"trusted-registry", required_argument, NULL, 'r'},
        {"no-inline-ignores", no_argument, NULL, 'N'},
        {"require-label", required_argument, NULL, 'l'},
        {"strict-labels", no_argument, NULL, 'S'},
        {"list-rules", no_argument, NULL, 'L'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *format = "table", *output = NULL;
    int threshold = WARD_LINT_INFO;
    struct strv ignore = {0}, enable = {0}, regs = {0}, labels = {0};
    bool no_inline = false, strict = false;
    int rc = WARD_EXIT_OK, c;

    optind = 1;
    while ((c = getopt_long(argc, argv, "f:o:t:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'f':
            format = optarg;
            break;
        case 'o':
            output = optarg;
            break;
        case 't':
            threshold = ward_lint_sev_parse(optarg);
            if (threshold < 0) {
                rc = ward_cli_usage_error("lint", "unknown severity %s", optarg);
                goto out;
            }
            break;
        case 'i':
            strv_add_list(&ignore, optarg);
            break;
        case 'e':
            strv_add_list(&enable, optarg);
            break;
        case 'r':
            strv_add_list(&regs, optarg);
            break;
        case 'l':
            strv_add_list(&labels, optarg);
            break;
        case 'S':
            strict = true;
            break;
        case 'N':
            no_inline = true;
            break;
        case 'L':
            list_rules();
            goto out;
        case 'h':
            usage(stdout);
            goto out;
        default:
            rc = WARD_EXIT_USAGE;
            usage(stderr);
            goto out;
        }
    }
    if (strcmp(format, "table") != 0 && strcmp(format, "json") != 0 &&
        strcmp(format, "sarif") != 0 && strcmp(format, "checkstyle") != 0) {
        rc = ward_cli_usage_error("lint", "unknown format %s", format);
        goto out;
    }
    for (size_t i = 0; i < ignore.n; i++)
        if (!ward_lint_rule_find(ignore.v[i]) && !ward_k8s_rule_find(ignore.v[i]))
            fprintf(stderr, "ward: lint: --ignore %s: no such rule\n", ignore.v[i]);
    for (size_t i = 0; i < enable.n; i++)
        if (!ward_lint_rule_find(enable.v[i]))
            fprintf(stderr, "ward: lint: --enable %s: no such rule\n", enable.v[i]);
    if (optind >= argc) {
        rc = ward_cli_usage_error("lint", "expected a Dockerfile, a manifest or a directory");
        goto out;
    }

    struct ward_lint_opts opts = {
        .ignore = (const char *const *)ignore.v,
        .n_ignore = ignore.n,
        .enable = (const char *const *)enable.v,
        .n_enable = enable.n,
        .allowed_registries = (const char *const *)regs.v,
        .n_allowed_registries = regs.n,
        .no_inline_ignores = no_inline,
        .label_schema = (const char *const *)labels.v,
        .n_label_schema = labels.n,
        .strict_labels = strict,
    };
    struct inputs in = {0};
    for (int a = optind; a < argc; a++) {
        struct stat st;
        size_t first = in.n;
        if (strcmp(argv[a], "-") != 0 && stat(argv[a], &st) == 0 && S_ISDIR(st.st_mode)) {
            walk_dir(&in, argv[a], 0);
            if (in.n > first)
                qsort(in.v + first, in.n - first, sizeof(*in.v), cmp_input);
            continue;
        }
        WARD_GROW(in.v, in.n, in.cap);
        in.v[in.n++] = (struct lint_input){.path = ward_xstrdup(argv[a])};
    }
    size_t nfiles = in.n;
    struct ward_lint_file *files = ward_xcalloc(nfiles ? nfiles : 1, sizeof(*files));
    struct ward_lint_result **results = ward_xcalloc(nfiles ? nfiles : 1, sizeof(*results));
    bool over = false;
    size_t nkept = 0;
    for (size_t k = 0; k < nfiles && rc == WARD_EXIT_OK; k++) {
        const char *path = in.v[k].path;
        struct ward_error *err = NULL;
        char *data = NULL;
        size_t len = 0;
        struct ward_dockerfile *df = NULL;
        enum lint_kind kind = LINT_DOCKERFILE;
        size_t objects = 0;
        int r = read_input(path, &data, &len, &err);
        if (r == 0)
            kind = detect_kind(path, data, len);
        if (r == 0 && kind == LINT_K8S && in.v[k].from_dir && !ward_k8s_sniff(data, len)) {
            free(data); /* YAML that is not a Kubernetes manifest (CI config, values.yaml) */
            continue;
        }
        if (r == 0 && kind == LINT_K8S)
            r = ward_lint_k8s(&results[nkept], data, len, &opts, &objects, &err);
        else if (r == 0)
            r = (ward_dockerfile_parse(&df, data, len, &err) < 0 ||
                 ward_lint_dockerfile(&results[nkept], df, &opts, &err) < 0)
                    ? -1
                    : 0;
        if (r < 0 && in.v[k].from_dir && kind == LINT_K8S && data) {
            fprintf(stderr, "ward: lint: %s: skipped: %s\n", path, err ? err->msg : "error");
            ward_error_free(err);
            free(data);
            continue;
        }
        if (r < 0) {
            if (err && data)
                ward_error_wrap(&err, "%s", path);
            rc = ward_cli_fail("lint", err);
        }
        if (r == 0 && kind == LINT_K8S && !objects)
            fprintf(stderr, "ward: lint: %s: no Kubernetes objects (apiVersion + kind) found\n",
                    path);
        free(data);
        ward_dockerfile_free(df);
        if (!results[nkept])
            continue;
        files[nkept].path = path;
        files[nkept].result = results[nkept];
        nkept++;
        size_t kk = nkept - 1;
        for (size_t i = 0; i < results[kk]->n; i++)
            if (threshold != WARD_LINT_OFF && (int)results[kk]->items[i].sev >= threshold)
                over = true;
    }
    if (rc == WARD_EXIT_OK) {
        struct ward_buf b = WARD_BUF_INIT(256u << 20);
        struct ward_error *err = NULL;
        if (ward_lint_render(&b, format, files, nkept, &err) < 0)
            rc = ward_cli_fail("lint", err);
        else
            rc = ward_cli_write_output(output, &b);
        ward_buf_dispose(&b);
        if (rc == WARD_EXIT_OK && over)
            rc = WARD_EXIT_FINDINGS;
    }
    for (size_t k = 0; k < nkept; k++)
        ward_lint_result_free(results[k]);
    for (size_t k = 0; k < in.n; k++)
        free(in.v[k].path);
    free(in.v);
    free(results);
    free(files);
out:
    strv_free(&ignore);
    strv_free(&enable);
    strv_free(&regs);
    strv_free(&labels);
    return rc;
}
