/* fuzz_sbom_read.c - CycloneDX / SPDX JSON documents read as scan targets, on
 * arbitrary bytes; a document that parses is also written back out in every
 * SBOM format, so the writers see whatever the reader accepted. */
#include "report/report.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct ward_inventory *inv = NULL;
    struct ward_error *err = NULL;
    if (ward_sbom_read(&inv, (const char *)data, size, "fuzz.json", &err) == 0) {
        static const enum ward_sbom_format fmts[] = {WARD_SBOM_JSON, WARD_SBOM_CYCLONEDX,
                                                     WARD_SBOM_SPDX, WARD_SBOM_TABLE};
        struct ward_report_opts ro = {.deterministic = true};
        for (size_t i = 0; i < sizeof(fmts) / sizeof(fmts[0]); i++) {
            struct ward_buf out = WARD_BUF_INIT(0);
            (void)ward_report_sbom(&out, inv, fmts[i], &ro, &err);
            ward_error_free(err);
            err = NULL;
            ward_buf_dispose(&out);
        }
        ward_inventory_free(inv);
    }
    ward_error_free(err);
    return 0;
}
