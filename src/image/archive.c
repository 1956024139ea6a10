/* archive.c - image tarballs: `docker save` output (legacy layout or the OCI
 * layout Docker 25+ writes) and OCI archives, gzip/zstd-compressed or not.
 * Plain tarballs are mmap'ed and indexed without touching layer bytes, so
 * cached layers cost nothing; compressed ones are streamed once. */
#define WARD_LOG_MODULE "image"
#include "image/source.h"
#include "image/stream.h"
#include "util/limits.h"
#include "util/log.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>

struct aentry {
    char *name;
    uint64_t off, size;        /* seek mode */
    struct ward_buf small;     /* stream mode: small entries kept whole */
    struct ward_layer *layer;  /* stream mode: built layer */
    bool have_small;
};

struct archive {
    const struct ward_image_opts *opts;
    struct aentry *e;
    size_t n, cap;
    /* seek mode */
    const unsigned char *map;
    size_t map_len;
    struct ward_tar *tar;
    /* stream mode: current entry */
    struct aentry *cur;
    uint64_t cur_size;
    bool decided, is_layer;
    struct ward_buf head;
    struct ward_layer_builder *lb;
    bool seek_mode;
};

static void archive_dispose(struct archive *a)
{
    for (size_t i = 0; i < a->n; i++) {
        free(a->e[i].name);
        ward_buf_dispose(&a->e[i].small);
        ward_layer_free(a->e[i].layer);
    }
    free(a->e);
    ward_buf_dispose(&a->head);
    ward_layer_builder_free(a->lb);
    ward_tar_free(a->tar);
}

static struct aentry *find_entry(struct archive *a, const char *name)
{
    struct ward_buf norm = WARD_BUF_INIT(WARD_LIMIT_PATH_LEN);
    struct aentry *r = NULL;
    if (ward_path_normalise(name, strlen(name), &norm)) {
        /* the last entry of a name wins, as when extracting */
        for (size_t i = a->n; i-- > 0;)
            if (strcmp(a->e[i].name, norm.ptr) == 0) {
                r = &a->e[i];
                break;
            }
    }
    ward_buf_dispose(&norm);
    return r;
}

static int on_begin(void *ud, const struct ward_tar_entry *te, bool *want, struct ward_error **err)
{
    struct archive *a = ud;
    (void)err;
    if (te->type != WARD_TAR_FILE)
        return 0;
    WARD_GROW(a->e, a->n, a->cap);
    struct aentry *e = &a->e[a->n++];
    memset(e, 0, sizeof(*e));
    e->name = ward_xstrdup(te->path);
    e->size = te->size;
    if (a->seek_mode) {
        e->off = ward_tar_offset(a->tar);
        return 0;
    }
    a->cur = e;
    a->cur_size = te->size;
    a->decided = false;
    a->is_layer = false;
    ward_buf_reset(&a->head);
    *want = true;
    return 0;
}

static bool name_is_layer(const char *name)
{
    size_t n = strlen(name);
    return n >= 9 && strcmp(name + n - 9, "layer.tar") == 0;
}

static int decide(struct archive *a, struct ward_error **err)
{
    const unsigned char *h = (const unsigned char *)(a->head.ptr ? a->head.ptr : "");
    size_t hn = a->head.len;
    a->decided = true;
    a->is_layer = name_is_layer(a->cur->name) ||
                  ward_detect_compression(h, hn) != WARD_COMP_NONE ||
                  (hn >= 262 && memcmp(h + 257, "ustar", 5) == 0);
    if (a->is_layer) {
        a->lb = ward_layer_builder_new(a->opts);
        return ward_layer_builder_feed(a->lb, h, hn, err);
    }
    if (a->cur_size <= WARD_LIMIT_MANIFEST) {
        ward_buf_init(&a->cur->small, WARD_LIMIT_MANIFEST);
        ward_buf_add(&a->cur->small, h, hn);
        a->cur->have_small = true;
    }
    return 0;
}

