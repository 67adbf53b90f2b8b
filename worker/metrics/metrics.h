/*
 * Runtime metrics, the counterparts of Kafka Connect's JMX metrics.
 *
 * A process-wide registry holds one metric set per (connector, task). A
 * task looks its set up once when it is created and then updates it with
 * relaxed atomics only: no lock and no lookup per record. The REST handler
 * takes a snapshot of every set under the registry lock and renders it
 * (render.h). Worker-level counters (connector and task startups) are
 * plain process-wide atomics.
 *
 * A set outlives its task on purpose: counters of a restarted task keep
 * counting (Prometheus counters should only ever grow). Sets go away when
 * their connector is deleted (metrics_forget_connector).
 */
#ifndef CONNECTD_METRICS_METRICS_H
#define CONNECTD_METRICS_METRICS_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum metrics_task_kind {
    METRICS_TASK_SOURCE,
    METRICS_TASK_SINK,
} metrics_task_kind_t;

/* Monotonic counters of a task. */
typedef enum task_counter {
    TM_SOURCE_RECORD_POLL,       /* source-record-poll-total */
    TM_SOURCE_RECORD_WRITE,      /* source-record-write-total */
    TM_SINK_RECORD_READ,         /* sink-record-read-total */
    TM_SINK_RECORD_SEND,         /* sink-record-send-total */
    TM_SINK_COMMIT_COMPLETION,   /* offset-commit-completion-total */
    TM_SINK_COMMIT_SKIP,         /* offset-commit-skip-total */
    TM_OFFSET_COMMIT_SUCCESS,    /* offset-commit-success-percentage (as a count) */
    TM_OFFSET_COMMIT_FAILURE,    /* offset-commit-failure-percentage (as a count) */
    TM_RECORD_ERRORS,            /* total-record-errors */
    TM_RECORD_FAILURES,          /* total-record-failures */
    TM_RECORDS_SKIPPED,          /* total-records-skipped */
    TM_RETRIES,                  /* total-retries */
    TM_ERRORS_LOGGED,            /* total-errors-logged */
    TM_DLQ_PRODUCE_REQUESTS,     /* deadletterqueue-produce-requests */
    TM_DLQ_PRODUCE_FAILURES,     /* deadletterqueue-produce-failures */
    TM_N_COUNTERS
} task_counter_t;

/* Point-in-time values of a task. */
typedef enum task_gauge {
    TG_SOURCE_RECORD_ACTIVE, /* source-record-active-count */
    TG_SINK_RECORD_ACTIVE,   /* sink-record-active-count */
    TG_SINK_PARTITIONS,      /* partition-count */
    TG_LAST_ERROR_MS,        /* last-error-timestamp (ms since epoch, 0 = never) */
    TG_N_GAUGES
} task_gauge_t;

/* Durations of a task: count, sum and a recent maximum. */
typedef enum task_timer {
    TT_POLL_BATCH,    /* poll-batch-avg/max-time-ms */
    TT_PUT_BATCH,     /* put-batch-avg/max-time-ms */
    TT_OFFSET_COMMIT, /* offset-commit-avg/max-time-ms */
    TT_N_TIMERS
} task_timer_t;

/* The maximum is kept per 30 s window and reported over the current and
 * the previous window, as Kafka's metrics.sample.window.ms=30000 with
 * metrics.num.samples=2 do. Each slot packs (window << 44 | nanoseconds). */
#define METRICS_WINDOW_NS (30ull * 1000000000ull)

typedef struct metrics_timer {
    atomic_uint_least64_t count;
    atomic_uint_least64_t sum_ns;
    atomic_uint_least64_t max_slot[2];
} metrics_timer_t;

typedef struct task_metrics {
    atomic_uint_least64_t counters[TM_N_COUNTERS];
    atomic_int_least64_t gauges[TG_N_GAUGES];
    metrics_timer_t timers[TT_N_TIMERS];
} task_metrics_t;

/* ---- hot path: all accept NULL (an uninstrumented task) ---- */

static inline void task_metrics_add(task_metrics_t *m, task_counter_t c, uint64_t n) {
    if (m) atomic_fetch_add_explicit(&m->counters[c], n, memory_order_relaxed);
}
static inline void task_metrics_set(task_metrics_t *m, task_gauge_t g, int64_t v) {
    if (m) atomic_store_explicit(&m->gauges[g], v, memory_order_relaxed);
}
/* Record one duration of ns nanoseconds. */
void task_metrics_time(task_metrics_t *m, task_timer_t t, uint64_t ns);
/* Monotonic clock in nanoseconds, for measuring durations. */
uint64_t metrics_now_ns(void);

/* The timer primitives with an explicit clock (now_ns monotonic). */
void metrics_timer_record(metrics_timer_t *t, uint64_t ns, uint64_t now_ns);
uint64_t metrics_timer_max(const metrics_timer_t *t, uint64_t now_ns);

/* ---- registry ---- */

/* The set of task `task` of `connector`, created if needed; the caller
 * holds a reference until metrics_task_release. Never NULL. */
task_metrics_t *metrics_task_acquire(const char *connector, int task, metrics_task_kind_t kind);
void metrics_task_release(task_metrics_t *m); /* NULL is fine */
/* Drop every set of the connector from the registry (sets still held by
 * a task are freed when it releases them). */
void metrics_forget_connector(const char *connector);

/* Worker-level startup counters (connector-/task-startup-*-total). */
typedef enum metrics_startup_of {
    METRICS_STARTUP_CONNECTOR,
    METRICS_STARTUP_TASK,
} metrics_startup_of_t;
void metrics_startup_attempt(metrics_startup_of_t what);
void metrics_startup_result(metrics_startup_of_t what, bool ok);

/* ---- snapshots, for rendering ---- */

typedef struct metrics_timer_snapshot {
    uint64_t count, sum_ns, max_ns;
} metrics_timer_snapshot_t;

typedef struct metrics_task_snapshot {
    char *connector;
    int task;
    metrics_task_kind_t kind;
    uint64_t counters[TM_N_COUNTERS];
    int64_t gauges[TG_N_GAUGES];
    metrics_timer_snapshot_t timers[TT_N_TIMERS];
} metrics_task_snapshot_t;

/* Every registered set, sorted by connector name, then task id. */
void metrics_snapshot_tasks(metrics_task_snapshot_t **out, size_t *n);
void metrics_snapshot_free(metrics_task_snapshot_t *s, size_t n);

typedef struct metrics_startup_snapshot {
    uint64_t attempts, successes, failures;
} metrics_startup_snapshot_t;
void metrics_snapshot_startups(metrics_startup_snapshot_t *connectors,
                               metrics_startup_snapshot_t *tasks);

#endif
