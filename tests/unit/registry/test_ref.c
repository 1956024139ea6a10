/* test_ref.c - image reference parsing against Docker's normalisation rules
 * (the cases docker/distribution's reference package documents) and its rejections. */
#include "harness.h"
#include "image/registry.h"

#define HEX64 "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

struct ref_case {
    const char *in, *registry, *repository, *tag, *digest;
};

static const struct ref_case good[] = {
    {"alpine", "registry-1.docker.io", "library/alpine", "latest", NULL},
    {"alpine:3.10", "registry-1.docker.io", "library/alpine", "3.10", NULL},
    {"library/alpine", "registry-1.docker.io", "library/alpine", "latest", NULL},
    {"docker.io/library/alpine:latest", "registry-1.docker.io", "library/alpine", "latest", NULL},
    {"docker.io/alpine", "registry-1.docker.io", "library/alpine", "latest", NULL},
    {"index.docker.io/alpine:edge", "registry-1.docker.io", "library/alpine", "edge", NULL},
    {"bitnami/redis:7.0", "registry-1.docker.io", "bitnami/redis", "7.0", NULL},
    {"localhost:5000/foo/bar:tag", "localhost:5000", "foo/bar", "tag", NULL},
    {"localhost/foo", "localhost", "foo", "latest", NULL},
    {"127.0.0.1:5000/x@sha256:" HEX64, "127.0.0.1:5000", "x", NULL, "sha256:" HEX64},
    {"[::1]:5000/x:y", "[::1]:5000", "x", "y", NULL},
    {"[2001:db8::1]/a/b", "[2001:db8::1]", "a/b", "latest", NULL},
    {"ghcr.io/a/b:v1@sha256:" HEX64, "ghcr.io", "a/b", "v1", "sha256:" HEX64},
    {"alpine@sha256:" HEX64, "registry-1.docker.io", "library/alpine", NULL, "sha256:" HEX64},
    {"quay.io/a/b_c__d-e--f.g/h", "quay.io", "a/b_c__d-e--f.g/h", "latest", NULL},
    {"Example.COM/a", "Example.COM", "a", "latest", NULL}, /* upper case: a host (Docker) */
    {"a-b.example:443/x", "a-b.example:443", "x", "latest", NULL},
    /* no '/': "localhost:5000" is a Docker Hub name with tag 5000, as Docker reads it */
    {"localhost:5000", "registry-1.docker.io", "library/localhost", "5000", NULL},
    {"foo:_Tag.1-x", "registry-1.docker.io", "library/foo", "_Tag.1-x", NULL},
};

TEST(registry_ref, docker_normalisation)
{
    for (size_t i = 0; i < WARD_ARRAY_LEN(good); i++) {
        const struct ref_case *c = &good[i];
        struct ward_image_ref r;
        ward_autoptr(ward_error) err = NULL;
        CHECK_MSG(ward_image_ref_parse(&r, c->in, &err) == 0, "%s: %s", c->in,
                  err ? err->msg : "?");
        bool ok = !strcmp(r.registry, c->registry) && !strcmp(r.repository, c->repository) &&
                  (c->tag ? r.tag && !strcmp(r.tag, c->tag) : !r.tag) &&
                  (c->digest ? r.digest && !strcmp(r.digest, c->digest) : !r.digest);
        char *s = ward_image_ref_string(&r);
        ward_image_ref_dispose(&r);
        CHECK_MSG(ok, "%s parsed as %s", c->in, s);
        free(s);
    }
}

struct bad_case {
    const char *in;
    int code;
};

static const struct bad_case bad_refs[] = {
    {"", WARD_EFORMAT},
    {"Alpine", WARD_EFORMAT}, /* repository must be lower case */
    {"library/Alpine", WARD_EFORMAT},
    {"alpine:", WARD_EFORMAT},
    {":tag", WARD_EFORMAT},
    {"alpine:tag:more", WARD_EFORMAT},
    {"alpine:.tag", WARD_EFORMAT},
    {"alpine:-tag", WARD_EFORMAT},
    {"alpine@sha256:abc", WARD_EFORMAT},        /* short digest */
    {"alpine@sha256:" HEX64 "0", WARD_EFORMAT}, /* long digest */
    {"alpine@sha256:0123456789ABCDEF0123456789abcdef0123456789abcdef0123456789abcdef",
     WARD_EFORMAT}, /* upper-case hex */
    {"alpine@sha512:" HEX64 HEX64, WARD_EUNSUPPORTED},
    {"alpine@", WARD_EFORMAT},
    {"alpine@sha256", WARD_EFORMAT},
    {"a//b", WARD_EFORMAT},
    {"/a", WARD_EFORMAT},
    {"a/", WARD_EFORMAT},
    {"-alpine", WARD_EFORMAT},
    {"alpine-", WARD_EFORMAT},
    {"a..b", WARD_EFORMAT},
    {"a___b", WARD_EFORMAT},
    {"[::1/x", WARD_EFORMAT},
    {"exa_mple.com/x", WARD_EFORMAT},
    {"localhost:abc/x", WARD_EFORMAT},
    {"localhost:/x", WARD_EFORMAT},
    {"-bad.com/x", WARD_EFORMAT},
    {"bad-.com/x", WARD_EFORMAT},
    {"a.com/", WARD_EFORMAT},
    {"a b", WARD_EFORMAT},
    {HEX64, WARD_EFORMAT}, /* an image ID, not a name */
};

