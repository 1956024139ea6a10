/* registry.c - Registry v2 client over libcurl: manifest/index resolution to one platform,
 * digest-verified config and blob streaming, anonymous -> Bearer token / Basic auth on 401,
 * manual redirects that drop credentials when they leave the registry's origin.
 * Everything the registry sends is hostile: sizes, digests and JSON are bounded and checked. */
#define WARD_LOG_MODULE "registry"
#include "image/registry.h"
#include "util/hash.h"
#include "util/json_in.h"
#include "util/limits.h"
#include "util/log.h"

#include <curl/curl.h>
#include <inttypes.h>
#include <pthread.h>
#include <string.h>
#include <strings.h>
#include <sys/utsname.h>

#define MT_OCI_INDEX     "application/vnd.oci.image.index.v1+json"
#define MT_OCI_MANIFEST  "application/vnd.oci.image.manifest.v1+json"
#define MT_DOCKER_LIST   "application/vnd.docker.distribution.manifest.list.v2+json"
#define MT_DOCKER_V2     "application/vnd.docker.distribution.manifest.v2+json"
#define MT_DOCKER_V1     "application/vnd.docker.distribution.manifest.v1+json"
#define MT_DOCKER_V1_JWS "application/vnd.docker.distribution.manifest.v1+prettyjws"

#define TOKEN_REPLY_MAX (1u << 20)
#define TOKEN_MAX       (64u << 10)
#define ERRBODY_MAX     (8u << 10)
#define INDEX_ENTRIES   4096u
#define MAX_REDIRECTS   5
#define DEFAULT_TIMEOUT 120L
#define CONNECT_TIMEOUT 30L

struct known_blob {
    char *digest;
    uint64_t size;
};

struct ward_registry {
    char *host; /* registry host[:port] */
    char *repository;
    char *reference; /* digest if the ref has one, else the tag */
    char *label;     /* "registry H, repository R, reference X" for messages */
    struct ward_platform platform;
    bool platform_explicit; /* asked for by the user: a single-platform image must match it */
    bool insecure;
    bool loopback;
    long timeout_s;
    char *base; /* "https://host" or "http://host"; decided on first use */
    char *username, *password, *cred_source;
    char *authz; /* full "Authorization: ..." header line, or NULL (anonymous) */
    CURL *curl;
    struct known_blob *known;
    size_t n_known;
    uint64_t last_blob_bytes;
};

/* ---- platforms ---- */

static void set_field(char dst[32], const char *s, size_t n)
{
    if (n > 31)
        n = 31;
    for (size_t i = 0; i < n; i++)
        dst[i] = (s[i] >= 'A' && s[i] <= 'Z') ? (char)(s[i] - 'A' + 'a') : s[i];
    dst[n] = '\0';
}

/* containerd's normalisation, so "linux/arm64/v8" matches an entry "arm64" and vice versa */
static void platform_normalise(struct ward_platform *p)
{
    static const struct {
        const char *from, *arch, *variant;
    } arch_map[] = {
        {"x86_64", "amd64", NULL}, {"x86-64", "amd64", NULL}, {"aarch64", "arm64", NULL},
        {"armhf", "arm", "v7"},    {"armel", "arm", "v6"},    {"armv7l", "arm", "v7"},
        {"armv6l", "arm", "v6"},   {"i386", "386", NULL},     {"i486", "386", NULL},
        {"i586", "386", NULL},     {"i686", "386", NULL},
    };
    for (size_t i = 0; i < WARD_ARRAY_LEN(arch_map); i++) {
        if (!strcmp(p->arch, arch_map[i].from)) {
            set_field(p->arch, arch_map[i].arch, strlen(arch_map[i].arch));
            if (arch_map[i].variant && !p->variant[0])
                set_field(p->variant, arch_map[i].variant, strlen(arch_map[i].variant));
            break;
        }
    }
    if (!strcmp(p->arch, "arm64") && !strcmp(p->variant, "v8"))
        p->variant[0] = '\0';
    if (!strcmp(p->arch, "amd64") && !strcmp(p->variant, "v1"))
        p->variant[0] = '\0';
    if (!strcmp(p->arch, "arm") && !p->variant[0])
        set_field(p->variant, "v7", 2);
}

void ward_platform_host(struct ward_platform *out)
{
    struct utsname u;
    memset(out, 0, sizeof(*out));
    set_field(out->os, "linux", 5);
    if (uname(&u) == 0)
        set_field(out->arch, u.machine, strlen(u.machine));
    else
        set_field(out->arch, "amd64", 5);
    platform_normalise(out);
}

static bool platform_part_ok(const char *s, size_t n)
{
    if (n == 0 || n > 31)
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '-' || c == '.'))
            return false;
    }
    return true;
}

int ward_platform_parse(struct ward_platform *out, const char *s, struct ward_error **err)
{
    if (!s || !*s) {
        ward_platform_host(out);
        return 0;
    }
    memset(out, 0, sizeof(*out));
    const char *parts[4];
    size_t lens[4], n = 0;
    const char *p = s;
    for (;;) {
        const char *sl = strchr(p, '/');
        size_t l = sl ? (size_t)(sl - p) : strlen(p);
        if (n == 3 || !platform_part_ok(p, l))
            return ward_error_set(err, WARD_EFORMAT, 0,
                                  "invalid platform \"%.100s\" (want os/arch[/variant], e.g. "
                                  "linux/arm64)",
                                  s);
        parts[n] = p;
        lens[n++] = l;
        if (!sl)
            break;
        p = sl + 1;
    }
    if (n < 2)
        return ward_error_set(err, WARD_EFORMAT, 0,
                              "invalid platform \"%.100s\" (want os/arch[/variant], e.g. "
                              "linux/arm64)",
                              s);
    set_field(out->os, parts[0], lens[0]);
    set_field(out->arch, parts[1], lens[1]);
    if (n == 3)
        set_field(out->variant, parts[2], lens[2]);
    platform_normalise(out);
    return 0;
}

static void platform_fmt(const struct ward_platform *p, struct ward_buf *b)
{
    ward_buf_addf(b, "%s/%s%s%s", p->os, p->arch, p->variant[0] ? "/" : "", p->variant);
}

/* ---- manifest parsing (hostile input) ---- */

static const char *strip_params(const char *ct, char *tmp, size_t tmpn)
{
    if (!ct)
        return NULL;
    size_t n = strcspn(ct, "; \t");
    if (n >= tmpn)
        n = tmpn - 1;
    memcpy(tmp, ct, n);
    tmp[n] = '\0';
    return tmp;
}

