/*
 * Robustness target for the REST dispatcher: rest_api_handle against a
 * small in-memory herder, with the invariants every answer must keep.
 */
#ifndef CD_TESTS_UNIT_ROBUSTNESS_REST_H
#define CD_TESTS_UNIT_ROBUSTNESS_REST_H

#include <check.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "convert/builtin.h"
#include "herder/herder.h"
#include "plugin/registry.h"
#include "rest/rest_api.h"
#include "robustness_inputs.h"
#include "util/mem.h"

/* ---- REST: the whole dispatcher against a small in-memory herder ------ */

#define MINI_MAX 16
typedef struct mini_herder {
    herder_t base;
    char *names[MINI_MAX];
    cd_props_t *configs[MINI_MAX];
    size_t n;
} mini_herder_t;

static inline int mini_find(mini_herder_t *m, const char *name) {
    for (size_t i = 0; i < m->n; i++)
        if (strcmp(m->names[i], name) == 0) return (int)i;
    return -1;
}

static inline const char *mini_type(const cd_props_t *config) {
    const char *cls = cd_props_get(config, "connector.class");
    return cls && strstr(cls, "Sink") ? "sink" : "source";
}

static inline connector_info_t *mini_info(mini_herder_t *m, int i) {
    connector_info_t *info = xcalloc(1, sizeof *info);
    info->name = xstrdup(m->names[i]);
    info->config = cd_props_clone(m->configs[i]);
    info->n_tasks = 1;
    info->type = mini_type(m->configs[i]);
    return info;
}

static inline int mini_names(herder_t *h, char ***names, size_t *n) {
    mini_herder_t *m = (mini_herder_t *)h;
    *names = xcalloc(m->n + 1, sizeof **names);
    for (size_t i = 0; i < m->n; i++) (*names)[i] = xstrdup(m->names[i]);
    *n = m->n;
    return HERDER_OK;
}

static inline int mini_connector_info(herder_t *h, const char *name, connector_info_t **out,
                               herder_error_t *err) {
    mini_herder_t *m = (mini_herder_t *)h;
    int i = mini_find(m, name);
    if (i < 0) return herder_fail(err, HERDER_NOT_FOUND, "Connector %s not found", name);
    *out = mini_info(m, i);
    return HERDER_OK;
}

static inline int mini_put(herder_t *h, const char *name, const cd_props_t *config, target_state_t initial,
                    bool allow_replace, bool *created, connector_info_t **out,
                    herder_error_t *err) {
    (void)initial;
    mini_herder_t *m = (mini_herder_t *)h;
    int i = mini_find(m, name);
    if (!*name) return herder_fail(err, HERDER_BAD_REQUEST, "Connector name is empty");
    if (i >= 0 && !allow_replace)
        return herder_fail(err, HERDER_ALREADY_EXISTS, "Connector %s already exists", name);
    if (i < 0 && m->n == MINI_MAX) return herder_fail(err, HERDER_INTERNAL, "herder is full");
    if (i < 0) {
        i = (int)m->n++;
        m->names[i] = xstrdup(name);
    } else {
        cd_props_destroy(m->configs[i]);
    }
    m->configs[i] = cd_props_clone(config);
    *created = true;
    *out = mini_info(m, i);
    return HERDER_OK;
}

static inline int mini_delete(herder_t *h, const char *name, herder_error_t *err) {
    mini_herder_t *m = (mini_herder_t *)h;
    int i = mini_find(m, name);
    if (i < 0) return herder_fail(err, HERDER_NOT_FOUND, "Connector %s not found", name);
    free(m->names[i]);
    cd_props_destroy(m->configs[i]);
    m->n--;
    m->names[i] = m->names[m->n];
    m->configs[i] = m->configs[m->n];
    return HERDER_OK;
}

static inline void mini_state(instance_state_t *s, int id) {
    s->id = id;
    s->state = xstrdup("RUNNING");
    s->worker_id = xstrdup("127.0.0.1:8083");
    s->version = xstrdup("4.3.1");
}

static inline int mini_status(herder_t *h, const char *name, connector_state_info_t **out,
                       herder_error_t *err) {
    mini_herder_t *m = (mini_herder_t *)h;
    int i = mini_find(m, name);
    if (i < 0) return herder_fail(err, HERDER_NOT_FOUND, "No status found for connector %s", name);
    connector_state_info_t *s = xcalloc(1, sizeof *s);
    s->name = xstrdup(name);
    mini_state(&s->connector, -1);
    s->tasks = xcalloc(1, sizeof *s->tasks);
    mini_state(&s->tasks[0], 0);
    s->n_tasks = 1;
    s->type = mini_type(m->configs[i]);
    *out = s;
    return HERDER_OK;
}

