/* stream.h - push-based byte pipeline for layers: a decompressor that detects
 * gzip (ISA-L igzip), zstd or plain tar from the first bytes, and a tar parser
 * (ustar, GNU long names, pax) that reports entries and their data to a handler.
 * Push-based so the same code runs over files, HTTP bodies and nested archives. */
#ifndef WARD_IMAGE_STREAM_H
#define WARD_IMAGE_STREAM_H

#include "util/buf.h"
#include "util/error.h"

typedef int (*ward_byte_sink)(const void *p, size_t n, void *ud, struct ward_error **err);

enum ward_compression { WARD_COMP_UNKNOWN, WARD_COMP_NONE, WARD_COMP_GZIP, WARD_COMP_ZSTD };

struct ward_decomp;
/* max_out: uncompressed byte limit (0 = WARD_LIMIT_LAYER_BYTES); the ratio guard
 * (WARD_LIMIT_RATIO past WARD_LIMIT_RATIO_FLOOR) stops decompression bombs. */
struct ward_decomp *ward_decomp_new(ward_byte_sink sink, void *ud, uint64_t max_out);
void ward_decomp_free(struct ward_decomp *d);
int ward_decomp_feed(struct ward_decomp *d, const void *p, size_t n, struct ward_error **err);
/* Signals end of input: errors on a truncated stream. */
int ward_decomp_finish(struct ward_decomp *d, struct ward_error **err);
enum ward_compression ward_decomp_kind(const struct ward_decomp *d);
uint64_t ward_decomp_bytes_in(const struct ward_decomp *d);
uint64_t ward_decomp_bytes_out(const struct ward_decomp *d);
enum ward_compression ward_detect_compression(const unsigned char *p, size_t n);

enum ward_tar_type {
    WARD_TAR_FILE,
    WARD_TAR_HARDLINK,
    WARD_TAR_SYMLINK,
    WARD_TAR_DIR,
    WARD_TAR_CHAR,
    WARD_TAR_BLOCK,
    WARD_TAR_FIFO,
    WARD_TAR_OTHER,
};

struct ward_tar_entry {
    const char *path;     /* normalised: no leading "/" or "./", no "." or ".." components */
    const char *raw_path; /* as stored (for messages) */
    const char *link;     /* symlink/hardlink target as stored (hardlink: normalised) */
    enum ward_tar_type type;
    uint32_t mode;        /* permission bits (07777) */
    uint32_t uid, gid;
    uint64_t size;        /* data bytes that follow (0 for links/dirs) */
    int64_t mtime;
    uint32_t devmajor, devminor;
};

struct ward_tar_handler {
    /* Entry header. Set *want = true to receive its data through data(). */
    int (*begin)(void *ud, const struct ward_tar_entry *e, bool *want, struct ward_error **err);
    int (*data)(void *ud, const void *p, size_t n, struct ward_error **err);
    int (*end)(void *ud, struct ward_error **err);
};

struct ward_tar;
struct ward_tar *ward_tar_new(const struct ward_tar_handler *h, void *ud);
void ward_tar_free(struct ward_tar *t);
int ward_tar_feed(struct ward_tar *t, const void *p, size_t n, struct ward_error **err);
/* End of input: a stream cut inside an entry is an error; a missing end-of-archive
 * marker after a complete entry is tolerated (as GNU tar does with a warning). */
int ward_tar_finish(struct ward_tar *t, struct ward_error **err);
/* A ward_byte_sink that feeds a ward_tar (ud = struct ward_tar *). */
int ward_tar_sink(const void *p, size_t n, void *ud, struct ward_error **err);
uint64_t ward_tar_entries(const struct ward_tar *t);

/* Normalise a path from an archive: strips leading "/" and "./", drops "."
 * components and empty ones, resolves ".." lexically. Returns false if ".."
 * would climb above the root (path traversal) or the path is too long/deep. */
bool ward_path_normalise(const char *in, size_t n, struct ward_buf *out);



/* Bytes consumed so far (the offset in the archive where the next byte goes). */
uint64_t ward_tar_offset(const struct ward_tar *t);
#endif
