/*
 * A cached thread pool, like the Java worker's executor: a job runs on an
 * idle thread, or on a new one; threads that stay idle for a while exit.
 * Tasks are long-running loops whose plugin calls may block, so each
 * running task holds one thread; connector and task restarts reuse them.
 */
#ifndef CONNECTD_RUNTIME_THREAD_POOL_H
#define CONNECTD_RUNTIME_THREAD_POOL_H

typedef struct thread_pool thread_pool_t;
typedef void (*thread_pool_job_fn)(void *arg);

/* name_prefix: thread names are "<prefix>-<n>" (at most 15 chars shown). */
thread_pool_t *thread_pool_new(const char *name_prefix);
/* Run fn(arg) on a pool thread. Returns 0, or -1 after shutdown began. */
int thread_pool_submit(thread_pool_t *pool, thread_pool_job_fn fn, void *arg);
/* Waits for running jobs to return (jobs must be told to stop first),
 * then joins every thread. */
void thread_pool_destroy(thread_pool_t *pool);

#endif
