/* dockercfg.c - registry credentials from Docker's config.json ($DOCKER_CONFIG or
 * ~/.docker): "auths" entries with base64 "auth" or username/password. Credential helpers
 * are not executed (logged and skipped). Also the small base64 codec the client needs. */
#define WARD_LOG_MODULE "registry"
#include "image/registry.h"
#include "util/file.h"
#include "util/json_in.h"
#include "util/limits.h"
#include "util/log.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>

#define DOCKERCFG_MAX (1u << 20)

static const char b64chars[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

char *ward_base64_encode(const void *p, size_t n)
{
    const unsigned char *s = p;
    size_t olen = (n + 2) / 3 * 4;
    char *o = ward_xmalloc(olen + 1);
    size_t j = 0;
    for (size_t i = 0; i < n; i += 3) {
        uint32_t v = (uint32_t)s[i] << 16;
        if (i + 1 < n)
            v |= (uint32_t)s[i + 1] << 8;
        if (i + 2 < n)
            v |= s[i + 2];
        o[j++] = b64chars[(v >> 18) & 63];
        o[j++] = b64chars[(v >> 12) & 63];
        o[j++] = i + 1 < n ? b64chars[(v >> 6) & 63] : '=';
        o[j++] = i + 2 < n ? b64chars[v & 63] : '=';
    }
    o[j] = '\0';
    return o;
}

static int b64val(char c)
{
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26;
    if (c >= '0' && c <= '9')
        return c - '0' + 52;
    if (c == '+' || c == '-')
        return 62;
    if (c == '/' || c == '_')
        return 63;
    return -1;
}

char *ward_base64_decode(const char *s, size_t n, size_t *out_len)
{
    /* Padding is optional; whitespace is not accepted. */
    while (n > 0 && s[n - 1] == '=')
        n--;
    if (n % 4 == 1)
        return NULL;
    char *o = ward_xmalloc(n / 4 * 3 + 3);
    size_t j = 0;
    uint32_t acc = 0;
    int bits = 0;
    for (size_t i = 0; i < n; i++) {
        int v = b64val(s[i]);
        if (v < 0) {
            free(o);
            return NULL;
        }
        acc = (acc << 6) | (uint32_t)v;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            o[j++] = (char)((acc >> bits) & 0xff);
        }
    }
    o[j] = '\0';
    if (out_len)
        *out_len = j;
    return o;
}

void ward_docker_cred_dispose(struct ward_docker_cred *c)
{
    if (!c)
        return;
    if (c->password)
        explicit_bzero(c->password, strlen(c->password));
    free(c->username);
    free(c->password);
    free(c->source);
    memset(c, 0, sizeof(*c));
}

/* Canonical host of a config.json key or a registry name: scheme and path dropped,
 * lower-cased, every Docker Hub alias folded to "docker.io". Caller frees. */
static char *canon_host(const char *k)
{
    if (strncmp(k, "https://", 8) == 0)
        k += 8;
    else if (strncmp(k, "http://", 7) == 0)
        k += 7;
    size_t n = strcspn(k, "/");
    char *h = ward_xstrndup(k, n);
    for (char *c = h; *c; c++)
        if (*c >= 'A' && *c <= 'Z')
            *c = (char)(*c - 'A' + 'a');
    if (!strcmp(h, "index.docker.io") || !strcmp(h, WARD_DOCKER_HUB_REGISTRY)) {
        free(h);
        h = ward_xstrdup("docker.io");
    }
    return h;
}

static int entry_creds(struct ward_docker_cred *out, const json_t *e, const char *key,
                       struct ward_error **err)
{
    const char *auth = ward_jstr(e, "auth");
    if (auth && *auth) {
        size_t dl = 0;
        char *dec = ward_base64_decode(auth, strlen(auth), &dl);
        char *sep = dec ? memchr(dec, ':', dl) : NULL;
        if (!sep || memchr(dec, '\0', dl)) {
            free(dec);
            return ward_error_set(err, WARD_EFORMAT, 0,
                                  "auths[\"%.100s\"].auth is not base64 of \"user:password\"", key);
        }
        *sep = '\0';
        out->username = ward_xstrdup(dec);
        out->password = ward_xstrdup(sep + 1);
        explicit_bzero(dec, dl);
        free(dec);
        return 0;
    }
    const char *u = ward_jstr(e, "username"), *p = ward_jstr(e, "password");
    if (u && *u && p) {
        out->username = ward_xstrdup(u);
        out->password = ward_xstrdup(p);
        return 0;
    }
    if (ward_jstr(e, "identitytoken"))
        ward_info("config.json: %s has an identity token; OAuth refresh tokens are not supported, "
                  "trying anonymous access",
                  key);
    return 0;
}

int ward_dockercfg_parse(struct ward_docker_cred *out, const char *p, size_t n,
                         const char *registry, struct ward_error **err)
{
    memset(out, 0, sizeof(*out));
    ward_autojson root = NULL;
    int rc = ward_json_parse(&root, p, n, DOCKERCFG_MAX, err);
    if (rc < 0)
        return rc;
    if (!json_is_object(root))
        return ward_error_set(err, WARD_EFORMAT, 0, "not a JSON object");
    ward_autofree char *want = canon_host(registry ? registry : "");

    const char *helper = ward_jstr(ward_jobj(root, "credHelpers"), registry);
    if (!helper && !strcmp(want, "docker.io"))
        helper = ward_jstr(ward_jobj(root, "credHelpers"), "docker.io");
    if (helper)
        ward_info("config.json: credential helper docker-credential-%s for %s is not run; "
                  "using \"auths\" only",
                  helper, registry);

    json_t *auths = ward_jobj(root, "auths");
    const char *key;
    json_t *e;
    json_object_foreach(auths, key, e)
    {
        if (!json_is_object(e))
            continue;
        ward_autofree char *h = canon_host(key);
        if (strcmp(h, want) != 0)
            continue;
        rc = entry_creds(out, e, key, err);
        if (rc < 0)
            return rc;
        if (out->username)
            return 0;
    }
    const char *store = ward_jstr(root, "credsStore");
    if (store && !helper)
        ward_info("config.json: credential store docker-credential-%s is not run; no stored "
                  "credentials for %s",
                  store, registry);
    return 0;
}

int ward_dockercfg_lookup(struct ward_docker_cred *out, const char *dir, const char *registry,
                          struct ward_error **err)
{
    memset(out, 0, sizeof(*out));
    ward_autofree char *path = NULL;
    if (dir && *dir) {
        path = ward_xasprintf("%s/config.json", dir);
    } else if (getenv("DOCKER_CONFIG") && *getenv("DOCKER_CONFIG")) {
        path = ward_xasprintf("%s/config.json", getenv("DOCKER_CONFIG"));
    } else {
        const char *home = getenv("HOME");
        if (!home || !*home)
            return 0;
        path = ward_xasprintf("%s/.docker/config.json", home);
    }
    if (access(path, F_OK) < 0 && errno == ENOENT)
        return 0;
    struct ward_buf b = WARD_BUF_INIT(DOCKERCFG_MAX);
    int rc = ward_file_read(&b, AT_FDCWD, path, DOCKERCFG_MAX, err);
    if (rc < 0) {
        ward_buf_dispose(&b);
        return rc;
    }
    rc = ward_dockercfg_parse(out, b.ptr ? b.ptr : "", b.len, registry, err);
    ward_buf_dispose(&b);
    if (rc < 0)
        return ward_error_wrap(err, "%s", path);
    if (out->username)
        out->source = WARD_STEAL(&path);
    return 0;
}
