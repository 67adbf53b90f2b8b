/*
 * POST /connectd/v1/transforms/preview: try a transform chain on sample
 * records before deploying it (docs/transforms-preview.md). Our own
 * extensions live under /connectd/v1/ so that no future Kafka Connect path
 * can collide with them. Nothing here touches the herder or Kafka: the
 * chain is built from the request's config with the worker's plugins and
 * dropped with the request.
 */
#include <stdio.h>
#include <string.h>

#include "rest/rest_api.h"
#include "runtime/transform_preview.h"
#include "util/mem.h"

/* The request's "config" as properties. Kafka's REST API takes connector
 * configs as string maps; numbers and booleans are accepted as their text
 * so that hand-written requests need no quoting. */
static cd_props_t *config_props(const json_t *config, rest_response_t *resp) {
    cd_props_t *props = cd_props_new();
    const char *key;
    const json_t *v;
    json_object_foreach((json_t *)config, key, v) {
        char num[64];
        const char *text = NULL;
        if (json_is_string(v))
            text = json_string_value(v);
        else if (json_is_boolean(v))
            text = json_is_true(v) ? "true" : "false";
        else if (json_is_integer(v)) {
            snprintf(num, sizeof num, "%lld", (long long)json_integer_value(v));
            text = num;
        } else if (json_is_real(v)) {
            snprintf(num, sizeof num, "%.17g", json_real_value(v));
            text = num;
        }
        if (!text) {
            rest_respond_error(resp, 400, "Invalid value for configuration %s: must be a string",
                               key);
            cd_props_destroy(props);
            return NULL;
        }
        cd_props_set(props, key, text);
    }
    return props;
}

static bool known_member(const char *key) {
    return strcmp(key, "config") == 0 || strcmp(key, "records") == 0;
}

/* The body's shape; answers 400/413 itself and returns false when wrong. */
static bool check_body(const json_t *body, rest_response_t *resp) {
    if (!json_is_object(body)) {
        rest_respond_error(resp, 400,
                           "The request body must be a JSON object with \"config\" and \"records\"");
        return false;
    }
    const char *key;
    const json_t *v;
    json_object_foreach((json_t *)body, key, v) {
        if (!known_member(key)) {
            rest_respond_error(resp, 400,
                               "Unknown member \"%s\" in the request body (expected \"config\" "
                               "and \"records\")",
                               key);
            return false;
        }
    }
    const json_t *config = json_object_get(body, "config");
    const json_t *records = json_object_get(body, "records");
    if (!json_is_object(config)) {
        rest_respond_error(resp, 400, "\"config\" must be an object of connector config keys");
        return false;
    }
    if (!json_is_array(records)) {
        rest_respond_error(resp, 400, "\"records\" must be an array of records");
        return false;
    }
    if (json_array_size(records) > TRANSFORM_PREVIEW_MAX_RECORDS) {
        rest_respond_error(resp, 413, "At most %d records can be previewed at once, got %zu",
                           TRANSFORM_PREVIEW_MAX_RECORDS, json_array_size(records));
        return false;
    }
    return true;
}

static void preview(rest_request_t *req, rest_response_t *resp) {
    if (!check_body(req->body, resp)) return;
    cd_props_t *props = config_props(json_object_get(req->body, "config"), resp);
    if (!props) return;
    cd_error_t err;
    cd_error_clear(&err);
    transform_preview_t *p = transform_preview_new(req->registry, props, &err);
    cd_props_destroy(props);
    if (!p) {
        rest_respond_error(resp, 400, "%s", err.message);
        return;
    }
    const json_t *records = json_object_get(req->body, "records");
    json_t *results = json_array(), *stages = json_array();
    for (size_t i = 0; i < json_array_size(records); i++) {
        json_t *result, *stage;
        if (transform_preview_run(p, json_array_get(records, i), &result, &stage, &err) != 0) {
            rest_respond_error(resp, 400, "records[%zu]: %s", i, err.message);
            json_decref(results);
            json_decref(stages);
            transform_preview_destroy(p);
            return;
        }
        json_array_append_new(results, result);
        json_array_append_new(stages, stage);
    }
    transform_preview_destroy(p);
    json_t *out = json_object();
    json_object_set_new(out, "records", results);
    json_object_set_new(out, "stages", stages);
    rest_respond_json(resp, 200, out);
}

static const rest_route_t routes[] = {
    {"POST", "/connectd/v1/transforms/preview", preview, REST_ROUTE_JSON_BODY,
     "Run a transform chain on sample records and show each step"},
};

const rest_route_table_t rest_preview_routes = {routes, sizeof routes / sizeof routes[0]};
