/* sink_webhook.c - ward watch's webhook sink: alerts wait in a bounded ring,
 * one worker thread POSTs them in order (head-of-line: a failing alert holds
 * the ones behind it, so the receiver sees them in order), retrying with
 * exponential backoff + jitter and Retry-After; every drop is counted. */
#define WARD_LOG_MODULE "webhook"
#include "watch/sink_webhook.h"

#include "util/log.h"

#include <curl/curl.h>
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>
#include <time.h>

struct item {
    char *p;
    size_t n;
};

struct ward_webhook {
    struct ward_webhook_opts o;
    char *url;
    char *hdr_store[WARD_WEBHOOK_HEADERS_MAX];
    pthread_mutex_t mu;
    pthread_cond_t cv;
    pthread_t thread;
    bool started, stopping, closed;
    double deadline; /* monotonic seconds, once stopping */
    struct item *ring;
    size_t head, count; /* ring[head .. head+count) */
    uint64_t seq;       /* sequence number of ring[head] (1-based) */
    struct ward_webhook_stats st;
    uint64_t rng;
};

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static uint64_t rng_next(uint64_t *s)
{
    /* xorshift64*: jitter only, not security */
    uint64_t x = *s;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    *s = x;
    return x * 2685821657736338717ull;
}

/* ---- one request ----------------------------------------------------------------- */

struct reply {
    double retry_after; /* seconds, < 0 when absent */
};

static size_t on_body(char *p, size_t sz, size_t n, void *ud)
{
    (void)p;
    (void)ud;
    return sz * n; /* the reply body is not needed */
}

double ward_webhook_retry_after(const char *value, size_t len, time_t now)
{
    char v[128];
    if (len >= sizeof(v))
        return -1; /* no valid delta-seconds or HTTP-date is that long */
    memcpy(v, value, len);
    v[len] = 0;
    if (memchr(v, 0, len))
        return -1;
    char *s = v;
    while (*s == ' ' || *s == '\t')
        s++;
    for (char *e = s + strlen(s); e > s && (e[-1] == '\r' || e[-1] == '\n' || e[-1] == ' ' ||
                                            e[-1] == '\t');)
        *--e = 0;
    double secs = -1;
    if (s[0] >= '0' && s[0] <= '9') {
        /* delta-seconds: 1*DIGIT (RFC 9110 10.2.3); anything else is not a delay */
        char *end;
        errno = 0;
        unsigned long long n = strtoull(s, &end, 10);
        if (*end == 0)
            secs = errno == ERANGE ? WARD_WEBHOOK_RETRY_AFTER : (double)n;
    } else if (*s) {
        time_t t = curl_getdate(s, NULL); /* HTTP-date */
        if (t > 0)
            secs = WARD_MAX((double)t - (double)now, 0.0);
    }
    return WARD_MIN(secs, WARD_WEBHOOK_RETRY_AFTER);
}

static size_t on_header(char *p, size_t sz, size_t n, void *ud)
{
    struct reply *r = ud;
    size_t len = sz * n;
    static const char k[] = "retry-after:";
    if (len > sizeof(k) - 1 && strncasecmp(p, k, sizeof(k) - 1) == 0)
        r->retry_after = ward_webhook_retry_after(p + sizeof(k) - 1, len - (sizeof(k) - 1),
                                                  time(NULL));
    return len;
}

static int on_progress(void *ud, curl_off_t a, curl_off_t b, curl_off_t c, curl_off_t d)
{
    (void)a, (void)b, (void)c, (void)d;
    struct ward_webhook *w = ud;
    pthread_mutex_lock(&w->mu);
    bool abort_now = w->stopping && now_s() >= w->deadline;
    pthread_mutex_unlock(&w->mu);
    return abort_now; /* non-zero aborts the transfer: the flush deadline passed */
}

enum outcome { OK, RETRY, REJECT };

