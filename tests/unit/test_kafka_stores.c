/* The internal-topic stores against a real broker (KAFKA_BOOTSTRAP):
 * topic creation and checks, two workers sharing the config, status and
 * offsets topics, the bytes they write, and the Java partitioner. */
#include <check.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "kafka/kafka_log.h"
#include "kafka_stores_helpers.h"
#include "store/config_store.h"
#include "store/offset_store.h"
#include "store/status_store.h"

static char run_id[64];

/* Unique per run and per test (tests may run in forked children, each
 * with its own counter); deleted after the test. */
static char made[16][128];
static int n_made;

static void topic_name(char *out, size_t len, const char *what) {
    static int seq;
    snprintf(out, len, "cd-test-%s-%s-%d", what, run_id, ++seq);
    if (n_made < 16) snprintf(made[n_made++], sizeof made[0], "%s", out);
}

static void drop_topics(void) {
    delete_topics(made, n_made);
    n_made = 0;
}

static kafka_log_config_t log_cfg(const char *topic, const char *prop, const char *purpose,
                                  int partitions) {
    return (kafka_log_config_t){.topic = topic,
                                .topic_property = prop,
                                .purpose = purpose,
                                .partitions = partitions,
                                .replication_factor = 1,
                                .bootstrap = bootstrap,
                                .client_id = "connect-test-stores"};
}

/* ---- tests -------------------------------------------------------------- */

START_TEST(creates_compacted_topic) {
    char topic[128], err[1024];
    topic_name(topic, sizeof topic, "created");
    cd_props_t *extra = cd_props_new();
    cd_props_set(extra, "min.compaction.lag.ms", "1234");
    cd_props_set(extra, "cleanup.policy", "delete"); /* ignored: always compact */
    kafka_log_config_t cfg =
        log_cfg(topic, "status.storage.topic", "connector and task statuses", 3);
    cfg.topic_configs = extra;
    kafka_log_t *l = kafka_log_new(&cfg, NULL, NULL, err, sizeof err);
    ck_assert_msg(l != NULL, "%s", err);
    ck_assert_int_eq(kafka_log_partitions(l), 3);
    kafka_log_destroy(l);
    cd_props_destroy(extra);
    char *v = topic_config(topic, "cleanup.policy");
    ck_assert_str_eq(v, "compact");
    free(v);
    v = topic_config(topic, "min.compaction.lag.ms");
    ck_assert_str_eq(v, "1234");
    free(v);
}
END_TEST

START_TEST(refuses_non_compacted_topic) {
    char topic[128], err[1024], want[1024];
    topic_name(topic, sizeof topic, "offsets-delete");
    create_topic(topic, 2, "delete");
    kafka_log_config_t cfg = log_cfg(topic, "offset.storage.topic", "source connector offsets", 2);
    err[0] = '\0';
    ck_assert_ptr_null(kafka_log_new(&cfg, NULL, NULL, err, sizeof err));
    snprintf(want, sizeof want,
             "Topic '%s' supplied via the 'offset.storage.topic' property is required to have "
             "'cleanup.policy=compact' to guarantee consistency and durability of source "
             "connector offsets, but found the topic currently has 'cleanup.policy=delete'. "
             "Continuing would likely result in eventually losing source connector offsets and "
             "problems restarting this Connect cluster in the future. Change the "
             "'offset.storage.topic' property in the Connect worker configurations to use a "
             "topic with 'cleanup.policy=compact'.",
             topic);
    ck_assert_str_eq(err, want);

    topic_name(topic, sizeof topic, "status-both");
    create_topic(topic, 1, "compact,delete");
    cfg = log_cfg(topic, "status.storage.topic", "connector and task statuses", 1);
    ck_assert_ptr_null(kafka_log_new(&cfg, NULL, NULL, err, sizeof err));
    ck_assert_msg(strstr(err, "found the topic currently has 'cleanup.policy=compact,delete'"),
                  "%s", err);
}
END_TEST

