/* test_manifest.c - manifest classification, image manifest parsing (the real OCI layout in
 * ../shared/testdata/trivy) and index platform selection with containerd's normalisation. */
#include "harness.h"
#include "image/registry.h"
#include "util/hash.h"

#define D4(c)  c c c c
#define D16(c) D4(c) D4(c) D4(c) D4(c)
#define D(c)   "sha256:" D16(c) D16(c) D16(c) D16(c)

static const char idx[] =
    "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\","
    "\"manifests\":["
    "{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"size\":1,\"digest\":\"" D(
        "1") "\",\"platform\":{\"os\":\"linux\",\"architecture\":\"amd64\"}},"
             "{\"mediaType\":\"application/"
             "vnd.oci.image.manifest.v1+json\",\"size\":1,\"digest\":\"" D(
                 "2") "\",\"platform\":{\"os\":\"linux\",\"architecture\":\"arm64\",\"variant\":"
                      "\"v8\"}},"
                      "{\"mediaType\":\"application/"
                      "vnd.oci.image.manifest.v1+json\",\"size\":1,\"digest\":\"" D(
                          "3") "\",\"platform\":{\"os\":\"linux\",\"architecture\":\"arm\","
                               "\"variant\":\"v6\"}},"
                               "{\"mediaType\":\"application/"
                               "vnd.oci.image.manifest.v1+json\",\"size\":1,\"digest\":\"" D(
                                   "4") "\",\"platform\":{\"os\":\"linux\",\"architecture\":"
                                        "\"arm\",\"variant\":\"v7\"}},"
                                        "{\"mediaType\":\"application/"
                                        "vnd.oci.image.manifest.v1+json\",\"size\":1,\"digest\":"
                                        "\"" D("5") "\",\"platform\":{\"os\":\"windows\","
                                                    "\"architecture\":\"amd64\"}},"
                                                    "{\"mediaType\":\"application/"
                                                    "vnd.oci.image.manifest.v1+json\",\"size\":1,"
                                                    "\"digest\":\"" D(
                                                        "6") "\",\"platform\":{\"os\":\"unknown\","
                                                             "\"architecture\":\"unknown\"}}"
                                                             "]}";

static int pick(char **d, const char *platform, struct ward_error **err)
{
    struct ward_platform p;
    int rc = ward_platform_parse(&p, platform, err);
    if (rc < 0)
        return rc;
    return ward_manifest_select(d, idx, strlen(idx), &p, err);
}

TEST(registry_manifest, platform_selection)
{
    static const struct {
        const char *platform, *digest;
    } cases[] = {
        {"linux/amd64", D("1")},    {"linux/x86_64", D("1")},  {"linux/arm64", D("2")},
        {"linux/arm64/v8", D("2")}, {"linux/aarch64", D("2")}, {"linux/arm", D("4")},
        {"linux/arm/v7", D("4")},   {"linux/arm/v6", D("3")},  {"windows/amd64", D("5")},
        {"LINUX/AMD64", D("1")},
    };
    for (size_t i = 0; i < WARD_ARRAY_LEN(cases); i++) {
        char *d = NULL;
        ward_autoptr(ward_error) err = NULL;
        CHECK_MSG(pick(&d, cases[i].platform, &err) == 0, "%s: %s", cases[i].platform,
                  err ? err->msg : "?");
        bool ok = !strcmp(d, cases[i].digest);
        free(d);
        CHECK_MSG(ok, "%s picked the wrong manifest", cases[i].platform);
    }
}

TEST(registry_manifest, platform_not_found_names_choices)
{
    char *d = NULL;
    ward_autoptr(ward_error) err = NULL;
    CHECK_EQ_INT(pick(&d, "linux/riscv64", &err), WARD_ENOTFOUND);
    CHECK(d == NULL);
    CHECK(strstr(err->msg, "linux/riscv64") && strstr(err->msg, "linux/arm64") &&
          strstr(err->msg, "linux/arm/v6"));
    ward_error_free(err);
    err = NULL;
    CHECK_EQ_INT(pick(&d, "linux/arm/v5", &err), WARD_ENOTFOUND);
}

