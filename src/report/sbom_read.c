/* sbom_read.c - CycloneDX / SPDX JSON files as scan targets: the document (or
 * an in-toto attestation wrapping one) becomes a ward_inventory. Packages come
 * from purls; distro, source packages and image facts from the conventions of
 * ward, Trivy (aquasecurity:trivy:* properties, attributionTexts) and Syft
 * (syft:* properties, upstream= qualifiers). Input is hostile: bounded, typed reads. */
#include "inventory/rpm.h"
#include "report/report.h"
#include "util/hash.h"
#include "util/json_in.h"
#include "util/limits.h"
#define WARD_LOG_MODULE "sbom"
#include "util/log.h"

#include <ctype.h>
#include <openssl/evp.h>
#include <string.h>
#include <strings.h>

#define MAX_COMPONENT_DEPTH 16

/* Facts about one package that do not live in its purl. */
struct extra {
    const char *name, *version, *group, *licenses;
    const char *src_name, *src_version, *src_release, *src_epoch;
    const char *layer, *path, *cataloger, *type;
    const char *modlabel; /* rpm MODULARITYLABEL */
    bool dev, indirect;
};

struct reader {
    struct ward_inventory *inv;
    const char *default_cataloger;
    char *qual_distro; /* distro= of the first OS package, for a fallback */
    char *qual_ns;
    size_t skipped;
};

static void set_str(char **dst, const char *v)
{
    if (*dst || !v || !*v)
        return;
    *dst = ward_xstrdup(v);
}

static void add_str(char ***v, size_t *n, const char *s)
{
    if (!s || !*s || *n >= 4096)
        return;
    *v = ward_xreallocarray(*v, *n + 1, sizeof(**v));
    (*v)[(*n)++] = ward_xstrdup(s);
}

/* os-release ID for the OS names Trivy, Syft and others write. */
static char *distro_id(const char *name)
{
    static const char *const map[][2] = {
        {"oracle", "ol"},
        {"oracle linux", "ol"},
        {"oraclelinux", "ol"},
        {"opensuse.leap", "opensuse-leap"},
        {"opensuse leap", "opensuse-leap"},
        {"opensuse.tumbleweed", "opensuse-tumbleweed"},
        {"opensuse tumbleweed", "opensuse-tumbleweed"},
        {"suse linux enterprise server", "sles"},
        {"suse linux enterprise micro", "sle-micro"},
        {"redhat", "rhel"},
        {"red hat enterprise linux", "rhel"},
        {"amazon", "amzn"},
        {"amazon linux", "amzn"},
        {"alma", "almalinux"},
        {"rockylinux", "rocky"},
        {"cbl-mariner", "mariner"},
    };
    char *id = ward_xstrdup(name);
    for (char *c = id; *c; c++)
        *c = (char)tolower((unsigned char)*c);
    for (size_t i = 0; i < WARD_ARRAY_LEN(map); i++) {
        if (strcmp(id, map[i][0]) == 0) {
            free(id);
            return ward_xstrdup(map[i][1]);
        }
    }
    return id;
}

static void set_distro(struct ward_distro *d, const char *name, const char *version,
                       const char *pretty)
{
    if (d->id || !name || !*name)
        return;
    d->id = distro_id(name);
    set_str(&d->version_id, version);
    set_str(&d->pretty_name, pretty);
}

static const char *ecosystem_of(const char *ptype, const char *ns)
{
    static const char *const map[][2] = {
        {"apk", "Alpine"},  {"rpm", "RPM"},         {"pypi", "PyPI"},        {"npm", "npm"},
        {"golang", "Go"},   {"maven", "Maven"},     {"gem", "RubyGems"},     {"cargo", "crates.io"},
        {"nuget", "NuGet"}, {"composer", "Packagist"}, {"hex", "Hex"},      {"pub", "Pub"},
        {"conan", "ConanCenter"}, {"cocoapods", "CocoaPods"}, {"swift", "SwiftURL"},
        {"k8s", "Kubernetes"}, /* KBOM control-plane/node components ("k8s.io/kubelet") */
    };
    if (!strcmp(ptype, "deb"))
        return ns && !strcasecmp(ns, "ubuntu") ? "Ubuntu" : "Debian";
    for (size_t i = 0; i < WARD_ARRAY_LEN(map); i++)
        if (!strcmp(map[i][0], ptype))
            return map[i][1];
    return NULL;
}

