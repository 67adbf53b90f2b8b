/*
 * Metrics: the registry and its counters, the Prometheus text format,
 * GET /metrics through the REST dispatcher (and once over HTTP for the
 * content type), error handler accounting, and active topics (KIP-558).
 */
#include <arpa/inet.h>
#include <check.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "herder/herder.h"
#include "metrics/metrics.h"
#include "metrics/prometheus.h"
#include "metrics/render.h"
#include "rest/rest_api.h"
#include "rest/server.h"
#include "runtime/active_topics.h"
#include "runtime/error_handler.h"
#include "runtime/task.h"
#include "util/buf.h"
#include "util/mem.h"

/* A connector name that needs every label escape. */
#define ODD_NAME "we\"ird\\name\nx"
#define ODD_LABEL "we\\\"ird\\\\name\\nx"

/* ---- a checker of the exposition format ---- */

/* Every sample belongs to the family of the last TYPE line (summaries may
 * add _sum and _count), no family is declared twice, HELP precedes TYPE,
 * and every line is either a comment or `name[{labels}] value`. */
static void assert_valid_exposition(const char *text) {
    char family[256] = "", type[32] = "", seen[16384] = " ";
    const char *line = text;
    ck_assert_msg(*text && text[strlen(text) - 1] == '\n', "output must end with a newline");
    while (*line) {
        const char *end = strchr(line, '\n');
        ck_assert_ptr_nonnull(end);
        char buf[2048];
        snprintf(buf, sizeof buf, "%.*s", (int)(end - line), line);
        if (strncmp(buf, "# HELP ", 7) == 0) {
            char name[256];
            ck_assert_int_eq(sscanf(buf + 7, "%255s", name), 1);
            const char *next = end + 1;
            char expect[300];
            snprintf(expect, sizeof expect, "# TYPE %s ", name);
            ck_assert_msg(strncmp(next, expect, strlen(expect)) == 0, "HELP without TYPE: %s", buf);
        } else if (strncmp(buf, "# TYPE ", 7) == 0) {
            ck_assert_int_eq(sscanf(buf + 7, "%255s %31s", family, type), 2);
            char key[300];
            snprintf(key, sizeof key, " %s ", family);
            ck_assert_msg(!strstr(seen, key), "family declared twice: %s", family);
            strncat(seen, key + 1, sizeof seen - strlen(seen) - 1);
            ck_assert_msg(strcmp(type, "counter") == 0 || strcmp(type, "gauge") == 0 ||
                              strcmp(type, "summary") == 0,
                          "bad type %s", type);
        } else {
            size_t nl = strcspn(buf, "{ ");
            char name[256];
            snprintf(name, sizeof name, "%.*s", (int)nl, buf);
            bool ok = strcmp(name, family) == 0;
            if (!ok && strcmp(type, "summary") == 0) {
                size_t fl = strlen(family);
                ok = strncmp(name, family, fl) == 0 &&
                     (strcmp(name + fl, "_sum") == 0 || strcmp(name + fl, "_count") == 0);
            }
            ck_assert_msg(ok, "sample outside its family (%s): %s", family, buf);
            const char *v = strrchr(buf, ' ');
            ck_assert_ptr_nonnull(v);
            char *e;
            strtod(v + 1, &e);
            ck_assert_msg(*e == '\0' && e != v + 1, "bad value in: %s", buf);
        }
        line = end + 1;
    }
}

/* ---- registry and counters ---- */

