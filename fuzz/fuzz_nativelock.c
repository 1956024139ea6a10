/* fuzz_nativelock.c - the bun.lock (JSONC), Package.resolved, Podfile.lock and
 * conan.lock parsers on arbitrary bytes (each parser sees every input). */
#include "inventory/lang.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const ward_cataloger_fn fns[] = {
        ward_bun_lock_parse,
        ward_swift_resolved_parse,
        ward_podfile_lock_parse,
        ward_conan_lock_parse,
    };
    for (size_t i = 0; i < WARD_ARRAY_LEN(fns); i++) {
        struct ward_pkglist *l = ward_pkglist_new();
        struct ward_error *err = NULL;
        if (fns[i](l, "/fuzz", (const char *)data, size, &err) == 0)
            ward_purl_fill(l, NULL);
        ward_error_free(err);
        ward_pkglist_free(l);
    }
    return 0;
}
