/*
 * KafkaBasedLog for librdkafka (see kafka_log.h).
 *
 * Two client instances: a producer (acks=all, murmur2 partitioner, one
 * request in flight so the records of one send keep their order) that also
 * runs the admin requests, and a consumer without a group. librdkafka's
 * high-level assign()/consumer_poll() need a group.id (and would make the
 * client look up a coordinator), so the consumer uses the simple consumer
 * API instead: every partition is started at OFFSET_BEGINNING on one queue,
 * which is what the Java worker's KafkaBasedLog does with assign() and no
 * group.
 *
 * Progress: pos[p] is the next offset of partition p whose record has been
 * handed to the callback (or skipped: partition EOF events carry the fetch
 * position, which also steps over compacted gaps and transaction markers).
 * read_to_end asks the broker for the end offsets and waits on `cond` until
 * every pos[p] has reached them.
 */
#include "kafka/kafka_log.h"

#include <errno.h>
#include <librdkafka/rdkafka.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kafka/client_config.h"
#include "kafka/kafka_log_admin.h"
#include "log/log.h"
#include "util/mem.h"

#define LOGGER "org.apache.kafka.connect.util.KafkaBasedLog"

/* How long the consumer thread blocks per poll: the bound on how long
 * destroy waits for it. */
#define POLL_MS 100
#define BATCH 256
/* Java's KafkaConfigBackingStore waits this long for a write. */
#define SEND_TIMEOUT_MS "30000"

struct kafka_log {
    char *topic;
    char thread_name[16];
    kafka_log_record_fn fn;
    void *opaque;
    rd_kafka_t *producer;
    rd_kafka_t *consumer;
    rd_kafka_topic_t *prkt; /* the producer's handle: its metadata is loaded in _new */
    rd_kafka_topic_t *crkt;
    rd_kafka_queue_t *cq;
    int partitions;
    bool consuming; /* consume_start done for every partition */

    pthread_mutex_t lock;
    pthread_cond_t cond;   /* pos advanced, a delivery report arrived, a poller left */
    int64_t *pos;          /* per partition, under lock */
    bool producer_polled;  /* one sender polls the producer at a time, under lock */

    pthread_t thread;
    bool thread_running;
    atomic_bool stopping;
};

/* One kafka_log_send call: its delivery reports count down `pending`. */
typedef struct send_batch {
    kafka_log_t *log;
    size_t pending;
    rd_kafka_resp_err_t err;
    char errstr[256];
} send_batch_t;

static int64_t now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void deadline_ts(struct timespec *ts, int64_t wait_ms) {
    clock_gettime(CLOCK_REALTIME, ts);
    ts->tv_sec += wait_ms / 1000;
    ts->tv_nsec += (wait_ms % 1000) * 1000000;
    if (ts->tv_nsec >= 1000000000) {
        ts->tv_sec++;
        ts->tv_nsec -= 1000000000;
    }
}

static void dr_cb(rd_kafka_t *rk, const rd_kafka_message_t *m, void *opaque) {
    (void)rk;
    (void)opaque;
    send_batch_t *b = m->_private;
    if (!b) return;
    pthread_mutex_lock(&b->log->lock);
    if (m->err && !b->err) {
        b->err = m->err;
        snprintf(b->errstr, sizeof b->errstr, "%s", rd_kafka_err2str(m->err));
    }
    b->pending--;
    pthread_cond_broadcast(&b->log->cond);
    pthread_mutex_unlock(&b->log->lock);
}

/* The internal-topic clients use the worker's connection settings only
 * (security.protocol, ssl.*, sasl.*): the producer./consumer./admin.
 * overrides are meant for the connectors' clients (Java passes the worker
 * originals unprefixed, so those keys never reach these clients). */
static cd_props_t *shared_props(const cd_props_t *worker) {
    cd_props_t *p = cd_props_new();
    for (size_t i = 0; worker && i < cd_props_count(worker); i++) {
        const char *k = cd_props_key_at(worker, i);
        if (strncmp(k, "producer.", 9) == 0 || strncmp(k, "consumer.", 9) == 0 ||
            strncmp(k, "admin.", 6) == 0)
            continue;
        cd_props_set(p, k, cd_props_value_at(worker, i));
    }
    return p;
}

