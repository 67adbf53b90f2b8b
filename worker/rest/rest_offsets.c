/*
 * /connectors/{c}/offsets (KIP-875): GET in any state; PATCH and DELETE
 * only while the connector is STOPPED (the herder checks and answers 400).
 */
#include <stdlib.h>
#include <string.h>

#include "rest/rest_api.h"
#include "rest/rest_entities.h"
#include "util/mem.h"

/* Offsets come from the herder as JSON text; they go out as JSON. */
static json_t *parse_or_null(const char *text) {
    json_t *v = text ? json_loads(text, JSON_DECODE_ANY, NULL) : NULL;
    return v ? v : json_null();
}

static void get_offsets(rest_request_t *req, rest_response_t *resp) {
    connector_offsets_t *o = NULL;
    herder_error_t err = {0};
    if (herder_connector_offsets(req->herder, rest_param(req, "connector"), &o, &err) !=
        HERDER_OK) {
        rest_respond_herder_error(resp, &err);
        return;
    }
    json_t *list = json_array();
    for (size_t i = 0; i < o->n; i++) {
        json_t *entry = json_object();
        json_object_set_new(entry, "partition", parse_or_null(o->items[i].partition));
        json_object_set_new(entry, "offset", parse_or_null(o->items[i].offset));
        json_array_append_new(list, entry);
    }
    connector_offsets_free(o);
    json_t *out = json_object();
    json_object_set_new(out, "offsets", list);
    rest_respond_json(resp, 200, out);
}

static void respond_message(rest_response_t *resp, char *message) {
    json_t *out = json_object();
    json_object_set_new(out, "message", rest_json_string(message));
    free(message);
    rest_respond_json(resp, 200, out);
}

/* The body's {"offsets":[{"partition":{..},"offset":{..}|null}]}, as text. */
static int body_offsets(const json_t *body, connector_offsets_t *o, rest_response_t *resp) {
    const json_t *list = json_is_object(body) ? json_object_get(body, "offsets") : NULL;
    if (!json_is_array(list) || json_array_size(list) == 0) {
        rest_respond_error(resp, 400,
                           "Partitions / offsets need to be provided for an alter offsets request");
        return -1;
    }
    o->n = json_array_size(list);
    o->items = xcalloc(o->n, sizeof *o->items);
    for (size_t i = 0; i < o->n; i++) {
        const json_t *entry = json_array_get(list, i);
        const json_t *part = json_is_object(entry) ? json_object_get(entry, "partition") : NULL;
        const json_t *off = json_is_object(entry) ? json_object_get(entry, "offset") : NULL;
        if ((part && !json_is_object(part) && !json_is_null(part)) ||
            (off && !json_is_object(off) && !json_is_null(off)) || !json_is_object(entry)) {
            rest_respond_error(resp, 400,
                               "Each offset entry must be an object with a \"partition\" object "
                               "and an \"offset\" object or null");
            return -1;
        }
        if (json_is_object(part)) o->items[i].partition = json_dumps(part, JSON_COMPACT);
        if (json_is_object(off)) o->items[i].offset = json_dumps(off, JSON_COMPACT);
    }
    return 0;
}

static void alter(rest_request_t *req, rest_response_t *resp, const connector_offsets_t *o) {
    char *message = NULL;
    herder_error_t err = {0};
    if (herder_alter_offsets(req->herder, rest_param(req, "connector"), o, &message, &err) !=
        HERDER_OK)
        rest_respond_herder_error(resp, &err);
    else
        respond_message(resp, message);
}

static void patch_offsets(rest_request_t *req, rest_response_t *resp) {
    connector_offsets_t o = {0};
    if (body_offsets(req->body, &o, resp) == 0) alter(req, resp, &o);
    for (size_t i = 0; i < o.n; i++) {
        free(o.items[i].partition);
        free(o.items[i].offset);
    }
    free(o.items);
}

static void delete_offsets(rest_request_t *req, rest_response_t *resp) { alter(req, resp, NULL); }

static const rest_route_t routes[] = {
    {"GET", "/connectors/{connector}/offsets", get_offsets, 0,
     "Get the current offsets for the specified connector"},
    {"PATCH", "/connectors/{connector}/offsets", patch_offsets, REST_ROUTE_JSON_BODY,
     "Alter the offsets for the specified connector"},
    {"DELETE", "/connectors/{connector}/offsets", delete_offsets, 0,
     "Reset the offsets for the specified connector"},
};

const rest_route_table_t rest_offsets_routes = {routes, sizeof routes / sizeof routes[0]};
