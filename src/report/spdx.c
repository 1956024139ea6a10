/* spdx.c - SPDX 2.3 JSON writer: the target as a CONTAINER package that the
 * document DESCRIBES, the distro as an OPERATING_SYSTEM package, one LIBRARY
 * package per package with its purl; declared licences become valid SPDX
 * expressions (unknown ones LicenseRef-, declared in hasExtractedLicensingInfos).
 * The namespace is derived from the content, so output is byte-stable. */
#include "report/report_int.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

struct lref {
    char *id, *text;
};
struct lrefs {
    struct lref *v;
    size_t n, cap;
};

static void on_ref(const char *ref, const char *orig, size_t n, void *ud)
{
    struct lrefs *r = ud;
    for (size_t i = 0; i < r->n; i++)
        if (strcmp(r->v[i].id, ref) == 0)
            return;
    WARD_GROW(r->v, r->n, r->cap);
    r->v[r->n++] = (struct lref){ward_xstrdup(ref), ward_xstrndup(orig, n)};
}

static int lref_cmp(const void *a, const void *b)
{
    return strcmp(((const struct lref *)a)->id, ((const struct lref *)b)->id);
}

/* SPDX idstring: letters, digits, '.', '-' only. */
static void add_idstring(struct ward_buf *b, const char *s, size_t max)
{
    for (size_t i = 0; s && s[i] && i < max; i++) {
        unsigned char c = (unsigned char)s[i];
        ward_buf_addc(b, isalnum(c) || c == '.' || c == '-' ? (char)c : '-');
    }
}

static void rel(struct ward_json *j, const char *a, const char *type, const char *b)
{
    ward_json_obj_begin(j);
    ward_json_kv_str(j, "spdxElementId", a);
    ward_json_kv_str(j, "relationshipType", type);
    ward_json_kv_str(j, "relatedSpdxElement", b);
    ward_json_obj_end(j);
}

static void noassert(struct ward_json *j)
{
    ward_json_kv_str(j, "downloadLocation", "NOASSERTION");
    ward_json_kv_bool(j, "filesAnalyzed", false);
}

static const char *purpose(const struct ward_inventory *inv)
{
    if (inv->kind && !strcmp(inv->kind, "project"))
        return "APPLICATION";
    if (inv->kind && !strcmp(inv->kind, "rootfs"))
        return "OTHER";
    return "CONTAINER";
}

static void attribution(struct ward_json *j, struct ward_buf *tmp, const char *k, const char *v)
{
    if (!v || !*v)
        return;
    ward_buf_reset(tmp);
    ward_buf_addf(tmp, "%s: %s", k, v);
    ward_json_str(j, tmp->ptr ? tmp->ptr : "");
}

