/* hash.h - SHA-256 (OpenSSL EVP) for digests of layers, blobs and files. */
#ifndef WARD_UTIL_HASH_H
#define WARD_UTIL_HASH_H

#include "util/common.h"

struct ward_sha256 {
    void *ctx; /* EVP_MD_CTX */
};

void ward_sha256_init(struct ward_sha256 *h);
void ward_sha256_update(struct ward_sha256 *h, const void *p, size_t n);
/* Writes "sha256:<64 hex>" (72 bytes incl NUL) into out and disposes the context. */
void ward_sha256_final_hex(struct ward_sha256 *h, char out[72]);
void ward_sha256_dispose(struct ward_sha256 *h);
void ward_sha256_hex(const void *p, size_t n, char out[72]);
/* true if s is "sha256:" followed by 64 lowercase hex digits */
bool ward_digest_valid(const char *s);

#endif