static rd_kafka_t *make_client(const kafka_log_config_t *cfg, kafka_client_kind_t kind,
                               char *err, size_t errlen) {
    cd_props_t *worker = shared_props(cfg->worker_props);
    cd_props_t *extra = cd_props_new();
    if (cfg->client_id && *cfg->client_id) cd_props_set(extra, "client.id", cfg->client_id);
    if (kind == KAFKA_CLIENT_PRODUCER) {
        cd_props_set(extra, "acks", "all");
        cd_props_set(extra, "enable.idempotence", "false");
        cd_props_set(extra, "max.in.flight.requests.per.connection", "1");
        cd_props_set(extra, "linger.ms", "1");
        cd_props_set(extra, "message.timeout.ms", SEND_TIMEOUT_MS);
        /* The Java default partitioner: murmur2 of the key. */
        cd_props_set(extra, "partitioner", "murmur2_random");
    } else {
        cd_props_set(extra, "enable.partition.eof", "true");
        cd_props_set(extra, "enable.auto.commit", "false");
        cd_props_set(extra, "auto.offset.reset", "earliest");
        /* Java's consumer default; a pending transaction must not stall
         * read_to_end (which waits for the high watermark). */
        cd_props_set(extra, "isolation.level", "read_uncommitted");
        /* The simple consumer prefetches per partition (25 for offsets). */
        cd_props_set(extra, "queued.max.messages.kbytes", "8192");
        cd_props_set(extra, "allow.auto.create.topics", "false");
        /* The broker does not always answer a waiting fetch as soon as a
         * record is appended; this bounds the read-back of a write. */
        cd_props_set(extra, "fetch.wait.max.ms", "100");
    }
    rd_kafka_conf_t *conf = kafka_client_conf_new(cfg->bootstrap, worker, kind, extra, err, errlen);
    cd_props_destroy(worker);
    cd_props_destroy(extra);
    if (!conf) return NULL;
    if (kind == KAFKA_CLIENT_PRODUCER) rd_kafka_conf_set_dr_msg_cb(conf, dr_cb);
    char rderr[512];
    rd_kafka_t *rk = rd_kafka_new(kind == KAFKA_CLIENT_PRODUCER ? RD_KAFKA_PRODUCER
                                                                : RD_KAFKA_CONSUMER,
                                  conf, rderr, sizeof rderr);
    if (!rk) {
        rd_kafka_conf_destroy(conf);
        snprintf(err, errlen, "Failed to create Kafka client for topic %s: %s", cfg->topic, rderr);
    }
    return rk;
}

static void thread_name_for(kafka_log_t *l, const kafka_log_config_t *cfg) {
    /* "connect-cluster-configs" -> "cd-log-configs" (15 chars at most). */
    const char *suffix = cfg->client_id ? strrchr(cfg->client_id, '-') : NULL;
    suffix = suffix && suffix[1] ? suffix + 1 : cfg->topic;
    snprintf(l->thread_name, sizeof l->thread_name, "cd-log-%s", suffix);
}

kafka_log_t *kafka_log_new(const kafka_log_config_t *cfg, kafka_log_record_fn fn, void *opaque,
                           char *err, size_t errlen) {
    if (!cfg || !cfg->topic || !*cfg->topic || !cfg->bootstrap) {
        snprintf(err, errlen, "A topic and bootstrap servers are required for %s",
                 cfg && cfg->purpose ? cfg->purpose : "an internal topic");
        return NULL;
    }
    kafka_log_t *l = xcalloc(1, sizeof *l);
    l->topic = xstrdup(cfg->topic);
    l->fn = fn;
    l->opaque = opaque;
    pthread_mutex_init(&l->lock, NULL);
    pthread_cond_init(&l->cond, NULL);
    atomic_init(&l->stopping, false);
    thread_name_for(l, cfg);

    l->producer = make_client(cfg, KAFKA_CLIENT_PRODUCER, err, errlen);
    if (!l->producer) goto fail;
    l->consumer = make_client(cfg, KAFKA_CLIENT_CONSUMER, err, errlen);
    if (!l->consumer) goto fail;
    l->partitions = kafka_log_admin_ensure_topic(l->producer, l->consumer, cfg, err, errlen);
    if (l->partitions < 0) goto fail;
    l->pos = xcalloc((size_t)l->partitions, sizeof *l->pos);
    l->prkt = rd_kafka_topic_new(l->producer, l->topic, NULL);
    if (l->prkt) {
        /* Load the leaders now rather than on the first send. */
        const struct rd_kafka_metadata *md = NULL;
        if (rd_kafka_metadata(l->producer, 0, l->prkt, &md, 5000) == RD_KAFKA_RESP_ERR_NO_ERROR)
            rd_kafka_metadata_destroy(md);
    }
    l->crkt = rd_kafka_topic_new(l->consumer, l->topic, NULL);
    l->cq = rd_kafka_queue_new(l->consumer);
    if (!l->prkt || !l->crkt || !l->cq) {
        snprintf(err, errlen, "Failed to set up the consumer of topic %s", l->topic);
        goto fail;
    }
    return l;
fail:
    kafka_log_destroy(l);
    return NULL;
}

