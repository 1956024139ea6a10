/* error.c - allocated error objects with wrap-able messages. */
#include "util/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

int ward_error_set(struct ward_error **err, enum ward_code code, int sys_errno, const char *fmt,
                   ...)
{
    if (code == WARD_OK)
        code = WARD_ERR;
    if (!err || *err)
        return code;
    struct ward_error *e = ward_xcalloc(1, sizeof(*e));
    char *msg = NULL;
    va_list ap;
    va_start(ap, fmt);
    if (vasprintf(&msg, fmt, ap) < 0)
        ward_oom();
    va_end(ap);
    if (sys_errno) {
        char *m2 = ward_xasprintf("%s: %s", msg, strerror(sys_errno));
        free(msg);
        msg = m2;
    }
    e->code = code;
    e->sys_errno = sys_errno;
    e->msg = msg;
    *err = e;
    return code;
}

int ward_error_wrap(struct ward_error **err, const char *fmt, ...)
{
    if (!err || !*err)
        return WARD_ERR;
    char *prefix = NULL;
    va_list ap;
    va_start(ap, fmt);
    if (vasprintf(&prefix, fmt, ap) < 0)
        ward_oom();
    va_end(ap);
    char *m = ward_xasprintf("%s: %s", prefix, (*err)->msg ? (*err)->msg : "error");
    free(prefix);
    free((*err)->msg);
    (*err)->msg = m;
    return (*err)->code;
}

void ward_error_free(struct ward_error *err)
{
    if (!err)
        return;
    free(err->msg);
    free(err);
}

const char *ward_code_name(enum ward_code code)
{
    switch (code) {
    case WARD_OK:
        return "ok";
    case WARD_ERR:
        return "error";
    case WARD_ENOTFOUND:
        return "not found";
    case WARD_EFORMAT:
        return "bad format";
    case WARD_ELIMIT:
        return "limit exceeded";
    case WARD_EUNSUPPORTED:
        return "unsupported";
    case WARD_EIO:
        return "i/o error";
    }
    return "error";
}
