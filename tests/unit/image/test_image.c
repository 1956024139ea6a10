/* test_image.c - image sources end to end on real and crafted images:
 * the trivy Alpine tarballs, the tiny OCI layout, and docker-archives built
 * here with whiteouts, opaque dirs, links and hostile entries. */
#include "harness.h"
#include "image/image.h"
#include "inventory/scan.h"
#include "tarw.h"
#include "util/hash.h"
#include "util/json_in.h"

#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>

static char g_cache[256];

static const char *cache_dir(void)
{
    if (!g_cache[0]) {
        snprintf(g_cache, sizeof(g_cache), "/tmp/ward-test-cache.XXXXXX");
        if (!mkdtemp(g_cache))
            abort();
    }
    return g_cache;
}

static const char *fixture(const char *rel, char *buf, size_t n)
{
    snprintf(buf, n, "%s/%s", harness_testdata(), rel);
    return buf;
}

/* Ground truth: the installed DB pulled out of the archive by GNU tar itself,
 * as "name version arch origin" lines, sorted. */
static char *apk_truth(const char *archive)
{
    char cmd[2048];
    snprintf(cmd, sizeof(cmd),
             "tar -xzOf '%s' --wildcards '*/layer.tar' | tar -xO lib/apk/db/installed | "
             "awk -F: '/^P:/{p=$2} /^V:/{v=$2} /^A:/{a=$2} /^o:/{o=$2} "
             "/^$/{if(p!=\"\")print p\" \"v\" \"a\" \"o; p=\"\"} "
             "END{if(p!=\"\")print p\" \"v\" \"a\" \"o}' | sort",
             archive);
    FILE *f = popen(cmd, "r");
    if (!f)
        return NULL;
    struct ward_buf b = WARD_BUF_INIT(0);
    char line[1024];
    while (fgets(line, sizeof(line), f))
        ward_buf_adds(&b, line);
    pclose(f);
    return ward_buf_steal(&b);
}

static int line_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static char *inv_lines(const struct ward_inventory *inv)
{
    char **v = ward_xcalloc(inv->pkgs->n + 1, sizeof(char *));
    for (size_t i = 0; i < inv->pkgs->n; i++) {
        const struct ward_pkg *p = &inv->pkgs->items[i];
        v[i] = ward_xasprintf("%s %s %s %s\n", p->name, p->version, p->arch, p->source_name);
    }
    qsort(v, inv->pkgs->n, sizeof(char *), line_cmp);
    struct ward_buf b = WARD_BUF_INIT(0);
    for (size_t i = 0; i < inv->pkgs->n; i++) {
        ward_buf_adds(&b, v[i]);
        free(v[i]);
    }
    free(v);
    return ward_buf_steal(&b);
}

static void check_alpine(const char *rel)
{
    char path[1024], cmd[2048], want_version[64] = "";
    fixture(rel, path, sizeof(path));
    snprintf(cmd, sizeof(cmd),
             "tar -xzOf '%s' --wildcards '*/layer.tar' | tar -xO etc/alpine-release", path);
    FILE *f = popen(cmd, "r");
    CHECK(f);
    if (!fgets(want_version, sizeof(want_version), f))
        want_version[0] = '\0';
    pclose(f);
    want_version[strcspn(want_version, "\n")] = '\0';
    CHECK(want_version[0]);
    struct ward_inventory_opts o = {.cache_dir = cache_dir()};
    ward_autoptr(ward_inventory) inv = NULL;
    struct ward_error *err = NULL;
    CHECK_OK(ward_inventory_scan(&inv, path, &o, NULL, &err), err);
    ward_autofree char *truth = apk_truth(path);
    ward_autofree char *got = inv_lines(inv);
    CHECK(truth && strlen(truth) > 100);
    CHECK_STR(got, truth);
    CHECK_STR(inv->distro.id, "alpine");
    CHECK_STR(inv->distro.version_id, want_version);
    for (size_t i = 0; i < inv->pkgs->n; i++) {
        CHECK_STR(inv->pkgs->items[i].type, "apk");
        CHECK_STR(inv->pkgs->items[i].layer, inv->diff_ids[0]);
        CHECK_STR(inv->pkgs->items[i].path, "/lib/apk/db/installed");
        CHECK(strncmp(inv->pkgs->items[i].purl, "pkg:apk/alpine/", 15) == 0);
    }
}

TEST(image_archive, alpine_tarballs_match_their_installed_db)
{
    check_alpine("trivy/pkg/fanal/test/testdata/alpine-310.tar.gz");
    if (harness_failed_now)
        return;
    check_alpine("trivy/pkg/fanal/test/testdata/alpine-311.tar.gz");
}

