/*
 * Run-time logger levels, as Kafka Connect's Loggers class (KIP-495): the
 * levels users see and set through /admin/loggers. Levels are log4j's
 * eight; FATAL prints what ERROR prints (the worker has no fatal lines)
 * and ALL what TRACE prints, but both are reported back as set.
 *
 * Semantics follow log4j2's Configurator.setAllLevels as Kafka 4.3.1 uses
 * it: setting "a.b" gives "a.b" its own level and overwrites the level of
 * every logger whose name starts with "a.b" and that has one of its own;
 * every other logger takes the level of its nearest dotted ancestor that
 * has one, else root's. The known loggers are the worker's own (registered
 * up front), every name a line was logged under, and every name set.
 */
#ifndef CONNECTD_LOG_LOGGERS_H
#define CONNECTD_LOG_LOGGERS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum log_level {
    LOG_LEVEL_OFF,
    LOG_LEVEL_FATAL,
    LOG_LEVEL_ERROR,
    LOG_LEVEL_WARN,
    LOG_LEVEL_INFO,
    LOG_LEVEL_DEBUG,
    LOG_LEVEL_TRACE,
    LOG_LEVEL_ALL,
} log_level_t;

/* "OFF".."ALL", case-insensitive, surrounding blanks ignored (log4j's
 * Level.getLevel). Returns false when unknown. */
bool log_level_parse(const char *s, log_level_t *out);
const char *log_level_str(log_level_t level); /* "OFF".."ALL" */

typedef struct log_logger_level {
    char *name;            /* "root" for the root logger */
    log_level_t level;     /* effective level */
    int64_t last_modified; /* epoch ms of the last change by log_levels_set; -1: never */
} log_logger_level_t;

/* Every known logger whose level is not OFF, root included, sorted by name
 * (GET /admin/loggers). Free with log_logger_levels_free. */
size_t log_levels_all(log_logger_level_t **out);
void log_logger_levels_free(log_logger_level_t *levels, size_t n);

/* One known logger ("root"/"" in any case is root); false when unknown.
 * out->name is set (caller frees with free()). */
bool log_level_get(const char *name, log_logger_level_t *out);

/* Set namespace and its children to level at now_ms (see above); returns
 * the sorted names of the known loggers whose effective level changed
 * (NULL-terminated array in *names; free with log_names_free). */
size_t log_levels_set(const char *namespace_, log_level_t level, int64_t now_ms, char ***names);
void log_names_free(char **names);

/* Epoch milliseconds, for now_ms. */
int64_t log_now_ms(void);

#endif
