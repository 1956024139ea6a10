/* lang1_util.h - helpers for the Python/Node/PHP/Ruby/.NET/Elixir/Dart
 * cataloger tests: run a parser on a testdata file, compare package sets, and
 * read the peers' expected results (trivy goldens, osv-scanner snapshots). */
#ifndef WARD_TESTS_LANG1_UTIL_H
#define WARD_TESTS_LANG1_UTIL_H

#include "harness.h"
#include "inventory/lang.h"

/* Parse testdata-relative file rel with fn into l (path recorded as "/" rel).
 * Returns the parser's rc, or -100 when the file is missing (test failed). */
int l1_parse(ward_cataloger_fn fn, struct ward_pkglist *l, const char *rel,
             struct ward_error **err);
/* Compare the distinct "name@version" keys of l with want[0..n) (order-free).
 * NULL when equal, else a malloc'd description (+got -missing). */
char *l1_diff(const struct ward_pkglist *l, const char *const *want, size_t n);
/* The package in l named name (first match), NULL if none. */
const struct ward_pkg *l1_find(const struct ward_pkglist *l, const char *name);

#define CHECK_SET(l, want)                                                                         \
    do {                                                                                           \
        char *d_ = l1_diff((l), (want), WARD_ARRAY_LEN(want));                                     \
        if (d_) {                                                                                  \
            harness_fail(__FILE__, __LINE__, "package set differs: %s", d_);                       \
            free(d_);                                                                              \
            return;                                                                                \
        }                                                                                          \
    } while (0)

#endif
