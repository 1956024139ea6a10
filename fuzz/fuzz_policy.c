/* fuzz_policy.c - policy bundle parser (YAML/JSON from users and CI repos):
 * no crash, no leak, and an accepted bundle evaluates over an empty scan. */
#include "policy/policy.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct ward_policy_bundle *b = NULL;
    struct ward_error *err = NULL;
    if (ward_policy_bundle_parse(&b, (const char *)data, size, "fuzz", &err) == 0) {
        struct ward_inventory *inv = ward_inventory_new("alpine:3.10", "docker-archive");
        struct ward_policy_input in = {.inv = inv, .now = 1767225600};
        struct ward_policy_result *r = NULL;
        if (ward_policy_eval(&r, b, &in, NULL) == 0)
            ward_policy_result_free(r);
        ward_inventory_free(inv);
        ward_policy_bundle_free(b);
    }
    ward_error_free(err);
    return 0;
}
