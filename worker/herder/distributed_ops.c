/*
 * The REST operations of the distributed herder. Reads come from the
 * config snapshot and the status topic, on any worker. Writes that only
 * the leader may do come back as HERDER_FORWARD with the leader's URL
 * (REST forwards them, rest_forward.c); restarts of a running instance go
 * to the worker that runs it. While a rebalance is under way a request
 * waits for it, up to rest_wait_ms, before Kafka's 409 with Retry-After.
 */
#include "herder/distributed_internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "herder/connector_offsets.h"
#include "herder/connector_validation.h"
#include "herder/request_signature.h"
#include "log/log.h"
#include "util/mem.h"

#define RETRY_AFTER_S 2

static distributed_herder_t *DH(herder_t *h) { return (distributed_herder_t *)h; }

/* Wait until no rebalance is under way (bounded). */
static int wait_stable(distributed_herder_t *dh, herder_error_t *err) {
    struct timespec dl;
    clock_gettime(CLOCK_REALTIME, &dl);
    dl.tv_sec += dh->rest_wait_ms / 1000;
    dl.tv_nsec += (long)(dh->rest_wait_ms % 1000) * 1000000L;
    if (dl.tv_nsec >= 1000000000L) {
        dl.tv_sec++;
        dl.tv_nsec -= 1000000000L;
    }
    pthread_mutex_lock(&dh->lock);
    int rc = 0;
    while ((dh->rebalancing || !dh->joined) && !dh->stopping && rc != ETIMEDOUT)
        rc = pthread_cond_timedwait(&dh->stable, &dh->lock, &dl);
    bool stable = !dh->rebalancing && dh->joined;
    pthread_mutex_unlock(&dh->lock);
    if (stable) return 0;
    herder_fail(err, HERDER_CONFLICT,
                "Cannot complete request momentarily due to stale configuration (typically "
                "caused by a concurrent config change)");
    err->retry_after_s = RETRY_AFTER_S;
    return HERDER_CONFLICT;
}

/* 0 when this worker is the leader, else HERDER_FORWARD (or 409). */
static int leader_or_forward(distributed_herder_t *dh, herder_error_t *err) {
    int rc = wait_stable(dh, err);
    if (rc != 0) return rc;
    pthread_mutex_lock(&dh->lock);
    bool leader = dh->is_leader;
    char *url = dh->leader_url ? xstrdup(dh->leader_url) : NULL;
    pthread_mutex_unlock(&dh->lock);
    if (leader) rc = 0;
    else if (url) rc = herder_forward(err, url);
    else {
        rc = herder_fail(err, HERDER_CONFLICT,
                         "Cannot complete request momentarily due to no known leader URL, likely "
                         "because a rebalance was underway.");
        err->retry_after_s = RETRY_AFTER_S;
    }
    free(url);
    return rc;
}

static const char *type_of(distributed_herder_t *dh, const cd_props_t *config) {
    const cd_plugin_desc_t *d = dh_find_plugin(dh, config);
    return d ? plugin_type_name(d->type) : "unknown";
}

static connector_info_t *info_of(distributed_herder_t *dh, const config_connector_t *c) {
    connector_info_t *info = xcalloc(1, sizeof *info);
    info->name = xstrdup(c->name);
    info->config = cd_props_clone(c->config);
    info->n_tasks = c->n_tasks;
    info->type = type_of(dh, c->config);
    return info;
}

static int not_found(herder_error_t *err, const char *name) {
    return herder_fail(err, HERDER_NOT_FOUND, "Connector %s not found", name);
}

/* The leader's own writes are read back before it answers, so a GET that
 * follows sees them. */
static void read_back(distributed_herder_t *dh) { config_store_refresh(dh->configs, 5000); }

static int dh_connector_names(herder_t *h, char ***names, size_t *n) {
    config_snapshot_t *snap = config_store_snapshot(DH(h)->configs);
    char **out = xcalloc(snap->n ? snap->n : 1, sizeof *out);
    for (size_t i = 0; i < snap->n; i++) out[i] = xstrdup(snap->connectors[i].name);
    *names = out;
    *n = snap->n;
    config_snapshot_destroy(snap);
    return 0;
}

