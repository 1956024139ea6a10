/* fuzz_version.c - version comparators, OSV range events and node-semver
 * ranges on arbitrary bytes: byte 0 picks the scheme, the rest is "A\nB".
 * Besides memory errors it aborts when an ordering is not antisymmetric or
 * not reflexive. */
#include "version/version.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1 || size > 2 * WARD_VERSION_MAX_LEN + 2)
        return 0;
    enum ward_version_scheme s = (enum ward_version_scheme)(data[0] % (WARD_VERSION_HACKAGE + 1));
    char *buf = malloc(size);
    memcpy(buf, data + 1, size - 1);
    buf[size - 1] = '\0';
    char *a = buf, *b = strchr(buf, '\n');
    if (b)
        *b++ = '\0';
    else
        b = a;
    size_t an = strlen(a), bn = strlen(b);
    struct ward_error *err = NULL;
    int r1 = 0, r2 = 0, r3 = 0;
    int rc1 = ward_version_cmp(s, a, an, b, bn, &r1, &err);
    ward_error_free(err);
    err = NULL;
    int rc2 = ward_version_cmp(s, b, bn, a, an, &r2, &err);
    ward_error_free(err);
    err = NULL;
    if (rc1 == 0 && rc2 == 0 && r1 != -r2)
        abort(); /* cmp(a, b) must be -cmp(b, a) */
    if (ward_version_cmp(s, a, an, a, an, &r3, &err) == 0 && r3 != 0)
        abort(); /* cmp(a, a) must be 0 */
    ward_error_free(err);
    err = NULL;
    struct ward_version_event ev[] = {
        {WARD_VERSION_INTRODUCED, "0"},  {WARD_VERSION_FIXED, b}, {WARD_VERSION_INTRODUCED, a},
        {WARD_VERSION_LAST_AFFECTED, b}, {WARD_VERSION_LIMIT, a},
    };
    bool aff;
    (void)ward_version_events_affected(s, a, ev, WARD_ARRAY_LEN(ev), &aff, &err);
    ward_error_free(err);
    err = NULL;
    const char *const list[] = {b, a};
    (void)ward_version_listed(s, a, list, 2, &aff, &err);
    ward_error_free(err);
    err = NULL;
    (void)ward_version_npm_satisfies(a, b, data[0] >> 6, &aff, &err);
    ward_error_free(err);
    free(buf);
    return 0;
}
