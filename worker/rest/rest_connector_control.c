/*
 * /connectors/{c}: lifecycle control and what the connector runs with —
 * pause, resume, stop (KIP-875), restart (KIP-745), task restart, task
 * configs, and active topics (KIP-558).
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "rest/rest_api.h"
#include "rest/rest_entities.h"
#include "rest/java_compat.h"
#include "util/mem.h"

static void set_target(rest_request_t *req, rest_response_t *resp, target_state_t target,
                       int status) {
    herder_error_t err = {0};
    if (herder_set_target_state(req->herder, rest_param(req, "connector"), target, &err) !=
        HERDER_OK)
        rest_respond_herder_error(resp, &err);
    else
        rest_respond_empty(resp, status);
}

static void pause_connector(rest_request_t *req, rest_response_t *resp) {
    set_target(req, resp, TARGET_PAUSED, 202);
}
static void resume_connector(rest_request_t *req, rest_response_t *resp) {
    set_target(req, resp, TARGET_STARTED, 202);
}
static void stop_connector(rest_request_t *req, rest_response_t *resp) {
    set_target(req, resp, TARGET_STOPPED, 204);
}

/* JAX-RS turns a Boolean query parameter into Boolean.valueOf(text). */
static bool query_flag(const rest_request_t *req, const char *key) {
    const char *v = rest_query(req, key);
    return v && strcasecmp(v, "true") == 0;
}

static void restart_connector(rest_request_t *req, rest_response_t *resp) {
    bool include_tasks = query_flag(req, "includeTasks");
    bool only_failed = query_flag(req, "onlyFailed");
    connector_state_info_t *plan = NULL;
    herder_error_t err = {0};
    if (herder_restart_connector(req->herder, rest_param(req, "connector"), include_tasks,
                                 only_failed, &plan, &err) != HERDER_OK)
        rest_respond_herder_error(resp, &err);
    else if (!plan)
        rest_respond_empty(resp, 204); /* the legacy form: connector instance only */
    else
        rest_respond_json(resp, 202, rest_entity_connector_state_info(plan));
    connector_state_info_free(plan);
}

static void restart_task(rest_request_t *req, rest_response_t *resp) {
    int task;
    if (!rest_parse_java_int(rest_param(req, "task"), &task)) {
        rest_respond_error(resp, 404, "HTTP 404 Not Found"); /* as Jersey: not an Integer */
        return;
    }
    herder_error_t err = {0};
    if (herder_restart_task(req->herder, rest_param(req, "connector"), task, &err) != HERDER_OK)
        rest_respond_herder_error(resp, &err);
    else
        rest_respond_empty(resp, 204);
}

/* A task config as Jackson prints the HashMap Kafka keeps it in. */
static json_t *task_config_json(const cd_props_t *config) {
    size_t n = cd_props_count(config);
    const char **keys = xcalloc(n ? n : 1, sizeof *keys);
    size_t *order = xcalloc(n ? n : 1, sizeof *order);
    for (size_t i = 0; i < n; i++) keys[i] = cd_props_key_at(config, i);
    rest_java_hashmap_order(keys, n, REST_JAVA_MAP_PUTS, order);
    json_t *obj = json_object();
    for (size_t i = 0; i < n; i++)
        json_object_set_new(obj, keys[order[i]], rest_json_string(cd_props_value_at(config, order[i])));
    free(order);
    free(keys);
    return obj;
}

static void get_tasks(rest_request_t *req, rest_response_t *resp) {
    const char *name = rest_param(req, "connector");
    cd_props_t **configs = NULL;
    size_t n = 0;
    herder_error_t err = {0};
    if (herder_task_configs(req->herder, name, &configs, &n, &err) != HERDER_OK) {
        rest_respond_herder_error(resp, &err);
        return;
    }
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++) {
        json_t *t = json_object();
        json_object_set_new(t, "id", rest_entity_task_id(name, (int)i));
        json_object_set_new(t, "config", task_config_json(configs[i]));
        json_array_append_new(arr, t);
    }
    herder_task_configs_free(configs, n);
    rest_respond_json(resp, 200, arr);
}

static void get_topics(rest_request_t *req, rest_response_t *resp) {
    const char *name = rest_param(req, "connector");
    char **topics = NULL;
    size_t n = 0;
    herder_error_t err = {0};
    if (herder_active_topics(req->herder, name, &topics, &n, &err) != HERDER_OK) {
        rest_respond_herder_error(resp, &err);
        return;
    }
    json_t *list = json_array();
    for (size_t i = 0; i < n; i++) json_array_append_new(list, rest_json_string(topics[i]));
    herder_names_free(topics, n);
    json_t *info = json_object();
    json_object_set_new(info, "topics", list);
    json_t *out = json_object();
    json_object_set_new(out, name, info);
    rest_respond_json(resp, 200, out);
}

static void reset_topics(rest_request_t *req, rest_response_t *resp) {
    herder_error_t err = {0};
    if (herder_reset_active_topics(req->herder, rest_param(req, "connector"), &err) != HERDER_OK)
        rest_respond_herder_error(resp, &err);
    else
        rest_respond_empty(resp, 202);
}

static const rest_route_t routes[] = {
    {"PUT", "/connectors/{connector}/pause", pause_connector, 0, "Pause the specified connector"},
    {"PUT", "/connectors/{connector}/resume", resume_connector, 0,
     "Resume the specified connector"},
    {"PUT", "/connectors/{connector}/stop", stop_connector, 0, "Stop the specified connector"},
    {"POST", "/connectors/{connector}/restart", restart_connector, 0,
     "Restart the specified connector"},
    {"POST", "/connectors/{connector}/tasks/{task}/restart", restart_task, 0,
     "Restart the specified task for the specified connector"},
    {"GET", "/connectors/{connector}/tasks", get_tasks, 0,
     "List all tasks and their configurations for the specified connector"},
    {"GET", "/connectors/{connector}/topics", get_topics, 0,
     "Get the list of topics actively used by the specified connector"},
    {"PUT", "/connectors/{connector}/topics/reset", reset_topics, 0,
     "Reset the list of topics actively used by the specified connector"},
};

const rest_route_table_t rest_connector_control_routes = {routes, sizeof routes / sizeof routes[0]};
