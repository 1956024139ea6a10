/* sarif.c - the shared SARIF 2.1.0 frame (see sarif.h). */
#include "report/sarif.h"

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

void ward_sarif_locations(struct ward_json *j, const char *uri, const char *uri_base,
                          unsigned line)
{
    ward_json_key(j, "locations");
    ward_json_arr_begin(j);
    ward_json_obj_begin(j);
    ward_json_key(j, "physicalLocation");
    ward_json_obj_begin(j);
    ward_json_key(j, "artifactLocation");
    ward_json_obj_begin(j);
    ward_json_kv_str(j, "uri", uri ? uri : "");
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