START_TEST(config_topic_needs_one_partition) {
    char topic[128], err[1024], want[512];
    topic_name(topic, sizeof topic, "configs-two");
    create_topic(topic, 2, "compact");
    kafka_log_config_t cfg = log_cfg(topic, "config.storage.topic", "connector configurations", 1);
    config_store_t *s = config_store_new(&cfg, NULL, err, sizeof err);
    ck_assert_ptr_nonnull(s);
    ck_assert_int_eq(config_store_start(s, 30000, err, sizeof err), -1);
    snprintf(want, sizeof want,
             "Topic '%s' supplied via the 'config.storage.topic' property is required to have a "
             "single partition in order to guarantee consistency of connector configurations, "
             "but found 2 partitions.",
             topic);
    ck_assert_str_eq(err, want);
    config_store_destroy(s);
}
END_TEST

typedef struct events {
    pthread_mutex_t lock;
    int connector, removed, tasks, target, restart, logger;
    char last[128];
    bool include_tasks, only_failed;
} events_t;

static void ev_connector(void *o, const char *name, bool removed) {
    events_t *e = o;
    pthread_mutex_lock(&e->lock);
    e->connector++;
    e->removed += removed;
    snprintf(e->last, sizeof e->last, "%s", name);
    pthread_mutex_unlock(&e->lock);
}
static void ev_tasks(void *o, const char *name) {
    events_t *e = o;
    pthread_mutex_lock(&e->lock);
    e->tasks++;
    snprintf(e->last, sizeof e->last, "%s", name);
    pthread_mutex_unlock(&e->lock);
}
static void ev_target(void *o, const char *name) {
    events_t *e = o;
    pthread_mutex_lock(&e->lock);
    e->target++;
    snprintf(e->last, sizeof e->last, "%s", name);
    pthread_mutex_unlock(&e->lock);
}
static void ev_restart(void *o, const char *name, bool include_tasks, bool only_failed) {
    events_t *e = o;
    pthread_mutex_lock(&e->lock);
    e->restart++;
    e->include_tasks = include_tasks;
    e->only_failed = only_failed;
    snprintf(e->last, sizeof e->last, "%s", name);
    pthread_mutex_unlock(&e->lock);
}
static void ev_logger(void *o, const char *ns, const char *level) {
    events_t *e = o;
    pthread_mutex_lock(&e->lock);
    e->logger++;
    snprintf(e->last, sizeof e->last, "%s=%s", ns, level);
    pthread_mutex_unlock(&e->lock);
}

/* Wait up to 15 s for *counter to reach want. */
static bool wait_count(events_t *e, const int *counter, int want) {
    for (int i = 0; i < 150; i++) {
        pthread_mutex_lock(&e->lock);
        int v = *counter;
        pthread_mutex_unlock(&e->lock);
        if (v >= want) return true;
        usleep(100 * 1000);
    }
    return false;
}

static double now_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

