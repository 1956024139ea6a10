/* daemon.c - images in a Docker Engine (DOCKER_HOST honoured): metadata from
 * /images/{name}/json; when every layer is cached nothing else is read,
 * otherwise /images/{name}/get is streamed once through the archive reader. */
#define WARD_LOG_MODULE "image"
#include "engine/engine.h"
#include "image/source.h"
#include "util/limits.h"
#include "util/log.h"

#include <string.h>

struct ward_archive_stream;
struct ward_archive_stream *ward_archive_stream_new(const struct ward_image_opts *opts);
int ward_archive_stream_feed(struct ward_archive_stream *s, const void *p, size_t n,
                             struct ward_error **err);
int ward_archive_stream_finish(struct ward_archive_stream *s, struct src_ctx *ctx,
                               struct ward_error **err);
void ward_archive_stream_free(struct ward_archive_stream *s);

struct pump {
    struct ward_archive_stream *s;
    struct ward_error *err;
};

static int pump_sink(const void *p, size_t n, void *ud)
{
    struct pump *pu = ud;
    int rc = ward_archive_stream_feed(pu->s, p, n, &pu->err);
    return rc < 0 ? rc : 0;
}

static int cached_only(void *ud, size_t i, struct ward_layer **out, struct ward_error **err)
{
    (void)ud;
    (void)out;
    return ward_error_set(err, WARD_ENOTFOUND, 0, "layer %zu not cached", i);
}

int ward_src_daemon(struct src_ctx *ctx, const char *name, struct ward_error **err)
{
    ward_autoptr(ward_engine) e = NULL;
    int rc = ward_engine_open(&e, ctx->opts->docker_host, err);
    if (rc < 0)
        return rc;
    ward_autofree char *esc = ward_engine_escape(name);
    ward_autofree char *path = ward_xasprintf("/images/%s/json", esc);
    ward_autojson insp = NULL;
    rc = ward_engine_get_json(e, path, &insp, err);
    if (rc < 0)
        return rc;
    struct ward_image *img = ctx->img;
    img->kind = ward_xstrdup("docker-daemon");
    const char *id = ward_jstr(insp, "Id");
    json_t *tags = ward_jarr(insp, "RepoTags");
    json_t *digests = ward_jarr(insp, "RepoDigests");
    json_t *layers = ward_jarr(ward_jobj(insp, "RootFS"), "Layers");
    if (!id || !layers)
        return ward_error_set(err, WARD_EFORMAT, 0, "engine: image %s has no Id or RootFS", name);
    /* A config equivalent to the image's own, from what inspect says. */
    ward_autojson cfg = json_object();
    json_object_set_new(cfg, "architecture", json_string(ward_jstr(insp, "Architecture") ?: ""));
    json_object_set_new(cfg, "os", json_string(ward_jstr(insp, "Os") ?: "linux"));
    if (ward_jstr(insp, "Variant"))
        json_object_set_new(cfg, "variant", json_string(ward_jstr(insp, "Variant")));
    if (ward_jstr(insp, "Created"))
        json_object_set_new(cfg, "created", json_string(ward_jstr(insp, "Created")));
    if (ward_jobj(insp, "Config"))
        json_object_set(cfg, "config", ward_jobj(insp, "Config"));
    json_t *rootfs = json_object();
    json_object_set_new(rootfs, "type", json_string("layers"));
    json_object_set(rootfs, "diff_ids", layers);
    json_object_set_new(cfg, "rootfs", rootfs);
    rc = ward_src_set_config(img, cfg, err);
    if (rc < 0)
        return rc;
    img->image_id = ward_xstrdup(id);
    size_t i;
    json_t *t;
    img->repo_tags = ward_xcalloc(json_array_size(tags) + 1, sizeof(char *));
    json_array_foreach(tags, i, t)
    {
        if (json_is_string(t))
            img->repo_tags[img->n_repo_tags++] = ward_xstrdup(json_string_value(t));
    }
    const char *rd = json_string_value(json_array_get(digests, 0));
    if (rd && strchr(rd, '@'))
        img->manifest_digest = ward_xstrdup(strchr(rd, '@') + 1);
    size_t n = json_array_size(layers);
    bool all = !ctx->opts->no_cache && ctx->cache;
    for (i = 0; all && i < n; i++) {
        struct ward_layer *l =
            ward_cache_get_layer(ctx->cache, json_string_value(json_array_get(layers, i)),
                                 ctx->opts->keep_version);
        if (!l)
            all = false;
        ward_layer_free(l);
    }
    if (all && n > 0)
        return ward_src_load_layers(ctx, n, cached_only, NULL, err);
    /* Export and read the archive once. */
    ward_autofree char *get = ward_xasprintf("/images/%s/get", esc);
    struct pump pu = {ward_archive_stream_new(ctx->opts), NULL};
    rc = ward_engine_get_stream(e, get, pump_sink, &pu, err);
    if (rc < 0 && pu.err) {
        ward_error_free(*err);
        *err = pu.err;
        pu.err = NULL;
    }
    if (rc == 0) {
        /* the archive gives the real config and repo tags: start from a clean image */
        json_decref(img->config);
        img->config = NULL;
        for (i = 0; i < img->n_repo_tags; i++)
            free(img->repo_tags[i]);
        img->n_repo_tags = 0;
        free(img->repo_tags);
        img->repo_tags = NULL;
        free(img->image_id);
        img->image_id = NULL;
        char *kind = img->kind;
        img->kind = NULL;
        rc = ward_archive_stream_finish(pu.s, ctx, err);
        free(img->kind);
        img->kind = kind;
        if (img->n_repo_tags == 0 && json_array_size(tags)) {
            img->repo_tags = ward_xcalloc(json_array_size(tags) + 1, sizeof(char *));
            json_array_foreach(tags, i, t)
            {
                if (json_is_string(t))
                    img->repo_tags[img->n_repo_tags++] = ward_xstrdup(json_string_value(t));
            }
        }
    }
    ward_error_free(pu.err);
    ward_archive_stream_free(pu.s);
    return rc < 0 ? ward_error_wrap(err, "engine image %s", name) : 0;
}
