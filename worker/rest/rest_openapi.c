/* GET /openapi.json: the OpenAPI 3 document of this API (rest_openapi.h). */
#include "rest/rest_openapi.h"

#include <stdlib.h>
#include <string.h>

#include "rest/rest_api.h"
#include "util/mem.h"

static void get_openapi(rest_request_t *req, rest_response_t *resp) {
    (void)req;
    /* Served as written (not re-serialized): the document is pretty-printed
     * for people who fetch it with curl. */
    char *body = xmalloc(rest_openapi_json_len + 1);
    memcpy(body, rest_openapi_json, rest_openapi_json_len + 1);
    free(resp->body);
    resp->status = 200;
    resp->body = body;
    resp->body_len = rest_openapi_json_len;
    resp->content_type = NULL; /* application/json */
}

static const rest_route_t routes[] = {
    {"GET", "/openapi.json", get_openapi, 0, "Get this OpenAPI document"},
};

const rest_route_table_t rest_openapi_routes = {routes, sizeof routes / sizeof routes[0]};
