/* source.h - internal interface between image.c and the individual sources. */
#ifndef WARD_IMAGE_SOURCE_H
#define WARD_IMAGE_SOURCE_H

#include "image/image.h"
#include "util/json_in.h"

struct ward_cache;

/* A set of named blobs (archive entries, OCI blobs/ files) the manifest logic reads. */
struct blobstore {
    /* Read a small named entry whole (bounded by max). */
    int (*read)(struct blobstore *bs, const char *name, struct ward_buf *out, size_t max,
                struct ward_error **err);
    /* Build the layer stored under name (feeds a layer builder). */
    int (*layer)(struct blobstore *bs, const char *name, struct ward_layer **out,
                 struct ward_error **err);
    void *ud;
};

struct src_ctx {
    const struct ward_image_opts *opts;
    struct ward_cache *cache;
    struct ward_image *img;
};

/* Resolve docker-archive manifest.json or OCI index.json from a blob store and
 * load config + layers (cached by diff_id) into ctx->img. */
int ward_src_from_blobstore(struct src_ctx *ctx, struct blobstore *bs, bool docker_manifest,
                            struct ward_error **err);
/* Sets img fields from the config JSON (takes a reference). */
int ward_src_set_config(struct ward_image *img, json_t *config, struct ward_error **err);
/* Fetch layer i (diff_id known from config): cache first, else build(i). */
typedef int (*layer_build_fn)(void *ud, size_t i, struct ward_layer **out,
                              struct ward_error **err);
int ward_src_load_layers(struct src_ctx *ctx, size_t n, layer_build_fn build, void *ud,
                         struct ward_error **err);
/* The host's platform as "linux/amd64". */
const char *ward_host_platform(void);
bool ward_platform_match(json_t *platform, const char *want);

int ward_src_archive(struct src_ctx *ctx, const char *path, struct ward_error **err);
int ward_src_oci_dir(struct src_ctx *ctx, const char *dir, struct ward_error **err);
int ward_src_rootfs(struct src_ctx *ctx, const char *dir, struct ward_error **err);
int ward_src_daemon(struct src_ctx *ctx, const char *name, struct ward_error **err);
int ward_src_registry(struct src_ctx *ctx, const char *ref, struct ward_error **err);

#endif
