/* fuzz_yarnlock.c - the yarn.lock (v1 and berry) parser on arbitrary bytes:
 * the whole input as a lockfile alone, then (when the input holds a NUL byte)
 * the bytes before it as the package.json beside the lockfile after it. */
#include "inventory/lang.h"

#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *p = (const char *)data;
    const char *nul = size ? memchr(p, '\0', size) : NULL;
    for (int with_manifest = 0; with_manifest < (nul ? 2 : 1); with_manifest++) {
        struct ward_pkglist *l = ward_pkglist_new();
        struct ward_error *err = NULL;
        int rc;
        if (with_manifest) {
            size_t mlen = (size_t)(nul - p);
            rc = ward_yarn_lock_parse_manifest(l, "/fuzz/yarn.lock", nul + 1, size - mlen - 1, p,
                                               mlen, &err);
        } else {
            rc = ward_yarn_lock_parse(l, "/fuzz/yarn.lock", p, size, &err);
        }
        if (rc == 0)
            ward_purl_fill(l, NULL);
        ward_error_free(err);
        ward_pkglist_free(l);
    }
    return 0;
}
