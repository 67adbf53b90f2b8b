/* The REST dispatcher: routing, query parsing, media type and body checks,
 * then the resource handler. Independent of the HTTP server library. */
#include "rest/rest_api.h"
#include "rest/rest_forward.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/mem.h"

struct rest_api {
    herder_t *herder;
    const plugin_registry_t *registry;
    rest_router_t *router;
    pthread_mutex_t lock; /* guards ready and detail */
    bool ready;
    char *detail;
};

rest_api_t *rest_api_new(herder_t *herder, const plugin_registry_t *registry, char *err,
                         size_t errlen) {
    rest_api_t *api = xcalloc(1, sizeof *api);
    api->herder = herder;
    api->registry = registry;
    api->router = rest_router_new();
    /* Ready until told otherwise: the worker flips it off while it starts
     * up once it has a startup phase worth reporting. */
    api->ready = true;
    pthread_mutex_init(&api->lock, NULL);
    if (rest_routes_register(api->router, err, errlen) ||
        (herder && herder->ops->put_task_configs &&
         rest_router_add(api->router, rest_internal_routes.routes, rest_internal_routes.n, err,
                         errlen))) {
        rest_api_destroy(api);
        return NULL;
    }
    return api;
}

void rest_api_destroy(rest_api_t *api) {
    if (!api) return;
    rest_router_destroy(api->router);
    pthread_mutex_destroy(&api->lock);
    free(api->detail);
    free(api);
}

const rest_router_t *rest_api_router(const rest_api_t *api) { return api->router; }

void rest_api_set_ready(rest_api_t *api, bool ready, const char *detail) {
    pthread_mutex_lock(&api->lock);
    api->ready = ready;
    free(api->detail);
    api->detail = xstrdup(detail);
    pthread_mutex_unlock(&api->lock);
}

bool rest_api_health(rest_api_t *api, char **detail) {
    pthread_mutex_lock(&api->lock);
    bool ready = api->ready;
    *detail = xstrdup(api->detail);
    pthread_mutex_unlock(&api->lock);
    return ready;
}

/* ---- request parsing ---- */

static void parse_query(const char *q, rest_query_param_t **out, size_t *n) {
    *out = NULL;
    *n = 0;
    if (!q) return;
    while (*q) {
        const char *amp = strchr(q, '&');
        size_t len = amp ? (size_t)(amp - q) : strlen(q);
        if (len) {
            const char *eq = memchr(q, '=', len);
            size_t klen = eq ? (size_t)(eq - q) : len;
            char *key = rest_percent_decode(q, klen, 1);
            char *value = eq ? rest_percent_decode(eq + 1, len - klen - 1, 1) : xstrdup("");
            if (key && value) {
                *out = xrealloc(*out, (*n + 1) * sizeof **out);
                (*out)[*n].key = key;
                (*out)[*n].value = value;
                (*n)++;
            } else {
                free(key);
                free(value);
            }
        }
        q += len + (amp ? 1 : 0);
    }
}

static void free_query(rest_query_param_t *q, size_t n) {
    for (size_t i = 0; i < n; i++) {
        free(q[i].key);
        free(q[i].value);
    }
    free(q);
}

/* "application/json", optionally with parameters such as charset. */
static bool is_json_media_type(const char *ct) {
    while (*ct == ' ' || *ct == '\t') ct++;
    static const char json[] = "application/json";
    size_t n = sizeof json - 1;
    if (strncasecmp(ct, json, n) != 0) return false;
    ct += n;
    while (*ct == ' ' || *ct == '\t') ct++;
    return *ct == '\0' || *ct == ';';
}

static bool method_has_entity(const char *method) {
    return strcmp(method, "POST") == 0 || strcmp(method, "PUT") == 0 ||
           strcmp(method, "PATCH") == 0;
}

void rest_api_handle(rest_api_t *api, const char *method, const char *target,
                     const char *content_type, const char *body, size_t body_len,
                     const char *base_url, rest_response_t *resp) {
    rest_api_handle_auth(api, method, target, content_type, body, body_len, base_url, NULL, resp);
}

void rest_api_handle_auth(rest_api_t *api, const char *method, const char *target,
                          const char *content_type, const char *body, size_t body_len,
                          const char *base_url, const rest_client_headers_t *headers,
                          rest_response_t *resp) {
    static const rest_client_headers_t no_headers;
    if (!headers) headers = &no_headers;
    memset(resp, 0, sizeof *resp);
    const char *qmark = strchr(target, '?');
    char *path = qmark ? xstrndup(target, (size_t)(qmark - target)) : xstrdup(target);
    rest_query_param_t *query;
    size_t n_query;
    parse_query(qmark ? qmark + 1 : NULL, &query, &n_query);

    rest_match_t match;
    json_t *doc = NULL;
    switch (rest_router_match(api->router, method, path, &match)) {
    case REST_MATCH_NOT_FOUND:
        rest_respond_error(resp, 404, "HTTP 404 Not Found");
        goto done;
    case REST_MATCH_METHOD_NOT_ALLOWED:
        rest_respond_error(resp, 405, "HTTP 405 Method Not Allowed");
        goto done;
    case REST_MATCH_OK:
        break;
    }
    /* Kafka's resources @Consume application/json: any other declared type
     * is refused, and so is a body without a declared type. */
    if (method_has_entity(method) &&
        ((content_type && !is_json_media_type(content_type)) || (!content_type && body_len))) {
        rest_respond_error(resp, 415, "HTTP 415 Unsupported Media Type");
        goto done;
    }
    if ((match.route->flags & REST_ROUTE_JSON_BODY) && body_len) {
        json_error_t jerr;
        doc = json_loadb(body, body_len, JSON_DECODE_ANY, &jerr);
        if (!doc) {
            /* Java answers 500 here; a malformed body is the client's fault. */
            rest_respond_error(resp, 400, "Malformed JSON in request body: %s (line %d, column %d)",
                               jerr.text, jerr.line, jerr.column);
            goto done;
        }
    }
    rest_request_t req = {
        .api = api,
        .herder = api->herder,
        .registry = api->registry,
        .method = method,
        .match = &match,
        .query = query,
        .n_query = n_query,
        .body = doc,
        .base_url = base_url ? base_url : "",
        .headers = headers,
        .raw_body = body,
        .raw_body_len = body_len,
    };
    match.route->handler(&req, resp);
    if (resp->status == 0) rest_respond_error(resp, 500, "Handler produced no response");
    if (resp->forward_url) rest_forward(method, target, body, body_len, headers, resp);

done:
    json_decref(doc);
    rest_match_clear(&match);
    free_query(query, n_query);
    free(path);
}

void rest_response_clear(rest_response_t *resp) {
    if (!resp) return;
    free(resp->body);
    free(resp->location);
    free(resp->forward_url);
    memset(resp, 0, sizeof *resp);
}

const char *rest_param(const rest_request_t *req, const char *name) {
    return rest_match_param(req->match, name);
}

const char *rest_query(const rest_request_t *req, const char *key) {
    for (size_t i = 0; i < req->n_query; i++)
        if (strcmp(req->query[i].key, key) == 0) return req->query[i].value;
    return NULL;
}
