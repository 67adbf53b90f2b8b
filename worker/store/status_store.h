/*
 * Connector and task statuses in the status topic (Kafka's
 * KafkaStatusBackingStore; reference §5.2): `status-connector-<name>` and
 * `status-task-<name>-<n>` with {"state","trace","worker_id","generation",
 * "version"}, plus KIP-558 topic records `status-topic-<topic>:connector-<name>`.
 * Every worker reads the whole topic, so any worker answers GET status.
 *
 * Thread-safe. Records are applied on the status log's thread.
 */
#ifndef CONNECTD_STORE_STATUS_STORE_H
#define CONNECTD_STORE_STATUS_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kafka/kafka_log.h"

typedef struct status_store status_store_t;

typedef struct status_entry {
    char *state;     /* UNASSIGNED, RUNNING, PAUSED, FAILED, RESTARTING, STOPPED */
    char *trace;     /* NULL unless FAILED */
    char *worker_id; /* host:port */
    int32_t generation;
    char *version;   /* plugin version, may be NULL */
} status_entry_t;
void status_entry_clear(status_entry_t *e);

status_store_t *status_store_new(const kafka_log_config_t *log_cfg, char *err, size_t errlen);
/* Check or create the topic, read it to the end, keep following it. */
int status_store_start(status_store_t *s, int timeout_ms, char *err, size_t errlen);

/* Write a status (task < 0: the connector). safe=true applies Kafka's
 * "safe write" rule: skipped when the cached status was written by another
 * worker with a newer generation. Waits for the acknowledgement. */
int status_store_put(status_store_t *s, const char *connector, int task,
                     const status_entry_t *e, bool safe);
/* Latest known status (task < 0: the connector): 0 and *out filled (caller
 * clears), or -1 when none. */
int status_store_get(status_store_t *s, const char *connector, int task, status_entry_t *out);
/* Tombstones for the connector and tasks 0..n_tasks-1 (and any other task
 * of it the store knows). */
int status_store_delete(status_store_t *s, const char *connector, int n_tasks);

/* KIP-558: record that `connector` (task) used `topic` (once per pair). */
int status_store_put_topic(status_store_t *s, const char *connector, const char *topic,
                           int task, int64_t discover_ms);
/* Sorted, de-duplicated topic names (caller frees each and the array). */
int status_store_topics(status_store_t *s, const char *connector, char ***topics, size_t *n);
/* Tombstones for every topic record of the connector. */
int status_store_reset_topics(status_store_t *s, const char *connector);

void status_store_destroy(status_store_t *s);

#endif
