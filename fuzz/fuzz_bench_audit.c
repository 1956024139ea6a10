/* fuzz_bench_audit.c - the audit rules parser on arbitrary bytes. */
#include "bench/bench.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct ward_bench_audit a = {0};
    struct ward_error *err = NULL;
    (void)ward_bench_parse_audit_rules(&a, (const char *)data, size, &err);
    (void)ward_bench_audit_watches(&a, "/var/lib/docker/volumes");
    ward_bench_audit_dispose(&a);
    ward_error_free(err);
    return 0;
}
