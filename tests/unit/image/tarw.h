/* tarw.h - a tiny tar writer for tests: crafts exactly the archives (hostile
 * ones included) the reader must cope with. */
#ifndef WARD_TESTS_TARW_H
#define WARD_TESTS_TARW_H

#include "util/buf.h"

#include <stdio.h>
#include <string.h>

static inline void tarw_header(struct ward_buf *b, const char *name, char type, uint64_t size,
                               const char *link, unsigned mode)
{
    unsigned char h[512];
    memset(h, 0, sizeof(h));
    snprintf((char *)h, 100, "%s", name);
    snprintf((char *)h + 100, 8, "%07o", mode);
    snprintf((char *)h + 108, 8, "%07o", 0);
    snprintf((char *)h + 116, 8, "%07o", 0);
    snprintf((char *)h + 124, 12, "%011llo", (unsigned long long)size);
    snprintf((char *)h + 136, 12, "%011o", 0);
    h[156] = (unsigned char)type;
    if (link)
        snprintf((char *)h + 157, 100, "%s", link);
    memcpy(h + 257, "ustar", 6);
    memcpy(h + 263, "00", 2);
    memset(h + 148, ' ', 8);
    unsigned sum = 0;
    for (int i = 0; i < 512; i++)
        sum += h[i];
    snprintf((char *)h + 148, 8, "%06o", sum);
    h[155] = ' ';
    ward_buf_add(b, h, 512);
}

static inline void tarw_data(struct ward_buf *b, const void *p, size_t n)
{
    ward_buf_add(b, p, n);
    static const char zero[512];
    if (n % 512)
        ward_buf_add(b, zero, 512 - n % 512);
}

static inline void tarw_file(struct ward_buf *b, const char *name, const char *content)
{
    tarw_header(b, name, '0', strlen(content), NULL, 0644);
    tarw_data(b, content, strlen(content));
}

static inline void tarw_end(struct ward_buf *b)
{
    static const char zero[1024];
    ward_buf_add(b, zero, 1024);
}

#endif
