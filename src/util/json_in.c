/* json_in.c - bounded JSON parsing through jansson. */
#include "util/json_in.h"
#include "util/limits.h"

/* Depth pre-scan: jansson's own limit is a compile-time 2048; ours is lower
 * and checked before the parser allocates anything. */
static bool depth_ok(const char *p, size_t n)
{
    unsigned depth = 0;
    bool in_str = false;
    for (size_t i = 0; i < n; i++) {
        char c = p[i];
        if (in_str) {
            if (c == '\\')
                i++;
            else if (c == '"')
                in_str = false;
            continue;
        }
        if (c == '"')
            in_str = true;
        else if (c == '{' || c == '[') {
            if (++depth > WARD_LIMIT_JSON_DEPTH)
                return false;
        } else if ((c == '}' || c == ']') && depth)
            depth--;
    }
    return true;
}

int ward_json_parse(json_t **out, const char *p, size_t n, size_t max_bytes,
                    struct ward_error **err)
{
    json_error_t je;
    if (!max_bytes)
        max_bytes = WARD_LIMIT_JSON_BYTES;
    if (n > max_bytes)
        return ward_error_set(err, WARD_ELIMIT, 0, "JSON document of %zu bytes exceeds limit %zu",
                              n, max_bytes);
    if (!depth_ok(p, n))
        return ward_error_set(err, WARD_ELIMIT, 0, "JSON nested deeper than %u",
                              WARD_LIMIT_JSON_DEPTH);
    json_t *j = json_loadb(p, n, JSON_DECODE_ANY | JSON_ALLOW_NUL, &je);
    if (!j)
        return ward_error_set(err, WARD_EFORMAT, 0, "invalid JSON at line %d column %d: %s",
                              je.line, je.column, je.text);
    *out = j;
    return 0;
}

int ward_json_parse_object(json_t **out, const char *what, const char *p, size_t n,
                           struct ward_error **err)
{
    json_t *j = NULL;
    if (ward_json_parse(&j, p, n, 0, err) < 0)
        return ward_error_wrap(err, "%s", what);
    if (!json_is_object(j)) {
        json_decref(j);
        return ward_error_set(err, WARD_EFORMAT, 0, "%s: not a JSON object", what);
    }
    *out = j;
    return 0;
}

const char *ward_jstr(const json_t *obj, const char *key)
{
    json_t *v = json_is_object(obj) ? json_object_get(obj, key) : NULL;
    return json_is_string(v) ? json_string_value(v) : NULL;
}

json_t *ward_jobj(const json_t *obj, const char *key)
{
    json_t *v = json_is_object(obj) ? json_object_get(obj, key) : NULL;
    return json_is_object(v) ? v : NULL;
}

json_t *ward_jarr(const json_t *obj, const char *key)
{
    json_t *v = json_is_object(obj) ? json_object_get(obj, key) : NULL;
    return json_is_array(v) ? v : NULL;
}

int64_t ward_jint(const json_t *obj, const char *key, int64_t dflt)
{
    json_t *v = json_is_object(obj) ? json_object_get(obj, key) : NULL;
    if (json_is_integer(v))
        return (int64_t)json_integer_value(v);
    if (json_is_real(v))
        return (int64_t)json_real_value(v);
    return dflt;
}

bool ward_jbool(const json_t *obj, const char *key, bool dflt)
{
    json_t *v = json_is_object(obj) ? json_object_get(obj, key) : NULL;
    return json_is_boolean(v) ? json_is_true(v) : dflt;
}
