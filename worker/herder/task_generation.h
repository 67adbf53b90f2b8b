/*
 * Asking a running connector for its task configs, the part both herders
 * share: tasks.max from the config, and Kafka's tasks.max.enforce rule (a
 * connector that returns more tasks than allowed is failed, unless
 * tasks.max.enforce=false).
 */
#ifndef CONNECTD_HERDER_TASK_GENERATION_H
#define CONNECTD_HERDER_TASK_GENERATION_H

#include <connectd/plugin.h>

#include "runtime/worker.h"

/* 0 with *out filled (release with task_configs_fini), or -1 (logged; the
 * connector is failed when it broke the tasks.max rule). */
int herder_generate_task_configs(worker_t *w, const char *name, const cd_props_t *config,
                                 cd_task_configs_t *out);

#endif
