/* cyclonedx.c - CycloneDX 1.5 JSON writer: the scanned target as
 * metadata.component, the distro as an operating-system component, one library
 * component per package (purl, licences, ward:* properties) and a dependency
 * graph target -> OS -> OS packages. Validated against bom-1.5.schema.json in tests. */
#include "report/report_int.h"

#include <stdio.h>
#include <string.h>

struct ref {
    const char *base;
    size_t idx;
};

static int ref_cmp(const void *a, const void *b)
{
    const struct ref *x = a, *y = b;
    int c = strcmp(x->base, y->base);
    return c ? c : (x->idx < y->idx ? -1 : x->idx > y->idx);
}

/* One unique bom-ref per package: its purl, made unique with "#<n>" when two
 * packages share a purl; "ward:pkg:<hash>" when it has none. */
static char **make_refs(const struct ward_pkg **v, size_t n)
{
    char **refs = ward_xcalloc(n + 1, sizeof(*refs));
    struct ref *r = ward_xcalloc(n + 1, sizeof(*r));
    for (size_t i = 0; i < n; i++) {
        if (v[i]->purl && *v[i]->purl) {
            refs[i] = ward_xstrdup(v[i]->purl);
        } else {
            char h[17];
            ward_report__pkg_hash(v[i], h);
            refs[i] = ward_xasprintf("ward:pkg:%s", h);
        }
        r[i] = (struct ref){refs[i], i};
    }
    qsort(r, n, sizeof(*r), ref_cmp);
    for (size_t i = 1; i < n; i++) {
        if (strcmp(r[i].base, r[i - 1].base) == 0) {
            size_t k = r[i].idx;
            char *u = ward_xasprintf("%s#%zu", refs[k], k);
            /* r[i].base still points to the old string until freed below */
            r[i].base = r[i - 1].base;
            free(refs[k]);
            refs[k] = u;
        }
    }
    free(r);
    return refs;
}

static void prop(struct ward_json *j, const char *name, const char *value)
{
    if (!value || !*value)
        return;
    ward_json_obj_begin(j);
    ward_json_kv_str(j, "name", name);
    ward_json_kv_str(j, "value", value);
    ward_json_obj_end(j);
}

static void licenses(struct ward_json *j, const char *lic)
{
    if (!lic || !*lic)
        return;
    /* A single valid compound expression is written as one "expression";
       otherwise each "; "-separated part is a licence id (when SPDX knows it)
       or a licence name. CycloneDX forbids mixing the two forms. */
    size_t nparts = 0;
    for (const char *p = lic; p; p = strchr(p, ';')) {
        if (*p == ';')
            p++;
        nparts++;
    }
    ward_json_key(j, "licenses");
    ward_json_arr_begin(j);
    if (nparts == 1 && strpbrk(lic, " ()")) {
        struct ward_buf e = WARD_BUF_INIT(0);
        if (ward_spdx_expression(&e, lic) && !strstr(e.ptr, "LicenseRef-") &&
            ward_buf_check(&e) == 0) {
            ward_json_obj_begin(j);
            ward_json_kv_str(j, "expression", e.ptr);
            ward_json_obj_end(j);
            ward_json_arr_end(j);
            ward_buf_dispose(&e);
            return;
        }
        ward_buf_dispose(&e);
    }
    const char *seen[32];
    size_t nseen = 0;
    char *copy = ward_xstrdup(lic);
    for (char *p = copy; p;) {
        char *semi = strchr(p, ';');
        if (semi)
            *semi = '\0';
        struct ward_span sp = ward_span_trim(ward_span_cstr(p));
        p = semi ? semi + 1 : NULL;
        if (sp.len == 0)
            continue;
        ((char *)sp.ptr)[sp.len] = '\0';
        bool dup = false;
        for (size_t i = 0; i < nseen && !dup; i++)
            dup = strcmp(seen[i], sp.ptr) == 0;
        if (dup)
            continue;
        if (nseen < WARD_ARRAY_LEN(seen))
            seen[nseen++] = sp.ptr;
        const char *id = ward_spdx_license_id(sp.ptr, sp.len);
        ward_json_obj_begin(j);
        ward_json_key(j, "license");
        ward_json_obj_begin(j);
        if (id)
            ward_json_kv_str(j, "id", id);
        else
            ward_json_kv_str(j, "name", sp.ptr);
        ward_json_obj_end(j);
        ward_json_obj_end(j);
    }
    free(copy);
    ward_json_arr_end(j);
}

