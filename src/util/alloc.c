/* alloc.c - allocation wrappers that abort on OOM, and cleanup helpers. */
#include "util/common.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void ward_oom(void)
{
    static const char msg[] = "ward: out of memory\n";
    ssize_t r = write(2, msg, sizeof(msg) - 1);
    (void)r;
    abort();
}

void *ward_xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p)
        ward_oom();
    return p;
}

void *ward_xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (!p)
        ward_oom();
    return p;
}

void *ward_xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q)
        ward_oom();
    return q;
}

void *ward_xreallocarray(void *p, size_t n, size_t size)
{
    size_t total;
    if (__builtin_mul_overflow(n, size, &total))
        ward_oom();
    return ward_xrealloc(p, total);
}

char *ward_xstrdup(const char *s)
{
    char *p = strdup(s ? s : "");
    if (!p)
        ward_oom();
    return p;
}

char *ward_xstrndup(const char *s, size_t n)
{
    char *p = ward_xmalloc(n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *ward_xasprintf(const char *fmt, ...)
{
    va_list ap;
    char *p = NULL;
    va_start(ap, fmt);
    int r = vasprintf(&p, fmt, ap);
    va_end(ap);
    if (r < 0)
        ward_oom();
    return p;
}

void ward_freep(void *p)
{
    void **pp = p;
    free(*pp);
    *pp = NULL;
}

void ward_closep(int *fd)
{
    if (*fd >= 0) {
        int saved = errno;
        close(*fd);
        errno = saved;
        *fd = -1;
    }
}

void ward_fclosep(void *fp)
{
    FILE **f = fp;
    if (*f)
        fclose(*f);
    *f = NULL;
}
