/* Config topic records: a Java worker's config topic replayed record by
 * record, byte-identical rendering, and Kafka's parsing rules (§5.1). */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/config_records.h"

/* A dump of the config topic written by Kafka 4.3.1's worker
 * (`p<partition>@<offset> <key> => <value>`, NULL = tombstone). */
static const char *const SAMPLE[] = {
    "p0@0 session-key => {\"key\":\"l0LVOXnaz80z/CzTzj9K3ME+LbojX22Z2K2WpiXfmP0=\",\"algorithm\":\"HmacSHA256\",\"creation-timestamp\":1795608775246}",
    "p0@1 connector-file-source => {\"properties\":{\"connector.class\":\"FileStreamSource\",\"tasks.max\":\"1\",\"file\":\"/tmp/work-distributed/work/in.txt\",\"topic\":\"t1\",\"name\":\"file-source\"}}",
    "p0@2 task-file-source-0 => {\"properties\":{\"connector.class\":\"FileStreamSource\",\"file\":\"/tmp/work-distributed/work/in.txt\",\"task.class\":\"org.apache.kafka.connect.file.FileStreamSourceTask\",\"tasks.max\":\"1\",\"name\":\"file-source\",\"topic\":\"t1\"}}",
    "p0@3 commit-file-source => {\"tasks\":1}",
    "p0@4 connector-file-sink => {\"properties\":{\"connector.class\":\"FileStreamSink\",\"tasks.max\":\"1\",\"file\":\"/tmp/work-distributed/work/out.txt\",\"topics\":\"t1\",\"name\":\"file-sink\"}}",
    "p0@5 task-file-sink-0 => {\"properties\":{\"connector.class\":\"FileStreamSink\",\"file\":\"/tmp/work-distributed/work/out.txt\",\"task.class\":\"org.apache.kafka.connect.file.FileStreamSinkTask\",\"tasks.max\":\"1\",\"topics\":\"t1\",\"name\":\"file-sink\"}}",
    "p0@6 commit-file-sink => {\"tasks\":1}",
    "p0@7 target-state-file-source => {\"state\":\"PAUSED\",\"state.v2\":\"PAUSED\"}",
    "p0@8 target-state-file-source => {\"state\":\"STARTED\",\"state.v2\":\"STARTED\"}",
    "p0@9 restart-connector-file-source => {\"include-tasks\":true,\"only-failed\":false}",
    "p0@10 restart-connector-file-source => {\"include-tasks\":true,\"only-failed\":true}",
    "p0@11 connector-file-source => {\"properties\":{\"connector.class\":\"FileStreamSource\",\"tasks.max\":\"1\",\"file\":\"/tmp/work-distributed/work/in.txt\",\"topic\":\"t1\",\"batch.size\":\"500\",\"name\":\"file-source\"}}",
    "p0@12 task-file-source-0 => {\"properties\":{\"connector.class\":\"FileStreamSource\",\"file\":\"/tmp/work-distributed/work/in.txt\",\"task.class\":\"org.apache.kafka.connect.file.FileStreamSourceTask\",\"tasks.max\":\"1\",\"batch.size\":\"500\",\"name\":\"file-source\",\"topic\":\"t1\"}}",
    "p0@13 commit-file-source => {\"tasks\":1}",
    "p0@14 connector-file-source-2 => {\"properties\":{\"connector.class\":\"FileStreamSource\",\"tasks.max\":\"1\",\"file\":\"/tmp/work-distributed/work/in.txt\",\"topic\":\"t2\",\"name\":\"file-source-2\"}}",
    "p0@15 task-file-source-2-0 => {\"properties\":{\"connector.class\":\"FileStreamSource\",\"file\":\"/tmp/work-distributed/work/in.txt\",\"task.class\":\"org.apache.kafka.connect.file.FileStreamSourceTask\",\"tasks.max\":\"1\",\"name\":\"file-source-2\",\"topic\":\"t2\"}}",
    "p0@16 commit-file-source-2 => {\"tasks\":1}",
    "p0@17 commit-file-source => {\"tasks\":0}",
    "p0@18 target-state-file-source => {\"state\":\"PAUSED\",\"state.v2\":\"STOPPED\"}",
    "p0@19 connector-file-source => NULL",
    "p0@20 target-state-file-source => NULL",
    "p0@21 connector-file-sink => NULL",
    "p0@22 target-state-file-sink => NULL",
    "p0@23 connector-file-source-2 => NULL",
    "p0@24 target-state-file-source-2 => NULL",
};
#define N_SAMPLE (sizeof SAMPLE / sizeof *SAMPLE)

