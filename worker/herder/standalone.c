#include "herder/standalone.h"

#include <pthread.h>
#include <stdio.h>
#include <strings.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "herder/connector_validation.h"
#include "log/log.h"
#include "runtime/contexts.h"
#include "util/mem.h"

#define LOGGER "org.apache.kafka.connect.runtime.standalone.StandaloneHerder"
#define TICK_MS 1000

typedef struct connector_entry {
    char *name;
    cd_props_t *config;     /* raw, as given */
    const cd_plugin_desc_t *desc;
    target_state_t target;
    cd_props_t **task_configs;
    size_t n_tasks;
    struct connector_entry *next;
} connector_entry_t;

typedef struct standalone_herder {
    herder_t base;
    worker_t *worker;
    const plugin_registry_t *registry;
    char *worker_id;
    char *cluster_id;
    pthread_mutex_t lock;
    connector_entry_t *head, *tail; /* creation order */
    pthread_t ticker;
    pthread_cond_t tick_cond;
    bool stopping;
    bool ticker_started;
} standalone_herder_t;

static connector_entry_t *find(standalone_herder_t *sh, const char *name) {
    for (connector_entry_t *e = sh->head; e; e = e->next)
        if (strcmp(e->name, name) == 0) return e;
    return NULL;
}

static void clear_tasks(connector_entry_t *e) {
    for (size_t i = 0; i < e->n_tasks; i++) cd_props_destroy(e->task_configs[i]);
    free(e->task_configs);
    e->task_configs = NULL;
    e->n_tasks = 0;
}

static void entry_free(connector_entry_t *e) {
    clear_tasks(e);
    free(e->name);
    cd_props_destroy(e->config);
    free(e);
}

/* Generate task configs and start the tasks; called with the lock held. */
static void start_tasks(standalone_herder_t *sh, connector_entry_t *e) {
    cd_task_configs_t tc = {0};
    char err[1024];
    if (worker_connector_task_configs(sh->worker, e->name, connector_tasks_max(e->config), &tc,
                                      err, sizeof err) != 0) {
        LOG_ERROR(LOGGER, "Failed to generate task configs for %s: %s", e->name, err);
        task_configs_fini(&tc);
        return;
    }
    int max = connector_tasks_max(e->config);
    const char *enforce = cd_props_get(e->config, "tasks.max.enforce");
    if ((int)tc.n > max && !(enforce && strcasecmp(enforce, "false") == 0)) {
        char msg[512];
        snprintf(msg, sizeof msg,
                 "The connector %s has generated %zu tasks, which is greater than %d, the maximum "
                 "number of tasks it is configured to create. This behaviour should be considered "
                 "a bug and may be disallowed in future releases.",
                 e->name, tc.n, max);
        worker_fail_connector(sh->worker, e->name, msg);
        task_configs_fini(&tc);
        return;
    }
    clear_tasks(e);
    e->task_configs = tc.configs;
    e->n_tasks = tc.n;
    tc.configs = NULL;
    tc.n = 0;
    for (size_t i = 0; i < e->n_tasks; i++)
        if (worker_start_task(sh->worker, e->name, (int)i, e->task_configs[i],
                              e->target == TARGET_PAUSED, err, sizeof err) != 0)
            LOG_ERROR(LOGGER, "Failed to start task %s-%zu: %s", e->name, i, err);
}

/* Make the worker run what the entry says; lock held. */
static void apply(standalone_herder_t *sh, connector_entry_t *e) {
    worker_stop_tasks(sh->worker, e->name);
    worker_stop_connector(sh->worker, e->name);
    if (e->target == TARGET_STOPPED) {
        clear_tasks(e); /* KIP-875: a stopped connector has no tasks */
        return;
    }
    char err[1024];
    if (worker_start_connector(sh->worker, e->name, e->config, e->desc, err, sizeof err) != 0)
        return; /* FAILED, with the trace in its status */
    if (e->target == TARGET_PAUSED) {
        worker_set_connector_state(sh->worker, e->name, STATE_PAUSED);
        for (size_t i = 0; i < e->n_tasks; i++)
            worker_start_task(sh->worker, e->name, (int)i, e->task_configs[i], true, err,
                              sizeof err);
        return;
    }
    start_tasks(sh, e);
}

static connector_info_t *info_of(const connector_entry_t *e) {
    connector_info_t *info = xcalloc(1, sizeof *info);
    info->name = xstrdup(e->name);
    info->config = cd_props_clone(e->config);
    info->n_tasks = (int)e->n_tasks;
    info->type = e->desc ? plugin_type_name(e->desc->type) : "unknown";
    return info;
}

static int sh_connector_names(herder_t *h, char ***names, size_t *n) {
    standalone_herder_t *sh = (standalone_herder_t *)h;
    pthread_mutex_lock(&sh->lock);
    size_t count = 0;
    for (connector_entry_t *e = sh->head; e; e = e->next) count++;
    char **out = xcalloc(count ? count : 1, sizeof *out);
    size_t i = 0;
    for (connector_entry_t *e = sh->head; e; e = e->next) out[i++] = xstrdup(e->name);
    pthread_mutex_unlock(&sh->lock);
    *names = out;
    *n = count;
    return 0;
}