static enum outcome post(struct ward_webhook *w, CURL *h, struct curl_slist *hdrs,
                         const struct ward_buf *body, uint64_t seq, struct reply *r)
{
    char seqh[64];
    snprintf(seqh, sizeof(seqh), "X-Ward-Seq: %llu", (unsigned long long)seq);
    struct curl_slist *all = curl_slist_append(NULL, seqh);
    for (struct curl_slist *x = hdrs; x && all; x = x->next)
        all = curl_slist_append(all, x->data);
    if (!all)
        ward_oom();
    r->retry_after = -1;
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, all);
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, body->ptr);
    curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)body->len);
    curl_easy_setopt(h, CURLOPT_HEADERDATA, r);
    CURLcode rc = curl_easy_perform(h);
    long code = 0;
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
    curl_slist_free_all(all);
    if (rc != CURLE_OK) {
        ward_debug("POST %s: %s", w->url, curl_easy_strerror(rc));
        return RETRY; /* connect error, reset, timeout, empty reply */
    }
    if (code >= 200 && code < 300)
        return OK;
    ward_debug("POST %s: HTTP %ld", w->url, code);
    if (code >= 500 || code == 429 || code == 408)
        return RETRY;
    return REJECT;
}

/* Wait up to secs, or until the flush deadline. False when the deadline
 * passes first (the caller gives up). */
static bool backoff_wait(struct ward_webhook *w, double secs)
{
    double until = now_s() + secs;
    pthread_mutex_lock(&w->mu);
    for (;;) {
        double now = now_s();
        if (w->stopping && (now >= w->deadline || until > w->deadline)) {
            pthread_mutex_unlock(&w->mu);
            return false;
        }
        if (now >= until)
            break;
        struct timespec ts;
        clock_gettime(CLOCK_MONOTONIC, &ts);
        double d = until - now;
        ts.tv_sec += (time_t)d;
        ts.tv_nsec += (long)((d - (double)(time_t)d) * 1e9);
        if (ts.tv_nsec >= 1000000000L) {
            ts.tv_sec++;
            ts.tv_nsec -= 1000000000L;
        }
        pthread_cond_timedwait(&w->cv, &w->mu, &ts);
    }
    pthread_mutex_unlock(&w->mu);
    return true;
}

static double backoff_delay(struct ward_webhook *w, unsigned attempt, const struct reply *r)
{
    if (r->retry_after >= 0)
        return r->retry_after;
    double d = w->o.backoff_base_s;
    for (unsigned i = 1; i < attempt && d < w->o.backoff_max_s; i++)
        d *= 2;
    d = WARD_MIN(d, w->o.backoff_max_s);
    /* equal jitter: half fixed, half random, so retries of many senders spread */
    double u = (double)(rng_next(&w->rng) >> 11) / (double)(1ull << 53);
    return d / 2 + u * d / 2;
}

