/*
 * What every running task shares: identity, status (state + trace), and the
 * flags other threads use to pause or stop it. The loop itself lives in
 * source_task.c / sink_task.c; this is the part the worker and the herder
 * see.
 *
 * Threads: the task's own pool thread runs the loop and all plugin calls;
 * status fields are read by REST threads under `lock`.
 */
#ifndef CONNECTD_RUNTIME_TASK_H
#define CONNECTD_RUNTIME_TASK_H

#include <connectd/plugin.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>

#include "plugin/registry.h"
#include "store/offset_store.h"

typedef enum run_state {
    STATE_UNASSIGNED,
    STATE_RUNNING,
    STATE_PAUSED,
    STATE_STOPPED,
    STATE_FAILED,
    STATE_RESTARTING,
} run_state_t;

const char *run_state_name(run_state_t s);

/* What a task needs from the worker; borrowed, outlives every task. */
typedef struct task_env {
    const plugin_registry_t *registry;
    const cd_props_t *worker_props;   /* resolved worker config */
    const char *bootstrap;            /* resolved bootstrap.servers */
    offset_store_t *offsets;
    const char *worker_id;
    int64_t offset_flush_interval_ms;
    int64_t offset_flush_timeout_ms;
    /* Optional: called before a task first produces to or subscribes to a
     * topic (the embedded cluster creates it with one partition). */
    void (*ensure_topic)(void *opaque, const char *topic);
    void *ensure_topic_opaque;
} task_env_t;

typedef struct worker_task worker_task_t;

typedef struct worker_task_vtbl {
    void (*run)(worker_task_t *t);     /* the loop; returns when stopped or failed */
    void (*wakeup)(worker_task_t *t);  /* optional: make a blocked loop notice flags */
    void (*destroy)(worker_task_t *t); /* free the subtype */
} worker_task_vtbl_t;

struct worker_task {
    const worker_task_vtbl_t *vtbl;
    char *connector;
    int id;
    const cd_plugin_desc_t *desc;
    const task_env_t *env;
    cd_props_t *connector_config; /* resolved */
    cd_props_t *task_config;      /* resolved */
    cd_task_context_t *ctx;       /* the subtype's context (for its flags) */

    atomic_bool stopping;
    atomic_bool paused;

    pthread_mutex_t lock;
    pthread_cond_t cond; /* state changes, pause/resume, loop exit */
    run_state_t state;
    char *trace;
    bool finished;       /* the loop returned */
};

/* Fill the base; copies the props. */
void worker_task_init(worker_task_t *t, const worker_task_vtbl_t *vtbl, const task_env_t *env,
                      const char *connector, int id, const cd_plugin_desc_t *desc,
                      const cd_props_t *connector_config, const cd_props_t *task_config);
void worker_task_fini(worker_task_t *t);

/* The pool job: sets the log context, runs the loop, marks it finished. */
void worker_task_run_job(void *task);

void worker_task_set_state(worker_task_t *t, run_state_t state);
/* FAILED with a Java-style trace built from err and the stage it hit. */
void worker_task_fail(worker_task_t *t, const char *what, const cd_error_t *err);
/* FAILED because errors.tolerance did not allow err at stage (Kafka's
 * "Tolerance exceeded in error handler"). */
void worker_task_fail_tolerance(worker_task_t *t, const char *stage, const cd_error_t *err);
/* Copy of state and trace (trace malloc'd or NULL). */
run_state_t worker_task_status(worker_task_t *t, char **trace);

void worker_task_pause(worker_task_t *t, bool paused);
/* Ask to stop; returns at once. */
void worker_task_request_stop(worker_task_t *t);
/* Wait until the loop returned, up to timeout_ms; true if it did. */
bool worker_task_await_finish(worker_task_t *t, int64_t timeout_ms);
/* For loops: sleep up to ms, waking early on stop/pause changes. */
void worker_task_sleep(worker_task_t *t, int64_t ms);
/* For loops: block while paused (and not stopping). */
void worker_task_wait_while_paused(worker_task_t *t);

void worker_task_destroy(worker_task_t *t);

int64_t now_ms(void);       /* wall clock, ms since epoch */
int64_t monotonic_ms(void); /* for intervals */

#endif