static int on_data(void *ud, const void *p, size_t n, struct ward_error **err)
{
    struct archive *a = ud;
    if (!a->decided) {
        size_t need = (size_t)WARD_MIN(a->cur_size, 512) - a->head.len;
        size_t take = WARD_MIN(need, n);
        ward_buf_add(&a->head, p, take);
        p = (const char *)p + take;
        n -= take;
        if (a->head.len < WARD_MIN(a->cur_size, 512))
            return 0;
        int rc = decide(a, err);
        if (rc < 0)
            return ward_error_wrap(err, "%s", a->cur->name);
    }
    if (!n)
        return 0;
    if (a->is_layer) {
        int rc = ward_layer_builder_feed(a->lb, p, n, err);
        return rc < 0 ? ward_error_wrap(err, "%s", a->cur->name) : 0;
    }
    if (a->cur->have_small)
        ward_buf_add(&a->cur->small, p, n);
    return 0;
}

static int on_end(void *ud, struct ward_error **err)
{
    struct archive *a = ud;
    if (a->seek_mode || !a->cur)
        return 0;
    if (!a->decided) {
        int rc = decide(a, err);
        if (rc < 0)
            return rc;
    }
    if (a->is_layer) {
        int rc = ward_layer_builder_finish(a->lb, &a->cur->layer, err);
        ward_layer_builder_free(a->lb);
        a->lb = NULL;
        if (rc < 0)
            return ward_error_wrap(err, "%s", a->cur->name);
    }
    a->cur = NULL;
    return 0;
}

static const struct ward_tar_handler handler = {on_begin, on_data, on_end};

static int bs_read(struct blobstore *bs, const char *name, struct ward_buf *out, size_t max,
                   struct ward_error **err)
{
    struct archive *a = bs->ud;
    struct aentry *e = find_entry(a, name);
    if (!e)
        return ward_error_set(err, WARD_ENOTFOUND, 0, "archive has no %s", name);
    if (e->size > max)
        return ward_error_set(err, WARD_ELIMIT, 0, "%s: %llu bytes is over the %zu limit", name,
                              (unsigned long long)e->size, max);
    if (a->seek_mode) {
        ward_buf_add(out, a->map + e->off, (size_t)e->size);
    } else {
        if (!e->have_small)
            return ward_error_set(err, WARD_EFORMAT, 0, "%s is not a JSON document", name);
        ward_buf_add(out, e->small.ptr ? e->small.ptr : "", e->small.len);
    }
    return ward_buf_check(out) ? ward_error_set(err, WARD_ELIMIT, 0, "%s too large", name) : 0;
}

static int bs_layer(struct blobstore *bs, const char *name, struct ward_layer **out,
                    struct ward_error **err)
{
    struct archive *a = bs->ud;
    struct aentry *e = find_entry(a, name);
    if (!e)
        return ward_error_set(err, WARD_ENOTFOUND, 0, "archive has no layer %s", name);
    if (!a->seek_mode) {
        if (!e->layer)
            return ward_error_set(err, WARD_EFORMAT, 0, "%s is not a layer tarball", name);
        *out = WARD_STEAL(&e->layer);
        return 0;
    }
    struct ward_layer_builder *b = ward_layer_builder_new(a->opts);
    const unsigned char *p = a->map + e->off;
    uint64_t left = e->size;
    int rc = 0;
    while (left > 0 && rc == 0) {
        size_t n = (size_t)WARD_MIN(left, (uint64_t)(4u << 20));
        rc = ward_layer_builder_feed(b, p, n, err);
        p += n;
        left -= n;
    }
    if (rc == 0)
        rc = ward_layer_builder_finish(b, out, err);
    ward_layer_builder_free(b);
    return rc < 0 ? ward_error_wrap(err, "%s", name) : 0;
}

static int finish_archive(struct src_ctx *ctx, struct archive *a, struct ward_error **err)
{
    struct blobstore bs = {bs_read, bs_layer, a};
    bool docker = find_entry(a, "manifest.json") != NULL;
    if (!docker && !find_entry(a, "index.json"))
        return ward_error_set(err, WARD_EFORMAT, 0,
                              "neither manifest.json (docker save) nor index.json (OCI) found: "
                              "not an image archive");
    if (!docker) {
        free(ctx->img->kind);
        ctx->img->kind = ward_xstrdup("oci-archive");
    }
    return ward_src_from_blobstore(ctx, &bs, docker, err);
}

/* Stream an archive that arrives in pieces (compressed files, the Engine's export). */
struct ward_archive_stream {
    struct archive a;
    struct ward_decomp *d;
};

