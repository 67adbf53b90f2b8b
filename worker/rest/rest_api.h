/*
 * The REST API without the HTTP server: request and response objects,
 * the dispatcher that turns (method, target, content type, body) into a
 * response, and the helpers resource handlers use. server.c is only the
 * libmicrohttpd glue around rest_api_handle(); tests may call it directly.
 *
 * Handlers call only herder_* functions and the plugin registry.
 */
#ifndef CONNECTD_REST_REST_API_H
#define CONNECTD_REST_REST_API_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "herder/herder.h"
#include "plugin/registry.h"
#include "rest/router.h"

/* Largest request body accepted (413 beyond). */
#define REST_MAX_BODY_BYTES (1024u * 1024u)

typedef struct rest_api rest_api_t;

/* herder and registry are borrowed and must outlive the API; registry may
 * be NULL (no plugins listed). Returns NULL with err filled only when a
 * route table is malformed (a programming error). */
rest_api_t *rest_api_new(herder_t *herder, const plugin_registry_t *registry, char *err,
                         size_t errlen);
void rest_api_destroy(rest_api_t *api);
const rest_router_t *rest_api_router(const rest_api_t *api);

/* Health (GET /health): not ready answers 503 "starting" with the optional
 * detail (what the worker is doing) appended. Any thread. */
void rest_api_set_ready(rest_api_t *api, bool ready, const char *detail);
/* Current readiness; *detail gets a copy of the detail (caller frees). */
bool rest_api_health(rest_api_t *api, char **detail);

/* Request headers the API looks at; any may be NULL. */
typedef struct rest_client_headers {
    const char *authorization;       /* copied onto a forwarded request, as Kafka does */
    const char *signature;           /* X-Connect-Authorization (internal requests) */
    const char *signature_algorithm; /* X-Connect-Request-Signature-Algorithm */
} rest_client_headers_t;

/* One query parameter, percent-decoded; repeated keys stay repeated. */
typedef struct rest_query_param {
    char *key;
    char *value;
} rest_query_param_t;

struct rest_request {
    rest_api_t *api;
    herder_t *herder;
    const plugin_registry_t *registry;
    const char *method;
    const rest_match_t *match;
    const rest_query_param_t *query;
    size_t n_query;
    json_t *body;         /* REST_ROUTE_JSON_BODY routes: the parsed body, else NULL */
    const char *base_url; /* "http://host:port" the client used, for Location */
    const rest_client_headers_t *headers; /* never NULL */
    const char *raw_body; /* the body bytes as received (signatures cover them) */
    size_t raw_body_len;
};

struct rest_response {
    int status;
    char *body;     /* owned; NULL = no body (e.g. 204) */
    size_t body_len;
    char *location; /* owned; NULL = no Location header */
    const char *content_type; /* static string; NULL = application/json */
    int retry_after_s;        /* > 0: a Retry-After header (409 during a rebalance) */
    char *forward_url;        /* owned; set by rest_respond_herder_error for HERDER_FORWARD */
};

/* Handle one request. target is the raw request target ("/path?query",
 * still percent-encoded); content_type may be NULL; body may be NULL when
 * body_len is 0. resp must be released with rest_response_clear. */
void rest_api_handle(rest_api_t *api, const char *method, const char *target,
                     const char *content_type, const char *body, size_t body_len,
                     const char *base_url, rest_response_t *resp);
/* The same, with the client's headers (may be NULL). */
void rest_api_handle_auth(rest_api_t *api, const char *method, const char *target,
                          const char *content_type, const char *body, size_t body_len,
                          const char *base_url, const rest_client_headers_t *headers,
                          rest_response_t *resp);
void rest_response_clear(rest_response_t *resp);

/* ---- helpers for handlers ---- */

const char *rest_param(const rest_request_t *req, const char *name); /* path parameter */
/* First value of a query parameter, NULL when absent. */
const char *rest_query(const rest_request_t *req, const char *key);

/* Respond with doc (stolen) serialized compactly, as Jackson does. */
void rest_respond_json(rest_response_t *resp, int status, json_t *doc);
/* {"error_code":status,"message":...} */
void rest_respond_error(rest_response_t *resp, int status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void rest_respond_herder_error(rest_response_t *resp, const herder_error_t *err);
void rest_respond_empty(rest_response_t *resp, int status);
/* HTTP status for a herder outcome. */
int rest_herder_http_status(herder_status_t status);

/* The route tables of each resource family, registered by rest_routes.c. */
typedef struct rest_route_table {
    const rest_route_t *routes;
    size_t n;
} rest_route_table_t;
extern const rest_route_table_t rest_root_routes;
extern const rest_route_table_t rest_connectors_routes;
extern const rest_route_table_t rest_connector_control_routes;
extern const rest_route_table_t rest_offsets_routes;
extern const rest_route_table_t rest_plugins_routes;
extern const rest_route_table_t rest_metrics_routes;
extern const rest_route_table_t rest_loggers_routes;
extern const rest_route_table_t rest_openapi_routes;
extern const rest_route_table_t rest_preview_routes;
/* Distributed worker-to-worker routes, only when the herder has them. */
extern const rest_route_table_t rest_internal_routes;
/* Register every resource family's routes. */
int rest_routes_register(rest_router_t *router, char *err, size_t errlen);

#endif
