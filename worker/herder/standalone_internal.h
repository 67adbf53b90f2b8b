/*
 * The standalone herder's state, shared by its files: standalone.c (configs,
 * status, lifecycle), standalone_control.c (target states, restarts, PATCH,
 * task configs, topics) and standalone_offsets.c (KIP-875 offsets). Every
 * function here expects sh->lock held unless it says otherwise.
 */
#ifndef CONNECTD_HERDER_STANDALONE_INTERNAL_H
#define CONNECTD_HERDER_STANDALONE_INTERNAL_H

#include <pthread.h>
#include <stdbool.h>

#include "herder/herder.h"
#include "plugin/registry.h"
#include "runtime/worker.h"
#include "store/connector_state_file.h"

#define LOGGER "org.apache.kafka.connect.runtime.standalone.StandaloneHerder"

typedef struct connector_entry {
    char *name;
    cd_props_t *config;     /* raw, as given */
    const cd_plugin_desc_t *desc;
    target_state_t target;
    cd_props_t **task_configs;
    size_t n_tasks;
    struct connector_entry *next;
} connector_entry_t;

typedef struct standalone_herder {
    herder_t base;
    worker_t *worker;
    const plugin_registry_t *registry;
    char *worker_id;
    char *cluster_id;
    pthread_mutex_t lock;
    connector_entry_t *head, *tail; /* creation order */
    pthread_t ticker;
    pthread_cond_t tick_cond;
    bool stopping;
    bool ticker_started;
    char *state_path;             /* connector state file; NULL: not kept */
    stored_connector_t *restored; /* read at start, not yet re-created */
    size_t n_restored;
} standalone_herder_t;

connector_entry_t *sh_find(standalone_herder_t *sh, const char *name);
/* Generate task configs and start the tasks. */
void sh_start_tasks(standalone_herder_t *sh, connector_entry_t *e);
/* Make the worker run what the entry says (stop, then start per target). */
void sh_apply(standalone_herder_t *sh, connector_entry_t *e);
connector_info_t *sh_info_of(const connector_entry_t *e);
void sh_fill_state(instance_state_t *s, int id, run_state_t st, char *trace,
                   const char *worker_id, const cd_plugin_desc_t *desc);
/* The connector's status as GET /status shows it. */
connector_state_info_t *sh_build_status(standalone_herder_t *sh, connector_entry_t *e);
run_state_t sh_connector_run_state(standalone_herder_t *sh, connector_entry_t *e, char **trace);

/* Write every connector's config and target state to the state file. */
void sh_persist(standalone_herder_t *sh);

/* Validate, then create or update (takes the lock itself). */
int sh_put(standalone_herder_t *sh, const char *name, const cd_props_t *config,
           target_state_t initial, bool allow_replace, bool must_exist, bool *created,
           connector_info_t **out, herder_error_t *err);

/* Operations of standalone_control.c and standalone_offsets.c. */
int sh_patch_connector(herder_t *h, const char *name, const cd_props_t *set, char *const *remove,
                       size_t n_remove, connector_info_t **out, herder_error_t *err);
int sh_set_target_state(herder_t *h, const char *name, target_state_t target,
                        herder_error_t *err);
int sh_restart_connector(herder_t *h, const char *name, bool include_tasks, bool only_failed,
                         connector_state_info_t **plan, herder_error_t *err);
int sh_restart_task(herder_t *h, const char *name, int task, herder_error_t *err);
int sh_task_configs(herder_t *h, const char *name, cd_props_t ***configs, size_t *n,
                    herder_error_t *err);
int sh_active_topics(herder_t *h, const char *name, char ***topics, size_t *n,
                     herder_error_t *err);
int sh_reset_active_topics(herder_t *h, const char *name, herder_error_t *err);
int sh_connector_offsets(herder_t *h, const char *name, connector_offsets_t **out,
                         herder_error_t *err);
int sh_alter_offsets(herder_t *h, const char *name, const connector_offsets_t *offsets,
                     char **message, herder_error_t *err);

#endif
