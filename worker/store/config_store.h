/*
 * Connector configurations, task configurations and target states in the
 * config topic (Kafka's KafkaConfigBackingStore; reference §5.1): exact
 * record keys and JSON values, so a topic written by the Java worker reads
 * here and the other way round. Task configs become visible only when their
 * commit-<name> record arrives with every task-<name>-<i> before it.
 *
 * Threads: records are applied on the config log's consumer thread under
 * the store's lock; readers take deep-copied snapshots. Listener callbacks
 * run on the log thread after the snapshot changed, only for records read
 * after config_store_start returned (restart and logger records that were
 * already in the topic at start are history, as in Kafka).
 */
#ifndef CONNECTD_STORE_CONFIG_STORE_H
#define CONNECTD_STORE_CONFIG_STORE_H

#include <connectd/config.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "herder/herder.h" /* target_state_t */
#include "kafka/kafka_log.h"

typedef struct config_store config_store_t;

typedef struct config_connector {
    char *name;
    cd_props_t *config;         /* connector-<name> properties, in record order */
    target_state_t target;      /* target-state-<name>; STARTED when none */
    cd_props_t **task_configs;  /* the last committed set, task id = index */
    int n_tasks;                /* committed task count (commit-<name>) */
    bool inconsistent;          /* a commit arrived without all its task records */
} config_connector_t;

typedef struct config_snapshot {
    int64_t offset;                 /* next unread offset of the config topic; -1: none read */
    config_connector_t *connectors; /* in the order first configured */
    size_t n;
    char *session_key;              /* base64, NULL when none */
    char *session_key_algorithm;
    int64_t session_key_created_ms;
} config_snapshot_t;

const config_connector_t *config_snapshot_find(const config_snapshot_t *s, const char *name);
void config_snapshot_destroy(config_snapshot_t *s);

typedef struct config_store_listener {
    void *opaque;
    void (*connector_config)(void *opaque, const char *name, bool removed);
    void (*task_configs)(void *opaque, const char *name); /* a commit applied */
    void (*target_state)(void *opaque, const char *name);
    void (*restart_request)(void *opaque, const char *name, bool include_tasks,
                            bool only_failed);
    void (*logger_level)(void *opaque, const char *logger_namespace, const char *level);
    void (*session_key)(void *opaque);
} config_store_listener_t;

/* log_cfg->topic etc. describe the config topic (single partition). The
 * listener is copied; any callback may be NULL. */
config_store_t *config_store_new(const kafka_log_config_t *log_cfg,
                                 const config_store_listener_t *listener, char *err,
                                 size_t errlen);
/* Check or create the topic and read it to the end. */
int config_store_start(config_store_t *s, int timeout_ms, char *err, size_t errlen);
/* Read to the end of the topic now. 0 when caught up, -1 on timeout. */
int config_store_refresh(config_store_t *s, int timeout_ms);
/* Deep copy of the current state; caller destroys. */
config_snapshot_t *config_store_snapshot(config_store_t *s);
int64_t config_store_offset(config_store_t *s);

/* Writers: each waits for the broker's acknowledgement. 0 or -1 with err.
 * put_connector with initial != NULL writes target-state-<name> first
 * (same batch), as Kafka does for initial_state. */
int config_store_put_connector(config_store_t *s, const char *name, const cd_props_t *config,
                               const target_state_t *initial, char *err, size_t errlen);
/* Tombstones for connector-<name> then target-state-<name>. */
int config_store_remove_connector(config_store_t *s, const char *name, char *err,
                                  size_t errlen);
/* task-<name>-0..n-1 then commit-<name> {"tasks":n}. */
int config_store_put_task_configs(config_store_t *s, const char *name,
                                  cd_props_t *const *configs, int n, char *err, size_t errlen);
/* {"state":..,"state.v2":..}: state carries PAUSED for STOPPED. */
int config_store_put_target_state(config_store_t *s, const char *name, target_state_t t,
                                  char *err, size_t errlen);
int config_store_put_restart_request(config_store_t *s, const char *name, bool include_tasks,
                                     bool only_failed, char *err, size_t errlen);
int config_store_put_logger_level(config_store_t *s, const char *logger_namespace,
                                  const char *level, char *err, size_t errlen);
int config_store_put_session_key(config_store_t *s, const char *key_base64,
                                 const char *algorithm, int64_t created_ms, char *err,
                                 size_t errlen);
void config_store_destroy(config_store_t *s);

#endif