typedef struct line {
    char key[128];
    const char *value; /* into SAMPLE, NULL for a tombstone */
    long offset;
} line_t;

static line_t parse_line(const char *l) {
    line_t out = {{0}, NULL, 0};
    const char *at = strchr(l, '@');
    out.offset = strtol(at + 1, NULL, 10);
    const char *key = strchr(l, ' ') + 1;
    const char *arrow = strstr(key, " => ");
    memcpy(out.key, key, (size_t)(arrow - key));
    out.value = strcmp(arrow + 4, "NULL") == 0 ? NULL : arrow + 4;
    return out;
}

static void apply(config_state_t *st, const char *key, const char *value, long offset,
                  config_event_t *ev) {
    config_event_clear(ev);
    config_state_apply(st, key, strlen(key), value, value ? strlen(value) : 0, offset, ev);
}

static void apply_sample(config_state_t *st, size_t i, config_event_t *ev) {
    line_t l = parse_line(SAMPLE[i]);
    ck_assert_int_eq(l.offset, (long)i);
    apply(st, l.key, l.value, l.offset, ev);
}

START_TEST(replays_java_topic) {
    config_state_t *st = config_state_new();
    config_event_t ev = {0};
    config_snapshot_t *s = config_state_snapshot(st);
    ck_assert_int_eq(s->offset, -1);
    config_snapshot_destroy(s);

    apply_sample(st, 0, &ev); /* session-key */
    ck_assert_int_eq(ev.kind, CONFIG_EVENT_SESSION_KEY);
    s = config_state_snapshot(st);
    ck_assert_str_eq(s->session_key, "l0LVOXnaz80z/CzTzj9K3ME+LbojX22Z2K2WpiXfmP0=");
    ck_assert_str_eq(s->session_key_algorithm, "HmacSHA256");
    ck_assert(s->session_key_created_ms == 1795608775246LL);
    ck_assert_int_eq(s->offset, 1);
    config_snapshot_destroy(s);

    apply_sample(st, 1, &ev); /* connector-file-source */
    ck_assert_int_eq(ev.kind, CONFIG_EVENT_CONNECTOR);
    ck_assert_str_eq(ev.name, "file-source");
    ck_assert(!ev.removed);
    apply_sample(st, 2, &ev); /* task-file-source-0: deferred */
    ck_assert_int_eq(ev.kind, CONFIG_EVENT_NONE);
    s = config_state_snapshot(st);
    const config_connector_t *c = config_snapshot_find(s, "file-source");
    ck_assert_ptr_nonnull(c);
    ck_assert_int_eq(c->target, TARGET_STARTED);
    ck_assert_int_eq(c->n_tasks, 0); /* not before its commit */
    ck_assert_uint_eq(cd_props_count(c->config), 5);
    ck_assert_str_eq(cd_props_key_at(c->config, 0), "connector.class");
    ck_assert_str_eq(cd_props_key_at(c->config, 4), "name");
    ck_assert_str_eq(cd_props_get(c->config, "file"), "/tmp/work-distributed/work/in.txt");
    config_snapshot_destroy(s);

    apply_sample(st, 3, &ev); /* commit-file-source {"tasks":1} */
    ck_assert_int_eq(ev.kind, CONFIG_EVENT_TASKS);
    ck_assert_str_eq(ev.name, "file-source");
    s = config_state_snapshot(st);
    c = config_snapshot_find(s, "file-source");
    ck_assert_int_eq(c->n_tasks, 1);
    ck_assert(!c->inconsistent);
    ck_assert_str_eq(cd_props_get(c->task_configs[0], "task.class"),
                     "org.apache.kafka.connect.file.FileStreamSourceTask");
    config_snapshot_destroy(s);

    for (size_t i = 4; i <= 6; i++) apply_sample(st, i, &ev); /* file-sink */
    apply_sample(st, 7, &ev); /* PAUSED */
    ck_assert_int_eq(ev.kind, CONFIG_EVENT_TARGET_STATE);
    s = config_state_snapshot(st);
    ck_assert_uint_eq(s->n, 2);
    ck_assert_str_eq(s->connectors[0].name, "file-source");
    ck_assert_str_eq(s->connectors[1].name, "file-sink");
    ck_assert_int_eq(s->connectors[1].n_tasks, 1);
    ck_assert_int_eq(config_snapshot_find(s, "file-source")->target, TARGET_PAUSED);
    ck_assert_int_eq(config_snapshot_find(s, "file-sink")->target, TARGET_STARTED);
    config_snapshot_destroy(s);
    apply_sample(st, 8, &ev); /* STARTED */
    ck_assert_int_eq(ev.kind, CONFIG_EVENT_TARGET_STATE);

    apply_sample(st, 9, &ev); /* restart include-tasks */
    ck_assert_int_eq(ev.kind, CONFIG_EVENT_RESTART);
    ck_assert_str_eq(ev.name, "file-source");
    ck_assert(ev.include_tasks && !ev.only_failed);
    apply_sample(st, 10, &ev);
    ck_assert(ev.include_tasks && ev.only_failed);

    apply_sample(st, 11, &ev); /* new connector config: batch.size */
    apply_sample(st, 12, &ev); /* its task config, not committed yet */
    s = config_state_snapshot(st);
    c = config_snapshot_find(s, "file-source");
    ck_assert_str_eq(cd_props_get(c->config, "batch.size"), "500");
    ck_assert_ptr_null(cd_props_get(c->task_configs[0], "batch.size"));
    ck_assert_str_eq(s->connectors[0].name, "file-source"); /* keeps its place */
    config_snapshot_destroy(s);
    apply_sample(st, 13, &ev);
    s = config_state_snapshot(st);
    ck_assert_str_eq(cd_props_get(config_snapshot_find(s, "file-source")->task_configs[0],
                                  "batch.size"),
                     "500");
    config_snapshot_destroy(s);

    /* file-source-2: "task-file-source-2-0" is task 0 of file-source-2. */
    apply_sample(st, 14, &ev);
    apply_sample(st, 15, &ev);
    s = config_state_snapshot(st);
    ck_assert_int_eq(config_snapshot_find(s, "file-source-2")->n_tasks, 0);
    ck_assert_int_eq(config_snapshot_find(s, "file-source")->n_tasks, 1);
    config_snapshot_destroy(s);
    apply_sample(st, 16, &ev);
    ck_assert_str_eq(ev.name, "file-source-2");
    s = config_state_snapshot(st);
    c = config_snapshot_find(s, "file-source-2");
    ck_assert_int_eq(c->n_tasks, 1);
    ck_assert_str_eq(cd_props_get(c->task_configs[0], "topic"), "t2");
    ck_assert_str_eq(cd_props_get(config_snapshot_find(s, "file-source")->task_configs[0],
                                  "topic"),
                     "t1");
    config_snapshot_destroy(s);

    /* PUT /stop: an empty task set, then STOPPED (state.v2). */
    apply_sample(st, 17, &ev);
    apply_sample(st, 18, &ev);
    ck_assert_int_eq(ev.kind, CONFIG_EVENT_TARGET_STATE);
    s = config_state_snapshot(st);
    c = config_snapshot_find(s, "file-source");
    ck_assert_int_eq(c->n_tasks, 0);
    ck_assert(!c->inconsistent);
    ck_assert_int_eq(c->target, TARGET_STOPPED);
    config_snapshot_destroy(s);

    apply_sample(st, 19, &ev); /* connector tombstone */
    ck_assert_int_eq(ev.kind, CONFIG_EVENT_CONNECTOR);
    ck_assert(ev.removed);
    apply_sample(st, 20, &ev); /* target-state tombstone: no event */
    ck_assert_int_eq(ev.kind, CONFIG_EVENT_NONE);
    s = config_state_snapshot(st);
    ck_assert_ptr_null(config_snapshot_find(s, "file-source"));
    ck_assert_uint_eq(s->n, 2);
    config_snapshot_destroy(s);
    for (size_t i = 21; i < N_SAMPLE; i++) apply_sample(st, i, &ev);
    s = config_state_snapshot(st);
    ck_assert_uint_eq(s->n, 0);
    ck_assert_int_eq(s->offset, (int64_t)N_SAMPLE);
    ck_assert_str_eq(s->session_key_algorithm, "HmacSHA256");
    config_snapshot_destroy(s);
    config_event_clear(&ev);
    config_state_destroy(st);
}
END_TEST