static void *worker(void *ud)
{
    struct ward_webhook *w = ud;
    CURL *h = curl_easy_init();
    if (!h)
        ward_oom();
    struct curl_slist *hdrs = curl_slist_append(NULL, "Content-Type: application/json");
    /* no "Expect: 100-continue" round trip (curl adds it past 1 KiB): alerts are small */
    hdrs = hdrs ? curl_slist_append(hdrs, "Expect:") : NULL;
    for (size_t i = 0; i < w->o.nheaders && hdrs; i++)
        hdrs = curl_slist_append(hdrs, w->o.headers[i]);
    if (!hdrs)
        ward_oom();
    curl_easy_setopt(h, CURLOPT_URL, w->url);
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_USERAGENT, "ward-watch/" WARD_VERSION);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, on_progress);
    curl_easy_setopt(h, CURLOPT_XFERINFODATA, w);
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, (long)(WARD_MIN(w->o.timeout_s, 2.0) * 1000) + 1);
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, (long)(w->o.timeout_s * 1000));
    curl_easy_setopt(h, CURLOPT_TCP_KEEPALIVE, 1L);

    struct ward_buf body = WARD_BUF_INIT(0);
    pthread_mutex_lock(&w->mu);
    for (;;) {
        while (w->count == 0 && !w->stopping)
            pthread_cond_wait(&w->cv, &w->mu);
        if (w->count == 0)
            break;
        if (w->stopping && now_s() >= w->deadline) {
            /* deadline passed: what is left is dropped, and counted */
            w->st.dropped_shutdown += w->count;
            for (size_t i = 0; i < w->count; i++)
                free(w->ring[(w->head + i) % w->o.queue_max].p);
            w->count = 0;
            break;
        }
        size_t k = WARD_MIN(w->count, WARD_MAX(w->o.batch_max, (size_t)1));
        uint64_t seq = w->seq;
        ward_buf_reset(&body);
        if (w->o.batch_max > 1)
            ward_buf_addc(&body, '[');
        for (size_t i = 0; i < k; i++) {
            struct item *it = &w->ring[(w->head + i) % w->o.queue_max];
            if (i)
                ward_buf_addc(&body, ',');
            ward_buf_add(&body, it->p, it->n);
        }
        if (w->o.batch_max > 1)
            ward_buf_addc(&body, ']');
        pthread_mutex_unlock(&w->mu);

        enum outcome out = RETRY;
        bool gave_up = false;
        for (unsigned attempt = 1;; attempt++) {
            struct reply r;
            out = post(w, h, hdrs, &body, seq, &r);
            pthread_mutex_lock(&w->mu);
            w->st.requests++;
            w->st.retries += attempt > 1;
            pthread_mutex_unlock(&w->mu);
            if (out != RETRY || attempt >= w->o.max_attempts)
                break;
            if (!backoff_wait(w, backoff_delay(w, attempt, &r))) {
                gave_up = true;
                break;
            }
        }
        pthread_mutex_lock(&w->mu);
        if (out == OK)
            w->st.delivered += k;
        else if (out == REJECT)
            w->st.dropped_rejected += k;
        else if (gave_up)
            w->st.dropped_shutdown += k;
        else
            w->st.dropped_retries += k;
        if (out != OK)
            ward_warn("%zu alert(s) from #%llu not delivered to %s (%s)", k,
                      (unsigned long long)seq, w->url,
                      out == REJECT ? "rejected" : gave_up ? "flush deadline" : "retries exhausted");
        for (size_t i = 0; i < k; i++) {
            free(w->ring[w->head].p);
            w->head = (w->head + 1) % w->o.queue_max;
        }
        w->count -= k;
        w->seq += k;
    }
    pthread_mutex_unlock(&w->mu);
    ward_buf_dispose(&body);
    curl_slist_free_all(hdrs);
    curl_easy_cleanup(h);
    return NULL;
}

/* ---- the queue -------------------------------------------------------------------- */