int ward_report_spdx(struct ward_buf *out, const struct ward_inventory *inv,
                     const struct ward_report_opts *opts, struct ward_error **err)
{
    struct ward_json j;
    char ts[40], uuid[37];
    const struct ward_pkg **v = ward_report__sorted(inv);
    size_t n = 0;
    while (v[n])
        n++;
    bool has_os = inv->distro.id && *inv->distro.id;
    struct lrefs lr = {0};
    struct ward_buf tmp = WARD_BUF_INIT(0);
    char **ids = ward_xcalloc(n + 1, sizeof(*ids));
    const char *target = inv->target && *inv->target ? inv->target : "unknown";

    for (size_t i = 0; i < n; i++) {
        char h[17];
        ward_report__pkg_hash(v[i], h);
        ward_buf_reset(&tmp);
        ward_buf_adds(&tmp, "SPDXRef-Package-");
        add_idstring(&tmp, v[i]->type ? v[i]->type : "unknown", 32);
        ward_buf_addc(&tmp, '-');
        add_idstring(&tmp, v[i]->name, 64);
        ward_buf_addf(&tmp, "-%s", h);
        /* identical packages sort next to each other and hash alike */
        if (i > 0 && strcmp(ids[i - 1], tmp.ptr) == 0)
            ward_buf_addf(&tmp, "-%zu", i);
        ids[i] = ward_xstrdup(tmp.ptr ? tmp.ptr : "SPDXRef-Package");
    }

    ward_report__timestamp(opts, ts, sizeof(ts));
    ward_report__uuid(inv, "spdx", uuid);
    ward_json_init(&j, out, opts ? opts->pretty : false);
    ward_json_obj_begin(&j);
    ward_json_kv_str(&j, "spdxVersion", "SPDX-2.3");
    ward_json_kv_str(&j, "dataLicense", "CC0-1.0");
    ward_json_kv_str(&j, "SPDXID", "SPDXRef-DOCUMENT");
    ward_json_kv_str(&j, "name", target);
    ward_buf_reset(&tmp);
    ward_buf_adds(&tmp, "https://spdx.org/spdxdocs/ward-");
    add_idstring(&tmp, inv->kind ? inv->kind : "target", 32);
    ward_buf_addc(&tmp, '-');
    add_idstring(&tmp, target, 96);
    ward_buf_addf(&tmp, "-%s", uuid);
    ward_json_kv_str(&j, "documentNamespace", tmp.ptr);
    ward_json_key(&j, "creationInfo");
    ward_json_obj_begin(&j);
    ward_json_kv_str(&j, "created", ts);
    ward_json_key(&j, "creators");
    ward_json_arr_begin(&j);
    ward_buf_reset(&tmp);
    ward_buf_addf(&tmp, "Tool: ward-%s", ward_report__tool_version(opts));
    ward_json_str(&j, tmp.ptr);
    ward_json_arr_end(&j);
    ward_json_obj_end(&j);

    ward_json_key(&j, "packages");
    ward_json_arr_begin(&j);
    /* the target */
    ward_json_obj_begin(&j);
    ward_json_kv_str(&j, "SPDXID", "SPDXRef-Target");
    ward_json_kv_str(&j, "name", target);
    ward_json_kv_str_opt(&j, "versionInfo",
                         inv->manifest_digest ? inv->manifest_digest : inv->image_id);
    noassert(&j);
    ward_json_kv_str(&j, "licenseConcluded", "NOASSERTION");
    ward_json_kv_str(&j, "licenseDeclared", "NOASSERTION");
    ward_json_kv_str(&j, "copyrightText", "NOASSERTION");
    ward_json_kv_str(&j, "primaryPackagePurpose", purpose(inv));
    if (inv->image_id || inv->manifest_digest || inv->n_repo_tags || inv->n_layers) {
        ward_json_key(&j, "attributionTexts");
        ward_json_arr_begin(&j);
        attribution(&j, &tmp, "ImageID", inv->image_id);
        attribution(&j, &tmp, "ManifestDigest", inv->manifest_digest);
        for (size_t i = 0; i < inv->n_repo_tags; i++)
            attribution(&j, &tmp, "RepoTag", inv->repo_tags[i]);
        for (size_t i = 0; i < inv->n_layers; i++)
            attribution(&j, &tmp, "DiffID", inv->diff_ids[i]);
        ward_json_arr_end(&j);
    }
    ward_json_obj_end(&j);
    /* the distro */
    if (has_os) {
        ward_json_obj_begin(&j);
        ward_json_kv_str(&j, "SPDXID", "SPDXRef-OperatingSystem");
        ward_json_kv_str(&j, "name", inv->distro.id);
        ward_json_kv_str_opt(&j, "versionInfo", inv->distro.version_id);
        noassert(&j);
        ward_json_kv_str(&j, "licenseConcluded", "NOASSERTION");
        ward_json_kv_str(&j, "licenseDeclared", "NOASSERTION");
        ward_json_kv_str(&j, "copyrightText", "NOASSERTION");
        ward_json_kv_str_opt(&j, "description", inv->distro.pretty_name);
        ward_json_kv_str(&j, "primaryPackagePurpose", "OPERATING_SYSTEM");
        ward_json_obj_end(&j);
    }
    for (size_t i = 0; i < n; i++) {
        const struct ward_pkg *p = v[i];
        ward_json_obj_begin(&j);
        ward_json_kv_str(&j, "SPDXID", ids[i]);
        ward_json_kv_str(&j, "name", p->name ? p->name : "");
        ward_json_kv_str_opt(&j, "versionInfo", p->version);
        noassert(&j);
        ward_json_kv_str(&j, "licenseConcluded", "NOASSERTION");
        ward_buf_reset(&tmp);
        if (ward_report__spdx_expr(&tmp, p->licenses, on_ref, &lr) && ward_buf_check(&tmp) == 0)
            ward_json_kv_str(&j, "licenseDeclared", tmp.ptr);
        else
            ward_json_kv_str(&j, "licenseDeclared", "NOASSERTION");
        ward_json_kv_str(&j, "copyrightText", "NOASSERTION");
        if (p->cataloger || p->path) {
            ward_buf_reset(&tmp);
            ward_buf_addf(&tmp, "acquired package info from %s: %s",
                          p->cataloger ? p->cataloger : "ward", p->path ? p->path : "");
            ward_json_kv_str(&j, "sourceInfo", tmp.ptr);
        }
        if (p->purl && *p->purl) {
            ward_json_key(&j, "externalRefs");
            ward_json_arr_begin(&j);
            ward_json_obj_begin(&j);
            ward_json_kv_str(&j, "referenceCategory", "PACKAGE-MANAGER");
            ward_json_kv_str(&j, "referenceType", "purl");
            ward_json_kv_str(&j, "referenceLocator", p->purl);
            ward_json_obj_end(&j);
            ward_json_arr_end(&j);
        }
        ward_json_kv_str(&j, "primaryPackagePurpose", "LIBRARY");
        if (p->layer || (p->source_name && *p->source_name)) {
            ward_json_key(&j, "attributionTexts");
            ward_json_arr_begin(&j);
            attribution(&j, &tmp, "SrcName", p->source_name);
            attribution(&j, &tmp, "SrcVersion", p->source_version);
            attribution(&j, &tmp, "LayerDiffID", p->layer);
            ward_json_arr_end(&j);
        }
        ward_json_obj_end(&j);
    }
    ward_json_arr_end(&j);

    if (lr.n) {
        qsort(lr.v, lr.n, sizeof(*lr.v), lref_cmp);
        ward_json_key(&j, "hasExtractedLicensingInfos");
        ward_json_arr_begin(&j);
        for (size_t i = 0; i < lr.n; i++) {
            ward_json_obj_begin(&j);
            ward_json_kv_str(&j, "licenseId", lr.v[i].id);
            ward_json_kv_str(&j, "name", lr.v[i].text);
            ward_json_kv_str(&j, "extractedText", lr.v[i].text);
            ward_json_obj_end(&j);
        }
        ward_json_arr_end(&j);
    }

    ward_json_key(&j, "relationships");
    ward_json_arr_begin(&j);
    rel(&j, "SPDXRef-DOCUMENT", "DESCRIBES", "SPDXRef-Target");
    if (has_os)
        rel(&j, "SPDXRef-Target", "CONTAINS", "SPDXRef-OperatingSystem");
    for (size_t i = 0; i < n; i++) {
        bool under_os = has_os && ward_report__is_os_pkg(v[i]);
        rel(&j, under_os ? "SPDXRef-OperatingSystem" : "SPDXRef-Target", "CONTAINS", ids[i]);
    }
    ward_json_arr_end(&j);
    ward_json_obj_end(&j);
    ward_buf_addc(out, '\n');

    for (size_t i = 0; i < lr.n; i++) {
        free(lr.v[i].id);
        free(lr.v[i].text);
    }
    free(lr.v);
    for (size_t i = 0; i < n; i++)
        free(ids[i]);
    free(ids);
    free(v);
    ward_buf_dispose(&tmp);
    if (ward_buf_check(out) < 0)
        return ward_error_set(err, WARD_ELIMIT, 0, "spdx: output larger than %zu bytes",
                              out->max);
    return 0;
}
