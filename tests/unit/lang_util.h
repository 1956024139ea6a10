/* lang_util.h - helpers for the language cataloger tests (lang1: Python, Node, PHP,
 * Ruby, .NET, Elixir, Dart; lang2: Go, Rust, Java): run a parser on a testdata file,
 * compare package sets with an expectation, find a package by name. */
#ifndef WARD_TESTS_LANG_UTIL_H
#define WARD_TESTS_LANG_UTIL_H

#include "harness.h"
#include "inventory/lang.h"

/* Parse testdata-relative file rel with fn into l; the parser is told the file is
 * "/" rel when rooted (as found in an image), else rel. Returns the parser's rc
 * (*err holds its error), or -100 when the file is missing (the test fails). */
int lang_parse(ward_cataloger_fn fn, struct ward_pkglist *l, const char *rel, bool rooted,
               struct ward_error **err);
/* "group:name@version" (group omitted when NULL, version "" when NULL). */
char *lang_key(const struct ward_pkg *p);
/* Compare the distinct package keys of l with want[0..n) (order-free, exact).
 * NULL when equal, else a malloc'd description (+got -missing). */
char *lang_diff(const struct ward_pkglist *l, const char *const *want, size_t n);
/* The package in l named name (first match), NULL if none. */
const struct ward_pkg *lang_find(const struct ward_pkglist *l, const char *name);

#define CHECK_SET(l, want)                                                                         \
    do {                                                                                           \
        char *d_ = lang_diff((l), (want), WARD_ARRAY_LEN(want));                                   \
        if (d_) {                                                                                  \
            harness_fail(__FILE__, __LINE__, "package set differs: %s", d_);                       \
            free(d_);                                                                              \
            return;                                                                                \
        }                                                                                          \
    } while (0)

#endif
