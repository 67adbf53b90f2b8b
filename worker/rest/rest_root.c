/* GET / (server info) and GET /health (KIP-1017 worker status). */
#include <stdbool.h>
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

/* How long /health waits for the herder before calling it stuck. Kafka
 * waits 10 s; a probe wants its answer sooner than its own timeout. */
#define HEALTH_HERDER_TIMEOUT_MS 5000

static void get_health(rest_request_t *req, rest_response_t *resp) {
    char *detail = NULL;
    bool ready = rest_api_health(req->api, &detail);
    if (ready && !herder_ping(req->herder, HEALTH_HERDER_TIMEOUT_MS)) {
        /* Started, but the herder cannot take requests: as Kafka's
         * "unhealthy", answered 503 so probes treat it as not ready. */
        rest_respond_json(resp, 503,
                          rest_entity_worker_status(
                              "unhealthy",
                              "Worker was unable to handle this request and may be unable to "
                              "handle other requests. The herder did not answer within 5 "
                              "seconds; it may be stuck stopping or starting a connector."));
    } else if (ready) {
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
