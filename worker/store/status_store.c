/*
 * The status topic store (status_store.h): a kafka_log feeding the
 * status_records cache under the store's lock.
 *
 * Kafka's status writes are fire-and-forget; here every write waits for
 * the acknowledgement and then briefly for the topic to be read back, so
 * a GET status served by this worker right after its own write shows it.
 * A read-back that times out is not an error: the record is durable and
 * the reader thread will apply it.
 */
#include "store/status_store.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log/log.h"
#include "store/kafka_store_config.h"
#include "store/status_records.h"
#include "util/mem.h"

#define LOGGER "org.apache.kafka.connect.storage.KafkaStatusBackingStore"
#define READ_BACK_MS 5000

struct status_store {
    kafka_store_config_t cfg;
    kafka_log_t *log;
    pthread_mutex_t lock;
    status_cache_t *cache;
};

status_store_t *status_store_new(const kafka_log_config_t *log_cfg, char *err, size_t errlen) {
    if (!log_cfg || !log_cfg->topic || !*log_cfg->topic) {
        snprintf(err, errlen, "status.storage.topic is required in distributed mode");
        return NULL;
    }
    status_store_t *s = xcalloc(1, sizeof *s);
    kafka_store_config_copy(&s->cfg, log_cfg);
    pthread_mutex_init(&s->lock, NULL);
    s->cache = status_cache_new();
    return s;
}

static void on_record(void *opaque, const char *key, size_t key_len, const char *value,
                      size_t value_len, int32_t partition, int64_t offset) {
    (void)partition;
    (void)offset;
    status_store_t *s = opaque;
    pthread_mutex_lock(&s->lock);
    status_cache_apply(s->cache, key, key_len, value, value_len);
    pthread_mutex_unlock(&s->lock);
}

int status_store_start(status_store_t *s, int timeout_ms, char *err, size_t errlen) {
    if (s->log) {
        snprintf(err, errlen, "The status store was already started");
        return -1;
    }
    s->log = kafka_log_new(&s->cfg.log, on_record, s, err, errlen);
    if (!s->log) return -1;
    return kafka_log_start(s->log, timeout_ms, err, errlen);
}

/* Send and read back; -1 (logged) when the broker did not take it. */
static int write_records(status_store_t *s, char **keys, char **values, size_t n,
                         const char *what) {
    if (!s->log) {
        LOG_ERROR(LOGGER, "Cannot write %s: the status store is not started", what);
        return -1;
    }
    if (n == 0) return 0;
    char err[512];
    if (kafka_log_send(s->log, (const char *const *)keys, NULL, (const char *const *)values,
                       NULL, n, err, sizeof err) != 0) {
        LOG_ERROR(LOGGER, "Failed to write %s: %s", what, err);
        return -1;
    }
    if (kafka_log_read_to_end(s->log, READ_BACK_MS) != 0)
        LOG_DEBUG(LOGGER, "The %s is written but not read back yet", what);
    return 0;
}

int status_store_put(status_store_t *s, const char *connector, int task,
                     const status_entry_t *e, bool safe) {
    if (task < 0) task = -1;
    pthread_mutex_lock(&s->lock);
    bool skip = safe && !status_cache_can_write_safely(s->cache, connector, task, e);
    pthread_mutex_unlock(&s->lock);
    if (skip) {
        LOG_DEBUG(LOGGER, "Skipping status %s of %s task %d: a newer generation wrote it",
                  e->state, connector, task);
        return 0;
    }
    char *key = status_record_key(connector, task);
    /* DESTROYED is never serialized: it is the status's removal. */
    char *value = e->state && strcmp(e->state, "DESTROYED") == 0 ? NULL : status_record_value(e);
    int rc = write_records(s, &key, &value, 1, "status");
    free(key);
    free(value);
    return rc;
}

int status_store_get(status_store_t *s, const char *connector, int task, status_entry_t *out) {
    pthread_mutex_lock(&s->lock);
    int rc = status_cache_copy(s->cache, connector, task < 0 ? -1 : task, out);
    pthread_mutex_unlock(&s->lock);
    return rc;
}

int status_store_delete(status_store_t *s, const char *connector, int n_tasks) {
    if (n_tasks < 0) n_tasks = 0;
    size_t n_known = 0;
    pthread_mutex_lock(&s->lock);
    int *known = status_cache_tasks(s->cache, connector, &n_known);
    pthread_mutex_unlock(&s->lock);
    size_t cap = (size_t)n_tasks + n_known + 1, n = 0;
    char **keys = xcalloc(cap, sizeof *keys);
    char **values = xcalloc(cap, sizeof *values); /* all NULL: tombstones */
    for (int i = 0; i < n_tasks; i++) keys[n++] = status_record_key(connector, i);
    for (size_t i = 0; i < n_known; i++)
        if (known[i] >= n_tasks) keys[n++] = status_record_key(connector, known[i]);
    keys[n++] = status_record_key(connector, -1);
    int rc = write_records(s, keys, values, n, "status tombstones");
    for (size_t i = 0; i < n; i++) free(keys[i]);
    free(keys);
    free(values);
    free(known);
    return rc;
}

int status_store_put_topic(status_store_t *s, const char *connector, const char *topic,
                           int task, int64_t discover_ms) {
    int cached_task = -1;
    pthread_mutex_lock(&s->lock);
    bool known = status_cache_topic(s->cache, connector, topic, &cached_task);
    pthread_mutex_unlock(&s->lock);
    if (known && cached_task == task) return 0; /* once per pair, as Kafka's Worker */
    char *key = status_record_topic_key(topic, connector);
    char *value = status_record_topic_value(topic, connector, task, discover_ms);
    int rc = write_records(s, &key, &value, 1, "topic status");
    free(key);
    free(value);
    return rc;
}

int status_store_topics(status_store_t *s, const char *connector, char ***topics, size_t *n) {
    pthread_mutex_lock(&s->lock);
    status_cache_topics(s->cache, connector, topics, n);
    pthread_mutex_unlock(&s->lock);
    return 0;
}

int status_store_reset_topics(status_store_t *s, const char *connector) {
    char **topics = NULL;
    size_t n = 0;
    status_store_topics(s, connector, &topics, &n);
    char **keys = xcalloc(n ? n : 1, sizeof *keys);
    char **values = xcalloc(n ? n : 1, sizeof *values);
    for (size_t i = 0; i < n; i++) keys[i] = status_record_topic_key(topics[i], connector);
    int rc = write_records(s, keys, values, n, "topic status tombstones");
    for (size_t i = 0; i < n; i++) {
        free(keys[i]);
        free(topics[i]);
    }
    free(keys);
    free(values);
    free(topics);
    return rc;
}

void status_store_destroy(status_store_t *s) {
    if (!s) return;
    kafka_log_destroy(s->log);
    status_cache_destroy(s->cache);
    kafka_store_config_clear(&s->cfg);
    pthread_mutex_destroy(&s->lock);
    free(s);
}
