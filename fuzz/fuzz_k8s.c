/* fuzz_k8s.c - the bounded YAML reader and every K8S rule (inline ignores,
 * Helm comments, List kinds) plus the lint writers on arbitrary bytes. */
#include "misconf/k8s.h"

#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct ward_lint_result *r = NULL;
    struct ward_error *err = NULL;
    size_t objs = 0;
    (void)ward_k8s_sniff((const char *)data, size);
    if (ward_lint_k8s(&r, (const char *)data, size, NULL, &objs, &err) == 0) {
        static const char *const fmts[] = {"table", "json", "sarif", "checkstyle"};
        struct ward_lint_file f = {"fuzz/manifest.yaml", r};
        for (size_t i = 0; i < 4; i++) {
            struct ward_buf b = WARD_BUF_INIT(64u << 20);
            ward_lint_render(&b, fmts[i], &f, 1, NULL);
            ward_buf_dispose(&b);
        }
        ward_lint_result_free(r);
    }
    ward_error_free(err);
    return 0;
}
