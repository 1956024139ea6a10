/* fuzz_secdb.c - Alpine secdb documents: the YAML-to-JSON conversion (with
 * its node budget) and the secdb importer on the result. */
#include "vulndb/vulndb.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct ward_vulndb_sink *s = ward_vulndb_sink_memory();
    struct ward_error *err = NULL;
    json_t *doc = NULL;
    if (ward_vulndb_yaml_to_json(&doc, (const char *)data, size, &err) == 0) {
        ward_vulndb_import_json(s, "fuzz", doc, &err);
        json_decref(doc);
    }
    ward_error_free(err);
    ward_vulndb_sink_free(s);
    return 0;
}
