/* fuzz_rpmdb_sqlite.c - the sqlite rpmdb reader (SQLite over an in-memory copy) on arbitrary
 * bytes, each blob it yields going through the header parser. */
#include "inventory/rpm.h"

static int blob(const uint8_t *b, size_t len, void *payload, struct ward_error **err)
{
    struct ward_rpm_header h;
    if (ward_rpm_header_parse(&h, b, len, err) < 0)
        return WARD_EFORMAT;
    ward_rpm_header_to_pkg(payload, "/var/lib/rpm/rpmdb.sqlite", &h);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct ward_pkglist *l = ward_pkglist_new();
    struct ward_error *err = NULL;
    if (ward_rpmdb_sqlite_walk("/var/lib/rpm/rpmdb.sqlite", (const char *)data, size, blob, l,
                               &err) == 0)
        ward_purl_fill(l, NULL);
    ward_error_free(err);
    ward_pkglist_free(l);
    return 0;
}
