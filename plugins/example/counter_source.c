/*
 * CounterSource: a minimal custom source connector for connectd, built out
 * of tree against connectd's public headers only (see README.md).
 *
 * It publishes "count-1", "count-2", ... to one topic, one record every
 * interval.ms, and stops after max.count records (-1: never). Its source
 * partition is {"counter": "<topic>"} and its offset {"n": <n>}, so a
 * restarted task carries on after the last committed number.
 */
/* clock_gettime and nanosleep are POSIX, not plain C11. */
#define _POSIX_C_SOURCE 200809L

#include <connectd/connectd.h>

#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define COUNTER_LOGGER "com.example.CounterSourceTask"
/* A poll should return within about a second so the worker can pause and
 * stop the task; waits are cut into steps that notice wakeup(). */
#define COUNTER_MAX_WAIT_MS 1000
#define COUNTER_WAIT_STEP_MS 20

/* ---- configuration ------------------------------------------------------ */

static const cd_config_def_t counter_config_defs[] = {
    {.name = "topic",
     .type = CD_CFG_STRING,
     .importance = CD_IMPORTANCE_HIGH,
     .documentation = "The topic to publish the counter records to",
     .flags = CD_CFG_F_REQUIRED | CD_CFG_F_NONEMPTY},
    {.name = "interval.ms",
     .type = CD_CFG_LONG,
     .default_value = "1000",
     .importance = CD_IMPORTANCE_MEDIUM,
     .documentation = "Milliseconds between two records; 0 emits as fast as the worker accepts",
     .flags = CD_CFG_F_HAS_MIN,
     .min = 0},
    {.name = "max.count",
     .type = CD_CFG_LONG,
     .default_value = "-1",
     .importance = CD_IMPORTANCE_LOW,
     .documentation = "Stop after this many records; -1 counts forever",
     .flags = CD_CFG_F_HAS_MIN,
     .min = -1},
    {.name = NULL},
};

/* ---- the connector: keeps its config, makes one task ------------------- */

static int counter_connector_start(void **state, const cd_config_t *config,
                                   cd_connector_context_t *ctx, cd_error_t *err) {
    (void)ctx;
    (void)err;
    *state = cd_props_clone(cd_config_props(config));
    return CD_OK;
}

/* One counter cannot be split between tasks: always one task, whose config
 * is the connector's. */
static int counter_connector_task_configs(void *state, int max_tasks, cd_task_configs_t *out,
                                          cd_error_t *err) {
    (void)max_tasks;
    (void)err;
    const cd_props_t *props = state;
    cd_props_t *task = cd_task_configs_add(out);
    for (size_t i = 0; i < cd_props_count(props); i++)
        cd_props_set(task, cd_props_key_at(props, i), cd_props_value_at(props, i));
    return CD_OK;
}

static void counter_connector_stop(void *state) {
    cd_props_destroy(state);
}

/* ---- the task -------------------------------------------------------------- */

typedef struct counter_task {
    char *topic;
    int64_t interval_ms;
    int64_t max_count; /* -1: no limit */
    int64_t last;      /* last number emitted (or committed before a restart) */
    int64_t next_due;  /* monotonic ms when the next record is due */
    atomic_bool wakeup;
} counter_task_t;

static int64_t monotonic_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int64_t wall_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Sleep up to ms unless wakeup() is called. */
static void counter_wait(counter_task_t *t, int64_t ms) {
    if (ms > COUNTER_MAX_WAIT_MS) ms = COUNTER_MAX_WAIT_MS;
    for (int64_t waited = 0; waited < ms; waited += COUNTER_WAIT_STEP_MS) {
        if (atomic_exchange(&t->wakeup, false)) return;
        int64_t step = ms - waited < COUNTER_WAIT_STEP_MS ? ms - waited : COUNTER_WAIT_STEP_MS;
        struct timespec ts = {0, (long)step * 1000000L};
        nanosleep(&ts, NULL);
    }
}

/* The source partition, built in the arena it is used from. */
static cd_value_t *counter_partition(cd_arena_t *arena, const char *topic) {
    cd_value_t *p = cd_value_map_new(arena, 1);
    cd_value_map_put_str(arena, p, "counter", cd_value_cstring(arena, topic));
    return p;
}

static void counter_task_free(counter_task_t *t) {
    if (!t) return;
    free(t->topic);
    free(t);
}