static int kind_of_type(const char *mt, enum ward_manifest_kind *out, struct ward_error **err)
{
    if (!strcmp(mt, MT_OCI_INDEX) || !strcmp(mt, MT_DOCKER_LIST)) {
        *out = WARD_MANIFEST_INDEX;
        return 0;
    }
    if (!strcmp(mt, MT_OCI_MANIFEST) || !strcmp(mt, MT_DOCKER_V2)) {
        *out = WARD_MANIFEST_IMAGE;
        return 0;
    }
    if (!strcmp(mt, MT_DOCKER_V1) || !strcmp(mt, MT_DOCKER_V1_JWS))
        return ward_error_set(err, WARD_EUNSUPPORTED, 0,
                              "Docker image manifest schema 1 is not supported (deprecated)");
    return 1; /* unknown: let the caller try something else */
}

int ward_manifest_kind(enum ward_manifest_kind *out, const char *p, size_t n,
                       const char *content_type, struct ward_error **err)
{
    ward_autojson j = NULL;
    int rc = ward_json_parse(&j, p, n, WARD_LIMIT_MANIFEST, err);
    if (rc < 0)
        return rc;
    if (!json_is_object(j))
        return ward_error_set(err, WARD_EFORMAT, 0, "manifest is not a JSON object");
    if (ward_jint(j, "schemaVersion", 0) == 1)
        return ward_error_set(err, WARD_EUNSUPPORTED, 0,
                              "Docker image manifest schema 1 is not supported (deprecated)");
    const char *mt = ward_jstr(j, "mediaType");
    if (mt && *mt) {
        rc = kind_of_type(mt, out, err);
        if (rc <= 0)
            return rc;
        return ward_error_set(err, WARD_EUNSUPPORTED, 0, "unsupported manifest media type %.200s",
                              mt);
    }
    char tmp[128];
    const char *ct = strip_params(content_type, tmp, sizeof(tmp));
    if (ct && *ct) {
        rc = kind_of_type(ct, out, err);
        if (rc <= 0)
            return rc;
    }
    /* OCI allows mediaType to be absent: go by shape */
    if (ward_jarr(j, "manifests")) {
        *out = WARD_MANIFEST_INDEX;
        return 0;
    }
    if (ward_jobj(j, "config") && ward_jarr(j, "layers")) {
        *out = WARD_MANIFEST_IMAGE;
        return 0;
    }
    return ward_error_set(err, WARD_EUNSUPPORTED, 0,
                          "unrecognised manifest (no mediaType, content type %.100s)",
                          ct && *ct ? ct : "none");
}

/* A descriptor's digest: a sha256 digest as a JSON string without embedded NULs. */
static int desc_digest(const json_t *d, const char **out, struct ward_error **err, const char *what)
{
    json_t *v = json_is_object(d) ? json_object_get(d, "digest") : NULL;
    if (!json_is_string(v))
        return ward_error_set(err, WARD_EFORMAT, 0, "%s: descriptor has no digest", what);
    const char *s = json_string_value(v);
    if (json_string_length(v) != strlen(s) || !ward_digest_valid(s)) {
        if (strncmp(s, "sha256:", 7) != 0 && strchr(s, ':'))
            return ward_error_set(err, WARD_EUNSUPPORTED, 0,
                                  "%s: digest %.80s: only sha256 is supported", what, s);
        return ward_error_set(err, WARD_EFORMAT, 0, "%s: invalid digest %.80s", what, s);
    }
    *out = s;
    return 0;
}

static void platform_of_entry(const json_t *m, struct ward_platform *p)
{
    json_t *pl = ward_jobj(m, "platform");
    const char *os = ward_jstr(pl, "os"), *arch = ward_jstr(pl, "architecture"),
               *var = ward_jstr(pl, "variant");
    memset(p, 0, sizeof(*p));
    set_field(p->os, os ? os : "", os ? strlen(os) : 0);
    set_field(p->arch, arch ? arch : "", arch ? strlen(arch) : 0);
    set_field(p->variant, var ? var : "", var ? strlen(var) : 0);
    platform_normalise(p);
}

int ward_manifest_select(char **digest, const char *p, size_t n, const struct ward_platform *want,
                         struct ward_error **err)
{
    *digest = NULL;
    ward_autojson j = NULL;
    int rc = ward_json_parse(&j, p, n, WARD_LIMIT_MANIFEST, err);
    if (rc < 0)
        return rc;
    json_t *ms = ward_jarr(j, "manifests");
    if (!ms)
        return ward_error_set(err, WARD_EFORMAT, 0, "index has no \"manifests\" array");
    size_t cnt = json_array_size(ms);
    if (cnt > INDEX_ENTRIES)
        return ward_error_set(err, WARD_ELIMIT, 0, "index lists %zu manifests (limit %u)", cnt,
                              INDEX_ENTRIES);
    /* exact match (variant included) first; then, when no variant was asked for, any variant */
    ssize_t exact = -1, loose = -1, noplat = -1;
    for (size_t i = 0; i < cnt; i++) {
        json_t *m = json_array_get(ms, i);
        struct ward_platform ep;
        platform_of_entry(m, &ep);
        if (!ward_jobj(m, "platform")) {
            /* no platform given (single-image OCI layouts): a last resort, the caller checks
             * the config's os/architecture */
            const char *mt = ward_jstr(m, "mediaType");
            if (noplat < 0 && !(mt && (!strcmp(mt, MT_OCI_INDEX) || !strcmp(mt, MT_DOCKER_LIST))))
                noplat = (ssize_t)i;
            continue;
        }
        if (strcmp(ep.os, want->os) != 0 || strcmp(ep.arch, want->arch) != 0)
            continue;
        const char *mt = ward_jstr(m, "mediaType");
        if (mt && (!strcmp(mt, MT_OCI_INDEX) || !strcmp(mt, MT_DOCKER_LIST)))
            continue; /* nested indexes are not followed */
        if (!strcmp(ep.variant, want->variant)) {
            exact = (ssize_t)i;
            break;
        }
        if (!want->variant[0] && loose < 0)
            loose = (ssize_t)i;
    }
    ssize_t pick = exact >= 0 ? exact : loose >= 0 ? loose : noplat;
    if (pick < 0) {
        struct ward_buf b = WARD_BUF_INIT(1024);
        ward_buf_adds(&b, "no manifest for platform ");
        platform_fmt(want, &b);
        ward_buf_adds(&b, " in the index (it has:");
        for (size_t i = 0; i < cnt && i < 16; i++) {
            struct ward_platform ep;
            platform_of_entry(json_array_get(ms, i), &ep);
            ward_buf_adds(&b, " ");
            platform_fmt(&ep, &b);
        }
        ward_buf_adds(&b, cnt > 16 ? " ...)" : cnt ? ")" : " nothing)");
        rc = ward_error_set(err, WARD_ENOTFOUND, 0, "%s", b.ptr ? b.ptr : "no manifest");
        ward_buf_dispose(&b);
        return rc;
    }
    const char *d = NULL;
    rc = desc_digest(json_array_get(ms, (size_t)pick), &d, err, "index entry");
    if (rc < 0)
        return rc;
    *digest = ward_xstrdup(d);
    return 0;
}

