/*
 * Named, hierarchical loggers and /admin/loggers. Expected REST bodies are
 * Kafka 4.3.1's (rest-samples 49..51). Each test uses names of its own
 * (the registry is process-wide) and puts root back to INFO when it
 * changed it, so tests stay independent even without Check's fork.
 */
#include <check.h>
#include <jansson.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log/log.h"
#include "log/loggers.h"
#include "rest/rest_api.h"
#include "util/mem.h"

static int threshold(const char *name) {
    return atomic_load(&log_logger(name)->threshold);
}

static char **set(const char *ns, log_level_t level, size_t *n) {
    char **names;
    *n = log_levels_set(ns, level, 1700000000000, &names);
    return names;
}

/* The names joined with ',' (caller frees). */
static char *joined(char **names) {
    size_t len = 1;
    for (char **p = names; *p; p++) len += strlen(*p) + 1;
    char *s = xcalloc(1, len);
    for (char **p = names; *p; p++) {
        if (p != names) strcat(s, ",");
        strcat(s, *p);
    }
    return s;
}

static void expect_set(const char *ns, log_level_t level, const char *want) {
    size_t n;
    char **names = set(ns, level, &n);
    char *got = joined(names);
    ck_assert_str_eq(got, want);
    free(got);
    log_names_free(names);
}

START_TEST(test_level_parse) {
    log_level_t l;
    ck_assert(log_level_parse("debug", &l) && l == LOG_LEVEL_DEBUG);
    ck_assert(log_level_parse(" Trace ", &l) && l == LOG_LEVEL_TRACE);
    ck_assert(log_level_parse("OFF", &l) && l == LOG_LEVEL_OFF);
    ck_assert(log_level_parse("fatal", &l) && l == LOG_LEVEL_FATAL);
    ck_assert(log_level_parse("all", &l) && l == LOG_LEVEL_ALL);
    ck_assert(!log_level_parse("WARNING", &l));
    ck_assert(!log_level_parse("", &l));
    ck_assert(!log_level_parse("INFOX", &l));
    ck_assert(!log_level_parse(NULL, &l));
    ck_assert_str_eq(log_level_str(LOG_LEVEL_ALL), "ALL");
    cd_log_level_t c;
    ck_assert(log_parse_level("fatal", &c) && c == CD_LOG_ERROR);
    ck_assert(log_parse_level("ALL", &c) && c == CD_LOG_TRACE);
}
END_TEST

START_TEST(test_hierarchy) {
    ck_assert_int_eq(threshold("h1.a.b.C"), CD_LOG_INFO);
    ck_assert_int_eq(threshold("h1.ab"), CD_LOG_INFO);
    /* The same object for the same name, whatever the pointer passed. */
    char copy[] = "h1.a.b.C";
    ck_assert_ptr_eq(log_logger(copy), log_logger("h1.a.b.C"));

    expect_set("h1.a", LOG_LEVEL_DEBUG, "h1.a,h1.a.b.C");
    ck_assert_int_eq(threshold("h1.a.b.C"), CD_LOG_DEBUG);
    ck_assert_int_eq(threshold("h1.ab"), CD_LOG_INFO); /* not a dotted child */
    ck_assert_int_eq(threshold("h1"), CD_LOG_INFO);
    /* Registered after the change: inherits from its nearest ancestor. */
    ck_assert_int_eq(threshold("h1.a.late.X"), CD_LOG_DEBUG);

    /* A child of its own, then the parent again: setAllLevels overwrites it. */
    expect_set("h1.a.b.C", LOG_LEVEL_ERROR, "h1.a.b.C");
    ck_assert_int_eq(threshold("h1.a.b.C"), CD_LOG_ERROR);
    ck_assert_int_eq(threshold("h1.a.late.X"), CD_LOG_DEBUG);
    expect_set("h1.a", LOG_LEVEL_TRACE, "h1.a,h1.a.b.C,h1.a.late.X");
    ck_assert_int_eq(threshold("h1.a.b.C"), CD_LOG_TRACE);

    /* Nothing changes: nothing reported. */
    expect_set("h1.a", LOG_LEVEL_TRACE, "");
    /* ALL prints what TRACE prints but is a different level to report. */
    expect_set("h1.a", LOG_LEVEL_ALL, "h1.a,h1.a.b.C,h1.a.late.X");
    ck_assert_int_eq(threshold("h1.a.b.C"), CD_LOG_TRACE);
}
END_TEST