static const char *target_type(const struct ward_inventory *inv)
{
    if (inv->kind && !strcmp(inv->kind, "project"))
        return "application";
    if (inv->kind && !strcmp(inv->kind, "rootfs"))
        return "file";
    return "container";
}

static void root_component(struct ward_json *j, const struct ward_inventory *inv)
{
    ward_json_key(j, "component");
    ward_json_obj_begin(j);
    ward_json_kv_str(j, "bom-ref", "ward:target");
    ward_json_kv_str(j, "type", target_type(inv));
    ward_json_kv_str(j, "name", inv->target && *inv->target ? inv->target : "unknown");
    const char *digest = inv->manifest_digest ? inv->manifest_digest : inv->image_id;
    ward_json_kv_str_opt(j, "version", digest);
    ward_json_key(j, "properties");
    ward_json_arr_begin(j);
    prop(j, "ward:kind", inv->kind);
    prop(j, "ward:image:id", inv->image_id);
    prop(j, "ward:image:manifest_digest", inv->manifest_digest);
    for (size_t i = 0; i < inv->n_repo_tags; i++)
        prop(j, "ward:image:repo_tag", inv->repo_tags[i]);
    for (size_t i = 0; i < inv->n_layers; i++)
        prop(j, "ward:image:layer", inv->diff_ids[i]);
    prop(j, "ward:image:os", inv->os);
    prop(j, "ward:image:architecture", inv->architecture);
    ward_json_arr_end(j);
    ward_json_obj_end(j);
}

static void package_component(struct ward_json *j, const struct ward_pkg *p, const char *ref)
{
    char epoch[24];
    ward_json_obj_begin(j);
    ward_json_kv_str(j, "bom-ref", ref);
    ward_json_kv_str(j, "type", "library");
    ward_json_kv_str_opt(j, "group", p->group);
    ward_json_kv_str(j, "name", p->name ? p->name : "");
    ward_json_kv_str_opt(j, "version", p->version);
    licenses(j, p->licenses);
    ward_json_kv_str_opt(j, "purl", p->purl);
    ward_json_key(j, "properties");
    ward_json_arr_begin(j);
    prop(j, "ward:type", p->type);
    prop(j, "ward:ecosystem", p->ecosystem);
    prop(j, "ward:source_name", p->source_name);
    prop(j, "ward:source_version", p->source_version);
    prop(j, "ward:arch", p->arch);
    if (p->epoch > 0) {
        snprintf(epoch, sizeof(epoch), "%d", p->epoch);
        prop(j, "ward:epoch", epoch);
    }
    prop(j, "ward:rpm:modularitylabel", p->modularitylabel);
    prop(j, "ward:layer", p->layer);
    prop(j, "ward:path", p->path);
    prop(j, "ward:cataloger", p->cataloger);
    if (p->dev)
        prop(j, "ward:dev", "true");
    if (p->indirect)
        prop(j, "ward:indirect", "true");
    ward_json_arr_end(j);
    ward_json_obj_end(j);
}

int ward_report_cyclonedx(struct ward_buf *out, const struct ward_inventory *inv,
                          const struct ward_report_opts *opts, struct ward_error **err)
{
    return ward_report__cyclonedx(out, inv, opts, NULL, NULL, err);
}

