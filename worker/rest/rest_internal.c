/*
 * Worker-to-worker endpoints of distributed mode, registered only when the
 * herder has them (rest_api_new): POST /connectors/{c}/tasks, through which
 * the worker running a connector hands its generated task configs to the
 * leader. Kafka hides it from its OpenAPI document, and so do we
 * (docs/distributed.md describes it).
 */
#include <jansson.h>
#include <stdlib.h>

#include "rest/rest_api.h"
#include "util/mem.h"

static void put_task_configs(rest_request_t *req, rest_response_t *resp) {
    const char *name = rest_param(req, "connector");
    json_t *body = req->body;
    if (!json_is_array(body)) {
        rest_respond_error(resp, 400, "Task configurations must be a JSON array of objects");
        return;
    }
    size_t n = json_array_size(body);
    cd_props_t **configs = xcalloc(n ? n : 1, sizeof *configs);
    bool ok = true;
    for (size_t i = 0; i < n && ok; i++) {
        json_t *obj = json_array_get(body, i);
        if (!json_is_object(obj)) {
            ok = false;
            break;
        }
        configs[i] = cd_props_new();
        const char *k;
        json_t *v;
        json_object_foreach(obj, k, v) {
            if (json_is_string(v)) cd_props_set(configs[i], k, json_string_value(v));
            else if (!json_is_null(v)) ok = false;
        }
    }
    if (!ok) {
        rest_respond_error(resp, 400, "Task configurations must map strings to strings");
    } else {
        herder_error_t err = {0};
        herder_request_signature_t sig = {
            .body = req->raw_body,
            .body_len = req->raw_body_len,
            .signature = req->headers->signature,
            .algorithm = req->headers->signature_algorithm,
        };
        if (herder_put_task_configs(req->herder, name, configs, n, &sig, &err) != HERDER_OK)
            rest_respond_herder_error(resp, &err);
        else
            rest_respond_empty(resp, 204);
    }
    for (size_t i = 0; i < n; i++) cd_props_destroy(configs[i]);
    free(configs);
}

static const rest_route_t routes[] = {
    {"POST", "/connectors/{connector}/tasks", put_task_configs, REST_ROUTE_JSON_BODY,
     "Internal: the task configs a worker generated, for the leader to write"},
};

const rest_route_table_t rest_internal_routes = {routes, sizeof routes / sizeof routes[0]};
