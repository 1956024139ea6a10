/* file.h - bounded whole-file reads and small fs helpers. */
#ifndef WARD_UTIL_FILE_H
#define WARD_UTIL_FILE_H

#include "util/buf.h"

/* Read a whole file (at dirfd-relative path, or absolute) into out, at most max bytes. */
int ward_file_read(struct ward_buf *out, int dirfd, const char *path, size_t max,
                   struct ward_error **err);
/* Write all bytes; returns 0 or WARD_EIO. */
int ward_write_all(int fd, const void *p, size_t n);
/* mkdir -p with mode */
int ward_mkdir_p(const char *path, int mode, struct ward_error **err);
/* ~/.cache/ward (XDG_CACHE_HOME honoured); caller frees */
char *ward_cache_dir(void);

#endif
