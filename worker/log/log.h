/*
 * The worker's logger: one line per event on stderr,
 *   2026-11-25T12:00:00.123Z INFO  [file-source|task-0] logger: message
 * The connector/task tag comes from a thread-local context that the task
 * thread sets, so plugin log lines (cd_log) are tagged without passing it.
 *
 * Loggers are named and hierarchical as in log4j: a level set on
 * "org.apache.kafka.connect.file" applies to
 * "org.apache.kafka.connect.file.FileStreamSinkTask" unless that one has its
 * own level; "root" is the default. Each logger is a registered object whose
 * effective threshold is recomputed whenever a level changes, so the check
 * per line is one relaxed atomic load. Worker code names its logger with a
 * string literal per call site (LOG_INFO(LOGGER, ...)); the name is looked up
 * once per call site and cached in a static. Levels are changed at run time
 * through log/loggers.h (the /admin/loggers REST resource).
 */
#ifndef CONNECTD_LOG_LOG_H
#define CONNECTD_LOG_LOG_H

#include <connectd/log.h>
#include <stdatomic.h>
#include <stdbool.h>

/* No level prints when a logger's threshold is this (level OFF). */
#define LOG_THRESHOLD_NONE (CD_LOG_ERROR + 1)

/* A named logger. Never freed: call sites keep pointers for the process's
 * life. The registry owns everything beyond these two fields. */
typedef struct log_logger {
    _Atomic int threshold; /* lowest cd_log_level_t printed; LOG_THRESHOLD_NONE: none */
    const char *name;      /* "root" for the root logger */
} log_logger_t;

/* The logger of that name, registered on first use. NULL, "" and "root"
 * (any case) are the root logger. Lock-free when the name is known. */
log_logger_t *log_logger(const char *name);
log_logger_t *log_root_logger(void);

static inline bool log_enabled(const log_logger_t *l, cd_log_level_t level) {
    return (int)level >= atomic_load_explicit(&l->threshold, memory_order_relaxed);
}

/* Write one line for l, without checking the level (callers did). */
void log_write(const log_logger_t *l, cd_log_level_t level, const char *fmt, ...) CD_PRINTF(3, 4);

/* Root logger's level (what CONNECTD_LOG_LEVEL sets; default INFO). Loggers
 * with a level of their own keep it. log_get_level is root's threshold. */
void log_set_level(cd_log_level_t level);
cd_log_level_t log_get_level(void);
/* Parse "TRACE".."ERROR", "WARNING", "FATAL" (as ERROR), "ALL" (as TRACE),
 * case-insensitive; returns false when unknown. */
bool log_parse_level(const char *s, cd_log_level_t *out);
const char *log_level_name(cd_log_level_t level);

/* Tag this thread's lines with a connector and task (task < 0: connector
 * only; connector NULL: clear). The strings are copied. Plugin lines with a
 * NULL logger name then use the class bound to the connector, if any. */
void log_set_context(const char *connector, int task);

/* Remember which plugin runs as `connector`, so that its NULL-logger lines
 * are logged under the connector class (connector thread) or the task class
 * (task threads). Either class may be NULL. Call before setting the context. */
void log_bind_connector(const char *connector, const char *connector_class,
                        const char *task_class);
void log_unbind_connector(const char *connector);

/* Per call site: resolve the name once, cache the logger in *site. */
log_logger_t *log_site_resolve(log_logger_t *_Atomic *site, const char *name);

/* logger must be a string literal (the "" pastes reject anything else, since
 * the resolved logger is cached per call site). */
#define LOG_AT(level, logger, ...)                                                            \
    do {                                                                                      \
        static log_logger_t *_Atomic log_site_;                                               \
        log_logger_t *log_l_ = atomic_load_explicit(&log_site_, memory_order_acquire);        \
        if (!log_l_) log_l_ = log_site_resolve(&log_site_, "" logger "");                     \
        if (log_enabled(log_l_, (level))) log_write(log_l_, (level), __VA_ARGS__);            \
    } while (0)

#define LOG_TRACE(logger, ...) LOG_AT(CD_LOG_TRACE, logger, __VA_ARGS__)
#define LOG_DEBUG(logger, ...) LOG_AT(CD_LOG_DEBUG, logger, __VA_ARGS__)
#define LOG_INFO(logger, ...) LOG_AT(CD_LOG_INFO, logger, __VA_ARGS__)
#define LOG_WARN(logger, ...) LOG_AT(CD_LOG_WARN, logger, __VA_ARGS__)
#define LOG_ERROR(logger, ...) LOG_AT(CD_LOG_ERROR, logger, __VA_ARGS__)

#endif
