/*
 * /connectors: list (with ?expand), create, info, config (GET, PUT,
 * PATCH), status, task status and delete. Lifecycle control lives in
 * rest_connector_control.c, offsets in rest_offsets.c.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "rest/java_compat.h"
#include "rest/rest_api.h"
#include "rest/rest_entities.h"
#include "util/buf.h"
#include "util/mem.h"

/* ---- GET /connectors ---- */

/* Kafka answers ?expand with a java.util.HashMap of connectors, each a
 * HashMap of expansions, so both levels come in HashMap order. */
static void list_expanded(rest_request_t *req, rest_response_t *resp, char **names, size_t n) {
    /* Known expansions, first occurrence order (a repeated put keeps its
     * place in a HashMap). */
    const char *kinds[2];
    size_t n_kinds = 0;
    for (size_t i = 0; i < req->n_query; i++) {
        const char *v = req->query[i].value;
        if (strcmp(req->query[i].key, "expand") != 0) continue;
        if (strcmp(v, "status") != 0 && strcmp(v, "info") != 0) continue;
        bool seen = false;
        for (size_t k = 0; k < n_kinds; k++) seen |= strcmp(kinds[k], v) == 0;
        if (!seen) kinds[n_kinds++] = strcmp(v, "status") == 0 ? "status" : "info";
    }
    size_t kind_order[2];
    rest_java_hashmap_order(kinds, n_kinds, REST_JAVA_MAP_PUTS, kind_order);

    json_t **entries = xcalloc(n ? n : 1, sizeof *entries);
    const char **kept = xcalloc(n ? n : 1, sizeof *kept);
    size_t n_kept = 0;
    for (size_t i = 0; i < n; i++) {
        json_t *values[2] = {NULL, NULL};
        bool gone = false;
        for (size_t k = 0; k < n_kinds && !gone; k++) {
            herder_error_t err = {0};
            int rc;
            if (strcmp(kinds[k], "status") == 0) {
                connector_state_info_t *st = NULL;
                rc = herder_connector_status(req->herder, names[i], &st, &err);
                if (rc == HERDER_OK) values[k] = rest_entity_connector_state_info(st);
                connector_state_info_free(st);
            } else {
                connector_info_t *info = NULL;
                rc = herder_connector_info(req->herder, names[i], &info, &err);
                if (rc == HERDER_OK) values[k] = rest_entity_connector_info(info);
                connector_info_free(info);
            }
            if (rc == HERDER_NOT_FOUND) {
                gone = true; /* deleted while we were listing: leave it out */
            } else if (rc != HERDER_OK) {
                for (size_t j = 0; j < 2; j++) json_decref(values[j]);
                for (size_t j = 0; j < n_kept; j++) json_decref(entries[j]);
                free(entries);
                free(kept);
                rest_respond_herder_error(resp, &err);
                return;
            }
        }
        if (gone) {
            for (size_t j = 0; j < 2; j++) json_decref(values[j]);
            continue;
        }
        json_t *obj = json_object();
        for (size_t k = 0; k < n_kinds; k++)
            json_object_set_new(obj, kinds[kind_order[k]], values[kind_order[k]]);
        entries[n_kept] = obj;
        kept[n_kept++] = names[i];
    }
    size_t *order = xcalloc(n_kept ? n_kept : 1, sizeof *order);
    rest_java_hashmap_order(kept, n_kept, REST_JAVA_MAP_PUTS, order);
    json_t *out = json_object();
    for (size_t i = 0; i < n_kept; i++) json_object_set_new(out, kept[order[i]], entries[order[i]]);
    free(order);
    free(entries);
    free(kept);
    rest_respond_json(resp, 200, out);
}

static void list_connectors(rest_request_t *req, rest_response_t *resp) {
    char **names = NULL;
    size_t n = 0;
    if (herder_connector_names(req->herder, &names, &n) != HERDER_OK) {
        rest_respond_error(resp, 500, "Failed to list connectors");
        return;
    }
    if (rest_query(req, "expand")) {
        list_expanded(req, resp, names, n);
    } else {
        json_t *arr = json_array();
        for (size_t i = 0; i < n; i++) json_array_append_new(arr, rest_json_string(names[i]));
        rest_respond_json(resp, 200, arr);
    }
    herder_names_free(names, n);
}

/* ---- POST /connectors ---- */

/* Kafka's checkAndPutConnectorConfigName: a name in the config must equal
 * the connector's; an absent one is added. Returns 0 or -1 (400 sent). */
static int check_and_put_name(const char *name, cd_props_t *config, rest_response_t *resp) {
    const char *included = cd_props_get(config, "name");
    if (included && strcmp(included, name) != 0) {
        rest_respond_error(resp, 400,
                           "Connector name configuration (%s) doesn't match connector name in "
                           "the URL (%s)",
                           included, name);
        return -1;
    }
    if (!included) cd_props_set(config, "name", name);
    return 0;
}

