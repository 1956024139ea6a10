/* fuzz_toml.c - the lockfile TOML reader on arbitrary bytes; walks the tree
 * it returns through every accessor. */
#include "inventory/toml.h"

static void walk(const struct ward_toml *v, int depth)
{
    if (!v || depth > 80)
        return;
    (void)ward_toml_text(v);
    (void)ward_toml_int(v, 0);
    (void)ward_toml_bool(v, false);
    for (size_t i = 0; i < ward_toml_len(v); i++) {
        const char *k = ward_toml_key_at(v, i);
        if (k)
            (void)ward_toml_get(v, k);
        walk(ward_toml_at(v, i), depth + 1);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct ward_toml *doc = NULL;
    struct ward_error *err = NULL;
    if (ward_toml_parse(&doc, (const char *)data, size, &err) == 0) {
        walk(doc, 0);
        ward_toml_free(doc);
    }
    ward_error_free(err);
    return 0;
}
