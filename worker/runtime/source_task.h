/*
 * WorkerSourceTask: poll -> (transforms) -> convert -> produce; offsets
 * become committable once Kafka acknowledged every record before them, and
 * are committed every offset.flush.interval.ms and on stop.
 */
#ifndef CONNECTD_RUNTIME_SOURCE_TASK_H
#define CONNECTD_RUNTIME_SOURCE_TASK_H

#include "runtime/task.h"

/* A task ready for worker_task_run_job(); the plugin starts on its thread. */
worker_task_t *source_task_new(const task_env_t *env, const char *connector, int id,
                               const cd_plugin_desc_t *desc, const cd_props_t *connector_config,
                               const cd_props_t *task_config);

#endif