TEST(image_archive, alpine310_names_match_trivy_golden)
{
    /* trivy's golden was made from an Alpine 3.10.2 build of the same image: the
     * package set (names, arch, origin) is the same, only some versions moved on. */
    char path[1024], golden[1024];
    fixture("trivy/pkg/fanal/test/testdata/alpine-310.tar.gz", path, sizeof(path));
    fixture("trivy/pkg/fanal/test/integration/testdata/goldens/packages/alpine-310.json.golden",
            golden, sizeof(golden));
    struct ward_inventory_opts o = {.cache_dir = cache_dir()};
    ward_autoptr(ward_inventory) inv = NULL;
    struct ward_error *err = NULL;
    CHECK_OK(ward_inventory_scan(&inv, path, &o, NULL, &err), err);
    size_t glen;
    ward_autofree char *g = harness_slurp(golden, &glen);
    CHECK(g);
    ward_autojson gj = NULL;
    CHECK_OK(ward_json_parse(&gj, g, glen, 0, &err), err);
    CHECK_EQ_SIZE(inv->pkgs->n, json_array_size(gj));
    size_t i;
    json_t *e;
    json_array_foreach(gj, i, e)
    {
        const char *name = ward_jstr(e, "Name");
        const struct ward_pkg *p = NULL;
        for (size_t k = 0; k < inv->pkgs->n; k++)
            if (!strcmp(inv->pkgs->items[k].name, name))
                p = &inv->pkgs->items[k];
        CHECK_MSG(p, "missing %s", name);
        CHECK_STR(p->arch, ward_jstr(e, "Arch"));
        CHECK_STR(p->source_name, ward_jstr(e, "SrcName"));
    }
    CHECK_STR(inv->repo_tags[0], "alpine:3.10");
    CHECK_EQ_SIZE(inv->n_layers, 1);
    CHECK(strncmp(inv->image_id, "sha256:af341ccd2df8", 19) == 0);
}

TEST(image_archive, cached_rescan_reads_no_layer)
{
    char path[1024];
    fixture("trivy/pkg/fanal/test/testdata/alpine-311.tar.gz", path, sizeof(path));
    struct ward_inventory_opts o = {.cache_dir = cache_dir()};
    struct ward_image *img = NULL;
    struct ward_inventory *a = NULL, *b = NULL;
    struct ward_error *err = NULL;
    CHECK_OK(ward_inventory_scan(&a, path, &o, NULL, &err), err);
    CHECK_OK(ward_inventory_scan(&b, path, &o, &img, &err), err);
    CHECK_EQ_SIZE(img->layers_cached, img->n_layers);
    CHECK_EQ_SIZE(a->pkgs->n, b->pkgs->n);
    CHECK(a->pkgs->n > 10);
    for (size_t i = 0; i < a->pkgs->n; i++)
        CHECK_STR(a->pkgs->items[i].purl, b->pkgs->items[i].purl);
    ward_image_free(img);
    ward_inventory_free(a);
    ward_inventory_free(b);
}

TEST(image_oci, trivy_test_oci_layout)
{
    char path[1024];
    fixture("trivy/pkg/fanal/test/testdata/test.oci", path, sizeof(path));
    struct ward_image_opts o = {.no_cache = true};
    struct ward_image *img = NULL;
    struct ward_error *err = NULL;
    CHECK_OK(ward_image_open(&img, path, &o, &err), err);
    CHECK_STR(img->kind, "oci-layout");
    CHECK(img->n_layers >= 1);
    CHECK(img->layers[0]->n_files > 0);
    CHECK(ward_digest_valid(img->manifest_digest));
    ward_image_free(img);
}

/* Build a docker-archive (legacy layout) from layer tarballs, in memory. */
static void write_archive(const char *file, struct ward_buf *layers, size_t n)
{
    struct ward_buf out = WARD_BUF_INIT(0), cfg = WARD_BUF_INIT(0), man = WARD_BUF_INIT(0);
    ward_buf_adds(&cfg, "{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":"
                        "\"layers\",\"diff_ids\":[");
    ward_buf_adds(&man, "[{\"Config\":\"config.json\",\"RepoTags\":[\"t:1\"],\"Layers\":[");
    for (size_t i = 0; i < n; i++) {
        char d[72], name[64];
        ward_sha256_hex(layers[i].ptr, layers[i].len, d);
        ward_buf_addf(&cfg, "%s\"%s\"", i ? "," : "", d);
        snprintf(name, sizeof(name), "l%zu/layer.tar", i);
        ward_buf_addf(&man, "%s\"%s\"", i ? "," : "", name);
        tarw_header(&out, name, '0', layers[i].len, NULL, 0644);
        tarw_data(&out, layers[i].ptr, layers[i].len);
    }
    ward_buf_adds(&cfg, "]}}");
    ward_buf_adds(&man, "]}]");
    tarw_header(&out, "config.json", '0', cfg.len, NULL, 0644);
    tarw_data(&out, cfg.ptr, cfg.len);
    tarw_header(&out, "manifest.json", '0', man.len, NULL, 0644);
    tarw_data(&out, man.ptr, man.len);
    tarw_end(&out);
    FILE *f = fopen(file, "wb");
    fwrite(out.ptr, 1, out.len, f);
    fclose(f);
    ward_buf_dispose(&out);
    ward_buf_dispose(&cfg);
    ward_buf_dispose(&man);
}

static bool exists(const struct ward_image *img, const char *p)
{
    return ward_image_lookup(img, p, false) != NULL;
}

