/*
 * Shared by the POST /connectd/v1/transforms/preview suites
 * (test_transforms_preview_*.c): a REST API without a herder on the
 * registry from CONNECTD_PLUGIN_DIR, requests written with ' for " to
 * stay readable, and JSON comparison. Header-only (the Makefile compiles
 * only test_*.c), each including file gets its own fixture state; helpers
 * are static inline so a file that skips some stays warning-free.
 */
#ifndef CD_TESTS_UNIT_TRANSFORMS_PREVIEW_HELPERS_H
#define CD_TESTS_UNIT_TRANSFORMS_PREVIEW_HELPERS_H

#include <check.h>
#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rest/rest_api.h"
#include "util/mem.h"

#define PKG "org.apache.kafka.connect.transforms."
#define URL "/connectd/v1/transforms/preview"

static plugin_registry_t *reg;
static rest_api_t *api;

static inline void setup(void) {
    reg = plugin_registry_new();
    const char *dir = getenv("CONNECTD_PLUGIN_DIR");
    plugin_registry_load_path(reg, dir ? dir : "plugins");
    char err[256];
    /* The preview needs no herder: nothing here may touch one. */
    api = rest_api_new(NULL, reg, err, sizeof err);
    ck_assert_msg(api != NULL, "%s", err);
}

static inline void teardown(void) {
    rest_api_destroy(api);
    plugin_registry_destroy(reg);
}

/* ' -> " (the tables' quoting). */
static inline char *dq(const char *s) {
    char *out = xstrdup(s);
    for (char *p = out; *p; p++)
        if (*p == '\'') *p = '"';
    return out;
}

static inline json_t *parse(const char *text) {
    char *t = dq(text);
    json_error_t jerr;
    json_t *j = json_loads(t, JSON_DECODE_ANY, &jerr);
    ck_assert_msg(j != NULL, "bad test JSON %s: %s", t, jerr.text);
    free(t);
    return j;
}

/* POST body (already in " form); returns the parsed answer, *status set. */
static inline json_t *post_raw(const char *body, int *status) {
    rest_response_t resp;
    rest_api_handle(api, "POST", URL, "application/json", body, strlen(body),
                    "http://127.0.0.1:8083", &resp);
    *status = resp.status;
    json_error_t jerr;
    json_t *j = resp.body ? json_loadb(resp.body, resp.body_len, 0, &jerr) : NULL;
    ck_assert_msg(j != NULL, "answer is not JSON: %s", resp.body ? resp.body : "(none)");
    rest_response_clear(&resp);
    return j;
}

/* {"config": config, "records": [records...]} in ' form. */
static inline json_t *post(const char *config, const char *records, int *status) {
    size_t n = strlen(config) + strlen(records) + 64;
    char *text = xmalloc(n);
    snprintf(text, n, "{'config':%s,'records':[%s]}", config, records);
    char *body = dq(text);
    json_t *j = post_raw(body, status);
    free(body);
    free(text);
    return j;
}

/* Every member of `want` is in `got` with the same value (recursively for
 * objects; arrays and scalars compare whole). */
static inline bool subset(const json_t *want, const json_t *got) {
    if (!json_is_object(want)) return json_equal((json_t *)want, (json_t *)got);
    if (!json_is_object(got)) return false;
    const char *k;
    json_t *v;
    json_object_foreach((json_t *)want, k, v) {
        if (!subset(v, json_object_get(got, k))) return false;
    }
    return true;
}

static inline char *dump(const json_t *j) { return json_dumps(j, JSON_ENCODE_ANY | JSON_COMPACT); }

#define ONE(type) "'transforms':'t','transforms.t.type':'" PKG type "'"

#endif
