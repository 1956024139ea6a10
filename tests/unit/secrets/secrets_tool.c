/* secrets_tool.c - test and bench driver for the secret scanner until `ward scan
 * --scanners secret` is wired: opens an image/rootfs with the scanner's keep
 * hook (one pass over the layers), scans it, prints findings as JSON on stdout
 * and timings on stderr. `--no-keep` opens the image with no keep hook (baseline);
 * `--repeat N` scans N times (throughput figures). */
#include "secrets/secrets.h"
#include "util/json_out.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

static enum ward_keep keep(const char *path, uint32_t mode, uint64_t size, void *ud)
{
    return ward_secrets_keep(ud, path, mode, size);
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    struct ward_secrets_opts so = {0};
    const char *source = NULL, *target = NULL;
    bool no_keep = false;
    int repeat = 1;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--rules") == 0 && i + 1 < argc)
            so.rule_file = argv[++i];
        else if (strcmp(argv[i], "--source") == 0 && i + 1 < argc)
            source = argv[++i];
        else if (strcmp(argv[i], "--repeat") == 0 && i + 1 < argc)
            repeat = (int)strtol(argv[++i], NULL, 10);
        else if (strcmp(argv[i], "--no-keep") == 0)
            no_keep = true;
        else
            target = argv[i];
    }
    if (!target) {
        fprintf(
            stderr,
            "usage: secrets-tool [--rules FILE] [--source KIND] [--no-keep] [--repeat N] TARGET\n");
        return 2;
    }
    struct ward_error *err = NULL;
    struct ward_secrets *s = NULL;
    if (ward_secrets_new(&s, &so, &err) < 0) {
        fprintf(stderr, "secrets-tool: %s\n", err->msg);
        ward_error_free(err);
        return 1;
    }
    struct ward_image_opts io = {.no_cache = true, .source = source};
    if (!no_keep) {
        io.keep = keep;
        io.ud = s;
        io.keep_version = "secrets-tool";
    }
    double t0 = now();
    struct ward_image *img = NULL;
    if (ward_image_open(&img, target, &io, &err) < 0) {
        fprintf(stderr, "secrets-tool: %s\n", err->msg);
        ward_error_free(err);
        ward_secrets_free(s);
        return 1;
    }
    double t1 = now();
    struct ward_secret_findings f = {0};
    uint64_t bytes = 0, files = 0;
    for (size_t li = 0; li < img->n_layers; li++)
        for (size_t b = 0; b < img->layers[li]->n_blobs; b++) {
            bytes += img->layers[li]->blobs[b].len;
            files++;
        }
    int rc = 0;
    for (int r = 0; r < (repeat > 0 ? repeat : 1) && rc == 0; r++) {
        ward_secret_findings_dispose(&f);
        rc = ward_secrets_scan_image(s, img, &f, &err);
    }
    double t2 = now();
    bytes *= (uint64_t)(repeat > 0 ? repeat : 1);
    if (rc < 0) {
        fprintf(stderr, "secrets-tool: %s\n", err->msg);
        ward_error_free(err);
    } else {
        ward_secret_findings_sort(&f);
        struct ward_buf out = WARD_BUF_INIT(0);
        struct ward_json j;
        ward_json_init(&j, &out, true);
        ward_json_obj_begin(&j);
        ward_json_key(&j, "findings");
        ward_secret_findings_json(&f, &j);
        ward_json_obj_end(&j);
        fwrite(out.ptr, 1, out.len, stdout);
        fputc('\n', stdout);
        ward_buf_dispose(&out);
        fprintf(stderr,
                "secrets-tool: rules=%zu files=%llu bytes=%llu findings=%zu open=%.3fs "
                "scan=%.3fs throughput=%.1fMB/s\n",
                ward_secrets_rule_count(s), (unsigned long long)files, (unsigned long long)bytes,
                f.n, t1 - t0, t2 - t1, t2 > t1 ? (double)bytes / 1e6 / (t2 - t1) : 0.0);
    }
    ward_secret_findings_dispose(&f);
    ward_image_free(img);
    ward_secrets_free(s);
    return rc < 0 ? 1 : 0;
}
