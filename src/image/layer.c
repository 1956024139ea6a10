/* layer.c - turns one layer's byte stream into a ward_layer: every entry's
 * metadata, whiteouts recognised, and the content of the files the catalogers
 * asked for. Also computes the diff_id (sha256 of the uncompressed tar). */
#define WARD_LOG_MODULE "image"
#include "image/image.h"
#include "image/stream.h"
#include "util/hash.h"
#include "util/limits.h"
#include "util/log.h"

#include <string.h>
#include <sys/stat.h>

struct ward_layer *ward_layer_new(void)
{
    struct ward_layer *l = ward_xcalloc(1, sizeof(*l));
    ward_arena_init(&l->arena);
    return l;
}

void ward_layer_free(struct ward_layer *l)
{
    if (!l)
        return;
    for (size_t i = 0; i < l->n_blobs; i++)
        free(l->blobs[i].data);
    free(l->blobs);
    free(l->files);
    ward_arena_dispose(&l->arena);
    free(l);
}

void ward_layer_add(struct ward_layer *l, const char *path, const char *link, uint32_t mode,
                    uint32_t uid, uint32_t gid, uint64_t size, uint8_t kind)
{
    WARD_GROW(l->files, l->n_files, l->cap_files);
    struct ward_layer_file *f = &l->files[l->n_files++];
    f->path = ward_arena_strdup(&l->arena, path);
    f->link = link && *link ? ward_arena_strdup(&l->arena, link) : NULL;
    f->mode = mode;
    f->uid = uid;
    f->gid = gid;
    f->size = size;
    f->kind = kind;
    f->blob = -1;
}

void ward_layer_add_blob(struct ward_layer *l, uint32_t file, char *data, size_t len, bool reduced)
{
    WARD_GROW(l->blobs, l->n_blobs, l->cap_blobs);
    l->blobs[l->n_blobs] = (struct ward_layer_blob){file, reduced, data, len};
    l->files[file].blob = (int32_t)l->n_blobs;
    l->n_blobs++;
}

struct ward_layer_builder {
    const struct ward_image_opts *opts;
    struct ward_layer *layer;
    struct ward_decomp *decomp;
    struct ward_tar *tar;
    struct ward_sha256 sha;
    struct ward_tar_handler h;
    /* current entry */
    enum ward_keep keep;
    struct ward_buf content;
    bool overflow;
    char *abs_path;
    uint32_t cur_file;
    struct ward_buf tmp;
};

static uint32_t type_bits(enum ward_tar_type t)
{
    switch (t) {
    case WARD_TAR_FILE:
    case WARD_TAR_HARDLINK:
        return S_IFREG;
    case WARD_TAR_SYMLINK:
        return S_IFLNK;
    case WARD_TAR_DIR:
        return S_IFDIR;
    case WARD_TAR_CHAR:
        return S_IFCHR;
    case WARD_TAR_BLOCK:
        return S_IFBLK;
    case WARD_TAR_FIFO:
        return S_IFIFO;
    case WARD_TAR_OTHER:
        break;
    }
    return S_IFREG;
}

static int on_begin(void *ud, const struct ward_tar_entry *e, bool *want, struct ward_error **err)
{
    struct ward_layer_builder *b = ud;
    struct ward_layer *l = b->layer;
    const char *base = strrchr(e->path, '/');
    size_t dirlen = base ? (size_t)(base - e->path) : 0;
    base = base ? base + 1 : e->path;
    b->keep = WARD_KEEP_NO;
    if (e->type == WARD_TAR_OTHER)
        return 0; /* sparse, volume labels...: nothing a scanner can use */
    if (e->path[0] == '\0')
        return 0; /* the root directory itself */
    if (strncmp(base, ".wh.", 4) == 0) {
        /* AUFS/OCI whiteouts (OCI image spec, layer.md) */
        ward_buf_reset(&b->tmp);
        ward_buf_add(&b->tmp, e->path, dirlen);
        if (strcmp(base, ".wh..wh..opq") == 0) {
            ward_layer_add(l, b->tmp.ptr ? b->tmp.ptr : "", NULL, S_IFDIR, 0, 0, 0,
                           WARD_LF_OPAQUE);
        } else {
            if (dirlen)
                ward_buf_addc(&b->tmp, '/');
            ward_buf_adds(&b->tmp, base + 4);
            if (base[4] == '\0')
                return ward_error_set(err, WARD_EFORMAT, 0, "empty whiteout name \"%s\"",
                                      e->raw_path);
            ward_layer_add(l, b->tmp.ptr, NULL, 0, 0, 0, 0, WARD_LF_WHITEOUT);
        }
        return 0;
    }
    if (e->type == WARD_TAR_HARDLINK) {
        if (!ward_path_normalise(e->link, strlen(e->link), &b->tmp))
            return ward_error_set(err, WARD_EFORMAT, 0, "hard link \"%s\" -> \"%s\" escapes the root",
                                  e->raw_path, e->link);
        ward_layer_add(l, e->path, b->tmp.ptr, S_IFREG | e->mode, e->uid, e->gid, 0,
                       WARD_LF_HARDLINK);
        return 0;
    }
    ward_layer_add(l, e->path, e->type == WARD_TAR_SYMLINK ? e->link : NULL,
                   type_bits(e->type) | e->mode, e->uid, e->gid, e->size, WARD_LF_NORMAL);
    if (e->type != WARD_TAR_FILE || !b->opts || !b->opts->keep)
        return 0;
    free(b->abs_path);
    b->abs_path = ward_xasprintf("/%s", e->path);
    b->keep = b->opts->keep(b->abs_path, S_IFREG | e->mode, e->size, b->opts->ud);
    if (b->keep == WARD_KEEP_NO)
        return 0;
    if (e->size > WARD_LIMIT_KEEP_FILE) {
        ward_warn("%s: %llu bytes, larger than the %llu byte limit: not analysed", b->abs_path,
                  (unsigned long long)e->size, (unsigned long long)WARD_LIMIT_KEEP_FILE);
        b->keep = WARD_KEEP_NO;
        return 0;
    }
    b->cur_file = (uint32_t)(l->n_files - 1);
    ward_buf_init(&b->content, WARD_LIMIT_KEEP_FILE);
    if (e->size)
        ward_buf_reserve(&b->content, (size_t)e->size);
    b->overflow = false;
    *want = true;
    return 0;
}

