#include "runtime/worker.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/config_def.h"
#include "log/log.h"
#include "metrics/metrics.h"
#include "runtime/contexts.h"
#include "runtime/sink_task.h"
#include "runtime/source_task.h"
#include "runtime/thread_pool.h"
#include "util/mem.h"

#define LOGGER "org.apache.kafka.connect.runtime.Worker"

typedef struct worker_connector {
    char *name;
    const cd_plugin_desc_t *desc;
    cd_props_t *raw_config;
    cd_props_t *config; /* resolved */
    cd_config_t *parsed;
    cd_connector_context_t ctx;
    void *state;
    bool started;
    run_state_t run_state;
    char *trace;
    struct worker_connector *next;
} worker_connector_t;

typedef struct task_slot {
    worker_task_t *task;
    struct task_slot *next;
} task_slot_t;

struct worker {
    const task_env_t *env;
    const config_providers_t *providers;
    thread_pool_t *pool;
    pthread_mutex_t lock; /* guards the two lists, never held across plugin calls */
    worker_connector_t *connectors;
    task_slot_t *tasks;
};

worker_t *worker_new(const task_env_t *env, const config_providers_t *providers) {
    worker_t *w = xcalloc(1, sizeof *w);
    w->env = env;
    w->providers = providers;
    w->pool = thread_pool_new("task");
    pthread_mutex_init(&w->lock, NULL);
    return w;
}

static worker_connector_t *find_connector(worker_t *w, const char *name) {
    for (worker_connector_t *c = w->connectors; c; c = c->next)
        if (strcmp(c->name, name) == 0) return c;
    return NULL;
}

static void connector_free(worker_connector_t *c) {
    free(c->name);
    cd_props_destroy(c->raw_config);
    cd_props_destroy(c->config);
    config_destroy(c->parsed);
    free(c->trace);
    free(c);
}

static void set_trace(worker_connector_t *c, const char *cls, const char *msg) {
    free(c->trace);
    c->trace = xasprintf("%s: %s\n\tat connectd.Connector.start(%s)\n", cls, msg, c->name);
}

int worker_start_connector(worker_t *w, const char *name, const cd_props_t *raw_config,
                           const cd_plugin_desc_t *desc, char *err, size_t errlen) {
    metrics_startup_attempt(METRICS_STARTUP_CONNECTOR);
    worker_stop_connector(w, name);
    worker_connector_t *c = xcalloc(1, sizeof *c);
    c->name = xstrdup(name);
    c->desc = desc;
    c->raw_config = cd_props_clone(raw_config);
    c->ctx.name = c->name;
    c->run_state = STATE_UNASSIGNED;
    pthread_mutex_lock(&w->lock);
    c->next = w->connectors;
    w->connectors = c;
    pthread_mutex_unlock(&w->lock);

    /* A plugin's lines without a logger name go under its class names. */
    log_bind_connector(name, desc->name, ((const cd_connector_ops_t *)desc->ops)->task_class);
    log_set_context(name, -1);
    int rc = -1;
    if (config_providers_resolve(w->providers, raw_config, &c->config, err, errlen) != 0) {
        set_trace(c, "org.apache.kafka.common.config.ConfigException", err);
        goto out;
    }
    const cd_config_def_t *tables[1] = {desc->config_defs};
    c->parsed = config_new(tables, desc->config_defs ? 1 : 0, c->config);
    const cd_connector_ops_t *ops = desc->ops;
    cd_error_t e;
    cd_error_clear(&e);
    if (ops->start(&c->state, c->parsed, &c->ctx, &e) != 0) {
        snprintf(err, errlen, "%s", e.message);
        set_trace(c, e.exception_class[0] ? e.exception_class
                                          : "org.apache.kafka.connect.errors.ConnectException",
                  e.message);
        goto out;
    }
    c->started = true;
    rc = 0;
    LOG_INFO(LOGGER, "Finished creating connector %s", name);
out:
    metrics_startup_result(METRICS_STARTUP_CONNECTOR, rc == 0);
    pthread_mutex_lock(&w->lock);
    c->run_state = rc == 0 ? STATE_RUNNING : STATE_FAILED;
    pthread_mutex_unlock(&w->lock);
    if (rc != 0) LOG_ERROR(LOGGER, "Failed to start connector %s: %s", name, err);
    log_set_context(NULL, -1);
    return rc;
}

/* Task configs hold resolved secrets; give back the placeholders instead
 * (Kafka's reverse transformation), so REST and stored configs stay raw. */
static void restore_placeholders(const worker_connector_t *c, cd_props_t *task) {
    for (size_t i = 0; i < cd_props_count(c->raw_config); i++) {
        const char *k = cd_props_key_at(c->raw_config, i);
        const char *raw = cd_props_value_at(c->raw_config, i);
        if (!config_providers_has_reference(raw)) continue;
        const char *resolved = cd_props_get(c->config, k);
        const char *tv = cd_props_get(task, k);
        if (tv && resolved && strcmp(tv, resolved) == 0) cd_props_set(task, k, raw);
    }
}

