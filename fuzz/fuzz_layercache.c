/* fuzz_layercache.c - the layer cache record reader on arbitrary bytes. */
#include "image/image.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct ward_layer *l = NULL;
    struct ward_error *err = NULL;
    if (ward_layer_deserialise(&l, (const char *)data, size, &err) == 0) {
        struct ward_buf b = WARD_BUF_INIT(0);
        ward_layer_serialise(l, &b);
        ward_buf_dispose(&b);
        ward_layer_free(l);
    }
    ward_error_free(err);
    return 0;
}
