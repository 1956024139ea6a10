/* fuzz_rpmheader.c - the rpm header blob parser and the header -> package
 * mapping (source rpm split, purl) on arbitrary bytes. */
#include "inventory/rpm.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct ward_rpm_header h;
    struct ward_error *err = NULL;
    if (ward_rpm_header_parse(&h, data, size, &err) == 0) {
        struct ward_pkglist *l = ward_pkglist_new();
        ward_rpm_header_to_pkg(l, "/var/lib/rpm/rpmdb.sqlite", &h);
        ward_purl_fill(l, NULL);
        ward_pkglist_free(l);
    }
    ward_error_free(err);
    return 0;
}