/* Every value this worker writes is byte-identical to the Java worker's. */
START_TEST(renders_java_bytes) {
    config_state_t *st = config_state_new();
    config_event_t ev = {0};
    for (size_t i = 0; i < N_SAMPLE; i++) {
        line_t l = parse_line(SAMPLE[i]);
        char *mine = NULL;
        if (!l.value) continue;
        if (strncmp(l.key, "connector-", 10) == 0 || strncmp(l.key, "task-", 5) == 0) {
            /* Round trip: parse properties in record order, render again. */
            apply(st, l.key, l.value, l.offset, &ev);
            if (strncmp(l.key, "connector-", 10) == 0) {
                config_snapshot_t *s = config_state_snapshot(st);
                const char *name = l.key + strlen("connector-");
                mine = config_record_properties(config_snapshot_find(s, name)->config);
                config_snapshot_destroy(s);
            } else {
                /* Commit it to see it. */
                char *dash = strrchr(l.key, '-');
                char conn[128], commit[192];
                snprintf(conn, sizeof conn, "%.*s", (int)(dash - l.key - 5), l.key + 5);
                snprintf(commit, sizeof commit, "commit-%s", conn);
                apply(st, commit, "{\"tasks\":1}", l.offset, &ev);
                config_snapshot_t *s = config_state_snapshot(st);
                mine = config_record_properties(config_snapshot_find(s, conn)->task_configs[0]);
                config_snapshot_destroy(s);
            }
        } else if (strncmp(l.key, "commit-", 7) == 0) {
            mine = config_record_commit(atoi(strchr(l.value, ':') + 1));
        } else if (strncmp(l.key, "target-state-", 13) == 0) {
            target_state_t t = strstr(l.value, "\"state.v2\":\"STOPPED\"") ? TARGET_STOPPED
                               : strstr(l.value, "\"state.v2\":\"PAUSED\"") ? TARGET_PAUSED
                                                                            : TARGET_STARTED;
            mine = config_record_target_state(t);
        } else if (strncmp(l.key, "restart-connector-", 18) == 0) {
            mine = config_record_restart(strstr(l.value, "\"include-tasks\":true") != NULL,
                                         strstr(l.value, "\"only-failed\":true") != NULL);
        } else if (strcmp(l.key, "session-key") == 0) {
            mine = config_record_session_key("l0LVOXnaz80z/CzTzj9K3ME+LbojX22Z2K2WpiXfmP0=",
                                             "HmacSHA256", 1795608775246LL);
        }
        ck_assert_msg(mine != NULL, "no renderer for %s", l.key);
        ck_assert_str_eq(mine, l.value);
        free(mine);
    }
    char *v = config_record_logger_level("DEBUG");
    ck_assert_str_eq(v, "{\"level\":\"DEBUG\"}");
    free(v);
    config_event_clear(&ev);
    config_state_destroy(st);
}
END_TEST

