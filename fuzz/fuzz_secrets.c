/* fuzz_secrets.c - the secret matcher on arbitrary bytes: every built-in rule is
 * tried (the prefilter is bypassed by filling the buffer with all keywords'
 * triggers as they occur), and no finding may hold the raw match. */
#include "secrets/secrets.h"

#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct ward_secrets *s;
    struct ward_error *err = NULL;
    if (!s && ward_secrets_new(&s, NULL, &err) < 0)
        abort();
    /* the first line picks the path (path-restricted rules: .env, .npmrc ...) */
    const char *nl = memchr(data, '\n', size);
    size_t plen = nl ? (size_t)(nl - (const char *)data) : 0;
    char *path = ward_xasprintf("/%.*s", (int)(plen > 200 ? 200 : plen), (const char *)data);
    const char *body = nl ? nl + 1 : (const char *)data;
    size_t blen = size - (size_t)(body - (const char *)data);
    struct ward_secret_findings f = {0};
    if (ward_secrets_scan_buf(s, path, "sha256:0", 0, body, blen, &f, &err) < 0)
        ward_error_free(err);
    for (size_t i = 0; i < f.n; i++)
        if (!f.items[i].match || !strstr(f.items[i].match, "****") || f.items[i].line == 0)
            abort();
    ward_secret_findings_dispose(&f);
    free(path);
    return 0;
}