START_TEST(counters_accumulate_per_task) {
    task_metrics_t *a = metrics_task_acquire("c1", 0, METRICS_TASK_SOURCE);
    task_metrics_t *b = metrics_task_acquire("c1", 1, METRICS_TASK_SOURCE);
    task_metrics_t *a2 = metrics_task_acquire("c1", 0, METRICS_TASK_SOURCE);
    ck_assert_ptr_eq(a, a2); /* a restarted task keeps counting */
    task_metrics_add(a, TM_SOURCE_RECORD_POLL, 5);
    task_metrics_add(a2, TM_SOURCE_RECORD_POLL, 2);
    task_metrics_add(b, TM_SOURCE_RECORD_WRITE, 7);
    task_metrics_set(b, TG_SOURCE_RECORD_ACTIVE, 3);
    task_metrics_add(NULL, TM_SOURCE_RECORD_POLL, 1); /* uninstrumented: ignored */

    metrics_task_snapshot_t *s;
    size_t n;
    metrics_snapshot_tasks(&s, &n);
    ck_assert_uint_eq(n, 2);
    ck_assert_str_eq(s[0].connector, "c1");
    ck_assert_int_eq(s[0].task, 0);
    ck_assert_uint_eq(s[0].counters[TM_SOURCE_RECORD_POLL], 7);
    ck_assert_uint_eq(s[0].counters[TM_SOURCE_RECORD_WRITE], 0);
    ck_assert_int_eq(s[1].task, 1);
    ck_assert_uint_eq(s[1].counters[TM_SOURCE_RECORD_WRITE], 7);
    ck_assert_int_eq(s[1].gauges[TG_SOURCE_RECORD_ACTIVE], 3);
    metrics_snapshot_free(s, n);
    metrics_task_release(a);
    metrics_task_release(a2);
    metrics_task_release(b);

    /* Released sets stay registered (counters survive a task restart). */
    metrics_snapshot_tasks(&s, &n);
    ck_assert_uint_eq(n, 2);
    metrics_snapshot_free(s, n);
    metrics_forget_connector("c1");
    metrics_snapshot_tasks(&s, &n);
    ck_assert_uint_eq(n, 0);
    metrics_snapshot_free(s, n);
}
END_TEST

START_TEST(forget_keeps_sets_a_task_still_holds) {
    task_metrics_t *m = metrics_task_acquire("gone", 0, METRICS_TASK_SINK);
    task_metrics_t *other = metrics_task_acquire("kept", 0, METRICS_TASK_SINK);
    metrics_forget_connector("gone");
    task_metrics_add(m, TM_SINK_RECORD_READ, 1); /* no use after free (ASan) */
    metrics_task_snapshot_t *s;
    size_t n;
    metrics_snapshot_tasks(&s, &n);
    ck_assert_uint_eq(n, 1);
    ck_assert_str_eq(s[0].connector, "kept");
    metrics_snapshot_free(s, n);
    metrics_task_release(m);
    /* Recreated under the same name: a fresh set. */
    task_metrics_t *again = metrics_task_acquire("gone", 0, METRICS_TASK_SINK);
    metrics_snapshot_tasks(&s, &n);
    ck_assert_uint_eq(n, 2);
    ck_assert_str_eq(s[0].connector, "gone");
    ck_assert_uint_eq(s[0].counters[TM_SINK_RECORD_READ], 0);
    metrics_snapshot_free(s, n);
    metrics_task_release(again);
    metrics_task_release(other);
    metrics_forget_connector("gone");
    metrics_forget_connector("kept");
}
END_TEST

START_TEST(timer_keeps_sum_count_and_a_windowed_max) {
    metrics_timer_t t;
    memset(&t, 0, sizeof t);
    const uint64_t w = METRICS_WINDOW_NS, base = 1000 * w;
    metrics_timer_record(&t, 5000, base + 1);
    metrics_timer_record(&t, 9000, base + 2);
    metrics_timer_record(&t, 1000, base + 3);
    ck_assert_uint_eq(atomic_load(&t.count), 3);
    ck_assert_uint_eq(atomic_load(&t.sum_ns), 15000);
    ck_assert_uint_eq(metrics_timer_max(&t, base + 10), 9000);
    /* The next window still reports the previous one's maximum... */
    metrics_timer_record(&t, 2000, base + w);
    ck_assert_uint_eq(metrics_timer_max(&t, base + w + 5), 9000);
    /* ...the one after that only its own and its predecessor's. */
    ck_assert_uint_eq(metrics_timer_max(&t, base + 2 * w), 2000);
    ck_assert_uint_eq(metrics_timer_max(&t, base + 3 * w), 0);
    metrics_timer_record(&t, 700, base + 3 * w);
    ck_assert_uint_eq(metrics_timer_max(&t, base + 3 * w), 700);
}
END_TEST

