/* Status topic records: a Java worker's status topic replayed, the
 * UNASSIGNED-after-RUNNING rule, safe writes and byte-identical values. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/status_records.h"

/* A dump of the status topic written by Kafka 4.3.1's worker
 * (`p<partition>@<offset> <key> => <value>`, NULL = tombstone), partition
 * by partition: the order within each key is the topic's. */
static const char *const SAMPLE[] = {
    "p0@0 status-connector-file-source => {\"state\":\"RUNNING\",\"trace\":null,\"worker_id\":\"127.0.0.1:18084\",\"generation\":2,\"version\":\"4.3.1\"}",
    "p0@1 status-task-file-sink-0 => {\"state\":\"RUNNING\",\"trace\":null,\"worker_id\":\"127.0.0.1:18084\",\"generation\":5,\"version\":\"4.3.1\"}",
    "p0@2 status-connector-file-source => {\"state\":\"PAUSED\",\"trace\":null,\"worker_id\":\"127.0.0.1:18084\",\"generation\":5,\"version\":\"4.3.1\"}",
    "p0@3 status-connector-file-source => {\"state\":\"RUNNING\",\"trace\":null,\"worker_id\":\"127.0.0.1:18084\",\"generation\":5,\"version\":\"4.3.1\"}",
    "p0@4 status-connector-file-source => {\"state\":\"UNASSIGNED\",\"trace\":null,\"worker_id\":\"127.0.0.1:18084\",\"generation\":5,\"version\":null}",
    "p0@5 status-connector-file-source => {\"state\":\"RESTARTING\",\"trace\":null,\"worker_id\":\"127.0.0.1:18084\",\"generation\":5,\"version\":null}",
    "p0@6 status-connector-file-source => {\"state\":\"RUNNING\",\"trace\":null,\"worker_id\":\"127.0.0.1:18084\",\"generation\":5,\"version\":\"4.3.1\"}",
    "p0@7 status-connector-file-source => {\"state\":\"UNASSIGNED\",\"trace\":null,\"worker_id\":\"127.0.0.1:18084\",\"generation\":5,\"version\":null}",
    "p0@8 status-connector-file-source => {\"state\":\"RUNNING\",\"trace\":null,\"worker_id\":\"127.0.0.1:18084\",\"generation\":5,\"version\":\"4.3.1\"}",
    "p0@9 status-connector-file-source => {\"state\":\"UNASSIGNED\",\"trace\":null,\"worker_id\":\"127.0.0.1:18084\",\"generation\":5,\"version\":null}",
    "p0@10 status-connector-file-source => {\"state\":\"RUNNING\",\"trace\":null,\"worker_id\":\"127.0.0.1:18084\",\"generation\":5,\"version\":\"4.3.1\"}",
    "p0@11 status-connector-file-source => {\"state\":\"STOPPED\",\"trace\":null,\"worker_id\":\"127.0.0.1:18084\",\"generation\":8,\"version\":\"4.3.1\"}",
    "p0@12 status-connector-file-source => {\"state\":\"UNASSIGNED\",\"trace\":null,\"worker_id\":\"127.0.0.1:18084\",\"generation\":10,\"version\":null}",
    "p0@13 status-connector-file-source => NULL",
    "p0@14 status-connector-file-source => NULL",
    "p0@15 status-task-file-sink-0 => {\"state\":\"UNASSIGNED\",\"trace\":null,\"worker_id\":\"127.0.0.1:18084\",\"generation\":12,\"version\":null}",
    "p0@16 status-task-file-sink-0 => NULL",
    "p0@17 status-task-file-sink-0 => NULL",
    "p0@18 status-task-file-sink-0 => NULL",
    "p0@19 status-task-file-sink-0 => NULL",
    "p1@0 status-connector-file-sink => {\"state\":\"RUNNING\",\"trace\":null,\"worker_id\":\"127.0.0.1:18084\",\"generation\":4,\"version\":\"4.3.1\"}",
    "p1@1 status-connector-file-sink => {\"state\":\"UNASSIGNED\",\"trace\":null,\"worker_id\":\"127.0.0.1:18084\",\"generation\":12,\"version\":null}",
    "p1@2 status-connector-file-sink => NULL",
    "p1@3 status-connector-file-sink => NULL",
    "p2@0 status-topic-t1:connector-file-sink => {\"topic\":{\"name\":\"t1\",\"connector\":\"file-sink\",\"task\":0,\"discoverTimestamp\":1795608783373}}",
    "p2@1 status-topic-t1:connector-file-sink => {\"topic\":{\"name\":\"t1\",\"connector\":\"file-sink\",\"task\":0,\"discoverTimestamp\":1795608783374}}",
    "p2@2 status-topic-t1:connector-file-sink => {\"topic\":{\"name\":\"t1\",\"connector\":\"file-sink\",\"task\":0,\"discoverTimestamp\":1795608783374}}",
    "p2@3 status-topic-t2:connector-file-source-2 => {\"topic\":{\"name\":\"t2\",\"connector\":\"file-source-2\",\"task\":0,\"discoverTimestamp\":1795608787913}}",
    "p2@4 status-topic-t2:connector-file-source-2 => {\"topic\":{\"name\":\"t2\",\"connector\":\"file-source-2\",\"task\":0,\"discoverTimestamp\":1795608787918}}",
    "p2@5 status-topic-t2:connector-file-source-2 => {\"topic\":{\"name\":\"t2\",\"connector\":\"file-source-2\",\"task\":0,\"discoverTimestamp\":1795608787919}}",
    "p2@6 status-topic-t1:connector-file-sink => NULL",
    "p2@7 status-topic-t1:connector-file-sink => NULL",
    "p2@8 status-topic-t2:connector-file-source-2 => NULL",
    "p2@9 status-topic-t2:connector-file-source-2 => NULL",
    "p3@0 status-task-file-source-0 => {\"state\":\"RUNNING\",\"trace\":null,\"worker_id\":\"127.0.0.1:18084\",\"generation\":3,\"version\":\"4.3.1\"}",
    "p3@1 status-task-file-source-0 => {\"state\":\"PAUSED\",\"trace\":null,\"worker_id\":\"127.0.0.1:18084\",\"generation\":5,\"version\":\"4.3.1\"}",
    "p3@2 status-task-file-source-0 => {\"state\":\"RUNNING\",\"trace\":null,\"worker_id\":\"127.0.0.1:18084\",\"generation\":5,\"version\":\"4.3.1\"}",
    "p3@3 status-task-file-source-0 => {\"state\":\"UNASSIGNED\",\"trace\":null,\"worker_id\":\"127.0.0.1:18084\",\"generation\":5,\"version\":null}",
    "p3@4 status-task-file-source-0 => {\"state\":\"RESTARTING\",\"trace\":null,\"worker_id\":\"127.0.0.1:18084\",\"generation\":5,\"version\":null}",
    "p3@5 status-task-file-source-0 => {\"state\":\"RUNNING\",\"trace\":null,\"worker_id\":\"127.0.0.1:18084\",\"generation\":5,\"version\":\"4.3.1\"}",
    "p3@6 status-task-file-source-0 => {\"state\":\"UNASSIGNED\",\"trace\":null,\"worker_id\":\"127.0.0.1:18084\",\"generation\":5,\"version\":null}",
    "p3@7 status-task-file-source-0 => {\"state\":\"RUNNING\",\"trace\":null,\"worker_id\":\"127.0.0.1:18084\",\"generation\":5,\"version\":\"4.3.1\"}",
    "p3@8 status-task-file-source-0 => {\"state\":\"UNASSIGNED\",\"trace\":null,\"worker_id\":\"127.0.0.1:18084\",\"generation\":5,\"version\":null}",
    "p3@9 status-task-file-source-0 => {\"state\":\"RUNNING\",\"trace\":null,\"worker_id\":\"127.0.0.1:18084\",\"generation\":6,\"version\":\"4.3.1\"}",
    "p3@10 status-connector-file-source-2 => {\"state\":\"RUNNING\",\"trace\":null,\"worker_id\":\"127.0.0.1:18084\",\"generation\":7,\"version\":\"4.3.1\"}",
    "p3@11 status-task-file-source-2-0 => {\"state\":\"RUNNING\",\"trace\":null,\"worker_id\":\"127.0.0.1:18084\",\"generation\":8,\"version\":\"4.3.1\"}",
    "p3@12 status-task-file-source-0 => {\"state\":\"UNASSIGNED\",\"trace\":null,\"worker_id\":\"127.0.0.1:18084\",\"generation\":8,\"version\":null}",
    "p3@13 status-task-file-source-0 => NULL",
    "p3@14 status-task-file-source-0 => NULL",
    "p3@15 status-connector-file-source-2 => {\"state\":\"UNASSIGNED\",\"trace\":null,\"worker_id\":\"127.0.0.1:18084\",\"generation\":14,\"version\":null}",
    "p3@16 status-task-file-source-2-0 => {\"state\":\"UNASSIGNED\",\"trace\":null,\"worker_id\":\"127.0.0.1:18084\",\"generation\":14,\"version\":null}",
    "p3@17 status-task-file-source-2-0 => NULL",
    "p3@18 status-connector-file-source-2 => NULL",
    "p3@19 status-task-file-source-2-0 => NULL",
    "p3@20 status-task-file-source-2-0 => NULL",
    "p3@21 status-connector-file-source-2 => NULL",
    "p3@22 status-task-file-source-2-0 => NULL",
    "p4@0 status-topic-t1:connector-file-source => {\"topic\":{\"name\":\"t1\",\"connector\":\"file-source\",\"task\":0,\"discoverTimestamp\":1795608783373}}",
    "p4@1 status-topic-t1:connector-file-source => {\"topic\":{\"name\":\"t1\",\"connector\":\"file-source\",\"task\":0,\"discoverTimestamp\":1795608783374}}",
    "p4@2 status-topic-t1:connector-file-source => {\"topic\":{\"name\":\"t1\",\"connector\":\"file-source\",\"task\":0,\"discoverTimestamp\":1795608783375}}",
    "p4@3 status-topic-t1:connector-file-source => NULL",
};
#define N_SAMPLE (sizeof SAMPLE / sizeof *SAMPLE)