START_TEST(test_prefix_and_new_ancestor) {
    log_logger("p1.x.Task");
    log_logger("p1.xy.Other");
    /* A plain string prefix, as log4j2: p1.xy.Other is listed only if its
     * level changes, which it does not (it inherits from root). */
    expect_set("p1.x", LOG_LEVEL_WARN, "p1.x,p1.x.Task");
    ck_assert_int_eq(threshold("p1.xy.Other"), CD_LOG_INFO);
    /* But one with a level of its own under the prefix is overwritten. */
    expect_set("p1.xy.Other", LOG_LEVEL_ERROR, "p1.xy.Other");
    expect_set("p1.x", LOG_LEVEL_DEBUG, "p1.x,p1.x.Task,p1.xy.Other");
    ck_assert_int_eq(threshold("p1.xy.Other"), CD_LOG_DEBUG);
    /* A new ancestor that already inherits the level is not a change. */
    expect_set("p1.x.Task.inner", LOG_LEVEL_DEBUG, "");
    log_logger_level_t l;
    ck_assert(log_level_get("p1.x.Task.inner", &l));
    ck_assert_int_eq(l.level, LOG_LEVEL_DEBUG);
    free(l.name);
}
END_TEST

START_TEST(test_off_fatal_and_listing) {
    log_logger("o1.Quiet");
    expect_set("o1.Quiet", LOG_LEVEL_OFF, "o1.Quiet");
    ck_assert_int_eq(threshold("o1.Quiet"), LOG_THRESHOLD_NONE);
    ck_assert(!log_enabled(log_logger("o1.Quiet"), CD_LOG_ERROR));
    /* Kafka compares with the listing, which leaves OFF loggers out. */
    expect_set("o1.Quiet", LOG_LEVEL_OFF, "o1.Quiet");

    log_logger_level_t *all;
    size_t n = log_levels_all(&all);
    bool quiet = false, root = false;
    for (size_t i = 0; i < n; i++) {
        if (i) ck_assert_int_lt(strcmp(all[i - 1].name, all[i].name), 0);
        if (strcmp(all[i].name, "o1.Quiet") == 0) quiet = true;
        if (strcmp(all[i].name, "root") == 0) root = true;
    }
    log_logger_levels_free(all, n);
    ck_assert(!quiet);
    ck_assert(root);
    /* Asked by name it is there, OFF. */
    log_logger_level_t l;
    ck_assert(log_level_get("o1.Quiet", &l));
    ck_assert_int_eq(l.level, LOG_LEVEL_OFF);
    ck_assert_int_eq(l.last_modified, 1700000000000);
    free(l.name);

    expect_set("o1.Fatal", LOG_LEVEL_FATAL, "o1.Fatal");
    ck_assert_int_eq(threshold("o1.Fatal"), CD_LOG_ERROR);
    ck_assert(log_level_get("o1.Fatal", &l));
    ck_assert_int_eq(l.level, LOG_LEVEL_FATAL);
    free(l.name);
    ck_assert(!log_level_get("o1.Unknown", &l));
}
END_TEST

