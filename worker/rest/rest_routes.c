/* Every resource family's route table. A new family (loggers, offsets,
 * metrics, ...) adds its table to this list and nothing else. */
#include "rest/rest_api.h"

static const rest_route_table_t *const all_tables[] = {
    &rest_root_routes,
    &rest_connectors_routes,
    &rest_connector_control_routes,
    &rest_offsets_routes,
    &rest_plugins_routes,
    &rest_metrics_routes,
    &rest_loggers_routes,
    &rest_openapi_routes,
    &rest_preview_routes,
};

int rest_routes_register(rest_router_t *router, char *err, size_t errlen) {
    for (size_t i = 0; i < sizeof all_tables / sizeof all_tables[0]; i++)
        if (rest_router_add(router, all_tables[i]->routes, all_tables[i]->n, err, errlen))
            return -1;
    return 0;
}
