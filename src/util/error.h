/* error.h - the error object every fallible ward function fills (crun style
 * allocated error + libgit2's few expected codes). No global "last error". */
#ifndef WARD_UTIL_ERROR_H
#define WARD_UTIL_ERROR_H

#include "util/common.h"

enum ward_code {
    WARD_OK = 0,
    WARD_ERR = -1,
    WARD_ENOTFOUND = -2,
    WARD_EFORMAT = -3,
    WARD_ELIMIT = -4,
    WARD_EUNSUPPORTED = -5,
    WARD_EIO = -6,
};

struct ward_error {
    enum ward_code code;
    int sys_errno;
    char *msg;
};

/* Set *err (if err is non-NULL and *err is NULL) and return code.
 * If sys_errno != 0 its strerror is appended. */
int ward_error_set(struct ward_error **err, enum ward_code code, int sys_errno, const char *fmt,
                   ...) WARD_PRINTF(4, 5);
/* Prefix the existing error's message with context; returns its code
 * (WARD_ERR if no error was set). */
int ward_error_wrap(struct ward_error **err, const char *fmt, ...) WARD_PRINTF(2, 3);
void ward_error_free(struct ward_error *err);
const char *ward_code_name(enum ward_code code);
WARD_DEFINE_AUTOPTR(ward_error, ward_error_free)

#endif