START_TEST(startup_counters) {
    metrics_startup_snapshot_t c0, t0, c1, t1;
    metrics_snapshot_startups(&c0, &t0);
    metrics_startup_attempt(METRICS_STARTUP_TASK);
    metrics_startup_result(METRICS_STARTUP_TASK, true);
    metrics_startup_attempt(METRICS_STARTUP_TASK);
    metrics_startup_result(METRICS_STARTUP_TASK, false);
    metrics_startup_attempt(METRICS_STARTUP_CONNECTOR);
    metrics_snapshot_startups(&c1, &t1);
    ck_assert_uint_eq(t1.attempts - t0.attempts, 2);
    ck_assert_uint_eq(t1.successes - t0.successes, 1);
    ck_assert_uint_eq(t1.failures - t0.failures, 1);
    ck_assert_uint_eq(c1.attempts - c0.attempts, 1);
    ck_assert_uint_eq(c1.successes - c0.successes, 0);
}
END_TEST

/* ---- the text format ---- */

START_TEST(prometheus_escapes_and_formats) {
    buf_t b;
    buf_init(&b);
    prom_family(&b, "x_total", "counter", "Back\\slash and\nnewline \"kept\".");
    prom_label_t l[] = {{"connector", ODD_NAME}, {"task", "0"}};
    prom_sample_u64(&b, "x_total", l, 2, 18446744073709551615ull);
    prom_sample_i64(&b, "x_total", NULL, 0, -3);
    prom_sample_ns(&b, "x_total", l, 1, 1500000000);
    prom_sample_ns(&b, "x_total", NULL, 0, 2000);
    prom_sample_ns(&b, "x_total", NULL, 0, 7000000000);
    prom_sample_double(&b, "x_total", NULL, 0, 0.25);
    ck_assert_str_eq(b.data,
                     "# HELP x_total Back\\\\slash and\\nnewline \"kept\".\n"
                     "# TYPE x_total counter\n"
                     "x_total{connector=\"" ODD_LABEL "\",task=\"0\"} 18446744073709551615\n"
                     "x_total -3\n"
                     "x_total{connector=\"" ODD_LABEL "\"} 1.5\n"
                     "x_total 0.000002\n"
                     "x_total 7\n"
                     "x_total 0.25\n");
    buf_free(&b);
    char v[48];
    prom_format_ns(v, sizeof v, 0);
    ck_assert_str_eq(v, "0");
    prom_format_ns(v, sizeof v, 123456789);
    ck_assert_str_eq(v, "0.123456789");
}
END_TEST

static metrics_task_snapshot_t snapshot_of(const char *connector, int task,
                                           metrics_task_kind_t kind) {
    metrics_task_snapshot_t s;
    memset(&s, 0, sizeof s);
    s.connector = (char *)connector;
    s.task = task;
    s.kind = kind;
    return s;
}

START_TEST(task_families_render_exactly) {
    metrics_task_snapshot_t s[2] = {snapshot_of(ODD_NAME, 0, METRICS_TASK_SOURCE),
                                    snapshot_of("snk", 3, METRICS_TASK_SINK)};
    s[0].counters[TM_SOURCE_RECORD_POLL] = 42;
    s[0].timers[TT_POLL_BATCH] = (metrics_timer_snapshot_t){4, 2500000, 1000000};
    s[0].gauges[TG_LAST_ERROR_MS] = 1700000000123;
    s[1].counters[TM_SINK_RECORD_SEND] = 9;
    s[1].counters[TM_OFFSET_COMMIT_SUCCESS] = 2;
    buf_t b;
    buf_init(&b);
    metrics_render_tasks(&b, s, 2);
    const char *t = b.data;
    assert_valid_exposition(t);
    ck_assert_ptr_nonnull(strstr(
        t, "# HELP connectd_source_record_poll_total Records returned by the task's poll(), "
           "before transformations (source-record-poll-total).\n"
           "# TYPE connectd_source_record_poll_total counter\n"
           "connectd_source_record_poll_total{connector=\"" ODD_LABEL "\",task=\"0\"} 42\n"
           "# HELP"));
#define ODD_TASK0 "{connector=\"" ODD_LABEL "\",task=\"0\"}"
    ck_assert_ptr_nonnull(strstr(t, "# TYPE connectd_source_poll_batch_seconds summary\n"
                                    "connectd_source_poll_batch_seconds_sum" ODD_TASK0 " 0.0025\n"
                                    "connectd_source_poll_batch_seconds_count" ODD_TASK0 " 4\n"));
    ck_assert_ptr_nonnull(strstr(t, "connectd_source_poll_batch_max_seconds" ODD_TASK0 " 0.001\n"));
    ck_assert_ptr_nonnull(
        strstr(t, "connectd_sink_record_send_total{connector=\"snk\",task=\"3\"} 9\n"));
    /* Shared families carry both tasks, in snapshot order. */
    ck_assert_ptr_nonnull(
        strstr(t, "# TYPE connectd_task_offset_commit_success_total counter\n"
                  "connectd_task_offset_commit_success_total" ODD_TASK0 " 0\n"
                  "connectd_task_offset_commit_success_total{connector=\"snk\",task=\"3\"} 2\n"));
    ck_assert_ptr_nonnull(
        strstr(t, "connectd_task_last_error_timestamp_seconds" ODD_TASK0 " 1700000000.123\n"));
    /* Source families only for source tasks and vice versa. */
    ck_assert_ptr_null(strstr(t, "connectd_source_record_poll_total{connector=\"snk\""));
    ck_assert_ptr_null(strstr(t, "connectd_sink_record_read_total{connector=\"we"));
    buf_free(&b);
}
END_TEST

