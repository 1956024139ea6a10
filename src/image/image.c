/* image.c - opens an image from whatever the user typed: picks the source,
 * resolves manifests (docker-archive manifest.json, OCI index -> platform),
 * loads layers through the cache, and merges them into the file tree. */
#define WARD_LOG_MODULE "image"
#include "image/source.h"
#include "util/hash.h"
#include "util/limits.h"
#include "util/log.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>

void ward_image_free(struct ward_image *img)
{
    if (!img)
        return;
    free(img->target);
    free(img->kind);
    free(img->image_id);
    free(img->manifest_digest);
    for (size_t i = 0; i < img->n_repo_tags; i++)
        free(img->repo_tags[i]);
    free(img->repo_tags);
    free(img->os);
    free(img->architecture);
    free(img->variant);
    free(img->created);
    if (img->config)
        json_decref(img->config);
    for (size_t i = 0; i < img->n_layers; i++)
        ward_layer_free(img->layers[i]);
    free(img->layers);
    ward_tree_free(img->tree);
    free(img);
}

const char *ward_host_platform(void)
{
    static char buf[64];
    if (buf[0])
        return buf;
    struct utsname u;
    const char *arch = "amd64";
    if (uname(&u) == 0) {
        if (!strcmp(u.machine, "x86_64"))
            arch = "amd64";
        else if (!strcmp(u.machine, "aarch64") || !strcmp(u.machine, "arm64"))
            arch = "arm64";
        else if (!strncmp(u.machine, "armv7", 5))
            arch = "arm/v7";
        else if (!strcmp(u.machine, "i686") || !strcmp(u.machine, "i386"))
            arch = "386";
        else if (!strcmp(u.machine, "ppc64le"))
            arch = "ppc64le";
        else if (!strcmp(u.machine, "s390x"))
            arch = "s390x";
        else if (!strcmp(u.machine, "riscv64"))
            arch = "riscv64";
    }
    snprintf(buf, sizeof(buf), "linux/%s", arch);
    return buf;
}

bool ward_platform_match(json_t *platform, const char *want)
{
    const char *os = ward_jstr(platform, "os"), *arch = ward_jstr(platform, "architecture");
    const char *variant = ward_jstr(platform, "variant");
    if (!os || !arch)
        return false;
    char w_os[32] = "", w_arch[32] = "", w_var[32] = "";
    const char *s1 = strchr(want, '/');
    if (!s1)
        return false;
    snprintf(w_os, sizeof(w_os), "%.*s", (int)(s1 - want), want);
    const char *s2 = strchr(s1 + 1, '/');
    if (s2) {
        snprintf(w_arch, sizeof(w_arch), "%.*s", (int)(s2 - s1 - 1), s1 + 1);
        snprintf(w_var, sizeof(w_var), "%s", s2 + 1);
    } else {
        snprintf(w_arch, sizeof(w_arch), "%s", s1 + 1);
    }
    if (strcmp(os, w_os) != 0 || strcmp(arch, w_arch) != 0)
        return false;
    if (w_var[0] && (!variant || strcmp(variant, w_var) != 0))
        return false;
    return true;
}

int ward_src_set_config(struct ward_image *img, json_t *config, struct ward_error **err)
{
    if (!json_is_object(config))
        return ward_error_set(err, WARD_EFORMAT, 0, "image config is not a JSON object");
    if (img->config)
        json_decref(img->config);
    img->config = json_incref(config);
    const char *s;
    if ((s = ward_jstr(config, "os"))) {
        free(img->os);
        img->os = ward_xstrdup(s);
    }
    if ((s = ward_jstr(config, "architecture"))) {
        free(img->architecture);
        img->architecture = ward_xstrdup(s);
    }
    if ((s = ward_jstr(config, "variant"))) {
        free(img->variant);
        img->variant = ward_xstrdup(s);
    }
    if ((s = ward_jstr(config, "created"))) {
        free(img->created);
        img->created = ward_xstrdup(s);
    }
    json_t *ids = ward_jarr(ward_jobj(config, "rootfs"), "diff_ids");
    if (!ids)
        return ward_error_set(err, WARD_EFORMAT, 0, "image config has no rootfs.diff_ids");
    size_t n = json_array_size(ids);
    if (n > WARD_LIMIT_LAYERS)
        return ward_error_set(err, WARD_ELIMIT, 0, "image has %zu layers (limit %u)", n,
                              WARD_LIMIT_LAYERS);
    for (size_t i = 0; i < n; i++) {
        const char *d = json_string_value(json_array_get(ids, i));
        if (!ward_digest_valid(d))
            return ward_error_set(err, WARD_EFORMAT, 0, "image config: diff_ids[%zu] is not a sha256 digest", i);
    }
    return 0;
}

