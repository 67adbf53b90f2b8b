/* Logging for plugins: lines go through the worker's logger, tagged with
 * the connector and task of the context they are written from. */
#ifndef CONNECTD_LOG_H
#define CONNECTD_LOG_H

#include "abi.h"

typedef enum cd_log_level {
    CD_LOG_TRACE,
    CD_LOG_DEBUG,
    CD_LOG_INFO,
    CD_LOG_WARN,
    CD_LOG_ERROR,
} cd_log_level_t;

/* logger: a logger name (e.g. the plugin's class name); may be NULL.
 * Never log resolved secrets. */
void cd_log(cd_log_level_t level, const char *logger, const char *fmt, ...) CD_PRINTF(3, 4);

#endif
