/* file.c - bounded reads, full writes, directory creation. */
#include "util/file.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>

int ward_file_read(struct ward_buf *out, int dirfd, const char *path, size_t max,
                   struct ward_error **err)
{
    ward_autoclose int fd = openat(dirfd, path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return ward_error_set(err, errno == ENOENT ? WARD_ENOTFOUND : WARD_EIO, errno, "open %s",
                              path);
    char chunk[65536];
    for (;;) {
        ssize_t r = read(fd, chunk, sizeof(chunk));
        if (r < 0) {
            if (errno == EINTR)
                continue;
            return ward_error_set(err, WARD_EIO, errno, "read %s", path);
        }
        if (r == 0)
            break;
        if (max && out->len + (size_t)r > max)
            return ward_error_set(err, WARD_ELIMIT, 0, "%s: larger than %zu bytes", path, max);
        ward_buf_add(out, chunk, (size_t)r);
        if (ward_buf_check(out))
            return ward_error_set(err, WARD_ELIMIT, 0, "%s: too large", path);
    }
    if (!out->ptr)
        ward_buf_add(out, "", 0);
    return 0;
}

int ward_write_all(int fd, const void *p, size_t n)
{
    const char *c = p;
    while (n) {
        ssize_t w = write(fd, c, n);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            return WARD_EIO;
        }
        c += w;
        n -= (size_t)w;
    }
    return 0;
}

int ward_mkdir_p(const char *path, int mode, struct ward_error **err)
{
    ward_autofree char *p = ward_xstrdup(path);
    for (char *s = p + 1; *s; s++) {
        if (*s != '/')
            continue;
        *s = '\0';
        if (mkdir(p, (mode_t)mode) < 0 && errno != EEXIST)
            return ward_error_set(err, WARD_EIO, errno, "mkdir %s", p);
        *s = '/';
    }
    if (mkdir(p, (mode_t)mode) < 0 && errno != EEXIST)
        return ward_error_set(err, WARD_EIO, errno, "mkdir %s", p);
    return 0;
}

char *ward_cache_dir(void)
{
    const char *x = getenv("XDG_CACHE_HOME");
    if (x && *x == '/')
        return ward_xasprintf("%s/ward", x);
    const char *h = getenv("HOME");
    if (!h || !*h)
        h = "/tmp";
    return ward_xasprintf("%s/.cache/ward", h);
}
