/* arena.h - bump allocator for the many small strings of one scan; freed once. */
#ifndef WARD_UTIL_ARENA_H
#define WARD_UTIL_ARENA_H

#include "util/common.h"
#include "util/buf.h"

struct ward_arena_block;
struct ward_arena {
    struct ward_arena_block *head;
    size_t used_total;
};

void ward_arena_init(struct ward_arena *a);
void ward_arena_dispose(struct ward_arena *a);
void *ward_arena_alloc(struct ward_arena *a, size_t n); /* zeroed, 16-aligned */
char *ward_arena_strdup(struct ward_arena *a, const char *s);
char *ward_arena_strndup(struct ward_arena *a, const char *s, size_t n);
char *ward_arena_span(struct ward_arena *a, struct ward_span s);
char *ward_arena_printf(struct ward_arena *a, const char *fmt, ...) WARD_PRINTF(2, 3);
/* Room for one more element in an arena-allocated array of n elements of
 * elem bytes with capacity *cap: returns p, or a copy twice as large (8 at
 * first; the old block stays in the arena until it is disposed). */
void *ward_arena_grow(struct ward_arena *a, void *p, size_t n, size_t *cap, size_t elem);

#endif
