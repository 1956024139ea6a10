/* db.c - `ward db`: build and inspect the advisory database.
 * `ward db import PATH...` (OSV JSON/YAML/zip, Alpine secdb, Debian tracker),
 * `ward db update` (feed URLs), `ward db export` (offline bundle),
 * `ward db status` (age, sources, counts; --json for machines). */
#include "cli/cli.h"
#include "util/file.h"
#include "util/json_out.h"
#include "util/log.h"
#include "vulndb/vulndb.h"

#include <ctype.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static void usage(FILE *f)
{
    fputs("usage: ward db [--db PATH] COMMAND [ARGS]\n"
          "\n"
          "commands:\n"
          "  import [--replace] [--ecosystem ECO] PATH...\n"
          "                       import OSV JSON/YAML files, directories or all.zip\n"
          "                       archives, Alpine secdb JSON/YAML, Debian security tracker\n"
          "                       JSON or DSA/DLA list files\n"
          "                       (a single PATH that is a DB bundle replaces the DB)\n"
          "  update [--insecure] [URL...]\n"
          "                       rebuild the DB from feed URLs (http, https, file); without\n"
          "                       URLs: $WARD_DB_FEEDS, else $XDG_CONFIG_HOME/ward/feeds\n"
          "                       (one URL per line). A failed fetch keeps the old DB.\n"
          "  export FILE          write the DB as one offline bundle file\n"
          "  status [--json]      age, sources and counts of the database\n"
          "  path                 print the database path\n"
          "\n"
          "options:\n"
          "      --db PATH        database file (default $WARD_DB, else\n"
          "                       $XDG_CACHE_HOME/ward/db.sqlite or ~/.cache/ward/db.sqlite)\n"
          "  -q, --quiet          only errors on stderr (no warnings, no summary)\n"
          "  -h, --help           this help\n",
          f);
}