START_TEST(test_root) {
    log_logger("r1.A");
    expect_set("r1.B", LOG_LEVEL_ERROR, "r1.B");
    ck_assert_int_eq(log_get_level(), CD_LOG_INFO);
    size_t n;
    char **names = set("ROOT", LOG_LEVEL_WARN, &n);
    /* Every logger changes: root, r1.A (inherits) and r1.B (overwritten). */
    bool a = false, b = false, r = false;
    for (size_t i = 0; i < n; i++) {
        a |= strcmp(names[i], "r1.A") == 0;
        b |= strcmp(names[i], "r1.B") == 0;
        r |= strcmp(names[i], "root") == 0;
    }
    log_names_free(names);
    ck_assert(a && b && r);
    ck_assert_int_eq(log_get_level(), CD_LOG_WARN);
    ck_assert_int_eq(threshold("r1.B"), CD_LOG_WARN);
    ck_assert_int_eq(threshold("r1.never.seen"), CD_LOG_WARN);
    log_logger_level_t l;
    ck_assert(log_level_get("Root", &l));
    ck_assert_str_eq(l.name, "root");
    ck_assert_int_eq(l.level, LOG_LEVEL_WARN);
    free(l.name);

    /* CONNECTD_LOG_LEVEL's path: root only, others keep their own. */
    expect_set("r1.B", LOG_LEVEL_ERROR, "r1.B");
    log_set_level(CD_LOG_DEBUG);
    ck_assert_int_eq(threshold("r1.A"), CD_LOG_DEBUG);
    ck_assert_int_eq(threshold("r1.B"), CD_LOG_ERROR);
    log_set_level(CD_LOG_INFO);
}
END_TEST

/* Many names from many threads: each name gets one logger, while the
 * table grows under the readers. */
#define RACE_THREADS 8
#define RACE_NAMES 600
static log_logger_t *race_seen[RACE_THREADS][RACE_NAMES];

static void *race_thread(void *arg) {
    size_t t = (size_t)arg;
    char name[64];
    for (int i = 0; i < RACE_NAMES; i++) {
        snprintf(name, sizeof name, "race.n%d.L", (int)((i * 7 + t * 13) % RACE_NAMES));
        int idx = (int)((i * 7 + t * 13) % RACE_NAMES);
        race_seen[t][idx] = log_logger(name);
        if (i % 50 == 0) {
            char **names;
            log_levels_set("race.n1", (i / 50) % 2 ? LOG_LEVEL_DEBUG : LOG_LEVEL_INFO, 1, &names);
            log_names_free(names);
        }
    }
    return NULL;
}

START_TEST(test_concurrent_registration) {
    pthread_t th[RACE_THREADS];
    for (size_t t = 0; t < RACE_THREADS; t++)
        ck_assert_int_eq(pthread_create(&th[t], NULL, race_thread, (void *)t), 0);
    for (size_t t = 0; t < RACE_THREADS; t++) pthread_join(th[t], NULL);
    for (int i = 0; i < RACE_NAMES; i++) {
        char name[64];
        snprintf(name, sizeof name, "race.n%d.L", i);
        for (size_t t = 0; t < RACE_THREADS; t++) ck_assert_ptr_eq(race_seen[t][i], log_logger(name));
        ck_assert_str_eq(log_logger(name)->name, name);
    }
}
END_TEST

/* ---- what reaches stderr ---- */

/* Run fn with stderr captured; returns what it wrote (caller frees). */
static char *capture_stderr(void (*fn)(void)) {
    char path[] = "/tmp/test_loggers.XXXXXX";
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    fflush(stderr);
    int saved = dup(2);
    dup2(fd, 2);
    fn();
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    off_t len = lseek(fd, 0, SEEK_END);
    char *out = xcalloc(1, (size_t)len + 1);
    ck_assert_int_eq(pread(fd, out, (size_t)len, 0), len);
    close(fd);
    unlink(path);
    return out;
}

static void log_some_lines(void) {
    for (int i = 0; i < 2; i++) { /* twice: the second goes through the cached site */
        LOG_DEBUG("w1.runtime.WorkerSourceTask", "worker debug %d", i);
        LOG_DEBUG("w1.runtime.Worker", "hidden worker debug %d", i);
        cd_log(CD_LOG_DEBUG, "w1.file.FileStreamSourceTask", "plugin debug %d", i);
        cd_log(CD_LOG_TRACE, "w1.file.FileStreamSourceTask", "hidden plugin trace %d", i);
    }
    log_bind_connector("w1-conn", "w1.file.FileStreamSourceConnector", "w1.file.FileStreamSourceTask");
    log_set_context("w1-conn", 0);
    cd_log(CD_LOG_DEBUG, NULL, "unnamed task line");
    log_set_context("w1-conn", -1);
    cd_log(CD_LOG_DEBUG, NULL, "hidden unnamed connector line");
    cd_log(CD_LOG_INFO, NULL, "unnamed connector info");
    log_set_context(NULL, -1);
    log_unbind_connector("w1-conn");
    cd_log(CD_LOG_INFO, NULL, "unnamed root info");
}

