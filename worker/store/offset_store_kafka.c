/*
 * Offsets topic store for distributed mode (Kafka's KafkaOffsetBackingStore):
 * the exact key bytes -> value bytes of every record read, newest wins,
 * tombstones delete. Readers (get, list) first read the topic to its end,
 * as Kafka's get() does, so offsets flushed by the worker that ran a task
 * before a rebalance are seen by the worker that runs it now.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kafka/kafka_log.h"
#include "log/log.h"
#include "store/kafka_store_config.h"
#include "store/offset_store.h"
#include "util/mem.h"

#define LOGGER "org.apache.kafka.connect.storage.KafkaOffsetBackingStore"
#define READ_TIMEOUT_MS 30000

typedef struct kafka_store {
    offset_store_t base;
    kafka_store_config_t cfg;
    kafka_log_t *log;
    pthread_mutex_t lock;
    cd_props_t *data; /* key bytes -> value bytes: an indexed map */
} kafka_store_t;

static void on_record(void *opaque, const char *key, size_t key_len, const char *value,
                      size_t value_len, int32_t partition, int64_t offset) {
    kafka_store_t *ks = opaque;
    /* Keys and values are JSON text: NUL bytes mean a record we cannot hold. */
    if (!key || memchr(key, '\0', key_len) || (value && memchr(value, '\0', value_len))) {
        LOG_WARN(LOGGER, "Ignoring offsets record at %d/%lld: not text", (int)partition,
                 (long long)offset);
        return;
    }
    char *k = xstrndup(key, key_len);
    char *v = value ? xstrndup(value, value_len) : NULL;
    pthread_mutex_lock(&ks->lock);
    if (v)
        cd_props_set(ks->data, k, v);
    else
        cd_props_remove(ks->data, k);
    pthread_mutex_unlock(&ks->lock);
    free(k);
    free(v);
}

static void catch_up(kafka_store_t *ks) {
    if (kafka_log_read_to_end(ks->log, READ_TIMEOUT_MS) != 0)
        LOG_WARN(LOGGER, "Could not read offsets topic %s to its end; answering from what was read",
                 ks->cfg.log.topic);
}

static int kafka_get(offset_store_t *s, const char *key, char **value) {
    kafka_store_t *ks = (kafka_store_t *)s;
    catch_up(ks);
    pthread_mutex_lock(&ks->lock);
    *value = xstrdup(cd_props_get(ks->data, key));
    pthread_mutex_unlock(&ks->lock);
    return 0;
}

static int kafka_put(offset_store_t *s, const offset_entry_t *entries, size_t n, char *err,
                     size_t errlen) {
    kafka_store_t *ks = (kafka_store_t *)s;
    if (n == 0) return 0;
    const char **keys = xcalloc(n, sizeof *keys);
    const char **values = xcalloc(n, sizeof *values);
    for (size_t i = 0; i < n; i++) {
        keys[i] = entries[i].key;
        values[i] = entries[i].value;
    }
    int rc = kafka_log_send(ks->log, keys, NULL, values, NULL, n, err, errlen);
    free(keys);
    free(values);
    return rc;
}

static int kafka_list(offset_store_t *s, char ***keys, char ***values, size_t *n) {
    kafka_store_t *ks = (kafka_store_t *)s;
    catch_up(ks);
    pthread_mutex_lock(&ks->lock);
    size_t count = cd_props_count(ks->data);
    *keys = xcalloc(count ? count : 1, sizeof **keys);
    *values = xcalloc(count ? count : 1, sizeof **values);
    for (size_t i = 0; i < count; i++) {
        (*keys)[i] = xstrdup(cd_props_key_at(ks->data, i));
        (*values)[i] = xstrdup(cd_props_value_at(ks->data, i));
    }
    *n = count;
    pthread_mutex_unlock(&ks->lock);
    return 0;
}

static void kafka_destroy(offset_store_t *s) {
    kafka_store_t *ks = (kafka_store_t *)s;
    kafka_log_destroy(ks->log); /* first: its thread writes data */
    cd_props_destroy(ks->data);
    kafka_store_config_clear(&ks->cfg);
    pthread_mutex_destroy(&ks->lock);
    free(ks);
}

static const offset_store_ops_t kafka_ops = {
    .get = kafka_get, .put = kafka_put, .list = kafka_list, .destroy = kafka_destroy};

offset_store_t *offset_store_kafka_new(const struct kafka_log_config *log_cfg, int timeout_ms,
                                       char *err, size_t errlen) {
    if (!log_cfg || !log_cfg->topic || !*log_cfg->topic) {
        snprintf(err, errlen, "offset.storage.topic is required in distributed mode");
        return NULL;
    }
    kafka_store_t *ks = xcalloc(1, sizeof *ks);
    ks->base.ops = &kafka_ops;
    kafka_store_config_copy(&ks->cfg, log_cfg);
    pthread_mutex_init(&ks->lock, NULL);
    ks->data = cd_props_new();
    ks->log = kafka_log_new(&ks->cfg.log, on_record, ks, err, errlen);
    if (!ks->log || kafka_log_start(ks->log, timeout_ms, err, errlen) != 0) {
        kafka_destroy(&ks->base);
        return NULL;
    }
    return &ks->base;
}
