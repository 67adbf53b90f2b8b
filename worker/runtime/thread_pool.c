#include "runtime/thread_pool.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util/mem.h"

#define IDLE_EXIT_SECONDS 60

typedef struct pool_job {
    thread_pool_job_fn fn;
    void *arg;
    struct pool_job *next;
} pool_job_t;

typedef struct pool_thread {
    pthread_t tid;
    bool exited;
    struct pool_thread *next;
} pool_thread_t;

struct thread_pool {
    pthread_mutex_t lock;
    pthread_cond_t work;  /* a job was queued, or shutdown */
    pthread_cond_t idle;  /* a job finished */
    pool_job_t *head, *tail;
    pool_thread_t *threads;
    int n_idle;
    int n_busy;
    int n_created;
    bool shutting_down;
    char prefix[12];
};

typedef struct thread_start {
    thread_pool_t *pool;
    pool_thread_t *self;
} thread_start_t;

static void *pool_main(void *p) {
    thread_start_t start = *(thread_start_t *)p;
    free(p);
    thread_pool_t *pool = start.pool;
    pthread_mutex_lock(&pool->lock);
    for (;;) {
        while (!pool->head && !pool->shutting_down) {
            pool->n_idle++;
            struct timespec deadline;
            clock_gettime(CLOCK_REALTIME, &deadline);
            deadline.tv_sec += IDLE_EXIT_SECONDS;
            int rc = pthread_cond_timedwait(&pool->work, &pool->lock, &deadline);
            pool->n_idle--;
            if (rc != 0 && !pool->head) goto out; /* idle too long */
        }
        if (!pool->head) break; /* shutting down with nothing queued */
        pool_job_t *job = pool->head;
        pool->head = job->next;
        if (!pool->head) pool->tail = NULL;
        pool->n_busy++;
        pthread_mutex_unlock(&pool->lock);
        job->fn(job->arg);
        free(job);
        pthread_mutex_lock(&pool->lock);
        pool->n_busy--;
        pthread_cond_broadcast(&pool->idle);
    }
out:
    start.self->exited = true;
    pthread_mutex_unlock(&pool->lock);
    return NULL;
}

thread_pool_t *thread_pool_new(const char *name_prefix) {
    thread_pool_t *pool = xcalloc(1, sizeof *pool);
    pthread_mutex_init(&pool->lock, NULL);
    pthread_cond_init(&pool->work, NULL);
    pthread_cond_init(&pool->idle, NULL);
    snprintf(pool->prefix, sizeof pool->prefix, "%s", name_prefix ? name_prefix : "pool");
    return pool;
}

/* Join threads that exited on idle timeout, so they do not pile up. */
static void reap_exited_locked(thread_pool_t *pool) {
    for (pool_thread_t **pp = &pool->threads; *pp;) {
        pool_thread_t *t = *pp;
        if (t->exited) {
            pthread_join(t->tid, NULL);
            *pp = t->next;
            free(t);
        } else {
            pp = &t->next;
        }
    }
}

int thread_pool_submit(thread_pool_t *pool, thread_pool_job_fn fn, void *arg) {
    pool_job_t *job = xcalloc(1, sizeof *job);
    job->fn = fn;
    job->arg = arg;
    pthread_mutex_lock(&pool->lock);
    if (pool->shutting_down) {
        pthread_mutex_unlock(&pool->lock);
        free(job);
        return -1;
    }
    reap_exited_locked(pool);
    if (pool->tail)
        pool->tail->next = job;
    else
        pool->head = job;
    pool->tail = job;
    int queued = 0;
    for (pool_job_t *j = pool->head; j; j = j->next) queued++;
    if (pool->n_idle >= queued) {
        pthread_cond_signal(&pool->work);
    } else {
        pool_thread_t *t = xcalloc(1, sizeof *t);
        thread_start_t *st = xmalloc(sizeof *st);
        st->pool = pool;
        st->self = t;
        if (pthread_create(&t->tid, NULL, pool_main, st) != 0) {
            free(st);
            free(t);
            pthread_mutex_unlock(&pool->lock);
            return -1;
        }
        char name[32];
        snprintf(name, sizeof name, "%s-%d", pool->prefix, ++pool->n_created);
        name[15] = '\0'; /* the kernel keeps 15 characters */
        pthread_setname_np(t->tid, name);
        t->next = pool->threads;
        pool->threads = t;
    }
    pthread_mutex_unlock(&pool->lock);
    return 0;
}

void thread_pool_destroy(thread_pool_t *pool) {
    if (!pool) return;
    pthread_mutex_lock(&pool->lock);
    pool->shutting_down = true;
    pthread_cond_broadcast(&pool->work);
    pthread_mutex_unlock(&pool->lock);
    for (pool_thread_t *t = pool->threads; t;) {
        pthread_join(t->tid, NULL);
        pool_thread_t *next = t->next;
        free(t);
        t = next;
    }
    for (pool_job_t *j = pool->head; j;) { /* never started: drop */
        pool_job_t *next = j->next;
        free(j);
        j = next;
    }
    pthread_cond_destroy(&pool->work);
    pthread_cond_destroy(&pool->idle);
    pthread_mutex_destroy(&pool->lock);
    free(pool);
}
