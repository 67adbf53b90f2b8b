/*
 * The standalone herder's control operations: PATCH config, target states
 * (pause, resume, stop), restarts (KIP-745), task configs and active topics.
 * Messages follow Kafka's StandaloneHerder.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "herder/standalone_internal.h"
#include "log/log.h"
#include "runtime/active_topics.h"
#include "util/mem.h"

static int not_found(herder_error_t *err, const char *name) {
    return herder_fail(err, HERDER_NOT_FOUND, "Connector %s not found", name);
}

int sh_patch_connector(herder_t *h, const char *name, const cd_props_t *set, char *const *remove,
                       size_t n_remove, connector_info_t **out, herder_error_t *err) {
    standalone_herder_t *sh = (standalone_herder_t *)h;
    pthread_mutex_lock(&sh->lock);
    connector_entry_t *e = sh_find(sh, name);
    cd_props_t *patched = e ? cd_props_clone(e->config) : NULL;
    pthread_mutex_unlock(&sh->lock);
    if (!patched) return not_found(err, name);
    for (size_t i = 0; i < cd_props_count(set); i++)
        cd_props_set(patched, cd_props_key_at(set, i), cd_props_value_at(set, i));
    for (size_t i = 0; i < n_remove; i++) cd_props_remove(patched, remove[i]);
    bool created = false;
    int rc = sh_put(sh, name, patched, TARGET_STARTED, true, true, &created, out, err);
    cd_props_destroy(patched);
    return rc;
}

int sh_set_target_state(herder_t *h, const char *name, target_state_t target,
                        herder_error_t *err) {
    standalone_herder_t *sh = (standalone_herder_t *)h;
    pthread_mutex_lock(&sh->lock);
    connector_entry_t *e = sh_find(sh, name);
    if (!e) {
        pthread_mutex_unlock(&sh->lock);
        return not_found(err, name);
    }
    target_state_t was = e->target;
    e->target = target;
    if (was != target) {
        LOG_INFO(LOGGER, "Connector %s target state %s", name,
                 target == TARGET_STARTED ? "STARTED" : target == TARGET_PAUSED ? "PAUSED"
                                                                               : "STOPPED");
        if (was == TARGET_STARTED && target == TARGET_PAUSED) {
            /* Pausing keeps the instances; they just stop moving data. */
            worker_set_connector_state(sh->worker, name, STATE_PAUSED);
            worker_pause_tasks(sh->worker, name, true);
        } else if (was == TARGET_PAUSED && target == TARGET_STARTED && e->n_tasks > 0) {
            worker_set_connector_state(sh->worker, name, STATE_RUNNING);
            worker_pause_tasks(sh->worker, name, false);
        } else {
            /* To or from STOPPED (or resuming a connector that has no tasks
             * yet): rebuild what should run from scratch. */
            sh_apply(sh, e);
        }
        sh_persist(sh);
    }
    pthread_mutex_unlock(&sh->lock);
    return 0;
}

/* The connector instance again, per its target state; a started connector
 * without tasks (e.g. it had failed to start) gets them now. */
static void restart_instance(standalone_herder_t *sh, connector_entry_t *e) {
    worker_stop_connector(sh->worker, e->name);
    if (e->target == TARGET_STOPPED) return;
    char err[1024];
    if (worker_start_connector(sh->worker, e->name, e->config, e->desc, err, sizeof err) != 0)
        return; /* FAILED, with the trace in its status */
    if (e->target == TARGET_PAUSED)
        worker_set_connector_state(sh->worker, e->name, STATE_PAUSED);
    else if (e->n_tasks == 0)
        sh_start_tasks(sh, e);
}

static void restart_one_task(standalone_herder_t *sh, connector_entry_t *e, int id) {
    worker_stop_task(sh->worker, e->name, id);
    char err[1024];
    if (worker_start_task(sh->worker, e->name, id, e->task_configs[id], e->target == TARGET_PAUSED,
                          err, sizeof err) != 0)
        LOG_ERROR(LOGGER, "Failed to restart task %s-%d: %s", e->name, id, err);
}

static void set_restarting(instance_state_t *s) {
    free(s->state);
    s->state = xstrdup("RESTARTING");
    free(s->trace);
    s->trace = NULL;
}