static void advance(kafka_log_t *l, int32_t partition, int64_t next) {
    if (partition < 0 || partition >= l->partitions) return;
    pthread_mutex_lock(&l->lock);
    if (next > l->pos[partition]) {
        l->pos[partition] = next;
        pthread_cond_broadcast(&l->cond);
    }
    pthread_mutex_unlock(&l->lock);
}

/* Hand one batch to the callback. Runs on the consumer thread, or on the
 * caller of kafka_log_start before that thread exists. */
static void handle_batch(kafka_log_t *l, rd_kafka_message_t **msgs, ssize_t n) {
    for (ssize_t i = 0; i < n; i++) {
        rd_kafka_message_t *m = msgs[i];
        if (m->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
            advance(l, m->partition, m->offset);
        } else if (m->err) {
            LOG_WARN(LOGGER, "Error reading topic %s partition %d: %s", l->topic, (int)m->partition,
                     rd_kafka_message_errstr(m));
        } else {
            if (l->fn)
                l->fn(l->opaque, m->key, m->key_len, m->payload, m->payload ? m->len : 0,
                      m->partition, m->offset);
            advance(l, m->partition, m->offset + 1);
        }
        rd_kafka_message_destroy(m);
    }
}

/* Wait up to timeout_ms for one record, then take whatever else is
 * already queued (the batch call would wait for a full batch). */
static void consume_once(kafka_log_t *l, int timeout_ms) {
    rd_kafka_message_t *msgs[BATCH];
    msgs[0] = rd_kafka_consume_queue(l->cq, timeout_ms);
    if (!msgs[0]) return;
    ssize_t n = rd_kafka_consume_batch_queue(l->cq, 0, msgs + 1, BATCH - 1);
    handle_batch(l, msgs, n > 0 ? n + 1 : 1);
}

static void *consumer_main(void *arg) {
    kafka_log_t *l = arg;
    while (!atomic_load(&l->stopping)) consume_once(l, POLL_MS);
    return NULL;
}

/* The end offsets of every partition as of now (ListOffsets LATEST: the
 * high watermark for read_uncommitted). One request per leader through
 * offsets_for_times; per-partition watermark queries if that fails. */
static int end_offsets_once(kafka_log_t *l, int64_t *ends, int timeout_ms) {
    rd_kafka_topic_partition_list_t *parts = rd_kafka_topic_partition_list_new(l->partitions);
    for (int p = 0; p < l->partitions; p++)
        rd_kafka_topic_partition_list_add(parts, l->topic, p)->offset = RD_KAFKA_OFFSET_END;
    int rc = -1;
    if (rd_kafka_offsets_for_times(l->consumer, parts, timeout_ms) == RD_KAFKA_RESP_ERR_NO_ERROR) {
        rc = 0;
        for (int i = 0; i < parts->cnt; i++) {
            const rd_kafka_topic_partition_t *tp = &parts->elems[i];
            if (tp->err || tp->offset < 0 || tp->partition < 0 || tp->partition >= l->partitions) {
                rc = -1;
                break;
            }
            ends[tp->partition] = tp->offset;
        }
    }
    rd_kafka_topic_partition_list_destroy(parts);
    if (rc == 0) return 0;
    for (int p = 0; p < l->partitions; p++) {
        int64_t lo, hi;
        rd_kafka_resp_err_t e =
            rd_kafka_query_watermark_offsets(l->consumer, l->topic, p, &lo, &hi, timeout_ms);
        if (e) {
            LOG_DEBUG(LOGGER, "Could not read the end offset of %s partition %d: %s", l->topic, p,
                      rd_kafka_err2str(e));
            return -1;
        }
        ends[p] = hi;
    }
    return 0;
}