static const char *ward_type_of(const char *ptype)
{
    static const char *const map[][2] = {
        {"pypi", "python"}, {"golang", "gomod"}, {"maven", "jar"},
    };
    for (size_t i = 0; i < WARD_ARRAY_LEN(map); i++)
        if (!strcmp(map[i][0], ptype))
            return map[i][1];
    return NULL; /* same name as the purl type */
}

static bool parse_epoch(const char *s, int *out)
{
    uint64_t v;
    if (!s || !*s || ward_span_u64(ward_span_cstr(s), &v) < 0 || v > 100000)
        return false;
    *out = (int)v;
    return true;
}

static void add_package(struct reader *r, const char *purl_s, const struct extra *x)
{
    struct ward_purl pu;
    struct ward_error *perr = NULL;
    if (ward_purl_parse(&pu, purl_s, strlen(purl_s), &perr) < 0) {
        ward_warn("skipping package with bad purl '%.200s': %s", purl_s, perr ? perr->msg : "");
        ward_error_free(perr);
        r->skipped++;
        return;
    }
    struct ward_pkglist *l = r->inv->pkgs;
    struct ward_pkg *p = ward_pkglist_add(l);
    const char *wt = ward_type_of(pu.type);
    bool os = !strcmp(pu.type, "deb") || !strcmp(pu.type, "apk") || !strcmp(pu.type, "rpm");

    p->type = ward_pkglist_str(l, x->type && *x->type ? x->type : wt ? wt : pu.type);
    const char *eco = ecosystem_of(pu.type, pu.namespace);
    p->ecosystem = eco ? ward_pkglist_str(l, eco) : NULL;
    p->purl = ward_pkglist_str(l, purl_s);
    if (!strcmp(pu.type, "maven")) {
        p->name = ward_pkglist_str(l, pu.name);
        p->group = ward_pkglist_str(l, pu.namespace ? pu.namespace : x->group);
    } else if (!os && pu.namespace && (!strcmp(pu.type, "npm") || !strcmp(pu.type, "golang") ||
                                       !strcmp(pu.type, "composer") || !strcmp(pu.type, "swift"))) {
        p->name = ward_arena_printf(&l->arena, "%s/%s", pu.namespace, pu.name);
    } else {
        p->name = ward_pkglist_str(l, pu.name);
    }
    /* The purl's version wins over the document's (Trivy does the same). */
    const char *ver = pu.version ? pu.version : x->version;
    int epoch = 0;
    if (!strcmp(pu.type, "rpm")) {
        parse_epoch(ward_purl_qual(&pu, "epoch"), &epoch);
        /* "1:1.0.2k-16.el7" as some tools write it */
        const char *colon = ver ? strchr(ver, ':') : NULL;
        if (colon && colon > ver) {
            char *e = ward_xstrndup(ver, (size_t)(colon - ver));
            if (parse_epoch(e, &epoch))
                ver = colon + 1;
            free(e);
        }
        p->epoch = epoch;
        p->version = ward_pkglist_str(l, ver);
        /* module stream: a property, else Red Hat's purl qualifier rpmmod= */
        const char *mod = x->modlabel && *x->modlabel ? x->modlabel
                                                      : ward_purl_qual(&pu, "rpmmod");
        if (mod && *mod)
            p->modularitylabel = ward_pkglist_str(l, mod);
    } else if (!strcmp(pu.type, "deb") && ver && !strchr(ver, ':') &&
               parse_epoch(ward_purl_qual(&pu, "epoch"), &epoch) && epoch > 0) {
        p->version = ward_arena_printf(&l->arena, "%d:%s", epoch, ver);
    } else {
        p->version = ward_pkglist_str(l, ver);
    }
    p->arch = ward_pkglist_str(l, ward_purl_qual(&pu, "arch"));

    /* source package: explicit properties, then upstream= (Syft, ward),
       source= (osv-scalibr), origin= (apk) */
    if (x->src_name && *x->src_name) {
        p->source_name = ward_pkglist_str(l, x->src_name);
        if (x->src_version && *x->src_version) {
            struct ward_buf sv = WARD_BUF_INIT(0);
            if (!strcmp(pu.type, "deb") && x->src_epoch && strcmp(x->src_epoch, "0") != 0)
                ward_buf_addf(&sv, "%s:", x->src_epoch);
            ward_buf_adds(&sv, x->src_version);
            if (x->src_release && *x->src_release)
                ward_buf_addf(&sv, "-%s", x->src_release);
            p->source_version = ward_pkglist_str(l, sv.ptr);
            ward_buf_dispose(&sv);
        }
    } else {
        const char *up = ward_purl_qual(&pu, "upstream");
        if (!up)
            up = ward_purl_qual(&pu, "source");
        if (!up && !strcmp(pu.type, "apk"))
            up = ward_purl_qual(&pu, "origin");
        struct ward_span sn, sv;
        if (up && !strcmp(pu.type, "rpm") && ward_rpm_srpm_split(up, &sn, &sv)) {
            /* Syft's rpm form: upstream=<name>-<version>-<release>.src.rpm */
            p->source_name = ward_pkglist_span(l, sn);
            p->source_version = ward_pkglist_span(l, sv);
        } else if (up) {
            const char *at = strchr(up, '@');
            if (at) {
                p->source_name = ward_pkglist_span(l, ward_span_of(up, (size_t)(at - up)));
                p->source_version = ward_pkglist_str(l, at + 1);
            } else {
                p->source_name = ward_pkglist_str(l, up);
            }
        }
    }
    if (os) {
        /* catalogers name the binary package its own source when none is given */
        if (!p->source_name)
            p->source_name = p->name;
        if (!p->source_version)
            p->source_version = p->version;
        const char *dq = ward_purl_qual(&pu, "distro");
        if (!r->qual_ns && pu.namespace) {
            r->qual_ns = ward_xstrdup(pu.namespace);
            if (dq)
                r->qual_distro = ward_xstrdup(dq);
        }
    }
    p->licenses = ward_pkglist_str(l, x->licenses);
    p->layer = ward_pkglist_str(l, x->layer);
    p->path = ward_pkglist_str(l, x->path);
    p->cataloger = ward_pkglist_str(l, x->cataloger ? x->cataloger : r->default_cataloger);
    p->dev = x->dev;
    p->indirect = x->indirect;
    ward_purl_dispose(&pu);
}

