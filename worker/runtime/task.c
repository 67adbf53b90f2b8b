#include "runtime/task.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "log/log.h"
#include "util/mem.h"

static const char *const state_names[] = {
    [STATE_UNASSIGNED] = "UNASSIGNED", [STATE_RUNNING] = "RUNNING", [STATE_PAUSED] = "PAUSED",
    [STATE_STOPPED] = "STOPPED",       [STATE_FAILED] = "FAILED",   [STATE_RESTARTING] = "RESTARTING",
};

const char *run_state_name(run_state_t s) {
    return (unsigned)s <= STATE_RESTARTING ? state_names[s] : "UNASSIGNED";
}

int64_t now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int64_t monotonic_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void worker_task_init(worker_task_t *t, const worker_task_vtbl_t *vtbl, const task_env_t *env,
                      const char *connector, int id, const cd_plugin_desc_t *desc,
                      const cd_props_t *connector_config, const cd_props_t *task_config) {
    t->vtbl = vtbl;
    t->env = env;
    t->connector = xstrdup(connector);
    t->id = id;
    t->desc = desc;
    t->connector_config = cd_props_clone(connector_config);
    t->task_config = cd_props_clone(task_config);
    atomic_init(&t->stopping, false);
    atomic_init(&t->paused, false);
    pthread_mutex_init(&t->lock, NULL);
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_init(&t->cond, &ca);
    pthread_condattr_destroy(&ca);
    t->state = STATE_UNASSIGNED;
}

void worker_task_fini(worker_task_t *t) {
    free(t->connector);
    free(t->trace);
    cd_props_destroy(t->connector_config);
    cd_props_destroy(t->task_config);
    pthread_cond_destroy(&t->cond);
    pthread_mutex_destroy(&t->lock);
}

void worker_task_run_job(void *arg) {
    worker_task_t *t = arg;
    log_set_context(t->connector, t->id);
    t->vtbl->run(t);
    pthread_mutex_lock(&t->lock);
    t->finished = true;
    pthread_cond_broadcast(&t->cond);
    pthread_mutex_unlock(&t->lock);
    log_set_context(NULL, -1);
}

void worker_task_set_state(worker_task_t *t, run_state_t state) {
    pthread_mutex_lock(&t->lock);
    /* FAILED sticks until a restart makes a new task. */
    if (t->state != STATE_FAILED) t->state = state;
    pthread_cond_broadcast(&t->cond);
    pthread_mutex_unlock(&t->lock);
}

void worker_task_fail(worker_task_t *t, const char *what, const cd_error_t *err) {
    const char *cls = err && err->exception_class[0]
                          ? err->exception_class
                          : "org.apache.kafka.connect.errors.ConnectException";
    /* Shaped like a Java trace, since tools parse the first line. */
    char *trace = xasprintf("%s: %s\n\tat connectd.%s(%s-%d)\n", cls,
                            err ? err->message : "unknown error", what, t->connector, t->id);
    LOG_ERROR("org.apache.kafka.connect.runtime.WorkerTask",
              "Task threw an uncaught and unrecoverable exception. Task is being killed and will "
              "not recover until manually restarted: %s: %s",
              cls, err ? err->message : "");
    pthread_mutex_lock(&t->lock);
    free(t->trace);
    t->trace = trace;
    t->state = STATE_FAILED;
    pthread_cond_broadcast(&t->cond);
    pthread_mutex_unlock(&t->lock);
}

void worker_task_fail_tolerance(worker_task_t *t, const char *stage, const cd_error_t *err) {
    cd_error_t wrapped;
    cd_error_set_class(&wrapped, CD_ERR_FATAL, "org.apache.kafka.connect.errors.ConnectException",
                       "Tolerance exceeded in error handler (stage %s): %s: %s", stage,
                       err->exception_class, err->message);
    worker_task_fail(t, stage, &wrapped);
}

run_state_t worker_task_status(worker_task_t *t, char **trace) {
    pthread_mutex_lock(&t->lock);
    run_state_t s = t->state;
    if (trace) *trace = xstrdup(t->trace);
    pthread_mutex_unlock(&t->lock);
    return s;
}

static void wake(worker_task_t *t) {
    pthread_mutex_lock(&t->lock);
    pthread_cond_broadcast(&t->cond);
    pthread_mutex_unlock(&t->lock);
    if (t->vtbl->wakeup) t->vtbl->wakeup(t);
}

void worker_task_pause(worker_task_t *t, bool paused) {
    atomic_store(&t->paused, paused);
    wake(t);
}

void worker_task_request_stop(worker_task_t *t) {
    atomic_store(&t->stopping, true);
    wake(t);
}

static void deadline_after(struct timespec *ts, int64_t ms) {
    clock_gettime(CLOCK_MONOTONIC, ts);
    ts->tv_sec += ms / 1000;
    ts->tv_nsec += (ms % 1000) * 1000000;
    if (ts->tv_nsec >= 1000000000) {
        ts->tv_sec++;
        ts->tv_nsec -= 1000000000;
    }
}

bool worker_task_await_finish(worker_task_t *t, int64_t timeout_ms) {
    struct timespec dl;
    deadline_after(&dl, timeout_ms);
    pthread_mutex_lock(&t->lock);
    while (!t->finished)
        if (pthread_cond_timedwait(&t->cond, &t->lock, &dl) != 0) break;
    bool done = t->finished;
    pthread_mutex_unlock(&t->lock);
    return done;
}

void worker_task_sleep(worker_task_t *t, int64_t ms) {
    if (ms <= 0) return;
    struct timespec dl;
    deadline_after(&dl, ms);
    bool paused = atomic_load(&t->paused);
    pthread_mutex_lock(&t->lock);
    while (!atomic_load(&t->stopping) && atomic_load(&t->paused) == paused)
        if (pthread_cond_timedwait(&t->cond, &t->lock, &dl) != 0) break;
    pthread_mutex_unlock(&t->lock);
}

void worker_task_wait_while_paused(worker_task_t *t) {
    if (!atomic_load(&t->paused)) return;
    worker_task_set_state(t, STATE_PAUSED);
    pthread_mutex_lock(&t->lock);
    while (atomic_load(&t->paused) && !atomic_load(&t->stopping))
        pthread_cond_wait(&t->cond, &t->lock);
    pthread_mutex_unlock(&t->lock);
    if (!atomic_load(&t->stopping)) worker_task_set_state(t, STATE_RUNNING);
}

void worker_task_destroy(worker_task_t *t) {
    if (t) t->vtbl->destroy(t);
}
