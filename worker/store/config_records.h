/*
 * The records of the config topic without Kafka (reference §5.1): their
 * keys and compact JSON values as Kafka's JsonConverter writes them, and
 * the state machine that applies them in offset order (Kafka's
 * KafkaConfigBackingStore consume callback). config_store.c feeds it from
 * the topic; the unit tests feed it a dump of a Java worker's topic.
 */
#ifndef CONNECTD_STORE_CONFIG_RECORDS_H
#define CONNECTD_STORE_CONFIG_RECORDS_H

#include <connectd/config.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/config_store.h"

/* ---- values (malloc'd, caller frees) ---------------------------------- */

/* {"properties":{...}} in the order of props: connector and task configs. */
char *config_record_properties(const cd_props_t *props);
char *config_record_commit(int n_tasks);                   /* {"tasks":N} */
/* {"state":..,"state.v2":..}; state is PAUSED for STOPPED (older readers). */
char *config_record_target_state(target_state_t t);
char *config_record_session_key(const char *key_base64, const char *algorithm,
                                int64_t created_ms);
char *config_record_restart(bool include_tasks, bool only_failed);
char *config_record_logger_level(const char *level);      /* {"level":..} */
const char *config_target_state_name(target_state_t t); /* "STARTED", ... */

/* ---- applying records -------------------------------------------------- */

/* What a record changed, for the store's listener. */
typedef enum config_event_kind {
    CONFIG_EVENT_NONE,
    CONFIG_EVENT_CONNECTOR,         /* name; removed */
    CONFIG_EVENT_TASKS,             /* name: a commit of a known connector was read */
    CONFIG_EVENT_TARGET_STATE,      /* name: changed, connector configured */
    CONFIG_EVENT_RESTART,           /* name, include_tasks, only_failed */
    CONFIG_EVENT_LOGGER,            /* name = namespace, level */
    CONFIG_EVENT_SESSION_KEY,
} config_event_kind_t;

typedef struct config_event {
    config_event_kind_t kind;
    char *name;
    bool removed;
    bool include_tasks, only_failed;
    char *level;
} config_event_t;
void config_event_clear(config_event_t *ev);

typedef struct config_state config_state_t;

config_state_t *config_state_new(void);
void config_state_destroy(config_state_t *st);
/* Apply the record at `offset` (value NULL: tombstone). Malformed records
 * and unknown keys are logged and ignored. *ev (cleared by the caller
 * afterwards) says what changed. */
void config_state_apply(config_state_t *st, const char *key, size_t key_len, const char *value,
                        size_t value_len, int64_t offset, config_event_t *ev);
/* Deep copy of the applied state. */
config_snapshot_t *config_state_snapshot(const config_state_t *st);
int64_t config_state_offset(const config_state_t *st);

#endif