static int to_tar(const void *p, size_t n, void *ud, struct ward_error **err)
{
    struct archive *a = ud;
    return ward_tar_feed(a->tar, p, n, err);
}

struct ward_archive_stream *ward_archive_stream_new(const struct ward_image_opts *opts);
int ward_archive_stream_feed(struct ward_archive_stream *s, const void *p, size_t n,
                             struct ward_error **err);
int ward_archive_stream_finish(struct ward_archive_stream *s, struct src_ctx *ctx,
                               struct ward_error **err);
void ward_archive_stream_free(struct ward_archive_stream *s);

struct ward_archive_stream *ward_archive_stream_new(const struct ward_image_opts *opts)
{
    struct ward_archive_stream *s = ward_xcalloc(1, sizeof(*s));
    s->a.opts = opts;
    s->a.tar = ward_tar_new(&handler, &s->a);
    ward_buf_init(&s->a.head, 512);
    s->d = ward_decomp_new(to_tar, &s->a, 0);
    return s;
}

int ward_archive_stream_feed(struct ward_archive_stream *s, const void *p, size_t n,
                             struct ward_error **err)
{
    return ward_decomp_feed(s->d, p, n, err);
}

int ward_archive_stream_finish(struct ward_archive_stream *s, struct src_ctx *ctx,
                               struct ward_error **err)
{
    int rc = ward_decomp_finish(s->d, err);
    if (rc == 0)
        rc = ward_tar_finish(s->a.tar, err);
    if (rc == 0)
        rc = finish_archive(ctx, &s->a, err);
    return rc;
}

void ward_archive_stream_free(struct ward_archive_stream *s)
{
    if (!s)
        return;
    archive_dispose(&s->a);
    ward_decomp_free(s->d);
    free(s);
}

static int cached_only(void *ud, size_t i, struct ward_layer **out, struct ward_error **err)
{
    (void)ud;
    (void)out;
    return ward_error_set(err, WARD_ENOTFOUND, 0, "layer %zu not cached", i);
}

/* Compressed archives cannot be indexed without decompressing them, so their
 * config and tags are remembered under the file's identity (device, inode,
 * size, mtime): an unchanged file whose layers are all cached costs nothing. */
static char *file_key(const struct stat *st, const char *keep_version)
{
    return ward_xasprintf("archive:%llu:%llu:%lld:%lld.%09ld:%s", (unsigned long long)st->st_dev,
                          (unsigned long long)st->st_ino, (long long)st->st_size,
                          (long long)st->st_mtim.tv_sec, st->st_mtim.tv_nsec,
                          keep_version ? keep_version : "");
}

static bool load_remembered(struct src_ctx *ctx, const char *key)
{
    if (ctx->opts->no_cache || !ctx->cache)
        return false;
    ward_autofree char *v = ward_cache_get_meta(ctx->cache, key);
    json_t *j = NULL;
    if (!v || ward_json_parse(&j, v, strlen(v), 0, NULL) < 0)
        return false;
    struct ward_image *img = ctx->img;
    json_t *cfg = ward_jobj(j, "config");
    json_t *ids = ward_jarr(ward_jobj(cfg, "rootfs"), "diff_ids");
    bool ok = cfg && ids && ward_src_set_config(img, cfg, NULL) == 0;
    for (size_t i = 0; ok && i < json_array_size(ids); i++) {
        struct ward_layer *l = ward_cache_get_layer(
            ctx->cache, json_string_value(json_array_get(ids, i)), ctx->opts->keep_version);
        ok = l != NULL;
        ward_layer_free(l);
    }
    if (ok && ward_src_load_layers(ctx, json_array_size(ids), cached_only, NULL, NULL) == 0) {
        const char *s;
        if ((s = ward_jstr(j, "image_id")))
            img->image_id = ward_xstrdup(s);
        if ((s = ward_jstr(j, "manifest_digest")))
            img->manifest_digest = ward_xstrdup(s);
        if ((s = ward_jstr(j, "kind"))) {
            free(img->kind);
            img->kind = ward_xstrdup(s);
        }
        json_t *tags = ward_jarr(j, "repo_tags");
        img->repo_tags = ward_xcalloc(json_array_size(tags) + 1, sizeof(char *));
        for (size_t i = 0; i < json_array_size(tags); i++)
            if (json_string_value(json_array_get(tags, i)))
                img->repo_tags[img->n_repo_tags++] =
                    ward_xstrdup(json_string_value(json_array_get(tags, i)));
        json_decref(j);
        return true;
    }
    /* partial: start over from the archive itself */
    for (size_t i = 0; i < img->n_layers; i++)
        ward_layer_free(img->layers[i]);
    free(img->layers);
    img->layers = NULL;
    img->n_layers = 0;
    img->layers_cached = 0;
    json_decref(j);
    return false;
}