static int cmd_import(const char *db, int argc, char **argv)
{
    static const struct option longopts[] = {
        {"replace", no_argument, NULL, 'r'},
        {"ecosystem", required_argument, NULL, 'e'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    struct ward_vulndb_import_opts o = {0};
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        switch (c) {
        case 'r':
            o.replace = true;
            break;
        case 'e':
            o.ecosystem = optarg;
            break;
        case 'h':
            usage(stdout);
            return WARD_EXIT_OK;
        default:
            return ward_cli_usage_error("db import", "see `ward db --help`");
        }
    }
    if (optind >= argc)
        return ward_cli_usage_error("db import", "no PATH given");
    struct ward_vulndb_import_stats st;
    struct ward_error *err = NULL;
    if (argc - optind == 1 && ward_vulndb_is_bundle(argv[optind])) {
        if (ward_vulndb_install_bundle(db, argv[optind], &err) < 0)
            return ward_cli_fail("db import", err);
        if (ward_log_get_level() >= WARD_LOG_WARN) /* not with --quiet */
            fprintf(stderr, "ward: db: installed bundle %s\n", argv[optind]);
        printf("%s\n", db);
        return WARD_EXIT_OK;
    }
    if (ward_vulndb_import(db, (const char *const *)argv + optind, (size_t)(argc - optind), &o, &st,
                           &err) < 0)
        return ward_cli_fail("db import", err);
    if (ward_log_get_level() >= WARD_LOG_WARN) /* not with --quiet */
        fprintf(stderr,
                "ward: db: imported %zu advisories (%zu package entries) from %zu files in %.2f s;"
                " %zu skipped\n",
                st.advisories, st.affected, st.files, st.seconds, st.skipped);
    printf("%s\n", db);
    return WARD_EXIT_OK;
}

/* Feed URLs from $WARD_DB_FEEDS (whitespace-separated) or the feeds file. */
static size_t feeds_from_config(char ***out)
{
    struct ward_buf b = WARD_BUF_INIT(0);
    const char *env = getenv("WARD_DB_FEEDS");
    if (env && *env) {
        ward_buf_adds(&b, env);
    } else {
        const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
        char *path = xdg && *xdg ? ward_xasprintf("%s/ward/feeds", xdg)
                                 : ward_xasprintf("%s/.config/ward/feeds", home ? home : "/");
        struct ward_error *err = NULL;
        if (ward_file_read(&b, AT_FDCWD, path, 1u << 20, &err) < 0)
            ward_error_free(err);
        free(path);
    }
    char **v = NULL;
    size_t n = 0, cap = 0;
    struct ward_span in = ward_span_of(b.ptr ? b.ptr : "", b.len), line;
    while (ward_span_line(&in, &line)) {
        struct ward_span l, r;
        if (ward_span_cut(line, '#', &l, &r))
            line = l;
        /* several URLs may share a line (the environment variable form) */
        size_t i = 0;
        while (i < line.len) {
            while (i < line.len && isspace((unsigned char)line.ptr[i]))
                i++;
            size_t s0 = i;
            while (i < line.len && !isspace((unsigned char)line.ptr[i]))
                i++;
            if (i > s0) {
                WARD_GROW(v, n, cap);
                v[n++] = ward_xstrndup(line.ptr + s0, i - s0);
            }
        }
    }
    ward_buf_dispose(&b);
    *out = v;
    return n;
}

static int cmd_update(const char *db, int argc, char **argv)
{
    static const struct option longopts[] = {
        {"insecure", no_argument, NULL, 'k'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    bool insecure = false;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        switch (c) {
        case 'k':
            insecure = true;
            break;
        case 'h':
            usage(stdout);
            return WARD_EXIT_OK;
        default:
            return ward_cli_usage_error("db update", "see `ward db --help`");
        }
    }
    char **cfg = NULL;
    size_t n = 0;
    const char *const *urls;
    if (optind < argc) {
        urls = (const char *const *)argv + optind;
        n = (size_t)(argc - optind);
    } else {
        n = feeds_from_config(&cfg);
        urls = (const char *const *)cfg;
    }
    struct ward_vulndb_import_stats st;
    struct ward_error *err = NULL;
    int r = ward_vulndb_update(db, urls, n, insecure, &st, &err);
    for (size_t i = 0; cfg && i < n; i++)
        free(cfg[i]);
    free(cfg);
    if (r < 0)
        return ward_cli_fail("db update", err);
    if (ward_log_get_level() >= WARD_LOG_WARN) /* not with --quiet */
        fprintf(stderr,
                "ward: db: updated from %zu feed%s: %zu advisories (%zu package entries) in %.2f s;"
                " %zu skipped\n",
                n, n == 1 ? "" : "s", st.advisories, st.affected, st.seconds, st.skipped);
    printf("%s\n", db);
    return WARD_EXIT_OK;
}

static int cmd_export(const char *db, int argc, char **argv)
{
    if (argc != 2)
        return ward_cli_usage_error("db export", "expected exactly one FILE");
    struct ward_error *err = NULL;
    if (ward_vulndb_export(db, argv[1], &err) < 0)
        return ward_cli_fail("db export", err);
    printf("%s\n", argv[1]);
    return WARD_EXIT_OK;
}

static void fmt_time(char *out, size_t n, int64_t t)
{
    time_t tt = (time_t)t;
    struct tm tm;
    if (!t || !gmtime_r(&tt, &tm) || !strftime(out, n, "%Y-%m-%dT%H:%M:%SZ", &tm))
        snprintf(out, n, "never");
}

static int cmd_status(const char *path, int argc, char **argv)
{
    bool json = argc > 1 && strcmp(argv[1], "--json") == 0;
    if (argc > 1 && !json)
        return ward_cli_usage_error("db status", "unknown argument '%s'", argv[1]);
    struct ward_vulndb *db = NULL;
    struct ward_error *err = NULL;
    if (ward_vulndb_open(&db, path, &err) < 0)
        return ward_cli_fail("db status", err);
    struct ward_vulndb_info info;
    if (ward_vulndb_info(db, &info, &err) < 0) {
        ward_vulndb_close(db);
        return ward_cli_fail("db status", err);
    }
    ward_vulndb_close(db);
    int64_t now = (int64_t)time(NULL);
    int64_t age = info.built_at ? now - info.built_at : -1;
    char when[64];
    fmt_time(when, sizeof(when), info.built_at);
    struct ward_buf out = WARD_BUF_INIT(64u << 20);
    if (json) {
        struct ward_json j;
        ward_json_init(&j, &out, true);
        ward_json_obj_begin(&j);
        ward_json_kv_str(&j, "path", path);
        ward_json_kv_int(&j, "schema_version", info.schema_version);
        ward_json_kv_str(&j, "built_at", when);
        ward_json_kv_int(&j, "age_seconds", age);
        ward_json_kv_int(&j, "advisories", (int64_t)info.advisories);
        ward_json_kv_int(&j, "affected", (int64_t)info.affected);
        ward_json_kv_int(&j, "aliases", (int64_t)info.aliases);
        ward_json_key(&j, "sources");
        ward_json_arr_begin(&j);
        for (size_t i = 0; i < info.n_sources; i++) {
            const struct ward_vulndb_source_info *s = &info.sources[i];
            char t[64];
            fmt_time(t, sizeof(t), s->imported_at);
            ward_json_obj_begin(&j);
            ward_json_kv_str(&j, "path", s->path);
            ward_json_kv_str(&j, "feeds", s->name);
            ward_json_kv_str(&j, "imported_at", t);
            ward_json_kv_int(&j, "advisories", (int64_t)s->advisories);
            ward_json_kv_int(&j, "affected", (int64_t)s->affected);
            ward_json_kv_int(&j, "skipped", (int64_t)s->skipped);
            ward_json_obj_end(&j);
        }
        ward_json_arr_end(&j);
        ward_json_key(&j, "ecosystems");
        ward_json_obj_begin(&j);
        for (size_t i = 0; i < info.ecosystems; i++)
            ward_json_kv_int(&j, info.ecosystem_names[i], (int64_t)info.ecosystem_counts[i]);
        ward_json_obj_end(&j);
        ward_json_obj_end(&j);
        ward_buf_addc(&out, '\n');
    } else {
        ward_buf_addf(&out, "database:    %s\n", path);
        ward_buf_addf(&out, "schema:      %d\n", info.schema_version);
        if (age >= 0)
            ward_buf_addf(&out, "built:       %s (%lld h %lld min ago)\n", when,
                          (long long)(age / 3600), (long long)(age % 3600 / 60));
        else
            ward_buf_addf(&out, "built:       never\n");
        ward_buf_addf(&out, "advisories:  %zu\n", info.advisories);
        ward_buf_addf(&out, "packages:    %zu advisory/package entries in %zu ecosystems\n",
                      info.affected, info.ecosystems);
        ward_buf_addf(&out, "aliases:     %zu\n", info.aliases);
        ward_buf_addf(&out, "sources:\n");
        for (size_t i = 0; i < info.n_sources; i++) {
            const struct ward_vulndb_source_info *s = &info.sources[i];
            char t[64];
            fmt_time(t, sizeof(t), s->imported_at);
            ward_buf_addf(&out,
                          "  %s\n    feeds %s, imported %s, %zu advisories, %zu entries,"
                          " %zu skipped\n",
                          s->path, *s->name ? s->name : "-", t, s->advisories, s->affected,
                          s->skipped);
        }
    }
    ward_vulndb_info_dispose(&info);
    int r = ward_cli_write_stdout(&out);
    ward_buf_dispose(&out);
    return r;
}

int ward_cmd_db(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"db", required_argument, NULL, 'd'},
        {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *dbopt = NULL;
    int c;
    optind = 1;
    /* '+': stop at the subcommand so its own options are parsed by it. */
    while ((c = getopt_long(argc, argv, "+qh", longopts, NULL)) != -1) {
        switch (c) {
        case 'd':
            dbopt = optarg;
            break;
        case 'q':
            ward_log_set_level(WARD_LOG_ERROR);
            break;
        case 'h':
            usage(stdout);
            return WARD_EXIT_OK;
        default:
            usage(stderr);
            return WARD_EXIT_USAGE;
        }
    }
    if (optind >= argc)
        return ward_cli_usage_error("db",
                                    "no command given (import, update, export, status, path)");
    char *path = dbopt ? ward_xstrdup(dbopt) : ward_vulndb_default_path();
    const char *cmd = argv[optind];
    int sub_argc = argc - optind;
    char **sub_argv = argv + optind;
    int r;
    if (!strcmp(cmd, "import"))
        r = cmd_import(path, sub_argc, sub_argv);
    else if (!strcmp(cmd, "update"))
        r = cmd_update(path, sub_argc, sub_argv);
    else if (!strcmp(cmd, "export"))
        r = cmd_export(path, sub_argc, sub_argv);
    else if (!strcmp(cmd, "status"))
        r = cmd_status(path, sub_argc, sub_argv);
    else if (!strcmp(cmd, "path")) {
        printf("%s\n", path);
        r = WARD_EXIT_OK;
    } else
        r = ward_cli_usage_error("db", "unknown command '%s'", cmd);
    free(path);
    return r;
}