static inline int mini_task_status(herder_t *h, const char *name, int task, instance_state_t **out,
                            herder_error_t *err) {
    mini_herder_t *m = (mini_herder_t *)h;
    if (mini_find(m, name) < 0 || task != 0)
        return herder_fail(err, HERDER_NOT_FOUND, "No status found for task %s-%d", name, task);
    *out = xcalloc(1, sizeof **out);
    mini_state(*out, 0);
    return HERDER_OK;
}

static inline const char *mini_cluster_id(herder_t *h) {
    (void)h;
    return "robust-cluster";
}

static inline void mini_stop(herder_t *h) { (void)h; }

static inline void mini_destroy(herder_t *h) {
    mini_herder_t *m = (mini_herder_t *)h;
    for (size_t i = 0; i < m->n; i++) {
        free(m->names[i]);
        cd_props_destroy(m->configs[i]);
    }
    m->n = 0;
}

static const herder_ops_t mini_ops = {
    .connector_names = mini_names,
    .connector_info = mini_connector_info,
    .put_connector = mini_put,
    .delete_connector = mini_delete,
    .connector_status = mini_status,
    .task_status = mini_task_status,
    .kafka_cluster_id = mini_cluster_id,
    .worker_id = mini_cluster_id,
    .stop = mini_stop,
    .destroy = mini_destroy,
};

typedef struct rest_env {
    mini_herder_t herder;
    plugin_registry_t *registry;
    rest_api_t *api;
} rest_env_t;

static inline void rest_env_open(rest_env_t *e) {
    memset(&e->herder, 0, sizeof e->herder);
    e->herder.base.ops = &mini_ops;
    e->registry = plugin_registry_new();
    const cd_plugin_desc_t *const *all;
    size_t n = convert_builtin_plugins(&all);
    char err[512];
    for (size_t i = 0; i < n; i++)
        ck_assert_msg(plugin_registry_add(e->registry, all[i], "builtin", err, sizeof err) == 0,
                      "%s", err);
    e->api = rest_api_new(&e->herder.base, e->registry, err, sizeof err);
    ck_assert_msg(e->api != NULL, "%s", err);
}

static inline void rest_env_close(rest_env_t *e) {
    rest_api_destroy(e->api);
    herder_destroy(&e->herder.base);
    plugin_registry_destroy(e->registry);
}

/* One request and the answer's invariants: a status of 200..599, a body
 * that is JSON, and for errors {"error_code":status,"message":"..."}. */
static inline void rest_call(rest_env_t *e, const char *method, const char *target, const char *ct,
                      const char *body, size_t body_len, rest_response_t *resp) {
    rest_api_handle(e->api, method, target, ct, body, body_len, "http://localhost:8083", resp);
    REQUIRE(resp->status >= 200 && resp->status <= 599, "REST %s %s: status %d", method, target,
            resp->status);
    REQUIRE(resp->body || resp->status == 204, "REST %s %s: %d without a body", method, target,
            resp->status);
    if (!resp->body) return;
    REQUIRE(resp->body_len == strlen(resp->body), "REST: body length is wrong");
    json_error_t jerr;
    json_t *doc = json_loadb(resp->body, resp->body_len, JSON_DECODE_ANY, &jerr);
    REQUIRE(doc != NULL, "REST %s %s: body is not JSON: %s", method, target, resp->body);
    if (resp->status >= 400) {
        json_t *msg = json_object_get(doc, "message");
        REQUIRE(json_integer_value(json_object_get(doc, "error_code")) == resp->status &&
                    json_is_string(msg) && json_string_length(msg) > 0,
                "REST %s %s: malformed error %s", method, target, resp->body);
    }
    if (resp->status == 201) REQUIRE(resp->location != NULL, "REST: 201 without a Location");
    json_decref(doc);
}

/* Input: a method selector byte, the target up to '\n', the content type
 * up to the next '\n' (empty: none), then the body. */
static inline void check_rest(rest_env_t *e, const uint8_t *d, size_t n) {
    static const char *const methods[] = {"GET",  "POST",    "PUT", "DELETE", "PATCH",
                                          "HEAD", "OPTIONS", "",    "get"};
    /* '0'..'8' pick a method directly, so seeds stay printable. */
    unsigned sel = !n ? 0 : d[0] >= '0' && d[0] <= '8' ? (unsigned)(d[0] - '0') : d[0];
    const char *method = methods[sel % N_ELEMS(methods)];
    size_t i = n ? 1 : 0;
    char *line[2];
    for (int k = 0; k < 2; k++) {
        size_t start = i;
        while (i < n && d[i] != '\n') i++;
        line[k] = xstrndup((const char *)d + start, i - start);
        for (size_t j = 0; j < i - start; j++)
            if (!line[k][j]) line[k][j] = '?'; /* HTTP hands us C strings */
        if (i < n) i++;
    }
    rest_response_t resp;
    rest_call(e, method, line[0], line[1][0] ? line[1] : NULL, (const char *)d + i, n - i, &resp);
    rest_response_clear(&resp);
    free(line[0]);
    free(line[1]);
}

#endif