static config_snapshot_t *snap(config_state_t *st) { return config_state_snapshot(st); }

START_TEST(incomplete_commit_marks_inconsistent) {
    config_state_t *st = config_state_new();
    config_event_t ev = {0};
    apply(st, "connector-a-b", "{\"properties\":{\"name\":\"a-b\"}}", 0, &ev);
    apply(st, "task-a-b-0", "{\"properties\":{\"t\":\"0\"}}", 1, &ev);
    apply(st, "commit-a-b", "{\"tasks\":2}", 2, &ev); /* task 1 missing */
    ck_assert_int_eq(ev.kind, CONFIG_EVENT_TASKS);
    config_snapshot_t *s = snap(st);
    const config_connector_t *c = config_snapshot_find(s, "a-b");
    ck_assert(c->inconsistent);
    ck_assert_int_eq(c->n_tasks, 0);
    config_snapshot_destroy(s);
    /* The deferred task 0 was dropped: a new full set is required. */
    apply(st, "task-a-b-1", "{\"properties\":{\"t\":\"1\"}}", 3, &ev);
    apply(st, "commit-a-b", "{\"tasks\":2}", 4, &ev);
    s = snap(st);
    ck_assert(config_snapshot_find(s, "a-b")->inconsistent);
    config_snapshot_destroy(s);
    /* Extra higher ids (left by compaction) are tolerated. */
    apply(st, "task-a-b-0", "{\"properties\":{\"t\":\"0\"}}", 5, &ev);
    apply(st, "task-a-b-2", "{\"properties\":{\"t\":\"2\"}}", 6, &ev);
    apply(st, "task-a-b-1", "{\"properties\":{\"t\":\"1\"}}", 7, &ev);
    apply(st, "commit-a-b", "{\"tasks\":2}", 8, &ev);
    s = snap(st);
    c = config_snapshot_find(s, "a-b");
    ck_assert(!c->inconsistent);
    ck_assert_int_eq(c->n_tasks, 2);
    ck_assert_str_eq(cd_props_get(c->task_configs[0], "t"), "0");
    ck_assert_str_eq(cd_props_get(c->task_configs[1], "t"), "1");
    ck_assert_int_eq(s->offset, 9);
    config_snapshot_destroy(s);
    config_event_clear(&ev);
    config_state_destroy(st);
}
END_TEST

