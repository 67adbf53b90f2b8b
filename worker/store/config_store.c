/*
 * The config topic store (config_store.h): a kafka_log whose records go
 * through config_records' state machine under the store's lock.
 *
 * Writers follow Kafka's KafkaConfigBackingStore: connector, task,
 * session-key and restart writes wait for the acknowledgement and then
 * read the topic back to its end, so the snapshot of the writing worker
 * shows them when the call returns; target-state and logger-level writes
 * only wait for the acknowledgement.
 */
#include "store/config_store.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log/log.h"
#include "store/config_records.h"
#include "store/kafka_store_config.h"
#include "util/mem.h"

#define LOGGER "org.apache.kafka.connect.storage.KafkaConfigBackingStore"
/* Kafka's READ_WRITE_TOTAL_TIMEOUT_MS. */
#define READ_WRITE_TIMEOUT_MS 30000

struct config_store {
    kafka_store_config_t cfg;
    config_store_listener_t listener;
    kafka_log_t *log;
    pthread_mutex_t lock;
    config_state_t *state;
    /* Records read by the thread inside config_store_start (the initial
     * read) are history: no listener calls for them. */
    bool initial_read;
    pthread_t starter;
};

config_store_t *config_store_new(const kafka_log_config_t *log_cfg,
                                 const config_store_listener_t *listener, char *err,
                                 size_t errlen) {
    if (!log_cfg || !log_cfg->topic || !*log_cfg->topic) {
        snprintf(err, errlen, "config.storage.topic is required in distributed mode");
        return NULL;
    }
    config_store_t *s = xcalloc(1, sizeof *s);
    kafka_store_config_copy(&s->cfg, log_cfg);
    s->cfg.log.single_partition = true;
    if (listener) s->listener = *listener;
    pthread_mutex_init(&s->lock, NULL);
    s->state = config_state_new();
    return s;
}

static void notify(config_store_t *s, const config_event_t *ev) {
    const config_store_listener_t *l = &s->listener;
    switch (ev->kind) {
    case CONFIG_EVENT_NONE: break;
    case CONFIG_EVENT_CONNECTOR:
        if (l->connector_config) l->connector_config(l->opaque, ev->name, ev->removed);
        break;
    case CONFIG_EVENT_TASKS:
        if (l->task_configs) l->task_configs(l->opaque, ev->name);
        break;
    case CONFIG_EVENT_TARGET_STATE:
        if (l->target_state) l->target_state(l->opaque, ev->name);
        break;
    case CONFIG_EVENT_RESTART:
        if (l->restart_request)
            l->restart_request(l->opaque, ev->name, ev->include_tasks, ev->only_failed);
        break;
    case CONFIG_EVENT_LOGGER:
        if (l->logger_level) l->logger_level(l->opaque, ev->name, ev->level);
        break;
    case CONFIG_EVENT_SESSION_KEY:
        if (l->session_key) l->session_key(l->opaque);
        break;
    }
}

static void on_record(void *opaque, const char *key, size_t key_len, const char *value,
                      size_t value_len, int32_t partition, int64_t offset) {
    (void)partition;
    config_store_t *s = opaque;
    config_event_t ev;
    pthread_mutex_lock(&s->lock);
    config_state_apply(s->state, key, key_len, value, value_len, offset, &ev);
    bool history = s->initial_read && pthread_equal(pthread_self(), s->starter);
    pthread_mutex_unlock(&s->lock);
    if (!history) notify(s, &ev);
    config_event_clear(&ev);
}

int config_store_start(config_store_t *s, int timeout_ms, char *err, size_t errlen) {
    if (s->log) {
        snprintf(err, errlen, "The config store was already started");
        return -1;
    }
    s->log = kafka_log_new(&s->cfg.log, on_record, s, err, errlen);
    if (!s->log) return -1;
    pthread_mutex_lock(&s->lock);
    s->initial_read = true;
    s->starter = pthread_self();
    pthread_mutex_unlock(&s->lock);
    int rc = kafka_log_start(s->log, timeout_ms, err, errlen);
    pthread_mutex_lock(&s->lock);
    s->initial_read = false;
    pthread_mutex_unlock(&s->lock);
    if (rc == 0)
        LOG_INFO(LOGGER, "Finished reading KafkaBasedLog for topic %s", s->cfg.log.topic);
    return rc;
}

int config_store_refresh(config_store_t *s, int timeout_ms) {
    return s->log ? kafka_log_read_to_end(s->log, timeout_ms) : -1;
}

config_snapshot_t *config_store_snapshot(config_store_t *s) {
    pthread_mutex_lock(&s->lock);
    config_snapshot_t *snap = config_state_snapshot(s->state);
    pthread_mutex_unlock(&s->lock);
    return snap;
}

int64_t config_store_offset(config_store_t *s) {
    pthread_mutex_lock(&s->lock);
    int64_t off = config_state_offset(s->state);
    pthread_mutex_unlock(&s->lock);
    return off;
}

/* Send n records (values may be NULL: tombstones) and, with read_back,
 * wait until this store has read them. `what` names the write in the
 * error, as Kafka's ConnectException does. */
