/* fuzz_imagecfg.c - the image-configuration checks on a hostile image: the
 * input is split on "\n====\n" into the config JSON, /etc/passwd, /etc/shadow,
 * /etc/group and a file list ("MODE PATH" lines, octal mode). */
#include "misconf/imagecfg.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *p = (const char *)data, *end = p + size;
    struct ward_span part[5] = {{0}};
    for (int i = 0; i < 5; i++) {
        const char *s = memmem(p, (size_t)(end - p), "\n====\n", 6);
        part[i] = ward_span_of(p, s ? (size_t)(s - p) : (size_t)(end - p));
        if (!s)
            break;
        p = s + 6;
    }
    struct ward_image img = {0};
    struct ward_layer *l = ward_layer_new();
    struct ward_layer *layers[1] = {l};
    img.kind = (char *)"docker-daemon";
    img.layers = layers;
    img.n_layers = 1;
    json_error_t je;
    if (part[0].len)
        img.config = json_loadb(part[0].ptr, part[0].len, JSON_DECODE_ANY, &je);
    static const char *const names[] = {"etc/passwd", "etc/shadow", "etc/group"};
    for (int i = 0; i < 3; i++) {
        if (!part[i + 1].ptr)
            continue;
        ward_layer_add(l, names[i], NULL, S_IFREG | 0644, 0, 0, part[i + 1].len, 0);
        ward_layer_add_blob(l, (uint32_t)(l->n_files - 1), ward_span_dup(part[i + 1]),
                            part[i + 1].len, false);
    }
    struct ward_span in = part[4], line;
    size_t n = 0;
    while (part[4].ptr && ward_span_line(&in, &line) && n++ < 4096) {
        struct ward_span mode, path;
        uint64_t m = 0;
        if (!ward_span_cut(line, ' ', &mode, &path) || !path.len || path.len > 512)
            continue;
        for (size_t i = 0; i < mode.len && i < 8; i++)
            m = m * 8 + (uint64_t)((mode.ptr[i] - '0') & 7);
        char *pp = ward_span_dup(path);
        ward_layer_add(l, pp, NULL, (uint32_t)m, 0, 0, 0,
                       m == 0 ? WARD_LF_WHITEOUT : WARD_LF_NORMAL);
        free(pp);
    }
    img.tree = ward_tree_new();
    struct ward_error *err = NULL;
    if (ward_tree_apply(img.tree, l, 0, &err) == 0) {
        struct ward_check_findings c;
        ward_checks_init(&c);
        struct ward_imagecfg_opts o = {.target = "docker:fuzz"};
        ward_imagecfg_scan(&img, NULL, &o, &c, &err);
        ward_checks_dispose(&c);
    }
    ward_error_free(err);
    ward_tree_free(img.tree);
    ward_layer_free(l);
    json_decref(img.config);
    return 0;
}
