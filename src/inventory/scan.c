/* scan.c - from a target to an inventory: decides which files the catalogers
 * need (kept while layers stream by), runs them on the merged tree, finds the
 * distro, and attributes every package to the layer that introduced it. */
#define WARD_LOG_MODULE "inventory"
#include "inventory/scan.h"
#include "inventory/lang.h"
#include "util/hash.h"
#include "util/limits.h"
#include "util/log.h"

#include <string.h>
#include <sys/stat.h>

/* Files read for distro detection, besides the catalogers' own. */
static const char *const distro_files[] = {
    "/etc/os-release", "/usr/lib/os-release", "/etc/alpine-release", "/etc/debian_version",
    "/etc/redhat-release", "/etc/centos-release", "/etc/system-release", "/etc/lsb-release",
    "/usr/lib/os.release.d/os-release",
};

struct scan_ctx {
    bool project;
    bool have_elf;
    ward_keep_fn extra_keep;
    void *extra_ud;
};

static bool is_project_manifest(const char *path)
{
    const char *base = strrchr(path, '/');
    return strcmp(base ? base + 1 : path, "package.json") == 0 && !strstr(path, "/node_modules/");
}

static enum ward_keep keep_cb(const char *path, uint32_t mode, uint64_t size, void *ud)
{
    struct scan_ctx *c = ud;
    if (!c->project)
        for (size_t i = 0; i < WARD_ARRAY_LEN(distro_files); i++)
            if (strcmp(path, distro_files[i]) == 0)
                return WARD_KEEP_RAW;
    if (ward_cataloger_for_path(path, c->project))
        return WARD_KEEP_RAW;
    /* a project's own package.json is not a package, but the yarn.lock beside
       it takes dev dependencies from it (see parse_yarn_lock) */
    if (c->project && S_ISREG(mode) && is_project_manifest(path))
        return WARD_KEEP_RAW;
    /* executables are reduced (Go/Rust package lists) unless another scanner
       (malware hashes, secrets in scripts) wants their bytes: then the raw blob
       is kept and visit() runs the ELF catalogers on it */
    if (c->have_elf && (mode & 0111) && size >= 64 && S_ISREG(mode)) {
        if (c->extra_keep && c->extra_keep(path, mode, size, c->extra_ud) == WARD_KEEP_RAW)
            return WARD_KEEP_RAW;
        return WARD_KEEP_REDUCE;
    }
    if (c->extra_keep && S_ISREG(mode))
        return c->extra_keep(path, mode, size, c->extra_ud);
    return WARD_KEEP_NO;
}

static void put_field(struct ward_buf *b, const char *s)
{
    for (const char *p = s ? s : ""; *p; p++)
        ward_buf_addc(b, (*p == '\t' || *p == '\n') ? ' ' : *p);
    ward_buf_addc(b, '\t');
}

void ward_pkgs_serialise(const struct ward_pkglist *l, size_t from, struct ward_buf *out)
{
    for (size_t i = from; i < l->n; i++) {
        const struct ward_pkg *p = &l->items[i];
        put_field(out, p->name);
        put_field(out, p->version);
        put_field(out, p->type);
        put_field(out, p->ecosystem);
        put_field(out, p->cataloger);
        put_field(out, p->licenses);
        put_field(out, p->group);
        put_field(out, p->source_name);
        put_field(out, p->purl);
        ward_buf_addc(out, p->indirect ? '1' : '0');
        ward_buf_addc(out, '\n');
    }
}

int ward_pkgs_deserialise(struct ward_pkglist *l, const char *p, size_t n,
                          struct ward_error **err)
{
    struct ward_span in = {p, n}, line;
    while (ward_span_line(&in, &line)) {
        struct ward_span f[10];
        size_t k = 0;
        struct ward_span rest = line;
        while (k < 9 && ward_span_cut(rest, '\t', &f[k], &rest))
            k++;
        if (k != 9)
            return ward_error_set(err, WARD_EFORMAT, 0, "bad package record");
        f[9] = rest;
        struct ward_pkg *pk = ward_pkglist_add(l);
        const char **slots[] = {&pk->name,      &pk->version, &pk->type,        &pk->ecosystem,
                                &pk->cataloger, &pk->licenses, &pk->group, &pk->source_name,
                                &pk->purl};
        for (size_t i = 0; i < 9; i++)
            *slots[i] = f[i].len ? ward_pkglist_span(l, f[i]) : NULL;
        pk->indirect = f[9].len && f[9].ptr[0] == '1';
    }
    return 0;
}