TEST(registry_manifest, platform_parse)
{
    struct ward_platform p;
    ward_autoptr(ward_error) err = NULL;
    CHECK_OK(ward_platform_parse(&p, "linux/arm64/v8", &err), err);
    CHECK_STR(p.os, "linux");
    CHECK_STR(p.arch, "arm64");
    CHECK_STR(p.variant, "");
    CHECK_OK(ward_platform_parse(&p, "linux/arm", &err), err);
    CHECK_STR(p.variant, "v7");
    static const char *badp[] = {"linux",        "linux/",
                                 "/amd64",       "linux/amd64/v1/x",
                                 "linux/a md64", "linux/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"};
    for (size_t i = 0; i < WARD_ARRAY_LEN(badp); i++) {
        int rc = ward_platform_parse(&p, badp[i], &err);
        CHECK_MSG(rc == WARD_EFORMAT, "%s accepted", badp[i]);
        ward_error_free(err);
        err = NULL;
    }
    /* host platform follows uname -m */
    struct ward_platform h;
    ward_platform_host(&h);
    CHECK_STR(h.os, "linux");
#if defined(__x86_64__)
    CHECK_STR(h.arch, "amd64");
#elif defined(__aarch64__)
    CHECK_STR(h.arch, "arm64");
#endif
    CHECK_OK(ward_platform_parse(&p, NULL, &err), err);
    CHECK_STR(p.arch, h.arch);
}

static char *oci_blob(const char *hex, size_t *n)
{
    char *p = ward_xasprintf("%s/trivy/pkg/fanal/test/testdata/test.oci/blobs/sha256/%s",
                             harness_testdata(), hex);
    char *data = harness_slurp(p, n);
    free(p);
    return data;
}

TEST(registry_manifest, real_oci_layout)
{
    size_t n = 0, in = 0;
    char *path =
        ward_xasprintf("%s/trivy/pkg/fanal/test/testdata/test.oci/index.json", harness_testdata());
    char *index = harness_slurp(path, &in);
    free(path);
    ward_autoptr(ward_error) err = NULL;
    enum ward_manifest_kind k = 0;
    /* the layout's index.json has no mediaType: recognised by shape */
    CHECK_OK(ward_manifest_kind(&k, index, in, NULL, &err), err);
    CHECK_EQ_INT(k, WARD_MANIFEST_INDEX);
    /* its one entry has no platform: chosen as the last resort */
    struct ward_platform p;
    ward_platform_parse(&p, "linux/amd64", NULL);
    char *d = NULL;
    CHECK_OK(ward_manifest_select(&d, index, in, &p, &err), err);
    free(index);
    const char *mhex = d + 7;
    char *m = oci_blob(mhex, &n);
    char got[72];
    ward_sha256_hex(m, n, got);
    CHECK_STR(got, d);
    free(d);

    CHECK_OK(ward_manifest_kind(&k, m, n, "application/vnd.oci.image.manifest.v1+json", &err), err);
    CHECK_EQ_INT(k, WARD_MANIFEST_IMAGE);
    struct ward_registry_image img = {0};
    CHECK_OK(ward_manifest_parse_image(&img, m, n, &err), err);
    free(m);
    CHECK_EQ_SIZE(img.n_layers, 1);
    /* the blobs the manifest names exist in the layout with those digests and sizes */
    size_t cn = 0, ln = 0;
    char *cfg = oci_blob(img.config_digest + 7, &cn);
    char *layer = oci_blob(img.layers[0].digest + 7, &ln);
    ward_sha256_hex(cfg, cn, got);
    CHECK_STR(got, img.config_digest);
    CHECK_EQ_SIZE(cn, img.config_size);
    ward_sha256_hex(layer, ln, got);
    CHECK_STR(got, img.layers[0].digest);
    CHECK_EQ_SIZE(ln, img.layers[0].size);
    CHECK_STR(img.layers[0].media_type, "application/vnd.oci.image.layer.v1.tar+gzip");
    free(cfg);
    free(layer);
    ward_registry_image_dispose(&img);
}

