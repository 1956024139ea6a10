/* sbom_json.c - ward's own inventory JSON (`ward sbom --format json`): one object
 * with schema_version, target, image, os and the sorted package list. Keys are
 * always present (null when unknown) and in a fixed order, so output is byte-stable. */
#include "report/report_int.h"

static void str_array(struct ward_json *j, const char *key, char *const *v, size_t n)
{
    ward_json_key(j, key);
    ward_json_arr_begin(j);
    for (size_t i = 0; i < n; i++)
        ward_json_str(j, v[i]);
    ward_json_arr_end(j);
}

int ward_report_sbom_json(struct ward_buf *out, const struct ward_inventory *inv,
                          const struct ward_report_opts *opts, struct ward_error **err)
{
    struct ward_json j;
    const struct ward_pkg **v = ward_report__sorted(inv);

    ward_json_init(&j, out, opts ? opts->pretty : false);
    ward_json_obj_begin(&j);
    ward_json_kv_int(&j, "schema_version", WARD_SBOM_SCHEMA_VERSION);
    ward_json_kv_str(&j, "target", inv->target);
    ward_json_kv_str(&j, "kind", inv->kind);
    ward_json_key(&j, "image");
    if (inv->image_id || inv->manifest_digest || inv->n_layers || inv->n_repo_tags) {
        ward_json_obj_begin(&j);
        ward_json_kv_str(&j, "id", inv->image_id);
        ward_json_kv_str(&j, "manifest_digest", inv->manifest_digest);
        str_array(&j, "repo_tags", inv->repo_tags, inv->n_repo_tags);
        str_array(&j, "layers", inv->diff_ids, inv->n_layers);
        ward_json_kv_str(&j, "os", inv->os);
        ward_json_kv_str(&j, "architecture", inv->architecture);
        ward_json_obj_end(&j);
    } else {
        ward_json_null(&j);
    }
    ward_json_key(&j, "os");
    if (inv->distro.id) {
        ward_json_obj_begin(&j);
        ward_json_kv_str(&j, "id", inv->distro.id);
        ward_json_kv_str(&j, "version_id", inv->distro.version_id);
        ward_json_kv_str(&j, "pretty_name", inv->distro.pretty_name);
        ward_json_obj_end(&j);
    } else {
        ward_json_null(&j);
    }
    ward_json_key(&j, "packages");
    ward_json_arr_begin(&j);
    for (size_t i = 0; v[i]; i++) {
        const struct ward_pkg *p = v[i];
        ward_json_obj_begin(&j);
        ward_json_kv_str(&j, "name", p->name);
        ward_json_kv_str(&j, "version", p->version);
        ward_json_kv_str(&j, "type", p->type);
        ward_json_kv_str(&j, "ecosystem", p->ecosystem);
        ward_json_kv_str(&j, "purl", p->purl);
        ward_json_kv_str(&j, "source_name", p->source_name);
        ward_json_kv_str(&j, "source_version", p->source_version);
        ward_json_kv_str(&j, "arch", p->arch);
        ward_json_kv_int(&j, "epoch", p->epoch);
        if (p->modularitylabel)
            ward_json_kv_str(&j, "modularitylabel", p->modularitylabel);
        ward_json_kv_str(&j, "licenses", p->licenses);
        ward_json_kv_str(&j, "path", p->path);
        ward_json_kv_str(&j, "layer", p->layer);
        ward_json_kv_str(&j, "cataloger", p->cataloger);
        ward_json_kv_bool(&j, "dev", p->dev);
        ward_json_kv_bool(&j, "indirect", p->indirect);
        ward_json_obj_end(&j);
    }
    ward_json_arr_end(&j);
    ward_json_obj_end(&j);
    ward_buf_addc(out, '\n');
    free(v);
    if (ward_buf_check(out) < 0)
        return ward_error_set(err, WARD_ELIMIT, 0, "sbom json: output larger than %zu bytes",
                              out->max);
    return 0;
}