/* What create and PUT config check before the herder: the name rule and
 * a connector class. Returns 0 or -1 (400 sent). */
static int check_connector_config(const char *name, cd_props_t *config, rest_response_t *resp) {
    if (check_and_put_name(name, config, resp)) return -1;
    if (cd_props_get(config, "connector.class")) return 0;
    /* Kafka prints the config after copying it into a HashMap. */
    char *text = rest_java_props_to_string(config, REST_JAVA_MAP_COPY);
    rest_respond_error(resp, 400, "Connector config %s contains no connector type", text);
    free(text);
    return -1;
}

/* initial_state (KIP-980): RUNNING, PAUSED or STOPPED, any case. */
static int parse_initial_state(const json_t *v, target_state_t *out, rest_response_t *resp) {
    *out = TARGET_STARTED;
    if (!v || json_is_null(v)) return 0;
    const char *s = json_is_string(v) ? json_string_value(v) : NULL;
    if (s && strcasecmp(s, "RUNNING") == 0) return 0;
    if (s && strcasecmp(s, "PAUSED") == 0) return *out = TARGET_PAUSED, 0;
    if (s && strcasecmp(s, "STOPPED") == 0) return *out = TARGET_STOPPED, 0;
    char *text = rest_json_scalar_text(v);
    rest_respond_error(resp, 400,
                       "Invalid initial_state '%s': expected one of RUNNING, PAUSED, STOPPED",
                       text ? text : json_is_array(v) ? "[...]" : "{...}");
    free(text);
    return -1;
}

static void create_connector(rest_request_t *req, rest_response_t *resp) {
    const json_t *body = req->body;
    if (!json_is_object(body)) {
        rest_respond_error(resp, 400,
                           "Request body must be a JSON object with \"name\" and \"config\"");
        return;
    }
    const json_t *jname = json_object_get(body, "name");
    char *raw_name = jname && !json_is_null(jname) ? rest_json_scalar_text(jname) : xstrdup("");
    if (!raw_name) {
        rest_respond_error(resp, 400, "Connector name must be a string");
        return;
    }
    /* Kafka trims the name (String.trim) and treats a missing one as "". */
    char *name = rest_java_trim(raw_name);
    free(raw_name);

    char err[512];
    cd_props_t *config = NULL;
    target_state_t initial;
    connector_info_t *info = NULL;
    if (rest_props_from_json(json_object_get(body, "config"), "Connector config", &config, err,
                             sizeof err)) {
        rest_respond_error(resp, 400, "%s", err);
        goto out;
    }
    if (parse_initial_state(json_object_get(body, "initial_state"), &initial, resp)) goto out;
    if (check_connector_config(name, config, resp)) goto out;
    herder_error_t herr = {0};
    bool created = false;
    if (herder_put_connector(req->herder, name, config, initial, false, &created, &info, &herr) !=
        HERDER_OK) {
        rest_respond_herder_error(resp, &herr);
        goto out;
    }
    rest_respond_json(resp, 201, rest_entity_connector_info(info));
    resp->location = rest_connector_location(req->base_url, name);
out:
    connector_info_free(info);
    cd_props_destroy(config);
    free(name);
}

/* ---- one connector ---- */

static void get_connector(rest_request_t *req, rest_response_t *resp) {
    connector_info_t *info = NULL;
    herder_error_t err = {0};
    if (herder_connector_info(req->herder, rest_param(req, "connector"), &info, &err) != HERDER_OK)
        rest_respond_herder_error(resp, &err);
    else
        rest_respond_json(resp, 200, rest_entity_connector_info(info));
    connector_info_free(info);
}

static void get_connector_status(rest_request_t *req, rest_response_t *resp) {
    connector_state_info_t *st = NULL;
    herder_error_t err = {0};
    if (herder_connector_status(req->herder, rest_param(req, "connector"), &st, &err) !=
        HERDER_OK)
        rest_respond_herder_error(resp, &err);
    else
        rest_respond_json(resp, 200, rest_entity_connector_state_info(st));
    connector_state_info_free(st);
}

static void get_task_status(rest_request_t *req, rest_response_t *resp) {
    const char *name = rest_param(req, "connector");
    const char *task_text = rest_param(req, "task");
    int task;
    if (!rest_parse_java_int(task_text, &task)) {
        rest_respond_error(resp, 404, "No status found for task %s-%s", name, task_text);
        return;
    }
    instance_state_t *st = NULL;
    herder_error_t err = {0};
    if (herder_task_status(req->herder, name, task, &st, &err) != HERDER_OK)
        rest_respond_herder_error(resp, &err);
    else
        rest_respond_json(resp, 200, rest_entity_task_state(st));
    instance_state_free(st);
}

