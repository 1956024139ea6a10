/* json_in.h - the one JSON reader (jansson) behind size and depth limits,
 * plus typed getters that never crash on a wrong type. */
#ifndef WARD_UTIL_JSON_IN_H
#define WARD_UTIL_JSON_IN_H

#include "util/error.h"

#include <jansson.h>

/* Parse p[0..n) into *out (caller owns: json_decref). Rejects documents over
 * max_bytes (0 = WARD_LIMIT_JSON_BYTES) or nested deeper than WARD_LIMIT_JSON_DEPTH. */
int ward_json_parse(json_t **out, const char *p, size_t n, size_t max_bytes,
                    struct ward_error **err);

/* ward_json_parse() of a document that must be a JSON object (lockfiles,
 * manifests): errors name the document (what, e.g. its path). */
int ward_json_parse_object(json_t **out, const char *what, const char *p, size_t n,
                           struct ward_error **err);

/* Borrowed getters: NULL / default when absent or of another type. */
const char *ward_jstr(const json_t *obj, const char *key);
json_t *ward_jobj(const json_t *obj, const char *key);
json_t *ward_jarr(const json_t *obj, const char *key);
int64_t ward_jint(const json_t *obj, const char *key, int64_t dflt);
bool ward_jbool(const json_t *obj, const char *key, bool dflt);

static inline void ward_json_decrefp(json_t **p)
{
    if (*p)
        json_decref(*p);
}
#define ward_autojson __attribute__((cleanup(ward_json_decrefp))) json_t *

#endif