START_TEST(config_store_shared_by_two_workers) {
    char topic[128], err[1024];
    topic_name(topic, sizeof topic, "configs");
    kafka_log_config_t cfg = log_cfg(topic, "config.storage.topic", "connector configurations", 1);
    config_store_t *a = config_store_new(&cfg, NULL, err, sizeof err);
    ck_assert_int_eq(config_store_start(a, 30000, err, sizeof err), 0);
    ck_assert_int_eq(config_store_offset(a), -1);

    cd_props_t *conf = cd_props_new();
    cd_props_set(conf, "connector.class", "FileStreamSource");
    cd_props_set(conf, "tasks.max", "2");
    cd_props_set(conf, "name", "my-conn-1");
    target_state_t paused = TARGET_PAUSED;
    ck_assert_int_eq(config_store_put_connector(a, "my-conn-1", conf, &paused, err, sizeof err), 0);
    cd_props_t *t0 = cd_props_clone(conf), *t1 = cd_props_clone(conf);
    cd_props_set(t0, "task.id", "0");
    cd_props_set(t1, "task.id", "1");
    cd_props_t *tasks[2] = {t0, t1};
    ck_assert_int_eq(config_store_put_task_configs(a, "my-conn-1", tasks, 2, err, sizeof err), 0);
    /* Written and read back: visible to the writer at once. */
    config_snapshot_t *sa = config_store_snapshot(a);
    const config_connector_t *c = config_snapshot_find(sa, "my-conn-1");
    ck_assert_ptr_nonnull(c);
    ck_assert_int_eq(c->n_tasks, 2);
    ck_assert_int_eq(c->target, TARGET_PAUSED);
    ck_assert_int_eq(sa->offset, 5); /* target-state, connector, 2 tasks, commit */
    config_snapshot_destroy(sa);
    ck_assert_int_eq(config_store_put_target_state(a, "my-conn-1", TARGET_STOPPED, err, sizeof err), 0);
    ck_assert_int_eq(config_store_refresh(a, 10000), 0);

    events_t ev = {0};
    pthread_mutex_init(&ev.lock, NULL);
    config_store_listener_t listener = {.opaque = &ev,
                                        .connector_config = ev_connector,
                                        .task_configs = ev_tasks,
                                        .target_state = ev_target,
                                        .restart_request = ev_restart,
                                        .logger_level = ev_logger};
    config_store_t *b = config_store_new(&cfg, &listener, err, sizeof err);
    ck_assert_int_eq(config_store_start(b, 30000, err, sizeof err), 0);
    ck_assert_int_eq(ev.connector + ev.tasks + ev.target, 0); /* history: no callbacks */
    config_snapshot_t *sb = config_store_snapshot(b);
    sa = config_store_snapshot(a);
    ck_assert_int_eq(sb->offset, sa->offset);
    ck_assert_uint_eq(sb->n, 1);
    c = config_snapshot_find(sb, "my-conn-1");
    ck_assert_int_eq(c->target, TARGET_STOPPED);
    ck_assert_int_eq(c->n_tasks, 2);
    ck_assert_str_eq(cd_props_get(c->task_configs[1], "task.id"), "1");
    ck_assert_str_eq(cd_props_key_at(c->config, 2), "name");
    ck_assert_int_eq(config_snapshot_find(sa, "my-conn-1")->target, TARGET_STOPPED);
    config_snapshot_destroy(sa);
    config_snapshot_destroy(sb);

    /* Later writes by a reach b's listener. */
    ck_assert_int_eq(config_store_put_connector(a, "other", conf, NULL, err, sizeof err), 0);
    ck_assert(wait_count(&ev, &ev.connector, 1));
    ck_assert_str_eq(ev.last, "other");
    ck_assert_int_eq(config_store_put_restart_request(a, "other", true, false, err, sizeof err), 0);
    ck_assert(wait_count(&ev, &ev.restart, 1));
    ck_assert(ev.include_tasks && !ev.only_failed);
    ck_assert_int_eq(config_store_put_logger_level(a, "org.apache.kafka", "DEBUG", err, sizeof err), 0);
    ck_assert(wait_count(&ev, &ev.logger, 1));
    ck_assert_str_eq(ev.last, "org.apache.kafka=DEBUG");
    ck_assert_int_eq(config_store_put_session_key(a, "a2V5", "HmacSHA256", 1700000000000LL, err,
                                                  sizeof err),
                     0);
    ck_assert_int_eq(config_store_remove_connector(a, "other", err, sizeof err), 0);
    ck_assert(wait_count(&ev, &ev.removed, 1));
    ck_assert_int_eq(config_store_refresh(b, 10000), 0);
    sb = config_store_snapshot(b);
    ck_assert_uint_eq(sb->n, 1);
    ck_assert_str_eq(sb->session_key, "a2V5");
    config_snapshot_destroy(sb);

    /* The bytes on the topic are the Java worker's. */
    seen_t *seen = seen_new();
    kafka_log_t *raw = kafka_log_new(&cfg, collect, seen, err, sizeof err);
    ck_assert_int_eq(kafka_log_start(raw, 30000, err, sizeof err), 0);
    ck_assert_str_eq(last_value(seen, "target-state-my-conn-1", NULL),
                     "{\"state\":\"PAUSED\",\"state.v2\":\"STOPPED\"}");
    ck_assert_str_eq(seen->keys[0], "target-state-my-conn-1"); /* initial state first */
    ck_assert_str_eq(last_value(seen, "commit-my-conn-1", NULL), "{\"tasks\":2}");
    ck_assert_str_eq(last_value(seen, "connector-my-conn-1", NULL),
                     "{\"properties\":{\"connector.class\":\"FileStreamSource\",\"tasks.max\":"
                     "\"2\",\"name\":\"my-conn-1\"}}");
    ck_assert_str_eq(last_value(seen, "restart-connector-other", NULL),
                     "{\"include-tasks\":true,\"only-failed\":false}");
    ck_assert_str_eq(last_value(seen, "logger-cluster-org.apache.kafka", NULL), "{\"level\":\"DEBUG\"}");
    ck_assert_str_eq(last_value(seen, "session-key", NULL),
                     "{\"key\":\"a2V5\",\"algorithm\":\"HmacSHA256\",\"creation-timestamp\":"
                     "1700000000000}");
    ck_assert_str_eq(last_value(seen, "connector-other", NULL), "NULL");
    ck_assert_str_eq(last_value(seen, "target-state-other", NULL), "NULL");
    kafka_log_destroy(raw);
    seen_free(seen);

    double t = now_s();
    config_store_destroy(b);
    config_store_destroy(a);
    ck_assert_msg(now_s() - t < 3.0, "destroy took %.1f s", now_s() - t);
    cd_props_destroy(conf);
    cd_props_destroy(t0);
    cd_props_destroy(t1);
    pthread_mutex_destroy(&ev.lock);
}
END_TEST

