/*
 * A small table-driven HTTP router. A route is (method, path pattern,
 * handler); patterns are '/'-separated segments, each either literal or a
 * {parameter}, e.g. "/connectors/{connector}/tasks/{task}/status".
 *
 * Each resource family (rest_root.c, rest_connectors.c, rest_plugins.c, ...)
 * declares one static table of routes; rest_routes.c registers them all.
 * The router only matches: it knows nothing about HTTP bodies or JSON.
 *
 * Matching follows JAX-RS as Kafka's Jersey does: the path is split into
 * segments first and every segment is percent-decoded afterwards (so %2F
 * stays inside a connector name); one trailing '/' is ignored; when
 * several patterns match a path the one with the most literal segments
 * wins, and if none of its routes accepts the method the answer is 405.
 * HEAD is served by the GET route.
 */
#ifndef CONNECTD_REST_ROUTER_H
#define CONNECTD_REST_ROUTER_H

#include <stddef.h>

#define REST_MAX_PATH_PARAMS 8

typedef struct rest_request rest_request_t;
typedef struct rest_response rest_response_t;

/* A handler fills resp (see rest_api.h for the helpers). */
typedef void (*rest_handler_fn)(rest_request_t *req, rest_response_t *resp);

/* Route flags. */
#define REST_ROUTE_JSON_BODY 0x1u /* the handler reads a JSON request body */

typedef struct rest_route {
    const char *method;  /* "GET", "POST", "PUT", "PATCH", "DELETE" */
    const char *pattern; /* starts with '/'; "{name}" segments are parameters */
    rest_handler_fn handler;
    unsigned flags;      /* REST_ROUTE_* */
    const char *summary; /* one line, as Kafka's @Operation summary (OpenAPI) */
} rest_route_t;

typedef enum rest_match_status {
    REST_MATCH_OK,
    REST_MATCH_NOT_FOUND,          /* 404: no pattern matches the path */
    REST_MATCH_METHOD_NOT_ALLOWED, /* 405: the path exists, not with this method */
} rest_match_status_t;

typedef struct rest_match {
    const rest_route_t *route; /* the matched route (borrowed) */
    size_t n_params;
    char *names[REST_MAX_PATH_PARAMS];  /* parameter names, owned */
    char *values[REST_MAX_PATH_PARAMS]; /* percent-decoded values, owned */
} rest_match_t;

typedef struct rest_router rest_router_t;

rest_router_t *rest_router_new(void); /* caller destroys */
void rest_router_destroy(rest_router_t *r);

/* Register n routes; the table must outlive the router (static tables).
 * Returns 0, or -1 with err filled for a malformed pattern. */
int rest_router_add(rest_router_t *r, const rest_route_t *routes, size_t n, char *err,
                    size_t errlen);

/* Registered routes in registration order (for listings such as OpenAPI). */
size_t rest_router_count(const rest_router_t *r);
const rest_route_t *rest_router_at(const rest_router_t *r, size_t i);

/* Match method and path (no query string). On REST_MATCH_OK, m holds the
 * route and the parameters; release with rest_match_clear in every case. */
rest_match_status_t rest_router_match(const rest_router_t *r, const char *method,
                                      const char *path, rest_match_t *m);
void rest_match_clear(rest_match_t *m);
/* Value of a path parameter, NULL when the route has none of that name. */
const char *rest_match_param(const rest_match_t *m, const char *name);

/* Percent-decode src[0..len) into a new string (caller frees). With
 * plus_is_space, '+' decodes to ' ' (query strings). Malformed escapes are
 * kept as they are; returns NULL when the result would contain a NUL. */
char *rest_percent_decode(const char *src, size_t len, int plus_is_space);

#endif
