/* fuzz_sbtlock.c - the build.sbt.lock (sbt-dependency-lock JSON) parser on
 * arbitrary bytes. */
#include "inventory/lang.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct ward_pkglist *l = ward_pkglist_new();
    struct ward_error *err = NULL;
    if (ward_sbt_lock_parse(l, "/fuzz", (const char *)data, size, &err) == 0)
        ward_purl_fill(l, NULL);
    ward_error_free(err);
    ward_pkglist_free(l);
    return 0;
}
