/*
 * GET /openapi.json stays true to the router: every (method, pattern) the
 * router serves is an operation of the embedded document, with the same
 * path text and {parameter} names, and every documented operation is
 * served. The document is OpenAPI-shaped and every $ref resolves.
 */
#include <check.h>
#include <ctype.h>
#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rest/rest_api.h"
#include "rest/rest_openapi.h"
#include "rest/router.h"
#include "util/mem.h"

static const char *const http_methods[] = {"get", "put", "post", "delete",
                                           "patch", "head", "options", "trace"};

static json_t *load_doc(void) {
    json_error_t err;
    json_t *doc = json_loadb((const char *)rest_openapi_json, rest_openapi_json_len, 0, &err);
    ck_assert_msg(doc != NULL, "openapi.json does not parse: %s (line %d)", err.text, err.line);
    return doc;
}

static rest_router_t *all_routes(void) {
    rest_router_t *r = rest_router_new();
    char err[256];
    ck_assert_msg(rest_routes_register(r, err, sizeof err) == 0, "%s", err);
    return r;
}

static char *lower(const char *s) {
    char *out = xstrdup(s);
    for (char *p = out; *p; p++) *p = (char)tolower((unsigned char)*p);
    return out;
}

/* Resolve a local JSON pointer ("#/a/b~1c"); NULL when it leads nowhere. */
static json_t *resolve_ref(json_t *doc, const char *ref) {
    if (strncmp(ref, "#/", 2) != 0) return NULL;
    json_t *cur = doc;
    const char *p = ref + 2;
    while (cur && *p) {
        const char *end = strchr(p, '/');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        char *tok = xmalloc(len + 1);
        size_t o = 0;
        for (size_t i = 0; i < len; i++) {
            if (p[i] == '~' && i + 1 < len && (p[i + 1] == '0' || p[i + 1] == '1')) {
                tok[o++] = p[i + 1] == '0' ? '~' : '/';
                i++;
            } else {
                tok[o++] = p[i];
            }
        }
        tok[o] = '\0';
        cur = json_is_object(cur) ? json_object_get(cur, tok) : NULL;
        free(tok);
        p += len + (end ? 1 : 0);
    }
    return cur;
}

/* Every "$ref" under node resolves in doc; the first that does not is
 * reported in bad (caller frees). Returns the number of refs checked. */
static size_t check_refs(json_t *doc, json_t *node, char **bad) {
    size_t n = 0;
    if (json_is_object(node)) {
        const char *key;
        json_t *v;
        json_object_foreach(node, key, v) {
            if (strcmp(key, "$ref") == 0) {
                n++;
                if (!json_is_string(v) || !resolve_ref(doc, json_string_value(v))) {
                    if (!*bad) *bad = xstrdup(json_is_string(v) ? json_string_value(v) : "?");
                }
            } else {
                n += check_refs(doc, v, bad);
            }
        }
    } else if (json_is_array(node)) {
        size_t i;
        json_t *v;
        json_array_foreach(node, i, v) n += check_refs(doc, v, bad);
    }
    return n;
}

/* A parameter object, following one $ref. */
static json_t *deref(json_t *doc, json_t *p) {
    json_t *ref = json_object_get(p, "$ref");
    return json_is_string(ref) ? resolve_ref(doc, json_string_value(ref)) : p;
}

/* Whether the operation (or its path item) documents a path parameter. */
static bool has_path_param(json_t *doc, json_t *item, json_t *op, const char *name) {
    json_t *lists[2] = {json_object_get(op, "parameters"), json_object_get(item, "parameters")};
    for (int l = 0; l < 2; l++) {
        size_t i;
        json_t *p;
        json_array_foreach(lists[l], i, p) {
            json_t *d = deref(doc, p);
            if (!d) continue;
            if (json_is_string(json_object_get(d, "in")) &&
                strcmp(json_string_value(json_object_get(d, "in")), "path") == 0 &&
                strcmp(json_string_value(json_object_get(d, "name")), name) == 0 &&
                json_is_true(json_object_get(d, "required")))
                return true;
        }
    }
    return false;
}