static const char *config_diff_id(const struct ward_image *img, size_t i)
{
    json_t *ids = ward_jarr(ward_jobj(img->config, "rootfs"), "diff_ids");
    return json_string_value(json_array_get(ids, i));
}

int ward_src_load_layers(struct src_ctx *ctx, size_t n, layer_build_fn build, void *ud,
                         struct ward_error **err)
{
    struct ward_image *img = ctx->img;
    img->layers = ward_xcalloc(n ? n : 1, sizeof(*img->layers));
    for (size_t i = 0; i < n; i++) {
        const char *want = img->config ? config_diff_id(img, i) : NULL;
        struct ward_layer *l = NULL;
        if (want && !ctx->opts->no_cache)
            l = ward_cache_get_layer(ctx->cache, want, ctx->opts->keep_version);
        if (l) {
            img->layers_cached++;
        } else {
            int rc = build(ud, i, &l, err);
            if (rc < 0)
                return ward_error_wrap(err, "layer %zu%s%.19s", i + 1, want ? " " : "",
                                       want ? want : "");
            if (want && strcmp(l->diff_id, want) != 0) {
                int r2 = ward_error_set(err, WARD_EFORMAT, 0,
                                        "layer %zu: content digest %s does not match diff_id %s",
                                        i + 1, l->diff_id, want);
                ward_layer_free(l);
                return r2;
            }
            if (!ctx->opts->no_cache)
                ward_cache_put_layer(ctx->cache, l, ctx->opts->keep_version);
        }
        img->layers[img->n_layers++] = l;
    }
    return 0;
}

/* ---- manifests from a blob store (docker-archive or OCI layout) ---- */

struct bs_build {
    struct blobstore *bs;
    char **names;
};

static int bs_build_layer(void *ud, size_t i, struct ward_layer **out, struct ward_error **err)
{
    struct bs_build *b = ud;
    return b->bs->layer(b->bs, b->names[i], out, err);
}

static int read_json(struct blobstore *bs, const char *name, json_t **out, struct ward_error **err,
                     char digest[72])
{
    struct ward_buf b = WARD_BUF_INIT(WARD_LIMIT_MANIFEST);
    int rc = bs->read(bs, name, &b, WARD_LIMIT_MANIFEST, err);
    if (rc == 0) {
        if (digest)
            ward_sha256_hex(b.ptr, b.len, digest);
        rc = ward_json_parse(out, b.ptr, b.len, WARD_LIMIT_MANIFEST, err);
        if (rc < 0)
            ward_error_wrap(err, "%s", name);
    }
    ward_buf_dispose(&b);
    return rc;
}

static char *blob_name(const char *digest)
{
    if (!ward_digest_valid(digest))
        return NULL;
    return ward_xasprintf("blobs/sha256/%s", digest + 7);
}