START_TEST(commit_for_unknown_connector_ignored) {
    config_state_t *st = config_state_new();
    config_event_t ev = {0};
    apply(st, "task-gone-0", "{\"properties\":{\"x\":\"1\"}}", 0, &ev);
    apply(st, "commit-gone", "{\"tasks\":1}", 1, &ev);
    ck_assert_int_eq(ev.kind, CONFIG_EVENT_NONE);
    apply(st, "connector-gone", "{\"properties\":{\"name\":\"gone\"}}", 2, &ev);
    apply(st, "commit-gone", "{\"tasks\":1}", 3, &ev); /* its deferred task was dropped */
    config_snapshot_t *s = snap(st);
    ck_assert_uint_eq(s->n, 1);
    ck_assert(config_snapshot_find(s, "gone")->inconsistent);
    config_snapshot_destroy(s);
    config_event_clear(&ev);
    config_state_destroy(st);
}
END_TEST

START_TEST(target_state_rules) {
    config_state_t *st = config_state_new();
    config_event_t ev = {0};
    /* initial_state: the target state precedes its connector, no event. */
    apply(st, "target-state-s", "{\"state\":\"PAUSED\",\"state.v2\":\"STOPPED\"}", 0, &ev);
    ck_assert_int_eq(ev.kind, CONFIG_EVENT_NONE);
    apply(st, "connector-s", "{\"properties\":{\"name\":\"s\"}}", 1, &ev);
    config_snapshot_t *s = snap(st);
    ck_assert_int_eq(config_snapshot_find(s, "s")->target, TARGET_STOPPED);
    config_snapshot_destroy(s);
    /* Older workers write only "state". */
    apply(st, "target-state-s", "{\"state\":\"PAUSED\"}", 2, &ev);
    ck_assert_int_eq(ev.kind, CONFIG_EVENT_TARGET_STATE);
    s = snap(st);
    ck_assert_int_eq(config_snapshot_find(s, "s")->target, TARGET_PAUSED);
    config_snapshot_destroy(s);
    /* Same state again: no event. */
    apply(st, "target-state-s", "{\"state\":\"PAUSED\",\"state.v2\":\"PAUSED\"}", 3, &ev);
    ck_assert_int_eq(ev.kind, CONFIG_EVENT_NONE);
    /* A non-string state.v2 falls back on state; an unknown one is ignored. */
    apply(st, "target-state-s", "{\"state\":\"STARTED\",\"state.v2\":5}", 4, &ev);
    s = snap(st);
    ck_assert_int_eq(config_snapshot_find(s, "s")->target, TARGET_STARTED);
    config_snapshot_destroy(s);
    apply(st, "target-state-s", "{\"state\":\"PAUSED\",\"state.v2\":\"SLEEPING\"}", 5, &ev);
    ck_assert_int_eq(ev.kind, CONFIG_EVENT_NONE);
    apply(st, "target-state-s", "[\"PAUSED\"]", 6, &ev);
    s = snap(st);
    ck_assert_int_eq(config_snapshot_find(s, "s")->target, TARGET_STARTED);
    config_snapshot_destroy(s);
    /* A tombstone while the connector exists falls back on STARTED. */
    apply(st, "target-state-s", "{\"state\":\"PAUSED\",\"state.v2\":\"PAUSED\"}", 7, &ev);
    apply(st, "target-state-s", NULL, 8, &ev);
    s = snap(st);
    ck_assert_int_eq(config_snapshot_find(s, "s")->target, TARGET_STARTED);
    config_snapshot_destroy(s);
    config_event_clear(&ev);
    config_state_destroy(st);
}
END_TEST

