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