static void split(const char *l, char *key, size_t keylen, const char **value) {
    const char *k = strchr(l, ' ') + 1;
    const char *arrow = strstr(k, " => ");
    snprintf(key, keylen, "%.*s", (int)(arrow - k), k);
    *value = strcmp(arrow + 4, "NULL") == 0 ? NULL : arrow + 4;
}

/* Apply SAMPLE lines [from, to]. */
static void feed(status_cache_t *c, size_t from, size_t to) {
    for (size_t i = from; i <= to; i++) {
        char key[128];
        const char *value;
        split(SAMPLE[i], key, sizeof key, &value);
        status_cache_apply(c, key, strlen(key), value, value ? strlen(value) : 0);
    }
}

static size_t find_line(const char *prefix) {
    for (size_t i = 0; i < N_SAMPLE; i++)
        if (strncmp(SAMPLE[i], prefix, strlen(prefix)) == 0) return i;
    ck_abort_msg("no sample line %s", prefix);
    return 0;
}

static void assert_state(status_cache_t *c, const char *conn, int task, const char *state,
                         int gen) {
    const status_entry_t *e = status_cache_get(c, conn, task);
    ck_assert_msg(e != NULL, "no status for %s/%d", conn, task);
    ck_assert_str_eq(e->state, state);
    ck_assert_int_eq(e->generation, gen);
}

