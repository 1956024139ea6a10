/* engine.h - Docker Engine API client over the unix socket (or tcp://) with
 * libcurl. DOCKER_HOST is honoured; bodies are bounded; JSON via json_in. */
#ifndef WARD_ENGINE_ENGINE_H
#define WARD_ENGINE_ENGINE_H

#include "util/buf.h"
#include "util/json_in.h"

struct ward_engine;

/* host: "unix:///path", "tcp://h:p", "/path/to.sock", or NULL for $DOCKER_HOST,
 * else unix:///var/run/docker.sock. No connection is made here. */
int ward_engine_open(struct ward_engine **out, const char *host, struct ward_error **err);
void ward_engine_free(struct ward_engine *e);
WARD_DEFINE_AUTOPTR(ward_engine, ward_engine_free)

/* The host as given/resolved ("unix:///var/run/docker.sock"). Borrowed. */
const char *ward_engine_host(const struct ward_engine *e);
/* Socket path for unix hosts, NULL for tcp. Borrowed. */
const char *ward_engine_socket(const struct ward_engine *e);

/* GET path ("/info", "/containers/json?all=1"); body into out (max bytes per
 * out->max or WARD_LIMIT_HTTP_BODY). *status gets the HTTP status. Transport
 * failures return WARD_EIO; HTTP errors are not errors here. */
int ward_engine_get(struct ward_engine *e, const char *path, struct ward_buf *out, long *status,
                    struct ward_error **err);
/* GET and parse JSON; non-2xx -> WARD_ENOTFOUND (404) or WARD_ERR with the
 * daemon's message. */
int ward_engine_get_json(struct ward_engine *e, const char *path, json_t **out,
                         struct ward_error **err);

/* Streaming GET: sink gets body chunks; a negative return aborts with that code. */
typedef int (*ward_engine_sink)(const void *p, size_t n, void *payload);
int ward_engine_get_stream(struct ward_engine *e, const char *path, ward_engine_sink sink,
                           void *payload, struct ward_error **err);

/* Percent-encode s for use in a URL path segment or query value. Caller frees. */
char *ward_engine_escape(const char *s);

#endif