static int desc_size(const json_t *d, uint64_t *out, struct ward_error **err, const char *what)
{
    json_t *v = json_object_get(d, "size");
    if (!json_is_integer(v) || json_integer_value(v) < 0)
        return ward_error_set(err, WARD_EFORMAT, 0, "%s: descriptor has no valid size", what);
    *out = (uint64_t)json_integer_value(v);
    return 0;
}

static void image_layers_free(struct ward_registry_image *img)
{
    for (size_t i = 0; i < img->n_layers; i++) {
        free(img->layers[i].digest);
        free(img->layers[i].media_type);
    }
    free(img->layers);
    img->layers = NULL;
    img->n_layers = 0;
}

int ward_manifest_parse_image(struct ward_registry_image *out, const char *p, size_t n,
                              struct ward_error **err)
{
    ward_autojson j = NULL;
    int rc = ward_json_parse(&j, p, n, WARD_LIMIT_MANIFEST, err);
    if (rc < 0)
        return rc;
    if (!json_is_object(j))
        return ward_error_set(err, WARD_EFORMAT, 0, "manifest is not a JSON object");
    if (ward_jint(j, "schemaVersion", 0) != 2)
        return ward_error_set(err, WARD_EUNSUPPORTED, 0, "manifest schemaVersion is not 2");
    json_t *cfg = ward_jobj(j, "config");
    json_t *layers = ward_jarr(j, "layers");
    if (!cfg || !layers)
        return ward_error_set(err, WARD_EFORMAT, 0, "image manifest lacks config or layers");
    const char *cd = NULL;
    uint64_t csize = 0;
    if ((rc = desc_digest(cfg, &cd, err, "config")) < 0 ||
        (rc = desc_size(cfg, &csize, err, "config")) < 0)
        return rc;
    if (csize > WARD_LIMIT_MANIFEST)
        return ward_error_set(err, WARD_ELIMIT, 0, "config of %" PRIu64 " bytes exceeds %u", csize,
                              WARD_LIMIT_MANIFEST);
    size_t nl = json_array_size(layers);
    if (nl > WARD_LIMIT_LAYERS)
        return ward_error_set(err, WARD_ELIMIT, 0, "manifest lists %zu layers (limit %u)", nl,
                              WARD_LIMIT_LAYERS);
    struct ward_registry_image tmp = {.layers = ward_xcalloc(nl ? nl : 1, sizeof(*tmp.layers))};
    for (size_t i = 0; i < nl; i++) {
        json_t *l = json_array_get(layers, i);
        const char *d = NULL;
        uint64_t sz = 0;
        if (!json_is_object(l))
            rc = ward_error_set(err, WARD_EFORMAT, 0, "layer %zu is not a descriptor", i);
        else if ((rc = desc_digest(l, &d, err, "layer")) == 0 &&
                 (rc = desc_size(l, &sz, err, "layer")) == 0 && sz > WARD_LIMIT_LAYER_BYTES)
            rc = ward_error_set(err, WARD_ELIMIT, 0, "layer %zu: %" PRIu64 " bytes exceeds limit",
                                i, sz);
        if (rc < 0) {
            image_layers_free(&tmp);
            return rc;
        }
        const char *mt = ward_jstr(l, "mediaType");
        tmp.layers[i].digest = ward_xstrdup(d);
        tmp.layers[i].media_type = ward_xstrdup(mt ? mt : "");
        tmp.layers[i].size = sz;
        tmp.n_layers = i + 1;
    }
    const char *mt = ward_jstr(j, "mediaType");
    if (mt && *mt) {
        free(out->media_type);
        out->media_type = ward_xstrdup(mt);
    }
    out->config_size = csize;
    image_layers_free(out);
    free(out->config_digest);
    out->config_digest = ward_xstrdup(cd);
    out->layers = tmp.layers;
    out->n_layers = tmp.n_layers;
    return 0;
}

void ward_registry_image_dispose(struct ward_registry_image *img)
{
    if (!img)
        return;
    free(img->manifest_digest);
    free(img->media_type);
    free(img->index_digest);
    free(img->config_digest);
    ward_buf_dispose(&img->manifest);
    ward_buf_dispose(&img->config);
    image_layers_free(img);
    memset(img, 0, sizeof(*img));
}

/* ---- HTTP ---- */

static pthread_once_t curl_once = PTHREAD_ONCE_INIT;
static void curl_init_once(void)
{
    curl_global_init(CURL_GLOBAL_DEFAULT);
}

struct resp {
    long status;
    char *content_type, *docker_digest, *www_auth, *location;
    /* body of a 2xx reply: into buf, or hashed and streamed to sink */
    struct ward_buf *buf;
    ward_blob_sink sink;
    void *payload;
    int sink_rc;
    struct ward_sha256 *hash;
    uint64_t bytes, max_bytes;
    bool over;
    struct ward_buf errbody; /* non-2xx bodies, for messages */
};

static void resp_reset_headers(struct resp *rs)
{
    free(rs->content_type);
    free(rs->docker_digest);
    free(rs->www_auth);
    free(rs->location);
    rs->content_type = rs->docker_digest = rs->www_auth = rs->location = NULL;
    rs->status = 0;
}

static void resp_dispose(struct resp *rs)
{
    resp_reset_headers(rs);
    ward_buf_dispose(&rs->errbody);
}

static bool is_2xx(long s)
{
    return s >= 200 && s < 300;
}

