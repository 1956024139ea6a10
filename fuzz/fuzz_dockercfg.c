/* fuzz_dockercfg.c - Docker config.json credential lookup (auths keys, base64 "auth",
 * username/password, helpers) and the base64 decoder on arbitrary bytes. */
#include "image/registry.h"

#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *registries[] = {"registry-1.docker.io", "127.0.0.1:5000", "ghcr.io"};
    for (size_t i = 0; i < sizeof(registries) / sizeof(registries[0]); i++) {
        struct ward_docker_cred c;
        struct ward_error *err = NULL;
        if (ward_dockercfg_parse(&c, (const char *)data, size, registries[i], &err) == 0) {
            if ((c.username == NULL) != (c.password == NULL))
                abort();
            ward_docker_cred_dispose(&c);
        }
        ward_error_free(err);
    }
    size_t n = 0;
    char *d = ward_base64_decode((const char *)data, size, &n);
    if (d) {
        /* decode(encode(x)) == x */
        char *e = ward_base64_encode(d, n);
        size_t n2 = 0;
        char *d2 = ward_base64_decode(e, strlen(e), &n2);
        if (!d2 || n2 != n || memcmp(d, d2, n) != 0)
            abort();
        free(d2);
        free(e);
        free(d);
    }
    return 0;
}
