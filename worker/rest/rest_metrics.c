/* GET /metrics: every metric in the Prometheus text format (0.0.4). */
#include <stdlib.h>

#include "metrics/prometheus.h"
#include "metrics/render.h"
#include "rest/rest_api.h"
#include "util/mem.h"

/* Connectors as the herder sees them now. A connector deleted between
 * the listing and its status is simply left out. */
static void gather(herder_t *h, metrics_connector_view_t **views, connector_state_info_t ***owned,
                   connector_info_t ***infos, size_t *n) {
    char **names = NULL;
    size_t n_names = 0;
    *views = NULL;
    *owned = NULL;
    *infos = NULL;
    *n = 0;
    if (herder_connector_names(h, &names, &n_names) != HERDER_OK) return;
    *views = xcalloc(n_names ? n_names : 1, sizeof **views);
    *owned = xcalloc(n_names ? n_names : 1, sizeof **owned);
    *infos = xcalloc(n_names ? n_names : 1, sizeof **infos);
    for (size_t i = 0; i < n_names; i++) {
        herder_error_t err;
        connector_state_info_t *st = NULL;
        if (herder_connector_status(h, names[i], &st, &err) != HERDER_OK || !st) continue;
        connector_info_t *info = NULL;
        if (herder_connector_info(h, names[i], &info, &err) != HERDER_OK) info = NULL;
        (*owned)[*n] = st;
        (*infos)[*n] = info;
        (*views)[*n].status = st;
        (*views)[*n].class_name = info ? cd_props_get(info->config, "connector.class") : NULL;
        (*n)++;
    }
    herder_names_free(names, n_names);
}

static void get_metrics(rest_request_t *req, rest_response_t *resp) {
    metrics_connector_view_t *views;
    connector_state_info_t **statuses;
    connector_info_t **infos;
    size_t n;
    gather(req->herder, &views, &statuses, &infos, &n);

    buf_t b;
    buf_init(&b);
    metrics_render_process(&b);
    metrics_render_worker(&b, views, n, herder_worker_id(req->herder));
    metrics_task_snapshot_t *snap;
    size_t n_snap;
    metrics_snapshot_tasks(&snap, &n_snap);
    metrics_render_tasks(&b, snap, n_snap);
    metrics_snapshot_free(snap, n_snap);

    for (size_t i = 0; i < n; i++) {
        connector_state_info_free(statuses[i]);
        connector_info_free(infos[i]);
    }
    free(views);
    free(statuses);
    free(infos);

    free(resp->body);
    resp->status = 200;
    resp->body_len = b.len;
    resp->body = b.data ? buf_steal(&b) : xstrdup("");
    resp->content_type = PROM_CONTENT_TYPE;
}

static const rest_route_t routes[] = {
    {"GET", "/metrics", get_metrics, 0,
     "Get the worker's, connectors' and tasks' metrics in the Prometheus text format"},
};

const rest_route_table_t rest_metrics_routes = {routes, sizeof routes / sizeof routes[0]};