TEST(registry_manifest, kinds)
{
    static const struct {
        const char *json, *ctype;
        int rc, kind;
    } cases[] = {
        {"{\"mediaType\":\"application/vnd.docker.distribution.manifest.list.v2+json\"}", NULL, 0,
         WARD_MANIFEST_INDEX},
        {"{\"mediaType\":\"application/vnd.docker.distribution.manifest.v2+json\"}", NULL, 0,
         WARD_MANIFEST_IMAGE},
        {"{\"schemaVersion\":2}", "application/vnd.oci.image.index.v1+json; charset=utf-8", 0,
         WARD_MANIFEST_INDEX},
        {"{\"schemaVersion\":1,\"fsLayers\":[]}", NULL, WARD_EUNSUPPORTED, 0},
        {"{\"mediaType\":\"application/vnd.docker.distribution.manifest.v1+prettyjws\"}", NULL,
         WARD_EUNSUPPORTED, 0},
        {"{\"mediaType\":\"text/html\"}", NULL, WARD_EUNSUPPORTED, 0},
        {"{\"schemaVersion\":2}", "text/plain", WARD_EUNSUPPORTED, 0},
        {"[]", NULL, WARD_EFORMAT, 0},
        {"{", NULL, WARD_EFORMAT, 0},
    };
    for (size_t i = 0; i < WARD_ARRAY_LEN(cases); i++) {
        enum ward_manifest_kind k = 0;
        ward_autoptr(ward_error) err = NULL;
        int rc = ward_manifest_kind(&k, cases[i].json, strlen(cases[i].json), cases[i].ctype, &err);
        CHECK_MSG(rc == cases[i].rc, "case %zu: rc %d", i, rc);
        if (rc == 0)
            CHECK_MSG((int)k == cases[i].kind, "case %zu: kind %d", i, (int)k);
    }
}

TEST(registry_manifest, hostile_image_manifests)
{
    static const struct {
        const char *json;
        int rc;
    } cases[] = {
        {"{\"schemaVersion\":2,\"config\":{\"digest\":\"sha512:ab\",\"size\":1},\"layers\":[]}",
         WARD_EUNSUPPORTED},
        {"{\"schemaVersion\":2,\"config\":{\"digest\":\"" D("a") "\",\"size\":-1},\"layers\":[]}",
         WARD_EFORMAT},
        {"{\"schemaVersion\":2,\"config\":{\"digest\":\"" D("a") "\",\"size\":99999999999},"
                                                                 "\"layers\":[]}",
         WARD_ELIMIT},
        {"{\"schemaVersion\":2,\"config\":{\"digest\":\"" D(
             "a") "\",\"size\":1},"
                  "\"layers\":[{\"digest\":\"../../etc\",\"size\":1}]}",
         WARD_EFORMAT},
        {"{\"schemaVersion\":2,\"config\":{\"digest\":\"" D("a") "\",\"size\":1},"
                                                                 "\"layers\":[{\"digest\":\"" D(
                                                                     "b") "\"}]}",
         WARD_EFORMAT},
        {"{\"schemaVersion\":2,\"config\":{\"digest\":\"" D("a") "\",\"size\":1},"
                                                                 "\"layers\":[7]}",
         WARD_EFORMAT},
        {"{\"schemaVersion\":2,\"config\":{\"digest\":\"" D("A") "\",\"size\":1},\"layers\":[]}",
         WARD_EFORMAT},
        {"{\"schemaVersion\":1,\"config\":{},\"layers\":[]}", WARD_EUNSUPPORTED},
        {"{\"schemaVersion\":2,\"layers\":[]}", WARD_EFORMAT},
    };
    for (size_t i = 0; i < WARD_ARRAY_LEN(cases); i++) {
        struct ward_registry_image img = {0};
        ward_autoptr(ward_error) err = NULL;
        int rc = ward_manifest_parse_image(&img, cases[i].json, strlen(cases[i].json), &err);
        ward_registry_image_dispose(&img);
        CHECK_MSG(rc == cases[i].rc, "case %zu: rc %d want %d (%s)", i, rc, cases[i].rc,
                  err ? err->msg : "");
    }
    /* more layers than WARD_LIMIT_LAYERS */
    struct ward_buf b = WARD_BUF_INIT(0);
    ward_buf_adds(&b, "{\"schemaVersion\":2,\"config\":{\"digest\":\"" D("a") "\",\"size\":1},"
                                                                              "\"layers\":[");
    for (int i = 0; i < 600; i++)
        ward_buf_addf(&b, "%s{\"digest\":\"" D("b") "\",\"size\":1}", i ? "," : "");
    ward_buf_adds(&b, "]}");
    struct ward_registry_image img = {0};
    ward_autoptr(ward_error) err = NULL;
    CHECK_EQ_INT(ward_manifest_parse_image(&img, b.ptr, b.len, &err), WARD_ELIMIT);
    ward_buf_dispose(&b);
}