int ward_webhook_new(struct ward_webhook **out, const struct ward_webhook_opts *o,
                     struct ward_error **err)
{
    if (!o->url || (strncmp(o->url, "http://", 7) != 0 && strncmp(o->url, "https://", 8) != 0))
        return ward_error_set(err, WARD_EFORMAT, 0, "webhook URL '%s': want http:// or https://",
                              o->url ? o->url : "");
    if (o->nheaders > WARD_WEBHOOK_HEADERS_MAX)
        return ward_error_set(err, WARD_ELIMIT, 0, "more than %u webhook headers",
                              WARD_WEBHOOK_HEADERS_MAX);
    for (size_t i = 0; i < o->nheaders; i++)
        if (!strchr(o->headers[i], ':') || strpbrk(o->headers[i], "\r\n"))
            return ward_error_set(err, WARD_EFORMAT, 0, "webhook header '%s': want 'Name: value'",
                                  o->headers[i]);
    struct ward_webhook *w = ward_xcalloc(1, sizeof(*w));
    w->o = *o;
    w->url = ward_xstrdup(o->url);
    w->o.url = w->url;
    for (size_t i = 0; i < o->nheaders; i++)
        w->o.headers[i] = w->hdr_store[i] = ward_xstrdup(o->headers[i]);
    if (w->o.max_attempts == 0)
        w->o.max_attempts = 5;
    w->o.max_attempts = WARD_MIN(w->o.max_attempts, WARD_WEBHOOK_ATTEMPTS);
    if (w->o.queue_max == 0)
        w->o.queue_max = 1024;
    w->o.queue_max = WARD_MIN(w->o.queue_max, (size_t)WARD_WEBHOOK_QUEUE_MAX);
    w->o.batch_max = WARD_MIN(WARD_MAX(w->o.batch_max, (size_t)1), (size_t)WARD_WEBHOOK_BATCH_MAX);
    if (w->o.timeout_s <= 0)
        w->o.timeout_s = 5;
    if (w->o.flush_s <= 0)
        w->o.flush_s = 5;
    if (w->o.backoff_base_s <= 0)
        w->o.backoff_base_s = 0.2;
    if (w->o.backoff_max_s <= 0)
        w->o.backoff_max_s = 30;
    w->ring = ward_xcalloc(w->o.queue_max, sizeof(*w->ring));
    w->seq = 1;
    if (getrandom(&w->rng, sizeof(w->rng), GRND_NONBLOCK) != (ssize_t)sizeof(w->rng) || !w->rng)
        w->rng = (uint64_t)time(NULL) * 2654435761u ^ (uint64_t)getpid() ^ 1;
    pthread_mutex_init(&w->mu, NULL);
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_init(&w->cv, &ca);
    pthread_condattr_destroy(&ca);
    curl_global_init(CURL_GLOBAL_DEFAULT);
    /* signals stay with the main thread (its loop polls the stop flag) */
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    int rc = pthread_create(&w->thread, NULL, worker, w);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (rc != 0) {
        ward_webhook_free(w);
        return ward_error_set(err, WARD_ERR, rc, "webhook: cannot start its thread");
    }
    w->started = true;
    *out = w;
    return 0;
}

int ward_webhook_enqueue(struct ward_webhook *w, const char *line, size_t len)
{
    if (len && line[len - 1] == '\n')
        len--;
    pthread_mutex_lock(&w->mu);
    if (w->stopping || w->count >= w->o.queue_max) {
        w->st.dropped_queue_full++;
        pthread_mutex_unlock(&w->mu);
        return WARD_ELIMIT;
    }
    struct item *it = &w->ring[(w->head + w->count) % w->o.queue_max];
    it->p = ward_xstrndup(line, len);
    it->n = len;
    w->count++;
    w->st.enqueued++;
    pthread_cond_signal(&w->cv);
    pthread_mutex_unlock(&w->mu);
    return 0;
}

void ward_webhook_close(struct ward_webhook *w)
{
    if (!w || w->closed)
        return;
    pthread_mutex_lock(&w->mu);
    w->stopping = true;
    w->deadline = now_s() + w->o.flush_s;
    pthread_cond_broadcast(&w->cv);
    pthread_mutex_unlock(&w->mu);
    if (w->started)
        pthread_join(w->thread, NULL);
    w->closed = true;
}

void ward_webhook_free(struct ward_webhook *w)
{
    if (!w)
        return;
    ward_webhook_close(w);
    for (size_t i = 0; i < w->count; i++)
        free(w->ring[(w->head + i) % w->o.queue_max].p);
    free(w->ring);
    for (size_t i = 0; i < WARD_WEBHOOK_HEADERS_MAX; i++)
        free(w->hdr_store[i]);
    pthread_cond_destroy(&w->cv);
    pthread_mutex_destroy(&w->mu);
    free(w->url);
    free(w);
}

void ward_webhook_get_stats(struct ward_webhook *w, struct ward_webhook_stats *st)
{
    pthread_mutex_lock(&w->mu);
    *st = w->st;
    pthread_mutex_unlock(&w->mu);
}

uint64_t ward_webhook_async_dropped(struct ward_webhook *w)
{
    pthread_mutex_lock(&w->mu);
    uint64_t n = w->st.dropped_retries + w->st.dropped_rejected + w->st.dropped_shutdown;
    pthread_mutex_unlock(&w->mu);
    return n;
}

const char *ward_webhook_url(const struct ward_webhook *w)
{
    return w->url;
}
