/*
 * A compacted Kafka topic used as a replicated log (Kafka Connect's
 * KafkaBasedLog): the worker's config, offsets and status stores sit on
 * it. kafka_log_new makes sure the topic exists with cleanup.policy=compact
 * (creating it with the configured partitions, replication factor and
 * extra topic configs, or failing with Kafka's message naming the topic
 * and the property when it exists with another policy); start reads every
 * partition from the beginning to the end and then keeps consuming on its
 * own thread ("cd-log-<purpose>"), handing each record to the callback.
 *
 * Records are produced with the Java client's default partitioner
 * (murmur2 of the key) and acks=all, so a Java worker and connectd put the
 * same key in the same partition and compaction keeps the newest.
 */
#ifndef CONNECTD_KAFKA_KAFKA_LOG_H
#define CONNECTD_KAFKA_KAFKA_LOG_H

#include <connectd/config.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct kafka_log kafka_log_t;

/* One record read from the log; value NULL is a tombstone. Runs on the
 * log's consumer thread (or the caller of start/read_to_end during the
 * initial read); records of one partition arrive in offset order. */
typedef void (*kafka_log_record_fn)(void *opaque, const char *key, size_t key_len,
                                    const char *value, size_t value_len, int32_t partition,
                                    int64_t offset);

typedef struct kafka_log_config {
    const char *topic;
    const char *topic_property; /* "config.storage.topic", for error messages */
    const char *purpose;        /* "connector configurations", "source offsets", "statuses" */
    int partitions;             /* when creating; -1 = broker default */
    int replication_factor;     /* when creating; -1 = broker default */
    bool single_partition;      /* config topic: an existing topic must have exactly 1 */
    /* Extra topic configs for creation (the `config.storage.` etc. keys of
     * the worker with the prefix stripped; cleanup.policy, partitions and
     * replication.factor are ignored). Borrowed, may be NULL. */
    const cd_props_t *topic_configs;
    const char *bootstrap;
    const cd_props_t *worker_props; /* security.protocol, ssl.*, sasl.*: borrowed */
    const char *client_id;          /* e.g. "connect-cluster-configs" */
} kafka_log_config_t;

/* Connects, checks or creates the topic. Strings are copied. */
kafka_log_t *kafka_log_new(const kafka_log_config_t *cfg, kafka_log_record_fn fn, void *opaque,
                           char *err, size_t errlen);
/* Read from the beginning to the current end (callbacks on the calling
 * thread), then start the background consumer thread. */
int kafka_log_start(kafka_log_t *l, int timeout_ms, char *err, size_t errlen);
/* Block until every record written before this call has been handed to
 * the callback (high watermarks read now, consumed up to them). 0, or -1
 * on timeout. Any thread but the consumer's. */
int kafka_log_read_to_end(kafka_log_t *l, int timeout_ms);
/* Produce records and wait until all are acknowledged by the broker
 * (acks=all). values[i] NULL is a tombstone. The records of one call keep
 * their order (same partition for the config topic). 0, or -1 with err. */
int kafka_log_send(kafka_log_t *l, const char *const *keys, const size_t *key_lens,
                   const char *const *values, const size_t *value_lens, size_t n, char *err,
                   size_t errlen);
/* Partitions of the topic. */
int kafka_log_partitions(const kafka_log_t *l);
/* Stop the consumer thread and free. NULL is fine. */
void kafka_log_destroy(kafka_log_t *l);

#endif