static size_t on_header(char *p, size_t size, size_t nmemb, void *ud)
{
    struct resp *rs = ud;
    size_t n = size * nmemb;
    size_t l = n;
    while (l && (p[l - 1] == '\r' || p[l - 1] == '\n'))
        l--;
    if (l >= 5 && memcmp(p, "HTTP/", 5) == 0) {
        resp_reset_headers(rs);
        ward_buf_reset(&rs->errbody);
        const char *sp = memchr(p, ' ', l);
        long st = 0;
        for (const char *c = sp ? sp + 1 : p + l; c < p + l && *c >= '0' && *c <= '9'; c++)
            st = st * 10 + (*c - '0');
        rs->status = st > 999 ? 0 : st;
        return n;
    }
    const char *colon = memchr(p, ':', l);
    if (!colon)
        return n;
    size_t kl = (size_t)(colon - p);
    const char *v = colon + 1;
    while (v < p + l && (*v == ' ' || *v == '\t'))
        v++;
    size_t vl = (size_t)(p + l - v);
    char **slot = NULL;
    if (kl == 12 && !strncasecmp(p, "Content-Type", 12))
        slot = &rs->content_type;
    else if (kl == 21 && !strncasecmp(p, "Docker-Content-Digest", 21))
        slot = &rs->docker_digest;
    else if (kl == 8 && !strncasecmp(p, "Location", 8))
        slot = &rs->location;
    else if (kl == 16 && !strncasecmp(p, "WWW-Authenticate", 16)) {
        /* several challenges: prefer Bearer */
        if (rs->www_auth && !strncasecmp(rs->www_auth, "Bearer", 6))
            return n;
        slot = &rs->www_auth;
    }
    if (slot) {
        free(*slot);
        *slot = ward_xstrndup(v, vl);
    }
    return n;
}

static size_t on_body(char *p, size_t size, size_t nmemb, void *ud)
{
    struct resp *rs = ud;
    size_t n = size * nmemb;
    if (!is_2xx(rs->status)) {
        if (rs->errbody.len < ERRBODY_MAX)
            ward_buf_add(&rs->errbody, p, WARD_MIN(n, ERRBODY_MAX - rs->errbody.len));
        return n;
    }
    if (rs->max_bytes && (rs->bytes + n > rs->max_bytes || rs->bytes + n < rs->bytes)) {
        rs->over = true;
        return 0;
    }
    rs->bytes += n;
    if (rs->hash)
        ward_sha256_update(rs->hash, p, n);
    if (rs->buf) {
        ward_buf_add(rs->buf, p, n);
        if (ward_buf_check(rs->buf)) {
            rs->over = true;
            return 0;
        }
    }
    if (rs->sink) {
        int rc = rs->sink(p, n, rs->payload);
        if (rc < 0) {
            rs->sink_rc = rc;
            return 0;
        }
    }
    return n;
}

/* scheme://host:port of url, lower-cased, default ports filled; NULL if unparsable */
static char *origin_of(const char *url)
{
    CURLU *u = curl_url();
    char *scheme = NULL, *host = NULL, *port = NULL, *res = NULL;
    if (!u)
        ward_oom();
    if (curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
        curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) == CURLUE_OK &&
        curl_url_get(u, CURLUPART_HOST, &host, 0) == CURLUE_OK &&
        curl_url_get(u, CURLUPART_PORT, &port, CURLU_DEFAULT_PORT) == CURLUE_OK) {
        res = ward_xasprintf("%s://%s:%s", scheme, host, port);
        for (char *c = res; *c; c++)
            if (*c >= 'A' && *c <= 'Z')
                *c = (char)(*c - 'A' + 'a');
    }
    curl_free(scheme);
    curl_free(host);
    curl_free(port);
    curl_url_cleanup(u);
    return res;
}

static bool host_is_loopback(const char *hostport)
{
    /* hostport: "localhost:5000", "127.0.0.1", "[::1]:5000" */
    size_t hl;
    if (hostport[0] == '[') {
        const char *e = strchr(hostport, ']');
        if (!e)
            return false;
        return (size_t)(e - hostport) == 4 && !memcmp(hostport, "[::1", 4);
    }
    hl = strcspn(hostport, ":");
    if (hl == 9 && !strncasecmp(hostport, "localhost", 9))
        return true;
    if (hl < 4 || memcmp(hostport, "127.", 4) != 0)
        return false;
    int dots = 0;
    for (size_t i = 0; i < hl; i++) {
        if (hostport[i] == '.')
            dots++;
        else if (hostport[i] < '0' || hostport[i] > '9')
            return false;
    }
    return dots == 3;
}

static bool url_host_is_loopback(const char *url)
{
    const char *h = strstr(url, "://");
    return h && host_is_loopback(h + 3);
}

enum req_mode { REQ_BUFFER, REQ_STREAM };

/* One HTTP GET, no redirects followed. basic_user/basic_pass: send Basic credentials
 * (token requests); else r->authz is sent when url is on the registry's origin. */
static int http_once(struct ward_registry *r, const char *url, const char *accept,
                     enum req_mode mode, bool send_authz, const char *basic_user,
                     const char *basic_pass, struct resp *rs, struct ward_error **err)
{
    CURL *h = r->curl;
    curl_easy_reset(h);
    resp_reset_headers(rs);
    ward_buf_reset(&rs->errbody);
    struct curl_slist *hdrs = NULL;
    ward_autofree char *acc = accept ? ward_xasprintf("Accept: %s", accept) : NULL;
    if (acc)
        hdrs = curl_slist_append(hdrs, acc);
    if (send_authz && r->authz)
        hdrs = curl_slist_append(hdrs, r->authz);
    curl_easy_setopt(h, CURLOPT_URL, url);
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdrs);
    curl_easy_setopt(h, CURLOPT_USERAGENT, "ward/0.1");
    curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(h, CURLOPT_HEADERDATA, rs);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, rs);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, CONNECT_TIMEOUT);
    if (mode == REQ_BUFFER) {
        curl_easy_setopt(h, CURLOPT_TIMEOUT, r->timeout_s);
    } else {
        curl_easy_setopt(h, CURLOPT_LOW_SPEED_LIMIT, 1L);
        curl_easy_setopt(h, CURLOPT_LOW_SPEED_TIME, r->timeout_s);
    }
    if (url_host_is_loopback(url))
        curl_easy_setopt(h, CURLOPT_NOPROXY, "*");
    if (r->insecure && !strncmp(url, "https:", 6)) {
        curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 0L);
        curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 0L);
    }
    if (basic_user) {
        curl_easy_setopt(h, CURLOPT_HTTPAUTH, (long)CURLAUTH_BASIC);
        curl_easy_setopt(h, CURLOPT_USERNAME, basic_user);
        curl_easy_setopt(h, CURLOPT_PASSWORD, basic_pass ? basic_pass : "");
    }
    CURLcode cc = curl_easy_perform(h);
    curl_slist_free_all(hdrs);
    if (rs->sink_rc < 0)
        return ward_error_set(err, rs->sink_rc, 0, "blob reader stopped the transfer");
    if (rs->over)
        return ward_error_set(err, WARD_ELIMIT, 0, "%s: reply larger than %" PRIu64 " bytes", url,
                              rs->max_bytes ? rs->max_bytes : (uint64_t)rs->buf->max);
    if (cc != CURLE_OK)
        return ward_error_set(err, WARD_EIO, 0, "%s: %s", url, curl_easy_strerror(cc));
    return 0;
}