int sh_restart_connector(herder_t *h, const char *name, bool include_tasks, bool only_failed,
                         connector_state_info_t **plan, herder_error_t *err) {
    standalone_herder_t *sh = (standalone_herder_t *)h;
    bool plain = !include_tasks && !only_failed;
    pthread_mutex_lock(&sh->lock);
    connector_entry_t *e = sh_find(sh, name);
    if (!e) {
        pthread_mutex_unlock(&sh->lock);
        return plain ? not_found(err, name)
                     : herder_fail(err, HERDER_NOT_FOUND, "Unknown connector: %s", name);
    }
    if (plain) {
        LOG_INFO(LOGGER, "Restarting connector %s", name);
        restart_instance(sh, e);
        pthread_mutex_unlock(&sh->lock);
        return 0;
    }
    /* The plan: what is restarted shows RESTARTING in the answer. */
    connector_state_info_t *st = sh_build_status(sh, e);
    bool connector = !only_failed || strcmp(st->connector.state, "FAILED") == 0;
    bool *tasks = xcalloc(st->n_tasks ? st->n_tasks : 1, sizeof *tasks);
    for (size_t i = 0; i < st->n_tasks; i++) {
        tasks[i] = include_tasks && (!only_failed || strcmp(st->tasks[i].state, "FAILED") == 0);
        if (tasks[i]) set_restarting(&st->tasks[i]);
    }
    if (connector) set_restarting(&st->connector);
    LOG_INFO(LOGGER, "Restarting connector %s (connector: %s, includeTasks=%s, onlyFailed=%s)",
             name, connector ? "yes" : "no", include_tasks ? "true" : "false",
             only_failed ? "true" : "false");
    if (connector) restart_instance(sh, e);
    for (size_t i = 0; i < st->n_tasks && i < e->n_tasks; i++)
        if (tasks[i]) restart_one_task(sh, e, (int)i);
    free(tasks);
    pthread_mutex_unlock(&sh->lock);
    *plan = st;
    return 0;
}

int sh_restart_task(herder_t *h, const char *name, int task, herder_error_t *err) {
    standalone_herder_t *sh = (standalone_herder_t *)h;
    pthread_mutex_lock(&sh->lock);
    connector_entry_t *e = sh_find(sh, name);
    int rc = 0;
    if (!e)
        rc = not_found(err, name);
    else if (task < 0 || (size_t)task >= e->n_tasks)
        rc = herder_fail(err, HERDER_NOT_FOUND, "Task %s-%d not found", name, task);
    else
        restart_one_task(sh, e, task);
    pthread_mutex_unlock(&sh->lock);
    return rc;
}

int sh_task_configs(herder_t *h, const char *name, cd_props_t ***configs, size_t *n,
                    herder_error_t *err) {
    standalone_herder_t *sh = (standalone_herder_t *)h;
    pthread_mutex_lock(&sh->lock);
    connector_entry_t *e = sh_find(sh, name);
    if (e) {
        *configs = xcalloc(e->n_tasks ? e->n_tasks : 1, sizeof **configs);
        for (size_t i = 0; i < e->n_tasks; i++) (*configs)[i] = cd_props_clone(e->task_configs[i]);
        *n = e->n_tasks;
    }
    pthread_mutex_unlock(&sh->lock);
    return e ? 0 : not_found(err, name);
}

/* topic.tracking.enable / topic.tracking.allow.reset (both default true). */
static bool worker_flag(standalone_herder_t *sh, const char *key) {
    const char *v = cd_props_get(worker_env(sh->worker)->worker_props, key);
    return !v || strcasecmp(v, "false") != 0;
}

int sh_active_topics(herder_t *h, const char *name, char ***topics, size_t *n,
                     herder_error_t *err) {
    if (!worker_flag((standalone_herder_t *)h, "topic.tracking.enable"))
        return herder_fail(err, HERDER_FORBIDDEN, "Topic tracking is disabled.");
    return active_topics_list(name, topics, n) == 0
               ? 0
               : herder_fail(err, HERDER_INTERNAL, "Failed to list the topics of %s", name);
}

int sh_reset_active_topics(herder_t *h, const char *name, herder_error_t *err) {
    standalone_herder_t *sh = (standalone_herder_t *)h;
    if (!worker_flag(sh, "topic.tracking.enable"))
        return herder_fail(err, HERDER_FORBIDDEN, "Topic tracking is disabled.");
    if (!worker_flag(sh, "topic.tracking.allow.reset"))
        return herder_fail(err, HERDER_FORBIDDEN, "Topic tracking reset is disabled.");
    pthread_mutex_lock(&sh->lock);
    bool known = sh_find(sh, name) != NULL;
    pthread_mutex_unlock(&sh->lock);
    if (!known) return not_found(err, name);
    active_topics_reset(name);
    return 0;
}
