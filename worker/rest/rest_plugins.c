/*
 * /connector-plugins: the plugin listing. Later rows of this family:
 * GET /connector-plugins/{plugin}/config and PUT .../config/validate.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "rest/rest_api.h"
#include "rest/rest_entities.h"
#include "util/mem.h"

/* Kafka lists plugins by kind in this order, each kind sorted by class
 * name (a TreeSet of PluginDesc). */
static const cd_plugin_type_t listing_order[] = {
    CD_PLUGIN_SINK,           CD_PLUGIN_SOURCE,    CD_PLUGIN_TRANSFORMATION,
    CD_PLUGIN_PREDICATE,      CD_PLUGIN_CONVERTER, CD_PLUGIN_HEADER_CONVERTER,
};

static int desc_cmp(const void *a, const void *b) {
    const cd_plugin_desc_t *x = *(const cd_plugin_desc_t *const *)a;
    const cd_plugin_desc_t *y = *(const cd_plugin_desc_t *const *)b;
    int c = strcmp(x->name, y->name);
    if (c) return c;
    /* Same class twice (two versions): Kafka orders by version next. */
    return strcmp(x->version ? x->version : "", y->version ? y->version : "");
}

static void list_plugins(rest_request_t *req, rest_response_t *resp) {
    /* @DefaultValue("true") boolean: anything but "true" (any case) is false. */
    const char *only = rest_query(req, "connectorsOnly");
    bool connectors_only = !only || !*only || strcasecmp(only, "true") == 0;

    size_t n = req->registry ? plugin_registry_count(req->registry) : 0;
    const cd_plugin_desc_t **descs = xcalloc(n ? n : 1, sizeof *descs);
    json_t *arr = json_array();
    size_t kinds = connectors_only ? 2 : sizeof listing_order / sizeof listing_order[0];
    for (size_t k = 0; k < kinds; k++) {
        size_t m = 0;
        for (size_t i = 0; i < n; i++) {
            const cd_plugin_desc_t *d = plugin_registry_at(req->registry, i);
            if (d->type == listing_order[k]) descs[m++] = d;
        }
        qsort(descs, m, sizeof *descs, desc_cmp);
        for (size_t i = 0; i < m; i++) json_array_append_new(arr, rest_entity_plugin_info(descs[i]));
    }
    free(descs);
    rest_respond_json(resp, 200, arr);
}

static const rest_route_t routes[] = {
    {"GET", "/connector-plugins", list_plugins, 0, "List all connector plugins installed"},
};

const rest_route_table_t rest_plugins_routes = {routes, sizeof routes / sizeof routes[0]};
