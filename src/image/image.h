/* image.h - image sources -> layers -> merged file tree. Sources: docker-archive
 * tarballs (gzip or not), OCI layouts (dir or tar), root filesystem dirs, the
 * Docker Engine (unix socket) and registries (v2). Each layer is read once,
 * streamed, never extracted; per-layer results are cached by diff_id. */
#ifndef WARD_IMAGE_IMAGE_H
#define WARD_IMAGE_IMAGE_H

#include "util/arena.h"
#include "util/buf.h"
#include "util/error.h"

#include <jansson.h>

enum ward_lf_kind {
    WARD_LF_NORMAL = 0, /* file, dir, symlink, device, fifo (mode says which) */
    WARD_LF_HARDLINK,   /* link = target path (normalised, relative to root) */
    WARD_LF_WHITEOUT,   /* ".wh.NAME": path is the deleted path */
    WARD_LF_OPAQUE,     /* ".wh..wh..opq": path is the opaque directory */
};

/* One entry of one layer. Paths are normalised and relative to the image root
 * ("etc/os-release"); the root itself is "". */
struct ward_layer_file {
    const char *path;
    const char *link; /* symlink target as stored, or hardlink target (normalised) */
    uint32_t mode;    /* S_IFMT type bits | permission bits */
    uint32_t uid, gid;
    uint64_t size;
    uint8_t kind;     /* enum ward_lf_kind */
    int32_t blob;     /* index into the layer's blobs, -1 when content was not kept */
};

struct ward_layer_blob {
    uint32_t file;  /* index into files */
    bool reduced;   /* produced by the reduce hook, not raw content */
    char *data;     /* malloc'd, NUL-terminated */
    size_t len;
};

struct ward_layer {
    char diff_id[72];   /* sha256 of the uncompressed tar ("" for a rootfs dir) */
    char digest[72];    /* digest of the blob as stored (compressed) when known */
    struct ward_arena arena;
    struct ward_layer_file *files;
    size_t n_files, cap_files;
    struct ward_layer_blob *blobs;
    size_t n_blobs, cap_blobs;
    uint64_t bytes;     /* uncompressed size */
    bool from_cache;
};

void ward_layer_free(struct ward_layer *l);

/* Which files to keep in memory (decided by the catalogers and scanners). */
enum ward_keep { WARD_KEEP_NO = 0, WARD_KEEP_RAW = 1, WARD_KEEP_REDUCE = 2 };
typedef enum ward_keep (*ward_keep_fn)(const char *abs_path, uint32_t mode, uint64_t size,
                                       void *ud);
/* Reduce a kept file to what is worth caching (e.g. packages found in an ELF
 * binary). Return true and fill out to keep it; false to drop it. */
typedef bool (*ward_reduce_fn)(const char *abs_path, const char *data, size_t len,
                               struct ward_buf *out, void *ud);

struct ward_image_opts {
    ward_keep_fn keep;
    ward_reduce_fn reduce;
    void *ud;
    const char *keep_version; /* part of the cache key: changes when keep/reduce change */
    const char *platform;     /* "linux/amd64"; NULL = host */
    const char *docker_host;  /* NULL = $DOCKER_HOST */
    const char *cache_dir;    /* NULL = ward_cache_dir() */
    bool no_cache;
    const char *source;       /* force a source: "docker-archive", "oci", "rootfs", "docker",
                                 "registry"; NULL = detect */
    bool insecure_registry;
};

struct ward_image {
    char *target;
    char *kind;             /* which source was used */
    char *image_id;         /* config digest */
    char *manifest_digest;
    char **repo_tags;
    size_t n_repo_tags;
    char *os, *architecture, *variant, *created;
    json_t *config;         /* the image config JSON (NULL for rootfs dirs) */
    struct ward_layer **layers;
    size_t n_layers;
    struct ward_tree *tree; /* merged view */
    unsigned layers_cached;  /* how many layers came from the cache */
};

int ward_image_open(struct ward_image **out, const char *target,
                    const struct ward_image_opts *opts, struct ward_error **err);
void ward_image_free(struct ward_image *img);
WARD_DEFINE_AUTOPTR(ward_image, ward_image_free)

