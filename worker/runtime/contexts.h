/*
 * Concrete types behind the ABI's opaque context handles: the source batch
 * a task fills, the task and connector contexts, and task-config lists.
 */
#ifndef CONNECTD_RUNTIME_CONTEXTS_H
#define CONNECTD_RUNTIME_CONTEXTS_H

#include <connectd/plugin.h>
#include <stdatomic.h>

#include "store/offset_store.h"

struct cd_source_batch {
    cd_arena_t *arena;
    cd_record_t **records;
    size_t n, cap;
    size_t limit; /* what the worker accepts in this poll */
};

void source_batch_init(cd_source_batch_t *b, cd_arena_t *arena, size_t limit);
void source_batch_fini(cd_source_batch_t *b);
void source_batch_clear(cd_source_batch_t *b, size_t limit);

struct cd_task_context {
    const char *connector;
    int task_id;
    offset_store_t *offsets; /* NULL for sink tasks */
    atomic_bool reconfiguration_requested;
    atomic_bool commit_requested;
};

void task_context_init(cd_task_context_t *c, const char *connector, int task_id,
                       offset_store_t *offsets);

struct cd_connector_context {
    const char *name;
    atomic_bool reconfiguration_requested;
    atomic_bool failed;
    cd_error_t error; /* set before `failed` */
};

struct cd_task_configs {
    cd_props_t **configs;
    size_t n;
};
void task_configs_fini(cd_task_configs_t *tc);

/* The offsets-topic key for a source partition: ["<connector>",{...}].
 * Returns malloc'd bytes. */
char *source_offset_key(const char *connector, const cd_value_t *partition);

#endif
