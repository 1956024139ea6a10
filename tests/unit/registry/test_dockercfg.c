/* test_dockercfg.c - Docker config.json credential lookup (auths keys in all the forms the
 * docker CLI writes, base64 auth, DOCKER_CONFIG) and the base64 codec (RFC 4648 vectors). */
#include "harness.h"
#include "image/registry.h"

#include <sys/stat.h>

TEST(registry_cfg, base64_rfc4648_vectors)
{
    static const char *plain[] = {"", "f", "fo", "foo", "foob", "fooba", "foobar"};
    static const char *enc[] = {"", "Zg==", "Zm8=", "Zm9v", "Zm9vYg==", "Zm9vYmE=", "Zm9vYmFy"};
    for (size_t i = 0; i < WARD_ARRAY_LEN(plain); i++) {
        char *e = ward_base64_encode(plain[i], strlen(plain[i]));
        bool ok = !strcmp(e, enc[i]);
        free(e);
        CHECK_MSG(ok, "encode %s", plain[i]);
        size_t n = 99;
        char *d = ward_base64_decode(enc[i], strlen(enc[i]), &n);
        ok = d && n == strlen(plain[i]) && !memcmp(d, plain[i], n);
        free(d);
        CHECK_MSG(ok, "decode %s", enc[i]);
    }
    CHECK(ward_base64_decode("Zm9v!", 5, NULL) == NULL);
    CHECK(ward_base64_decode("Z", 1, NULL) == NULL);
}

static int lookup(struct ward_docker_cred *c, const char *json, const char *registry,
                  struct ward_error **err)
{
    return ward_dockercfg_parse(c, json, strlen(json), registry, err);
}

TEST(registry_cfg, auth_field_and_key_forms)
{
    /* "user:pa:ss" -> password keeps the later colons, as docker does */
    static const char cfg[] =
        "{\"auths\":{"
        "\"https://index.docker.io/v1/\":{\"auth\":\"aHViOmh1YnB3\"}," /* hub:hubpw */
        "\"http://127.0.0.1:5000/\":{\"auth\":\"dXNlcjpwYTpzcw==\"},"  /* user:pa:ss */
        "\"127.0.0.1:5001\":{\"username\":\"u2\",\"password\":\"p2\"},"
        "\"Registry.Example.COM\":{\"auth\":\"ZXg6ZXhwdw\"}" /* ex:expw */
        "}}";
    struct ward_docker_cred c;
    ward_autoptr(ward_error) err = NULL;

    CHECK_OK(lookup(&c, cfg, "registry-1.docker.io", &err), err);
    CHECK_STR(c.username, "hub");
    CHECK_STR(c.password, "hubpw");
    ward_docker_cred_dispose(&c);

    CHECK_OK(lookup(&c, cfg, "127.0.0.1:5000", &err), err);
    CHECK_STR(c.username, "user");
    CHECK_STR(c.password, "pa:ss");
    ward_docker_cred_dispose(&c);

    CHECK_OK(lookup(&c, cfg, "127.0.0.1:5001", &err), err);
    CHECK_STR(c.username, "u2");
    CHECK_STR(c.password, "p2");
    ward_docker_cred_dispose(&c);

    CHECK_OK(lookup(&c, cfg, "registry.example.com", &err), err);
    CHECK_STR(c.username, "ex");
    CHECK_STR(c.password, "expw");
    ward_docker_cred_dispose(&c);

    /* another port is another registry */
    CHECK_OK(lookup(&c, cfg, "127.0.0.1:5002", &err), err);
    CHECK(c.username == NULL);
    CHECK_OK(lookup(&c, cfg, "127.0.0.1", &err), err);
    CHECK(c.username == NULL);
}

TEST(registry_cfg, helpers_skipped_and_errors)
{
    struct ward_docker_cred c;
    struct ward_error *err = NULL;
    CHECK_OK(lookup(&c, "{\"credsStore\":\"desktop\",\"auths\":{\"ghcr.io\":{}}}", "ghcr.io", &err),
             err);
    CHECK(c.username == NULL);
    CHECK_OK(lookup(&c, "{\"credHelpers\":{\"ghcr.io\":\"gcloud\"}}", "ghcr.io", &err), err);
    CHECK(c.username == NULL);
    CHECK_OK(lookup(&c, "{}", "ghcr.io", &err), err);
    CHECK(c.username == NULL);

    CHECK_EQ_INT(lookup(&c, "{\"auths\":{\"ghcr.io\":{\"auth\":\"!!!\"}}}", "ghcr.io", &err),
                 WARD_EFORMAT);
    CHECK(err && strstr(err->msg, "ghcr.io"));
    ward_error_free(err);
    err = NULL;
    /* base64 of "nocolon" */
    CHECK_EQ_INT(
        lookup(&c, "{\"auths\":{\"ghcr.io\":{\"auth\":\"bm9jb2xvbg==\"}}}", "ghcr.io", &err),
        WARD_EFORMAT);
    ward_error_free(err);
    err = NULL;
    CHECK_EQ_INT(lookup(&c, "{\"auths\":", "ghcr.io", &err), WARD_EFORMAT);
    ward_error_free(err);
    err = NULL;
    CHECK_EQ_INT(lookup(&c, "[1]", "ghcr.io", &err), WARD_EFORMAT);
    ward_error_free(err);
}

TEST(registry_cfg, lookup_dir_and_env)
{
    char dir[] = "/tmp/ward-dockercfg-XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    char *path = ward_xasprintf("%s/config.json", dir);
    FILE *f = fopen(path, "w");
    CHECK(f != NULL);
    fputs("{\"auths\":{\"localhost:5000\":{\"auth\":\"YWxpY2U6c2VjcmV0\"}}}", f); /* alice:secret */
    fclose(f);

    struct ward_docker_cred c;
    ward_autoptr(ward_error) err = NULL;
    CHECK_OK(ward_dockercfg_lookup(&c, dir, "localhost:5000", &err), err);
    CHECK_STR(c.username, "alice");
    CHECK_STR(c.password, "secret");
    CHECK_STR(c.source, path);
    ward_docker_cred_dispose(&c);

    /* DOCKER_CONFIG is honoured when no directory is given */
    char *old = getenv("DOCKER_CONFIG") ? ward_xstrdup(getenv("DOCKER_CONFIG")) : NULL;
    setenv("DOCKER_CONFIG", dir, 1);
    int rc = ward_dockercfg_lookup(&c, NULL, "localhost:5000", &err);
    if (old)
        setenv("DOCKER_CONFIG", old, 1);
    else
        unsetenv("DOCKER_CONFIG");
    free(old);
    CHECK_OK(rc, err);
    CHECK_STR(c.username, "alice");
    ward_docker_cred_dispose(&c);

    /* a directory without config.json: no credentials, no error */
    unlink(path);
    CHECK_OK(ward_dockercfg_lookup(&c, dir, "localhost:5000", &err), err);
    CHECK(c.username == NULL);
    rmdir(dir);
    free(path);
}