/* Follow an OCI index (possibly nested) to one image manifest for the platform. */
static int oci_pick_manifest(struct src_ctx *ctx, struct blobstore *bs, json_t *index,
                             json_t **manifest, char mdigest[72], int depth,
                             struct ward_error **err)
{
    const char *want = ctx->opts->platform ? ctx->opts->platform : ward_host_platform();
    json_t *ms = ward_jarr(index, "manifests");
    if (!ms || json_array_size(ms) == 0)
        return ward_error_set(err, WARD_EFORMAT, 0, "index has no manifests");
    if (depth > 4)
        return ward_error_set(err, WARD_ELIMIT, 0, "index nesting too deep");
    json_t *pick = NULL;
    size_t i;
    json_t *m;
    json_array_foreach(ms, i, m)
    {
        json_t *p = ward_jobj(m, "platform");
        if (p && ward_platform_match(p, want)) {
            pick = m;
            break;
        }
    }
    if (!pick) {
        /* single-platform layouts often carry no platform field */
        json_array_foreach(ms, i, m)
        {
            json_t *p = ward_jobj(m, "platform");
            const char *mt = ward_jstr(m, "mediaType");
            if (mt && strstr(mt, "attestation"))
                continue;
            if (!p || ctx->opts->platform == NULL) {
                if (!p || json_array_size(ms) == 1) {
                    pick = m;
                    break;
                }
            }
        }
    }
    if (!pick)
        return ward_error_set(err, WARD_ENOTFOUND, 0, "no manifest for platform %s", want);
    const char *d = ward_jstr(pick, "digest");
    ward_autofree char *name = blob_name(d);
    if (!name)
        return ward_error_set(err, WARD_EFORMAT, 0, "manifest descriptor has no sha256 digest");
    json_t *j = NULL;
    char got[72];
    int rc = read_json(bs, name, &j, err, got);
    if (rc < 0)
        return rc;
    if (strcmp(got, d) != 0) {
        json_decref(j);
        return ward_error_set(err, WARD_EFORMAT, 0, "%s: content digest %s does not match", name, got);
    }
    if (ward_jarr(j, "manifests")) {
        rc = oci_pick_manifest(ctx, bs, j, manifest, mdigest, depth + 1, err);
        json_decref(j);
        return rc;
    }
    memcpy(mdigest, got, 72);
    *manifest = j;
    return 0;
}

int ward_src_from_blobstore(struct src_ctx *ctx, struct blobstore *bs, bool docker_manifest,
                            struct ward_error **err)
{
    struct ward_image *img = ctx->img;
    ward_autojson root = NULL;
    ward_autojson config = NULL;
    struct bs_build b = {bs, NULL};
    size_t n = 0;
    int rc;
    if (docker_manifest) {
        rc = read_json(bs, "manifest.json", &root, err, NULL);
        if (rc < 0)
            return rc;
        json_t *m = json_array_get(root, 0);
        const char *cfg = ward_jstr(m, "Config");
        json_t *layers = ward_jarr(m, "Layers");
        if (!cfg || !layers)
            return ward_error_set(err, WARD_EFORMAT, 0, "manifest.json: no Config or Layers");
        char cdig[72];
        rc = read_json(bs, cfg, &config, err, cdig);
        if (rc < 0)
            return rc;
        img->image_id = ward_xstrdup(cdig);
        json_t *tags = ward_jarr(m, "RepoTags");
        size_t i;
        json_t *t;
        img->repo_tags = ward_xcalloc(json_array_size(tags) + 1, sizeof(char *));
        json_array_foreach(tags, i, t)
        {
            if (json_is_string(t))
                img->repo_tags[img->n_repo_tags++] = ward_xstrdup(json_string_value(t));
        }
        n = json_array_size(layers);
        b.names = ward_xcalloc(n + 1, sizeof(char *));
        for (i = 0; i < n; i++) {
            const char *ln = json_string_value(json_array_get(layers, i));
            if (!ln) {
                rc = ward_error_set(err, WARD_EFORMAT, 0, "manifest.json: Layers[%zu] not a string", i);
                goto out;
            }
            b.names[i] = ward_xstrdup(ln);
        }
    } else {
        rc = read_json(bs, "index.json", &root, err, NULL);
        if (rc < 0)
            return rc;
        json_t *manifest = NULL;
        char mdig[72];
        rc = oci_pick_manifest(ctx, bs, root, &manifest, mdig, 0, err);
        if (rc < 0)
            return rc;
        img->manifest_digest = ward_xstrdup(mdig);
        /* tag from the index annotations when present */
        json_t *m0 = json_array_get(ward_jarr(root, "manifests"), 0);
        const char *tag = ward_jstr(ward_jobj(m0, "annotations"), "org.opencontainers.image.ref.name");
        if (!tag)
            tag = ward_jstr(ward_jobj(m0, "annotations"), "io.containerd.image.name");
        if (tag) {
            img->repo_tags = ward_xcalloc(1, sizeof(char *));
            img->repo_tags[img->n_repo_tags++] = ward_xstrdup(tag);
        }
        const char *cd = ward_jstr(ward_jobj(manifest, "config"), "digest");
        json_t *layers = ward_jarr(manifest, "layers");
        ward_autofree char *cname = blob_name(cd);
        if (!cname || !layers) {
            json_decref(manifest);
            return ward_error_set(err, WARD_EFORMAT, 0, "image manifest has no config or layers");
        }
        char cdig[72];
        rc = read_json(bs, cname, &config, err, cdig);
        if (rc == 0 && strcmp(cdig, cd) != 0)
            rc = ward_error_set(err, WARD_EFORMAT, 0, "config %s: content digest mismatch", cd);
        if (rc < 0) {
            json_decref(manifest);
            return rc;
        }
        img->image_id = ward_xstrdup(cd);
        n = json_array_size(layers);
        b.names = ward_xcalloc(n + 1, sizeof(char *));
        for (size_t i = 0; i < n; i++) {
            b.names[i] = blob_name(ward_jstr(json_array_get(layers, i), "digest"));
            if (!b.names[i]) {
                json_decref(manifest);
                rc = ward_error_set(err, WARD_EFORMAT, 0, "manifest layers[%zu]: bad digest", i);
                goto out;
            }
        }
        json_decref(manifest);
    }
    rc = ward_src_set_config(img, config, err);
    if (rc < 0)
        goto out;
    if (json_array_size(ward_jarr(ward_jobj(config, "rootfs"), "diff_ids")) != n) {
        rc = ward_error_set(err, WARD_EFORMAT, 0,
                            "manifest lists %zu layers but the config has %zu diff_ids", n,
                            json_array_size(ward_jarr(ward_jobj(config, "rootfs"), "diff_ids")));
        goto out;
    }
    rc = ward_src_load_layers(ctx, n, bs_build_layer, &b, err);
out:
    for (size_t i = 0; b.names && i < n; i++)
        free(b.names[i]);
    free(b.names);
    return rc;
}