START_TEST(test_lines_follow_levels) {
    expect_set("w1.runtime.WorkerSourceTask", LOG_LEVEL_DEBUG, "w1.runtime.WorkerSourceTask");
    expect_set("w1.file.FileStreamSourceTask", LOG_LEVEL_DEBUG, "w1.file.FileStreamSourceTask");
    char *out = capture_stderr(log_some_lines);
    ck_assert_msg(strstr(out, "DEBUG w1.runtime.WorkerSourceTask: worker debug 0\n"), "%.300s", out);
    ck_assert_msg(strstr(out, "DEBUG w1.runtime.WorkerSourceTask: worker debug 1\n"), "%.300s", out);
    ck_assert_msg(strstr(out, "DEBUG w1.file.FileStreamSourceTask: plugin debug 1\n"), "%.300s", out);
    ck_assert_msg(strstr(out, "DEBUG [w1-conn|task-0] w1.file.FileStreamSourceTask: unnamed task line\n"),
                  "%.300s", out);
    ck_assert_msg(strstr(out, "INFO  [w1-conn] w1.file.FileStreamSourceConnector: unnamed connector info\n"),
                  "%.300s", out);
    ck_assert_msg(strstr(out, "INFO  unnamed root info\n"), "%.300s", out);
    ck_assert_msg(!strstr(out, "hidden"), "%.300s", out);
    free(out);

    /* Turned back: the cached call sites see the change. */
    expect_set("w1", LOG_LEVEL_INFO, "w1.file.FileStreamSourceTask,w1.runtime.WorkerSourceTask");
    out = capture_stderr(log_some_lines);
    ck_assert_msg(!strstr(out, "DEBUG"), "%.300s", out);
    free(out);
}
END_TEST

/* ---- REST ---- */

static rest_api_t *api_new(void) {
    char err[256];
    rest_api_t *api = rest_api_new(NULL, NULL, err, sizeof err);
    ck_assert_msg(api != NULL, "%s", err);
    return api;
}

static void call(rest_api_t *api, const char *method, const char *target, const char *body,
                 rest_response_t *resp) {
    rest_api_handle(api, method, target, body ? "application/json" : NULL, body,
                    body ? strlen(body) : 0, "http://localhost:8083", resp);
}

START_TEST(test_rest_put_and_get) {
    /* The loggers of rest-samples/50: four plugin classes already known. */
    log_logger("org.apache.kafka.connect.file.FileStreamSinkConnector");
    log_logger("org.apache.kafka.connect.file.FileStreamSinkTask");
    log_logger("org.apache.kafka.connect.file.FileStreamSourceConnector");
    log_logger("org.apache.kafka.connect.file.FileStreamSourceTask");
    rest_api_t *api = api_new();
    rest_response_t r;

    call(api, "PUT", "/admin/loggers/org.apache.kafka.connect.file", "{\"level\":\"DEBUG\"}", &r);
    ck_assert_int_eq(r.status, 200);
    ck_assert_str_eq(
        r.body,
        "[\"org.apache.kafka.connect.file\",\"org.apache.kafka.connect.file.FileStreamSinkConnector\","
        "\"org.apache.kafka.connect.file.FileStreamSinkTask\",\"org.apache.kafka.connect.file."
        "FileStreamSourceConnector\",\"org.apache.kafka.connect.file.FileStreamSourceTask\"]");
    rest_response_clear(&r);
    ck_assert_int_eq(threshold("org.apache.kafka.connect.file.FileStreamSourceTask"), CD_LOG_DEBUG);

    /* rest-samples/51: {"level":"DEBUG","last_modified":<epoch ms>} */
    int64_t before = log_now_ms();
    call(api, "PUT", "/admin/loggers/org.apache.kafka.connect.file.FileStreamSinkTask",
         "{\"level\":\"trace\"}", &r);
    ck_assert_int_eq(r.status, 200);
    ck_assert_str_eq(r.body, "[\"org.apache.kafka.connect.file.FileStreamSinkTask\"]");
    rest_response_clear(&r);
    call(api, "GET", "/admin/loggers/org.apache.kafka.connect.file.FileStreamSinkTask", NULL, &r);
    ck_assert_int_eq(r.status, 200);
    long long ms;
    char lvl[16];
    ck_assert_int_eq(sscanf(r.body, "{\"level\":\"%15[A-Z]\",\"last_modified\":%lld}", lvl, &ms), 2);
    ck_assert_str_eq(lvl, "TRACE");
    ck_assert_int_ge(ms, before);
    ck_assert_int_le(ms, log_now_ms());
    rest_response_clear(&r);

    /* Never changed: null. */
    log_logger("g1.Fresh");
    call(api, "GET", "/admin/loggers/g1.Fresh", NULL, &r);
    ck_assert_int_eq(r.status, 200);
    ck_assert_str_eq(r.body, "{\"level\":\"INFO\",\"last_modified\":null}");
    rest_response_clear(&r);
    rest_api_destroy(api);
}
END_TEST