/* The registry's JSON error ("errors":[{"code","message"}]) or a short body excerpt. */
static char *errbody_summary(const struct resp *rs)
{
    if (!rs->errbody.len)
        return ward_xstrdup("");
    json_t *j = NULL;
    struct ward_error *e = NULL;
    char *out = NULL;
    if (ward_json_parse(&j, rs->errbody.ptr, rs->errbody.len, ERRBODY_MAX, &e) == 0) {
        json_t *first = json_array_get(ward_jarr(j, "errors"), 0);
        const char *code = ward_jstr(first, "code"), *msg = ward_jstr(first, "message");
        if (!code)
            code = ward_jstr(j, "error");
        if (!msg)
            msg = ward_jstr(j, "details");
        if (code || msg)
            out = ward_xasprintf(" (%.80s%s%.200s)", code ? code : "", code && msg ? ": " : "",
                                 msg ? msg : "");
        json_decref(j);
    }
    ward_error_free(e);
    if (!out) {
        size_t n = WARD_MIN(rs->errbody.len, 120);
        out = ward_xasprintf(" (%.*s)", (int)n, rs->errbody.ptr);
        for (char *c = out; *c; c++)
            if ((unsigned char)*c < 0x20 || (unsigned char)*c >= 0x7f)
                *c = ' ';
    }
    return out;
}

/* ---- auth ---- */

void ward_auth_challenge_dispose(struct ward_auth_challenge *c)
{
    free(c->realm);
    free(c->service);
    free(c->scope);
    memset(c, 0, sizeof(*c));
}

/* `Scheme k="v", k2=v2` (RFC 7235 auth-params; quoted strings with \ escapes). */
void ward_auth_challenge_parse(struct ward_auth_challenge *c, const char *s)
{
    memset(c, 0, sizeof(*c));
    size_t sl = strcspn(s, " \t");
    set_field(c->scheme, s, WARD_MIN(sl, sizeof(c->scheme) - 1));
    const char *p = s + sl;
    while (*p) {
        while (*p == ' ' || *p == '\t' || *p == ',')
            p++;
        const char *k = p;
        while (*p && *p != '=' && *p != ',' && *p != ' ')
            p++;
        size_t kl = (size_t)(p - k);
        if (*p != '=')
            continue;
        p++;
        struct ward_buf v = WARD_BUF_INIT(8192);
        if (*p == '"') {
            p++;
            while (*p && *p != '"') {
                if (*p == '\\' && p[1])
                    p++;
                ward_buf_addc(&v, *p++);
            }
            if (*p == '"')
                p++;
        } else {
            while (*p && *p != ',' && *p != ' ')
                ward_buf_addc(&v, *p++);
        }
        char **slot = NULL;
        if (kl == 5 && !strncasecmp(k, "realm", 5))
            slot = &c->realm;
        else if (kl == 7 && !strncasecmp(k, "service", 7))
            slot = &c->service;
        else if (kl == 5 && !strncasecmp(k, "scope", 5))
            slot = &c->scope;
        if (slot && !*slot && !ward_buf_check(&v))
            *slot = ward_xstrdup(v.ptr ? v.ptr : "");
        ward_buf_dispose(&v);
    }
}

static const char *cred_desc(const struct ward_registry *r)
{
    if (!r->username)
        return "no credentials";
    return r->cred_source ? r->cred_source : "the given credentials";
}

static bool token_ok(const char *t)
{
    size_t n = strlen(t);
    if (n == 0 || n > TOKEN_MAX)
        return false;
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)t[i] <= 0x20 || (unsigned char)t[i] >= 0x7f)
            return false;
    return true;
}

static int fetch_token(struct ward_registry *r, const struct ward_auth_challenge *c,
                       struct ward_error **err)
{
    if (!c->realm || !*c->realm)
        return ward_error_set(err, WARD_EFORMAT, 0, "Bearer challenge without a realm");
    bool https = !strncasecmp(c->realm, "https://", 8);
    if (!https && strncasecmp(c->realm, "http://", 7) != 0)
        return ward_error_set(err, WARD_EFORMAT, 0, "token realm %.200s is not an http(s) URL",
                              c->realm);
    if (!https && !r->insecure && !url_host_is_loopback(c->realm))
        return ward_error_set(err, WARD_EUNSUPPORTED, 0,
                              "token realm %.200s is plain http (allowed only for insecure "
                              "registries)",
                              c->realm);
    struct ward_buf url = WARD_BUF_INIT(16384);
    ward_buf_adds(&url, c->realm);
    char sep = strchr(c->realm, '?') ? '&' : '?';
    if (c->service) {
        char *e = curl_easy_escape(r->curl, c->service, 0);
        ward_buf_addf(&url, "%cservice=%s", sep, e ? e : "");
        curl_free(e);
        sep = '&';
    }
    ward_autofree char *own = ward_xasprintf("repository:%s:pull", r->repository);
    char *e = curl_easy_escape(r->curl, own, 0);
    ward_buf_addf(&url, "%cscope=%s", sep, e ? e : "");
    curl_free(e);
    if (c->scope && strcmp(c->scope, own) != 0 && strlen(c->scope) < 1024) {
        /* scopes are space separated; each becomes its own parameter */
        const char *s = c->scope;
        while (*s) {
            size_t l = strcspn(s, " ");
            if (l && !(l == strlen(own) && !memcmp(s, own, l))) {
                char *one = ward_xstrndup(s, l);
                e = curl_easy_escape(r->curl, one, 0);
                ward_buf_addf(&url, "&scope=%s", e ? e : "");
                curl_free(e);
                free(one);
            }
            s += l;
            while (*s == ' ')
                s++;
        }
    }
    if (ward_buf_check(&url)) {
        ward_buf_dispose(&url);
        return ward_error_set(err, WARD_ELIMIT, 0, "token URL too long");
    }
    struct ward_buf body = WARD_BUF_INIT(TOKEN_REPLY_MAX);
    struct resp rs = {.buf = &body, .errbody = WARD_BUF_INIT(ERRBODY_MAX)};
    int rc = http_once(r, url.ptr, "application/json", REQ_BUFFER, false, r->username, r->password,
                       &rs, err);
    if (rc < 0) {
        rc = ward_error_wrap(err, "token server");
        goto out;
    }
    if (rs.status == 401 || rs.status == 403) {
        ward_autofree char *why = errbody_summary(&rs);
        rc = ward_error_set(err, WARD_EIO, 0,
                            "authentication failed: token server %.200s refused %s for %s (HTTP "
                            "%ld)%s",
                            c->realm,
                            r->username ? "the credentials" : "anonymous access (no credentials)",
                            cred_desc(r), rs.status, why);
        goto out;
    }
    if (!is_2xx(rs.status)) {
        ward_autofree char *why = errbody_summary(&rs);
        rc = ward_error_set(err, WARD_EIO, 0, "token server %.200s: HTTP %ld%s", c->realm,
                            rs.status, why);
        goto out;
    }
    json_t *j = NULL;
    rc = ward_json_parse(&j, body.ptr ? body.ptr : "", body.len, TOKEN_REPLY_MAX, err);
    if (rc < 0) {
        rc = ward_error_wrap(err, "token server %.200s reply", c->realm);
        goto out;
    }
    const char *tok = ward_jstr(j, "token");
    if (!tok || !*tok)
        tok = ward_jstr(j, "access_token");
    if (!tok || !token_ok(tok)) {
        json_decref(j);
        rc = ward_error_set(err, WARD_EFORMAT, 0, "token server %.200s: reply has no usable token",
                            c->realm);
        goto out;
    }
    free(r->authz);
    r->authz = ward_xasprintf("Authorization: Bearer %s", tok);
    json_decref(j);
    rc = 0;
out:
    resp_dispose(&rs);
    ward_buf_dispose(&body);
    ward_buf_dispose(&url);
    return rc;
}

