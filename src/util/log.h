/* log.h - leveled logging to a replaceable sink (stderr text by default).
 * stdout carries results only; logs never go there. */
#ifndef WARD_UTIL_LOG_H
#define WARD_UTIL_LOG_H

#include "util/common.h"

enum ward_log_level { WARD_LOG_ERROR, WARD_LOG_WARN, WARD_LOG_INFO, WARD_LOG_DEBUG };
typedef void (*ward_log_sink)(enum ward_log_level lvl, const char *module, const char *msg,
                              void *ud);

void ward_log_set_sink(ward_log_sink sink, void *ud);
void ward_log_set_level(enum ward_log_level lvl);
enum ward_log_level ward_log_get_level(void);
void ward_log(enum ward_log_level lvl, const char *module, const char *fmt, ...) WARD_PRINTF(3, 4);

#ifndef WARD_LOG_MODULE
#define WARD_LOG_MODULE "ward"
#endif
#define ward_error_log(...) ward_log(WARD_LOG_ERROR, WARD_LOG_MODULE, __VA_ARGS__)
#define ward_warn(...)      ward_log(WARD_LOG_WARN, WARD_LOG_MODULE, __VA_ARGS__)
#define ward_info(...)      ward_log(WARD_LOG_INFO, WARD_LOG_MODULE, __VA_ARGS__)
#define ward_debug(...)     ward_log(WARD_LOG_DEBUG, WARD_LOG_MODULE, __VA_ARGS__)

#endif
