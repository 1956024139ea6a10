/* fuzz_dockerfile.c - the Dockerfile parser, variable expansion, every lint
 * rule (shell splitter included) and the output writers on arbitrary bytes. */
#include "misconf/dockerfile.h"

#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct ward_dockerfile *df = NULL;
    struct ward_error *err = NULL;
    if (ward_dockerfile_parse(&df, (const char *)data, size, &err) == 0) {
        struct ward_lint_opts o = {.enable_all = true};
        const char *regs[] = {"docker.io"};
        o.allowed_registries = regs;
        o.n_allowed_registries = 1;
        const char *labels[] = {"a:url", "b:rfc3339", "c:spdx", "d:hash", "e:semver", "f:email"};
        o.label_schema = labels;
        o.n_label_schema = 6;
        o.strict_labels = true;
        struct ward_lint_result *r = NULL;
        if (ward_lint_dockerfile(&r, df, &o, &err) == 0) {
            static const char *const fmts[] = {"table", "json", "sarif", "checkstyle"};
            struct ward_lint_file f = {"fuzz/Dockerfile", r};
            for (size_t i = 0; i < 4; i++) {
                struct ward_buf b = WARD_BUF_INIT(64u << 20);
                ward_lint_render(&b, fmts[i], &f, 1, NULL);
                ward_buf_dispose(&b);
            }
            ward_lint_result_free(r);
        }
        for (size_t i = 0; i < df->n && i < 64; i++) {
            free(ward_df_expand(df, i, df->instrs[i].args, NULL));
        }
        ward_dockerfile_free(df);
    }
    ward_error_free(err);
    return 0;
}
