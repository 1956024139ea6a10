/* sbom.c - `ward sbom TARGET`: list every package in an image, a root
 * filesystem, a project directory or an SBOM file, as CycloneDX, SPDX, ward
 * JSON or a table. */
#include "cli/cli.h"
#include "inventory/scan.h"
#include "report/report.h"
#include "util/file.h"
#include "util/log.h"

#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

static void usage(FILE *f)
{
    fputs("usage: ward sbom [OPTIONS] TARGET\n"
          "\n"
          "TARGET is an image tarball (docker save, OCI archive; gzip/zstd or not), an OCI\n"
          "layout directory, a root filesystem directory, a project directory, an image in\n"
          "the Docker Engine (name or id), a registry reference (host[:port]/repo[:tag|@digest])\n"
          "or a CycloneDX/SPDX JSON file. Prefixes force a source: docker-archive:, oci:,\n"
          "dir:, docker:, registry:.\n"
          "\n"
          "options:\n"
          "  -f, --format FMT     table (default on a terminal), json, cyclonedx, spdx\n"
          "  -o, --output FILE    write the SBOM to FILE instead of stdout\n"
          "      --type KIND      docker-archive, oci, rootfs, docker, registry, project\n"
          "      --platform P     os/arch[/variant] to pick from a multi-platform image\n"
          "      --host H         Docker Engine to use (default $DOCKER_HOST)\n"
          "      --insecure       allow plain-HTTP registries\n"
          "      --cache-dir DIR  layer cache (default ~/.cache/ward)\n"
          "      --no-cache       do not read or write the layer cache\n"
          "      --include-dev-deps  list dev/test-only dependencies of lockfiles (left\n"
          "                       out by default, as trivy does)\n"
          "  -q, --quiet          no progress or warnings on stderr\n"
          "  -h, --help           this help\n",
          f);
}

int ward_cmd_sbom(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"format", required_argument, NULL, 'f'},
        {"output", required_argument, NULL, 'o'},
        WARD_CLI_TARGET_LONGOPTS,
        {"include-dev-deps", no_argument, NULL, WARD_CLI_OPT_INCLUDE_DEV},
        {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *format = NULL, *output = NULL;
    bool include_dev = false;
    struct ward_inventory_opts o = {0};
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "f:o:qh", longopts, NULL)) != -1) {
        switch (c) {
        case 'f':
            format = optarg;
            break;
        case 'o':
            output = optarg;
            break;
        case WARD_CLI_OPT_INCLUDE_DEV:
            include_dev = true;
            break;
        case 'q':
            ward_log_set_level(WARD_LOG_ERROR);
            break;
        case 'h':
            usage(stdout);
            return WARD_EXIT_OK;
        default:
            if (ward_cli_target_option(c, optarg, &o))
                break;
            return ward_cli_usage_error("sbom", "bad option");
        }
    }
    if (optind != argc - 1)
        return ward_cli_usage_error("sbom", "expected exactly one TARGET");
    const char *target = argv[optind];
    if (!format)
        format = (isatty(1) && !output) ? "table" : "json";
    enum ward_sbom_format fmt;
    struct ward_error *err = NULL;
    if (ward_sbom_format_parse(&fmt, format, &err) < 0) {
        ward_error_free(err);
        return ward_cli_usage_error("sbom", "unknown format '%s' (table, json, cyclonedx, spdx)",
                                    format);
    }
    ward_autoptr(ward_inventory) inv = NULL;
    if (ward_cli_load_target(&inv, target, &o, NULL, &err) < 0)
        return ward_cli_fail("sbom", err);
    if (!include_dev)
        ward_cli_drop_dev(inv);
    struct ward_buf out = WARD_BUF_INIT(0);
    struct ward_report_opts ro = {.pretty = true};
    int rc = ward_report_sbom(&out, inv, fmt, &ro, &err);
    if (rc < 0) {
        ward_buf_dispose(&out);
        return ward_cli_fail("sbom", err);
    }
    rc = ward_cli_write_output(output, &out);
    ward_buf_dispose(&out);
    return rc;
}