static void fill_state(instance_state_t *s, int id, const char *state, const char *worker) {
    s->id = id;
    s->state = xstrdup(state);
    s->worker_id = xstrdup(worker);
    s->version = xstrdup("4.3.1");
}

static connector_state_info_t *make_status(const char *name, const char *type, const char *state,
                                           const char *const *task_states, size_t n) {
    connector_state_info_t *s = xcalloc(1, sizeof *s);
    s->name = xstrdup(name);
    s->type = type;
    fill_state(&s->connector, -1, state, "w1:8083");
    s->tasks = xcalloc(n ? n : 1, sizeof *s->tasks);
    for (size_t i = 0; i < n; i++)
        fill_state(&s->tasks[i], (int)i, task_states[i], i == 2 ? "w2:8083" : "w1:8083");
    s->n_tasks = n;
    return s;
}

START_TEST(worker_families_count_states) {
    const char *const src_tasks[] = {"RUNNING", "FAILED", "RUNNING"};
    const char *const snk_tasks[] = {"PAUSED"};
    connector_state_info_t *a = make_status("src", "source", "RUNNING", src_tasks, 3);
    connector_state_info_t *z = make_status(ODD_NAME, "sink", "PAUSED", snk_tasks, 1);
    metrics_connector_view_t v[] = {{a, "FileStreamSource"}, {z, NULL}};
    buf_t b;
    buf_init(&b);
    metrics_render_worker(&b, v, 2, "w1:8083");
    const char *t = b.data;
    assert_valid_exposition(t);
    /* Task 2 of src runs on another worker. */
    ck_assert_ptr_nonnull(strstr(t, "\nconnectd_worker_connectors 2\n"));
    ck_assert_ptr_nonnull(strstr(t, "\nconnectd_worker_tasks 3\n"));
    ck_assert_ptr_nonnull(strstr(t, "connectd_connector_info{connector=\"src\",class="
                                    "\"FileStreamSource\",type=\"source\",version=\"4.3.1\"} 1\n"));
    ck_assert_ptr_nonnull(strstr(t, "connectd_connector_info{connector=\"" ODD_LABEL
                                    "\",class=\"\",type=\"sink\",version=\"4.3.1\"} 1\n"));
    ck_assert_ptr_nonnull(
        strstr(t, "connectd_connector_status{connector=\"src\",state=\"RUNNING\"} 1\n"));
    ck_assert_ptr_nonnull(
        strstr(t, "connectd_connector_status{connector=\"src\",state=\"PAUSED\"} 0\n"));
#define SRC_TASKS "connectd_connector_tasks{connector=\"src\",state="
    ck_assert_ptr_nonnull(strstr(t, SRC_TASKS "\"UNASSIGNED\"} 0\n" SRC_TASKS "\"RUNNING\"} 2\n"
                                    SRC_TASKS "\"PAUSED\"} 0\n" SRC_TASKS "\"STOPPED\"} 0\n"
                                    SRC_TASKS "\"FAILED\"} 1\n"));
    ck_assert_ptr_nonnull(strstr(
        t, "connectd_connector_tasks{connector=\"" ODD_LABEL "\",state=\"PAUSED\"} 1\n"));
    ck_assert_ptr_nonnull(
        strstr(t, "connectd_task_status{connector=\"src\",task=\"1\",state=\"FAILED\"} 1\n"));
    ck_assert_ptr_nonnull(
        strstr(t, "connectd_task_status{connector=\"src\",task=\"1\",state=\"RUNNING\"} 0\n"));
    ck_assert_ptr_nonnull(strstr(t, "# TYPE connectd_worker_task_startup_failure_total counter\n"));
    buf_free(&b);
    connector_state_info_free(a);
    connector_state_info_free(z);
}
END_TEST

