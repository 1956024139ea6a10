/* target.c - turn a TARGET argument into an inventory, the same way for
 * every command that takes one (sbom, scan): SBOM files are read as SBOMs,
 * everything else goes through the image sources / project scan. */
#include "cli/cli.h"
#include "report/report.h"
#include "util/file.h"
#include "util/log.h"

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

static bool is_sbom_file(const char *path)
{
    struct stat st;
    if (stat(path, &st) < 0 || !S_ISREG(st.st_mode))
        return false;
    FILE *f = fopen(path, "rb");
    if (!f)
        return false;
    int c;
    while ((c = fgetc(f)) != EOF && (c == ' ' || c == '\n' || c == '\r' || c == '\t'))
        ;
    fclose(f);
    if (c == '{')
        return true;
    /* A file named like an SBOM is read as one, so a broken SBOM gets a JSON
     * error rather than a confusing one from the tar reader. */
    size_t n = strlen(path);
    static const char *const exts[] = {".json", ".cdx", ".spdx"};
    for (size_t i = 0; i < WARD_ARRAY_LEN(exts); i++) {
        size_t e = strlen(exts[i]);
        if (n > e && strcmp(path + n - e, exts[i]) == 0)
            return true;
    }
    return false;
}

bool ward_cli_target_option(int c, const char *arg, struct ward_inventory_opts *o)
{
    switch (c) {
    case WARD_CLI_OPT_TYPE:
        o->source = arg;
        return true;
    case WARD_CLI_OPT_PLATFORM:
        o->platform = arg;
        return true;
    case WARD_CLI_OPT_HOST:
        o->docker_host = arg;
        return true;
    case WARD_CLI_OPT_INSECURE:
        o->insecure_registry = true;
        return true;
    case WARD_CLI_OPT_CACHE_DIR:
        o->cache_dir = arg;
        return true;
    case WARD_CLI_OPT_NO_CACHE:
        o->no_cache = true;
        return true;
    }
    return false;
}

int ward_cli_load_target(struct ward_inventory **out, const char *target,
                         const struct ward_inventory_opts *o, struct ward_image **img_out,
                         struct ward_error **err)
{
    *out = NULL;
    if (img_out)
        *img_out = NULL;
    if (!o->source && is_sbom_file(target)) {
        struct ward_buf in = WARD_BUF_INIT(0);
        int rc = ward_file_read(&in, AT_FDCWD, target, 512u << 20, err);
        if (rc == 0)
            rc = ward_sbom_read(out, in.ptr ? in.ptr : "", in.len, target, err);
        ward_buf_dispose(&in);
        return rc;
    }
    bool progress = ward_cli_stderr_tty() && ward_log_get_level() >= WARD_LOG_WARN;
    if (progress)
        fprintf(stderr, "ward: reading %s ...\r", target);
    int rc = ward_inventory_scan(out, target, o, img_out, err);
    if (progress)
        fprintf(stderr, "\033[K");
    return rc;
}