/* Reads come from this worker's copy of the config topic, which is as
 * current as the topic itself: unlike Kafka's, they never wait for a
 * rebalance or answer 409. */
static int dh_connector_info(herder_t *h, const char *name, connector_info_t **out,
                             herder_error_t *err) {
    distributed_herder_t *dh = DH(h);
    int rc = 0;
    config_snapshot_t *snap = config_store_snapshot(dh->configs);
    const config_connector_t *c = config_snapshot_find(snap, name);
    if (c) *out = info_of(dh, c);
    else rc = not_found(err, name);
    config_snapshot_destroy(snap);
    return rc;
}

/* Create or update on the leader: validated here, then written. */
static int put(distributed_herder_t *dh, const char *name, const cd_props_t *config,
               target_state_t initial, bool allow_replace, bool must_exist, bool *created,
               connector_info_t **out, herder_error_t *err) {
    cd_props_t *cfg = cd_props_clone(config);
    cd_props_set(cfg, "name", name);
    const cd_plugin_desc_t *desc = NULL;
    int rc = connector_validate_with_worker(dh->registry, dh->wp, cfg, &desc, err);
    if (rc == 0) rc = leader_or_forward(dh, err);
    if (rc != 0) {
        cd_props_destroy(cfg);
        return rc;
    }
    config_snapshot_t *snap = config_store_snapshot(dh->configs);
    const config_connector_t *c = config_snapshot_find(snap, name);
    if (c && !allow_replace) rc = herder_fail(err, HERDER_ALREADY_EXISTS, "Connector %s already exists", name);
    else if (!c && must_exist) rc = not_found(err, name);
    *created = c == NULL;
    int n_tasks = c ? c->n_tasks : 0;
    config_snapshot_destroy(snap);
    char msg[1024];
    /* Kafka writes target-state only for an explicit initial_state; a
     * STARTED one changes nothing, so it is left out. */
    if (rc == 0 &&
        config_store_put_connector(dh->configs, name, cfg,
                                   (*created && initial != TARGET_STARTED) ? &initial : NULL, msg,
                                   sizeof msg) != 0)
        rc = herder_fail(err, HERDER_INTERNAL, "Failed to write the config of connector %s: %s",
                         name, msg);
    if (rc == 0) {
        LOG_INFO(LOGGER, "%s connector %s (%s)", *created ? "Created" : "Reconfigured", name,
                 desc->name);
        read_back(dh);
        connector_info_t *info = xcalloc(1, sizeof *info);
        info->name = xstrdup(name);
        info->config = cfg;
        cfg = NULL;
        info->n_tasks = n_tasks;
        info->type = plugin_type_name(desc->type);
        *out = info;
    }
    cd_props_destroy(cfg);
    return rc;
}

static int dh_put_connector(herder_t *h, const char *name, const cd_props_t *config,
                            target_state_t initial, bool allow_replace, bool *created,
                            connector_info_t **out, herder_error_t *err) {
    return put(DH(h), name, config, initial, allow_replace, false, created, out, err);
}

static int dh_patch_connector(herder_t *h, const char *name, const cd_props_t *set,
                              char *const *remove, size_t n_remove, connector_info_t **out,
                              herder_error_t *err) {
    distributed_herder_t *dh = DH(h);
    int rc = leader_or_forward(dh, err);
    if (rc != 0) return rc;
    config_snapshot_t *snap = config_store_snapshot(dh->configs);
    const config_connector_t *c = config_snapshot_find(snap, name);
    cd_props_t *merged = c ? cd_props_clone(c->config) : NULL;
    config_snapshot_destroy(snap);
    if (!merged) return not_found(err, name);
    for (size_t i = 0; i < cd_props_count(set); i++)
        cd_props_set(merged, cd_props_key_at(set, i), cd_props_value_at(set, i));
    for (size_t i = 0; i < n_remove; i++) cd_props_remove(merged, remove[i]);
    bool created;
    rc = put(dh, name, merged, TARGET_STARTED, true, true, &created, out, err);
    cd_props_destroy(merged);
    return rc;
}

