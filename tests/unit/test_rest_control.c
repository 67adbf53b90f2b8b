/*
 * The lifecycle and offsets routes' HTTP side, through rest_api_handle with
 * a recording herder: which herder call a request becomes, and how the
 * herder's answers and the request's mistakes map to statuses and bodies.
 * (tests/integration/test_rest_lifecycle.sh drives the same routes against
 * the real standalone herder and broker.)
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "herder/herder.h"
#include "rest/rest_api.h"
#include "util/mem.h"

typedef struct rec_herder {
    herder_t base;
    char last[256];          /* "op name args" of the last call */
    herder_status_t answer;  /* what every call answers */
    bool stuck;              /* ping fails */
    size_t n_remove;
} rec_herder_t;

static int rec_answer(rec_herder_t *r, herder_error_t *err) {
    return r->answer == HERDER_OK ? 0 : herder_fail(err, r->answer, "refused by the test");
}

static int rec_names(herder_t *h, char ***names, size_t *n) {
    (void)h;
    *names = xcalloc(1, sizeof **names);
    *n = 0;
    return 0;
}
static const char *rec_id(herder_t *h) {
    (void)h;
    return "test";
}
static void rec_noop(herder_t *h) { (void)h; }

static int rec_target(herder_t *h, const char *name, target_state_t t, herder_error_t *err) {
    rec_herder_t *r = (rec_herder_t *)h;
    snprintf(r->last, sizeof r->last, "target %s %d", name, (int)t);
    return rec_answer(r, err);
}

static instance_state_t state(int id, const char *s) {
    return (instance_state_t){.id = id, .state = xstrdup(s), .worker_id = xstrdup("w:1"),
                              .version = xstrdup("4.3.1")};
}

static int rec_restart(herder_t *h, const char *name, bool tasks, bool failed,
                       connector_state_info_t **plan, herder_error_t *err) {
    rec_herder_t *r = (rec_herder_t *)h;
    snprintf(r->last, sizeof r->last, "restart %s %d %d", name, tasks, failed);
    if (r->answer != HERDER_OK) return rec_answer(r, err);
    if (tasks || failed) {
        connector_state_info_t *s = xcalloc(1, sizeof *s);
        s->name = xstrdup(name);
        s->type = "source";
        s->connector = state(-1, "RESTARTING");
        s->tasks = xcalloc(1, sizeof *s->tasks);
        s->tasks[0] = state(0, "RUNNING");
        s->n_tasks = 1;
        *plan = s;
    }
    return 0;
}

static int rec_restart_task(herder_t *h, const char *name, int task, herder_error_t *err) {
    rec_herder_t *r = (rec_herder_t *)h;
    snprintf(r->last, sizeof r->last, "restart-task %s %d", name, task);
    return rec_answer(r, err);
}

static int rec_patch(herder_t *h, const char *name, const cd_props_t *set, char *const *remove,
                     size_t n_remove, connector_info_t **out, herder_error_t *err) {
    rec_herder_t *r = (rec_herder_t *)h;
    snprintf(r->last, sizeof r->last, "patch %s set=%zu remove=%s", name, cd_props_count(set),
             n_remove ? remove[0] : "-");
    if (r->answer != HERDER_OK) return rec_answer(r, err);
    connector_info_t *info = xcalloc(1, sizeof *info);
    info->name = xstrdup(name);
    info->config = cd_props_clone(set);
    info->type = "source";
    *out = info;
    return 0;
}

static int rec_offsets(herder_t *h, const char *name, connector_offsets_t **out,
                       herder_error_t *err) {
    rec_herder_t *r = (rec_herder_t *)h;
    snprintf(r->last, sizeof r->last, "offsets %s", name);
    if (r->answer != HERDER_OK) return rec_answer(r, err);
    connector_offsets_t *o = xcalloc(1, sizeof *o);
    o->items = xcalloc(2, sizeof *o->items);
    o->items[0].partition = xstrdup("{\"filename\":\"/in.txt\"}");
    o->items[0].offset = xstrdup("{\"position\":21}");
    o->items[1].partition = xstrdup("{\"filename\":\"/old.txt\"}");
    o->n = 2;
    *out = o;
    return 0;
}

