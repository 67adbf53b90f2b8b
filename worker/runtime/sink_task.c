#include "runtime/sink_task.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/config_def.h"
#include "kafka/client_config.h"
#include "kafka/fetch_kicker.h"
#include "log/log.h"
#include "metrics/metrics.h"
#include "runtime/active_topics.h"
#include "runtime/contexts.h"
#include "runtime/dlq.h"
#include "runtime/error_handler.h"
#include "runtime/record_convert.h"
#include "runtime/task_converters.h"
#include "runtime/topic_pattern.h"
#include "runtime/transform_chain.h"
#include "util/mem.h"

#define LOGGER "org.apache.kafka.connect.runtime.WorkerSinkTask"
#define MAX_BATCH 5000
/* How often topics.regex looks for new topics: soon while nothing matches,
 * then at a pace that costs the cluster little (Java: metadata.max.age.ms). */
#define PATTERN_REFRESH_EMPTY_MS 2000
#define PATTERN_REFRESH_MS 30000

typedef struct tp_offset {
    char *topic;
    int32_t partition;
    int64_t next;      /* next offset after the last record handed to put */
    int64_t committed; /* last committed next offset, -1 if none */
} tp_offset_t;

typedef struct sink_task {
    worker_task_t base;
    const cd_sink_task_ops_t *ops;
    void *state;
    cd_config_t *config;
    cd_task_context_t ctx;
    task_converters_t conv;
    transform_chain_t *chain;
    error_handler_t errors;
    dlq_t *dlq;
    rd_kafka_t *consumer;
    rd_kafka_queue_t *queue;
    fetch_kicker_t *kicker;     /* librdkafka < 2.1 only */
    topic_pattern_t *pattern;   /* topics.regex, or NULL */
    int64_t next_pattern_refresh;
    cd_arena_t *arena;
    tp_offset_t *offsets;
    size_t n_offsets, cap_offsets;
    size_t last_tp;
    bool failed;
    task_metrics_t *metrics;
    active_topics_cache_t topics;
    uint64_t uncommitted; /* records read since the last successful commit */
} sink_task_t;

static tp_offset_t *tp_for(sink_task_t *st, const char *topic, int32_t partition) {
    if (st->last_tp < st->n_offsets) {
        tp_offset_t *o = &st->offsets[st->last_tp];
        if (o->partition == partition && strcmp(o->topic, topic) == 0) return o;
    }
    for (size_t i = 0; i < st->n_offsets; i++) {
        tp_offset_t *o = &st->offsets[i];
        if (o->partition == partition && strcmp(o->topic, topic) == 0) {
            st->last_tp = i;
            return o;
        }
    }
    if (st->n_offsets == st->cap_offsets) {
        st->cap_offsets = st->cap_offsets ? st->cap_offsets * 2 : 8;
        st->offsets = xrealloc(st->offsets, st->cap_offsets * sizeof *st->offsets);
    }
    st->last_tp = st->n_offsets;
    tp_offset_t *o = &st->offsets[st->n_offsets++];
    *o = (tp_offset_t){xstrdup(topic), partition, -1, -1};
    return o;
}

static void forget_tp(sink_task_t *st, const char *topic, int32_t partition) {
    for (size_t i = 0; i < st->n_offsets; i++) {
        if (st->offsets[i].partition == partition && strcmp(st->offsets[i].topic, topic) == 0) {
            free(st->offsets[i].topic);
            st->offsets[i] = st->offsets[--st->n_offsets];
            st->last_tp = 0;
            return;
        }
    }
}

typedef enum commit_outcome {
    COMMIT_DONE,
    COMMIT_SKIPPED, /* flush() asked to retry later */
    COMMIT_FAILED,
} commit_outcome_t;

/* Flush the task, then commit what the flush made durable. Returns -1 when
 * the task must fail; *out says what became of the commit. */
