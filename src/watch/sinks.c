/* sinks.c - where ward watch sends alerts: stdout (JSON lines), a file
 * (appended, one JSON line per alert), syslog. A failed write is counted as
 * a drop and reported at exit; nothing is dropped silently. */
#include "watch/watch.h"
#include "watch/sink_webhook.h"

#include "util/file.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>

enum sink_kind { SINK_STDOUT, SINK_FILE, SINK_SYSLOG, SINK_WEBHOOK };

struct sink {
    enum sink_kind kind;
    int fd;
    struct ward_webhook *wh; /* SINK_WEBHOOK (sink_webhook.c) */
};

struct ward_wsinks {
    struct sink items[16];
    size_t n;
    uint64_t sent, dropped;
    bool syslog_open;
};

int ward_wsinks_new(struct ward_wsinks **out)
{
    *out = ward_xcalloc(1, sizeof(**out));
    return 0;
}

void ward_wsinks_free(struct ward_wsinks *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->n; i++)
        if (s->items[i].kind == SINK_FILE)
            close(s->items[i].fd);
        else if (s->items[i].kind == SINK_WEBHOOK)
            ward_webhook_free(s->items[i].wh);
    if (s->syslog_open)
        closelog();
    free(s);
}

int ward_wsinks_add(struct ward_wsinks *s, const char *spec, struct ward_error **err)
{
    if (s->n >= WARD_ARRAY_LEN(s->items))
        return ward_error_set(err, WARD_ELIMIT, 0, "too many outputs");
    struct sink k = {.fd = -1};
    if (strcmp(spec, "stdout") == 0 || strcmp(spec, "-") == 0) {
        k.kind = SINK_STDOUT;
        k.fd = STDOUT_FILENO;
    } else if (strncmp(spec, "file:", 5) == 0 && spec[5]) {
        k.kind = SINK_FILE;
        k.fd = open(spec + 5, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
        if (k.fd < 0)
            return ward_error_set(err, WARD_EIO, errno, "open %s", spec + 5);
    } else if (strcmp(spec, "syslog") == 0) {
        k.kind = SINK_SYSLOG;
        if (!s->syslog_open) {
            openlog("ward-watch", LOG_PID | LOG_NDELAY, LOG_DAEMON);
            s->syslog_open = true;
        }
    } else if (strncmp(spec, "webhook:", 8) == 0) {
        struct ward_webhook_opts wo = {.url = spec + 8};
        return ward_wsinks_add_webhook(s, &wo, err);
    } else {
        return ward_error_set(err, WARD_EFORMAT, 0,
                              "unknown output '%s' (stdout, file:PATH, syslog or webhook:URL)",
                              spec);
    }
    s->items[s->n++] = k;
    return 0;
}

static int syslog_prio(enum ward_wprio p)
{
    static const int map[] = {LOG_EMERG,   LOG_ALERT,  LOG_CRIT, LOG_ERR,
                              LOG_WARNING, LOG_NOTICE, LOG_INFO, LOG_DEBUG};
    return (unsigned)p < WARD_ARRAY_LEN(map) ? map[p] : LOG_WARNING;
}

void ward_wsinks_emit(struct ward_wsinks *s, enum ward_wprio prio, const char *line, size_t len)
{
    for (size_t i = 0; i < s->n; i++) {
        struct sink *k = &s->items[i];
        int rc = 0;
        switch (k->kind) {
        case SINK_STDOUT:
        case SINK_FILE:
            rc = ward_write_all(k->fd, line, len);
            break;
        case SINK_WEBHOOK:
            rc = ward_webhook_enqueue(k->wh, line, len); /* full queue: counted drop */
            break;
        case SINK_SYSLOG: {
            size_t n = len && line[len - 1] == '\n' ? len - 1 : len;
            syslog(syslog_prio(prio), "%.*s", (int)WARD_MIN(n, (size_t)INT32_MAX), line);
            break;
        }
        }
        if (rc < 0)
            s->dropped++;
        else
            s->sent++;
    }
}

uint64_t ward_wsinks_sent(const struct ward_wsinks *s)
{
    return s->sent;
}

uint64_t ward_wsinks_dropped(const struct ward_wsinks *s)
{
    uint64_t n = s->dropped;
    for (size_t i = 0; i < s->n; i++)
        if (s->items[i].kind == SINK_WEBHOOK)
            n += ward_webhook_async_dropped(s->items[i].wh);
    return n;
}

int ward_wsinks_add_webhook(struct ward_wsinks *s, const struct ward_webhook_opts *o,
                            struct ward_error **err)
{
    if (s->n >= WARD_ARRAY_LEN(s->items))
        return ward_error_set(err, WARD_ELIMIT, 0, "too many outputs");
    struct sink k = {.kind = SINK_WEBHOOK, .fd = -1};
    int rc = ward_webhook_new(&k.wh, o, err);
    if (rc < 0)
        return rc;
    s->items[s->n++] = k;
    return 0;
}

void ward_wsinks_close(struct ward_wsinks *s)
{
    for (size_t i = 0; i < s->n; i++)
        if (s->items[i].kind == SINK_WEBHOOK)
            ward_webhook_close(s->items[i].wh);
}

size_t ward_wsinks_webhooks(struct ward_wsinks *s, struct ward_webhook **out, size_t max)
{
    size_t n = 0;
    for (size_t i = 0; i < s->n; i++)
        if (s->items[i].kind == SINK_WEBHOOK && n < max)
            out[n++] = s->items[i].wh;
    return n;
}

size_t ward_wsinks_count(const struct ward_wsinks *s)
{
    return s->n;
}