/* ---- dispatch ---- */

static bool looks_like_ref(const char *s)
{
    /* image references: [host[:port]/]name[:tag][@digest]; no spaces, no leading '.' or '/' */
    if (!*s || s[0] == '.' || s[0] == '/' || s[0] == '-')
        return false;
    for (const char *p = s; *p; p++)
        if (!(isalnum((unsigned char)*p) || strchr("._-/:@[]", *p)))
            return false;
    return true;
}

int ward_image_open(struct ward_image **out, const char *target,
                    const struct ward_image_opts *opts, struct ward_error **err)
{
    static const struct ward_image_opts defaults = {0};
    if (!opts)
        opts = &defaults;
    struct ward_image *img = ward_xcalloc(1, sizeof(*img));
    img->target = ward_xstrdup(target);
    img->tree = ward_tree_new();
    struct src_ctx ctx = {opts, NULL, img};
    if (!opts->no_cache) {
        struct ward_error *cerr = NULL;
        if (ward_cache_open(&ctx.cache, opts->cache_dir, &cerr) < 0) {
            ward_warn("layer cache disabled: %s", cerr->msg);
            ward_error_free(cerr);
        }
    }
    const char *src = opts->source;
    const char *arg = target;
    /* explicit transports, as users type them for skopeo/syft; "docker://"
       (skopeo's registry transport) must be tried before "docker:" */
    static const struct {
        const char *prefix, *source;
    } transports[] = {
        {"docker-archive:", "docker-archive"}, {"oci-archive:", "docker-archive"},
        {"oci:", "oci"},   {"oci-dir:", "oci"}, {"dir:", "rootfs"}, {"rootfs:", "rootfs"},
        {"docker://", "registry"}, {"docker:", "docker"}, {"docker-daemon:", "docker"},
        {"registry:", "registry"},
    };
    for (size_t i = 0; !src && i < WARD_ARRAY_LEN(transports); i++) {
        size_t n = strlen(transports[i].prefix);
        if (strncmp(target, transports[i].prefix, n) == 0) {
            src = transports[i].source;
            arg = target + n;
        }
    }
    struct stat st;
    if (!src) {
        if (stat(arg, &st) == 0) {
            if (S_ISDIR(st.st_mode)) {
                ward_autofree char *layout = ward_xasprintf("%s/oci-layout", arg);
                src = access(layout, F_OK) == 0 ? "oci" : "rootfs";
            } else {
                src = "docker-archive";
            }
        } else if (looks_like_ref(arg)) {
            src = "auto-ref";
        } else {
            ward_cache_free(ctx.cache);
            ward_image_free(img);
            return ward_error_set(err, WARD_ENOTFOUND, errno, "%s", arg);
        }
    }
    int rc;
    if (!strcmp(src, "docker-archive"))
        rc = ward_src_archive(&ctx, arg, err);
    else if (!strcmp(src, "oci"))
        rc = ward_src_oci_dir(&ctx, arg, err);
    else if (!strcmp(src, "rootfs"))
        rc = ward_src_rootfs(&ctx, arg, err);
    else if (!strcmp(src, "docker"))
        rc = ward_src_daemon(&ctx, arg, err);
    else if (!strcmp(src, "registry"))
        rc = ward_src_registry(&ctx, arg, err);
    else {
        /* a bare reference: the local Docker Engine first, then the registry (as syft does) */
        struct ward_error *derr = NULL;
        src = "docker";
        rc = ward_src_daemon(&ctx, arg, &derr);
        if (rc == WARD_ENOTFOUND || rc == WARD_EIO) {
            ward_info("%s: not in the local Docker Engine (%s); trying the registry", arg,
                      derr->msg);
            ward_error_free(derr);
            derr = NULL;
            for (size_t i = 0; i < img->n_layers; i++)
                ward_layer_free(img->layers[i]);
            img->n_layers = 0;
            free(img->layers);
            img->layers = NULL;
            src = "registry";
            rc = ward_src_registry(&ctx, arg, err);
        } else if (rc < 0) {
            *err = derr;
        }
    }
    ward_cache_free(ctx.cache);
    if (rc < 0) {
        ward_image_free(img);
        return rc;
    }
    if (!img->kind)
        img->kind = ward_xstrdup(src);
    for (size_t i = 0; i < img->n_layers; i++) {
        rc = ward_tree_apply(img->tree, img->layers[i], (int)i, err);
        if (rc < 0) {
            ward_image_free(img);
            return rc;
        }
    }
    *out = img;
    return 0;
}