static int flush_and_commit(sink_task_t *st, commit_outcome_t *out) {
    *out = COMMIT_DONE;
    size_t n = 0;
    cd_topic_offset_t *tos = xcalloc(st->n_offsets ? st->n_offsets : 1, sizeof *tos);
    for (size_t i = 0; i < st->n_offsets; i++) {
        tp_offset_t *o = &st->offsets[i];
        if (o->next >= 0 && o->next != o->committed)
            tos[n++] = (cd_topic_offset_t){o->topic, o->partition, o->next};
    }
    if (n == 0) {
        free(tos);
        return 0;
    }
    int rc = 0;
    /* Dead-lettered records must be in Kafka before their offsets move. */
    if (dlq_flush(st->dlq, 30000) != 0) {
        cd_error_t e;
        cd_error_set(&e, CD_ERR_FATAL, "Could not write failed records to the dead letter queue");
        worker_task_fail(&st->base, "dlq", &e);
        free(tos);
        *out = COMMIT_FAILED;
        return -1;
    }
    cd_error_t err;
    cd_error_clear(&err);
    if (st->ops->flush && st->ops->flush(st->state, tos, n, &err) != 0) {
        if (err.code == CD_ERR_RETRIABLE) {
            LOG_WARN(LOGGER, "Flush failed, offsets not committed this time: %s", err.message);
            free(tos);
            *out = COMMIT_SKIPPED;
            return 0;
        }
        worker_task_fail(&st->base, "flush", &err);
        free(tos);
        *out = COMMIT_FAILED;
        return -1;
    }
    rd_kafka_topic_partition_list_t *list = rd_kafka_topic_partition_list_new((int)n);
    for (size_t i = 0; i < n; i++)
        if (tos[i].offset >= 0)
            rd_kafka_topic_partition_list_add(list, tos[i].topic, tos[i].partition)->offset =
                tos[i].offset;
    if (list->cnt) {
        rd_kafka_resp_err_t e = rd_kafka_commit(st->consumer, list, 0);
        if (e) {
            LOG_ERROR(LOGGER, "Commit of offsets failed: %s", rd_kafka_err2str(e));
            *out = COMMIT_FAILED;
        } else {
            for (int i = 0; i < list->cnt; i++)
                tp_for(st, list->elems[i].topic, list->elems[i].partition)->committed =
                    list->elems[i].offset;
            LOG_DEBUG(LOGGER, "Committed offsets of %d partition(s)", list->cnt);
        }
    }
    rd_kafka_topic_partition_list_destroy(list);
    free(tos);
    return rc;
}

/* flush_and_commit, measured. Nothing to commit counts as a completed
 * commit, as in Kafka's WorkerSinkTask. */
static int commit_offsets(sink_task_t *st) {
    uint64_t started = metrics_now_ns();
    commit_outcome_t outcome;
    int rc = flush_and_commit(st, &outcome);
    task_metrics_time(st->metrics, TT_OFFSET_COMMIT, metrics_now_ns() - started);
    switch (outcome) {
    case COMMIT_DONE:
        task_metrics_add(st->metrics, TM_OFFSET_COMMIT_SUCCESS, 1);
        task_metrics_add(st->metrics, TM_SINK_COMMIT_COMPLETION, 1);
        st->uncommitted = 0;
        task_metrics_set(st->metrics, TG_SINK_RECORD_ACTIVE, 0);
        break;
    case COMMIT_SKIPPED:
        task_metrics_add(st->metrics, TM_SINK_COMMIT_SKIP, 1);
        task_metrics_add(st->metrics, TM_OFFSET_COMMIT_FAILURE, 1);
        break;
    case COMMIT_FAILED: task_metrics_add(st->metrics, TM_OFFSET_COMMIT_FAILURE, 1); break;
    }
    return rc;
}

