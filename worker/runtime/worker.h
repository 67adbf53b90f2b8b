/*
 * The Worker: what does run. It instantiates connectors and tasks from the
 * plugin registry, runs tasks on the thread pool, resolves config providers
 * at start, and reports their runtime states. It keeps no desired state:
 * that is the herder's. Thread-safe.
 */
#ifndef CONNECTD_RUNTIME_WORKER_H
#define CONNECTD_RUNTIME_WORKER_H

#include <connectd/plugin.h>
#include <stdbool.h>

#include "config/providers.h"
#include "runtime/task.h"

typedef struct worker worker_t;

/* env and providers are borrowed and outlive the worker. */
worker_t *worker_new(const task_env_t *env, const config_providers_t *providers);
/* Stops every task (flush + commit) and connector, then frees. */
void worker_destroy(worker_t *w);

/* The environment tasks run in (offset store, worker props, bootstrap). */
const task_env_t *worker_env(const worker_t *w);

/* Start a connector instance (paused: instantiated, no tasks wanted yet).
 * On failure the connector is recorded as FAILED and -1 returned. */
int worker_start_connector(worker_t *w, const char *name, const cd_props_t *raw_config,
                           const cd_plugin_desc_t *desc, char *err, size_t errlen);
/* Task configs for tasks.max (raw connector keys plus task.class). */
int worker_connector_task_configs(worker_t *w, const char *name, int max_tasks,
                                  cd_task_configs_t *out, char *err, size_t errlen);
void worker_stop_connector(worker_t *w, const char *name);
bool worker_connector_reconfiguration_requested(worker_t *w, const char *name);

/* Start task `id` of a running connector; paused=true starts it paused. */
int worker_start_task(worker_t *w, const char *connector, int id, const cd_props_t *task_config,
                      bool paused, char *err, size_t errlen);
/* The same where the connector instance may run on another worker
 * (distributed mode): from the raw connector config and its plugin. */
int worker_start_task_of(worker_t *w, const char *connector, int id,
                         const cd_plugin_desc_t *desc, const cd_props_t *raw_connector_config,
                         const cd_props_t *task_config, bool paused, char *err, size_t errlen);
/* Stop all tasks of a connector: ask all, then wait for each (flush and
 * commit happen in their loops), up to task.shutdown.graceful.timeout.ms. */
void worker_stop_tasks(worker_t *w, const char *connector);
/* Stop one task (flush and commit), e.g. to restart it. */
void worker_stop_task(worker_t *w, const char *connector, int id);
void worker_pause_tasks(worker_t *w, const char *connector, bool paused);

/* Runtime state of the connector / a task; false when not running here.
 * *trace is malloc'd or NULL. */
bool worker_connector_state(worker_t *w, const char *name, run_state_t *state, char **trace);
bool worker_task_state(worker_t *w, const char *connector, int id, run_state_t *state,
                       char **trace);
void worker_set_connector_state(worker_t *w, const char *name, run_state_t state);
/* Put a running connector in FAILED with a ConnectException of msg. */
void worker_fail_connector(worker_t *w, const char *name, const char *msg);

#endif