/* The end offsets of every partition as of now (ListOffsets LATEST: the
 * high watermark for read_uncommitted): one request per leader through
 * offsets_for_times, per-partition watermark queries if that fails.
 * Retried until the deadline: partitions of a topic created a moment ago
 * may have no leader yet. */
static int end_offsets(kafka_log_t *l, int64_t *ends, int timeout_ms) {
    int64_t deadline = now_ms() + timeout_ms;
    for (;;) {
        int64_t left = deadline - now_ms();
        if (end_offsets_once(l, ends, left > 0 ? (int)left : 1) == 0) return 0;
        if (now_ms() + 100 >= deadline || atomic_load(&l->stopping)) break;
        struct timespec ts = {0, 100 * 1000000};
        nanosleep(&ts, NULL);
    }
    LOG_WARN(LOGGER, "Could not read the end offsets of topic %s", l->topic);
    return -1;
}

static bool caught_up_locked(const kafka_log_t *l, const int64_t *ends) {
    for (int p = 0; p < l->partitions; p++)
        if (l->pos[p] < ends[p]) return false;
    return true;
}

int kafka_log_start(kafka_log_t *l, int timeout_ms, char *err, size_t errlen) {
    if (l->consuming) {
        snprintf(err, errlen, "The log of topic %s was already started", l->topic);
        return -1;
    }
    int64_t deadline = now_ms() + timeout_ms;
    for (int p = 0; p < l->partitions; p++) {
        if (rd_kafka_consume_start_queue(l->crkt, p, RD_KAFKA_OFFSET_BEGINNING, l->cq) != 0) {
            snprintf(err, errlen, "Failed to start reading topic %s partition %d: %s", l->topic, p,
                     rd_kafka_err2str(rd_kafka_last_error()));
            for (int q = 0; q < p; q++) rd_kafka_consume_stop(l->crkt, q);
            return -1;
        }
    }
    l->consuming = true;
    int64_t *ends = xcalloc((size_t)l->partitions, sizeof *ends);
    int rc = end_offsets(l, ends, timeout_ms);
    if (rc != 0) {
        snprintf(err, errlen, "Failed to read the end offsets of topic %s", l->topic);
        free(ends);
        return -1;
    }
    for (;;) {
        pthread_mutex_lock(&l->lock);
        bool done = caught_up_locked(l, ends);
        pthread_mutex_unlock(&l->lock);
        if (done) break;
        int64_t left = deadline - now_ms();
        if (left <= 0) {
            snprintf(err, errlen, "Timed out after %d ms reading topic %s to its end", timeout_ms,
                     l->topic);
            free(ends);
            return -1;
        }
        consume_once(l, left < POLL_MS ? (int)left : POLL_MS);
    }
    free(ends);
    if (pthread_create(&l->thread, NULL, consumer_main, l) != 0) {
        snprintf(err, errlen, "Failed to start the reader thread of topic %s: %s", l->topic,
                 strerror(errno));
        return -1;
    }
    pthread_setname_np(l->thread, l->thread_name);
    l->thread_running = true;
    return 0;
}

int kafka_log_read_to_end(kafka_log_t *l, int timeout_ms) {
    /* The consumer thread would wait for itself. */
    if (!l->thread_running || pthread_equal(pthread_self(), l->thread)) return -1;
    int64_t deadline = now_ms() + timeout_ms;
    int64_t *ends = xcalloc((size_t)l->partitions, sizeof *ends);
    if (end_offsets(l, ends, timeout_ms) != 0) {
        free(ends);
        return -1;
    }
    int rc = 0;
    pthread_mutex_lock(&l->lock);
    while (!caught_up_locked(l, ends)) {
        int64_t left = deadline - now_ms();
        if (left <= 0) {
            rc = -1;
            break;
        }
        struct timespec ts;
        deadline_ts(&ts, left);
        pthread_cond_timedwait(&l->cond, &l->lock, &ts);
    }
    pthread_mutex_unlock(&l->lock);
    free(ends);
    return rc;
}