static int on_data(void *ud, const void *p, size_t n, struct ward_error **err)
{
    struct ward_layer_builder *b = ud;
    (void)err;
    if (b->keep != WARD_KEEP_NO && !b->overflow) {
        if (b->keep == WARD_KEEP_REDUCE && b->content.len == 0 && n >= 4 &&
            memcmp(p, "\x7f" "ELF", 4) != 0) {
            /* only ELF files are reduced; everything else is dropped at once */
            b->overflow = true;
            return 0;
        }
        ward_buf_add(&b->content, p, n);
        if (ward_buf_check(&b->content))
            b->overflow = true;
    }
    return 0;
}

static int on_end(void *ud, struct ward_error **err)
{
    struct ward_layer_builder *b = ud;
    (void)err;
    if (b->keep == WARD_KEEP_NO)
        return 0;
    enum ward_keep k = b->keep;
    b->keep = WARD_KEEP_NO;
    if (b->overflow) {
        ward_buf_dispose(&b->content);
        return 0;
    }
    if (!b->content.ptr)
        ward_buf_add(&b->content, "", 0);
    if (k == WARD_KEEP_RAW) {
        size_t len = b->content.len;
        char *data = ward_buf_steal(&b->content);
        ward_layer_add_blob(b->layer, b->cur_file, data, len, false);
        return 0;
    }
    struct ward_buf out = WARD_BUF_INIT(WARD_LIMIT_KEEP_SMALL);
    if (b->opts->reduce &&
        b->opts->reduce(b->abs_path, b->content.ptr, b->content.len, &out, b->opts->ud) &&
        !ward_buf_check(&out)) {
        size_t len = out.len;
        ward_layer_add_blob(b->layer, b->cur_file, ward_buf_steal(&out), len, true);
    } else {
        ward_buf_dispose(&out);
    }
    ward_buf_dispose(&b->content);
    return 0;
}

static int hash_and_tar(const void *p, size_t n, void *ud, struct ward_error **err)
{
    struct ward_layer_builder *b = ud;
    ward_sha256_update(&b->sha, p, n);
    return ward_tar_feed(b->tar, p, n, err);
}

struct ward_layer_builder *ward_layer_builder_new(const struct ward_image_opts *opts)
{
    struct ward_layer_builder *b = ward_xcalloc(1, sizeof(*b));
    b->opts = opts;
    b->layer = ward_layer_new();
    b->h.begin = on_begin;
    b->h.data = on_data;
    b->h.end = on_end;
    b->tar = ward_tar_new(&b->h, b);
    b->decomp = ward_decomp_new(hash_and_tar, b, 0);
    ward_sha256_init(&b->sha);
    ward_buf_init(&b->tmp, WARD_LIMIT_PATH_LEN);
    return b;
}

void ward_layer_builder_free(struct ward_layer_builder *b)
{
    if (!b)
        return;
    ward_layer_free(b->layer);
    ward_tar_free(b->tar);
    ward_decomp_free(b->decomp);
    ward_sha256_dispose(&b->sha);
    ward_buf_dispose(&b->content);
    ward_buf_dispose(&b->tmp);
    free(b->abs_path);
    free(b);
}

int ward_layer_builder_feed(struct ward_layer_builder *b, const void *p, size_t n,
                            struct ward_error **err)
{
    return ward_decomp_feed(b->decomp, p, n, err);
}

int ward_layer_builder_finish(struct ward_layer_builder *b, struct ward_layer **out,
                              struct ward_error **err)
{
    int rc = ward_decomp_finish(b->decomp, err);
    if (rc < 0)
        return rc;
    rc = ward_tar_finish(b->tar, err);
    if (rc < 0)
        return rc;
    ward_sha256_final_hex(&b->sha, b->layer->diff_id);
    b->layer->bytes = ward_decomp_bytes_out(b->decomp);
    *out = WARD_STEAL(&b->layer);
    return 0;
}
