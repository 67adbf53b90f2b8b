#include "herder/standalone.h"
#include "herder/standalone_internal.h"

#include <pthread.h>
#include <stdio.h>
#include <strings.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "herder/connector_validation.h"
#include "herder/task_generation.h"
#include "log/log.h"
#include "metrics/metrics.h"
#include "runtime/active_topics.h"
#include "runtime/contexts.h"
#include "util/mem.h"

#define TICK_MS 1000

connector_entry_t *sh_find(standalone_herder_t *sh, const char *name) {
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
void sh_start_tasks(standalone_herder_t *sh, connector_entry_t *e) {
    cd_task_configs_t tc = {0};
    char err[1024];
    if (herder_generate_task_configs(sh->worker, e->name, e->config, &tc) != 0) return;
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
void sh_apply(standalone_herder_t *sh, connector_entry_t *e) {
    worker_stop_tasks(sh->worker, e->name);
    worker_stop_connector(sh->worker, e->name);
    if (e->target == TARGET_STOPPED) {
        clear_tasks(e); /* KIP-875: a stopped connector has no tasks */
        return;
    }
    char err[1024];
    if (worker_start_connector(sh->worker, e->name, e->config, e->desc, err, sizeof err) != 0)
        return; /* FAILED, with the trace in its status */
    /* A paused connector gets its tasks too, started paused: they show in
     * its status and resume without a rebuild. */
    if (e->target == TARGET_PAUSED) worker_set_connector_state(sh->worker, e->name, STATE_PAUSED);
    sh_start_tasks(sh, e);
}

connector_info_t *sh_info_of(const connector_entry_t *e) {
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
    connector_entry_t *e = sh_find(sh, name);
    if (e) *out = sh_info_of(e);
    pthread_mutex_unlock(&sh->lock);
    return e ? 0 : herder_fail(err, HERDER_NOT_FOUND, "Connector %s not found", name);
}

static const char *target_name(target_state_t t) {
    return t == TARGET_PAUSED ? "PAUSED" : t == TARGET_STOPPED ? "STOPPED" : "STARTED";
}

/* A connector of the state file that is being created again (from a
 * connector file or by restore) comes back in its stored target state. */
static target_state_t take_restored_target(standalone_herder_t *sh, const char *name,
                                           target_state_t initial) {
    for (size_t i = 0; i < sh->n_restored; i++) {
        stored_connector_t *c = &sh->restored[i];
        if (!c->name || strcmp(c->name, name) != 0) continue;
        target_state_t t = strcmp(c->target_state, "PAUSED") == 0    ? TARGET_PAUSED
                           : strcmp(c->target_state, "STOPPED") == 0 ? TARGET_STOPPED
                                                                      : TARGET_STARTED;
        free(c->name);
        c->name = NULL; /* taken: restore skips it */
        return t;
    }
    return initial;
}

void sh_persist(standalone_herder_t *sh) {
    if (!sh->state_path) return;
    size_t n = 0;
    for (connector_entry_t *e = sh->head; e; e = e->next) n++;
    stored_connector_t *list = xcalloc(n ? n : 1, sizeof *list);
    size_t i = 0;
    for (connector_entry_t *e = sh->head; e; e = e->next, i++) {
        list[i].name = e->name;
        list[i].config = e->config;
        list[i].target_state = (char *)target_name(e->target);
    }
    char err[1024];
    if (connector_state_file_write(sh->state_path, list, n, err, sizeof err) != 0)
        LOG_ERROR(LOGGER, "Failed to save the connector state: %s", err);
    free(list); /* the entries own the strings */
}

int standalone_herder_restore(herder_t *h) {
    standalone_herder_t *sh = (standalone_herder_t *)h;
    int failed = 0;
    for (size_t i = 0; i < sh->n_restored; i++) {
        stored_connector_t *c = &sh->restored[i];
        if (!c->name) continue; /* a connector file already brought it back */
        char *name = xstrdup(c->name);
        bool created = false;
        connector_info_t *info = NULL;
        herder_error_t err = {0};
        if (sh_put(sh, name, c->config, TARGET_STARTED, false, false, &created, &info, &err) != 0) {
            LOG_ERROR(LOGGER, "Failed to restore connector %s: %s", name, err.message);
            failed++;
        } else {
            LOG_INFO(LOGGER, "Restored connector %s from %s", name, sh->state_path);
        }
        connector_info_free(info);
        free(name);
    }
    return failed;
}

/* Create and/or update under validation; must_exist refuses a create (PATCH
 * racing a DELETE must not resurrect the connector). */
int sh_put(standalone_herder_t *sh, const char *name, const cd_props_t *config,
           target_state_t initial, bool allow_replace, bool must_exist, bool *created,
           connector_info_t **out, herder_error_t *err) {
    cd_props_t *cfg = cd_props_clone(config);
    cd_props_set(cfg, "name", name);
    const cd_plugin_desc_t *desc = NULL;
    int rc = connector_validate_with_worker(sh->registry, worker_env(sh->worker)->worker_props, cfg,
                                            &desc, err);
    if (rc != 0) {
        cd_props_destroy(cfg);
        return rc;
    }
    pthread_mutex_lock(&sh->lock);
    connector_entry_t *e = sh_find(sh, name);
    if ((e && !allow_replace) || (!e && must_exist)) {
        pthread_mutex_unlock(&sh->lock);
        cd_props_destroy(cfg);
        return e ? herder_fail(err, HERDER_ALREADY_EXISTS, "Connector %s already exists", name)
                 : herder_fail(err, HERDER_NOT_FOUND, "Connector %s not found", name);
    }
    *created = e == NULL;
    if (!e) {
        e = xcalloc(1, sizeof *e);
        e->name = xstrdup(name);
        e->target = take_restored_target(sh, name, initial);
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
    sh_apply(sh, e);
    sh_persist(sh);
    *out = sh_info_of(e);
    pthread_mutex_unlock(&sh->lock);
    return 0;
}

static int sh_put_connector(herder_t *h, const char *name, const cd_props_t *config,
                            target_state_t initial, bool allow_replace, bool *created,
                            connector_info_t **out, herder_error_t *err) {
    return sh_put((standalone_herder_t *)h, name, config, initial, allow_replace, false, created,
                  out, err);
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
    active_topics_forget(name); /* KIP-558: a deleted connector's topics go too */
    metrics_forget_connector(name);
    log_unbind_connector(name);
    if (prev)
        prev->next = e->next;
    else
        sh->head = e->next;
    if (sh->tail == e) sh->tail = prev;
    entry_free(e);
    sh_persist(sh);
    pthread_mutex_unlock(&sh->lock);
    LOG_INFO(LOGGER, "Deleted connector %s", name);
    return 0;
}

void sh_fill_state(instance_state_t *s, int id, run_state_t st, char *trace,
                       const char *worker_id, const cd_plugin_desc_t *desc) {
    s->id = id;
    s->state = xstrdup(run_state_name(st));
    s->trace = trace;
    s->worker_id = xstrdup(worker_id);
    s->version = desc && desc->version ? xstrdup(desc->version) : NULL;
}

run_state_t sh_connector_run_state(standalone_herder_t *sh, connector_entry_t *e,
                                       char **trace) {
    run_state_t st;
    *trace = NULL;
    if (e->target == TARGET_STOPPED) return STATE_STOPPED;
    if (!worker_connector_state(sh->worker, e->name, &st, trace)) return STATE_UNASSIGNED;
    return st;
}

connector_state_info_t *sh_build_status(standalone_herder_t *sh, connector_entry_t *e) {
    connector_state_info_t *s = xcalloc(1, sizeof *s);
    s->name = xstrdup(e->name);
    s->type = e->desc ? plugin_type_name(e->desc->type) : "unknown";
    char *trace;
    run_state_t cst = sh_connector_run_state(sh, e, &trace);
    sh_fill_state(&s->connector, -1, cst, trace, sh->worker_id, e->desc);
    s->tasks = xcalloc(e->n_tasks ? e->n_tasks : 1, sizeof *s->tasks);
    for (size_t i = 0; i < e->n_tasks; i++) {
        run_state_t tst = STATE_UNASSIGNED;
        trace = NULL;
        worker_task_state(sh->worker, e->name, (int)i, &tst, &trace);
        sh_fill_state(&s->tasks[i], (int)i, tst, trace, sh->worker_id, e->desc);
    }
    s->n_tasks = e->n_tasks;
    return s;
}

static int sh_connector_status(herder_t *h, const char *name, connector_state_info_t **out,
                               herder_error_t *err) {
    standalone_herder_t *sh = (standalone_herder_t *)h;
    pthread_mutex_lock(&sh->lock);
    connector_entry_t *e = sh_find(sh, name);
    if (e) *out = sh_build_status(sh, e);
    pthread_mutex_unlock(&sh->lock);
    return e ? 0 : herder_fail(err, HERDER_NOT_FOUND, "No status found for connector %s", name);
}

static int sh_task_status(herder_t *h, const char *name, int task, instance_state_t **out,
                          herder_error_t *err) {
    standalone_herder_t *sh = (standalone_herder_t *)h;
    pthread_mutex_lock(&sh->lock);
    connector_entry_t *e = sh_find(sh, name);
    if (!e || task < 0 || (size_t)task >= e->n_tasks) {
        pthread_mutex_unlock(&sh->lock);
        return herder_fail(err, HERDER_NOT_FOUND, "No status found for task %s-%d", name, task);
    }
    run_state_t st = STATE_UNASSIGNED;
    char *trace = NULL;
    worker_task_state(sh->worker, name, task, &st, &trace);
    instance_state_t *s = xcalloc(1, sizeof *s);
    sh_fill_state(s, task, st, trace, sh->worker_id, e->desc);
    pthread_mutex_unlock(&sh->lock);
    *out = s;
    return 0;
}

static const cd_props_t *sh_worker_config(herder_t *h) {
    return worker_env(((standalone_herder_t *)h)->worker)->worker_props;
}

static bool sh_ping(herder_t *h, int timeout_ms) {
    standalone_herder_t *sh = (standalone_herder_t *)h;
    struct timespec dl;
    clock_gettime(CLOCK_REALTIME, &dl);
    dl.tv_sec += timeout_ms / 1000;
    dl.tv_nsec += (long)(timeout_ms % 1000) * 1000000L;
    if (dl.tv_nsec >= 1000000000L) {
        dl.tv_sec++;
        dl.tv_nsec -= 1000000000L;
    }
    if (pthread_mutex_timedlock(&sh->lock, &dl) != 0) return false;
    pthread_mutex_unlock(&sh->lock);
    return true;
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
            sh_start_tasks(sh, e);
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
    free(sh->state_path);
    stored_connectors_free(sh->restored, sh->n_restored);
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
    .patch_connector = sh_patch_connector,
    .set_target_state = sh_set_target_state,
    .restart_connector = sh_restart_connector,
    .restart_task = sh_restart_task,
    .task_configs = sh_task_configs,
    .connector_offsets = sh_connector_offsets,
    .alter_offsets = sh_alter_offsets,
    .active_topics = sh_active_topics,
    .reset_active_topics = sh_reset_active_topics,
    .ping = sh_ping,
    .worker_config = sh_worker_config,
    .kafka_cluster_id = sh_cluster_id,
    .worker_id = sh_worker_id,
    .stop = sh_stop,
    .destroy = sh_destroy,
};

herder_t *standalone_herder_new(worker_t *worker, const plugin_registry_t *registry,
                                const char *worker_id, const char *kafka_cluster_id,
                                const char *state_path, char *err, size_t errlen) {
    stored_connector_t *restored = NULL;
    size_t n_restored = 0;
    if (state_path &&
        connector_state_file_read(state_path, &restored, &n_restored, err, errlen) != 0)
        return NULL;
    standalone_herder_t *sh = xcalloc(1, sizeof *sh);
    sh->state_path = state_path ? xstrdup(state_path) : NULL;
    sh->restored = restored;
    sh->n_restored = n_restored;
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