/* The merged tree (whiteouts applied). Lookups take absolute or relative paths. */
struct ward_tree_node {
    const struct ward_layer_file *f;
    int layer; /* index of the layer that last wrote this path */
};
/* Find a path. follow: resolve symlinks in every component, the last one too,
 * inside the image root (absolute links are rebased, ".." stops at the root). */
const struct ward_tree_node *ward_image_lookup(const struct ward_image *img, const char *path,
                                               bool follow);
/* Kept content of the file at path (following symlinks and hard links). */
const struct ward_layer_blob *ward_image_blob(const struct ward_image *img, const char *path);
typedef int (*ward_tree_visit)(const char *path, const struct ward_tree_node *n, void *ud);
/* Visit every path of the merged tree in sorted order. */
int ward_image_walk(const struct ward_image *img, ward_tree_visit fn, void *ud);

/* One raw (not reduced) kept blob of one layer, as content scanners see it. */
struct ward_raw_blob {
    const char *path;  /* absolute: "/etc/passwd" */
    const char *layer; /* the layer's diff_id, NULL when unknown */
    int layer_index;
    const struct ward_layer_blob *blob;
    bool live; /* false: a later layer deletes or replaces this file */
};
typedef int (*ward_raw_blob_visit)(const struct ward_raw_blob *b, void *ud);
/* Visit every raw kept blob of every layer, in layer order, files deleted or
 * overwritten by a later layer included (live = false): what the secret and
 * malware scanners read. A visit returning <0 stops the walk with that value. */
int ward_image_each_raw_blob(const struct ward_image *img, ward_raw_blob_visit fn, void *ud);

/* --- internal to image/ but shared by its files --- */
struct ward_layer_builder;
struct ward_layer_builder *ward_layer_builder_new(const struct ward_image_opts *opts);
void ward_layer_builder_free(struct ward_layer_builder *b);
/* Feed raw (possibly compressed) layer bytes. */
int ward_layer_builder_feed(struct ward_layer_builder *b, const void *p, size_t n,
                            struct ward_error **err);
/* Finish: verifies the stream ended cleanly; returns the layer (caller owns). */
int ward_layer_builder_finish(struct ward_layer_builder *b, struct ward_layer **out,
                              struct ward_error **err);
/* Add one entry directly (rootfs walker); data may be NULL. */
void ward_layer_add(struct ward_layer *l, const char *path, const char *link, uint32_t mode,
                    uint32_t uid, uint32_t gid, uint64_t size, uint8_t kind);
void ward_layer_add_blob(struct ward_layer *l, uint32_t file, char *data, size_t len,
                         bool reduced);
struct ward_layer *ward_layer_new(void);

struct ward_tree *ward_tree_new(void);
void ward_tree_free(struct ward_tree *t);
int ward_tree_apply(struct ward_tree *t, const struct ward_layer *l, int idx,
                    struct ward_error **err);
const struct ward_tree_node *ward_tree_lookup(const struct ward_tree *t, const char *path,
                                              bool follow);
int ward_tree_walk(const struct ward_tree *t, ward_tree_visit fn, void *ud);

/* Layer cache (SQLite under the cache dir). */
struct ward_cache;
int ward_cache_open(struct ward_cache **out, const char *dir, struct ward_error **err);
void ward_cache_free(struct ward_cache *c);
/* NULL when absent or unreadable (a broken entry is a miss, never an error). */
struct ward_layer *ward_cache_get_layer(struct ward_cache *c, const char *diff_id,
                                        const char *keep_version);
void ward_cache_put_layer(struct ward_cache *c, const struct ward_layer *l,
                          const char *keep_version);
/* Small key->value records (e.g. a file's stat key -> its manifest/config). */
char *ward_cache_get_meta(struct ward_cache *c, const char *key);
void ward_cache_put_meta(struct ward_cache *c, const char *key, const char *value);
/* (De)serialise a layer; exposed for the fuzzer. */
void ward_layer_serialise(const struct ward_layer *l, struct ward_buf *out);
int ward_layer_deserialise(struct ward_layer **out, const char *p, size_t n,
                           struct ward_error **err);

#endif