START_TEST(replays_java_topic) {
    status_cache_t *c = status_cache_new();
    feed(c, 0, find_line("p0@0 "));
    const status_entry_t *e = status_cache_get(c, "file-source", -1);
    ck_assert_str_eq(e->state, "RUNNING");
    ck_assert_ptr_null(e->trace);
    ck_assert_str_eq(e->worker_id, "127.0.0.1:18084");
    ck_assert_str_eq(e->version, "4.3.1");
    ck_assert_int_eq(e->generation, 2);
    feed(c, find_line("p0@1 "), find_line("p0@4 "));
    /* Connector records have no UNASSIGNED rule. */
    assert_state(c, "file-source", -1, "UNASSIGNED", 5);
    ck_assert_ptr_null(status_cache_get(c, "file-source", -1)->version);
    assert_state(c, "file-sink", 0, "RUNNING", 5);
    feed(c, find_line("p0@5 "), find_line("p0@13 "));
    ck_assert_ptr_null(status_cache_get(c, "file-source", -1));
    feed(c, find_line("p0@14 "), find_line("p0@15 "));
    assert_state(c, "file-sink", 0, "UNASSIGNED", 12); /* a newer generation wins */
    feed(c, find_line("p0@16 "), find_line("p1@3 "));
    ck_assert_ptr_null(status_cache_get(c, "file-sink", 0));
    ck_assert_ptr_null(status_cache_get(c, "file-sink", -1));

    /* Topic records. */
    feed(c, find_line("p2@0 "), find_line("p2@5 "));
    char **topics;
    size_t n;
    status_cache_topics(c, "file-sink", &topics, &n);
    ck_assert_uint_eq(n, 1);
    ck_assert_str_eq(topics[0], "t1");
    free(topics[0]);
    free(topics);
    int task = -1;
    ck_assert(status_cache_topic(c, "file-source-2", "t2", &task));
    ck_assert_int_eq(task, 0);
    feed(c, find_line("p2@6 "), find_line("p2@9 "));
    status_cache_topics(c, "file-sink", &topics, &n);
    ck_assert_uint_eq(n, 0);
    free(topics);

    /* Tasks: UNASSIGNED of the same generation after RUNNING is stale. */
    feed(c, find_line("p3@0 "), find_line("p3@5 "));
    assert_state(c, "file-source", 0, "RUNNING", 5);
    feed(c, find_line("p3@6 "), find_line("p3@6 "));
    assert_state(c, "file-source", 0, "RUNNING", 5);
    feed(c, find_line("p3@7 "), find_line("p3@11 "));
    assert_state(c, "file-source", 0, "RUNNING", 6);
    assert_state(c, "file-source-2", 0, "RUNNING", 8); /* dashes in the name */
    assert_state(c, "file-source-2", -1, "RUNNING", 7);
    ck_assert_ptr_null(status_cache_get(c, "file-source-2-0", -1));
    feed(c, find_line("p3@12 "), find_line("p3@12 "));
    assert_state(c, "file-source", 0, "UNASSIGNED", 8); /* generation 8 > 6 */
    feed(c, find_line("p3@13 "), N_SAMPLE - 1);
    ck_assert_ptr_null(status_cache_get(c, "file-source", 0));
    ck_assert_ptr_null(status_cache_get(c, "file-source-2", 0));
    status_cache_topics(c, "file-source", &topics, &n);
    ck_assert_uint_eq(n, 0);
    free(topics);
    status_cache_destroy(c);
}
END_TEST