static int rec_alter(herder_t *h, const char *name, const connector_offsets_t *o, char **message,
                     herder_error_t *err) {
    rec_herder_t *r = (rec_herder_t *)h;
    snprintf(r->last, sizeof r->last, "alter %s %s", name,
             !o ? "reset" : o->items[0].offset ? o->items[0].offset : "null");
    if (r->answer != HERDER_OK) return rec_answer(r, err);
    *message = xstrdup("done");
    return 0;
}

static bool rec_ping(herder_t *h, int timeout_ms) {
    (void)timeout_ms;
    return !((rec_herder_t *)h)->stuck;
}

static const herder_ops_t rec_ops = {
    .connector_names = rec_names,
    .set_target_state = rec_target,
    .restart_connector = rec_restart,
    .restart_task = rec_restart_task,
    .patch_connector = rec_patch,
    .connector_offsets = rec_offsets,
    .alter_offsets = rec_alter,
    .ping = rec_ping,
    .kafka_cluster_id = rec_id,
    .worker_id = rec_id,
    .stop = rec_noop,
    .destroy = rec_noop,
};

static rec_herder_t rec;
static rest_api_t *api;

static void setup(void) {
    memset(&rec, 0, sizeof rec);
    rec.base.ops = &rec_ops;
    char err[256];
    api = rest_api_new(&rec.base, NULL, err, sizeof err);
    ck_assert_ptr_nonnull(api);
}
static void teardown(void) { rest_api_destroy(api); }

/* One request; checks the status and, when given, the exact body. */
static void call(const char *method, const char *target, const char *body, int status,
                 const char *expect_body) {
    rest_response_t resp = {0};
    rest_api_handle(api, method, target, body ? "application/json" : NULL, body,
                    body ? strlen(body) : 0, "http://localhost:8083", &resp);
    ck_assert_msg(resp.status == status, "%s %s: status %d, body %s", method, target, resp.status,
                  resp.body ? resp.body : "(none)");
    if (expect_body) ck_assert_str_eq(resp.body ? resp.body : "", expect_body);
    rest_response_clear(&resp);
}

START_TEST(target_states_map_to_kafka_statuses) {
    call("PUT", "/connectors/c/pause", NULL, 202, "");
    ck_assert_str_eq(rec.last, "target c 1");
    call("PUT", "/connectors/c/resume", NULL, 202, "");
    ck_assert_str_eq(rec.last, "target c 0");
    call("PUT", "/connectors/c/stop", NULL, 204, "");
    ck_assert_str_eq(rec.last, "target c 2");
    rec.answer = HERDER_NOT_FOUND;
    call("PUT", "/connectors/c/pause", NULL, 404,
         "{\"error_code\":404,\"message\":\"refused by the test\"}");
}
END_TEST

START_TEST(restart_forms) {
    call("POST", "/connectors/c/restart", NULL, 204, "");
    ck_assert_str_eq(rec.last, "restart c 0 0");
    call("POST", "/connectors/c/restart?includeTasks=TRUE&onlyFailed=yes", NULL, 202,
         "{\"name\":\"c\",\"connector\":{\"state\":\"RESTARTING\",\"worker_id\":\"w:1\","
         "\"version\":\"4.3.1\"},\"tasks\":[{\"id\":0,\"state\":\"RUNNING\",\"worker_id\":\"w:1\","
         "\"version\":\"4.3.1\"}],\"type\":\"source\"}");
    ck_assert_str_eq(rec.last, "restart c 1 0"); /* Boolean.valueOf("yes") is false */
    call("POST", "/connectors/c/tasks/3/restart", NULL, 204, "");
    ck_assert_str_eq(rec.last, "restart-task c 3");
    rec.last[0] = 0;
    call("POST", "/connectors/c/tasks/x/restart", NULL, 404,
         "{\"error_code\":404,\"message\":\"HTTP 404 Not Found\"}");
    ck_assert_str_eq(rec.last, ""); /* never reached the herder */
}
END_TEST

