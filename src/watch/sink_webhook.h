/* sink_webhook.h - the HTTP(S) webhook alert sink of ward watch: a bounded
 * in-memory queue drained by one worker thread that POSTs each alert (or a
 * batch) with libcurl, retrying with exponential backoff and jitter; every
 * alert is either delivered or counted as dropped, with the reason. */
#ifndef WARD_WATCH_SINK_WEBHOOK_H
#define WARD_WATCH_SINK_WEBHOOK_H

#include "watch/watch.h"

#include <time.h>

#define WARD_WEBHOOK_QUEUE_MAX   1000000u
#define WARD_WEBHOOK_BATCH_MAX   1000u
#define WARD_WEBHOOK_ATTEMPTS    100u
#define WARD_WEBHOOK_HEADERS_MAX 16u
#define WARD_WEBHOOK_RETRY_AFTER 600.0 /* seconds: a longer Retry-After is capped */

struct ward_webhook_opts {
    const char *url;            /* http:// or https:// */
    unsigned max_attempts;      /* per alert (batch), >= 1; 0 = 5 */
    size_t queue_max;           /* alerts waiting; 0 = 1024 */
    size_t batch_max;           /* alerts per POST; 0 or 1 = one JSON object per POST,
                                 * more = a JSON array of up to that many */
    double timeout_s;           /* one request; 0 = 5 */
    double flush_s;             /* at close: deliver what is queued within this; 0 = 5 */
    double backoff_base_s;      /* first retry delay; 0 = 0.2 */
    double backoff_max_s;       /* delay cap; 0 = 30 */
    const char *headers[WARD_WEBHOOK_HEADERS_MAX]; /* "Name: value" */
    size_t nheaders;
};

struct ward_webhook_stats {
    uint64_t enqueued;           /* accepted into the queue */
    uint64_t delivered;          /* alerts in a 2xx reply */
    uint64_t requests, retries;  /* POSTs made; of them, repeats */
    uint64_t dropped_queue_full; /* not accepted: the queue was full */
    uint64_t dropped_retries;    /* every attempt failed (connect error, 5xx, 429, 408) */
    uint64_t dropped_rejected;   /* another 4xx/3xx reply: never retried */
    uint64_t dropped_shutdown;   /* still queued when the flush deadline passed */
};

struct ward_webhook;
/* Starts the worker. WARD_EFORMAT for a URL that is not http(s). */
int ward_webhook_new(struct ward_webhook **out, const struct ward_webhook_opts *o,
                     struct ward_error **err);
/* Queue one alert (a JSON object; a trailing newline is dropped). Never
 * blocks: returns WARD_ELIMIT (and counts dropped_queue_full) when full. */
int ward_webhook_enqueue(struct ward_webhook *w, const char *line, size_t len);
/* Stop accepting, deliver what is queued until the flush deadline, count
 * the rest as dropped_shutdown, join the worker. Idempotent. */
void ward_webhook_close(struct ward_webhook *w);
void ward_webhook_free(struct ward_webhook *w); /* closes first */
WARD_DEFINE_AUTOPTR(ward_webhook, ward_webhook_free)
void ward_webhook_get_stats(struct ward_webhook *w, struct ward_webhook_stats *st);
/* Drops after the alert was queued (retries, rejected, shutdown). */
uint64_t ward_webhook_async_dropped(struct ward_webhook *w);
const char *ward_webhook_url(const struct ward_webhook *w);
/* The delay a Retry-After header value asks for (delta-seconds or an
 * HTTP-date relative to now), capped at WARD_WEBHOOK_RETRY_AFTER; -1 when
 * the value is neither. value need not be NUL-terminated. */
double ward_webhook_retry_after(const char *value, size_t len, time_t now);

/* sinks.c: add a webhook sink with options (ward_wsinks_add also takes
 * "webhook:URL" with the defaults). */
int ward_wsinks_add_webhook(struct ward_wsinks *s, const struct ward_webhook_opts *o,
                            struct ward_error **err);
/* Close the asynchronous sinks (flush webhooks within their deadline) so the
 * counters are final. Call before reading sent/dropped for the summary. */
void ward_wsinks_close(struct ward_wsinks *s);
/* The webhook sinks, for their counters (borrowed). */
size_t ward_wsinks_webhooks(struct ward_wsinks *s, struct ward_webhook **out, size_t max);

#endif
