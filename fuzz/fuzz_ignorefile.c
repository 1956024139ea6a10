/* fuzz_ignorefile.c - `ward scan --ignorefile` parsing (text and YAML forms)
 * and OpenVEX documents (--vex) on arbitrary bytes. The first byte picks the
 * parser so one corpus covers both. */
#include "match/filter.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    struct ward_error *err = NULL;
    const char *p = (const char *)data + 1;
    size_t n = size - 1;
    if (data[0] & 1) {
        struct ward_vex *v = NULL;
        if (ward_vex_parse(&v, p, n, "fuzz.json", &err) == 0)
            ward_vex_free(v);
    } else {
        struct ward_ignore *ig = NULL;
        if (ward_ignore_parse(&ig, p, n, ".wardignore", &err) == 0)
            ward_ignore_free(ig);
    }
    ward_error_free(err);
    return 0;
}