int worker_connector_task_configs(worker_t *w, const char *name, int max_tasks,
                                  cd_task_configs_t *out, char *err, size_t errlen) {
    pthread_mutex_lock(&w->lock);
    worker_connector_t *c = find_connector(w, name);
    pthread_mutex_unlock(&w->lock);
    if (!c || !c->started) {
        snprintf(err, errlen, "Connector %s is not running", name);
        return -1;
    }
    const cd_connector_ops_t *ops = c->desc->ops;
    cd_error_t e;
    cd_error_clear(&e);
    log_set_context(name, -1);
    int rc = ops->task_configs(c->state, max_tasks, out, &e);
    log_set_context(NULL, -1);
    if (rc != 0) {
        snprintf(err, errlen, "%s", e.message);
        return -1;
    }
    for (size_t i = 0; i < out->n; i++) {
        cd_props_t *tc = out->configs[i];
        restore_placeholders(c, tc);
        if (ops->task_class) cd_props_set(tc, "task.class", ops->task_class);
        if (c->desc->type == CD_PLUGIN_SINK) { /* the framework copies these */
            const char *topics = cd_props_get(c->raw_config, "topics");
            const char *regex = cd_props_get(c->raw_config, "topics.regex");
            if (topics) cd_props_set(tc, "topics", topics);
            if (regex) cd_props_set(tc, "topics.regex", regex);
        }
    }
    return 0;
}

void worker_stop_connector(worker_t *w, const char *name) {
    pthread_mutex_lock(&w->lock);
    worker_connector_t **pp = &w->connectors, *c = NULL;
    for (; *pp; pp = &(*pp)->next) {
        if (strcmp((*pp)->name, name) == 0) {
            c = *pp;
            *pp = c->next;
            break;
        }
    }
    pthread_mutex_unlock(&w->lock);
    if (!c) return;
    if (c->started) {
        log_set_context(name, -1);
        ((const cd_connector_ops_t *)c->desc->ops)->stop(c->state);
        LOG_INFO(LOGGER, "Stopped connector %s", name);
        log_set_context(NULL, -1);
    }
    connector_free(c);
}

bool worker_connector_reconfiguration_requested(worker_t *w, const char *name) {
    pthread_mutex_lock(&w->lock);
    worker_connector_t *c = find_connector(w, name);
    bool r = c && atomic_exchange(&c->ctx.reconfiguration_requested, false);
    /* A task may ask too (cd_task_context_request_reconfiguration). */
    for (task_slot_t *s = w->tasks; s; s = s->next)
        if (s->task->ctx && strcmp(s->task->connector, name) == 0 &&
            atomic_exchange(&s->task->ctx->reconfiguration_requested, false))
            r = true;
    pthread_mutex_unlock(&w->lock);
    return r;
}

/* Start a task from resolved connector config (consumed). */
static int start_task(worker_t *w, const char *connector, int id, const cd_plugin_desc_t *desc,
                      cd_props_t *conn_config, const cd_props_t *task_config, bool paused,
                      char *err, size_t errlen) {
    cd_props_t *resolved = NULL;
    if (config_providers_resolve(w->providers, task_config, &resolved, err, errlen) != 0) {
        cd_props_destroy(conn_config);
        return -1;
    }
    worker_task_t *t =
        desc->type == CD_PLUGIN_SOURCE
            ? source_task_new(w->env, connector, id, desc, conn_config, resolved)
            : sink_task_new(w->env, connector, id, desc, conn_config, resolved);
    cd_props_destroy(conn_config);
    cd_props_destroy(resolved);
    if (paused) atomic_store(&t->paused, true);
    task_slot_t *slot = xcalloc(1, sizeof *slot);
    slot->task = t;
    pthread_mutex_lock(&w->lock);
    slot->next = w->tasks;
    w->tasks = slot;
    pthread_mutex_unlock(&w->lock);
    if (thread_pool_submit(w->pool, worker_task_run_job, t) != 0) {
        snprintf(err, errlen, "Worker is shutting down");
        return -1;
    }
    LOG_INFO(LOGGER, "Started task %s-%d", connector, id);
    return 0;
}

int worker_start_task(worker_t *w, const char *connector, int id, const cd_props_t *task_config,
                      bool paused, char *err, size_t errlen) {
    pthread_mutex_lock(&w->lock);
    worker_connector_t *c = find_connector(w, connector);
    const cd_plugin_desc_t *desc = c ? c->desc : NULL;
    cd_props_t *conn_config = c && c->config ? cd_props_clone(c->config) : NULL;
    pthread_mutex_unlock(&w->lock);
    if (!desc || !conn_config) {
        snprintf(err, errlen, "Connector %s is not running", connector);
        cd_props_destroy(conn_config);
        return -1;
    }
    return start_task(w, connector, id, desc, conn_config, task_config, paused, err, errlen);
}