static int dh_delete_connector(herder_t *h, const char *name, herder_error_t *err) {
    distributed_herder_t *dh = DH(h);
    int rc = leader_or_forward(dh, err);
    if (rc != 0) return rc;
    config_snapshot_t *snap = config_store_snapshot(dh->configs);
    const config_connector_t *c = config_snapshot_find(snap, name);
    int n_tasks = c ? c->n_tasks : 0;
    bool exists = c != NULL;
    config_snapshot_destroy(snap);
    if (!exists) return not_found(err, name);
    char msg[1024];
    if (config_store_remove_connector(dh->configs, name, msg, sizeof msg) != 0)
        return herder_fail(err, HERDER_INTERNAL, "Failed to delete connector %s: %s", name, msg);
    read_back(dh);
    /* DESTROYED is a tombstone; the owners stop without writing. */
    status_store_delete(dh->statuses, name, n_tasks);
    LOG_INFO(LOGGER, "Deleted connector %s", name);
    return 0;
}

static void fill_state(instance_state_t *s, int id, status_entry_t *e) {
    s->id = id;
    s->state = e->state;
    s->trace = e->trace;
    s->worker_id = e->worker_id;
    s->version = e->version;
    memset(e, 0, sizeof *e); /* moved */
}

static connector_state_info_t *build_status(distributed_herder_t *dh, const config_connector_t *c,
                                            status_entry_t *conn) {
    connector_state_info_t *s = xcalloc(1, sizeof *s);
    s->name = xstrdup(c->name);
    s->type = type_of(dh, c->config);
    fill_state(&s->connector, -1, conn);
    s->tasks = xcalloc(c->n_tasks ? (size_t)c->n_tasks : 1, sizeof *s->tasks);
    /* Tasks with no status record yet are left out, as Kafka does. */
    for (int i = 0; i < c->n_tasks; i++) {
        status_entry_t e = {0};
        if (status_store_get(dh->statuses, c->name, i, &e) == 0)
            fill_state(&s->tasks[s->n_tasks++], i, &e);
    }
    return s;
}

static int dh_connector_status(herder_t *h, const char *name, connector_state_info_t **out,
                               herder_error_t *err) {
    distributed_herder_t *dh = DH(h);
    config_snapshot_t *snap = config_store_snapshot(dh->configs);
    const config_connector_t *c = config_snapshot_find(snap, name);
    status_entry_t conn = {0};
    int rc = 0;
    if (!c || status_store_get(dh->statuses, name, -1, &conn) != 0)
        rc = herder_fail(err, HERDER_NOT_FOUND, "No status found for connector %s", name);
    else
        *out = build_status(dh, c, &conn);
    config_snapshot_destroy(snap);
    return rc;
}

static int dh_task_status(herder_t *h, const char *name, int task, instance_state_t **out,
                          herder_error_t *err) {
    status_entry_t e = {0};
    if (status_store_get(DH(h)->statuses, name, task, &e) != 0)
        return herder_fail(err, HERDER_NOT_FOUND, "No status found for task %s-%d", name, task);
    instance_state_t *s = xcalloc(1, sizeof *s);
    fill_state(s, task, &e);
    *out = s;
    return 0;
}

static int dh_set_target_state(herder_t *h, const char *name, target_state_t target,
                               herder_error_t *err) {
    distributed_herder_t *dh = DH(h);
    /* Pause and resume are written by whichever worker got them; stop is
     * the leader's (it also empties the task set). */
    if (target == TARGET_STOPPED) {
        int rc = leader_or_forward(dh, err);
        if (rc != 0) return rc;
    }
    config_snapshot_t *snap = config_store_snapshot(dh->configs);
    bool exists = config_snapshot_find(snap, name) != NULL;
    config_snapshot_destroy(snap);
    if (!exists) return not_found(err, name);
    char msg[1024];
    int rc = 0;
    if (target == TARGET_STOPPED)
        rc = config_store_put_task_configs(dh->configs, name, NULL, 0, msg, sizeof msg);
    if (rc == 0) rc = config_store_put_target_state(dh->configs, name, target, msg, sizeof msg);
    if (rc != 0)
        return herder_fail(err, HERDER_INTERNAL, "Failed to write the target state of %s: %s",
                           name, msg);
    read_back(dh);
    return 0;
}