/* Count of "{name}" segments in a pattern; names go to names[] (owned). */
static size_t pattern_params(const char *pattern, char *names[], size_t max) {
    size_t n = 0;
    for (const char *p = strchr(pattern, '{'); p && n < max; p = strchr(p + 1, '{')) {
        const char *end = strchr(p, '}');
        if (!end) break;
        names[n++] = xstrndup(p + 1, (size_t)(end - p - 1));
    }
    return n;
}

START_TEST(test_document_shape) {
    json_t *doc = load_doc();
    const char *version = json_string_value(json_object_get(doc, "openapi"));
    ck_assert_ptr_nonnull(version);
    ck_assert_msg(strncmp(version, "3.0.", 4) == 0, "openapi is %s", version);
    json_t *info = json_object_get(doc, "info");
    ck_assert(json_is_string(json_object_get(info, "title")));
    ck_assert(json_is_string(json_object_get(info, "version")));
    json_t *paths = json_object_get(doc, "paths");
    ck_assert(json_is_object(paths) && json_object_size(paths) > 0);

    /* Every operation: a summary, a unique operationId, some responses. */
    json_t *ids = json_object();
    const char *path;
    json_t *item;
    json_object_foreach(paths, path, item) {
        ck_assert_msg(path[0] == '/', "path %s", path);
        for (size_t m = 0; m < sizeof http_methods / sizeof *http_methods; m++) {
            json_t *op = json_object_get(item, http_methods[m]);
            if (!op) continue;
            const char *id = json_string_value(json_object_get(op, "operationId"));
            ck_assert_msg(id, "%s %s: no operationId", http_methods[m], path);
            ck_assert_msg(!json_object_get(ids, id), "operationId %s twice", id);
            json_object_set_new(ids, id, json_true());
            ck_assert_msg(json_is_string(json_object_get(op, "summary")), "%s %s: no summary",
                          http_methods[m], path);
            json_t *responses = json_object_get(op, "responses");
            ck_assert_msg(json_is_object(responses) && json_object_size(responses) > 0,
                          "%s %s: no responses", http_methods[m], path);
        }
    }
    json_decref(ids);

    char *bad = NULL;
    size_t n_refs = check_refs(doc, doc, &bad);
    ck_assert_msg(bad == NULL, "$ref %s does not resolve", bad);
    ck_assert_uint_gt(n_refs, 20);
    json_decref(doc);
}
END_TEST

/* The checker itself: a dangling or non-local $ref is caught. */
START_TEST(test_ref_checker_catches_dangling_refs) {
    json_t *doc = json_loads("{\"components\":{\"schemas\":{\"A~B/C\":{\"type\":\"object\"}}},"
                             "\"x\":{\"$ref\":\"#/components/schemas/A~0B~1C\"}}",
                             0, NULL);
    char *bad = NULL;
    ck_assert_uint_eq(check_refs(doc, doc, &bad), 1);
    ck_assert_ptr_null(bad);
    json_object_set_new(json_object_get(doc, "x"), "y",
                        json_pack("{s:s}", "$ref", "#/components/schemas/Nope"));
    check_refs(doc, doc, &bad);
    ck_assert_str_eq(bad, "#/components/schemas/Nope");
    free(bad);
    bad = NULL;
    ck_assert_ptr_null(resolve_ref(doc, "other.json#/x"));
    json_decref(doc);
}
END_TEST

