/* Response helpers shared by every resource family. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rest/rest_api.h"
#include "rest/rest_entities.h"
#include "util/mem.h"

static void set_body(rest_response_t *resp, int status, char *body) {
    free(resp->body);
    resp->status = status;
    resp->body = body;
    resp->body_len = body ? strlen(body) : 0;
}

void rest_respond_json(rest_response_t *resp, int status, json_t *doc) {
    /* Compact separators and raw UTF-8, as Jackson writes; object keys keep
     * insertion order (jansson >= 2.8). */
    char *text = doc ? json_dumps(doc, JSON_COMPACT | JSON_ENCODE_ANY) : NULL;
    json_decref(doc);
    if (!text) {
        set_body(resp, 500, xstrdup("{\"error_code\":500,\"message\":\"Failed to encode response\"}"));
        return;
    }
    /* json_dumps allocates with malloc by default; copy so the body is
     * always ours to free regardless of jansson's allocator. */
    char *copy = xstrdup(text);
    free(text);
    set_body(resp, status, copy);
}

void rest_respond_error(rest_response_t *resp, int status, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    char *msg = NULL;
    if (vasprintf(&msg, fmt, ap) < 0) msg = NULL;
    va_end(ap);
    rest_respond_json(resp, status, rest_entity_error(status, msg ? msg : ""));
    free(msg);
}

int rest_herder_http_status(herder_status_t status) {
    switch (status) {
    case HERDER_OK: return 200;
    case HERDER_NOT_FOUND: return 404;
    case HERDER_ALREADY_EXISTS: return 409;
    case HERDER_BAD_REQUEST: return 400;
    case HERDER_CONFLICT: return 409;
    case HERDER_FORBIDDEN: return 403;
    case HERDER_TIMEOUT: return 500;
    case HERDER_INTERNAL: return 500;
    case HERDER_FORWARD: return 409; /* only when forwarding is impossible */
    case HERDER_UNAVAILABLE: return 503;
    case HERDER_NOT_SUPPORTED: return 500;
    }
    return 500;
}

void rest_respond_herder_error(rest_response_t *resp, const herder_error_t *err) {
    int status = rest_herder_http_status(err->status);
    if (status < 400) status = 500; /* a failure reported as OK is still a failure */
    rest_respond_error(resp, status, "%s", err->message);
    /* The dispatcher forwards the request (rest_forward.c) when it may. */
    if (err->status == HERDER_FORWARD && err->forward_url[0])
        resp->forward_url = xstrdup(err->forward_url);
    if (err->status == HERDER_CONFLICT && err->retry_after_s > 0)
        resp->retry_after_s = err->retry_after_s;
}

void rest_respond_empty(rest_response_t *resp, int status) { set_body(resp, status, NULL); }
