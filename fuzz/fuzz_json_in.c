/* fuzz_json_in.c - the bounded JSON reader and typed getters. */
#include "util/json_in.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    json_t *j = NULL;
    struct ward_error *err = NULL;
    if (ward_json_parse(&j, (const char *)data, size, 0, &err) == 0) {
        (void)ward_jstr(j, "a");
        (void)ward_jint(j, "b", 0);
        json_decref(j);
    }
    ward_error_free(err);
    return 0;
}