static double sample_value(const char *text, const char *name) {
    char key[128];
    snprintf(key, sizeof key, "\n%s ", name);
    const char *p = strstr(text, key);
    ck_assert_msg(p != NULL, "no sample %s", name);
    return strtod(p + strlen(key), NULL);
}

START_TEST(process_families_read_proc) {
    buf_t b;
    buf_init(&b);
    metrics_render_process(&b);
    assert_valid_exposition(b.data);
    ck_assert_double_gt(sample_value(b.data, "process_resident_memory_bytes"), 1024 * 1024);
    ck_assert_double_ge(sample_value(b.data, "process_virtual_memory_bytes"),
                        sample_value(b.data, "process_resident_memory_bytes"));
    ck_assert_double_ge(sample_value(b.data, "process_cpu_seconds_total"), 0);
    double start = sample_value(b.data, "process_start_time_seconds");
    double now = (double)time(NULL);
    ck_assert_double_le(start, now + 1);
    ck_assert_double_gt(start, now - 3600); /* this test process started recently */
    ck_assert_double_ge(sample_value(b.data, "process_open_fds"), 3);
    ck_assert_double_ge(sample_value(b.data, "process_threads"), 1);
    buf_free(&b);
}
END_TEST

/* ---- GET /metrics through the REST dispatcher ---- */

typedef struct mini_herder {
    herder_t base;
} mini_herder_t;

static int mini_names(herder_t *h, char ***names, size_t *n) {
    (void)h;
    *names = xcalloc(3, sizeof **names);
    (*names)[0] = xstrdup("src");
    (*names)[1] = xstrdup("vanished"); /* deleted between listing and status */
    *n = 2;
    return HERDER_OK;
}

static int mini_info(herder_t *h, const char *name, connector_info_t **out, herder_error_t *err) {
    (void)h;
    if (strcmp(name, "src") != 0) return herder_fail(err, HERDER_NOT_FOUND, "no %s", name);
    connector_info_t *info = xcalloc(1, sizeof *info);
    info->name = xstrdup(name);
    info->config = cd_props_new();
    cd_props_set(info->config, "connector.class", "FileStreamSource");
    info->n_tasks = 1;
    info->type = "source";
    *out = info;
    return HERDER_OK;
}

static int mini_status(herder_t *h, const char *name, connector_state_info_t **out,
                       herder_error_t *err) {
    (void)h;
    if (strcmp(name, "src") != 0) return herder_fail(err, HERDER_NOT_FOUND, "no %s", name);
    const char *const tasks[] = {"RUNNING"};
    *out = make_status("src", "source", "RUNNING", tasks, 1);
    return HERDER_OK;
}

static const char *mini_worker_id(herder_t *h) {
    (void)h;
    return "w1:8083";
}
static void mini_noop(herder_t *h) { (void)h; }

static const herder_ops_t mini_ops = {
    .connector_names = mini_names,
    .connector_info = mini_info,
    .connector_status = mini_status,
    .worker_id = mini_worker_id,
    .stop = mini_noop,
    .destroy = mini_noop,
};