/* Serve delivery reports until the batch is complete. Senders take turns
 * polling the producer; a report for another sender's batch wakes that
 * sender through the condition variable. */
static void wait_batch(kafka_log_t *l, send_batch_t *b) {
    pthread_mutex_lock(&l->lock);
    while (b->pending > 0) {
        if (l->producer_polled) {
            pthread_cond_wait(&l->cond, &l->lock);
            continue;
        }
        l->producer_polled = true;
        pthread_mutex_unlock(&l->lock);
        rd_kafka_poll(l->producer, POLL_MS);
        pthread_mutex_lock(&l->lock);
        l->producer_polled = false;
        pthread_cond_broadcast(&l->cond);
    }
    pthread_mutex_unlock(&l->lock);
}

int kafka_log_send(kafka_log_t *l, const char *const *keys, const size_t *key_lens,
                   const char *const *values, const size_t *value_lens, size_t n, char *err,
                   size_t errlen) {
    send_batch_t b = {.log = l};
    rd_kafka_resp_err_t produce_err = RD_KAFKA_RESP_ERR_NO_ERROR;
    for (size_t i = 0; i < n; i++) {
        /* Counted before producing: its report may be served at once by
         * another sender's poll. */
        pthread_mutex_lock(&l->lock);
        b.pending++;
        pthread_mutex_unlock(&l->lock);
        for (;;) {
            size_t klen = key_lens ? key_lens[i] : strlen(keys[i]);
            size_t vlen = values[i] ? (value_lens ? value_lens[i] : strlen(values[i])) : 0;
            produce_err = rd_kafka_producev(
                l->producer, RD_KAFKA_V_RKT(l->prkt), RD_KAFKA_V_KEY((void *)keys[i], klen),
                RD_KAFKA_V_VALUE((void *)values[i], vlen), RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
                RD_KAFKA_V_OPAQUE(&b), RD_KAFKA_V_END);
            if (produce_err != RD_KAFKA_RESP_ERR__QUEUE_FULL) break;
            rd_kafka_poll(l->producer, 10);
        }
        if (produce_err) {
            pthread_mutex_lock(&l->lock);
            b.pending--;
            pthread_mutex_unlock(&l->lock);
            break;
        }
    }
    wait_batch(l, &b);
    if (produce_err) {
        snprintf(err, errlen, "Failed to write to topic %s: %s", l->topic,
                 rd_kafka_err2str(produce_err));
        return -1;
    }
    if (b.err) {
        snprintf(err, errlen, "Failed to write to topic %s: %s", l->topic, b.errstr);
        return -1;
    }
    return 0;
}

int kafka_log_partitions(const kafka_log_t *l) { return l->partitions; }

void kafka_log_destroy(kafka_log_t *l) {
    if (!l) return;
    atomic_store(&l->stopping, true);
    if (l->thread_running) pthread_join(l->thread, NULL);
    if (l->consuming) {
        for (int p = 0; p < l->partitions; p++) rd_kafka_consume_stop(l->crkt, p);
    }
    if (l->cq) {
        /* Release what was fetched but never handed out. */
        rd_kafka_message_t *msgs[BATCH];
        ssize_t n;
        while ((n = rd_kafka_consume_batch_queue(l->cq, 0, msgs, BATCH)) > 0)
            for (ssize_t i = 0; i < n; i++) rd_kafka_message_destroy(msgs[i]);
        rd_kafka_queue_destroy(l->cq);
    }
    if (l->crkt) rd_kafka_topic_destroy(l->crkt);
    if (l->prkt) rd_kafka_topic_destroy(l->prkt);
    if (l->consumer) rd_kafka_destroy(l->consumer);
    if (l->producer) {
        rd_kafka_flush(l->producer, 1000);
        rd_kafka_destroy(l->producer);
    }
    free(l->pos);
    free(l->topic);
    pthread_cond_destroy(&l->cond);
    pthread_mutex_destroy(&l->lock);
    free(l);
}
