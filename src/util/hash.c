/* hash.c - SHA-256 helpers on OpenSSL 3 EVP. */
#include "util/hash.h"

#include <openssl/evp.h>
#include <string.h>

void ward_sha256_init(struct ward_sha256 *h)
{
    EVP_MD_CTX *c = EVP_MD_CTX_new();
    if (!c || EVP_DigestInit_ex(c, EVP_sha256(), NULL) != 1)
        ward_oom();
    h->ctx = c;
}

void ward_sha256_update(struct ward_sha256 *h, const void *p, size_t n)
{
    if (n)
        EVP_DigestUpdate(h->ctx, p, n);
}

void ward_sha256_final_hex(struct ward_sha256 *h, char out[72])
{
    unsigned char md[32];
    unsigned int len = 0;
    static const char hex[] = "0123456789abcdef";
    EVP_DigestFinal_ex(h->ctx, md, &len);
    memcpy(out, "sha256:", 7);
    for (unsigned i = 0; i < 32; i++) {
        out[7 + 2 * i] = hex[md[i] >> 4];
        out[8 + 2 * i] = hex[md[i] & 15];
    }
    out[71] = '\0';
    ward_sha256_dispose(h);
}

void ward_sha256_dispose(struct ward_sha256 *h)
{
    if (h->ctx)
        EVP_MD_CTX_free(h->ctx);
    h->ctx = NULL;
}

void ward_sha256_hex(const void *p, size_t n, char out[72])
{
    struct ward_sha256 h;
    ward_sha256_init(&h);
    ward_sha256_update(&h, p, n);
    ward_sha256_final_hex(&h, out);
}

bool ward_digest_valid(const char *s)
{
    if (!s || strncmp(s, "sha256:", 7) != 0 || strlen(s) != 71)
        return false;
    for (int i = 7; i < 71; i++) {
        char c = s[i];
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
            return false;
    }
    return true;
}
