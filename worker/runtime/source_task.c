#include "runtime/source_task.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/config_def.h"
#include "kafka/client_config.h"
#include "log/log.h"
#include "metrics/metrics.h"
#include "runtime/active_topics.h"
#include "runtime/contexts.h"
#include "runtime/error_handler.h"
#include "runtime/record_convert.h"
#include "runtime/source_offsets.h"
#include "runtime/task_converters.h"
#include "runtime/transform_chain.h"
#include "util/mem.h"

#define LOGGER "org.apache.kafka.connect.runtime.WorkerSourceTask"
/* Records polled but not yet acknowledged: bounds memory (backpressure). */
#define MAX_INFLIGHT 50000
#define MAX_POLL_BATCH 10000

typedef struct source_task {
    worker_task_t base;
    const cd_source_task_ops_t *ops;
    void *state;
    cd_config_t *config;
    cd_task_context_t ctx;
    task_converters_t conv;
    transform_chain_t *chain;
    error_handler_t errors;
    rd_kafka_t *producer;
    source_offsets_t *offsets;
    buf_t key, value;
    char *last_topic;         /* ensure_topic ran for it */
    task_metrics_t *metrics;
    active_topics_cache_t topics;
    /* wakeup() comes from other threads: it may only reach the plugin
     * between start() and stop(), which wake_lock makes sure of. */
    pthread_mutex_t wake_lock;
    bool started;
    bool send_failed;         /* a delivery failed and tolerance is none */
    cd_error_t send_error;
} source_task_t;

static void on_delivery(rd_kafka_t *rk, const rd_kafka_message_t *m, void *opaque) {
    (void)rk;
    source_task_t *st = opaque;
    unsigned char *slot = m->_private;
    if (!m->err) {
        *slot = ACK_OK;
        task_metrics_add(st->metrics, TM_SOURCE_RECORD_WRITE, 1);
        return;
    }
    *slot = ACK_FAILED;
    task_metrics_add(st->metrics, TM_RECORD_FAILURES, 1);
    task_metrics_add(st->metrics, TM_RECORD_ERRORS, 1);
    task_metrics_set(st->metrics, TG_LAST_ERROR_MS, now_ms());
    if (st->errors.tolerate_all) task_metrics_add(st->metrics, TM_RECORDS_SKIPPED, 1);
    if (!st->errors.tolerate_all && !st->send_failed) {
        st->send_failed = true;
        cd_error_set_class(&st->send_error, CD_ERR_FATAL,
                           "org.apache.kafka.connect.errors.ConnectException",
                           "Unrecoverable exception from producer send callback: %s",
                           rd_kafka_err2str(m->err));
    } else {
        LOG_WARN(LOGGER, "Failed to send a record to topic %s: %s (skipped, errors.tolerance=all)",
                 rd_kafka_topic_name(m->rkt), rd_kafka_err2str(m->err));
    }
}

static int make_producer(source_task_t *st, cd_error_t *err) {
    const task_env_t *env = st->base.env;
    cd_props_t *extra = cd_props_new();
    /* Connector-level producer.override.* keys win over the worker's. */
    const cd_props_t *cc = st->base.connector_config;
    for (size_t i = 0; i < cd_props_count(cc); i++) {
        const char *k = cd_props_key_at(cc, i);
        if (strncmp(k, "producer.override.", 18) == 0)
            cd_props_set(extra, k + 18, cd_props_value_at(cc, i));
    }
    /* No data loss: every record is on all in-sync replicas, once. */
    cd_props_set(extra, "acks", "all");
    cd_props_set(extra, "enable.idempotence", "true");
    char msg[512];
    rd_kafka_conf_t *conf =
        kafka_client_conf_new(env->bootstrap, env->worker_props, KAFKA_CLIENT_PRODUCER, extra, msg,
                              sizeof msg);
    cd_props_destroy(extra);
    if (!conf) return cd_error_set(err, CD_ERR_CONFIG, "%s", msg);
    char cid[256];
    snprintf(cid, sizeof cid, "connector-producer-%s-%d", st->base.connector, st->base.id);
    rd_kafka_conf_set(conf, "client.id", cid, NULL, 0);
    rd_kafka_conf_set_dr_msg_cb(conf, on_delivery);
    rd_kafka_conf_set_opaque(conf, st);
    st->producer = rd_kafka_new(RD_KAFKA_PRODUCER, conf, msg, sizeof msg);
    if (!st->producer) {
        rd_kafka_conf_destroy(conf);
        return cd_error_set(err, CD_ERR_FATAL, "Failed to create producer: %s", msg);
    }
    /* Wait for the first metadata answer now: librdkafka 2.0 does not ask
     * for a new topic's metadata while its initial request is in flight, so
     * the first records could otherwise sit out a one-second timer. */
    const struct rd_kafka_metadata *md = NULL;
    if (rd_kafka_metadata(st->producer, 0, NULL, &md, 2000) == RD_KAFKA_RESP_ERR_NO_ERROR)
        rd_kafka_metadata_destroy(md);
    return 0;
}