START_TEST(patch_config_nulls_remove_keys) {
    call("PATCH", "/connectors/c/config", "{\"a\":\"1\",\"b\":null,\"n\":5}", 200,
         "{\"name\":\"c\",\"config\":{\"a\":\"1\",\"n\":\"5\"},\"tasks\":[],\"type\":\"source\"}");
    ck_assert_str_eq(rec.last, "patch c set=2 remove=b");
    call("PATCH", "/connectors/c/config", "{\"name\":\"other\"}", 400,
         "{\"error_code\":400,\"message\":\"Connector name configuration (other) doesn't match "
         "connector name in the URL (c)\"}");
    call("PATCH", "/connectors/c/config", "[1]", 400, NULL);
}
END_TEST

START_TEST(offsets_bodies) {
    call("GET", "/connectors/c/offsets", NULL, 200,
         "{\"offsets\":[{\"partition\":{\"filename\":\"/in.txt\"},\"offset\":{\"position\":21}},"
         "{\"partition\":{\"filename\":\"/old.txt\"},\"offset\":null}]}");
    call("PATCH", "/connectors/c/offsets",
         "{\"offsets\":[{\"partition\":{\"f\":\"x\"},\"offset\":{\"position\":7}}]}", 200,
         "{\"message\":\"done\"}");
    ck_assert_str_eq(rec.last, "alter c {\"position\":7}");
    call("PATCH", "/connectors/c/offsets", "{\"offsets\":[{\"partition\":{\"f\":\"x\"},\"offset\":null}]}",
         200, NULL);
    ck_assert_str_eq(rec.last, "alter c null");
    call("DELETE", "/connectors/c/offsets", NULL, 200, "{\"message\":\"done\"}");
    ck_assert_str_eq(rec.last, "alter c reset");
    const char *missing = "{\"error_code\":400,\"message\":\"Partitions / offsets need to be "
                          "provided for an alter offsets request\"}";
    call("PATCH", "/connectors/c/offsets", "{}", 400, missing);
    call("PATCH", "/connectors/c/offsets", "{\"offsets\":[]}", 400, missing);
    call("PATCH", "/connectors/c/offsets", "{\"offsets\":[{\"partition\":[1],\"offset\":{}}]}",
         400, NULL);
    call("PATCH", "/connectors/c/offsets", "{\"offsets\":[7]}", 400, NULL);
    rec.answer = HERDER_BAD_REQUEST;
    call("DELETE", "/connectors/c/offsets", NULL, 400,
         "{\"error_code\":400,\"message\":\"refused by the test\"}");
}
END_TEST

START_TEST(health_reports_a_stuck_herder) {
    call("GET", "/health", NULL, 200, NULL);
    rec.stuck = true;
    rest_response_t resp = {0};
    rest_api_handle(api, "GET", "/health", NULL, NULL, 0, "http://localhost:8083", &resp);
    ck_assert_int_eq(resp.status, 503);
    ck_assert_ptr_nonnull(strstr(resp.body, "\"status\":\"unhealthy\""));
    rest_response_clear(&resp);
}
END_TEST

START_TEST(unimplemented_operations_answer_500) {
    /* A herder without an operation (e.g. a future mode) must not crash. */
    call("GET", "/connectors/c/tasks", NULL, 500, NULL);
    call("GET", "/connectors/c/topics", NULL, 500, NULL);
}
END_TEST

Suite *suite_rest_control(void);
Suite *suite_rest_control(void) {
    Suite *s = suite_create("rest_control");
    TCase *tc = tcase_create("routes");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, target_states_map_to_kafka_statuses);
    tcase_add_test(tc, restart_forms);
    tcase_add_test(tc, patch_config_nulls_remove_keys);
    tcase_add_test(tc, offsets_bodies);
    tcase_add_test(tc, health_reports_a_stuck_herder);
    tcase_add_test(tc, unimplemented_operations_answer_500);
    suite_add_tcase(s, tc);
    return s;
}
