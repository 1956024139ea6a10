/* fuzz_bench_daemon_json.c - the daemon.json reader on arbitrary bytes. */
#include "bench/bench.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    json_t *j = NULL;
    struct ward_error *err = NULL;
    if (ward_bench_parse_daemon_json(&j, (const char *)data, size, &err) == 0)
        json_decref(j);
    ward_error_free(err);
    return 0;
}
