/*
 * WorkerSinkTask: consume (group connect-<name>) -> convert -> (transforms)
 * -> put; every offset.flush.interval.ms and on stop or revocation: flush,
 * then commit the offsets that flush made durable.
 */
#ifndef CONNECTD_RUNTIME_SINK_TASK_H
#define CONNECTD_RUNTIME_SINK_TASK_H

#include "runtime/task.h"

worker_task_t *sink_task_new(const task_env_t *env, const char *connector, int id,
                             const cd_plugin_desc_t *desc, const cd_props_t *connector_config,
                             const cd_props_t *task_config);

#endif