static void remember(struct src_ctx *ctx, const char *key)
{
    if (ctx->opts->no_cache || !ctx->cache || !ctx->img->config)
        return;
    struct ward_image *img = ctx->img;
    json_t *j = json_object();
    json_object_set(j, "config", img->config);
    if (img->image_id)
        json_object_set_new(j, "image_id", json_string(img->image_id));
    if (img->manifest_digest)
        json_object_set_new(j, "manifest_digest", json_string(img->manifest_digest));
    json_object_set_new(j, "kind", json_string(img->kind ? img->kind : "docker-archive"));
    json_t *tags = json_array();
    for (size_t i = 0; i < img->n_repo_tags; i++)
        json_array_append_new(tags, json_string(img->repo_tags[i]));
    json_object_set_new(j, "repo_tags", tags);
    char *v = json_dumps(j, JSON_COMPACT);
    if (v)
        ward_cache_put_meta(ctx->cache, key, v);
    free(v);
    json_decref(j);
}

int ward_src_archive(struct src_ctx *ctx, const char *path, struct ward_error **err)
{
    ward_autoclose int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return ward_error_set(err, errno == ENOENT ? WARD_ENOTFOUND : WARD_EIO, errno, "%s", path);
    struct stat st;
    if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode))
        return ward_error_set(err, WARD_EIO, errno, "%s: not a regular file", path);
    unsigned char head[512];
    ssize_t hn = pread(fd, head, sizeof(head), 0);
    if (hn < 0)
        return ward_error_set(err, WARD_EIO, errno, "read %s", path);
    ctx->img->kind = ward_xstrdup("docker-archive");
    enum ward_compression comp = ward_detect_compression(head, (size_t)hn);
    int rc;
    if (comp == WARD_COMP_NONE && st.st_size > 0) {
        struct archive a = {0};
        a.opts = ctx->opts;
        a.seek_mode = true;
        a.map_len = (size_t)st.st_size;
        void *m = mmap(NULL, a.map_len, PROT_READ, MAP_PRIVATE, fd, 0);
        if (m == MAP_FAILED)
            return ward_error_set(err, WARD_EIO, errno, "mmap %s", path);
        a.map = m;
        a.tar = ward_tar_new(&handler, &a);
        ward_buf_init(&a.head, 512);
        rc = ward_tar_feed(a.tar, a.map, a.map_len, err);
        if (rc == 0)
            rc = ward_tar_finish(a.tar, err);
        if (rc == 0)
            rc = finish_archive(ctx, &a, err);
        archive_dispose(&a);
        munmap(m, a.map_len);
    } else {
        ward_autofree char *key = file_key(&st, ctx->opts->keep_version);
        if (load_remembered(ctx, key))
            return 0;
        struct ward_archive_stream *s = ward_archive_stream_new(ctx->opts);
        ward_autofree unsigned char *buf = ward_xmalloc(1u << 20);
        rc = 0;
        for (;;) {
            ssize_t r = read(fd, buf, 1u << 20);
            if (r < 0) {
                if (errno == EINTR)
                    continue;
                rc = ward_error_set(err, WARD_EIO, errno, "read %s", path);
                break;
            }
            if (r == 0)
                break;
            rc = ward_archive_stream_feed(s, buf, (size_t)r, err);
            if (rc < 0)
                break;
        }
        if (rc == 0)
            rc = ward_archive_stream_finish(s, ctx, err);
        if (rc == 0)
            remember(ctx, key);
        ward_archive_stream_free(s);
    }
    return rc < 0 ? ward_error_wrap(err, "%s", path) : 0;
}