/* React to a 401: get a token (Bearer) or send credentials (Basic). */
static int authenticate(struct ward_registry *r, const char *www_auth, struct ward_error **err)
{
    if (!www_auth)
        return ward_error_set(err, WARD_EIO, 0,
                              "access denied (HTTP 401 without a WWW-Authenticate challenge)");
    struct ward_auth_challenge c;
    ward_auth_challenge_parse(&c, www_auth);
    int rc;
    if (!strcmp(c.scheme, "bearer")) {
        rc = fetch_token(r, &c, err);
    } else if (!strcmp(c.scheme, "basic")) {
        if (!r->username) {
            rc = ward_error_set(err, WARD_EIO, 0,
                                "authentication required (Basic) and no credentials were found "
                                "(config.json or --username)");
        } else {
            ward_autofree char *up = ward_xasprintf("%s:%s", r->username, r->password);
            ward_autofree char *b64 = ward_base64_encode(up, strlen(up));
            explicit_bzero(up, strlen(up));
            free(r->authz);
            r->authz = ward_xasprintf("Authorization: Basic %s", b64);
            rc = 0;
        }
    } else {
        rc = ward_error_set(err, WARD_EUNSUPPORTED, 0, "unsupported authentication scheme \"%s\"",
                            c.scheme);
    }
    ward_auth_challenge_dispose(&c);
    return rc;
}

/* Pick https, or for insecure registries https-without-verification falling back to http
 * (Docker's order for insecure registries). */
static int ensure_base(struct ward_registry *r, struct ward_error **err)
{
    (void)err;
    if (r->base)
        return 0;
    if (!r->insecure) {
        r->base = ward_xasprintf("https://%s", r->host);
        return 0;
    }
    ward_autofree char *ping = ward_xasprintf("https://%s/v2/", r->host);
    struct resp rs = {.errbody = WARD_BUF_INIT(ERRBODY_MAX)};
    struct ward_buf sink = WARD_BUF_INIT(ERRBODY_MAX);
    rs.buf = &sink;
    struct ward_error *e = NULL;
    int rc = http_once(r, ping, NULL, REQ_BUFFER, false, NULL, NULL, &rs, &e);
    bool https = rc == 0 && rs.status > 0;
    resp_dispose(&rs);
    ward_buf_dispose(&sink);
    ward_error_free(e);
    r->base = ward_xasprintf("%s://%s", https ? "https" : "http", r->host);
    ward_debug("%s: using %s", r->host, r->base);
    return 0;
}

/* GET base+path with auth retry and redirects. The final reply is in rs (status checked by
 * the caller). Credentials are sent only to the registry's own origin. */
static int request(struct ward_registry *r, const char *path, const char *accept,
                   enum req_mode mode, struct resp *rs, struct ward_error **err)
{
    int rc = ensure_base(r, err);
    if (rc < 0)
        return rc;
    ward_autofree char *origin = origin_of(r->base);
    ward_autofree char *url = ward_xasprintf("%s%s", r->base, path);
    bool auth_tried = false;
    for (int hops = 0;;) {
        ward_autofree char *uo = origin_of(url);
        bool same = origin && uo && !strcmp(origin, uo);
        rc = http_once(r, url, accept, mode, same, NULL, NULL, rs, err);
        if (rc < 0)
            return rc;
        if (rs->status == 401 && same && !auth_tried) {
            auth_tried = true;
            rc = authenticate(r, rs->www_auth, err);
            if (rc < 0)
                return rc;
            continue;
        }
        if (rs->status >= 300 && rs->status < 400 && rs->status != 304) {
            char *loc = NULL;
            curl_easy_getinfo(r->curl, CURLINFO_REDIRECT_URL, &loc);
            if (!loc)
                return ward_error_set(err, WARD_EFORMAT, 0, "HTTP %ld redirect without Location",
                                      rs->status);
            if (++hops > MAX_REDIRECTS)
                return ward_error_set(err, WARD_EIO, 0, "more than %d redirects", MAX_REDIRECTS);
            bool https = !strncasecmp(loc, "https://", 8);
            if (!https && strncasecmp(loc, "http://", 7) != 0)
                return ward_error_set(err, WARD_EFORMAT, 0, "redirect to a non-http URL");
            if (!https && !r->insecure && !url_host_is_loopback(loc))
                return ward_error_set(err, WARD_EUNSUPPORTED, 0,
                                      "redirect from https to plain http %.200s refused", loc);
            char *next = ward_xstrdup(loc);
            free(url);
            url = next;
            continue;
        }
        return 0;
    }
}

