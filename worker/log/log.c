/* Line output, the thread's connector/task context and the plugin ABI's
 * cd_log. Logger names and levels live in loggers.c. */
#include "log/log.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/time.h>
#include <time.h>

#include "util/mem.h"

static _Thread_local char t_context[192];
/* The bound plugin class of this thread's connector/task: the logger of
 * plugin lines that name none. NULL: root. */
static _Thread_local const log_logger_t *t_plugin;

static const char *const level_names[] = {"TRACE", "DEBUG", "INFO", "WARN", "ERROR"};

const char *log_level_name(cd_log_level_t level) {
    return (unsigned)level <= CD_LOG_ERROR ? level_names[level] : "INFO";
}

bool log_parse_level(const char *s, cd_log_level_t *out) {
    if (!s) return false;
    for (int i = 0; i <= CD_LOG_ERROR; i++) {
        if (strcasecmp(s, level_names[i]) == 0) {
            *out = (cd_log_level_t)i;
            return true;
        }
    }
    static const struct {
        const char *name;
        cd_log_level_t level;
    } aliases[] = {{"WARNING", CD_LOG_WARN}, {"FATAL", CD_LOG_ERROR}, {"ALL", CD_LOG_TRACE}};
    for (size_t i = 0; i < sizeof aliases / sizeof aliases[0]; i++) {
        if (strcasecmp(s, aliases[i].name) == 0) {
            *out = aliases[i].level;
            return true;
        }
    }
    return false;
}

/* ---- connector -> plugin classes, for lines without a logger name ---- */

typedef struct binding {
    char *connector;
    const log_logger_t *connector_logger;
    const log_logger_t *task_logger;
} binding_t;

static pthread_mutex_t g_bind_lock = PTHREAD_MUTEX_INITIALIZER;
static binding_t *g_bindings;
static size_t g_n_bindings;

static binding_t *find_binding(const char *connector) {
    for (size_t i = 0; i < g_n_bindings; i++)
        if (strcmp(g_bindings[i].connector, connector) == 0) return &g_bindings[i];
    return NULL;
}

void log_bind_connector(const char *connector, const char *connector_class,
                        const char *task_class) {
    if (!connector) return;
    /* Resolve outside the lock: log_logger takes the registry's. */
    const log_logger_t *cl = connector_class ? log_logger(connector_class) : NULL;
    const log_logger_t *tl = task_class ? log_logger(task_class) : NULL;
    pthread_mutex_lock(&g_bind_lock);
    binding_t *b = find_binding(connector);
    if (!b) {
        g_bindings = xrealloc(g_bindings, (g_n_bindings + 1) * sizeof *g_bindings);
        b = &g_bindings[g_n_bindings++];
        b->connector = xstrdup(connector);
    }
    b->connector_logger = cl;
    b->task_logger = tl;
    pthread_mutex_unlock(&g_bind_lock);
}

void log_unbind_connector(const char *connector) {
    if (!connector) return;
    pthread_mutex_lock(&g_bind_lock);
    binding_t *b = find_binding(connector);
    if (b) {
        free(b->connector);
        *b = g_bindings[--g_n_bindings];
    }
    pthread_mutex_unlock(&g_bind_lock);
}

void log_set_context(const char *connector, int task) {
    t_plugin = NULL;
    if (!connector) {
        t_context[0] = '\0';
        return;
    }
    if (task < 0)
        snprintf(t_context, sizeof t_context, "[%s] ", connector);
    else
        snprintf(t_context, sizeof t_context, "[%s|task-%d] ", connector, task);
    pthread_mutex_lock(&g_bind_lock);
    const binding_t *b = find_binding(connector);
    if (b) t_plugin = task < 0 ? b->connector_logger : b->task_logger;
    pthread_mutex_unlock(&g_bind_lock);
}

/* ---- output ---- */

static void log_vwrite(const log_logger_t *l, cd_log_level_t level, const char *fmt, va_list ap) {
    char msg[4096];
    vsnprintf(msg, sizeof msg, fmt, ap);

    struct timeval tv;
    gettimeofday(&tv, NULL);
    struct tm tm;
    gmtime_r(&tv.tv_sec, &tm);
    char ts[32];
    strftime(ts, sizeof ts, "%Y-%m-%dT%H:%M:%S", &tm);
    /* Root lines carry no name, as lines without a logger always did. */
    bool named = l != log_root_logger();
    /* One fprintf per line so concurrent threads do not interleave. */
    fprintf(stderr, "%s.%03ldZ %-5s %s%s%s%s\n", ts, (long)(tv.tv_usec / 1000),
            log_level_name(level), t_context, named ? l->name : "", named ? ": " : "", msg);
}

void log_write(const log_logger_t *l, cd_log_level_t level, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    log_vwrite(l, level, fmt, ap);
    va_end(ap);
}

void cd_log(cd_log_level_t level, const char *logger, const char *fmt, ...) {
    /* A named line costs one hash of the name and a lock-free probe. */
    const log_logger_t *l = logger ? log_logger(logger) : t_plugin ? t_plugin : log_root_logger();
    if (!log_enabled(l, level)) return;
    va_list ap;
    va_start(ap, fmt);
    log_vwrite(l, level, fmt, ap);
    va_end(ap);
}
