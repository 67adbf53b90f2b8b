/*
 * The key, value and header converters of one task: chosen by the
 * connector config (key.converter ...) or else the worker's, configured with
 * the matching prefixed keys, as Kafka Connect does.
 */
#ifndef CONNECTD_RUNTIME_TASK_CONVERTERS_H
#define CONNECTD_RUNTIME_TASK_CONVERTERS_H

#include <connectd/plugin.h>

#include "plugin/registry.h"

typedef struct converter_slot {
    const cd_plugin_desc_t *desc;
    const cd_converter_ops_t *ops;
    void *state;
    cd_config_t *config;
} converter_slot_t;

typedef struct task_converters {
    converter_slot_t key;
    converter_slot_t value;
    converter_slot_t header;
} task_converters_t;

/* 0, or an error code with err naming the offending key. */
int task_converters_init(task_converters_t *tc, const plugin_registry_t *reg,
                         const cd_props_t *worker, const cd_props_t *connector, cd_error_t *err);
void task_converters_fini(task_converters_t *tc);

#endif