TEST(registry_ref, invalid_rejected)
{
    for (size_t i = 0; i < WARD_ARRAY_LEN(bad_refs); i++) {
        struct ward_image_ref r;
        ward_autoptr(ward_error) err = NULL;
        int rc = ward_image_ref_parse(&r, bad_refs[i].in, &err);
        CHECK_MSG(rc == bad_refs[i].code, "\"%s\": rc %d, want %d", bad_refs[i].in, rc,
                  bad_refs[i].code);
        CHECK_MSG(err && err->msg && strstr(err->msg, "image reference"), "\"%s\": message %s",
                  bad_refs[i].in, err ? err->msg : "(none)");
        CHECK(r.registry == NULL && r.repository == NULL);
    }
}

TEST(registry_ref, length_limits)
{
    char tag[140], name[300];
    struct ward_image_ref r;
    ward_autoptr(ward_error) err = NULL;
    /* tag: 128 characters at most */
    memset(tag, 'a', sizeof(tag));
    memcpy(tag, "x:", 2);
    tag[2 + 128] = '\0';
    CHECK_OK(ward_image_ref_parse(&r, tag, &err), err);
    CHECK_EQ_SIZE(strlen(r.tag), 128);
    ward_image_ref_dispose(&r);
    tag[2 + 129] = '\0';
    tag[2 + 128] = 'a';
    CHECK_EQ_INT(ward_image_ref_parse(&r, tag, &err), WARD_EFORMAT);
    ward_error_free(err);
    err = NULL;
    /* name: "docker.io/library/" + path at most 255 */
    memset(name, 'a', sizeof(name));
    name[255 - 18] = '\0';
    CHECK_OK(ward_image_ref_parse(&r, name, &err), err);
    ward_image_ref_dispose(&r);
    name[255 - 18] = 'a';
    name[256 - 18] = '\0';
    CHECK_EQ_INT(ward_image_ref_parse(&r, name, &err), WARD_EFORMAT);
}

TEST(registry_ref, has_registry)
{
    CHECK(!ward_image_ref_has_registry("alpine"));
    CHECK(!ward_image_ref_has_registry("alpine:3.10"));
    CHECK(!ward_image_ref_has_registry("foo/bar"));
    CHECK(!ward_image_ref_has_registry("localhost"));
    CHECK(!ward_image_ref_has_registry("localhost:5000"));
    CHECK(ward_image_ref_has_registry("localhost/x"));
    CHECK(ward_image_ref_has_registry("localhost:5000/x"));
    CHECK(ward_image_ref_has_registry("docker.io/alpine"));
    CHECK(ward_image_ref_has_registry("127.0.0.1:5000/x@sha256:" HEX64));
    CHECK(ward_image_ref_has_registry("[::1]:5000/x:y"));
    CHECK(ward_image_ref_has_registry("Foo/bar"));
    CHECK(!ward_image_ref_has_registry(NULL));
}

TEST(registry_ref, string_round_trip)
{
    static const char *ins[] = {"127.0.0.1:5000/x@sha256:" HEX64, "[::1]:5000/x:y",
                                "ghcr.io/a/b:v1@sha256:" HEX64};
    for (size_t i = 0; i < WARD_ARRAY_LEN(ins); i++) {
        struct ward_image_ref r;
        ward_autoptr(ward_error) err = NULL;
        CHECK_OK(ward_image_ref_parse(&r, ins[i], &err), err);
        char *s = ward_image_ref_string(&r);
        ward_image_ref_dispose(&r);
        bool same = !strcmp(s, ins[i]);
        CHECK_MSG(same, "%s -> %s", ins[i], s);
        free(s);
    }
}