TEST(image_tree, whiteouts_opaque_links)
{
    struct ward_buf l[2] = {WARD_BUF_INIT(0), WARD_BUF_INIT(0)};
    tarw_header(&l[0], "etc/", '5', 0, NULL, 0755);
    tarw_file(&l[0], "etc/keep", "k");
    tarw_file(&l[0], "etc/gone", "g");
    tarw_header(&l[0], "opq/", '5', 0, NULL, 0755);
    tarw_file(&l[0], "opq/old", "o");
    tarw_header(&l[0], "dir/", '5', 0, NULL, 0755);
    tarw_file(&l[0], "dir/sub/file", "s");
    tarw_file(&l[0], "usr/lib/os-release", "ID=crafted\nVERSION_ID=1\n");
    tarw_header(&l[0], "etc/os-release", '2', 0, "../usr/lib/os-release", 0777);
    tarw_header(&l[0], "loop1", '2', 0, "loop2", 0777);
    tarw_header(&l[0], "loop2", '2', 0, "/loop1", 0777);
    tarw_header(&l[0], "esc", '2', 0, "../../../../etc/keep", 0777);
    tarw_end(&l[0]);
    tarw_header(&l[1], "etc/.wh.gone", '0', 0, NULL, 0644);
    tarw_header(&l[1], "opq/.wh..wh..opq", '0', 0, NULL, 0644);
    tarw_file(&l[1], "opq/new", "n");
    tarw_header(&l[1], ".wh.dir", '0', 0, NULL, 0644);
    tarw_header(&l[1], "etc/hard", '1', 0, "usr/lib/os-release", 0644);
    tarw_end(&l[1]);
    char file[] = "/tmp/ward-test-arch.XXXXXX";
    int fd = mkstemp(file);
    CHECK(fd >= 0);
    close(fd);
    write_archive(file, l, 2);
    struct ward_image_opts o = {.no_cache = true};
    struct ward_image *img = NULL;
    struct ward_error *err = NULL;
    int rc = ward_image_open(&img, file, &o, &err);
    unlink(file);
    ward_buf_dispose(&l[0]);
    ward_buf_dispose(&l[1]);
    CHECK_OK(rc, err);
    CHECK(exists(img, "etc/keep"));
    CHECK(!exists(img, "etc/gone"));
    CHECK(!exists(img, "opq/old"));
    CHECK(exists(img, "opq/new"));
    CHECK(!exists(img, "dir"));
    CHECK(!exists(img, "dir/sub/file"));
    /* symlink resolution: relative and absolute, loops end, escapes stay inside */
    const struct ward_tree_node *n = ward_image_lookup(img, "/etc/os-release", true);
    CHECK(n && S_ISREG(n->f->mode));
    CHECK_STR(n->f->path, "usr/lib/os-release");
    CHECK(ward_image_lookup(img, "/loop1", true) == NULL);
    n = ward_image_lookup(img, "/esc", true);
    CHECK(n && !strcmp(n->f->path, "etc/keep"));
    n = ward_image_lookup(img, "/etc/hard", true);
    CHECK(n && !strcmp(n->f->path, "usr/lib/os-release"));
    CHECK_EQ_INT(n->layer, 0);
    ward_image_free(img);
}

TEST(image_archive, hostile_archives_fail_cleanly)
{
    char file[] = "/tmp/ward-test-bad.XXXXXX";
    int fd = mkstemp(file);
    CHECK(fd >= 0);
    /* a gzip file cut in half */
    char src[1024];
    fixture("trivy/pkg/fanal/test/testdata/alpine-310.tar.gz", src, sizeof(src));
    size_t n;
    char *all = harness_slurp(src, &n);
    CHECK(all);
    CHECK(write(fd, all, n / 2) == (ssize_t)(n / 2));
    close(fd);
    free(all);
    struct ward_image_opts o = {.no_cache = true};
    struct ward_image *img = NULL;
    struct ward_error *err = NULL;
    CHECK_EQ_INT(ward_image_open(&img, file, &o, &err), WARD_EFORMAT);
    CHECK(strstr(err->msg, "truncated") != NULL);
    CHECK(strstr(err->msg, file) != NULL);
    ward_error_free(err);
    err = NULL;
    /* a layer whose content does not match its diff_id */
    struct ward_buf l = WARD_BUF_INIT(0);
    tarw_file(&l, "a", "b");
    tarw_end(&l);
    write_archive(file, &l, 1);
    /* flip one byte of the layer data inside the archive */
    fd = open(file, O_RDWR);
    CHECK(pwrite(fd, "X", 1, 1024) == 1);
    close(fd);
    CHECK_EQ_INT(ward_image_open(&img, file, &o, &err), WARD_EFORMAT);
    CHECK(strstr(err->msg, "does not match diff_id") != NULL);
    ward_error_free(err);
    err = NULL;
    /* not an image at all */
    FILE *f = fopen(file, "wb");
    fputs("hello", f);
    fclose(f);
    CHECK(ward_image_open(&img, file, &o, &err) < 0);
    ward_error_free(err);
    unlink(file);
    ward_buf_dispose(&l);
}
