/* Dispatchers of the herder interface and the result types' destructors. */
#include "herder/herder.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

void connector_info_free(connector_info_t *info) {
    if (!info) return;
    free(info->name);
    cd_props_destroy(info->config);
    free(info);
}

static void instance_state_clear(instance_state_t *s) {
    free(s->state);
    free(s->worker_id);
    free(s->trace);
    free(s->version);
}

void instance_state_free(instance_state_t *s) {
    if (!s) return;
    instance_state_clear(s);
    free(s);
}

void connector_state_info_free(connector_state_info_t *s) {
    if (!s) return;
    free(s->name);
    instance_state_clear(&s->connector);
    for (size_t i = 0; i < s->n_tasks; i++) instance_state_clear(&s->tasks[i]);
    free(s->tasks);
    free(s);
}

void herder_names_free(char **names, size_t n) {
    for (size_t i = 0; i < n; i++) free(names[i]);
    free(names);
}

int herder_fail(herder_error_t *err, herder_status_t status, const char *fmt, ...) {
    if (err) {
        err->status = status;
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err->message, sizeof err->message, fmt, ap);
        va_end(ap);
    }
    return (int)status;
}

int herder_connector_names(herder_t *h, char ***names, size_t *n) {
    return h->ops->connector_names(h, names, n);
}

int herder_connector_info(herder_t *h, const char *name, connector_info_t **out,
                          herder_error_t *err) {
    return h->ops->connector_info(h, name, out, err);
}

int herder_put_connector(herder_t *h, const char *name, const cd_props_t *config,
                         target_state_t initial, bool allow_replace, bool *created,
                         connector_info_t **out, herder_error_t *err) {
    return h->ops->put_connector(h, name, config, initial, allow_replace, created, out, err);
}

int herder_delete_connector(herder_t *h, const char *name, herder_error_t *err) {
    return h->ops->delete_connector(h, name, err);
}

int herder_connector_status(herder_t *h, const char *name, connector_state_info_t **out,
                            herder_error_t *err) {
    return h->ops->connector_status(h, name, out, err);
}

int herder_task_status(herder_t *h, const char *name, int task, instance_state_t **out,
                       herder_error_t *err) {
    return h->ops->task_status(h, name, task, out, err);
}

const char *herder_kafka_cluster_id(herder_t *h) { return h->ops->kafka_cluster_id(h); }
const char *herder_worker_id(herder_t *h) { return h->ops->worker_id(h); }
void herder_stop(herder_t *h) {
    if (h) h->ops->stop(h);
}
void herder_destroy(herder_t *h) {
    if (h) h->ops->destroy(h);
}

void connector_offsets_free(connector_offsets_t *o) {
    if (!o) return;
    for (size_t i = 0; i < o->n; i++) {
        free(o->items[i].partition);
        free(o->items[i].offset);
    }
    free(o->items);
    free(o);
}

void herder_task_configs_free(cd_props_t **configs, size_t n) {
    for (size_t i = 0; i < n; i++) cd_props_destroy(configs[i]);
    free(configs);
}

/* Optional operations: a herder that lacks one answers 500 rather than
 * crashing (test herders implement only what they exercise). */
#define HERDER_OPTIONAL(h, op, err)                                                      \
    do {                                                                                 \
        if (!(h)->ops->op)                                                               \
            return herder_fail(err, HERDER_NOT_SUPPORTED, "Operation %s is not supported", #op); \
    } while (0)

int herder_patch_connector(herder_t *h, const char *name, const cd_props_t *set,
                           char *const *remove, size_t n_remove, connector_info_t **out,
                           herder_error_t *err) {
    HERDER_OPTIONAL(h, patch_connector, err);
    return h->ops->patch_connector(h, name, set, remove, n_remove, out, err);
}

int herder_set_target_state(herder_t *h, const char *name, target_state_t target,
                            herder_error_t *err) {
    HERDER_OPTIONAL(h, set_target_state, err);
    return h->ops->set_target_state(h, name, target, err);
}

int herder_restart_connector(herder_t *h, const char *name, bool include_tasks, bool only_failed,
                             connector_state_info_t **plan, herder_error_t *err) {
    *plan = NULL;
    HERDER_OPTIONAL(h, restart_connector, err);
    return h->ops->restart_connector(h, name, include_tasks, only_failed, plan, err);
}

int herder_restart_task(herder_t *h, const char *name, int task, herder_error_t *err) {
    HERDER_OPTIONAL(h, restart_task, err);
    return h->ops->restart_task(h, name, task, err);
}

int herder_task_configs(herder_t *h, const char *name, cd_props_t ***configs, size_t *n,
                        herder_error_t *err) {
    *configs = NULL;
    *n = 0;
    HERDER_OPTIONAL(h, task_configs, err);
    return h->ops->task_configs(h, name, configs, n, err);
}

int herder_connector_offsets(herder_t *h, const char *name, connector_offsets_t **out,
                             herder_error_t *err) {
    *out = NULL;
    HERDER_OPTIONAL(h, connector_offsets, err);
    return h->ops->connector_offsets(h, name, out, err);
}

int herder_alter_offsets(herder_t *h, const char *name, const connector_offsets_t *offsets,
                         char **message, herder_error_t *err) {
    *message = NULL;
    HERDER_OPTIONAL(h, alter_offsets, err);
    return h->ops->alter_offsets(h, name, offsets, message, err);
}

int herder_active_topics(herder_t *h, const char *name, char ***topics, size_t *n,
                         herder_error_t *err) {
    *topics = NULL;
    *n = 0;
    HERDER_OPTIONAL(h, active_topics, err);
    return h->ops->active_topics(h, name, topics, n, err);
}

int herder_reset_active_topics(herder_t *h, const char *name, herder_error_t *err) {
    HERDER_OPTIONAL(h, reset_active_topics, err);
    return h->ops->reset_active_topics(h, name, err);
}

bool herder_ping(herder_t *h, int timeout_ms) {
    return !h->ops->ping || h->ops->ping(h, timeout_ms);
}

const cd_props_t *herder_worker_config(herder_t *h) {
    return h && h->ops->worker_config ? h->ops->worker_config(h) : NULL;
}

int herder_forward(herder_error_t *err, const char *url) {
    if (err) {
        err->status = HERDER_FORWARD;
        snprintf(err->forward_url, sizeof err->forward_url, "%s", url);
        snprintf(err->message, sizeof err->message, "Request must be forwarded to %s", url);
    }
    return HERDER_FORWARD;
}

int herder_put_task_configs(herder_t *h, const char *name, cd_props_t *const *configs, size_t n,
                            const herder_request_signature_t *sig, herder_error_t *err) {
    /* Kafka's standalone herder throws UnsupportedOperationException: 500. */
    HERDER_OPTIONAL(h, put_task_configs, err);
    return h->ops->put_task_configs(h, name, configs, n, sig, err);
}

int herder_set_cluster_log_level(herder_t *h, const char *logger_namespace, const char *level,
                                 herder_error_t *err) {
    if (!h) return herder_fail(err, HERDER_NOT_SUPPORTED, "No herder");
    HERDER_OPTIONAL(h, set_cluster_log_level, err);
    return h->ops->set_cluster_log_level(h, logger_namespace, level, err);
}