START_TEST(rest_route_serves_prometheus_text) {
    mini_herder_t h = {{&mini_ops}};
    task_metrics_t *m = metrics_task_acquire("src", 0, METRICS_TASK_SOURCE);
    task_metrics_add(m, TM_SOURCE_RECORD_POLL, 11);
    task_metrics_add(m, TM_SOURCE_RECORD_WRITE, 10);
    task_metrics_time(m, TT_OFFSET_COMMIT, 3000000);
    char err[256];
    rest_api_t *api = rest_api_new(&h.base, NULL, err, sizeof err);
    ck_assert_msg(api != NULL, "%s", err);
    rest_response_t r;
    rest_api_handle(api, "GET", "/metrics", NULL, NULL, 0, "http://localhost", &r);
    ck_assert_int_eq(r.status, 200);
    ck_assert_str_eq(r.content_type, "text/plain; version=0.0.4; charset=utf-8");
    ck_assert_uint_eq(r.body_len, strlen(r.body));
    assert_valid_exposition(r.body);
    ck_assert_ptr_nonnull(strstr(r.body, "\nconnectd_worker_connectors 1\n"));
    ck_assert_ptr_nonnull(
        strstr(r.body, "connectd_connector_info{connector=\"src\",class=\"FileStreamSource\""));
    ck_assert_ptr_null(strstr(r.body, "vanished"));
    ck_assert_ptr_nonnull(
        strstr(r.body, "\nconnectd_source_record_poll_total{connector=\"src\",task=\"0\"} 11\n"));
    ck_assert_ptr_nonnull(
        strstr(r.body, "\nconnectd_source_record_write_total{connector=\"src\",task=\"0\"} 10\n"));
    ck_assert_ptr_nonnull(strstr(
        r.body, "\nconnectd_task_offset_commit_seconds_sum{connector=\"src\",task=\"0\"} 0.003\n"
                "connectd_task_offset_commit_seconds_count{connector=\"src\",task=\"0\"} 1\n"));
    ck_assert_ptr_nonnull(strstr(r.body, "\nprocess_resident_memory_bytes "));
    rest_response_clear(&r);
    ck_assert_ptr_null(r.content_type);
    /* Other methods are not allowed; errors stay JSON. */
    rest_api_handle(api, "POST", "/metrics", NULL, NULL, 0, "http://localhost", &r);
    ck_assert_int_eq(r.status, 405);
    ck_assert_ptr_null(r.content_type);
    rest_response_clear(&r);
    rest_api_destroy(api);
    metrics_task_release(m);
    metrics_forget_connector("src");
}
END_TEST

START_TEST(http_content_type_header) {
    mini_herder_t h = {{&mini_ops}};
    char err[256];
    rest_server_t *srv = rest_server_new("http://127.0.0.1:0", &h.base, NULL, err, sizeof err);
    ck_assert_msg(srv != NULL, "%s", err);
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET,
                            .sin_port = htons((uint16_t)rest_server_port(srv))};
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ck_assert_int_eq(connect(fd, (struct sockaddr *)&a, sizeof a), 0);
    const char req[] = "GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
    ck_assert_int_eq(send(fd, req, sizeof req - 1, MSG_NOSIGNAL), (ssize_t)(sizeof req - 1));
    buf_t b;
    buf_init(&b);
    char chunk[4096];
    ssize_t n;
    while ((n = recv(fd, chunk, sizeof chunk, 0)) > 0) cd_buf_append(&b, chunk, (size_t)n);
    close(fd);
    ck_assert_ptr_nonnull(b.data);
    ck_assert_msg(strncmp(b.data, "HTTP/1.1 200", 12) == 0, "%.40s", b.data);
    ck_assert_ptr_nonnull(
        strcasestr(b.data, "\r\nContent-Type: text/plain; version=0.0.4; charset=utf-8\r\n"));
    buf_free(&b);
    rest_server_destroy(srv);
}
END_TEST

/* ---- the error handler counts into a task's set ---- */

START_TEST(error_handler_counts) {
    cd_props_t *p = cd_props_new();
    cd_props_set(p, "errors.tolerance", "all");
    cd_props_set(p, "errors.log.enable", "true");
    error_handler_t eh;
    error_handler_init(&eh, p, "eh", 0, NULL);
    cd_props_destroy(p);
    task_metrics_t *m = metrics_task_acquire("eh", 0, METRICS_TASK_SINK);
    eh.metrics = m;
    cd_error_t err;
    cd_error_set(&err, CD_ERR_DATA, "bad");
    int64_t before = now_ms();
    error_handler_note_retry(&eh);
    error_handler_note_retry(&eh);
    ck_assert(error_handler_tolerate(&eh, STAGE_VALUE_CONVERTER, "X", &err, NULL));
    ck_assert(error_handler_tolerate(&eh, STAGE_TRANSFORMATION, "Y", &err, NULL));
    ck_assert_uint_eq(atomic_load(&m->counters[TM_RECORD_ERRORS]), 2);
    ck_assert_uint_eq(atomic_load(&m->counters[TM_RECORD_FAILURES]), 4);
    ck_assert_uint_eq(atomic_load(&m->counters[TM_RETRIES]), 2);
    ck_assert_uint_eq(atomic_load(&m->counters[TM_RECORDS_SKIPPED]), 2);
    ck_assert_uint_eq(atomic_load(&m->counters[TM_ERRORS_LOGGED]), 2);
    ck_assert_int_ge(atomic_load(&m->gauges[TG_LAST_ERROR_MS]), before);
    metrics_task_release(m);
    metrics_forget_connector("eh");
}
END_TEST

