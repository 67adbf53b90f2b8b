#include "log/log.h"

#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/time.h>
#include <time.h>

static _Atomic int g_level = CD_LOG_INFO;
static _Thread_local char t_context[192];

static const char *const level_names[] = {"TRACE", "DEBUG", "INFO", "WARN", "ERROR"};

void log_set_level(cd_log_level_t level) { atomic_store(&g_level, (int)level); }
cd_log_level_t log_get_level(void) { return (cd_log_level_t)atomic_load(&g_level); }

const char *log_level_name(cd_log_level_t level) {
    return (unsigned)level <= CD_LOG_ERROR ? level_names[level] : "INFO";
}

bool log_parse_level(const char *s, cd_log_level_t *out) {
    for (int i = 0; i <= CD_LOG_ERROR; i++) {
        if (s && strcasecmp(s, level_names[i]) == 0) {
            *out = (cd_log_level_t)i;
            return true;
        }
    }
    if (s && strcasecmp(s, "WARNING") == 0) {
        *out = CD_LOG_WARN;
        return true;
    }
    return false;
}

void log_set_context(const char *connector, int task) {
    if (!connector)
        t_context[0] = '\0';
    else if (task < 0)
        snprintf(t_context, sizeof t_context, "[%s] ", connector);
    else
        snprintf(t_context, sizeof t_context, "[%s|task-%d] ", connector, task);
}

void cd_log(cd_log_level_t level, const char *logger, const char *fmt, ...) {
    if ((int)level < atomic_load(&g_level)) return;
    char msg[4096];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);

    struct timeval tv;
    gettimeofday(&tv, NULL);
    struct tm tm;
    gmtime_r(&tv.tv_sec, &tm);
    char ts[32];
    strftime(ts, sizeof ts, "%Y-%m-%dT%H:%M:%S", &tm);
    /* One fprintf per line so concurrent threads do not interleave. */
    fprintf(stderr, "%s.%03ldZ %-5s %s%s%s%s\n", ts, (long)(tv.tv_usec / 1000),
            log_level_name(level), t_context, logger ? logger : "", logger ? ": " : "", msg);
}