static int write_records(config_store_t *s, const char *const *keys, const char *const *values,
                         size_t n, bool read_back, const char *what, char *err, size_t errlen) {
    if (!s->log) {
        snprintf(err, errlen, "Error writing %s to Kafka: the config store is not started", what);
        return -1;
    }
    char why[512];
    if (kafka_log_send(s->log, keys, NULL, values, NULL, n, why, sizeof why) != 0) {
        LOG_ERROR(LOGGER, "Failed to write %s to Kafka: %s", what, why);
        snprintf(err, errlen, "Error writing %s to Kafka: %s", what, why);
        return -1;
    }
    if (read_back && kafka_log_read_to_end(s->log, READ_WRITE_TIMEOUT_MS) != 0) {
        snprintf(err, errlen,
                 "Error writing %s to Kafka: timed out reading the config topic %s back",
                 what, s->cfg.log.topic);
        return -1;
    }
    return 0;
}

static int cannot_encode(const char *name, char *err, size_t errlen) {
    snprintf(err, errlen, "cannot encode the configuration of %s as JSON (invalid UTF-8?)", name);
    return -1;
}

int config_store_put_connector(config_store_t *s, const char *name, const cd_props_t *config,
                               const target_state_t *initial, char *err, size_t errlen) {
    char *keys[2], *values[2];
    size_t n = 0;
    if (initial) {
        keys[n] = xasprintf("target-state-%s", name);
        values[n++] = config_record_target_state(*initial);
    }
    keys[n] = xasprintf("connector-%s", name);
    values[n++] = config_record_properties(config);
    /* A config that cannot be encoded must fail, never go out as the NULL
     * value that means "deleted". */
    int rc = values[n - 1] ? write_records(s, (const char *const *)keys,
                                           (const char *const *)values, n, true,
                                           "connector configuration", err, errlen)
                           : cannot_encode(name, err, errlen);
    for (size_t i = 0; i < n; i++) {
        free(keys[i]);
        free(values[i]);
    }
    return rc;
}

int config_store_remove_connector(config_store_t *s, const char *name, char *err,
                                  size_t errlen) {
    char *keys[2] = {xasprintf("connector-%s", name), xasprintf("target-state-%s", name)};
    const char *values[2] = {NULL, NULL};
    int rc = write_records(s, (const char *const *)keys, values, 2, true,
                           "connector configuration removal", err, errlen);
    free(keys[0]);
    free(keys[1]);
    return rc;
}

int config_store_put_task_configs(config_store_t *s, const char *name,
                                  cd_props_t *const *configs, int n, char *err, size_t errlen) {
    if (n < 0) n = 0;
    /* Be at the end first, as Kafka does: a lagging reader must not
     * interleave stale task records with these. */
    if (s->log) kafka_log_read_to_end(s->log, READ_WRITE_TIMEOUT_MS);
    size_t count = (size_t)n + 1;
    char **keys = xcalloc(count, sizeof *keys);
    char **values = xcalloc(count, sizeof *values);
    for (int i = 0; i < n; i++) {
        keys[i] = xasprintf("task-%s-%d", name, i);
        values[i] = config_record_properties(configs[i]);
    }
    keys[n] = xasprintf("commit-%s", name);
    values[n] = config_record_commit(n);
    bool encoded = true;
    for (int i = 0; i < n; i++) encoded = encoded && values[i];
    /* One send keeps the order: every task record precedes the commit. */
    int rc = encoded ? write_records(s, (const char *const *)keys, (const char *const *)values,
                                     count, true, "task configurations", err, errlen)
                     : cannot_encode(name, err, errlen);
    for (size_t i = 0; i < count; i++) {
        free(keys[i]);
        free(values[i]);
    }
    free(keys);
    free(values);
    return rc;
}

static int put_one(config_store_t *s, char *key, char *value, bool read_back, const char *what,
                   char *err, size_t errlen) {
    const char *k = key, *v = value;
    int rc = write_records(s, &k, &v, 1, read_back, what, err, errlen);
    free(key);
    free(value);
    return rc;
}

int config_store_put_target_state(config_store_t *s, const char *name, target_state_t t,
                                  char *err, size_t errlen) {
    return put_one(s, xasprintf("target-state-%s", name), config_record_target_state(t), false,
                   "target state", err, errlen);
}

int config_store_put_restart_request(config_store_t *s, const char *name, bool include_tasks,
                                     bool only_failed, char *err, size_t errlen) {
    return put_one(s, xasprintf("restart-connector-%s", name),
                   config_record_restart(include_tasks, only_failed), true, "restart request",
                   err, errlen);
}

int config_store_put_logger_level(config_store_t *s, const char *logger_namespace,
                                  const char *level, char *err, size_t errlen) {
    return put_one(s, xasprintf("logger-cluster-%s", logger_namespace),
                   config_record_logger_level(level), false, "logger level", err, errlen);
}

int config_store_put_session_key(config_store_t *s, const char *key_base64,
                                 const char *algorithm, int64_t created_ms, char *err,
                                 size_t errlen) {
    return put_one(s, xstrdup("session-key"),
                   config_record_session_key(key_base64, algorithm, created_ms), true,
                   "session key", err, errlen);
}

void config_store_destroy(config_store_t *s) {
    if (!s) return;
    /* The log first: its thread calls on_record, which uses the state. */
    kafka_log_destroy(s->log);
    config_state_destroy(s->state);
    kafka_store_config_clear(&s->cfg);
    pthread_mutex_destroy(&s->lock);
    free(s);
}