START_TEST(test_rest_list) {
    log_logger("l1.b.Two");
    log_logger("l1.a.One");
    expect_set("l1.a", LOG_LEVEL_FATAL, "l1.a,l1.a.One");
    expect_set("l1.c", LOG_LEVEL_OFF, "l1.c");
    rest_api_t *api = api_new();
    rest_response_t r;
    call(api, "GET", "/admin/loggers", NULL, &r);
    ck_assert_int_eq(r.status, 200);
    /* Sorted by name; OFF loggers left out; root as "root". */
    const char *want = "\"l1.a\":{\"level\":\"FATAL\",\"last_modified\":1700000000000},"
                       "\"l1.a.One\":{\"level\":\"FATAL\",\"last_modified\":1700000000000},"
                       "\"l1.b.Two\":{\"level\":\"INFO\",\"last_modified\":null},";
    ck_assert_msg(strstr(r.body, want), "%.300s", r.body);
    ck_assert_msg(!strstr(r.body, "\"l1.c\""), "%.300s", r.body);
    ck_assert_msg(strstr(r.body, "\"root\":{\"level\":\"INFO\",\"last_modified\":"), "%.300s",
                  r.body);
    ck_assert_msg(strstr(r.body, "\"org.apache.kafka.connect.runtime.WorkerSourceTask\":{"),
                  "%.300s", r.body);
    json_t *doc = json_loads(r.body, 0, NULL);
    ck_assert(json_is_object(doc));
    const char *prev = "", *key;
    json_t *v;
    json_object_foreach(doc, key, v) {
        ck_assert_msg(strcmp(prev, key) < 0, "%s after %s", key, prev);
        ck_assert_int_eq(json_object_size(v), 2);
        prev = key;
    }
    json_decref(doc);
    rest_response_clear(&r);
    /* A trailing slash is the same resource. */
    call(api, "GET", "/admin/loggers/", NULL, &r);
    ck_assert_int_eq(r.status, 200);
    rest_response_clear(&r);
    rest_api_destroy(api);
}
END_TEST