/* ---- active topics ---- */

static void assert_topics(const char *connector, const char *const *want, size_t n_want) {
    char **names;
    size_t n;
    ck_assert_int_eq(active_topics_list(connector, &names, &n), 0);
    ck_assert_uint_eq(n, n_want);
    for (size_t i = 0; i < n; i++) ck_assert_str_eq(names[i], want[i]);
    active_topics_names_free(names, n);
}

START_TEST(active_topics_sorted_and_deduplicated) {
    active_topics_record("at", "orders");
    active_topics_record("at", "audit");
    active_topics_record("at", "orders");
    active_topics_record("at", "zeta");
    active_topics_record("other", "x");
    const char *const want[] = {"audit", "orders", "zeta"};
    assert_topics("at", want, 3);
    assert_topics("unknown", NULL, 0);
    active_topics_reset("at");
    assert_topics("at", NULL, 0);
    const char *const other[] = {"x"};
    assert_topics("other", other, 1);
    active_topics_forget("other");
    assert_topics("other", NULL, 0);
}
END_TEST

START_TEST(active_topics_cache_reports_again_after_reset) {
    active_topics_cache_t c;
    active_topics_cache_init(&c, "cached", true);
    active_topics_note(&c, "b");
    active_topics_note(&c, "a");
    active_topics_note(&c, "b");
    const char *const both[] = {"a", "b"};
    assert_topics("cached", both, 2);
    active_topics_reset("cached");
    assert_topics("cached", NULL, 0);
    /* The reset makes the task report what it uses again. */
    active_topics_note(&c, "a");
    const char *const a[] = {"a"};
    assert_topics("cached", a, 1);
    active_topics_cache_fini(&c);
    active_topics_forget("cached");

    active_topics_cache_t off;
    active_topics_cache_init(&off, "off", false);
    active_topics_note(&off, "t");
    assert_topics("off", NULL, 0);
    active_topics_cache_fini(&off);
}
END_TEST

START_TEST(tracking_setting) {
    ck_assert(active_topics_tracking_enabled(NULL));
    cd_props_t *p = cd_props_new();
    ck_assert(active_topics_tracking_enabled(p));
    cd_props_set(p, "topic.tracking.enable", "FALSE");
    ck_assert(!active_topics_tracking_enabled(p));
    cd_props_set(p, "topic.tracking.enable", "true");
    ck_assert(active_topics_tracking_enabled(p));
    cd_props_destroy(p);
}
END_TEST

Suite *suite_metrics(void); /* called by the generated runner */
Suite *suite_metrics(void) {
    Suite *s = suite_create("metrics");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, counters_accumulate_per_task);
    tcase_add_test(tc, forget_keeps_sets_a_task_still_holds);
    tcase_add_test(tc, timer_keeps_sum_count_and_a_windowed_max);
    tcase_add_test(tc, startup_counters);
    tcase_add_test(tc, prometheus_escapes_and_formats);
    tcase_add_test(tc, task_families_render_exactly);
    tcase_add_test(tc, worker_families_count_states);
    tcase_add_test(tc, process_families_read_proc);
    tcase_add_test(tc, rest_route_serves_prometheus_text);
    tcase_add_test(tc, http_content_type_header);
    tcase_add_test(tc, error_handler_counts);
    tcase_add_test(tc, active_topics_sorted_and_deduplicated);
    tcase_add_test(tc, active_topics_cache_reports_again_after_reset);
    tcase_add_test(tc, tracking_setting);
    suite_add_tcase(s, tc);
    return s;
}
