/* diff.c - `ward diff CONTAINER`: files the container added (A), changed (C)
 * and deleted (D) against its image, from the overlay2 upper dir or, when that
 * is not readable, the Engine API; JSON adds the classified drift. */
#include "cli/cli.h"
#include "engine/engine.h"
#include "runtime/runtime.h"
#include "util/log.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static void usage(FILE *f)
{
    fputs("usage: ward diff [OPTIONS] CONTAINER\n"
          "\n"
          "Changes in a container's filesystem against its image, as docker diff prints\n"
          "them (A added, C changed, D deleted).\n"
          "\n"
          "options:\n"
          "  -f, --format FMT    text (default, docker diff's lines) or json (with drift)\n"
          "      --source SRC    auto (default), overlay (read the overlay2 dirs) or engine\n"
          "                      (GET /containers/{id}/changes)\n"
          "      --host H        Docker Engine to use (default $DOCKER_HOST)\n"
          "  -h, --help          this help\n",
          f);
}

/* Split "a:b:c" (LowerDir) into a NULL-terminated vector; caller frees both. */
static char **split_lowers(char *s, size_t *n)
{
    size_t cap = 1;
    for (char *p = s; *p; p++)
        cap += *p == ':';
    char **v = ward_xcalloc(cap + 1, sizeof(char *));
    *n = 0;
    for (char *tok = s, *next; tok && *tok; tok = next) {
        next = strchr(tok, ':');
        if (next)
            *next++ = '\0';
        v[(*n)++] = tok;
    }
    return v;
}

static int from_overlay(struct ward_changes *out, const json_t *inspect, struct ward_error **err)
{
    json_t *gd = ward_jobj(inspect, "GraphDriver");
    const char *drv = ward_jstr(gd, "Name");
    json_t *data = ward_jobj(gd, "Data");
    const char *upper = ward_jstr(data, "UpperDir"), *lower = ward_jstr(data, "LowerDir");
    if (!drv || strcmp(drv, "overlay2") != 0 || !upper)
        return ward_error_set(err, WARD_EUNSUPPORTED, 0, "storage driver %s has no overlay dirs",
                              drv ? drv : "(unknown)");
    if (access(upper, R_OK | X_OK) < 0)
        return ward_error_set(err, WARD_EIO, 0, "upper dir %s is not readable here", upper);
    ward_autofree char *lcopy = ward_xstrdup(lower ? lower : "");
    size_t n = 0;
    ward_autofree char **lowers = split_lowers(lcopy, &n);
    return ward_diff_overlay(out, upper, lowers, n, err);
}

int ward_cmd_diff(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"format", required_argument, NULL, 'f'},
        {"source", required_argument, NULL, 's'},
        {"host", required_argument, NULL, 'H'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    bool json = false;
    const char *source = "auto", *host = NULL;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "f:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'f':
            if (strcmp(optarg, "json") == 0)
                json = true;
            else if (strcmp(optarg, "text") != 0 && strcmp(optarg, "table") != 0)
                return ward_cli_usage_error("diff", "unknown format '%s'", optarg);
            break;
        case 's':
            if (strcmp(optarg, "auto") && strcmp(optarg, "overlay") && strcmp(optarg, "engine"))
                return ward_cli_usage_error("diff", "unknown source '%s'", optarg);
            source = optarg;
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
    if (argc - optind != 1)
        return ward_cli_usage_error("diff", "expected exactly one CONTAINER");
    const char *ref = argv[optind];
    struct ward_error *err = NULL;
    ward_autoptr(ward_engine) e = NULL;
    if (ward_engine_open(&e, host, &err) < 0)
        return ward_cli_fail("diff", err);
    ward_autofree char *esc = ward_engine_escape(ref);
    ward_autofree char *path = ward_xasprintf("/containers/%s/json", esc);
    ward_autojson inspect = NULL;
    if (ward_engine_get_json(e, path, &inspect, &err) < 0)
        return ward_cli_fail("diff", err);
    const char *id = ward_jstr(inspect, "Id"), *name = ward_jstr(inspect, "Name");
    if (!id)
        return ward_cli_fail("diff",
                             (ward_error_set(&err, WARD_EFORMAT, 0, "inspect has no Id"), err));
    if (name && name[0] == '/')
        name++;

    struct ward_changes ch = {0};
    int rc = -1;
    if (strcmp(source, "engine") != 0) {
        rc = from_overlay(&ch, inspect, &err);
        if (rc < 0 && strcmp(source, "overlay") == 0)
            return ward_cli_fail("diff", err);
        if (rc < 0) {
            ward_info("diff: %s; asking the Engine", err->msg);
            ward_error_free(err);
            err = NULL;
        }
    }
    if (rc < 0) {
        ward_autofree char *cp = ward_xasprintf("/containers/%s/changes", id);
        ward_autojson arr = NULL;
        if (ward_engine_get_json(e, cp, &arr, &err) < 0 ||
            ward_diff_engine_json(&ch, arr, &err) < 0)
            return ward_cli_fail("diff", err);
    }
    struct ward_buf b = WARD_BUF_INIT(1ull << 30);
    rc = json ? ward_diff_json(&ch, id, name, &b, true) : ward_diff_text(&ch, &b);
    rc = rc == 0 ? ward_cli_write_stdout(&b) : WARD_EXIT_ERROR;
    ward_buf_dispose(&b);
    ward_changes_dispose(&ch);
    return rc;
}