START_TEST(status_store_shared_by_two_workers) {
    char topic[128], err[1024];
    topic_name(topic, sizeof topic, "status");
    kafka_log_config_t cfg = log_cfg(topic, "status.storage.topic", "connector and task statuses", 5);
    status_store_t *a = status_store_new(&cfg, err, sizeof err);
    ck_assert_int_eq(status_store_start(a, 30000, err, sizeof err), 0);
    status_entry_t running = {.state = "RUNNING", .worker_id = "10.0.0.1:8083", .generation = 5,
                              .version = "4.3.1"};
    ck_assert_int_eq(status_store_put(a, "my-conn", -1, &running, false), 0);
    ck_assert_int_eq(status_store_put(a, "my-conn", 0, &running, false), 0);
    ck_assert_int_eq(status_store_put(a, "my-conn", 3, &running, false), 0);
    status_entry_t got;
    ck_assert_int_eq(status_store_get(a, "my-conn", 0, &got), 0); /* read back */
    ck_assert_str_eq(got.state, "RUNNING");
    status_entry_clear(&got);
    ck_assert_int_eq(status_store_put_topic(a, "my-conn", "t-b", 0, 1700000000000LL), 0);
    ck_assert_int_eq(status_store_put_topic(a, "my-conn", "t-a", 0, 1700000000001LL), 0);

    status_store_t *b = status_store_new(&cfg, err, sizeof err);
    ck_assert_int_eq(status_store_start(b, 30000, err, sizeof err), 0);
    ck_assert_int_eq(status_store_get(b, "my-conn", -1, &got), 0);
    ck_assert_str_eq(got.state, "RUNNING");
    ck_assert_str_eq(got.worker_id, "10.0.0.1:8083");
    ck_assert_int_eq(got.generation, 5);
    ck_assert_str_eq(got.version, "4.3.1");
    ck_assert_ptr_null(got.trace);
    status_entry_clear(&got);
    char **topics;
    size_t n;
    status_store_topics(b, "my-conn", &topics, &n);
    ck_assert_uint_eq(n, 2);
    ck_assert_str_eq(topics[0], "t-a");
    ck_assert_str_eq(topics[1], "t-b");
    for (size_t i = 0; i < n; i++) free(topics[i]);
    free(topics);

    /* A safe write by another worker of an older generation is skipped. */
    status_entry_t stale = {.state = "UNASSIGNED", .worker_id = "10.0.0.2:8083", .generation = 4};
    ck_assert_int_eq(status_store_put(b, "my-conn", -1, &stale, true), 0);
    ck_assert_int_eq(status_store_get(b, "my-conn", -1, &got), 0);
    ck_assert_str_eq(got.state, "RUNNING");
    status_entry_clear(&got);
    status_entry_t failed = {.state = "FAILED", .trace = "boom\n\tat x", .worker_id = "10.0.0.2:8083",
                             .generation = 6};
    ck_assert_int_eq(status_store_put(b, "my-conn", 0, &failed, true), 0);
    ck_assert_int_eq(status_store_get(b, "my-conn", 0, &got), 0);
    ck_assert_str_eq(got.state, "FAILED");
    ck_assert_str_eq(got.trace, "boom\n\tat x");
    status_entry_clear(&got);

    /* Delete: tombstones for the connector, tasks 0..n-1 and task 3. */
    ck_assert_int_eq(status_store_delete(b, "my-conn", 1), 0);
    ck_assert_int_eq(status_store_get(b, "my-conn", -1, &got), -1);
    ck_assert_int_eq(status_store_get(b, "my-conn", 3, &got), -1);
    ck_assert_int_eq(status_store_reset_topics(b, "my-conn"), 0);
    status_store_topics(b, "my-conn", &topics, &n);
    ck_assert_uint_eq(n, 0);
    free(topics);
    bool gone = false;
    for (int i = 0; i < 100 && !gone; i++) {
        gone = status_store_get(a, "my-conn", 0, &got) == -1;
        if (!gone) {
            status_entry_clear(&got);
            usleep(100 * 1000);
        }
    }
    ck_assert(gone);
    status_store_destroy(b);
    status_store_destroy(a);
}
END_TEST

