/* fuzz_tar.c - the layer reader (decompression + tar + whiteouts) on arbitrary bytes. */
#include "image/image.h"

static enum ward_keep keep_all(const char *p, uint32_t m, uint64_t s, void *ud)
{
    (void)p;
    (void)m;
    (void)s;
    (void)ud;
    return WARD_KEEP_RAW;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct ward_image_opts o = {.keep = keep_all};
    struct ward_layer_builder *b = ward_layer_builder_new(&o);
    struct ward_error *err = NULL;
    struct ward_layer *l = NULL;
    /* two feeds to cross a chunk boundary */
    if (ward_layer_builder_feed(b, data, size / 2, &err) == 0 &&
        ward_layer_builder_feed(b, data + size / 2, size - size / 2, &err) == 0 &&
        ward_layer_builder_finish(b, &l, &err) == 0) {
        struct ward_tree *t = ward_tree_new();
        ward_tree_apply(t, l, 0, &err);
        ward_tree_lookup(t, "/etc/os-release", true);
        ward_tree_free(t);
        ward_layer_free(l);
    }
    ward_error_free(err);
    ward_layer_builder_free(b);
    return 0;
}