/* The URL of the worker whose status says it runs the instance. */
static char *owner_url(distributed_herder_t *dh, const char *name, int task) {
    status_entry_t e = {0};
    if (status_store_get(dh->statuses, name, task, &e) != 0) return NULL;
    char *url = e.worker_id && strcmp(e.worker_id, dh->worker_id) != 0
                    ? xasprintf("%s://%s/", strncmp(dh->url, "https", 5) == 0 ? "https" : "http",
                                e.worker_id)
                    : NULL;
    status_entry_clear(&e);
    return url;
}

/* Restart of one instance: here if this worker runs it, else forwarded
 * to the leader, which forwards to the owner. */
static int restart_instance(distributed_herder_t *dh, const char *name, int task,
                            herder_error_t *err) {
    if (dh_owns(dh, name, task)) {
        dh_queue_restart(dh, name, task, false, false);
        return 0;
    }
    pthread_mutex_lock(&dh->lock);
    bool leader = dh->is_leader;
    pthread_mutex_unlock(&dh->lock);
    if (!leader) return leader_or_forward(dh, err);
    char *url = owner_url(dh, name, task);
    if (!url) {
        herder_fail(err, HERDER_CONFLICT,
                    "Cannot complete request because of a conflicting operation (e.g. worker "
                    "rebalance)");
        err->retry_after_s = RETRY_AFTER_S;
        return HERDER_CONFLICT;
    }
    int rc = herder_forward(err, url);
    free(url);
    return rc;
}

static void set_restarting(instance_state_t *s) {
    free(s->state);
    s->state = xstrdup("RESTARTING");
    free(s->trace);
    s->trace = NULL;
}

static int dh_restart_connector(herder_t *h, const char *name, bool include_tasks,
                                bool only_failed, connector_state_info_t **plan,
                                herder_error_t *err) {
    distributed_herder_t *dh = DH(h);
    bool plain = !include_tasks && !only_failed;
    int rc = wait_stable(dh, err);
    if (rc != 0) return rc;
    config_snapshot_t *snap = config_store_snapshot(dh->configs);
    const config_connector_t *c = config_snapshot_find(snap, name);
    if (!c) {
        config_snapshot_destroy(snap);
        return plain ? not_found(err, name)
                     : herder_fail(err, HERDER_NOT_FOUND, "Unknown connector: %s", name);
    }
    if (plain) {
        config_snapshot_destroy(snap);
        return restart_instance(dh, name, -1, err);
    }
    rc = leader_or_forward(dh, err);
    status_entry_t conn = {0};
    if (rc == 0 && status_store_get(dh->statuses, name, -1, &conn) != 0)
        rc = herder_fail(err, HERDER_NOT_FOUND, "Status for connector %s not found", name);
    if (rc != 0) {
        config_snapshot_destroy(snap);
        return rc;
    }
    connector_state_info_t *st = build_status(dh, c, &conn);
    config_snapshot_destroy(snap);
    if (!only_failed || strcmp(st->connector.state, "FAILED") == 0) set_restarting(&st->connector);
    for (size_t i = 0; i < st->n_tasks; i++)
        if (include_tasks && (!only_failed || strcmp(st->tasks[i].state, "FAILED") == 0))
            set_restarting(&st->tasks[i]);
    char msg[1024];
    if (config_store_put_restart_request(dh->configs, name, include_tasks, only_failed, msg,
                                         sizeof msg) != 0) {
        connector_state_info_free(st);
        return herder_fail(err, HERDER_INTERNAL, "Failed to request the restart of %s: %s", name,
                           msg);
    }
    *plan = st;
    return 0;
}

