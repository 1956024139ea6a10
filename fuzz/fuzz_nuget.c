/* fuzz_nuget.c - the packages.lock.json, .deps.json, packages.config and
 * Directory.Packages.props parsers on arbitrary bytes. */
#include "inventory/lang.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const ward_cataloger_fn fns[] = {
        ward_nuget_lock_parse,
        ward_dotnet_deps_parse,
        ward_packages_config_parse,
        ward_packages_props_parse,
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