static void after_ack(void *arg, const cd_record_t *r, bool ok) {
    source_task_t *st = arg;
    (void)ok;
    if (st->ops->commit_record) st->ops->commit_record(st->state, r);
}

static void commit_offsets(source_task_t *st) {
    uint64_t started = metrics_now_ns();
    source_offsets_advance(st->offsets, after_ack, st);
    size_t n = 0;
    char err[512];
    if (source_offsets_commit(st->offsets, st->base.env->offsets, &n, err, sizeof err) != 0) {
        LOG_ERROR(LOGGER, "Failed to commit offsets: %s", err);
        task_metrics_time(st->metrics, TT_OFFSET_COMMIT, metrics_now_ns() - started);
        task_metrics_add(st->metrics, TM_OFFSET_COMMIT_FAILURE, 1);
        return;
    }
    if (n) {
        LOG_DEBUG(LOGGER, "Committed offsets of %zu source partition(s)", n);
        if (st->ops->commit) st->ops->commit(st->state);
    }
    /* Nothing to write is a success too, as in Kafka's WorkerSourceTask. */
    task_metrics_time(st->metrics, TT_OFFSET_COMMIT, metrics_now_ns() - started);
    task_metrics_add(st->metrics, TM_OFFSET_COMMIT_SUCCESS, 1);
}

/* Produce one record; returns 0, or -1 when the task must fail. */
static int send_record(source_task_t *st, const cd_record_t *polled, cd_arena_t *arena,
                       unsigned char *slot) {
    cd_error_t err;
    cd_error_clear(&err);
    rd_kafka_headers_t *hdrs = NULL;
    error_stage_t stage;
    const char *transform_class = NULL;
    const cd_record_t *r = polled;
    if (!transform_chain_empty(st->chain) &&
        transform_chain_apply(st->chain, polled, arena, &r, &transform_class, &err) != 0) {
        stage = STAGE_TRANSFORMATION;
        goto failed;
    }
    if (!r) { /* dropped by a transform: done, and its offset counts */
        *slot = ACK_OK;
        return 0;
    }
    if (!r->topic || !*r->topic) {
        cd_error_set(&err, CD_ERR_DATA, "Record has no topic");
        stage = STAGE_KAFKA_PRODUCE;
        goto failed;
    }
    if (r->timestamp < CD_NO_TIMESTAMP) {
        cd_error_set_class(&err, CD_ERR_DATA, "org.apache.kafka.common.InvalidRecordException",
                           "Invalid record timestamp %lld", (long long)r->timestamp);
        stage = STAGE_KAFKA_PRODUCE;
        goto failed;
    }
    if (st->base.env->ensure_topic && (!st->last_topic || strcmp(st->last_topic, r->topic) != 0)) {
        st->base.env->ensure_topic(st->base.env->ensure_topic_opaque, r->topic);
        free(st->last_topic);
        st->last_topic = xstrdup(r->topic);
    }
    /* Retriable converter errors are retried within errors.retry.timeout. */
    int64_t started = monotonic_ms();
    for (int attempt = 1;; attempt++) {
        if (record_to_kafka(&st->conv, r, &st->key, &st->value, &hdrs, &stage, &err) == 0) break;
        int64_t delay = err.code == CD_ERR_RETRIABLE
                            ? error_handler_retry_delay(&st->errors, attempt, started)
                            : -1;
        if (delay < 0 || atomic_load(&st->base.stopping)) goto failed;
        error_handler_note_retry(&st->errors);
        worker_task_sleep(&st->base, delay);
    }
    for (;;) {
        rd_kafka_resp_err_t e = rd_kafka_producev(
            st->producer, RD_KAFKA_V_TOPIC(r->topic),
            RD_KAFKA_V_PARTITION(r->partition == CD_NO_PARTITION ? RD_KAFKA_PARTITION_UA
                                                                 : r->partition),
            RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
            RD_KAFKA_V_KEY(st->key.is_null ? NULL : st->key.data, st->key.is_null ? 0 : st->key.len),
            RD_KAFKA_V_VALUE(st->value.is_null ? NULL : st->value.data,
                             st->value.is_null ? 0 : st->value.len),
            RD_KAFKA_V_TIMESTAMP(r->timestamp > 0 ? r->timestamp : 0),
            RD_KAFKA_V_HEADERS(hdrs), RD_KAFKA_V_OPAQUE(slot), RD_KAFKA_V_END);
        if (!e) {
            active_topics_note(&st->topics, r->topic);
            return 0;
        }
        if (e == RD_KAFKA_RESP_ERR__QUEUE_FULL) { /* backpressure from the producer */
            rd_kafka_poll(st->producer, 50);
            continue;
        }
        if (hdrs) rd_kafka_headers_destroy(hdrs);
        hdrs = NULL;
        cd_error_set(&err, CD_ERR_FATAL, "Failed to send record to topic %s: %s", r->topic,
                     rd_kafka_err2str(e));
        stage = STAGE_KAFKA_PRODUCE;
        goto failed;
    }
failed:
    if (hdrs) rd_kafka_headers_destroy(hdrs);
    const char *cls = stage == STAGE_TRANSFORMATION ? transform_class
                                                    : record_convert_stage_class(&st->conv, stage);
    if (error_handler_tolerate(&st->errors, stage, cls, &err, NULL)) {
        *slot = ACK_OK; /* dropped on purpose: its offset still counts */
        return 0;
    }
    worker_task_fail_tolerance(&st->base, error_stage_name(stage), &err);
    return -1;
}

