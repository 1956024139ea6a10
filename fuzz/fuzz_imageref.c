/* fuzz_imageref.c - image reference parsing (user/API supplied) and its string round trip. */
#include "image/registry.h"

#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = ward_xstrndup((const char *)data, size);
    struct ward_image_ref r;
    struct ward_error *err = NULL;
    (void)ward_image_ref_has_registry(s);
    if (ward_image_ref_parse(&r, s, &err) == 0) {
        /* the canonical string must parse back to the same reference */
        char *c = ward_image_ref_string(&r);
        struct ward_image_ref r2;
        struct ward_error *e2 = NULL;
        if (ward_image_ref_parse(&r2, c, &e2) == 0) {
            if (strcmp(r.repository, r2.repository) != 0 || strcmp(r.registry, r2.registry) != 0)
                abort();
            ward_image_ref_dispose(&r2);
        } else if (strcmp(r.registry, WARD_DOCKER_HUB_REGISTRY) != 0) {
            abort(); /* only the Hub's display name differs from its API host */
        }
        ward_error_free(e2);
        free(c);
        ward_image_ref_dispose(&r);
    }
    ward_error_free(err);
    free(s);
    return 0;
}