static int sh_connector_info(herder_t *h, const char *name, connector_info_t **out,
                             herder_error_t *err) {
    standalone_herder_t *sh = (standalone_herder_t *)h;
    pthread_mutex_lock(&sh->lock);
    connector_entry_t *e = find(sh, name);
    if (e) *out = info_of(e);
    pthread_mutex_unlock(&sh->lock);
    return e ? 0 : herder_fail(err, HERDER_NOT_FOUND, "Connector %s not found", name);
}

static int sh_put_connector(herder_t *h, const char *name, const cd_props_t *config,
                            target_state_t initial, bool allow_replace, bool *created,
                            connector_info_t **out, herder_error_t *err) {
    standalone_herder_t *sh = (standalone_herder_t *)h;
    cd_props_t *cfg = cd_props_clone(config);
    cd_props_set(cfg, "name", name);
    const cd_plugin_desc_t *desc = NULL;
    int rc = connector_validate(sh->registry, cfg, &desc, err);
    if (rc != 0) {
        cd_props_destroy(cfg);
        return rc;
    }
    pthread_mutex_lock(&sh->lock);
    connector_entry_t *e = find(sh, name);
    if (e && !allow_replace) {
        pthread_mutex_unlock(&sh->lock);
        cd_props_destroy(cfg);
        return herder_fail(err, HERDER_ALREADY_EXISTS, "Connector %s already exists", name);
    }
    *created = e == NULL;
    if (!e) {
        e = xcalloc(1, sizeof *e);
        e->name = xstrdup(name);
        e->target = initial;
        if (sh->tail)
            sh->tail->next = e;
        else
            sh->head = e;
        sh->tail = e;
    } else {
        cd_props_destroy(e->config);
    }
    e->config = cfg;
    e->desc = desc;
    LOG_INFO(LOGGER, "%s connector %s (%s)", *created ? "Created" : "Reconfigured", name, desc->name);
    apply(sh, e);
    *out = info_of(e);
    pthread_mutex_unlock(&sh->lock);
    return 0;
}

static int sh_delete_connector(herder_t *h, const char *name, herder_error_t *err) {
    standalone_herder_t *sh = (standalone_herder_t *)h;
    pthread_mutex_lock(&sh->lock);
    connector_entry_t *prev = NULL, *e = sh->head;
    while (e && strcmp(e->name, name) != 0) {
        prev = e;
        e = e->next;
    }
    if (!e) {
        pthread_mutex_unlock(&sh->lock);
        return herder_fail(err, HERDER_NOT_FOUND, "Connector %s not found", name);
    }
    worker_stop_tasks(sh->worker, name);
    worker_stop_connector(sh->worker, name);
    if (prev)
        prev->next = e->next;
    else
        sh->head = e->next;
    if (sh->tail == e) sh->tail = prev;
    entry_free(e);
    pthread_mutex_unlock(&sh->lock);
    LOG_INFO(LOGGER, "Deleted connector %s", name);
    return 0;
}

static void fill_state(instance_state_t *s, int id, run_state_t st, char *trace,
                       const char *worker_id, const cd_plugin_desc_t *desc) {
    s->id = id;
    s->state = xstrdup(run_state_name(st));
    s->trace = trace;
    s->worker_id = xstrdup(worker_id);
    s->version = desc && desc->version ? xstrdup(desc->version) : NULL;
}

static run_state_t connector_run_state(standalone_herder_t *sh, connector_entry_t *e,
                                       char **trace) {
    run_state_t st;
    *trace = NULL;
    if (e->target == TARGET_STOPPED) return STATE_STOPPED;
    if (!worker_connector_state(sh->worker, e->name, &st, trace)) return STATE_UNASSIGNED;
    return st;
}

static int sh_connector_status(herder_t *h, const char *name, connector_state_info_t **out,
                               herder_error_t *err) {
    standalone_herder_t *sh = (standalone_herder_t *)h;
    pthread_mutex_lock(&sh->lock);
    connector_entry_t *e = find(sh, name);
    if (!e) {
        pthread_mutex_unlock(&sh->lock);
        return herder_fail(err, HERDER_NOT_FOUND, "No status found for connector %s", name);
    }
    connector_state_info_t *s = xcalloc(1, sizeof *s);
    s->name = xstrdup(name);
    s->type = e->desc ? plugin_type_name(e->desc->type) : "unknown";
    char *trace;
    run_state_t cst = connector_run_state(sh, e, &trace);
    fill_state(&s->connector, -1, cst, trace, sh->worker_id, e->desc);
    s->tasks = xcalloc(e->n_tasks ? e->n_tasks : 1, sizeof *s->tasks);
    for (size_t i = 0; i < e->n_tasks; i++) {
        run_state_t tst = STATE_UNASSIGNED;
        trace = NULL;
        worker_task_state(sh->worker, name, (int)i, &tst, &trace);
        fill_state(&s->tasks[i], (int)i, tst, trace, sh->worker_id, e->desc);
    }
    s->n_tasks = e->n_tasks;
    pthread_mutex_unlock(&sh->lock);
    *out = s;
    return 0;
}

