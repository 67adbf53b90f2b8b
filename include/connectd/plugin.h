/*
 * Plugin descriptors: connectors (source and sink) with their tasks,
 * converters, transforms and predicates, and the manifest a plugin's entry
 * point returns.
 *
 * Threading: a connector's callbacks run on the worker's herder side; each
 * task's callbacks run on the one pool thread that runs that task, except
 * where a callback says otherwise. A plugin's state pointer is its own.
 */
#ifndef CONNECTD_PLUGIN_H
#define CONNECTD_PLUGIN_H

#include "abi.h"
#include "config.h"
#include "data.h"
#include "error.h"
#include "log.h"
#include "record.h"

/* ---- contexts ------------------------------------------------------- */

typedef struct cd_connector_context cd_connector_context_t;
typedef struct cd_task_context cd_task_context_t;

/* Ask the worker to call task_configs() again (e.g. the source's tables
 * changed). Any thread. */
void cd_connector_context_request_reconfiguration(cd_connector_context_t *ctx);
/* Put the connector in FAILED with this error. Any thread. */
void cd_connector_context_raise_error(cd_connector_context_t *ctx, const cd_error_t *err);
const char *cd_connector_context_name(const cd_connector_context_t *ctx);

const char *cd_task_context_connector(const cd_task_context_t *ctx);
int cd_task_context_task_id(const cd_task_context_t *ctx);
/* Source tasks: the last committed offset of a source partition, as a
 * string-keyed map allocated in `arena`; NULL when none is stored. */
const cd_value_t *cd_task_context_offset(cd_task_context_t *ctx, cd_arena_t *arena,
                                         const cd_value_t *source_partition);
void cd_task_context_request_reconfiguration(cd_task_context_t *ctx);
/* Sink tasks: ask for an offset commit as soon as possible. */
void cd_task_context_request_commit(cd_task_context_t *ctx);

/* ---- connectors and tasks ------------------------------------------ */

/* Validation results that a connector's validate() adds to. */
typedef struct cd_validation cd_validation_t;
void cd_validation_add_error(cd_validation_t *v, const char *key, const char *fmt, ...)
    CD_PRINTF(3, 4);

/* Task configs produced by a connector: add one props per task. */
typedef struct cd_task_configs cd_task_configs_t;
/* Borrowed: the worker owns and destroys it. */
cd_props_t *cd_task_configs_add(cd_task_configs_t *out);

typedef struct cd_source_task_ops {
    uint32_t abi_version;
    uint32_t struct_size;
    /* Fill *state; 0 or an error code with err filled. */
    int (*start)(void **state, const cd_config_t *config, cd_task_context_t *ctx, cd_error_t *err);
    /* Append up to cd_source_batch_room() records. Return 0 with an empty
     * batch when there is nothing now; should return within about a second
     * so the task can notice pause and stop. */
    int (*poll)(void *state, cd_source_batch_t *batch, cd_error_t *err);
    /* Optional: called once per record after Kafka acknowledged it. */
    void (*commit_record)(void *state, const cd_record_t *record);
    /* Optional: called after offsets were durably committed. */
    void (*commit)(void *state);
    /* Optional: any thread; makes a blocked poll() return soon. */
    void (*wakeup)(void *state);
    /* Release everything; state is not used again. */
    void (*stop)(void *state);
} cd_source_task_ops_t;

/* A topic-partition offset as a sink task sees it: next offset to read. */
typedef struct cd_topic_offset {
    const char *topic;
    int32_t partition;
    int64_t offset;
} cd_topic_offset_t;

typedef struct cd_sink_task_ops {
    uint32_t abi_version;
    uint32_t struct_size;
    int (*start)(void **state, const cd_config_t *config, cd_task_context_t *ctx, cd_error_t *err);
    /* Deliver a batch. CD_ERR_RETRIABLE: the same batch comes again. */
    int (*put)(void *state, const cd_record_t *const *records, size_t n, cd_error_t *err);
    /* Make everything put so far durable. `offsets` holds, per partition,
     * the next offset after the last record put; a task that keeps data
     * back may lower them (pre-commit). Only the offsets left there are
     * committed. */
    int (*flush)(void *state, cd_topic_offset_t *offsets, size_t n, cd_error_t *err);
    void (*stop)(void *state);
} cd_sink_task_ops_t;

