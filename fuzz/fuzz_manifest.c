/* fuzz_manifest.c - registry manifests: classification, index -> platform selection and
 * image manifest parsing, all on hostile JSON. */
#include "image/registry.h"
#include "util/hash.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *platforms[] = {"linux/amd64", "linux/arm64/v8", "linux/arm"};
    const char *p = (const char *)data;
    enum ward_manifest_kind k;
    struct ward_error *err = NULL;
    if (ward_manifest_kind(&k, p, size, NULL, &err) == 0 && k == WARD_MANIFEST_INDEX) {
        for (size_t i = 0; i < sizeof(platforms) / sizeof(platforms[0]); i++) {
            struct ward_platform pl;
            char *d = NULL;
            ward_platform_parse(&pl, platforms[i], NULL);
            if (ward_manifest_select(&d, p, size, &pl, &err) == 0 && !ward_digest_valid(d))
                abort();
            free(d);
            ward_error_free(err);
            err = NULL;
        }
    }
    ward_error_free(err);
    err = NULL;
    struct ward_registry_image img = {0};
    (void)ward_manifest_parse_image(&img, p, size, &err);
    ward_registry_image_dispose(&img);
    ward_error_free(err);
    return 0;
}
