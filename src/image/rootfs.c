/* rootfs.c - a root filesystem directory as a one-layer image: walked with
 * openat/fstatat (never following symlinks, staying on one filesystem), with
 * the same keep/reduce rules as image layers. */
#define WARD_LOG_MODULE "image"
#include "image/source.h"
#include "util/file.h"
#include "util/limits.h"
#include "util/log.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>

struct walk {
    const struct ward_image_opts *opts;
    struct ward_layer *l;
    dev_t dev;
    struct ward_buf path;
    unsigned depth;
};

static int keep_file(struct walk *w, int dfd, const char *name, const struct stat *st,
                     struct ward_error **err)
{
    (void)err;
    if (!w->opts->keep)
        return 0;
    ward_autofree char *abs = ward_xasprintf("/%s", w->path.ptr);
    enum ward_keep k = w->opts->keep(abs, st->st_mode, (uint64_t)st->st_size, w->opts->ud);
    if (k == WARD_KEEP_NO)
        return 0;
    if ((uint64_t)st->st_size > WARD_LIMIT_KEEP_FILE) {
        ward_warn("%s: %lld bytes, over the keep limit: not analysed", abs,
                  (long long)st->st_size);
        return 0;
    }
    struct ward_buf b = WARD_BUF_INIT(WARD_LIMIT_KEEP_FILE);
    ward_autoclose int fd = openat(dfd, name, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
    if (fd < 0) {
        ward_warn("%s: %s", abs, strerror(errno));
        return 0;
    }
    if (k == WARD_KEEP_REDUCE) {
        char magic[4];
        if (pread(fd, magic, 4, 0) != 4 || memcmp(magic, "\x7f" "ELF", 4) != 0)
            return 0;
    }
    char chunk[65536];
    ssize_t r;
    while ((r = read(fd, chunk, sizeof(chunk))) > 0) {
        ward_buf_add(&b, chunk, (size_t)r);
        if (ward_buf_check(&b))
            break;
    }
    if (r < 0 || ward_buf_check(&b)) {
        ward_warn("%s: read failed", abs);
        ward_buf_dispose(&b);
        return 0;
    }
    if (!b.ptr)
        ward_buf_add(&b, "", 0);
    uint32_t idx = (uint32_t)(w->l->n_files - 1);
    if (k == WARD_KEEP_RAW) {
        size_t len = b.len;
        ward_layer_add_blob(w->l, idx, ward_buf_steal(&b), len, false);
        return 0;
    }
    struct ward_buf out = WARD_BUF_INIT(WARD_LIMIT_KEEP_SMALL);
    if (w->opts->reduce && w->opts->reduce(abs, b.ptr, b.len, &out, w->opts->ud) &&
        !ward_buf_check(&out)) {
        size_t len = out.len;
        ward_layer_add_blob(w->l, idx, ward_buf_steal(&out), len, true);
    } else {
        ward_buf_dispose(&out);
    }
    ward_buf_dispose(&b);
    return 0;
}

static int walk_dir(struct walk *w, int dfd, struct ward_error **err)
{
    if (++w->depth > WARD_LIMIT_PATH_DEPTH)
        return ward_error_set(err, WARD_ELIMIT, 0, "%s: nested too deep", w->path.ptr);
    DIR *d = fdopendir(dfd);
    if (!d) {
        close(dfd);
        return ward_error_set(err, WARD_EIO, errno, "opendir %s", w->path.ptr);
    }
    struct dirent *de;
    int rc = 0;
    while (rc == 0 && (de = readdir(d))) {
        const char *name = de->d_name;
        if (!strcmp(name, ".") || !strcmp(name, ".."))
            continue;
        size_t save = w->path.len;
        if (w->path.len)
            ward_buf_addc(&w->path, '/');
        ward_buf_adds(&w->path, name);
        if (ward_buf_check(&w->path)) {
            rc = ward_error_set(err, WARD_ELIMIT, 0, "path too long under %.*s", (int)save,
                                w->path.ptr);
            break;
        }
        struct stat st;
        if (fstatat(dirfd(d), name, &st, AT_SYMLINK_NOFOLLOW) < 0) {
            ward_warn("stat /%s: %s", w->path.ptr, strerror(errno));
            goto next;
        }
        if (w->l->n_files >= WARD_LIMIT_FILES_PER_LAYER) {
            rc = ward_error_set(err, WARD_ELIMIT, 0, "more than %u files",
                                WARD_LIMIT_FILES_PER_LAYER);
            break;
        }
        char linkbuf[WARD_LIMIT_PATH_LEN];
        const char *link = NULL;
        if (S_ISLNK(st.st_mode)) {
            ssize_t n = readlinkat(dirfd(d), name, linkbuf, sizeof(linkbuf) - 1);
            if (n >= 0) {
                linkbuf[n] = '\0';
                link = linkbuf;
            }
        }
        ward_layer_add(w->l, w->path.ptr, link, (uint32_t)st.st_mode, st.st_uid, st.st_gid,
                       S_ISREG(st.st_mode) ? (uint64_t)st.st_size : 0, WARD_LF_NORMAL);
        if (S_ISREG(st.st_mode)) {
            rc = keep_file(w, dirfd(d), name, &st, err);
        } else if (S_ISDIR(st.st_mode) && st.st_dev == w->dev) {
            if (w->depth == 1 && (!strcmp(name, "proc") || !strcmp(name, "sys")))
                goto next; /* kernel views, not content */
            int sub = openat(dirfd(d), name, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
            if (sub < 0)
                ward_warn("open /%s: %s", w->path.ptr, strerror(errno));
            else
                rc = walk_dir(w, sub, err);
        }
    next:
        w->path.len = save;
        w->path.ptr[save] = '\0';
    }
    closedir(d);
    w->depth--;
    return rc;
}

int ward_src_rootfs(struct src_ctx *ctx, const char *dir, struct ward_error **err)
{
    int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd < 0)
        return ward_error_set(err, WARD_EIO, errno, "%s", dir);
    struct stat st;
    if (fstat(dfd, &st) < 0) {
        close(dfd);
        return ward_error_set(err, WARD_EIO, errno, "%s", dir);
    }
    struct walk w = {ctx->opts, ward_layer_new(), st.st_dev, WARD_BUF_INIT(WARD_LIMIT_PATH_LEN), 0};
    ward_buf_add(&w.path, "", 0);
    int rc = walk_dir(&w, dfd, err);
    ward_buf_dispose(&w.path);
    if (rc < 0) {
        ward_layer_free(w.l);
        return ward_error_wrap(err, "%s", dir);
    }
    ctx->img->kind = ward_xstrdup("rootfs");
    ctx->img->layers = ward_xcalloc(1, sizeof(*ctx->img->layers));
    ctx->img->layers[0] = w.l;
    ctx->img->n_layers = 1;
    return 0;
}