/* "sha256:..." from "repo@sha256:..." */
static const char *after_at(const char *s)
{
    const char *at = s ? strrchr(s, '@') : NULL;
    return at ? at + 1 : s;
}

/* --- CycloneDX ------------------------------------------------------------ */

static void join_license(struct ward_buf *b, const char *s)
{
    if (!s || !*s)
        return;
    if (b->len)
        ward_buf_adds(b, "; ");
    ward_buf_adds(b, s);
}

static void cdx_licenses(struct ward_buf *b, const json_t *comp)
{
    json_t *arr = ward_jarr(comp, "licenses");
    size_t i;
    json_t *it;
    json_array_foreach(arr, i, it)
    {
        if (i >= 64)
            break;
        join_license(b, ward_jstr(it, "expression"));
        json_t *lic = ward_jobj(it, "license");
        const char *s = ward_jstr(lic, "id");
        join_license(b, s ? s : ward_jstr(lic, "name"));
    }
}

/* One CycloneDX property a reader takes, under each name the SBOM tools give it. */
struct cdx_prop {
    const char *names[3];
    const char **value; /* the last value given under any of the names */
};

static void cdx_props(const json_t *comp, const struct cdx_prop *want, size_t n)
{
    json_t *props = ward_jarr(comp, "properties");
    size_t i;
    json_t *it;
    json_array_foreach(props, i, it)
    {
        const char *k = ward_jstr(it, "name"), *v = ward_jstr(it, "value");
        if (!k || !v)
            continue;
        for (size_t w = 0; w < n; w++)
            for (size_t a = 0; a < WARD_ARRAY_LEN(want[w].names) && want[w].names[a]; a++)
                if (!strcmp(k, want[w].names[a]))
                    *want[w].value = v;
    }
}

