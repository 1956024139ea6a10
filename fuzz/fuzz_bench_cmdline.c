/* fuzz_bench_cmdline.c - the dockerd command-line parser (/proc/PID/cmdline) on arbitrary bytes. */
#include "bench/bench.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct ward_bench_args a;
    struct ward_error *err = NULL;
    if (ward_bench_parse_cmdline(&a, (const char *)data, size, &err) == 0) {
        (void)ward_bench_args_get(&a, "host");
        ward_bench_args_dispose(&a);
    }
    ward_error_free(err);
    return 0;
}
