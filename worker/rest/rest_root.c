/* GET / (server info) and GET /health (KIP-1017 worker status). */
#include <stdlib.h>

#include "rest/rest_api.h"
#include "rest/rest_entities.h"
#include "util/mem.h"
#include "version.h"

static void get_root(rest_request_t *req, rest_response_t *resp) {
    rest_respond_json(resp, 200,
                      rest_entity_server_info(CONNECTD_KAFKA_COMPAT_VERSION,
                                              "connectd-" CONNECTD_VERSION,
                                              herder_kafka_cluster_id(req->herder)));
}

static void get_health(rest_request_t *req, rest_response_t *resp) {
    char *detail = NULL;
    if (rest_api_health(req->api, &detail)) {
        rest_respond_json(resp, 200,
                          rest_entity_worker_status(
                              "healthy",
                              "Worker has completed startup and is ready to handle requests."));
    } else {
        char *msg = detail && *detail ? xasprintf("Worker is still starting up. %s", detail)
                                      : xstrdup("Worker is still starting up.");
        rest_respond_json(resp, 503, rest_entity_worker_status("starting", msg));
        free(msg);
    }
    free(detail);
}

static const rest_route_t routes[] = {
    {"GET", "/", get_root, 0, "Get details about this Connect worker and the ID of the Kafka "
                              "cluster it is connected to"},
    {"GET", "/health", get_health, 0, "Health check endpoint to verify worker readiness and "
                                      "liveness"},
};

const rest_route_table_t rest_root_routes = {routes, sizeof routes / sizeof routes[0]};