static void on_rebalance(rd_kafka_t *rk, rd_kafka_resp_err_t err,
                         rd_kafka_topic_partition_list_t *parts, void *opaque) {
    sink_task_t *st = opaque;
    if (err == RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS) {
        LOG_INFO(LOGGER, "Assigned %d partition(s)", parts->cnt);
        rd_kafka_assign(rk, parts);
        task_metrics_set(st->metrics, TG_SINK_PARTITIONS, parts->cnt);
        return;
    }
    /* Revocation: commit what we delivered before someone else reads on
     * (unless the plugin is already stopped: consumer_close revokes too). */
    if (st->state && !st->failed && commit_offsets(st) != 0) st->failed = true;
    for (int i = 0; i < parts->cnt; i++) forget_tp(st, parts->elems[i].topic, parts->elems[i].partition);
    rd_kafka_assign(rk, NULL);
    task_metrics_set(st->metrics, TG_SINK_PARTITIONS, 0);
}

static void refresh_pattern(sink_task_t *st) {
    int n = topic_pattern_refresh(st->pattern, st->consumer, 5000);
    st->next_pattern_refresh =
        monotonic_ms() + (n > 0 ? PATTERN_REFRESH_MS : PATTERN_REFRESH_EMPTY_MS);
}

static int make_consumer(sink_task_t *st, cd_error_t *err) {
    const task_env_t *env = st->base.env;
    const cd_props_t *cc = st->base.connector_config;
    cd_props_t *extra = cd_props_new();
    char group[512];
    snprintf(group, sizeof group, "connect-%s", st->base.connector);
    cd_props_set(extra, "group.id", group);
    cd_props_set(extra, "auto.offset.reset", "earliest");
    /* librdkafka stops fetching for a second whenever its local queue is
     * full; at the default 100 000 messages a busy sink drains that in well
     * under a second. Let the byte bound (queued.max.messages.kbytes, 64 MB
     * by default) be the limit, and refetch as soon as the queue is drained:
     * fetch.queue.backoff.ms from librdkafka 2.1, the kicker before that
     * (kafka/fetch_kicker.h). Users may still override both. */
    cd_props_set(extra, "queued.min.messages", "1000000");
    if (!fetch_kicker_needed()) cd_props_set(extra, "fetch.queue.backoff.ms", "10");
    /* Distributed mode: when a worker dies its sink tasks restart on the
     * others within the worker group's session timeout, but their
     * partitions stay with the dead consumer until the consumer group's
     * session times out too (45 s by default). Unless the user chose one,
     * the consumer gets the worker's session.timeout.ms, so data flows
     * again as soon as the tasks run. */
    const cd_props_t *wp = env->worker_props;
    if (wp && cd_props_get(wp, "group.id") && !cd_props_get(wp, "consumer.session.timeout.ms")) {
        const char *ws = cd_props_get(wp, "session.timeout.ms");
        cd_props_set(extra, "session.timeout.ms", ws && *ws ? ws : "10000");
    }
    for (size_t i = 0; i < cd_props_count(cc); i++) {
        const char *k = cd_props_key_at(cc, i);
        if (strncmp(k, "consumer.override.", 18) == 0)
            cd_props_set(extra, k + 18, cd_props_value_at(cc, i));
    }
    /* Offsets move only when flush() said the data is durable. */
    cd_props_set(extra, "enable.auto.commit", "false");
    cd_props_set(extra, "enable.auto.offset.store", "false");
    char msg[512];
    rd_kafka_conf_t *conf = kafka_client_conf_new(env->bootstrap, env->worker_props,
                                                  KAFKA_CLIENT_CONSUMER, extra, msg, sizeof msg);
    cd_props_destroy(extra);
    if (!conf) return cd_error_set(err, CD_ERR_CONFIG, "%s", msg);
    char cid[256];
    snprintf(cid, sizeof cid, "connector-consumer-%s-%d", st->base.connector, st->base.id);
    rd_kafka_conf_set(conf, "client.id", cid, NULL, 0);
    rd_kafka_conf_set_rebalance_cb(conf, on_rebalance);
    rd_kafka_conf_set_opaque(conf, st);
    st->consumer = rd_kafka_new(RD_KAFKA_CONSUMER, conf, msg, sizeof msg);
    if (!st->consumer) {
        rd_kafka_conf_destroy(conf);
        return cd_error_set(err, CD_ERR_FATAL, "Failed to create consumer: %s", msg);
    }
    rd_kafka_poll_set_consumer(st->consumer);
    st->queue = rd_kafka_queue_get_consumer(st->consumer);
    st->kicker = fetch_kicker_new(st->consumer);

    const char *regex = cd_props_get(st->base.task_config, "topics.regex");
    if (regex && *regex) {
        st->pattern = topic_pattern_new(regex, msg, sizeof msg);
        if (!st->pattern) return cd_error_set(err, CD_ERR_CONFIG, "%s", msg);
        refresh_pattern(st);
        return 0;
    }
    rd_kafka_topic_partition_list_t *topics = rd_kafka_topic_partition_list_new(4);
    size_t n = 0;
    const char *const *list = cd_config_list(st->config, "topics", &n);
    for (size_t i = 0; i < n; i++) {
        if (env->ensure_topic) env->ensure_topic(env->ensure_topic_opaque, list[i]);
        rd_kafka_topic_partition_list_add(topics, list[i], RD_KAFKA_PARTITION_UA);
    }
    rd_kafka_resp_err_t e = rd_kafka_subscribe(st->consumer, topics);
    rd_kafka_topic_partition_list_destroy(topics);
    if (e) return cd_error_set(err, CD_ERR_FATAL, "Failed to subscribe: %s", rd_kafka_err2str(e));
    return 0;
}

