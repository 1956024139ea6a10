/* fuzz_redhat.c - Red Hat's CSAF advisories / VEX files and the Security
 * Data API CVE JSON, through the importer into an in-memory DB. */
#include "vulndb/vulndb.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct ward_vulndb_sink *s = ward_vulndb_sink_memory();
    struct ward_error *err = NULL;
    ward_vulndb_import_bytes(s, "fuzz/CVE-2024-0001", (const char *)data, size, &err);
    ward_error_free(err);
    ward_vulndb_sink_free(s);
    return 0;
}