static int sh_task_status(herder_t *h, const char *name, int task, instance_state_t **out,
                          herder_error_t *err) {
    standalone_herder_t *sh = (standalone_herder_t *)h;
    pthread_mutex_lock(&sh->lock);
    connector_entry_t *e = find(sh, name);
    if (!e || task < 0 || (size_t)task >= e->n_tasks) {
        pthread_mutex_unlock(&sh->lock);
        return herder_fail(err, HERDER_NOT_FOUND, "No status found for task %s-%d", name, task);
    }
    run_state_t st = STATE_UNASSIGNED;
    char *trace = NULL;
    worker_task_state(sh->worker, name, task, &st, &trace);
    instance_state_t *s = xcalloc(1, sizeof *s);
    fill_state(s, task, st, trace, sh->worker_id, e->desc);
    pthread_mutex_unlock(&sh->lock);
    *out = s;
    return 0;
}

static const char *sh_cluster_id(herder_t *h) { return ((standalone_herder_t *)h)->cluster_id; }
static const char *sh_worker_id(herder_t *h) { return ((standalone_herder_t *)h)->worker_id; }

/* Connectors may ask for new task configs at any time (e.g. a source found
 * new tables): the ticker notices and restarts their tasks. */
static void *ticker_main(void *arg) {
    standalone_herder_t *sh = arg;
    pthread_mutex_lock(&sh->lock);
    while (!sh->stopping) {
        struct timespec dl;
        clock_gettime(CLOCK_REALTIME, &dl);
        dl.tv_sec += TICK_MS / 1000;
        pthread_cond_timedwait(&sh->tick_cond, &sh->lock, &dl);
        if (sh->stopping) break;
        for (connector_entry_t *e = sh->head; e; e = e->next) {
            if (e->target != TARGET_STARTED) continue;
            if (!worker_connector_reconfiguration_requested(sh->worker, e->name)) continue;
            LOG_INFO(LOGGER, "Connector %s requested task reconfiguration", e->name);
            worker_stop_tasks(sh->worker, e->name);
            start_tasks(sh, e);
        }
    }
    pthread_mutex_unlock(&sh->lock);
    return NULL;
}

static void sh_stop(herder_t *h) {
    standalone_herder_t *sh = (standalone_herder_t *)h;
    pthread_mutex_lock(&sh->lock);
    sh->stopping = true;
    pthread_cond_broadcast(&sh->tick_cond);
    pthread_mutex_unlock(&sh->lock);
    if (sh->ticker_started) {
        pthread_join(sh->ticker, NULL);
        sh->ticker_started = false;
    }
    LOG_INFO(LOGGER, "Herder stopping");
    pthread_mutex_lock(&sh->lock);
    worker_stop_tasks(sh->worker, NULL);
    for (connector_entry_t *e = sh->head; e; e = e->next) worker_stop_connector(sh->worker, e->name);
    pthread_mutex_unlock(&sh->lock);
    LOG_INFO(LOGGER, "Herder stopped");
}

static void sh_destroy(herder_t *h) {
    standalone_herder_t *sh = (standalone_herder_t *)h;
    if (sh->ticker_started) sh_stop(h);
    for (connector_entry_t *e = sh->head; e;) {
        connector_entry_t *n = e->next;
        entry_free(e);
        e = n;
    }
    free(sh->worker_id);
    free(sh->cluster_id);
    pthread_cond_destroy(&sh->tick_cond);
    pthread_mutex_destroy(&sh->lock);
    free(sh);
}

static const herder_ops_t standalone_ops = {
    .connector_names = sh_connector_names,
    .connector_info = sh_connector_info,
    .put_connector = sh_put_connector,
    .delete_connector = sh_delete_connector,
    .connector_status = sh_connector_status,
    .task_status = sh_task_status,
    .kafka_cluster_id = sh_cluster_id,
    .worker_id = sh_worker_id,
    .stop = sh_stop,
    .destroy = sh_destroy,
};

herder_t *standalone_herder_new(worker_t *worker, const plugin_registry_t *registry,
                                const char *worker_id, const char *kafka_cluster_id) {
    standalone_herder_t *sh = xcalloc(1, sizeof *sh);
    sh->base.ops = &standalone_ops;
    sh->worker = worker;
    sh->registry = registry;
    sh->worker_id = xstrdup(worker_id);
    sh->cluster_id = xstrdup(kafka_cluster_id ? kafka_cluster_id : "");
    pthread_mutex_init(&sh->lock, NULL);
    pthread_cond_init(&sh->tick_cond, NULL);
    if (pthread_create(&sh->ticker, NULL, ticker_main, sh) == 0) {
        pthread_setname_np(sh->ticker, "herder-tick");
        sh->ticker_started = true;
    }
    return &sh->base;
}