START_TEST(malformed_records_ignored) {
    config_state_t *st = config_state_new();
    config_event_t ev = {0};
    apply(st, "connector-ok", "{\"properties\":{\"name\":\"ok\",\"n\":null,\"x\":1}}", 0, &ev);
    static const char *const bad[][2] = {
        {"connector-ok", "{\"properties\":\"x\"}"},
        {"connector-ok", "42"},
        {"task-ok", "{\"properties\":{}}"},
        {"task-ok-x", "{\"properties\":{}}"},
        {"task-ok-0", NULL},
        {"commit-ok", "{\"tasks\":\"1\"}"},
        {"commit-ok", "{\"tasks\":-1}"},
        {"session-key", "{\"key\":\"k\"}"},
        {"session-key", NULL},
        {"restart-connector-ok", NULL},
        {"logger-cluster-org.foo", "{\"level\":3}"},
        {"surprise-key", "{}"},
        {"tasks-fencing-ok", "{\"task-count\":1}"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        apply(st, bad[i][0], bad[i][1], (long)i + 1, &ev);
        ck_assert_msg(ev.kind == CONFIG_EVENT_NONE, "event for %s", bad[i][0]);
    }
    int64_t before = config_state_offset(st);
    apply(st, "connector-ok", "{not json", 99, &ev); /* Kafka does not move its offset */
    ck_assert_int_eq(config_state_offset(st), before);
    config_state_apply(st, "connector-z\0x", 13, "{}", 2, 100, &ev);
    config_snapshot_t *s = snap(st);
    ck_assert_uint_eq(s->n, 1);
    const config_connector_t *c = config_snapshot_find(s, "ok");
    ck_assert_uint_eq(cd_props_count(c->config), 1); /* null and non-string skipped */
    ck_assert_int_eq(c->n_tasks, 0);
    ck_assert(!c->inconsistent);
    ck_assert_ptr_null(s->session_key);
    config_snapshot_destroy(s);
    config_event_clear(&ev);
    config_state_destroy(st);
}
END_TEST

START_TEST(restart_and_logger_events) {
    config_state_t *st = config_state_new();
    config_event_t ev = {0};
    apply(st, "restart-connector-my-conn", "{}", 0, &ev); /* defaults: false, false */
    ck_assert_int_eq(ev.kind, CONFIG_EVENT_RESTART);
    ck_assert_str_eq(ev.name, "my-conn");
    ck_assert(!ev.include_tasks && !ev.only_failed);
    apply(st, "logger-cluster-org.apache.kafka.connect", "{\"level\":\"DEBUG\"}", 1, &ev);
    ck_assert_int_eq(ev.kind, CONFIG_EVENT_LOGGER);
    ck_assert_str_eq(ev.name, "org.apache.kafka.connect");
    ck_assert_str_eq(ev.level, "DEBUG");
    /* A schemas.enable=true envelope is read too. */
    apply(st, "commit-none",
          "{\"schema\":{\"type\":\"struct\",\"fields\":[{\"type\":\"int32\",\"optional\":false,"
          "\"field\":\"tasks\"}],\"optional\":false},\"payload\":{\"tasks\":3}}",
          2, &ev);
    apply(st, "connector-e", "{\"schema\":{},\"payload\":{\"properties\":{\"name\":\"e\"}}}", 3,
          &ev);
    config_snapshot_t *s = snap(st);
    ck_assert_ptr_nonnull(config_snapshot_find(s, "e"));
    config_snapshot_destroy(s);
    config_event_clear(&ev);
    config_state_destroy(st);
}
END_TEST

Suite *suite_config_records(void);
Suite *suite_config_records(void) {
    Suite *s = suite_create("config_records");
    TCase *tc = tcase_create("records");
    tcase_add_test(tc, replays_java_topic);
    tcase_add_test(tc, renders_java_bytes);
    tcase_add_test(tc, incomplete_commit_marks_inconsistent);
    tcase_add_test(tc, commit_for_unknown_connector_ignored);
    tcase_add_test(tc, target_state_rules);
    tcase_add_test(tc, malformed_records_ignored);
    tcase_add_test(tc, restart_and_logger_events);
    suite_add_tcase(s, tc);
    return s;
}