START_TEST(test_every_route_is_documented) {
    json_t *doc = load_doc();
    json_t *paths = json_object_get(doc, "paths");
    rest_router_t *r = all_routes();
    ck_assert_uint_gt(rest_router_count(r), 0);
    for (size_t i = 0; i < rest_router_count(r); i++) {
        const rest_route_t *route = rest_router_at(r, i);
        char *method = lower(route->method);
        json_t *item = json_object_get(paths, route->pattern);
        json_t *op = json_object_get(item, method);
        ck_assert_msg(op != NULL, "%s %s is routed but not in openapi.json", route->method,
                      route->pattern);
        char *names[REST_MAX_PATH_PARAMS];
        size_t n = pattern_params(route->pattern, names, REST_MAX_PATH_PARAMS);
        for (size_t k = 0; k < n; k++) {
            ck_assert_msg(has_path_param(doc, item, op, names[k]),
                          "%s %s: path parameter {%s} not documented", route->method,
                          route->pattern, names[k]);
            free(names[k]);
        }
        /* A body the handler reads is a documented JSON request body. */
        if (route->flags & REST_ROUTE_JSON_BODY)
            ck_assert_msg(json_object_get(json_object_get(json_object_get(op, "requestBody"),
                                                          "content"),
                                          "application/json") != NULL,
                          "%s %s reads a JSON body that is not documented", route->method,
                          route->pattern);
        free(method);
    }
    rest_router_destroy(r);
    json_decref(doc);
}
END_TEST

START_TEST(test_every_documented_operation_is_routed) {
    json_t *doc = load_doc();
    rest_router_t *r = all_routes();
    const char *path;
    json_t *item;
    json_object_foreach(json_object_get(doc, "paths"), path, item) {
        for (size_t m = 0; m < sizeof http_methods / sizeof *http_methods; m++) {
            json_t *op = json_object_get(item, http_methods[m]);
            if (!op) continue;
            bool routed = false;
            for (size_t i = 0; i < rest_router_count(r) && !routed; i++) {
                const rest_route_t *route = rest_router_at(r, i);
                char *method = lower(route->method);
                routed = strcmp(method, http_methods[m]) == 0 && strcmp(route->pattern, path) == 0;
                free(method);
            }
            ck_assert_msg(routed, "%s %s is in openapi.json but not routed", http_methods[m],
                          path);
            /* Every documented path parameter is a segment of the path. */
            json_t *params = json_object_get(op, "parameters");
            size_t i;
            json_t *p;
            json_array_foreach(params, i, p) {
                json_t *d = deref(doc, p);
                ck_assert_ptr_nonnull(d);
                const char *in = json_string_value(json_object_get(d, "in"));
                if (!in || strcmp(in, "path") != 0) continue;
                char *seg = xasprintf("{%s}", json_string_value(json_object_get(d, "name")));
                ck_assert_msg(strstr(path, seg) != NULL, "%s %s documents %s, not in the path",
                              http_methods[m], path, seg);
                free(seg);
            }
        }
    }
    rest_router_destroy(r);
    json_decref(doc);
}
END_TEST

/* Served as the document itself, as JSON, by the real dispatcher. */
START_TEST(test_get_openapi_json) {
    char err[256];
    rest_api_t *api = rest_api_new(NULL, NULL, err, sizeof err);
    ck_assert_msg(api != NULL, "%s", err);
    rest_response_t resp;
    rest_api_handle(api, "GET", "/openapi.json", NULL, NULL, 0, "http://127.0.0.1:8083", &resp);
    ck_assert_int_eq(resp.status, 200);
    ck_assert_ptr_null(resp.content_type); /* application/json */
    ck_assert_uint_eq(resp.body_len, rest_openapi_json_len);
    ck_assert_mem_eq(resp.body, rest_openapi_json, rest_openapi_json_len);
    rest_response_clear(&resp);

    rest_api_handle(api, "POST", "/openapi.json", NULL, NULL, 0, NULL, &resp);
    ck_assert_int_eq(resp.status, 405);
    rest_response_clear(&resp);
    rest_api_destroy(api);
}
END_TEST

Suite *suite_openapi(void);
Suite *suite_openapi(void) {
    Suite *s = suite_create("openapi");
    TCase *tc = tcase_create("openapi");
    tcase_add_test(tc, test_document_shape);
    tcase_add_test(tc, test_ref_checker_catches_dangling_refs);
    tcase_add_test(tc, test_every_route_is_documented);
    tcase_add_test(tc, test_every_documented_operation_is_routed);
    tcase_add_test(tc, test_get_openapi_json);
    suite_add_tcase(s, tc);
    return s;
}
