/*
 * The REST server end to end: a real rest_server on a free loopback port,
 * a tiny HTTP/1.1 client over a socket, and an in-memory fake herder.
 * Expected bodies are Kafka 4.3.1's answers (rest-samples 00..24, 52..56).
 */
#include <arpa/inet.h>
#include <check.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "herder/herder.h"
#include "plugin/registry.h"
#include "rest/server.h"
#include "util/mem.h"

/* ---- fake herder: connectors in a list, guarded by a mutex ---- */

#define FAKE_MAX 8
typedef struct fake_conn {
    char *name;
    cd_props_t *config;
    target_state_t initial;
} fake_conn_t;

typedef struct fake_herder {
    herder_t base;
    pthread_mutex_t lock;
    fake_conn_t conns[FAKE_MAX];
    size_t n;
    int puts; /* herder_put_connector calls that reached us */
} fake_herder_t;

static fake_conn_t *fake_find(fake_herder_t *f, const char *name) {
    for (size_t i = 0; i < f->n; i++)
        if (strcmp(f->conns[i].name, name) == 0) return &f->conns[i];
    return NULL;
}

static const char *fake_type(const fake_conn_t *c) {
    return strstr(cd_props_get(c->config, "connector.class"), "Sink") ? "sink" : "source";
}

static connector_info_t *fake_info(const fake_conn_t *c) {
    connector_info_t *info = xcalloc(1, sizeof *info);
    info->name = xstrdup(c->name);
    info->config = cd_props_clone(c->config);
    info->n_tasks = 1;
    info->type = fake_type(c);
    return info;
}

/* "failing" is FAILED with a trace and an unknown version; others run. */
static void fake_state(const fake_conn_t *c, int id, instance_state_t *s) {
    bool failing = strcmp(c->name, "failing") == 0;
    s->id = id;
    s->state = xstrdup(failing ? "FAILED" : "RUNNING");
    s->worker_id = xstrdup("127.0.0.1:18083");
    s->trace = failing ? xstrdup("java.lang.RuntimeException: boom\n\tat X") : NULL;
    s->version = failing ? NULL : xstrdup("4.3.1");
}

static int fake_names(herder_t *h, char ***names, size_t *n) {
    fake_herder_t *f = (fake_herder_t *)h;
    pthread_mutex_lock(&f->lock);
    *names = xcalloc(f->n + 1, sizeof **names);
    for (size_t i = 0; i < f->n; i++) (*names)[i] = xstrdup(f->conns[i].name);
    *n = f->n;
    pthread_mutex_unlock(&f->lock);
    return HERDER_OK;
}

static int fake_connector_info(herder_t *h, const char *name, connector_info_t **out,
                               herder_error_t *err) {
    fake_herder_t *f = (fake_herder_t *)h;
    pthread_mutex_lock(&f->lock);
    fake_conn_t *c = fake_find(f, name);
    if (c) *out = fake_info(c);
    pthread_mutex_unlock(&f->lock);
    return c ? HERDER_OK : herder_fail(err, HERDER_NOT_FOUND, "Connector %s not found", name);
}

static int fake_put(herder_t *h, const char *name, const cd_props_t *config,
                    target_state_t initial, bool allow_replace, bool *created,
                    connector_info_t **out, herder_error_t *err) {
    fake_herder_t *f = (fake_herder_t *)h;
    int rc = HERDER_OK;
    pthread_mutex_lock(&f->lock);
    f->puts++;
    if (fake_find(f, name) && !allow_replace) {
        rc = herder_fail(err, HERDER_ALREADY_EXISTS, "Connector %s already exists", name);
    } else if (f->n == FAKE_MAX) {
        rc = herder_fail(err, HERDER_INTERNAL, "fake herder is full");
    } else {
        fake_conn_t *c = &f->conns[f->n++];
        c->name = xstrdup(name);
        c->config = cd_props_clone(config);
        c->initial = initial;
        *created = true;
        *out = fake_info(c);
    }
    pthread_mutex_unlock(&f->lock);
    return rc;
}

static int fake_delete(herder_t *h, const char *name, herder_error_t *err) {
    fake_herder_t *f = (fake_herder_t *)h;
    pthread_mutex_lock(&f->lock);
    fake_conn_t *c = fake_find(f, name);
    if (c) {
        free(c->name);
        cd_props_destroy(c->config);
        size_t i = (size_t)(c - f->conns);
        memmove(c, c + 1, (f->n - i - 1) * sizeof *c);
        f->n--;
    }
    pthread_mutex_unlock(&f->lock);
    return c ? HERDER_OK : herder_fail(err, HERDER_NOT_FOUND, "Connector %s not found", name);
}

