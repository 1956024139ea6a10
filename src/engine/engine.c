/* engine.c - Docker Engine API over a unix socket with libcurl. */
#define WARD_LOG_MODULE "engine"
#include "engine/engine.h"
#include "util/limits.h"
#include "util/log.h"

#include <curl/curl.h>
#include <string.h>

struct ward_engine {
    char *host;
    char *sock;     /* unix socket path or NULL */
    char *base_url; /* "http://localhost" or "http://h:p" */
    CURL *curl;
};

static void global_init(void)
{
    static int done;
    if (!done) {
        curl_global_init(CURL_GLOBAL_DEFAULT);
        done = 1;
    }
}

int ward_engine_open(struct ward_engine **out, const char *host, struct ward_error **err)
{
    global_init();
    if (!host || !*host)
        host = getenv("DOCKER_HOST");
    if (!host || !*host)
        host = "unix:///var/run/docker.sock";
    struct ward_engine *e = ward_xcalloc(1, sizeof(*e));
    e->host = ward_xstrdup(host);
    if (strncmp(host, "unix://", 7) == 0) {
        e->sock = ward_xstrdup(host + 7);
        e->base_url = ward_xstrdup("http://localhost");
    } else if (host[0] == '/') {
        e->sock = ward_xstrdup(host);
        e->base_url = ward_xstrdup("http://localhost");
    } else if (strncmp(host, "tcp://", 6) == 0) {
        e->base_url = ward_xasprintf("http://%s", host + 6);
    } else if (strncmp(host, "http://", 7) == 0) {
        e->base_url = ward_xstrdup(host);
    } else {
        ward_engine_free(e);
        return ward_error_set(err, WARD_EUNSUPPORTED, 0,
                              "DOCKER_HOST %s: only unix:// and tcp:// are supported", host);
    }
    size_t bl = strlen(e->base_url);
    if (bl && e->base_url[bl - 1] == '/')
        e->base_url[bl - 1] = '\0';
    e->curl = curl_easy_init();
    if (!e->curl)
        ward_oom();
    *out = e;
    return 0;
}

void ward_engine_free(struct ward_engine *e)
{
    if (!e)
        return;
    if (e->curl)
        curl_easy_cleanup(e->curl);
    free(e->host);
    free(e->sock);
    free(e->base_url);
    free(e);
}

const char *ward_engine_host(const struct ward_engine *e)
{
    return e->host;
}

const char *ward_engine_socket(const struct ward_engine *e)
{
    return e->sock;
}

struct sink_ctx {
    struct ward_buf *buf;
    ward_engine_sink sink;
    void *payload;
    int sink_rc;
};

static size_t on_data(char *p, size_t size, size_t nmemb, void *ud)
{
    struct sink_ctx *c = ud;
    size_t n = size * nmemb;
    if (c->buf) {
        ward_buf_add(c->buf, p, n);
        return ward_buf_check(c->buf) ? 0 : n;
    }
    int rc = c->sink(p, n, c->payload);
    if (rc < 0) {
        c->sink_rc = rc;
        return 0;
    }
    return n;
}

static int perform(struct ward_engine *e, const char *path, struct sink_ctx *c, long *status,
                   struct ward_error **err)
{
    CURL *h = e->curl;
    curl_easy_reset(h);
    ward_autofree char *url = ward_xasprintf("%s%s", e->base_url, path);
    if (e->sock)
        curl_easy_setopt(h, CURLOPT_UNIX_SOCKET_PATH, e->sock);
    curl_easy_setopt(h, CURLOPT_URL, url);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_data);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, c);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, 10L);
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http");
    CURLcode rc = curl_easy_perform(h);
    if (c->sink_rc < 0)
        return ward_error_set(err, c->sink_rc, 0, "engine %s: reader stopped the transfer", path);
    if (rc == CURLE_WRITE_ERROR && c->buf && ward_buf_check(c->buf))
        return ward_error_set(err, WARD_ELIMIT, 0, "engine %s: reply larger than %zu bytes", path,
                              c->buf->max);
    if (rc != CURLE_OK)
        return ward_error_set(err, WARD_EIO, 0, "cannot reach Docker Engine at %s (%s): %s",
                              e->host, path, curl_easy_strerror(rc));
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, status);
    return 0;
}

int ward_engine_get(struct ward_engine *e, const char *path, struct ward_buf *out, long *status,
                    struct ward_error **err)
{
    if (!out->max)
        out->max = WARD_LIMIT_HTTP_BODY;
    struct sink_ctx c = {.buf = out};
    long st = 0;
    int rc = perform(e, path, &c, &st, err);
    if (status)
        *status = st;
    return rc;
}

int ward_engine_get_json(struct ward_engine *e, const char *path, json_t **out,
                         struct ward_error **err)
{
    struct ward_buf b = WARD_BUF_INIT(WARD_LIMIT_HTTP_BODY);
    long st = 0;
    int rc = ward_engine_get(e, path, &b, &st, err);
    if (rc < 0) {
        ward_buf_dispose(&b);
        return rc;
    }
    if (st < 200 || st >= 300) {
        json_t *j = NULL;
        const char *msg = NULL;
        if (b.ptr && ward_json_parse(&j, b.ptr, b.len, 0, NULL) == 0)
            msg = ward_jstr(j, "message");
        rc = ward_error_set(err, st == 404 ? WARD_ENOTFOUND : WARD_ERR, 0,
                            "engine %s: HTTP %ld: %s", path, st, msg ? msg : "(no message)");
        if (j)
            json_decref(j);
        ward_buf_dispose(&b);
        return rc;
    }
    rc = ward_json_parse(out, b.ptr ? b.ptr : "", b.len, 0, err);
    ward_buf_dispose(&b);
    if (rc < 0)
        return ward_error_wrap(err, "engine %s", path);
    return 0;
}

int ward_engine_get_stream(struct ward_engine *e, const char *path, ward_engine_sink sink,
                           void *payload, struct ward_error **err)
{
    struct sink_ctx c = {.sink = sink, .payload = payload};
    long st = 0;
    int rc = perform(e, path, &c, &st, err);
    if (rc < 0)
        return rc;
    if (st < 200 || st >= 300)
        return ward_error_set(err, st == 404 ? WARD_ENOTFOUND : WARD_ERR, 0,
                              "engine %s: HTTP %ld", path, st);
    return 0;
}

char *ward_engine_escape(const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    struct ward_buf b = WARD_BUF_INIT(0);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
            *p == '-' || *p == '_' || *p == '.' || *p == '~')
            ward_buf_addc(&b, (char)*p);
        else {
            char t[3] = {'%', hex[*p >> 4], hex[*p & 15]};
            ward_buf_add(&b, t, 3);
        }
    }
    return ward_buf_steal(&b);
}
