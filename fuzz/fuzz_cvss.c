/* fuzz_cvss.c - CVSS vectors (v2, v3.x, v4.0) through version detection,
 * scoring and validation. */
#include "util/common.h"
#include "vulndb/enrich.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 4096)
        return 0;
    char *v = malloc(size + 1);
    if (!v)
        return 0;
    memcpy(v, data, size);
    v[size] = 0;
    struct ward_error *err = NULL;
    const char *ver = NULL;
    double score = 0;
    if (ward_cvss_check(v, &ver, &score, &err) == 0 && ver[0] != '4' &&
        !(score >= 0 && score <= 10))
        abort();
    ward_error_free(err);
    err = NULL;
    ward_cvss2_score(v, &score, &err);
    ward_error_free(err);
    err = NULL;
    ward_cvss4_check(v, &err);
    ward_error_free(err);
    free(v);
    return 0;
}
