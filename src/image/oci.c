/* oci.c - OCI image layout directories (oci-layout, index.json, blobs/sha256/),
 * as skopeo, umoci and buildah write them. Blob names are validated digests,
 * opened relative to the layout dir only. */
#include "image/source.h"
#include "util/file.h"
#include "util/hash.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>

struct ocidir {
    int dfd;
    const struct ward_image_opts *opts;
};

static bool safe_name(const char *name)
{
    if (strcmp(name, "index.json") == 0)
        return true;
    if (strncmp(name, "blobs/sha256/", 13) != 0)
        return false;
    char d[80];
    snprintf(d, sizeof(d), "sha256:%s", name + 13);
    return ward_digest_valid(d);
}

static int od_read(struct blobstore *bs, const char *name, struct ward_buf *out, size_t max,
                   struct ward_error **err)
{
    struct ocidir *o = bs->ud;
    if (!safe_name(name))
        return ward_error_set(err, WARD_EFORMAT, 0, "refusing blob name %s", name);
    return ward_file_read(out, o->dfd, name, max, err);
}

static int od_layer(struct blobstore *bs, const char *name, struct ward_layer **out,
                    struct ward_error **err)
{
    struct ocidir *o = bs->ud;
    if (!safe_name(name))
        return ward_error_set(err, WARD_EFORMAT, 0, "refusing blob name %s", name);
    ward_autoclose int fd = openat(o->dfd, name, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0)
        return ward_error_set(err, WARD_EIO, errno, "open %s", name);
    struct ward_layer_builder *b = ward_layer_builder_new(o->opts);
    struct ward_sha256 sha;
    ward_sha256_init(&sha);
    ward_autofree unsigned char *buf = ward_xmalloc(1u << 20);
    int rc = 0;
    for (;;) {
        ssize_t r = read(fd, buf, 1u << 20);
        if (r < 0) {
            if (errno == EINTR)
                continue;
            rc = ward_error_set(err, WARD_EIO, errno, "read %s", name);
            break;
        }
        if (r == 0)
            break;
        ward_sha256_update(&sha, buf, (size_t)r);
        rc = ward_layer_builder_feed(b, buf, (size_t)r, err);
        if (rc < 0)
            break;
    }
    char got[72];
    ward_sha256_final_hex(&sha, got);
    if (rc == 0 && strcmp(got + 7, name + 13) != 0)
        rc = ward_error_set(err, WARD_EFORMAT, 0, "%s: content digest %s does not match", name,
                            got);
    if (rc == 0)
        rc = ward_layer_builder_finish(b, out, err);
    if (rc == 0)
        memcpy((*out)->digest, got, 72);
    ward_layer_builder_free(b);
    return rc < 0 ? ward_error_wrap(err, "%s", name) : 0;
}

int ward_src_oci_dir(struct src_ctx *ctx, const char *dir, struct ward_error **err)
{
    struct ocidir o = {open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC), ctx->opts};
    if (o.dfd < 0)
        return ward_error_set(err, WARD_EIO, errno, "%s", dir);
    ctx->img->kind = ward_xstrdup("oci-layout");
    struct blobstore bs = {od_read, od_layer, &o};
    int rc = ward_src_from_blobstore(ctx, &bs, false, err);
    close(o.dfd);
    return rc < 0 ? ward_error_wrap(err, "%s", dir) : 0;
}