TEST(registry_auth, challenge_parse)
{
    struct ward_auth_challenge c;

    /* Docker Hub's form */
    ward_auth_challenge_parse(&c, "Bearer realm=\"https://auth.docker.io/token\","
                                  "service=\"registry.docker.io\","
                                  "scope=\"repository:library/alpine:pull\"");
    CHECK_STR(c.scheme, "bearer");
    CHECK_STR(c.realm, "https://auth.docker.io/token");
    CHECK_STR(c.service, "registry.docker.io");
    CHECK_STR(c.scope, "repository:library/alpine:pull");
    ward_auth_challenge_dispose(&c);

    /* case-insensitive names, spaces after commas, unquoted values, escapes, unknown params */
    ward_auth_challenge_parse(&c, "BASIC Realm=\"a \\\"q\\\" b\", charset=UTF-8, service=reg1");
    CHECK_STR(c.scheme, "basic");
    CHECK_STR(c.realm, "a \"q\" b");
    CHECK_STR(c.service, "reg1");
    CHECK(c.scope == NULL);
    ward_auth_challenge_dispose(&c);

    /* the first of a repeated parameter counts; junk without '=' is skipped */
    ward_auth_challenge_parse(&c, "Bearer junk, realm=\"r1\", realm=\"r2\", \"unterminated");
    CHECK_STR(c.realm, "r1");
    ward_auth_challenge_dispose(&c);

    /* scheme only, empty, an unterminated quote */
    ward_auth_challenge_parse(&c, "Bearer");
    CHECK_STR(c.scheme, "bearer");
    CHECK(c.realm == NULL && c.service == NULL);
    ward_auth_challenge_dispose(&c);
    ward_auth_challenge_parse(&c, "");
    CHECK_STR(c.scheme, "");
    ward_auth_challenge_dispose(&c);
    ward_auth_challenge_parse(&c, "Bearer realm=\"http://x");
    CHECK_STR(c.realm, "http://x");
    ward_auth_challenge_dispose(&c);

    /* an oversized value is dropped, not truncated */
    struct ward_buf b = WARD_BUF_INIT(1 << 16);
    ward_buf_adds(&b, "Bearer realm=\"");
    for (int i = 0; i < 10000; i++)
        ward_buf_addc(&b, 'x');
    ward_buf_adds(&b, "\", service=\"s\"");
    ward_auth_challenge_parse(&c, b.ptr);
    CHECK(c.realm == NULL);
    CHECK_STR(c.service, "s");
    ward_auth_challenge_dispose(&c);
    ward_buf_dispose(&b);
}