/* put() with retries of retriable errors; -1 when the task must fail. */
static int put_batch(sink_task_t *st, const cd_record_t *const *records, size_t n) {
    int attempt = 0;
    for (;;) {
        cd_error_t err;
        cd_error_clear(&err);
        uint64_t started = metrics_now_ns();
        if (st->ops->put(st->state, records, n, &err) == 0) {
            task_metrics_time(st->metrics, TT_PUT_BATCH, metrics_now_ns() - started);
            task_metrics_add(st->metrics, TM_SINK_RECORD_SEND, n);
            return 0;
        }
        if (err.code != CD_ERR_RETRIABLE) {
            worker_task_fail(&st->base, "put", &err);
            return -1;
        }
        attempt++;
        LOG_WARN(LOGGER, "Retriable error in put() (attempt %d), redelivering: %s", attempt,
                 err.message);
        worker_task_sleep(&st->base, attempt < 10 ? 100 * attempt : 1000);
        if (atomic_load(&st->base.stopping)) return -1;
    }
}

static void set_paused(sink_task_t *st, bool paused) {
    rd_kafka_topic_partition_list_t *a = NULL;
    if (rd_kafka_assignment(st->consumer, &a) || !a) return;
    if (paused)
        rd_kafka_pause_partitions(st->consumer, a);
    else
        rd_kafka_resume_partitions(st->consumer, a);
    rd_kafka_topic_partition_list_destroy(a);
}