static int dh_restart_task(herder_t *h, const char *name, int task, herder_error_t *err) {
    distributed_herder_t *dh = DH(h);
    int rc = wait_stable(dh, err);
    if (rc != 0) return rc;
    config_snapshot_t *snap = config_store_snapshot(dh->configs);
    const config_connector_t *c = config_snapshot_find(snap, name);
    if (!c) rc = not_found(err, name);
    else if (task < 0 || task >= c->n_tasks)
        rc = herder_fail(err, HERDER_NOT_FOUND, "Task %s-%d not found", name, task);
    config_snapshot_destroy(snap);
    return rc ? rc : restart_instance(dh, name, task, err);
}

static int dh_task_configs(herder_t *h, const char *name, cd_props_t ***configs, size_t *n,
                           herder_error_t *err) {
    distributed_herder_t *dh = DH(h);
    config_snapshot_t *snap = config_store_snapshot(dh->configs);
    const config_connector_t *c = config_snapshot_find(snap, name);
    if (!c) {
        config_snapshot_destroy(snap);
        return not_found(err, name);
    }
    cd_props_t **out = xcalloc(c->n_tasks ? (size_t)c->n_tasks : 1, sizeof *out);
    for (int i = 0; i < c->n_tasks; i++) out[i] = cd_props_clone(c->task_configs[i]);
    *configs = out;
    *n = (size_t)c->n_tasks;
    config_snapshot_destroy(snap);
    return 0;
}

static int offsets_lookup(distributed_herder_t *dh, const char *name, bool must_be_stopped,
                          const cd_plugin_desc_t **desc, cd_props_t **config,
                          herder_error_t *err) {
    config_snapshot_t *snap = config_store_snapshot(dh->configs);
    const config_connector_t *c = config_snapshot_find(snap, name);
    int rc = 0;
    if (!c) rc = not_found(err, name);
    else if (!(*desc = dh_find_plugin(dh, c->config)))
        rc = herder_fail(err, HERDER_BAD_REQUEST, "Connector %s has no loadable class", name);
    else if (must_be_stopped)
        rc = connector_offsets_check_stopped(name, c->target, c->n_tasks, err);
    if (rc == 0) *config = cd_props_clone(c->config);
    config_snapshot_destroy(snap);
    return rc;
}

static int dh_connector_offsets(herder_t *h, const char *name, connector_offsets_t **out,
                                herder_error_t *err) {
    distributed_herder_t *dh = DH(h);
    const cd_plugin_desc_t *desc;
    cd_props_t *config;
    int rc = offsets_lookup(dh, name, false, &desc, &config, err);
    if (rc != 0) return rc;
    rc = connector_offsets_read(worker_env(dh->worker), name, desc, config, out, err);
    cd_props_destroy(config);
    return rc;
}

static int dh_alter_offsets(herder_t *h, const char *name, const connector_offsets_t *offsets,
                            char **message, herder_error_t *err) {
    distributed_herder_t *dh = DH(h);
    int rc = leader_or_forward(dh, err);
    if (rc != 0) return rc;
    const cd_plugin_desc_t *desc;
    cd_props_t *config;
    rc = offsets_lookup(dh, name, true, &desc, &config, err);
    if (rc != 0) return rc;
    rc = connector_offsets_alter(worker_env(dh->worker), name, desc, config, offsets, message, err);
    cd_props_destroy(config);
    return rc;
}

static bool topics_enabled(distributed_herder_t *dh, const char *key) {
    const char *v = cd_props_get(dh->wp, key);
    return !v || strcasecmp(v, "false") != 0;
}

static int dh_active_topics(herder_t *h, const char *name, char ***topics, size_t *n,
                            herder_error_t *err) {
    distributed_herder_t *dh = DH(h);
    if (!topics_enabled(dh, "topic.tracking.enable"))
        return herder_fail(err, HERDER_FORBIDDEN,
                           "Topic tracking is disabled.");
    return status_store_topics(dh->statuses, name, topics, n) == 0
               ? 0
               : herder_fail(err, HERDER_INTERNAL, "Cannot read the topics of %s", name);
}

static int dh_reset_active_topics(herder_t *h, const char *name, herder_error_t *err) {
    distributed_herder_t *dh = DH(h);
    if (!topics_enabled(dh, "topic.tracking.enable"))
        return herder_fail(err, HERDER_FORBIDDEN, "Topic tracking is disabled.");
    if (!topics_enabled(dh, "topic.tracking.allow.reset"))
        return herder_fail(err, HERDER_FORBIDDEN, "Topic tracking reset is disabled.");
    status_store_reset_topics(dh->statuses, name);
    return 0;
}

