/* registry.h - OCI / Docker Registry v2 client: image references (Docker's
 * normalisation), ~/.docker/config.json credentials, anonymous/Bearer/Basic auth,
 * manifest + index resolution to one platform, digest-verified config and blob streams. */
#ifndef WARD_IMAGE_REGISTRY_H
#define WARD_IMAGE_REGISTRY_H

#include "util/buf.h"
#include "util/error.h"

/* ---- image references (ref.c) ---- */

#define WARD_DOCKER_HUB_REGISTRY "registry-1.docker.io"

struct ward_image_ref {
    char *registry;   /* "127.0.0.1:5000", "[::1]:5000"; WARD_DOCKER_HUB_REGISTRY for Docker Hub */
    char *repository; /* "library/alpine" */
    char *tag;        /* NULL if digest-only; "latest" when neither tag nor digest was given */
    char *digest;     /* "sha256:<64 lowercase hex>" or NULL */
};

/* Parse s with Docker's normalisation: no registry -> Docker Hub, a one-component Hub name
 * gets "library/", "docker.io"/"index.docker.io" -> Docker Hub, no tag and no digest ->
 * tag "latest". Only sha256 digests are accepted. On success *out is filled (caller
 * disposes); on error *out is zeroed and WARD_EFORMAT (bad syntax) or WARD_EUNSUPPORTED
 * (another digest algorithm) is returned. */
int ward_image_ref_parse(struct ward_image_ref *out, const char *s, struct ward_error **err);
void ward_image_ref_dispose(struct ward_image_ref *r);
/* true if s names its registry: a '/' follows a first component that contains '.' or ':',
 * is "localhost", or has upper-case letters (Docker's rule). */
bool ward_image_ref_has_registry(const char *s);
/* "registry/repository[:tag][@digest]"; caller frees. */
char *ward_image_ref_string(const struct ward_image_ref *r);

/* ---- credentials (dockercfg.c) ---- */

struct ward_docker_cred {
    char *username, *password; /* NULL when none were found */
    char *source;              /* where they came from (path of config.json), for messages */
};
void ward_docker_cred_dispose(struct ward_docker_cred *c);
/* Find credentials for registry (as in struct ward_image_ref) in the config.json text
 * p[0..n): "auths" entries with a base64 "auth" ("user:pass") or "username"/"password";
 * keys may carry a scheme and path ("https://index.docker.io/v1/"). Credential helpers
 * (credsStore, credHelpers) and identity tokens are not run: they are logged and skipped.
 * Returns 0 and fills *out (username NULL if nothing matched), or WARD_EFORMAT. */
int ward_dockercfg_parse(struct ward_docker_cred *out, const char *p, size_t n,
                         const char *registry, struct ward_error **err);
/* Read <dir>/config.json (dir NULL = $DOCKER_CONFIG, else ~/.docker) and look registry up.
 * A missing file is not an error (username stays NULL). */
int ward_dockercfg_lookup(struct ward_docker_cred *out, const char *dir, const char *registry,
                          struct ward_error **err);
/* Base64 (RFC 4648, padded). decode returns NULL on invalid input; *out_len excludes the NUL
 * that is always appended. Caller frees. */
char *ward_base64_encode(const void *p, size_t n);
char *ward_base64_decode(const char *s, size_t n, size_t *out_len);

/* ---- registry client (registry.c) ---- */

struct ward_registry_opts {
    const char *platform;            /* "linux/amd64", "linux/arm64/v8"; NULL = host (uname) */
    bool insecure;                   /* allow plain http / unverified TLS (always on for
                                        localhost, 127.0.0.0/8, ::1) */
    const char *docker_config_dir;   /* NULL = $DOCKER_CONFIG or ~/.docker */
    const char *username, *password; /* override config.json */
    long timeout_s;                  /* per manifest/token request; 0 = 120 s (blobs: stall
                                        timeout of the same length) */
};

struct ward_registry_layer {
    char *digest;
    char *media_type;
    uint64_t size;
};

struct ward_registry_image {
    char *manifest_digest; /* sha256 of the image manifest's bytes */
    char *media_type;      /* of the image manifest */
    struct ward_buf manifest;
    char *index_digest; /* when the reference named an index/list: its digest, else NULL */
    char *config_digest;
    uint64_t config_size;   /* from the manifest's descriptor */
    struct ward_buf config; /* raw config JSON, digest verified */
    struct ward_registry_layer *layers;
    size_t n_layers;
};