static void cdx_image_props(struct ward_inventory *inv, const json_t *comp)
{
    json_t *props = ward_jarr(comp, "properties");
    size_t i;
    json_t *it;
    json_array_foreach(props, i, it)
    {
        const char *k = ward_jstr(it, "name"), *v = ward_jstr(it, "value");
        if (!k || !v)
            continue;
        if (!strcmp(k, "ward:image:id") || !strcmp(k, "aquasecurity:trivy:ImageID"))
            set_str(&inv->image_id, v);
        else if (!strcmp(k, "ward:image:manifest_digest"))
            set_str(&inv->manifest_digest, v);
        else if (!strcmp(k, "aquasecurity:trivy:RepoDigest"))
            set_str(&inv->manifest_digest, after_at(v));
        else if (!strcmp(k, "ward:image:repo_tag") || !strcmp(k, "aquasecurity:trivy:RepoTag"))
            add_str(&inv->repo_tags, &inv->n_repo_tags, v);
        else if (!strcmp(k, "ward:image:layer") || !strcmp(k, "aquasecurity:trivy:DiffID"))
            add_str(&inv->diff_ids, &inv->n_layers, v);
        else if (!strcmp(k, "ward:image:os"))
            set_str(&inv->os, v);
        else if (!strcmp(k, "ward:image:architecture"))
            set_str(&inv->architecture, v);
    }
    /* Syft: the image's version is its manifest digest */
    const char *ver = ward_jstr(comp, "version");
    if (ver && ward_digest_valid(ver) && !inv->image_id)
        set_str(&inv->manifest_digest, ver);
}

static void cdx_os(struct ward_distro *d, const json_t *comp)
{
    const char *id = NULL, *ver = NULL, *pretty = NULL, *codename = NULL, *like = NULL;
    const struct cdx_prop want[] = {
        {{"ward:distro:id", "syft:distro:id"}, &id},
        {{"ward:distro:version_id", "syft:distro:versionID"}, &ver},
        {{"ward:distro:pretty_name", "syft:distro:prettyName"}, &pretty},
        {{"ward:distro:version_codename", "syft:distro:versionCodename"}, &codename},
        {{"ward:distro:id_like", "syft:distro:idLike"}, &like},
    };
    cdx_props(comp, want, WARD_ARRAY_LEN(want));
    if (d->id)
        return;
    set_distro(d, id ? id : ward_jstr(comp, "name"), ver ? ver : ward_jstr(comp, "version"),
               pretty ? pretty : ward_jstr(comp, "description"));
    set_str(&d->version_codename, codename);
    set_str(&d->id_like, like);
}

static void cdx_component(struct reader *r, const json_t *comp, int depth)
{
    const char *type = ward_jstr(comp, "type");
    if (type && !strcmp(type, "operating-system")) {
        cdx_os(&r->inv->distro, comp);
    } else if (ward_jstr(comp, "purl") && *ward_jstr(comp, "purl")) {
        struct extra x = {0};
        struct ward_buf lic = WARD_BUF_INIT(1 << 16);
        x.name = ward_jstr(comp, "name");
        x.version = ward_jstr(comp, "version");
        x.group = ward_jstr(comp, "group");
        const char *dev = NULL, *indirect = NULL;
        const struct cdx_prop want[] = {
            {{"ward:source_name", "aquasecurity:trivy:SrcName", "syft:metadata:source"},
             &x.src_name},
            {{"ward:source_version", "aquasecurity:trivy:SrcVersion",
              "syft:metadata:sourceVersion"},
             &x.src_version},
            {{"aquasecurity:trivy:SrcRelease"}, &x.src_release},
            {{"aquasecurity:trivy:SrcEpoch"}, &x.src_epoch},
            {{"ward:layer", "aquasecurity:trivy:LayerDiffID", "syft:location:0:layerID"}, &x.layer},
            {{"ward:path", "aquasecurity:trivy:FilePath", "syft:location:0:path"}, &x.path},
            {{"ward:cataloger", "syft:package:foundBy"}, &x.cataloger},
            {{"ward:type"}, &x.type},
            {{"ward:rpm:modularitylabel", "aquasecurity:trivy:Modularitylabel",
              "syft:metadata:modularityLabel"},
             &x.modlabel},
            {{"ward:dev", "aquasecurity:trivy:Dev"}, &dev},
            {{"ward:indirect"}, &indirect},
        };
        cdx_props(comp, want, WARD_ARRAY_LEN(want));
        x.dev = dev && !strcmp(dev, "true");
        x.indirect = indirect && !strcmp(indirect, "true");
        cdx_licenses(&lic, comp);
        x.licenses = ward_buf_check(&lic) == 0 ? lic.ptr : NULL;
        add_package(r, ward_jstr(comp, "purl"), &x);
        ward_buf_dispose(&lic);
    }
    json_t *sub = ward_jarr(comp, "components");
    if (sub && depth < MAX_COMPONENT_DEPTH) {
        size_t i;
        json_t *it;
        json_array_foreach(sub, i, it)
            cdx_component(r, it, depth + 1);
    }
}