START_TEST(test_rest_errors) {
    rest_api_t *api = api_new();
    rest_response_t r;
    call(api, "GET", "/admin/loggers/e1.Nope", NULL, &r);
    ck_assert_int_eq(r.status, 404);
    ck_assert_str_eq(r.body, "{\"error_code\":404,\"message\":\"Logger e1.Nope not found.\"}");
    rest_response_clear(&r);

    call(api, "PUT", "/admin/loggers/e1.X", "{\"lvl\":\"DEBUG\"}", &r);
    ck_assert_int_eq(r.status, 400);
    ck_assert_str_eq(r.body, "{\"error_code\":400,\"message\":\"Desired 'level' parameter was not "
                             "specified in request.\"}");
    rest_response_clear(&r);
    call(api, "PUT", "/admin/loggers/e1.X", "{\"level\":null}", &r);
    ck_assert_int_eq(r.status, 400);
    rest_response_clear(&r);

    call(api, "PUT", "/admin/loggers/e1.X", "{\"level\":\"LOUD\"}", &r);
    ck_assert_int_eq(r.status, 404);
    ck_assert_str_eq(r.body, "{\"error_code\":404,\"message\":\"invalid log level 'LOUD'.\"}");
    rest_response_clear(&r);
    call(api, "PUT", "/admin/loggers/e1.X", "{\"level\":5}", &r);
    ck_assert_int_eq(r.status, 404);
    ck_assert_str_eq(r.body, "{\"error_code\":404,\"message\":\"invalid log level '5'.\"}");
    rest_response_clear(&r);
    call(api, "PUT", "/admin/loggers/e1.X", "[\"DEBUG\"]", &r);
    ck_assert_int_eq(r.status, 400);
    rest_response_clear(&r);
    /* Nothing was created by the failed requests. */
    log_logger_level_t l;
    ck_assert(!log_level_get("e1.X", &l));
    rest_api_destroy(api);
}
END_TEST

START_TEST(test_rest_scope) {
    rest_api_t *api = api_new();
    rest_response_t r;
    call(api, "PUT", "/admin/loggers/s1.Cluster?scope=cluster", "{\"level\":\"warn\"}", &r);
    ck_assert_int_eq(r.status, 204);
    ck_assert_ptr_null(r.body);
    rest_response_clear(&r);
    ck_assert_int_eq(threshold("s1.Cluster"), CD_LOG_WARN);

    call(api, "PUT", "/admin/loggers/s1.Other?scope=galaxy", "{\"level\":\"ERROR\"}", &r);
    ck_assert_int_eq(r.status, 200);
    ck_assert_str_eq(r.body, "[\"s1.Other\"]");
    rest_response_clear(&r);
    call(api, "PUT", "/admin/loggers/s1.Worker?scope=WORKER", "{\"level\":\"ERROR\"}", &r);
    ck_assert_int_eq(r.status, 200);
    ck_assert_str_eq(r.body, "[\"s1.Worker\"]");
    rest_response_clear(&r);

    call(api, "GET", "/admin/loggers/ROOT", NULL, &r);
    ck_assert_int_eq(r.status, 200);
    ck_assert_msg(strncmp(r.body, "{\"level\":\"INFO\",\"last_modified\":", 32) == 0, "%.300s", r.body);
    rest_response_clear(&r);
    rest_api_destroy(api);
}
END_TEST

/* Level changes and failed look-ups log a line each: keep them out of
 * the test output (runs once, before the forked tests). */
static void quiet_setup(void) {
    char **names;
    log_levels_set("org.apache.kafka.connect.runtime.Loggers", LOG_LEVEL_ERROR, 1, &names);
    log_names_free(names);
    log_levels_set("org.apache.kafka.connect.runtime.rest.resources.LoggingResource",
                   LOG_LEVEL_ERROR, 1, &names);
    log_names_free(names);
}

Suite *suite_loggers(void); /* called by the generated runner */
Suite *suite_loggers(void) {
    Suite *s = suite_create("loggers");
    TCase *tc = tcase_create("loggers");
    tcase_add_unchecked_fixture(tc, quiet_setup, NULL);
    tcase_add_test(tc, test_level_parse);
    tcase_add_test(tc, test_hierarchy);
    tcase_add_test(tc, test_prefix_and_new_ancestor);
    tcase_add_test(tc, test_off_fatal_and_listing);
    tcase_add_test(tc, test_root);
    tcase_add_test(tc, test_concurrent_registration);
    tcase_add_test(tc, test_lines_follow_levels);
    tcase_add_test(tc, test_rest_put_and_get);
    tcase_add_test(tc, test_rest_list);
    tcase_add_test(tc, test_rest_errors);
    tcase_add_test(tc, test_rest_scope);
    suite_add_tcase(s, tc);
    return s;
}