static int fake_status(herder_t *h, const char *name, connector_state_info_t **out,
                       herder_error_t *err) {
    fake_herder_t *f = (fake_herder_t *)h;
    pthread_mutex_lock(&f->lock);
    fake_conn_t *c = fake_find(f, name);
    if (c) {
        connector_state_info_t *s = xcalloc(1, sizeof *s);
        s->name = xstrdup(c->name);
        fake_state(c, -1, &s->connector);
        s->tasks = xcalloc(1, sizeof *s->tasks);
        fake_state(c, 0, &s->tasks[0]);
        s->n_tasks = 1;
        s->type = fake_type(c);
        *out = s;
    }
    pthread_mutex_unlock(&f->lock);
    return c ? HERDER_OK
             : herder_fail(err, HERDER_NOT_FOUND, "No status found for connector %s", name);
}

static int fake_task_status(herder_t *h, const char *name, int task, instance_state_t **out,
                            herder_error_t *err) {
    fake_herder_t *f = (fake_herder_t *)h;
    pthread_mutex_lock(&f->lock);
    fake_conn_t *c = fake_find(f, name);
    if (c && task == 0) {
        *out = xcalloc(1, sizeof **out);
        fake_state(c, 0, *out);
    }
    pthread_mutex_unlock(&f->lock);
    return c && task == 0
               ? HERDER_OK
               : herder_fail(err, HERDER_NOT_FOUND, "No status found for task %s-%d", name, task);
}

static const char *fake_cluster_id(herder_t *h) {
    (void)h;
    return "YEl7_P41QeSJQPPJX7fhxw";
}
static const char *fake_worker_id(herder_t *h) {
    (void)h;
    return "127.0.0.1:18083";
}
static void fake_stop(herder_t *h) { (void)h; }
static void fake_destroy(herder_t *h) {
    fake_herder_t *f = (fake_herder_t *)h;
    for (size_t i = 0; i < f->n; i++) {
        free(f->conns[i].name);
        cd_props_destroy(f->conns[i].config);
    }
    pthread_mutex_destroy(&f->lock);
}

static const herder_ops_t fake_ops = {
    .connector_names = fake_names,
    .connector_info = fake_connector_info,
    .put_connector = fake_put,
    .delete_connector = fake_delete,
    .connector_status = fake_status,
    .task_status = fake_task_status,
    .kafka_cluster_id = fake_cluster_id,
    .worker_id = fake_worker_id,
    .stop = fake_stop,
    .destroy = fake_destroy,
};

/* ---- plugins: descriptors with do-nothing ops ---- */

static int p_start(void **st, const cd_config_t *c, cd_connector_context_t *x, cd_error_t *e) {
    (void)st, (void)c, (void)x, (void)e;
    return 0;
}
static int p_task_configs(void *st, int max, cd_task_configs_t *out, cd_error_t *e) {
    (void)st, (void)max, (void)out, (void)e;
    return 0;
}
static void p_stop(void *st) { (void)st; }
static int p_tstart(void **st, const cd_config_t *c, cd_task_context_t *x, cd_error_t *e) {
    (void)st, (void)c, (void)x, (void)e;
    return 0;
}
static int p_poll(void *st, cd_source_batch_t *b, cd_error_t *e) {
    (void)st, (void)b, (void)e;
    return 0;
}
static int p_put(void *st, const cd_record_t *const *r, size_t n, cd_error_t *e) {
    (void)st, (void)r, (void)n, (void)e;
    return 0;
}
static int p_configure(void **st, const cd_config_t *c, cd_error_t *e) {
    (void)st, (void)c, (void)e;
    return 0;
}
static int p_conv_configure(void **st, const cd_config_t *c, bool k, cd_error_t *e) {
    (void)st, (void)c, (void)k, (void)e;
    return 0;
}
static int p_from(void *st, const char *t, const cd_schema_t *s, const cd_value_t *v,
                  cd_buf_t *o, cd_error_t *e) {
    (void)st, (void)t, (void)s, (void)v, (void)o, (void)e;
    return 0;
}
static int p_to(void *st, const char *t, const void *d, size_t l, cd_arena_t *a,
                const cd_schema_t **s, const cd_value_t **v, cd_error_t *e) {
    (void)st, (void)t, (void)d, (void)l, (void)a, (void)s, (void)v, (void)e;
    return 0;
}
static int p_apply(void *st, const cd_record_t *in, cd_arena_t *a, const cd_record_t **o,
                   cd_error_t *e) {
    (void)st, (void)a, (void)e;
    *o = in;
    return 0;
}
static bool p_test(void *st, const cd_record_t *r) {
    (void)st, (void)r;
    return true;
}

static const cd_source_task_ops_t src_task = {CD_DESCRIPTOR_HEADER(cd_source_task_ops_t),
                                              .start = p_tstart, .poll = p_poll, .stop = p_stop};
static const cd_sink_task_ops_t sink_task = {CD_DESCRIPTOR_HEADER(cd_sink_task_ops_t),
                                             .start = p_tstart, .put = p_put, .stop = p_stop};
static const cd_connector_ops_t src_ops = {CD_DESCRIPTOR_HEADER(cd_connector_ops_t),
                                           .start = p_start, .task_configs = p_task_configs,
                                           .stop = p_stop, .source_task = &src_task};
