/*
 * KIP-875 connector offsets, the part both herders share: reading them
 * (sources from the offset store, sinks from their consumer group) and
 * altering or resetting them (after asking the connector). The herder
 * decides who may call these and when (STOPPED only, leader only).
 */
#ifndef CONNECTD_HERDER_CONNECTOR_OFFSETS_H
#define CONNECTD_HERDER_CONNECTOR_OFFSETS_H

#include <connectd/plugin.h>

#include "herder/herder.h"
#include "runtime/task.h"

/* *out: caller frees with connector_offsets_free. */
int connector_offsets_read(const task_env_t *env, const char *name, const cd_plugin_desc_t *desc,
                           const cd_props_t *config, connector_offsets_t **out,
                           herder_error_t *err);
/* offsets NULL resets them all. *message: caller frees. */
int connector_offsets_alter(const task_env_t *env, const char *name, const cd_plugin_desc_t *desc,
                            const cd_props_t *config, const connector_offsets_t *offsets,
                            char **message, herder_error_t *err);
/* BAD_REQUEST with Kafka's message unless STOPPED with no tasks. */
int connector_offsets_check_stopped(const char *name, target_state_t target, int n_tasks,
                                    herder_error_t *err);

#endif