/* Convert one consumed batch and put it. -1 when the task must fail. */
static int deliver(sink_task_t *st, rd_kafka_message_t **msgs, ssize_t n) {
    const cd_record_t **records = xmalloc((size_t)(n ? n : 1) * sizeof *records);
    size_t nr = 0, read = 0;
    int rc = 0;
    for (ssize_t i = 0; i < n && rc == 0; i++) {
        rd_kafka_message_t *m = msgs[i];
        if (m->err) {
            if (m->err != RD_KAFKA_RESP_ERR__PARTITION_EOF)
                LOG_WARN(LOGGER, "Consumer error: %s", rd_kafka_message_errstr(m));
            continue;
        }
        read++;
        active_topics_note(&st->topics, rd_kafka_topic_name(m->rkt));
        cd_record_t *r = NULL;
        error_stage_t stage = STAGE_KEY_CONVERTER;
        cd_error_t err;
        cd_error_clear(&err);
        int64_t started = monotonic_ms();
        for (int attempt = 1;; attempt++) {
            if (record_from_kafka(&st->conv, m, st->arena, &r, &stage, &err) == 0) break;
            int64_t delay = err.code == CD_ERR_RETRIABLE
                                ? error_handler_retry_delay(&st->errors, attempt, started)
                                : -1;
            if (delay < 0 || atomic_load(&st->base.stopping)) break;
            error_handler_note_retry(&st->errors);
            worker_task_sleep(&st->base, delay);
            cd_error_clear(&err);
        }
        const cd_record_t *out = r;
        const char *cls = NULL;
        if (r && !transform_chain_empty(st->chain)) {
            stage = STAGE_TRANSFORMATION;
            if (transform_chain_apply(st->chain, r, st->arena, &out, &cls, &err) != 0) r = NULL;
        }
        if (r) {
            if (out) records[nr++] = out; /* NULL: dropped by a transform */
        } else {
            if (!cls) cls = record_convert_stage_class(&st->conv, stage);
            if (!error_handler_tolerate(&st->errors, stage, cls, &err, m)) {
                worker_task_fail_tolerance(&st->base, error_stage_name(stage), &err);
                rc = -1;
                break;
            }
        }
        /* Delivered or deliberately skipped: either way it is done. */
        tp_for(st, rd_kafka_topic_name(m->rkt), m->partition)->next = m->offset + 1;
    }
    if (read) {
        task_metrics_add(st->metrics, TM_SINK_RECORD_READ, read);
        st->uncommitted += read;
        task_metrics_set(st->metrics, TG_SINK_RECORD_ACTIVE, (int64_t)st->uncommitted);
    }
    if (rc == 0 && nr) rc = put_batch(st, records, nr);
    free(records);
    return rc;
}

