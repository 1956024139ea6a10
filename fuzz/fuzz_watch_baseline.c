/* fuzz_watch_baseline.c - ward watch baseline files: parse, re-serialise,
 * diff against itself, merge into a fresh baseline and seccomp export. */
#include "watch/baseline.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct ward_baseline *bl = NULL, *m = NULL;
    struct ward_error *err = NULL;
    if (ward_baseline_parse(&bl, (const char *)data, size, &err) == 0) {
        struct ward_buf b = WARD_BUF_INIT(1u << 24);
        ward_baseline_json(&b, bl);
        if (ward_baseline_diff(&b, bl, bl) != 0)
            __builtin_trap(); /* a baseline never differs from itself */
        ward_baseline_new(&m, bl->image, bl->image_id);
        ward_baseline_merge(m, bl);
        ward_baseline_seccomp(&b, m, &err);
        ward_baseline_free(m);
        ward_buf_dispose(&b);
        ward_baseline_free(bl);
    }
    ward_error_free(err);
    return 0;
}
