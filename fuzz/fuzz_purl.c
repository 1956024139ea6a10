/* fuzz_purl.c - package URL parsing on arbitrary bytes. */
#include "report/report.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct ward_purl p;
    struct ward_error *err = NULL;
    if (ward_purl_parse(&p, (const char *)data, size, &err) == 0) {
        (void)ward_purl_qual(&p, "distro");
        ward_purl_dispose(&p);
    }
    ward_error_free(err);
    return 0;
}