static int counter_task_start(void **state, const cd_config_t *config, cd_task_context_t *ctx,
                              cd_error_t *err) {
    counter_task_t *t = calloc(1, sizeof *t);
    if (!t) return cd_error_set(err, CD_ERR_FATAL, "Out of memory");
    const char *topic = cd_config_string(config, "topic");
    t->topic = topic ? strdup(topic) : NULL;
    if (!t->topic) {
        counter_task_free(t);
        return cd_error_set(err, CD_ERR_CONFIG, "Missing topic");
    }
    t->interval_ms = cd_config_long(config, "interval.ms");
    t->max_count = cd_config_long(config, "max.count");
    atomic_init(&t->wakeup, false);

    /* Resume after the last committed number, if there is one. */
    cd_arena_t *arena = cd_arena_new(0);
    const cd_value_t *offset = cd_task_context_offset(ctx, arena, counter_partition(arena, t->topic));
    const cd_value_t *n = offset ? cd_value_map_get(offset, "n") : NULL;
    if (n && n->type != CD_TYPE_INT64) {
        cd_arena_destroy(arena);
        counter_task_free(t);
        return cd_error_set(err, CD_ERR_FATAL, "Offset 'n' is not an integer");
    }
    t->last = n ? n->u.i : 0;
    cd_arena_destroy(arena);
    if (t->last > 0)
        cd_log(CD_LOG_INFO, COUNTER_LOGGER, "Resuming %s after %lld", t->topic, (long long)t->last);
    t->next_due = monotonic_ms();
    *state = t;
    return CD_OK;
}

static int counter_task_poll(void *state, cd_source_batch_t *batch, cd_error_t *err) {
    (void)err;
    counter_task_t *t = state;
    if (t->max_count >= 0 && t->last >= t->max_count) {
        counter_wait(t, COUNTER_MAX_WAIT_MS); /* done: idle without spinning */
        return CD_OK;
    }
    int64_t now = monotonic_ms();
    if (now < t->next_due) {
        counter_wait(t, t->next_due - now);
        if (monotonic_ms() < t->next_due) return CD_OK;
    }
    /* One record per interval; with interval.ms=0 fill the batch. */
    size_t room = cd_source_batch_room(batch);
    size_t want = t->interval_ms > 0 ? 1 : room;
    if (want > room) want = room;
    if (want == 0) return CD_OK;

    cd_arena_t *arena = cd_source_batch_arena(batch);
    const char *topic = cd_arena_strdup(arena, t->topic);
    const cd_value_t *partition = counter_partition(arena, t->topic);
    const cd_schema_t *schema = cd_schema_primitive(CD_TYPE_STRING, false);
    int64_t ts = wall_ms();
    for (size_t i = 0; i < want && (t->max_count < 0 || t->last < t->max_count); i++) {
        int64_t n = ++t->last;
        cd_value_t *offset = cd_value_map_new(arena, 1);
        cd_value_map_put_str(arena, offset, "n", cd_value_int(arena, CD_TYPE_INT64, n));
        cd_record_t *r = cd_source_batch_add(batch);
        r->topic = topic;
        r->value_schema = schema;
        r->value = cd_value_cstring(arena, cd_arena_sprintf(arena, "count-%lld", (long long)n));
        r->timestamp = ts;
        r->source_partition = partition;
        r->source_offset = offset;
    }
    t->next_due = monotonic_ms() + t->interval_ms;
    return CD_OK;
}

static void counter_task_wakeup(void *state) {
    counter_task_t *t = state;
    atomic_store(&t->wakeup, true);
}

static void counter_task_stop(void *state) {
    counter_task_free(state);
}

/* ---- function tables, descriptor, manifest ------------------------------- */

static const cd_source_task_ops_t counter_task_ops = {
    CD_DESCRIPTOR_HEADER(cd_source_task_ops_t),
    .start = counter_task_start,
    .poll = counter_task_poll,
    .wakeup = counter_task_wakeup,
    .stop = counter_task_stop,
};

static const cd_connector_ops_t counter_connector_ops = {
    CD_DESCRIPTOR_HEADER(cd_connector_ops_t),
    .start = counter_connector_start,
    .task_configs = counter_connector_task_configs,
    .stop = counter_connector_stop,
    .source_task = &counter_task_ops,
    .task_class = "com.example.CounterSourceTask",
};

static const char *const counter_aliases[] = {"CounterSource", NULL};

static const cd_plugin_desc_t counter_desc = {
    CD_DESCRIPTOR_HEADER(cd_plugin_desc_t),
    .type = CD_PLUGIN_SOURCE,
    .name = "com.example.CounterSourceConnector",
    .aliases = counter_aliases,
    .version = "1.0.0",
    .documentation = "Publishes count-1, count-2, ... to a topic at a fixed interval.",
    .config_defs = counter_config_defs,
    .ops = &counter_connector_ops,
};

static const cd_plugin_desc_t *const counter_plugins[] = {&counter_desc};

static const cd_plugin_manifest_t counter_manifest = {
    CD_DESCRIPTOR_HEADER(cd_plugin_manifest_t),
    .library = "counter-source",
    .plugins = counter_plugins,
    .n_plugins = 1,
};

CD_PLUGIN_MANIFEST(&counter_manifest)