/* Message for a non-2xx final status. */
static int status_error(struct ward_registry *r, const struct resp *rs, const char *what,
                        struct ward_error **err)
{
    ward_autofree char *why = errbody_summary(rs);
    if (rs->status == 404)
        return ward_error_set(err, WARD_ENOTFOUND, 0, "%s not found (HTTP 404)%s", what, why);
    if (rs->status == 401 || rs->status == 403)
        return ward_error_set(err, WARD_EIO, 0, "%s: access denied (HTTP %ld) with %s%s", what,
                              rs->status, cred_desc(r), why);
    return ward_error_set(err, WARD_EIO, 0, "%s: HTTP %ld%s", what, rs->status, why);
}

/* ---- client ---- */

int ward_registry_open(struct ward_registry **out, const struct ward_image_ref *ref,
                       const struct ward_registry_opts *opts, struct ward_error **err)
{
    static const struct ward_registry_opts no_opts;
    if (!opts)
        opts = &no_opts;
    if (!ref || !ref->registry || !ref->repository || (!ref->tag && !ref->digest))
        return ward_error_set(err, WARD_EFORMAT, 0, "incomplete image reference");
    pthread_once(&curl_once, curl_init_once);
    ward_autoptr(ward_registry) r = ward_xcalloc(1, sizeof(*r));
    if (ward_platform_parse(&r->platform, opts->platform, err) < 0)
        return WARD_EFORMAT;
    r->platform_explicit = opts->platform && *opts->platform;
    r->host = ward_xstrdup(ref->registry);
    r->repository = ward_xstrdup(ref->repository);
    r->reference = ward_xstrdup(ref->digest ? ref->digest : ref->tag);
    r->label = ward_xasprintf("registry %s, repository %s, reference %s", ref->registry,
                              ref->repository, r->reference);
    r->loopback = host_is_loopback(r->host);
    r->insecure = opts->insecure || r->loopback;
    r->timeout_s = opts->timeout_s > 0 ? opts->timeout_s : DEFAULT_TIMEOUT;
    if (opts->username) {
        r->username = ward_xstrdup(opts->username);
        r->password = ward_xstrdup(opts->password ? opts->password : "");
    } else {
        struct ward_docker_cred c;
        if (ward_dockercfg_lookup(&c, opts->docker_config_dir, r->host, err) < 0)
            return ward_error_wrap(err, "registry credentials");
        r->username = WARD_STEAL(&c.username);
        r->password = WARD_STEAL(&c.password);
        r->cred_source = WARD_STEAL(&c.source);
        ward_docker_cred_dispose(&c);
    }
    r->curl = curl_easy_init();
    if (!r->curl)
        ward_oom();
    *out = WARD_STEAL(&r);
    return 0;
}

static void known_clear(struct ward_registry *r)
{
    for (size_t i = 0; i < r->n_known; i++)
        free(r->known[i].digest);
    free(r->known);
    r->known = NULL;
    r->n_known = 0;
}

void ward_registry_free(struct ward_registry *r)
{
    if (!r)
        return;
    if (r->curl)
        curl_easy_cleanup(r->curl);
    free(r->host);
    free(r->repository);
    free(r->reference);
    free(r->label);
    free(r->base);
    free(r->username);
    if (r->password)
        explicit_bzero(r->password, strlen(r->password));
    free(r->password);
    free(r->cred_source);
    if (r->authz)
        explicit_bzero(r->authz, strlen(r->authz));
    free(r->authz);
    known_clear(r);
    free(r);
}

uint64_t ward_registry_blob_bytes(const struct ward_registry *r)
{
    return r->last_blob_bytes;
}

static const char manifest_accept[] =
    MT_OCI_INDEX ", " MT_OCI_MANIFEST ", " MT_DOCKER_LIST ", " MT_DOCKER_V2;

/* GET a manifest by tag or digest into out; verify its digest; *digest_out = sha256. */
static int fetch_manifest(struct ward_registry *r, const char *reference, struct ward_buf *out,
                          char **ctype, char **digest_out, struct ward_error **err)
{
    ward_autofree char *path = ward_xasprintf("/v2/%s/manifests/%s", r->repository, reference);
    ward_buf_dispose(out);
    ward_buf_init(out, WARD_LIMIT_MANIFEST);
    struct resp rs = {.buf = out, .errbody = WARD_BUF_INIT(ERRBODY_MAX)};
    int rc = request(r, path, manifest_accept, REQ_BUFFER, &rs, err);
    if (rc == 0 && rs.status != 200) {
        ward_autofree char *what = ward_xasprintf("manifest %s", reference);
        rc = status_error(r, &rs, what, err);
    }
    if (rc == 0) {
        char got[72];
        ward_sha256_hex(out->ptr ? out->ptr : "", out->len, got);
        bool by_digest = !strncmp(reference, "sha256:", 7);
        if (by_digest && strcmp(got, reference) != 0)
            rc = ward_error_set(err, WARD_EFORMAT, 0,
                                "manifest %s: content has digest %s (corrupt or substituted)",
                                reference, got);
        else if (rs.docker_digest && ward_digest_valid(rs.docker_digest) &&
                 strcmp(rs.docker_digest, got) != 0)
            rc = ward_error_set(err, WARD_EFORMAT, 0,
                                "manifest %s: Docker-Content-Digest %s but content has digest %s",
                                reference, rs.docker_digest, got);
        else {
            *digest_out = ward_xstrdup(got);
            *ctype = rs.content_type ? WARD_STEAL(&rs.content_type) : NULL;
        }
    }
    resp_dispose(&rs);
    return rc;
}