START_TEST(offset_store_kafka_roundtrip) {
    char topic[128], err[1024];
    topic_name(topic, sizeof topic, "offsets");
    kafka_log_config_t cfg = log_cfg(topic, "offset.storage.topic", "source connector offsets", 25);
    offset_store_t *a = offset_store_kafka_new(&cfg, 30000, err, sizeof err);
    ck_assert_msg(a != NULL, "%s", err);
    const char *k1 = "[\"file-source\",{\"filename\":\"/tmp/work-distributed/work/in.txt\"}]";
    const char *k2 = "[\"file-source-2\",{\"filename\":\"/tmp/work-distributed/work/in.txt\"}]";
    offset_entry_t e[2] = {{k1, "{\"position\":21}"}, {k2, "{\"position\":7}"}};
    ck_assert_int_eq(offset_store_put(a, e, 2, err, sizeof err), 0);

    offset_store_t *b = offset_store_kafka_new(&cfg, 30000, err, sizeof err);
    ck_assert_ptr_nonnull(b);
    char *v;
    offset_store_get(b, k1, &v);
    ck_assert_str_eq(v, "{\"position\":21}");
    free(v);
    char **keys, **values;
    size_t n;
    offset_store_list(b, &keys, &values, &n);
    ck_assert_uint_eq(n, 2);
    offset_store_list_free(keys, values, n);

    offset_entry_t del = {k1, NULL};
    ck_assert_int_eq(offset_store_put(a, &del, 1, err, sizeof err), 0);
    offset_store_get(b, k1, &v); /* get reads to the end first */
    ck_assert_ptr_null(v);
    offset_store_get(b, k2, &v);
    ck_assert_str_eq(v, "{\"position\":7}");
    free(v);
    offset_store_destroy(b);
    offset_store_destroy(a);

    /* Where the records went: the partition Kafka's Java producer picks
     * (murmur2 of the key bytes mod 25); a key written twice stays put. */
    seen_t *seen = seen_new();
    kafka_log_t *raw = kafka_log_new(&cfg, collect, seen, err, sizeof err);
    ck_assert_int_eq(kafka_log_start(raw, 30000, err, sizeof err), 0);
    ck_assert_int_eq(seen->n, 3);
    int p = -1;
    ck_assert_str_eq(last_value(seen, k2, &p), "{\"position\":7}");
    ck_assert_int_eq(p, java_partition(k2, 25));
    ck_assert_str_eq(last_value(seen, k1, &p), "NULL");
    ck_assert_int_eq(p, java_partition(k1, 25));
    int k1_records = 0;
    for (int i = 0; i < seen->n; i++)
        if (strcmp(seen->keys[i], k1) == 0) {
            ck_assert_int_eq(seen->partitions[i], p);
            k1_records++;
        }
    ck_assert_int_eq(k1_records, 2);
    ck_assert_int_ne(java_partition(k1, 25), java_partition(k2, 25));
    kafka_log_destroy(raw);
    seen_free(seen);
}
END_TEST

typedef struct writer {
    offset_store_t *store;
    int id;
    int failures;
} writer_t;

static void *write_offsets(void *arg) {
    writer_t *w = arg;
    for (int i = 0; i < 25; i++) {
        char key[64], value[32], err[256];
        snprintf(key, sizeof key, "[\"conn-%d\",{\"n\":%d}]", w->id, i);
        snprintf(value, sizeof value, "{\"position\":%d}", i);
        offset_entry_t e = {key, value};
        if (offset_store_put(w->store, &e, 1, err, sizeof err) != 0) w->failures++;
        if (i % 5 == 0) { /* readers interleave with writers */
            char *v = NULL;
            offset_store_get(w->store, key, &v);
            if (!v || strcmp(v, value) != 0) w->failures++;
            free(v);
        }
    }
    return NULL;
}

