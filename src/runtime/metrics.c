/* metrics.c - ward stats as Prometheus text exposition, with cAdvisor's metric
 * names and id/name/image labels so existing dashboards and alerts work. */
#include "runtime/runtime.h"

#include <inttypes.h>
#include <string.h>

/* Label values escape backslash, double quote and newline (exposition format). */
static void label(struct ward_buf *b, const char *k, const char *v, bool first)
{
    ward_buf_addf(b, "%s%s=\"", first ? "" : ",", k);
    for (const char *p = v ? v : ""; *p; p++) {
        if (*p == '\\')
            ward_buf_adds(b, "\\\\");
        else if (*p == '"')
            ward_buf_adds(b, "\\\"");
        else if (*p == '\n')
            ward_buf_adds(b, "\\n");
        else
            ward_buf_addc(b, *p);
    }
    ward_buf_addc(b, '"');
}

struct metric {
    const char *name, *type, *help;
};

static const struct metric metrics[] = {
    {"container_cpu_usage_seconds_total", "counter", "Cumulative cpu time consumed in seconds."},
    {"container_memory_usage_bytes", "gauge",
     "Current memory usage in bytes, including all memory regardless of when it was accessed"},
    {"container_memory_working_set_bytes", "gauge", "Current working set in bytes."},
    {"container_memory_rss", "gauge", "Size of RSS in bytes."},
    {"container_memory_cache", "gauge", "Number of bytes of page cache memory."},
    {"container_spec_memory_limit_bytes", "gauge", "Memory limit for the container."},
    {"container_spec_cpu_quota", "gauge", "CPU quota of the container."},
    {"container_spec_cpu_period", "gauge", "CPU period of the container."},
    {"container_network_receive_bytes_total", "counter", "Cumulative count of bytes received"},
    {"container_network_transmit_bytes_total", "counter", "Cumulative count of bytes transmitted"},
    {"container_fs_reads_bytes_total", "counter", "Cumulative count of bytes read"},
    {"container_fs_writes_bytes_total", "counter", "Cumulative count of bytes written"},
    {"container_processes", "gauge", "Number of processes running inside the container."},
    {"container_spec_processes_limit", "gauge", "Pids limit of the container (0: none)."},
    {"ward_container_cpu_percent", "gauge", "CPU % as docker stats computes it."},
    {"ward_container_limit_flags", "gauge",
     "1 per alert: no_memory_limit, no_cpu_limit, no_pids_limit, near_limit, "
     "too_many_processes."},
};

static void value(struct ward_buf *b, const struct ward_ctr_stat *c, size_t m)
{
    const struct ward_cg_sample *q = &c->cur;
    switch (m) {
    case 0:
        ward_buf_addf(b, "%.9f", (double)q->cpu_ns / 1e9);
        break;
    case 1:
        ward_buf_addf(b, "%" PRIu64, q->mem_usage);
        break;
    case 2:
        ward_buf_addf(b, "%" PRIu64, c->mem_used);
        break;
    case 3:
        ward_buf_addf(b, "%" PRIu64, q->mem_rss);
        break;
    case 4:
        ward_buf_addf(b, "%" PRIu64, q->mem_cache);
        break;
    case 5:
        ward_buf_addf(b, "%" PRIu64, q->mem_limit);
        break;
    case 6:
        ward_buf_addf(b, "%" PRId64, q->cpu_quota_us > 0 ? q->cpu_quota_us : 0);
        break;
    case 7:
        ward_buf_addf(b, "%" PRIu64, q->cpu_period_us);
        break;
    case 8:
        ward_buf_addf(b, "%" PRIu64, c->net_rx);
        break;
    case 9:
        ward_buf_addf(b, "%" PRIu64, c->net_tx);
        break;
    case 10:
        ward_buf_addf(b, "%" PRIu64, q->blk_read);
        break;
    case 11:
        ward_buf_addf(b, "%" PRIu64, q->blk_write);
        break;
    case 12:
        ward_buf_addf(b, "%" PRIu64, q->pids);
        break;
    case 13:
        ward_buf_addf(b, "%" PRIu64, q->pids_limit);
        break;
    case 14:
        ward_buf_addf(b, "%.2f", c->cpu_percent);
        break;
    default:
        break;
    }
}

static const char *const flag_names[] = {"no_memory_limit", "no_cpu_limit", "no_pids_limit",
                                         "near_limit", "too_many_processes"};

int ward_stats_prometheus(const struct ward_stats *s, struct ward_buf *out)
{
    for (size_t m = 0; m < WARD_ARRAY_LEN(metrics); m++) {
        ward_buf_addf(out, "# HELP %s %s\n# TYPE %s %s\n", metrics[m].name, metrics[m].help,
                      metrics[m].name, metrics[m].type);
        for (size_t i = 0; i < s->n; i++) {
            const struct ward_ctr_stat *c = &s->items[i];
            if (!c->have_cur)
                continue;
            size_t nrows = m == 15 ? WARD_ARRAY_LEN(flag_names) : 1;
            for (size_t r = 0; r < nrows; r++) {
                ward_buf_addf(out, "%s{", metrics[m].name);
                label(out, "id", c->dirs.path ? c->dirs.path : c->id, true);
                label(out, "image", c->image, false);
                label(out, "name", c->name, false);
                if (m == 0)
                    label(out, "cpu", "total", false);
                if (m == 15)
                    label(out, "flag", flag_names[r], false);
                ward_buf_adds(out, "} ");
                if (m == 15)
                    ward_buf_adds(out, (c->flags & (1u << r)) ? "1" : "0");
                else
                    value(out, c, m);
                ward_buf_addc(out, '\n');
            }
        }
    }
    return ward_buf_check(out);
}

