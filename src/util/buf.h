/* buf.h - owning growable buffer with a hard size cap and a sticky error
 * (curl dynbuf, sqlite3_str), and borrowed non-terminated spans. */
#ifndef WARD_UTIL_BUF_H
#define WARD_UTIL_BUF_H

#include "util/common.h"
#include "util/error.h"

#include <stdarg.h>

struct ward_buf {
    char *ptr;  /* always NUL-terminated when non-NULL */
    size_t len, cap, max;
    int err;    /* sticky: WARD_ELIMIT once max was exceeded */
};
#define WARD_BUF_INIT(limit) {NULL, 0, 0, (limit), 0}

struct ward_span {
    const char *ptr;
    size_t len;
};
#define WARD_SPAN_LIT(s) ((struct ward_span){(s), sizeof(s) - 1})

void ward_buf_init(struct ward_buf *b, size_t max);
void ward_buf_dispose(struct ward_buf *b);
void ward_buf_reset(struct ward_buf *b);
void ward_buf_add(struct ward_buf *b, const void *p, size_t n);
void ward_buf_addc(struct ward_buf *b, char c);
void ward_buf_adds(struct ward_buf *b, const char *s);
void ward_buf_addf(struct ward_buf *b, const char *fmt, ...) WARD_PRINTF(2, 3);
void ward_buf_vaddf(struct ward_buf *b, const char *fmt, va_list ap);
/* XML / HTML escaping (&<>"'); control bytes XML 1.0 forbids become U+FFFD.
 * The attribute form also keeps newlines and tabs as character references. */
void ward_buf_add_xml_text(struct ward_buf *b, const char *s);
void ward_buf_add_xml_attr(struct ward_buf *b, const char *s);
/* Make room for n more bytes; returns pointer to write at, or NULL (sticky err). */
char *ward_buf_reserve(struct ward_buf *b, size_t n);
int ward_buf_check(const struct ward_buf *b);
/* Detach the string; caller frees. Returns NULL on sticky error. */
char *ward_buf_steal(struct ward_buf *b);

static inline struct ward_span ward_span_of(const char *p, size_t n)
{
    return (struct ward_span){p, n};
}
struct ward_span ward_span_cstr(const char *s);
bool ward_span_line(struct ward_span *in, struct ward_span *line);
bool ward_span_cut(struct ward_span s, char sep, struct ward_span *l, struct ward_span *r);
struct ward_span ward_span_trim(struct ward_span s);
bool ward_span_eq(struct ward_span s, const char *lit);
bool ward_span_starts(struct ward_span s, const char *lit);
bool ward_span_ends(struct ward_span s, const char *lit);
int ward_span_u64(struct ward_span s, uint64_t *out);
char *ward_span_dup(struct ward_span s);

#endif