static int read_cdx(struct reader *r, const json_t *root)
{
    json_t *meta = ward_jobj(root, "metadata");
    json_t *mc = ward_jobj(meta, "component");
    if (mc) {
        cdx_image_props(r->inv, mc);
        /* some tools nest the whole inventory under the described component */
        json_t *sub = ward_jarr(mc, "components");
        size_t i;
        json_t *it;
        json_array_foreach(sub, i, it)
            cdx_component(r, it, 1);
    }
    json_t *comps = ward_jarr(root, "components");
    size_t i;
    json_t *it;
    json_array_foreach(comps, i, it)
        cdx_component(r, it, 0);
    return 0;
}

/* --- SPDX ----------------------------------------------------------------- */

static const char *attr(const json_t *pkg, const char *key, size_t nth)
{
    json_t *arr = ward_jarr(pkg, "attributionTexts");
    size_t klen = strlen(key), i, seen = 0;
    json_t *it;
    json_array_foreach(arr, i, it)
    {
        const char *s = json_string_value(it);
        if (s && !strncmp(s, key, klen) && s[klen] == ':' && s[klen + 1] == ' ') {
            if (seen++ == nth)
                return s + klen + 2;
        }
    }
    return NULL;
}

static const char *spdx_purl(const json_t *pkg)
{
    json_t *refs = ward_jarr(pkg, "externalRefs");
    size_t i;
    json_t *it;
    json_array_foreach(refs, i, it)
    {
        const char *t = ward_jstr(it, "referenceType");
        if (t && !strcmp(t, "purl"))
            return ward_jstr(it, "referenceLocator");
    }
    return NULL;
}

static bool has_prefix(const char *s, const char *pre)
{
    return s && !strncmp(s, pre, strlen(pre));
}

static int read_spdx(struct reader *r, const json_t *root)
{
    json_t *pkgs = ward_jarr(root, "packages");
    size_t i;
    json_t *pkg;
    json_array_foreach(pkgs, i, pkg)
    {
        const char *id = ward_jstr(pkg, "SPDXID");
        const char *purpose = ward_jstr(pkg, "primaryPackagePurpose");
        if ((purpose && !strcmp(purpose, "OPERATING_SYSTEM")) ||
            has_prefix(id, "SPDXRef-OperatingSystem")) {
            set_distro(&r->inv->distro, ward_jstr(pkg, "name"), ward_jstr(pkg, "versionInfo"),
                       ward_jstr(pkg, "description"));
            continue;
        }
        if ((purpose && !strcmp(purpose, "CONTAINER")) || has_prefix(id, "SPDXRef-ContainerImage") ||
            (id && !strcmp(id, "SPDXRef-Target"))) {
            struct ward_inventory *inv = r->inv;
            set_str(&inv->image_id, attr(pkg, "ImageID", 0));
            set_str(&inv->manifest_digest, attr(pkg, "ManifestDigest", 0));
            if (!inv->manifest_digest)
                set_str(&inv->manifest_digest, after_at(attr(pkg, "RepoDigest", 0)));
            for (size_t k = 0; k < 4096 && attr(pkg, "RepoTag", k); k++)
                add_str(&inv->repo_tags, &inv->n_repo_tags, attr(pkg, "RepoTag", k));
            for (size_t k = 0; k < 4096 && attr(pkg, "DiffID", k); k++)
                add_str(&inv->diff_ids, &inv->n_layers, attr(pkg, "DiffID", k));
            if (!spdx_purl(pkg) || has_prefix(spdx_purl(pkg), "pkg:oci/"))
                continue;
        }
        const char *purl = spdx_purl(pkg);
        if (!purl || !*purl)
            continue;
        struct extra x = {0};
        x.name = ward_jstr(pkg, "name");
        x.version = ward_jstr(pkg, "versionInfo");
        const char *lic = ward_jstr(pkg, "licenseDeclared");
        if (!lic || !strcmp(lic, "NOASSERTION") || !strcmp(lic, "NONE"))
            lic = ward_jstr(pkg, "licenseConcluded");
        if (lic && strcmp(lic, "NOASSERTION") != 0 && strcmp(lic, "NONE") != 0)
            x.licenses = lic;
        x.src_name = attr(pkg, "SrcName", 0);
        x.src_version = attr(pkg, "SrcVersion", 0);
        x.layer = attr(pkg, "LayerDiffID", 0);
        add_package(r, purl, &x);
    }
    return 0;
}

