/* registry_src.c - images pulled from a registry (Registry v2 API): the
 * manifest for the platform, the config, then only the layers the cache lacks,
 * each streamed once into the layer reader with its digest verified. */
#define WARD_LOG_MODULE "image"
#include "image/source.h"

#if __has_include("image/registry.h")
#include "image/registry.h"

#include <string.h>

struct rctx {
    struct src_ctx *ctx;
    struct ward_registry *reg;
    struct ward_registry_image *ri;
};

struct feed {
    struct ward_layer_builder *b;
    struct ward_error *err;
};

static int feed_sink(const void *p, size_t n, void *ud)
{
    struct feed *f = ud;
    int rc = ward_layer_builder_feed(f->b, p, n, &f->err);
    return rc < 0 ? rc : 0;
}

static int build_layer(void *ud, size_t i, struct ward_layer **out, struct ward_error **err)
{
    struct rctx *r = ud;
    const char *digest = r->ri->layers[i].digest;
    struct feed f = {ward_layer_builder_new(r->ctx->opts), NULL};
    int rc = ward_registry_blob(r->reg, digest, feed_sink, &f, err);
    if (rc < 0 && f.err) {
        ward_error_free(*err);
        *err = f.err;
        f.err = NULL;
    }
    if (rc == 0)
        rc = ward_layer_builder_finish(f.b, out, err);
    if (rc == 0)
        snprintf((*out)->digest, sizeof((*out)->digest), "%s", digest);
    ward_error_free(f.err);
    ward_layer_builder_free(f.b);
    return rc < 0 ? ward_error_wrap(err, "blob %s", digest) : 0;
}

int ward_src_registry(struct src_ctx *ctx, const char *refstr, struct ward_error **err)
{
    struct ward_image_ref ref = {0};
    int rc = ward_image_ref_parse(&ref, refstr, err);
    if (rc < 0)
        return rc;
    struct ward_registry_opts ro = {0};
    ro.platform = ctx->opts->platform;
    ro.insecure = ctx->opts->insecure_registry;
    struct ward_registry *reg = NULL;
    struct ward_registry_image ri;
    memset(&ri, 0, sizeof(ri));
    rc = ward_registry_open(&reg, &ref, &ro, err);
    if (rc == 0)
        rc = ward_registry_resolve(reg, &ri, err);
    if (rc == 0) {
        json_t *cfg = NULL;
        rc = ward_json_parse(&cfg, ri.config.ptr ? ri.config.ptr : "", ri.config.len, 0, err);
        if (rc == 0) {
            rc = ward_src_set_config(ctx->img, cfg, err);
            json_decref(cfg);
        }
    }
    if (rc == 0) {
        struct ward_image *img = ctx->img;
        img->kind = ward_xstrdup("registry");
        img->image_id = ward_xstrdup(ri.config_digest);
        img->manifest_digest = ward_xstrdup(ri.manifest_digest);
        if (ref.tag) {
            img->repo_tags = ward_xcalloc(1, sizeof(char *));
            img->repo_tags[img->n_repo_tags++] =
                ward_xasprintf("%s/%s:%s", ref.registry, ref.repository, ref.tag);
        }
        size_t nd = json_array_size(ward_jarr(ward_jobj(img->config, "rootfs"), "diff_ids"));
        if (nd != ri.n_layers)
            rc = ward_error_set(err, WARD_EFORMAT, 0,
                                "manifest lists %zu layers but the config has %zu diff_ids",
                                ri.n_layers, nd);
        else {
            struct rctx r = {ctx, reg, &ri};
            rc = ward_src_load_layers(ctx, ri.n_layers, build_layer, &r, err);
        }
    }
    ward_registry_image_dispose(&ri);
    ward_registry_free(reg);
    ward_image_ref_dispose(&ref);
    return rc < 0 ? ward_error_wrap(err, "%s", refstr) : 0;
}

#else
int ward_src_registry(struct src_ctx *ctx, const char *ref, struct ward_error **err)
{
    (void)ctx;
    return ward_error_set(err, WARD_EUNSUPPORTED, 0, "%s: registry support is not built in", ref);
}
#endif