START_TEST(renders_java_bytes) {
    size_t checked = 0;
    for (size_t i = 0; i < N_SAMPLE; i++) {
        char key[128];
        const char *value;
        split(SAMPLE[i], key, sizeof key, &value);
        if (!value) continue;
        char *mine;
        if (strncmp(key, "status-topic-", 13) == 0) {
            /* status-topic-<t>:connector-<c> */
            char topic[64], conn[64];
            const char *colon = strchr(key, ':');
            snprintf(topic, sizeof topic, "%.*s", (int)(colon - key - 13), key + 13);
            snprintf(conn, sizeof conn, "%s", colon + strlen(":connector-"));
            long long ts = atoll(strstr(value, "\"discoverTimestamp\":") + 20);
            mine = status_record_topic_value(topic, conn, 0, ts);
            char *k = status_record_topic_key(topic, conn);
            ck_assert_str_eq(k, key);
            free(k);
        } else {
            status_entry_t e;
            ck_assert_int_eq(status_record_parse(value, strlen(value), &e), 0);
            mine = status_record_value(&e);
            status_entry_clear(&e);
        }
        ck_assert_str_eq(mine, value);
        free(mine);
        checked++;
    }
    ck_assert_uint_ge(checked, 30);
    char *k = status_record_key("file-source-2", 0);
    ck_assert_str_eq(k, "status-task-file-source-2-0");
    free(k);
    k = status_record_key("file-source", -1);
    ck_assert_str_eq(k, "status-connector-file-source");
    free(k);
    status_entry_t failed = {.state = "FAILED", .trace = "java.lang.Exception: x\n\tat y",
                             .worker_id = "w:1", .generation = 3};
    char *v = status_record_value(&failed);
    ck_assert_str_eq(v, "{\"state\":\"FAILED\",\"trace\":\"java.lang.Exception: x\\n\\tat y\","
                        "\"worker_id\":\"w:1\",\"generation\":3,\"version\":null}");
    free(v);
}
END_TEST