/* --- in-toto attestations (cosign / trivy) -------------------------------- */

static int intoto_predicate(json_t **out, const json_t *env, struct ward_error **err)
{
    const char *b64 = ward_jstr(env, "payload");
    size_t n = strlen(b64);
    if (n > WARD_LIMIT_JSON_BYTES || n % 4 != 0)
        return ward_error_set(err, WARD_EFORMAT, 0, "in-toto payload is not base64");
    unsigned char *raw = ward_xmalloc(n / 4 * 3 + 1);
    int m = EVP_DecodeBlock(raw, (const unsigned char *)b64, (int)n);
    if (m < 0) {
        free(raw);
        return ward_error_set(err, WARD_EFORMAT, 0, "in-toto payload is not base64");
    }
    while (m > 0 && n >= 1 && b64[n - 1] == '=') /* EVP_DecodeBlock counts padding */
        m--, n--;
    json_t *stmt = NULL;
    int rc = ward_json_parse(&stmt, (const char *)raw, (size_t)m, 0, err);
    free(raw);
    if (rc < 0)
        return ward_error_wrap(err, "in-toto payload");
    json_t *pred = ward_jobj(stmt, "predicate");
    if (pred && ward_jobj(pred, "Data"))
        pred = ward_jobj(pred, "Data");
    if (!pred) {
        json_decref(stmt);
        return ward_error_set(err, WARD_EUNSUPPORTED, 0, "in-toto statement without predicate");
    }
    *out = json_incref(pred);
    json_decref(stmt);
    return 0;
}

int ward_sbom_read(struct ward_inventory **out, const char *data, size_t len, const char *path,
                   struct ward_error **err)
{
    ward_autojson root = NULL;
    int rc = ward_json_parse(&root, data, len, 0, err);
    if (rc < 0)
        return ward_error_wrap(err, "sbom %s", path ? path : "");
    if (ward_jstr(root, "payloadType") && ward_jstr(root, "payload")) {
        json_t *pred = NULL;
        if ((rc = intoto_predicate(&pred, root, err)) < 0)
            return ward_error_wrap(err, "sbom %s", path ? path : "");
        json_decref(root);
        root = pred;
    }
    const char *bf = ward_jstr(root, "bomFormat"), *sv = ward_jstr(root, "spdxVersion");
    bool cdx = bf && !strcmp(bf, "CycloneDX");
    bool spdx = sv && has_prefix(sv, "SPDX-");
    if (!cdx && !spdx)
        return ward_error_set(err, WARD_EUNSUPPORTED, 0,
                              "sbom %s: neither CycloneDX nor SPDX JSON", path ? path : "");

    const char *name = path;
    if (!name || !*name)
        name = cdx ? ward_jstr(ward_jobj(ward_jobj(root, "metadata"), "component"), "name")
                   : ward_jstr(root, "name");
    ward_autoptr(ward_inventory) inv =
        ward_inventory_new(name ? name : "", cdx ? "cyclonedx" : "spdx");
    struct reader r = {.inv = inv, .default_cataloger = cdx ? "sbom-cyclonedx" : "sbom-spdx"};
    rc = cdx ? read_cdx(&r, root) : read_spdx(&r, root);
    if (rc == 0 && !inv->distro.id && r.qual_ns) {
        /* no OS element: the distro= qualifier of the OS packages ("debian-12") */
        struct ward_distro *d = &inv->distro;
        d->id = distro_id(r.qual_ns);
        const char *q = r.qual_distro;
        size_t nl = strlen(d->id);
        if (q && !strncmp(q, d->id, nl) && q[nl] == '-' && q[nl + 1])
            d->version_id = ward_xstrdup(q + nl + 1);
        else if (q && isdigit((unsigned char)q[0]))
            d->version_id = ward_xstrdup(q);
        else if (q && *q)
            d->version_codename = ward_xstrdup(q);
    }
    free(r.qual_distro);
    free(r.qual_ns);
    if (rc < 0)
        return rc;
    ward_pkglist_sort(inv->pkgs);
    *out = WARD_STEAL(&inv);
    return 0;
}
