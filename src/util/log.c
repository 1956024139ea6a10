/* log.c - the log sink: the only mutable global besides config, set once at start. */
#include "util/log.h"

#include <stdarg.h>
#include <stdio.h>

static void stderr_sink(enum ward_log_level lvl, const char *module, const char *msg, void *ud)
{
    static const char *names[] = {"error", "warn", "info", "debug"};
    (void)ud;
    fprintf(stderr, "ward: %s: %s: %s\n", names[lvl], module, msg);
}

static ward_log_sink g_sink = stderr_sink;
static void *g_ud;
static enum ward_log_level g_level = WARD_LOG_WARN;

void ward_log_set_sink(ward_log_sink sink, void *ud)
{
    g_sink = sink ? sink : stderr_sink;
    g_ud = ud;
}

void ward_log_set_level(enum ward_log_level lvl)
{
    g_level = lvl;
}

enum ward_log_level ward_log_get_level(void)
{
    return g_level;
}

void ward_log(enum ward_log_level lvl, const char *module, const char *fmt, ...)
{
    if (lvl > g_level)
        return;
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    g_sink(lvl, module, msg, g_ud);
}
