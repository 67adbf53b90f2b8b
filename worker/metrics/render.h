/*
 * connectd's metric families in the Prometheus text format: the process,
 * the worker and its connectors (from the herder's status, gathered by the
 * REST handler), and every task's metric set (from the registry).
 * docs/metrics.md lists every family and its Kafka JMX counterpart.
 */
#ifndef CONNECTD_METRICS_RENDER_H
#define CONNECTD_METRICS_RENDER_H

#include <stddef.h>

#include "herder/herder.h"
#include "metrics/metrics.h"
#include "util/buf.h"

/* process_*: memory, CPU, start time, file descriptors, threads (read
 * from /proc/self; families that cannot be read are left out). */
void metrics_render_process(buf_t *b);

/* One connector as the herder sees it. */
typedef struct metrics_connector_view {
    const connector_state_info_t *status; /* required */
    const char *class_name;               /* connector.class, or NULL */
} metrics_connector_view_t;

/* connectd_worker_* and connectd_connector_* / connectd_task_status.
 * worker_id selects what counts as "run in this worker" (NULL: all). */
void metrics_render_worker(buf_t *b, const metrics_connector_view_t *views, size_t n,
                           const char *worker_id);

/* The per-task families of the given snapshots (sorted as
 * metrics_snapshot_tasks returns them). */
void metrics_render_tasks(buf_t *b, const metrics_task_snapshot_t *s, size_t n);

#endif