static const cd_connector_ops_t sink_ops = {CD_DESCRIPTOR_HEADER(cd_connector_ops_t),
                                            .start = p_start, .task_configs = p_task_configs,
                                            .stop = p_stop, .sink_task = &sink_task};
static const cd_converter_ops_t conv_ops = {CD_DESCRIPTOR_HEADER(cd_converter_ops_t),
                                            .configure = p_conv_configure, .from_connect = p_from,
                                            .to_connect = p_to, .destroy = p_stop};
static const cd_transform_ops_t xf_ops = {CD_DESCRIPTOR_HEADER(cd_transform_ops_t),
                                          .configure = p_configure, .apply = p_apply,
                                          .destroy = p_stop};
static const cd_predicate_ops_t pred_ops = {CD_DESCRIPTOR_HEADER(cd_predicate_ops_t),
                                            .configure = p_configure, .test = p_test,
                                            .destroy = p_stop};

#define DESC(t, n, v, o) {CD_DESCRIPTOR_HEADER(cd_plugin_desc_t), .type = t, .name = n, .version = v, .ops = o}
/* Registered out of order on purpose: the listing sorts. */
static const cd_plugin_desc_t fake_plugins[] = {
    DESC(CD_PLUGIN_HEADER_CONVERTER, "org.apache.kafka.connect.json.JsonConverter", "4.3.1", &conv_ops),
    DESC(CD_PLUGIN_SOURCE, "org.apache.kafka.connect.file.FileStreamSourceConnector", "4.3.1", &src_ops),
    DESC(CD_PLUGIN_CONVERTER, "org.apache.kafka.connect.json.JsonConverter", "4.3.1", &conv_ops),
    DESC(CD_PLUGIN_PREDICATE, "org.apache.kafka.connect.transforms.predicates.HasHeaderKey", NULL, &pred_ops),
    DESC(CD_PLUGIN_TRANSFORMATION, "org.apache.kafka.connect.transforms.Filter", "4.3.1", &xf_ops),
    DESC(CD_PLUGIN_TRANSFORMATION, "org.apache.kafka.connect.transforms.Cast$Value", "4.3.1", &xf_ops),
    DESC(CD_PLUGIN_SINK, "org.apache.kafka.connect.file.FileStreamSinkConnector", "4.3.1", &sink_ops),
};

/* ---- fixture: one server per test on a free port ---- */

static fake_herder_t g_herder;
static plugin_registry_t *g_registry;
static rest_server_t *g_server;
static int g_port;

static void setup(void) {
    memset(&g_herder, 0, sizeof g_herder);
    g_herder.base.ops = &fake_ops;
    pthread_mutex_init(&g_herder.lock, NULL);
    g_registry = plugin_registry_new();
    char err[512];
    for (size_t i = 0; i < sizeof fake_plugins / sizeof fake_plugins[0]; i++)
        ck_assert_msg(plugin_registry_add(g_registry, &fake_plugins[i], "builtin", err,
                                          sizeof err) == 0, "%s", err);
    g_server = rest_server_new("http://127.0.0.1:0", &g_herder.base, g_registry, err, sizeof err);
    ck_assert_msg(g_server != NULL, "%s", err);
    g_port = rest_server_port(g_server);
    ck_assert_int_gt(g_port, 0);
}

static void teardown(void) {
    rest_server_destroy(g_server);
    herder_destroy(&g_herder.base);
    plugin_registry_destroy(g_registry);
}

/* ---- a tiny HTTP/1.1 client (Connection: close, read to EOF) ---- */

typedef struct http_resp {
    int status;
    char *head; /* status line and headers */
    char *body;
} http_resp_t;

static void http_resp_free(http_resp_t *r) {
    free(r->head);
    free(r->body);
}

static int connect_loopback(int port) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ck_assert_int_eq(connect(fd, (struct sockaddr *)&a, sizeof a), 0);
    return fd;
}

static void send_all(int fd, const char *data, size_t len) {
    while (len) {
        ssize_t n = send(fd, data, len, MSG_NOSIGNAL);
        if (n <= 0) return; /* the server may close early (413) */
        data += n, len -= (size_t)n;
    }
}

static http_resp_t read_response(int fd) {
    size_t cap = 4096, len = 0;
    char *raw = xmalloc(cap);
    ssize_t n;
    while ((n = recv(fd, raw + len, cap - len - 1, 0)) > 0) {
        len += (size_t)n;
        if (cap - len < 1024) raw = xrealloc(raw, cap *= 2);
    }
    raw[len] = '\0';
    close(fd);
    http_resp_t r = {0};
    char *sep = strstr(raw, "\r\n\r\n");
    ck_assert_msg(sep != NULL, "no complete response: '%s'", raw);
    r.head = xstrndup(raw, (size_t)(sep - raw) + 2);
    r.body = xstrdup(sep + 4);
    ck_assert_int_eq(sscanf(raw, "HTTP/1.1 %d", &r.status), 1);
    free(raw);
    return r;
}

