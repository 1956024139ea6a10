/* secrets.h - secret scanner: built-in and user rules (keyword prefilter, PCRE2
 * JIT regex, entropy), allow rules, scans of file buffers, image config strings
 * and whole images (every layer, files deleted later included). Matched values
 * are redacted when a finding is made: no finding ever holds the raw secret. */
#ifndef WARD_SECRETS_SECRETS_H
#define WARD_SECRETS_SECRETS_H

#include "image/image.h"
#include "util/buf.h"
#include "util/error.h"

#include <jansson.h>

enum ward_secret_severity {
    WARD_SECRET_LOW = 1,
    WARD_SECRET_MEDIUM,
    WARD_SECRET_HIGH,
    WARD_SECRET_CRITICAL,
};
const char *ward_secret_severity_name(enum ward_secret_severity s);

/* One finding. Every string is owned by the findings list. */
struct ward_secret_finding {
    char *rule_id;  /* "aws-access-key-id" */
    char *category; /* "AWS" */
    char *title;    /* "AWS access key ID" */
    enum ward_secret_severity severity;
    char *path;      /* "/app/.env", or "config:/config/Env/3" for the image config */
    char *layer;     /* diff_id of the layer holding the file; NULL when unknown */
    int layer_index; /* -1 when unknown */
    uint32_t line;   /* 1-based line of the secret; 0 for config strings */
    char *match;     /* the matched text with the secret redacted ("key = AKIA****") */
    bool deleted;    /* the file is not in the final image (deleted/overwritten later) */
};

struct ward_secret_findings {
    struct ward_secret_finding *items;
    size_t n, cap;
};
void ward_secret_findings_dispose(struct ward_secret_findings *f);
/* Sort by path, line, rule id (stable output). */
void ward_secret_findings_sort(struct ward_secret_findings *f);
/* {"secrets":[{...}]} style array of findings (the array only). */
struct ward_json;
void ward_secret_findings_json(const struct ward_secret_findings *f, struct ward_json *j);

struct ward_secrets_opts {
    const char *rule_file; /* user rules and allow rules (docs/secrets.md); NULL = none */
    const char *rule_text; /* the same format from memory (after rule_file); NULL = none */
    size_t rule_text_len;
    bool no_builtin;   /* use only the rules of rule_file */
    uint64_t max_file; /* files larger than this are skipped; 0 = 10 MiB */
};

struct ward_secrets;
/* Compile the rules once. opts may be NULL. */
int ward_secrets_new(struct ward_secrets **out, const struct ward_secrets_opts *opts,
                     struct ward_error **err);
void ward_secrets_free(struct ward_secrets *s);
WARD_DEFINE_AUTOPTR(ward_secrets, ward_secrets_free)
size_t ward_secrets_rule_count(const struct ward_secrets *s);

/* Cheap per-path filter: is a file at this absolute path, of this size, worth
 * reading? (binaries by extension, documentation trees, allow-listed paths,
 * oversized files are not) */
bool ward_secrets_wants(const struct ward_secrets *s, const char *path, uint64_t size);
/* Same, shaped as an image keep hook answer for a regular file (mode = st_mode). */
enum ward_keep ward_secrets_keep(const struct ward_secrets *s, const char *path, uint32_t mode,
                                 uint64_t size);

/* Short hex digest of everything that decides which files ward_secrets_keep()
 * asks for (path filter, allow paths, size cap, version): add it to the image
 * opts' keep_version so cached layers are rebuilt when the filter changes. */
const char *ward_secrets_fingerprint(const struct ward_secrets *s);

/* Scan one file's bytes. layer (diff_id) may be NULL, layer_index -1. Binary
 * content (a NUL byte in the first 8 KiB) is skipped. Findings are appended. */
int ward_secrets_scan_buf(const struct ward_secrets *s, const char *path, const char *layer,
                          int layer_index, const char *data, size_t len,
                          struct ward_secret_findings *out, struct ward_error **err);

/* Scan the image config JSON: config.Env, config.Labels, history[].created_by
 * (also container_config's). config may be NULL. */
int ward_secrets_scan_config(const struct ward_secrets *s, const json_t *config,
                             struct ward_secret_findings *out, struct ward_error **err);

/* Scan an opened image: every raw blob of every layer (so files deleted or
 * overwritten by a later layer are seen and flagged `deleted`), then the
 * config. The image must have been opened with a keep hook that returns
 * WARD_KEEP_RAW for the paths ward_secrets_keep() asks for. */
int ward_secrets_scan_image(const struct ward_secrets *s, const struct ward_image *img,
                            struct ward_secret_findings *out, struct ward_error **err);

/* Helpers shared by the module's files and the tests. */
/* Shannon entropy in bits per byte. */
double ward_secrets_entropy(const char *p, size_t n);
/* Redact a secret value into out: its first k characters then "****", where
 * k = 4 for values of 16+ bytes, 2 for 8..15 and 0 below. */
void ward_secrets_redact(struct ward_buf *out, const char *p, size_t n);

#endif