/* The ELF catalogers (Go build info, cargo-auditable) over one executable. */
static void elf_catalog(struct ward_pkglist *l, const char *path, const char *data, size_t len)
{
    for (const struct ward_cataloger *c = ward_catalogers; c->name; c++) {
        if (c->kind != WARD_MATCH_ELF)
            continue;
        struct ward_error *err = NULL;
        if (c->fn(l, path, data, len, &err) < 0) {
            ward_debug("%s: %s", path, err->msg);
            ward_error_free(err);
        }
    }
}

static bool reduce_cb(const char *path, const char *data, size_t len, struct ward_buf *out,
                      void *ud)
{
    (void)ud;
    ward_autoptr(ward_pkglist) l = ward_pkglist_new();
    elf_catalog(l, path, data, len);
    if (l->n == 0)
        return false;
    ward_pkgs_serialise(l, 0, out);
    return true;
}

static char *keep_version(bool project, const char *extra)
{
    /* anything that changes what is kept or how it is reduced changes the key */
    struct ward_buf b = WARD_BUF_INIT(0);
    ward_buf_addf(&b, "inv5|%d|%s|", project, extra ? extra : "");
    for (const struct ward_cataloger *c = ward_catalogers; c->name; c++)
        ward_buf_addf(&b, "%s:%d:%s;", c->name, (int)c->kind, c->pattern ? c->pattern : "");
    for (size_t i = 0; i < WARD_ARRAY_LEN(distro_files); i++)
        ward_buf_adds(&b, distro_files[i]);
    char hex[72];
    ward_sha256_hex(b.ptr, b.len, hex);
    ward_buf_dispose(&b);
    return ward_xstrndup(hex + 7, 16);
}

static char *blob_str(const struct ward_image *img, const char *path)
{
    const struct ward_layer_blob *b = ward_image_blob(img, path);
    return b ? ward_xstrndup(b->data, b->len) : NULL;
}

static char *first_line(const char *s)
{
    size_t n = strcspn(s, "\r\n");
    char *r = ward_xstrndup(s, n);
    return r;
}

void ward_inventory_detect_distro(const struct ward_image *img, struct ward_distro *d)
{
    ward_autofree char *osr = blob_str(img, "/etc/os-release");
    if (!osr)
        osr = blob_str(img, "/usr/lib/os-release");
    if (osr) {
        struct ward_error *err = NULL;
        if (ward_osrelease_parse(d, osr, strlen(osr), &err) < 0)
            ward_error_free(err);
    }
    /* Alpine's os-release VERSION_ID is the full version; Debian's is only the major:
     * keep os-release's, but fill gaps from the distro's own release file. */
    ward_autofree char *alpine = blob_str(img, "/etc/alpine-release");
    if (alpine && !d->id) {
        d->id = ward_xstrdup("alpine");
        d->version_id = first_line(alpine);
    }
    ward_autofree char *deb = blob_str(img, "/etc/debian_version");
    if (deb && !d->id) {
        d->id = ward_xstrdup("debian");
        d->version_id = first_line(deb);
    }
    ward_autofree char *rh = blob_str(img, "/etc/redhat-release");
    if (rh && !d->id) {
        /* "CentOS release 6.10 (Final)", "Red Hat Enterprise Linux Server release 7.7 (Maipo)" */
        d->id = ward_xstrdup(strstr(rh, "CentOS") ? "centos" : "rhel");
        const char *r = strstr(rh, "release ");
        if (r) {
            r += 8;
            d->version_id = ward_xstrndup(r, strcspn(r, " \n"));
        }
        d->pretty_name = first_line(rh);
    }
}

/* OS packages take the distro's OSV ecosystem name (Debian vs Ubuntu share dpkg). */
static const char *os_ecosystem(const char *type, const struct ward_distro *d)
{
    static const char *const map[][2] = {
        {"debian", "Debian"},       {"ubuntu", "Ubuntu"},         {"alpine", "Alpine"},
        {"wolfi", "Wolfi"},         {"chainguard", "Chainguard"}, {"rhel", "Red Hat"},
        {"centos", "CentOS"},       {"rocky", "Rocky Linux"},     {"almalinux", "AlmaLinux"},
        {"ol", "Oracle Linux"},     {"fedora", "Fedora"},         {"amzn", "Amazon Linux"},
        {"sles", "SUSE"},           {"opensuse-leap", "openSUSE"}, {"opensuse-tumbleweed", "openSUSE"},
        {"photon", "Photon OS"},    {"mageia", "Mageia"},         {"mariner", "CBL-Mariner"},
        {"azurelinux", "Azure Linux"}, {"sl-micro", "SUSE"},      {"kali", "Kali"},
    };
    if (!d->id || (strcmp(type, "deb") && strcmp(type, "apk") && strcmp(type, "rpm")))
        return NULL;
    for (size_t i = 0; i < WARD_ARRAY_LEN(map); i++)
        if (strcmp(d->id, map[i][0]) == 0)
            return map[i][1];
    return NULL;
}