static int dh_put_task_configs(herder_t *h, const char *name, cd_props_t *const *configs,
                               size_t n, const herder_request_signature_t *sig,
                               herder_error_t *err) {
    distributed_herder_t *dh = DH(h);
    config_snapshot_t *snap = config_store_snapshot(dh->configs);
    const config_connector_t *c = config_snapshot_find(snap, name);
    /* A stopped connector has no tasks: configs a worker generated before
     * it saw the PUT /stop are dropped, not written after it. */
    bool stopped = c && c->target == TARGET_STOPPED;
    /* Once the cluster has a session key, only signed task configs are
     * taken (with `compatible` there is none, as in Kafka). */
    int rc = snap->session_key
                 ? request_signature_verify(snap->session_key, sig ? sig->body : NULL,
                                            sig ? sig->body_len : 0, sig ? sig->signature : NULL,
                                            sig ? sig->algorithm : NULL, err)
                 : 0;
    bool exists = config_snapshot_find(snap, name) != NULL;
    config_snapshot_destroy(snap);
    if (rc == 0) rc = leader_or_forward(dh, err);
    if (rc != 0) return rc;
    if (!exists) return not_found(err, name);
    if (stopped) {
        LOG_INFO(LOGGER, "Ignoring task configs for stopped connector %s", name);
        return 0;
    }
    char msg[1024];
    if (config_store_put_task_configs(dh->configs, name, configs, (int)n, msg, sizeof msg) != 0)
        return herder_fail(err, HERDER_INTERNAL, "Failed to write task configs of %s: %s", name,
                           msg);
    return 0;
}

static int dh_set_cluster_log_level(herder_t *h, const char *ns, const char *level,
                                    herder_error_t *err) {
    char msg[1024];
    if (config_store_put_logger_level(DH(h)->configs, ns, level, msg, sizeof msg) != 0)
        return herder_fail(err, HERDER_INTERNAL, "Failed to write the log level of %s: %s", ns,
                           msg);
    return 0;
}

static const cd_props_t *dh_worker_config(herder_t *h) { return DH(h)->wp; }

static bool dh_ping(herder_t *h, int timeout_ms) {
    distributed_herder_t *dh = DH(h);
    int64_t deadline = dh_now_ms() + timeout_ms;
    while (pthread_mutex_trylock(&dh->lock) != 0) {
        if (dh_now_ms() > deadline) return false;
        struct timespec ts = {0, 5000000};
        nanosleep(&ts, NULL);
    }
    pthread_mutex_unlock(&dh->lock);
    return true;
}

static const char *dh_cluster_id(herder_t *h) { return DH(h)->cluster_id; }
static const char *dh_worker_id(herder_t *h) { return DH(h)->worker_id; }

void dh_ops_stop(herder_t *h);
void dh_ops_destroy(herder_t *h);

const herder_ops_t dh_ops = {
    .connector_names = dh_connector_names,
    .connector_info = dh_connector_info,
    .put_connector = dh_put_connector,
    .delete_connector = dh_delete_connector,
    .connector_status = dh_connector_status,
    .task_status = dh_task_status,
    .patch_connector = dh_patch_connector,
    .set_target_state = dh_set_target_state,
    .restart_connector = dh_restart_connector,
    .restart_task = dh_restart_task,
    .task_configs = dh_task_configs,
    .connector_offsets = dh_connector_offsets,
    .alter_offsets = dh_alter_offsets,
    .active_topics = dh_active_topics,
    .reset_active_topics = dh_reset_active_topics,
    .worker_config = dh_worker_config,
    .ping = dh_ping,
    .kafka_cluster_id = dh_cluster_id,
    .worker_id = dh_worker_id,
    .put_task_configs = dh_put_task_configs,
    .set_cluster_log_level = dh_set_cluster_log_level,
    .stop = dh_ops_stop,
    .destroy = dh_ops_destroy,
};