static void delete_connector(rest_request_t *req, rest_response_t *resp) {
    herder_error_t err = {0};
    if (herder_delete_connector(req->herder, rest_param(req, "connector"), &err) != HERDER_OK)
        rest_respond_herder_error(resp, &err);
    else
        rest_respond_empty(resp, 204);
}

/* ---- /connectors/{c}/config ---- */

static void get_connector_config(rest_request_t *req, rest_response_t *resp) {
    connector_info_t *info = NULL;
    herder_error_t err = {0};
    if (herder_connector_info(req->herder, rest_param(req, "connector"), &info, &err) != HERDER_OK)
        rest_respond_herder_error(resp, &err);
    else
        rest_respond_json(resp, 200, rest_entity_props(info->config));
    connector_info_free(info);
}

/* PUT: create (201 + Location) or update (200). */
static void put_connector_config(rest_request_t *req, rest_response_t *resp) {
    const char *name = rest_param(req, "connector");
    char err[512];
    cd_props_t *config = NULL;
    connector_info_t *info = NULL;
    if (rest_props_from_json(req->body, "Connector config", &config, err, sizeof err)) {
        rest_respond_error(resp, 400, "%s", err);
        return;
    }
    if (check_connector_config(name, config, resp)) goto out;
    herder_error_t herr = {0};
    bool created = false;
    if (herder_put_connector(req->herder, name, config, TARGET_STARTED, true, &created, &info,
                             &herr) != HERDER_OK) {
        rest_respond_herder_error(resp, &herr);
        goto out;
    }
    rest_respond_json(resp, created ? 201 : 200, rest_entity_connector_info(info));
    if (created) resp->location = rest_connector_location(req->base_url, name);
out:
    connector_info_free(info);
    cd_props_destroy(config);
}

/* PATCH (KIP-477): values overwrite, nulls remove. */
static void patch_connector_config(rest_request_t *req, rest_response_t *resp) {
    const char *name = rest_param(req, "connector");
    if (!json_is_object(req->body)) {
        rest_respond_error(resp, 400, "Connector config patch must be a JSON object");
        return;
    }
    cd_props_t *set = cd_props_new();
    size_t n_remove = 0;
    char **remove = xcalloc(json_object_size(req->body) + 1, sizeof *remove);
    const char *key;
    json_t *value;
    json_object_foreach(req->body, key, value) {
        if (json_is_null(value)) {
            remove[n_remove++] = xstrdup(key);
            continue;
        }
        char *text = rest_json_scalar_text(value);
        if (!text) {
            rest_respond_error(resp, 400, "Connector config patch value for '%s' must be a string",
                               key);
            goto out;
        }
        cd_props_set(set, key, text);
        free(text);
    }
    const char *patched_name = cd_props_get(set, "name");
    if (patched_name && strcmp(patched_name, name) != 0) {
        rest_respond_error(resp, 400,
                           "Connector name configuration (%s) doesn't match connector name in "
                           "the URL (%s)",
                           patched_name, name);
        goto out;
    }
    connector_info_t *info = NULL;
    herder_error_t herr = {0};
    if (herder_patch_connector(req->herder, name, set, remove, n_remove, &info, &herr) != HERDER_OK)
        rest_respond_herder_error(resp, &herr);
    else
        rest_respond_json(resp, 200, rest_entity_connector_info(info));
    connector_info_free(info);
out:
    for (size_t i = 0; i < n_remove; i++) free(remove[i]);
    free(remove);
    cd_props_destroy(set);
}

static const rest_route_t routes[] = {
    {"GET", "/connectors", list_connectors, 0, "List all active connectors"},
    {"POST", "/connectors", create_connector, REST_ROUTE_JSON_BODY, "Create a new connector"},
    {"GET", "/connectors/{connector}", get_connector, 0,
     "Get the details for the specified connector"},
    {"GET", "/connectors/{connector}/status", get_connector_status, 0,
     "Get the status for the specified connector"},
    {"GET", "/connectors/{connector}/tasks/{task}/status", get_task_status, 0,
     "Get the state of the specified task for the specified connector"},
    {"DELETE", "/connectors/{connector}", delete_connector, 0, "Delete the specified connector"},
    {"GET", "/connectors/{connector}/config", get_connector_config, 0,
     "Get the configuration for the specified connector"},
    {"PUT", "/connectors/{connector}/config", put_connector_config, REST_ROUTE_JSON_BODY,
     "Create or reconfigure the specified connector"},
    {"PATCH", "/connectors/{connector}/config", patch_connector_config, REST_ROUTE_JSON_BODY,
     "Patch the configuration of the specified connector"},
};

const rest_route_table_t rest_connectors_routes = {routes, sizeof routes / sizeof routes[0]};
