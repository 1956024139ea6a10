/* fuzz_wwwauth.c - WWW-Authenticate challenges as a registry (or anything on the path to it)
 * sends them: the parser must stay within the string and bound every value. */
#include "image/registry.h"

#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = ward_xstrndup((const char *)data, size);
    struct ward_auth_challenge c;
    ward_auth_challenge_parse(&c, s);
    if (strlen(c.scheme) >= sizeof(c.scheme))
        abort();
    if ((c.realm && strlen(c.realm) > 8192) || (c.service && strlen(c.service) > 8192))
        abort();
    ward_auth_challenge_dispose(&c);
    free(s);
    return 0;
}
