/* harness.h - tiny self-registering unit test harness that prints TAP
 * (crun/bubblewrap style). `prog -s suite::name` runs one test; exit 77 = skip. */
#ifndef WARD_TESTS_HARNESS_H
#define WARD_TESTS_HARNESS_H

#include "util/common.h"
#include "util/error.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

typedef void (*harness_fn)(void);
void harness_register(const char *suite, const char *name, harness_fn fn);
void harness_fail(const char *file, int line, const char *fmt, ...) WARD_PRINTF(3, 4);
void harness_skip(const char *why);
extern int harness_failed_now;
/* Compare the distinct strings of got[0..ng) (owned: freed here, with got)
 * with want[0..n), order-free. NULL when equal, else " +extra -missing ..."
 * (caller frees). */
char *harness_set_diff(char **got, size_t ng, const char *const *want, size_t n);
/* Path of ../shared/testdata (WARD_TESTDATA env or the build-time default). */
const char *harness_testdata(void);
/* Path of the source tree. */
const char *harness_srcdir(void);
/* Read a whole file; aborts the test with a failure if missing. Caller frees. */
char *harness_slurp(const char *path, size_t *len);

#define TEST(suite, name)                                                                          \
    static void test_##suite##__##name(void);                                                      \
    __attribute__((constructor)) static void reg_##suite##__##name(void)                           \
    {                                                                                              \
        harness_register(#suite, #name, test_##suite##__##name);                                   \
    }                                                                                              \
    static void test_##suite##__##name(void)

#define CHECK(cond)                                                                                \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            harness_fail(__FILE__, __LINE__, "CHECK(%s)", #cond);                                  \
            return;                                                                                \
        }                                                                                          \
    } while (0)

#define CHECK_MSG(cond, ...)                                                                       \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            harness_fail(__FILE__, __LINE__, __VA_ARGS__);                                         \
            return;                                                                                \
        }                                                                                          \
    } while (0)

#define CHECK_OK(expr, err)                                                                        \
    do {                                                                                           \
        int r_ = (expr);                                                                           \
        if (r_ < 0) {                                                                              \
            harness_fail(__FILE__, __LINE__, "%s = %d: %s", #expr, r_,                            \
                         (err) ? (err)->msg : "(no message)");                                     \
            return;                                                                                \
        }                                                                                          \
    } while (0)

#define CHECK_EQ_INT(a, b)                                                                         \
    do {                                                                                           \
        long long a_ = (long long)(a), b_ = (long long)(b);                                        \
        if (a_ != b_) {                                                                            \
            harness_fail(__FILE__, __LINE__, "%s == %s: %lld != %lld", #a, #b, a_, b_);            \
            return;                                                                                \
        }                                                                                          \
    } while (0)
#define CHECK_EQ_SIZE(a, b) CHECK_EQ_INT(a, b)

#define CHECK_STR(a, b)                                                                            \
    do {                                                                                           \
        const char *a_ = (a), *b_ = (b);                                                           \
        if (!a_ || !b_ || strcmp(a_, b_) != 0) {                                                   \
            harness_fail(__FILE__, __LINE__, "%s == %s: \"%s\" != \"%s\"", #a, #b,                 \
                         a_ ? a_ : "(null)", b_ ? b_ : "(null)");                                  \
            return;                                                                                \
        }                                                                                          \
    } while (0)

#define SKIP(why)                                                                                  \
    do {                                                                                           \
        harness_skip(why);                                                                         \
        return;                                                                                    \
    } while (0)

#endif