int ward_report__cyclonedx(struct ward_buf *out, const struct ward_inventory *inv,
                           const struct ward_report_opts *opts, ward_report__cdx_hook hook,
                           void *ud, struct ward_error **err)
{
    struct ward_json j;
    char ts[40], uuid[37];
    const struct ward_pkg **v = ward_report__sorted(inv);
    size_t n = 0;
    while (v[n])
        n++;
    char **refs = make_refs(v, n);
    bool has_os = inv->distro.id && *inv->distro.id;

    ward_report__timestamp(opts, ts, sizeof(ts));
    ward_report__uuid(inv, "cyclonedx", uuid);
    ward_json_init(&j, out, opts ? opts->pretty : false);
    ward_json_obj_begin(&j);
    ward_json_kv_str(&j, "$schema", "http://cyclonedx.org/schema/bom-1.5.schema.json");
    ward_json_kv_str(&j, "bomFormat", "CycloneDX");
    ward_json_kv_str(&j, "specVersion", "1.5");
    char serial[48];
    snprintf(serial, sizeof(serial), "urn:uuid:%s", uuid);
    ward_json_kv_str(&j, "serialNumber", serial);
    ward_json_kv_int(&j, "version", 1);

    ward_json_key(&j, "metadata");
    ward_json_obj_begin(&j);
    ward_json_kv_str(&j, "timestamp", ts);
    ward_json_key(&j, "tools");
    ward_json_obj_begin(&j);
    ward_json_key(&j, "components");
    ward_json_arr_begin(&j);
    ward_json_obj_begin(&j);
    ward_json_kv_str(&j, "type", "application");
    ward_json_kv_str(&j, "name", "ward");
    ward_json_kv_str(&j, "version", ward_report__tool_version(opts));
    ward_json_obj_end(&j);
    ward_json_arr_end(&j);
    ward_json_obj_end(&j);
    root_component(&j, inv);
    ward_json_obj_end(&j);

    ward_json_key(&j, "components");
    ward_json_arr_begin(&j);
    if (has_os) {
        ward_json_obj_begin(&j);
        ward_json_kv_str(&j, "bom-ref", "ward:os");
        ward_json_kv_str(&j, "type", "operating-system");
        ward_json_kv_str(&j, "name", inv->distro.id);
        ward_json_kv_str_opt(&j, "version", inv->distro.version_id);
        ward_json_kv_str_opt(&j, "description", inv->distro.pretty_name);
        ward_json_key(&j, "properties");
        ward_json_arr_begin(&j);
        prop(&j, "ward:distro:id", inv->distro.id);
        prop(&j, "ward:distro:version_id", inv->distro.version_id);
        prop(&j, "ward:distro:version_codename", inv->distro.version_codename);
        prop(&j, "ward:distro:pretty_name", inv->distro.pretty_name);
        prop(&j, "ward:distro:id_like", inv->distro.id_like);
        ward_json_arr_end(&j);
        ward_json_obj_end(&j);
    }
    for (size_t i = 0; i < n; i++)
        package_component(&j, v[i], refs[i]);
    ward_json_arr_end(&j);

    ward_json_key(&j, "dependencies");
    ward_json_arr_begin(&j);
    ward_json_obj_begin(&j);
    ward_json_kv_str(&j, "ref", "ward:target");
    ward_json_key(&j, "dependsOn");
    ward_json_arr_begin(&j);
    if (has_os)
        ward_json_str(&j, "ward:os");
    for (size_t i = 0; i < n; i++)
        if (!has_os || !ward_report__is_os_pkg(v[i]))
            ward_json_str(&j, refs[i]);
    ward_json_arr_end(&j);
    ward_json_obj_end(&j);
    if (has_os) {
        ward_json_obj_begin(&j);
        ward_json_kv_str(&j, "ref", "ward:os");
        ward_json_key(&j, "dependsOn");
        ward_json_arr_begin(&j);
        for (size_t i = 0; i < n; i++)
            if (ward_report__is_os_pkg(v[i]))
                ward_json_str(&j, refs[i]);
        ward_json_arr_end(&j);
        ward_json_obj_end(&j);
    }
    ward_json_arr_end(&j);
    if (hook)
        hook(&j, v, (const char *const *)refs, n, ud);
    ward_json_obj_end(&j);
    ward_buf_addc(out, '\n');

    for (size_t i = 0; i < n; i++)
        free(refs[i]);
    free(refs);
    free(v);
    if (ward_buf_check(out) < 0)
        return ward_error_set(err, WARD_ELIMIT, 0, "cyclonedx: output larger than %zu bytes",
                              out->max);
    return 0;
}