static void put(status_cache_t *c, const char *key, const char *value) {
    status_cache_apply(c, key, strlen(key), value, value ? strlen(value) : 0);
}

START_TEST(safe_writes_and_connector_tombstone) {
    status_cache_t *c = status_cache_new();
    put(c, "status-task-x-y-1",
        "{\"state\":\"RUNNING\",\"trace\":null,\"worker_id\":\"a:1\",\"generation\":6}");
    put(c, "status-connector-x-y",
        "{\"state\":\"RUNNING\",\"trace\":null,\"worker_id\":\"a:1\",\"generation\":6}");
    status_entry_t mine = {.state = "UNASSIGNED", .worker_id = "b:1", .generation = 5};
    ck_assert(!status_cache_can_write_safely(c, "x-y", 1, &mine));
    mine.generation = 6;
    ck_assert(status_cache_can_write_safely(c, "x-y", 1, &mine));
    mine.generation = 2;
    mine.worker_id = "a:1";
    ck_assert(status_cache_can_write_safely(c, "x-y", 1, &mine));
    ck_assert(status_cache_can_write_safely(c, "other", 0, &mine));
    size_t n;
    int *ids = status_cache_tasks(c, "x-y", &n);
    ck_assert_uint_eq(n, 1);
    ck_assert_int_eq(ids[0], 1);
    free(ids);
    /* A connector tombstone forgets the connector's tasks too. */
    put(c, "status-connector-x-y", NULL);
    ck_assert_ptr_null(status_cache_get(c, "x-y", 1));
    status_cache_destroy(c);
}
END_TEST

START_TEST(malformed_records_ignored) {
    status_cache_t *c = status_cache_new();
    put(c, "status-connector-a", "{\"state\":\"RUNNING\",\"worker_id\":\"w\",\"generation\":1}");
    put(c, "status-connector-a", "{\"state\":\"BOGUS\",\"worker_id\":\"w\",\"generation\":2}");
    put(c, "status-connector-a", "{\"state\":\"PAUSED\",\"worker_id\":\"w\"}");
    put(c, "status-connector-a", "{\"state\":\"PAUSED\",\"worker_id\":7,\"generation\":3}");
    put(c, "status-connector-a", "not json");
    put(c, "status-connector-a", "[1]");
    put(c, "status-connector-", "{\"state\":\"PAUSED\",\"generation\":3}");
    put(c, "status-task-a", "{\"state\":\"PAUSED\",\"generation\":3}");
    put(c, "status-task-a-b", "{\"state\":\"PAUSED\",\"generation\":3}");
    put(c, "status-topic-nocolon", "{\"topic\":{}}");
    put(c, "status-topic-t:connector-a", "{\"topic\":\"t\"}");
    put(c, "something-else", "{}");
    assert_state(c, "a", -1, "RUNNING", 1);
    char **topics;
    size_t n;
    status_cache_topics(c, "a", &topics, &n);
    ck_assert_uint_eq(n, 0);
    free(topics);
    status_cache_destroy(c);
}
END_TEST

Suite *suite_status_records(void);
Suite *suite_status_records(void) {
    Suite *s = suite_create("status_records");
    TCase *tc = tcase_create("records");
    tcase_add_test(tc, replays_java_topic);
    tcase_add_test(tc, renders_java_bytes);
    tcase_add_test(tc, safe_writes_and_connector_tombstone);
    tcase_add_test(tc, malformed_records_ignored);
    suite_add_tcase(s, tc);
    return s;
}
