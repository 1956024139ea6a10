/* fuzz_osrelease.c - os-release parsing on arbitrary bytes. */
#include "inventory/inventory.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct ward_distro d = {0};
    struct ward_error *err = NULL;
    (void)ward_osrelease_parse(&d, (const char *)data, size, &err);
    ward_error_free(err);
    ward_distro_dispose(&d);
    return 0;
}
