/*
 * The worker's logger: one line per event on stderr,
 *   2026-11-25T12:00:00.123Z INFO  [file-source|task-0] logger: message
 * The connector/task tag comes from a thread-local context that the task
 * thread sets, so plugin log lines (cd_log) are tagged without passing it.
 */
#ifndef CONNECTD_LOG_LOG_H
#define CONNECTD_LOG_LOG_H

#include <connectd/log.h>
#include <stdbool.h>

/* Minimum level printed, for the whole worker (default INFO). */
void log_set_level(cd_log_level_t level);
cd_log_level_t log_get_level(void);
/* Parse "TRACE".."ERROR" (case-insensitive); returns false when unknown. */
bool log_parse_level(const char *s, cd_log_level_t *out);
const char *log_level_name(cd_log_level_t level);

/* Tag this thread's lines with a connector and task (task < 0: connector
 * only; connector NULL: clear). The strings are copied. */
void log_set_context(const char *connector, int task);

#define LOG_TRACE(logger, ...) cd_log(CD_LOG_TRACE, logger, __VA_ARGS__)
#define LOG_DEBUG(logger, ...) cd_log(CD_LOG_DEBUG, logger, __VA_ARGS__)
#define LOG_INFO(logger, ...) cd_log(CD_LOG_INFO, logger, __VA_ARGS__)
#define LOG_WARN(logger, ...) cd_log(CD_LOG_WARN, logger, __VA_ARGS__)
#define LOG_ERROR(logger, ...) cd_log(CD_LOG_ERROR, logger, __VA_ARGS__)

#endif