/* extra: more header lines, each ending in \r\n. */
static http_resp_t http(const char *method, const char *target, const char *extra,
                        const char *body) {
    int fd = connect_loopback(g_port);
    char *req = xasprintf("%s %s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nConnection: close\r\n%s", method,
                          target, g_port, extra ? extra : "");
    send_all(fd, req, strlen(req));
    free(req);
    if (body) {
        char *cl = xasprintf("Content-Length: %zu\r\n\r\n", strlen(body));
        send_all(fd, cl, strlen(cl));
        free(cl);
        send_all(fd, body, strlen(body));
    } else {
        send_all(fd, "\r\n", 2);
    }
    return read_response(fd);
}

static http_resp_t post_json(const char *target, const char *body) {
    return http("POST", target, "Content-Type: application/json\r\n", body);
}

/* Value of a response header (case-insensitive name), or NULL; static. */
static const char *header(const http_resp_t *r, const char *name) {
    static char value[512];
    for (const char *p = strstr(r->head, "\r\n"); p && p[2]; p = strstr(p + 2, "\r\n")) {
        const char *line = p + 2;
        size_t nl = strlen(name);
        if (strncasecmp(line, name, nl) == 0 && line[nl] == ':') {
            const char *v = line + nl + 1;
            while (*v == ' ') v++;
            size_t vl = strcspn(v, "\r");
            snprintf(value, sizeof value, "%.*s", (int)vl, v);
            return value;
        }
    }
    return NULL;
}

#define EXPECT(r, code, text)                                                     \
    do {                                                                          \
        ck_assert_int_eq((r).status, (code));                                     \
        ck_assert_str_eq((r).body, (text));                                       \
    } while (0)

static const char SRC_BODY[] =
    "{\"name\":\"file-source\",\"config\":{\"connector.class\":\"FileStreamSource\","
    "\"tasks.max\":\"1\",\"file\":\"/tmp/demo/in.txt\",\"topic\":\"t1\"}}";
static const char SINK_BODY[] =
    "{\"name\":\"file-sink\",\"config\":{\"connector.class\":\"FileStreamSink\","
    "\"tasks.max\":\"1\",\"file\":\"/tmp/demo/out.txt\",\"topics\":\"t1\"}}";
static const char SRC_INFO[] = /* samples 06 and 18 */
    "{\"name\":\"file-source\",\"config\":{\"connector.class\":\"FileStreamSource\","
    "\"tasks.max\":\"1\",\"file\":\"/tmp/demo/in.txt\",\"topic\":\"t1\",\"name\":\"file-source\"},"
    "\"tasks\":[{\"connector\":\"file-source\",\"task\":0}],\"type\":\"source\"}";
static const char SINK_INFO[] = /* sample 07 */
    "{\"name\":\"file-sink\",\"config\":{\"connector.class\":\"FileStreamSink\","
    "\"tasks.max\":\"1\",\"file\":\"/tmp/demo/out.txt\",\"topics\":\"t1\",\"name\":\"file-sink\"},"
    "\"tasks\":[{\"connector\":\"file-sink\",\"task\":0}],\"type\":\"sink\"}";

static void create_both(void) {
    http_resp_t r = post_json("/connectors", SRC_BODY);
    EXPECT(r, 201, SRC_INFO);
    http_resp_free(&r);
    r = post_json("/connectors", SINK_BODY);
    EXPECT(r, 201, SINK_INFO);
    http_resp_free(&r);
}

/* ---- tests ---- */

START_TEST(test_root_and_health) {
    http_resp_t r = http("GET", "/", NULL, NULL);
    EXPECT(r, 200,
           "{\"version\":\"4.3.1\",\"commit\":\"connectd-0.1.0\","
           "\"kafka_cluster_id\":\"YEl7_P41QeSJQPPJX7fhxw\"}");
    ck_assert_str_eq(header(&r, "Content-Type"), "application/json");
    http_resp_free(&r);

    r = http("GET", "/health", NULL, NULL); /* sample 01 */
    EXPECT(r, 200,
           "{\"status\":\"healthy\",\"message\":\"Worker has completed startup and is ready to "
           "handle requests.\"}");
    http_resp_free(&r);
    rest_server_set_ready(g_server, false, "Reading the config topic.");
    r = http("GET", "/health", NULL, NULL);
    EXPECT(r, 503,
           "{\"status\":\"starting\",\"message\":\"Worker is still starting up. Reading the "
           "config topic.\"}");
    http_resp_free(&r);
    rest_server_set_ready(g_server, true, NULL);
    r = http("GET", "/health", NULL, NULL);
    ck_assert_int_eq(r.status, 200);
    http_resp_free(&r);
}
END_TEST