struct walk_ctx {
    const struct ward_image *img;
    struct ward_pkglist *pkgs;
    bool project;
    struct ward_buf abs;
    bool have_elf;
};

static int parse_blob(struct ward_pkglist *out, const struct ward_cataloger *c, const char *abs,
                      const struct ward_layer_blob *b)
{
    struct ward_error *err = NULL;
    if (c->fn(out, abs, b->data, b->len, &err) < 0) {
        ward_warn("%s: %s", abs, err->msg);
        ward_error_free(err);
        return -1;
    }
    return 0;
}

/* yarn.lock with the package.json beside it (dev dependencies come from there). */
static int parse_yarn_lock(struct ward_pkglist *out, const struct ward_image *img, const char *abs,
                           const struct ward_layer_blob *b)
{
    const char *slash = strrchr(abs, '/');
    ward_autofree char *mpath =
        ward_xasprintf("%.*s/package.json", (int)(slash ? slash - abs : 0), abs);
    const struct ward_layer_blob *m = ward_image_blob(img, mpath);
    if (m && m->reduced)
        m = NULL;
    struct ward_error *err = NULL;
    if (ward_yarn_lock_parse_manifest(out, abs, b->data, b->len, m ? m->data : NULL,
                                      m ? m->len : 0, &err) < 0) {
        ward_warn("%s: %s", abs, err->msg);
        ward_error_free(err);
        return -1;
    }
    return 0;
}

/* The earliest layer of the run of layers, ending at `last`, whose copy of the
 * DB file still lists name@version: that is where the package came in. */
static int introduced_in(const struct ward_image *img, const char *rel, const struct ward_pkg *p,
                         const struct ward_cataloger *c, int last)
{
    int intro = last;
    for (int li = last - 1; li >= 0; li--) {
        const struct ward_layer *l = img->layers[li];
        const struct ward_layer_file *f = NULL;
        for (size_t i = l->n_files; i-- > 0;)
            if (strcmp(l->files[i].path, rel) == 0) {
                f = &l->files[i];
                break;
            }
        if (!f)
            continue; /* file untouched in this layer: keep looking further down */
        if (f->blob < 0)
            break;
        ward_autoptr(ward_pkglist) tmp = ward_pkglist_new();
        ward_autofree char *abs = ward_xasprintf("/%s", rel);
        if (parse_blob(tmp, c, abs, &l->blobs[f->blob]) < 0)
            break;
        bool found = false;
        for (size_t k = 0; k < tmp->n && !found; k++)
            found = strcmp(tmp->items[k].name, p->name) == 0 &&
                    strcmp(tmp->items[k].version ? tmp->items[k].version : "",
                           p->version ? p->version : "") == 0;
        if (!found)
            break;
        intro = li;
    }
    return intro;
}

static int visit(const char *path, const struct ward_tree_node *n, void *ud)
{
    struct walk_ctx *w = ud;
    if (!S_ISREG(n->f->mode) || n->f->kind != WARD_LF_NORMAL || n->f->blob < 0 || n->layer < 0)
        return 0;
    const struct ward_layer *l = w->img->layers[n->layer];
    const struct ward_layer_blob *b = &l->blobs[n->f->blob];
    ward_buf_reset(&w->abs);
    ward_buf_addc(&w->abs, '/');
    ward_buf_adds(&w->abs, path);
    const char *abs = w->abs.ptr;
    size_t start = w->pkgs->n;
    const struct ward_cataloger *c = NULL;
    if (b->reduced) {
        struct ward_error *err = NULL;
        if (ward_pkgs_deserialise(w->pkgs, b->data, b->len, &err) < 0) {
            ward_warn("%s: %s", abs, err->msg);
            ward_error_free(err);
        }
    } else {
        c = ward_cataloger_for_path(abs, w->project);
        if (!c) {
            /* an executable kept raw for another scanner: catalogued here
               instead of by the reduce hook */
            if (w->have_elf && (n->f->mode & 0111) && b->len >= 4 &&
                memcmp(b->data, "\x7f" "ELF", 4) == 0)
                elf_catalog(w->pkgs, abs, b->data, b->len);
            if (w->pkgs->n == start)
                return 0;
        } else if (c->fn == ward_yarn_lock_parse) {
            if (parse_yarn_lock(w->pkgs, w->img, abs, b) < 0)
                return 0;
        } else if (parse_blob(w->pkgs, c, abs, b) < 0) {
            return 0;
        }
    }
    bool multi_layer = w->img->n_layers > 1 && l->diff_id[0];
    for (size_t i = start; i < w->pkgs->n; i++) {
        struct ward_pkg *p = &w->pkgs->items[i];
        if (!p->path)
            p->path = ward_pkglist_str(w->pkgs, abs);
        if (!l->diff_id[0])
            continue;
        int li = n->layer;
        if (c && c->os && multi_layer)
            li = introduced_in(w->img, path, p, c, n->layer);
        p->layer = ward_pkglist_str(w->pkgs, w->img->layers[li]->diff_id);
    }
    return 0;
}