/* One poll and its sends. Returns -1 when the task failed. */
static int poll_once(source_task_t *st, int *retriable_attempt, int64_t *retry_started) {
    size_t room = MAX_INFLIGHT - source_offsets_inflight(st->offsets);
    inflight_batch_t *b =
        source_offsets_begin_batch(st->offsets, room < MAX_POLL_BATCH ? room : MAX_POLL_BATCH);
    cd_source_batch_t *batch = inflight_batch_records(b);
    cd_error_t err;
    cd_error_clear(&err);
    uint64_t started = metrics_now_ns();
    int rc = st->ops->poll(st->state, batch, &err);
    if (batch->n) { /* Kafka times only the polls that returned records */
        task_metrics_time(st->metrics, TT_POLL_BATCH, metrics_now_ns() - started);
        task_metrics_add(st->metrics, TM_SOURCE_RECORD_POLL, batch->n);
    }
    if (rc != 0) {
        source_offsets_submit(st->offsets, b); /* records before the error still count */
        if (rc == CD_ERR_RETRIABLE) {
            if (*retriable_attempt == 0) *retry_started = monotonic_ms();
            ++*retriable_attempt;
            LOG_WARN(LOGGER, "Retriable error in poll(): %s", err.message);
            worker_task_sleep(&st->base, 1000);
            return 0;
        }
        worker_task_fail(&st->base, "poll", &err);
        return -1;
    }
    *retriable_attempt = 0;
    inflight_batch_prepare_acks(b);
    for (size_t i = 0; i < batch->n; i++) {
        if (send_record(st, batch->records[i], batch->arena, inflight_batch_ack_slot(b, i)) != 0) {
            /* Unsent records of a failed task never commit: mark nothing. */
            batch->n = i;
            source_offsets_submit(st->offsets, b);
            return -1;
        }
    }
    source_offsets_submit(st->offsets, b);
    return 0;
}