/* Blob GET: stream to sink or buffer, hash, check size and digest. */
static int blob_get(struct ward_registry *r, const char *digest, int64_t expected, uint64_t max,
                    struct ward_buf *buf, ward_blob_sink sink, void *payload,
                    struct ward_error **err)
{
    r->last_blob_bytes = 0;
    if (!ward_digest_valid(digest)) {
        if (digest && strchr(digest, ':') && strncmp(digest, "sha256:", 7) != 0)
            return ward_error_set(err, WARD_EUNSUPPORTED, 0,
                                  "blob %.80s: only sha256 digests are supported", digest);
        return ward_error_set(err, WARD_EFORMAT, 0, "invalid blob digest %.80s",
                              digest ? digest : "(null)");
    }
    ward_autofree char *path = ward_xasprintf("/v2/%s/blobs/%s", r->repository, digest);
    struct ward_sha256 h;
    ward_sha256_init(&h);
    struct resp rs = {.buf = buf,
                      .sink = sink,
                      .payload = payload,
                      .hash = &h,
                      .max_bytes = expected >= 0 ? (uint64_t)expected : max,
                      .errbody = WARD_BUF_INIT(ERRBODY_MAX)};
    int rc = request(r, path, NULL, REQ_STREAM, &rs, err);
    r->last_blob_bytes = rs.bytes;
    if (rc == 0 && rs.status != 200) {
        ward_autofree char *what = ward_xasprintf("blob %s", digest);
        rc = status_error(r, &rs, what, err);
    }
    if (rc == 0 && expected >= 0 && rs.bytes != (uint64_t)expected)
        rc = ward_error_set(err, WARD_EFORMAT, 0,
                            "blob %s: got %" PRIu64 " bytes, the manifest says %" PRId64, digest,
                            rs.bytes, expected);
    if (rc == 0) {
        char got[72];
        ward_sha256_final_hex(&h, got);
        if (strcmp(got, digest) != 0)
            rc = ward_error_set(err, WARD_EFORMAT, 0,
                                "blob %s: content has digest %s (corrupt or substituted)", digest,
                                got);
    } else {
        ward_sha256_dispose(&h);
    }
    if (rc == WARD_ELIMIT && err && *err && rs.over) {
        ward_error_free(*err);
        *err = NULL;
        rc = ward_error_set(err, WARD_ELIMIT, 0, "blob %s: more than %" PRIu64 " bytes%s", digest,
                            rs.max_bytes, expected >= 0 ? " (the manifest's size)" : "");
    }
    resp_dispose(&rs);
    return rc;
}

int ward_registry_resolve(struct ward_registry *r, struct ward_registry_image *out,
                          struct ward_error **err)
{
    memset(out, 0, sizeof(*out));
    ward_autofree char *ctype = NULL;
    ward_autofree char *digest = NULL;
    int rc = fetch_manifest(r, r->reference, &out->manifest, &ctype, &digest, err);
    if (rc < 0)
        goto fail;
    enum ward_manifest_kind kind;
    rc = ward_manifest_kind(&kind, out->manifest.ptr, out->manifest.len, ctype, err);
    if (rc < 0)
        goto fail;
    if (kind == WARD_MANIFEST_INDEX) {
        ward_autofree char *pick = NULL;
        rc = ward_manifest_select(&pick, out->manifest.ptr, out->manifest.len, &r->platform, err);
        if (rc < 0)
            goto fail;
        out->index_digest = WARD_STEAL(&digest);
        free(ctype);
        ctype = NULL;
        rc = fetch_manifest(r, pick, &out->manifest, &ctype, &digest, err);
        if (rc < 0)
            goto fail;
        rc = ward_manifest_kind(&kind, out->manifest.ptr, out->manifest.len, ctype, err);
        if (rc < 0)
            goto fail;
        if (kind != WARD_MANIFEST_IMAGE) {
            rc = ward_error_set(err, WARD_EUNSUPPORTED, 0,
                                "manifest %s for the platform is itself an index", pick);
            goto fail;
        }
    }
    out->manifest_digest = WARD_STEAL(&digest);
    rc = ward_manifest_parse_image(out, out->manifest.ptr, out->manifest.len, err);
    if (rc < 0) {
        ward_error_wrap(err, "manifest %s", out->manifest_digest);
        goto fail;
    }
    if (!out->media_type) {
        char tmp[128];
        const char *ct = strip_params(ctype, tmp, sizeof(tmp));
        out->media_type = ward_xstrdup(ct && *ct ? ct : MT_OCI_MANIFEST);
    }
    ward_buf_init(&out->config, WARD_LIMIT_MANIFEST);
    rc = blob_get(r, out->config_digest, (int64_t)out->config_size, WARD_LIMIT_MANIFEST,
                  &out->config, NULL, NULL, err);
    if (rc < 0) {
        ward_error_wrap(err, "config");
        goto fail;
    }
    if (!out->config.ptr)
        ward_buf_add(&out->config, "", 0);
    if (out->index_digest || r->platform_explicit) {
        /* we chose by platform, or the user named one: the config must agree (it is
         * digest-verified, an index entry's platform field is only a hint) */
        ward_autojson cj = NULL;
        struct ward_error *e = NULL;
        if (ward_json_parse(&cj, out->config.ptr, out->config.len, WARD_LIMIT_MANIFEST, &e) == 0) {
            const char *os = ward_jstr(cj, "os"), *arch = ward_jstr(cj, "architecture");
            struct ward_platform cp;
            memset(&cp, 0, sizeof(cp));
            set_field(cp.os, os ? os : "", os ? strlen(os) : 0);
            set_field(cp.arch, arch ? arch : "", arch ? strlen(arch) : 0);
            platform_normalise(&cp);
            if (os && arch && (strcmp(cp.os, r->platform.os) || strcmp(cp.arch, r->platform.arch)))
                rc = ward_error_set(
                    err, WARD_ENOTFOUND, 0, "%s has no image for %s/%s (manifest %s is for %s/%s)",
                    out->index_digest ? "the index" : "the reference", r->platform.os,
                    r->platform.arch, out->manifest_digest, cp.os, cp.arch);
        }
        ward_error_free(e);
        if (rc < 0)
            goto fail;
    }
    known_clear(r);
    r->known = ward_xcalloc(out->n_layers ? out->n_layers : 1, sizeof(*r->known));
    for (size_t i = 0; i < out->n_layers; i++) {
        r->known[i].digest = ward_xstrdup(out->layers[i].digest);
        r->known[i].size = out->layers[i].size;
    }
    r->n_known = out->n_layers;
    return 0;
fail:
    return ward_error_wrap(err, "%s", r->label);
}

int ward_registry_blob(struct ward_registry *r, const char *digest, ward_blob_sink sink,
                       void *payload, struct ward_error **err)
{
    int64_t expected = -1;
    for (size_t i = 0; i < r->n_known; i++)
        if (!strcmp(r->known[i].digest, digest ? digest : "")) {
            expected = (int64_t)r->known[i].size;
            break;
        }
    int rc = blob_get(r, digest, expected, WARD_LIMIT_LAYER_BYTES, NULL, sink, payload, err);
    if (rc < 0)
        return ward_error_wrap(err, "registry %s, repository %s", r->host, r->repository);
    return 0;
}
