/* arena.c - bump allocator: blocks of 64 KiB (or larger for big items). */
#include "util/arena.h"
#include "util/common.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

struct ward_arena_block {
    struct ward_arena_block *next;
    size_t used, cap;
    _Alignas(16) unsigned char data[];
};

void ward_arena_init(struct ward_arena *a)
{
    a->head = NULL;
    a->used_total = 0;
}

void ward_arena_dispose(struct ward_arena *a)
{
    struct ward_arena_block *b = a->head;
    while (b) {
        struct ward_arena_block *n = b->next;
        free(b);
        b = n;
    }
    a->head = NULL;
    a->used_total = 0;
}

void *ward_arena_alloc(struct ward_arena *a, size_t n)
{
    size_t sz;
    if (__builtin_add_overflow(n, 15, &sz))
        ward_oom();
    sz &= ~(size_t)15;
    if (sz == 0)
        sz = 16;
    struct ward_arena_block *b = a->head;
    if (!b || b->cap - b->used < sz) {
        size_t cap = sz > 65536 ? sz : 65536;
        b = ward_xmalloc(sizeof(*b) + cap);
        b->used = 0;
        b->cap = cap;
        b->next = a->head;
        a->head = b;
    }
    void *p = b->data + b->used;
    b->used += sz;
    a->used_total += sz;
    memset(p, 0, n);
    return p;
}

char *ward_arena_strndup(struct ward_arena *a, const char *s, size_t n)
{
    char *p = ward_arena_alloc(a, n + 1);
    if (n)
        memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *ward_arena_strdup(struct ward_arena *a, const char *s)
{
    if (!s)
        return NULL;
    return ward_arena_strndup(a, s, strlen(s));
}

char *ward_arena_span(struct ward_arena *a, struct ward_span s)
{
    return ward_arena_strndup(a, s.ptr ? s.ptr : "", s.len);
}

char *ward_arena_printf(struct ward_arena *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *tmp = NULL;
    int n = vasprintf(&tmp, fmt, ap);
    va_end(ap);
    if (n < 0)
        ward_oom();
    char *p = ward_arena_strndup(a, tmp, (size_t)n);
    free(tmp);
    return p;
}

void *ward_arena_grow(struct ward_arena *a, void *p, size_t n, size_t *cap, size_t elem)
{
    if (n < *cap)
        return p;
    size_t nc = *cap ? *cap * 2 : 8;
    if (nc > SIZE_MAX / elem)
        ward_oom();
    void *bigger = ward_arena_alloc(a, nc * elem);
    if (n)
        memcpy(bigger, p, n * elem);
    *cap = nc;
    return bigger;
}