static bool looks_like_rootfs(const char *dir)
{
    static const char *const marks[] = {"etc/os-release", "usr/lib/os-release",
                                        "var/lib/dpkg/status", "lib/apk/db/installed",
                                        "var/lib/rpm", "usr/lib/sysimage/rpm"};
    for (size_t i = 0; i < WARD_ARRAY_LEN(marks); i++) {
        ward_autofree char *p = ward_xasprintf("%s/%s", dir, marks[i]);
        if (access(p, F_OK) == 0)
            return true;
    }
    return false;
}

int ward_inventory_scan(struct ward_inventory **out, const char *target,
                        const struct ward_inventory_opts *o, struct ward_image **img_out,
                        struct ward_error **err)
{
    static const struct ward_inventory_opts dflt = {0};
    if (!o)
        o = &dflt;
    struct scan_ctx sc = {false, false, o->extra_keep, o->extra_ud};
    for (const struct ward_cataloger *c = ward_catalogers; c->name; c++)
        if (c->kind == WARD_MATCH_ELF)
            sc.have_elf = true;
    const char *source = o->source;
    struct stat st;
    if (source && strcmp(source, "project") == 0) {
        sc.project = true;
        source = "rootfs";
    } else if (!source && stat(target, &st) == 0 && S_ISDIR(st.st_mode)) {
        ward_autofree char *layout = ward_xasprintf("%s/oci-layout", target);
        if (access(layout, F_OK) != 0 && !looks_like_rootfs(target)) {
            sc.project = true;
            source = "rootfs";
        }
    }
    if (sc.project)
        sc.have_elf = false;
    ward_autofree char *kv = keep_version(sc.project, o->extra_keep ? o->extra_keep_version : NULL);
    struct ward_image_opts io = {
        .keep = keep_cb,
        .reduce = reduce_cb,
        .ud = &sc,
        .keep_version = kv,
        .platform = o->platform,
        .docker_host = o->docker_host,
        .cache_dir = o->cache_dir,
        .no_cache = o->no_cache,
        .source = source,
        .insecure_registry = o->insecure_registry,
    };
    struct ward_image *img = NULL;
    int rc = ward_image_open(&img, target, &io, err);
    if (rc < 0)
        return rc;
    struct ward_inventory *inv = ward_inventory_new(target, sc.project ? "project" : img->kind);
    if (!sc.project)
        ward_inventory_detect_distro(img, &inv->distro);
    inv->image_id = img->image_id ? ward_xstrdup(img->image_id) : NULL;
    inv->manifest_digest = img->manifest_digest ? ward_xstrdup(img->manifest_digest) : NULL;
    inv->os = img->os ? ward_xstrdup(img->os) : NULL;
    inv->architecture = img->architecture ? ward_xstrdup(img->architecture) : NULL;
    inv->created = img->created ? ward_xstrdup(img->created) : NULL;
    if (img->n_repo_tags) {
        inv->repo_tags = ward_xcalloc(img->n_repo_tags, sizeof(char *));
        for (size_t i = 0; i < img->n_repo_tags; i++)
            inv->repo_tags[inv->n_repo_tags++] = ward_xstrdup(img->repo_tags[i]);
    }
    if (img->n_layers && img->layers[0]->diff_id[0]) {
        inv->diff_ids = ward_xcalloc(img->n_layers, sizeof(char *));
        for (size_t i = 0; i < img->n_layers; i++)
            inv->diff_ids[inv->n_layers++] = ward_xstrdup(img->layers[i]->diff_id);
    }
    struct walk_ctx w = {img, inv->pkgs, sc.project, WARD_BUF_INIT(WARD_LIMIT_PATH_LEN + 2),
                         sc.have_elf};
    rc = ward_image_walk(img, visit, &w);
    ward_buf_dispose(&w.abs);
    if (rc < 0) {
        ward_inventory_free(inv);
        ward_image_free(img);
        return ward_error_set(err, WARD_ERR, 0, "%s: cataloging failed", target);
    }
    for (size_t i = 0; i < inv->pkgs->n; i++) {
        struct ward_pkg *p = &inv->pkgs->items[i];
        const char *eco = p->type ? os_ecosystem(p->type, &inv->distro) : NULL;
        if (eco)
            p->ecosystem = eco;
    }
    ward_purl_fill(inv->pkgs, &inv->distro);
    ward_pkglist_sort(inv->pkgs);
    if (img_out)
        *img_out = img;
    else
        ward_image_free(img);
    *out = inv;
    return 0;
}