typedef struct cd_connector_ops {
    uint32_t abi_version;
    uint32_t struct_size;
    /* Optional: cross-field checks beyond the definitions; add errors
     * with cd_validation_add_error. */
    void (*validate)(const cd_config_t *config, cd_validation_t *v);
    int (*start)(void **state, const cd_config_t *config, cd_connector_context_t *ctx,
                 cd_error_t *err);
    int (*task_configs)(void *state, int max_tasks, cd_task_configs_t *out, cd_error_t *err);
    void (*stop)(void *state);
    /* Exactly one of these, by plugin type. */
    const cd_source_task_ops_t *source_task;
    const cd_sink_task_ops_t *sink_task;
    /* Reported as task.class in task configs (Java FQCN where we mirror one). */
    const char *task_class;
    /* Optional (KIP-875; added in ABI 1 later, so the worker checks
     * struct_size before using it): vet an offsets change made over REST
     * while the connector is stopped. partitions[i] and offsets[i] are
     * string-keyed maps (offsets[i] NULL resets that partition); sinks get
     * {"kafka_topic","kafka_partition"} and {"kafka_offset"}. Return CD_OK,
     * or an error code with err filled to refuse the change. Set *external
     * (preset false) when the connector also keeps offsets outside the
     * framework that the user must change there. A connector without this
     * hook is assumed to keep such offsets. */
    int (*alter_offsets)(const cd_config_t *config, const cd_value_t *const *partitions,
                         const cd_value_t *const *offsets, size_t n, bool *external,
                         cd_error_t *err);
} cd_connector_ops_t;

/* ---- converters ----------------------------------------------------- */

/* Output buffer of a converter. */
typedef struct cd_buf cd_buf_t;
void cd_buf_append(cd_buf_t *b, const void *data, size_t len);
/* Mark the result as null (a tombstone), as opposed to empty bytes. */
void cd_buf_set_null(cd_buf_t *b);

typedef struct cd_converter_ops {
    uint32_t abi_version;
    uint32_t struct_size;
    /* is_key: configured as key.converter; header converters get false. */
    int (*configure)(void **state, const cd_config_t *config, bool is_key, cd_error_t *err);
    int (*from_connect)(void *state, const char *topic, const cd_schema_t *schema,
                        const cd_value_t *value, cd_buf_t *out, cd_error_t *err);
    /* data == NULL: null input. Results are allocated in arena. */
    int (*to_connect)(void *state, const char *topic, const void *data, size_t len,
                      cd_arena_t *arena, const cd_schema_t **schema, const cd_value_t **value,
                      cd_error_t *err);
    void (*destroy)(void *state);
} cd_converter_ops_t;

/* ---- transforms and predicates -------------------------------------- */

typedef struct cd_transform_ops {
    uint32_t abi_version;
    uint32_t struct_size;
    int (*configure)(void **state, const cd_config_t *config, cd_error_t *err);
    /* *out = a record in arena (may be `in` itself), or NULL to drop. */
    int (*apply)(void *state, const cd_record_t *in, cd_arena_t *arena, const cd_record_t **out,
                 cd_error_t *err);
    void (*destroy)(void *state);
} cd_transform_ops_t;

typedef struct cd_predicate_ops {
    uint32_t abi_version;
    uint32_t struct_size;
    int (*configure)(void **state, const cd_config_t *config, cd_error_t *err);
    bool (*test)(void *state, const cd_record_t *record);
    void (*destroy)(void *state);
} cd_predicate_ops_t;

/* ---- descriptors and the manifest ---------------------------------- */

typedef enum cd_plugin_type {
    CD_PLUGIN_SOURCE,
    CD_PLUGIN_SINK,
    CD_PLUGIN_CONVERTER,
    CD_PLUGIN_HEADER_CONVERTER,
    CD_PLUGIN_TRANSFORMATION,
    CD_PLUGIN_PREDICATE,
} cd_plugin_type_t;

typedef struct cd_plugin_desc {
    uint32_t abi_version;
    uint32_t struct_size;
    cd_plugin_type_t type;
    /* Canonical name: the Java class name where we mirror a Java plugin. */
    const char *name;
    /* NULL-terminated extra names (e.g. "FileStreamSource"); may be NULL. */
    const char *const *aliases;
    const char *version;
    const char *documentation;
    /* { .name = NULL }-terminated; may be NULL for none. */
    const cd_config_def_t *config_defs;
    /* By type: cd_connector_ops_t (SOURCE, SINK), cd_converter_ops_t
     * (CONVERTER, HEADER_CONVERTER), cd_transform_ops_t, cd_predicate_ops_t. */
    const void *ops;
} cd_plugin_desc_t;

typedef struct cd_plugin_manifest {
    uint32_t abi_version;
    uint32_t struct_size;
    const char *library; /* a short name for logs */
    const cd_plugin_desc_t *const *plugins;
    size_t n_plugins;
} cd_plugin_manifest_t;

typedef const cd_plugin_manifest_t *(*cd_plugin_entry_fn)(void);

/* Define the entry point in exactly one file of a plugin:
 *   CD_PLUGIN_MANIFEST(&manifest)
 */
#define CD_PLUGIN_MANIFEST(manifest_ptr)                                          \
    CD_EXPORT const cd_plugin_manifest_t *connectd_plugin_manifest_v1(void);      \
    CD_EXPORT const cd_plugin_manifest_t *connectd_plugin_manifest_v1(void) {     \
        return (manifest_ptr);                                                    \
    }

#endif