static void sink_run(worker_task_t *t) {
    sink_task_t *st = (sink_task_t *)t;
    cd_error_t err;
    cd_error_clear(&err);
    metrics_startup_attempt(METRICS_STARTUP_TASK);
    const cd_connector_ops_t *cops = t->desc->ops;
    st->ops = cops->sink_task;
    const cd_config_def_t *tables[1] = {t->desc->config_defs};
    st->config = config_new(tables, t->desc->config_defs ? 1 : 0, t->task_config);
    task_context_init(&st->ctx, t->connector, t->id, NULL);
    st->arena = cd_arena_new(0);
    char msg[512];
    st->dlq = dlq_new(t->env, t->connector_config, t->connector, t->id, msg, sizeof msg);
    if (!st->dlq && msg[0]) {
        cd_error_set(&err, CD_ERR_FATAL, "Cannot create the dead letter queue producer: %s", msg);
        metrics_startup_result(METRICS_STARTUP_TASK, false);
        worker_task_fail(t, "start", &err);
        return;
    }
    dlq_set_metrics(st->dlq, st->metrics);
    error_handler_init(&st->errors, t->connector_config, t->connector, t->id, st->dlq);
    st->errors.metrics = st->metrics;
    if (task_converters_init(&st->conv, t->env->registry, t->env->worker_props,
                             t->connector_config, &err) != 0 ||
        !(st->chain = transform_chain_new(t->env->registry, t->connector_config, &err)) ||
        make_consumer(st, &err) != 0) {
        metrics_startup_result(METRICS_STARTUP_TASK, false);
        worker_task_fail(t, "start", &err);
        return;
    }
    if (st->ops->start(&st->state, st->config, &st->ctx, &err) != 0) {
        metrics_startup_result(METRICS_STARTUP_TASK, false);
        worker_task_fail(t, "start", &err);
        return;
    }
    metrics_startup_result(METRICS_STARTUP_TASK, true);
    LOG_INFO(LOGGER, "%s-%d Sink task finished initialization and start", t->connector, t->id);
    worker_task_set_state(t, STATE_RUNNING);

    rd_kafka_message_t **msgs = xmalloc(MAX_BATCH * sizeof *msgs);
    int64_t next_commit = monotonic_ms() + t->env->offset_flush_interval_ms;
    bool paused = false;
    while (!atomic_load(&t->stopping) && !st->failed) {
        bool want_pause = atomic_load(&t->paused);
        if (want_pause != paused) {
            set_paused(st, want_pause);
            paused = want_pause;
            worker_task_set_state(t, paused ? STATE_PAUSED : STATE_RUNNING);
        }
        if (st->pattern && monotonic_ms() >= st->next_pattern_refresh) refresh_pattern(st);
        cd_arena_reset(st->arena);
        ssize_t n = rd_kafka_consume_batch_queue(st->queue, 200, msgs, MAX_BATCH);
        if (n < 0) {
            LOG_WARN(LOGGER, "Consume failed: %s", rd_kafka_err2str(rd_kafka_last_error()));
            n = 0;
        }
        /* A short batch after data flowed: the local queue is drained, so
         * fetch again now rather than after librdkafka's backoff. */
        if (n > 0 && n < MAX_BATCH)
            fetch_kicker_kick(st->kicker, rd_kafka_topic_name(msgs[n - 1]->rkt),
                              msgs[n - 1]->partition);
        int rc = deliver(st, msgs, n);
        for (ssize_t i = 0; i < n; i++) rd_kafka_message_destroy(msgs[i]);
        if (rc != 0) break;
        if (monotonic_ms() >= next_commit || atomic_exchange(&st->ctx.commit_requested, false)) {
            if (commit_offsets(st) != 0) break;
            next_commit = monotonic_ms() + t->env->offset_flush_interval_ms;
        }
    }
    free(msgs);
    /* Stop: flush and commit what was delivered (not after a failure: the
     * task's data may not be durable). */
    if (worker_task_status(t, NULL) != STATE_FAILED) commit_offsets(st);
    st->ops->stop(st->state);
    st->state = NULL;
    fetch_kicker_destroy(st->kicker);
    st->kicker = NULL;
    rd_kafka_consumer_close(st->consumer);
    if (worker_task_status(t, NULL) != STATE_FAILED) worker_task_set_state(t, STATE_UNASSIGNED);
    LOG_INFO(LOGGER, "%s-%d Sink task stopped", t->connector, t->id);
}

static void sink_destroy(worker_task_t *t) {
    sink_task_t *st = (sink_task_t *)t;
    fetch_kicker_destroy(st->kicker); /* a task that failed before its loop ended */
    if (st->queue) rd_kafka_queue_destroy(st->queue);
    if (st->consumer) rd_kafka_destroy(st->consumer);
    topic_pattern_destroy(st->pattern);
    dlq_destroy(st->dlq);
    task_converters_fini(&st->conv);
    transform_chain_destroy(st->chain);
    config_destroy(st->config);
    cd_arena_destroy(st->arena);
    for (size_t i = 0; i < st->n_offsets; i++) free(st->offsets[i].topic);
    free(st->offsets);
    active_topics_cache_fini(&st->topics);
    metrics_task_release(st->metrics);
    worker_task_fini(t);
    free(st);
}

static const worker_task_vtbl_t sink_vtbl = {sink_run, NULL, sink_destroy};

worker_task_t *sink_task_new(const task_env_t *env, const char *connector, int id,
                             const cd_plugin_desc_t *desc, const cd_props_t *connector_config,
                             const cd_props_t *task_config) {
    sink_task_t *st = xcalloc(1, sizeof *st);
    worker_task_init(&st->base, &sink_vtbl, env, connector, id, desc, connector_config,
                     task_config);
    st->base.ctx = &st->ctx;
    st->metrics = metrics_task_acquire(connector, id, METRICS_TASK_SINK);
    active_topics_cache_init(&st->topics, connector,
                             active_topics_tracking_enabled(env->worker_props));
    return &st->base;
}