static void source_run(worker_task_t *t) {
    source_task_t *st = (source_task_t *)t;
    cd_error_t err;
    cd_error_clear(&err);
    metrics_startup_attempt(METRICS_STARTUP_TASK);
    if (task_converters_init(&st->conv, t->env->registry, t->env->worker_props,
                             t->connector_config, &err) != 0 ||
        make_producer(st, &err) != 0 ||
        !(st->chain = transform_chain_new(t->env->registry, t->connector_config, &err))) {
        metrics_startup_result(METRICS_STARTUP_TASK, false);
        worker_task_fail(t, "start", &err);
        return;
    }
    const cd_connector_ops_t *cops = t->desc->ops;
    st->ops = cops->source_task;
    const cd_config_def_t *tables[1] = {t->desc->config_defs};
    st->config = config_new(tables, t->desc->config_defs ? 1 : 0, t->task_config);
    task_context_init(&st->ctx, t->connector, t->id, t->env->offsets);
    error_handler_init(&st->errors, t->connector_config, t->connector, t->id, NULL);
    st->errors.metrics = st->metrics;
    st->offsets = source_offsets_new(t->connector);

    if (st->ops->start(&st->state, st->config, &st->ctx, &err) != 0) {
        metrics_startup_result(METRICS_STARTUP_TASK, false);
        worker_task_fail(t, "start", &err);
        return;
    }
    metrics_startup_result(METRICS_STARTUP_TASK, true);
    pthread_mutex_lock(&st->wake_lock);
    st->started = true;
    pthread_mutex_unlock(&st->wake_lock);
    LOG_INFO(LOGGER, "%s-%d Source task finished initialization and start", t->connector, t->id);
    worker_task_set_state(t, STATE_RUNNING);

    int64_t next_commit = monotonic_ms() + t->env->offset_flush_interval_ms;
    int retry_attempt = 0;
    int64_t retry_started = 0;
    while (!atomic_load(&t->stopping)) {
        worker_task_wait_while_paused(t);
        if (atomic_load(&t->stopping)) break;
        rd_kafka_poll(st->producer, 0); /* serve delivery reports */
        if (st->send_failed) {
            worker_task_fail(t, "send", &st->send_error);
            break;
        }
        if (monotonic_ms() >= next_commit) {
            commit_offsets(st);
            next_commit = monotonic_ms() + t->env->offset_flush_interval_ms;
        } else {
            source_offsets_advance(st->offsets, after_ack, st);
        }
        task_metrics_set(st->metrics, TG_SOURCE_RECORD_ACTIVE,
                         (int64_t)source_offsets_inflight(st->offsets));
        if (source_offsets_inflight(st->offsets) >= MAX_INFLIGHT) {
            rd_kafka_poll(st->producer, 100);
            continue;
        }
        if (poll_once(st, &retry_attempt, &retry_started) != 0) break;
    }

    /* Stop: everything sent gets its acknowledgement, then the final commit. */
    int64_t timeout = t->env->offset_flush_timeout_ms > 0 ? t->env->offset_flush_timeout_ms : 5000;
    rd_kafka_resp_err_t fe = rd_kafka_flush(st->producer, (int)timeout);
    if (fe) LOG_WARN(LOGGER, "Producer flush on stop: %s", rd_kafka_err2str(fe));
    commit_offsets(st);
    task_metrics_set(st->metrics, TG_SOURCE_RECORD_ACTIVE,
                     (int64_t)source_offsets_inflight(st->offsets));
    pthread_mutex_lock(&st->wake_lock);
    st->started = false;
    pthread_mutex_unlock(&st->wake_lock);
    st->ops->stop(st->state);
    st->state = NULL;
    if (worker_task_status(t, NULL) != STATE_FAILED) worker_task_set_state(t, STATE_UNASSIGNED);
    LOG_INFO(LOGGER, "%s-%d Source task stopped", t->connector, t->id);
}

static void source_wakeup(worker_task_t *t) {
    source_task_t *st = (source_task_t *)t;
    pthread_mutex_lock(&st->wake_lock);
    if (st->started && st->ops->wakeup) st->ops->wakeup(st->state);
    pthread_mutex_unlock(&st->wake_lock);
}

static void source_destroy(worker_task_t *t) {
    source_task_t *st = (source_task_t *)t;
    if (st->producer) rd_kafka_destroy(st->producer);
    task_converters_fini(&st->conv);
    transform_chain_destroy(st->chain);
    config_destroy(st->config);
    source_offsets_destroy(st->offsets);
    buf_free(&st->key);
    buf_free(&st->value);
    free(st->last_topic);
    active_topics_cache_fini(&st->topics);
    metrics_task_release(st->metrics);
    pthread_mutex_destroy(&st->wake_lock);
    worker_task_fini(t);
    free(st);
}

static const worker_task_vtbl_t source_vtbl = {source_run, source_wakeup, source_destroy};

worker_task_t *source_task_new(const task_env_t *env, const char *connector, int id,
                               const cd_plugin_desc_t *desc, const cd_props_t *connector_config,
                               const cd_props_t *task_config) {
    source_task_t *st = xcalloc(1, sizeof *st);
    worker_task_init(&st->base, &source_vtbl, env, connector, id, desc, connector_config,
                     task_config);
    st->base.ctx = &st->ctx;
    buf_init(&st->key);
    buf_init(&st->value);
    pthread_mutex_init(&st->wake_lock, NULL);
    st->metrics = metrics_task_acquire(connector, id, METRICS_TASK_SOURCE);
    active_topics_cache_init(&st->topics, connector,
                             active_topics_tracking_enabled(env->worker_props));
    return &st->base;
}
