/*
 * The records of the status topic without Kafka (reference §5.2): keys,
 * compact JSON values as Kafka's JsonConverter writes them, and the cache
 * every worker builds by reading the topic (Kafka's KafkaStatusBackingStore
 * read side, including its UNASSIGNED-after-RUNNING rule and "safe write"
 * check). Not thread-safe: status_store.c locks around it.
 */
#ifndef CONNECTD_STORE_STATUS_RECORDS_H
#define CONNECTD_STORE_STATUS_RECORDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/status_store.h"

/* Keys (malloc'd): status-connector-<c>, status-task-<c>-<n> (task >= 0),
 * status-topic-<topic>:connector-<c>. */
char *status_record_key(const char *connector, int task);
char *status_record_topic_key(const char *topic, const char *connector);

/* {"state","trace","worker_id","generation","version"} (malloc'd). */
char *status_record_value(const status_entry_t *e);
/* {"topic":{"name","connector","task","discoverTimestamp"}} (malloc'd). */
char *status_record_topic_value(const char *topic, const char *connector, int task,
                                int64_t discover_ms);
/* 0 and *out filled (caller clears), or -1 when the value is malformed. */
int status_record_parse(const char *value, size_t len, status_entry_t *out);

typedef struct status_cache status_cache_t;

status_cache_t *status_cache_new(void);
void status_cache_destroy(status_cache_t *c);
/* Apply one record of the topic (value NULL: tombstone). Malformed records
 * and unknown keys are logged and ignored. */
void status_cache_apply(status_cache_t *c, const char *key, size_t key_len, const char *value,
                        size_t value_len);
/* Borrowed; NULL when none (task < 0: the connector). */
const status_entry_t *status_cache_get(const status_cache_t *c, const char *connector, int task);
/* A deep copy of that status into *out (caller clears): 0, or -1 when none. */
int status_cache_copy(const status_cache_t *c, const char *connector, int task,
                      status_entry_t *out);
/* Kafka's canWriteSafely: no cached status, or written by the same worker,
 * or with a generation <= the new one. */
bool status_cache_can_write_safely(const status_cache_t *c, const char *connector, int task,
                                   const status_entry_t *e);
/* Task ids with a cached status (malloc'd array, caller frees). */
int *status_cache_tasks(const status_cache_t *c, const char *connector, size_t *n);
/* The topic record of (connector, topic), or false. */
bool status_cache_topic(const status_cache_t *c, const char *connector, const char *topic,
                        int *task);
/* Sorted distinct topic names of the connector (caller frees each and the
 * array). */
void status_cache_topics(const status_cache_t *c, const char *connector, char ***topics,
                         size_t *n);

#endif
