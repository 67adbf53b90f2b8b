/*
 * Dead letter queue of a sink connector: failed records go, with their
 * original key, value, headers and timestamp, to
 * errors.deadletterqueue.topic.name, plus Kafka's __connect.errors.*
 * headers when errors.deadletterqueue.context.headers.enable is true.
 */
#ifndef CONNECTD_RUNTIME_DLQ_H
#define CONNECTD_RUNTIME_DLQ_H

#include <connectd/plugin.h>
#include <librdkafka/rdkafka.h>

#include "metrics/metrics.h"

typedef struct dlq dlq_t;

struct task_env;
/* NULL with err[0] == 0 when no DLQ is configured; NULL with err filled when
 * the producer cannot be made. */
dlq_t *dlq_new(const struct task_env *env, const cd_props_t *connector_config,
               const char *connector, int task, char *err, size_t errlen);
/* Queue the failed record; 0 or -1 (queue full after retries). */
int dlq_report(dlq_t *d, const rd_kafka_message_t *msg, const char *stage, const char *class_name,
               const cd_error_t *err);
/* Wait until everything reported is acknowledged. 0, or -1 on failure or
 * timeout: offsets must not be committed past unacknowledged DLQ records. */
int dlq_flush(dlq_t *d, int timeout_ms);
uint64_t dlq_records_total(const dlq_t *d);
/* Count produce requests and failures in m (borrowed; NULL stops). */
void dlq_set_metrics(dlq_t *d, task_metrics_t *m);
void dlq_destroy(dlq_t *d);

#endif