int worker_start_task_of(worker_t *w, const char *connector, int id,
                         const cd_plugin_desc_t *desc, const cd_props_t *raw_connector_config,
                         const cd_props_t *task_config, bool paused, char *err, size_t errlen) {
    cd_props_t *conn_config = NULL;
    if (config_providers_resolve(w->providers, raw_connector_config, &conn_config, err, errlen) !=
        0)
        return -1;
    return start_task(w, connector, id, desc, conn_config, task_config, paused, err, errlen);
}

static int64_t shutdown_timeout_ms(const worker_t *w) {
    const char *v = cd_props_get(w->env->worker_props, "task.shutdown.graceful.timeout.ms");
    long long ms = v ? atoll(v) : 0;
    return ms > 0 ? ms : 5000;
}

/* Stop the tasks of `connector` (all when NULL) whose id is `id` (all
 * when negative). */
static void stop_matching(worker_t *w, const char *connector, int id) {
    task_slot_t *mine = NULL;
    pthread_mutex_lock(&w->lock);
    for (task_slot_t **pp = &w->tasks; *pp;) {
        task_slot_t *s = *pp;
        if ((!connector || strcmp(s->task->connector, connector) == 0) &&
            (id < 0 || s->task->id == id)) {
            *pp = s->next;
            s->next = mine;
            mine = s;
        } else {
            pp = &s->next;
        }
    }
    pthread_mutex_unlock(&w->lock);
    for (task_slot_t *s = mine; s; s = s->next) worker_task_request_stop(s->task);
    int64_t deadline = monotonic_ms() + shutdown_timeout_ms(w);
    while (mine) {
        task_slot_t *s = mine;
        mine = s->next;
        int64_t left = deadline - monotonic_ms();
        /* Past the graceful timeout we still wait: freeing a running task
         * would crash; the loop's own timeouts bound this. */
        if (!worker_task_await_finish(s->task, left > 0 ? left : 0)) {
            LOG_WARN(LOGGER, "Graceful stop of task %s-%d failed; waiting for it to finish",
                     s->task->connector, s->task->id);
            while (!worker_task_await_finish(s->task, 1000)) {
            }
        }
        worker_task_destroy(s->task);
        free(s);
    }
}

void worker_stop_tasks(worker_t *w, const char *connector) { stop_matching(w, connector, -1); }

void worker_stop_task(worker_t *w, const char *connector, int id) {
    if (id >= 0) stop_matching(w, connector, id);
}

const task_env_t *worker_env(const worker_t *w) { return w->env; }

void worker_pause_tasks(worker_t *w, const char *connector, bool paused) {
    pthread_mutex_lock(&w->lock);
    for (task_slot_t *s = w->tasks; s; s = s->next)
        if (strcmp(s->task->connector, connector) == 0) worker_task_pause(s->task, paused);
    pthread_mutex_unlock(&w->lock);
}

bool worker_connector_state(worker_t *w, const char *name, run_state_t *state, char **trace) {
    pthread_mutex_lock(&w->lock);
    worker_connector_t *c = find_connector(w, name);
    if (c) {
        *state = c->run_state;
        if (trace) *trace = xstrdup(c->trace);
        if (atomic_load(&c->ctx.failed) && c->run_state != STATE_FAILED) {
            *state = STATE_FAILED;
            if (trace) {
                free(*trace);
                *trace = xasprintf("%s: %s\n", c->ctx.error.exception_class, c->ctx.error.message);
            }
        }
    }
    pthread_mutex_unlock(&w->lock);
    return c != NULL;
}

void worker_set_connector_state(worker_t *w, const char *name, run_state_t state) {
    pthread_mutex_lock(&w->lock);
    worker_connector_t *c = find_connector(w, name);
    if (c && c->run_state != STATE_FAILED) c->run_state = state;
    pthread_mutex_unlock(&w->lock);
}

void worker_fail_connector(worker_t *w, const char *name, const char *msg) {
    pthread_mutex_lock(&w->lock);
    worker_connector_t *c = find_connector(w, name);
    if (c) {
        c->run_state = STATE_FAILED;
        free(c->trace);
        c->trace = xasprintf("org.apache.kafka.connect.errors.ConnectException: %s\n", msg);
    }
    pthread_mutex_unlock(&w->lock);
    LOG_ERROR(LOGGER, "Connector %s failed: %s", name, msg);
}

bool worker_task_state(worker_t *w, const char *connector, int id, run_state_t *state,
                       char **trace) {
    pthread_mutex_lock(&w->lock);
    worker_task_t *t = NULL;
    for (task_slot_t *s = w->tasks; s; s = s->next)
        if (s->task->id == id && strcmp(s->task->connector, connector) == 0) t = s->task;
    if (t) *state = worker_task_status(t, trace);
    pthread_mutex_unlock(&w->lock);
    return t != NULL;
}

void worker_destroy(worker_t *w) {
    if (!w) return;
    worker_stop_tasks(w, NULL);
    while (w->connectors) {
        char *name = xstrdup(w->connectors->name);
        worker_stop_connector(w, name);
        free(name);
    }
    thread_pool_destroy(w->pool);
    pthread_mutex_destroy(&w->lock);
    free(w);
}
