/* common.h - macros every ward source file uses: attributes, cleanup helpers,
 * ownership transfer, overflow-checked allocation. Depends on nothing. */
#ifndef WARD_UTIL_COMMON_H
#define WARD_UTIL_COMMON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

#define WARD_PRINTF(a, b) __attribute__((format(printf, a, b)))
#define WARD_NORETURN     __attribute__((noreturn))
#define WARD_UNUSED       __attribute__((unused))
#define WARD_NODISCARD    __attribute__((warn_unused_result))
#define WARD_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))
#define WARD_MIN(a, b)    ((a) < (b) ? (a) : (b))
#define WARD_MAX(a, b)    ((a) > (b) ? (a) : (b))

/* Take ownership: returns *pp and clears it so the cleanup attribute skips it. */
#define WARD_STEAL(pp)                                                                             \
    ({                                                                                             \
        __typeof__(*(pp)) v_ = *(pp);                                                              \
        *(pp) = NULL;                                                                              \
        v_;                                                                                        \
    })

void ward_freep(void *p);
void ward_closep(int *fd);
void ward_fclosep(void *fp);

#define ward_autofree  __attribute__((cleanup(ward_freep)))
#define ward_autoclose __attribute__((cleanup(ward_closep)))
#define ward_autofclose __attribute__((cleanup(ward_fclosep)))
#define WARD_DEFINE_AUTOPTR(T, fn)                                                                 \
    static inline void T##_autoptr(struct T **p)                                                   \
    {                                                                                              \
        if (*p)                                                                                    \
            fn(*p);                                                                                \
    }
#define ward_autoptr(T) __attribute__((cleanup(T##_autoptr))) struct T *

/* Allocation that aborts on OOM (crun's OOM()); hostile sizes are stopped
 * earlier by limits, never by handling malloc failure. */
void *ward_xmalloc(size_t n);
void *ward_xcalloc(size_t n, size_t size);
void *ward_xrealloc(void *p, size_t n);
void *ward_xreallocarray(void *p, size_t n, size_t size);
char *ward_xstrdup(const char *s);
char *ward_xstrndup(const char *s, size_t n);
char *ward_xasprintf(const char *fmt, ...) WARD_PRINTF(1, 2);
WARD_NORETURN void ward_oom(void);

/* Grow an array (pointer p, count n, capacity cap) so that one more item fits. */
#define WARD_GROW(p, n, cap)                                                                       \
    do {                                                                                           \
        if ((n) >= (cap)) {                                                                        \
            size_t nc_ = (cap) ? (cap) * 2 : 8;                                                    \
            (p) = ward_xreallocarray((p), nc_, sizeof(*(p)));                                      \
            (cap) = nc_;                                                                           \
        }                                                                                          \
    } while (0)

#endif