#ifdef WARD_HAVE_MICROHTTPD
#include "engine/engine.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>

struct serve_ctx {
    struct ward_stats *s;
    struct ward_engine *e;
    char *const *names;
    size_t nnames;
    pthread_mutex_t mu;
};

static enum MHD_Result send_text(struct MHD_Connection *conn, unsigned code, const char *type,
                                 char *body, size_t len)
{
    struct MHD_Response *r = MHD_create_response_from_buffer(
        len, body, body ? MHD_RESPMEM_MUST_FREE : MHD_RESPMEM_PERSISTENT);
    if (!r)
        return MHD_NO;
    MHD_add_response_header(r, "Content-Type", type);
    enum MHD_Result ret = MHD_queue_response(conn, code, r);
    MHD_destroy_response(r);
    return ret;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version, const char *upload_data,
                                  size_t *upload_data_size, void **req_cls)
{
    struct serve_ctx *x = cls;
    (void)version;
    (void)upload_data;
    (void)upload_data_size;
    (void)req_cls;
    if (strcmp(method, "GET") != 0)
        return send_text(conn, MHD_HTTP_METHOD_NOT_ALLOWED, "text/plain", NULL, 0);
    if (strcmp(url, "/metrics") != 0)
        return send_text(conn, MHD_HTTP_NOT_FOUND, "text/plain", NULL, 0);
    struct ward_buf b = WARD_BUF_INIT(64u << 20);
    struct ward_error *err = NULL;
    unsigned code = MHD_HTTP_OK;
    pthread_mutex_lock(&x->mu);
    /* each scrape refreshes the container set and takes one sample; CPU % is
     * over the time since the previous scrape */
    if (ward_stats_discover(x->s, x->e, x->names, x->nnames, &err) < 0 ||
        ward_stats_sample(x->s, &err) < 0 || ward_stats_prometheus(x->s, &b) < 0) {
        code = MHD_HTTP_INTERNAL_SERVER_ERROR;
        ward_buf_reset(&b);
        ward_buf_addf(&b, "error: %s\n", err && err->msg ? err->msg : "cannot collect");
    }
    pthread_mutex_unlock(&x->mu);
    ward_error_free(err);
    size_t len = b.len;
    char *body = ward_buf_steal(&b);
    ward_buf_dispose(&b);
    if (!body)
        return send_text(conn, MHD_HTTP_INTERNAL_SERVER_ERROR, "text/plain", NULL, 0);
    return send_text(conn, code, "text/plain; version=0.0.4", body, len);
}

int ward_stats_serve(struct ward_stats *s, struct ward_engine *e, char *const *names, size_t nnames,
                     const char *listen, struct ward_error **err)
{
    const char *colon = strrchr(listen, ':');
    struct sockaddr_in sa;
    memset(&sa, 0, sizeof(sa));
    sa.sin_family = AF_INET;
    char host[64];
    unsigned long port = colon ? strtoul(colon + 1, NULL, 10) : 0;
    if (!colon || (size_t)(colon - listen) >= sizeof(host) || port == 0 || port > 65535)
        return ward_error_set(err, WARD_EFORMAT, 0, "--listen %s: want ADDR:PORT", listen);
    memcpy(host, listen, (size_t)(colon - listen));
    host[colon - listen] = '\0';
    if (inet_pton(AF_INET, host[0] ? host : "127.0.0.1", &sa.sin_addr) != 1)
        return ward_error_set(err, WARD_EFORMAT, 0, "--listen %s: not an IPv4 address", listen);
    sa.sin_port = htons((uint16_t)port);

    struct serve_ctx x = {s, e, names, nnames, PTHREAD_MUTEX_INITIALIZER};
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set, NULL); /* the MHD thread inherits the mask */
    struct MHD_Daemon *d =
        MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG, 0, NULL, NULL,
                         on_request, &x, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
                         MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)30, MHD_OPTION_END);
    if (!d) {
        pthread_sigmask(SIG_UNBLOCK, &set, NULL);
        return ward_error_set(err, WARD_EIO, 0, "cannot listen on %s", listen);
    }
    int sig = 0;
    sigwait(&set, &sig);
    MHD_stop_daemon(d);
    pthread_sigmask(SIG_UNBLOCK, &set, NULL);
    return 0;
}
#else
int ward_stats_serve(struct ward_stats *s, struct ward_engine *e, char *const *names, size_t nnames,
                     const char *listen, struct ward_error **err)
{
    (void)s;
    (void)e;
    (void)names;
    (void)nnames;
    return ward_error_set(err, WARD_EUNSUPPORTED, 0,
                          "--listen %s: this ward was built without libmicrohttpd", listen);
}
#endif
