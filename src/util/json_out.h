/* json_out.h - streaming JSON writer into a ward_buf. Escapes everything and
 * replaces invalid UTF-8 (names come from hostile images). Never printf JSON. */
#ifndef WARD_UTIL_JSON_OUT_H
#define WARD_UTIL_JSON_OUT_H

#include "util/buf.h"

struct ward_json {
    struct ward_buf *out;
    int depth;
    bool need_comma[64];
    bool after_key;
    bool pretty;
};

void ward_json_init(struct ward_json *j, struct ward_buf *out, bool pretty);
void ward_json_obj_begin(struct ward_json *j);
void ward_json_obj_end(struct ward_json *j);
void ward_json_arr_begin(struct ward_json *j);
void ward_json_arr_end(struct ward_json *j);
void ward_json_key(struct ward_json *j, const char *k);
void ward_json_str(struct ward_json *j, const char *s);           /* NULL -> null */
void ward_json_strn(struct ward_json *j, const char *s, size_t n);
void ward_json_int(struct ward_json *j, int64_t v);
void ward_json_uint(struct ward_json *j, uint64_t v);
void ward_json_double(struct ward_json *j, double v);
void ward_json_bool(struct ward_json *j, bool v);
void ward_json_null(struct ward_json *j);
void ward_json_raw(struct ward_json *j, const char *raw);        /* pre-serialised value */
void ward_json_kv_str(struct ward_json *j, const char *k, const char *v);   /* NULL -> null */
void ward_json_kv_str_opt(struct ward_json *j, const char *k, const char *v); /* NULL/"" -> omitted */
void ward_json_kv_int(struct ward_json *j, const char *k, int64_t v);
void ward_json_kv_uint(struct ward_json *j, const char *k, uint64_t v);
void ward_json_kv_bool(struct ward_json *j, const char *k, bool v);
void ward_json_kv_double(struct ward_json *j, const char *k, double v);
/* Append s JSON-escaped (no quotes) to b. */
void ward_json_escape(struct ward_buf *b, const char *s, size_t n);

#endif