/* Sends from several threads share one producer: every one of them gets
 * its acknowledgement, and every record is read back. */
START_TEST(concurrent_writers) {
    char topic[128], err[1024];
    topic_name(topic, sizeof topic, "offsets-mt");
    kafka_log_config_t cfg = log_cfg(topic, "offset.storage.topic", "source connector offsets", 4);
    offset_store_t *a = offset_store_kafka_new(&cfg, 30000, err, sizeof err);
    ck_assert_ptr_nonnull(a);
    pthread_t threads[4];
    writer_t w[4];
    for (int i = 0; i < 4; i++) {
        w[i] = (writer_t){.store = a, .id = i};
        pthread_create(&threads[i], NULL, write_offsets, &w[i]);
    }
    for (int i = 0; i < 4; i++) {
        pthread_join(threads[i], NULL);
        ck_assert_int_eq(w[i].failures, 0);
    }
    char **keys, **values;
    size_t n;
    offset_store_list(a, &keys, &values, &n);
    ck_assert_uint_eq(n, 100);
    offset_store_list_free(keys, values, n);
    offset_store_t *b = offset_store_kafka_new(&cfg, 30000, err, sizeof err);
    offset_store_list(b, &keys, &values, &n);
    ck_assert_uint_eq(n, 100);
    offset_store_list_free(keys, values, n);
    offset_store_destroy(b);
    offset_store_destroy(a);
}
END_TEST

START_TEST(status_keys_land_where_java_puts_them) {
    char topic[128], err[1024];
    topic_name(topic, sizeof topic, "status-part");
    kafka_log_config_t cfg = log_cfg(topic, "status.storage.topic", "connector and task statuses", 5);
    seen_t *seen = seen_new();
    kafka_log_t *l = kafka_log_new(&cfg, collect, seen, err, sizeof err);
    ck_assert_int_eq(kafka_log_start(l, 30000, err, sizeof err), 0);
    /* From the Java worker's status topic dump (5 partitions). */
    const char *keys[] = {"status-connector-file-source", "status-connector-file-sink",
                          "status-topic-t1:connector-file-sink", "status-task-file-source-0",
                          "status-topic-t1:connector-file-source"};
    const char *values[] = {"{}", "{}", "{}", "{}", "{}"};
    ck_assert_int_eq(kafka_log_send(l, keys, NULL, values, NULL, 5, err, sizeof err), 0);
    ck_assert_int_eq(kafka_log_read_to_end(l, 10000), 0);
    for (int i = 0; i < 5; i++) {
        int p = -1;
        ck_assert_ptr_nonnull(last_value(seen, keys[i], &p));
        ck_assert_msg(p == i, "%s in partition %d, Java puts it in %d", keys[i], p, i);
        ck_assert_int_eq(java_partition(keys[i], 5), i); /* the port agrees with Java */
    }
    kafka_log_destroy(l);
    seen_free(seen);
}
END_TEST

START_TEST(needs_a_broker) {
    fprintf(stderr, "suite kafka_stores: KAFKA_BOOTSTRAP is not set; these tests need a Kafka "
                    "broker (tests/services/kafka start)\n");
}
END_TEST

Suite *suite_kafka_stores(void);
Suite *suite_kafka_stores(void) {
    Suite *s = suite_create("kafka_stores");
    TCase *tc = tcase_create("broker");
    tcase_set_timeout(tc, 180);
    bootstrap = getenv("KAFKA_BOOTSTRAP");
    if (!bootstrap || !*bootstrap) {
        tcase_add_test(tc, needs_a_broker);
    } else {
        snprintf(run_id, sizeof run_id, "%ld-%d", (long)time(NULL), (int)getpid());
        tcase_add_checked_fixture(tc, NULL, drop_topics);
        tcase_add_test(tc, creates_compacted_topic);
        tcase_add_test(tc, refuses_non_compacted_topic);
        tcase_add_test(tc, config_topic_needs_one_partition);
        tcase_add_test(tc, config_store_shared_by_two_workers);
        tcase_add_test(tc, status_store_shared_by_two_workers);
        tcase_add_test(tc, offset_store_kafka_roundtrip);
        tcase_add_test(tc, status_keys_land_where_java_puts_them);
        tcase_add_test(tc, concurrent_writers);
    }
    suite_add_tcase(s, tc);
    return s;
}
