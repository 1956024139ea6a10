/* registry_probe.c - drives the registry client for tests/e2e/registry.sh (not a unit test):
 * resolves a reference, prints the manifest/config digests and streams every layer,
 * printing each one's digest, manifest size, bytes received and the sha256 of those bytes. */
#include "image/registry.h"
#include "util/hash.h"
#include "util/log.h"

#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

struct count {
    struct ward_sha256 h;
    uint64_t n;
};

static int count_sink(const void *p, size_t n, void *payload)
{
    struct count *c = payload;
    ward_sha256_update(&c->h, p, n);
    c->n += n;
    return 0;
}

/* The code's symbol, so the e2e test can match the exact error class. */
static const char *code_symbol(int code)
{
    switch (code) {
    case WARD_ENOTFOUND:
        return "ENOTFOUND";
    case WARD_EFORMAT:
        return "EFORMAT";
    case WARD_ELIMIT:
        return "ELIMIT";
    case WARD_EUNSUPPORTED:
        return "EUNSUPPORTED";
    case WARD_EIO:
        return "EIO";
    default:
        return "ERR";
    }
}

static int fail(struct ward_error *err)
{
    fprintf(stderr, "registry_probe: %s: %s\n", code_symbol(err ? err->code : WARD_ERR),
            err && err->msg ? err->msg : "?");
    ward_error_free(err);
    return 1;
}

static int stream(struct ward_registry *reg, const char *digest, uint64_t size)
{
    struct count c = {.n = 0};
    struct ward_error *err = NULL;
    char got[72];
    ward_sha256_init(&c.h);
    int rc = ward_registry_blob(reg, digest, count_sink, &c, &err);
    ward_sha256_final_hex(&c.h, got);
    if (rc < 0)
        return fail(err);
    printf("layer %s %" PRIu64 " %" PRIu64 " %s\n", digest, size, c.n, got);
    return 0;
}

int main(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"platform", required_argument, NULL, 'p'},
        {"insecure", no_argument, NULL, 'k'},
        {"config-dir", required_argument, NULL, 'c'},
        {"username", required_argument, NULL, 'u'},
        {"password", required_argument, NULL, 'P'},
        {"no-layers", no_argument, NULL, 'n'},
        {"blob", required_argument, NULL, 'b'},
        {"timeout", required_argument, NULL, 't'},
        {"debug", no_argument, NULL, 'd'},
        {NULL, 0, NULL, 0},
    };
    struct ward_registry_opts o = {0};
    const char *blob = NULL;
    bool layers = true;
    int ch;
    while ((ch = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        switch (ch) {
        case 'p':
            o.platform = optarg;
            break;
        case 'k':
            o.insecure = true;
            break;
        case 'c':
            o.docker_config_dir = optarg;
            break;
        case 'u':
            o.username = optarg;
            break;
        case 'P':
            o.password = optarg;
            break;
        case 'n':
            layers = false;
            break;
        case 'b':
            blob = optarg;
            break;
        case 't':
            o.timeout_s = strtol(optarg, NULL, 10);
            break;
        case 'd':
            ward_log_set_level(WARD_LOG_DEBUG);
            break;
        default:
            return 2;
        }
    }
    if (optind + 1 != argc) {
        fprintf(stderr, "usage: registry_probe [--platform P] [--insecure] [--config-dir D] "
                        "[--username U --password P] [--no-layers] [--blob DIGEST] REF\n");
        return 2;
    }
    struct ward_error *err = NULL;
    struct ward_image_ref ref;
    if (ward_image_ref_parse(&ref, argv[optind], &err) < 0)
        return fail(err);
    struct ward_registry *reg = NULL;
    int rc = ward_registry_open(&reg, &ref, &o, &err);
    ward_image_ref_dispose(&ref);
    if (rc < 0)
        return fail(err);
    if (blob) {
        rc = stream(reg, blob, 0);
        ward_registry_free(reg);
        return rc;
    }
    struct ward_registry_image img;
    rc = ward_registry_resolve(reg, &img, &err);
    if (rc < 0) {
        ward_registry_image_dispose(&img);
        ward_registry_free(reg);
        return fail(err);
    }
    char cfg_sha[72];
    ward_sha256_hex(img.config.ptr, img.config.len, cfg_sha);
    if (img.index_digest)
        printf("index %s\n", img.index_digest);
    printf("manifest %s\n", img.manifest_digest);
    printf("media_type %s\n", img.media_type);
    printf("config %s %zu %s\n", img.config_digest, img.config.len, cfg_sha);
    for (size_t i = 0; i < img.n_layers && rc == 0; i++) {
        if (layers)
            rc = stream(reg, img.layers[i].digest, img.layers[i].size);
        else
            printf("layer %s %" PRIu64 "\n", img.layers[i].digest, img.layers[i].size);
    }
    ward_registry_image_dispose(&img);
    ward_registry_free(reg);
    return rc;
}