START_TEST(test_create_list_get) {
    http_resp_t r = http("GET", "/connectors", NULL, NULL); /* sample 05 */
    EXPECT(r, 200, "[]");
    http_resp_free(&r);

    r = post_json("/connectors", SRC_BODY); /* sample 06 */
    EXPECT(r, 201, SRC_INFO);
    char *loc = xasprintf("http://127.0.0.1:%d/connectors/file-source", g_port);
    ck_assert_str_eq(header(&r, "Location"), loc);
    ck_assert_str_eq(header(&r, "Content-Type"), "application/json");
    free(loc);
    http_resp_free(&r);
    ck_assert_int_eq(g_herder.conns[0].initial, TARGET_STARTED);

    r = post_json("/connectors", SINK_BODY); /* sample 07 */
    EXPECT(r, 201, SINK_INFO);
    http_resp_free(&r);

    r = http("GET", "/connectors", NULL, NULL); /* sample 14: creation order */
    EXPECT(r, 200, "[\"file-source\",\"file-sink\"]");
    http_resp_free(&r);
    r = http("GET", "/connectors/file-source", NULL, NULL); /* sample 18 */
    EXPECT(r, 200, SRC_INFO);
    http_resp_free(&r);
    r = http("GET", "/connectors/file-source/", NULL, NULL); /* trailing slash */
    EXPECT(r, 200, SRC_INFO);
    http_resp_free(&r);

    r = post_json("/connectors", SRC_BODY); /* sample 08 */
    EXPECT(r, 409, "{\"error_code\":409,\"message\":\"Connector file-source already exists\"}");
    http_resp_free(&r);
}
END_TEST

START_TEST(test_create_rules) {
    /* Sample 09: the config printed as Java prints the HashMap. */
    http_resp_t r = post_json("/connectors", "{\"name\":\"bad\",\"config\":{\"tasks.max\":\"1\"}}");
    EXPECT(r, 400,
           "{\"error_code\":400,\"message\":\"Connector config {name=bad, tasks.max=1} contains "
           "no connector type\"}");
    http_resp_free(&r);

    r = post_json("/connectors",
                  "{\"name\":\"a\",\"config\":{\"connector.class\":\"X\",\"name\":\"b\"}}");
    EXPECT(r, 400,
           "{\"error_code\":400,\"message\":\"Connector name configuration (b) doesn't match "
           "connector name in the URL (a)\"}");
    http_resp_free(&r);

    r = post_json("/connectors", "{\"name\":\"a\",\"config\":{\"connector.class\":\"X\"},"
                                 "\"initial_state\":\"SLEEPING\"}");
    ck_assert_int_eq(r.status, 400);
    ck_assert_ptr_nonnull(strstr(r.body, "SLEEPING"));
    http_resp_free(&r);

    r = post_json("/connectors", "{\"name\":\"a\",\"config\":{\"connector.class\":\"X\",\"k\":[1]}}");
    ck_assert_int_eq(r.status, 400);
    ck_assert_ptr_nonnull(strstr(r.body, "'k'"));
    http_resp_free(&r);

    r = post_json("/connectors", "[1,2]");
    ck_assert_int_eq(r.status, 400);
    http_resp_free(&r);
    ck_assert_int_eq(g_herder.puts, 0); /* none of these reached the herder */

    /* Name trimmed, numbers coerced to strings, initial_state in any case. */
    r = post_json("/connectors", "{\"name\":\"  paused \",\"config\":{\"connector.class\":"
                                 "\"FileStreamSink\",\"tasks.max\":2,\"x\":true},"
                                 "\"initial_state\":\"paused\"}");
    EXPECT(r, 201,
           "{\"name\":\"paused\",\"config\":{\"connector.class\":\"FileStreamSink\","
           "\"tasks.max\":\"2\",\"x\":\"true\",\"name\":\"paused\"},"
           "\"tasks\":[{\"connector\":\"paused\",\"task\":0}],\"type\":\"sink\"}");
    http_resp_free(&r);
    ck_assert_int_eq(g_herder.conns[0].initial, TARGET_PAUSED);

    r = post_json("/connectors", "{\"name\":\"stopped\",\"config\":{\"connector.class\":\"S\"},"
                                 "\"initial_state\":\"STOPPED\"}");
    ck_assert_int_eq(r.status, 201);
    http_resp_free(&r);
    ck_assert_int_eq(g_herder.conns[1].initial, TARGET_STOPPED);

    /* A name with a slash and a space: encoded in the path and in Location. */
    r = post_json("/connectors", "{\"name\":\"a/b c\",\"config\":{\"connector.class\":\"S\"}}");
    ck_assert_int_eq(r.status, 201);
    char *loc = xasprintf("http://127.0.0.1:%d/connectors/a/b%%20c", g_port);
    ck_assert_str_eq(header(&r, "Location"), loc);
    free(loc);
    http_resp_free(&r);
    r = http("GET", "/connectors/a%2Fb%20c", NULL, NULL);
    ck_assert_int_eq(r.status, 200);
    ck_assert_ptr_nonnull(strstr(r.body, "\"name\":\"a/b c\""));
    http_resp_free(&r);
}
END_TEST

