/* fuzz_nvd.c - NVD feed bytes through the importer's content dispatch into an
 * in-memory advisory DB (the same path `ward db import` takes). */
#include "vulndb/vulndb.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct ward_vulndb_sink *s = ward_vulndb_sink_memory();
    struct ward_error *err = NULL;
    ward_vulndb_import_bytes(s, "fuzz", (const char *)data, size, &err);
    ward_error_free(err);
    ward_vulndb_sink_free(s);
    return 0;
}
