/* sarif.c - the shared SARIF 2.1.0 frame (see sarif.h), valid against the full
 * OASIS schema (tests/data/schemas/sarif-2.1.0.schema.json). */
#include "report/sarif.h"

#include "util/buf.h"

#include <string.h>

void ward_sarif_begin(struct ward_json *j, const char *tool, const char *version,
                      const char *info_uri)
{
    ward_json_obj_begin(j);
    ward_json_kv_str(j, "$schema", "https://json.schemastore.org/sarif-2.1.0.json");
    ward_json_kv_str(j, "version", "2.1.0");
    ward_json_key(j, "runs");
    ward_json_arr_begin(j);
    ward_json_obj_begin(j);
    ward_json_key(j, "tool");
    ward_json_obj_begin(j);
    ward_json_key(j, "driver");
    ward_json_obj_begin(j);
    ward_json_kv_str(j, "name", tool);
    ward_json_kv_str(j, "version", version);
    ward_json_kv_str_opt(j, "informationUri", info_uri);
    ward_json_key(j, "rules");
    ward_json_arr_begin(j);
}

void ward_sarif_begin_results(struct ward_json *j)
{
    ward_json_arr_end(j); /* rules */
    ward_json_obj_end(j); /* driver */
    ward_json_obj_end(j); /* tool */
    ward_json_key(j, "results");
    ward_json_arr_begin(j);
}

void ward_sarif_end(struct ward_json *j, const char *root_uri)
{
    ward_json_arr_end(j); /* results */
    if (root_uri) {
        ward_json_key(j, "originalUriBaseIds");
        ward_json_obj_begin(j);
        ward_json_key(j, "ROOTPATH");
        ward_json_obj_begin(j);
        ward_json_kv_str(j, "uri", root_uri);
        ward_json_obj_end(j);
        ward_json_obj_end(j);
    }
    ward_json_obj_end(j); /* run */
    ward_json_arr_end(j); /* runs */
    ward_json_obj_end(j);
}

void ward_sarif_text(struct ward_json *j, const char *key, const char *text)
{
    ward_json_key(j, key);
    ward_json_obj_begin(j);
    ward_json_kv_str(j, "text", text ? text : "");
    ward_json_obj_end(j);
}

static bool unreserved(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           (c && strchr("-._~", c));
}

void ward_sarif_kv_uri(struct ward_json *j, const char *key, const char *path)
{
    static const char hex[] = "0123456789ABCDEF";
    struct ward_buf b = WARD_BUF_INIT(0);
    for (const unsigned char *p = (const unsigned char *)(path ? path : ""); *p; p++) {
        if (unreserved(*p) || strchr("!$&'()*+,;=@/", *p)) {
            ward_buf_addc(&b, (char)*p);
        } else {
            ward_buf_addc(&b, '%');
            ward_buf_addc(&b, hex[*p >> 4]);
            ward_buf_addc(&b, hex[*p & 15]);
        }
    }
    ward_json_kv_str(j, key, b.ptr ? b.ptr : "");
    ward_buf_dispose(&b);
}

static bool is_hex(unsigned char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

bool ward_sarif_is_abs_uri(const char *s)
{
    if (!s || !((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z')))
        return false;
    const unsigned char *p = (const unsigned char *)s + 1;
    while (*p && *p != ':') {
        if (!(unreserved(*p) || *p == '+') || *p == '_' || *p == '~')
            return false; /* scheme: ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) */
        p++;
    }
    if (*p != ':')
        return false;
    for (p++; *p; p++) {
        if (*p == '%') {
            if (!is_hex(p[1]) || !is_hex(p[2]))
                return false;
            p += 2;
        } else if (!unreserved(*p) && !strchr(":/?#[]@!$&'()*+,;=", *p)) {
            return false;
        }
    }
    return true;
}

void ward_sarif_locations(struct ward_json *j, const char *path, const char *uri_base,
                          unsigned line)
{
    ward_json_key(j, "locations");
    ward_json_arr_begin(j);
    ward_json_obj_begin(j);
    ward_json_key(j, "physicalLocation");
    ward_json_obj_begin(j);
    ward_json_key(j, "artifactLocation");
    ward_json_obj_begin(j);
    ward_sarif_kv_uri(j, "uri", path);
    ward_json_kv_str_opt(j, "uriBaseId", uri_base);
    ward_json_obj_end(j);
    ward_json_key(j, "region");
    ward_json_obj_begin(j);
    ward_json_kv_uint(j, "startLine", line ? line : 1);
    ward_json_obj_end(j);
    ward_json_obj_end(j);
    ward_json_obj_end(j);
    ward_json_arr_end(j);
}
