/* lang2_util.h - helpers for the Go/Rust/Java cataloger tests: run a parser on
 * a testdata file and compare the package set with a transcribed expectation. */
#ifndef WARD_TESTS_LANG2_UTIL_H
#define WARD_TESTS_LANG2_UTIL_H

#include "harness.h"
#include "inventory/lang.h"

/* "group:name@version" (group omitted when NULL, version "" when NULL). */
char *lang2_key(const struct ward_pkg *p);
/* Parse testdata-relative file rel with fn into l. Returns the parser's rc;
 * *err holds its error. The file must exist (test fails otherwise). */
int lang2_parse_file(ward_cataloger_fn fn, struct ward_pkglist *l, const char *rel,
                     struct ward_error **err);
/* Compare the distinct package keys of l with want[0..n) (order-free, exact).
 * Returns NULL when equal, else a malloc'd description of the difference. */
char *lang2_diff(const struct ward_pkglist *l, const char *const *want, size_t n);

#define CHECK_SET(l, want)                                                                         \
    do {                                                                                           \
        char *d_ = lang2_diff((l), (want), WARD_ARRAY_LEN(want));                                  \
        if (d_) {                                                                                  \
            harness_fail(__FILE__, __LINE__, "package set differs: %s", d_);                       \
            free(d_);                                                                              \
            return;                                                                                \
        }                                                                                          \
    } while (0)

#endif