struct ward_platform {
    char os[32], arch[32], variant[32]; /* normalised (x86_64 -> amd64, arm64/v8 -> arm64) */
};
/* Parse "os/arch[/variant]" (NULL or "" = host platform). WARD_EFORMAT on bad syntax. */
int ward_platform_parse(struct ward_platform *out, const char *s, struct ward_error **err);
void ward_platform_host(struct ward_platform *out);

/* Hostile-input parsers, exposed for tests and fuzzing. */
enum ward_manifest_kind {
    WARD_MANIFEST_IMAGE = 1, /* OCI image manifest / Docker schema 2 */
    WARD_MANIFEST_INDEX = 2, /* OCI index / Docker manifest list */
};
/* Classify p[0..n) by its mediaType field (else content_type, else shape). Schema 1 and
 * unknown types -> WARD_EUNSUPPORTED; invalid JSON -> WARD_EFORMAT. */
int ward_manifest_kind(enum ward_manifest_kind *out, const char *p, size_t n,
                       const char *content_type, struct ward_error **err);
/* From an index/list p[0..n), pick the manifest for platform want; *digest is the chosen
 * sha256 digest (caller frees). No match -> WARD_ENOTFOUND naming the platforms offered. */
int ward_manifest_select(char **digest, const char *p, size_t n, const struct ward_platform *want,
                         struct ward_error **err);
/* Parse an image manifest p[0..n) into out's config_digest/layers (and media_type). */
int ward_manifest_parse_image(struct ward_registry_image *out, const char *p, size_t n,
                              struct ward_error **err);

/* A WWW-Authenticate challenge from a registry (hostile input): scheme lower-cased
 * ("bearer", "basic"), realm/service/scope NULL when absent (the first of each counts).
 * Values are bounded to 8 KiB; longer ones are dropped. Dispose frees the strings. */
struct ward_auth_challenge {
    char scheme[32];
    char *realm, *service, *scope;
};
void ward_auth_challenge_parse(struct ward_auth_challenge *c, const char *s);
void ward_auth_challenge_dispose(struct ward_auth_challenge *c);

struct ward_registry;

/* Prepare a client for ref's registry and repository; no network I/O yet. Credentials come
 * from opts->username/password, else config.json. Caller frees with ward_registry_free. */
int ward_registry_open(struct ward_registry **out, const struct ward_image_ref *ref,
                       const struct ward_registry_opts *opts, struct ward_error **err);
void ward_registry_free(struct ward_registry *r);

/* Resolve the reference's tag/digest to one image manifest: follow an index/list to the
 * platform asked for, fetch and verify the config. When opts->platform was given, a
 * single-platform image whose config names another os/architecture is WARD_ENOTFOUND. *out is
 * zeroed first; the caller disposes it whatever the result. Errors (WARD_ENOTFOUND: no such
 * manifest / platform; WARD_EIO: network or auth; WARD_EFORMAT: bad manifest or digest mismatch;
 * WARD_ELIMIT) name the registry, repository and reference. */
int ward_registry_resolve(struct ward_registry *r, struct ward_registry_image *out,
                          struct ward_error **err);
void ward_registry_image_dispose(struct ward_registry_image *img);

/* Stream blob `digest`'s raw bytes to sink (redirects followed; the Authorization header is
 * dropped when a redirect leaves the registry's host). The sha256 is checked at the end:
 * mismatch -> WARD_EFORMAT (the sink has then seen bad bytes; discard them). The size is
 * bounded by the manifest's descriptor when the blob was listed by the last resolve, else by
 * WARD_LIMIT_LAYER_BYTES. A sink returning <0 stops the transfer and its code is returned. */
typedef int (*ward_blob_sink)(const void *p, size_t n, void *payload);
int ward_registry_blob(struct ward_registry *r, const char *digest, ward_blob_sink sink,
                       void *payload, struct ward_error **err);
/* Bytes delivered to the sink by the last ward_registry_blob call. */
uint64_t ward_registry_blob_bytes(const struct ward_registry *r);

WARD_DEFINE_AUTOPTR(ward_registry, ward_registry_free)

#endif