START_TEST(test_media_type_and_json) {
    /* Sample 13. */
    http_resp_t r = http("POST", "/connectors", "Content-Type: text/plain\r\n", SRC_BODY);
    EXPECT(r, 415, "{\"error_code\":415,\"message\":\"HTTP 415 Unsupported Media Type\"}");
    http_resp_free(&r);
    r = http("POST", "/connectors", NULL, SRC_BODY); /* a body of no declared type */
    ck_assert_int_eq(r.status, 415);
    http_resp_free(&r);
    r = http("POST", "/connectors", "Content-Type: Application/JSON; charset=UTF-8\r\n", SRC_BODY);
    ck_assert_int_eq(r.status, 201);
    http_resp_free(&r);

    /* Sample 12 (Java answers 500; a malformed body is a 400). */
    r = post_json("/connectors", "{\"name\":");
    ck_assert_int_eq(r.status, 400);
    ck_assert_ptr_nonnull(strstr(r.body, "\"error_code\":400,\"message\":\"Malformed JSON"));
    http_resp_free(&r);
    r = post_json("/connectors", NULL);
    ck_assert_int_eq(r.status, 400);
    http_resp_free(&r);
}
END_TEST

START_TEST(test_body_limit) {
    static const char too_large[] =
        "{\"error_code\":413,\"message\":\"Request body is larger than the limit of 1048576 "
        "bytes\"}";
    /* Declared too large: refused before any of it is read. */
    http_resp_t r = http("POST", "/connectors",
                         "Content-Type: application/json\r\nContent-Length: 2000000\r\n", NULL);
    EXPECT(r, 413, too_large);
    http_resp_free(&r);

    /* Chunked past the limit: drained, then refused. */
    int fd = connect_loopback(g_port);
    char *head = xasprintf("POST /connectors HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                           "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n");
    send_all(fd, head, strlen(head));
    free(head);
    size_t chunk = 64 * 1024;
    char *data = xmalloc(chunk);
    memset(data, ' ', chunk);
    for (int i = 0; i < 18; i++) { /* 1.125 MiB */
        char size_line[32];
        snprintf(size_line, sizeof size_line, "%zx\r\n", chunk);
        send_all(fd, size_line, strlen(size_line));
        send_all(fd, data, chunk);
        send_all(fd, "\r\n", 2);
    }
    send_all(fd, "0\r\n\r\n", 5);
    free(data);
    r = read_response(fd);
    EXPECT(r, 413, too_large);
    http_resp_free(&r);

    /* Just under the limit is read (and then judged on its content). */
    size_t n = 1024 * 1024 - 16;
    char *big = xmalloc(n + 1);
    memset(big, ' ', n);
    memcpy(big, "[1]", 3);
    big[n] = '\0';
    r = post_json("/connectors", big);
    ck_assert_int_eq(r.status, 400);
    ck_assert_ptr_nonnull(strstr(r.body, "must be a JSON object"));
    http_resp_free(&r);
    free(big);
}
END_TEST

START_TEST(test_unknown_paths) {
    http_resp_t r = http("GET", "/nope", NULL, NULL); /* sample 56 */
    EXPECT(r, 404, "{\"error_code\":404,\"message\":\"HTTP 404 Not Found\"}");
    http_resp_free(&r);
    r = http("DELETE", "/connectors", NULL, NULL); /* sample 55 */
    EXPECT(r, 405, "{\"error_code\":405,\"message\":\"HTTP 405 Method Not Allowed\"}");
    http_resp_free(&r);
    r = http("PUT", "/", "Content-Type: application/json\r\n", "{}");
    ck_assert_int_eq(r.status, 405);
    http_resp_free(&r);
    /* 404/405 come before the media type check, as in Jersey. */
    r = http("POST", "/nope", "Content-Type: text/plain\r\n", "x");
    ck_assert_int_eq(r.status, 404);
    http_resp_free(&r);
}
END_TEST

START_TEST(test_status) {
    create_both();
    http_resp_t r = http("GET", "/connectors/file-source/status", NULL, NULL); /* sample 20 */
    EXPECT(r, 200,
           "{\"name\":\"file-source\",\"connector\":{\"state\":\"RUNNING\",\"worker_id\":"
           "\"127.0.0.1:18083\",\"version\":\"4.3.1\"},\"tasks\":[{\"id\":0,\"state\":\"RUNNING\","
           "\"worker_id\":\"127.0.0.1:18083\",\"version\":\"4.3.1\"}],\"type\":\"source\"}");
    http_resp_free(&r);
    r = http("GET", "/connectors/file-source/tasks/0/status", NULL, NULL); /* sample 23 */
    EXPECT(r, 200,
           "{\"id\":0,\"state\":\"RUNNING\",\"worker_id\":\"127.0.0.1:18083\",\"version\":"
           "\"4.3.1\"}");
    http_resp_free(&r);
    r = http("GET", "/connectors/file-source/tasks/7/status", NULL, NULL); /* sample 24 */
    EXPECT(r, 404, "{\"error_code\":404,\"message\":\"No status found for task file-source-7\"}");
    http_resp_free(&r);
    r = http("GET", "/connectors/file-source/tasks/abc/status", NULL, NULL);
    EXPECT(r, 404, "{\"error_code\":404,\"message\":\"No status found for task file-source-abc\"}");
    http_resp_free(&r);
    r = http("GET", "/connectors/nope/status", NULL, NULL);
    EXPECT(r, 404, "{\"error_code\":404,\"message\":\"No status found for connector nope\"}");
    http_resp_free(&r);

    /* A failed instance: trace after version (Jackson's creator order),
     * an unknown version written as null. */
    r = post_json("/connectors", "{\"name\":\"failing\",\"config\":{\"connector.class\":\"S\"}}");
    ck_assert_int_eq(r.status, 201);
    http_resp_free(&r);
    r = http("GET", "/connectors/failing/tasks/0/status", NULL, NULL);
    EXPECT(r, 200,
           "{\"id\":0,\"state\":\"FAILED\",\"worker_id\":\"127.0.0.1:18083\",\"version\":null,"
           "\"trace\":\"java.lang.RuntimeException: boom\\n\\tat X\"}");
    http_resp_free(&r);
}
END_TEST

START_TEST(test_expand) {
    create_both();
    /* Sample 17, HashMap order at both levels. */
    http_resp_t r = http("GET", "/connectors?expand=status&expand=info", NULL, NULL);
    EXPECT(r, 200,
           "{\"file-source\":{\"status\":{\"name\":\"file-source\",\"connector\":{\"state\":"
           "\"RUNNING\",\"worker_id\":\"127.0.0.1:18083\",\"version\":\"4.3.1\"},\"tasks\":[{\"id\":"
           "0,\"state\":\"RUNNING\",\"worker_id\":\"127.0.0.1:18083\",\"version\":\"4.3.1\"}],"
           "\"type\":\"source\"},\"info\":{\"name\":\"file-source\",\"config\":{\"connector.class\":"
           "\"FileStreamSource\",\"tasks.max\":\"1\",\"file\":\"/tmp/demo/in.txt\",\"topic\":\"t1\","
           "\"name\":\"file-source\"},\"tasks\":[{\"connector\":\"file-source\",\"task\":0}],"
           "\"type\":\"source\"}},\"file-sink\":{\"status\":{\"name\":\"file-sink\",\"connector\":{"
           "\"state\":\"RUNNING\",\"worker_id\":\"127.0.0.1:18083\",\"version\":\"4.3.1\"},"
           "\"tasks\":[{\"id\":0,\"state\":\"RUNNING\",\"worker_id\":\"127.0.0.1:18083\","
           "\"version\":\"4.3.1\"}],\"type\":\"sink\"},\"info\":{\"name\":\"file-sink\",\"config\":{"
           "\"connector.class\":\"FileStreamSink\",\"tasks.max\":\"1\",\"file\":"
           "\"/tmp/demo/out.txt\",\"topics\":\"t1\",\"name\":\"file-sink\"},\"tasks\":[{"
           "\"connector\":\"file-sink\",\"task\":0}],\"type\":\"sink\"}}}");
    http_resp_free(&r);
    /* Unknown expansions leave an empty object. */
    r = http("GET", "/connectors?expand=bogus", NULL, NULL);
    EXPECT(r, 200, "{\"file-source\":{},\"file-sink\":{}}");
    http_resp_free(&r);
}
END_TEST

START_TEST(test_delete) {
    create_both();
    http_resp_t r = http("DELETE", "/connectors/file-source", NULL, NULL); /* sample 52 */
    EXPECT(r, 204, "");
    ck_assert_ptr_null(header(&r, "Content-Type"));
    http_resp_free(&r);
    r = http("GET", "/connectors/file-source", NULL, NULL); /* sample 53 */
    EXPECT(r, 404, "{\"error_code\":404,\"message\":\"Connector file-source not found\"}");
    http_resp_free(&r);
    r = http("DELETE", "/connectors/nope", NULL, NULL); /* sample 54 */
    EXPECT(r, 404, "{\"error_code\":404,\"message\":\"Connector nope not found\"}");
    http_resp_free(&r);
    r = http("GET", "/connectors", NULL, NULL);
    EXPECT(r, 200, "[\"file-sink\"]");
    http_resp_free(&r);
}
END_TEST

START_TEST(test_plugins) {
    http_resp_t r = http("GET", "/connector-plugins", NULL, NULL); /* sample 02 */
    EXPECT(r, 200,
           "[{\"class\":\"org.apache.kafka.connect.file.FileStreamSinkConnector\",\"type\":"
           "\"sink\",\"version\":\"4.3.1\"},{\"class\":\"org.apache.kafka.connect.file."
           "FileStreamSourceConnector\",\"type\":\"source\",\"version\":\"4.3.1\"}]");
    http_resp_free(&r);
    /* Sample 03's order: sinks, sources, transforms, predicates,
     * converters, header converters; no version for an undefined one. */
    r = http("GET", "/connector-plugins?connectorsOnly=false", NULL, NULL);
    EXPECT(r, 200,
           "[{\"class\":\"org.apache.kafka.connect.file.FileStreamSinkConnector\",\"type\":"
           "\"sink\",\"version\":\"4.3.1\"},{\"class\":\"org.apache.kafka.connect.file."
           "FileStreamSourceConnector\",\"type\":\"source\",\"version\":\"4.3.1\"},{\"class\":"
           "\"org.apache.kafka.connect.transforms.Cast$Value\",\"type\":\"transformation\","
           "\"version\":\"4.3.1\"},{\"class\":\"org.apache.kafka.connect.transforms.Filter\","
           "\"type\":\"transformation\",\"version\":\"4.3.1\"},{\"class\":\"org.apache.kafka."
           "connect.transforms.predicates.HasHeaderKey\",\"type\":\"predicate\"},{\"class\":"
           "\"org.apache.kafka.connect.json.JsonConverter\",\"type\":\"converter\",\"version\":"
           "\"4.3.1\"},{\"class\":\"org.apache.kafka.connect.json.JsonConverter\",\"type\":"
           "\"header_converter\",\"version\":\"4.3.1\"}]");
    http_resp_free(&r);
}
END_TEST

START_TEST(test_listener_errors) {
    char err[512];
    ck_assert_ptr_null(rest_server_new("https://:8443", &g_herder.base, NULL, err, sizeof err));
    ck_assert_ptr_nonnull(strstr(err, "https://:8443"));
    /* The port the fixture holds cannot be bound twice. */
    char *url = xasprintf("http://127.0.0.1:0, http://127.0.0.1:%d", g_port);
    ck_assert_ptr_null(rest_server_new(url, &g_herder.base, NULL, err, sizeof err));
    ck_assert_ptr_nonnull(strstr(err, "cannot listen"));
    free(url);
    /* Two listeners on free ports both answer. */
    rest_server_t *two = rest_server_new("http://127.0.0.1:0,http://localhost:0", &g_herder.base,
                                         NULL, err, sizeof err);
    ck_assert_msg(two != NULL, "%s", err);
    ck_assert_uint_eq(rest_server_listener_count(two), 2);
    int saved = g_port;
    g_port = rest_server_port_at(two, 0);
    http_resp_t r = http("GET", "/connector-plugins", NULL, NULL); /* no registry: empty */
    EXPECT(r, 200, "[]");
    http_resp_free(&r);
    rest_server_destroy(two);
    /* An empty host listens on every interface, loopback included. */
    rest_server_t *any = rest_server_new("http://:0", &g_herder.base, NULL, err, sizeof err);
    ck_assert_msg(any != NULL, "%s", err);
    g_port = rest_server_port(any);
    r = http("GET", "/connectors", NULL, NULL);
    EXPECT(r, 200, "[]");
    http_resp_free(&r);
    g_port = saved;
    rest_server_destroy(any);
}
END_TEST

/* Shutdown must not wait for idle or half-sent requests to time out. */
START_TEST(test_shutdown_with_open_connections) {
    int idle = connect_loopback(g_port);
    int half = connect_loopback(g_port);
    send_all(half, "GET /connec", 11);
    /* A keep-alive connection that already had one answer. */
    int kept = connect_loopback(g_port);
    const char *req = "GET / HTTP/1.1\r\nHost: x\r\n\r\n";
    send_all(kept, req, strlen(req));
    char buf[512];
    ck_assert_int_gt(recv(kept, buf, sizeof buf, 0), 0);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    rest_server_destroy(g_server);
    g_server = NULL;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    ck_assert_msg(secs < 5.0, "shutdown took %.1f s", secs);
    close(idle);
    close(half);
    close(kept);
}
END_TEST

Suite *suite_rest_api(void); /* called by the generated runner */
Suite *suite_rest_api(void) {
    Suite *s = suite_create("rest_api");
    TCase *tc = tcase_create("http");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_root_and_health);
    tcase_add_test(tc, test_create_list_get);
    tcase_add_test(tc, test_create_rules);
    tcase_add_test(tc, test_media_type_and_json);
    tcase_add_test(tc, test_body_limit);
    tcase_add_test(tc, test_unknown_paths);
    tcase_add_test(tc, test_status);
    tcase_add_test(tc, test_expand);
    tcase_add_test(tc, test_delete);
    tcase_add_test(tc, test_plugins);
    tcase_add_test(tc, test_listener_errors);
    tcase_add_test(tc, test_shutdown_with_open_connections);
    suite_add_tcase(s, tc);
    return s;
}