const struct ward_tree_node *ward_image_lookup(const struct ward_image *img, const char *path,
                                               bool follow)
{
    return ward_tree_lookup(img->tree, path, follow);
}

const struct ward_layer_blob *ward_image_blob(const struct ward_image *img, const char *path)
{
    const struct ward_tree_node *n = ward_tree_lookup(img->tree, path, true);
    if (!n || n->layer < 0 || (size_t)n->layer >= img->n_layers || n->f->blob < 0)
        return NULL;
    const struct ward_layer *l = img->layers[n->layer];
    if ((size_t)n->f->blob >= l->n_blobs)
        return NULL;
    return &l->blobs[n->f->blob];
}

int ward_image_walk(const struct ward_image *img, ward_tree_visit fn, void *ud)
{
    return ward_tree_walk(img->tree, fn, ud);
}

int ward_image_each_raw_blob(const struct ward_image *img, ward_raw_blob_visit fn, void *ud)
{
    struct ward_buf abs = WARD_BUF_INIT(WARD_LIMIT_PATH_LEN + 2);
    int rc = 0;
    for (size_t li = 0; li < img->n_layers && rc >= 0; li++) {
        const struct ward_layer *l = img->layers[li];
        for (size_t bi = 0; bi < l->n_blobs && rc >= 0; bi++) {
            const struct ward_layer_blob *bl = &l->blobs[bi];
            if (bl->reduced || bl->file >= l->n_files)
                continue;
            const struct ward_layer_file *f = &l->files[bl->file];
            ward_buf_reset(&abs);
            ward_buf_addc(&abs, '/');
            ward_buf_adds(&abs, f->path);
            if (ward_buf_check(&abs))
                continue;
            const struct ward_tree_node *n =
                img->tree ? ward_image_lookup(img, f->path, false) : NULL;
            struct ward_raw_blob b = {
                .path = abs.ptr,
                .layer = l->diff_id[0] ? l->diff_id : NULL,
                .layer_index = (int)li,
                .blob = bl,
                .live = !img->tree || (n && n->f == f && n->layer == (int)li),
            };
            rc = fn(&b, ud);
        }
    }
    ward_buf_dispose(&abs);
    return rc < 0 ? rc : 0;
}
